"""Hostile indicator workbooks (XLSX): limits, zip tricks, sheets, formulas, old formats."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

from tests.hostile import Case
from tests.hostile.test_hostile_inputs import INDICATOR_CASES, xlsx_several_sheets_merged
from tests.indicators.test_tables_hostile import (
    LIMIT_CASES,
    hidden_first,
    huge_merge,
    lying_dimension,
    patched,
    table,
    uncached_formulas,
    xlsx,
)

F = "xlsx"


def const(data: bytes):
    return lambda tmp: data


def lazy(build):
    return lambda tmp: build()


def case(name: str, file: str, build, expect: str, code: int = 2, **kw) -> Case:
    return Case(
        name, F, file, build if callable(build) else const(build), "indicators", expect, code, **kw
    )


def inflating(megabytes: int) -> bytes:
    """A workbook whose sheet XML inflates ~1000:1 (a long run of blank cells' bytes)."""
    book = Workbook()
    table(book.active)
    plain = io.BytesIO()
    book.save(plain)
    filler = b"<!--" + b" " * (megabytes * 2**20) + b"-->"
    return patched(plain.getvalue(), b"</sheetData>", b"</sheetData>" + filler)


def sheets(*titles: str):
    def build(book):
        book.active.title = titles[0]
        table(book.active)
        for title in titles[1:]:
            table(book.create_sheet(title))

    return build


def many_sheets(book) -> None:
    table(book.active)
    for i in range(300):
        book.create_sheet(f"S{i}")["A1"] = i


def empty_book(book) -> None:
    return None


def text_numbers(book) -> None:
    table(book.active, ["Buer", "2023", "41,5"], ["Hassel", "2023", "dreißig"])


def dates_as_years(book) -> None:
    import datetime

    table(book.active, ["Buer", datetime.date(2023, 1, 1), 41])


def error_cells(book) -> None:
    table(book.active, ["Buer", 2023, "#DIV/0!"], ["Hassel", 2023, "#NV"])


def only_notes(book) -> None:
    book.active["A1"] = "Quelle: Schulamt"
    book.active["A3"] = "Stand 2023"


def names_in_book(book) -> None:
    table(
        book.active, ["A/B\\C[D]:E*F?G", 2023, 41], ["[/b]", 2023, 30], ['=HYPERLINK("x")', 2023, 1]
    )


def huge_cell(book) -> None:
    table(book.active, ["B" * 32_000, 2023, 41])


def unicode_sheet(book) -> None:
    book.active.title = "Daten 🏫 ‮"
    table(book.active)


CASES: list[Case] = [
    *(
        case(f"xlsx {n}", file, lazy(b), m, mib=None)
        for n, file, b, _, m in LIMIT_CASES
        if file.endswith(".xlsx")
    ),
    *(
        case(f"xlsx {n}", file, lazy(b), m)
        for n, file, b, m in INDICATOR_CASES
        if file.endswith(".xlsx")
    ),
    case(
        "xlsx several sheets merged header",
        "mappe.xlsx",
        lazy(xlsx_several_sheets_merged),
        r"rows read",
        0,
    ),
    case(
        "xlsx merged D1:Z200000 (again, other name)",
        "verbund2.xlsx",
        lazy(huge_merge),
        r"merged cells, more than the limit",
    ),
    case(
        "xlsx dimension lies about 250k rows",
        "luege.xlsx",
        lazy(lambda: lying_dimension(250_000)),
        r"rows, more than the limit of 200,000",
        slow=True,
        mib=150.0,
        seconds=30.0,
    ),
    case(
        "xlsx dimension lies, small",
        "luege_klein.xlsx",
        lazy(lambda: lying_dimension(30)),
        r"rows read",
        1,
    ),
    case(
        "xlsx 1.5 MB inflating 1000:1",
        "aufblasen.xlsx",
        lazy(lambda: inflating(250)),
        r"bytes unpacked \(Excel workbook\), more than the limit",
        slow=True,
        mib=150.0,
        seconds=30.0,
    ),
    case(
        "xlsx inflating below the limit",
        "aufblasen_klein.xlsx",
        lazy(lambda: inflating(10)),
        r"bytes in one piece without a cell boundary.*max_cell_chars",
        2,
        mib=150.0,
        seconds=30.0,
    ),
    case(
        "xlsx 190 MiB of XML, just below the limit",
        "aufblasen_190.xlsx",
        lazy(lambda: inflating(190)),
        r"bytes in one piece without a cell boundary.*max_cell_chars",
        2,
        slow=True,
        mib=150.0,
        # expat re-parses one unfinished token on every feed (quadratic: 190 MiB > 150 s);
        # the archive check refuses a stretch without "<" longer than any cell could make
        seconds=10.0,
    ),
    case(
        "xlsx formulas without cached values",
        "formel.xlsx",
        lazy(lambda: xlsx(uncached_formulas)),
        r"formula without a stored result",
        1,
    ),
    case(
        "xlsx hidden first sheet",
        "versteckt.xlsx",
        lazy(lambda: xlsx(hidden_first)),
        r"hidden sheets not read: 'Geheim'",
        0,
    ),
    case(
        "xlsx two visible sheets",
        "zwei.xlsx",
        lazy(lambda: xlsx(sheets("Daten", "Mehr"))),
        r"rows read",
        0,
    ),
    case(
        "xlsx sheet chosen that does not exist",
        "zwei_b.xlsx",
        lazy(lambda: xlsx(sheets("Daten", "Mehr"))),
        r"no sheet 'Tabelle1'; sheets are 'Daten', 'Mehr'",
        args=("--sheet", "Tabelle1"),
    ),
    case("xlsx 300 sheets", "viele.xlsx", lazy(lambda: xlsx(many_sheets)), r"rows read", 0),
    case(
        "xlsx empty workbook",
        "leer.xlsx",
        lazy(lambda: xlsx(empty_book)),
        r"empty|no data rows|no year",
    ),
    case(
        "xlsx notes only",
        "notizen.xlsx",
        lazy(lambda: xlsx(only_notes)),
        r"no data rows|no year|empty",
    ),
    case(
        "xlsx numbers as text",
        "text.xlsx",
        lazy(lambda: xlsx(text_numbers)),
        r"not a readable number",
        1,
    ),
    case(
        "xlsx dates as years",
        "datum.xlsx",
        lazy(lambda: xlsx(dates_as_years)),
        r"1 rows read, 0 values, 1 errors",
        1,
    ),
    case(
        "xlsx error cells",
        "fehler.xlsx",
        lazy(lambda: xlsx(error_cells)),
        r"not a readable number",
        1,
    ),
    case(
        "xlsx hostile names", "namen.xlsx", lazy(lambda: xlsx(names_in_book)), r"area not found", 1
    ),
    case(
        "xlsx 32k-character cell",
        "zelle.xlsx",
        lazy(lambda: xlsx(huge_cell)),
        r"characters in one cell, more than the limit of 10,000",
    ),
    case(
        "xlsx emoji and RTL sheet title",
        "titel.xlsx",
        lazy(lambda: xlsx(unicode_sheet)),
        r"rows read",
        0,
    ),
    case(
        "xlsx zip of garbage",
        "muell.xlsx",
        lambda tmp: _zip({"a.txt": b"garbage" * 100}),
        r"cannot be read as an Excel workbook",
    ),
    case(
        "xlsx zip without sheets",
        "ohne.xlsx",
        lambda tmp: _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
        r"cannot be read as an Excel workbook",
    ),
    case(
        "xlsx with broken sheet XML",
        "xml.xlsx",
        lazy(lambda: patched(xlsx(lambda b: table(b.active)), b"</sheetData>", b"</sheetDat")),
        r"sheet 'Sheet': cannot be read \(ParseError\); save the workbook again",
    ),
    case(
        "xlsx truncated",
        "halb.xlsx",
        lazy(lambda: xlsx(lambda b: table(b.active))[:2000]),
        r"cannot be read as an Excel workbook",
    ),
    case(
        "xls old binary format",
        "alt.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000,
        r"xls|Excel|binary|not supported",
    ),
    case(
        "html saved as .xls",
        "seite.xls",
        b"<html><body><table><tr><td>Stadtteil</td><td>Jahr</td></tr><tr><td>Buer</td><td>2023</td></tr></table></body></html>",
        r"xls|only one column|no year|not supported|HTML",
    ),
    case(
        "csv named .xlsx",
        "text.xlsx",
        "Stadtteil;Jahr;Übergang aufs Gymnasium\nBuer;2023;41\n".encode(),
        r"cannot be read as an Excel workbook",
    ),
    case(
        "ods named .xlsx",
        "calc.xlsx",
        lambda tmp: _zip(
            {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}
        ),
        r"cannot be read as an Excel workbook",
    ),
]


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()
