"""``sd_classes``: classes by standard deviations from the mean of the rated areas (MSS)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from indicators.catalog import Indicator, Rule
from indicators.messages import Message
from indicators.methods import ordered
from indicators.methods.base import Classifier, Fit, Sample
from indicators.numbers import format_number


class SdClasses(Classifier):
    """Ordered classes cut in SD units around the mean of the rated areas.

    Each period's rated values are z-standardised — (value − mean) / sample SD
    (``ddof=1``, as Berlin's MSS) over the rated areas — and cut at
    ``rule.cuts``; ``len(cuts) + 1`` classes map onto the grades as
    :mod:`indicators.methods.ordered` says. A composite that is already
    restandardised is unchanged by this. With fewer than two rated areas or
    all values equal nothing is rated (``no_spread``).
    """

    name = "sd_classes"
    parameters = ("cuts", "labels_de", "labels_en")
    reasons = ("no_spread",)
    label: ClassVar[Mapping[str, str]] = {
        "de": "Klassen nach Standardabweichung (MSS)",
        "en": "Classes by standard deviation (MSS)",
    }
    words: ClassVar[Mapping[str, Mapping[str, str]]] = {
        "de": {
            "above": "{label} {z} SD über dem Mittel der {n} bewerteten Gebiete",
            "below": "{label} {z} SD unter dem Mittel der {n} bewerteten Gebiete",
            "at": "{label} genau im Mittel der {n} bewerteten Gebiete",
            "lowest": "unter der Grenze {high} → {cls}",
            "highest": "Grenze {low} → {cls}",
            "between": "Grenze {low} (bis unter {high}) → {cls}",
            "class": "Klasse {i} von {n}",
            "legend": "Klassengrenzen",
            "no_spread": "nicht bewertet: weniger als zwei bewertete Gebiete oder alle Werte "
            "gleich, keine Standardabweichung",
        },
        "en": {
            "above": "{label} {z} SD above the mean of the {n} rated areas",
            "below": "{label} {z} SD below the mean of the {n} rated areas",
            "at": "{label} exactly at the mean of the {n} rated areas",
            "lowest": "below the limit {high} → {cls}",
            "highest": "limit {low} → {cls}",
            "between": "limit {low} (up to below {high}) → {cls}",
            "class": "class {i} of {n}",
            "legend": "Class limits",
            "no_spread": "not rated: fewer than two rated areas or all values equal, no "
            "standard deviation",
        },
    }

    def _fit(self, sample: Sample) -> Fit:
        v = sample.values
        cuts = self.rule.cuts or (-1.0, 1.0)
        x = np.where(sample.rated, v, np.nan)
        n = np.isfinite(x).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.nansum(x, axis=0) / n
            sd = np.sqrt(np.nansum((x - mean) ** 2, axis=0) / (n - 1))
        spread = (n >= 2) & np.isfinite(sd) & (sd > 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            z = np.where(spread, (v - mean) / np.where(spread, sd, 1.0), np.nan)
        index = ordered.class_index(z, cuts)
        direction = ordered.class_directions(index, len(cuts) + 1, sample.indicator.polarity)
        bounds = np.array([-np.inf, *cuts, np.inf])
        safe = np.clip(index, 0, len(cuts))
        low = np.where(index >= 0, mean + bounds[safe] * sd, np.nan)
        high = np.where(index >= 0, mean + bounds[safe + 1] * sd, np.nan)
        return Fit.of(
            direction,
            lower_limit=np.where(np.isfinite(low), low, np.nan),
            upper_limit=np.where(np.isfinite(high), high, np.nan),
            unusable=np.isfinite(v) & ~spread[np.newaxis, :],
            unusable_reason="no_spread",
        )

    @classmethod
    def rule_problems(cls, rule: Rule) -> list[Message]:
        """Return the problem of a rule that names this method without ``cuts``."""
        if rule.method == cls.name and rule.cuts is None:
            return [Message("methods.sd_classes.needs_cuts")]
        return []

    @classmethod
    def explain(cls, row: Mapping[str, Any], indicator: Indicator, lang: str, city: str) -> str:
        """Return "Status-Index 1,23 SD über dem Mittel der 17 bewerteten Gebiete; Grenze +1,0 → …".

        The row's ``_context`` holds the mean, SD and number of the rated
        areas of its indicator and period (:meth:`context`).
        """
        mean, sd, n = row.get("_context", (np.nan, np.nan, 0))
        z = (float(row["value"]) - mean) / sd if sd else np.nan
        label = indicator.label(lang)
        key = "above" if z > 0 else "below" if z < 0 else "at"
        shown = format_number(abs(z), lang=lang, decimals=2)
        where = cls.word(key, lang).format(label=label, z=shown, n=n)
        return f"{where}; {cls._limit(z, indicator, float(row['direction']), lang)}"

    @classmethod
    def _limit(cls, z: float, indicator: Indicator, direction: float, lang: str) -> str:
        cuts = indicator.rule.cuts or (-1.0, 1.0)
        i = int(ordered.class_index(np.array([z]), cuts)[0])
        name = ordered.class_label(indicator, direction, lang) or cls.word("class", lang).format(
            i=i + 1, n=len(cuts) + 1
        )
        low = _signed(cuts[i - 1], lang) if i > 0 else ""
        high = _signed(cuts[i], lang) if i < len(cuts) else ""
        key = "lowest" if i == 0 else "highest" if i == len(cuts) else "between"
        return cls.word(key, lang).format(low=low, high=high, cls=name)

    @classmethod
    def legend(cls, rule: Rule, lang: str) -> str:
        """Return "Klassengrenzen"."""
        return cls.word("legend", lang)

    @classmethod
    def context(cls, results: pd.DataFrame) -> dict[tuple[str, str], Any]:
        """Return the mean, sample SD and number of rated areas of every indicator and period."""
        part = results[(results["method"] == cls.name) & results["direction"].notna()]
        out: dict[tuple[str, str], Any] = {}
        for (ind, period), v in part.groupby(["indicator", "period"], observed=True)["value"]:
            sd = float(v.std(ddof=1)) if len(v) >= 2 else np.nan
            out[(str(ind), str(period))] = (float(v.mean()), sd, len(v))
        return out


def _signed(x: float, lang: str) -> str:
    """Return a cut in SD units with its sign ("+1,0", "−1,0", "0,0")."""
    text = format_number(abs(x), lang=lang, decimals=1)
    return f"+{text}" if x > 0 else f"−{text}" if x < 0 else text
