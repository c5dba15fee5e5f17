"""Geometries for the browser: simplified without gaps, in EPSG:4326."""

from __future__ import annotations

import geopandas as gpd
import shapely


def simplify_coverage(
    areas: gpd.GeoDataFrame, *, tolerance_m: float = 10.0, decimals: int = 5
) -> gpd.GeoDataFrame:
    """Simplify a coverage of areas for display, keeping shared borders shared.

    ``coverage_clean`` first snaps tiny gaps and overlaps, then
    ``coverage_simplify`` simplifies each shared edge once, so neighbours stay
    gap-free (``simplify(preserve_topology=True)`` would not). Works in the
    metric CRS, then converts to EPSG:4326 and rounds coordinates.

    Parameters
    ----------
    areas : geopandas.GeoDataFrame
        In a metric CRS.
    tolerance_m : float
        Simplification tolerance in metres.
    decimals : int
        Decimal places kept in degrees (5 ≈ 1 m).

    Returns
    -------
    geopandas.GeoDataFrame
        Same rows and columns, EPSG:4326.
    """
    geoms = areas.geometry.to_numpy()
    cleaned = shapely.coverage_clean(geoms)
    simple = shapely.coverage_simplify(cleaned, tolerance_m, simplify_boundary=True)
    out = areas.copy()
    out.geometry = gpd.GeoSeries(simple, index=areas.index, crs=areas.crs)
    out = out.to_crs(4326)
    out.geometry = shapely.set_precision(out.geometry.to_numpy(), 10.0**-decimals)
    return out
