"""``trend``: the area's own development; also the words of every row's trend."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from indicators import wording
from indicators.catalog import Indicator
from indicators.methods.base import Classifier, Fit, Sample

_CHANGED = ("improving", "worsening", "increasing", "decreasing")


class Trend(Classifier):
    """The area's own development: significantly rising +1, falling −1, otherwise 0.

    The trend itself is computed once per indicator (:mod:`indicators.trend`)
    and handed in as the sample's ``trend_direction``.
    """

    name = "trend"
    parameters = ("trend_periods", "tolerance")
    reasons = ("no_trend",)
    label: ClassVar[Mapping[str, str]] = {
        "de": "Eigene Entwicklung (Trend)",
        "en": "Own development (trend)",
    }
    words: ClassVar[Mapping[str, Mapping[str, str]]] = {
        "de": {
            "trend_up": "steigt signifikant",
            "trend_down": "sinkt signifikant",
            "trend_flat": "keine signifikante Veränderung",
            "change_up": "steigt um {change} (mehr als ±{tol})",
            "change_down": "sinkt um {change} (mehr als ±{tol})",
            "change_flat": "keine Veränderung um mehr als ±{tol}",
            "window": "{n} Zeitpunkte {start}–{end}",
            "chi2": "χ²-Test für linearen Trend, 99,8 %, Vorzeichen gleich beim Weglassen jedes "
            "Zeitpunkts",
            "poisson": "Score-Test für einen Poisson-Trend, 99,8 %, Vorzeichen gleich beim "
            "Weglassen jedes Zeitpunkts",
            "change": "Änderungsregel ohne Signifikanztest: keine Zähler und Nenner",
            "no_trend": "nicht bewertet: Trend nicht berechenbar, es fehlen Werte in den "
            "letzten {n} Zeitpunkten",
        },
        "en": {
            "trend_up": "rises significantly",
            "trend_down": "falls significantly",
            "trend_flat": "no significant change",
            "change_up": "rises by {change} (more than ±{tol})",
            "change_down": "falls by {change} (more than ±{tol})",
            "change_flat": "no change beyond ±{tol}",
            "window": "{n} time points {start}–{end}",
            "chi2": "chi-square test for linear trend, 99.8 %, same sign when any one time "
            "point is left out",
            "poisson": "score test for a Poisson trend, 99.8 %, same sign when any one time "
            "point is left out",
            "change": "change rule without a significance test: no numerators and denominators",
            "no_trend": "not rated: trend cannot be computed, values are missing in the latest "
            "{n} time points",
        },
    }

    def _fit(self, sample: Sample) -> Fit:
        return Fit.of(
            sample.trend_direction,
            unusable=~np.isfinite(sample.trend_direction),
            unusable_reason="no_trend",
        )

    @classmethod
    def explain(cls, row: Mapping[str, Any], indicator: Indicator, lang: str, city: str) -> str:
        """Return "12,0 %: steigt signifikant (5 Zeitpunkte 2019–2023; χ²-Test …)"."""
        return f"{wording.value(row['value'], indicator, lang)}: {trend_text(row, indicator, lang)}"


def trend_text(row: Mapping[str, Any], indicator: Indicator, lang: str = "de") -> str:
    """Return what the trend of ``row`` says and how it was computed.

    Example: "keine signifikante Veränderung über 5 Zeitpunkte (2019–2023;
    χ²-Test für linearen Trend, 99,8 %, …)". Empty when no trend could be computed.
    """
    method = row.get("trend_method")
    if not isinstance(method, str):
        return ""
    word = Trend.words[lang]
    window = word["window"].format(
        n=indicator.rule.trend_periods, start=row["trend_start"], end=row["period"]
    )
    trend = row["trend"]
    rising = row["trend_direction"] == "increasing"
    if method == "change":
        tol = wording.percent(indicator.rule.tolerance, lang)
        change = row.get("trend_change", math.nan)
        size = wording.percent(abs(change), lang) if np.isfinite(change) else ""
        key = ("change_up" if rising else "change_down") if trend in _CHANGED else "change_flat"
        return f"{word[key].format(change=size, tol=tol)} ({window}; {word['change']})"
    key = ("trend_up" if rising else "trend_down") if trend in _CHANGED else "trend_flat"
    return f"{word[key]} ({window}; {word[method]})"
