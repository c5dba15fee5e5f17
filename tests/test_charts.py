import json

import numpy as np
import pytest

from bildungsampel import charts, palettes, pipeline, render, views
from geodata import display
from indicators import heatmap, profile

PAL = palettes.PALETTES["ampel"]


@pytest.fixture(scope="module")
def data():
    return pipeline.load_dataset()


@pytest.fixture(scope="module")
def rated(data):
    return pipeline.rate(data, year="2023")


@pytest.fixture(scope="module")
def matrix(data):
    return heatmap.heatmap_matrix(data.obs(), data.catalog, year="2023")


def test_heatmap_cells(data, rated, matrix):
    names = views.names_of(data.areas())
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
    assert buer["fill"].iloc[0] == PAL.rating["green"]
    assert cells["indicator"].str.endswith(" *").sum() == 18 * len(matrix.unoriented)


def test_heatmap_chart_orders_and_selection(data, rated, matrix):
    names = views.names_of(data.areas())
    cells = charts.heatmap_long(matrix, rated, data.catalog, names, "en", PAL)
    spec = charts.heatmap_chart(cells, matrix, palette=PAL, lang="en").to_dict()
    heat = spec["vconcat"][1]["hconcat"][1]
    assert heat["encoding"]["y"]["sort"] == [names[a] for a in matrix.scaled.index]
    assert heat["encoding"]["color"]["condition"]["scale"]["range"] == list(PAL.continuous)
    assert spec["params"][0]["name"] == "cell"
    assert spec["params"][0]["select"]["fields"] == ["area_id"]


def test_localised_numbers(data, rated):
    rows = profile.area_profile(rated, data.catalog, "41")
    chart = charts.spine_chart(rows, data.catalog, palette=PAL, lang="de")
    assert charts.localise(chart, "de").to_dict()["config"]["locale"]["number"]["decimal"] == ","
    assert "locale" not in json.dumps(charts.localise(chart, "en").to_dict().get("config", {}))


def test_static_map_and_heatmap_images(data, rated, matrix):
    rows = rated[rated["indicator"] == "sprache"]
    frame = views.map_frame(
        display.simplify_coverage(data.areas()),
        rows,
        data.catalog["sprache"],
        lang="de",
        palette=PAL,
    )
    fig = render.map_figure(
        frame.to_crs(25832),
        frame["fill"].tolist(),
        title="$x$ Sprache",
        legend=views.legend(data.catalog["sprache"], PAL, "de"),
        overlay=data.areas("stadtbezirk"),
        note="Quelle",
    )
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "Schalke-Nord" in texts
    assert len(texts) == 18
    png = render.figure_bytes(fig, "png")
    assert png.startswith(b"\x89PNG")
    pdf = render.figure_bytes(
        render.heatmap_figure(matrix, data.catalog, colours=PAL.continuous), "pdf"
    )
    assert pdf.startswith(b"%PDF")
    with pytest.raises(ValueError, match="format must be png, pdf or svg"):
        render.figure_bytes(fig, "gif")
    assert render.plain_text("$5 & $6") == r"\$5 & \$6"
