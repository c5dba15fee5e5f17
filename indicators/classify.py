"""The Ampel classifier: green / yellow / red (grey = not rated) per area.

Rating one indicator runs in phases, each in its own module: the
observations are pivoted into areas × periods matrices (:mod:`indicators.grid`),
the city value is computed (:mod:`indicators.city`) and the trend
(:mod:`indicators.trend`), small numbers are left out, a rating method
(:mod:`indicators.methods`) turns every area into a ``direction`` — +1 (+2)
when it lies (far) above the reference, −1 (−2) below, 0 similar, NaN when not
rated — and polarity turns direction into a rating (:mod:`indicators.results`):
for a "higher is better" indicator +1 is green, for "lower is better" it is
red, and for "no judgement" indicators it is a neutral "higher"/"lower" grade,
never red or green. This module runs the phases.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from indicators import methods as rating_methods
from indicators import results
from indicators.catalog import Catalog, Indicator, Kind
from indicators.city import CITY_KINDS, CityReference, city_reference
from indicators.grid import Grid, aligned, pivot
from indicators.periods import matches_year, sort_periods
from indicators.policy import Policy
from indicators.trend import TrendResult, trends


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
class _Context:
    """What rating one indicator needs beyond its own grid."""

    policy: Policy
    grids: Mapping[str, Grid]
    totals: Mapping[tuple[str, str], float]
    city: Mapping[tuple[str, str], tuple[float, str, float, float]]


def _reference(grid: Grid, indicator: Indicator, ctx: _Context) -> CityReference:
    """Return the city reference of every period of ``grid`` (precomputed values win)."""
    weights = aligned(ctx.grids.get(indicator.weight), grid) if indicator.weight else None
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
    own = indicator.rule.small_numerator
    limit = ctx.policy.small_numerator if own is None else own
    small_num = (limit > 0) & np.isfinite(nums) & (nums >= 1) & (nums < limit)
    small_den = np.isfinite(dens) & (dens < indicator.rule.min_denominator) & ~small_num
    small_pop = np.zeros(nums.shape, dtype=bool)
    pop_id = indicator.rule.population or ctx.policy.population
    if pop_id and pop_id != indicator.id:
        population = aligned(ctx.grids.get(pop_id), grid)
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
        :data:`~indicators.results.RESULT_COLUMNS`, one row per area present in ``period``; the
        label columns are categoricals.
    """
    grid = Grid.from_obs(obs)
    ctx = _Context(policy or Policy(), {indicator.id: grid}, {}, {})
    return results.frame(
        [_classify_grid(grid, indicator, [grid.periods.index(period)], method, ctx)]
    )


@dataclass(frozen=True)
class _Cells:
    """One indicator's chosen period columns, ready to be fitted."""

    grid: Grid
    indicator: Indicator
    cols: list[int]
    sel: Any
    values: np.ndarray
    nums: np.ndarray
    dens: np.ndarray
    rated: np.ndarray
    city: np.ndarray
    judged: np.ndarray


def _classify_grid(
    grid: Grid,
    indicator: Indicator,
    columns: Sequence[int],
    method: str | None,
    ctx: _Context,
) -> results.Part:
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
    counted = np.isfinite(nums) & np.isfinite(dens)
    trend = trends(grid, indicator)
    small = _small_numbers(grid, indicator, ctx, sel)
    rated = np.isfinite(values) & ~np.logical_or.reduce(list(small.values()))
    ref = _reference(grid, indicator, ctx)
    # the method may differ per period: the default depends on whether counts exist
    chosen = [
        method or default_method(indicator, has_counts=bool(counted[present[:, j], j].any()))
        for j in range(len(cols))
    ]
    cells = _Cells(
        grid, indicator, cols, sel, values, nums, dens, rated, ref.value[sel], trend.judged[:, sel]
    )
    fit, confidence, reason_if_unusable = _fit(cells, chosen, ctx.policy)
    codes = results.not_rated_codes()
    not_rated = np.where(fit.unusable, reason_if_unusable[np.newaxis, :], codes["missing"])
    for key in ("small_population", "small_denominator", "small_numerator"):
        not_rated = np.where(small[key], codes[key], not_rated)
    not_rated = np.where(~np.isfinite(values), codes["missing"], not_rated).astype(np.int8)
    not_rated[np.isfinite(fit.direction)] = -1
    method_codes = np.array([rating_methods.names().index(c) for c in chosen], dtype=np.int8)
    extra = {"confidence": confidence, "method": method_codes, "not_rated": not_rated}
    return _part(cells, fit, ref, trend, extra)


def _fit(
    cells: _Cells, chosen: list[str], policy: Policy
) -> tuple[rating_methods.Fit, np.ndarray, np.ndarray]:
    """Fit each chosen method on its columns.

    Returns the joined fit, the confidence level of every cell and each
    column's reason for unusable cells (a code into
    :func:`indicators.results.not_rated_labels`).
    """
    shape = cells.values.shape
    out = rating_methods.Fit.of(np.full(shape, np.nan))
    confidence = np.full(shape, np.nan)
    codes = results.not_rated_codes()
    reason_if_unusable = np.full(len(cells.cols), codes["missing"], dtype=np.int8)
    for name in dict.fromkeys(chosen):
        j = np.array([k for k, c in enumerate(chosen) if c == name])
        sample = rating_methods.Sample(
            indicator=cells.indicator,
            values=cells.values[:, j],
            numerators=cells.nums[:, j],
            denominators=cells.dens[:, j],
            rated=cells.rated[:, j],
            city_value=cells.city[j],
            trend_direction=cells.judged[:, j],
        )
        fit = rating_methods.get(name)(cells.indicator.rule, policy).fit(sample)
        for attr in ("direction", "ci_low", "ci_high", "lower_limit", "upper_limit", "unusable"):
            getattr(out, attr)[:, j] = getattr(fit, attr)
        confidence[:, j] = fit.confidence
        if fit.unusable_reason:
            reason_if_unusable[j] = codes[fit.unusable_reason]
    return out, confidence, reason_if_unusable


def _part(
    cells: _Cells,
    fit: rating_methods.Fit,
    ref: CityReference,
    trend: TrendResult,
    extra: Mapping[str, np.ndarray],
) -> results.Part:
    """Return the result part of one indicator: observed cells become rows, period-major.

    ``extra`` holds the cells' ``confidence`` and ``not_rated`` codes and the
    ``method`` code of every column.
    """
    grid, indicator, sel = cells.grid, cells.indicator, cells.sel
    keep = grid.present[:, sel].T
    col_of_row = np.repeat(np.arange(len(cells.cols)), keep.sum(axis=1))
    area_codes = np.broadcast_to(np.arange(len(grid.area_ids)), keep.shape)[keep]
    rating, grade = results.rating_codes(fit.direction, indicator.polarity)
    columns = {
        "area_id": area_codes,
        "indicator": np.zeros(len(area_codes), dtype=np.int8),
        "period": col_of_row,
        "value": cells.values,
        "numerator": cells.nums,
        "denominator": cells.dens,
        "city_value": cells.city[col_of_row],
        "city_value_kind": ref.kind[sel][col_of_row],
        "city_n": ref.used[sel][col_of_row],
        "city_of": ref.of[sel][col_of_row],
        "ci_low": fit.ci_low,
        "ci_high": fit.ci_high,
        "confidence": extra["confidence"],
        "lower_limit": fit.lower_limit,
        "upper_limit": fit.upper_limit,
        "method": extra["method"][col_of_row],
        "direction": fit.direction,
        "rating": rating,
        "grade": grade,
        "trend": results.trend_codes(cells.judged, indicator.polarity),
        "trend_direction": results.direction_codes(trend.slope[:, sel]),
        "trend_method": trend.method[:, sel],
        "trend_start": trend.start[:, sel],
        "trend_p": trend.pvalue[:, sel],
        "trend_change": trend.change[:, sel],
        "missing_reason": grid.reasons[:, sel],
        "not_rated": extra["not_rated"],
    }
    labels: dict[str, Sequence[str] | np.ndarray] = {
        "area_id": grid.area_ids,
        "indicator": [indicator.id],
        "period": [grid.periods[c] for c in cells.cols],
        "trend_start": grid.periods,
        "missing_reason": grid.reason_labels,
    }
    return results.Part(keep=keep, columns=columns, labels=labels)


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
    """Return the city value of every indicator and period (:func:`indicators.city.city_reference`).

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
    grids = pivot(obs) if len(obs) else {}
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


def classify(  # noqa: PLR0913 - the one entry point; all options keyword-only
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
        :data:`~indicators.results.RESULT_COLUMNS` for all indicators, in catalogue order.
    """
    if method is not None:
        rating_methods.get(method)
    wanted = indicators if indicators is not None else list(catalog)
    # the indicators asked for and those they refer to (weights, populations)
    needed = set(wanted) | {(policy or Policy()).population or ""}
    for ind_id in wanted:
        if ind_id in catalog:
            needed |= {catalog[ind_id].weight, catalog[ind_id].rule.population or ""}
    part = obs if indicators is None else obs[obs["indicator"].isin(needed)]
    grids = pivot(part) if len(part) else {}
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
    return results.frame(parts)


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
            rating_methods.get(method)
    grids = pivot(obs) if len(obs) else {}
    ctx = _context(grids, policy=policy, totals=None, city=None)
    # one method at a time: only one method's intermediate arrays are alive at once
    return {
        method: results.frame(
            [
                _classify_grid(grid, catalog[ind_id], range(len(grid.periods)), method, ctx)
                for ind_id, grid in grids.items()
            ]
        )
        for method in methods
    }
