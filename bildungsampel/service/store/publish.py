"""Publishing one version inside the open write transaction, phase by phase.

A :class:`Publication` says what is published; :func:`publish_into` builds the
new version from the version current at that moment plus the publication:
check the base, check consistency, add the version row, then its areas, its
catalogue and its observation chunks (copy-on-write, one per indicator and
period touched), their checksums and counts, and finally move the current
pointer. Everything happens in the caller's transaction: a refusal or a fault
leaves the store as it was.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import sqlalchemy as sa

from bildungsampel.service import consistency
from bildungsampel.service.store import columns
from bildungsampel.service.store import digests as dg
from bildungsampel.service.store import levels as stored_levels
from bildungsampel.service.store import versions as vs
from bildungsampel.service.store.connection import now
from bildungsampel.service.store.dialects import insert_rows
from bildungsampel.service.store.schema import (
    areas,
    catalog_entries,
    chunk_rows,
    level_areas,
    levels,
    version_chunks,
    versions,
)
from geodata.hierarchy import Hierarchy


@dataclass(frozen=True, eq=False)
class Publication:
    """What one publish adds to the current version.

    Attributes
    ----------
    kind : str
        What was published ("init", "indicators", "boundaries").
    author : str
        Who publishes (from the login or the CLI user).
    source_name, sha256, note : str
        Provenance of the uploaded file.
    areas : geopandas.GeoDataFrame, optional
        New boundaries (``area_id``, ``area_name``, ``parent_id``, geometry);
        default: the current version's.
    source_crs : str
        Description of the boundary file's CRS.
    catalog : sequence of dict, optional
        Catalogue entries to add or replace (by id); the others are kept.
    observations : pandas.DataFrame, optional
        Observations to add or replace (by area, indicator, period); the others
        are kept unless ``replace_observations``.
    replace_observations : bool
        Drop the current observations instead of merging.
    city_name : str, optional
        Name of the municipality (default: the current version's).
    hierarchy : Hierarchy, optional
        The levels in the city's words and which areas the lowest level's
        areas lie in. With ``areas`` it belongs to them (None: the product's
        two levels by ``parent_id``); without ``areas`` it replaces the
        current version's levels over the same areas (``import hierarchy``).
        Default: the current version's levels when the areas are kept.
    consistent : bool
        Refuse (:class:`~bildungsampel.service.consistency.ConsistencyError`,
        nothing written) a version in which values lose their area or
        catalogue entry, checked inside the transaction against the version
        really replaced. The publishing service always asks for it.
    based_on : int, optional
        The version the caller's own check was made against; when another
        version is current by now the checks above are repeated against it
        (named in a refusal), and catalogue entries of the upload's indicators
        changed in between refuse the publish.
    """

    kind: str
    author: str
    source_name: str = ""
    sha256: str = ""
    note: str = ""
    areas: gpd.GeoDataFrame | None = None
    source_crs: str = ""
    catalog: Sequence[dict[str, Any]] | None = None
    observations: pd.DataFrame | None = None
    replace_observations: bool = False
    city_name: str | None = None
    hierarchy: Hierarchy | None = None
    consistent: bool = False
    based_on: int | None = None


def publish_into(conn: sa.Connection, pub: Publication) -> int:
    """Write one new version inside the open write transaction ``conn``; return its id."""
    base = vs.current(conn)
    if base is not None:
        dg.verify_base(conn, base)
    if pub.consistent:
        # before anything is written: a refusal leaves the store as it was
        check_consistent(conn, base, pub)
    vid = _add_version(conn, base, pub)
    _write_areas(conn, base, vid, pub)
    _write_catalog(conn, base, vid, pub.catalog)
    current = {} if base is None or pub.replace_observations else vs.chunks_of(conn, base)
    written = _write_chunks(conn, current, pub.observations)
    dg.record(conn, "catalog", vid, dg.catalog_digest(conn, vid))
    chunks = {**current, **written}
    if chunks:
        conn.execute(
            version_chunks.insert(),
            [{"version_id": vid, "chunk_id": cid} for cid in chunks.values()],
        )
    vs.set_counts(conn, vid)
    vs.set_current(conn, vid)
    return vid


def _add_version(conn: sa.Connection, base: int | None, pub: Publication) -> int:
    """Insert the version row (CRS and city taken over from ``base``); return its id."""
    info = (
        conn.execute(sa.select(versions).where(versions.c.id == base)).mappings().first()
        if base is not None
        else None
    )
    result = conn.execute(
        versions.insert().values(
            kind=pub.kind,
            created_at=now(),
            author=pub.author,
            source_name=pub.source_name,
            sha256=pub.sha256,
            note=pub.note,
            based_on=base,
            crs=info["crs"] if info else "",
            source_crs=info["source_crs"] if info else "",
            city_name=pub.city_name or (info["city_name"] if info else ""),
        )
    )
    return vs.inserted_id(result)


def _write_areas(conn: sa.Connection, base: int | None, vid: int, pub: Publication) -> None:
    """Write the publication's areas (or copy the base's) and record their checksum."""
    frame = pub.areas
    if frame is not None:
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
            for r in frame.itertuples()
        ]
        if rows:
            conn.execute(areas.insert(), rows)
        conn.execute(
            versions.update()
            .where(versions.c.id == vid)
            .values(crs=frame.crs.to_wkt() if frame.crs else "", source_crs=pub.source_crs)
        )
    elif base is not None:
        vs.copy_rows(conn, areas, base, vid)
    if pub.hierarchy is not None:
        if frame is None:  # new levels over the same areas: the lowest level's parents
            parents = pub.hierarchy.lowest_parents()
            conn.execute(
                areas.update()
                .where((areas.c.version_id == vid) & (areas.c.area_id == sa.bindparam("aid")))
                .values(parent_id=sa.bindparam("pid")),
                [
                    {"aid": str(a), "pid": p}
                    for a, p in zip(pub.hierarchy.assignment.index, parents, strict=True)
                ],
            )
        stored_levels.write(conn, vid, pub.hierarchy)
    elif frame is None and base is not None:
        for table in (levels, level_areas):
            vs.copy_rows(conn, table, base, vid)
    kept = frame is None and pub.hierarchy is None
    dg.record_areas(conn, vid, base if kept else None)


def _write_catalog(
    conn: sa.Connection, base: int | None, vid: int, catalog: Sequence[dict[str, Any]] | None
) -> None:
    """Write the base's catalogue entries, replaced or extended by the new ones."""
    entries = [] if base is None else catalog_of(conn, base)
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


def catalog_of(conn: sa.Connection, vid: int) -> list[dict[str, Any]]:
    """Return the catalogue entries of version ``vid`` in their order."""
    rows = conn.execute(
        sa.select(catalog_entries.c.entry)
        .where(catalog_entries.c.version_id == vid)
        .order_by(catalog_entries.c.position)
    ).scalars()
    return [json.loads(e) for e in rows]


def _write_chunks(
    conn: sa.Connection, current: dict[tuple[str, str], int], frame: pd.DataFrame | None
) -> dict[tuple[str, str], int]:
    """Write new chunks for the indicator-periods of ``frame``; return them by key.

    A new chunk holds the upload's rows, then the current rows of the same
    indicator-period it does not replace; the other chunks are shared.
    """
    written: dict[tuple[str, str], int] = {}
    if frame is None or not len(frame):
        return written
    rows = obs_rows(frame)
    keys = list(dict.fromkeys((r[1], r[2]) for r in rows))
    # the current rows this upload merges with are copied: check them first
    dg.verify_chunks(conn, [current[k] for k in keys if k in current])
    written = dict(zip(keys, vs.new_chunks(conn, keys), strict=True))
    insert_rows(conn, chunk_rows, [(written[(r[1], r[2])], r[0], *r[3:]) for r in rows])
    for key, cid in written.items():
        if key in current:
            _carry_over(conn, current[key], cid)
    vs.count_rows(conn, list(written.values()))
    # one read of the new chunks' rows gives their checksums and their column streams
    dg.record_chunks(conn, list(written.values()), each=lambda rows: columns.write_many(conn, rows))
    return written


def _carry_over(conn: sa.Connection, old: int, new: int) -> None:
    """Copy the rows of chunk ``old`` whose area chunk ``new`` does not hold yet into ``new``."""
    cols = [c.name for c in chunk_rows.c if c.name != "chunk_id"]
    taken = sa.select(chunk_rows.c.area_id).where(chunk_rows.c.chunk_id == new)
    source = chunk_rows.alias("source")
    conn.execute(
        chunk_rows.insert().from_select(
            ["chunk_id", *cols],
            sa.select(sa.literal(new, sa.Integer), *[source.c[c] for c in cols]).where(
                (source.c.chunk_id == old) & source.c.area_id.not_in(taken)
            ),
        )
    )


def obs_rows(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
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


def check_consistent(conn: sa.Connection, base: int | None, pub: Publication) -> None:
    """Check the version about to be built on ``base`` (see :mod:`~.service.consistency`)."""
    if pub.areas is not None:
        new_areas = {str(a) for a in pub.areas["area_id"]}
    else:
        ids = conn.execute(sa.select(areas.c.area_id).where(areas.c.version_id == base))
        new_areas = {str(a) for a in ids.scalars()}
    kept: set[str] | None = None
    if pub.areas is not None and base is not None and not pub.replace_observations:
        ids = conn.execute(
            sa.select(chunk_rows.c.area_id)
            .distinct()
            .join(version_chunks, chunk_rows.c.chunk_id == version_chunks.c.chunk_id)
            .where(version_chunks.c.version_id == base)
        )
        kept = {str(a) for a in ids.scalars()}
    pairs: set[tuple[str, str]] = set()
    frame = pub.observations
    if frame is not None and len(frame):
        pairs = set(zip(frame["area_id"].astype(str), frame["indicator"].astype(str), strict=True))
    current = _entries_of(conn, base) if base is not None else {}
    brought = {str(e["id"]) for e in pub.catalog or []}
    changed: dict[str, str] = {}
    if pub.based_on is not None and pub.based_on != base and pairs:
        # values checked against another entry than the one they would be published under
        then = _entries_of(conn, pub.based_on)
        touched = {i for _, i in pairs} - brought
        changed = {i: current[i] for i in touched if i in current and then.get(i) != current[i]}
    if pub.hierarchy is not None and pub.areas is None:
        consistency.check_levels(
            base=base,
            based_on=pub.based_on,
            areas=new_areas,
            level_areas={str(a) for a in pub.hierarchy.assignment.index},
        )
    consistency.check_version(
        base=base,
        based_on=pub.based_on,
        areas=new_areas,
        kept_area_ids=kept,
        new_rows=pairs,
        catalog_ids=set(current) | brought,
        changed_entries=changed,
    )


def _entries_of(conn: sa.Connection, vid: int | None) -> dict[str, str]:
    rows = conn.execute(
        sa.select(catalog_entries.c.indicator, catalog_entries.c.entry).where(
            catalog_entries.c.version_id == vid
        )
    )
    return {str(i): str(e) for i, e in rows.tuples()}
