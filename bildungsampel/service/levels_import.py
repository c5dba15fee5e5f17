"""Publishing a city's levels: a key table over the published areas, levels kept for new boundaries.

``bildungsampel import hierarchy`` reads which areas of the levels above each
published area lies in (:func:`prepare_hierarchy`, nothing written) and
publishes them as a new version over the same areas (:func:`publish_hierarchy`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from bildungsampel.service import messages as _messages  # noqa: F401 - registers the messages
from bildungsampel.service.store import Publication, Store
from geodata import hierarchy
from geodata.checks import listed
from geodata.hierarchy import Hierarchy
from geodata.io import Boundaries
from geodata.keytable import HierarchySpec, hierarchy_from_table
from indicators.errors import ObservationError
from indicators.messages import Message
from indicators.tables import read_table


@dataclass(frozen=True)
class HierarchyCheck:
    """A key table of the levels read and checked against the published areas."""

    hierarchy: Hierarchy
    notes: tuple[Message, ...]
    sha256: str
    source_name: str
    based_on: int


def prepare_hierarchy(
    store: Store,
    path: str | Path,
    *,
    area_column: str,
    levels: HierarchySpec,
    sheet: str | None = None,
) -> HierarchyCheck:
    """Read a key table naming the levels each published area lies in; nothing is written.

    ``levels.parents`` are the levels above the areas, nearest first, each
    with its id (and name) column; ``levels.lowest`` renames the areas' own
    level (default: the published word).
    """
    path = Path(path)
    if store.current_id() is None:
        raise ObservationError("publishing.hierarchy.no_areas", source=path.name)
    snap = store.snapshot(with_observations=False, with_geometry=False)
    lowest = snap.hierarchy.levels.lowest
    if levels.lowest:
        lowest = hierarchy.Level(hierarchy.level_id(levels.lowest), label=levels.lowest.strip())
    table = read_table(path, sheet=sheet)
    found, notes = hierarchy_from_table(
        table.frame,
        area_column=area_column,
        parents=levels.parents,
        area_ids=[str(a) for a in snap.areas["area_id"]],
        lowest=hierarchy.Level(lowest.id, label=lowest.label),
        source=path.name,
    )
    ids = [str(a) for a in snap.areas["area_id"]]
    return HierarchyCheck(
        hierarchy=replace(found, assignment=found.assignment.loc[ids]),
        notes=tuple(notes),
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        source_name=path.name,
        based_on=int(snap.version["id"]),
    )


def publish_hierarchy(store: Store, check: HierarchyCheck, *, author: str) -> int:
    """Publish checked levels over the published areas as a new version."""
    shown = ", ".join(lv.label or lv.id for lv in check.hierarchy.levels)
    return store.publish(
        Publication(
            kind="hierarchy",
            author=author,
            source_name=check.source_name,
            sha256=check.sha256,
            hierarchy=check.hierarchy,
            note=f"levels: {shown}",
            consistent=True,
            based_on=check.based_on,
        )
    )


def kept_levels(
    published: Hierarchy, bnd: Boundaries, spec: HierarchySpec | None, source: str
) -> tuple[Hierarchy | None, tuple[Message, ...]]:
    """Return the published levels over the file's areas when they all have their place in them.

    The product's two levels (no levels of the city's own) are not kept: they
    come from the file's parent column, as before levels were data.
    """
    if len(published.levels) < 2 or published.levels == hierarchy.DEFAULT_LEVELS:
        return bnd.hierarchy, ()
    lowest = (bnd.hierarchy or published).levels.lowest
    labels = ", ".join(lv.label or lv.id for lv in list(published.levels)[1:])
    ids = [str(a) for a in bnd.areas["area_id"]]
    missing = sorted(set(ids) - set(published.assignment.index))
    if missing:
        note = Message(
            "publishing.levels.dropped",
            {"source": source, "levels": labels, "n": len(missing), "areas": listed(missing)},
        )
        return bnd.hierarchy, (note,)
    if spec and spec.lowest:  # the file's areas renamed as a level
        lowest = replace(published.levels.lowest, id=lowest.id, label=lowest.label)
    else:
        lowest = published.levels.lowest
    kept = hierarchy.Hierarchy(
        levels=hierarchy.Levels((lowest, *list(published.levels)[1:])),
        assignment=published.assignment.loc[ids],
        names=published.names,
    )
    return kept, (Message("publishing.levels.kept", {"levels": labels}),)
