import json
import zipfile

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Polygon, box

from geodata.display import simplify_coverage
from geodata.errors import BoundaryError
from geodata.hierarchy import dissolve_parents, parent_mapping
from geodata.io import detect_dbf_encoding, read_boundaries


def _grid(crs=25832):
    geoms = [box(360000 + i * 1000, 5710000, 361000 + i * 1000, 5711000) for i in range(3)]
    return gpd.GeoDataFrame(
        {
            "nr": ["001", "002", "010"],
            "name": ["Heßler", "Ückendorf", "Buer"],
            "bezirk": ["Mitte", "Süd", "Süd"],
        },
        geometry=geoms,
        crs=crs,
    )


def test_geopackage_ids_stay_strings_with_leading_zeros(tmp_path):
    path = tmp_path / "a.gpkg"
    _grid().to_file(path)
    bnd = read_boundaries(path, id_column="nr", name_column="name", parent_column="bezirk")
    assert bnd.areas["area_id"].tolist() == ["001", "002", "010"]
    assert bnd.areas["area_name"].tolist() == ["Heßler", "Ückendorf", "Buer"]
    assert bnd.areas.crs.to_epsg() == 25832
    assert bnd.source_crs == "ETRS89 / UTM zone 32N (EPSG:25832)"
    assert bnd.to_display().crs.to_epsg() == 4326
    assert parent_mapping(bnd.areas) == {"001": "Mitte", "002": "Süd", "010": "Süd"}


def test_cp1252_dbf_without_cpg_and_without_language_driver(tmp_path):
    path = tmp_path / "s.shp"
    _grid().to_file(path, encoding="cp1252", engine="pyogrio")
    for p in tmp_path.glob("s.cpg"):
        p.unlink()
    dbf = tmp_path / "s.dbf"
    data = bytearray(dbf.read_bytes())
    data[29] = 0  # no language driver: only the bytes tell
    dbf.write_bytes(bytes(data))
    assert detect_dbf_encoding(path) == ("cp1252", "not valid UTF-8")
    bnd = read_boundaries(path, id_column="nr", name_column="name")
    assert bnd.areas["area_name"].tolist() == ["Heßler", "Ückendorf", "Buer"]
    assert bnd.encoding == "cp1252 (not valid UTF-8)"


def test_zipped_shapefile(tmp_path):
    _grid().to_file(tmp_path / "s.shp", engine="pyogrio")
    archive = tmp_path / "s.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for p in tmp_path.glob("s.*"):
            if p.suffix != ".zip":
                z.write(p, arcname=f"inner/{p.name}")
    bnd = read_boundaries(archive, id_column="nr", name_column="name")
    assert len(bnd.areas) == 3


def _write_geojson(path, features, crs=None):
    doc = {"type": "FeatureCollection", "features": features}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(doc), encoding="utf-8")


def _feature(geom, **props):
    return {"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(geom)}


def test_projected_geojson_without_crs_is_refused_with_advice(tmp_path):
    path = tmp_path / "p.geojson"
    _write_geojson(path, [_feature(box(360000, 5710000, 361000, 5711000), id="1")])
    with pytest.raises(
        BoundaryError,
        match=r"p.geojson: coordinates up to \(361000, 5711000\) "
        r"are projected metres.*e\.g\. EPSG:25832",
    ):
        read_boundaries(path)
    bnd = read_boundaries(path, crs="EPSG:25832")
    assert bnd.bounds_4326[1] == pytest.approx(51.52, abs=0.05)


def test_invalid_geometry_repaired_and_reported(tmp_path):
    bowtie = Polygon([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])
    path = tmp_path / "b.geojson"
    _write_geojson(
        path,
        [
            _feature(bowtie, id="7", name="Schleife"),
            _feature(box(2, 0, 3, 1), id="8", name="Quadrat"),
        ],
    )
    bnd = read_boundaries(path)
    assert bnd.repaired == ["7"]
    assert bnd.areas.is_valid.all()
    assert bnd.areas.geometry.iloc[0].geom_type == "MultiPolygon"
    assert any("Self-intersection" in w.text("en") for w in bnd.warnings)


def test_bare_geometry_collection_takes_id_from_file_name(tmp_path):
    path = tmp_path / "708_huettenheim.json"
    mp = shapely.MultiPolygon([box(6.70, 51.35, 6.74, 51.38)])
    path.write_text(
        json.dumps({"type": "GeometryCollection", "geometries": [shapely.geometry.mapping(mp)]})
    )
    bnd = read_boundaries(path)
    assert bnd.areas[["area_id", "area_name"]].values.tolist() == [["708", "huettenheim"]]
    assert bnd.areas.geometry.iloc[0].geom_type == "Polygon"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"id_column": "nope"}, "id column 'nope' not found; columns are nr, name, bezirk"),
        ({"id_column": "bezirk"}, "id 'Süd' appears more than once in column 'bezirk'"),
    ],
)
def test_column_errors(tmp_path, kwargs, match):
    path = tmp_path / "a.gpkg"
    _grid().to_file(path)
    with pytest.raises(BoundaryError, match=match):
        read_boundaries(path, **kwargs)


def test_missing_and_unsupported_files(tmp_path):
    with pytest.raises(BoundaryError, match="does not exist"):
        read_boundaries(tmp_path / "x.gpkg")
    bad = tmp_path / "x.txt"
    bad.write_text("hi")
    with pytest.raises(BoundaryError, match=r"unsupported file type '\.txt'"):
        read_boundaries(bad)
    broken = tmp_path / "x.geojson"
    broken.write_text("{not json")
    with pytest.raises(BoundaryError, match="cannot be read as a boundary file"):
        read_boundaries(broken)


def test_dissolve_and_simplify_keep_coverage(tmp_path):
    import sample_data

    bnd = read_boundaries(
        sample_data.BOUNDARIES,
        id_column="stadtteil_nr",
        name_column="stadtteil",
        parent_column="stadtbezirk",
    )
    parents = dissolve_parents(bnd.areas)
    assert parents["area_id"].tolist() == ["Mitte", "Nord", "Ost", "Süd", "West"]
    assert (parents.geom_type == "Polygon").all()
    assert parents.area.sum() == pytest.approx(bnd.areas.area.sum(), rel=1e-9)
    display = simplify_coverage(bnd.areas, tolerance_m=10)
    assert display.crs.to_epsg() == 4326
    assert shapely.coverage_is_valid(display.geometry.to_numpy())
    before = sum(len(shapely.get_coordinates(g)) for g in bnd.areas.geometry)
    after = sum(len(shapely.get_coordinates(g)) for g in display.geometry)
    assert after < before / 3
    moved = bnd.areas.boundary.hausdorff_distance(display.to_crs(bnd.areas.crs).boundary)
    assert moved.max() < 12
