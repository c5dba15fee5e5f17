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
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from indicators.catalog import Catalog
from indicators.heatmap import HeatmapData

#: red (unfavourable) → yellow → green (favourable), and a colour-blind-safe variant.
AMPEL_CMAP = LinearSegmentedColormap.from_list("ampel", ["#c0392b", "#f1c40f", "#27ae60"])
SAFE_CMAP = LinearSegmentedColormap.from_list("ampel_safe", ["#b2182b", "#f7f7f7", "#2166ac"])
#: Beyond this many areas the static heatmap is an overview without row labels.
MAX_LABELLED_ROWS = 120
_STRIP = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d"]


def heatmap_figure(
    data: HeatmapData,
    catalog: Catalog,
    *,
    names: Mapping[str, str] | None = None,
    parents: Mapping[str, str] | None = None,
    lang: str = "de",
    colourblind: bool = False,
    colours: tuple[str, str, str] | None = None,
) -> Figure:
    """Draw the heatmap: dendrograms on top and left, parent strip, 0..1 colours.

    Parameters
    ----------
    data : HeatmapData
    catalog : Catalog
    names : mapping, optional
        Area id → display name.
    parents : mapping, optional
        Area id → parent name, drawn as a colour strip.
    lang : {"de", "en"}
    colourblind : bool
        Use a red–blue diverging scale instead of red–yellow–green.
    colours : tuple of str, optional
        Unfavourable, middle and favourable colour (overrides ``colourblind``).
    """
    rows, cols = data.scaled.index.tolist(), data.scaled.columns.tolist()
    # one readable line per area up to MAX_LABELLED_ROWS; beyond, a fixed-height overview
    # (a 23,000-pixel image for 542 rows helps nobody and took 20 s to draw)
    labelled = len(rows) <= MAX_LABELLED_ROWS
    row_inch = 0.28 if labelled else 12.0 / len(rows)
    height = max(4.0, row_inch * len(rows) + 2.5)
    col_inch = 0.32  # room for a rotated 8-point label
    width = max(6.0, col_inch * len(cols) + 4.5)
    # print resolution for the labelled heatmap; the overview is for the screen
    fig = plt.figure(figsize=(width, height), layout="constrained", dpi=150 if labelled else 100)
    grid = fig.add_gridspec(
        2,
        4,
        width_ratios=[1.2, 0.25, col_inch * len(cols) + 1, 0.2],
        height_ratios=[1.2, row_inch * len(rows) + 1],
    )
    ax_top = fig.add_subplot(grid[0, 2])
    ax_left = fig.add_subplot(grid[1, 0])
    ax_strip = fig.add_subplot(grid[1, 1])
    ax = fig.add_subplot(grid[1, 2])
    ax_bar = fig.add_subplot(grid[1, 3])
    _draw_dendrogram(ax_top, data.col_dendrogram, rows=False)
    _draw_dendrogram(ax_left, data.row_dendrogram, rows=True)
    cmap = SAFE_CMAP if colourblind else AMPEL_CMAP
    if colours is not None:
        cmap = LinearSegmentedColormap.from_list("custom", list(colours))
    matrix = np.ma.masked_invalid(data.scaled.to_numpy(dtype=float))
    cmap = cmap.with_extremes(bad="#d0d0d0")
    image = ax.imshow(matrix, aspect="auto", cmap=cmap, vmin=0, vmax=1, interpolation="none")
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
            cmap=ListedColormap(_STRIP[: max(len(groups), 1)]),
        )
    ax_strip.set_axis_off()
    fig.colorbar(
        image,
        cax=ax_bar,
        label="0 = ungünstig … 1 = günstig"
        if lang == "de"
        else "0 = unfavourable … 1 = favourable",
    )
    note = (
        "* ohne Wertung: 1 = höchster Wert; grau = fehlender Wert"
        if lang == "de"
        else "* no judgement: 1 = highest value; grey = missing value"
    )
    fig.supxlabel(note, x=0.01, ha="left", fontsize=7)  # part of the layout: never overlaps
    return fig


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
    """
    fig, ax = plt.subplots(figsize=(8, 8), layout="constrained", dpi=150)
    areas.plot(ax=ax, color=list(fills), edgecolor="white", linewidth=0.8)
    if overlay is not None and len(overlay):
        overlay.to_crs(areas.crs).boundary.plot(ax=ax, color="#222222", linewidth=1.6)
    for name, point in zip(areas["area_name"], areas.geometry.representative_point(), strict=True):
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
        raise ValueError(f"{path.name}: output must end in .png, .pdf or .svg")
    fig.savefig(path, dpi=150)
    plt.close(fig)
    return path


def figure_bytes(fig: Figure, fmt: str) -> bytes:
    """Return ``fig`` as PNG, PDF or SVG bytes (at the figure's resolution) and close it."""
    import io

    if fmt not in ("png", "pdf", "svg"):
        raise ValueError(f"format must be png, pdf or svg, got {fmt!r}")
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi="figure")
    plt.close(fig)
    return buffer.getvalue()
