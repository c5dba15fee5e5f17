"""The Ampel heatmap matrix: areas × indicators on a common 0..1 scale.

Per indicator the values of one period are put on 0..1 and oriented so that 1
is always the favourable end (lower-is-better indicators are flipped;
no-judgement indicators keep their direction, 1 = highest value, and are
listed in ``unoriented``). Two scales:

``"minmax"``
    ``(x - min) / (max - min)``; one outlier squeezes the other areas together.
``"rank"``
    The average-rank percentile ``(rank - 1) / (n - 1)`` (ties share their
    mean rank); evenly spread whatever the distribution, but differences in
    size are lost.

Cells the rating leaves grey (small numbers, suppressed values; see
``exclude``) are not rated: they are shown empty and take no part in the
scaling, so a value the rating does not trust cannot stretch its column.
Rows and columns are clustered hierarchically (scipy).

Gaps (missing or excluded cells): for clustering only, a gap is filled with
the mean of its column's rated cells and flagged in ``imputed``; the
displayed matrix keeps the gap. A column whose rated values are all equal
scales to 0.5. Rows or columns without any rated value are dropped and listed
in ``dropped``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd
from scipy.cluster import hierarchy

from indicators.catalog import Catalog, Polarity
from indicators.classify import select_period
from indicators.errors import BildungsampelError
from indicators.periods import sort_periods

Linkage = Literal["average", "ward", "complete", "single"]
#: The linkage methods of the clustering, in the order the CLI and the page offer them.
LINKAGES: tuple[Linkage, ...] = get_args(Linkage)
Scale = Literal["minmax", "rank"]
#: The 0..1 scalings of the heatmap.
SCALES: tuple[Scale, ...] = get_args(Scale)
#: Beyond this many rows a dendrogram is neither readable nor cheap (n² distances).
MAX_CLUSTER_ROWS = 2000


@dataclass(frozen=True)
class HeatmapData:
    """Result of :func:`heatmap_matrix`.

    Attributes
    ----------
    scaled : pandas.DataFrame
        Areas × indicators in 0..1 (1 favourable), NaN for gaps, in display order.
    raw : pandas.DataFrame
        The original values, same shape and order.
    imputed : pandas.DataFrame
        True where a gap (missing or excluded) was filled for clustering.
    excluded : pandas.DataFrame
        True where a value exists but is not rated (``raw`` keeps it,
        ``scaled`` is NaN).
    unoriented : list of str
        No-judgement indicators (1 = highest value, not "best").
    periods : dict
        Indicator → period used.
    row_linkage, col_linkage : numpy.ndarray or None
        scipy linkage matrices (None when not clustered).
    row_dendrogram, col_dendrogram : dict or None
        ``scipy.cluster.hierarchy.dendrogram(no_plot=True)`` output.
    dropped : list of str
        Areas or indicators left out because they had no rated value.
    scale : {"minmax", "rank"}
        How ``scaled`` was computed.
    """

    scaled: pd.DataFrame
    raw: pd.DataFrame
    imputed: pd.DataFrame
    unoriented: list[str]
    periods: dict[str, str]
    row_linkage: np.ndarray | None = None
    col_linkage: np.ndarray | None = None
    row_dendrogram: dict[str, Any] | None = None
    col_dendrogram: dict[str, Any] | None = None
    dropped: list[str] = field(default_factory=list)
    excluded: pd.DataFrame = field(default_factory=pd.DataFrame)
    scale: Scale = "minmax"


def scale_oriented(
    values: pd.DataFrame, catalog: Catalog, *, scale: Scale = "minmax"
) -> pd.DataFrame:
    """Scale each column to 0..1 (NaN stays NaN), flipping lower-is-better indicators.

    Parameters
    ----------
    values : pandas.DataFrame
        Areas × indicators; NaN cells take no part.
    catalog : Catalog
        For each column's polarity.
    scale : {"minmax", "rank"}
        Min–max, or the average-rank percentile ``(rank - 1) / (n - 1)``.
        A column with a single value, or only equal values, scales to 0.5.

    Returns
    -------
    pandas.DataFrame
        Same shape; 1 is the favourable end (no-judgement: the highest value).
    """
    as_scale(scale)
    if scale == "rank":
        counts = values.count().astype(float)
        scaled = (values.rank(method="average") - 1) / (counts - 1).replace(0.0, np.nan)
        for col in counts[counts == 1].index:
            scaled[col] = np.where(values[col].notna(), 0.5, np.nan)
    else:
        low, high = values.min(), values.max()
        scaled = (values - low) / (high - low).replace(0, np.nan)
        constant = (high == low) & high.notna()
        flat = constant[constant].index
        scaled.loc[:, flat] = scaled.loc[:, flat].where(values.loc[:, flat].isna(), 0.5)
    for col in scaled.columns:
        if catalog[col].polarity is Polarity.LOWER_IS_BETTER:
            scaled[col] = 1 - scaled[col]
    out: pd.DataFrame = scaled
    return out


def as_scale(name: str) -> Scale:
    """Return ``name`` as a heatmap scale, or raise naming the valid ones.

    Examples
    --------
    >>> as_scale("rank")
    'rank'
    """
    if name not in SCALES:
        raise BildungsampelError("heatmap.unknown_scale", name=name, known=", ".join(SCALES))
    return name


def as_linkage(name: str) -> Linkage:
    """Return ``name`` as a linkage method, or raise naming the valid ones.

    Examples
    --------
    >>> as_linkage("ward")
    'ward'
    """
    if name not in LINKAGES:
        raise BildungsampelError("heatmap.unknown_linkage", name=name, known=", ".join(LINKAGES))
    return name


def not_rated(ratings: pd.DataFrame) -> pd.DataFrame:
    """Return the (area_id, indicator) pairs the rating leaves grey (not rated).

    Parameters
    ----------
    ratings : pandas.DataFrame
        Rated rows with ``area_id``, ``indicator`` and ``rating`` (the output of
        :func:`indicators.classify.classify` or ``dataset.rate``).

    Returns
    -------
    pandas.DataFrame
        Columns ``area_id`` and ``indicator`` (as str), for ``exclude=``.
    """
    grey = ratings.loc[ratings["rating"].astype(object) == "grey", ["area_id", "indicator"]]
    return grey.astype(str).reset_index(drop=True)


def _exclusion_mask(exclude: pd.DataFrame | None, like: pd.DataFrame) -> pd.DataFrame:
    """Return ``exclude`` as a bool frame shaped like ``like`` (True = not rated)."""
    mask = pd.DataFrame(False, index=like.index, columns=like.columns)
    if exclude is None or exclude.empty:
        return mask
    if {"area_id", "indicator"} <= set(exclude.columns):
        pairs = exclude[["area_id", "indicator"]].astype(str).drop_duplicates()
        pairs = pairs[pairs["area_id"].isin(like.index) & pairs["indicator"].isin(like.columns)]
        rows = like.index.get_indexer(pd.Index(pairs["area_id"]))
        cols = like.columns.get_indexer(pd.Index(pairs["indicator"]))
        values = mask.to_numpy(copy=True)
        values[rows, cols] = True
        return pd.DataFrame(values, index=like.index, columns=like.columns)
    wide = exclude.copy()
    wide.index = wide.index.astype(str)
    wide.columns = wide.columns.astype(str)
    # True only where True was given (NaN is not an exclusion)
    return wide.eq(True).reindex(index=like.index, columns=like.columns, fill_value=False)


#: Optimal leaf ordering makes neighbouring rows as similar as possible, but its cost grows
#: steeply (docs/PERFORMANCE.md, "Heatmap + PNG"); beyond this many leaves it is skipped.
MAX_OPTIMAL_ORDERING = 200


def _cluster(matrix: np.ndarray, method: Linkage) -> tuple[np.ndarray, dict[str, Any]]:
    optimal = len(matrix) <= MAX_OPTIMAL_ORDERING
    link = hierarchy.linkage(matrix, method=method, metric="euclidean", optimal_ordering=optimal)
    dendro = hierarchy.dendrogram(link, no_plot=True)
    return link, dendro


def _values_of_year(
    obs: pd.DataFrame, indicators: list[str], year: str | int | None
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Return areas × indicators values of ``year`` (each indicator's period) and those periods."""
    pairs = obs[["indicator", "period"]].drop_duplicates()
    by_indicator = pairs.groupby("indicator", sort=False, observed=True)["period"]
    available = {str(ind): list(p) for ind, p in by_indicator}
    periods: dict[str, str] = {}
    for ind in indicators:
        period = select_period(available[ind], year) if ind in available else None
        if period is not None:
            periods[ind] = period
    chosen = obs["indicator"].astype(object).map(periods)
    picked = obs[obs["period"].astype(object) == chosen]
    raw = (
        picked.pivot(index="area_id", columns="indicator", values="value")
        .reindex(columns=list(periods))
        .astype(float)
        .sort_index()
    )
    raw.index = pd.Index(raw.index.astype(object), name="area_id")
    raw.columns = pd.Index(list(periods), dtype=object)
    return raw, periods


def heatmap_matrix(
    obs: pd.DataFrame,
    catalog: Catalog,
    *,
    year: str | int | None = None,
    indicators: list[str] | None = None,
    cluster: bool = True,
    method: Linkage = "average",
    exclude: pd.DataFrame | None = None,
    scale: Scale = "minmax",
) -> HeatmapData:
    """Build the clustered heatmap matrix for one year.

    Parameters
    ----------
    obs : pandas.DataFrame
        Completed observations of one level.
    catalog : Catalog
    year : str or int, optional
        As in :func:`indicators.classify.classify`; default each indicator's latest.
    indicators : list of str, optional
        Columns to include (default: all in the catalogue with data).
    cluster : bool
        Order rows and columns by hierarchical clustering; else keep area id and
        catalogue order.
    method : {"average", "ward", "complete", "single"}
        Linkage method (Euclidean distances on the 0..1 scale).
    exclude : pandas.DataFrame, optional
        Cells that are not rated: either areas × indicators booleans (True =
        not rated) or a long frame of ``area_id``, ``indicator`` pairs (see
        :func:`not_rated`). They are shown empty and used neither for the
        scaling nor for the column means that fill gaps for clustering.
    scale : {"minmax", "rank"}
        Min–max or rank-percentile scaling (see the module docstring).

    Returns
    -------
    HeatmapData

    Raises
    ------
    BildungsampelError
        When no indicator has a value for ``year``, for an unknown ``scale``, or
        when clustering is asked for more than :data:`MAX_CLUSTER_ROWS` areas.
    """
    as_scale(scale)
    as_linkage(method)
    raw, periods = _values_of_year(obs, indicators or list(catalog), year)
    excluded = _exclusion_mask(exclude, raw) & raw.notna()
    rated = raw.where(~excluded)
    dropped = [str(c) for c in rated.columns[rated.isna().all()]]
    dropped += [str(r) for r in rated.index[rated.isna().all(axis=1)]]
    keep_rows = rated.index[rated.notna().any(axis=1)]
    keep_cols = rated.columns[rated.notna().any()]
    raw, rated = raw.loc[keep_rows, keep_cols], rated.loc[keep_rows, keep_cols]
    excluded = excluded.loc[keep_rows, keep_cols]
    if rated.empty:
        raise no_data_error(year, sort_periods([str(p) for p in obs["period"].unique()]))
    scaled = scale_oriented(rated, catalog, scale=scale)
    imputed = scaled.isna()
    filled = scaled.fillna(scaled.mean())
    row_link = col_link = None
    row_d = col_d = None
    if cluster and len(raw) > MAX_CLUSTER_ROWS:
        raise BildungsampelError("heatmap.too_many_to_cluster", n=len(raw), limit=MAX_CLUSTER_ROWS)
    if cluster and filled.shape[0] >= 2 and filled.shape[1] >= 1:
        row_link, row_d = _cluster(filled.to_numpy(), method)
        rows = [filled.index[i] for i in row_d["leaves"]]
    else:
        rows = list(filled.index)
    if cluster and filled.shape[1] >= 2 and filled.shape[0] >= 1:
        col_link, col_d = _cluster(filled.to_numpy().T, method)
        cols = [filled.columns[i] for i in col_d["leaves"]]
    else:
        cols = list(filled.columns)
    unoriented = [c for c in cols if catalog[c].polarity is Polarity.NO_JUDGEMENT]
    return HeatmapData(
        scaled=scaled.loc[rows, cols],
        raw=raw.loc[rows, cols],
        imputed=imputed.loc[rows, cols],
        excluded=excluded.loc[rows, cols],
        scale=scale,
        unoriented=unoriented,
        periods={c: periods[c] for c in cols},
        row_linkage=row_link,
        col_linkage=col_link,
        row_dendrogram=row_d,
        col_dendrogram=col_d,
        dropped=dropped,
    )


def no_data_error(year: str | int | None, available: list[str]) -> BildungsampelError:
    """Return the error for a heatmap without any rated value.

    Parameters
    ----------
    year : str or int, optional
        The year asked for (None: each indicator's latest).
    available : list of str
        The periods that do have values, for the message.

    Returns
    -------
    BildungsampelError
        English and German message naming the year and the available ones.
    """
    listed = ", ".join(available) or "none"
    if year is None:
        return BildungsampelError("heatmap.no_values")
    return BildungsampelError("heatmap.no_values_in_year", year=str(year), listed=listed)
