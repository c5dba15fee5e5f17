"""CSV and other delimited text: encodings, delimiters, messy headers, field counts.

Everything is read as text first; numbers are parsed per column afterwards
(:mod:`indicators.numbers`) so that German formats and official symbols keep
their meaning.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata

import numpy as np
import pandas as pd

from indicators.errors import ObservationError
from indicators.messages import Message
from indicators.tables.limits import (
    TableLimits,
    cell_too_long,
    check_deadline,
    check_width,
    limit_error,
)
from indicators.tables.model import RawTable

ENCODINGS: tuple[str, ...] = ("utf-8-sig", "utf-8", "cp1252")
# Typical UTF-8-read-as-cp1252 sequences ("Ã¼" for "ü"): a file showing them
# was already garbled before it reached us.
_MOJIBAKE = re.compile(r"Ã[\u0080-\u00bf¼¤¶Ÿ–„œ]|Â[\u00a0-\u00bf]")


def decode_bytes(data: bytes, *, source: str = "file") -> tuple[str, str]:
    """Decode bytes strictly as UTF-8 (with or without BOM), else cp1252.

    Parameters
    ----------
    data : bytes
        The raw file content.
    source : str
        File name for messages.

    Returns
    -------
    tuple of (str, str)
        The text and the encoding used.

    Raises
    ------
    ObservationError
        If the text shows mojibake (UTF-8 that was once decoded as cp1252).
    """
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig" and not data.startswith(b"\xef\xbb\xbf"):
            encoding = "utf-8"
        if m := _MOJIBAKE.search(text):
            line = text.count("\n", 0, m.start()) + 1
            raise ObservationError("tables.text.garbled", source=source, line=line, chars=m.group())
        return text, encoding
    raise ObservationError(  # pragma: no cover - cp1252 decodes nearly everything
        "tables.text.undecodable", source=source
    )


def normalize_header(header: object, *, dehyphenate: bool = True) -> str:
    r"""Normalise a header cell.

    Strips surrounding space, removes soft hyphens and line breaks, folds runs
    of white space and, with ``dehyphenate``, joins words split by a
    line-break hyphen between two lower-case letters ("Migrations-hintergrund"
    → "Migrationshintergrund").

    Examples
    --------
    >>> normalize_header(" Anteil der Einpersonen-haushalte\\nin %  ")
    'Anteil der Einpersonenhaushalte in %'
    """
    text = unicodedata.normalize("NFC", str(header)).replace("\u00ad", "")
    text = re.sub(r"-\s*[\r\n]+\s*(?=[a-zäöüß])", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    if dehyphenate:
        text = re.sub(r"(?<=[a-zäöüß])-(?=[a-zäöüß])", "", text)
    return text


def sniff_delimiter(text: str) -> str:
    """Return the delimiter (``;``, ``,`` or tab) that splits the first lines best.

    The first 20 lines are split with each candidate; the one whose header has
    at least two fields and whose lines most often have as many fields as the
    header wins (then the wider header, then ``;`` before ``,`` before tab).
    Linear in the sample, unlike :class:`csv.Sniffer`, whose regular
    expressions take minutes on a crafted first line.
    """
    end = -1
    for _ in range(20):
        end = text.find("\n", end + 1)
        if end < 0:
            break
    sample = text if end < 0 else text[: end + 1]
    best, best_score = ";", (-1, 0)
    for delimiter in ";,\t":
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if r]
        except csv.Error:
            continue
        if not widths or widths[0] < 2:
            continue
        score = (sum(w == widths[0] for w in widths), widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    if best_score[0] < 0:
        header = sample.split("\n", 1)[0]
        return max(";,\t", key=header.count)
    return best


def _line_stats(data: bytes) -> tuple[int, int, int]:
    r"""Return the number of lines, the longest line's length and its line number.

    Counted on the bytes (``\n``, ``\r\n`` and a lone ``\r`` end a line)
    without decoding or splitting, so a 40 MB line costs no more than reading it.
    """
    arr = np.frombuffer(data, dtype=np.uint8)
    newline = arr == 10
    cr = arr == 13
    cr[:-1] &= ~newline[1:]  # the CR of a CRLF is not a line end of its own
    ends = np.flatnonzero(newline | cr)
    bounds = np.concatenate(([-1], ends, [len(arr)]))
    lengths = np.diff(bounds) - 1
    longest = int(lengths.argmax())
    lines = len(ends) + (1 if len(arr) and ends.size and ends[-1] < len(arr) - 1 else 0)
    if not ends.size:
        lines = 1
    return lines, int(lengths[longest]), longest + 1


def check_csv_size(data: bytes, limits: TableLimits, source: str) -> int:
    """Refuse a CSV with too many lines or too long a line, before it is parsed.

    Returns
    -------
    int
        The length of the longest line (no cell can be longer).
    """
    lines, longest, where = _line_stats(data)
    if longest > limits.max_line_chars:
        raise limit_error(
            limits,
            "max_line_chars",
            longest,
            source=f"{source}, line {where}",
            what="tables.what.line_chars",
            fix="tables.fix.line_breaks",
        )
    if lines - 1 > limits.max_rows:
        raise limit_error(
            limits,
            "max_rows",
            lines - 1,
            source=source,
            what="tables.what.rows",
            fix="tables.fix.split_by_year",
        )
    return longest


def read_csv_text(
    data: bytes, *, source: str = "file", limits: TableLimits | None = None
) -> RawTable:
    r"""Read CSV bytes into a frame of text cells with normalised headers.

    Line ends may be ``\n``, ``\r\n`` or a lone ``\r`` (old Mac files).

    Parameters
    ----------
    data : bytes
        File content.
    source : str
        File name for messages.
    limits : TableLimits, optional
        Resource limits (default: :class:`TableLimits` defaults).

    Returns
    -------
    RawTable

    Raises
    ------
    TableLimitError
        When the file exceeds a limit (checked before parsing).
    """
    limits = limits or TableLimits()
    deadline = limits.deadline()
    longest = check_csv_size(data, limits, source)
    text, encoding = decode_bytes(data, source=source)
    if not text.strip():
        raise ObservationError("tables.file.empty", source=source)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    delimiter = sniff_delimiter(text)
    _check_field_counts(
        text, delimiter, source, limits, check_cells=longest > limits.max_cell_chars
    )
    check_deadline(deadline, limits, source)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=object,  # plain Python strings: cheap to iterate cell by cell
            keep_default_na=False,
            na_filter=False,
            skipinitialspace=False,
        )
    except (pd.errors.ParserError, csv.Error) as err:
        found = re.search(r"line (\d+)", str(err))
        line = {"source": source, "line": found.group(1)} if found else None
        raise ObservationError(
            "tables.csv.field_count",
            where=source if line is None else Message("tables.where.line", line),
            delimiter=delimiter,
            detail=str(err),
        ) from None
    check_deadline(deadline, limits, source)
    original = [str(c) for c in frame.columns]
    frame.columns = unique_headers([normalize_header(c) for c in original])
    return RawTable(frame=frame, encoding=encoding, delimiter=delimiter, original_headers=original)


def _check_field_counts(
    text: str, delimiter: str, source: str, limits: TableLimits, *, check_cells: bool
) -> None:
    """Refuse rows with more fields than the header (pandas would shift them silently).

    Also checks the limits on columns, cells and (with ``check_cells``, when
    some line is longer than a cell may be) cell length while the rows pass by.
    """
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    line, count, width = 0, 0, 0
    try:
        for line, row in enumerate(rows, start=1):
            if check_cells and max(map(len, row), default=0) > limits.max_cell_chars:
                raise cell_too_long(limits, max(map(len, row)), f"{source}, line {line}")
            if line == 1:
                width = len(row)
                check_width(width, limits, source)
                continue
            count += 1
            extra = [c for c in row[width:] if c.strip()]
            if extra:
                raise ObservationError(
                    "tables.csv.extra_fields",
                    source=source,
                    line=line,
                    fields=len(row),
                    width=width,
                    delimiter=delimiter,
                )
    except csv.Error as err:  # a field beyond the csv module's own limit (128 KiB)
        if "field larger than field limit" in str(err):
            longest = max(map(len, text.split("\n", line + 1)[line].split(delimiter)))
            raise cell_too_long(limits, longest, f"{source}, line {line + 1}") from None
        raise ObservationError(
            "tables.csv.unsplittable", source=source, line=line + 1, detail=str(err)
        ) from None
    if count * width > limits.max_cells:
        raise limit_error(
            limits,
            "max_cells",
            count * width,
            source=source,
            what="tables.what.cells",
            fix="tables.fix.split",
        )


def unique_headers(headers: list[str]) -> list[str]:
    """Return the headers with repeats numbered: ``["a", "a"]`` becomes ``["a", "a (2)"]``."""
    seen: dict[str, int] = {}
    out = []
    for h in headers:
        n = seen.get(h, 0)
        seen[h] = n + 1
        out.append(h if n == 0 else f"{h} ({n + 1})")
    return out
