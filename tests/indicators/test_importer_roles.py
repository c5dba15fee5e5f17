"""The analyst's column roles: per-indicator value, numerator and denominator; long guesses."""

from __future__ import annotations

from dataclasses import replace

import pytest

import sample_data
from indicators import importer
from indicators.catalog_files import load_catalog
from indicators.importer import layout, reading

CATALOG = load_catalog(sample_data.CATALOG)
AREAS = {"11": "Altstadt", "12": "Schalke"}
KITA = (
    "Stadtteil;Jahr;Kinder in Kitas;Kinder 3 bis unter 6;Anteil in %;Name\n"
    "Altstadt;2023;30;120;25,0;a\nSchalke;2023;10;40;25,0;b\n"
)


def raw(text: str):
    return reading.read_upload(text.encode(), "t.csv")


def test_three_columns_are_numerator_denominator_and_value_of_one_indicator():
    mapping = importer.wide_from_roles(
        {
            "Kinder in Kitas": ("kita", "numerator"),
            "Kinder 3 bis unter 6": ("kita", "denominator"),
            "Anteil in %": ("kita", "value"),
            "Name": ("", "value"),
        },
        area_column="Stadtteil",
        period_column="Jahr",
    )
    assert mapping.indicator_columns == {"Anteil in %": "kita"}
    assert mapping.numerator_columns == {"Anteil in %": "Kinder in Kitas"}
    assert mapping.denominator_columns == {"Anteil in %": "Kinder 3 bis unter 6"}
    assert mapping.skipped_columns == {"Name": "asked"}
    assert mapping.count_only == ()
    prepared = importer.prepare(
        KITA.encode(),
        "t.csv",
        areas=AREAS,
        catalog=CATALOG,
        options=importer.ImportOptions(mapping=mapping),
    )
    rows = prepared.observations[["area_id", "indicator", "value", "numerator", "denominator"]]
    assert rows.to_dict("records") == [
        {"area_id": "11", "indicator": "kita", "value": 25.0, "numerator": 30.0,
         "denominator": 120.0},
        {"area_id": "12", "indicator": "kita", "value": 25.0, "numerator": 10.0,
         "denominator": 40.0},
    ]  # fmt: skip


def test_counts_alone_make_an_indicator_whose_value_is_computed():
    mapping = importer.wide_from_roles(
        {"Kinder in Kitas": ("kita", "numerator"), "Kinder 3 bis unter 6": ("kita", "denominator")},
        area_column="Stadtteil",
        period_column="Jahr",
    )
    assert mapping.indicator_columns == {"Kinder in Kitas": "kita"}
    assert mapping.count_only == ("Kinder in Kitas",)
    long = importer.to_long(raw(KITA), mapping)
    assert long["numerator"].tolist() == [30.0, 10.0]
    assert long["value"].isna().all()


def test_a_role_twice_and_a_lone_count_are_refused_with_the_columns():
    with pytest.raises(importer.UnreadableFileError, match=r"kita: two columns in the same role"):
        importer.wide_from_roles(
            {"a": ("kita", "value"), "b": ("kita", "value")}, area_column="x", period_column=None
        )
    with pytest.raises(
        importer.UnreadableFileError, match=r"kita: neither a value column nor .*\('a'\)"
    ):
        importer.wide_from_roles({"a": ("kita", "numerator")}, area_column="x", period_column=None)


def test_header_years_keep_value_columns_of_one_indicator_apart():
    table = raw("Gebiet;Anteil 2022;Anteil 2023\n11;1;2\n")
    detected = layout.detect_mapping(table, CATALOG)
    roles = importer.wide_roles(detected, ["Gebiet", "Anteil 2022", "Anteil 2023"])
    assert roles == {"Anteil 2022": ("anteil", "value"), "Anteil 2023": ("anteil", "value")}
    mapping = importer.wide_from_roles(
        roles, area_column="Gebiet", period_column=None, detected=detected
    )
    assert mapping.column_periods == {"Anteil 2022": "2022", "Anteil 2023": "2023"}


def test_detected_roles_round_trip():
    table = raw(
        "Gebiet;Jahr;Gymnasium Zähler;Gymnasium Nenner;sprache;Name\n11;2023;1;2;3;Altstadt\n"
    )
    detected = layout.detect_mapping(table, CATALOG)
    roles = importer.wide_roles(detected, [str(c) for c in table.frame.columns])
    assert roles == {
        "Gymnasium Zähler": ("gymnasium", "numerator"),
        "Gymnasium Nenner": ("gymnasium", "denominator"),
        "sprache": ("sprache", "value"),
        "Name": ("", "value"),
    }
    again = importer.wide_from_roles(
        roles, area_column="Gebiet", period_column="Jahr", detected=detected
    )
    assert again == detected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the reviewer's table: never the area column, the value by its header word
        (KITA, (None, "Anteil in %", None, None)),
        ("Gebiet;Jahr;Merkmal;Wert\n11;2023;a;1\n12;2023;a;2\n", ("Merkmal", "Wert", None, None)),
        (
            "Gebiet;Jahr;Thema;Zähler;Nenner\n11;2023;a;1;2\n12;2023;a;1;2\n",
            ("Thema", None, "Zähler", "Nenner"),
        ),
        ("Gebiet;Jahr;x;y\n11;2023;1;2\n12;2023;3;4\n", (None, None, None, None)),
    ],
)
def test_long_guess_never_picks_area_or_year(text, expected):
    table = raw(text)
    area = str(table.frame.columns[0])
    guess = importer.long_guess(table, area_column=area, period_column="Jahr")
    got = (
        guess.indicator_column,
        guess.value_column,
        guess.numerator_column,
        guess.denominator_column,
    )
    assert got == expected


def test_long_table_needs_an_indicator_and_a_value_or_both_counts():
    table = raw("Gebiet;Jahr;Wert;Zähler\n11;2023;1;2\n")
    base = importer.ColumnMapping(layout="long", area_column="Gebiet", period_column="Jahr")
    with pytest.raises(importer.UnreadableFileError, match="no indicator column chosen"):
        importer.to_long(table, base)
    single = replace(base, single_indicator="gymnasium")
    with pytest.raises(importer.UnreadableFileError, match="no value column chosen"):
        importer.to_long(table, single)
    with_value = replace(single, value_column="Wert")
    assert importer.to_long(table, with_value)["indicator"].tolist() == ["gymnasium"]
