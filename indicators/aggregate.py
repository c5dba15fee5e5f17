"""Aggregation of Stadtteil observations to Stadtbezirke and the city.

Proportions, rates and means are recomputed from summed numerators and
denominators (weighted), never by averaging the area values; counts are
summed. Index values cannot be aggregated and stay missing with a reason. A
parent is missing when any of its areas is missing, with how many were.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from indicators.catalog import Catalog, Kind
from indicators.observations import OBS_COLUMNS, map_distinct

CITY_ID = "city"


def aggregate(obs: pd.DataFrame, parent_of: Mapping[str, str], catalog: Catalog) -> pd.DataFrame:
    """Aggregate completed area observations to parent areas.

    Parameters
    ----------
    obs : pandas.DataFrame
        Completed observations of the areas (values filled, see
        :func:`indicators.observations.complete_values`).
    parent_of : mapping
        Area id → parent id. Areas not in the mapping are ignored.
    catalog : Catalog
        Kinds and multipliers per indicator.

    Returns
    -------
    pandas.DataFrame
        Observations of the parents, same columns as ``obs``.
    """
    part = obs[obs["area_id"].isin(parent_of.keys())].copy()
    part["parent"] = map_distinct(part["area_id"], parent_of.get)
    part["kind"] = map_distinct(part["indicator"], lambda i: catalog[i].kind.value)
    part["mult"] = map_distinct(part["indicator"], lambda i: catalog[i].multiplier).astype(float)
    part["has_value"] = part["value"].notna()
    part["has_counts"] = part["numerator"].notna() & part["denominator"].notna()
    keys = ["parent", "indicator", "period"]
    grouped = part.groupby(keys, sort=False)
    out = grouped.agg(
        n=("area_id", "size"),
        n_value=("has_value", "sum"),
        n_counts=("has_counts", "sum"),
        numerator=("numerator", "sum"),
        denominator=("denominator", "sum"),
        value_sum=("value", "sum"),
        kind=("kind", "first"),
        mult=("mult", "first"),
    ).reset_index()
    # a Stadtteil without any row for this indicator and period counts as missing too:
    # completeness is measured against all areas of the parent, not the rows delivered
    members = pd.Series(list(parent_of.values())).value_counts()
    out["n"] = out["parent"].map(members).fillna(out["n"]).astype(int)
    complete = out["n_value"] == out["n"]
    counts = out["n_counts"] == out["n"]
    ratio = out["kind"].isin([Kind.PROPORTION.value, Kind.RATE.value, Kind.MEAN.value])
    with np.errstate(invalid="ignore", divide="ignore"):
        from_counts = out["numerator"] / out["denominator"] * out["mult"]
    value = np.select(
        [ratio & counts & (out["denominator"] > 0), (out["kind"] == Kind.COUNT.value) & complete],
        [from_counts, out["value_sum"]],
        np.nan,
    )
    # a sum beyond the number range (1e308 + 1e308) is infinite: never published as a value
    sums = out[["numerator", "denominator", "value_sum"]].to_numpy(dtype=float)
    overflow = np.isinf(sums).any(axis=1)
    value[~np.isfinite(value)] = np.nan
    codes = np.select(
        [np.isfinite(value), out["kind"] == Kind.INDEX.value, ~complete, overflow],
        ["", "not_aggregable", "incomplete", "overflow"],
        "not_aggregable",
    )
    reason = np.array([code or None for code in codes.tolist()], dtype=object)
    result = pd.DataFrame(
        {
            "area_id": out["parent"].astype(object),
            "indicator": out["indicator"],
            "period": out["period"],
            "value": value,
            "numerator": out["numerator"].where(counts),
            "denominator": out["denominator"].where(counts),
            "missing_reason": reason,
        }
    )
    result.loc[result["value"].isna(), ["numerator", "denominator"]] = np.nan
    return result[list(OBS_COLUMNS)].reset_index(drop=True)


def city_totals(obs: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Aggregate all areas to one city row per indicator and period (id ``"city"``)."""
    return aggregate(obs, dict.fromkeys(obs["area_id"].unique(), CITY_ID), catalog)
