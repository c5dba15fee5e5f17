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

import math
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
#: Trend judgement. ``increasing``/``decreasing`` are the significant changes of a
#: no-judgement indicator (Fingertips' wording: a change that is neither better nor worse).
TRENDS: tuple[str, ...] = (
    "improving",
    "worsening",
    "increasing",
    "decreasing",
    "no_significant_change",
    "none",
)
#: Direction of the fitted line over the trend window, whatever its significance.
TREND_DIRECTIONS: tuple[str, ...] = ("increasing", "decreasing", "flat", "none")
#: How a trend was computed: chi-square test for trend in proportions, score test of a
#: Poisson trend in rates, or the plain relative change for values without counts.
TREND_METHODS: tuple[str, ...] = ("chi2", "poisson", "change")
#: How the city value was computed (see :func:`city_reference`).
CITY_KINDS: tuple[str, ...] = ("pooled", "total_row", "weighted_mean", "mean", "sum")
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


@dataclass(frozen=True)
class Policy:
    """City-wide rating settings that no single catalogue entry decides.

    Attributes
    ----------
    confidence : float or None
        0.998 rates every benchmark comparison at 99.8 % instead of 95 %
        (fewer chance findings when many areas and indicators are tested,
        at the price of missing smaller real differences); None keeps each
        indicator's rule.
    small_numerator : int
        Numerators from 1 to ``small_numerator − 1`` are not rated and shown
        as "< small_numerator" (Fingertips-style disclosure control); 0 switches
        this off. 0 itself is shown and rated.
    population : str or None
        Population indicator used for every indicator whose rule names none.
    min_population : float or None
        Overrides the rules' ``min_population``.
    """

    confidence: float | None = None
    small_numerator: int = 5
    population: str | None = None
    min_population: float | None = None

    def __post_init__(self) -> None:
        if self.confidence not in (None, 0.95, 0.998):
            raise BildungsampelError(
                f"confidence must be 0.95 or 0.998, got {self.confidence}",
                message_de=f"confidence muss 0.95 oder 0.998 sein, erhalten {self.confidence}",
            )
        if self.small_numerator < 0:
            raise BildungsampelError(
                f"small_numerator must be 0 or more, got {self.small_numerator}",
                message_de=f"small_numerator muss 0 oder größer sein, erhalten "
                f"{self.small_numerator}",
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
        Cells that may be rated (value present, no small-number rule applies).
    city_value : float or numpy.ndarray
        The reference per period (see :func:`city_reference`).
    trend_direction : numpy.ndarray
        The judged trend: +1 significantly rising, −1 falling, 0 no
        significant change, NaN not computable (used by ``trend``).
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
        Confidence interval of the area's value (``benchmark`` only), in the
        indicator's unit; :attr:`confidence` is its level.
    lower_limit, upper_limit : numpy.ndarray
        The limits the method compares with (``band``: city value ± tolerance;
        ``thresholds``: the limits or the target band); NaN otherwise.
    unusable : numpy.ndarray of bool
        Cells this method cannot rate even though a value is present;
        :attr:`unusable_reason` names why.
    """

    name: ClassVar[str]
    unusable_reason: str | None = None

    def __init__(self, rule: Rule, policy: Policy | None = None) -> None:
        self.rule = rule
        self.policy = policy or Policy()
        self.confidence = math.nan
        self.direction = np.array([])
        self.ci_low = np.array([])
        self.ci_high = np.array([])
        self.lower_limit = np.array([])
        self.upper_limit = np.array([])
        self.unusable = np.array([], dtype=bool)

    def fit(self, sample: Sample) -> Classifier:
        """Classify the areas of ``sample``; returns ``self``."""
        shape = np.shape(sample.values)
        grid = sample.as_grid()
        for name in ("ci_low", "ci_high", "lower_limit", "upper_limit"):
            setattr(self, name, np.full(grid.values.shape, np.nan))
        self.unusable = np.zeros(grid.values.shape, dtype=bool)
        direction = self._direction(grid)
        self.direction = np.where(grid.rated, direction, np.nan).reshape(shape)
        for name in ("ci_low", "ci_high", "lower_limit", "upper_limit"):
            setattr(self, name, getattr(self, name).reshape(shape))
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
    intervals. An interval entirely above the city value is +1, entirely
    below −1. With the rule's ``confidence=0.998`` the 95 % interval decides
    ±1 and the 99.8 % interval ±2 (five grades); with the policy's
    ``confidence=0.998`` the 99.8 % interval alone decides ±1.
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
            # intervals exist for proportions and rates of counts only
            has_counts &= False
            self.unusable_reason = "no_interval"
        self.unusable = ~has_counts
        # only rated cells need an interval: the statistics are the costly part
        usable = has_counts & sample.rated
        strict = self.policy.confidence == 0.998
        self.confidence = 0.998 if strict else 0.95
        low, high = self._intervals(sample, usable, self.confidence)
        self.ci_low, self.ci_high = low, high
        city = np.asarray(sample.city_value, dtype=float)[np.newaxis, :]
        eps = 1e-9 * np.maximum(1.0, np.abs(city))  # touching the city value is "similar"
        direction = np.where(low > city + eps, 1.0, np.where(high < city - eps, -1.0, 0.0))
        if self.rule.confidence == 0.998 and not strict:
            low2, high2 = self._intervals(sample, usable, 0.998)
            direction = np.where(
                low2 > city + eps, 2.0, np.where(high2 < city - eps, -2.0, direction)
            )
        return np.where(has_counts, direction, np.nan)


class Band(Classifier):
    """Relative deviation from the city value beyond ± tolerance.

    Counts are not compared with the city value (which is their sum); they
    are left unrated with the reason ``no_reference``.
    """

    name = "band"
    unusable_reason = "no_reference"

    def _direction(self, sample: Sample) -> np.ndarray:
        shape = sample.values.shape
        if sample.indicator.kind is Kind.COUNT:
            self.unusable = np.ones(shape, dtype=bool)
            return np.full(shape, np.nan)
        ref = np.asarray(sample.city_value, dtype=float)[np.newaxis, :]
        tol = self.rule.tolerance
        scale = np.where(ref != 0, np.abs(ref), 1.0)
        self.lower_limit = np.broadcast_to(ref - tol * scale, shape).copy()
        self.upper_limit = np.broadcast_to(ref + tol * scale, shape).copy()
        deviation = (sample.values - ref) / scale
        return np.where(deviation > tol, 1.0, np.where(deviation < -tol, -1.0, 0.0))


class Quantiles(Classifier):
    """k groups by rank; the top group +1, the bottom −1.

    Cut points are the empirical quantiles of the rated values; equal values
    always share a group, so groups can differ in size. When all rated values
    are equal every area is 0.
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
            self.lower_limit = np.full(v.shape, float(low))
            self.upper_limit = np.full(v.shape, float(high))
            return np.where(v >= high, 1.0, np.where(v <= low, -1.0, 0.0))
        if rule.target is None:  # chosen for an indicator whose catalogue entry sets no limits
            self.unusable = np.ones(v.shape, dtype=bool)
            return np.full(v.shape, np.nan)
        target, tol = rule.target, rule.tolerance
        if polarity is Polarity.LOWER_IS_BETTER:
            self.lower_limit = np.full(v.shape, float(target))
            self.upper_limit = np.full(v.shape, float(target * (1 + tol)))
            return np.where(v <= target, -1.0, np.where(v > target * (1 + tol), 1.0, 0.0))
        self.lower_limit = np.full(v.shape, float(target * (1 - tol)))
        self.upper_limit = np.full(v.shape, float(target))
        return np.where(v >= target, 1.0, np.where(v < target * (1 - tol), -1.0, 0.0))


class Trend(Classifier):
    """The area's own development: significantly rising +1, falling −1, otherwise 0."""

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


@dataclass(frozen=True)
class CityReference:
    """The city value of one indicator per period, and how it was computed.

    Attributes
    ----------
    value : numpy.ndarray
        One value per period (NaN: no value).
    kind : numpy.ndarray
        Codes into :data:`CITY_KINDS` (−1: none).
    used, of : numpy.ndarray
        How many areas entered the value, out of how many with a value.
    """

    value: np.ndarray
    kind: np.ndarray
    used: np.ndarray
    of: np.ndarray


def city_reference(
    indicator: Indicator,
    values: np.ndarray,
    numerators: np.ndarray,
    denominators: np.ndarray,
    *,
    weights: np.ndarray | None = None,
    total: np.ndarray | None = None,
) -> CityReference:
    """Return the city value of each period (column) of areas × periods arrays.

    The policy, in order:

    1. a delivered city total (``total``, one per period, NaN where none) is used as is
       (``total_row``);
    2. proportions, rates and means with counts (a mean income as total
       income over taxpayers): summed numerators over summed denominators
       (× multiplier) of the areas that deliver counts (``pooled``) — never
       the mean of the area rates; ``used``/``of`` say when some areas
       deliver a value without counts;
    3. counts: the sum over the areas (``sum``);
    4. indices, and means and shares without any counts: the mean of the
       area values weighted by ``weights`` where the catalogue names a weight
       indicator (``weighted_mean``), else unweighted (``mean``).

    Parameters
    ----------
    indicator : Indicator
    values, numerators, denominators : numpy.ndarray
        Areas × periods, NaN where missing.
    weights : numpy.ndarray, optional
        Areas × periods weights (e.g. inhabitants), NaN where unknown.
    total : numpy.ndarray, optional
        Delivered city values, one per period.

    Returns
    -------
    CityReference
    """
    kinds = {k: i for i, k in enumerate(CITY_KINDS)}
    present = np.isfinite(values)
    n_present = present.sum(axis=0).astype(float)
    counts = present & np.isfinite(numerators) & np.isfinite(denominators) & (denominators > 0)
    n_counts = counts.sum(axis=0).astype(float)
    value = np.full(values.shape[1], np.nan)
    kind = np.full(values.shape[1], -1, dtype=np.int8)
    used = n_present.copy()
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(present, values, 0.0).sum(axis=0) / n_present
        if weights is not None:
            w_ok = present & np.isfinite(weights) & (weights > 0)
            w = np.where(w_ok, weights, 0.0)
            weighted = (w * np.where(w_ok, values, 0.0)).sum(axis=0) / w.sum(axis=0)
            use_w = w_ok.any(axis=0)
            mean = np.where(use_w, weighted, mean)
            used = np.where(use_w, w_ok.sum(axis=0), used)
            mean_kind = np.where(use_w, kinds["weighted_mean"], kinds["mean"])
        else:
            mean_kind = np.full(values.shape[1], kinds["mean"])
        pooled = (
            np.where(counts, numerators, 0.0).sum(axis=0)
            / np.where(counts, denominators, 0.0).sum(axis=0)
            * indicator.multiplier
        )
    if indicator.kind is Kind.COUNT:
        value = np.where(present, values, 0.0).sum(axis=0)
        kind[:] = kinds["sum"]
    elif indicator.kind in (Kind.PROPORTION, Kind.RATE, Kind.MEAN):
        by_counts = n_counts > 0
        value = np.where(by_counts, pooled, mean)
        kind = np.where(by_counts, kinds["pooled"], mean_kind).astype(np.int8)
        used = np.where(by_counts, n_counts, used)
    else:
        value, kind = mean, mean_kind.astype(np.int8)
    if total is not None:
        delivered = np.isfinite(total)
        value = np.where(delivered, total, value)
        kind = np.where(delivered, kinds["total_row"], kind).astype(np.int8)
        used = np.where(delivered, n_present, used)
    none = n_present == 0
    if total is not None:
        none &= ~np.isfinite(total)
    return CityReference(
        value=np.where(none, np.nan, value),
        kind=np.where(none, -1, kind).astype(np.int8),
        used=np.where(none, np.nan, used).astype(float),
        of=np.where(none, np.nan, n_present),
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
NOT_RATED: tuple[str, ...] = (
    "missing",
    "small_numerator",
    "small_denominator",
    "small_population",
    "no_counts",
    "no_interval",
    "no_reference",
    "no_trend",
    "no_thresholds",
)
_CODE = {
    "rating": {r: i for i, r in enumerate(RATINGS)},
    "grade": {g: i for i, g in enumerate(GRADES)},
    "trend": {t: i for i, t in enumerate(TRENDS)},
    "trend_direction": {t: i for i, t in enumerate(TREND_DIRECTIONS)},
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


def _trend_codes(judged: np.ndarray, polarity: Polarity) -> np.ndarray:
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


def _direction_codes(slope: np.ndarray) -> np.ndarray:
    """Return codes into :data:`TREND_DIRECTIONS` from the sign of the fitted slope."""
    return _select(
        [slope > 0, slope < 0, slope == 0],
        ["increasing", "decreasing", "flat"],
        "none",
        "trend_direction",
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
    trends: dict[tuple[int, float, str], TrendResult] = field(
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


@dataclass(frozen=True)
class TrendResult:
    """The trend of every area in every period of one indicator (areas × periods).

    Attributes
    ----------
    judged : numpy.ndarray
        +1 significantly rising, −1 falling, 0 no significant change, NaN
        not computable (fewer than ``trend_periods`` values in the window).
    slope : numpy.ndarray
        Sign of the fitted line (+1, −1, 0), NaN where not computable.
    method : numpy.ndarray
        Codes into :data:`TREND_METHODS` (−1: none).
    pvalue : numpy.ndarray
        Two-sided p-value of the test (NaN for the change rule).
    change : numpy.ndarray
        Fitted change over the window relative to the mean level.
    start : numpy.ndarray
        Column of the window's first period (−1: none).
    """

    judged: np.ndarray
    slope: np.ndarray
    method: np.ndarray
    pvalue: np.ndarray
    change: np.ndarray
    start: np.ndarray


def _trends(grid: Grid, indicator: Indicator) -> TrendResult:
    """Return the trend of every area in every period (cached on the grid).

    It does not depend on the rating method, so all methods share it.
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
    for k in range(min(width, matrix.shape[1])):
        out[width - 1 - k, :, k:] = matrix[:, : matrix.shape[1] - k]
    return out


def _trend_test(
    kind: Kind, nums: np.ndarray, dens: np.ndarray, scores: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    test = stats.poisson_trend if kind is Kind.RATE else stats.chi2_trend
    return test(nums, dens, scores, axis=0)


def _compute_trends(grid: Grid, indicator: Indicator) -> TrendResult:
    """Fingertips' recent-trend rule, vectorised over areas and periods.

    Over the ``trend_periods`` latest periods of the indicator up to each
    period (5 by default) an area needs a value in every period. With
    numerators and denominators in all of them (proportions and rates): the
    chi-square test for linear trend (proportions) or the score test of a
    Poisson trend (rates); significant when χ² > 9.5495 (99.8 %) and the sign
    of the statistic is the same when any one period is left out. Without
    counts: the plain change rule, the fitted change over the window relative
    to the mean level beyond ± tolerance (no test).
    """
    rule = indicator.rule
    width = rule.trend_periods
    n_periods = len(grid.periods)
    values = _windows(grid.values, width, np.nan)
    nums = _windows(grid.numerators, width, np.nan)
    dens = _windows(grid.denominators, width, np.nan)
    keys = np.array([period_key(p) for p in grid.periods], dtype=float)
    scores = _windows(keys[np.newaxis, :], width, np.nan)
    scores = np.where(np.isfinite(scores), scores, 0.0)
    full = np.isfinite(values).all(axis=0)
    counts = (np.isfinite(nums) & np.isfinite(dens) & (dens > 0)).all(axis=0)
    use_test = full & counts & (indicator.kind in (Kind.PROPORTION, Kind.RATE))
    z, p = _trend_test(indicator.kind, nums, dens, scores)
    significant = np.isfinite(z) & (z**2 > stats.TREND_CHI2_CRITICAL)
    for k in range(width):  # the sign must survive leaving out any one period
        drop = np.arange(width) != k
        z_k, _ = _trend_test(indicator.kind, nums[drop], dens[drop], scores[drop])
        significant &= np.sign(z_k) == np.sign(z)
    change = stats.relative_change(values, scores, axis=0)
    tol = rule.tolerance
    by_test = np.where(significant, np.sign(z), 0.0)
    by_change = np.where(change > tol, 1.0, np.where(change < -tol, -1.0, 0.0))
    judged = np.where(use_test, by_test, by_change)
    # the line's direction: the statistic's sign for a test, the change's sign otherwise;
    # an area with all values equal (no variation) is flat
    slope = np.where(use_test & np.isfinite(z), np.sign(z), np.sign(change))
    finite = np.isfinite(values)
    flat = np.where(finite, values, -np.inf).max(axis=0) == np.where(finite, values, np.inf).min(
        axis=0
    )
    slope = np.where(flat & full, 0.0, slope)
    judged = np.where(flat & full, 0.0, judged)
    judged = np.where(full, judged, np.nan)
    slope = np.where(full, slope, np.nan)
    codes = {m: i for i, m in enumerate(TREND_METHODS)}
    tested = codes["poisson"] if indicator.kind is Kind.RATE else codes["chi2"]
    method = np.where(full, np.where(use_test, tested, codes["change"]), -1).astype(np.int8)
    start = np.broadcast_to(np.arange(n_periods) - (width - 1), full.shape)
    return TrendResult(
        judged=judged,
        slope=slope,
        method=method,
        pvalue=np.where(use_test, p, np.nan),
        change=np.where(full, change, np.nan),
        start=np.where(full, start, -1).astype(np.int32),
    )


#: Result columns that are categorical, with their fixed categories where they have them.
_FIXED = {
    "rating": RATINGS,
    "grade": GRADES,
    "trend": TRENDS,
    "trend_direction": TREND_DIRECTIONS,
    "trend_method": TREND_METHODS,
    "city_value_kind": CITY_KINDS,
    "not_rated": NOT_RATED,
    "method": METHODS,
}
_LABELS = ("area_id", "indicator", "period", "trend_start", "missing_reason", *_FIXED)


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
    if column in ("period", "trend_start"):
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


@dataclass(frozen=True)
class _Context:
    """What rating one indicator needs beyond its own grid."""

    policy: Policy
    grids: Mapping[str, Grid]
    totals: Mapping[tuple[str, str], float]
    city: Mapping[tuple[str, str], tuple[float, str, float, float]]


def _aligned(source: Grid | None, target: Grid) -> np.ndarray | None:
    """Return ``source``'s values on ``target``'s areas × periods.

    A period that ``source`` lacks takes its latest earlier period (else its
    earliest): inhabitants of 2022 weight the incomes of 2023 when the 2023
    population is not published yet.
    """
    if source is None or not source.periods:
        return None
    rows = pd.Index(source.area_ids).get_indexer(pd.Index(target.area_ids))
    skeys = np.array([period_key(p) for p in source.periods], dtype=float)
    tkeys = np.array([period_key(p) for p in target.periods], dtype=float)
    cols = np.clip(np.searchsorted(skeys, tkeys, side="right") - 1, 0, len(skeys) - 1)
    out: np.ndarray = source.values[np.ix_(np.clip(rows, 0, None), cols)]
    out[rows < 0, :] = np.nan
    return out


def _reference(grid: Grid, indicator: Indicator, ctx: _Context) -> CityReference:
    """Return the city reference of every period of ``grid`` (precomputed values win)."""
    weights = _aligned(ctx.grids.get(indicator.weight), grid) if indicator.weight else None
    total = np.array([ctx.totals.get((indicator.id, p), np.nan) for p in grid.periods], dtype=float)
    ref = city_reference(
        indicator,
        grid.values,
        grid.numerators,
        grid.denominators,
        weights=weights,
        total=total if np.isfinite(total).any() else None,
    )
    for j, period in enumerate(grid.periods):
        known = ctx.city.get((indicator.id, period))
        if known is not None:
            ref.value[j] = known[0]
            ref.kind[j] = CITY_KINDS.index(known[1]) if known[1] in CITY_KINDS else -1
            ref.used[j], ref.of[j] = known[2], known[3]
    return ref


def _small_numbers(
    grid: Grid, indicator: Indicator, ctx: _Context, sel: Any
) -> dict[str, np.ndarray]:
    """Return the cells left unrated by the small-number rules, areas × chosen periods."""
    nums = grid.numerators[:, sel]
    dens = grid.denominators[:, sel]
    limit = ctx.policy.small_numerator
    small_num = (limit > 0) & np.isfinite(nums) & (nums >= 1) & (nums < limit)
    small_den = np.isfinite(dens) & (dens < indicator.rule.min_denominator) & ~small_num
    small_pop = np.zeros(nums.shape, dtype=bool)
    pop_id = indicator.rule.population or ctx.policy.population
    if pop_id and pop_id != indicator.id:
        population = _aligned(ctx.grids.get(pop_id), grid)
        if population is not None:
            minimum = (
                ctx.policy.min_population
                if ctx.policy.min_population is not None
                else indicator.rule.min_population
            )
            pop = population[:, sel]
            small_pop = ~np.isfinite(dens) & np.isfinite(pop) & (pop < minimum)
    return {
        "small_numerator": small_num,
        "small_denominator": small_den,
        "small_population": small_pop,
    }


def classify_indicator(
    obs: pd.DataFrame,
    indicator: Indicator,
    period: str,
    *,
    method: str | None = None,
    policy: Policy | None = None,
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
    policy : Policy, optional
        City-wide rating settings (default :class:`Policy`).

    Returns
    -------
    pandas.DataFrame
        :data:`RESULT_COLUMNS`, one row per area present in ``period``; the
        label columns are categoricals.
    """
    grid = Grid.from_obs(obs)
    ctx = _Context(policy or Policy(), {indicator.id: grid}, {}, {})
    return _frame([_classify_grid(grid, indicator, [grid.periods.index(period)], method, ctx)])


def _classify_grid(
    grid: Grid,
    indicator: Indicator,
    columns: Sequence[int],
    method: str | None,
    ctx: _Context,
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
    trend = _trends(grid, indicator)
    judged = trend.judged[:, sel]
    small = _small_numbers(grid, indicator, ctx, sel)
    rated = np.isfinite(values) & ~np.logical_or.reduce(list(small.values()))
    ref = _reference(grid, indicator, ctx)
    city = ref.value[sel]
    # the method may differ per period: the default depends on whether counts exist
    chosen = [
        method or default_method(indicator, has_counts=bool(counted[present[:, j], j].any()))
        for j in range(len(cols))
    ]
    out = {
        name: np.full(values.shape, np.nan)
        for name in ("direction", "ci_low", "ci_high", "lower_limit", "upper_limit", "confidence")
    }
    unusable = np.zeros(values.shape, dtype=bool)
    reason_if_unusable = np.full(len(cols), _CODE["not_rated"]["missing"], dtype=np.int8)
    for name in dict.fromkeys(chosen):
        j = np.array([k for k, c in enumerate(chosen) if c == name])
        sample = Sample(
            indicator=indicator,
            values=values[:, j],
            numerators=nums[:, j],
            denominators=dens[:, j],
            rated=rated[:, j],
            city_value=city[j],
            trend_direction=judged[:, j],
        )
        clf = get_classifier(name)(rule, ctx.policy).fit(sample)
        for attr in ("direction", "ci_low", "ci_high", "lower_limit", "upper_limit"):
            out[attr][:, j] = getattr(clf, attr)
        out["confidence"][:, j] = clf.confidence
        unusable[:, j] = clf.unusable
        if clf.unusable_reason:
            reason_if_unusable[j] = _CODE["not_rated"][clf.unusable_reason]
    direction = out["direction"]
    rating, grade = _rating(direction, indicator.polarity)
    codes = _CODE["not_rated"]
    not_rated = np.where(unusable, reason_if_unusable[np.newaxis, :], codes["missing"])
    for key in ("small_population", "small_denominator", "small_numerator"):
        not_rated = np.where(small[key], codes[key], not_rated)
    not_rated = np.where(~np.isfinite(values), codes["missing"], not_rated).astype(np.int8)
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
            "city_value_kind": ref.kind[sel][col_of_row],
            "city_n": ref.used[sel][col_of_row],
            "city_of": ref.of[sel][col_of_row],
            "ci_low": out["ci_low"],
            "ci_high": out["ci_high"],
            "confidence": out["confidence"],
            "lower_limit": out["lower_limit"],
            "upper_limit": out["upper_limit"],
            "method": method_codes[col_of_row],
            "direction": direction,
            "rating": rating,
            "grade": grade,
            "trend": _trend_codes(judged, indicator.polarity),
            "trend_direction": _direction_codes(trend.slope[:, sel]),
            "trend_method": trend.method[:, sel],
            "trend_start": trend.start[:, sel],
            "trend_p": trend.pvalue[:, sel],
            "trend_change": trend.change[:, sel],
            "missing_reason": grid.reasons[:, sel],
            "not_rated": not_rated,
        },
        labels={
            "area_id": grid.area_ids,
            "indicator": [indicator.id],
            "period": [grid.periods[c] for c in cols],
            "trend_start": grid.periods,
            "method": METHODS,
            "rating": RATINGS,
            "grade": GRADES,
            "trend": TRENDS,
            "trend_direction": TREND_DIRECTIONS,
            "trend_method": TREND_METHODS,
            "city_value_kind": CITY_KINDS,
            "missing_reason": grid.reason_labels,
            "not_rated": NOT_RATED,
        },
    )


def _context(
    grids: Mapping[str, Grid],
    *,
    policy: Policy | None,
    totals: pd.DataFrame | None,
    city: pd.DataFrame | None,
) -> _Context:
    """Collect the policy, delivered city totals and precomputed city values."""
    total_map: dict[tuple[str, str], float] = {}
    if totals is not None and len(totals):
        for ind, period, value in totals[["indicator", "period", "value"]].itertuples(index=False):
            if np.isfinite(value):
                total_map[(str(ind), str(period))] = float(value)
    city_map: dict[tuple[str, str], tuple[float, str, float, float]] = {}
    if city is not None and len(city):
        cols = ["indicator", "period", "city_value", "city_value_kind", "city_n", "city_of"]
        for ind, period, value, kind, used, of in city[cols].itertuples(index=False):
            city_map[(str(ind), str(period))] = (float(value), str(kind), float(used), float(of))
    return _Context(policy or Policy(), grids, total_map, city_map)


def city_table(
    obs: pd.DataFrame,
    catalog: Catalog,
    *,
    totals: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return the city value of every indicator and period (see :func:`city_reference`).

    Computed once from the lowest level and passed to :func:`classify` for
    every level, so that a Stadtteil, a Stadtbezirk and the trend chart are
    compared with the same city value.

    Parameters
    ----------
    obs : pandas.DataFrame
        Completed observations of the lowest level.
    catalog : Catalog
    totals : pandas.DataFrame, optional
        Delivered city values (``indicator``, ``period``, ``value``).

    Returns
    -------
    pandas.DataFrame
        ``indicator``, ``period``, ``city_value``, ``city_value_kind``,
        ``city_n`` (areas used) and ``city_of`` (areas with a value).
    """
    grids = _grids(obs) if len(obs) else {}
    ctx = _context(grids, policy=None, totals=totals, city=None)
    records = []
    for ind_id, grid in grids.items():
        if ind_id not in catalog:
            continue
        ref = _reference(grid, catalog[ind_id], ctx)
        for j, period in enumerate(grid.periods):
            kind = CITY_KINDS[ref.kind[j]] if ref.kind[j] >= 0 else None
            records.append((ind_id, period, ref.value[j], kind, ref.used[j], ref.of[j]))
    for (ind_id, period), value in ctx.totals.items():  # a delivered total without area values
        if ind_id in catalog and (ind_id not in grids or period not in grids[ind_id].periods):
            records.append((ind_id, period, value, "total_row", 0.0, 0.0))
    return pd.DataFrame(
        records,
        columns=["indicator", "period", "city_value", "city_value_kind", "city_n", "city_of"],
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
    policy: Policy | None = None,
    totals: pd.DataFrame | None = None,
    city: pd.DataFrame | None = None,
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
    policy : Policy, optional
        City-wide rating settings (confidence, small numbers).
    totals : pandas.DataFrame, optional
        Delivered city values (``indicator``, ``period``, ``value``).
    city : pandas.DataFrame, optional
        Precomputed city values (:func:`city_table` of the lowest level); used
        instead of computing them from ``obs`` wherever they exist.

    Returns
    -------
    pandas.DataFrame
        :data:`RESULT_COLUMNS` for all indicators, in catalogue order.
    """
    if method is not None:
        get_classifier(method)
    wanted = indicators if indicators is not None else list(catalog)
    # the indicators asked for and those they refer to (weights, populations)
    needed = set(wanted) | {(policy or Policy()).population or ""}
    for ind_id in wanted:
        if ind_id in catalog:
            needed |= {catalog[ind_id].weight, catalog[ind_id].rule.population or ""}
    part = obs if indicators is None else obs[obs["indicator"].isin(needed)]
    grids = _grids(part) if len(part) else {}
    ctx = _context(grids, policy=policy, totals=totals, city=city)
    parts = []
    for ind_id in wanted:
        grid = grids.get(ind_id)
        if grid is None:
            continue
        period = select_period(grid.periods, year)
        if period is None:
            continue
        chosen = (methods or {}).get(ind_id, method)
        parts.append(
            _classify_grid(grid, catalog[ind_id], [grid.periods.index(period)], chosen, ctx)
        )
    return _frame(parts)


def classify_all_periods(
    obs: pd.DataFrame,
    catalog: Catalog,
    *,
    method: str | None = None,
    policy: Policy | None = None,
) -> pd.DataFrame:
    """Rate every indicator in every period it has (for trends and benchmarks)."""
    return classify_methods(obs, catalog, [method], policy=policy)[method]


def classify_methods(
    obs: pd.DataFrame,
    catalog: Catalog,
    methods: Sequence[str | None],
    *,
    policy: Policy | None = None,
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
    ctx = _context(grids, policy=policy, totals=None, city=None)
    # one method at a time: only one method's intermediate arrays are alive at once
    return {
        method: _frame(
            [
                _classify_grid(grid, catalog[ind_id], range(len(grid.periods)), method, ctx)
                for ind_id, grid in grids.items()
            ]
        )
        for method in methods
    }
