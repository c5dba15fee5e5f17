"""Opening a store file: faults, connection settings, integrity probe, atomic creation.

SQLite is the embedded default: WAL mode, ``synchronous=FULL``, every write one
``BEGIN IMMEDIATE`` transaction. Every database or file fault becomes a
:class:`~bildungsampel.service.storefile.StoreError` naming the file
(:func:`guarded`, :func:`translate`); the file-level checks (exists, writable,
URL) live in :mod:`bildungsampel.service.storefile`.
"""

from __future__ import annotations

import functools
import json
import os
import secrets
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

import shapely
import sqlalchemy as sa
from sqlalchemy import event

from bildungsampel.service import messages as _messages  # noqa: F401 - registers the messages
from bildungsampel.service import storefile
from bildungsampel.service.store.schema import DB_NAME, metadata
from bildungsampel.service.storefile import StoreError
from indicators.messages import Message

_P = ParamSpec("_P")
_R = TypeVar("_R")


class DamageError(Exception):
    """Content that does not match its checksum (turned into a StoreError with the path).

    ``what`` says what is wrong (a message key and its parameters); ``str()`` is English.
    """

    def __init__(self, what: Message) -> None:
        super().__init__(what.text("en"))
        self.what = what


FAULTS = (
    sa.exc.SQLAlchemyError,
    sqlite3.Error,
    OSError,
    shapely.errors.GEOSException,
    json.JSONDecodeError,
    DamageError,
)


def translate(err: BaseException, path: Path) -> StoreError:
    """Return the StoreError that explains ``err`` for the store file ``path``."""
    if isinstance(err, DamageError):
        return storefile.damaged(path, err.what)
    if isinstance(err, shapely.errors.GEOSException | json.JSONDecodeError):
        return storefile.damaged(path, Message("store.damage.unreadable", {"error": str(err)}))
    return storefile.translate(err, path)


class _Translates(Protocol):
    def translate(self, err: BaseException) -> StoreError: ...


class _HasBackend(Protocol):
    @property
    def backend(self) -> _Translates: ...


_S = TypeVar("_S", bound=_HasBackend)


def guarded(method: Callable[Concatenate[_S, _P], _R]) -> Callable[Concatenate[_S, _P], _R]:
    """Turn every database or file fault of a store method into a StoreError."""

    @functools.wraps(method)
    def wrapper(self: _S, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(self, *args, **kwargs)
        except StoreError:
            raise
        except FAULTS as err:
            raise self.backend.translate(err) from None

    return wrapper


def now() -> str:
    """Return the current UTC time as stored (ISO 8601, seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def on_connect(dbapi_conn: Any, _record: Any) -> None:
    """Configure a writing connection (WAL, full sync, foreign keys)."""
    dbapi_conn.isolation_level = None  # transactions are begun explicitly in on_begin
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def on_connect_ro(dbapi_conn: Any, _record: Any) -> None:
    """Configure a read-only connection."""
    dbapi_conn.isolation_level = None


def on_begin(conn: sa.Connection) -> None:
    """Begin a transaction (``BEGIN IMMEDIATE`` for writes: they serialise at once)."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("immediate") else "BEGIN")


@dataclass(frozen=True)
class Opened:
    """What opening a store found: its engine, whether it may be written, its tables."""

    engine: sa.Engine
    readonly: bool
    tables: frozenset[str]


def prepare_file(data_dir: Path, path: Path) -> None:
    """Create the data directory and an empty store file when they are missing."""
    fresh_dir = not data_dir.exists()
    if fresh_dir:
        ancestor = next(p for p in data_dir.absolute().parents if p.exists())
        if not storefile.writable(ancestor):
            raise storefile.read_only_folder(path, ancestor)
        data_dir.mkdir(parents=True, exist_ok=True)
    if storefile.check_file(path, fresh_dir=fresh_dir):
        if not storefile.writable(data_dir):
            raise storefile.read_only_folder(path, data_dir)
        create_file(path, replace=fresh_dir)


def open_file(data_dir: Path, path: Path, *, check: bool) -> Opened:
    """Probe the file (integrity, tables) and return an engine on it."""
    readonly = not (storefile.writable(data_dir) and storefile.writable(path))
    wal = path.with_name(DB_NAME + "-wal")
    # a read-only store is opened immutable (no lock or -shm file is created) unless a
    # committed write still waits in the WAL
    immutable = readonly and not (wal.exists() and wal.stat().st_size)
    tables = _probe(path, readonly=readonly, immutable=immutable, check=check)
    if tables and "versions" not in tables:
        shown = ", ".join(sorted(tables)[:5])
        raise storefile.damaged(path, Message("store.damage.not_store", {"tables": shown}))
    engine = sa.create_engine(
        storefile.url(path, readonly=readonly, immutable=immutable),
        connect_args={"timeout": 60},
    )
    event.listen(engine, "connect", on_connect_ro if readonly else on_connect)
    event.listen(engine, "begin", on_begin)
    return Opened(engine=engine, readonly=readonly, tables=frozenset(tables))


def _probe(path: Path, *, readonly: bool, immutable: bool, check: bool) -> set[str]:
    """Check integrity on a plain connection (before anything can write); return the tables."""
    if readonly:
        probe = sqlite3.connect(storefile.read_only_uri(path, immutable=immutable), uri=True)
    else:
        probe = sqlite3.connect(path, timeout=60)
    with closing(probe):
        if check:
            result = [str(r[0]) for r in probe.execute("PRAGMA quick_check")]
            if result != ["ok"]:
                found = "; ".join(result[:3])
                raise storefile.damaged(path, Message("store.damage.integrity", {"found": found}))
        return {
            str(r[0]) for r in probe.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }


def create_file(path: Path, *, replace: bool) -> None:
    """Create an empty store at ``path`` atomically (complete, or not at all).

    The schema is written to a private file that is then linked into place, so
    another process never sees a half-made (or 0-byte) database. ``replace``
    overwrites an empty file left in a folder this process has just created.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.new")
    engine = sa.create_engine(storefile.url(tmp))
    event.listen(engine, "connect", on_connect)
    try:
        metadata.create_all(engine)
        engine.dispose()
        if replace:
            os.replace(tmp, path)
            return
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process created it first
        except OSError:  # no hard links on this file system
            if not path.exists():
                os.replace(tmp, path)
    finally:
        engine.dispose()
        for leftover in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
            leftover.unlink(missing_ok=True)


def read_only_engine(path: Path) -> sa.Engine:
    """Return an engine that reads ``path`` as an immutable file (backups, checks)."""
    engine = sa.create_engine(storefile.url(path, readonly=True, immutable=True))
    event.listen(engine, "connect", on_connect_ro)
    return engine


class SqliteBackend:
    """The embedded default: one SQLite file ``bildungsampel.sqlite`` in a data directory."""

    dialect = "sqlite"

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / DB_NAME
        self.where = str(self.path)
        self.why: Message | None = None

    def open(self, *, check: bool) -> Opened:
        """Create the file when missing, probe it (``quick_check``) and return an engine."""
        prepare_file(self.data_dir, self.path)
        return open_file(self.data_dir, self.path, check=check)

    def create_tables(self, engine: sa.Engine) -> None:
        """Add the missing tables (a new file has them all already)."""
        metadata.create_all(engine)

    def translate(self, err: BaseException) -> StoreError:
        """Return the StoreError that explains ``err`` for this file."""
        return translate(err, self.path)

    def read_only(self, detail: Message | None = None) -> StoreError:
        """Return the error for a write refused because the store is read-only."""
        return storefile.read_only(self.path, detail)

    def damaged(self, what: Message) -> StoreError:
        """Return the error for a damaged store; ``what`` says what is wrong with it."""
        return storefile.damaged(self.path, what)

    def refuse_write(self, readonly: bool) -> StoreError | None:
        """Return why a write is refused now (None: it may go ahead)."""
        if readonly or not storefile.writable(self.path) or not storefile.writable(self.data_dir):
            return storefile.read_only(self.path)
        return None

    def start_write(self, conn: sa.Connection) -> None:
        """Nothing to do: :func:`on_begin` began the write with ``BEGIN IMMEDIATE``."""

    def after_write(self, conn: sa.Connection) -> None:
        """Fold the WAL into the database file after the committed write.

        The file on disk is then the published state, and later readers never
        rewrite it. A checkpoint that fails (disk full) is retried by the next.
        """
        try:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except sa.exc.DBAPIError:
            conn.invalidate()
