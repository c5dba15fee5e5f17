"""What the interactions page shows: the correlation heatmap, the scatter plot and their words.

Pure (no Streamlit): frames of :mod:`indicators.correlation` in, altair charts
and texts out. Colours come from the palette: the diverging scale for r
(−1 orange … 0 white … +1 purple, colour-blind-safe), the categorical colours
for the parent areas of the scatter's points.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from bildungsampel.present import analysis_messages as _messages  # noqa: F401 - registers them
from bildungsampel.present.export import Published, dataset_meta, write
from bildungsampel.present.i18n import number, t
from bildungsampel.present.palettes import Palette
from bildungsampel.present.sheets import Table
from indicators.catalog import Catalog
from indicators.correlation import Pair

#: Pixels per cell of the correlation heatmap (room for "-0,25").
CELL = 36
#: Name of the scatter's point selection (the page reads ``selection[POINT]``).
POINT = "point"


def matrix_chart(
    pairs: pd.DataFrame, catalog: Catalog, *, palette: Palette, lang: str
) -> alt.LayerChart:
    """Return the correlation heatmap: cells coloured by r on −1..1, r and n as text."""
    label = {i: catalog[i].label(lang) for i in pd.unique(pairs["x"])}
    frame = pairs.assign(
        x_label=pairs["x"].map(label),
        y_label=pairs["y"].map(label),
        r_text=[number(r, lang, decimals=2) if np.isfinite(r) else "–" for r in pairs["r"]],
        dark=pairs["r"].abs().fillna(0) > 0.6,
    )
    order = list(dict.fromkeys(frame["x_label"]))
    x = alt.X("x_label:N", sort=order, title=None, axis=alt.Axis(labelAngle=-40, labelLimit=180))
    y = alt.Y("y_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    base = alt.Chart(frame).encode(x=x, y=y)
    cells = base.mark_rect().encode(
        color=alt.Color(
            "r:Q",
            title=t("inter.col.r", lang),
            scale=alt.Scale(domain=[-1, 0, 1], range=list(palette.diverging)),
        ),
        tooltip=[
            alt.Tooltip("x_label:N", title=t("inter.col.x", lang)),
            alt.Tooltip("y_label:N", title=t("inter.col.y", lang)),
            alt.Tooltip("r_text:N", title=t("inter.col.r", lang)),
            alt.Tooltip("n:Q", title=t("inter.col.n", lang)),
        ],
    )
    text = base.mark_text(fontSize=9).encode(
        text="r_text:N",
        color=alt.condition("datum.dark", alt.value("#ffffff"), alt.value("#222222")),
    )
    return alt.LayerChart(layer=[cells, text], width=alt.Step(CELL), height=alt.Step(CELL))


def parent_names(areas: pd.DataFrame, names: Mapping[str, str]) -> dict[str, str]:
    """Return area id → the name of its parent area (what the scatter's points are coloured by)."""
    return {
        str(a): names.get(str(p), str(p))
        for a, p in zip(areas["area_id"], areas["parent_id"], strict=True)
        if p is not None and not pd.isna(p)
    }


def scatter_frame(
    values: pd.DataFrame,
    x: str,
    y: str,
    names: Mapping[str, str],
    parents: Mapping[str, str] | None,
) -> pd.DataFrame:
    """Return one row per area with both values: id, name, x, y and its parent's name."""
    both = values[[x, y]].dropna() if x != y else values[[x]].dropna().assign(_y=values[x])
    ids = [str(a) for a in both.index]
    return pd.DataFrame(
        {
            "area_id": ids,
            "area": [names.get(a, a) for a in ids],
            "x": both[x].to_numpy(dtype=float),
            "y": both[y if x != y else "_y"].to_numpy(dtype=float),
            "parent": [(parents or {}).get(a, "") for a in ids],
        }
    )


def scatter_chart(
    points: pd.DataFrame,
    fit: Pair,
    catalog: Catalog,
    *,
    palette: Palette,
    lang: str,
    parent_title: str = "",
) -> alt.LayerChart:
    """Return the areas as labelled points (coloured by parent), the OLS line, clickable."""
    x_title, y_title = (_axis_title(catalog, i, lang) for i in (fit.x, fit.y))
    parents = sorted({p for p in points["parent"] if p})
    pick = alt.selection_point(name=POINT, fields=["area_id"], on="click")
    colour = (
        alt.Color(
            "parent:N",
            title=parent_title or None,
            scale=alt.Scale(domain=parents, range=palette.categories(len(parents))),
        )
        if parents
        else alt.value(palette.categorical[0])
    )
    base = alt.Chart(points).encode(
        x=alt.X("x:Q", title=x_title, scale=alt.Scale(zero=False)),
        y=alt.Y("y:Q", title=y_title, scale=alt.Scale(zero=False)),
    )
    dots = (
        base.mark_circle(size=90, opacity=0.9)
        .encode(
            color=colour,
            stroke=alt.condition(pick, alt.value("#000000"), alt.value("#ffffff")),
            tooltip=[
                alt.Tooltip("area:N", title=t("col.area", lang)),
                alt.Tooltip("x:Q", title=x_title, format=".1f"),
                alt.Tooltip("y:Q", title=y_title, format=".1f"),
            ],
        )
        .add_params(pick)
    )
    labels = base.mark_text(align="left", dx=7, dy=-5, fontSize=10, color="#333333").encode(
        text="area:N"
    )
    layers: list[alt.Chart] = [dots, labels]
    if np.isfinite(fit.slope) and len(points):
        ends = np.array([points["x"].min(), points["x"].max()])
        line = pd.DataFrame({"x": ends, "y": fit.intercept + fit.slope * ends})
        layers.insert(
            0,
            alt.Chart(line).mark_line(color="#222222", strokeDash=[6, 3]).encode(x="x:Q", y="y:Q"),
        )
    return alt.LayerChart(layer=layers, height=420)


def _axis_title(catalog: Catalog, indicator: str, lang: str) -> str:
    ind = catalog[indicator]
    return f"{ind.label(lang)} ({ind.unit})" if ind.unit else ind.label(lang)


def n_text(pairs: pd.DataFrame, lang: str) -> str:
    """Return how many areas the pairs rest on ("n = 18 Gebiete je Paar", or a range)."""
    off = pairs[pairs["x"] != pairs["y"]]
    low, high = (int(off["n"].min()), int(off["n"].max())) if len(off) else (0, 0)
    n = str(low) if low == high else f"{low}–{high}"
    return t("inter.n", lang, n=n)


def pair_text(fit: Pair, lang: str) -> str:
    """Return r, its interval and n in words, or why there is no r."""
    if not np.isfinite(fit.r):
        return t("inter.too_few", lang, n=fit.n)
    coef = "r" if fit.method == "pearson" else "ρ"
    return t(
        "inter.result",
        lang,
        coef=coef,
        r=number(fit.r, lang, decimals=2),
        low=number(fit.low, lang, decimals=2),
        high=number(fit.high, lang, decimals=2),
        n=fit.n,
    )


def line_text(fit: Pair, lang: str) -> str:
    """Return the regression line in words ("" when there is none)."""
    if not np.isfinite(fit.slope):
        return ""
    return t(
        "inter.line",
        lang,
        intercept=number(fit.intercept, lang, decimals=2),
        slope=number(fit.slope, lang, decimals=3),
    )


def pairs_table(pairs: pd.DataFrame, catalog: Catalog, lang: str) -> Table:
    """Return each pair of indicators once (heatmap order) with r and n, for download."""
    once = pairs[pairs["x_pos"] < pairs["y_pos"]]
    frame = pd.DataFrame(
        {
            t("inter.col.x", lang): [catalog[i].label(lang) for i in once["x"]],
            t("inter.col.y", lang): [catalog[i].label(lang) for i in once["y"]],
            t("inter.col.r", lang): once["r"].to_numpy(dtype=float),
            t("inter.col.n", lang): once["n"].to_numpy(dtype=int),
        }
    )
    return Table(frame, {t("inter.col.r", lang): 3})


def pairs_file(
    pairs: pd.DataFrame, data: Published, *, method: str, fmt: str, lang: str, level: str
) -> bytes:
    """Return the correlations as CSV or XLSX: the method and its note, the data version."""
    meta = dataset_meta(data, list(dict.fromkeys(pairs["x"])), lang, level=level)
    note = f"{t(f'inter.method.{method}', lang)}. {t('inter.note', lang)}"
    meta = dataclasses.replace(meta, methods=(), note=note)
    return write(fmt, pairs_table(pairs, data.catalog, lang), lang=lang, meta=meta)
