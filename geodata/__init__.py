"""Boundaries: reading any format, CRS and encoding, repair, hierarchy, display.

Nothing in this package imports streamlit.
"""

__all__ = [
    "checks",
    "columns",
    "coverage",
    "crs",
    "display",
    "errors",
    "hierarchy",
    "io",
    "keytable",
    "layers",
    "maptips",
    "mapview",
    "markup",
    "messages",
    "read_messages",
    "repair",
]
