"""The prepared map reaches streamlit-folium's component as st_folium would send it."""

import pytest
import streamlit_folium as sf

from bildungsampel.app import leaflet
from bildungsampel.present import maplayer, palettes
from bildungsampel.service import assets, dataset
from geodata import display, mapview


@pytest.fixture(scope="module")
def frame():
    data = dataset.load_dataset()
    rated = dataset.rate(data, year="2023")
    areas = display.simplify_coverage(data.areas(), tolerance_m=10)
    return maplayer.map_frame(
        areas,
        rated[rated["indicator"] == "gymnasium"],
        data.catalog["gymnasium"],
        lang="de",
        palette=palettes.PALETTES["ampel"],
    )


def build(frame):
    return mapview.build_map(frame, assets=assets.leaflet_assets())


def record(monkeypatch):
    calls = []
    monkeypatch.setattr(sf, "_component_func", lambda **kwargs: calls.append(kwargs))
    return calls


def test_show_passes_what_st_folium_passes(frame, monkeypatch):
    calls = record(monkeypatch)
    chosen = frame[frame["idx"] == 4]
    sf.st_folium(
        build(frame),
        key="map_stadtteil",
        height=560,
        returned_objects=["last_active_drawing"],
        use_container_width=True,
        feature_group_to_add=mapview.selection_layer(chosen),
    )
    prepared = leaflet.prepare(build(frame))
    selection = leaflet.selection_script(mapview.selection_layer(chosen))
    leaflet.show(prepared, key="map_stadtteil", selection=selection)
    theirs, ours = calls
    assert set(ours) == set(theirs) - {"on_change"}
    for name in sorted(set(ours) - {"key"}):
        assert ours[name] == theirs[name], name
    assert ours["js_links"] == [f"/app/static/vendor/leaflet-{assets.LEAFLET_VERSION}/leaflet.js"]
    assert ours["key"] == f"map_stadtteil_{prepared.digest[:16]}"


def test_prepared_map_is_the_same_for_every_selection(frame, monkeypatch):
    calls = record(monkeypatch)
    prepared = leaflet.prepare(build(frame))
    again = leaflet.prepare(build(frame))
    assert again == prepared  # the same frame gives the same strings (a shared cache entry)
    for idx in (2, 9):
        layer = mapview.selection_layer(frame[frame["idx"] == idx])
        leaflet.show(prepared, key="map", selection=leaflet.selection_script(layer))
    first, second = calls
    assert first["key"] == second["key"]  # the component is not mounted again
    assert first["script"] is second["script"] is prepared.script
    assert first["feature_group"] != second["feature_group"]
    assert len(second["feature_group"]) < 5_000 < len(prepared.script)
