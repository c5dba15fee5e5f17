"""Needs-based allocation ("Mittelverteilung"): a budget split over areas by need.

A budget of whole units (cents of money, or posts) is split over the areas of
one level in proportion to a weight per area:

``proportional``
    weight = need value × target population (need alone without a population).
``classes``
    weight = the weight of the area's rating class (best … worst, as staffing
    rules give more to worse-off areas) × target population.

Every area gets at least ``floor`` and at most ``cap`` units (iterative
water-filling: areas that would get less than the floor are fixed at the
floor, those over the cap at the cap, and the rest is shared again by weight
until nothing changes; the result is the one level ``λ`` with
``allocation = clip(λ × weight, floor, cap)``). The shares are rounded to
whole units by the largest-remainder method (Hare–Niemeyer): every area gets
its share rounded down, the units left over go one each to the areas with the
largest remainders (ties: the area listed first), so the allocation sums to
the budget **exactly** and stays within floor and cap.

Areas without a need value (or without a rating class, or without a target
population when one is used) are **excluded**: they get nothing, take no part
in the split and are listed in :attr:`Allocation.excluded` with the reason.

The even split ("Gießkanne") shares the same budget over the same areas by
target population alone (per area without one), with the same floor, cap and
rounding; ``difference`` is allocation minus even split, so it shows what the
need changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from indicators import allocation_messages as _messages  # noqa: F401 - registers them
from indicators.errors import BildungsampelError
from indicators.messages import Message

Unit = Literal["cent", "post"]
Mode = Literal["proportional", "classes"]
#: The grades of a judged indicator, favourable first (staffing rules give the worst most).
JUDGED_CLASSES: tuple[str, ...] = ("best", "better", "similar", "worse", "worst")
#: The grades of a no-judgement indicator, lowest first.
NEUTRAL_CLASSES: tuple[str, ...] = ("much_lower", "lower", "similar", "higher", "much_higher")
#: Every rating class a class weight can be given for.
CLASSES: tuple[str, ...] = tuple(dict.fromkeys(JUDGED_CLASSES + NEUTRAL_CLASSES))
#: Columns of :attr:`Allocation.frame`.
COLUMNS: tuple[str, ...] = (
    "area_id",
    "need",
    "grade",
    "population",
    "weight",
    "allocation",
    "even",
    "difference",
    "per_capita",
    "even_per_capita",
)


@dataclass(frozen=True)
class Quantity:
    """An indicator used by the rule: its id, the period used and its label per language."""

    id: str
    period: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        """Return the label in ``lang`` (its id when there is none)."""
        return self.labels.get(lang) or self.labels.get("de") or self.id


@dataclass(frozen=True)
class Rule:
    """What is distributed and how.

    Attributes
    ----------
    budget : int
        Whole units to distribute (cents, or posts).
    need : Quantity
        The need indicator (its value, or its rating class in ``classes`` mode).
    population : Quantity or None
        The target population the need is multiplied with (None: need alone).
    unit : {"cent", "post"}
        What one unit is.
    floor, cap : int or None
        Least and most units per area (None: no floor / no cap).
    weights : mapping of str to float or None
        Class weights (``classes`` mode); None for proportional to need.
    """

    budget: int
    need: Quantity
    population: Quantity | None = None
    unit: Unit = "cent"
    floor: int | None = None
    cap: int | None = None
    weights: Mapping[str, float] | None = None

    @property
    def mode(self) -> Mode:
        """``classes`` with class weights, else ``proportional``."""
        return "classes" if self.weights is not None else "proportional"


def amount(units: float, unit: Unit) -> Message:
    """Return a number of units as words: euros from cents, or posts.

    Examples
    --------
    >>> amount(123456, "cent").text("de"), amount(3, "post").text("en")
    ('1.234,56 €', '3 posts')
    """
    if unit == "cent":
        return Message("allocation.amount.cent", {"value": units / 100})
    if units == 1:
        return Message("allocation.amount.post.one", {"value": int(units)})
    return Message("allocation.amount.post", {"value": int(units)})


@dataclass(frozen=True)
class Description:
    """What was computed, to be said in words (:meth:`text`) next to every table and file.

    Attributes
    ----------
    rule : Rule
    areas : int
        Areas the budget was split over.
    excluded : tuple of (str, str)
        (area name or id, reason key) of the areas left out.
    """

    rule: Rule
    areas: int
    excluded: tuple[tuple[str, str], ...] = ()

    def text(self, lang: str) -> str:
        """Return the rule in ``lang``: what, over what, how rounded, who is left out."""
        rule = self.rule
        parts = [
            _message(
                "allocation.text.budget",
                lang,
                budget=amount(rule.budget, rule.unit),
                n=self.areas,
            )
        ]
        need = rule.need.label(lang) + (f" ({rule.need.period})" if rule.need.period else "")
        if rule.weights is not None:
            classes = ", ".join(
                f"{_message(f'allocation.class.{k}', lang)} {_weight(v, lang)}"
                for k, v in rule.weights.items()
            )
            parts.append(_message("allocation.text.classes", lang, need=need, weights=classes))
        else:
            parts.append(_message("allocation.text.proportional", lang, need=need))
        if rule.population is not None:
            pop = rule.population
            label = pop.label(lang) + (f" ({pop.period})" if pop.period else "")
            parts.append(_message("allocation.text.population", lang, population=label))
        parts[-1] += "."
        if rule.floor:
            parts.append(
                _message("allocation.text.floor", lang, floor=amount(rule.floor, rule.unit))
            )
        if rule.cap is not None:
            parts.append(_message("allocation.text.cap", lang, cap=amount(rule.cap, rule.unit)))
        parts.append(_message(f"allocation.text.rounding.{rule.unit}", lang))
        parts.append(_message("allocation.text.even", lang))
        if self.excluded:
            names = ", ".join(
                f"{name} ({_message(reason, lang)})" for name, reason in self.excluded
            )
            parts.append(
                _message("allocation.text.excluded", lang, n=len(self.excluded), names=names)
            )
        return " ".join(parts)


def _weight(value: float, lang: str) -> str:
    """Return a class weight as written ("0,5" in German)."""
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "de" else text


def _message(key: str, lang: str, **params: object) -> str:
    return Message(key, params).text(lang)


@dataclass(frozen=True)
class Allocation:
    """Result of :func:`allocate`.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per area taking part, columns :data:`COLUMNS`; ``allocation``
        and ``even`` in whole units (int), ``difference`` = allocation − even,
        ``per_capita`` / ``even_per_capita`` in units per head of the target
        population (NaN without one).
    description : Description
        The rule and who was left out, in words with :meth:`Description.text`.
    """

    frame: pd.DataFrame
    description: Description

    @property
    def excluded(self) -> tuple[tuple[str, str], ...]:
        """(area, reason key) of the areas left out."""
        return self.description.excluded


# ---------------------------------------------------------------- checks


def _check_rule(rule: Rule) -> None:
    if rule.budget < 0:
        raise BildungsampelError(
            "allocation.negative_budget", budget=amount(rule.budget, rule.unit)
        )
    for name, value in (("floor", rule.floor), ("cap", rule.cap)):
        if value is not None and value < 0:
            raise BildungsampelError(
                "allocation.negative_limit", what=Message(f"allocation.what.{name}")
            )
    if rule.floor is not None and rule.cap is not None and rule.floor > rule.cap:
        raise BildungsampelError(
            "allocation.floor_over_cap",
            floor=amount(rule.floor, rule.unit),
            cap=amount(rule.cap, rule.unit),
        )
    if rule.weights is not None:
        unknown = [k for k in rule.weights if k not in CLASSES]
        if unknown:
            raise BildungsampelError(
                "allocation.unknown_class", classes=", ".join(unknown), known=", ".join(CLASSES)
            )
        if any(not np.isfinite(v) or v < 0 for v in rule.weights.values()):
            raise BildungsampelError("allocation.negative_weight")


def _check_feasible(rule: Rule, weights: np.ndarray) -> None:
    """Raise when floors or caps cannot add up to the budget."""
    n = len(weights)
    if n == 0:
        raise BildungsampelError("allocation.no_areas")
    floor, cap = rule.floor or 0, rule.cap
    if floor * n > rule.budget:
        raise BildungsampelError(
            "allocation.floors_exceed",
            n=n,
            floor=amount(floor, rule.unit),
            total=amount(floor * n, rule.unit),
            budget=amount(rule.budget, rule.unit),
        )
    reachable = (weights > 0).sum()
    if cap is not None and cap * reachable + floor * (n - reachable) < rule.budget:
        raise BildungsampelError(
            "allocation.caps_short",
            n=int(reachable),
            cap=amount(cap, rule.unit),
            total=amount(cap * reachable + floor * (n - reachable), rule.unit),
            budget=amount(rule.budget, rule.unit),
        )
    if reachable == 0 and floor * n < rule.budget:
        raise BildungsampelError("allocation.no_need")


# ---------------------------------------------------------------- arithmetic


def water_fill(
    weights: np.ndarray, total: float, *, floor: float = 0.0, cap: float | None = None
) -> np.ndarray:
    """Return shares ``clip(λ × weights, floor, cap)`` summing to ``total`` (not rounded).

    Iterative water-filling: share what is left by weight among the areas not
    yet fixed; if some shares break a limit, fix one side at its limit and
    share again, until no share breaks a limit. Which side: lifting the shares
    below the floor adds ``below`` units, cutting those above the cap removes
    ``above``; if ``below >= above`` the trial sum is at least the budget, so the
    solution's level is lower and the areas below the floor stay there (fix
    them); else the level is higher and the capped ones stay capped. Areas of
    weight 0 get the floor. The caller checks feasibility.

    Examples
    --------
    >>> water_fill(np.array([1.0, 1.0, 8.0]), 100, floor=20).tolist()
    [20.0, 20.0, 60.0]
    >>> water_fill(np.array([1.0, 1.0, 8.0]), 100, cap=50).tolist()
    [25.0, 25.0, 50.0]
    """
    w = np.asarray(weights, dtype=float)
    share = np.full(len(w), float(floor))
    free = w > 0
    high = np.inf if cap is None else float(cap)
    while free.any():
        left = total - share[~free].sum()
        idx = np.flatnonzero(free)
        trial = left * w[idx] / w[idx].sum()
        low, high_hit = trial < floor, trial > high
        below = np.where(low, floor - trial, 0.0).sum()
        above = (trial[high_hit] - high).sum()
        if not low.any() and not high_hit.any():
            share[idx] = trial
            break
        # the limit that moves the sum more is binding at the solution (see the docstring)
        fix, value = (low, floor) if below >= above else (high_hit, high)
        share[idx[fix]] = value
        free[idx[fix]] = False
    return share


def largest_remainder(
    shares: np.ndarray, total: int, *, cap: int | None = None, digits: int = 6
) -> np.ndarray:
    """Return whole units summing to ``total``: shares rounded down, the rest by largest remainder.

    Shares are first rounded to ``digits`` decimals, so that floating-point
    noise (3.9999999 for 4) neither changes the rounded-down part nor the
    order of the remainders; equal remainders go to the area listed first.
    An area at ``cap`` gets no extra unit.

    Examples
    --------
    >>> largest_remainder(np.array([33.4, 33.3, 33.3]), 100).tolist()
    [34, 33, 33]
    """
    quota = np.round(np.asarray(shares, dtype=float), digits)
    base = np.floor(quota).astype(np.int64)
    rest = quota - base
    if cap is not None:
        rest = np.where(base >= cap, -1.0, rest)
    left = int(total - base.sum())
    order = np.argsort(-rest, kind="stable")
    base[order[:left]] += 1
    return base


def split(weights: np.ndarray, rule: Rule) -> np.ndarray:
    """Return whole units per area for ``weights`` under the floor, cap and budget of ``rule``."""
    _check_feasible(rule, weights)
    floor = rule.floor or 0
    shares = water_fill(weights, rule.budget, floor=floor, cap=rule.cap)
    return largest_remainder(shares, rule.budget, cap=rule.cap)


# ---------------------------------------------------------------- the allocation


def _weights(areas: pd.DataFrame, rule: Rule) -> tuple[pd.Series, pd.Series]:
    """Return each area's weight and, for an area that cannot take part, the reason key."""
    reason = pd.Series("", index=areas.index, dtype=object)
    if rule.weights is not None:
        grade = areas["grade"].astype(object) if "grade" in areas else pd.Series(None, areas.index)
        basis = grade.map(dict(rule.weights)).astype(float)
        reason[basis.isna()] = "allocation.reason.no_class"
    else:
        basis = pd.to_numeric(areas["need"], errors="coerce").astype(float)
        reason[basis.isna()] = "allocation.reason.no_need"
        bad = areas.loc[basis < 0, "area_id"].astype(str).tolist()
        if bad:
            raise BildungsampelError("allocation.negative_need", areas=", ".join(bad[:5]))
    if rule.population is not None:
        pop = pd.to_numeric(areas["population"], errors="coerce").astype(float)
        reason[(reason == "") & pop.isna()] = "allocation.reason.no_population"
        bad = areas.loc[pop < 0, "area_id"].astype(str).tolist()
        if bad:
            raise BildungsampelError("allocation.negative_population", areas=", ".join(bad[:5]))
        basis = basis * pop
    return basis, reason


def allocate(
    areas: pd.DataFrame, rule: Rule, *, names: Mapping[str, str] | None = None
) -> Allocation:
    """Split ``rule.budget`` over ``areas`` by need, with the even split and the difference.

    Parameters
    ----------
    areas : pandas.DataFrame
        One row per area: ``area_id``, ``need`` (NaN: no value), and as the
        rule needs ``grade`` (rating class, ``classes`` mode) and
        ``population`` (target population).
    rule : Rule
    names : mapping, optional
        Area id → name, for the list of excluded areas in the rule's text.

    Returns
    -------
    Allocation

    Raises
    ------
    BildungsampelError
        For a negative budget, limit, weight, need or population, a floor over
        the cap, an unknown class, no area with a value, floors above the
        budget or caps below it.
    """
    _check_rule(rule)
    areas = areas.reset_index(drop=True)
    weight, reason = _weights(areas, rule)
    keep = (reason == "").to_numpy()
    ids = areas["area_id"].astype(str)
    excluded = tuple(
        ((names or {}).get(a, a), str(r)) for a, r in zip(ids[~keep], reason[~keep], strict=True)
    )
    part = areas.loc[keep].reset_index(drop=True)
    w = weight[keep].to_numpy(dtype=float)
    given = split(w, rule)
    pop = (
        pd.to_numeric(part["population"], errors="coerce").to_numpy(dtype=float)
        if rule.population is not None
        else np.ones(len(part))
    )
    even = split(pop, rule)
    head = pop if rule.population is not None else np.full(len(part), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        frame = pd.DataFrame(
            {
                "area_id": part["area_id"].astype(str),
                "need": pd.to_numeric(part["need"], errors="coerce") if "need" in part else np.nan,
                "grade": part["grade"].astype(object) if "grade" in part else None,
                "population": head,
                "weight": w,
                "allocation": given,
                "even": even,
                "difference": given - even,
                "per_capita": np.where(head > 0, given / head, np.nan),
                "even_per_capita": np.where(head > 0, even / head, np.nan),
            }
        )
    return Allocation(frame[list(COLUMNS)], Description(rule, len(part), excluded))
