"""Hostile catalogue files (issue 9): each is refused with one clear message naming the entry,
field, value and fix, fast and with little memory, through load_catalog and through the CLI
(exit 2, no traceback, store byte-identical)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bildungsampel.cli import app
from bildungsampel.service.store import Store
from indicators.catalog import Rule
from indicators.catalog_entries import indicator_from_mapping
from indicators.catalog_files import load_catalog
from indicators.catalog_schema import CatalogLimits, CatalogProblemsError, CatalogWarning
from indicators.errors import CatalogError

runner = CliRunner()
TABLE = "Stadtteil;Jahr;Übergang aufs Gymnasium\nBuer;2023/24;44,5\nHeßler;2023/24;18\n"
ENTRY = "- {id: a, label_de: A, domain: D, polarity: no_judgement, kind: count%s}\n"
HEADER = "id;label_de;domain;polarity;kind"


def entry(extra: str = "", ind_id: str = "a") -> str:
    return ENTRY.replace("id: a", f"id: {ind_id}") % (f", {extra}" if extra else "")


def billion_laughs(levels: int = 9, width: int = 10) -> str:
    lines = ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, levels + 1):
        lines.append(f"lol{n}: &lol{n} [{', '.join([f'*lol{n - 1}'] * width)}]")
    lines.append(f"indicators: [*lol{levels}]")
    return "\n".join(lines) + "\n"


def few_aliases_huge_expansion() -> str:
    """30 aliases only, but 500 × 2 × 10 × 10 values once expanded (and merge-key copies)."""
    base = ", ".join(f"k{i}: {i}" for i in range(500))
    return (
        f"a: &a {{{base}}}\n"
        f"b: &b [{', '.join(['*a'] * 10)}]\n"
        f"c: &c [{', '.join(['*b'] * 10)}]\n"
        f"d: {{<<: [{', '.join(['*a'] * 10)}]}}\n"
        "indicators: [*c]\n"
    )


# (case, file name, content, expected message)
CASES: list[tuple[str, str, bytes, str]] = [
    ("alias bomb", "bomb.yaml", billion_laughs().encode(), "alias bomb"),
    (
        "alias expansion",
        "expand.yaml",
        few_aliases_huge_expansion().encode(),
        r"expands to more than 100,000 values",
    ),
    ("recursive alias", "rec.yaml", b"indicators: &a [*a]\n", "refers to the node that contains"),
    (
        "deep nesting",
        "deep.yaml",
        ("indicators: " + "[" * 5000 + "]" * 5000).encode(),
        r"nested deeper than 12 levels \(CatalogLimits.max_depth\)",
    ),
    (
        "deep nesting in a field",
        "deepfield.yaml",
        entry("label_en: " + "[" * 20 + "]" * 20).encode(),
        "nested deeper than 12 levels",
    ),
    (
        "binary (xlsx)",
        "katalog.yaml",
        b"PK\x03\x04" + bytes(range(256)) * 4,
        r"katalog.yaml is a zip archive or Excel workbook \(XLSX\), not a text catalogue",
    ),
    ("binary (random)", "k.csv", bytes(range(256)) * 8, "is binary data, not a text catalogue"),
    ("empty yaml", "k.yaml", b"  \n\n", r"k.yaml is empty"),
    ("yaml without entries", "k.yaml", b"indicators: []\n", "has no indicators"),
    ("yaml not a list", "k.yaml", b"indicators: 3\n", "expected a list of indicators.*got 3"),
    ("yaml in cp1252", "k.yaml", entry().replace("A,", "Ä,").encode("cp1252"), "is not UTF-8"),
    (
        "number of 5000 digits",
        "k.yaml",
        entry("k: 1" + "0" * 5000).encode(),
        "a number has more than 4,300 digits",
    ),
    ("empty csv", "k.csv", b"", r"k.csv is empty"),
    ("one-field csv", "k.csv", b"id\na\nb\n", r"header has a single column 'id'"),
    ("csv header only", "k.csv", f"{HEADER}\n".encode(), "has a header but no indicator rows"),
    ("sniffer: lone quote", "k.csv", b'"\n', "has no header line"),
    ("sniffer: separators only", "k.csv", b";;;;\n;;;;\n", "has no header line"),
    ("sniffer: unnamed column", "k.csv", b"id;;label_de\na;b;c\n", "column 2 has no name"),
    ("sniffer: twice the same", "k.csv", b"id;id\na;b\n", "column 'id' appears twice"),
    (
        "sniffer: open quote",
        "k.csv",
        b'id;"label_de\na;b\n',
        "column 2 .* runs over several lines; a quote",
    ),
    (
        "sniffer: mixed separators",
        "k.csv",
        b"id,label_de;domain\tpolarity\na,b;c\td\n",
        "missing required field",
    ),
    (
        "csv row longer than header",
        "k.csv",
        f"{HEADER}\na;A;D;no_judgement;count;extra\n".encode(),
        r"k.csv, line 2: has 6 values but the header has 5 columns",
    ),
    (
        "entries not mappings",
        "k.yaml",
        b"indicators: [a, 1, [x]]\n",
        r"(?s)k.yaml, entry 1:\n  - is 'a'; expected a mapping of fields.*entry 3:\n  - is \['x'\]",
    ),
    (
        "rule as string",
        "k.yaml",
        entry("rule: benchmark").encode(),
        r"entry 1 \(a\): field 'rule' is 'benchmark'; expected a mapping of rule fields",
    ),
    (
        "rule as list",
        "k.yaml",
        entry("rule: [benchmark, 0.95]").encode(),
        r"field 'rule' is \['benchmark', 0.95\]; expected a mapping",
    ),
    ("k: .inf", "k.yaml", entry("rule: {k: .inf}").encode(), r"field 'k' is inf; expected a whole"),
    ("k: 1e30", "k.yaml", entry("k: 1e30").encode(), r"field 'k' is 1e\+30; expected a whole"),
    ("k: 2.5", "k.yaml", entry("k: 2.5").encode(), r"field 'k' is 2.5; expected a whole number"),
    ("k: yes", "k.yaml", entry("k: yes").encode(), r"field 'k' is true; expected a whole"),
    (
        "trend_periods: .nan",
        "k.yaml",
        entry("rule: {trend_periods: .nan}").encode(),
        r"field 'trend_periods' is nan; expected a whole number from 2 to 20",
    ),
    ("multiplier: 0", "k.yaml", entry("multiplier: 0").encode(), r"'multiplier' is 0; expected"),
    (
        "multiplier: -100",
        "k.yaml",
        entry("multiplier: -100").encode(),
        r"'multiplier' is -100; expected a number above 0 and at most 1,000,000",
    ),
    ("multiplier: 1e308", "k.yaml", entry("multiplier: 1e308").encode(), r"is 1e\+308; expected"),
    ("multiplier: .inf", "k.yaml", entry("multiplier: .inf").encode(), r"'multiplier' is inf"),
    ("multiplier: .nan", "k.yaml", entry("multiplier: .nan").encode(), r"'multiplier' is nan"),
    (
        "thresholds: [.nan, .nan]",
        "k.yaml",
        entry("rule: {method: thresholds, thresholds: [.nan, .nan]}").encode(),
        r"field 'thresholds' is \[nan, nan\]; expected two finite numbers \[low, high\]",
    ),
    (
        "thresholds reversed",
        "k.yaml",
        entry("thresholds: [30, 10]").encode(),
        r"'thresholds' is \[30, 10\]; expected .* low <= high",
    ),
    (
        "min_denominator: -.inf",
        "k.yaml",
        entry("rule: {min_denominator: -.inf}").encode(),
        r"field 'min_denominator' is -inf; expected a finite number of at least 0",
    ),
    ("target: .inf", "k.yaml", entry("target: .inf").encode(), r"'target' is inf; expected"),
    ("tolerance: 1", "k.yaml", entry("tolerance: 1").encode(), r"'tolerance' is 1; expected"),
    ("confidence: 0.9", "k.yaml", entry("confidence: 0.9").encode(), r"'confidence' is 0.9;"),
    (
        "unknown field",
        "k.yaml",
        entry("colour: red").encode(),
        r"unknown field 'colour'; known: id, label_de, label_en, domain",
    ),
    (
        "entry field under rule",
        "k.yaml",
        entry("rule: {multiplier: 100}").encode(),
        "field 'multiplier' belongs to the entry, not under 'rule'",
    ),
    (
        "label as a list",
        "k.yaml",
        entry("label_en: [x, y]").encode(),
        r"field 'label_en' is \['x', 'y'\]; expected a text",
    ),
    (
        "id: no",
        "k.yaml",
        b"- {id: no, label_de: A, domain: D, polarity: no_judgement, kind: count}",
        r"field 'id' is false; expected a text \(write yes/no/true/false in quotes\)",
    ),
    (
        "csv with infinite values",
        "k.csv",
        f"{HEADER};multiplier;k;thresholds\na;A;D;no_judgement;count;inf;nan;1|inf\n".encode(),
        r"(?s)k.csv, line 2 \(a\):\n  - field 'multiplier' is inf.*'k' is nan"
        r".*'thresholds' is \[1, inf\]",
    ),
    (
        "too large",
        "k.yaml",
        b"# " + b"x" * 2_100_000 + b"\n",
        r"larger than 2,000,000 bytes.*CatalogLimits.max_bytes",
    ),
]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("case", "name", "data", "message"), CASES, ids=[c[0] for c in CASES])
def test_load_catalog_refuses_hostile_files(tmp_path, case, name, data, message):
    path = write(tmp_path, name, data)
    with pytest.raises(CatalogError, match=message) as info:
        load_catalog(path)  # its time and memory: benchmarks/hostile.py
    assert "Traceback" not in str(info.value)
    assert info.value.text("de") != info.value.text("en")  # a German message exists


@pytest.mark.parametrize("build", [billion_laughs, few_aliases_huge_expansion])
def test_alias_bombs_are_refused_as_alias_bombs(tmp_path, build):
    path = write(tmp_path, "bomb.yaml", build().encode())
    with pytest.raises(CatalogError, match="alias bomb"):
        load_catalog(path)  # its time and memory: benchmarks/hostile.py


def test_every_problem_of_every_entry_is_reported_at_once(tmp_path):
    text = (
        entry("multiplier: 0, rule: {k: .inf, trend_periods: .nan}")
        + "- just text\n"
        + entry("polarity: up", ind_id="b").replace("polarity: no_judgement, ", "")
        + entry("colour: red, weight: nobody", ind_id="c")
    )
    with pytest.raises(CatalogProblemsError) as info:
        load_catalog(write(tmp_path, "k.yaml", text.encode()))
    message = str(info.value)
    assert message.startswith("k.yaml: 6 problems in the catalogue; nothing was read.")
    assert message.splitlines()[1:4] == [
        "k.yaml, entry 1 (a):",
        "  - field 'multiplier' is 0; expected a number above 0 and at most 1,000,000 "
        "(1 = as delivered, 100 for %, 1000 for ‰)",
        "  - field 'k' is inf; expected a whole number from 2 to 10 "
        "(groups for quantiles; 3 = terciles)",
    ]
    assert "k.yaml, entry 2:\n  - is 'just text'; expected a mapping" in message
    assert "k.yaml, entry 3 (b):\n  - field 'polarity' is 'up'; expected one of" in message
    assert "k.yaml, entry 4 (c):\n  - unknown field 'colour'" in message
    assert [p.place("en") for p in info.value.problems].count("k.yaml, entry 1 (a)") == 3
    german = info.value.text("de")
    assert german.startswith("k.yaml: 6 Probleme im Katalog; nichts wurde eingelesen.")
    assert "\nk.yaml, Eintrag 1 (a):\n" in german
    assert "Feld 'multiplier' ist 0; erwartet wird eine Zahl über 0 und höchstens 1.000.000" in (
        german
    )


def test_references_and_duplicates_are_reported_together(tmp_path):
    text = entry("weight: nobody") + entry() + entry("population: ghost", ind_id="b")
    with pytest.raises(CatalogProblemsError) as info:
        load_catalog(write(tmp_path, "k.yaml", text.encode()))
    message = str(info.value)
    assert (
        "k.yaml, entry 2 (a):\n  - indicator id 'a' appears twice (also k.yaml, entry 1 (a))"
        in (message)
    )
    assert "weight 'nobody' is not in the catalogue" in message
    assert "population 'ghost' is not in the catalogue" in message


def test_long_reports_are_capped(tmp_path):
    text = "".join(entry("multiplier: 0", ind_id=f"i{n}") for n in range(150))
    with pytest.raises(CatalogProblemsError) as info:
        load_catalog(write(tmp_path, "k.yaml", text.encode()))
    assert len(info.value.problems) == 150
    assert str(info.value).endswith("… and 50 more")
    assert info.value.text("de").endswith("… und 50 weitere Probleme")
    assert str(info.value).count("field 'multiplier' is 0") == 100


@pytest.mark.parametrize(
    ("limits", "text", "message"),
    [
        (CatalogLimits(max_bytes=100), entry() * 3, r"larger than 100 bytes"),
        (CatalogLimits(max_entries=2), entry() * 3, "more than 2 indicators"),
        (
            CatalogLimits(max_aliases=0),
            "x: &r {k: 4}\nindicators:\n  " + entry("rule: *r"),
            "more than 0 aliases",
        ),
        (CatalogLimits(max_depth=3), entry("rule: {k: 3}"), "nested deeper than 3 levels"),
        (CatalogLimits(max_text=5), entry("source: Schulstatistik"), "has 14 characters"),
    ],
)
def test_limits_are_configurable(tmp_path, limits, text, message):
    with pytest.raises(CatalogError, match=message):
        load_catalog(write(tmp_path, "k.yaml", text.encode()), limits=limits)


def test_ordinary_anchors_and_edge_values_still_load(tmp_path):
    text = (
        "shared: &r {method: quantiles, k: 10, trend_periods: 2}\n"
        "indicators:\n"
        + entry("rule: *r, multiplier: 1000000")
        + entry("rule: *r, tolerance: 0, min_denominator: 0", ind_id="b")
        + entry("k: 2.0, thresholds: [-1e15, 1e15], target: 0", ind_id="c")
    ).replace("\n- ", "\n  - ")
    cat = load_catalog(write(tmp_path, "k.yaml", text.encode()))
    assert cat["a"].rule == Rule(method="quantiles", k=10, trend_periods=2)
    assert cat["a"].multiplier == 1e6
    assert (cat["b"].rule.tolerance, cat["b"].rule.min_denominator) == (0, 0)
    assert (cat["c"].rule.k, cat["c"].rule.thresholds) == (2, (-1e15, 1e15))
    assert isinstance(cat["c"].rule.k, int)


def test_cp1252_csv_is_read_with_a_warning(tmp_path):
    text = f"{HEADER};multiplier;tolerance\na;Übergänge;Demografie;no_judgement;count;100;0,2\n"
    path = write(tmp_path, "k.csv", text.encode("cp1252"))
    with pytest.warns(CatalogWarning, match="k.csv is not UTF-8; read as Windows-1252") as record:
        cat = load_catalog(path)
    assert cat["a"].label_de == "Übergänge"
    assert cat["a"].rule.tolerance == 0.2
    assert "als Windows-1252 gelesen" in record[0].message.text("de")


@pytest.mark.parametrize(
    ("encoding", "separator"), [("utf-8-sig", ";"), ("utf-16", "\t"), ("utf-8", ",")]
)
def test_csv_encodings_and_separators(tmp_path, encoding, separator):
    text = f"{HEADER}\na;Ä;D;no_judgement;count\n".replace(";", separator)
    cat = load_catalog(write(tmp_path, "k.csv", text.encode(encoding)))
    assert cat["a"].label_de == "Ä"


def test_undecodable_csv_is_refused(tmp_path):
    data = f"{HEADER}\na;A;D;no_judgement;count\n".encode() + b"\x81\x8d\xff"
    with pytest.raises(CatalogError, match=r"neither UTF-8 nor Windows-1252 \(byte 0x81"):
        load_catalog(write(tmp_path, "k.csv", data))


def test_directory_as_catalogue(tmp_path):
    (tmp_path / "k.yaml").mkdir()
    with pytest.raises(CatalogError, match="is not a file"):
        load_catalog(tmp_path / "k.yaml")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (["a"], r"entry: is \['a'\]; expected a mapping"),
        (
            {
                "id": "a",
                "label_de": "A",
                "domain": "D",
                "polarity": "no_judgement",
                "kind": "count",
                "rule": "band",
            },
            r"entry \(a\): field 'rule' is 'band'",
        ),
        (
            {
                "id": "a",
                "label_de": "A",
                "domain": "D",
                "polarity": "no_judgement",
                "kind": "count",
                "multiplier": float("nan"),
            },
            r"'multiplier' is nan",
        ),
    ],
)
def test_indicator_from_mapping_refuses(raw, message):
    with pytest.raises(CatalogError, match=message):
        indicator_from_mapping(raw)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"k": 11}, r"field 'k' is 11"),
        ({"k": float("inf")}, r"field 'k' is inf"),
        ({"trend_periods": 21}, r"'trend_periods' is 21"),
        ({"thresholds": (float("nan"), 1.0)}, r"'thresholds' is \[nan, 1.0\]"),
        ({"min_population": -1.0}, r"'min_population' is -1.0"),
        ({"tolerance": float("nan"), "confidence": 0.5}, r"(?s)2 problems.*tolerance.*confidence"),
    ],
)
def test_rule_checks_its_fields_when_built_in_code(kwargs, message):
    with pytest.raises(CatalogProblemsError, match=message) as info:
        Rule(**kwargs)
    assert info.value.problems


# ------------------------------------------------------------------------- through the CLI


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "data"
    result = runner.invoke(app, ["init", "--data-dir", str(path)])
    assert result.exit_code == 0, result.output
    return path


def cli_args(table: Path, catalog: Path, data_dir: Path) -> list[str]:
    command = ["import", "indicators", str(table), "--catalog", str(catalog), "--publish"]
    return [*command, "--data-dir", str(data_dir)]


def fingerprint(data_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(data_dir.glob("bildungsampel.sqlite*")):
        if path.suffix != ".sqlite-shm":
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.mark.parametrize(("case", "name", "data", "message"), CASES, ids=[c[0] for c in CASES])
def test_cli_refuses_hostile_catalogues_and_changes_nothing(
    data_dir, tmp_path, case, name, data, message
):
    table = write(tmp_path, "neu.csv", TABLE.encode())
    catalog = write(tmp_path, name, data)
    before = fingerprint(data_dir)
    result = runner.invoke(
        app,
        cli_args(table, catalog, data_dir),
    )
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().startswith("Error: ")
    # rich wraps nothing (soft_wrap) and interprets no markup in the message
    assert re.search(message, result.stderr), result.stderr
    assert "Traceback" not in result.output
    assert fingerprint(data_dir) == before
    assert Store(data_dir).current_id() == 1


def test_cli_reads_a_cp1252_catalogue(tmp_path):
    path = tmp_path / "data"
    assert runner.invoke(app, ["init", "--data-dir", str(path)]).exit_code == 0
    table = write(tmp_path, "neu.csv", TABLE.replace("Übergang aufs Gymnasium", "neu").encode())
    text = f"{HEADER};multiplier\nneu;Neue Übergänge;Formale Bildung;higher_is_better;mean;1\n"
    catalog = write(tmp_path, "k.csv", text.encode("cp1252"))
    with pytest.warns(CatalogWarning, match="Windows-1252"):
        result = runner.invoke(
            app,
            cli_args(table, catalog, path),
        )
    assert result.exit_code == 0, result.output
    labels = {e["id"]: e["label_de"] for e in Store(path).snapshot().catalog}
    assert labels["neu"] == "Neue Übergänge"
