"""Plausibility checks on boundary files: what reads fine but is probably wrong.

Each check returns notes (English and German) and never changes the data; the
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

from geodata.crs import to_metric
from indicators.errors import BildungsampelError
from indicators.matching import normalize_id

#: Longitude/latitude box of Europe (west, south, east, north) — where a German city must lie.
EUROPE = (-25.0, 34.0, 45.0, 72.0)
#: Degrees a file may reach beyond its CRS's area of use (UTM 32N is used for all of Germany).
AREA_OF_USE_MARGIN = 4.0
#: Share of the smaller area from which an overlap of two areas is reported.
OVERLAP_SHARE = 0.01
#: At most this many examples are named in one note.
SHOWN = 5


@dataclass(frozen=True)
class Note:
    """A plausibility warning in both languages."""

    en: str
    de: str

    def text(self, lang: str) -> str:
        """Return the note in ``lang`` (``de`` or ``en``)."""
        return self.de if lang == "de" else self.en


def _listed(items: Sequence[str]) -> str:
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
                    f"coordinates (lon/lat {shown}) lie outside the area of use of {crs.name} "
                    f"({use.name}); check that the declared CRS is the one the file was written "
                    "in, or give it with --crs",
                    f"Koordinaten (Länge/Breite {shown}) liegen außerhalb des "
                    f"Anwendungsbereichs von {crs.name} ({use.name}); bitte prüfen, ob das "
                    "angegebene Bezugssystem stimmt, oder es mit --crs angeben",
                )
            )
    if _inside(found, EUROPE):
        return notes
    if _inside(_bounds_4326(bounds, crs, swap=True), EUROPE):
        notes.append(
            Note(
                f"coordinates (lon/lat {shown}) lie outside Europe, but with x and y swapped "
                "they lie in Europe: the axes are probably swapped (GeoJSON is longitude first, "
                "then latitude) — export the file again with x = easting/longitude, or give the "
                "right CRS with --crs",
                f"Koordinaten (Länge/Breite {shown}) liegen außerhalb Europas, mit vertauschtem "
                "x und y aber in Europa: die Achsen sind wahrscheinlich vertauscht (GeoJSON "
                "erwartet erst Länge, dann Breite) — bitte mit x = Rechtswert/Länge neu "
                "exportieren oder das richtige Bezugssystem mit --crs angeben",
            )
        )
    else:
        notes.append(
            Note(
                f"coordinates (lon/lat {shown}) lie outside Europe; Bildungsampel expects a "
                "German city — check the CRS (--crs)",
                f"Koordinaten (Länge/Breite {shown}) liegen außerhalb Europas; Bildungsampel "
                "erwartet eine deutsche Stadt — bitte das Bezugssystem prüfen (--crs)",
            )
        )
    return notes


def antimeridian_notes(geoms: np.ndarray, ids: Sequence[str], crs: CRS) -> list[Note]:
    """Warn about areas more than 180° of longitude wide (they cross the antimeridian)."""
    if not crs.is_geographic or not len(geoms):
        return []
    bounds = shapely.bounds(geoms)
    wide = [ids[int(i)] for i in np.flatnonzero((bounds[:, 2] - bounds[:, 0]) > 180)]
    if not wide:
        return []
    return [
        Note(
            f"areas {_listed(wide)} span more than 180° of longitude: they cross the "
            "antimeridian (180°) and would be drawn around the globe — split them at 180° or "
            "check the coordinates",
            f"Gebiete {_listed(wide)} sind mehr als 180° Länge breit: sie überqueren die "
            "Datumsgrenze (180°) und würden um den Globus gezeichnet — bitte bei 180° teilen "
            "oder die Koordinaten prüfen",
        )
    ]


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
        notes.append(
            Note(
                f"areas with identical geometry: {_listed(pairs)}; one of each pair is "
                "probably a duplicate — remove it or correct its outline",
                f"Gebiete mit identischer Geometrie: {_listed(pairs)}; je eines ist "
                "wahrscheinlich doppelt — bitte entfernen oder den Umriss korrigieren",
            )
        )
    big = ~same & (frac >= share)
    pairs = [
        f"{ids[i]} / {ids[j]} ({f:.0%})"
        for i, j, f in zip(left[big], right[big], frac[big], strict=True)
    ]
    if pairs:
        notes.append(
            Note(
                f"areas overlap (share of the smaller one): {_listed(pairs)}; areas of one "
                "level should not overlap — check for a duplicate or a wrong level",
                f"Gebiete überlappen (Anteil am kleineren): {_listed(pairs)}; Gebiete einer "
                "Ebene sollten sich nicht überlappen — bitte auf Doppelte oder eine falsche "
                "Ebene prüfen",
            )
        )
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
    return [
        Note(
            f"names used by more than one area: {_listed(groups)}; they are shown with their "
            "id, e.g. 'Neustadt (12)'",
            f"Namen mehrerer Gebiete: {_listed(groups)}; sie werden mit ihrer ID angezeigt, "
            "z. B. 'Neustadt (12)'",
        )
    ]


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
