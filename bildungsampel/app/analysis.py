"""Cached loaders of the analysis pages (status × dynamics), next to :mod:`bildungsampel.app.cache`.

The same rules as there: keyed by the published version, shared results are
never mutated; the map is prepared once per version and query
(``st.cache_resource``), its selection drawn on top by
:func:`bildungsampel.app.cache.selection`.
"""

from __future__ import annotations

import streamlit as st

from bildungsampel.app import cache, leaflet
from bildungsampel.present import statusview
from bildungsampel.service import assets
from geodata import mapview
from indicators import status_dynamics

_N, _TTL = 16, 3600


def status_matrix(
    level: str, year: str | None, status: str, dynamics: str, lang: str
) -> status_dynamics.StatusDynamics:
    """Return the status × dynamics matrix of one level and period."""
    return _status_matrix(cache.version(), level, year, status, dynamics, lang)


@st.cache_data(max_entries=_N, ttl=_TTL, show_spinner=False)
def _status_matrix(
    version: int | None, level: str, year: str | None, status: str, dynamics: str, lang: str
) -> status_dynamics.StatusDynamics:
    # the cache's own loaders of this version (shared, never mutated)
    data = cache._dataset(version)
    rated = cache._classified(version, level, year, None)
    return status_dynamics.matrix(rated, data.catalog[status], data.catalog[dynamics], lang=lang)


def status_map(
    level: str, year: str | None, status: str, dynamics: str, lang: str
) -> tuple[leaflet.PreparedMap, list[str]]:
    """Return the bivariate map (prepared once, shared) and the area id of each shape."""
    base_url = str(st.get_option("server.baseUrlPath") or "")
    return _status_map(cache.version(), level, year, status, dynamics, lang, base_url)


@st.cache_resource(max_entries=_N, ttl=_TTL, show_spinner=False)
def _status_map(
    version: int | None,
    level: str,
    year: str | None,
    status: str,
    dynamics: str,
    lang: str,
    base_url: str,
) -> tuple[leaflet.PreparedMap, list[str]]:
    data = cache._dataset(version)
    sd = _status_matrix(version, level, year, status, dynamics, lang)
    frame = statusview.map_frame(
        cache.display_areas(level), sd, data.catalog[status], data.catalog[dynamics], lang=lang
    )
    parent = data.parent_level(level)
    overlay = cache.display_areas(parent) if parent is not None else None
    fmap = mapview.build_map(
        frame, assets=assets.leaflet_assets(base_url), overlay=overlay, tiles=cache.tiles()
    )
    return leaflet.prepare(fmap), frame["area_id"].tolist()
