"""The one path of an indicator table: read → layout → long rows → areas → cells → schema.

:func:`prepare` is used by the upload page, ``bildungsampel import indicators``,
the read-only file mode and the sample city; :func:`accepted` hands on the
observations of a table without errors and refuses any other with the report's
first lines (:func:`indicators.importer.report.refusal`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from indicators.catalog import Catalog
from indicators.errors import ObservationError
from indicators.importer import counts
from indicators.importer.areas import AreaContext, attach_areas
from indicators.importer.cells import cell_problems, read_periods
from indicators.importer.layout import ColumnMapping, detect_mapping
from indicators.importer.longform import to_long
from indicators.importer.reading import DEFAULT_LIMIT, UnreadableFileError, read_upload
from indicators.importer.report import Prepared, Problem, from_note, refusal
from indicators.importer.validation import validate
from indicators.messages import Message
from indicators.observations import normalize_observations
from indicators.tables import TableLimits

#: Columns of the rows handed to the schema.
_CHECKED = [
    "area_id",
    "indicator",
    "period",
    "year",
    "value",
    "numerator",
    "denominator",
    "source_row",
    "value_column",
    "raw_value",
    "numerator_column",
    "denominator_column",
    "source_area",
]
#: Columns of :attr:`Prepared.observations`.
_OBSERVATIONS = [
    "area_id",
    "indicator",
    "period",
    "value",
    "numerator",
    "denominator",
    "missing_reason",
    "source_row",
]


@dataclass(frozen=True)
class ImportOptions:
    """How a table is read and laid out, as the analyst chose (default: detected).

    Attributes
    ----------
    mapping : ColumnMapping, optional
        The analyst's column mapping (default: detected).
    period : str or int, optional
        Year of a table without a year column.
    sheet : str, optional
        Sheet of an XLSX workbook (default: the active visible sheet with a table).
    confirmed : mapping
        Source area value → area id confirmed by the analyst.
    max_bytes : int
        Size limit of the file.
    limits : TableLimits
        Limits for reading the table (see :class:`indicators.tables.TableLimits`).
    skip_columns, only_columns : tuple of str
        Wide table: columns not to import, or the only ones to import (the
        others are listed once as skipped).
    strict : bool
        Refuse a wide table with columns that are no catalogue indicator
        (instead of offering them as new indicators or skipping text columns).
    missing_values : tuple of str
        The file's codes for a missing value (``-9999`` "ohne Zuordnung"):
        read as missing, not as numbers. Undeclared numbers that look like
        such codes are warned about.
    """

    mapping: ColumnMapping | None = None
    period: str | int | None = None
    sheet: str | None = None
    confirmed: Mapping[str, str] = field(default_factory=dict)
    max_bytes: int = DEFAULT_LIMIT
    limits: TableLimits | None = None
    missing_values: tuple[str, ...] = ()
    skip_columns: tuple[str, ...] = ()
    only_columns: tuple[str, ...] = ()
    strict: bool = False
    empty_as_zero: bool = False


def chosen_columns(
    mapping: ColumnMapping, options: ImportOptions, catalog: Catalog
) -> ColumnMapping:
    """Apply the analyst's column choices (skip, only, strict) to a wide mapping.

    Raises
    ------
    UnreadableFileError
        For a named column the table does not have, or (``strict``) columns
        that are no catalogue indicator.
    """
    if mapping.layout != "wide":
        return mapping
    named = set(options.skip_columns) | set(options.only_columns)
    known = set(mapping.indicator_columns) | set(mapping.skipped_columns)
    unknown = sorted(named - known)
    if unknown:
        raise UnreadableFileError(
            "importer.column.not_in_table",
            columns=", ".join(map(repr, unknown)),
            known=", ".join(map(repr, sorted(known))),
        )
    asked = {
        c
        for c in mapping.indicator_columns
        if c in options.skip_columns or (options.only_columns and c not in options.only_columns)
    }
    chosen = replace(
        mapping,
        indicator_columns={c: i for c, i in mapping.indicator_columns.items() if c not in asked},
        skipped_columns={
            **mapping.skipped_columns,
            **dict.fromkeys(
                sorted(asked | (set(mapping.skipped_columns) & set(options.skip_columns))), "asked"
            ),
        },
    )
    foreign = [c for c, i in chosen.indicator_columns.items() if i not in catalog]
    foreign += [c for c, why in chosen.skipped_columns.items() if why == "text"]
    if options.strict and foreign:
        raise UnreadableFileError("importer.column.strict", columns=", ".join(map(repr, foreign)))
    return chosen


def prepare(
    data: bytes,
    name: str,
    *,
    areas: Mapping[str, str],
    catalog: Catalog,
    parents: Mapping[str, str] | None = None,
    city_name: str = "",
    options: ImportOptions | None = None,
) -> Prepared:
    """Read, lay out, match and validate an indicator table; nothing is written.

    Parameters
    ----------
    data, name : bytes, str
        The file and its name.
    areas : mapping
        Area id → name of the boundaries.
    catalog : Catalog
        The catalogue including any new indicators the analyst described.
    parents : mapping, optional
        Parent id → name, to recognise Stadtbezirk rows.
    city_name : str
        The municipality's name (recognises city-total rows, strips prefixes).
    options : ImportOptions, optional
        Mapping, period, sheet, confirmed matches and limits (default: detected).

    Returns
    -------
    Prepared
        The observations and every problem found (row, column, value, problem, fix).

    Raises
    ------
    UnreadableFileError
        When the file cannot be read at all.
    """
    options = options or ImportOptions()
    raw = read_upload(
        data, name, max_bytes=options.max_bytes, sheet=options.sheet, limits=options.limits
    )
    chosen = chosen_columns(options.mapping or detect_mapping(raw, catalog), options, catalog)
    long = to_long(raw, chosen, period=options.period, missing_codes=options.missing_values)
    problems: list[Problem] = [from_note(n) for n in raw.notes]
    problems += [
        Problem(
            row=None,
            column=col,
            value="",
            problem=Message(f"importer.column.skipped.{why}"),
            fix=Message(f"importer.column.skipped.{why}.fix"),
            severity="warning",
        )
        for col, why in chosen.skipped_columns.items()
    ]
    context = AreaContext(areas, parents, city_name, options.confirmed)
    matches, found = attach_areas(long, context, column=chosen.area_column)
    problems += found
    body, found = _checked_rows(long, chosen, catalog, empty_as_zero=options.empty_as_zero)
    problems += found
    problems.sort(key=lambda p: (p.row if p.row is not None else -1, p.column or ""))
    obs = body.assign(area_id=body["area_id"].astype(str))[_OBSERVATIONS]
    return Prepared(
        observations=obs.reset_index(drop=True),
        mapping=chosen,
        matches=matches,
        problems=problems,
        encoding=raw.encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        source_name=name,
        rows_read=len(raw.frame),
    )


def _checked_rows(
    long: pd.DataFrame, mapping: ColumnMapping, catalog: Catalog, *, empty_as_zero: bool = False
) -> tuple[pd.DataFrame, list[Problem]]:
    """Return the matched rows with readable periods, and the cell, period and schema problems.

    Empty count cells are reported (or read as 0) before the checks; the cells
    of a derived rate become its numerator after them, so that a bad cell is
    reported in its column of the file.
    """
    body = long[long["area_id"].notna()].copy()
    problems = cell_problems(body)
    body, found = counts.empty_count_cells(body, catalog, as_zero=empty_as_zero)
    problems += found
    body["period"], body["year"], found = read_periods(body, mapping)
    problems += found
    body = body[body["period"].notna()]
    problems += validate(body[_CHECKED].astype({"year": int}), catalog)
    return counts.counts_of_derived_rates(body, catalog), problems


def prepare_file(
    path: str | Path,
    *,
    areas: Mapping[str, str],
    catalog: Catalog,
    parents: Mapping[str, str] | None = None,
    city_name: str = "",
    options: ImportOptions | None = None,
) -> Prepared:
    """:func:`prepare` for a table on disk (the read-only file mode, the sample city).

    Raises
    ------
    ObservationError
        When ``path`` is no file; see :func:`prepare` for the rest.
    """
    path = Path(path)
    if not path.is_file():
        raise ObservationError("tables.file.missing", path=path)
    return prepare(
        path.read_bytes(),
        path.name,
        areas=areas,
        catalog=catalog,
        parents=parents,
        city_name=city_name,
        options=options,
    )


def accepted(prepared: Prepared) -> pd.DataFrame:
    """Return the normalised observations of a table the check found no errors in.

    Raises
    ------
    ImportRefusedError
        When the report has errors (or no values), with its first lines and count.
    """
    refused = refusal(prepared)
    if refused is not None:
        raise refused
    return normalize_observations(prepared.observations.drop(columns="source_row"))
