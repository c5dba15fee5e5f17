"""The minimal peer page: Streamlit + ``GeoDataFrame.explore`` via ``st_folium``.

What an analyst would write without Bildungsampel: read the areas and the
values once (``st.cache_data``), pick an indicator and a year, colour the
areas with ``gdf.explore(column="value", scheme="quantiles", k=3)`` and hand
the map to ``streamlit_folium.st_folium``. A click reruns the page with the
clicked area drawn as an extra layer (black, weight 4 — the same style our
map gives the selected area, so one detector serves both) and its name as
a heading.

Same input as ours: :func:`prepare` takes the display coverage from the
published store exactly as the dashboard does (``Dataset.areas`` of the
lowest level, ``geodata.display.simplify_coverage`` with the configured
tolerance), and the completed values (rates from counts).

Offline: folium's CDN files are rewritten to files served by Streamlit's
static folder. Leaflet and jQuery are real local copies (XStatic-Leaflet,
Debian's libjs-jquery); Bootstrap, Font Awesome and the awesome-markers
plugin are not installed on this machine and are served as empty files
(a choropleth does not use them, but a real deployment would send their
≈ 0.4 MB once per cold browser cache). ``legend=False``: the legend needs d3
from a CDN; our page draws its legend in Streamlit instead.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The style of the selected area in both pages (``geodata.mapview._style``).
SELECTED_STYLE = {"color": "#000000", "weight": 4, "fill": False}
DATA_ENV = "BENCH_PEER_DATA"
JQUERY = Path("/usr/share/javascript/jquery/jquery.min.js")
#: folium's asset names → file below ``static/`` (None: not available offline, empty file).
LOCAL_JS = {
    "leaflet": "leaflet/leaflet.js",
    "jquery": "jquery.min.js",
    "bootstrap": None,
    "awesome_markers": None,
}
CONFIG = """[browser]
gatherUsageStats = false
[server]
address = "127.0.0.1"
headless = true
enableStaticServing = true
runOnSave = false
enableWebsocketCompression = true
[client]
toolbarMode = "minimal"
[theme]
base = "light"
"""
LAUNCHER = """import sys
sys.path.insert(0, {root!r})
from benchmarks import peer_explore
peer_explore.page()
"""


@dataclass(frozen=True)
class PeerApp:
    """The peer's script, its data folder and what it shows."""

    script: Path
    data_dir: Path
    areas: int
    vertices: int

    def env(self) -> dict[str, str]:
        """Return the environment the peer's server needs."""
        return {DATA_ENV: str(self.data_dir)}


def display_coverage(store_dir: Path) -> tuple[Any, Any]:
    """Return the dashboard's display coverage (lowest level) and the completed values."""
    from bildungsampel.service import dataset, settings
    from bildungsampel.service.store import Store
    from geodata import display

    store = Store(store_dir)
    try:
        data = dataset.from_store(store)
    finally:
        store.engine.dispose()
    tolerance = settings.load_settings({}).simplify_m
    simple = display.simplify_coverage(data.areas(), tolerance_m=tolerance)
    values = data.observations[["area_id", "indicator", "period", "value"]]
    return simple, values


def prepare(store_dir: Path, out_dir: Path) -> PeerApp:
    """Write the peer's app folder (script, config, static files, data) below ``out_dir``."""
    import shapely

    from bildungsampel.service import assets

    simple, values = display_coverage(store_dir)
    data_dir = out_dir / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    simple[["area_id", "area_name", "geometry"]].to_parquet(data_dir / "areas.parquet")
    values.to_parquet(data_dir / "values.parquet")
    (out_dir / ".streamlit").mkdir(exist_ok=True)
    (out_dir / ".streamlit" / "config.toml").write_text(CONFIG, encoding="utf-8")
    static = out_dir / "static"
    leaflet = assets.ensure_leaflet(static)
    if not (static / "leaflet").exists():
        shutil.copytree(leaflet, static / "leaflet")
    if JQUERY.is_file():
        shutil.copy2(JQUERY, static / "jquery.min.js")
    (static / "empty.js").write_text("", encoding="utf-8")
    (static / "empty.css").write_text("", encoding="utf-8")
    script = out_dir / "peer.py"
    root = str(Path(__file__).resolve().parents[1])
    script.write_text(LAUNCHER.format(root=root), encoding="utf-8")
    vertices = int(shapely.get_num_coordinates(simple.geometry.to_numpy()).sum())
    return PeerApp(script=script, data_dir=data_dir, areas=len(simple), vertices=vertices)


def local_assets(static: str = "/app/static") -> None:
    """Point folium's default JS/CSS at the peer's static folder (no CDN)."""
    import folium

    folium.Map.default_js = [
        (name, f"{static}/{LOCAL_JS.get(name) or 'empty.js'}") for name, _ in folium.Map.default_js
    ]
    folium.Map.default_css = [
        (name, f"{static}/leaflet/leaflet.css" if name == "leaflet_css" else f"{static}/empty.css")
        for name, _ in folium.Map.default_css
    ]


def page() -> None:
    """Draw the peer page (run by ``streamlit run`` through the launcher)."""
    import folium
    import geopandas as gpd
    import pandas as pd
    import streamlit as st
    from streamlit_folium import st_folium

    local_assets()
    st.set_page_config(page_title="Peer", layout="wide")

    @st.cache_data
    def load(folder: str) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
        return (
            gpd.read_parquet(Path(folder) / "areas.parquet"),
            pd.read_parquet(Path(folder) / "values.parquet"),
        )

    areas, values = load(os.environ[DATA_ENV])
    st.title("Karte (explore)")
    indicator = st.selectbox("Indikator", sorted(values["indicator"].unique()))
    years = sorted(values.loc[values["indicator"] == indicator, "period"].unique())
    year = st.selectbox("Jahr", years, index=len(years) - 1)
    chosen = values[(values["indicator"] == indicator) & (values["period"] == year)]
    shown = areas.merge(chosen[["area_id", "value"]], on="area_id", how="left")
    fmap = shown.explore(
        column="value", scheme="quantiles", k=3, tiles=None, legend=False,
        tooltip=["area_name", "value"],
    )  # fmt: skip
    selected = st.session_state.get("selected")
    if selected is not None:
        folium.GeoJson(
            shown.loc[shown["area_id"] == selected, ["area_id", "geometry"]],
            style_function=lambda _f: SELECTED_STYLE,
            interactive=False,
        ).add_to(fmap)
    left, right = st.columns([3, 2])
    with left:
        event = st_folium(
            fmap, key="map", returned_objects=["last_active_drawing"], height=560,
            use_container_width=True,
        )  # fmt: skip
    props = ((event or {}).get("last_active_drawing") or {}).get("properties") or {}
    if props.get("area_id") is not None and props["area_id"] != selected:
        st.session_state["selected"] = props["area_id"]
        st.rerun()
    with right:
        if selected is not None:
            st.subheader(str(areas.loc[areas["area_id"] == selected, "area_name"].iloc[0]))


if __name__ == "__main__":
    page()
