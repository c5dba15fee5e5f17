"""Status × dynamics for the page: the matrix as a table, a bivariate map and its legend.

Pure: takes :class:`indicators.status_dynamics.StatusDynamics` and returns
frames and escaped HTML. Status is shown as lightness (light = the most
favourable class), the change as hue (:func:`palettes.bivariate`), and every
cell also carries its class words, so the map reads in greyscale and without
colour vision.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

import geopandas as gpd
import numpy as np
import pandas as pd

from bildungsampel.present import palettes
from bildungsampel.present import status_messages as _messages  # noqa: F401 - registers them
from bildungsampel.present.export import Published, dataset_meta, write
from bildungsampel.present.i18n import t
from indicators.catalog import Indicator, Polarity
from indicators.status_dynamics import StatusDynamics


def _rank(cls: int, n: int, indicator: Indicator) -> int:
    """Return the position of class ``cls`` from the most favourable (0) to the least."""
    return n - 1 - cls if indicator.polarity is Polarity.HIGHER_IS_BETTER else cls


def _hues(n: int) -> tuple[str, ...]:
    """Return ``n`` hues from improving to worsening (the three of the legend, mixed between)."""
    if n == len(palettes.BIVARIATE_HUES):
        return palettes.BIVARIATE_HUES
    if n == 2:
        return palettes.BIVARIATE_HUES[0], palettes.BIVARIATE_HUES[2]
    first, middle, last = palettes.BIVARIATE_HUES
    steps = np.linspace(0, 2, n)
    return tuple(
        palettes.mix(first, middle, s) if s <= 1 else palettes.mix(middle, last, s - 1)
        for s in steps
    )


def colours(sd: StatusDynamics, status: Indicator, dynamics: Indicator) -> list[list[str]]:
    """Return the colour of every matrix cell, indexed like ``sd.counts`` (class numbers)."""
    n_s, n_d = sd.counts.shape
    grid = palettes.bivariate(n_s, _hues(n_d))
    return [
        [grid[_rank(i, n_s, status)][_rank(j, n_d, dynamics)] for j in range(n_d)]
        for i in range(n_s)
    ]


def matrix_table(sd: StatusDynamics, lang: str) -> pd.DataFrame:
    """Return the counts with a total row and column (status classes × dynamics classes)."""
    table = sd.counts.copy()
    table[t("sd.total", lang)] = table.sum(axis=1)
    total = table.sum(axis=0).to_frame().T
    total.index = pd.Index([t("sd.total", lang)])
    table = pd.concat([table, total])
    table.index.name = sd.counts.index.name
    return table.astype(int)


def _ink(fill: str) -> str:
    """Return black or white, whichever reads on ``fill`` (relative luminance above 0.35)."""
    r, g, b = (int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return "#000000" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.35 else "#ffffff"


def _cells(sd: StatusDynamics) -> dict[str, tuple[int, int]]:
    """Return area id → (status class, dynamics class) of every area rated on both."""
    a = sd.areas
    return {
        str(i): (int(s), int(d))
        for i, s, d in zip(a["area_id"], a["status"], a["dynamics"], strict=True)
    }


def legend_html(sd: StatusDynamics, status: Indicator, dynamics: Indicator, lang: str) -> str:
    """Return the bivariate legend: a grid of swatches with class words and area counts."""
    fills = colours(sd, status, dynamics)
    counts = sd.counts.to_numpy(dtype=int).tolist()
    head = "".join(
        f'<th style="padding:2px 6px;font-weight:normal">{escape(str(c))}</th>'
        for c in sd.counts.columns
    )
    rows = []
    for i, label in enumerate(sd.counts.index):
        cells = "".join(
            f'<td style="background:{escape(fills[i][j])};color:{_ink(fills[i][j])};'
            f'border:1px solid #666;text-align:center;min-width:3em;padding:2px 6px">'
            f"{counts[i][j]}</td>"
            for j in range(len(counts[i]))
        )
        rows.append(f'<tr><th style="text-align:right;padding:2px 6px">{escape(str(label))}</th>'
                    f"{cells}</tr>")  # fmt: skip
    caption = t("sd.legend", lang, status=status.label(lang), dynamics=dynamics.label(lang))
    return (
        f'<table style="border-collapse:collapse;font-size:0.9em">'
        f'<caption style="caption-side:top;text-align:left">{escape(caption)}</caption>'
        f"<tr><th></th>{head}</tr>{''.join(rows)}</table>"
    )


def map_frame(
    display: gpd.GeoDataFrame,
    sd: StatusDynamics,
    status: Indicator,
    dynamics: Indicator,
    *,
    lang: str,
) -> gpd.GeoDataFrame:
    """Return the display areas coloured by their status × dynamics cell.

    Returns
    -------
    geopandas.GeoDataFrame
        ``idx``, ``area_id``, ``area_name``, ``fill``, ``tooltip`` (escaped
        HTML: name, both classes, "low status, worsening" where it applies) and
        geometry, as :func:`geodata.mapview.build_map` takes them. Areas not
        rated on both indices are grey.
    """
    fills = colours(sd, status, dynamics)
    s_words, d_words = list(sd.counts.index), list(sd.counts.columns)
    by_area = _cells(sd)
    low = set(sd.low_worsening)
    fill, tips = [], []
    for area_id, name in zip(display["area_id"], display["area_name"], strict=True):
        lines = [f"<b>{escape(str(name))}</b>"]
        if area_id in by_area:
            i, j = by_area[area_id]
            fill.append(fills[i][j])
            lines += [
                f"{escape(status.label(lang))}: {escape(str(s_words[i]))}",
                f"{escape(dynamics.label(lang))}: {escape(str(d_words[j]))}",
            ]
            if area_id in low:
                lines.append(f"<b>{escape(t('sd.low_worsening_one', lang))}</b>")
        else:
            fill.append(palettes.PALETTES[palettes.DEFAULT].missing)
            lines.append(escape(t("sd.not_rated", lang)))
        tips.append("<br>".join(lines))
    return gpd.GeoDataFrame(
        {
            "idx": np.arange(len(display)),
            "area_id": display["area_id"].to_numpy(),
            "area_name": display["area_name"].to_numpy(),
            "fill": fill,
            "tooltip": tips,
        },
        geometry=display.geometry.to_numpy(),
        crs=display.crs,
    )


def low_worsening_table(
    sd: StatusDynamics, names: Mapping[str, str], status: Indicator, dynamics: Indicator,
    lang: str,
) -> pd.DataFrame:  # fmt: skip
    """Return the areas of low status getting worse: name, status class, dynamics class."""
    by_area = _cells(sd)
    rows = [
        {
            t("col.area", lang): names.get(a, a),
            status.label(lang): sd.counts.index[by_area[a][0]],
            dynamics.label(lang): sd.counts.columns[by_area[a][1]],
        }
        for a in sd.low_worsening
    ]
    return pd.DataFrame(rows, columns=[t("col.area", lang), status.label(lang),
                                       dynamics.label(lang)])  # fmt: skip


def areas_table(
    sd: StatusDynamics, names: Mapping[str, str], status: Indicator, dynamics: Indicator,
    lang: str,
) -> pd.DataFrame:  # fmt: skip
    """Return every area rated on both: name, id, both classes, and the attention flag."""
    low = set(sd.low_worsening)
    rows = [
        {
            t("col.area", lang): names.get(a, a),
            t("col.area_id", lang): a,
            status.label(lang): sd.counts.index[i],
            dynamics.label(lang): sd.counts.columns[j],
            t("sd.low_worsening", lang): t("sd.yes" if a in low else "sd.no", lang),
        }
        for a, (i, j) in _cells(sd).items()
    ]
    return pd.DataFrame(rows)


def status_file(
    sd: StatusDynamics, names: Mapping[str, str], status: Indicator, dynamics: Indicator,
    data: Published, *, fmt: str, lang: str, level: str,
) -> bytes:  # fmt: skip
    """Return the areas with both classes as CSV or XLSX, with the indices' metadata."""
    meta = dataset_meta(data, [status.id, dynamics.id], lang, level=level)
    table = areas_table(sd, names, status, dynamics, lang)
    return write(fmt, table, lang=lang, meta=meta, sheet=t("sd.title", lang)[:31])
