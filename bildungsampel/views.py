"""Display frames for the dashboard: translated, formatted and escaped.

No streamlit here: every function takes frames from the pipeline and returns
frames (or bytes) that a page hands to a Streamlit element, so they are unit
tested without a server.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from bildungsampel import pipeline
from bildungsampel.i18n import domain_label, number, t
from bildungsampel.palettes import SYMBOLS, Palette
from geodata.markup import escape
from indicators import importer, profile
from indicators.catalog import Catalog, Indicator, Kind, Polarity
from indicators.periods import period_end_year

#: Characters that make a spreadsheet treat a cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~$:&])")


def md(text: object) -> str:
    """Return ``text`` with Markdown and HTML specials backslash-escaped (for st.markdown)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def decimals(indicator: Indicator) -> int:
    """Return the decimals shown for an indicator (0 for counts, else 1)."""
    return 0 if indicator.kind is Kind.COUNT else 1


def rating_label(rating: str, grade: str, lang: str) -> str:
    """Return the symbol and word of a rating, e.g. "▼ ungünstig"."""
    if rating == "neutral":
        return f"{SYMBOLS['neutral']} {t(f'grade.{grade}', lang)}"
    return f"{SYMBOLS.get(rating, '–')} {t(f'rating.{rating}', lang)}"


def trend_label(trend: str, lang: str) -> str:
    """Return the arrow and word of a trend, e.g. "↘ verschlechtert sich"."""
    arrow = {"improving": "↗", "stable": "→", "worsening": "↘"}.get(trend, "·")
    return f"{arrow} {t(f'trend.{trend}', lang)}"


def interval_text(row: Mapping[str, Any], indicator: Indicator, lang: str) -> str:
    """Return "12,3–18,4" for a row with an interval, else ""."""
    if not (np.isfinite(row["ci_low"]) and np.isfinite(row["ci_high"])):
        return ""
    places = decimals(indicator)
    return (
        f"{number(row['ci_low'], lang, decimals=places)}–"
        f"{number(row['ci_high'], lang, decimals=places)}"
    )


def tooltip_html(row: Mapping[str, Any], indicator: Indicator, lang: str) -> str:
    """Return the escaped tooltip of one rated area (name, value, city, interval, rating)."""
    places = decimals(indicator)
    value = number(row["value"], lang, decimals=places, unit=indicator.unit)
    city = number(row["city_value"], lang, decimals=places, unit=indicator.unit)
    lines = [
        f"<b>{escape(row['area_name'])}</b>",
        f"{escape(indicator.label(lang))}: {escape(value)}",
        f"{escape(t('tip.city', lang))}: {escape(city)}",
    ]
    ci = interval_text(row, indicator, lang)
    if ci:
        lines.append(f"{escape(t('tip.interval', lang))} 95 %: {escape(ci)}")
    lines.append(f"<b>{escape(rating_label(row['rating'], row['grade'], lang))}</b>")
    lines.append(f"{escape(t('tip.trend', lang))}: {escape(trend_label(row['trend'], lang))}")
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
    merged["rating"] = merged["rating"].fillna("grey")
    merged["grade"] = merged["grade"].fillna("not_rated")
    merged["trend"] = merged["trend"].fillna("none")
    merged["reason"] = merged["reason"].fillna(t("rating.grey", lang))
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
    """Return (colour, label) pairs of the map legend for one indicator."""
    if indicator.polarity is Polarity.NO_JUDGEMENT:
        grades = ["much_lower", "lower", "similar", "higher", "much_higher", "not_rated"]
        return [
            (palette.neutral[g], f"{SYMBOLS['neutral']} {t(f'grade.{g}', lang)}") for g in grades
        ]
    return [
        (palette.rating[r], rating_label(r, "", lang)) for r in ("green", "yellow", "red", "grey")
    ]


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


def ratings_table(
    rows: pd.DataFrame,
    catalog: Catalog,
    lang: str,
    *,
    first: str = "area",
    with_year: bool = False,
) -> pd.DataFrame:
    """Return rated rows as a translated display table with formatted numbers.

    Parameters
    ----------
    rows : pandas.DataFrame
        Pipeline output rows.
    catalog : Catalog
    lang : {"de", "en"}
    first : {"area", "indicator"}
        Which column leads: the area name (one indicator, many areas) or the
        indicator label (one area, many indicators).
    """
    inds = [catalog[i] for i in rows["indicator"]]
    table = pd.DataFrame(
        {
            t("col.area", lang): rows["area_name"].astype(str).to_numpy(),
            t("col.indicator", lang): [i.label(lang) for i in inds],
            t("col.value", lang): [
                number(v, lang, decimals=decimals(i), unit=i.unit)
                for v, i in zip(rows["value"], inds, strict=True)
            ],
            t("col.city", lang): [
                number(v, lang, decimals=decimals(i), unit=i.unit)
                for v, i in zip(rows["city_value"], inds, strict=True)
            ],
            t("col.interval", lang): [
                interval_text(r, i, lang)
                for r, i in zip(rows.to_dict("records"), inds, strict=True)
            ],
            t("col.rating", lang): [
                rating_label(r, g, lang) for r, g in zip(rows["rating"], rows["grade"], strict=True)
            ],
            t("col.trend", lang): [trend_label(x, lang) for x in rows["trend"]],
            t("col.reason", lang): rows["reason"].astype(str).to_numpy(),
        }
    )
    drop = t("col.indicator", lang) if first == "area" else t("col.area", lang)
    table = table.drop(columns=drop)
    if with_year:
        table.insert(1, t("col.year", lang), rows["year"].astype(str).to_numpy())
    return table


def counts_table(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return :func:`indicators.profile.domain_counts` with translated labels."""
    out = counts.rename(
        index=lambda d: domain_label(str(d), lang),
        columns=lambda r: (
            rating_label(str(r), "similar", lang)
            if r != "neutral"
            else f"{SYMBOLS['neutral']} {t('rating.neutral', lang)}"
        ),
    )
    out.index.name = t("col.domain", lang)
    return out.reset_index()


def catalog_table(catalog: Catalog, lang: str) -> pd.DataFrame:
    """Return the indicator catalogue as a translated table."""
    return pd.DataFrame(
        [
            {
                t("col.indicator", lang): ind.label(lang),
                t("col.domain", lang): domain_label(ind.domain, lang),
                t("col.unit", lang): ind.unit,
                t("col.polarity", lang): t(f"polarity.{ind.polarity.value}", lang),
                t("method", lang): t(f"method.{ind.rule.method}", lang)
                if ind.rule.method
                else t("method.catalog", lang),
                t("col.source", lang): ind.source,
                t("col.description", lang): ind.description,
            }
            for ind in catalog.values()
        ]
    )


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells and headers that a spreadsheet would run as formulas with ``'``."""

    def safe(value: object) -> object:
        if isinstance(value, str) and value.startswith(_FORMULA_START):
            return "'" + value
        return value

    out = frame.copy()
    out.columns = [safe(str(c)) for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(safe)
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Return a download CSV: UTF-8 with BOM (Excel), ``;``, CRLF, formulas neutralised."""
    return (
        neutralise_formulas(frame)
        .to_csv(index=False, sep=";", lineterminator="\r\n")
        .encode("utf-8-sig")
    )


def xlsx_bytes(frame: pd.DataFrame, *, sheet: str = "Bildungsampel") -> bytes:
    """Return a download XLSX with formulas neutralised."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralise_formulas(frame).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


def export_rows(rows: pd.DataFrame, catalog: Catalog, lang: str) -> pd.DataFrame:
    """Return rated rows for download: raw numbers, translated headers, text ratings."""
    inds = [catalog[i] for i in rows["indicator"]]
    return pd.DataFrame(
        {
            t("col.area", lang): rows["area_name"].astype(str).to_numpy(),
            "area_id": rows["area_id"].to_numpy(),
            t("col.indicator", lang): [i.label(lang) for i in inds],
            t("col.year", lang): rows["year"].to_numpy(),
            t("col.value", lang): rows["value"].to_numpy(),
            t("col.unit", lang): [i.unit for i in inds],
            t("col.city", lang): rows["city_value"].to_numpy(),
            "ci_low": rows["ci_low"].to_numpy(),
            "ci_high": rows["ci_high"].to_numpy(),
            t("col.rating", lang): [
                rating_label(r, g, lang) for r, g in zip(rows["rating"], rows["grade"], strict=True)
            ],
            t("col.trend", lang): [t(f"trend.{x}", lang) for x in rows["trend"]],
            t("col.reason", lang): rows["reason"].to_numpy(),
        }
    )


def comparison_table(
    rows: pd.DataFrame, catalog: Catalog, names: Mapping[str, str], lang: str
) -> pd.DataFrame:
    """Return indicators × areas: "value symbol (± difference to city)", plus the city value."""
    records = []
    for ind_id in catalog:
        part = rows[rows["indicator"] == ind_id]
        if part.empty:
            continue
        ind = catalog[ind_id]
        places = decimals(ind)
        record = {
            t("col.indicator", lang): ind.label(lang),
            t("col.year", lang): str(part["year"].iloc[0]),
        }
        for _, row in part.iterrows():
            value = number(row["value"], lang, decimals=places, unit=ind.unit)
            diff = number(row["diff"], lang, decimals=places)
            sign = "+" if np.isfinite(row["diff"]) and row["diff"] > 0 else ""
            symbol = rating_label(row["rating"], row["grade"], lang).split(" ")[0]
            cell = f"{symbol} {value}"
            if np.isfinite(row["diff"]):
                cell += f" ({sign}{diff})"
            record[names.get(row["area_id"], row["area_id"])] = cell
        record[t("col.city", lang)] = number(
            part["city_value"].iloc[0], lang, decimals=places, unit=ind.unit
        )
        records.append(record)
    return pd.DataFrame.from_records(records)


def year_list(obs: pd.DataFrame, indicator: str | None = None) -> list[str]:
    """Return the years of the observations (of one indicator), newest first.

    A school year counts as the year it ends in ("2022/23" → "2023"), as the
    year picker selects both with "2023".
    """
    part = obs if indicator is None else obs[obs["indicator"] == indicator]
    years = {period_end_year(str(p)) for p in pd.unique(part["period"])}
    return [str(y) for y in sorted(years, reverse=True)]


def year_span(years: list[str]) -> str:
    """Return "2016–2023" for years newest first ("2023" for one, "–" for none)."""
    if not years:
        return "–"
    return years[0] if len(years) == 1 else f"{years[-1]}–{years[0]}"


def year_choice_label(choice: str, lang: str, *, latest: str | None = None) -> str:
    """Return the label of a year picker option.

    ``"latest"`` reads "neueste je Indikator" (every indicator in its own
    latest period) or, for one indicator whose latest period ends in
    ``latest``, "neuestes (2024)"; a year is shown as it is.
    """
    if choice != "latest":
        return choice
    if latest is None:
        return t("w.year.latest", lang)
    return t("w.year.latest_one", lang, year=latest)


def stand_text(
    results: pd.DataFrame, catalog: Catalog, lang: str, *, year: str | None = None
) -> str:
    """Say which periods a table of ratings shows (plain text, escape for Markdown).

    Parameters
    ----------
    results : pandas.DataFrame
        Pipeline output (``indicator``, ``year``) of one level.
    catalog : Catalog
    lang : {"de", "en"}
    year : str, optional
        The year chosen (None: each indicator's latest period).

    Returns
    -------
    str
        E.g. "Stand: jeweils neuestes Jahr je Indikator (2023; Übergang aufs
        Gymnasium: 2023/24)" or "Stand: 2022", followed by the indicators
        without a value in this choice.
    """
    usual, others = profile.period_summary(results)
    if year is not None:
        text = t("stand.year", lang, year=year)
    elif usual is None:
        text = t("stand.none", lang)
    else:
        shown = [f"{catalog[i].label(lang)}: {p}" for i, p in others.items()][:_LISTED]
        if len(others) > _LISTED:
            shown.append(t("stand.more", lang, n=len(others) - _LISTED))
        detail = "; ".join([str(usual), *shown])
        text = t("stand.latest", lang, detail=detail)
    missing = profile.unrated_indicators(results, catalog)
    if missing and usual is not None:
        names = [catalog[i].label(lang) for i in missing][:_LISTED]
        if len(missing) > _LISTED:
            names.append(t("stand.more", lang, n=len(missing) - _LISTED))
        text += " · " + t("stand.missing", lang, names=", ".join(names))
    return text


#: How many indicators a "Stand" note names before it says "and n more".
_LISTED = 3


def series_export(series: pd.DataFrame, names: Mapping[str, str], lang: str) -> pd.DataFrame:
    """Return a trend series for download (area name, period, value)."""
    return pd.DataFrame(
        {
            t("col.area", lang): [
                t("trends.city", lang) if a == "city" else names.get(a, a)
                for a in series["area_id"]
            ],
            t("col.year", lang): series["period"].to_numpy(),
            t("col.value", lang): series["value"].to_numpy(),
        }
    )


def heatmap_export(cells: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return the heatmap cells for download (raw value, 0..1 value, rating), display order."""
    return pd.DataFrame(
        {
            t("col.area", lang): cells["area"].to_numpy(),
            "area_id": cells["area_id"].to_numpy(),
            t("col.indicator", lang): cells["indicator"].to_numpy(),
            t("col.year", lang): cells["period"].to_numpy(),
            t("col.value", lang): cells["raw"].to_numpy(),
            t("hm.scaled", lang): cells["scaled"].round(4).to_numpy(),
            t("col.rating", lang): cells["rating_label"].to_numpy(),
        }
    )


def names_of(areas: pd.DataFrame) -> Mapping[str, str]:
    """Return area id → name."""
    return dict(zip(areas["area_id"], areas["area_name"].astype(str), strict=True))


def new_indicator_entries(forms: Mapping[str, Mapping[str, object]]) -> list[dict[str, object]]:
    """Return catalogue entries from the analyst's forms (incomplete forms are skipped)."""
    required = ("label_de", "domain", "polarity", "kind")
    out = []
    for ind_id, values in forms.items():
        if all(values.get(k) for k in required):
            entry: dict[str, object] = {"id": ind_id, **{k: v for k, v in values.items() if v}}
            entry.setdefault("label_en", entry["label_de"])
            out.append(entry)
    return out


def preview_tables(
    before: pipeline.Dataset, after: pipeline.Dataset, prepared: importer.Prepared, lang: str
) -> dict[str, Any]:
    """Return the published and the previewed ratings of the uploaded indicators.

    Both tables show the uploaded indicators' latest year; ``changed`` counts
    area × indicator rows whose value or rating differs.
    """
    inds = sorted(set(prepared.observations["indicator"]))
    rated_before = pipeline.rate(before, lang=lang)
    rated_after = pipeline.rate(after, lang=lang)
    rb = rated_before[rated_before["indicator"].isin(inds)]
    ra = rated_after[rated_after["indicator"].isin(inds)]
    changed = pipeline.changes(rb, ra)

    def table(rows: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
        out = ratings_table(rows, catalog, lang)
        out.insert(1, t("col.indicator", lang), [catalog[i].label(lang) for i in rows["indicator"]])
        out.insert(2, t("col.year", lang), rows["year"].to_numpy())
        return out.drop(columns=[t("col.reason", lang), t("col.interval", lang)])

    return {
        "before": table(rb, before.catalog),
        "after": table(ra, after.catalog),
        "changed": len(changed),
    }


def preview_maps(
    before: pipeline.Dataset,
    after: pipeline.Dataset,
    indicator: str,
    *,
    lang: str,
    palette: Palette,
) -> tuple[bytes, bytes]:
    """Return PNG maps of one indicator before and after an upload (its latest year)."""
    from bildungsampel import render
    from geodata import display

    images = []
    for data in (before, after):
        rated = pipeline.rate(data, lang=lang)
        rows = rated[rated["indicator"] == indicator]
        if indicator not in data.catalog:
            rows = rated.iloc[0:0]
        ind = after.catalog[indicator]
        frame = map_frame(
            display.simplify_coverage(data.areas()), rows, ind, lang=lang, palette=palette
        )
        period = rows["year"].iloc[0] if len(rows) else ""
        fig = render.map_figure(
            frame.to_crs(data.areas().crs),
            frame["fill"].tolist(),
            title=f"{ind.label(lang)} {period}".strip(),
            legend=legend(ind, palette, lang),
        )
        images.append(render.figure_bytes(fig, "png"))
    return images[0], images[1]
