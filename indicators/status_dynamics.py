"""Status × dynamics: the MSS matrix of a status index crossed with a dynamics index.

Both indices are rated in ordered classes (``sd_classes`` or ``thresholds``,
:mod:`indicators.methods.ordered`). The matrix counts the areas rated on both
in every pair of classes; the areas of low status that are getting worse
(status grade worse or worst, dynamics grade worse or worst) are the MSS's
"Gebiete mit besonderem Aufmerksamkeitsbedarf".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.catalog import Catalog, Indicator, Polarity
from indicators.methods import ordered


@dataclass(frozen=True)
class StatusDynamics:
    """The status × dynamics matrix of one level and period.

    Attributes
    ----------
    counts : pandas.DataFrame
        Status classes (rows, lowest values first) × dynamics classes
        (columns): the number of areas rated on both; the cells add up to
        ``len(areas)``.
    areas : pandas.DataFrame
        ``area_id``, ``status``, ``dynamics`` (class numbers from 0) of every area rated on both.
    low_worsening : tuple of str
        Area ids of low status getting worse, in id order.
    """

    counts: pd.DataFrame
    areas: pd.DataFrame
    low_worsening: tuple[str, ...]


def _labels(indicator: Indicator, n: int, lang: str) -> list[str]:
    own = indicator.class_labels(lang)
    return list(own) if own is not None and len(own) == n else [str(i + 1) for i in range(n)]


def _unfavourable(direction: float, polarity: Polarity) -> bool:
    """Whether a direction is an unfavourable grade (worse or worst)."""
    return direction < 0 if polarity is Polarity.HIGHER_IS_BETTER else direction > 0


def _classes(rows: pd.DataFrame, indicator: Indicator) -> pd.Series:
    """Return area id → direction of the rated rows of ``indicator``."""
    part = rows[(rows["indicator"].astype(str) == indicator.id) & rows["direction"].notna()]
    return part.drop_duplicates("area_id").set_index(part["area_id"].astype(str))["direction"]


def candidates(catalog: Catalog) -> tuple[list[str], list[str]]:
    """Return the indices rated in ordered classes, and their defaults (status, dynamics).

    A dynamics index measures change (``composite.change_periods``); the
    default status index is the first that does not, the default dynamics
    index the first that does and is not the status index. Empty when the
    catalogue has fewer than two such indices.
    """
    indices = [i for i, ind in catalog.items() if ordered.classes(ind) is not None]
    if len(indices) < 2:
        return [], []
    moving = [i for i in indices if (c := catalog[i].composite) and c.change_periods]
    status = next((i for i in indices if i not in moving), indices[0])
    dynamics = next((i for i in moving + indices if i != status), indices[-1])
    return indices, [status, dynamics]


def matrix(
    rated: pd.DataFrame, status: Indicator, dynamics: Indicator, *, lang: str = "de"
) -> StatusDynamics:
    """Return the status × dynamics matrix of one level and period.

    Parameters
    ----------
    rated : pandas.DataFrame
        Classified rows of one level and period (``area_id``, ``indicator``,
        ``direction``), holding both indices.
    status, dynamics : Indicator
        Indices rated in ordered classes (``sd_classes`` or ``thresholds``).
    lang : {"de", "en"}
        Language of the class labels (the catalogue's own words where given).

    Raises
    ------
    ValueError
        When an index is not rated in ordered classes.
    """
    n_status, n_dynamics = ordered.classes(status), ordered.classes(dynamics)
    if n_status is None or n_dynamics is None:
        raise ValueError("status and dynamics must be rated in ordered classes (sd_classes)")
    a, b = _classes(rated, status), _classes(rated, dynamics)
    both = sorted(set(a.index) & set(b.index))
    s = [ordered.class_of(float(a[i]), n_status, status.polarity) for i in both]
    d = [ordered.class_of(float(b[i]), n_dynamics, dynamics.polarity) for i in both]
    counts = np.zeros((n_status, n_dynamics), dtype=int)
    for i, j in zip(s, d, strict=True):
        if i is not None and j is not None:
            counts[i, j] += 1
    frame = pd.DataFrame(
        counts,
        index=pd.Index(_labels(status, n_status, lang), name=status.label(lang)),
        columns=pd.Index(_labels(dynamics, n_dynamics, lang), name=dynamics.label(lang)),
    )
    low = tuple(
        i
        for i in both
        if _unfavourable(float(a[i]), status.polarity)
        and _unfavourable(float(b[i]), dynamics.polarity)
    )
    areas = pd.DataFrame({"area_id": both, "status": s, "dynamics": d})
    return StatusDynamics(counts=frame, areas=areas, low_worsening=low)
