"""The phases of reading a boundary file, each on its own: layers, columns, CRS, repair, checks."""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import CRS
from shapely.geometry import Point, Polygon, box

from geodata import checks, columns, crs, layers, repair
from geodata.errors import BoundaryError, LayerChoiceError


def frame(**cols) -> gpd.GeoDataFrame:
    n = len(next(iter(cols.values())))
    return gpd.GeoDataFrame(cols, geometry=[box(i, 0, i + 1, 1) for i in range(n)], crs=25832)


# --- layers -----------------------------------------------------------------------------


def two_layer_zip(tmp_path: Path) -> Path:
    target = tmp_path / "ebenen.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("teile.geojson", '{"type": "FeatureCollection", "features": []}')
        archive.writestr("bezirke.geojson", '{"type": "FeatureCollection", "features": []}')
        archive.writestr("__MACOSX/._teile.geojson", "x")
        archive.writestr("liesmich.txt", "x")
    return target


def test_candidates_of_a_zip_are_its_layer_files_in_name_order(tmp_path):
    unpacked = tmp_path / "u"
    unpacked.mkdir()
    found = layers.candidates(two_layer_zip(tmp_path), unpacked)
    assert [(c.label, c.file.name, c.name) for c in found] == [
        ("bezirke.geojson", "bezirke.geojson", None),
        ("teile.geojson", "teile.geojson", None),
    ]


def test_a_plain_file_is_its_own_single_layer(tmp_path):
    path = tmp_path / "a.geojson"
    path.write_text("{}")
    assert layers.candidates(path, tmp_path / "u") == [layers.LayerFile("a.geojson", path, None)]
    assert layers.choose_layer(path, tmp_path / "u", None) == (
        layers.LayerFile("a.geojson", path, None),
        None,
    )


@pytest.mark.parametrize("wanted", ["teile", "TEILE.geojson", " teile "])
def test_a_layer_is_chosen_by_label_name_or_stem(tmp_path, wanted):
    unpacked = tmp_path / "u"
    unpacked.mkdir()
    chosen, label = layers.choose_layer(two_layer_zip(tmp_path), unpacked, wanted)
    assert (chosen.file.name, label) == ("teile.geojson", "teile.geojson")


def test_several_layers_without_a_choice_list_them(tmp_path):
    unpacked = tmp_path / "u"
    unpacked.mkdir()
    with pytest.raises(
        LayerChoiceError, match=r"ebenen\.zip: holds 2 layers \(bezirke\.geojson, teile\.geojson\)"
    ) as info:
        layers.choose_layer(two_layer_zip(tmp_path), unpacked, None)
    assert info.value.layers == ["bezirke.geojson", "teile.geojson"]


def test_an_unknown_layer_is_refused_with_the_list(tmp_path):
    unpacked = tmp_path / "u"
    unpacked.mkdir()
    with pytest.raises(LayerChoiceError, match="layer 'orte' is not in the file; layers are bez"):
        layers.choose_layer(two_layer_zip(tmp_path), unpacked, "orte")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("../boese.shp", "points outside the archive"),
        ("/etc/boese.shp", "points outside the archive"),
        ("c:boese.shp", "points outside the archive"),
    ],
)
def test_unsafe_archive_entries_are_refused(tmp_path, entry, message):
    target = tmp_path / "b.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr(entry, "x")
    with pytest.raises(BoundaryError, match=message), zipfile.ZipFile(target) as archive:
        layers.safe_extract(archive, tmp_path / "u", "b.zip")
    assert not (tmp_path / "boese.shp").exists()


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path):
    target = tmp_path / "bomb.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.geojson", " " * 300_000)
    with pytest.raises(BoundaryError, match="refused as a possible zip bomb"):
        layers.unzip(target, tmp_path / "u")
    assert not (tmp_path / "u" / "a.geojson").exists()


def test_a_zip_without_layers_or_damaged_is_refused(tmp_path):
    empty = tmp_path / "leer.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("liesmich.txt", "x")
    with pytest.raises(BoundaryError, match=r"leer\.zip: the zip archive holds no \.shp"):
        layers.unzip(empty, tmp_path / "u")
    broken = tmp_path / "kaputt.zip"
    broken.write_bytes(b"PK no zip")
    with pytest.raises(BoundaryError, match=r"kaputt\.zip: not a valid zip archive"):
        layers.unzip(broken, tmp_path / "v")


# --- columns ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (pd.Series([1.0, 12.0]), ["1", "12"]),
        (pd.Series([7, 42]), ["7", "42"]),
        (pd.Series(["007", " 12 "]), ["007", "12"]),
        (pd.Series([1.5, 2.0]), ["1.5", "2.0"]),
    ],
)
def test_ids_are_strings(values, expected):
    assert columns.id_strings(values).tolist() == expected


def test_a_missing_id_stays_missing():
    assert columns.id_strings(pd.Series([1.0, None])).isna().tolist() == [False, True]


@pytest.mark.parametrize(
    ("names", "hints", "expected"),
    [
        (["STT_NR", "STT_NAME"], columns.ID_HINTS, "STT_NR"),
        (["STT_NR", "STT_NAME"], columns.NAME_HINTS, "STT_NAME"),
        (["Name", "area_name"], columns.NAME_HINTS, "area_name"),  # exact before contained
        (["flaeche"], columns.ID_HINTS, None),
    ],
)
def test_columns_are_guessed_exact_first(names, hints, expected):
    data = pd.DataFrame({n: [f"{n}{i}" for i in range(3)] for n in names})
    assert columns.guess_column(names, hints, data) == expected


def test_a_contained_hint_needs_a_unique_column():
    data = pd.DataFrame({"bez_nr": ["1", "1"], "teil_nr": ["1", "2"]})
    assert columns.guess_column(list(data), ("nr",), data) == "teil_nr"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("708_huettenheim.json", ("708", "huettenheim")), ("mitte.geojson", ("mitte", "mitte"))],
)
def test_ids_from_the_file_name(name, expected):
    assert columns.ids_from_file_name(Path(name)) == expected


def test_ids_and_names_report_their_guesses():
    notes: list = []
    found = columns.ids_and_names(
        frame(nr=[1, 2], name=["Alt", "Neu"]),
        Path("a.gpkg"),
        id_column=None,
        name_column=None,
        warnings=notes,
    )
    assert found.id_column == "nr"
    assert found.ids.tolist() == ["1", "2"]
    assert found.names.tolist() == ["Alt", "Neu"]
    assert [n.text("en") for n in notes] == [
        "id column guessed: 'nr' (unique values, named like an area number)",
        "name column guessed: 'name'",
    ]
    assert notes[0].text("de") == (
        "ID-Spalte erkannt: 'nr' (eindeutige Werte, Spaltenname wie eine Gebietsnummer)"
    )


def test_without_an_id_column_areas_are_numbered():
    notes: list = []
    found = columns.ids_and_names(
        frame(flaeche=[3.0, 4.0]), Path("a.gpkg"), id_column=None, name_column=None, warnings=notes
    )
    assert (found.id_column, found.ids.tolist(), found.names.tolist()) == (
        None,
        ["1", "2"],
        ["1", "2"],
    )
    assert [n.text("en") for n in notes] == [
        "no id column found: areas numbered 1..n; choose the column with the area numbers",
        "no name column found: areas are named by their id; choose the column with the area "
        "names if the file has one",
    ]


def test_one_feature_without_columns_is_named_by_its_file():
    notes: list = []
    found = columns.ids_and_names(
        frame(flaeche=[3.0]),
        Path("708_huettenheim.json"),
        id_column=None,
        name_column=None,
        warnings=notes,
    )
    assert (found.ids.tolist(), found.names.tolist()) == (["708"], ["huettenheim"])
    assert [n.text("en") for n in notes] == [
        "id '708' and name 'huettenheim' taken from the file name"
    ]


def test_an_empty_id_names_its_feature():
    with pytest.raises(BoundaryError, match=r"a\.gpkg, feature 2: empty id in column 'nr'"):
        columns.ids_and_names(
            frame(nr=["1", None]), Path("a.gpkg"), id_column="nr", name_column=None, warnings=[]
        )


def test_an_unknown_column_lists_the_columns():
    with pytest.raises(
        BoundaryError, match=r"a\.gpkg: parent column 'bez' not found; columns are nr"
    ):
        columns.parent_ids(frame(nr=["1"]), "a.gpkg", "bez")


def test_parent_ids_are_strings_or_none():
    data = frame(nr=["1", "2"], bez=[10.0, 20.0])
    assert columns.parent_ids(data, "a", "bez").tolist() == ["10", "20"]
    assert columns.parent_ids(data, "a", None).tolist() == [None, None]


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        (["1", "1"], r"a: id '1' appears more than once in column 'nr'"),
        (["11", "011"], r"ids '11' and '011' in column 'nr' differ only in leading zeros"),
    ],
)
def test_ids_must_be_unique(ids, message):
    with pytest.raises(BoundaryError, match=message):
        columns.check_unique(pd.Series(ids, dtype=object), "a", "nr")


# --- crs --------------------------------------------------------------------------------


def test_a_user_crs_is_parsed_or_refused():
    assert crs.user_crs("EPSG:25833", "a").to_epsg() == 25833
    with pytest.raises(BoundaryError, match=r"a: the CRS 'EPSG:999999' given is unknown"):
        crs.user_crs("EPSG:999999", "a")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"crs": {"type": "name", "properties": {"name": "EPSG:25832"}}}', "EPSG:25832"),
        ('{"crs": {"type": "EPSG", "properties": {"code": 31467}}}', "EPSG:31467"),
        ('{"type": "FeatureCollection"}', None),
        ('{"crs": {"properties": "kaputt"}}', None),
    ],
)
def test_the_crs_member_of_a_geojson(tmp_path, text, expected):
    path = tmp_path / "a.geojson"
    path.write_text(text)
    assert crs.geojson_crs_name(path) == expected


def test_an_unknown_crs_member_is_refused(tmp_path):
    path = tmp_path / "a.geojson"
    path.write_text('{"crs": {"type": "name", "properties": {"name": "EPSG:999999"}}}')
    with pytest.raises(BoundaryError, match="crs member names 'EPSG:999999'"):
        crs.check_geojson_crs(path, "a.geojson")
    shp = tmp_path / "a.shp"
    shp.write_text("not looked at")
    crs.check_geojson_crs(shp, "a.shp")  # only GeoJSON carries a crs member


def test_metres_declared_as_degrees_are_refused():
    metres = gpd.GeoDataFrame(geometry=[box(360000, 5700000, 361000, 5701000)], crs=4326)
    with pytest.raises(BoundaryError, match=r"coordinates up to \(361000, 5701000\) are projected"):
        crs.check_declared_crs(metres, "a")
    with pytest.raises(BoundaryError, match="the file has no coordinate reference system"):
        crs.check_declared_crs(gpd.GeoDataFrame(geometry=[box(0, 0, 1, 1)]), "a")
    crs.check_declared_crs(metres.set_crs(25832, allow_override=True), "a")


def test_crs_labels_name_the_code_or_say_custom():
    assert crs.crs_label(CRS.from_epsg(4326)) == "WGS 84 (EPSG:4326)"
    custom = CRS.from_proj4("+proj=tmerc +lat_0=0 +lon_0=7.1 +k=1 +x_0=500000 +ellps=GRS80")
    assert crs.crs_label(custom).endswith("(custom, from file)")


def test_to_metric_keeps_metres_and_moves_degrees_to_utm():
    metric = frame(nr=["1"])
    assert crs.to_metric(metric) is metric
    degrees = gpd.GeoDataFrame(geometry=[box(7.0, 51.5, 7.1, 51.6)], crs=4326)
    assert crs.to_metric(degrees).crs.to_epsg() == 32632


# --- repair -----------------------------------------------------------------------------

BOWTIE = Polygon([(0, 0), (2, 2), (2, 0), (0, 2)])


def test_invalid_geometries_are_repaired_and_reported():
    geoms = np.array([box(0, 0, 1, 1), BOWTIE], dtype=object)
    fixed = repair.repair(geoms, pd.Series(["1", "2"], dtype=object))
    assert fixed.repaired == ["2"]
    assert [n.text("en") for n in fixed.warnings] == [
        "areas with invalid geometry, repaired (1): 2 (Self-intersection[1 1])"
    ]
    assert shapely.is_valid(fixed.geoms).tolist() == [True, True]
    assert fixed.geoms[1].geom_type == "MultiPolygon"
    assert fixed.geoms[1].area == pytest.approx(2.0)


def test_only_polygon_parts_are_kept():
    mixed = shapely.GeometryCollection([box(0, 0, 1, 1), Point(5, 5), box(2, 0, 3, 1)])
    kept = repair.polygonal(np.array([mixed, Point(1, 1), None], dtype=object))
    assert kept[0].geom_type == "MultiPolygon"
    assert kept[0].area == pytest.approx(2.0)
    assert kept[1].equals(Polygon())
    assert kept[2] is None


def test_areas_without_polygon_are_left_out_with_a_note():
    notes: list = []
    geoms = np.array([box(0, 0, 1, 1), Polygon(), None], dtype=object)
    kept = repair.polygons_kept(geoms, ["1", "2", "3"], source="a", warnings=notes)
    assert kept.tolist() == [True, False, False]
    assert [n.text("en") for n in notes] == ["areas without a polygon, left out (2): 2, 3"]
    assert notes[0].text("de") == "Gebiete ohne Fläche, ausgelassen (2): 2, 3"
    with pytest.raises(BoundaryError, match="a: the file contains no polygons"):
        repair.polygons_kept(geoms[1:], ["2", "3"], source="a", warnings=[])


# --- checks -----------------------------------------------------------------------------


def test_plausibility_collects_every_note():
    areas = gpd.GeoDataFrame(
        {"area_id": ["1", "2"], "area_name": ["Neustadt", "Neustadt"]},
        geometry=[box(360000, 5700000, 361000, 5701000)] * 2,
        crs=25832,
    )
    notes = checks.plausibility(areas, areas)
    assert [n.text("en").split(":")[0] for n in notes] == [
        "areas with identical geometry",
        "names used by more than one area",
    ]
    assert notes[1].text("de").startswith("Namen mehrerer Gebiete: 'Neustadt' (1, 2)")


def test_plausibility_of_a_city_in_place_says_nothing():
    areas = gpd.GeoDataFrame(
        {"area_id": ["1", "2"], "area_name": ["Alt", "Neu"]},
        geometry=[box(360000, 5700000, 361000, 5701000), box(361000, 5700000, 362000, 5701000)],
        crs=25832,
    )
    assert checks.plausibility(areas, areas) == []
