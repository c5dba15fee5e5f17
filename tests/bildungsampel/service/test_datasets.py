"""A version's dataset saved once: read back exactly as computed, never stale."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from geopandas.testing import assert_geodataframe_equal

from bildungsampel.service import dataset, datasets
from bildungsampel.service.store import DB_NAME, Store
from tests import states


def assert_same(a: dataset.Dataset, b: dataset.Dataset) -> None:
    assert a.levels == b.levels
    assert a.catalog == b.catalog
    assert (a.city_name, a.is_sample, a.files, a.version) == (
        b.city_name,
        b.is_sample,
        b.files,
        b.version,
    )
    for level in a.levels.ids:
        pd.testing.assert_frame_equal(a.obs(level), b.obs(level))
        assert_geodataframe_equal(a.areas(level), b.areas(level))
    pd.testing.assert_frame_equal(a.city, b.city)
    pd.testing.assert_frame_equal(a.totals, b.totals)


def _saved_keys(data_dir: Path) -> list[str]:
    with sqlite3.connect(data_dir / DB_NAME) as db:
        return [r[0] for r in db.execute("SELECT DISTINCT key FROM derived_frames")]


STATES: dict[str, Callable[[Store], object]] = {
    "sample": lambda s: None,
    "own three levels": states.own_levels,
    "new year of one indicator": lambda s: states.new_year(s, "gymnasium", states.area_ids(s)),
    "a level without values": states.level_without_values,
    "catalogue entry without values": lambda s: states.catalogue_only(s, "nur_katalog"),
}


@pytest.mark.parametrize("state", list(STATES))
def test_the_saved_dataset_is_the_computed_one(tmp_path: Path, state: str, monkeypatch):
    store = states.sample_store(tmp_path)
    STATES[state](store)
    fresh = dataset.from_store(store)
    assert_same(datasets.load(store), fresh)  # computes and saves
    assert len(_saved_keys(tmp_path)) == 1
    monkeypatch.setattr(dataset, "assemble", lambda *a, **k: pytest.fail("assembled again"))
    assert_same(datasets.load(store), fresh)


def test_an_empty_city_and_a_city_of_boundaries_only(tmp_path: Path):
    empty = Store(tmp_path / "leer")
    assert datasets.load(empty).areas().empty
    store = states.boundaries_only(tmp_path / "grenzen")
    first = datasets.load(store)
    assert_same(datasets.load(store), first)
    assert first.observations.empty


def test_a_new_version_gets_a_new_key_and_two_are_kept(tmp_path: Path):
    store = states.sample_store(tmp_path)
    datasets.load(store)
    ids = states.area_ids(store)
    for seed in (1, 2):
        states.new_year(store, "gymnasium", ids, seed=seed)
        datasets.load(store)
    keys = _saved_keys(tmp_path)
    assert len(keys) == 2
    assert datasets.content_key(store, store.current_id()) in keys


def test_changed_code_is_never_served_a_stale_dataset(tmp_path: Path, monkeypatch):
    store = states.sample_store(tmp_path)
    vid = store.current_id()
    before = datasets.content_key(store, vid)
    monkeypatch.setattr(datasets, "_code_digest", lambda: "other code")
    assert datasets.content_key(store, vid) != before


def test_a_damaged_saved_copy_is_computed_again(tmp_path: Path):
    store = states.sample_store(tmp_path)
    computed = datasets.load(store)
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute("UPDATE derived_frames SET data = X'00010203'")
    assert_same(datasets.load(store), computed)
