import numpy as np
import pandas as pd
import pytest

from bildungsampel.service import dataset
from indicators import aggregate, profile
from indicators.errors import BildungsampelError


@pytest.fixture(scope="module")
def data():
    return dataset.load_dataset()


@pytest.fixture(scope="module")
def rated(data):
    return dataset.rate(data, year="2023")


def test_domain_counts(data, rated):
    counts = profile.domain_counts(rated, data.catalog)
    assert counts.index.tolist() == [
        "Formale Bildung",
        "Entwicklungskompetenzen",
        "Demografie",
        "Migration",
        "Sozioökonomische Lage",
    ]
    assert counts.columns.tolist() == ["green", "yellow", "red", "grey", "neutral"]
    assert counts.loc["Demografie"].tolist() == [0, 0, 0, 0, 54]
    assert int(counts.to_numpy().sum()) == 18 * 17
    # numerators below 5 (Heßler, Scholven, Resser Mark leaving without a qualification) and
    # the kita gap of Schalke-Nord
    assert counts.loc["Formale Bildung", "grey"] == 4


def test_watch_list_is_red_and_worsening(rated):
    watch = profile.watch_list(rated)
    assert set(watch["rating"]) == {"red"}
    assert set(watch["trend"]) == {"worsening"}
    expected = rated[(rated["rating"] == "red") & (rated["trend"] == "worsening")]
    assert len(watch) == len(expected) > 0


def test_watch_list_orders_by_number_of_hits():
    frame = pd.DataFrame(
        {
            "area_id": ["a", "b", "b", "c"],
            "indicator": ["x", "x", "y", "x"],
            "rating": ["red", "red", "red", "green"],
            "trend": ["worsening"] * 4,
        }
    )
    assert profile.watch_list(frame)["area_id"].tolist() == ["b", "b", "a"]


def test_spine_positions_oriented(data, rated):
    placed = profile.spine_positions(rated, data.catalog)
    over = placed[placed["indicator"] == "uebergewicht"]  # lower is better
    best = over.loc[over["value"].idxmin()]
    worst = over.loc[over["value"].idxmax()]
    assert best["pos"] == 1.0
    assert worst["pos"] == 0.0
    assert best["range_high"] == best["value"]
    gym = placed[placed["indicator"] == "gymnasium"]
    assert gym.loc[gym["value"].idxmax(), "pos"] == 1.0
    assert 0 < gym["city_pos"].iloc[0] < 1
    assert placed["pos"].dropna().between(0, 1).all()


def test_spine_all_equal_and_missing():
    from indicators.catalog import Catalog
    from tests import helpers

    cat = Catalog([helpers.make_indicator("x")])
    frame = pd.DataFrame(
        {
            "area_id": ["a", "b", "c"],
            "indicator": "x",
            "value": [5.0, 5.0, np.nan],
            "city_value": 5.0,
        }
    )
    placed = profile.spine_positions(frame, cat)
    assert placed["pos"].tolist()[:2] == [0.5, 0.5]
    assert np.isnan(placed["pos"].iloc[2])


def test_area_profile(data, rated):
    rows = profile.area_profile(rated, data.catalog, "13")
    assert rows["indicator"].tolist() == list(data.catalog)
    assert set(rows["area_name"]) == {"Schalke-Nord"}
    with pytest.raises(BildungsampelError, match="area '99' has no ratings"):
        profile.area_profile(rated, data.catalog, "99")


def test_area_profile_places_the_area_among_all_areas():
    from indicators.catalog import Catalog
    from tests import helpers

    # lower is better: 10 is the best of 10, 20, 30 (1.0), 20 the middle (0.5); city 25 → 0.25
    cat = Catalog([helpers.make_indicator("x")])
    every = pd.DataFrame(
        {
            "area_id": ["a", "b", "c"],
            "indicator": pd.Categorical(["x"] * 3),
            "value": [10.0, 20.0, 30.0],
            "city_value": 25.0,
            "rating": "green",
        }
    )
    shown = every[every["area_id"] == "b"].assign(reason="ähnlich")  # a page explains one area
    rows = profile.area_profile(shown, cat, "b", among=every)
    assert rows[["pos", "city_pos", "range_low", "range_high"]].iloc[0].tolist() == [
        0.5,
        0.25,
        30.0,
        10.0,
    ]
    assert rows["reason"].tolist() == ["ähnlich"]
    # without ``among`` the one area is all there is: the middle of nothing
    assert profile.area_profile(shown, cat, "b")["pos"].tolist() == [0.5]
    with pytest.raises(BildungsampelError, match="area 'a' has no ratings"):
        profile.area_profile(shown, cat, "a", among=every)


def test_history(data):
    hist = profile.history(data.observations, "41")
    assert len(hist["gymnasium"]) == 8
    assert hist["gymnasium"][-1] == pytest.approx(
        data.observations.query(
            "area_id == '41' and indicator == 'gymnasium' and period == '2022/23'"
        )["value"].iloc[0]
    )
    assert len(profile.history(data.observations, "41", up_to="2020")["einwohner"]) == 5


def test_comparison_limits_and_difference(rated):
    rows = profile.comparison(rated, ["41", "13"])
    assert rows["area_id"].iloc[:2].tolist() == ["41", "13"]
    shares = rows["city_value_kind"] != "sum"
    assert rows.loc[shares, "diff"].to_numpy() == pytest.approx(
        (rows["value"] - rows["city_value"])[shares].to_numpy(), nan_ok=True
    )
    # inhabitants: the city value is the city's sum, a distance to it means nothing
    assert rows.loc[~shares, "diff"].isna().all()
    assert (rows.loc[~shares, "indicator"] == "einwohner").all()
    with pytest.raises(BildungsampelError, match="compare 2 to 5 areas, got 1"):
        profile.comparison(rated, ["41"])
    with pytest.raises(BildungsampelError, match="got 6"):
        profile.comparison(rated, ["11", "12", "13", "14", "15", "16"])


def test_series_with_city(data):
    city = aggregate.city_totals(data.observations, data.catalog)
    out = profile.series(data.observations, city, "sprache", ["41"])
    assert out["area_id"].value_counts().to_dict() == {"41": 8, "city": 8}
    assert out["period"].iloc[0] == "2015/16"
    city_2023 = out[(out["area_id"] == "city") & (out["period"] == "2022/23")]["value"].iloc[0]
    assert city_2023 == pytest.approx(43, abs=3)


@pytest.fixture(scope="module")
def one_indicator(data):
    """Ratings of one indicator, as classify gives them (categorical labels, one category)."""
    from indicators import classify

    return classify.classify(data.obs(), data.catalog, indicators=["uebergewicht"])


def test_spine_positions_of_a_single_indicator(data, one_indicator):
    # regression: Series.map on a one-category categorical returns a categorical, and
    # ``~`` on it raised "bad operand type for unary ~: 'Categorical'" (profile page)
    assert isinstance(one_indicator["indicator"].dtype, pd.CategoricalDtype)
    placed = profile.spine_positions(one_indicator, data.catalog)
    best = placed.loc[placed["value"].idxmin()]  # lower is better: the lowest value is best
    assert best["pos"] == 1.0
    assert best["range_high"] == placed["value"].min()
    assert placed["range_low"].iloc[0] == placed["value"].max()


def test_domain_counts_of_a_single_indicator_and_of_nothing(data, one_indicator):
    counts = profile.domain_counts(one_indicator, data.catalog)
    assert counts.index.tolist() == ["Entwicklungskompetenzen"]
    assert int(counts.to_numpy().sum()) == 18
    empty = profile.domain_counts(one_indicator.iloc[0:0], data.catalog)
    assert empty.shape == (0, 5)


def test_area_profile_of_an_area_without_rows(data, one_indicator):
    with pytest.raises(BildungsampelError, match="area '99' has no ratings; choose one of 11"):
        profile.area_profile(one_indicator, data.catalog, "99")


def periods_frame(pairs, column="period"):
    return pd.DataFrame({"indicator": [i for i, _ in pairs], column: [p for _, p in pairs]})


def test_rated_periods_takes_each_indicators_latest():
    frame = periods_frame([("a", "2022"), ("a", "2023"), ("b", "2022/23"), ("b", "2022/23")])
    assert profile.rated_periods(frame) == {"a": "2023", "b": "2022/23"}
    # the pipeline's column name, and categoricals as classify gives them
    frame = periods_frame([("a", "2021"), ("b", "2020/21")], column="year").astype("category")
    assert profile.rated_periods(frame) == {"a": "2021", "b": "2020/21"}


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([], (None, {})),
        ([("a", "2023"), ("b", "2022/23")], (2023, {})),  # a school year counts as its end
        ([("a", "2023"), ("b", "2023"), ("c", "2023/24")], (2023, {"c": "2023/24"})),
        ([("a", "2022"), ("b", "2023")], (2023, {"a": "2022"})),  # a tie goes to the later year
        ([("a", "2024")], (2024, {})),
    ],
)
def test_period_summary(pairs, expected):
    assert profile.period_summary(periods_frame(pairs)) == expected


def test_period_summary_of_the_sample(rated):
    assert profile.period_summary(rated) == (2023, {})


def test_unrated_indicators_in_catalogue_order(data, one_indicator):
    missing = profile.unrated_indicators(one_indicator, data.catalog)
    assert len(missing) == 16
    assert missing[:2] == ["gymnasium", "ohne_abschluss"]
    assert "uebergewicht" not in missing
    assert profile.unrated_indicators(dataset.rate(data), data.catalog) == []
