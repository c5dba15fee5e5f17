"""Trends: Fingertips' recent-trend rule for every area and period of an indicator."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indicators import stats
from indicators.catalog import Indicator, Kind
from indicators.grid import Grid
from indicators.periods import period_key

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


def trends(grid: Grid, indicator: Indicator) -> TrendResult:
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
    # a composite is standardised in each period on its own: a change of its values is
    # no trend (its dynamics index measures change), so it has none
    full = np.isfinite(values).all(axis=0) & (indicator.kind is not Kind.COMPOSITE)
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
