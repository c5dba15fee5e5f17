"""The city value every area is compared with, and how it was computed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indicators.catalog import Indicator, Kind

#: How the city value was computed (see :func:`city_reference`).
CITY_KINDS: tuple[str, ...] = ("pooled", "total_row", "weighted_mean", "mean", "sum")


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
