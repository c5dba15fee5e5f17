"""Consistency checks at import: a value against its own counts, numerator ≤ denominator."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import Workbook

import sample_data
from indicators import importer
from indicators.catalog import Catalog, Kind
from indicators.catalog_files import load_catalog
from tests import helpers

AREAS = {str(n): f"Gebiet {n}" for n in range(1, 13)}
CATALOG = Catalog(
    [
        helpers.make_indicator("anteil"),  # proportion × 100
        helpers.make_indicator("quote", kind=Kind.RATE, multiplier=1000),
        helpers.make_indicator("schnitt", kind=Kind.MEAN, multiplier=1),
        helpers.make_indicator("anzahl", kind=Kind.COUNT, multiplier=1),
        helpers.make_indicator("index", kind=Kind.INDEX, multiplier=1),
    ]
)
LONG = "Gebiet;Indikator;Jahr;Wert;Zähler;Nenner\n"


def prepare(data: bytes | str, name: str = "t.csv") -> importer.Prepared:
    raw = data.encode() if isinstance(data, str) else data
    return importer.prepare(raw, name, areas=AREAS, catalog=CATALOG)


def errors(prepared: importer.Prepared, lang: str = "en") -> pd.DataFrame:
    report = prepared.report(lang)
    flags = pd.Series([p.severity == "error" for p in prepared.problems], dtype=bool)
    return report[flags.to_numpy()].reset_index(drop=True)


def long_row(value: str, num: str, den: str, indicator: str = "anteil", area: int = 1) -> str:
    return f"{area};{indicator};2023;{value};{num};{den}\n"


@pytest.mark.parametrize(
    ("indicator", "value", "num", "den", "consistent"),
    [
        ("anteil", "30", "100", "100", False),  # 30 % of 100/100
        ("anteil", "33,3", "1", "3", True),  # rounded to one decimal
        ("anteil", "33.3", "1", "3", True),  # decimal point
        ("anteil", "33", "1", "3", True),  # rounded to a whole number
        ("anteil", "33,33", "1", "3", True),
        ("anteil", "33,4", "1", "3", False),  # one decimal, 0.07 off
        ("anteil", "34", "1", "3", False),  # whole number, 0.67 off
        ("anteil", "12,5", "1", "8", True),  # decimal comma, exact
        ("anteil", "13", "1", "8", True),  # 12.5 rounded half up
        ("anteil", "12", "1", "8", True),  # 12.5 rounded half to even
        ("anteil", "12,6", "1", "8", False),
        ("anteil", "15", "1", "8", False),
        ("anteil", "0,333", "1", "3", False),  # a fraction, not a percentage
        ("quote", "2,5", "5", "2000", True),  # per 1000
        ("quote", "25", "5", "2000", False),
        ("schnitt", "1.234,5", "12345", "10", True),  # mean from sum and count, thousands
        ("schnitt", "1.300", "12345", "10", False),
        ("anzahl", "30", "100", "100", True),  # counts are not ratios: not checked
        ("index", "30", "100", "100", True),
    ],
)
def test_value_is_checked_against_its_counts(indicator, value, num, den, consistent):
    prepared = prepare(LONG + long_row(value, num, den, indicator))
    found = errors(prepared)
    mismatch = found["problem"].str.contains("does not match numerator/denominator")
    assert mismatch.any() is not consistent, found.to_string()
    assert prepared.ok is consistent


@pytest.mark.parametrize(
    ("value", "num", "den"),
    [
        ("30", "", ""),  # no counts
        ("30", "100", ""),  # numerator only
        ("30", "", "100"),  # denominator only
        ("30", "0", "0"),  # denominator zero: nothing to compare
        ("", "1", "8"),  # no value: it is computed from the counts
        (".", "1", "8"),  # value unknown
    ],
)
def test_a_value_without_both_counts_is_not_checked(value, num, den):
    prepared = prepare(LONG + long_row(value, num, den))
    assert errors(prepared).empty, prepared.report("en").to_string()
    assert prepared.ok


def test_mismatch_message_names_value_and_counts_in_both_languages():
    prepared = prepare(LONG + long_row("30", "100", "100") + long_row("15", "1", "8", area=2))
    de, en = errors(prepared, "de"), errors(prepared, "en")
    assert len(de) == 1  # one line per column and problem
    assert de.loc[0, "row"] == 2
    assert de.loc[0, "column"] == "Wert, Zähler, Nenner"
    assert de.loc[0, "value"] == "30"
    assert de.loc[0, "problem"] == (
        "Wert 30 passt nicht zu Zähler/Nenner 100/100 × 100 = 100 (Zeile 2); "
        "2 Zeilen betroffen: 2, 3"
    )
    assert en.loc[0, "problem"] == (
        "value 30 does not match numerator/denominator 100/100 × 100 = 100 (row 2); "
        "2 rows affected: 2, 3"
    )
    assert "leer lassen" in de.loc[0, "fix"]
    assert "leave the value empty" in en.loc[0, "fix"]


def test_mismatch_message_shows_decimals_in_the_language():
    prepared = prepare(LONG + long_row("15", "1", "8"))
    de, en = errors(prepared, "de"), errors(prepared, "en")
    assert de.loc[0, "problem"] == "Wert 15 passt nicht zu Zähler/Nenner 1/8 × 100 = 12,5 (Zeile 2)"
    assert en.loc[0, "problem"] == (
        "value 15 does not match numerator/denominator 1/8 × 100 = 12.5 (row 2)"
    )
    mean = prepare(LONG + long_row("5", "7", "2", "schnitt"))  # multiplier 1 is not shown
    assert errors(mean).loc[0, "problem"] == (
        "value 5 does not match numerator/denominator 7/2 = 3.5 (row 2)"
    )


def test_many_bad_rows_are_one_line_naming_the_first_rows():
    body = "".join(long_row("30", "100", "100", area=n) for n in range(1, 8))
    body += long_row("33", "1", "3", area=9)  # fine
    prepared = prepare(LONG + body)
    found = errors(prepared)
    assert len(found) == 1
    assert found.loc[0, "problem"].endswith("(row 2); 7 rows affected: 2, 3, 4, 5, 6 …")
    assert (
        errors(prepared, "de")
        .loc[0, "problem"]
        .endswith("(Zeile 2); 7 Zeilen betroffen: 2, 3, 4, 5, 6 …")
    )


def test_numerator_above_denominator_is_reported_at_the_count_columns():
    table = "Gebiet;Indikator;Jahr;Wert;Anzahl;Basis\n" + long_row("", "9", "8")
    table += long_row("", "12", "10", area=2) + long_row("", "1", "8", area=3)
    prepared = prepare(table)
    assert not prepared.ok
    en, de = errors(prepared, "en"), errors(prepared, "de")
    assert len(en) == 1
    assert en.loc[0, "column"] == "Anzahl, Basis"
    assert en.loc[0, "value"] == "9 > 8"
    assert en.loc[0, "problem"] == (
        "numerator greater than denominator: 9 > 8 (row 2); 2 rows affected: 2, 3"
    )
    assert de.loc[0, "problem"] == (
        "Zähler größer als Nenner: 9 > 8 (Zeile 2); 2 Zeilen betroffen: 2, 3"
    )
    assert "swapped" in en.loc[0, "fix"]
    assert "vertauscht" in de.loc[0, "fix"]


def test_numerator_above_denominator_only_for_proportions():
    prepared = prepare(LONG + long_row("", "12", "10", "quote"))  # a rate can exceed its base
    assert prepared.ok, prepared.report("en").to_string()


WIDE = (
    "Gebiet;Jahr;Indikator anteil;Indikator anteil Zähler;Indikator anteil Nenner\n"
    "1;2023;30;100;100\n"
    "2;2023;12,5;1;8\n"
    "3;2023;33;1;3\n"
    "4;2023;15;9;8\n"
)


def test_wide_table_takes_its_count_columns():
    raw = importer.read_upload(WIDE.encode(), "w.csv")
    mapping = importer.detect_mapping(raw, CATALOG)
    assert mapping.layout == "wide"
    assert mapping.indicator_columns == {"Indikator anteil": "anteil"}
    assert mapping.numerator_columns == {"Indikator anteil": "Indikator anteil Zähler"}
    assert mapping.denominator_columns == {"Indikator anteil": "Indikator anteil Nenner"}
    obs = prepare(WIDE).observations.set_index("area_id")
    assert obs.loc["2", ["value", "numerator", "denominator"]].tolist() == [12.5, 1.0, 8.0]


def test_wide_csv_reports_both_checks_at_its_columns():
    found = errors(prepare(WIDE))
    assert found[["row", "column", "problem"]].to_dict("records") == [
        {
            "row": 2,
            "column": "Indikator anteil, Indikator anteil Zähler, Indikator anteil Nenner",
            "problem": "value 30 does not match numerator/denominator 100/100 × 100 = 100 "
            "(row 2); 2 rows affected: 2, 5",
        },
        {
            "row": 5,
            "column": "Indikator anteil Zähler, Indikator anteil Nenner",
            "problem": "numerator greater than denominator: 9 > 8 (row 5)",
        },
    ]


@pytest.mark.parametrize(
    "headers",
    [
        ["Anteil 2022/23", "Anteil Zähler 2022/23", "Anteil Nenner 2022/23"],
        ["Anteil 2022/23", "Anteil 2022/23 (Zähler)", "Anteil 2022/23 (Nenner)"],
    ],
)
def test_wide_counts_with_the_year_in_the_header(headers):
    catalog = Catalog([helpers.make_indicator("Anteil")])
    table = "Gebiet;" + ";".join(headers) + "\n1;30;100;100\n2;12,5;1;8\n"
    prepared = importer.prepare(table.encode(), "w.csv", areas=AREAS, catalog=catalog)
    assert prepared.mapping.numerator_columns == {headers[0]: headers[1]}
    assert prepared.mapping.column_periods == {headers[0]: "2022/23"}
    found = errors(prepared)
    assert found["column"].tolist() == [", ".join(headers)]
    assert found.loc[0, "problem"] == (
        "value 30 does not match numerator/denominator 100/100 × 100 = 100 (row 2)"
    )


def test_counts_without_a_value_column_stay_indicator_columns():
    raw = importer.read_upload(b"Gebiet;Jahr;Indikator anteil Zaehler\n1;2023;5\n", "w.csv")
    mapping = importer.detect_mapping(raw, CATALOG)
    assert mapping.indicator_columns == {"Indikator anteil Zaehler": "indikator_anteil_zaehler"}
    assert mapping.numerator_columns == {}


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_long_and_wide_numbers_and_text_cells():
    long = xlsx(
        [
            ["Gebiet", "Indikator", "Jahr", "Wert", "Zähler", "Nenner"],
            [1, "anteil", 2023, 30, 100, 100],
            [2, "anteil", 2023, "12,5", 1, 8],  # text with a decimal comma
            [3, "anteil", 2023, 1 / 3 * 100, 1, 3],  # full precision
            [4, "anteil", 2023, 15.0, 1, 8],
        ]
    )
    found = errors(prepare(long, "l.xlsx"))
    assert found["problem"].tolist() == [
        "value 30 does not match numerator/denominator 100/100 × 100 = 100 (row 2); "
        "2 rows affected: 2, 5"
    ]
    wide = xlsx(
        [
            [
                "Gebiet",
                "Jahr",
                "Indikator anteil",
                "Indikator anteil Zähler",
                "Indikator anteil Nenner",
            ],
            [1, 2023, 12.5, 1, 8],
            [2, 2023, 15, 1, 8],
            [3, 2023, 33, 4, 3],
        ]
    )
    found = errors(prepare(wide, "w.xlsx"))
    assert found["column"].tolist() == [
        "Indikator anteil, Indikator anteil Zähler, Indikator anteil Nenner",
        "Indikator anteil Zähler, Indikator anteil Nenner",
    ]
    assert found["row"].tolist() == [3, 4]


def test_counts_mismatch_rule():
    def s(*x: float) -> pd.Series:
        return pd.Series(x, dtype=float)

    got = importer.counts_mismatch(
        s(30, 33, 33.3, 12.5, 15, 33.5, 33.4, float("nan"), 30),
        s(100, 1, 1, 1, 1, 1, 1, 1, float("nan")),
        s(100, 3, 3, 8, 8, 3, 3, 8, 100),
        s(100, 100, 100, 100, 100, 100, 100, 100, 100),
    )
    assert got.tolist() == [True, False, False, False, True, True, True, False, False]


def test_sample_data_and_its_values_rounded_from_counts_import_cleanly():
    sample = load_catalog(sample_data.CATALOG)
    areas = importer.known_areas(
        pd.read_csv(sample_data.INDICATORS, dtype=str)
        .drop_duplicates("area_id")
        .assign(area_name=lambda f: "Gebiet " + f["area_id"])
    )
    frame = pd.read_csv(sample_data.INDICATORS, dtype=str)
    counts = frame["numerator"].astype(float) / frame["denominator"].astype(float)
    mult = frame["indicator"].map(lambda i: sample[i].multiplier)
    fill = frame["value"].isna() & counts.notna()
    assert fill.sum() > 2000
    for decimals in (None, 0, 1, 2):
        table = frame.copy()
        if decimals is not None:
            table.loc[fill, "value"] = [
                f"{v:.{decimals}f}".replace(".", ",") for v in (counts * mult)[fill]
            ]
        data = table.to_csv(index=False, sep=";").encode()
        prepared = importer.prepare(data, "sample.csv", areas=areas, catalog=sample)
        assert prepared.ok, (decimals, prepared.report("en").head().to_string())
        assert len(prepared.observations) == len(frame)
