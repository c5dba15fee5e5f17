"""Reading raw tables: encodings, delimiters, headers, limits, workbooks, files on disk."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from indicators import tables
from indicators.errors import ObservationError
from indicators.tables.delimited import unique_headers
from indicators.tables.limits import cell_too_long, check_width


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Straße;Wert\n".encode("utf-8-sig"), "utf-8-sig"),
        ("Straße;Wert\n".encode(), "utf-8"),
        ("Straße;Wert\n".encode("cp1252"), "cp1252"),
    ],
)
def test_decode_bytes_tries_utf8_then_cp1252(data, encoding):
    assert tables.decode_bytes(data) == ("Straße;Wert\n", encoding)


@pytest.mark.parametrize(
    ("header", "expected"),
    [("  Anteil\n in %  ", "Anteil in %"), ("Über-\ngang", "Übergang"), ("Spalte  A", "Spalte A")],
)
def test_normalize_header(header, expected):
    assert tables.normalize_header(header) == expected


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [("a;b;c\n1;2;3\n", ";"), ("a\tb\n1\t2\n", "\t"), ("a,b\n1,2\n", ",")],
)
def test_sniff_delimiter(text, delimiter):
    assert tables.sniff_delimiter(text) == delimiter


def test_read_csv_text_keeps_every_cell_as_text():
    raw = tables.read_csv_text(
        "Gebiet;Anteil in %\nHeßler;1,5\n12;.\n".encode("cp1252"), source="x"
    )
    assert raw.frame.to_dict("list") == {"Gebiet": ["Heßler", "12"], "Anteil in %": ["1,5", "."]}
    assert (raw.encoding, raw.delimiter, raw.original_headers, raw.notes) == (
        "cp1252",
        ";",
        ["Gebiet", "Anteil in %"],
        (),
    )


def test_unique_headers_numbers_repeats():
    assert unique_headers(["a", "a", "b", "a"]) == ["a", "a (2)", "b", "a (3)"]


def test_limits_from_options_and_their_errors():
    assert tables.TableLimits.from_options(["max_rows=5"]).max_rows == 5
    with pytest.raises(ObservationError, match="'nope=5': unknown limit; known are max_rows"):
        tables.TableLimits.from_options(["nope=5"])
    with pytest.raises(tables.TableLimitError) as error:
        tables.read_csv_text(
            b"a;b\n1;2\n3;4\n5;6\n", source="x.csv", limits=tables.TableLimits(max_rows=2)
        )
    assert (error.value.limit, error.value.found) == ("max_rows", 3)
    assert error.value.text("en") == (
        "x.csv: 3 rows, more than the limit of 2 (max_rows); split the file by year or "
        "indicator, or raise it with --limit max_rows=N (bildungsampel import indicators)"
    )


def test_width_and_cell_length_limits_name_their_field():
    limits = tables.TableLimits(max_columns=3, max_cell_chars=10)
    with pytest.raises(tables.TableLimitError) as error:
        check_width(4, limits, "x.csv")
    assert (error.value.limit, error.value.found) == ("max_columns", 4)
    too_long = cell_too_long(limits, 11, "x.csv")
    assert (too_long.limit, too_long.found) == ("max_cell_chars", 11)


def workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Daten"
    for row in (
        ["Gebiet", "Jahr", "Wert"],
        ["11", 2023, 44.5],
        [None, None, None],
        ["12", 2023, "x"],
    ):
        sheet.append(row)
    hidden = book.create_sheet("Versteckt")
    hidden.sheet_state = "hidden"
    hidden.append(["a"])
    book.create_sheet("Zwei").append(["b", "c"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_sheet_titles_are_the_visible_sheets_active_first():
    assert tables.sheet_titles(workbook()) == ["Daten", "Zwei"]
    assert tables.sheet_titles(b"a;b\n") == []


def test_xlsx_rows_keep_cell_types_skip_empty_rows_and_note_hidden_sheets():
    read = tables.read_xlsx_rows(workbook(), source="w.xlsx")
    assert read.title == "Daten"
    assert read.rows == [["Gebiet", "Jahr", "Wert"], ["11", 2023, 44.5], ["12", 2023, "x"]]
    (note,) = read.notes
    assert (note.value, note.problem_text("en"), note.severity) == (
        "'Versteckt'",
        "hidden sheets not read: 'Versteckt'",
        "warning",
    )


def test_an_unknown_sheet_lists_the_sheets():
    with pytest.raises(ObservationError, match=r"w\.xlsx: no sheet 'Nein'; sheets are 'Daten', "):
        tables.read_xlsx_rows(workbook(), source="w.xlsx", sheet="Nein")


def test_read_table_reads_files_on_disk(tmp_path):
    (tmp_path / "w.xlsx").write_bytes(workbook())
    xlsx = tables.read_table(tmp_path / "w.xlsx")
    assert xlsx.frame.to_dict("list") == {
        "Gebiet": ["11", "12"],
        "Jahr": [2023, 2023],
        "Wert": [44.5, "x"],
    }
    assert xlsx.encoding == "xlsx"
    (tmp_path / "t.csv").write_text("Gebiet,Wert\n11,3\n", encoding="utf-8")
    assert tables.read_table(tmp_path / "t.csv").frame.to_dict("list") == {
        "Gebiet": ["11"],
        "Wert": ["3"],
    }
    with pytest.raises(ObservationError, match="does not exist"):
        tables.read_table(tmp_path / "nein.csv")
