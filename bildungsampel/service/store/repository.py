"""The :class:`Store`: one data directory's (or database's) versions behind a few methods.

Each method opens a connection (a write: one transaction that serialises
against every other writer, see :mod:`.dialects`) and hands it to the phase
modules (:mod:`.publish`, :mod:`.reading`, :mod:`.admin`, :mod:`.backup`);
every fault becomes a StoreError.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import platformdirs
import sqlalchemy as sa

from bildungsampel.service.store import (
    admin,
    backup,
    columns,
    digests,
    display,
    pgdump,
    publish,
    reading,
)
from bildungsampel.service.store import versions as vs
from bildungsampel.service.store.connection import FAULTS, SqliteBackend, guarded
from bildungsampel.service.store.dialects import Backend, backend_for
from bildungsampel.service.store.postgres import PostgresBackend
from bildungsampel.service.store.publish import Publication
from bildungsampel.service.store.reading import Parts, Snapshot
from bildungsampel.service.store.schema import LEGACY_OBSERVATIONS, metadata, version_chunks
from bildungsampel.service.storefile import StoreError
from indicators.messages import Message


def default_data_dir() -> Path:
    """Return ``$BILDUNGSAMPEL_DATA_DIR`` or the per-user data directory."""
    env = os.environ.get("BILDUNGSAMPEL_DATA_DIR")
    return Path(env) if env else Path(platformdirs.user_data_dir("bildungsampel"))


def default_database_url() -> str | None:
    """Return ``$BILDUNGSAMPEL_DATABASE_URL`` (None when unset or empty: the SQLite file)."""
    return os.environ.get("BILDUNGSAMPEL_DATABASE_URL") or None


class Store:
    """The repository of published versions in one data directory or one database.

    Parameters
    ----------
    data_dir : str or Path, optional
        Folder holding ``bildungsampel.sqlite`` (created when missing), the
        embedded default.
    url : str, optional
        Instead of ``data_dir``: a PostgreSQL database
        (``postgresql+psycopg://USER@HOST:5432/DATABASE``) several dashboard
        instances share; its tables are created when missing. Neither given:
        :func:`default_database_url` when set, else :func:`default_data_dir`;
        both given is refused.
    check : bool
        Run SQLite's ``quick_check`` when opening (PostgreSQL: nothing to do).

    Attributes
    ----------
    where : str
        The file path or the URL (without password), as messages show it.
    data_dir, path : Path or None
        The data directory and file of an SQLite store (None for PostgreSQL).
    """

    def __init__(
        self, data_dir: str | Path | None = None, *, url: str | None = None, check: bool = True
    ) -> None:
        if data_dir is None and url is None:
            url = default_database_url()
            data_dir = None if url else default_data_dir()
        self.backend: Backend = backend_for(data_dir, url)
        sqlite = self.backend if isinstance(self.backend, SqliteBackend) else None
        self.data_dir: Path | None = sqlite.data_dir if sqlite else None
        self.path: Path | None = sqlite.path if sqlite else None
        self.where = self.backend.where
        try:
            self._open(check=check)
        except FAULTS as err:
            raise self.backend.translate(err) from None

    def _open(self, *, check: bool) -> None:
        """Create or check the store, connect, check integrity, add missing tables."""
        opened = self.backend.open(check=check)
        self.engine, self.readonly, tables = opened.engine, opened.readonly, opened.tables
        self._digests = "digests" in tables
        self._display = self._digests and {"display_geometry", "derived_frames"} <= tables
        if not set(metadata.tables) <= tables and not self.readonly:
            self.backend.create_tables(self.engine)
            self._digests = self._display = True
        elif "versions" not in tables:
            why = self.backend.why or Message("store.read_only.not_initialised")
            raise self.backend.read_only(why)
        if LEGACY_OBSERVATIONS in tables:
            if self.readonly:
                raise self.backend.read_only(Message("store.read_only.legacy"))
            self._convert_legacy()
        if not self.readonly and "chunk_columns" not in tables:
            self._add_columns()

    def _add_columns(self) -> None:
        """Write the column streams of a store written before them (once, atomically)."""
        with self._write() as conn:
            columns.backfill(conn)

    def _convert_legacy(self) -> None:
        """Move the rows of a store written before chunks into chunks (once, atomically)."""
        with self._write() as conn:
            if not sa.inspect(conn).has_table(LEGACY_OBSERVATIONS):
                return  # another process converted it while this one waited for the lock
            pairs = conn.execute(
                sa.text(f"SELECT DISTINCT version_id, indicator, period FROM {LEGACY_OBSERVATIONS}")
            ).all()
            for vid, indicator, period in pairs:
                cid = vs.new_chunk(conn, indicator, period)
                conn.execute(
                    sa.text(
                        "INSERT INTO chunk_rows SELECT :cid, area_id, value, numerator, "
                        f"denominator, missing_reason FROM {LEGACY_OBSERVATIONS} "
                        "WHERE version_id = :vid AND indicator = :ind AND period = :per"
                    ),
                    {"cid": cid, "vid": vid, "ind": indicator, "per": period},
                )
                conn.execute(version_chunks.insert().values(version_id=vid, chunk_id=cid))
            vs.count_rows(conn)
            conn.execute(sa.text(f"DROP TABLE {LEGACY_OBSERVATIONS}"))

    # ------------------------------------------------------------ reading
    @guarded
    def current_id(self) -> int | None:
        """Return the id of the published version (None when nothing is published)."""
        with self.engine.connect() as conn:
            return vs.current(conn)

    @guarded
    def versions(self) -> pd.DataFrame:
        """Return all versions, newest first, with ``current`` and ``deleted`` flags."""
        with self.engine.connect() as conn:
            return reading.version_list(conn)

    @guarded
    def indicator_periods(self, version_id: int | None = None) -> pd.DataFrame:
        """Return the distinct (indicator, period) pairs of a version (default: the published).

        A cheap summary of what a version holds, without loading its observations.
        """
        with self.engine.connect() as conn:
            vid = version_id if version_id is not None else vs.current(conn)
            pairs = list(vs.chunks_of(conn, vid)) if vid is not None else []
        return pd.DataFrame(pairs, columns=["indicator", "period"], dtype=object)

    @guarded
    def snapshot(
        self,
        version_id: int | None = None,
        *,
        with_observations: bool = True,
        with_geometry: bool = True,
    ) -> Snapshot:
        """Return the content of ``version_id`` (default: the published version).

        ``with_observations=False`` leaves the observations empty and
        ``with_geometry=False`` the areas without shapes, for checks that need
        neither (matching an upload against the published areas).
        """
        parts = Parts(observations=with_observations, geometry=with_geometry, digests=self._digests)
        with self.engine.connect() as conn:
            return reading.read_snapshot(conn, version_id, parts)

    @guarded
    def display_key(self, version_id: int | None = None) -> str | None:
        """Return the key of a version's display geometry (None: an old store without it)."""
        if not self._display:
            return None
        with self.engine.connect() as conn:
            vid = version_id if version_id is not None else vs.current(conn)
            return display.key(conn, vid) if vid is not None else None

    @guarded
    def display_geometry(self, key: str, level: str, tolerance_m: float) -> dict[str, bytes]:
        """Return the stored display geometry (area id → WKB, EPSG:4326; empty: none yet)."""
        with self.engine.connect() as conn:
            return display.read(conn, key, level, tolerance_m)

    @guarded
    def save_display_geometry(
        self, key: str, level: str, tolerance_m: float, shapes: dict[str, bytes]
    ) -> bool:
        """Store display geometry computed for ``key``; False when the store is read-only.

        Derived data, not a version: it may be written while viewers read, and a
        read-only installation computes it on every start instead.
        """
        if not self._display or self.backend.refuse_write(self.readonly) is not None:
            return False
        with self._write() as conn:
            display.write(conn, key, level, tolerance_m, shapes)
        return True

    @guarded
    def content_key(self, version_id: int) -> str | None:
        """Return a checksum of everything version ``version_id`` holds (None: old store)."""
        if not self._display:
            return None
        with self.engine.connect() as conn:
            return display.parts_key(conn, version_id)

    @guarded
    def derived_frames(self, key: str) -> dict[str, bytes]:
        """Return the derived frames saved under ``key`` (empty: none)."""
        with self.engine.connect() as conn:
            return display.read_frames(conn, key)

    @guarded
    def save_derived_frames(self, key: str, frames: dict[str, bytes]) -> bool:
        """Save derived frames under ``key`` (the two keys saved last are kept).

        False when the store is read-only (see :meth:`save_display_geometry`).
        """
        if not self._display or self.backend.refuse_write(self.readonly) is not None:
            return False
        with self._write() as conn:
            display.write_frames(conn, key, frames)
        return True

    @guarded
    def compare(self, old: int, new: int) -> dict[str, Any]:
        """Summarise what changed from version ``old`` to ``new``."""
        return reading.compare(self.snapshot(old), self.snapshot(new))

    # ------------------------------------------------------------ writing
    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        """Yield a connection in one write transaction that no other writer interleaves."""
        refused = self.backend.refuse_write(self.readonly)
        if refused is not None:
            raise refused
        with self.engine.connect() as conn:
            conn.info["immediate"] = True
            try:
                with conn.begin():
                    self.backend.start_write(conn)
                    yield conn
            finally:
                conn.info.pop("immediate", None)
            # the write is committed; e.g. SQLite folds its WAL into the file
            self.backend.after_write(conn)

    @guarded
    def publish(self, publication: Publication) -> int:
        """Publish a new version in one transaction; return its id.

        The version is built inside the write transaction from the version
        current at that moment plus ``publication`` (see
        :class:`~bildungsampel.service.store.publish.Publication`).
        """
        with self._write() as conn:
            return publish.publish_into(conn, publication)

    @guarded
    def publish_first(self, publication: Publication) -> int | None:
        """Publish like :meth:`publish`, but only into a store with nothing published.

        The check and the publish are one write transaction: of several processes
        starting on a fresh data directory at once, exactly one publishes. Returns
        the new version's id, or None when another version was already current
        or the store was started for a city's own files (:meth:`declare_own_city`).
        """
        with self._write() as conn:
            if vs.current(conn) is not None or vs.is_own_city(conn):
                return None
            return publish.publish_into(conn, publication)

    @guarded
    def declare_own_city(self) -> None:
        """Mark the store as a city's own (``init --empty``): it stays empty until a publish.

        :func:`~bildungsampel.service.publishing.open_store` then never publishes the
        sample city into it, however it is opened (CLI command or dashboard).
        """
        with self._write() as conn:
            vs.declare_own_city(conn)

    @guarded
    def is_own_city(self) -> bool:
        """Return whether the store was started empty for a city's own files."""
        with self.engine.connect() as conn:
            return vs.is_own_city(conn)

    @guarded
    def rollback(self, version_id: int, *, author: str) -> int:
        """Publish a copy of ``version_id`` as the new current version; return its id."""
        with self._write() as conn:
            return admin.rollback(conn, version_id, author=author)

    @guarded
    def delete(self, version_id: int) -> None:
        """Mark a version deleted (reversible with :meth:`restore` until :meth:`purge`)."""
        with self._write() as conn:
            admin.delete(conn, version_id)

    @guarded
    def restore(self, version_id: int) -> None:
        """Undo :meth:`delete`."""
        with self._write() as conn:
            admin.restore(conn, version_id)

    @guarded
    def purge(self) -> int:
        """Remove deleted versions' content for good; return how many versions were purged."""
        with self._write() as conn:
            return admin.purge(conn)

    # ------------------------------------------------------------ safety
    @guarded
    def check(self) -> list[Message]:
        """Check the whole store; return the problems found (empty: intact).

        Runs SQLite's full ``integrity_check`` (PostgreSQL keeps its own files
        consistent) and compares every version's areas and catalogue and every
        block of values with its checksum.
        """
        with self.engine.connect() as conn:
            return digests.check_all(conn, with_digests=self._digests)

    def damaged(self, what: Message) -> StoreError:
        """Return the error for this store being damaged (``what``: what is wrong)."""
        return self.backend.damaged(what)

    @guarded
    def backup(self, dest: str | Path) -> Path:
        """Copy the store to ``dest``; return the file written.

        SQLite: its online backup, ``bildungsampel-<time>.sqlite`` in a folder
        ``dest``. PostgreSQL: ``pg_dump`` in its custom format,
        ``bildungsampel-<time>.dump``. Publishing may go on meanwhile; the copy
        is one consistent version, checked before it is put in place, and an
        existing file is never overwritten.
        """
        if isinstance(self.backend, PostgresBackend):
            return pgdump.write_backup(self.backend, dest)
        assert self.path is not None
        return backup.write_backup(self.engine, self.path, dest)
