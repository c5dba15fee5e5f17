from __future__ import annotations

import importlib
from pathlib import Path

import pytest

import geodata.errors
from bildungsampel.present import i18n
from indicators import messages
from indicators.errors import BildungsampelError

ROOT = Path(__file__).resolve().parents[2]
#: Every message table of the product: the modules named ``*messages.py`` (found, not listed).
TABLES = tuple(
    sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for package in ("indicators", "geodata", "bildungsampel")
        for p in (ROOT / package).rglob("*messages.py")
        if p != ROOT / "indicators" / "messages.py"
    )
)


@pytest.fixture
def third_language(monkeypatch):
    """A language "xx" added as a third language is one text per key (here: the English one)."""
    monkeypatch.setattr(messages, "LANGUAGES", (*messages.LANGUAGES, "xx"))
    for texts in messages.table().values():
        monkeypatch.setitem(texts, "xx", "[xx] " + texts["en"])
    return "xx"


@pytest.mark.parametrize("module", TABLES)
def test_every_table_is_registered(module):
    table = importlib.import_module(module).MESSAGES
    assert table
    assert all(messages.table()[key] == texts for key, texts in table.items())


def test_every_key_speaks_every_language_with_the_same_placeholders():
    assert len(messages.table()) > 250
    for key, texts in messages.table().items():
        assert set(texts) == set(messages.LANGUAGES), key
        found = {lang: messages.placeholders(texts[lang]) for lang in messages.LANGUAGES}
        assert len(set(map(frozenset, found.values()))) == 1, (key, found)


def test_placeholders_are_the_names_of_the_fields():
    assert messages.placeholders("{source}: {n:.0f} of {of!r} {{x}} {a.b}") == {
        "source",
        "n",
        "of",
        "a",
    }


def test_text_fills_placeholders_and_falls_back_to_the_first_language():
    messages.register({"test.rows": {"de": "{n} Zeilen in {name}", "en": "{n} rows in {name}"}})
    assert messages.text("test.rows", "en", n=3, name="a.csv") == "3 rows in a.csv"
    assert messages.text("test.rows", "de", n=3, name="a.csv") == "3 Zeilen in a.csv"
    assert messages.text("test.rows", "fr", n=3, name="a.csv") == "3 Zeilen in a.csv"


def test_an_unknown_key_is_named():
    with pytest.raises(KeyError, match=r"no translation for 'test\.nope'"):
        messages.text("test.nope", "de")


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ({"test.a": {"de": "x"}}, "'test.a' has no text in en"),
        ({"test.b": {"de": "{n} x", "en": "{m} x"}}, "'test.b' has different placeholders"),
        ({"nav.map": {"de": "Landkarte", "en": "Map"}}, "'nav.map' is registered already"),
    ],
)
def test_register_refuses_an_incomplete_or_clashing_table(table, problem):
    with pytest.raises(ValueError, match=problem):
        messages.register(table)
    assert not messages.has("test.a")


def test_register_accepts_the_same_table_twice():
    table = {"test.same": {"de": "gleich", "en": "same"}}
    assert messages.register(table) is table
    messages.register(table)
    assert messages.text("test.same", "en") == "same"


def test_an_error_renders_its_key_in_every_language_and_str_is_english():
    messages.register({"test.crs": {"de": "{source}: kein CRS", "en": "{source}: no CRS"}})
    err = BildungsampelError("test.crs", hint="crs", source="a.shp")
    assert str(err) == "a.shp: no CRS"
    assert (err.text("de"), err.text("en"), err.text("fr")) == (
        "a.shp: kein CRS",
        "a.shp: no CRS",
        "a.shp: no CRS",
    )
    assert (err.key, err.params, err.hint) == ("test.crs", {"source": "a.shp"}, "crs")


def test_recast_keeps_key_parameters_and_hint():
    class OtherError(BildungsampelError):
        pass

    messages.register({"test.sheet": {"de": "Blatt {n}", "en": "sheet {n}"}})
    other = BildungsampelError("test.sheet", hint="sheet", n=2).recast(OtherError)
    assert isinstance(other, OtherError)
    assert (other.text("de"), str(other), other.hint) == ("Blatt 2", "sheet 2", "sheet")


def test_the_language_switch_lists_every_language_in_itself():
    assert i18n.languages() == {"de": "Deutsch", "en": "English"}


def test_german_numbers_and_nested_messages():
    messages.register({"test.what": {"de": "Zeilen", "en": "rows"}})
    messages.register(
        {"test.count": {"de": "{n:,} {what} ({x:.1f})", "en": "{n:,} {what} ({x:.1f})"}}
    )
    what = messages.Message("test.what")
    assert messages.text("test.count", "de", n=12500, what=what, x=0.5) == "12.500 Zeilen (0.5)"
    assert messages.text("test.count", "en", n=12500, what=what, x=0.5) == "12,500 rows (0.5)"


def test_a_limit_error_renders_as_before():
    from indicators.tables import TableLimits, read_csv_text

    with pytest.raises(BildungsampelError) as info:
        read_csv_text(b"a;b\n" + b"1;2\n" * 2500, limits=TableLimits(max_rows=1000), source="x.csv")
    assert info.value.text("de") == (
        "x.csv: 2.500 Zeilen, mehr als die Grenze von 1.000 (max_rows); Datei nach Jahr oder "
        "Indikator aufteilen oder Grenze erhöhen mit --limit max_rows=N (bildungsampel import "
        "indicators)"
    )
    assert str(info.value) == (
        "x.csv: 2,500 rows, more than the limit of 1,000 (max_rows); split the file by year or "
        "indicator, or raise it with --limit max_rows=N (bildungsampel import indicators)"
    )


def test_a_third_language_is_one_text_per_key(third_language):
    assert i18n.languages()["xx"] == "[xx] English"
    assert i18n.t("nav.map", third_language) == "[xx] Map"
    assert i18n.t("side.selected", third_language, name="Altstadt") == "[xx] Selected: Altstadt"
    err = geodata.errors.BoundaryError("geodata.crs.missing", hint="crs", source="a.shp")
    assert err.text(third_language) == "[xx] " + err.text("en")
    assert str(err) == err.text("en")


def test_a_sentence_is_not_a_key():
    with pytest.raises(KeyError, match="no translation for 'the table has no year column'"):
        BildungsampelError("the table has no year column")
