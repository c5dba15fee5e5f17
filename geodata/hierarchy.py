"""Parent areas (Stadtbezirke) dissolved from their Stadtteile."""

from __future__ import annotations

from collections import Counter

import geopandas as gpd
import pandas as pd
import shapely

from geodata.io import BoundaryError


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
            f"areas {', '.join(missing[:5])} have no parent; give --parent-column",
            message_de=f"Gebiete {', '.join(missing[:5])} haben keinen übergeordneten Bezirk; "
            "bitte --parent-column angeben",
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
