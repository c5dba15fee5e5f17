import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators import methods
from indicators.catalog import Catalog, Kind, Polarity
from indicators.classify import classify, classify_indicator
from indicators.errors import BildungsampelError
from indicators.explain import add_reasons
from indicators.observations import complete_values
from indicators.policy import Policy
from tests import helpers


def rate(ind, obs, period="2023", method=None, policy=None):
    obs = complete_values(obs, Catalog([ind]))
    return classify_indicator(obs, ind, period, method=method, policy=policy)


def test_registry_lists_valid_methods():
    assert set(methods.names()) == {
        "benchmark",
        "band",
        "quantiles",
        "thresholds",
        "trend",
        "sd_classes",
    }
    with pytest.raises(
        BildungsampelError,
        match="unknown rating method 'kmeans'; choose one "
        "of benchmark, band, quantiles, thresholds, trend, sd_classes",
    ):
        methods.get("kmeans")


def test_benchmark_hand_checked():
    ind = helpers.make_indicator()  # lower is better, proportion ×100
    res = rate(ind, helpers.make_obs("x", "2023", nums=[60, 20, 40], dens=[100, 100, 100]))
    assert res["city_value"].iloc[0] == pytest.approx(40.0)
    assert res["rating"].tolist() == ["red", "green", "yellow"]
    assert res["grade"].tolist() == ["worse", "better", "similar"]
    assert res["ci_low"].iloc[0] == pytest.approx(50.2002, abs=1e-3)
    assert res["ci_high"].iloc[0] == pytest.approx(69.0603, abs=1e-3)
    assert res["method"].unique().tolist() == ["benchmark"]


def test_city_value_is_pooled_not_mean_of_rates():
    ind = helpers.make_indicator()
    res = rate(ind, helpers.make_obs("x", "2023", nums=[1, 300], dens=[10, 1000]))
    assert res["city_value"].iloc[0] == pytest.approx(301 / 1010 * 100)  # not (10+30)/2


def test_benchmark_reason_text_de_and_en():
    ind = helpers.make_indicator()
    res = rate(ind, helpers.make_obs("x", "2023", nums=[60, 20, 40], dens=[100, 100, 100]))
    res = add_reasons(res, Catalog([ind]))
    assert res["reason_de"].iloc[0] == (
        "ungünstig: 60,0 % (95-%-KI 50,2–69,1 %) liegt signifikant (95 %) über dem "
        "Stadtwert 40,0 % (Summe der Zähler durch Summe der Nenner, 3 Gebiete); "
        "höher ist ungünstig"
    )
    assert res["reason_en"].iloc[1] == (
        "favourable: 20.0 % (95 % CI 13.3–28.9 %) is significantly (95 %) below "
        "the city value 40.0 % (sum of numerators over sum of denominators, 3 areas); "
        "higher is unfavourable"
    )
    assert not any(
        word in text
        for text in [*res["reason_de"], *res["reason_en"]]
        for word in ("rot", "grün", "gelb", "red", "green", "yellow")
    )


def test_benchmark_five_grades_at_998():
    ind = helpers.make_indicator(polarity=Polarity.HIGHER_IS_BETTER, confidence=0.998)
    res = rate(ind, helpers.make_obs("x", "2023", nums=[700, 540, 500, 460, 300], dens=[1000] * 5))
    assert res["grade"].tolist() == ["best", "better", "similar", "worse", "worst"]
    assert res["rating"].tolist() == ["green", "green", "yellow", "red", "red"]


@pytest.mark.parametrize(
    ("nums", "dens", "ratings"),
    [
        ([0, 20, 20], [50, 100, 100], ["green", "yellow", "yellow"]),  # zero numerator
        ([30, 30, 30], [100, 100, 100], ["yellow"] * 3),  # all equal
        ([30], [100], ["yellow"]),  # one area only
    ],
)
def test_benchmark_edges(nums, dens, ratings):
    res = rate(helpers.make_indicator(), helpers.make_obs("x", "2023", nums=nums, dens=dens))
    assert res["rating"].tolist() == ratings


def test_missing_and_small_denominator_are_grey_with_reason():
    ind = helpers.make_indicator(min_denominator=20)
    obs = helpers.make_obs("x", "2023", nums=[60, 6, np.nan, 20], dens=[100, 12, np.nan, 100])
    obs.loc[2, "missing_reason"] = "suppressed"
    res = add_reasons(rate(ind, obs), Catalog([ind]))
    assert res["rating"].tolist() == ["red", "grey", "grey", "green"]
    assert res["not_rated"].cat.add_categories("-").fillna("-").tolist() == [
        "-",
        "small_denominator",
        "missing",
        "-",
    ]
    assert res["reason_de"].iloc[1] == "nicht bewertet: Nenner 12 unter der Mindestgröße 20"
    assert res["reason_en"].iloc[2] == "not rated: suppressed for confidentiality"
    # the small area still counts for the city value
    assert res["city_value"].iloc[0] == pytest.approx(86 / 212 * 100)


def test_rate_of_counts_uses_exact_poisson():
    ind = helpers.make_indicator(kind=Kind.RATE, multiplier=1000)
    res = rate(ind, helpers.make_obs("x", "2023", nums=[30, 5], dens=[1000, 1000]))
    assert res["ci_low"].iloc[0] == pytest.approx(20.2409, abs=1e-3)
    assert res["ci_high"].iloc[0] == pytest.approx(42.8269, abs=1e-3)
    assert res["rating"].tolist() == ["red", "green"]


def test_band_default_without_counts():
    ind = helpers.make_indicator(polarity=Polarity.HIGHER_IS_BETTER, kind=Kind.INDEX, multiplier=1)
    res = rate(ind, helpers.make_obs("x", "2023", values=[10.0, 12.0, 8.0, 10.0, 10.9]))
    assert res["method"].iloc[0] == "band"
    assert res["city_value"].iloc[0] == pytest.approx(10.18)
    assert res["rating"].tolist() == ["yellow", "green", "red", "yellow", "yellow"]


def test_band_tolerance_configurable():
    ind = helpers.make_indicator(
        polarity=Polarity.HIGHER_IS_BETTER, kind=Kind.INDEX, multiplier=1, tolerance=0.25
    )
    res = rate(ind, helpers.make_obs("x", "2023", values=[10.0, 12.0, 8.0]))
    assert res["rating"].tolist() == ["yellow"] * 3


def test_quantiles_terciles():
    ind = helpers.make_indicator(
        polarity=Polarity.HIGHER_IS_BETTER, kind=Kind.INDEX, multiplier=1, method="quantiles"
    )
    res = rate(ind, helpers.make_obs("x", "2023", values=[float(v) for v in range(1, 10)]))
    assert res["rating"].tolist() == ["red"] * 3 + ["yellow"] * 3 + ["green"] * 3


def test_quantiles_all_equal_is_yellow():
    ind = helpers.make_indicator(kind=Kind.INDEX, multiplier=1, method="quantiles")
    assert (
        rate(ind, helpers.make_obs("x", "2023", values=[5.0] * 4))["rating"].tolist()
        == ["yellow"] * 4
    )


@given(st.lists(st.floats(-1e6, 1e6), min_size=3, max_size=60))
@settings(max_examples=60, deadline=None)
def test_quantiles_agree_with_mapclassify(values):
    import mapclassify

    if len(set(values)) < 3:
        return
    ind = helpers.make_indicator(
        polarity=Polarity.HIGHER_IS_BETTER, kind=Kind.INDEX, multiplier=1, method="quantiles"
    )
    res = rate(
        ind,
        helpers.make_obs("x", "2023", values=values, ids=[f"{i:03d}" for i in range(len(values))]),
    )
    mc = mapclassify.Quantiles(np.array(values), k=3)
    if len(mc.bins) != 3:  # mapclassify merges classes when quantiles tie; we keep three groups
        return
    # mapclassify's scoreatpercentile interpolation leaves float noise in its bins
    # (51.573 becomes 51.57299999999999); a value sitting on a bin edge is a tie we
    # resolve exactly, so compare only where no value lies within that noise of an edge
    if np.isclose(np.array(values)[:, None], mc.bins[None, :-1], rtol=1e-12, atol=1e-12).any():
        return
    yb = mc.yb
    expected = np.where(yb == 2, "green", np.where(yb == 0, "red", "yellow"))
    assert res["rating"].tolist() == expected.tolist()


@pytest.mark.parametrize(
    ("polarity", "expected"),
    [
        (Polarity.HIGHER_IS_BETTER, ["green", "yellow", "red", "green", "red"]),
        (Polarity.LOWER_IS_BETTER, ["red", "yellow", "green", "red", "green"]),
    ],
)
def test_thresholds_limits(polarity, expected):
    ind = helpers.make_indicator(polarity=polarity, method="thresholds", thresholds=(10.0, 20.0))
    res = rate(ind, helpers.make_obs("x", "2023", values=[25.0, 15.0, 5.0, 20.0, 10.0]))
    assert res["rating"].tolist() == expected


def test_thresholds_target():
    ind = helpers.make_indicator(
        polarity=Polarity.HIGHER_IS_BETTER, method="thresholds", target=35.0, tolerance=0.25
    )
    res = add_reasons(
        rate(ind, helpers.make_obs("x", "2023", values=[36.0, 30.0, 20.0])), Catalog([ind])
    )
    assert res["rating"].tolist() == ["green", "yellow", "red"]
    assert (
        res["reason_de"].iloc[0]
        == "günstig: 36,0 % erreicht den Zielwert 35,0 %; höher ist günstig"
    )
    assert res["reason_de"].iloc[2] == (
        "ungünstig: 20,0 % verfehlt den Zielwert 35,0 % um mehr als 25 % des Zielwerts "
        "(Grenze 26,2 %); höher ist günstig"
    )
    assert res[["lower_limit", "upper_limit"]].iloc[0].tolist() == [26.25, 35.0]
    assert res["ci_low"].isna().all()
    low = helpers.make_indicator(
        polarity=Polarity.LOWER_IS_BETTER, method="thresholds", target=10.0
    )
    res = rate(low, helpers.make_obs("x", "2023", values=[9.0, 10.5, 12.0]))
    assert res["rating"].tolist() == ["green", "yellow", "red"]


def test_thresholds_chosen_without_limits_is_grey_with_reason():
    ind = helpers.make_indicator(polarity=Polarity.HIGHER_IS_BETTER)
    res = add_reasons(
        rate(ind, helpers.make_obs("x", "2023", values=[36.0, 30.0]), method="thresholds"),
        Catalog([ind]),
    )
    assert res["rating"].tolist() == ["grey", "grey"]
    assert res["not_rated"].tolist() == ["no_thresholds", "no_thresholds"]
    assert res["reason_de"].iloc[0] == (
        "nicht bewertet: der Katalog legt für diesen Indikator keine Grenzwerte und "
        "keinen Zielwert fest"
    )


def _history(rising=(10, 15, 20, 25, 30), flat=(20, 20, 21, 20, 20), den=400):
    frames = [
        helpers.make_obs(
            "x", str(2019 + i), nums=[rising[i] / 100 * den, flat[i] / 100 * den], dens=[den, den]
        )
        for i in range(5)
    ]
    return pd.concat(frames, ignore_index=True)


def test_trend_chi_square_on_counts():
    ind = helpers.make_indicator()  # lower is better: rising is worsening
    res = rate(ind, _history())
    assert res["trend"].tolist() == ["worsening", "no_significant_change"]
    assert res["trend_direction"].tolist() == ["increasing", "flat"]  # 20, 20, 21, 20, 20
    assert res["trend_method"].tolist() == ["chi2", "chi2"]
    assert res["trend_start"].tolist() == ["2019", "2019"]
    assert res["trend_p"].iloc[0] < 1e-6
    assert res["trend_p"].iloc[1] > 0.05


def test_trend_change_rule_without_counts_and_trend_method():
    ind = helpers.make_indicator(
        polarity=Polarity.HIGHER_IS_BETTER, kind=Kind.INDEX, multiplier=1, method="trend"
    )
    frames = [
        helpers.make_obs("x", str(2019 + i), values=[10.0 + i, 10.0, 10.0 - i]) for i in range(5)
    ]
    res = add_reasons(rate(ind, pd.concat(frames, ignore_index=True)), Catalog([ind]))
    assert res["trend"].tolist() == ["improving", "no_significant_change", "worsening"]
    assert res["trend_direction"].tolist() == ["increasing", "flat", "decreasing"]
    assert res["trend_method"].tolist() == ["change", "change", "change"]
    assert res["rating"].tolist() == ["green", "yellow", "red"]
    assert np.isnan(res["trend_p"]).all()
    # 10, 11, …, 14: fitted rise 4 over the mean 12 = 33 %
    assert res["trend_reason_de"].iloc[0] == (
        "steigt um 33 % (mehr als ±10 %) (5 Zeitpunkte 2019–2023; Änderungsregel ohne "
        "Signifikanztest: keine Zähler und Nenner)"
    )


def test_trend_needs_three_periods():
    ind = helpers.make_indicator(
        polarity=Polarity.HIGHER_IS_BETTER, kind=Kind.INDEX, multiplier=1, method="trend"
    )
    frames = [helpers.make_obs("x", str(2022 + i), values=[10.0 + i]) for i in range(2)]
    res = rate(ind, pd.concat(frames, ignore_index=True), period="2023")
    assert res["trend"].tolist() == ["none"]
    assert res["rating"].tolist() == ["grey"]
    assert res["not_rated"].tolist() == ["no_trend"]


def test_no_judgement_is_never_red_or_green():
    ind = helpers.make_indicator(polarity=Polarity.NO_JUDGEMENT)
    res = rate(ind, _history())
    assert set(res["rating"]) == {"neutral"}
    assert res["grade"].tolist() == ["higher", "lower"]
    # a significant change of a no-judgement indicator is neither better nor worse
    assert res["trend"].tolist() == ["increasing", "no_significant_change"]
    assert res["trend_direction"].tolist() == ["increasing", "flat"]  # 20, 20, 21, 20, 20


def test_classify_year_selection_and_method_override(catalog_of):
    ind = helpers.make_indicator()
    school = helpers.make_indicator("s")
    obs = pd.concat([_history(), helpers.make_obs("s", "2022/23", nums=[1, 2], dens=[50, 50])])
    cat = catalog_of(ind, school)
    obs = complete_values(obs, cat)
    res = classify(obs, cat, year=2023)
    assert res.groupby("indicator")["period"].first().to_dict() == {"x": "2023", "s": "2022/23"}
    assert classify(obs, cat, year="2021")["indicator"].unique().tolist() == ["x"]
    assert set(classify(obs, cat, method="band")["method"]) == {"band"}
    with pytest.raises(BildungsampelError, match="unknown rating method"):
        classify(obs, cat, method="nope")


# ---- properties -------------------------------------------------------------

counts = st.lists(
    st.tuples(st.integers(0, 400), st.integers(20, 400)), min_size=2, max_size=25
).map(lambda xs: [(min(a, b), b) for a, b in xs])


@given(counts)
@settings(max_examples=80, deadline=None)
def test_flipping_polarity_swaps_green_and_red(pairs):
    obs = helpers.make_obs("x", "2023", nums=[a for a, _ in pairs], dens=[b for _, b in pairs])
    up = rate(helpers.make_indicator(polarity=Polarity.HIGHER_IS_BETTER), obs)["rating"]
    down = rate(helpers.make_indicator(polarity=Polarity.LOWER_IS_BETTER), obs)["rating"]
    assert down.tolist() == up.replace({"green": "red", "red": "green"}).tolist()


@given(counts, st.randoms(use_true_random=False))
@settings(max_examples=60, deadline=None)
def test_permuting_areas_permutes_results(pairs, rnd):
    ids = [f"{i:03d}" for i in range(len(pairs))]
    obs = helpers.make_obs(
        "x", "2023", nums=[a for a, _ in pairs], dens=[b for _, b in pairs], ids=ids
    )
    order = list(range(len(pairs)))
    rnd.shuffle(order)
    a = rate(helpers.make_indicator(), obs).set_index("area_id")
    b = rate(helpers.make_indicator(), obs.iloc[order].reset_index(drop=True)).set_index("area_id")
    pd.testing.assert_frame_equal(a, b.loc[a.index])


_RANK = {"red": 0, "yellow": 1, "green": 2}


@given(
    st.lists(st.floats(1, 1000), min_size=2, max_size=20),
    st.integers(0, 19),
    st.floats(0, 500),
    st.sampled_from(["band", "quantiles", "thresholds"]),
)
@settings(max_examples=100, deadline=None)
def test_raising_a_higher_is_better_value_never_worsens_it(values, idx, delta, method):
    idx %= len(values)
    ind = helpers.make_indicator(
        polarity=Polarity.HIGHER_IS_BETTER,
        kind=Kind.INDEX,
        multiplier=1,
        method=method,
        thresholds=(300.0, 600.0),
    )
    ids = [f"{i:03d}" for i in range(len(values))]
    before = rate(ind, helpers.make_obs("x", "2023", values=values, ids=ids))["rating"].iloc[idx]
    raised = list(values)
    raised[idx] += delta
    after = rate(ind, helpers.make_obs("x", "2023", values=raised, ids=ids))["rating"].iloc[idx]
    assert _RANK[after] >= _RANK[before]


@given(counts, st.integers(0, 24), st.integers(0, 50))
@settings(max_examples=80, deadline=None)
def test_raising_a_numerator_never_worsens_benchmark_rating(pairs, idx, delta):
    idx %= len(pairs)
    ind = helpers.make_indicator(polarity=Polarity.HIGHER_IS_BETTER)
    ids = [f"{i:03d}" for i in range(len(pairs))]
    nums = [a for a, _ in pairs]
    dens = [b for _, b in pairs]
    off = Policy(small_numerator=0)  # small numerators are grey, whatever their direction
    obs = helpers.make_obs("x", "2023", nums=nums, dens=dens, ids=ids)
    before = rate(ind, obs, policy=off)["rating"].iloc[idx]
    nums[idx] = min(nums[idx] + delta, dens[idx])
    obs = helpers.make_obs("x", "2023", nums=nums, dens=dens, ids=ids)
    after = rate(ind, obs, policy=off)["rating"].iloc[idx]
    assert _RANK[after] >= _RANK[before]


def test_all_periods_and_methods_in_one_pass_equal_one_period_at_a_time():
    from bildungsampel.service.dataset import load_dataset
    from indicators import methods
    from indicators.classify import classify_all_periods, classify_methods

    data = load_dataset()
    obs = data.obs("stadtteil")
    bulk = classify_methods(obs, data.catalog, [*methods.names(), None])
    assert bulk[None].equals(classify_all_periods(obs, data.catalog))
    for method, frame in bulk.items():
        assert len(frame) == len(obs)
        for (ind_id, period), rows in frame.groupby(["indicator", "period"], observed=True):
            part = obs[obs["indicator"] == ind_id]
            single = classify_indicator(part, data.catalog[ind_id], period, method=method)
            got = rows.reset_index(drop=True).astype(object)
            pd.testing.assert_frame_equal(got, single.astype(object), check_dtype=False)


def test_results_use_categorical_labels_in_catalogue_and_time_order():
    ind_a, ind_b = helpers.make_indicator("b_first"), helpers.make_indicator("a_second")
    obs = pd.concat(
        [
            helpers.make_obs("b_first", "2024", nums=[1, 2], dens=[10, 10]),
            helpers.make_obs("a_second", "2023", nums=[1, 2], dens=[10, 10]),
            helpers.make_obs("a_second", "2022/23", nums=[1, 2], dens=[10, 10]),
        ]
    )
    catalog = Catalog([ind_a, ind_b])
    from indicators.classify import classify_all_periods

    res = classify_all_periods(complete_values(obs, catalog), catalog)
    assert isinstance(res["rating"].dtype, pd.CategoricalDtype)
    assert list(res["rating"].cat.categories) == ["green", "yellow", "red", "grey", "neutral"]
    assert list(res["indicator"].cat.categories) == ["b_first", "a_second"]
    assert list(res["period"].cat.categories) == ["2022/23", "2023", "2024"]
    assert res["area_id"].tolist() == ["01", "02"] * 3
    assert res["period"].astype(str).tolist() == [
        "2024",
        "2024",
        "2022/23",
        "2022/23",
        "2023",
        "2023",
    ]
