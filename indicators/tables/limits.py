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

#: How to raise a limit, named in every limit message.
RAISE_HINT_EN = "raise it with --limit {field}=N (bildungsampel import indicators)"
RAISE_HINT_DE = "Grenze erhöhen mit --limit {field}=N (bildungsampel import indicators)"


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
                raise ObservationError(
                    f"table limit {f.name}={value!r}: must be a positive number",
                    message_de=f"Tabellengrenze {f.name}={value!r}: muss eine positive Zahl sein",
                )

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
                    f"--limit {option!r}: unknown limit; known are {', '.join(known)}",
                    message_de=f"--limit {option!r}: unbekannte Grenze; bekannt sind "
                    f"{', '.join(known)}",
                )
            try:
                values[name] = float(text) if name == "time_budget_s" else int(text)
            except ValueError:
                raise ObservationError(
                    f"--limit {option!r}: {text!r} is not a number",
                    message_de=f"--limit {option!r}: {text!r} ist keine Zahl",
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

    def __init__(self, message: str, *, message_de: str, limit: str, found: float) -> None:
        super().__init__(message, message_de=message_de)
        self.limit = limit
        self.found = found


def limit_error(
    limits: TableLimits,
    name: str,
    found: float,
    *,
    source: str,
    what: tuple[str, str],
    fix: tuple[str, str],
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
    what : tuple of (str, str)
        What was counted, German and English ("Zeilen", "rows").
    fix : tuple of (str, str)
        How to fix the file, German and English.
    """
    limit = getattr(limits, name)
    de = f"{found:,.0f}".replace(",", ".")
    de_limit = f"{limit:,.0f}".replace(",", ".")
    return TableLimitError(
        f"{source}: {found:,.0f} {what[1]}, more than the limit of {limit:,.0f} ({name}); "
        f"{fix[1]}, or {RAISE_HINT_EN.format(field=name)}",
        message_de=f"{source}: {de} {what[0]}, mehr als die Grenze von {de_limit} ({name}); "
        f"{fix[0]} oder {RAISE_HINT_DE.format(field=name)}",
        limit=name,
        found=found,
    )


def check_deadline(deadline: float, limits: TableLimits, source: str) -> None:
    """Refuse to go on reading once the time budget is spent."""
    if time.monotonic() > deadline:
        raise limit_error(
            limits,
            "time_budget_s",
            limits.time_budget_s,
            source=source,
            what=("Sekunden Lesezeit verbraucht", "seconds of reading time used up"),
            fix=(
                "Datei verkleinern (nach Jahr oder Indikator aufteilen)",
                "split the file by year or indicator",
            ),
        )


def cell_too_long(limits: TableLimits, length: int, source: str) -> TableLimitError:
    """Return the error for a cell longer than ``max_cell_chars``."""
    return limit_error(
        limits,
        "max_cell_chars",
        length,
        source=source,
        what=("Zeichen in einer Zelle", "characters in one cell"),
        fix=(
            "Zelle kürzen (ein Gebietsname, eine Zahl) und Anführungszeichen prüfen",
            "shorten the cell (an area name, a number) and check the quotes",
        ),
    )


def check_width(width: int, limits: TableLimits, source: str) -> None:
    """Refuse a table wider than ``max_columns``."""
    if width > limits.max_columns:
        raise limit_error(
            limits,
            "max_columns",
            width,
            source=source,
            what=("Spalten", "columns"),
            fix=(
                "nur die Spalten mit Gebiet, Jahr und Indikatoren liefern",
                "deliver only the columns with area, year and indicators",
            ),
        )
