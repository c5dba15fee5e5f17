"""Classifying once and explaining what is shown gives exactly the full rating's rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bildungsampel.service import dataset


@pytest.fixture(scope="module")
def sample() -> dataset.Dataset:
    return dataset.load_dataset()


def _rows(frame: pd.DataFrame, mask) -> pd.DataFrame:
    return frame[np.asarray(mask)].reset_index(drop=True)


@pytest.mark.parametrize("method", [None, "quantiles", "benchmark"])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_one_indicator_classified_alone_is_the_same_as_in_the_city(sample, method, lang):
    full = dataset.rate(sample, method=method, lang=lang)
    for ind in sample.catalog:  # populations and weights are found for each alone
        alone = dataset.explained(
            sample, dataset.classified(sample, method=method, indicators=[ind]), lang=lang
        )
        # the same rows and values (the label columns know only the indicators classified)
        pd.testing.assert_frame_equal(
            alone, _rows(full, full["indicator"] == ind), check_categorical=False
        )


@pytest.mark.parametrize("level", ["stadtteil", "stadtbezirk"])
def test_one_area_explained_is_the_same_as_in_the_city(sample, level):
    full = dataset.rate(sample, level=level, method="quantiles")
    rated = dataset.classified(sample, level=level, method="quantiles")
    area = str(rated["area_id"].iloc[0])
    mask = (rated["area_id"] == area).to_numpy()
    part = dataset.explained(sample, rated, rows=mask)
    pd.testing.assert_frame_equal(part, _rows(full, full["area_id"] == area))
    # the quantile groups are counted over the whole city, not the one area
    assert part["reason"].str.contains("18").any() or level == "stadtbezirk"


def test_nothing_explained_is_an_empty_table_with_the_columns(sample):
    rated = dataset.classified(sample)
    none = dataset.explained(sample, rated, rows=np.zeros(len(rated), dtype=bool))
    assert none.empty
    assert list(none.columns) == [*dataset.OUTPUT_COLUMNS, *dataset.DETAIL_COLUMNS, "value_note"]
