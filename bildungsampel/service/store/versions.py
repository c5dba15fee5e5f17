"""Versions and the current pointer: which version is published, what each one lists.

A version row lists its areas and catalogue entries (copied per version) and its
observation chunks (shared, never changed once written).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from bildungsampel.service.store.schema import (
    areas,
    catalog_entries,
    chunk_rows,
    obs_chunks,
    state,
    version_chunks,
    versions,
)


def current(conn: sa.Connection) -> int | None:
    """Return the id of the published version (None: nothing published)."""
    value = conn.execute(sa.select(state.c.value).where(state.c.key == "current")).scalar()
    return int(value) if value is not None else None


def set_current(conn: sa.Connection, vid: int) -> None:
    """Make version ``vid`` the published one."""
    if conn.execute(state.update().where(state.c.key == "current").values(value=vid)).rowcount:
        return
    conn.execute(state.insert().values(key="current", value=vid))


#: The ``state`` key marking a store started for a city's own files (``init --empty``).
OWN_CITY = "own_city"


def is_own_city(conn: sa.Connection) -> bool:
    """Return whether the store was started empty for a city's own files (no sample city)."""
    value = conn.execute(sa.select(state.c.value).where(state.c.key == OWN_CITY)).scalar()
    return bool(value)


def declare_own_city(conn: sa.Connection) -> None:
    """Mark the store as a city's own: the sample city is never published into it."""
    if not is_own_city(conn):
        conn.execute(state.insert().values(key=OWN_CITY, value=1))


def copy_rows(conn: sa.Connection, table: sa.Table, source: int, target: int) -> None:
    """Copy the rows of version ``source`` in ``table`` to version ``target``."""
    cols = [c.name for c in table.c if c.name != "version_id"]
    conn.execute(
        table.insert().from_select(
            ["version_id", *cols],
            sa.select(sa.literal(target), *[table.c[c] for c in cols]).where(
                table.c.version_id == source
            ),
        )
    )


def chunks_of(conn: sa.Connection, vid: int) -> dict[tuple[str, str], int]:
    """Return (indicator, period) → chunk id of a version."""
    rows = conn.execute(
        sa.select(obs_chunks.c.chunk_id, obs_chunks.c.indicator, obs_chunks.c.period)
        .join(version_chunks, version_chunks.c.chunk_id == obs_chunks.c.chunk_id)
        .where(version_chunks.c.version_id == vid)
    )
    return {(str(ind), str(per)): int(cid) for cid, ind, per in rows}


def new_chunk(conn: sa.Connection, indicator: str, period: str) -> int:
    """Add an empty chunk for one indicator and period; return its id."""
    result = conn.execute(obs_chunks.insert().values(indicator=indicator, period=period, n_rows=0))
    return inserted_id(result)


def new_chunks(conn: sa.Connection, keys: list[tuple[str, str]]) -> list[int]:
    """Add empty chunks for (indicator, period) pairs at once; return their ids in order."""
    if not keys:
        return []
    result = conn.execute(
        obs_chunks.insert().returning(obs_chunks.c.chunk_id, sort_by_parameter_order=True),
        [{"indicator": i, "period": p, "n_rows": 0} for i, p in keys],
    )
    return [int(cid) for cid in result.scalars()]


def count_rows(conn: sa.Connection, chunk_ids: list[int] | None = None) -> None:
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


def set_counts(conn: sa.Connection, vid: int) -> None:
    """Store the numbers of areas, indicators and observations of version ``vid``."""

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


def inserted_id(result: sa.CursorResult[Any]) -> int:
    """Return the primary key of the row an INSERT added."""
    key = result.inserted_primary_key
    if key is None:  # pragma: no cover - every table here has an integer key
        raise RuntimeError("the INSERT returned no primary key")
    return int(key[0])
