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

import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import platformdirs
import shapely
import sqlalchemy as sa
from sqlalchemy import event

from indicators.errors import BildungsampelError

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


class StoreError(BildungsampelError):
    """The store cannot do what was asked (unknown version, nothing published …)."""


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

    def __init__(self, data_dir: str | Path) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.path = self.data_dir / DB_NAME
        self.engine = sa.create_engine(f"sqlite:///{self.path}", connect_args={"timeout": 60})
        event.listen(self.engine, "connect", _on_connect)
        event.listen(self.engine, "begin", _on_begin)
        metadata.create_all(self.engine)
        if sa.inspect(self.engine).has_table(LEGACY_OBSERVATIONS):
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
    def current_id(self) -> int | None:
        """Return the id of the published version (None when nothing is published)."""
        with self.engine.connect() as conn:
            return _current(conn)

    def versions(self) -> pd.DataFrame:
        """Return all versions, newest first, with ``current`` and ``deleted`` flags."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(versions).order_by(versions.c.id.desc())).mappings()
            frame = pd.DataFrame([dict(r) for r in rows], columns=[c.name for c in versions.c])
            current = _current(conn)
        frame["current"] = frame["id"] == current
        frame["deleted"] = frame["deleted_at"].notna()
        return frame

    def indicator_periods(self, version_id: int | None = None) -> pd.DataFrame:
        """Return the distinct (indicator, period) pairs of a version (default: the published).

        A cheap summary of what a version holds, without loading its observations.
        """
        with self.engine.connect() as conn:
            vid = version_id if version_id is not None else _current(conn)
            pairs = list(_chunks_of(conn, vid)) if vid is not None else []
        return pd.DataFrame(pairs, columns=["indicator", "period"], dtype=object)

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
        with self.engine.connect() as conn:
            conn.info["immediate"] = True
            try:
                with conn.begin():
                    yield conn
            finally:
                conn.info.pop("immediate", None)
            # fold the WAL into the database file after each publish: the file on disk is
            # then the published state, and later readers never rewrite it
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

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
            )

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
            for table in (areas, catalog_entries, version_chunks):
                _copy(conn, table, version_id, vid)
            _set_counts(conn, vid)
            _set_current(conn, vid)
        return vid

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

    def restore(self, version_id: int) -> None:
        """Undo :meth:`delete`."""
        with self._write() as conn:
            conn.execute(
                versions.update().where(versions.c.id == version_id).values(deleted_at=None)
            )

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
                versions.update()
                .where(versions.c.id.in_(ids))
                .values(
                    note=versions.c.note + " [purged]", n_areas=0, n_indicators=0, n_observations=0
                )
            )
        return len(ids)


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
) -> int:
    """Write one new version inside the open write transaction ``conn``; return its id."""
    base = _current(conn)
    info = (
        conn.execute(sa.select(versions).where(versions.c.id == base)).mappings().first()
        if base is not None
        else None
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
    chunks = {**current, **written}
    if chunks:
        conn.execute(
            version_chunks.insert(),
            [{"version_id": vid, "chunk_id": cid} for cid in chunks.values()],
        )
    _set_counts(conn, vid)
    _set_current(conn, vid)
    return vid


def _on_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # transactions are begun explicitly in _on_begin
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


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
