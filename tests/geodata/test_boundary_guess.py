"""Guessing the id and name columns of boundary files as cities publish them."""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

from geodata import columns
from geodata.io import read_boundaries


def essen_like(path, *, ordinates: int = 4):
    """Nine districts as an Essen-like GeoJSON: FID 0–8, STADTBEZ 1–9, 4 ordinates, no names."""
    features = []
    for i in range(9):
        x, y = 7.0 + 0.01 * (i % 3), 51.4 + 0.01 * (i // 3)
        extra = [60.0, 3.0][: ordinates - 2]
        ring = [[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]
        features.append(
            {
                "type": "Feature",
                "properties": {"FID": i, "STADTBEZ": i + 1, "FLAECHE": 1234.0 + i},
                "geometry": {"type": "Polygon", "coordinates": [[p + extra for p in ring]]},
            }
        )
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_essen_like_file_takes_the_district_number_drops_z_and_notes_everything(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # GDAL's warning becomes a note, not a terminal line
        bnd = read_boundaries(essen_like(tmp_path / "stadtbezirke.geojson"))
    assert bnd.areas["area_id"].tolist() == [str(i) for i in range(1, 10)]
    assert bnd.areas["area_name"].tolist() == bnd.areas["area_id"].tolist()
    assert not bnd.areas.geometry.has_z.any()
    assert [n.text("en") for n in bnd.warnings] == [
        "positions with more than three ordinates: the extra ordinates are ignored",
        "Z coordinates dropped (9 areas): positions are read as 2-D",
        "id column guessed: 'STADTBEZ' (the only column with unique whole-number or short keys)",
        "'FID' not taken as the id: a technical feature number (0–8)",
        "no name column found: areas are named by their id; choose the column with the area "
        "names if the file has one",
    ]
    assert bnd.warnings[3].text("de") == (
        "'FID' nicht als ID genommen: eine technische Objektnummer (0–8)"
    )


def test_ids_of_the_indicator_tables_decide_between_candidates(tmp_path):
    frame = pd.DataFrame({"OBJECTID": [1, 2, 3], "BEZ": [10, 20, 30], "SCHLUESSEL": [5, 6, 7]})
    col, notes = columns.guess_id_column(frame, list(frame), known_ids=["5", "6", "7", "8"])
    assert col == "SCHLUESSEL"
    assert notes[0].text("en") == (
        "id column guessed: 'SCHLUESSEL' (100% of its values are areas of the published tables)"
    )
    col, _ = columns.guess_id_column(frame, list(frame))
    assert col == "SCHLUESSEL"  # named like a key, and OBJECTID is GIS's own number


def test_a_feature_number_is_taken_only_for_want_of_a_better_one():
    frame = pd.DataFrame({"FID": [0, 1, 2], "NAME": ["a", "b", "c"]})
    col, notes = columns.guess_id_column(frame, list(frame))
    assert col == "FID"
    assert "is a technical feature number (0–2)" in notes[-1].text("en")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"gml_id": ["re_bezirk.1", "re_bezirk.2"], "Gemeinde_n": ["Mitte", "Pankow"]},
            "Gemeinde_n",
        ),
        ({"code": ["A1", "A2"], "art": ["x", "x"]}, None),  # repeated values are not names
        ({"STADTBEZ": [1, 2], "BEZEICHNG": ["Mitte", "Nord"]}, "BEZEICHNG"),
    ],
)
def test_the_name_column_is_a_text_column_of_names(data, expected):
    frame = pd.DataFrame(data)
    assert columns.guess_name_column(frame, list(frame)) == expected


def test_measures_are_never_ids():
    frame = pd.DataFrame({"FLAECHE_HA": [10, 20], "EINWOHNER": [500, 700], "nr": [1, 2]})
    assert columns.guess_id_column(frame, list(frame))[0] == "nr"


def test_the_published_ids_decide_the_id_column_of_a_new_boundary_file(tmp_path):
    import geopandas as gpd

    import sample_data
    from bildungsampel.service import publishing

    store = publishing.open_store(tmp_path / "data")
    areas = gpd.read_file(sample_data.BOUNDARIES)
    areas = areas.rename(columns={"stadtteil_nr": "schl"})
    areas.insert(0, "nr", range(1, len(areas) + 1))  # named like an id, but not the tables' ids
    path = tmp_path / "neu.gpkg"
    areas.to_file(path)
    check = publishing.prepare_boundaries(store, path, name_column="stadtteil")
    assert check.ok
    assert check.orphaned == []
    assert check.boundaries.warnings[0].text("en") == (
        "id column guessed: 'schl' (100% of its values are areas of the published tables)"
    )
    assert check.boundaries.warnings[0].text("de") == (
        "ID-Spalte erkannt: 'schl' (100 % der Werte sind Gebiete der veröffentlichten Tabellen)"
    )
    assert columns.guess_id_column(areas, ["nr", "schl"])[0] == "nr"  # without the published ids
