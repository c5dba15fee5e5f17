"""What differs between the store's two databases, behind one small interface.

:class:`Backend` is what :class:`~bildungsampel.service.store.repository.Store`
asks of a database: open it, create its tables, begin and end a write, check
its integrity and explain its faults. :class:`~.connection.SqliteBackend` (one
file in a data directory, the embedded default) and
:class:`~.postgres.PostgresBackend` (one PostgreSQL database, several
dashboard instances) implement it. The phase modules write dialect-neutral
SQLAlchemy Core; the one statement that must be fast on both, the bulk insert
of observation rows, is :func:`insert_rows`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import sqlalchemy as sa

from bildungsampel.service.store.connection import Opened, SqliteBackend
from bildungsampel.service.store.postgres import PostgresBackend
from bildungsampel.service.storefile import StoreError
from indicators.messages import Message


class Backend(Protocol):
    """A database the store lives in."""

    #: ``"sqlite"`` or ``"postgresql"``.
    dialect: str
    #: Where the store is, as shown in messages (a file path, or a URL without password).
    where: str
    #: Why the store may not be written, when the backend knows (None: writable or unknown).
    why: Message | None

    def open(self, *, check: bool) -> Opened:
        """Connect (creating an empty store when missing); say what it holds and allows."""

    def create_tables(self, engine: sa.Engine) -> None:
        """Create the tables that are missing."""

    def refuse_write(self, readonly: bool) -> StoreError | None:
        """Return why a write is refused now (None: it may go ahead)."""

    def start_write(self, conn: sa.Connection) -> None:
        """Serialise the write transaction just begun against every other writer."""

    def after_write(self, conn: sa.Connection) -> None:
        """Tidy up after a committed write."""

    def read_only(self, detail: Message | None = None) -> StoreError:
        """Return the error for a write refused because the store is read-only."""

    def damaged(self, what: Message) -> StoreError:
        """Return the error for a damaged store; ``what`` says what is wrong with it."""

    def translate(self, err: BaseException) -> StoreError:
        """Return the StoreError that explains a database or file fault."""


def backend_for(data_dir: str | Path | None, url: str | None) -> Backend:
    """Return the backend of a data directory or a database URL (exactly one of them)."""
    if (data_dir is None) == (url is None):
        raise StoreError("store.location")
    if url is not None:
        return PostgresBackend(url)
    assert data_dir is not None
    return SqliteBackend(Path(data_dir))


def insert_rows(conn: sa.Connection, table: sa.Table, rows: Sequence[Sequence[Any]]) -> None:
    """Insert many rows (tuples in the order of ``table``'s columns) as fast as the database can.

    SQLite: one ``executemany`` of the driver. PostgreSQL: ``COPY … FROM STDIN``
    (psycopg's ``write_row``): one stream, not a statement per row. Both in the
    caller's transaction.
    """
    if not rows:
        return
    names = [c.name for c in table.c]
    if conn.dialect.name == "postgresql":
        import psycopg  # loaded already: the engine uses it

        driver = conn.connection.driver_connection
        assert driver is not None
        statement = f"COPY {table.name} ({', '.join(names)}) FROM STDIN"
        try:
            with driver.cursor() as cursor, cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
        except psycopg.Error as err:  # raised by the driver itself: wrap it as SQLAlchemy does
            raise sa.exc.DBAPIError(statement, None, err) from err
        return
    marks = ", ".join("?" for _ in names)
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({marks})", rows)


def integrity(conn: sa.Connection) -> list[Message]:
    """Return the integrity problems the database itself finds (SQLite's ``integrity_check``)."""
    if conn.dialect.name == "sqlite":
        found = [str(r) for r in conn.exec_driver_sql("PRAGMA integrity_check").scalars()]
        return [] if found == ["ok"] else [Message("store.damage.said", {"said": r}) for r in found]
    return []
