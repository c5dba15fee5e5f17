"""Long-table phase: one row per area, indicator and period, numbers parsed, file lines kept.

Each row keeps what the report needs to point back into the file:
``source_row`` (the file line), ``source_area`` (the area cell as written),
``value_column``/``raw_value`` and, per count, its column and the text of a
cell that is no (finite) number or uses digits outside 0–9.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import numpy as np
import pandas as pd

from indicators.importer.layout import ColumnMapping
from indicators.importer.reading import UnreadableFileError
from indicators.numbers import ParsedColumn, parse_column
from indicators.tables import RawTable

#: Line 1 of a file is its header: the first data row is line 2.
HEADER_OFFSET = 2


def to_long(
    raw: RawTable,
    mapping: ColumnMapping,
    *,
    period: str | int | None = None,
    missing_codes: Collection[str] = (),
) -> pd.DataFrame:
    """Return the table as long rows with parsed numbers and ``source_row`` (file line).

    ``missing_codes`` are the file's codes for a missing value (``-9999``):
    values and counts holding one are missing (:func:`indicators.numbers.parse_column`).

    Raises
    ------
    UnreadableFileError
        When a mapped column is not in the table, or no period is known.
    """
    frame = raw.frame
    _check_columns(frame, mapping)
    _check_long_roles(mapping)
    _check_period(mapping, period)
    periods = (
        frame[mapping.period_column].to_numpy()
        if mapping.period_column
        else np.array([period] * len(frame), dtype=object)
    )
    codes = tuple(missing_codes)
    if mapping.layout == "long":
        return _long_rows(frame, mapping, periods, codes, file_rows(raw))
    return _wide_rows(frame, mapping, periods, codes, file_rows(raw))


def file_rows(raw: RawTable) -> np.ndarray:
    """Return the file's row number of each row (a sheet's own numbers, else from line 2)."""
    if raw.row_numbers is not None and len(raw.row_numbers) == len(raw.frame):
        return np.asarray(raw.row_numbers, dtype=int)
    return np.arange(len(raw.frame)) + HEADER_OFFSET


def _check_columns(frame: pd.DataFrame, mapping: ColumnMapping) -> None:
    named = (
        mapping.area_column,
        mapping.period_column,
        mapping.indicator_column,
        mapping.value_column,
        mapping.numerator_column,
        mapping.denominator_column,
        mapping.reason_column,
        *mapping.indicator_columns,
        *mapping.numerator_columns.values(),
        *mapping.denominator_columns.values(),
    )
    missing = [c for c in named if c is not None and c not in frame.columns]
    if missing:
        raise UnreadableFileError(
            "importer.columns.missing",
            missing=", ".join(missing),
            columns=", ".join(map(str, frame.columns)),
        )


def _check_long_roles(mapping: ColumnMapping) -> None:
    """Refuse a long mapping without an indicator (column or whole file) or value or counts."""
    if mapping.layout != "long":
        return
    if mapping.indicator_column is None and not mapping.single_indicator:
        raise UnreadableFileError("importer.roles.no_indicator")
    if mapping.value_column is None and not (
        mapping.numerator_column and mapping.denominator_column
    ):
        raise UnreadableFileError("importer.roles.no_value_long")


def _check_period(mapping: ColumnMapping, period: str | int | None) -> None:
    every_column_dated = (
        mapping.layout == "wide"
        and bool(mapping.indicator_columns)
        and set(mapping.indicator_columns) <= set(mapping.column_periods)
    )
    if mapping.period_column is None and period is None and not every_column_dated:
        raise UnreadableFileError("importer.period.missing", hint="year")


def _text(column: pd.Series) -> np.ndarray:
    texts: np.ndarray = column.map(lambda v: "" if v is None else str(v)).to_numpy()
    return texts


def _areas(frame: pd.DataFrame, mapping: ColumnMapping) -> np.ndarray:
    cells: np.ndarray = (
        frame[mapping.area_column].map(lambda v: "" if v is None else str(v).strip()).to_numpy()
    )
    return cells


def _long_rows(
    frame: pd.DataFrame,
    mapping: ColumnMapping,
    periods: np.ndarray,
    codes: tuple[str, ...],
    rows: np.ndarray,
) -> pd.DataFrame:
    value, value_column, raw = _values(frame, mapping.value_column, codes)
    out = pd.DataFrame(
        {
            "source_row": rows,
            "source_area": _areas(frame, mapping),
            "indicator": _indicators(frame, mapping),
            "period_raw": periods,
            "value": value.values,
            "missing_reason": _reasons(frame, mapping.reason_column, value.reasons),
            # without a value column, problems of the value point at the numerator
            "value_column": value_column or mapping.numerator_column,
            "raw_value": raw,
        }
    )
    for role, col in (
        ("numerator", mapping.numerator_column),
        ("denominator", mapping.denominator_column),
    ):
        out = out.assign(**_counts(frame, role, col, codes))
    return out


def _indicators(frame: pd.DataFrame, mapping: ColumnMapping) -> np.ndarray:
    """Return the indicator of each row: its cell, or the one of the whole file."""
    if mapping.indicator_column is None:
        return np.array([mapping.single_indicator] * len(frame), dtype=object)
    ids: np.ndarray = frame[mapping.indicator_column].astype(str).str.strip().to_numpy()
    return ids


def _values(
    frame: pd.DataFrame, column: str | None, codes: tuple[str, ...]
) -> tuple[ParsedColumn, str | None, np.ndarray]:
    """Return the parsed values, their column and cell texts (none: computed from counts)."""
    if column is None:
        empty = pd.Series([None] * len(frame), index=frame.index, dtype=object)
        return parse_column(empty), None, np.array([""] * len(frame), dtype=object)
    return parse_column(frame[column], missing_codes=codes), column, _text(frame[column])


def _reasons(frame: pd.DataFrame, column: str | None, parsed: list[str | None]) -> np.ndarray:
    """Return the reason read from the value cell, or the one the reason column gives for it."""
    reasons = pd.Series(parsed, index=frame.index, dtype=object)
    if column is None:
        return reasons.to_numpy()
    given = frame[column].map(lambda v: None if v is None or not str(v).strip() else str(v).strip())
    out: np.ndarray = given.where(given.notna(), reasons).to_numpy()
    return out


def _wide_rows(
    frame: pd.DataFrame,
    mapping: ColumnMapping,
    periods: np.ndarray,
    codes: tuple[str, ...],
    rows: np.ndarray,
) -> pd.DataFrame:
    areas = _areas(frame, mapping)
    parts = []
    for column, ind_id in mapping.indicator_columns.items():
        counts_only = column in mapping.count_only  # the numerator: the value is computed
        parsed, _, raw = _values(frame, None if counts_only else column, codes)
        if column in mapping.column_periods:
            column_period = np.array([mapping.column_periods[column]] * len(frame), dtype=object)
        else:
            column_period = periods
        parts.append(
            pd.DataFrame(
                {
                    "source_row": rows,
                    "source_area": areas,
                    "indicator": ind_id,
                    "period_raw": column_period,
                    "value": parsed.values,
                    "missing_reason": parsed.reasons,
                    **_wide_counts(frame, column, mapping, codes),
                    "value_column": column,
                    "raw_value": raw,
                }
            )
        )
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _wide_counts(
    frame: pd.DataFrame, column: str, mapping: ColumnMapping, codes: tuple[str, ...]
) -> dict[str, Any]:
    """Return numerator and denominator (and their column names) of a wide indicator column."""
    out: dict[str, Any] = {}
    for role, columns in (
        ("numerator", mapping.numerator_columns),
        ("denominator", mapping.denominator_columns),
    ):
        out.update(_counts(frame, role, columns.get(column), codes))
    return out


def _counts(
    frame: pd.DataFrame, role: str, col: str | None, codes: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Return a count column's numbers, its name and the text of its non-finite cells."""
    if not col:
        return {
            role: np.nan,
            f"{role}_column": None,
            f"{role}_nonfinite": None,
            f"{role}_unparsable": None,
            f"{role}_foreign": None,
        }
    parsed = parse_column(frame[col], missing_codes=codes)
    cells = frame[col].astype(str)

    def where(reason: str) -> np.ndarray:
        bad = np.array([r == reason for r in parsed.reasons], dtype=bool)
        return cells.where(bad, None).to_numpy()

    return {
        role: parsed.values,
        f"{role}_column": col,
        f"{role}_nonfinite": where("not_finite"),
        f"{role}_unparsable": where("unparsable"),
        f"{role}_foreign": cells.where(foreign_digits(cells), None).to_numpy(),
    }


def _has_foreign_digit(text: str) -> bool:
    return any(c.isdigit() and not c.isascii() for c in text)


def foreign_digits(cells: pd.Series) -> np.ndarray:
    """Mask of cells written with decimal digits outside 0–9 (４１, ٤١)."""
    return np.array([not c.isascii() and _has_foreign_digit(c) for c in cells], dtype=bool)
