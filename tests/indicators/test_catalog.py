import pytest

from indicators.catalog import Kind, Polarity
from indicators.catalog_files import load_catalog
from indicators.errors import CatalogError

YAML = """
indicators:
  - id: sprache
    label_de: Unzureichende Deutschkenntnisse
    label_en: Insufficient German
    domain: Entwicklungskompetenzen
    unit: "%"
    polarity: lower_is_better
    kind: proportion
    multiplier: 100
    rule: {method: benchmark, confidence: 0.998, min_denominator: 30}
  - id: kita
    label_de: Betreuungsquote
    domain: Formale Bildung
    polarity: higher_is_better
    kind: proportion
    rule: {method: thresholds, target: 35}
"""


def test_yaml_catalogue(tmp_path):
    path = tmp_path / "k.yaml"
    path.write_text(YAML, encoding="utf-8")
    cat = load_catalog(path)
    assert list(cat) == ["sprache", "kita"]
    s = cat["sprache"]
    assert (s.polarity, s.kind, s.multiplier) == (Polarity.LOWER_IS_BETTER, Kind.PROPORTION, 100)
    assert (s.rule.confidence, s.rule.min_denominator, s.rule.tolerance) == (0.998, 30, 0.10)
    assert cat["kita"].label_en == "Betreuungsquote"  # falls back to German
    assert cat["kita"].rule.target == 35


def test_csv_catalogue_with_flat_rules(tmp_path):
    path = tmp_path / "k.csv"
    path.write_text(
        "id;label_de;label_en;domain;unit;polarity;kind;multiplier;method;thresholds\n"
        "a;A;A;Demografie;%;no_judgement;proportion;100;;\n"
        "b;B;B;Migration;%;lower_is_better;proportion;100;thresholds;10|20\n",
        encoding="utf-8",
    )
    cat = load_catalog(path)
    assert cat["a"].rule.method is None
    assert cat["b"].rule.thresholds == (10.0, 20.0)


@pytest.mark.parametrize(
    ("entry", "match"),
    [
        (
            "- {id: a, label_de: A, domain: D, polarity: up, kind: proportion}",
            r"k.yaml, entry 1 \(a\): field 'polarity' is 'up'; expected one of higher_is_better",
        ),
        ("- {id: a, label_de: A, domain: D, kind: proportion}", "missing required field.*polarity"),
        (
            "- {id: a, label_de: A, domain: D, polarity: no_judgement, kind: count, "
            "rule: {method: magic}}",
            "unknown rating method 'magic'",
        ),
        (
            "- {id: a, label_de: A, domain: D, polarity: no_judgement, kind: count, "
            "rule: {method: thresholds}}",
            "needs 'thresholds",
        ),
        (
            "- {id: a, label_de: A, domain: D, polarity: no_judgement, kind: count, "
            "rule: {colour: red}}",
            "unknown rule field 'colour'",
        ),
        (
            "- {id: a, label_de: A, domain: D, polarity: no_judgement, kind: count}\n"
            "- {id: a, label_de: A, domain: D, polarity: no_judgement, kind: count}",
            "appears twice",
        ),
    ],
)
def test_catalogue_errors_name_file_entry_and_field(tmp_path, entry, match):
    path = tmp_path / "k.yaml"
    path.write_text(entry, encoding="utf-8")
    with pytest.raises(CatalogError, match=match):
        load_catalog(path)


def test_german_message_available(tmp_path):
    path = tmp_path / "k.yaml"
    path.write_text("- {id: a, label_de: A, domain: D, kind: count}", encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    assert "Pflichtfeld" in info.value.text("de")


def test_unknown_indicator_lists_known(tmp_path):
    path = tmp_path / "k.yaml"
    path.write_text(YAML, encoding="utf-8")
    with pytest.raises(KeyError, match="known: sprache, kita"):
        load_catalog(path)["nope"]


def test_catalog_from_bytes_reads_an_upload_as_the_file_would_be_read(tmp_path):
    from indicators.catalog_files import catalog_from_bytes, load_catalog
    from indicators.errors import CatalogError

    text = (
        "id;label_de;label_en;domain;unit;polarity;kind;source\n"
        "kita;Kinder in Kitas;Children in day care;Frühe Bildung;%;higher_is_better;"
        "proportion;Kita-Statistik\n"
    )
    path = tmp_path / "katalog.csv"
    path.write_text(text, encoding="utf-8")
    uploaded = catalog_from_bytes(text.encode(), "katalog.csv")
    assert uploaded["kita"] == load_catalog(path)["kita"]
    assert (uploaded["kita"].domain, uploaded["kita"].source) == ("Frühe Bildung", "Kita-Statistik")
    with pytest.raises(CatalogError, match=r"katalog\.txt"):
        catalog_from_bytes(text.encode(), "katalog.txt")
    with pytest.raises(CatalogError, match=r"katalog\.yaml is empty"):
        catalog_from_bytes(b"  \n", "katalog.yaml")
