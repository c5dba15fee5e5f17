"""The catalogue's schema: field ranges, limits, and problems that say expected / got / fix.

Everything here checks values and words problems; it builds nothing. The
model (:mod:`indicators.catalog`) calls :func:`rule_problems` and
:func:`cross_problems` when a rule or catalogue is made; entries
(:mod:`indicators.catalog_entries`) and files (:mod:`indicators.catalog_files`)
collect every :class:`Problem` before they raise one :class:`CatalogProblemsError`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from indicators.errors import CatalogError

if TYPE_CHECKING:
    from indicators.catalog import Indicator, Rule

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


def show(value: object, lang: str = "en") -> str:
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
        return "[" + ", ".join(show(v, lang) for v in value) + "]"
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


def thousands(number: int) -> str:
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


def field_problem(
    where: str, name: str, value: object, expected_en: str, expected_de: str
) -> Problem:
    """Return "field 'k' is 1.5; expected a whole number …" at ``where``."""
    return Problem(
        where,
        f"field {name!r} is {show(value)}; expected {expected_en}",
        f"Feld {name!r} ist {show(value, 'de')}; erwartet wird {expected_de}",
    )


def check_range(name: str, value: object, where: str = "") -> list[Problem]:
    """Return the problem of a numeric field ``name`` outside its range (none if inside)."""
    spec = _NUMBERS[name]
    if spec.accepts(value):
        return []
    return [field_problem(where, name, value, spec.expected_en, spec.expected_de)]


def check_thresholds(value: object, where: str = "") -> list[Problem]:
    """Return the problem of ``thresholds`` that are not two finite numbers low <= high."""
    ok = (
        isinstance(value, tuple | list)
        and len(value) == 2
        and all(_THRESHOLD.accepts(v) for v in value)
        and value[0] <= value[1]
    )
    if ok:
        return []
    return [field_problem(where, "thresholds", value, _THRESHOLDS_EN, _THRESHOLDS_DE)]


def check_method(value: object, where: str = "") -> list[Problem]:
    """Return the problem of a ``method`` that is not a registered rating method."""
    from indicators import methods  # the methods import the model, which imports this module

    if value is None or value in methods.names():
        return []
    allowed = ", ".join(methods.names())
    return [
        Problem(
            where,
            f"unknown rating method {show(value)} in field 'method'; expected one of {allowed}",
            f"unbekannte Bewertungsmethode {show(value, 'de')} im Feld 'method'; erlaubt "
            f"sind {allowed}",
        )
    ]


def rule_problems(rule: Rule) -> list[Problem]:
    """Return every problem of the values of ``rule`` (all fields, then the method's own checks)."""
    from indicators import methods  # the methods import the model, which imports this module

    problems = check_method(rule.method)
    for name in ("tolerance", "confidence", "k", "min_denominator", "trend_periods"):
        problems += check_range(name, getattr(rule, name))
    problems += check_range("min_population", rule.min_population)
    if rule.target is not None:
        problems += check_range("target", rule.target)
    if rule.thresholds is not None:
        problems += check_thresholds(rule.thresholds)
    if rule.population is not None and not isinstance(rule.population, str):
        problems.append(
            field_problem("", "population", rule.population, "an indicator id", "eine Indikator-ID")
        )
    if not problems and rule.method is not None:
        problems += [Problem("", en, de) for en, de in methods.get(rule.method).rule_problems(rule)]
    return problems


def cross_problems(items: Sequence[tuple[str, Indicator]]) -> list[Problem]:
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
