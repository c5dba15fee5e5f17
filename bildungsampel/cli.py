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
from rich.table import Table
from rich.text import Text

from bildungsampel.present import export, figures, sheets
from bildungsampel.present import heatmap as present_heatmap
from bildungsampel.present.palettes import COLOURBLIND, DEFAULT, PALETTES
from bildungsampel.service import dataset, publishing, storefile
from bildungsampel.service.settings import load_settings, rating_policy
from bildungsampel.service.store import default_data_dir, restore_backup
from geodata.io import Boundaries, read_boundaries
from indicators import heatmap as heatmap_mod
from indicators.errors import BildungsampelError
from indicators.tables import TableLimits

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Bildungsampel: traffic-light ratings and heatmaps for education "
    "indicators per Stadtteil. Without data options the sample city is used.",
)
# markup=False: names, ids, notes and file names from data ("[/b]", "[alt]") are printed
# as they are, never read as rich markup; styles are given as Text objects
out = Console(soft_wrap=True, markup=False)
err = Console(stderr=True, soft_wrap=True, markup=False)


class Format(StrEnum):
    """Output formats of ``classify``."""

    table = "table"
    csv = "csv"
    json = "json"


class ScaleOpt(StrEnum):
    """Heatmap scalings."""

    minmax = "minmax"
    rank = "rank"


def _level_choice(level: str) -> str:
    """Refuse a level that is not one of :data:`dataset.LEVELS` (the message lists them)."""
    try:
        return dataset.LEVELS[level].id
    except BildungsampelError as error:
        raise typer.BadParameter(str(error)) from None


#: An area level id; the choices are the defined levels (:data:`dataset.LEVELS`).
LevelOpt = Annotated[
    str,
    typer.Option(
        help="Area level.",
        metavar=f"[{'|'.join(dataset.LEVELS.ids)}]",
        callback=_level_choice,
    ),
]


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
LayerOpt = Annotated[
    str | None,
    typer.Option(
        "--layer", help="Layer to read when the file holds several (file in a zip, GPKG layer)."
    ),
]
DataDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Data directory of the store (default: "
        "$BILDUNGSAMPEL_DATA_DIR or the per-user data directory).",
    ),
]


def _fail(error: Exception) -> None:
    text = error.text("en") if isinstance(error, BildungsampelError) else str(error)
    err.print(Text.assemble(("Error:", "bold red"), " ", text), highlight=False)
    raise typer.Exit(code=2)


def _load(
    boundaries: Path | None,
    indicators: Path | None,
    catalog: Path | None,
    id_column: str | None,
    name_column: str | None,
    parent_column: str | None,
    crs: str | None,
    data_dir: Path | None = None,
) -> dataset.Dataset:
    if boundaries is None and (indicators is not None or id_column or name_column):
        raise BildungsampelError("--indicators or column options need --boundaries too")
    if boundaries is None:
        return dataset.from_store(publishing.open_store(data_dir))
    return dataset.load_dataset(
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
    level: LevelOpt = dataset.LEVELS.lowest.id,
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
) -> None:
    """Rate every area × indicator green / yellow / red (grey = not rated)."""
    try:
        data = _load(
            boundaries, indicators, catalog, id_column, name_column, parent_column, crs, data_dir
        )
        result = dataset.rate(
            data,
            level=level,
            year=year,
            method=method,
            lang=lang,
            policy=rating_policy(load_settings()),
        )[dataset.OUTPUT_COLUMNS]
    except (BildungsampelError, ValueError, OSError) as error:
        _fail(error)
        return
    if result.empty:
        _fail(_no_ratings(data, level, year))
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


def _no_ratings(data: dataset.Dataset, level: str, year: str | None) -> BildungsampelError:
    """Say why a classification has no rows: nothing published, no such year, empty level."""
    if data.observations.empty:
        return BildungsampelError(
            "no indicator values are published yet; import them with "
            "'bildungsampel import indicators FILE --publish'"
        )
    if year is not None:
        return BildungsampelError(
            f"no data for year {year!r}; available: {', '.join(data.periods())}"
        )
    return BildungsampelError(
        f"no values at level {level!r}: every value of this choice is missing; "
        "check the published version with 'bildungsampel versions'"
    )


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
                str(row.area_name),
                f"{row.value:.1f}",
                Text(str(row.rating), style=style),
                str(row.trend),
                str(row.reason),
            )
        out.print(table)


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
    level: LevelOpt = dataset.LEVELS.lowest.id,
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
) -> None:
    """Draw the clustered Ampel heatmap (areas × indicators, 0..1) to an image or a CSV.

    Judged indicators go from red (unfavourable) to green (favourable); indicators
    without judgement get a purple scale (light = low, dark = high); cells the rating
    leaves grey (not rated) stay grey and do not count for the scaling.
    """
    try:
        suffix = output.suffix.lower()
        if suffix not in (".png", ".pdf", ".svg", ".csv"):
            raise BildungsampelError(
                f"{output.name}: --output must end in .png, .pdf, .svg or .csv"
            )
        if linkage not in heatmap_mod.LINKAGES:
            raise BildungsampelError(
                f"--linkage {linkage!r}: use {', '.join(heatmap_mod.LINKAGES)}"
            )
        data = _load(
            boundaries, indicators, catalog, id_column, name_column, parent_column, crs, data_dir
        )
        ratings = dataset.rate(
            data, level=level, year=year, lang=lang, policy=rating_policy(load_settings())
        )
        if not ratings.empty and (ratings["rating"] == "grey").all():
            raise _no_ratings(data, level, None)
        if ratings.empty:
            raise (
                heatmap_mod.no_data_error(year, data.periods())
                if year is not None and not data.observations.empty
                else _no_ratings(data, level, year)
            )
        matrix = heatmap_mod.heatmap_matrix(
            data.obs(level),
            data.catalog,
            year=year,
            cluster=not no_cluster,
            method=heatmap_mod.as_linkage(linkage),
            exclude=heatmap_mod.not_rated(ratings),
            scale=scale.value,  # type: ignore[arg-type]
        )
        if matrix.scaled.empty:
            raise _no_ratings(data, level, year)
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
    layer: LayerOpt = None,
) -> None:
    """Read a boundary file and report what was found and repaired."""
    try:
        bnd = read_boundaries(
            path,
            id_column=id_column,
            name_column=name_column,
            parent_column=parent_column,
            crs=crs,
            layer=layer,
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
    _print_plausibility(bnd)


def _print_plausibility(bnd: Boundaries) -> None:
    for doubt in bnd.plausibility:
        out.print(Text.assemble(("warning:", "bold yellow"), " ", doubt.en), highlight=False)


import_app = typer.Typer(
    help="Check and publish new indicator tables or boundary files.", no_args_is_help=True
)
app.add_typer(import_app, name="import")


def _author() -> str:
    import getpass

    try:
        return f"{getpass.getuser()} (CLI)"
    except (KeyError, OSError):
        return "CLI"


#: Report lines printed to the terminal; the rest goes to ``--report FILE``.
REPORT_LINES = 50
#: Characters of one printed report cell (a 1 MB name must not flood the terminal).
REPORT_CELL_CHARS = 200


def _print_report(report: pd.DataFrame, *, full_report: Path | None = None) -> None:
    """Print the first :data:`REPORT_LINES` lines of the report (cells cut to a readable size)."""
    table = Table(title="Report", title_justify="left")
    for col in report.columns:
        table.add_column(col, overflow="fold")
    for row in report.head(REPORT_LINES).itertuples(index=False):
        cells = ["" if pd.isna(v) else str(v) for v in row]
        cut = [c if len(c) <= REPORT_CELL_CHARS else c[:REPORT_CELL_CHARS] + " …" for c in cells]
        table.add_row(*cut)
    err.print(table)
    if len(report) > REPORT_LINES:
        where = f"written to {full_report}" if full_report else "full list with --report FILE"
        err.print(f"… {len(report) - REPORT_LINES} more lines, {where}", highlight=False)


@app.command()
def init(
    data_dir: DataDirOpt = None,
    empty: Annotated[
        bool,
        typer.Option(
            "--empty", help="Start without the sample city (for a city importing its own files)."
        ),
    ] = False,
) -> None:
    """Create a data directory (with the sample city unless --empty)."""
    try:
        store = publishing.open_store(data_dir, create_sample=False)
        if store.current_id() is not None:
            raise BildungsampelError(
                f"{store.data_dir} already holds published data (version "
                f"{store.current_id()}); use another --data-dir"
            )
        if not empty:
            publishing.publish_sample(store, author=_author())
    except (BildungsampelError, OSError) as error:
        _fail(error)
        return
    out.print(
        f"data directory {store.data_dir} ready"
        + ("" if empty else " with the sample city (version 1)"),
        highlight=False,
    )


@import_app.command("indicators")
def import_indicators(
    path: Annotated[Path, typer.Argument(help="CSV or XLSX table (long or wide).")],
    catalog: Annotated[
        Path | None,
        typer.Option(help="Catalogue entries (YAML/CSV) for new or changed indicators."),
    ] = None,
    area_column: Annotated[str | None, typer.Option(help="Column with area ids or names.")] = None,
    layout: Annotated[str | None, typer.Option(help="long or wide (default: detected).")] = None,
    year: Annotated[str | None, typer.Option(help="Year of a table without a year column.")] = None,
    sheet: Annotated[str | None, typer.Option(help="Sheet of an XLSX workbook.")] = None,
    publish: Annotated[
        bool,
        typer.Option(
            "--publish", help="Publish when the check finds no errors (default: check only)."
        ),
    ] = False,
    data_dir: DataDirOpt = None,
    lang: Annotated[str, typer.Option(help="Language of the report: de or en.")] = "en",
    report_file: Annotated[
        Path | None,
        typer.Option("--report", help="Write the full report to this file (.csv or .xlsx)."),
    ] = None,
    limit: Annotated[
        list[str] | None,
        typer.Option(
            "--limit",
            help="Raise a reading limit, e.g. --limit max_rows=500000 (see docs/DATA.md).",
        ),
    ] = None,
) -> None:
    """Check an indicator table (and publish it with --publish)."""
    from rich.progress import Progress

    try:
        limits = TableLimits.from_options(limit or [])
        store = publishing.open_store(data_dir)
        if not path.is_file():
            raise BildungsampelError(f"{path} does not exist")
        with Progress(transient=True, console=err) as progress:
            task = progress.add_task("checking", total=None)
            prepared, entries = publishing.prepare_indicators(
                store,
                path.read_bytes(),
                path.name,
                catalog_path=catalog,
                period=year,
                sheet=sheet,
                mapping=_mapping(path, area_column, layout, year, sheet, store, limits),
                limits=limits,
            )
            progress.update(task, description="checked")
        report = prepared.report(lang)
        if report_file is not None:
            fmt = "xlsx" if report_file.suffix.lower() == ".xlsx" else "csv"
            report_file.write_bytes(export.report_file(report, fmt=fmt, lang=lang))
        if len(report):
            _print_report(report, full_report=report_file)
        errors = sum(p.severity == "error" for p in prepared.problems)
        out.print(
            f"{path.name}: {prepared.rows_read} rows read, {len(prepared.observations)} "
            f"values, {errors} errors, {len(prepared.problems) - errors} notes "
            f"(layout {prepared.mapping.layout}, {prepared.encoding})",
            highlight=False,
        )
        if not prepared.ok:
            raise typer.Exit(code=1)
        if publish:
            vid = publishing.publish_indicators(store, prepared, entries, author=_author())
            out.print(f"published as version {vid}", highlight=False)
    except (BildungsampelError, OSError) as error:
        _fail(error)


def _mapping(
    path: Path,
    area_column: str | None,
    layout: str | None,
    year: str | None,
    sheet: str | None,
    store: object,
    limits: TableLimits | None = None,
) -> object:
    if area_column is None and layout is None:
        return None
    from indicators import importer

    data = dataset.from_store(store)  # type: ignore[arg-type]
    raw = importer.read_upload(path.read_bytes(), path.name, sheet=sheet, limits=limits)
    guess = importer.detect_mapping(raw, data.catalog)
    if layout not in (None, "long", "wide"):
        raise BildungsampelError(f"--layout {layout!r}: use long or wide")
    if layout == "long" and guess.layout != "long":
        raise BildungsampelError(
            f"{path.name}: --layout long needs indicator and value columns; found "
            f"{', '.join(map(str, raw.frame.columns))}"
        )
    from dataclasses import replace

    chosen = replace(guess, area_column=area_column or guess.area_column)
    if chosen.layout == "wide":
        chosen = replace(
            chosen,
            indicator_columns={
                c: i for c, i in guess.indicator_columns.items() if c != chosen.area_column
            },
        )
    return chosen


@import_app.command("boundaries")
def import_boundaries(
    path: Annotated[Path, typer.Argument(help="GeoJSON, GeoPackage or (zipped) Shapefile.")],
    id_column: IdOpt = None,
    name_column: NameOpt = None,
    parent_column: ParentOpt = None,
    crs: CrsOpt = None,
    layer: LayerOpt = None,
    level: Annotated[
        str, typer.Option(help=f"Level of the areas ({dataset.LEVELS.lowest.id}).")
    ] = dataset.LEVELS.lowest.id,
    city: Annotated[str | None, typer.Option(help="Name of the municipality.")] = None,
    publish: Annotated[
        bool, typer.Option("--publish", help="Publish when the check passes.")
    ] = False,
    data_dir: DataDirOpt = None,
) -> None:
    """Check a boundary file against the published data (and publish it with --publish)."""
    try:
        if level != dataset.LEVELS.lowest.id:
            raise BildungsampelError(
                f"--level {level!r}: boundaries are imported at the Stadtteil level; "
                "Stadtbezirke are dissolved from them (--parent-column)"
            )
        store = publishing.open_store(data_dir, create_sample=False)
        check = publishing.prepare_boundaries(
            store,
            path,
            id_column=id_column,
            name_column=name_column,
            parent_column=parent_column,
            crs=crs,
            layer=layer,
        )
        bnd = check.boundaries
        out.print(
            f"{path.name}: {len(bnd.areas)} areas, CRS {bnd.source_crs}, encoding "
            f"{bnd.encoding or 'n/a'}, repaired: {', '.join(bnd.repaired) or 'none'}",
            highlight=False,
        )
        for note in bnd.warnings:
            out.print(f"note: {note}", highlight=False)
        _print_plausibility(bnd)
        out.print(
            f"new: {', '.join(check.added[:20]) or 'none'}; gone: "
            f"{', '.join(check.removed[:20]) or 'none'}; renamed: "
            f"{', '.join(f'{i} {a!r}→{b!r}' for i, a, b in check.renamed[:20]) or 'none'}",
            highlight=False,
        )
        if not check.ok:
            raise BildungsampelError(
                f"areas {', '.join(check.orphaned[:10])} have published values but are not in "
                f"{path.name}; keep their ids",
                message_de=f"Gebiete {', '.join(check.orphaned[:10])} haben veröffentlichte "
                f"Werte, fehlen aber in {path.name}; behalten Sie ihre IDs bei",
            )
        if publish:
            vid = publishing.publish_boundaries(store, check, author=_author(), city_name=city)
            out.print(f"published as version {vid}", highlight=False)
    except (BildungsampelError, OSError) as error:
        _fail(error)


@app.command()
def versions(data_dir: DataDirOpt = None) -> None:
    """List the published versions (newest first; * = current)."""
    try:
        frame = publishing.open_store(data_dir).versions()
    except (BildungsampelError, OSError) as error:
        _fail(error)
        return
    table = Table()
    for col in ("", "id", "kind", "created", "author", "source", "values"):
        table.add_column(col, no_wrap=col in ("", "id", "kind", "created", "values"))
    table.add_column("note", overflow="fold")
    for row in frame.itertuples():
        marker = "*" if row.current else ("deleted" if row.deleted else "")
        table.add_row(
            marker,
            str(row.id),
            row.kind,
            row.created_at[:16].replace("T", " "),
            str(row.author),
            str(row.source_name),
            str(row.n_observations),
            str(row.note),
        )
    out.print(table)


@app.command()
def rollback(
    version: Annotated[int, typer.Argument(help="Version to return to.")],
    data_dir: DataDirOpt = None,
) -> None:
    """Publish an earlier version again (as a new version; nothing is lost)."""
    try:
        vid = publishing.open_store(data_dir).rollback(version, author=_author())
    except (BildungsampelError, OSError) as error:
        _fail(error)
        return
    out.print(f"version {version} published again as version {vid}", highlight=False)


@app.command("check-store")
def check_store(data_dir: DataDirOpt = None) -> None:
    """Check the whole store (SQLite integrity and every version's checksums)."""
    try:
        store = publishing.open_store(data_dir, create_sample=False)
        problems = store.check()
        if problems:
            for problem in problems[:20]:
                err.print(f"problem: {problem}", highlight=False, markup=False)
            raise storefile.damaged(
                store.path, f"{len(problems)} problem(s) found", f"{len(problems)} Problem(e)"
            )
    except (BildungsampelError, OSError) as error:
        _fail(error)
        return
    out.print(f"store {store.path} is intact ({len(store.versions())} versions)", highlight=False)
    if store.current_id() is None:
        return
    try:
        warnings = publishing.stored_plausibility(store, lang="en")
    except (BildungsampelError, OSError) as error:
        warnings = [str(error)]
    for warning in warnings:
        err.print(f"warning: {warning}", highlight=False, markup=False)


@app.command()
def backup(
    dest: Annotated[Path, typer.Argument(help="Backup file to write, or a folder for it.")],
    data_dir: DataDirOpt = None,
) -> None:
    """Copy the store to a backup file (SQLite online backup; publishing may go on)."""
    try:
        written = publishing.open_store(data_dir, create_sample=False).backup(dest)
    except (BildungsampelError, OSError) as error:
        _fail(error)
        return
    out.print(f"backup written to {written}", highlight=False)


@app.command()
def restore(
    source: Annotated[Path, typer.Argument(help="Backup file made by 'bildungsampel backup'.")],
    data_dir: DataDirOpt = None,
) -> None:
    """Replace the store by a backup (checked first; a damaged store is kept aside)."""
    try:
        store = restore_backup(data_dir or default_data_dir(), source)
        current = store.current_id()
    except (BildungsampelError, OSError) as error:
        _fail(error)
        return
    out.print(
        f"{source} restored to {store.path} (current version {current}); restart the dashboard",
        highlight=False,
    )


def main() -> None:
    """Entry point of the console script."""
    app()


if __name__ == "__main__":
    main()
