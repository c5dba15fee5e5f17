"""UI support: cached loaders, shared widgets and session state (the only module
besides the pages that imports streamlit).

Session state holds ids and choices only, initialised with ``setdefault``:
``lang``, ``palette``, ``level``, ``area`` (selected area id per level) and
``year``. Cached functions never read widgets; their arguments are plain values.
"""

from __future__ import annotations

import functools
import pandas as pd
import streamlit as st

from bildungsampel import assets, pipeline, render
from bildungsampel.i18n import LANGUAGES, t
from bildungsampel.palettes import PALETTES, Palette
from bildungsampel.settings import Settings, load_settings
from geodata import display, mapview
from indicators import aggregate, heatmap, profile
from indicators.errors import BildungsampelError
from indicators.periods import period_end_year



@functools.cache
def settings() -> Settings:
    """Return the settings (read once per process)."""
    return load_settings()


def _cache_limits() -> tuple[int, int]:
    try:
        conf = settings()
    except BildungsampelError:  # reported on the page by dashboard.py, not at import
        conf = Settings()
    return conf.cache_ttl, conf.cache_entries


_TTL, _N = _cache_limits()


@st.cache_resource(max_entries=4)
def dataset() -> pipeline.Dataset:
    """Return the dataset (loaded once per server process, never mutated).

    The sample city unless the settings name the municipality's own files.
    """
    conf = settings()
    if not conf.boundaries:
        return pipeline.load_dataset()
    return pipeline.load_dataset(
        conf.boundaries, conf.indicators, conf.catalog, id_column=conf.id_column or None,
        name_column=conf.name_column or None, parent_column=conf.parent_column or None,
        city_name=conf.city_name or None,
    )


@st.cache_data(max_entries=_N, ttl=_TTL, show_spinner=False)
def ratings(level: str, year: str | None, lang: str, method: str | None = None) -> pd.DataFrame:
    """Return the rated table for one level, year, language and method override."""
    return pipeline.rate(dataset(), level=level, year=year, lang=lang, method=method)  # type: ignore[arg-type]


@st.cache_data(max_entries=_N, ttl=_TTL, show_spinner=False)
def display_areas(level: str, tolerance_m: float) -> pd.DataFrame:
    """Return the areas of ``level`` simplified gap-free, in EPSG:4326."""
    return display.simplify_coverage(dataset().areas(level), tolerance_m=tolerance_m)  # type: ignore[arg-type]


@st.cache_data(max_entries=_N, ttl=_TTL, show_spinner=False)
def heatmap_data(level: str, year: str | None, indicators: tuple[str, ...], cluster: bool,
                 linkage: str) -> heatmap.HeatmapData:
    """Return the (clustered) heatmap matrix."""
    data = dataset()
    return heatmap.heatmap_matrix(data.obs(level), data.catalog, year=year,  # type: ignore[arg-type]
                                  indicators=list(indicators), cluster=cluster,
                                  method=linkage)  # type: ignore[arg-type]


@st.cache_data(max_entries=_N, ttl=_TTL, show_spinner=False)
def city_observations() -> pd.DataFrame:
    """Return the city totals of every indicator and period."""
    data = dataset()
    return aggregate.city_totals(data.observations, data.catalog)


@st.cache_data(max_entries=_N, ttl=_TTL, show_spinner=False)
def histories(level: str, area_id: str, up_to: str | None) -> dict[str, list[float]]:
    """Return each indicator's values of one area over time."""
    return profile.history(dataset().obs(level), area_id, up_to=up_to)  # type: ignore[arg-type]


# ---------------------------------------------------------------- session state


def init_state() -> None:
    """Initialise the shared choices (language, palette, level, selection)."""
    conf = settings()
    st.session_state.setdefault("lang", conf.language)
    st.session_state.setdefault("palette", conf.palette)
    st.session_state.setdefault("level", "stadtteil")
    st.session_state.setdefault("area", {})
    st.session_state.setdefault("year", None)
    st.session_state.setdefault("indicator", None)


def lang() -> str:
    """Return the UI language."""
    return str(st.session_state.get("lang", "de"))


def palette() -> Palette:
    """Return the chosen colour palette."""
    return PALETTES[palette_name()]


def selected_area(level: str) -> str | None:
    """Return the selected area id of ``level`` (None when nothing is selected)."""
    value = st.session_state.get("area", {}).get(level)
    return str(value) if value is not None else None


def select_area(level: str, area_id: str | None) -> None:
    """Remember ``area_id`` as the selection of ``level`` (shared by all pages)."""
    chosen = dict(st.session_state.get("area", {}))
    chosen[level] = area_id
    st.session_state["area"] = chosen


def palette_name() -> str:
    """Return the name of the chosen palette."""
    name = str(st.session_state.get("palette", "ampel"))
    return name if name in PALETTES else "ampel"


def sidebar() -> None:
    """Render language and palette switches and the current selection."""
    with st.sidebar:
        _bind("_w_lang", "lang", list(LANGUAGES), "de")
        st.radio(t("side.language", lang()), list(LANGUAGES), key="_w_lang",
                 format_func=LANGUAGES.__getitem__, horizontal=True, on_change=_store,
                 args=("_w_lang", "lang"))
        _bind("_w_palette", "palette", list(PALETTES), "ampel")
        st.selectbox(t("side.palette", lang()), list(PALETTES), key="_w_palette",
                     format_func=lambda p: t(f"palette.{p}", lang()), on_change=_store,
                     args=("_w_palette", "palette"))
        level = str(st.session_state.get("level", "stadtteil"))
        area = selected_area(level)
        names = area_names(level)
        if area is not None and area in names:
            st.caption(t("side.selected", lang(), name=names[area]))
        else:
            st.caption(t("side.none_selected", lang()))


# ---------------------------------------------------------------- shared widgets


def area_names(level: str) -> dict[str, str]:
    """Return area id → name of ``level``."""
    areas = dataset().areas(level)  # type: ignore[arg-type]
    return dict(zip(areas["area_id"], areas["area_name"].astype(str), strict=True))


def levels() -> list[str]:
    """Return the levels the dataset has (Stadtbezirk only when parents exist)."""
    return [lv for lv in pipeline.LEVELS if len(dataset().areas(lv))]  # type: ignore[arg-type]


def _bind(widget: str, shared: str, options: list[str], default: str) -> None:
    """Put the shared choice into the widget's state before it is drawn.

    The widget writes back through :func:`_store` (an ``on_change`` callback,
    which runs before the rerun), so a page always shows the shared choice and a
    user's change is never overwritten.
    """
    value = st.session_state.get(shared)
    st.session_state[widget] = value if value in options else default


def _store(widget: str, shared: str) -> None:
    st.session_state[shared] = st.session_state[widget]


def level_picker(*, key: str = "level") -> str:
    """Render the level switch bound to the shared ``level`` choice."""
    options = levels()
    widget = f"_w_{key}"
    _bind(widget, "level", options, options[0])
    _store(widget, "level")
    st.radio(t("level", lang()), options, key=widget, horizontal=True,
             format_func=lambda lv: t(f"level.{lv}", lang()), on_change=_store,
             args=(widget, "level"))
    return str(st.session_state["level"])


def year_options() -> list[str]:
    """Return the selectable years (end years of calendar and school years), newest first."""
    years = {period_end_year(p) for p in dataset().periods()}
    return [str(y) for y in sorted(years, reverse=True)]


def year_picker(*, key: str) -> str:
    """Render a year select box (newest first) bound to the shared ``year`` choice."""
    options = year_options()
    widget = f"_w_{key}"
    _bind(widget, "year", options, options[0])
    _store(widget, "year")
    st.selectbox(t("w.year", lang()), options, key=widget, help=t("w.year_help", lang()),
                 on_change=_store, args=(widget, "year"))
    return str(st.session_state["year"])


def indicator_picker(*, key: str) -> str:
    """Render an indicator select box (label shown, id returned), shared across pages."""
    catalog = dataset().catalog
    options = list(catalog)
    widget = f"_w_{key}"
    _bind(widget, "indicator", options, options[0])
    _store(widget, "indicator")
    st.selectbox(t("w.indicator", lang()), options, key=widget,
                 format_func=lambda i: catalog[i].label(lang()), on_change=_store,
                 args=(widget, "indicator"))
    return str(st.session_state["indicator"])


def _store_area(widget: str, level: str) -> None:
    select_area(level, st.session_state[widget])


def area_picker(level: str, *, key: str) -> str:
    """Render an area select box bound to the shared selection of ``level``."""
    names = area_names(level)
    options = sorted(names, key=lambda a: names[a].casefold())
    widget = f"_w_{key}_{level}"
    current = selected_area(level)
    st.session_state[widget] = current if current in options else options[0]
    select_area(level, st.session_state[widget])
    st.selectbox(t("w.area", lang()), options, key=widget, format_func=names.__getitem__,
                 on_change=_store_area, args=(widget, level))
    return str(st.session_state[widget])


def goto_profile(level: str, area_id: str) -> None:
    """Select ``area_id`` and switch to the profile page."""
    select_area(level, area_id)
    st.session_state["level"] = level
    st.switch_page("pages/profil.py")


def show_error(error: Exception) -> None:
    """Show a translated error message (never a traceback)."""
    text = error.text(lang()) if hasattr(error, "text") else str(error)
    st.error(text)


def map_assets() -> mapview.MapAssets:
    """Return the local Leaflet URLs for this server (respecting ``server.baseUrlPath``)."""
    return assets.leaflet_assets(str(st.get_option("server.baseUrlPath") or ""))


def tiles() -> mapview.Tiles | None:
    """Return the configured basemap, or None (the default: no tiles, no outside requests)."""
    conf = settings()
    return mapview.Tiles(conf.tile_url, conf.tile_attribution) if conf.tile_url else None


@st.cache_data(max_entries=_N, ttl=_TTL, show_spinner=False)
def heatmap_image(level: str, year: str | None, indicators: tuple[str, ...], cluster: bool,
                  linkage: str, lang: str, palette_name: str, fmt: str) -> bytes:
    """Return the static heatmap (dendrograms, Bezirk strip) as PNG or PDF bytes."""
    data = dataset()
    matrix = heatmap_data(level, year, indicators, cluster, linkage)
    areas = data.areas(level)  # type: ignore[arg-type]
    names = dict(zip(areas["area_id"], areas["area_name"].astype(str), strict=True))
    parents = (dict(zip(areas["area_id"], areas["parent_id"], strict=True))
               if level == "stadtteil" and areas["parent_id"].notna().all() else None)
    fig = render.heatmap_figure(matrix, data.catalog, names=names, parents=parents, lang=lang,
                                colours=PALETTES[palette_name].continuous)
    return render.figure_bytes(fig, fmt)


def page_guard(page: str) -> None:
    """Make sure a page runs inside the app set-up of ``dashboard.py``.

    Streamlit runs the very first deep link of a fresh server (``/heatmap``)
    in its legacy ``pages/`` mode, without the entrypoint's navigation,
    language and palette. Such a run hands over to the entrypoint, which
    sets everything up and switches back to ``page``.
    """
    if not st.session_state.get("_routed"):
        st.session_state["_goto"] = page
        st.switch_page("dashboard.py")


def mark_routed() -> str | None:
    """Record that the entrypoint ran; return a page a deep link still waits for."""
    st.session_state["_routed"] = True
    return st.session_state.pop("_goto", None)
