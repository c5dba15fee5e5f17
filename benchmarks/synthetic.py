"""A synthetic city of any size: a proper coverage with realistic vertex density.

N areas are the Voronoi cells of random points in a square (about 1 km² per
area), clipped to the square, so there are no gaps or overlaps. Borders are
densified to a vertex every ``spacing_m`` metres, as official boundary files
are. Areas are grouped into parents by a coarse grid (about 15 areas each).
Indicators of every kind get numerators and denominators where they have
them; a few cells are missing. Everything is seeded and reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

KINDS = ("proportion", "rate", "mean", "count", "index")
POLARITIES = ("higher_is_better", "lower_is_better", "no_judgement")
DOMAINS = (
    "Formale Bildung",
    "Entwicklungskompetenzen",
    "Demografie",
    "Migration",
    "Sozioökonomische Lage",
)


@dataclass(frozen=True)
class SyntheticCity:
    """Areas (EPSG:25832), catalogue entries and observations of a synthetic city."""

    areas: gpd.GeoDataFrame
    catalog: list[dict[str, Any]]
    observations: pd.DataFrame

    @property
    def vertices(self) -> int:
        """Return the number of vertices of all areas."""
        return int(shapely.get_num_coordinates(self.areas.geometry.to_numpy()).sum())

    def publication(self, city_name: str) -> Any:
        """Return the first publication of this city (areas, catalogue, all observations)."""
        from bildungsampel.service.store import Publication

        return Publication(
            kind="init",
            author="benchmark",
            areas=self.areas,
            source_crs="EPSG:25832",
            catalog=self.catalog,
            observations=self.observations,
            replace_observations=True,
            city_name=city_name,
        )


def make_areas(n: int, *, seed: int = 7, spacing_m: float = 10.0) -> gpd.GeoDataFrame:
    """Return ``n`` areas covering a square without gaps, densified to ``spacing_m``."""
    rng = np.random.default_rng(seed)
    side = np.sqrt(n) * 1000.0
    x0, y0 = 350000.0, 5600000.0
    points = shapely.points(rng.uniform(x0, x0 + side, n), rng.uniform(y0, y0 + side, n))
    box = shapely.box(x0, y0, x0 + side, y0 + side)
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(points), extend_to=box))
    cells = shapely.intersection(cells, box)
    # order cells like the points so ids are stable
    order = shapely.STRtree(cells).query(points, predicate="within")
    by_point = np.empty(n, dtype=object)
    by_point[order[0]] = cells[order[1]]
    # densify, then snap to a centimetre grid so that both sides of a shared border carry
    # exactly the same vertices (a valid coverage, as a clean official file has)
    geoms = shapely.set_precision(shapely.segmentize(by_point, max_segment_length=spacing_m), 0.01)
    parents_per_side = max(1, int(np.sqrt(n / 15)))
    px = np.minimum(
        ((shapely.get_x(points) - x0) / side * parents_per_side).astype(int), parents_per_side - 1
    )
    py = np.minimum(
        ((shapely.get_y(points) - y0) / side * parents_per_side).astype(int), parents_per_side - 1
    )
    return gpd.GeoDataFrame(
        {
            "area_id": [f"{i + 1:05d}" for i in range(n)],
            "area_name": [f"Gebiet {i + 1}" for i in range(n)],
            "parent_id": [f"B{a:02d}-{b:02d}" for a, b in zip(px, py, strict=True)],
        },
        geometry=geoms,
        crs=25832,
    )


def make_catalog(m: int) -> list[dict[str, Any]]:
    """Return ``m`` catalogue entries cycling through kinds, polarities and domains."""
    entries = []
    for j in range(m):
        kind = KINDS[j % len(KINDS)]
        entries.append(
            {
                "id": f"ind{j:03d}",
                "label_de": f"Indikator {j}",
                "label_en": f"Indicator {j}",
                "domain": DOMAINS[j % len(DOMAINS)],
                "unit": "%" if kind == "proportion" else "",
                "polarity": POLARITIES[(j // len(KINDS)) % len(POLARITIES)],
                "kind": kind,
                "multiplier": 100 if kind == "proportion" else (1000 if kind == "rate" else 1),
            }
        )
    return entries


def make_observations(
    areas: pd.DataFrame,
    catalog: list[dict[str, Any]],
    years: int,
    *,
    seed: int = 7,
    missing: float = 0.002,
) -> pd.DataFrame:
    """Return long observations for every area × indicator × year (a few missing)."""
    rng = np.random.default_rng(seed)
    n = len(areas)
    ids = areas["area_id"].to_numpy()
    deprivation = rng.uniform(0, 1, n)
    population = rng.integers(800, 12000, n).astype(float)
    frames = []
    for j, entry in enumerate(catalog):
        effect = rng.normal(0, 0.15, n)
        base = 0.1 + 0.5 * ((j * 37) % 100) / 100
        for y in range(years):
            year = str(2014 + y)
            level = np.clip(base + 0.2 * (deprivation - 0.5) + effect + 0.01 * y, 0.01, 0.95)
            den = np.maximum(np.round(population * rng.uniform(0.05, 0.3)), 1)
            kind = entry["kind"]
            value = np.full(n, np.nan)
            num = np.full(n, np.nan)
            dens = np.full(n, np.nan)
            if kind == "proportion":
                num = rng.binomial(den.astype(int), level).astype(float)
                dens = den
            elif kind == "rate":
                num = rng.poisson(level * den / 10).astype(float)
                dens = den
            elif kind == "mean":
                num = np.round(level * 40000 * den)
                dens = den
            elif kind == "count":
                value = np.round(population * level)
            else:
                value = np.round(1 + 8 * level, 1)
            frame = pd.DataFrame(
                {
                    "area_id": ids,
                    "indicator": entry["id"],
                    "period": year,
                    "value": value,
                    "numerator": num,
                    "denominator": dens,
                    "missing_reason": None,
                }
            )
            gaps = rng.random(n) < missing
            frame.loc[gaps, ["value", "numerator", "denominator"]] = np.nan
            frame.loc[gaps, "missing_reason"] = "missing"
            frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def make_city(
    n: int, *, indicators: int = 50, years: int = 10, seed: int = 7, spacing_m: float = 10.0
) -> SyntheticCity:
    """Return a synthetic city with ``n`` areas, ``indicators`` indicators and ``years`` years."""
    areas = make_areas(n, seed=seed, spacing_m=spacing_m)
    catalog = make_catalog(indicators)
    return SyntheticCity(
        areas=areas,
        catalog=catalog,
        observations=make_observations(areas, catalog, years, seed=seed),
    )


def import_csv(city: SyntheticCity, rows: int, *, seed: int = 11) -> tuple[bytes, int]:
    """Return a long CSV (area, indicator, year, numerator, denominator) and its row count.

    Proportions of ``city`` for the years 1990 onwards, as many as ``rows``
    needs; a small city cannot have 100,000 plausible rows, so the count is
    capped at areas × proportions × the years 1990–2026.
    """
    rng = np.random.default_rng(seed)
    ids = city.areas["area_id"].to_numpy()
    proportions = [e["id"] for e in city.catalog if e["kind"] == "proportion"]
    combos = [(ind, str(year)) for year in range(1990, 2027) for ind in proportions]
    needed = min(len(combos), int(np.ceil(rows / len(ids))))
    rows = min(rows, needed * len(ids))
    frame = pd.DataFrame(
        {
            "Gebiet": np.tile(ids, needed)[:rows],
            "Indikator": np.repeat([c[0] for c in combos[:needed]], len(ids))[:rows],
            "Jahr": np.repeat([c[1] for c in combos[:needed]], len(ids))[:rows],
        }
    )
    den = rng.integers(50, 2000, rows)
    frame["Wert"] = ""
    frame["Zähler"] = rng.binomial(den, 0.3)
    frame["Nenner"] = den
    return frame.to_csv(index=False, sep=";").encode("utf-8"), rows
