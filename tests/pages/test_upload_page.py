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
    describe(at, "neuer_indikator")
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
    entry = next(e for e in snap.catalog if e["id"] == "neuer_indikator")
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
    # once each, not once per row; the area column found by its ids, the names beside it
    assert report[["Spalte", "Problem"]].values.tolist() == [
        [
            "Name",
            "Namensspalte (Gebietsnamen der veröffentlichten Grenzen): nicht importiert, die "
            "Gebiete kommen aus Spalte 'Stadtteil_Nr'",
        ],
        [
            "Stadtteil_Nr",
            "Spalte 'Stadtteil_Nr' ist die Gebietsspalte: 2 von 2 Werten sind Gebietsnummern "
            "der veröffentlichten Grenzen",
        ],
        ["Statusklasse", "Textspalte (Namen oder Klassen, keine Zahlen): nicht importiert"],
    ]
    labels = {b.key: b.label for b in at.get("download_button")}
    assert labels["up_report_rows_csv"] == "Alle Fundstellen zeilenweise herunterladen"
    assert at.success[0].value == "Keine Fehler: 2 Werte können veröffentlicht werden."


KITA = (
    b"Stadtteil;Schuljahr;Kinder in Kitas;Kinder 3 bis unter 6;Anteil in %\n"
    b"Altstadt;2023/24;30;120;25,0\nSchalke;2023/24;10;40;25,0\n"
)


def analyst_page(fresh):
    _, monkeypatch, reset = fresh
    monkeypatch.setenv("BILDUNGSAMPEL_LOCAL_ANALYST", "Anna Analyst")
    reset()
    return start("pages/hochladen.py")


def set_roles(at, rows):
    """Edit the roles table: row number → (indicator, German role word)."""
    at.session_state["up_columns"] = {
        "edited_rows": {n: {"Indikator": ind, "Rolle": role} for n, (ind, role) in rows.items()},
        "added_rows": [],
        "deleted_rows": [],
    }
    return at.run()


def test_kita_trio_is_one_indicator_and_its_source_is_required(fresh):
    data_dir, _, _ = fresh
    at = analyst_page(fresh)
    at.file_uploader(key="up_file_indicators").set_value(("kita.csv", KITA, "text/csv")).run()
    roles = at.data_editor(key="up_columns").value
    assert roles["Rolle"].tolist() == ["Wert", "Wert", "Wert"]  # detected: three indicators
    at = set_roles(at, {0: ("kita", "Zähler"), 1: ("kita", "Nenner"), 2: ("kita", "Wert")})
    assert not at.exception, [e.value for e in at.exception]
    assert [e.label for e in at.expander] == ["kita"]  # one new indicator, not three
    describe(at, "kita", source="")
    assert at.error[0].value == "kita: bitte noch ausfüllen: Quelle"
    assert [e.label for e in at.expander] == ["kita"]  # the form stays, nothing taken
    assert at.text_input(key="up_new_kita_label_de").value == "Neuer Indikator"
    describe(at, "kita")
    assert not at.exception, [e.value for e in at.exception]
    assert at.expander[0].label == "✓ kita: Neuer Indikator (übernommen)"
    assert at.success[0].value == "Keine Fehler: 2 Werte können veröffentlicht werden."
    at.button(key="up_publish").click().run()
    snap = Store(data_dir).snapshot()
    entry = next(e for e in snap.catalog if e["id"] == "kita")
    assert (entry["source"], entry["domain"]) == ("Schulstatistik", "Formale Bildung")
    rows = snap.observations.query("indicator == 'kita'").sort_values("area_id")
    assert rows[["area_id", "value", "numerator", "denominator"]].values.tolist() == [
        ["11", 25.0, 30.0, 120.0],
        ["12", 25.0, 10.0, 40.0],
    ]


def test_counts_without_a_value_column_import_in_the_wizard(fresh):
    at = analyst_page(fresh)
    at.file_uploader(key="up_file_indicators").set_value(("kita.csv", KITA, "text/csv")).run()
    at = set_roles(at, {0: ("gymnasium", "Zähler"), 1: ("gymnasium", "Nenner"), 2: ("", "Wert")})
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value == "Keine Fehler: 2 Werte können veröffentlicht werden."
    report = at.dataframe[3].value  # the columns not imported, once each
    assert report[["Spalte", "Problem"]].values.tolist() == [
        ["Anteil in %", "nicht importiert, wie angegeben"],
        [
            "Stadtteil",
            "Spalte 'Stadtteil' ist die Gebietsspalte: 2 von 2 Werten sind Gebietsnamen der "
            "veröffentlichten Grenzen",
        ],
    ]
    at = set_roles(at, {0: ("gymnasium", "Zähler"), 1: ("gymnasium", "Zähler")})
    assert shown(at.error[0].value).startswith(
        "Indikator gymnasium: zwei Spalten in derselben Rolle ('Kinder in Kitas', "
        "'Kinder 3 bis unter 6')"
    )


def test_long_layout_defaults_never_take_the_area_column(fresh):
    at = analyst_page(fresh)
    at.file_uploader(key="up_file_indicators").set_value(("kita.csv", KITA, "text/csv")).run()
    at.radio(key="up_layout").set_value("long").run()
    assert not at.exception, [e.value for e in at.exception]
    picked = {k: at.selectbox(key=k).value for k in ("up_ind_col", "up_val_col", "up_num_col")}
    assert picked == {"up_ind_col": "(keine)", "up_val_col": "Anteil in %", "up_num_col": "(keine)"}
    assert "Stadtteil" not in at.selectbox(key="up_ind_col").options
    assert at.error[0].value.startswith("keine Indikatorspalte gewählt")
    at.text_input(key="up_single_ind").input("gymnasium").run()
    assert at.success[0].value == "Keine Fehler: 2 Werte können veröffentlicht werden."


def test_roles_survive_a_look_at_the_long_layout(fresh):
    at = analyst_page(fresh)
    at.file_uploader(key="up_file_indicators").set_value(("kita.csv", KITA, "text/csv")).run()
    at = set_roles(at, {0: ("kita", "Zähler"), 1: ("kita", "Nenner"), 2: ("kita", "Wert")})
    at.radio(key="up_layout").set_value("long").run()
    at.radio(key="up_layout").set_value("wide").run()
    assert not at.exception, [e.value for e in at.exception]
    roles = at.data_editor(key="up_columns").value
    assert roles[["Indikator", "Rolle"]].values.tolist() == [
        ["kita", "Zähler"],
        ["kita", "Nenner"],
        ["kita", "Wert"],
    ]
    assert [e.label for e in at.expander] == ["kita"]


CATALOG_YAML = """indicators:
  - id: kita
    label_de: Kinder in Kitas
    label_en: Children in day care
    domain: Frühe Bildung
    unit: "%"
    polarity: higher_is_better
    kind: proportion
    multiplier: 100
    source: Kita-Statistik 2023
"""


def test_a_catalogue_upload_replaces_the_forms(fresh):
    data_dir, _, _ = fresh
    at = analyst_page(fresh)
    at.file_uploader(key="up_file_indicators").set_value(("kita.csv", KITA, "text/csv")).run()
    at = set_roles(at, {0: ("kita", "Zähler"), 1: ("kita", "Nenner"), 2: ("kita", "Wert")})
    at.file_uploader(key="up_catalog").set_value(
        ("katalog.yaml", CATALOG_YAML.encode(), "application/x-yaml")
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    captions = [shown(c.value) for c in at.caption]
    assert "1 Katalogeinträge aus katalog.yaml übernommen: kita" in captions
    assert not at.expander  # no form: the catalogue describes the indicator
    at.button(key="up_publish").click().run()
    entry = next(e for e in Store(data_dir).snapshot().catalog if e["id"] == "kita")
    assert (entry["domain"], entry["source"]) == ("Frühe Bildung", "Kita-Statistik 2023")


def test_a_broken_catalogue_upload_is_a_message(fresh):
    at = analyst_page(fresh)
    at.file_uploader(key="up_file_indicators").set_value(("kita.csv", KITA, "text/csv")).run()
    at.file_uploader(key="up_catalog").set_value(
        ("katalog.yaml", b"indicators:\n  - id: kita\n", "application/x-yaml")
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    assert shown(at.error[0].value) == (
        "katalog.yaml, Eintrag 1 (kita): Pflichtfeld(er) fehlen: label_de, domain, polarity, kind"
    )


#: English words that must not appear in the German wizard (case-sensitive, whole words).
ENGLISH = (
    "row",
    "column",
    "value",
    "problem",
    "fix",
    "Choose an option",
    "per file",
    "Drag and drop",
    "Browse files",
    "label_de",
    "label_en",
    "multiplier",
    "guessed",
    "unmatched",
    "fuzzy",
    "Source",
    "Domain",
    "Kind",
    "Polarity",
    "none",
)


def visible_texts(at):
    """Labels, placeholders, options, headers and messages the page shows."""
    texts = []
    for kind in ("selectbox", "text_input", "radio", "number_input", "text_area", "button"):
        for widget in at.get(kind):
            texts.append(widget.label)
            texts.append(getattr(widget.proto, "placeholder", ""))
            texts += [str(o) for o in getattr(widget, "options", [])]
    for kind in ("caption", "markdown", "subheader", "error", "warning", "success", "info"):
        texts += [str(e.value) for e in at.get(kind)]
    texts += [e.label for e in at.expander]
    texts += [e.proto.label for e in at.get("file_uploader")]
    for frame in at.dataframe:
        texts += [str(c) for c in frame.value.columns]
    texts += [str(v) for v in at.data_editor(key="up_columns").value["Rolle"]]
    return [x for x in texts if x]


def english_in(texts):
    import re

    return sorted(
        {w for w in ENGLISH for x in texts if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", x)}
    )


def test_the_german_wizard_has_no_english_words(fresh):
    at = analyst_page(fresh)
    table = CSV  # an unknown area, a similar name, a new indicator: every step has something
    at.file_uploader(key="up_file_indicators").set_value(("neu.csv", table, "text/csv")).run()
    seen = visible_texts(at)
    describe(at, "neuer_indikator", source="")  # the message of a missing source
    seen += visible_texts(at)
    at.selectbox(key="up_confirm_0").set_value("__skip__").run()
    describe(at, "neuer_indikator")
    seen += visible_texts(at)  # the preview
    at.radio(key="up_layout").set_value("long").run()
    seen += [w.label for w in at.selectbox] + [str(e.value) for e in at.error]
    assert any("Vorschau" in x for x in seen)  # the walk reached the preview
    assert english_in(seen) == []
    assert english_in(["row", "Zeile", "Choose an option"]) == ["Choose an option", "row"]
