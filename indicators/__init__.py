"""Pure domain logic of Bildungsampel: catalogue, observations, classifiers, heatmap.

Nothing in this package imports streamlit; the CLI and the dashboard call the
same functions.
"""

__all__ = [
    "aggregate",
    "catalog",
    "classify",
    "errors",
    "explain",
    "heatmap",
    "importer",
    "matching",
    "numbers",
    "observations",
    "periods",
    "profile",
    "stats",
    "tables",
]
