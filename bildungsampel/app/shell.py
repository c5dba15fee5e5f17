"""The frame of every page: set-up, translated menu, sidebar switches and sign-in."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAuthError

from bildungsampel.app.cache import area_names, dataset
from bildungsampel.app.state import init_state, lang, selected_area, settings
from bildungsampel.app.widgets import _translated, choice, show_error
from bildungsampel.present import views
from bildungsampel.present.i18n import languages, t
from bildungsampel.present.palettes import DEFAULT, PALETTES
from bildungsampel.service import assets, auth
from indicators.errors import BildungsampelError


def sidebar() -> None:
    """Render language and palette switches and the current selection."""
    with st.sidebar:
        choice(
            st.radio,
            t("side.language", lang()),
            list(languages()),
            shared="lang",
            default="de",
            format_func=languages().__getitem__,
            horizontal=True,
        )
        choice(
            st.selectbox,
            t("side.palette", lang()),
            list(PALETTES),
            shared="palette",
            default=DEFAULT,
            format_func=_translated("palette"),
        )
        level = str(st.session_state.get("level"))
        if level not in dataset().levels:  # another city published since: its lowest level
            level = dataset().levels.lowest.id
        area = selected_area(level)
        names = area_names(level)
        if area is not None and area in names:
            st.caption(t("side.selected", lang(), name=views.md(names[area])))
        else:
            st.caption(t("side.none_selected", lang()))


#: The pages in menu order: file (relative to dashboard.py), title key, icon.
PAGES: tuple[tuple[str, str, str], ...] = (
    ("dashboard.py", "nav.start", ":material/home:"),
    ("pages/karte.py", "nav.map", ":material/map:"),
    ("pages/heatmap.py", "nav.heatmap", ":material/grid_on:"),
    ("pages/profil.py", "nav.profile", ":material/person_pin_circle:"),
    ("pages/vergleich.py", "nav.compare", ":material/compare_arrows:"),
    ("pages/trends.py", "nav.trends", ":material/trending_up:"),
    ("pages/wechselwirkungen.py", "nav.interactions", ":material/scatter_plot:"),
    ("pages/mittelverteilung.py", "nav.allocation", ":material/account_balance:"),
    ("pages/status_dynamik.py", "nav.status", ":material/grid_view:"),
    ("pages/methodik.py", "nav.methods", ":material/menu_book:"),
)


#: Pages only analysts see in the menu (and that check the role themselves).
ANALYST_PAGES: tuple[tuple[str, str, str], ...] = (
    ("pages/hochladen.py", "nav.upload", ":material/upload_file:"),
)


APP_DIR = Path(__file__).resolve().parents[2]  # the checkout: dashboard.py, static/
#: The app's own CSS: narrow screens (phones, tablets) and sideways-scrolling wide charts.
SCREEN_CSS = Path(__file__).resolve().with_name("screen.css")


def setup(*, allow_empty: bool = False) -> None:
    """Set up a page: config, local Leaflet, shared state, translated menu and switches.

    Every page calls this first. The menu is drawn here (Streamlit's own
    ``pages/`` menu is hidden in ``.streamlit/config.toml``) so that page
    titles follow the UI language. Stops the page with a clear message when the
    settings or the data cannot be loaded.
    """
    st.set_page_config(page_title="Bildungsampel", page_icon="🚦", layout="wide")
    st.html(SCREEN_CSS)  # only a <style>: Streamlit adds it without taking room on the page
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
        st.info(t("empty" if len(dataset().areas()) else "empty.no_areas", lang()))
        st.stop()


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
