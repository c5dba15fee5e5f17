"""``bildungsampel allocate`` on the sample city: files, hand-checked posts, messages."""

import io
import json

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from bildungsampel.cli import app
from bildungsampel.present import sheets

runner = CliRunner()

CLASSES = "best=0,better=0.5,similar=1,worse=1.5,worst=2"


def test_class_weights_split_posts_over_the_districts_by_hand():
    result = runner.invoke(
        app,
        [
            "allocate",
            "--budget",
            "12",
            "--posts",
            "--need",
            "sgb2_u15",
            "--target-population",
            "einwohner",
            "--classes-weights",
            CLASSES,
            "--level",
            "Stadtbezirk",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    rows = {r["area_id"]: r for r in body["rows"]}
    # classes × inhabitants: Mitte worse 1.5 × 77500, Nord better 0.5 × 57000, Ost better
    # 0.5 × 44500, Süd worse 1.5 × 42500, West similar 1 × 32000 = 262750 in all;
    # 12 posts: 5.31, 1.30, 1.02, 2.91, 1.46 → 5 1 1 2 1 = 10, the two left to Süd and West
    assert {a: r["grade"] for a, r in rows.items()} == {
        "Mitte": "worse",
        "Nord": "better",
        "Ost": "better",
        "Süd": "worse",
        "West": "similar",
    }
    assert {a: r["allocation"] for a, r in rows.items()} == {
        "Mitte": 5,
        "Nord": 1,
        "Ost": 1,
        "Süd": 3,
        "West": 2,
    }
    # even split by inhabitants 77500 : 57000 : 44500 : 42500 : 32000 of 253500
    # = 3.67, 2.70, 2.11, 2.01, 1.51 → 3 2 2 2 1 = 10, the two left to Mitte and Nord
    assert [rows[a]["even"] for a in ("Mitte", "Nord", "Ost", "Süd", "West")] == [4, 3, 2, 2, 1]
    assert body["unit"] == "post"
    assert body["version"] == 1
    assert body["rule"].startswith("12 Stellen auf 5 Gebiete verteilt, nach Klassengewichten")
    assert "(am günstigsten 0, günstiger 0,5, ähnlich 1" in body["rule"]


def test_csv_is_a_german_office_file_with_the_rule_and_exact_sum(tmp_path):
    out = tmp_path / "verteilung.csv"
    result = runner.invoke(
        app,
        [
            "allocate",
            "--budget",
            "1.000.000,00",
            "--need",
            "sgb2_u15",
            "--target-population",
            "einwohner",
            "--floor",
            "10000",
            "--cap",
            "150000",
            "--output",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    lines = out.read_bytes().decode("utf-8-sig").split("\r\n")
    meta = dict(line.split(";", 1) for line in lines[: sheets.META_LINES])
    assert meta["Stadt"] == "Gelsenkirchen"
    assert meta["Datenversion"] == "1"
    assert meta["Hinweis"].startswith('"1.000.000,00 € auf 18 Gebiete verteilt, im Verhältnis')
    assert "Mindestens 10.000,00 € je Gebiet. Höchstens 150.000,00 € je Gebiet." in meta["Hinweis"]
    table = pd.read_csv(
        io.StringIO("\r\n".join(lines[sheets.SKIP_ROWS :])), sep=";", decimal=",", dtype={1: str}
    )
    assert len(table) == 18
    assert round(table["Zuteilung (€)"].sum(), 2) == 1_000_000.00
    assert round(table["Gießkanne (€)"].sum(), 2) == 1_000_000.00
    assert table["Zuteilung (€)"].between(10_000, 150_000).all()
    assert table["Differenz (€)"].sum() == pytest.approx(0, abs=1e-6)


def test_xlsx_needs_output_and_is_written(tmp_path):
    args = ["allocate", "--budget", "5000", "--need", "sgb2_u15", "--format", "xlsx"]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 2
    assert "--format xlsx needs --output FILE.xlsx" in refused.output
    out = tmp_path / "v.xlsx"
    assert runner.invoke(app, [*args, "--output", str(out), "--lang", "en"]).exit_code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Allocation", "Metadata"]
    header = [c.value for c in book["Allocation"][1]]
    assert header[:6] == [
        "Area",
        "Area ID",
        "Need",
        "Allocation (€)",
        "Even split (€)",
        "Difference (€)",
    ]
    total = sum(row[3].value for row in book["Allocation"].iter_rows(min_row=2))
    assert round(total, 2) == 5000.00


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--floor", "1000"],
            "floor €1,000.00 × 18 areas = €18,000.00 exceeds the budget €5,000.00",
        ),
        (["--cap", "100"], "cap €100.00 × 18 areas with need (and the floors of the others) ="),
        (["--classes-weights", "great=1"], "unknown class(es) great; known: best"),
        (["--need", "nope"], "unknown indicator 'nope'; known: gymnasium"),
        (["--budget", "5.000,001"], "budget '5.000,001' is not an amount of money"),
    ],
)
def test_errors_are_one_line_and_status_2(extra, message):
    base = ["allocate", "--budget", "5000", "--need", "sgb2_u15"]
    result = runner.invoke(app, [*base, *extra])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
