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
    # bildungsampel.cli.imports
    "cli.file_missing": {"de": "{path} existiert nicht", "en": "{path} does not exist"},
    "cli.layout.unknown": {
        "de": "--layout {layout!r}: long oder wide angeben",
        "en": "--layout {layout!r}: use long or wide",
    },
    "cli.layout.long_needs_columns": {
        "de": "{name}: --layout long braucht Indikator- und Wertspalten; gefunden: {columns}",
        "en": "{name}: --layout long needs indicator and value columns; found {columns}",
    },
    "cli.boundaries.parent_twice": {
        "de": "bitte entweder --parent-column (ein Stadtbezirk je Gebiet) oder --parent "
        "NAME=SPALTE (Ebenen in den Worten der Stadt) angeben, nicht beides",
        "en": "give either --parent-column (one Stadtbezirk per area) or --parent NAME=COLUMN "
        "(levels in the city's words), not both",
    },
    # bildungsampel.cli.rating
    "cli.heatmap.suffix": {
        "de": "{name}: --output muss auf .png, .pdf, .svg oder .csv enden",
        "en": "{name}: --output must end in .png, .pdf, .svg or .csv",
    },
    "cli.heatmap.linkage": {
        "de": "--linkage {linkage!r}: erlaubt sind {linkages}",
        "en": "--linkage {linkage!r}: use {linkages}",
    },
    # bildungsampel.cli.allocation
    "cli.allocate.xlsx_needs_output": {
        "de": "--format xlsx braucht --output DATEI.xlsx (eine Arbeitsmappe ist kein Text)",
        "en": "--format xlsx needs --output FILE.xlsx (a workbook is not text)",
    },
    # bildungsampel.cli.admin
    "cli.init.not_empty": {
        "de": "{data_dir} enthält bereits veröffentlichte Daten (Version {version}); bitte "
        "einen anderen --data-dir oder eine andere --database-url wählen",
        "en": "{data_dir} already holds published data (version {version}); use another "
        "--data-dir or --database-url",
    },
    # bildungsampel.cli.options
    "cli.needs_boundaries": {
        "de": "--indicators und die Spaltenoptionen brauchen auch --boundaries",
        "en": "--indicators or column options need --boundaries too",
    },
}

messages.register(MESSAGES)
