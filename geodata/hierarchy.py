"""The area levels of a city and parent areas (Stadtbezirke) dissolved from their Stadtteile.

:class:`Levels` is the one definition of which levels exist and how they nest
(lowest first, each pointing to its parent); everything else asks it instead
of comparing level ids.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import geopandas as gpd
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
    """

    id: str
    parent: str | None = None


@dataclass(frozen=True)
class Levels:
    """The levels of a city, lowest first; every parent is a level further on.

    Examples
    --------
    >>> levels = Levels.chain("stadtteil", "stadtbezirk")
    >>> levels.lowest.id, levels.parent_of("stadtteil")
    ('stadtteil', Level(id='stadtbezirk', parent=None))
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
        geom = shapely.coverage_union_all(part.geometry.to_numpy())
        if not geom.is_valid:  # not a clean coverage: fall back to a full union
            geom = shapely.union_all(part.geometry.to_numpy())
        rows.append(
            {
                "area_id": str(parent),
                "area_name": (names or {}).get(str(parent), str(parent)),
                "parent_id": None,
                "geometry": geom,
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=areas.crs)


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
