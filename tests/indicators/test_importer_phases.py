"""The phases of importing an indicator table, each on its own, and the one path they make.

read → layout → long rows → areas → cells → schema → report; the read-only
file mode, ``classify --indicators`` and ``import indicators`` go the same way.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import sample_data
from bildungsampel.cli import app
from bildungsampel.service import dataset, publishing
from indicators import importer, messages
from indicators.catalog import Catalog
from indicators.catalog_entries import indicator_from_mapping
from indicators.catalog_files import load_catalog
from indicators.importer import areas as area_phase
from indicators.importer import cells, layout, longform, reading, report, validation
from indicators.messages import Message
from indicators.observations import complete_values, normalize_observations
from indicators.tables import RawTable

CATALOG = load_catalog(sample_data.CATALOG)
AREAS = {"11": "Altstadt", "12": "Schalke", "17": "Heßler"}
runner = CliRunner()


def raw(text: str, name: str = "t.csv") -> RawTable:
    return reading.read_upload(text.encode(), name)


def texts(column: pd.Series) -> list[str | None]:
    """The text cells of ``column``, None for a missing one."""
    return [v if isinstance(v, str) else None for v in column]


# ---------------------------------------------------------------- reading


def test_reading_refuses_an_empty_file_and_a_single_column():
    with pytest.raises(importer.UnreadableFileError, match=r"t\.csv: the file is empty"):
        reading.read_upload(b"  \n", "t.csv")
    with pytest.raises(importer.UnreadableFileError, match="only one column was found"):
        reading.read_upload(b"Gebiet\n11\n", "t.csv")


def test_reading_refuses_binary_content_and_size():
    with pytest.raises(importer.UnreadableFileError, match="not a text table"):
        reading.read_upload(b"ab\x00cd;ef\n", "t.csv")
    with pytest.raises(importer.UnreadableFileError, match=r"1\.0 MB, more than the limit of 0 MB"):
        reading.check_size(b"x" * 2**20, "t.csv", max_bytes=10)


def test_xlsx_header_is_found_above_the_first_data_row():
    rows = [
        ["Übergänge 2023", None, None],
        ["Stadtteil", "Jahr", "Gymnasium"],
        ["Altstadt", 2023, 44.5],
    ]
    assert reading._xlsx_headers(rows) == (["Stadtteil", "Jahr", "Gymnasium"], 2)


def test_xlsx_group_row_over_years_is_joined():
    rows = [
        ["Stadtteil", "Gymnasium", "Gymnasium"],
        [None, "2022/23", "2023/24"],
        ["Altstadt", 40.0, 44.5],
    ]
    assert reading._xlsx_headers(rows) == (
        ["Stadtteil", "Gymnasium 2022/23", "Gymnasium 2023/24"],
        2,
    )


# ---------------------------------------------------------------- layout


def test_long_layout_finds_every_role_by_its_german_name():
    table = raw("Gebiet;Indikator;Jahr;Wert;Zähler;Nenner;Grund\n11;gymnasium;2023;;1;2;\n")
    assert layout.detect_mapping(table, CATALOG) == importer.ColumnMapping(
        layout="long",
        area_column="Gebiet",
        period_column="Jahr",
        indicator_column="Indikator",
        value_column="Wert",
        numerator_column="Zähler",
        denominator_column="Nenner",
        reason_column="Grund",
    )


def test_wide_layout_maps_labels_years_and_counts():
    table = raw(
        "Stadtteil;Übergang aufs Gymnasium 2023;Übergang aufs Gymnasium Zähler 2023;"
        "Neue Sache 2023\nAltstadt;40;4;1\n"
    )
    mapping = layout.detect_mapping(table, CATALOG)
    assert mapping.layout == "wide"
    assert mapping.area_column == "Stadtteil"
    assert mapping.indicator_columns == {
        "Übergang aufs Gymnasium 2023": "gymnasium",
        "Neue Sache 2023": "neue_sache",
    }
    assert mapping.column_periods == {
        "Übergang aufs Gymnasium 2023": "2023",
        "Neue Sache 2023": "2023",
    }
    assert mapping.numerator_columns == {
        "Übergang aufs Gymnasium 2023": "Übergang aufs Gymnasium Zähler 2023"
    }
    assert mapping.denominator_columns == {}


def test_catalogue_ids_and_hyphenated_labels_match_headers_as_written():
    entries = [
        {
            "id": "K01",
            "label_de": "Status-summe",
            "label_en": "Status sum",
            "domain": "Soziales",
            "unit": "",
            "polarity": "lower_is_better",
            "kind": "index",
        },
        {
            "id": "K02",
            "label_de": "Kinderarmut",
            "label_en": "Child poverty",
            "domain": "Soziales",
            "unit": "%",
            "polarity": "lower_is_better",
            "kind": "proportion",
        },
    ]
    catalog = Catalog([indicator_from_mapping(e) for e in entries])
    table = raw("PLR;K02;Status-summe;Sonstiges\n0101;12,5;3;x\n")
    mapping = layout.detect_mapping(table, catalog)
    assert mapping.indicator_columns["K02"] == "K02"
    assert mapping.indicator_columns["Statussumme"] == "K01"  # the header reader de-hyphenates


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Gymnasium 2022/23", ("Gymnasium", "2022/23", None)),
        ("Gymnasium Zähler 2022/23", ("Gymnasium", "2022/23", "numerator")),
        ("Gymnasium 2022/23 (Nenner)", ("Gymnasium", "2022/23", "denominator")),
        ("Gymnasium", ("Gymnasium", None, None)),
    ],
)
def test_wide_header_splits_label_period_and_role(header, expected):
    assert layout._wide_header(header, find_period=True) == expected


# ---------------------------------------------------------------- long rows


def test_to_long_keeps_file_lines_and_raw_cells_of_a_wide_table():
    table = raw("Stadtteil;Jahr;gymnasium;sprache\nAltstadt;2023;44,5;.\n Schalke ;2023;viel;12\n")
    mapping = layout.detect_mapping(table, CATALOG)
    long = longform.to_long(table, mapping)
    got = long[["source_row", "source_area", "indicator", "period_raw", "value", "raw_value"]]
    expected = pd.DataFrame(
        {
            "source_row": [2, 3, 2, 3],
            "source_area": ["Altstadt", "Schalke", "Altstadt", "Schalke"],
            "indicator": ["gymnasium", "gymnasium", "sprache", "sprache"],
            "period_raw": ["2023", "2023", "2023", "2023"],
            "value": [44.5, np.nan, np.nan, 12.0],
            "raw_value": ["44,5", "viel", ".", "12"],
        }
    )
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert [texts(long["missing_reason"])] == [[None, "unparsable", "unknown", None]]


def test_to_long_takes_the_reason_column_for_a_missing_value():
    table = raw("area_id;indicator;period;value;missing_reason\n11;gymnasium;2023;;suppressed\n")
    long = longform.to_long(table, layout.detect_mapping(table, CATALOG))
    assert long["missing_reason"].tolist() == ["suppressed"]


def test_to_long_needs_a_year():
    table = raw("Stadtteil;gymnasium\nAltstadt;44\n")
    with pytest.raises(importer.UnreadableFileError, match="no year column"):
        longform.to_long(table, layout.detect_mapping(table, CATALOG))
    long = longform.to_long(table, layout.detect_mapping(table, CATALOG), period=2023)
    assert long["period_raw"].tolist() == [2023]


def test_to_long_names_a_mapped_column_that_is_missing():
    table = raw("Stadtteil;Jahr;gymnasium\nAltstadt;2023;44\n")
    mapping = importer.ColumnMapping(layout="wide", area_column="Gebiet", period_column="Jahr")
    with pytest.raises(importer.UnreadableFileError, match=r"column\(s\) Gebiet not in the table"):
        longform.to_long(table, mapping)


# ---------------------------------------------------------------- areas


def long_of(text: str) -> tuple[pd.DataFrame, importer.ColumnMapping]:
    table = raw(text)
    mapping = layout.detect_mapping(table, CATALOG)
    return longform.to_long(table, mapping), mapping


def test_attach_areas_by_id_name_city_and_parent():
    long, mapping = long_of(
        "Gebiet;Jahr;gymnasium\n11;2023;40\nSchalke;2023;41\nGelsenkirchen;2023;42\n"
        "Mitte;2023;43\nAtlantis;2023;44\n"
    )
    context = area_phase.AreaContext(AREAS, parents={"Mitte": "Mitte"}, city_name="Gelsenkirchen")
    matches, problems = area_phase.attach_areas(long, context, column=mapping.area_column)
    assert texts(long["area_id"]) == ["11", "12", "city", None, None]
    assert matches["how"].tolist() == ["id", "name", "city", "parent", "unmatched"]
    assert [(p.row, p.value, p.severity) for p in problems] == [
        (4, "Gelsenkirchen", "warning"),
        (5, "Mitte", "warning"),
        (6, "Atlantis", "error"),
    ]
    assert problems[2].problem_text("en") == "area not found"


def test_only_the_first_unmatched_names_get_a_line_each(monkeypatch):
    monkeypatch.setattr(area_phase, "UNMATCHED_SHOWN", 2)
    long, _ = long_of("Gebiet;Jahr;gymnasium\n901;2023;1\n902;2023;1\n903;2023;1\n904;2023;1\n")
    _, problems = area_phase.attach_areas(long, area_phase.AreaContext(AREAS), column="Gebiet")
    assert [p.value for p in problems] == ["901", "902", ""]
    assert problems[-1].problem_text("en").startswith("2 more names not found in the boundaries")


def test_known_areas_reads_ids_as_text():
    frame = pd.DataFrame({"area_id": [7, 11], "area_name": ["Sieben", "Altstadt"]})
    assert area_phase.known_areas(frame) == {"7": "Sieben", "11": "Altstadt"}


# ---------------------------------------------------------------- cells and periods


def body_of(text: str) -> pd.DataFrame:
    long, _ = long_of(text)
    long["area_id"] = "11"
    return long


def test_cells_group_infinite_and_implausible_numbers_per_column():
    body = body_of("Gebiet;Jahr;einwohner\nA;2023;1e309\nB;2023;inf\nC;2023;2e15\n")
    found = [(p.row, p.column, p.problem_text("en")) for p in cells.cell_problems(body)]
    assert found == [
        (2, "einwohner", "not a finite number (row 2); 2 rows affected: 2, 3"),
        (
            4,
            "einwohner",
            "magnitude above 10^15, not a plausible figure; the sum over the areas exceeds "
            "the number range (row 4)",
        ),
    ]


def test_cells_warn_for_digits_outside_ascii():
    body = body_of("Gebiet;Jahr;einwohner\nA;2023;４１\n")
    (warning,) = cells.cell_problems(body)
    assert (warning.severity, warning.value, body["value"].tolist()) == ("warning", "４１", [41.0])


def test_periods_are_read_once_and_bad_ones_reported_per_row():
    body = body_of("Gebiet;Jahr;einwohner\nA;2022/23;1\nB;letztes;2\nC;２０２３;3\n")
    mapping = layout.detect_mapping(raw("Gebiet;Jahr;einwohner\nA;2023;1\n"), CATALOG)
    labels, years, problems = cells.read_periods(body, mapping)
    assert labels.tolist() == ["2022/23", None, "2023"]
    assert years.tolist() == [2023, 0, 2023]
    assert [(p.row, p.severity) for p in problems] == [(3, "error"), (4, "warning")]
    assert problems[0].problem_text("en").startswith("not a year or school year")


# ---------------------------------------------------------------- validation


def checked(**columns: object) -> pd.DataFrame:
    rows = {
        "area_id": ["11"],
        "indicator": ["gymnasium"],
        "period": ["2023"],
        "year": [2023],
        "value": [40.0],
        "numerator": [np.nan],
        "denominator": [np.nan],
        "source_row": [2],
        "value_column": ["Wert"],
        "raw_value": ["40"],
        "numerator_column": ["Zähler"],
        "denominator_column": ["Nenner"],
        "source_area": ["11"],
    }
    rows.update({k: [v] for k, v in columns.items()})
    return pd.DataFrame(rows)


def test_every_check_of_the_schema_has_report_words():
    schema = validation.ImportRows.to_schema()
    names = {c.name for c in schema.checks}
    names |= {c.name for col in schema.columns.values() for c in col.checks}
    assert names == set(validation.MESSAGES) - {validation.UNIQUE_CHECK}
    assert names == {
        "plausible_year",
        "count_not_negative",
        "known_indicator",
        "numerator_le_denominator",
        "value_matches_counts",
        "within_unit",
        "non_negative",
    }


@pytest.mark.parametrize(
    ("columns", "column", "problem"),
    [
        ({"value": 140.0}, "Wert", "share above 100 % (row 2)"),
        (
            {"indicator": "einwohner", "value": -3.0},
            "Wert",
            "negative value for a count or rate (row 2)",
        ),
        ({"year": 1950, "period": "1950"}, "year", "implausible year (row 2)"),
        (  # the count column as named in the file
            {"numerator": -1.0, "denominator": 5.0, "value": np.nan},
            "Zähler",
            "negative count (row 2)",
        ),
        (
            {"numerator": 6.0, "denominator": 5.0, "value": np.nan},
            "Zähler, Nenner",
            "numerator greater than denominator: 6 > 5 (row 2)",
        ),
        (
            {"numerator": 1.0, "denominator": 4.0},
            "Wert, Zähler, Nenner",
            "value 40 does not match numerator/denominator 1/4 × 100 = 25 (row 2)",
        ),
        ({"indicator": "unbekannt"}, "Wert", "indicator not in the catalogue (row 2)"),
    ],
)
def test_each_named_check_reports_its_place(columns, column, problem):
    (found,) = validation.validate(checked(**columns), CATALOG)
    assert (found.row, found.column, found.problem_text("en")) == (2, column, problem)


def test_duplicates_are_one_line_per_key():
    rows = pd.concat([checked(), checked(source_row=3)], ignore_index=True)
    (found,) = validation.validate(rows, CATALOG)
    assert (found.column, found.value) == (None, "11 · gymnasium · 2023")
    expected = "duplicate row (area, indicator, year) (row 2); 2 rows affected: 2, 3"
    assert found.problem_text("en") == expected


def test_catalog_facts_are_looked_up_per_indicator():
    rows = pd.concat([checked(), checked(indicator="einwohner"), checked(indicator="neu")])
    facts = validation.with_catalog_facts(rows.reset_index(drop=True), CATALOG)
    assert facts["cat_known"].tolist() == [True, True, False]
    assert facts["cat_upper"].tolist() == [100.0, np.inf, np.inf]
    assert facts["cat_multiplier"].tolist()[:2] == [100.0, 1.0]


# ---------------------------------------------------------------- report and options


@pytest.mark.parametrize(
    ("rows", "lang", "text"),
    [
        ([4], "de", " (Zeile 4)"),
        ([4, 7], "en", " (row 4); 2 rows affected: 4, 7"),
        (list(range(1, 8)), "de", " (Zeile 1); 7 Zeilen betroffen: 1, 2, 3, 4, 5 …"),
    ],
)
def test_rows_text(rows, lang, text):
    assert report.rows_message(rows).text(lang) == text


def test_refusal_names_the_first_errors_and_counts_the_rest(monkeypatch):
    monkeypatch.setattr(report, "REFUSAL_LINES", 2)
    messages.register(
        {
            "test.importer.error": {"de": "Fehler {n}", "en": "error {n}"},
            "test.importer.fix": {"de": "beheben", "en": "fix it"},
            "test.importer.note": {"de": "nur ein Hinweis", "en": "just a note"},
        }
    )
    fix = Message("test.importer.fix")
    errors = [
        importer.Problem(n, "Wert", "x", Message("test.importer.error", {"n": n}), fix)
        for n in range(2, 6)
    ]
    note = Message("test.importer.note")
    warning = dataclasses.replace(errors[0], severity="warning", problem=note)
    prepared = importer.Prepared(
        pd.DataFrame(), importer.ColumnMapping("long", "a"), pd.DataFrame(),
        [warning, *errors], "utf-8", "", "t.csv", 4,
    )  # fmt: skip
    refused = report.refusal(prepared)
    assert refused is not None
    assert refused.text("en").splitlines() == [
        "t.csv: 4 errors, the table is not used:",
        "- row 2, column Wert, 'x': error 2 — fix it",
        "- row 3, column Wert, 'x': error 3 — fix it",
        "… 2 more errors (all of them: bildungsampel import indicators FILE --report report.csv)",
    ]
    assert refused.text("de").splitlines()[:2] == [
        "t.csv: 4 Fehler, die Tabelle wird nicht verwendet:",
        "- Zeile 2, Spalte Wert, 'x': Fehler 2 — beheben",
    ]


def test_import_options_are_frozen_and_default_to_detection():
    options = importer.ImportOptions()
    assert (options.mapping, options.period, options.max_bytes) == (None, None, 50 * 2**20)
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.period = 2023  # type: ignore[misc]


def test_prepare_takes_the_year_from_its_options():
    prepared = importer.prepare(
        b"Gebiet;gymnasium\nAltstadt;44,5\n",
        "t.csv",
        areas=AREAS,
        catalog=CATALOG,
        options=importer.ImportOptions(period="2023/24"),
    )
    assert prepared.ok
    assert prepared.observations[["area_id", "indicator", "period", "value"]].to_dict(
        "records"
    ) == [{"area_id": "11", "indicator": "gymnasium", "period": "2023/24", "value": 44.5}]


def test_accepted_normalises_a_clean_table_and_refuses_an_empty_one():
    prepared = importer.prepare(
        b"Gebiet;Jahr;gymnasium\n11;2023;44,5\n12;2023;.\n", "t.csv", areas=AREAS, catalog=CATALOG
    )
    got = importer.accepted(prepared)
    assert got.columns.tolist() == list(normalize_observations(got).columns)
    assert got["area_id"].tolist() == ["11", "12"]
    assert got["value"].tolist()[0] == 44.5
    assert np.isnan(got["value"].tolist()[1])
    assert texts(got["missing_reason"]) == [None, "unknown"]
    empty = dataclasses.replace(prepared, observations=prepared.observations.iloc[0:0])
    with pytest.raises(importer.ImportRefusedError, match="the table holds no values"):
        importer.accepted(empty)


# ---------------------------------------------------------------- one path for every caller

HOSTILE = {
    "unknown_area": "Stadtteil;Jahr;Übergang aufs Gymnasium\nAtlantis;2023/24;44,5\n"
    "Buer;2023/24;40\n",
    "text_in_value": "Stadtteil;Jahr;Übergang aufs Gymnasium\nBuer;2023/24;viel\n"
    "Heßler;2023/24;18\n",
    "wide_years_in_headers": "Stadtteil;Übergang aufs Gymnasium 2022/23;"
    "Übergang aufs Gymnasium 2023/24\nBuer;140;44,5\nHeßler;18;19\n",
    "german_decimal_comma": "Stadtteil;Jahr;Übergang aufs Gymnasium;einwohner\n"
    "Buer;2023/24;44,5;1.234\nHeßler;2023/24;18,25;7.500\n",
    "sentinel_9999": "Stadtteil;Jahr;Übergang aufs Gymnasium\nBuer;2023/24;-9999\n"
    "Heßler;2023/24;18\n",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return publishing.open_store(tmp_path_factory.mktemp("store"))


def upload_errors(store, data: bytes, name: str) -> list[importer.Problem]:
    prepared, _ = publishing.prepare_indicators(store, data, name)
    return [p for p in prepared.problems if p.severity == "error"]


def file_mode(path):
    return dataset.load_dataset(
        sample_data.BOUNDARIES,
        path,
        id_column="stadtteil_nr",
        name_column="stadtteil",
        parent_column="stadtbezirk",
        city_name="Gelsenkirchen",
    )


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_file_mode_finds_the_same_problems_as_an_upload(case, store, tmp_path):
    path = tmp_path / f"{case}.csv"
    path.write_text(HOSTILE[case], encoding="utf-8")
    errors = upload_errors(store, path.read_bytes(), path.name)
    if not errors:
        data = file_mode(path)  # a table an upload accepts is read the same way
        prepared, _ = publishing.prepare_indicators(store, path.read_bytes(), path.name)
        got = data.obs().merge(prepared.observations, on=["area_id", "indicator", "period"])
        assert len(got) == len(prepared.observations)
        np.testing.assert_allclose(got["value_x"], got["value_y"])
        return
    with pytest.raises(importer.ImportRefusedError) as refused:
        file_mode(path)
    lines = refused.value.text("en").splitlines()
    assert lines[0] == f"{path.name}: {len(errors)} errors, the table is not used:"
    assert lines[1:] == [report._line(p).text("en") for p in errors[: report.REFUSAL_LINES]]


def test_the_hostile_cases_cover_refusal_and_acceptance(store):
    refused = {c for c, t in HOSTILE.items() if upload_errors(store, t.encode(), f"{c}.csv")}
    assert refused == {"unknown_area", "text_in_value", "wide_years_in_headers", "sentinel_9999"}


def test_german_decimal_comma_reads_the_same_in_file_mode(tmp_path):
    path = tmp_path / "komma.csv"
    path.write_text(HOSTILE["german_decimal_comma"], encoding="utf-8")
    obs = file_mode(path).obs().set_index(["area_id", "indicator"])["value"]
    assert obs[("41", "gymnasium")] == 44.5
    assert obs[("41", "einwohner")] == 1234
    assert obs[("17", "gymnasium")] == 18.25


@pytest.mark.parametrize("case", ["unknown_area", "text_in_value"])
def test_classify_indicators_refuses_with_the_report_lines(case, store, tmp_path):
    path = tmp_path / f"{case}.csv"
    path.write_text(HOSTILE[case], encoding="utf-8")
    errors = upload_errors(store, path.read_bytes(), path.name)
    result = runner.invoke(
        app,
        [
            "classify",
            "--boundaries",
            str(sample_data.BOUNDARIES),
            "--indicators",
            str(path),
            "--id-column",
            "stadtteil_nr",
            "--name-column",
            "stadtteil",
            "--parent-column",
            "stadtbezirk",
        ],
    )
    assert result.exit_code == 2
    text = " ".join(result.stderr.split())
    assert f"{path.name}: {len(errors)} errors, the table is not used:" in text
    for problem in errors:
        assert f"{problem.problem_text('en')} — {problem.fix_text('en')}" in text


def test_the_sample_city_goes_the_same_way():
    obs = dataset.read_indicator_file(
        sample_data.INDICATORS,
        dataset.load_dataset().boundaries.areas,
        CATALOG,
        city_name="Gelsenkirchen",
    )
    assert len(obs) == 2448
    reasons = obs["missing_reason"].value_counts().to_dict()
    assert {"suppressed", "not_yet_available", "unknown"} <= set(reasons)


# ---------------------------------------------------------------- counts without a value column


def obs_of(prepared: importer.Prepared) -> list[dict[str, object]]:
    cols = ["area_id", "indicator", "period", "numerator", "denominator"]
    rows = prepared.observations[cols].to_dict("records")
    assert prepared.observations["value"].isna().all()  # computed from the counts when rated
    return rows


def test_long_table_with_counts_and_no_value_column_is_long_and_imports():
    text = "Gebiet;Indikator;Jahr;Zähler;Nenner\n11;gymnasium;2023;30;120\n12;gymnasium;2023;4;8\n"
    mapping = layout.detect_mapping(raw(text), CATALOG)
    assert (mapping.layout, mapping.value_column) == ("long", None)
    assert (mapping.numerator_column, mapping.denominator_column) == ("Zähler", "Nenner")
    prepared = importer.prepare(text.encode(), "t.csv", areas=AREAS, catalog=CATALOG)
    assert prepared.ok, prepared.report("en")
    assert obs_of(prepared) == [
        {"area_id": "11", "indicator": "gymnasium", "period": "2023", "numerator": 30.0,
         "denominator": 120.0},
        {"area_id": "12", "indicator": "gymnasium", "period": "2023", "numerator": 4.0,
         "denominator": 8.0},
    ]  # fmt: skip
    values = complete_values(importer.accepted(prepared), CATALOG)
    assert values["value"].tolist() == [25.0, 50.0]


def test_wide_count_pair_without_value_column_is_one_indicator():
    text = "Stadtteil;Jahr;Gymnasium Zähler;Gymnasium Nenner;sprache\n11;2023;3;12;40\n"
    mapping = layout.detect_mapping(raw(text), CATALOG)
    assert mapping.indicator_columns == {"Gymnasium Zähler": "gymnasium", "sprache": "sprache"}
    assert mapping.numerator_columns == {"Gymnasium Zähler": "Gymnasium Zähler"}
    assert mapping.denominator_columns == {"Gymnasium Zähler": "Gymnasium Nenner"}
    assert mapping.count_only == ("Gymnasium Zähler",)
    prepared = importer.prepare(text.encode(), "t.csv", areas=AREAS, catalog=CATALOG)
    assert prepared.ok, prepared.report("en")
    got = prepared.observations.set_index("indicator")
    assert got.loc["gymnasium", ["numerator", "denominator"]].tolist() == [3.0, 12.0]
    assert np.isnan(got.loc["gymnasium", "value"])
    assert got.loc["sprache", "value"] == 40.0


def test_a_lone_count_column_stays_an_indicator_of_its_own():
    mapping = layout.detect_mapping(raw("Stadtteil;Jahr;Kinder Zähler\n11;2023;3\n"), CATALOG)
    assert mapping.indicator_columns == {"Kinder Zähler": "kinder_zaehler"}
    assert mapping.count_only == ()


def test_whole_long_file_is_one_indicator():
    text = "Gebiet;Jahr;Anteil;Kinder;Alle\n11;2023;25;30;120\n"
    mapping = importer.ColumnMapping(
        layout="long",
        area_column="Gebiet",
        period_column="Jahr",
        single_indicator="gymnasium",
        value_column="Anteil",
        numerator_column="Kinder",
        denominator_column="Alle",
    )
    prepared = importer.prepare(
        text.encode(), "t.csv", areas=AREAS, catalog=CATALOG,
        options=importer.ImportOptions(mapping=mapping),
    )  # fmt: skip
    assert prepared.ok, prepared.report("en")
    assert prepared.observations[["indicator", "value", "numerator"]].to_dict("records") == [
        {"indicator": "gymnasium", "value": 25.0, "numerator": 30.0}
    ]


def test_cli_imports_counts_without_a_value_column(tmp_path, monkeypatch):
    monkeypatch.setenv("BILDUNGSAMPEL_LOCAL_ANALYST", "Anna Analyst")
    path = tmp_path / "counts.csv"
    path.write_text("Gebiet;Indikator;Jahr;Zähler;Nenner\n11;gymnasium;2023/24;30;120\n")
    store = tmp_path / "store"
    result = runner.invoke(
        app, ["import", "indicators", str(path), "--data-dir", str(store), "--publish"]
    )
    assert result.exit_code == 0, result.output
    assert "1 rows read, 1 values, 0 errors" in result.output
    rated = dataset.rate(dataset.from_store(publishing.open_store(store)), lang="en")
    row = rated.query("indicator == 'gymnasium' and area_id == '11' and year == '2023/24'")
    assert row["value"].tolist() == [25.0]
