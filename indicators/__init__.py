"""Pure domain logic of Bildungsampel: catalogue, observations, classifiers, heatmap.

Nothing in this package imports streamlit; the CLI and the dashboard call the
same functions.
"""

__all__ = [
    "aggregate",
    "allocation",
    "allocation_input",
    "allocation_messages",
    "catalog",
    "catalog_composite",
    "catalog_entries",
    "catalog_files",
    "catalog_messages",
    "catalog_schema",
    "city",
    "classify",
    "composite",
    "correlation",
    "domain_messages",
    "errors",
    "explain",
    "grid",
    "heatmap",
    "importer",
    "matching",
    "messages",
    "methods",
    "numbers",
    "observations",
    "periods",
    "policy",
    "profile",
    "results",
    "stats",
    "status_dynamics",
    "tables",
    "trend",
    "wording",
]
