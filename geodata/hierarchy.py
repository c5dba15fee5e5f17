"""The area levels of a city and parent areas (Stadtbezirke) dissolved from their Stadtteile.

:class:`Levels` is the one definition of which levels exist and how they nest
(lowest first, each pointing to its parent); everything else asks it instead
of comparing level ids.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geodata.errors import BoundaryError
from indicators.errors import BildungsampelError


class LevelError(BildungsampelError):
    """An area level that does not exist, or levels that do not nest."""


@dataclass(frozen=True)
class Level:
    """One level of areas (e.g. the Stadtteile).

    Attributes
    ----------
    id : str
        The level id used in settings, URLs, file names and message keys
        (``level.<id>``).
    parent : str or None
        Id of the level its areas belong to (None for the top level).
    label : str
        The city's own word for the level ("Planungsraum", "Bezirksregion");
        empty: the product's word for a known id (``level.<id>``).
    """

    id: str
    parent: str | None = None
    label: str = ""


@dataclass(frozen=True)
class Levels:
    """The levels of a city, lowest first; every parent is a level further on.

    Examples
    --------
    >>> levels = Levels.chain("stadtteil", "stadtbezirk")
    >>> levels.lowest.id, levels.parent_of("stadtteil")
    ('stadtteil', Level(id='stadtbezirk', parent=None, label=''))
    >>> [lv.id for lv in levels.children_of("stadtbezirk")]
    ['stadtteil']
    """

    levels: tuple[Level, ...]

    def __post_init__(self) -> None:
        _check_levels(self.levels)

    @classmethod
    def chain(cls, *ids: str) -> Levels:
        """Return levels nested one into the next (``ids`` lowest first)."""
        parents: list[str | None] = [*ids[1:], None]
        return cls(tuple(Level(i, parent=p) for i, p in zip(ids, parents, strict=True)))

    @classmethod
    def named(cls, *labels: str) -> Levels:
        """Return levels in the city's own words (``labels`` lowest first), ids from the words.

        Examples
        --------
        >>> [(lv.id, lv.parent) for lv in Levels.named("Planungsraum", "Bezirk (LOR)")]
        [('planungsraum', 'bezirk_lor'), ('bezirk_lor', None)]
        """
        ids = [level_id(label) for label in labels]
        parents: list[str | None] = [*ids[1:], None]
        return cls(
            tuple(
                Level(i, parent=p, label=label.strip())
                for i, p, label in zip(ids, parents, labels, strict=True)
            )
        )

    def find(self, name: str) -> Level:
        """Return the level called ``name`` (its id or its label, case-insensitive).

        Raises
        ------
        LevelError
            For a name that is no level, listing the levels.
        """
        wanted = name.strip().casefold()
        for lv in self.levels:
            if wanted in (lv.id.casefold(), lv.label.casefold()) or lv.id == level_id(name):
                return lv
        shown = ", ".join(lv.label or lv.id for lv in self.levels)
        raise LevelError("geodata.level.unknown", wanted=name, levels=shown)

    def above(self, level: str | Level) -> tuple[Level, ...]:
        """Return the levels above ``level``, nearest first (its parent, its parent's parent …)."""
        out: list[Level] = []
        parent = self.parent_of(level)
        while parent is not None:
            out.append(parent)
            parent = self.parent_of(parent)
        return tuple(out)

    @property
    def lowest(self) -> Level:
        """Return the lowest level (the areas the boundary file delivers)."""
        return self.levels[0]

    @property
    def ids(self) -> tuple[str, ...]:
        """Return the level ids, lowest first."""
        return tuple(lv.id for lv in self.levels)

    def __iter__(self) -> Iterator[Level]:
        return iter(self.levels)

    def __len__(self) -> int:
        return len(self.levels)

    def __contains__(self, level: object) -> bool:
        wanted = level.id if isinstance(level, Level) else level
        return wanted in self.ids

    def __getitem__(self, level: str | Level) -> Level:
        """Return the level with id ``level``, refusing an unknown one with the valid ids."""
        wanted = level.id if isinstance(level, Level) else level
        for lv in self.levels:
            if lv.id == wanted:
                return lv
        shown = ", ".join(self.ids)
        raise LevelError("geodata.level.unknown", wanted=wanted, levels=shown)

    def parent_of(self, level: str | Level) -> Level | None:
        """Return the level above ``level`` (None for the top level)."""
        parent = self[level].parent
        return None if parent is None else self[parent]

    def children_of(self, level: str | Level) -> tuple[Level, ...]:
        """Return the levels directly below ``level``, lowest first."""
        wanted = self[level].id
        return tuple(lv for lv in self.levels if lv.parent == wanted)


@dataclass(frozen=True)
class Hierarchy:
    """Which area of every level each area of the lowest level lies in.

    Attributes
    ----------
    levels : Levels
        The levels, lowest first.
    assignment : pandas.DataFrame
        Index: the lowest level's area ids; one column per level above
        (nearest first, named by level id) with the id of the area it lies
        in. Nests by construction: an area of a level lies in one area of the
        level above.
    names : mapping
        Level id → area id → name, for the levels above the lowest.
    """

    levels: Levels
    assignment: pd.DataFrame
    names: Mapping[str, Mapping[str, str]]

    @classmethod
    def from_parents(cls, areas: pd.DataFrame, levels: Levels | None = None) -> Hierarchy:
        """Return the two-level hierarchy given by the ``parent_id`` of ``areas``.

        The level above is empty unless every area names its parent (names
        are the parent ids), as before levels were data.
        """
        levels = levels or DEFAULT_LEVELS
        upper = [lv.id for lv in levels.above(levels.lowest)]
        complete = bool(len(areas)) and bool(areas["parent_id"].notna().all())
        index = pd.Index([str(a) for a in areas["area_id"]], name="area_id")
        parents = [str(p) for p in areas["parent_id"]] if complete else [None] * len(areas)
        assignment = (
            pd.DataFrame({upper[0]: parents}, index=index, dtype=object)
            if upper
            else (pd.DataFrame(index=index))
        )
        names = {upper[0]: {p: p for p in parents if p is not None}} if upper else {}
        return cls(levels=levels, assignment=assignment, names=names)

    def filled(self, level: str) -> bool:
        """Return whether every area of the lowest level lies in an area of ``level``."""
        if level == self.levels.lowest.id:
            return True
        column = self.assignment.get(self.levels[level].id)
        return column is not None and len(column) > 0 and bool(column.notna().all())

    def size(self, level: str) -> int:
        """Return the number of areas of ``level`` (0 for a level no area lies in)."""
        if level == self.levels.lowest.id:
            return len(self.assignment)
        return len(self.areas_of(level)) if self.levels[level].id in self.assignment else 0

    def mapping(self, level: str) -> dict[str, str]:
        """Return lowest area id → id of the area of ``level`` it lies in."""
        column = self.assignment[self.levels[level].id]
        return {str(a): str(p) for a, p in column.items() if p is not None and not pd.isna(p)}

    def areas_of(self, level: str) -> pd.DataFrame:
        """Return a level's areas above the lowest (``area_id``, ``area_name``, ``parent_id``)."""
        lv = self.levels[level]
        parent = lv.parent if lv.parent in self.assignment else None
        pairs = self.assignment[[c for c in (lv.id, parent) if c is not None]].dropna()
        pairs = pairs.drop_duplicates(lv.id).sort_values(lv.id)
        names = self.names.get(lv.id, {})
        return pd.DataFrame(
            {
                "area_id": pairs[lv.id].astype(str).to_numpy(),
                "area_name": [names.get(str(i), str(i)) for i in pairs[lv.id]],
                "parent_id": (
                    pairs[parent].astype(str).to_numpy() if parent else [None] * len(pairs)
                ),
            }
        ).astype(object)

    def lowest_parents(self) -> list[str | None]:
        """Return the parent id of each lowest area in ``assignment`` order (None: no parent)."""
        parent = self.levels.lowest.parent
        if parent is None:
            return [None] * len(self.assignment)
        return [None if p is None or pd.isna(p) else str(p) for p in self.assignment[parent]]


def level_id(label: str) -> str:
    """Return the id of a level called ``label``: lower case, words joined by ``_``.

    Examples
    --------
    >>> level_id("Bezirksregion"), level_id(" Prognoseraum (LOR) "), level_id("Ortsteil-Ebene")
    ('bezirksregion', 'prognoseraum_lor', 'ortsteil_ebene')
    """
    return re.sub(r"\W+", "_", label.strip().casefold()).strip("_")


def _check_levels(levels: tuple[Level, ...]) -> None:
    """Refuse no levels, repeated or empty ids and parents that are not further on."""
    if not levels:
        raise LevelError("geodata.level.none")
    ids = [lv.id for lv in levels]
    for n, lv in enumerate(levels):
        if not lv.id or ids.count(lv.id) > 1:
            raise LevelError("geodata.level.ids", ids=", ".join(map(repr, ids)))
        if lv.parent is not None and lv.parent not in ids[n + 1 :]:
            raise LevelError(
                "geodata.level.parent_order", level=lv.id, parent=lv.parent, levels=", ".join(ids)
            )


#: The levels of a store written before levels were data: Stadtteile in Stadtbezirke.
DEFAULT_LEVELS = Levels.chain("stadtteil", "stadtbezirk")


def parent_mapping(areas: gpd.GeoDataFrame) -> dict[str, str]:
    """Return area id → parent id for areas that have a parent."""
    has = areas["parent_id"].notna()
    return dict(zip(areas.loc[has, "area_id"], areas.loc[has, "parent_id"], strict=True))


def dissolve_parents(
    areas: gpd.GeoDataFrame, *, names: dict[str, str] | None = None
) -> gpd.GeoDataFrame:
    """Dissolve areas into their parents.

    Parameters
    ----------
    areas : geopandas.GeoDataFrame
        ``area_id``, ``area_name``, ``parent_id``, geometry.
    names : dict, optional
        Parent id → display name (default: the parent id).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per parent with the same columns (``parent_id`` None), in the
        same CRS, shared borders removed by a coverage union.
    """
    if areas["parent_id"].isna().any():
        missing = areas.loc[areas["parent_id"].isna(), "area_id"].tolist()
        raise BoundaryError(
            "geodata.parent.missing", hint="parent_column", areas=", ".join(missing[:5])
        )
    rows = []
    for parent, part in areas.groupby("parent_id", sort=True):
        geom = _union(part.geometry.to_numpy())
        rows.append(
            {
                "area_id": str(parent),
                "area_name": (names or {}).get(str(parent), str(parent)),
                "parent_id": None,
                "geometry": geom,
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=areas.crs)


def _union(geoms: np.ndarray) -> shapely.Geometry:
    """Return the union of areas: a coverage union, else (not a clean coverage) a full union.

    Real boundary files are rarely clean coverages (Köln's Stadtteile meet with
    tiny overlaps); GEOS then refuses the fast coverage union or returns an
    invalid shape.
    """
    try:
        geom = shapely.coverage_union_all(geoms)
    except shapely.errors.GEOSException:
        return shapely.union_all(geoms)
    return geom if geom.is_valid else shapely.union_all(geoms)


def display_names(areas: pd.DataFrame) -> dict[str, str]:
    """Return area id → name to show, with the id added where a name is not unique.

    Two Stadtteile called "Neustadt" (ids 12 and 14) become "Neustadt (12)"
    and "Neustadt (14)", so tables, charts and heatmaps never merge them.

    Examples
    --------
    >>> display_names(pd.DataFrame({"area_id": ["12", "14", "3"],
    ...                             "area_name": ["Neustadt", "Neustadt", "Buer"]}))
    {'12': 'Neustadt (12)', '14': 'Neustadt (14)', '3': 'Buer'}
    """
    ids = [str(i) for i in areas["area_id"]]
    names = [str(n) for n in areas["area_name"]]
    seen = Counter(names)
    return {i: (f"{n} ({i})" if seen[n] > 1 else n) for i, n in zip(ids, names, strict=True)}
