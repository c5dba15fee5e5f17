"""Composite indices in the dataset: computed on every level from that level's components."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bildungsampel.service import dataset
from indicators.catalog import Catalog
from indicators.catalog_entries import indicator_from_mapping
from indicators.observations import complete_values, normalize_observations
from tests.bildungsampel.service.test_pipeline import tiny_city

SHARE = {"domain": "Bildung", "unit": "%", "polarity": "lower_is_better", "kind": "proportion"}
INDEX = {
    "id": "status_index",
    "label_de": "Status-Index",
    "domain": "Sozioökonomische Lage",
    "polarity": "lower_is_better",
    "kind": "composite",
    "composite": {"components": ["q1", "q2"], "standardise": "z"},
    "rule": {"method": "sd_classes", "cuts": [-1.0, 1.0], "labels_de": ["a", "b", "c"]},
}


@pytest.fixture
def city() -> dataset.Dataset:
    bnd, _ = tiny_city()
    cat = Catalog(
        [
            indicator_from_mapping({"id": "q1", "label_de": "Q1", "multiplier": 100, **SHARE}),
            indicator_from_mapping({"id": "q2", "label_de": "Q2", "multiplier": 100, **SHARE}),
            indicator_from_mapping(INDEX),
        ]
    )
    frame = pd.DataFrame(
        {
            "area_id": ["a1", "a2", "a3", "a4"] * 2,
            "indicator": ["q1"] * 4 + ["q2"] * 4,
            "period": "2023",
            "value": np.nan,
            "numerator": [10, 30, 20, 40, 20, 20, 40, 40],
            "denominator": 100.0,
        }
    )
    obs = complete_values(normalize_observations(frame), cat)
    return dataset.assemble(bnd, cat, obs, city_name="Teststadt")


def index_values(ds: dataset.Dataset, level: str) -> list[float]:
    obs = ds.obs(level)
    return obs[obs["indicator"] == "status_index"].sort_values("area_id")["value"].tolist()


def test_the_index_of_the_lowest_level(city):
    # q1 = 10, 30, 20, 40 %: mean 25, squares 500, sample SD 12.9099, z -1.16190 0.38730 ...
    # q2 = 20, 20, 40, 40 %: mean 30, squares 400, sample SD 11.5470, z -0.86603 (twice), 0.86603
    # sum -2.02792, -0.47873, 0.47873, 2.02792: squares 8.68337, SD 1.70131 → restandardised
    np.testing.assert_allclose(
        index_values(city, "stadtteil"), [-1.19198, -0.28139, 0.28139, 1.19198], atol=1e-5
    )


def test_the_index_of_a_bezirk_is_computed_from_its_own_components(city):
    # P1 pools q1 40/200 = 20 %, q2 20 %; P2 q1 30 %, q2 40 %: two areas, each component's z is
    # -0.70711 and +0.70711, the sum ∓1.41421, restandardised ∓0.70711 (the mean of the
    # Stadtteile's index would be -0.73669 for P1: never averaged)
    np.testing.assert_allclose(index_values(city, "stadtbezirk"), [-0.70711, 0.70711], atol=1e-5)


def test_the_index_is_rated_with_reasons_and_a_city_value(city):
    rated = dataset.rate(city)
    row = rated[rated["indicator"] == "status_index"].set_index("area_id")
    assert row["grade"].astype(str).tolist() == ["better", "similar", "similar", "worse"]
    assert row.loc["a4", "reason"] == (
        "ungünstig: Status-Index 1,19 SD über dem Mittel der 4 bewerteten Gebiete; "
        "Grenze +1,0 → c; höher ist ungünstig"
    )
    assert row["city_value"].tolist() == pytest.approx([0.0] * 4, abs=1e-12)
    upper = dataset.rate(city, level="stadtbezirk")
    assert upper[upper["indicator"] == "status_index"]["grade"].astype(str).tolist() == [
        "similar",
        "similar",
    ]
