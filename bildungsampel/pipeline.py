"""From files to rated areas: the one path the CLI and the dashboard share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd
import pandas as pd

import sample_data
from bildungsampel.store import Store, default_data_dir
from geodata import hierarchy
from geodata.io import Boundaries, read_boundaries, to_metric
from indicators import aggregate, classify, explain
from indicators.catalog import Catalog, indicator_from_mapping, indicator_to_mapping, load_catalog
from indicators.errors import ObservationError
from indicators.observations import complete_values, load_observations, normalize_observations

Level = Literal["stadtteil", "stadtbezirk"]
LEVELS: tuple[str, ...] = ("stadtteil", "stadtbezirk")
OUTPUT_COLUMNS = [
    "area_id",
    "area_name",
    "indicator",
    "year",
    "value",
    "city_value",
    "ci_low",
    "ci_high",
    "rating",
    "trend",
    "reason",
    "grade",
    "method",
]


@dataclass(frozen=True)
class Dataset:
    """Boundaries, catalogue and completed observations on both levels."""

    boundaries: Boundaries
    catalog: Catalog
    observations: pd.DataFrame
    parent_observations: pd.DataFrame
    parents: gpd.GeoDataFrame
    city_name: str = ""
    is_sample: bool = False
    files: tuple[str, ...] = ()
    version: dict[str, Any] | None = None

    def areas(self, level: Level = "stadtteil") -> gpd.GeoDataFrame:
        """Return the areas of ``level`` (metric CRS)."""
        return self.boundaries.areas if level == "stadtteil" else self.parents

    def obs(self, level: Level = "stadtteil") -> pd.DataFrame:
        """Return the completed observations of ``level``."""
        return self.observations if level == "stadtteil" else self.parent_observations

    def periods(self) -> list[str]:
        """Return all period labels, oldest first."""
        from indicators.periods import sort_periods

        return sort_periods(self.observations["period"])


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
    obs = complete_values(load_observations(indicators), cat)
    return assemble(
        bnd,
        cat,
        obs,
        city_name=city_name or ("Gelsenkirchen" if is_sample else Path(boundaries).stem),
        is_sample=is_sample and indicators == sample_data.INDICATORS,
        files=tuple(Path(p).name for p in (boundaries, indicators, catalog)),
    )


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
    them, so nothing is silently dropped.
    """
    unknown = sorted(set(obs["area_id"]) - set(bnd.areas["area_id"]))
    if unknown:
        raise ObservationError(
            f"area ids {', '.join(unknown[:10])} in the indicator table are not in the "
            "boundary file; check the id column of both files",
            message_de=f"Gebiets-IDs {', '.join(unknown[:10])} der Indikatortabelle fehlen in "
            "der Grenzdatei; bitte die ID-Spalten beider Dateien prüfen",
        )
    parent_of = hierarchy.parent_mapping(bnd.areas)
    if parent_of and len(parent_of) == len(bnd.areas):
        parents = hierarchy.dissolve_parents(bnd.areas)
        parent_obs = aggregate.aggregate(obs, parent_of, cat)
    else:
        parents = bnd.areas.iloc[0:0]
        parent_obs = obs.iloc[0:0]
    return Dataset(
        boundaries=bnd,
        catalog=cat,
        observations=obs,
        parent_observations=parent_obs,
        parents=parents,
        city_name=city_name,
        is_sample=is_sample,
        files=files,
        version=version,
    )


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

    A store with nothing published gets the sample city when ``create_sample``.
    """
    store = Store(data_dir or default_data_dir())
    if create_sample and store.current_id() is None:
        publish_sample(store)
    return store


def publish_sample(store: Store, *, author: str = "bildungsampel init") -> int:
    """Publish the sample city as a version of ``store``."""
    data = load_dataset()
    return store.publish(
        kind="init",
        author=author,
        source_name=SAMPLE_SOURCE,
        note="Beispielstadt: schematische Grenzen, synthetische Werte",
        areas_frame=data.boundaries.areas,
        source_crs=data.boundaries.source_crs,
        catalog=[indicator_to_mapping(i) for i in data.catalog.values()],
        observations_frame=load_observations(sample_data.INDICATORS),
        replace_observations=True,
        city_name="Gelsenkirchen",
    )


def rate(
    dataset: Dataset,
    *,
    level: Level = "stadtteil",
    year: str | None = None,
    method: str | None = None,
    lang: str = "de",
) -> pd.DataFrame:
    """Classify one level and year, with names and reasons, in CLI column order."""
    results = classify.classify(dataset.obs(level), dataset.catalog, year=year, method=method)
    results = explain.add_reasons(results, dataset.catalog, langs=(lang,))
    names = dict(
        zip(dataset.areas(level)["area_id"], dataset.areas(level)["area_name"], strict=True)
    )
    out = results.assign(
        area_name=results["area_id"].map(names),
        year=results["period"],
        reason=results[f"reason_{lang}"],
    )
    return out[OUTPUT_COLUMNS].reset_index(drop=True)
