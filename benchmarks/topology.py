"""The TopoJSON floor: how few bytes the same coverage can take on the wire.

A coverage stored as GeoJSON carries every shared border twice (once per
neighbour) with absolute coordinates. TopoJSON stores each border once as an
arc, quantised to an integer grid and delta-encoded. Gzipping that is a
practical lower bound for "send the shapes and an id per area"; the map's
colours, tooltips and script come on top. ``python -m benchmarks.topology N``
prints the floor of the display coverage of a synthetic city of N areas.
"""

from __future__ import annotations

import argparse
import gzip
import json
from typing import Any

import geopandas as gpd
import shapely

#: The grid of the display geometry: ``geodata.display.simplify_coverage`` rounds to 1e-5°.
STEP_DEGREES = 1e-5


def quantisation(areas: gpd.GeoDataFrame, step: float = STEP_DEGREES) -> dict[str, Any]:
    """Return the TopoJSON transform of a grid of ``step`` along both axes at the bounds."""
    x0, y0, _x1, _y1 = areas.total_bounds
    return {"scale": [step, step], "translate": [float(x0), float(y0)]}


def topojson_text(
    areas: gpd.GeoDataFrame, *, id_column: str = "area_id", step: float = STEP_DEGREES
) -> str:
    """Return the quantised TopoJSON (shared arcs, delta-encoded) of ``areas``.

    Only the geometry and ``id_column`` are kept; the grid step is ``step``
    (the precision the map's GeoJSON already has, so nothing is lost that the
    map shows).
    """
    import topojson

    frame = gpd.GeoDataFrame({id_column: areas[id_column].astype(str)}, geometry=areas.geometry)
    topo = topojson.Topology(frame, prequantize=quantisation(frame, step))
    return str(topo.to_json())


def geojson_text(areas: gpd.GeoDataFrame, *, id_column: str = "area_id") -> str:
    """Return the same coverage as plain GeoJSON (each border twice), for comparison."""
    frame = gpd.GeoDataFrame({id_column: areas[id_column].astype(str)}, geometry=areas.geometry)
    return frame.to_json(drop_id=True)


def floor(areas: gpd.GeoDataFrame, *, id_column: str = "area_id") -> dict[str, Any]:
    """Return the bytes of the coverage as TopoJSON and GeoJSON, raw and gzipped.

    Parameters
    ----------
    areas : geopandas.GeoDataFrame
        The display coverage (EPSG:4326, already simplified), one row per area.
    id_column : str
        The column kept as each area's property.

    Returns
    -------
    dict
        ``topojson_bytes``, ``topojson_gzip_bytes``, ``geojson_bytes``,
        ``geojson_gzip_bytes``, ``arcs``, ``vertices`` and ``areas``.
    """
    topo = topojson_text(areas, id_column=id_column)
    geo = geojson_text(areas, id_column=id_column)
    return {
        "areas": len(areas),
        "vertices": int(shapely.get_num_coordinates(areas.geometry.to_numpy()).sum()),
        "arcs": len(json.loads(topo)["arcs"]),
        "topojson_bytes": len(topo.encode()),
        "topojson_gzip_bytes": len(gzip.compress(topo.encode(), compresslevel=9)),
        "geojson_bytes": len(geo.encode()),
        "geojson_gzip_bytes": len(gzip.compress(geo.encode(), compresslevel=9)),
    }


def main(argv: list[str] | None = None) -> None:
    """Print the floor of the display coverage of a synthetic city."""
    from benchmarks import synthetic
    from geodata import display

    parser = argparse.ArgumentParser(prog="python -m benchmarks.topology")
    parser.add_argument("areas", type=int, nargs="?", default=542)
    args = parser.parse_args(argv)
    city = synthetic.make_city(args.areas, indicators=1, years=1)
    simple = display.simplify_coverage(city.areas, tolerance_m=10.0)
    print(json.dumps(floor(simple), indent=1))


if __name__ == "__main__":
    main()
