"""Checksums of what a version holds, written with it and checked before it is built on.

"areas" and "catalog" per version id, "chunk" per chunk id: damage that SQLite's
own checks cannot see (bytes changed inside a shape) is found before anything
is written on top, and by :func:`check_all` (``bildungsampel check-store``).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from bildungsampel.service import messages as _messages  # noqa: F401 - registers the messages
from bildungsampel.service.store import columns, dialects
from bildungsampel.service.store.connection import FAULTS, DamageError
from bildungsampel.service.store.schema import (
    areas,
    catalog_entries,
    chunk_columns,
    chunk_rows,
    digests,
    level_areas,
    levels,
    obs_chunks,
    versions,
)
from indicators.messages import Message


def digest(rows: Iterable[Sequence[Any]]) -> str:
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


def area_digest(rows: Iterable[Any]) -> str:
    """Checksum of area rows (mappings with id, name, parent, WKB)."""
    return digest((r["area_id"], r["area_name"], r["parent_id"], r["geometry"]) for r in rows)


def areas_digest(conn: sa.Connection, vid: int) -> str:
    """Checksum of the stored areas of version ``vid``."""
    rows = conn.execute(
        sa.select(areas.c.area_id, areas.c.area_name, areas.c.parent_id, areas.c.geometry)
        .where(areas.c.version_id == vid)
        .order_by(areas.c.area_id)
    ).mappings()
    return with_levels(conn, vid, area_digest(rows))


def with_levels(conn: sa.Connection, vid: int, areas_sha: str) -> str:
    """Add the version's levels to the areas checksum (unchanged for a version without)."""
    if not sa.inspect(conn).has_table("levels"):
        return areas_sha
    level_rows = conn.execute(
        sa.select(levels.c.position, levels.c.level_id, levels.c.label)
        .where(levels.c.version_id == vid)
        .order_by(levels.c.position)
    ).tuples()
    found = [tuple(r) for r in level_rows]
    if not found:
        return areas_sha
    la = level_areas.c
    area_rows = conn.execute(
        sa.select(la.level_id, la.area_id, la.area_name, la.parent_id, la.geometry)
        .where(la.version_id == vid)
        .order_by(la.level_id, la.area_id)
    ).tuples()
    return digest([(areas_sha,), *found, *(tuple(r) for r in area_rows)])


def catalog_digest(conn: sa.Connection, vid: int) -> str:
    """Checksum of the stored catalogue entries of version ``vid``, in order."""
    entries = conn.execute(
        sa.select(catalog_entries.c.entry)
        .where(catalog_entries.c.version_id == vid)
        .order_by(catalog_entries.c.position)
    )
    return digest(entries.tuples())


def chunk_digest(conn: sa.Connection, cid: int) -> str:
    """Checksum of one chunk: its indicator and period, then its rows in key order."""
    head = [
        tuple(r)
        for r in conn.execute(
            sa.select(obs_chunks.c.indicator, obs_chunks.c.period).where(
                obs_chunks.c.chunk_id == cid
            )
        ).tuples()
    ]
    cr = chunk_rows.c
    rows = [
        tuple(r)
        for r in conn.execute(
            sa.select(cr.area_id, cr.value, cr.numerator, cr.denominator, cr.missing_reason)
            .where(cr.chunk_id == cid)
            .order_by(cr.area_id)
        ).tuples()
    ]
    return rows_digest(head, rows)


def rows_digest(head: Sequence[Sequence[Any]], rows: Sequence[Sequence[Any]]) -> str:
    """Checksum of a chunk: ``[(indicator, period)]``, then its rows in key order."""
    # one repr of all rows (plain tuples, as the checksums were always made): exact for
    # floats, quoted for text, and fast
    shown = ([tuple(h) for h in head], [tuple(r) for r in rows])
    return hashlib.sha256(repr(shown).encode()).hexdigest()


#: Chunks whose checksums one query computes (an ``IN`` list well within SQLite's limit).
_BATCH = 500


def record_chunks(
    conn: sa.Connection,
    chunk_ids: Sequence[int],
    *,
    each: Callable[[dict[int, list[tuple[Any, ...]]]], None] | None = None,
) -> None:
    """Record the checksums of new chunks: a few queries for all of them (as :func:`chunk_digest`).

    One round trip per query, not per chunk: on a database server each one costs.
    ``each`` receives the rows read (chunk id → rows in key order), batch by
    batch, so that the column streams are written from the same read.
    """
    cr = chunk_rows.c
    for start in range(0, len(chunk_ids), _BATCH):
        ids = list(chunk_ids[start : start + _BATCH])
        heads = {
            int(cid): [(ind, per)]
            for cid, ind, per in conn.execute(
                sa.select(obs_chunks.c.chunk_id, obs_chunks.c.indicator, obs_chunks.c.period).where(
                    obs_chunks.c.chunk_id.in_(ids)
                )
            ).tuples()
        }
        rows: dict[int, list[tuple[Any, ...]]] = {cid: [] for cid in ids}
        found = conn.execute(
            sa.select(cr.chunk_id, cr.area_id, cr.value, cr.numerator, cr.denominator)
            .add_columns(cr.missing_reason)
            .where(cr.chunk_id.in_(ids))
            .order_by(cr.chunk_id, cr.area_id)
        ).all()
        for row in found:
            rows[int(row[0])].append(tuple(row[1:]))
        conn.execute(digests.delete().where((digests.c.kind == "chunk") & digests.c.key.in_(ids)))
        conn.execute(
            digests.insert(),
            [
                {
                    "kind": "chunk",
                    "key": cid,
                    "sha256": rows_digest(heads[cid], rows[cid]),
                }
                for cid in ids
            ],
        )
        if each is not None:
            each(rows)


def record(conn: sa.Connection, kind: str, key: int, value: str) -> None:
    """Store (or replace) the checksum of one version part or chunk."""
    conn.execute(digests.delete().where((digests.c.kind == kind) & (digests.c.key == key)))
    conn.execute(digests.insert().values(kind=kind, key=key, sha256=value))


def stored(conn: sa.Connection, kind: str, key: int) -> str | None:
    """Return the recorded checksum (None: none recorded)."""
    return conn.execute(
        sa.select(digests.c.sha256).where((digests.c.kind == kind) & (digests.c.key == key))
    ).scalar()


def record_areas(conn: sa.Connection, vid: int, copied_from: int | None) -> None:
    """Record the areas checksum of ``vid`` (taken over when its areas were copied)."""
    value = stored(conn, "areas", copied_from) if copied_from is not None else None
    record(conn, "areas", vid, value or areas_digest(conn, vid))


def expect(conn: sa.Connection, kind: str, key: int, found: str) -> None:
    """Raise when a recorded checksum differs from ``found`` (none recorded: old store)."""
    recorded = stored(conn, kind, key)
    if recorded is not None and recorded != found:
        where = _where(kind, key)
        part = Message(f"store.part.{kind}")
        raise DamageError(Message("store.damage.checksum", {"part": part, "where": where}))


def _where(kind: str, key: object) -> Message:
    """Return "chunk N" or "version N" (the block of values or the version checked)."""
    return Message("store.where.chunk" if kind == "chunk" else "store.where.version", {"id": key})


def verify_base(conn: sa.Connection, vid: int) -> None:
    """Check the areas and catalogue a new version is built from."""
    expect(conn, "areas", vid, areas_digest(conn, vid))
    expect(conn, "catalog", vid, catalog_digest(conn, vid))


def verify_chunks(conn: sa.Connection, chunk_ids: Iterable[int]) -> None:
    """Check the given chunks against their checksums."""
    for cid in chunk_ids:
        expect(conn, "chunk", cid, chunk_digest(conn, cid))


def verify_streams(conn: sa.Connection, chunk_ids: Iterable[int]) -> None:
    """Check the column streams of the given chunks against the chunks' checksums."""
    for cid in chunk_ids:
        data = conn.execute(
            sa.select(chunk_columns.c.data).where(chunk_columns.c.chunk_id == cid)
        ).scalar()
        if data is None:
            continue
        head = conn.execute(
            sa.select(obs_chunks.c.indicator, obs_chunks.c.period).where(
                obs_chunks.c.chunk_id == cid
            )
        ).all()
        expect(conn, "chunk", cid, rows_digest(head, columns.as_rows(bytes(data))))


def check_all(conn: sa.Connection, *, with_digests: bool) -> list[Message]:
    """Return the problems of the store behind ``conn`` (empty: intact).

    Runs SQLite's full ``integrity_check`` (PostgreSQL keeps its own files
    consistent) and, when the store has checksums, compares every version's
    areas and catalogue and every block of values with its checksum.
    """
    problems = dialects.integrity(conn)
    if not with_digests:
        return problems
    ids = conn.execute(sa.select(versions.c.id).order_by(versions.c.id)).scalars()
    checks: list[tuple[Callable[[], None], Message]] = [
        (functools.partial(verify_base, conn, int(v)), _where("version", v)) for v in ids
    ]
    chunk_ids = conn.execute(sa.select(obs_chunks.c.chunk_id)).scalars()
    for c in chunk_ids:
        checks += [
            (functools.partial(verify_chunks, conn, [int(c)]), _where("chunk", c)),
            (functools.partial(verify_streams, conn, [int(c)]), _where("chunk", c)),
        ]
    for run, where in checks:
        try:
            run()
        except DamageError as err:
            problems.append(err.what)
        except FAULTS as err:
            problems.append(Message("store.damage.fault", {"where": where, "error": str(err)}))
    return problems
