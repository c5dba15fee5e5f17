import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from bildungsampel.present import palettes, statusview
from indicators.catalog import Indicator, Kind, Polarity, Rule
from indicators.status_dynamics import StatusDynamics


def index(polarity: Polarity, n: int) -> Indicator:
    return Indicator(
        id=f"i{n}", label_de="<Index>", label_en="<Index>", domain="d", unit="",
        polarity=polarity, kind=Kind.INDEX,
        rule=Rule(method="sd_classes", cuts=tuple(float(c) for c in range(n - 1))),
    )  # fmt: skip


def sd() -> StatusDynamics:
    counts = pd.DataFrame([[1, 0], [0, 1]], index=["hoch", "<b>tief</b>"], columns=["+", "−"])
    areas = pd.DataFrame({"area_id": ["a", "b"], "status": [0, 1], "dynamics": [0, 1]})
    return StatusDynamics(counts=counts, areas=areas, low_worsening=("b",))


def test_colours_put_the_favourable_status_light_whatever_the_polarity():
    grid = palettes.bivariate(2, statusview._hues(2))
    low_is_good = statusview.colours(sd(), index(Polarity.LOWER_IS_BETTER, 2),
                                     index(Polarity.LOWER_IS_BETTER, 2))  # fmt: skip
    assert low_is_good == grid
    # high values favourable: class 0 (lowest values) is the worst status and worst change
    high_is_good = statusview.colours(sd(), index(Polarity.HIGHER_IS_BETTER, 2),
                                      index(Polarity.HIGHER_IS_BETTER, 2))  # fmt: skip
    assert high_is_good == [[grid[1][1], grid[1][0]], [grid[0][1], grid[0][0]]]


def test_matrix_table_adds_totals():
    table = statusview.matrix_table(sd(), "en")
    assert table.loc["Total"].tolist() == [1, 1, 2]
    assert table["Total"].tolist() == [1, 1, 2]


def test_legend_and_tooltips_are_escaped():
    ind = index(Polarity.LOWER_IS_BETTER, 2)
    html = statusview.legend_html(sd(), ind, ind, "de")
    assert "&lt;b&gt;tief&lt;/b&gt;" in html
    assert "<b>tief" not in html
    assert "&lt;Index&gt;" in html
    display = gpd.GeoDataFrame(
        {"area_id": ["a", "b", "c"], "area_name": ["A", "<B>", "C"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)], crs="EPSG:4326",
    )  # fmt: skip
    frame = statusview.map_frame(display, sd(), ind, ind, lang="de")
    assert frame["tooltip"][1].startswith("<b>&lt;B&gt;</b>")
    assert "ungünstiger Status, Verschlechterung" in frame["tooltip"][1]
    assert frame["fill"][2] == palettes.PALETTES["ampel"].missing
    assert "nicht auf beiden Indizes bewertet" in frame["tooltip"][2]


def test_hues_of_more_dynamics_classes_run_from_improving_to_worsening():
    assert statusview._hues(3) == palettes.BIVARIATE_HUES
    five = statusview._hues(5)
    assert (five[0], five[2], five[4]) == palettes.BIVARIATE_HUES
