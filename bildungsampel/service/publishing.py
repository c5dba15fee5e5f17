"""Publishing: check a file against the published state, preview it, publish it.

Nothing is written before ``publish_*``; every publish is one
:class:`~bildungsampel.service.store.Publication` that the store checks again
inside its write (``consistent=True``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import sample_data
from bildungsampel.service import levels_import
from bildungsampel.service import messages as _messages  # noqa: F401 - registers the messages
from bildungsampel.service.dataset import (
    SAMPLE_SOURCE,
    Dataset,
    assemble,
    load_dataset,
    parents_of,
    read_indicator_file,
)
from bildungsampel.service.store import Publication, Snapshot, Store
from geodata.checks import plausibility_notes
from geodata.crs import to_metric
from geodata.hierarchy import Hierarchy
from geodata.io import Boundaries, read_boundaries
from geodata.keytable import HierarchySpec
from indicators import aggregate, importer
from indicators.catalog import Catalog, Indicator, indicator_to_mapping
from indicators.catalog_entries import indicator_from_mapping
from indicators.catalog_files import load_entries
from indicators.errors import ObservationError
from indicators.messages import Message, text
from indicators.observations import complete_values, join_denominators, normalize_observations


def open_store(
    data_dir: str | Path | None = None,
    *,
    create_sample: bool = True,
    database_url: str | None = None,
) -> Store:
    """Open the store of ``data_dir`` or ``database_url`` (default: the configured one).

    Neither given: ``$BILDUNGSAMPEL_DATABASE_URL`` when set, else
    ``$BILDUNGSAMPEL_DATA_DIR`` or the per-user data directory; both given
    is refused.

    A store with nothing published gets the sample city when ``create_sample``,
    unless it was started for a city's own files (``init --empty``, which stays
    empty until the analyst publishes);
    the check and the publish are one write transaction, so several processes
    starting on a fresh data directory create one "init" version. Every fault
    (read-only, full, damaged) is a :class:`~bildungsampel.service.store.StoreError`.
    """
    store = Store(data_dir, url=database_url)
    if create_sample and store.current_id() is None and not store.is_own_city():
        store.publish_first(_sample_version("bildungsampel init"))
    return store


def publish_sample(store: Store, *, author: str = "bildungsampel init") -> int:
    """Publish the sample city as a version of ``store``."""
    return store.publish(_sample_version(author))


def _sample_version(author: str) -> Publication:
    """Return the publication of the sample city."""
    data = load_dataset()
    return Publication(
        kind="init",
        author=author,
        source_name=SAMPLE_SOURCE,
        note="Beispielstadt: schematische Grenzen, synthetische Werte",
        areas=data.boundaries.areas,
        source_crs=data.boundaries.source_crs,
        catalog=[indicator_to_mapping(i) for i in data.catalog.values()],
        observations=read_indicator_file(
            sample_data.INDICATORS, data.boundaries.areas, data.catalog, city_name="Gelsenkirchen"
        ),
        replace_observations=True,
        city_name="Gelsenkirchen",
    )


def import_catalog(
    current: Snapshot,
    catalog_path: str | Path | None = None,
    new_entries: list[dict[str, Any]] | None = None,
) -> tuple[Catalog, list[dict[str, Any]]]:
    """Return the catalogue an import is checked against, and the entries it adds or updates.

    The published catalogue of ``current`` with the entries of ``catalog_path``
    and ``new_entries`` (the wizard's forms) on top, later ones winning by id.
    Used by :func:`prepare_indicators` and to detect a table's layout, so that
    both see the same indicators.
    """
    current_catalog = Catalog(
        [
            indicator_from_mapping(e, where=f"catalogue entry {n}")
            for n, e in enumerate(current.catalog, 1)
        ]
    )
    entries = (
        [
            indicator_to_mapping(i)
            for i in load_entries(catalog_path, known=current_catalog.values())
        ]
        if catalog_path
        else []
    )
    entries += list(new_entries or [])
    merged = {e["id"]: e for e in [indicator_to_mapping(i) for i in current_catalog.values()]}
    merged.update({e["id"]: e for e in entries})
    catalog = Catalog(
        [indicator_from_mapping(e, where=f"catalogue entry {e['id']}") for e in merged.values()]
    )
    return catalog, entries


def prepare_indicators(
    store: Store,
    data: bytes,
    name: str,
    *,
    catalog_path: str | Path | None = None,
    new_entries: list[dict[str, Any]] | None = None,
    options: importer.ImportOptions | None = None,
) -> tuple[importer.Prepared, list[dict[str, Any]]]:
    """Check an indicator table against the published state; nothing is written.

    Returns the prepared import and the catalogue entries it adds or updates
    (from ``catalog_path`` and ``new_entries``); ``options`` says how to read it.
    """
    # names, parents and catalogue only: neither figures nor shapes are needed here
    current = store.snapshot(with_observations=False, with_geometry=False)
    catalog, entries = import_catalog(current, catalog_path, new_entries)
    prepared = importer.prepare(
        data,
        name,
        areas=importer.known_areas(current.areas),
        catalog=catalog,
        parents=parents_of(current.hierarchy),
        city_name=current.version["city_name"],
        options=options or importer.ImportOptions(),
    )
    prepared.problems.extend(
        _period_style_warnings(store.indicator_periods(), prepared.observations)
    )
    prepared.problems.extend(denominator_warnings(store, prepared.observations, catalog))
    prepared.based_on = int(current.version["id"])
    return prepared, entries


def _period_style_warnings(published: pd.DataFrame, new: pd.DataFrame) -> list[importer.Problem]:
    """Warn when an indicator kept in school years gets calendar years, or the reverse."""

    def styles(frame: pd.DataFrame) -> dict[str, set[bool]]:
        pairs = frame[["indicator", "period"]].drop_duplicates()
        return {str(i): {"/" in str(p) for p in g} for i, g in pairs.groupby("indicator")["period"]}

    old, got = styles(published), styles(new)
    out = []
    for ind, kinds in got.items():
        if ind in old and kinds and not kinds & old[ind]:
            school = True in old[ind]
            kept = "school_to_calendar" if school else "calendar_to_school"
            out.append(
                importer.Problem(
                    row=None,
                    column=None,
                    value=ind,
                    problem=Message(f"importer.period_style.{kept}", {"indicator": ind}),
                    fix=Message("importer.period_style.fix"),
                    severity="warning",
                )
            )
    return out


#: Areas named in a warning about missing denominators (the rest are counted).
DENOMINATORS_SHOWN = 10


def denominator_warnings(
    store: Store, new: pd.DataFrame, catalog: Catalog
) -> list[importer.Problem]:
    """Warn once per derived rate and period about areas without a denominator value.

    A rate with a catalogue ``denominator`` (Kitas per 1,000 inhabitants) is
    delivered as counts; its denominator is the other indicator's value for
    the same area and period, from the upload or else the published version.
    Areas with a count but no (or a zero) denominator stay without a value; a
    delivered city row without one is named apart (the city value is then
    computed from the areas).
    """
    derived = [i for i in pd.unique(new["indicator"]) if i in catalog and catalog[i].denominator]
    if not derived:
        return []
    refs = {catalog[i].denominator for i in derived}
    key = ["area_id", "indicator", "period"]
    old = store.snapshot(with_geometry=False).observations
    old = old[old["indicator"].isin(refs)].astype({"area_id": str})
    old = old.merge(new[key], on=key, how="left", indicator=True)
    old = old[old["_merge"] == "left_only"].drop(columns="_merge")
    frame = pd.concat([old, new[new["indicator"].isin([*refs, *derived])]], ignore_index=True)
    need = join_denominators(frame, catalog)
    lacking = frame[need & ~(frame["denominator"] > 0)]
    out = []
    for (ind, period), group in lacking.groupby(["indicator", "period"], sort=False):
        areas = sorted(str(a) for a in group["area_id"] if a != aggregate.CITY_ID)
        indicator = catalog[str(ind)]
        if areas:
            out.append(_denominator_problem(indicator, catalog, str(period), areas))
        if len(areas) < len(group):
            out.append(_denominator_problem(indicator, catalog, str(period), []))
    return out


def _denominator_problem(
    indicator: Indicator, catalog: Catalog, period: str, areas: list[str]
) -> importer.Problem:
    """Return the warning that ``areas`` (none: the city row) lack the denominator of ``period``."""
    denominator = catalog[indicator.denominator]
    shown = ", ".join(areas[:DENOMINATORS_SHOWN])
    more = len(areas) - DENOMINATORS_SHOWN
    suffix = ".city" if not areas else ".one" if len(areas) == 1 else ""
    return importer.Problem(
        row=None,
        column=None,
        value=indicator.id,
        problem=Message(
            "importer.denominator.missing" + suffix,
            {
                "indicator": _label(indicator),
                "denominator": _label(denominator),
                "n": len(areas),
                "period": period,
                "areas": shown + (f" … (+{more})" if more > 0 else ""),
            },
        ),
        fix=Message(
            "importer.denominator.missing.fix" + (".city" if not areas else ""),
            {"ref": denominator.id},
        ),
        severity="warning",
    )


def _label(indicator: Indicator) -> Message:
    return Message("importer.label", {"de": indicator.label_de, "en": indicator.label_en})


def publish_indicators(
    store: Store, prepared: importer.Prepared, entries: list[dict[str, Any]], *, author: str
) -> int:
    """Publish a checked import as a new version (refused while it has errors)."""
    if not prepared.ok:
        raise ObservationError("publishing.check_failed", source=prepared.source_name)
    return store.publish(
        Publication(
            kind="indicators",
            author=author,
            source_name=prepared.source_name,
            sha256=prepared.sha256,
            catalog=entries,
            observations=prepared.observations.drop(columns="source_row"),
            note=f"{len(prepared.observations)} values from {prepared.rows_read} rows",
            # the area and catalogue checks again, against the version really replaced
            consistent=True,
            based_on=prepared.based_on,
        )
    )


@dataclass(frozen=True)
class BoundaryCheck:
    """A boundary file read and compared with the published state."""

    boundaries: Boundaries
    added: list[str]
    removed: list[str]
    renamed: list[tuple[str, str, str]]
    orphaned: list[str]
    sha256: str
    source_name: str
    #: The published version the file was compared with (None: nothing published).
    based_on: int | None = None
    #: The levels published with the areas: the file's own (``--level-name``,
    #: ``--parent``) or the published ones kept (None: the product's two levels).
    hierarchy: Hierarchy | None = None
    #: What happened to the published levels (kept, or dropped and why).
    level_notes: tuple[Message, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether publishing keeps every published value attached to an area."""
        return not self.orphaned


def prepare_boundaries(  # noqa: PLR0913 - keyword-only reading options, as read_boundaries
    store: Store | None,
    path: str | Path,
    *,
    id_column: str | None = None,
    name_column: str | None = None,
    parent_column: str | None = None,
    crs: str | None = None,
    name: str | None = None,
    layer: str | None = None,
    levels: HierarchySpec | None = None,
) -> BoundaryCheck:
    """Read a boundary file and compare it with the published areas and data.

    ``levels`` names the file's level and the levels above from its columns;
    without parents the published levels are kept when every area of the file
    has its place in them (else they are dropped, with a note).

    ``layer`` chooses among several shapefiles in a zip or layers of a
    GeoPackage (without it such a file is refused with the list, see
    :class:`geodata.errors.LayerChoiceError`). Plausibility warnings are in
    ``check.boundaries.plausibility``. Without ``id_column`` the id column is
    guessed preferring one whose values are the published area ids.
    """
    path = Path(path)
    old: dict[str, str] = {}
    with_data: set[str] = set()
    based_on: int | None = None
    published: Hierarchy | None = None
    if store is not None and store.current_id() is not None:
        snap = store.snapshot()
        published = snap.hierarchy
        based_on = int(snap.version["id"])
        old = dict(zip(snap.areas["area_id"], snap.areas["area_name"], strict=True))
        with_data = set(snap.observations["area_id"].astype(str)) - {aggregate.CITY_ID}
    bnd = read_boundaries(
        path,
        id_column=id_column,
        name_column=name_column,
        parent_column=parent_column,
        crs=crs,
        layer=layer,
        known_ids=with_data | set(old),  # the id guess prefers the ids the tables use
        levels=levels,
    )
    new = dict(zip(bnd.areas["area_id"], bnd.areas["area_name"], strict=True))
    hierarchy: Hierarchy | None = bnd.hierarchy
    level_notes: tuple[Message, ...] = ()
    if published is not None and not parent_column and not (levels and levels.parents):
        hierarchy, level_notes = levels_import.kept_levels(published, bnd, levels, path.name)
    return BoundaryCheck(
        boundaries=bnd,
        added=sorted(set(new) - set(old)),
        removed=sorted(set(old) - set(new)),
        renamed=sorted((i, old[i], new[i]) for i in set(old) & set(new) if old[i] != new[i]),
        orphaned=sorted(with_data - set(new)),
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        source_name=name or path.name,
        based_on=based_on,
        hierarchy=hierarchy,
        level_notes=level_notes,
    )


def publish_boundaries(
    store: Store, check: BoundaryCheck, *, author: str, city_name: str | None = None
) -> int:
    """Publish checked boundaries (refused when published values would lose their area)."""
    if not check.ok:
        shown = ", ".join(check.orphaned[:10])
        raise ObservationError("publishing.orphaned", source=check.source_name, ids=shown)
    return store.publish(
        Publication(
            kind="boundaries",
            author=author,
            source_name=check.source_name,
            sha256=check.sha256,
            areas=check.boundaries.areas.assign(
                parent_id=check.hierarchy.lowest_parents()
                if check.hierarchy is not None
                else check.boundaries.areas["parent_id"]
            ),
            source_crs=check.boundaries.source_crs,
            city_name=city_name,
            hierarchy=check.hierarchy,
            note=f"{len(check.added)} added, {len(check.removed)} removed, "
            f"{len(check.renamed)} renamed",
            # the orphan check again, against the version really replaced
            consistent=True,
            based_on=check.based_on,
        )
    )


def preview(store: Store, prepared: importer.Prepared, entries: list[dict[str, Any]]) -> Dataset:
    """Return the dataset as it would be after publishing ``prepared`` (nothing is written)."""
    snap = store.snapshot()
    merged = {e["id"]: e for e in snap.catalog}
    merged.update({e["id"]: e for e in entries})
    cat = Catalog(
        [indicator_from_mapping(e, where=f"catalogue entry {e['id']}") for e in merged.values()]
    )
    key = ["area_id", "indicator", "period"]
    new = prepared.observations.drop(columns="source_row")
    new = normalize_observations(new)
    old = normalize_observations(snap.observations)
    kept = old.merge(new[key], on=key, how="left", indicator=True)
    kept = kept[kept["_merge"] == "left_only"].drop(columns="_merge")
    obs = complete_values(normalize_observations(pd.concat([kept, new], ignore_index=True)), cat)
    bnd = Boundaries(areas=to_metric(snap.areas), source_crs=snap.version["source_crs"])
    return assemble(
        bnd, cat, obs, city_name=snap.version["city_name"], files=(prepared.source_name,)
    )


def changes(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Return rated rows whose value or rating differs (``rating_before``/``rating_after``)."""
    key = ["area_id", "indicator"]
    merged = before[[*key, "value", "rating"]].merge(
        after[[*key, "area_name", "year", "value", "rating"]],
        on=key,
        how="outer",
        suffixes=("_before", "_after"),
    )
    differs = (merged["rating_before"] != merged["rating_after"]) | ~np.isclose(
        merged["value_before"].astype(float), merged["value_after"].astype(float), equal_nan=True
    )
    return merged[differs].reset_index(drop=True)


def boundary_layers_bytes(data: bytes, name: str) -> list[str]:
    """Return the layers of an uploaded boundary file (several: the analyst chooses one)."""
    import tempfile

    from geodata import io as geo_io

    safe = Path(name).name or "upload"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / safe
        path.write_bytes(data)
        if path.suffix.lower() not in (".zip", ".gpkg"):
            return [safe]
        return geo_io.boundary_layers(path)


def prepare_boundaries_bytes(
    store: Store,
    data: bytes,
    name: str,
    *,
    max_bytes: int = importer.DEFAULT_LIMIT,
    levels: HierarchySpec | None = None,
    **columns: str | None,
) -> BoundaryCheck:
    """Check an uploaded boundary file given as bytes (see :func:`prepare_boundaries`)."""
    import tempfile

    if len(data) > max_bytes:
        raise ObservationError(
            "publishing.too_large", name=name, size=len(data) / 2**20, limit=max_bytes / 2**20
        )
    safe = Path(name).name or "upload"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / safe
        path.write_bytes(data)
        return prepare_boundaries(store, path, name=safe, levels=levels, **columns)


def stored_plausibility(store: Store, lang: str = "de") -> list[str]:
    """Plausibility warnings of the published version, changing nothing.

    Boundaries get the warnings of :func:`geodata.checks.plausibility_notes`
    (extent, swapped axes, overlaps, duplicate names); values and counts that
    are not finite or beyond :data:`indicators.importer.PLAUSIBLE_MAGNITUDE`
    (published before these were refused) are named per indicator.
    """
    snap = store.snapshot()
    notes = [note.text(lang) for note in plausibility_notes(snap.areas)]
    obs = snap.observations
    for column in ("value", "numerator", "denominator"):
        numbers = pd.to_numeric(obs[column], errors="coerce").to_numpy(dtype=float)
        bad = np.isinf(numbers) | (np.abs(np.nan_to_num(numbers)) > importer.PLAUSIBLE_MAGNITUDE)
        for indicator, count in obs[bad].groupby("indicator").size().items():
            notes.append(
                text("publishing.not_finite", lang, indicator=indicator, count=count, column=column)
            )
    return notes
