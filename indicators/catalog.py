"""The indicator catalogue: what each indicator means and how it is rated.

A catalogue is a YAML file (a list under ``indicators:``) or a CSV file with
one row per indicator. See ``docs/DATA.md`` for the full contract.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import yaml

from indicators.errors import CatalogError

#: The five domains of the Gelsenkirchen Bildungsmonitoring, in display order.
DOMAINS: tuple[str, ...] = (
    "Formale Bildung",
    "Entwicklungskompetenzen",
    "Demografie",
    "Migration",
    "Sozioökonomische Lage",
)
DOMAIN_LABELS_EN: dict[str, str] = {
    "Formale Bildung": "Formal education",
    "Entwicklungskompetenzen": "Child development",
    "Demografie": "Demography",
    "Migration": "Migration",
    "Sozioökonomische Lage": "Socio-economic situation",
}


class Polarity(StrEnum):
    """Which direction of an indicator is favourable."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    NO_JUDGEMENT = "no_judgement"


class Kind(StrEnum):
    """What an indicator value is, which decides intervals and aggregation."""

    PROPORTION = "proportion"
    RATE = "rate"
    MEAN = "mean"
    COUNT = "count"
    INDEX = "index"


METHODS: tuple[str, ...] = ("benchmark", "band", "quantiles", "thresholds", "trend")


# --------------------------------------------------------------------------- limits


@dataclass(frozen=True)
class CatalogLimits:
    """Limits applied while reading a catalogue file, each with a documented default.

    A real catalogue of 100 indicators is about 30 KB with a nesting depth of 5
    and no aliases, so the defaults leave a wide margin while a hostile file
    (an alias bomb, a 1 GB file, 10,000 nested lists) is refused quickly and
    with little memory.

    Attributes
    ----------
    max_bytes : int
        Largest catalogue file read (2 MB); checked before anything is parsed.
    max_entries : int
        Most indicators in one catalogue.
    max_aliases : int
        Most YAML aliases (``*name``) in one file. Anchors for a shared rule
        are fine; an alias bomb ("billion laughs") is refused while it is being
        parsed, before anything is expanded.
    max_nodes : int
        Most YAML nodes, counting each alias as the size of what it repeats.
    max_depth : int
        Deepest nesting of YAML lists and mappings (a catalogue needs 6).
    max_text : int
        Longest text field (label, description …) in characters.
    max_problems : int
        Most problems listed in one error message; the rest are counted.
    """

    max_bytes: int = 2_000_000
    max_entries: int = 2_000
    max_aliases: int = 50
    max_nodes: int = 100_000
    max_depth: int = 12
    max_text: int = 5_000
    max_problems: int = 100


DEFAULT_LIMITS = CatalogLimits()

#: Largest absolute value accepted for limits, targets and minimum sizes.
MAX_MAGNITUDE = 1e15
#: Largest ``multiplier`` accepted (per million is the largest scale in use).
MAX_MULTIPLIER = 1e6


# --------------------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    """One problem of a catalogue: where it is and what is wrong (English and German)."""

    where: str
    en: str
    de: str

    def line(self, lang: str = "en") -> str:
        """Return ``where: text`` in ``lang``."""
        text = self.de if lang == "de" else self.en
        return f"{self.where}: {text}" if self.where else text


class CatalogProblemsError(CatalogError):
    """Every problem found in a catalogue, reported at once and grouped by entry.

    Parameters
    ----------
    problems : sequence of Problem
        In file order.
    source : str
        File name shown in the heading of a message with several problems.
    max_problems : int
        Most problems listed; the rest are counted.
    """

    def __init__(
        self, problems: Sequence[Problem], *, source: str = "", max_problems: int = 100
    ) -> None:
        self.problems = tuple(problems)
        super().__init__(
            _grouped(self.problems, "en", source, max_problems),
            message_de=_grouped(self.problems, "de", source, max_problems),
        )


def _grouped(problems: Sequence[Problem], lang: str, source: str, limit: int) -> str:
    if len(problems) == 1:
        return problems[0].line(lang)
    groups: dict[str, list[str]] = {}
    for p in problems[:limit]:
        groups.setdefault(p.where, []).append(p.de if lang == "de" else p.en)
    prefix = f"{source}: " if source else ""
    lines = [
        f"{prefix}{len(problems)} Probleme im Katalog; nichts wurde eingelesen. Bitte "
        "korrigieren und den Katalog erneut laden:"
        if lang == "de"
        else f"{prefix}{len(problems)} problems in the catalogue; nothing was read. Correct "
        "them and load the catalogue again:"
    ]
    for where, texts in groups.items():
        if where:
            lines.append(f"{where}:")
        lines += [f"  - {t}" for t in texts]
    if len(problems) > limit:
        rest = len(problems) - limit
        lines.append(f"… und {rest} weitere Probleme" if lang == "de" else f"… and {rest} more")
    return "\n".join(lines)


class CatalogWarning(UserWarning):
    """Something in a catalogue file was read, but not as written (e.g. its encoding)."""

    def __init__(self, message: str, *, message_de: str | None = None) -> None:
        super().__init__(message)
        self.message_en = message
        self.message_de = message_de if message_de is not None else message


def _show(value: object, lang: str = "en") -> str:
    """Return a short, bounded description of ``value`` for a message (never a full repr)."""
    de = lang == "de"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "…")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if value.bit_length() > 100:
            digits = int(value.bit_length() * 0.30103)
            return f"eine Zahl mit ~{digits} Stellen" if de else f"a number of ~{digits} digits"
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list | tuple) and _scalars(value):
        return "[" + ", ".join(_show(v, lang) for v in value) + "]"
    if isinstance(value, list | tuple):
        return f"eine Liste mit {len(value)} Einträgen" if de else f"a list of {len(value)} items"
    if isinstance(value, Mapping):
        return (
            f"eine Zuordnung mit {len(value)} Feldern"
            if de
            else f"a mapping of {len(value)} fields"
        )
    if isinstance(value, bytes | bytearray):
        return "Binärdaten" if de else "binary data"
    return f"ein Wert vom Typ {type(value).__name__}" if de else f"a {type(value).__name__}"


def _de(number: int) -> str:
    """Return ``number`` with German thousands separators (1.000.000)."""
    return f"{number:,}".replace(",", ".")


def _scalars(values: list[Any] | tuple[Any, ...]) -> bool:
    return len(values) <= 5 and all(isinstance(v, str | int | float) for v in values)


# --------------------------------------------------------------------------- field schema


@dataclass(frozen=True)
class _Range:
    """What a numeric field accepts, and how to say so."""

    low: float
    high: float
    expected_en: str
    expected_de: str
    low_open: bool = False
    high_open: bool = False
    integer: bool = False
    choices: tuple[float, ...] = ()

    def accepts(self, value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        try:
            x = float(value)
        except OverflowError:
            return False
        if not math.isfinite(x) or (self.integer and not x.is_integer()):
            return False
        if self.choices:
            return x in self.choices
        above = x > self.low if self.low_open else x >= self.low
        below = x < self.high if self.high_open else x <= self.high
        return above and below


_NUMBERS: dict[str, _Range] = {
    "multiplier": _Range(
        0,
        MAX_MULTIPLIER,
        "a number above 0 and at most 1,000,000 (1 = as delivered, 100 for %, 1000 for ‰)",
        "eine Zahl über 0 und höchstens 1.000.000 (1 = wie geliefert, 100 für %, 1000 für ‰)",
        low_open=True,
    ),
    "tolerance": _Range(
        0,
        1,
        "a number from 0 to below 1 (0.10 = ±10 %)",
        "eine Zahl von 0 bis unter 1 (0.10 = ±10 %)",
        high_open=True,
    ),
    "confidence": _Range(
        0.95,
        0.998,
        "0.95 (three grades) or 0.998 (five grades)",
        "0.95 (drei Stufen) oder 0.998 (fünf Stufen)",
        choices=(0.95, 0.998),
    ),
    "k": _Range(
        2,
        10,
        "a whole number from 2 to 10 (groups for quantiles; 3 = terciles)",
        "eine ganze Zahl von 2 bis 10 (Gruppen für Quantile; 3 = Terzile)",
        integer=True,
    ),
    "target": _Range(
        -MAX_MAGNITUDE,
        MAX_MAGNITUDE,
        "a finite number in the indicator's unit",
        "eine endliche Zahl in der Einheit des Indikators",
    ),
    "min_denominator": _Range(
        0,
        MAX_MAGNITUDE,
        "a finite number of at least 0 (default 20)",
        "eine endliche Zahl ab 0 (Standard 20)",
    ),
    "trend_periods": _Range(
        2,
        20,
        "a whole number from 2 to 20 (default 5)",
        "eine ganze Zahl von 2 bis 20 (Standard 5)",
        integer=True,
    ),
    "min_population": _Range(
        0,
        MAX_MAGNITUDE,
        "a finite number of at least 0 (default 300)",
        "eine endliche Zahl ab 0 (Standard 300)",
    ),
}
_THRESHOLD = _Range(-MAX_MAGNITUDE, MAX_MAGNITUDE, "", "")
_THRESHOLDS_EN = "two finite numbers [low, high] with low <= high (CSV: low|high)"
_THRESHOLDS_DE = "zwei endliche Zahlen [niedrig, hoch] mit niedrig <= hoch (CSV: niedrig|hoch)"


def _field_problem(
    where: str, name: str, value: object, expected_en: str, expected_de: str
) -> Problem:
    return Problem(
        where,
        f"field {name!r} is {_show(value)}; expected {expected_en}",
        f"Feld {name!r} ist {_show(value, 'de')}; erwartet wird {expected_de}",
    )


def _check_range(name: str, value: object, where: str = "") -> list[Problem]:
    spec = _NUMBERS[name]
    if spec.accepts(value):
        return []
    return [_field_problem(where, name, value, spec.expected_en, spec.expected_de)]


def _check_thresholds(value: object, where: str = "") -> list[Problem]:
    ok = (
        isinstance(value, tuple | list)
        and len(value) == 2
        and all(_THRESHOLD.accepts(v) for v in value)
        and value[0] <= value[1]
    )
    if ok:
        return []
    return [_field_problem(where, "thresholds", value, _THRESHOLDS_EN, _THRESHOLDS_DE)]


def _check_method(value: object, where: str = "") -> list[Problem]:
    if value is None or value in METHODS:
        return []
    allowed = ", ".join(METHODS)
    return [
        Problem(
            where,
            f"unknown rating method {_show(value)} in field 'method'; expected one of {allowed}",
            f"unbekannte Bewertungsmethode {_show(value, 'de')} im Feld 'method'; erlaubt "
            f"sind {allowed}",
        )
    ]


def _rule_problems(rule: Rule) -> list[Problem]:
    """Return every problem of the values of ``rule`` (all fields, then cross-field rules)."""
    problems = _check_method(rule.method)
    for name in ("tolerance", "confidence", "k", "min_denominator", "trend_periods"):
        problems += _check_range(name, getattr(rule, name))
    problems += _check_range("min_population", rule.min_population)
    if rule.target is not None:
        problems += _check_range("target", rule.target)
    if rule.thresholds is not None:
        problems += _check_thresholds(rule.thresholds)
    if rule.population is not None and not isinstance(rule.population, str):
        problems.append(
            _field_problem(
                "", "population", rule.population, "an indicator id", "eine Indikator-ID"
            )
        )
    needs_limits = rule.method == "thresholds" and rule.thresholds is None and rule.target is None
    if needs_limits and not problems:
        problems.append(
            Problem(
                "",
                "method 'thresholds' needs 'thresholds: [low, high]' or 'target'",
                "Methode 'thresholds' braucht 'thresholds: [niedrig, hoch]' oder 'target'",
            )
        )
    return problems


@dataclass(frozen=True)
class Rule:
    """How an indicator is rated; every field has a documented default.

    Every field is checked when a rule is made (finite numbers in their range,
    see ``docs/DATA.md``); a rule that breaks them raises :class:`CatalogProblemsError`
    listing all its problems.

    Attributes
    ----------
    method : str or None
        One of :data:`METHODS`; None picks the default (``benchmark`` where
        numerators and denominators exist for a proportion or rate, else ``band``;
        ``quantiles`` for counts).
    tolerance : float
        Relative band around the city value for ``band`` (0.10 = ±10 %) and the
        relative change counted as a trend by the plain change rule; 0 to below 1.
    confidence : float
        Confidence level for ``benchmark``: 0.95 gives three grades, 0.998
        five grades (95 % and 99.8 % intervals together).
    k : int
        Number of groups for ``quantiles`` (3 = terciles), 2 to 10.
    thresholds : tuple of float or None
        ``(low, high)`` limits for ``thresholds``, in the indicator's unit;
        finite, ``low <= high``.
    target : float or None
        Target value for ``thresholds`` (alternative to limits): meeting it is
        favourable, missing it by more than ``tolerance`` is unfavourable.
    min_denominator : float
        Areas with a smaller denominator are not rated (grey); at least 0.
    trend_periods : int
        Number of latest consecutive periods of the indicator used for the
        trend (Fingertips: 5), 2 to 20; an area needs a value in every one of them.
    population : str or None
        Id of the indicator holding each area's inhabitants; with it, areas
        with fewer than ``min_population`` inhabitants are not rated where the
        value has no denominator of its own (Berlin MSS: 300).
    min_population : float
        Smallest population rated (only used with ``population``); at least 0.
    """

    method: str | None = None
    tolerance: float = 0.10
    confidence: float = 0.95
    k: int = 3
    thresholds: tuple[float, float] | None = None
    target: float | None = None
    min_denominator: float = 20.0
    trend_periods: int = 5
    population: str | None = None
    min_population: float = 300.0

    def __post_init__(self) -> None:
        problems = _rule_problems(self)
        if problems:
            raise CatalogProblemsError(problems)


@dataclass(frozen=True)
class Indicator:
    """One entry of the catalogue."""

    id: str
    label_de: str
    label_en: str
    domain: str
    unit: str
    polarity: Polarity
    kind: Kind
    multiplier: float = 1.0
    source: str = ""
    description: str = ""
    rule: Rule = field(default_factory=Rule)
    #: Id of the indicator whose values weight the city mean of a mean or index
    #: (e.g. inhabitants); empty: the unweighted mean of the areas.
    weight: str = ""

    def __post_init__(self) -> None:
        problems = _check_range("multiplier", self.multiplier, f"indicator {self.id!r}")
        if problems:
            raise CatalogProblemsError(problems)

    def label(self, lang: str = "de") -> str:
        """Return the label in ``lang``."""
        return self.label_de if lang == "de" else self.label_en

    @property
    def aggregable(self) -> bool:
        """Whether parent and city values can be computed from the areas."""
        return self.kind is not Kind.INDEX


def _cross_problems(items: Sequence[tuple[str, Indicator]]) -> list[Problem]:
    """Return duplicate ids and references to indicators missing from the catalogue."""
    problems: list[Problem] = []
    first: dict[str, str] = {}
    for where, ind in items:
        if ind.id in first:
            problems.append(
                Problem(
                    where,
                    f"indicator id {ind.id!r} appears twice (also {first[ind.id] or 'earlier'});"
                    " ids must be unique",
                    f"Indikator-ID {ind.id!r} kommt doppelt vor (auch "
                    f"{first[ind.id] or 'vorher'}); IDs müssen eindeutig sein",
                )
            )
        first.setdefault(ind.id, where)
    for where, ind in items:
        for role, ref in (("weight", ind.weight), ("population", ind.rule.population)):
            if ref and ref not in first:
                problems.append(
                    Problem(
                        where or f"indicator {ind.id!r}",
                        f"{role} {ref!r} is not in the catalogue; name the id of an "
                        f"indicator of the catalogue (known: {_known(first)})",
                        f"{role} {ref!r} steht nicht im Katalog; bitte die ID eines "
                        f"Katalog-Indikators angeben (bekannt: {_known(first)})",
                    )
                )
    return problems


def _known(names: Iterable[str], limit: int = 20) -> str:
    names = list(names)
    more = f" … (+{len(names) - limit})" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


class Catalog(Mapping[str, Indicator]):
    """An ordered, read-only mapping of indicator id to :class:`Indicator`.

    Duplicate ids and ``weight``/``population`` references to indicators that
    are not in the catalogue raise one :class:`CatalogProblemsError` listing all.
    """

    def __init__(self, indicators: list[Indicator]) -> None:
        problems = _cross_problems([("", ind) for ind in indicators])
        if problems:
            raise CatalogProblemsError(problems)
        self._items: dict[str, Indicator] = {ind.id: ind for ind in indicators}

    def __getitem__(self, key: str) -> Indicator:
        try:
            return self._items[key]
        except KeyError:
            raise KeyError(
                f"indicator {key!r} is not in the catalogue; known: {', '.join(self._items)}"
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def domains(self) -> list[str]:
        """Return the domains in use, the five standard ones first."""
        used = {i.domain for i in self._items.values()}
        return [d for d in DOMAINS if d in used] + sorted(used - set(DOMAINS))


# --------------------------------------------------------------------------- entries

_REQUIRED = ("id", "label_de", "domain", "polarity", "kind")
_TEXT_FIELDS = ("id", "label_de", "label_en", "domain", "unit", "source", "description", "weight")
_RULE_FIELDS = {f.name for f in fields(Rule)}
_ENTRY_FIELDS = (*_TEXT_FIELDS, "polarity", "kind", "multiplier", "rule")
_KNOWN_EN = (
    f"{', '.join(_ENTRY_FIELDS)}; rule fields (under 'rule' or flat): "
    f"{', '.join(sorted(_RULE_FIELDS))}"
)
_KNOWN_DE = (
    f"{', '.join(_ENTRY_FIELDS)}; Regelfelder (unter 'rule' oder direkt): "
    f"{', '.join(sorted(_RULE_FIELDS))}"
)


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object, name: str, where: str, problems: list[Problem], max_len: int) -> str:
    """Return ``value`` as stripped text; a list, mapping or yes/no is a problem."""
    if _empty(value):
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float | date):
        hint_en, hint_de = "a text", "ein Text"
        if isinstance(value, bool):
            hint_en += " (write yes/no/true/false in quotes)"
            hint_de += " (yes/no/true/false in Anführungszeichen schreiben)"
        problems.append(_field_problem(where, name, value, hint_en, hint_de))
        return ""
    text = value if isinstance(value, str) else _scalar_text(value)
    if len(text) > max_len:
        problems.append(
            Problem(
                where,
                f"field {name!r} has {len(text):,} characters; at most {max_len:,} are allowed "
                "(CatalogLimits.max_text)",
                f"Feld {name!r} hat {_de(len(text))} Zeichen; höchstens {_de(max_len)} sind "
                "erlaubt (CatalogLimits.max_text)",
            )
        )
        return ""
    return text.strip()


def _scalar_text(value: int | float | date) -> str:
    if isinstance(value, int) and value.bit_length() > 100:
        return "x" * 10**6  # longer than any text limit: reported as too long
    return str(value)


def _number(value: object) -> object:
    """Return ``value`` as a number where it is one (CSV text, decimal comma), else as given."""
    if isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            return value
        return _whole(number)
    return _whole(value) if isinstance(value, float) else value


def _whole(number: float) -> float | int:
    """Return a whole ``number`` of ordinary size as an int (``3.0`` → 3; ``1e30`` stays)."""
    return int(number) if number.is_integer() and abs(number) <= MAX_MAGNITUDE else number


def _pair(value: object) -> object:
    """Return CSV ``low|high`` (or a YAML list) as a tuple of numbers where possible."""
    parts = value.split("|") if isinstance(value, str) else value
    if isinstance(parts, list | tuple) and len(parts) == 2:
        numbers = tuple(_number(p) for p in parts)
        if all(isinstance(n, int | float) and not isinstance(n, bool) for n in numbers):
            return tuple(float(n) if isinstance(n, float) else n for n in numbers)
    return value


def _rule_fields(
    raw: Mapping[Any, Any], where: str, problems: list[Problem], limits: CatalogLimits
) -> dict[str, Any]:
    """Return the rule fields of an entry, nested under ``rule`` or flat (flat wins)."""
    nested = raw.get("rule")
    values: dict[Any, Any] = {}
    if isinstance(nested, Mapping):
        values.update(nested)
        for key in nested:
            if key in _ENTRY_FIELDS:
                problems.append(
                    Problem(
                        where,
                        f"field {key!r} belongs to the entry, not under 'rule'; move it up one "
                        "level",
                        f"Feld {key!r} gehört zum Eintrag, nicht unter 'rule'; bitte eine Ebene "
                        "höher schreiben",
                    )
                )
            elif key not in _RULE_FIELDS:
                problems.append(
                    Problem(
                        where,
                        f"unknown rule field {_show(key)}; known: "
                        f"{', '.join(sorted(_RULE_FIELDS))}",
                        f"unbekanntes Regelfeld {_show(key, 'de')}; bekannt: "
                        f"{', '.join(sorted(_RULE_FIELDS))}",
                    )
                )
    elif not _empty(nested):
        problems.append(
            _field_problem(
                where,
                "rule",
                nested,
                "a mapping of rule fields, e.g. 'rule: {method: benchmark, confidence: 0.998}'",
                "eine Zuordnung von Regelfeldern, z. B. 'rule: {method: benchmark, "
                "confidence: 0.998}'",
            )
        )
    values.update({k: v for k, v in raw.items() if k in _RULE_FIELDS})
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        if key not in _RULE_FIELDS or _empty(value):
            continue
        if key in ("method", "population"):
            text = _text(value, key, where, problems, limits.max_text)
            kwargs[key] = text or None
        elif key == "thresholds":
            kwargs[key] = _pair(value)
        else:
            kwargs[key] = _number(value)
    return kwargs


def _entry(
    raw: object, where: str, limits: CatalogLimits
) -> tuple[Indicator | None, str, list[Problem]]:
    """Check one entry; return the indicator (None on problems), its location and the problems."""
    if not isinstance(raw, Mapping):
        return (
            None,
            where,
            [
                Problem(
                    where,
                    f"is {_show(raw)}; expected a mapping of fields (id: …, label_de: …, "
                    "domain: …, polarity: …, kind: …); in YAML each entry starts with '- id: …'",
                    f"ist {_show(raw, 'de')}; erwartet wird eine Zuordnung von Feldern (id: …, "
                    "label_de: …, domain: …, polarity: …, kind: …); in YAML beginnt jeder "
                    "Eintrag mit '- id: …'",
                )
            ],
        )
    problems: list[Problem] = []
    ind_id = _text(raw.get("id"), "id", where, problems, limits.max_text)
    where = f"{where} ({ind_id})" if ind_id else where
    problems = [Problem(where, p.en, p.de) for p in problems]
    missing = [k for k in _REQUIRED if _empty(raw.get(k))]
    if missing:
        problems.append(
            Problem(
                where,
                f"missing required field(s) {', '.join(missing)}",
                f"Pflichtfeld(er) fehlen: {', '.join(missing)}",
            )
        )
    unknown = [k for k in raw if k not in _ENTRY_FIELDS and k not in _RULE_FIELDS]
    problems += [
        Problem(
            where,
            f"unknown field {_show(k)}; known: {_KNOWN_EN}",
            f"unbekanntes Feld {_show(k, 'de')}; bekannt: {_KNOWN_DE}",
        )
        for k in unknown
    ]
    texts = {
        name: _text(raw.get(name), name, where, problems, limits.max_text)
        for name in _TEXT_FIELDS[1:]
    }
    polarity = _choice(Polarity, raw.get("polarity"), "polarity", where, problems)
    kind = _choice(Kind, raw.get("kind"), "kind", where, problems)
    multiplier = _number(raw.get("multiplier")) if not _empty(raw.get("multiplier")) else 1
    problems += _check_range("multiplier", multiplier, where)
    kwargs = _rule_fields(raw, where, problems, limits)
    rule: Rule | None = None
    try:
        rule = Rule(**kwargs)
    except CatalogProblemsError as err:
        problems += [Problem(where, p.en, p.de) for p in err.problems]
    if problems or rule is None or polarity is None or kind is None:
        return None, where, problems
    indicator = Indicator(
        id=ind_id,
        label_de=texts["label_de"],
        label_en=texts["label_en"] or texts["label_de"],
        domain=texts["domain"],
        unit=texts["unit"],
        polarity=polarity,
        kind=kind,
        multiplier=float(multiplier),  # type: ignore[arg-type]
        source=texts["source"],
        description=texts["description"],
        rule=rule,
        weight=texts["weight"],
    )
    return indicator, where, []


_E = TypeVar("_E", Polarity, Kind)


def _choice(
    cls: type[_E], value: object, name: str, where: str, problems: list[Problem]
) -> _E | None:
    if _empty(value):
        return None  # reported as missing
    allowed = ", ".join(m.value for m in cls)
    if isinstance(value, str):
        try:
            return cls(value.strip())
        except ValueError:
            pass
    problems.append(
        Problem(
            where,
            f"field {name!r} is {_show(value)}; expected one of {allowed}",
            f"Feld {name!r} ist {_show(value, 'de')}; erlaubt sind {allowed}",
        )
    )
    return None


def indicator_from_mapping(raw: Mapping[str, Any], *, where: str = "entry") -> Indicator:
    """Build an :class:`Indicator` from a mapping (a YAML entry or CSV row).

    Parameters
    ----------
    raw : Mapping
        Fields as in ``docs/DATA.md``; rule fields either nested under ``rule``
        or given flat (CSV: ``method``, ``tolerance``, ``thresholds`` as
        ``low|high``, ``target``, ``min_denominator`` …).
    where : str
        Location used in error messages (file and entry number).

    Returns
    -------
    Indicator

    Raises
    ------
    CatalogProblemsError
        Listing every problem of the entry (field, value found, what is expected).
    """
    indicator, _, problems = _entry(raw, where, DEFAULT_LIMITS)
    if indicator is None:
        raise CatalogProblemsError(problems, max_problems=DEFAULT_LIMITS.max_problems)
    return indicator


# --------------------------------------------------------------------------- files


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
        indicator, located, found = _entry(raw, where, limits)
        problems += found
        if indicator is not None:
            built.append((located, indicator))
    if not problems:
        problems = _cross_problems(built)
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
            message_de=f"{name} ist größer als {_de(limits.max_bytes)} Bytes, die Grenze für einen "
            "Katalog (CatalogLimits.max_bytes; 100 Indikatoren sind etwa 30 KB); ist es die "
            "richtige Datei?",
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
                f"{_de(self._limits.max_nodes)} Werten (CatalogLimits.max_nodes); als mögliche "
                "Alias-Bombe abgelehnt",
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
            f"{name}: expected a list of indicators under 'indicators:', got {_show(entries)}",
            message_de=f"{name}: erwartet eine Liste von Indikatoren unter 'indicators:', "
            f"erhalten {_show(entries, 'de')}",
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
            message_de=f"{name} hat mehr als {_de(limits.max_entries)} Indikatoren, die Grenze "
            "(CatalogLimits.max_entries); ist es die richtige Datei?",
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
            f"{name}: the header has a single column {_show(header[0])}; expected columns "
            "id;label_de;domain;polarity;kind … separated by ';' or ','",
            message_de=f"{name}: die Kopfzeile hat nur eine Spalte {_show(header[0], 'de')}; "
            "erwartet werden Spalten id;label_de;domain;polarity;kind … getrennt durch ';' "
            "oder ','",
        )
    problems = [
        Problem(
            f"{name}, line 1",
            f'column {n} ({_show(col[:20])}) runs over several lines; a quote (") is not closed',
            f"Spalte {n} ({_show(col[:20], 'de')}) reicht über mehrere Zeilen; ein "
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


def indicator_to_mapping(indicator: Indicator) -> dict[str, Any]:
    """Return the catalogue entry of ``indicator`` (inverse of :func:`indicator_from_mapping`).

    Only rule fields that differ from the defaults are written, so an entry
    stays as short as a hand-written one.
    """
    default = Rule()
    rule = {
        f.name: (list(v) if isinstance(v, tuple) else v)
        for f in fields(Rule)
        if (v := getattr(indicator.rule, f.name)) != getattr(default, f.name)
    }
    entry: dict[str, Any] = {
        "id": indicator.id,
        "label_de": indicator.label_de,
        "label_en": indicator.label_en,
        "domain": indicator.domain,
        "unit": indicator.unit,
        "polarity": indicator.polarity.value,
        "kind": indicator.kind.value,
        "multiplier": indicator.multiplier,
        "source": indicator.source,
        "description": indicator.description,
    }
    if indicator.weight:
        entry["weight"] = indicator.weight
    if rule:
        entry["rule"] = rule
    return entry
