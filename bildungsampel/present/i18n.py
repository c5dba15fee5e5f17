"""Translations of every visible dashboard string (German default, English).

Pure Python: pages and UI helpers call :func:`t`; numbers are formatted with
:func:`indicators.numbers.format_number` (decimal comma in German). The names
of the rating methods (``method.<name>``) are not in the table: each method
class carries its own ``label`` (:mod:`indicators.methods`).
"""

from __future__ import annotations

from indicators import methods
from indicators.catalog import DOMAIN_LABELS_EN
from indicators.numbers import format_number

LANGUAGES: dict[str, str] = {"de": "Deutsch", "en": "English"}

_T: dict[str, tuple[str, str]] = {
    # navigation and app
    "app.title": ("Bildungsampel", "Bildungsampel"),
    "nav.start": ("Start", "Start"),
    "nav.map": ("Karte", "Map"),
    "nav.heatmap": ("Ampel-Heatmap", "Ampel heatmap"),
    "nav.profile": ("Stadtteilprofil", "Area profile"),
    "nav.compare": ("Vergleich", "Comparison"),
    "nav.trends": ("Trends", "Trends"),
    "nav.methods": ("Methodik", "Methods"),
    "side.language": ("Sprache / Language", "Sprache / Language"),
    "side.palette": ("Farben", "Colours"),
    "palette.ampel": ("Ampel (rot–gelb–grün)", "Traffic light (red–yellow–green)"),
    "palette.safe": (
        "Farbenblind-sicher (blau–gelb–orange)",
        "Colour-blind safe (blue–yellow–orange)",
    ),
    "side.selected": ("Ausgewählt: {name}", "Selected: {name}"),
    "side.none_selected": ("Kein Gebiet ausgewählt", "No area selected"),
    # levels, ratings, trends
    "level": ("Ebene", "Level"),
    "level.stadtteil": ("Stadtteil", "Stadtteil (district)"),
    "level.stadtbezirk": ("Stadtbezirk", "Stadtbezirk (borough)"),
    "rating.green": ("günstig", "favourable"),
    "rating.yellow": ("ähnlich", "similar"),
    "rating.red": ("ungünstig", "unfavourable"),
    "rating.grey": ("nicht bewertet", "not rated"),
    "rating.neutral": ("ohne Wertung", "no judgement"),
    "grade.much_higher": ("deutlich höher", "much higher"),
    "grade.higher": ("höher", "higher"),
    "grade.similar": ("ähnlich", "similar"),
    "grade.lower": ("niedriger", "lower"),
    "grade.much_lower": ("deutlich niedriger", "much lower"),
    "grade.not_rated": ("nicht bewertet", "not rated"),
    "trend.improving": ("verbessert sich signifikant", "improving significantly"),
    "trend.worsening": ("verschlechtert sich signifikant", "worsening significantly"),
    "trend.increasing": (
        "steigt signifikant (ohne Wertung)",
        "rising significantly (no judgement)",
    ),
    "trend.decreasing": (
        "sinkt signifikant (ohne Wertung)",
        "falling significantly (no judgement)",
    ),
    "trend.no_significant_change": ("keine signifikante Veränderung", "no significant change"),
    "trend.none": ("nicht berechenbar", "cannot be computed"),
    "city_kind.pooled": (
        "gepoolt aus Zählern und Nennern",
        "pooled from numerators and denominators",
    ),
    "city_kind.pooled_part": (
        "aus Zählern und Nennern von {used} der {of} Gebiete",
        "from numerators and denominators of {used} of {of} areas",
    ),
    "city_kind.total_row": ("gelieferter Gesamtstadtwert", "delivered city total"),
    "city_kind.weighted_mean": ("gewichtetes Mittel der Gebiete", "weighted mean of the areas"),
    "city_kind.mean": ("Mittel der Gebiete, ungewichtet", "unweighted mean of the areas"),
    "city_kind.sum": ("Summe der Gebiete", "sum of the areas"),
    "note.multiple": (
        "Mehrfachvergleiche: {tests} Vergleiche mit dem Stadtwert per Konfidenzintervall auf "
        "dem {level}-Niveau (auch bei Indikatoren ohne Wertung), {hits} davon signifikant. Auch "
        "ohne jeden echten Unterschied wären etwa {expected} zufällig „signifikant“ – einzelne "
        "Abweichungen daher nicht überbewerten. Ein strengeres 99,8-%-Niveau lässt sich für die "
        "ganze Stadt einstellen (siehe Methodik).",
        "Multiple comparisons: {tests} comparisons with the city value by confidence interval "
        "at the {level} level (including indicators without judgement), {hits} of them "
        "significant. Even with no real difference about {expected} would be 'significant' by "
        "chance – do not over-read single deviations. A stricter 99.8 % level can be set for the "
        "whole city (see Methods).",
    ),
    "method": ("Bewertungsmethode", "Rating method"),
    "method.catalog": ("laut Katalog", "as in the catalogue"),
    # columns
    "col.area": ("Gebiet", "Area"),
    "col.indicator": ("Indikator", "Indicator"),
    "col.domain": ("Handlungsfeld", "Domain"),
    "col.year": ("Jahr", "Year"),
    "col.value": ("Wert", "Value"),
    "col.unit": ("Einheit", "Unit"),
    "col.city": ("Stadtwert", "City value"),
    "col.diff": ("Abstand zum Stadtwert", "Difference to city"),
    "col.interval": ("Konfidenzintervall", "Confidence interval"),
    "col.limits": ("Grenzen", "Limits"),
    "col.city_kind": ("Stadtwert-Art", "City value kind"),
    "col.rating": ("Bewertung", "Rating"),
    "col.trend": ("Trend", "Trend"),
    "col.reason": ("Begründung", "Reason"),
    "col.history": ("Verlauf", "History"),
    "col.spine": (
        "Lage (0 = ungünstigster, 1 = günstigster Stadtteil)",
        "Position (0 = worst, 1 = best area)",
    ),
    "col.polarity": ("Polarität", "Polarity"),
    "col.kind": ("Art", "Kind"),
    "col.source": ("Quelle", "Source"),
    "col.description": ("Beschreibung", "Description"),
    "col.count": ("Anzahl", "Count"),
    "col.sources": ("Quellen", "Sources"),
    "col.area_id": ("Gebiets-ID", "Area ID"),
    "col.ci_low": ("KI unten", "CI low"),
    "col.ci_high": ("KI oben", "CI high"),
    "col.lower_limit": ("Untergrenze", "Lower limit"),
    "col.upper_limit": ("Obergrenze", "Upper limit"),
    "col.city_value_kind": ("Stadtwert-Art", "City value kind"),
    "col.trend_direction": ("Richtung", "Direction"),
    "col.row": ("Zeile", "Row"),
    "col.column": ("Spalte", "Column"),
    "col.problem": ("Problem", "Problem"),
    "col.fix": ("Lösung", "Fix"),
    "direction.increasing": ("steigend", "increasing"),
    "direction.decreasing": ("fallend", "decreasing"),
    "direction.flat": ("gleichbleibend", "flat"),
    "direction.none": ("keine Richtung", "no direction"),
    # export metadata (first lines of a CSV, sheet "Metadaten" of an XLSX)
    "meta.city": ("Stadt", "City"),
    "meta.level": ("Ebene", "Level"),
    "meta.period": ("Jahr", "Year"),
    "meta.indicator": ("Indikator", "Indicator"),
    "meta.unit": ("Einheit", "Unit"),
    "meta.source": ("Quelle", "Source"),
    "meta.method": ("Bewertungsmethode", "Rating method"),
    "meta.city_value_kind": ("Stadtwert-Art", "City value kind"),
    "meta.version": ("Datenversion", "Data version"),
    "meta.published": ("Veröffentlicht am", "Published at"),
    "meta.generated": ("Erstellt am", "Generated at"),
    "meta.note": ("Hinweis", "Note"),
    "meta.note.text": (
        "Werte gerundet wie im Dashboard (Anzahlen ganzzahlig, sonst eine Nachkommastelle); "
        "KI = 95-%-Konfidenzintervall; leere Zelle = kein Wert",
        "Values rounded as in the dashboard (counts to whole numbers, else one decimal); "
        "CI = 95 % confidence interval; empty cell = no value",
    ),
    "meta.files": ("keine (Dateien: {files})", "none (files: {files})"),
    "meta.sheet": ("Metadaten", "Metadata"),
    "meta.field": ("Angabe", "Field"),
    "meta.value": ("Inhalt", "Value"),
    "polarity.higher_is_better": ("höher ist günstig", "higher is favourable"),
    "polarity.lower_is_better": ("niedriger ist günstig", "lower is favourable"),
    "polarity.no_judgement": ("ohne Wertung", "no judgement"),
    # common widgets
    "w.indicator": ("Indikator", "Indicator"),
    "w.year": ("Jahr", "Year"),
    "w.year_help": (
        "„neueste“ zeigt jeden Indikator in seinem letzten veröffentlichten Jahr. "
        "„2023“ umfasst das Kalenderjahr 2023 und das Schuljahr 2022/23.",
        "'latest' shows every indicator in its latest published year. "
        "'2023' covers the calendar year 2023 and the school year 2022/23.",
    ),
    "w.year.latest": ("neueste je Indikator", "latest per indicator"),
    "w.year.latest_one": ("neuestes ({year})", "latest ({year})"),
    "w.area": ("Gebiet", "Area"),
    "w.areas": ("Gebiete (2–5)", "Areas (2–5)"),
    "w.trend_areas": ("Gebiete", "Areas"),
    "w.domains": ("Handlungsfelder", "Domains"),
    "w.order": ("Anordnung", "Order"),
    "w.order.clustered": ("geclustert", "clustered"),
    "w.order.fixed": ("feste Reihenfolge", "fixed order"),
    "w.scale": ("Farbskala", "Colour scale"),
    "w.scale.continuous": ("stufenlos 0..1", "continuous 0..1"),
    "w.scale.discrete": ("Ampel-Bewertung", "Ampel rating"),
    "w.norm": ("Skalierung", "Scaling"),
    "w.norm.minmax": ("Min–Max", "min–max"),
    "w.norm.rank": ("Rang (Perzentil)", "rank (percentile)"),
    "w.linkage": ("Verknüpfung", "Linkage"),
    "w.linkage.average": ("durchschnittlich (average)", "average"),
    "w.linkage.ward": ("Ward (kompakte Gruppen)", "Ward (compact groups)"),
    "w.linkage.complete": ("vollständig (complete)", "complete"),
    "w.linkage.single": ("einfach (single, bildet Ketten)", "single (forms chains)"),
    "download.csv": ("CSV herunterladen", "Download CSV"),
    "download.xlsx": ("Excel herunterladen", "Download Excel"),
    "download.png": ("PNG herunterladen", "Download PNG"),
    "download.pdf": ("PDF herunterladen", "Download PDF"),
    "to_profile": ("Profil von {name} öffnen", "Open the profile of {name}"),
    "empty": (
        "Noch keine Indikatorwerte veröffentlicht. Analystinnen und Analysten laden sie unter "
        "„Daten hochladen“ hoch (oder: bildungsampel import indicators).",
        "No indicator values published yet. Analysts upload them under 'Upload data' "
        "(or: bildungsampel import indicators).",
    ),
    "no_data": ("Für diese Auswahl liegen keine Daten vor.", "No data for this selection."),
    # start page
    "start.title": ("Bildungsampel – {city}", "Bildungsampel – {city}"),
    "start.intro": (
        "Die Bildungsampel zeigt je Stadtteil, wo Bildungschancen günstig oder ungünstig "
        "liegen: Indikatoren aus formaler Bildung, Schuleingangsuntersuchung, Demografie, "
        "Migration und sozioökonomischer Lage werden mit dem Stadtwert verglichen und als "
        "Ampel dargestellt – damit Mittel bedarfsgerecht statt mit der Gießkanne verteilt "
        "werden. ▲ günstig · ● ähnlich dem Stadtwert · ▼ ungünstig · – nicht bewertet.",
        "The Bildungsampel shows for every district where education chances are favourable "
        "or unfavourable: indicators from formal education, the school entry examination, "
        "demography, migration and the socio-economic situation are compared with the city "
        "value and shown as a traffic light — so that resources follow need. "
        "▲ favourable · ● similar to the city · ▼ unfavourable · – not rated.",
    ),
    "start.sample_note": (
        "Beispielstadt: schematische Grenzen, synthetische Werte (verankert an öffentlichen "
        "Kennzahlen).",
        "Sample city: schematic boundaries, synthetic values (anchored on public figures).",
    ),
    "start.status": ("Datenstand", "Data status"),
    "start.years": ("Jahre", "Years"),
    "start.indicators": ("Indikatoren", "Indicators"),
    "start.areas": ("Stadtteile", "Areas"),
    "start.parents": ("Stadtbezirke", "Boroughs"),
    "start.counts": ("Bewertungen je Handlungsfeld", "Ratings per domain"),
    "stand.latest": (
        "Stand: jeweils neuestes Jahr je Indikator ({detail})",
        "As of: each indicator's latest year ({detail})",
    ),
    "stand.year": ("Stand: {year}", "As of: {year}"),
    "stand.none": ("Keine Bewertungen in dieser Auswahl", "No ratings in this selection"),
    "stand.more": ("{n} weitere", "{n} more"),
    "stand.missing": ("ohne Werte: {names}", "without values: {names}"),
    "start.watch": ("Genauer hinsehen", "Look more closely"),
    "start.watch_help": (
        "Gebiete, die ungünstig bewertet sind und sich zugleich signifikant verschlechtern "
        "(Trendtest auf dem 99,8-%-Niveau, siehe Methodik).",
        "Areas rated unfavourable that are also worsening significantly (trend test at "
        "99.8 %, see Methods).",
    ),
    "start.watch_none": (
        "Kein Gebiet ist zugleich ungünstig und verschlechtert sich.",
        "No area is both unfavourable and worsening.",
    ),
    # map page
    "map.title": ("Karte", "Map"),
    "map.legend": ("Legende", "Legend"),
    "map.click": ("Ein Klick auf ein Gebiet wählt es aus.", "Click an area to select it."),
    "map.neutral_note": (
        "Indikator ohne Wertung: neutrale Skala von niedriger bis höher – verglichen mit dem "
        "Stadtwert oder, bei Ranggruppen, mit den übrigen Gebieten (siehe Begründung); weder "
        "günstig noch ungünstig.",
        "Indicator without judgement: neutral scale from lower to higher – compared with the "
        "city value or, for rank groups, with the other areas (see the reason); neither "
        "favourable nor unfavourable.",
    ),
    "map.overlay": ("Linien: Stadtbezirksgrenzen", "Lines: borough borders"),
    "tip.city": ("Stadtwert", "City value"),
    "tip.interval": ("{level}-%-KI", "{level} % CI"),
    "tip.trend": ("Trend", "Trend"),
    # heatmap page
    "hm.title": ("Ampel-Heatmap", "Ampel heatmap"),
    "hm.help": (
        "Jede Spalte ist auf 0..1 gebracht (Min–Max oder Rang) und so ausgerichtet, dass 1 "
        "immer günstig ist (Farben siehe Legende). * = Indikator ohne Wertung: eigene "
        "lila Skala, hell = niedriger, dunkel = hoher Wert (weder gut noch schlecht). Grau: "
        "kein Wert oder nicht bewertet (zu kleine Zahlen, unterdrückt) – solche Zellen zählen "
        "nicht für die Skalierung. Zeilen (Gebiete) und Spalten (Indikatoren) sind nach "
        "Ähnlichkeit geclustert. Ein Klick auf eine Zelle wählt das Gebiet aus.",
        "Each column is put on 0..1 (min–max or rank) and oriented so that 1 is always "
        "favourable (colours: see the legend). * = indicator without judgement: "
        "its own purple scale, light = low, dark = high value (neither good nor bad). Grey: no "
        "value or not rated (small numbers, suppressed) – such cells do not count for the "
        "scaling. Rows (areas) and columns (indicators) are clustered by similarity. Click a "
        "cell to select its area.",
    ),
    "hm.scaled": ("Skalierter Wert (0..1)", "Scaled value (0..1)"),
    "hm.too_many": (
        "Eine Heatmap mit {n} Gebieten ist nicht lesbar, und das Clustern bräuchte eine "
        "Distanzmatrix mit {pairs} Einträgen (Grenze: {limit} Gebiete). Die Stadtbezirke "
        "zeigen dieselben Indikatoren zusammengefasst.",
        "A heatmap of {n} areas cannot be read, and clustering would need a distance matrix "
        "of {pairs} entries (limit: {limit} areas). The districts show the same indicators "
        "aggregated.",
    ),
    "hm.empty": (
        "In dieser Auswahl hat kein Gebiet einen Wert – es gibt nichts zu zeichnen.",
        "No area has a value in this selection – there is nothing to draw.",
    ),
    "hm.to_parent": ("Stadtbezirke anzeigen", "Show the districts"),
    "hm.imputed": (
        "{n} fehlende oder nicht bewertete Zellen wurden nur für das Clustern mit dem "
        "Spaltenmittel gefüllt.",
        "{n} missing or not rated cells were filled with the column mean for clustering only.",
    ),
    "hm.imputed.one": (
        "1 fehlende oder nicht bewertete Zelle wurde nur für das Clustern mit dem "
        "Spaltenmittel gefüllt.",
        "1 missing or not rated cell was filled with the column mean for clustering only.",
    ),
    "hm.legend.judged": (
        "Lage: ungünstigstes → günstigstes Gebiet (Min–Max, kein Signifikanztest)",
        "Position: least → most favourable area (min–max, no significance test)",
    ),
    "hm.legend.judged.rank": (
        "Lage: ungünstigstes → günstigstes Gebiet (Rang-Perzentil, kein Signifikanztest)",
        "Position: least → most favourable area (rank percentile, no significance test)",
    ),
    "hm.legend.neutral": ("ohne Wertung: niedrig → hoch", "no judgement: low → high"),
    "hm.legend.missing": ("grau: kein Wert oder nicht bewertet", "grey: no value or not rated"),
    "hm.note": (
        "* ohne Wertung (lila: hell = niedrig, dunkel = hoch); grau = kein Wert oder nicht "
        "bewertet; Skalierung: {scale}",
        "* no judgement (purple: light = low, dark = high); grey = no value or not rated; "
        "scaling: {scale}",
    ),
    "hm.not_rated": ("nicht bewertet", "not rated"),
    "hm.no_value": ("kein Wert", "no value"),
    # profile page
    "profile.title": ("Stadtteilprofil", "Area profile"),
    "profile.no_rows": (
        "Für {name} liegen in dieser Auswahl keine Bewertungen vor.",
        "There are no ratings for {name} in this selection.",
    ),
    "profile.summary": (
        "{green} günstig · {yellow} ähnlich · {red} ungünstig · {grey} nicht bewertet",
        "{green} favourable · {yellow} similar · {red} unfavourable · {grey} not rated",
    ),
    "profile.spine": (
        "Lage zwischen ungünstigstem und günstigstem Gebiet",
        "Position between the worst and the best area",
    ),
    "profile.spine_help": (
        "Balken: Spannweite aller Gebiete (links ungünstig, rechts günstig); Strich: "
        "Stadtwert; Punkt: dieses Gebiet in seiner Ampelfarbe.",
        "Bar: range of all areas (left unfavourable, right favourable); tick: city value; "
        "dot: this area in its rating colour.",
    ),
    # compare page
    "compare.title": ("Vergleich", "Comparison"),
    "compare.pick": ("Bitte 2 bis 5 Gebiete wählen.", "Please choose 2 to 5 areas."),
    "compare.chart": (
        "Werte mit 95-%-Intervall; Linie: Stadtwert",
        "Values with 95 % interval; line: city value",
    ),
    # trends page
    "trends.title": ("Trends", "Trends"),
    "trends.city": ("Stadt gesamt", "City total"),
    "trends.window": (
        "Trendbewertung über die letzten {n} Jahre bis {year}",
        "Trend rating over the latest {n} years up to {year}",
    ),
    # upload page and versions
    "nav.upload": ("Daten hochladen", "Upload data"),
    "side.user": ("Angemeldet: {name} ({role})", "Signed in: {name} ({role})"),
    "side.readonly": ("Nur Lesezugriff", "Read-only access"),
    "side.login": ("Anmelden", "Sign in"),
    "side.logout": ("Abmelden", "Sign out"),
    "role.analyst": ("Analyse", "analyst"),
    "role.viewer": ("Lesen", "viewer"),
    "up.title": ("Daten hochladen", "Upload data"),
    "up.intro": (
        "Neue Indikatorwerte oder Grenzen prüfen, in der Vorschau ansehen und veröffentlichen. "
        "Jede Veröffentlichung ist eine Version und lässt sich zurücknehmen.",
        "Check new indicator values or boundaries, preview them and publish. Every publication "
        "is a version and can be undone.",
    ),
    "up.kind": ("Was wird hochgeladen?", "What is uploaded?"),
    "up.kind.indicators": ("Indikatortabelle (CSV, XLSX)", "Indicator table (CSV, XLSX)"),
    "up.kind.boundaries": (
        "Grenzdatei (GeoJSON, GeoPackage, Shape-Zip)",
        "Boundary file (GeoJSON, GeoPackage, zipped shapefile)",
    ),
    "up.file": ("Datei", "File"),
    "up.too_large": (
        "{name}: {size} MB sind mehr als die Grenze von {limit} MB; bitte aufteilen.",
        "{name}: {size} MB exceed the limit of {limit} MB; please split the file.",
    ),
    "up.step.layout": ("1. Aufbau der Tabelle", "1. Table layout"),
    "up.layout": ("Aufbau", "Layout"),
    "up.layout.long": (
        "lang (Gebiet, Indikator, Jahr, Wert)",
        "long (area, indicator, year, value)",
    ),
    "up.layout.wide": ("breit (eine Spalte je Indikator)", "wide (one column per indicator)"),
    "up.sheet": ("Tabellenblatt", "Sheet"),
    "up.area_col": ("Spalte mit Gebiet (ID oder Name)", "Column with the area (id or name)"),
    "up.period_col": ("Spalte mit Jahr", "Column with the year"),
    "up.no_period_col": (
        "(keine – ein Jahr für die ganze Tabelle)",
        "(none – one year for the whole table)",
    ),
    "up.period": ("Jahr der ganzen Tabelle", "Year of the whole table"),
    "up.indicator_col": ("Spalte mit Indikator", "Column with the indicator"),
    "up.value_col": ("Spalte mit Wert", "Column with the value"),
    "up.numerator_col": ("Spalte mit Zähler", "Column with the numerator"),
    "up.denominator_col": ("Spalte mit Nenner", "Column with the denominator"),
    "up.none": ("(keine)", "(none)"),
    "up.columns": (
        "Spalten → Indikatoren (leer lassen = nicht importieren)",
        "Columns → indicators (leave empty to skip)",
    ),
    "up.column": ("Spalte", "Column"),
    "up.detected": (
        "Erkannt: {layout}, Zeichensatz {encoding}, {rows} Zeilen.",
        "Detected: {layout}, encoding {encoding}, {rows} rows.",
    ),
    "up.step.match": ("2. Gebiete zuordnen", "2. Match areas"),
    "up.match.how": ("Zuordnung", "Match"),
    "up.match.source": ("In der Datei", "In the file"),
    "up.match.target": ("Gebiet", "Area"),
    "up.match.summary": (
        "{ok} zugeordnet, {open} offen, {other} Bezirks-/Stadtzeilen.",
        "{ok} matched, {open} open, {other} borough/city rows.",
    ),
    "up.match.skip": ("nicht importieren", "do not import"),
    "up.match.confirm": ("Offene Zuordnungen bestätigen", "Confirm open matches"),
    "up.step.new": ("3. Neue Indikatoren beschreiben", "3. Describe new indicators"),
    "up.new.none": (
        "Alle Indikatoren sind bereits im Katalog; neue Jahre werden ergänzt.",
        "All indicators are in the catalogue; new years are added.",
    ),
    "up.step.check": ("4. Prüfbericht", "4. Check report"),
    "up.check.ok": (
        "Keine Fehler: {n} Werte können veröffentlicht werden.",
        "No errors: {n} values can be published.",
    ),
    "up.check.errors": (
        "{n} Fehler verhindern die Veröffentlichung.",
        "{n} errors prevent publishing.",
    ),
    "up.report": ("Prüfbericht herunterladen", "Download the report"),
    "up.step.preview": ("5. Vorschau", "5. Preview"),
    "up.preview.before": ("Veröffentlicht", "Published"),
    "up.preview.after": ("Nach dem Hochladen", "After the upload"),
    "up.preview.changes": ("{n} Bewertungen ändern sich.", "{n} ratings change."),
    "up.step.publish": ("6. Veröffentlichen", "6. Publish"),
    "up.publish": ("Jetzt veröffentlichen", "Publish now"),
    "up.publishing": ("Veröffentliche …", "Publishing …"),
    "up.published": ("Als Version {id} veröffentlicht.", "Published as version {id}."),
    "up.b.summary": (
        "{n} Gebiete, Koordinatensystem {crs}, Zeichensatz {encoding}; repariert: {repaired}.",
        "{n} areas, CRS {crs}, encoding {encoding}; repaired: {repaired}.",
    ),
    "up.b.changes": (
        "Neu: {added} · entfallen: {removed} · umbenannt: {renamed}",
        "New: {added} · gone: {removed} · renamed: {renamed}",
    ),
    "up.b.id": ("ID-Spalte", "Id column"),
    "up.b.layer": (
        "Die Datei enthält mehrere Ebenen – welche soll gelesen werden?",
        "The file holds several layers – which one should be read?",
    ),
    "up.b.name": ("Namensspalte", "Name column"),
    "up.b.parent": ("Spalte Stadtbezirk", "Borough column"),
    "up.b.crs": (
        "Koordinatensystem, falls die Datei keines nennt (z. B. EPSG:25832)",
        "CRS if the file names none (e.g. EPSG:25832)",
    ),
    "up.b.guess": ("(automatisch)", "(automatic)"),
    "up.field": ("Feld „{field}“", "field “{field}”"),
    "up.readonly": (
        "Hochladen und Veröffentlichen sind der Rolle Analyse vorbehalten.",
        "Uploading and publishing are reserved for the analyst role.",
    ),
    "ver.title": ("Versionen", "Versions"),
    "ver.col.id": ("Version", "Version"),
    "ver.col.kind": ("Art", "Kind"),
    "ver.col.created_at": ("Veröffentlicht (UTC)", "Published (UTC)"),
    "ver.col.author": ("Von", "By"),
    "ver.col.source_name": ("Datei", "File"),
    "ver.col.n_areas": ("Gebiete", "Areas"),
    "ver.col.n_indicators": ("Indikatoren", "Indicators"),
    "ver.col.n_observations": ("Werte", "Values"),
    "ver.col.current": ("Aktuell", "Current"),
    "ver.col.deleted": ("Gelöscht", "Deleted"),
    "ver.col.note": ("Notiz", "Note"),
    "ver.kind.init": ("Start", "initial"),
    "ver.kind.indicators": ("Indikatorwerte", "indicator values"),
    "ver.kind.boundaries": ("Grenzen", "boundaries"),
    "ver.kind.rollback": ("Zurücksetzung", "rollback"),
    "ver.compare": ("Vergleichen", "Compare"),
    "ver.rollback": ("Auf diese Version zurücksetzen", "Roll back to this version"),
    "ver.delete": ("Version löschen (wiederherstellbar)", "Delete version (restorable)"),
    "ver.restore": ("Version wiederherstellen", "Restore version"),
    "ver.purge": ("Gelöschte Versionen endgültig entfernen", "Purge deleted versions for good"),
    "ver.pick": ("Version", "Version"),
    "ver.done": ("Erledigt: {what}", "Done: {what}"),
    # methods page
    "methods.title": ("Methodik", "Methods"),
    "methods.settings": ("Einstellungen dieser Installation", "Settings of this installation"),
    "methods.settings_text": (
        "Vergleich mit dem Stadtwert auf dem {level}-Niveau · Zähler unter {limit} werden "
        "nicht bewertet{off} · Mindestbevölkerung: {population}",
        "Benchmark comparison at the {level} level · numerators below {limit} are not "
        "rated{off} · minimum population: {population}",
    ),
    "methods.no_limit": (" (ausgeschaltet)", " (switched off)"),
    "methods.population": (
        "{min} Einwohnerinnen und Einwohner laut Indikator {indicator}",
        "{min} inhabitants by indicator {indicator}",
    ),
    "methods.population_none": (
        "nur für Indikatoren, deren Katalogeintrag einen Bevölkerungsindikator nennt",
        "only for indicators whose catalogue entry names a population indicator",
    ),
    "methods.catalog": ("Indikatorenkatalog", "Indicator catalogue"),
    "methods.provenance": ("Datenherkunft", "Data provenance"),
    "methods.boundaries": (
        "Grenzen: {file} {n} Gebiete, Koordinatensystem {crs}",
        "Boundaries: {file} {n} areas, CRS {crs}",
    ),
    "methods.observations": (
        "Indikatorwerte: {file} {n} Zeilen, {years}",
        "Indicator values: {file} {n} rows, {years}",
    ),
    "methods.version": (
        "Veröffentlichte Version {id} vom {date}, veröffentlicht von {author}",
        "Published version {id} of {date}, published by {author}",
    ),
    "methods.source": (
        "Quelldatei: {source} (SHA-256 {sha}…)",
        "Source file: {source} (SHA-256 {sha}…)",
    ),
}


def t(key: str, lang: str = "de", **values: object) -> str:
    """Return the text of ``key`` in ``lang``, formatted with ``values``.

    Parameters
    ----------
    key : str
        A key of the translation table.
    lang : {"de", "en"}
        UI language; anything else falls back to German.
    **values
        Placeholders in the text.

    Returns
    -------
    str

    Raises
    ------
    KeyError
        For an unknown key, naming it.
    """
    texts = _texts(key)
    if texts is None:
        raise KeyError(f"no translation for {key!r}")
    text = texts.get(lang, texts["de"])
    return text.format(**values) if values else text


def _texts(key: str) -> dict[str, str] | None:
    """Return the texts of ``key`` per language: the table, or a registered method's label."""
    name = key.removeprefix("method.")
    if name != key and name in methods.names():
        return dict(methods.get(name).label)
    if key in _T:
        de, en = _T[key]
        return {"de": de, "en": en}
    return None


def has_key(key: str) -> bool:
    """Return whether ``key`` has a translation."""
    return _texts(key) is not None


def all_keys() -> list[str]:
    """Return all translation keys (for tests), the registered methods' names included."""
    return [*_T, *(f"method.{name}" for name in methods.names())]


def domain_label(domain: str, lang: str = "de") -> str:
    """Return the display name of a catalogue domain."""
    return DOMAIN_LABELS_EN.get(domain, domain) if lang == "en" else domain


def level_label(level: str, lang: str = "de") -> str:
    """Return the name of an area level (``level.<id>``), or its id when it has none.

    A level the table does not know (a city with more levels) shows its id
    instead of failing.

    Examples
    --------
    >>> level_label("stadtbezirk", "en"), level_label("ortsteil", "en")
    ('Stadtbezirk (borough)', 'ortsteil')
    """
    try:
        return t(f"level.{level}", lang)
    except KeyError:
        return level


def plural(key: str, n: int, lang: str = "de", **values: object) -> str:
    """Return ``key`` for ``n`` things: ``<key>.one`` when n is 1 and that key exists.

    So that the page says "1 fehlende Zelle", never "1 fehlende Zellen".
    """
    one = f"{key}.one"
    return t(one if n == 1 and one in _T else key, lang, n=n, **values)


def number(value: float | None, lang: str = "de", *, decimals: int = 1, unit: str = "") -> str:
    """Format a number for the UI (decimal comma in German), with an optional unit."""
    text = format_number(value, lang=lang, decimals=decimals)
    return f"{text} {unit}" if unit and text != "–" else text
