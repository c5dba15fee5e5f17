"""Observations: the tidy table of indicator values per area and period.

Columns (see ``docs/DATA.md``):

``area_id`` (str), ``indicator`` (str), ``period`` (str label, "2023" or
"2022/23"), ``value`` (float, in the indicator's unit), ``numerator`` and
``denominator`` (float, optional), ``missing_reason`` (str or None).

A missing value keeps its reason and is never turned into 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from indicators.catalog import Catalog
from indicators.errors import ObservationError
from indicators.numbers import parse_column
from indicators.periods import normalize_period, period_key
from indicators.tables import RawTable, read_table

OBS_COLUMNS: tuple[str, ...] = (
    "area_id",
    "indicator",
    "period",
    "value",
    "numerator",
    "denominator",
    "missing_reason",
)
_LONG_ALIASES: dict[str, tuple[str, ...]] = {
    "area_id": ("area_id", "area", "gebiet", "raum_id", "stadtteil_id", "id"),
    "indicator": ("indicator", "indikator"),
    "period": ("period", "year", "jahr", "zeitraum", "schuljahr"),
    "value": ("value", "wert"),
    "numerator": ("numerator", "zaehler", "zähler"),
    "denominator": ("denominator", "nenner"),
    "missing_reason": ("missing_reason", "grund"),
}


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
            f"observations lack column(s) {', '.join(missing)}; found {', '.join(frame.columns)}",
            message_de=f"Beobachtungen ohne Spalte(n) {', '.join(missing)}; vorhanden: "
            f"{', '.join(frame.columns)}",
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
            f"{int(dup.sum())} rows repeat the same area/indicator/period, e.g. area "
            f"{first.area_id!r}, indicator {first.indicator!r}, period {first.period!r}; "
            "keep one row per combination",
            message_de=f"{int(dup.sum())} Zeilen wiederholen Gebiet/Indikator/Zeitraum, z. B. "
            f"Gebiet {first.area_id!r}, Indikator {first.indicator!r}, Zeitraum "
            f"{first.period!r}; bitte nur eine Zeile je Kombination",
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

    Parameters
    ----------
    obs : pandas.DataFrame
        Normalised observations.
    catalog : Catalog
        Supplies the multiplier per indicator.

    Returns
    -------
    pandas.DataFrame
        A copy; rows with a zero denominator stay missing (reason ``"missing"``).
    """
    unknown = sorted(set(pd.unique(obs["indicator"])) - set(catalog))
    if unknown:
        raise ObservationError(
            f"indicator(s) {', '.join(unknown)} are not in the catalogue; add them to the "
            "catalogue or remove the rows",
            message_de=f"Indikator(en) {', '.join(unknown)} fehlen im Katalog; bitte im Katalog "
            "ergänzen oder die Zeilen entfernen",
        )
    out = obs.copy()
    mult = pd.Series(
        map_distinct(out["indicator"], lambda i: catalog[i].multiplier).astype(float),
        index=out.index,
    )
    fill = out["value"].isna() & out["numerator"].notna() & (out["denominator"] > 0)
    out.loc[fill, "value"] = out.loc[fill, "numerator"] / out.loc[fill, "denominator"] * mult[fill]
    out.loc[fill, "missing_reason"] = None
    still = out["value"].isna() & out["missing_reason"].isna()
    out.loc[still, "missing_reason"] = "missing"
    return out


def wide_to_long(
    frame: pd.DataFrame,
    *,
    area_column: str,
    period_column: str | None = None,
    period: str | int | None = None,
    indicator_columns: Mapping[str, str] | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Turn a wide table (one column per indicator) into observations.

    Parameters
    ----------
    frame : pandas.DataFrame
        Cells as text (CSV) or numbers (spreadsheet).
    area_column : str
        Column with area ids (or names, to be matched later).
    period_column : str, optional
        Column with the period of each row.
    period : str or int, optional
        The period of the whole table when it has no period column.
    indicator_columns : mapping or iterable, optional
        Columns to take (mapping: column → indicator id); default every other column.

    Returns
    -------
    pandas.DataFrame
        Observations; each text cell parsed as a German number, symbols kept as
        missing reasons. Only ``value`` is filled.
    """
    if area_column not in frame.columns:
        raise ObservationError(
            f"area column {area_column!r} not found; columns are {', '.join(frame.columns)}",
            message_de=f"Gebietsspalte {area_column!r} nicht gefunden; Spalten: "
            f"{', '.join(frame.columns)}",
        )
    if (period_column is None) == (period is None):
        raise ObservationError(
            "give either a period column or one period for the whole table",
            message_de="bitte entweder eine Zeitraum-Spalte oder einen Zeitraum für die ganze "
            "Tabelle angeben",
        )
    if indicator_columns is None:
        skip = {area_column, period_column}
        mapping = {c: c for c in frame.columns if c not in skip}
    elif isinstance(indicator_columns, Mapping):
        mapping = dict(indicator_columns)
    else:
        mapping = {c: c for c in indicator_columns}
    periods = frame[period_column] if period_column else pd.Series([period] * len(frame))
    parts = []
    for column, indicator in mapping.items():
        parsed = parse_column(frame[column])
        parts.append(
            pd.DataFrame(
                {
                    "area_id": frame[area_column].to_numpy(),
                    "indicator": indicator,
                    "period": periods.to_numpy(),
                    "value": parsed.values,
                    "missing_reason": parsed.reasons,
                    "source_row": np.arange(len(frame)) + 2,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def load_observations(
    path: str | Path, *, period: str | int | None = None, area_column: str | None = None
) -> pd.DataFrame:
    """Read a long or wide indicator table from CSV or XLSX.

    A long table has columns ``area_id``, ``indicator``, ``period`` (or
    ``year``), ``value`` and optionally ``numerator``, ``denominator``,
    ``missing_reason`` (German aliases accepted). Anything else is read as a
    wide table: one area column, optionally a period column, and one column per
    indicator (``period`` then names the period when there is no column).

    Parameters
    ----------
    path : str or Path
        CSV (any delimiter, UTF-8/cp1252) or XLSX.
    period : str or int, optional
        Period for a wide table without a period column.
    area_column : str, optional
        Area column of a wide table (default: the first column).

    Returns
    -------
    pandas.DataFrame
        Normalised observations.
    """
    raw = read_table(path)
    return observations_from_table(
        raw, period=period, area_column=area_column, source=Path(path).name
    )


def observations_from_table(
    raw: RawTable,
    *,
    period: str | int | None = None,
    area_column: str | None = None,
    source: str = "table",
) -> pd.DataFrame:
    """Convert a :class:`RawTable` (long or wide) into normalised observations."""
    frame = raw.frame
    renamed = _match_long_columns(frame.columns)
    if {"area_id", "indicator", "value"} <= set(renamed.values()) and (
        "period" in renamed.values() or period is not None
    ):
        long = frame.rename(columns=renamed)[list(renamed)].rename(columns=renamed)
        if "period" not in long:
            long["period"] = period
        for col in ("value", "numerator", "denominator"):
            if col in long:
                parsed = parse_column(long[col])
                if col == "value":
                    given = long.get("missing_reason", None)
                    reasons = pd.Series(parsed.reasons, index=long.index, dtype=object)
                    long["missing_reason"] = (
                        given.where(given.astype(str) != "", reasons)
                        if given is not None
                        else reasons
                    )
                long[col] = parsed.values
        return _normalize_with_location(long, source)
    area = area_column or frame.columns[0]
    period_col = next((c for c, t in renamed.items() if t == "period"), None)
    long = wide_to_long(
        frame,
        area_column=area,
        period_column=None if period is not None else period_col,
        period=period if period is not None or period_col else None,
    )
    return _normalize_with_location(long.drop(columns="source_row"), source)


def _normalize_with_location(long: pd.DataFrame, source: str) -> pd.DataFrame:
    try:
        return normalize_observations(long)
    except ObservationError as err:
        raise ObservationError(
            f"{source}: {err.message_en}", message_de=f"{source}: {err.message_de}"
        ) from None


def _match_long_columns(columns: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for col in columns:
        key = str(col).strip().casefold()
        for target, aliases in _LONG_ALIASES.items():
            if key in aliases and target not in out.values():
                out[col] = target
                break
    return out


def split_aggregate_rows(
    frame: pd.DataFrame,
    *,
    name_column: str,
    parent_names: Iterable[str],
    city_names: Iterable[str],
) -> pd.Series:
    """Tell area rows from parent (Bezirk) and city-total rows in one table.

    Official tables often list Stadtteile, then Bezirke, then the city total.
    A name that is both a Stadtteil and a Bezirk (Hamburg: Eimsbüttel,
    Wandsbek, Bergedorf, Harburg) appears twice: its first occurrence is the
    Stadtteil, the later one the Bezirk.

    Parameters
    ----------
    frame : pandas.DataFrame
        The raw table.
    name_column : str
        Column holding the area names.
    parent_names, city_names : iterable of str
        Known Bezirk names and names of the city total.

    Returns
    -------
    pandas.Series
        ``"area"``, ``"parent"`` or ``"city"`` per row.
    """
    parents = {n.strip().casefold() for n in parent_names}
    cities = {n.strip().casefold() for n in city_names}
    names = frame[name_column].astype(str).str.strip().str.casefold()
    dup_later = names.duplicated(keep="first")
    level = pd.Series("area", index=frame.index, dtype=object)
    is_parent = names.isin(parents) & (dup_later | ~names.duplicated(keep=False))
    level[is_parent] = "parent"
    level[names.isin(cities)] = "city"
    return level
