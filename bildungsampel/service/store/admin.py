"""Managing versions inside a write transaction: rollback, delete, restore, purge."""

from __future__ import annotations

import sqlalchemy as sa

from bildungsampel.service import messages as _messages  # noqa: F401 - registers the messages
from bildungsampel.service.store import digests as dg
from bildungsampel.service.store import display
from bildungsampel.service.store import versions as vs
from bildungsampel.service.store.connection import now
from bildungsampel.service.store.schema import (
    VERSION_TABLES,
    chunk_columns,
    chunk_rows,
    derived_frames,
    digests,
    obs_chunks,
    version_chunks,
    versions,
)
from bildungsampel.service.storefile import StoreError


def rollback(conn: sa.Connection, version_id: int, *, author: str) -> int:
    """Publish a copy of ``version_id`` as the new current version; return its id."""
    info = conn.execute(sa.select(versions).where(versions.c.id == version_id)).mappings().first()
    if info is None or info["deleted_at"] is not None:
        raise StoreError("store.version.gone", version=version_id)
    result = conn.execute(
        versions.insert().values(
            kind="rollback",
            created_at=now(),
            author=author,
            source_name=info["source_name"],
            sha256=info["sha256"],
            note=f"rollback to version {version_id}",
            based_on=vs.current(conn),
            crs=info["crs"],
            source_crs=info["source_crs"],
            city_name=info["city_name"],
        )
    )
    vid = vs.inserted_id(result)
    dg.verify_base(conn, version_id)
    for table in VERSION_TABLES:
        vs.copy_rows(conn, table, version_id, vid)
    dg.record_areas(conn, vid, version_id)
    dg.record(conn, "catalog", vid, dg.catalog_digest(conn, vid))
    vs.set_counts(conn, vid)
    vs.set_current(conn, vid)
    return vid


def delete(conn: sa.Connection, version_id: int) -> None:
    """Mark a version deleted (refused for the published one)."""
    if version_id == vs.current(conn):
        raise StoreError("store.version.published", version=version_id)
    done = conn.execute(
        versions.update().where(versions.c.id == version_id).values(deleted_at=now())
    ).rowcount
    if not done:
        raise StoreError("store.no_version", version=version_id)


def restore(conn: sa.Connection, version_id: int) -> None:
    """Undo :func:`delete`."""
    conn.execute(versions.update().where(versions.c.id == version_id).values(deleted_at=None))


def purge(conn: sa.Connection) -> int:
    """Remove deleted versions' content for good; return how many versions were purged."""
    ids = (
        conn.execute(sa.select(versions.c.id).where(versions.c.deleted_at.is_not(None)))
        .scalars()
        .all()
    )
    for table in VERSION_TABLES:
        conn.execute(table.delete().where(table.c.version_id.in_(ids)))
    # chunks no remaining version lists
    unused = sa.select(version_chunks.c.chunk_id)
    conn.execute(chunk_rows.delete().where(chunk_rows.c.chunk_id.not_in(unused)))
    conn.execute(chunk_columns.delete().where(chunk_columns.c.chunk_id.not_in(unused)))
    conn.execute(obs_chunks.delete().where(obs_chunks.c.chunk_id.not_in(unused)))
    conn.execute(
        digests.delete().where(
            digests.c.kind.in_(["areas", "catalog"]) & digests.c.key.in_(ids)
            | (digests.c.kind == "chunk") & digests.c.key.not_in(sa.select(obs_chunks.c.chunk_id))
        )
    )
    conn.execute(
        versions.update()
        .where(versions.c.id.in_(ids))
        .values(note=versions.c.note + " [purged]", n_areas=0, n_indicators=0, n_observations=0)
    )
    if sa.inspect(conn).has_table("display_geometry"):
        display.drop_unused(conn)
        conn.execute(derived_frames.delete())  # computed again for what is viewed next
    return len(ids)
