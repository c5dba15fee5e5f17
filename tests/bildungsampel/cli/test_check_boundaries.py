"""check-boundaries reports everything it found at once: notes, coverage, hierarchy."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from bildungsampel.cli import app


def feature(nr: int, parent: str, box: tuple[float, float, float, float] | None) -> dict:
    geometry = None
    if box is not None:
        x0, y0, x1, y1 = box
        ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
        geometry = {"type": "Polygon", "coordinates": [ring]}
    return {"type": "Feature", "properties": {"nr": nr, "bez": parent}, "geometry": geometry}


def test_gaps_misfits_hierarchy_and_left_out_features_are_all_reported(tmp_path):
    d = 0.01
    features = [  # a 3 × 3 block with the middle missing (a gap) and one feature without shape
        feature(
            i + 1,
            "A" if i < 4 else "B",
            (7 + d * (i % 3), 51 + d * (i // 3), 7 + d * (i % 3 + 1), 51 + d * (i // 3 + 1)),
        )
        for i in range(9)
        if i != 4
    ] + [feature(99, "B", None)]
    path = tmp_path / "bezirke.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    result = CliRunner().invoke(app, ["check-boundaries", str(path), "--parent-column", "bez"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "features: 9 read, 8 areas kept" in out
    assert "note: areas without a polygon, left out (1): 99" in out
    assert "no name column found" in out
    assert "coverage: gaps: 1 piece(s) of land (together " in out
    assert "belong to none, at areas 2, 4, 6, 8" in out
    assert "hierarchy: 8 areas in 2 parents from 'bez': A (4), B (4)" in out


def test_independent_problems_of_a_file_are_reported_together(tmp_path):
    import warnings

    import geopandas as gpd
    import pytest
    import shapely

    from geodata.errors import BoundaryProblemsError
    from geodata.io import read_boundaries

    path = tmp_path / "bezirke.shp"  # no .prj, an id twice, and a parent column that is not there
    frame = gpd.GeoDataFrame(
        {"NR": [1, 1, 2], "NAME": ["Nord", "Süd", "Ost"]},
        geometry=[shapely.box(x, 0, x + 1, 1) for x in range(3)],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pyogrio warns that the file gets no CRS
        frame.to_file(path)
    result = CliRunner().invoke(
        app, ["check-boundaries", str(path), "--id-column", "NR", "--parent-column", "BEZ"]
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: bezirke.shp: the file has no coordinate reference system (no .prj or crs "
        "member); give it, e.g. EPSG:25832 (--crs EPSG:25832)",
        "Error: bezirke.shp: id '1' appears more than once in column 'NR'; choose a column "
        "whose ids are unique (--id-column)",
        "Error: bezirke.shp: parent column 'BEZ' not found; columns are NR, NAME",
    ]
    with pytest.raises(BoundaryProblemsError) as info:
        read_boundaries(path, id_column="NR", parent_column="BEZ")
    assert info.value.text("de").startswith("3 Probleme in der Datei: bezirke.shp: ")
    assert [p.key for p in info.value.problems] == [
        "geodata.crs.missing",
        "geodata.id.repeated",
        "geodata.column.missing",
    ]
