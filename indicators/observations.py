"""Observations: the tidy table of indicator values per area and period.

Columns (see ``docs/DATA.md``):

``area_id`` (str), ``indicator`` (str), ``period`` (str label, "2023" or
"2022/23"), ``value`` (float, in the indicator's unit), ``numerator`` and
``denominator`` (float, optional), ``missing_reason`` (str or None).

A missing value keeps its reason and is never turned into 0. Tables are read
into observations by :mod:`indicators.importer` (the one import path); this
module is the shared model they end in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from indicators.catalog import Catalog
from indicators.errors import ObservationError
from indicators.periods import normalize_period, period_key

OBS_COLUMNS: tuple[str, ...] = (
    "area_id",
    "indicator",
    "period",
    "value",
    "numerator",
    "denominator",
    "missing_reason",
)


def map_distinct(values: pd.Series | np.ndarray, func: Callable[[Any], Any]) -> np.ndarray:
    """Apply ``func`` once per distinct value of ``values`` and spread the results.

    Long tables repeat the same ids, indicators and periods many times; this
    keeps per-value Python work proportional to the distinct values.

    Returns
    -------
    numpy.ndarray of object
        ``func(v)`` for every entry, in order. Missing entries (None, NaN)
        get ``func`` of the first of them.
    """
    codes, uniques = pd.factorize(values)
    results = [func(u) for u in uniques]
    gaps = np.flatnonzero(codes < 0)
    results.append(func(np.asarray(values, dtype=object)[gaps[0]]) if len(gaps) else None)
    table = np.empty(len(results), dtype=object)
    table[:] = results
    spread: np.ndarray = table[codes]
    return spread


def normalize_observations(frame: pd.DataFrame) -> pd.DataFrame:
    """Check and normalise an observations frame.

    Ids become strings (leading zeros kept), periods canonical labels, values
    floats; a row without value, numerator and denominator gets the reason
    ``"missing"``. Duplicate area/indicator/period rows are an error.

    Parameters
    ----------
    frame : pandas.DataFrame
        At least ``area_id``, ``indicator``, ``period`` and ``value``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`OBS_COLUMNS`, sorted by indicator, period, area.
    """
    missing = [c for c in ("area_id", "indicator", "period", "value") if c not in frame.columns]
    if missing:
        raise ObservationError(
            "observations.columns_missing",
            missing=", ".join(missing),
            found=", ".join(frame.columns),
        )
    out = pd.DataFrame(
        {
            "area_id": map_distinct(frame["area_id"], _id_text),
            "indicator": map_distinct(frame["indicator"], lambda i: str(i).strip()),
            "period": map_distinct(frame["period"], normalize_period),
        },
        index=frame.index,
    )
    for col in ("value", "numerator", "denominator"):
        out[col] = pd.to_numeric(frame[col], errors="raise") if col in frame else np.nan
        out[col] = out[col].astype(float)
    reasons = (
        frame["missing_reason"] if "missing_reason" in frame else pd.Series(None, index=frame.index)
    )
    reasons = reasons.where(reasons.notna() & (reasons.astype(str) != ""), None)
    no_data = out["value"].isna() & (out["numerator"].isna() | out["denominator"].isna())
    out["missing_reason"] = reasons.where(~no_data | reasons.notna(), "missing").astype(object)
    out.loc[~no_data, "missing_reason"] = None
    out["period"] = out["period"].astype(object)
    dup = out.duplicated(["area_id", "indicator", "period"], keep=False)
    if dup.any():
        first = out[dup].iloc[0]
        raise ObservationError(
            "observations.repeated",
            n=int(dup.sum()),
            area_id=first.area_id,
            indicator=first.indicator,
            period=first.period,
        )
    out["_key"] = map_distinct(out["period"], period_key).astype(float)
    out = out.sort_values(["indicator", "_key", "area_id"]).drop(columns="_key")
    return out.reset_index(drop=True)[list(OBS_COLUMNS)]


def _id_text(raw: object) -> str:
    """Ids are strings; a float id read from a spreadsheet loses its ``.0``."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def complete_values(obs: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Fill ``value`` from numerator/denominator × multiplier where it is missing.

    A rate with a catalogue ``denominator`` (Kitas per 1,000 inhabitants) is
    delivered as its count (the numerator); its denominator is the value of the
    denominator indicator for the same area and period in ``obs``.

    Parameters
    ----------
    obs : pandas.DataFrame
        Normalised observations.
    catalog : Catalog
        Supplies the multiplier and denominator indicator per indicator.

    Returns
    -------
    pandas.DataFrame
        A copy; rows with a zero denominator stay missing (reason ``"missing"``),
        counts of a derived rate without a positive denominator value too
        (reason ``"no_denominator"``).
    """
    unknown = sorted(set(pd.unique(obs["indicator"])) - set(catalog))
    if unknown:
        raise ObservationError("observations.unknown_indicators", unknown=", ".join(unknown))
    out = obs.copy()
    derived = join_denominators(out, catalog)
    mult = pd.Series(
        map_distinct(out["indicator"], lambda i: catalog[i].multiplier).astype(float),
        index=out.index,
    )
    fill = out["value"].isna() & out["numerator"].notna() & (out["denominator"] > 0)
    out.loc[fill, "value"] = out.loc[fill, "numerator"] / out.loc[fill, "denominator"] * mult[fill]
    out.loc[fill, "missing_reason"] = None
    out.loc[derived & out["value"].isna(), "missing_reason"] = "no_denominator"
    still = out["value"].isna() & out["missing_reason"].isna()
    out.loc[still, "missing_reason"] = "missing"
    return out


def join_denominators(obs: pd.DataFrame, catalog: Catalog) -> pd.Series:
    """Set the denominator of derived-rate counts from their denominator indicator, in place.

    A row of an indicator with a catalogue ``denominator`` that has a numerator
    but neither value nor denominator gets the value of the denominator
    indicator for the same area and period (NaN where there is none).

    Returns
    -------
    pandas.Series of bool
        The rows that needed a denominator (whether one was found or not).
    """
    refs = {i: catalog[i].denominator for i in pd.unique(obs["indicator"]) if i in catalog}
    ref = pd.Series(map_distinct(obs["indicator"], lambda i: refs.get(i) or None), index=obs.index)
    need = ref.notna() & obs["value"].isna() & obs["numerator"].notna() & obs["denominator"].isna()
    if need.any():
        values = obs.set_index(["indicator", "area_id", "period"])["value"]
        values = values[~values.index.duplicated()]
        keys = pd.MultiIndex.from_arrays(
            [ref[need], obs.loc[need, "area_id"], obs.loc[need, "period"]]
        )
        obs.loc[need, "denominator"] = values.reindex(keys).to_numpy(dtype=float)
    return need
