"""Matching phase: the area cells of the long table become area ids of the boundaries.

Ids, names and fuzzy matches come from :func:`indicators.matching.match_areas`;
here the rows of the city total are kept once as the delivered city value, a
Stadtbezirk's rows are left out (its values are summed from the Stadtteile),
and every unmatched, skipped or fuzzily matched name becomes a report line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from indicators.aggregate import CITY_ID
from indicators.importer.report import Problem
from indicators.matching import match_areas, normalize_name
from indicators.messages import Message

#: Names not found in the boundaries that get a report line each; the rest are one line.
UNMATCHED_SHOWN = 200


@dataclass(frozen=True)
class AreaContext:
    """What the area cells are matched against."""

    areas: Mapping[str, str]
    parents: Mapping[str, str] | None = None
    city_name: str = ""
    confirmed: Mapping[str, str] | None = None

    @property
    def prefixes(self) -> list[str]:
        """Prefixes stripped from names ("Gelsenkirchen-")."""
        return [self.city_name] if self.city_name else []


def known_areas(areas_frame: pd.DataFrame) -> dict[str, str]:
    """Return area id → name of a boundary frame."""
    return dict(
        zip(areas_frame["area_id"].astype(str), areas_frame["area_name"].astype(str), strict=True)
    )


def attach_areas(
    long: pd.DataFrame, context: AreaContext, *, column: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """Set ``area_id`` (None: not imported) and ``match`` of ``long`` in place.

    Returns the match table (:data:`indicators.matching.MATCH_COLUMNS`) and the
    report lines of the matching; ``column`` is the area column's name.
    """
    matches = match_areas(
        long["source_area"],
        context.areas,
        parents=context.parents,
        city_names=context.prefixes,
        prefixes=context.prefixes,
        confirmed=context.confirmed,
    )
    lookup = matches.set_index("source")
    level = long["source_area"].map(lookup["level"])
    long["area_id"] = long["source_area"].map(lookup["area_id"]).where(level == "area")
    # a row of the whole city is kept as the delivered city value (see city.city_reference)
    long.loc[level == "city", "area_id"] = CITY_ID
    problems = _leave_out_extra_city(long, column)
    kept_city = set(long.loc[long["area_id"] == CITY_ID, "source_area"])
    long["match"] = long["source_area"].map(lookup["how"])
    problems += _leave_out_later_parents(long, context, column)
    problems += match_problems(long, matches, context.areas, column=column, kept_city=kept_city)
    return matches, problems


def _leave_out(
    long: pd.DataFrame,
    rows: pd.Series,
    column: str | None,
    problem: str,
    fix: str,
) -> list[Problem]:
    """Leave the ``rows`` of ``long`` unmatched (not imported); one warning per source name."""
    out = [
        Problem(
            row=int(part["source_row"].min()),
            column=column,
            value=str(source),
            problem=Message(problem),
            fix=Message(fix),
            severity="warning",
        )
        for source, part in long[rows].groupby("source_area")
    ]
    long.loc[rows, "area_id"] = None
    return out


def _leave_out_extra_city(long: pd.DataFrame, column: str) -> list[Problem]:
    """Only the first city-total row per indicator and period counts."""
    extra_city = (long["area_id"] == CITY_ID) & long.duplicated(
        ["area_id", "indicator", "period_raw"], keep="first"
    )
    return _leave_out(
        long,
        extra_city,
        column,
        "importer.area.extra_city",
        "importer.area.extra_city.fix",
    )


def _leave_out_later_parents(
    long: pd.DataFrame, context: AreaContext, column: str
) -> list[Problem]:
    """Leave out the later rows of a name that is also a Stadtbezirk (Hamburg: Eimsbüttel).

    Its later occurrence in the same table is the Bezirk row.
    """
    prefixes = context.prefixes
    parent_keys = {normalize_name(n, prefixes=prefixes) for n in (context.parents or {}).values()}
    is_parent = {
        v: normalize_name(v, prefixes=prefixes) in parent_keys
        for v in pd.unique(long["source_area"])
    }
    later = long.duplicated(["source_area", "indicator", "period_raw"], keep="first") & long[
        "source_area"
    ].map(is_parent).astype(bool)
    return _leave_out(
        long,
        later,
        column,
        "importer.area.later_parent",
        "importer.fix.nothing",
    )


def match_problems(
    long: pd.DataFrame,
    matches: pd.DataFrame,
    areas: Mapping[str, str],
    *,
    column: str,
    kept_city: set[str],
) -> list[Problem]:
    """One report line per distinct area cell that is not simply matched by id or name.

    Only the first :data:`UNMATCHED_SHOWN` unmatched names get a line each.
    """
    first_rows = long.groupby("source_area")["source_row"].min()
    problems: list[Problem] = []
    unmatched = 0
    for m in matches.itertuples():
        source = str(m.source)
        first = int(first_rows[source])
        if m.how == "unmatched":
            unmatched += 1
            if unmatched <= UNMATCHED_SHOWN:
                problems.append(_unmatched(m, areas, row=first, column=column))
            continue
        if m.how == "city" and source not in kept_city:
            continue
        note = _NOTES.get(str(m.how))
        if note is not None:
            problem, fix = note
            problems.append(
                Problem(first, column, source, Message(problem), Message(fix), severity="warning")
            )
        elif m.how == "fuzzy":
            problems.append(_fuzzy(m, areas, row=first, column=column))
    if unmatched > UNMATCHED_SHOWN:
        problems.append(_more_unmatched(unmatched - UNMATCHED_SHOWN, column))
    return problems


#: Warnings for recognised rows: the message keys of problem and fix.
_NOTES: dict[str, tuple[str, str]] = {
    "skipped": ("importer.area.skipped", "importer.fix.nothing"),
    "city": ("importer.area.city", "importer.area.city.fix"),
    "parent": ("importer.area.parent", "importer.area.parent.fix"),
}


def _unmatched(m: object, areas: Mapping[str, str], *, row: int, column: str) -> Problem:
    suggestion = getattr(m, "suggestion", None)
    suggestion = suggestion if isinstance(suggestion, str) else ""
    score = float(getattr(m, "score", 0.0))
    problem = (
        Message("importer.area.unmatched_suggested", {"name": areas[suggestion], "score": score})
        if suggestion
        else Message("importer.area.unmatched")
    )
    return Problem(
        row=row,
        column=column,
        value=str(getattr(m, "source", "")),
        problem=problem,
        fix=Message("importer.area.unmatched.fix"),
    )


def _fuzzy(m: object, areas: Mapping[str, str], *, row: int, column: str) -> Problem:
    name = areas[str(getattr(m, "area_id", ""))]
    score = float(getattr(m, "score", 0.0))
    return Problem(
        row=row,
        column=column,
        value=str(getattr(m, "source", "")),
        problem=Message("importer.area.fuzzy", {"name": name, "score": score}),
        fix=Message("importer.area.fuzzy.fix"),
        severity="warning",
    )


def _more_unmatched(count: int, column: str | None) -> Problem:
    """One error line for the unmatched names beyond :data:`UNMATCHED_SHOWN`."""
    return Problem(
        row=None,
        column=column,
        value="",
        problem=Message("importer.area.more_unmatched", {"n": count, "shown": UNMATCHED_SHOWN}),
        fix=Message("importer.area.more_unmatched.fix"),
    )
