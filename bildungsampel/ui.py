"""UI support: cached loaders, shared widgets and session state.

The only module besides the pages that imports streamlit.

Session state holds ids and choices only, initialised with ``setdefault``:
``lang``, ``palette``, ``level``, ``area`` (selected area id per level) and
``year``. Cached functions never read widgets; their arguments are plain values.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAuthError
from streamlit_folium import generate_leaflet_string

from bildungsampel import assets, auth, exports, pipeline, render, views
from bildungsampel.i18n import LANGUAGES, t
from bildungsampel.palettes import PALETTES, Palette
from bildungsampel.settings import Settings, load_settings, rating_policy
from bildungsampel.store import Store
from geodata import display, mapview
from indicators import heatmap, profile
from indicators.errors import BildungsampelError


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


@st.cache_resource(max_entries=2)
def store() -> Store:
    """Return the store of the configured data directory (created with the sample city)."""
    return pipeline.open_store(settings().data_dir or None)


@st.cache_resource(max_entries=4)
def _dataset(version: int | None) -> pipeline.Dataset:
    conf = settings()
    if conf.boundaries:
        return pipeline.load_dataset(
            conf.boundaries,
            conf.indicators,
            conf.catalog,
            id_column=conf.id_column or None,
            name_column=conf.name_column or None,
            parent_column=conf.parent_column or None,
            city_name=conf.city_name or None,
        )
    return pipeline.from_store(store(), version)


def dataset() -> pipeline.Dataset:
    """Return the published dataset (cached per version, never mutated).

    The files named in the settings when given (a read-only installation),
    else the published version of the store.
    """
    return _dataset(None if settings().boundaries else store().current_id())


@st.cache_data(max_entries=_N, ttl=_TTL, show_spinner=False)
def _ratings(
    version: int | None, level: str, year: str | None, lang: str, method: str | None
) -> pd.DataFrame:
    return pipeline.rate(
        _dataset(version),
        level=level,
        year=year,
        lang=lang,  # type: ignore[arg-type]
        method=method,
        policy=rating_policy(settings()),
    )


def ratings(level: str, year: str | None, lang: str, method: str | None = None) -> pd.DataFrame:
    """Return the rated table for one level, year, language and method override."""
    return _ratings(version(), level, year, lang, method)


def version() -> int | None:
    """Return the published version id (None for settings-named files)."""
    return None if settings().boundaries else store().current_id()


@st.cache_data(max_entries=_N, ttl=_TTL, show_spinner=False)
def _display_areas(version: int | None, level: str, tolerance_m: float) -> pd.DataFrame:
    return display.simplify_coverage(_dataset(version).areas(level), tolerance_m=tolerance_m)  # type: ignore[arg-type]


def choropleth(
    level: str, year: str | None, indicator: str, method: str | None, selected: str | None
) -> tuple[Any, list[str]]:
    """Return the map of one indicator (rendered once, shared) and the area id of each shape.

    Pass it to ``st_folium(..., render=False)``: the map is cached with its
    HTML, so a rerun with the same choices does not serialise thousands of
    shapes again.
    """
    return _choropleth(
        version(),
        level,
        year,
        indicator,
        method,
        lang(),
        palette_name(),
        selected,
        str(st.get_option("server.baseUrlPath") or ""),
    )


@st.cache_resource(max_entries=_N, ttl=_TTL, show_spinner=False)
def _choropleth(
    version: int | None,
    level: str,
    year: str | None,
    indicator: str,
    method: str | None,
    lang: str,
    palette_name: str,
    selected: str | None,
    base_url: str,
) -> tuple[Any, list[str]]:
    data = _dataset(version)
    rated = _ratings(version, level, year, lang, method)
    simplify_m = settings().simplify_m
    frame = views.map_frame(
        _display_areas(version, level, simplify_m),
        rated[rated["indicator"] == indicator],
        data.catalog[indicator],
        lang=lang,
        palette=PALETTES[palette_name],
    )
    overlay = (
        _display_areas(version, "stadtbezirk", simplify_m)
        if level == "stadtteil" and len(data.areas("stadtbezirk"))
        else None
    )
    ids = frame["area_id"].tolist()
    fmap = mapview.build_map(
        frame,
        assets=assets.leaflet_assets(base_url),
        overlay=overlay,
        selected=ids.index(selected) if selected in ids else None,
        tiles=tiles(),
    )
    # streamlit-folium renames the map's elements to fixed ids the first time it draws a
    # map; do that before rendering, so that every later (shared) use of this object gives
    # the same HTML as the first one
    generate_leaflet_string(fmap)
    fmap.get_root().render()
    return fmap, ids


def heatmap_data(
    level: str,
    year: str | None,
    indicators: tuple[str, ...],
    cluster: bool,
    linkage: str,
    scale: str = "minmax",
) -> heatmap.HeatmapData:
    """Return the (clustered) heatmap matrix; cells the rating leaves grey are excluded."""
    return _heatmap_data(version(), level, year, indicators, cluster, linkage, scale)


@st.cache_data(max_entries=_N, ttl=_TTL, show_spinner=False)
def _heatmap_data(
    version: int | None,
    level: str,
    year: str | None,
    indicators: tuple[str, ...],
    cluster: bool,
    linkage: str,
    scale: str = "minmax",
) -> heatmap.HeatmapData:
    data = _dataset(version)
    # the rating column does not depend on the language: the default one shares the cache
    rated = _ratings(version, level, year, "de", None)
    return heatmap.heatmap_matrix(
        data.obs(level),
        data.catalog,
        year=year,  # type: ignore[arg-type]
        indicators=list(indicators),
        cluster=cluster,
        method=linkage,  # type: ignore[arg-type]
        exclude=heatmap.not_rated(rated),
        scale=scale,  # type: ignore[arg-type]
    )


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
    return profile.history(_dataset(version).obs(level), area_id, up_to=up_to)  # type: ignore[arg-type]


# ---------------------------------------------------------------- session state


def init_state() -> None:
    """Initialise the shared choices (language, palette, level, selection)."""
    conf = settings()
    st.session_state.setdefault("lang", conf.language)
    st.session_state.setdefault("palette", conf.palette)
    st.session_state.setdefault("level", "stadtteil")
    st.session_state.setdefault("area", {})
    st.session_state.setdefault("year", "latest")
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


def set_level(level: str) -> None:
    """Switch the shared level choice (for buttons such as "show the districts")."""
    st.session_state["level"] = level


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
        choice(
            st.radio,
            t("side.language", lang()),
            list(LANGUAGES),
            shared="lang",
            default="de",
            format_func=LANGUAGES.__getitem__,
            horizontal=True,
        )
        choice(
            st.selectbox,
            t("side.palette", lang()),
            list(PALETTES),
            shared="palette",
            default="ampel",
            format_func=_translated("palette"),
        )
        level = str(st.session_state.get("level", "stadtteil"))
        area = selected_area(level)
        names = area_names(level)
        if area is not None and area in names:
            st.caption(t("side.selected", lang(), name=views.md(names[area])))
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


def _valid(value: object, options: Sequence[object]) -> bool:
    if isinstance(value, list):
        return all(v in options for v in value)
    return value in options


def _bind(widget: str, shared: str, options: Sequence[object], default: object) -> None:
    """Put the shared choice into the widget's state before it is drawn.

    The widget writes back through :func:`_store` (an ``on_change`` callback,
    which runs before the rerun), so a page always shows the shared choice and a
    user's change is never overwritten.
    """
    value = st.session_state.get(shared)
    st.session_state[widget] = value if _valid(value, options) else default


def _store(widget: str, shared: str) -> None:
    st.session_state[shared] = st.session_state[widget]


def _translated(prefix: str) -> Callable[[str], str]:
    """Return a label function fixed to the current language (AppTest calls it later)."""
    current = lang()
    return lambda value: t(f"{prefix}.{value}", current)


def choice(
    widget: Callable[..., Any],
    label: str,
    options: Sequence[Any],
    *,
    shared: str,
    default: Any,
    format_func: Callable[[Any], str] = str,
    **kwargs: Any,
) -> Any:
    """Draw a selection widget whose value lives in ``st.session_state[shared]``.

    The widget's own key carries the language (``_w_<shared>_<lang>``): its
    labels change with the language, so it is a new widget then, started from
    the shared value. The value survives page switches and language changes.
    """
    key = f"_w_{shared}_{lang()}"
    _bind(key, shared, options, default)
    _store(key, shared)
    widget(
        label,
        options,
        key=key,
        format_func=format_func,
        on_change=_store,
        args=(key, shared),
        **kwargs,
    )
    return st.session_state[shared]


def level_picker() -> str:
    """Render the level switch bound to the shared ``level`` choice."""
    options = levels()
    return str(
        choice(
            st.radio,
            t("level", lang()),
            options,
            shared="level",
            default=options[0],
            horizontal=True,
            format_func=_translated("level"),
        )
    )


def year_options(indicator: str | None = None) -> list[str]:
    """Return the selectable years, newest first (end years of calendar and school years).

    All years of the dataset, or those of one ``indicator``.
    """
    return views.year_list(dataset().observations, indicator)


def year_picker(indicator: str | None = None) -> str | None:
    """Render a year select box bound to the shared ``year`` choice; None means "latest".

    The first option, "latest", rates every indicator in its own latest period
    (the start page rule; README, "Which year a page shows"). With ``indicator`` (the map, the trend
    table) the options are that indicator's years, so the map follows the
    chosen indicator; a shared year the indicator does not have falls back to
    its latest.
    """
    years = year_options(indicator)
    latest = years[0] if indicator is not None and years else None
    current = lang()
    chosen = choice(
        st.selectbox,
        t("w.year", current),
        ["latest", *years],
        shared="year",
        default="latest",
        format_func=lambda y: views.year_choice_label(y, current, latest=latest),
        help=t("w.year_help", current),
    )
    return None if chosen == "latest" else str(chosen)


def indicator_picker() -> str:
    """Render an indicator select box (label shown, id returned), shared across pages."""
    catalog = dataset().catalog
    options = list(catalog)
    current = lang()
    return str(
        choice(
            st.selectbox,
            t("w.indicator", current),
            options,
            shared="indicator",
            default=options[0],
            format_func=lambda i: catalog[i].label(current),
        )
    )


def _store_area(widget: str, level: str) -> None:
    select_area(level, st.session_state[widget])


def area_picker(level: str) -> str:
    """Render an area select box bound to the shared selection of ``level``."""
    names = area_names(level)
    options = sorted(names, key=lambda a: names[a].casefold())
    widget = f"_w_area_{level}_{lang()}"
    current = selected_area(level)
    st.session_state[widget] = current if current in options else options[0]
    select_area(level, st.session_state[widget])
    st.selectbox(
        t("w.area", lang()),
        options,
        key=widget,
        format_func=names.__getitem__,
        on_change=_store_area,
        args=(widget, level),
    )
    return str(st.session_state[widget])


def goto_profile(level: str, area_id: str) -> None:
    """Select ``area_id`` and switch to the profile page."""
    select_area(level, area_id)
    st.session_state["level"] = level
    st.switch_page("pages/profil.py")


def download(
    where: Any,
    fmt: str,
    stem: str,
    make: Callable[..., bytes],
    *args: Any,
    label: str | None = None,
    key: str | None = None,
    **options: Any,
) -> None:
    """Show a download button for ``make(*args, fmt=fmt, **options)``, run on click.

    ``where`` is ``st`` or a column; the label defaults to "download.<fmt>" and
    MIME type and suffix come from :data:`bildungsampel.exports.FORMATS`.
    Making the file on click keeps reruns fast for thousands of areas, and the
    file's "generated at" is the moment of the click.
    """
    where.download_button(
        label or t(f"download.{fmt}", lang()),
        functools.partial(make, *args, fmt=fmt, **options),
        key=key,
        **exports.file_args(fmt, stem),
    )


def show_error(error: Exception) -> None:
    """Show a translated error message (never a traceback)."""
    text = error.text(lang()) if hasattr(error, "text") else str(error)
    st.error(views.md(text))  # messages carry file names and values from data


def tiles() -> mapview.Tiles | None:
    """Return the configured basemap, or None (the default: no tiles, no outside requests)."""
    conf = settings()
    return mapview.Tiles(conf.tile_url, conf.tile_attribution) if conf.tile_url else None


def heatmap_image(
    level: str,
    year: str | None,
    indicators: tuple[str, ...],
    cluster: bool,
    linkage: str,
    lang: str,
    palette_name: str,
    fmt: str,
    scale: str = "minmax",
) -> Callable[[], bytes]:
    """Return a function making the static heatmap (dendrograms, Bezirk strip) as PNG or PDF.

    For ``st.download_button(data=...)``: the image is drawn when the user
    clicks (for thousands of areas that takes seconds), from the version shown now.
    """
    return functools.partial(
        _heatmap_image,
        version(),
        level,
        year,
        indicators,
        cluster,
        linkage,
        lang,
        palette_name,
        fmt,
        scale,
    )


@st.cache_data(max_entries=_N, ttl=_TTL, show_spinner=False)
def _heatmap_image(
    version: int | None,
    level: str,
    year: str | None,
    indicators: tuple[str, ...],
    cluster: bool,
    linkage: str,
    lang: str,
    palette_name: str,
    fmt: str,
    scale: str = "minmax",
) -> bytes:
    data = _dataset(version)
    matrix = _heatmap_data(version, level, year, indicators, cluster, linkage, scale)
    areas = data.areas(level)  # type: ignore[arg-type]
    names = dict(zip(areas["area_id"], areas["area_name"].astype(str), strict=True))
    parents = (
        dict(zip(areas["area_id"], areas["parent_id"], strict=True))
        if level == "stadtteil" and areas["parent_id"].notna().all()
        else None
    )
    fig = render.heatmap_figure(
        matrix,
        data.catalog,
        names=names,
        parents=parents,
        lang=lang,
        palette=PALETTES[palette_name],
    )
    return render.figure_bytes(fig, fmt)


#: The pages in menu order: file (relative to dashboard.py), title key, icon.
PAGES: tuple[tuple[str, str, str], ...] = (
    ("dashboard.py", "nav.start", ":material/home:"),
    ("pages/karte.py", "nav.map", ":material/map:"),
    ("pages/heatmap.py", "nav.heatmap", ":material/grid_on:"),
    ("pages/profil.py", "nav.profile", ":material/person_pin_circle:"),
    ("pages/vergleich.py", "nav.compare", ":material/compare_arrows:"),
    ("pages/trends.py", "nav.trends", ":material/trending_up:"),
    ("pages/methodik.py", "nav.methods", ":material/menu_book:"),
)
#: Pages only analysts see in the menu (and that check the role themselves).
ANALYST_PAGES: tuple[tuple[str, str, str], ...] = (
    ("pages/hochladen.py", "nav.upload", ":material/upload_file:"),
)
APP_DIR = Path(__file__).resolve().parents[1]


def setup(*, allow_empty: bool = False) -> None:
    """Set up a page: config, local Leaflet, shared state, translated menu and switches.

    Every page calls this first. The menu is drawn here (Streamlit's own
    ``pages/`` menu is hidden in ``.streamlit/config.toml``) so that page
    titles follow the UI language. Stops the page with a clear message when the
    settings or the data cannot be loaded.
    """
    st.set_page_config(page_title="Bildungsampel", page_icon="🚦", layout="wide")
    assets.ensure_leaflet(APP_DIR / "static")
    try:
        init_state()  # reads the settings: an invalid one is a message, not a traceback
        dataset()
    except (BildungsampelError, OSError) as error:
        show_error(error)
        st.stop()
    who = user()
    with st.sidebar:
        for path, key, icon in PAGES + (ANALYST_PAGES if who.can_write else ()):
            st.page_link(path, label=t(key, lang()), icon=icon)
        st.divider()
    sidebar()
    account(who)
    if not allow_empty and dataset().observations.empty:
        st.info(t("empty", lang()))
        st.stop()


def map_image(
    level: str,
    year: str | None,
    indicator: str,
    method: str | None,
    lang: str,
    palette_name: str,
    fmt: str,
) -> Callable[[], bytes]:
    """Return a function making the map of one indicator as a PNG or PDF for reports.

    Drawn when the user clicks the download button (see :func:`heatmap_image`).
    """
    return functools.partial(
        _map_image, version(), level, year, indicator, method, lang, palette_name, fmt
    )


@st.cache_data(max_entries=_N, ttl=_TTL, show_spinner=False)
def _map_image(
    version: int | None,
    level: str,
    year: str | None,
    indicator: str,
    method: str | None,
    lang: str,
    palette_name: str,
    fmt: str,
) -> bytes:
    data = _dataset(version)
    palette = PALETTES[palette_name]
    rated = _ratings(version, level, year, lang, method)
    rows = rated[rated["indicator"] == indicator]
    ind = data.catalog[indicator]
    frame = views.map_frame(
        _display_areas(version, level, settings().simplify_m), rows, ind, lang=lang, palette=palette
    )
    metric = frame.to_crs(data.areas(level).crs)  # type: ignore[arg-type]
    overlay = data.areas("stadtbezirk") if level == "stadtteil" else None
    period = rows["year"].iloc[0] if len(rows) else (year or "")
    fig = render.map_figure(
        metric,
        frame["fill"].tolist(),
        title=f"{ind.label(lang)} · {period}",
        legend=views.legend(ind, palette, lang),
        overlay=overlay,
        note=f"Bildungsampel · {data.city_name} · {ind.source}",
    )
    return render.figure_bytes(fig, fmt)


def user() -> auth.User:
    """Return the user of this session (OIDC login, trusted header or local analyst)."""
    try:
        oidc = st.user.to_dict() if settings().auth == "oidc" else None
    except Exception:  # st.user needs a configured auth section; read-only without
        oidc = None
    headers = dict(st.context.headers) if settings().auth == "header" else None
    return auth.resolve_user(settings(), oidc=oidc, headers=headers)


def account(who: auth.User) -> None:
    """Show who is signed in (and a sign-in button when OIDC is configured)."""
    with st.sidebar:
        if who.name:
            st.caption(
                t("side.user", lang(), name=views.md(who.name), role=t(f"role.{who.role}", lang()))
            )
        else:
            st.caption(t("side.readonly", lang()))
        if settings().auth == "oidc":
            if who.source == "oidc":
                st.button(t("side.logout", lang()), on_click=st.logout, key="logout")
            elif (problem := auth.oidc_problem(auth.authlib_version())) is not None:
                show_error(problem)  # instead of StreamlitMissingAuthlibError on "Anmelden"
            else:
                failed = st.session_state.pop("_login_error", None)
                if failed:
                    st.error(views.md(failed))
                st.button(t("side.login", lang()), on_click=_login, key="login")


def _login() -> None:
    """Start the OIDC login; a missing ``[auth]`` section becomes a message, not a traceback."""
    try:
        st.login()
    except StreamlitAuthError as error:
        st.session_state["_login_error"] = str(error)


def require_analyst() -> auth.User:
    """Stop the page with a message unless the user is an analyst; return the user."""
    who = user()
    if not who.can_write:
        st.warning(t("up.readonly", lang()))
        st.stop()
    return who
