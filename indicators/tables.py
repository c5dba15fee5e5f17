"""Reading raw tables as delivered: encodings, delimiters, messy headers.

Everything is read as text first; numbers are parsed per column afterwards
(:mod:`indicators.numbers`) so that German formats and official symbols keep
their meaning.
"""

from __future__ import annotations

import csv
import io
import re
import time
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from indicators.errors import ObservationError

ENCODINGS: tuple[str, ...] = ("utf-8-sig", "utf-8", "cp1252")
# Typical UTF-8-read-as-cp1252 sequences ("Ã¼" for "ü"): a file showing them
# was already garbled before it reached us.
_MOJIBAKE = re.compile(r"Ã[\u0080-\u00bf¼¤¶Ÿ–„œ]|Â[\u00a0-\u00bf]")


#: How to raise a limit, named in every limit message.
RAISE_HINT_EN = "raise it with --limit {field}=N (bildungsampel import indicators)"
RAISE_HINT_DE = "Grenze erhöhen mit --limit {field}=N (bildungsampel import indicators)"


@dataclass(frozen=True)
class TableLimits:
    """Resource limits for reading one delivered table (CSV or XLSX).

    Every limit is checked before the part it protects is expanded (lines are
    counted before parsing, zip members' sizes before unpacking, the sheet
    dimension and merged ranges before any cell is filled in). The defaults
    are far above what a statistics office delivers for one city.

    Attributes
    ----------
    max_rows : int
        Data rows (CSV lines, XLSX rows). Default 200,000.
    max_columns : int
        Columns. Default 500.
    max_cells : int
        Rows × columns. Default 5,000,000.
    max_line_chars : int
        Characters in one CSV line. Default 1,048,576 (1 MiB).
    max_cell_chars : int
        Characters in one cell. Default 10,000.
    max_xlsx_bytes : int
        Decompressed size of all members of an XLSX workbook. Default 200 MiB.
    max_merged_cells : int
        Cells covered by all merged ranges of a sheet. Default 100,000.
    time_budget_s : float
        Seconds for reading the table. Default 60.
    """

    max_rows: int = 200_000
    max_columns: int = 500
    max_cells: int = 5_000_000
    max_line_chars: int = 2**20
    max_cell_chars: int = 10_000
    max_xlsx_bytes: int = 200 * 2**20
    max_merged_cells: int = 100_000
    time_budget_s: float = 60.0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
                raise ObservationError(
                    f"table limit {f.name}={value!r}: must be a positive number",
                    message_de=f"Tabellengrenze {f.name}={value!r}: muss eine positive Zahl sein",
                )

    @classmethod
    def from_options(cls, options: Sequence[str]) -> TableLimits:
        """Build limits from ``name=value`` texts (the CLI's ``--limit``).

        Examples
        --------
        >>> TableLimits.from_options(["max_rows=500000"]).max_rows
        500000
        """
        known = {f.name: f.type for f in fields(cls)}
        values: dict[str, Any] = {}
        for option in options:
            name, _, text = option.partition("=")
            name = name.strip()
            if name not in known:
                raise ObservationError(
                    f"--limit {option!r}: unknown limit; known are {', '.join(known)}",
                    message_de=f"--limit {option!r}: unbekannte Grenze; bekannt sind "
                    f"{', '.join(known)}",
                )
            try:
                values[name] = float(text) if name == "time_budget_s" else int(text)
            except ValueError:
                raise ObservationError(
                    f"--limit {option!r}: {text!r} is not a number",
                    message_de=f"--limit {option!r}: {text!r} ist keine Zahl",
                ) from None
        return cls(**values)

    def deadline(self) -> float:
        """Return the monotonic clock time by which reading must be done."""
        return time.monotonic() + self.time_budget_s


class TableLimitError(ObservationError):
    """A table exceeds one of its :class:`TableLimits`.

    Attributes
    ----------
    limit : str
        The name of the field of :class:`TableLimits` that was exceeded.
    found : float
        The value found in the file.
    """

    def __init__(self, message: str, *, message_de: str, limit: str, found: float) -> None:
        super().__init__(message, message_de=message_de)
        self.limit = limit
        self.found = found


def limit_error(
    limits: TableLimits,
    name: str,
    found: float,
    *,
    source: str,
    what: tuple[str, str],
    fix: tuple[str, str],
) -> TableLimitError:
    """Return the error for limit ``name`` exceeded by ``found``.

    Parameters
    ----------
    limits : TableLimits
        The limits in force.
    name : str
        Field of :class:`TableLimits`.
    found : float
        The value found.
    source : str
        File (and place) for the message.
    what : tuple of (str, str)
        What was counted, German and English ("Zeilen", "rows").
    fix : tuple of (str, str)
        How to fix the file, German and English.
    """
    limit = getattr(limits, name)
    de = f"{found:,.0f}".replace(",", ".")
    de_limit = f"{limit:,.0f}".replace(",", ".")
    return TableLimitError(
        f"{source}: {found:,.0f} {what[1]}, more than the limit of {limit:,.0f} ({name}); "
        f"{fix[1]}, or {RAISE_HINT_EN.format(field=name)}",
        message_de=f"{source}: {de} {what[0]}, mehr als die Grenze von {de_limit} ({name}); "
        f"{fix[0]} oder {RAISE_HINT_DE.format(field=name)}",
        limit=name,
        found=found,
    )


def check_deadline(deadline: float, limits: TableLimits, source: str) -> None:
    """Refuse to go on reading once the time budget is spent."""
    if time.monotonic() > deadline:
        raise limit_error(
            limits,
            "time_budget_s",
            limits.time_budget_s,
            source=source,
            what=("Sekunden Lesezeit verbraucht", "seconds of reading time used up"),
            fix=(
                "Datei verkleinern (nach Jahr oder Indikator aufteilen)",
                "split the file by year or indicator",
            ),
        )


@dataclass(frozen=True)
class ReadNote:
    """Something found while reading that the report must show (a cell or the file).

    Attributes
    ----------
    row, column : int or None, str or None
        Place in the file (row number as the user sees it, column header).
    value : str
        The value (or coordinate) concerned.
    problem_de, problem_en, fix_de, fix_en : str
        What is wrong and how to fix it.
    severity : {"error", "warning"}
        Whether it blocks publishing.
    """

    row: int | None
    column: str | None
    value: str
    problem_de: str
    problem_en: str
    fix_de: str
    fix_en: str
    severity: str = "warning"


@dataclass(frozen=True)
class RawTable:
    """A table read as text, with what was detected and noted while reading."""

    frame: pd.DataFrame
    encoding: str
    delimiter: str
    original_headers: list[str]
    notes: tuple[ReadNote, ...] = field(default=())


def decode_bytes(data: bytes, *, source: str = "file") -> tuple[str, str]:
    """Decode bytes strictly as UTF-8 (with or without BOM), else cp1252.

    Parameters
    ----------
    data : bytes
        The raw file content.
    source : str
        File name for messages.

    Returns
    -------
    tuple of (str, str)
        The text and the encoding used.

    Raises
    ------
    ObservationError
        If the text shows mojibake (UTF-8 that was once decoded as cp1252).
    """
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig" and not data.startswith(b"\xef\xbb\xbf"):
            encoding = "utf-8"
        if m := _MOJIBAKE.search(text):
            line = text.count("\n", 0, m.start()) + 1
            raise ObservationError(
                f"{source}, line {line}: garbled characters {m.group()!r} (UTF-8 text that was "
                "saved as cp1252 once too often); export the file again as UTF-8",
                message_de=f"{source}, Zeile {line}: verstümmelte Zeichen {m.group()!r} "
                "(UTF-8-Text, der einmal zu oft als cp1252 gespeichert wurde); bitte die Datei "
                "erneut als UTF-8 exportieren",
            )
        return text, encoding
    raise ObservationError(  # pragma: no cover - cp1252 decodes nearly everything
        f"{source}: cannot decode as UTF-8 or cp1252",
        message_de=f"{source}: weder als UTF-8 noch als cp1252 lesbar",
    )


def normalize_header(header: object, *, dehyphenate: bool = True) -> str:
    r"""Normalise a header cell.

    Strips surrounding space, removes soft hyphens and line breaks, folds runs
    of white space and, with ``dehyphenate``, joins words split by a
    line-break hyphen between two lower-case letters ("Migrations-hintergrund"
    → "Migrationshintergrund").

    Examples
    --------
    >>> normalize_header(" Anteil der Einpersonen-haushalte\\nin %  ")
    'Anteil der Einpersonenhaushalte in %'
    """
    text = unicodedata.normalize("NFC", str(header)).replace("\u00ad", "")
    text = re.sub(r"-\s*[\r\n]+\s*(?=[a-zäöüß])", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    if dehyphenate:
        text = re.sub(r"(?<=[a-zäöüß])-(?=[a-zäöüß])", "", text)
    return text


def sniff_delimiter(text: str) -> str:
    """Return the delimiter (``;``, ``,`` or tab) that splits the first lines best.

    The first 20 lines are split with each candidate; the one whose header has
    at least two fields and whose lines most often have as many fields as the
    header wins (then the wider header, then ``;`` before ``,`` before tab).
    Linear in the sample, unlike :class:`csv.Sniffer`, whose regular
    expressions take minutes on a crafted first line.
    """
    end = -1
    for _ in range(20):
        end = text.find("\n", end + 1)
        if end < 0:
            break
    sample = text if end < 0 else text[: end + 1]
    best, best_score = ";", (-1, 0)
    for delimiter in ";,\t":
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if r]
        except csv.Error:
            continue
        if not widths or widths[0] < 2:
            continue
        score = (sum(w == widths[0] for w in widths), widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    if best_score[0] < 0:
        header = sample.split("\n", 1)[0]
        return max(";,\t", key=header.count)
    return best


def _line_stats(data: bytes) -> tuple[int, int, int]:
    r"""Return the number of lines, the longest line's length and its line number.

    Counted on the bytes (``\n``, ``\r\n`` and a lone ``\r`` end a line)
    without decoding or splitting, so a 40 MB line costs no more than reading it.
    """
    arr = np.frombuffer(data, dtype=np.uint8)
    newline = arr == 10
    cr = arr == 13
    cr[:-1] &= ~newline[1:]  # the CR of a CRLF is not a line end of its own
    ends = np.flatnonzero(newline | cr)
    bounds = np.concatenate(([-1], ends, [len(arr)]))
    lengths = np.diff(bounds) - 1
    longest = int(lengths.argmax())
    lines = len(ends) + (1 if len(arr) and ends.size and ends[-1] < len(arr) - 1 else 0)
    if not ends.size:
        lines = 1
    return lines, int(lengths[longest]), longest + 1


def check_csv_size(data: bytes, limits: TableLimits, source: str) -> int:
    """Refuse a CSV with too many lines or too long a line, before it is parsed.

    Returns
    -------
    int
        The length of the longest line (no cell can be longer).
    """
    lines, longest, where = _line_stats(data)
    if longest > limits.max_line_chars:
        raise limit_error(
            limits,
            "max_line_chars",
            longest,
            source=f"{source}, line {where}",
            what=("Zeichen in einer Zeile", "characters in one line"),
            fix=(
                "prüfen, ob die Datei Zeilenumbrüche hat (eine Tabelle, keine einzelne Zeile)",
                "check that the file has line breaks (a table, not one single line)",
            ),
        )
    if lines - 1 > limits.max_rows:
        raise limit_error(
            limits,
            "max_rows",
            lines - 1,
            source=source,
            what=("Zeilen", "rows"),
            fix=("Datei nach Jahr oder Indikator aufteilen", "split the file by year or indicator"),
        )
    return longest


def read_csv_text(
    data: bytes, *, source: str = "file", limits: TableLimits | None = None
) -> RawTable:
    r"""Read CSV bytes into a frame of text cells with normalised headers.

    Line ends may be ``\n``, ``\r\n`` or a lone ``\r`` (old Mac files).

    Parameters
    ----------
    data : bytes
        File content.
    source : str
        File name for messages.
    limits : TableLimits, optional
        Resource limits (default: :class:`TableLimits` defaults).

    Returns
    -------
    RawTable

    Raises
    ------
    TableLimitError
        When the file exceeds a limit (checked before parsing).
    """
    limits = limits or TableLimits()
    deadline = limits.deadline()
    longest = check_csv_size(data, limits, source)
    text, encoding = decode_bytes(data, source=source)
    if not text.strip():
        raise ObservationError(
            f"{source}: the file is empty", message_de=f"{source}: die Datei ist leer"
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    delimiter = sniff_delimiter(text)
    _check_field_counts(
        text, delimiter, source, limits, check_cells=longest > limits.max_cell_chars
    )
    check_deadline(deadline, limits, source)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=object,  # plain Python strings: cheap to iterate cell by cell
            keep_default_na=False,
            na_filter=False,
            skipinitialspace=False,
        )
    except (pd.errors.ParserError, csv.Error) as err:
        where = re.search(r"line (\d+)", str(err))
        line = f", line {where.group(1)}" if where else ""
        zeile = f", Zeile {where.group(1)}" if where else ""
        raise ObservationError(
            f"{source}{line}: the rows do not have the same number of fields as the header "
            f"(separator {delimiter!r}); check separators and quotes ({err})",
            message_de=f"{source}{zeile}: die Zeilen haben nicht so viele Felder wie die "
            f"Kopfzeile (Trennzeichen {delimiter!r}); bitte Trennzeichen und Anführungszeichen "
            "prüfen",
        ) from None
    check_deadline(deadline, limits, source)
    original = [str(c) for c in frame.columns]
    frame.columns = _unique([normalize_header(c) for c in original])
    return RawTable(frame=frame, encoding=encoding, delimiter=delimiter, original_headers=original)


def _cell_too_long(limits: TableLimits, length: int, source: str) -> TableLimitError:
    return limit_error(
        limits,
        "max_cell_chars",
        length,
        source=source,
        what=("Zeichen in einer Zelle", "characters in one cell"),
        fix=(
            "Zelle kürzen (ein Gebietsname, eine Zahl) und Anführungszeichen prüfen",
            "shorten the cell (an area name, a number) and check the quotes",
        ),
    )


def _check_field_counts(
    text: str, delimiter: str, source: str, limits: TableLimits, *, check_cells: bool
) -> None:
    """Refuse rows with more fields than the header (pandas would shift them silently).

    Also checks the limits on columns, cells and (with ``check_cells``, when
    some line is longer than a cell may be) cell length while the rows pass by.
    """
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    line, count, width = 0, 0, 0
    try:
        for line, row in enumerate(rows, start=1):
            if check_cells and max(map(len, row), default=0) > limits.max_cell_chars:
                raise _cell_too_long(limits, max(map(len, row)), f"{source}, line {line}")
            if line == 1:
                width = len(row)
                _check_width(width, limits, source)
                continue
            count += 1
            extra = [c for c in row[width:] if c.strip()]
            if extra:
                raise ObservationError(
                    f"{source}, line {line}: {len(row)} fields, but the header has {width} "
                    f"(separator {delimiter!r}); the rows do not have the same number of fields "
                    "as the header — put a text containing the separator in quotes",
                    message_de=f"{source}, Zeile {line}: {len(row)} Felder, die Kopfzeile hat "
                    f"aber {width} (Trennzeichen {delimiter!r}); Text mit Trennzeichen bitte in "
                    "Anführungszeichen setzen",
                )
    except csv.Error as err:  # a field beyond the csv module's own limit (128 KiB)
        if "field larger than field limit" in str(err):
            longest = max(map(len, text.split("\n", line + 1)[line].split(delimiter)))
            raise _cell_too_long(limits, longest, f"{source}, line {line + 1}") from None
        raise ObservationError(
            f"{source}, line {line + 1}: cannot be split into fields ({err}); check the quotes",
            message_de=f"{source}, Zeile {line + 1}: nicht in Felder zerlegbar; bitte die "
            "Anführungszeichen prüfen",
        ) from None
    if count * width > limits.max_cells:
        raise limit_error(
            limits,
            "max_cells",
            count * width,
            source=source,
            what=("Zellen", "cells"),
            fix=("Datei aufteilen", "split the file"),
        )


def _check_width(width: int, limits: TableLimits, source: str) -> None:
    if width > limits.max_columns:
        raise limit_error(
            limits,
            "max_columns",
            width,
            source=source,
            what=("Spalten", "columns"),
            fix=(
                "nur die Spalten mit Gebiet, Jahr und Indikatoren liefern",
                "deliver only the columns with area, year and indicators",
            ),
        )


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
            what=("Bytes entpackt (Excel-Datei)", "bytes unpacked (Excel workbook)"),
            fix=(
                "nur die Tabelle in einer neuen Arbeitsmappe speichern oder als CSV exportieren",
                "save only the table in a new workbook or export it as CSV",
            ),
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
                    what=(
                        "Bytes in einem Stück ohne Zellgrenze (Excel-Datei)",
                        "bytes in one piece without a cell boundary (Excel workbook)",
                    ),
                    fix=(
                        "die übergroße Zelle kürzen oder die Tabelle als CSV exportieren",
                        "shorten the oversized cell or export the table as CSV",
                    ),
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
            f"{source}: cannot be read as an Excel workbook ({type(err).__name__}); save it again "
            "as .xlsx or export CSV",
            message_de=f"{source}: nicht als Excel-Arbeitsmappe lesbar ({type(err).__name__}); "
            "bitte erneut als .xlsx speichern oder als CSV exportieren",
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
            what=("Zeilen", "rows"),
            fix=(
                "Zellen außerhalb der Tabelle löschen (auch einzelne weit unten) oder die Datei "
                "aufteilen",
                "delete cells outside the table (also a single one far below) or split the file",
            ),
        )
    if columns is not None and columns > limits.max_columns:
        raise limit_error(
            limits,
            "max_columns",
            columns,
            source=f"{where} (used range up to column {_coordinate(1, columns)[:-1]})",
            what=("Spalten", "columns"),
            fix=(
                "Zellen rechts neben der Tabelle löschen (auch einzelne weit rechts)",
                "delete cells right of the table (also a single one far to the right)",
            ),
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
                        what=("Zeilen", "rows") if name == "max_rows" else ("Spalten", "columns"),
                        fix=(
                            "Zellen außerhalb der Tabelle löschen oder die Datei aufteilen",
                            "delete cells outside the table or split the file",
                        ),
                    )
                if isinstance(value, str) and len(value) > limits.max_cell_chars:
                    raise _cell_too_long(limits, len(value), f"{where}, cell {_coordinate(r, c)}")
                cells.setdefault(r, {})[c] = value
    except ObservationError:
        raise
    except Exception as err:  # a broken sheet: openpyxl raises many kinds
        raise ObservationError(
            f"{where}: cannot be read ({type(err).__name__}); save the workbook again as .xlsx "
            "or export CSV",
            message_de=f"{where}: nicht lesbar ({type(err).__name__}); bitte die Arbeitsmappe "
            "erneut als .xlsx speichern oder als CSV exportieren",
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
            what=("verbundene Zellen", "merged cells"),
            fix=(
                "Zellverbund aufheben (Start › Verbinden und zentrieren) und die Datei erneut "
                "speichern",
                "unmerge the cells (Home › Merge & Center) and save the file again",
            ),
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
                problem_de=f"Formel ohne gespeichertes Ergebnis im Blatt {title!r} "
                f"({len(rows)} Zellen in Spalte {letter}, Zeilen {shown}); der Wert fehlt",
                problem_en=f"formula without a stored result in sheet {title!r} "
                f"({len(rows)} cells in column {letter}, rows {shown}); the value is missing",
                fix_de="Datei in Excel oder LibreOffice öffnen, neu berechnen lassen und "
                "speichern, oder die Formeln durch Werte ersetzen",
                fix_en="open the file in Excel or LibreOffice, let it recalculate and save it, "
                "or replace the formulas by values",
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
                f"{source}: no sheet {sheet!r}; sheets are {', '.join(map(repr, names))}",
                message_de=f"{source}: kein Tabellenblatt {sheet!r}; vorhanden: "
                f"{', '.join(map(repr, names))}",
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
                problem_de=f"ausgeblendete Tabellenblätter nicht gelesen: {listed}",
                problem_en=f"hidden sheets not read: {listed}",
                fix_de="nichts zu tun, oder das Blatt ausdrücklich wählen (--sheet)",
                fix_en="nothing to do, or choose the sheet explicitly (--sheet)",
            )
        )
    if not order:
        raise ObservationError(
            f"{source}: the workbook has no visible worksheet",
            message_de=f"{source}: die Arbeitsmappe hat kein sichtbares Tabellenblatt",
        )
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
        _check_width(width, limits, f"{source}, sheet {ws.title!r}")
    if len(numbers) * width > limits.max_cells:
        raise limit_error(
            limits,
            "max_cells",
            len(numbers) * width,
            source=f"{source}, sheet {ws.title!r}",
            what=("Zellen", "cells"),
            fix=("Datei aufteilen", "split the file"),
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


def read_table(
    path: str | Path, *, sheet: str | None = None, limits: TableLimits | None = None
) -> RawTable:
    """Read a CSV or XLSX file into text-and-number cells.

    XLSX cells keep their type: numbers stay numbers (no German parsing),
    text cells are parsed later like CSV text. The first non-empty row of the
    sheet is the header.
    """
    path = Path(path)
    if not path.exists():
        raise ObservationError(f"{path} does not exist", message_de=f"{path} existiert nicht")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        read = read_xlsx_rows(path.read_bytes(), source=path.name, sheet=sheet, limits=limits)
        if not read.rows:
            raise ObservationError(
                f"{path.name}: the sheet {read.title!r} is empty",
                message_de=f"{path.name}: das Tabellenblatt {read.title!r} ist leer",
            )
        original = ["" if c is None else str(c) for c in read.rows[0]]
        frame = pd.DataFrame(read.rows[1:], columns=range(len(original)), dtype=object)
        frame.columns = pd.Index(_unique([normalize_header(c) for c in original]))
        frame = frame.astype(object).where(frame.notna(), None)
        return RawTable(
            frame=frame,
            encoding="xlsx",
            delimiter="",
            original_headers=original,
            notes=read.notes,
        )
    return read_csv_text(path.read_bytes(), source=path.name, limits=limits)


def _unique(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for h in headers:
        n = seen.get(h, 0)
        seen[h] = n + 1
        out.append(h if n == 0 else f"{h} ({n + 1})")
    return out
