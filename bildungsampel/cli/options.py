"""The typer apps and the options several commands share; loading the data they rate."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bildungsampel.cli import messages as _messages  # noqa: F401 - registers the messages
from bildungsampel.service import dataset, publishing
from indicators.errors import BildungsampelError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Bildungsampel: traffic-light ratings and heatmaps for education "
    "indicators per Stadtteil. Without data options the sample city is used.",
)
import_app = typer.Typer(
    help="Check and publish new indicator tables or boundary files.", no_args_is_help=True
)
app.add_typer(import_app, name="import")


class Format(StrEnum):
    """Output formats of ``classify``."""

    table = "table"
    csv = "csv"
    json = "json"


class ScaleOpt(StrEnum):
    """Heatmap scalings."""

    minmax = "minmax"
    rank = "rank"


#: An area level by its id or the city's word for it, case-insensitive ("Bezirk");
#: default: the lowest level. Checked against the levels of the data read.
LevelOpt = Annotated[
    str | None,
    typer.Option(
        help="Area level, by name as the city calls it (e.g. Stadtbezirk, Bezirksregion; "
        "case-insensitive). Default: the lowest level.",
    ),
]
#: The city's word for the areas of a boundary file (the lowest level).
LevelNameOpt = Annotated[
    str | None,
    typer.Option(
        "--level-name",
        help="The city's word for the file's areas, e.g. Planungsraum (default: Stadtteil).",
    ),
]
#: The levels above the lowest, nearest first (``NAME=ID_COLUMN[:NAME_COLUMN]``).
ParentsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--parent",
        help="A level above the areas, nearest first: NAME=ID_COLUMN[:NAME_COLUMN], e.g. "
        '"Bezirk=BEZ_NR:BEZ_NAME". Repeat for every level.',
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
DatabaseUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="PostgreSQL database as the store instead of the data directory, e.g. "
        "postgresql+psycopg://USER@HOST:5432/DATABASE (default: $BILDUNGSAMPEL_DATABASE_URL; "
        "the password in ~/.pgpass or PGPASSWORD).",
    ),
]


def load_data(
    boundaries: Path | None,
    indicators: Path | None,
    catalog: Path | None,
    id_column: str | None,
    name_column: str | None,
    parent_column: str | None,
    crs: str | None,
    data_dir: Path | None = None,
    database_url: str | None = None,
) -> dataset.Dataset:
    """Return the dataset of the given files, or the published one without ``boundaries``."""
    if boundaries is None and (indicators is not None or id_column or name_column):
        raise BildungsampelError("cli.needs_boundaries")
    if boundaries is None:
        return dataset.from_store(publishing.open_store(data_dir, database_url=database_url))
    return dataset.load_dataset(
        boundaries,
        indicators,
        catalog,
        id_column=id_column,
        name_column=name_column,
        parent_column=parent_column,
        crs=crs,
    )


def author() -> str:
    """Return who publishes from the command line (the login name)."""
    import getpass

    try:
        return f"{getpass.getuser()} (CLI)"
    except (KeyError, OSError):
        return "CLI"
