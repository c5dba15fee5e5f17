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
from collections.abc import Mapping
from dataclasses import dataclass
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
        low, high = interval(sample.numerators, sample.denominators, confidence=confidence)
        mult = sample.indicator.multiplier
        return low * mult, high * mult

    def _direction(self, sample: Sample) -> np.ndarray:
        has_counts = np.isfinite(sample.numerators) & (sample.denominators > 0)
        self.not_rated = [None if ok else "no_counts" for ok in has_counts]
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
        self.not_rated = [None if np.isfinite(d) else "no_trend" for d in sample.trend_direction]
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
        (NaN for the change rule).
    """
    rule = indicator.rule
    key = period_key(period)
    window = [p for p in sort_periods(history["period"]) if period_key(p) <= key]
    window = window[-rule.trend_periods :]
    size = len(area_ids)
    if len(window) < 3:
        return np.full(size, np.nan), np.full(size, np.nan)
    part = history[history["period"].isin(window)]

    def grid(col: str) -> np.ndarray:
        table = part.pivot(index="area_id", columns="period", values=col)
        return table.reindex(index=area_ids, columns=window).to_numpy(dtype=float)

    values, nums, dens = grid("value"), grid("numerator"), grid("denominator")
    scores = np.array([period_key(p) for p in window])
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
    current = obs[obs["period"] == period].sort_values("area_id")
    area_ids = current["area_id"].tolist()
    values = current["value"].to_numpy(dtype=float)
    nums = current["numerator"].to_numpy(dtype=float)
    dens = current["denominator"].to_numpy(dtype=float)
    rule = indicator.rule
    has_counts = bool(np.isfinite(nums).any() and np.isfinite(dens).any())
    chosen = method or default_method(indicator, has_counts=has_counts)
    cls = get_classifier(chosen)
    small = np.isfinite(dens) & (dens < rule.min_denominator)
    rated = np.isfinite(values) & ~small
    trend_dir, trend_p = compute_trend(obs, indicator, period, area_ids)
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
    not_rated = [
        None
        if r
        else "missing"
        if not has_value
        else "small_denominator"
        if s
        else (clf_reason or "missing")
        for r, has_value, s, clf_reason in zip(
            np.isfinite(clf.direction), np.isfinite(values), small, clf.not_rated, strict=True
        )
    ]
    return pd.DataFrame(
        {
            "area_id": area_ids,
            "indicator": indicator.id,
            "period": period,
            "value": values,
            "numerator": nums,
            "denominator": dens,
            "city_value": sample.city_value,
            "ci_low": clf.ci_low,
            "ci_high": clf.ci_high,
            "method": chosen,
            "direction": clf.direction,
            "rating": rating,
            "grade": grade,
            "trend": _trend_labels(trend_dir, indicator.polarity),
            "trend_direction": trend_dir,
            "trend_p": trend_p,
            "missing_reason": current["missing_reason"].to_numpy(dtype=object),
            "not_rated": np.array(not_rated, dtype=object),
        },
        columns=list(RESULT_COLUMNS),
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
        frames.append(classify_indicator(part, catalog[ind_id], period, method=chosen))
    if not frames:
        return pd.DataFrame(columns=list(RESULT_COLUMNS))
    return pd.concat(frames, ignore_index=True)


def classify_all_periods(
    obs: pd.DataFrame, catalog: Catalog, *, method: str | None = None
) -> pd.DataFrame:
    """Rate every indicator in every period it has (for trends and benchmarks)."""
    frames = [
        classify_indicator(part, catalog[str(ind_id)], period, method=method)
        for ind_id, part in obs.groupby("indicator", sort=False)
        for period in sort_periods(part["period"])
    ]
    return (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=list(RESULT_COLUMNS))
    )
