"""The messages of the command line: key → language → text.

The CLI prints English (:func:`bildungsampel.cli.output.message`); the texts
speak every language like all others, so a message raised here can also be
shown by a page. Registered when :mod:`bildungsampel.cli.output` is imported.
"""

from __future__ import annotations

from indicators import messages

MESSAGES: dict[str, dict[str, str]] = {
    "cli.empty.nothing_published": {
        "de": "noch nichts veröffentlicht: zuerst die Grenzen der Stadt importieren "
        "(bildungsampel import boundaries DATEI --publish), dann ihre Indikatortabellen "
        "(bildungsampel import indicators DATEI --publish)",
        "en": "nothing is published yet: import the city's boundaries first "
        "(bildungsampel import boundaries FILE --publish), then its indicator tables "
        "(bildungsampel import indicators FILE --publish)",
    },
    "cli.empty.no_values": {
        "de": "noch keine Indikatorwerte veröffentlicht; bitte mit "
        "'bildungsampel import indicators DATEI --publish' importieren",
        "en": "no indicator values are published yet; import them with "
        "'bildungsampel import indicators FILE --publish'",
    },
    "cli.empty.no_versions": {
        "de": "noch keine Versionen in {path}: zuerst die Grenzen der Stadt importieren "
        "(bildungsampel import boundaries DATEI --publish)",
        "en": "no versions yet in {path}: import the city's boundaries first "
        "(bildungsampel import boundaries FILE --publish)",
    },
    "cli.no_year": {
        "de": "keine Daten für das Jahr {year!r}; vorhanden: {years}",
        "en": "no data for year {year!r}; available: {years}",
    },
    "cli.no_values_at_level": {
        "de": "keine Werte auf der Ebene {level!r}: jeder Wert dieser Auswahl fehlt; bitte die "
        "veröffentlichte Version mit 'bildungsampel versions' prüfen",
        "en": "no values at level {level!r}: every value of this choice is missing; "
        "check the published version with 'bildungsampel versions'",
    },
}

messages.register(MESSAGES)
