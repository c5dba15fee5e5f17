"""Reading versions: the list of versions, one version's content, the difference of two."""

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

from bildungsampel.service import messages as _messages  # noqa: F401 - registers the messages
from bildungsampel.service.store import columns
from bildungsampel.service.store import digests as dg
from bildungsampel.service.store import levels as stored_levels
from bildungsampel.service.store import versions as vs
from bildungsampel.service.store.schema import (
    areas,
    catalog_entries,
    chunk_rows,
    obs_chunks,
    version_chunks,
    versions,
)
from bildungsampel.service.storefile import StoreError
from geodata.hierarchy import Hierarchy


@dataclass(frozen=True)
class Snapshot:
    """One version's content."""

    version: dict[str, Any]
    areas: gpd.GeoDataFrame
    catalog: list[dict[str, Any]]
    observations: pd.DataFrame
    #: The levels in the city's words and which areas the lowest level's areas lie in.
    hierarchy: Hierarchy


@dataclass(frozen=True)
class Parts:
    """Which parts of a version to read (and whether the store has checksums to compare)."""

    observations: bool = True
    geometry: bool = True
    digests: bool = True


def version_list(conn: sa.Connection) -> pd.DataFrame:
    """Return all versions, newest first, with ``current`` and ``deleted`` flags."""
    rows = conn.execute(sa.select(versions).order_by(versions.c.id.desc())).mappings()
    frame = pd.DataFrame([dict(r) for r in rows], columns=[c.name for c in versions.c])
    current = vs.current(conn)
    frame["current"] = frame["id"] == current
    frame["deleted"] = frame["deleted_at"].notna()
    return frame


def version_info(conn: sa.Connection, vid: int | None) -> dict[str, Any]:
    """Return the row of version ``vid`` (None: the published one), refusing a missing one."""
    vid = vid if vid is not None else vs.current(conn)
    if vid is None:
        raise StoreError("store.nothing_published")
    info = conn.execute(sa.select(versions).where(versions.c.id == vid)).mappings().first()
    if info is None:
        raise StoreError("store.no_version", version=vid)
    return dict(info)


def read_snapshot(conn: sa.Connection, vid: int | None, parts: Parts) -> Snapshot:
    """Return the content of version ``vid`` (None: the published one).

    Areas and catalogue are compared with their checksums when the store has
    them (areas only when read with their shapes).
    """
    info = version_info(conn, vid)
    vid = int(info["id"])
    area_rows = _area_rows(conn, vid, geometry=parts.geometry)
    entries = _entries(conn, vid)
    obs = _observations(conn, vid if parts.observations else None)
    if parts.digests and parts.geometry:
        dg.expect(conn, "areas", vid, dg.with_levels(conn, vid, dg.area_digest(area_rows)))
    if parts.digests:
        dg.expect(conn, "catalog", vid, dg.digest((e,) for e in entries))
    frame = _area_frame(area_rows, crs=info["crs"] or None, geometry=parts.geometry)
    return Snapshot(
        version=info,
        areas=frame,
        catalog=[json.loads(e) for e in entries],
        observations=obs,
        hierarchy=stored_levels.read(conn, vid, frame),
    )


def _area_rows(conn: sa.Connection, vid: int, *, geometry: bool) -> Sequence[Any]:
    columns = areas.c if geometry else [areas.c.area_id, areas.c.area_name, areas.c.parent_id]
    query = sa.select(*columns).where(areas.c.version_id == vid).order_by(areas.c.area_id)
    return conn.execute(query).mappings().all()


def _entries(conn: sa.Connection, vid: int) -> Sequence[str]:
    query = (
        sa.select(catalog_entries.c.entry)
        .where(catalog_entries.c.version_id == vid)
        .order_by(catalog_entries.c.position)
    )
    return conn.execute(query).scalars().all()


def _observations(conn: sa.Connection, vid: int | None) -> pd.DataFrame:
    """Return the observations of ``vid`` (None: an empty frame with the same columns).

    Read from the chunks' column streams (:mod:`.columns`); a store written
    before them is read row by row.
    """
    if vid is not None:
        chunks = {cid: key for key, cid in vs.chunks_of(conn, vid).items()}
        streamed = columns.read(conn, chunks)
        if streamed is not None:
            return streamed
    query = (
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
        .where(version_chunks.c.version_id == (vid if vid is not None else -1))
    )
    obs = pd.read_sql(query, conn)
    obs["area_id"] = obs["area_id"].astype(object)
    return obs


def _area_frame(rows: Sequence[Any], *, crs: str | None, geometry: bool) -> gpd.GeoDataFrame:
    geoms = (
        shapely.from_wkb([r["geometry"] for r in rows]) if rows and geometry else [None] * len(rows)
    )
    return gpd.GeoDataFrame(
        {
            "area_id": [r["area_id"] for r in rows],
            "area_name": [r["area_name"] for r in rows],
            "parent_id": [r["parent_id"] for r in rows],
        },
        geometry=list(geoms),
        crs=crs,
    )


def _level_change(a: Hierarchy, b: Hierarchy) -> dict[str, Any]:
    """Return the levels before and after (words and numbers of areas) when they differ, else {}."""

    def shown(h: Hierarchy) -> list[tuple[str, str, int]]:
        return [(lv.id, lv.label, h.size(lv.id)) for lv in h.levels]

    same = shown(a) == shown(b) and all(
        a.mapping(lv.id) == b.mapping(lv.id) and a.names.get(lv.id) == b.names.get(lv.id)
        for lv in list(a.levels)[1:]
        if a.filled(lv.id) and b.filled(lv.id)
    )
    return {} if same else {"before": shown(a), "after": shown(b)}


def compare(a: Snapshot, b: Snapshot) -> dict[str, Any]:
    """Summarise what changed from snapshot ``a`` to ``b``.

    Counts of values added, removed and changed (a value or its counts; in all and per indicator),
    areas added, removed and renamed, indicators and indicator × period pairs
    added and removed, the levels before and after when they changed, and the
    labels and names to show them by
    (:func:`bildungsampel.present.versions.comparison` writes it for people).
    """
    key = ["area_id", "indicator", "period"]
    merged = a.observations.merge(
        b.observations, on=key, how="outer", suffixes=("_old", "_new"), indicator=True
    )
    both = merged[merged["_merge"] == "both"]
    # a value, or a count behind it (a rate delivered as counts has no value of its own)
    changed = np.zeros(len(both), dtype=bool)
    for column in ("value", "numerator", "denominator"):
        changed |= ~np.isclose(
            both[f"{column}_old"].astype(float), both[f"{column}_new"].astype(float), equal_nan=True
        )
    names_a = dict(zip(a.areas["area_id"], a.areas["area_name"], strict=True))
    names_b = dict(zip(b.areas["area_id"], b.areas["area_name"], strict=True))
    ind_a = [e["id"] for e in a.catalog]
    ind_b = [e["id"] for e in b.catalog]
    periods_a = set(map(tuple, a.observations[["indicator", "period"]].drop_duplicates().values))
    periods_b = set(map(tuple, b.observations[["indicator", "period"]].drop_duplicates().values))
    by_indicator = {
        "added": merged.loc[merged["_merge"] == "right_only", "indicator"].value_counts(),
        "removed": merged.loc[merged["_merge"] == "left_only", "indicator"].value_counts(),
        "changed": both.loc[changed, "indicator"].value_counts(),
    }
    return {
        "observations_added": int((merged["_merge"] == "right_only").sum()),
        "observations_removed": int((merged["_merge"] == "left_only").sum()),
        "observations_changed": int(changed.sum()),
        "areas_added": sorted(set(names_b) - set(names_a)),
        "areas_removed": sorted(set(names_a) - set(names_b)),
        "areas_renamed": sorted(i for i in set(names_a) & set(names_b) if names_a[i] != names_b[i]),
        "indicators_added": [i for i in ind_b if i not in ind_a],
        "indicators_removed": [i for i in ind_a if i not in ind_b],
        "periods_added": sorted(periods_b - periods_a),
        "periods_removed": sorted(periods_a - periods_b),
        "values_by_indicator": {
            ind: {what: int(counts.get(ind, 0)) for what, counts in by_indicator.items()}
            for ind in sorted(set().union(*(c.index for c in by_indicator.values())))
        },
        "levels": _level_change(a.hierarchy, b.hierarchy),
        "entries": {e["id"]: e for e in [*a.catalog, *b.catalog]},
        "names": {**names_a, **names_b},
    }
