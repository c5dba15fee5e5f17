import csv
import dataclasses
import io
from datetime import UTC, datetime

import numpy as np
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from bildungsampel.cli import app
from bildungsampel.present import charts, export, palettes, sheets
from bildungsampel.service import dataset
from indicators import aggregate, heatmap, profile
from indicators.catalog import Catalog, Kind
from tests import helpers

NOTE_DE = (
    "Werte gerundet wie im Dashboard (Anzahlen ganzzahlig, sonst eine Nachkommastelle); "
    "KI = 95-%-Konfidenzintervall; leere Zelle = kein Wert"
)
NOTE_EN = (
    "Values rounded as in the dashboard (counts to whole numbers, else one decimal); "
    "CI = 95 % confidence interval; empty cell = no value"
)
META = sheets.ExportMeta(
    city="Gelsenkirchen",
    level="Stadtteil",
    period="2023",
    indicators=("Übergang aufs Gymnasium",),
    units=("%",),
    sources=("IT.NRW",),
    methods=("Vergleich mit Stadtwert (Konfidenzintervall)",),
    city_value_kinds=("gepoolt",),
    version_id="3",
    published_at="2025-03-12T14:05:00+00:00",
    generated_at=datetime(2025, 3, 13, 9, 30, tzinfo=UTC),
)


def tiny() -> sheets.Table:
    frame = pd.DataFrame(
        {
            "Gebiet": ["Altstadt", "Buer"],
            "Gebiets-ID": ["011", "41"],
            "Wert": [15.553846153846154, np.nan],
            "Anzahl": [1234.6, 7.0],
        }
    )
    return sheets.Table(frame, {"Wert": 1, "Anzahl": 0})


@pytest.fixture(scope="module")
def data():
    return dataset.load_dataset()


@pytest.fixture(scope="module")
def rated(data):
    return dataset.rate(data, year="2023")


def test_german_csv_bytes_exactly():
    expected = (
        "\ufeff"
        "Stadt;Gelsenkirchen\r\n"
        "Ebene;Stadtteil\r\n"
        "Jahr;2023\r\n"
        "Indikator;Übergang aufs Gymnasium\r\n"
        "Einheit;%\r\n"
        "Quelle;IT.NRW\r\n"
        "Bewertungsmethode;Vergleich mit Stadtwert (Konfidenzintervall)\r\n"
        "Stadtwert-Art;gepoolt\r\n"
        "Datenversion;3\r\n"
        "Veröffentlicht am;12.03.2025 14:05 UTC\r\n"
        "Erstellt am;13.03.2025 09:30 UTC\r\n"
        f'Hinweis;"{NOTE_DE}"\r\n'
        "\r\n"
        "Gebiet;Gebiets-ID;Wert;Anzahl\r\n"
        "Altstadt;011;15,6;1235\r\n"
        "Buer;41;;7\r\n"
    )
    assert sheets.csv_bytes(tiny(), lang="de", meta=META) == expected.encode("utf-8")
    assert sheets.META_LINES == 12
    assert sheets.SKIP_ROWS == 13


def test_english_csv_bytes_exactly():
    text = sheets.csv_bytes(tiny(), lang="en", meta=META).decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[:3] == ["City,Gelsenkirchen", "Level,Stadtteil", "Year,2023"]
    assert lines[9:12] == [
        "Published at,2025-03-12 14:05 UTC",
        "Generated at,2025-03-13 09:30 UTC",
        f'Note,"{NOTE_EN}"',
    ]
    assert lines[12:] == [
        "",
        "Gebiet,Gebiets-ID,Wert,Anzahl",
        "Altstadt,011,15.6,1235",
        "Buer,41,,7",
        "",
    ]


def test_csv_without_meta_starts_with_the_header():
    text = sheets.csv_bytes(pd.DataFrame({"a": [1.25, 2.0], "b": ["x", None]}), lang="de")
    assert text == "\ufeffa;b\r\n1,25;x\r\n2;\r\n".encode()


@pytest.mark.parametrize(("lang", "sep", "decimal"), [("de", ";", ","), ("en", ",", ".")])
def test_csv_round_trip(lang, sep, decimal):
    data = sheets.csv_bytes(tiny(), lang=lang, meta=META)
    back = pd.read_csv(
        io.BytesIO(data),
        sep=sep,
        decimal=decimal,
        skiprows=sheets.SKIP_ROWS,
        encoding="utf-8-sig",
        dtype={"Gebiets-ID": str},
    )
    assert list(back.columns) == ["Gebiet", "Gebiets-ID", "Wert", "Anzahl"]
    assert back["Wert"].iloc[0] == 15.6
    assert np.isnan(back["Wert"].iloc[1])
    assert back["Anzahl"].tolist() == [1235, 7]
    assert back["Gebiets-ID"].tolist() == ["011", "41"]
    meta = pd.read_csv(
        io.BytesIO(data), sep=sep, nrows=sheets.META_LINES - 1, header=None, encoding="utf-8-sig"
    )
    assert meta.iloc[0].tolist() == (
        ["Stadt", "Gelsenkirchen"] if lang == "de" else ["City", "Gelsenkirchen"]
    )


def rated_rows(**extra):
    rows = pd.DataFrame(
        {
            "area_id": ["01", "02"],
            "area_name": ["Altstadt", "Buer"],
            "indicator": ["share", "people"],
            "year": ["2023", "2023"],
            "value": [15.553846153846154, 1234.5678],
            "city_value": [20.04, 999.5],
            "ci_low": [12.349, np.nan],
            "ci_high": [19.96, np.nan],
            "rating": ["green", "neutral"],
            "grade": ["better", "higher"],
            "trend": ["improving", "none"],
            "reason": ["grün: …", None],
            "method": ["benchmark", "quantiles"],
            **extra,
        }
    )
    catalog = Catalog(
        [helpers.make_indicator("share"), helpers.make_indicator("people", kind=Kind.COUNT)]
    )
    return rows, catalog


def test_rounding_of_counts_and_shares_per_row():
    rows, catalog = rated_rows()
    text = sheets.csv_bytes(export.ratings(rows, catalog, "de"), lang="de").decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == (
        "Gebiet;Gebiets-ID;Indikator;Jahr;Wert;Einheit;Stadtwert;KI unten;KI oben;"
        "Bewertung;Trend;Bewertungsmethode;Begründung"
    )
    assert lines[1] == (
        "Altstadt;01;Indikator share;2023;15,6;%;20,0;12,3;20,0;▲ günstig;"
        "verbessert sich signifikant;Vergleich mit Stadtwert (Konfidenzintervall);grün: …"
    )
    assert lines[2] == (
        "Buer;02;Indikator people;2023;1235;%;1000;;;◆ höher;nicht berechenbar;Terzile (Rangfolge);"
    )


def test_new_result_columns_are_written_when_present():
    rows, catalog = rated_rows(
        city_value_kind=["pooled", "sum"],
        lower_limit=[18.04, 900.4],
        upper_limit=[22.06, 1100.6],
        trend_direction=["increasing", "none"],
    )
    rows["trend"] = ["no_significant_change", "none"]
    table = export.ratings(rows, catalog, "de")
    assert list(table.frame.columns) == [
        "Gebiet",
        "Gebiets-ID",
        "Indikator",
        "Jahr",
        "Wert",
        "Einheit",
        "Stadtwert",
        "Stadtwert-Art",
        "KI unten",
        "KI oben",
        "Untergrenze",
        "Obergrenze",
        "Bewertung",
        "Trend",
        "Richtung",
        "Bewertungsmethode",
        "Begründung",
    ]
    line = sheets.csv_bytes(table, lang="de").decode("utf-8-sig").split("\r\n")[2]
    assert ";Summe der Gebiete;;;900;1101;" in line
    assert ";keine Richtung;" in line
    assert table.frame["Trend"].tolist() == ["keine signifikante Veränderung", "nicht berechenbar"]
    english = export.ratings(rows, catalog, "en").frame
    assert {"Area ID", "CI low", "CI high", "Lower limit", "Upper limit", "City value kind"} <= set(
        english.columns
    )


@pytest.mark.parametrize("cell", ["=1+1", "-2", "@x", "+1", "\tx", "\rx", '=HYPERLINK("http://x")'])
def test_formulas_neutralised_in_headers_cells_and_meta(cell):
    table = sheets.Table(pd.DataFrame({"Gebiet": [cell, "Buer"], cell: [-2.0, 1.0]}), {cell: 1})
    meta = dataclasses.replace(META, city=cell)
    rows = list(
        csv.reader(
            io.StringIO(
                sheets.csv_bytes(table, lang="de", meta=meta).decode("utf-8-sig"), newline=""
            ),
            delimiter=";",
        )
    )
    assert rows[0] == ["Stadt", "'" + cell]
    header = rows[sheets.SKIP_ROWS :]
    assert header[0] == ["Gebiet", "'" + cell]
    assert header[1] == ["'" + cell, "-2,0"]  # a negative number stays a number
    assert header[2] == ["Buer", "1,0"]

    book = openpyxl.load_workbook(io.BytesIO(sheets.xlsx_bytes(table, lang="de", meta=meta)))
    ws = book.worksheets[0]
    stored = "'" + cell.replace("\r", "\n")  # XML turns a lone CR into LF
    assert ws["B1"].value == stored
    assert ws["A2"].value == stored
    assert ws["A2"].data_type == "s"
    assert ws["B2"].value == -2.0
    assert book["Metadaten"]["B2"].value == stored


def test_neutralise_formulas_frame():
    frame = pd.DataFrame({"name": ["=1+1", "Buer"], "@x": [1.5, 2.0]})
    safe = sheets.neutralise_formulas(frame)
    assert list(safe.columns) == ["name", "'@x"]
    assert safe["name"].tolist() == ["'=1+1", "Buer"]
    assert safe["'@x"].tolist() == [1.5, 2.0]


def test_missing_values_are_empty_never_nan():
    frame = pd.DataFrame(
        {
            "text": ["a", None, np.nan, pd.NA],
            "number": [np.nan, np.inf, 1.0, None],
            "nullable": pd.array([1, None, 3, None], dtype="Int64"),
        }
    )
    text = sheets.csv_bytes(sheets.Table(frame, {"number": 1}), lang="de").decode("utf-8-sig")
    assert text == "text;number;nullable\r\na;;1\r\n;;\r\n;1,0;3\r\n;;\r\n"
    assert "nan" not in text.lower()
    ws = openpyxl.load_workbook(io.BytesIO(sheets.xlsx_bytes(frame, lang="de"))).active
    assert [c.value for c in ws[3]] == [None, None, None]


def test_xlsx_formats_widths_freeze_filter_and_metadata():
    rows, catalog = rated_rows()
    data = sheets.xlsx_bytes(
        export.ratings(rows, catalog, "de"), lang="de", meta=META, sheet="Buer: [Süd]/Nord?"
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Buer_ _Süd__Nord_", "Metadaten"]
    ws = book.worksheets[0]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:M3"
    assert ws["A1"].value == "Gebiet"
    assert ws["A1"].font.bold
    assert (ws["E2"].value, ws["E2"].number_format) == (15.6, "0.0")  # share
    assert (ws["E3"].value, ws["E3"].number_format) == (1235, "0")  # count
    assert (ws["H2"].value, ws["H2"].number_format) == (12.3, "0.0")
    assert ws["H3"].value is None
    assert ws["B2"].value == "01"  # ids stay text
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    assert widths["A"] == len("Altstadt") + 2
    assert widths["B"] == len("Gebiets-ID") + 2
    assert widths["L"] == len("Vergleich mit Stadtwert (Konfidenzintervall)") + 2
    info = book["Metadaten"]
    assert info.freeze_panes == "A2"
    values = [[c.value for c in row] for row in info.iter_rows()]
    assert values[0] == ["Angabe", "Inhalt"]
    assert values[1:4] == [["Stadt", "Gelsenkirchen"], ["Ebene", "Stadtteil"], ["Jahr", "2023"]]
    assert ["Quelle", "IT.NRW"] in values
    assert ["Datenversion", "3"] in values
    assert ["Veröffentlicht am", "12.03.2025 14:05 UTC"] in values
    assert ["Erstellt am", "13.03.2025 09:30 UTC"] in values
    assert ["Stadtwert-Art", "gepoolt"] in values
    assert len(values) == 1 + sheets.META_LINES
    english = openpyxl.load_workbook(io.BytesIO(sheets.xlsx_bytes(tiny(), lang="en", meta=META)))
    assert english.sheetnames == ["Bildungsampel", "Metadata"]
    assert english["Metadata"]["A1"].value == "Field"


def test_xlsx_drops_characters_xml_cannot_hold():
    frame = pd.DataFrame({"name": ["a\x01b\x1f", "ok"]})
    ws = openpyxl.load_workbook(io.BytesIO(sheets.xlsx_bytes(frame, lang="de"))).active
    assert ws["A2"].value == "ab"


@pytest.mark.parametrize(
    ("name", "taken", "expected"),
    [
        ("Buer", (), "Buer"),
        ("a/b\\c*d?e:f[g]", (), "a_b_c_d_e_f_g_"),
        ("x" * 40, (), "x" * 31),
        ("", (), "Tabelle"),
        ("metadaten", ("Metadaten",), "metadaten_"),
    ],
)
def test_sheet_title(name, taken, expected):
    assert sheets.sheet_title(name, taken=taken) == expected


def test_formats_are_the_one_home_of_mime_types():
    assert export.file_args("csv", "trend_x") == {"file_name": "trend_x.csv", "mime": "text/csv"}
    assert export.file_args("xlsx", "p")["mime"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert export.file_args("pdf", "p") == {"file_name": "p.pdf", "mime": "application/pdf"}
    with pytest.raises(KeyError, match="unknown download format 'doc'; known: csv, xlsx"):
        export.file_args("doc", "p")
    with pytest.raises(ValueError, match="tables are downloaded as csv or xlsx, not 'png'"):
        export.write("png", tiny(), lang="de")


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        ("2025-03-12T14:05:00+00:00", "de", "12.03.2025 14:05 UTC"),
        ("2025-03-12T15:05:00+01:00", "en", "2025-03-12 14:05 UTC"),
        (datetime(2025, 1, 2, 3, 4), "de", "02.01.2025 03:04 UTC"),
        ("", "de", ""),
        ("gestern", "de", "gestern"),
    ],
)
def test_format_time(value, lang, expected):
    assert sheets.format_time(value, lang) == expected


def test_dataset_meta_names_version_methods_and_kinds(data, rated):
    versioned = dataclasses.replace(
        data, version={"id": 7, "created_at": "2025-03-12T14:05:00+00:00"}
    )
    rows = rated[rated["indicator"] == "gymnasium"].assign(city_value_kind="pooled")
    meta = export.dataset_meta(versioned, ["gymnasium"], "de", rows=rows, level="stadtteil")
    assert meta.version_id == "7"
    assert meta.published_at == "2025-03-12T14:05:00+00:00"
    assert meta.indicators == ("Übergang aufs Gymnasium",)
    assert meta.units == ("%",)
    assert meta.sources == ("Schulstatistik (IT.NRW)",)
    assert meta.methods == ("Vergleich mit Stadtwert (Konfidenzintervall)",)
    assert meta.city_value_kinds == ("gepoolt aus Zählern und Nennern",)
    assert meta.period == "2022/23"
    assert meta.level == "Stadtteil"
    assert meta.city == "Gelsenkirchen"
    files = export.dataset_meta(data, ["gymnasium"], "en")
    assert files.version_id == (
        "none (files: gelsenkirchen_stadtteile.gpkg, gelsenkirchen_indikatoren.csv, katalog.yaml)"
    )
    assert files.published_at == ""


def test_map_download_of_the_sample_reads_back(data, rated):
    rows = rated[rated["indicator"] == "gymnasium"]
    raw = export.ratings_file(rows, data, fmt="csv", lang="de", level="stadtteil")
    back = pd.read_csv(
        io.BytesIO(raw), sep=";", decimal=",", skiprows=sheets.SKIP_ROWS, encoding="utf-8-sig"
    )
    assert len(back) == 18
    assert back["Wert"].to_numpy() == pytest.approx(rows["value"].round(1).to_numpy())
    assert back["Bewertung"].iloc[0] == "▼ ungünstig"
    assert back["KI unten"].notna().all()


def test_trend_download_carries_indicator_unit_and_source(data):
    obs = data.obs("stadtteil")
    city = aggregate.city_totals(data.observations, data.catalog)
    frame = profile.series(obs, city, "einwohner", ["41"])
    names = {"41": "Buer"}
    text = export.series_file(
        frame, data, "einwohner", names, fmt="csv", lang="de", level="stadtteil"
    ).decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[3] == "Indikator;Einwohnerinnen und Einwohner"
    assert lines[4] == "Einheit;"
    assert lines[5] == "Quelle;Einwohnermelderegister"
    assert lines[sheets.SKIP_ROWS] == "Gebiet;Gebiets-ID;Indikator;Jahr;Wert;Einheit"
    table = [line.split(";") for line in lines[sheets.SKIP_ROWS + 1 : -1]]
    assert {r[0] for r in table} == {"Buer", "Stadt gesamt"}
    assert table[0][1:3] == ["41", "Einwohnerinnen und Einwohner"]
    assert all(r[4].isdigit() for r in table)  # a count: whole numbers


def test_heatmap_download_rounds_per_indicator(data, rated):
    matrix = heatmap.heatmap_matrix(
        data.obs("stadtteil"), data.catalog, year="2023", indicators=["gymnasium", "einwohner"]
    )
    names = data.display_names()
    cells = charts.heatmap_long(
        matrix, rated, data.catalog, names, "en", palettes.PALETTES["ampel"]
    )
    raw = export.heatmap_file(
        cells,
        list(matrix.scaled.columns),
        data,
        fmt="csv",
        lang="en",
        level="stadtteil",
        rated=rated,
    )
    back = pd.read_csv(io.BytesIO(raw), skiprows=sheets.SKIP_ROWS, encoding="utf-8-sig")
    assert list(back.columns) == [
        "Area",
        "Area ID",
        "Indicator",
        "Year",
        "Value",
        "Unit",
        "Scaled value (0..1)",
        "Rating",
    ]
    people = back[back["Indicator"].str.startswith("Inhabitants")]
    assert (people["Value"] == people["Value"].round(0)).all()
    assert (back["Scaled value (0..1)"] == back["Scaled value (0..1)"].round(2)).all()
    meta = raw.decode("utf-8-sig").split("\r\n")
    assert meta[3].startswith("Indicator,")


def test_report_download_has_translated_headers():
    problems = pd.DataFrame(
        {"row": [3], "column": ["wert"], "value": ["=1+1"], "problem": ["x"], "fix": ["y"]}
    )
    text = export.report_file(problems, fmt="csv", lang="de").decode("utf-8-sig")
    assert text == "Zeile;Spalte;Wert;Problem;Lösung\r\n3;wert;'=1+1;x;y\r\n"


def test_cli_csv_stays_machine_readable():
    runner = CliRunner()
    result = runner.invoke(app, ["classify", "--year", "2023", "--format", "csv"])
    assert result.exit_code == 0, result.output
    back = pd.read_csv(io.StringIO(result.stdout))
    assert list(back.columns[:5]) == ["area_id", "area_name", "indicator", "year", "value"]
    value = back.loc[back["indicator"] == "gymnasium", "value"].iloc[0]
    assert value != round(value, 1)  # full precision
    shown = runner.invoke(app, ["classify", "--help"]).stdout.replace("│", " ")
    help_text = " ".join(shown.split())
    assert "csv is machine-readable: comma-separated, decimal point" in help_text
    assert "the dashboard's downloads follow the UI language" in help_text


@pytest.mark.parametrize(
    "cell",
    [
        '＝HYPERLINK("http://evil.example")',  # full-width equals
        "＋1+1",
        "－2",
        "＠SUM(1)",
        "﹦1+1",  # small forms
        "﹢1",
        "﹣1",
        "﹫x",
        "−1+1",  # minus sign
        " =1+1",  # behind a blank
        "\u00a0=1+1",
        "\u200b=cmd|' /C calc'!A0",  # behind an invisible character
        "\ufeff@SUM(1)",
    ],
)
def test_unicode_formula_starters_are_neutralised(cell):
    assert sheets.neutralise(cell) == "'" + cell
    table = sheets.Table(pd.DataFrame({"Gebiet": [cell]}))
    text = sheets.csv_bytes(table, lang="de").decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))[1] == ["'" + cell]
    ws = openpyxl.load_workbook(io.BytesIO(sheets.xlsx_bytes(table, lang="de"))).active
    assert ws["A2"].value == "'" + cell


@pytest.mark.parametrize("cell", ["Buer", "a=b", "Gelsenkirchen-Buer", "10 %", "   ", "", "x@y.de"])
def test_ordinary_text_is_not_neutralised(cell):
    assert sheets.neutralise(cell) == cell
