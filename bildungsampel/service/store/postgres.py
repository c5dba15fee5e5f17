"""PostgreSQL as the multi-user store: URL, engine, privileges, write lock, faults.

The same tables as the SQLite file (:mod:`.schema`) in one database; several
dashboard instances and CLI commands share it. Every write is one transaction
that first takes ``LOCK TABLE state IN EXCLUSIVE MODE``: writers serialise as
with SQLite's ``BEGIN IMMEDIATE`` while readers go on (plain ``SELECT`` takes a
lock EXCLUSIVE does not conflict with). Reads run in ``REPEATABLE READ``, so a
read sees one version however many statements it takes. A process killed
mid-publish leaves a transaction the server rolls back.

Every fault (server down, login refused, database missing, no privilege,
read-only server, lock held too long) becomes a
:class:`~bildungsampel.service.storefile.StoreError` saying what and how to fix
it; the URL is always shown without its password.
"""

from __future__ import annotations

import json
import re
from typing import Any

import shapely
import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateColumn

from bildungsampel.service import messages as _messages  # noqa: F401 - registers the messages
from bildungsampel.service.store.connection import DamageError, Opened
from bildungsampel.service.store.schema import metadata
from bildungsampel.service.storefile import StoreError
from indicators.messages import Message

#: The schemes accepted for ``database_url`` (all use the psycopg 3 driver).
SCHEMES = ("postgresql", "postgresql+psycopg", "postgres")
#: Key of the advisory lock that lets one process create the tables of a new database.
_SCHEMA_LOCK = 0x42A17E1
#: Seconds a write waits for another one's lock before it gives up (as SQLite's timeout).
LOCK_TIMEOUT_S = 60


@compiles(CreateColumn, "postgresql")
def _text_in_c_order(element: CreateColumn, compiler: Any, **kw: Any) -> str:
    """Create every ``String(n)`` column (ids, keys) as ``TEXT COLLATE "C"``.

    SQLite never enforced the lengths, so neither does PostgreSQL; the byte
    order of "C" is SQLite's, so every ``ORDER BY`` (and so every checksum)
    is the same on both, whatever the database's default collation. A hook
    on the DDL only: one on the ``String`` type would slow every query's results.
    """
    sql = str(compiler.visit_create_column(element, **kw))
    return re.sub(r"\bVARCHAR\(\d+\)", 'TEXT COLLATE "C"', sql, count=1)


def is_url(text: str) -> bool:
    """Return whether ``text`` looks like a database URL (``scheme://…``) rather than a folder."""
    return "://" in text


def parse_url(text: str) -> sa.URL:
    """Return the SQLAlchemy URL of ``text`` with the psycopg 3 driver, refusing others."""
    try:
        url = sa.make_url(text.strip())
    except (sa.exc.ArgumentError, ValueError):
        raise StoreError("store.pg.bad_url", url=_hide(text)) from None
    if url.drivername not in SCHEMES or not url.database:
        raise StoreError("store.pg.bad_url", url=shown(url))
    return url.set(drivername="postgresql+psycopg")


def shown(url: sa.URL) -> str:
    """Return ``url`` as it may appear in a message or log (password hidden)."""
    return url.render_as_string(hide_password=True)


def _hide(text: str) -> str:
    """Hide what may be a password in a URL that could not be parsed."""
    head, sep, tail = text.rpartition("@")
    if not sep or ":" not in head.split("://", 1)[-1]:
        return text
    scheme, _, login = head.rpartition("//")
    return f"{scheme}//{login.split(':', 1)[0]}:***@{tail}"


class PostgresBackend:
    """A store in one PostgreSQL database (``--database-url`` / ``BILDUNGSAMPEL_DATABASE_URL``)."""

    dialect = "postgresql"

    def __init__(self, url: str | sa.URL) -> None:
        self.url = parse_url(url) if isinstance(url, str) else url
        self.where = shown(self.url)
        self.why: Message | None = None

    # ---------------------------------------------------------------- opening
    def engine(self) -> sa.Engine:
        """Return an engine on the database (REPEATABLE READ, 60 s lock timeout)."""
        try:
            import psycopg  # noqa: F401 - the driver is an optional dependency
        except ImportError:
            raise StoreError("store.pg.driver", where=self.where) from None
        return sa.create_engine(
            self.url,
            isolation_level="REPEATABLE READ",
            pool_pre_ping=True,
            connect_args={
                "connect_timeout": 10,
                "application_name": "bildungsampel",
                "options": f"-c lock_timeout={LOCK_TIMEOUT_S}s",
            },
        )

    def open(self, *, check: bool) -> Opened:  # noqa: ARG002 - the server checks its own files
        """Connect, list the tables and find out whether this role may write them."""
        engine = self.engine()
        with engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names())
            self.why = self._why_read_only(conn, tables)
        if tables and "versions" not in tables:
            names = ", ".join(sorted(tables)[:5])
            raise self.damaged(Message("store.damage.not_store", {"tables": names}))
        return Opened(engine=engine, readonly=self.why is not None, tables=frozenset(tables))

    def _why_read_only(self, conn: sa.Connection, tables: set[str]) -> Message | None:
        """Return why this connection may not write (None: it may)."""
        standby = conn.exec_driver_sql(
            "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'"
        ).scalar()
        if standby:
            return Message("store.pg.why.standby")
        user = str(conn.exec_driver_sql("SELECT current_user").scalar())
        if "versions" not in tables:
            may_create = conn.exec_driver_sql(
                "SELECT coalesce(has_schema_privilege(current_schema(), 'CREATE'), false)"
            ).scalar()
            return None if may_create else Message("store.pg.why.create", {"user": user})
        checks = " AND ".join(
            f"has_table_privilege('{t}', '{p}')"
            for t in ("state", "versions", "chunk_rows", "areas")
            for p in ("INSERT", "UPDATE", "DELETE")
        )
        may_write = conn.exec_driver_sql(f"SELECT {checks}").scalar()
        return None if may_write else Message("store.pg.why.privilege", {"user": user})

    def create_tables(self, engine: sa.Engine) -> None:
        """Create the missing tables; of several processes starting at once, one creates them."""
        # READ COMMITTED: the check for existing tables after the lock must see the
        # tables another process committed while this one waited (a REPEATABLE READ
        # snapshot would be taken by the statement that waits for the lock)
        with (
            engine.connect().execution_options(isolation_level="READ COMMITTED") as conn,
            conn.begin(),
        ):
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
            metadata.create_all(conn)

    # ---------------------------------------------------------------- writing
    def refuse_write(self, readonly: bool) -> StoreError | None:
        """Return why a write is refused now (None: it may go ahead)."""
        return self.read_only(self.why) if readonly else None

    def start_write(self, conn: sa.Connection) -> None:
        """Take the write lock: writers serialise, readers go on."""
        conn.exec_driver_sql("LOCK TABLE state IN EXCLUSIVE MODE")

    def after_write(self, conn: sa.Connection) -> None:
        """Nothing to do after a committed write."""

    # ---------------------------------------------------------------- faults
    def read_only(self, detail: Message | None = None) -> StoreError:
        """Return the error for a write refused because this role or server is read-only."""
        why = (
            Message("store.read_only.no_why")
            if detail is None
            else Message("store.read_only.why", {"detail": detail})
        )
        return StoreError("store.pg.read_only", where=self.where, why=why)

    def damaged(self, what: Message) -> StoreError:
        """Return the error for stored content that does not match its checksum."""
        return StoreError("store.pg.damaged", where=self.where, what=what)

    def translate(self, err: BaseException) -> StoreError:
        """Return the StoreError that explains ``err`` (a driver, server or content fault)."""
        if isinstance(err, StoreError):
            return err
        if isinstance(err, DamageError):
            return self.damaged(err.what)
        if isinstance(err, shapely.errors.GEOSException | json.JSONDecodeError):
            return self.damaged(Message("store.damage.unreadable", {"error": str(err)}))
        orig = err.orig if isinstance(err, sa.exc.DBAPIError) and err.orig else err
        text = self.scrub(str(orig).strip())
        return _by_state(self, getattr(orig, "sqlstate", None) or "", text)

    def scrub(self, text: str) -> str:
        """Remove the password from what the driver said (it never says it, to be sure)."""
        password = self.url.password
        return text.replace(str(password), "***") if password else text


def _by_state(backend: PostgresBackend, state: str, text: str) -> StoreError:
    """Return the StoreError for a server error class ``state`` and the driver's ``text``."""
    low = text.lower()
    where, url = backend.where, backend.url
    user = url.username or "(default)"
    if (
        state in ("28P01", "28000")
        or any(
            s in low
            for s in ("authentication failed", "no pg_hba.conf entry", "no password supplied")
        )
        or ('role "' in low and "does not exist" in low)
    ):
        return StoreError("store.pg.login", where=where, user=user, said=text)
    if state == "3D000" or ("database" in low and "does not exist" in low):
        return StoreError("store.pg.no_database", where=where, database=url.database, user=user)
    if state == "42501" or "permission denied" in low:
        return backend.read_only(Message("store.pg.why.denied", {"said": text}))
    if state == "25006" or "read-only transaction" in low:
        return backend.read_only(Message("store.pg.why.standby"))
    if state in ("55P03", "57014") or "lock timeout" in low:
        return StoreError("store.busy", path=where)
    if state == "53100" or "no space left" in low:
        return StoreError("store.pg.disk_full", where=where)
    if state.startswith(("08", "57P")) or any(
        s in low
        for s in (
            "connection refused",
            "could not connect",
            "connection failed",
            "could not translate host name",
            "server closed the connection",
            "timeout expired",
            "no such file or directory",
        )
    ):
        return StoreError("store.pg.unreachable", where=where, said=text)
    return StoreError("store.failed", path=where, error=text)
