"""Numbers in the words of a reason: values with their unit, percentages, interval levels.

Shared by :mod:`indicators.explain` and the rating methods' own explanations
(:mod:`indicators.methods`), so that a value reads the same in every sentence.
"""

from __future__ import annotations

from indicators.catalog import Indicator, Kind
from indicators.numbers import format_number


def value(x: float, indicator: Indicator, lang: str) -> str:
    """Return ``x`` in the indicator's unit ("38,4 %"; counts without decimals)."""
    unit = f" {indicator.unit}" if indicator.unit else ""
    decimals = 0 if indicator.kind is Kind.COUNT else 1
    return f"{format_number(x, lang=lang, decimals=decimals)}{unit}"


def percent(fraction: float, lang: str) -> str:
    """Return a fraction as whole percent ("10 %")."""
    return f"{format_number(fraction * 100, lang=lang, decimals=0)} %"


def level(confidence: float, lang: str, *, unit: bool = True) -> str:
    """Return a confidence level ("95 %", "99,8 %"; without the sign when ``unit`` is False)."""
    places = 1 if confidence == 0.998 else 0
    number = format_number(confidence * 100, lang=lang, decimals=places)
    return f"{number} %" if unit else number


def interval(low: float, high: float, indicator: Indicator, lang: str) -> str:
    """Return ``low–high`` in the indicator's unit ("33,1–43,9 %")."""
    decimals = 0 if indicator.kind is Kind.COUNT else 1
    unit = f" {indicator.unit}" if indicator.unit else ""
    return (
        f"{format_number(low, lang=lang, decimals=decimals)}–"
        f"{format_number(high, lang=lang, decimals=decimals)}{unit}"
    )
