"""From files to rated areas: the one path the CLI and the dashboard share."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

import sample_data
from bildungsampel.service.store import Store, default_data_dir
from geodata import hierarchy
from geodata.checks import plausibility_notes
from geodata.crs import to_metric
from geodata.io import Boundaries, read_boundaries
from indicators import aggregate, classify, explain, importer
from indicators.catalog import Catalog, indicator_to_mapping
from indicators.catalog_entries import indicator_from_mapping
from indicators.catalog_files import load_catalog
from indicators.errors import ObservationError
from indicators.observations import complete_values, normalize_observations
from indicators.policy import Policy
from indicators.tables import TableLimits

#: The area levels: Stadtteile (the boundary file's areas) inside Stadtbezirke
#: (dissolved from them by their parent column). The one place naming level ids.
LEVELS = hierarchy.Levels.chain("stadtteil", "stadtbezirk")
#: The ratings contract of the CLI (``classify --format csv/json``) and of every export.
OUTPUT_COLUMNS = [
    "area_id",
    "area_name",
    "indicator",
    "year",
    "value",
    "city_value",
    "city_value_kind",
    "ci_low",
    "ci_high",
    "lower_limit",
    "upper_limit",
    "rating",
    "grade",
    "trend",
    "trend_direction",
    "reason",
    "method",
]
#: Further columns :func:`rate` returns for the dashboard (tooltips, small numbers, trends).
DETAIL_COLUMNS = [
    "period",
    "numerator",
    "denominator",
    "city_n",
    "city_of",
    "confidence",
    "direction",
    "not_rated",
    "trend_method",
    "trend_reason",
]


@dataclass(frozen=True)
class Dataset:
    """Boundaries, catalogue and completed observations on every level.

    ``areas_by_level`` and ``obs_by_level`` hold one entry per level of
    ``levels``; a level without areas (no parent column) has empty frames.
    """

    boundaries: Boundaries
    catalog: Catalog
    levels: hierarchy.Levels
    areas_by_level: Mapping[str, gpd.GeoDataFrame]
    obs_by_level: Mapping[str, pd.DataFrame]
    city_name: str = ""
    is_sample: bool = False
    files: tuple[str, ...] = ()
    version: dict[str, Any] | None = None
    #: Delivered city values (``area_id`` = :data:`indicators.aggregate.CITY_ID`).
    totals: pd.DataFrame | None = None
    #: The city value of every indicator and period, from the lowest level
    #: (:func:`indicators.classify.city_table`), shared by all levels and charts.
    city: pd.DataFrame | None = None

    def __post_init__(self) -> None:
        for name, frames in (("areas", self.areas_by_level), ("obs", self.obs_by_level)):
            if tuple(frames) != self.levels.ids:
                raise ValueError(f"{name} of levels {list(frames)}, expected {self.levels.ids}")

    @property
    def observations(self) -> pd.DataFrame:
        """Return the completed observations as delivered (the lowest level)."""
        return self.obs_by_level[self.levels.lowest.id]

    def areas(self, level: str | None = None) -> gpd.GeoDataFrame:
        """Return the areas of ``level`` (default: the lowest; metric CRS)."""
        return self.areas_by_level[self._level_id(level)]

    def display_names(self, level: str | None = None) -> dict[str, str]:
        """Return area id → name to show ("Neustadt (12)" where a name is not unique)."""
        return hierarchy.display_names(self.areas(level))

    def obs(self, level: str | None = None) -> pd.DataFrame:
        """Return the completed observations of ``level`` (default: the lowest)."""
        return self.obs_by_level[self._level_id(level)]

    def filled_levels(self) -> list[str]:
        """Return the ids of the levels that have areas, lowest first."""
        return [lv for lv in self.levels.ids if len(self.areas_by_level[lv])]

    def parent_level(self, level: str | None = None) -> str | None:
        """Return the id of the level above ``level`` when it has areas, else None."""
        parent = self.levels.parent_of(self._level_id(level))
        return parent.id if parent is not None and len(self.areas(parent.id)) else None

    def _level_id(self, level: str | None) -> str:
        """Return the id of ``level`` (refusing an unknown one) or of the lowest level."""
        return self.levels.lowest.id if level is None else self.levels[level].id

    def city_series(self) -> pd.DataFrame:
        """Return the city value of every indicator and period as observations (``area_id`` city).

        The same values the ratings compare with, so the trend chart's city line
        agrees with every tooltip and table.
        """
        city = (
            self.city
            if self.city is not None
            else pd.DataFrame(columns=["indicator", "period", "city_value"])
        )
        return pd.DataFrame(
            {
                "area_id": aggregate.CITY_ID,
                "indicator": city["indicator"].astype(object).to_numpy(),
                "period": city["period"].astype(object).to_numpy(),
                "value": city["city_value"].to_numpy(dtype=float),
            }
        )

    def periods(self) -> list[str]:
        """Return all period labels, oldest first."""
        from indicators.periods import sort_periods

        return sort_periods(list(pd.unique(self.observations["period"])))


def load_dataset(
    boundaries: str | Path | None = None,
    indicators: str | Path | None = None,
    catalog: str | Path | None = None,
    *,
    id_column: str | None = None,
    name_column: str | None = None,
    parent_column: str | None = None,
    crs: str | None = None,
    city_name: str | None = None,
) -> Dataset:
    """Load boundaries, catalogue and observations (default: the sample city).

    Observations whose area id is not in the boundaries are an error naming
    them, so nothing is silently dropped.
    """
    is_sample = boundaries is None
    if boundaries is None:
        boundaries = sample_data.BOUNDARIES
        id_column, name_column, parent_column = "stadtteil_nr", "stadtteil", "stadtbezirk"
    bnd = read_boundaries(
        boundaries,
        id_column=id_column,
        name_column=name_column,
        parent_column=parent_column,
        crs=crs,
    )
    catalog = catalog or sample_data.CATALOG
    indicators = indicators or sample_data.INDICATORS
    cat = load_catalog(catalog)
    city_name = city_name or ("Gelsenkirchen" if is_sample else Path(boundaries).stem)
    obs = complete_values(read_indicator_file(indicators, bnd.areas, cat, city_name=city_name), cat)
    return assemble(
        bnd,
        cat,
        obs,
        city_name=city_name,
        is_sample=is_sample and indicators == sample_data.INDICATORS,
        files=tuple(Path(p).name for p in (boundaries, indicators, catalog)),
    )


def read_indicator_file(
    path: str | Path, areas: gpd.GeoDataFrame, cat: Catalog, *, city_name: str
) -> pd.DataFrame:
    """Read an indicator table on disk the way an upload is checked, or refuse it.

    The same layout detection, area matching and validation as
    ``bildungsampel import indicators``; a table with errors is refused with the
    report's first lines (:class:`indicators.importer.ImportRefusedError`).
    """
    prepared = importer.prepare_file(
        path,
        areas=importer.known_areas(areas),
        catalog=cat,
        parents=_parents(areas),
        city_name=city_name,
    )
    return importer.accepted(prepared)


def _parents(areas: pd.DataFrame) -> dict[str, str]:
    """Parent id → id when every area names its parent (else none)."""
    parent_of = hierarchy.parent_mapping(areas)
    parent_ids = sorted(set(parent_of.values())) if len(parent_of) == len(areas) else []
    return {str(p): str(p) for p in parent_ids}


def assemble(
    bnd: Boundaries,
    cat: Catalog,
    obs: pd.DataFrame,
    *,
    city_name: str,
    is_sample: bool = False,
    files: tuple[str, ...] = (),
    version: dict[str, Any] | None = None,
) -> Dataset:
    """Check that observations fit the boundaries and aggregate to the parent level.

    Observations whose area id is not in the boundaries are an error naming
    them, so nothing is silently dropped; rows of the city itself (area id
    ``city``) are kept apart as delivered city totals.
    """
    is_total = obs["area_id"].astype(object) == aggregate.CITY_ID
    totals = obs[is_total].reset_index(drop=True)
    obs = obs[~is_total].reset_index(drop=True) if is_total.any() else obs
    unknown = sorted(set(pd.unique(obs["area_id"])) - set(bnd.areas["area_id"]))
    if unknown:
        raise ObservationError(
            f"area ids {', '.join(unknown[:10])} in the indicator table are not in the "
            "boundary file; check the id column of both files",
            message_de=f"Gebiets-IDs {', '.join(unknown[:10])} der Indikatortabelle fehlen in "
            "der Grenzdatei; bitte die ID-Spalten beider Dateien prüfen",
        )
    areas, observations = _level_frames(bnd.areas, obs, cat, levels=LEVELS)
    return Dataset(
        boundaries=bnd,
        catalog=cat,
        levels=LEVELS,
        areas_by_level=areas,
        obs_by_level=observations,
        city_name=city_name,
        is_sample=is_sample,
        files=files,
        version=version,
        totals=totals,
        city=classify.city_table(obs, cat, totals=totals),
    )


def _level_frames(
    areas: gpd.GeoDataFrame, obs: pd.DataFrame, cat: Catalog, *, levels: hierarchy.Levels
) -> tuple[dict[str, gpd.GeoDataFrame], dict[str, pd.DataFrame]]:
    """Return the areas and observations of every level, dissolved and summed upwards.

    A level is filled when every area below it names its parent; else it and
    the levels above it stay empty.
    """
    lowest = levels.lowest.id
    by_area: dict[str, gpd.GeoDataFrame] = {lowest: areas}
    by_obs: dict[str, pd.DataFrame] = {lowest: obs}
    for level in list(levels)[1:]:
        children = levels.children_of(level)  # given before ``level``: already filled
        child = by_area[children[0].id] if len(children) == 1 else areas.iloc[0:0]
        parent_of = hierarchy.parent_mapping(child) if len(child) else {}
        if parent_of and len(parent_of) == len(child):
            by_area[level.id] = hierarchy.dissolve_parents(child)
            by_obs[level.id] = aggregate.aggregate(by_obs[children[0].id], parent_of, cat)
        else:
            by_area[level.id] = areas.iloc[0:0]
            by_obs[level.id] = obs.iloc[0:0]
    return by_area, by_obs


def from_store(store: Store, version_id: int | None = None) -> Dataset:
    """Return the dataset of the published version (or of ``version_id``)."""
    snap = store.snapshot(version_id)
    info = snap.version
    bnd = Boundaries(
        areas=to_metric(snap.areas) if len(snap.areas) else snap.areas,
        source_crs=info["source_crs"],
    )
    cat = Catalog(
        [
            indicator_from_mapping(e, where=f"version {info['id']}, entry {n}")
            for n, e in enumerate(snap.catalog, start=1)
        ]
    )
    obs = complete_values(normalize_observations(snap.observations), cat)
    return assemble(
        bnd,
        cat,
        obs,
        city_name=info["city_name"],
        is_sample=info["kind"] == "init" and info["source_name"] == SAMPLE_SOURCE,
        files=(info["source_name"],),
        version=info,
    )


SAMPLE_SOURCE = "sample_data (Gelsenkirchen, synthetic)"


def open_store(data_dir: str | Path | None = None, *, create_sample: bool = True) -> Store:
    """Open the store of ``data_dir`` (default: the configured one).

    A store with nothing published gets the sample city when ``create_sample``;
    the check and the publish are one write transaction, so several processes
    starting on a fresh data directory create one "init" version. Every fault
    (read-only, full, damaged) is a :class:`~bildungsampel.service.store.StoreError`.
    """
    store = Store(data_dir or default_data_dir())
    if create_sample and store.current_id() is None:
        store.publish_first(**_sample_version("bildungsampel init"))
    return store


def publish_sample(store: Store, *, author: str = "bildungsampel init") -> int:
    """Publish the sample city as a version of ``store``."""
    return store.publish(**_sample_version(author))


def _sample_version(author: str) -> dict[str, Any]:
    """Return the arguments of :meth:`Store.publish` for the sample city."""
    data = load_dataset()
    return {
        "kind": "init",
        "author": author,
        "source_name": SAMPLE_SOURCE,
        "note": "Beispielstadt: schematische Grenzen, synthetische Werte",
        "areas_frame": data.boundaries.areas,
        "source_crs": data.boundaries.source_crs,
        "catalog": [indicator_to_mapping(i) for i in data.catalog.values()],
        "observations_frame": read_indicator_file(
            sample_data.INDICATORS, data.boundaries.areas, data.catalog, city_name="Gelsenkirchen"
        ),
        "replace_observations": True,
        "city_name": "Gelsenkirchen",
    }


def rate(
    dataset: Dataset,
    *,
    level: str | None = None,
    year: str | None = None,
    method: str | None = None,
    lang: str = "de",
    policy: Policy | None = None,
) -> pd.DataFrame:
    """Classify one level and year, with names and reasons.

    Every level is compared with the same city value (``dataset.city``,
    computed from the lowest level). Returns :data:`OUTPUT_COLUMNS` followed
    by :data:`DETAIL_COLUMNS`.
    """
    policy = policy or Policy()
    results = classify.classify(
        dataset.obs(level),
        dataset.catalog,
        year=year,
        method=method,
        policy=policy,
        totals=dataset.totals,
        city=dataset.city,
    )
    results = explain.add_reasons(
        results, dataset.catalog, langs=(lang,), small_numerator=policy.small_numerator
    )
    names = dataset.display_names(level)
    out = results.assign(
        area_name=results["area_id"].astype(object).map(names),  # plain text, not a categorical
        year=results["period"],
        reason=results[f"reason_{lang}"],
        trend_reason=results[f"trend_reason_{lang}"],
    )
    # disclosure control: a suppressed numerator must not be recoverable from what is shown
    suppressed = (out["not_rated"] == "small_numerator").to_numpy()
    shown = explain.suppressed_text(policy.small_numerator, lang)
    out["value_note"] = np.where(suppressed, shown, "").astype(object)
    out.loc[suppressed, ["value", "numerator", "ci_low", "ci_high"]] = np.nan
    return out[[*OUTPUT_COLUMNS, *DETAIL_COLUMNS, "value_note"]].reset_index(drop=True)


def prepare_indicators(
    store: Store,
    data: bytes,
    name: str,
    *,
    catalog_path: str | Path | None = None,
    new_entries: list[dict[str, Any]] | None = None,
    mapping: importer.ColumnMapping | None = None,
    period: str | int | None = None,
    sheet: str | None = None,
    confirmed: dict[str, str] | None = None,
    max_bytes: int = importer.DEFAULT_LIMIT,
    limits: TableLimits | None = None,
) -> tuple[importer.Prepared, list[dict[str, Any]]]:
    """Check an indicator table against the published state; nothing is written.

    Returns the prepared import and the catalogue entries it adds or updates
    (from ``catalog_path`` and ``new_entries``).
    """
    # names, parents and catalogue only: neither figures nor shapes are needed here
    current = store.snapshot(with_observations=False, with_geometry=False)
    current_catalog = Catalog(
        [
            indicator_from_mapping(e, where=f"catalogue entry {n}")
            for n, e in enumerate(current.catalog, 1)
        ]
    )
    entries = (
        [indicator_to_mapping(i) for i in load_catalog(catalog_path).values()]
        if (catalog_path)
        else []
    )
    entries += list(new_entries or [])
    merged = {e["id"]: e for e in [indicator_to_mapping(i) for i in current_catalog.values()]}
    merged.update({e["id"]: e for e in entries})
    catalog = Catalog(
        [indicator_from_mapping(e, where=f"catalogue entry {e['id']}") for e in merged.values()]
    )
    prepared = importer.prepare(
        data,
        name,
        areas=importer.known_areas(current.areas),
        catalog=catalog,
        parents=_parents(current.areas),
        city_name=current.version["city_name"],
        options=importer.ImportOptions(
            mapping=mapping,
            period=period,
            sheet=sheet,
            confirmed=confirmed or {},
            max_bytes=max_bytes,
            limits=limits,
        ),
    )
    prepared.problems.extend(
        _period_style_warnings(store.indicator_periods(), prepared.observations)
    )
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
            kept_de = "Schuljahren (z. B. 2022/23)" if school else "Kalenderjahren"
            kept_en = "school years (e.g. 2022/23)" if school else "calendar years"
            out.append(
                importer.Problem(
                    row=None,
                    column=None,
                    value=ind,
                    problem_de=f"{ind} wird bisher in {kept_de} geführt, die Datei liefert "
                    f"{'Kalenderjahre' if school else 'Schuljahre'}",
                    problem_en=f"{ind} is kept in {kept_en}, the file has "
                    f"{'calendar years' if school else 'school years'}",
                    fix_de="Jahresangaben angleichen, sonst entstehen zwei Zeitreihen",
                    fix_en="align the periods, otherwise two time series arise",
                    severity="warning",
                )
            )
    return out


def publish_indicators(
    store: Store, prepared: importer.Prepared, entries: list[dict[str, Any]], *, author: str
) -> int:
    """Publish a checked import as a new version (refused while it has errors)."""
    if not prepared.ok:
        raise ObservationError(
            f"{prepared.source_name}: not published, the check found errors; fix them first",
            message_de=f"{prepared.source_name}: nicht veröffentlicht, die Prüfung hat Fehler "
            "gefunden; bitte zuerst beheben",
        )
    return store.publish(
        kind="indicators",
        author=author,
        source_name=prepared.source_name,
        sha256=prepared.sha256,
        catalog=entries,
        observations_frame=prepared.observations.drop(columns="source_row"),
        note=f"{len(prepared.observations)} values from {prepared.rows_read} rows",
        # the area and catalogue checks again, against the version really replaced
        consistent=True,
        based_on=prepared.based_on,
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

    @property
    def ok(self) -> bool:
        """Whether publishing keeps every published value attached to an area."""
        return not self.orphaned


def prepare_boundaries(
    store: Store | None,
    path: str | Path,
    *,
    id_column: str | None = None,
    name_column: str | None = None,
    parent_column: str | None = None,
    crs: str | None = None,
    name: str | None = None,
    layer: str | None = None,
) -> BoundaryCheck:
    """Read a boundary file and compare it with the published areas and data.

    ``layer`` chooses among several shapefiles in a zip or layers of a
    GeoPackage (without it such a file is refused with the list, see
    :class:`geodata.errors.LayerChoiceError`). Plausibility warnings are in
    ``check.boundaries.plausibility``.
    """
    path = Path(path)
    bnd = read_boundaries(
        path,
        id_column=id_column,
        name_column=name_column,
        parent_column=parent_column,
        crs=crs,
        layer=layer,
    )
    new = dict(zip(bnd.areas["area_id"], bnd.areas["area_name"], strict=True))
    old: dict[str, str] = {}
    with_data: set[str] = set()
    based_on: int | None = None
    if store is not None and store.current_id() is not None:
        snap = store.snapshot()
        based_on = int(snap.version["id"])
        old = dict(zip(snap.areas["area_id"], snap.areas["area_name"], strict=True))
        with_data = set(snap.observations["area_id"].astype(str)) - {aggregate.CITY_ID}
    return BoundaryCheck(
        boundaries=bnd,
        added=sorted(set(new) - set(old)),
        removed=sorted(set(old) - set(new)),
        renamed=sorted((i, old[i], new[i]) for i in set(old) & set(new) if old[i] != new[i]),
        orphaned=sorted(with_data - set(new)),
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        source_name=name or path.name,
        based_on=based_on,
    )


def publish_boundaries(
    store: Store, check: BoundaryCheck, *, author: str, city_name: str | None = None
) -> int:
    """Publish checked boundaries (refused when published values would lose their area)."""
    if not check.ok:
        shown = ", ".join(check.orphaned[:10])
        raise ObservationError(
            f"{check.source_name}: areas {shown} have published values but are missing from "
            "the new file; keep their ids or remove their values first",
            message_de=f"{check.source_name}: Gebiete {shown} haben veröffentlichte Werte, fehlen "
            "aber in der neuen Datei; bitte ihre IDs beibehalten oder zuerst ihre Werte entfernen",
        )
    return store.publish(
        kind="boundaries",
        author=author,
        source_name=check.source_name,
        sha256=check.sha256,
        areas_frame=check.boundaries.areas,
        source_crs=check.boundaries.source_crs,
        city_name=city_name,
        note=f"{len(check.added)} added, {len(check.removed)} removed, "
        f"{len(check.renamed)} renamed",
        # the orphan check again, against the version really replaced
        consistent=True,
        based_on=check.based_on,
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
    **columns: str | None,
) -> BoundaryCheck:
    """Check an uploaded boundary file given as bytes (see :func:`prepare_boundaries`)."""
    import tempfile

    if len(data) > max_bytes:
        raise ObservationError(
            f"{name}: {len(data) / 2**20:.1f} MB is more than the limit of "
            f"{max_bytes / 2**20:.0f} MB",
            message_de=f"{name}: {len(data) / 2**20:.1f} MB sind mehr als die Grenze von "
            f"{max_bytes / 2**20:.0f} MB",
        )
    safe = Path(name).name or "upload"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / safe
        path.write_bytes(data)
        return prepare_boundaries(store, path, name=safe, **columns)  # type: ignore[arg-type]


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
                f"{indicator}: {count} Werte in {column!r} nicht endlich oder über 10^15; "
                "neu importieren"
                if lang == "de"
                else f"{indicator}: {count} values in {column!r} not finite or above 10^15; "
                "import them again"
            )
    return notes
