"""Matching the area column of an uploaded table to the areas of the boundaries.

Order: by id, then by a normalised name (casefold, ß→ss, umlauts, hyphens
and spaces, prefixes such as "Gelsenkirchen-"), then fuzzy suggestions with
rapidfuzz. A fuzzy match is accepted automatically only when it is a clear winner (score ≥ 90 and 10
points ahead of the runner-up); otherwise it is a suggestion the analyst
confirms. Rows naming the city total or a Stadtbezirk are recognised as such.
Nothing is dropped silently: unmatched rows are reported.

The id rule (docs/DATA.md): ids are text and leading zeros are significant.
An uploaded id matches an area whose id is exactly the same; failing that, it
matches after stripping leading zeros (and a trailing ``.0`` of a spreadsheet
number) only when exactly one area has that number — "7" finds "007" when
there is no other "7", and is left unmatched (with a suggestion) when areas
"7" and "07" both exist. A name shared by several areas is matched the same
way: never to the first of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

AUTO_SCORE = 90.0
AUTO_LEAD = 10.0
SUGGEST_SCORE = 60.0
CITY_WORDS = (
    "gesamt",
    "insgesamt",
    "stadt gesamt",
    "gesamtstadt",
    "stadt",
    "summe",
    "total",
    "city",
    "alle",
)
#: Confirmation value meaning "do not import this row".
SKIP = "__skip__"
MATCH_COLUMNS = ("source", "area_id", "how", "score", "level", "suggestion")


def normalize_name(name: object, *, prefixes: Iterable[str] = ()) -> str:
    """Return a comparable form of an area name.

    Examples
    --------
    >>> normalize_name("Gelsenkirchen-Heßler", prefixes=["Gelsenkirchen"])
    'hessler'
    >>> normalize_name("  Bulmke - Hüllen ")
    'bulmkehuellen'
    """
    text = unicodedata.normalize("NFC", str(name)).strip().casefold()
    for prefix in prefixes:
        p = prefix.casefold()
        if text.startswith(p) and len(text) > len(p):
            text = text[len(p) :].lstrip(" -_/:")
    text = text.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s\-_./,'’()]+", "", text)


def normalize_id(value: object) -> str:
    """Return an id for comparison: strings kept, numbers without leading zeros.

    Examples
    --------
    >>> normalize_id("001"), normalize_id(1.0), normalize_id("0101a")
    ('1', '1', '0101a')
    """
    text = str(value).strip()
    if re.fullmatch(r"\d+(\.0+)?", text):
        return str(int(float(text)))
    return text


def match_areas(
    values: Iterable[object],
    areas: Mapping[str, str],
    *,
    parents: Mapping[str, str] | None = None,
    city_names: Iterable[str] = (),
    prefixes: Iterable[str] = (),
    confirmed: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Match each distinct value of an area column.

    Parameters
    ----------
    values : iterable
        The cells of the area column (ids or names).
    areas : mapping
        Area id → name of the boundaries.
    parents : mapping, optional
        Parent id → name (Stadtbezirke).
    city_names : iterable of str
        Names of the city total (e.g. the city's own name).
    prefixes : iterable of str
        Prefixes to strip from names ("Gelsenkirchen-").
    confirmed : mapping, optional
        Source value → area id chosen by the analyst (overrides everything).

    Returns
    -------
    pandas.DataFrame
        :data:`MATCH_COLUMNS`: ``how`` is ``id``, ``name``, ``fuzzy``,
        ``confirmed``, ``parent``, ``city``, ``skipped`` (the analyst chose not to
        import it) or ``unmatched``; ``suggestion`` the
        best fuzzy candidate for an unmatched value.
    """
    lookup = _Lookup.of(areas, parents or {}, [*city_names], list(prefixes))
    rows = [
        _match_one(value, lookup, dict(confirmed or {}))
        for value in dict.fromkeys(str(v) for v in values)
    ]
    return pd.DataFrame(rows, columns=list(MATCH_COLUMNS))


@dataclass(frozen=True)
class _Lookup:
    """The boundaries' ids and names, normalised once for matching many values."""

    by_id: Mapping[str, str | None]  # None: ambiguous
    by_name: Mapping[str, str | None]
    parent_names: Mapping[str, str]
    parent_ids: Mapping[str, str]
    cities: set[str]
    choices: Mapping[str, str]  # area id → normalised name
    prefixes: list[str]

    @classmethod
    def of(
        cls,
        areas: Mapping[str, str],
        parents: Mapping[str, str],
        city_names: list[str],
        prefixes: list[str],
    ) -> _Lookup:
        by_id: dict[str, str | None] = {}
        for area_id in areas:
            key = normalize_id(area_id)
            by_id[key] = None if key in by_id else area_id
        by_name: dict[str, str | None] = {}
        for area_id, name in areas.items():
            key = normalize_name(name, prefixes=prefixes)
            by_name[key] = None if key in by_name else area_id
        return cls(
            by_id=by_id,
            by_name=by_name,
            parent_names={normalize_name(n, prefixes=prefixes): p for p, n in parents.items()},
            parent_ids={normalize_id(p): p for p in parents},
            cities={normalize_name(c) for c in [*city_names, *CITY_WORDS]},
            choices={a: normalize_name(n, prefixes=prefixes) for a, n in areas.items()},
            prefixes=prefixes,
        )


def _row(
    value: str,
    area: str | None,
    how: str,
    score: float = 100.0,
    level: str = "area",
    suggestion: str | None = None,
) -> dict[str, object]:
    return {
        "source": value,
        "area_id": area,
        "how": how,
        "score": score,
        "level": level,
        "suggestion": suggestion,
    }


def _match_one(value: str, lookup: _Lookup, confirmed: Mapping[str, str]) -> dict[str, object]:
    """Match one value: confirmed, id, name, city, parent, then fuzzy."""
    if value in confirmed:
        if confirmed[value] == SKIP:
            return _row(value, None, "skipped", level="skipped")
        return _row(value, confirmed[value], "confirmed")
    key = normalize_id(value)
    choices = lookup.choices
    if value.strip() in choices:  # the exact id always wins
        return _row(value, value.strip(), "id")
    if key in lookup.by_id:
        found = lookup.by_id[key]
        if found is not None:
            return _row(value, found, "id")
        same = sorted(a for a in choices if normalize_id(a) == key)
        return _row(value, None, "unmatched", 100.0, suggestion=same[0])
    name = normalize_name(value, prefixes=lookup.prefixes)
    if name in lookup.by_name:
        found = lookup.by_name[name]
        if found is not None:
            return _row(value, found, "name")
        same = sorted(a for a, n in choices.items() if n == name)
        return _row(value, None, "unmatched", 100.0, suggestion=same[0])
    if name in lookup.cities or not name:
        return _row(value, None, "city", level="city")
    if name in lookup.parent_names:
        return _row(value, lookup.parent_names[name], "parent", level="parent")
    if key in lookup.parent_ids:
        return _row(value, lookup.parent_ids[key], "parent", level="parent")
    return _fuzzy(value, name, choices)


def _fuzzy(value: str, name: str, choices: Mapping[str, str]) -> dict[str, object]:
    """Accept a clear fuzzy winner; else leave unmatched, with a suggestion when close."""
    best = process.extract(name, choices, scorer=fuzz.WRatio, limit=2)
    if not best:
        return _row(value, None, "unmatched", 0.0)
    _, score, area_id = best[0]
    runner = best[1][1] if len(best) > 1 else 0.0
    if score >= AUTO_SCORE and score - runner >= AUTO_LEAD:
        return _row(value, str(area_id), "fuzzy", float(score))
    suggestion = str(area_id) if score >= SUGGEST_SCORE else None
    return _row(value, None, "unmatched", float(score), suggestion=suggestion)


def split_aggregate_rows(
    frame: pd.DataFrame,
    *,
    name_column: str,
    parent_names: Iterable[str],
    city_names: Iterable[str],
) -> pd.Series:
    """Tell area rows from parent (Bezirk) and city-total rows in one table.

    Official tables often list Stadtteile, then Bezirke, then the city total.
    A name that is both a Stadtteil and a Bezirk (Hamburg: Eimsbüttel,
    Wandsbek, Bergedorf, Harburg) appears twice: its first occurrence is the
    Stadtteil, the later one the Bezirk.

    Parameters
    ----------
    frame : pandas.DataFrame
        The raw table.
    name_column : str
        Column holding the area names.
    parent_names, city_names : iterable of str
        Known Bezirk names and names of the city total.

    Returns
    -------
    pandas.Series
        ``"area"``, ``"parent"`` or ``"city"`` per row.
    """
    parents = {n.strip().casefold() for n in parent_names}
    cities = {n.strip().casefold() for n in city_names}
    names = frame[name_column].astype(str).str.strip().str.casefold()
    dup_later = names.duplicated(keep="first")
    level = pd.Series("area", index=frame.index, dtype=object)
    is_parent = names.isin(parents) & (dup_later | ~names.duplicated(keep=False))
    level[is_parent] = "parent"
    level[names.isin(cities)] = "city"
    return level
