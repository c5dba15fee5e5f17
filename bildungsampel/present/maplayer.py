"""The map layer: the frame folium draws, its tooltips and the legend.

Pure (no Streamlit, no folium): :func:`map_frame` joins display geometries
with the ratings of one indicator, colours them from the palette and writes
the escaped tooltip HTML; :func:`geodata.mapview.build_map` turns the frame
into a map and the static images of :mod:`bildungsampel.present.figures` draw
it with the same colours and legend.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from bildungsampel.present.i18n import number, t
from bildungsampel.present.palettes import SYMBOLS, Palette
from bildungsampel.present.views import (
    city_kind_text,
    class_rating_label,
    decimals,
    interval_level,
    interval_text,
    limits_text,
    rating_label,
    trend_label,
    value_text,
)
from geodata.markup import escape
from indicators import results
from indicators.catalog import Indicator, Polarity
from indicators.methods import ordered


def tooltip_html(row: Mapping[Any, Any], indicator: Indicator, lang: str) -> str:
    """Return the escaped tooltip of one rated area (name, value, city, interval, rating, trend)."""
    places = decimals(indicator)
    city = number(row["city_value"], lang, decimals=places, unit=indicator.unit)
    how = city_kind_text(row, lang)
    lines = [
        f"<b>{escape(row['area_name'])}</b>",
        f"{escape(indicator.label(lang))}: {escape(value_text(row, indicator, lang))}",
        f"{escape(t('tip.city', lang))}: {escape(city)}"
        + (f" <small>({escape(how)})</small>" if how else ""),
    ]
    ci = interval_text(row, indicator, lang)
    if ci:
        unit = f" {indicator.unit}" if indicator.unit else ""
        lines.append(f"{escape(interval_level(row, lang))}: {escape(ci + unit)}")
    limits = limits_text(row, indicator, lang)
    if limits:
        lines.append(escape(limits))
    lines.append(f"<b>{escape(class_rating_label(row, indicator, lang))}</b>")
    trend = trend_label(row["trend"], lang, row.get("trend_direction"))
    lines.append(f"{escape(t('tip.trend', lang))}: {escape(trend)}")
    lines.append(f"<small>{escape(row['reason'])}</small>")
    return "<br>".join(lines)


def map_frame(
    display: gpd.GeoDataFrame,
    rows: pd.DataFrame,
    indicator: Indicator,
    *,
    lang: str,
    palette: Palette,
) -> gpd.GeoDataFrame:
    """Join display geometries with the ratings of one indicator for the map.

    Parameters
    ----------
    display : geopandas.GeoDataFrame
        Simplified areas in EPSG:4326 (``area_id``, ``area_name``, geometry).
    rows : pandas.DataFrame
        Ratings of this indicator (pipeline output for one level and year).
    indicator : Indicator
    lang : {"de", "en"}
    palette : Palette

    Returns
    -------
    geopandas.GeoDataFrame
        ``idx`` (position, returned on click), ``area_id``, ``area_name`` (raw
        text, for static images only), ``fill``, ``tooltip`` (escaped HTML) and
        geometry. Areas without a row are grey.
    """
    merged = display[["area_id", "area_name", "geometry"]].merge(
        rows.drop(columns=["area_name"]), on="area_id", how="left"
    )
    # areas without a row are grey; as objects, so that an all-missing (float) column takes text
    missing = {"rating": "grey", "grade": "not_rated", "trend": "none",
               "trend_direction": "none", "reason": t("rating.grey", lang)}  # fmt: skip
    for column, value in missing.items():
        if column in merged:
            merged[column] = merged[column].astype(object).fillna(value)
    fills = [palette.fill(r, g) for r, g in zip(merged["rating"], merged["grade"], strict=True)]
    tips = [tooltip_html(row, indicator, lang) for row in merged.to_dict("records")]
    return gpd.GeoDataFrame(
        {
            "idx": np.arange(len(merged)),
            "area_id": merged["area_id"],
            "area_name": merged["area_name"],
            "fill": fills,
            "tooltip": tips,
        },
        geometry=merged.geometry.to_numpy(),
        crs=display.crs,
    )


def legend(indicator: Indicator, palette: Palette, lang: str) -> list[tuple[str, str]]:
    """Return (colour, label) pairs of the map legend for one indicator.

    An indicator rated in ordered classes with the catalogue's own words has
    one entry per class ("▼ ungünstig: sehr niedrig"), lowest values first.
    """
    own = _class_legend(indicator, palette, lang)
    if own:
        return own
    if indicator.polarity is Polarity.NO_JUDGEMENT:
        grades = ["much_lower", "lower", "similar", "higher", "much_higher", "not_rated"]
        return [
            (palette.neutral[g], f"{SYMBOLS['neutral']} {t(f'grade.{g}', lang)}") for g in grades
        ]
    return [
        (palette.rating[r], rating_label(r, "", lang)) for r in ("green", "yellow", "red", "grey")
    ]


def _class_legend(indicator: Indicator, palette: Palette, lang: str) -> list[tuple[str, str]]:
    """Return one legend entry per ordered class with the catalogue's words (none: [])."""
    n = ordered.classes(indicator)
    labels = indicator.class_labels(lang)
    if n is None or labels is None or len(labels) != n:
        return []
    directions = np.asarray(ordered.directions(n, indicator.polarity), dtype=float)
    ratings, grades = results.rating_codes(directions, indicator.polarity)
    items = []
    for label, r, g in zip(labels, ratings, grades, strict=True):
        rating, grade = results.RATINGS[r], results.GRADES[g]
        items.append((palette.fill(rating, grade), f"{rating_label(rating, grade, lang)}: {label}"))
    return [*items, (palette.rating["grey"], rating_label("grey", "", lang))]


def rating_legend(palette: Palette, lang: str) -> list[tuple[str, str]]:
    """Return the legend of all ratings, including the neutral scale's middle."""
    items = [
        (palette.rating[r], rating_label(r, "", lang)) for r in ("green", "yellow", "red", "grey")
    ]
    items += [
        (palette.neutral[g], f"{SYMBOLS['neutral']} {t(f'grade.{g}', lang)}")
        for g in ("lower", "similar", "higher")
    ]
    return items


def legend_html(items: list[tuple[str, str]]) -> str:
    """Return the legend as escaped HTML swatches (for ``st.markdown``)."""
    cells = [
        f'<span style="display:inline-block;margin-right:1em"><span style="display:inline-block;'
        f"width:1em;height:1em;background:{escape(colour)};border:1px solid #666;"
        f'vertical-align:middle"></span> {escape(label)}</span>'
        for colour, label in items
    ]
    return "".join(cells)
