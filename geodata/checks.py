"""Plausibility checks on boundary files: what reads fine but is probably wrong.

Each check returns notes (keys ``geodata.check.*`` of :mod:`geodata.messages`,
rendered in any language with ``note.text(lang)``) and never changes the data; the
caller shows them as warnings so that a city landing in Somalia, two areas
with the same outline or a polygon wrapped around the globe is noticed before
publishing. Only non-finite coordinates and ids that differ only in leading
zeros are refused (see :func:`check_finite` and :func:`check_id_collisions`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from geodata import messages as _messages  # noqa: F401 - registers geodata.check.*
from geodata.crs import to_metric
from indicators.errors import BildungsampelError
from indicators.matching import normalize_id
from indicators.messages import Message

#: Longitude/latitude box of Europe (west, south, east, north) — where a German city must lie.
EUROPE = (-25.0, 34.0, 45.0, 72.0)
#: Degrees a file may reach beyond its CRS's area of use (UTM 32N is used for all of Germany).
AREA_OF_USE_MARGIN = 4.0
#: Share of the smaller area from which an overlap of two areas is reported.
OVERLAP_SHARE = 0.01
#: At most this many examples are named in one note.
SHOWN = 5


@dataclass(frozen=True)
class Note(Message):
    """A plausibility warning: a key ``geodata.check.*`` and its parameters.

    ``note.text(lang)`` renders it in any language of :data:`indicators.messages.LANGUAGES`.

    Examples
    --------
    >>> note = Note("geodata.check.outside_europe", {"shown": "1.00, 2.00, 3.00, 4.00"})
    >>> note.text("en").split(";")[0]
    'coordinates (lon/lat 1.00, 2.00, 3.00, 4.00) lie outside Europe'
    """


def listed(items: Sequence[str]) -> str:
    """Return the first :data:`SHOWN` items joined by commas, with how many more.

    Examples
    --------
    >>> listed([str(i) for i in range(7)])
    '0, 1, 2, 3, 4 … (+2)'
    """
    items = list(items)
    shown = ", ".join(items[:SHOWN])
    return shown + (f" … (+{len(items) - SHOWN})" if len(items) > SHOWN else "")


def check_finite(
    geoms: np.ndarray, ids: Sequence[str], *, source: str, error: type[BildungsampelError]
) -> None:
    """Refuse geometries with NaN or infinite coordinates, naming the first feature.

    Raises
    ------
    BildungsampelError
        Of type ``error``, naming feature number, id and the coordinate found.
    """
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    bad = ~np.isfinite(coords).all(axis=1)
    if not bad.any():
        return
    rows = sorted(set(index[bad].tolist()))
    first = rows[0]
    x, y = coords[bad][0]
    key = "geodata.coordinate.not_finite" + ("_more" if len(rows) > 1 else "")
    raise error(
        key,
        source=source,
        feature=first + 1,
        area_id=ids[first],
        x=x,
        y=y,
        more=len(rows) - 1,
    )


def check_id_collisions(
    ids: Sequence[str], *, source: str, column: str | None, error: type[BildungsampelError]
) -> None:
    """Refuse ids that are the same after stripping leading zeros (``11`` and ``011``).

    Ids are text and leading zeros are significant, but an indicator table
    (often passed through a spreadsheet that drops zeros) could not be told
    apart for such ids, so a boundary file must not hold both.
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for value in ids:
        groups[normalize_id(value)].append(value)
    clash = next((vals for vals in groups.values() if len(set(vals)) > 1), None)
    if clash is None:
        return
    a, b = clash[0], next(v for v in clash if v != clash[0])
    key = "geodata.id.leading_zeros" + ("_in_column" if column else "")
    raise error(key, source=source, a=a, b=b, column=column)


def _inside(
    box: tuple[float, float, float, float], outer: tuple[float, float, float, float]
) -> bool:
    return (
        all(np.isfinite(box))
        and box[0] >= outer[0]
        and box[1] >= outer[1]
        and box[2] <= outer[2]
        and box[3] <= outer[3]
    )


def _bounds_4326(
    bounds: tuple[float, float, float, float], crs: CRS, *, swap: bool = False
) -> tuple[float, float, float, float]:
    minx, miny, maxx, maxy = bounds
    if swap:
        minx, miny, maxx, maxy = miny, minx, maxy, maxx
    try:
        transformer = Transformer.from_crs(crs, 4326, always_xy=True)
        out = transformer.transform_bounds(minx, miny, maxx, maxy, errcheck=False)
    except Exception:
        return (np.inf, np.inf, np.inf, np.inf)
    return (float(out[0]), float(out[1]), float(out[2]), float(out[3]))


def extent_notes(bounds: tuple[float, float, float, float], crs: CRS) -> list[Note]:
    """Warn when the file lies outside its CRS's area of use, outside Europe, or looks swapped.

    Parameters
    ----------
    bounds : tuple of float
        (minx, miny, maxx, maxy) in the file's own CRS.
    crs : pyproj.CRS
        The CRS the file declares (or that was given).
    """
    found = _bounds_4326(bounds, crs)
    shown = ", ".join(f"{v:.2f}" for v in found)
    notes: list[Note] = []
    use = crs.area_of_use
    if use is not None:
        m = AREA_OF_USE_MARGIN
        wide = (use.west - m, use.south - m, use.east + m, use.north + m)
        if not _inside(found, wide):
            notes.append(
                Note(
                    "geodata.check.outside_area_of_use",
                    {"shown": shown, "crs": crs.name, "use": use.name},
                )
            )
    if _inside(found, EUROPE):
        return notes
    if _inside(_bounds_4326(bounds, crs, swap=True), EUROPE):
        notes.append(Note("geodata.check.axes_swapped", {"shown": shown}))
    else:
        notes.append(Note("geodata.check.outside_europe", {"shown": shown}))
    return notes


def antimeridian_notes(geoms: np.ndarray, ids: Sequence[str], crs: CRS) -> list[Note]:
    """Warn about areas more than 180° of longitude wide (they cross the antimeridian)."""
    if not crs.is_geographic or not len(geoms):
        return []
    bounds = shapely.bounds(geoms)
    wide = [ids[int(i)] for i in np.flatnonzero((bounds[:, 2] - bounds[:, 0]) > 180)]
    if not wide:
        return []
    return [Note("geodata.check.antimeridian", {"areas": listed(wide)})]


def overlap_notes(
    geoms: np.ndarray, ids: Sequence[str], *, share: float = OVERLAP_SHARE
) -> list[Note]:
    """Warn about areas with identical geometry and areas that overlap significantly.

    Parameters
    ----------
    geoms : numpy.ndarray
        Valid polygons in a metric CRS.
    ids : sequence of str
        Area ids in the same order.
    share : float
        Overlap (of the smaller area) from which a pair is reported.
    """
    if len(geoms) < 2:
        return []
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    a, b = geoms[left], geoms[right]
    apart = ~shapely.touches(a, b)
    left, right, a, b = left[apart], right[apart], a[apart], b[apart]
    same = shapely.equals(a, b)
    inter = shapely.area(shapely.intersection(a, b))
    smaller = np.minimum(shapely.area(a), shapely.area(b))
    frac = np.divide(inter, smaller, out=np.zeros_like(inter), where=smaller > 0)
    notes = []
    pairs = [f"{ids[i]} = {ids[j]}" for i, j in zip(left[same], right[same], strict=True)]
    if pairs:
        notes.append(Note("geodata.check.identical", {"pairs": listed(pairs)}))
    big = ~same & (frac >= share)
    pairs = [
        f"{ids[i]} / {ids[j]} ({f:.0%})"
        for i, j, f in zip(left[big], right[big], frac[big], strict=True)
    ]
    if pairs:
        notes.append(Note("geodata.check.overlap", {"pairs": listed(pairs)}))
    return notes


def duplicate_name_notes(ids: Sequence[str], names: Sequence[str]) -> list[Note]:
    """Note names used by several areas and how they are shown ("Neustadt (12)")."""
    frame = pd.DataFrame({"area_id": list(ids), "area_name": list(names)})
    dup = frame[frame["area_name"].duplicated(keep=False)]
    if dup.empty:
        return []
    groups = [
        f"{name!r} ({', '.join(part['area_id'])})"
        for name, part in dup.groupby("area_name", sort=True)
    ]
    return [Note("geodata.check.duplicate_names", {"groups": listed(groups)})]


def plausibility(areas: gpd.GeoDataFrame, metric: gpd.GeoDataFrame) -> list[Note]:
    """Return every plausibility note on a boundary file's areas.

    Parameters
    ----------
    areas : geopandas.GeoDataFrame
        ``area_id``, ``area_name`` and geometry in the file's CRS (extent,
        swapped axes, antimeridian).
    metric : geopandas.GeoDataFrame
        The same areas in a metric CRS (overlaps).

    Returns
    -------
    list of Note
        Extent, antimeridian, overlap and duplicate-name notes, in that order.
    """
    ids = areas["area_id"].tolist()
    bounds = tuple(float(v) for v in areas.total_bounds)
    return [
        *extent_notes((bounds[0], bounds[1], bounds[2], bounds[3]), areas.crs),
        *antimeridian_notes(areas.geometry.to_numpy(), ids, areas.crs),
        *overlap_notes(metric.geometry.to_numpy(), ids),
        *duplicate_name_notes(ids, areas["area_name"].tolist()),
    ]


def plausibility_notes(areas: gpd.GeoDataFrame) -> list[Note]:
    """Return the plausibility warnings of areas already read (e.g. of a stored version).

    Parameters
    ----------
    areas : geopandas.GeoDataFrame
        Areas with ``area_id``, ``area_name`` and a CRS.

    Returns
    -------
    list of Note
        The warnings :func:`geodata.io.read_boundaries` gives for the same areas
        (none for an empty frame or one without a CRS).
    """
    if not len(areas) or areas.crs is None:
        return []
    return plausibility(areas, to_metric(areas))
