"""Derived data of a version, written once and read by every app instance.

The display geometry of a version's areas, and its assembled dataset.

Cleaning and simplifying a coverage of thousands of areas takes seconds
(:func:`geodata.display.simplify_coverage`); the result depends only on the
areas, their levels and the tolerance, so it is stored under the areas
checksum (:mod:`.digests`) and shared by every version with the same areas.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from bildungsampel.service.store import digests as dg
from bildungsampel.service.store.schema import derived_frames, digests, version_chunks
from bildungsampel.service.store.schema import display_geometry as table


def key(conn: sa.Connection, vid: int) -> str | None:
    """Return the key of ``vid``'s display geometry (its areas checksum; None: old store)."""
    return dg.stored(conn, "areas", vid)


def read(conn: sa.Connection, areas_sha: str, level: str, tolerance_m: float) -> dict[str, bytes]:
    """Return area id → WKB of one level at ``tolerance_m`` (empty: not computed yet)."""
    rows = conn.execute(
        sa.select(table.c.area_id, table.c.geometry).where(
            (table.c.areas_sha256 == areas_sha)
            & (table.c.level_id == level)
            & (table.c.tolerance_m == float(tolerance_m))
        )
    ).all()
    return {str(a): bytes(g) for a, g in rows}


def write(
    conn: sa.Connection,
    areas_sha: str,
    level: str,
    tolerance_m: float,
    shapes: dict[str, bytes],
) -> None:
    """Store (or replace) the display geometry of one level at ``tolerance_m``."""
    where = (
        (table.c.areas_sha256 == areas_sha)
        & (table.c.level_id == level)
        & (table.c.tolerance_m == float(tolerance_m))
    )
    conn.execute(table.delete().where(where))
    if shapes:
        conn.execute(
            table.insert(),
            [
                {
                    "areas_sha256": areas_sha,
                    "level_id": level,
                    "tolerance_m": float(tolerance_m),
                    "area_id": a,
                    "geometry": g,
                }
                for a, g in shapes.items()
            ],
        )


def drop_unused(conn: sa.Connection) -> None:
    """Remove display geometry no version's areas checksum names any more (after a purge)."""
    used = sa.select(digests.c.sha256).where(digests.c.kind == "areas")
    conn.execute(table.delete().where(table.c.areas_sha256.not_in(used)))


def parts_key(conn: sa.Connection, vid: int) -> str | None:
    """Return a checksum of a version's content (areas, levels, catalogue, every chunk).

    None when a part has no recorded checksum (a store written before them).
    """
    areas_sha = dg.stored(conn, "areas", vid)
    catalog_sha = dg.stored(conn, "catalog", vid)
    chunk_ids = sa.select(version_chunks.c.chunk_id).where(version_chunks.c.version_id == vid)
    chunks = conn.execute(
        sa.select(digests.c.key, digests.c.sha256)
        .where((digests.c.kind == "chunk") & digests.c.key.in_(chunk_ids))
        .order_by(digests.c.key)
    ).all()
    listed = conn.execute(sa.select(sa.func.count()).select_from(chunk_ids.subquery())).scalar()
    if areas_sha is None or catalog_sha is None or len(chunks) != listed:
        return None
    return dg.digest([(areas_sha, catalog_sha), *[(int(k), s) for k, s in chunks]])


def read_frames(conn: sa.Connection, key: str) -> dict[str, bytes]:
    """Return the derived frames saved under ``key`` (name → stream; empty: none)."""
    rows = conn.execute(
        sa.select(derived_frames.c.name, derived_frames.c.data).where(derived_frames.c.key == key)
    ).all()
    return {str(n): bytes(d) for n, d in rows}


def write_frames(conn: sa.Connection, key: str, frames: dict[str, bytes], *, keep: int = 2) -> None:
    """Save derived frames under ``key``; keep those of the ``keep`` keys saved last."""
    conn.execute(derived_frames.delete().where(derived_frames.c.key == key))
    stamp = datetime.now(UTC).isoformat(timespec="microseconds")
    conn.execute(
        derived_frames.insert(),
        [{"key": key, "name": n, "saved_at": stamp, "data": d} for n, d in frames.items()],
    )
    latest = (
        sa.select(derived_frames.c.key)
        .group_by(derived_frames.c.key)
        .order_by(sa.func.max(derived_frames.c.saved_at).desc())
        .limit(keep)
    )
    kept = [str(k) for k in conn.execute(latest).scalars()]
    conn.execute(derived_frames.delete().where(derived_frames.c.key.not_in(kept)))
