"""The messages of reading delivered tables (CSV, XLSX): key → language → text.

Registered with :func:`indicators.messages.register` when
:mod:`indicators.tables.limits` is imported (every reading module imports it).
``tables.what.*`` and ``tables.fix.*`` are the parts of a limit message
(:func:`indicators.tables.limits.limit_error`).
"""

from __future__ import annotations

from indicators import messages

MESSAGES: dict[str, dict[str, str]] = {
    # limits (indicators.tables.limits)
    "tables.limit": {
        "de": "{source}: {found:,.0f} {what}, mehr als die Grenze von {limit_value:,.0f} ({name}); "
        "{fix} oder Grenze erhöhen mit --limit {name}=N (bildungsampel import indicators)",
        "en": "{source}: {found:,.0f} {what}, more than the limit of {limit_value:,.0f} ({name}); "
        "{fix}, or raise it with --limit {name}=N (bildungsampel import indicators)",
    },
    "tables.limit.not_positive": {
        "de": "Tabellengrenze {name}={value!r}: muss eine positive Zahl sein",
        "en": "table limit {name}={value!r}: must be a positive number",
    },
    "tables.limit.unknown": {
        "de": "--limit {option!r}: unbekannte Grenze; bekannt sind {known}",
        "en": "--limit {option!r}: unknown limit; known are {known}",
    },
    "tables.limit.not_a_number": {
        "de": "--limit {option!r}: {text!r} ist keine Zahl",
        "en": "--limit {option!r}: {text!r} is not a number",
    },
    "tables.fix.cells_below": {
        "de": "Zellen außerhalb der Tabelle löschen (auch einzelne weit unten) oder die Datei "
        "aufteilen",
        "en": "delete cells outside the table (also a single one far below) or split the file",
    },
    "tables.fix.cells_outside": {
        "de": "Zellen außerhalb der Tabelle löschen oder die Datei aufteilen",
        "en": "delete cells outside the table or split the file",
    },
    "tables.fix.cells_right": {
        "de": "Zellen rechts neben der Tabelle löschen (auch einzelne weit rechts)",
        "en": "delete cells right of the table (also a single one far to the right)",
    },
    "tables.fix.columns": {
        "de": "nur die Spalten mit Gebiet, Jahr und Indikatoren liefern",
        "en": "deliver only the columns with area, year and indicators",
    },
    "tables.fix.line_breaks": {
        "de": "prüfen, ob die Datei Zeilenumbrüche hat (eine Tabelle, keine einzelne Zeile)",
        "en": "check that the file has line breaks (a table, not one single line)",
    },
    "tables.fix.new_workbook": {
        "de": "nur die Tabelle in einer neuen Arbeitsmappe speichern oder als CSV exportieren",
        "en": "save only the table in a new workbook or export it as CSV",
    },
    "tables.fix.oversized_cell": {
        "de": "die übergroße Zelle kürzen oder die Tabelle als CSV exportieren",
        "en": "shorten the oversized cell or export the table as CSV",
    },
    "tables.fix.shorten_cell": {
        "de": "Zelle kürzen (ein Gebietsname, eine Zahl) und Anführungszeichen prüfen",
        "en": "shorten the cell (an area name, a number) and check the quotes",
    },
    "tables.fix.split": {"de": "Datei aufteilen", "en": "split the file"},
    "tables.fix.split_by_year": {
        "de": "Datei nach Jahr oder Indikator aufteilen",
        "en": "split the file by year or indicator",
    },
    "tables.fix.shrink": {
        "de": "Datei verkleinern (nach Jahr oder Indikator aufteilen)",
        "en": "split the file by year or indicator",
    },
    "tables.fix.unmerge": {
        "de": "Zellverbund aufheben (Start › Verbinden und zentrieren) und die Datei erneut "
        "speichern",
        "en": "unmerge the cells (Home › Merge & Center) and save the file again",
    },
    "tables.what.cell_chars": {"de": "Zeichen in einer Zelle", "en": "characters in one cell"},
    "tables.what.cells": {"de": "Zellen", "en": "cells"},
    "tables.what.columns": {"de": "Spalten", "en": "columns"},
    "tables.what.line_chars": {"de": "Zeichen in einer Zeile", "en": "characters in one line"},
    "tables.what.merged": {"de": "verbundene Zellen", "en": "merged cells"},
    "tables.what.rows": {"de": "Zeilen", "en": "rows"},
    "tables.what.seconds": {
        "de": "Sekunden Lesezeit verbraucht",
        "en": "seconds of reading time used up",
    },
    "tables.what.xlsx_bytes": {
        "de": "Bytes entpackt (Excel-Datei)",
        "en": "bytes unpacked (Excel workbook)",
    },
    "tables.what.xlsx_piece": {
        "de": "Bytes in einem Stück ohne Zellgrenze (Excel-Datei)",
        "en": "bytes in one piece without a cell boundary (Excel workbook)",
    },
    "tables.where.line": {"de": "{source}, Zeile {line}", "en": "{source}, line {line}"},
    # files and text (indicators.tables.files, indicators.tables.delimited)
    "tables.file.missing": {"de": "{path} existiert nicht", "en": "{path} does not exist"},
    "tables.file.empty": {
        "de": "{source}: die Datei ist leer",
        "en": "{source}: the file is empty",
    },
    "tables.text.garbled": {
        "de": "{source}, Zeile {line}: verstümmelte Zeichen {chars!r} (UTF-8-Text, der einmal zu "
        "oft als cp1252 gespeichert wurde); bitte die Datei erneut als UTF-8 exportieren",
        "en": "{source}, line {line}: garbled characters {chars!r} (UTF-8 text that was saved as "
        "cp1252 once too often); export the file again as UTF-8",
    },
    "tables.text.undecodable": {
        "de": "{source}: weder als UTF-8 noch als cp1252 lesbar",
        "en": "{source}: cannot decode as UTF-8 or cp1252",
    },
    "tables.csv.field_count": {
        "de": "{where}: die Zeilen haben nicht so viele Felder wie die Kopfzeile (Trennzeichen "
        "{delimiter!r}); bitte Trennzeichen und Anführungszeichen prüfen{detail:.0}",
        "en": "{where}: the rows do not have the same number of fields as the header (separator "
        "{delimiter!r}); check separators and quotes ({detail})",
    },
    "tables.csv.extra_fields": {
        "de": "{source}, Zeile {line}: {fields} Felder, die Kopfzeile hat aber {width} "
        "(Trennzeichen {delimiter!r}); Text mit Trennzeichen bitte in Anführungszeichen setzen",
        "en": "{source}, line {line}: {fields} fields, but the header has {width} (separator "
        "{delimiter!r}); the rows do not have the same number of fields as the header — put a "
        "text containing the separator in quotes",
    },
    "tables.csv.unsplittable": {
        "de": "{source}, Zeile {line}: nicht in Felder zerlegbar; bitte die Anführungszeichen "
        "prüfen{detail:.0}",
        "en": "{source}, line {line}: cannot be split into fields ({detail}); check the quotes",
    },
    # workbooks (indicators.tables.files, indicators.tables.xlsx)
    "tables.xlsx.unreadable": {
        "de": "{source}: nicht als Excel-Arbeitsmappe lesbar ({kind}); bitte erneut als .xlsx "
        "speichern oder als CSV exportieren",
        "en": "{source}: cannot be read as an Excel workbook ({kind}); save it again as .xlsx or "
        "export CSV",
    },
    "tables.xlsx.sheet_unreadable": {
        "de": "{where}: nicht lesbar ({kind}); bitte die Arbeitsmappe erneut als .xlsx speichern "
        "oder als CSV exportieren",
        "en": "{where}: cannot be read ({kind}); save the workbook again as .xlsx or export CSV",
    },
    "tables.xlsx.sheet_empty": {
        "de": "{name}: das Tabellenblatt {title!r} ist leer",
        "en": "{name}: the sheet {title!r} is empty",
    },
    "tables.xlsx.no_sheet": {
        "de": "{source}: kein Tabellenblatt {sheet!r}; vorhanden: {sheets}",
        "en": "{source}: no sheet {sheet!r}; sheets are {sheets}",
    },
    "tables.xlsx.no_visible_sheet": {
        "de": "{source}: die Arbeitsmappe hat kein sichtbares Tabellenblatt",
        "en": "{source}: the workbook has no visible worksheet",
    },
    # notes of reading a workbook (indicators.tables.xlsx)
    "tables.xlsx.uncached_formula": {
        "de": "Formel ohne gespeichertes Ergebnis im Blatt {title!r} ({n} Zellen in Spalte "
        "{letter}, Zeilen {shown}); der Wert fehlt",
        "en": "formula without a stored result in sheet {title!r} ({n} cells in column {letter}, "
        "rows {shown}); the value is missing",
    },
    "tables.xlsx.uncached_formula.fix": {
        "de": "Datei in Excel oder LibreOffice öffnen, neu berechnen lassen und speichern, oder "
        "die Formeln durch Werte ersetzen",
        "en": "open the file in Excel or LibreOffice, let it recalculate and save it, or replace "
        "the formulas by values",
    },
    "tables.xlsx.hidden_sheets": {
        "de": "ausgeblendete Tabellenblätter nicht gelesen: {listed}",
        "en": "hidden sheets not read: {listed}",
    },
    "tables.xlsx.hidden_sheets.fix": {
        "de": "nichts zu tun, oder das Blatt ausdrücklich wählen (--sheet)",
        "en": "nothing to do, or choose the sheet explicitly (--sheet)",
    },
}

messages.register(MESSAGES)
