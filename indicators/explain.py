"""Human-readable reasons for every rating, in German and English.

Every reason says what was computed, in words that do not depend on the
palette (no colour names). Example: "ungünstig: 38,4 % (95-%-KI 33,1–43,9 %)
liegt signifikant über dem Stadtwert 24,1 % (Summe der Zähler durch Summe der
Nenner, 18 Gebiete); höher ist ungünstig". The words of each comparison belong
to its rating method (:mod:`indicators.methods`); this module adds the rating,
the city value, the not-rated reasons and the polarity.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from indicators import domain_messages as _domain_messages  # noqa: F401 - registers explain.*
from indicators import messages, methods, wording
from indicators.catalog import Catalog, Indicator, Polarity
from indicators.numbers import format_number, missing_reason_text


def suppressed_text(limit: int, lang: str = "de") -> str:
    """Return what is shown instead of a suppressed value ("Zähler < 5").

    Parameters
    ----------
    limit : int
        The small-numerator limit (numerators 1 … limit − 1 are suppressed).
    lang : {"de", "en"}
    """
    return messages.text("explain.suppressed", lang, limit=limit)


def city_text(
    row: Mapping[str, Any], indicator: Indicator, catalog: Catalog | None, lang: str
) -> str:
    """Return how the city value of ``row`` was computed, e.g. "Mittel der Gebiete, ungewichtet"."""
    kind = row.get("city_value_kind")
    if not isinstance(kind, str):
        return ""
    used, of = row.get("city_n", math.nan), row.get("city_of", math.nan)
    if kind == "pooled":
        if np.isfinite(used) and np.isfinite(of) and used < of:
            return messages.text("explain.city.pooled_part", lang, used=int(used), of=int(of))
        return messages.text(
            "explain.city.pooled", lang, used=int(used) if np.isfinite(used) else "?"
        )
    if kind == "weighted_mean":
        weight = indicator.weight
        if catalog is not None and weight in catalog:
            weight = catalog[weight].label(lang)
        return messages.text("explain.city.weighted_mean", lang, weight=weight)
    return messages.text(f"explain.city.{kind}", lang)


def _not_rated(row: Mapping[str, Any], indicator: Indicator, lang: str, limit: int) -> str:
    key = row["not_rated"] if isinstance(row["not_rated"], str) else "missing"
    why = row["missing_reason"] if isinstance(row["missing_reason"], str) else "missing"
    if why == "composite_population":  # a composite's area below its population minimum
        key = "small_population"
    params = {
        "den": format_number(row["denominator"], lang=lang, decimals=0),
        "min": format_number(
            indicator.rule.min_population
            if key == "small_population"
            else indicator.rule.min_denominator,
            lang=lang,
            decimals=0,
        ),
        "population": indicator.rule.population or "",
        "limit": limit,
        "n": indicator.rule.trend_periods,
        "reason": missing_reason_text(why, lang),
    }
    if messages.has(f"explain.not_rated.{key}"):
        return messages.text(f"explain.not_rated.{key}", lang, **params)
    words = methods.reason_words(key, lang)
    if words:
        return words.format(**params)
    return messages.text("explain.not_rated.missing", lang, **params)


def reason(
    row: Mapping[str, Any],
    indicator: Indicator,
    lang: str = "de",
    *,
    catalog: Catalog | None = None,
    small_numerator: int = 5,
) -> str:
    """Return the reason for one result row (see :data:`~indicators.results.RESULT_COLUMNS`).

    The words of the comparison come from the row's rating method
    (:meth:`indicators.methods.Classifier.explain`).

    Parameters
    ----------
    row : mapping
        One result row; it may carry ``_context``, what its method's reasons
        need beyond the row (e.g. the group sizes of ``quantiles``).
    indicator : Indicator
    lang : {"de", "en"}
    catalog : Catalog, optional
        Used to name a weight indicator by its label.
    small_numerator : int
        The disclosure limit the rating used (for the "< 5" text).
    """
    rating = messages.text(f"explain.rating.{row['rating']}", lang)
    if row["rating"] == "grey":
        own = indicator.rule.small_numerator
        return _not_rated(row, indicator, lang, small_numerator if own is None else own)
    method = methods.get(row["method"])
    notes = [city_text(row, indicator, catalog, lang), *method.city_notes(row, indicator, lang)]
    shown = "; ".join(n for n in notes if n)
    city = wording.value(row["city_value"], indicator, lang) + (f" ({shown})" if shown else "")
    body = method.explain(row, indicator, lang, city)
    if indicator.polarity is Polarity.NO_JUDGEMENT:
        return f"{rating}: {body}"
    polarity = messages.text(f"explain.polarity.{indicator.polarity.value}", lang)
    return f"{rating}: {body}; {polarity}"


def add_reasons(
    results: pd.DataFrame,
    catalog: Catalog,
    langs: tuple[str, ...] = ("de", "en"),
    *,
    small_numerator: int = 5,
    rated: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return ``results`` with ``reason_<lang>`` and ``trend_reason_<lang>`` columns added.

    Parameters
    ----------
    results : DataFrame
        Result rows (:data:`~indicators.results.RESULT_COLUMNS`) to explain.
    catalog : Catalog
    langs : tuple of str
        The languages to write.
    small_numerator : int
        The installation's disclosure limit (an indicator's own rule wins).
    rated : DataFrame, optional
        The whole result table ``results`` was taken from, when it is a part:
        what a reason says about the other areas (the group sizes of
        ``quantiles``) is counted over it. Default: ``results``.
    """
    out = results.copy()
    # plain dicts: far cheaper than iterrows for a large city
    records: list[dict[str, Any]] = results.to_dict("records")  # type: ignore[assignment]
    whole = results if rated is None else rated
    contexts = {cls.name: cls.context(whole) for cls in methods.registered()}
    for row in records:
        context = contexts.get(row["method"])
        key = (str(row["indicator"]), str(row["period"]))
        if context and key in context:
            row["_context"] = context[key]
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
            methods.trend_text(row, catalog[row["indicator"]], lang) for row in records
        ]
    return out
