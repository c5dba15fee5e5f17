"""Hostile and implausible boundary files: refused with a message naming the feature, or read
with a plausibility warning — never a traceback, never silently, the store byte-identical."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import box
from typer.testing import CliRunner

import sample_data
from bildungsampel.cli import app
from bildungsampel.present import markup
from bildungsampel.service import dataset, publishing
from geodata import checks, hierarchy
from geodata.errors import BoundaryError, LayerChoiceError
from geodata.io import Boundaries, boundary_layers, read_boundaries
from indicators.matching import match_areas
from tests import helpers

runner = CliRunner()


def ring(x: float, y: float, d: float) -> list:
    return [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]


def feature(coords: list, **props: object) -> dict:
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "Polygon", "coordinates": coords},
    }


def write_geojson(path: Path, features: list[dict], crs: str | None = None) -> Path:
    doc: dict = {"type": "FeatureCollection", "features": features}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(doc), encoding="utf-8")  # NaN/Infinity written as JS literals
    return path


def two_areas(path: Path, first: list, second: list, crs: str | None = None, **ids: str) -> Path:
    return write_geojson(
        path,
        [
            feature(first, id=ids.get("a", "1"), name="Altstadt"),
            feature(second, id=ids.get("b", "2"), name="Neustadt"),
        ],
        crs,
    )


def grid(n: int = 2, crs: int = 25832, x0: float = 360000, prefix: str = "") -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"nr": [f"{prefix}{i + 1}" for i in range(n)], "name": [f"Teil {i + 1}" for i in range(n)]},
        geometry=[box(x0 + i * 1000, 5710000, x0 + (i + 1) * 1000, 5711000) for i in range(n)],
        crs=crs,
    )


@pytest.fixture
def store(tmp_path):
    store = publishing.open_store(tmp_path / "data")
    yield store
    store.engine.dispose()


def cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout + result.stderr


def messages(bnd) -> list[str]:
    return [n.text("en") for n in bnd.plausibility]


# --- refused: a clear message naming the feature, through every entry ------------------------

NAN_VERTEX = [[[7.0, 51.0], [float("nan"), 51.0], [7.1, 51.1], [7.0, 51.0]]]
INF_VERTEX = [[[7.0, 51.0], [float("inf"), 51.0], [7.1, 51.1], [7.0, 51.0]]]


def refused_cases(tmp: Path) -> list[tuple[str, Path, str, str]]:
    sq = ring(7.0, 51.5, 0.01)
    two = tmp / "zwei.zip"
    with zipfile.ZipFile(two, "w") as archive:
        for stem in ("alt", "neu"):
            grid(prefix=stem).to_file(tmp / f"{stem}.shp", engine="pyogrio")
            for part in tmp.glob(f"{stem}.*"):
                archive.write(part, arcname=part.name)
    layers = tmp / "ebenen.gpkg"
    grid().to_file(layers, layer="stadtteile", engine="pyogrio")
    grid(3).to_file(layers, layer="bezirke", engine="pyogrio")
    return [
        (
            "NaN coordinate",
            two_areas(tmp / "nan.geojson", sq, NAN_VERTEX),
            r"nan\.geojson, feature 2 \(id '2'\): coordinate \(nan, 51\.0\) is not a finite number",
            "Objekt 2 (ID '2')",
        ),
        (
            "infinite coordinate",
            two_areas(tmp / "inf.geojson", sq, INF_VERTEX),
            r"inf\.geojson, feature 2 \(id '2'\): coordinate \(inf, 51\.0\) is not a finite",
            "keine endliche Zahl",
        ),
        (
            "ids 11 and 011",
            two_areas(tmp / "nullen.geojson", sq, ring(7.02, 51.5, 0.01), a="11", b="011"),
            r"ids '11' and '011' in column 'id' differ only in leading zeros",
            "führende Nullen",
        ),
        (
            "ids 7 and 7.0",
            two_areas(tmp / "komma.geojson", sq, ring(7.02, 51.5, 0.01), a="7", b="7.0"),
            r"ids '7' and '7\.0' in column 'id' differ only in leading zeros",
            "'7.0'",
        ),
        (
            "unknown EPSG code",
            write_geojson(tmp / "epsg.geojson", [feature(sq, id="1")], crs="EPSG:999999"),
            r"crs member names 'EPSG:999999', which is not a known coordinate reference system",
            "kein bekanntes",
        ),
        (
            "two shapefiles in a zip",
            two,
            r"zwei\.zip: holds 2 layers \(alt\.shp, neu\.shp\); choose one of them",
            "enthält 2 Ebenen",
        ),
        (
            "two layers in a GeoPackage",
            layers,
            r"ebenen\.gpkg: holds 2 layers \((stadtteile, bezirke|bezirke, stadtteile)\)",
            "bitte eine davon wählen",
        ),
    ]


def test_refused_by_read_boundaries(tmp_path):
    for case, path, message, german in refused_cases(tmp_path):
        with pytest.raises(BoundaryError, match=message) as info:
            read_boundaries(path)
        assert german in info.value.text("de"), case


def test_refused_by_prepare_boundaries_and_store_unchanged(store, tmp_path):
    before = helpers.fingerprint(store)
    for case, path, message, _ in refused_cases(tmp_path):
        with pytest.raises(BoundaryError, match=message):
            publishing.prepare_boundaries(store, path)
        with pytest.raises(BoundaryError, match=message):
            publishing.prepare_boundaries_bytes(store, path.read_bytes(), path.name)
        assert helpers.fingerprint(store) == before, case


def test_refused_by_the_cli_with_exit_2_and_store_unchanged(store, tmp_path):
    before = helpers.fingerprint(store)
    for case, path, message, _ in refused_cases(tmp_path):
        for command in (
            ["import", "boundaries", str(path), "--publish", "--data-dir", str(store.data_dir)],
            ["check-boundaries", str(path)],
        ):
            code, output = cli(*command)
            assert code == 2, (case, output)
            assert "Traceback" not in output
            flat = " ".join(output.split())
            assert re.search(message, flat), (case, flat)
        assert helpers.fingerprint(store) == before, case


def test_unknown_crs_option_is_refused(tmp_path):
    path = write_geojson(tmp_path / "a.geojson", [feature(ring(7.0, 51.5, 0.01), id="1")])
    with pytest.raises(BoundaryError, match=r"the CRS 'EPSG:999999' given is unknown"):
        read_boundaries(path, crs="EPSG:999999")
    code, output = cli("check-boundaries", str(path), "--crs", "EPSG:999999")
    assert code == 2
    assert "given is unknown" in output
    assert "(--crs EPSG:25832)" in output  # the CLI names its flag


# --- layers: chosen with layer= / --layer, never taken silently --------------------------------


def test_layer_keyword_and_option_choose_one(store, tmp_path):
    cases = {c[0]: c[1] for c in refused_cases(tmp_path)}
    zipped, gpkg = cases["two shapefiles in a zip"], cases["two layers in a GeoPackage"]
    assert boundary_layers(zipped) == ["alt.shp", "neu.shp"]
    assert sorted(boundary_layers(gpkg)) == ["bezirke", "stadtteile"]
    bnd = read_boundaries(zipped, layer="neu", id_column="nr")
    assert bnd.areas["area_id"].tolist() == ["neu1", "neu2"]
    assert bnd.layer == "neu.shp"
    assert "layer 'neu.shp' read" in [n.text("en") for n in bnd.warnings]
    assert len(read_boundaries(gpkg, layer="bezirke", id_column="nr").areas) == 3
    check = publishing.prepare_boundaries_bytes(
        store, gpkg.read_bytes(), gpkg.name, id_column="nr", layer="stadtteile"
    )
    assert check.boundaries.areas["area_id"].tolist() == ["1", "2"]
    with pytest.raises(LayerChoiceError, match=r"layer 'gemeinden' is not in the file; layers"):
        read_boundaries(gpkg, layer="gemeinden")
    code, output = cli("check-boundaries", str(zipped), "--layer", "alt.shp", "--id-column", "nr")
    assert code == 0, output
    assert "area ids: alt1, alt2" in output
    code, output = cli(
        "import", "boundaries", str(gpkg), "--layer", "x", "--data-dir", str(store.data_dir)
    )
    assert code == 2
    assert "layer 'x' is not in the file" in output


def test_macos_extras_in_a_zip_are_not_layers(tmp_path):
    grid().to_file(tmp_path / "s.shp", engine="pyogrio")
    archive = tmp_path / "s.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for part in tmp_path.glob("s.*"):
            if part.suffix != ".zip":
                z.write(part, arcname=part.name)
                z.writestr(f"__MACOSX/._{part.name}", b"\0\5\26\7 AppleDouble")
                z.writestr(f"._{part.name}", b"\0\5\26\7 AppleDouble")
    assert len(read_boundaries(archive, id_column="nr").areas) == 2


# --- read, but with a plausibility warning ---------------------------------------------------


def warned_cases(tmp: Path) -> list[tuple[str, Path, str]]:
    return [
        (
            "lat/lon swapped (the city lands in Somalia)",
            two_areas(tmp / "somalia.geojson", ring(51.5, 7.0, 0.01), ring(51.51, 7.0, 0.01)),
            r"lie outside Europe, but with x and y swapped they lie in Europe: the axes are "
            r"probably swapped",
        ),
        (
            "easting/northing swapped in UTM",
            two_areas(
                tmp / "utm.geojson",
                [[[5710000, 360000], [5711000, 360000], [5711000, 361000], [5710000, 360000]]],
                [[[5712000, 360000], [5713000, 360000], [5713000, 361000], [5712000, 360000]]],
                crs="EPSG:25832",
            ),
            r"the axes are probably swapped",
        ),
        (
            "degrees declared as UTM metres",
            two_areas(
                tmp / "grad.geojson", ring(7.0, 51.5, 0.01), ring(7.02, 51.5, 0.01), "EPSG:25832"
            ),
            r"lie outside the area of use of ETRS89 / UTM zone 32N",
        ),
        (
            "outside Europe",
            two_areas(tmp / "rio.geojson", ring(-43.2, -22.9, 0.01), ring(-43.18, -22.9, 0.01)),
            r"lie outside Europe; Bildungsampel expects a German city",
        ),
        (
            "identical geometry",
            two_areas(tmp / "doppelt.geojson", ring(7.0, 51.5, 0.01), ring(7.0, 51.5, 0.01)),
            r"areas with identical geometry: 1 = 2",
        ),
        (
            "significant overlap",
            two_areas(tmp / "ueber.geojson", ring(7.0, 51.5, 0.01), ring(7.005, 51.5, 0.01)),
            r"areas overlap \(share of the smaller one\): 1 / 2 \(50%\)",
        ),
        (
            "antimeridian",
            write_geojson(
                tmp / "fidschi.geojson",
                [
                    feature(
                        [[[179.5, -17], [-179.5, -17], [-179.5, -16], [179.5, -16], [179.5, -17]]],
                        id="1",
                        name="Fidschi",
                    )
                ],
            ),
            r"areas 1 span more than 180° of longitude: they cross the antimeridian",
        ),
        (
            "duplicate names",
            write_geojson(
                tmp / "namen.geojson",
                [
                    feature(ring(7.0, 51.5, 0.01), id="12", name="Neustadt"),
                    feature(ring(7.01, 51.5, 0.01), id="14", name="Neustadt"),
                    feature(ring(7.02, 51.5, 0.01), id="3", name="Buer"),
                ],
            ),
            r"names used by more than one area: 'Neustadt' \(12, 14\); they are shown with "
            r"their id",
        ),
    ]


def test_plausibility_warnings_from_read_boundaries(tmp_path):
    for case, path, message in warned_cases(tmp_path):
        bnd = read_boundaries(path)
        assert any(re.search(message, m) for m in messages(bnd)), (
            case,
            messages(bnd),
        )
        assert all(n.text("de") != n.text("en") for n in bnd.plausibility)  # translated


def test_plausibility_warnings_from_prepare_and_cli(store, tmp_path):

    before = helpers.fingerprint(store)
    for case, path, message in warned_cases(tmp_path):
        check = publishing.prepare_boundaries_bytes(store, path.read_bytes(), path.name)
        assert any(re.search(message, m) for m in messages(check.boundaries)), case
        code, output = cli("check-boundaries", str(path))
        assert code == 0, (case, output)
        flat = " ".join(output.split())
        assert re.search("warning: .*" + message, flat), (case, flat)
        code, output = cli("import", "boundaries", str(path), "--data-dir", str(store.data_dir))
        assert re.search("warning: .*" + message, " ".join(output.split())), case
        assert helpers.fingerprint(store) == before, case


def test_a_clean_city_has_no_warnings():
    bnd = read_boundaries(sample_data.BOUNDARIES, id_column="stadtteil_nr", name_column="stadtteil")
    assert bnd.plausibility == []
    grid_bnd = gpd.GeoDataFrame(grid(5))
    assert checks.overlap_notes(grid_bnd.geometry.to_numpy(), list("abcde")) == []


def test_overlap_below_the_share_is_not_reported():
    a, b = box(0, 0, 1000, 1000), box(995, 0, 2000, 1000)  # 0.5 % of the smaller area
    geoms = shapely.make_valid(gpd.GeoSeries([a, b]).to_numpy())
    assert checks.overlap_notes(geoms, ["1", "2"]) == []
    assert len(checks.overlap_notes(geoms, ["1", "2"], share=0.001)) == 1


# --- names shown with their id; the id rule in matching ---------------------------------------


def test_duplicate_names_are_shown_with_their_id(tmp_path):
    path = {c[0]: c[1] for c in warned_cases(tmp_path)}["duplicate names"]
    areas = read_boundaries(path).areas
    expected = {"12": "Neustadt (12)", "14": "Neustadt (14)", "3": "Buer"}
    assert hierarchy.display_names(areas) == expected


def test_rated_rows_carry_the_disambiguated_name():
    data = dataset.load_dataset()
    areas = data.boundaries.areas.copy()
    first, second = areas["area_id"].iloc[0], areas["area_id"].iloc[1]
    areas.loc[areas["area_id"] == second, "area_name"] = areas["area_name"].iloc[0]
    same = dataset.assemble(
        Boundaries(areas=areas, source_crs=data.boundaries.source_crs),
        data.catalog,
        data.observations,
        city_name="Test",
    )
    rated = dataset.rate(same)
    shown = set(rated.loc[rated["area_id"].isin([first, second]), "area_name"])
    name = areas["area_name"].iloc[0]
    assert shown == {f"{name} ({first})", f"{name} ({second})"}


def test_upload_ids_follow_the_leading_zero_rule():
    areas = {"11": "Altstadt", "011": "Neustadt", "007": "Buer", "12": "Hassel", "13": "Hassel"}
    got = match_areas(["011", "11", "0011", "7", "7.0", "Hassel", "99"], areas)
    frame = got.set_index("source")[["area_id", "how", "suggestion"]]
    expected = pd.DataFrame(
        {
            "area_id": ["011", "11", None, "007", "007", None, None],
            "how": ["id", "id", "unmatched", "id", "id", "unmatched", "unmatched"],
        },
        index=pd.Index(["011", "11", "0011", "7", "7.0", "Hassel", "99"], name="source"),
    )
    pd.testing.assert_frame_equal(frame[["area_id", "how"]], expected, check_dtype=False)
    assert frame.loc["0011", "suggestion"] == "011"  # ambiguous: a suggestion, never a guess
    assert frame.loc["Hassel", "suggestion"] == "12"


def test_upload_id_with_zeros_lost_by_a_spreadsheet_still_matches():
    got = match_areas(["1", "01"], {"001": "Altstadt", "002": "Neustadt"})
    assert got["area_id"].tolist() == ["001", "001"]
    assert got["how"].tolist() == ["id", "id"]


# --- the upload page shows the same messages -------------------------------------------------


@pytest.fixture
def analyst_page(tmp_path, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from bildungsampel.app import state

    def reset():
        state.settings.cache_clear()
        st.cache_resource.clear()
        st.cache_data.clear()

    monkeypatch.setenv("BILDUNGSAMPEL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BILDUNGSAMPEL_LOCAL_ANALYST", "Anna Analyst")
    reset()
    at = AppTest.from_file(helpers.APP, default_timeout=120).run()
    at.switch_page("pages/hochladen.py").run()
    at.radio(key="_w_up_kind_de").set_value("boundaries").run()
    yield at
    monkeypatch.undo()
    reset()


def upload(at, path: Path):
    at.file_uploader(key="up_file_boundaries").set_value(
        (path.name, path.read_bytes(), "application/octet-stream")
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_upload_page_refuses_nan_coordinates_with_the_message(analyst_page, tmp_path):
    path = two_areas(tmp_path / "nan.geojson", ring(7.0, 51.5, 0.01), NAN_VERTEX)
    at = upload(analyst_page, path)
    assert markup.shown(at.error[0].value).startswith(
        "nan.geojson, Objekt 2 (ID '2'): Koordinate (nan, 51.0) ist keine endliche Zahl"
    )


def test_upload_page_asks_which_layer(analyst_page, tmp_path):
    gpkg = {c[0]: c[1] for c in refused_cases(tmp_path)}["two layers in a GeoPackage"]
    at = upload(analyst_page, gpkg)
    choice = at.selectbox(key="up_b_layer")
    assert sorted(choice.options) == ["bezirke", "stadtteile"]
    assert not any(b.key == "up_b_publish" for b in at.button)
    at.text_input(key="up_b_id_column").input("nr").run()
    choice.set_value("bezirke").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(m.value.startswith("3 Gebiete") for m in at.markdown)


def test_upload_page_shows_plausibility_warnings(analyst_page, tmp_path):
    path = two_areas(tmp_path / "somalia.geojson", ring(51.5, 7.0, 0.01), ring(51.51, 7.0, 0.01))
    at = upload(analyst_page, path)
    assert any("die Achsen sind wahrscheinlich vertauscht" in w.value for w in at.warning)
