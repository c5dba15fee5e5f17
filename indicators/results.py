"""The result frame: rating, grade and trend codes, and the frame built from per-indicator parts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from indicators import methods
from indicators.catalog import Polarity
from indicators.city import CITY_KINDS
from indicators.periods import sort_periods
from indicators.trend import TREND_DIRECTIONS, TREND_METHODS, TRENDS

RATINGS: tuple[str, ...] = ("green", "yellow", "red", "grey", "neutral")
RESULT_COLUMNS: tuple[str, ...] = (
    "area_id",
    "indicator",
    "period",
    "value",
    "numerator",
    "denominator",
    "city_value",
    "city_value_kind",
    "city_n",
    "city_of",
    "ci_low",
    "ci_high",
    "confidence",
    "lower_limit",
    "upper_limit",
    "method",
    "direction",
    "rating",
    "grade",
    "trend",
    "trend_direction",
    "trend_method",
    "trend_start",
    "trend_p",
    "trend_change",
    "missing_reason",
    "not_rated",
)


#: Category lists of the label columns of a result frame.
GRADES: tuple[str, ...] = (
    "best",
    "better",
    "similar",
    "worse",
    "worst",
    "much_higher",
    "higher",
    "lower",
    "much_lower",
    "not_rated",
)
#: Why a cell is not rated, whatever the method; each method adds its own ``reasons``.
GENERAL_NOT_RATED: tuple[str, ...] = (
    "missing",
    "small_numerator",
    "small_denominator",
    "small_population",
)
_CODE = {
    "rating": {r: i for i, r in enumerate(RATINGS)},
    "grade": {g: i for i, g in enumerate(GRADES)},
    "trend": {t: i for i, t in enumerate(TRENDS)},
    "trend_direction": {t: i for i, t in enumerate(TREND_DIRECTIONS)},
}


def not_rated_labels() -> tuple[str, ...]:
    """Return the categories of ``not_rated``: the general reasons, then the methods' own."""
    return (*GENERAL_NOT_RATED, *(r for r in methods.reasons() if r not in GENERAL_NOT_RATED))


def not_rated_codes() -> dict[str, int]:
    """Return not-rated reason → code (into :func:`not_rated_labels`)."""
    return {n: i for i, n in enumerate(not_rated_labels())}


def _select(
    conditions: list[np.ndarray], labels: list[str], default: str, column: str
) -> np.ndarray:
    """Return the code (into the categories of ``column``) of the first true condition."""
    codes = _CODE[column]
    chosen: np.ndarray = np.select(conditions, [codes[x] for x in labels], codes[default])
    return chosen.astype(np.int8)


def rating_codes(direction: np.ndarray, polarity: Polarity) -> tuple[np.ndarray, np.ndarray]:
    """Return rating and grade codes (into :data:`RATINGS` and :data:`GRADES`)."""
    d = direction
    if polarity is Polarity.NO_JUDGEMENT:
        rating = _select([np.isnan(d)], ["grey"], "neutral", "rating")
        grade = _select(
            [d >= 2, d >= 1, d <= -2, d <= -1, d == 0],
            ["much_higher", "higher", "much_lower", "lower", "similar"],
            "not_rated",
            "grade",
        )
        return rating, grade
    good = d if polarity is Polarity.HIGHER_IS_BETTER else -d
    rating = _select([good > 0, good < 0, good == 0], ["green", "red", "yellow"], "grey", "rating")
    grade = _select(
        [good >= 2, good >= 1, good <= -2, good <= -1, good == 0],
        ["best", "better", "worst", "worse", "similar"],
        "not_rated",
        "grade",
    )
    return rating, grade


def trend_codes(judged: np.ndarray, polarity: Polarity) -> np.ndarray:
    """Return trend codes (into :data:`TRENDS`) from the judged trend (+1, −1, 0, NaN)."""
    if polarity is Polarity.NO_JUDGEMENT:
        return _select(
            [judged > 0, judged < 0, judged == 0],
            ["increasing", "decreasing", "no_significant_change"],
            "none",
            "trend",
        )
    good = judged if polarity is Polarity.HIGHER_IS_BETTER else -judged
    return _select(
        [good > 0, good < 0, good == 0],
        ["improving", "worsening", "no_significant_change"],
        "none",
        "trend",
    )


def direction_codes(slope: np.ndarray) -> np.ndarray:
    """Return codes into :data:`TREND_DIRECTIONS` from the sign of the fitted slope."""
    return _select(
        [slope > 0, slope < 0, slope == 0],
        ["increasing", "decreasing", "flat"],
        "none",
        "trend_direction",
    )


def _fixed() -> dict[str, Sequence[str]]:
    """Return the categorical result columns with fixed categories (methods: the registry)."""
    return {
        "rating": RATINGS,
        "grade": GRADES,
        "trend": TRENDS,
        "trend_direction": TREND_DIRECTIONS,
        "trend_method": TREND_METHODS,
        "city_value_kind": CITY_KINDS,
        "not_rated": not_rated_labels(),
        "method": methods.names(),
    }


#: Result columns that are categorical.
LABEL_COLUMNS: tuple[str, ...] = (
    "area_id",
    "indicator",
    "period",
    "trend_start",
    "missing_reason",
    "rating",
    "grade",
    "trend",
    "trend_direction",
    "trend_method",
    "city_value_kind",
    "not_rated",
    "method",
)


@dataclass(frozen=True)
class Part:
    """The results of one indicator and method before they join the result frame.

    ``columns`` hold areas × periods matrices (cells) or one entry per row;
    ``keep`` (periods × areas) marks the observed cells, period-major, which
    become rows; label columns hold codes into ``labels[column]`` (−1: none),
    or into the fixed categories of the column when ``labels`` has none.
    """

    keep: np.ndarray
    columns: dict[str, np.ndarray]
    labels: dict[str, Sequence[str] | np.ndarray]

    @property
    def size(self) -> int:
        """Return the number of rows."""
        return int(self.keep.sum())

    def rows(self, column: str) -> np.ndarray:
        """Return ``column`` as one entry per row."""
        data = self.columns[column]
        return data.T[self.keep] if data.ndim == 2 else data


def _categories(
    column: str, parts: list[Part], fixed: Mapping[str, Sequence[str]]
) -> Sequence[str] | np.ndarray:
    """Return the categories of a label column across ``parts``."""
    if column in fixed:
        return fixed[column]
    shared = {id(p.labels[column]): p.labels[column] for p in parts}
    if len(shared) == 1 and column == "area_id":
        return next(iter(shared.values()))  # one grid of areas for all parts
    found = list(dict.fromkeys(x for p in parts for x in p.labels[column]))
    if column in ("period", "trend_start"):
        return sort_periods(found)  # chronological
    if column == "indicator":
        return found  # catalogue order
    return sorted(found)


def frame(parts: list[Part]) -> pd.DataFrame:
    """Build one result frame from the per-indicator parts (one DataFrame, not hundreds).

    Each column is allocated once and filled part by part. Label columns
    become categoricals: a result of millions of rows stores one small
    integer per label instead of a string, which is what keeps classifying a
    large city fast and within memory.
    """
    total = sum(p.size for p in parts)
    fixed = _fixed()
    data: dict[str, Any] = {}
    for col in RESULT_COLUMNS:
        label = col in LABEL_COLUMNS
        categories = _categories(col, parts, fixed) if label else ()
        # the code type pandas would pick anyway: no conversion copy later
        dtype = (
            np.int8 if len(categories) < 127 else np.int16 if len(categories) < 32767 else np.int32
        )
        out = np.empty(total, dtype=dtype if label else float)
        where = {x: i for i, x in enumerate(categories)}
        pos = 0
        for p in parts:
            rows = p.rows(col)
            # a part without labels of a fixed column holds codes into its categories
            own = p.labels.get(col, categories)
            if label and own is not categories:
                # code −1 (none) picks the trailing −1 of the lookup
                lookup = np.array([where[x] for x in own] + [-1], dtype=np.int32)
                rows = lookup[rows]
            out[pos : pos + len(rows)] = rows
            pos += len(rows)
        data[col] = (
            pd.Categorical.from_codes(out, categories=pd.Index(list(categories), dtype=object))
            if label
            else out
        )
    return pd.DataFrame(data, columns=list(RESULT_COLUMNS), copy=False)
