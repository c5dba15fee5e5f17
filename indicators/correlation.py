"""Interactions ("Wechselwirkungen"): how indicators go together over the areas of one level.

The values are those of the heatmap (:func:`indicators.heatmap.heatmap_matrix`):
one period per indicator, cells the rating leaves grey (small numbers,
suppressed values) left out; the indicators come in the heatmap's clustered
column order, so the correlation matrix reads like the heatmap beside it.
The values are the raw ones (not oriented): a positive r means both are high
in the same areas.

Pearson's r measures a straight-line relation, Spearman's ρ (Pearson's r of
the ranks, ties at their mean rank) any monotone one. Each pair uses the
areas that have both values (pairwise ``n``); with fewer than
:data:`MIN_PAIRS` areas r is not computed.

The interval of one r is Fisher's z: ``z = atanh(r)``, ``z ± q / sqrt(n - 3)``
with ``q`` the standard normal quantile (1.96 for 95 %), back with ``tanh``;
for Spearman's ρ the standard error is ``sqrt(1.06 / (n - 3))`` (Fieller,
Hartley and Pearson 1957). Both are approximations for areas drawn at random,
which areas of one city are not: read them as the uncertainty of the
relation, not as a test.

An ecological correlation describes areas, not people: a district with many
children in SGB II and many early school leavers does not say that the
children in SGB II are the ones who leave early. And a correlation is no cause.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
import pandas as pd
from scipy import stats

from indicators.errors import BildungsampelError
from indicators.heatmap import HeatmapData

Method = Literal["pearson", "spearman"]
#: The correlation coefficients offered, Pearson first.
METHODS: tuple[Method, ...] = get_args(Method)
#: Fewest areas with both values for an r (and 4 for its interval: n − 3 > 0).
MIN_PAIRS = 3


def as_method(name: str) -> Method:
    """Return ``name`` as a correlation method, or raise naming the valid ones.

    Examples
    --------
    >>> as_method("spearman")
    'spearman'
    """
    if name not in METHODS:
        raise BildungsampelError("correlation.unknown_method", name=name, known=", ".join(METHODS))
    return name


def values_of(matrix: HeatmapData) -> pd.DataFrame:
    """Return areas × indicators of the heatmap: raw values, not-rated cells as NaN.

    Columns in the heatmap's (clustered) order.
    """
    excluded = matrix.excluded.reindex_like(matrix.raw).fillna(False).astype(bool)
    out: pd.DataFrame = matrix.raw.where(~excluded)
    return out


def correlation_matrix(values: pd.DataFrame, *, method: Method = "pearson") -> pd.DataFrame:
    """Return every pair of indicators with r and pairwise n, in the columns' order.

    Parameters
    ----------
    values : pandas.DataFrame
        Areas × indicators (NaN: no value), e.g. :func:`values_of`.
    method : {"pearson", "spearman"}

    Returns
    -------
    pandas.DataFrame
        One row per ordered pair (``x``, ``y``, all combinations, the diagonal
        included): ``x``, ``y``, ``x_pos``, ``y_pos`` (positions in the
        order), ``r`` (NaN with fewer than :data:`MIN_PAIRS` areas or a
        constant column) and ``n`` (areas with both values).
    """
    as_method(method)
    cols = list(values.columns)
    data = values.astype(float)
    r = data.corr(method=method, min_periods=MIN_PAIRS).reindex(index=cols, columns=cols)
    present = data.notna().to_numpy(dtype=float)
    n = present.T @ present
    k = len(cols)
    return pd.DataFrame(
        {
            "x": np.repeat(np.asarray(cols, dtype=object), k),
            "y": np.tile(np.asarray(cols, dtype=object), k),
            "x_pos": np.repeat(np.arange(k), k),
            "y_pos": np.tile(np.arange(k), k),
            "r": r.to_numpy(dtype=float).ravel(),
            "n": n.astype(int).ravel(),
        }
    )


def fisher_interval(
    r: float, n: int, *, method: Method = "pearson", level: float = 0.95
) -> tuple[float, float]:
    """Return the interval of a correlation ``r`` from ``n`` pairs (Fisher's z).

    NaN, NaN for fewer than 4 pairs or a missing ``r``; ±1 stays ±1.

    Examples
    --------
    >>> lo, hi = fisher_interval(0.5, 28)
    >>> round(lo, 3), round(hi, 3)
    (0.156, 0.736)
    """
    as_method(method)
    if n <= MIN_PAIRS or not math.isfinite(r):
        return math.nan, math.nan
    if abs(r) >= 1:
        return r, r
    spread = 1.06 if method == "spearman" else 1.0
    half = float(stats.norm.ppf(0.5 + level / 2)) * math.sqrt(spread / (n - 3))
    z = math.atanh(r)
    return math.tanh(z - half), math.tanh(z + half)


@dataclass(frozen=True)
class Pair:
    """Two indicators over the areas that have both: r, its interval and the OLS line.

    Attributes
    ----------
    x, y : str
        Indicator ids.
    method : {"pearson", "spearman"}
    r : float
        The coefficient (NaN when it cannot be computed).
    n : int
        Areas with both values.
    low, high : float
        Its interval (:func:`fisher_interval`, 95 %).
    slope, intercept : float
        Least-squares line ``y = intercept + slope × x`` of the raw values
        (NaN with fewer than two distinct x).
    """

    x: str
    y: str
    method: Method
    r: float
    n: int
    low: float
    high: float
    slope: float
    intercept: float


def pair(values: pd.DataFrame, x: str, y: str, *, method: Method = "pearson") -> Pair:
    """Return r, its 95 % interval and the regression line of ``y`` on ``x``.

    Parameters
    ----------
    values : pandas.DataFrame
        Areas × indicators, e.g. :func:`values_of`.
    x, y : str
        Columns of ``values``.
    method : {"pearson", "spearman"}
    """
    as_method(method)
    for name in (x, y):
        if name not in values.columns:
            raise BildungsampelError(
                "correlation.unknown_indicator", name=name, known=", ".join(map(str, values))
            )
    both = values[[x, y]].astype(float).dropna() if x != y else values[[x]].dropna()
    xs = both[x].to_numpy()
    ys = both[y].to_numpy() if x != y else xs
    n = len(xs)
    r = math.nan
    if n >= MIN_PAIRS and np.ptp(xs) > 0 and np.ptp(ys) > 0:
        fn = stats.spearmanr if method == "spearman" else stats.pearsonr
        r = float(fn(xs, ys)[0])
    slope = intercept = math.nan
    if n >= 2 and np.ptp(xs) > 0:
        slope, intercept = (float(v) for v in np.polyfit(xs, ys, 1))
    low, high = fisher_interval(r, n, method=method)
    return Pair(x, y, method, r, n, low, high, slope, intercept)
