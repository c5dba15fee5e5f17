"""``benchmark``: the confidence interval of each area against the city value."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from indicators import stats, wording
from indicators.catalog import Indicator, Kind
from indicators.methods.base import Classifier, Fit, Sample


class Benchmark(Classifier):
    """Interval of each area against the city value.

    Proportions get Wilson score intervals, rates of counts exact Poisson
    intervals. An interval entirely above the city value is +1, entirely
    below −1. With the rule's ``confidence=0.998`` the 95 % interval decides
    ±1 and the 99.8 % interval ±2 (five grades); with the policy's
    ``confidence=0.998`` the 99.8 % interval alone decides ±1.
    """

    name = "benchmark"
    parameters = ("confidence",)
    reasons = ("no_counts", "no_interval")
    label: ClassVar[Mapping[str, str]] = {
        "de": "Vergleich mit Stadtwert (Konfidenzintervall)",
        "en": "Benchmark (confidence interval)",
    }
    words: ClassVar[Mapping[str, Mapping[str, str]]] = {
        "de": {
            "ci": "{level}-%-KI",
            "sig_above": "liegt signifikant ({level}) über",
            "sig_below": "liegt signifikant ({level}) unter",
            "far_above": "liegt sehr deutlich über {city}: auch das 99,8-%-KI {ci} liegt ganz "
            "darüber",
            "far_below": "liegt sehr deutlich unter {city}: auch das 99,8-%-KI {ci} liegt ganz "
            "darunter",
            "not_sig": "unterscheidet sich nicht signifikant ({level})",
            "no_counts": "nicht bewertet: für den Vergleich mit dem Stadtwert fehlen Zähler und "
            "Nenner",
            "no_interval": "nicht bewertet: für Mittelwerte, Anzahlen und Indizes gibt es kein "
            "Konfidenzintervall; Methode Toleranzband oder Quantile wählen",
        },
        "en": {
            "ci": "{level} % CI",
            "sig_above": "is significantly ({level}) above",
            "sig_below": "is significantly ({level}) below",
            "far_above": "is far above {city}: the 99.8 % CI {ci} lies above it as well",
            "far_below": "is far below {city}: the 99.8 % CI {ci} lies below it as well",
            "not_sig": "does not differ significantly ({level}) from",
            "no_counts": "not rated: numerator and denominator needed for the city comparison",
            "no_interval": "not rated: means, counts and indices have no confidence interval; "
            "choose the band or quantiles method",
        },
    }

    def _intervals(
        self, sample: Sample, usable: np.ndarray, confidence: float
    ) -> tuple[np.ndarray, np.ndarray]:
        interval = (
            stats.poisson_interval if sample.indicator.kind is Kind.RATE else stats.wilson_interval
        )
        low = np.full(sample.values.shape, np.nan)
        high = np.full(sample.values.shape, np.nan)
        if usable.any():
            with np.errstate(invalid="ignore", divide="ignore"):
                lo, hi = interval(
                    sample.numerators[usable], sample.denominators[usable], confidence=confidence
                )
            mult = sample.indicator.multiplier
            low[usable], high[usable] = lo * mult, hi * mult
        return low, high

    def _fit(self, sample: Sample) -> Fit:
        has_counts = np.isfinite(sample.numerators) & (sample.denominators > 0)
        reason = "no_counts"
        if sample.indicator.kind not in (Kind.PROPORTION, Kind.RATE):
            # intervals exist for proportions and rates of counts only
            has_counts &= False
            reason = "no_interval"
        # only rated cells need an interval: the statistics are the costly part
        usable = has_counts & sample.rated
        strict = self.policy.confidence == 0.998
        confidence = 0.998 if strict else 0.95
        low, high = self._intervals(sample, usable, confidence)
        city = np.asarray(sample.city_value, dtype=float)[np.newaxis, :]
        eps = 1e-9 * np.maximum(1.0, np.abs(city))  # touching the city value is "similar"
        direction = np.where(low > city + eps, 1.0, np.where(high < city - eps, -1.0, 0.0))
        if self.rule.confidence == 0.998 and not strict:
            low2, high2 = self._intervals(sample, usable, 0.998)
            direction = np.where(
                low2 > city + eps, 2.0, np.where(high2 < city - eps, -2.0, direction)
            )
        return Fit.of(
            np.where(has_counts, direction, np.nan),
            ci_low=low,
            ci_high=high,
            unusable=~has_counts,
            confidence=confidence,
            unusable_reason=reason,
        )

    @classmethod
    def explain(cls, row: Mapping[str, Any], indicator: Indicator, lang: str, city: str) -> str:
        """Return "38,4 % (95-%-KI 33,1–43,9 %) liegt signifikant (95 %) über dem Stadtwert …"."""
        d = int(row["direction"])
        confidence = float(row.get("confidence", 0.95))
        if not np.isfinite(confidence):
            confidence = 0.95
        level = wording.level(confidence, lang)
        value = wording.value(row["value"], indicator, lang)
        ci_name = cls.word("ci", lang).format(level=wording.level(confidence, lang, unit=False))
        ci = f"({ci_name} {wording.interval(row['ci_low'], row['ci_high'], indicator, lang)})"
        if abs(d) == 2:
            return f"{value} {ci} {cls._far(row, indicator, lang, city, d)}"
        verb = {1: "sig_above", -1: "sig_below"}.get(d, "not_sig")
        reference = cls.word("city_from" if d == 0 else "city", lang).format(city=city)
        return f"{value} {ci} {cls.word(verb, lang).format(level=level)} {reference}"

    @classmethod
    def _far(
        cls, row: Mapping[str, Any], indicator: Indicator, lang: str, city: str, d: int
    ) -> str:
        """Return the words of a five-grade ±2: the 99.8 % interval lies beyond the city value."""
        interval = stats.poisson_interval if indicator.kind is Kind.RATE else stats.wilson_interval
        low, high = interval(
            np.array([row["numerator"]]), np.array([row["denominator"]]), confidence=0.998
        )
        mult = indicator.multiplier
        wide = f"({wording.interval(low[0] * mult, high[0] * mult, indicator, lang)})"
        key = "far_above" if d > 0 else "far_below"
        return cls.word(key, lang).format(city=cls.word("city", lang).format(city=city), ci=wide)
