"""Human-readable reasons for every rating, in German and English.

Example: "rot: 38,4 % (KI 33,1–43,9) liegt signifikant über dem Stadtwert
24,1 %; höher ist ungünstig".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from indicators.catalog import Catalog, Indicator, Polarity
from indicators.numbers import format_number, missing_reason_text

_RATING = {
    "de": {"green": "grün", "yellow": "gelb", "red": "rot", "grey": "grau", "neutral": "neutral"},
    "en": {
        "green": "green",
        "yellow": "yellow",
        "red": "red",
        "grey": "grey",
        "neutral": "neutral",
    },
}
_POLARITY = {
    "de": {
        Polarity.HIGHER_IS_BETTER: "höher ist günstig",
        Polarity.LOWER_IS_BETTER: "höher ist ungünstig",
        Polarity.NO_JUDGEMENT: "ohne Wertung",
    },
    "en": {
        Polarity.HIGHER_IS_BETTER: "higher is favourable",
        Polarity.LOWER_IS_BETTER: "higher is unfavourable",
        Polarity.NO_JUDGEMENT: "no judgement",
    },
}
_TEXT = {
    "de": {
        "ci": "KI",
        "city": "dem Stadtwert",
        "ref": "Stadtwert",
        "sig_above": "liegt signifikant über",
        "sig_below": "liegt signifikant unter",
        "far_above": "liegt hochsignifikant (99,8 %) über",
        "far_below": "liegt hochsignifikant (99,8 %) unter",
        "not_sig": "unterscheidet sich nicht signifikant von",
        "above": "liegt mehr als {tol} über",
        "below": "liegt mehr als {tol} unter",
        "within": "liegt innerhalb ±{tol} um",
        "q_top": "im obersten von {k} gleich großen Rängen",
        "q_bottom": "im untersten von {k} gleich großen Rängen",
        "q_mid": "in den mittleren Rängen (von {k})",
        "t_above": "erreicht die obere Grenze {high}",
        "t_below": "erreicht die untere Grenze {low}",
        "t_between": "liegt zwischen {low} und {high}",
        "target_met": "erreicht den Zielwert {target}",
        "target_missed": "verfehlt den Zielwert {target} um mehr als {tol}",
        "target_near": "liegt nahe am Zielwert {target}",
        "trend_up": "steigt über die letzten Jahre",
        "trend_down": "sinkt über die letzten Jahre",
        "trend_flat": "bleibt über die letzten Jahre stabil",
        "small_denominator": "nicht bewertet: Nenner {den} unter der Mindestgröße {min}",
        "no_counts": "nicht bewertet: Zähler und Nenner fehlen für den Stadtvergleich",
        "no_trend": "nicht bewertet: weniger als drei Jahre für einen Trend",
        "no_thresholds": "nicht bewertet: der Katalog legt für diesen Indikator keine Grenzwerte "
        "und keinen Zielwert fest",
        "missing": "nicht bewertet: {reason}",
    },
    "en": {
        "ci": "CI",
        "city": "the city value",
        "ref": "city value",
        "sig_above": "is significantly above",
        "sig_below": "is significantly below",
        "far_above": "is highly significantly (99.8 %) above",
        "far_below": "is highly significantly (99.8 %) below",
        "not_sig": "does not differ significantly from",
        "above": "is more than {tol} above",
        "below": "is more than {tol} below",
        "within": "is within ±{tol} of",
        "q_top": "in the top of {k} equal rank groups",
        "q_bottom": "in the bottom of {k} equal rank groups",
        "q_mid": "in the middle rank groups (of {k})",
        "t_above": "reaches the upper limit {high}",
        "t_below": "reaches the lower limit {low}",
        "t_between": "lies between {low} and {high}",
        "target_met": "meets the target {target}",
        "target_missed": "misses the target {target} by more than {tol}",
        "target_near": "is close to the target {target}",
        "trend_up": "rises over recent years",
        "trend_down": "falls over recent years",
        "trend_flat": "stays stable over recent years",
        "small_denominator": "not rated: denominator {den} below the minimum {min}",
        "no_counts": "not rated: numerator and denominator needed for the city comparison",
        "no_trend": "not rated: fewer than three years for a trend",
        "no_thresholds": "not rated: the catalogue sets no limits and no target for this indicator",
        "missing": "not rated: {reason}",
    },
}


def _fmt(value: float, ind: Indicator, lang: str) -> str:
    unit = f" {ind.unit}" if ind.unit else ""
    decimals = 0 if ind.kind.value == "count" else 1
    return f"{format_number(value, lang=lang, decimals=decimals)}{unit}"


def reason(row: Mapping[str, Any], indicator: Indicator, lang: str = "de") -> str:
    """Return the reason for one result row (see :data:`~indicators.classify.RESULT_COLUMNS`)."""
    t = _TEXT[lang]
    rating = _RATING[lang][row["rating"]]
    if row["rating"] == "grey":
        key = row["not_rated"] if isinstance(row["not_rated"], str) else "missing"
        why = row["missing_reason"] if isinstance(row["missing_reason"], str) else "missing"
        den = format_number(row["denominator"], lang=lang, decimals=0)
        text = t.get(key, t["missing"]).format(
            den=den,
            min=format_number(indicator.rule.min_denominator, lang=lang, decimals=0),
            reason=missing_reason_text(why, lang),
        )
        return f"{rating}: {text}"
    value = _fmt(row["value"], indicator, lang)
    city = _fmt(row["city_value"], indicator, lang)
    d = row["direction"]
    tol = f"{format_number(indicator.rule.tolerance * 100, lang=lang, decimals=0)} %"
    method = row["method"]
    if method == "benchmark":
        ci = (
            f" ({t['ci']} {format_number(row['ci_low'], lang=lang)}–"
            f"{format_number(row['ci_high'], lang=lang)})"
        )
        verb = {2: t["far_above"], 1: t["sig_above"], -1: t["sig_below"], -2: t["far_below"]}.get(
            int(d), t["not_sig"]
        )
        body = f"{value}{ci} {verb} {t['city']} {city}"
    elif method == "band":
        verb = {1: t["above"], -1: t["below"]}.get(int(d), t["within"]).format(tol=tol)
        body = f"{value} {verb} {t['city']} {city}"
    elif method == "quantiles":
        key = {1: "q_top", -1: "q_bottom"}.get(int(d), "q_mid")
        body = f"{value} {t[key].format(k=indicator.rule.k)}"
    elif method == "thresholds":
        body = f"{value} {_threshold_text(d, indicator, lang, tol)}"
    else:
        key = {1: "trend_up", -1: "trend_down"}.get(int(d), "trend_flat")
        body = f"{value} {t[key]}"
    return f"{rating}: {body}; {_POLARITY[lang][indicator.polarity]}"


def _threshold_text(d: float, ind: Indicator, lang: str, tol: str) -> str:
    t = _TEXT[lang]
    rule = ind.rule
    if rule.thresholds is not None:
        low, high = (_fmt(x, ind, lang) for x in rule.thresholds)
        key = {1: "t_above", -1: "t_below"}.get(int(d), "t_between")
        return t[key].format(low=low, high=high)
    target = _fmt(float(rule.target or math.nan), ind, lang)
    good = d if ind.polarity is not Polarity.LOWER_IS_BETTER else -d
    key = {1: "target_met", -1: "target_missed"}.get(int(good), "target_near")
    return t[key].format(target=target, tol=tol)


def add_reasons(
    results: pd.DataFrame, catalog: Catalog, langs: tuple[str, ...] = ("de", "en")
) -> pd.DataFrame:
    """Return ``results`` with ``reason_de`` / ``reason_en`` columns added."""
    out = results.copy()
    # plain dicts: far cheaper than iterrows for a large city
    records: list[dict[str, Any]] = results.to_dict("records")  # type: ignore[assignment]
    for lang in langs:
        out[f"reason_{lang}"] = [reason(row, catalog[row["indicator"]], lang) for row in records]
    return out
