"""The upload wizard and the role checks, through AppTest."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from bildungsampel.app import state
from bildungsampel.present.markup import shown
from bildungsampel.service.store import Store
from tests import helpers

CSV = (
    "Stadtteil;Jahr;Übergang aufs Gymnasium;Neuer Indikator\n"
    "Buer;2023;42,5;3\nHessler;2023;20;4\nAtlantis;2023;1;1\nAltstat;2023;30;2\n"
).encode("cp1252")


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A fresh data directory and settings for each test."""
    monkeypatch.setenv("BILDUNGSAMPEL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("BILDUNGSAMPEL_LOCAL_ANALYST", raising=False)

    def reset():
        state.settings.cache_clear()
        st.cache_resource.clear()
        st.cache_data.clear()

    reset()
    yield tmp_path / "data", monkeypatch, reset
    monkeypatch.undo()
    reset()


def start(page=None):
    at = AppTest.from_file(helpers.APP, default_timeout=120).run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def describe(at, ind_id, *, source="Schulstatistik", domain="Formale Bildung"):
    """Fill in and confirm the form of a new indicator."""
    key = f"up_new_{ind_id}_"
    at.text_input(key=key + "label_de").input("Neuer Indikator")
    at.selectbox(key=key + "domain").set_value(domain)
    at.selectbox(key=key + "kind").set_value("proportion")
    at.selectbox(key=key + "polarity").set_value("higher_is_better")
    at.text_input(key=key + "source").input(source)
    return at.button(key=f"FormSubmitter:up_new_{ind_id}-Übernehmen").click().run()


def links(at):
    return [el.proto.label for el in at.get("page_link")]


def test_viewer_sees_no_write_action(fresh):
    at = start()
    assert "Daten hochladen" not in links(at)
    assert "Nur Lesezugriff" in [c.value for c in at.sidebar.caption]
    at = start("pages/hochladen.py")
    assert (
        at.warning[0].value == "Hochladen und Veröffentlichen sind der Rolle Analyse vorbehalten."
    )
    assert not at.get("file_uploader")
    assert not [b for b in at.button if "zurücksetzen" in b.label]


def test_trusted_header_roles(fresh):
    _, monkeypatch, reset = fresh
    monkeypatch.setenv("BILDUNGSAMPEL_AUTH", "header")
    monkeypatch.setenv("BILDUNGSAMPEL_PROXY_SECRET", "x" * 32)
    reset()
    at = start()
    assert "Daten hochladen" not in links(at)  # no header, no user: read-only


def test_analyst_uploads_checks_and_publishes(fresh):
    data_dir, monkeypatch, reset = fresh
    monkeypatch.setenv("BILDUNGSAMPEL_LOCAL_ANALYST", "Anna Analyst")
    reset()
    at = start()
    assert "Daten hochladen" in links(at)
    at = start("pages/hochladen.py")
    at.file_uploader(key="up_file_indicators").set_value(("neu.csv", CSV, "text/csv")).run()
    assert not at.exception
    assert "Erkannt: breit (eine Spalte je Indikator), Zeichensatz cp1252, 4 Zeilen." in [
        c.value for c in at.caption
    ]
    matches = at.dataframe[2].value.set_index("In der Datei")
    assert matches.loc["Hessler", "Gebiet"] == "Heßler"
    assert matches.loc["Altstat", "Zuordnung"] == "ähnlicher Name"
    assert matches.loc["Atlantis", "Zuordnung"] == "offen"
    assert (
        at.error[0].value == "2 Fehler verhindern die Veröffentlichung."
    )  # unknown indicator: one line
    report = at.dataframe[3].value
    assert "Gebiet nicht gefunden" in report["Problem"].tolist()
    assert not [b for b in at.button if b.label == "Jetzt veröffentlichen"]

    # the analyst excludes Atlantis and describes the new indicator
    at.selectbox(key="up_confirm_0").set_value("__skip__").run()
    describe(at, "neuerindikator")
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value == "Keine Fehler: 6 Werte können veröffentlicht werden."
    assert any("Bewertungen ändern sich" in c.value for c in at.caption)
    assert [type(e).__name__ for e in at.main].count("Image") == 2  # preview maps
    before = Store(data_dir).current_id()
    at.button(key="up_publish").click().run()
    assert not at.exception
    assert at.success[-1].value == "Als Version 2 veröffentlicht."
    store = Store(data_dir)
    assert before == 1
    assert store.current_id() == 2
    snap = store.snapshot()
    entry = next(e for e in snap.catalog if e["id"] == "neuerindikator")
    assert (entry["label_de"], entry["source"]) == ("Neuer Indikator", "Schulstatistik")
    row = snap.observations.query(
        "area_id == '41' and indicator == 'gymnasium' and period == '2023'"
    )
    assert row["value"].iloc[0] == 42.5
    assert snap.version["author"] == "Anna Analyst"
    assert snap.version["source_name"] == "neu.csv"


def test_bad_upload_shows_message_and_keeps_store(fresh):
    data_dir, monkeypatch, reset = fresh
    monkeypatch.setenv("BILDUNGSAMPEL_LOCAL_ANALYST", "Anna Analyst")
    reset()
    at = start("pages/hochladen.py")
    db = data_dir / "bildungsampel.sqlite"
    before = db.read_bytes()
    at.file_uploader(key="up_file_indicators").set_value(
        ("kaputt.csv", b"\x89PNG\r\n\x1a\n\x00\x00binary", "text/csv")
    ).run()
    assert not at.exception
    assert shown(at.error[0].value).startswith("kaputt.csv: keine Texttabelle (binärer Inhalt)")
    assert db.read_bytes() == before


def test_analyst_publishes_boundaries_and_rolls_back(fresh):
    import sample_data

    data_dir, monkeypatch, reset = fresh
    monkeypatch.setenv("BILDUNGSAMPEL_LOCAL_ANALYST", "Anna Analyst")
    reset()
    at = start("pages/hochladen.py")
    at.radio(key="_w_up_kind_de").set_value("boundaries").run()
    at.file_uploader(key="up_file_boundaries").set_value(
        ("grenzen.gpkg", sample_data.BOUNDARIES.read_bytes(), "application/octet-stream")
    ).run()
    at.text_input(key="up_b_id_column").input("stadtteil_nr").run()
    at.text_input(key="up_b_name_column").input("stadtteil").run()
    at.text_input(key="up_b_parent_column").input("stadtbezirk").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(m.value.startswith("18 Gebiete, Koordinatensystem ETRS89") for m in at.markdown)
    at.button(key="up_b_publish").click().run()
    assert at.success[-1].value == "Als Version 2 veröffentlicht."
    assert Store(data_dir).versions()["kind"].tolist() == ["boundaries", "init"]
    at.selectbox(key="ver_target").set_value(1).run()
    at.button(key="ver_rollback").click().run()
    assert at.warning[-1].value.startswith("Version 1 wirklich wieder veröffentlichen?")
    assert Store(data_dir).current_id() == 2  # nothing happens before the confirmation
    at.button(key="ver_yes").click().run()
    assert not at.exception
    assert at.success[0].value == "Version 1 ist wieder veröffentlicht (als neue Version 3)."
    store = Store(data_dir)
    assert store.current_id() == 3
    assert store.versions().set_index("id").loc[3, "note"] == "rollback to version 1"


def test_empty_city_points_to_the_upload(fresh):
    import sample_data
    from bildungsampel.service import publishing

    data_dir, monkeypatch, reset = fresh
    store = publishing.open_store(data_dir, create_sample=False)
    check = publishing.prepare_boundaries(
        store,
        sample_data.BOUNDARIES,
        id_column="stadtteil_nr",
        name_column="stadtteil",
        parent_column="stadtbezirk",
    )
    publishing.publish_boundaries(store, check, author="test", city_name="Musterstadt")
    monkeypatch.setenv("BILDUNGSAMPEL_LOCAL_ANALYST", "Anna Analyst")
    reset()
    at = start()
    assert at.info[0].value.startswith("Noch keine Indikatorwerte veröffentlicht.")
    at = start("pages/karte.py")
    assert at.info[0].value.startswith("Noch keine Indikatorwerte veröffentlicht.")
    at = start("pages/hochladen.py")
    assert at.get("file_uploader")


def test_wizard_lists_text_and_emptied_columns_once(fresh):
    _, monkeypatch, reset = fresh
    monkeypatch.setenv("BILDUNGSAMPEL_LOCAL_ANALYST", "Anna Analyst")
    reset()
    table = (
        b"Name;gymnasium;Statusklasse;Stadtteil_Nr\nAltstadt;30,5;hoch;11\nSchalke;28;niedrig;12\n"
    )
    at = start("pages/hochladen.py")
    at.file_uploader(key="up_file_indicators").set_value(("w.csv", table, "text/csv")).run()
    at.text_input(key="up_period").input("2024/25").run()
    assert not at.exception, [e.value for e in at.exception]
    report = at.dataframe[3].value
    assert sorted(report["Spalte"]) == ["Name", "Statusklasse"]  # once each, not once per row
    assert set(report["Problem"]) == {
        "Textspalte (Namen oder Klassen, keine Zahlen): nicht importiert"
    }
    assert at.success[0].value == "Keine Fehler: 2 Werte können veröffentlicht werden."
