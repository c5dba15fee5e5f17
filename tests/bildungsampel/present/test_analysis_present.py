"""Tables, files, map layer and charts of the allocation and interactions pages."""

import io
import math

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest
from shapely.geometry import box

from bildungsampel.present import allocation as present
from bildungsampel.present import correlation as present_corr
from bildungsampel.present import sheets
from bildungsampel.present.palettes import PALETTES
from indicators import allocation as al
from indicators.catalog import Catalog
from indicators.correlation import Pair
from tests import helpers

NEED = al.Quantity("x", "2023", {"de": "Indikator x", "en": "Indicator x"})
POP = al.Quantity("p", "2023", {"de": "Einwohner", "en": "Inhabitants"})
EVIL = '<img src=x onerror="alert(1)">=HYPERLINK("http://evil")'


@pytest.fixture
def result():
    areas = pd.DataFrame(
        {
            "area_id": ["a", "b", "c", "d"],
            "need": [10.0, 20.0, 30.0, np.nan],
            "population": [100.0, 100.0, 200.0, 50.0],
        }
    )
    rule = al.Rule(100_000, NEED, POP, floor=10_000, cap=60_000)
    return al.allocate(areas, rule, names={"d": EVIL})


class Published:
    def __init__(self):
        self.catalog = Catalog([helpers.make_indicator("x"), helpers.make_indicator("p")])
        self.city_name = "Teststadt"
        self.files = ()
        self.version = {"id": 7, "published_at": "2026-01-02T03:04:00+00:00"}


def test_table_in_euros_with_cents(result):
    table = present.table(result, {"a": "Altstadt"}, "de")
    frame = table.frame
    assert list(frame.columns) == [
        "Gebiet",
        "Gebiets-ID",
        "Bedarf",
        "Zielbevölkerung",
        "Zuteilung (€)",
        "Gießkanne (€)",
        "Differenz (€)",
        "Zuteilung je Kopf (€)",
        "Gießkanne je Kopf (€)",
    ]
    assert frame["Gebiet"].tolist() == ["Altstadt", "b", "c"]
    assert frame["Zuteilung (€)"].tolist() == [133.33, 266.67, 600.0]
    assert frame["Gießkanne je Kopf (€)"].tolist() == [2.5, 2.5, 2.5]
    assert table.decimals["Zuteilung (€)"] == 2
    shown = present.shown_table(result, {}, "de")
    assert shown["Differenz (€)"].tolist() == ["-116,67", "16,67", "100,00"]


def test_posts_per_head_are_per_thousand():
    areas = pd.DataFrame({"area_id": ["a", "b"], "need": [1.0, 1.0], "population": [1000, 3000]})
    result = al.allocate(areas, al.Rule(8, NEED, POP, unit="post"))
    frame = present.table(result, {}, "en").frame
    assert frame["Allocation (posts)"].tolist() == [2.0, 6.0]
    assert frame["Allocation per 1,000 head (posts)"].tolist() == [2.0, 2.0]


def test_csv_carries_rule_and_version_and_neutralises_formulas(result):
    names = {"a": '=HYPERLINK("http://evil")'}
    data = present.allocation_file(result, Published(), names, fmt="csv", lang="de", level="")
    lines = data.decode("utf-8-sig").split("\r\n")
    meta = dict(line.split(";", 1) for line in lines[: sheets.META_LINES])
    assert meta["Datenversion"] == "7"
    assert meta["Bewertungsmethode"] == ""
    assert meta["Hinweis"].startswith('"1.000,00 € auf 3 Gebiete verteilt')
    assert "Nicht berücksichtigt (1): <img src=x" in meta["Hinweis"]
    body = lines[sheets.SKIP_ROWS :]
    assert body[0].startswith("Gebiet;Gebiets-ID;Bedarf;Zielbevölkerung;Zuteilung (€)")
    assert body[1] == '"\'=HYPERLINK(""http://evil"")";a;10,0;100;133,33;250,00;-116,67;1,33;2,50'
    assert body[2] == "b;b;20,0;100;266,67;250,00;16,67;2,67;2,50"


def test_xlsx_sheet_is_named_and_cents_kept(result):
    data = present.allocation_file(result, Published(), {}, fmt="xlsx", lang="en", level="")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Allocation", "Metadata"]
    assert book["Allocation"]["E2"].value == pytest.approx(133.33)
    assert book["Allocation"]["E2"].number_format == "0.00"


def display():
    return gpd.GeoDataFrame(
        {"area_id": ["a", "b", "c", "d"], "area_name": ["A", "B", "C", EVIL]},
        geometry=[box(i, 0, i + 1, 1) for i in range(4)],
        crs="EPSG:4326",
    )


def test_map_frame_colours_the_difference_and_escapes(result):
    palette = PALETTES["safe"]
    frame = present.map_frame(display(), result, shown="difference", lang="de", palette=palette)
    # differences −11667, +1667, +10000 ct on −11667 … +11667: a at the orange end
    assert frame["fill"].iloc[0] == palette.diverging[0]
    assert frame["fill"].iloc[3] == palette.missing  # left out
    assert "<img" not in frame["tooltip"].iloc[3]
    assert "&lt;img" in frame["tooltip"].iloc[3]
    assert "nicht berücksichtigt" in frame["tooltip"].iloc[3]
    assert frame["tooltip"].iloc[0] == (
        "<b>A</b><br>Zuteilung: 133,33 €<br>Gießkanne: 250,00 €<br>Differenz: -116,67 €"
    )
    legend = present.legend(result, "difference", palette, "de")
    assert [label for _c, label in legend] == [
        "-116,67 €",
        "wie Gießkanne",
        "116,67 €",
        "nicht berücksichtigt",
    ]


def test_map_frame_per_head_runs_light_to_dark(result):
    palette = PALETTES["ampel"]
    frame = present.map_frame(display(), result, shown="per_capita", lang="en", palette=palette)
    # per head 133.33, 266.67, 300.00 ct: a lightest, c darkest
    assert frame["fill"].iloc[0] == palette.neutral_continuous[0]
    assert frame["fill"].iloc[2] == palette.neutral_continuous[1]
    legend = present.legend(result, "per_capita", palette, "en")
    assert [label for _c, label in legend] == ["1.33 € per head", "3.00 € per head", "left out"]


def test_difference_chart_sorted_by_gain(result):
    spec = present.difference_chart(result, {}, palette=PALETTES["safe"], lang="de").to_dict()
    assert spec["encoding"]["y"]["sort"] == ["c", "b", "a"]
    assert spec["encoding"]["color"]["scale"]["range"] == list(PALETTES["safe"].diverging)


def test_correlation_texts():
    fit = Pair("x", "y", "pearson", 0.5, 28, 0.156, 0.736, 2.0, 1.0)
    assert present_corr.pair_text(fit, "de") == (
        "r = 0,50, 95-%-Intervall 0,16 bis 0,74 (Fisher-z), n = 28 Gebiete"
    )
    assert present_corr.line_text(fit, "en") == (
        "Regression line (least squares): y = 1.00 + 2.000 × x"
    )
    none = Pair("x", "y", "spearman", math.nan, 2, math.nan, math.nan, math.nan, math.nan)
    assert present_corr.pair_text(none, "en") == (
        "Too few areas with both values (2) for a correlation."
    )
    assert present_corr.line_text(none, "en") == ""
    pairs = pd.DataFrame({"x": ["a", "a", "b", "b"], "y": ["a", "b", "a", "b"], "n": [9, 7, 7, 8]})
    assert present_corr.n_text(pairs, "en").startswith("n = 7 areas per pair")


def test_matrix_chart_uses_the_diverging_scale_and_the_order():
    catalog = Catalog([helpers.make_indicator("u"), helpers.make_indicator("v")])
    pairs = pd.DataFrame(
        {
            "x": ["v", "v", "u", "u"],
            "y": ["v", "u", "v", "u"],
            "x_pos": [0, 0, 1, 1],
            "y_pos": [0, 1, 0, 1],
            "r": [1.0, -0.25, -0.25, 1.0],
            "n": [5, 4, 4, 5],
        }
    )
    spec = present_corr.matrix_chart(pairs, catalog, palette=PALETTES["ampel"], lang="de").to_dict()
    cells = spec["layer"][0]
    assert cells["encoding"]["color"]["scale"] == {
        "domain": [-1, 0, 1],
        "range": list(PALETTES["ampel"].diverging),
    }
    assert cells["encoding"]["x"]["sort"] == ["Indikator v", "Indikator u"]
    data = next(iter(spec["datasets"].values()))
    assert [d["r_text"] for d in data] == ["1,00", "-0,25", "-0,25", "1,00"]
