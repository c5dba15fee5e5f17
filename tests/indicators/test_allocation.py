"""Needs-based allocation: exact sums, floors and caps, rounding, even split, messages."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators import allocation as al
from indicators import allocation_input as al_input
from indicators.errors import BildungsampelError

NEED = al.Quantity("sgb2_u15", "2023", {"de": "SGB II u15", "en": "SGB II under 15"})
POP = al.Quantity("einwohner", "2023", {"de": "Einwohner", "en": "Inhabitants"})


def frame(need, population=None, grade=None):
    out = pd.DataFrame({"area_id": [f"a{i}" for i in range(len(need))], "need": need})
    if population is not None:
        out["population"] = population
    if grade is not None:
        out["grade"] = grade
    return out


def test_hand_checked_example_with_cap():
    # weights 10×100, 20×100, 30×200 = 1000, 2000, 6000 of 9000; 1000 € = 100000 ct
    # unlimited: 11111.1, 22222.2, 66666.7; cap 600 € → c fixed at 60000,
    # 40000 left by 1000:2000 → 13333.33, 26666.67 → rounded 13333, 26667
    rule = al.Rule(100_000, NEED, POP, floor=10_000, cap=60_000)
    result = al.allocate(frame([10, 20, 30], [100, 100, 200]), rule)
    assert result.frame["allocation"].tolist() == [13_333, 26_667, 60_000]
    # even split by population 100:100:200
    assert result.frame["even"].tolist() == [25_000, 25_000, 50_000]
    assert result.frame["difference"].tolist() == [-11_667, 1_667, 10_000]
    assert result.frame["per_capita"].round(2).tolist() == [133.33, 266.67, 300.0]
    assert list(result.frame.columns) == list(al.COLUMNS)


def test_floor_lifts_small_areas_and_the_rest_is_shared_by_need():
    # need 1, 1, 8 over 100 posts, floor 20: 10, 10, 80 → a, b at 20, c gets 60
    rule = al.Rule(100, NEED, unit="post", floor=20)
    result = al.allocate(frame([1.0, 1.0, 8.0]), rule)
    assert result.frame["allocation"].tolist() == [20, 20, 60]
    assert result.frame["even"].tolist() == [34, 33, 33]  # 33.33 each, first gets the rest


def test_largest_remainder_by_hand():
    # 7 posts by 1:1:1 → 2.33 each, one left over, to the first
    assert al.largest_remainder(np.array([7 / 3] * 3), 7).tolist() == [3, 2, 2]
    # 10 by 1.5, 2.5, 6.0: rounded down 1 + 2 + 6 = 9, one left; remainders tie → the first
    assert al.largest_remainder(np.array([1.5, 2.5, 6.0]), 10).tolist() == [2, 2, 6]
    # 10 by 1.4, 2.6, 6.0: the larger remainder (.6) wins
    assert al.largest_remainder(np.array([1.4, 2.6, 6.0]), 10).tolist() == [1, 3, 6]
    # floating noise: 3.9999999999 is 4, not 3 with the biggest remainder
    assert al.largest_remainder(np.array([3.9999999999, 6.0000000001]), 10).tolist() == [4, 6]


def test_areas_without_need_are_excluded_and_listed():
    rule = al.Rule(1000, NEED, POP, unit="post")
    areas = frame([1.0, np.nan, 1.0, 2.0], [10, 10, np.nan, 10])
    result = al.allocate(areas, rule, names={"a1": "Altstadt"})
    assert result.frame["area_id"].tolist() == ["a0", "a3"]
    assert result.frame["allocation"].tolist() == [333, 667]
    assert result.excluded == (
        ("Altstadt", "allocation.reason.no_need"),
        ("a2", "allocation.reason.no_population"),
    )
    assert result.description.text("de").endswith(
        "Nicht berücksichtigt (2): Altstadt (kein Bedarfswert), a2 (keine Zielbevölkerung)."
    )


def test_class_weights_like_a_staffing_rule():
    weights = {"best": 0.0, "better": 0.5, "similar": 1.0, "worse": 1.5, "worst": 2.0}
    rule = al.Rule(12, NEED, POP, unit="post", weights=weights)
    grades = ["best", "similar", "worst", "not_rated"]
    result = al.allocate(frame([1, 2, 3, 4], [100, 100, 100, 100], grades), rule)
    # weights 0, 100, 200 → 0, 4, 8 posts; the not-rated area is left out
    assert result.frame["allocation"].tolist() == [0, 4, 8]
    assert result.excluded == (("a3", "allocation.reason.no_class"),)
    text = result.description.text("en")
    assert "by class weights of the rating of SGB II under 15 (2023) (best 0, better 0.5" in text


def test_rule_text_in_both_languages():
    rule = al.Rule(123_456_78, NEED, POP, floor=100_000, cap=5_000_000)
    result = al.allocate(frame([1.0, 2.0, 3.0], [1000, 1000, 1000]), rule)
    assert result.description.text("de") == (
        "123.456,78 € auf 3 Gebiete verteilt, im Verhältnis zum Bedarf SGB II u15 (2023) "
        "× Zielbevölkerung Einwohner (2023). Mindestens 1.000,00 € je Gebiet. Höchstens "
        "50.000,00 € je Gebiet. Auf Cent gerundet nach dem größten Rest (Hare–Niemeyer); die "
        "Summe ist genau das Budget. Vergleich: Gießkanne (gleicher Betrag je Kopf der "
        "Zielbevölkerung, ohne sie je Gebiet) mit denselben Grenzen."
    )
    assert result.description.text("en").startswith(
        "€123,456.78 split over 3 areas, in proportion to the need SGB II under 15 (2023) "
        "× target population Inhabitants (2023). At least €1,000.00 per area."
    )


def test_equal_need_gives_the_even_split():
    rule = al.Rule(1_000_001, NEED, POP, floor=1000, cap=400_000)
    result = al.allocate(frame([5.0] * 4, [120, 80, 300, 7]), rule)
    assert result.frame["allocation"].tolist() == result.frame["even"].tolist()
    assert (result.frame["difference"] == 0).all()


@pytest.mark.parametrize(
    ("rule", "match"),
    [
        (
            al.Rule(100, NEED, unit="post", floor=40),
            r"floor 40 posts × 3 areas = 120 posts exceeds",
        ),
        (
            al.Rule(100, NEED, unit="post", cap=30),
            r"cap 30 posts × 3 areas with need .* = 90 posts",
        ),
        (al.Rule(100, NEED, floor=50, cap=10), r"floor €0.50 is above the cap €0.10"),
        (al.Rule(-1, NEED), r"budget €-0.01 is negative"),
        (al.Rule(10, NEED, weights={"great": 1.0}), r"unknown class\(es\) great; known: best"),
    ],
)
def test_impossible_rules_are_refused(rule, match):
    with pytest.raises(BildungsampelError, match=match):
        al.allocate(frame([1.0, 2.0, 3.0]), rule)


def test_floor_message_in_german():
    rule = al.Rule(100_000, NEED, floor=40_000)
    with pytest.raises(BildungsampelError) as caught:
        al.allocate(frame([1.0, 2.0, 3.0]), rule)
    assert caught.value.text("de") == (
        "Mindestbetrag 400,00 € × 3 Gebiete = 1.200,00 € übersteigt das Budget 1.000,00 €; "
        "bitte den Mindestbetrag senken oder das Budget erhöhen"
    )


def test_no_values_and_no_need_and_negative_need():
    with pytest.raises(BildungsampelError, match="no area has a value for the need"):
        al.allocate(frame([np.nan, np.nan]), al.Rule(10, NEED))
    with pytest.raises(BildungsampelError, match="the need is 0 in every area"):
        al.allocate(frame([0.0, 0.0]), al.Rule(10, NEED))
    with pytest.raises(BildungsampelError, match=r"negative need values in area\(s\) a1"):
        al.allocate(frame([1.0, -2.0]), al.Rule(10, NEED))


def test_caps_count_only_areas_with_need():
    # a0 has need 0: it keeps the floor 0, so two caps of 4 cannot reach 10
    with pytest.raises(BildungsampelError, match=r"cap 4 posts × 2 areas with need"):
        al.allocate(frame([0.0, 1.0, 1.0]), al.Rule(10, NEED, unit="post", cap=4))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("best=0,better=0.5,worst=2", {"best": 0.0, "better": 0.5, "worst": 2.0}),
        ("best=0; worse=1,5", {"best": 0.0, "worse": 1.5}),
    ],
)
def test_parse_weights(text, expected):
    assert al_input.parse_weights(text) == expected


@pytest.mark.parametrize("text", ["", "best", "best=x", "=1"])
def test_parse_weights_refuses_bad_syntax(text):
    with pytest.raises(BildungsampelError, match="expected CLASS=NUMBER"):
        al_input.parse_weights(text)


needs = st.lists(
    st.one_of(st.floats(0, 1e4, allow_nan=False), st.just(0.0)), min_size=1, max_size=40
)


@settings(max_examples=150, deadline=None)
@given(
    need=needs,
    budget=st.integers(0, 10**9),
    floor_share=st.floats(0, 1),
    cap_share=st.one_of(st.none(), st.floats(0, 1)),
    unit=st.sampled_from(["cent", "post"]),
)
def test_sums_exactly_and_respects_floor_and_cap(need, budget, floor_share, cap_share, unit):
    n = len(need)
    positive = sum(v > 0 for v in need)
    floor = int(floor_share * budget / n)
    cap = None
    if cap_share is not None and positive:
        cap = int(np.ceil((budget - floor * (n - positive)) / positive)) + int(cap_share * budget)
    rule = al.Rule(budget, NEED, unit=unit, floor=floor, cap=cap)
    if positive == 0 and floor * n < budget:
        with pytest.raises(BildungsampelError, match="the need is 0 in every area"):
            al.allocate(frame(need), rule)
        return
    result = al.allocate(frame(need), rule)
    given_ = result.frame["allocation"].to_numpy()
    assert given_.dtype.kind == "i"
    assert int(given_.sum()) == budget
    assert int(result.frame["even"].sum()) == budget
    assert (given_ >= floor).all()
    if cap is not None:
        assert (given_ <= cap).all()
    # monotone in need: more need never gets less (beyond one unit of rounding)
    order = np.argsort(np.asarray(need), kind="stable")
    assert (np.diff(given_[order]) >= -1).all()


@settings(max_examples=100, deadline=None)
@given(
    need=st.lists(st.floats(0.01, 1e3), min_size=2, max_size=30),
    budget=st.integers(1, 10**7),
    floor_share=st.floats(0, 0.9),
    cap_share=st.floats(1.05, 5),
)
def test_water_filling_is_one_level_clipped(need, budget, floor_share, cap_share):
    w = np.asarray(need)
    floor = floor_share * budget / len(w)
    cap = cap_share * budget / len(w)
    share = al.water_fill(w, budget, floor=floor, cap=cap)
    assert share.sum() == pytest.approx(budget, rel=1e-9)
    free = (share > floor * (1 + 1e-9)) & (share < cap * (1 - 1e-9))
    if free.any():
        level = share[free] / w[free]
        assert level == pytest.approx(np.full(free.sum(), level[0]), rel=1e-7)
        at_floor, at_cap = ~free & (share <= floor * (1 + 1e-9)), ~free & ~(share <= floor)
        # λ × weight would be at most the floor / at least the cap where a limit holds
        assert (level[0] * w[at_floor] <= floor * (1 + 1e-7)).all()
        assert (level[0] * w[at_cap] >= cap * (1 - 1e-7)).all()


@settings(max_examples=60, deadline=None)
@given(
    need=st.lists(st.floats(0.1, 100), min_size=2, max_size=20),
    factor=st.floats(1.01, 10),
    budget=st.integers(100, 10**6),
)
def test_more_need_never_means_less(need, factor, budget):
    before = al.allocate(frame(need), al.Rule(budget, NEED, unit="post"))
    raised = [need[0] * factor, *need[1:]]
    after = al.allocate(frame(raised), al.Rule(budget, NEED, unit="post"))
    assert after.frame["allocation"].iloc[0] >= before.frame["allocation"].iloc[0]


def test_a_favourable_indicator_is_no_need_in_proportion_but_may_give_classes():
    from indicators.catalog import Catalog, Polarity
    from tests import helpers

    catalog = Catalog([helpers.make_indicator("abi", polarity=Polarity.HIGHER_IS_BETTER)])
    rated = pd.DataFrame(
        {"area_id": ["1", "2"], "indicator": ["abi", "abi"], "period": ["2023", "2023"],
         "value": [20.0, 40.0], "grade": ["worse", "better"]}
    )  # fmt: skip
    with pytest.raises(BildungsampelError, match="'abi' cannot be the need in proportion"):
        al_input.areas_from_ratings(rated, catalog, need="abi")
    areas, _need, _pop = al_input.areas_from_ratings(rated, catalog, need="abi", by_classes=True)
    assert areas["grade"].tolist() == ["worse", "better"]
