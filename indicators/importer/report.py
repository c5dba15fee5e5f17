"""The report of an import: one :class:`Problem` per finding, the :class:`Prepared` result.

Every phase returns its findings as problems; :func:`refusal` turns the errors
of a prepared table into the one message a file that cannot be used is refused
with (the read-only file mode, ``classify --indicators``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from indicators.errors import ObservationError
from indicators.importer import messages as _messages  # noqa: F401 - registers them
from indicators.importer.layout import ColumnMapping
from indicators.messages import Message
from indicators.numbers import number_message
from indicators.tables import ReadNote

REPORT_COLUMNS = ("row", "column", "value", "problem", "fix")
#: Row numbers named in a grouped report line.
SHOWN_ROWS = 5
#: Errors named in the message refusing a file (the rest are counted).
REFUSAL_LINES = 10


@dataclass(frozen=True)
class Problem:
    """One finding of the validation, with its place and how to fix it.

    ``problem`` and ``fix`` are messages (key and parameters), rendered in a
    language by :meth:`problem_text` and :meth:`fix_text`. A line standing for
    many rows ("Anteil über 100 % (Zeile 17); 3 Zeilen betroffen: …") keeps
    each of them in ``cases`` (file row, cell as written) and the problem of
    one row in ``each``: :func:`row_report` lists them one by one.
    """

    row: int | None
    column: str | None
    value: str
    problem: Message
    fix: Message
    severity: Literal["error", "warning"] = "error"
    cases: tuple[tuple[int, str], ...] = ()
    each: Message | None = None

    def problem_text(self, lang: str) -> str:
        """Return what is wrong, in ``lang``."""
        return self.problem.text(lang)

    def fix_text(self, lang: str) -> str:
        """Return how to fix it, in ``lang``."""
        return self.fix.text(lang)


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
        return pd.DataFrame(
            [
                {
                    "row": p.row,
                    "column": p.column,
                    "value": p.value,
                    "problem": p.problem_text(lang),
                    "fix": p.fix_text(lang),
                }
                for p in self.problems
            ],
            columns=list(REPORT_COLUMNS),
        ).astype({"row": "Int64"})

    def row_report(self, lang: str = "de") -> pd.DataFrame:
        """Return every finding one row of the file at a time (see :func:`row_report`)."""
        return row_report(self.problems, lang)


def row_report(problems: Sequence[Problem], lang: str = "de") -> pd.DataFrame:
    """Return the problems with one line per row of the file, in ``lang``.

    The report groups a problem found in many rows of a column into one line;
    this list has every row of it (row, column, value as written, problem,
    fix), sorted by row — the download behind the grouped report. Lines
    without rows (a column not imported) are kept as they are.

    Examples
    --------
    >>> p = Problem(17, "K11", "140", with_rows(Message("importer.check.within_unit"), [17, 230]),
    ...             Message("importer.check.within_unit.fix"),
    ...             cases=((17, "140"), (230, "120,5")), each=Message("importer.check.within_unit"))
    >>> row_report([p], "de")[["row", "value", "problem"]].to_dict("records")[1]
    {'row': 230, 'value': '120,5', 'problem': 'Anteil über 100 %'}
    """
    lines = []
    for p in problems:
        fix = p.fix_text(lang)
        if not p.cases:
            lines.append((p.row, p.column, p.value, p.problem_text(lang), fix))
            continue
        each = (p.each or p.problem).text(lang)
        lines += [(row, p.column, value, each, fix) for row, value in p.cases]
    frame = pd.DataFrame(lines, columns=list(REPORT_COLUMNS)).astype({"row": "Int64"})
    return frame.sort_values("row", kind="stable", na_position="first").reset_index(drop=True)


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
    name = prepared.source_name
    if not errors:
        return ImportRefusedError("importer.refusal.empty", name=name)
    lines = [_line(p) for p in errors[:REFUSAL_LINES]]
    if len(errors) > REFUSAL_LINES:
        lines.append(Message("importer.refusal.more", {"more": len(errors) - REFUSAL_LINES}))
    return ImportRefusedError(
        "importer.refusal", name=name, n=len(errors), lines=_joined(lines, "importer.join.lines")
    )


def _joined(parts: Sequence[Message], key: str) -> Message:
    """Return ``parts`` joined by the join message ``key`` (``{first}, {rest}`` …), in order."""
    joined = parts[-1]
    for part in reversed(parts[:-1]):
        joined = Message(key, {"first": part, "rest": joined})
    return joined


def _line(problem: Problem) -> Message:
    place = []
    if problem.row is not None:
        place.append(Message("importer.place.row", {"row": problem.row}))
    if problem.column:
        place.append(Message("importer.place.column", {"column": problem.column}))
    if problem.value:
        place.append(Message("importer.place.value", {"value": problem.value[:40]}))
    said = {"problem": problem.problem, "fix": problem.fix}
    if not place:
        return Message("importer.refusal.line_unplaced", said)
    place_message = _joined(place, "importer.join.comma")
    return Message("importer.refusal.line", {"place": place_message, **said})


def from_note(note: ReadNote) -> Problem:
    """Return a note from reading the file as a report line."""
    return Problem(
        row=note.row,
        column=note.column,
        value=note.value,
        problem=note.problem,
        fix=note.fix,
        severity="error" if note.severity == "error" else "warning",
    )


def rows_message(rows: Sequence[int]) -> Message:
    """Name the rows: ``(Zeile 4)`` or ``(Zeile 4); 23 Zeilen betroffen: 4, 7, 9, 12, 15 …``."""
    first = rows[0]
    if len(rows) == 1:
        return Message("importer.rows.one", {"first": first})
    shown = ", ".join(str(r) for r in rows[:SHOWN_ROWS]) + (" …" if len(rows) > SHOWN_ROWS else "")
    return Message("importer.rows.many", {"first": first, "n": len(rows), "shown": shown})


def with_rows(problem: Message, rows: Sequence[int]) -> Message:
    """Return ``problem`` followed by the rows it is found in (:func:`rows_message`)."""
    return Message("importer.with_rows", {"problem": problem, "rows": rows_message(rows)})


def grouped(
    found: pd.DataFrame,
    *,
    problem: str,
    fix: str,
    severity: Literal["error", "warning"] = "error",
) -> list[Problem]:
    """One problem per column of ``found`` (columns ``column``, ``text``, ``row``).

    ``problem`` and ``fix`` are message keys; the problem names the rows, and
    every row is kept for :func:`row_report`.
    """
    out = []
    for column, group in found.groupby("column", sort=False):
        group = group.sort_values("row", kind="stable")
        rows = [int(r) for r in group["row"]]
        out.append(
            Problem(
                row=rows[0],
                column=str(column),
                value=str(group["text"].iloc[0])[:40],
                problem=with_rows(Message(problem), rows),
                fix=Message(fix),
                severity=severity,
                cases=cases_of(rows, group["text"]),
                each=Message(problem),
            )
        )
    return out


def cases_of(rows: Sequence[int], texts: Iterable[object]) -> tuple[tuple[int, str], ...]:
    """Return the (row, cell text) pairs a grouped line stands for."""
    return tuple(
        (row, "" if text is None else str(text)) for row, text in zip(rows, texts, strict=True)
    )


def shown_number(number: float) -> Message:
    """Return a number for a message: up to three decimals, no trailing zeros."""
    fraction = f"{number:.3f}".partition(".")[2].rstrip("0")
    return number_message(number, decimals=len(fraction))
