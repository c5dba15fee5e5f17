"""Statistical building blocks, vectorised over areas.

Intervals are the closed forms PHEindicatormethods uses: Wilson's score
interval for proportions and the exact (Garwood) interval for counts via the
chi-square quantiles (``scipy.special``: ``gammaincinv`` is the chi-square
quantile ``qchisq(p, 2k) / 2``, ``ndtri`` and ``ndtr`` the normal's; the light
special-function module instead of ``scipy.stats``/statsmodels keeps a cold
page start a few seconds shorter). The tests cross-check both against
statsmodels and ``scipy.stats``. The chi-square test for linear trend is written out
in array form because it runs for every area at once; the tests cross-check it
against statsmodels' ``Table.test_ordinal_association``.
"""

from __future__ import annotations

import numpy as np
from scipy import special


def wilson_interval(
    numerator: np.ndarray, denominator: np.ndarray, *, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a proportion, as fractions (0..1).

    Parameters
    ----------
    numerator, denominator : numpy.ndarray
        Counts; entries with a denominator ≤ 0 or NaN give NaN.
    confidence : float
        Two-sided confidence level.

    Returns
    -------
    tuple of numpy.ndarray
        Lower and upper limits.
    """
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    ok = np.isfinite(num) & np.isfinite(den) & (den > 0)
    low = np.full(num.shape, np.nan)
    high = np.full(num.shape, np.nan)
    if ok.any():
        r, n = num[ok], den[ok]
        z = special.ndtri(1 - (1 - confidence) / 2)
        p = r / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        low[ok], high[ok] = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
    return low, high


def poisson_interval(
    numerator: np.ndarray, denominator: np.ndarray, *, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) interval of a rate of counts: events / person-time.

    Parameters
    ----------
    numerator : numpy.ndarray
        Event counts.
    denominator : numpy.ndarray
        Population or person-time; the interval is for ``numerator / denominator``.
    confidence : float
        Two-sided confidence level.

    Returns
    -------
    tuple of numpy.ndarray
        Lower and upper limits of the rate (not multiplied).
    """
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    alpha = 1 - confidence
    # the chi-square quantiles depend on the count only: compute them once per distinct count
    counts, inverse = np.unique(num, return_inverse=True)
    inverse = inverse.reshape(num.shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        low = np.where(counts > 0, special.gammaincinv(np.maximum(counts, 1), alpha / 2), 0.0)
        low = low[inverse]
        high = special.gammaincinv(counts + 1, 1 - alpha / 2)[inverse]
        bad = ~(np.isfinite(num) & np.isfinite(den) & (den > 0))
        low = np.where(bad, np.nan, low / den)
        high = np.where(bad, np.nan, high / den)
    return low, high


def _trend_terms(
    numerators: np.ndarray, denominators: np.ndarray, scores: np.ndarray, axis: int
) -> tuple[np.ndarray, ...]:
    """Return the sums both trend tests share: enough periods, Σx, Σn, score statistic, Var(t).

    The score statistic is ``Σ x·t − Σx · t̄`` with ``t̄`` weighted by the
    denominators; NaN or non-positive denominators leave a period out.
    """
    x = np.asarray(numerators, dtype=float)
    n = np.asarray(denominators, dtype=float)
    ok = np.isfinite(x) & np.isfinite(n) & (n > 0)
    x = np.where(ok, x, 0.0)
    n = np.where(ok, n, 0.0)
    t = np.broadcast_to(np.asarray(scores, dtype=float), x.shape)
    total_n = n.sum(axis=axis)
    total_x = x.sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        t_mean = (n * t).sum(axis=axis) / total_n
        stat = (x * t).sum(axis=axis) - total_x * t_mean
        var_t = (n * t**2).sum(axis=axis) / total_n - t_mean**2
    return ok.sum(axis=axis) >= 2, total_x, total_n, stat, var_t


def chi2_trend(
    numerators: np.ndarray, denominators: np.ndarray, scores: np.ndarray, *, axis: int = -1
) -> tuple[np.ndarray, np.ndarray]:
    """Chi-square test for linear trend in proportions, one test per row.

    This is the linear-by-linear association test (Cochran–Armitage with the
    ``N − 1`` variance of the permutation distribution, as statsmodels
    computes it) on the 2 × k table of events and non-events per period.

    Parameters
    ----------
    numerators, denominators : numpy.ndarray
        Periods along ``axis`` (default the last): one test per row; NaN marks
        a missing period (left out).
    scores : numpy.ndarray
        The period positions (e.g. years), broadcast against the counts.
    axis : int
        The axis along which the periods run.

    Returns
    -------
    tuple of numpy.ndarray
        Signed z statistic (positive: proportion rising) and two-sided p-value
        per row; NaN where fewer than two periods have counts or nothing varies.
    """
    enough, total_x, total_n, stat, var_t = _trend_terms(numerators, denominators, scores, axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = total_x / total_n
        variance = p * (1 - p) * total_n * var_t * total_n / (total_n - 1)
        z = stat / np.sqrt(variance)
    z = np.where(enough & (variance > 0), z, np.nan)
    pvalue = 2 * special.ndtr(-np.abs(z))
    return z, pvalue


def poisson_trend(
    numerators: np.ndarray, denominators: np.ndarray, scores: np.ndarray, *, axis: int = -1
) -> tuple[np.ndarray, np.ndarray]:
    """Score test for a log-linear trend in rates of counts, one test per row.

    The score (Rao) test of the slope in a Poisson regression of the events
    on the period scores with the population as exposure
    (``log E[x] = a + b·t + log n``), evaluated at ``b = 0``: the analogue of
    :func:`chi2_trend` for rates that are not shares (a rate may exceed its
    multiplier, e.g. more than 1,000 visits per 1,000 inhabitants).

    Parameters
    ----------
    numerators, denominators : numpy.ndarray
        Events and population per period along ``axis``; NaN marks a missing period.
    scores : numpy.ndarray
        The period positions, broadcast against the counts.
    axis : int
        The axis along which the periods run.

    Returns
    -------
    tuple of numpy.ndarray
        Signed z statistic (positive: rate rising; ``z**2`` is the chi-square
        statistic with 1 degree of freedom) and two-sided p-value per row;
        NaN where fewer than two periods have counts or nothing varies.
    """
    enough, total_x, _, stat, var_t = _trend_terms(numerators, denominators, scores, axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        variance = total_x * var_t
        z = stat / np.sqrt(variance)
    z = np.where(enough & (variance > 0), z, np.nan)
    return z, 2 * special.ndtr(-np.abs(z))


#: Fingertips' critical value of the chi-square test for trend: 99.8 % with 1 degree of freedom.
TREND_CHI2_CRITICAL = 9.5495


def expected_chance_findings(tests: int, confidence: float) -> float:
    """Return how many of ``tests`` independent tests are "significant" by chance alone.

    With no real difference anywhere, each two-sided test at ``confidence``
    flags a difference with probability ``1 − confidence``: 306 tests at 95 %
    give about 15 chance findings, at 99.8 % about 0.6.
    """
    return float(tests) * (1.0 - confidence)


def relative_change(values: np.ndarray, scores: np.ndarray, *, axis: int = -1) -> np.ndarray:
    """Fitted change over the window relative to the mean level, one per row.

    A least-squares line through the available periods; its rise from the
    first to the last period divided by the absolute mean value. NaN where
    fewer than two periods have values or the mean is 0.
    """
    y = np.asarray(values, dtype=float)
    t = np.broadcast_to(np.asarray(scores, dtype=float), y.shape)
    ok = np.isfinite(y)
    w = ok.astype(float)
    count = w.sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        t_mean = (w * t).sum(axis=axis) / count
        y_mean = np.where(ok, y, 0).sum(axis=axis) / count
        dt = np.where(ok, t - np.expand_dims(t_mean, axis), 0)
        dy = np.where(ok, y - np.expand_dims(y_mean, axis), 0)
        slope = (dt * dy).sum(axis=axis) / (dt**2).sum(axis=axis)
        span = np.where(ok, t, -np.inf).max(axis=axis) - np.where(ok, t, np.inf).min(axis=axis)
        change = slope * span / np.abs(y_mean)
    return np.where((count >= 2) & (y_mean != 0), change, np.nan)
