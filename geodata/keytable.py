"""Area hierarchies from columns: a key table or the parent columns of a boundary file.

A city's levels nest: Berlin's 542 Planungsräume lie in 143 Bezirksregionen,
58 Prognoseräume and 12 Bezirke. The nesting usually comes as a key table with
an id (and a name) per level and one row per area of the lowest level, or as
columns of the boundary file. :func:`hierarchy_from_table` reads it into a
:class:`~geodata.hierarchy.Hierarchy`, refusing what does not nest and noting
what it left out.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from geodata.checks import listed
from geodata.columns import id_strings
from geodata.hierarchy import Hierarchy, Level, LevelError, Levels, level_id
from indicators.messages import Message


@dataclass(frozen=True)
class ParentSpec:
    """One level above the lowest as the analyst names it: ``NAME=ID_COLUMN[:NAME_COLUMN]``.

    Examples
    --------
    >>> ParentSpec.parse("Bezirksregion=BZR (Nummer):BZR (Name)")
    ParentSpec(label='Bezirksregion', id_column='BZR (Nummer)', name_column='BZR (Name)')
    >>> ParentSpec.parse("Bezirk=BEZ")
    ParentSpec(label='Bezirk', id_column='BEZ', name_column=None)
    """

    label: str
    id_column: str
    name_column: str | None = None

    @classmethod
    def parse(cls, text: str) -> ParentSpec:
        """Read ``NAME=ID_COLUMN[:NAME_COLUMN]``, refusing another shape with an example."""
        label, sep, columns = text.partition("=")
        if not sep or not label.strip() or not columns.strip():
            raise LevelError("geodata.hierarchy.spec", text=text)
        id_column, colon, name_column = columns.rpartition(":")
        if not colon:
            return cls(label.strip(), columns.strip())
        return cls(label.strip(), id_column.strip(), name_column.strip() or None)


@dataclass(frozen=True)
class HierarchySpec:
    """How the analyst names a city's levels: the lowest level's word and the levels above."""

    #: The city's word for the areas of the boundary file ("Planungsraum"); None: Stadtteil.
    lowest: str | None = None
    #: The levels above, nearest first, each with its id (and name) column.
    parents: tuple[ParentSpec, ...] = ()

    @classmethod
    def parse(cls, lowest: str | None, parents: Sequence[str]) -> HierarchySpec:
        """Read ``--level-name`` and the ``--parent NAME=ID_COL[:NAME_COL]`` options."""
        return cls(lowest or None, tuple(ParentSpec.parse(p) for p in parents))


def _listed(items: Iterable[object]) -> dict[str, Any]:
    """Return the message parameters ``n`` and ``areas`` (the first few) of ``items``."""
    shown = [str(i) for i in items]
    return {"n": len(shown), "areas": listed(shown)}


def find_column(columns: Sequence[str], wanted: str, *, source: str, role: str) -> str:
    """Return the column of ``columns`` called ``wanted`` (exactly, else ignoring case and space).

    Raises
    ------
    LevelError
        When there is none, listing the columns there are.
    """
    if wanted in columns:
        return wanted

    def key(text: str) -> str:
        return re.sub(r"\s+", " ", str(text)).strip().casefold()

    for column in columns:
        if key(column) == key(wanted):
            return column
    raise LevelError(
        "geodata.hierarchy.column",
        source=source,
        role=role,
        column=wanted,
        columns=", ".join(str(c) for c in columns if not str(c).startswith("__")),
    )


def _spec_columns(spec: ParentSpec, columns: Sequence[str], source: str) -> tuple[str, str | None]:
    """Return the id and name columns of ``spec`` (an id column with a colon in its name too)."""
    whole = f"{spec.id_column}:{spec.name_column}"
    if spec.name_column is not None and whole in columns:
        return whole, None
    id_column = find_column(columns, spec.id_column, source=source, role=spec.label)
    if spec.name_column is None:
        return id_column, None
    return id_column, find_column(columns, spec.name_column, source=source, role=spec.label)


def _match_ids(table_ids: pd.Series, area_ids: Sequence[str]) -> pd.Series:
    """Return the area id each table id stands for (leading zeros may differ), else None."""
    exact = set(area_ids)
    unpadded = {a.lstrip("0") or "0": a for a in area_ids}

    def match(value: object) -> str | None:
        if value is None:
            return None
        text = str(value)
        return text if text in exact else unpadded.get(text.lstrip("0") or "0")

    return table_ids.map(match).astype(object)


def hierarchy_from_table(
    frame: pd.DataFrame,
    *,
    area_column: str,
    parents: Sequence[ParentSpec],
    area_ids: Sequence[str],
    lowest: Level,
    source: str,
) -> tuple[Hierarchy, list[Message]]:
    """Read which area of every level each area of the lowest level lies in.

    Parameters
    ----------
    frame : pandas.DataFrame
        The key table (or the boundary file's attributes), one row per area
        of the lowest level.
    area_column : str
        Column with the ids of the lowest level's areas.
    parents : sequence of ParentSpec
        The levels above, nearest first, with their id and name columns.
    area_ids : sequence of str
        The areas of the lowest level (the published boundaries).
    lowest : Level
        The lowest level (its id and label are kept; its parent becomes the first of ``parents``).
    source : str
        File name for messages.

    Returns
    -------
    (Hierarchy, list of Message)
        The hierarchy and notes (rows of areas that are not in the boundaries,
        areas with more than one name).

    Raises
    ------
    LevelError
        For an unknown column, areas of the boundaries missing from the table
        or without a parent, an area listed twice with different parents, or
        levels that do not nest (an area of a level in two areas of the level
        above).
    """
    if not parents:
        raise LevelError("geodata.hierarchy.no_parents", source=source)
    columns = [str(c) for c in frame.columns]
    area_col = find_column(columns, area_column, source=source, role=lowest.label or lowest.id)
    specs = [_spec_columns(spec, columns, source) for spec in parents]
    ids = [level_id(spec.label) for spec in parents]
    levels = Levels(
        (
            Level(lowest.id, parent=ids[0], label=lowest.label),
            *(
                Level(i, parent=p, label=spec.label)
                for i, p, spec in zip(ids, [*ids[1:], None], parents, strict=True)
            ),
        )
    )
    notes: list[Message] = []
    table = frame.reset_index(drop=True)
    matched = _match_ids(id_strings(table[area_col]), area_ids)
    extra = id_strings(table[area_col])[matched.isna()].dropna()
    if len(extra):
        notes.append(Message("geodata.hierarchy.extra_rows", {"source": source, **_listed(extra)}))
    table, matched = table[matched.notna()], matched[matched.notna()]
    missing = sorted(set(area_ids) - set(matched))
    if missing:
        raise LevelError("geodata.hierarchy.areas_missing", source=source, **_listed(missing))
    assignment = pd.DataFrame(
        {
            level: id_strings(table[col]).to_numpy()
            for level, (col, _) in zip(ids, specs, strict=True)
        },
        index=pd.Index(matched.to_numpy(), name="area_id"),
    )
    _check_assignment(assignment, levels, source)
    assignment = assignment[~assignment.index.duplicated()].sort_index()
    names = {
        level: _names(table, col, name_col, level, levels, source, notes)
        for level, (col, name_col) in zip(ids, specs, strict=True)
    }
    return Hierarchy(levels=levels, assignment=assignment, names=names), notes


def _check_assignment(assignment: pd.DataFrame, levels: Levels, source: str) -> None:
    """Refuse empty parents, an area twice with other parents, and levels that do not nest."""
    for level in assignment.columns:
        empty = assignment.index[assignment[level].isna()]
        if len(empty):
            label = levels[level].label
            raise LevelError(
                "geodata.hierarchy.parent_empty", source=source, level=label, **_listed(empty)
            )
    twice = assignment[assignment.index.duplicated(keep=False)]
    differing = twice.groupby(level=0).nunique().gt(1).any(axis=1)
    if differing.any():
        raise LevelError(
            "geodata.hierarchy.twice", source=source, **_listed(differing[differing].index)
        )
    upper = list(assignment.columns)
    for child, parent in itertools.pairwise(upper):
        per_child = assignment.groupby(child)[parent].unique()
        split = per_child[per_child.map(len) > 1]
        if len(split):
            first = str(split.index[0])
            raise LevelError(
                "geodata.hierarchy.not_nested",
                source=source,
                level=levels[child].label,
                parent=levels[parent].label,
                area=first,
                parents=", ".join(sorted(map(str, split.iloc[0]))),
                n=len(split),
            )


def _names(
    table: pd.DataFrame,
    id_col: str,
    name_col: str | None,
    level: str,
    levels: Levels,
    source: str,
    notes: list[Message],
) -> dict[str, str]:
    """Return id → name of one level's areas (the id where there is no name column or cell)."""
    ids = id_strings(table[id_col])
    if name_col is None:
        return {str(i): str(i) for i in ids.dropna().unique()}
    names = table[name_col].map(lambda v: "" if v is None or pd.isna(v) else str(v).strip())
    pairs = pd.DataFrame({"id": ids.to_numpy(), "name": names.to_numpy()}).dropna(subset=["id"])
    pairs = pairs[pairs["name"] != ""]
    counts = (
        pairs.value_counts().reset_index(name="n").sort_values(["id", "n"], ascending=[True, False])
    )
    several = counts.groupby("id").size()
    several = several[several > 1]
    if len(several):
        notes.append(
            Message(
                "geodata.hierarchy.names_differ",
                {"source": source, "level": levels[level].label, **_listed(several.index)},
            )
        )
    chosen: dict[str, str] = dict(
        counts.drop_duplicates("id")[["id", "name"]].itertuples(index=False)
    )
    return {str(i): str(chosen.get(i, i)) for i in ids.dropna().unique()}
