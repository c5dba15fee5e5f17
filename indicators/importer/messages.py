"""The messages of importing an indicator table: key → language → text.

Registered with :func:`indicators.messages.register` when
:mod:`indicators.importer.reading` is imported (the other phases import it).
"""

from __future__ import annotations

from indicators import messages

MESSAGES: dict[str, dict[str, str]] = {
    # reading an upload (indicators.importer.reading)
    "importer.file.empty": {"de": "{name}: die Datei ist leer", "en": "{name}: the file is empty"},
    "importer.file.binary": {
        "de": "{name}: keine Texttabelle (binärer Inhalt); bitte als CSV (UTF-8) oder XLSX "
        "exportieren",
        "en": "{name}: this is not a text table (binary content); export it as CSV (UTF-8) or XLSX",
    },
    "importer.file.no_rows": {
        "de": "{name}: die Datei hat eine Kopfzeile, aber keine Datenzeilen",
        "en": "{name}: the file has a header but no data rows",
    },
    "importer.file.one_column": {
        "de": "{name}: nur eine Spalte erkannt; Trennzeichen muss ';', ',' oder Tabulator sein",
        "en": "{name}: only one column was found; the separator must be ';', ',' or tab",
    },
    "importer.file.too_large": {
        "de": "{name}: die Datei hat {size:.1f} MB, mehr als die Grenze von {limit:.0f} MB; "
        "bitte nach Jahr oder Indikator aufteilen",
        "en": "{name}: the file has {size:.1f} MB, more than the limit of {limit:.0f} MB; split "
        "it by year or indicator",
    },
    "importer.sheet.no_rows": {
        "de": "{name}: das Tabellenblatt {title!r} hat keine Datenzeilen",
        "en": "{name}: the sheet {title!r} has no data rows",
    },
    # the long form (indicators.importer.longform)
    "importer.columns.missing": {
        "de": "Spalte(n) {missing} fehlen in der Tabelle; vorhanden: {columns}",
        "en": "column(s) {missing} not in the table; columns are {columns}",
    },
    "importer.period.missing": {
        "de": "die Tabelle hat keine Jahresspalte; bitte das Jahr der ganzen Tabelle angeben",
        "en": "the table has no year column; give the year of the whole table",
    },
}

messages.register(MESSAGES)
