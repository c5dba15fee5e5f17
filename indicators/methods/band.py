"""``band``: the relative deviation from the city value beyond ± tolerance."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from indicators import wording
from indicators.catalog import Indicator, Kind, Rule
from indicators.methods.base import Classifier, Fit, Sample


class Band(Classifier):
    """Relative deviation from the city value beyond ± tolerance.

    Counts are not compared with the city value (which is their sum); they
    are left unrated with the reason ``no_reference``.
    """

    name = "band"
    parameters = ("tolerance",)
    reasons = ("no_reference",)
    label: ClassVar[Mapping[str, str]] = {
        "de": "Toleranzband um den Stadtwert",
        "en": "Band around the city value",
    }
    words: ClassVar[Mapping[str, Mapping[str, str]]] = {
        "de": {
            "above": "liegt mehr als {tol} des Stadtwerts über",
            "below": "liegt mehr als {tol} des Stadtwerts unter",
            "within": "liegt im Toleranzband (± {tol} des Stadtwerts) um",
            "band": "Toleranzband {band}",
            "legend": "Toleranzband",
            "no_reference": "nicht bewertet: der Stadtwert einer Anzahl ist die Summe der "
            "Gebiete, ein Vergleich damit ist nicht sinnvoll; Methode Quantile wählen",
        },
        "en": {
            "above": "is more than {tol} of the city value above",
            "below": "is more than {tol} of the city value below",
            "within": "is within the band (± {tol} of the city value) around",
            "band": "band {band}",
            "legend": "Tolerance band",
            "no_reference": "not rated: the city value of a count is the sum of the areas, "
            "comparing with it is meaningless; choose the quantiles method",
        },
    }

    def _fit(self, sample: Sample) -> Fit:
        shape = sample.values.shape
        if sample.indicator.kind is Kind.COUNT:
            return Fit.of(
                np.full(shape, np.nan),
                unusable=np.ones(shape, dtype=bool),
                unusable_reason="no_reference",
            )
        ref = np.asarray(sample.city_value, dtype=float)[np.newaxis, :]
        tol = self.rule.tolerance
        scale = np.where(ref != 0, np.abs(ref), 1.0)
        deviation = (sample.values - ref) / scale
        return Fit.of(
            np.where(deviation > tol, 1.0, np.where(deviation < -tol, -1.0, 0.0)),
            lower_limit=np.broadcast_to(ref - tol * scale, shape).copy(),
            upper_limit=np.broadcast_to(ref + tol * scale, shape).copy(),
            unusable_reason="no_reference",
        )

    @classmethod
    def explain(cls, row: Mapping[str, Any], indicator: Indicator, lang: str, city: str) -> str:
        """Return "24,0 % liegt mehr als 10 % des Stadtwerts über dem Stadtwert …"."""
        d = int(row["direction"])
        tol = wording.percent(indicator.rule.tolerance, lang)
        value = wording.value(row["value"], indicator, lang)
        verb = cls.word({1: "above", -1: "below"}.get(d, "within"), lang).format(tol=tol)
        reference = cls.word("city_around" if d == 0 else "city", lang).format(city=city)
        return f"{value} {verb} {reference}"

    @classmethod
    def city_notes(cls, row: Mapping[str, Any], indicator: Indicator, lang: str) -> list[str]:
        """Return the band's limits ("Toleranzband 21,7–26,5 %")."""
        limits = wording.interval(row["lower_limit"], row["upper_limit"], indicator, lang)
        return [cls.word("band", lang).format(band=limits)]

    @classmethod
    def legend(cls, rule: Rule, lang: str) -> str:
        """Return "Toleranzband"."""
        return cls.word("legend", lang)
