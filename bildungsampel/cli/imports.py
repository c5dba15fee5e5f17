"""The import commands: ``check-boundaries``, ``import indicators``, ``import boundaries``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from bildungsampel.cli import messages as _messages  # noqa: F401 - registers the messages
from bildungsampel.cli import output as term
from bildungsampel.cli.options import (
    CrsOpt,
    DatabaseUrlOpt,
    DataDirOpt,
    IdOpt,
    LayerOpt,
    LevelNameOpt,
    NameOpt,
    ParentOpt,
    ParentsOpt,
    app,
    author,
    import_app,
)
from bildungsampel.present import export
from bildungsampel.service import datasets, levels_import, publishing
from bildungsampel.service.settings import load_settings
from bildungsampel.service.store import Store
from geodata import coverage
from geodata.io import read_boundaries
from geodata.keytable import HierarchySpec
from indicators import importer
from indicators.errors import BildungsampelError
from indicators.tables import TableLimits


@app.command("check-boundaries")
def check_boundaries(
    path: Annotated[Path, typer.Argument(help="Boundary file to check.")],
    id_column: IdOpt = None,
    name_column: NameOpt = None,
    parent_column: ParentOpt = None,
    crs: CrsOpt = None,
    layer: LayerOpt = None,
    level_name: LevelNameOpt = None,
    parent: ParentsOpt = None,
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
            levels=HierarchySpec.parse(level_name, parent or []),
        )
    except (BildungsampelError, OSError) as error:
        term.fail(error)
        return
    b = bnd.bounds_4326
    term.out.print(f"file: {path}", highlight=False)
    kept = len(bnd.areas)
    read = bnd.features if bnd.features is not None else kept
    term.out.print(
        f"features: {read} read, {kept} areas kept" if read != kept else f"features: {kept}",
        highlight=False,
    )
    term.out.print(f"source CRS: {bnd.source_crs}", highlight=False)
    term.out.print(f"metric CRS: {bnd.areas.crs.name}", highlight=False)
    term.out.print(
        f"bounds EPSG:4326: {b[0]:.5f} {b[1]:.5f} {b[2]:.5f} {b[3]:.5f}", highlight=False
    )
    term.out.print(f"encoding: {bnd.encoding or 'n/a (not a shapefile)'}", highlight=False)
    term.out.print(f"repaired geometries: {', '.join(bnd.repaired) or 'none'}", highlight=False)
    term.out.print(
        f"area ids: {', '.join(bnd.areas['area_id'].head(8))}{' …' if len(bnd.areas) > 8 else ''}",
        highlight=False,
    )
    for note in bnd.warnings:
        term.out.print(f"note: {note.text('en')}", highlight=False)
    term.print_plausibility(bnd)
    for note in coverage.coverage_notes(bnd.areas.geometry.to_numpy(), bnd.areas["area_id"]):
        term.out.print(f"coverage: {note.text('en')}", highlight=False)
    if bnd.hierarchy is not None:
        term.print_levels(bnd.hierarchy)
    elif parent_column is not None:
        sizes = bnd.areas.groupby("parent_id", dropna=False).size()
        listed = ", ".join(f"{parent} ({n})" for parent, n in sizes.head(12).items())
        term.out.print(
            f"hierarchy: {kept} areas in {len(sizes)} parents from {parent_column!r}: {listed}"
            + (" …" if len(sizes) > 12 else ""),
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
    missing_value: Annotated[
        list[str] | None,
        typer.Option(
            "--missing-value",
            help="A code the file uses for a missing value, e.g. --missing-value -9999 "
            "(repeatable); such cells are read as missing, not as numbers.",
        ),
    ] = None,
    empty_as_zero: Annotated[
        bool,
        typer.Option(
            "--empty-as-zero",
            help="Read empty cells of count columns (kind: count or with a denominator) as 0 "
            "(default: missing, reported per column).",
        ),
    ] = False,
    skip_column: Annotated[
        list[str] | None,
        typer.Option("--skip-column", help="A column not to import (repeatable; wide tables)."),
    ] = None,
    only_column: Annotated[
        list[str] | None,
        typer.Option("--only-column", help="Import only this column (repeatable; wide tables)."),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Refuse columns that are no catalogue indicator (wide tables)."
        ),
    ] = False,
    publish: Annotated[
        bool,
        typer.Option(
            "--publish", help="Publish when the check finds no errors (default: check only)."
        ),
    ] = False,
    data_dir: DataDirOpt = None,
    database_url: DatabaseUrlOpt = None,
    lang: Annotated[str, typer.Option(help="Language of the report: de or en.")] = "en",
    report_file: Annotated[
        Path | None,
        typer.Option("--report", help="Write the full report to this file (.csv or .xlsx)."),
    ] = None,
    report_rows: Annotated[
        Path | None,
        typer.Option(
            "--report-rows",
            help="Write every finding row by row (the grouped report lines, one line per row "
            "of the file) to this file (.csv or .xlsx).",
        ),
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
        store = publishing.open_store(data_dir, database_url=database_url)
        if not path.is_file():
            raise BildungsampelError("cli.file_missing", path=path)
        with Progress(transient=True, console=term.err) as progress:
            task = progress.add_task("checking", total=None)
            prepared, entries = publishing.prepare_indicators(
                store,
                path.read_bytes(),
                path.name,
                catalog_path=catalog,
                options=importer.ImportOptions(
                    mapping=_mapping(
                        store,
                        path,
                        area_column=area_column,
                        layout=layout,
                        sheet=sheet,
                        limits=limits,
                        catalog_path=catalog,
                    ),
                    period=year,
                    sheet=sheet,
                    limits=limits,
                    missing_values=tuple(missing_value or ()),
                    empty_as_zero=empty_as_zero,
                    skip_columns=tuple(skip_column or ()),
                    only_columns=tuple(only_column or ()),
                    strict=strict,
                ),
            )
            progress.update(task, description="checked")
        report = prepared.report(lang)
        if report_file is not None:
            fmt = "xlsx" if report_file.suffix.lower() == ".xlsx" else "csv"
            report_file.write_bytes(export.report_file(report, fmt=fmt, lang=lang))
        if report_rows is not None:
            fmt = "xlsx" if report_rows.suffix.lower() == ".xlsx" else "csv"
            report_rows.write_bytes(export.report_rows_file(prepared, fmt=fmt, lang=lang))
        if len(report):
            term.print_report(report, full_report=report_file)
        errors = sum(p.severity == "error" for p in prepared.problems)
        term.out.print(
            f"{path.name}: {prepared.rows_read} rows read, {len(prepared.observations)} "
            f"values, {errors} errors, {len(prepared.problems) - errors} notes "
            f"(layout {prepared.mapping.layout}, {prepared.encoding})",
            highlight=False,
        )
        if not prepared.ok:
            raise typer.Exit(code=1)
        if publish:
            vid = publishing.publish_indicators(store, prepared, entries, author=author())
            term.out.print(f"published as version {vid}", highlight=False)
            _prepare(store, vid)
    except (BildungsampelError, OSError) as error:
        term.fail(error)


def _mapping(
    store: Store,
    path: Path,
    *,
    area_column: str | None,
    layout: str | None,
    sheet: str | None,
    limits: TableLimits | None = None,
    catalog_path: Path | None = None,
) -> importer.ColumnMapping | None:
    """Return the column mapping ``--area-column``/``--layout`` ask for (None: detected)."""
    if area_column is None and layout is None:
        return None
    current = store.snapshot(with_observations=False, with_geometry=False)
    catalog, _ = publishing.import_catalog(current, catalog_path)  # --catalog counts here too
    raw = importer.read_upload(path.read_bytes(), path.name, sheet=sheet, limits=limits)
    guess = importer.detect_mapping(raw, catalog, areas=importer.known_areas(current.areas))
    if layout not in (None, "long", "wide"):
        raise BildungsampelError("cli.layout.unknown", layout=layout)
    if layout == "long" and guess.layout != "long":
        raise BildungsampelError(
            "cli.layout.long_needs_columns",
            name=path.name,
            columns=", ".join(map(str, raw.frame.columns)),
        )
    chosen = replace(guess, area_column=area_column or guess.area_column)
    if area_column and guess.area_column and guess.area_column != area_column:
        term.err.print(
            f"note: column {guess.area_column!r} (guessed as the area column) is not imported: "
            f"the areas come from {area_column!r}",
            highlight=False,
        )
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
    level_name: LevelNameOpt = None,
    parent: ParentsOpt = None,
    city: Annotated[str | None, typer.Option(help="Name of the municipality.")] = None,
    publish: Annotated[
        bool, typer.Option("--publish", help="Publish when the check passes.")
    ] = False,
    data_dir: DataDirOpt = None,
    database_url: DatabaseUrlOpt = None,
) -> None:
    """Check a boundary file against the published data (and publish it with --publish).

    The file holds the lowest level's areas (``--level-name``: the city's word
    for them); every ``--parent`` names a level above from the file's columns.
    """
    try:
        levels = HierarchySpec.parse(level_name, parent or [])
        if levels.parents and parent_column:
            raise BildungsampelError("cli.boundaries.parent_twice")
        store = publishing.open_store(data_dir, create_sample=False, database_url=database_url)
        check = publishing.prepare_boundaries(
            store,
            path,
            id_column=id_column,
            name_column=name_column,
            parent_column=parent_column,
            crs=crs,
            layer=layer,
            levels=levels,
        )
        bnd = check.boundaries
        term.out.print(
            f"{path.name}: {len(bnd.areas)} areas, CRS {bnd.source_crs}, encoding "
            f"{bnd.encoding or 'n/a'}, repaired: {', '.join(bnd.repaired) or 'none'}",
            highlight=False,
        )
        for note in [*bnd.warnings, *check.level_notes]:
            term.out.print(f"note: {note.text('en')}", highlight=False)
        term.print_plausibility(bnd)
        if check.hierarchy is not None:
            term.print_levels(check.hierarchy)
        term.out.print(
            f"new: {', '.join(check.added[:20]) or 'none'}; gone: "
            f"{', '.join(check.removed[:20]) or 'none'}; renamed: "
            f"{', '.join(f'{i} {a!r}→{b!r}' for i, a, b in check.renamed[:20]) or 'none'}",
            highlight=False,
        )
        if not check.ok:
            raise BildungsampelError(
                "publishing.boundaries.orphaned",
                ids=", ".join(check.orphaned[:10]),
                source=path.name,
            )
        if publish:
            vid = publishing.publish_boundaries(store, check, author=author(), city_name=city)
            term.out.print(f"published as version {vid}", highlight=False)
            _prepare(store, vid)
    except (BildungsampelError, OSError) as error:
        term.fail(error)


@import_app.command("hierarchy")
def import_hierarchy(
    table: Annotated[Path, typer.Argument(help="Key table (CSV or XLSX), one row per area.")],
    area_column: Annotated[
        str, typer.Option(help="Column with the ids of the published areas (the lowest level).")
    ],
    parent: ParentsOpt = None,
    level_name: LevelNameOpt = None,
    sheet: Annotated[str | None, typer.Option(help="Sheet of an XLSX file.")] = None,
    publish: Annotated[
        bool, typer.Option("--publish", help="Publish when the check passes.")
    ] = False,
    data_dir: DataDirOpt = None,
    database_url: DatabaseUrlOpt = None,
) -> None:
    """Check which areas of the levels above every published area lies in (publish with --publish).

    E.g. a LOR key table: ``--area-column "Planungsraum (Nummer)" --parent
    "Bezirksregion=Bezirksregion (Nummer):Bezirksregion (Name)" --parent "Bezirk=Bezirk"``.
    """
    try:
        levels = HierarchySpec.parse(level_name, parent or [])
        store = publishing.open_store(data_dir, create_sample=False, database_url=database_url)
        check = levels_import.prepare_hierarchy(
            store, table, area_column=area_column, levels=levels, sheet=sheet
        )
        for note in check.notes:
            term.out.print(f"note: {note.text('en')}", highlight=False)
        term.print_levels(check.hierarchy)
        if publish:
            vid = levels_import.publish_hierarchy(store, check, author=author())
            term.out.print(f"published as version {vid}", highlight=False)
            _prepare(store, vid)
    except (BildungsampelError, OSError) as error:
        term.fail(error)


def _prepare(store: Store, vid: int) -> None:
    """Assemble the new version and its map geometry now, so that no viewer waits for it."""
    datasets.prepare(store, vid, tolerance_m=load_settings().simplify_m)
