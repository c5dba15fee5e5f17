"""Composite need indices: computed from the published components, per level and period.

A ``kind: composite`` indicator (:class:`indicators.catalog_composite.Composite`)
is computed as Berlin's Monitoring Soziale Stadtentwicklung computes its
Status-Index, for each level and period on its own:

1. the areas to rate: those with a value of every component, at least
   ``rule.min_population`` inhabitants (``rule.population``) and not declared
   outliers (``exclude``); the others are not rated, with their reason, and
   are not part of the standardisation;
2. each component oriented by its polarity, so that a high value points the
   way a high composite value points: for a composite with ``lower_is_better``
   (a need index) a high oriented value means more need — a ``higher_is_better``
   component is multiplied by −1, a ``lower_is_better`` one kept; components or
   composites without judgement are kept as delivered;
3. standardised over the rated areas (``z``: (x − mean) / sample SD, ddof 1 as
   in the MSS; ``rank``: percentile rank (r − 1) / (n − 1) × 100, ties share
   their mean rank; ``minmax``: (x − min) / (max − min) × 100); a component
   without spread contributes 0 (``z``) or 50;
4. weighted and summed; with ``restandardise`` z-standardised again, so the
   composite is in SD units around the mean of the rated areas.

A dynamics index (``change: {periods: N}``) does the same over the change of
each component from the period N − 1 steps earlier (in the periods all
components have) to the period it is shown for. Values delivered for a
composite id are replaced by the computed ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.catalog import Catalog, Indicator, Kind, Polarity
from indicators.catalog_composite import Composite
from indicators.periods import sort_periods

_OBS = ["area_id", "indicator", "period", "value", "numerator", "denominator", "missing_reason"]


@dataclass(frozen=True)
class CompositeResult:
    """One composite in one level and period.

    Attributes
    ----------
    value : pandas.Series
        Area id → composite value (NaN where not rated).
    reason : pandas.Series
        Area id → why it is not rated (a ``numbers.missing.*`` reason; None rated).
    inputs : pandas.DataFrame
        Areas × components: the component values (or changes) used.
    standardised : pandas.DataFrame
        Rated areas × components: oriented, standardised values.
    weights : pandas.Series
        Component → weight.
    """

    value: pd.Series
    reason: pd.Series
    inputs: pd.DataFrame
    standardised: pd.DataFrame
    weights: pd.Series

    @property
    def contributions(self) -> pd.DataFrame:
        """Return rated areas × components: weight × standardised value (before restandardising)."""
        return self.standardised * self.weights


def orientation(component: Indicator, composite: Indicator) -> int:
    """Return +1 when a high ``component`` value points the way a high composite value does, −1 not.

    Components or composites without judgement are kept as delivered (+1).
    """
    judged = (Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER)
    if component.polarity not in judged or composite.polarity not in judged:
        return 1
    return 1 if component.polarity is composite.polarity else -1


def standardise(values: pd.Series, how: str) -> pd.Series:
    """Return ``values`` standardised: ``z`` (sample SD), ``rank`` or ``minmax`` (0–100).

    Without spread (one value, or all equal) ``z`` gives 0 and the others 50.
    """
    n = int(values.notna().sum())
    if how == "z":
        sd = values.std(ddof=1) if n >= 2 else np.nan
        if not np.isfinite(sd) or sd == 0:
            return values * 0.0
        return (values - values.mean()) / sd
    if how == "rank":
        if n < 2:
            return values * 0.0 + 50.0
        return (values.rank(method="average") - 1) / (n - 1) * 100
    if how == "minmax":
        low, high = values.min(), values.max()
        if not high > low:
            return values * 0.0 + 50.0
        scaled: pd.Series = (values - low) / (high - low) * 100
        return scaled
    raise ValueError(f"unknown standardisation {how!r}; expected z, rank or minmax")


def compute(
    inputs: pd.DataFrame,
    spec: Composite,
    *,
    signs: Mapping[str, int],
    population: pd.Series | None = None,
    min_population: float = 0.0,
) -> CompositeResult:
    """Return the composite of one level and period from its component values.

    Parameters
    ----------
    inputs : pandas.DataFrame
        Areas (index: area id) × components (columns: ``spec.components``).
    spec : Composite
    signs : mapping
        Component → +1 or −1 (:func:`orientation`).
    population : pandas.Series, optional
        Area id → inhabitants; areas below ``min_population`` are not rated.
    min_population : float
    """
    inputs = inputs.reindex(columns=list(spec.components)).astype(float)
    reason = pd.Series(None, index=inputs.index, dtype=object)
    reason[inputs.isna().any(axis=1).to_numpy()] = "composite_component"
    if population is not None:
        pop = population.reindex(inputs.index).astype(float)
        reason[(pop < min_population).to_numpy()] = "composite_population"
    reason[inputs.index.isin(spec.exclude)] = "composite_outlier"
    rated = reason.isna().to_numpy().copy()
    if rated.sum() < 2:
        reason[rated] = "composite_too_few"
        rated[:] = False
    oriented = inputs[rated] * pd.Series(signs).reindex(inputs.columns).fillna(1)
    std = oriented.apply(lambda col: standardise(col, spec.standardise))
    weights = pd.Series(spec.weights, index=inputs.columns, dtype=float)
    total = (std * weights).sum(axis=1)
    if spec.restandardise and len(total):
        total = standardise(total, "z")
    value = pd.Series(np.nan, index=inputs.index, dtype=float)
    value[total.index] = total
    return CompositeResult(value, reason, inputs, std, weights)


def period_inputs(
    obs: pd.DataFrame, indicator: Indicator
) -> tuple[list[str], dict[str, pd.DataFrame]]:
    """Return the periods of a composite and per period its inputs (areas × components).

    A composite has the periods every component has; a dynamics index the
    latest of them from the N-th on, its inputs the changes from the period
    N − 1 steps earlier.
    """
    spec = _spec(indicator)
    part = obs[obs["indicator"].isin(spec.components)]
    part = part.assign(period=part["period"].astype(str), area_id=part["area_id"].astype(str))
    if not len(part):
        return [], {}
    keyed = part.drop_duplicates(["period", "area_id", "indicator"]).set_index(
        ["period", "area_id", "indicator"]
    )["value"]
    wide = keyed.astype(float).unstack("indicator").reindex(columns=list(spec.components))
    have = [set(part.loc[part["indicator"] == c, "period"].astype(str)) for c in spec.components]
    periods = sort_periods(sorted(set.intersection(*have)))
    frames: dict[str, pd.DataFrame] = {p: pd.DataFrame(wide.loc[p]) for p in periods}
    if not spec.is_dynamics:
        return periods, frames
    step = spec.change_periods - 1
    return periods[step:], {
        periods[i + step]: pd.DataFrame(frames[periods[i + step]] - frames[periods[i]])
        for i in range(len(periods) - step)
    }


def result(
    obs: pd.DataFrame, indicator: Indicator, catalog: Catalog, period: str
) -> CompositeResult | None:
    """Return the composite ``indicator`` in ``period`` from the observations of one level.

    None when the composite has no such period (a component lacks it).
    """
    return _results(obs, indicator, catalog, only=period).get(period)


def _results(
    obs: pd.DataFrame, indicator: Indicator, catalog: Catalog, *, only: str | None = None
) -> dict[str, CompositeResult]:
    """Return the composite in every period it has (or in ``only``), inputs pivoted once."""
    spec = _spec(indicator)
    periods, inputs = period_inputs(obs, indicator)
    signs = {c: orientation(catalog[c], indicator) for c in spec.components if c in catalog}
    return {
        period: compute(
            inputs[period],
            spec,
            signs=signs,
            population=_population(obs, indicator, period),
            min_population=indicator.rule.min_population,
        )
        for period in periods
        if only is None or period == only
    }


def _population(obs: pd.DataFrame, indicator: Indicator, period: str) -> pd.Series | None:
    pop_id = indicator.rule.population
    if not pop_id:
        return None
    rows = obs[(obs["indicator"] == pop_id) & (obs["period"].astype(str) == period)]
    return rows.drop_duplicates("area_id").set_index("area_id")["value"].astype(float)


def _spec(indicator: Indicator) -> Composite:
    if indicator.composite is None:
        raise ValueError(f"indicator {indicator.id!r} is no composite")
    return indicator.composite


def composite_rows(obs: pd.DataFrame, indicator: Indicator, catalog: Catalog) -> pd.DataFrame:
    """Return the observations of the composite ``indicator`` in every period it has."""
    frames = []
    for period, found in _results(obs, indicator, catalog).items():
        frames.append(
            pd.DataFrame(
                {
                    "area_id": found.value.index.astype(object),
                    "indicator": indicator.id,
                    "period": period,
                    "value": found.value.to_numpy(dtype=float),
                    "numerator": np.nan,
                    "denominator": np.nan,
                    "missing_reason": found.reason.to_numpy(dtype=object),
                }
            )
        )
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=_OBS)


def add_composites(obs: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Return the observations of one level with every composite of ``catalog`` computed.

    Composites of composites are computed after their components; rows
    delivered for a composite id are replaced. Without composites ``obs`` is
    returned as it is.
    """
    order = composite_order(catalog)
    if not order:
        return obs
    out = obs[~obs["indicator"].isin(order)]
    for ind_id in order:
        rows = composite_rows(out, catalog[ind_id], catalog)
        if len(rows):
            rows = rows.astype({"value": float, "numerator": float, "denominator": float})
            out = pd.concat([out, rows[list(obs.columns)]], ignore_index=True)
    return out.reset_index(drop=True)


def composite_order(catalog: Catalog) -> list[str]:
    """Return the ids of the composites, each after the composites among its components."""
    done: list[str] = []

    def visit(ind_id: str) -> None:
        ind = catalog[ind_id]
        if ind_id in done or ind.composite is None:
            return
        for ref in ind.composite.components:
            if ref in catalog:
                visit(ref)
        done.append(ind_id)

    for ind_id, ind in catalog.items():
        if ind.kind is Kind.COMPOSITE:
            visit(ind_id)
    return done
