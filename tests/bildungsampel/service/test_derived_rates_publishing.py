"""A rate per 1,000 inhabitants from counts and the published population indicator."""

import math

import pytest

from bildungsampel.service import dataset, publishing

KITAS = {
    "id": "kitas_je_1000",
    "label_de": "Kitas je 1.000 Einwohner",
    "label_en": "Day-care centres per 1,000 inhabitants",
    "domain": "Formale Bildung",
    "unit": "je 1.000",
    "polarity": "higher_is_better",
    "kind": "rate",
    "multiplier": 1000,
    "denominator": "einwohner",
}
#: Inhabitants 2024 of the Stadtbezirk Mitte (areas 11–17).
POPULATION = {"11": 4000, "12": 2500, "13": 1500, "14": 3000, "15": 2000, "16": 1000, "17": 500}
KITAS_2024 = {"11": 6, "12": 2, "13": 3, "14": 0, "15": 4, "16": 1, "17": 2}


def table(indicator, values, year=2024):
    rows = "".join(f"{area};{year};{value}\n" for area, value in values.items())
    return f"Stadtteil;Jahr;{indicator}\n{rows}".encode()


def publish(store, data, name, entries=None):
    prepared, entries = publishing.prepare_indicators(store, data, name, new_entries=entries)
    assert prepared.ok, prepared.report("en").to_string()
    publishing.publish_indicators(store, prepared, entries, author="test")
    return prepared


def test_a_rate_per_1000_from_a_population_indicator(store):
    publish(store, table("einwohner", POPULATION), "einwohner.csv")
    prepared = publish(store, table("kitas_je_1000", KITAS_2024), "kitas.csv", [KITAS])
    assert prepared.problems == []  # every area has its population of 2024
    data = dataset.from_store(store)
    obs = data.obs("stadtteil").set_index(["area_id", "indicator", "period"])
    kitas = obs.xs(("kitas_je_1000", "2024"), level=("indicator", "period"))
    assert kitas.loc["11", "value"] == 6 / 4000 * 1000  # 1.5
    assert kitas.loc["13", "value"] == 2.0
    assert kitas.loc["14", "value"] == 0.0
    assert kitas.loc["17", ["numerator", "denominator"]].tolist() == [2, 500]
    mitte = data.obs("stadtbezirk").set_index(["area_id", "indicator", "period"])
    row = mitte.loc[("Mitte", "kitas_je_1000", "2024")]
    # pooled: 18 Kitas / 14,500 inhabitants × 1,000, not the mean of the areas' rates
    assert row["value"] == pytest.approx(18 / 14500 * 1000)
    assert (row["numerator"], row["denominator"]) == (18, 14500)
    ratings = dataset.rate(data, level="stadtteil", year="2024")
    area = ratings[ratings["indicator"] == "kitas_je_1000"].set_index("area_id").loc["11"]
    assert area["value"] == 1.5
    assert area["ci_low"] < 1.5 < area["ci_high"]  # an interval from the counts 6 / 4,000


def test_missing_population_is_one_warning_and_a_missing_reason(store):
    population = {k: v for k, v in POPULATION.items() if k not in ("12", "16")}
    publish(store, table("einwohner", population), "einwohner.csv")
    prepared = publish(store, table("kitas_je_1000", KITAS_2024), "kitas.csv", [KITAS])
    (warning,) = prepared.problems
    assert warning.severity == "warning"
    assert warning.problem_text("de") == (
        "Kitas je 1.000 Einwohner: für 2 Gebiete fehlt die Bezugszahl „Einwohnerinnen und "
        "Einwohner“ 2024 (Gebiete 12, 16) – diese bleiben ohne Wert"
    )
    assert warning.problem_text("en") == (
        "Day-care centres per 1,000 inhabitants: 2 areas lack the reference count "
        "'Inhabitants' 2024 (areas 12, 16) – they stay without a value"
    )
    assert "einwohner" in warning.fix_text("de")
    data = dataset.from_store(store)
    obs = data.obs("stadtteil").set_index(["area_id", "indicator", "period"])
    assert math.isnan(obs.loc[("12", "kitas_je_1000", "2024"), "value"])
    assert obs.loc[("12", "kitas_je_1000", "2024"), "missing_reason"] == "no_denominator"
    assert obs.loc[("11", "kitas_je_1000", "2024"), "value"] == 1.5
    mitte = data.obs("stadtbezirk").set_index(["area_id", "indicator", "period"])
    assert mitte.loc[("Mitte", "kitas_je_1000", "2024"), "missing_reason"] == "incomplete"
    ratings = dataset.rate(data, level="stadtteil", year="2024")
    area = ratings[ratings["indicator"] == "kitas_je_1000"].set_index("area_id").loc["12"]
    assert "keine Bezugszahl (z. B. Einwohnerzahl)" in area["reason"]


def test_population_in_the_same_file_counts_and_one_area_is_named(store):
    rows = "".join(
        f"{area};2024;{KITAS_2024[area]};{POPULATION[area] if area != '15' else ''}\n"
        for area in POPULATION
    )
    data = f"Stadtteil;Jahr;kitas_je_1000;einwohner\n{rows}".encode()
    prepared, _ = publishing.prepare_indicators(store, data, "beides.csv", new_entries=[KITAS])
    texts = [p.problem_text("de") for p in prepared.problems]
    assert texts == [
        "leere Zelle in einer Spalte mit Anzahlen, bleibt ohne Wert (Zeile 6)",
        "Kitas je 1.000 Einwohner: für Gebiet 15 fehlt die Bezugszahl „Einwohnerinnen und "
        "Einwohner“ 2024 – es bleibt ohne Wert",
    ]


def test_published_population_of_other_years_does_not_count(store):
    # the sample city has inhabitants 2016–2023, not 2024
    prepared, _ = publishing.prepare_indicators(
        store, table("kitas_je_1000", {"41": 3, "42": 1}), "kitas.csv", new_entries=[KITAS]
    )
    assert [p.problem_text("en") for p in prepared.problems] == [
        "Day-care centres per 1,000 inhabitants: 2 areas lack the reference count "
        "'Inhabitants' 2024 (areas 41, 42) – they stay without a value"
    ]
    prepared, _ = publishing.prepare_indicators(
        store, table("kitas_je_1000", {"41": 3}, year=2023), "kitas.csv", new_entries=[KITAS]
    )
    assert prepared.problems == []


def test_a_city_row_without_city_population_is_named_apart(store):
    publish(store, table("einwohner", POPULATION), "einwohner.csv")
    data = table("kitas_je_1000", KITAS_2024) + b"Gelsenkirchen;2024;18\n"
    prepared = publish(store, data, "kitas.csv", [KITAS])
    assert [p.problem_text("de") for p in prepared.problems if p.column is None] == [
        "Kitas je 1.000 Einwohner: für die Zeile der Gesamtstadt fehlt die Bezugszahl "
        "„Einwohnerinnen und Einwohner“ 2024; der Stadtwert wird aus den Gebieten berechnet"
    ]
    city = dataset.from_store(store).city_series().set_index(["indicator", "period"])
    # computed from the areas with a rate (the Mitte areas here): 18 / 14,500 × 1,000
    assert city.loc[("kitas_je_1000", "2024"), "value"] == pytest.approx(18 / 14500 * 1000)
