"""Catalogue files: reading YAML and CSV catalogues safely (size, encoding, alias bombs)."""

from __future__ import annotations

import codecs
import csv
import io
import warnings
from pathlib import Path
from typing import Any

import yaml

from indicators.catalog import Catalog, Indicator
from indicators.catalog_entries import entry
from indicators.catalog_schema import (
    DEFAULT_LIMITS,
    CatalogLimits,
    CatalogProblemsError,
    CatalogWarning,
    Problem,
    cross_problems,
    show,
    thousands,
)
from indicators.errors import CatalogError


def load_catalog(path: str | Path, *, limits: CatalogLimits | None = None) -> Catalog:
    """Read a catalogue from a YAML or CSV file.

    Parameters
    ----------
    path : str or Path
        ``.yaml``/``.yml`` with a list under ``indicators:`` (UTF-8), or
        ``.csv`` (``;``, ``,`` or tab separated; UTF-8, UTF-16 with BOM, or
        Windows-1252 with a :class:`CatalogWarning`).
    limits : CatalogLimits, optional
        Size, alias, nesting and report limits (default :data:`DEFAULT_LIMITS`).

    Returns
    -------
    Catalog

    Raises
    ------
    CatalogError
        When the file cannot be read (missing, too large, binary, not UTF-8,
        not YAML, an alias bomb …); :class:`CatalogProblemsError` listing every
        problem of every entry (entry number, id, field, value, fix) at once.
    """
    limits = limits or DEFAULT_LIMITS
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv"):
        raise CatalogError(
            f"{path.name}: catalogue must be .yaml, .yml or .csv",
            message_de=f"{path.name}: Katalog muss .yaml, .yml oder .csv sein",
        )
    data = _read(path, limits)
    if suffix == ".csv":
        entries, problems = _csv_entries(_decode(data, path.name, fallback=True), path.name, limits)
    else:
        docs = _yaml_entries(_decode(data, path.name, fallback=False), path.name, limits)
        entries = [(f"{path.name}, entry {n}", e) for n, e in enumerate(docs, start=1)]
        problems = []
    built: list[tuple[str, Indicator]] = []
    for where, raw in entries:
        indicator, located, found = entry(raw, where, limits)
        problems += found
        if indicator is not None:
            built.append((located, indicator))
    if not problems:
        problems = cross_problems(built)
    if problems:
        raise CatalogProblemsError(problems, source=path.name, max_problems=limits.max_problems)
    return Catalog([ind for _, ind in built])


def _read(path: Path, limits: CatalogLimits) -> bytes:
    """Return the bytes of ``path``, refusing what is missing, not a file or too large."""
    name = path.name
    if not path.exists():
        raise CatalogError(
            f"catalogue file {path} does not exist",
            message_de=f"Katalogdatei {path} existiert nicht",
        )
    if not path.is_file():
        raise CatalogError(
            f"{path} is not a file; name the catalogue file (.yaml or .csv)",
            message_de=f"{path} ist keine Datei; bitte die Katalogdatei (.yaml oder .csv) angeben",
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    except OSError as err:
        raise CatalogError(
            f"{name} cannot be read ({err.strerror}); check the file and its permissions",
            message_de=f"{name} kann nicht gelesen werden ({err.strerror}); bitte Datei und "
            "Zugriffsrechte prüfen",
        ) from None
    if len(data) > limits.max_bytes:
        raise CatalogError(
            f"{name} is larger than {limits.max_bytes:,} bytes, the limit for a catalogue "
            "(CatalogLimits.max_bytes; 100 indicators are about 30 KB); is it the right file?",
            message_de=f"{name} ist größer als {thousands(limits.max_bytes)} Bytes, die Grenze "
            "für einen Katalog (CatalogLimits.max_bytes; 100 Indikatoren sind etwa 30 KB); ist es "
            "die richtige Datei?",
        )
    if not data.strip():
        raise CatalogError(
            f"{name} is empty; a catalogue lists one entry per indicator (see docs/DATA.md)",
            message_de=f"{name} ist leer; ein Katalog enthält einen Eintrag je Indikator "
            "(siehe docs/DATA.md)",
        )
    return data


_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (
        b"PK\x03\x04",
        "a zip archive or Excel workbook (XLSX)",
        "ein Zip-Archiv oder eine Excel-Mappe (XLSX)",
    ),
    (b"\xd0\xcf\x11\xe0", "an old Excel workbook (XLS)", "eine alte Excel-Mappe (XLS)"),
    (b"%PDF", "a PDF document", "ein PDF-Dokument"),
    (b"\x1f\x8b", "a gzip archive", "ein gzip-Archiv"),
    (b"SQLite format 3", "an SQLite database", "eine SQLite-Datenbank"),
)


def _binary(data: bytes, name: str) -> CatalogError:
    en, de = next(
        ((en, de) for m, en, de in _MAGIC if data.startswith(m)), ("binary data", "binär")
    )
    return CatalogError(
        f"{name} is {en}, not a text catalogue; save the catalogue as YAML or as CSV "
        "(UTF-8, e.g. Excel: 'Save as → CSV UTF-8')",
        message_de=f"{name} ist {de} und kein Text-Katalog; bitte den Katalog als YAML oder "
        "als CSV speichern (UTF-8, z. B. Excel: 'Speichern unter → CSV UTF-8')",
    )


def _decode(data: bytes, name: str, *, fallback: bool) -> str:
    """Return the text of a catalogue: UTF-8 (BOM optional), UTF-16 with BOM, else cp1252 (CSV)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise _binary(data, name) from None
    elif any(data.startswith(m) for m, _, _ in _MAGIC) or b"\x00" in data:
        raise _binary(data, name)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            text = _fallback(data, name, err) if fallback else ""
            if not fallback:
                raise CatalogError(
                    f"{name} is not UTF-8 (byte 0x{data[err.start]:02x} at position "
                    f"{err.start}); save the YAML file as UTF-8",
                    message_de=f"{name} ist nicht UTF-8 (Byte 0x{data[err.start]:02x} an Position "
                    f"{err.start}); bitte die YAML-Datei als UTF-8 speichern",
                ) from None
    head = text[:10_000]
    controls = sum(1 for c in head if ord(c) < 32 and c not in "\t\n\r")
    if controls > max(2, len(head) // 100):
        raise _binary(data, name)
    return text


def _fallback(data: bytes, name: str, err: UnicodeDecodeError) -> str:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise CatalogError(
            f"{name} is neither UTF-8 nor Windows-1252 (byte 0x{data[err.start]:02x} at position "
            f"{err.start}); save the catalogue as CSV UTF-8",
            message_de=f"{name} ist weder UTF-8 noch Windows-1252 (Byte 0x{data[err.start]:02x} "
            f"an Position {err.start}); bitte den Katalog als CSV UTF-8 speichern",
        ) from None
    warnings.warn(
        CatalogWarning(
            f"{name} is not UTF-8; read as Windows-1252 (as saved by German Excel). Check umlauts "
            "in the labels, or save it as CSV UTF-8",
            message_de=f"{name} ist nicht UTF-8; als Windows-1252 gelesen (wie vom deutschen Excel "
            "gespeichert). Bitte Umlaute in den Bezeichnungen prüfen oder als CSV UTF-8 speichern",
        ),
        stacklevel=4,
    )
    return text


# ---- YAML


class _YamlLimitError(Exception):
    def __init__(self, en: str, de: str) -> None:
        super().__init__(en)
        self.en, self.de = en, de


class _LimitedLoader(yaml.SafeLoader):
    """A safe loader that refuses alias bombs and deep nesting while composing.

    Aliases are counted (at most ``max_aliases``) and every node's size is
    computed with aliases expanded (at most ``max_nodes``), so a "billion
    laughs" document is refused after a few dozen events, before anything is
    built; nesting deeper than ``max_depth`` is refused before Python's
    recursion limit is reached.
    """

    def __init__(self, stream: str, limits: CatalogLimits) -> None:
        super().__init__(stream)
        self._limits = limits
        self._aliases = 0
        self._depth = 0
        self._sizes: dict[int, int] = {}

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            return self._alias(parent, index)
        self._depth += 1
        if self._depth > self._limits.max_depth:
            raise _YamlLimitError(
                f"nested deeper than {self._limits.max_depth} levels (CatalogLimits.max_depth); "
                "a catalogue needs 6: indicators → entry → rule → thresholds",
                f"tiefer als {self._limits.max_depth} Ebenen verschachtelt "
                "(CatalogLimits.max_depth); ein Katalog braucht 6: indicators → Eintrag → rule "
                "→ thresholds",
            )
        node = super().compose_node(parent, index)
        self._depth -= 1
        if node is not None:
            self._measure(node)
        return node

    def _alias(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self._aliases += 1
        if self._aliases > self._limits.max_aliases:
            raise _YamlLimitError(
                f"more than {self._limits.max_aliases} aliases (*name); refused as a possible "
                "alias bomb (CatalogLimits.max_aliases); write the entries out in full",
                f"mehr als {self._limits.max_aliases} Aliase (*name); als mögliche Alias-Bombe "
                "abgelehnt (CatalogLimits.max_aliases); bitte die Einträge ausschreiben",
            )
        node = super().compose_node(parent, index)
        if node is not None and id(node) not in self._sizes:
            raise _YamlLimitError(
                "an alias refers to the node that contains it (a recursive structure); "
                "write the entries out in full",
                "ein Alias verweist auf den Knoten, in dem er steht (eine rekursive Struktur); "
                "bitte die Einträge ausschreiben",
            )
        return node

    def _measure(self, node: yaml.Node) -> None:
        size = 1
        if isinstance(node, yaml.SequenceNode):
            size += sum(self._sizes.get(id(child), 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            size += sum(
                self._sizes.get(id(key), 1) + self._sizes.get(id(value), 1)
                for key, value in node.value
            )
        if size > self._limits.max_nodes:
            raise _YamlLimitError(
                f"expands to more than {self._limits.max_nodes:,} values through aliases or its "
                "size (CatalogLimits.max_nodes); refused as a possible alias bomb",
                f"wird über Aliase oder durch seine Größe zu mehr als "
                f"{thousands(self._limits.max_nodes)} Werten (CatalogLimits.max_nodes); als "
                "mögliche Alias-Bombe abgelehnt",
            )
        self._sizes[id(node)] = size


def _yaml_entries(text: str, name: str, limits: CatalogLimits) -> list[object]:
    """Return the list of entries of a YAML catalogue (bounded, see :class:`_LimitedLoader`)."""
    loader = _LimitedLoader(text, limits)
    try:
        doc = loader.get_single_data()
    except _YamlLimitError as hit:
        raise CatalogError(f"{name}: {hit.en}", message_de=f"{name}: {hit.de}") from None
    except yaml.YAMLError as err:
        raise CatalogError(
            f"{name}: not valid YAML ({_short(err)})",
            message_de=f"{name}: kein gültiges YAML ({_short(err)})",
        ) from None
    except (ValueError, OverflowError, RecursionError) as err:
        if "integer string conversion" in str(err):
            raise CatalogError(
                f"{name}: a number has more than 4,300 digits; write sensible numbers",
                message_de=f"{name}: eine Zahl hat mehr als 4.300 Stellen; bitte sinnvolle "
                "Zahlen angeben",
            ) from None
        raise CatalogError(
            f"{name}: a value cannot be read ({_short(err)}); put values meant as text in quotes",
            message_de=f"{name}: ein Wert kann nicht gelesen werden ({_short(err)}); als Text "
            "gemeinte Werte bitte in Anführungszeichen setzen",
        ) from None
    finally:
        loader.dispose()
    entries = doc.get("indicators") if isinstance(doc, dict) else doc
    if not isinstance(entries, list):
        raise CatalogError(
            f"{name}: expected a list of indicators under 'indicators:', got {show(entries)}",
            message_de=f"{name}: erwartet eine Liste von Indikatoren unter 'indicators:', "
            f"erhalten {show(entries, 'de')}",
        )
    return _bounded(entries, name, limits)


def _short(err: BaseException, limit: int = 300) -> str:
    text = " ".join(str(err).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bounded(entries: list[Any], name: str, limits: CatalogLimits) -> list[Any]:
    if not entries:
        raise CatalogError(
            f"{name} has no indicators; add one entry per indicator (see docs/DATA.md)",
            message_de=f"{name} enthält keine Indikatoren; bitte einen Eintrag je Indikator "
            "anlegen (siehe docs/DATA.md)",
        )
    if len(entries) > limits.max_entries:
        raise CatalogError(
            f"{name} has more than {limits.max_entries:,} indicators, the limit "
            "(CatalogLimits.max_entries); is it the right file?",
            message_de=f"{name} hat mehr als {thousands(limits.max_entries)} Indikatoren, die "
            "Grenze (CatalogLimits.max_entries); ist es die richtige Datei?",
        )
    return entries


# ---- CSV


def _delimiter(line: str) -> str:
    """Return the separator used most often outside quotes in ``line`` (``;`` on a tie)."""
    counts = dict.fromkeys(";\t,", 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return max(counts, key=lambda c: counts[c])  # first of the largest: ; before tab before ,


def _csv_entries(
    text: str, name: str, limits: CatalogLimits
) -> tuple[list[tuple[str, object]], list[Problem]]:
    """Return ``(where, row)`` per data row of a CSV catalogue and the problems of its layout."""
    first = next(line for line in text.splitlines() if line.strip())
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(first), strict=False)
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((reader.line_num, row))
            if len(rows) > limits.max_entries + 1:
                break
    except csv.Error as err:
        raise CatalogError(
            f"{name}, line {reader.line_num}: cannot be read as CSV ({_short(err)})",
            message_de=f"{name}, Zeile {reader.line_num}: nicht als CSV lesbar ({_short(err)})",
        ) from None
    if not rows:
        raise CatalogError(
            f"{name} has no header line with field names; the first line names the columns "
            "id;label_de;domain;polarity;kind …",
            message_de=f"{name} hat keine Kopfzeile mit Feldnamen; die erste Zeile nennt die "
            "Spalten id;label_de;domain;polarity;kind …",
        )
    header = [cell.strip().lstrip("\ufeff") for cell in rows[0][1]]
    _check_header(header, name)
    if len(rows) == 1:
        raise CatalogError(
            f"{name} has a header but no indicator rows; add one row per indicator below it",
            message_de=f"{name} hat eine Kopfzeile, aber keine Indikatorzeilen; bitte je "
            "Indikator eine Zeile darunter anlegen",
        )
    _bounded(rows[1:], name, limits)
    entries: list[tuple[str, object]] = []
    problems: list[Problem] = []
    for line, row in rows[1:]:
        where = f"{name}, line {line}"
        extra = [cell for cell in row[len(header) :] if cell.strip()]
        if extra:
            problems.append(
                Problem(
                    where,
                    f"has {len(row)} values but the header has {len(header)} columns; check the "
                    "separator and quotes in this line",
                    f"hat {len(row)} Werte, die Kopfzeile aber {len(header)} Spalten; bitte "
                    "Trennzeichen und Anführungszeichen in dieser Zeile prüfen",
                )
            )
        entries.append((where, dict(zip(header, row, strict=False))))
    return entries, problems


def _check_header(header: list[str], name: str) -> None:
    if len(header) == 1:
        raise CatalogError(
            f"{name}: the header has a single column {show(header[0])}; expected columns "
            "id;label_de;domain;polarity;kind … separated by ';' or ','",
            message_de=f"{name}: die Kopfzeile hat nur eine Spalte {show(header[0], 'de')}; "
            "erwartet werden Spalten id;label_de;domain;polarity;kind … getrennt durch ';' "
            "oder ','",
        )
    problems = [
        Problem(
            f"{name}, line 1",
            f'column {n} ({show(col[:20])}) runs over several lines; a quote (") is not closed',
            f"Spalte {n} ({show(col[:20], 'de')}) reicht über mehrere Zeilen; ein "
            'Anführungszeichen (") ist nicht geschlossen',
        )
        for n, col in enumerate(header, start=1)
        if "\n" in col or "\r" in col
    ]
    problems += [
        Problem(
            f"{name}, line 1",
            f"column {n} has no name; give every column a field name",
            f"Spalte {n} hat keinen Namen; bitte jeder Spalte einen Feldnamen geben",
        )
        for n, col in enumerate(header, start=1)
        if not col
    ]
    dupes = sorted({c for c in header if c and header.count(c) > 1})
    problems += [
        Problem(
            f"{name}, line 1",
            f"column {c!r} appears twice; keep one",
            f"Spalte {c!r} kommt doppelt vor; bitte nur eine behalten",
        )
        for c in dupes
    ]
    if problems:
        raise CatalogProblemsError(problems, source=name)
