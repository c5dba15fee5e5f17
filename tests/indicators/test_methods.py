"""The registry of rating methods is the one list: texts, parameters, one class per method."""

import re
from dataclasses import fields
from typing import ClassVar

import numpy as np
import pandas as pd
import pytest

from bildungsampel.present import export, i18n, views
from indicators import explain, messages, methods, results
from indicators.catalog import Catalog, Kind, Rule
from indicators.catalog_entries import indicator_from_mapping
from indicators.catalog_schema import CatalogProblemsError
from indicators.classify import classify_indicator
from indicators.errors import BildungsampelError
from indicators.observations import complete_values
from tests import helpers

ROOT = helpers.ROOT


class Dummy(methods.Classifier):
    """Above the k-th value +1, else −1 (a method for this test only)."""

    name = "dummy"
    parameters = ("k",)
    reasons = ("no_dummy",)
    label: ClassVar = {"de": "Attrappe", "en": "Dummy"}
    words: ClassVar = {
        "de": {
            "up": "liegt über Platz {k}",
            "down": "liegt nicht darüber",
            "legend": "Spanne",
            "no_dummy": "nicht bewertet: keine Attrappe",
        },
        "en": {
            "up": "is above rank {k}",
            "down": "is not above it",
            "legend": "Span",
            "no_dummy": "not rated: no dummy",
        },
    }

    def _fit(self, sample):
        ranks = np.argsort(np.argsort(-sample.values, axis=0), axis=0)
        direction = np.where(ranks < self.rule.k, 1.0, -1.0)
        low = np.broadcast_to(np.nanmin(sample.values, axis=0), sample.values.shape).copy()
        high = np.broadcast_to(np.nanmax(sample.values, axis=0), sample.values.shape).copy()
        return methods.Fit.of(
            direction, lower_limit=low, upper_limit=high, unusable_reason="no_dummy"
        )

    @classmethod
    def explain(cls, row, indicator, lang, city):
        key = "up" if row["direction"] > 0 else "down"
        return cls.word(key, lang).format(k=indicator.rule.k)

    @classmethod
    def legend(cls, rule, lang):
        return cls.word("legend", lang)


@pytest.fixture
def dummy():
    methods.register(Dummy)
    yield Dummy
    methods.unregister("dummy")


def test_methods_speak_the_languages_of_the_dashboard():
    assert tuple(i18n.languages()) == messages.LANGUAGES


def test_builtin_methods_in_order():
    assert methods.names() == (
        "benchmark",
        "band",
        "quantiles",
        "thresholds",
        "trend",
        "sd_classes",
    )
    assert [c.__name__ for c in methods.registered()] == [
        "Benchmark",
        "Band",
        "Quantiles",
        "Thresholds",
        "Trend",
        "SdClasses",
    ]


@pytest.mark.parametrize("cls", methods.registered(), ids=lambda c: c.name)
def test_every_method_has_its_texts_in_every_language(cls):
    for lang in messages.LANGUAGES:
        assert cls.label[lang]
        assert i18n.t(f"method.{cls.name}", lang) == cls.label[lang]
        for reason in cls.reasons:
            assert methods.reason_words(reason, lang) == cls.words[lang][reason]
        assert set(cls.words[lang]) == set(cls.words["de"])
    assert cls.explain.__func__ is not methods.Classifier.explain.__func__


@pytest.mark.parametrize("cls", methods.registered(), ids=lambda c: c.name)
def test_every_method_documents_its_parameters(cls):
    rule_doc = Rule.__doc__
    data_md = (ROOT / "docs" / "DATA.md").read_text(encoding="utf-8")
    methods_md = (ROOT / "docs" / "METHODS.md").read_text(encoding="utf-8")
    assert cls.__doc__
    assert f"**{cls.name}**" in methods_md
    for name in cls.parameters:
        assert name in {f.name for f in fields(Rule)}
        assert re.search(rf"^    {name} : ", rule_doc, re.M), name
        assert f"| `{name}` |" in data_md


def test_every_reason_of_a_method_is_a_not_rated_category():
    assert results.not_rated_labels() == (
        "missing",
        "small_numerator",
        "small_denominator",
        "small_population",
        "no_counts",
        "no_interval",
        "no_reference",
        "no_thresholds",
        "no_trend",
        "no_spread",
    )


def test_unknown_method_lists_the_registry():
    with pytest.raises(
        BildungsampelError,
        match=r"choose one of benchmark, band, quantiles, thresholds, trend, sd_classes$",
    ):
        methods.get("kmeans")


def test_a_method_without_words_is_refused():
    class Mute(methods.Classifier):
        name = "mute"
        reasons = ("no_voice",)
        label: ClassVar = {"de": "Stumm"}

        def _fit(self, sample):
            return methods.Fit.of(sample.values)

    with pytest.raises(
        TypeError, match=r"Mute: no words for \['no_voice'\] in 'de'; no label in 'en'; no words"
    ):
        methods.register(Mute)
    assert "mute" not in methods.names()


def test_band_fit_is_a_value():
    ind = helpers.make_indicator(kind=Kind.MEAN, multiplier=1.0)
    sample = methods.Sample(
        indicator=ind,
        values=np.array([8.0, 10.0, 12.0, np.nan]),
        numerators=np.full(4, np.nan),
        denominators=np.full(4, np.nan),
        rated=np.array([True, True, True, False]),
        city_value=10.0,
        trend_direction=np.full(4, np.nan),
    )
    fit = methods.Band(ind.rule).fit(sample)
    np.testing.assert_array_equal(fit.direction, [-1.0, 0.0, 1.0, np.nan])
    np.testing.assert_allclose(fit.lower_limit, [9.0] * 4)
    np.testing.assert_allclose(fit.upper_limit, [11.0] * 4)
    assert fit.unusable.tolist() == [False] * 4
    assert np.isnan(fit.confidence)
    with pytest.raises(AttributeError):
        fit.direction = np.zeros(4)  # frozen


def test_a_registered_dummy_appears_everywhere(dummy):
    assert methods.names()[-1] == "dummy"
    # the catalogue schema
    ind = indicator_from_mapping(
        {
            "id": "x",
            "label_de": "X",
            "domain": "D",
            "polarity": "higher_is_better",
            "kind": "mean",
            "rule": {"method": "dummy", "k": 2},
        }
    )
    assert ind.rule.method == "dummy"
    # the result frame
    obs = complete_values(helpers.make_obs("x", "2023", values=[1.0, 5.0, 3.0]), Catalog([ind]))
    res = classify_indicator(obs, ind, "2023")
    assert res["rating"].tolist() == ["red", "green", "green"]
    assert list(res["method"].cat.categories)[-1] == "dummy"
    assert list(res["not_rated"].cat.categories)[-1] == "no_dummy"
    # explain
    with_reasons = explain.add_reasons(res, Catalog([ind]))
    assert with_reasons["reason_de"].tolist()[:2] == [
        "ungünstig: liegt nicht darüber; höher ist günstig",
        "günstig: liegt über Platz 2; höher ist günstig",
    ]
    assert with_reasons["reason_en"].iloc[1] == "favourable: is above rank 2; higher is favourable"
    # legends and labels
    row = res.iloc[0].to_dict()
    assert views.limits_text(row, ind, "de") == "Spanne 1,0–5,0"
    assert views.limits_text(row, ind, "en") == "Span 1.0–5.0"
    assert i18n.t("method.dummy", "en") == "Dummy"
    assert "method.dummy" in i18n.all_keys()
    assert export.word("method", "dummy", "de") == "Attrappe"


def test_unregistered_dummy_is_refused_by_the_schema():
    with pytest.raises(
        CatalogProblemsError, match="unknown rating method 'dummy' in field 'method'"
    ):
        Rule(method="dummy")
    assert export.word("method", "dummy", "de") == "dummy"


def test_thresholds_method_checks_its_own_parameters():
    with pytest.raises(CatalogProblemsError, match="method 'thresholds' needs"):
        Rule(method="thresholds")
    assert methods.Thresholds.rule_problems(Rule(method="thresholds", target=5.0)) == []


def test_quantiles_context_counts_the_groups():
    frame = pd.DataFrame(
        {
            "indicator": ["a"] * 4,
            "period": ["2023"] * 4,
            "method": ["quantiles"] * 4,
            "direction": [-1.0, 0.0, 1.0, np.nan],
        }
    )
    assert methods.Quantiles.context(frame) == {("a", "2023"): (1, 1, 1)}
