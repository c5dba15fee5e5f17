"""Restoring a backup: check it completely, then replace the live store in one step."""

from __future__ import annotations

import os
import secrets
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from bildungsampel.service import messages as _messages  # noqa: F401 - registers the messages
from bildungsampel.service import storefile
from bildungsampel.service.store import pgdump
from bildungsampel.service.store.backup import check_file, copy_database
from bildungsampel.service.store.connection import FAULTS, translate
from bildungsampel.service.store.postgres import PostgresBackend
from bildungsampel.service.store.repository import Store
from bildungsampel.service.store.schema import DB_NAME
from bildungsampel.service.storefile import StoreError


def restore_backup(
    data_dir: str | Path | None, source: str | Path, *, url: str | None = None
) -> Store:
    """Replace the store of ``data_dir`` (or ``url``) by the backup ``source``; return it.

    PostgreSQL (``url``): the dump of ``bildungsampel backup`` is listed with
    ``pg_restore --list`` first, then restored with ``pg_restore --clean
    --single-transaction`` (other processes see the old or the new content).

    SQLite: the backup is copied into the data directory and checked completely before
    anything is replaced; a damaged backup is refused and the store stays as it
    was. A healthy store is overwritten with SQLite's online backup (other
    processes see the old or the new content, never a mixture); a damaged or
    missing one is moved aside as ``bildungsampel.sqlite.damaged-<time>``.
    """
    if url is not None:
        if data_dir is not None:
            raise StoreError("store.location")
        backend = PostgresBackend(url)
        pgdump.restore(backend, Path(source))
        return Store(url=url)
    if data_dir is None:
        raise StoreError("store.location")
    folder, src = Path(data_dir), Path(source)
    live = folder / DB_NAME
    _check_source(src)
    if not folder.exists():
        Store(folder, check=False)  # creates the folder and an empty store
    if not storefile.writable(folder) or (live.exists() and not storefile.writable(live)):
        raise storefile.read_only(live)
    tmp = folder / f".{DB_NAME}.{secrets.token_hex(4)}.restore"
    try:
        with sqlite3.connect(storefile.read_only_uri(src, immutable=True), uri=True) as s:
            copy_database(s, tmp)
        try:
            current: Store | None = Store(folder)
        except StoreError:
            current = None
        if current is not None:
            _overwrite(current, tmp)
        else:
            _replace_damaged(folder, tmp)
    except FAULTS as err:
        raise translate(err, live) from None
    finally:
        tmp.unlink(missing_ok=True)
    return Store(folder)


def _check_source(src: Path) -> None:
    """Refuse a backup that is missing or not a complete, intact store."""
    if not src.is_file():
        raise StoreError("store.restore.missing", source=src)
    problems = check_file(src)
    if problems:
        raise StoreError("store.restore.refused", source=src, problem=problems[0])


def _overwrite(current: Store, copy: Path) -> None:
    """Write ``copy`` over the healthy live store with SQLite's online backup."""
    raw = current.engine.raw_connection()
    try:
        target = raw.driver_connection
        assert isinstance(target, sqlite3.Connection)
        with sqlite3.connect(copy) as s:
            s.backup(target)
    finally:
        raw.close()
        current.engine.dispose()


def _replace_damaged(folder: Path, copy: Path) -> None:
    """Move a damaged or missing live store aside and put ``copy`` in its place."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    for suffix in ("", "-wal", "-shm"):
        old = folder / (DB_NAME + suffix)
        if old.exists():
            os.replace(old, folder / f"{DB_NAME}{suffix}.damaged-{stamp}")
    os.replace(copy, folder / DB_NAME)
