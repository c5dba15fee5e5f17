"""Cell checks of the matched long rows: numbers that are no figures, and periods.

Each check reports once per column (with the rows concerned), so a column of
50,000 bad cells is one line. A sentinel code (``-9999``) is read by
:func:`indicators.numbers.parse_column`; a number it lets through but no
statistic can hold is refused here (:data:`PLAUSIBLE_MAGNITUDE`).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from indicators.errors import ObservationError
from indicators.importer.layout import ColumnMapping
from indicators.importer.longform import foreign_digits
from indicators.importer.report import Problem, cases_of, grouped, with_rows
from indicators.messages import Message
from indicators.numbers import looks_like_code
from indicators.periods import normalize_period, period_end_year

#: Largest magnitude of a value or count that is published. Far above any real
#: count of pupils or people (a city has fewer than 10^8), far below where summing
#: a few areas overflows the floating-point range (about 1.8e308).
PLAUSIBLE_MAGNITUDE = 1e15


def cell_problems(body: pd.DataFrame) -> list[Problem]:
    """Every cell finding of ``body`` (matched rows), in the order of the report."""
    return [
        *nonfinite_problems(body),
        *count_text_problems(body),
        *implausible_problems(body),
        *foreign_number_warnings(body),
        *code_like_warnings(body),
        *unparsable_problems(body),
    ]


def _found(columns: pd.Series, texts: pd.Series, rows: pd.Series, bad: pd.Series) -> pd.DataFrame:
    return pd.DataFrame({"column": columns[bad], "text": texts[bad], "row": rows[bad]})


def nonfinite_problems(body: pd.DataFrame) -> list[Problem]:
    """One error per column for values and counts that are infinite or not a number.

    ``1e309`` overflows to infinity, ``inf`` and ``nan`` are what a program
    writes for a failed division; none of them is a figure to publish.
    """
    places = [
        (body["value_column"], body["raw_value"], body["missing_reason"] == "not_finite"),
    ]
    for role in ("numerator", "denominator"):
        if f"{role}_nonfinite" in body:
            text = body[f"{role}_nonfinite"]
            places.append((body[f"{role}_column"], text, text.notna()))
    out = []
    for columns, texts, bad in places:
        if bad.any():
            out += grouped(
                _found(columns, texts, body["source_row"], bad),
                problem="importer.cell.not_finite",
                fix="importer.cell.not_finite.fix",
            )
    return out


def count_text_problems(body: pd.DataFrame) -> list[Problem]:
    """One error per count column for cells that are no number ("k.A.", "12 Schüler")."""
    out = []
    for role in ("numerator", "denominator"):
        if f"{role}_unparsable" not in body:
            continue
        text = body[f"{role}_unparsable"]
        bad = text.notna()
        if bad.any():
            out += grouped(
                _found(body[f"{role}_column"], text, body["source_row"], bad),
                problem="importer.cell.count_unreadable",
                fix="importer.cell.count_unreadable.fix",
            )
    return out


def implausible_problems(body: pd.DataFrame) -> list[Problem]:
    """One error per column for values or counts beyond :data:`PLAUSIBLE_MAGNITUDE`.

    Such numbers are no real figures, and summing a few of them to a Stadtbezirk
    or the city exceeds the number range (``1e308 + 1e308`` is infinite).
    """
    places = [("value_column", "value", "raw_value")]
    places += [(f"{r}_column", r, r) for r in ("numerator", "denominator") if f"{r}_column" in body]
    out = []
    for column, number, text in places:
        values = pd.to_numeric(body[number], errors="coerce")
        bad = values.abs() > PLAUSIBLE_MAGNITUDE
        if bad.any():
            out += grouped(
                _found(body[column], body[text], body["source_row"], bad),
                problem="importer.cell.implausible",
                fix="importer.cell.implausible.fix",
            )
    return out


def code_like_warnings(body: pd.DataFrame) -> list[Problem]:
    """One warning per column for values read as numbers that look like missing-value codes.

    Statistics offices write -9999, -999 or 99999 for "ohne Zuordnung" or
    "keine Angabe"; read as a number it drags every mean and city value. A
    code declared for the file is missing already and not warned about
    (:attr:`indicators.importer.ImportOptions.missing_values`).
    """
    places = [("value_column", "value", "raw_value")]
    places += [(f"{r}_column", r, r) for r in ("numerator", "denominator") if f"{r}_column" in body]
    out = []
    for column, number, text in places:
        values = pd.to_numeric(body[number], errors="coerce")
        bad = values.map(lambda v: v == v and looks_like_code(float(v))).astype(bool)
        if bad.any():
            texts = body[text].astype(str) if text in body else values.astype(str)
            out += grouped(
                _found(body[column], texts, body["source_row"], bad),
                problem="importer.cell.code_like",
                fix="importer.cell.code_like.fix",
                severity="warning",
            )
    return out


def foreign_number_warnings(body: pd.DataFrame) -> list[Problem]:
    """Warn once per column for numbers written with digits outside 0–9 (４１, ٤١,٥).

    Such numbers are read as the digits mean (Unicode decimal digits, as in a
    table copied from a PDF), so nothing is lost; the analyst sees where.
    """
    foreign = pd.Series(foreign_digits(body["raw_value"].astype(str)), index=body.index)
    places = [(body["value_column"], body["raw_value"], body["value"].notna() & foreign)]
    for role in ("numerator", "denominator"):
        if f"{role}_foreign" in body:
            text = body[f"{role}_foreign"]
            places.append((body[f"{role}_column"], text, text.notna() & body[role].notna()))
    out = []
    for columns, texts, bad in places:
        if bad.any():
            out += grouped(
                _found(columns, texts, body["source_row"], bad),
                problem="importer.cell.foreign_digits",
                fix="importer.cell.foreign_digits.fix",
                severity="warning",
            )
    return out


def unparsable_problems(body: pd.DataFrame) -> list[Problem]:
    """One error per column for value cells that are no number and no official symbol."""
    bad = body["missing_reason"] == "unparsable"
    if not bad.any():
        return []
    return grouped(
        _found(body["value_column"], body["raw_value"], body["source_row"], bad),
        problem="importer.cell.unreadable",
        fix="importer.cell.unreadable.fix",
    )


def read_periods(
    body: pd.DataFrame, mapping: ColumnMapping
) -> tuple[pd.Series, pd.Series, list[Problem]]:
    """Return the period label and end year of each row, and the report lines of bad periods.

    Each distinct period text is read once; a bad one is one report line naming
    the rows it is in.
    """
    labels: list[str | None] = []
    years: list[int] = []
    known: dict[tuple[type, object], tuple[str | None, int, ObservationError | None]] = {}
    foreign: dict[str, tuple[str, list[int]]] = {}
    bad: dict[tuple[type, object], list[int]] = {}
    for raw, row in zip(body["period_raw"], body["source_row"], strict=True):
        key = (type(raw), raw)
        if key not in known:
            known[key] = _read_period(raw)
        label, year, err = known[key]
        labels.append(label)
        years.append(year)
        if label is not None and any(c.isdigit() and not c.isascii() for c in str(raw)):
            foreign.setdefault(str(raw), (label, []))[1].append(int(row))
        if err is not None:
            bad.setdefault(key, []).append(int(row))
    problems = [
        _bad_period(raw, rows, known[(kind, raw)][2], mapping.period_column)
        for (kind, raw), rows in bad.items()
    ]
    problems += foreign_digit_warnings(foreign, mapping)
    return (
        pd.Series(labels, index=body.index, dtype=object),
        pd.Series(years, index=body.index),
        problems,
    )


def _read_period(raw: object) -> tuple[str | None, int, ObservationError | None]:
    try:
        text = normalize_period(raw)
        return text, period_end_year(text), None
    except ObservationError as error:
        return None, 0, error


def _bad_period(
    raw: object, rows: list[int], err: ObservationError | None, column: str | None
) -> Problem:
    assert err is not None
    problem = Message("importer.period.bad", {"error": Message(err.key, err.params)})
    return Problem(
        row=rows[0],
        column=column,
        value=str(raw),
        problem=with_rows(problem, rows),
        fix=Message("importer.period.bad.fix"),
        cases=cases_of(rows, [raw] * len(rows)),
        each=problem,
    )


def foreign_digit_warnings(
    foreign: Mapping[str, tuple[str, list[int]]], mapping: ColumnMapping
) -> list[Problem]:
    """Warn once per period text written with digits outside ASCII (２０２３, ٢٠٢٣).

    Such a year is read as the year its digits mean (Unicode decimal digits),
    so nothing is lost, but the analyst sees that the file was written oddly.
    """
    return [
        Problem(
            row=rows[0],
            column=mapping.period_column,
            value=raw,
            problem=with_rows(Message("importer.period.foreign_digits", {"label": label}), rows),
            fix=Message("importer.period.foreign_digits.fix"),
            severity="warning",
            cases=cases_of(rows, [raw] * len(rows)),
            each=Message("importer.period.foreign_digits", {"label": label}),
        )
        for raw, (label, rows) in foreign.items()
    ]
