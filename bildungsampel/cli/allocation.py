"""The ``allocate`` command: split a budget or posts over the areas by need (issue 13)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from bildungsampel.cli import messages as _messages  # noqa: F401 - registers the messages
from bildungsampel.cli import output as term
from bildungsampel.cli.options import DatabaseUrlOpt, DataDirOpt, LevelOpt, app, load_data
from bildungsampel.present import allocation as present
from bildungsampel.service import dataset
from bildungsampel.service.settings import load_settings, rating_policy
from indicators import allocation, allocation_input
from indicators.errors import BildungsampelError


class AllocationFormat(StrEnum):
    """Output formats of ``allocate``."""

    csv = "csv"
    json = "json"
    xlsx = "xlsx"


def _areas(
    data: dataset.Dataset,
    *,
    level: str,
    period: str | None,
    need: str,
    population: str | None,
    by_classes: bool,
) -> tuple[pd.DataFrame, allocation.Quantity, allocation.Quantity | None]:
    rated = dataset.classified(
        data,
        level=level,
        year=period,
        policy=rating_policy(load_settings()),
        indicators=[i for i in (need, population) if i is not None and i in data.catalog],
    )
    return allocation_input.areas_from_ratings(
        rated,
        data.catalog,
        need=need,
        population=population,
        areas=list(data.display_names(level)),
        by_classes=by_classes,
    )


def _json(
    result: allocation.Allocation, data: dataset.Dataset, names: dict[str, str], lang: str
) -> str:
    frame = result.frame.astype(object).where(result.frame.notna(), None)
    frame.insert(1, "area_name", [names.get(a, a) for a in result.frame["area_id"]])
    body = {
        "rule": result.description.text(lang),
        "unit": result.description.rule.unit,
        "version": (data.version or {}).get("id"),
        "excluded": [{"area": a, "reason": r} for a, r in result.excluded],
        "rows": frame.to_dict("records"),
    }
    return json.dumps(body, ensure_ascii=False, indent=1, default=str) + "\n"


@app.command()
def allocate(
    budget: Annotated[
        str,
        typer.Option(
            help="What to distribute: euros (1.000.000,50 or 1000000.50; exact to the cent) or, "
            "with --posts, a whole number of posts."
        ),
    ],
    need: Annotated[str, typer.Option(help="Indicator id of the need (e.g. sgb2_u15).")],
    target_population: Annotated[
        str | None,
        typer.Option(help="Indicator id of the target population the need is multiplied with."),
    ] = None,
    floor: Annotated[str | None, typer.Option(help="Least per area (euros or posts).")] = None,
    cap: Annotated[
        str | None, typer.Option(help="Most per area (euros or posts; 0: no cap).")
    ] = None,
    classes_weights: Annotated[
        str | None,
        typer.Option(
            help="Split by the rating class of the need instead of its value, e.g. "
            "best=0,better=0.5,similar=1,worse=1.5,worst=2."
        ),
    ] = None,
    posts: Annotated[bool, typer.Option("--posts", help="Distribute posts, not money.")] = False,
    level: LevelOpt = None,
    period: Annotated[
        str | None, typer.Option(help="Year or school year; default: each indicator's latest.")
    ] = None,
    format: Annotated[
        AllocationFormat,
        typer.Option(
            help="csv and xlsx as the dashboard's downloads (German CSV with ; and decimal "
            "comma for --lang de), the rule and the data version in the header; json with "
            "full precision in units (cents or posts)."
        ),
    ] = AllocationFormat.csv,
    output: Annotated[Path | None, typer.Option(help="Write to this file.")] = None,
    lang: Annotated[str, typer.Option(help="Language of the rule and headers: de or en.")] = "de",
    data_dir: DataDirOpt = None,
    database_url: DatabaseUrlOpt = None,
) -> None:
    """Split a budget (or posts) over the areas by need, beside the even split per head."""
    unit: allocation.Unit = "post" if posts else "cent"
    try:
        if format is AllocationFormat.xlsx and output is None:
            raise BildungsampelError("cli.allocate.xlsx_needs_output")
        data = load_data(None, None, None, None, None, None, None, data_dir, database_url)
        level = data.level_named(level)
        areas, need_q, pop_q = _areas(
            data,
            level=level,
            period=period,
            need=need,
            population=target_population,
            by_classes=classes_weights is not None,
        )
        rule = allocation_input.typed_rule(
            budget=budget,
            need=need_q,
            population=pop_q,
            unit=unit,
            floor=floor,
            cap=cap,
            weights=classes_weights,
        )
        names = data.display_names(level)
        result = allocation.allocate(areas, rule, names=names)
        if format is AllocationFormat.json:
            content: bytes = _json(result, data, names, lang).encode("utf-8")
        else:
            content = present.allocation_file(
                result, data, names, fmt=format.value, lang=lang, level=level
            )
    except (BildungsampelError, ValueError, OSError) as error:
        term.fail(error)
        return
    if output is None:
        typer.echo(content.decode("utf-8-sig"), nl=False)
        return
    output.write_bytes(content)
    term.err.print(f"{len(result.frame)} areas written to {output}", highlight=False)
