"""Reading raw tables as delivered: encodings, delimiters, messy headers, workbooks.

Everything is read as text first; numbers are parsed per column afterwards
(:mod:`indicators.numbers`) so that German formats and official symbols keep
their meaning. Modules:

- :mod:`~indicators.tables.limits`: :class:`TableLimits` and the limit errors
- :mod:`~indicators.tables.model`: :class:`RawTable`, :class:`ReadNote`
- :mod:`~indicators.tables.delimited`: CSV text (encoding, delimiter, headers, field counts)
- :mod:`~indicators.tables.xlsx`: workbooks (archive and token checks, sheets, streamed cells)
- :mod:`~indicators.tables.files`: a table file on disk

This package's namespace is its public API.
"""

from indicators.tables.delimited import (
    ENCODINGS,
    check_csv_size,
    decode_bytes,
    normalize_header,
    read_csv_text,
    sniff_delimiter,
)
from indicators.tables.files import read_table
from indicators.tables.limits import (
    TableLimitError,
    TableLimits,
    check_deadline,
    limit_error,
)
from indicators.tables.model import RawTable, ReadNote
from indicators.tables.xlsx import (
    XLSX_MAGIC,
    SheetRows,
    check_xlsx_archive,
    open_workbook,
    read_xlsx_rows,
    sheet_titles,
)

__all__ = [
    "ENCODINGS",
    "XLSX_MAGIC",
    "RawTable",
    "ReadNote",
    "SheetRows",
    "TableLimitError",
    "TableLimits",
    "check_csv_size",
    "check_deadline",
    "check_xlsx_archive",
    "decode_bytes",
    "limit_error",
    "normalize_header",
    "open_workbook",
    "read_csv_text",
    "read_table",
    "read_xlsx_rows",
    "sheet_titles",
    "sniff_delimiter",
]
