"""Hostile boundary files (GeoJSON, zipped Shapefiles, GeoPackages)."""

from __future__ import annotations

import functools
import gzip
import io
import json
import sqlite3
import zipfile
from pathlib import Path

from tests.geodata.test_geodata_hostile import feature, grid, refused_cases, ring, warned_cases
from tests.hostile import Case
from tests.hostile.test_hostile_inputs import boundary_cases, geojson, shapefile_parts

F = "boundaries"
SQ = ring(7.0, 51.5, 0.01)


@functools.cache
def _absorbed() -> dict[str, tuple[str, bytes, str]]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return {c: (n, d, m) for c, n, d, m in boundary_cases(Path(tmp))}


def from_absorbed(case: str):
    return lambda tmp: _absorbed()[case][1]


def from_refused(case: str):
    return lambda tmp: {c: p for c, p, _, _ in refused_cases(tmp)}[case]


def from_warned(case: str):
    return lambda tmp: {c: p for c, p, _ in warned_cases(tmp)}[case]


def const(data: bytes):
    return lambda tmp: data


def case(name, file, build, expect, code=2, command="boundaries", **kw) -> Case:
    return Case(
        name, F, file, build if callable(build) else const(build), command, expect, code, **kw
    )


def areas(*names: str, ids: tuple[str, ...] | None = None) -> bytes:
    ids = ids or tuple(str(i + 1) for i in range(len(names)))
    return geojson(
        [
            feature(ring(7.0 + i * 0.02, 51.5, 0.01), id=a, name=n)
            for i, (a, n) in enumerate(zip(ids, names, strict=True))
        ]
    )


def geometry(geom: dict) -> bytes:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {"id": "1", "name": "A"}, "geometry": geom}
            ],
        }
    ).encode()


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def shp_zip(tmp: Path, keep=lambda name: True, rename=lambda name: name) -> bytes:
    return zipped({rename(k): v for k, v in shapefile_parts(tmp).items() if keep(k)})


def empty_gpkg(tmp: Path) -> Path:
    path = tmp / "leer.gpkg"
    sqlite3.connect(path).close()
    return path


def text_gpkg(tmp: Path) -> Path:
    path = tmp / "text.gpkg"
    path.write_text("not a geopackage\n")
    return path


def points_gpkg(tmp: Path) -> Path:
    import geopandas as gpd
    from shapely.geometry import Point

    path = tmp / "punkte.gpkg"
    gpd.GeoDataFrame(
        {"nr": ["1", "2"]}, geometry=[Point(7, 51.5), Point(7.1, 51.5)], crs=4326
    ).to_file(path, engine="pyogrio")
    return path


def grid_gpkg(tmp: Path, n: int, name: str) -> Path:
    path = tmp / name
    grid(n).to_file(path, engine="pyogrio")
    return path


WARN = "check-boundaries"

ABSORBED = [
    ("zip bomb", "bombe.zip", "zip bomb"),
    ("path traversal", "reise.zip", "points outside the archive"),
    ("not a zip", "falsch.zip", "not a valid zip archive"),
    ("shapefile without .shx", "ohne_shx.zip", "lacks its .shx"),
    ("shapefile without .prj", "ohne_prj.zip", "no coordinate reference system"),
    ("projected geojson without crs", "meter.geojson", "projected metres"),
    ("not json", "kaputt.geojson", "cannot be read as a boundary file"),
    ("duplicate ids", "doppelt.geojson", "appears more than once"),
    ("drops areas with data", "klein.geojson", "have published values but are (missing|not in)"),
]
REFUSED = [
    (
        "NaN coordinate",
        "nan.geojson",
        r"nan\.geojson, feature 2 \(id '2'\): coordinate \(nan, 51\.0\) is not a finite number",
    ),
    ("infinite coordinate", "inf.geojson", r"coordinate \(inf, 51\.0\) is not a finite"),
    (
        "ids 11 and 011",
        "nullen.geojson",
        r"ids '11' and '011' in column 'id' differ only in leading zeros",
    ),
    (
        "ids 7 and 7.0",
        "komma.geojson",
        r"ids '7' and '7\.0' in column 'id' differ only in leading zeros",
    ),
    (
        "unknown EPSG code",
        "epsg.geojson",
        r"names 'EPSG:999999', which is not a known coordinate reference system",
    ),
    (
        "two shapefiles in a zip",
        "zwei.zip",
        r"zwei\.zip: holds 2 layers \(alt\.shp, neu\.shp\); choose one of them \(--layer NAME\)",
    ),
    ("two layers in a GeoPackage", "ebenen.gpkg", r"ebenen\.gpkg: holds 2 layers"),
]
WARNED = [
    (
        "lat/lon swapped (the city lands in Somalia)",
        "somalia.geojson",
        r"with x and y swapped they lie in Europe: the axes are probably swapped",
    ),
    ("easting/northing swapped in UTM", "utm.geojson", r"the axes are probably swapped"),
    (
        "degrees declared as UTM metres",
        "grad.geojson",
        r"lie outside the area of use of ETRS89 / UTM zone 32N",
    ),
    ("outside Europe", "rio.geojson", r"lie outside Europe; Bildungsampel expects a German city"),
    ("identical geometry", "doppelt.geojson", r"areas with identical geometry: 1 = 2"),
    (
        "significant overlap",
        "ueber.geojson",
        r"areas overlap \(share of the smaller one\): 1 / 2 \(50%\)",
    ),
    (
        "antimeridian",
        "fidschi.geojson",
        r"span more than 180° of longitude: they cross the antimeridian",
    ),
    (
        "duplicate names",
        "namen.geojson",
        r"names used by more than one area: 'Neustadt' \(12, 14\)",
    ),
]
ORPHANED = r"have published values but are not in"
FOREIGN = r"areas .* have published values"

CASES: list[Case] = [
    *(
        case(
            f"boundary {c}",
            n,
            from_absorbed(c),
            m,
            slow=c == "zip bomb",
            mib=None,
        )
        for c, n, m in ABSORBED
    ),
    *(case(f"boundary {c}", n, from_refused(c), m) for c, n, m in REFUSED),
    *(case(f"boundary {c}", n, from_warned(c), "warning: .*" + m, 0, WARN) for c, n, m in WARNED),
    case("boundary empty file", "leer.geojson", b"", r"empty|cannot be read"),
    case("boundary whitespace only", "leer2.geojson", b"  \n\t\n", r"empty|cannot be read"),
    case(
        "boundary no features",
        "keine.geojson",
        geojson([]),
        r"keine.geojson: the file contains no polygons",
    ),
    case(
        "boundary null geometry",
        "null.geojson",
        geometry(None),
        r"no geometry|empty|null|missing|polygon",
    ),
    case(
        "boundary points instead of polygons",
        "punkte.geojson",
        geometry({"type": "Point", "coordinates": [7, 51.5]}),
        r"polygon|Point",
    ),
    case(
        "boundary lines instead of polygons",
        "linie.geojson",
        geometry({"type": "LineString", "coordinates": [[7, 51.5], [7.1, 51.6]]}),
        r"polygon|LineString",
    ),
    case(
        "boundary geometry collection",
        "sammlung.geojson",
        geometry(
            {
                "type": "GeometryCollection",
                "geometries": [{"type": "Point", "coordinates": [7, 51]}],
            }
        ),
        r"polygon|GeometryCollection",
    ),
    case(
        "boundary bow-tie repaired",
        "schleife.geojson",
        geometry(
            {
                "type": "Polygon",
                "coordinates": [[[7, 51.5], [7.01, 51.51], [7.01, 51.5], [7, 51.51], [7, 51.5]]],
            }
        ),
        r"repaired geometries: 1 .*invalid geometry, repaired \(1\): 1 \(Self-intersection",
        0,
        WARN,
    ),
    case(
        "boundary unclosed ring",
        "offen.geojson",
        geometry(
            {
                "type": "Polygon",
                "coordinates": [[[7, 51.5], [7.01, 51.5], [7.01, 51.51], [7, 51.51]]],
            }
        ),
        r"offen.geojson: cannot be read as a boundary file \(.*do not form a closed linestring",
    ),
    case(
        "boundary ring of two points",
        "kurz.geojson",
        geometry({"type": "Polygon", "coordinates": [[[7, 51.5], [7.01, 51.5]]]}),
        r"ring|points|cannot be read|invalid",
    ),
    case(
        "boundary coordinates 1e308",
        "gross.geojson",
        geometry(
            {
                "type": "Polygon",
                "coordinates": [[[7, 51.5], [1e308, 51.5], [7.01, 51.51], [7, 51.5]]],
            }
        ),
        r"gross.geojson: coordinates up to .* are projected metres",
    ),
    case(
        "boundary coordinates 1e309 literal",
        "unendlich.geojson",
        geometry(
            {
                "type": "Polygon",
                "coordinates": [[[7, 51.5], [7.01, 51.5], [7.01, 51.51], [7, 51.5]]],
            }
        ).replace(b"7.01, 51.5]", b"1e309, 51.5]"),
        r"unendlich.geojson: cannot be read as a boundary file .*Unrecognized number: 1e309",
    ),
    case(
        "boundary no id column",
        "ohneid.geojson",
        geojson(
            [
                {
                    "type": "Feature",
                    "properties": {"x": 1},
                    "geometry": {"type": "Polygon", "coordinates": SQ},
                }
            ]
        ),
        r"id|column",
        0,
        WARN,
    ),
    case(
        "boundary null properties",
        "ohneprop.geojson",
        geojson(
            [
                {
                    "type": "Feature",
                    "properties": None,
                    "geometry": {"type": "Polygon", "coordinates": SQ},
                }
            ]
        ),
        r"id|column|areas",
        0,
        WARN,
    ),
    case(
        "boundary 1 MB area name",
        "name.geojson",
        areas("N" * 1_000_000),
        r"characters|too long|limit|area ids",
        0,
        WARN,
    ),
    case(
        "boundary rich markup names",
        "markup.geojson",
        areas("[/b]Alt[b]", "[alt]"),
        r"area ids: 1, 2",
        0,
        WARN,
    ),
    case(
        "boundary markup names (import)",
        "markup2.geojson",
        areas("[/b]Alt[b]", "[alt]", ids=("[/b]", "[x]")),
        ORPHANED,
    ),
    case(
        "boundary sheet-title characters",
        "zeichen.geojson",
        areas("A/B\\C[D]:E*F?G", "Süd"),
        r"area ids: 1, 2",
        0,
        WARN,
    ),
    case(
        "boundary RTL and emoji names",
        "rtl.geojson",
        areas("\u202eNord\u202c", "🏫 Süd"),
        r"area ids: 1, 2",
        0,
        WARN,
    ),
    case(
        "boundary markdown link name",
        "link.geojson",
        areas("[klick](http://evil.example/)", "![x](http://evil.example/x.png)"),
        r"area ids: 1, 2",
        0,
        WARN,
    ),
    case(
        "boundary crs urn unknown",
        "urn.geojson",
        geojson(
            [feature(SQ, id="1")],
            {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::999999"}},
        ),
        r"not a known coordinate reference system|unknown",
    ),
    case(
        "boundary crs garbage",
        "crs.geojson",
        geojson(
            [feature(SQ, id="1")], {"type": "name", "properties": {"name": "Gauß-Krüger ungefähr"}}
        ),
        r"not a known coordinate reference system|unknown",
    ),
    case("boundary json list", "liste.geojson", b"[1, 2, 3]", r"cannot be read as a boundary file"),
    case(
        "boundary deep json nesting",
        "tief.geojson",
        b"[" * 100_000 + b"]" * 100_000,
        r"cannot be read as a boundary file|nested",
    ),
    case(
        "boundary topojson",
        "topo.json",
        b'{"type":"Topology","objects":{},"arcs":[]}',
        r"cannot be read|no (areas|features)|empty|Topology",
    ),
    case(
        "boundary kml renamed",
        "karte.geojson",
        b'<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>',
        r"cannot be read as a boundary file",
    ),
    case(
        "boundary gzip renamed",
        "gz.geojson",
        lambda tmp: gzip.compress(areas("A", "B")),
        r"cannot be read as a boundary file",
    ),
    case(
        "boundary utf-16 geojson",
        "u16.geojson",
        lambda tmp: areas("Süd", "Nord").decode().encode("utf-16"),
        r"u16.geojson: cannot be read as a boundary file",
    ),
    case(
        "boundary latin-1 geojson",
        "latin1.geojson",
        lambda tmp: areas("Süd", "Nord").decode("utf-8").replace("\\u00fc", "ü").encode("latin-1"),
        r"latin1.geojson: cannot be read as a boundary file .*can't decode byte 0xfc",
    ),
    case(
        "boundary BOM geojson",
        "bom.geojson",
        lambda tmp: b"\xef\xbb\xbf" + areas("Süd", "Nord"),
        r"area ids: 1, 2",
        0,
        WARN,
    ),
    case(
        "boundary NUL bytes",
        "nul.geojson",
        lambda tmp: areas("A", "B").replace(b'"A"', b'"A\\u0000"'),
        r"area ids|NUL|control",
        0,
        WARN,
    ),
    case(
        "boundary 5,000 areas",
        "viele.geojson",
        lambda tmp: areas(*(f"T{i}" for i in range(5000))),
        r"area ids",
        0,
        WARN,
        mib=150.0,
        seconds=30.0,
        slow=True,
    ),
    case(
        "boundary zip without shapefile",
        "nur_text.zip",
        zipped({"liesmich.txt": b"hallo"}),
        r"no (boundary|shapefile|layer)|holds no|cannot be read",
    ),
    case(
        "boundary zip with only .dbf",
        "nur_dbf.zip",
        lambda tmp: shp_zip(tmp, keep=lambda n: n.endswith(".dbf")),
        r"no (boundary|shapefile|layer)|holds no|lacks|cannot be read",
    ),
    case(
        "boundary zip in a zip",
        "doppelt.zip",
        lambda tmp: zipped({"innen.zip": shp_zip(tmp)}),
        r"no (boundary|shapefile|layer)|holds no|zip|cannot be read",
    ),
    case(
        "boundary empty zip",
        "leer.zip",
        zipped({}),
        r"no (boundary|shapefile|layer)|empty|holds no|cannot be read",
    ),
    case(
        "boundary zip with 2,000 members",
        "viele.zip",
        zipped({f"f{i}.txt": b"x" for i in range(2000)}),
        r"no (boundary|shapefile|layer)|members|holds no|cannot be read",
    ),
    case(
        "boundary zip with a sub-folder",
        "ordner.zip",
        lambda tmp: shp_zip(tmp, rename=lambda n: f"daten/{n}"),
        r"id column guessed: 'stadtteil_'.*new: none; gone: none",
        0,
    ),
    case(  # the shapefile's laundered 'stadtteil_' (10 characters) holds the district numbers
        "boundary sample city as zipped shapefile",
        "gebiete.zip",
        lambda tmp: shp_zip(tmp),
        r"id column guessed: 'stadtteil_' \(100% of its values are areas of the published",
        0,
    ),
    case(
        "boundary truncated zip",
        "halb.zip",
        lambda tmp: shp_zip(tmp)[:3000],
        r"not a valid zip archive|cannot be read",
    ),
    case(
        "boundary gpkg empty database",
        "leer.gpkg",
        empty_gpkg,
        r"cannot be read|no (layer|areas|boundary)|GeoPackage",
    ),
    case(
        "boundary gpkg that is text",
        "text.gpkg",
        text_gpkg,
        r"cannot be read as a boundary file|GeoPackage",
    ),
    case("boundary gpkg of points", "punkte.gpkg", points_gpkg, r"polygon|Point"),
    case(
        "boundary gpkg of other areas",
        "fremd.gpkg",
        lambda tmp: grid_gpkg(tmp, 3, "fremd.gpkg"),
        ORPHANED,
    ),
    case(
        "boundary check of a gpkg grid",
        "raster.gpkg",
        lambda tmp: grid_gpkg(tmp, 4, "raster.gpkg"),
        r"4 areas|area ids",
        0,
        WARN,
    ),
]
