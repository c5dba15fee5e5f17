"""Hostile indicator tables (issue 9): every limit refuses before anything is expanded,
with a message naming the limit, the value found and how to raise it; reports stay small;
non-finite numbers and odd digits are reported. Through ``prepare`` and the CLI, the store
stays byte-identical."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from contextlib import closing
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from bildungsampel.service import publishing
from bildungsampel.service.store import Store
from indicators import importer
from indicators.errors import BildungsampelError
from indicators.tables import TableLimitError, TableLimits, read_csv_text, sniff_delimiter
from tests import helpers
from tests.hostile.test_hostile_inputs import csv

ROOT = helpers.ROOT
LONG = "area_id;indicator;period;value;numerator;denominator\n"


def xlsx(build) -> bytes:
    book = Workbook()
    build(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table(ws, *rows) -> None:
    ws.append(["Stadtteil", "Jahr", "Übergang aufs Gymnasium"])
    for row in rows or (["Buer", 2023, 41], ["Hassel", 2023, 30]):
        ws.append(row)


def far_cell(book) -> None:
    table(book.active)
    book.active["XFD1048576"] = 1


def huge_merge() -> bytes:
    """A 5 KB workbook with the merged range D1:Z200000 (openpyxl would take minutes to
    write it, so a small range is widened in the sheet's XML)."""

    def build(book):
        table(book.active)
        book.active["D1"] = "Gruppe"
        book.active.merge_cells("D1:E2")

    return patched(xlsx(build), b'<mergeCell ref="D1:E2"', b'<mergeCell ref="D1:Z200000"')


def patched(data: bytes, old: bytes, new: bytes) -> bytes:
    """Return the workbook with ``old`` replaced by ``new`` in its first sheet's XML."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            member = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                member, n = re.subn(re.escape(old), new, member)
                assert n == 1
            archive.writestr(info, member)
    return out.getvalue()


def uncached_formulas(book) -> None:
    table(book.active, ["Buer", 2023, "=40+1"], ["Hassel", 2023, "=SUM(1,2)"])


def hidden_first(book) -> None:
    secret = book.active
    secret.title = "Geheim"
    table(secret, ["Buer", 2023, 99])
    secret.sheet_state = "hidden"
    data = book.create_sheet("Daten")
    table(data)
    book.active = 1


def zip_bomb() -> bytes:
    """A valid small workbook plus a member that unpacks to 201 MiB (deflates to ~200 KB)."""
    out = io.BytesIO(xlsx(lambda b: table(b.active)))
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/bomb.bin", "w") as member,
    ):
        for _ in range(201):
            member.write(b"\0" * 2**20)
    return out.getvalue()


def lying_dimension(rows: int) -> bytes:
    """A workbook with ``rows`` rows whose <dimension> claims A1:C3 (checked while streaming)."""

    def build(book):
        table(book.active, *([f"Gebiet {i}", 2023, i % 90] for i in range(rows)))

    return patched(
        xlsx(build), f'<dimension ref="A1:C{rows + 1}"'.encode(), b'<dimension ref="A1:C3"'
    )


def refused(data: bytes, name: str, **kwargs) -> BildungsampelError:
    with pytest.raises(BildungsampelError) as info:
        importer.read_upload(data, name, **kwargs)
    return info.value


# name, file, builder, limit, message (English); the time and tracemalloc peak of each are
# targets in benchmarks/hostile.py (LIMIT_TARGETS)
LIMIT_CASES = [
    (
        "40 MB line",
        "zeile.csv",
        lambda: csv("Buer;2023;" + "4" * 40_000_000 + "\n"),
        "max_line_chars",
        r"line 2: 40,000,010 characters in one line, more than the limit of 1,048,576 "
        r"\(max_line_chars\).*--limit max_line_chars=N",
    ),
    (
        "40 MB quoted line",
        "zitat.csv",
        lambda: csv('Buer;2023;"' + "4" * 40_000_000 + '"\n'),
        "max_line_chars",
        "40,000,012 characters in one line",
    ),
    (
        "one million rows",
        "million.csv",
        lambda: csv("Buer;2023;41\n" * 1_000_000),
        "max_rows",
        r"1,000,000 rows, more than the limit of 200,000 \(max_rows\); split the file",
    ),
    (
        "1 MB area name",
        "name.csv",
        lambda: csv("B" * 1_000_000 + ";2023;41\n"),
        "max_cell_chars",
        r"line 2: 1,000,000 characters in one cell, more than the limit of 10,000 "
        r"\(max_cell_chars\)",
    ),
    (
        "3,000 unknown columns",
        "breit.csv",
        lambda: (
            "Stadtteil;Jahr;"
            + ";".join(f"X{i}" for i in range(3000))
            + "\n"
            + ("Buer;2023;" + ";".join("1" for _ in range(3000)) + "\n") * 38
        ).encode(),
        "max_columns",
        r"3,002 columns, more than the limit of 500 \(max_columns\)",
    ),
    (
        "sniffer bomb",
        "schnueffel.csv",
        lambda: (',"' * 30_000 + "\nBuer;2023;41\n").encode(),
        "max_columns",
        "columns, more than the limit of 500",
    ),
    (
        "xlsx zip bomb",
        "bombe.xlsx",
        zip_bomb,
        "max_xlsx_bytes",
        r"bytes unpacked \(Excel workbook\), more than the limit of 209,715,200 "
        r"\(max_xlsx_bytes\)",
    ),
    (
        "xlsx cell at XFD1048576",
        "weit.xlsx",
        lambda: xlsx(far_cell),
        "max_rows",
        r"used range up to row 1,048,576\): 1,048,575 rows, more than the limit of 200,000.*"
        "delete cells outside the table",
    ),
    (
        "xlsx merged D1:Z200000",
        "verbund.xlsx",
        huge_merge,
        "max_merged_cells",
        r"D1:Z200000\): 4,600,000 merged cells, more than the limit of 100,000 "
        r"\(max_merged_cells\); unmerge the cells",
    ),
]


@pytest.mark.parametrize(
    ("case", "name", "build", "limit", "message"),
    LIMIT_CASES,
    ids=[c[0] for c in LIMIT_CASES],
)
def test_limits_refuse_before_expanding(
    store,
    case,
    name,
    build,
    limit,
    message,
):
    data = build()
    before = helpers.fingerprint(store)
    with pytest.raises(TableLimitError, match=message) as info:
        publishing.prepare_indicators(store, data, name)
    error = info.value
    assert error.limit == limit
    assert name in error.text("en")
    assert f"--limit {limit}=N" in error.text("en")
    assert "Grenze erhöhen mit" in error.text("de")  # translated
    assert helpers.fingerprint(store) == before


def test_a_raised_limit_lets_the_table_through():
    data = csv("Buer;2023;41\n" * 20)
    with pytest.raises(TableLimitError, match=r"20 rows, more than the limit of 10"):
        importer.read_upload(data, "t.csv", limits=TableLimits(max_rows=10))
    raw = importer.read_upload(data, "t.csv", limits=TableLimits.from_options(["max_rows=20"]))
    assert len(raw.frame) == 20


def test_limit_options_are_checked():
    with pytest.raises(BildungsampelError, match="unknown limit; known are max_rows, "):
        TableLimits.from_options(["rows=5"])
    with pytest.raises(BildungsampelError, match="'viele' is not a number"):
        TableLimits.from_options(["max_rows=viele"])
    with pytest.raises(BildungsampelError, match="must be a positive number"):
        TableLimits(max_cells=0)


def test_small_xlsx_limit_is_checked_from_the_zip_directory():
    data = xlsx(lambda b: table(b.active, *(["Buer", 2023, "x" * 30_000] for _ in range(70))))
    assert len(data) < 100_000
    error = refused(data, "klein.xlsx", limits=TableLimits(max_xlsx_bytes=2**20))
    assert isinstance(error, TableLimitError)
    assert error.limit == "max_xlsx_bytes"
    error = refused(data, "klein.xlsx")
    assert re.search(r"cell C2: 30,000 characters in one cell", error.text("en"))


def test_xlsx_rows_beyond_the_limit_are_refused_while_streaming_when_the_dimension_lies():
    error = refused(lying_dimension(3_000), "luege.xlsx", limits=TableLimits(max_rows=1_000))
    assert re.search(r"cell A1002: 1,001 rows, more than the limit of 1,000", error.text("en"))


def test_cr_only_line_ends_are_line_ends():
    raw = read_csv_text(b"Stadtteil;Jahr;Wert\rBuer;2023;41,5\rHassel;2023;30\r", source="mac.csv")
    assert raw.frame.to_dict("list") == {
        "Stadtteil": ["Buer", "Hassel"],
        "Jahr": ["2023", "2023"],
        "Wert": ["41,5", "30"],
    }


def test_cr_only_upload_imports(store):
    data = csv("Buer;2023;41\nHassel;2023;30\n").replace(b"\n", b"\r")
    prepared, _ = publishing.prepare_indicators(store, data, "mac.csv")
    assert prepared.observations["value"].tolist() == [41.0, 30.0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a;b;c\n1;2,5;3\n", ";"),
        ('a,b,c\n1,"2,5",3\n', ","),
        ("Stadtteil;Anteil (in %, gerundet);Jahr\nBuer;41,5;2023\n", ";"),
        ("a\tb\n1\t2\n", "\t"),
    ],
)
def test_delimiter_is_found_without_the_csv_sniffer(text, expected):
    assert sniff_delimiter(text) == expected


def crafted_first_line() -> str:
    """csv.Sniffer took ~8 s for 20,000 repeats (quadratic); the time is a benchmark target."""
    return ',"' * 200_000 + "\nBuer;2023;41\n"


def test_sniffing_a_crafted_first_line_finds_the_comma():
    assert sniff_delimiter(crafted_first_line()) == ","


def test_fifty_thousand_identical_rows_make_one_report_line(store):
    data = csv("Buer;2023;41\n" * 50_000)
    prepared, _ = publishing.prepare_indicators(store, data, "gleich.csv")
    dup = prepared.report("en").query("problem.str.startswith('duplicate row')")
    assert dup["problem"].tolist() == [
        "duplicate row (area, indicator, year) (row 2); 50000 rows affected: 2, 3, 4, 5, 6 …"
    ]
    assert not prepared.ok


def many_unknown_columns() -> bytes:
    areas = ["Buer", "Hassel", "Scholven", "Resse", "Bismarck"]
    return (
        "Stadtteil;Jahr;"
        + ";".join(f"X{i}" for i in range(400))
        + "\n"
        + "".join(f"{a};2023;" + ";".join("1" for _ in range(400)) + "\n" for a in areas)
    ).encode()


def test_many_unknown_columns_make_one_line_each(store):
    prepared, _ = publishing.prepare_indicators(store, many_unknown_columns(), "breit.csv")
    report = prepared.report("en")
    unknown = report[report["problem"].str.startswith("indicator not in the catalogue")]
    assert len(unknown) == 400
    assert unknown.iloc[0]["problem"] == (
        "indicator not in the catalogue (row 2); 5 rows affected: 2, 3, 4, 5, 6"
    )
    assert len(report) <= 402


@pytest.mark.parametrize(
    ("data", "column", "rows"),
    [
        (csv("Buer;2023;1e309\nHassel;2023;-inf\nResse;2023;NaN\nScholven;2023;40\n"), None, 3),
        (LONG.encode() + b"41;gymnasium;2023/24;;1e309;100\n15;gymnasium;2023/24;;5;inf\n", 0, 1),
    ],
    ids=["values", "counts"],
)
def test_non_finite_numbers_are_a_grouped_error(store, data, column, rows):
    before = helpers.fingerprint(store)
    prepared, entries = publishing.prepare_indicators(store, data, "unendlich.csv")
    report = prepared.report("de")
    bad = report[report["problem"].str.startswith("keine endliche Zahl")]
    assert len(bad) >= 1
    if column is None:
        assert bad["problem"].tolist() == [
            "keine endliche Zahl (Zeile 2); 3 Zeilen betroffen: 2, 3, 4"
        ]
        assert bad["value"].tolist() == ["1e309"]
    else:
        assert bad["column"].tolist() == ["numerator", "denominator"]
        assert bad["value"].tolist() == ["1e309", "inf"]
    assert not prepared.ok
    with pytest.raises(BildungsampelError, match="not published"):
        publishing.publish_indicators(store, prepared, entries, author="test")
    assert helpers.fingerprint(store) == before


@pytest.mark.parametrize("year", ["２０２３", "٢٠٢٣", "२०२३"])
def test_years_in_other_digits_are_read_with_a_warning(store, year):
    prepared, _ = publishing.prepare_indicators(store, csv(f"Buer;{year};41\n"), "ziffern.csv")
    assert prepared.observations["period"].tolist() == ["2023"]
    report = prepared.report("en")
    note = report[report["problem"].str.startswith("year written with digits other than 0–9")]
    assert note["problem"].tolist() == [
        "year written with digits other than 0–9, read as 2023 (row 2)"
    ]
    assert note["value"].tolist() == [year]
    assert prepared.problems[0].severity == "warning"


def test_formulas_without_stored_results_are_an_error(store):
    prepared, _ = publishing.prepare_indicators(store, xlsx(uncached_formulas), "formel.xlsx")
    report = prepared.report("en")
    hit = report[report["problem"].str.startswith("formula without a stored result")]
    assert hit["problem"].tolist() == [
        "formula without a stored result in sheet 'Sheet' (2 cells in column C, rows 2, 3); "
        "the value is missing"
    ]
    assert hit["value"].tolist() == ["C2: ==40+1"] or hit["value"].tolist() == ["C2: =40+1"]
    assert not prepared.ok


def test_hidden_sheets_are_not_read_but_named(store):
    data = xlsx(hidden_first)
    assert importer.sheet_names(data) == ["Daten"]
    prepared, _ = publishing.prepare_indicators(store, data, "versteckt.xlsx")
    assert sorted(prepared.observations["value"]) == [30.0, 41.0]
    assert prepared.encoding == "xlsx (Daten)"
    notes = prepared.report("en")["problem"].tolist()
    assert "hidden sheets not read: 'Geheim'" in notes
    chosen = importer.read_upload(data, "versteckt.xlsx", sheet="Geheim")
    assert chosen.frame["Übergang aufs Gymnasium"].tolist() == [99]


def test_a_missing_sheet_lists_the_sheets():
    error = refused(xlsx(hidden_first), "mappe.xlsx", sheet="Tabelle1")
    assert error.text("en") == "mappe.xlsx: no sheet 'Tabelle1'; sheets are 'Geheim', 'Daten'"


def test_workbook_is_read_streaming_not_loaded():
    data = xlsx(lambda b: table(b.active))
    assert load_workbook(io.BytesIO(data)).active.max_row == 3
    raw = importer.read_upload(data, "klein.xlsx")
    assert raw.frame.to_dict("list") == {
        "Stadtteil": ["Buer", "Hassel"],
        "Jahr": [2023, 2023],
        "Übergang aufs Gymnasium": [41, 30],
    }


# ---------------------------------------------------------------- through the CLI


@pytest.fixture(scope="module")
def settled_dir(tmp_path_factory):
    """A data directory with the sample city, checkpointed and closed (no WAL left)."""
    opened = publishing.open_store(tmp_path_factory.mktemp("cli") / "data")
    opened.engine.dispose()
    with closing(sqlite3.connect(opened.path)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return opened.data_dir


@pytest.fixture
def settled(settled_dir, tmp_path):
    """A copy of :func:`settled_dir` for one test."""
    copy = tmp_path / "data"
    shutil.copytree(settled_dir, copy)
    return Store(copy)


def stored(target: Store) -> str:
    """Fingerprint of the store's files; an empty WAL (left by a read) is no content."""
    digest = hashlib.sha256()
    for path in sorted(target.data_dir.glob("bildungsampel.sqlite*")):
        if not path.name.endswith("-shm") and path.stat().st_size:
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "bildungsampel.cli", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,  # a hang guard, not a speed goal: about 5 s on an idle machine (60×)
        cwd=ROOT,
    )


@pytest.mark.slow  # a CLI subprocess each; the corpus runs the same files in-process
@pytest.mark.parametrize(
    ("name", "build", "message"),
    [
        ("zeile.csv", LIMIT_CASES[0][2], "40,000,010 characters in one line"),
        ("mac.csv", lambda: csv("Buer;2023;141\n").replace(b"\n", b"\r"), "share above 100 %"),
        ("name.csv", LIMIT_CASES[3][2], "1,000,000 characters in one cell"),
        ("weit.xlsx", LIMIT_CASES[7][2], "1,048,575 rows, more than the limit of 200,000"),
        ("verbund.xlsx", LIMIT_CASES[8][2], "4,600,000 merged cells"),
        ("unendlich.csv", lambda: csv("Buer;2023;1e309\n"), "not a finite number"),
    ],
    ids=["40 MB line", "CR only", "1 MB name", "XFD1048576", "merged", "1e309"],
)
def test_cli_refuses_hostile_tables_with_a_message(settled, tmp_path, name, build, message):
    path = tmp_path / name
    path.write_bytes(build())
    before = stored(settled)
    result = cli("import", "indicators", str(path), "--publish", data_dir=settled.data_dir)
    assert result.returncode in (1, 2), result.stderr
    assert "Traceback" not in result.stderr
    assert message in " ".join((result.stderr + result.stdout).split())
    assert stored(settled) == before


@pytest.mark.slow  # a CLI subprocess each; the corpus runs the same files in-process
def test_cli_report_is_capped_and_written_in_full(settled, tmp_path):
    areas = ["Buer", "Hassel", "Scholven", "Resse", "Bismarck"]
    path = tmp_path / "breit.csv"
    path.write_bytes(
        (
            "Stadtteil;Jahr;"
            + ";".join(f"X{i}" for i in range(120))
            + "\n"
            + "".join(f"{a};2023;" + ";".join("1" for _ in range(120)) + "\n" for a in areas)
        ).encode()
    )
    full = tmp_path / "bericht.csv"
    before = stored(settled)
    result = cli(
        "import", "indicators", str(path), "--report", str(full), data_dir=settled.data_dir
    )
    assert result.returncode == 1
    assert "… 71 more lines, written to" in " ".join(result.stderr.split())
    assert result.stderr.count("indicator not in the catalogue") == 49
    lines = full.read_text(encoding="utf-8-sig").strip().splitlines()
    assert len(lines) == 122  # header + the area column's note + 120 problems
    result = cli("import", "indicators", str(path), data_dir=settled.data_dir)
    assert "… 71 more lines, full list with --report FILE" in " ".join(result.stderr.split())
    assert stored(settled) == before


@pytest.mark.slow  # a CLI subprocess each; the corpus runs the same files in-process
def test_cli_limit_option(settled, tmp_path):
    path = tmp_path / "lang.csv"
    path.write_bytes(csv("Buer;2023;41\n" * 30))
    result = cli(
        "import", "indicators", str(path), "--limit", "max_rows=10", data_dir=settled.data_dir
    )
    assert result.returncode == 2
    assert "30 rows, more than the limit of 10 (max_rows)" in " ".join(result.stderr.split())
    result = cli(
        "import", "indicators", str(path), "--limit", "max_rows=50", data_dir=settled.data_dir
    )
    assert result.returncode == 1  # read; the duplicates are reported
    assert "duplicate row" in result.stderr
    result = cli("import", "indicators", str(path), "--limit", "rows=5", data_dir=settled.data_dir)
    assert result.returncode == 2
    assert "unknown limit" in result.stderr


def long_token_workbook() -> bytes:
    """A workbook with one XML token of 100,000 characters (openpyxl cuts cells at 32,767)."""
    plain = zipfile.ZipFile(io.BytesIO(_one_cell_workbook("MARKE")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as patched:
        for info in plain.infolist():
            patched.writestr(info, plain.read(info).replace(b"MARKE", b"x" * 100_000))
    return out.getvalue()


def _one_cell_workbook(text: str) -> bytes:
    book = Workbook()
    book.active.append(["Stadtteil", "Jahr", "Übergang aufs Gymnasium"])
    book.active.append([text, 2023, 41.5])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_cell_of_the_largest_allowed_size_passes_the_token_scan():
    from indicators.tables import check_xlsx_archive

    # 10,000 quotes escape to 60,000 bytes of "&quot;": still one legal cell
    check_xlsx_archive(_one_cell_workbook('"' * 10_000), TableLimits(), "gross.xlsx")


def test_one_xml_token_longer_than_any_cell_is_refused_before_parsing():
    from indicators.tables import check_xlsx_archive

    data = long_token_workbook()  # its time: benchmarks/hostile.py
    with pytest.raises(
        TableLimitError, match=r"gross\.xlsx, xl/worksheets/sheet1\.xml: .*max_cell_chars"
    ):
        check_xlsx_archive(data, TableLimits(), "gross.xlsx")
    # a raised cell limit raises the token limit with it
    check_xlsx_archive(data, TableLimits(max_cell_chars=100_000), "gross.xlsx")
