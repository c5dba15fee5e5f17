"""The committee report: a pure builder of sections, rendered to PDF by :mod:`.report_pdf`.

A report is a :class:`Report` holding :class:`Section` objects; a section is a
title and blocks (:class:`Paragraph`, :class:`TableBlock`, :class:`FigureBlock`).
The sections are made by *section builders*, small functions of an
:class:`AreaContext` (or :class:`CityContext`) listed in :data:`AREA_SECTIONS`,
:data:`CLOSING_SECTIONS` and :data:`CITY_SECTIONS`: a new section (a composite
index class, a needs-based allocation) is one function appended to a list.

Everything shown comes from the functions behind the dashboard's pages: the
Ampel table is :func:`views.ratings_table` (the profile page's), the sources
:func:`views.catalog_table` (the Methodik page's), the data version
:func:`export.dataset_meta` (every download's), the spine chart
:func:`charts.spine_frame` (the profile page's), the heatmap
:func:`figures.heatmap_figure` (the heatmap page's image download).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

import geopandas as gpd
import pandas as pd
from matplotlib.figure import Figure

from bildungsampel.present import allocation as alloc_view
from bildungsampel.present import export, figures, views
from bildungsampel.present import report_messages as _messages  # noqa: F401 - registers them
from bildungsampel.present.i18n import level_label, t
from bildungsampel.present.palettes import DEFAULT, PALETTES, SYMBOLS, Palette
from bildungsampel.present.report_parts import (
    Block,
    FigureBlock,
    Paragraph,
    Report,
    Section,
    TableBlock,
)
from bildungsampel.present.sheets import ExportMeta, format_time
from geodata.hierarchy import Levels
from indicators import heatmap, profile
from indicators.errors import BildungsampelError
from indicators.results import RATINGS


class Reported(export.Published, Protocol):
    """What a report reads of the dataset (``service.dataset.Dataset`` is one)."""

    @property
    def levels(self) -> Levels:
        """Return the area levels."""

    def areas(self, level: str | None = None) -> gpd.GeoDataFrame:
        """Return the areas of ``level`` in a metric CRS."""

    def display_names(self, level: str | None = None) -> dict[str, str]:
        """Return area id → name to show."""

    def obs(self, level: str | None = None) -> pd.DataFrame:
        """Return the completed observations of ``level``."""

    def parent_level(self, level: str | None = None) -> str | None:
        """Return the level above ``level`` when it has areas."""

    def city_series(self) -> pd.DataFrame:
        """Return the city values of every indicator and period as observations."""


@dataclass(frozen=True)
class AreaContext:
    """What the section builders of one area read."""

    data: Reported
    rated: pd.DataFrame
    rows: pd.DataFrame
    area_id: str
    name: str
    level: str
    lang: str
    palette: Palette
    meta: ExportMeta
    settings: views.RatingSettings | None = None
    year: str | None = None


@dataclass(frozen=True)
class CityContext:
    """What the section builders of the whole city read."""

    data: Reported
    rated: pd.DataFrame
    level: str
    lang: str
    palette: Palette
    year: str | None = None
    #: A saved allocation (``bildungsampel allocate --format json``) and its file name.
    allocation: Mapping[str, Any] | None = None
    allocation_name: str = ""


SectionBuilder = Callable[[AreaContext], Section | None]
CitySectionBuilder = Callable[[CityContext], Section | None]


# ---------------------------------------------------------------- area sections


def overview_section(ctx: AreaContext) -> Section:
    """Return name, period, rating counts, chance-finding note and the area's map."""
    counts = ctx.rows["rating"].value_counts()
    blocks: list[Block] = [
        Paragraph(views.stand_text(ctx.rows, ctx.data.catalog, ctx.lang, year=ctx.year)),
        Paragraph(t("profile.summary", ctx.lang, **{r: int(counts.get(r, 0)) for r in _RATINGS})),
    ]
    note = views.multiple_testing_note(ctx.rows, ctx.lang)
    if note:
        blocks.append(Paragraph(note, "note"))
    blocks.append(FigureBlock(lambda: _area_map(ctx), t("report.map", ctx.lang), max_height=0.55))
    return Section("overview", ctx.name, tuple(blocks), new_page=True)


_RATINGS = ("green", "yellow", "red", "grey")


def _area_map(ctx: AreaContext) -> Figure:
    parent = ctx.data.parent_level(ctx.level)
    city = ctx.data.city_name or "–"
    return figures.area_map_figure(
        ctx.data.areas(ctx.level),
        ctx.area_id,
        title=t("report.map_title", ctx.lang, name=ctx.name, city=city),
        labels=(ctx.name, t("report.map_others", ctx.lang)),
        overlay=ctx.data.areas(parent) if parent is not None else None,
        names=len(ctx.data.areas(ctx.level)) <= _NAMED_AREAS,
    )


#: Beyond this many areas the map of one area names only that area.
_NAMED_AREAS = 40


def ratings_section(ctx: AreaContext) -> Section:
    """Return the profile page's Ampel table with reasons, the rating's colour beside its symbol."""
    table = views.ratings_table(
        ctx.rows, ctx.data.catalog, ctx.lang, first="indicator", with_year=True
    )
    widths = {
        t("col.indicator", ctx.lang): 2.0,
        t("col.year", ctx.lang): 0.8,
        t("col.value", ctx.lang): 0.9,
        t("col.city", ctx.lang): 0.9,
        t("col.interval", ctx.lang): 1.3,
        t("col.limits", ctx.lang): 1.4,
        t("col.rating", ctx.lang): 1.2,
        t("col.trend", ctx.lang): 1.4,
        t("col.reason", ctx.lang): 3.4,
    }
    marks = tuple(
        ctx.palette.fill(r, g) for r, g in zip(ctx.rows["rating"], ctx.rows["grade"], strict=True)
    )
    return Section(
        "ratings",
        t("report.table", ctx.lang),
        (
            Paragraph(t("report.table_help", ctx.lang), "note"),
            TableBlock(
                table,
                tuple(widths.get(str(c), 1.0) for c in table.columns),
                marks=marks,
                marked=t("col.rating", ctx.lang),
                detail=t("col.reason", ctx.lang),
            ),
        ),
    )


def spine_section(ctx: AreaContext) -> Section:
    """Return the profile page's spine chart, drawn for print."""
    return Section(
        "spine",
        t("report.spine", ctx.lang),
        (
            Paragraph(t("report.spine_help", ctx.lang, name=ctx.name), "note"),
            FigureBlock(
                lambda: figures.spine_figure(
                    ctx.rows, ctx.data.catalog, palette=ctx.palette, lang=ctx.lang
                )
            ),
        ),
    )


def trends_section(ctx: AreaContext) -> Section:
    """Return each indicator over time for the area and the city, with its trend judgement."""
    panels = trend_panels(ctx)
    if not panels:
        return Section(
            "trends", t("report.trends", ctx.lang), (Paragraph(t("report.no_trends", ctx.lang)),)
        )
    return Section(
        "trends",
        t("report.trends", ctx.lang),
        (
            Paragraph(t("report.trends_help", ctx.lang, name=ctx.name), "note"),
            FigureBlock(lambda: figures.trend_figure(panels, area_label=ctx.name, lang=ctx.lang)),
        ),
    )


def trend_panels(ctx: AreaContext) -> list[tuple[str, pd.DataFrame]]:
    """Return (title, series) of every indicator of the area with two periods or more."""
    obs, city = ctx.data.obs(ctx.level), ctx.data.city_series()
    panels = []
    for row in ctx.rows.to_dict("records"):
        series = profile.series(obs, city, str(row["indicator"]), [ctx.area_id])
        if series[series["area_id"] == ctx.area_id]["period"].nunique() < 2:
            continue
        if row.get("city_value_kind") == "sum":
            # a count's city value is the city's sum: no line to compare an area with
            series = series[series["area_id"] != "city"]
        label = _short(ctx.data.catalog[str(row["indicator"])].label(ctx.lang), 46)
        trend = views.trend_label(str(row["trend"]), ctx.lang, row.get("trend_direction"))
        panels.append((f"{label}\n{trend}", series))
    return panels


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sources_section(ctx: AreaContext) -> Section:
    """Return indicator, source and rating method: the Methodik page's catalogue table, cut down."""
    shown = {ctx.data.catalog[str(i)].label(ctx.lang) for i in ctx.rows["indicator"]}
    table = views.catalog_table(ctx.data.catalog, ctx.lang)
    key = t("col.indicator", ctx.lang)
    columns = [key, t("col.unit", ctx.lang), t("method", ctx.lang), t("col.source", ctx.lang)]
    table = table[table[key].isin(shown)][columns].reset_index(drop=True)
    return Section(
        "sources", t("report.sources", ctx.lang), (TableBlock(table, (2.4, 0.7, 1.6, 3.0)),)
    )


def methods_section(ctx: AreaContext) -> Section:
    """Return the method in brief and this installation's rating settings."""
    blocks: list[Block] = [Paragraph(t("report.methods_text", ctx.lang))]
    if ctx.settings is not None:
        blocks.append(Paragraph(views.policy_text(ctx.settings, ctx.lang)))
    return Section("methods", t("report.methods", ctx.lang), tuple(blocks))


def version_section(ctx: AreaContext) -> Section:
    """Return the metadata block of every download: city, level, period, version, dates."""
    frame = pd.DataFrame(
        ctx.meta.lines(ctx.lang), columns=[t("meta.field", ctx.lang), t("meta.value", ctx.lang)]
    )
    return Section("version", t("report.version", ctx.lang), (TableBlock(frame, (1.2, 4.0)),))


#: The sections of every area, in order (append a builder for a new one).
AREA_SECTIONS: list[SectionBuilder] = [
    overview_section,
    ratings_section,
    spine_section,
    trends_section,
]
#: The sections closing a report, once (sources, method, data version).
CLOSING_SECTIONS: list[SectionBuilder] = [sources_section, methods_section, version_section]


# ---------------------------------------------------------------- city sections


def heatmap_section(ctx: CityContext) -> Section | None:
    """Return the heatmap page's static image of all areas (None when nothing can be drawn)."""
    matrix = heatmap.heatmap_matrix(
        ctx.data.obs(ctx.level),
        ctx.data.catalog,
        year=ctx.year,
        exclude=heatmap.not_rated(ctx.rated),
    )
    if matrix.scaled.empty:
        return None
    names = ctx.data.display_names(ctx.level)
    return Section(
        "heatmap",
        t("report.heatmap", ctx.lang),
        (
            Paragraph(t("report.heatmap_help", ctx.lang), "note"),
            FigureBlock(
                lambda: figures.heatmap_figure(
                    matrix, ctx.data.catalog, names=names, lang=ctx.lang, palette=ctx.palette
                )
            ),
        ),
    )


def contents_section(ctx: CityContext) -> Section:
    """Return the areas of the report with their rating counts (a table of contents)."""
    names = ctx.data.display_names(ctx.level)
    counts = pd.crosstab(ctx.rated["area_id"].astype(object), ctx.rated["rating"].astype(object))
    head = t("col.area", ctx.lang)
    frame = pd.DataFrame(
        {
            head: [names.get(a, a) for a in counts.index],
            **{
                _rating_head(r, ctx.lang): [int(counts.loc[a].get(r, 0)) for a in counts.index]
                for r in RATINGS
            },
        }
    ).sort_values(head, key=lambda s: s.str.casefold())
    return Section(
        "contents",
        t("report.contents", ctx.lang),
        (TableBlock(frame.reset_index(drop=True), (3.0, *(1.0,) * len(RATINGS))),),
    )


def allocation_section(ctx: CityContext) -> Section | None:
    """Return the needs-based allocation with its rule (None when the report has none)."""
    if ctx.allocation is None:
        return None
    frame = alloc_view.saved_table(ctx.allocation, ctx.lang)
    help_text = t(
        "report.allocation_help", ctx.lang, name=ctx.allocation_name,
        version=ctx.allocation.get("version") or "–",
    )  # fmt: skip
    return Section(
        "allocation",
        t("report.allocation", ctx.lang),
        (
            Paragraph(str(ctx.allocation["rule"])),
            Paragraph(help_text, "note"),
            TableBlock(frame, (3.0, 1.4, 1.4, 1.4)),
        ),
    )


def _rating_head(rating: str, lang: str) -> str:
    if rating == "neutral":  # ratings without judgement: "◆ ohne Wertung"
        return f"{SYMBOLS['neutral']} {t('rating.neutral', lang)}"
    return views.rating_label(rating, "similar", lang)


#: The sections opening a city report, before the areas (append a builder for a new one).
CITY_SECTIONS: list[CitySectionBuilder] = [heatmap_section, allocation_section, contents_section]


# ---------------------------------------------------------------- building


def check_area(data: Reported, area_id: str, level: str, lang: str = "de") -> str:
    """Return the display name of ``area_id`` at ``level``, or raise naming valid ids."""
    names = data.display_names(level)
    if area_id not in names:
        shown = ", ".join(a if a == n else f"{a} ({n})" for a, n in list(names.items())[:8])
        more = " …" if len(names) > 8 else ""
        raise BildungsampelError(
            "report.unknown_area",
            area=area_id,
            level=level_label(level, lang, data.levels),
            choices=shown + more,
        )
    return names[area_id]


@dataclass(frozen=True)
class ReportOptions:
    """How a report is made: level, language, palette, the settings named, the year."""

    level: str
    lang: str = "de"
    palette: Palette = PALETTES[DEFAULT]
    settings: views.RatingSettings | None = None
    year: str | None = None


def area_context(
    data: Reported,
    rated: pd.DataFrame,
    area_id: str,
    options: ReportOptions,
    *,
    among: pd.DataFrame | None = None,
) -> AreaContext:
    """Return the context of one area's sections.

    ``rated`` holds the area's rows with reasons; ``among`` the classified rows
    of every area of the level (default: ``rated``), which the spine chart
    places the area among (:func:`indicators.profile.area_profile`).

    Raises
    ------
    BildungsampelError
        For an area id that is not at the level (naming valid ids) or without ratings.
    """
    level, lang = options.level, options.lang
    name = check_area(data, area_id, level, lang)
    rows = profile.area_profile(rated, data.catalog, area_id, among=among)
    meta = export.dataset_meta(data, rows["indicator"].astype(str), lang, rows=rows, level=level)
    return AreaContext(
        data,
        rated,
        rows,
        area_id,
        name,
        level,
        lang,
        options.palette,
        meta,
        options.settings,
        options.year,
    )


def area_report(ctx: AreaContext) -> Report:
    """Return the report of one area: :data:`AREA_SECTIONS`, then :data:`CLOSING_SECTIONS`."""
    sections = _sections(ctx, [*AREA_SECTIONS, *CLOSING_SECTIONS])
    return _report(ctx, t("report.title", ctx.lang, name=ctx.name), sections)


def city_report(city: CityContext, areas: Sequence[AreaContext]) -> Report:
    """Return the report of every area: city sections, each area's sections, the closing ones.

    Raises
    ------
    BildungsampelError
        Without any area to report on.
    """
    if not areas:
        raise BildungsampelError("report.no_areas", level=city.level)
    sections = [s for build in CITY_SECTIONS if (s := build(city)) is not None]
    for ctx in areas:
        sections += [
            s if s.key == "overview" else replace(s, title=f"{ctx.name}: {s.title}")
            for s in _sections(ctx, AREA_SECTIONS)
        ]
    meta = export.dataset_meta(
        city.data,
        city.rated["indicator"].astype(str),
        city.lang,
        rows=city.rated,
        level=city.level,
    )
    # the closing sections name every indicator shown, once
    every = replace(areas[0], rows=city.rated.drop_duplicates("indicator"), meta=meta)
    sections += _sections(every, CLOSING_SECTIONS)
    title = t("report.city_title", city.lang, city=city.data.city_name or "–")
    return _report(every, title, sections)


def _sections(ctx: AreaContext, builders: Sequence[SectionBuilder]) -> list[Section]:
    return [s for build in builders if (s := build(ctx)) is not None]


def _report(ctx: AreaContext, title: str, sections: list[Section]) -> Report:
    lang, meta = ctx.lang, ctx.meta
    subtitle = t(
        "report.subtitle",
        lang,
        level=level_label(ctx.level, lang, ctx.data.levels),
        city=ctx.data.city_name or "–",
        period=meta.period or "–",
    )
    footer = t(
        "report.footer",
        lang,
        city=ctx.data.city_name or "–",
        version=meta.version_id or "–",
        generated=format_time(meta.generated_at, lang),
    )
    return Report(title, subtitle, footer, lang, tuple(sections), meta.generated_at)


def names_of(sections: Sequence[Section]) -> list[str]:
    """Return the keys of ``sections`` in order (what a test or a contents list reads)."""
    return [s.key for s in sections]


def table_of(report: Report, key: str) -> pd.DataFrame:
    """Return the first table of the section ``key`` (raises KeyError when there is none)."""
    for section in report.sections:
        for block in section.blocks:
            if section.key == key and isinstance(block, TableBlock):
                return block.frame
    raise KeyError(key)
