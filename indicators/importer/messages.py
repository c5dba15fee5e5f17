"""The messages of importing an indicator table: key → language → text.

Registered with :func:`indicators.messages.register` when
:mod:`indicators.importer.reading` or :mod:`indicators.importer.report` is
imported (every phase imports one of them).
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
    "importer.roles.twice": {
        "de": "Indikator {indicator}: zwei Spalten in derselben Rolle ({columns}); je Indikator "
        "höchstens eine Wert-, eine Zähler- und eine Nennerspalte zuordnen",
        "en": "indicator {indicator}: two columns in the same role ({columns}); map at most one "
        "value, one numerator and one denominator column per indicator",
    },
    "importer.roles.no_value": {
        "de": "Indikator {indicator}: weder Wertspalte noch Zähler und Nenner ({columns}); eine "
        "Wertspalte oder beide Zählspalten zuordnen",
        "en": "indicator {indicator}: neither a value column nor numerator and denominator "
        "({columns}); map a value column or both count columns",
    },
    "importer.roles.no_indicator": {
        "de": "keine Indikatorspalte gewählt; eine Spalte wählen oder angeben, welcher Indikator "
        "die ganze Datei ist",
        "en": "no indicator column chosen; pick one or name the indicator of the whole file",
    },
    "importer.roles.no_value_long": {
        "de": "keine Wertspalte gewählt; eine Wertspalte oder Zähler- und Nennerspalte wählen",
        "en": "no value column chosen; pick a value column or numerator and denominator columns",
    },
    "importer.period.missing": {
        "de": "die Tabelle hat keine Jahresspalte; bitte das Jahr der ganzen Tabelle angeben",
        "en": "the table has no year column; give the year of the whole table",
    },
    # the report (indicators.importer.report): rows named in a line, a refusal
    "importer.rows.one": {"de": " (Zeile {first})", "en": " (row {first})"},
    "importer.rows.many": {
        "de": " (Zeile {first}); {n} Zeilen betroffen: {shown}",
        "en": " (row {first}); {n} rows affected: {shown}",
    },
    "importer.with_rows": {"de": "{problem}{rows}", "en": "{problem}{rows}"},
    "importer.place.row": {"de": "Zeile {row}", "en": "row {row}"},
    "importer.place.column": {"de": "Spalte {column}", "en": "column {column}"},
    "importer.place.value": {"de": "{value!r}", "en": "{value!r}"},
    "importer.join.comma": {"de": "{first}, {rest}", "en": "{first}, {rest}"},
    "importer.join.lines": {"de": "{first}\n{rest}", "en": "{first}\n{rest}"},
    "importer.refusal.empty": {
        "de": "{name}: die Tabelle enthält keine Werte",
        "en": "{name}: the table holds no values",
    },
    "importer.refusal": {
        "de": "{name}: {n} Fehler, die Tabelle wird nicht verwendet:\n{lines}",
        "en": "{name}: {n} errors, the table is not used:\n{lines}",
    },
    "importer.refusal.line": {
        "de": "- {place}: {problem} — {fix}",
        "en": "- {place}: {problem} — {fix}",
    },
    "importer.refusal.line_unplaced": {"de": "- {problem} — {fix}", "en": "- {problem} — {fix}"},
    "importer.refusal.more": {
        "de": "… {more} weitere Fehler (alle: bildungsampel import indicators DATEI --report "
        "bericht.csv)",
        "en": "… {more} more errors (all of them: bildungsampel import indicators FILE "
        "--report report.csv)",
    },
    "importer.fix.nothing": {"de": "nichts zu tun", "en": "nothing to do"},
    # cells (indicators.importer.cells)
    "importer.cell.not_finite": {"de": "keine endliche Zahl", "en": "not a finite number"},
    "importer.cell.not_finite.fix": {
        "de": "eine Zahl eintragen (unendlich, 1e309 oder nan sind keine Werte) oder die Zelle "
        "leer lassen bzw. ein amtliches Zeichen (. x) setzen",
        "en": "write a number (infinity, 1e309 or nan are no values) or leave the cell empty or "
        "use an official symbol (. x)",
    },
    "importer.cell.count_unreadable": {"de": "keine lesbare Zahl", "en": "not a readable number"},
    "importer.cell.count_unreadable.fix": {
        "de": "eine ganze Zahl (1234 oder 1.234) oder ein amtliches Zeichen (. x - *) eintragen",
        "en": "write a whole number (1234 or 1,234) or an official symbol (. x - *)",
    },
    "importer.cell.implausible": {
        "de": "Betrag über 10^15, kein plausibler Wert; die Summe über die Gebiete übersteigt "
        "den Zahlenbereich",
        "en": "magnitude above 10^15, not a plausible figure; the sum over the areas exceeds "
        "the number range",
    },
    "importer.cell.implausible.fix": {
        "de": "Zahl prüfen (verrutschte Spalte, Exponent, Platzhalter wie 9e99?) und korrigieren "
        "oder die Zelle leer lassen",
        "en": "check the number (shifted column, exponent, a placeholder like 9e99?) and correct "
        "it or leave the cell empty",
    },
    "importer.column.skipped.text": {
        "de": "Textspalte (Namen oder Klassen, keine Zahlen): nicht importiert",
        "en": "text column (names or classes, no figures): not imported",
    },
    "importer.column.skipped.text.fix": {
        "de": "nichts zu tun, wenn die Spalte keine Indikatorwerte enthält; sonst die Werte als "
        "Zahlen schreiben",
        "en": "nothing to do if the column holds no indicator values; otherwise write its values "
        "as numbers",
    },
    "importer.column.skipped.names": {
        "de": "Namensspalte (Gebietsnamen der veröffentlichten Grenzen): nicht importiert, die "
        "Gebiete kommen aus Spalte {area!r}",
        "en": "name column (area names of the published boundaries): not imported, the areas "
        "come from column {area!r}",
    },
    "importer.column.skipped.names.fix": {
        "de": "nichts zu tun",
        "en": "nothing to do",
    },
    "importer.column.skipped.population": {
        "de": "Einwohnerzahl: nicht im Katalog, nicht importiert",
        "en": "population: not in the catalogue, not imported",
    },
    "importer.column.skipped.population.fix": {
        "de": "als Indikator anlegen (Art Anzahl, Bezeichnung z. B. „Einwohner“), um sie zu "
        "importieren und als Nenner zu nutzen",
        "en": "add it as an indicator (kind count, label e.g. 'Einwohner') to import it and use "
        "it as a denominator",
    },
    "importer.column.skipped.asked": {
        "de": "nicht importiert, wie angegeben",
        "en": "not imported, as asked",
    },
    "importer.column.skipped.asked.fix": {"de": "nichts zu tun", "en": "nothing to do"},
    "importer.column.not_in_table": {
        "de": "Spalte(n) {columns} gibt es in der Tabelle nicht; Indikatorspalten sind {known}",
        "en": "column(s) {columns} are not in the table; its indicator columns are {known}",
    },
    "importer.column.strict": {
        "de": "Spalte(n) {columns} sind keine Indikatoren des Katalogs; bitte Katalogeinträge "
        "dafür anlegen, die Spalten auslassen oder ohne die strenge Prüfung importieren",
        "en": "column(s) {columns} are no catalogue indicators; add catalogue entries for them, "
        "leave the columns out or import without the strict check",
    },
    "importer.cell.code_like": {
        "de": "Wert sieht aus wie ein Code für einen fehlenden Wert (z. B. -9999 „ohne "
        "Zuordnung“), wurde aber als Zahl gelesen",
        "en": "value looks like a code for a missing value (e.g. -9999 'ohne Zuordnung') but "
        "was read as a number",
    },
    "importer.cell.code_like.fix": {
        "de": "wenn es ein Code ist, ihn als Code für fehlende Werte angeben (dann fehlen diese "
        "Werte mit Grund); sonst den Wert prüfen",
        "en": "if it is a code, declare it as a missing-value code (the values are then missing "
        "with a reason); otherwise check the value",
    },
    "importer.cell.empty_count": {
        "de": "leere Zelle in einer Spalte mit Anzahlen, bleibt ohne Wert",
        "en": "empty cell in a column of counts, left without a value",
    },
    "importer.cell.empty_count.fix": {
        "de": "wenn leer hier 0 bedeutet: leere Zellen als 0 lesen lassen (Hochladen: „Leere "
        "Zellen als 0 lesen“, Befehl: --empty-as-zero); sonst nichts zu tun",
        "en": "if empty means 0 here: have empty cells read as 0 (upload: 'Read empty cells as "
        "0', command: --empty-as-zero); otherwise nothing to do",
    },
    "importer.cell.empty_count.zero": {
        "de": "leere Zelle in einer Spalte mit Anzahlen, als 0 gelesen",
        "en": "empty cell in a column of counts, read as 0",
    },
    "importer.cell.empty_count.zero.fix": {
        "de": "nichts zu tun, wenn leer hier 0 bedeutet; sonst ohne „als 0 lesen“ importieren",
        "en": "nothing to do if empty means 0 here; otherwise import without 'read as 0'",
    },
    "importer.cell.foreign_digits": {
        "de": "Zahl mit Ziffern außerhalb von 0–9 geschrieben, nach ihrer Bedeutung gelesen",
        "en": "number written with digits other than 0–9, read as the digits mean",
    },
    "importer.cell.foreign_digits.fix": {
        "de": "nichts zu tun, wenn die Zahlen stimmen; sonst mit 0–9 schreiben",
        "en": "nothing to do if the numbers are right; otherwise write them with 0–9",
    },
    "importer.cell.unreadable": {"de": "keine lesbare Zahl", "en": "not a readable number"},
    "importer.cell.unreadable.fix": {
        "de": "Zahl mit Dezimalkomma (12,5) oder ein amtliches Zeichen (. x - *) eintragen",
        "en": "write a number (12,5 or 12.5) or an official symbol (. x - *)",
    },
    "importer.period.bad": {
        "de": "kein Jahr oder Schuljahr ({error})",
        "en": "not a year or school year ({error})",
    },
    "importer.period.bad.fix": {
        "de": "z. B. 2023 oder 2022/23 eintragen",
        "en": "write e.g. 2023 or 2022/23",
    },
    "importer.period.foreign_digits": {
        "de": "Jahr mit Ziffern außerhalb von 0–9 geschrieben, gelesen als {label}",
        "en": "year written with digits other than 0–9, read as {label}",
    },
    "importer.period.foreign_digits.fix": {
        "de": "nichts zu tun, wenn das Jahr stimmt; sonst das Jahr mit 0–9 schreiben",
        "en": "nothing to do if the year is right; otherwise write it with 0–9",
    },
    # areas (indicators.importer.areas)
    "importer.area.extra_city": {
        "de": "weitere Zeile für die Gesamtstadt, nicht importiert (die erste gilt)",
        "en": "another row for the city total, not imported (the first one counts)",
    },
    "importer.area.extra_city.fix": {
        "de": "nur eine Gesamtstadt-Zeile je Indikator und Jahr liefern",
        "en": "deliver one city total row per indicator and year",
    },
    "importer.area.later_parent": {
        "de": "zweite Zeile dieses Namens als Stadtbezirk erkannt, nicht importiert",
        "en": "second row of this name recognised as a borough, not imported",
    },
    "importer.area.skipped": {
        "de": "bei der Zuordnung ausgeschlossen, nicht importiert",
        "en": "excluded by the analyst, not imported",
    },
    "importer.area.city": {
        "de": "Zeile für die Gesamtstadt erkannt: als gelieferter Stadtwert übernommen, mit dem "
        "die Gebiete verglichen werden",
        "en": "row for the city total recognised: kept as the delivered city value the areas are "
        "compared with",
    },
    "importer.area.city.fix": {
        "de": "nichts zu tun; ohne diese Zeile wird der Stadtwert aus den Gebieten berechnet",
        "en": "nothing to do; without this row the city value is computed from the areas",
    },
    "importer.area.parent": {
        "de": "Zeile für einen Stadtbezirk erkannt, nicht importiert",
        "en": "row for a borough recognised, not imported",
    },
    "importer.area.parent.fix": {
        "de": "nichts zu tun: Bezirkswerte werden aus den Stadtteilen berechnet",
        "en": "nothing to do: borough values are computed from the areas",
    },
    "importer.area.column.ids": {
        "de": "Spalte {column!r} ist die Gebietsspalte: {n} von {filled} Werten sind "
        "Gebietsnummern der veröffentlichten Grenzen",
        "en": "column {column!r} is the area column: {n} of {filled} values are area ids of the "
        "published boundaries",
    },
    "importer.area.column.names": {
        "de": "Spalte {column!r} ist die Gebietsspalte: {n} von {filled} Werten sind "
        "Gebietsnamen der veröffentlichten Grenzen",
        "en": "column {column!r} is the area column: {n} of {filled} values are area names of "
        "the published boundaries",
    },
    "importer.area.column.fix": {
        "de": "nichts zu tun, wenn das stimmt; sonst die Gebietsspalte wählen",
        "en": "nothing to do if that is right; otherwise choose the area column",
    },
    "importer.area.unmatched": {"de": "Gebiet nicht gefunden", "en": "area not found"},
    "importer.area.unmatched_suggested": {
        "de": "Gebiet nicht gefunden; Vorschlag: {name} (Übereinstimmung {score:.0f})",
        "en": "area not found; suggestion: {name} (score {score:.0f})",
    },
    "importer.area.unmatched.fix": {
        "de": "Zuordnung bestätigen oder Namen/ID an die Grenzdatei anpassen",
        "en": "confirm the match or align the name/id with the boundary file",
    },
    "importer.area.fuzzy": {
        "de": "ähnlich geschrieben, zugeordnet zu {name} ({score:.0f})",
        "en": "spelled differently, matched to {name} ({score:.0f})",
    },
    "importer.area.fuzzy.fix": {"de": "Zuordnung prüfen", "en": "check the match"},
    "importer.area.more_unmatched": {
        "de": "{n} weitere nicht zugeordnete Namen (nur die ersten {shown} sind einzeln "
        "aufgeführt)",
        "en": "{n} more names not found in the boundaries (only the first {shown} are listed)",
    },
    "importer.area.more_unmatched.fix": {
        "de": "die richtige Spalte als Gebiet wählen oder Namen/IDs an die Grenzdatei anpassen",
        "en": "choose the right area column or align the names/ids with the boundary file",
    },
    # the checks of the validation (indicators.importer.validation.ImportRows)
    "importer.check.numerator_le_denominator": {
        "de": "Zähler größer als Nenner",
        "en": "numerator greater than denominator",
    },
    "importer.check.numerator_le_denominator.example": {
        "de": "Zähler größer als Nenner: {numerator} > {denominator}",
        "en": "numerator greater than denominator: {numerator} > {denominator}",
    },
    "importer.check.numerator_le_denominator.fix": {
        "de": "Zähler und Nenner prüfen (vertauscht?): der Zähler zählt einen Teil des Nenners",
        "en": "check numerator and denominator (swapped?): the numerator counts part of the "
        "denominator",
    },
    "importer.check.value_matches_counts": {
        "de": "Wert passt nicht zu Zähler/Nenner",
        "en": "value does not match numerator/denominator",
    },
    "importer.check.value_matches_counts.example": {
        "de": "Wert {value} passt nicht zu Zähler/Nenner {counts} = {expected}",
        "en": "value {value} does not match numerator/denominator {counts} = {expected}",
    },
    "importer.check.value_matches_counts.counts": {
        "de": "{numerator}/{denominator}",
        "en": "{numerator}/{denominator}",
    },
    "importer.check.value_matches_counts.counts_times": {
        "de": "{numerator}/{denominator} × {multiplier}",
        "en": "{numerator}/{denominator} × {multiplier}",
    },
    "importer.check.value_matches_counts.fix": {
        "de": "Wert, Zähler und Nenner prüfen (andere Einheit, z. B. Anteil statt Prozent? "
        "verrutschte Spalten?) oder den Wert leer lassen: er wird dann aus Zähler/Nenner "
        "berechnet",
        "en": "check value, numerator and denominator (another unit, e.g. a fraction instead of "
        "percent? shifted columns?) or leave the value empty: it is then computed from "
        "numerator/denominator",
    },
    "importer.check.within_unit": {"de": "Anteil über 100 %", "en": "share above 100 %"},
    "importer.check.within_unit.fix": {
        "de": "Wert als Prozent (0–100) angeben",
        "en": "give the value as a percentage (0–100)",
    },
    "importer.check.non_negative": {
        "de": "negativer Wert bei einer Anzahl oder Quote",
        "en": "negative value for a count or rate",
    },
    "importer.check.non_negative.fix": {"de": "Vorzeichen prüfen", "en": "check the sign"},
    "importer.check.plausible_year": {"de": "unplausibles Jahr", "en": "implausible year"},
    "importer.check.plausible_year.fix": {
        "de": "Jahr zwischen 1990 und dem nächsten Jahr angeben",
        "en": "give a year between 1990 and next year",
    },
    "importer.check.known_indicator": {
        "de": "Indikator nicht im Katalog",
        "en": "indicator not in the catalogue",
    },
    "importer.check.known_indicator.fix": {
        "de": "Katalogeintrag anlegen (Bezeichnung, Handlungsfeld, Polarität, Art) oder Spalte "
        "zuordnen",
        "en": "add a catalogue entry (label, domain, polarity, kind) or map the column",
    },
    "importer.check.count_not_negative": {"de": "negative Anzahl", "en": "negative count"},
    "importer.check.count_not_negative.fix": {"de": "Vorzeichen prüfen", "en": "check the sign"},
    "importer.check.duplicate": {
        "de": "doppelte Zeile (Gebiet, Indikator, Jahr)",
        "en": "duplicate row (area, indicator, year)",
    },
    "importer.check.duplicate.fix": {
        "de": "nur eine Zeile je Gebiet, Indikator und Jahr behalten",
        "en": "keep one row per area, indicator and year",
    },
    # checking against the published version (bildungsampel.service.publishing)
    "importer.period_style.school_to_calendar": {
        "de": "{indicator} wird bisher in Schuljahren (z. B. 2022/23) geführt, die Datei liefert "
        "Kalenderjahre",
        "en": "{indicator} is kept in school years (e.g. 2022/23), the file has calendar years",
    },
    "importer.period_style.calendar_to_school": {
        "de": "{indicator} wird bisher in Kalenderjahren geführt, die Datei liefert Schuljahre",
        "en": "{indicator} is kept in calendar years, the file has school years",
    },
    # an indicator's label in the language of the text (the other one is cut to nothing by
    # ".0": every language's template must name the same placeholders)
    "importer.label": {"de": "{de}{en:.0}", "en": "{en}{de:.0}"},
    "importer.denominator.missing": {
        "de": "{indicator}: für {n} Gebiete fehlt die Bezugszahl „{denominator}“ {period} "
        "(Gebiete {areas}) – diese bleiben ohne Wert",
        "en": "{indicator}: {n} areas lack the reference count '{denominator}' {period} "
        "(areas {areas}) – they stay without a value",
    },
    "importer.denominator.missing.one": {
        "de": "{indicator}: für Gebiet {areas} fehlt die Bezugszahl „{denominator}“ {period} – "
        "es bleibt ohne Wert",
        "en": "{indicator}: area {areas} lacks the reference count '{denominator}' {period} – it "
        "stays without a value",
    },
    "importer.denominator.missing.city": {
        "de": "{indicator}: für die Zeile der Gesamtstadt fehlt die Bezugszahl „{denominator}“ "
        "{period}; der Stadtwert wird aus den Gebieten berechnet",
        "en": "{indicator}: the city row lacks the reference count '{denominator}' {period}; the "
        "city value is computed from the areas",
    },
    "importer.denominator.missing.fix.city": {
        "de": "nichts zu tun; oder auch für {ref} eine Zeile der Gesamtstadt liefern",
        "en": "nothing to do; or deliver a city row for {ref} too",
    },
    "importer.denominator.missing.fix": {
        "de": "die Werte von {ref} für dieses Jahr veröffentlichen (vorher oder in derselben "
        "Datei); dann werden die Raten berechnet",
        "en": "publish the values of {ref} for this period (before or in the same file); the "
        "rates are then computed",
    },
    "importer.period_style.fix": {
        "de": "Jahresangaben angleichen, sonst entstehen zwei Zeitreihen",
        "en": "align the periods, otherwise two time series arise",
    },
}

messages.register(MESSAGES)
