"""Periods: calendar years ("2023") and school years ("2022/23").

A period is kept as its label (what users read) and gets a numeric sort key:
the calendar year itself, or the starting year plus 0.5 for a school year, so
"2022/23" sorts after "2022" and before "2023".
"""

from __future__ import annotations

import re

import pandas as pd

from indicators.errors import ObservationError

_YEAR = re.compile(r"^(\d{4})(?:\.0)?$")
_SCHOOL_YEAR = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$")


def normalize_period(raw: object) -> str:
    """Return the canonical label of a period.

    Parameters
    ----------
    raw : object
        A year (``2023``, ``"2023"``, ``2023.0``) or a school year
        (``"2022/23"``, ``"2022/2023"``, ``"2022-23"``).

    Returns
    -------
    str
        ``"2023"`` or ``"2022/23"``.

    Raises
    ------
    ObservationError
        If the value is neither a plausible year nor a school year.
    """
    text = str(raw).strip()
    if m := _YEAR.match(text):
        year = int(m.group(1))
        _check_plausible(year, text)
        return str(year)
    if m := _SCHOOL_YEAR.match(text):
        start = int(m.group(1))
        end = m.group(2)
        end_full = int(end) if len(end) == 4 else start + 1 - (start + 1) % 100 + int(end)
        if end_full != start + 1:
            raise ObservationError(
                "periods.school_year_span", text=text, example=f"{start}/{(start + 1) % 100:02d}"
            )
        _check_plausible(start, text)
        return f"{start}/{(start + 1) % 100:02d}"
    raise ObservationError("periods.unknown_form", text=text)


def _check_plausible(year: int, text: str) -> None:
    if not 1950 <= year <= 2100:
        raise ObservationError("periods.implausible", text=text)


def period_key(label: str) -> float:
    """Return the numeric sort key of a canonical period label.

    Examples
    --------
    >>> period_key("2023"), period_key("2022/23")
    (2023.0, 2022.5)
    """
    if "/" in label:
        return int(label.split("/")[0]) + 0.5
    return float(label)


def period_end_year(label: str) -> int:
    """Return the calendar year in which a period ends ("2022/23" ends in 2023)."""
    if "/" in label:
        return int(label.split("/")[0]) + 1
    return int(label)


def matches_year(label: str, year: str | int) -> bool:
    """Return whether ``label`` is the period selected by ``year``.

    A year selects the calendar year itself and the school year that ends in it
    ("2023" selects "2023" and "2022/23"); a school-year label selects itself.
    """
    text = normalize_period(year)
    if "/" in text:
        return label == text
    return label == text or ("/" in label and period_end_year(label) == int(text))


def sort_periods(labels: pd.Series | list[str]) -> list[str]:
    """Return the distinct period labels in chronological order."""
    distinct = labels.unique() if isinstance(labels, pd.Series) else set(labels)
    return sorted(distinct, key=period_key)
