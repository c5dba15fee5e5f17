"""Display geometry: computed once when areas are published, then read by every map."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from geopandas.testing import assert_geodataframe_equal

from bildungsampel.service import dataset, mapgeometry
from bildungsampel.service.store import DB_NAME, Store
from geodata import display
from tests import states


def _rows(data_dir: Path) -> list[tuple[str, str, float, int]]:
    with sqlite3.connect(data_dir / DB_NAME) as db:
        return db.execute(
            "SELECT areas_sha256, level_id, tolerance_m, COUNT(*) FROM display_geometry "
            "GROUP BY areas_sha256, level_id, tolerance_m ORDER BY level_id"
        ).fetchall()


def test_prepare_stores_every_level_and_maps_read_it_unchanged(tmp_path: Path, monkeypatch):
    store = states.sample_store(tmp_path)
    assert mapgeometry.prepare(store, tolerance_m=10.0) == ["stadtteil", "stadtbezirk"]
    rows = _rows(tmp_path)
    assert [(level, tol, n) for _sha, level, tol, n in rows] == [
        ("stadtbezirk", 10.0, 5),
        ("stadtteil", 10.0, 18),
    ]
    assert rows[0][0] == store.display_key()  # keyed by the areas checksum
    data = dataset.from_store(store)
    computed = display.simplify_coverage(data.areas("stadtteil"), tolerance_m=10.0)
    monkeypatch.setattr(display, "simplify_coverage", lambda *a, **k: pytest.fail("recomputed"))
    read = mapgeometry.display_areas(store, data, "stadtteil", tolerance_m=10.0)
    assert_geodataframe_equal(read, computed)
    assert read.crs.to_epsg() == 4326


def test_a_values_publish_and_a_rollback_share_the_stored_geometry(tmp_path: Path, monkeypatch):
    store = states.sample_store(tmp_path)
    first = store.current_id()
    mapgeometry.prepare(store, tolerance_m=10.0)
    key = store.display_key()
    monkeypatch.setattr(display, "simplify_coverage", lambda *a, **k: pytest.fail("recomputed"))
    states.new_year(store, "gymnasium", states.area_ids(store))
    assert store.current_id() != first
    assert store.display_key() == key
    store.rollback(first, author="test")
    assert store.display_key() == key
    data = dataset.from_store(store)
    assert len(mapgeometry.display_areas(store, data, "stadtbezirk", tolerance_m=10.0)) == 5
    assert len(_rows(tmp_path)) == 2


def test_other_areas_or_another_tolerance_are_computed_and_stored_apart(tmp_path: Path):
    store = states.sample_store(tmp_path)
    data = dataset.from_store(store)
    first = mapgeometry.display_areas(store, data, "stadtteil", tolerance_m=10.0)
    coarse = mapgeometry.display_areas(store, data, "stadtteil", tolerance_m=1000.0)
    assert shapes_of(coarse) < shapes_of(first)
    assert [(lv, tol) for _s, lv, tol, _n in _rows(tmp_path)] == [
        ("stadtteil", 10.0),
        ("stadtteil", 1000.0),
    ]
    old_key = store.display_key()
    states.own_levels(store)  # new levels over the same areas: a new key
    assert store.display_key() != old_key
    mapgeometry.prepare(store, tolerance_m=10.0)
    keys = {sha for sha, *_ in _rows(tmp_path)}
    assert keys == {old_key, store.display_key()}


def shapes_of(frame) -> int:
    import shapely

    return int(shapely.get_num_coordinates(frame.geometry.to_numpy()).sum())


def test_a_read_only_store_computes_without_storing(tmp_path: Path):
    data_dir = tmp_path / "ro"
    states.sample_store(data_dir).engine.dispose()
    (data_dir / DB_NAME).chmod(0o444)
    data_dir.chmod(0o555)
    try:
        store = Store(data_dir)
        data = dataset.from_store(store)
        frame = mapgeometry.display_areas(store, data, "stadtbezirk", tolerance_m=10.0)
        assert len(frame) == 5
    finally:
        data_dir.chmod(0o755)
        (data_dir / DB_NAME).chmod(0o644)
    assert _rows(data_dir) == []


def test_a_store_written_before_display_geometry_computes_it(tmp_path: Path):
    states.sample_store(tmp_path).engine.dispose()
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute("DROP TABLE display_geometry")
    (tmp_path / DB_NAME).chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        store = Store(tmp_path)  # read-only: the table cannot be added
        assert store.display_key() is None
        data = dataset.from_store(store)
        assert len(mapgeometry.display_areas(store, data, "stadtteil", tolerance_m=10.0)) == 18
    finally:
        tmp_path.chmod(0o755)


def test_purge_removes_geometry_of_areas_no_version_has(tmp_path: Path):
    store = states.sample_store(tmp_path)
    mapgeometry.prepare(store, tolerance_m=10.0)
    old_key = store.display_key()
    first = store.current_id()
    states.own_levels(store)
    mapgeometry.prepare(store, tolerance_m=10.0)
    assert len({sha for sha, *_ in _rows(tmp_path)}) == 2
    store.delete(first)
    store.purge()
    assert {sha for sha, *_ in _rows(tmp_path)} == {store.display_key()}
    assert old_key != store.display_key()
