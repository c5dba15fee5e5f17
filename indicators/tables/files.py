"""Reading a table file on disk (CSV or XLSX) into raw cells, the first row as header."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from indicators.errors import ObservationError
from indicators.tables.delimited import normalize_header, read_csv_text, unique_headers
from indicators.tables.limits import TableLimits
from indicators.tables.model import RawTable
from indicators.tables.xlsx import read_xlsx_rows


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
        raise ObservationError("tables.file.missing", path=path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        read = read_xlsx_rows(path.read_bytes(), source=path.name, sheet=sheet, limits=limits)
        if not read.rows:
            raise ObservationError("tables.xlsx.sheet_empty", name=path.name, title=read.title)
        original = ["" if c is None else str(c) for c in read.rows[0]]
        frame = pd.DataFrame(read.rows[1:], columns=range(len(original)), dtype=object)
        frame.columns = pd.Index(unique_headers([normalize_header(c) for c in original]))
        frame = frame.astype(object).where(frame.notna(), None)
        return RawTable(
            frame=frame,
            encoding="xlsx",
            delimiter="",
            original_headers=original,
            notes=read.notes,
        )
    return read_csv_text(path.read_bytes(), source=path.name, limits=limits)
