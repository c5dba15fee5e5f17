"""The service's dataset assembly (service.dataset) and publishing (service.publishing)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pandas.testing import assert_frame_equal

from bildungsampel.service import dataset, publishing
from bildungsampel.service.store import Publication, Store
from geodata.io import Boundaries
from indicators.catalog import Catalog
from indicators.catalog_entries import indicator_from_mapping
from indicators.errors import ObservationError
from indicators.observations import complete_values, normalize_observations

ENTRY = {
    "id": "quote",
    "label_de": "Quote",
    "label_en": "Rate",
    "domain": "Bildung",
    "unit": "%",
    "polarity": "higher_is_better",
    "kind": "proportion",
    "multiplier": 100,
}


def tiny_city() -> tuple[Boundaries, Catalog]:
    """Four Stadtteile in two Stadtbezirke (P1: a1, a2; P2: a3, a4), 900 m squares."""
    areas = gpd.GeoDataFrame(
        {
            "area_id": ["a1", "a2", "a3", "a4"],
            "area_name": ["Nord", "Mitte", "Süd", "West"],
            "parent_id": ["P1", "P1", "P2", "P2"],
        },
        geometry=[shapely.box(i * 1000, 0, i * 1000 + 900, 900) for i in range(4)],
        crs=25832,
    )
    cat = Catalog([indicator_from_mapping(ENTRY, where="test")])
    return Boundaries(areas=areas, source_crs="EPSG:25832"), cat


def counts(area_ids: list[str], numerators: list[float]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "area_id": area_ids,
            "indicator": "quote",
            "period": "2023",
            "value": np.nan,
            "numerator": numerators,
            "denominator": 100.0,
        }
    )
    return normalize_observations(frame)


@pytest.fixture
def tiny() -> dataset.Dataset:
    bnd, cat = tiny_city()
    obs = complete_values(counts(["a1", "a2", "a3", "a4"], [10, 30, 20, 40]), cat)
    return dataset.assemble(bnd, cat, obs, city_name="Teststadt")


# ------------------------------------------------------------------ dataset
def test_assemble_sums_counts_up_to_the_stadtbezirke(tiny):
    upper = tiny.obs("stadtbezirk")
    assert upper["area_id"].tolist() == ["P1", "P2"]
    assert upper["numerator"].tolist() == [40.0, 60.0]
    assert upper["denominator"].tolist() == [200.0, 200.0]
    assert upper["value"].tolist() == [20.0, 30.0]
    assert tiny.areas("stadtbezirk")["area_id"].tolist() == ["P1", "P2"]
    assert tiny.observations["value"].tolist() == [10.0, 30.0, 20.0, 40.0]


def test_assemble_pools_the_city_value_from_the_lowest_level(tiny):
    columns = ["indicator", "period", "city_value", "city_value_kind", "city_n"]
    # pooled: (10 + 30 + 20 + 40) / 400
    assert tiny.city[columns].values.tolist() == [["quote", "2023", 25.0, "pooled", 4.0]]
    assert tiny.city_series()[["area_id", "value"]].values.tolist() == [["city", 25.0]]


def test_the_dataset_knows_its_levels_and_periods(tiny):
    assert tiny.filled_levels() == ["stadtteil", "stadtbezirk"]
    assert tiny.parent_level() == "stadtbezirk"
    assert tiny.parent_level("stadtbezirk") is None
    assert tiny.periods() == ["2023"]
    assert tiny.display_names() == {"a1": "Nord", "a2": "Mitte", "a3": "Süd", "a4": "West"}


def test_assemble_keeps_delivered_city_rows_apart():
    bnd, cat = tiny_city()
    obs = complete_values(counts(["a1", "a2", "a3", "a4", "city"], [10, 30, 20, 40, 99]), cat)
    data = dataset.assemble(bnd, cat, obs, city_name="Teststadt")
    assert data.totals["area_id"].tolist() == ["city"]
    assert data.totals["numerator"].tolist() == [99.0]
    assert "city" not in set(data.observations["area_id"])


def test_assemble_refuses_values_of_unknown_areas():
    bnd, cat = tiny_city()
    obs = complete_values(counts(["a1", "x9"], [10, 20]), cat)
    with pytest.raises(ObservationError, match=r"area ids x9 in the indicator table are not in"):
        dataset.assemble(bnd, cat, obs, city_name="Teststadt")


def test_rate_compares_every_level_with_the_same_city_value(tiny):
    low = dataset.rate(tiny, lang="en")
    assert low[["area_id", "area_name", "value", "city_value", "rating"]].values.tolist() == [
        ["a1", "Nord", 10.0, 25.0, "red"],
        ["a2", "Mitte", 30.0, 25.0, "yellow"],
        ["a3", "Süd", 20.0, 25.0, "yellow"],
        ["a4", "West", 40.0, 25.0, "green"],
    ]
    up = dataset.rate(tiny, level="stadtbezirk", lang="en")
    assert up[["area_id", "value", "city_value"]].values.tolist() == [
        ["P1", 20.0, 25.0],
        ["P2", 30.0, 25.0],
    ]
    assert list(low.columns[: len(dataset.OUTPUT_COLUMNS)]) == dataset.OUTPUT_COLUMNS


# ------------------------------------------------------------------ publishing
def test_changes_lists_rows_whose_value_or_rating_differs():
    before = pd.DataFrame(
        {"area_id": ["a1", "a2", "a3"], "indicator": "quote", "value": [10.0, 30.0, 20.0]}
    ).assign(rating=["red", "yellow", "yellow"])
    after = before.assign(
        area_name=["Nord", "Mitte", "Süd"],
        year="2023",
        value=[10.0, 31.0, 20.0],
        rating=["red", "yellow", "green"],
    )
    out = publishing.changes(before, after)
    assert out["area_id"].tolist() == ["a2", "a3"]
    assert out[["value_before", "value_after"]].values.tolist() == [[30.0, 31.0], [20.0, 20.0]]
    assert out[["rating_before", "rating_after"]].values.tolist() == [
        ["yellow", "yellow"],
        ["yellow", "green"],
    ]


@pytest.fixture
def sample_store(tmp_path) -> Store:
    return publishing.open_store(tmp_path / "store")


def test_open_store_publishes_the_sample_city_once(sample_store):
    info = sample_store.versions()
    assert info["id"].tolist() == [1]
    assert info["kind"].tolist() == ["init"]
    assert info["source_name"].tolist() == [dataset.SAMPLE_SOURCE]
    assert publishing.open_store(sample_store.data_dir).current_id() == 1
    assert dataset.from_store(sample_store).is_sample


def test_preview_equals_the_published_dataset(sample_store):
    area = str(sample_store.snapshot(with_observations=False).areas["area_id"].iloc[0])
    table = (
        f"area_id,indicator,period,value,numerator,denominator\n{area},gymnasium,2023/24,,9,10\n"
    ).encode()
    prepared, entries = publishing.prepare_indicators(sample_store, table, "neu.csv")
    assert prepared.ok
    assert prepared.based_on == 1
    before = dataset.rate(dataset.from_store(sample_store), year="2023/24", lang="en")
    seen = dataset.rate(publishing.preview(sample_store, prepared, entries), year="2023/24")
    vid = publishing.publish_indicators(sample_store, prepared, entries, author="test")
    assert vid == 2
    published = dataset.rate(dataset.from_store(sample_store), year="2023/24")
    assert_frame_equal(seen, published)
    row = published[(published["area_id"] == area) & (published["indicator"] == "gymnasium")]
    assert row["value"].tolist() == [90.0]
    changed = publishing.changes(before, published)
    assert area in set(changed["area_id"])


def test_publish_indicators_refuses_a_table_with_errors(sample_store):
    table = b"area_id,indicator,period,value\nnowhere,gymnasium,2023/24,50\n"
    prepared, entries = publishing.prepare_indicators(sample_store, table, "falsch.csv")
    assert not prepared.ok
    with pytest.raises(ObservationError, match=r"falsch\.csv: not published, the check found"):
        publishing.publish_indicators(sample_store, prepared, entries, author="test")
    assert sample_store.current_id() == 1


def test_a_publication_is_one_frozen_value():
    pub = Publication(kind="indicators", author="A", note="n")
    with pytest.raises(AttributeError):
        pub.author = "B"  # type: ignore[misc]
    assert (pub.areas, pub.observations, pub.consistent, pub.based_on) == (None, None, False, None)
