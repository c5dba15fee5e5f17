"""The report of an import: one :class:`Problem` per finding, the :class:`Prepared` result.

Every phase returns its findings as problems; :func:`refusal` turns the errors
of a prepared table into the one message a file that cannot be used is refused
with (the read-only file mode, ``classify --indicators``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from indicators.errors import ObservationError
from indicators.importer.layout import ColumnMapping
from indicators.numbers import format_number
from indicators.tables import ReadNote

REPORT_COLUMNS = ("row", "column", "value", "problem", "fix")
#: Row numbers named in a grouped report line.
SHOWN_ROWS = 5
#: Errors named in the message refusing a file (the rest are counted).
REFUSAL_LINES = 10


@dataclass(frozen=True)
class Problem:
    """One finding of the validation, with its place and how to fix it."""

    row: int | None
    column: str | None
    value: str
    problem_de: str
    problem_en: str
    fix_de: str
    fix_en: str
    severity: Literal["error", "warning"] = "error"


@dataclass
class Prepared:
    """Result of :func:`indicators.importer.prepare`: observations and the report."""

    observations: pd.DataFrame
    mapping: ColumnMapping
    matches: pd.DataFrame
    problems: list[Problem]
    encoding: str
    sha256: str
    source_name: str
    rows_read: int
    #: The published version the table was checked against (set by the pipeline).
    based_on: int | None = None

    @property
    def ok(self) -> bool:
        """Whether nothing blocks publishing."""
        return not any(p.severity == "error" for p in self.problems) and len(self.observations) > 0

    def report(self, lang: str = "de") -> pd.DataFrame:
        """Return the problems as a table in ``lang`` (row, column, value, problem, fix)."""
        de = lang == "de"
        return pd.DataFrame(
            [
                {
                    "row": p.row,
                    "column": p.column,
                    "value": p.value,
                    "problem": p.problem_de if de else p.problem_en,
                    "fix": p.fix_de if de else p.fix_en,
                }
                for p in self.problems
            ],
            columns=list(REPORT_COLUMNS),
        ).astype({"row": "Int64"})


class ImportRefusedError(ObservationError):
    """A table whose check found errors: it is not used (the message lists the first ones)."""


def refusal(prepared: Prepared) -> ImportRefusedError | None:
    """Return the error refusing ``prepared`` (None when nothing blocks it).

    The message names the number of errors and the first :data:`REFUSAL_LINES`
    report lines (row, column, value, problem, fix) — the lines
    ``bildungsampel import indicators`` shows for the same file.
    """
    if prepared.ok:
        return None
    errors = [p for p in prepared.problems if p.severity == "error"]
    texts = {lang: _refusal_text(prepared, errors, lang) for lang in ("de", "en")}
    return ImportRefusedError(texts["en"], message_de=texts["de"])


def _refusal_text(prepared: Prepared, errors: list[Problem], lang: str) -> str:
    de = lang == "de"
    name = prepared.source_name
    if not errors:
        return (
            f"{name}: die Tabelle enthält keine Werte"
            if de
            else f"{name}: the table holds no values"
        )
    head = (
        f"{name}: {len(errors)} Fehler, die Tabelle wird nicht verwendet:"
        if de
        else f"{name}: {len(errors)} errors, the table is not used:"
    )
    lines = [head, *(_line(p, de) for p in errors[:REFUSAL_LINES])]
    if len(errors) > REFUSAL_LINES:
        more = len(errors) - REFUSAL_LINES
        lines.append(
            f"… {more} weitere Fehler (alle: bildungsampel import indicators DATEI --report "
            "bericht.csv)"
            if de
            else f"… {more} more errors (all of them: bildungsampel import indicators FILE "
            "--report report.csv)"
        )
    return "\n".join(lines)


def _line(problem: Problem, de: bool) -> str:
    place = []
    if problem.row is not None:
        place.append(f"{'Zeile' if de else 'row'} {problem.row}")
    if problem.column:
        place.append(f"{'Spalte' if de else 'column'} {problem.column}")
    if problem.value:
        place.append(repr(problem.value[:40]))
    text, fix = (problem.problem_de, problem.fix_de) if de else (problem.problem_en, problem.fix_en)
    return f"- {', '.join(place)}: {text} — {fix}" if place else f"- {text} — {fix}"


def from_note(note: ReadNote) -> Problem:
    """Return a note from reading the file as a report line."""
    return Problem(
        row=note.row,
        column=note.column,
        value=note.value,
        problem_de=note.problem_de,
        problem_en=note.problem_en,
        fix_de=note.fix_de,
        fix_en=note.fix_en,
        severity="error" if note.severity == "error" else "warning",
    )


def rows_text(rows: Sequence[int], lang: str) -> str:
    """Name the rows: ``(Zeile 4)`` or ``(Zeile 4); 23 Zeilen betroffen: 4, 7, 9, 12, 15 …``."""
    first = rows[0]
    if len(rows) == 1:
        return f" (Zeile {first})" if lang == "de" else f" (row {first})"
    shown = ", ".join(str(r) for r in rows[:SHOWN_ROWS]) + (" …" if len(rows) > SHOWN_ROWS else "")
    if lang == "de":
        return f" (Zeile {first}); {len(rows)} Zeilen betroffen: {shown}"
    return f" (row {first}); {len(rows)} rows affected: {shown}"


def grouped(
    found: pd.DataFrame,
    *,
    de: str,
    en: str,
    fix_de: str,
    fix_en: str,
    severity: Literal["error", "warning"] = "error",
) -> list[Problem]:
    """One problem per column of ``found`` (columns ``column``, ``text``, ``row``)."""
    out = []
    for column, group in found.groupby("column", sort=False):
        group = group.sort_values("row")
        rows = [int(r) for r in group["row"]]
        out.append(
            Problem(
                row=rows[0],
                column=str(column),
                value=str(group["text"].iloc[0])[:40],
                problem_de=de + rows_text(rows, "de"),
                problem_en=en + rows_text(rows, "en"),
                fix_de=fix_de,
                fix_en=fix_en,
                severity=severity,
            )
        )
    return out


def show_number(number: float, lang: str) -> str:
    """Format a number for a message: up to three decimals, no trailing zeros."""
    text = format_number(number, lang=lang, decimals=3)
    point = "," if lang == "de" else "."
    return text.rstrip("0").rstrip(point) if point in text else text
