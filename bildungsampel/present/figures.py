"""Static images: the clustered Ampel heatmap with dendrograms and a Bezirk strip."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, ListedColormap, Normalize, to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from bildungsampel.present import charts
from bildungsampel.present import heatmap as heat_colours
from bildungsampel.present.i18n import number, t
from bildungsampel.present.palettes import DEFAULT, PALETTES, Palette
from indicators.catalog import Catalog
from indicators.errors import BildungsampelError
from indicators.heatmap import HeatmapData

#: Beyond this many areas the static heatmap is an overview without row labels.
MAX_LABELLED_ROWS = 120


def heatmap_figure(
    data: HeatmapData,
    catalog: Catalog,
    *,
    names: Mapping[str, str] | None = None,
    parents: Mapping[str, str] | None = None,
    lang: str = "de",
    palette: Palette | None = None,
) -> Figure:
    """Draw the heatmap: dendrograms on top and left, parent strip, 0..1 colours.

    The cell colours are :func:`bildungsampel.present.heatmap.heatmap_fills`
    (the same as the dashboard's chart and the CLI's CSV): the Ampel scale for
    judged indicators, the neutral single-hue scale for no-judgement ones,
    grey for missing or not rated cells. One colour bar per scale in use.

    Parameters
    ----------
    data : HeatmapData
    catalog : Catalog
    names : mapping, optional
        Area id → display name.
    parents : mapping, optional
        Area id → parent name, drawn as a colour strip.
    lang : {"de", "en"}
    palette : Palette, optional
        Cell, colour bar and strip colours (default: :data:`palettes.DEFAULT`).
    """
    if palette is None:
        palette = PALETTES[DEFAULT]
    rows, cols = data.scaled.index.tolist(), data.scaled.columns.tolist()
    # one readable line per area up to MAX_LABELLED_ROWS; beyond, a fixed-height overview
    # (a 23,000-pixel image for 542 rows helps nobody; timings in docs/PERFORMANCE.md)
    labelled = len(rows) <= MAX_LABELLED_ROWS
    row_inch = 0.28 if labelled else 12.0 / len(rows)
    height = max(4.0, row_inch * len(rows) + 2.5)
    col_inch = 0.32  # room for a rotated 8-point label
    width = max(6.0, col_inch * len(cols) + 4.5)
    # print resolution for the labelled heatmap; the overview is for the screen
    fig = plt.figure(figsize=(width, height), layout="constrained", dpi=150 if labelled else 100)
    grid = fig.add_gridspec(
        2,
        3,
        width_ratios=[1.2, 0.25, col_inch * len(cols) + 1],
        height_ratios=[1.2, row_inch * len(rows) + 1],
    )
    ax_top = fig.add_subplot(grid[0, 2])
    ax_left = fig.add_subplot(grid[1, 0])
    ax_strip = fig.add_subplot(grid[1, 1])
    ax = fig.add_subplot(grid[1, 2])
    _draw_dendrogram(ax_top, data.col_dendrogram, rows=False)
    _draw_dendrogram(ax_left, data.row_dendrogram, rows=True)
    fills = heat_colours.drawn(heat_colours.heatmap_fills(data, palette), palette)
    rgb = {c: to_rgb(c) for c in set(fills)}
    image = np.array([rgb[c] for c in fills], dtype=float).reshape(len(rows), len(cols), 3)
    ax.imshow(image, aspect="auto", interpolation="none")
    ax.set_xticks(
        range(len(cols)),
        [plain_text(catalog[c].label(lang)) + (" *" if c in data.unoriented else "") for c in cols],
        rotation=60,
        ha="right",
        fontsize=8,
    )
    if labelled:
        ax.set_yticks(
            range(len(rows)), [plain_text((names or {}).get(r, r)) for r in rows], fontsize=8
        )
    else:
        ax.set_yticks([])
    ax.yaxis.tick_right()
    if parents:
        groups = sorted({parents.get(r, "") for r in rows})
        codes = np.array([[groups.index(parents.get(r, ""))] for r in rows])
        ax_strip.imshow(
            codes,
            aspect="auto",
            interpolation="none",
            cmap=ListedColormap(palette.categories(max(len(groups), 1))),
        )
    ax_strip.set_axis_off()
    _colour_bars(fig, ax, data, palette, lang)
    scale = t(f"w.norm.{data.scale}", lang)
    fig.supxlabel(plain_text(t("hm.note", lang, scale=scale)), x=0.01, ha="left", fontsize=7)
    return fig


def _colour_bars(
    fig: Figure, ax: Axes, data: HeatmapData, palette: Palette, lang: str
) -> list[Any]:
    """Draw one colour bar per scale in use: the Ampel's, and the neutral one if needed."""
    judged = [c for c in data.scaled.columns if c not in data.unoriented]
    scales: list[tuple[tuple[str, ...], str]] = []
    if judged or not data.unoriented:
        key = "hm.legend.judged.rank" if data.scale == "rank" else "hm.legend.judged"
        scales.append((palette.continuous, t(key, lang)))
    if data.unoriented:
        scales.append((palette.neutral_continuous, t("hm.legend.neutral", lang)))
    bars = []
    # constrained layout puts a later bar nearer the heatmap: the Ampel's ends up next to it
    for k, (stops, label) in enumerate(reversed(scales)):
        cmap = LinearSegmentedColormap.from_list(f"heat{k}", list(stops))
        mappable = ScalarMappable(norm=Normalize(0, 1), cmap=cmap)
        bar = fig.colorbar(mappable, ax=ax, location="right", shrink=0.8, aspect=30, pad=0.02)
        bar.set_label(plain_text(label), fontsize=8)
        bar.ax.tick_params(labelsize=7)
        bars.append(bar)
    return bars


def _draw_dendrogram(ax: Axes, dendro: Mapping[str, Any] | None, *, rows: bool) -> None:
    """Draw the links of a dendrogram (scipy's coordinates) as one line collection.

    Leaf ``i`` sits at ``10 i + 5``, so the leaves line up with the heatmap's
    rows (root on the left) or columns (root on top). One collection instead
    of scipy's plotting, which also sets a tick per leaf.
    """
    ax.set_axis_off()
    if not dendro or not dendro["icoord"]:
        return
    icoord, dcoord = np.asarray(dendro["icoord"]), np.asarray(dendro["dcoord"])
    xy = np.stack([dcoord, icoord] if rows else [icoord, dcoord], axis=-1)
    ax.add_collection(LineCollection(list(xy), colors="#555555", linewidths=0.6))
    span, top = 10.0 * len(dendro["leaves"]), float(dcoord.max()) or 1.0
    if rows:
        ax.set_xlim(top * 1.02, 0)
        ax.set_ylim(span, 0)
    else:
        ax.set_xlim(0, span)
        ax.set_ylim(0, top * 1.02)


def plain_text(text: object) -> str:
    """Return ``text`` safe for matplotlib: ``$`` would start mathtext."""
    return str(text).replace("$", r"\$")


def map_figure(
    areas: gpd.GeoDataFrame,
    fills: Sequence[str],
    *,
    title: str,
    legend: Sequence[tuple[str, str]],
    overlay: gpd.GeoDataFrame | None = None,
    note: str = "",
    names: bool = True,
    underlay: gpd.GeoDataFrame | None = None,
) -> Figure:
    """Draw a static choropleth for reports: fills, names, parent borders, legend.

    Parameters
    ----------
    areas : geopandas.GeoDataFrame
        Areas (``area_name``, geometry) in a metric CRS.
    fills : sequence of str
        One hex colour per area, in ``areas`` order.
    title : str
        Figure title (indicator, year).
    legend : sequence of (colour, label)
        Legend entries; labels carry the rating symbols, so colour is not the
        only signal.
    overlay : geopandas.GeoDataFrame, optional
        Parent areas whose borders are drawn on top.
    note : str
        Source line at the bottom.
    names : bool
        Write the area names on the map (a quick preview of many areas leaves them out).
    underlay : geopandas.GeoDataFrame, optional
        Other areas drawn light grey beneath, unnamed (the city around one area).
    """
    fig, ax = plt.subplots(figsize=(8, 8), layout="constrained", dpi=150)
    if underlay is not None and len(underlay):
        underlay.to_crs(areas.crs).plot(ax=ax, color=OTHERS, edgecolor="white", linewidth=0.8)
    areas.plot(ax=ax, color=list(fills), edgecolor="white", linewidth=0.8)
    if overlay is not None and len(overlay):
        overlay.to_crs(areas.crs).boundary.plot(ax=ax, color="#222222", linewidth=1.6)
    labelled = areas if names else areas.iloc[0:0]
    for name, point in zip(
        labelled["area_name"], labelled.geometry.representative_point(), strict=True
    ):
        ax.annotate(
            plain_text(name),
            (point.x, point.y),
            ha="center",
            va="center",
            fontsize=7,
            color="#111111",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.6},
        )
    ax.set_axis_off()
    ax.set_title(plain_text(title), fontsize=11, loc="left")
    handles = [
        Patch(facecolor=colour, edgecolor="#666666", label=plain_text(label))
        for colour, label in legend
    ]
    ax.legend(handles=handles, loc="lower left", fontsize=8, frameon=True)
    if note:
        fig.text(0.01, 0.005, plain_text(note), fontsize=7, color="#555555")
    return fig


#: Fill of the area a report is about, and of the other areas of the city (greyscale-safe).
HIGHLIGHT, OTHERS = "#1f1f1f", "#e3e3e3"


def area_map_figure(
    areas: gpd.GeoDataFrame,
    area_id: str,
    *,
    title: str,
    labels: tuple[str, str],
    overlay: gpd.GeoDataFrame | None = None,
    note: str = "",
    names: bool = True,
) -> Figure:
    """Draw one area dark among the light areas of its city (:func:`map_figure`).

    Parameters
    ----------
    areas : geopandas.GeoDataFrame
        All areas of the level (``area_id``, ``area_name``, metric CRS).
    area_id : str
        The area drawn dark and named.
    title : str
    labels : (str, str)
        Legend words of the area and of the other areas.
    overlay : geopandas.GeoDataFrame, optional
        Parent areas whose borders are drawn on top.
    note : str
        Source line at the bottom.
    names : bool
        Name the other areas too (small grey labels).
    """
    chosen = (areas["area_id"].astype(str) == str(area_id)).to_numpy()
    fig = map_figure(
        areas[chosen],
        [HIGHLIGHT],
        title=title,
        legend=[(HIGHLIGHT, labels[0]), (OTHERS, labels[1])],
        overlay=overlay,
        note=note,
        underlay=areas[~chosen],
    )
    if names:
        others = areas[~chosen]
        for name, point in zip(
            others["area_name"], others.geometry.representative_point(), strict=True
        ):
            fig.axes[0].annotate(
                plain_text(name),
                (point.x, point.y),
                ha="center",
                va="center",
                fontsize=6,
                color="#444444",
            )
    return fig


def spine_figure(profile: pd.DataFrame, catalog: Catalog, *, palette: Palette, lang: str) -> Figure:
    """Draw the spine chart of one area for print: the page's :func:`charts.spine_frame`.

    Grey bar = range of all areas (0 = least, 1 = most favourable), black tick =
    city, dot in the rating's colour; the rating's symbol and word stand next to
    each dot, so the chart reads in greyscale.
    """
    frame = charts.spine_frame(profile, catalog, palette=palette, lang=lang)
    n = len(frame)
    height = 0.36 * n + 1.0
    fig, ax = plt.subplots(figsize=(8, height), dpi=150)
    # fixed margins instead of a layout engine: a report draws this for every area
    fig.subplots_adjust(left=0.4, right=0.86, top=1 - 0.15 / height, bottom=0.75 / height)
    ys = np.arange(n)
    ax.barh(ys, 1.0, left=0.0, height=0.45, color="#e6e6e6")
    ax.scatter(frame["city_pos"], ys, marker="|", s=260, linewidths=2.2, color="#222222", zorder=3)
    ax.scatter(
        frame["pos"],
        ys,
        s=80,
        c=list(frame["fill"]),
        edgecolors="#222222",
        linewidths=0.8,
        zorder=4,
    )
    for y, (pos, label) in enumerate(zip(frame["pos"], frame["rating"], strict=True)):
        if np.isfinite(pos):
            ax.annotate(
                plain_text(label),
                (1.02, y),
                xycoords=("axes fraction", "data"),
                va="center",
                fontsize=7,
            )
    ax.set_yticks(ys, [plain_text(_short(x, 48)) for x in frame["indicator"]], fontsize=7)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(-0.02, 1.02)
    ax.set_xticks([0, 0.5, 1], [number(v, lang, decimals=1) for v in (0, 0.5, 1)], fontsize=7)
    ax.set_xlabel(plain_text(t("col.spine", lang)), fontsize=7)
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.tick_params(axis="y", length=0)
    return fig


def _short(text: str, limit: int) -> str:
    """Return ``text`` cut to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def trend_figure(
    panels: Sequence[tuple[str, pd.DataFrame]], *, area_label: str, lang: str, columns: int = 3
) -> Figure:
    """Draw small multiples of indicators over time: the area (solid) and the city (dashed).

    Parameters
    ----------
    panels : sequence of (title, frame)
        One panel per indicator: its title (label and trend judgement) and the
        rows of :func:`indicators.profile.series` (``area_id``, ``period``,
        ``value``; the city's ``area_id`` is "city").
    area_label : str
        Legend word of the area's line.
    lang : {"de", "en"}
        Decimal comma on the value axes in German.
    columns : int
    """
    rows = max(1, -(-len(panels) // columns))
    height = 1.9 * rows + 0.5
    fig, axes = plt.subplots(rows, columns, figsize=(8, height), dpi=150, squeeze=False)
    fig.subplots_adjust(
        left=0.07, right=0.98, top=1 - 0.35 / height, bottom=0.5 / height, wspace=0.3, hspace=0.75
    )
    for ax, (title, frame) in zip(axes.flat, panels, strict=False):
        periods = list(dict.fromkeys(frame.sort_values("period_key")["period"].astype(str)))
        for is_city, style in (
            (False, {"color": "#1f1f1f", "ls": "-", "marker": "o"}),
            (True, {"color": "#777777", "ls": "--", "marker": None}),
        ):
            part = frame[(frame["area_id"] == "city") == is_city]
            x = [periods.index(str(p)) for p in part["period"]]
            ax.plot(x, part["value"].to_numpy(dtype=float), lw=1.4, ms=3, **style)
        ax.set_title(plain_text(title), fontsize=7, loc="left")
        # first and last period: enough to read the span, and no crowded labels
        ends = sorted({0, len(periods) - 1})
        ax.set_xticks(ends, [periods[k] for k in ends], fontsize=6)
        ax.tick_params(axis="y", labelsize=6)
        ax.yaxis.set_major_formatter(
            lambda v, _pos: number(v, lang, decimals=0 if abs(v) >= 100 else 1)
        )
        ax.spines[["top", "right"]].set_visible(False)
    for ax in list(axes.flat)[len(panels) :]:
        ax.set_axis_off()
    fig.legend(
        handles=[
            Line2D([], [], color="#1f1f1f", marker="o", ms=3, label=plain_text(area_label)),
            Line2D([], [], color="#777777", ls="--", label=plain_text(t("trends.city", lang))),
        ],
        loc="lower center",
        ncols=2,
        fontsize=7,
        frameon=False,
    )
    return fig


def save_figure(fig: Figure, path: str | Path) -> Path:
    """Save ``fig`` as PNG, PDF or SVG (by suffix) and close it."""
    path = Path(path)
    if path.suffix.lower() not in (".png", ".pdf", ".svg"):
        raise BildungsampelError("present.figure.suffix", name=path.name)
    fig.savefig(path, dpi=150)
    plt.close(fig)
    return path


def figure_bytes(fig: Figure, fmt: str) -> bytes:
    """Return ``fig`` as PNG, PDF or SVG bytes (at the figure's resolution) and close it."""
    import io

    if fmt not in ("png", "pdf", "svg"):
        raise BildungsampelError("present.figure.format", fmt=fmt)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi="figure")
    plt.close(fig)
    return buffer.getvalue()
