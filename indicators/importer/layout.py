"""Layout phase: which columns hold the area, period, indicator, value and counts.

A table with indicator and value columns is long; any other is wide (one
column per indicator, headers may carry the year: "Übergang 2022/23", and
count columns name their value column: "Übergang Zähler 2022/23"). To accept
another spelling of a role, add it to :data:`ALIASES`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import pandas as pd

from indicators.catalog import Catalog
from indicators.matching import normalize_id, normalize_name
from indicators.numbers import parse_column
from indicators.tables import RawTable, normalize_header

Layout = Literal["long", "wide"]


@dataclass(frozen=True)
class ColumnMapping:
    """How the table's columns are read (detected, adjustable by the analyst).

    A long table names one numerator and one denominator column; in a wide
    table ``numerator_columns`` and ``denominator_columns`` map an indicator
    (value) column to the columns with its counts ("Gymnasium Zähler").
    """

    layout: Layout
    area_column: str
    period_column: str | None = None
    indicator_column: str | None = None
    value_column: str | None = None
    numerator_column: str | None = None
    denominator_column: str | None = None
    #: Long table: the column giving why a value is missing ("suppressed").
    reason_column: str | None = None
    indicator_columns: dict[str, str] = field(default_factory=dict)
    column_periods: dict[str, str] = field(default_factory=dict)
    numerator_columns: dict[str, str] = field(default_factory=dict)
    denominator_columns: dict[str, str] = field(default_factory=dict)
    #: Wide table: columns not imported, with why ("text": classes or other text, "names":
    #: area names beside the area column, "population": no population indicator, "asked").
    skipped_columns: dict[str, str] = field(default_factory=dict)
    #: Long table without an indicator column: the indicator of every row.
    single_indicator: str | None = None
    #: Wide table: indicator columns that are the numerator of an indicator without a
    #: value column (its value is numerator / denominator × multiplier).
    count_only: tuple[str, ...] = ()


#: Header spellings of each role (casefolded, first match wins).
ALIASES: dict[str, tuple[str, ...]] = {
    "area": (
        "area_id",
        "area",
        "gebiet",
        "raum_id",
        "stadtteil_id",
        "stadtteil",
        "id",
        "stadtteil_nr",
        "stadtgebiet",
        "ortsteil",
        "name",
        "bezeichnung",
    ),
    "indicator": ("indicator", "indikator", "merkmal"),
    "period": ("period", "year", "jahr", "zeitraum", "schuljahr", "stichtag"),
    "value": ("value", "wert"),
    "numerator": ("numerator", "zaehler", "zähler", "anzahl"),
    "denominator": ("denominator", "nenner", "grundgesamtheit", "basis"),
    "reason": ("missing_reason", "grund"),
}


def _find(columns: Sequence[str], role: str, exclude: Sequence[str] = ()) -> str | None:
    folded = {c: c.casefold().strip() for c in columns if c not in exclude}
    for alias in ALIASES[role]:
        for col, low in folded.items():
            if low == alias:
                return col
    return None


@dataclass(frozen=True)
class AreaEvidence:
    """How many filled cells of a column are area ids or names of the published boundaries."""

    column: str
    filled: int
    ids: int
    names: int

    @property
    def kind(self) -> Literal["id", "name"] | None:
        """What the column holds: area ids, area names, or (None) neither."""
        if self.filled and self.ids >= AREA_SHARE * self.filled:
            return "id"
        if self.filled and self.names >= AREA_SHARE * self.filled:
            return "name"
        return None

    @property
    def share(self) -> float:
        """The share of filled cells that are ids (an id column) or names."""
        matched = self.ids if self.kind == "id" else self.names
        return matched / self.filled if self.filled else 0.0


#: Share of a column's filled cells that must be area ids (or names) of the
#: boundaries for the column to be taken as the area column by its content.
AREA_SHARE = 0.5
#: Share of matching cells above which a column clearly holds area ids or names.
AREA_CLEAR = 0.9
#: Rows looked at to recognise the area column by content.
AREA_SAMPLE = 2000


def area_evidence(
    cells: pd.Series,
    areas: Mapping[str, str],
    *,
    column: str = "",
    keys: tuple[set[str], set[str]] | None = None,
) -> AreaEvidence:
    """Count the filled cells that are area ids or names of ``areas`` (id → name).

    Ids are compared as :func:`indicators.matching.match_areas` compares them:
    exactly, or without leading zeros and a spreadsheet's ``.0`` ("1001",
    1001.0 and "01001" are the same id); names in their normalised form.

    Examples
    --------
    >>> e = area_evidence(pd.Series(["1001", 1002.0, "x", None]), {"01001": "A", "01002": "B"})
    >>> e.filled, e.ids, e.names, e.kind
    (3, 2, 0, 'id')
    """
    ids, names = keys or area_keys(areas)
    counts = Counter(text for text in (_cell_text(v) for v in cells.to_numpy(dtype=object)) if text)
    found = {"id": 0, "name": 0}
    for text, n in counts.items():
        if text in ids or normalize_id(text) in ids:
            found["id"] += n
        if normalize_name(text) in names:
            found["name"] += n
    return AreaEvidence(
        column=column, filled=sum(counts.values()), ids=found["id"], names=found["name"]
    )


def _cell_text(value: object) -> str:
    return "" if value is None or value != value else str(value).strip()


def area_keys(areas: Mapping[str, str]) -> tuple[set[str], set[str]]:
    """Return the ids (as written and without leading zeros) and normalised names of ``areas``."""
    ids = set(areas) | {normalize_id(a) for a in areas}
    return ids, {normalize_name(n) for n in areas.values()} - {""}


def _area_by_content(
    frame: pd.DataFrame,
    cols: list[str],
    areas: Mapping[str, str],
    exclude: Sequence[str],
) -> tuple[str | None, dict[str, AreaEvidence]]:
    """Return the column of area ids (or names) and the evidence of each column.

    Ranked by: nearly all cells match (:data:`AREA_CLEAR`); a header that names
    an area column ("Stadtteil", "RAUMID", "Nr.", "Planungsraum (Nummer)") or
    ids that name the same area as the name column in nearly every row; ids
    before names; the larger share; the leftmost. So a clear id column wins
    wherever it stands and however it is named, and a column of figures that
    happen to equal some ids does not beat the named area column.
    """
    sample = frame.head(AREA_SAMPLE)
    keys = area_keys(areas)
    found = {
        c: area_evidence(sample[c], areas, column=c, keys=keys)
        for c in cols
        if c not in exclude and areas
    }
    clear = [e for e in found.values() if e.kind is not None and e.share >= AREA_CLEAR]
    names = [e.column for e in clear if e.kind == "name"]
    agree = {
        e.column
        for e in clear
        if e.kind == "id" and names and _agreement(sample[e.column], sample[names[0]], areas)
    }
    ranked = sorted(
        (e for e in found.values() if e.kind is not None),
        key=lambda e: (
            e.share >= AREA_CLEAR,
            _names_area(e.column) or e.column in agree,
            e.kind == "id",
            e.share,
            -cols.index(e.column),
        ),
        reverse=True,
    )
    return (ranked[0].column if ranked else None), found


def _agreement(ids: pd.Series, names: pd.Series, areas: Mapping[str, str]) -> bool:
    """Whether the ids name the area of the name beside them in nearly every row."""
    by_id = {normalize_id(a): normalize_name(n) for a, n in areas.items()}
    by_id |= {a: normalize_name(n) for a, n in areas.items()}
    same = [
        by_id.get(str(i).strip(), by_id.get(normalize_id(i))) == normalize_name(n)
        for i, n in zip(ids, names, strict=True)
        if i is not None and n is not None
    ]
    return bool(same) and sum(same) >= AREA_CLEAR * len(same)


_AREA_KEYS = frozenset(normalize_name(a) for a in ALIASES["area"])
_ID_WORDS = re.compile(r".*(nr|nummer|id|schluessel|kennziffer|code|key)")


def _names_area(header: str) -> bool:
    """Whether a header names an area column: an alias, or ending in Nr/Nummer/ID/Schlüssel."""
    key = normalize_name(header)
    return key in _AREA_KEYS or bool(_ID_WORDS.fullmatch(key))


def detect_mapping(
    raw: RawTable, catalog: Catalog, *, areas: Mapping[str, str] | None = None
) -> ColumnMapping:
    """Guess the layout and the roles of the columns.

    The area column is the one whose cells are area ids of ``areas`` (the
    published boundaries, id → name), wherever it stands and however it is
    named ("RAUMID", "Nr."); failing that, the one with their names; failing
    that (or without ``areas``), the column named like an area column
    (:data:`ALIASES`), else the first.

    A table with indicator and value columns is long; otherwise every column
    that is not the area or the period is an indicator column (wide), mapped to
    the catalogue id whose id or label matches its header, else to a new id made
    from the header. Other columns of area names are skipped as names, a
    population column ("Einwohner", "EW", "Bevölkerung") is the catalogue's
    population indicator (or skipped when the catalogue has none), and text
    columns are skipped as text.
    """
    cols = [str(c) for c in raw.frame.columns]
    labels = _catalog_labels(catalog)
    # neither the period, indicator and value columns nor a catalogue indicator is the area
    roles = [_find(cols, role) for role in ("period", "indicator", "value")]
    roles += [c for c in cols if label_key(_wide_header(c, find_period=True)[0]) in labels]
    by_content, evidence = _area_by_content(
        raw.frame, cols, areas or {}, [c for c in roles if c is not None]
    )
    area = by_content or _find(cols, "area") or cols[0]
    period = _find(cols, "period", [area])
    indicator = _find(cols, "indicator", [area])
    value = _find(cols, "value", [area])
    numerator = _find(cols, "numerator", [area])
    denominator = _find(cols, "denominator", [area])
    if indicator and (value or (numerator and denominator)):  # counts alone give the value
        return ColumnMapping(
            layout="long",
            area_column=area,
            period_column=period,
            indicator_column=indicator,
            value_column=value,
            numerator_column=numerator,
            denominator_column=denominator,
            reason_column=_find(cols, "reason", [area]),
        )
    wide = _with_population(_wide_mapping(cols, area, period, labels), catalog)
    # a column that is no catalogue indicator and holds text is names or classes, not figures;
    # a catalogue indicator or a count column with text cells is reported cell by cell instead
    skipped = {
        col: "names" if evidence.get(col) and evidence[col].kind == "name" else "text"
        for col, ind_id in wide.indicator_columns.items()
        if ind_id not in catalog and is_text_column(raw.frame[col])
    }
    skipped |= {c: "population" for c, i in wide.indicator_columns.items() if i == POPULATION}
    return replace(
        wide,
        indicator_columns={c: i for c, i in wide.indicator_columns.items() if c not in skipped},
        column_periods={c: y for c, y in wide.column_periods.items() if c not in skipped},
        skipped_columns=skipped,
        count_only=tuple(c for c in wide.count_only if c not in skipped),
    )


#: Headers of a population column, in the form of :func:`label_key` (a year is split off).
POPULATION_HEADER = re.compile(
    r"(einwohner(innen)?(und(einwohner)?(innen)?)?|ew|bevoelkerung|population|inhabitants"
    r"|residents)(insgesamt|gesamt|total|anzahl)?"
)
#: Placeholder id of a population column when the catalogue has no population indicator.
POPULATION = "__population__"


def population_indicator(catalog: Catalog) -> str | None:
    """Return the id of the catalogue's population indicator (id or label "Einwohner" …)."""
    for ind in catalog.values():
        texts = (ind.id, ind.label_de, ind.label_en)
        if any(t and POPULATION_HEADER.fullmatch(label_key(t)) for t in texts):
            return ind.id
    return None


def _with_population(wide: ColumnMapping, catalog: Catalog) -> ColumnMapping:
    """Map a population column not matched by its label to the catalogue's population indicator.

    "Einwohnerinnen und Einwohner insgesamt", "EW" or "Bevölkerung" is the
    population; without such an indicator in the catalogue it is marked
    :data:`POPULATION` (skipped, with a note how to import it).
    """
    target = population_indicator(catalog) or POPULATION
    columns = dict(wide.indicator_columns)
    for col, ind_id in wide.indicator_columns.items():
        label = _wide_header(col, find_period=True)[0]
        if ind_id not in catalog and POPULATION_HEADER.fullmatch(label_key(label)):
            columns[col] = target
    return replace(wide, indicator_columns=columns)


#: Share of a column's filled cells that must be numbers (or official symbols) for
#: it to be read as figures; below it the column holds names or text classes.
NUMBER_SHARE = 0.5


def is_text_column(cells: pd.Series) -> bool:
    """Return whether a column holds text (names, class labels) rather than figures.

    Examples
    --------
    >>> is_text_column(pd.Series(["Altstadt", "Schalke", "3"]))
    True
    >>> is_text_column(pd.Series(["12,5", "x", ""]))  # "x": the official symbol "not meaningful"
    False
    """
    filled = cells[cells.map(lambda v: v is not None and v == v and str(v).strip() != "")]
    if filled.empty:
        return False
    reasons = parse_column(filled).reasons
    numbers = sum(r != "unparsable" for r in reasons)
    return numbers < NUMBER_SHARE * len(filled)


def label_key(text: str) -> str:
    """Return the form in which a header and a catalogue id or label are compared.

    Both sides get the same treatment: the header normalisation of the table
    reader (soft and line-break hyphens, white space, "Status-summe" →
    "Statussumme") and then :func:`~indicators.matching.normalize_name`
    (case, umlauts, ß, punctuation), so ``K01`` matches ``k01`` and a label
    copied from a hyphenated header matches the header.

    Examples
    --------
    >>> label_key("Status-summe") == label_key("Statussumme"), label_key("K01")
    (True, 'k01')
    """
    return normalize_name(normalize_header(text))


def _catalog_labels(catalog: Catalog) -> dict[str, str]:
    """Id and labels of each catalogue entry, in the form :func:`label_key` → its id."""
    labels: dict[str, str] = {}
    for ind in catalog.values():
        for text in (ind.id, ind.label_de, ind.label_en):
            if text:
                labels.setdefault(label_key(text), ind.id)
    return labels


def _wide_mapping(
    cols: list[str], area: str, period: str | None, labels: dict[str, str]
) -> ColumnMapping:
    """Map every column but area and period to an indicator, or as counts to its value column."""
    mapping: dict[str, str] = {}
    column_periods: dict[str, str] = {}
    counts: dict[str, dict[str, str]] = {"numerator": {}, "denominator": {}}
    headers = {c: _wide_header(c, find_period=period is None) for c in cols}
    value_columns = {
        (label.casefold().strip(), col_period): col
        for col, (label, col_period, role) in headers.items()
        if role is None and col not in (area, period)
    }
    orphans = _orphan_pairs(headers, value_columns, exclude=(area, period))
    for col in (c for c in cols if c not in (area, period)):
        label, col_period, role = headers[col]
        owner = value_columns.get((label.casefold().strip(), col_period)) if role else None
        if role is not None and owner is not None:
            counts[role][owner] = col
            continue
        if col in orphans.values():  # the denominator of a pair without a value column
            continue
        if col in orphans:  # numerator and denominator without a value column: one indicator
            counts["numerator"][col], counts["denominator"][col] = col, orphans[col]
        elif role is not None:  # a lone count column: an indicator column of its own
            found = _HEADER_PERIOD.search(col) if period is None else None
            label = col[: found.start()].strip(" -_,") if found else col
        mapping[col] = labels.get(label_key(label), _slug(label))
        if col_period:
            column_periods[col] = col_period
    return ColumnMapping(
        layout="wide",
        area_column=area,
        period_column=period,
        indicator_columns=mapping,
        column_periods=column_periods,
        numerator_columns=counts["numerator"],
        denominator_columns=counts["denominator"],
        count_only=tuple(orphans),
    )


def _orphan_pairs(
    headers: dict[str, tuple[str, str | None, str | None]],
    value_columns: dict[tuple[str, str | None], str],
    *,
    exclude: Sequence[str | None],
) -> dict[str, str]:
    """Numerator column → denominator column of count pairs whose value column is missing."""
    found: dict[tuple[str, str | None], dict[str, str]] = {}
    for col, (label, col_period, role) in headers.items():
        key = (label.casefold().strip(), col_period)
        if role is not None and col not in exclude and key not in value_columns:
            found.setdefault(key, {}).setdefault(role, col)
    return {
        pair["numerator"]: pair["denominator"]
        for pair in found.values()
        if "numerator" in pair and "denominator" in pair
    }


_HEADER_PERIOD = re.compile(r"\s(\d{4}(?:\s*/\s*\d{2,4})?)\s*$")
_COUNT_SUFFIX = re.compile(
    r"[\s_\-,(]+(zähler|zaehler|numerator|nenner|denominator)\)?\s*$", re.IGNORECASE
)
_COUNT_ROLES = {"zähler": "numerator", "zaehler": "numerator", "nenner": "denominator"}


def _wide_header(column: str, *, find_period: bool) -> tuple[str, str | None, str | None]:
    """Split a wide header into label, period and count role.

    "Übergang aufs Gymnasium Zähler 2022/23" and "Übergang aufs Gymnasium
    2022/23 (Nenner)" name the counts behind the column "Übergang aufs
    Gymnasium 2022/23".
    """
    label, col_period, role = column, None, None
    for _ in range(2):  # the role before or after the period
        found_role = _COUNT_SUFFIX.search(label) if role is None else None
        if found_role:
            word = found_role.group(1).casefold()
            role = _COUNT_ROLES.get(word, word)
            label = label[: found_role.start()]
        found = _HEADER_PERIOD.search(label) if find_period and col_period is None else None
        if found:
            label, col_period = label[: found.start()].strip(" -_,"), found.group(1)
    return label.strip(), col_period, role


def _slug(header: str) -> str:
    """Return a readable id for a new indicator named by a header (ASCII words joined by ``_``).

    Examples
    --------
    >>> _slug("Anteil in %"), _slug("Kinder 3 bis unter 6"), _slug("Übergänge (Gym.)")
    ('anteil_in_prozent', 'kinder_3_bis_unter_6', 'uebergaenge_gym')
    """
    text = unicodedata.normalize("NFC", str(header)).casefold().replace("%", " prozent ")
    for umlaut, plain in (("ß", "ss"), ("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        text = text.replace(umlaut, plain)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:60].strip("_") or "indikator"
