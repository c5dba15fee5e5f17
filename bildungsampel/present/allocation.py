"""What the allocation page and ``bildungsampel allocate`` show: table, file, map layer, chart.

Pure (no Streamlit): an :class:`indicators.allocation.Allocation` in, a download
table, its file (with the rule's text as the file's note and the data
version), the map frame coloured from the palette and the altair chart of the
difference to the even split out. Money is shown in euros with cents, posts
as whole numbers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Literal

import altair as alt
import geopandas as gpd
import numpy as np
import pandas as pd

from bildungsampel.present import analysis_messages as _messages  # noqa: F401 - registers them
from bildungsampel.present.export import Published, dataset_meta, write
from bildungsampel.present.heatmap import interpolate
from bildungsampel.present.i18n import number, t
from bildungsampel.present.palettes import Palette
from bildungsampel.present.sheets import Table
from geodata.markup import escape
from indicators.allocation import Allocation, Unit

Shown = Literal["per_capita", "difference"]
#: What the map can colour the areas by.
SHOWN: tuple[Shown, ...] = ("per_capita", "difference")
#: Number columns of the allocation frame in the unit of the budget.
_AMOUNTS = ("allocation", "even", "difference")


def scale(unit: Unit) -> tuple[float, int]:
    """Return (divisor, decimals) that turn units into what is shown: € from cents, posts."""
    return (100.0, 2) if unit == "cent" else (1.0, 0)


def per_head(unit: Unit) -> float:
    """Return the factor from units per head to what is shown: € per head, posts per 1,000."""
    return 0.01 if unit == "cent" else 1000.0


def unit_text(unit: Unit, lang: str) -> str:
    """Return the unit of the amounts ("€", "Stellen")."""
    return t(f"alloc.unit_short.{unit}", lang)


def table(result: Allocation, names: Mapping[str, str], lang: str) -> Table:
    """Return the allocation as a download table (translated headers, amounts in € or posts)."""
    rule = result.description.rule
    divisor, places = scale(rule.unit)
    frame = result.frame
    unit = unit_text(rule.unit, lang)
    col = {name: t(f"alloc.col.{name}", lang, unit=unit) for name in _AMOUNTS}
    for name in ("per_capita", "even_per_capita"):
        col[name] = t(f"alloc.col.{name}.{rule.unit}", lang)
    out: dict[str, object] = {
        t("col.area", lang): [names.get(a, a) for a in frame["area_id"]],
        t("col.area_id", lang): frame["area_id"].astype(str).to_numpy(),
        t("alloc.col.need", lang): frame["need"].to_numpy(dtype=float),
    }
    if rule.weights is not None:
        out[t("alloc.col.class", lang)] = [
            t(f"allocation.class.{g}", lang) if isinstance(g, str) else "" for g in frame["grade"]
        ]
    if rule.population is not None:
        out[t("alloc.col.population", lang)] = frame["population"].to_numpy(dtype=float)
    for name in _AMOUNTS:
        out[col[name]] = frame[name].to_numpy(dtype=float) / divisor
    if rule.population is not None:
        for name in ("per_capita", "even_per_capita"):
            out[col[name]] = frame[name].to_numpy(dtype=float) * per_head(rule.unit)
    decimals: dict[str, int] = {t("alloc.col.need", lang): 1, t("alloc.col.population", lang): 0}
    decimals.update({col[n]: places for n in _AMOUNTS})
    decimals.update({col[n]: 2 for n in ("per_capita", "even_per_capita")})
    return Table(pd.DataFrame(out), decimals)


def shown_table(result: Allocation, names: Mapping[str, str], lang: str) -> pd.DataFrame:
    """Return :func:`table` with every number as the page shows it (text in the UI language)."""
    spec = table(result, names, lang)
    out = spec.frame.copy()
    for column, places in spec.decimals.items():
        if column in out and isinstance(places, int):
            out[column] = [number(v, lang, decimals=places) for v in out[column]]
    return out


def saved_table(saved: Mapping[str, Any], lang: str) -> pd.DataFrame:
    """Return the rows of a saved allocation (``allocate --format json``) as the page shows them.

    Area, allocation, even split and difference, in € (to the cent) or posts.
    """
    unit = saved["unit"]
    divisor, places = scale(unit)
    words = unit_text(unit, lang)
    rows = saved["rows"]
    out: dict[str, list[str]] = {
        t("col.area", lang): [str(r.get("area_name") or r["area_id"]) for r in rows]
    }
    for name in _AMOUNTS:
        out[t(f"alloc.col.{name}", lang, unit=words)] = [
            number(None if r[name] is None else float(r[name]) / divisor, lang, decimals=places)
            for r in rows
        ]
    return pd.DataFrame(out)


def allocation_file(
    result: Allocation,
    data: Published,
    names: Mapping[str, str],
    *,
    fmt: str,
    lang: str,
    level: str,
) -> bytes:
    """Return the allocation as CSV or XLSX: the rule's text as the note, the data version."""
    rule = result.description.rule
    used = [q for q in (rule.need, rule.population) if q is not None]
    period = " · ".join(dict.fromkeys(q.period for q in used if q.period))
    meta = dataset_meta(data, [q.id for q in used], lang, level=level, period=period)
    note = result.description.text(lang) + " " + t("alloc.note", lang)
    meta = dataclasses.replace(meta, methods=(), note=note)
    return write(
        fmt, table(result, names, lang), lang=lang, meta=meta, sheet=t("alloc.sheet", lang)
    )


def amount_text(units: float, unit: Unit, lang: str) -> str:
    """Return an amount as shown ("1.234,56 €", "3 Stellen")."""
    divisor, places = scale(unit)
    return number(units / divisor, lang, decimals=places, unit=unit_text(unit, lang))


def _shown_values(result: Allocation, shown: Shown) -> tuple[np.ndarray, bool]:
    """Return the values the map colours by and whether they are signed (diverging)."""
    frame = result.frame
    if shown == "difference":
        return frame["difference"].to_numpy(dtype=float), True
    per_head = frame["per_capita"].to_numpy(dtype=float)
    if result.description.rule.population is None:
        per_head = frame["allocation"].to_numpy(dtype=float)
    return per_head, False


def fills(result: Allocation, shown: Shown, palette: Palette) -> tuple[list[str], float, float]:
    """Return each area's colour and the two ends of the scale (in units).

    Per capita: the neutral one-hue scale from the smallest to the largest;
    difference: the diverging scale, symmetric about 0 (white = as the even split).
    """
    values, signed = _shown_values(result, shown)
    finite = values[np.isfinite(values)]
    if signed:
        top = float(np.abs(finite).max()) if finite.size else 0.0
        low, high = -top, top
        stops: tuple[str, ...] = palette.diverging
    else:
        low = float(finite.min()) if finite.size else 0.0
        high = float(finite.max()) if finite.size else 0.0
        stops = palette.neutral_continuous
    span = high - low
    pos = (values - low) / span if span > 0 else np.where(np.isfinite(values), 0.5, np.nan)
    colours = interpolate(stops, pos)
    return [c or palette.missing for c in colours], low, high


def map_frame(
    display: gpd.GeoDataFrame,
    result: Allocation,
    *,
    shown: Shown,
    lang: str,
    palette: Palette,
) -> gpd.GeoDataFrame:
    """Return the areas for :func:`geodata.mapview.build_map`, coloured by ``shown``.

    Areas left out of the allocation are grey; every tooltip is escaped HTML.
    """
    rule = result.description.rule
    colours, _low, _high = fills(result, shown, palette)
    frame = result.frame.assign(fill=colours)
    merged = display[["area_id", "area_name", "geometry"]].merge(frame, on="area_id", how="left")
    tips = []
    for row in merged.to_dict("records"):
        lines = [f"<b>{escape(row['area_name'])}</b>"]
        if pd.isna(row["allocation"]):
            lines.append(escape(t("alloc.tip.excluded", lang)))
        else:
            for name in _AMOUNTS:
                text = amount_text(float(row[name]), rule.unit, lang)
                lines.append(f"{escape(t(f'alloc.tip.{name}', lang))}: {escape(text)}")
        tips.append("<br>".join(lines))
    fill = merged["fill"].astype(object)
    return gpd.GeoDataFrame(
        {
            "idx": np.arange(len(merged)),
            "area_id": merged["area_id"],
            "area_name": merged["area_name"],
            "fill": fill.where(fill.notna(), palette.missing).to_numpy(),
            "tooltip": tips,
        },
        geometry=merged.geometry.to_numpy(),
        crs=display.crs,
    )


def legend(result: Allocation, shown: Shown, palette: Palette, lang: str) -> list[tuple[str, str]]:
    """Return (colour, label) pairs: the scale's ends (and 0 for the difference), excluded grey."""
    unit = result.description.rule.unit
    _colours, low, high = fills(result, shown, palette)
    heads = shown == "per_capita" and result.description.rule.population is not None

    def label(units: float) -> str:
        if heads:
            shown_unit = t(f"alloc.per_head.{unit}", lang)
            return number(units * per_head(unit), lang, decimals=2, unit=shown_unit)
        return amount_text(units, unit, lang)

    if shown == "difference":
        items = [
            (palette.diverging[0], label(low)),
            (palette.diverging[1], t("alloc.legend.as_even", lang)),
            (palette.diverging[2], label(high)),
        ]
    else:
        items = [(palette.neutral_continuous[0], label(low))]
        items.append((palette.neutral_continuous[1], label(high)))
    return [*items, (palette.missing, t("alloc.legend.excluded", lang))]


def difference_chart(
    result: Allocation, names: Mapping[str, str], *, palette: Palette, lang: str
) -> alt.Chart:
    """Return bars of allocation minus even split per area, largest gain on top."""
    rule = result.description.rule
    divisor, places = scale(rule.unit)
    frame = pd.DataFrame(
        {
            "area": [names.get(a, a) for a in result.frame["area_id"]],
            "difference": result.frame["difference"].to_numpy(dtype=float) / divisor,
            "allocation": result.frame["allocation"].to_numpy(dtype=float) / divisor,
            "even": result.frame["even"].to_numpy(dtype=float) / divisor,
        }
    )
    frame["sign"] = np.sign(frame["difference"]).astype(int)
    order = frame.sort_values("difference", ascending=False)["area"].tolist()
    unit = unit_text(rule.unit, lang)
    fmt = f",.{places}f"
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("area:N", sort=order, title=None),
            x=alt.X("difference:Q", title=t("alloc.col.difference", lang, unit=unit)),
            color=alt.Color(
                "sign:O",
                scale=alt.Scale(domain=[-1, 0, 1], range=list(palette.diverging)),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("area:N", title=t("col.area", lang)),
                alt.Tooltip("allocation:Q", title=t("alloc.tip.allocation", lang), format=fmt),
                alt.Tooltip("even:Q", title=t("alloc.tip.even", lang), format=fmt),
                alt.Tooltip("difference:Q", title=t("alloc.tip.difference", lang), format=fmt),
            ],
        )
        .properties(height=max(160, 22 * len(frame)))
    )
    return chart
