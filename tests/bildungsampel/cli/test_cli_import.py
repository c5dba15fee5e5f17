"""CLI contract: init, import indicators/boundaries, versions, rollback, --data-dir."""

import pytest
from typer.testing import CliRunner

import sample_data
from bildungsampel.cli import app
from bildungsampel.service.store import Store

runner = CliRunner()
TABLE = "Stadtteil;Jahr;Übergang aufs Gymnasium\nBuer;2023/24;44,5\nHeßler;2023/24;18\n"


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "data"
    result = runner.invoke(app, ["init", "--data-dir", str(path)])
    assert result.exit_code == 0, result.output
    assert "with the sample city (version 1)" in result.stdout
    return path


def test_init_refuses_a_used_directory(data_dir):
    result = runner.invoke(app, ["init", "--data-dir", str(data_dir)])
    assert result.exit_code == 2
    assert "already holds published data (version 1)" in result.stderr


def test_import_checks_then_publishes(data_dir, tmp_path):
    table = tmp_path / "neu.csv"
    table.write_text(TABLE, encoding="utf-8")
    result = runner.invoke(app, ["import", "indicators", str(table), "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    assert "neu.csv: 2 rows read, 2 values, 0 errors" in result.stdout
    assert Store(data_dir).current_id() == 1  # checked only
    result = runner.invoke(
        app, ["import", "indicators", str(table), "--publish", "--data-dir", str(data_dir)]
    )
    assert result.exit_code == 0, result.output
    assert "published as version 2" in result.stdout
    result = runner.invoke(
        app, ["classify", "--data-dir", str(data_dir), "--year", "2024", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert "41,Buer,gymnasium,2023/24,44.5" in result.stdout
    versions = runner.invoke(app, ["versions", "--data-dir", str(data_dir)])
    assert versions.exit_code == 0
    assert "indicators" in versions.stdout
    back = runner.invoke(app, ["rollback", "1", "--data-dir", str(data_dir)])
    assert back.exit_code == 0
    assert "version 1 published again as version 3" in back.stdout
    assert len(Store(data_dir).snapshot().observations) == 2448


def test_import_with_errors_exits_non_zero_and_changes_nothing(data_dir, tmp_path):
    table = tmp_path / "falsch.csv"
    table.write_text(
        "Stadtteil;Jahr;Übergang aufs Gymnasium\nAtlantis;2024;140\n", encoding="utf-8"
    )
    before = (data_dir / "bildungsampel.sqlite").read_bytes()
    result = runner.invoke(
        app, ["import", "indicators", str(table), "--publish", "--data-dir", str(data_dir)]
    )
    assert result.exit_code == 1
    assert "area not found" in result.stderr
    assert "1 errors" in result.stdout
    assert "Traceback" not in result.output
    assert (data_dir / "bildungsampel.sqlite").read_bytes() == before


def test_import_year_option_and_missing_file(data_dir, tmp_path):
    table = tmp_path / "ohne_jahr.csv"
    table.write_text("Stadtteil;Übergang aufs Gymnasium\nBuer;44\n", encoding="utf-8")
    result = runner.invoke(app, ["import", "indicators", str(table), "--data-dir", str(data_dir)])
    assert result.exit_code == 2
    assert "no year column" in result.stderr
    result = runner.invoke(
        app, ["import", "indicators", str(table), "--year", "2023/24", "--data-dir", str(data_dir)]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app, ["import", "indicators", str(tmp_path / "nope.csv"), "--data-dir", str(data_dir)]
    )
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_import_boundaries_into_an_empty_directory(tmp_path):
    path = tmp_path / "stadt"
    assert runner.invoke(app, ["init", "--empty", "--data-dir", str(path)]).exit_code == 0
    result = runner.invoke(
        app,
        [
            "import",
            "boundaries",
            str(sample_data.BOUNDARIES),
            "--id-column",
            "stadtteil_nr",
            "--name-column",
            "stadtteil",
            "--parent-column",
            "stadtbezirk",
            "--city",
            "Musterstadt",
            "--publish",
            "--data-dir",
            str(path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "18 areas" in result.stdout
    assert "published as version 1" in result.stdout
    snap = Store(path).snapshot()
    assert snap.version["city_name"] == "Musterstadt"
    assert len(snap.areas) == 18
    assert snap.catalog == []
    bad = runner.invoke(
        app,
        [
            "import",
            "boundaries",
            str(sample_data.BOUNDARIES),
            "--parent",
            "Stadtbezirk",
            "--data-dir",
            str(path),
        ],
    )
    assert bad.exit_code == 2
    assert "cannot read level 'Stadtbezirk'; give it as NAME=ID_COLUMN" in bad.stderr


@pytest.mark.parametrize(
    ("name", "table"),
    [
        (
            "lang.csv",
            "Stadtteil;Indikator;Jahr;Wert;Zähler;Nenner\n"
            "Buer;gymnasium;2023/24;30;100;100\nHassel;gymnasium;2023/24;12,5;1;8\n",
        ),
        (
            "breit.csv",
            "Stadtteil;Jahr;Übergang aufs Gymnasium;Übergang aufs Gymnasium Zähler;"
            "Übergang aufs Gymnasium Nenner\nBuer;2023/24;30;100;100\nHassel;2023/24;12,5;9;8\n",
        ),
    ],
)
def test_import_refuses_values_contradicting_their_counts(data_dir, tmp_path, name, table):
    path = tmp_path / name
    path.write_text(table, encoding="utf-8")
    before = (data_dir / "bildungsampel.sqlite").read_bytes()
    result = runner.invoke(
        app, ["import", "indicators", str(path), "--publish", "--data-dir", str(data_dir)]
    )
    assert result.exit_code == 1, result.output
    errors = "2 errors" if name == "breit.csv" else "1 errors"
    assert f"2 rows read, 2 values, {errors}" in result.stdout
    assert "does not" in result.stderr
    assert "published" not in result.stdout
    assert "Traceback" not in result.output
    assert (data_dir / "bildungsampel.sqlite").read_bytes() == before
    assert Store(data_dir).current_id() == 1
