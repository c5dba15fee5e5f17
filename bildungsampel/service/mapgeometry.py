"""The areas as the map draws them: cleaned and simplified once, stored, shared.

:func:`geodata.display.simplify_coverage` takes seconds for thousands of areas
(most of it ``coverage_clean``). The result depends only on the areas, their
levels and the tolerance, so it is computed when boundaries or levels are
published (:func:`prepare`) and stored under the areas checksum; every later
map, app instance and version with the same areas reads it
(:func:`display_areas`). A store without it (written before, read-only, or
files named in the settings) computes it where it is needed.
"""

from __future__ import annotations

import logging

import geopandas as gpd
import pandas as pd
import shapely

from bildungsampel.service.dataset import Dataset, from_store
from bildungsampel.service.store import Store, StoreError
from geodata import display

log = logging.getLogger(__name__)


def display_areas(
    store: Store | None, data: Dataset, level: str, *, tolerance_m: float
) -> gpd.GeoDataFrame:
    """Return the areas of ``level`` for the map (EPSG:4326, shared borders kept).

    Read from the store when it holds them for these areas, else computed with
    :func:`geodata.display.simplify_coverage` and stored for the next time.

    Parameters
    ----------
    store : Store or None
        The store ``data`` comes from (None: files named in the settings).
    data : Dataset
    level : str
        A level id of ``data``.
    tolerance_m : float
        The simplification tolerance in metres (``Settings.simplify_m``).

    Returns
    -------
    geopandas.GeoDataFrame
        The rows and columns of ``data.areas(level)`` in EPSG:4326.
    """
    areas = data.areas(level)
    key = _key(store, data)
    if key is None or not len(areas):
        return display.simplify_coverage(areas, tolerance_m=tolerance_m)
    assert store is not None  # a key comes from a store
    ids = [str(a) for a in areas["area_id"]]
    stored = store.display_geometry(key, level, tolerance_m)
    if stored.keys() == set(ids):
        shapes = shapely.from_wkb([stored[a] for a in ids])
        attributes = pd.DataFrame(areas.drop(columns=areas.geometry.name))
        return gpd.GeoDataFrame(
            attributes, geometry=gpd.GeoSeries(shapes, index=areas.index, crs=4326)
        )
    frame = display.simplify_coverage(areas, tolerance_m=tolerance_m)
    _save(
        store, key, level, tolerance_m, dict(zip(ids, shapely.to_wkb(frame.geometry), strict=True))
    )
    return frame


def prepare(
    store: Store,
    version_id: int | None = None,
    *,
    tolerance_m: float,
    data: Dataset | None = None,
) -> list[str]:
    """Compute and store the display geometry of every level of a version; return the levels.

    Called after a publish, so that the first map after it does not wait for
    it. Levels already stored are read, not computed again. ``data``: the
    version's dataset when loaded already (else its areas are read).
    """
    if data is None:
        data = from_store(store, version_id, with_observations=False)
    done = []
    for level in data.filled_levels():
        display_areas(store, data, level, tolerance_m=tolerance_m)
        done.append(level)
    return done


def _key(store: Store | None, data: Dataset) -> str | None:
    if store is None or data.version is None:
        return None
    return store.display_key(int(data.version["id"]))


def _save(store: Store, key: str, level: str, tolerance_m: float, shapes: dict[str, bytes]) -> None:
    """Store computed geometry; a store that cannot take it now keeps working without."""
    try:
        store.save_display_geometry(key, level, tolerance_m, shapes)
    except StoreError as err:  # busy with a publish, disk full: computed again next time
        log.warning("display geometry not stored: %s", err)
