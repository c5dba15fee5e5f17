"""German numbers in, German numbers out.

Statistical offices write numbers with a decimal comma, a space or dot as
thousands separator and the official symbols of the German statistics
(Zeichenerklärung): a lone ``-`` means exactly zero, ``.`` unknown or
confidential, ``x`` not meaningful, ``...`` not yet available, ``/`` too
uncertain, ``*`` or ``<3`` suppressed for confidentiality. Missing values keep
their reason; they are never turned into 0.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from indicators import domain_messages as _domain_messages  # noqa: F401 - registers them
from indicators import messages
from indicators.messages import Message

#: Bytes of one "MB" wherever a file size is limited or shown: 2**20 (a mebibyte), the unit
#: of Streamlit's ``server.maxUploadSize`` and of the sizes Windows Explorer shows as "MB".
BYTES_PER_MB = 2**20

#: Reasons attached to missing values; the words of each are the message
#: ``numbers.missing.<reason>`` (:mod:`indicators.domain_messages`).
MISSING_REASONS: tuple[str, ...] = (
    "missing",
    "unknown",
    "not_meaningful",
    "not_yet_available",
    "uncertain",
    "not_aggregable",
    "incomplete",
    "suppressed",
    "unparsable",
    "not_finite",
    "overflow",
    "declared_code",
    "no_denominator",
)
#: Numbers that statistics offices use as codes for a missing value ("-9999 ohne
#: Zuordnung"): all nines, three or more, optionally ending in 8, either sign.
_CODE_LIKE = re.compile(r"^-?9{3,}8?$")

_SYMBOLS: dict[str, str | None] = {
    "": "missing",
    "-": None,  # exactly zero
    "–": None,
    ".": "unknown",
    "x": "not_meaningful",
    "X": "not_meaningful",
    "...": "not_yet_available",
    "…": "not_yet_available",
    "/": "uncertain",
    "*": "suppressed",
}
_SUPPRESSED = re.compile(r"^<\s*\d+$")
#: Texts of infinity and not-a-number (``float`` would accept them): never a value.
_NON_FINITE = re.compile(r"^[-+]?(inf|infinity|nan|∞)$", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_DOT_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d*)?$")
_COMMA_DECIMAL = re.compile(r"^-?\d*,\d+$|^-?\d+,$")
_PLAIN = re.compile(r"^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")

DecimalStyle = Literal["comma", "point"]


@dataclass(frozen=True)
class ParsedColumn:
    """Numbers parsed from one text column.

    Attributes
    ----------
    values : numpy.ndarray
        Floats; NaN where the cell holds no number.
    reasons : list of str or None
        Missing reason per cell (a key of :data:`MISSING_REASONS`), None for numbers.
    decimal : {"comma", "point"}
        The decimal separator the column was read with.
    """

    values: np.ndarray
    reasons: list[str | None]
    decimal: DecimalStyle


def _compact(cell: str) -> str:
    return _SPACES.sub("", cell.replace("\u2212", "-"))


def infer_decimal(cells: list[str]) -> DecimalStyle:
    """Guess the decimal separator of a text column.

    A comma anywhere decides for German style. Without commas, a dot followed
    by exactly three digits in every dotted cell ("1.234") is read as German
    thousands; any other dot ("12.5") makes the column use a decimal point, so
    12.5 never becomes 125.
    """
    compact = [_compact(c) for c in cells if c is not None]
    if any("," in c for c in compact):
        return "comma"
    dotted = [c for c in compact if "." in c and c not in _SYMBOLS]
    if dotted and all(_DOT_THOUSANDS.match(c) for c in dotted):
        return "comma"
    return "point"


def parse_number(cell: object, *, decimal: DecimalStyle = "comma") -> tuple[float, str | None]:
    """Parse one cell into a float and a missing reason.

    Parameters
    ----------
    cell : object
        The cell as read (text, number or None).
    decimal : {"comma", "point"}
        The decimal separator of the column (see :func:`infer_decimal`).

    Returns
    -------
    tuple of (float, str or None)
        The number (NaN if missing) and the reason it is missing.

    Examples
    --------
    >>> parse_number(" 1 675    ")
    (1675.0, None)
    >>> parse_number("-  23")
    (-23.0, None)
    >>> parse_number("-")
    (0.0, None)
    >>> parse_number(".")
    (nan, 'unknown')
    >>> parse_number("1e309")
    (nan, 'not_finite')
    """
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return math.nan, "missing"
    if isinstance(cell, (int, float, np.integer, np.floating)) and not isinstance(cell, bool):
        number = float(cell)
        return (number, None) if math.isfinite(number) else (math.nan, "not_finite")
    text = _compact(str(cell))
    if _NON_FINITE.match(text):
        return math.nan, "not_finite"
    if text in _SYMBOLS:
        reason = _SYMBOLS[text]
        return (0.0, None) if reason is None else (math.nan, reason)
    if _SUPPRESSED.match(text):
        return math.nan, "suppressed"
    if decimal == "comma":
        if _DOT_THOUSANDS.match(text):
            text = text.replace(".", "")
        elif ("." in text and "," not in text and not _PLAIN.match(text)) or (
            "." in text and "," in text
        ):
            return math.nan, "unparsable"
        text = text.replace(",", ".")
    elif "," in text:
        if re.match(r"^-?\d{1,3}(,\d{3})+(\.\d*)?$", text):
            text = text.replace(",", "")
        else:
            return math.nan, "unparsable"
    if _PLAIN.match(text):
        number = float(text)  # "1e309" is inf: reported, never kept
        return (number, None) if math.isfinite(number) else (math.nan, "not_finite")
    return math.nan, "unparsable"


def looks_like_code(value: float) -> bool:
    """Return whether ``value`` looks like a code for a missing value (-9999, 999, 99998).

    Examples
    --------
    >>> [looks_like_code(v) for v in (-9999.0, 999.0, 99998.0, 9999.5, 1999.0, 99.0)]
    [True, True, True, False, False, False]
    """
    return math.isfinite(value) and value.is_integer() and bool(_CODE_LIKE.match(f"{value:.0f}"))


def _code_matcher(codes: Collection[str]) -> tuple[set[str], set[float]]:
    """Return the compact texts and the numbers (read either way) of declared codes."""
    texts = {_compact(str(code)) for code in codes if str(code).strip()}
    numbers = set()
    for text in texts:
        for decimal in ("comma", "point"):
            number, reason = parse_number(text, decimal=decimal)
            if reason is None:
                numbers.add(number)
    return texts, numbers


def parse_column(
    cells: pd.Series | list[object], *, missing_codes: Collection[str] = ()
) -> ParsedColumn:
    """Parse a whole column, inferring its decimal separator first.

    Parameters
    ----------
    cells : pandas.Series or list
        Cells as read from a CSV (text) or a spreadsheet (numbers or text).
    missing_codes : collection of str
        Codes the file uses for a missing value (``-9999``, ``k.A.``): a cell
        written as one, or holding its number (``-9999``, ``-9999,0``, a
        spreadsheet's -9999), is missing with the reason ``declared_code``.

    Returns
    -------
    ParsedColumn

    Examples
    --------
    >>> parse_column(["12,5", "-9999", "3"], missing_codes=["-9999"]).reasons
    [None, 'declared_code', None]
    """
    items = list(cells)
    # each distinct cell is parsed once: counts and codes repeat a lot in long tables
    distinct = list(dict.fromkeys((type(c), c) for c in items if c == c))  # NaN != NaN: skipped
    decimal = infer_decimal([c for _, c in distinct if isinstance(c, str)])
    parsed = {key: parse_number(key[1], decimal=decimal) for key in distinct}
    if missing_codes:
        texts, numbers = _code_matcher(missing_codes)
        for key, (number, _) in parsed.items():
            if _compact(str(key[1])) in texts or number in numbers:
                parsed[key] = (math.nan, "declared_code")
    nan = (math.nan, "missing")
    results = [parsed[(type(c), c)] if c == c else nan for c in items]
    values = np.array([p[0] for p in results], dtype=float)
    return ParsedColumn(values=values, reasons=[p[1] for p in results], decimal=decimal)


def number_message(value: float | None, *, decimals: int = 1) -> Message:
    """Return ``value`` as a message part, formatted in the language of the whole text.

    Examples
    --------
    >>> number_message(12345.678).text("de"), number_message(12345.678).text("en")
    ('12.345,7', '12,345.7')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return Message("numbers.none")
    return Message("numbers.number", {"value": float(value), "decimals": decimals})


def format_number(value: float | None, *, lang: str = "de", decimals: int = 1) -> str:
    """Format a number for display: decimal comma and dot thousands in German.

    Examples
    --------
    >>> format_number(12345.678, lang="de")
    '12.345,7'
    >>> format_number(12345.678, lang="en")
    '12,345.7'
    """
    return number_message(value, decimals=decimals).text(lang)


def missing_reason_text(reason: str | None, lang: str = "de") -> str:
    """Return the human-readable text of a missing reason (an unknown reason as it is)."""
    if reason is None:
        return ""
    key = f"numbers.missing.{reason}"
    return messages.text(key, lang) if messages.has(key) else reason
