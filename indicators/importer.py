"""Importing an indicator table as delivered: read, lay out, match, validate.

Nothing here writes anything: :func:`prepare` returns the observations and a
report of every problem (row, column, value, problem, fix — in German and
English). The caller publishes only a report without errors, so bad input
never changes what is stored.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

import numpy as np
import pandas as pd
import pandera.pandas as pa

from indicators.aggregate import CITY_ID
from indicators.catalog import Catalog, Indicator, Kind
from indicators.errors import ObservationError
from indicators.matching import match_areas, normalize_name
from indicators.numbers import format_number, parse_column
from indicators.observations import map_distinct
from indicators.periods import normalize_period, period_end_year
from indicators.tables import (
    XLSX_MAGIC,
    RawTable,
    ReadNote,
    TableLimits,
    normalize_header,
    read_csv_text,
    read_xlsx_rows,
    sheet_titles,
)

Layout = Literal["long", "wide"]
DEFAULT_LIMIT = 50 * 1024 * 1024
REPORT_COLUMNS = ("row", "column", "value", "problem", "fix")


class UnreadableFileError(ObservationError):
    """The file cannot be read at all (empty, binary, too large …)."""


@dataclass(frozen=True)
class Problem:
    """One finding of the validation, with its place and how to fix it."""

    row: int | None
    column: str | None
    value: str
    problem_de: str
    problem_en: str
    fix_de: str
    fix_en: str
    severity: Literal["error", "warning"] = "error"


@dataclass(frozen=True)
class ColumnMapping:
    """How the table's columns are read (detected, adjustable by the analyst).

    A long table names one numerator and one denominator column; in a wide
    table ``numerator_columns`` and ``denominator_columns`` map an indicator
    (value) column to the columns with its counts ("Gymnasium Zähler").
    """

    layout: Layout
    area_column: str
    period_column: str | None = None
    indicator_column: str | None = None
    value_column: str | None = None
    numerator_column: str | None = None
    denominator_column: str | None = None
    indicator_columns: dict[str, str] = field(default_factory=dict)
    column_periods: dict[str, str] = field(default_factory=dict)
    numerator_columns: dict[str, str] = field(default_factory=dict)
    denominator_columns: dict[str, str] = field(default_factory=dict)


@dataclass
class Prepared:
    """Result of :func:`prepare`: observations ready to publish and the report."""

    observations: pd.DataFrame
    mapping: ColumnMapping
    matches: pd.DataFrame
    problems: list[Problem]
    encoding: str
    sha256: str
    source_name: str
    rows_read: int
    #: The published version the table was checked against (set by the pipeline).
    based_on: int | None = None

    @property
    def ok(self) -> bool:
        """Whether nothing blocks publishing."""
        return not any(p.severity == "error" for p in self.problems) and len(self.observations) > 0

    def report(self, lang: str = "de") -> pd.DataFrame:
        """Return the problems as a table in ``lang`` (row, column, value, problem, fix)."""
        de = lang == "de"
        return pd.DataFrame(
            [
                {
                    "row": p.row,
                    "column": p.column,
                    "value": p.value,
                    "problem": p.problem_de if de else p.problem_en,
                    "fix": p.fix_de if de else p.fix_en,
                }
                for p in self.problems
            ],
            columns=list(REPORT_COLUMNS),
        ).astype({"row": "Int64"})


# ---------------------------------------------------------------- reading


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
        raise UnreadableFileError(
            f"{name}: the file is empty", message_de=f"{name}: die Datei ist leer"
        )
    limits = limits or TableLimits()
    lower = name.casefold()
    if lower.endswith((".xlsx", ".xlsm")) or data.startswith(XLSX_MAGIC):
        return _read_xlsx(data, name, sheet, limits)
    if b"\x00" in data[:8192]:
        raise UnreadableFileError(
            f"{name}: this is not a text table (binary content); export it as CSV (UTF-8) or XLSX",
            message_de=f"{name}: keine Texttabelle (binärer Inhalt); bitte als CSV (UTF-8) oder "
            "XLSX exportieren",
        )
    raw = read_csv_text(data, source=name, limits=limits)
    if raw.frame.empty:
        raise UnreadableFileError(
            f"{name}: the file has a header but no data rows",
            message_de=f"{name}: die Datei hat eine Kopfzeile, aber keine Datenzeilen",
        )
    if len(raw.frame.columns) < 2:
        raise UnreadableFileError(
            f"{name}: only one column was found; the separator must be ';', ',' or tab",
            message_de=f"{name}: nur eine Spalte erkannt; Trennzeichen muss ';', ',' oder "
            "Tabulator sein",
        )
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
            f"{name}: the file has {len(data) / 2**20:.1f} MB, more than the limit of "
            f"{max_bytes / 2**20:.0f} MB; split it by year or indicator",
            message_de=f"{name}: die Datei hat {len(data) / 2**20:.1f} MB, mehr als die Grenze von "
            f"{max_bytes / 2**20:.0f} MB; bitte nach Jahr oder Indikator aufteilen",
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
        raise UnreadableFileError(err.message_en, message_de=err.message_de) from None
    rows = read.rows
    if len(rows) < 2:
        raise UnreadableFileError(
            f"{name}: the sheet {read.title!r} has no data rows",
            message_de=f"{name}: das Tabellenblatt {read.title!r} hat keine Datenzeilen",
        )
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
    )


# ---------------------------------------------------------------- layout


_ALIASES: dict[str, tuple[str, ...]] = {
    "area": (
        "area_id",
        "area",
        "gebiet",
        "raum_id",
        "stadtteil_id",
        "stadtteil",
        "id",
        "stadtteil_nr",
        "stadtgebiet",
        "ortsteil",
        "name",
        "bezeichnung",
    ),
    "indicator": ("indicator", "indikator", "merkmal"),
    "period": ("period", "year", "jahr", "zeitraum", "schuljahr", "stichtag"),
    "value": ("value", "wert"),
    "numerator": ("numerator", "zaehler", "zähler", "anzahl"),
    "denominator": ("denominator", "nenner", "grundgesamtheit", "basis"),
}


def _find(columns: Sequence[str], role: str, exclude: Sequence[str] = ()) -> str | None:
    folded = {c: c.casefold().strip() for c in columns if c not in exclude}
    for alias in _ALIASES[role]:
        for col, low in folded.items():
            if low == alias:
                return col
    return None


def detect_mapping(raw: RawTable, catalog: Catalog) -> ColumnMapping:
    """Guess the layout and the roles of the columns.

    A table with indicator and value columns is long; otherwise every column
    that is not the area or the period is an indicator column (wide), mapped to
    the catalogue id whose id or label matches its header, else to a new id made
    from the header.
    """
    cols = [str(c) for c in raw.frame.columns]
    area = _find(cols, "area") or cols[0]
    period = _find(cols, "period", [area])
    indicator = _find(cols, "indicator", [area])
    value = _find(cols, "value", [area])
    if indicator and value:
        return ColumnMapping(
            layout="long",
            area_column=area,
            period_column=period,
            indicator_column=indicator,
            value_column=value,
            numerator_column=_find(cols, "numerator", [area]),
            denominator_column=_find(cols, "denominator", [area]),
        )
    labels = {}
    for ind in catalog.values():
        for text in (ind.id, ind.label_de, ind.label_en):
            labels[text.casefold().strip()] = ind.id
    mapping: dict[str, str] = {}
    column_periods: dict[str, str] = {}
    counts: dict[str, dict[str, str]] = {"numerator": {}, "denominator": {}}
    headers = {c: _wide_header(c, find_period=period is None) for c in cols}
    value_columns = {
        (label.casefold().strip(), col_period): col
        for col, (label, col_period, role) in headers.items()
        if role is None and col not in (area, period)
    }
    for col in (c for c in cols if c not in (area, period)):
        label, col_period, role = headers[col]
        owner = value_columns.get((label.casefold().strip(), col_period)) if role else None
        if role is not None and owner is not None:
            counts[role][owner] = col
            continue
        if role is not None:  # counts without a value column: an indicator column of its own
            found = _HEADER_PERIOD.search(col) if period is None else None
            label = col[: found.start()].strip(" -_,") if found else col
        mapping[col] = labels.get(label.casefold().strip(), _slug(label))
        if col_period:
            column_periods[col] = col_period
    return ColumnMapping(
        layout="wide",
        area_column=area,
        period_column=period,
        indicator_columns=mapping,
        column_periods=column_periods,
        numerator_columns=counts["numerator"],
        denominator_columns=counts["denominator"],
    )


_HEADER_PERIOD = re.compile(r"\s(\d{4}(?:\s*/\s*\d{2,4})?)\s*$")
_COUNT_SUFFIX = re.compile(
    r"[\s_\-,(]+(zähler|zaehler|numerator|nenner|denominator)\)?\s*$", re.IGNORECASE
)
_COUNT_ROLES = {"zähler": "numerator", "zaehler": "numerator", "nenner": "denominator"}


def _wide_header(column: str, *, find_period: bool) -> tuple[str, str | None, str | None]:
    """Split a wide header into label, period and count role.

    "Übergang aufs Gymnasium Zähler 2022/23" and "Übergang aufs Gymnasium
    2022/23 (Nenner)" name the counts behind the column "Übergang aufs
    Gymnasium 2022/23".
    """
    label, col_period, role = column, None, None
    for _ in range(2):  # the role before or after the period
        found_role = _COUNT_SUFFIX.search(label) if role is None else None
        if found_role:
            word = found_role.group(1).casefold()
            role = _COUNT_ROLES.get(word, word)
            label = label[: found_role.start()]
        found = _HEADER_PERIOD.search(label) if find_period and col_period is None else None
        if found:
            label, col_period = label[: found.start()].strip(" -_,"), found.group(1)
    return label.strip(), col_period, role


def _slug(header: str) -> str:
    from indicators.matching import normalize_name

    return normalize_name(header)[:60] or "indikator"


def to_long(
    raw: RawTable, mapping: ColumnMapping, *, period: str | int | None = None
) -> pd.DataFrame:
    """Return the table as long rows with parsed numbers and ``source_row`` (file line)."""
    frame = raw.frame
    header_offset = 2  # line 1 is the header
    missing = [
        c
        for c in (
            mapping.area_column,
            mapping.period_column,
            mapping.indicator_column,
            mapping.value_column,
            mapping.numerator_column,
            mapping.denominator_column,
            *mapping.indicator_columns,
            *mapping.numerator_columns.values(),
            *mapping.denominator_columns.values(),
        )
        if c is not None and c not in frame.columns
    ]
    if missing:
        raise UnreadableFileError(
            f"column(s) {', '.join(missing)} not in the table; columns are "
            f"{', '.join(map(str, frame.columns))}",
            message_de=f"Spalte(n) {', '.join(missing)} fehlen in der Tabelle; vorhanden: "
            f"{', '.join(map(str, frame.columns))}",
        )
    if (
        mapping.period_column is None
        and period is None
        and not (
            mapping.layout == "wide"
            and mapping.indicator_columns
            and set(mapping.indicator_columns) <= set(mapping.column_periods)
        )
    ):
        raise UnreadableFileError(
            "the table has no year column; give the year of the whole table",
            message_de="die Tabelle hat keine Jahresspalte; bitte das Jahr der ganzen Tabelle "
            "angeben",
            hint="year",
        )
    rows = np.arange(len(frame)) + header_offset
    periods = (
        frame[mapping.period_column].to_numpy()
        if mapping.period_column
        else np.array([period] * len(frame), dtype=object)
    )
    areas = frame[mapping.area_column].map(lambda v: "" if v is None else str(v).strip())
    if mapping.layout == "long":
        assert mapping.indicator_column is not None
        assert mapping.value_column is not None
        value = parse_column(frame[mapping.value_column])
        raw_text = frame[mapping.value_column].map(lambda v: "" if v is None else str(v))
        out = pd.DataFrame(
            {
                "source_row": rows,
                "source_area": areas.to_numpy(),
                "indicator": frame[mapping.indicator_column].astype(str).str.strip().to_numpy(),
                "period_raw": periods,
                "value": value.values,
                "missing_reason": value.reasons,
                "value_column": mapping.value_column,
                "raw_value": raw_text.to_numpy(),
            }
        )
        for role, col in (
            ("numerator", mapping.numerator_column),
            ("denominator", mapping.denominator_column),
        ):
            out = out.assign(**_counts(frame, role, col))
        return out
    parts = []
    for column, ind_id in mapping.indicator_columns.items():
        parsed = parse_column(frame[column])
        if column in mapping.column_periods:
            column_period = np.array([mapping.column_periods[column]] * len(frame), dtype=object)
        else:
            column_period = periods
        parts.append(
            pd.DataFrame(
                {
                    "source_row": rows,
                    "source_area": areas.to_numpy(),
                    "indicator": ind_id,
                    "period_raw": column_period,
                    "value": parsed.values,
                    "missing_reason": parsed.reasons,
                    **_wide_counts(frame, column, mapping),
                    "value_column": column,
                    "raw_value": frame[column]
                    .map(lambda v: "" if v is None else str(v))
                    .to_numpy(),
                }
            )
        )
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _wide_counts(frame: pd.DataFrame, column: str, mapping: ColumnMapping) -> dict[str, Any]:
    """Return numerator and denominator (and their column names) of a wide indicator column."""
    out: dict[str, Any] = {}
    for role, columns in (
        ("numerator", mapping.numerator_columns),
        ("denominator", mapping.denominator_columns),
    ):
        out.update(_counts(frame, role, columns.get(column)))
    return out


def _counts(frame: pd.DataFrame, role: str, col: str | None) -> dict[str, Any]:
    """Return a count column's numbers, its name and the text of its non-finite cells."""
    if not col:
        return {
            role: np.nan,
            f"{role}_column": None,
            f"{role}_nonfinite": None,
            f"{role}_unparsable": None,
            f"{role}_foreign": None,
        }
    parsed = parse_column(frame[col])
    cells = frame[col].astype(str)

    def where(reason: str) -> np.ndarray:
        bad = np.array([r == reason for r in parsed.reasons], dtype=bool)
        return cells.where(bad, None).to_numpy()

    return {
        role: parsed.values,
        f"{role}_column": col,
        f"{role}_nonfinite": where("not_finite"),
        f"{role}_unparsable": where("unparsable"),
        f"{role}_foreign": cells.where(_foreign_digits(cells), None).to_numpy(),
    }


def _has_foreign_digit(text: str) -> bool:
    return any(c.isdigit() and not c.isascii() for c in text)


def _foreign_digits(cells: pd.Series) -> np.ndarray:
    """Mask of cells written with decimal digits outside 0–9 (４１, ٤١)."""
    return np.array([not c.isascii() and _has_foreign_digit(c) for c in cells], dtype=bool)


# ---------------------------------------------------------------- validation

#: Kinds whose value is numerator / denominator × multiplier.
RATIO_KINDS = (Kind.PROPORTION, Kind.RATE, Kind.MEAN)
#: How far a delivered value may be from its counts: a whole number may have been
#: rounded to units, any other value to (at least) one decimal place.
WHOLE_TOLERANCE = 0.5
DECIMAL_TOLERANCE = 0.05
#: Row numbers named in a grouped report line.
SHOWN_ROWS = 5


def counts_mismatch(
    value: pd.Series, numerator: pd.Series, denominator: pd.Series, multiplier: pd.Series
) -> pd.Series:
    """Whether a delivered value contradicts its numerator/denominator × multiplier.

    A value may have been rounded to the decimals it was delivered with, and
    counts and value are often rounded separately, so the rule is lenient: a
    whole number (``33``, also ``33,0``) may be off by up to 0.5, any other
    value by up to 0.05 (half a unit of the first decimal place), each plus a
    relative 1e-9 for floating point. Rows without value, numerator or a
    positive denominator are not checked.

    Parameters
    ----------
    value, numerator, denominator, multiplier : pandas.Series
        Aligned columns (floats, NaN where missing).

    Returns
    -------
    pandas.Series
        True where the value contradicts its counts.

    Examples
    --------
    >>> s = lambda *x: pd.Series(x, dtype=float)
    >>> counts_mismatch(s(30, 33, 33.3, 12.5, 15), s(100, 1, 1, 1, 1), s(100, 3, 3, 8, 8),
    ...                 s(100, 100, 100, 100, 100)).tolist()
    [True, False, False, False, True]
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        expected = numerator / denominator * multiplier
    whole = np.isclose(value, np.round(value), rtol=0, atol=1e-9)
    tolerance = np.where(whole, WHOLE_TOLERANCE, DECIMAL_TOLERANCE)
    tolerance = tolerance + 1e-9 * np.maximum(1.0, expected.abs().fillna(0))
    checked = value.notna() & numerator.notna() & (denominator > 0) & multiplier.notna()
    return checked & ((value - expected).abs() > tolerance)


def _schema(catalog: Catalog) -> pa.DataFrameSchema:
    this_year = date.today().year

    def per_indicator(
        frame: pd.DataFrame, get: Callable[[Indicator], Any], other: Any, dtype: type
    ) -> pd.Series:
        """``get`` of each row's indicator (``other`` when unknown), once per indicator."""
        values = map_distinct(
            frame["indicator"], lambda i: get(catalog[i]) if i in catalog else other
        )
        return pd.Series(values.astype(dtype), index=frame.index)

    def within_unit(frame: pd.DataFrame) -> pd.Series:
        upper = per_indicator(
            frame, lambda i: i.multiplier if i.kind is Kind.PROPORTION else np.inf, np.inf, float
        )
        return frame["value"].isna() | (frame["value"] <= upper + 1e-9)

    def non_negative(frame: pd.DataFrame) -> pd.Series:
        countlike = per_indicator(
            frame, lambda i: i.kind in (Kind.PROPORTION, Kind.RATE, Kind.COUNT), False, bool
        )
        return frame["value"].isna() | ~countlike | (frame["value"] >= 0)

    def numerator_le_denominator(frame: pd.DataFrame) -> pd.Series:
        share = per_indicator(frame, lambda i: i.kind is Kind.PROPORTION, False, bool)
        return (
            ~share
            | frame["numerator"].isna()
            | frame["denominator"].isna()
            | (frame["numerator"] <= frame["denominator"])
        )

    def value_matches_counts(frame: pd.DataFrame) -> pd.Series:
        ratio = per_indicator(frame, lambda i: i.kind in RATIO_KINDS, False, bool)
        mult = per_indicator(frame, lambda i: i.multiplier, np.nan, float)
        mismatch = counts_mismatch(frame["value"], frame["numerator"], frame["denominator"], mult)
        return ~(ratio & mismatch)

    return pa.DataFrameSchema(
        {
            "area_id": pa.Column(str, nullable=False),
            "indicator": pa.Column(str, pa.Check.isin(list(catalog)), nullable=False),
            "period": pa.Column(str, nullable=False),
            "year": pa.Column(int, pa.Check.in_range(1990, this_year + 1)),
            "value": pa.Column(float, nullable=True),
            "numerator": pa.Column(float, pa.Check.ge(0), nullable=True),
            "denominator": pa.Column(float, pa.Check.ge(0), nullable=True),
        },
        checks=[
            pa.Check(numerator_le_denominator, name="numerator_le_denominator"),
            pa.Check(value_matches_counts, name="value_matches_counts"),
            pa.Check(within_unit, name="within_unit"),
            pa.Check(non_negative, name="non_negative"),
        ],
        unique=["area_id", "indicator", "period"],
        report_duplicates="all",
        coerce=False,
    )


#: Checks of the counts, reported once per column with the rows they fail in.
_GROUPED = ("numerator_le_denominator", "value_matches_counts")
_MESSAGES: dict[str, tuple[str, str, str, str]] = {
    "numerator_le_denominator": (
        "Zähler größer als Nenner",
        "numerator greater than denominator",
        "Zähler und Nenner prüfen (vertauscht?): der Zähler zählt einen Teil des Nenners",
        "check numerator and denominator (swapped?): the numerator counts part of the denominator",
    ),
    "value_matches_counts": (
        "Wert passt nicht zu Zähler/Nenner",
        "value does not match numerator/denominator",
        "Wert, Zähler und Nenner prüfen (andere Einheit, z. B. Anteil statt Prozent? "
        "verrutschte Spalten?) oder den Wert leer lassen: er wird dann aus Zähler/Nenner "
        "berechnet",
        "check value, numerator and denominator (another unit, e.g. a fraction instead of "
        "percent? shifted columns?) or leave the value empty: it is then computed from "
        "numerator/denominator",
    ),
    "within_unit": (
        "Anteil über 100 %",
        "share above 100 %",
        "Wert als Prozent (0–100) angeben",
        "give the value as a percentage (0–100)",
    ),
    "non_negative": (
        "negativer Wert bei einer Anzahl oder Quote",
        "negative value for a count or rate",
        "Vorzeichen prüfen",
        "check the sign",
    ),
    "in_range": (
        "unplausibles Jahr",
        "implausible year",
        "Jahr zwischen 1990 und dem nächsten Jahr angeben",
        "give a year between 1990 and next year",
    ),
    "isin": (
        "Indikator nicht im Katalog",
        "indicator not in the catalogue",
        "Katalogeintrag anlegen (Bezeichnung, Handlungsfeld, Polarität, Art) oder Spalte zuordnen",
        "add a catalogue entry (label, domain, polarity, kind) or map the column",
    ),
    "greater_than_or_equal_to": (
        "negative Anzahl",
        "negative count",
        "Vorzeichen prüfen",
        "check the sign",
    ),
    "field_uniqueness": (
        "doppelte Zeile (Gebiet, Indikator, Jahr)",
        "duplicate row (area, indicator, year)",
        "nur eine Zeile je Gebiet, Indikator und Jahr behalten",
        "keep one row per area, indicator and year",
    ),
    "multiple_fields_uniqueness": (
        "doppelte Zeile (Gebiet, Indikator, Jahr)",
        "duplicate row (area, indicator, year)",
        "nur eine Zeile je Gebiet, Indikator und Jahr behalten",
        "keep one row per area, indicator and year",
    ),
}


def validate(long: pd.DataFrame, catalog: Catalog) -> list[Problem]:
    """Check the matched long rows with pandera (lazily, every failure) and report them."""
    if long.empty:
        return []
    try:
        _schema(catalog).validate(long, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return _problems_from(errors.failure_cases, long, catalog)
    return []


def _problems_from(cases: pd.DataFrame, long: pd.DataFrame, catalog: Catalog) -> list[Problem]:
    out: list[Problem] = []
    seen: set[tuple[object, str]] = set()
    checks = pd.Series(
        map_distinct(cases["check"], lambda c: str(c).split("(")[0].strip()), index=cases.index
    )
    for name in _GROUPED:  # vectorised: these checks fail on many rows at once
        failed = long.index.intersection(pd.Index(cases.loc[checks == name, "index"].dropna()))
        if len(failed):
            out += _grouped_problems(name, long.loc[failed], catalog)
    keyed = checks.str.endswith("uniqueness") | (checks == "isin")
    for name, by in (("uniqueness", ["source_area", "indicator", "period"]), ("isin", None)):
        chosen = keyed & (checks.str.endswith(name) if name == "uniqueness" else checks == name)
        failed = long.index.intersection(pd.Index(cases.loc[chosen, "index"].dropna()))
        if len(failed):
            out += _keyed_problems(name, long.loc[failed], by or ["value_column", "indicator"])
    for case in cases[~checks.isin(_GROUPED) & ~keyed].itertuples():
        check = str(case.check).split("(")[0].strip()
        key = next((k for k in _MESSAGES if check.startswith(k)), None)
        if key is None:
            continue
        index = case.index
        row = long.loc[index] if index is not None and index in long.index else None
        column = str(case.column) if isinstance(case.column, str) else None
        if key in ("within_unit", "non_negative"):
            column = "value"
        elif key.endswith("uniqueness"):
            column = None
        if (index, key) in seen:
            continue
        seen.add((index, key))
        if key.endswith("uniqueness") and row is not None:
            value = f"{row['source_area']} · {row['indicator']} · {row['period']}"
        elif row is None or column is None or column not in long:
            value = str(case.failure_case)
        else:
            value = str(row[column])
        de, en, fix_de, fix_en = _MESSAGES[key]
        out.append(
            Problem(
                row=int(row["source_row"]) if row is not None else None,
                column=str(row["value_column"])
                if row is not None and column == "value"
                else column,
                value=str(value),
                problem_de=de,
                problem_en=en,
                fix_de=fix_de,
                fix_en=fix_en,
            )
        )
    return out


def _keyed_problems(name: str, failed: pd.DataFrame, by: list[str]) -> list[Problem]:
    """Report duplicate rows once per key, unknown indicators once per column.

    Each line names the rows concerned: 50,000 copies of a row make one line.
    """
    key = "field_uniqueness" if name == "uniqueness" else "isin"
    de, en, fix_de, fix_en = _MESSAGES[key]
    out = []
    for values, group in failed.groupby(by, sort=False, dropna=False):
        rows = sorted(int(r) for r in group["source_row"])
        if name == "uniqueness":
            column, value = None, " · ".join(str(v) for v in values)
        else:
            column, value = str(values[0]), str(values[1])
        out.append(
            Problem(
                row=rows[0],
                column=column,
                value=value,
                problem_de=de + _rows_text(rows, "de"),
                problem_en=en + _rows_text(rows, "en"),
                fix_de=fix_de,
                fix_en=fix_en,
            )
        )
    return out


def _show(number: float, lang: str) -> str:
    """Format a number for a message: up to three decimals, no trailing zeros."""
    text = format_number(number, lang=lang, decimals=3)
    point = "," if lang == "de" else "."
    return text.rstrip("0").rstrip(point) if point in text else text


def _rows_text(rows: Sequence[int], lang: str) -> str:
    """Name the rows: ``(Zeile 4)`` or ``(Zeile 4); 23 Zeilen betroffen: 4, 7, 9, 12, 15 …``."""
    first = rows[0]
    if len(rows) == 1:
        return f" (Zeile {first})" if lang == "de" else f" (row {first})"
    shown = ", ".join(str(r) for r in rows[:SHOWN_ROWS]) + (" …" if len(rows) > SHOWN_ROWS else "")
    if lang == "de":
        return f" (Zeile {first}); {len(rows)} Zeilen betroffen: {shown}"
    return f" (row {first}); {len(rows)} rows affected: {shown}"


def _grouped_problems(key: str, failed: pd.DataFrame, catalog: Catalog) -> list[Problem]:
    """Report a failed check of the counts once per column (as named in the file).

    The first failing row is the example (its numbers in the text); the text
    names the first :data:`SHOWN_ROWS` row numbers and how many rows fail.
    """
    numerator = failed["numerator_column"].fillna("numerator").astype(str)
    denominator = failed["denominator_column"].fillna("denominator").astype(str)
    columns = numerator + ", " + denominator
    if key == "value_matches_counts":
        columns = failed["value_column"].astype(str) + ", " + columns
    out = []
    for column, group in failed.groupby(columns, sort=False):
        group = group.sort_values("source_row")
        rows = [int(r) for r in group["source_row"]]
        first = group.iloc[0]
        num, den, value = first["numerator"], first["denominator"], first["value"]
        de, en, fix_de, fix_en = _MESSAGES[key]
        if key == "value_matches_counts":
            mult = catalog[str(first["indicator"])].multiplier
            shown = {
                lang: (
                    _show(value, lang),
                    f"{_show(num, lang)}/{_show(den, lang)}"
                    + (f" × {_show(mult, lang)}" if mult != 1 else ""),
                    _show(num / den * mult, lang),
                )
                for lang in ("de", "en")
            }
            de = "Wert {} passt nicht zu Zähler/Nenner {} = {}".format(*shown["de"])
            en = "value {} does not match numerator/denominator {} = {}".format(*shown["en"])
            example = str(first["raw_value"]) or _show(value, "en")
        else:
            de += f": {_show(num, 'de')} > {_show(den, 'de')}"
            en += f": {_show(num, 'en')} > {_show(den, 'en')}"
            example = f"{_show(num, 'en')} > {_show(den, 'en')}"
        out.append(
            Problem(
                row=rows[0],
                column=str(column),
                value=example,
                problem_de=de + _rows_text(rows, "de"),
                problem_en=en + _rows_text(rows, "en"),
                fix_de=fix_de,
                fix_en=fix_en,
            )
        )
    return out


# ---------------------------------------------------------------- the whole step


def _leave_out(
    long: pd.DataFrame,
    rows: pd.Series,
    column: str | None,
    problem: tuple[str, str],
    fix: tuple[str, str],
) -> list[Problem]:
    """Leave the ``rows`` of ``long`` unmatched (not imported); one warning per source name."""
    out = [
        Problem(
            row=int(part["source_row"].min()),
            column=column,
            value=str(source),
            problem_de=problem[0],
            problem_en=problem[1],
            fix_de=fix[0],
            fix_en=fix[1],
            severity="warning",
        )
        for source, part in long[rows].groupby("source_area")
    ]
    long.loc[rows, "area_id"] = None
    return out


def prepare(
    data: bytes,
    name: str,
    *,
    areas: Mapping[str, str],
    catalog: Catalog,
    parents: Mapping[str, str] | None = None,
    city_name: str = "",
    mapping: ColumnMapping | None = None,
    period: str | int | None = None,
    sheet: str | None = None,
    confirmed: Mapping[str, str] | None = None,
    max_bytes: int = DEFAULT_LIMIT,
    limits: TableLimits | None = None,
) -> Prepared:
    """Read, lay out, match and validate an uploaded indicator table.

    Parameters
    ----------
    data, name : bytes, str
        The uploaded file and its name.
    areas : mapping
        Area id → name of the published boundaries.
    catalog : Catalog
        The catalogue including any new indicators the analyst described.
    parents : mapping, optional
        Parent id → name, to recognise Stadtbezirk rows.
    city_name : str
        The municipality's name (recognises city-total rows, strips prefixes).
    mapping : ColumnMapping, optional
        The analyst's column mapping (default: detected).
    period : str or int, optional
        Year of a table without a year column.
    sheet : str, optional
        Sheet of an XLSX workbook (default: the first).
    confirmed : mapping, optional
        Source area value → area id confirmed by the analyst.
    max_bytes : int
        Size limit.
    limits : TableLimits, optional
        Limits for reading the table (see :class:`indicators.tables.TableLimits`).

    Returns
    -------
    Prepared

    Raises
    ------
    UnreadableFileError
        When the file cannot be read at all.
    """
    raw = read_upload(data, name, max_bytes=max_bytes, sheet=sheet, limits=limits)
    chosen = mapping or detect_mapping(raw, catalog)
    long = to_long(raw, chosen, period=period)
    problems: list[Problem] = [_from_note(n) for n in raw.notes]
    prefixes = [city_name] if city_name else []
    matches = match_areas(
        long["source_area"],
        areas,
        parents=parents,
        city_names=[city_name] if city_name else [],
        prefixes=prefixes,
        confirmed=confirmed,
    )
    lookup = matches.set_index("source")
    level = long["source_area"].map(lookup["level"])
    long["area_id"] = long["source_area"].map(lookup["area_id"]).where(level == "area")
    # a row of the whole city is kept as the delivered city value (see classify.city_reference)
    long.loc[level == "city", "area_id"] = CITY_ID
    extra_city = (long["area_id"] == CITY_ID) & long.duplicated(
        ["area_id", "indicator", "period_raw"], keep="first"
    )
    problems += _leave_out(
        long,
        extra_city,
        chosen.area_column,
        (
            "weitere Zeile für die Gesamtstadt, nicht importiert (die erste gilt)",
            "another row for the city total, not imported (the first one counts)",
        ),
        (
            "nur eine Gesamtstadt-Zeile je Indikator und Jahr liefern",
            "deliver one city total row per indicator and year",
        ),
    )
    kept_city = set(long.loc[long["area_id"] == CITY_ID, "source_area"])
    long["match"] = long["source_area"].map(lookup["how"])
    # a name that is both a Stadtteil and a Stadtbezirk (Hamburg: Eimsbüttel): its later
    # occurrence in the same table is the Bezirk row
    parent_keys = {normalize_name(n, prefixes=prefixes) for n in (parents or {}).values()}
    is_parent = {
        v: normalize_name(v, prefixes=prefixes) in parent_keys
        for v in pd.unique(long["source_area"])
    }
    later = long.duplicated(["source_area", "indicator", "period_raw"], keep="first") & long[
        "source_area"
    ].map(is_parent).astype(bool)
    problems += _leave_out(
        long,
        later,
        chosen.area_column,
        (
            "zweite Zeile dieses Namens als Stadtbezirk erkannt, nicht importiert",
            "second row of this name recognised as a borough, not imported",
        ),
        ("nichts zu tun", "nothing to do"),
    )
    first_rows = long.groupby("source_area")["source_row"].min()
    unmatched = 0
    for m in matches.itertuples():
        source = str(m.source)
        suggestion = str(m.suggestion) if isinstance(m.suggestion, str) else ""
        first = int(first_rows[source])
        if m.how == "unmatched":
            unmatched += 1
            if unmatched > UNMATCHED_SHOWN:
                continue
            hint_de = (
                f"; Vorschlag: {areas[suggestion]} (Übereinstimmung {m.score:.0f})"
                if suggestion
                else ""
            )
            hint_en = (
                f"; suggestion: {areas[suggestion]} (score {m.score:.0f})" if suggestion else ""
            )
            problems.append(
                Problem(
                    row=first,
                    column=chosen.area_column,
                    value=str(m.source),
                    problem_de="Gebiet nicht gefunden" + hint_de,
                    problem_en="area not found" + hint_en,
                    fix_de="Zuordnung bestätigen oder Namen/ID an die Grenzdatei anpassen",
                    fix_en="confirm the match or align the name/id with the boundary file",
                )
            )
        elif m.how == "skipped":
            problems.append(
                Problem(
                    row=first,
                    column=chosen.area_column,
                    value=source,
                    problem_de="bei der Zuordnung ausgeschlossen, nicht importiert",
                    problem_en="excluded by the analyst, not imported",
                    fix_de="nichts zu tun",
                    fix_en="nothing to do",
                    severity="warning",
                )
            )
        elif m.how == "city" and str(m.source) in kept_city:
            problems.append(
                Problem(
                    row=first,
                    column=chosen.area_column,
                    value=str(m.source),
                    problem_de="Zeile für die Gesamtstadt erkannt: als gelieferter Stadtwert "
                    "übernommen, mit dem die Gebiete verglichen werden",
                    problem_en="row for the city total recognised: kept as the delivered city "
                    "value the areas are compared with",
                    fix_de="nichts zu tun; ohne diese Zeile wird der Stadtwert aus den Gebieten "
                    "berechnet",
                    fix_en="nothing to do; without this row the city value is computed from the "
                    "areas",
                    severity="warning",
                )
            )
        elif m.how == "parent":
            problems.append(
                Problem(
                    row=first,
                    column=chosen.area_column,
                    value=str(m.source),
                    problem_de="Zeile für einen Stadtbezirk erkannt, nicht importiert",
                    problem_en="row for a borough recognised, not imported",
                    fix_de="nichts zu tun: Bezirkswerte werden aus den Stadtteilen berechnet",
                    fix_en="nothing to do: borough values are computed from the areas",
                    severity="warning",
                )
            )
        elif m.how == "fuzzy":
            problems.append(
                Problem(
                    row=first,
                    column=chosen.area_column,
                    value=str(m.source),
                    problem_de=f"ähnlich geschrieben, zugeordnet zu {areas[str(m.area_id)]} "
                    f"({m.score:.0f})",
                    problem_en=f"spelled differently, matched to "
                    f"{areas[str(m.area_id)]} ({m.score:.0f})",
                    fix_de="Zuordnung prüfen",
                    fix_en="check the match",
                    severity="warning",
                )
            )
    if unmatched > UNMATCHED_SHOWN:
        problems.append(_more_unmatched(unmatched - UNMATCHED_SHOWN, chosen.area_column))
    body = long[long["area_id"].notna()].copy()
    problems += _nonfinite_problems(body)
    problems += _count_text_problems(body)
    problems += _implausible_problems(body)
    problems += _foreign_number_warnings(body)
    for row in body[body["missing_reason"] == "unparsable"].itertuples():
        problems.append(
            Problem(
                row=int(str(row.source_row)),
                column=str(row.value_column),
                value=str(row.raw_value),
                problem_de="keine lesbare Zahl",
                problem_en="not a readable number",
                fix_de="Zahl mit Dezimalkomma (12,5) oder ein amtliches Zeichen (. x - *) "
                "eintragen",
                fix_en="write a number (12,5 or 12.5) or an official symbol (. x - *)",
            )
        )
    body["period"], body["year"] = _periods(body, problems, chosen)
    body = body[body["period"].notna()]
    problems += validate(
        body[
            [
                "area_id",
                "indicator",
                "period",
                "year",
                "value",
                "numerator",
                "denominator",
                "source_row",
                "value_column",
                "raw_value",
                "numerator_column",
                "denominator_column",
                "source_area",
            ]
        ].astype({"year": int}),
        catalog,
    )
    problems.sort(key=lambda p: (p.row if p.row is not None else -1, p.column or ""))
    obs = body.assign(area_id=body["area_id"].astype(str))[
        [
            "area_id",
            "indicator",
            "period",
            "value",
            "numerator",
            "denominator",
            "missing_reason",
            "source_row",
        ]
    ].reset_index(drop=True)
    return Prepared(
        observations=obs,
        mapping=chosen,
        matches=matches,
        problems=problems,
        encoding=raw.encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        source_name=name,
        rows_read=len(raw.frame),
    )


def _from_note(note: ReadNote) -> Problem:
    """Return a note from reading the file as a report line."""
    return Problem(
        row=note.row,
        column=note.column,
        value=note.value,
        problem_de=note.problem_de,
        problem_en=note.problem_en,
        fix_de=note.fix_de,
        fix_en=note.fix_en,
        severity="error" if note.severity == "error" else "warning",
    )


def _nonfinite_problems(body: pd.DataFrame) -> list[Problem]:
    """One error per column for values and counts that are infinite or not a number.

    ``1e309`` overflows to infinity, ``inf`` and ``nan`` are what a program
    writes for a failed division; none of them is a figure to publish.
    """
    places = [
        (body["value_column"], body["raw_value"], body["missing_reason"] == "not_finite"),
    ]
    for role in ("numerator", "denominator"):
        if f"{role}_nonfinite" in body:
            text = body[f"{role}_nonfinite"]
            places.append((body[f"{role}_column"], text, text.notna()))
    out = []
    for columns, texts, bad in places:
        if not bad.any():
            continue
        found = pd.DataFrame(
            {"column": columns[bad], "text": texts[bad], "row": body["source_row"][bad]}
        )
        for column, group in found.groupby("column", sort=False):
            group = group.sort_values("row")
            rows = [int(r) for r in group["row"]]
            out.append(
                Problem(
                    row=rows[0],
                    column=str(column),
                    value=str(group["text"].iloc[0])[:40],
                    problem_de="keine endliche Zahl" + _rows_text(rows, "de"),
                    problem_en="not a finite number" + _rows_text(rows, "en"),
                    fix_de="eine Zahl eintragen (unendlich, 1e309 oder nan sind keine Werte) "
                    "oder die Zelle leer lassen bzw. ein amtliches Zeichen (. x) setzen",
                    fix_en="write a number (infinity, 1e309 or nan are no values) or leave the "
                    "cell empty or use an official symbol (. x)",
                )
            )
    return out


#: Names not found in the boundaries that get a report line each; the rest are one line.
UNMATCHED_SHOWN = 200


def _more_unmatched(count: int, column: str | None) -> Problem:
    """One error line for the unmatched names beyond :data:`UNMATCHED_SHOWN`."""
    return Problem(
        row=None,
        column=column,
        value="",
        problem_de=f"{count} weitere nicht zugeordnete Namen (nur die ersten {UNMATCHED_SHOWN} "
        "sind einzeln aufgeführt)",
        problem_en=f"{count} more names not found in the boundaries (only the first "
        f"{UNMATCHED_SHOWN} are listed)",
        fix_de="die richtige Spalte als Gebiet wählen oder Namen/IDs an die Grenzdatei anpassen",
        fix_en="choose the right area column or align the names/ids with the boundary file",
    )


#: Largest magnitude of a value or count that is published. Far above any real
#: count of pupils or people (a city has fewer than 10^8), far below where summing
#: a few areas overflows the floating-point range (about 1.8e308).
PLAUSIBLE_MAGNITUDE = 1e15


def _grouped(found: pd.DataFrame, *, de: str, en: str, fix_de: str, fix_en: str) -> list[Problem]:
    """One error per column of ``found`` (columns ``column``, ``text``, ``row``)."""
    out = []
    for column, group in found.groupby("column", sort=False):
        group = group.sort_values("row")
        rows = [int(r) for r in group["row"]]
        out.append(
            Problem(
                row=rows[0],
                column=str(column),
                value=str(group["text"].iloc[0])[:40],
                problem_de=de + _rows_text(rows, "de"),
                problem_en=en + _rows_text(rows, "en"),
                fix_de=fix_de,
                fix_en=fix_en,
            )
        )
    return out


def _count_text_problems(body: pd.DataFrame) -> list[Problem]:
    """One error per count column for cells that are no number ("k.A.", "12 Schüler")."""
    out = []
    for role in ("numerator", "denominator"):
        if f"{role}_unparsable" not in body:
            continue
        text = body[f"{role}_unparsable"]
        bad = text.notna()
        if not bad.any():
            continue
        found = pd.DataFrame(
            {
                "column": body[f"{role}_column"][bad],
                "text": text[bad],
                "row": body["source_row"][bad],
            }
        )
        out += _grouped(
            found,
            de="keine lesbare Zahl",
            en="not a readable number",
            fix_de="eine ganze Zahl (1234 oder 1.234) oder ein amtliches Zeichen (. x - *) "
            "eintragen",
            fix_en="write a whole number (1234 or 1,234) or an official symbol (. x - *)",
        )
    return out


def _implausible_problems(body: pd.DataFrame) -> list[Problem]:
    """One error per column for values or counts beyond :data:`PLAUSIBLE_MAGNITUDE`.

    Such numbers are no real figures, and summing a few of them to a Stadtbezirk
    or the city exceeds the number range (``1e308 + 1e308`` is infinite).
    """
    places = [("value_column", "value", "raw_value")]
    places += [(f"{r}_column", r, r) for r in ("numerator", "denominator") if f"{r}_column" in body]
    out = []
    for column, number, text in places:
        values = pd.to_numeric(body[number], errors="coerce")
        bad = values.abs() > PLAUSIBLE_MAGNITUDE
        if not bad.any():
            continue
        found = pd.DataFrame(
            {"column": body[column][bad], "text": body[text][bad], "row": body["source_row"][bad]}
        )
        out += _grouped(
            found,
            de="Betrag über 10^15, kein plausibler Wert; die Summe über die Gebiete übersteigt "
            "den Zahlenbereich",
            en="magnitude above 10^15, not a plausible figure; the sum over the areas exceeds "
            "the number range",
            fix_de="Zahl prüfen (verrutschte Spalte, Exponent, Platzhalter wie 9e99?) und "
            "korrigieren oder die Zelle leer lassen",
            fix_en="check the number (shifted column, exponent, a placeholder like 9e99?) and "
            "correct it or leave the cell empty",
        )
    return out


def _foreign_number_warnings(body: pd.DataFrame) -> list[Problem]:
    """Warn once per column for numbers written with digits outside 0–9 (４１, ٤١,٥).

    Such numbers are read as the digits mean (Unicode decimal digits, as in a
    table copied from a PDF), so nothing is lost; the analyst sees where.
    """
    places = [
        (
            body["value_column"],
            body["raw_value"],
            body["value"].notna()
            & pd.Series(_foreign_digits(body["raw_value"].astype(str)), index=body.index),
        )
    ]
    for role in ("numerator", "denominator"):
        if f"{role}_foreign" in body:
            text = body[f"{role}_foreign"]
            places.append((body[f"{role}_column"], text, text.notna() & body[role].notna()))
    out = []
    for columns, texts, bad in places:
        if not bad.any():
            continue
        found = pd.DataFrame(
            {"column": columns[bad], "text": texts[bad], "row": body["source_row"][bad]}
        )
        for problem in _grouped(
            found,
            de="Zahl mit Ziffern außerhalb von 0–9 geschrieben, nach ihrer Bedeutung gelesen",
            en="number written with digits other than 0–9, read as the digits mean",
            fix_de="nichts zu tun, wenn die Zahlen stimmen; sonst mit 0–9 schreiben",
            fix_en="nothing to do if the numbers are right; otherwise write them with 0–9",
        ):
            out.append(replace(problem, severity="warning"))
    return out


def _periods(
    body: pd.DataFrame, problems: list[Problem], mapping: ColumnMapping
) -> tuple[pd.Series, pd.Series]:
    labels: list[str | None] = []
    years: list[int] = []
    # each distinct period text is read once; a bad one is reported on every row it is in
    known: dict[tuple[type, object], tuple[str | None, int, ObservationError | None]] = {}
    foreign: dict[str, tuple[str, list[int]]] = {}
    for raw, row in zip(body["period_raw"], body["source_row"], strict=True):
        key = (type(raw), raw)
        if key not in known:
            try:
                text = normalize_period(raw)
                known[key] = (text, period_end_year(text), None)
            except ObservationError as error:
                known[key] = (None, 0, error)
        label, year, err = known[key]
        labels.append(label)
        years.append(year)
        if label is not None and any(c.isdigit() and not c.isascii() for c in str(raw)):
            foreign.setdefault(str(raw), (label, []))[1].append(int(row))
        if err is not None:
            problems.append(
                Problem(
                    row=int(row),
                    column=mapping.period_column,
                    value=str(raw),
                    problem_de=f"kein Jahr oder Schuljahr ({err.text('de')})",
                    problem_en=f"not a year or school year ({err.text('en')})",
                    fix_de="z. B. 2023 oder 2022/23 eintragen",
                    fix_en="write e.g. 2023 or 2022/23",
                )
            )
    problems += _foreign_digit_warnings(foreign, mapping)
    return pd.Series(labels, index=body.index, dtype=object), pd.Series(years, index=body.index)


def _foreign_digit_warnings(
    foreign: Mapping[str, tuple[str, list[int]]], mapping: ColumnMapping
) -> list[Problem]:
    """Warn once per period text written with digits outside ASCII (２０２３, ٢٠٢٣).

    Such a year is read as the year its digits mean (Unicode decimal digits),
    so nothing is lost, but the analyst sees that the file was written oddly.
    """
    return [
        Problem(
            row=rows[0],
            column=mapping.period_column,
            value=raw,
            problem_de=f"Jahr mit Ziffern außerhalb von 0–9 geschrieben, gelesen als {label}"
            + _rows_text(rows, "de"),
            problem_en=f"year written with digits other than 0–9, read as {label}"
            + _rows_text(rows, "en"),
            fix_de="nichts zu tun, wenn das Jahr stimmt; sonst das Jahr mit 0–9 schreiben",
            fix_en="nothing to do if the year is right; otherwise write it with 0–9",
            severity="warning",
        )
        for raw, (label, rows) in foreign.items()
    ]


def known_areas(areas_frame: pd.DataFrame) -> dict[str, str]:
    """Return area id → name of a boundary frame."""
    return dict(
        zip(areas_frame["area_id"].astype(str), areas_frame["area_name"].astype(str), strict=True)
    )


def as_catalog_entry(values: Mapping[str, Any]) -> dict[str, Any]:
    """Return a catalogue entry from form values (the analyst describing a new indicator)."""
    entry = {k: v for k, v in values.items() if v not in (None, "")}
    entry.setdefault("label_en", entry.get("label_de", ""))
    return entry
