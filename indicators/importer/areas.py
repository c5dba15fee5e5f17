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
    problem: tuple[str, str],
    fix: tuple[str, str],
) -> list[Problem]:
    """Leave the ``rows`` of ``long`` unmatched (not imported); one warning per source name."""
    out = [
        Problem(
            row=int(part["source_row"].min()),
            column=column,
            value=str(source),
            problem_de=problem[0],
            problem_en=problem[1],
            fix_de=fix[0],
            fix_en=fix[1],
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
        (
            "weitere Zeile für die Gesamtstadt, nicht importiert (die erste gilt)",
            "another row for the city total, not imported (the first one counts)",
        ),
        (
            "nur eine Gesamtstadt-Zeile je Indikator und Jahr liefern",
            "deliver one city total row per indicator and year",
        ),
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
        (
            "zweite Zeile dieses Namens als Stadtbezirk erkannt, nicht importiert",
            "second row of this name recognised as a borough, not imported",
        ),
        ("nichts zu tun", "nothing to do"),
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
            de, en, fix_de, fix_en = note
            problems.append(
                Problem(first, column, source, de, en, fix_de, fix_en, severity="warning")
            )
        elif m.how == "fuzzy":
            problems.append(_fuzzy(m, areas, row=first, column=column))
    if unmatched > UNMATCHED_SHOWN:
        problems.append(_more_unmatched(unmatched - UNMATCHED_SHOWN, column))
    return problems


#: Warnings for recognised rows: problem (de, en), fix (de, en).
_NOTES: dict[str, tuple[str, str, str, str]] = {
    "skipped": (
        "bei der Zuordnung ausgeschlossen, nicht importiert",
        "excluded by the analyst, not imported",
        "nichts zu tun",
        "nothing to do",
    ),
    "city": (
        "Zeile für die Gesamtstadt erkannt: als gelieferter Stadtwert übernommen, mit dem die "
        "Gebiete verglichen werden",
        "row for the city total recognised: kept as the delivered city value the areas are "
        "compared with",
        "nichts zu tun; ohne diese Zeile wird der Stadtwert aus den Gebieten berechnet",
        "nothing to do; without this row the city value is computed from the areas",
    ),
    "parent": (
        "Zeile für einen Stadtbezirk erkannt, nicht importiert",
        "row for a borough recognised, not imported",
        "nichts zu tun: Bezirkswerte werden aus den Stadtteilen berechnet",
        "nothing to do: borough values are computed from the areas",
    ),
}


def _unmatched(m: object, areas: Mapping[str, str], *, row: int, column: str) -> Problem:
    suggestion = getattr(m, "suggestion", None)
    suggestion = suggestion if isinstance(suggestion, str) else ""
    score = float(getattr(m, "score", 0.0))
    hint_de = (
        f"; Vorschlag: {areas[suggestion]} (Übereinstimmung {score:.0f})" if suggestion else ""
    )
    hint_en = f"; suggestion: {areas[suggestion]} (score {score:.0f})" if suggestion else ""
    return Problem(
        row=row,
        column=column,
        value=str(getattr(m, "source", "")),
        problem_de="Gebiet nicht gefunden" + hint_de,
        problem_en="area not found" + hint_en,
        fix_de="Zuordnung bestätigen oder Namen/ID an die Grenzdatei anpassen",
        fix_en="confirm the match or align the name/id with the boundary file",
    )


def _fuzzy(m: object, areas: Mapping[str, str], *, row: int, column: str) -> Problem:
    name = areas[str(getattr(m, "area_id", ""))]
    score = float(getattr(m, "score", 0.0))
    return Problem(
        row=row,
        column=column,
        value=str(getattr(m, "source", "")),
        problem_de=f"ähnlich geschrieben, zugeordnet zu {name} ({score:.0f})",
        problem_en=f"spelled differently, matched to {name} ({score:.0f})",
        fix_de="Zuordnung prüfen",
        fix_en="check the match",
        severity="warning",
    )


def _more_unmatched(count: int, column: str | None) -> Problem:
    """One error line for the unmatched names beyond :data:`UNMATCHED_SHOWN`."""
    return Problem(
        row=None,
        column=column,
        value="",
        problem_de=f"{count} weitere nicht zugeordnete Namen (nur die ersten {UNMATCHED_SHOWN} "
        "sind einzeln aufgeführt)",
        problem_en=f"{count} more names not found in the boundaries (only the first "
        f"{UNMATCHED_SHOWN} are listed)",
        fix_de="die richtige Spalte als Gebiet wählen oder Namen/IDs an die Grenzdatei anpassen",
        fix_en="choose the right area column or align the names/ids with the boundary file",
    )
