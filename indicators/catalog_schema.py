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

from indicators import catalog_messages as _catalog_messages  # noqa: F401 - registers them
from indicators import messages
from indicators.errors import CatalogError
from indicators.messages import Message

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


#: Where a problem is: a message naming the file and entry or line
#: (``catalog.where.*``), plain text given by code, or "" for nowhere in particular.
Where = str | Message


def at(where: Where, lang: str) -> str:
    """Return ``where`` in ``lang``."""
    return where.text(lang) if isinstance(where, Message) else where


@dataclass(frozen=True)
class Problem:
    """One problem of a catalogue: where it is and what is wrong (a message key and params)."""

    where: Where
    message: Message

    def place(self, lang: str = "en") -> str:
        """Return where the problem is in ``lang`` ("" for nowhere in particular)."""
        return at(self.where, lang)

    def text(self, lang: str = "en") -> str:
        """Return what is wrong in ``lang``."""
        return self.message.text(lang)

    def line(self, lang: str = "en") -> str:
        """Return ``where: text`` in ``lang``."""
        place, text = self.place(lang), self.text(lang)
        return f"{place}: {text}" if place else text


def problem(where: Where, key: str, /, **params: object) -> Problem:
    """Return the :class:`Problem` at ``where`` with message ``key`` and its parameters."""
    return Problem(where, Message(key, params))


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
        self.source = source
        self.max_problems = max_problems
        super().__init__("catalog.problems", count=len(self.problems))

    def text(self, lang: str = "de") -> str:
        """Return every problem in ``lang``, grouped by entry (one problem: its line)."""
        lang = lang if lang in messages.LANGUAGES else "en"
        return _grouped(self.problems, lang, self.source, self.max_problems)


def _grouped(problems: Sequence[Problem], lang: str, source: str, limit: int) -> str:
    if len(problems) == 1:
        return problems[0].line(lang)
    groups: dict[str, list[str]] = {}
    for p in problems[:limit]:
        groups.setdefault(p.place(lang), []).append(p.text(lang))
    prefix = f"{source}: " if source else ""
    lines = [prefix + messages.text("catalog.problems", lang, count=len(problems))]
    for where, texts in groups.items():
        if where:
            lines.append(f"{where}:")
        lines += [f"  - {t}" for t in texts]
    if len(problems) > limit:
        lines.append(messages.text("catalog.problems.more", lang, rest=len(problems) - limit))
    return "\n".join(lines)


class CatalogWarning(UserWarning):
    """Something in a catalogue file was read, but not as written (e.g. its encoding).

    Parameters
    ----------
    key : str
        A key of :mod:`indicators.catalog_messages`.
    **params
        The values of its placeholders.

    Notes
    -----
    ``str(warning)`` is the English text; :meth:`text` renders it in a language.
    """

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: str = "de") -> str:
        """Return the warning in ``lang``; a language without texts falls back to English."""
        known = lang in messages.LANGUAGES
        return messages.text(self.key, lang if known else "en", **self.params)


def show(value: object) -> str | Message:
    """Return a short, bounded description of ``value`` for a message (never a full repr).

    Literal values (text, numbers, short lists of them) are their repr; others
    are described in words, a :class:`Message` rendered in the language of the
    message it is a parameter of.
    """
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "…")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if value.bit_length() > 100:
            return Message(
                "catalog.value.big_number", {"digits": int(value.bit_length() * 0.30103)}
            )
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list | tuple) and _scalars(value):
        return "[" + ", ".join(str(show(v)) for v in value) + "]"
    if isinstance(value, list | tuple):
        return Message("catalog.value.list", {"n": len(value)})
    if isinstance(value, Mapping):
        return Message("catalog.value.mapping", {"n": len(value)})
    if isinstance(value, bytes | bytearray):
        return Message("catalog.value.binary")
    return Message("catalog.value.other", {"type": type(value).__name__})


def _scalars(values: list[Any] | tuple[Any, ...]) -> bool:
    """Whether ``values`` are a few literals (a huge number is described in words instead)."""
    return len(values) <= 5 and all(
        isinstance(v, str | float) or (isinstance(v, int) and v.bit_length() <= 100) for v in values
    )


# --------------------------------------------------------------------------- field schema


@dataclass(frozen=True)
class _Range:
    """What a numeric field accepts, and how to say so."""

    low: float
    high: float
    #: What is expected, in words: a key of :mod:`indicators.catalog_messages`.
    expected: str
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
        "catalog.expected.multiplier",
        low_open=True,
    ),
    "tolerance": _Range(
        0,
        1,
        "catalog.expected.tolerance",
        high_open=True,
    ),
    "confidence": _Range(
        0.95,
        0.998,
        "catalog.expected.confidence",
        choices=(0.95, 0.998),
    ),
    "k": _Range(
        2,
        10,
        "catalog.expected.k",
        integer=True,
    ),
    "target": _Range(
        -MAX_MAGNITUDE,
        MAX_MAGNITUDE,
        "catalog.expected.target",
    ),
    "min_denominator": _Range(
        0,
        MAX_MAGNITUDE,
        "catalog.expected.min_denominator",
    ),
    "trend_periods": _Range(
        2,
        20,
        "catalog.expected.trend_periods",
        integer=True,
    ),
    "min_population": _Range(
        0,
        MAX_MAGNITUDE,
        "catalog.expected.min_population",
    ),
    "small_numerator": _Range(
        0,
        1000,
        "catalog.expected.small_numerator",
        integer=True,
    ),
}


def field_problem(where: Where, name: str, value: object, expected: str) -> Problem:
    """Return "field 'k' is 1.5; expected a whole number …" at ``where``.

    ``expected`` is the key of what the field expects (``catalog.expected.*``).
    """
    return problem(
        where, "catalog.field.value", name=name, value=show(value), expected=Message(expected)
    )


def check_range(name: str, value: object, where: Where = "") -> list[Problem]:
    """Return the problem of a numeric field ``name`` outside its range (none if inside)."""
    spec = _NUMBERS[name]
    if spec.accepts(value):
        return []
    return [field_problem(where, name, value, spec.expected)]


def check_thresholds(value: object, where: Where = "") -> list[Problem]:
    """Return the problem of ``thresholds``: two numbers low <= high, or 1–4 rising limits."""
    from indicators.catalog_composite import limit_problems  # imports this module

    return limit_problems("thresholds", value, where)


def check_method(value: object, where: Where = "") -> list[Problem]:
    """Return the problem of a ``method`` that is not a registered rating method."""
    from indicators import methods  # the methods import the model, which imports this module

    if value is None or value in methods.names():
        return []
    allowed = ", ".join(methods.names())
    return [problem(where, "catalog.method.unknown", value=show(value), allowed=allowed)]


def rule_problems(rule: Rule) -> list[Problem]:
    """Return every problem of the values of ``rule`` (all fields, then the method's own checks)."""
    from indicators import methods  # the methods import the model, which imports this module

    problems = check_method(rule.method)
    for name in ("tolerance", "confidence", "k", "min_denominator", "trend_periods"):
        problems += check_range(name, getattr(rule, name))
    problems += check_range("min_population", rule.min_population)
    if rule.small_numerator is not None:
        problems += check_range("small_numerator", rule.small_numerator)
    if rule.target is not None:
        problems += check_range("target", rule.target)
    if rule.thresholds is not None:
        problems += check_thresholds(rule.thresholds)
    from indicators.catalog_composite import class_problems  # imports this module

    problems += class_problems(rule)
    if rule.population is not None and not isinstance(rule.population, str):
        problems.append(
            field_problem("", "population", rule.population, "catalog.expected.indicator_id")
        )
    if not problems and rule.method is not None:
        problems += [
            problem("", found.key, **found.params)
            for found in methods.get(rule.method).rule_problems(rule)
        ]
    return problems


def denominator_problems(
    ind_id: str, kind: str, denominator: str, where: Where = ""
) -> list[Problem]:
    """Return the problem of a ``denominator`` on an indicator that is no rate, or on itself."""
    if not denominator:
        return []
    if kind != "rate":
        return [problem(where, "catalog.denominator.not_rate", kind=kind, ref=denominator)]
    if denominator == ind_id:
        return [problem(where, "catalog.denominator.self", ref=denominator)]
    return []


def cross_problems(
    items: Sequence[tuple[Where, Indicator]], *, known: Iterable[Indicator] = ()
) -> list[Problem]:
    """Return duplicate ids, missing references and denominators that are no count.

    References may also name ``known`` indicators (the published catalogue).
    """
    others = {ind.id: ind for ind in known}
    problems: list[Problem] = []
    first: dict[str, Where] = {}
    for where, ind in items:
        if ind.id in first:
            also = first[ind.id]
            problems.append(
                problem(where, "catalog.id.twice", id=ind.id, also=also)
                if also
                else problem(where, "catalog.id.twice_before", id=ind.id)
            )
        first.setdefault(ind.id, where)
    for where, ind in items:
        refs = (
            ("weight", ind.weight),
            ("population", ind.rule.population),
            ("denominator", ind.denominator),
        )
        for role, ref in refs:
            if ref and ref not in first and ref not in others:
                problems.append(
                    problem(
                        where or Message("catalog.where.indicator", {"id": ind.id}),
                        "catalog.reference.missing",
                        role=role,
                        ref=ref,
                        known=_known({**others, **first}),
                    )
                )
    from indicators.catalog_composite import reference_problems  # imports this module

    every = {**others, **{ind.id: ind for _, ind in items}}
    return problems + _denominator_kinds(items, others) + reference_problems(items, every)


def _denominator_kinds(
    items: Sequence[tuple[Where, Indicator]], others: Mapping[str, Indicator]
) -> list[Problem]:
    """Return the problem of each ``denominator`` naming an indicator that is no count."""
    kinds = {i: ind.kind.value for i, ind in others.items()}
    kinds.update({ind.id: ind.kind.value for _, ind in items})
    return [
        problem(
            where or Message("catalog.where.indicator", {"id": ind.id}),
            "catalog.denominator.not_count",
            ref=ind.denominator,
            kind=kinds[ind.denominator],
        )
        for where, ind in items
        if ind.denominator in kinds and kinds[ind.denominator] != "count"
    ]


def _known(names: Iterable[str], limit: int = 20) -> str:
    names = list(names)
    more = f" … (+{len(names) - limit})" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more
