"""Composite need indices (MSS Status-Index), ordered classes, status × dynamics."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators import classify, composite, explain, status_dynamics
from indicators.catalog import Catalog, Polarity, indicator_to_mapping
from indicators.catalog_composite import Composite
from indicators.catalog_entries import indicator_from_mapping
from indicators.catalog_schema import CatalogProblemsError
from indicators.methods import ordered

BASE = {"domain": "Sozioökonomische Lage", "unit": ""}
MSS_RULE = {
    "method": "sd_classes",
    "cuts": [-1.0, 1.0, 1.5],
    "labels_de": ["hoch", "mittel", "niedrig", "sehr niedrig"],
    "labels_en": ["high", "medium", "low", "very low"],
    "min_population": 300,
    "population": "einwohner",
}


def ind(ind_id, polarity="lower_is_better", kind="proportion", **more):
    return indicator_from_mapping(
        {"id": ind_id, "label_de": ind_id, "polarity": polarity, "kind": kind, **BASE, **more}
    )


def index(ind_id="status_index", components=("S1", "S3", "S4"), rule=None, **spec):
    return ind(
        ind_id,
        kind="composite",
        label_de="Status-Index",
        label_en="Status index",
        composite={"components": list(components), **spec},
        rule=MSS_RULE if rule is None else rule,
    )


def observations(values, period="2023"):
    """``{indicator: {area: value}}`` as completed observations (NaN: a missing value)."""
    rows = [
        {
            "area_id": area,
            "indicator": i,
            "period": period,
            "value": float(v),
            "numerator": math.nan,
            "denominator": math.nan,
            "missing_reason": "missing" if math.isnan(v) else None,
        }
        for i, by_area in values.items()
        for area, v in by_area.items()
    ]
    return pd.DataFrame(rows)


def areas(*values):
    return {f"P{n}": v for n, v in enumerate(values, start=1)}


# --------------------------------------------------------------------------- a small city by hand

# Five areas, a = 1..5 and b = 2, 2, 4, 4, 8, both lower is better, as is the index.
# a: mean 3, squares 4+1+0+1+4 = 10, sample variance 10/4 = 2.5, SD 1.58114
#    z = -1.26491, -0.63246, 0, 0.63246, 1.26491
# b: mean 4, squares 4+4+0+0+16 = 24, sample variance 6, SD 2.44949
#    z = -0.81650, -0.81650, 0, 0, 1.63299
# sum = -2.08141, -1.44896, 0, 0.63246, 2.89790 (mean 0); squares 15.22957,
#    sample variance 3.80739, SD 1.95125 → restandardised
#    -1.06670, -0.74257, 0, 0.32413, 1.48515
# cuts -1, 1, 1.5: P1 class 0 (hoch), P2-P4 class 1 (mittel), P5 1.485 < 1.5 class 2 (niedrig)
SMALL = {"a": areas(1, 2, 3, 4, 5), "b": areas(2, 2, 4, 4, 8)}
SMALL_Z = [-1.06670, -0.74257, 0.0, 0.32413, 1.48515]


def small_catalog(**spec):
    rule = {**MSS_RULE, "population": None}
    rule.pop("population")
    return Catalog([ind("a"), ind("b"), index(components=("a", "b"), rule=rule, **spec)])


def test_z_composite_of_a_small_city_by_hand():
    cat = small_catalog()
    out = composite.add_composites(observations(SMALL), cat)
    got = out[out["indicator"] == "status_index"].set_index("area_id")["value"]
    np.testing.assert_allclose(got.loc[["P1", "P2", "P3", "P4", "P5"]], SMALL_Z, atol=1e-5)
    found = composite.result(observations(SMALL), cat["status_index"], cat, "2023")
    np.testing.assert_allclose(
        found.standardised["a"], [-1.26491, -0.63246, 0, 0.63246, 1.26491], atol=1e-5
    )
    np.testing.assert_allclose(
        found.contributions.sum(axis=1), [-2.08141, -1.44896, 0, 0.63246, 2.89790], atol=1e-5
    )


def test_sd_classes_of_the_small_city():
    cat = small_catalog()
    obs = composite.add_composites(observations(SMALL), cat)
    rated = classify.classify(obs, cat, indicators=["status_index"])
    assert rated["direction"].tolist() == [-2.0, 0.0, 0.0, 0.0, 1.0]
    assert rated["grade"].astype(str).tolist() == ["best", "similar", "similar", "similar", "worse"]
    labels = [ordered.class_label(cat["status_index"], d, "de") for d in rated["direction"]]
    assert labels == ["hoch", "mittel", "mittel", "mittel", "niedrig"]


def test_without_restandardising_the_sum_is_kept():
    cat = small_catalog(restandardise=False)
    out = composite.add_composites(observations(SMALL), cat)
    got = out[out["indicator"] == "status_index"]["value"].to_numpy()
    np.testing.assert_allclose(got, [-2.08141, -1.44896, 0, 0.63246, 2.89790], atol=1e-5)


def test_weights_multiply_the_standardised_components():
    cat = small_catalog(weights=[2, 0], restandardise=False)
    out = composite.add_composites(observations(SMALL), cat)
    got = out[out["indicator"] == "status_index"]["value"].to_numpy()
    np.testing.assert_allclose(got, [-2.52982, -1.26491, 0, 1.26491, 2.52982], atol=1e-5)


# --------------------------------------------------------------------------- rank and minmax


def test_rank_composite():
    # rank: a has ranks 1..5 → (r-1)/4*100 = 0, 25, 50, 75, 100; b ties share their mean rank:
    # 1.5, 1.5, 3.5, 3.5, 5 → 12.5, 12.5, 62.5, 62.5, 100; sums 12.5, 37.5, 112.5, 137.5, 200
    cat = small_catalog(standardise="rank", restandardise=False)
    out = composite.add_composites(observations(SMALL), cat)
    got = out[out["indicator"] == "status_index"]["value"].to_numpy()
    np.testing.assert_allclose(got, [12.5, 37.5, 112.5, 137.5, 200.0])


def test_minmax_composite():
    # minmax: a (x-1)/4*100 = 0, 25, 50, 75, 100; b (x-2)/6*100 = 0, 0, 33.33, 33.33, 100
    cat = small_catalog(standardise="minmax", restandardise=False)
    out = composite.add_composites(observations(SMALL), cat)
    got = out[out["indicator"] == "status_index"]["value"].to_numpy()
    np.testing.assert_allclose(got, [0.0, 25.0, 83.33333, 108.33333, 200.0], atol=1e-4)


def test_a_higher_is_better_component_is_turned():
    # b' = -b standardised by minmax: (-b - -8)/6*100 = 100, 100, 66.67, 66.67, 0
    cat = Catalog(
        [
            ind("a"),
            ind("b", polarity="higher_is_better"),
            index(
                components=("a", "b"),
                rule={"method": "band"},
                standardise="minmax",
                restandardise=False,
            ),
        ]
    )
    out = composite.add_composites(observations(SMALL), cat)
    got = out[out["indicator"] == "status_index"]["value"].to_numpy()
    np.testing.assert_allclose(got, [100.0, 125.0, 116.66667, 141.66667, 100.0], atol=1e-4)


def test_standardise_without_spread():
    same = pd.Series([3.0, 3.0, 3.0])
    assert composite.standardise(same, "z").tolist() == [0.0, 0.0, 0.0]
    assert composite.standardise(same, "minmax").tolist() == [50.0, 50.0, 50.0]
    with pytest.raises(ValueError, match="unknown standardisation 'log'"):
        composite.standardise(same, "log")


# --------------------------------------------------------------------------- MSS-like case

# Seven rated Planungsräume P1-P7; P8 has 250 inhabitants (below 300), P9 is a declared outlier.
# S1 (lower is better) 2, 4, ..., 14: mean 8, deviations -6..6, squares 112, variance 112/6,
#    SD 4.32049, z = -1.38873, -0.92582, -0.46291, 0, 0.46291, 0.92582, 1.38873
# S4 (higher is better) 35, 30, ..., 5, turned: -35..-5, the same z as S1
# S3 (lower is better) 0, 0, 0, 0, 0, 4, 5: mean 9/7 = 1.28571, squares 29.42857, variance
#    4.90476, SD 2.21467, z = -0.58054 (five times), 1.22559, 1.67713
# sum = 2 z(S1) + z(S3) = -3.35800, -2.43218, -1.50636, -0.58054, 0.34528, 3.07722, 4.45459
#    mean 0, SD 2.86443 → -1.17232, -0.84910, -0.52588, -0.20267, 0.12054, 1.07429, 1.55514
# classes: P1 hoch, P2-P5 mittel, P6 niedrig (1.074), P7 sehr niedrig (1.555)
MSS = {
    "S1": areas(2, 4, 6, 8, 10, 12, 14, 50, 90),
    "S3": areas(0, 0, 0, 0, 0, 4, 5, 9, 9),
    "S4": areas(35, 30, 25, 20, 15, 10, 5, 1, 1),
    "einwohner": areas(*([1000] * 7), 250, 5000),
}
MSS_Z = [-1.17232, -0.84910, -0.52588, -0.20267, 0.12054, 1.07429, 1.55514]


def mss_catalog():
    return Catalog(
        [
            ind("einwohner", polarity="no_judgement", kind="count"),
            ind("S1"),
            ind("S3"),
            ind("S4", polarity="higher_is_better"),
            index(weights=[1, 1, 1], standardise="z", restandardise=True, exclude=["P9"]),
        ]
    )


def mss_rated(lang="de"):
    cat = mss_catalog()
    obs = composite.add_composites(observations(MSS), cat)
    rated = classify.classify(obs, cat, indicators=["status_index"])
    return cat, explain.add_reasons(rated, cat, langs=(lang,))


def test_mss_like_case_reproduces_the_classes():
    cat, rated = mss_rated()
    np.testing.assert_allclose(rated["value"].iloc[:7], MSS_Z, atol=1e-5)
    labels = [ordered.class_label(cat["status_index"], d, "de") for d in rated["direction"]]
    assert labels == [
        "hoch",
        "mittel",
        "mittel",
        "mittel",
        "mittel",
        "niedrig",
        "sehr niedrig",
        None,
        None,
    ]
    assert rated["grade"].astype(str).tolist()[6:] == ["worst", "not_rated", "not_rated"]


def test_mss_reasons_say_what_was_computed():
    _, rated = mss_rated()
    reasons = rated.set_index("area_id")["reason_de"]
    assert reasons["P6"] == (
        "ungünstig: Status-Index 1,07 SD über dem Mittel der 7 bewerteten Gebiete; "
        "Grenze +1,0 (bis unter +1,5) → niedrig; höher ist ungünstig"
    )
    assert reasons["P1"].startswith("günstig: Status-Index 1,17 SD unter dem Mittel")
    assert reasons["P1"].endswith("unter der Grenze −1,0 → hoch; höher ist ungünstig")
    assert reasons["P8"] == (
        "nicht bewertet: weniger als 300 Einwohnerinnen und Einwohner (einwohner)"
    )
    assert "declared outlier" in reasons["P9"]
    _, english = mss_rated("en")
    assert english.set_index("area_id")["reason_en"]["P7"] == (
        "unfavourable: Status index 1.56 SD above the mean of the 7 rated areas; "
        "limit +1.5 → very low; higher is unfavourable"
    )


def test_missing_component_is_not_rated_and_not_standardised():
    values = {**MSS, "S3": {**MSS["S3"], "P4": math.nan}}
    cat = mss_catalog()
    out = composite.add_composites(observations(values), cat)
    rows = out[out["indicator"] == "status_index"].set_index("area_id")
    assert math.isnan(rows.loc["P4", "value"])
    assert rows.loc["P4", "missing_reason"] == "composite_component"
    rated = rows["value"].dropna()
    assert len(rated) == 6
    assert rated.mean() == pytest.approx(0.0, abs=1e-12)
    assert rated.std(ddof=1) == pytest.approx(1.0)
    reason = explain.add_reasons(classify.classify(out, cat, indicators=["status_index"]), cat)
    assert reason.set_index("area_id")["reason_de"]["P4"] == (
        "nicht bewertet: mindestens eine Komponente des Index fehlt für dieses Gebiet "
        "(ein Index wird nur aus allen Komponenten berechnet)"
    )


def test_fewer_than_two_rated_areas():
    cat = small_catalog(exclude=["P1", "P2", "P3", "P4"])
    out = composite.add_composites(observations(SMALL), cat)
    rows = out[out["indicator"] == "status_index"].set_index("area_id")
    assert rows["value"].isna().all()
    assert rows.loc["P5", "missing_reason"] == "composite_too_few"


def test_delivered_values_of_a_composite_are_replaced():
    cat = small_catalog()
    delivered = {**SMALL, "status_index": areas(9, 9, 9, 9, 9)}
    out = composite.add_composites(observations(delivered), cat)
    got = out[out["indicator"] == "status_index"]["value"].to_numpy()
    np.testing.assert_allclose(got, SMALL_Z, atol=1e-5)


# --------------------------------------------------------------------------- dynamics


def test_dynamics_index_over_changes_by_hand():
    # changes 2022 → 2023: a = 1..5 - 0 = 1..5, b = (2,2,4,4,8) - (0,...) → the small city again
    cat = Catalog(
        [
            ind("a"),
            ind("b"),
            index(
                "dynamik",
                components=("a", "b"),
                rule={"method": "sd_classes", "cuts": [-1.0, 1.0]},
                change={"periods": 2},
            ),
        ]
    )
    zero = {"a": areas(0, 0, 0, 0, 0), "b": areas(0, 0, 0, 0, 0)}
    obs = pd.concat([observations(zero, "2022"), observations(SMALL, "2023")], ignore_index=True)
    out = composite.add_composites(obs, cat)
    rows = out[out["indicator"] == "dynamik"]
    assert rows["period"].unique().tolist() == ["2023"]  # the first period has no change
    np.testing.assert_allclose(rows["value"], SMALL_Z, atol=1e-5)
    rated = classify.classify(out, cat, indicators=["dynamik"])
    assert rated["grade"].astype(str).tolist() == [
        "better",
        "similar",
        "similar",
        "similar",
        "worse",
    ]


# --------------------------------------------------------------------------- status × dynamics


def test_status_dynamics_matrix_and_the_areas_of_low_status_getting_worse():
    status = index(rule=MSS_RULE)
    dynamics = index(
        "dynamik",
        rule={"method": "sd_classes", "cuts": [-1.0, 1.0], "labels_de": ["+", "0", "-"]},
    )
    rated = pd.DataFrame(
        {
            "area_id": ["A", "B", "C", "A", "B", "C", "D"],
            "indicator": ["status_index"] * 3 + ["dynamik"] * 4,
            # A sehr niedrig & negativ, B mittel & stabil, C niedrig & positiv, D dynamics only
            "direction": [2.0, 0.0, 1.0, 1.0, 0.0, -1.0, 1.0],
        }
    )
    found = status_dynamics.matrix(rated, status, dynamics)
    assert found.counts.to_dict() == {
        "+": {"hoch": 0, "mittel": 0, "niedrig": 1, "sehr niedrig": 0},
        "0": {"hoch": 0, "mittel": 1, "niedrig": 0, "sehr niedrig": 0},
        "-": {"hoch": 0, "mittel": 0, "niedrig": 0, "sehr niedrig": 1},
    }
    assert found.low_worsening == ("A",)


directions4 = st.sampled_from([-2.0, 0.0, 1.0, 2.0, math.nan])
directions3 = st.sampled_from([-1.0, 0.0, 1.0, math.nan])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(directions4, directions3), min_size=0, max_size=30))
def test_status_dynamics_counts_add_up_to_the_areas_rated_on_both(pairs):
    status = index(rule=MSS_RULE)
    dynamics = index("dynamik", rule={"method": "sd_classes", "cuts": [-1.0, 1.0]})
    ids = [f"A{i}" for i in range(len(pairs))]
    rated = pd.DataFrame(
        {
            "area_id": ids * 2,
            "indicator": ["status_index"] * len(ids) + ["dynamik"] * len(ids),
            "direction": [s for s, _ in pairs] + [d for _, d in pairs],
        }
    )
    found = status_dynamics.matrix(rated, status, dynamics)
    both = sum(1 for s, d in pairs if not math.isnan(s) and not math.isnan(d))
    assert int(found.counts.to_numpy().sum()) == both == len(found.areas)
    assert set(found.low_worsening) <= set(found.areas["area_id"])


def test_status_dynamics_needs_ordered_classes():
    with pytest.raises(ValueError, match="ordered classes"):
        status_dynamics.matrix(pd.DataFrame(), ind("x"), ind("y"))


# --------------------------------------------------------------------------- thresholds, classes


def test_thresholds_with_three_limits_give_four_grades():
    # limits 10, 20, 30: below 10 class 0, 10 up to below 20 class 1, ..., 30 and above class 3;
    # lower is better, four classes: best, similar, worse, worst
    cat = Catalog(
        [
            ind(
                "x",
                unit="%",
                rule={
                    "method": "thresholds",
                    "thresholds": [10, 20, 30],
                    "labels_de": ["gut", "mittel", "erhöht", "hoch"],
                },
            )
        ]
    )
    obs = observations({"x": areas(5, 10, 19.9, 20, 30, 45)})
    rated = explain.add_reasons(classify.classify(obs, cat), cat, langs=("de",))
    assert rated["grade"].astype(str).tolist() == [
        "best",
        "similar",
        "similar",
        "worse",
        "worst",
        "worst",
    ]
    assert rated["lower_limit"].tolist()[1:4] == [10.0, 10.0, 20.0]
    assert rated["reason_de"][3] == (
        "ungünstig: 20,0 % liegt von 20,0 % bis unter 30,0 % → erhöht; höher ist ungünstig"
    )
    assert rated["reason_de"][0].startswith("günstig: 5,0 % liegt unter der Grenze 10,0 % → gut")


def test_two_thresholds_keep_their_rule():
    cat = Catalog([ind("x", rule={"method": "thresholds", "thresholds": [10, 20]})])
    rated = classify.classify(observations({"x": areas(10, 15, 20)}), cat)
    assert rated["direction"].tolist() == [-1.0, 0.0, 1.0]


@pytest.mark.parametrize(
    ("n", "polarity", "expected"),
    [
        (2, Polarity.LOWER_IS_BETTER, (-1, 1)),
        (3, Polarity.HIGHER_IS_BETTER, (-1, 0, 1)),
        (4, Polarity.LOWER_IS_BETTER, (-2, 0, 1, 2)),
        (4, Polarity.HIGHER_IS_BETTER, (-2, -1, 0, 2)),
        (5, Polarity.HIGHER_IS_BETTER, (-2, -1, 0, 1, 2)),
    ],
)
def test_class_directions(n, polarity, expected):
    assert ordered.directions(n, polarity) == expected


def test_six_classes_have_no_grades():
    with pytest.raises(ValueError, match="6 ordered classes"):
        ordered.directions(6, Polarity.LOWER_IS_BETTER)


# --------------------------------------------------------------------------- catalogue refusals


def refused(*entries):
    with pytest.raises(CatalogProblemsError) as err:
        Catalog([indicator_from_mapping(e) for e in entries])
    return err.value.text("en") + "\n" + err.value.text("de")


S = {"label_de": "S", "polarity": "lower_is_better", "kind": "proportion", **BASE}
C = {"label_de": "I", "polarity": "lower_is_better", "kind": "composite", **BASE}


def test_unknown_component_is_refused():
    text = refused({"id": "S1", **S}, {"id": "i", **C, "composite": {"components": ["S1", "S2"]}})
    assert "component 'S2' is not in the catalogue" in text
    assert "Komponente 'S2' steht nicht im Katalog" in text


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"components": ["S1"], "weights": [1, 2]}, r"2 weights for 1 components"),
        ({"components": ["S1"], "standardise": "log"}, r"unknown standardisation 'log'"),
        ({"components": ["S1", "i"]}, r"the index 'i' is one of its own components"),
        ({"components": []}, r"the index has no components"),
        ({"components": ["S1"], "change": {"periods": 1}}, r"field 'change' is"),
        ({"components": ["S1"], "weight": [1]}, r"unknown field 'weight' under 'composite'"),
        ("S1, S2", r"field 'composite' is 'S1, S2'; expected a mapping"),
    ],
)
def test_bad_composites_are_refused(spec, message):
    with pytest.raises(CatalogProblemsError, match=message):
        indicator_from_mapping({"id": "i", **C, "composite": spec})


def test_a_cycle_of_composites_is_refused():
    text = refused(
        {"id": "S1", **S},
        {"id": "a", **C, "composite": {"components": ["S1", "b"]}},
        {"id": "b", **C, "composite": {"components": ["a"]}},
    )
    assert "the components form a cycle (a → b → a)" in text
    assert "die Komponenten bilden einen Kreis (b → a → b)" in text


def test_composite_and_kind_go_together():
    with pytest.raises(CatalogProblemsError, match="kind: composite needs the field 'composite'"):
        indicator_from_mapping({"id": "i", **C})
    with pytest.raises(CatalogProblemsError, match="only works with kind: composite"):
        indicator_from_mapping({"id": "i", **S, "composite": {"components": ["x"]}})


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"method": "sd_classes"}, r"method 'sd_classes' needs 'cuts"),
        ({"method": "sd_classes", "cuts": [1, -1]}, r"field 'cuts' is \[1, -1\]"),
        ({"method": "sd_classes", "cuts": [-2, -1, 0, 1, 2]}, r"cuts gives 6 classes"),
        ({"method": "thresholds", "thresholds": [1, 2, 3, 4, 5]}, r"thresholds gives 6 classes"),
        (
            {"method": "sd_classes", "cuts": [-1, 1], "labels_de": ["a", "b"]},
            r"labels_de has 2 labels for 3 classes",
        ),
    ],
)
def test_bad_classes_are_refused(rule, message):
    with pytest.raises(CatalogProblemsError, match=message):
        indicator_from_mapping({"id": "x", **S, "rule": rule})


def test_a_composite_entry_round_trips():
    first = mss_catalog()["status_index"]
    again = indicator_from_mapping(indicator_to_mapping(first))
    assert again == first
    assert again.composite == Composite(
        components=("S1", "S3", "S4"), weights=(1.0, 1.0, 1.0), exclude=("P9",)
    )


def test_csv_style_rule_fields():
    found = indicator_from_mapping(
        {"id": "x", **S, "method": "sd_classes", "cuts": "-1|1|1,5", "labels_de": "a| b|c|d"}
    )
    assert found.rule.cuts == (-1, 1, 1.5)
    assert found.rule.labels_de == ("a", "b", "c", "d")


# ------------------------------------------------------------------- the profile's breakdown


def test_breakdown_says_why_an_area_is_sehr_niedrig():
    from indicators import profile

    cat = mss_catalog()
    obs = observations(MSS)
    parts = profile.composite_breakdown(obs, cat, "status_index", "2023", "P7")
    # P7: S1 14 → z 1.38873; S3 5 → z 1.67713; S4 5 turned to -5 → z 1.38873; weights 1
    assert parts["component"].tolist() == ["S1", "S3", "S4"]
    assert parts["value"].tolist() == [14.0, 5.0, 5.0]
    assert parts["sign"].tolist() == [1, 1, -1]
    np.testing.assert_allclose(parts["contribution"], [1.38873, 1.67713, 1.38873], atol=1e-5)
    assert profile.composite_breakdown(obs, cat, "status_index", "2023", "P9").empty
    assert profile.composite_breakdown(obs, cat, "status_index", "2019", "P7").empty


def test_a_composite_has_no_trend_of_its_own():
    cat = small_catalog()
    frames = [
        observations({"a": areas(1, 2, 3, 4, 5 + y), "b": areas(2, 2, 4, 4, 8 * y)}, str(2019 + y))
        for y in range(5)
    ]
    obs = composite.add_composites(pd.concat(frames, ignore_index=True), cat)
    rated = explain.add_reasons(
        classify.classify(obs, cat, indicators=["status_index"]), cat, langs=("de",)
    )
    assert rated["trend"].astype(str).unique().tolist() == ["none"]
    assert rated["trend_reason_de"].unique().tolist() == [""]


def test_a_composite_of_composites_is_computed_after_its_parts():
    # outer = z(z(index) + z(a)); index is SMALL_Z (mean 0, SD 1), z(a) from the comment above
    inner = small_catalog()
    outer = index("outer", components=("status_index", "a"), rule={"method": "band"})
    cat = Catalog([outer, *inner.values()])
    out = composite.add_composites(observations(SMALL), cat)
    got = out[out["indicator"] == "outer"]["value"].to_numpy()
    total = np.array(SMALL_Z) + np.array([-1.26491, -0.63246, 0, 0.63246, 1.26491])
    np.testing.assert_allclose(got, (total - total.mean()) / total.std(ddof=1), atol=1e-4)


values = st.lists(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=3, max_size=12
)


@settings(max_examples=50, deadline=None)
@given(values, values)
def test_a_restandardised_composite_has_mean_0_and_sd_1(a, b):
    n = min(len(a), len(b))
    a, b = a[:n], b[:n]
    cat = small_catalog()
    found = composite.result(
        observations({"a": areas(*a), "b": areas(*b)}), cat["status_index"], cat, "2023"
    )
    rated = found.value.dropna()
    if len(rated) and np.ptp(rated) > 0:
        assert rated.mean() == pytest.approx(0.0, abs=1e-9)
        assert rated.std(ddof=1) == pytest.approx(1.0)
    assert found.reason.isna().sum() == len(rated)


def test_status_and_dynamics_defaults_come_from_the_catalogue():
    from indicators.catalog import Catalog

    dyn = index("dynamik", change={"periods": 2}, rule={"method": "sd_classes", "cuts": [-1, 1]})
    pop = ind("einwohner", polarity="no_judgement", kind="count")
    catalog = Catalog([ind("S1"), ind("S3"), ind("S4"), pop, dyn, index()])
    # the dynamics index is listed first, yet the status index is the default status
    assert status_dynamics.candidates(catalog) == (
        ["dynamik", "status_index"],
        ["status_index", "dynamik"],
    )
    alone = Catalog([ind("S1"), ind("S3"), ind("S4"), pop, index()])
    assert status_dynamics.candidates(alone) == ([], [])
