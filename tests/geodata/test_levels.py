"""The area levels: one definition (geodata.hierarchy.Levels), asked everywhere else."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from bildungsampel.present import export
from bildungsampel.present.i18n import level_label
from bildungsampel.service import dataset
from geodata.hierarchy import Hierarchy, Level, LevelError, Levels
from geodata.io import Boundaries
from indicators.catalog import Catalog

TWO = Levels.chain("stadtteil", "stadtbezirk")
THREE = Levels.chain("ortsteil", "stadtteil", "stadtbezirk")


@pytest.fixture(scope="module")
def data():
    return dataset.load_dataset()


def test_two_levels_nest_lowest_first():
    assert TWO.levels == (Level("stadtteil", parent="stadtbezirk"), Level("stadtbezirk"))
    assert TWO.lowest == Level("stadtteil", parent="stadtbezirk")
    assert TWO.ids == ("stadtteil", "stadtbezirk")
    assert [lv.id for lv in TWO] == ["stadtteil", "stadtbezirk"]
    assert len(TWO) == 2
    assert TWO.parent_of("stadtteil") == Level("stadtbezirk")
    assert TWO.parent_of("stadtbezirk") is None
    assert TWO.children_of("stadtbezirk") == (Level("stadtteil", parent="stadtbezirk"),)
    assert TWO.children_of("stadtteil") == ()


def test_three_levels_answer_each_step():
    assert THREE.lowest.id == "ortsteil"
    assert THREE.parent_of("ortsteil") == Level("stadtteil", parent="stadtbezirk")
    assert THREE.parent_of(THREE["stadtteil"]) == Level("stadtbezirk")
    assert THREE.parent_of("stadtbezirk") is None
    assert [lv.id for lv in THREE.children_of("stadtteil")] == ["ortsteil"]
    assert [lv.id for lv in THREE.children_of("stadtbezirk")] == ["stadtteil"]
    assert "ortsteil" in THREE
    assert Level("stadtbezirk") in THREE
    assert "land" not in THREE


def test_a_tree_of_levels_has_several_children():
    tree = Levels((Level("schulbezirk", "stadt"), Level("stadtteil", "stadt"), Level("stadt")))
    assert [lv.id for lv in tree.children_of("stadt")] == ["schulbezirk", "stadtteil"]
    assert tree.parent_of("schulbezirk") == Level("stadt")


def test_one_level_is_its_own_top():
    only = Levels.chain("gemeinde")
    assert only.lowest == Level("gemeinde")
    assert only.parent_of("gemeinde") is None


def test_an_unknown_level_lists_the_valid_ids():
    with pytest.raises(
        LevelError, match=r"unknown area level 'ortsteil'; the levels are stadtteil, stadtbezirk"
    ) as err:
        TWO["ortsteil"]
    assert err.value.text("de") == (
        "unbekannte Gebietsebene 'ortsteil'; Ebenen sind stadtteil, stadtbezirk"
    )
    with pytest.raises(LevelError, match="unknown area level 'land'"):
        THREE.parent_of("land")
    with pytest.raises(LevelError, match="unknown area level 'land'"):
        THREE.children_of("land")


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        ((), "no area levels given"),
        ((Level("a", "b"), Level("b"), Level("a")), r"distinct and not empty; got 'a', 'b', 'a'"),
        ((Level(""),), "distinct and not empty"),
        ((Level("a", "c"), Level("b")), r"'a': its parent 'c' must be one of the levels after it"),
        ((Level("bezirk"), Level("teil", "bezirk")), r"'teil': its parent 'bezirk' must be one"),
        ((Level("a", "a"),), r"'a': its parent 'a'"),
    ],
)
def test_levels_that_do_not_nest_are_refused(levels, message):
    with pytest.raises(LevelError, match=message):
        Levels(levels)


def test_the_application_levels_are_the_two_known_ones():
    assert dataset.LEVELS == TWO


@pytest.mark.parametrize(
    ("level", "lang", "expected"),
    [
        ("stadtteil", "de", "Stadtteil"),
        ("stadtbezirk", "en", "Stadtbezirk (borough)"),
        ("ortsteil", "de", "ortsteil"),
        ("ortsteil", "en", "ortsteil"),
    ],
)
def test_a_level_without_a_label_shows_its_id(level, lang, expected):
    assert level_label(level, lang) == expected


def test_export_metadata_of_an_unknown_level_names_its_id(data):
    assert export.dataset_meta(data, ["gymnasium"], "en", level="ortsteil").level == "ortsteil"


def _areas(parents: list[str | None]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "area_id": [str(n) for n in range(len(parents))],
            "area_name": [f"A{n}" for n in range(len(parents))],
            "parent_id": parents,
        },
        geometry=[box(n, 0, n + 1, 1) for n in range(len(parents))],
        crs=25832,
    )


def _obs(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_id": [str(i) for i in range(n)],
            "indicator": "x",
            "period": "2023",
            "value": 1.0,
        }
    )


def test_level_frames_fill_each_level_whose_children_all_name_a_parent(data):
    above = Levels.chain("stadtteil", "stadtbezirk", "regierungsbezirk")
    areas, obs = dataset._level_frames(
        data.areas(),
        data.observations,
        data.catalog,
        levels=Hierarchy.from_parents(data.areas(), above),
    )
    assert list(areas) == list(obs) == ["stadtteil", "stadtbezirk", "regierungsbezirk"]
    assert areas["stadtbezirk"]["area_id"].tolist() == ["Mitte", "Nord", "Ost", "Süd", "West"]
    assert sorted(pd.unique(obs["stadtbezirk"]["area_id"])) == [
        "Mitte",
        "Nord",
        "Ost",
        "Süd",
        "West",
    ]
    # the Stadtteile name no Regierungsbezirk: that level stays empty
    assert areas["regierungsbezirk"].empty
    assert obs["regierungsbezirk"].empty


@pytest.mark.parametrize("levels", [TWO, THREE])
def test_level_frames_leave_the_levels_above_empty_without_parents(levels):
    frame = _areas(["N", None, "S"])
    areas, obs = dataset._level_frames(
        frame, _obs(0), Catalog([]), levels=Hierarchy.from_parents(frame, levels)
    )
    assert list(areas) == list(levels.ids)
    assert [len(a) for a in areas.values()] == [3] + [0] * (len(levels) - 1)
    assert [len(o) for o in obs.values()] == [0] * len(levels)


def test_the_dataset_asks_its_levels(data):
    assert data.levels == dataset.LEVELS
    assert data.filled_levels() == ["stadtteil", "stadtbezirk"]
    assert data.parent_level() == "stadtbezirk"
    assert data.parent_level("stadtteil") == "stadtbezirk"
    assert data.parent_level("stadtbezirk") is None
    assert data.areas() is data.areas("stadtteil")
    assert data.observations is data.obs("stadtteil")
    assert len(data.areas("stadtbezirk")) == 5
    with pytest.raises(LevelError, match="the levels are stadtteil, stadtbezirk"):
        data.areas("ortsteil")
    with pytest.raises(LevelError, match="unknown area level 'ortsteil'"):
        data.obs("ortsteil")


def test_a_dataset_without_parents_has_one_filled_level(data):
    flat = data.boundaries.areas.assign(parent_id=None)
    bnd = Boundaries(areas=flat, source_crs=data.boundaries.source_crs)
    single = dataset.assemble(bnd, data.catalog, data.observations, city_name="X")
    assert single.filled_levels() == ["stadtteil"]
    assert single.parent_level("stadtteil") is None
    assert single.areas("stadtbezirk").empty
    assert single.obs("stadtbezirk").empty


def test_a_dataset_needs_frames_for_exactly_its_levels(data):
    with pytest.raises(ValueError, match=r"areas of levels \['stadtteil'\], expected"):
        dataset.Dataset(
            boundaries=data.boundaries,
            catalog=data.catalog,
            levels=TWO,
            areas_by_level={"stadtteil": data.areas()},
            obs_by_level=dict(data.obs_by_level),
        )
