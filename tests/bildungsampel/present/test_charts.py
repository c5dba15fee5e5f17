import json

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb

from bildungsampel.present import charts, figures, maplayer, palettes
from bildungsampel.present import heatmap as present
from bildungsampel.service import dataset
from geodata import display
from indicators import heatmap, profile
from indicators.catalog import Catalog, Kind, Polarity
from indicators.observations import complete_values
from tests import helpers

PAL = palettes.PALETTES["ampel"]
LIGHT, DARK = PAL.neutral_continuous


@pytest.fixture(scope="module")
def data():
    return dataset.load_dataset()


@pytest.fixture(scope="module")
def rated(data):
    return dataset.rate(data, year="2023")


@pytest.fixture(scope="module")
def matrix(data, rated):
    return heatmap.heatmap_matrix(
        data.obs(), data.catalog, year="2023", exclude=heatmap.not_rated(rated)
    )


def test_heatmap_cells(data, rated, matrix):
    names = data.display_names()
    cells = charts.heatmap_long(matrix, rated, data.catalog, names, "de", PAL)
    assert len(cells) == 18 * 17
    assert cells["row"].max() == 17
    assert cells["col"].max() == 16
    gap = cells[
        (cells["area"] == "Resser Mark")
        & cells["indicator"].str.startswith("Auffällige Körperkoordination")
    ].iloc[0]
    assert gap["value"] == "–"
    assert gap["rating"] == "grey"
    assert np.isnan(gap["scaled"])
    assert bool(gap["imputed"])
    buer = cells[(cells["area"] == "Buer") & (cells["indicator"] == "Übergang aufs Gymnasium")]
    assert buer["value"].iloc[0] == "41,4 %"
    assert buer["rating_label"].iloc[0] == "▲ günstig"
    assert buer["fill_discrete"].iloc[0] == PAL.rating["green"]
    assert cells["indicator"].str.endswith(" *").sum() == 18 * len(matrix.unoriented)
    # Heßler's leavers without qualification: a value (8.3 %) on a denominator of 12 -> not rated
    hessler = cells[(cells["area"] == "Heßler") & cells["indicator"].str.startswith("Schulabg")]
    assert hessler["value"].iloc[0] == "8,3 %"
    assert bool(hessler["excluded"].iloc[0])
    assert hessler["scaled_text"].iloc[0] == "nicht bewertet"
    assert hessler["fill_continuous"].iloc[0] == PAL.missing
    assert hessler["fill_discrete"].iloc[0] == PAL.missing
    assert gap["scaled_text"] == "kein Wert"


def test_heatmap_no_judgement_cells_use_the_neutral_scale(data, rated, matrix):
    names = data.display_names()
    cells = charts.heatmap_long(matrix, rated, data.catalog, names, "de", PAL)
    foreign = cells[cells["indicator"] == "Ausländeranteil *"].sort_values("raw")
    assert foreign["area"].iloc[0] == "Resser Mark"  # lowest share: 5.4 %
    assert foreign["fill_continuous"].iloc[0] == LIGHT == "#f2f0f7"
    assert foreign["fill_continuous"].iloc[-1] == DARK == "#54278f"
    neutral = cells[cells["unoriented"]]
    ampel = set(PAL.rating.values()) - {PAL.missing} | set(PAL.continuous)
    assert not set(neutral["fill_continuous"]) & ampel
    assert set(neutral["fill_discrete"]) <= set(PAL.neutral.values())
    judged = cells[~cells["unoriented"]]
    assert not set(judged["fill_discrete"]) & (set(PAL.neutral.values()) - {PAL.missing})
    assert judged["fill_continuous"][judged["scaled"] == 0].unique().tolist() == [PAL.continuous[0]]


def test_heatmap_fills_on_a_tiny_matrix():
    up = helpers.make_indicator(
        "up", polarity=Polarity.HIGHER_IS_BETTER, kind=Kind.INDEX, multiplier=1
    )
    share = helpers.make_indicator(
        "n", polarity=Polarity.NO_JUDGEMENT, kind=Kind.INDEX, multiplier=1
    )
    cat = Catalog([up, share])
    obs = complete_values(
        pd.concat(
            [
                helpers.make_obs("up", "2023", values=[10.0, 20.0, 30.0]),
                helpers.make_obs("n", "2023", values=[1.0, 2.0, 3.0]),
            ],
            ignore_index=True,
        ),
        cat,
    )
    exclude = pd.DataFrame({"area_id": ["03"], "indicator": ["up"]})
    data = heatmap.heatmap_matrix(obs, cat, cluster=False, exclude=exclude)
    for pal in palettes.PALETTES.values():
        fills = present.heatmap_fills(data, pal)
        assert fills["up"].tolist() == [pal.continuous[0], pal.continuous[2], ""]
        mid = present.interpolate(pal.neutral_continuous, [0.5])[0]
        assert fills["n"].tolist() == [pal.neutral_continuous[0], mid, pal.neutral_continuous[1]]
    ratings = pd.DataFrame(
        {
            "area_id": ["01", "02", "03", "01", "02", "03"],
            "indicator": ["up"] * 3 + ["n"] * 3,
            "rating": ["red", "green", "grey", "neutral", "neutral", "green"],
            "grade": ["worse", "best", "not_rated", "much_lower", "similar", "better"],
        }
    )
    discrete = present.heatmap_fills(data, PAL, ratings=ratings, discrete=True)
    assert discrete["up"].tolist() == [PAL.rating["red"], PAL.rating["best"], ""]
    # a no-judgement column never shows an Ampel colour, even if handed one
    assert discrete["n"].tolist() == [PAL.neutral["much_lower"], PAL.neutral["similar"], ""]
    with pytest.raises(ValueError, match="discrete heatmap colours need the ratings"):
        present.heatmap_fills(data, PAL, discrete=True)


def test_interpolate_colours():
    assert present.interpolate(("#000000", "#ffffff"), [0, 0.5, 1, np.nan, 2]) == [
        "#000000",
        "#808080",
        "#ffffff",
        "",
        "#ffffff",
    ]
    # three stops: 0.25 is halfway between the first two
    assert present.interpolate(("#ff0000", "#0000ff", "#000000"), [0.25, 0.75]) == [
        "#800080",
        "#000080",
    ]
    with pytest.raises(ValueError, match="expected #rrggbb"):
        present.interpolate(("red", "#000000"), [0.5])


def test_heatmap_chart_orders_and_selection(data, rated, matrix):
    names = data.display_names()
    cells = charts.heatmap_long(matrix, rated, data.catalog, names, "en", PAL)
    spec = charts.heatmap_chart(cells, matrix, palette=PAL, lang="en").to_dict()
    heat = spec["vconcat"][1]["hconcat"][1]
    # sorted by the numeric positions, not by a list (a per-cell sort expression in Vega)
    assert heat["encoding"]["y"]["sort"] == {"field": "row", "op": "min"}
    assert heat["encoding"]["x"]["sort"] == {"field": "col", "op": "min"}
    by_row = {r["row"]: r["area"] for r in spec["datasets"][heat["data"]["name"]]}
    assert [by_row[i] for i in range(len(by_row))] == [names[a] for a in matrix.scaled.index]
    assert heat["encoding"]["color"] == {
        "field": "fill_continuous",
        "scale": None,
        "type": "nominal",
    }
    assert spec["params"][0]["name"] == "cell"
    assert spec["params"][0]["select"]["fields"] == ["area_id"]
    rows = spec["datasets"][heat["data"]["name"]]
    # only what the chart reads reaches the browser (every field is decoded for every cell)
    assert set(rows[0]) == {*charts.HEATMAP_FIELDS, "fill_continuous"}
    lowest = cells[cells["indicator"] == "Share of foreign nationals *"].nsmallest(1, "raw")
    foreign = next(
        r for r in rows if (r["row"], r["col"]) == (lowest["row"].iloc[0], lowest["col"].iloc[0])
    )
    assert foreign["fill_continuous"] == LIGHT
    assert foreign["fill_continuous"] not in (PAL.rating["red"], PAL.continuous[0])
    tips = [t["field"] for t in heat["encoding"]["tooltip"]]
    assert "scaled_text" in tips
    legend = spec["vconcat"][2]["hconcat"]
    titles = [part.get("title", {}).get("text") for part in legend]
    assert titles == [
        None,
        "Position: least → most favourable area (min–max, no significance test)",
        "no judgement: low → high",
        "grey: no value or not rated",
    ]
    neutral_ramp = [r["fill"] for r in spec["datasets"][legend[2]["data"]["name"]]]
    assert (neutral_ramp[0], neutral_ramp[-1]) == (LIGHT, DARK)
    ampel_ramp = [r["fill"] for r in spec["datasets"][legend[1]["data"]["name"]]]
    assert (ampel_ramp[0], ampel_ramp[5], ampel_ramp[-1]) == PAL.continuous


def test_heatmap_chart_discrete_and_without_neutral_columns(data, rated):
    judged = [i for i, ind in data.catalog.items() if ind.polarity is not Polarity.NO_JUDGEMENT]
    matrix = heatmap.heatmap_matrix(
        data.obs(), data.catalog, year="2023", indicators=judged, scale="rank"
    )
    names = data.display_names()
    cells = charts.heatmap_long(matrix, rated, data.catalog, names, "de", PAL)
    spec = charts.heatmap_chart(cells, matrix, palette=PAL, lang="de").to_dict()
    titles = [part.get("title", {}).get("text") for part in spec["vconcat"][2]["hconcat"]]
    assert titles == [
        None,
        "Lage: ungünstigstes → günstigstes Gebiet (Rang-Perzentil, kein Signifikanztest)",
        "grau: kein Wert oder nicht bewertet",
    ]
    spec = charts.heatmap_chart(cells, matrix, palette=PAL, lang="de", discrete=True).to_dict()
    assert len(spec["vconcat"]) == 2  # the rating legend is shown by the page
    heat = spec["vconcat"][1]["hconcat"][1]
    assert heat["encoding"]["color"]["field"] == "fill_discrete"


def test_localised_numbers(data, rated):
    rows = profile.area_profile(rated, data.catalog, "41")
    chart = charts.spine_chart(rows, data.catalog, palette=PAL, lang="de")
    assert charts.localise(chart, "de").to_dict()["config"]["locale"]["number"]["decimal"] == ","
    assert "locale" not in json.dumps(charts.localise(chart, "en").to_dict().get("config", {}))


def test_static_map_and_heatmap_images(data, rated, matrix):
    rows = rated[rated["indicator"] == "sprache"]
    frame = maplayer.map_frame(
        display.simplify_coverage(data.areas()),
        rows,
        data.catalog["sprache"],
        lang="de",
        palette=PAL,
    )
    fig = figures.map_figure(
        frame.to_crs(25832),
        frame["fill"].tolist(),
        title="$x$ Sprache",
        legend=maplayer.legend(data.catalog["sprache"], PAL, "de"),
        overlay=data.areas("stadtbezirk"),
        note="Quelle",
    )
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "Schalke-Nord" in texts
    assert len(texts) == 18
    png = figures.figure_bytes(fig, "png")
    assert png.startswith(b"\x89PNG")
    pdf = figures.figure_bytes(figures.heatmap_figure(matrix, data.catalog, palette=PAL), "pdf")
    assert pdf.startswith(b"%PDF")
    with pytest.raises(ValueError, match="format must be png, pdf or svg"):
        figures.figure_bytes(fig, "gif")
    assert figures.plain_text("$5 & $6") == r"\$5 & \$6"


def _heat_image(fig):
    return next(im for a in fig.axes for im in a.images if im.get_array().ndim == 3)


@pytest.mark.parametrize("name", ["ampel", "safe"])
def test_heatmap_figure_colours_cells_like_the_chart(data, rated, matrix, name):
    pal = palettes.PALETTES[name]
    fig = figures.heatmap_figure(matrix, data.catalog, palette=pal, lang="en")
    image = np.asarray(_heat_image(fig).get_array())
    assert image.shape == (18, 17, 3)
    rows, cols = list(matrix.scaled.index), list(matrix.scaled.columns)
    foreign = cols.index("auslaender")
    lowest = rows.index(matrix.raw["auslaender"].idxmin())
    assert tuple(image[lowest, foreign]) == pytest.approx(to_rgb(pal.neutral_continuous[0]))
    assert tuple(image[lowest, foreign]) != pytest.approx(to_rgb(pal.continuous[0]))
    hessler = image[rows.index("17"), cols.index("ohne_abschluss")]
    assert tuple(hessler) == pytest.approx(to_rgb(pal.missing))
    fills = present.drawn(present.heatmap_fills(matrix, pal), pal)
    expected = np.array([to_rgb(c) for c in fills]).reshape(18, 17, 3)
    np.testing.assert_allclose(image, expected)
    labels = [a.get_ylabel() for a in fig.axes]
    assert "no judgement: low → high" in labels
    assert "Position: least → most favourable area (min–max, no significance test)" in labels
    figures.plt.close(fig)
