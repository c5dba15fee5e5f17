"""The Ampel classifier: green / yellow / red (grey = not rated) per area.

Each method is a small class, mapclassify-style: configured by a
:class:`~indicators.catalog.Rule`, fitted on the values of all areas of one
indicator and period, and exposing a ``direction`` per area: +1 (+2) when the
area lies (far) above the reference, −1 (−2) below, 0 similar, NaN when not
rated. Polarity then turns direction into a rating: for a "higher is better"
indicator +1 is green, for "lower is better" it is red, and for "no judgement"
indicators it is a neutral "higher"/"lower" grade, never red or green.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from indicators import stats
from indicators.catalog import METHODS, Catalog, Indicator, Kind, Polarity, Rule
from indicators.errors import BildungsampelError
from indicators.periods import matches_year, period_key, sort_periods

RATINGS: tuple[str, ...] = ("green", "yellow", "red", "grey", "neutral")
TRENDS: tuple[str, ...] = ("improving", "stable", "worsening", "none")
RESULT_COLUMNS: tuple[str, ...] = (
    "area_id",
    "indicator",
    "period",
    "value",
    "numerator",
    "denominator",
    "city_value",
    "ci_low",
    "ci_high",
    "method",
    "direction",
    "rating",
    "grade",
    "trend",
    "trend_direction",
    "trend_p",
    "missing_reason",
    "not_rated",
)


@dataclass(frozen=True)
class Sample:
    """What a classifier sees: one indicator, all areas, one or more periods.

    Arrays are either one entry per area (one period) or areas × periods
    (each column classified on its own, so that all periods of an indicator
    are rated in one vectorised pass).

    Attributes
    ----------
    indicator : Indicator
    values, numerators, denominators : numpy.ndarray
        NaN where missing.
    rated : numpy.ndarray of bool
        Cells that may be rated (value present, denominator not too small).
    city_value : float or numpy.ndarray
        The reference per period: summed numerators over summed denominators
        where they exist, else the mean of the areas.
    trend_direction : numpy.ndarray
        +1 rising, 0 flat, −1 falling, NaN unknown (used by ``trend``).
    """

    indicator: Indicator
    values: np.ndarray
    numerators: np.ndarray
    denominators: np.ndarray
    rated: np.ndarray
    city_value: float | np.ndarray
    trend_direction: np.ndarray

    def as_grid(self) -> Sample:
        """Return this sample with areas × periods arrays and one city value per period."""
        if np.ndim(self.values) == 2:
            return replace(self, city_value=np.atleast_1d(np.asarray(self.city_value, float)))

        def col(a: np.ndarray) -> np.ndarray:
            return np.asarray(a).reshape(-1, 1)

        return Sample(
            indicator=self.indicator,
            values=col(self.values),
            numerators=col(self.numerators),
            denominators=col(self.denominators),
            rated=col(self.rated),
            city_value=np.atleast_1d(np.asarray(self.city_value, dtype=float)),
            trend_direction=col(self.trend_direction),
        )


class Classifier(ABC):
    """Base class: configure with a rule, call :meth:`fit`, read the results.

    Attributes set by :meth:`fit` (shaped like the sample's values)
    ------------------------------------------------------------------
    direction : numpy.ndarray
        −2..+2 relative to the reference, NaN where not rated.
    ci_low, ci_high : numpy.ndarray
        Interval limits in the indicator's unit where the method has them.
    unusable : numpy.ndarray of bool
        Cells this method cannot rate even though a value is present (no
        counts for ``benchmark``, no trend for ``trend``); :attr:`unusable_reason`
        names why.
    """

    name: ClassVar[str]
    unusable_reason: ClassVar[str | None] = None

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.direction = np.array([])
        self.ci_low = np.array([])
        self.ci_high = np.array([])
        self.unusable = np.array([], dtype=bool)

    def fit(self, sample: Sample) -> Classifier:
        """Classify the areas of ``sample``; returns ``self``."""
        shape = np.shape(sample.values)
        grid = sample.as_grid()
        self.ci_low = np.full(grid.values.shape, np.nan)
        self.ci_high = np.full(grid.values.shape, np.nan)
        self.unusable = np.zeros(grid.values.shape, dtype=bool)
        direction = self._direction(grid)
        self.direction = np.where(grid.rated, direction, np.nan).reshape(shape)
        self.ci_low = self.ci_low.reshape(shape)
        self.ci_high = self.ci_high.reshape(shape)
        self.unusable = self.unusable.reshape(shape)
        return self

    @abstractmethod
    def _direction(self, sample: Sample) -> np.ndarray:
        """Return the direction of every cell of an areas × periods sample (NaN allowed)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.rule!r})"


class Benchmark(Classifier):
    """Interval of each area against the city value.

    Proportions get Wilson score intervals, rates of counts exact Poisson
    intervals. An interval entirely above the city value is +1 (+2 when the
    99.8 % interval is too, with ``confidence=0.998``), entirely below −1 (−2).
    """

    name = "benchmark"
    unusable_reason = "no_counts"

    def _intervals(
        self, sample: Sample, usable: np.ndarray, confidence: float
    ) -> tuple[np.ndarray, np.ndarray]:
        interval = (
            stats.poisson_interval if sample.indicator.kind is Kind.RATE else stats.wilson_interval
        )
        low = np.full(sample.values.shape, np.nan)
        high = np.full(sample.values.shape, np.nan)
        if usable.any():
            with np.errstate(invalid="ignore", divide="ignore"):
                lo, hi = interval(
                    sample.numerators[usable], sample.denominators[usable], confidence=confidence
                )
            mult = sample.indicator.multiplier
            low[usable], high[usable] = lo * mult, hi * mult
        return low, high

    def _direction(self, sample: Sample) -> np.ndarray:
        has_counts = np.isfinite(sample.numerators) & (sample.denominators > 0)
        if sample.indicator.kind not in (Kind.PROPORTION, Kind.RATE):
            has_counts &= False  # intervals exist for proportions and rates of counts only
        self.unusable = ~has_counts
        # only rated cells need an interval: the statistics are the costly part
        usable = has_counts & sample.rated
        low, high = self._intervals(sample, usable, 0.95)
        self.ci_low, self.ci_high = low, high
        city = np.asarray(sample.city_value, dtype=float)[np.newaxis, :]
        eps = 1e-9 * np.maximum(1.0, np.abs(city))  # touching the city value is "similar"
        direction = np.where(low > city + eps, 1.0, np.where(high < city - eps, -1.0, 0.0))
        if self.rule.confidence == 0.998:
            low2, high2 = self._intervals(sample, usable, 0.998)
            direction = np.where(
                low2 > city + eps, 2.0, np.where(high2 < city - eps, -2.0, direction)
            )
        return np.where(has_counts, direction, np.nan)


class Band(Classifier):
    """Relative deviation from the city value beyond ± tolerance."""

    name = "band"

    def _direction(self, sample: Sample) -> np.ndarray:
        ref = np.asarray(sample.city_value, dtype=float)[np.newaxis, :]
        tol = self.rule.tolerance
        scale = np.where(ref != 0, np.abs(ref), 1.0)
        shape = sample.values.shape
        self.ci_low = np.broadcast_to(ref - tol * scale, shape).copy()
        self.ci_high = np.broadcast_to(ref + tol * scale, shape).copy()
        deviation = (sample.values - ref) / scale
        return np.where(deviation > tol, 1.0, np.where(deviation < -tol, -1.0, 0.0))


class Quantiles(Classifier):
    """k groups of equal size by rank; the top group +1, the bottom −1.

    Ties share a group. When all rated values are equal every area is 0.
    """

    name = "quantiles"

    def _direction(self, sample: Sample) -> np.ndarray:
        k = self.rule.k
        probs = np.linspace(0, 1, k + 1)[1:-1]
        direction = np.full(sample.values.shape, np.nan)
        for c in range(sample.values.shape[1]):
            rated = sample.rated[:, c]
            vals = sample.values[rated, c]
            if vals.size == 0:
                continue
            low, high = vals.min(), vals.max()
            if low == high:
                direction[rated, c] = 0.0
                continue
            group = np.searchsorted(np.quantile(vals, probs), sample.values[:, c], side="left")
            direction[:, c] = np.where(group == k - 1, 1.0, np.where(group == 0, -1.0, 0.0))
        return direction


class Thresholds(Classifier):
    """Fixed limits ``(low, high)`` or a target value.

    With limits: at or above ``high`` +1, at or below ``low`` −1. With a
    target: meeting it is favourable, missing it by more than the tolerance
    unfavourable, in between 0.
    """

    name = "thresholds"
    unusable_reason = "no_thresholds"

    def _direction(self, sample: Sample) -> np.ndarray:
        v = sample.values
        rule = self.rule
        polarity = sample.indicator.polarity
        if rule.thresholds is not None:
            low, high = rule.thresholds
            return np.where(v >= high, 1.0, np.where(v <= low, -1.0, 0.0))
        if rule.target is None:  # chosen for an indicator whose catalogue entry sets no limits
            self.unusable = np.ones(v.shape, dtype=bool)
            return np.full(v.shape, np.nan)
        target, tol = rule.target, rule.tolerance
        if polarity is Polarity.LOWER_IS_BETTER:
            return np.where(v <= target, -1.0, np.where(v > target * (1 + tol), 1.0, 0.0))
        return np.where(v >= target, 1.0, np.where(v < target * (1 - tol), -1.0, 0.0))


class Trend(Classifier):
    """The area's own development: rising +1, falling −1, stable 0."""

    name = "trend"
    unusable_reason = "no_trend"

    def _direction(self, sample: Sample) -> np.ndarray:
        self.unusable = ~np.isfinite(sample.trend_direction)
        return sample.trend_direction


#: Method name → classifier class.
CLASSIFIERS: dict[str, type[Classifier]] = {
    cls.name: cls for cls in (Benchmark, Band, Quantiles, Thresholds, Trend)
}


def get_classifier(method: str) -> type[Classifier]:
    """Return the classifier class registered under ``method``.

    Raises
    ------
    BildungsampelError
        Listing the valid methods when ``method`` is unknown.
    """
    try:
        return CLASSIFIERS[method]
    except KeyError:
        valid = ", ".join(CLASSIFIERS)
        raise BildungsampelError(
            f"unknown rating method {method!r}; choose one of {valid}",
            message_de=f"unbekannte Bewertungsmethode {method!r}; erlaubt sind {valid}",
        ) from None


def default_method(indicator: Indicator, *, has_counts: bool) -> str:
    """Return the method used when the catalogue names none.

    ``benchmark`` for proportions and rates with numerators and denominators,
    ``quantiles`` for counts, ``band`` otherwise.
    """
    if indicator.rule.method:
        return indicator.rule.method
    if indicator.kind in (Kind.PROPORTION, Kind.RATE) and has_counts:
        return "benchmark"
    if indicator.kind is Kind.COUNT:
        return "quantiles"
    return "band"


def city_values(
    indicator: Indicator, values: np.ndarray, numerators: np.ndarray, denominators: np.ndarray
) -> np.ndarray:
    """Return the city reference value of each period (column) of areas × periods arrays.

    Summed numerators over summed denominators (× multiplier) when every area
    with a value has counts — never the mean of the area rates; otherwise the
    unweighted mean of the area values. NaN for a period without values.
    """
    present = np.isfinite(values)
    counts = np.isfinite(numerators) & np.isfinite(denominators)
    n_present = present.sum(axis=0)
    all_counts = (counts | ~present).all(axis=0) & (n_present > 0)
    dens = np.where(present, denominators, 0.0).sum(axis=0)
    nums = np.where(present, numerators, 0.0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = nums / dens * indicator.multiplier
        mean = np.where(present, values, 0.0).sum(axis=0) / n_present
    out = np.where(all_counts & (dens > 0), ratio, mean)
    return np.where(n_present > 0, out, np.nan)


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
NOT_RATED: tuple[str, ...] = (
    "missing",
    "small_denominator",
    "no_counts",
    "no_trend",
    "no_thresholds",
)
_CODE = {
    "rating": {r: i for i, r in enumerate(RATINGS)},
    "grade": {g: i for i, g in enumerate(GRADES)},
    "trend": {t: i for i, t in enumerate(TRENDS)},
    "not_rated": {n: i for i, n in enumerate(NOT_RATED)},
}


def _select(
    conditions: list[np.ndarray], labels: list[str], default: str, column: str
) -> np.ndarray:
    """Return the code (into the categories of ``column``) of the first true condition."""
    codes = _CODE[column]
    chosen: np.ndarray = np.select(conditions, [codes[x] for x in labels], codes[default])
    return chosen.astype(np.int8)


def _rating(direction: np.ndarray, polarity: Polarity) -> tuple[np.ndarray, np.ndarray]:
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


def _trend_codes(trend_dir: np.ndarray, polarity: Polarity) -> np.ndarray:
    """Return trend codes (into :data:`TRENDS`)."""
    if polarity is Polarity.NO_JUDGEMENT:
        return np.full(trend_dir.shape, _CODE["trend"]["none"], dtype=np.int8)
    good = trend_dir if polarity is Polarity.HIGHER_IS_BETTER else -trend_dir
    return _select(
        [good > 0, good < 0, good == 0], ["improving", "worsening", "stable"], "none", "trend"
    )


@dataclass(frozen=True)
class Grid:
    """One indicator's observations as areas × periods matrices (oldest period first).

    Built once per indicator, so that every period and every method reuses
    the same arrays instead of filtering and pivoting the long table again.
    ``reasons`` holds codes into ``reason_labels`` (−1: no reason).
    """

    area_ids: np.ndarray
    periods: list[str]
    values: np.ndarray
    numerators: np.ndarray
    denominators: np.ndarray
    reasons: np.ndarray
    reason_labels: list[str]
    present: np.ndarray
    trends: dict[tuple[int, float, str], tuple[np.ndarray, np.ndarray]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def from_obs(cls, obs: pd.DataFrame) -> Grid:
        """Pivot the completed observations of one indicator."""
        return next(iter(_grids(obs).values()))


def _grids(obs: pd.DataFrame) -> dict[str, Grid]:
    """Pivot completed observations into one :class:`Grid` per indicator (in order of appearance).

    The long table is factorised once (areas, periods, reasons), so the cost
    does not grow with the number of indicators.
    """
    ind_codes, ind_labels = pd.factorize(obs["indicator"])
    area_codes, area_labels = pd.factorize(obs["area_id"], sort=True)
    per_codes, per_labels = pd.factorize(obs["period"])
    reason_codes, reason_labels = pd.factorize(obs["missing_reason"])
    periods = sort_periods([str(p) for p in per_labels])
    rank = pd.Index(periods).get_indexer(pd.Index([str(p) for p in per_labels]))[per_codes]
    areas = np.asarray(area_labels, dtype=object)
    columns = {c: obs[c].to_numpy(dtype=float) for c in ("value", "numerator", "denominator")}
    order = np.argsort(ind_codes, kind="stable")
    bounds = np.searchsorted(ind_codes[order], np.arange(len(ind_labels) + 1))
    reasons = [str(r) for r in reason_labels]
    out: dict[str, Grid] = {}
    for i, ind in enumerate(ind_labels):
        rows = order[bounds[i] : bounds[i + 1]]
        used = np.unique(rank[rows])
        cells = (area_codes[rows], np.searchsorted(used, rank[rows]))
        shape = (len(areas), len(used))
        matrix: dict[str, np.ndarray] = {}
        for name, column in columns.items():
            matrix[name] = np.full(shape, np.nan)
            matrix[name][cells] = column[rows]
        reason = np.full(shape, -1, dtype=np.int32)
        reason[cells] = reason_codes[rows]
        present = np.zeros(shape, dtype=bool)
        present[cells] = True
        out[str(ind)] = Grid(
            areas,
            [periods[j] for j in used],
            matrix["value"],
            matrix["numerator"],
            matrix["denominator"],
            reason,
            reasons,
            present,
        )
    return out


def _trends(grid: Grid, indicator: Indicator) -> tuple[np.ndarray, np.ndarray]:
    """Return the trend of every area in every period, areas × periods.

    Over the latest ``trend_periods`` periods up to each period: with
    numerators and denominators in every used period, the chi-square test for
    linear trend, significant at p < 0.05; otherwise the plain change rule
    (the fitted change over the window relative to the mean level beyond
    ± tolerance). Fewer than three periods give no trend. Returns direction
    (+1 rising, 0 stable, −1 falling, NaN none) and p-value (NaN for the
    change rule), computed for all periods at once over sliding windows and
    cached on the grid: it does not depend on the rating method.
    """
    rule = indicator.rule
    key = (rule.trend_periods, rule.tolerance, indicator.kind.value)
    if key not in grid.trends:
        grid.trends[key] = _compute_trends(grid, indicator)
    return grid.trends[key]


def _windows(matrix: np.ndarray, width: int, fill: float) -> np.ndarray:
    """Return width × areas × periods: layer k holds each period's value k periods earlier.

    Positions before the first period hold ``fill``. The window axis comes
    first so that sums over it add whole contiguous matrices.
    """
    out = np.full((width, *matrix.shape), fill)
    for k in range(width):
        out[width - 1 - k, :, k:] = matrix[:, : matrix.shape[1] - k]
    return out


def _compute_trends(grid: Grid, indicator: Indicator) -> tuple[np.ndarray, np.ndarray]:
    rule = indicator.rule
    width = max(1, rule.trend_periods)
    values = _windows(grid.values, width, np.nan)
    nums = _windows(grid.numerators, width, np.nan)
    dens = _windows(grid.denominators, width, np.nan)
    keys = np.array([period_key(p) for p in grid.periods], dtype=float)
    # padded positions carry no values, so their score (0) never enters a sum
    scores = _windows(keys[np.newaxis, :], width, 0.0)
    enough = np.isfinite(values).sum(axis=0) >= 3
    counts = np.isfinite(nums) & np.isfinite(dens)
    use_test = (counts == np.isfinite(values)).all(axis=0) & counts.any(axis=0)
    use_test &= indicator.kind in (Kind.PROPORTION, Kind.RATE)
    z, p = stats.chi2_trend(nums, dens, scores, axis=0)
    change = stats.relative_change(values, scores, axis=0)
    tol = rule.tolerance
    by_test = np.where(p < 0.05, np.sign(z), 0.0)
    by_change = np.where(change > tol, 1.0, np.where(change < -tol, -1.0, 0.0))
    by_change = np.where(np.isnan(change), np.nan, by_change)
    direction = np.where(use_test & np.isfinite(z), by_test, by_change)
    direction = np.where(use_test & ~np.isfinite(z) & np.isfinite(change), 0.0, direction)
    direction = np.where(enough, direction, np.nan)
    pvalue = np.where(use_test & enough, p, np.nan)
    return direction, pvalue


#: Result columns that are categorical, with their fixed categories where they have them.
_FIXED = {
    "rating": RATINGS,
    "grade": GRADES,
    "trend": TRENDS,
    "not_rated": NOT_RATED,
    "method": METHODS,
}
_LABELS = ("area_id", "indicator", "period", "missing_reason", *_FIXED)


@dataclass(frozen=True)
class _Part:
    """The results of one indicator and method before they join the result frame.

    ``columns`` hold areas × periods matrices (cells) or one entry per row;
    ``keep`` (periods × areas) marks the observed cells, period-major, which
    become rows; label columns hold codes into ``labels[column]`` (−1: none).
    """

    keep: np.ndarray
    columns: dict[str, np.ndarray]
    labels: dict[str, Sequence[str] | np.ndarray]

    @property
    def size(self) -> int:
        return int(self.keep.sum())

    def rows(self, column: str) -> np.ndarray:
        data = self.columns[column]
        return data.T[self.keep] if data.ndim == 2 else data


def _categories(column: str, parts: list[_Part]) -> Sequence[str] | np.ndarray:
    """Return the categories of a label column across ``parts``."""
    if column in _FIXED:
        return _FIXED[column]
    shared = {id(p.labels[column]): p.labels[column] for p in parts}
    if len(shared) == 1 and column == "area_id":
        return next(iter(shared.values()))  # one grid of areas for all parts
    found = list(dict.fromkeys(x for p in parts for x in p.labels[column]))
    if column == "period":
        return sort_periods(found)  # chronological
    if column == "indicator":
        return found  # catalogue order
    return sorted(found)


def _frame(parts: list[_Part]) -> pd.DataFrame:
    """Build one result frame from the per-indicator parts (one DataFrame, not hundreds).

    Each column is allocated once and filled part by part. Label columns
    become categoricals: a result of millions of rows stores one small
    integer per label instead of a string, which is what keeps classifying a
    large city fast and within memory.
    """
    total = sum(p.size for p in parts)
    data: dict[str, Any] = {}
    for col in RESULT_COLUMNS:
        label = col in _LABELS
        categories = _categories(col, parts) if label else ()
        # the code type pandas would pick anyway: no conversion copy later
        dtype = (
            np.int8 if len(categories) < 127 else np.int16 if len(categories) < 32767 else np.int32
        )
        out = np.empty(total, dtype=dtype if label else float)
        where = {x: i for i, x in enumerate(categories)}
        pos = 0
        for p in parts:
            rows = p.rows(col)
            if label and p.labels[col] is not categories:
                # code −1 (none) picks the trailing −1 of the lookup
                lookup = np.array([where[x] for x in p.labels[col]] + [-1], dtype=np.int32)
                rows = lookup[rows]
            out[pos : pos + len(rows)] = rows
            pos += len(rows)
        data[col] = (
            pd.Categorical.from_codes(out, categories=pd.Index(list(categories), dtype=object))
            if label
            else out
        )
    return pd.DataFrame(data, columns=list(RESULT_COLUMNS), copy=False)


def classify_indicator(
    obs: pd.DataFrame,
    indicator: Indicator,
    period: str,
    *,
    method: str | None = None,
) -> pd.DataFrame:
    """Rate every area for one indicator and period.

    Parameters
    ----------
    obs : pandas.DataFrame
        Observations of this indicator (all periods, for the trend), with
        values completed (:func:`indicators.observations.complete_values`).
    indicator : Indicator
    period : str
        Canonical period label.
    method : str, optional
        Override of the catalogue's method.

    Returns
    -------
    pandas.DataFrame
        :data:`RESULT_COLUMNS`, one row per area present in ``period``; the
        label columns are categoricals.
    """
    grid = Grid.from_obs(obs)
    return _frame([_classify_grid(grid, indicator, [grid.periods.index(period)], method)])


def _classify_grid(
    grid: Grid, indicator: Indicator, columns: Sequence[int], method: str | None
) -> _Part:
    """Rate the areas of ``grid`` in the given period columns with one method.

    All columns are classified in one vectorised pass; each column keeps its
    own city value, quantiles and trend. Rows come out period by period,
    areas in id order, leaving out cells without an observation.
    """
    cols = list(columns)
    # all periods: views instead of copies
    sel: Any = slice(None) if cols == list(range(len(grid.periods))) else cols
    present = grid.present[:, sel]
    values = grid.values[:, sel]
    nums = grid.numerators[:, sel]
    dens = grid.denominators[:, sel]
    rule = indicator.rule
    counted = np.isfinite(nums) & np.isfinite(dens)
    all_dir, all_p = _trends(grid, indicator)
    trend_dir, trend_p = all_dir[:, sel], all_p[:, sel]
    small = np.isfinite(dens) & (dens < rule.min_denominator)
    rated = np.isfinite(values) & ~small
    city = city_values(indicator, values, nums, dens)
    # the method may differ per period: the default depends on whether counts exist
    chosen = [
        method or default_method(indicator, has_counts=bool(counted[present[:, j], j].any()))
        for j in range(len(cols))
    ]
    direction = np.full(values.shape, np.nan)
    ci_low = np.full(values.shape, np.nan)
    ci_high = np.full(values.shape, np.nan)
    unusable = np.zeros(values.shape, dtype=bool)
    reason_if_unusable = np.full(len(cols), _CODE["not_rated"]["missing"], dtype=np.int8)
    for name in dict.fromkeys(chosen):
        j = np.array([k for k, c in enumerate(chosen) if c == name])
        cls = get_classifier(name)
        sample = Sample(
            indicator=indicator,
            values=values[:, j],
            numerators=nums[:, j],
            denominators=dens[:, j],
            rated=rated[:, j],
            city_value=city[j],
            trend_direction=trend_dir[:, j],
        )
        clf = cls(rule).fit(sample)
        direction[:, j], ci_low[:, j], ci_high[:, j] = clf.direction, clf.ci_low, clf.ci_high
        unusable[:, j] = clf.unusable
        if cls.unusable_reason:
            reason_if_unusable[j] = _CODE["not_rated"][cls.unusable_reason]
    rating, grade = _rating(direction, indicator.polarity)
    codes = _CODE["not_rated"]
    not_rated = np.where(
        ~np.isfinite(values),
        codes["missing"],
        np.where(
            small,
            codes["small_denominator"],
            np.where(unusable, reason_if_unusable[np.newaxis, :], codes["missing"]),
        ),
    ).astype(np.int8)
    not_rated[np.isfinite(direction)] = -1
    # period-major order: each period's observed areas, in id order
    keep = present.T
    col_of_row = np.repeat(np.arange(len(cols)), keep.sum(axis=1))
    area_codes = np.broadcast_to(np.arange(len(grid.area_ids)), keep.shape)[keep]
    method_codes = np.array([METHODS.index(c) for c in chosen], dtype=np.int8)
    return _Part(
        keep=keep,
        columns={
            "area_id": area_codes,
            "indicator": np.zeros(len(area_codes), dtype=np.int8),
            "period": col_of_row,
            "value": values,
            "numerator": nums,
            "denominator": dens,
            "city_value": city[col_of_row],
            "ci_low": ci_low,
            "ci_high": ci_high,
            "method": method_codes[col_of_row],
            "direction": direction,
            "rating": rating,
            "grade": grade,
            "trend": _trend_codes(trend_dir, indicator.polarity),
            "trend_direction": trend_dir,
            "trend_p": trend_p,
            "missing_reason": grid.reasons[:, sel],
            "not_rated": not_rated,
        },
        labels={
            "area_id": grid.area_ids,
            "indicator": [indicator.id],
            "period": [grid.periods[c] for c in cols],
            "method": METHODS,
            "rating": RATINGS,
            "grade": GRADES,
            "trend": TRENDS,
            "missing_reason": grid.reason_labels,
            "not_rated": NOT_RATED,
        },
    )


def select_period(periods: list[str], year: str | int | None) -> str | None:
    """Return the period of ``periods`` selected by ``year`` (None: the latest)."""
    ordered = sort_periods(periods)
    if not ordered:
        return None
    if year is None or str(year) == "latest":
        return ordered[-1]
    hits = [p for p in ordered if matches_year(p, year)]
    return hits[-1] if hits else None


def classify(
    obs: pd.DataFrame,
    catalog: Catalog,
    *,
    year: str | int | None = None,
    method: str | None = None,
    indicators: list[str] | None = None,
    methods: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Rate every area for every indicator in one year (default: each one's latest).

    Parameters
    ----------
    obs : pandas.DataFrame
        Completed observations of one level (Stadtteile or Stadtbezirke).
    catalog : Catalog
    year : str or int, optional
        "2023" selects the calendar year 2023 and the school year 2022/23;
        "2022/23" selects that school year; None or "latest" each
        indicator's latest period. Indicators without that period are left out.
    method : str, optional
        One method for all indicators (overrides the catalogue).
    indicators : list of str, optional
        Restrict to these indicator ids.
    methods : mapping, optional
        Per-indicator method overrides.

    Returns
    -------
    pandas.DataFrame
        :data:`RESULT_COLUMNS` for all indicators, in catalogue order.
    """
    if method is not None:
        get_classifier(method)
    wanted = indicators if indicators is not None else list(catalog)
    grids = _grids(obs[obs["indicator"].isin(wanted)]) if len(obs) else {}
    parts = []
    for ind_id in wanted:
        grid = grids.get(ind_id)
        if grid is None:
            continue
        period = select_period(grid.periods, year)
        if period is None:
            continue
        chosen = (methods or {}).get(ind_id, method)
        parts.append(_classify_grid(grid, catalog[ind_id], [grid.periods.index(period)], chosen))
    return _frame(parts)


def classify_all_periods(
    obs: pd.DataFrame, catalog: Catalog, *, method: str | None = None
) -> pd.DataFrame:
    """Rate every indicator in every period it has (for trends and benchmarks)."""
    return classify_methods(obs, catalog, [method])[method]


def classify_methods(
    obs: pd.DataFrame, catalog: Catalog, methods: Sequence[str | None]
) -> dict[str | None, pd.DataFrame]:
    """Rate every indicator in every period with each of ``methods``.

    The indicator grids and the trends are computed once and shared by the
    methods, so comparing methods costs little more than one of them. None
    stands for each indicator's catalogue method.
    """
    for method in methods:
        if method is not None:
            get_classifier(method)
    grids = _grids(obs) if len(obs) else {}
    # one method at a time: only one method's intermediate arrays are alive at once
    return {
        method: _frame(
            [
                _classify_grid(grid, catalog[ind_id], range(len(grid.periods)), method)
                for ind_id, grid in grids.items()
            ]
        )
        for method in methods
    }
