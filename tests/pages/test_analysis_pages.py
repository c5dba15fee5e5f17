"""The allocation and interactions pages through AppTest: widgets, shown numbers, clicks."""

import io
import json

import pandas as pd
import pytest
from scipy import stats
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from bildungsampel.present import sheets
from bildungsampel.service import dataset, publishing
from indicators.periods import sort_periods
from tests import helpers
from tests.pages.test_pages import chart_frames, goto, heat_spec, map_args, plain


@pytest.fixture
def app():
    at = AppTest.from_file(helpers.APP, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def euros(texts):
    """Sum of German amounts as shown ("1.234,56")."""
    return round(sum(float(v.replace(".", "").replace(",", ".")) for v in texts), 2)


def click(at, chart_index, selection):
    """Send a click on an altair chart with ``on_select="rerun"`` (its selection state)."""
    chart = at.get("vega_lite_chart")[chart_index]
    state = WidgetState(id=chart.proto.id, string_value=json.dumps({"selection": selection}))
    states = at._tree.get_widget_states()
    states.widgets.append(state)
    at._run(states)
    assert not at.exception, [e.value for e in at.exception]


@pytest.fixture
def made(monkeypatch):
    """File name → a function making the file, for every download button a page draws."""
    import functools

    from bildungsampel.app import widgets

    found = {}
    original = widgets.downloads

    def record(where, stem, make, *args, formats=("csv",), key, label=None, **options):
        for fmt in formats:
            found[f"{stem}.{fmt}"] = functools.partial(make, *args, fmt=fmt, **options)
        return original(where, stem, make, *args, formats=formats, key=key, label=label, **options)

    monkeypatch.setattr(widgets, "downloads", record)
    return found


def goto_allocation(app):
    """Open the allocation page with the need these tests check by hand (child poverty)."""
    app.session_state["alloc_need"] = "sgb2_u15"
    goto(app, "mittelverteilung")


def test_allocation_page_defaults_to_a_need_whose_higher_values_are_unfavourable(app):
    goto(app, "mittelverteilung")
    assert app.selectbox[1].value == "ohne_abschluss"  # the first lower_is_better indicator
    assert not app.exception


def test_allocation_page_splits_the_budget_exactly(app):
    goto_allocation(app)
    assert app.title[0].value == "Mittelverteilung nach Bedarf"
    rule = plain(app.markdown[0].value)
    assert rule.startswith(
        "1.000.000,00 € auf 18 Gebiete verteilt, im Verhältnis zum Bedarf Unter 15-Jährige in "
        "SGB-II-Bedarfsgemeinschaften (2023) × Zielbevölkerung Einwohnerinnen und Einwohner (2023)."
    )
    table = app.dataframe[0].value
    assert len(table) == 18
    assert euros(table["Zuteilung (€)"]) == 1_000_000.00
    assert euros(table["Gießkanne (€)"]) == 1_000_000.00
    # the even split is the same per head everywhere: 1,000,000 € / 253,500 inhabitants
    assert set(table["Gießkanne je Kopf (€)"]) == {"3,94"}
    assert [b.label for b in app.get("download_button")] == [
        "CSV herunterladen",
        "Excel herunterladen",
    ]
    args = map_args(app)
    assert args["script"].count('"idx": ') == 18
    assert "https://" not in args["script"]
    # coloured by the difference: Buer loses most (the far orange end of the diverging scale)
    assert "#b35806" in args["script"]
    assert plain(app.markdown[1].value).count("background:") == 4  # −max, 0, +max, left out
    app.radio(key="_w_alloc_show_de").set_value("per_capita").run()
    assert "€ je Kopf" in plain(app.markdown[1].value)
    assert map_args(app)["script"] != args["script"]


def test_allocation_page_floor_cap_posts_and_classes(app):
    goto_allocation(app)
    app.text_input(key="alloc_floor_cent").set_value("40.000").run()
    app.text_input(key="alloc_cap_cent").set_value("80.000").run()
    table = app.dataframe[0].value
    amounts = [float(v.replace(".", "").replace(",", ".")) for v in table["Zuteilung (€)"]]
    assert min(amounts) >= 40_000
    assert max(amounts) <= 80_000
    assert euros(table["Zuteilung (€)"]) == 1_000_000.00
    assert "Mindestens 40.000,00 € je Gebiet. Höchstens 80.000,00 € je Gebiet." in plain(
        app.markdown[0].value
    )

    app.radio(key="_w_alloc_unit_de").set_value("post").run()
    app.radio(key="_w_alloc_mode_de").set_value("classes").run()
    assert [n.key for n in app.number_input] == [
        "alloc_w_best",
        "alloc_w_better",
        "alloc_w_similar",
        "alloc_w_worse",
        "alloc_w_worst",
    ]
    table = app.dataframe[0].value
    assert "Klasse" in table.columns
    assert sum(int(v) for v in table["Zuteilung (Stellen)"]) == 20
    # with every class weighted 1 the classes change nothing: the even split per head
    for key in ("alloc_w_best", "alloc_w_better", "alloc_w_worse", "alloc_w_worst"):
        app.number_input(key=key).set_value(1.0).run()
    table = app.dataframe[0].value
    assert table["Zuteilung (Stellen)"].tolist() == table["Gießkanne (Stellen)"].tolist()
    assert set(table["Differenz (Stellen)"]) == {"0"}


def test_allocation_page_says_what_is_wrong(app):
    goto_allocation(app)
    app.text_input(key="alloc_floor_cent").set_value("100.000").run()
    assert plain(app.error[0].value) == (
        "Mindestbetrag 100.000,00 € × 18 Gebiete = 1.800.000,00 € übersteigt das Budget "
        "1.000.000,00 €; bitte den Mindestbetrag senken oder das Budget erhöhen"
    )
    app.text_input(key="alloc_floor_cent").set_value("viel").run()
    assert "Mindestbetrag 'viel' ist kein Geldbetrag" in plain(app.error[0].value)
    app.radio(key="_w_lang_de").set_value("en").run()
    assert app.title[0].value == "Needs-based allocation"
    assert "floor 'viel' is not an amount of money" in plain(app.error[0].value)


def test_allocation_download_is_a_german_office_file_with_rule_and_version(app, made):
    goto_allocation(app)
    assert sorted(made) == [
        "mittelverteilung_sgb2_u15_neueste_stadtteil.csv",
        "mittelverteilung_sgb2_u15_neueste_stadtteil.xlsx",
    ]
    lines = made["mittelverteilung_sgb2_u15_neueste_stadtteil.csv"]()
    lines = lines.decode("utf-8-sig").split("\r\n")
    meta = dict(line.split(";", 1) for line in lines[: sheets.META_LINES])
    assert meta["Datenversion"] == "1"
    assert meta["Hinweis"].startswith('"1.000.000,00 € auf 18 Gebiete verteilt')
    table = pd.read_csv(
        io.StringIO("\r\n".join(lines[sheets.SKIP_ROWS :])), sep=";", decimal=",", thousands="."
    )
    assert round(table["Zuteilung (€)"].sum(), 2) == 1_000_000.00
    shown = app.dataframe[0].value
    assert euros(shown["Zuteilung (€)"]) == round(table["Zuteilung (€)"].sum(), 2)


def test_interactions_page_r_interval_and_order(app):
    goto(app, "heatmap")
    _rows, heat_order = heat_spec(app)
    goto(app, "wechselwirkungen")
    assert app.title[0].value == "Wechselwirkungen"
    cells = next(f for f in chart_frames(app) if "r_text" in f)
    order = cells.drop_duplicates("x_pos").sort_values("x_pos")["x_label"].tolist()
    assert order == [h.removesuffix(" *") for h in heat_order]  # "*": no judgement
    assert "Ökologische Korrelation" in app.info[0].value

    data = dataset.from_store(publishing.open_store(None))
    x, y = app.selectbox(key="_w_inter_x_de").value, app.selectbox(key="_w_inter_y_de").value
    obs = data.obs("stadtteil")
    latest = {i: sort_periods(list(obs.loc[obs["indicator"] == i, "period"]))[-1] for i in (x, y)}
    pick = obs[obs["period"] == obs["indicator"].map(latest)]
    both = pick.pivot(index="area_id", columns="indicator", values="value")[[x, y]].dropna()
    r = stats.pearsonr(both[x], both[y])[0]
    shown = plain(app.markdown[0].value)
    assert shown.startswith(f"r = {r:.2f}".replace(".", ","))
    assert shown.endswith(f"(Fisher-z), n = {len(both)} Gebiete")

    app.radio(key="_w_inter_method_de").set_value("spearman").run()
    rho = stats.spearmanr(both[x], both[y])[0]
    assert plain(app.markdown[0].value).startswith(f"ρ = {rho:.2f}".replace(".", ","))


def test_interactions_click_selects_the_area(app):
    goto(app, "wechselwirkungen")
    assert app.session_state["area"] == {}
    click(app, 1, {"point": [{"area_id": "31"}]})
    assert app.session_state["area"]["stadtteil"] == "31"
    assert [b.label for b in app.button] == ["Profil von Horst öffnen"]
    spec = json.loads(app.get("vega_lite_chart")[1].proto.spec)
    dots = spec["layer"][1]
    assert dots["encoding"]["color"]["title"] == "Stadtbezirk"
    assert spec["params"][0]["name"] == "point"
    assert spec["params"][0]["select"]["fields"] == ["area_id"]


def test_interactions_download_has_every_pair_once_with_r_and_n(app, made):
    goto(app, "wechselwirkungen")
    assert sorted(made) == [
        "korrelationen_pearson_neueste_stadtteil.csv",
        "korrelationen_pearson_neueste_stadtteil.xlsx",
    ]
    lines = made["korrelationen_pearson_neueste_stadtteil.csv"]().decode("utf-8-sig")
    lines = lines.split("\r\n")
    meta = dict(line.split(";", 1) for line in lines[: sheets.META_LINES])
    assert meta["Hinweis"].startswith("Pearson (linear). Ökologische Korrelation")
    table = pd.read_csv(io.StringIO("\r\n".join(lines[sheets.SKIP_ROWS :])), sep=";", decimal=",")
    k = 17  # the sample city's indicators
    assert len(table) == k * (k - 1) // 2
    assert list(table.columns) == ["Indikator 1", "Indikator 2", "r", "n"]
    assert table["n"].between(3, 18).all()
    assert table["r"].between(-1, 1).all()
    data = dataset.from_store(publishing.open_store(None))
    x, y = app.selectbox(key="_w_inter_x_de").value, app.selectbox(key="_w_inter_y_de").value
    obs = data.obs("stadtteil")
    latest = {i: sort_periods(list(obs.loc[obs["indicator"] == i, "period"]))[-1] for i in (x, y)}
    pick = obs[obs["period"] == obs["indicator"].map(latest)]
    both = pick.pivot(index="area_id", columns="indicator", values="value")[[x, y]].dropna()
    row = table[
        (table["Indikator 1"] == data.catalog[x].label("de"))
        & (table["Indikator 2"] == data.catalog[y].label("de"))
    ]
    assert row["r"].tolist() == [round(stats.pearsonr(both[x], both[y])[0], 3)]
    assert row["n"].tolist() == [len(both)]
