"""Interactions: correlation matrix against scipy, pairwise n, heatmap order, interval, line."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from indicators import correlation as corr
from indicators.catalog import Catalog, Kind, Polarity
from indicators.errors import BildungsampelError
from indicators.heatmap import heatmap_matrix
from indicators.observations import complete_values
from tests import helpers

VALUES = pd.DataFrame(
    {
        "a": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        "b": [2.0, 1.0, 4.0, 3.0, 6.0, np.nan],
        "c": [6.0, 4.0, 5.0, 1.0, np.nan, np.nan],
    },
    index=pd.Index([f"0{i}" for i in range(1, 7)], name="area_id"),
)


def long(frame):
    return frame.set_index(["x", "y"])


@pytest.mark.parametrize(
    ("method", "scipy_fn"), [("pearson", stats.pearsonr), ("spearman", stats.spearmanr)]
)
def test_matrix_agrees_with_scipy_on_pairwise_complete_areas(method, scipy_fn):
    out = long(corr.correlation_matrix(VALUES, method=method))
    # a–b: the five areas with both values; a–c and b–c: four
    assert out.loc[("a", "b"), "n"] == 5
    assert out.loc[("a", "c"), "n"] == 4
    assert out.loc[("b", "c"), "n"] == 4
    assert out.loc[("a", "a"), "n"] == 6
    expected_ab = scipy_fn([1, 2, 3, 4, 5], [2, 1, 4, 3, 6])[0]
    expected_bc = scipy_fn([2, 1, 4, 3], [6, 4, 5, 1])[0]
    assert out.loc[("a", "b"), "r"] == pytest.approx(expected_ab)
    assert out.loc[("b", "a"), "r"] == pytest.approx(expected_ab)
    assert out.loc[("b", "c"), "r"] == pytest.approx(expected_bc)
    assert out.loc[("a", "a"), "r"] == pytest.approx(1.0)


def test_hand_computed_pearson():
    # a = 1..5, b = 2,1,4,3,6: means 3 and 3.2; deviations −2,−1,0,1,2 and
    # −1.2,−2.2,0.8,−0.2,2.8: Sxy = 2.4 + 2.2 + 0 − 0.2 + 5.6 = 10, Sxx = 10, Syy = 14.8
    out = long(corr.correlation_matrix(VALUES))
    assert out.loc[("a", "b"), "r"] == pytest.approx(10 / math.sqrt(10 * 14.8))


def test_too_few_pairs_give_no_r():
    few = pd.DataFrame({"a": [1.0, 2.0, np.nan, 4.0], "b": [1.0, 3.0, 2.0, np.nan]})
    out = long(corr.correlation_matrix(few))
    assert out.loc[("a", "b"), "n"] == 2
    assert math.isnan(out.loc[("a", "b"), "r"])


def test_order_is_the_heatmaps_clustered_order():
    cat = Catalog(
        [
            helpers.make_indicator("u", polarity=Polarity.HIGHER_IS_BETTER),
            helpers.make_indicator("v"),
            helpers.make_indicator("w", kind=Kind.INDEX, multiplier=1),
            helpers.make_indicator("z"),
        ]
    )
    obs = complete_values(
        pd.concat(
            [
                helpers.make_obs("u", "2023", values=[10.0, 20.0, 30.0, 40.0, 50.0]),
                helpers.make_obs("v", "2023", values=[9.0, 1.0, 8.0, 2.0, 7.0]),
                helpers.make_obs("w", "2023", values=[1.0, 2.0, 3.5, 4.0, 5.5]),
                helpers.make_obs("z", "2023", values=[5.0, 4.0, 9.0, 1.0, 3.0]),
            ],
            ignore_index=True,
        ),
        cat,
    )
    matrix = heatmap_matrix(obs, cat)
    values = corr.values_of(matrix)
    out = corr.correlation_matrix(values)
    order = list(matrix.scaled.columns)
    assert order != ["u", "v", "w", "z"]  # the clustering did reorder
    assert out.drop_duplicates("x")["x"].tolist() == order
    assert out.drop_duplicates("y")["y"].tolist() == order
    assert out["x_pos"].tolist() == [i for i in range(4) for _ in range(4)]


def test_not_rated_cells_are_left_out():
    cat = Catalog([helpers.make_indicator("u"), helpers.make_indicator("v")])
    obs = complete_values(
        pd.concat(
            [
                helpers.make_obs("u", "2023", values=[1.0, 2.0, 3.0, 4.0, 5.0]),
                helpers.make_obs("v", "2023", values=[2.0, 1.0, 4.0, 3.0, 60.0]),
            ],
            ignore_index=True,
        ),
        cat,
    )
    exclude = pd.DataFrame({"area_id": ["05"], "indicator": ["v"]})
    values = corr.values_of(heatmap_matrix(obs, cat, cluster=False, exclude=exclude))
    out = long(corr.correlation_matrix(values))
    assert out.loc[("u", "v"), "n"] == 4
    assert out.loc[("u", "v"), "r"] == pytest.approx(stats.pearsonr([1, 2, 3, 4], [2, 1, 4, 3])[0])


def test_fisher_interval_by_hand():
    # r = 0.5, n = 28: z = atanh(0.5) = 0.549306, se = 1/5, z ± 1.959964 × 0.2
    low, high = corr.fisher_interval(0.5, 28)
    assert low == pytest.approx(math.tanh(0.549306 - 0.391993), abs=1e-5)
    assert high == pytest.approx(math.tanh(0.549306 + 0.391993), abs=1e-5)
    assert (round(low, 3), round(high, 3)) == (0.156, 0.736)
    # Spearman: se = sqrt(1.06 / 25)
    low_s, high_s = corr.fisher_interval(0.5, 28, method="spearman")
    half = 1.959964 * math.sqrt(1.06 / 25)
    assert low_s == pytest.approx(math.tanh(0.549306 - half), abs=1e-5)
    assert high_s == pytest.approx(math.tanh(0.549306 + half), abs=1e-5)


@pytest.mark.parametrize(("r", "n"), [(0.5, 3), (math.nan, 30)])
def test_no_interval_without_enough_pairs(r, n):
    assert all(math.isnan(v) for v in corr.fisher_interval(r, n))


def test_pair_has_r_interval_and_ols_line():
    got = corr.pair(VALUES, "a", "b")
    assert got.n == 5
    assert got.r == pytest.approx(10 / math.sqrt(148))
    # OLS: slope = Sxy / Sxx = 1.0, intercept = 3.2 − 1.0 × 3 = 0.2
    assert got.slope == pytest.approx(1.0)
    assert got.intercept == pytest.approx(0.2)
    assert (got.low, got.high) == pytest.approx(corr.fisher_interval(got.r, 5))
    spearman = corr.pair(VALUES, "a", "b", method="spearman")
    assert spearman.r == pytest.approx(stats.spearmanr([1, 2, 3, 4, 5], [2, 1, 4, 3, 6])[0])


def test_constant_column_has_no_r():
    flat = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [5.0] * 4})
    got = corr.pair(flat, "a", "b")
    assert math.isnan(got.r)
    assert got.slope == pytest.approx(0.0)


def test_unknown_method_and_indicator_are_refused():
    with pytest.raises(BildungsampelError, match="unknown correlation method 'kendall'"):
        corr.correlation_matrix(VALUES, method="kendall")
    with pytest.raises(BildungsampelError, match="indicator 'q' has no values in this choice"):
        corr.pair(VALUES, "a", "q")
