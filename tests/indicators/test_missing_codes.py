"""Missing-value codes: declared ones are missing with a reason, others are warned about."""

from __future__ import annotations

import math

import sample_data
from indicators import importer
from indicators.catalog_files import load_catalog
from indicators.numbers import parse_column

CATALOG = load_catalog(sample_data.CATALOG)
AREAS = {"11": "Altstadt", "12": "Schalke", "13": "Schalke-Nord"}
TABLE = (
    "Stadtteil;Jahr;arbeitslos;gymnasium\n11;2023;12,5;-9999\n12;2023;-9999;30\n13;2023;8,1;k.A.\n"
)


def prepared(**options):
    return importer.prepare(
        TABLE.encode(),
        "werte.csv",
        areas=AREAS,
        catalog=CATALOG,
        options=importer.ImportOptions(**options),
    )


def test_undeclared_codes_are_warned_about_once_per_column():
    result = prepared()
    warnings = [p for p in result.problems if "looks like a code" in p.problem_text("en")]
    assert sorted((p.column, p.row, p.value) for p in warnings) == [
        ("arbeitslos", 3, "-9999"),
        ("gymnasium", 2, "-9999"),
    ]
    warnings.sort(key=lambda p: p.column)
    assert (
        warnings[0]
        .problem_text("de")
        .startswith(
            "Wert sieht aus wie ein Code für einen fehlenden Wert (z. B. -9999 „ohne Zuordnung“)"
        )
    )
    assert {p.severity for p in warnings} == {"warning"}
    assert warnings[0].problem_text("en").endswith("was read as a number (row 3)")


def test_declared_codes_are_missing_with_their_reason():
    result = prepared(missing_values=("-9999", "k.A."))
    assert [p.problem_text("en") for p in result.problems] == [
        "column 'Stadtteil' is the area column: 3 of 3 values are area ids of the published "
        "boundaries"
    ]
    obs = result.observations.set_index(["area_id", "indicator"])
    assert math.isnan(obs.loc[("12", "arbeitslos"), "value"])
    assert obs.loc[("12", "arbeitslos"), "missing_reason"] == "declared_code"
    assert obs.loc[("13", "gymnasium"), "missing_reason"] == "declared_code"
    assert obs.loc[("11", "arbeitslos"), "value"] == 12.5


def test_a_code_matches_its_number_however_written():
    parsed = parse_column(
        ["-9999", "-9999,0", -9999.0, "-9.999", "-99990"], missing_codes=["-9999"]
    )
    assert parsed.reasons == ["declared_code"] * 4 + [None]
    assert parsed.values[-1] == -99990.0
