"""Faults of the data directory: odd folder names, read-only, full, damaged, races,
backup and restore. Each ends in a clear message (never a traceback) and leaves the
store files byte-identical."""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import random
import shutil
import sqlite3
import stat

import pandas as pd
import pytest
from sqlalchemy import event
from typer.testing import CliRunner

from bildungsampel.cli import app
from bildungsampel.service import dataset, publishing, storefile
from bildungsampel.service.store import DB_NAME, Publication, Store, StoreError, restore_backup
from bildungsampel.service.store import publish as publish_mod
from indicators.errors import BildungsampelError
from tests import helpers

runner = CliRunner()
TABLE = "Stadtteil;Jahr;Übergang aufs Gymnasium\nBuer;2023/24;44,5\nHeßler;2023/24;18\n"


def obs(n: int = 1, indicator: str = "gymnasium", period: str = "2030") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_id": [f"A{i:06d}" for i in range(n)],
            "indicator": indicator,
            "period": period,
            "value": [float(i) for i in range(n)],
            "numerator": None,
            "denominator": None,
            "missing_reason": None,
        }
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("template") / "data"
    publishing.open_store(folder).engine.dispose()
    return folder


@pytest.fixture
def data_dir(template, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(template, folder)
    yield folder
    for path in [folder, *folder.iterdir()] if folder.exists() else []:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)


def files(folder) -> dict[str, str]:
    """Checksums of the store files (the -shm index and an empty -wal carry no data)."""
    gc.collect()  # stores the CLI opened close their connections
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
        and not p.name.endswith("-shm")
        and not (p.name.endswith("-wal") and p.stat().st_size == 0)
    }


def table(tmp_path):
    path = tmp_path / "neu.csv"
    path.write_text(TABLE, encoding="utf-8")
    return path


def cli(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


# ------------------------------------------------------------------ folder names
@pytest.mark.parametrize(
    "name",
    [
        "with?question",
        "percent%20dir",
        "percent%3Fq",
        "dir?mode=ro",
        "mit Leerzeichen",
        "Größe Übersicht",
        "hash#tag",
        "file:x",
    ],
)
def test_any_folder_name_holds_its_own_database(tmp_path, name):
    store = Store(tmp_path / name)
    assert (tmp_path / name / DB_NAME).stat().st_size > 0
    assert os.listdir(tmp_path) == [name]  # nothing written beside the folder
    assert not store.readonly
    vid = store.publish(Publication(kind="indicators", author="t", observations=obs(3)))
    assert store.current_id() == vid == 1
    assert len(store.snapshot().observations) == 3
    store.engine.dispose()
    assert sorted(os.listdir(tmp_path / name)) == [DB_NAME]


# ------------------------------------------------------------------ read-only
def test_read_only_folder_reads_but_refuses_to_publish(data_dir, tmp_path):
    before = files(data_dir)
    data_dir.chmod(0o555)
    store = publishing.open_store(data_dir)
    assert store.readonly
    assert store.versions()["kind"].tolist() == ["init"]
    assert len(store.snapshot().areas) == 18
    with pytest.raises(StoreError, match=r"read-only.*Nothing was changed") as info:
        store.publish(Publication(kind="indicators", author="t", observations=obs()))
    assert "schreibgeschützt" in info.value.text("de")
    store.engine.dispose()
    result = cli("import", "indicators", table(tmp_path), "--publish", "--data-dir", data_dir)
    assert result.exit_code == 2
    assert "cannot be written" in result.stderr
    assert files(data_dir) == before  # no -wal/-shm either


def test_read_only_database_file_stays_byte_identical(data_dir, tmp_path):
    before = files(data_dir)
    (data_dir / DB_NAME).chmod(0o444)
    result = cli("import", "indicators", table(tmp_path), "--publish", "--data-dir", data_dir)
    assert result.exit_code == 2, result.output
    assert "read-only" in result.stderr
    for command in (["rollback", "1"], ["init"]):
        assert cli(*command, "--data-dir", data_dir).exit_code == 2
    assert cli("versions", "--data-dir", data_dir).exit_code == 0
    assert files(data_dir) == before


def test_new_store_in_a_read_only_folder_is_refused(tmp_path):
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        with pytest.raises(StoreError, match=r"cannot be written.*ro is read-only"):
            publishing.open_store(parent / "data")
        assert list(parent.iterdir()) == []
    finally:
        parent.chmod(0o755)


@pytest.mark.parametrize(
    ("raised", "message"),
    [
        (sqlite3.OperationalError("attempt to write a readonly database"), "read-only"),
        (sqlite3.OperationalError("database or disk is full"), "is full"),
        (OSError(28, "No space left on device"), "is full"),
        (sqlite3.OperationalError("unable to open database file"), "cannot be opened"),
        (sqlite3.DatabaseError("database disk image is malformed"), "is damaged"),
        (sqlite3.OperationalError("database is locked"), "is busy"),
        (PermissionError(13, "Permission denied"), "read-only"),
    ],
)
def test_every_database_fault_becomes_a_clear_message(data_dir, monkeypatch, raised, message):
    before = files(data_dir)
    store = Store(data_dir)

    def fail(*_args, **_kwargs):
        raise raised

    monkeypatch.setattr(publish_mod, "publish_into", fail)
    with pytest.raises(StoreError, match=message):
        store.publish(Publication(kind="indicators", author="t", observations=obs()))
    assert store.current_id() == 1
    store.engine.dispose()
    assert files(data_dir) == before


# ------------------------------------------------------------------ full disk
def test_full_disk_publishes_nothing_and_changes_nothing(data_dir):
    before = files(data_dir)
    store = Store(data_dir)
    pages = sqlite3.connect(store.path).execute("PRAGMA page_count").fetchone()[0]
    store.engine.dispose()

    @event.listens_for(store.engine, "connect")
    def _limit(dbapi_conn, _record):
        dbapi_conn.execute(f"PRAGMA max_page_count={pages + 2}")

    with pytest.raises(StoreError, match="is full: nothing was written") as info:
        store.publish(Publication(kind="indicators", author="t", observations=obs(20_000)))
    assert "Datenträger" in info.value.text("de")
    assert store.current_id() == 1
    store.engine.dispose()
    assert files(data_dir) == before


# ------------------------------------------------------------------ damaged files
def _half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _hundred(data: bytes) -> bytes:
    return data[:100]


def _zero_header(data: bytes) -> bytes:
    return bytes(100) + data[100:]


def _text(_data: bytes) -> bytes:
    return b"Das ist keine Datenbank.\n" * 50


def _random_middle(data: bytes) -> bytes:
    mid = len(data) // 2
    return data[:mid] + random.Random(9).randbytes(1000) + data[mid + 1000 :]


def _inside_a_shape(data: bytes) -> bytes:
    """Change bytes inside one stored geometry: SQLite's own checks cannot see this."""
    con = sqlite3.connect(":memory:")
    copy = bytearray(data)
    copy[18:20] = b"\x01\x01"  # WAL flag off: an in-memory copy cannot use WAL
    con.deserialize(bytes(copy))
    wkb = con.execute("SELECT geometry FROM areas ORDER BY length(geometry) DESC").fetchone()[0]
    start = data.index(wkb[:64]) + 200
    return data[:start] + bytes(b ^ 0x5A for b in data[start : start + 16]) + data[start + 16 :]


OPEN_FAILS = [
    (_half, "truncated"),
    (_hundred, "truncated"),
    (_zero_header, "not an SQLite database"),
    (_text, "not an SQLite database"),
]


@pytest.mark.parametrize(
    ("damage", "message"), OPEN_FAILS, ids=lambda c: getattr(c, "__name__", "")
)
def test_damaged_file_is_refused_before_anything_is_written(data_dir, tmp_path, damage, message):
    db = data_dir / DB_NAME
    db.write_bytes(damage(db.read_bytes()))
    before = files(data_dir)
    with pytest.raises(StoreError, match=f"is damaged: .*{message}.*bildungsampel restore") as e:
        publishing.open_store(data_dir)
    assert "beschädigt" in e.value.text("de")
    for args in (
        ["import", "indicators", table(tmp_path), "--publish"],
        ["versions"],
        ["classify"],
        ["check-store"],
    ):
        result = cli(*args, "--data-dir", data_dir)
        assert result.exit_code == 2, (args, result.output)
        assert "is damaged" in result.stderr
    assert files(data_dir) == before


@pytest.mark.parametrize("damage", [_random_middle, _inside_a_shape])
def test_changed_bytes_are_found_before_a_publish_writes_on_top(data_dir, tmp_path, damage):
    db = data_dir / DB_NAME
    db.write_bytes(damage(db.read_bytes()))
    before = files(data_dir)
    result = cli("import", "indicators", table(tmp_path), "--publish", "--data-dir", data_dir)
    assert result.exit_code == 2, result.output
    assert "is damaged" in result.stderr
    assert "Traceback" not in result.output
    result = cli("classify", "--data-dir", data_dir)
    assert result.exit_code == 2, result.output
    result = cli("check-store", "--data-dir", data_dir)
    assert result.exit_code == 2
    # a problem listed by the checksums, or SQLite's own "malformed" when the bytes hit a page
    assert "problem:" in result.stderr or "is damaged: database disk image" in result.stderr
    assert files(data_dir) == before


def test_damaged_shapes_reach_the_dashboard_as_a_store_error(data_dir):
    db = data_dir / DB_NAME
    db.write_bytes(_inside_a_shape(db.read_bytes()))
    store = Store(data_dir)
    with pytest.raises(
        BildungsampelError, match=r"areas .* of version 1 differ from their checksum"
    ):
        dataset.from_store(store)
    assert [problem.text("en") for problem in store.check()] == [
        "the areas (names, shapes) of version 1 differ from their checksum "
        "(bytes in the file were changed)"
    ]
    assert [problem.text("de") for problem in store.check()] == [
        "die Gebiete (Namen, Umrisse) in Version 1 weichen von ihrer Prüfsumme ab "
        "(Bytes in der Datei wurden verändert)"
    ]
    store.engine.dispose()


def test_empty_database_file_is_not_reinitialised(data_dir, tmp_path):
    (data_dir / DB_NAME).write_bytes(b"")
    with pytest.raises(StoreError, match=r"is damaged: the file is empty \(0 bytes\)"):
        publishing.open_store(data_dir)
    result = cli("import", "indicators", table(tmp_path), "--publish", "--data-dir", data_dir)
    assert result.exit_code == 2
    assert (data_dir / DB_NAME).stat().st_size == 0
    assert os.listdir(data_dir) == [DB_NAME]


def test_foreign_sqlite_file_is_not_taken_over(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    with sqlite3.connect(folder / DB_NAME) as con:
        con.execute("CREATE TABLE kunden (name TEXT)")
    before = files(folder)
    with pytest.raises(StoreError, match=r"not a Bildungsampel store \(tables kunden\)"):
        Store(folder)
    assert files(folder) == before


# ------------------------------------------------------------------ race
def _open(folder: str, barrier) -> None:
    barrier.wait()
    publishing.open_store(folder).engine.dispose()


def test_four_processes_on_a_fresh_folder_create_one_init_version(tmp_path):
    folder = tmp_path / "fresh"
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(4)
    procs = [ctx.Process(target=_open, args=(str(folder), barrier)) for _ in range(4)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(120)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    store = Store(folder)
    assert store.versions()["kind"].tolist() == ["init"]
    store.engine.dispose()
    assert sorted(os.listdir(folder)) == [DB_NAME]  # no temporary files left


# ------------------------------------------------------------------ backup / restore
def test_backup_and_restore_round_trip(data_dir, tmp_path):
    store = Store(data_dir)
    saved = store.backup(tmp_path)
    assert saved.parent == tmp_path
    assert saved.name.startswith("bildungsampel-")
    with pytest.raises(StoreError, match="exists already"):
        store.backup(saved)
    store.publish(Publication(kind="indicators", author="t", observations=obs(5)))
    assert store.current_id() == 2
    restored = restore_backup(data_dir, saved)
    assert restored.versions()["id"].tolist() == [1]
    assert store.current_id() == 1  # an open store sees the restored content
    assert restored.check() == []
    store.engine.dispose()
    restored.engine.dispose()


def test_restore_refuses_a_damaged_backup_and_keeps_the_store(data_dir, tmp_path):
    saved = Store(data_dir).backup(tmp_path / "b.sqlite")
    before = files(data_dir)
    for damage, message in [*OPEN_FAILS, (_inside_a_shape, "differ from their checksum")]:
        bad = tmp_path / f"bad-{damage.__name__}.sqlite"
        bad.write_bytes(damage(saved.read_bytes()))
        with pytest.raises(StoreError, match=f"cannot be restored: .*{message}") as raised:
            restore_backup(data_dir, bad)
    # the German message names the damage in German too
    assert raised.value.text("de") == (
        f"Sicherung {bad} kann nicht zurückgespielt werden: die Gebiete (Namen, Umrisse) in "
        "Version 1 weichen von ihrer Prüfsumme ab (Bytes in der Datei wurden verändert). Es "
        "wurde nichts geändert; bitte eine andere Sicherung verwenden"
    )
    with pytest.raises(StoreError, match="does not exist"):
        restore_backup(data_dir, tmp_path / "none.sqlite")
    assert files(data_dir) == before


def test_restore_replaces_a_damaged_store_and_keeps_it_aside(data_dir, tmp_path):
    saved = Store(data_dir).backup(tmp_path / "b.sqlite")
    db = data_dir / DB_NAME
    db.write_bytes(_zero_header(db.read_bytes()))
    result = cli("restore", saved, "--data-dir", data_dir)
    assert result.exit_code == 0, result.output
    assert "current version 1" in result.stdout
    aside = [p.name for p in data_dir.iterdir() if p.name.startswith(f"{DB_NAME}.damaged-")]
    assert len(aside) == 1  # kept for inspection (with its -wal, never applied to the backup)
    assert cli("check-store", "--data-dir", data_dir).exit_code == 0


def test_cli_backup_and_check_store(data_dir, tmp_path):
    result = cli("backup", tmp_path / "copy.sqlite", "--data-dir", data_dir)
    assert result.exit_code == 0, result.output
    assert "backup written to" in result.stdout
    assert cli("backup", tmp_path / "copy.sqlite", "--data-dir", data_dir).exit_code == 2
    result = cli("check-store", "--data-dir", data_dir)
    assert result.exit_code == 0
    assert "is intact (1 versions)" in result.stdout
    # the backup is a complete store without WAL: it opens read-only, no side files
    assert sqlite3.connect(tmp_path / "copy.sqlite").execute("PRAGMA journal_mode").fetchone() == (
        "delete",
    )


def test_writable_honours_permission_bits_even_for_root(tmp_path):
    path = tmp_path / "f"
    path.write_text("x")
    assert storefile.writable(path)
    path.chmod(0o444)
    assert not storefile.writable(path)


# ------------------------------------------------------------------ dashboard
@pytest.mark.parametrize(
    ("damage", "message"),
    [(_zero_header, "keine SQLite-Datenbank"), (_inside_a_shape, "Prüfsumme")],
)
def test_dashboard_shows_the_store_message(data_dir, monkeypatch, damage, message):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from bildungsampel.app import state
    from bildungsampel.present import markup

    def reset():
        state.settings.cache_clear()
        st.cache_resource.clear()
        st.cache_data.clear()

    db = data_dir / DB_NAME
    db.write_bytes(damage(db.read_bytes()))
    before = files(data_dir)
    monkeypatch.setenv("BILDUNGSAMPEL_DATA_DIR", str(data_dir))
    reset()
    try:
        at = AppTest.from_file(helpers.APP, default_timeout=120).run()
        assert not at.exception, [e.value for e in at.exception]
        shown = [markup.shown(e.value) for e in at.error]
        assert any(message in e and "bildungsampel restore" in e for e in shown)
    finally:
        monkeypatch.undo()
        reset()
    assert files(data_dir) == before
