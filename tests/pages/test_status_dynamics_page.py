"""The status × dynamics page: matrix, bivariate legend, map and the areas to watch."""

from __future__ import annotations

import pandas as pd

from tests import states
from tests.pages.test_any_state import data_dir, failures, plain, render  # noqa: F401 - fixture
from tests.pages.test_composite_pages import STATUS

DYNAMICS = {
    **STATUS,
    "id": "dynamik_index",
    "label_de": "Dynamik-Index",
    "label_en": "Dynamics index",
    "composite": {**STATUS["composite"], "change": {"periods": 2}},
    "rule": {
        "method": "sd_classes",
        "cuts": [-1.0, 1.0],
        "labels_de": ["positiv", "stabil", "negativ"],
        "labels_en": ["improving", "stable", "worsening"],
        "population": "einwohner",
    },
}


def both_indices(d):
    store = states.sample_store(d)
    empty = pd.DataFrame(
        {c: pd.Series([], dtype=float if c in ("value", "numerator", "denominator") else object)
         for c in ("area_id", "indicator", "period", "value", "numerator", "denominator",
                   "missing_reason")}
    )  # fmt: skip
    states.publish(store, empty, [STATUS, DYNAMICS])


def test_the_matrix_counts_add_up_and_the_page_names_the_areas_to_watch(data_dir):  # noqa: F811
    both_indices(data_dir)
    at = render("pages/status_dynamik.py")
    assert not at.exception
    matrix = at.dataframe[0].value
    assert list(matrix.columns) == ["positiv", "stabil", "negativ", "Summe"]
    assert list(matrix.index) == ["hoch", "mittel", "niedrig", "sehr niedrig", "Summe"]
    rated = int(matrix.loc["Summe", "Summe"])
    assert rated == int(matrix.iloc[:4, :3].to_numpy().sum())
    assert matrix["Summe"].iloc[:4].tolist() == matrix.iloc[:4, :3].sum(axis=1).tolist()
    caption = next(c.value for c in at.caption if "von 18 Gebieten" in c.value)
    assert caption.startswith(f"{rated} von 18 Gebieten")
    legend = next(m.value for m in at.markdown if "<table" in m.value)
    assert "Zeilen: Status-Index · Spalten: Dynamik-Index" in legend
    assert [plain(s.value) for s in at.subheader] == ["Ungünstiger Status und Verschlechterung"]
    # the list holds exactly the areas of the unfavourable status classes that worsen
    low = at.dataframe[1].value
    assert len(low) == int(matrix.loc[["niedrig", "sehr niedrig"], "negativ"].sum())
    assert set(low["Status-Index"]) <= {"niedrig", "sehr niedrig"}
    assert set(low["Dynamik-Index"]) == {"negativ"}


def test_without_two_ordered_indices_the_page_says_how_to_add_them(data_dir):  # noqa: F811
    states.sample_store(data_dir)
    at = render("pages/status_dynamik.py")
    assert not at.exception
    assert "kind: composite" in at.info[0].value


def test_every_page_renders_with_a_status_and_a_dynamics_index(data_dir):  # noqa: F811
    both_indices(data_dir)
    crashed = {
        (level, page): errors
        for level in ("stadtteil", "stadtbezirk")
        for page, errors in failures(level=level).items()
    }
    assert crashed == {}


def test_the_areas_with_both_classes_download_as_a_german_office_file(data_dir, monkeypatch):  # noqa: F811
    from streamlit.runtime.media_file_manager import MediaFileManager

    made = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        made[file_id] = (file_name, data_callable)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    both_indices(data_dir)
    at = render("pages/status_dynamik.py")
    buttons = {b.key: made[b.proto.deferred_file_id] for b in at.get("download_button")}
    name, make = buttons["sd_table_csv"]
    assert name == "status_dynamik_neueste_stadtteil.csv"
    text = make().decode("utf-8-sig")
    header = next(line for line in text.splitlines() if line.startswith("Gebiet;"))
    assert header == (
        "Gebiet;Gebiets-ID;Status-Index;Dynamik-Index;Ungünstiger Status und Verschlechterung"
    )
    rows = [line for line in text.splitlines() if line.endswith((";ja", ";nein"))]
    assert len(rows) == 18
    assert sum(line.endswith(";ja") for line in rows) == len(at.dataframe[1].value)
    assert "Datenversion" in text
