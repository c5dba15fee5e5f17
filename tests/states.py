"""Published states for the "every state renders" tests: builders on a real store.

Each builder publishes legal data through the store API (what the importer
would write after its checks), so a page test can point the app at the data
directory and render every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

import sample_data
from bildungsampel.service import publishing
from bildungsampel.service.store import Publication, Store

#: Every page but the upload wizard (that one has its own tests).
PAGES: tuple[str, ...] = (
    "dashboard.py",
    "pages/karte.py",
    "pages/heatmap.py",
    "pages/profil.py",
    "pages/vergleich.py",
    "pages/trends.py",
    "pages/wechselwirkungen.py",
    "pages/mittelverteilung.py",
    "pages/methodik.py",
)


def sample_store(data_dir: Path) -> Store:
    """Return a store holding the sample city."""
    return publishing.open_store(data_dir)


def boundaries_only(data_dir: Path, *, city: str = "Leerstadt") -> Store:
    """Return a store with the sample boundaries and nothing else (an empty city)."""
    store = publishing.open_store(data_dir, create_sample=False)
    check = publishing.prepare_boundaries(
        store,
        sample_data.BOUNDARIES,
        id_column="stadtteil_nr",
        name_column="stadtteil",
        parent_column="stadtbezirk",
    )
    publishing.publish_boundaries(store, check, author="test", city_name=city)
    return store


def area_ids(store: Store) -> list[str]:
    """Return the published area ids, sorted."""
    return sorted(store.snapshot(with_observations=False, with_geometry=False).areas["area_id"])


def parents(store: Store) -> dict[str, str]:
    """Return area id → parent id of the published areas."""
    areas = store.snapshot(with_observations=False, with_geometry=False).areas
    return dict(zip(areas["area_id"], areas["parent_id"], strict=True))


def entry(ind_id: str, *, kind: str = "proportion", polarity: str = "lower_is_better") -> dict:
    """Return a catalogue entry for a test indicator."""
    return {
        "id": ind_id,
        "label_de": f"Testindikator {ind_id}",
        "label_en": f"Test indicator {ind_id}",
        "domain": "Formale Bildung",
        "unit": "%",
        "polarity": polarity,
        "kind": kind,
        "multiplier": 100,
        "source": "Test",
    }


def rows(
    ind_id: str,
    period: str,
    ids: Sequence[str],
    *,
    seed: int = 0,
    missing: bool = False,
) -> pd.DataFrame:
    """Return observations (numerator/denominator) of one indicator and period."""
    rng = np.random.default_rng(seed)
    dens = rng.integers(50, 400, size=len(ids)).astype(float)
    nums = np.floor(dens * rng.uniform(0.05, 0.6, size=len(ids)))
    nan = np.full(len(ids), np.nan)
    return pd.DataFrame(
        {
            "area_id": list(ids),
            "indicator": ind_id,
            "period": period,
            "value": nan,
            "numerator": nan if missing else nums,
            "denominator": nan if missing else dens,
            "missing_reason": "suppressed" if missing else None,
        }
    )


def publish(store: Store, obs: pd.DataFrame, entries: Sequence[dict] = ()) -> int:
    """Publish observations (and catalogue entries) as an indicator upload."""
    return store.publish(
        Publication(
            kind="indicators",
            author="test",
            source_name="test.csv",
            catalog=list(entries),
            observations=obs,
        )
    )


def new_year(store: Store, ind_id: str, ids: Sequence[str], *, seed: int = 0) -> str:
    """Publish ``ind_id`` for the year after its latest period; return that period."""
    periods = store.indicator_periods()
    own = sorted(periods.loc[periods["indicator"] == ind_id, "period"], key=_key)
    if own:
        last = own[-1]
        nxt = f"{int(last[:4]) + 1}/{(int(last[:4]) + 2) % 100:02d}" if "/" in last else None
        period = nxt or str(int(last) + 1)
    else:
        period = "2024"
    publish(store, rows(ind_id, period, ids, seed=seed))
    return period


def short_series(store: Store, ind_id: str, n_periods: int, *, seed: int = 0) -> None:
    """Publish a new indicator with ``n_periods`` years (2021 on) for every area."""
    ids = area_ids(store)
    frames = [rows(ind_id, str(2021 + k), ids, seed=seed + k) for k in range(n_periods)]
    publish(store, pd.concat(frames, ignore_index=True), [entry(ind_id)])


def all_missing(store: Store, ind_id: str, *, period: str = "2023") -> None:
    """Publish a new indicator whose every value is missing (suppressed)."""
    publish(store, rows(ind_id, period, area_ids(store), missing=True), [entry(ind_id)])


def drop_values(store: Store, ind_id: str, period: str, ids: Sequence[str]) -> None:
    """Replace the values of ``ids`` in one indicator-period by missing ones."""
    publish(store, rows(ind_id, period, ids, missing=True))


def catalogue_only(store: Store, ind_id: str) -> None:
    """Publish a catalogue entry without any observation."""
    publish(store, rows(ind_id, "2023", [])[0:0], [entry(ind_id)])


def level_without_values(store: Store, ind_id: str = "nur_teile") -> None:
    """Publish an indicator missing (suppressed) in one Stadtteil of every Stadtbezirk.

    Aggregating a proportion needs every Stadtteil, so the whole Stadtbezirk
    level of this indicator is missing.
    """
    of = parents(store)
    first_of_each = {p: a for a, p in sorted(of.items(), reverse=True)}
    gaps = sorted(first_of_each.values())
    ids = [a for a in area_ids(store) if a not in gaps]
    frames = [
        frame
        for year in (2022, 2023)
        for frame in (
            rows(ind_id, str(year), ids, seed=year),
            rows(ind_id, str(year), gaps, missing=True),
        )
    ]
    publish(store, pd.concat(frames, ignore_index=True), [entry(ind_id)])


def only_indicator(data_dir: Path, ind_id: str, periods: Sequence[str]) -> Store:
    """Return a store with the sample boundaries and a single indicator."""
    store = boundaries_only(data_dir)
    ids = area_ids(store)
    publish(
        store,
        pd.concat([rows(ind_id, p, ids, seed=n) for n, p in enumerate(periods)]),
        [entry(ind_id)],
    )
    return store


def _key(period: str) -> float:
    from indicators.periods import period_key

    return period_key(period)


def own_levels(store: Store) -> Store:
    """Publish three levels of the city's own over the published areas.

    Stadtteil → Bezirk (the published parents, named "Bezirk <id>") → Region
    (Nord for the Bezirke Nord and West, Süd for the others).
    """
    from geodata.hierarchy import Hierarchy, Level, Levels

    found = parents(store)
    ids = sorted(found)
    bezirke = [found[i] for i in ids]
    levels = Levels(
        (
            Level("stadtteil", parent="bezirk", label="Stadtteil"),
            Level("bezirk", parent="region", label="Bezirk"),
            Level("region", label="Region"),
        )
    )
    assignment = pd.DataFrame(
        {
            "bezirk": bezirke,
            "region": ["Nord" if b in ("Nord", "West") else "Süd" for b in bezirke],
        },
        index=pd.Index(ids, name="area_id"),
        dtype=object,
    )
    names = {
        "bezirk": {b: f"Bezirk {b}" for b in bezirke},
        "region": {"Nord": "Nord", "Süd": "Süd"},
    }
    store.publish(
        Publication(
            kind="hierarchy",
            author="test",
            hierarchy=Hierarchy(levels=levels, assignment=assignment, names=names),
            consistent=True,
        )
    )
    return store
