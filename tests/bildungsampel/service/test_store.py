"""The versioned store: publish, merge, rollback, delete, purge, concurrency, crashes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from bildungsampel.service import dataset, publishing
from bildungsampel.service.store import Publication, Store, StoreError
from tests import helpers

ROOT = helpers.ROOT


@pytest.fixture
def store(store_at):
    """The sample city in a fresh store, on SQLite and on PostgreSQL."""
    store = store_at.open()
    yield store
    store.engine.dispose()


def count(store, sql: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.text(sql)).scalar())


def obs(area: str, indicator: str, period: str, value: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_id": [area],
            "indicator": [indicator],
            "period": [period],
            "value": [value],
            "numerator": [None],
            "denominator": [None],
            "missing_reason": [None],
        }
    )


def test_sample_city_is_version_one(store, store_at):
    versions = store.versions()
    assert versions[["id", "kind", "n_areas", "n_indicators", "n_observations"]].iloc[
        0
    ].tolist() == [1, "init", 18, 17, 2448]
    assert bool(versions["current"].iloc[0])
    data = dataset.from_store(store)
    assert data.city_name == "Gelsenkirchen"
    assert data.is_sample
    # a second process opening the same store finds the city, and does not publish it again
    again = store_at.open()
    assert again.versions()["id"].tolist() == [1]
    again.engine.dispose()


def test_sqlite_store_is_one_file_in_wal_mode(tmp_path):
    store = publishing.open_store(tmp_path / "data")
    assert store.path.stat().st_size > 0
    mode = store.engine.connect().exec_driver_sql("PRAGMA journal_mode").scalar()
    assert mode == "wal"
    store.engine.dispose()


def test_publish_merges_and_keeps_history(store):
    vid = store.publish(
        Publication(
            kind="indicators",
            author="A",
            source_name="x.csv",
            sha256="ab",
            observations=obs("41", "gymnasium", "2023/24", 44.0),
        )
    )
    assert vid == 2
    snap = store.snapshot()
    assert len(snap.observations) == 2449
    assert store.snapshot(1).observations.shape[0] == 2448
    replaced = store.publish(
        Publication(
            kind="indicators", author="B", observations=obs("41", "gymnasium", "2023/24", 45.0)
        )
    )
    values = (
        store.snapshot(replaced)
        .observations.query("area_id == '41' and period == '2023/24'")["value"]
        .tolist()
    )
    assert values == [45.0]
    diff = store.compare(1, replaced)
    assert diff["observations_added"] == 1
    assert diff["observations_changed"] == 0
    assert store.compare(vid, replaced)["observations_changed"] == 1


def test_rollback_delete_restore_purge(store):
    store.publish(
        Publication(
            kind="indicators", author="A", observations=obs("41", "gymnasium", "2023/24", 44.0)
        )
    )
    back = store.rollback(1, author="B")
    assert back == 3
    assert store.current_id() == 3
    assert len(store.snapshot().observations) == 2448
    assert store.versions().set_index("id").loc[3, "note"] == "rollback to version 1"
    with pytest.raises(StoreError, match="version 3 is the published one"):
        store.delete(3)
    store.delete(2)
    assert bool(store.versions().set_index("id").loc[2, "deleted"])
    with pytest.raises(StoreError, match="version 2 does not exist or is deleted"):
        store.rollback(2, author="B")
    store.restore(2)
    assert not bool(store.versions().set_index("id").loc[2, "deleted"])
    store.delete(2)
    assert store.purge() == 1
    assert store.snapshot(2).observations.empty
    assert len(store.snapshot(3).observations) == 2448
    with pytest.raises(StoreError, match="version 99 does not exist"):
        store.snapshot(99)


def test_empty_store_asks_for_boundaries_first(store_at):
    empty = store_at.store()
    with pytest.raises(StoreError, match="import the city's boundaries first") as raised:
        empty.snapshot()
    assert "zuerst die Grenzen der Stadt importieren" in raised.value.text("de")


WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import pandas as pd
    from bildungsampel.service.store import Publication
    from tests.pgserver import open_at
    where, indicator, go, rows = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
    store = open_at(where)
    frame = pd.DataFrame({"area_id": [f"x{i}" for i in range(rows)], "indicator": indicator,
                          "period": "2024", "value": 1.0, "numerator": None,
                          "denominator": None, "missing_reason": None})
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.01)
    print(store.publish(Publication(kind="indicators", author=indicator, observations=frame)),
          flush=True)
""")


def spawn(where: str, indicator: str, go: Path, rows: int) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, where, indicator, str(go), str(rows)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_two_concurrent_publishes_lose_nothing(store, store_at, tmp_path):
    go = tmp_path / "go"
    procs = [spawn(store_at.arg, ind, go, 20_000) for ind in ("alpha", "beta")]
    go.touch()
    # a hang guard, not a speed goal: both publishes take a few seconds on an idle machine
    ids = sorted(int(p.communicate(timeout=120)[0].strip()) for p in procs)
    assert ids == [2, 3]
    snap = store.snapshot()
    counts = snap.observations["indicator"].value_counts()
    assert counts["alpha"] == 20_000
    assert counts["beta"] == 20_000
    assert len(snap.observations) == 2448 + 40_000
    assert sorted(store.versions()["based_on"].dropna().astype(int)) == [1, 2]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def writing(store, start: int) -> bool:
    """Whether the publish is under way: the WAL grew by 1 MiB, or the server copies rows."""
    if store.data_dir is None:
        return bool(
            count(
                store,
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                "AND query LIKE 'COPY chunk_rows%' AND pid <> pg_backend_pid()",
            )
        )
    wal = store.data_dir / "bildungsampel.sqlite-wal"
    return wal.exists() and wal.stat().st_size >= start + 2**20


def test_killed_publish_leaves_previous_version_intact(store, store_at, tmp_path):
    go = tmp_path / "go"
    wal = store.data_dir / "bildungsampel.sqlite-wal" if store.data_dir else None
    start = wal.stat().st_size if wal and wal.exists() else 0
    proc = spawn(store_at.arg, "crash", go, 600_000)
    go.touch()
    deadline = time.monotonic() + 60  # a hang guard: 1 MiB written takes < 2 s when idle
    while time.monotonic() < deadline and not writing(store, start):
        time.sleep(0.005)
    assert proc.poll() is None, "the publish finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)  # a hang guard: a killed process is reaped at once
    reopened = store_at.store()
    assert reopened.current_id() == 1
    assert reopened.versions()["id"].tolist() == [1]
    snap = reopened.snapshot()
    assert len(snap.observations) == 2448
    assert "crash" not in set(snap.observations["indicator"])
    assert dataset.rate(dataset.from_store(reopened), year="2023").shape[0] == 18 * 17
    after = reopened.publish(
        Publication(
            kind="indicators", author="after", observations=obs("41", "gymnasium", "2023/24", 1.0)
        )
    )
    # PostgreSQL's sequence does not give back the id the killed transaction had taken
    assert after == (2 if store_at.backend == "sqlite" else 3)
    assert reopened.versions()["id"].tolist() == [after, 1]


def test_publish_shares_untouched_indicator_periods_and_purge_keeps_shared_chunks(store):
    def chunks() -> int:
        return count(store, "SELECT count(*) FROM obs_chunks")

    before = chunks()  # the sample city: one chunk per indicator and period
    vid = store.publish(
        Publication(
            kind="indicators", author="A", observations=obs("41", "gymnasium", "2022/23", 44.0)
        )
    )
    assert chunks() == before + 1  # only the touched indicator-period is written again
    year = store.snapshot(vid).observations.query(
        "indicator == 'gymnasium' and period == '2022/23'"
    )
    assert len(year) == 18  # the other 17 Stadtteile carried over into the new chunk
    assert year.set_index("area_id").loc["41", "value"] == 44.0
    store.rollback(1, author="A")
    store.delete(vid)
    store.purge()
    assert chunks() == before  # the chunk only the purged version used is gone
    assert len(store.snapshot(1).observations) == 2448


def test_store_written_before_chunks_is_converted_when_opened(tmp_path):
    import sqlite3

    old = publishing.open_store(tmp_path / "data")
    second = old.publish(
        Publication(
            kind="indicators", author="A", observations=obs("41", "gymnasium", "2023/24", 44.0)
        )
    )
    expected = {v: old.snapshot(v).observations for v in (1, second)}
    old.engine.dispose()
    # rewrite the file in the earlier layout: every version a full copy of its rows
    with sqlite3.connect(old.path) as con:
        con.execute(
            "CREATE TABLE observations (version_id INTEGER NOT NULL, area_id VARCHAR(100) NOT "
            "NULL, indicator VARCHAR(200) NOT NULL, period VARCHAR(20) NOT NULL, value FLOAT, "
            "numerator FLOAT, denominator FLOAT, missing_reason VARCHAR(40), "
            "PRIMARY KEY (version_id, area_id, indicator, period))"
        )
        con.execute(
            "INSERT INTO observations SELECT vc.version_id, r.area_id, c.indicator, c.period, "
            "r.value, r.numerator, r.denominator, r.missing_reason FROM version_chunks vc "
            "JOIN obs_chunks c USING (chunk_id) JOIN chunk_rows r USING (chunk_id)"
        )
        for table in ("version_chunks", "chunk_rows", "obs_chunks"):
            con.execute(f"DELETE FROM {table}")

    store = Store(tmp_path / "data")
    key = ["indicator", "period", "area_id"]
    for vid, frame in expected.items():
        got = store.snapshot(vid).observations.sort_values(key).reset_index(drop=True)
        want = frame.sort_values(key).reset_index(drop=True)
        pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert store.versions().set_index("id").loc[second, "n_observations"] == 2449
    with sqlite3.connect(store.path) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    assert "observations" not in tables
    store.engine.dispose()


def test_a_changed_count_behind_an_empty_value_is_a_changed_value(store):
    def counts(numerator: float) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "area_id": ["41"],
                "indicator": ["gymnasium"],
                "period": ["2030"],
                "value": [np.nan],
                "numerator": [numerator],
                "denominator": [100.0],
            }
        )

    first = store.publish(Publication(kind="indicators", author="A", observations=counts(5.0)))
    second = store.publish(Publication(kind="indicators", author="A", observations=counts(7.0)))
    diff = store.compare(first, second)
    assert diff["observations_changed"] == 1
    assert diff["values_by_indicator"]["gymnasium"] == {"added": 0, "removed": 0, "changed": 1}
