"""One home per presentation concept: palettes, linkages, sizes, names, cache queries."""

import dataclasses
import re

import pandas as pd
import pytest

from bildungsampel.app import queries
from bildungsampel.present import charts, palettes, views
from bildungsampel.service import settings
from geodata import hierarchy
from indicators import heatmap, importer
from indicators.errors import BildungsampelError
from tests import helpers

ROOT = helpers.ROOT


def test_settings_know_exactly_the_palettes():
    assert tuple(palettes.PALETTES) == settings.PALETTE_NAMES
    assert {palettes.DEFAULT, palettes.COLOURBLIND} <= set(palettes.PALETTES)
    assert settings.Settings().palette == palettes.DEFAULT


@pytest.mark.parametrize(
    ("name", "n", "expected"),
    [
        ("ampel", 2, ["#1f77b4", "#ff7f0e"]),
        ("safe", 3, ["#44aa99", "#cc6677", "#999933"]),
        ("safe", 11, [*palettes.PALETTES["safe"].categorical, "#44aa99", "#cc6677"]),
        ("ampel", 0, []),
    ],
)
def test_categorical_colours_repeat_beyond_the_palette(name, n, expected):
    assert palettes.PALETTES[name].categories(n) == expected


def test_no_categorical_colour_is_a_rating_colour_of_its_palette():
    for pal in palettes.PALETTES.values():
        assert set(pal.categorical).isdisjoint(pal.rating.values())


def test_trend_lines_take_the_chosen_palette():
    series = pd.DataFrame(
        {
            "area_id": ["1", "2", "city"],
            "period": ["2023"] * 3,
            "period_key": [2023] * 3,
            "value": [1.0, 2.0, 1.5],
        }
    )
    chart = charts.trend_chart(
        series, {"1": "A", "2": "B"}, "%", lang="de", palette=palettes.PALETTES["safe"]
    )
    scale = chart.to_dict()["encoding"]["color"]["scale"]
    assert scale["range"] == ["#44aa99", "#cc6677", "#222222"]
    assert scale["domain"] == ["A", "B", "Stadt gesamt"]


def test_linkages_come_from_the_literal():
    assert heatmap.LINKAGES == ("average", "ward", "complete", "single")
    assert heatmap.SCALES == ("minmax", "rank")
    assert heatmap.as_linkage("ward") == "ward"
    with pytest.raises(BildungsampelError, match="unknown linkage method 'median'; use one of"):
        heatmap.as_linkage("median")
    with pytest.raises(BildungsampelError, match="unknown heatmap scale 'log'"):
        heatmap.as_scale("log")


def test_readme_names_every_linkage():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"\[--linkage ([a-z|]+)\]", readme)
    assert listed is not None
    assert tuple(listed.group(1).split("|")) == heatmap.LINKAGES


@pytest.mark.parametrize(
    ("n_bytes", "lang", "expected"),
    [
        (50 * 2**20, "de", "50"),
        (52_428_800, "en", "50"),
        (int(1.5 * 2**20), "de", "1,5"),
        (int(1.5 * 2**20), "en", "1.5"),
        (60_000_000, "de", "57,2"),
    ],
)
def test_megabytes_are_mebibytes(n_bytes, lang, expected):
    assert views.megabytes(n_bytes, lang) == expected


def test_upload_limit_in_bytes_is_the_importers_default():
    assert settings.Settings().upload_limit_bytes == importer.DEFAULT_LIMIT == 52_428_800
    assert settings.Settings(upload_limit_mb=0.5).upload_limit_bytes == 524_288


def test_display_names_tell_repeated_names_apart_by_id():
    areas = pd.DataFrame({"area_id": ["12", "14", "3"], "area_name": ["Neustadt"] * 2 + ["Buer"]})
    assert hierarchy.display_names(areas) == {
        "12": "Neustadt (12)",
        "14": "Neustadt (14)",
        "3": "Buer",
    }


def test_queries_are_frozen_hashable_and_equal_by_value():
    one = queries.MapQuery("stadtteil", "2023", "gymnasium", None, "de", "safe", "41")
    same = queries.MapQuery(
        "stadtteil", "2023", "gymnasium", lang="de", palette="safe", selected="41"
    )
    assert one == same
    assert hash(one) == hash(same)
    assert one.unselected() == queries.MapQuery(
        "stadtteil", "2023", "gymnasium", None, "de", "safe"
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.level = "stadtbezirk"  # type: ignore[misc]
    matrix = queries.HeatmapQuery("stadtteil", None, ("a", "b"))
    assert (matrix.cluster, matrix.linkage, matrix.scale) == (True, "average", "minmax")
    image = queries.HeatmapImageQuery(matrix, "en", "safe")
    assert {image: 1}[queries.HeatmapImageQuery(matrix, "en", "safe")] == 1
