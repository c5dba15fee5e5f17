"""Boundaries: reading any format, CRS and encoding, repair, hierarchy, display.

Nothing in this package imports streamlit.
"""

__all__ = [
    "checks",
    "display",
    "hierarchy",
    "io",
    "mapview",
    "markup",
]
