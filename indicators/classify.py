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
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
import pandas as pd

from indicators import stats
from indicators.catalog import Catalog, Indicator, Kind, Polarity, Rule
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
    """What a classifier sees: one indicator, one period, all areas.

    Attributes
    ----------
    indicator : Indicator
    values, numerators, denominators : numpy.ndarray
        One entry per area; NaN where missing.
    rated : numpy.ndarray of bool
        Areas that may be rated (value present, denominator not too small).
    city_value : float
        The reference: summed numerators over summed denominators where they
        exist, the sum for counts, else the mean of the areas.
    trend_direction : numpy.ndarray
        +1 rising, 0 flat, −1 falling, NaN unknown (used by ``trend``).
    """

    indicator: Indicator
    values: np.ndarray
    numerators: np.ndarray
    denominators: np.ndarray
    rated: np.ndarray
    city_value: float
    trend_direction: np.ndarray


class Classifier(ABC):
    """Base class: configure with a rule, call :meth:`fit`, read the results.

    Attributes set by :meth:`fit`
    -----------------------------
    direction : numpy.ndarray
        Per area, −2..+2 relative to the reference, NaN where not rated.
    ci_low, ci_high : numpy.ndarray
        Interval limits in the indicator's unit where the method has them.
    not_rated : list of str or None
        Why an area could not be rated by this method (beyond missing data).
    """

    name: ClassVar[str]
    needs_counts: ClassVar[bool] = False

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.direction = np.array([])
        self.ci_low = np.array([])
        self.ci_high = np.array([])
        self.not_rated: list[str | None] = []

    def fit(self, sample: Sample) -> Classifier:
        """Classify the areas of ``sample``; returns ``self``."""
        size = len(sample.values)
        self.ci_low = np.full(size, np.nan)
        self.ci_high = np.full(size, np.nan)
        self.not_rated = [None] * size
        direction = self._direction(sample)
        self.direction = np.where(sample.rated, direction, np.nan)
        return self

    @abstractmethod
    def _direction(self, sample: Sample) -> np.ndarray:
        """Return the direction of every area (NaN allowed)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.rule!r})"


def _reasons(ok: np.ndarray, reason: str) -> list[str | None]:
    """Return ``reason`` where ``ok`` is False, None elsewhere."""
    return [None if flag else reason for flag in ok.tolist()]


class Benchmark(Classifier):
    """Interval of each area against the city value.

    Proportions get Wilson score intervals, rates of counts exact Poisson
    intervals. An interval entirely above the city value is +1 (+2 when the
    99.8 % interval is too, with ``confidence=0.998``), entirely below −1 (−2).
    """

    name = "benchmark"
    needs_counts = True

    def _intervals(self, sample: Sample, confidence: float) -> tuple[np.ndarray, np.ndarray]:
        interval = (
            stats.poisson_interval if sample.indicator.kind is Kind.RATE else stats.wilson_interval
        )
        usable = np.isfinite(sample.numerators) & (sample.denominators > 0)
        if sample.indicator.kind not in (Kind.PROPORTION, Kind.RATE):
            usable &= False  # intervals exist for proportions and rates of counts only
        nums = np.where(usable, sample.numerators, np.nan)
        dens = np.where(usable, sample.denominators, np.nan)
        with np.errstate(invalid="ignore", divide="ignore"):
            low, high = interval(nums, dens, confidence=confidence)
        mult = sample.indicator.multiplier
        return low * mult, high * mult

    def _direction(self, sample: Sample) -> np.ndarray:
        has_counts = np.isfinite(sample.numerators) & (sample.denominators > 0)
        if sample.indicator.kind not in (Kind.PROPORTION, Kind.RATE):
            has_counts &= False  # intervals exist for proportions and rates of counts only
        self.not_rated = _reasons(has_counts, "no_counts")
        low, high = self._intervals(sample, 0.95)
        self.ci_low, self.ci_high = low, high
        city = sample.city_value
        eps = 1e-9 * max(1.0, abs(city))  # an interval touching the city value is "similar"
        direction = np.where(low > city + eps, 1.0, np.where(high < city - eps, -1.0, 0.0))
        if self.rule.confidence == 0.998:
            low2, high2 = self._intervals(sample, 0.998)
            direction = np.where(
                low2 > city + eps, 2.0, np.where(high2 < city - eps, -2.0, direction)
            )
        return np.where(has_counts, direction, np.nan)


class Band(Classifier):
    """Relative deviation from the city value beyond ± tolerance."""

    name = "band"

    def _direction(self, sample: Sample) -> np.ndarray:
        ref = sample.city_value
        tol = self.rule.tolerance
        scale = abs(ref) if ref != 0 else 1.0
        self.ci_low = np.full(len(sample.values), ref - tol * scale)
        self.ci_high = np.full(len(sample.values), ref + tol * scale)
        deviation = (sample.values - ref) / scale
        return np.where(deviation > tol, 1.0, np.where(deviation < -tol, -1.0, 0.0))


class Quantiles(Classifier):
    """k groups of equal size by rank; the top group +1, the bottom −1.

    Ties share a group. When all rated values are equal every area is 0.
    """

    name = "quantiles"

    def _direction(self, sample: Sample) -> np.ndarray:
        vals = sample.values[sample.rated]
        direction = np.full(len(sample.values), np.nan)
        if vals.size == 0 or np.all(vals == vals[0]):
            direction[sample.rated] = 0.0
            return direction
        k = self.rule.k
        bins = np.quantile(vals, np.linspace(0, 1, k + 1)[1:-1])
        group = np.searchsorted(bins, sample.values, side="left")
        direction = np.where(group == k - 1, 1.0, np.where(group == 0, -1.0, 0.0))
        return direction


class Thresholds(Classifier):
    """Fixed limits ``(low, high)`` or a target value.

    With limits: at or above ``high`` +1, at or below ``low`` −1. With a
    target: meeting it is favourable, missing it by more than the tolerance
    unfavourable, in between 0.
    """

    name = "thresholds"

    def _direction(self, sample: Sample) -> np.ndarray:
        v = sample.values
        rule = self.rule
        polarity = sample.indicator.polarity
        if rule.thresholds is not None:
            low, high = rule.thresholds
            return np.where(v >= high, 1.0, np.where(v <= low, -1.0, 0.0))
        assert rule.target is not None  # guaranteed by Rule
        target, tol = rule.target, rule.tolerance
        if polarity is Polarity.LOWER_IS_BETTER:
            return np.where(v <= target, -1.0, np.where(v > target * (1 + tol), 1.0, 0.0))
        return np.where(v >= target, 1.0, np.where(v < target * (1 - tol), -1.0, 0.0))


class Trend(Classifier):
    """The area's own development: rising +1, falling −1, stable 0."""

    name = "trend"

    def _direction(self, sample: Sample) -> np.ndarray:
        self.not_rated = _reasons(np.isfinite(sample.trend_direction), "no_trend")
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


def city_value(
    indicator: Indicator, values: np.ndarray, numerators: np.ndarray, denominators: np.ndarray
) -> float:
    """Return the city reference value of one indicator and period.

    Summed numerators over summed denominators (× multiplier) when every area
    with a value has counts — never the mean of the area rates; the sum for
    counts; otherwise the unweighted mean of the area values.
    """
    present = np.isfinite(values)
    counts = np.isfinite(numerators) & np.isfinite(denominators)
    if present.any() and counts[present].all() and np.nansum(denominators[present]) > 0:
        return float(numerators[present].sum() / denominators[present].sum() * indicator.multiplier)
    if not present.any():
        return float("nan")
    if indicator.kind is Kind.COUNT:
        return float(values[present].mean())
    return float(values[present].mean())


def _rating(direction: np.ndarray, polarity: Polarity) -> tuple[np.ndarray, np.ndarray]:
    d = direction
    if polarity is Polarity.NO_JUDGEMENT:
        rating = np.where(np.isnan(d), "grey", "neutral")
        grade = np.select(
            [d >= 2, d >= 1, d <= -2, d <= -1, d == 0],
            ["much_higher", "higher", "much_lower", "lower", "similar"],
            "not_rated",
        )
        return rating, grade
    good = d if polarity is Polarity.HIGHER_IS_BETTER else -d
    rating = np.select([good > 0, good < 0, good == 0], ["green", "red", "yellow"], "grey")
    grade = np.select(
        [good >= 2, good >= 1, good <= -2, good <= -1, good == 0],
        ["best", "better", "worst", "worse", "similar"],
        "not_rated",
    )
    return rating, grade


def _trend_labels(trend_dir: np.ndarray, polarity: Polarity) -> np.ndarray:
    if polarity is Polarity.NO_JUDGEMENT:
        return np.full(trend_dir.shape, "none", dtype=object)
    good = trend_dir if polarity is Polarity.HIGHER_IS_BETTER else -trend_dir
    return np.select(
        [good > 0, good < 0, good == 0], ["improving", "worsening", "stable"], "none"
    ).astype(object)


@dataclass(frozen=True)
class Grid:
    """One indicator's observations as areas × periods matrices (oldest period first).

    Built once per indicator, so that every period and every method reuses
    the same arrays instead of filtering and pivoting the long table again.
    """

    area_ids: np.ndarray
    periods: list[str]
    values: np.ndarray
    numerators: np.ndarray
    denominators: np.ndarray
    reasons: np.ndarray
    present: np.ndarray
    trends: dict[tuple[int, int, float, str], tuple[np.ndarray, np.ndarray]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def from_obs(cls, obs: pd.DataFrame) -> Grid:
        """Pivot the completed observations of one indicator."""
        periods = sort_periods(list(obs["period"].unique()))
        areas = np.array(sorted(obs["area_id"].unique()), dtype=object)
        rows = pd.Index(areas).get_indexer(pd.Index(obs["area_id"]))
        cols = pd.Index(periods).get_indexer(pd.Index(obs["period"]))
        shape = (len(areas), len(periods))

        def matrix(col: str) -> np.ndarray:
            out = np.full(shape, np.nan)
            out[rows, cols] = obs[col].to_numpy(dtype=float)
            return out

        reasons = np.full(shape, None, dtype=object)
        reasons[rows, cols] = obs["missing_reason"].to_numpy(dtype=object)
        present = np.zeros(shape, dtype=bool)
        present[rows, cols] = True
        return cls(
            areas,
            periods,
            matrix("value"),
            matrix("numerator"),
            matrix("denominator"),
            reasons,
            present,
        )


def compute_trend(
    history: pd.DataFrame, indicator: Indicator, period: str, area_ids: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Trend of each area over the latest ``trend_periods`` periods up to ``period``.

    With numerators and denominators in every used period: chi-square test
    for linear trend, significant at p < 0.05. Otherwise the plain change
    rule: the fitted change over the window relative to the mean level beyond
    ± tolerance. Fewer than three periods give no trend.

    Returns
    -------
    tuple of numpy.ndarray
        Direction (+1 rising, 0 stable, −1 falling, NaN none) and p-value
        (NaN for the change rule), one per id of ``area_ids``.
    """
    grid = Grid.from_obs(history)
    column = grid.periods.index(period)
    direction, pvalue = _trend(grid, indicator, column)
    index = pd.Index(grid.area_ids).get_indexer(pd.Index(area_ids))
    found = index >= 0
    return (np.where(found, direction[index], np.nan), np.where(found, pvalue[index], np.nan))


def _trend(grid: Grid, indicator: Indicator, column: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the trend of every area at ``column`` (cached: it does not depend on the method)."""
    key = (column, indicator.rule.trend_periods, indicator.rule.tolerance, indicator.kind.value)
    if key not in grid.trends:
        grid.trends[key] = _compute_trend(grid, indicator, column)
    return grid.trends[key]


def _compute_trend(grid: Grid, indicator: Indicator, column: int) -> tuple[np.ndarray, np.ndarray]:
    rule = indicator.rule
    first = max(0, column + 1 - rule.trend_periods)
    window = slice(first, column + 1)
    size = len(grid.area_ids)
    if column + 1 - first < 3:
        return np.full(size, np.nan), np.full(size, np.nan)
    values = grid.values[:, window]
    nums, dens = grid.numerators[:, window], grid.denominators[:, window]
    scores = np.array([period_key(p) for p in grid.periods[window]])
    enough = np.isfinite(values).sum(axis=1) >= 3
    counts = np.isfinite(nums) & np.isfinite(dens)
    use_test = (counts == np.isfinite(values)).all(axis=1) & counts.any(axis=1)
    use_test &= indicator.kind in (Kind.PROPORTION, Kind.RATE)
    z, p = stats.chi2_trend(nums, dens, scores)
    change = stats.relative_change(values, scores)
    tol = rule.tolerance
    by_test = np.where(p < 0.05, np.sign(z), 0.0)
    by_change = np.where(change > tol, 1.0, np.where(change < -tol, -1.0, 0.0))
    by_change = np.where(np.isnan(change), np.nan, by_change)
    direction = np.where(use_test & np.isfinite(z), by_test, by_change)
    direction = np.where(use_test & ~np.isfinite(z) & np.isfinite(change), 0.0, direction)
    direction = np.where(enough, direction, np.nan)
    pvalue = np.where(use_test & enough, p, np.nan)
    return direction, pvalue


def _frame(parts: list[dict[str, np.ndarray]]) -> pd.DataFrame:
    """Build one result frame from the per-period arrays (one DataFrame, not hundreds)."""
    if not parts:
        return pd.DataFrame(columns=list(RESULT_COLUMNS))
    return pd.DataFrame(
        {col: np.concatenate([p[col] for p in parts]) for col in RESULT_COLUMNS},
        columns=list(RESULT_COLUMNS),
    )


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
        :data:`RESULT_COLUMNS`, one row per area present in ``period``.
    """
    grid = Grid.from_obs(obs)
    return _frame([_classify_column(grid, indicator, grid.periods.index(period), method)])


def _classify_column(
    grid: Grid, indicator: Indicator, column: int, method: str | None
) -> dict[str, np.ndarray]:
    present = grid.present[:, column]
    area_ids = grid.area_ids[present]
    values = grid.values[present, column]
    nums = grid.numerators[present, column]
    dens = grid.denominators[present, column]
    rule = indicator.rule
    has_counts = bool(np.isfinite(nums).any() and np.isfinite(dens).any())
    chosen = method or default_method(indicator, has_counts=has_counts)
    cls = get_classifier(chosen)
    small = np.isfinite(dens) & (dens < rule.min_denominator)
    rated = np.isfinite(values) & ~small
    trend_all, p_all = _trend(grid, indicator, column)
    trend_dir, trend_p = trend_all[present], p_all[present]
    sample = Sample(
        indicator=indicator,
        values=values,
        numerators=nums,
        denominators=dens,
        rated=rated,
        city_value=city_value(indicator, values, nums, dens),
        trend_direction=trend_dir,
    )
    clf = cls(rule).fit(sample)
    rating, grade = _rating(clf.direction, indicator.polarity)
    from_clf = np.array(clf.not_rated, dtype=object)
    from_clf = np.where(pd.isna(from_clf), "missing", from_clf)
    reason = np.where(
        ~np.isfinite(values), "missing", np.where(small, "small_denominator", from_clf)
    ).astype(object)
    reason[np.isfinite(clf.direction)] = None
    not_rated = reason
    size = len(area_ids)
    return {
        "area_id": area_ids,
        "indicator": np.full(size, indicator.id, dtype=object),
        "period": np.full(size, grid.periods[column], dtype=object),
        "value": values,
        "numerator": nums,
        "denominator": dens,
        "city_value": np.full(size, sample.city_value),
        "ci_low": clf.ci_low,
        "ci_high": clf.ci_high,
        "method": np.full(size, chosen, dtype=object),
        "direction": clf.direction,
        "rating": rating,
        "grade": grade,
        "trend": _trend_labels(trend_dir, indicator.polarity),
        "trend_direction": trend_dir,
        "trend_p": trend_p,
        "missing_reason": grid.reasons[present, column],
        "not_rated": not_rated,
    }


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
    frames = []
    grouped = dict(tuple(obs.groupby("indicator", sort=False)))
    for ind_id in wanted:
        part = grouped.get(ind_id)
        if part is None:
            continue
        period = select_period(part["period"].tolist(), year)
        if period is None:
            continue
        chosen = (methods or {}).get(ind_id, method)
        grid = Grid.from_obs(part)
        frames.append(_classify_column(grid, catalog[ind_id], grid.periods.index(period), chosen))
    return _frame(frames)


def classify_all_periods(
    obs: pd.DataFrame, catalog: Catalog, *, method: str | None = None
) -> pd.DataFrame:
    """Rate every indicator in every period it has (for trends and benchmarks)."""
    frames = []
    for ind_id, part in obs.groupby("indicator", sort=False):
        grid = Grid.from_obs(part)
        indicator = catalog[str(ind_id)]
        frames += [_classify_column(grid, indicator, c, method) for c in range(len(grid.periods))]
    return _frame(frames)


def classify_methods(
    obs: pd.DataFrame, catalog: Catalog, methods: Sequence[str]
) -> dict[str, pd.DataFrame]:
    """Rate every indicator in every period with each of ``methods``.

    The indicator grids and the trends are computed once and shared by the
    methods, so comparing methods costs little more than one of them.
    """
    for method in methods:
        get_classifier(method)
    parts: dict[str, list[dict[str, np.ndarray]]] = {m: [] for m in methods}
    for ind_id, part in obs.groupby("indicator", sort=False):
        grid = Grid.from_obs(part)
        indicator = catalog[str(ind_id)]
        for column in range(len(grid.periods)):
            for method in methods:
                parts[method].append(_classify_column(grid, indicator, column, method))
    return {m: _frame(p) for m, p in parts.items()}
