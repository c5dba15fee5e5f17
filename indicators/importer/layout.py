"""Layout phase: which columns hold the area, period, indicator, value and counts.

A table with indicator and value columns is long; any other is wide (one
column per indicator, headers may carry the year: "Übergang 2022/23", and
count columns name their value column: "Übergang Zähler 2022/23"). To accept
another spelling of a role, add it to :data:`ALIASES`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import pandas as pd

from indicators.catalog import Catalog
from indicators.matching import normalize_name
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
    #: Wide table: columns not imported, with why ("text": names or classes, no figures).
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


def detect_mapping(raw: RawTable, catalog: Catalog) -> ColumnMapping:
    """Guess the layout and the roles of the columns.

    A table with indicator and value columns is long; otherwise every column
    that is not the area or the period is an indicator column (wide), mapped to
    the catalogue id whose id or label matches its header, else to a new id made
    from the header.
    """
    cols = [str(c) for c in raw.frame.columns]
    area = _find(cols, "area") or cols[0]
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
    wide = _wide_mapping(cols, area, period, _catalog_labels(catalog))
    # a column that is no catalogue indicator and holds text is names or classes, not figures;
    # a catalogue indicator or a count column with text cells is reported cell by cell instead
    text = [
        col
        for col, ind_id in wide.indicator_columns.items()
        if ind_id not in catalog and is_text_column(raw.frame[col])
    ]
    return replace(
        wide,
        indicator_columns={c: i for c, i in wide.indicator_columns.items() if c not in text},
        column_periods={c: y for c, y in wide.column_periods.items() if c not in text},
        skipped_columns=dict.fromkeys(text, "text"),
        count_only=tuple(c for c in wide.count_only if c not in text),
    )


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
    return normalize_name(header)[:60] or "indikator"
