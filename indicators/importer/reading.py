"""Reading phase: uploaded bytes (CSV or XLSX) become a :class:`~indicators.tables.RawTable`.

Size, emptiness and binary content are refused here with a message naming what
to do; the cell-level reading (encodings, delimiters, limits, XLSX streaming)
lives in :mod:`indicators.tables`. An XLSX sheet's header row is found above
its first data row (titles and group rows are skipped).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from indicators.errors import ObservationError
from indicators.importer import messages as _messages  # noqa: F401 - registers the messages
from indicators.tables import (
    XLSX_MAGIC,
    RawTable,
    TableLimits,
    normalize_header,
    read_csv_text,
    read_xlsx_rows,
    sheet_titles,
)

DEFAULT_LIMIT = 50 * 1024 * 1024


class UnreadableFileError(ObservationError):
    """The file cannot be read at all (empty, binary, too large …)."""


def read_upload(
    data: bytes,
    name: str,
    *,
    max_bytes: int = DEFAULT_LIMIT,
    sheet: str | None = None,
    limits: TableLimits | None = None,
) -> RawTable:
    """Read uploaded bytes (CSV or XLSX) into a table of text and number cells.

    Parameters
    ----------
    data, name : bytes, str
        The file and its name.
    max_bytes : int
        Size limit of the file itself.
    sheet : str, optional
        Sheet of an XLSX workbook (default: the active visible sheet with a table).
    limits : TableLimits, optional
        Limits on rows, columns, cells, line and cell length, unpacked XLSX
        size, merged cells and reading time (default: their documented defaults).

    Raises
    ------
    UnreadableFileError
        For an empty, oversized, binary or unreadable file, naming what to do.
    TableLimitError
        When the table exceeds one of ``limits`` (the message names the limit,
        the value found and how to raise it).
    """
    check_size(data, name, max_bytes=max_bytes)
    if not data.strip():
        raise UnreadableFileError("importer.file.empty", name=name)
    limits = limits or TableLimits()
    lower = name.casefold()
    if lower.endswith((".xlsx", ".xlsm")) or data.startswith(XLSX_MAGIC):
        return _read_xlsx(data, name, sheet, limits)
    if b"\x00" in data[:8192]:
        raise UnreadableFileError("importer.file.binary", name=name)
    raw = read_csv_text(data, source=name, limits=limits)
    if raw.frame.empty:
        raise UnreadableFileError("importer.file.no_rows", name=name)
    if len(raw.frame.columns) < 2:
        raise UnreadableFileError("importer.file.one_column", name=name)
    return raw


def check_size(data: bytes, name: str, *, max_bytes: int) -> None:
    """Refuse an upload larger than ``max_bytes`` (the CLI's and the page's one message).

    Raises
    ------
    UnreadableFileError
        When ``data`` is larger than ``max_bytes``.
    """
    if len(data) > max_bytes:
        raise UnreadableFileError(
            "importer.file.too_large", name=name, size=len(data) / 2**20, limit=max_bytes / 2**20
        )


def sheet_names(data: bytes, limits: TableLimits | None = None) -> list[str]:
    """Return the visible sheets of an XLSX file, the active one first (empty for anything else)."""
    return sheet_titles(data, limits)


def _is_data_row(row: Sequence[object]) -> bool:
    rest = [c for c in row[1:] if c is not None and str(c).strip()]
    numbers = sum(isinstance(c, (int, float)) for c in rest)
    return bool(rest) and numbers >= max(1, len(rest) / 2)


def _xlsx_headers(rows: list[list[object]]) -> tuple[list[str], int]:
    """Find the header above the first data row: titles and group rows are skipped.

    Two header rows where the upper one repeats a merged group label over the
    lower one ("Übergang aufs Gymnasium" over "2022/23", "2023/24") are joined;
    otherwise the row of the header block with the most distinct labels (group
    rows repeat theirs; the shortest texts win a tie, so column names beat
    descriptions) is the header.
    """
    first_data = next((n for n, r in enumerate(rows) if _is_data_row(r)), 1) or 1
    block = rows[:first_data]

    def distinct(row: Sequence[object]) -> int:
        return len({str(c).strip() for c in row if c is not None and str(c).strip()})

    if len(block) == 2 and any(
        c is not None and c == block[0][k - 1] for k, c in enumerate(block[0]) if k
    ):
        upper, lower = block
        return [
            " ".join(str(x) for x in dict.fromkeys((a, b)) if x not in (None, ""))
            for a, b in zip(upper, lower, strict=False)
        ], 2
    best = max(block, key=lambda r: (distinct(r), -sum(len(str(c)) for c in r if c is not None)))
    return ["" if c is None else str(c) for c in best], first_data


def _read_xlsx(data: bytes, name: str, sheet: str | None, limits: TableLimits) -> RawTable:
    try:
        read = read_xlsx_rows(data, source=name, sheet=sheet, limits=limits)
    except ObservationError as err:
        if isinstance(err, UnreadableFileError) or hasattr(err, "limit"):
            raise
        raise err.recast(UnreadableFileError) from None
    rows = read.rows
    if len(rows) < 2:
        raise UnreadableFileError("importer.sheet.no_rows", name=name, title=read.title)
    headers, header_rows = _xlsx_headers(rows)
    headers = [h or f"Spalte {i + 1}" for i, h in enumerate(headers)]
    body = [r[: len(headers)] + [None] * (len(headers) - len(r)) for r in rows[header_rows:]]
    frame = pd.DataFrame(body, columns=[normalize_header(h) for h in headers], dtype=object)
    frame = frame.where(frame.notna(), None)
    return RawTable(
        frame=frame,
        encoding=f"xlsx ({read.title})",
        delimiter="",
        original_headers=headers,
        notes=read.notes,
        row_numbers=tuple(read.row_numbers[header_rows:]),
    )
