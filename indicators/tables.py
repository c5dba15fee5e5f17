"""Reading raw tables as delivered: encodings, delimiters, messy headers.

Everything is read as text first; numbers are parsed per column afterwards
(:mod:`indicators.numbers`) so that German formats and official symbols keep
their meaning.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from indicators.errors import ObservationError

ENCODINGS: tuple[str, ...] = ("utf-8-sig", "utf-8", "cp1252")
# Typical UTF-8-read-as-cp1252 sequences ("Ã¼" for "ü"): a file showing them
# was already garbled before it reached us.
_MOJIBAKE = re.compile(r"Ã[\u0080-\u00bf¼¤¶Ÿ–„œ]|Â[\u00a0-\u00bf]")


@dataclass(frozen=True)
class RawTable:
    """A table read as text, with what was detected."""

    frame: pd.DataFrame
    encoding: str
    delimiter: str
    original_headers: list[str]


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
            raise ObservationError(
                f"{source}, line {line}: garbled characters {m.group()!r} (UTF-8 text that was "
                "saved as cp1252 once too often); export the file again as UTF-8",
                message_de=f"{source}, Zeile {line}: verstümmelte Zeichen {m.group()!r} "
                "(UTF-8-Text, der einmal zu oft als cp1252 gespeichert wurde); bitte die Datei "
                "erneut als UTF-8 exportieren",
            )
        return text, encoding
    raise ObservationError(  # pragma: no cover - cp1252 decodes nearly everything
        f"{source}: cannot decode as UTF-8 or cp1252",
        message_de=f"{source}: weder als UTF-8 noch als cp1252 lesbar",
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
    """Return the delimiter (``;``, ``,`` or tab) that splits the header best."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        header = text.splitlines()[0] if text else ""
        return max(";,\t", key=header.count)


def read_csv_text(data: bytes, *, source: str = "file") -> RawTable:
    """Read CSV bytes into a frame of text cells with normalised headers.

    Parameters
    ----------
    data : bytes
        File content.
    source : str
        File name for messages.

    Returns
    -------
    RawTable
    """
    text, encoding = decode_bytes(data, source=source)
    if not text.strip():
        raise ObservationError(
            f"{source}: the file is empty", message_de=f"{source}: die Datei ist leer"
        )
    delimiter = sniff_delimiter(text)
    _check_field_counts(text, delimiter, source)
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
        where = re.search(r"line (\d+)", str(err))
        line = f", line {where.group(1)}" if where else ""
        zeile = f", Zeile {where.group(1)}" if where else ""
        raise ObservationError(
            f"{source}{line}: the rows do not have the same number of fields as the header "
            f"(separator {delimiter!r}); check separators and quotes ({err})",
            message_de=f"{source}{zeile}: die Zeilen haben nicht so viele Felder wie die "
            f"Kopfzeile (Trennzeichen {delimiter!r}); bitte Trennzeichen und Anführungszeichen "
            "prüfen",
        ) from None
    original = [str(c) for c in frame.columns]
    frame.columns = _unique([normalize_header(c) for c in original])
    return RawTable(frame=frame, encoding=encoding, delimiter=delimiter, original_headers=original)


def _check_field_counts(text: str, delimiter: str, source: str) -> None:
    """Refuse rows with more fields than the header (pandas would shift them silently)."""
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(rows, [])
    width = len(header)
    for line, row in enumerate(rows, start=2):
        extra = [c for c in row[width:] if c.strip()]
        if extra:
            raise ObservationError(
                f"{source}, line {line}: {len(row)} fields, but the header has {width} "
                f"(separator {delimiter!r}); the rows do not have the same number of fields "
                "as the header — put a text containing the separator in quotes",
                message_de=f"{source}, Zeile {line}: {len(row)} Felder, die Kopfzeile hat aber "
                f"{width} (Trennzeichen {delimiter!r}); Text mit Trennzeichen bitte in "
                "Anführungszeichen setzen",
            )


def read_table(path: str | Path, *, sheet: str | int | None = None) -> RawTable:
    """Read a CSV or XLSX file into text-and-number cells.

    XLSX cells keep their type: numbers stay numbers (no German parsing),
    text cells are parsed later like CSV text.
    """
    path = Path(path)
    if not path.exists():
        raise ObservationError(f"{path} does not exist", message_de=f"{path} existiert nicht")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        frame = pd.read_excel(path, sheet_name=sheet or 0, dtype=object)
        original = [str(c) for c in frame.columns]
        frame.columns = _unique([normalize_header(c) for c in original])
        frame = frame.astype(object).where(frame.notna(), None)
        return RawTable(frame=frame, encoding="xlsx", delimiter="", original_headers=original)
    return read_csv_text(path.read_bytes(), source=path.name)


def _unique(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for h in headers:
        n = seen.get(h, 0)
        seen[h] = n + 1
        out.append(h if n == 0 else f"{h} ({n + 1})")
    return out
