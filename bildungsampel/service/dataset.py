"""The dataset: boundaries, catalogue and observations on every level, and its ratings.

The one path from files or a stored version to rated areas that the CLI and the
dashboard share (:func:`load_dataset`, :func:`from_store`, :func:`rate`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

import sample_data
from bildungsampel.service import messages as _messages  # noqa: F401 - registers the messages
from bildungsampel.service.store import Snapshot, Store
from geodata import hierarchy
from geodata.crs import to_metric
from geodata.io import Boundaries, read_boundaries
from indicators import aggregate, classify, composite, explain, importer
from indicators.catalog import Catalog
from indicators.catalog_entries import indicator_from_mapping
from indicators.catalog_files import load_catalog
from indicators.errors import ObservationError
from indicators.observations import complete_values, normalize_observations
from indicators.policy import Policy

#: The ``source_name`` of the sample city's "init" version (how a stored dataset knows it).
SAMPLE_SOURCE = "sample_data (Gelsenkirchen, synthetic)"

#: The product's own levels: Stadtteile (the boundary file's areas) inside Stadtbezirke
#: (dissolved from them by their parent column), for the sample city and every version
#: published without levels of its own (a city's own levels come with its version:
#: :attr:`Dataset.levels`).
LEVELS = hierarchy.DEFAULT_LEVELS
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

    def level_named(self, name: str | None) -> str:
        """Return the id of the level called ``name`` (id or the city's word, any case).

        None gives the lowest level; an unknown name is refused listing the levels.
        """
        return self.levels.lowest.id if name is None else self.levels.find(name).id

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
        parents=parents_of(hierarchy.Hierarchy.from_parents(areas)),
        city_name=city_name,
    )
    return importer.accepted(prepared)


def parents_of(levels: hierarchy.Hierarchy) -> dict[str, str]:
    """Id → name of the areas of every level above the lowest: rows an import leaves out.

    A table of Planungsräume often holds rows of its Bezirke too; they are
    recognised and left out instead of reported as unknown areas.
    """
    out: dict[str, str] = {}
    for level in reversed(list(levels.levels)[1:]):  # nearer levels win a shared id
        if levels.filled(level.id):
            found = levels.areas_of(level.id)
            out.update(
                zip(found["area_id"].astype(str), found["area_name"].astype(str), strict=True)
            )
    return out


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
        raise ObservationError("dataset.unknown_area_ids", ids=", ".join(unknown[:10]))
    levels = bnd.levels_of()
    areas, observations = _level_frames(bnd.areas, obs, cat, levels=levels)
    return Dataset(
        boundaries=bnd,
        catalog=cat,
        levels=levels.levels,
        areas_by_level=areas,
        obs_by_level=observations,
        city_name=city_name,
        is_sample=is_sample,
        files=files,
        version=version,
        totals=totals,
        city=classify.city_table(observations[levels.levels.lowest.id], cat, totals=totals),
    )


def _level_frames(
    areas: gpd.GeoDataFrame, obs: pd.DataFrame, cat: Catalog, *, levels: hierarchy.Hierarchy
) -> tuple[dict[str, gpd.GeoDataFrame], dict[str, pd.DataFrame]]:
    """Return the areas and observations of every level, dissolved and pooled from the lowest.

    Every level is aggregated from the lowest level's values (pooled counts,
    :func:`indicators.aggregate.aggregate`), so a Bezirk's value is the same
    whether or not the levels between have values. A level is filled when
    every area of the lowest level lies in one of its areas; else it stays empty.
    Composite indices are computed on every level from that level's component
    values (:func:`indicators.composite.add_composites`), never aggregated.
    """
    lowest = levels.levels.lowest.id
    by_area: dict[str, gpd.GeoDataFrame] = {lowest: areas}
    by_obs: dict[str, pd.DataFrame] = {lowest: composite.add_composites(obs, cat)}
    for level in list(levels.levels)[1:]:
        if not len(areas) or not levels.filled(level.id):
            by_area[level.id] = areas.iloc[0:0]
            by_obs[level.id] = obs.iloc[0:0]
            continue
        parent_of = levels.mapping(level.id)
        upper = levels.areas_of(level.id)
        dissolved = hierarchy.dissolve_parents(
            areas.assign(parent_id=areas["area_id"].map(parent_of)),
            names=dict(zip(upper["area_id"], upper["area_name"], strict=True)),
        )
        above = dict(zip(upper["area_id"], upper["parent_id"], strict=True))
        by_area[level.id] = dissolved.assign(parent_id=dissolved["area_id"].map(above))
        by_obs[level.id] = composite.add_composites(aggregate.aggregate(obs, parent_of, cat), cat)
    return by_area, by_obs


def from_store(
    store: Store, version_id: int | None = None, *, with_observations: bool = True
) -> Dataset:
    """Return the dataset of the published version (or of ``version_id``).

    A store with nothing published (``init --empty``) gives an empty dataset
    (:func:`empty_dataset`): every command and page then says what to do next.
    ``with_observations=False`` gives the areas of every level and the
    catalogue without values (for work on the shapes alone).
    """
    if version_id is None and store.current_id() is None:
        return empty_dataset()
    snap = store.snapshot(version_id, with_observations=with_observations)
    bnd, cat = parts_of(snap)
    obs = complete_values(normalize_observations(snap.observations), cat)
    return assemble(bnd, cat, obs, **version_fields(snap.version))


def parts_of(snap: Snapshot) -> tuple[Boundaries, Catalog]:
    """Return the boundaries (metric CRS, with their levels) and the catalogue of a snapshot."""
    info = snap.version
    bnd = Boundaries(
        areas=to_metric(snap.areas) if len(snap.areas) else snap.areas,
        source_crs=info["source_crs"],
        hierarchy=snap.hierarchy,
    )
    cat = Catalog(
        [
            indicator_from_mapping(e, where=f"version {info['id']}, entry {n}")
            for n, e in enumerate(snap.catalog, start=1)
        ]
    )
    return bnd, cat


def version_fields(info: Mapping[str, Any]) -> dict[str, Any]:
    """Return what a :class:`Dataset` says about the stored version it comes from."""
    return {
        "city_name": info["city_name"],
        "is_sample": info["kind"] == "init" and info["source_name"] == SAMPLE_SOURCE,
        "files": (info["source_name"],),
        "version": dict(info),
    }


def empty_dataset() -> Dataset:
    """Return a dataset without areas, catalogue or values (a store with nothing published)."""
    areas = gpd.GeoDataFrame(
        {"area_id": [], "area_name": [], "parent_id": []},
        geometry=gpd.GeoSeries([], crs="EPSG:25832"),
    ).astype({"area_id": object, "area_name": object, "parent_id": object})
    obs = normalize_observations(
        pd.DataFrame({"area_id": [], "indicator": [], "period": [], "value": []})
    )
    return assemble(Boundaries(areas=areas, source_crs=""), Catalog([]), obs, city_name="")


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
    by :data:`DETAIL_COLUMNS`. The same as :func:`explained` of
    :func:`classified`; a page that shows the reasons of a few rows only
    classifies once and explains what it shows.
    """
    policy = policy or Policy()
    rated = classified(dataset, level=level, year=year, method=method, policy=policy)
    return explained(dataset, rated, lang=lang, policy=policy)


def classified(
    dataset: Dataset,
    *,
    level: str | None = None,
    year: str | None = None,
    method: str | None = None,
    policy: Policy | None = None,
    indicators: list[str] | None = None,
) -> pd.DataFrame:
    """Classify one level and year, without words (the same in every language).

    Returns the :data:`~indicators.results.RESULT_COLUMNS` with ``area_name``
    and ``year``, for all indicators or those of ``indicators`` (the map
    classifies the one it shows, not the city's fifty). Disclosure control is
    applied: a suppressed numerator (and the value, interval and numerator
    that would reveal it) is not in it.
    """
    policy = policy or Policy()
    results = classify.classify(
        dataset.obs(level),
        dataset.catalog,
        year=year,
        method=method,
        indicators=indicators,
        policy=policy,
        totals=dataset.totals,
        city=dataset.city,
    )
    names = dataset.display_names(level)
    out = results.assign(
        area_name=results["area_id"].astype(object).map(names),  # plain text, not a categorical
        year=results["period"],
    )
    # disclosure control: a suppressed numerator must not be recoverable from what is shown
    suppressed = (out["not_rated"] == "small_numerator").to_numpy()
    out.loc[suppressed, ["value", "numerator", "ci_low", "ci_high"]] = np.nan
    return out


def explained(
    dataset: Dataset,
    rated: pd.DataFrame,
    *,
    lang: str = "de",
    policy: Policy | None = None,
    rows: np.ndarray | pd.Series | None = None,
) -> pd.DataFrame:
    """Return rows of a :func:`classified` table with their reasons in ``lang``.

    Parameters
    ----------
    dataset : Dataset
    rated : DataFrame
        The whole classified table of a level and year: reasons that depend on
        the other areas (the group sizes of ``quantiles``) are taken from it.
    lang : {"de", "en"}
    policy : Policy, optional
        The policy ``rated`` was classified with (its small-numerator limit).
    rows : boolean array, optional
        The rows to explain (default: all). Writing a reason costs about as
        much as classifying it, so a map explains its indicator and a profile
        its area, not the whole city.

    Returns
    -------
    DataFrame
        :data:`OUTPUT_COLUMNS`, :data:`DETAIL_COLUMNS` and ``value_note`` (what
        is shown instead of a suppressed value).
    """
    policy = policy or Policy()
    part = rated if rows is None else rated[np.asarray(rows, dtype=bool)]
    part = explain.add_reasons(
        part, dataset.catalog, langs=(lang,), small_numerator=policy.small_numerator, rated=rated
    )
    out = part.assign(reason=part[f"reason_{lang}"], trend_reason=part[f"trend_reason_{lang}"])
    suppressed = (out["not_rated"] == "small_numerator").to_numpy()
    limits = {
        i: ind.rule.small_numerator
        if ind.rule.small_numerator is not None
        else policy.small_numerator
        for i, ind in dataset.catalog.items()
    }
    notes = {i: explain.suppressed_text(n, lang) for i, n in limits.items()}
    shown = out["indicator"].astype(object).map(notes).fillna("").to_numpy()
    out["value_note"] = np.where(suppressed, shown, "").astype(object)
    return out[[*OUTPUT_COLUMNS, *DETAIL_COLUMNS, "value_note"]].reset_index(drop=True)
