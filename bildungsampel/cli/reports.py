"""The ``report`` command: the committee report of one area or of every area as an A4 PDF."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from bildungsampel.cli import messages as _messages  # noqa: F401 - registers the messages
from bildungsampel.cli import output as term
from bildungsampel.cli import rating
from bildungsampel.cli.options import DatabaseUrlOpt, DataDirOpt, LevelOpt, app, load_data
from bildungsampel.present import report, report_pdf
from bildungsampel.present.palettes import COLOURBLIND, DEFAULT, PALETTES, Palette
from bildungsampel.present.report_parts import Report
from bildungsampel.service import dataset
from bildungsampel.service.settings import Settings, load_settings, rating_policy
from indicators.errors import BildungsampelError


@app.command("report")
def report_command(
    output: Annotated[Path, typer.Option(help="The PDF file to write (A4).")],
    area: Annotated[
        str | None, typer.Option("--area", help="Id of the Stadtteil or Stadtbezirk.")
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help="One section per area of the level, with the heatmap.")
    ] = False,
    level: LevelOpt = None,
    period: Annotated[
        str | None,
        typer.Option(
            help="Year (2023) or school year (2022/23); default: each indicator's latest."
        ),
    ] = None,
    lang: Annotated[str, typer.Option(help="Language of the report: de or en.")] = "de",
    colourblind: Annotated[bool, typer.Option(help="Colour-blind-safe palette.")] = False,
    allocation: Annotated[
        Path | None,
        typer.Option(
            help="With --all: a needs-based allocation to include, as written by "
            "'bildungsampel allocate … --format json --output F.json' (same data version)."
        ),
    ] = None,
    data_dir: DataDirOpt = None,
    database_url: DatabaseUrlOpt = None,
) -> None:
    """Write the committee report: map, Ampel table with reasons, spine chart, trends, sources.

    Reads the published data (the sample city without a store). ``--area ID``
    reports on one area, ``--all`` on every area of the level.
    """
    try:
        if output.suffix.lower() != ".pdf":
            raise BildungsampelError("report.suffix", name=output.name)
        if (area is None) == (not every):
            raise BildungsampelError("report.needs_area")
        if allocation is not None and not every:
            raise BildungsampelError("report.allocation_needs_all")
        data = load_data(None, None, None, None, None, None, None, data_dir, database_url)
        level = data.level_named(level)
        settings = load_settings()
        palette = PALETTES[COLOURBLIND if colourblind else DEFAULT]
        saved = None if allocation is None else _saved_allocation(allocation, data)
        built = _build(data, settings, area, level=level, period=period, lang=lang,
                       palette=palette, allocation=saved)  # fmt: skip
        output.write_bytes(report_pdf.pdf_bytes(built))
    except (BildungsampelError, ValueError, OSError) as error:
        term.fail(error, lang)
    term.err.print(f"{len(built.sections)} sections written to {output}", highlight=False)


def _saved_allocation(path: Path, data: dataset.Dataset) -> tuple[dict[str, Any], str]:
    """Read an allocation saved by ``allocate --format json``; refuse one of another version."""
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BildungsampelError(
            "report.allocation_file", name=path.name, problem=str(error)
        ) from None
    missing = [k for k in ("rule", "unit", "rows", "version") if not isinstance(saved, dict)
               or k not in saved]  # fmt: skip
    if missing or saved["unit"] not in ("cent", "post"):
        problem = ", ".join(missing) or f"unit {saved.get('unit')!r}"
        raise BildungsampelError("report.allocation_file", name=path.name, problem=problem)
    current = (data.version or {}).get("id")
    if saved["version"] != current:
        raise BildungsampelError(
            "report.allocation_version", name=path.name, saved=saved["version"], current=current
        )
    return saved, path.name


def _build(
    data: dataset.Dataset,
    settings: Settings,
    area: str | None,
    *,
    level: str,
    period: str | None,
    lang: str,
    palette: Palette,
    allocation: tuple[dict[str, Any], str] | None = None,
) -> Report:
    """Return the report of ``area`` (None: every area of ``level``)."""
    if area is not None:
        report.check_area(data, area, level, lang)  # before rating: a typo is told at once
    rated = dataset.rate(data, level=level, year=period, lang=lang, policy=rating_policy(settings))
    if rated.empty:
        raise rating.no_ratings(data, level, period)
    options = report.ReportOptions(level, lang, palette, settings, period)
    if area is not None:
        return report.area_report(report.area_context(data, rated, area, options))
    saved, name = allocation if allocation is not None else (None, "")
    city = report.CityContext(data, rated, level, lang, palette, period, saved, name)
    names = data.display_names(level)
    ids = sorted(set(rated["area_id"].astype(str)), key=lambda a: (names.get(a) or a).casefold())
    areas = [report.area_context(data, rated, a, options) for a in ids]
    return report.city_report(city, areas)
