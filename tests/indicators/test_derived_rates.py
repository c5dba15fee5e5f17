"""Rates derived from counts and a population indicator (catalogue field ``denominator``)."""

import math

import pandas as pd
import pytest

from indicators import aggregate, importer
from indicators.catalog import Catalog, indicator_to_mapping
from indicators.catalog_entries import indicator_from_mapping
from indicators.catalog_files import load_catalog
from indicators.errors import CatalogError
from indicators.numbers import missing_reason_text
from indicators.observations import complete_values, normalize_observations

CATALOG_YAML = """
indicators:
  - id: einwohner
    label_de: Einwohnerinnen und Einwohner
    domain: Demografie
    polarity: no_judgement
    kind: count
  - id: kitas_je_1000
    label_de: Kitas je 1.000 Einwohner
    label_en: Day-care centres per 1,000 inhabitants
    domain: Formale Bildung
    unit: je 1.000
    polarity: higher_is_better
    kind: rate
    multiplier: 1000
    denominator: einwohner
"""

BASE = {"label_de": "X", "domain": "Demografie", "polarity": "no_judgement"}


def catalog() -> Catalog:
    return Catalog(
        [
            indicator_from_mapping({**BASE, "id": "einwohner", "kind": "count"}),
            indicator_from_mapping(
                {
                    **BASE,
                    "id": "kitas_je_1000",
                    "label_de": "Kitas je 1.000 Einwohner",
                    "kind": "rate",
                    "multiplier": 1000,
                    "denominator": "einwohner",
                }
            ),
        ]
    )


def test_yaml_catalogue_reads_denominator_and_round_trips(tmp_path):
    path = tmp_path / "k.yaml"
    path.write_text(CATALOG_YAML, encoding="utf-8")
    cat = load_catalog(path)
    assert cat["kitas_je_1000"].denominator == "einwohner"
    assert cat["einwohner"].denominator == ""
    entry = indicator_to_mapping(cat["kitas_je_1000"])
    assert entry["denominator"] == "einwohner"
    assert "denominator" not in indicator_to_mapping(cat["einwohner"])
    assert indicator_from_mapping(entry) == cat["kitas_je_1000"]


def test_csv_catalogue_reads_denominator(tmp_path):
    path = tmp_path / "k.csv"
    path.write_text(
        "id;label_de;domain;polarity;kind;multiplier;denominator\n"
        "einwohner;Einwohner;Demografie;no_judgement;count;1;\n"
        "kitas;Kitas;Demografie;no_judgement;rate;1000;einwohner\n",
        encoding="utf-8",
    )
    cat = load_catalog(path)
    assert (cat["kitas"].denominator, cat["kitas"].multiplier) == ("einwohner", 1000)


@pytest.mark.parametrize(
    ("entries", "match"),
    [
        (
            "- {id: einwohner, label_de: E, domain: D, polarity: no_judgement, kind: count}\n"
            "- {id: kitas, label_de: K, domain: D, polarity: no_judgement, kind: count, "
            "denominator: einwohner}",
            r"entry 2 \(kitas\): denominator 'einwohner' only works with kind: rate "
            r"\(here kind: count\)",
        ),
        (
            "- {id: kitas, label_de: K, domain: D, polarity: no_judgement, kind: rate, "
            "denominator: einwohner}",
            r"denominator 'einwohner' is not in the catalogue.*known: kitas",
        ),
        (
            "- {id: kitas, label_de: K, domain: D, polarity: no_judgement, kind: rate, "
            "denominator: kitas}",
            r"denominator 'kitas' is the indicator itself",
        ),
        (
            "- {id: quote, label_de: Q, domain: D, polarity: no_judgement, kind: proportion}\n"
            "- {id: kitas, label_de: K, domain: D, polarity: no_judgement, kind: rate, "
            "denominator: quote}",
            r"denominator 'quote' is kind: proportion; a rate divides by a count",
        ),
    ],
)
def test_catalogue_refuses_bad_denominators(tmp_path, entries, match):
    path = tmp_path / "k.yaml"
    path.write_text(entries, encoding="utf-8")
    with pytest.raises(CatalogError, match=match):
        load_catalog(path)


def test_denominator_refusal_is_german_too():
    with pytest.raises(CatalogError) as info:
        indicator_from_mapping({**BASE, "id": "a", "kind": "mean", "denominator": "einwohner"})
    assert "geht nur bei kind: rate (hier kind: mean)" in info.value.text("de")


def observations(rows):
    frame = pd.DataFrame(
        rows, columns=["area_id", "indicator", "period", "value", "numerator", "denominator"]
    )
    return normalize_observations(frame)


NAN = float("nan")


def test_value_is_count_per_population_times_multiplier():
    obs = observations(
        [
            ("11", "einwohner", "2023", 4000, NAN, NAN),
            ("12", "einwohner", "2023", 2500, NAN, NAN),
            ("13", "einwohner", "2023", 0, NAN, NAN),
            ("11", "kitas_je_1000", "2023", NAN, 6, NAN),
            ("12", "kitas_je_1000", "2023", NAN, 2, NAN),
            ("13", "kitas_je_1000", "2023", NAN, 1, NAN),  # population 0
            ("14", "kitas_je_1000", "2023", NAN, 3, NAN),  # no population
            ("11", "kitas_je_1000", "2022", NAN, 5, NAN),  # no population of 2022
        ]
    )
    done = complete_values(obs, catalog()).set_index(["area_id", "indicator", "period"])
    kitas = done.xs("kitas_je_1000", level="indicator")
    assert kitas.loc[("11", "2023"), "value"] == 6 / 4000 * 1000
    assert kitas.loc[("12", "2023"), "value"] == 0.8
    assert kitas.loc[("11", "2023"), ["numerator", "denominator"]].tolist() == [6, 4000]
    assert kitas.loc[("11", "2023"), "missing_reason"] is None
    for key in [("13", "2023"), ("14", "2023"), ("11", "2022")]:
        assert math.isnan(kitas.loc[key, "value"])
        assert kitas.loc[key, "missing_reason"] == "no_denominator"
    assert missing_reason_text("no_denominator", "de").startswith(
        "Anzahl geliefert, aber keine Bezugszahl (z. B. Einwohnerzahl)"
    )


def test_delivered_counts_and_values_are_kept():
    obs = observations(
        [
            ("11", "einwohner", "2023", 4000, NAN, NAN),
            ("11", "kitas_je_1000", "2023", NAN, 6, 3000),  # denominator of its own
            ("12", "kitas_je_1000", "2023", 1.5, NAN, NAN),  # value delivered
        ]
    )
    done = complete_values(obs, catalog()).set_index(["area_id", "indicator"])
    assert done.loc[("11", "kitas_je_1000"), "value"] == 2.0
    assert done.loc[("12", "kitas_je_1000"), "value"] == 1.5


def test_parent_pools_counts_and_population():
    obs = observations(
        [
            ("11", "einwohner", "2023", 4000, NAN, NAN),
            ("12", "einwohner", "2023", 1000, NAN, NAN),
            ("11", "kitas_je_1000", "2023", NAN, 6, NAN),
            ("12", "kitas_je_1000", "2023", NAN, 4, NAN),
        ]
    )
    done = complete_values(obs, catalog())
    parent = aggregate.aggregate(done, {"11": "1", "12": "1"}, catalog())
    row = parent.set_index("indicator").loc["kitas_je_1000"]
    # (6 + 4) / (4000 + 1000) × 1000 = 2.0, not the mean of 1.5 and 4.0
    assert (row["value"], row["numerator"], row["denominator"]) == (2.0, 10, 5000)
    assert parent.set_index("indicator").loc["einwohner", "value"] == 5000


AREAS = {"11": "Altstadt", "12": "Schalke", "13": "Buer", "14": "Horst"}
COUNT_TABLE = (
    "Stadtteil;Jahr;kitas_je_1000;einwohner\n"
    "11;2023;6;4000\n12;2023;;2500\n13;2023;2;\n14;2023;.;100\n"
)


def prepare_counts(table=COUNT_TABLE, **options):
    return importer.prepare(
        table.encode(),
        "kitas.csv",
        areas=AREAS,
        catalog=catalog(),
        options=importer.ImportOptions(**options),
    )


def test_import_keeps_the_count_of_a_derived_rate_as_numerator():
    prepared = prepare_counts()
    obs = prepared.observations.set_index(["area_id", "indicator"])
    assert obs.loc[("11", "kitas_je_1000"), "numerator"] == 6
    assert math.isnan(obs.loc[("11", "kitas_je_1000"), "value"])
    assert obs.loc[("11", "einwohner"), "value"] == 4000  # a count stays its value
    assert obs.loc[("14", "kitas_je_1000"), "missing_reason"] == "unknown"  # "." keeps its reason
    done = complete_values(importer.accepted(prepared), catalog())
    rate = done.set_index(["area_id", "indicator"])["value"]
    assert rate[("11", "kitas_je_1000")] == 1.5
    assert math.isnan(rate[("13", "kitas_je_1000")])  # 2 Kitas, population cell empty


def test_empty_count_cells_are_warned_about_once_per_column():
    table = "Stadtteil;Jahr;kitas_je_1000\n11;2023;\n12;2023;3\n13;2023;\n14;2023;\n"
    prepared = prepare_counts(table)
    (warning,) = prepared.problems
    assert (warning.severity, warning.column, warning.row) == ("warning", "kitas_je_1000", 2)
    assert warning.problem_text("en") == (
        "empty cell in a column of counts, left without a value (row 2); 3 rows affected: 2, 4, 5"
    )
    assert "--empty-as-zero" in warning.fix_text("de")
    assert prepared.ok
    obs = prepared.observations.set_index("area_id")
    assert obs.loc["11", "missing_reason"] == "missing"
    assert math.isnan(obs.loc["11", "numerator"])


def test_empty_as_zero_reads_empty_count_cells_as_zero():
    prepared = prepare_counts(empty_as_zero=True)
    assert [(p.column, p.problem_text("en")) for p in prepared.problems] == [
        ("kitas_je_1000", "empty cell in a column of counts, read as 0 (row 3)"),
        ("einwohner", "empty cell in a column of counts, read as 0 (row 4)"),
    ]
    obs = prepared.observations.set_index(["area_id", "indicator"])
    assert obs.loc[("12", "kitas_je_1000"), "numerator"] == 0
    assert obs.loc[("13", "einwohner"), "value"] == 0
    assert obs.loc[("14", "kitas_je_1000"), "missing_reason"] == "unknown"  # "." is no empty cell
    done = complete_values(importer.accepted(prepared), catalog()).set_index(
        ["area_id", "indicator"]
    )
    assert done.loc[("12", "kitas_je_1000"), "value"] == 0.0
    # population read as 0: no rate, with the reason saying why
    assert done.loc[("13", "kitas_je_1000"), "missing_reason"] == "no_denominator"


def test_empty_cells_of_shares_are_not_count_cells():
    cat = Catalog(
        [
            *catalog().values(),
            indicator_from_mapping({**BASE, "id": "quote", "kind": "proportion"}),
        ]
    )
    prepared = importer.prepare(
        b"Stadtteil;Jahr;quote\n11;2023;\n12;2023;0,5\n",
        "q.csv",
        areas=AREAS,
        catalog=cat,
        options=importer.ImportOptions(empty_as_zero=True),
    )
    assert prepared.problems == []
    assert prepared.observations.set_index("area_id").loc["11", "missing_reason"] == "missing"


def test_a_negative_count_is_reported_in_its_file_column():
    prepared = prepare_counts("Stadtteil;Jahr;kitas_je_1000\n11;2023;-2\n")
    assert [(p.column, p.row, p.severity) for p in prepared.problems] == [
        ("kitas_je_1000", 2, "error")
    ]


def test_a_long_table_delivers_counts_and_population_together():
    table = (
        "Gebiet;Indikator;Jahr;Wert\n"
        "11;einwohner;2023;4000\n11;kitas_je_1000;2023;6\n"
        "12;einwohner;2023;2500\n12;kitas_je_1000;2023;\n"
    )
    prepared = prepare_counts(table)
    assert [(p.column, p.row) for p in prepared.problems] == [("Wert", 5)]
    done = complete_values(importer.accepted(prepared), catalog()).set_index(
        ["area_id", "indicator"]
    )
    assert done.loc[("11", "kitas_je_1000"), "value"] == 1.5
    assert done.loc[("12", "kitas_je_1000"), "missing_reason"] == "missing"  # no count delivered
