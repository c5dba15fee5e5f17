"""CLI: a rate per 1,000 inhabitants from a count table and the published population."""

import pytest
from typer.testing import CliRunner

from bildungsampel.cli import app

runner = CliRunner()
CATALOG = """
indicators:
  - id: einwohner
    label_de: Einwohnerinnen und Einwohner
    label_en: Inhabitants
    domain: Demografie
    polarity: no_judgement
    kind: count
  - id: kitas_je_1000
    label_de: Kitas je 1.000 Einwohner
    label_en: Day-care centres per 1,000 inhabitants
    domain: Formale Bildung
    unit: je 1.000
    polarity: higher_is_better
    kind: rate
    multiplier: 1000
    denominator: einwohner
"""


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "data"
    result = runner.invoke(app, ["init", "--data-dir", str(path)])
    assert result.exit_code == 0, result.output
    return path


def run(data_dir, *args):
    result = runner.invoke(app, [*args, "--data-dir", str(data_dir)], terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_publishes_population_then_counts_and_rates_them(data_dir, tmp_path):
    catalog = tmp_path / "katalog.yaml"
    catalog.write_text(CATALOG, encoding="utf-8")
    population = tmp_path / "einwohner.csv"
    population.write_text("Stadtteil;Jahr;einwohner\n41;2024;4000\n42;2024;2500\n")
    run(data_dir, "import", "indicators", str(population), "--publish")
    kitas = tmp_path / "kitas.csv"
    kitas.write_text("Stadtteil;Jahr;kitas_je_1000\n41;2024;6\n42;2024;\n43;2024;2\n")
    report = tmp_path / "bericht.csv"
    out = run(
        data_dir,
        "import",
        "indicators",
        str(kitas),
        "--catalog",
        str(catalog),
        "--report",
        str(report),
    )
    assert "3 values, 0 errors, 2 notes" in out
    lines = report.read_text(encoding="utf-8-sig")
    assert "empty cell in a column of counts, left without a value (row 3)" in lines
    assert "--empty-as-zero" in lines
    assert (
        "Day-care centres per 1,000 inhabitants: area 43 lacks the reference count "
        "'Inhabitants' 2024" in lines
    )
    out = run(
        data_dir,
        "import",
        "indicators",
        str(kitas),
        "--catalog",
        str(catalog),
        "--empty-as-zero",
        "--publish",
        "--report",
        str(report),
    )
    assert "empty cell in a column of counts, read as 0 (row 3)" in report.read_text("utf-8-sig")
    assert "published as version 3" in out
    out = run(data_dir, "classify", "--year", "2024", "--format", "csv")
    rows = [line for line in out.splitlines() if ",kitas_je_1000," in line]
    assert rows[0].startswith("41,Buer,kitas_je_1000,2024,1.5,")
    assert rows[1].startswith("42,Hassel,kitas_je_1000,2024,0.0,")
