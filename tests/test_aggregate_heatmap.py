import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.aggregate import aggregate, city_totals
from indicators.catalog import Catalog, Kind, Polarity
from indicators.classify import classify
from indicators.errors import BildungsampelError
from indicators.heatmap import heatmap_matrix
from indicators.observations import complete_values
from tests.conftest import make_indicator, make_obs

PARENTS = {"01": "A", "02": "A", "03": "B"}


def test_aggregate_uses_counts_not_mean_of_rates():
    ind = make_indicator("p")
    cnt = make_indicator("c", kind=Kind.COUNT, multiplier=1, polarity=Polarity.NO_JUDGEMENT)
    idx = make_indicator("i", kind=Kind.INDEX, multiplier=1)
    cat = Catalog([ind, cnt, idx])
    obs = complete_values(
        pd.concat(
            [
                make_obs("p", "2023", nums=[1, 30, 5], dens=[10, 100, 50]),
                make_obs("c", "2023", values=[100.0, 200.0, np.nan]),
                make_obs("i", "2023", values=[3.0, 4.0, 5.0]),
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
    ind = make_indicator("p")
    cat = Catalog([ind])
    ids = [f"{i:03d}" for i in range(len(pairs))]
    obs = complete_values(
        make_obs("p", "2023", nums=[a for a, _ in pairs], dens=[b for _, b in pairs], ids=ids), cat
    )
    parents = {i: f"P{n % 4}" for n, i in enumerate(ids)}
    via_parents = city_totals(aggregate(obs, parents, cat), cat)["value"].iloc[0]
    direct = sum(a for a, _ in pairs) / sum(b for _, b in pairs) * 100
    assert via_parents == pytest.approx(direct)
    assert classify(obs, cat)["city_value"].iloc[0] == pytest.approx(direct)


def _heat_obs():
    up = make_indicator("up", polarity=Polarity.HIGHER_IS_BETTER, kind=Kind.INDEX, multiplier=1)
    down = make_indicator("down", polarity=Polarity.LOWER_IS_BETTER, kind=Kind.INDEX, multiplier=1)
    neutral = make_indicator("n", polarity=Polarity.NO_JUDGEMENT, kind=Kind.INDEX, multiplier=1)
    flat = make_indicator("flat", polarity=Polarity.HIGHER_IS_BETTER, kind=Kind.INDEX, multiplier=1)
    cat = Catalog([up, down, neutral, flat])
    obs = pd.concat(
        [
            make_obs("up", "2023", values=[10.0, 20.0, 30.0, 40.0]),
            make_obs("down", "2023", values=[1.0, 2.0, np.nan, 5.0]),
            make_obs("n", "2023", values=[7.0, 3.0, 5.0, 9.0]),
            make_obs("flat", "2023", values=[2.0, 2.0, 2.0, 2.0]),
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
