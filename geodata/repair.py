"""Repairing geometries: invalid polygons made valid, other parts dropped, empties left out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd
import shapely

from geodata import read_messages as _read_messages  # noqa: F401 - registers the notes
from geodata.checks import listed
from geodata.errors import BoundaryError
from indicators.messages import Message


class Repaired(NamedTuple):
    """Geometries after repair.

    Attributes
    ----------
    geoms : numpy.ndarray
        Polygons or MultiPolygons (an empty Polygon where nothing polygonal was left).
    repaired : list of str
        Ids of the areas whose geometry was invalid.
    warnings : list of Message
        One note for all repaired areas, each with the reason it was invalid.
    """

    geoms: np.ndarray
    repaired: list[str]
    warnings: list[Message]


def polygonal(geoms: np.ndarray) -> np.ndarray:
    """Keep only the polygon parts of every geometry (from collections or ``make_valid``).

    Examples
    --------
    >>> mixed = shapely.GeometryCollection([shapely.box(0, 0, 1, 1), shapely.Point(5, 5)])
    >>> polygonal(np.array([mixed], dtype=object))[0].geom_type
    'Polygon'
    """
    return np.array([_polygon_parts(geom) for geom in geoms], dtype=object)


def _polygon_parts(geom: shapely.Geometry | None) -> shapely.Geometry | None:
    """Return ``geom``'s polygons as one (Multi)Polygon, an empty Polygon when it has none."""
    if geom is None or geom.is_empty or geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    parts = [q for p in parts for q in shapely.get_parts(p)]
    if len(parts) > 1:
        return shapely.MultiPolygon(parts)
    return parts[0] if parts else shapely.Polygon()


def repair(geoms: np.ndarray, ids: pd.Series) -> Repaired:
    """Make invalid geometries valid and keep their polygon parts.

    Parameters
    ----------
    geoms : numpy.ndarray
        The geometries as read.
    ids : pandas.Series
        The area id of each geometry (for the report).
    """
    valid = shapely.is_valid(geoms)
    reasons = [
        f"{area_id} ({shapely.is_valid_reason(geom)})"
        for area_id, geom in zip(ids[~valid], geoms[~valid], strict=True)
    ]
    warnings = (
        [Message("geodata.read.repaired", {"n": len(reasons), "areas": listed(reasons)})]
        if reasons
        else []
    )
    fixed = polygonal(np.where(valid, geoms, shapely.make_valid(geoms)))
    return Repaired(fixed, [str(i) for i in ids[~valid]], warnings)


def polygons_kept(
    geoms: np.ndarray, ids: Sequence[str], *, source: str, warnings: list[Message]
) -> np.ndarray:
    """Return which geometries hold a polygon, noting each one left out in ``warnings``.

    Raises
    ------
    BoundaryError
        When no geometry holds a polygon.
    """
    empty = shapely.is_empty(geoms) | pd.isna(geoms)
    if empty.all():
        raise BoundaryError("geodata.polygons.none", source=source)
    left_out = [str(area_id) for area_id in np.asarray(ids)[empty]]
    if left_out:
        warnings.append(
            Message("geodata.read.no_polygon", {"n": len(left_out), "areas": listed(left_out)})
        )
    return np.asarray(~empty)
