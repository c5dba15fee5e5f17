"""Stores written before levels were data: read as Stadtteile in Stadtbezirke, writable or not."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bildungsampel.service import dataset, publishing
from bildungsampel.service.store import DB_NAME, Store
from tests import states


def old_store(data_dir: Path) -> None:
    """Publish the sample city, then drop the level tables as a store of an earlier release."""
    publishing.open_store(data_dir).engine.dispose()
    with sqlite3.connect(data_dir / DB_NAME) as db:
        db.execute("DROP TABLE levels")
        db.execute("DROP TABLE level_areas")


@pytest.mark.parametrize("writable", [True, False])
def test_a_store_without_level_tables_keeps_its_two_levels(tmp_path: Path, writable: bool):
    data_dir = tmp_path / "alt"
    old_store(data_dir)
    if not writable:
        (data_dir / DB_NAME).chmod(0o444)
        data_dir.chmod(0o555)
    try:
        store = Store(data_dir)
        assert store.readonly is not writable
        data = dataset.from_store(store)
        assert data.levels == dataset.LEVELS
        assert len(data.areas("stadtbezirk")) == 5
        assert store.check() == []
    finally:
        data_dir.chmod(0o755)


def test_levels_published_into_an_old_store_after_its_tables_are_added(tmp_path: Path):
    data_dir = tmp_path / "alt"
    old_store(data_dir)
    store = states.own_levels(Store(data_dir))  # opening adds the missing tables
    data = dataset.from_store(store)
    assert [lv.label for lv in data.levels] == ["Stadtteil", "Bezirk", "Region"]
    assert data.display_names("region") == {"Nord": "Nord", "Süd": "Süd"}
    assert store.check() == []
    # the checksum covers the levels: a changed name is found
    with sqlite3.connect(data_dir / DB_NAME) as db:
        db.execute("UPDATE level_areas SET area_name = 'Anders' WHERE area_id = 'Nord'")
    assert [m.key for m in store.check()] == ["store.damage.checksum"]
