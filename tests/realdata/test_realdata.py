"""Real files nobody here wrote (../shared/realdata); skipped when absent, required in CI."""

import numpy as np
import pytest

from geodata.io import read_boundaries, read_boundary_files
from indicators import importer
from indicators.matching import split_aggregate_rows
from indicators.tables import read_table

pytestmark = pytest.mark.realdata


def test_koeln_stadtteile_land_in_cologne(realdata):
    bnd = read_boundaries(
        realdata / "koeln-stadtteile" / "Stadtteil.shp", id_column="STT_NR", name_column="STT_NAME"
    )
    assert len(bnd.areas) == 86
    assert "Dellbrück" in set(bnd.areas["area_name"])
    assert "Neustadt/Süd" in set(bnd.areas["area_name"])
    assert bnd.repaired == ["202"]
    assert bnd.areas.is_valid.all()
    assert "custom" in bnd.source_crs  # shifted false easting trusted, not replaced
    lon0, lat0, lon1, lat1 = bnd.bounds_4326
    assert 6.7 < lon0 < lon1 < 7.2
    assert 50.8 < lat0 < lat1 < 51.1
    dom = (
        bnd.to_display().set_index("area_name").loc["Köln-Deutz"]
        if "Köln-Deutz" in set(bnd.areas["area_name"])
        else bnd.to_display().set_index("area_name").loc["Deutz"]
    )
    assert dom.geometry.centroid.x == pytest.approx(6.975, abs=0.03)
    assert bnd.areas["area_id"].str.fullmatch(r"\d{3}").all()


def test_berlin_ortsteile_multipolygon_holes_cp1252(realdata):
    bnd = read_boundaries(
        realdata / "berlin-ortsteile" / "lor_ortsteile.shp",
        id_column="spatial_na",
        name_column="OTEIL",
        parent_column="BEZIRK",
    )
    areas = bnd.areas.set_index("area_name")
    assert len(areas) == 96
    assert {"Weißensee", "Französisch Buchholz"} <= set(areas.index)
    assert areas.loc["Buckow"].geometry.geom_type == "MultiPolygon"
    assert len(areas.loc["Buch"].geometry.interiors) == 1
    assert areas.loc["Mitte", "area_id"] == "0101"
    assert bnd.encoding.startswith("cp1252")
    assert len(set(bnd.areas["parent_id"])) == 12


def test_duisburg_bare_geometry_collections(realdata):
    files = sorted((realdata / "duisburg-osm").glob("[1-7]0[1-9]_*.json")) + sorted(
        (realdata / "duisburg-osm").glob("[1-7]10_*.json")
    )
    bnd = read_boundary_files(files)
    assert len(bnd.areas) == 27
    row = bnd.areas.set_index("area_id").loc["708"]
    assert row["area_name"] == "huettenheim"
    assert bnd.areas.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    lon0, lat0, _, _ = bnd.bounds_4326
    assert 6.6 < lon0 < 6.9
    assert 51.3 < lat0 < 51.6


HAMBURG_BEZIRKE = [
    "Hamburg-Mitte",
    "Altona",
    "Eimsbüttel",
    "Hamburg-Nord",
    "Wandsbek",
    "Bergedorf",
    "Harburg",
]


def test_hamburg_stadtteilprofile_no_value_lost_or_invented(realdata):
    raw = read_table(
        realdata / "hamburg-stadtteilprofile" / "Daten_fuer_die_Stadtteilprofile_2014.csv"
    )
    frame = raw.frame
    assert raw.encoding == "utf-8"
    assert raw.delimiter == ";"
    assert frame.shape == (107, 69)
    assert "Bevölkerung mit Migrationshintergrund" in frame.columns
    assert "65-Jährige und Ältere" in frame.columns
    level = split_aggregate_rows(
        frame, name_column="Stadtgebiet", parent_names=HAMBURG_BEZIRKE, city_names=["Hamburg"]
    )
    assert level.value_counts().to_dict() == {"area": 99, "parent": 7, "city": 1}
    mapping = importer.ColumnMapping(
        layout="wide",
        area_column="Stadtgebiet",
        indicator_columns={c: c for c in frame.columns if c != "Stadtgebiet"},
    )
    obs = importer.to_long(raw, mapping, period="2014").rename(columns={"source_area": "area_id"})
    # every cell is accounted for: a number or a missing value with its reason
    assert len(obs) == 107 * 68
    cells = frame.drop(columns="Stadtgebiet").to_numpy().ravel()
    assert obs["value"].notna().sum() + obs["missing_reason"].notna().sum() == cells.size
    assert set(obs["missing_reason"].dropna()) == {"unknown"}
    assert obs["missing_reason"].eq("unknown").sum() == sum(c.strip() == "." for c in cells)
    lone_dash = sum(c.strip() == "-" for c in cells)
    assert lone_dash > 0
    zero_from_dash = obs[(obs["value"] == 0)]
    assert len(zero_from_dash) >= lone_dash
    value = obs.set_index(["area_id", "indicator"])["value"]
    assert value[("Hamburg-Altstadt", "Bevölkerung")] == 1675
    assert value[("Hamburg-Altstadt", "Wanderungssaldo")] == -23
    assert value[("Hamburg-Altstadt", "Anteil der unter 18-Jährigen in %")] == pytest.approx(9.7)
    assert value[("Hamburg", "Bevölkerung")] == 1_788_994
    # the Bezirke add up to the city total: nothing lost, nothing invented
    pop = obs[obs["indicator"] == "Bevölkerung"].reset_index(drop=True)
    assert pop.loc[level.to_numpy() == "area", "value"].sum() == 1_782_217  # as published
    assert pop.loc[level.to_numpy() == "parent", "value"].sum() == 1_788_994
    eims = pop[pop["area_id"] == "Eimsbüttel"]["value"].tolist()
    assert eims[1] == 252_340
    assert eims[0] < eims[1]
    assert np.isfinite(obs["value"]).sum() > 7000


def test_hamburg_xlsx_agrees_with_csv(realdata):
    folder = realdata / "hamburg-stadtteilprofile"
    xlsx = read_table(folder / "Daten_fuer_die_Stadtteilprofile_2014.xlsx")
    assert xlsx.encoding == "xlsx"
    assert len(xlsx.frame.columns) >= 60
