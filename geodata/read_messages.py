"""The notes of reading a boundary file (guessed columns, repairs, the reader's warnings).

Registered with :func:`indicators.messages.register` when :mod:`geodata.columns`
is imported; the reading phases add :class:`~indicators.messages.Message`
values to ``Boundaries.warnings``, rendered with ``note.text(lang)``.
"""

from __future__ import annotations

from indicators import messages

MESSAGES: dict[str, dict[str, str]] = {
    "geodata.read.layer": {"de": "Ebene {layer!r} gelesen", "en": "layer {layer!r} read"},
    "geodata.read.id_from_file_name": {
        "de": "ID {area_id!r} und Name {name!r} aus dem Dateinamen übernommen",
        "en": "id {area_id!r} and name {name!r} taken from the file name",
    },
    "geodata.read.no_id_column": {
        "de": "keine ID-Spalte gefunden: die Gebiete sind 1..n durchnummeriert; bitte die "
        "Spalte mit den Gebietsnummern angeben",
        "en": "no id column found: areas numbered 1..n; choose the column with the area numbers",
    },
    "geodata.read.id_guessed": {
        "de": "ID-Spalte erkannt: {column!r} ({why})",
        "en": "id column guessed: {column!r} ({why})",
    },
    "geodata.read.why.matches": {
        "de": "{percent:.0f} % der Werte sind Gebiete der veröffentlichten Tabellen",
        "en": "{percent:.0f}% of its values are areas of the published tables",
    },
    "geodata.read.why.named": {
        "de": "eindeutige Werte, Spaltenname wie eine Gebietsnummer",
        "en": "unique values, named like an area number",
    },
    "geodata.read.why.unique": {
        "de": "einzige Spalte mit eindeutigen, ganzzahligen oder kurzen Schlüsseln",
        "en": "the only column with unique whole-number or short keys",
    },
    "geodata.read.why.first_unique": {
        "de": "erste Spalte mit eindeutigen, ganzzahligen oder kurzen Schlüsseln",
        "en": "the first column with unique whole-number or short keys",
    },
    "geodata.read.technical_left": {
        "de": "{column!r} nicht als ID genommen: eine technische Objektnummer ({low}–{high})",
        "en": "{column!r} not taken as the id: a technical feature number ({low}–{high})",
    },
    "geodata.read.technical_taken": {
        "de": "ID-Spalte {column!r} ist eine technische Objektnummer ({low}–{high}); passen die "
        "Indikatortabellen nicht dazu, bitte die Spalte mit den Gebietsnummern angeben",
        "en": "id column {column!r} is a technical feature number ({low}–{high}); if the "
        "indicator tables do not use it, choose the column with the area numbers",
    },
    "geodata.read.name_guessed": {
        "de": "Namensspalte erkannt: {column!r}",
        "en": "name column guessed: {column!r}",
    },
    "geodata.read.no_name_column": {
        "de": "keine Namensspalte gefunden: die Gebiete heißen wie ihre ID; bitte die Spalte "
        "mit den Gebietsnamen angeben, wenn die Datei eine hat",
        "en": "no name column found: areas are named by their id; choose the column with the "
        "area names if the file has one",
    },
    "geodata.read.repaired": {
        "de": "Gebiete mit ungültiger Geometrie, repariert ({n}): {areas}",
        "en": "areas with invalid geometry, repaired ({n}): {areas}",
    },
    "geodata.read.no_polygon": {
        "de": "Gebiete ohne Fläche, ausgelassen ({n}): {areas}",
        "en": "areas without a polygon, left out ({n}): {areas}",
    },
    "geodata.read.dimensions_dropped": {
        "de": "{what}-Koordinaten verworfen ({n} Gebiete): Positionen werden 2-D gelesen",
        "en": "{what} coordinates dropped ({n} areas): positions are read as 2-D",
    },
    "geodata.read.extra_ordinates": {
        "de": "Positionen mit mehr als drei Werten: die zusätzlichen Werte werden ignoriert",
        "en": "positions with more than three ordinates: the extra ordinates are ignored",
    },
    "geodata.read.gaps": {
        "de": "Lücken: {n} Fläche(n) (zusammen {m2:,.0f} m²) sind von Gebieten umschlossen, "
        "gehören aber zu keinem, bei den Gebieten {areas}",
        "en": "gaps: {n} piece(s) of land (together {m2:,.0f} m²) are enclosed by areas but "
        "belong to none, at areas {areas}",
    },
    "geodata.read.borders_misfit": {
        "de": "die Grenzen von {n} der {of} Gebiete passen nicht genau zu denen der Nachbarn "
        "({km:,.1f} km Kanten mit Überlappung, Spalt oder anderen Stützpunkten): {areas}; "
        "zusammengefasste Ebenen können schmale Streifen zeigen",
        "en": "the borders of {n} of {of} areas do not fit their neighbours' exactly "
        "({km:,.1f} km of edges overlapping, apart or with other vertices): {areas}; "
        "merged levels may show slivers",
    },
    "geodata.read.reader_note": {
        "de": "Hinweis beim Lesen der Datei: {detail}",
        "en": "note from reading the file: {detail}",
    },
}

messages.register(MESSAGES)
