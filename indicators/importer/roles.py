"""The analyst's column roles → a :class:`ColumnMapping` (the upload wizard's mapping step).

In a wide table each column gets an indicator and a role: its value, its
numerator or its denominator ("Kinder in Kitas" → numerator, "Kinder 3 bis
unter 6" → denominator, "Anteil in %" → value of one indicator). In a long
table the roles of the columns are guessed from header words and content,
never as the area or the year column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Literal

import pandas as pd

from indicators.importer.layout import ColumnMapping, _find, is_text_column
from indicators.importer.reading import UnreadableFileError
from indicators.tables import RawTable

Role = Literal["value", "numerator", "denominator"]
#: The roles a column of a wide table can play, in the order offered.
ROLES: tuple[Role, ...] = ("value", "numerator", "denominator")

#: Header words of a value column that is not called "Wert" ("Anteil in %", "Quote").
_VALUE_WORDS = ("anteil", "quote", "rate", "prozent", "%", "wert", "value", "mittel")


def wide_roles(mapping: ColumnMapping, columns: Sequence[str]) -> dict[str, tuple[str, Role]]:
    """Return column → (indicator, role) of a wide mapping (columns not imported: ``""``).

    Examples
    --------
    >>> m = ColumnMapping(layout="wide", area_column="A", indicator_columns={"x": "x"},
    ...                   numerator_columns={"x": "x Zähler"})
    >>> wide_roles(m, ["A", "x", "x Zähler", "y"])
    {'x': ('x', 'value'), 'x Zähler': ('x', 'numerator'), 'y': ('', 'value')}
    """
    out: dict[str, tuple[str, Role]] = {}
    for col, ind in mapping.indicator_columns.items():
        out[col] = (ind, "numerator" if col in mapping.count_only else "value")
    for role, counts in (
        ("numerator", mapping.numerator_columns),
        ("denominator", mapping.denominator_columns),
    ):
        for owner, col in counts.items():
            if owner in mapping.indicator_columns:
                out.setdefault(col, (mapping.indicator_columns[owner], role))  # type: ignore[arg-type]
    skipped = (mapping.area_column, mapping.period_column)
    return {c: out.get(c, ("", "value")) for c in columns if c not in skipped}


def wide_from_roles(
    roles: Mapping[str, tuple[str, Role]],
    *,
    area_column: str,
    period_column: str | None,
    detected: ColumnMapping | None = None,
) -> ColumnMapping:
    """Return the wide mapping of the analyst's column roles.

    Columns of one indicator (and one header year) form one indicator: its
    value column, numerator and denominator. An indicator without a value
    column needs both counts; its value is numerator / denominator ×
    multiplier. Columns without an indicator are listed once as not imported.

    Raises
    ------
    UnreadableFileError
        When an indicator has a role twice, or counts without a value column
        lack the numerator or the denominator.
    """
    detected = detected or ColumnMapping(layout="wide", area_column=area_column)
    periods = detected.column_periods
    groups: dict[tuple[str, str | None], dict[str, str]] = {}
    for col, (ind, role) in roles.items():
        if not ind.strip() or col in (area_column, period_column):
            continue
        group = groups.setdefault((ind.strip(), periods.get(col)), {})
        if role in group:
            raise UnreadableFileError(
                "importer.roles.twice",
                indicator=ind.strip(),
                role=role,
                columns=f"{group[role]!r}, {col!r}",
            )
        group[role] = col
    mapping = ColumnMapping(layout="wide", area_column=area_column, period_column=period_column)
    chosen: dict[str, str] = {}
    nums: dict[str, str] = {}
    dens: dict[str, str] = {}
    count_only: list[str] = []
    for (ind, _), group in groups.items():
        anchor = group.get("value") or group.get("numerator")
        if "value" not in group and not {"numerator", "denominator"} <= set(group):
            raise UnreadableFileError(
                "importer.roles.no_value", indicator=ind, columns=repr(next(iter(group.values())))
            )
        assert anchor is not None
        chosen[anchor] = ind
        if "value" not in group:
            count_only.append(anchor)
        if "numerator" in group:
            nums[anchor] = group["numerator"]
        if "denominator" in group:
            dens[anchor] = group["denominator"]
    used = {*chosen, *nums.values(), *dens.values()}
    return replace(
        mapping,
        indicator_columns=chosen,
        numerator_columns=nums,
        denominator_columns=dens,
        count_only=tuple(count_only),
        # years read from headers ("… 2022/23") stay with their column, as in the CLI
        column_periods={c: p for c, p in periods.items() if c in chosen},
        # every other column is listed once in the report as not imported (text columns as such)
        skipped_columns={
            c: detected.skipped_columns.get(c, "asked")
            for c in roles
            if c not in used and c not in (area_column, period_column)
        },
    )


def long_guess(raw: RawTable, *, area_column: str, period_column: str | None) -> ColumnMapping:
    """Guess the roles of a long table from header words and content; never area or year.

    Indicator: a column called so, else the first text column with repeated
    entries. Value: a column called so (or "Anteil …", "Quote", "%"), else the
    one figure column left besides the counts. A role that cannot be guessed
    is ``None`` ("— keine —" on the page).
    """
    frame = raw.frame
    cols = [str(c) for c in frame.columns]
    taken = [c for c in (area_column, period_column) if c]
    numerator = _find(cols, "numerator", taken)
    denominator = _find(cols, "denominator", taken)
    counts = [c for c in (numerator, denominator) if c]
    indicator = _find(cols, "indicator", taken) or _repeated_text(frame, cols, taken)
    rest = [c for c in cols if c not in (*taken, *counts, indicator)]
    figures = [c for c in rest if not is_text_column(frame[c])]
    value = (
        _find(cols, "value", taken)
        or next((c for c in figures if any(w in c.casefold() for w in _VALUE_WORDS)), None)
        or (figures[0] if len(figures) == 1 else None)
    )
    return ColumnMapping(
        layout="long",
        area_column=area_column,
        period_column=period_column,
        indicator_column=indicator,
        value_column=value,
        numerator_column=numerator,
        denominator_column=denominator,
        reason_column=_find(cols, "reason", taken),
    )


def _repeated_text(frame: pd.DataFrame, cols: list[str], taken: list[str]) -> str | None:
    """Return the first text column whose entries repeat (indicator names), if any."""
    for col in cols:
        if col in taken or not is_text_column(frame[col]):
            continue
        cells = frame[col].dropna().astype(str).str.strip()
        if len(cells) and cells.nunique() < len(cells):
            return col
    return None
