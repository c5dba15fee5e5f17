"""The only cached loaders: the store, the published dataset and everything derived from it.

Cached functions never read widgets; their arguments are plain values or the
frozen queries of :mod:`bildungsampel.app.queries`, which a page builds once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st

from bildungsampel.app import leaflet
from bildungsampel.app.queries import HeatmapImageQuery, HeatmapQuery, MapQuery
from bildungsampel.app.state import settings
from bildungsampel.present import charts, maplayer
from bildungsampel.present.palettes import PALETTES
from bildungsampel.service import assets, datasets, mapgeometry, publishing
from bildungsampel.service import dataset as ds
from bildungsampel.service.settings import Settings, rating_policy
from bildungsampel.service.store import Store
from geodata import mapview
from indicators import catalog_files, heatmap, importer, profile
from indicators.catalog import indicator_to_mapping
from indicators.catalog_entries import indicator_from_mapping
from indicators.errors import BildungsampelError
from indicators.tables import RawTable


def _cache_limits() -> tuple[int, int]:
    try:
        conf = settings()
    except BildungsampelError:  # reported on the page by dashboard.py, not at import
        conf = Settings()
    return conf.cache_ttl, conf.cache_entries


_TTL, _N = _cache_limits()


@st.cache_resource(max_entries=2)
def store() -> Store:
    """Return the configured store: the data directory's file or the database.

    A new store gets the sample city.
    """
    config = settings()
    return publishing.open_store(config.data_dir or None, database_url=config.database_url or None)


@st.cache_resource(max_entries=4)
def _dataset(version: int | None) -> ds.Dataset:
    conf = settings()
    if conf.boundaries:
        return ds.load_dataset(
            conf.boundaries,
            conf.indicators,
            conf.catalog,
            id_column=conf.id_column or None,
            name_column=conf.name_column or None,
            parent_column=conf.parent_column or None,
            city_name=conf.city_name or None,
        )
    return datasets.load(store(), version)


def dataset() -> ds.Dataset:
    """Return the published dataset (cached per version, never mutated).

    The files named in the settings when given (a read-only installation),
    else the published version of the store.
    """
    return _dataset(None if settings().boundaries else store().current_id())


@st.cache_resource(max_entries=_N, ttl=_TTL, show_spinner=False)
def _classified(
    version: int | None,
    level: str,
    year: str | None,
    method: str | None,
    indicators: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    # shared, never mutated (as the dataset): a rerun does not copy 250,000 rows
    return ds.classified(
        _dataset(version),
        level=level,
        year=year,
        method=method,
        policy=rating_policy(settings()),
        indicators=list(indicators) if indicators is not None else None,
    )


def classified(level: str, year: str | None, method: str | None = None) -> pd.DataFrame:
    """Return the ratings of one level and year without reasons (:func:`ds.classified`).

    For pages that count or colour ratings of the whole city (start page,
    heatmap); never mutate it. Reasons come from :func:`ratings`.
    """
    return _classified(version(), level, year, method)


@st.cache_data(max_entries=_N, ttl=_TTL, show_spinner=False)
def _ratings(
    version: int | None,
    level: str,
    year: str | None,
    lang: str,
    method: str | None,
    indicators: tuple[str, ...] | None,
    areas: tuple[str, ...] | None,
) -> pd.DataFrame:
    # the indicators asked for are classified alone: a map does not wait for fifty
    rated = _classified(version, level, year, method, indicators)
    rows = np.ones(len(rated), dtype=bool)
    if indicators is not None:
        rows &= rated["indicator"].isin(indicators).to_numpy()
    if areas is not None:
        rows &= rated["area_id"].isin(areas).to_numpy()
    return ds.explained(
        _dataset(version), rated, lang=lang, policy=rating_policy(settings()), rows=rows
    )


def ratings(
    level: str,
    year: str | None,
    lang: str,
    method: str | None = None,
    *,
    indicators: tuple[str, ...] | None = None,
    areas: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Return the rated table with reasons for one level, year, language and method override.

    Only the rows of ``indicators`` and ``areas`` when given (each None: all):
    a reason is written for what a page shows (the map's indicator, the
    profile's area), the rest of the city is classified once and shared.
    """
    return _ratings(version(), level, year, lang, method, indicators, areas)


def version() -> int | None:
    """Return the published version id (None for settings-named files)."""
    return None if settings().boundaries else store().current_id()


@st.cache_data(max_entries=_N, ttl=_TTL, show_spinner=False)
def _display_areas(version: int | None, level: str, tolerance_m: float) -> gpd.GeoDataFrame:
    own = store() if not settings().boundaries else None
    return mapgeometry.display_areas(own, _dataset(version), level, tolerance_m=tolerance_m)


def choropleth(query: MapQuery) -> tuple[leaflet.PreparedMap, list[str]]:
    """Return the map of one indicator (prepared once, shared) and the area id of each shape.

    The map does not depend on the selected area (``query.selected`` is not
    part of its cache key): :func:`selection` draws that on top. Pass both to
    :func:`bildungsampel.app.leaflet.show`.
    """
    base_url = str(st.get_option("server.baseUrlPath") or "")
    return _choropleth(version(), query.unselected(), base_url)


def selection(query: MapQuery) -> str | None:
    """Return the script drawing the outline of ``query.selected`` (None when it is not shown)."""
    return area_outline(query.level, query.selected)


def area_outline(level: str, area_id: str | None) -> str | None:
    """Return the script drawing the outline of ``area_id`` on a map of ``level`` (or None)."""
    return None if area_id is None else _selection(version(), level, area_id)


@st.cache_data(max_entries=_N, ttl=_TTL, show_spinner=False)
def _selection(version: int | None, level: str, area_id: str) -> str | None:
    areas = _display_areas(version, level, settings().simplify_m)
    area = areas[areas["area_id"] == area_id]
    if area.empty:
        return None
    return leaflet.selection_script(mapview.selection_layer(area))


def _map_frame(version: int | None, query: MapQuery) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Return the display frame of a map query and its rated rows."""
    data = _dataset(version)
    rows = _ratings(
        version, query.level, query.year, query.lang, query.method, (query.indicator,), None
    )
    frame = maplayer.map_frame(
        _display_areas(version, query.level, settings().simplify_m),
        rows,
        data.catalog[query.indicator],
        lang=query.lang,
        palette=PALETTES[query.palette],
    )
    return frame, rows


@st.cache_resource(max_entries=_N, ttl=_TTL, show_spinner=False)
def _choropleth(
    version: int | None, query: MapQuery, base_url: str
) -> tuple[leaflet.PreparedMap, list[str]]:
    data = _dataset(version)
    frame, _rows = _map_frame(version, query)
    parent = data.parent_level(query.level)
    overlay = _display_areas(version, parent, settings().simplify_m) if parent is not None else None
    fmap = mapview.build_map(
        frame, assets=assets.leaflet_assets(base_url), overlay=overlay, tiles=tiles()
    )
    return leaflet.prepare(fmap), frame["area_id"].tolist()


def display_areas(level: str) -> gpd.GeoDataFrame:
    """Return the map geometries of ``level`` (EPSG:4326, simplified as the map page's)."""
    return _display_areas(version(), level, settings().simplify_m)


def painted_map(
    level: str, fills: tuple[str, ...], tips: tuple[str, ...]
) -> tuple[leaflet.PreparedMap, list[str]]:
    """Return the map of ``level`` painted with one colour and escaped tooltip per area.

    ``fills`` and ``tips`` follow the rows of :func:`display_areas` (pages that
    colour areas by something other than a rating: the allocation); cached by them.
    """
    base_url = str(st.get_option("server.baseUrlPath") or "")
    return _painted_map(version(), level, fills, tips, base_url)


@st.cache_resource(max_entries=_N, ttl=_TTL, show_spinner=False)
def _painted_map(
    version: int | None, level: str, fills: tuple[str, ...], tips: tuple[str, ...], base_url: str
) -> tuple[leaflet.PreparedMap, list[str]]:
    areas = _display_areas(version, level, settings().simplify_m)
    frame = areas[["area_id", "geometry"]].assign(
        idx=np.arange(len(areas)), fill=list(fills), tooltip=list(tips)
    )
    parent = _dataset(version).parent_level(level)
    overlay = _display_areas(version, parent, settings().simplify_m) if parent else None
    fmap = mapview.build_map(
        frame, assets=assets.leaflet_assets(base_url), overlay=overlay, tiles=tiles()
    )
    return leaflet.prepare(fmap), frame["area_id"].tolist()


def heatmap_data(query: HeatmapQuery) -> heatmap.HeatmapData:
    """Return the (clustered) heatmap matrix; cells the rating leaves grey are excluded."""
    return _heatmap_data(version(), query)


@st.cache_data(max_entries=_N, ttl=_TTL, show_spinner=False)
def _heatmap_data(version: int | None, query: HeatmapQuery) -> heatmap.HeatmapData:
    data = _dataset(version)
    rated = _classified(version, query.level, query.year, None)
    return heatmap.heatmap_matrix(
        data.obs(query.level),
        data.catalog,
        year=query.year,
        indicators=list(query.indicators),
        cluster=query.cluster,
        method=heatmap.as_linkage(query.linkage),
        exclude=heatmap.not_rated(rated),
        scale=heatmap.as_scale(query.scale),
    )


def heatmap_cells(query: HeatmapQuery, lang: str, palette: str) -> pd.DataFrame:
    """Return the heatmap's cells (:func:`bildungsampel.present.charts.heatmap_long`), cached.

    Building them formats every cell's value (27,000 at 542 areas: seconds), so
    a rerun of the heatmap page (a click on a cell) must not build them again.
    """
    return _heatmap_cells(version(), query, lang, palette)


@st.cache_data(max_entries=_N, ttl=_TTL, show_spinner=False)
def _heatmap_cells(
    version: int | None, query: HeatmapQuery, lang: str, palette: str
) -> pd.DataFrame:
    data = _dataset(version)
    rated = _classified(version, query.level, query.year, None)  # ratings, no reasons
    names = _area_names(version, query.level)
    matrix = _heatmap_data(version, query)
    return charts.heatmap_long(matrix, rated, data.catalog, names, lang, PALETTES[palette])


def city_observations() -> pd.DataFrame:
    """Return the city value of every indicator and period (as the ratings use it)."""
    return _city_observations(version())


@st.cache_data(max_entries=_N, ttl=_TTL, show_spinner=False)
def _city_observations(version: int | None) -> pd.DataFrame:
    data = _dataset(version)
    return data.city_series()


def histories(level: str, area_id: str, up_to: str | None) -> dict[str, list[float]]:
    """Return each indicator's values of one area over time."""
    return _histories(version(), level, area_id, up_to)


@st.cache_data(max_entries=_N, ttl=_TTL, show_spinner=False)
def _histories(
    version: int | None, level: str, area_id: str, up_to: str | None
) -> dict[str, list[float]]:
    return profile.history(_dataset(version).obs(level), area_id, up_to=up_to)


def area_names(level: str) -> dict[str, str]:
    """Return area id → name to show of ``level`` ("Neustadt (12)" where names repeat).

    The one name lookup of pages and widgets
    (:func:`geodata.hierarchy.display_names`), cached per version.
    """
    return _area_names(version(), level)


@st.cache_data(max_entries=_N, ttl=_TTL, show_spinner=False)
def _area_names(version: int | None, level: str) -> dict[str, str]:
    return _dataset(version).display_names(level)


def levels() -> list[str]:
    """Return the ids of the levels that have areas (a parent level only when parents exist)."""
    return dataset().filled_levels()


def parent_level(level: str) -> str | None:
    """Return the id of the level above ``level`` when it has areas (overlays, buttons)."""
    return dataset().parent_level(level)


def tiles() -> mapview.Tiles | None:
    """Return the configured basemap, or None (the default: no tiles, no outside requests)."""
    conf = settings()
    return mapview.Tiles(conf.tile_url, conf.tile_attribution) if conf.tile_url else None


def heatmap_image(query: HeatmapImageQuery) -> Callable[..., bytes]:
    """Return a function making the static heatmap (dendrograms, Bezirk strip): ``f(fmt=...)``.

    For :func:`bildungsampel.app.widgets.downloads`: the image is drawn when
    the user clicks (for thousands of areas that takes seconds), from the
    version shown now, in a figure format of
    :data:`bildungsampel.present.export.FORMATS`.
    """
    return functools.partial(_heatmap_image, version(), query)


@st.cache_data(max_entries=_N, ttl=_TTL, show_spinner=False)
def _heatmap_image(version: int | None, query: HeatmapImageQuery, *, fmt: str) -> bytes:
    data = _dataset(version)
    level = query.matrix.level
    matrix = _heatmap_data(version, query.matrix)
    areas = data.areas(level)
    parents = (
        dict(zip(areas["area_id"], areas["parent_id"], strict=True))
        if data.parent_level(level) is not None and areas["parent_id"].notna().all()
        else None
    )
    from bildungsampel.present import figures  # matplotlib: only when a download is asked for

    fig = figures.heatmap_figure(
        matrix,
        data.catalog,
        names=data.display_names(level),
        parents=parents,
        lang=query.lang,
        palette=PALETTES[query.palette],
    )
    return figures.figure_bytes(fig, fmt)


def map_image(query: MapQuery) -> Callable[..., bytes]:
    """Return a function making the map of one indicator for reports: ``f(fmt=...)``.

    Drawn when the user clicks the download button (see :func:`heatmap_image`);
    the highlighted area is left out.
    """
    return functools.partial(_map_image, version(), query.unselected())


@st.cache_data(max_entries=_N, ttl=_TTL, show_spinner=False)
def _map_image(version: int | None, query: MapQuery, *, fmt: str) -> bytes:
    data = _dataset(version)
    level = query.level
    frame, rows = _map_frame(version, query)
    ind = data.catalog[query.indicator]
    metric = frame.to_crs(data.areas(level).crs)
    parent = data.parent_level(level)
    overlay = data.areas(parent) if parent is not None else None
    period = rows["year"].iloc[0] if len(rows) else (query.year or "")
    from bildungsampel.present import figures  # matplotlib: only when a download is asked for

    fig = figures.map_figure(
        metric,
        frame["fill"].tolist(),
        title=f"{ind.label(query.lang)} · {period}",
        legend=maplayer.legend(ind, PALETTES[query.palette], query.lang),
        overlay=overlay,
        note=f"Bildungsampel · {data.city_name} · {ind.source}",
    )
    return figures.figure_bytes(fig, fmt)


# ---------------------------------------------------------------- the upload wizard
# Keyed by the file's bytes and the analyst's choices: a widget change that does not
# change them reruns the page without reading, checking or drawing the file again.


@st.cache_data(max_entries=8, ttl=_TTL, show_spinner=False)
def upload_table(
    data: bytes, name: str, max_bytes: int, sheet: str | None, version: int | None
) -> tuple[RawTable, importer.ColumnMapping]:
    """Return an uploaded indicator table as read and its detected mapping."""
    raw = importer.read_upload(data, name, max_bytes=max_bytes, sheet=sheet)
    published = _dataset(version)
    areas = importer.known_areas(published.areas())
    return raw, importer.detect_mapping(raw, published.catalog, areas=areas)


@st.cache_data(max_entries=8, ttl=_TTL, show_spinner=False)
def upload_sheets(data: bytes) -> list[str]:
    """Return the sheet names of an uploaded workbook (none for a text table)."""
    return importer.sheet_names(data)


@st.cache_data(max_entries=8, ttl=_TTL, show_spinner=False)
def upload_catalog(data: bytes, name: str, version: int | None) -> list[dict[str, Any]]:
    """Return the entries of an uploaded catalogue file (YAML or CSV), checked.

    Its entries may name published indicators of ``version`` (denominator,
    weight, population), as ``import indicators --catalog`` allows.
    """
    known = _dataset(version).catalog.values()
    entries = catalog_files.entries_from_bytes(data, name, known=known)
    return [indicator_to_mapping(i) for i in entries]


@st.cache_data(max_entries=8, ttl=_TTL, show_spinner=False)
def upload_check(
    version: int | None,
    data: bytes,
    name: str,
    new_entries: list[dict[str, Any]],
    options: importer.ImportOptions,
) -> tuple[importer.Prepared, list[dict[str, Any]]]:
    """Return the check of an upload against published ``version`` (nothing is written)."""
    del version  # part of the key only: after a publication the file is checked again
    return publishing.prepare_indicators(
        store(), data, name, new_entries=new_entries, options=options
    )


@st.cache_data(max_entries=8, ttl=_TTL, show_spinner=False)
def upload_preview(
    version: int | None,
    data: bytes,
    name: str,
    new_entries: list[dict[str, Any]],
    options: importer.ImportOptions,
    lang: str,
    palette: str,
) -> dict[str, Any]:
    """Return the preview of a checked upload: rating tables and maps before and after."""
    from bildungsampel.app import upload  # the wizard's widgets import this module

    prepared, entries = upload_check(version, data, name, new_entries, options)
    current = _dataset(version)
    after = publishing.preview(store(), prepared, entries)
    inds = tuple(sorted(set(prepared.observations["indicator"])))
    before = _published_ratings(version, inds, lang)
    shown = upload.preview_tables(current, after, prepared, lang, rated_before=before)
    ind = after.catalog[sorted(set(prepared.observations["indicator"]))[0]]
    shapes = _preview_shapes(version)
    shown["maps"] = (
        _published_map(version, indicator_to_mapping(ind), lang, palette),
        upload.preview_map(after, ind, lang=lang, palette=PALETTES[palette], shapes=shapes),
    )
    return shown


@st.cache_data(max_entries=8, ttl=_TTL, show_spinner=False)
def _published_ratings(version: int | None, indicators: tuple[str, ...], lang: str) -> pd.DataFrame:
    """Return the published ratings of an upload's indicators (the same for every mapping)."""
    from bildungsampel.app import upload

    return upload.published_ratings(_dataset(version), indicators, lang)


@st.cache_data(max_entries=8, ttl=_TTL, show_spinner=False)
def _published_map(version: int | None, entry: dict[str, Any], lang: str, palette: str) -> bytes:
    """Return the preview's map of the published state (the same for every mapping)."""
    from bildungsampel.app import upload

    data = _dataset(version)
    shapes = _preview_shapes(version)
    return upload.preview_map(
        data, indicator_from_mapping(entry), lang=lang, palette=PALETTES[palette], shapes=shapes
    )


@st.cache_data(max_entries=4, ttl=_TTL, show_spinner=False)
def _preview_shapes(version: int | None) -> gpd.GeoDataFrame:
    """Return the lowest-level areas simplified each on its own, for the small preview maps.

    Cheaper than the shared-border simplification of the map page (no coverage
    cleaning): at the preview's resolution a sliver between areas is invisible.
    """
    areas = _dataset(version).areas()
    return areas.set_geometry(areas.geometry.simplify(settings().simplify_m))
