"""Download files of the dashboard: CSV and XLSX that a German office can open.

Pure (no Streamlit): pages hand the bytes (or a function making them) to
``st.download_button``; the MIME types and file suffixes live in
:data:`FORMATS`.

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
``pd.read_csv(..., skiprows=export.SKIP_ROWS)``.

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
from typing import Any, NamedTuple, Protocol

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bildungsampel.present.i18n import has_key, t
from bildungsampel.present.views import decimals, rating_label
from indicators.catalog import Catalog, Indicator

#: Characters that make a spreadsheet treat a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Starters after NFKC folding (full-width ``＝``, small ``﹦`` … become ``=``) and
#: leading blanks/invisible characters; U+2212 is the minus sign.
_FOLDED_START = ("=", "+", "-", "@", "\u2212")


class FileFormat(NamedTuple):
    """MIME type and file name suffix of a download format."""

    mime: str
    suffix: str


#: Every download format of the dashboard: format → (MIME type, suffix).
FORMATS: dict[str, FileFormat] = {
    "csv": FileFormat("text/csv", ".csv"),
    "xlsx": FileFormat(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"
    ),
    "png": FileFormat("image/png", ".png"),
    "pdf": FileFormat("application/pdf", ".pdf"),
    "html": FileFormat("text/html", ".html"),
}

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


class Published(Protocol):
    """What an export reads of the dataset shown (``service.pipeline.Dataset`` is one)."""

    @property
    def catalog(self) -> Catalog:
        """The catalogue of the indicators shown."""

    @property
    def city_name(self) -> str:
        """The municipality's name."""

    @property
    def files(self) -> tuple[str, ...]:
        """The files the dataset was read from (read-only installations)."""

    @property
    def version(self) -> dict[str, Any] | None:
        """The published version's record (None for files named in the settings)."""


#: Number of metadata lines at the top of a CSV with metadata.
META_LINES = len(META_FIELDS)
#: Lines before the CSV header row: the metadata block and one blank line.
SKIP_ROWS = META_LINES + 1

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_MAX_WIDTH = 60
_MIN_WIDTH = 6


def file_args(fmt: str, stem: str) -> dict[str, str]:
    """Return ``file_name`` and ``mime`` of a download (keyword arguments of a button).

    Examples
    --------
    >>> file_args("csv", "profil_41_2023")
    {'file_name': 'profil_41_2023.csv', 'mime': 'text/csv'}
    """
    try:
        kind = FORMATS[fmt]
    except KeyError:
        raise KeyError(f"unknown download format {fmt!r}; known: {', '.join(FORMATS)}") from None
    return {"file_name": stem + kind.suffix, "mime": kind.mime}


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

    def lines(self, lang: str) -> list[tuple[str, str]]:
        """Return the (label, value) pairs of the metadata block, :data:`META_FIELDS` order."""
        values = {
            "city": self.city,
            "level": self.level,
            "period": self.period,
            "indicator": _join(self.indicators),
            "unit": _join(self.units),
            "source": _join(self.sources),
            "method": _join(self.methods),
            "city_value_kind": _join(self.city_value_kinds),
            "version": self.version_id,
            "published": format_time(self.published_at, lang),
            "generated": format_time(self.generated_at, lang),
            "note": t("meta.note.text", lang),
        }
        return [(t(f"meta.{key}", lang), values[key]) for key in META_FIELDS]


def _join(items: Iterable[str]) -> str:
    return " · ".join(items)


def _distinct(items: Iterable[object]) -> tuple[str, ...]:
    """Return the distinct non-empty texts of ``items`` in first-seen order."""
    seen = dict.fromkeys(str(i) for i in items if i is not None and not _missing(i) and str(i))
    return tuple(seen)


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
    pattern = "%d.%m.%Y %H:%M" if lang == "de" else "%Y-%m-%d %H:%M"
    return f"{moment.strftime(pattern)} UTC"


def word(prefix: str, code: object, lang: str) -> str:
    """Return the translation of ``prefix.code``, or the code itself if there is none."""
    if _missing(code):
        return ""
    key = f"{prefix}.{code}"
    return t(key, lang) if has_key(key) else str(code)


def dataset_meta(
    data: Published,
    indicators: Iterable[str],
    lang: str,
    *,
    rows: pd.DataFrame | None = None,
    level: str = "",
    period: str = "",
    generated_at: datetime | None = None,
) -> ExportMeta:
    """Return the metadata of a download from ``data``.

    Parameters
    ----------
    data : Published
        The dataset shown (its ``version`` dict when it comes from the store).
    indicators : iterable of str
        Ids of the indicators in the file.
    lang : {"de", "en"}
    rows : pandas.DataFrame, optional
        Rated rows in the file: their years, rating methods and (when the
        column exists) city value kinds are named; without rows the methods
        set in the catalogue are.
    level : str
        Area level id ("stadtteil", "stadtbezirk").
    period : str
        Year shown, when ``rows`` does not tell.
    generated_at : datetime, optional
        Default: now.
    """
    inds = [data.catalog[i] for i in dict.fromkeys(indicators)]
    version = data.version or {}
    if rows is not None and "method" in rows:
        methods = _distinct(rows["method"].astype(object))
    else:
        methods = _distinct(i.rule.method for i in inds)
    kinds = (
        _distinct(rows["city_value_kind"].astype(object))
        if rows is not None and "city_value_kind" in rows
        else ()
    )
    if rows is not None and "year" in rows and len(rows):
        period = _join(_distinct(rows["year"].astype(object)))
    return ExportMeta(
        city=data.city_name,
        level=t(f"level.{level}", lang) if level else "",
        period=period,
        indicators=tuple(i.label(lang) for i in inds),
        units=_distinct(i.unit for i in inds),
        sources=_distinct(i.source for i in inds),
        methods=tuple(word("method", m, lang) for m in methods),
        city_value_kinds=tuple(word("city_kind", k, lang) for k in kinds),
        version_id=str(version["id"])
        if "id" in version
        else t("meta.files", lang, files=", ".join(data.files)),
        published_at=str(version.get("published_at") or version.get("created_at") or ""),
        generated_at=generated_at or datetime.now(UTC),
    )


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


def _column(values: Any) -> np.ndarray:
    """Return a column as an object array with missing values as None."""
    array = pd.Series(values).astype(object).to_numpy()
    return np.array([None if _missing(v) else v for v in array], dtype=object)


def ratings(rows: pd.DataFrame, catalog: Catalog, lang: str) -> Table:
    """Return rated rows (pipeline output, optionally with ``diff``) as a download table.

    Columns that only some result frames have (``city_value_kind``,
    ``lower_limit``/``upper_limit``, ``trend_direction``, ``diff``, ``method``)
    are written when present.
    """
    inds = [catalog[i] for i in rows["indicator"]]
    places = [decimals(i) for i in inds]
    col = {
        "area": t("col.area", lang),
        "area_id": t("col.area_id", lang),
        "indicator": t("col.indicator", lang),
        "year": t("col.year", lang),
        "value": t("col.value", lang),
        "unit": t("col.unit", lang),
        "city_value": t("col.city", lang),
        "city_value_kind": t("col.city_value_kind", lang),
        "diff": t("col.diff", lang),
        "ci_low": t("col.ci_low", lang),
        "ci_high": t("col.ci_high", lang),
        "lower_limit": t("col.lower_limit", lang),
        "upper_limit": t("col.upper_limit", lang),
        "rating": t("col.rating", lang),
        "trend": t("col.trend", lang),
        "trend_direction": t("col.trend_direction", lang),
        "method": t("method", lang),
        "reason": t("col.reason", lang),
    }
    out: dict[str, Any] = {
        col["area"]: _column(rows["area_name"]),
        col["area_id"]: _column(rows["area_id"].astype(str)),
        col["indicator"]: [i.label(lang) for i in inds],
        col["year"]: _column(rows["year"]),
        col["value"]: rows["value"].to_numpy(dtype=float),
        col["unit"]: [i.unit for i in inds],
        col["city_value"]: rows["city_value"].to_numpy(dtype=float),
    }
    if "city_value_kind" in rows:
        out[col["city_value_kind"]] = [word("city_kind", k, lang) for k in rows["city_value_kind"]]
    numbers = ["value", "city_value"]
    for name in ("diff", "ci_low", "ci_high", "lower_limit", "upper_limit"):
        if name in rows:
            out[col[name]] = rows[name].to_numpy(dtype=float)
            numbers.append(name)
    out[col["rating"]] = [
        rating_label(str(r), str(g), lang)
        for r, g in zip(rows["rating"], rows["grade"], strict=True)
    ]
    out[col["trend"]] = [word("trend", x, lang) for x in rows["trend"]]
    if "trend_direction" in rows:
        out[col["trend_direction"]] = [word("direction", x, lang) for x in rows["trend_direction"]]
    if "method" in rows:
        out[col["method"]] = [word("method", m, lang) for m in rows["method"]]
    out[col["reason"]] = _column(rows["reason"])
    return Table(pd.DataFrame(out), {col[n]: places for n in numbers})


def series(frame: pd.DataFrame, names: Mapping[str, str], indicator: Indicator, lang: str) -> Table:
    """Return a trend series (:func:`indicators.profile.series`) as a download table."""
    ids = [str(a) for a in frame["area_id"]]
    value = t("col.value", lang)
    out = pd.DataFrame(
        {
            t("col.area", lang): [
                t("trends.city", lang) if a == "city" else names.get(a, a) for a in ids
            ],
            t("col.area_id", lang): ids,
            t("col.indicator", lang): indicator.label(lang),
            t("col.year", lang): _column(frame["period"]),
            value: frame["value"].to_numpy(dtype=float),
            t("col.unit", lang): indicator.unit,
        }
    )
    return Table(out, {value: decimals(indicator)})


def heatmap(cells: pd.DataFrame, columns: Sequence[str], catalog: Catalog, lang: str) -> Table:
    """Return the heatmap cells (:func:`bildungsampel.present.charts.heatmap_long`) for download.

    ``columns`` are the indicator ids of the heatmap's columns (``cells["col"]``
    indexes them), which give each value its precision; the 0..1 value gets 2.
    """
    ids = np.asarray(list(columns), dtype=object)[cells["col"].to_numpy(dtype=int)]
    value, scaled = t("col.value", lang), t("hm.scaled", lang)
    frame = pd.DataFrame(
        {
            t("col.area", lang): _column(cells["area"]),
            t("col.area_id", lang): _column(cells["area_id"].astype(str)),
            t("col.indicator", lang): _column(cells["indicator"]),
            t("col.year", lang): _column(cells["period"]),
            value: cells["raw"].to_numpy(dtype=float),
            t("col.unit", lang): [catalog[i].unit for i in ids],
            scaled: cells["scaled"].to_numpy(dtype=float),
            t("col.rating", lang): _column(cells["rating_label"]),
        }
    )
    return Table(frame, {value: [decimals(catalog[i]) for i in ids], scaled: 2})


def report(problems: pd.DataFrame, lang: str) -> Table:
    """Return an import check report (:meth:`indicators.importer.Prepared.report`) for download."""
    return Table(problems.rename(columns=lambda c: t(f"col.{c}", lang)))


# ---------------------------------------------------------------- writing


def _missing(value: object) -> bool:
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
        yield [(None if _missing(d[r]) else d[r], p[r]) for d, p in zip(data, places, strict=True)]


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
    sep, point = (",", ".") if lang == "en" else (";", ",")
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


def write(
    fmt: str,
    table: Table | pd.DataFrame,
    *,
    lang: str,
    meta: ExportMeta | None = None,
    sheet: str = "Bildungsampel",
) -> bytes:
    """Return ``table`` as a ``"csv"`` or ``"xlsx"`` download."""
    if fmt == "csv":
        return csv_bytes(table, lang=lang, meta=meta)
    if fmt == "xlsx":
        return xlsx_bytes(table, lang=lang, meta=meta, sheet=sheet)
    raise ValueError(f"tables are downloaded as csv or xlsx, not {fmt!r}")


# ---------------------------------------------------------------- page downloads


def ratings_file(
    rows: pd.DataFrame,
    data: Published,
    *,
    fmt: str,
    lang: str,
    level: str,
    sheet: str = "Bildungsampel",
) -> bytes:
    """Return the download of rated rows (map, profile, comparison) with their metadata."""
    meta = dataset_meta(data, rows["indicator"].astype(str), lang, rows=rows, level=level)
    return write(fmt, ratings(rows, data.catalog, lang), lang=lang, meta=meta, sheet=sheet)


def series_file(
    frame: pd.DataFrame,
    data: Published,
    indicator: str,
    names: Mapping[str, str],
    *,
    fmt: str,
    lang: str,
    level: str,
) -> bytes:
    """Return the download of a trend series with indicator, unit and source."""
    ind = data.catalog[indicator]
    meta = dataset_meta(
        data, [indicator], lang, level=level, period=_join(_distinct(frame["period"]))
    )
    return write(fmt, series(frame, names, ind, lang), lang=lang, meta=meta)


def heatmap_file(
    cells: pd.DataFrame,
    columns: Sequence[str],
    data: Published,
    *,
    fmt: str,
    lang: str,
    level: str,
    rated: pd.DataFrame | None = None,
) -> bytes:
    """Return the download of the heatmap cells with the metadata of its indicators."""
    rows = None if rated is None else rated[rated["indicator"].isin(list(columns))]
    meta = dataset_meta(data, columns, lang, rows=rows, level=level)
    return write(fmt, heatmap(cells, columns, data.catalog, lang), lang=lang, meta=meta)


def catalog_file(frame: pd.DataFrame, data: Published, *, fmt: str, lang: str) -> bytes:
    """Return the download of the catalogue table (:func:`views.catalog_table`)."""
    meta = dataset_meta(data, list(data.catalog), lang)
    return write(fmt, frame, lang=lang, meta=meta)


def report_file(problems: pd.DataFrame, *, fmt: str, lang: str) -> bytes:
    """Return the download of an import check report (no dataset metadata: not published)."""
    return write(fmt, report(problems, lang), lang=lang)
