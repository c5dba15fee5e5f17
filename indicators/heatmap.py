"""The Ampel heatmap matrix: areas × indicators on a common 0..1 scale.

Per indicator the values of one period are min–max scaled to 0..1 and oriented
so that 1 is always the favourable end (lower-is-better indicators are
flipped; no-judgement indicators keep their direction and are marked). Rows
and columns are clustered hierarchically (scipy).

Missing cells: for clustering only, a gap is filled with the mean of its
column (the indicator's city-wide typical level) and flagged in
``imputed``; the displayed matrix keeps the gap. A column whose values are all
equal scales to 0.5. Rows or columns with no value at all are dropped and
listed in ``dropped``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy.cluster import hierarchy

from indicators.catalog import Catalog, Polarity
from indicators.classify import select_period
from indicators.errors import BildungsampelError

Linkage = Literal["average", "ward", "complete", "single"]
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
        True where a gap was filled for clustering.
    unoriented : list of str
        No-judgement indicators (1 = highest value, not "best").
    periods : dict
        Indicator → period used.
    row_linkage, col_linkage : numpy.ndarray or None
        scipy linkage matrices (None when not clustered).
    row_dendrogram, col_dendrogram : dict or None
        ``scipy.cluster.hierarchy.dendrogram(no_plot=True)`` output.
    dropped : list of str
        Areas or indicators left out because they had no value.
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


def scale_oriented(values: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Min–max scale each column to 0..1, flipping lower-is-better indicators."""
    low, high = values.min(), values.max()
    span = (high - low).replace(0, np.nan)
    scaled = (values - low) / span
    constant = (high == low) & high.notna()
    scaled.loc[:, constant[constant].index] = scaled.loc[:, constant[constant].index].where(
        values.loc[:, constant[constant].index].isna(), 0.5
    )
    for col in scaled.columns:
        if catalog[col].polarity is Polarity.LOWER_IS_BETTER:
            scaled[col] = 1 - scaled[col]
    return scaled


#: Optimal leaf ordering makes neighbouring rows as similar as possible, but its cost grows
#: steeply (28 s for 542 rows in the benchmark); beyond this many leaves it is skipped.
MAX_OPTIMAL_ORDERING = 200


def _cluster(matrix: np.ndarray, method: Linkage) -> tuple[np.ndarray, dict[str, Any]]:
    optimal = len(matrix) <= MAX_OPTIMAL_ORDERING
    link = hierarchy.linkage(matrix, method=method, metric="euclidean", optimal_ordering=optimal)
    dendro = hierarchy.dendrogram(link, no_plot=True)
    return link, dendro


def heatmap_matrix(
    obs: pd.DataFrame,
    catalog: Catalog,
    *,
    year: str | int | None = None,
    indicators: list[str] | None = None,
    cluster: bool = True,
    method: Linkage = "average",
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

    Returns
    -------
    HeatmapData

    Raises
    ------
    BildungsampelError
        When clustering is asked for more than :data:`MAX_CLUSTER_ROWS` areas.
    """
    pairs = obs[["indicator", "period"]].drop_duplicates()
    by_indicator = pairs.groupby("indicator", sort=False, observed=True)["period"]
    available = {str(ind): list(p) for ind, p in by_indicator}
    periods: dict[str, str] = {}
    for ind in indicators or list(catalog):
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
    dropped = [str(c) for c in raw.columns[raw.isna().all()]]
    dropped += [str(r) for r in raw.index[raw.isna().all(axis=1)]]
    raw = raw.dropna(axis=1, how="all").dropna(axis=0, how="all")
    scaled = scale_oriented(raw, catalog)
    imputed = scaled.isna()
    filled = scaled.fillna(scaled.mean())
    row_link = col_link = None
    row_d = col_d = None
    if cluster and len(raw) > MAX_CLUSTER_ROWS:
        raise BildungsampelError(
            f"clustering {len(raw)} areas is not meaningful (limit {MAX_CLUSTER_ROWS}); "
            "use the aggregated level or switch clustering off",
            message_de=f"Ein Clustern von {len(raw)} Gebieten ist nicht sinnvoll (Grenze "
            f"{MAX_CLUSTER_ROWS}); bitte die aggregierte Ebene wählen oder ohne Clustern anzeigen",
        )
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
        unoriented=unoriented,
        periods={c: periods[c] for c in cols},
        row_linkage=row_link,
        col_linkage=col_link,
        row_dendrogram=row_d,
        col_dendrogram=col_d,
        dropped=dropped,
    )
