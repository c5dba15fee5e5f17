"""The ``bildungsampel`` command line.

Errors are one clear message (what, where, how to fix) and exit status 2,
never a traceback.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bildungsampel import pipeline, render
from geodata.io import read_boundaries
from indicators import heatmap as heatmap_mod
from indicators.errors import BildungsampelError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Bildungsampel: traffic-light ratings and heatmaps for education "
    "indicators per Stadtteil. Without data options the sample city is used.",
)
out = Console()
err = Console(stderr=True)


class Format(StrEnum):
    """Output formats of ``classify``."""

    table = "table"
    csv = "csv"
    json = "json"


class LevelOpt(StrEnum):
    """Area levels."""

    stadtteil = "stadtteil"
    stadtbezirk = "stadtbezirk"


BoundariesOpt = Annotated[
    Path | None, typer.Option(help="Boundary file (GeoJSON, GPKG, Shapefile, zip).")
]
IndicatorsOpt = Annotated[Path | None, typer.Option(help="Indicator table (CSV/XLSX).")]
CatalogOpt = Annotated[Path | None, typer.Option(help="Indicator catalogue (YAML/CSV).")]
YearOpt = Annotated[
    str | None,
    typer.Option(help="Year (2023) or school year (2022/23); default: each indicator's latest."),
]
IdOpt = Annotated[str | None, typer.Option("--id-column", help="Column with the area id.")]
NameOpt = Annotated[str | None, typer.Option("--name-column", help="Column with the name.")]
ParentOpt = Annotated[
    str | None, typer.Option("--parent-column", help="Column with the Stadtbezirk.")
]
CrsOpt = Annotated[str | None, typer.Option("--crs", help="CRS to assume, e.g. EPSG:25832.")]


def _fail(error: Exception) -> None:
    text = error.text("en") if isinstance(error, BildungsampelError) else str(error)
    err.print(f"[bold red]Error:[/] {text}", highlight=False)
    raise typer.Exit(code=2)


def _load(
    boundaries: Path | None,
    indicators: Path | None,
    catalog: Path | None,
    id_column: str | None,
    name_column: str | None,
    parent_column: str | None,
    crs: str | None,
) -> pipeline.Dataset:
    if boundaries is None and (indicators is not None or id_column or name_column):
        raise BildungsampelError("--indicators or column options need --boundaries too")
    return pipeline.load_dataset(
        boundaries,
        indicators,
        catalog,
        id_column=id_column,
        name_column=name_column,
        parent_column=parent_column,
        crs=crs,
    )


@app.command()
def classify(
    boundaries: BoundariesOpt = None,
    indicators: IndicatorsOpt = None,
    catalog: CatalogOpt = None,
    year: YearOpt = None,
    level: Annotated[LevelOpt, typer.Option(help="Area level.")] = LevelOpt.stadtteil,
    method: Annotated[
        str | None, typer.Option(help="Override the rating method for all indicators.")
    ] = None,
    format: Annotated[Format, typer.Option(help="Output format.")] = Format.table,
    output: Annotated[Path | None, typer.Option(help="Write to this file.")] = None,
    lang: Annotated[str, typer.Option(help="Language of the reasons: de or en.")] = "de",
    id_column: IdOpt = None,
    name_column: NameOpt = None,
    parent_column: ParentOpt = None,
    crs: CrsOpt = None,
) -> None:
    """Rate every area × indicator green / yellow / red (grey = not rated)."""
    try:
        data = _load(boundaries, indicators, catalog, id_column, name_column, parent_column, crs)
        result = pipeline.rate(data, level=level.value, year=year, method=method, lang=lang)
    except (BildungsampelError, ValueError, OSError) as error:
        _fail(error)
        return
    if result.empty:
        _fail(
            BildungsampelError(f"no data for year {year!r}; available: {', '.join(data.periods())}")
        )
    if format is Format.table and output is None:
        _print_table(result)
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
        err.print(f"{len(result)} rows written to {output}")


def _print_table(result: pd.DataFrame) -> None:
    """Print one table per indicator (readable in an 80-column terminal)."""
    styles = {"green": "green", "yellow": "yellow", "red": "red", "grey": "dim", "neutral": "blue"}
    for indicator, part in result.groupby("indicator", sort=False):
        first = part.iloc[0]
        table = Table(
            title=f"{indicator} · {first['year']} · city value {first['city_value']:.1f}",
            title_justify="left",
            expand=False,
        )
        table.add_column("area_name", no_wrap=True)
        table.add_column("value", justify="right", no_wrap=True)
        table.add_column("rating", no_wrap=True)
        table.add_column("trend", no_wrap=True)
        table.add_column("reason", overflow="fold")
        for row in part.itertuples():
            style = styles.get(str(row.rating), "")
            table.add_row(
                escape(str(row.area_name)),
                f"{row.value:.1f}",
                f"[{style}]{row.rating}[/]",
                str(row.trend),
                escape(str(row.reason)),
            )
        out.print(table)


@app.command()
def heatmap(
    output: Annotated[Path, typer.Option(help="Image file: .png, .pdf or .svg.")],
    boundaries: BoundariesOpt = None,
    indicators: IndicatorsOpt = None,
    catalog: CatalogOpt = None,
    year: YearOpt = None,
    level: Annotated[LevelOpt, typer.Option(help="Area level.")] = LevelOpt.stadtteil,
    linkage: Annotated[str, typer.Option(help="average, ward, complete or single.")] = "average",
    no_cluster: Annotated[bool, typer.Option("--no-cluster", help="Keep fixed order.")] = False,
    lang: Annotated[str, typer.Option(help="de or en.")] = "de",
    colourblind: Annotated[bool, typer.Option(help="Colour-blind-safe palette.")] = False,
    id_column: IdOpt = None,
    name_column: NameOpt = None,
    parent_column: ParentOpt = None,
    crs: CrsOpt = None,
) -> None:
    """Draw the clustered Ampel heatmap (areas × indicators, 0..1) to an image."""
    try:
        if output.suffix.lower() not in (".png", ".pdf", ".svg"):
            raise BildungsampelError(f"{output.name}: --output must end in .png, .pdf or .svg")
        if linkage not in ("average", "ward", "complete", "single"):
            raise BildungsampelError(
                f"--linkage {linkage!r}: use average, ward, complete or single"
            )
        data = _load(boundaries, indicators, catalog, id_column, name_column, parent_column, crs)
        matrix = heatmap_mod.heatmap_matrix(
            data.obs(level.value), data.catalog, year=year, cluster=not no_cluster, method=linkage
        )  # type: ignore[arg-type]
        areas = data.areas(level.value)
        names = dict(zip(areas["area_id"], areas["area_name"], strict=True))
        parents = (
            dict(zip(areas["area_id"], areas["parent_id"], strict=True))
            if level is LevelOpt.stadtteil and areas["parent_id"].notna().all()
            else None
        )
        fig = render.heatmap_figure(
            matrix, data.catalog, names=names, parents=parents, lang=lang, colourblind=colourblind
        )
        render.save_figure(fig, output)
    except (BildungsampelError, ValueError, OSError) as error:
        _fail(error)
        return
    err.print(f"heatmap {matrix.scaled.shape[0]} × {matrix.scaled.shape[1]} written to {output}")


@app.command("check-boundaries")
def check_boundaries(
    path: Annotated[Path, typer.Argument(help="Boundary file to check.")],
    id_column: IdOpt = None,
    name_column: NameOpt = None,
    parent_column: ParentOpt = None,
    crs: CrsOpt = None,
) -> None:
    """Read a boundary file and report what was found and repaired."""
    try:
        bnd = read_boundaries(
            path, id_column=id_column, name_column=name_column, parent_column=parent_column, crs=crs
        )
    except (BildungsampelError, OSError) as error:
        _fail(error)
        return
    b = bnd.bounds_4326
    out.print(f"file: {path}", highlight=False)
    out.print(f"features: {len(bnd.areas)}", highlight=False)
    out.print(f"source CRS: {bnd.source_crs}", highlight=False)
    out.print(f"metric CRS: {bnd.areas.crs.name}", highlight=False)
    out.print(f"bounds EPSG:4326: {b[0]:.5f} {b[1]:.5f} {b[2]:.5f} {b[3]:.5f}", highlight=False)
    out.print(f"encoding: {bnd.encoding or 'n/a (not a shapefile)'}", highlight=False)
    out.print(f"repaired geometries: {', '.join(bnd.repaired) or 'none'}", highlight=False)
    out.print(
        f"area ids: {', '.join(bnd.areas['area_id'].head(8))}{' …' if len(bnd.areas) > 8 else ''}",
        highlight=False,
    )
    for note in bnd.warnings:
        out.print(f"note: {note}", highlight=False)


def main() -> None:
    """Entry point of the console script."""
    app()


if __name__ == "__main__":
    main()
