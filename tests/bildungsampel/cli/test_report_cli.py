"""``bildungsampel report``: exit codes, messages in the report's language, the PDF written."""

import pytest
from typer.testing import CliRunner

from bildungsampel.cli import app
from tests import helpers

runner = CliRunner()


def test_report_of_one_area(tmp_path):
    out = tmp_path / "bericht.pdf"
    result = runner.invoke(
        app, ["report", "--area", "17", "--period", "2023", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "7 sections written to" in result.stderr
    data = out.read_bytes()
    texts = helpers.pdf_texts(data)
    assert "Bildungsampel – Heßler" in texts
    assert "Stadtteil · Gelsenkirchen · Stand: 2022/23 · 2023" in texts
    n = len(helpers.pdf_page_sizes(data))
    assert f"Seite {n} von {n}" in texts


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--area", "99"],
            "Fehler: Gebiet „99“ gibt es auf der Ebene Stadtteil nicht; bitte eine der Kennungen "
            "11 (Altstadt), 12 (Schalke)",
        ),
        (
            ["--area", "99", "--lang", "en"],
            "Error: there is no area “99” at level Stadtteil (district); give one of the ids "
            "11 (Altstadt)",
        ),
        (
            ["--area", "Mitte"],
            "Fehler: Gebiet „Mitte“ gibt es auf der Ebene Stadtteil nicht",
        ),
        (
            ["--area", "11", "--level", "Stadtbezirk"],
            "Fehler: Gebiet „11“ gibt es auf der Ebene Stadtbezirk nicht; bitte eine der Kennungen "
            "Mitte, Nord, Ost, Süd, West angeben (--area)",
        ),
        ([], "Fehler: bitte --area ID (ein Gebiet) oder --all (alle Gebiete der Ebene) angeben"),
        (["--area", "11", "--all"], "Fehler: bitte --area ID (ein Gebiet) oder --all"),
        (["--area", "11", "--level", "Kreis", "--lang", "en"], "Error: "),
    ],
)
def test_report_errors_exit_2_with_a_message(tmp_path, args, message):
    out = tmp_path / "r.pdf"
    result = runner.invoke(app, ["report", *args, "--output", str(out)])
    assert result.exit_code == 2
    assert result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_report_refuses_another_suffix(tmp_path):
    result = runner.invoke(app, ["report", "--area", "11", "--output", str(tmp_path / "r.docx")])
    assert result.exit_code == 2
    assert "Fehler: r.docx: --output muss auf .pdf enden" in result.stderr
    result = runner.invoke(
        app, ["report", "--area", "11", "--lang", "en", "--output", str(tmp_path / "r.docx")]
    )
    assert "Error: r.docx: --output must end in .pdf" in result.stderr


def test_report_of_a_year_without_data(tmp_path):
    result = runner.invoke(
        app, ["report", "--area", "11", "--period", "1999", "--output", str(tmp_path / "r.pdf")]
    )
    assert result.exit_code == 2
    assert "Fehler:" in result.stderr
    assert "1999" in result.stderr
    assert "2023" in result.stderr  # the years there are


@pytest.mark.slow
def test_city_report_of_every_stadtbezirk(tmp_path):
    out = tmp_path / "stadt.pdf"
    result = runner.invoke(
        app,
        ["report", "--all", "--level", "Stadtbezirk", "--lang", "en", "--output", str(out)],
    )
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    texts = helpers.pdf_texts(data)
    assert "Bildungsampel – report for Gelsenkirchen" in texts
    assert "All areas at a glance" in texts
    for name in ("Mitte", "Nord", "Ost", "Süd", "West"):
        assert name in texts  # each area's section heading
    sizes = helpers.pdf_page_sizes(data)
    assert all((round(w), round(h)) == (595, 842) for w, h in sizes)
    assert f"Page {len(sizes)} of {len(sizes)}" in texts


def test_report_refuses_an_allocation_it_cannot_use(tmp_path):
    out = tmp_path / "stadt.pdf"
    saved = tmp_path / "v.json"
    saved.write_text('{"rule": "r", "unit": "cent", "rows": [], "version": 999}', "utf-8")
    one = runner.invoke(
        app, ["report", "--area", "11", "--allocation", str(saved), "--output", str(out)]
    )
    assert one.exit_code == 2
    assert "--allocation gehört in den Stadtbericht" in one.stderr
    old = runner.invoke(app, ["report", "--all", "--allocation", str(saved), "--output", str(out)])
    assert old.exit_code == 2
    assert "v.json wurde aus Datenversion 999 berechnet" in old.stderr
    saved.write_text("[1, 2]", "utf-8")
    bad = runner.invoke(
        app, ["report", "--all", "--allocation", str(saved), "--output", str(out), "--lang", "en"]
    )
    assert bad.exit_code == 2
    assert "v.json: not an allocation written by 'bildungsampel allocate --format json'" in (
        bad.stderr
    )
    assert not out.exists()
