"""Composite need indices in the catalogue: the ``composite`` field and its checks.

A composite (``kind: composite``) is an indicator computed from other
indicators of the catalogue (its components), as Berlin's Monitoring Soziale
Stadtentwicklung builds its Status-Index: each component standardised over the
rated areas, weighted, summed and standardised again
(:mod:`indicators.composite` computes it). This module holds the model
(:class:`Composite`), reads it from a catalogue entry, writes it back, and
checks it: alone (:func:`composite_problems`) and against the catalogue
(:func:`reference_problems`: unknown components, cycles). Rules with ordered
classes (``cuts``, ``thresholds`` with more than two limits, ``labels_de`` /
``labels_en``) are checked by :func:`class_problems`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from indicators.catalog_schema import (
    MAX_MAGNITUDE,
    Problem,
    Where,
    field_problem,
    problem,
    show,
)
from indicators.messages import Message

if TYPE_CHECKING:
    from indicators.catalog import Indicator, Rule

#: How components are made comparable before they are weighted and summed.
STANDARDISE: tuple[str, ...] = ("z", "rank", "minmax")
#: Most ordered classes a rule may define (the grade vocabulary has five grades).
MAX_CLASSES = 5
_FIELDS = ("components", "weights", "standardise", "restandardise", "exclude", "change")


@dataclass(frozen=True)
class Composite:
    """How a composite indicator is computed from its components.

    Attributes
    ----------
    components : tuple of str
        Ids of the component indicators (at least one).
    weights : tuple of float
        One weight per component (default: all 1).
    standardise : {"z", "rank", "minmax"}
        ``z``: (x − mean) / sample SD; ``rank``: percentile rank 0–100;
        ``minmax``: (x − min) / (max − min) × 100; always over the rated areas
        of the level and period.
    restandardise : bool
        Whether the weighted sum is z-standardised again (MSS: yes), so that
        the composite is in SD units around the mean of the rated areas.
    exclude : tuple of str
        Area ids of declared outliers: not rated, not part of the standardisation.
    change_periods : int
        0 for a status index; N ≥ 2 for a dynamics index over the change of
        each component between a period and the period N − 1 steps earlier.
    """

    components: tuple[str, ...]
    weights: tuple[float, ...] = ()
    standardise: str = "z"
    restandardise: bool = True
    exclude: tuple[str, ...] = ()
    change_periods: int = 0

    def __post_init__(self) -> None:
        if not self.weights:
            object.__setattr__(self, "weights", tuple(1.0 for _ in self.components))

    @property
    def is_dynamics(self) -> bool:
        """Whether this composite is over changes between periods (a dynamics index)."""
        return self.change_periods >= 2


def composite_problems(
    ind_id: str, kind: str, composite: Composite | None, where: Where = ""
) -> list[Problem]:
    """Return the problems of a composite alone: kind, standardise, weights, itself."""
    if composite is None:
        return [problem(where, "catalog.composite.missing")] if kind == "composite" else []
    if kind != "composite":
        return [problem(where, "catalog.composite.not_composite", kind=kind)]
    problems: list[Problem] = []
    if not composite.components:
        problems.append(problem(where, "catalog.composite.no_components"))
    if composite.standardise not in STANDARDISE:
        problems.append(
            problem(
                where,
                "catalog.composite.standardise",
                value=show(composite.standardise),
                allowed=", ".join(STANDARDISE),
            )
        )
    if len(composite.weights) != len(composite.components):
        problems.append(
            problem(
                where,
                "catalog.composite.weights",
                weights=len(composite.weights),
                components=len(composite.components),
            )
        )
    elif not all(_finite(w) for w in composite.weights):
        problems.append(field_problem(where, "weights", list(composite.weights), _WEIGHTS))
    if ind_id in composite.components:
        problems.append(problem(where, "catalog.composite.self", id=ind_id))
    if composite.change_periods not in range(0, 21) or composite.change_periods == 1:
        problems.append(
            field_problem(where, "change", composite.change_periods, "catalog.expected.change")
        )
    return problems


_WEIGHTS = "catalog.expected.weights"


def _finite(x: object) -> bool:
    return (
        isinstance(x, int | float)
        and not isinstance(x, bool)
        and math.isfinite(x)
        and abs(x) <= MAX_MAGNITUDE
    )


def reference_problems(
    items: Sequence[tuple[Where, Indicator]], known: Mapping[str, Indicator]
) -> list[Problem]:
    """Return components that are not in the catalogue, and composites that contain themselves.

    ``known`` are all indicators the entries may name (the entries and the
    published catalogue); a cycle (a → b → a) is reported once at each member.
    """
    problems: list[Problem] = []
    for where, ind in items:
        if ind.composite is None:
            continue
        place = where or Message("catalog.where.indicator", {"id": ind.id})
        for ref in ind.composite.components:
            if ref not in known:
                problems.append(
                    problem(
                        place, "catalog.composite.unknown_component", ref=ref, known=_ids(known)
                    )
                )
        cycle = _cycle(ind.id, known)
        if cycle:
            problems.append(problem(place, "catalog.composite.cycle", path=" → ".join(cycle)))
    return problems


def _cycle(start: str, known: Mapping[str, Indicator]) -> list[str]:
    """Return a path of components from ``start`` back to itself (empty: none)."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        ind = known.get(node)
        if ind is None or ind.composite is None:
            continue
        for ref in ind.composite.components:
            if ref == start and len(path) > 1:
                return [*path, ref]
            if ref not in seen and ref != start:
                seen.add(ref)
                stack.append((ref, [*path, ref]))
    return []


def _ids(known: Mapping[str, Indicator], limit: int = 20) -> str:
    names = list(known)
    more = f" … (+{len(names) - limit})" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def class_problems(rule: Rule, where: Where = "") -> list[Problem]:
    """Return the problems of ``cuts`` and labels: 1–4 rising finite cuts, one label per class."""
    problems: list[Problem] = []
    classes = None
    if rule.cuts is not None:
        problems += _limit_problems("cuts", rule.cuts, where, strict=True)
        classes = len(rule.cuts) + 1
    elif rule.thresholds is not None:
        classes = len(rule.thresholds) + 1
    for name in ("labels_de", "labels_en"):
        labels = getattr(rule, name)
        if labels is None:
            continue
        if not all(isinstance(x, str) and x.strip() for x in labels):
            problems.append(field_problem(where, name, list(labels), "catalog.expected.labels"))
        elif classes is not None and len(labels) != classes:
            problems.append(
                problem(where, "catalog.labels.count", name=name, n=len(labels), classes=classes)
            )
    return problems


def limit_problems(name: str, value: object, where: Where = "") -> list[Problem]:
    """Return the problem of ``thresholds``: two limits low <= high, or 1–4 rising limits."""
    two = isinstance(value, tuple | list) and len(value) == 2
    return _limit_problems(name, value, where, strict=not two)


def _limit_problems(name: str, value: object, where: Where, *, strict: bool) -> list[Problem]:
    ok = (
        isinstance(value, tuple | list)
        and 1 <= len(value) < MAX_CLASSES
        and all(_finite(v) for v in value)
        and all((a < b) if strict else (a <= b) for a, b in itertools.pairwise(value))
    )
    if ok:
        return []
    if isinstance(value, tuple | list) and len(value) >= MAX_CLASSES:
        return [problem(where, "catalog.classes.too_many", name=name, n=len(value) + 1)]
    return [field_problem(where, name, value, f"catalog.expected.{name}")]


def composite_from_mapping(raw: object, where: Where, problems: list[Problem]) -> Composite | None:
    """Return the composite of an entry's ``composite`` field (None: none or problems)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if not isinstance(raw, Mapping):
        problems.append(field_problem(where, "composite", raw, "catalog.expected.composite"))
        return None
    unknown = [k for k in raw if k not in _FIELDS]
    problems += [
        problem(where, "catalog.composite.unknown_field", field=show(k), known=", ".join(_FIELDS))
        for k in unknown
    ]
    found = len(problems)
    components = _strings(raw.get("components"), "components", where, problems)
    exclude = _strings(raw.get("exclude"), "exclude", where, problems)
    weights = _weights(raw.get("weights"), where, problems)
    restandardise = raw.get("restandardise", True)
    if not isinstance(restandardise, bool):
        problems.append(
            field_problem(where, "restandardise", restandardise, "catalog.expected.yes_no")
        )
    change = _change(raw.get("change"), where, problems)
    standardise = raw.get("standardise", "z")
    if len(problems) > found or unknown:
        return None
    return Composite(
        components=components,
        weights=weights,
        standardise=str(standardise).strip() if isinstance(standardise, str) else standardise,
        restandardise=bool(restandardise),
        exclude=exclude,
        change_periods=change,
    )


def _strings(value: object, name: str, where: Where, problems: list[Problem]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list | tuple) and all(isinstance(v, str | int) for v in value):
        return tuple(str(v).strip() for v in value)
    problems.append(field_problem(where, name, value, "catalog.expected.ids"))
    return ()


def _weights(value: object, where: Where, problems: list[Problem]) -> tuple[float, ...]:
    if value is None:
        return ()
    if isinstance(value, list | tuple) and all(_finite(v) for v in value):
        return tuple(float(v) for v in value)
    problems.append(field_problem(where, "weights", value, _WEIGHTS))
    return ()


def _change(value: object, where: Where, problems: list[Problem]) -> int:
    if value is None:
        return 0
    periods = value.get("periods") if isinstance(value, Mapping) else None
    if isinstance(value, Mapping) and set(value) == {"periods"} and _whole(periods):
        return int(periods)  # type: ignore[arg-type]
    problems.append(field_problem(where, "change", value, "catalog.expected.change"))
    return 0


def _whole(x: object) -> bool:
    return isinstance(x, int) and not isinstance(x, bool) and 2 <= x <= 20


def composite_to_mapping(composite: Composite) -> dict[str, Any]:
    """Return the ``composite`` field of an entry (inverse of :func:`composite_from_mapping`)."""
    out: dict[str, Any] = {
        "components": list(composite.components),
        "weights": list(composite.weights),
        "standardise": composite.standardise,
        "restandardise": composite.restandardise,
    }
    if composite.exclude:
        out["exclude"] = list(composite.exclude)
    if composite.change_periods:
        out["change"] = {"periods": composite.change_periods}
    return out
