"""The files a download is written as: CSV and XLSX that a German office can open.

Layout of a CSV download
------------------------
In the UI language's convention, so that a double click opens it correctly:
German ``;`` between cells and a decimal comma (what German Excel and
LibreOffice expect), English ``,`` and a decimal point. UTF-8 with a byte
order mark (Excel then reads umlauts right) and CRLF line ends.

The file starts with a block of metadata lines, one ``label;value`` pair per
line (:meth:`ExportMeta.lines`, always :data:`META_LINES` lines), then one
blank line, then the table. Why not ``#`` comment lines: Excel knows no
comments and shows ``# Quelle: …`` as data anyway, while pandas' ``comment="#"``
would also cut every cell containing a ``#``. Why not a sidecar file: a
download button gives one file, and a metadata file that gets separated from
its table is worse than none. Two cells per line open as two readable columns
in a spreadsheet, and a script skips the block with
``pd.read_csv(..., skiprows=sheets.SKIP_ROWS)``.

Numbers are rounded to the precision the dashboard shows (whole numbers for
counts, else one decimal; intervals and limits alike): a CSV is a publication,
not a database dump, and the rounded value is the one the reader saw. Full
precision stays in ``bildungsampel classify --format csv``. Missing values are
empty cells. Text that a spreadsheet would run as a formula (starting with
``=``, ``+``, ``-``, ``@``, tab or CR, also their full-width and small forms
``＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫``, the minus sign ``−``, and any of these behind
leading blanks or invisible characters) gets a leading ``'``
(:func:`neutralise_formulas`), in headers, cells and metadata.

Layout of an XLSX download
--------------------------
The table on the first sheet with a bold, frozen header row, an autofilter,
a number format per cell (``0`` / ``0.0``), column widths fitted to the
content, ids written as text (leading zeros survive); the same metadata on a
second sheet "Metadaten" / "Metadata".

Which tables exist and which formats a page offers: :mod:`bildungsampel.present.export`.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bildungsampel.present.i18n import t

#: Characters that make a spreadsheet treat a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Starters after NFKC folding (full-width ``＝``, small ``﹦`` … become ``=``) and
#: leading blanks/invisible characters; U+2212 is the minus sign.
_FOLDED_START = ("=", "+", "-", "@", "\u2212")


#: Fields of the metadata block, in order (labels: i18n ``meta.<field>``).
META_FIELDS = (
    "city",
    "level",
    "period",
    "indicator",
    "unit",
    "source",
    "method",
    "city_value_kind",
    "version",
    "published",
    "generated",
    "note",
)


#: Number of metadata lines at the top of a CSV with metadata.
META_LINES = len(META_FIELDS)
#: Lines before the CSV header row: the metadata block and one blank line.
SKIP_ROWS = META_LINES + 1

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_MAX_WIDTH = 60
_MIN_WIDTH = 6


# ---------------------------------------------------------------- metadata


@dataclass(frozen=True)
class ExportMeta:
    """What a download says about itself (texts already in the UI language).

    Attributes
    ----------
    city, level, period : str
        City name, area level and year(s) shown.
    indicators, units, sources, methods, city_value_kinds : tuple of str
        Labels of the indicators in the file and their units, sources, rating
        methods and how their city values were computed (each distinct once).
    version_id : str
        Id of the published data version ("" or a file list without a store).
    published_at : str
        When that version was published (ISO 8601, as the store keeps it).
    generated_at : datetime
        When the file was made (default: now, UTC).
    note : str
        What the file's numbers are, when the general note (rounding, intervals)
        does not say it (the allocation's rule); "" for the general note.
    """

    city: str = ""
    level: str = ""
    period: str = ""
    indicators: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    city_value_kinds: tuple[str, ...] = ()
    version_id: str = ""
    published_at: str = ""
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    note: str = ""

    def lines(self, lang: str) -> list[tuple[str, str]]:
        """Return the (label, value) pairs of the metadata block, :data:`META_FIELDS` order."""
        values = {
            "city": self.city,
            "level": self.level,
            "period": self.period,
            "indicator": join_texts(self.indicators),
            "unit": join_texts(self.units),
            "source": join_texts(self.sources),
            "method": join_texts(self.methods),
            "city_value_kind": join_texts(self.city_value_kinds),
            "version": self.version_id,
            "published": format_time(self.published_at, lang),
            "generated": format_time(self.generated_at, lang),
            "note": self.note or t("meta.note.text", lang),
        }
        return [(t(f"meta.{key}", lang), values[key]) for key in META_FIELDS]


def join_texts(items: Iterable[str]) -> str:
    """Return texts joined as one metadata value ("a · b")."""
    return " · ".join(items)


def format_time(value: datetime | str, lang: str) -> str:
    """Return a time stamp as "12.03.2025 14:05 UTC" (German) or "2025-03-12 14:05 UTC".

    A text that is no ISO 8601 time is returned unchanged ("" stays "").
    """
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
    else:
        moment = value
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return t("present.format.time", lang, moment=moment)


# ---------------------------------------------------------------- tables


@dataclass(frozen=True)
class Table:
    """A download table: translated headers, raw numbers and their precision.

    Attributes
    ----------
    frame : pandas.DataFrame
        Headers in the UI language; numbers unrounded.
    decimals : mapping of str to int or sequence of int
        Number columns → decimals shown, for the whole column or per row.
        Float columns not named here are written at full precision.
    """

    frame: pd.DataFrame
    decimals: Mapping[str, int | Sequence[int]] = field(default_factory=dict)

    def places(self, column: str) -> list[int | None]:
        """Return the decimals of every row of ``column`` (None: full precision)."""
        spec = self.decimals.get(column)
        if spec is None or isinstance(spec, int):
            return [spec] * len(self.frame)
        return list(spec)


# ---------------------------------------------------------------- writing


def is_missing(value: object) -> bool:
    """Return whether a cell value is missing (None, NA, NaT or NaN): an empty cell."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def _formula_like(text: str) -> bool:
    if text.startswith(FORMULA_START):
        return True
    head = unicodedata.normalize("NFKC", text[:64])
    start = next((c for c in head if unicodedata.category(c) not in _BLANK), "")
    return start in _FOLDED_START


#: Unicode categories skipped before a formula starter: separators, controls, format.
_BLANK = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})


def neutralise(value: object) -> object:
    r"""Return text a spreadsheet would run as a formula with a leading ``'``; else ``value``.

    Besides the ASCII starters (``= + - @``, tab, CR) this catches their
    full-width and small forms (``＝ ＋ － ＠``, ``﹦ ﹢ ﹣ ﹫``, folded with NFKC),
    the minus sign ``−`` and starters behind leading blanks or invisible
    characters (``" =1+1"``, ``"\u200b=1+1"``).
    """
    if isinstance(value, str) and value and _formula_like(value):
        return "'" + value
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells and headers that a spreadsheet would run as formulas with ``'``."""
    out = frame.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    return out


def _as_table(table: Table | pd.DataFrame) -> Table:
    return table if isinstance(table, Table) else Table(table)


def _rows(table: Table) -> Iterable[list[tuple[object, int | None]]]:
    """Yield every row as (value, decimals) pairs; missing values as None."""
    columns = [str(c) for c in table.frame.columns]
    places = [table.places(c) for c in columns]
    data = [table.frame.iloc[:, k].astype(object).to_numpy() for k in range(len(columns))]
    for r in range(len(table.frame)):
        yield [
            (None if is_missing(d[r]) else d[r], p[r]) for d, p in zip(data, places, strict=True)
        ]


def number_text(value: float, places: int | None, point: str) -> str:
    """Return a number as CSV text: ``places`` decimals (None: full), ``point`` as separator."""
    if not math.isfinite(value):
        return ""
    if places is not None:
        text = f"{value:.{places}f}"
    elif float(value).is_integer():
        text = str(int(value))
    else:
        text = repr(float(value))
    if text.startswith("-") and not text.strip("-0.") and places is not None:
        text = text[1:]  # "-0.0" after rounding
    return text.replace(".", point)


def _csv_cell(value: object, places: int | None, point: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return number_text(float(value), places, point)
    return str(neutralise(str(value)))


def csv_bytes(table: Table | pd.DataFrame, *, lang: str, meta: ExportMeta | None = None) -> bytes:
    """Return a download CSV in the convention of ``lang`` (see the module docstring).

    Parameters
    ----------
    table : Table or pandas.DataFrame
        A plain frame is written at full precision.
    lang : {"de", "en"}
        ``de``: ``;`` and decimal comma; ``en``: ``,`` and decimal point.
    meta : ExportMeta, optional
        Written as :data:`META_LINES` ``label;value`` lines and a blank line
        before the table (skip them with ``skiprows=SKIP_ROWS``).

    Returns
    -------
    bytes
        UTF-8 with BOM, CRLF line ends, formulas neutralised, missing values empty.
    """
    table = _as_table(table)
    sep, point = t("present.format.csv_separator", lang), t("present.format.csv_decimal", lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    if meta is not None:
        writer.writerows([neutralise(k), neutralise(v)] for k, v in meta.lines(lang))
        writer.writerow([])
    writer.writerow([neutralise(str(c)) for c in table.frame.columns])
    writer.writerows([_csv_cell(v, p, point) for v, p in row] for row in _rows(table))
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_value(value: object, places: int | None) -> object:
    """Return a cell value for openpyxl: rounded numbers, neutralised text, None."""
    if value is None:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        if not math.isfinite(value):
            return None
        return round(float(value), places) if places is not None else float(value)
    return neutralise(_ILLEGAL_XML.sub("", str(value)))


def _number_format(places: int | None) -> str:
    if places is None:
        return "General"
    return "0" if places == 0 else "0." + "0" * places


def _shown_width(value: object, places: int | None) -> int:
    if value is None:
        return 0
    if isinstance(value, float):
        return len(number_text(value, places, "."))
    return max((len(line) for line in str(value).splitlines()), default=0)


Row = list[tuple[object, int | None]]


def _write_sheet(ws: Any, header: Sequence[str], rows: Iterable[Row]) -> None:
    """Write a header and rows: bold frozen header, autofilter, formats, fitted widths."""
    widths = [len(str(h)) for h in header]
    ws.append([_xlsx_value(h, None) for h in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"
    for r, row in enumerate(rows, start=2):
        for c, (raw, places) in enumerate(row, start=1):
            value = _xlsx_value(raw, places)
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula
            elif isinstance(value, float):
                cell.number_format = _number_format(places)
            elif isinstance(value, int):
                cell.number_format = "0"
            widths[c - 1] = max(widths[c - 1], _shown_width(value, places))
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(
            max(width + 2, _MIN_WIDTH), _MAX_WIDTH
        )
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def sheet_title(name: str, *, taken: Iterable[str] = ()) -> str:
    """Return ``name`` as a sheet title: no ``[]:*?/`` or backslash, at most 31 characters."""
    title = _SHEET_FORBIDDEN.sub("_", _ILLEGAL_XML.sub("", name)).strip("' ")[:31] or "Tabelle"
    return title + "_" if title.casefold() in {x.casefold() for x in taken} else title


def xlsx_bytes(
    table: Table | pd.DataFrame,
    *,
    lang: str,
    meta: ExportMeta | None = None,
    sheet: str = "Bildungsampel",
) -> bytes:
    """Return a download XLSX (see the module docstring).

    Parameters
    ----------
    table : Table or pandas.DataFrame
    lang : {"de", "en"}
        Language of the metadata sheet.
    meta : ExportMeta, optional
        Written to a second sheet "Metadaten" / "Metadata".
    sheet : str
        Title of the table's sheet (made valid by :func:`sheet_title`).
    """
    table = _as_table(table)
    book = Workbook()
    ws = book.active
    assert ws is not None  # a new workbook has one sheet
    ws.title = sheet_title(sheet, taken=[t("meta.sheet", lang)] if meta else [])
    _write_sheet(ws, [str(c) for c in table.frame.columns], _rows(table))
    if meta is not None:
        info = book.create_sheet(t("meta.sheet", lang))
        _write_sheet(
            info,
            [t("meta.field", lang), t("meta.value", lang)],
            ([(k, None), (v, None)] for k, v in meta.lines(lang)),
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
