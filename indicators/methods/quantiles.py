"""``quantiles``: k rank groups of the rated areas; the top group +1, the bottom −1."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from indicators import wording
from indicators.catalog import Indicator
from indicators.methods.base import Classifier, Fit, Sample

_GROUP_NAMES = {
    "de": {2: "Hälften", 3: "Terzile", 4: "Quartile", 5: "Quintile", 10: "Dezile"},
    "en": {2: "halves", 3: "terciles", 4: "quartiles", 5: "quintiles", 10: "deciles"},
}


class Quantiles(Classifier):
    """k groups by rank; the top group +1, the bottom −1.

    Cut points are the empirical quantiles of the rated values; equal values
    always share a group, so groups can differ in size. When all rated values
    are equal every area is 0.
    """

    name = "quantiles"
    parameters = ("k",)
    label: ClassVar[Mapping[str, str]] = {"de": "Terzile (Rangfolge)", "en": "Quantiles (rank)"}
    words: ClassVar[Mapping[str, Mapping[str, str]]] = {
        "de": {
            "q_top": "liegt in der obersten",
            "q_bottom": "liegt in der untersten",
            "q_mid": "liegt in einer mittleren",
            "q_groups": "von {k} Ranggruppen ({name}) der {n} bewerteten Gebiete; Gruppengrößen "
            "unten/Mitte/oben {bottom}/{mid}/{top}, gleiche Werte in derselben Gruppe",
        },
        "en": {
            "q_top": "is in the top",
            "q_bottom": "is in the bottom",
            "q_mid": "is in a middle one",
            "q_groups": "of {k} rank groups ({name}) of the {n} rated areas; group sizes "
            "bottom/middle/top {bottom}/{mid}/{top}, equal values share a group",
        },
    }

    def _fit(self, sample: Sample) -> Fit:
        k = self.rule.k
        probs = np.linspace(0, 1, k + 1)[1:-1]
        direction = np.full(sample.values.shape, np.nan)
        for c in range(sample.values.shape[1]):
            rated = sample.rated[:, c]
            vals = sample.values[rated, c]
            if vals.size == 0:
                continue
            low, high = vals.min(), vals.max()
            if low == high:
                direction[rated, c] = 0.0
                continue
            group = np.searchsorted(np.quantile(vals, probs), sample.values[:, c], side="left")
            direction[:, c] = np.where(group == k - 1, 1.0, np.where(group == 0, -1.0, 0.0))
        return Fit.of(direction)

    @classmethod
    def explain(cls, row: Mapping[str, Any], indicator: Indicator, lang: str, city: str) -> str:
        """Return "12,0 % liegt in der obersten von 3 Ranggruppen (Terzile) …".

        The row's ``_context`` holds the bottom / middle / top group sizes
        (:meth:`context`).
        """
        d = int(row["direction"])
        k = indicator.rule.k
        key = {1: "q_top", -1: "q_bottom"}.get(d, "q_mid")
        bottom, mid, top = row.get("_context", (0, 0, 0))
        name = _GROUP_NAMES[lang].get(k, f"k = {k}")
        groups = cls.word("q_groups", lang).format(
            k=k, name=name, n=bottom + mid + top, bottom=bottom, mid=mid, top=top
        )
        return f"{wording.value(row['value'], indicator, lang)} {cls.word(key, lang)} {groups}"

    @classmethod
    def context(cls, results: pd.DataFrame) -> dict[tuple[str, str], Any]:
        """Return the bottom / middle / top group sizes of every indicator and period rated so."""
        part = results[(results["method"] == cls.name) & results["direction"].notna()]
        out: dict[tuple[str, str], Any] = {}
        for (ind, period), d in part.groupby(["indicator", "period"], observed=True)["direction"]:
            out[(str(ind), str(period))] = (
                int((d < 0).sum()),
                int((d == 0).sum()),
                int((d > 0).sum()),
            )
        return out
