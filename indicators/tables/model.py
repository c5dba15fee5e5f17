"""What reading a table produces: the :class:`RawTable` and its :class:`ReadNote` s."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from indicators.messages import Message


@dataclass(frozen=True)
class ReadNote:
    """Something found while reading that the report must show (a cell or the file).

    Attributes
    ----------
    row, column : int or None, str or None
        Place in the file (row number as the user sees it, column header).
    value : str
        The value (or coordinate) concerned.
    problem, fix : Message
        What is wrong and how to fix it (rendered by :meth:`problem_text`,
        :meth:`fix_text`).
    severity : {"error", "warning"}
        Whether it blocks publishing.
    """

    row: int | None
    column: str | None
    value: str
    problem: Message
    fix: Message
    severity: str = "warning"

    def problem_text(self, lang: str) -> str:
        """Return what is wrong, in ``lang``."""
        return self.problem.text(lang)

    def fix_text(self, lang: str) -> str:
        """Return how to fix it, in ``lang``."""
        return self.fix.text(lang)


@dataclass(frozen=True)
class RawTable:
    """A table read as text, with what was detected and noted while reading."""

    frame: pd.DataFrame
    encoding: str
    delimiter: str
    original_headers: list[str]
    notes: tuple[ReadNote, ...] = field(default=())
    #: The file's row number of each row of ``frame`` (an XLSX sheet with title rows
    #: above its header); None: the header is line 1 and the rows follow it.
    row_numbers: tuple[int, ...] | None = None
