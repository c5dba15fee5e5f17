import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import sample_data
from bildungsampel.cli import app
from bildungsampel.service import dataset
from sample_data import generate

runner = CliRunner()


@pytest.fixture(scope="module")
def data():
    return dataset.load_dataset()


@pytest.fixture(scope="module")
def rated(data):
    return dataset.rate(data, year="2023")


def test_sample_city_structure(data):
    areas = data.areas()
    assert len(areas) == 18
    assert areas.crs.to_epsg() == 25832
    assert areas.area.sum() / 1e6 == pytest.approx(105, abs=5)
    assert data.areas("stadtbezirk")["area_id"].tolist() == ["Mitte", "Nord", "Ost", "Süd", "West"]
    assert (data.areas("stadtbezirk").geom_type == "Polygon").all()  # each Stadtbezirk contiguous
    assert len(data.catalog) >= 15
    assert set(data.catalog.domains()) >= {
        "Formale Bildung",
        "Entwicklungskompetenzen",
        "Demografie",
        "Migration",
        "Sozioökonomische Lage",
    }
    years = {p[:4] for p in data.periods()}
    assert len(years) >= 8


def test_sample_city_anchors(data, rated):
    r = rated.set_index(["area_name", "indicator"])
    assert r.loc[("Buer", "einwohner"), "value"] == pytest.approx(33_000, rel=0.02)
    assert r.loc[("Altstadt", "einwohner"), "value"] == pytest.approx(10_000, rel=0.02)
    assert r.loc[("Buer", "sprache"), "city_value"] == pytest.approx(43, abs=3)
    assert r.loc[("Buer", "sgb2_u15"), "city_value"] == pytest.approx(40, abs=4)
    assert r.loc[("Buer", "uebergewicht"), "city_value"] == pytest.approx(13, abs=2)
    assert r.loc[("Neustadt", "uebergewicht"), "value"] > 16
    assert r.loc[("Buer", "uebergewicht"), "value"] < 9
    assert (
        r.loc[("Neustadt", "auslaender"), "value"]
        > r.loc[("Resser Mark", "auslaender"), "value"] * 4
    )
    greens = rated[rated["rating"] == "green"].groupby("area_name").size()
    reds = rated[rated["rating"] == "red"].groupby("area_name").size()
    assert greens.get("Buer", 0) > reds.get("Buer", 0)
    assert reds.get("Schalke-Nord", 0) > greens.get("Schalke-Nord", 0)
    assert reds.get("Neustadt", 0) > greens.get("Neustadt", 0)
    grey = rated[rated["rating"] == "grey"]
    assert ("Heßler", "ohne_abschluss") in set(
        zip(grey["area_name"], grey["indicator"], strict=True)
    )
    # 2 of 12 leavers: both the numerator (< 5) and the denominator (< 20) are too small
    reason = grey.set_index(["area_name", "indicator"]).loc[("Heßler", "ohne_abschluss"), "reason"]
    assert reason == "nicht bewertet: Zähler unter 5 (zu kleine Fallzahl; angezeigt als < 5)"


def test_sample_is_reproducible():
    obs = generate.observations(np.random.default_rng(generate.SEED))
    stored = pd.read_csv(sample_data.INDICATORS, dtype={"area_id": str})
    np.testing.assert_allclose(
        obs["numerator"].to_numpy(dtype=float),
        stored["numerator"].to_numpy(dtype=float),
        equal_nan=True,
    )
    assert generate.catalog_yaml() == sample_data.CATALOG.read_text(encoding="utf-8")


def test_stadtbezirk_level(data):
    res = dataset.rate(data, level="stadtbezirk", year="2023")
    assert set(res["area_name"]) == {"Mitte", "Nord", "Ost", "Süd", "West"}
    sprache = res[res["indicator"] == "sprache"]
    ref = dataset.rate(data, year="2023")
    assert sprache["city_value"].iloc[0] == pytest.approx(
        ref[ref["indicator"] == "sprache"]["city_value"].iloc[0]
    )
    assert res.loc[res["indicator"] == "sozialindex", "rating"].eq("grey").all()


def test_cli_classify_csv_and_json(tmp_path):
    result = runner.invoke(app, ["classify", "--year", "2023", "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "area_id,area_name,indicator,year,value,city_value,city_value_kind,ci_low,ci_high,"
        "lower_limit,upper_limit,rating,grade,trend,trend_direction,reason,method"
    )
    assert len(lines) == 1 + 18 * 17
    out = tmp_path / "r.json"
    result = runner.invoke(
        app,
        [
            "classify",
            "--level",
            "stadtbezirk",
            "--format",
            "json",
            "--output",
            str(out),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert {r["rating"] for r in rows} <= {"green", "yellow", "red", "grey", "neutral"}
    assert {r["trend"] for r in rows} <= {
        "improving",
        "worsening",
        "increasing",
        "decreasing",
        "no_significant_change",
        "none",
    }
    assert {r["trend_direction"] for r in rows} <= {"increasing", "decreasing", "flat", "none"}
    assert any(r["reason"].startswith("unfavourable: ") for r in rows)
    assert not any(r["reason"].startswith(("red", "green", "yellow", "grey")) for r in rows)


def test_cli_classify_table_and_errors():
    result = runner.invoke(app, ["classify", "--year", "2023"])
    assert result.exit_code == 0
    assert "Schalke-Nord" in result.stdout
    result = runner.invoke(app, ["classify", "--year", "1999"])
    assert result.exit_code == 2
    assert "no data for year '1999'" in result.stderr
    assert "Traceback" not in result.output
    result = runner.invoke(app, ["classify", "--year", "Jahr"])
    assert result.exit_code == 2
    assert "neither a year" in result.stderr
    result = runner.invoke(app, ["classify", "--method", "magic"])
    assert result.exit_code == 2
    assert "unknown rating method 'magic'" in result.stderr


@pytest.mark.parametrize("suffix", [".png", ".pdf", ".svg"])
def test_cli_heatmap(tmp_path, suffix):
    out = tmp_path / f"h{suffix}"
    result = runner.invoke(app, ["heatmap", "--output", str(out), "--year", "2023"])
    assert result.exit_code == 0, result.output
    magic = {".png": b"\x89PNG", ".pdf": b"%PDF", ".svg": b"<?xml"}[suffix]
    assert out.read_bytes().startswith(magic)
    assert "18 × 17" in result.stderr


def test_cli_heatmap_bad_output(tmp_path):
    result = runner.invoke(app, ["heatmap", "--output", str(tmp_path / "h.gif")])
    assert result.exit_code == 2
    assert "h.gif: --output must end in .png, .pdf, .svg or .csv" in result.stderr


def test_cli_heatmap_year_without_data(tmp_path):
    out = tmp_path / "h.csv"
    result = runner.invoke(app, ["heatmap", "--output", str(out), "--year", "1990"])
    assert result.exit_code == 2
    assert "no rated values for year '1990'; available years: 2015/16, 2016," in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def _heatmap_csv(tmp_path, *options):
    out = tmp_path / "h.csv"
    result = runner.invoke(app, ["heatmap", "--output", str(out), "--year", "2023", *options])
    assert result.exit_code == 0, result.output
    assert "heatmap 18 × 17 written to" in result.stderr
    return pd.read_csv(out, dtype={"area_id": str, "colour": str}, keep_default_na=False)


def test_cli_heatmap_csv_is_the_heatmap_as_data(tmp_path):
    table = _heatmap_csv(tmp_path)
    assert table.columns.tolist() == [
        "area_id",
        "area_name",
        "indicator",
        "year",
        "value",
        "scaled",
        "rating",
        "colour",
    ]
    assert len(table) == 18 * 17
    cell = table.set_index(["area_name", "indicator"])
    # no judgement: the lowest share of foreign nationals is light purple, not Ampel red
    lowest = cell.xs("auslaender", level="indicator")["value"].astype(float).idxmin()
    assert lowest == "Resser Mark"
    assert cell.loc[("Resser Mark", "auslaender"), "colour"] == "#f2f0f7"
    assert cell.loc[("Resser Mark", "auslaender"), "rating"] == "neutral"
    assert float(cell.loc[("Resser Mark", "auslaender"), "scaled"]) == 0.0
    foreign = cell.xs("auslaender", level="indicator")
    assert not set(foreign["colour"]) & {"#d7301f", "#f2c500", "#2e9e48"}
    # not rated (denominator 12): the value is kept, but no scaled value and no colour
    hessler = cell.loc[("Heßler", "ohne_abschluss")]
    assert float(hessler["value"]) == pytest.approx(8.3333, abs=1e-3)
    assert (hessler["scaled"], hessler["rating"], hessler["colour"]) == ("", "grey", "")
    assert hessler["year"] == "2022/23"
    judged = cell.xs("gymnasium", level="indicator")
    assert set(judged["colour"].str.fullmatch("#[0-9a-f]{6}")) == {True}
    assert judged["scaled"].astype(float).max() == 1.0
    assert judged.loc[judged["scaled"].astype(float).idxmax(), "colour"] == "#2e9e48"


def test_cli_heatmap_rank_scale(tmp_path):
    table = _heatmap_csv(tmp_path, "--scale", "rank", "--colourblind", "--no-cluster")
    foreign = table[table["indicator"] == "auslaender"].astype({"value": float, "scaled": float})
    # 18 distinct values: percentiles 0, 1/17, ..., 1 in the order of the values
    ranks = foreign.sort_values("value")["scaled"].tolist()
    assert ranks == pytest.approx([round(k / 17, 6) for k in range(18)])
    assert foreign.sort_values("value")["colour"].iloc[0] == "#f2f0f7"
    assert table["area_id"].iloc[0] == sorted(table["area_id"])[0]  # fixed order
    result = runner.invoke(app, ["heatmap", "--output", "h.csv", "--scale", "zscore"])
    assert result.exit_code == 2
    assert "zscore" in result.output


def test_cli_check_boundaries(tmp_path):
    result = runner.invoke(
        app,
        [
            "check-boundaries",
            str(sample_data.BOUNDARIES),
            "--id-column",
            "stadtteil_nr",
            "--name-column",
            "stadtteil",
        ],
    )
    assert result.exit_code == 0
    assert "features: 18" in result.stdout
    assert "source CRS: ETRS89 / UTM zone 32N (EPSG:25832)" in result.stdout
    assert "repaired geometries: none" in result.stdout
    bad = tmp_path / "p.geojson"
    bad.write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
        '{"id":"1"},"geometry":{"type":"Polygon","coordinates":[[[360000,5710000],'
        "[361000,5710000],[361000,5711000],[360000,5710000]]]}}]}"
    )
    result = runner.invoke(app, ["check-boundaries", str(bad)])
    assert result.exit_code == 2
    assert "projected metres" in result.stderr
    assert "Traceback" not in result.output
    result = runner.invoke(app, ["check-boundaries", str(bad), "--crs", "EPSG:25832"])
    assert result.exit_code == 0
