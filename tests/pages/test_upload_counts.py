"""The upload wizard with a count table: empty cells are reported, or read as 0 when ticked."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from bildungsampel.app import state
from tests import helpers

#: Inhabitants (kind: count in the sample catalogue) with an empty cell for Schalke.
TABLE = b"Stadtteil;Jahr;einwohner\n11;2024;4000\n12;2024;\n13;2024;1500\n"


@pytest.fixture
def analyst(tmp_path, monkeypatch):
    monkeypatch.setenv("BILDUNGSAMPEL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BILDUNGSAMPEL_LOCAL_ANALYST", "Anna Analyst")

    def reset():
        state.settings.cache_clear()
        st.cache_resource.clear()
        st.cache_data.clear()

    reset()
    yield
    monkeypatch.undo()
    reset()


def test_empty_count_cells_are_reported_and_can_be_read_as_zero(analyst):
    at = AppTest.from_file(helpers.APP, default_timeout=120).run()
    at.switch_page("pages/hochladen.py").run()
    at.file_uploader(key="up_file_indicators").set_value(("ew.csv", TABLE, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    box = at.checkbox(key="up_empty_as_zero")
    assert (box.label, box.value) == ("Leere Zellen als 0 lesen", False)
    report = at.dataframe[3].value
    report = report[report["Spalte"] != "Stadtteil"]  # the note naming the area column
    assert report["Problem"].tolist() == [
        "leere Zelle in einer Spalte mit Anzahlen, bleibt ohne Wert (Zeile 3)"
    ]
    assert report["Spalte"].tolist() == ["einwohner"]
    box.check().run()
    assert not at.exception, [e.value for e in at.exception]
    report = at.dataframe[3].value
    report = report[report["Spalte"] != "Stadtteil"]
    assert report["Problem"].tolist() == [
        "leere Zelle in einer Spalte mit Anzahlen, als 0 gelesen (Zeile 3)"
    ]
    assert at.success[0].value == "Keine Fehler: 3 Werte können veröffentlicht werden."
