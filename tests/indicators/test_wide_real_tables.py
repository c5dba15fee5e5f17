"""Wide tables as statistics offices publish them: id column anywhere, names, population, text."""

from __future__ import annotations

import io

import pandas as pd
import pytest

import sample_data
from bildungsampel.present import export
from indicators import importer
from indicators.catalog import Catalog
from indicators.catalog_entries import indicator_from_mapping
from indicators.catalog_files import load_catalog
from indicators.messages import Message

CATALOG = load_catalog(sample_data.CATALOG)
AREAS = {"11": "Altstadt", "12": "Schalke", "13": "Schalke-Nord"}
TABLE = (
    "Name;Einwohner;Übergang aufs Gymnasium;Statusklasse;Stadtteil_Nr\n"
    "Altstadt;5.000;30,5;hoch;11\n"
    "Schalke;7.250;28;niedrig;12\n"
    "Schalke-Nord;3.100;x;mittel;13\n"
)


def test_id_column_last_names_population_and_text_classes():
    result = importer.prepare(
        TABLE.encode(),
        "werte.csv",
        areas=AREAS,
        catalog=CATALOG,
        options=importer.ImportOptions(period="2024/25"),
    )
    assert result.mapping.area_column == "Stadtteil_Nr"
    assert result.mapping.indicator_columns == {
        "Einwohner": "einwohner",
        "Übergang aufs Gymnasium": "gymnasium",
    }
    assert result.mapping.skipped_columns == {"Name": "names", "Statusklasse": "text"}
    skipped = [p for p in result.problems if p.column in ("Name", "Statusklasse")]
    assert [(p.column, p.row, p.severity) for p in skipped] == [
        ("Name", None, "warning"),
        ("Statusklasse", None, "warning"),
    ]  # once per column, not once per row
    assert [p.problem_text("de") for p in skipped] == [
        "Namensspalte (Gebietsnamen der veröffentlichten Grenzen): nicht importiert, die Gebiete "
        "kommen aus Spalte 'Stadtteil_Nr'",
        "Textspalte (Namen oder Klassen, keine Zahlen): nicht importiert",
    ]
    assert not [p for p in result.problems if p.severity == "error"]
    values = result.observations.set_index(["area_id", "indicator"])["value"]
    assert values[("12", "einwohner")] == 7250.0
    assert values[("11", "gymnasium")] == 30.5


def test_skip_only_and_strict_choose_the_columns():
    def run(**options):
        return importer.prepare(
            TABLE.encode(),
            "werte.csv",
            areas=AREAS,
            catalog=CATALOG,
            options=importer.ImportOptions(period="2024/25", **options),
        )

    skipped = run(skip_columns=("Einwohner",))
    assert set(skipped.mapping.indicator_columns) == {"Übergang aufs Gymnasium"}
    assert skipped.mapping.skipped_columns["Einwohner"] == "asked"
    only = run(only_columns=("Einwohner",))
    assert set(only.mapping.indicator_columns) == {"Einwohner"}
    assert set(only.observations["indicator"]) == {"einwohner"}
    with pytest.raises(importer.UnreadableFileError, match=r"column\(s\) 'Fehlt' are not in"):
        run(skip_columns=("Fehlt",))
    # the names beside the area column are no foreign column; the text classes are
    with pytest.raises(
        importer.UnreadableFileError, match=r"column\(s\) 'Statusklasse' are no catalogue"
    ):
        run(strict=True)
    assert run(strict=True, skip_columns=("Statusklasse",)).mapping.skipped_columns == {
        "Name": "names",
        "Statusklasse": "asked",
    }


# ---------------------------------------------------------------- a statistics-office export

N_AREAS = 542
#: Published ids with leading zeros; the office writes them as numbers (1001, 1002.0 …).
OFFICE_AREAS = {f"{1001 + i:05d}": f"Planungsraum {i:03d}" for i in range(N_AREAS)}
OFFICE_CATALOG = Catalog(
    [
        indicator_from_mapping(e)
        for e in (
            {
                "id": "k01",
                "label_de": "Kinderarmut",
                "label_en": "Child poverty",
                "domain": "Soziales",
                "unit": "%",
                "polarity": "lower_is_better",
                "kind": "proportion",
                "multiplier": 100,
            },
            {
                "id": "k11",
                "label_de": "Anteil SGB II",
                "label_en": "Share SGB II",
                "domain": "Soziales",
                "unit": "%",
                "polarity": "lower_is_better",
                "kind": "proportion",
                "multiplier": 100,
            },
            {
                "id": "status",
                "label_de": "Statussumme",
                "label_en": "Status sum",
                "domain": "Soziales",
                "unit": "",
                "polarity": "lower_is_better",
                "kind": "index",
            },
            {
                "id": "einwohner",
                "label_de": "Einwohnerinnen und Einwohner",
                "label_en": "Inhabitants",
                "domain": "Demografie",
                "unit": "",
                "polarity": "no_judgement",
                "kind": "count",
                "multiplier": 1,
            },
        )
    ]
)
#: File lines (the header is line 1) with a share above 100 % in K11, and a -9999 in K01.
OVER_100 = (17, 230, 412)
CODED = (5, 99)


def office_table(*, id_header: str = "RAUMID", float_ids: bool = False) -> bytes:
    """A wide table as an office exports it: names first, population, the ids last."""
    header = (
        f"Name;Einwohnerinnen und Einwohner insgesamt;K01;K11;Status-summe;Statusklasse;{id_header}"
    )
    lines = [header]
    for i, (area_id, name) in enumerate(OFFICE_AREAS.items()):
        line = i + 2
        k01 = "-9999" if line in CODED else f"{10 + i % 30},5"
        k11 = f"{100 + line / 100:.2f}".replace(".", ",") if line in OVER_100 else f"{i % 50},25"
        written_id = f"{int(area_id)}.0" if float_ids else str(int(area_id))
        status = "hoch" if i % 2 else "mittel"
        lines.append(
            f"{name};{1000 + i:_};{k01};{k11};{i % 7},5;{status};{written_id}".replace("_", ".")
        )
    return ("\n".join(lines) + "\n").encode()


def prepare_office(data: bytes, **options) -> importer.Prepared:
    return importer.prepare(
        data,
        "planungsraeume.csv",
        areas=OFFICE_AREAS,
        catalog=OFFICE_CATALOG,
        options=importer.ImportOptions(period="2023", missing_values=("-9999",), **options),
    )


def test_office_export_id_column_last_found_by_its_content():
    result = prepare_office(office_table())
    mapping = result.mapping
    assert mapping.area_column == "RAUMID"
    assert mapping.indicator_columns == {
        "Einwohnerinnen und Einwohner insgesamt": "einwohner",
        "K01": "k01",  # uppercase id, catalogue "k01"
        "K11": "k11",
        "Statussumme": "status",  # "Status-summe" de-hyphenated, the catalogue's label
    }
    assert mapping.skipped_columns == {"Name": "names", "Statusklasse": "text"}
    # one line per column and problem: 542 rows make 5 lines, not one per row
    lines = [(p.column, p.severity, p.problem_text("de")) for p in result.problems]
    assert lines == [
        (
            "Name",
            "warning",
            "Namensspalte (Gebietsnamen der veröffentlichten Grenzen): nicht importiert, die "
            "Gebiete kommen aus Spalte 'RAUMID'",
        ),
        (
            "RAUMID",
            "warning",
            "Spalte 'RAUMID' ist die Gebietsspalte: 542 von 542 Werten sind Gebietsnummern der "
            "veröffentlichten Grenzen",
        ),
        (
            "Statusklasse",
            "warning",
            "Textspalte (Namen oder Klassen, keine Zahlen): nicht importiert",
        ),
        ("K11", "error", "Anteil über 100 % (Zeile 17); 3 Zeilen betroffen: 17, 230, 412"),
    ]
    obs = result.observations.set_index(["area_id", "indicator"])
    assert len(obs) == N_AREAS * 4
    assert obs.loc[("01001", "einwohner"), "value"] == 1000.0
    assert obs.loc[("01542", "einwohner"), "value"] == 1541.0  # "1.541": thousands point
    assert obs.loc[("01001", "status"), "value"] == 0.5  # decimal comma
    assert obs.loc[("01004", "k01"), "missing_reason"] == "declared_code"  # line 5: -9999
    assert obs.loc[("01001", "k01"), "value"] == 10.5


def test_office_export_per_row_list_has_every_row():
    result = prepare_office(office_table())
    rows = result.row_report("de")
    over = rows[rows["problem"] == "Anteil über 100 %"]
    assert over[["row", "column", "value"]].values.tolist() == [
        [17, "K11", "100,17"],
        [230, "K11", "102,30"],
        [412, "K11", "104,12"],
    ]
    assert set(over["fix"]) == {"Wert als Prozent (0–100) angeben"}
    english = result.row_report("en")
    assert "share above 100 %" in set(english["problem"])
    # German Excel: ';', BOM, the columns in German, every row a line
    data = export.report_rows_file(result, fmt="csv", lang="de")
    assert data.startswith("\ufeff".encode())
    table = pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig", dtype=str)
    assert list(table.columns) == ["Zeile", "Spalte", "Wert", "Problem", "Lösung"]
    assert table.loc[table["Problem"] == "Anteil über 100 %", "Zeile"].tolist() == [
        "17",
        "230",
        "412",
    ]


def test_per_row_list_neutralises_formulas():
    problem = importer.Problem(
        2,
        "K11",
        "=HYPERLINK(1)",
        Message("importer.cell.unreadable"),
        Message("importer.cell.unreadable.fix"),
        cases=((2, "=HYPERLINK(1)"), (3, "+1")),
        each=Message("importer.cell.unreadable"),
    )

    class Checked:
        def row_report(self, lang: str = "de") -> pd.DataFrame:
            return importer.row_report([problem], lang)

    text = export.report_rows_file(Checked(), fmt="csv", lang="de").decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    assert "'+1" in text


@pytest.mark.parametrize("id_header", ["RAUMID", "Nr.", "Planungsraum (Nummer)", "PLR"])
def test_id_column_is_found_however_it_is_named(id_header):
    result = prepare_office(office_table(id_header=id_header, float_ids=True))
    assert result.mapping.area_column == id_header  # ids written as 1001.0 match "01001"
    assert result.observations["area_id"].nunique() == N_AREAS


def test_name_column_is_the_area_column_when_no_ids_match():
    shifted = {f"9{k}": v for k, v in OFFICE_AREAS.items()}  # other numbering, same names
    result = importer.prepare(
        office_table(),
        "planungsraeume.csv",
        areas=shifted,
        catalog=OFFICE_CATALOG,
        options=importer.ImportOptions(period="2023", missing_values=("-9999",)),
    )
    assert result.mapping.area_column == "Name"
    note = next(p for p in result.problems if p.column == "Name")
    assert note.problem_text("en") == (
        "column 'Name' is the area column: 542 of 542 values are area names of the published "
        "boundaries"
    )
    assert result.observations["area_id"].nunique() == N_AREAS


def test_figures_equal_to_some_ids_do_not_beat_the_named_area_column():
    areas = {"11": "Altstadt", "12": "Schalke", "13": "Schalke-Nord"}
    table = "Stadtteil;Anzahl Kitas\nAltstadt;12\nSchalke;11\nSchalke-Nord;13\n"
    result = importer.prepare(
        table.encode(),
        "kitas.csv",
        areas=areas,
        catalog=CATALOG,
        options=importer.ImportOptions(period="2024"),
    )
    assert result.mapping.area_column == "Stadtteil"
    assert result.mapping.indicator_columns == {"Anzahl Kitas": "anzahl_kitas"}


@pytest.mark.parametrize("header", ["EW", "Bevölkerung", "Einwohner insgesamt 2023"])
def test_population_column_is_the_catalogues_population_indicator(header):
    table = f"Stadtteil_Nr;{header}\n11;5.000\n12;7.250\n"
    result = importer.prepare(
        table.encode(),
        "ew.csv",
        areas=AREAS,
        catalog=CATALOG,
        options=importer.ImportOptions(period="2023"),
    )
    assert result.mapping.indicator_columns == {header: "einwohner"}
    assert result.observations["value"].tolist() == [5000.0, 7250.0]


def test_population_column_without_a_catalogue_indicator_is_skipped_with_a_hint():
    table = "Stadtteil_Nr;EW;Übergang aufs Gymnasium\n11;5.000;30\n12;7.250;28\n"
    catalog = Catalog([CATALOG["gymnasium"]])
    result = importer.prepare(
        table.encode(),
        "ew.csv",
        areas=AREAS,
        catalog=catalog,
        options=importer.ImportOptions(period="2023"),
    )
    assert result.mapping.skipped_columns == {"EW": "population"}
    (line,) = [p for p in result.problems if p.column == "EW"]
    assert (line.severity, line.problem_text("de"), line.fix_text("de")) == (
        "warning",
        "Einwohnerzahl: nicht im Katalog, nicht importiert",
        "als Indikator anlegen (Art Anzahl, Bezeichnung z. B. „Einwohner“), um sie zu "
        "importieren und als Nenner zu nutzen",
    )
    assert set(result.observations["indicator"]) == {"gymnasium"}
    with pytest.raises(importer.UnreadableFileError, match=r"'EW' are no catalogue indicators"):
        importer.prepare(
            table.encode(),
            "ew.csv",
            areas=AREAS,
            catalog=catalog,
            options=importer.ImportOptions(period="2023", strict=True),
        )


def test_an_area_listed_twice_is_one_line_not_one_per_column():
    table = (
        "Stadtteil_Nr;Einwohner;Übergang aufs Gymnasium;Sprachförderbedarf\n"
        "11;5.000;30;12\n12;7.250;28;14\n11;5.000;30;12\n"
    )
    result = importer.prepare(
        table.encode(),
        "doppelt.csv",
        areas=AREAS,
        catalog=CATALOG,
        options=importer.ImportOptions(period="2023"),
    )
    (dup,) = [
        p
        for p in result.problems
        if p.problem.params.get("problem") == Message("importer.check.duplicate")
    ]
    assert dup.value == "11 · einwohner, gymnasium, sprachfoerderbedarf · 2023"
    assert dup.problem_text("de") == (
        "doppelte Zeile (Gebiet, Indikator, Jahr) (Zeile 2); 2 Zeilen betroffen: 2, 4"
    )
    assert [row for row, _ in dup.cases] == [2, 4]


def test_office_workbook_with_title_rows_and_numeric_ids_last():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Statistischer Bericht: Planungsräume 2023"])
    sheet.append([])
    sheet.append(["Name", "EW", "K11", "Statusklasse", "Planungsraum (Nummer)"])
    for i, (area_id, name) in enumerate(list(OFFICE_AREAS.items())[:40]):
        sheet.append([name, 1000 + i, 140.5 if i in (3, 30) else 12.25, "hoch", int(area_id)])
    buffer = io.BytesIO()
    book.save(buffer)
    result = importer.prepare(
        buffer.getvalue(),
        "bericht.xlsx",
        areas=OFFICE_AREAS,
        catalog=OFFICE_CATALOG,
        options=importer.ImportOptions(period="2023"),
    )
    assert result.mapping.area_column == "Planungsraum (Nummer)"  # 1001 is "01001"
    assert result.mapping.indicator_columns == {"EW": "einwohner", "K11": "k11"}
    over = [p for p in result.problems if p.severity == "error"]
    assert [(p.column, p.problem_text("en")) for p in over] == [
        ("K11", "share above 100 % (row 7); 2 rows affected: 7, 34")
    ]
    rows = result.row_report("en")
    assert rows.loc[rows["problem"] == "share above 100 %", ["row", "value"]].values.tolist() == [
        [7, "140.5"],
        [34, "140.5"],
    ]


def test_a_table_full_of_problems_is_one_line_per_column_and_problem():
    bad = ("140,5", "-3", "k.A.", "12,5")  # above 100 %, negative, unreadable, fine
    lines = ["RAUMID;K01;K11"]
    for i, area_id in enumerate(OFFICE_AREAS):
        lines.append(f"{int(area_id)};{bad[i % 4]};{bad[(i + 1) % 4]}")
    result = prepare_office(("\n".join(lines) + "\n").encode())
    errors = [p for p in result.problems if p.severity == "error"]
    keys = sorted((p.column, p.problem.params["problem"].key) for p in errors)
    assert keys == [
        ("K01", "importer.cell.unreadable"),
        ("K01", "importer.check.non_negative"),
        ("K01", "importer.check.within_unit"),
        ("K11", "importer.cell.unreadable"),
        ("K11", "importer.check.non_negative"),
        ("K11", "importer.check.within_unit"),
    ]
    over = next(p for p in errors if p.column == "K01" and "100 %" in p.problem_text("de"))
    assert over.problem_text("de") == (
        "Anteil über 100 % (Zeile 2); 136 Zeilen betroffen: 2, 6, 10, 14, 18 …"
    )
    rows = result.row_report("de")
    assert rows["problem"].value_counts().to_dict() == {
        "Anteil über 100 %": 271,  # 136 in K01 + 135 in K11
        "negativer Wert bei einer Anzahl oder Quote": 272,  # 136 + 136
        "keine lesbare Zahl": 271,
        "Spalte 'RAUMID' ist die Gebietsspalte: 542 von 542 Werten sind Gebietsnummern der "
        "veröffentlichten Grenzen": 1,
    }
