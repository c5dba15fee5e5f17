"""What reading a table produces: the :class:`RawTable` and its :class:`ReadNote` s."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class ReadNote:
    """Something found while reading that the report must show (a cell or the file).

    Attributes
    ----------
    row, column : int or None, str or None
        Place in the file (row number as the user sees it, column header).
    value : str
        The value (or coordinate) concerned.
    problem_de, problem_en, fix_de, fix_en : str
        What is wrong and how to fix it.
    severity : {"error", "warning"}
        Whether it blocks publishing.
    """

    row: int | None
    column: str | None
    value: str
    problem_de: str
    problem_en: str
    fix_de: str
    fix_en: str
    severity: str = "warning"


@dataclass(frozen=True)
class RawTable:
    """A table read as text, with what was detected and noted while reading."""

    frame: pd.DataFrame
    encoding: str
    delimiter: str
    original_headers: list[str]
    notes: tuple[ReadNote, ...] = field(default=())
