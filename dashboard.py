"""Bildungsampel: app set-up and navigation (the start page is pages/start.py).

Run with ``streamlit run dashboard.py``. Sets the page config, the shared
choices (language, palette, selected area), serves Leaflet locally and builds
the translated page list.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from bildungsampel import assets, ui
from bildungsampel.i18n import t
from indicators.errors import BildungsampelError

st.set_page_config(page_title="Bildungsampel", page_icon="🚦", layout="wide")
assets.ensure_leaflet(Path(__file__).resolve().parent / "static")
try:
    ui.init_state()
    ui.dataset()
except (BildungsampelError, OSError) as error:
    ui.show_error(error)
    st.stop()
lang = ui.lang()

PAGES = [
    ("pages/start.py", "nav.start", ":material/home:", True),
    ("pages/karte.py", "nav.map", ":material/map:", False),
    ("pages/heatmap.py", "nav.heatmap", ":material/grid_on:", False),
    ("pages/profil.py", "nav.profile", ":material/person_pin_circle:", False),
    ("pages/vergleich.py", "nav.compare", ":material/compare_arrows:", False),
    ("pages/trends.py", "nav.trends", ":material/trending_up:", False),
    ("pages/methodik.py", "nav.methods", ":material/menu_book:", False),
]
page = st.navigation(
    [st.Page(path, title=t(key, lang), icon=icon, default=default)
     for path, key, icon, default in PAGES]
)
pending = ui.mark_routed()
if pending is not None:  # a deep link that arrived before the navigation existed
    st.switch_page(pending)
ui.sidebar()
page.run()
