"""Catalogue files: reading YAML and CSV catalogues safely (size, encoding, alias bombs)."""

from __future__ import annotations

import codecs
import csv
import io
import warnings
from collections.abc import Iterable
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
    Where,
    cross_problems,
    problem,
    show,
)
from indicators.errors import CatalogError
from indicators.messages import Message


def load_catalog(path: str | Path, *, limits: CatalogLimits | None = None) -> Catalog:
    """Read a catalogue from a YAML or CSV file (see :func:`load_entries`; a whole catalogue)."""
    return Catalog(load_entries(path, limits=limits))


def load_entries(
    path: str | Path, *, limits: CatalogLimits | None = None, known: Iterable[Indicator] = ()
) -> list[Indicator]:
    """Read a catalogue from a YAML or CSV file.

    Parameters
    ----------
    path : str or Path
        ``.yaml``/``.yml`` with a list under ``indicators:`` (UTF-8), or
        ``.csv`` (``;``, ``,`` or tab separated; UTF-8, UTF-16 with BOM, or
        Windows-1252 with a :class:`CatalogWarning`).
    limits : CatalogLimits, optional
        Size, alias, nesting and report limits (default :data:`DEFAULT_LIMITS`).
    known : iterable of Indicator, optional
        Indicators already published: ``weight``, ``population`` and
        ``denominator`` may name them (a file adding "Kitas je 1.000" to a
        store that holds ``einwohner``); the file's own entries win by id.

    Returns
    -------
    list of Indicator
        In file order.

    Raises
    ------
    CatalogError
        When the file cannot be read (missing, too large, binary, not UTF-8,
        not YAML, an alias bomb …); :class:`CatalogProblemsError` listing every
        problem of every entry (entry number, id, field, value, fix) at once.
    """
    limits = limits or DEFAULT_LIMITS
    path = Path(path)
    if path.suffix.lower() not in (".yaml", ".yml", ".csv"):
        raise CatalogError("catalog.file.suffix", name=path.name)
    return entries_from_bytes(_read(path, limits), path.name, limits=limits, known=known)


def catalog_from_bytes(
    data: bytes, name: str, *, limits: CatalogLimits | None = None, known: Iterable[Indicator] = ()
) -> Catalog:
    """Read a catalogue from the bytes of a YAML or CSV file (an upload).

    The same checks as :func:`load_entries`; ``name`` gives the format by its
    suffix and names the file in messages.

    Raises
    ------
    CatalogError
        See :func:`load_entries`.
    """
    return Catalog(entries_from_bytes(data, name, limits=limits, known=known))


def entries_from_bytes(
    data: bytes, name: str, *, limits: CatalogLimits | None = None, known: Iterable[Indicator] = ()
) -> list[Indicator]:
    """Return the entries of a catalogue file's bytes, in file order (see :func:`load_entries`).

    Raises
    ------
    CatalogError
        See :func:`load_entries`.
    """
    limits = limits or DEFAULT_LIMITS
    suffix = Path(name).suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv"):
        raise CatalogError("catalog.file.suffix", name=name)
    if len(data) > limits.max_bytes:
        raise CatalogError("catalog.file.too_large", name=name, limit=limits.max_bytes)
    if not data.strip():
        raise CatalogError("catalog.file.empty", name=name)
    if suffix == ".csv":
        entries, problems = _csv_entries(_decode(data, name, fallback=True), name, limits)
    else:
        docs = _yaml_entries(_decode(data, name, fallback=False), name, limits)
        entries = [
            (Message("catalog.where.entry", {"name": name, "n": n}), e)
            for n, e in enumerate(docs, start=1)
        ]
        problems = []
    built: list[tuple[Where, Indicator]] = []
    for where, raw in entries:
        indicator, located, found = entry(raw, where, limits)
        problems += found
        if indicator is not None:
            built.append((located, indicator))
    if not problems:
        problems = cross_problems(built, known=known)
    if problems:
        raise CatalogProblemsError(problems, source=name, max_problems=limits.max_problems)
    return [ind for _, ind in built]


def _read(path: Path, limits: CatalogLimits) -> bytes:
    """Return the bytes of ``path``, refusing what is missing, not a file or too large."""
    name = path.name
    if not path.exists():
        raise CatalogError("catalog.file.missing", path=str(path))
    if not path.is_file():
        raise CatalogError("catalog.file.not_a_file", path=str(path))
    try:
        with path.open("rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    except OSError as err:
        raise CatalogError("catalog.file.unreadable", name=name, reason=err.strerror) from None
    if len(data) > limits.max_bytes:
        raise CatalogError("catalog.file.too_large", name=name, limit=limits.max_bytes)
    if not data.strip():
        raise CatalogError("catalog.file.empty", name=name)
    return data


#: The first bytes of binary files and what they are (a key of ``catalog.binary.*``).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "catalog.binary.zip"),
    (b"\xd0\xcf\x11\xe0", "catalog.binary.xls"),
    (b"%PDF", "catalog.binary.pdf"),
    (b"\x1f\x8b", "catalog.binary.gzip"),
    (b"SQLite format 3", "catalog.binary.sqlite"),
)


def _binary(data: bytes, name: str) -> CatalogError:
    what = next((key for m, key in _MAGIC if data.startswith(m)), "catalog.binary.other")
    return CatalogError("catalog.file.binary", name=name, what=Message(what))


def _decode(data: bytes, name: str, *, fallback: bool) -> str:
    """Return the text of a catalogue: UTF-8 (BOM optional), UTF-16 with BOM, else cp1252 (CSV)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise _binary(data, name) from None
    elif any(data.startswith(m) for m, _ in _MAGIC) or b"\x00" in data:
        raise _binary(data, name)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            text = _fallback(data, name, err) if fallback else ""
            if not fallback:
                raise CatalogError(
                    "catalog.yaml.not_utf8", name=name, byte=data[err.start], position=err.start
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
            "catalog.csv.encoding", name=name, byte=data[err.start], position=err.start
        ) from None
    warnings.warn(CatalogWarning("catalog.csv.cp1252", name=name), stacklevel=4)
    return text


# ---- YAML


class _YamlLimitError(Exception):
    """A limit hit while composing: the key of its message and its parameters (but the file)."""

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key, self.params = key, params


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
            raise _YamlLimitError("catalog.yaml.too_deep", limit=self._limits.max_depth)
        node = super().compose_node(parent, index)
        self._depth -= 1
        if node is not None:
            self._measure(node)
        return node

    def _alias(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self._aliases += 1
        if self._aliases > self._limits.max_aliases:
            raise _YamlLimitError("catalog.yaml.aliases", limit=self._limits.max_aliases)
        node = super().compose_node(parent, index)
        if node is not None and id(node) not in self._sizes:
            raise _YamlLimitError("catalog.yaml.recursive")
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
            raise _YamlLimitError("catalog.yaml.too_many_nodes", limit=self._limits.max_nodes)
        self._sizes[id(node)] = size


def _yaml_entries(text: str, name: str, limits: CatalogLimits) -> list[object]:
    """Return the list of entries of a YAML catalogue (bounded, see :class:`_LimitedLoader`)."""
    loader = _LimitedLoader(text, limits)
    try:
        doc = loader.get_single_data()
    except _YamlLimitError as hit:
        raise CatalogError(hit.key, name=name, **hit.params) from None
    except yaml.YAMLError as err:
        raise CatalogError("catalog.yaml.invalid", name=name, detail=_short(err)) from None
    except (ValueError, OverflowError, RecursionError) as err:
        if "integer string conversion" in str(err):
            raise CatalogError("catalog.yaml.huge_number", name=name, digits=4300) from None
        raise CatalogError("catalog.yaml.value", name=name, detail=_short(err)) from None
    finally:
        loader.dispose()
    entries = doc.get("indicators") if isinstance(doc, dict) else doc
    if not isinstance(entries, list):
        raise CatalogError("catalog.yaml.not_a_list", name=name, got=show(entries))
    return _bounded(entries, name, limits)


def _short(err: BaseException, limit: int = 300) -> str:
    text = " ".join(str(err).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bounded(entries: list[Any], name: str, limits: CatalogLimits) -> list[Any]:
    if not entries:
        raise CatalogError("catalog.file.no_entries", name=name)
    if len(entries) > limits.max_entries:
        raise CatalogError("catalog.file.too_many", name=name, limit=limits.max_entries)
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
) -> tuple[list[tuple[Where, object]], list[Problem]]:
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
            "catalog.csv.unreadable", name=name, line=reader.line_num, detail=_short(err)
        ) from None
    if not rows:
        raise CatalogError("catalog.csv.no_header", name=name)
    header = [cell.strip().lstrip("\ufeff") for cell in rows[0][1]]
    _check_header(header, name)
    if len(rows) == 1:
        raise CatalogError("catalog.csv.header_only", name=name)
    _bounded(rows[1:], name, limits)
    entries: list[tuple[Where, object]] = []
    problems: list[Problem] = []
    for line, row in rows[1:]:
        where = Message("catalog.where.line", {"name": name, "line": line})
        extra = [cell for cell in row[len(header) :] if cell.strip()]
        if extra:
            problems.append(
                problem(where, "catalog.csv.row_too_long", values=len(row), columns=len(header))
            )
        entries.append((where, dict(zip(header, row, strict=False))))
    return entries, problems


def _check_header(header: list[str], name: str) -> None:
    if len(header) == 1:
        raise CatalogError("catalog.csv.single_column", name=name, column=show(header[0]))
    where = Message("catalog.where.line", {"name": name, "line": 1})
    problems = [
        problem(where, "catalog.csv.open_quote", n=n, column=show(col[:20]))
        for n, col in enumerate(header, start=1)
        if "\n" in col or "\r" in col
    ]
    problems += [
        problem(where, "catalog.csv.unnamed", n=n)
        for n, col in enumerate(header, start=1)
        if not col
    ]
    dupes = sorted({c for c in header if c and header.count(c) > 1})
    problems += [problem(where, "catalog.csv.twice", column=c) for c in dupes]
    if problems:
        raise CatalogProblemsError(problems, source=name)
