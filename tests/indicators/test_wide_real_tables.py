"""Wide tables as statistics offices publish them: id column anywhere, names, population, text."""

from __future__ import annotations

import pytest

import sample_data
from indicators import importer
from indicators.catalog_files import load_catalog

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
