"""Altair charts of the dashboard (rendered by Streamlit's bundled Vega: no CDN).

Pure functions: frames in, ``alt.Chart`` out. Text reaches Vega as data and
is drawn as SVG/canvas text; tooltips go through vega-tooltip's sanitiser.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import altair as alt
import numpy as np
import pandas as pd

from bildungsampel.present import heatmap as heat_colours
from bildungsampel.present.i18n import number, t
from bildungsampel.present.palettes import DEFAULT, PALETTES, Palette
from bildungsampel.present.views import decimals, rating_label
from indicators.catalog import Catalog
from indicators.heatmap import HeatmapData

CELL = 26  # pixels per heatmap row/column
DENDRO = 90  # pixels of a dendrogram


def heatmap_long(
    data: HeatmapData,
    ratings: pd.DataFrame,
    catalog: Catalog,
    names: Mapping[str, str],
    lang: str,
    palette: Palette,
) -> pd.DataFrame:
    """Return one row per heatmap cell with labels, raw value, rating and its colours.

    ``fill_continuous`` and ``fill_discrete`` are the drawn colours of the two
    modes (from :func:`bildungsampel.present.heatmap.heatmap_fills`, grey where
    a cell has none); ``scaled_text`` is the 0..1 value for the tooltip, or
    "nicht bewertet" / "kein Wert".
    """
    rows, cols = list(data.scaled.index), list(data.scaled.columns)
    n, m = len(rows), len(cols)
    area_ids = np.repeat(np.array(rows, dtype=object), m)
    ind_ids = np.tile(np.array(cols, dtype=object), n)
    keys = pd.MultiIndex.from_arrays([area_ids, ind_ids])
    rated = ratings.set_index(["area_id", "indicator"])[["rating", "grade"]].reindex(keys)
    rating = rated["rating"].astype(object).fillna("grey").to_numpy()
    grade = rated["grade"].astype(object).fillna("not_rated").to_numpy()
    raw = data.raw.to_numpy(dtype=float).ravel()
    scaled = data.scaled.to_numpy(dtype=float).ravel()
    excluded = (
        data.excluded.reindex(index=rows, columns=cols, fill_value=False)
        .to_numpy(dtype=bool)
        .ravel()
    )
    labels = {c: catalog[c].label(lang) + (" *" if c in data.unoriented else "") for c in cols}
    shown = [
        number(v, lang, decimals=decimals(catalog[c]), unit=catalog[c].unit)
        for v, c in zip(raw, ind_ids, strict=True)
    ]
    scaled_text = [
        t("hm.not_rated", lang)
        if out
        else (t("hm.no_value", lang) if np.isnan(v) else number(v, lang, decimals=2))
        for v, out in zip(scaled, excluded, strict=True)
    ]
    continuous = heat_colours.heatmap_fills(data, palette)
    discrete = heat_colours.heatmap_fills(data, palette, ratings=ratings, discrete=True)
    return pd.DataFrame(
        {
            "row": np.repeat(np.arange(n), m),
            "col": np.tile(np.arange(m), n),
            "area_id": area_ids,
            "area": [names.get(a, a) for a in area_ids],
            "indicator": [labels[c] for c in ind_ids],
            "scaled": scaled,
            "scaled_text": scaled_text,
            "fill_continuous": heat_colours.drawn(continuous, palette),
            "fill_discrete": heat_colours.drawn(discrete, palette),
            "raw": raw,
            "value": shown,
            "rating": rating,
            "rating_label": [rating_label(r, g, lang) for r, g in zip(rating, grade, strict=True)],
            "period": [data.periods[c] for c in ind_ids],
            "imputed": data.imputed.to_numpy(dtype=bool).ravel(),
            "excluded": excluded,
            "unoriented": np.isin(ind_ids, data.unoriented),
        }
    )


def _dendro_segments(dendro: Mapping[str, Any]) -> pd.DataFrame:
    records = []
    for k, (xs, ys) in enumerate(zip(dendro["icoord"], dendro["dcoord"], strict=True)):
        for order, (pos, height) in enumerate(zip(xs, ys, strict=True)):
            records.append({"link": k, "order": order, "pos": pos, "height": height})
    return pd.DataFrame.from_records(records)


def _dendrogram(dendro: Mapping[str, Any] | None, leaves: int, *, rows: bool) -> alt.Chart:
    """Draw scipy's dendrogram segments aligned with ``leaves`` heatmap rows or columns.

    scipy puts leaf ``i`` at ``10 i + 5``; with the domain ``[0, 10 leaves]`` on a
    band of ``CELL`` pixels per leaf, each leaf lands on its row's or column's middle.
    """
    segments = (
        _dendro_segments(dendro)
        if dendro
        else pd.DataFrame({"link": [], "order": [], "pos": [], "height": []})
    )
    leaf_scale = alt.Scale(domain=[0, 10 * leaves], reverse=rows, nice=False, zero=False)
    height_scale = alt.Scale(reverse=rows, zero=True, nice=False)
    position = ("pos:Q", leaf_scale)
    distance = ("height:Q", height_scale)
    (x_field, x_scale), (y_field, y_scale) = (distance, position) if rows else (position, distance)
    size = (
        {"width": DENDRO, "height": CELL * leaves}
        if rows
        else {"width": CELL * leaves, "height": DENDRO}
    )
    chart: alt.Chart = (
        alt.Chart(segments)
        .mark_line(color="#555555", strokeWidth=1)
        .encode(
            x=alt.X(x_field, scale=x_scale, axis=None),
            y=alt.Y(y_field, scale=y_scale, axis=None),
            detail="link:N",
            order="order:Q",
        )
        .properties(**size)
    )
    return chart


#: The cell fields the heatmap chart reads (besides its fill colour).
HEATMAP_FIELDS = (
    "row", "col", "area_id", "area", "indicator", "period", "value", "rating_label", "scaled_text",
)  # fmt: skip


def heatmap_chart(
    cells: pd.DataFrame,
    data: HeatmapData,
    *,
    palette: Palette,
    lang: str,
    discrete: bool = False,
) -> alt.VConcatChart:
    """Return the Ampel heatmap with dendrograms; clicking a cell selects its area.

    Parameters
    ----------
    cells : pandas.DataFrame
        :func:`heatmap_long` output.
    data : HeatmapData
        For the dendrograms (None when not clustered) and the orderings.
    palette : Palette
    lang : {"de", "en"}
    discrete : bool
        Colour by the rating (Ampel colours; neutral grades for no-judgement
        indicators) instead of the continuous scales. The continuous chart
        carries its legend (Ampel ramp, neutral ramp when such columns are
        shown, grey); the discrete one is explained by the rating legend.

    Returns
    -------
    altair.VConcatChart
        With a point selection named ``cell`` on ``area_id``.
    """
    n, m = data.scaled.shape
    select = alt.selection_point(name="cell", fields=["area_id"], on="click")
    # colours come precomputed from present.heatmap (the same as the PNG/PDF and the CSV)
    colour = alt.Color("fill_discrete:N" if discrete else "fill_continuous:N", scale=None)
    tooltip = [
        alt.Tooltip("area:N", title=t("col.area", lang)),
        alt.Tooltip("indicator:N", title=t("col.indicator", lang)),
        alt.Tooltip("period:N", title=t("col.year", lang)),
        alt.Tooltip("value:N", title=t("col.value", lang)),
        alt.Tooltip("rating_label:N", title=t("col.rating", lang)),
        alt.Tooltip("scaled_text:N", title=t("hm.scaled", lang)),
    ]
    # only the columns the chart uses go to the browser (Arrow-decoded there for every cell)
    fill = "fill_discrete" if discrete else "fill_continuous"
    shown = cells[[*HEATMAP_FIELDS, fill]]
    heat = (
        alt.Chart(shown)
        .mark_rect(stroke="#ffffff", strokeWidth=0.5)
        .encode(
            # ordered by the numeric positions in the data: a list of names would become
            # a sort expression Vega evaluates for every cell (seconds at 27,000 cells)
            x=alt.X(
                "indicator:N",
                sort=alt.EncodingSortField("col", op="min"),
                title=None,
                axis=alt.Axis(labelAngle=-90, labelLimit=240, orient="bottom"),
            ),
            y=alt.Y(
                "area:N",
                sort=alt.EncodingSortField("row", op="min"),
                title=None,
                axis=alt.Axis(orient="right", labelLimit=200),
            ),
            color=colour,
            opacity=alt.condition(select, alt.value(1.0), alt.value(0.45)),
            tooltip=tooltip,
        )
        .add_params(select)
        .properties(width=CELL * m, height=CELL * n)
    )
    spacer = alt.Chart(pd.DataFrame({"x": []})).mark_point().properties(width=DENDRO, height=DENDRO)
    top = alt.hconcat(
        spacer, _dendrogram(data.col_dendrogram, m, rows=False), spacing=0, bounds="flush"
    ).resolve_scale(x="independent", y="independent")
    bottom = alt.hconcat(
        _dendrogram(data.row_dendrogram, n, rows=True), heat, spacing=0, bounds="flush"
    ).resolve_scale(x="independent", y="independent")
    parts: list[alt.HConcatChart] = [top, bottom]
    if not discrete:
        parts.append(heatmap_legend(data, palette=palette, lang=lang))
    chart: alt.VConcatChart = (
        alt.vconcat(*parts, spacing=0)
        .resolve_scale(x="independent", y="independent", color="independent")
        .configure_view(stroke=None)
    )
    return chart


#: Steps of a legend ramp.
RAMP_STEPS = 11


def _ramp(colours: list[str], title: str) -> alt.Chart:
    """Return a legend strip: one swatch per colour, low on the left, with a title."""
    frame = pd.DataFrame({"step": np.arange(len(colours)), "fill": colours, "scale": title})
    chart: alt.Chart = (
        alt.Chart(
            frame,
            title=alt.Title(title, fontSize=11, fontWeight="normal", anchor="start", offset=2),
        )
        .mark_rect(stroke="#888888", strokeWidth=0.3)
        .encode(
            x=alt.X("step:O", axis=None),
            color=alt.Color("fill:N", scale=None),
            tooltip=alt.value(None),
        )
        .properties(width=12 * len(colours), height=12)
    )
    return chart


def heatmap_legend(data: HeatmapData, *, palette: Palette, lang: str) -> alt.HConcatChart:
    """Return the continuous heatmap's legend: Ampel ramp, neutral ramp if needed, grey.

    The ramps use :func:`bildungsampel.present.heatmap.ramp`, the same colours
    as the cells.
    """
    judged = [c for c in data.scaled.columns if c not in data.unoriented]
    key = "hm.legend.judged.rank" if data.scale == "rank" else "hm.legend.judged"
    ramps = []
    if judged or not data.unoriented:
        ramps.append(_ramp(heat_colours.ramp(palette.continuous, RAMP_STEPS), t(key, lang)))
    if data.unoriented:
        neutral = heat_colours.ramp(palette.neutral_continuous, RAMP_STEPS)
        ramps.append(_ramp(neutral, t("hm.legend.neutral", lang)))
    ramps.append(_ramp([palette.missing], t("hm.legend.missing", lang)))
    spacer = alt.Chart(pd.DataFrame({"x": []})).mark_point().properties(width=DENDRO, height=12)
    legend: alt.HConcatChart = alt.hconcat(spacer, *ramps, spacing=24).resolve_scale(
        x="independent"
    )
    return legend


def spine_frame(
    profile: pd.DataFrame, catalog: Catalog, *, palette: Palette, lang: str
) -> pd.DataFrame:
    """Return what a spine chart draws: label, 0..1 positions, fill and rating label per row.

    The one source of the dashboard's chart (:func:`spine_chart`) and of the
    report's drawing (:func:`bildungsampel.present.figures.spine_figure`).
    """
    return pd.DataFrame(
        {
            "indicator": [catalog[i].label(lang) for i in profile["indicator"]],
            "pos": profile["pos"].to_numpy(dtype=float),
            "city_pos": profile["city_pos"].to_numpy(dtype=float),
            "fill": [
                palette.fill(r, g) for r, g in zip(profile["rating"], profile["grade"], strict=True)
            ],
            "rating": [
                rating_label(r, g, lang)
                for r, g in zip(profile["rating"], profile["grade"], strict=True)
            ],
            "low": 0.0,
            "high": 1.0,
        }
    )


def spine_chart(
    profile: pd.DataFrame, catalog: Catalog, *, palette: Palette, lang: str
) -> alt.LayerChart:
    """Return the spine chart: range of all areas, city tick, the area's dot."""
    frame = spine_frame(profile, catalog, palette=palette, lang=lang)
    order = frame["indicator"].tolist()
    # each indicator's name stands above its bar, left-aligned across the chart's width
    # (not in a label column beside it): on a phone the bars keep the screen's width
    y = alt.Y(
        "indicator:N",
        sort=order,
        title=None,
        axis=alt.Axis(
            labelAlign="left",
            labelBaseline="bottom",
            labelPadding=0,
            labelOffset=-9,
            labelLimit=0,
            labelOverlap=False,
            labelFontSize=12,
            labelColor="#222222",
            ticks=False,
            domain=False,
        ),
        scale=alt.Scale(paddingInner=0.2, paddingOuter=0.1),
    )
    base = alt.Chart(frame)
    bar = base.mark_bar(color="#e6e6e6", height=12).encode(
        x=alt.X("low:Q", scale=alt.Scale(domain=[0, 1]), title=t("col.spine", lang)),
        x2="high:Q",
        y=y,
    )
    city = base.mark_tick(color="#222222", thickness=2, size=18).encode(
        x="city_pos:Q", y=y, tooltip=[alt.Tooltip("indicator:N")]
    )
    dot = base.mark_point(filled=True, size=140, stroke="#222222", strokeWidth=1).encode(
        x="pos:Q",
        y=y,
        color=alt.Color("fill:N", scale=None),
        tooltip=[
            alt.Tooltip("indicator:N", title=t("col.indicator", lang)),
            alt.Tooltip("rating:N", title=t("col.rating", lang)),
        ],
    )
    chart: alt.LayerChart = (bar + city + dot).properties(height=max(200, 44 * len(frame)))
    return chart


def comparison_chart(
    rows: pd.DataFrame, names: Mapping[str, str], unit: str, *, palette: Palette, lang: str
) -> alt.LayerChart:
    """Return bars per area with 95 % intervals and a rule at the city value."""
    frame = pd.DataFrame(
        {
            "area": [names.get(a, a) for a in rows["area_id"]],
            "value": rows["value"].to_numpy(dtype=float),
            "ci_low": rows["ci_low"].to_numpy(dtype=float),
            "ci_high": rows["ci_high"].to_numpy(dtype=float),
            "fill": [
                palette.fill(r, g) for r, g in zip(rows["rating"], rows["grade"], strict=True)
            ],
            "rating": [
                rating_label(r, g, lang) for r, g in zip(rows["rating"], rows["grade"], strict=True)
            ],
            "city": rows["city_value"].to_numpy(dtype=float),
        }
    )
    order = frame["area"].tolist()
    title = f"{t('col.value', lang)} ({unit})" if unit else t("col.value", lang)
    base = alt.Chart(frame)
    bars = base.mark_bar().encode(
        x=alt.X("area:N", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=title),
        color=alt.Color("fill:N", scale=None),
        tooltip=[
            alt.Tooltip("area:N", title=t("col.area", lang)),
            alt.Tooltip("value:Q", title=t("col.value", lang), format=".1f"),
            alt.Tooltip("rating:N", title=t("col.rating", lang)),
        ],
    )
    layers = [bars]
    if np.isfinite(frame["ci_low"]).any():
        layers.append(
            base.mark_errorbar(ticks=True, color="#222222").encode(
                x=alt.X("area:N", sort=order), y=alt.Y("ci_low:Q", title=title), y2="ci_high:Q"
            )
        )
    layers.append(
        alt.Chart(frame.head(1)).mark_rule(color="#222222", strokeDash=[6, 3]).encode(y="city:Q")
    )
    return alt.LayerChart(layer=layers, height=320)


def trend_chart(
    series: pd.DataFrame,
    names: Mapping[str, str],
    unit: str,
    *,
    lang: str,
    palette: Palette | None = None,
) -> alt.Chart:
    """Return the indicator over time for the chosen areas and the city (dashed).

    The areas get the palette's categorical colours (default: :data:`palettes.DEFAULT`).
    """
    frame = series.assign(
        area=[
            t("trends.city", lang) if a == "city" else names.get(a, a) for a in series["area_id"]
        ],
        city=series["area_id"] == "city",
    )
    periods = frame.drop_duplicates("period").sort_values("period_key")["period"].tolist()
    labels = list(dict.fromkeys(frame["area"]))
    areas_only = [a for a in labels if a != t("trends.city", lang)]
    colours = [*(palette or PALETTES[DEFAULT]).categories(len(areas_only)), "#222222"]
    domain = [*areas_only, t("trends.city", lang)]
    title = f"{t('col.value', lang)} ({unit})" if unit else t("col.value", lang)
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "period:N", sort=periods, title=t("col.year", lang), axis=alt.Axis(labelAngle=0)
            ),
            y=alt.Y("value:Q", title=title, scale=alt.Scale(zero=False)),
            color=alt.Color(
                "area:N", title=t("col.area", lang), scale=alt.Scale(domain=domain, range=colours)
            ),
            strokeDash=alt.condition("datum.city", alt.value([6, 3]), alt.value([1, 0])),
            tooltip=[
                alt.Tooltip("area:N", title=t("col.area", lang)),
                alt.Tooltip("period:N", title=t("col.year", lang)),
                alt.Tooltip("value:Q", title=t("col.value", lang), format=".1f"),
            ],
        )
        .properties(height=360)
    )
    return chart


#: A top-level chart of any kind (single, layered, concatenated).
Charted = TypeVar("Charted", alt.Chart, alt.LayerChart, alt.HConcatChart, alt.VConcatChart)

#: Vega number locale of the German UI (decimal comma, dot thousands).
GERMAN_NUMBERS = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " €"]}


def localise(chart: Charted, lang: str) -> Charted:
    """Return ``chart`` with German number formatting on axes and tooltips in the German UI."""
    if lang != "de":
        return chart
    out: Charted = chart.copy()
    if out.config is alt.Undefined:
        out.config = alt.Config()
    out.config.locale = alt.Locale(number=GERMAN_NUMBERS)
    return out
