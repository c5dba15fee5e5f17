"""What a page asks the cache for: small frozen queries, hashable and named.

A page builds one query from its widgets and hands it to
:mod:`bildungsampel.app.cache`; the cache adds what no page chooses (the
published version, the server's base URL). Streamlit hashes a dataclass by its
fields, so two equal queries share one cache entry.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class MapQuery:
    """The map of one indicator, as the map page and its image downloads draw it.

    Attributes
    ----------
    level : str
        Area level id ("stadtteil", "stadtbezirk").
    year : str or None
        Year shown; None for each indicator's latest.
    indicator : str
        Indicator id.
    method : str or None
        Rating method overriding the catalogue's; None keeps the catalogue's.
    lang : str
        UI language of labels, tooltips and legend.
    palette : str
        Palette name (:data:`bildungsampel.present.palettes.PALETTES`).
    selected : str or None
        Area id outlined on the interactive map (``cache.selection``); the map
        itself is cached without it (``cache.choropleth`` drops it).
    """

    level: str
    year: str | None
    indicator: str
    method: str | None = None
    lang: str = "de"
    palette: str = "ampel"
    selected: str | None = None

    def unselected(self) -> MapQuery:
        """Return the query without a selected area (the cached map and the static image)."""
        return dataclasses.replace(self, selected=None)


@dataclass(frozen=True)
class HeatmapQuery:
    """The heatmap matrix: which areas, year and indicators, and how they are ordered.

    Attributes
    ----------
    level : str
        Area level id.
    year : str or None
        Year shown; None for each indicator's latest.
    indicators : tuple of str
        Indicator ids (columns) in catalogue order.
    cluster : bool
        Order rows and columns by hierarchical clustering (else fixed order).
    linkage : str
        Linkage method (:data:`indicators.heatmap.LINKAGES`).
    scale : str
        0..1 scaling (:data:`indicators.heatmap.SCALES`).
    """

    level: str
    year: str | None
    indicators: tuple[str, ...]
    cluster: bool = True
    linkage: str = "average"
    scale: str = "minmax"


@dataclass(frozen=True)
class HeatmapImageQuery:
    """The static heatmap drawing (PNG/PDF): its matrix, language and palette.

    Attributes
    ----------
    matrix : HeatmapQuery
        The matrix drawn (shares its cache entry with the page's chart).
    lang : str
        Language of labels and colour bars.
    palette : str
        Palette name.
    """

    matrix: HeatmapQuery
    lang: str = "de"
    palette: str = "ampel"
