"""Catalogue entries: one mapping (a YAML entry or CSV row) becomes an :class:`Indicator`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import date
from typing import Any, TypeVar

from indicators.catalog import Indicator, Kind, Polarity, Rule
from indicators.catalog_composite import composite_from_mapping, composite_problems
from indicators.catalog_schema import (
    DEFAULT_LIMITS,
    MAX_MAGNITUDE,
    CatalogLimits,
    CatalogProblemsError,
    Problem,
    Where,
    check_range,
    denominator_problems,
    field_problem,
    problem,
    show,
)
from indicators.messages import Message

_REQUIRED = ("id", "label_de", "domain", "polarity", "kind")
_TEXT_FIELDS = (
    "id",
    "label_de",
    "label_en",
    "domain",
    "unit",
    "source",
    "description",
    "weight",
    "denominator",
)
_RULE_FIELDS = {f.name for f in fields(Rule)}
_ENTRY_FIELDS = (*_TEXT_FIELDS, "polarity", "kind", "multiplier", "rule", "composite")
_KNOWN_ENTRY = ", ".join(_ENTRY_FIELDS)
_KNOWN_RULE = ", ".join(sorted(_RULE_FIELDS))


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object, name: str, where: Where, problems: list[Problem], max_len: int) -> str:
    """Return ``value`` as stripped text; a list, mapping or yes/no is a problem."""
    if _empty(value):
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float | date):
        expected = (
            "catalog.expected.text_not_yes_no"
            if isinstance(value, bool)
            else "catalog.expected.text"
        )
        problems.append(field_problem(where, name, value, expected))
        return ""
    text = value if isinstance(value, str) else _scalar_text(value)
    if len(text) > max_len:
        problems.append(
            problem(where, "catalog.field.too_long", name=name, length=len(text), limit=max_len)
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


def _numbers(value: object) -> object:
    """Return CSV ``low|high`` or ``a|b|c`` (or a YAML list) as a tuple of numbers if it is."""
    parts = value.split("|") if isinstance(value, str) else value
    if isinstance(parts, list | tuple) and parts:
        numbers = tuple(_number(p) for p in parts)
        if all(isinstance(n, int | float) and not isinstance(n, bool) for n in numbers):
            return tuple(float(n) if isinstance(n, float) else n for n in numbers)
    return value


def _words(value: object) -> object:
    """Return CSV ``a|b|c`` (or a YAML list) of class labels as a tuple of stripped texts."""
    parts = value.split("|") if isinstance(value, str) else value
    if isinstance(parts, list | tuple) and all(isinstance(p, str) for p in parts):
        return tuple(p.strip() for p in parts)
    return value


def _rule_fields(
    raw: Mapping[Any, Any], where: Where, problems: list[Problem], limits: CatalogLimits
) -> dict[str, Any]:
    """Return the rule fields of an entry, nested under ``rule`` or flat (flat wins)."""
    nested = raw.get("rule")
    values: dict[Any, Any] = {}
    if isinstance(nested, Mapping):
        values.update(nested)
        for key in nested:
            if key in _ENTRY_FIELDS:
                problems.append(problem(where, "catalog.rule.entry_field", name=key))
            elif key not in _RULE_FIELDS:
                problems.append(
                    problem(where, "catalog.rule.unknown_field", field=show(key), known=_KNOWN_RULE)
                )
    elif not _empty(nested):
        problems.append(field_problem(where, "rule", nested, "catalog.expected.rule"))
    values.update({k: v for k, v in raw.items() if k in _RULE_FIELDS})
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        if key not in _RULE_FIELDS or _empty(value):
            continue
        if key in ("method", "population"):
            text = _text(value, key, where, problems, limits.max_text)
            kwargs[key] = text or None
        elif key in ("thresholds", "cuts"):
            kwargs[key] = _numbers(value)
        elif key in ("labels_de", "labels_en"):
            kwargs[key] = _words(value)
        else:
            kwargs[key] = _number(value)
    return kwargs


def entry(
    raw: object, where: Where, limits: CatalogLimits
) -> tuple[Indicator | None, Where, list[Problem]]:
    """Check one entry; return the indicator (None on problems), its location and the problems."""
    if not isinstance(raw, Mapping):
        return (
            None,
            where,
            [problem(where, "catalog.entry.not_a_mapping", value=show(raw))],
        )
    problems: list[Problem] = []
    ind_id = _text(raw.get("id"), "id", where, problems, limits.max_text)
    where = Message("catalog.where.named", {"where": where, "id": ind_id}) if ind_id else where
    problems = [Problem(where, p.message) for p in problems]
    problems += _field_names(raw, where)
    texts = {
        name: _text(raw.get(name), name, where, problems, limits.max_text)
        for name in _TEXT_FIELDS[1:]
    }
    polarity = _choice(Polarity, raw.get("polarity"), "polarity", where, problems)
    kind = _choice(Kind, raw.get("kind"), "kind", where, problems)
    multiplier = _number(raw.get("multiplier")) if not _empty(raw.get("multiplier")) else 1
    problems += check_range("multiplier", multiplier, where)
    composite = composite_from_mapping(raw.get("composite"), where, problems)
    if kind is not None:
        problems += denominator_problems(ind_id, kind.value, texts["denominator"], where)
        if not (composite is None and raw.get("composite") is not None):
            problems += composite_problems(ind_id, kind.value, composite, where)
    kwargs = _rule_fields(raw, where, problems, limits)
    rule: Rule | None = None
    try:
        rule = Rule(**kwargs)
    except CatalogProblemsError as err:
        problems += [Problem(where, p.message) for p in err.problems]
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
        denominator=texts["denominator"],
        composite=composite,
    )
    return indicator, where, []


def _field_names(raw: Mapping[Any, Any], where: Where) -> list[Problem]:
    """Return the problems of missing required fields and of unknown fields."""
    problems: list[Problem] = []
    missing = [k for k in _REQUIRED if _empty(raw.get(k))]
    if missing:
        problems.append(problem(where, "catalog.entry.missing", fields=", ".join(missing)))
    unknown = [k for k in raw if k not in _ENTRY_FIELDS and k not in _RULE_FIELDS]
    problems += [
        problem(
            where,
            "catalog.entry.unknown_field",
            field=show(k),
            entry_fields=_KNOWN_ENTRY,
            rule_fields=_KNOWN_RULE,
        )
        for k in unknown
    ]
    return problems


_E = TypeVar("_E", Polarity, Kind)


def _choice(
    cls: type[_E], value: object, name: str, where: Where, problems: list[Problem]
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
        problem(where, "catalog.field.choice", name=name, value=show(value), allowed=allowed)
    )
    return None


def indicator_from_mapping(raw: Mapping[str, Any], *, where: Where | None = None) -> Indicator:
    """Build an :class:`Indicator` from a mapping (a YAML entry or CSV row).

    Parameters
    ----------
    raw : Mapping
        Fields as in ``docs/DATA.md``; rule fields either nested under ``rule``
        or given flat (CSV: ``method``, ``tolerance``, ``thresholds`` as
        ``low|high`` or ``a|b|c``, ``cuts``, ``labels_de`` as ``a|b|c``,
        ``target``, ``min_denominator`` …); ``composite`` as a mapping (YAML).
    where : str or Message, optional
        Location used in error messages (file and entry number, a
        ``catalog.where.*`` message); default "entry" in the language of the message.

    Returns
    -------
    Indicator

    Raises
    ------
    CatalogProblemsError
        Listing every problem of the entry (field, value found, what is expected).
    """
    where = Message("catalog.where.mapping") if where is None else where
    indicator, _, problems = entry(raw, where, DEFAULT_LIMITS)
    if indicator is None:
        raise CatalogProblemsError(problems, max_problems=DEFAULT_LIMITS.max_problems)
    return indicator
