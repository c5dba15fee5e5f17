"""XLSX workbooks: archive and token checks, sheet choice, streamed cells, merged ranges."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

import numpy as np

from indicators.errors import ObservationError
from indicators.messages import Message
from indicators.tables.limits import (
    TableLimits,
    cell_too_long,
    check_deadline,
    check_width,
    limit_error,
)
from indicators.tables.model import ReadNote

XLSX_MAGIC = b"PK\x03\x04"


def check_xlsx_archive(data: bytes, limits: TableLimits, source: str) -> None:
    """Refuse a workbook whose members would unpack to more than ``max_xlsx_bytes``.

    Only the zip directory is read (the declared sizes; :mod:`zipfile` never
    unpacks more than a member declares), so a zip bomb costs nothing.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not a zip: the workbook reader names the file as unreadable
    if unpacked > limits.max_xlsx_bytes:
        raise limit_error(
            limits,
            "max_xlsx_bytes",
            unpacked,
            source=source,
            what="tables.what.xlsx_bytes",
            fix="tables.fix.new_workbook",
        )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if _XML_PARTS.match(info.filename):
                _check_xml_tokens(archive, info, limits, source)


#: The workbook parts that hold cells (sheets and the shared strings).
_XML_PARTS = re.compile(r"xl/(worksheets/[^/]+|sharedStrings)\.xml$", re.IGNORECASE)
_CHUNK = 2**20


def _check_xml_tokens(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: TableLimits, source: str
) -> None:
    """Refuse a sheet part with one XML token longer than any allowed cell could make.

    Python's XML parser re-reads an unfinished token on every chunk it is fed,
    so one 190 MiB text node in a 200 KB workbook takes minutes while staying
    below ``max_xlsx_bytes``. A cell of ``max_cell_chars`` characters is at most
    eight times as many bytes when escaped (``&quot;`` for every character, and
    multi-byte UTF-8), so a longer stretch without ``<`` is no legal cell.
    """
    allowed = max(2**16, 8 * limits.max_cell_chars)
    gap = 0
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            signs = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == ord("<"))
            if not len(signs):
                gap += len(chunk)
            else:
                inner = int(np.diff(signs).max()) - 1 if len(signs) > 1 else 0
                gap = max(gap + int(signs[0]), inner)
                if gap <= allowed:
                    gap = len(chunk) - int(signs[-1]) - 1
            if gap > allowed:
                raise limit_error(
                    limits,
                    "max_cell_chars",
                    gap,
                    source=f"{source}, {info.filename}",
                    what="tables.what.xlsx_piece",
                    fix="tables.fix.oversized_cell",
                )


def open_workbook(data: bytes, source: str, limits: TableLimits | None = None) -> Any:
    """Open an XLSX workbook read-only (streaming), after checking its unpacked size.

    Raises
    ------
    TableLimitError
        When the workbook would unpack to more than ``max_xlsx_bytes``.
    ObservationError
        When it is no readable workbook.
    """
    check_xlsx_archive(data, limits or TableLimits(), source)
    try:
        from openpyxl import load_workbook

        return load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as err:  # openpyxl raises many kinds for broken files
        raise ObservationError(
            "tables.xlsx.unreadable", source=source, kind=type(err).__name__
        ) from None


@dataclass(frozen=True)
class SheetRows:
    """The non-empty rows of one worksheet, as values, with notes from reading.

    Attributes
    ----------
    rows : list of list
        Non-empty rows, each as wide as the widest (None for empty cells).
    row_numbers : list of int
        The sheet's row number of each row.
    title : str
        The sheet's name.
    notes : tuple of ReadNote
        Uncached formulas, hidden sheets passed over.
    """

    rows: list[list[object]]
    row_numbers: list[int]
    title: str
    notes: tuple[ReadNote, ...]


def _sheet_parser(book: Any, ws: Any) -> Any:
    """Return openpyxl's streaming sheet parser, noting formulas without a cached value."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):  # type: ignore[misc]
        uncached: list[tuple[int, int, str]]

        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            formula = element.find(FORMULA_TAG)
            if cell["value"] is None and formula is not None:
                self.uncached.append((cell["row"], cell["column"], formula.text or ""))
            return cell

    parser = Parser(
        ws._get_source(),
        ws._shared_strings,
        data_only=True,
        epoch=book.epoch,
        date_formats=book._date_formats,
        timedelta_formats=book._timedelta_formats,
    )
    parser.uncached = []
    return parser


def _coordinate(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"


def _check_dimension(ws: Any, limits: TableLimits, source: str) -> None:
    """Refuse a sheet whose declared used range exceeds the row or column limit."""
    rows, columns = ws.max_row, ws.max_column
    where = f"{source}, sheet {ws.title!r}"
    if rows is not None and rows - 1 > limits.max_rows:
        raise limit_error(
            limits,
            "max_rows",
            rows - 1,
            source=f"{where} (used range up to row {rows:,})",
            what="tables.what.rows",
            fix="tables.fix.cells_below",
        )
    if columns is not None and columns > limits.max_columns:
        raise limit_error(
            limits,
            "max_columns",
            columns,
            source=f"{where} (used range up to column {_coordinate(1, columns)[:-1]})",
            what="tables.what.columns",
            fix="tables.fix.cells_right",
        )


def _stream_cells(
    book: Any, ws: Any, limits: TableLimits, source: str, deadline: float
) -> tuple[dict[int, dict[int, object]], Any]:
    """Read the sheet's cells with a value, row by row, refusing any beyond the limits."""
    parser = _sheet_parser(book, ws)
    cells: dict[int, dict[int, object]] = {}
    where = f"{source}, sheet {ws.title!r}"
    try:
        for count, (_, row) in enumerate(parser.parse()):
            if count % 1000 == 0:
                check_deadline(deadline, limits, source)
            for cell in row:
                value = cell["value"]
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                r, c = cell["row"], cell["column"]
                if r - 1 > limits.max_rows or c > limits.max_columns:
                    name = "max_rows" if r - 1 > limits.max_rows else "max_columns"
                    raise limit_error(
                        limits,
                        name,
                        r - 1 if name == "max_rows" else c,
                        source=f"{where}, cell {_coordinate(r, c)}",
                        what="tables.what.rows" if name == "max_rows" else "tables.what.columns",
                        fix="tables.fix.cells_outside",
                    )
                if isinstance(value, str) and len(value) > limits.max_cell_chars:
                    raise cell_too_long(limits, len(value), f"{where}, cell {_coordinate(r, c)}")
                cells.setdefault(r, {})[c] = value
    except ObservationError:
        raise
    except Exception as err:  # a broken sheet: openpyxl raises many kinds
        raise ObservationError(
            "tables.xlsx.sheet_unreadable", where=where, kind=type(err).__name__
        ) from None
    finally:
        parser.source.close()
    return cells, parser


def _fill_merged(
    cells: dict[int, dict[int, object]], merged: Any, limits: TableLimits, source: str
) -> None:
    """Give every cell of a merged range the range's value, after checking their number."""
    from openpyxl.worksheet.cell_range import CellRange

    ranges = [CellRange(m.ref) for m in (merged.mergeCell if merged else [])]
    covered = sum(r.size["rows"] * r.size["columns"] for r in ranges)
    if covered > limits.max_merged_cells:
        raise limit_error(
            limits,
            "max_merged_cells",
            covered,
            source=f"{source} ({len(ranges)} merged ranges, e.g. {ranges[0].coord})",
            what="tables.what.merged",
            fix="tables.fix.unmerge",
        )
    for rng in ranges:
        value = cells.get(rng.min_row, {}).get(rng.min_col)
        if value is None:
            continue
        for r in range(rng.min_row, rng.max_row + 1):
            row = cells.setdefault(r, {})
            for c in range(rng.min_col, rng.max_col + 1):
                row[c] = value


def _uncached_notes(uncached: list[tuple[int, int, str]], title: str) -> list[ReadNote]:
    """One error per column for formulas whose result the file does not store."""
    from openpyxl.utils import get_column_letter

    by_column: dict[int, list[tuple[int, str]]] = {}
    for r, c, formula in uncached:
        by_column.setdefault(c, []).append((r, formula))
    notes = []
    for c, found in sorted(by_column.items()):
        letter = get_column_letter(c)
        rows = [r for r, _ in found]
        shown = ", ".join(str(r) for r in rows[:5]) + (" …" if len(rows) > 5 else "")
        notes.append(
            ReadNote(
                row=rows[0],
                column=letter,
                value=f"{letter}{rows[0]}: ={found[0][1]}",
                problem=Message(
                    "tables.xlsx.uncached_formula",
                    {"title": title, "n": len(rows), "letter": letter, "shown": shown},
                ),
                fix=Message("tables.xlsx.uncached_formula.fix"),
                severity="error",
            )
        )
    return notes


def _choose_sheet(book: Any, sheet: str | None, source: str) -> tuple[list[Any], list[ReadNote]]:
    """Return the candidate sheets in order of preference and a note on hidden sheets.

    A named sheet is the only candidate. Otherwise the active sheet comes first
    if it is visible, then the other visible sheets; hidden sheets are never
    read, but named in a note.
    """
    names = [str(n) for n in book.sheetnames]
    if sheet is not None:
        if sheet not in names:
            raise ObservationError(
                "tables.xlsx.no_sheet",
                source=source,
                sheet=sheet,
                sheets=", ".join(map(repr, names)),
            )
        return [book[sheet]], []
    visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    hidden = [ws.title for ws in book.worksheets if ws.sheet_state != "visible"]
    active = book.active if book.active in visible else None
    order = ([active] if active is not None else []) + [ws for ws in visible if ws is not active]
    notes = []
    if hidden:
        listed = ", ".join(map(repr, hidden))
        notes.append(
            ReadNote(
                row=None,
                column=None,
                value=listed,
                problem=Message("tables.xlsx.hidden_sheets", {"listed": listed}),
                fix=Message("tables.xlsx.hidden_sheets.fix"),
            )
        )
    if not order:
        raise ObservationError("tables.xlsx.no_visible_sheet", source=source)
    return order, notes


def read_xlsx_rows(
    data: bytes,
    *,
    source: str = "file",
    sheet: str | None = None,
    limits: TableLimits | None = None,
) -> SheetRows:
    """Read the non-empty rows of one sheet of an XLSX workbook, streaming and bounded.

    Without ``sheet``, the active sheet is read if it is visible and holds a
    table (at least two non-empty rows), else the first visible sheet that
    does. Merged ranges give every covered cell the range's value.

    Parameters
    ----------
    data : bytes
        The workbook.
    source : str
        File name for messages.
    sheet : str, optional
        Name of the sheet to read.
    limits : TableLimits, optional
        Resource limits.

    Returns
    -------
    SheetRows

    Raises
    ------
    TableLimitError
        When the workbook exceeds a limit; checked before cells are expanded.
    ObservationError
        When the workbook or the sheet cannot be read.
    """
    limits = limits or TableLimits()
    deadline = limits.deadline()
    book = open_workbook(data, source, limits)
    try:
        candidates, notes = _choose_sheet(book, sheet, source)
        first: SheetRows | None = None
        for ws in candidates:
            read = _read_sheet(book, ws, limits, source, deadline)
            first = first or read
            if len(read.rows) >= 2:
                return SheetRows(read.rows, read.row_numbers, read.title, (*notes, *read.notes))
        assert first is not None
        return SheetRows(first.rows, first.row_numbers, first.title, (*notes, *first.notes))
    finally:
        book.close()


def _read_sheet(book: Any, ws: Any, limits: TableLimits, source: str, deadline: float) -> SheetRows:
    _check_dimension(ws, limits, source)
    cells, parser = _stream_cells(book, ws, limits, source, deadline)
    _fill_merged(cells, parser.merged_cells, limits, f"{source}, sheet {ws.title!r}")
    numbers = sorted(cells)
    width = max((max(row) for row in cells.values() if row), default=0)
    if width > limits.max_columns:  # merged ranges may reach further right
        check_width(width, limits, f"{source}, sheet {ws.title!r}")
    if len(numbers) * width > limits.max_cells:
        raise limit_error(
            limits,
            "max_cells",
            len(numbers) * width,
            source=f"{source}, sheet {ws.title!r}",
            what="tables.what.cells",
            fix="tables.fix.split",
        )
    rows = [[cells[r].get(c) for c in range(1, width + 1)] for r in numbers]
    return SheetRows(
        rows, numbers, str(ws.title), tuple(_uncached_notes(parser.uncached, ws.title))
    )


def sheet_titles(data: bytes, limits: TableLimits | None = None) -> list[str]:
    """Return the visible sheets of an XLSX workbook, the active one first.

    Empty for anything that is not a readable workbook (or one beyond the
    limits): reading it then gives the message.
    """
    try:
        book = open_workbook(data, "file", limits)
    except ObservationError:
        return []
    try:
        visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
        active = [ws for ws in visible if ws is book.active]
        return [str(ws.title) for ws in active + [ws for ws in visible if ws not in active]]
    finally:
        book.close()
