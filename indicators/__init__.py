"""Pure domain logic of Bildungsampel: catalogue, observations, classifiers, heatmap.

Nothing in this package imports streamlit; the CLI and the dashboard call the
same functions.
"""

__all__ = ["aggregate", "catalog", "classify", "heatmap", "i18n", "numbers", "observations"]
