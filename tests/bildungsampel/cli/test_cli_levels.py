"""Levels as data through the CLI: a city's own levels from a key table, rated on every level."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from typer.testing import CliRunner

from bildungsampel.cli import app
from bildungsampel.present.versions import comparison
from bildungsampel.service import dataset
from bildungsampel.service.store import Store

runner = CliRunner()
IDS = ["01001", "01002", "01003", "01004", "02001", "02002"]
#: children and inhabitants per Planungsraum
COUNTS = [(10, 100), (30, 200), (30, 300), (20, 400), (50, 500), (60, 600)]
CATALOG = """indicators:
- id: kinder_anteil
  label_de: Anteil Kinder
  domain: Demografie
  unit: '%'
  polarity: higher_is_better
  kind: proportion
  source: Test
  multiplier: 100
"""
LOR_KEYS = [
    "--area-column",
    "Planungsraum (Nummer)",
    "--parent",
    "Bezirksregion=Bezirksregion (Nummer):Bezirksregion (Name)",
    "--parent",
    "Prognoseraum=Prognoseraum (Nummer):Prognoseraum (Name)",
    "--parent",
    "Bezirk=Bezirk",
]


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"BILDUNGSAMPEL_LOCAL_ANALYST": "Test"})
    assert result.exit_code == 0, result.output
    return result.stdout


def lor_table(path: Path) -> Path:
    """A LOR-like key table as Berlin publishes it: numbers without leading zero, names."""
    pd.DataFrame(
        {
            "Bezirk": ["01"] * 4 + ["02"] * 2,
            "Prognoseraum (Nummer)": ["0110"] * 4 + ["0220"] * 2,
            "Prognoseraum (Name)": ["Zentrum"] * 4 + ["Ost"] * 2,
            "Bezirksregion (Nummer)": ["011001", "011001", "011002", "011002", "022001", "022001"],
            "Bezirksregion (Name)": ["Tiergarten", "Tiergarten", "Moabit", "Moabit"]
            + ["Friedrichsfelde"] * 2,
            "Planungsraum (Nummer)": ["1001", "1002", "1003", "1004", "2001", "2002"],
        }
    ).to_csv(path, sep=";", index=False)
    return path


@pytest.fixture
def city(tmp_path: Path) -> Path:
    """An own city: six Planungsräume published, one indicator with counts in two years."""
    store = tmp_path / "store"
    boundaries = tmp_path / "plr.geojson"
    gpd.GeoDataFrame(
        {"PLR_ID": IDS, "PLR_NAME": [f"Raum {i}" for i in IDS], "BEZ": ["01"] * 4 + ["02"] * 2},
        geometry=[shapely.box(x * 1000, 0, (x + 1) * 1000, 1000) for x in range(6)],
        crs="EPSG:25833",
    ).to_file(boundaries, driver="GeoJSON")
    (tmp_path / "kat.yaml").write_text(CATALOG, encoding="utf-8")
    values = tmp_path / "werte.csv"
    rows = [
        {
            "area_id": i,
            "period": y,
            "indicator": "kinder_anteil",
            "value": 100 * n / d,
            "numerator": n,
            "denominator": d,
        }
        for y in ("2022", "2023")
        for i, (n, d) in zip(IDS, COUNTS, strict=True)
    ]
    pd.DataFrame(rows).to_csv(values, sep=";", index=False, decimal=",")
    cli("init", "--empty", "--data-dir", str(store))
    cli(
        "import",
        "boundaries",
        str(boundaries),
        "--level-name",
        "Planungsraum",
        "--publish",
        "--data-dir",
        str(store),
    )
    cli(
        "import",
        "indicators",
        str(values),
        "--catalog",
        str(tmp_path / "kat.yaml"),
        "--publish",
        "--data-dir",
        str(store),
    )
    return store


def publish_levels(city: Path, tmp_path: Path) -> str:
    """Publish the LOR-like key table's levels over the city's areas; return what was shown."""
    table = str(lor_table(tmp_path / "lor.csv"))
    return cli("import", "hierarchy", table, *LOR_KEYS, "--publish", "--data-dir", str(city))


def classify(store: Path, level: str) -> pd.DataFrame:
    text = cli(
        "classify", "--level", level, "--format", "csv", "--year", "2023", "--data-dir", str(store)
    )
    return pd.read_csv(io.StringIO(text), dtype={"area_id": str})


def test_a_three_level_key_table_with_names_rates_every_level(city: Path, tmp_path: Path):
    shown = publish_levels(city, tmp_path)
    assert "levels: Planungsraum (6) → Bezirksregion (3) → Prognoseraum (2) → Bezirk (2)" in shown
    assert "Bezirksregion: 011001 Tiergarten, 011002 Moabit, 022001 Friedrichsfelde" in shown
    assert "published as version 3" in shown
    # any level by the city's word, in any case; pooled counts from the lowest level
    regions = classify(city, "bezirksregion")
    assert regions[["area_id", "area_name", "value"]].to_dict("list") == {
        "area_id": ["011001", "011002", "022001"],
        "area_name": ["Tiergarten", "Moabit", "Friedrichsfelde"],
        "value": [
            pytest.approx(100 * 40 / 300),
            pytest.approx(100 * 50 / 700),
            pytest.approx(100 * 110 / 1100),
        ],
    }
    bezirke = classify(city, "BEZIRK")
    assert bezirke["area_id"].tolist() == ["01", "02"]
    assert bezirke["value"].tolist() == [pytest.approx(100 * 90 / 1000), pytest.approx(10.0)]
    # every level compares with the same city value (200 of 2,100 children)
    assert set(bezirke["city_value"].round(6)) == {round(100 * 200 / 2100, 6)}
    assert classify(city, "Prognoseraum")["area_name"].tolist() == ["Zentrum", "Ost"]
    data = dataset.from_store(Store(city))
    assert [(lv.id, lv.label) for lv in data.levels] == [
        ("planungsraum", "Planungsraum"),
        ("bezirksregion", "Bezirksregion"),
        ("prognoseraum", "Prognoseraum"),
        ("bezirk", "Bezirk"),
    ]
    assert data.filled_levels() == ["planungsraum", "bezirksregion", "prognoseraum", "bezirk"]
    assert data.parent_level("bezirksregion") == "prognoseraum"
    # the version comparison names the new levels
    lines = comparison(Store(city).compare(2, 3), 2, 3, "de")
    assert lines[1:] == [
        "Gebietsebenen geändert: vorher Planungsraum (6), jetzt Planungsraum (6) → "
        "Bezirksregion (3) → Prognoseraum (2) → Bezirk (2)"
    ]
    # dissolved geometry: the Bezirk 01 is the four western squares
    assert data.areas("bezirk").set_index("area_id").area.round().to_dict() == {
        "01": 4_000_000.0,
        "02": 2_000_000.0,
    }


def test_an_unknown_level_lists_the_city_s_levels(city: Path, tmp_path: Path):
    publish_levels(city, tmp_path)
    result = runner.invoke(app, ["classify", "--level", "Ortsteil", "--data-dir", str(city)])
    assert result.exit_code == 2
    assert (
        "unknown area level 'Ortsteil'; the levels are Planungsraum, Bezirksregion, "
        "Prognoseraum, Bezirk" in result.stderr
    )


def test_levels_survive_new_values_new_boundaries_and_rollback(city: Path, tmp_path: Path):
    publish_levels(city, tmp_path)
    again = cli(
        "import", "boundaries", str(tmp_path / "plr.geojson"), "--publish", "--data-dir", str(city)
    )
    assert "the published levels (Bezirksregion, Prognoseraum, Bezirk) are kept" in again
    assert len(dataset.from_store(Store(city)).areas("bezirk")) == 2
    cli("rollback", "2", "--data-dir", str(city))  # before the hierarchy
    assert dataset.from_store(Store(city)).filled_levels() == ["planungsraum"]
    cli("rollback", "3", "--data-dir", str(city))
    assert dataset.from_store(Store(city)).filled_levels()[-1] == "bezirk"
    assert Store(city).check() == []


def test_a_key_table_that_does_not_nest_is_refused_and_nothing_is_published(
    city: Path, tmp_path: Path
):
    table = lor_table(tmp_path / "lor.csv")
    frame = pd.read_csv(table, sep=";", dtype=str)
    frame.loc[3, "Prognoseraum (Nummer)"] = "0220"
    frame.to_csv(table, sep=";", index=False)
    result = runner.invoke(
        app, ["import", "hierarchy", str(table), *LOR_KEYS, "--publish", "--data-dir", str(city)]
    )
    assert result.exit_code == 2
    assert "Bezirksregion 011002 lies in several areas of level Prognoseraum (0110, 0220" in (
        result.stderr
    )
    assert Store(city).current_id() == 2


def test_parent_columns_of_the_boundary_file_make_the_levels(tmp_path: Path):
    store = tmp_path / "s"
    path = tmp_path / "plr.geojson"
    gpd.GeoDataFrame(
        {
            "PLR_ID": IDS,
            "PLR_NAME": [f"Raum {i}" for i in IDS],
            "BEZ": ["1"] * 4 + ["2"] * 2,
            "BEZ_NAME": ["Mitte"] * 4 + ["Lichtenberg"] * 2,
        },
        geometry=[shapely.box(x * 1000, 0, (x + 1) * 1000, 1000) for x in range(6)],
        crs="EPSG:25833",
    ).to_file(path, driver="GeoJSON")
    cli("init", "--empty", "--data-dir", str(store))
    shown = cli(
        "import",
        "boundaries",
        str(path),
        "--level-name",
        "Planungsraum",
        "--parent",
        "Bezirk=bez:BEZ_NAME",
        "--publish",
        "--data-dir",
        str(store),
    )
    assert "levels: Planungsraum (6) → Bezirk (2)" in shown
    assert "Bezirk: 1 Mitte, 2 Lichtenberg" in shown
    data = dataset.from_store(Store(store))
    assert data.display_names("bezirk") == {"1": "Mitte", "2": "Lichtenberg"}
    assert data.areas("planungsraum")["parent_id"].tolist() == ["1"] * 4 + ["2"] * 2


def test_an_old_store_without_levels_keeps_stadtteile_in_stadtbezirke(tmp_path: Path):
    store = tmp_path / "sample"
    cli("init", "--data-dir", str(store))
    data = dataset.from_store(Store(store))
    assert data.levels == dataset.LEVELS
    assert data.filled_levels() == ["stadtteil", "stadtbezirk"]
    text = cli("classify", "--level", "Stadtbezirk", "--format", "csv", "--data-dir", str(store))
    assert sorted({r["area_id"] for r in csv.DictReader(io.StringIO(text))}) == [
        "Mitte",
        "Nord",
        "Ost",
        "Süd",
        "West",
    ]
