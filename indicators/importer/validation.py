"""Validation phase: the matched long rows against the catalogue, with pandera.

:class:`ImportRows` is the schema of the rows (a pandera ``DataFrameModel``);
each check has a name, and :data:`MESSAGES` holds the report text of each name.
What a check needs from the catalogue (is the indicator known, is it a share,
its multiplier …) is looked up once per indicator into ``cat_*`` columns by
:func:`with_catalog_facts`, so the checks themselves are plain column logic.

To add a check: a method with ``@pa.check``/``@pa.dataframe_check(name=...)``
on :class:`ImportRows`, its words in :data:`MESSAGES` and, when it fails on many
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
from indicators.importer.report import Problem, rows_text, show_number
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


_DUPLICATE = (
    "doppelte Zeile (Gebiet, Indikator, Jahr)",
    "duplicate row (area, indicator, year)",
    "nur eine Zeile je Gebiet, Indikator und Jahr behalten",
    "keep one row per area, indicator and year",
)
#: Report words of each check: problem (de, en), fix (de, en).
MESSAGES: dict[str, tuple[str, str, str, str]] = {
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
    "plausible_year": (
        "unplausibles Jahr",
        "implausible year",
        "Jahr zwischen 1990 und dem nächsten Jahr angeben",
        "give a year between 1990 and next year",
    ),
    "known_indicator": (
        "Indikator nicht im Katalog",
        "indicator not in the catalogue",
        "Katalogeintrag anlegen (Bezeichnung, Handlungsfeld, Polarität, Art) oder Spalte zuordnen",
        "add a catalogue entry (label, domain, polarity, kind) or map the column",
    ),
    "count_not_negative": (
        "negative Anzahl",
        "negative count",
        "Vorzeichen prüfen",
        "check the sign",
    ),
    UNIQUE_CHECK: _DUPLICATE,
}
#: Checks of the counts, reported once per column with the rows they fail in.
GROUPED = ("numerator_le_denominator", "value_matches_counts")
#: Checks reported once per key: duplicates per area/indicator/period, unknown
#: indicators per column and indicator.
KEYED: dict[str, list[str]] = {
    UNIQUE_CHECK: ["source_area", "indicator", "period"],
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
    seen: set[tuple[object, str]] = set()
    single = checks.isin(MESSAGES) & ~checks.isin(GROUPED) & ~checks.isin(KEYED)
    for case in cases[single].itertuples():
        if (case.index, str(case.check)) not in seen:
            seen.add((case.index, str(case.check)))
            out.append(_row_problem(case, long))
    return out


def _row_problem(case: Any, long: pd.DataFrame) -> Problem:
    """Return the report line of one failing row of a row check."""
    key = str(case.check)
    index = case.index
    row = long.loc[index] if index is not None and index in long.index else None
    column = "value" if key in _VALUE_CHECKS else case.column
    column = column if isinstance(column, str) else None
    if row is None or column is None or column not in long:
        value = str(case.failure_case)
    else:
        value = str(row[column])
    de, en, fix_de, fix_en = MESSAGES[key]
    return Problem(
        row=int(row["source_row"]) if row is not None else None,
        column=str(row["value_column"]) if row is not None and column == "value" else column,
        value=value,
        problem_de=de,
        problem_en=en,
        fix_de=fix_de,
        fix_en=fix_en,
    )


def keyed_problems(name: str, failed: pd.DataFrame, by: list[str]) -> list[Problem]:
    """Report duplicate rows once per key, unknown indicators once per column.

    Each line names the rows concerned: 50,000 copies of a row make one line.
    """
    de, en, fix_de, fix_en = MESSAGES[name]
    out = []
    for values, group in failed.groupby(by, sort=False, dropna=False):
        rows = sorted(int(r) for r in group["source_row"])
        if name == UNIQUE_CHECK:
            column, value = None, " · ".join(str(v) for v in values)
        else:
            column, value = str(values[0]), str(values[1])
        out.append(
            Problem(
                row=rows[0],
                column=column,
                value=value,
                problem_de=de + rows_text(rows, "de"),
                problem_en=en + rows_text(rows, "en"),
                fix_de=fix_de,
                fix_en=fix_en,
            )
        )
    return out


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
            de, en, example = _mismatch_words(first, catalog)
        else:
            de, en, example = _greater_words(first)
        out.append(
            Problem(
                row=rows[0],
                column=str(column),
                value=example,
                problem_de=de + rows_text(rows, "de"),
                problem_en=en + rows_text(rows, "en"),
                fix_de=MESSAGES[key][2],
                fix_en=MESSAGES[key][3],
            )
        )
    return out


def _mismatch_words(first: pd.Series, catalog: Catalog) -> tuple[str, str, str]:
    num, den, value = first["numerator"], first["denominator"], first["value"]
    mult = catalog[str(first["indicator"])].multiplier
    shown = {
        lang: (
            show_number(value, lang),
            f"{show_number(num, lang)}/{show_number(den, lang)}"
            + (f" × {show_number(mult, lang)}" if mult != 1 else ""),
            show_number(num / den * mult, lang),
        )
        for lang in ("de", "en")
    }
    de = "Wert {} passt nicht zu Zähler/Nenner {} = {}".format(*shown["de"])
    en = "value {} does not match numerator/denominator {} = {}".format(*shown["en"])
    return de, en, str(first["raw_value"]) or show_number(value, "en")


def _greater_words(first: pd.Series) -> tuple[str, str, str]:
    num, den = first["numerator"], first["denominator"]
    de, en = MESSAGES["numerator_le_denominator"][:2]
    return (
        de + f": {show_number(num, 'de')} > {show_number(den, 'de')}",
        en + f": {show_number(num, 'en')} > {show_number(den, 'en')}",
        f"{show_number(num, 'en')} > {show_number(den, 'en')}",
    )
