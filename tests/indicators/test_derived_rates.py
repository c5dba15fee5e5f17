"""Rates derived from counts and a population indicator (catalogue field ``denominator``)."""

import pytest

from indicators.catalog import Catalog, indicator_to_mapping
from indicators.catalog_entries import indicator_from_mapping
from indicators.catalog_files import load_catalog
from indicators.errors import CatalogError

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
