"""One indicator's observations as areas × periods matrices, pivoted once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from indicators.periods import period_key, sort_periods

if TYPE_CHECKING:
    from indicators.trend import TrendResult


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
        return next(iter(pivot(obs).values()))


def pivot(obs: pd.DataFrame) -> dict[str, Grid]:
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


def aligned(source: Grid | None, target: Grid) -> np.ndarray | None:
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
