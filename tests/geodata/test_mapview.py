import json
import re

import folium
import geopandas as gpd
import pytest
import shapely

from bildungsampel.present import maplayer, palettes
from bildungsampel.service import assets, dataset
from geodata import display, maptips, mapview

ASSETS = assets.leaflet_assets()
PAYLOAD = '<img src=x onerror="alert(1)">`${alert(2)}`</script>'


@pytest.fixture(scope="module")
def data():
    return dataset.load_dataset()


@pytest.fixture(scope="module")
def frame(data):
    rated = dataset.rate(data, year="2023")
    areas = display.simplify_coverage(data.areas(), tolerance_m=10)
    return maplayer.map_frame(
        areas,
        rated[rated["indicator"] == "sprache"],
        data.catalog["sprache"],
        lang="de",
        palette=palettes.PALETTES["ampel"],
    )


def render(fmap):
    return fmap.get_root().render()


def test_map_loads_only_local_assets_and_no_tiles(frame, data):
    overlay = display.simplify_coverage(data.areas("stadtbezirk"), tolerance_m=10)
    html = render(mapview.build_map(frame, assets=ASSETS, overlay=overlay))
    assert mapview.external_urls(html) == []
    assert f"/app/static/vendor/leaflet-{assets.LEAFLET_VERSION}/leaflet.js" in html
    assert "tileLayer" not in html
    assert "d3.v" not in html
    assert "cdn" not in html.lower()
    # 18 areas with their fills, then 5 borough outlines
    assert html.count('"fill": "#') == 18
    assert html.count('"idx": ') == 18
    assert '"interactive": false' in html


def test_large_maps_draw_on_a_canvas(frame):
    assert '"preferCanvas": false' in render(mapview.build_map(frame, assets=ASSETS))
    html = render(mapview.build_map(frame, assets=ASSETS, canvas=True))
    assert '"preferCanvas": true' in html
    many = frame.iloc[[i % 18 for i in range(mapview.CANVAS_FROM_AREAS)]].assign(
        idx=range(mapview.CANVAS_FROM_AREAS)
    )
    assert '"preferCanvas": true' in render(mapview.build_map(many, assets=ASSETS))


def test_map_with_intranet_tiles(frame):
    tiles = mapview.Tiles("https://tiles.intranet.example/{z}/{x}/{y}.png", "Stadt")
    html = render(mapview.build_map(frame, assets=ASSETS, tiles=tiles))
    assert "https://tiles.intranet.example/{z}/{x}/{y}.png" in html


def test_selection_layer_is_exactly_the_outline_of_the_selected_area(frame):
    chosen = frame[frame["idx"] == 3]
    html = render_layer(mapview.selection_layer(chosen))
    assert html.count('"type": "Feature"') == 1
    ring = [list(xy) for xy in chosen.geometry.iloc[0].exterior.coords]
    assert json.dumps(ring)[1:-1] in html  # the area's own boundary, nothing else
    assert '"color": "#000000", "fill": false, "weight": 4' in html
    assert '"interactive": false' in html  # a click goes through to the area below
    with pytest.raises(ValueError, match="must be in EPSG:4326"):
        mapview.selection_layer(chosen.to_crs(25832))


def render_layer(layer):
    fmap = folium.Map(tiles=None)
    layer.add_to(fmap)
    return fmap.get_root().render()


def test_map_does_not_depend_on_a_selection(frame):
    html = render(mapview.build_map(frame, assets=ASSETS))
    # no area is drawn selected; the only bold outline is the one a click draws at once
    assert html.count('"weight": 4') == 1
    assert re.search(
        r"\.on\('click'.*?style: \{\"color\": \"#000000\", \"fill\": false, "
        r"\"weight\": 4\}, interactive: false",
        html,
        re.S,
    )
    # one style per fill colour, each with the thin white border
    assert html.count('"color": "#ffffff", "fillColor": "#') == frame["fill"].nunique() == 3


def test_tooltip_lines_are_sent_once_and_rebuilt_as_before(frame):
    html = render(mapview.build_map(frame, assets=ASSETS))
    city_line = frame["tooltip"].iloc[0].split("<br>")[2]
    assert city_line.startswith("Stadtwert: ")
    assert html.count(json.dumps(city_line).replace("<", "\\u003c").replace(">", "\\u003e")) == 1
    lines, records = maptips.encode(frame["tooltip"].tolist())
    assert len(records) == 18
    assert [maptips.decode(lines, r) for r in records] == frame["tooltip"].tolist()
    assert f'"tip": {json.dumps(records[5])}' in html


def test_tooltip_encoding_keeps_every_line():
    lines, records = maptips.encode(["<b>A</b><br>rot<br>", "<b>B</b><br>rot", "x"])
    assert lines == ["<b>A</b>", "rot", "", "<b>B</b>", "x"]
    assert records == [[0, 1, 2], [3, 1], [4]]
    assert maptips.decode(lines, records[0]) == "<b>A</b><br>rot<br>"


def test_map_rejects_unprepared_frames(frame):
    with pytest.raises(ValueError, match="lacks column"):
        mapview.build_map(frame.drop(columns="tooltip"), assets=ASSETS)
    with pytest.raises(ValueError, match="must be in EPSG:4326"):
        mapview.build_map(frame.to_crs(25832), assets=ASSETS)


def test_hostile_names_reach_the_map_as_text(data):
    rated = dataset.rate(data, year="2023")
    areas = display.simplify_coverage(data.areas(), tolerance_m=10)
    areas["area_name"] = PAYLOAD
    rows = rated[rated["indicator"] == "gymnasium"].assign(area_name=PAYLOAD)
    fmap = mapview.build_map(
        maplayer.map_frame(
            areas, rows, data.catalog["gymnasium"], lang="de", palette=palettes.PALETTES["ampel"]
        ),
        assets=ASSETS,
    )
    html = render(fmap)
    assert "<img src=x" not in html
    assert "</script>`" not in html
    assert "`${alert" not in html
    assert "onerror" in html  # present, but only inside escaped text


def test_hostile_name_tooltip_is_rebuilt_escaped_and_unchanged(data):
    rated = dataset.rate(data, year="2023")
    areas = display.simplify_coverage(data.areas(), tolerance_m=10)
    name = '<b>Alt & "Neu"</b>'
    areas.loc[areas["area_id"] == "11", "area_name"] = name
    rows = rated[rated["indicator"] == "gymnasium"]
    rows = rows.assign(area_name=rows["area_name"].where(rows["area_id"] != "11", name))
    frame = maplayer.map_frame(
        areas, rows, data.catalog["gymnasium"], lang="de", palette=palettes.PALETTES["ampel"]
    )
    html = render(mapview.build_map(frame, assets=ASSETS))
    lines, records = maptips.encode(frame["tooltip"].tolist())
    row = rows[rows["area_id"] == "11"].iloc[0]
    position = frame.index[frame["area_id"] == "11"][0]
    before = maplayer.tooltip_html(row, data.catalog["gymnasium"], "de")  # the old tooltip
    assert maptips.decode(lines, records[position]) == before
    assert before.startswith("<b>&lt;b&gt;Alt &amp; &quot;Neu&quot;&lt;/b&gt;</b><br>")
    assert '"\\u003cb\\u003e\\u0026lt;b\\u0026gt;Alt' in html  # as JSON, HTML-safe
    assert "Alt & " not in html
    assert '"Neu"' not in html


def test_external_url_detection():
    html = (
        '<script src="https://cdn.example/x.js"></script><link href="/app/static/a.css">'
        "<style>a{background:url(http://evil.example/a.png)}</style>"
    )
    assert mapview.external_urls(html) == ["https://cdn.example/x.js", "http://evil.example/a.png"]


def test_display_simplification_keeps_a_valid_coverage(data):
    areas = data.areas()
    simple = display.simplify_coverage(areas, tolerance_m=10)
    assert simple.crs.to_epsg() == 4326
    assert bool(shapely.coverage_is_valid(simple.geometry.to_numpy()))
    back = gpd.GeoSeries(simple.geometry.to_numpy(), crs=4326).to_crs(areas.crs)
    moved = [a.hausdorff_distance(b) for a, b in zip(areas.geometry, back, strict=True)]
    assert max(moved) < 12  # 10 m tolerance plus coordinate rounding (~1 m)
    total = sum(g.area for g in back)
    assert total == pytest.approx(areas.area.sum(), rel=1e-3)


def test_leaflet_is_copied_once(tmp_path):
    target = assets.ensure_leaflet(tmp_path)
    assert (target / "leaflet.js").read_bytes().startswith(b"/* @preserve")
    assert (target / "images" / "layers.png").is_file()
    stamp = (target / "leaflet.js").stat().st_mtime_ns
    assert assets.ensure_leaflet(tmp_path) == target
    assert (target / "leaflet.js").stat().st_mtime_ns == stamp
    assert assets.leaflet_assets("/bildung/").js[0][1].startswith("/bildung/app/static/")
