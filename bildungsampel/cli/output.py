"""What the CLI prints: the two consoles, the error line, tables and reports.

``markup=False``: names, ids, notes and file names from data ("[/b]", "[alt]")
are printed as they are, never read as rich markup; styles are given as Text
objects. An error carrying a ``hint`` (:attr:`BildungsampelError.hint`) gets the
flag that fixes it appended (:data:`FLAG_HINTS`).
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from bildungsampel.cli import messages as _messages  # noqa: F401 - registers the messages
from bildungsampel.present.i18n import level_label
from geodata.errors import BoundaryProblemsError
from geodata.hierarchy import Hierarchy
from geodata.io import Boundaries
from indicators.errors import BildungsampelError

out = Console(soft_wrap=True, markup=False)
err = Console(stderr=True, soft_wrap=True, markup=False)

#: The command-line option that answers an error's ``hint`` (the upload page names its field).
FLAG_HINTS = {
    "crs": "--crs EPSG:25832",
    "year": "--year",
    "id_column": "--id-column",
    "name_column": "--name-column",
    "parent_column": "--parent-column",
    "layer": "--layer NAME",
    "sheet": "--sheet",
    "limit": "--limit NAME=N",
}


def message(error: Exception, lang: str = "en") -> str:
    """Return the text of ``error`` (English unless a command has ``--lang``) with its flag."""
    if not isinstance(error, BildungsampelError):
        return str(error)
    text = error.text(lang)
    flag = FLAG_HINTS.get(error.hint or "")
    return f"{text} ({flag})" if flag else text


def fail(error: Exception, lang: str = "en") -> NoReturn:
    """Print ``error`` as one line (one per problem when it holds several); exit with status 2."""
    label = "Fehler:" if lang == "de" else "Error:"
    for one in error.problems if isinstance(error, BoundaryProblemsError) else [error]:
        err.print(Text.assemble((label, "bold red"), " ", message(one, lang)), highlight=False)
    raise typer.Exit(code=2)


def print_ratings(result: pd.DataFrame) -> None:
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


def print_plausibility(bnd: Boundaries) -> None:
    """Print the plausibility warnings of a boundary file."""
    for doubt in bnd.plausibility:
        out.print(Text.assemble(("warning: ", "bold yellow"), doubt.text("en")), highlight=False)


def print_levels(levels: Hierarchy) -> None:
    """Print the levels found, lowest first with their numbers of areas, and a few areas each."""

    def name(level: str) -> str:  # the city's words are German; the product's levels too
        return level_label(level, "de", levels.levels)

    sizes = [(name(lv.id), levels.size(lv.id)) for lv in levels.levels]
    out.print("levels: " + " → ".join(f"{name} ({n})" for name, n in sizes), highlight=False)
    for lv in list(levels.levels)[1:]:
        if not levels.filled(lv.id):
            continue
        found = levels.areas_of(lv.id)
        shown = ", ".join(f"{i} {n}" if n != i else i for i, n in found.head(8).to_numpy()[:, :2])
        more = f" … (+{len(found) - 8})" if len(found) > 8 else ""
        out.print(f"  {name(lv.id)}: {shown}{more}", highlight=False)


#: Report lines printed to the terminal; the rest goes to ``--report FILE``.
REPORT_LINES = 50
#: Characters of one printed report cell (a 1 MB name must not flood the terminal).
REPORT_CELL_CHARS = 200


def print_report(report: pd.DataFrame, *, full_report: Path | None = None) -> None:
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
