"""Summaries of rated results: counts per domain, watch list, profiles, comparisons.

All functions take the output of :func:`indicators.classify.classify` (one
level, one year) or completed observations, and return plain frames that the
dashboard and the CLI render.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from indicators import composite
from indicators.catalog import Catalog, Polarity
from indicators.errors import BildungsampelError
from indicators.observations import map_distinct
from indicators.periods import period_end_year, period_key, sort_periods
from indicators.results import RATINGS


def domain_counts(results: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Count ratings per domain.

    Parameters
    ----------
    results : pandas.DataFrame
        Rated rows (``indicator``, ``rating``).
    catalog : Catalog

    Returns
    -------
    pandas.DataFrame
        One row per domain (catalogue order), one column per rating in
        :data:`~indicators.results.RATINGS` order, integer counts.
    """
    # label columns are categoricals: map their plain values (a one-to-one map of a
    # categorical gives a categorical, which behaves differently in a crosstab)
    domains = pd.Series(
        map_distinct(results["indicator"], lambda i: catalog[i].domain),
        index=results.index,
        name="indicator",
        dtype=object,
    )
    table = pd.crosstab(domains, results["rating"].astype(object))
    order = [d for d in catalog.domains() if d in table.index]
    return table.reindex(index=order, columns=list(RATINGS), fill_value=0).astype(int)


def watch_list(results: pd.DataFrame) -> pd.DataFrame:
    """Return the rows that are red and worsening ("Genauer hinsehen").

    Sorted by the number of such indicators per area (most first), then area
    and indicator, so the areas needing attention most come first.
    """
    hits = results[(results["rating"] == "red") & (results["trend"] == "worsening")].copy()
    hits["_n"] = hits.groupby("area_id")["indicator"].transform("size")
    hits = hits.sort_values(["_n", "area_id", "indicator"], ascending=[False, True, True])
    return hits.drop(columns="_n").reset_index(drop=True)


def spine_positions(results: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Place every area and the city between the worst and the best area (0..1).

    For each indicator the rated values of all areas span 0..1, oriented so
    that 1 is the favourable end (no-judgement indicators: 1 = highest).

    Returns
    -------
    pandas.DataFrame
        ``results`` with ``pos``, ``city_pos``, ``range_low`` and ``range_high``
        (the raw values at the unfavourable and favourable ends) added.
        Positions are NaN where the value is missing, 0.5 when all areas are equal.
    """
    out = results.copy()
    grouped = out.groupby("indicator")["value"]
    low, high = grouped.transform("min"), grouped.transform("max")
    span = (high - low).replace(0, np.nan)
    pos = ((out["value"] - low) / span).where(span.notna(), 0.5)
    city = ((out["city_value"] - low) / span).where(span.notna(), 0.5).clip(0, 1)
    # a plain bool array: ``Series.map`` on a categorical can return a categorical, and
    # ``~`` is not defined for those (one indicator in the results)
    flip = np.asarray(
        map_distinct(out["indicator"], lambda i: catalog[i].polarity is Polarity.LOWER_IS_BETTER),
        dtype=bool,
    )
    out["pos"] = pos.where(~flip, 1 - pos).where(out["value"].notna())
    out["city_pos"] = city.where(~flip, 1 - city)
    if "city_value_kind" in out:
        # a count's city value is the sum of all areas: it has no place among them
        out.loc[(out["city_value_kind"] == "sum").to_numpy(), "city_pos"] = np.nan
    out["range_low"] = low.where(~flip, high)
    out["range_high"] = high.where(~flip, low)
    return out


def area_profile(
    results: pd.DataFrame,
    catalog: Catalog,
    area_id: str,
    *,
    among: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return all indicators of one area with spine positions, in catalogue order.

    Parameters
    ----------
    results : pandas.DataFrame
        Rated rows holding the area's (a page explains only the area it shows).
    catalog : Catalog
    area_id : str
    among : pandas.DataFrame, optional
        Rated rows of every area of the level, which the spine positions place
        the area among (default: ``results``). A table of one area's rows
        alone would put it at 0.5 everywhere.

    Raises
    ------
    BildungsampelError
        When the area has no rated rows.
    """
    rows = results[results["area_id"] == area_id]
    if rows.empty:
        choices = ", ".join(sorted(results["area_id"].unique())[:10])
        raise BildungsampelError("profile.no_ratings", area_id=area_id, choices=choices)
    placed = spine_positions(results if among is None else among, catalog)
    placed = placed[placed["area_id"] == area_id]
    keys = placed["indicator"].astype(object).to_numpy()
    rows = rows.copy()
    for col in ("pos", "city_pos", "range_low", "range_high"):
        spot = dict(zip(keys, placed[col].to_numpy(dtype=float), strict=True))
        rows[col] = rows["indicator"].astype(object).map(spot).astype(float)
    order = {ind: n for n, ind in enumerate(catalog)}
    return rows.sort_values("indicator", key=lambda s: s.astype(object).map(order)).reset_index(
        drop=True
    )


def history(obs: pd.DataFrame, area_id: str, *, up_to: str | None = None) -> dict[str, list[float]]:
    """Return each indicator's values of one area over time (oldest first).

    Parameters
    ----------
    obs : pandas.DataFrame
        Completed observations of the area's level.
    area_id : str
    up_to : str, optional
        Last period to include (default: all).

    Returns
    -------
    dict
        Indicator id → list of values (NaN for gaps), one per period the
        indicator has.
    """
    part = obs[obs["area_id"] == area_id]
    if up_to is not None:
        part = part[part["period"].map(period_key) <= period_key(up_to)]
    out: dict[str, list[float]] = {}
    for ind, rows in part.groupby("indicator", sort=False):
        ordered = rows.set_index("period").loc[sort_periods(rows["period"]), "value"]
        out[str(ind)] = [float(v) for v in ordered]
    return out


def comparison(results: pd.DataFrame, area_ids: Sequence[str]) -> pd.DataFrame:
    """Return the rows of 2–5 areas with their difference to the city value.

    Raises
    ------
    BildungsampelError
        For fewer than two or more than five areas.
    """
    if not 2 <= len(area_ids) <= 5:
        raise BildungsampelError("profile.compare_count", n=len(area_ids))
    rows = results[results["area_id"].isin(area_ids)].copy()
    rows["diff"] = rows["value"] - rows["city_value"]
    if "city_value_kind" in rows:
        # the city value of a count is the city's sum: an area's distance to it means nothing
        rows.loc[(rows["city_value_kind"] == "sum").to_numpy(), "diff"] = np.nan
    order = {a: n for n, a in enumerate(area_ids)}
    return rows.sort_values(
        ["indicator", "area_id"],
        key=lambda s: s.astype(object).map(order) if s.name == "area_id" else s,
    ).reset_index(drop=True)


def series(
    obs: pd.DataFrame, city: pd.DataFrame, indicator: str, area_ids: Sequence[str]
) -> pd.DataFrame:
    """Return one indicator over time for some areas and the city.

    Parameters
    ----------
    obs : pandas.DataFrame
        Completed observations of the areas' level.
    city : pandas.DataFrame
        City totals (:func:`indicators.aggregate.city_totals`), ``area_id`` "city".
    indicator : str
    area_ids : sequence of str

    Returns
    -------
    pandas.DataFrame
        ``area_id``, ``period``, ``period_key``, ``value``; the city rows last.
    """
    rows = pd.concat(
        [
            obs[(obs["indicator"] == indicator) & obs["area_id"].isin(area_ids)],
            city[city["indicator"] == indicator],
        ],
        ignore_index=True,
    )
    out = rows[["area_id", "period", "value"]].copy()
    out["period_key"] = out["period"].map(period_key)
    return out.sort_values(["period_key", "area_id"]).reset_index(drop=True)


def rated_periods(results: pd.DataFrame) -> dict[str, str]:
    """Return indicator → the period its rows are rated in (order of appearance).

    With ``classify(year=None)`` every indicator is rated in its own latest
    period; this says which one. An indicator rated in more than one period
    gets its latest.
    """
    pairs = results[["indicator", "period" if "period" in results else "year"]].astype(object)
    out: dict[str, str] = {}
    for ind, period in pairs.drop_duplicates().itertuples(index=False):
        key = str(ind)
        if key not in out or period_key(str(period)) > period_key(out[key]):
            out[key] = str(period)
    return out


def period_summary(results: pd.DataFrame) -> tuple[int | None, dict[str, str]]:
    """Summarise the periods of rated results: the usual year and the exceptions.

    Parameters
    ----------
    results : pandas.DataFrame
        Rated rows with ``indicator`` and ``period`` (or the pipeline's ``year``).

    Returns
    -------
    tuple
        The end year most indicators are rated in (calendar year 2023 and
        school year 2022/23 both count as 2023; ties go to the later year;
        None without rows) and indicator → period label of the indicators
        rated in another year.

    Examples
    --------
    >>> rows = pd.DataFrame({"indicator": ["a", "b", "c"], "period": ["2023", "2022/23", "2024"]})
    >>> period_summary(rows)
    (2023, {'c': '2024'})
    """
    periods = rated_periods(results)
    if not periods:
        return None, {}
    ends = [period_end_year(p) for p in periods.values()]
    usual = max(set(ends), key=lambda y: (ends.count(y), y))
    return usual, {i: p for i, p in periods.items() if period_end_year(p) != usual}


def unrated_indicators(results: pd.DataFrame, catalog: Catalog) -> list[str]:
    """Return the catalogue's indicators without any rated row (catalogue order)."""
    present = set(results["indicator"].astype(object))
    return [i for i in catalog if i not in present]


def composite_breakdown(
    obs: pd.DataFrame, catalog: Catalog, indicator_id: str, period: str, area_id: str
) -> pd.DataFrame:
    """Return why an area has its composite value ("why is this area 'sehr niedrig'").

    Parameters
    ----------
    obs : pandas.DataFrame
        Completed observations of the area's level (the components).
    catalog : Catalog
    indicator_id : str
        A ``kind: composite`` indicator.
    period : str
        The period of the composite's value.
    area_id : str

    Returns
    -------
    pandas.DataFrame
        One row per component in catalogue order: ``component``, ``value``
        (its value, or its change for a dynamics index), ``sign`` (+1 kept,
        −1 turned by polarity), ``standardised``, ``weight`` and
        ``contribution`` (weight × standardised value; their sum is the
        composite before it is standardised again). Empty when the area is not
        rated in that period.
    """
    columns = ["component", "value", "sign", "standardised", "weight", "contribution"]
    indicator = catalog[indicator_id]
    found = composite.result(obs, indicator, catalog, period)
    if found is None or area_id not in found.standardised.index:
        return pd.DataFrame(columns=columns)
    parts = list(found.weights.index)
    return pd.DataFrame(
        {
            "component": parts,
            "value": found.inputs.loc[area_id, parts].to_numpy(dtype=float),
            "sign": [composite.orientation(catalog[c], indicator) for c in parts],
            "standardised": found.standardised.loc[area_id, parts].to_numpy(dtype=float),
            "weight": found.weights.to_numpy(dtype=float),
            "contribution": found.contributions.loc[area_id, parts].to_numpy(dtype=float),
        }
    )
