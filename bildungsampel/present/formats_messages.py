"""The texts of the dashboard's formats and downloads: key → language → text.

Number, time and CSV conventions per language (``present.format.*``,
``present.unit.*``) and the errors of colour scales, downloads and figures
(``present.heatmap.*``, ``present.export.*``, ``present.figure.*``,
``present.download.*``; wrong arguments of the code, not of a user). The
dashboard's labels are :mod:`bildungsampel.present.messages`. Registered with
:func:`indicators.messages.register` when imported (by
:mod:`bildungsampel.present.i18n` and the modules that raise them).
"""

from __future__ import annotations

from indicators import messages

MESSAGES: dict[str, dict[str, str]] = {
    # conventions of each language (bildungsampel.present.sheets, .views)
    "present.format.time": {
        "de": "{moment:%d.%m.%Y %H:%M} UTC",
        "en": "{moment:%Y-%m-%d %H:%M} UTC",
    },
    "present.format.csv_separator": {"de": ";", "en": ","},
    "present.format.csv_decimal": {"de": ",", "en": "."},
    "present.format.confidence_level": {"de": "{level}-%", "en": "{level} %"},
    "present.unit.percentage_points": {"de": "Pp.", "en": "pp"},
    # colour scales (bildungsampel.present.heatmap)
    "present.heatmap.colour": {
        "de": "Farbe {colour!r}: erwartet #rrggbb",
        "en": "colour {colour!r}: expected #rrggbb",
    },
    "present.heatmap.stops": {
        "de": "eine Farbskala braucht mindestens zwei Farben",
        "en": "a colour scale needs at least two stops",
    },
    "present.heatmap.ratings_needed": {
        "de": "die Ampelfarben der Heatmap brauchen die Bewertungen",
        "en": "discrete heatmap colours need the ratings",
    },
    # downloads (bildungsampel.present.export, bildungsampel.app.widgets)
    "present.export.unknown_format": {
        "de": "unbekanntes Download-Format {fmt!r}; bekannt: {known}",
        "en": "unknown download format {fmt!r}; known: {known}",
    },
    "present.export.not_a_table_format": {
        "de": "Tabellen werden als {formats} heruntergeladen, nicht als {fmt!r}",
        "en": "tables are downloaded as {formats}, not {fmt!r}",
    },
    "present.export.either": {"de": "{first} oder {last}", "en": "{first} or {last}"},
    "present.download.places": {
        "de": "{formats} Formate brauchen ebenso viele Container, erhalten: {places}",
        "en": "{formats} formats need as many containers, got {places}",
    },
    # figures (bildungsampel.present.figures)
    "present.figure.suffix": {
        "de": "{name}: die Ausgabe muss auf .png, .pdf oder .svg enden",
        "en": "{name}: output must end in .png, .pdf or .svg",
    },
    "present.figure.format": {
        "de": "das Format muss png, pdf oder svg sein, nicht {fmt!r}",
        "en": "format must be png, pdf or svg, got {fmt!r}",
    },
}

messages.register(MESSAGES)
