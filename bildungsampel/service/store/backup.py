"""Backups: a checked, self-contained copy of the store file, and checking such a file."""

from __future__ import annotations

import os
import secrets
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from bildungsampel.service import messages as _messages  # noqa: F401 - registers the messages
from bildungsampel.service import storefile
from bildungsampel.service.store.connection import FAULTS, read_only_engine, translate
from bildungsampel.service.store.digests import check_all
from bildungsampel.service.storefile import StoreError
from indicators.messages import Message


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """Write a self-contained copy (rollback journal, no WAL) of ``source`` to ``target``."""
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()


def check_file(path: Path) -> list[Message]:
    """Return the problems of the store file ``path`` (empty: a complete, intact store)."""
    try:
        storefile.check_file(path)
        engine = read_only_engine(path)
        try:
            with engine.connect() as conn:
                tables = set(sa.inspect(conn).get_table_names())
                missing = {"versions", "state", "areas"} - tables
                if missing:
                    names = ", ".join(sorted(missing))
                    return [Message("store.damage.missing_tables", {"tables": names})]
                try:
                    return check_all(conn, with_digests="digests" in tables)
                except FAULTS as err:
                    return [_as_message(translate(err, path))]
        finally:
            engine.dispose()
    except StoreError as err:
        return [_as_message(err)]
    except FAULTS as err:
        return [storefile.said(err)]


def _as_message(error: StoreError) -> Message:
    """Return the message of ``error`` as a part of another message."""
    return Message(error.key, error.params)


def backup_paths(dest: str | Path, *, suffix: str) -> tuple[Path, Path]:
    """Return the backup file for ``dest`` and the temporary file it is written to first.

    A folder ``dest`` receives ``bildungsampel-<time><suffix>``; an existing file
    is refused (a backup never overwrites one).
    """
    target = Path(dest)
    if target.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        target = target / f"bildungsampel-{stamp}{suffix}"
    if target.exists():
        raise StoreError("store.backup.exists", target=target)
    return target, target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")


def write_backup(engine: sa.Engine, store_path: Path, dest: str | Path) -> Path:
    """Copy the store behind ``engine`` to ``dest`` (a file or a folder); return the file.

    A folder receives ``bildungsampel-<time>.sqlite``. The copy is checked
    before it is put in place, and an existing file is never overwritten.
    """
    target, tmp = backup_paths(dest, suffix=".sqlite")
    try:
        raw = engine.raw_connection()
        try:
            driver = raw.driver_connection
            assert isinstance(driver, sqlite3.Connection)
            copy_database(driver, tmp)
        finally:
            raw.close()
        problems = check_file(tmp)
        if problems:
            raise storefile.damaged(store_path, problems[0])
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise StoreError("store.backup.exists", target=target) from None
    except FAULTS as err:
        raise translate(err, target) from None
    finally:
        tmp.unlink(missing_ok=True)
    return target
