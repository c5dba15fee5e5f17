"""Reason texts: what was computed, in words, never a colour (indicators/explain.py)."""

from __future__ import annotations

import math

import pytest

from indicators import explain
from indicators.catalog import Catalog, Kind, Polarity
from indicators.classify import classify
from indicators.observations import complete_values
from tests import helpers


def test_suppressed_text_names_the_limit():
    assert explain.suppressed_text(5, "de") == "Zähler < 5"
    assert explain.suppressed_text(3, "en") == "numerator < 3"


@pytest.mark.parametrize(
    ("row", "lang", "expected"),
    [
        (
            {"city_value_kind": "pooled", "city_n": 18, "city_of": 18},
            "de",
            "Summe der Zähler durch Summe der Nenner, 18 Gebiete",
        ),
        (
            {"city_value_kind": "pooled", "city_n": 17, "city_of": 18},
            "de",
            "Summe der Zähler durch Summe der Nenner aus 17 von 18 Gebieten",
        ),
        ({"city_value_kind": None}, "de", ""),
        ({"city_value_kind": "pooled", "city_n": math.nan, "city_of": math.nan}, "en", None),
    ],
)
def test_city_text_says_how_the_city_value_was_computed(row, lang, expected):
    text = explain.city_text(row, helpers.make_indicator(), None, lang)
    if expected is None:
        assert "?" in text
    else:
        assert text == expected


def test_a_benchmark_reason_quotes_value_interval_city_and_polarity():
    ind = helpers.make_indicator("x", polarity=Polarity.LOWER_IS_BETTER)
    cat = Catalog([ind])
    obs = complete_values(
        helpers.make_obs("x", "2023", nums=[120, 60, 60], dens=[300, 300, 300]), cat
    )
    rated = explain.add_reasons(classify(obs, cat), cat, langs=("de", "en"))
    first = rated.iloc[0]
    # 40 % against the pooled city value 240/900 = 26.7 %
    assert first["reason_de"].startswith("ungünstig: 40,0 %")
    assert "26,7 %" in first["reason_de"]
    assert "Summe der Zähler durch Summe der Nenner, 3 Gebiete" in first["reason_de"]
    assert first["reason_de"].endswith("höher ist ungünstig")
    assert first["reason_en"].endswith("higher is unfavourable")
    for text in rated["reason_de"]:
        assert not any(c in text for c in ("rot", "grün", "gelb"))


def test_a_grey_row_says_why_it_is_not_rated():
    ind = helpers.make_indicator("x", kind=Kind.PROPORTION)
    cat = Catalog([ind])
    obs = complete_values(helpers.make_obs("x", "2023", nums=[2, 60], dens=[300, 300]), cat)
    rated = explain.add_reasons(classify(obs, cat), cat, langs=("de",))
    assert rated["rating"].iloc[0] == "grey"
    assert rated["reason_de"].iloc[0].startswith("nicht bewertet: Zähler unter 5")
