"""The texts of the committee report (:mod:`bildungsampel.present.report`): key → language → text.

Registered with :func:`indicators.messages.register` when imported (by the
report's modules). German typography: „…“ quotes, decimal commas from
:func:`bildungsampel.present.i18n.number`.
"""

from __future__ import annotations

from indicators import messages

MESSAGES: dict[str, dict[str, str]] = {
    "report.title": {"de": "Bildungsampel – {name}", "en": "Bildungsampel – {name}"},
    "report.city_title": {
        "de": "Bildungsampel – Bericht für {city}",
        "en": "Bildungsampel – report for {city}",
    },
    "report.subtitle": {
        "de": "{level} · {city} · Stand: {period}",
        "en": "{level} · {city} · data: {period}",
    },
    "report.page": {"de": "Seite {page} von {pages}", "en": "Page {page} of {pages}"},
    "report.footer": {
        "de": "Bildungsampel · {city} · Datenversion {version} · erstellt am {generated}",
        "en": "Bildungsampel · {city} · data version {version} · generated {generated}",
    },
    "report.overview": {"de": "Überblick", "en": "Overview"},
    "report.map": {"de": "Lage in der Stadt", "en": "Location in the city"},
    "report.map_title": {"de": "„{name}“ in {city}", "en": "“{name}” in {city}"},
    "report.map_others": {"de": "übrige Gebiete", "en": "other areas"},
    "report.table": {"de": "Ampel: Bewertung und Begründung", "en": "Ratings and reasons"},
    "report.table_help": {
        "de": "Die Bewertung steht als Symbol und Wort in der Tabelle (▲ günstig, ● ähnlich, "
        "▼ ungünstig, – nicht bewertet, ◆ ohne Wertung); das Farbfeld davor ist nur eine "
        "Lesehilfe, der Bericht ist auch in Graustufen eindeutig.",
        "en": "Each rating is given as a symbol and a word (▲ favourable, ● similar, "
        "▼ unfavourable, – not rated, ◆ no judgement); the colour box before it is only a "
        "reading aid, the report is unambiguous in greyscale too.",
    },
    "report.spine": {"de": "Lage im Vergleich der Gebiete", "en": "Position among the areas"},
    "report.spine_help": {
        "de": "Grauer Balken: Spanne aller Gebiete (links das ungünstigste, rechts das "
        "günstigste); senkrechter Strich: Stadtwert; Punkt: „{name}“.",
        "en": "Grey bar: range of all areas (left the least, right the most favourable); "
        "vertical tick: city value; dot: “{name}”.",
    },
    "report.trends": {"de": "Entwicklung", "en": "Trends"},
    "report.trends_help": {
        "de": "Durchgezogene Linie: „{name}“; gestrichelt: Stadt gesamt. Die Trendbewertung "
        "steht über jedem Feld.",
        "en": "Solid line: “{name}”; dashed: city total. The trend judgement is above each panel.",
    },
    "report.no_trends": {
        "de": "Für dieses Gebiet liegt keine Zeitreihe mit mindestens zwei Jahren vor.",
        "en": "This area has no series of two years or more.",
    },
    "report.sources": {"de": "Datenquellen", "en": "Data sources"},
    "report.methods": {"de": "Hinweise zur Methode", "en": "Notes on the method"},
    "report.methods_text": {
        "de": "Jeder Wert wird mit dem Stadtwert verglichen; die Bewertungsmethode jedes "
        "Indikators steht unter „Datenquellen“. „Ähnlich“ heißt: der Unterschied zum Stadtwert "
        "ist nicht größer, als der Zufall bei so kleinen Zahlen erklären kann. Nicht bewertet "
        "werden Gebiete mit zu kleinen Zahlen. Ausführlich: Seite „Methodik“ des Dashboards.",
        "en": "Every value is compared with the city value; each indicator's rating method is "
        "listed under “Data sources”. “Similar” means the difference to the city value is not "
        "larger than chance can explain for numbers this small. Areas with too small numbers "
        "are not rated. In detail: the dashboard's “Methods” page.",
    },
    "report.version": {"de": "Datenstand", "en": "Data version"},
    "report.heatmap": {"de": "Alle Gebiete im Überblick", "en": "All areas at a glance"},
    "report.heatmap_help": {
        "de": "Zeilen: Gebiete, Spalten: Indikatoren, ähnliche nebeneinander; dunkle und helle "
        "Felder lesen sich mit der Farbskala rechts. Die Bewertung jedes Gebiets steht "
        "in seinem Abschnitt.",
        "en": "Rows: areas, columns: indicators, similar ones side by side; read the cells with "
        "the colour scale on the right. Each area's ratings are in its own section.",
    },
    "report.contents": {"de": "Gebiete in diesem Bericht", "en": "Areas in this report"},
    "report.unknown_area": {
        "de": "Gebiet „{area}“ gibt es auf der Ebene {level} nicht; bitte eine der Kennungen "
        "{choices} angeben (--area)",
        "en": "there is no area “{area}” at level {level}; give one of the ids {choices} (--area)",
    },
    "report.suffix": {
        "de": "{name}: --output muss auf .pdf enden",
        "en": "{name}: --output must end in .pdf",
    },
    "report.needs_area": {
        "de": "bitte --area ID (ein Gebiet) oder --all (alle Gebiete der Ebene) angeben",
        "en": "give --area ID (one area) or --all (every area of the level)",
    },
    "report.no_areas": {
        "de": "auf der Ebene {level} gibt es keine bewerteten Gebiete für einen Bericht",
        "en": "level {level} has no rated areas to report on",
    },
    "report.allocation": {"de": "Mittelverteilung nach Bedarf", "en": "Needs-based allocation"},
    "report.allocation_help": {
        "de": "Aus {name} (bildungsampel allocate --format json); Datenversion {version}.",
        "en": "From {name} (bildungsampel allocate --format json); data version {version}.",
    },
    "report.allocation_file": {
        "de": "{name}: keine Verteilung von „bildungsampel allocate --format json“ ({problem})",
        "en": "{name}: not an allocation written by 'bildungsampel allocate --format json' "
        "({problem})",
    },
    "report.allocation_version": {
        "de": "{name} wurde aus Datenversion {saved} berechnet, veröffentlicht ist {current}; "
        "bitte die Verteilung neu berechnen (bildungsampel allocate … --format json)",
        "en": "{name} was computed from data version {saved}, the published one is {current}; "
        "compute the allocation again (bildungsampel allocate … --format json)",
    },
    "report.allocation_needs_all": {
        "de": "--allocation gehört in den Stadtbericht: bitte mit --all angeben",
        "en": "--allocation belongs in the city report: give it with --all",
    },
    "report.download": {"de": "Bericht (PDF) herunterladen", "en": "Download report (PDF)"},
}

messages.register(MESSAGES)
