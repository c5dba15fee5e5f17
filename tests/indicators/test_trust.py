"""Issue 8: every colour, number and sentence says exactly what is true."""

import numpy as np
import pandas as pd
import pytest

from bildungsampel.present import views
from bildungsampel.service import dataset
from indicators import stats
from indicators.catalog import Catalog, Indicator, Kind, Polarity, Rule
from indicators.classify import city_table, classify, classify_indicator
from indicators.explain import add_reasons
from indicators.observations import complete_values
from indicators.policy import Policy
from tests import helpers


def rate(ind, obs, period="2023", *, catalog=None, policy=None, method=None, **kwargs):
    catalog = catalog or Catalog([ind])
    obs = complete_values(obs, catalog)
    if catalog is not None and len(catalog) > 1:
        res = classify(obs, catalog, year=period, policy=policy, method=method, **kwargs)
        res = res[res["indicator"] == ind.id].reset_index(drop=True)
    else:
        res = classify_indicator(obs, ind, period, policy=policy, method=method)
    return add_reasons(res, catalog)


def series(ind_id, years, nums, dens, ids=None):
    """Observations of one or more areas over ``years`` (nums/dens: areas × years)."""
    nums, dens = np.atleast_2d(nums), np.atleast_2d(dens)
    ids = ids or [f"{i:04d}" for i in range(nums.shape[0])]
    return pd.concat(
        [
            helpers.make_obs(ind_id, str(y), nums=list(nums[:, j]), dens=list(dens[:, j]), ids=ids)
            for j, y in enumerate(years)
        ],
        ignore_index=True,
    )


YEARS = [2019, 2020, 2021, 2022, 2023]


# ---- trend: Fingertips' recent-trend rule ----------------------------------------


def test_trend_false_positive_rate_on_null_series_is_below_one_percent():
    rng = np.random.default_rng(8)
    n_areas, size = 3000, 100
    nums = rng.binomial(size, 0.2, size=(n_areas, 5)).astype(float)
    res = rate(helpers.make_indicator(), series("x", YEARS, nums, np.full(nums.shape, size)))
    flagged = (res["trend"] != "no_significant_change").mean()
    assert flagged <= 0.01  # the earlier p < 0.05 rule flagged about 5 %
    assert set(res["trend_method"]) == {"chi2"}


def test_trend_detects_a_strong_trend():
    rng = np.random.default_rng(9)
    n_areas, size = 500, 300
    p = np.linspace(0.10, 0.25, 5)
    nums = rng.binomial(size, p, size=(n_areas, 5)).astype(float)
    res = rate(helpers.make_indicator(), series("x", YEARS, nums, np.full(nums.shape, size)))
    assert (res["trend"] == "worsening").mean() >= 0.9  # lower is better: rising is worse
    assert set(res["trend_direction"]) == {"increasing"}


def test_rule_equals_a_plain_per_area_implementation():
    rng = np.random.default_rng(10)
    size = rng.integers(40, 400, size=(300, 5)).astype(float)
    nums = rng.binomial(size.astype(int), rng.uniform(0.05, 0.5, size=(300, 1))).astype(float)
    nums[:40] = np.round(size[:40] * np.linspace(0.1, 0.4, 5))  # some real trends
    res = rate(helpers.make_indicator(), series("x", YEARS, nums, size))
    t = np.array(YEARS, dtype=float)
    for i, got in enumerate(res["trend"]):
        z, _ = stats.chi2_trend(nums[i], size[i], t)
        keep = [
            np.sign(
                stats.chi2_trend(np.delete(nums[i], k), np.delete(size[i], k), np.delete(t, k))[0]
            )
            for k in range(5)
        ]
        significant = z**2 > 9.5495 and all(s == np.sign(z) for s in keep)
        expected = (
            ("worsening" if z > 0 else "improving") if significant else ("no_significant_change")
        )
        assert got == expected, i


def test_a_non_significant_change_is_not_called_stable():
    # 20 % -> 28 % in five years with 100 children each: visible, but not significant
    obs = series("x", YEARS, [[20, 22, 24, 26, 28]], [[100] * 5])
    res = rate(helpers.make_indicator(), obs)
    assert res["trend"].tolist() == ["no_significant_change"]
    assert res["trend_direction"].tolist() == ["increasing"]
    assert (
        res["trend_reason_de"]
        .iloc[0]
        .startswith(
            "keine signifikante Veränderung (5 Zeitpunkte 2019–2023; χ²-Test für linearen Trend"
        )
    )
    assert "stabil" not in res["trend_reason_de"].iloc[0]
    assert views.trend_label("no_significant_change", "de", "increasing") == (
        "↗ keine signifikante Veränderung"
    )


def test_arrow_shows_direction_and_words_the_judgement():
    # falling unemployment (lower is better): ↘ and "improving"
    obs = series("x", YEARS, [[300, 260, 220, 180, 140]], [[2000] * 5])
    row = rate(helpers.make_indicator(), obs).iloc[0]
    assert (row["trend"], row["trend_direction"]) == ("improving", "decreasing")
    assert views.trend_label(row["trend"], "de", row["trend_direction"]) == (
        "↘ verbessert sich signifikant"
    )


def test_rates_above_their_multiplier_get_a_poisson_trend():
    # 1,100 -> 1,500 visits per 1,000 inhabitants: no share, so no binomial test
    ind = helpers.make_indicator(kind=Kind.RATE, multiplier=1000)
    obs = series("x", YEARS, [[1100, 1200, 1300, 1400, 1500]], [[1000] * 5])
    row = rate(ind, obs).iloc[0]
    assert row["value"] == pytest.approx(1500.0)
    assert row["trend_method"] == "poisson"
    assert row["trend"] == "worsening"
    assert row["trend_p"] < 1e-10
    assert "Score-Test für einen Poisson-Trend" in row["trend_reason_de"]


@pytest.mark.parametrize(("periods", "window"), [(1, 5), (2, 5), (3, 5), (4, 5), (6, 10), (8, 10)])
def test_too_few_periods_cannot_be_computed_and_never_crash(periods, window):
    ind = helpers.make_indicator(trend_periods=window)
    years = list(range(2024 - periods, 2024))
    obs = series("x", years, [[20.0 + k for k in range(periods)]] * 2, [[100.0] * periods] * 2)
    res = rate(ind, obs)
    assert res["trend"].tolist() == ["none", "none"]
    assert res["trend_direction"].tolist() == ["none", "none"]
    assert res["trend_reason_de"].tolist() == ["", ""]
    assert res["rating"].notna().all()
    trend = rate(ind, obs, method="trend")
    assert trend["not_rated"].tolist() == ["no_trend", "no_trend"]
    assert trend["reason_de"].iloc[0] == (
        f"nicht bewertet: Trend nicht berechenbar, es fehlen Werte in den letzten {window} "
        "Zeitpunkten"
    )


def test_a_gap_in_the_window_means_no_trend():
    nums = np.array([[20.0, 30.0, np.nan, 50.0, 60.0]])
    res = rate(helpers.make_indicator(), series("x", YEARS, nums, [[100.0] * 5]))
    assert res["trend"].tolist() == ["none"]


def test_change_rule_says_it_is_not_a_test():
    ind = helpers.make_indicator(kind=Kind.INDEX, multiplier=1, polarity=Polarity.HIGHER_IS_BETTER)
    obs = pd.concat(
        [helpers.make_obs("x", str(y), values=[10.0 + 0.1 * k]) for k, y in enumerate(YEARS)],
        ignore_index=True,
    )
    row = rate(ind, obs).iloc[0]
    assert row["trend_method"] == "change"
    assert row["trend"] == "no_significant_change"
    assert row["trend_reason_de"] == (
        "keine Veränderung um mehr als ±10 % (5 Zeitpunkte 2019–2023; Änderungsregel ohne "
        "Signifikanztest: keine Zähler und Nenner)"
    )


# ---- the city value ------------------------------------------------------------


def test_city_value_pooled_over_areas_with_counts_and_says_how_many():
    obs = helpers.make_obs(
        "x", "2023", values=[np.nan, np.nan, 50.0], nums=[10, 20, np.nan], dens=[100, 100, np.nan]
    )
    res = rate(helpers.make_indicator(), obs)
    # not the mean of the three values (26.7 %): 30 of 200
    assert res["city_value"].iloc[0] == pytest.approx(15.0)
    assert res["city_value_kind"].iloc[0] == "pooled"
    assert res[["city_n", "city_of"]].iloc[0].tolist() == [2.0, 3.0]
    assert "Summe der Zähler durch Summe der Nenner aus 2 von 3 Gebieten" in res["reason_de"][0]


def test_city_value_of_a_mean_is_weighted_by_its_weight_indicator():
    pop = helpers.make_indicator("pop", kind=Kind.COUNT, multiplier=1)
    mean = Indicator(
        "m", "Miete", "Rent", "Demografie", "€", Polarity.NO_JUDGEMENT, Kind.MEAN, weight="pop"
    )
    obs = pd.concat(
        [
            helpers.make_obs("m", "2023", values=[10.0, 20.0]),
            helpers.make_obs("pop", "2023", values=[100.0, 300.0]),
        ],
        ignore_index=True,
    )
    cat = Catalog([mean, pop])
    res = rate(mean, obs, catalog=cat)
    assert res["city_value"].iloc[0] == pytest.approx(17.5)
    assert res["city_value_kind"].iloc[0] == "weighted_mean"
    assert "Mittel der Gebiete, gewichtet mit Indikator pop" in res["reason_de"][0]
    plain = Indicator("m", "Miete", "Rent", "Demografie", "€", Polarity.NO_JUDGEMENT, Kind.MEAN)
    res = rate(plain, obs[obs["indicator"] == "m"])
    assert res["city_value"].iloc[0] == pytest.approx(15.0)
    assert "Mittel der Gebiete, ungewichtet" in res["reason_de"][0]


def test_a_weight_that_is_not_in_the_catalogue_is_refused():
    mean = Indicator(
        "m",
        "Miete",
        "Rent",
        "Demografie",
        "€",
        Polarity.NO_JUDGEMENT,
        Kind.MEAN,
        weight="einwohner",
    )
    with pytest.raises(Exception, match="weight 'einwohner' is not in the catalogue"):
        Catalog([mean])


def test_a_delivered_city_total_is_used_as_is():
    obs = helpers.make_obs("x", "2023", nums=[10, 20], dens=[100, 100])
    totals = pd.DataFrame({"indicator": ["x"], "period": ["2023"], "value": [12.5]})
    ind = helpers.make_indicator()
    res = classify(complete_values(obs, Catalog([ind])), Catalog([ind]), totals=totals)
    assert res["city_value"].tolist() == [12.5, 12.5]
    assert res["city_value_kind"].tolist() == ["total_row", "total_row"]


def test_counts_are_summed_and_the_same_on_every_level_and_chart():
    data = dataset.load_dataset()
    for level in ("stadtteil", "stadtbezirk"):
        rows = dataset.rate(data, level=level, year="2023")
        people = rows[rows["indicator"] == "einwohner"]
        assert set(people["city_value"]) == {253500.0}
        assert set(people["city_value_kind"]) == {"sum"}
    city = data.city_series()
    assert city.set_index(["indicator", "period"]).loc[("einwohner", "2023"), "value"] == 253500.0
    # a share: the Bezirk level is compared with the same pooled city value as the Stadtteile
    a = dataset.rate(data, year="2023")
    b = dataset.rate(data, level="stadtbezirk", year="2023")
    for ind in ("gymnasium", "einkommen", "sozialindex"):
        assert a.loc[a["indicator"] == ind, "city_value"].iloc[0] == pytest.approx(
            b.loc[b["indicator"] == ind, "city_value"].iloc[0]
        ), ind


def test_counts_are_never_banded_against_a_per_area_mean():
    ind = helpers.make_indicator(kind=Kind.COUNT, multiplier=1)
    res = rate(ind, helpers.make_obs("x", "2023", values=[100.0, 500.0, 900.0]), method="band")
    assert res["rating"].tolist() == ["grey"] * 3
    assert res["not_rated"].tolist() == ["no_reference"] * 3
    assert res["city_value"].iloc[0] == 1500.0


def test_city_table_lists_every_indicator_and_period():
    ind = helpers.make_indicator()
    obs = complete_values(
        series("x", [2022, 2023], [[1, 2], [3, 4]], [[10, 10], [10, 10]]), Catalog([ind])
    )
    table = city_table(obs, Catalog([ind]))
    assert table[["period", "city_value", "city_value_kind"]].values.tolist() == [
        ["2022", 20.0, "pooled"],
        ["2023", 30.0, "pooled"],
    ]


# ---- intervals and limits ---------------------------------------------------------


def test_band_limits_are_not_called_intervals():
    ind = helpers.make_indicator(kind=Kind.INDEX, multiplier=1, polarity=Polarity.HIGHER_IS_BETTER)
    res = rate(ind, helpers.make_obs("x", "2023", values=[10.0, 12.0, 8.0]))
    assert res["ci_low"].isna().all()
    assert res["ci_high"].isna().all()
    assert res[["lower_limit", "upper_limit"]].iloc[0].tolist() == pytest.approx([9.0, 11.0])
    assert res["reason_de"].iloc[1] == (
        "günstig: 12,0 % liegt mehr als 10 % des Stadtwerts über dem Stadtwert 10,0 % "
        "(Mittel der Gebiete, ungewichtet; Toleranzband 9,0–11,0 %); höher ist günstig"
    )
    assert views.interval_text(res.iloc[0], ind, "de") == ""
    assert views.limits_text(res.iloc[0], ind, "de") == "Toleranzband 9,0–11,0"


def test_five_grades_name_the_998_interval():
    ind = helpers.make_indicator(polarity=Polarity.HIGHER_IS_BETTER, confidence=0.998)
    res = rate(ind, helpers.make_obs("x", "2023", nums=[700, 500, 300], dens=[1000] * 3))
    assert res["grade"].tolist() == ["best", "similar", "worst"]
    assert res["reason_de"].iloc[0] == (
        "günstig: 70,0 % (95-%-KI 67,1–72,8 %) liegt sehr deutlich über dem Stadtwert 50,0 % "
        "(Summe der Zähler durch Summe der Nenner, 3 Gebiete): auch das 99,8-%-KI "
        "(65,3–74,3 %) liegt ganz darüber; höher ist günstig"
    )


def test_city_wide_998_rates_with_the_998_interval():
    obs = helpers.make_obs("x", "2023", nums=[48, 40], dens=[100, 100])
    normal = rate(helpers.make_indicator(), obs)
    strict = rate(helpers.make_indicator(), obs, policy=Policy(confidence=0.998))
    assert normal["confidence"].tolist() == [0.95, 0.95]
    assert strict["confidence"].tolist() == [0.998, 0.998]
    assert strict["ci_low"].iloc[0] < normal["ci_low"].iloc[0]
    assert "99,8-%-KI" in strict["reason_de"].iloc[0]
    assert (
        "signifikant (99,8 %)" in strict["reason_de"].iloc[0]
        or "nicht signifikant (99,8 %)" in (strict["reason_de"].iloc[0])
    )


# ---- multiple comparisons --------------------------------------------------------------


def test_expected_chance_findings():
    assert stats.expected_chance_findings(306, 0.95) == pytest.approx(15.3)
    assert stats.expected_chance_findings(306, 0.998) == pytest.approx(0.612)


def test_multiple_testing_note_counts_the_comparisons_shown():
    data = dataset.load_dataset()
    rows = dataset.rate(data, year="2023")
    note = views.multiple_testing_note(rows, "de")
    tested = rows[(rows["method"] == "benchmark") & rows["direction"].notna()]
    expected = f"{len(tested) * 0.05:.1f}".replace(".", ",")
    assert note.startswith(
        f"Mehrfachvergleiche: {len(tested)} Vergleiche mit dem Stadtwert per Konfidenzintervall "
        "auf dem 95-%-Niveau"
    )
    assert f"etwa {expected} zufällig" in note
    assert views.multiple_testing_note(rows.head(1), "de") is None


# ---- small numbers ----------------------------------------------------------------------


def test_one_of_twenty_is_not_rated_and_not_shown():
    ind = helpers.make_indicator(polarity=Polarity.HIGHER_IS_BETTER)
    res = rate(ind, helpers.make_obs("x", "2023", nums=[1, 40, 60], dens=[20, 400, 400]))
    assert res["rating"].iloc[0] == "grey"
    assert res["not_rated"].iloc[0] == "small_numerator"
    assert res["reason_de"].iloc[0] == (
        "nicht bewertet: Zähler unter 5 (zu kleine Fallzahl; angezeigt als < 5)"
    )
    # still part of the pooled city value: 101 of 820
    assert res["city_value"].iloc[1] == pytest.approx(101 / 820 * 100)
    # and the dashboard shows neither the share nor its counts
    data = dataset.assemble(
        dataset.load_dataset().boundaries,
        Catalog([ind]),
        complete_values(
            helpers.make_obs("x", "2023", nums=[1, 40], dens=[20, 400], ids=["11", "12"]),
            Catalog([ind]),
        ),
        city_name="Test",
    )
    shown = dataset.rate(data).set_index("area_id")
    assert np.isnan(shown.loc["11", "value"])
    assert np.isnan(shown.loc["11", "numerator"])
    assert shown.loc["11", "value_note"] == "Zähler < 5"


def test_zero_is_shown_and_rated_and_the_limit_can_be_switched_off():
    ind = helpers.make_indicator(polarity=Polarity.HIGHER_IS_BETTER)
    obs = helpers.make_obs("x", "2023", nums=[0, 3, 60], dens=[200, 30, 400])
    res = rate(ind, obs)
    assert res["rating"].tolist()[:2] == ["red", "grey"]
    off = rate(ind, obs, policy=Policy(small_numerator=0))
    assert off["rating"].iloc[1] != "grey"


def test_areas_below_the_minimum_population_are_not_rated():
    pop = helpers.make_indicator("pop", kind=Kind.COUNT, multiplier=1)
    idx = Indicator(
        "i",
        "Index",
        "Index",
        "Sozioökonomische Lage",
        "",
        Polarity.LOWER_IS_BETTER,
        Kind.INDEX,
        rule=Rule(population="pop"),
    )
    obs = pd.concat(
        [
            helpers.make_obs("i", "2023", values=[1.0, 2.0, 3.0]),
            helpers.make_obs("pop", "2023", values=[150.0, 5000.0, 8000.0]),
        ],
        ignore_index=True,
    )
    res = rate(idx, obs, catalog=Catalog([idx, pop]))
    assert res["rating"].iloc[0] == "grey"
    assert res["not_rated"].iloc[0] == "small_population"
    assert res["reason_de"].iloc[0] == (
        "nicht bewertet: weniger als 300 Einwohnerinnen und Einwohner (pop)"
    )
    assert res["rating"].iloc[1] != "grey"
    # a city-wide population indicator applies to every indicator without one of its own
    plain = Indicator(
        "i", "Index", "Index", "Sozioökonomische Lage", "", Polarity.LOWER_IS_BETTER, Kind.INDEX
    )
    res = rate(
        plain,
        obs,
        catalog=Catalog([plain, pop]),
        policy=Policy(population="pop", min_population=200),
    )
    assert res["not_rated"].iloc[0] == "small_population"


# ---- words --------------------------------------------------------------------------------


def test_quantile_reason_names_the_real_group_sizes():
    ind = helpers.make_indicator(kind=Kind.COUNT, multiplier=1, polarity=Polarity.NO_JUDGEMENT)
    values = [1.0] * 12 + [5.0] * 6
    res = rate(ind, helpers.make_obs("x", "2023", values=values))
    assert res["reason_de"].iloc[0] == (
        "ohne Wertung: 1 % liegt in der untersten von 3 Ranggruppen (Terzile) der 18 bewerteten "
        "Gebiete; Gruppengrößen unten/Mitte/oben 12/0/6, gleiche Werte in derselben Gruppe"
    )
    assert "gleich großen" not in " ".join(res["reason_de"])


def test_no_reason_uses_a_colour_word():
    data = dataset.load_dataset()
    words = ("rot", "grün", "gelb", "grau", "red", "green", "yellow", "grey")
    for lang in ("de", "en"):
        for method in (None, "band", "quantiles", "trend", "thresholds"):
            rows = dataset.rate(data, lang=lang, method=method)
            starts = {r.split(":")[0] for r in rows["reason"]}
            assert not starts & set(words), (lang, method)
