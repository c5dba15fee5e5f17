"""Real tables nobody here wrote, uploaded as an analyst would (../shared/realdata)."""

from __future__ import annotations

import io

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

import sample_data
from bildungsampel.service import dataset, publishing
from bildungsampel.service.store import Publication, Store
from indicators import importer
from indicators.catalog_files import load_catalog
from indicators.importer import ColumnMapping
from indicators.matching import SKIP
from indicators.tables import read_table

pytestmark = pytest.mark.realdata

HAMBURG_BEZIRKE = [
    "Hamburg-Mitte",
    "Altona",
    "Eimsbüttel",
    "Hamburg-Nord",
    "Wandsbek",
    "Bergedorf",
    "Harburg",
]
SHARES = {
    "Anteil der unter 18-Jährigen in %": "u18",
    "Anteil der 65-Jährigen und Älteren in %": "ue65",
}
ENTRY = {
    "domain": "Demografie",
    "unit": "%",
    "polarity": "no_judgement",
    "kind": "proportion",
    "multiplier": 100,
    "source": "Statistikamt Nord",
}


@pytest.fixture
def hamburg(realdata, tmp_path):
    """A store with the 99 Hamburg Stadtteile (no boundary file is available: square cells)."""
    folder = realdata / "hamburg-stadtteilprofile"
    frame = read_table(folder / "Daten_fuer_die_Stadtteilprofile_2014.csv").frame
    names = [n.strip() for n in frame["Stadtgebiet"][:99]]
    cells = [
        shapely.box(
            560000 + (i % 10) * 1000,
            5930000 + (i // 10) * 1000,
            561000 + (i % 10) * 1000,
            5931000 + (i // 10) * 1000,
        )
        for i in range(99)
    ]
    areas = gpd.GeoDataFrame(
        {
            "area_id": [f"{i + 1:03d}" for i in range(99)],
            "area_name": names,
            "parent_id": [HAMBURG_BEZIRKE[i % 7] for i in range(99)],
        },
        geometry=cells,
        crs=25832,
    )
    store = Store(tmp_path / "hh")
    store.publish(Publication(kind="boundaries", author="test", areas=areas, city_name="Hamburg"))
    return store, folder


def hamburg_mapping(columns) -> ColumnMapping:
    return ColumnMapping(
        layout="wide",
        area_column="Stadtgebiet",
        indicator_columns={c: SHARES[c] for c in columns if c in SHARES},
    )


@pytest.mark.parametrize(
    "name",
    ["Daten_fuer_die_Stadtteilprofile_2014.csv", "Daten_fuer_die_Stadtteilprofile_2014.xlsx"],
)
def test_hamburg_profiles_upload(hamburg, name):
    store, folder = hamburg
    data = (folder / name).read_bytes()
    entries = [{"id": i, "label_de": c, **ENTRY} for c, i in SHARES.items()]
    columns = read_table(folder / "Daten_fuer_die_Stadtteilprofile_2014.csv").frame.columns
    prepared, entries = publishing.prepare_indicators(
        store,
        data,
        name,
        new_entries=entries,
        options=importer.ImportOptions(period=2014, mapping=hamburg_mapping(columns)),
    )
    report = prepared.report("en")
    assert prepared.ok, report.to_string()
    notes = report["problem"].value_counts().to_dict()
    # 7 Bezirk rows (4 of them share their name with a Stadtteil) and the city total
    assert (
        notes[
            "row for the city total recognised: kept as the delivered city value the areas are "
            "compared with"
        ]
        == 1
    )
    assert (
        notes.get("row for a borough recognised, not imported", 0)
        + notes.get("second row of this name recognised as a borough, not imported", 0)
    ) == 7
    obs = prepared.observations.set_index(["area_id", "indicator"])["value"]
    assert len(obs) == 99 * 2 + 2  # and the city total of both indicators
    # the file's "Hamburg" row: 15,7 % under 18, 18,7 % 65 and older
    assert (obs[("city", "u18")], obs[("city", "ue65")]) == (15.7, 18.7)
    assert obs[("001", "u18")] == pytest.approx(9.7)  # Hamburg-Altstadt
    assert obs[("002", "ue65")] == pytest.approx(11.2)  # HafenCity
    vid = publishing.publish_indicators(store, prepared, entries, author="test")
    rated = dataset.rate(dataset.from_store(store, vid), year="2014")
    assert len(rated) == 99 * 2
    assert set(rated["rating"]) <= {"neutral", "grey"}
    # the areas are compared with Hamburg's own published total, and say so
    u18 = rated[rated["indicator"] == "u18"]
    assert set(u18["city_value"]) == {15.7}
    assert set(u18["city_value_kind"]) == {"total_row"}


def test_koeln_population_shares_by_id(realdata, tmp_path):
    folder = realdata / "koeln-stadtteile"
    store = publishing.open_store(tmp_path / "koeln", create_sample=False)
    check = publishing.prepare_boundaries(
        store, folder / "Stadtteil.shp", id_column="STT_NR", name_column="STT_NAME"
    )
    publishing.publish_boundaries(store, check, author="test", city_name="Köln")
    pop = pd.read_csv(folder / "bevoelkerung.csv", dtype=str)
    pop["zahl"] = pop["zahl"].astype(float)
    total = pop[pop["zeile"] == "Einwohner"].set_index(["raum_id", "jahr"])["zahl"]
    foreign = pop[pop["zeile"] == "Ausländer"].set_index(["raum_id", "jahr"])["zahl"]
    table = pd.DataFrame({"numerator": foreign, "denominator": total}).dropna().reset_index()
    table = table[table["raum_id"].str.fullmatch(r"[1-9]\d\d")]  # Stadtteile only
    table.insert(1, "indicator", "auslaender")
    table = table.rename(columns={"raum_id": "area_id", "jahr": "period"})
    table["value"] = ""
    buffer = io.StringIO()
    table.to_csv(buffer, index=False)
    entry = {
        "id": "auslaender",
        "label_de": "Ausländeranteil",
        "domain": "Migration",
        "unit": "%",
        "polarity": "no_judgement",
        "kind": "proportion",
        "multiplier": 100,
    }
    prepared, entries = publishing.prepare_indicators(
        store, buffer.getvalue().encode(), "koeln.csv", new_entries=[entry]
    )
    assert prepared.ok, prepared.report("en").to_string()
    assert len(prepared.observations) == 86 * 8
    assert set(prepared.matches["how"]) == {"id"}
    publishing.publish_indicators(store, prepared, entries, author="test")
    data = dataset.from_store(store)
    rated = dataset.rate(data, year="2012").set_index("area_name")
    direct = foreign[("905", "2012")] / total[("905", "2012")] * 100  # Dellbrück
    assert rated.loc["Dellbrück", "value"] == pytest.approx(direct)
    assert rated.loc["Dellbrück", "city_value"] == pytest.approx(
        table[table["period"] == "2012"]["numerator"].sum()
        / table[table["period"] == "2012"]["denominator"].sum()
        * 100
    )


def test_berlin_population_joined_by_name(realdata, tmp_path):
    folder = realdata / "berlin-ortsteile"
    store = publishing.open_store(tmp_path / "berlin", create_sample=False)
    check = publishing.prepare_boundaries(
        store,
        folder / "lor_ortsteile.shp",
        id_column="spatial_na",
        name_column="OTEIL",
        parent_column="BEZIRK",
    )
    publishing.publish_boundaries(store, check, author="test", city_name="Berlin")
    data = (folder / "population_age_gender_Berlin_local_districts_20231231.csv").read_bytes()
    mapping = ColumnMapping(
        layout="wide", area_column="local_district_name", indicator_columns={"total": "einwohner"}
    )
    entry = {
        "id": "einwohner",
        "label_de": "Einwohner",
        "domain": "Demografie",
        "unit": "",
        "polarity": "no_judgement",
        "kind": "count",
    }
    prepared, entries = publishing.prepare_indicators(
        store,
        data,
        "berlin.csv",
        new_entries=[entry],
        options=importer.ImportOptions(mapping=mapping, period=2023),
    )
    report = prepared.report("en")
    unmatched = report[report["problem"].str.startswith("area not found")]
    assert unmatched["value"].tolist() == ["Schlachtensee"]  # the one name without a shape
    assert not prepared.ok
    confirmed, entries = publishing.prepare_indicators(
        store,
        data,
        "berlin.csv",
        new_entries=[entry],
        options=importer.ImportOptions(
            mapping=mapping, period=2023, confirmed={"Schlachtensee": SKIP}
        ),
    )
    assert confirmed.ok, confirmed.report("en").to_string()
    assert len(confirmed.observations) == 96
    publishing.publish_indicators(store, confirmed, entries, author="test")
    snap = store.snapshot()
    value = snap.observations.merge(snap.areas[["area_id", "area_name"]], on="area_id")
    mitte = value.set_index("area_name").loc["Mitte", "value"]
    assert mitte == 107875
    assert np.isfinite(value["value"]).all()


def test_hamburg_area_names_and_population_found_by_content(hamburg):
    """The office's table as published: names first, "Bevölkerung" is the population."""
    store, folder = hamburg
    name = "Daten_fuer_die_Stadtteilprofile_2014.csv"
    areas = importer.known_areas(store.snapshot(with_observations=False, with_geometry=False).areas)
    catalog = load_catalog(sample_data.CATALOG)
    prepared = importer.prepare(
        (folder / name).read_bytes(),
        name,
        areas=areas,
        catalog=catalog,
        city_name="Hamburg",
        options=importer.ImportOptions(period=2014),
    )
    assert prepared.mapping.area_column == "Stadtgebiet"
    assert prepared.mapping.indicator_columns["Bevölkerung"] == "einwohner"
    note = next(p for p in prepared.problems if p.column == "Stadtgebiet" and p.row is None)
    # 99 Stadtteile and the 4 Bezirke named like one of them; not "Hamburg" and 3 Bezirke
    assert note.problem_text("en") == (
        "column 'Stadtgebiet' is the area column: 103 of 107 values are area names of the "
        "published boundaries"
    )
    obs = prepared.observations.set_index(["area_id", "indicator"])["value"]
    assert obs[("001", "einwohner")] == 1675.0  # Hamburg-Altstadt: " 1 675    "
    # one line per column and problem, whatever the number of rows
    lines = prepared.report("en")
    assert not lines.duplicated(["column", "problem"]).any()
