"""``thresholds``: fixed limits ``(low, high)``, 1–4 ordered limits, or a target value."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from indicators import wording
from indicators.catalog import Indicator, Polarity, Rule
from indicators.messages import Message
from indicators.methods import ordered
from indicators.methods.base import Classifier, Fit, Sample


class Thresholds(Classifier):
    """Fixed limits ``(low, high)``, ordered limits, or a target value.

    With two limits: at or above ``high`` +1, at or below ``low`` −1. With one,
    three or four limits: ``len + 1`` ordered classes, a value equal to a limit
    in the class above it, mapped onto the grades by
    :mod:`indicators.methods.ordered`. With a target: meeting it is
    favourable, missing it by more than the tolerance unfavourable, in between 0.
    """

    name = "thresholds"
    parameters = ("thresholds", "target", "tolerance")
    reasons = ("no_thresholds",)
    label: ClassVar[Mapping[str, str]] = {
        "de": "Feste Grenzen / Zielwert",
        "en": "Fixed thresholds / target",
    }
    words: ClassVar[Mapping[str, Mapping[str, str]]] = {
        "de": {
            "t_above": "erreicht die obere Grenze {high} (Grenzwerte {low} und {high})",
            "t_below": "erreicht die untere Grenze {low} (Grenzwerte {low} und {high})",
            "t_between": "liegt zwischen den Grenzwerten {low} und {high}",
            "target_met": "erreicht den Zielwert {target}",
            "target_missed": "verfehlt den Zielwert {target} um mehr als {tol} des Zielwerts "
            "(Grenze {limit})",
            "target_near": "verfehlt den Zielwert {target} knapp (höchstens {tol} des "
            "Zielwerts, Grenze {limit})",
            "t_class": "liegt {where} → {cls}",
            "t_lowest": "unter der Grenze {high}",
            "t_highest": "an oder über der Grenze {low}",
            "t_range": "von {low} bis unter {high}",
            "t_number": "Klasse {i} von {n}",
            "legend_limits": "Grenzwerte",
            "legend_target": "Zielbereich",
            "no_thresholds": "nicht bewertet: der Katalog legt für diesen Indikator keine "
            "Grenzwerte und keinen Zielwert fest",
        },
        "en": {
            "t_above": "reaches the upper limit {high} (limits {low} and {high})",
            "t_below": "reaches the lower limit {low} (limits {low} and {high})",
            "t_between": "lies between the limits {low} and {high}",
            "target_met": "meets the target {target}",
            "target_missed": "misses the target {target} by more than {tol} of the target "
            "(limit {limit})",
            "target_near": "narrowly misses the target {target} (by at most {tol} of the "
            "target, limit {limit})",
            "t_class": "lies {where} → {cls}",
            "t_lowest": "below the limit {high}",
            "t_highest": "at or above the limit {low}",
            "t_range": "from {low} to below {high}",
            "t_number": "class {i} of {n}",
            "legend_limits": "Limits",
            "legend_target": "Target range",
            "no_thresholds": "not rated: the catalogue sets no limits and no target for this "
            "indicator",
        },
    }

    def _fit(self, sample: Sample) -> Fit:
        v = sample.values
        rule = self.rule
        if rule.thresholds is not None and len(rule.thresholds) != 2:
            return self._classes(sample, rule.thresholds)
        if rule.thresholds is not None:
            low, high = rule.thresholds
            return Fit.of(
                np.where(v >= high, 1.0, np.where(v <= low, -1.0, 0.0)),
                lower_limit=np.full(v.shape, float(low)),
                upper_limit=np.full(v.shape, float(high)),
                unusable_reason="no_thresholds",
            )
        if rule.target is None:  # chosen for an indicator whose catalogue entry sets no limits
            return Fit.of(
                np.full(v.shape, np.nan),
                unusable=np.ones(v.shape, dtype=bool),
                unusable_reason="no_thresholds",
            )
        target, tol = rule.target, rule.tolerance
        if sample.indicator.polarity is Polarity.LOWER_IS_BETTER:
            lower, upper = float(target), float(target * (1 + tol))
            direction = np.where(v <= target, -1.0, np.where(v > target * (1 + tol), 1.0, 0.0))
        else:
            lower, upper = float(target * (1 - tol)), float(target)
            direction = np.where(v >= target, 1.0, np.where(v < target * (1 - tol), -1.0, 0.0))
        return Fit.of(
            direction,
            lower_limit=np.full(v.shape, lower),
            upper_limit=np.full(v.shape, upper),
            unusable_reason="no_thresholds",
        )

    @staticmethod
    def _classes(sample: Sample, limits: tuple[float, ...]) -> Fit:
        """Return the fit of ``len(limits) + 1`` ordered classes (limits: the class's bounds)."""
        v = sample.values
        index = ordered.class_index(v, limits)
        direction = ordered.class_directions(index, len(limits) + 1, sample.indicator.polarity)
        bounds = np.array([np.nan, *limits, np.nan])
        safe = np.clip(index, 0, len(limits))
        return Fit.of(
            direction,
            lower_limit=np.where(index >= 0, bounds[safe], np.nan),
            upper_limit=np.where(index >= 0, bounds[safe + 1], np.nan),
            unusable_reason="no_thresholds",
        )

    @classmethod
    def rule_problems(cls, rule: Rule) -> list[Message]:
        """Return the problem of a rule that names this method without limits or a target."""
        if rule.method == cls.name and rule.thresholds is None and rule.target is None:
            return [Message("methods.thresholds.needs_limits")]
        return []

    @classmethod
    def explain(cls, row: Mapping[str, Any], indicator: Indicator, lang: str, city: str) -> str:
        """Return "12,0 % erreicht die obere Grenze 10,0 % (Grenzwerte …)" or the target's words."""
        return (
            f"{wording.value(row['value'], indicator, lang)} {cls._verdict(row, indicator, lang)}"
        )

    @classmethod
    def _verdict(cls, row: Mapping[str, Any], ind: Indicator, lang: str) -> str:
        d = int(row["direction"])
        rule = ind.rule
        if rule.thresholds is not None and len(rule.thresholds) != 2:
            return cls._class_verdict(row, ind, lang)
        if rule.thresholds is not None:
            low, high = (wording.value(x, ind, lang) for x in rule.thresholds)
            key = {1: "t_above", -1: "t_below"}.get(d, "t_between")
            own = ordered.class_label(ind, d, lang)
            verdict = cls.word(key, lang).format(low=low, high=high)
            return f"{verdict} → {own}" if own else verdict
        target = wording.value(float(rule.target or math.nan), ind, lang)
        lower = ind.polarity is Polarity.LOWER_IS_BETTER
        limit = wording.value(row["upper_limit"] if lower else row["lower_limit"], ind, lang)
        good = -d if lower else d
        key = {1: "target_met", -1: "target_missed"}.get(good, "target_near")
        tol = wording.percent(rule.tolerance, lang)
        return cls.word(key, lang).format(target=target, tol=tol, limit=limit)

    @classmethod
    def _class_verdict(cls, row: Mapping[str, Any], ind: Indicator, lang: str) -> str:
        """Return "liegt von 10,0 % bis unter 15,0 % → erhöht" for ordered limits."""
        limits = ind.rule.thresholds or ()
        i = int(ordered.class_index(np.array([float(row["value"])]), limits)[0])
        low = wording.value(limits[i - 1], ind, lang) if i > 0 else ""
        high = wording.value(limits[i], ind, lang) if i < len(limits) else ""
        key = "t_lowest" if i == 0 else "t_highest" if i == len(limits) else "t_range"
        where = cls.word(key, lang).format(low=low, high=high)
        name = ordered.class_label(ind, float(row["direction"]), lang) or cls.word(
            "t_number", lang
        ).format(i=i + 1, n=len(limits) + 1)
        return cls.word("t_class", lang).format(where=where, cls=name)

    @classmethod
    def legend(cls, rule: Rule, lang: str) -> str:
        """Return "Grenzwerte" for limits, "Zielbereich" for a target."""
        return cls.word("legend_limits" if rule.thresholds is not None else "legend_target", lang)
