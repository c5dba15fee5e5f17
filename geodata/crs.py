"""Coordinate reference systems of boundary files: the user's, the file's, the metric one.

A CRS given by the user overrides the file's; a ``.prj`` with custom
parameters is trusted as it is (never replaced by a guessed EPSG code); a
GeoJSON ``crs`` member naming an unknown system and projected metres read as
longitude/latitude are refused with a message saying how to give the CRS.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from geodata.errors import BoundaryError

_CRS_MEMBER = re.compile(rb'"crs"\s*:\s*\{')


def user_crs(crs: str | int, source: str) -> CRS:
    """Return the CRS given by the user for ``source``.

    Raises
    ------
    BoundaryError
        For a CRS pyproj does not know (``EPSG:999999``), naming common codes.
    """
    try:
        return CRS.from_user_input(crs)
    except CRSError:
        raise BoundaryError("geodata.crs.unknown", hint="crs", source=source, crs=crs) from None


def geojson_crs_name(layer: Path) -> str | None:
    """Return the CRS named by a GeoJSON's ``crs`` member (None: no readable member)."""
    if layer.suffix.lower() not in (".geojson", ".json"):
        return None
    data = layer.read_bytes()
    match = _CRS_MEMBER.search(data)
    if match is None:
        return None
    try:
        text = data[match.end() - 1 :].decode("utf-8", errors="replace")
        member, _ = json.JSONDecoder().raw_decode(text)
        props = member.get("properties") or {}
        name = props.get("name") or (
            f"{props.get('type', 'EPSG')}:{props['code']}" if "code" in props else None
        )
    except (ValueError, AttributeError, TypeError):
        return None  # not a readable crs member: GDAL decides
    return name if isinstance(name, str) else None


def check_geojson_crs(layer: Path, source: str) -> None:
    """Refuse a GeoJSON ``crs`` member naming an unknown CRS (GDAL would read it as WGS 84).

    Raises
    ------
    BoundaryError
        Naming the unknown CRS and how to give the right one.
    """
    name = geojson_crs_name(layer)
    if name is None:
        return
    try:
        CRS.from_user_input(name)
    except CRSError:
        raise BoundaryError(
            "geodata.crs.bad_member", hint="crs", source=source, name=name
        ) from None


def check_declared_crs(frame: gpd.GeoDataFrame, source: str) -> None:
    """Refuse a frame without CRS, or with projected metres declared as degrees.

    Raises
    ------
    BoundaryError
        When ``frame.crs`` is None, or geographic while a coordinate is beyond
        ±180/±90 (a GeoJSON in metres without a ``crs`` member).
    """
    if frame.crs is None:
        raise BoundaryError("geodata.crs.missing", hint="crs", source=source)
    coords = shapely.get_coordinates(frame.geometry.to_numpy())
    coords = coords[np.isfinite(coords).all(axis=1)]  # non-finite ones are a problem of their own
    if frame.crs.is_geographic and len(coords):
        minx, miny = coords.min(axis=0)
        maxx, maxy = coords.max(axis=0)
        if max(abs(minx), abs(maxx)) > 180 or max(abs(miny), abs(maxy)) > 90:
            raise BoundaryError(
                "geodata.crs.metres_as_degrees", hint="crs", source=source, x=maxx, y=maxy
            )


def crs_label(crs: CRS) -> str:
    """Return the CRS as shown to the analyst: its name and EPSG code, or "custom, from file".

    Examples
    --------
    >>> crs_label(CRS.from_epsg(25832))
    'ETRS89 / UTM zone 32N (EPSG:25832)'
    """
    epsg = crs.to_epsg()
    return f"{crs.name} (EPSG:{epsg})" if epsg else f"{crs.name} (custom, from file)"


def to_metric(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Keep a projected CRS in metres; move geographic data to its UTM zone.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        With a CRS.

    Returns
    -------
    geopandas.GeoDataFrame
        ``frame`` itself when its CRS is projected in metres, else a copy in
        the UTM zone of its centre.
    """
    crs = frame.crs
    if crs.is_projected and crs.axis_info[0].unit_name in ("metre", "meter"):
        return frame
    return frame.to_crs(frame.estimate_utm_crs())
