"""The rating commands: ``classify`` (a table, CSV or JSON) and ``heatmap`` (image or CSV)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from bildungsampel.cli import messages as _messages  # noqa: F401 - registers the messages
from bildungsampel.cli import output as term
from bildungsampel.cli.options import (
    BoundariesOpt,
    CatalogOpt,
    CrsOpt,
    DatabaseUrlOpt,
    DataDirOpt,
    Format,
    IdOpt,
    IndicatorsOpt,
    LevelOpt,
    NameOpt,
    ParentOpt,
    ScaleOpt,
    YearOpt,
    app,
    load_data,
)
from bildungsampel.present import figures, sheets
from bildungsampel.present import heatmap as present_heatmap
from bildungsampel.present.palettes import COLOURBLIND, DEFAULT, PALETTES
from bildungsampel.service import dataset
from bildungsampel.service.settings import load_settings, rating_policy
from indicators import heatmap as heatmap_mod
from indicators.errors import BildungsampelError


@app.command()
def classify(
    boundaries: BoundariesOpt = None,
    indicators: IndicatorsOpt = None,
    catalog: CatalogOpt = None,
    year: YearOpt = None,
    level: LevelOpt = None,
    method: Annotated[
        str | None, typer.Option(help="Override the rating method for all indicators.")
    ] = None,
    format: Annotated[
        Format,
        typer.Option(
            help="Output format. csv is machine-readable: comma-separated, decimal point, "
            "full precision, English column names, UTF-8; the dashboard's downloads "
            "follow the UI language."
        ),
    ] = Format.table,
    output: Annotated[Path | None, typer.Option(help="Write to this file.")] = None,
    lang: Annotated[str, typer.Option(help="Language of the reasons: de or en.")] = "de",
    id_column: IdOpt = None,
    name_column: NameOpt = None,
    parent_column: ParentOpt = None,
    crs: CrsOpt = None,
    data_dir: DataDirOpt = None,
    database_url: DatabaseUrlOpt = None,
) -> None:
    """Rate every area × indicator green / yellow / red (grey = not rated)."""
    try:
        files = (boundaries, indicators, catalog, id_column, name_column, parent_column, crs)
        data = load_data(*files, data_dir, database_url)
        level = data.level_named(level)
        result = dataset.rate(
            data,
            level=level,
            year=year,
            method=method,
            lang=lang,
            policy=rating_policy(load_settings()),
        )[dataset.OUTPUT_COLUMNS]
    except (BildungsampelError, ValueError, OSError) as error:
        term.fail(error)
        return
    if result.empty:
        term.fail(no_ratings(data, level, year))
    if format is Format.table and output is None:
        term.print_ratings(result)
        return
    text = (
        result.to_csv(index=False)
        if format is not Format.json
        else json.dumps(
            json.loads(result.to_json(orient="records", force_ascii=False)),
            ensure_ascii=False,
            indent=1,
        )
    )
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        term.err.print(f"{len(result)} rows written to {output}")


def no_ratings(data: dataset.Dataset, level: str, year: str | None) -> BildungsampelError:
    """Say why a classification has no rows: nothing published, no such year, empty level."""
    if not data.filled_levels():
        return BildungsampelError("cli.empty.nothing_published")
    if data.observations.empty:
        return BildungsampelError("cli.empty.no_values")
    if year is not None:
        return BildungsampelError("cli.no_year", year=year, years=", ".join(data.periods()))
    return BildungsampelError("cli.no_values_at_level", level=level)


@app.command()
def heatmap(
    output: Annotated[
        Path,
        typer.Option(
            help="Image file (.png, .pdf, .svg) or .csv: the heatmap as data, one row per "
            "area × indicator with raw and scaled value, rating and cell colour."
        ),
    ],
    boundaries: BoundariesOpt = None,
    indicators: IndicatorsOpt = None,
    catalog: CatalogOpt = None,
    year: YearOpt = None,
    level: LevelOpt = None,
    scale: Annotated[
        ScaleOpt, typer.Option(help="minmax (0..1 between min and max) or rank (percentile).")
    ] = ScaleOpt.minmax,
    linkage: Annotated[
        str, typer.Option(help=f"Linkage method: {', '.join(heatmap_mod.LINKAGES)}.")
    ] = heatmap_mod.LINKAGES[0],
    no_cluster: Annotated[bool, typer.Option("--no-cluster", help="Keep fixed order.")] = False,
    lang: Annotated[str, typer.Option(help="de or en.")] = "de",
    colourblind: Annotated[bool, typer.Option(help="Colour-blind-safe palette.")] = False,
    id_column: IdOpt = None,
    name_column: NameOpt = None,
    parent_column: ParentOpt = None,
    crs: CrsOpt = None,
    data_dir: DataDirOpt = None,
    database_url: DatabaseUrlOpt = None,
) -> None:
    """Draw the clustered Ampel heatmap (areas × indicators, 0..1) to an image or a CSV.

    Judged indicators go from red (unfavourable) to green (favourable); indicators
    without judgement get a purple scale (light = low, dark = high); cells the rating
    leaves grey (not rated) stay grey and do not count for the scaling.
    """
    try:
        suffix = output.suffix.lower()
        if suffix not in (".png", ".pdf", ".svg", ".csv"):
            raise BildungsampelError("cli.heatmap.suffix", name=output.name)
        if linkage not in heatmap_mod.LINKAGES:
            raise BildungsampelError(
                "cli.heatmap.linkage", linkage=linkage, linkages=", ".join(heatmap_mod.LINKAGES)
            )
        files = (boundaries, indicators, catalog, id_column, name_column, parent_column, crs)
        data = load_data(*files, data_dir, database_url)
        level = data.level_named(level)
        ratings = dataset.classified(
            data, level=level, year=year, policy=rating_policy(load_settings())
        )
        if not ratings.empty and (ratings["rating"] == "grey").all():
            raise no_ratings(data, level, None)
        if ratings.empty:
            raise (
                heatmap_mod.no_data_error(year, data.periods())
                if year is not None and not data.observations.empty
                else no_ratings(data, level, year)
            )
        matrix = heatmap_mod.heatmap_matrix(
            data.obs(level),
            data.catalog,
            year=year,
            cluster=not no_cluster,
            method=heatmap_mod.as_linkage(linkage),
            exclude=heatmap_mod.not_rated(ratings),
            scale=scale.value,
        )
        if matrix.scaled.empty:
            raise no_ratings(data, level, year)
        palette = PALETTES[COLOURBLIND if colourblind else DEFAULT]
        areas = data.areas(level)
        names = data.display_names(level)
        if suffix == ".csv":
            table = present_heatmap.heatmap_table(matrix, ratings, names, palette)
            # plain CSV like ``classify --format csv``, spreadsheet formulas neutralised
            output.write_text(sheets.neutralise_formulas(table).to_csv(index=False), "utf-8")
        else:
            parents = (
                dict(zip(areas["area_id"], areas["parent_id"], strict=True))
                if data.parent_level(level) is not None and areas["parent_id"].notna().all()
                else None
            )
            fig = figures.heatmap_figure(
                matrix, data.catalog, names=names, parents=parents, lang=lang, palette=palette
            )
            figures.save_figure(fig, output)
    except (BildungsampelError, ValueError, OSError) as error:
        term.fail(error)
        return
    term.err.print(
        f"heatmap {matrix.scaled.shape[0]} × {matrix.scaled.shape[1]} written to {output}"
    )
