"""Every page through AppTest: drive the widgets, assert on what is shown."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests import helpers

APP = helpers.APP


@pytest.fixture
def app():
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def plain(text):
    """Markdown-escaped text as the reader sees it."""
    return text.replace("\\", "")


def goto(at, page):
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def map_args(at):
    return json.loads(at.get("component_instance")[0].proto.json_args)


def heat_spec(at):
    """The heatmap's row and column labels in the order drawn (by ``row`` and ``col``)."""
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    heat = spec["vconcat"][1]["hconcat"][1]
    assert heat["encoding"]["y"]["sort"] == {"field": "row", "op": "min"}
    assert heat["encoding"]["x"]["sort"] == {"field": "col", "op": "min"}
    cells = next(c for c in chart_frames(at) if "scaled_text" in c)
    rows = cells.drop_duplicates("row").sort_values("row")["area"].tolist()
    cols = cells.drop_duplicates("col").sort_values("col")["indicator"].tolist()
    return rows, cols


def chart_frames(at):
    """The data frames of the first Vega-Lite chart (Arrow IPC in the proto)."""
    import pyarrow as pa

    chart = at.get("vega_lite_chart")[0].proto
    return [pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in chart.datasets]


def test_start_page_status_counts_and_watch_list(app):
    assert app.title[0].value == "Bildungsampel – Gelsenkirchen"
    metrics = {m.label: m.value for m in app.metric}
    assert metrics == {
        "Jahre": "2016–2023",
        "Indikatoren": "17",
        "Gebiete: Stadtteil": "18",
        "darüber: Stadtbezirk": "5",
    }
    counts = app.dataframe[0].value.set_index("Handlungsfeld")
    assert counts.loc["Demografie", "◆ ohne Wertung"] == 54
    assert counts.loc["Formale Bildung", "▼ ungünstig"] == 14
    labels = [b.label for b in app.button]
    # red and significantly worsening by the Fingertips rule: Horst's child poverty only
    assert labels == ["Profil von Horst öffnen"]
    app.button(key="watch_31").click().run()
    assert not app.exception
    assert app.title[0].value == "Stadtteilprofil"
    assert plain(app.subheader[0].value) == "Horst"


def test_language_switch_to_english(app):
    app.radio(key="_w_lang_de").set_value("en").run()
    assert app.subheader[0].value == "Data status"
    counts = app.dataframe[0].value
    assert list(counts.columns) == [
        "Domain",
        "▲ favourable",
        "● similar",
        "▼ unfavourable",
        "– not rated",
        "◆ no judgement",
    ]
    assert counts["Domain"].tolist()[-1] == "Socio-economic situation"
    goto(app, "karte")
    assert app.title[0].value == "Map"
    table = app.dataframe[0].value
    assert table.columns[0] == "Area"
    assert table.set_index("Area").loc["Buer", "Value"] == "41.4 %"


def test_map_page_indicator_year_level_method(app):
    goto(app, "karte")
    assert app.selectbox(key="_w_indicator_de").value == "gymnasium"
    table = app.dataframe[0].value.set_index("Gebiet")
    assert len(table) == 18
    assert table.loc["Buer", "Wert"] == "41,4 %"
    assert table.loc["Buer", "Bewertung"] == "▲ günstig"
    args = map_args(app)
    assert args["js_links"] == ["/app/static/vendor/leaflet-1.9.3/leaflet.js"]
    assert args["css_links"] == ["/app/static/vendor/leaflet-1.9.3/leaflet.css"]
    assert args["script"].count('"idx": ') == 18
    assert "https://" not in args["script"]
    assert [b.label for b in app.get("download_button")] == [
        "CSV herunterladen",
        "PNG herunterladen",
        "PDF herunterladen",
    ]

    app.selectbox(key="_w_indicator_de").set_value("ohne_abschluss").run()
    table = app.dataframe[0].value.set_index("Gebiet")
    assert table.loc["Heßler", "Bewertung"] == "– nicht bewertet"
    assert "Zähler unter 5" in table.loc["Heßler", "Begründung"]
    assert table.loc["Heßler", "Wert"] == "Zähler < 5"

    app.selectbox(key="_w_year_de").set_value("2019").run()
    assert "2018/19" in plain(app.caption[0].value)

    app.radio(key="_w_level_de").set_value("stadtbezirk").run()
    table = app.dataframe[0].value
    assert sorted(table["Gebiet"]) == ["Mitte", "Nord", "Ost", "Süd", "West"]
    assert map_args(app)["script"].count('"idx": ') == 5

    app.radio(key="_w_level_de").set_value("stadtteil").run()
    app.selectbox(key="_w_indicator_de").set_value("sprache").run()
    app.selectbox(key="_w_map_method_de").set_value("quantiles").run()
    ratings = app.dataframe[0].value["Bewertung"].value_counts().to_dict()
    assert ratings == {"▲ günstig": 6, "● ähnlich": 6, "▼ ungünstig": 6}

    # a method the catalogue gives no limits for: grey with the reason, not a crash
    app.selectbox(key="_w_map_method_de").set_value("thresholds").run()
    assert not app.exception
    table = app.dataframe[0].value
    assert set(table["Bewertung"]) == {"– nicht bewertet"}
    assert "keine Grenzwerte und keinen Zielwert" in table["Begründung"].iloc[0]


def test_map_and_heatmap_downloads_are_drawn_on_click(app):
    import functools

    from bildungsampel.app import cache, queries

    goto(app, "karte")
    png = functools.partial(
        cache.map_image(queries.MapQuery("stadtteil", "2023", "gymnasium", None, "de", "ampel")),
        fmt="png",
    )
    matrix = queries.HeatmapQuery(
        "stadtteil", None, ("gymnasium", "sprache"), True, "average", "rank"
    )
    pdf = functools.partial(
        cache.heatmap_image(queries.HeatmapImageQuery(matrix, "de", "ampel")), fmt="pdf"
    )
    assert callable(png)
    assert callable(pdf)
    assert png().startswith(b"\x89PNG")
    assert pdf().startswith(b"%PDF")


def test_shared_map_draws_the_same_for_every_session_and_rerun(app):
    goto(app, "karte")
    first = map_args(app)
    app.run()
    other = AppTest.from_file(APP, default_timeout=120)
    other.run()
    goto(other, "karte")
    for args in (map_args(app), map_args(other)):
        assert args["script"] == first["script"]
        assert args["header"] == first["header"]
        assert args["html"] == first["html"]
    assert "#map_div" in first["header"]


def test_a_new_selection_sends_only_its_outline_not_the_map(app):
    app.session_state["area"] = {"stadtteil": "13"}
    goto(app, "karte")
    first = map_args(app)
    app.session_state["area"] = {"stadtteil": "41"}
    app.run()
    second = map_args(app)
    for part in ("script", "header", "html", "id"):  # the cached map, untouched
        assert second[part] == first[part]
    # no area drawn selected in the map itself; the one bold style is the click's own outline
    assert first["script"].count('"weight": 4') == 1
    assert "window.feature_group.push(outline)" in first["script"]
    for args, name in ((first, "13"), (second, "41")):
        layer = args["feature_group"]
        assert layer.count('"type": "Feature"') == 1
        assert '"color": "#000000", "fill": false, "weight": 4' in layer
        assert "map_div.addLayer(feature_group_feature_group_0)" in layer
        assert len(layer) < 10_000, name
    assert first["feature_group"] != second["feature_group"]
    component = app.get("component_instance")[0].proto
    app.session_state["area"] = {"stadtteil": "13"}
    app.run()
    assert map_args(app) == first  # back to the first selection: the same component, same args
    assert app.get("component_instance")[0].proto.id == component.id  # not mounted again


def test_map_palette_and_neutral_indicator(app):
    app.selectbox(key="_w_palette_de").set_value("safe").run()
    goto(app, "karte")
    legend = next(m.value for m in app.markdown if "background:" in m.value)
    assert "#0072b2" in legend
    assert "#d55e00" in legend
    assert "#0072b2" in map_args(app)["script"] or "#d55e00" in map_args(app)["script"]
    app.selectbox(key="_w_indicator_de").set_value("auslaender").run()
    assert any("ohne Wertung" in c.value for c in app.caption)
    assert set(app.dataframe[0].value["Bewertung"].str[0]) == {"◆"}


def test_selection_is_shared_between_pages(app):
    app.session_state["area"] = {"stadtteil": "13"}
    goto(app, "karte")
    assert plain(app.subheader[0].value) == "Schalke-Nord"
    assert "Ausgewählt: Schalke-Nord" in [plain(c.value) for c in app.sidebar.caption]
    app.button(key="map_to_profile").click().run()
    assert app.title[0].value == "Stadtteilprofil"
    assert app.selectbox(key="_w_area_stadtteil_de").value == "13"


def test_heatmap_page_switches(app):
    goto(app, "heatmap")
    rows, cols = heat_spec(app)
    assert len(rows) == 18
    assert len(cols) == 17
    assert set(rows[:2]) == {"Buer", "Resser Mark"}  # the two most favourable cluster together
    # two missing cells and five numerators below 5
    assert any("7 fehlende oder nicht bewertete Zellen" in c.value for c in app.caption)
    spec = json.loads(app.get("vega_lite_chart")[0].proto.spec)
    legend = [p.get("title", {}).get("text") for p in spec["vconcat"][2]["hconcat"]]
    assert "ohne Wertung: niedrig → hoch" in legend
    cells = next(c for c in chart_frames(app) if "scaled_text" in c)
    hover = cells.loc[cells["area"] == "Heßler", "scaled_text"]
    # numerators below 5 in leavers without a qualification and in overweight
    assert hover.tolist().count("nicht bewertet") == 2

    app.radio(key="_w_hm_norm_de").set_value("rank").run()
    spec = json.loads(app.get("vega_lite_chart")[0].proto.spec)
    legend = [p.get("title", {}).get("text") for p in spec["vconcat"][2]["hconcat"]]
    assert (
        "Lage: ungünstigstes → günstigstes Gebiet (Rang-Perzentil, kein Signifikanztest)" in legend
    )
    app.radio(key="_w_hm_norm_de").set_value("minmax").run()
    assert [b.label for b in app.get("download_button")] == [
        "PNG herunterladen",
        "PDF herunterladen",
        "CSV herunterladen",
    ]

    app.radio(key="_w_hm_order_de").set_value("fixed").run()
    rows, _ = heat_spec(app)
    assert rows[:3] == ["Altstadt", "Schalke", "Schalke-Nord"]  # area id order

    app.multiselect(key="_w_hm_domains_de").set_value(["Migration"]).run()
    _, cols = heat_spec(app)
    assert cols == ["Ausländeranteil *", "Kinder unter 6 mit Migrationshintergrund *"]

    app.radio(key="_w_hm_scale_de").set_value("discrete").run()
    legend = next(m.value for m in app.markdown if "background:" in m.value)
    assert "▼ ungünstig" in legend

    app.radio(key="_w_level_de").set_value("stadtbezirk").run()
    rows, _ = heat_spec(app)
    assert sorted(rows) == ["Mitte", "Nord", "Ost", "Süd", "West"]


def test_heatmap_page_too_many_areas_offers_the_districts(app, monkeypatch):
    from indicators import heatmap

    monkeypatch.setattr(heatmap, "MAX_CLUSTER_ROWS", 10)
    goto(app, "heatmap")
    assert not app.exception
    assert plain(app.warning[0].value).startswith(
        "Eine Heatmap mit 18 Gebieten ist nicht lesbar, und das Clustern bräuchte eine "
        "Distanzmatrix mit 153 Einträgen (Grenze: 10 Gebiete)."
    )
    assert not app.get("arrow_vega_lite_chart")
    app.button[0].click().run()
    assert app.radio(key="_w_level_de").value == "stadtbezirk"
    rows, _ = heat_spec(app)
    assert sorted(rows) == ["Mitte", "Nord", "Ost", "Süd", "West"]


def test_profile_page(app):
    goto(app, "profil")
    app.selectbox(key="_w_area_stadtteil_de").set_value("41").run()
    assert plain(app.subheader[0].value) == "Buer"
    table = app.dataframe[0].value.set_index("Indikator")
    assert len(table) == 17
    assert table.loc["Übergang aufs Gymnasium", "Bewertung"] == "▲ günstig"
    assert table.loc["Übergang aufs Gymnasium", "Jahr"] == "2022/23"
    assert app.selectbox(key="_w_year_de").value == "latest"
    assert len(table.loc["Übergang aufs Gymnasium", "Verlauf"]) == 8
    summary = app.markdown[0].value
    green = (table["Bewertung"] == "▲ günstig").sum()
    assert summary.startswith(f"{green} günstig")
    assert [b.label for b in app.get("download_button")] == [
        "CSV herunterladen",
        "Excel herunterladen",
        "Bericht (PDF) herunterladen",
    ]
    app.radio(key="_w_level_de").set_value("stadtbezirk").run()
    assert plain(app.subheader[0].value) in {"Mitte", "Nord", "Ost", "Süd", "West"}


def test_profile_spine_places_the_area_among_all_areas(app):
    # the page explains only the area it shows; the spine must still compare with all 18
    from bildungsampel.service import dataset
    from indicators import profile

    goto(app, "profil")
    app.selectbox(key="_w_area_stadtteil_de").set_value("41").run()
    spine = next(f for f in chart_frames(app) if "pos" in f)
    data = dataset.load_dataset()
    every = dataset.classified(data)
    expected = profile.area_profile(every, data.catalog, "41")
    assert spine["pos"].round(6).tolist() == expected["pos"].round(6).tolist()
    assert spine["pos"].nunique() > 5  # not 0.5 everywhere
    gym = spine[spine["indicator"] == "Übergang aufs Gymnasium"]
    assert gym["rating"].iloc[0] == "▲ günstig"
    assert gym["pos"].iloc[0] > 0.5


def test_compare_page(app):
    goto(app, "vergleich")
    table = app.dataframe[0].value
    assert list(table.columns) == ["Indikator", "Jahr", "Altstadt", "Beckhausen", "Stadtwert"]
    assert set(table["Jahr"]) == {"2023", "2022/23"}
    assert plain(app.caption[0].value) == "Stand: jeweils neuestes Jahr je Indikator (2023)"
    app.multiselect(key="_w_compare_areas_stadtteil_de").set_value(["13", "41", "53"]).run()
    table = app.dataframe[0].value.set_index("Indikator")
    assert list(table.columns) == ["Jahr", "Schalke-Nord", "Buer", "Resser Mark", "Stadtwert"]
    assert table.loc["Übergang aufs Gymnasium", "Buer"].startswith("▲ 41,4 %")
    assert app.get("vega_lite_chart")
    app.multiselect(key="_w_compare_areas_stadtteil_de").set_value(["13"]).run()
    assert app.info[0].value == "Bitte 2 bis 5 Gebiete wählen."


def test_trends_page(app):
    goto(app, "trends")
    app.selectbox(key="_w_indicator_de").set_value("sprache").run()
    app.multiselect(key="_w_trends_areas_stadtteil_de").set_value(["21", "41"]).run()
    table = app.dataframe[0].value.set_index("Gebiet")
    assert sorted(table.index) == ["Buer", "Neustadt"]
    assert table.loc["Neustadt", "Bewertung"] == "▼ ungünstig"
    assert app.caption[0].value == "Trendbewertung über die letzten 5 Jahre bis 2022/23"
    spec = json.loads(app.get("vega_lite_chart")[0].proto.spec)
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Neustadt", "Buer", "Stadt gesamt"]


def test_methods_page(app):
    goto(app, "methodik")
    text = app.markdown[0].value
    assert "Wilson-Intervall" in text
    assert "nie der Durchschnitt der\n   Quoten" in text
    assert "χ² > 9,5495" in text
    assert "Zähler von 1 bis 4" in text
    settings = plain(app.markdown[1].value)
    assert "Vergleich mit dem Stadtwert auf dem 95-%-Niveau" in settings
    catalog = app.dataframe[0].value
    assert len(catalog) == 17
    assert (
        catalog.set_index("Indikator").loc["Übergewicht bei Einschulung", "Polarität"]
        == "niedriger ist günstig"
    )
    provenance = app.markdown[2].value.replace("\\", "")
    assert "Veröffentlichte Version 1 vom " in provenance
    assert "veröffentlicht von bildungsampel init" in provenance
    assert "18 Gebiete, Koordinatensystem ETRS89" in provenance
    assert "2448 Zeilen, 2016–2023" in provenance
    app.radio(key="_w_lang_de").set_value("en").run()
    assert "Wilson interval" in app.markdown[0].value


def test_every_table_download_is_a_german_office_file(app, monkeypatch):
    import functools
    import io

    import openpyxl

    from bildungsampel.app import widgets
    from bildungsampel.present import export, sheets

    made = {}
    original = widgets.downloads

    def record(where, stem, make, *args, formats=("csv",), key, label=None, **options):
        for fmt in formats:
            if export.FORMATS[fmt].kind == "table":
                made[export.file_args(fmt, stem)["file_name"]] = functools.partial(
                    make, *args, fmt=fmt, **options
                )
        return original(where, stem, make, *args, formats=formats, key=key, label=label, **options)

    monkeypatch.setattr(widgets, "downloads", record)
    for page in ("karte", "profil", "vergleich", "trends", "heatmap", "methodik"):
        goto(app, page)
    assert sorted(made) == [
        "ampel_heatmap_neueste_stadtteil.csv",
        "bildungsampel_gymnasium_2022-23_stadtteil.csv",
        "indikatorenkatalog.csv",
        "profil_11_neueste.csv",
        "profil_11_neueste.xlsx",
        "trend_gymnasium_stadtteil.csv",
        "vergleich_neueste_stadtteil.csv",
    ]
    for name, make in made.items():
        data = make()
        if name.endswith(".xlsx"):
            book = openpyxl.load_workbook(io.BytesIO(data))
            assert book.sheetnames == ["Altstadt", "Metadaten"]
            assert book["Altstadt"]["E2"].number_format == "0.0"
            continue
        lines = data.decode("utf-8-sig").split("\r\n")
        assert lines[0] == "Stadt;Gelsenkirchen", name
        assert lines[sheets.META_LINES] == "", name
        assert lines[sheets.SKIP_ROWS].startswith(("Gebiet;Gebiets-ID;", "Indikator;")), name
    trend = made["trend_gymnasium_stadtteil.csv"]().decode("utf-8-sig").split("\r\n")
    assert trend[3:6] == [
        "Indikator;Übergang aufs Gymnasium",
        "Einheit;%",
        "Quelle;Schulstatistik (IT.NRW)",
    ]
