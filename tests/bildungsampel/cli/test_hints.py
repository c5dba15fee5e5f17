"""An error says the fix in words and carries a hint; each front end names its own control."""

from __future__ import annotations

import pytest

from bildungsampel.app import widgets
from bildungsampel.cli import output
from geodata.errors import BoundaryError, LayerChoiceError
from indicators import messages
from indicators.errors import BildungsampelError

messages.register(
    {
        "test.hints.no_crs": {"de": "kein KBS; bitte angeben", "en": "no CRS; give it"},
        "test.hints.choose_layer": {"de": "zwei", "en": "two layers; choose one"},
        "test.hints.no_year": {"de": "ohne Jahr", "en": "no year"},
        "test.hints.two_layers": {"de": "zwei Ebenen", "en": "two layers"},
    }
)


@pytest.mark.parametrize(
    ("hint", "shown"),
    [
        ("crs", "no CRS; give it (--crs EPSG:25832)"),
        ("year", "no CRS; give it (--year)"),
        ("parent_column", "no CRS; give it (--parent-column)"),
        (None, "no CRS; give it"),
        ("unknown", "no CRS; give it"),
    ],
)
def test_the_cli_adds_the_flag_of_the_hint(hint, shown):
    assert output.message(BoundaryError("test.hints.no_crs", hint=hint)) == shown


def test_the_cli_shows_other_errors_as_they_are():
    assert output.message(OSError("disk full")) == "disk full"


def test_a_layer_choice_always_hints_at_the_layer():
    error = LayerChoiceError("test.hints.choose_layer", layers=["a", "b"])
    assert error.hint == "layer"
    assert output.message(error) == "two layers; choose one (--layer NAME)"


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("de", "ohne Jahr (Feld „Jahr der ganzen Tabelle“)"),
        ("en", "no year (field “Year of the whole table”)"),
    ],
)
def test_the_upload_page_adds_the_field_of_the_hint(lang, shown):
    error = BildungsampelError("test.hints.no_year", hint="year")
    assert widgets.error_text(error, lang) == shown


def test_the_upload_page_shows_an_error_without_a_field_as_it_is():
    error = BildungsampelError("test.hints.two_layers", hint="layer")
    assert widgets.error_text(error, "de") == "zwei Ebenen"  # the page asks with a select box
    assert widgets.error_text(ValueError("kaputt"), "en") == "kaputt"
