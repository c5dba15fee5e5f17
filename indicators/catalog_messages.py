"""The messages of the indicator catalogue: key → language → text.

Reading catalogue files, checking entries and fields, and the report of every
problem at once. Registered with :func:`indicators.messages.register` when
:mod:`indicators.catalog_schema` (and so every catalogue module) is imported;
raise sites give a key and its parameters, e.g.
``CatalogError("catalog.file.empty", name=name)``; a problem is
``Problem(where, Message("catalog.entry.missing", {"fields": ...}))``.
"""

from __future__ import annotations

from indicators import messages

MESSAGES: dict[str, dict[str, str]] = {
    # the file (indicators.catalog_files)
    "catalog.file.suffix": {
        "de": "{name}: Katalog muss .yaml, .yml oder .csv sein",
        "en": "{name}: catalogue must be .yaml, .yml or .csv",
    },
    "catalog.file.missing": {
        "de": "Katalogdatei {path} existiert nicht",
        "en": "catalogue file {path} does not exist",
    },
    "catalog.file.not_a_file": {
        "de": "{path} ist keine Datei; bitte die Katalogdatei (.yaml oder .csv) angeben",
        "en": "{path} is not a file; name the catalogue file (.yaml or .csv)",
    },
    "catalog.file.unreadable": {
        "de": "{name} kann nicht gelesen werden ({reason}); bitte Datei und Zugriffsrechte prüfen",
        "en": "{name} cannot be read ({reason}); check the file and its permissions",
    },
    "catalog.file.too_large": {
        "de": "{name} ist größer als {limit:,} Bytes, die Grenze für einen Katalog "
        "(CatalogLimits.max_bytes; 100 Indikatoren sind etwa 30 KB); ist es die richtige Datei?",
        "en": "{name} is larger than {limit:,} bytes, the limit for a catalogue "
        "(CatalogLimits.max_bytes; 100 indicators are about 30 KB); is it the right file?",
    },
    "catalog.file.empty": {
        "de": "{name} ist leer; ein Katalog enthält einen Eintrag je Indikator "
        "(siehe docs/DATA.md)",
        "en": "{name} is empty; a catalogue lists one entry per indicator (see docs/DATA.md)",
    },
    "catalog.file.binary": {
        "de": "{name} ist {what} und kein Text-Katalog; bitte den Katalog als YAML oder als CSV "
        "speichern (UTF-8, z. B. Excel: 'Speichern unter → CSV UTF-8')",
        "en": "{name} is {what}, not a text catalogue; save the catalogue as YAML or as CSV "
        "(UTF-8, e.g. Excel: 'Save as → CSV UTF-8')",
    },
    "catalog.file.no_entries": {
        "de": "{name} enthält keine Indikatoren; bitte einen Eintrag je Indikator anlegen "
        "(siehe docs/DATA.md)",
        "en": "{name} has no indicators; add one entry per indicator (see docs/DATA.md)",
    },
    "catalog.file.too_many": {
        "de": "{name} hat mehr als {limit:,} Indikatoren, die Grenze (CatalogLimits.max_entries); "
        "ist es die richtige Datei?",
        "en": "{name} has more than {limit:,} indicators, the limit (CatalogLimits.max_entries); "
        "is it the right file?",
    },
    # what a binary file is (the {what} of catalog.file.binary)
    "catalog.binary.zip": {
        "de": "ein Zip-Archiv oder eine Excel-Mappe (XLSX)",
        "en": "a zip archive or Excel workbook (XLSX)",
    },
    "catalog.binary.xls": {
        "de": "eine alte Excel-Mappe (XLS)",
        "en": "an old Excel workbook (XLS)",
    },
    "catalog.binary.pdf": {"de": "ein PDF-Dokument", "en": "a PDF document"},
    "catalog.binary.gzip": {"de": "ein gzip-Archiv", "en": "a gzip archive"},
    "catalog.binary.sqlite": {"de": "eine SQLite-Datenbank", "en": "an SQLite database"},
    "catalog.binary.other": {"de": "binär", "en": "binary data"},
    # encodings
    "catalog.yaml.not_utf8": {
        "de": "{name} ist nicht UTF-8 (Byte 0x{byte:02x} an Position {position}); bitte die "
        "YAML-Datei als UTF-8 speichern",
        "en": "{name} is not UTF-8 (byte 0x{byte:02x} at position {position}); save the YAML "
        "file as UTF-8",
    },
    "catalog.csv.encoding": {
        "de": "{name} ist weder UTF-8 noch Windows-1252 (Byte 0x{byte:02x} an Position "
        "{position}); bitte den Katalog als CSV UTF-8 speichern",
        "en": "{name} is neither UTF-8 nor Windows-1252 (byte 0x{byte:02x} at position "
        "{position}); save the catalogue as CSV UTF-8",
    },
    "catalog.csv.cp1252": {
        "de": "{name} ist nicht UTF-8; als Windows-1252 gelesen (wie vom deutschen Excel "
        "gespeichert). Bitte Umlaute in den Bezeichnungen prüfen oder als CSV UTF-8 speichern",
        "en": "{name} is not UTF-8; read as Windows-1252 (as saved by German Excel). Check "
        "umlauts in the labels, or save it as CSV UTF-8",
    },
    # YAML
    "catalog.yaml.too_deep": {
        "de": "{name}: tiefer als {limit} Ebenen verschachtelt (CatalogLimits.max_depth); ein "
        "Katalog braucht 6: indicators → Eintrag → rule → thresholds",
        "en": "{name}: nested deeper than {limit} levels (CatalogLimits.max_depth); a catalogue "
        "needs 6: indicators → entry → rule → thresholds",
    },
    "catalog.yaml.aliases": {
        "de": "{name}: mehr als {limit} Aliase (*name); als mögliche Alias-Bombe abgelehnt "
        "(CatalogLimits.max_aliases); bitte die Einträge ausschreiben",
        "en": "{name}: more than {limit} aliases (*name); refused as a possible alias bomb "
        "(CatalogLimits.max_aliases); write the entries out in full",
    },
    "catalog.yaml.recursive": {
        "de": "{name}: ein Alias verweist auf den Knoten, in dem er steht (eine rekursive "
        "Struktur); bitte die Einträge ausschreiben",
        "en": "{name}: an alias refers to the node that contains it (a recursive structure); "
        "write the entries out in full",
    },
    "catalog.yaml.too_many_nodes": {
        "de": "{name}: wird über Aliase oder durch seine Größe zu mehr als {limit:,} Werten "
        "(CatalogLimits.max_nodes); als mögliche Alias-Bombe abgelehnt",
        "en": "{name}: expands to more than {limit:,} values through aliases or its size "
        "(CatalogLimits.max_nodes); refused as a possible alias bomb",
    },
    "catalog.yaml.invalid": {
        "de": "{name}: kein gültiges YAML ({detail})",
        "en": "{name}: not valid YAML ({detail})",
    },
    "catalog.yaml.huge_number": {
        "de": "{name}: eine Zahl hat mehr als {digits:,} Stellen; bitte sinnvolle Zahlen angeben",
        "en": "{name}: a number has more than {digits:,} digits; write sensible numbers",
    },
    "catalog.yaml.value": {
        "de": "{name}: ein Wert kann nicht gelesen werden ({detail}); als Text gemeinte Werte "
        "bitte in Anführungszeichen setzen",
        "en": "{name}: a value cannot be read ({detail}); put values meant as text in quotes",
    },
    "catalog.yaml.not_a_list": {
        "de": "{name}: erwartet eine Liste von Indikatoren unter 'indicators:', erhalten {got}",
        "en": "{name}: expected a list of indicators under 'indicators:', got {got}",
    },
    # CSV
    "catalog.csv.unreadable": {
        "de": "{name}, Zeile {line}: nicht als CSV lesbar ({detail})",
        "en": "{name}, line {line}: cannot be read as CSV ({detail})",
    },
    "catalog.csv.no_header": {
        "de": "{name} hat keine Kopfzeile mit Feldnamen; die erste Zeile nennt die Spalten "
        "id;label_de;domain;polarity;kind …",
        "en": "{name} has no header line with field names; the first line names the columns "
        "id;label_de;domain;polarity;kind …",
    },
    "catalog.csv.header_only": {
        "de": "{name} hat eine Kopfzeile, aber keine Indikatorzeilen; bitte je Indikator eine "
        "Zeile darunter anlegen",
        "en": "{name} has a header but no indicator rows; add one row per indicator below it",
    },
    "catalog.csv.single_column": {
        "de": "{name}: die Kopfzeile hat nur eine Spalte {column}; erwartet werden Spalten "
        "id;label_de;domain;polarity;kind … getrennt durch ';' oder ','",
        "en": "{name}: the header has a single column {column}; expected columns "
        "id;label_de;domain;polarity;kind … separated by ';' or ','",
    },
    "catalog.csv.row_too_long": {
        "de": "hat {values} Werte, die Kopfzeile aber {columns} Spalten; bitte Trennzeichen und "
        "Anführungszeichen in dieser Zeile prüfen",
        "en": "has {values} values but the header has {columns} columns; check the separator "
        "and quotes in this line",
    },
    "catalog.csv.open_quote": {
        "de": 'Spalte {n} ({column}) reicht über mehrere Zeilen; ein Anführungszeichen (") ist '
        "nicht geschlossen",
        "en": 'column {n} ({column}) runs over several lines; a quote (") is not closed',
    },
    "catalog.csv.unnamed": {
        "de": "Spalte {n} hat keinen Namen; bitte jeder Spalte einen Feldnamen geben",
        "en": "column {n} has no name; give every column a field name",
    },
    "catalog.csv.twice": {
        "de": "Spalte {column!r} kommt doppelt vor; bitte nur eine behalten",
        "en": "column {column!r} appears twice; keep one",
    },
    # where a problem is (indicators.catalog_schema.Where)
    "catalog.where.entry": {"de": "{name}, Eintrag {n}", "en": "{name}, entry {n}"},
    "catalog.where.line": {"de": "{name}, Zeile {line}", "en": "{name}, line {line}"},
    "catalog.where.named": {"de": "{where} ({id})", "en": "{where} ({id})"},
    "catalog.where.mapping": {"de": "Eintrag", "en": "entry"},
    "catalog.where.indicator": {"de": "Indikator {id!r}", "en": "indicator {id!r}"},
    # the report of every problem (indicators.catalog_schema.CatalogProblemsError)
    "catalog.problems": {
        "de": "{count} Probleme im Katalog; nichts wurde eingelesen. Bitte korrigieren und den "
        "Katalog erneut laden:",
        "en": "{count} problems in the catalogue; nothing was read. Correct them and load the "
        "catalogue again:",
    },
    "catalog.problems.more": {
        "de": "… und {rest} weitere Probleme",
        "en": "… and {rest} more",
    },
    # a value described in words (indicators.catalog_schema.show)
    "catalog.value.big_number": {
        "de": "eine Zahl mit ~{digits} Stellen",
        "en": "a number of ~{digits} digits",
    },
    "catalog.value.list": {
        "de": "eine Liste mit {n} Einträgen",
        "en": "a list of {n} items",
    },
    "catalog.value.mapping": {
        "de": "eine Zuordnung mit {n} Feldern",
        "en": "a mapping of {n} fields",
    },
    "catalog.value.binary": {"de": "Binärdaten", "en": "binary data"},
    "catalog.value.other": {
        "de": "ein Wert vom Typ {type}",
        "en": "a {type}",
    },
    # fields and what they expect (the {expected} of catalog.field.value)
    "catalog.field.value": {
        "de": "Feld {name!r} ist {value}; erwartet wird {expected}",
        "en": "field {name!r} is {value}; expected {expected}",
    },
    "catalog.expected.multiplier": {
        "de": "eine Zahl über 0 und höchstens 1.000.000 (1 = wie geliefert, 100 für %, 1000 für ‰)",
        "en": "a number above 0 and at most 1,000,000 (1 = as delivered, 100 for %, 1000 for ‰)",
    },
    "catalog.expected.tolerance": {
        "de": "eine Zahl von 0 bis unter 1 (0.10 = ±10 %)",
        "en": "a number from 0 to below 1 (0.10 = ±10 %)",
    },
    "catalog.expected.confidence": {
        "de": "0.95 (drei Stufen) oder 0.998 (fünf Stufen)",
        "en": "0.95 (three grades) or 0.998 (five grades)",
    },
    "catalog.expected.k": {
        "de": "eine ganze Zahl von 2 bis 10 (Gruppen für Quantile; 3 = Terzile)",
        "en": "a whole number from 2 to 10 (groups for quantiles; 3 = terciles)",
    },
    "catalog.expected.target": {
        "de": "eine endliche Zahl in der Einheit des Indikators",
        "en": "a finite number in the indicator's unit",
    },
    "catalog.expected.min_denominator": {
        "de": "eine endliche Zahl ab 0 (Standard 20)",
        "en": "a finite number of at least 0 (default 20)",
    },
    "catalog.expected.small_numerator": {
        "de": "eine ganze Zahl von 0 bis 1000 (0: keine Unterdrückung kleiner Zahlen, z. B. für "
        "Einrichtungen; ohne Angabe gilt die Einstellung der Installation, 5)",
        "en": "a whole number from 0 to 1000 (0: no suppression of small numbers, e.g. for "
        "facilities; not given: the installation's setting, 5)",
    },
    "catalog.expected.trend_periods": {
        "de": "eine ganze Zahl von 2 bis 20 (Standard 5)",
        "en": "a whole number from 2 to 20 (default 5)",
    },
    "catalog.expected.min_population": {
        "de": "eine endliche Zahl ab 0 (Standard 300)",
        "en": "a finite number of at least 0 (default 300)",
    },
    "catalog.expected.thresholds": {
        "de": "zwei endliche Zahlen [niedrig, hoch] mit niedrig <= hoch (CSV: niedrig|hoch) "
        "oder 1 bis 4 steigende Grenzen für 2 bis 5 Klassen (CSV: a|b|c)",
        "en": "two finite numbers [low, high] with low <= high (CSV: low|high) or 1 to 4 "
        "rising limits for 2 to 5 classes (CSV: a|b|c)",
    },
    "catalog.expected.cuts": {
        "de": "1 bis 4 steigende endliche Zahlen in SD-Einheiten, z. B. [-1.0, 1.0, 1.5] "
        "(CSV: -1|1|1.5)",
        "en": "1 to 4 rising finite numbers in SD units, e.g. [-1.0, 1.0, 1.5] (CSV: -1|1|1.5)",
    },
    "catalog.expected.labels": {
        "de": "eine Liste von Texten, einer je Klasse, niedrigste Werte zuerst (CSV: a|b|c)",
        "en": "a list of texts, one per class, lowest values first (CSV: a|b|c)",
    },
    "catalog.expected.weights": {
        "de": "eine Liste endlicher Zahlen, eine je Komponente, z. B. [1, 1, 1]",
        "en": "a list of finite numbers, one per component, e.g. [1, 1, 1]",
    },
    "catalog.expected.ids": {
        "de": "eine Liste von IDs, z. B. [S1, S3, S4]",
        "en": "a list of ids, e.g. [S1, S3, S4]",
    },
    "catalog.expected.yes_no": {"de": "true oder false", "en": "true or false"},
    "catalog.expected.change": {
        "de": "'change: {periods: N}' mit einer ganzen Zahl N von 2 bis 20 (2 = Veränderung "
        "zwischen zwei aufeinanderfolgenden Zeiträumen)",
        "en": "'change: {periods: N}' with a whole number N from 2 to 20 (2 = change between "
        "two consecutive periods)",
    },
    "catalog.expected.composite": {
        "de": "eine Zuordnung, z. B. 'composite: {components: [S1, S3], weights: [1, 1], "
        "standardise: z}' (nur im YAML-Katalog)",
        "en": "a mapping, e.g. 'composite: {components: [S1, S3], weights: [1, 1], "
        "standardise: z}' (YAML catalogue only)",
    },
    "catalog.expected.indicator_id": {"de": "eine Indikator-ID", "en": "an indicator id"},
    "catalog.expected.text": {"de": "ein Text", "en": "a text"},
    "catalog.expected.text_not_yes_no": {
        "de": "ein Text (yes/no/true/false in Anführungszeichen schreiben)",
        "en": "a text (write yes/no/true/false in quotes)",
    },
    # literal braces: a text without parameters is returned as written
    "catalog.expected.rule": {
        "de": "eine Zuordnung von Regelfeldern, z. B. 'rule: {method: benchmark, "
        "confidence: 0.998}'",
        "en": "a mapping of rule fields, e.g. 'rule: {method: benchmark, confidence: 0.998}'",
    },
    "catalog.field.too_long": {
        "de": "Feld {name!r} hat {length:,} Zeichen; höchstens {limit:,} sind erlaubt "
        "(CatalogLimits.max_text)",
        "en": "field {name!r} has {length:,} characters; at most {limit:,} are allowed "
        "(CatalogLimits.max_text)",
    },
    "catalog.field.choice": {
        "de": "Feld {name!r} ist {value}; erlaubt sind {allowed}",
        "en": "field {name!r} is {value}; expected one of {allowed}",
    },
    # entries (indicators.catalog_entries)
    "catalog.entry.not_a_mapping": {
        "de": "ist {value}; erwartet wird eine Zuordnung von Feldern (id: …, label_de: …, "
        "domain: …, polarity: …, kind: …); in YAML beginnt jeder Eintrag mit '- id: …'",
        "en": "is {value}; expected a mapping of fields (id: …, label_de: …, domain: …, "
        "polarity: …, kind: …); in YAML each entry starts with '- id: …'",
    },
    "catalog.entry.missing": {
        "de": "Pflichtfeld(er) fehlen: {fields}",
        "en": "missing required field(s) {fields}",
    },
    "catalog.entry.unknown_field": {
        "de": "unbekanntes Feld {field}; bekannt: {entry_fields}; Regelfelder (unter 'rule' "
        "oder direkt): {rule_fields}",
        "en": "unknown field {field}; known: {entry_fields}; rule fields (under 'rule' or "
        "flat): {rule_fields}",
    },
    "catalog.rule.entry_field": {
        "de": "Feld {name!r} gehört zum Eintrag, nicht unter 'rule'; bitte eine Ebene höher "
        "schreiben",
        "en": "field {name!r} belongs to the entry, not under 'rule'; move it up one level",
    },
    "catalog.rule.unknown_field": {
        "de": "unbekanntes Regelfeld {field}; bekannt: {known}",
        "en": "unknown rule field {field}; known: {known}",
    },
    # rules and the catalogue as a whole (indicators.catalog_schema)
    "catalog.method.unknown": {
        "de": "unbekannte Bewertungsmethode {value} im Feld 'method'; erlaubt sind {allowed}",
        "en": "unknown rating method {value} in field 'method'; expected one of {allowed}",
    },
    # a problem a method class still words as an (English, German) pair
    "catalog.id.twice": {
        "de": "Indikator-ID {id!r} kommt doppelt vor (auch {also}); IDs müssen eindeutig sein",
        "en": "indicator id {id!r} appears twice (also {also}); ids must be unique",
    },
    "catalog.id.twice_before": {
        "de": "Indikator-ID {id!r} kommt doppelt vor (auch vorher); IDs müssen eindeutig sein",
        "en": "indicator id {id!r} appears twice (also earlier); ids must be unique",
    },
    "catalog.denominator.not_rate": {
        "de": "denominator {ref!r} geht nur bei kind: rate (hier kind: {kind}); bitte kind: rate "
        "angeben oder denominator entfernen",
        "en": "denominator {ref!r} only works with kind: rate (here kind: {kind}); set kind: rate "
        "or remove denominator",
    },
    "catalog.denominator.self": {
        "de": "denominator {ref!r} ist der Indikator selbst; bitte die ID des Indikators mit den "
        "Bezugszahlen angeben (z. B. einwohner)",
        "en": "denominator {ref!r} is the indicator itself; name the id of the indicator holding "
        "the reference counts (e.g. einwohner)",
    },
    "catalog.denominator.not_count": {
        "de": "denominator {ref!r} ist kind: {kind}; eine Rate teilt durch eine Anzahl, bitte "
        "einen Indikator mit kind: count angeben (z. B. einwohner)",
        "en": "denominator {ref!r} is kind: {kind}; a rate divides by a count, name an indicator "
        "with kind: count (e.g. einwohner)",
    },
    "catalog.reference.missing": {
        "de": "{role} {ref!r} steht nicht im Katalog; bitte die ID eines Katalog-Indikators "
        "angeben (bekannt: {known})",
        "en": "{role} {ref!r} is not in the catalogue; name the id of an indicator of the "
        "catalogue (known: {known})",
    },
    # composites and ordered classes (indicators.catalog_composite)
    "catalog.composite.missing": {
        "de": "kind: composite braucht das Feld 'composite' mit seinen Komponenten, z. B. "
        "'composite: {components: [S1, S3], weights: [1, 1], standardise: z}'",
        "en": "kind: composite needs the field 'composite' with its components, e.g. "
        "'composite: {components: [S1, S3], weights: [1, 1], standardise: z}'",
    },
    "catalog.composite.not_composite": {
        "de": "das Feld 'composite' geht nur bei kind: composite (hier kind: {kind}); bitte "
        "kind: composite angeben oder 'composite' entfernen",
        "en": "the field 'composite' only works with kind: composite (here kind: {kind}); set "
        "kind: composite or remove 'composite'",
    },
    "catalog.composite.no_components": {
        "de": "der Index hat keine Komponenten; bitte 'components: [ID, …]' angeben",
        "en": "the index has no components; give 'components: [id, …]'",
    },
    "catalog.composite.standardise": {
        "de": "unbekannte Standardisierung {value} im Feld 'standardise'; erlaubt sind {allowed}",
        "en": "unknown standardisation {value} in field 'standardise'; expected one of {allowed}",
    },
    "catalog.composite.weights": {
        "de": "{weights} Gewichte für {components} Komponenten; bitte je Komponente genau ein "
        "Gewicht angeben (oder 'weights' weglassen: alle 1)",
        "en": "{weights} weights for {components} components; give exactly one weight per "
        "component (or leave out 'weights': all 1)",
    },
    "catalog.composite.self": {
        "de": "der Index {id!r} steht unter seinen eigenen Komponenten; bitte ihn aus "
        "'components' entfernen",
        "en": "the index {id!r} is one of its own components; remove it from 'components'",
    },
    "catalog.composite.cycle": {
        "de": "die Komponenten bilden einen Kreis ({path}); ein Index kann nicht aus sich selbst "
        "berechnet werden, bitte den Kreis auflösen",
        "en": "the components form a cycle ({path}); an index cannot be computed from itself, "
        "break the cycle",
    },
    "catalog.composite.unknown_component": {
        "de": "Komponente {ref!r} steht nicht im Katalog; bitte die ID eines Katalog-Indikators "
        "angeben (bekannt: {known})",
        "en": "component {ref!r} is not in the catalogue; name the id of an indicator of the "
        "catalogue (known: {known})",
    },
    "catalog.composite.unknown_field": {
        "de": "unbekanntes Feld {field} unter 'composite'; bekannt: {known}",
        "en": "unknown field {field} under 'composite'; known: {known}",
    },
    "catalog.classes.too_many": {
        "de": "{name} ergibt {n} Klassen; höchstens 5 lassen sich auf die Stufen (günstigste … "
        "ungünstigste) abbilden, bitte höchstens 4 Grenzen angeben",
        "en": "{name} gives {n} classes; at most 5 map onto the grades (best … worst), give at "
        "most 4 limits",
    },
    "catalog.labels.count": {
        "de": "{name} hat {n} Bezeichnungen für {classes} Klassen; bitte je Klasse genau eine "
        "angeben, niedrigste Werte zuerst",
        "en": "{name} has {n} labels for {classes} classes; give exactly one per class, lowest "
        "values first",
    },
    # the model (indicators.catalog)
    "catalog.indicator.unknown": {
        "de": "Indikator {id!r} steht nicht im Katalog; bekannt: {known}",
        "en": "indicator {id!r} is not in the catalogue; known: {known}",
    },
}

messages.register(MESSAGES)
