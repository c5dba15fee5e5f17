"""Pure domain logic of Bildungsampel: catalogue, observations, classifiers, heatmap.

Nothing in this package imports streamlit; the CLI and the dashboard call the
same functions.
"""

__all__ = [
    "aggregate",
    "catalog",
    "catalog_entries",
    "catalog_files",
    "catalog_schema",
    "city",
    "classify",
    "explain",
    "grid",
    "heatmap",
    "methods",
    "numbers",
    "observations",
    "policy",
    "results",
    "trend",
    "wording",
]
