"""A chunk's rows column by column: written once with the chunk, read in one piece.

Reading 2.5 million values row by row through SQL costs seconds in Python
objects alone. Chunks never change once written, so each chunk's rows are
also kept as one compressed Arrow IPC stream (table ``chunk_columns``), and a
version is read as a few hundred such streams. The rows stay the source of
truth: checksums are over them, and a stream is compared with its chunk's
checksum by ``check-store`` (:func:`as_rows`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import sqlalchemy as sa

from bildungsampel.service.store.schema import chunk_columns, chunk_rows, version_chunks

#: The stored columns, in the order of ``chunk_rows`` after ``chunk_id``.
SCHEMA = pa.schema(
    [
        ("area_id", pa.string()),
        ("value", pa.float64()),
        ("numerator", pa.float64()),
        ("denominator", pa.float64()),
        ("missing_reason", pa.string()),
    ]
)
_OPTIONS = pa.ipc.IpcWriteOptions(compression="zstd")


def encode(rows: Sequence[Sequence[Any]]) -> bytes:
    """Return rows ``(area_id, value, numerator, denominator, missing_reason)`` as one stream."""
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True)) if rows else [[] for _ in SCHEMA]
    table = pa.Table.from_arrays(
        [pa.array(list(c), type=f.type) for c, f in zip(columns, SCHEMA, strict=True)],
        schema=SCHEMA,
    )
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, SCHEMA, options=_OPTIONS) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def decode(data: bytes) -> pa.Table:
    """Return the table of one stream."""
    return pa.ipc.open_stream(data).read_all()


def as_rows(data: bytes) -> list[tuple[Any, ...]]:
    """Return a stream's rows as the tuples ``chunk_rows`` gives (None for a missing cell)."""
    table = decode(data)
    return list(zip(*(table.column(f.name).to_pylist() for f in SCHEMA), strict=True))


def write(conn: sa.Connection, cid: int, rows: Sequence[Sequence[Any]]) -> None:
    """Store the column stream of chunk ``cid`` (its rows in key order)."""
    write_many(conn, {cid: rows})


def write_many(conn: sa.Connection, rows: Mapping[int, Sequence[Sequence[Any]]]) -> None:
    """Store the column streams of several chunks (chunk id → rows in key order) at once."""
    if rows:
        conn.execute(
            chunk_columns.insert(),
            [{"chunk_id": cid, "data": encode(r)} for cid, r in rows.items()],
        )


def read(conn: sa.Connection, chunks: dict[int, tuple[str, str]]) -> pd.DataFrame | None:
    """Return the observations of ``chunks`` (id → indicator, period) from their streams.

    None when a chunk has no stream (a store written before streams): the
    caller then reads the rows.
    """
    if not chunks:
        return None
    found = dict(
        conn.execute(
            sa.select(chunk_columns.c.chunk_id, chunk_columns.c.data).where(
                chunk_columns.c.chunk_id.in_(list(chunks))
            )
        ).all()
    )
    if found.keys() != chunks.keys():
        return None
    tables, indicators, periods = [], [], []
    for cid, data in found.items():
        table = decode(bytes(data))
        tables.append(table)
        indicators.append((chunks[cid][0], table.num_rows))
        periods.append((chunks[cid][1], table.num_rows))
    frame: pd.DataFrame = pa.concat_tables(tables).to_pandas()
    frame["area_id"] = frame["area_id"].astype(object)
    # the types the rows give (read_sql): text columns as strings
    frame.insert(1, "indicator", _repeat(indicators))
    frame.insert(2, "period", _repeat(periods))
    return frame


def _repeat(pairs: Iterable[tuple[str, int]]) -> pd.Series:
    """Return each label repeated for its chunk's rows (built as a categorical: cheap)."""
    labels, counts = zip(*pairs, strict=True)
    categories = list(dict.fromkeys(labels))
    code_of = {c: n for n, c in enumerate(categories)}
    codes = np.repeat(np.array([code_of[x] for x in labels], dtype=np.int32), counts)
    dtype = pd.CategoricalDtype(categories)
    return pd.Series(pd.Categorical.from_codes(codes, dtype=dtype)).astype(str)


def missing(conn: sa.Connection) -> list[int]:
    """Return the chunks listed by a version that have no stream yet."""
    query = (
        sa.select(version_chunks.c.chunk_id)
        .distinct()
        .where(version_chunks.c.chunk_id.not_in(sa.select(chunk_columns.c.chunk_id)))
    )
    return [int(c) for c in conn.execute(query).scalars()]


def rows_of(conn: sa.Connection, cid: int) -> list[tuple[Any, ...]]:
    """Return the rows of chunk ``cid`` in key order (what its stream and checksum hold)."""
    query = (
        sa.select(
            chunk_rows.c.area_id,
            chunk_rows.c.value,
            chunk_rows.c.numerator,
            chunk_rows.c.denominator,
            chunk_rows.c.missing_reason,
        )
        .where(chunk_rows.c.chunk_id == cid)
        .order_by(chunk_rows.c.area_id)
    )
    return [tuple(r) for r in conn.execute(query).all()]


def backfill(conn: sa.Connection) -> int:
    """Write the streams of every listed chunk that lacks one (a store written before them)."""
    ids = missing(conn)
    for cid in ids:
        write(conn, cid, rows_of(conn, cid))
    return len(ids)
