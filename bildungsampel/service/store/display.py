"""The display geometry of a version's areas: written once, read by every map.

Cleaning and simplifying a coverage of thousands of areas takes seconds
(:func:`geodata.display.simplify_coverage`); the result depends only on the
areas, their levels and the tolerance, so it is stored under the areas
checksum (:mod:`.digests`) and shared by every version with the same areas.
"""

from __future__ import annotations

import sqlalchemy as sa

from bildungsampel.service.store import digests as dg
from bildungsampel.service.store.schema import digests
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
