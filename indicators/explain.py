"""Human-readable reasons for every rating, in German and English.

Every reason says what was computed, in words that do not depend on the
palette (no colour names). Example: "ungünstig: 38,4 % (95-%-KI 33,1–43,9 %)
liegt signifikant über dem Stadtwert 24,1 % (Summe der Zähler durch Summe der
Nenner, 18 Gebiete); höher ist ungünstig".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from indicators import stats
from indicators.catalog import Catalog, Indicator, Kind, Polarity
from indicators.numbers import format_number, missing_reason_text

_RATING = {
    "de": {
        "green": "günstig",
        "yellow": "ähnlich",
        "red": "ungünstig",
        "grey": "nicht bewertet",
        "neutral": "ohne Wertung",
    },
    "en": {
        "green": "favourable",
        "yellow": "similar",
        "red": "unfavourable",
        "grey": "not rated",
        "neutral": "no judgement",
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
        "ci": "{level}-%-KI",
        "city": "dem Stadtwert {city}",
        "city_from": "vom Stadtwert {city}",
        "city_around": "den Stadtwert {city}",
        "pooled": "Summe der Zähler durch Summe der Nenner, {used} Gebiete",
        "pooled_part": "Summe der Zähler durch Summe der Nenner aus {used} von {of} Gebieten",
        "total_row": "gelieferter Wert der Gesamtstadt",
        "weighted_mean": "Mittel der Gebiete, gewichtet mit {weight}",
        "mean": "Mittel der Gebiete, ungewichtet",
        "sum": "Summe der Gebiete",
        "sig_above": "liegt signifikant ({level}) über",
        "sig_below": "liegt signifikant ({level}) unter",
        "far_above": "liegt sehr deutlich über {city}: auch das 99,8-%-KI {ci} liegt ganz darüber",
        "far_below": "liegt sehr deutlich unter {city}: auch das 99,8-%-KI {ci} liegt ganz "
        "darunter",
        "not_sig": "unterscheidet sich nicht signifikant ({level})",
        "above": "liegt mehr als {tol} des Stadtwerts über",
        "below": "liegt mehr als {tol} des Stadtwerts unter",
        "within": "liegt im Toleranzband (± {tol} des Stadtwerts) um",
        "band": "Toleranzband {band}",
        "q_top": "liegt in der obersten",
        "q_bottom": "liegt in der untersten",
        "q_mid": "liegt in einer mittleren",
        "q_groups": "von {k} Ranggruppen ({name}) der {n} bewerteten Gebiete; Gruppengrößen "
        "unten/Mitte/oben {bottom}/{mid}/{top}, gleiche Werte in derselben Gruppe",
        "t_above": "erreicht die obere Grenze {high} (Grenzwerte {low} und {high})",
        "t_below": "erreicht die untere Grenze {low} (Grenzwerte {low} und {high})",
        "t_between": "liegt zwischen den Grenzwerten {low} und {high}",
        "target_met": "erreicht den Zielwert {target}",
        "target_missed": "verfehlt den Zielwert {target} um mehr als {tol} des Zielwerts "
        "(Grenze {limit})",
        "target_near": "verfehlt den Zielwert {target} knapp (höchstens {tol} des Zielwerts, "
        "Grenze {limit})",
        "trend_up": "steigt signifikant",
        "trend_down": "sinkt signifikant",
        "trend_flat": "keine signifikante Veränderung",
        "change_up": "steigt um {change} (mehr als ±{tol})",
        "change_down": "sinkt um {change} (mehr als ±{tol})",
        "change_flat": "keine Veränderung um mehr als ±{tol}",
        "window": "{n} Zeitpunkte {start}–{end}",
        "chi2": "χ²-Test für linearen Trend, 99,8 %, Vorzeichen gleich beim Weglassen jedes "
        "Zeitpunkts",
        "poisson": "Score-Test für einen Poisson-Trend, 99,8 %, Vorzeichen gleich beim Weglassen "
        "jedes Zeitpunkts",
        "change": "Änderungsregel ohne Signifikanztest: keine Zähler und Nenner",
        "small_numerator": "nicht bewertet: Zähler unter {limit} (zu kleine Fallzahl; "
        "angezeigt als < {limit})",
        "small_denominator": "nicht bewertet: Nenner {den} unter der Mindestgröße {min}",
        "small_population": "nicht bewertet: weniger als {min} Einwohnerinnen und Einwohner "
        "({population})",
        "no_counts": "nicht bewertet: für den Vergleich mit dem Stadtwert fehlen Zähler und Nenner",
        "no_interval": "nicht bewertet: für Mittelwerte, Anzahlen und Indizes gibt es kein "
        "Konfidenzintervall; Methode Toleranzband oder Quantile wählen",
        "no_reference": "nicht bewertet: der Stadtwert einer Anzahl ist die Summe der Gebiete, "
        "ein Vergleich damit ist nicht sinnvoll; Methode Quantile wählen",
        "no_trend": "nicht bewertet: Trend nicht berechenbar, es fehlen Werte in den letzten {n} "
        "Zeitpunkten",
        "no_thresholds": "nicht bewertet: der Katalog legt für diesen Indikator keine Grenzwerte "
        "und keinen Zielwert fest",
        "missing": "nicht bewertet: {reason}",
        "suppressed": "Zähler < {limit}",
    },
    "en": {
        "ci": "{level} % CI",
        "city": "the city value {city}",
        "city_from": "the city value {city}",
        "city_around": "the city value {city}",
        "pooled": "sum of numerators over sum of denominators, {used} areas",
        "pooled_part": "sum of numerators over sum of denominators of {used} of {of} areas",
        "total_row": "delivered value of the whole city",
        "weighted_mean": "mean of the areas weighted by {weight}",
        "mean": "unweighted mean of the areas",
        "sum": "sum of the areas",
        "sig_above": "is significantly ({level}) above",
        "sig_below": "is significantly ({level}) below",
        "far_above": "is far above {city}: the 99.8 % CI {ci} lies above it as well",
        "far_below": "is far below {city}: the 99.8 % CI {ci} lies below it as well",
        "not_sig": "does not differ significantly ({level}) from",
        "above": "is more than {tol} of the city value above",
        "below": "is more than {tol} of the city value below",
        "within": "is within the band (± {tol} of the city value) around",
        "band": "band {band}",
        "q_top": "is in the top",
        "q_bottom": "is in the bottom",
        "q_mid": "is in a middle one",
        "q_groups": "of {k} rank groups ({name}) of the {n} rated areas; group sizes "
        "bottom/middle/top {bottom}/{mid}/{top}, equal values share a group",
        "t_above": "reaches the upper limit {high} (limits {low} and {high})",
        "t_below": "reaches the lower limit {low} (limits {low} and {high})",
        "t_between": "lies between the limits {low} and {high}",
        "target_met": "meets the target {target}",
        "target_missed": "misses the target {target} by more than {tol} of the target "
        "(limit {limit})",
        "target_near": "narrowly misses the target {target} (by at most {tol} of the target, "
        "limit {limit})",
        "trend_up": "rises significantly",
        "trend_down": "falls significantly",
        "trend_flat": "no significant change",
        "change_up": "rises by {change} (more than ±{tol})",
        "change_down": "falls by {change} (more than ±{tol})",
        "change_flat": "no change beyond ±{tol}",
        "window": "{n} time points {start}–{end}",
        "chi2": "chi-square test for linear trend, 99.8 %, same sign when any one time point "
        "is left out",
        "poisson": "score test for a Poisson trend, 99.8 %, same sign when any one time point "
        "is left out",
        "change": "change rule without a significance test: no numerators and denominators",
        "small_numerator": "not rated: numerator below {limit} (too few cases; shown as < {limit})",
        "small_denominator": "not rated: denominator {den} below the minimum {min}",
        "small_population": "not rated: fewer than {min} inhabitants ({population})",
        "no_counts": "not rated: numerator and denominator needed for the city comparison",
        "no_interval": "not rated: means, counts and indices have no confidence interval; choose "
        "the band or quantiles method",
        "no_reference": "not rated: the city value of a count is the sum of the areas, comparing "
        "with it is meaningless; choose the quantiles method",
        "no_trend": "not rated: trend cannot be computed, values are missing in the latest {n} "
        "time points",
        "no_thresholds": "not rated: the catalogue sets no limits and no target for this indicator",
        "missing": "not rated: {reason}",
        "suppressed": "numerator < {limit}",
    },
}
_QUANTILE_NAMES = {
    "de": {2: "Hälften", 3: "Terzile", 4: "Quartile", 5: "Quintile", 10: "Dezile"},
    "en": {2: "halves", 3: "terciles", 4: "quartiles", 5: "quintiles", 10: "deciles"},
}


def suppressed_text(limit: int, lang: str = "de") -> str:
    """Return what is shown instead of a suppressed value ("Zähler < 5").

    Parameters
    ----------
    limit : int
        The small-numerator limit (numerators 1 … limit − 1 are suppressed).
    lang : {"de", "en"}
    """
    return _TEXT[lang]["suppressed"].format(limit=limit)


def _fmt(value: float, ind: Indicator, lang: str) -> str:
    unit = f" {ind.unit}" if ind.unit else ""
    decimals = 0 if ind.kind is Kind.COUNT else 1
    return f"{format_number(value, lang=lang, decimals=decimals)}{unit}"


def _percent(fraction: float, lang: str) -> str:
    return f"{format_number(fraction * 100, lang=lang, decimals=0)} %"


def _level(confidence: float, lang: str, *, unit: bool = True) -> str:
    places = 1 if confidence == 0.998 else 0
    number = format_number(confidence * 100, lang=lang, decimals=places)
    return f"{number} %" if unit else number


def _interval(low: float, high: float, ind: Indicator, lang: str) -> str:
    decimals = 0 if ind.kind is Kind.COUNT else 1
    unit = f" {ind.unit}" if ind.unit else ""
    return (
        f"{format_number(low, lang=lang, decimals=decimals)}–"
        f"{format_number(high, lang=lang, decimals=decimals)}{unit}"
    )


def city_text(
    row: Mapping[str, Any], indicator: Indicator, catalog: Catalog | None, lang: str
) -> str:
    """Return how the city value of ``row`` was computed, e.g. "Mittel der Gebiete, ungewichtet"."""
    t = _TEXT[lang]
    kind = row.get("city_value_kind")
    if not isinstance(kind, str):
        return ""
    used, of = row.get("city_n", math.nan), row.get("city_of", math.nan)
    if kind == "pooled":
        if np.isfinite(used) and np.isfinite(of) and used < of:
            return t["pooled_part"].format(used=int(used), of=int(of))
        return t["pooled"].format(used=int(used) if np.isfinite(used) else "?")
    if kind == "weighted_mean":
        weight = indicator.weight
        if catalog is not None and weight in catalog:
            weight = catalog[weight].label(lang)
        return t["weighted_mean"].format(weight=weight)
    return t[kind]


def _not_rated(row: Mapping[str, Any], indicator: Indicator, lang: str, limit: int) -> str:
    t = _TEXT[lang]
    key = row["not_rated"] if isinstance(row["not_rated"], str) else "missing"
    why = row["missing_reason"] if isinstance(row["missing_reason"], str) else "missing"
    return t.get(key, t["missing"]).format(
        den=format_number(row["denominator"], lang=lang, decimals=0),
        min=format_number(
            indicator.rule.min_population
            if key == "small_population"
            else indicator.rule.min_denominator,
            lang=lang,
            decimals=0,
        ),
        population=indicator.rule.population or "",
        limit=limit,
        n=indicator.rule.trend_periods,
        reason=missing_reason_text(why, lang),
    )


def _benchmark(row: Mapping[str, Any], ind: Indicator, lang: str, city: str) -> str:
    t = _TEXT[lang]
    d = int(row["direction"])
    confidence = float(row.get("confidence", 0.95))
    if not np.isfinite(confidence):
        confidence = 0.95
    level = _level(confidence, lang)
    value = _fmt(row["value"], ind, lang)
    ci_name = t["ci"].format(level=_level(confidence, lang, unit=False))
    ci = f"({ci_name} {_interval(row['ci_low'], row['ci_high'], ind, lang)})"
    if abs(d) == 2:
        interval = stats.poisson_interval if ind.kind is Kind.RATE else stats.wilson_interval
        low, high = interval(
            np.array([row["numerator"]]), np.array([row["denominator"]]), confidence=0.998
        )
        wide = f"({_interval(low[0] * ind.multiplier, high[0] * ind.multiplier, ind, lang)})"
        key = "far_above" if d > 0 else "far_below"
        return f"{value} {ci} {t[key].format(city=t['city'].format(city=city), ci=wide)}"
    verb = {1: t["sig_above"], -1: t["sig_below"]}.get(d, t["not_sig"]).format(level=level)
    reference = t["city_from" if d == 0 else "city"].format(city=city)
    return f"{value} {ci} {verb} {reference}"


def _band(row: Mapping[str, Any], ind: Indicator, lang: str, city: str) -> str:
    t = _TEXT[lang]
    d = int(row["direction"])
    tol = _percent(ind.rule.tolerance, lang)
    value = _fmt(row["value"], ind, lang)
    verb = {1: t["above"], -1: t["below"]}.get(d, t["within"]).format(tol=tol)
    return f"{value} {verb} {t['city_around' if d == 0 else 'city'].format(city=city)}"


def _quantiles(row: Mapping[str, Any], ind: Indicator, lang: str) -> str:
    t = _TEXT[lang]
    d = int(row["direction"])
    k = ind.rule.k
    key = {1: "q_top", -1: "q_bottom"}.get(d, "q_mid")
    bottom, mid, top = row.get("_groups", (0, 0, 0))
    name = _QUANTILE_NAMES[lang].get(k, f"k = {k}")
    groups = t["q_groups"].format(
        k=k, name=name, n=bottom + mid + top, bottom=bottom, mid=mid, top=top
    )
    return f"{_fmt(row['value'], ind, lang)} {t[key]} {groups}"


def _threshold_text(row: Mapping[str, Any], ind: Indicator, lang: str) -> str:
    t = _TEXT[lang]
    d = int(row["direction"])
    rule = ind.rule
    if rule.thresholds is not None:
        low, high = (_fmt(x, ind, lang) for x in rule.thresholds)
        key = {1: "t_above", -1: "t_below"}.get(d, "t_between")
        return t[key].format(low=low, high=high)
    target = _fmt(float(rule.target or math.nan), ind, lang)
    lower = ind.polarity is Polarity.LOWER_IS_BETTER
    limit = _fmt(row["upper_limit"] if lower else row["lower_limit"], ind, lang)
    good = -d if lower else d
    key = {1: "target_met", -1: "target_missed"}.get(good, "target_near")
    return t[key].format(target=target, tol=_percent(rule.tolerance, lang), limit=limit)


def trend_text(row: Mapping[str, Any], indicator: Indicator, lang: str = "de") -> str:
    """Return what the trend of ``row`` says and how it was computed.

    Example: "keine signifikante Veränderung über 5 Zeitpunkte (2019–2023;
    χ²-Test für linearen Trend, 99,8 %, …)". Empty when no trend could be computed.
    """
    t = _TEXT[lang]
    method = row.get("trend_method")
    if not isinstance(method, str):
        return ""
    window = t["window"].format(
        n=indicator.rule.trend_periods, start=row["trend_start"], end=row["period"]
    )
    trend = row["trend"]
    if method == "change":
        tol = _percent(indicator.rule.tolerance, lang)
        change = row.get("trend_change", math.nan)
        size = _percent(abs(change), lang) if np.isfinite(change) else ""
        if trend in ("improving", "worsening", "increasing", "decreasing"):
            key = "change_up" if row["trend_direction"] == "increasing" else "change_down"
        else:
            key = "change_flat"
        return f"{t[key].format(change=size, tol=tol)} ({window}; {t['change']})"
    if trend in ("improving", "worsening", "increasing", "decreasing"):
        key = "trend_up" if row["trend_direction"] == "increasing" else "trend_down"
    else:
        key = "trend_flat"
    return f"{t[key]} ({window}; {t[method]})"


def reason(
    row: Mapping[str, Any],
    indicator: Indicator,
    lang: str = "de",
    *,
    catalog: Catalog | None = None,
    small_numerator: int = 5,
) -> str:
    """Return the reason for one result row (see :data:`~indicators.classify.RESULT_COLUMNS`).

    Parameters
    ----------
    row : mapping
        One result row; quantile rows may carry ``_groups`` (bottom, middle,
        top group sizes of their indicator and period).
    indicator : Indicator
    lang : {"de", "en"}
    catalog : Catalog, optional
        Used to name a weight indicator by its label.
    small_numerator : int
        The disclosure limit the rating used (for the "< 5" text).
    """
    rating = _RATING[lang][row["rating"]]
    if row["rating"] == "grey":
        return _not_rated(row, indicator, lang, small_numerator)
    notes = [city_text(row, indicator, catalog, lang)]
    if row["method"] == "band":
        limits = _interval(row["lower_limit"], row["upper_limit"], indicator, lang)
        notes.append(_TEXT[lang]["band"].format(band=limits))
    shown = "; ".join(n for n in notes if n)
    city = _fmt(row["city_value"], indicator, lang) + (f" ({shown})" if shown else "")
    method = row["method"]
    if method == "benchmark":
        body = _benchmark(row, indicator, lang, city)
    elif method == "band":
        body = _band(row, indicator, lang, city)
    elif method == "quantiles":
        body = _quantiles(row, indicator, lang)
    elif method == "thresholds":
        body = f"{_fmt(row['value'], indicator, lang)} {_threshold_text(row, indicator, lang)}"
    else:
        body = f"{_fmt(row['value'], indicator, lang)}: {trend_text(row, indicator, lang)}"
    if indicator.polarity is Polarity.NO_JUDGEMENT:
        return f"{rating}: {body}"
    return f"{rating}: {body}; {_POLARITY[lang][indicator.polarity]}"


def _quantile_groups(results: pd.DataFrame) -> dict[tuple[str, str], tuple[int, int, int]]:
    """Return the bottom / middle / top group sizes of every quantile-rated indicator and period."""
    part = results[(results["method"] == "quantiles") & results["direction"].notna()]
    out: dict[tuple[str, str], tuple[int, int, int]] = {}
    for (ind, period), d in part.groupby(["indicator", "period"], observed=True)["direction"]:
        out[(str(ind), str(period))] = (
            int((d < 0).sum()),
            int((d == 0).sum()),
            int((d > 0).sum()),
        )
    return out


def add_reasons(
    results: pd.DataFrame,
    catalog: Catalog,
    langs: tuple[str, ...] = ("de", "en"),
    *,
    small_numerator: int = 5,
) -> pd.DataFrame:
    """Return ``results`` with ``reason_<lang>`` and ``trend_reason_<lang>`` columns added."""
    out = results.copy()
    groups = _quantile_groups(results)
    # plain dicts: far cheaper than iterrows for a large city
    records: list[dict[str, Any]] = results.to_dict("records")  # type: ignore[assignment]
    for row in records:
        if row["method"] == "quantiles":
            row["_groups"] = groups.get((str(row["indicator"]), str(row["period"])), (0, 0, 0))
    for lang in langs:
        out[f"reason_{lang}"] = [
            reason(
                row,
                catalog[row["indicator"]],
                lang,
                catalog=catalog,
                small_numerator=small_numerator,
            )
            for row in records
        ]
        out[f"trend_reason_{lang}"] = [
            trend_text(row, catalog[row["indicator"]], lang) for row in records
        ]
    return out
