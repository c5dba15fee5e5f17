import re

import geopandas as gpd
import pytest
import shapely

from bildungsampel.present import maplayer, palettes
from bildungsampel.service import assets, dataset
from geodata import display, mapview

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


def test_map_with_intranet_tiles(frame):
    tiles = mapview.Tiles("https://tiles.intranet.example/{z}/{x}/{y}.png", "Stadt")
    html = render(mapview.build_map(frame, assets=ASSETS, tiles=tiles))
    assert "https://tiles.intranet.example/{z}/{x}/{y}.png" in html


def test_selected_area_gets_bold_outline(frame):
    html = render(mapview.build_map(frame, assets=ASSETS, selected=3))
    assert re.search(r'"color": "#000000".*?"weight": 4', html, re.S)


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
