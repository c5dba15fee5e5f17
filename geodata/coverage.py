"""Does a level cover the city like a tiling? Gaps between neighbours and borders that do not fit.

Areas of one level should form a *coverage*: no overlaps, no gaps between
neighbours, and shared borders with the same vertices on both sides.
:func:`coverage_notes` checks this with shapely's coverage validation
(:func:`shapely.coverage_invalid_edges`) and the holes of the union, so that
``check-boundaries`` can say before publishing why a dissolved parent level
would show slivers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely

from geodata import read_messages as _read_messages  # noqa: F401 - registers the notes
from geodata.checks import listed
from indicators.messages import Message

#: Holes of the union smaller than this (m²) are rounding, not gaps.
MIN_GAP_M2 = 1.0


def coverage_notes(geoms: np.ndarray, ids: Sequence[str]) -> list[Message]:
    """Return notes on gaps between neighbouring areas and borders that do not fit.

    Parameters
    ----------
    geoms : numpy.ndarray
        Valid polygons of one level in a metric CRS.
    ids : sequence of str
        Area ids in the same order.

    Returns
    -------
    list of Message
        ``geodata.read.gaps``: holes enclosed by the areas (count, total m²,
        the areas around them); ``geodata.read.borders_misfit``: areas whose
        borders do not meet their neighbours' exactly (overlapping or apart
        by slivers, or with different vertices), with the length of those
        edges. Empty for a valid coverage.

    Examples
    --------
    >>> a, b = shapely.box(0, 0, 10, 10), shapely.box(10, 0, 20, 10)
    >>> coverage_notes(np.array([a, b]), ["1", "2"])
    []
    >>> ring = shapely.box(0, 0, 20, 20).difference(shapely.box(5, 5, 15, 15))
    >>> notes = coverage_notes(np.array([ring, shapely.box(6, 6, 14, 14)]), ["1", "2"])
    >>> notes[0].text("en").split(" are enclosed")[0]
    'gaps: 1 piece(s) of land (together 36 m²)'
    """
    if len(geoms) < 2:
        return []
    notes: list[Message] = []
    union = shapely.union_all(geoms)
    holes = [
        shapely.Polygon(ring)
        for part in shapely.get_parts(union)
        for ring in getattr(part, "interiors", [])
    ]
    # a hole may hold islands of other areas: the gap is the hole without them
    holes = [g for g in shapely.difference(holes, union) if g.area >= MIN_GAP_M2]
    if holes:
        tree = shapely.STRtree(geoms)
        around = sorted(
            {
                str(ids[i])
                for h in holes
                for i in tree.query(h, predicate="intersects")
                if shapely.intersection(geoms[i].boundary, h.boundary).length > 0  # not a corner
            },
            key=lambda v: (len(v), v),
        )
        notes.append(
            Message(
                "geodata.read.gaps",
                {"n": len(holes), "m2": sum(h.area for h in holes), "areas": listed(around)},
            )
        )
    edges = shapely.coverage_invalid_edges(geoms)
    bad = ~shapely.is_empty(edges)
    if bad.any():
        misfit = [str(i) for i in np.asarray(ids)[bad]]
        notes.append(
            Message(
                "geodata.read.borders_misfit",
                {
                    "n": len(misfit),
                    "of": len(geoms),
                    "km": float(shapely.length(edges[bad]).sum()) / 1000,
                    "areas": listed(misfit),
                },
            )
        )
    return notes
