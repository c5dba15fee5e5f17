"""Validation phase: the matched long rows against the catalogue, with pandera.

:class:`ImportRows` is the schema of the rows (a pandera ``DataFrameModel``);
each check has a name, and :data:`MESSAGES` holds the message keys of each name.
What a check needs from the catalogue (is the indicator known, is it a share,
its multiplier …) is looked up once per indicator into ``cat_*`` columns by
:func:`with_catalog_facts`, so the checks themselves are plain column logic.

To add a check: a method with ``@pa.check``/``@pa.dataframe_check(name=...)``
on :class:`ImportRows`, its keys in :data:`MESSAGES` (words in
:mod:`indicators.importer.messages`) and, when it fails on many
rows at once, its name in :data:`GROUPED`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from indicators.catalog import Catalog, Indicator, Kind
from indicators.importer.report import Problem, cases_of, grouped, shown_number, with_rows
from indicators.messages import Message
from indicators.observations import map_distinct

#: Kinds whose value is numerator / denominator × multiplier.
RATIO_KINDS = (Kind.PROPORTION, Kind.RATE, Kind.MEAN)
#: How far a delivered value may be from its counts: a whole number may have been
#: rounded to units, any other value to (at least) one decimal place.
WHOLE_TOLERANCE = 0.5
DECIMAL_TOLERANCE = 0.05
#: The first year a value may be for; the last is next year.
FIRST_YEAR = 1990
#: The name pandera gives the check of ``Config.unique``.
UNIQUE_CHECK = "multiple_fields_uniqueness"


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


def with_catalog_facts(long: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Return ``long`` with the ``cat_*`` columns the checks of :class:`ImportRows` read."""

    def fact(get: Callable[[Indicator], Any], other: Any, dtype: type) -> np.ndarray:
        values = map_distinct(
            long["indicator"], lambda i: get(catalog[i]) if i in catalog else other
        )
        return values.astype(dtype)

    return long.assign(
        cat_known=fact(lambda _i: True, False, bool),
        cat_upper=fact(
            lambda i: i.multiplier if i.kind is Kind.PROPORTION else np.inf, np.inf, float
        ),
        cat_countlike=fact(
            lambda i: i.kind in (Kind.PROPORTION, Kind.RATE, Kind.COUNT), False, bool
        ),
        cat_share=fact(lambda i: i.kind is Kind.PROPORTION, False, bool),
        cat_ratio=fact(lambda i: i.kind in RATIO_KINDS, False, bool),
        cat_multiplier=fact(lambda i: i.multiplier, np.nan, float),
    )


class ImportRows(pa.DataFrameModel):
    """One matched row per area, indicator and period, with its catalogue facts."""

    area_id: Series[str]
    indicator: Series[str]
    period: Series[str]
    year: Series[int]
    value: Series[float] = pa.Field(nullable=True)
    numerator: Series[float] = pa.Field(nullable=True)
    denominator: Series[float] = pa.Field(nullable=True)

    class Config:
        """Every area, indicator and period once; no coercion (the reader parsed the cells)."""

        unique: ClassVar[list[str]] = ["area_id", "indicator", "period"]
        coerce = False

    @pa.check("year", name="plausible_year")
    def _plausible_year(cls, year: pd.Series) -> pd.Series:
        return year.between(FIRST_YEAR, date.today().year + 1)

    @pa.check("numerator", "denominator", name="count_not_negative")
    def _count_not_negative(cls, count: pd.Series) -> pd.Series:
        return count.isna() | (count >= 0)

    @pa.dataframe_check(name="known_indicator")
    def _known_indicator(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["cat_known"]

    @pa.dataframe_check(name="numerator_le_denominator")
    def _numerator_le_denominator(cls, frame: pd.DataFrame) -> pd.Series:
        return (
            ~frame["cat_share"]
            | frame["numerator"].isna()
            | frame["denominator"].isna()
            | (frame["numerator"] <= frame["denominator"])
        )

    @pa.dataframe_check(name="value_matches_counts")
    def _value_matches_counts(cls, frame: pd.DataFrame) -> pd.Series:
        mismatch = counts_mismatch(
            frame["value"], frame["numerator"], frame["denominator"], frame["cat_multiplier"]
        )
        return ~(frame["cat_ratio"] & mismatch)

    @pa.dataframe_check(name="within_unit")
    def _within_unit(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["value"].isna() | (frame["value"] <= frame["cat_upper"] + 1e-9)

    @pa.dataframe_check(name="non_negative")
    def _non_negative(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["value"].isna() | ~frame["cat_countlike"] | (frame["value"] >= 0)


#: Report words of each check: the message keys of problem and fix
#: (:mod:`indicators.importer.messages`).
MESSAGES: dict[str, tuple[str, str]] = {
    name: (f"importer.check.{name}", f"importer.check.{name}.fix")
    for name in (
        "numerator_le_denominator",
        "value_matches_counts",
        "within_unit",
        "non_negative",
        "plausible_year",
        "known_indicator",
        "count_not_negative",
    )
} | {UNIQUE_CHECK: ("importer.check.duplicate", "importer.check.duplicate.fix")}
#: Checks of the counts, reported once per column with the rows they fail in.
GROUPED = ("numerator_le_denominator", "value_matches_counts")
#: Checks reported once per key: duplicates per area (its indicators and periods
#: named in the value), unknown indicators per column and indicator.
KEYED: dict[str, list[str]] = {
    UNIQUE_CHECK: ["source_area"],
    "known_indicator": ["value_column", "indicator"],
}
#: Row checks whose failing column is the value column of the file.
_VALUE_CHECKS = ("within_unit", "non_negative")


def validate(long: pd.DataFrame, catalog: Catalog) -> list[Problem]:
    """Check the matched long rows with pandera (lazily, every failure) and report them."""
    if long.empty:
        return []
    try:
        ImportRows.validate(with_catalog_facts(long, catalog), lazy=True)
    except pa.errors.SchemaErrors as errors:
        return problems_from(errors.failure_cases, long, catalog)
    return []


def problems_from(cases: pd.DataFrame, long: pd.DataFrame, catalog: Catalog) -> list[Problem]:
    """Turn pandera's failure cases into report lines (grouped, keyed, then per row)."""
    checks = cases["check"].astype(str)

    def failed(name: str) -> pd.DataFrame:
        index = pd.Index(cases.loc[checks == name, "index"].dropna())
        return long.loc[long.index.intersection(index)]

    out: list[Problem] = []
    for name in GROUPED:  # vectorised: these checks fail on many rows at once
        rows = failed(name)
        if len(rows):
            out += grouped_problems(name, rows, catalog)
    for name, by in KEYED.items():
        rows = failed(name)
        if len(rows):
            out += keyed_problems(name, rows, by)
    single = cases[checks.isin(MESSAGES) & ~checks.isin(GROUPED) & ~checks.isin(KEYED)]
    return out + row_check_problems(single.drop_duplicates(["index", "check"]), long)


def row_check_problems(cases: pd.DataFrame, long: pd.DataFrame) -> list[Problem]:
    """Report the row checks (share above 100 %, negative …) once per check and column.

    A column of 542 shares above 100 % is one line naming the first rows and
    the count; every row is kept for :func:`~indicators.importer.report.row_report`.
    """
    found: dict[str, list[dict[str, object]]] = {}
    out: list[Problem] = []
    for case in cases.itertuples():
        key = str(case.check)
        index = case.index
        if index is None or index != index or index not in long.index:  # no row to point to
            problem, fix = MESSAGES[key]
            column = case.column if isinstance(case.column, str) else None
            out.append(
                Problem(None, column, str(case.failure_case), Message(problem), Message(fix))
            )
            continue
        row = long.loc[index]
        found.setdefault(key, []).append(_row_case(key, case, row))
    for key, rows in found.items():
        problem, fix = MESSAGES[key]
        out += grouped(pd.DataFrame(rows), problem=problem, fix=fix)
    return out


def _row_case(key: str, case: Any, row: pd.Series) -> dict[str, object]:
    """Return column (as named in the file), cell text and file row of one failing row."""
    column = "value" if key in _VALUE_CHECKS else case.column
    if column == "value":
        return {"column": row["value_column"], "text": row["raw_value"], "row": row["source_row"]}
    named = row.get(f"{column}_column")
    text = row[column] if isinstance(column, str) and column in row.index else case.failure_case
    return {
        "column": named if isinstance(named, str) else column,
        "text": shown_number(float(text)).text("en") if isinstance(text, float) else text,
        "row": row["source_row"],
    }


def keyed_problems(name: str, failed: pd.DataFrame, by: list[str]) -> list[Problem]:
    """Report duplicate rows once per area, unknown indicators once per column.

    Each line names the rows concerned: 50,000 copies of a row make one line,
    and an area listed twice in a wide table of 68 columns makes one line
    naming its indicators, not 68.
    """
    problem, fix = MESSAGES[name]
    out = []
    for values, group in failed.groupby(by, sort=False, dropna=False):
        rows = sorted({int(r) for r in group["source_row"]})
        if name == UNIQUE_CHECK:
            listed = [_listed(group[c]) for c in ("indicator", "period")]
            column, value = None, " · ".join([str(values[0]), *listed])
        else:
            column, value = str(values[0]), str(values[1])
        out.append(
            Problem(
                row=rows[0],
                column=column,
                value=value,
                problem=with_rows(Message(problem), rows),
                fix=Message(fix),
                cases=cases_of(rows, [value] * len(rows)),
                each=Message(problem),
            )
        )
    return out


def _listed(values: pd.Series, shown: int = 3) -> str:
    """Return the first distinct ``values`` joined by commas (" …" when there are more)."""
    distinct = [str(v) for v in pd.unique(values)]
    return ", ".join(distinct[:shown]) + (" …" if len(distinct) > shown else "")


def grouped_problems(key: str, failed: pd.DataFrame, catalog: Catalog) -> list[Problem]:
    """Report a failed check of the counts once per column (as named in the file).

    The first failing row is the example (its numbers in the text); the text
    names the first :data:`~indicators.importer.report.SHOWN_ROWS` row numbers
    and how many rows fail.
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
        if key == "value_matches_counts":
            problem, example = _mismatch_words(first, catalog)
        else:
            problem, example = _greater_words(first)
        out.append(
            Problem(
                row=rows[0],
                column=str(column),
                value=example,
                problem=with_rows(problem, rows),
                fix=Message(MESSAGES[key][1]),
                cases=cases_of(rows, _texts(key, group)),
                each=Message(MESSAGES[key][0]),
            )
        )
    return out


def _texts(key: str, group: pd.DataFrame) -> list[str]:
    """Return the cells of each failing row: the value, or numerator > denominator."""
    if key == "value_matches_counts":
        return [str(v) for v in group["raw_value"]]
    return [
        f"{shown_number(n).text('en')} > {shown_number(d).text('en')}"
        for n, d in zip(group["numerator"], group["denominator"], strict=True)
    ]


def _mismatch_words(first: pd.Series, catalog: Catalog) -> tuple[Message, str]:
    num, den, value = first["numerator"], first["denominator"], first["value"]
    mult = catalog[str(first["indicator"])].multiplier
    counts = {"numerator": shown_number(num), "denominator": shown_number(den)}
    if mult != 1:
        key = "importer.check.value_matches_counts.counts_times"
        counts["multiplier"] = shown_number(mult)
    else:
        key = "importer.check.value_matches_counts.counts"
    problem = Message(
        "importer.check.value_matches_counts.example",
        {
            "value": shown_number(value),
            "counts": Message(key, counts),
            "expected": shown_number(num / den * mult),
        },
    )
    return problem, str(first["raw_value"]) or shown_number(value).text("en")


def _greater_words(first: pd.Series) -> tuple[Message, str]:
    num, den = shown_number(first["numerator"]), shown_number(first["denominator"])
    problem = Message(
        "importer.check.numerator_le_denominator.example", {"numerator": num, "denominator": den}
    )
    return problem, f"{num.text('en')} > {den.text('en')}"
