"""Resource limits of reading one table: rows, columns, cells, bytes, time.

Every limit has a documented default (docs/DATA.md); a table beyond one is refused
with :class:`TableLimitError`, which names the limit, the value found and how to
raise it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from indicators.errors import ObservationError
from indicators.messages import Message
from indicators.tables import messages as _messages  # noqa: F401 - registers the table messages


@dataclass(frozen=True)
class TableLimits:
    """Resource limits for reading one delivered table (CSV or XLSX).

    Every limit is checked before the part it protects is expanded (lines are
    counted before parsing, zip members' sizes before unpacking, the sheet
    dimension and merged ranges before any cell is filled in). The defaults
    are far above what a statistics office delivers for one city.

    Attributes
    ----------
    max_rows : int
        Data rows (CSV lines, XLSX rows). Default 200,000.
    max_columns : int
        Columns. Default 500.
    max_cells : int
        Rows × columns. Default 5,000,000.
    max_line_chars : int
        Characters in one CSV line. Default 1,048,576 (1 MiB).
    max_cell_chars : int
        Characters in one cell. Default 10,000.
    max_xlsx_bytes : int
        Decompressed size of all members of an XLSX workbook. Default 200 MiB.
    max_merged_cells : int
        Cells covered by all merged ranges of a sheet. Default 100,000.
    time_budget_s : float
        Seconds for reading the table. Default 60.
    """

    max_rows: int = 200_000
    max_columns: int = 500
    max_cells: int = 5_000_000
    max_line_chars: int = 2**20
    max_cell_chars: int = 10_000
    max_xlsx_bytes: int = 200 * 2**20
    max_merged_cells: int = 100_000
    time_budget_s: float = 60.0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
                raise ObservationError("tables.limit.not_positive", name=f.name, value=value)

    @classmethod
    def from_options(cls, options: Sequence[str]) -> TableLimits:
        """Build limits from ``name=value`` texts (the CLI's ``--limit``).

        Examples
        --------
        >>> TableLimits.from_options(["max_rows=500000"]).max_rows
        500000
        """
        known = {f.name: f.type for f in fields(cls)}
        values: dict[str, Any] = {}
        for option in options:
            name, _, text = option.partition("=")
            name = name.strip()
            if name not in known:
                raise ObservationError(
                    "tables.limit.unknown", option=option, known=", ".join(known)
                )
            try:
                values[name] = float(text) if name == "time_budget_s" else int(text)
            except ValueError:
                raise ObservationError(
                    "tables.limit.not_a_number", option=option, text=text
                ) from None
        return cls(**values)

    def deadline(self) -> float:
        """Return the monotonic clock time by which reading must be done."""
        return time.monotonic() + self.time_budget_s


class TableLimitError(ObservationError):
    """A table exceeds one of its :class:`TableLimits`.

    Attributes
    ----------
    limit : str
        The name of the field of :class:`TableLimits` that was exceeded.
    found : float
        The value found in the file.
    """

    def __init__(self, key: str, /, *, limit: str, found: float, **params: Any) -> None:
        super().__init__(key, name=limit, found=found, **params)
        self.limit = limit
        self.found = found


def limit_error(
    limits: TableLimits,
    name: str,
    found: float,
    *,
    source: str,
    what: str,
    fix: str,
) -> TableLimitError:
    """Return the error for limit ``name`` exceeded by ``found``.

    Parameters
    ----------
    limits : TableLimits
        The limits in force.
    name : str
        Field of :class:`TableLimits`.
    found : float
        The value found.
    source : str
        File (and place) for the message.
    what : str
        The message key of what was counted (``tables.what.rows``).
    fix : str
        The message key of how to fix the file (``tables.fix.split``).
    """
    return TableLimitError(
        "tables.limit",
        limit=name,
        found=found,
        source=source,
        limit_value=getattr(limits, name),
        what=Message(what),
        fix=Message(fix),
    )


def check_deadline(deadline: float, limits: TableLimits, source: str) -> None:
    """Refuse to go on reading once the time budget is spent."""
    if time.monotonic() > deadline:
        raise limit_error(
            limits,
            "time_budget_s",
            limits.time_budget_s,
            source=source,
            what="tables.what.seconds",
            fix="tables.fix.shrink",
        )


def cell_too_long(limits: TableLimits, length: int, source: str) -> TableLimitError:
    """Return the error for a cell longer than ``max_cell_chars``."""
    return limit_error(
        limits,
        "max_cell_chars",
        length,
        source=source,
        what="tables.what.cell_chars",
        fix="tables.fix.shorten_cell",
    )


def check_width(width: int, limits: TableLimits, source: str) -> None:
    """Refuse a table wider than ``max_columns``."""
    if width > limits.max_columns:
        raise limit_error(
            limits,
            "max_columns",
            width,
            source=source,
            what="tables.what.columns",
            fix="tables.fix.columns",
        )
