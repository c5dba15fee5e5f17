"""A version's levels in the store: writing a :class:`~geodata.hierarchy.Hierarchy` and reading it.

The lowest level's areas are the ``areas`` rows (their ``parent_id`` is the area of
the next level up); ``levels`` names every level, ``level_areas`` holds the
areas of the levels above. A version without ``levels`` rows has the product's
two levels (:meth:`Hierarchy.from_parents`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import pandas as pd
import sqlalchemy as sa

from bildungsampel.service.store.schema import level_areas, levels
from geodata.hierarchy import Hierarchy, Level, Levels


def write(conn: sa.Connection, vid: int, hierarchy: Hierarchy) -> None:
    """Write the levels of ``hierarchy`` and the areas of its levels above the lowest."""
    conn.execute(
        levels.insert(),
        [
            {"version_id": vid, "position": n, "level_id": lv.id, "label": lv.label}
            for n, lv in enumerate(hierarchy.levels)
        ],
    )
    rows = [
        {"version_id": vid, "level_id": lv.id, "geometry": None, **area}
        for lv in list(hierarchy.levels)[1:]
        if hierarchy.filled(lv.id)
        for area in _records(hierarchy.areas_of(lv.id))
    ]
    if rows:
        conn.execute(level_areas.insert(), rows)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]


def has_tables(conn: sa.Connection) -> bool:
    """Return whether the store has the level tables (a read-only store may predate them)."""
    return bool(sa.inspect(conn).has_table("levels"))


def read(conn: sa.Connection, vid: int, areas: pd.DataFrame) -> Hierarchy:
    """Return the hierarchy of version ``vid`` whose lowest areas are ``areas``."""
    if not has_tables(conn):
        return Hierarchy.from_parents(areas)
    level_rows = (
        conn.execute(
            sa.select(levels).where(levels.c.version_id == vid).order_by(levels.c.position)
        )
        .mappings()
        .all()
    )
    if not level_rows:
        return Hierarchy.from_parents(areas)
    area_rows = (
        conn.execute(sa.select(level_areas).where(level_areas.c.version_id == vid)).mappings().all()
    )
    return from_rows(level_rows, area_rows, areas)


def from_rows(
    level_rows: Sequence[Any], area_rows: Sequence[Any], areas: pd.DataFrame
) -> Hierarchy:
    """Return the hierarchy of ``levels`` and ``level_areas`` rows over the lowest ``areas``."""
    ids = [str(r["level_id"]) for r in level_rows]
    found = Levels(
        tuple(
            Level(i, parent=p, label=str(r["label"]))
            for i, p, r in zip(ids, [*ids[1:], None], level_rows, strict=True)
        )
    )
    index = pd.Index([str(a) for a in areas["area_id"]], name="area_id")
    assignment = pd.DataFrame(index=index, dtype=object)
    parent_of = {
        lv: {str(r["area_id"]): r["parent_id"] for r in area_rows if r["level_id"] == lv}
        for lv in ids[1:]
    }
    names = {
        lv: {str(r["area_id"]): str(r["area_name"]) for r in area_rows if r["level_id"] == lv}
        for lv in ids[1:]
    }
    if len(ids) > 1:
        current = pd.Series(list(areas["parent_id"]), index=index, dtype=object)
        assignment[ids[1]] = current
        for child, parent in itertools.pairwise(ids[1:]):
            current = current.map(parent_of[child]).astype(object)
            assignment[parent] = current
    return Hierarchy(levels=found, assignment=assignment, names=names)
