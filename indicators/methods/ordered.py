"""Ordered classes (2 to 5) and how they map onto the grade vocabulary.

Shared by ``sd_classes`` and ``thresholds`` with more than two limits. Classes
are numbered from the lowest values up (class 0 lies below the first cut); a
value equal to a cut belongs to the class above it ("reaches the limit").

The mapping onto the five grades (``direction`` −2..+2, which polarity turns
into best … worst) is fixed by the number of classes. Where the classes cannot
be symmetric (four), the finer split lies on the unfavourable side, where the
need is; the single class on the favourable side is the extreme grade:

======= ==================================== ===================================
classes lower is better (values ascending)   higher is better (values ascending)
======= ==================================== ===================================
2       better, worse                        worse, better
3       better, similar, worse               worse, similar, better
4       best, similar, worse, worst          worst, worse, similar, best
5       best, better, similar, worse, worst  worst, worse, similar, better, best
======= ==================================== ===================================

Without judgement the "lower is better" directions are used (−2 much lower …
+2 much higher). Berlin's MSS Status-Index (hoch, mittel, niedrig, sehr
niedrig; lower is better) is best, similar, worse, worst.
"""

from __future__ import annotations

import numpy as np

from indicators.catalog import Indicator, Polarity

#: Directions of n classes, lowest values first, when high values are unfavourable.
_DIRECTIONS: dict[int, tuple[int, ...]] = {
    2: (-1, 1),
    3: (-1, 0, 1),
    4: (-2, 0, 1, 2),
    5: (-2, -1, 0, 1, 2),
}


def directions(n: int, polarity: Polarity) -> tuple[int, ...]:
    """Return the direction of each of ``n`` ordered classes (lowest values first).

    Raises
    ------
    ValueError
        For fewer than 2 or more than 5 classes (the catalogue refuses them first).
    """
    if n not in _DIRECTIONS:
        raise ValueError(f"{n} ordered classes; 2 to 5 map onto the grades")
    found = _DIRECTIONS[n]
    if polarity is Polarity.HIGHER_IS_BETTER:
        return tuple(-d for d in reversed(found))
    return found


def class_index(values: np.ndarray, cuts: tuple[float, ...]) -> np.ndarray:
    """Return the class of every value (0 below the first cut; −1 where NaN)."""
    found = np.searchsorted(np.asarray(cuts, dtype=float), values, side="right")
    return np.where(np.isfinite(values), found, -1)


def class_directions(index: np.ndarray, n: int, polarity: Polarity) -> np.ndarray:
    """Return the direction of every class index (NaN where −1)."""
    table = np.asarray(directions(n, polarity), dtype=float)
    return np.where(index >= 0, table[np.clip(index, 0, n - 1)], np.nan)


def class_of(direction: float, n: int, polarity: Polarity) -> int | None:
    """Return the class whose direction is ``direction`` (None: not rated or no such class)."""
    if not np.isfinite(direction):
        return None
    found = directions(n, polarity)
    return found.index(int(direction)) if int(direction) in found else None


def classes(indicator: Indicator) -> int | None:
    """Return how many ordered classes the rule of ``indicator`` defines (None: not ordered)."""
    rule = indicator.rule
    if rule.method == "sd_classes" and rule.cuts is not None:
        return len(rule.cuts) + 1
    if rule.method == "thresholds" and rule.thresholds is not None:
        return len(rule.thresholds) + 1
    return None


def class_label(indicator: Indicator, direction: float, lang: str) -> str | None:
    """Return the catalogue's word for the class of ``direction`` (None: no own words).

    E.g. "sehr niedrig" for the top class of the MSS Status-Index; the page
    shows it instead of the grade word wherever the catalogue gives labels.
    """
    n = classes(indicator)
    labels = indicator.class_labels(lang)
    if n is None or labels is None or len(labels) != n:
        return None
    found = class_of(direction, n, indicator.polarity)
    return None if found is None else labels[found]
