"""Every page renders a rate derived from counts and the population, with and without it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tests import states
from tests.pages.test_any_state import data_dir, failures, plain, render  # noqa: F401 - fixture

KITAS = {
    "id": "kitas_je_1000",
    "label_de": "Kitas je 1.000 Einwohner",
    "label_en": "Day-care centres per 1,000 inhabitants",
    "domain": "Formale Bildung",
    "unit": "je 1.000",
    "polarity": "higher_is_better",
    "kind": "rate",
    "multiplier": 1000,
    "denominator": "einwohner",
}


def counts(ids, period, values):
    nan = np.full(len(ids), np.nan)
    return pd.DataFrame(
        {
            "area_id": list(ids),
            "indicator": "kitas_je_1000",
            "period": period,
            "value": nan,
            "numerator": np.asarray(values, dtype=float),
            "denominator": nan,
            "missing_reason": None,
        }
    )


def derived_rate(d):
    """Counts for 2022 and 2023 (inhabitants in the sample city) and 2024 (none)."""
    store = states.sample_store(d)
    ids = states.area_ids(store)
    frames = [
        counts(ids, str(year), [(i * 7 + year) % 13 for i in range(len(ids))])
        for year in (2022, 2023, 2024)
    ]
    states.publish(store, pd.concat(frames, ignore_index=True), [KITAS])


def test_every_page_renders_a_derived_rate(data_dir):  # noqa: F811
    derived_rate(data_dir)
    crashed = {
        (level, year, page): errors
        for level in ("stadtteil", "stadtbezirk")
        for year in ("latest", "2024")
        for page, errors in failures(level=level, year=year).items()
    }
    assert crashed == {}


def test_map_table_says_the_population_is_missing(data_dir):  # noqa: F811
    derived_rate(data_dir)
    at = render("pages/karte.py", year="2024")
    at.selectbox(key="_w_indicator_de").set_value("kitas_je_1000").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Kitas je 1.000 Einwohner · 2024" in plain(at.caption[0].value)
    table = at.dataframe[0].value.set_index("Gebiet")
    assert table.loc["Altstadt", "Begründung"] == (
        "nicht bewertet: Anzahl geliefert, aber keine Bezugszahl (z. B. Einwohnerzahl) für "
        "dieses Gebiet und Jahr, oder sie ist 0"
    )
    at.selectbox(key="_w_year_de").set_value("2023").run()
    table = at.dataframe[0].value.set_index("Gebiet")
    # inhabitants of 2023 are in the sample city: 8 Kitas / 10,000 × 1,000
    assert table.loc["Altstadt", "Wert"] == "0,8 je 1.000"
