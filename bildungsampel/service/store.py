"""The versioned store of one municipality's published state (SQLAlchemy Core).

SQLite is the embedded default: one file ``bildungsampel.sqlite`` in the data
directory, WAL mode, ``synchronous=FULL``, every write one ``BEGIN IMMEDIATE``
transaction. Geometries are stored as WKB. Nothing outside this module writes
SQL, so a PostgreSQL URL can be added here without touching the pages.

Every publish creates a complete version (areas, catalogue, observations),
built *inside* the write transaction from the version that is current at that
moment plus the new data. Observations live in immutable chunks (one per
indicator and period) that versions share, so a publish writes only the
indicator-periods it touches. Two analysts publishing at the same moment therefore
serialise, and neither write is lost. A process killed mid-publish leaves an
uncommitted transaction that SQLite rolls back: the previous version stays
current and readable.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import platformdirs
import shapely
import sqlalchemy as sa
from sqlalchemy import event

from bildungsampel.service import consistency, storefile
from bildungsampel.service.consistency import ConsistencyError
from bildungsampel.service.storefile import StoreError

DB_NAME = "bildungsampel.sqlite"

metadata = sa.MetaData()
versions = sa.Table(
    "versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("source_name", sa.String(500), nullable=False, default=""),
    sa.Column("sha256", sa.String(64), nullable=False, default=""),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("based_on", sa.Integer, nullable=True),
    sa.Column("crs", sa.Text, nullable=False, default=""),
    sa.Column("source_crs", sa.Text, nullable=False, default=""),
    sa.Column("city_name", sa.String(200), nullable=False, default=""),
    sa.Column("n_areas", sa.Integer, nullable=False, default=0),
    sa.Column("n_indicators", sa.Integer, nullable=False, default=0),
    sa.Column("n_observations", sa.Integer, nullable=False, default=0),
    sa.Column("deleted_at", sa.String(40), nullable=True),
)
areas = sa.Table(
    "areas",
    metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
    sa.Column("area_id", sa.String(100), nullable=False),
    sa.Column("area_name", sa.Text, nullable=False),
    sa.Column("parent_id", sa.Text, nullable=True),
    sa.Column("geometry", sa.LargeBinary, nullable=False),
    sa.PrimaryKeyConstraint("version_id", "area_id"),
)
catalog_entries = sa.Table(
    "catalog_entries",
    metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("indicator", sa.String(200), nullable=False),
    sa.Column("entry", sa.Text, nullable=False),
    sa.PrimaryKeyConstraint("version_id", "indicator"),
)
#: Observations are stored in chunks, one per indicator and period; a version lists its
#: chunks. Publishing a table writes new chunks only for the indicator-periods it touches
#: (copy-on-write), so its cost follows the size of the upload, not of the city, and a
#: rollback copies a list of chunk ids. A chunk is never changed once written.
obs_chunks = sa.Table(
    "obs_chunks",
    metadata,
    sa.Column("chunk_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("indicator", sa.String(200), nullable=False),
    sa.Column("period", sa.String(20), nullable=False),
    sa.Column("n_rows", sa.Integer, nullable=False, default=0),
)
chunk_rows = sa.Table(
    "chunk_rows",
    metadata,
    sa.Column("chunk_id", sa.Integer, sa.ForeignKey("obs_chunks.chunk_id"), nullable=False),
    sa.Column("area_id", sa.String(100), nullable=False),
    sa.Column("value", sa.Float, nullable=True),
    sa.Column("numerator", sa.Float, nullable=True),
    sa.Column("denominator", sa.Float, nullable=True),
    sa.Column("missing_reason", sa.String(40), nullable=True),
    sa.PrimaryKeyConstraint("chunk_id", "area_id"),
    # rows stored in key order: a chunk is read as one range
    sqlite_with_rowid=False,
)
version_chunks = sa.Table(
    "version_chunks",
    metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
    sa.Column("chunk_id", sa.Integer, sa.ForeignKey("obs_chunks.chunk_id"), nullable=False),
    sa.PrimaryKeyConstraint("version_id", "chunk_id"),
)
#: The layout of stores written before chunks (one full copy of the rows per version);
#: such a store is converted when opened.
LEGACY_OBSERVATIONS = "observations"
state = sa.Table(
    "state",
    metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.Integer, nullable=True),
)


#: Checksums of what a version holds ("areas" and "catalog" per version id, "chunk" per
#: chunk id), written with it and checked before a publish builds on it: damage that
#: SQLite's own checks cannot see (bytes changed inside a shape) is found before
#: anything is written on top.
digests = sa.Table(
    "digests",
    metadata,
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("key", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.PrimaryKeyConstraint("kind", "key"),
)

__all__ = [
    "DB_NAME",
    "ConsistencyError",
    "Snapshot",
    "Store",
    "StoreError",
    "default_data_dir",
    "restore_backup",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")


class _DamageError(Exception):
    """Content that does not match its checksum (turned into a StoreError with the path)."""

    def __init__(self, en: str, de: str) -> None:
        super().__init__(en)
        self.en, self.de = en, de


_FAULTS = (
    sa.exc.SQLAlchemyError,
    sqlite3.Error,
    OSError,
    shapely.errors.GEOSException,
    json.JSONDecodeError,
    _DamageError,
)


def _translate(err: BaseException, path: Path) -> StoreError:
    if isinstance(err, _DamageError):
        return storefile.damaged(path, err.en, err.de)
    if isinstance(err, shapely.errors.GEOSException | json.JSONDecodeError):
        return storefile.damaged(
            path, f"stored content cannot be read ({err})", f"Inhalt nicht lesbar ({err})"
        )
    return storefile.translate(err, path)


def _guarded(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """Turn every database or file fault of a store method into a StoreError."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(*args, **kwargs)
        except StoreError:
            raise
        except _FAULTS as err:
            raise _translate(err, args[0].path) from None  # type: ignore[attr-defined]

    return wrapper


@dataclass(frozen=True)
class Snapshot:
    """One version's content."""

    version: dict[str, Any]
    areas: gpd.GeoDataFrame
    catalog: list[dict[str, Any]]
    observations: pd.DataFrame


def default_data_dir() -> Path:
    """Return ``$BILDUNGSAMPEL_DATA_DIR`` or the per-user data directory."""
    env = os.environ.get("BILDUNGSAMPEL_DATA_DIR")
    return Path(env) if env else Path(platformdirs.user_data_dir("bildungsampel"))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """The repository of published versions in one data directory.

    Parameters
    ----------
    data_dir : str or Path
        Folder holding ``bildungsampel.sqlite`` (created when missing).
    """

    def __init__(self, data_dir: str | Path, *, check: bool = True) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DB_NAME
        try:
            self._open(check=check)
        except _FAULTS as err:
            raise _translate(err, self.path) from None

    def _open(self, *, check: bool) -> None:
        """Create or check the file, connect, check integrity, add missing tables."""
        fresh_dir = not self.data_dir.exists()
        if fresh_dir:
            ancestor = next(p for p in self.data_dir.absolute().parents if p.exists())
            if not storefile.writable(ancestor):
                raise storefile.read_only(self.path, f"{ancestor} is read-only")
            self.data_dir.mkdir(parents=True, exist_ok=True)
        if storefile.check_file(self.path, fresh_dir=fresh_dir):
            if not storefile.writable(self.data_dir):
                raise storefile.read_only(self.path, f"{self.data_dir} is read-only")
            _create_file(self.path, replace=fresh_dir)
        self.readonly = not (storefile.writable(self.data_dir) and storefile.writable(self.path))
        wal = self.path.with_name(DB_NAME + "-wal")
        # a read-only store is opened immutable (no lock or -shm file is created) unless a
        # committed write still waits in the WAL
        immutable = self.readonly and not (wal.exists() and wal.stat().st_size)
        # checks on a plain connection, before anything (even the WAL switch) can write
        if self.readonly:
            probe = sqlite3.connect(
                storefile.read_only_uri(self.path, immutable=immutable), uri=True
            )
        else:
            probe = sqlite3.connect(self.path, timeout=60)
        with closing(probe):
            if check:
                result = [str(r[0]) for r in probe.execute("PRAGMA quick_check")]
                if result != ["ok"]:
                    raise storefile.damaged(
                        self.path,
                        "integrity check: " + "; ".join(result[:3]),
                        "Integritätsprüfung: " + "; ".join(result[:3]),
                    )
            tables = {
                str(r[0])
                for r in probe.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        if tables and "versions" not in tables:
            raise storefile.damaged(
                self.path,
                f"it is not a Bildungsampel store (tables {', '.join(sorted(tables)[:5])})",
                f"sie ist kein Bildungsampel-Datenbestand (Tabellen "
                f"{', '.join(sorted(tables)[:5])})",
            )
        self.engine = sa.create_engine(
            storefile.url(self.path, readonly=self.readonly, immutable=immutable),
            connect_args={"timeout": 60},
        )
        event.listen(self.engine, "connect", _on_connect_ro if self.readonly else _on_connect)
        event.listen(self.engine, "begin", _on_begin)
        self._digests = "digests" in tables
        if not set(metadata.tables) <= tables and not self.readonly:
            metadata.create_all(self.engine)
            self._digests = True
        elif "versions" not in tables:
            raise storefile.read_only(self.path, "the store is not initialised")
        if LEGACY_OBSERVATIONS in tables:
            if self.readonly:
                raise storefile.read_only(
                    self.path, "it was written by an older version and must be converted once"
                )
            self._convert_legacy()

    def _convert_legacy(self) -> None:
        """Move the rows of a store written before chunks into chunks (once, atomically)."""
        with self._write() as conn:
            if not sa.inspect(conn).has_table(LEGACY_OBSERVATIONS):
                return  # another process converted it while this one waited for the lock
            pairs = conn.exec_driver_sql(
                f"SELECT DISTINCT version_id, indicator, period FROM {LEGACY_OBSERVATIONS}"
            ).all()
            for vid, indicator, period in pairs:
                cid = _new_chunk(conn, indicator, period)
                conn.exec_driver_sql(
                    "INSERT INTO chunk_rows SELECT ?, area_id, value, numerator, denominator, "
                    f"missing_reason FROM {LEGACY_OBSERVATIONS} "
                    "WHERE version_id = ? AND indicator = ? AND period = ?",
                    (cid, vid, indicator, period),
                )
                conn.execute(version_chunks.insert().values(version_id=vid, chunk_id=cid))
            _count_rows(conn)
            conn.exec_driver_sql(f"DROP TABLE {LEGACY_OBSERVATIONS}")

    # ------------------------------------------------------------ reading
    @_guarded
    def current_id(self) -> int | None:
        """Return the id of the published version (None when nothing is published)."""
        with self.engine.connect() as conn:
            return _current(conn)

    @_guarded
    def versions(self) -> pd.DataFrame:
        """Return all versions, newest first, with ``current`` and ``deleted`` flags."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(versions).order_by(versions.c.id.desc())).mappings()
            frame = pd.DataFrame([dict(r) for r in rows], columns=[c.name for c in versions.c])
            current = _current(conn)
        frame["current"] = frame["id"] == current
        frame["deleted"] = frame["deleted_at"].notna()
        return frame

    @_guarded
    def indicator_periods(self, version_id: int | None = None) -> pd.DataFrame:
        """Return the distinct (indicator, period) pairs of a version (default: the published).

        A cheap summary of what a version holds, without loading its observations.
        """
        with self.engine.connect() as conn:
            vid = version_id if version_id is not None else _current(conn)
            pairs = list(_chunks_of(conn, vid)) if vid is not None else []
        return pd.DataFrame(pairs, columns=["indicator", "period"], dtype=object)

    @_guarded
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
        with self.engine.connect() as conn:
            vid = version_id if version_id is not None else _current(conn)
            if vid is None:
                raise StoreError(
                    "nothing is published yet; run 'bildungsampel init'",
                    message_de="noch nichts veröffentlicht; bitte 'bildungsampel init' ausführen",
                )
            info = conn.execute(sa.select(versions).where(versions.c.id == vid)).mappings().first()
            if info is None:
                raise StoreError(
                    f"version {vid} does not exist", message_de=f"Version {vid} existiert nicht"
                )
            area_rows = (
                conn.execute(
                    sa.select(
                        *(
                            areas.c
                            if with_geometry
                            else [areas.c.area_id, areas.c.area_name, areas.c.parent_id]
                        )
                    )
                    .where(areas.c.version_id == vid)
                    .order_by(areas.c.area_id)
                )
                .mappings()
                .all()
            )
            entries = (
                conn.execute(
                    sa.select(catalog_entries.c.entry)
                    .where(catalog_entries.c.version_id == vid)
                    .order_by(catalog_entries.c.position)
                )
                .scalars()
                .all()
            )
            obs = pd.read_sql(
                sa.select(
                    chunk_rows.c.area_id,
                    obs_chunks.c.indicator,
                    obs_chunks.c.period,
                    chunk_rows.c.value,
                    chunk_rows.c.numerator,
                    chunk_rows.c.denominator,
                    chunk_rows.c.missing_reason,
                )
                .select_from(version_chunks)
                .join(obs_chunks, obs_chunks.c.chunk_id == version_chunks.c.chunk_id)
                .join(chunk_rows, chunk_rows.c.chunk_id == version_chunks.c.chunk_id)
                # no version has id −1: the empty frame keeps the columns and types
                .where(version_chunks.c.version_id == (vid if with_observations else -1)),
                conn,
            )
            if self._digests and with_geometry:
                _expect(conn, "areas", vid, _area_digest(area_rows))
            if self._digests:
                _expect(conn, "catalog", vid, _digest((e,) for e in entries))
        geoms = (
            shapely.from_wkb([r["geometry"] for r in area_rows])
            if area_rows and with_geometry
            else [None] * len(area_rows)
        )
        frame = gpd.GeoDataFrame(
            {
                "area_id": [r["area_id"] for r in area_rows],
                "area_name": [r["area_name"] for r in area_rows],
                "parent_id": [r["parent_id"] for r in area_rows],
            },
            geometry=list(geoms),
            crs=info["crs"] or None,
        )
        obs["area_id"] = obs["area_id"].astype(object)
        return Snapshot(
            version=dict(info),
            areas=frame,
            catalog=[json.loads(e) for e in entries],
            observations=obs,
        )

    @_guarded
    def compare(self, old: int, new: int) -> dict[str, Any]:
        """Summarise what changed from version ``old`` to ``new``."""
        a, b = self.snapshot(old), self.snapshot(new)
        key = ["area_id", "indicator", "period"]
        merged = a.observations.merge(
            b.observations, on=key, how="outer", suffixes=("_old", "_new"), indicator=True
        )
        both = merged[merged["_merge"] == "both"]
        changed = ~np.isclose(
            both["value_old"].astype(float), both["value_new"].astype(float), equal_nan=True
        )
        names_a = dict(zip(a.areas["area_id"], a.areas["area_name"], strict=True))
        names_b = dict(zip(b.areas["area_id"], b.areas["area_name"], strict=True))
        ind_a = [e["id"] for e in a.catalog]
        ind_b = [e["id"] for e in b.catalog]
        return {
            "observations_added": int((merged["_merge"] == "right_only").sum()),
            "observations_removed": int((merged["_merge"] == "left_only").sum()),
            "observations_changed": int(changed.sum()),
            "areas_added": sorted(set(names_b) - set(names_a)),
            "areas_removed": sorted(set(names_a) - set(names_b)),
            "areas_renamed": sorted(
                i for i in set(names_a) & set(names_b) if names_a[i] != names_b[i]
            ),
            "indicators_added": [i for i in ind_b if i not in ind_a],
            "indicators_removed": [i for i in ind_a if i not in ind_b],
        }

    # ------------------------------------------------------------ writing
    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        if (
            self.readonly
            or not storefile.writable(self.path)
            or not storefile.writable(self.data_dir)
        ):
            raise storefile.read_only(self.path)
        with self.engine.connect() as conn:
            conn.info["immediate"] = True
            try:
                with conn.begin():
                    yield conn
            finally:
                conn.info.pop("immediate", None)
            # fold the WAL into the database file after each publish: the file on disk is
            # then the published state, and later readers never rewrite it. The write is
            # committed already: a checkpoint that fails (disk full) is retried by the next.
            try:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            except sa.exc.DBAPIError:
                conn.invalidate()

    @_guarded
    def publish(
        self,
        *,
        kind: str,
        author: str,
        source_name: str = "",
        sha256: str = "",
        note: str = "",
        areas_frame: gpd.GeoDataFrame | None = None,
        source_crs: str = "",
        catalog: Sequence[dict[str, Any]] | None = None,
        observations_frame: pd.DataFrame | None = None,
        replace_observations: bool = False,
        city_name: str | None = None,
        consistent: bool = False,
        based_on: int | None = None,
    ) -> int:
        """Publish a new version in one transaction; return its id.

        Parameters
        ----------
        kind : str
            What was published ("init", "indicators", "boundaries").
        author : str
            Who publishes (from the login or the CLI user).
        source_name, sha256, note : str
            Provenance of the uploaded file.
        areas_frame : geopandas.GeoDataFrame, optional
            New boundaries (``area_id``, ``area_name``, ``parent_id``,
            geometry); default: the current version's.
        source_crs : str
            Description of the boundary file's CRS.
        catalog : sequence of dict, optional
            Catalogue entries to add or replace (by id); the others are kept.
        observations_frame : pandas.DataFrame, optional
            Observations to add or replace (by area, indicator, period); the
            others are kept unless ``replace_observations``.
        replace_observations : bool
            Drop the current observations instead of merging.
        city_name : str, optional
            Name of the municipality (default: the current version's).
        consistent : bool
            Refuse (:class:`~bildungsampel.service.consistency.ConsistencyError`, nothing
            written) a version in which values lose their area or catalogue
            entry, checked inside the transaction against the version really
            replaced. The pipeline's publishes always ask for it.
        based_on : int, optional
            The version the caller's own check was made against; when another
            version is current by now the checks above are repeated against it
            (named in a refusal), and catalogue entries of the upload's
            indicators changed in between refuse the publish.
        """
        with self._write() as conn:
            return _publish_into(
                conn,
                kind=kind,
                author=author,
                source_name=source_name,
                sha256=sha256,
                note=note,
                areas_frame=areas_frame,
                source_crs=source_crs,
                catalog=catalog,
                observations_frame=observations_frame,
                replace_observations=replace_observations,
                city_name=city_name,
                consistent=consistent,
                based_on=based_on,
            )

    @_guarded
    def publish_first(self, **kwargs: Any) -> int | None:
        """Publish like :meth:`publish`, but only into a store with nothing published.

        The check and the publish are one write transaction: of several processes
        starting on a fresh data directory at once, exactly one publishes. Returns
        the new version's id, or None when another version was already current.
        """
        with self._write() as conn:
            if _current(conn) is not None:
                return None
            return _publish_into(conn, **kwargs)

    @_guarded
    def rollback(self, version_id: int, *, author: str) -> int:
        """Publish a copy of ``version_id`` as the new current version; return its id."""
        with self._write() as conn:
            info = (
                conn.execute(sa.select(versions).where(versions.c.id == version_id))
                .mappings()
                .first()
            )
            if info is None or info["deleted_at"] is not None:
                raise StoreError(
                    f"version {version_id} does not exist or is deleted; see "
                    "'bildungsampel versions'",
                    message_de=f"Version {version_id} existiert nicht oder ist gelöscht; siehe "
                    "'bildungsampel versions'",
                )
            vid = int(
                conn.execute(
                    versions.insert().values(
                        kind="rollback",
                        created_at=_now(),
                        author=author,
                        source_name=info["source_name"],
                        sha256=info["sha256"],
                        note=f"rollback to version {version_id}",
                        based_on=_current(conn),
                        crs=info["crs"],
                        source_crs=info["source_crs"],
                        city_name=info["city_name"],
                    )
                ).inserted_primary_key[0]
            )
            _verify_base(conn, version_id)
            for table in (areas, catalog_entries, version_chunks):
                _copy(conn, table, version_id, vid)
            _record_areas(conn, vid, version_id)
            _record(conn, "catalog", vid, _catalog_digest(conn, vid))
            _set_counts(conn, vid)
            _set_current(conn, vid)
        return vid

    @_guarded
    def delete(self, version_id: int) -> None:
        """Mark a version deleted (reversible with :meth:`restore` until :meth:`purge`)."""
        with self._write() as conn:
            if version_id == _current(conn):
                raise StoreError(
                    f"version {version_id} is the published one; roll back to another first",
                    message_de=f"Version {version_id} ist die veröffentlichte; bitte zuerst auf "
                    "eine andere zurücksetzen",
                )
            done = conn.execute(
                versions.update().where(versions.c.id == version_id).values(deleted_at=_now())
            ).rowcount
            if not done:
                raise StoreError(
                    f"version {version_id} does not exist",
                    message_de=f"Version {version_id} existiert nicht",
                )

    @_guarded
    def restore(self, version_id: int) -> None:
        """Undo :meth:`delete`."""
        with self._write() as conn:
            conn.execute(
                versions.update().where(versions.c.id == version_id).values(deleted_at=None)
            )

    @_guarded
    def purge(self) -> int:
        """Remove deleted versions' content for good; return how many versions were purged."""
        with self._write() as conn:
            ids = (
                conn.execute(sa.select(versions.c.id).where(versions.c.deleted_at.is_not(None)))
                .scalars()
                .all()
            )
            for table in (areas, catalog_entries, version_chunks):
                conn.execute(table.delete().where(table.c.version_id.in_(ids)))
            # chunks no remaining version lists
            unused = sa.select(version_chunks.c.chunk_id)
            conn.execute(chunk_rows.delete().where(chunk_rows.c.chunk_id.not_in(unused)))
            conn.execute(obs_chunks.delete().where(obs_chunks.c.chunk_id.not_in(unused)))
            conn.execute(
                digests.delete().where(
                    digests.c.kind.in_(["areas", "catalog"]) & digests.c.key.in_(ids)
                    | (digests.c.kind == "chunk")
                    & digests.c.key.not_in(sa.select(obs_chunks.c.chunk_id))
                )
            )
            conn.execute(
                versions.update()
                .where(versions.c.id.in_(ids))
                .values(
                    note=versions.c.note + " [purged]", n_areas=0, n_indicators=0, n_observations=0
                )
            )
        return len(ids)

    # ------------------------------------------------------------ safety
    @_guarded
    def check(self) -> list[str]:
        """Check the whole store; return the problems found (empty: intact).

        Runs SQLite's full ``integrity_check`` and compares every version's
        areas and catalogue and every block of values with its checksum.
        """
        with self.engine.connect() as conn:
            problems = [str(r) for r in conn.exec_driver_sql("PRAGMA integrity_check").scalars()]
            problems = [] if problems == ["ok"] else problems
            if not self._digests:
                return problems
            ids = conn.execute(sa.select(versions.c.id).order_by(versions.c.id)).scalars()
            checks: list[tuple[Callable[[], None], str]] = [
                (functools.partial(_verify_base, conn, int(v)), f"version {v}") for v in ids
            ]
            chunk_ids = conn.execute(sa.select(obs_chunks.c.chunk_id)).scalars()
            checks += [
                (functools.partial(_verify_chunks, conn, [int(c)]), f"chunk {c}") for c in chunk_ids
            ]
            for run, where in checks:
                try:
                    run()
                except _DamageError as err:
                    problems.append(err.en)
                except _FAULTS as err:
                    problems.append(f"{where}: {err}")
        return problems

    @_guarded
    def backup(self, dest: str | Path) -> Path:
        """Copy the store to ``dest`` with SQLite's online backup; return the file written.

        A folder as ``dest`` receives ``bildungsampel-<time>.sqlite``. Publishing
        may go on meanwhile; the copy is one consistent version, checked before it
        is put in place, and an existing file is never overwritten.
        """
        target = Path(dest)
        if target.is_dir():
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            target = target / f"bildungsampel-{stamp}.sqlite"
        if target.exists():
            raise StoreError(
                f"{target} exists already; choose a new file name or a folder",
                message_de=f"{target} existiert bereits; bitte einen neuen Dateinamen oder "
                "einen Ordner angeben",
            )
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            raw = self.engine.raw_connection()
            try:
                _copy_database(raw.driver_connection, tmp)  # type: ignore[arg-type]
            finally:
                raw.close()
            problems = _check_file(tmp)
            if problems:
                raise storefile.damaged(self.path, problems[0], problems[0])
            try:
                os.link(tmp, target)
            except FileExistsError:
                raise StoreError(
                    f"{target} exists already", message_de=f"{target} existiert bereits"
                ) from None
        except _FAULTS as err:
            raise _translate(err, target) from None
        finally:
            tmp.unlink(missing_ok=True)
        return target


def _publish_into(
    conn: sa.Connection,
    *,
    kind: str,
    author: str,
    source_name: str = "",
    sha256: str = "",
    note: str = "",
    areas_frame: gpd.GeoDataFrame | None = None,
    source_crs: str = "",
    catalog: Sequence[dict[str, Any]] | None = None,
    observations_frame: pd.DataFrame | None = None,
    replace_observations: bool = False,
    city_name: str | None = None,
    consistent: bool = False,
    based_on: int | None = None,
) -> int:
    """Write one new version inside the open write transaction ``conn``; return its id."""
    base = _current(conn)
    info = (
        conn.execute(sa.select(versions).where(versions.c.id == base)).mappings().first()
        if base is not None
        else None
    )
    if base is not None:
        _verify_base(conn, base)
    if consistent:
        # before anything is written: a refusal leaves the store as it was
        _check_consistent(
            conn,
            base,
            based_on=based_on,
            areas_frame=areas_frame,
            catalog=catalog,
            observations_frame=observations_frame,
            replace_observations=replace_observations,
        )
    vid = int(
        conn.execute(
            versions.insert().values(
                kind=kind,
                created_at=_now(),
                author=author,
                source_name=source_name,
                sha256=sha256,
                note=note,
                based_on=base,
                crs=info["crs"] if info else "",
                source_crs=info["source_crs"] if info else "",
                city_name=city_name or (info["city_name"] if info else ""),
            )
        ).inserted_primary_key[0]
    )
    # areas
    if areas_frame is not None:
        rows = [
            {
                "version_id": vid,
                "area_id": str(r.area_id),
                "area_name": str(r.area_name),
                "parent_id": None
                if r.parent_id is None or pd.isna(r.parent_id)
                else str(r.parent_id),
                "geometry": shapely.to_wkb(r.geometry),
            }
            for r in areas_frame.itertuples()
        ]
        if rows:
            conn.execute(areas.insert(), rows)
        conn.execute(
            versions.update()
            .where(versions.c.id == vid)
            .values(
                crs=areas_frame.crs.to_wkt() if areas_frame.crs else "",
                source_crs=source_crs,
            )
        )
    elif base is not None:
        _copy(conn, areas, base, vid)
    _record_areas(conn, vid, base if areas_frame is None else None)
    # catalogue: current entries, replaced or extended by the new ones
    entries = (
        []
        if base is None
        else [
            json.loads(e)
            for e in conn.execute(
                sa.select(catalog_entries.c.entry)
                .where(catalog_entries.c.version_id == base)
                .order_by(catalog_entries.c.position)
            ).scalars()
        ]
    )
    for new in catalog or []:
        if any(e["id"] == new["id"] for e in entries):
            entries = [dict(new) if e["id"] == new["id"] else e for e in entries]
        else:
            entries.append(dict(new))
    if entries:
        conn.execute(
            catalog_entries.insert(),
            [
                {
                    "version_id": vid,
                    "position": n,
                    "indicator": e["id"],
                    "entry": json.dumps(e, ensure_ascii=False),
                }
                for n, e in enumerate(entries)
            ],
        )
    # observations: new chunks for the indicator-periods in the upload (its rows,
    # then the current rows it does not replace); the other chunks are shared
    current = {} if base is None or replace_observations else _chunks_of(conn, base)
    written: dict[tuple[str, str], int] = {}
    if observations_frame is not None and len(observations_frame):
        rows = _obs_rows(observations_frame)
        # the current rows this upload merges with are copied: check them first
        _verify_chunks(
            conn, [current[k] for k in dict.fromkeys((r[1], r[2]) for r in rows) if k in current]
        )
        for key in dict.fromkeys((r[1], r[2]) for r in rows):
            written[key] = _new_chunk(conn, *key)
        conn.exec_driver_sql(
            "INSERT INTO chunk_rows VALUES (?, ?, ?, ?, ?, ?)",
            [(written[(r[1], r[2])], r[0], *r[3:]) for r in rows],
        )
        for key, cid in written.items():
            if key in current:
                conn.exec_driver_sql(
                    "INSERT OR IGNORE INTO chunk_rows SELECT ?, area_id, value, "
                    "numerator, denominator, missing_reason FROM chunk_rows "
                    "WHERE chunk_id = ?",
                    (cid, current[key]),
                )
        _count_rows(conn, list(written.values()))
        for cid in written.values():
            _record(conn, "chunk", cid, _chunk_digest(conn, cid))
    _record(conn, "catalog", vid, _catalog_digest(conn, vid))
    chunks = {**current, **written}
    if chunks:
        conn.execute(
            version_chunks.insert(),
            [{"version_id": vid, "chunk_id": cid} for cid in chunks.values()],
        )
    _set_counts(conn, vid)
    _set_current(conn, vid)
    return vid


def _check_consistent(
    conn: sa.Connection,
    base: int | None,
    *,
    based_on: int | None,
    areas_frame: gpd.GeoDataFrame | None,
    catalog: Sequence[dict[str, Any]] | None,
    observations_frame: pd.DataFrame | None,
    replace_observations: bool,
) -> None:
    """Check the version about to be built on ``base`` (see :mod:`~.service.consistency`)."""
    raw = _raw(conn)
    if areas_frame is not None:
        new_areas = {str(a) for a in areas_frame["area_id"]}
    else:
        rows = raw.execute("SELECT area_id FROM areas WHERE version_id = ?", (base,))
        new_areas = {str(r[0]) for r in rows}
    kept: set[str] | None = None
    if areas_frame is not None and base is not None and not replace_observations:
        rows = raw.execute(
            "SELECT DISTINCT r.area_id FROM version_chunks v JOIN chunk_rows r "
            "ON r.chunk_id = v.chunk_id WHERE v.version_id = ?",
            (base,),
        )
        kept = {str(r[0]) for r in rows}
    pairs: set[tuple[str, str]] = set()
    if observations_frame is not None and len(observations_frame):
        pairs = set(
            zip(
                observations_frame["area_id"].astype(str),
                observations_frame["indicator"].astype(str),
                strict=True,
            )
        )

    def entries_of(vid: int | None) -> dict[str, str]:
        rows = raw.execute(
            "SELECT indicator, entry FROM catalog_entries WHERE version_id = ?", (vid,)
        )
        return {str(i): str(e) for i, e in rows}

    current = entries_of(base) if base is not None else {}
    brought = {str(e["id"]) for e in catalog or []}
    changed: dict[str, str] = {}
    if based_on is not None and based_on != base and pairs:
        # values checked against another entry than the one they would be published under
        then = entries_of(based_on)
        touched = {i for _, i in pairs} - brought
        changed = {i: current[i] for i in touched if i in current and then.get(i) != current[i]}
    consistency.check_version(
        base=base,
        based_on=based_on,
        areas=new_areas,
        kept_area_ids=kept,
        new_rows=pairs,
        catalog_ids=set(current) | brought,
        changed_entries=changed,
    )


def _on_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # transactions are begun explicitly in _on_begin
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _on_connect_ro(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None


def _on_begin(conn: sa.Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("immediate") else "BEGIN")


def _current(conn: sa.Connection) -> int | None:
    value = conn.execute(sa.select(state.c.value).where(state.c.key == "current")).scalar()
    return int(value) if value is not None else None


def _set_current(conn: sa.Connection, vid: int) -> None:
    if conn.execute(state.update().where(state.c.key == "current").values(value=vid)).rowcount:
        return
    conn.execute(state.insert().values(key="current", value=vid))


def _copy(conn: sa.Connection, table: sa.Table, source: int, target: int) -> None:
    cols = [c.name for c in table.c if c.name != "version_id"]
    conn.execute(
        table.insert().from_select(
            ["version_id", *cols],
            sa.select(sa.literal(target), *[table.c[c] for c in cols]).where(
                table.c.version_id == source
            ),
        )
    )


def _obs_rows(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    """Return observation rows as tuples for a fast executemany.

    Order: area, indicator, period, value, numerator, denominator, reason.
    """
    frame = frame.reset_index(drop=True)
    size = len(frame)

    def text(col: str) -> list[str | None]:
        if col not in frame:
            return [None] * size
        column = frame[col]
        return list(column.astype(str).astype(object).where(column.notna(), None))

    def number(col: str) -> list[float | None]:
        if col not in frame:
            return [None] * size
        values = pd.to_numeric(frame[col], errors="coerce").to_numpy(dtype=float)
        cells = values.astype(object)
        cells[np.isnan(values)] = None
        return list(cells)

    return list(
        zip(
            text("area_id"),
            text("indicator"),
            text("period"),
            number("value"),
            number("numerator"),
            number("denominator"),
            text("missing_reason"),
            strict=True,
        )
    )


def _chunks_of(conn: sa.Connection, vid: int) -> dict[tuple[str, str], int]:
    """Return (indicator, period) → chunk id of a version."""
    rows = conn.execute(
        sa.select(obs_chunks.c.chunk_id, obs_chunks.c.indicator, obs_chunks.c.period)
        .join(version_chunks, version_chunks.c.chunk_id == obs_chunks.c.chunk_id)
        .where(version_chunks.c.version_id == vid)
    )
    return {(str(ind), str(per)): int(cid) for cid, ind, per in rows}


def _new_chunk(conn: sa.Connection, indicator: str, period: str) -> int:
    """Add an empty chunk for one indicator and period; return its id."""
    result = conn.execute(obs_chunks.insert().values(indicator=indicator, period=period, n_rows=0))
    return int(result.inserted_primary_key[0])


def _count_rows(conn: sa.Connection, chunk_ids: list[int] | None = None) -> None:
    """Store the row count of the given chunks (default: all)."""
    count = (
        sa.select(sa.func.count())
        .select_from(chunk_rows)
        .where(chunk_rows.c.chunk_id == obs_chunks.c.chunk_id)
        .scalar_subquery()
    )
    update = obs_chunks.update().values(n_rows=count)
    if chunk_ids is not None:
        update = update.where(obs_chunks.c.chunk_id.in_(chunk_ids))
    conn.execute(update)


def _set_counts(conn: sa.Connection, vid: int) -> None:
    def count(table: sa.Table) -> int:
        return int(
            conn.execute(
                sa.select(sa.func.count()).select_from(table).where(table.c.version_id == vid)
            ).scalar()
            or 0
        )

    conn.execute(
        versions.update()
        .where(versions.c.id == vid)
        .values(
            n_areas=count(areas),
            n_indicators=count(catalog_entries),
            n_observations=int(
                conn.execute(
                    sa.select(sa.func.coalesce(sa.func.sum(obs_chunks.c.n_rows), 0))
                    .join(version_chunks, version_chunks.c.chunk_id == obs_chunks.c.chunk_id)
                    .where(version_chunks.c.version_id == vid)
                ).scalar()
                or 0
            ),
        )
    )


# ------------------------------------------------------------ checksums
def _digest(rows: Iterable[Sequence[Any]]) -> str:
    """Return the SHA-256 of rows of text, numbers, None and blobs.

    The cells other than blobs are hashed as the ``repr`` of the row (exact for
    floats, quoted for text); each blob follows with its length.
    """
    sha = hashlib.sha256()
    for row in rows:
        blobs = [bytes(c) for c in row if isinstance(c, bytes | memoryview)]
        plain = tuple(len(c) if isinstance(c, bytes | memoryview) else c for c in row)
        sha.update(repr(plain).encode())
        for blob in blobs:
            sha.update(blob)
    return sha.hexdigest()


def _area_digest(rows: Iterable[Any]) -> str:
    return _digest((r["area_id"], r["area_name"], r["parent_id"], r["geometry"]) for r in rows)


def _areas_of(conn: sa.Connection, vid: int) -> str:
    rows = _raw(conn).execute(
        "SELECT area_id, area_name, parent_id, geometry FROM areas WHERE version_id = ? "
        "ORDER BY area_id",
        (vid,),
    )
    names = ("area_id", "area_name", "parent_id", "geometry")
    return _area_digest(dict(zip(names, r, strict=True)) for r in rows)


def _catalog_digest(conn: sa.Connection, vid: int) -> str:
    entries = conn.execute(
        sa.select(catalog_entries.c.entry)
        .where(catalog_entries.c.version_id == vid)
        .order_by(catalog_entries.c.position)
    )
    return _digest(entries.tuples())


def _chunk_digest(conn: sa.Connection, cid: int) -> str:
    """Checksum of one chunk: its indicator and period, then its rows in key order."""
    raw = _raw(conn)
    head = raw.execute(
        "SELECT indicator, period FROM obs_chunks WHERE chunk_id = ?", (cid,)
    ).fetchall()
    rows = raw.execute(
        "SELECT area_id, value, numerator, denominator, missing_reason FROM chunk_rows "
        "WHERE chunk_id = ? ORDER BY area_id",
        (cid,),
    ).fetchall()
    # one repr of all rows: exact for floats, quoted for text, and fast
    return hashlib.sha256(repr((head, rows)).encode()).hexdigest()


def _raw(conn: sa.Connection) -> sqlite3.Connection:
    """Return the DB-API connection under ``conn`` (same transaction) for bulk reads."""
    return conn.connection.driver_connection  # type: ignore[return-value]


def _record(conn: sa.Connection, kind: str, key: int, value: str) -> None:
    conn.execute(digests.delete().where((digests.c.kind == kind) & (digests.c.key == key)))
    conn.execute(digests.insert().values(kind=kind, key=key, sha256=value))


def _stored(conn: sa.Connection, kind: str, key: int) -> str | None:
    return conn.execute(
        sa.select(digests.c.sha256).where((digests.c.kind == kind) & (digests.c.key == key))
    ).scalar()


def _record_areas(conn: sa.Connection, vid: int, copied_from: int | None) -> None:
    """Record the areas checksum of ``vid`` (taken over when its areas were copied)."""
    value = _stored(conn, "areas", copied_from) if copied_from is not None else None
    _record(conn, "areas", vid, value or _areas_of(conn, vid))


_WHAT = {
    "areas": ("the areas (names, shapes)", "die Gebiete (Namen, Umrisse)"),
    "catalog": ("the indicator catalogue", "der Indikatorenkatalog"),
    "chunk": ("the values", "die Werte"),
}


def _expect(conn: sa.Connection, kind: str, key: int, found: str) -> None:
    """Raise when a recorded checksum differs from ``found`` (none recorded: old store)."""
    stored = _stored(conn, kind, key)
    if stored is not None and stored != found:
        en, de = _WHAT[kind]
        where = f"chunk {key}" if kind == "chunk" else f"version {key}"
        where_de = f"Block {key}" if kind == "chunk" else f"Version {key}"
        raise _DamageError(
            f"{en} of {where} differ from their checksum (bytes in the file were changed)",
            f"{de} in {where_de} weichen von ihrer Prüfsumme ab (Bytes in der Datei wurden "
            "verändert)",
        )


def _verify_base(conn: sa.Connection, vid: int) -> None:
    """Check the areas and catalogue a new version is built from."""
    _expect(conn, "areas", vid, _areas_of(conn, vid))
    _expect(conn, "catalog", vid, _catalog_digest(conn, vid))


def _verify_chunks(conn: sa.Connection, chunk_ids: Iterable[int]) -> None:
    for cid in chunk_ids:
        _expect(conn, "chunk", cid, _chunk_digest(conn, cid))


def _create_file(path: Path, *, replace: bool) -> None:
    """Create an empty store at ``path`` atomically (complete, or not at all).

    The schema is written to a private file that is then linked into place, so
    another process never sees a half-made (or 0-byte) database. ``replace``
    overwrites an empty file left in a folder this process has just created.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.new")
    engine = sa.create_engine(storefile.url(tmp))
    event.listen(engine, "connect", _on_connect)
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


def _copy_database(source: sqlite3.Connection, target: Path) -> None:
    """Write a self-contained copy (rollback journal, no WAL) of ``source`` to ``target``."""
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()


def _check_file(path: Path) -> list[str]:
    """Return the problems of the store file ``path`` (empty: a complete, intact store)."""
    try:
        storefile.check_file(path)
        store = Store.__new__(Store)
        store.data_dir, store.path = path.parent, path
        store.readonly, store._digests = True, True
        store.engine = sa.create_engine(storefile.url(path, readonly=True, immutable=True))
        event.listen(store.engine, "connect", _on_connect_ro)
        try:
            with store.engine.connect() as conn:
                tables = set(sa.inspect(conn).get_table_names())
            missing = {"versions", "state", "areas"} - tables
            if missing:
                return [f"it is not a Bildungsampel store (no table {', '.join(sorted(missing))})"]
            store._digests = "digests" in tables
            return store.check()
        finally:
            store.engine.dispose()
    except StoreError as err:
        return [err.message_en]
    except _FAULTS as err:
        return [str(err)]


def restore_backup(data_dir: str | Path, source: str | Path) -> Store:
    """Replace the store of ``data_dir`` by the backup ``source``; return the restored store.

    The backup is copied into the data directory and checked completely before
    anything is replaced; a damaged backup is refused and the store stays as it
    was. A healthy store is overwritten with SQLite's online backup (other
    processes see the old or the new content, never a mixture); a damaged or
    missing one is moved aside as ``bildungsampel.sqlite.damaged-<time>``.
    """
    folder, src = Path(data_dir), Path(source)
    live = folder / DB_NAME
    if not src.is_file():
        raise StoreError(
            f"backup {src} does not exist or is not a file",
            message_de=f"Sicherung {src} existiert nicht oder ist keine Datei",
        )
    problems = _check_file(src)
    if problems:
        raise StoreError(
            f"backup {src} cannot be restored: {problems[0]}. Nothing was changed; use "
            "another backup",
            message_de=f"Sicherung {src} kann nicht zurückgespielt werden: {problems[0]}. Es "
            "wurde nichts geändert; bitte eine andere Sicherung verwenden",
        )
    if not folder.exists():
        Store(folder, check=False)  # creates the folder and an empty store
    if not storefile.writable(folder) or (live.exists() and not storefile.writable(live)):
        raise storefile.read_only(live)
    tmp = folder / f".{DB_NAME}.{secrets.token_hex(4)}.restore"
    try:
        with sqlite3.connect(storefile.read_only_uri(src, immutable=True), uri=True) as s:
            _copy_database(s, tmp)
        try:
            current: Store | None = Store(folder)
        except StoreError:
            current = None
        if current is not None:
            raw = current.engine.raw_connection()
            try:
                with sqlite3.connect(tmp) as s:
                    s.backup(raw.driver_connection)  # type: ignore[arg-type]
            finally:
                raw.close()
                current.engine.dispose()
        else:
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            for suffix in ("", "-wal", "-shm"):
                old = folder / (DB_NAME + suffix)
                if old.exists():
                    os.replace(old, folder / f"{DB_NAME}{suffix}.damaged-{stamp}")
            os.replace(tmp, live)
    except _FAULTS as err:
        raise _translate(err, live) from None
    finally:
        tmp.unlink(missing_ok=True)
    return Store(folder)
