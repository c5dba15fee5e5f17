"""Every page renders a composite need index; the profile says what it is made of."""

from __future__ import annotations

import pandas as pd

from tests import states
from tests.pages.test_any_state import data_dir, failures, plain, render  # noqa: F401 - fixture

STATUS = {
    "id": "status_index",
    "label_de": "Status-Index",
    "label_en": "Status index",
    "domain": "Sozioökonomische Lage",
    "polarity": "lower_is_better",
    "kind": "composite",
    "composite": {"components": ["arbeitslos", "sgb2_u15", "einkommen"], "standardise": "z"},
    "rule": {
        "method": "sd_classes",
        "cuts": [-1.0, 1.0, 1.5],
        "labels_de": ["hoch", "mittel", "niedrig", "sehr niedrig"],
        "labels_en": ["high", "medium", "low", "very low"],
        "population": "einwohner",
    },
}


def status_index(d):
    """The sample city with a Status-Index over three of its indicators."""
    store = states.sample_store(d)
    empty = pd.DataFrame(
        {
            "area_id": pd.Series([], dtype=object),
            "indicator": pd.Series([], dtype=object),
            "period": pd.Series([], dtype=object),
            "value": pd.Series([], dtype=float),
            "numerator": pd.Series([], dtype=float),
            "denominator": pd.Series([], dtype=float),
            "missing_reason": pd.Series([], dtype=object),
        }
    )
    states.publish(store, empty, [STATUS])


def test_every_page_renders_a_composite(data_dir):  # noqa: F811
    status_index(data_dir)
    crashed = {
        (level, page): errors
        for level in ("stadtteil", "stadtbezirk")
        for page, errors in failures(level=level).items()
    }
    assert crashed == {}


def test_the_profile_shows_what_the_index_is_made_of(data_dir):  # noqa: F811
    status_index(data_dir)
    at = render("pages/profil.py")
    titles = [plain(s.value) for s in at.subheader]
    assert "Status-Index: woraus sich der Index zusammensetzt" in titles
    parts = at.dataframe[-1].value
    assert parts["Komponente"].tolist() == [
        "Arbeitslosenanteil",
        "Unter 15-Jährige in SGB-II-Bedarfsgemeinschaften",
        "Durchschnittseinkommen je Steuerpflichtigen",
    ]
    assert parts["Ausrichtung"].tolist() == ["wie geliefert", "wie geliefert", "umgekehrt (× −1)"]
    table = at.dataframe[0].value.set_index("Indikator")
    assert table.loc["Status-Index", "Bewertung"].split(": ")[-1] in (
        "hoch",
        "mittel",
        "niedrig",
        "sehr niedrig",
    )
