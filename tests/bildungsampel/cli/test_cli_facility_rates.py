"""Counts of facilities from a catalogue file that names a published population; no suppression."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from bildungsampel.cli import app
from indicators.catalog_entries import indicator_from_mapping
from indicators.errors import CatalogError

runner = CliRunner()
ENTRY = """indicators:
- id: kitas_je_1000
  label_de: Kitas je 1.000 Einwohner
  domain: Formale Bildung
  unit: je 1.000
  polarity: higher_is_better
  kind: rate
  multiplier: 1000
  denominator: einwohner
  source: Jugendamt
"""
TABLE = "Stadtteil;Jahr;Kitas je 1.000 Einwohner\nAltstadt;2023;12\nSchalke;2023;\nHassel;2023;3\n"


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"BILDUNGSAMPEL_LOCAL_ANALYST": "Test"})
    assert result.exit_code == 0, result.output
    return result.stdout


def rates(tmp_path: Path, catalog: str) -> pd.DataFrame:
    store = tmp_path / "s"
    cli("init", "--data-dir", str(store))  # the sample city publishes ``einwohner``
    (tmp_path / "k.yaml").write_text(catalog, encoding="utf-8")
    (tmp_path / "kitas.csv").write_text(TABLE, encoding="utf-8")
    table, entries = str(tmp_path / "kitas.csv"), str(tmp_path / "k.yaml")
    cli("import", "indicators", table, "--catalog", entries, "--empty-as-zero", "--publish",
        "--data-dir", str(store))  # fmt: skip
    out = cli("classify", "--format", "csv", "--year", "2023", "--data-dir", str(store))
    frame = pd.read_csv(io.StringIO(out), dtype={"area_id": str})
    return frame[frame["indicator"] == "kitas_je_1000"].set_index("area_name")


def test_a_catalogue_file_may_name_the_published_population(tmp_path: Path):
    found = rates(tmp_path, ENTRY)
    assert found.loc["Altstadt", "value"] == pytest.approx(1.2)  # 12 per 10,000 inhabitants
    assert found.loc["Schalke", "value"] == 0.0  # empty read as 0
    # 3 Kitas: below the installation's disclosure limit of 5, not shown and not rated
    assert pd.isna(found.loc["Hassel", "value"])
    assert found.loc["Hassel", "rating"] == "grey"


def test_counts_of_facilities_switch_the_disclosure_limit_off(tmp_path: Path):
    found = rates(tmp_path, ENTRY + "  rule:\n    small_numerator: 0\n")
    assert found.loc["Hassel", "value"] == pytest.approx(0.2)
    assert found.loc["Hassel", "rating"] == "yellow"


def test_a_limit_of_the_indicator_s_own_is_checked_and_named_in_the_reason():
    with pytest.raises(CatalogError, match=r"small_numerator.*whole number from 0 to 1000"):
        indicator_from_mapping(
            {"id": "x", "label_de": "X", "domain": "D", "polarity": "no_judgement",
             "kind": "count", "rule": {"small_numerator": -1}}
        )  # fmt: skip
