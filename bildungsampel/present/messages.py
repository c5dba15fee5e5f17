"""The dashboard's texts: one table ``{key: {lang: text}}`` in every language.

Registered with :func:`indicators.messages.register` (which checks that every
key speaks every language and that the placeholders agree) and read through
:func:`bildungsampel.present.i18n.t`. The names of the rating methods
(``method.<name>``) are not here: each method class carries its own ``label``.
"""

from __future__ import annotations

from indicators import messages

MESSAGES: dict[str, dict[str, str]] = {
    # the name of each language in itself (the language switch)
    "language.name": {"de": "Deutsch", "en": "English"},
    # navigation and app
    "app.title": {"de": "Bildungsampel", "en": "Bildungsampel"},
    "nav.start": {"de": "Start", "en": "Start"},
    "nav.map": {"de": "Karte", "en": "Map"},
    "nav.heatmap": {"de": "Ampel-Heatmap", "en": "Ampel heatmap"},
    "nav.profile": {"de": "Stadtteilprofil", "en": "Area profile"},
    "nav.compare": {"de": "Vergleich", "en": "Comparison"},
    "nav.trends": {"de": "Trends", "en": "Trends"},
    "nav.methods": {"de": "Methodik", "en": "Methods"},
    "side.language": {"de": "Sprache / Language", "en": "Sprache / Language"},
    "side.palette": {"de": "Farben", "en": "Colours"},
    "palette.ampel": {"de": "Ampel (rot–gelb–grün)", "en": "Traffic light (red–yellow–green)"},
    "palette.safe": {
        "de": "Farbenblind-sicher (blau–gelb–orange)",
        "en": "Colour-blind safe (blue–yellow–orange)",
    },
    "side.selected": {"de": "Ausgewählt: {name}", "en": "Selected: {name}"},
    "side.none_selected": {"de": "Kein Gebiet ausgewählt", "en": "No area selected"},
    # levels, ratings, trends
    "level": {"de": "Ebene", "en": "Level"},
    "level.stadtteil": {"de": "Stadtteil", "en": "Stadtteil (district)"},
    "level.stadtbezirk": {"de": "Stadtbezirk", "en": "Stadtbezirk (borough)"},
    "rating.green": {"de": "günstig", "en": "favourable"},
    "rating.yellow": {"de": "ähnlich", "en": "similar"},
    "rating.red": {"de": "ungünstig", "en": "unfavourable"},
    "rating.grey": {"de": "nicht bewertet", "en": "not rated"},
    "rating.neutral": {"de": "ohne Wertung", "en": "no judgement"},
    "grade.much_higher": {"de": "deutlich höher", "en": "much higher"},
    "grade.higher": {"de": "höher", "en": "higher"},
    "grade.similar": {"de": "ähnlich", "en": "similar"},
    "grade.lower": {"de": "niedriger", "en": "lower"},
    "grade.much_lower": {"de": "deutlich niedriger", "en": "much lower"},
    "grade.not_rated": {"de": "nicht bewertet", "en": "not rated"},
    "trend.improving": {"de": "verbessert sich signifikant", "en": "improving significantly"},
    "trend.worsening": {"de": "verschlechtert sich signifikant", "en": "worsening significantly"},
    "trend.increasing": {
        "de": "steigt signifikant (ohne Wertung)",
        "en": "rising significantly (no judgement)",
    },
    "trend.decreasing": {
        "de": "sinkt signifikant (ohne Wertung)",
        "en": "falling significantly (no judgement)",
    },
    "trend.no_significant_change": {
        "de": "keine signifikante Veränderung",
        "en": "no significant change",
    },
    "trend.none": {"de": "nicht berechenbar", "en": "cannot be computed"},
    "city_kind.pooled": {
        "de": "gepoolt aus Zählern und Nennern",
        "en": "pooled from numerators and denominators",
    },
    "city_kind.pooled_part": {
        "de": "aus Zählern und Nennern von {used} der {of} Gebiete",
        "en": "from numerators and denominators of {used} of {of} areas",
    },
    "city_kind.total_row": {"de": "gelieferter Gesamtstadtwert", "en": "delivered city total"},
    "city_kind.weighted_mean": {
        "de": "gewichtetes Mittel der Gebiete",
        "en": "weighted mean of the areas",
    },
    "city_kind.mean": {
        "de": "Mittel der Gebiete, ungewichtet",
        "en": "unweighted mean of the areas",
    },
    "city_kind.sum": {"de": "Summe der Gebiete", "en": "sum of the areas"},
    "note.multiple": {
        "de": "Mehrfachvergleiche: {tests} Vergleiche mit dem Stadtwert per Konfidenzintervall auf "
        "dem {level}-Niveau (auch bei Indikatoren ohne Wertung), {hits} davon signifikant. Auch "
        "ohne jeden echten Unterschied wären etwa {expected} zufällig „signifikant“ – einzelne "
        "Abweichungen daher nicht überbewerten. Ein strengeres 99,8-%-Niveau lässt sich für die "
        "ganze Stadt einstellen (siehe Methodik).",
        "en": "Multiple comparisons: {tests} comparisons with the city value by confidence "
        "interval at the {level} level (including indicators without judgement), {hits} of them "
        "significant. Even with no real difference about {expected} would be 'significant' by "
        "chance – do not over-read single deviations. A stricter 99.8 % level can be set for the "
        "whole city (see Methods).",
    },
    "method": {"de": "Bewertungsmethode", "en": "Rating method"},
    "method.catalog": {"de": "laut Katalog", "en": "as in the catalogue"},
    # columns
    "col.area": {"de": "Gebiet", "en": "Area"},
    "col.indicator": {"de": "Indikator", "en": "Indicator"},
    "col.domain": {"de": "Handlungsfeld", "en": "Domain"},
    "col.year": {"de": "Jahr", "en": "Year"},
    "col.value": {"de": "Wert", "en": "Value"},
    "col.unit": {"de": "Einheit", "en": "Unit"},
    "col.city": {"de": "Stadtwert", "en": "City value"},
    "col.diff": {"de": "Abstand zum Stadtwert", "en": "Difference to city"},
    "col.interval": {"de": "Konfidenzintervall", "en": "Confidence interval"},
    "col.limits": {"de": "Grenzen", "en": "Limits"},
    "col.city_kind": {"de": "Stadtwert-Art", "en": "City value kind"},
    "col.rating": {"de": "Bewertung", "en": "Rating"},
    "col.trend": {"de": "Trend", "en": "Trend"},
    "col.reason": {"de": "Begründung", "en": "Reason"},
    "col.history": {"de": "Verlauf", "en": "History"},
    "col.spine": {
        "de": "Lage (0 = ungünstigster, 1 = günstigster Stadtteil)",
        "en": "Position (0 = worst, 1 = best area)",
    },
    "col.polarity": {"de": "Polarität", "en": "Polarity"},
    "col.kind": {"de": "Art", "en": "Kind"},
    "col.source": {"de": "Quelle", "en": "Source"},
    "col.description": {"de": "Beschreibung", "en": "Description"},
    "col.count": {"de": "Anzahl", "en": "Count"},
    "col.sources": {"de": "Quellen", "en": "Sources"},
    "col.area_id": {"de": "Gebiets-ID", "en": "Area ID"},
    "col.ci_low": {"de": "KI unten", "en": "CI low"},
    "col.ci_high": {"de": "KI oben", "en": "CI high"},
    "col.lower_limit": {"de": "Untergrenze", "en": "Lower limit"},
    "col.upper_limit": {"de": "Obergrenze", "en": "Upper limit"},
    "col.city_value_kind": {"de": "Stadtwert-Art", "en": "City value kind"},
    "col.trend_direction": {"de": "Richtung", "en": "Direction"},
    "col.row": {"de": "Zeile", "en": "Row"},
    "col.column": {"de": "Spalte", "en": "Column"},
    "col.problem": {"de": "Problem", "en": "Problem"},
    "col.fix": {"de": "Lösung", "en": "Fix"},
    "direction.increasing": {"de": "steigend", "en": "increasing"},
    "direction.decreasing": {"de": "fallend", "en": "decreasing"},
    "direction.flat": {"de": "gleichbleibend", "en": "flat"},
    "direction.none": {"de": "keine Richtung", "en": "no direction"},
    # export metadata (first lines of a CSV, sheet "Metadaten" of an XLSX)
    "meta.city": {"de": "Stadt", "en": "City"},
    "meta.level": {"de": "Ebene", "en": "Level"},
    "meta.period": {"de": "Jahr", "en": "Year"},
    "meta.indicator": {"de": "Indikator", "en": "Indicator"},
    "meta.unit": {"de": "Einheit", "en": "Unit"},
    "meta.source": {"de": "Quelle", "en": "Source"},
    "meta.method": {"de": "Bewertungsmethode", "en": "Rating method"},
    "meta.city_value_kind": {"de": "Stadtwert-Art", "en": "City value kind"},
    "meta.version": {"de": "Datenversion", "en": "Data version"},
    "meta.published": {"de": "Veröffentlicht am", "en": "Published at"},
    "meta.generated": {"de": "Erstellt am", "en": "Generated at"},
    "meta.note": {"de": "Hinweis", "en": "Note"},
    "meta.note.text": {
        "de": "Werte gerundet wie im Dashboard (Anzahlen ganzzahlig, sonst eine Nachkommastelle); "
        "KI = 95-%-Konfidenzintervall; leere Zelle = kein Wert",
        "en": "Values rounded as in the dashboard (counts to whole numbers, else one decimal); "
        "CI = 95 % confidence interval; empty cell = no value",
    },
    "meta.files": {"de": "keine (Dateien: {files})", "en": "none (files: {files})"},
    "meta.sheet": {"de": "Metadaten", "en": "Metadata"},
    "meta.field": {"de": "Angabe", "en": "Field"},
    "meta.value": {"de": "Inhalt", "en": "Value"},
    "polarity.higher_is_better": {"de": "höher ist günstig", "en": "higher is favourable"},
    "polarity.lower_is_better": {"de": "niedriger ist günstig", "en": "lower is favourable"},
    "polarity.no_judgement": {"de": "ohne Wertung", "en": "no judgement"},
    # common widgets
    "w.indicator": {"de": "Indikator", "en": "Indicator"},
    "w.year": {"de": "Jahr", "en": "Year"},
    "w.year_help": {
        "de": "„neueste“ zeigt jeden Indikator in seinem letzten veröffentlichten Jahr. "
        "„2023“ umfasst das Kalenderjahr 2023 und das Schuljahr 2022/23.",
        "en": "'latest' shows every indicator in its latest published year. "
        "'2023' covers the calendar year 2023 and the school year 2022/23.",
    },
    "w.year.latest": {"de": "neueste je Indikator", "en": "latest per indicator"},
    "w.year.latest_one": {"de": "neuestes ({year})", "en": "latest ({year})"},
    "w.area": {"de": "Gebiet", "en": "Area"},
    "w.areas": {"de": "Gebiete (2–5)", "en": "Areas (2–5)"},
    "w.trend_areas": {"de": "Gebiete", "en": "Areas"},
    "w.domains": {"de": "Handlungsfelder", "en": "Domains"},
    "w.order": {"de": "Anordnung", "en": "Order"},
    "w.order.clustered": {"de": "geclustert", "en": "clustered"},
    "w.order.fixed": {"de": "feste Reihenfolge", "en": "fixed order"},
    "w.scale": {"de": "Farbskala", "en": "Colour scale"},
    "w.scale.continuous": {"de": "stufenlos 0..1", "en": "continuous 0..1"},
    "w.scale.discrete": {"de": "Ampel-Bewertung", "en": "Ampel rating"},
    "w.norm": {"de": "Skalierung", "en": "Scaling"},
    "w.norm.minmax": {"de": "Min–Max", "en": "min–max"},
    "w.norm.rank": {"de": "Rang (Perzentil)", "en": "rank (percentile)"},
    "w.linkage": {"de": "Verknüpfung", "en": "Linkage"},
    "w.linkage.average": {"de": "durchschnittlich (average)", "en": "average"},
    "w.linkage.ward": {"de": "Ward (kompakte Gruppen)", "en": "Ward (compact groups)"},
    "w.linkage.complete": {"de": "vollständig (complete)", "en": "complete"},
    "w.linkage.single": {"de": "einfach (single, bildet Ketten)", "en": "single (forms chains)"},
    "download.csv": {"de": "CSV herunterladen", "en": "Download CSV"},
    "download.xlsx": {"de": "Excel herunterladen", "en": "Download Excel"},
    "download.png": {"de": "PNG herunterladen", "en": "Download PNG"},
    "download.pdf": {"de": "PDF herunterladen", "en": "Download PDF"},
    "to_profile": {"de": "Profil von {name} öffnen", "en": "Open the profile of {name}"},
    "empty": {
        "de": "Noch keine Indikatorwerte veröffentlicht. Analystinnen und Analysten laden sie "
        "unter „Daten hochladen“ hoch (oder: bildungsampel import indicators).",
        "en": "No indicator values published yet. Analysts upload them under 'Upload data' "
        "(or: bildungsampel import indicators).",
    },
    "up.missing_values": {
        "de": "Codes für fehlende Werte (mit ; getrennt, z. B. -9999; -999)",
        "en": "Codes for missing values (separated by ;, e.g. -9999; -999)",
    },
    "up.missing_values.help": {
        "de": "Zellen mit einem dieser Codes fehlen (mit Grund), statt als Zahl gelesen zu "
        "werden. Zahlen wie -9999, die wie ein Code aussehen, werden sonst als Hinweis gemeldet.",
        "en": "Cells holding one of these codes are missing (with a reason) instead of being "
        "read as numbers. Numbers such as -9999 that look like a code are otherwise reported.",
    },
    "up.empty_as_zero": {"de": "Leere Zellen als 0 lesen", "en": "Read empty cells as 0"},
    "up.empty_as_zero.help": {
        "de": "Nur Spalten mit Anzahlen (z. B. Kitas, Einwohner): eine leere Zelle bedeutet 0. "
        "Sonst bleiben leere Zellen ohne Wert und werden je Spalte gemeldet.",
        "en": "Only columns of counts (e.g. day-care centres, inhabitants): an empty cell means "
        "0. Otherwise empty cells stay without a value and are reported per column.",
    },
    "empty.no_areas": {
        "de": "Noch keine Stadt veröffentlicht. Analystinnen und Analysten laden unter „Daten "
        "hochladen“ zuerst die Grenzen der Gebiete hoch, dann die Indikatortabellen (oder: "
        "bildungsampel import boundaries, dann bildungsampel import indicators).",
        "en": "No city published yet. Analysts first upload the area boundaries under 'Upload "
        "data', then the indicator tables (or: bildungsampel import boundaries, then "
        "bildungsampel import indicators).",
    },
    "no_data": {
        "de": "Für diese Auswahl liegen keine Daten vor.",
        "en": "No data for this selection.",
    },
    # start page
    "start.title": {"de": "Bildungsampel – {city}", "en": "Bildungsampel – {city}"},
    "start.intro": {
        "de": "Die Bildungsampel zeigt je Stadtteil, wo Bildungschancen günstig oder ungünstig "
        "liegen: Indikatoren aus formaler Bildung, Schuleingangsuntersuchung, Demografie, "
        "Migration und sozioökonomischer Lage werden mit dem Stadtwert verglichen und als "
        "Ampel dargestellt – damit Mittel bedarfsgerecht statt mit der Gießkanne verteilt "
        "werden. ▲ günstig · ● ähnlich dem Stadtwert · ▼ ungünstig · – nicht bewertet.",
        "en": "The Bildungsampel shows for every district where education chances are favourable "
        "or unfavourable: indicators from formal education, the school entry examination, "
        "demography, migration and the socio-economic situation are compared with the city "
        "value and shown as a traffic light — so that resources follow need. "
        "▲ favourable · ● similar to the city · ▼ unfavourable · – not rated.",
    },
    "start.sample_note": {
        "de": "Beispielstadt: schematische Grenzen, synthetische Werte (verankert an öffentlichen "
        "Kennzahlen).",
        "en": "Sample city: schematic boundaries, synthetic values (anchored on public figures).",
    },
    "start.status": {"de": "Datenstand", "en": "Data status"},
    "start.years": {"de": "Jahre", "en": "Years"},
    "start.indicators": {"de": "Indikatoren", "en": "Indicators"},
    "start.areas": {"de": "Gebiete: {level}", "en": "Areas: {level}"},
    "start.parents": {"de": "darüber: {level}", "en": "above: {level}"},
    "start.counts": {"de": "Bewertungen je Handlungsfeld", "en": "Ratings per domain"},
    "stand.latest": {
        "de": "Stand: jeweils neuestes Jahr je Indikator ({detail})",
        "en": "As of: each indicator's latest year ({detail})",
    },
    "stand.year": {"de": "Stand: {year}", "en": "As of: {year}"},
    "stand.none": {
        "de": "Keine Bewertungen in dieser Auswahl",
        "en": "No ratings in this selection",
    },
    "stand.more": {"de": "{n} weitere", "en": "{n} more"},
    "stand.missing": {"de": "ohne Werte: {names}", "en": "without values: {names}"},
    "start.watch": {"de": "Genauer hinsehen", "en": "Look more closely"},
    "start.watch_help": {
        "de": "Gebiete, die ungünstig bewertet sind und sich zugleich signifikant verschlechtern "
        "(Trendtest auf dem 99,8-%-Niveau, siehe Methodik).",
        "en": "Areas rated unfavourable that are also worsening significantly (trend test at "
        "99.8 %, see Methods).",
    },
    "start.watch_none": {
        "de": "Kein Gebiet ist zugleich ungünstig und verschlechtert sich.",
        "en": "No area is both unfavourable and worsening.",
    },
    # map page
    "map.title": {"de": "Karte", "en": "Map"},
    "map.legend": {"de": "Legende", "en": "Legend"},
    "map.click": {
        "de": "Ein Klick auf ein Gebiet wählt es aus.",
        "en": "Click an area to select it.",
    },
    "map.neutral_note": {
        "de": "Indikator ohne Wertung: neutrale Skala von niedriger bis höher – verglichen mit dem "
        "Stadtwert oder, bei Ranggruppen, mit den übrigen Gebieten (siehe Begründung); weder "
        "günstig noch ungünstig.",
        "en": "Indicator without judgement: neutral scale from lower to higher – compared with the "
        "city value or, for rank groups, with the other areas (see the reason); neither "
        "favourable nor unfavourable.",
    },
    "map.overlay": {"de": "Linien: Grenzen der Ebene {level}", "en": "Lines: borders of {level}"},
    "tip.city": {"de": "Stadtwert", "en": "City value"},
    "tip.interval": {"de": "{level}-%-KI", "en": "{level} % CI"},
    "tip.trend": {"de": "Trend", "en": "Trend"},
    # heatmap page
    "hm.title": {"de": "Ampel-Heatmap", "en": "Ampel heatmap"},
    "hm.help": {
        "de": "Jede Spalte ist auf 0..1 gebracht (Min–Max oder Rang) und so ausgerichtet, dass 1 "
        "immer günstig ist (Farben siehe Legende). * = Indikator ohne Wertung: eigene "
        "lila Skala, hell = niedriger, dunkel = hoher Wert (weder gut noch schlecht). Grau: "
        "kein Wert oder nicht bewertet (zu kleine Zahlen, unterdrückt) – solche Zellen zählen "
        "nicht für die Skalierung. Zeilen (Gebiete) und Spalten (Indikatoren) sind nach "
        "Ähnlichkeit geclustert. Ein Klick auf eine Zelle wählt das Gebiet aus.",
        "en": "Each column is put on 0..1 (min–max or rank) and oriented so that 1 is always "
        "favourable (colours: see the legend). * = indicator without judgement: "
        "its own purple scale, light = low, dark = high value (neither good nor bad). Grey: no "
        "value or not rated (small numbers, suppressed) – such cells do not count for the "
        "scaling. Rows (areas) and columns (indicators) are clustered by similarity. Click a "
        "cell to select its area.",
    },
    "hm.scaled": {"de": "Skalierter Wert (0..1)", "en": "Scaled value (0..1)"},
    "hm.too_many": {
        "de": "Eine Heatmap mit {n} Gebieten ist nicht lesbar, und das Clustern bräuchte eine "
        "Distanzmatrix mit {pairs} Einträgen (Grenze: {limit} Gebiete). Die Ebene {parent} "
        "zeigt dieselben Indikatoren zusammengefasst.",
        "en": "A heatmap of {n} areas cannot be read, and clustering would need a distance matrix "
        "of {pairs} entries (limit: {limit} areas). The level {parent} shows the same "
        "indicators aggregated.",
    },
    "hm.empty": {
        "de": "In dieser Auswahl hat kein Gebiet einen Wert – es gibt nichts zu zeichnen.",
        "en": "No area has a value in this selection – there is nothing to draw.",
    },
    "hm.to_parent": {"de": "Ebene {parent} anzeigen", "en": "Show level {parent}"},
    "hm.imputed": {
        "de": "{n} fehlende oder nicht bewertete Zellen wurden nur für das Clustern mit dem "
        "Spaltenmittel gefüllt.",
        "en": "{n} missing or not rated cells were filled with the column mean for "
        "clustering only.",
    },
    "hm.imputed.one": {
        "de": "1 fehlende oder nicht bewertete Zelle wurde nur für das Clustern mit dem "
        "Spaltenmittel gefüllt.",
        "en": "1 missing or not rated cell was filled with the column mean for clustering only.",
    },
    "hm.legend.judged": {
        "de": "Lage: ungünstigstes → günstigstes Gebiet (Min–Max, kein Signifikanztest)",
        "en": "Position: least → most favourable area (min–max, no significance test)",
    },
    "hm.legend.judged.rank": {
        "de": "Lage: ungünstigstes → günstigstes Gebiet (Rang-Perzentil, kein Signifikanztest)",
        "en": "Position: least → most favourable area (rank percentile, no significance test)",
    },
    "hm.legend.neutral": {"de": "ohne Wertung: niedrig → hoch", "en": "no judgement: low → high"},
    "hm.legend.missing": {
        "de": "grau: kein Wert oder nicht bewertet",
        "en": "grey: no value or not rated",
    },
    "hm.note": {
        "de": "* ohne Wertung (lila: hell = niedrig, dunkel = hoch); grau = kein Wert oder nicht "
        "bewertet; Skalierung: {scale}",
        "en": "* no judgement (purple: light = low, dark = high); grey = no value or not rated; "
        "scaling: {scale}",
    },
    "hm.not_rated": {"de": "nicht bewertet", "en": "not rated"},
    "hm.no_value": {"de": "kein Wert", "en": "no value"},
    # profile page
    "profile.title": {"de": "Stadtteilprofil", "en": "Area profile"},
    "profile.composite": {
        "de": "{label}: woraus sich der Index zusammensetzt",
        "en": "{label}: what the index is made of",
    },
    "profile.composite_help": {
        "de": "Beitrag = Gewicht × standardisierter Wert der Komponente über die bewerteten "
        "Gebiete; Komponenten, bei denen höher günstig ist, werden umgekehrt, damit ein hoher "
        "Wert überall in dieselbe Richtung zeigt. Summe der Beiträge: {total}; Index: {value}.",
        "en": "Contribution = weight × the component's standardised value over the rated areas; "
        "components where higher is favourable are turned so that a high value points the same "
        "way everywhere. Sum of contributions: {total}; index: {value}.",
    },
    "col.component": {"de": "Komponente", "en": "Component"},
    "col.orientation": {"de": "Ausrichtung", "en": "Orientation"},
    "col.standardised": {"de": "standardisiert", "en": "Standardised"},
    "col.weight": {"de": "Gewicht", "en": "Weight"},
    "col.contribution": {"de": "Beitrag", "en": "Contribution"},
    "composite.kept": {"de": "wie geliefert", "en": "as delivered"},
    "composite.turned": {"de": "umgekehrt (× −1)", "en": "turned (× −1)"},
    "profile.no_rows": {
        "de": "Für {name} liegen in dieser Auswahl keine Bewertungen vor.",
        "en": "There are no ratings for {name} in this selection.",
    },
    "profile.summary": {
        "de": "{green} günstig · {yellow} ähnlich · {red} ungünstig · {grey} nicht bewertet",
        "en": "{green} favourable · {yellow} similar · {red} unfavourable · {grey} not rated",
    },
    "profile.spine": {
        "de": "Lage zwischen ungünstigstem und günstigstem Gebiet",
        "en": "Position between the worst and the best area",
    },
    "profile.spine_help": {
        "de": "Balken: Spannweite aller Gebiete (links ungünstig, rechts günstig); Strich: "
        "Stadtwert; Punkt: dieses Gebiet in seiner Ampelfarbe.",
        "en": "Bar: range of all areas (left unfavourable, right favourable); tick: city value; "
        "dot: this area in its rating colour.",
    },
    # compare page
    "compare.title": {"de": "Vergleich", "en": "Comparison"},
    "compare.pick": {"de": "Bitte 2 bis 5 Gebiete wählen.", "en": "Please choose 2 to 5 areas."},
    "compare.chart": {
        "de": "Werte mit 95-%-Intervall; Linie: Stadtwert",
        "en": "Values with 95 % interval; line: city value",
    },
    # trends page
    "trends.title": {"de": "Trends", "en": "Trends"},
    "trends.city": {"de": "Stadt gesamt", "en": "City total"},
    "trends.window": {
        "de": "Trendbewertung über die letzten {n} Jahre bis {year}",
        "en": "Trend rating over the latest {n} years up to {year}",
    },
    # upload page and versions
    "nav.upload": {"de": "Daten hochladen", "en": "Upload data"},
    "side.user": {"de": "Angemeldet: {name} ({role})", "en": "Signed in: {name} ({role})"},
    "side.readonly": {"de": "Nur Lesezugriff", "en": "Read-only access"},
    "side.login": {"de": "Anmelden", "en": "Sign in"},
    "side.logout": {"de": "Abmelden", "en": "Sign out"},
    "role.analyst": {"de": "Analyse", "en": "analyst"},
    "role.viewer": {"de": "Lesen", "en": "viewer"},
    "up.title": {"de": "Daten hochladen", "en": "Upload data"},
    "up.intro": {
        "de": "Neue Indikatorwerte oder Grenzen prüfen, in der Vorschau ansehen und "
        "veröffentlichen. Jede Veröffentlichung ist eine Version und lässt sich zurücknehmen.",
        "en": "Check new indicator values or boundaries, preview them and publish. Every "
        "publication is a version and can be undone.",
    },
    "up.kind": {"de": "Was wird hochgeladen?", "en": "What is uploaded?"},
    "up.kind.indicators": {
        "de": "Indikatortabelle (CSV, XLSX)",
        "en": "Indicator table (CSV, XLSX)",
    },
    "up.kind.boundaries": {
        "de": "Grenzdatei (GeoJSON, GeoPackage, Shape-Zip)",
        "en": "Boundary file (GeoJSON, GeoPackage, zipped shapefile)",
    },
    "up.file": {"de": "Datei", "en": "File"},
    "up.too_large": {
        "de": "{name}: {size} MB sind mehr als die Grenze von {limit} MB; bitte aufteilen.",
        "en": "{name}: {size} MB exceed the limit of {limit} MB; please split the file.",
    },
    "up.step.layout": {"de": "1. Aufbau der Tabelle", "en": "1. Table layout"},
    "up.layout": {"de": "Aufbau", "en": "Layout"},
    "up.layout.long": {
        "de": "lang (Gebiet, Indikator, Jahr, Wert)",
        "en": "long (area, indicator, year, value)",
    },
    "up.layout.wide": {
        "de": "breit (eine Spalte je Indikator)",
        "en": "wide (one column per indicator)",
    },
    "up.sheet": {"de": "Tabellenblatt", "en": "Sheet"},
    "up.area_col": {
        "de": "Spalte mit Gebiet (ID oder Name)",
        "en": "Column with the area (id or name)",
    },
    "up.period_col": {"de": "Spalte mit Jahr", "en": "Column with the year"},
    "up.no_period_col": {
        "de": "(keine – ein Jahr für die ganze Tabelle)",
        "en": "(none – one year for the whole table)",
    },
    "up.period": {"de": "Jahr der ganzen Tabelle", "en": "Year of the whole table"},
    "up.indicator_col": {"de": "Spalte mit Indikator", "en": "Column with the indicator"},
    "up.value_col": {"de": "Spalte mit Wert", "en": "Column with the value"},
    "up.numerator_col": {"de": "Spalte mit Zähler", "en": "Column with the numerator"},
    "up.denominator_col": {"de": "Spalte mit Nenner", "en": "Column with the denominator"},
    "up.none": {"de": "(keine)", "en": "(none)"},
    "up.columns": {
        "de": "Spalten → Indikatoren (leer lassen = nicht importieren)",
        "en": "Columns → indicators (leave empty to skip)",
    },
    "up.column": {"de": "Spalte", "en": "Column"},
    "up.columns.help": {
        "de": "Jede Spalte bekommt einen Indikator und eine Rolle: Spalten mit demselben "
        "Indikator sind sein Wert, Zähler und Nenner (z. B. „Kinder in Kitas“ → Zähler, "
        "„Kinder 3 bis unter 6“ → Nenner, „Anteil in %“ → Wert). Ohne Wertspalte wird der "
        "Wert aus Zähler / Nenner × Faktor berechnet. Indikator leer: nicht importieren.",
        "en": "Each column gets an indicator and a role: columns with the same indicator are "
        "its value, numerator and denominator (e.g. 'Children in day care' → numerator, "
        "'Children aged 3 to 6' → denominator, 'Share in %' → value). Without a value column "
        "the value is numerator / denominator × factor. Empty indicator: not imported.",
    },
    "up.role": {"de": "Rolle", "en": "Role"},
    "up.role.value": {"de": "Wert", "en": "Value"},
    "up.role.numerator": {"de": "Zähler", "en": "Numerator"},
    "up.role.denominator": {"de": "Nenner", "en": "Denominator"},
    "up.single_indicator": {
        "de": "Ohne Indikatorspalte: die ganze Datei ist Indikator",
        "en": "Without an indicator column: the whole file is indicator",
    },
    "up.single_indicator.help": {
        "de": "Kennung eines Katalogindikators (z. B. gymnasium) oder eines neuen, der unten "
        "beschrieben wird",
        "en": "Id of a catalogue indicator (e.g. gymnasium) or of a new one described below",
    },
    "up.choose": {"de": "Bitte wählen", "en": "Please choose"},
    "up.file.limit": {
        "de": "Datei in das Feld ziehen oder auswählen – höchstens {limit} MB je Datei; {types}",
        "en": "Drag a file into the box or browse – at most {limit} MB per file; {types}",
    },
    "up.file.button": {"de": "Datei auswählen", "en": "Browse files"},
    "up.match.how.id": {"de": "Nummer", "en": "id"},
    "up.match.how.name": {"de": "Name", "en": "name"},
    "up.match.how.fuzzy": {"de": "ähnlicher Name", "en": "similar name"},
    "up.match.how.confirmed": {"de": "bestätigt", "en": "confirmed"},
    "up.match.how.unmatched": {"de": "offen", "en": "open"},
    "up.match.how.city": {"de": "Gesamtstadt", "en": "city total"},
    "up.match.how.parent": {"de": "Stadtbezirk", "en": "borough"},
    "up.match.how.skipped": {"de": "nicht importiert", "en": "not imported"},
    "up.detected": {
        "de": "Erkannt: {layout}, Zeichensatz {encoding}, {rows} Zeilen.",
        "en": "Detected: {layout}, encoding {encoding}, {rows} rows.",
    },
    "up.step.match": {"de": "2. Gebiete zuordnen", "en": "2. Match areas"},
    "up.match.how": {"de": "Zuordnung", "en": "Match"},
    "up.match.source": {"de": "In der Datei", "en": "In the file"},
    "up.match.target": {"de": "Gebiet", "en": "Area"},
    "up.match.summary": {
        "de": "{ok} zugeordnet, {open} offen, {other} Bezirks-/Stadtzeilen.",
        "en": "{ok} matched, {open} open, {other} borough/city rows.",
    },
    "up.match.skip": {"de": "nicht importieren", "en": "do not import"},
    "up.match.confirm": {"de": "Offene Zuordnungen bestätigen", "en": "Confirm open matches"},
    "up.step.new": {"de": "3. Neue Indikatoren beschreiben", "en": "3. Describe new indicators"},
    "up.new.none": {
        "de": "Alle Indikatoren sind bereits im Katalog; neue Jahre werden ergänzt.",
        "en": "All indicators are in the catalogue; new years are added.",
    },
    "up.new.taken": {"de": "✓ {id}: {label} (übernommen)", "en": "✓ {id}: {label} (taken)"},
    "up.new.confirm": {"de": "Übernehmen", "en": "Confirm"},
    "up.new.missing": {
        "de": "{id}: bitte noch ausfüllen: {fields}",
        "en": "{id}: please fill in: {fields}",
    },
    "up.new.label_de": {"de": "Bezeichnung (deutsch)", "en": "Label (German)"},
    "up.new.label_en": {"de": "Bezeichnung (englisch)", "en": "Label (English)"},
    "up.new.domain": {"de": "Handlungsfeld", "en": "Domain"},
    "up.new.kind": {"de": "Art", "en": "Kind"},
    "up.new.polarity": {"de": "Polarität", "en": "Polarity"},
    "up.new.unit": {"de": "Einheit", "en": "Unit"},
    "up.new.multiplier": {"de": "Faktor (z. B. 100 für %)", "en": "Factor (e.g. 100 for %)"},
    "up.new.source": {"de": "Quelle", "en": "Source"},
    "up.new.description": {"de": "Beschreibung", "en": "Description"},
    "up.catalog": {
        "de": "Oder: Katalog hochladen (YAML oder CSV) statt die Formulare auszufüllen",
        "en": "Or: upload a catalogue (YAML or CSV) instead of filling in the forms",
    },
    "up.catalog.read": {
        "de": "{n} Katalogeinträge aus {name} übernommen: {ids}",
        "en": "{n} catalogue entries taken from {name}: {ids}",
    },
    "kind.proportion": {"de": "Anteil", "en": "proportion"},
    "kind.rate": {"de": "Rate (je 1.000 …)", "en": "rate (per 1,000 …)"},
    "kind.mean": {"de": "Mittelwert", "en": "mean"},
    "kind.count": {"de": "Anzahl", "en": "count"},
    "kind.index": {"de": "Index", "en": "index"},
    "kind.composite": {"de": "zusammengesetzter Index", "en": "composite index"},
    "up.step.check": {"de": "4. Prüfbericht", "en": "4. Check report"},
    "up.check.ok": {
        "de": "Keine Fehler: {n} Werte können veröffentlicht werden.",
        "en": "No errors: {n} values can be published.",
    },
    "up.check.errors": {
        "de": "{n} Fehler verhindern die Veröffentlichung.",
        "en": "{n} errors prevent publishing.",
    },
    "up.report": {"de": "Prüfbericht herunterladen", "en": "Download the report"},
    "up.report_rows": {
        "de": "Alle Fundstellen zeilenweise herunterladen",
        "en": "Download every finding row by row",
    },
    "up.step.preview": {"de": "5. Vorschau", "en": "5. Preview"},
    "up.preview.before": {"de": "Veröffentlicht", "en": "Published"},
    "up.preview.after": {"de": "Nach dem Hochladen", "en": "After the upload"},
    "up.preview.changes": {"de": "{n} Bewertungen ändern sich.", "en": "{n} ratings change."},
    "up.preview.first": {
        "de": "Gezeigt: die ersten {n} von {of} Zeilen, geänderte Bewertungen zuerst.",
        "en": "Shown: the first {n} of {of} rows, changed ratings first.",
    },
    "up.step.publish": {"de": "6. Veröffentlichen", "en": "6. Publish"},
    "up.publish": {"de": "Jetzt veröffentlichen", "en": "Publish now"},
    "up.publishing": {"de": "Veröffentliche …", "en": "Publishing …"},
    "up.published": {"de": "Als Version {id} veröffentlicht.", "en": "Published as version {id}."},
    "up.b.summary": {
        "de": "{n} Gebiete, Koordinatensystem {crs}, Zeichensatz {encoding}; "
        "repariert: {repaired}.",
        "en": "{n} areas, CRS {crs}, encoding {encoding}; repaired: {repaired}.",
    },
    "up.b.changes": {
        "de": "Neu: {added} · entfallen: {removed} · umbenannt: {renamed}",
        "en": "New: {added} · gone: {removed} · renamed: {renamed}",
    },
    "up.b.id": {"de": "ID-Spalte", "en": "Id column"},
    "up.b.layer": {
        "de": "Die Datei enthält mehrere Ebenen – welche soll gelesen werden?",
        "en": "The file holds several layers – which one should be read?",
    },
    "up.b.name": {"de": "Namensspalte", "en": "Name column"},
    "up.b.parent": {"de": "Spalte Stadtbezirk", "en": "Borough column"},
    "up.b.crs": {
        "de": "Koordinatensystem, falls die Datei keines nennt (z. B. EPSG:25832)",
        "en": "CRS if the file names none (e.g. EPSG:25832)",
    },
    "up.b.guess": {"de": "(automatisch)", "en": "(automatic)"},
    "up.field": {"de": "Feld „{field}“", "en": "field “{field}”"},
    "up.readonly": {
        "de": "Hochladen und Veröffentlichen sind der Rolle Analyse vorbehalten.",
        "en": "Uploading and publishing are reserved for the analyst role.",
    },
    "ver.title": {"de": "Versionen", "en": "Versions"},
    "ver.col.id": {"de": "Version", "en": "Version"},
    "ver.col.kind": {"de": "Art", "en": "Kind"},
    "ver.col.created_at": {"de": "Veröffentlicht", "en": "Published"},
    "ver.col.author": {"de": "Von", "en": "By"},
    "ver.col.source_name": {"de": "Datei", "en": "File"},
    "ver.col.n_areas": {"de": "Gebiete", "en": "Areas"},
    "ver.col.n_indicators": {"de": "Indikatoren", "en": "Indicators"},
    "ver.col.n_observations": {"de": "Werte", "en": "Values"},
    "ver.col.current": {"de": "Aktuell", "en": "Current"},
    "ver.col.deleted": {"de": "Gelöscht", "en": "Deleted"},
    "ver.col.note": {"de": "Notiz", "en": "Note"},
    "ver.kind.init": {"de": "Start", "en": "initial"},
    "ver.kind.indicators": {"de": "Indikatorwerte", "en": "indicator values"},
    "ver.kind.boundaries": {"de": "Grenzen", "en": "boundaries"},
    "ver.kind.rollback": {"de": "Zurücksetzung", "en": "rollback"},
    "ver.kind.hierarchy": {"de": "Gebietsebenen", "en": "area levels"},
    "ver.compare": {"de": "Vergleichen", "en": "Compare"},
    "ver.rollback": {"de": "Auf diese Version zurücksetzen", "en": "Roll back to this version"},
    "ver.delete": {
        "de": "Version löschen (wiederherstellbar)",
        "en": "Delete version (restorable)",
    },
    "ver.restore": {"de": "Version wiederherstellen", "en": "Restore version"},
    "ver.purge": {
        "de": "Gelöschte Versionen endgültig entfernen",
        "en": "Purge deleted versions for good",
    },
    "ver.pick": {"de": "Version", "en": "Version"},
    # methods page
    "methods.title": {"de": "Methodik", "en": "Methods"},
    "methods.settings": {
        "de": "Einstellungen dieser Installation",
        "en": "Settings of this installation",
    },
    "methods.settings_text": {
        "de": "Vergleich mit dem Stadtwert auf dem {level}-Niveau · Zähler unter {limit} werden "
        "nicht bewertet{off} · Mindestbevölkerung: {population}",
        "en": "Benchmark comparison at the {level} level · numerators below {limit} are not "
        "rated{off} · minimum population: {population}",
    },
    "methods.no_limit": {"de": " (ausgeschaltet)", "en": " (switched off)"},
    "methods.population": {
        "de": "{min} Einwohnerinnen und Einwohner laut Indikator {indicator}",
        "en": "{min} inhabitants by indicator {indicator}",
    },
    "methods.population_none": {
        "de": "nur für Indikatoren, deren Katalogeintrag einen Bevölkerungsindikator nennt",
        "en": "only for indicators whose catalogue entry names a population indicator",
    },
    "methods.catalog": {"de": "Indikatorenkatalog", "en": "Indicator catalogue"},
    "methods.provenance": {"de": "Datenherkunft", "en": "Data provenance"},
    "methods.boundaries": {
        "de": "Grenzen: {file} {n} Gebiete, Koordinatensystem {crs}",
        "en": "Boundaries: {file} {n} areas, CRS {crs}",
    },
    "methods.observations": {
        "de": "Indikatorwerte: {file} {n} Zeilen, {years}",
        "en": "Indicator values: {file} {n} rows, {years}",
    },
    "methods.version": {
        "de": "Veröffentlichte Version {id} vom {date}, veröffentlicht von {author}",
        "en": "Published version {id} of {date}, published by {author}",
    },
    "methods.source": {
        "de": "Quelldatei: {source} (SHA-256 {sha}…)",
        "en": "Source file: {source} (SHA-256 {sha}…)",
    },
}

messages.register(MESSAGES)
