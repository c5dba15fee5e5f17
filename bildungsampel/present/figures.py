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
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, ListedColormap, Normalize, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from bildungsampel.present import heatmap as heat_colours
from bildungsampel.present.i18n import t
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
    """
    fig, ax = plt.subplots(figsize=(8, 8), layout="constrained", dpi=150)
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
