import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.aggregate import aggregate, city_totals
from indicators.catalog import Catalog, Kind, Polarity
from indicators.classify import classify
from indicators.errors import BildungsampelError
from indicators.heatmap import heatmap_matrix, not_rated
from indicators.observations import complete_values
from tests import helpers

PARENTS = {"01": "A", "02": "A", "03": "B"}


def test_aggregate_uses_counts_not_mean_of_rates():
    ind = helpers.make_indicator("p")
    cnt = helpers.make_indicator("c", kind=Kind.COUNT, multiplier=1, polarity=Polarity.NO_JUDGEMENT)
    idx = helpers.make_indicator("i", kind=Kind.INDEX, multiplier=1)
    cat = Catalog([ind, cnt, idx])
    obs = complete_values(
        pd.concat(
            [
                helpers.make_obs("p", "2023", nums=[1, 30, 5], dens=[10, 100, 50]),
                helpers.make_obs("c", "2023", values=[100.0, 200.0, np.nan]),
                helpers.make_obs("i", "2023", values=[3.0, 4.0, 5.0]),
            ],
            ignore_index=True,
        ),
        cat,
    )
    out = aggregate(obs, PARENTS, cat).set_index(["area_id", "indicator"])
    assert out.loc[("A", "p"), "value"] == pytest.approx(31 / 110 * 100)
    assert out.loc[("A", "p"), "denominator"] == 110
    assert out.loc[("A", "c"), "value"] == 300
    assert np.isnan(out.loc[("B", "c"), "value"])
    assert out.loc[("B", "c"), "missing_reason"] == "incomplete"
    assert out.loc[("A", "i"), "missing_reason"] == "not_aggregable"


@given(st.lists(st.tuples(st.integers(0, 500), st.integers(1, 500)), min_size=3, max_size=30))
@settings(max_examples=60, deadline=None)
def test_aggregating_twice_equals_direct_city_value(pairs):
    pairs = [(min(a, b), b) for a, b in pairs]
    ind = helpers.make_indicator("p")
    cat = Catalog([ind])
    ids = [f"{i:03d}" for i in range(len(pairs))]
    obs = complete_values(
        helpers.make_obs(
            "p", "2023", nums=[a for a, _ in pairs], dens=[b for _, b in pairs], ids=ids
        ),
        cat,
    )
    parents = {i: f"P{n % 4}" for n, i in enumerate(ids)}
    via_parents = city_totals(aggregate(obs, parents, cat), cat)["value"].iloc[0]
    direct = sum(a for a, _ in pairs) / sum(b for _, b in pairs) * 100
    assert via_parents == pytest.approx(direct)
    assert classify(obs, cat)["city_value"].iloc[0] == pytest.approx(direct)


def _heat_obs():
    up = helpers.make_indicator(
        "up", polarity=Polarity.HIGHER_IS_BETTER, kind=Kind.INDEX, multiplier=1
    )
    down = helpers.make_indicator(
        "down", polarity=Polarity.LOWER_IS_BETTER, kind=Kind.INDEX, multiplier=1
    )
    neutral = helpers.make_indicator(
        "n", polarity=Polarity.NO_JUDGEMENT, kind=Kind.INDEX, multiplier=1
    )
    flat = helpers.make_indicator(
        "flat", polarity=Polarity.HIGHER_IS_BETTER, kind=Kind.INDEX, multiplier=1
    )
    cat = Catalog([up, down, neutral, flat])
    obs = pd.concat(
        [
            helpers.make_obs("up", "2023", values=[10.0, 20.0, 30.0, 40.0]),
            helpers.make_obs("down", "2023", values=[1.0, 2.0, np.nan, 5.0]),
            helpers.make_obs("n", "2023", values=[7.0, 3.0, 5.0, 9.0]),
            helpers.make_obs("flat", "2023", values=[2.0, 2.0, 2.0, 2.0]),
        ],
        ignore_index=True,
    )
    return complete_values(obs, cat), cat


def test_heatmap_scaling_orientation_and_gaps():
    obs, cat = _heat_obs()
    data = heatmap_matrix(obs, cat, cluster=False)
    assert data.scaled.index.tolist() == ["01", "02", "03", "04"]
    assert data.scaled["up"].tolist() == pytest.approx([0, 1 / 3, 2 / 3, 1])
    assert data.scaled["down"].tolist()[:2] == pytest.approx([1, 0.75])
    assert np.isnan(data.scaled.loc["03", "down"])
    assert data.imputed.loc["03", "down"]
    assert int(data.imputed.to_numpy().sum()) == 1
    assert data.scaled["flat"].tolist() == [0.5] * 4
    assert data.unoriented == ["n"]
    assert data.scaled["n"].tolist() == pytest.approx([2 / 3, 0, 1 / 3, 1])
    assert data.raw.loc["03", "up"] == 30


def test_heatmap_clustering_orders_and_dendrograms():
    obs, cat = _heat_obs()
    data = heatmap_matrix(obs, cat, method="ward")
    assert sorted(data.scaled.index) == ["01", "02", "03", "04"]
    assert data.row_linkage.shape == (3, 4)
    assert data.col_linkage.shape == (3, 4)
    assert len(data.row_dendrogram["leaves"]) == 4
    # neighbours in the ordering are the two most similar areas (01 and 02 or 03 and 04)
    order = data.scaled.index.tolist()
    assert abs(order.index("01") - order.index("02")) == 1


def test_heatmap_single_area_and_too_many_rows(monkeypatch):
    obs, cat = _heat_obs()
    one = heatmap_matrix(obs[obs["area_id"] == "01"], cat)
    assert one.row_linkage is None
    assert one.scaled.shape == (1, 4)
    assert one.scaled.iloc[0].tolist() == [0.5] * 4  # a single area is its own min and max
    import indicators.heatmap as hm

    monkeypatch.setattr(hm, "MAX_CLUSTER_ROWS", 3)
    with pytest.raises(BildungsampelError, match="clustering 4 areas is not meaningful"):
        hm.heatmap_matrix(obs, cat)


def _one(values, polarity=Polarity.HIGHER_IS_BETTER):
    """Indicator "v" with ``values`` and a complete filler "w" (so that no row is empty)."""
    v = helpers.make_indicator("v", polarity=polarity, kind=Kind.INDEX, multiplier=1)
    w = helpers.make_indicator(
        "w", polarity=Polarity.HIGHER_IS_BETTER, kind=Kind.INDEX, multiplier=1
    )
    cat = Catalog([v, w])
    obs = pd.concat(
        [
            helpers.make_obs("v", "2023", values=list(values)),
            helpers.make_obs("w", "2023", values=[float(i) for i in range(len(values))]),
        ],
        ignore_index=True,
    )
    return complete_values(obs, cat), cat


@pytest.mark.parametrize(
    "exclude",
    [
        pd.DataFrame({"area_id": ["03"], "indicator": ["v"]}),
        pd.DataFrame({"v": [False, False, True]}, index=["01", "02", "03"]),
    ],
    ids=["pairs", "wide"],
)
def test_excluded_cell_is_empty_and_does_not_set_the_range(exclude):
    obs, cat = _one([10.0, 20.0, 30.0])
    data = heatmap_matrix(obs, cat, cluster=False, exclude=exclude)
    assert data.scaled.loc["01", "v"] == 0.0
    assert data.scaled.loc["02", "v"] == 1.0  # 20 is the highest rated value
    assert np.isnan(data.scaled.loc["03", "v"])
    assert data.raw.loc["03", "v"] == 30.0  # the value is kept, only not rated
    assert data.excluded["v"].tolist() == [False, False, True]
    assert data.imputed["v"].tolist() == [False, False, True]


def test_excluded_cells_are_not_used_for_the_clustering_fill(monkeypatch):
    import indicators.heatmap as hm

    up = helpers.make_indicator(
        "up", polarity=Polarity.HIGHER_IS_BETTER, kind=Kind.INDEX, multiplier=1
    )
    other = helpers.make_indicator(
        "o", polarity=Polarity.HIGHER_IS_BETTER, kind=Kind.INDEX, multiplier=1
    )
    cat = Catalog([up, other])
    obs = complete_values(
        pd.concat(
            [
                helpers.make_obs("up", "2023", values=[0.0, 10.0, 20.0, 1000.0]),
                helpers.make_obs("o", "2023", values=[1.0, 2.0, 3.0, 4.0]),
            ],
            ignore_index=True,
        ),
        cat,
    )
    seen = []
    real = hm._cluster
    monkeypatch.setattr(hm, "_cluster", lambda m, method: seen.append(m.copy()) or real(m, method))
    hm.heatmap_matrix(obs, cat, exclude=pd.DataFrame({"area_id": ["04"], "indicator": ["up"]}))
    rows = seen[0]  # areas × indicators as given to the row clustering
    # rated "up" cells scale to 0, 0.5, 1; the excluded one is filled with their mean
    assert rows[:, 0].tolist() == pytest.approx([0.0, 0.5, 1.0, 0.5])


def test_column_without_rated_value_is_dropped():
    obs, cat = _one([10.0, 20.0])
    obs = obs[obs["indicator"] == "v"]
    exclude = pd.DataFrame({"area_id": ["01", "02"], "indicator": ["v", "v"]})
    with pytest.raises(BildungsampelError, match="no rated values for year '2023'"):
        heatmap_matrix(obs, cat, year="2023", exclude=exclude)
    obs2, cat2 = _heat_obs()
    data = heatmap_matrix(
        obs2, cat2, cluster=False, exclude=pd.DataFrame({"area_id": ["01"], "indicator": ["n"]})
    )
    assert np.isnan(data.scaled.loc["01", "n"])
    everything = pd.DataFrame({"area_id": ["01", "02", "03", "04"], "indicator": ["n"] * 4})
    data = heatmap_matrix(obs2, cat2, cluster=False, exclude=everything)
    assert "n" not in data.scaled.columns
    assert data.dropped == ["n"]


@pytest.mark.parametrize(
    ("values", "polarity", "expected"),
    [
        ([1.0, 2.0, 3.0, 100.0], Polarity.HIGHER_IS_BETTER, [0, 1 / 3, 2 / 3, 1]),
        ([1.0, 2.0, 3.0, 100.0], Polarity.LOWER_IS_BETTER, [1, 2 / 3, 1 / 3, 0]),
        ([1.0, 2.0, 3.0, 100.0], Polarity.NO_JUDGEMENT, [0, 1 / 3, 2 / 3, 1]),
        # ties share their average rank: 1.5 → (1.5 - 1) / 3
        ([5.0, 5.0, 7.0, 9.0], Polarity.HIGHER_IS_BETTER, [1 / 6, 1 / 6, 2 / 3, 1]),
        ([4.0, 4.0, 4.0], Polarity.HIGHER_IS_BETTER, [0.5, 0.5, 0.5]),
        ([3.0, np.nan, 1.0], Polarity.HIGHER_IS_BETTER, [1, np.nan, 0]),
    ],
)
def test_rank_scale(values, polarity, expected):
    obs, cat = _one(values, polarity)
    data = heatmap_matrix(obs, cat, cluster=False, scale="rank")
    assert data.scale == "rank"
    got = data.scaled["v"].reindex(data.raw.index).tolist()
    assert got == pytest.approx(expected, nan_ok=True)


def test_rank_scale_against_minmax_with_an_outlier_and_exclusions():
    obs, cat = _one([1.0, 2.0, 3.0, 100.0])
    minmax = heatmap_matrix(obs, cat, cluster=False)
    assert minmax.scaled["v"].tolist() == pytest.approx([0, 1 / 99, 2 / 99, 1])
    exclude = pd.DataFrame({"area_id": ["04"], "indicator": ["v"]})
    ranked = heatmap_matrix(obs, cat, cluster=False, scale="rank", exclude=exclude)
    assert ranked.scaled["v"].tolist() == pytest.approx([0, 0.5, 1, np.nan], nan_ok=True)
    one = heatmap_matrix(obs[obs["area_id"] == "02"], cat, scale="rank")
    assert one.scaled["v"].tolist() == [0.5]  # n = 1


def test_unknown_scale_and_year_without_data():
    obs, cat = _one([1.0, 2.0])
    with pytest.raises(
        BildungsampelError, match="unknown heatmap scale 'zscore'; use one of: minmax, rank"
    ):
        heatmap_matrix(obs, cat, scale="zscore")
    with pytest.raises(
        BildungsampelError, match=r"no rated values for year '1990'; available years: 2023$"
    ) as info:
        heatmap_matrix(obs, cat, year="1990")
    assert info.value.text("de") == (
        "Keine bewerteten Werte für das Jahr '1990'; vorhandene Jahre: 2023"
    )


def test_not_rated_pairs_from_ratings():
    ratings = pd.DataFrame(
        {
            "area_id": ["01", "02", "03"],
            "indicator": ["v", "v", "w"],
            "rating": pd.Categorical(["green", "grey", "grey"]),
        }
    )
    expected = pd.DataFrame({"area_id": ["02", "03"], "indicator": ["v", "w"]})
    pd.testing.assert_frame_equal(not_rated(ratings), expected)


def test_a_stadtteil_without_any_row_makes_its_bezirk_incomplete(catalog_of):
    from indicators.aggregate import aggregate
    from tests import helpers

    ind = helpers.make_indicator()
    # Bezirk A has areas 01 and 02; only 01 delivered a row for 2024
    obs = helpers.make_obs("x", "2024", nums=[10, 30], dens=[100, 100], ids=["01", "03"])
    out = aggregate(obs, {"01": "A", "02": "A", "03": "B"}, catalog_of(ind)).set_index("area_id")
    assert np.isnan(out.loc["A", "value"])
    assert out.loc["A", "missing_reason"] == "incomplete"
    assert out.loc["B", "value"] == pytest.approx(30.0)
