"""Column streams of chunks: the same values as the rows, checked, added to older stores."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd

from bildungsampel.service.store import DB_NAME, Store
from bildungsampel.service.store import columns as col
from tests import states


def _streams(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / DB_NAME) as db:
        return int(db.execute("SELECT COUNT(*) FROM chunk_columns").fetchone()[0])


def _by_rows(store: Store) -> pd.DataFrame:
    with sqlite3.connect(store.path) as db:
        db.execute("DELETE FROM chunk_columns")
    return store.snapshot().observations


def _key_sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["indicator", "period", "area_id"]).reset_index(drop=True)


def test_streams_hold_exactly_the_rows(tmp_path: Path):
    store = states.sample_store(tmp_path)
    pairs = store.indicator_periods()
    latest = pairs.loc[pairs["indicator"] == "gymnasium", "period"].iloc[-1]
    states.drop_values(store, "gymnasium", latest, ["11", "12"])  # a merged chunk
    streamed = store.snapshot().observations
    assert len(streamed) == store.versions()["n_observations"].iloc[0]
    # every chunk of both versions: the second replaced the latest chunk of gymnasium
    assert _streams(tmp_path) == len(store.indicator_periods()) + 1
    rows = _by_rows(store)
    pd.testing.assert_frame_equal(_key_sorted(streamed), _key_sorted(rows))


def test_a_round_trip_keeps_missing_cells_and_exact_floats():
    rows = [("01", 0.1 + 0.2, None, 3.0, None), ("02", None, None, None, "suppressed")]
    assert col.as_rows(col.encode(rows)) == rows
    assert col.as_rows(col.encode([])) == []


def test_a_store_written_before_streams_gets_them_when_opened(tmp_path: Path):
    store = states.sample_store(tmp_path)
    before = store.snapshot().observations
    store.engine.dispose()
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute("DROP TABLE chunk_columns")
    reopened = Store(tmp_path)
    listed = len(reopened.indicator_periods())
    assert _streams(tmp_path) == listed
    pd.testing.assert_frame_equal(
        _key_sorted(reopened.snapshot().observations), _key_sorted(before)
    )
    assert reopened.check() == []


def test_check_store_finds_a_changed_stream(tmp_path: Path):
    store = states.sample_store(tmp_path)
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        cid, data = db.execute("SELECT chunk_id, data FROM chunk_columns LIMIT 1").fetchone()
        rows = col.as_rows(data)
        rows[0] = (rows[0][0], 99.0, *rows[0][2:])
        db.execute("UPDATE chunk_columns SET data = ? WHERE chunk_id = ?", (col.encode(rows), cid))
    problems = store.check()
    assert [m.key for m in problems] == ["store.damage.checksum"]
    assert f"{cid}" in problems[0].text("en")


def test_purge_removes_the_streams_of_purged_chunks(tmp_path: Path):
    store = states.sample_store(tmp_path)
    first = store.current_id()
    states.new_year(store, "gymnasium", states.area_ids(store))
    with_new = _streams(tmp_path)
    store.rollback(first, author="test")
    store.delete(int(store.versions()["id"].iloc[1]))  # the version with the new year
    store.purge()
    assert _streams(tmp_path) == with_new - 1
