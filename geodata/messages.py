"""The messages of reading boundary files: key → language → text.

Registered with :func:`indicators.messages.register` when :mod:`geodata.errors`
is imported; raise sites give a key and its parameters, e.g.
``BoundaryError("geodata.crs.missing", hint="crs", source=name)``.
"""

from __future__ import annotations

from indicators import messages

MESSAGES: dict[str, dict[str, str]] = {
    # files and archives (geodata.io, geodata.layers)
    "geodata.file.missing": {"de": "{path} existiert nicht", "en": "{path} does not exist"},
    "geodata.file.type": {
        "de": "{name}: Dateityp {suffix!r} wird nicht unterstützt; erlaubt: {supported}",
        "en": "{name}: unsupported file type {suffix!r}; use {supported}",
    },
    "geodata.file.unreadable": {
        "de": "{source}: kann nicht als Grenzdatei gelesen werden ({detail}); "
        "unterstützt: {supported}",
        "en": "{source}: cannot be read as a boundary file ({detail}); supported are {supported}",
    },
    "geodata.shapefile.incomplete": {
        "de": "{source}: der Shape-Datei fehlen {missing}; eine Shape-Datei besteht aus "
        "mehreren Dateien — bitte .shp, .shx, .dbf und .prj zusammen als Zip hochladen",
        "en": "{source}: the shapefile lacks its {missing} file(s); a shapefile is several "
        "files — upload .shp, .shx, .dbf and .prj together as one zip",
    },
    "geodata.shapefile.incomplete_both": {
        "de": "{source}: der Shape-Datei fehlen .shx und .dbf; eine Shape-Datei besteht aus "
        "mehreren Dateien — bitte .shp, .shx, .dbf und .prj zusammen als Zip hochladen",
        "en": "{source}: the shapefile lacks its .shx and .dbf file(s); a shapefile is several "
        "files — upload .shp, .shx, .dbf and .prj together as one zip",
    },
    "geodata.ids.several_files": {
        "de": "ID {area_id!r} stammt aus mehreren Dateien",
        "en": "id {area_id!r} comes from more than one file",
    },
    "geodata.layer.choose": {
        "de": "{name}: enthält {n} Ebenen ({layers}); bitte eine davon wählen",
        "en": "{name}: holds {n} layers ({layers}); choose one of them",
    },
    "geodata.layer.unknown": {
        "de": "{name}: Ebene {layer!r} gibt es in der Datei nicht; Ebenen: {layers}",
        "en": "{name}: layer {layer!r} is not in the file; layers are {layers}",
    },
    "geodata.layer.ambiguous": {
        "de": "{name}: Ebene {layer!r} ist nicht eindeutig; Ebenen: {layers}",
        "en": "{name}: layer {layer!r} is ambiguous; layers are {layers}",
    },
    "geodata.zip.invalid": {
        "de": "{name}: kein gültiges Zip-Archiv; bitte .shp, .shx, .dbf und .prj der "
        "Shape-Datei neu zippen",
        "en": "{name}: not a valid zip archive; pack the shapefile's .shp, .shx, .dbf and .prj "
        "into a new zip",
    },
    "geodata.zip.no_layer": {
        "de": "{name}: das Zip-Archiv enthält keine .shp-, .gpkg- oder .geojson-Datei",
        "en": "{name}: the zip archive holds no .shp, .gpkg or .geojson file",
    },
    "geodata.zip.bomb": {
        "de": "{name}: das Archiv würde auf {unpacked:.0f} MB anwachsen (gepackt "
        "{packed:.1f} MB); als mögliche Zip-Bombe abgelehnt — bitte ungepackt senden oder "
        "aufteilen",
        "en": "{name}: the archive would unpack to {unpacked:.0f} MB (packed {packed:.1f} MB); "
        "refused as a possible zip bomb — send the shapefile unpacked or split it",
    },
    "geodata.zip.outside": {
        "de": "{name}: der Eintrag {entry!r} zeigt aus dem Archiv heraus; solche Dateien "
        "werden abgelehnt — bitte die Shape-Datei ohne Ordner neu packen",
        "en": "{name}: the archive entry {entry!r} points outside the archive; such files are "
        "refused — pack the shapefile again without folders",
    },
    "geodata.zip.link": {
        "de": "{name}: der Eintrag {entry!r} ist ein symbolischer Link; abgelehnt",
        "en": "{name}: the archive entry {entry!r} is a symbolic link; refused",
    },
    # coordinate reference systems (geodata.crs)
    "geodata.crs.unknown": {
        "de": "{source}: das angegebene Bezugssystem {crs!r} ist unbekannt; bitte einen "
        "EPSG-Code wie EPSG:25832 (UTM 32N), EPSG:25833 oder EPSG:4326 angeben",
        "en": "{source}: the CRS {crs!r} given is unknown; use an EPSG code such as EPSG:25832 "
        "(UTM 32N), EPSG:25833 or EPSG:4326",
    },
    "geodata.crs.bad_member": {
        "de": "{source}: die crs-Angabe der Datei nennt {name!r}, kein bekanntes "
        "Koordinatenbezugssystem; bitte korrigieren oder das Bezugssystem der Datei angeben, "
        "z. B. EPSG:25832",
        "en": "{source}: the file's crs member names {name!r}, which is not a known coordinate "
        "reference system; correct it or give the CRS of the file, e.g. EPSG:25832",
    },
    "geodata.crs.missing": {
        "de": "{source}: die Datei hat kein Koordinatenbezugssystem (keine .prj-Datei oder "
        "crs-Angabe); bitte angeben, z. B. EPSG:25832",
        "en": "{source}: the file has no coordinate reference system (no .prj or crs member); "
        "give it, e.g. EPSG:25832",
    },
    "geodata.crs.metres_as_degrees": {
        "de": "{source}: Koordinaten bis ({x:.0f}, {y:.0f}) sind projizierte Meter, die Datei "
        "nennt aber kein projiziertes Bezugssystem (GeoJSON ohne 'crs' wird als Länge/Breite "
        "gelesen); bitte das System angeben, z. B. EPSG:25832",
        "en": "{source}: coordinates up to ({x:.0f}, {y:.0f}) are projected metres, but the file "
        "declares no projected CRS (GeoJSON without a 'crs' member is read as "
        "longitude/latitude); give the CRS, e.g. EPSG:25832",
    },
    # columns and ids (geodata.columns, geodata.checks)
    "geodata.column.missing": {
        "de": "{source}: {label}-Spalte {column!r} nicht gefunden; Spalten: {columns}",
        "en": "{source}: {label} column {column!r} not found; columns are {columns}",
    },
    "geodata.column.missing_no_columns": {
        "de": "{source}: {label}-Spalte {column!r} nicht gefunden; Spalten: (keine)",
        "en": "{source}: {label} column {column!r} not found; columns are (none)",
    },
    "geodata.id.empty": {
        "de": "{source}, Objekt {row}: leere ID in Spalte {column!r}",
        "en": "{source}, feature {row}: empty id in column {column!r}",
    },
    "geodata.id.repeated": {
        "de": "{source}: ID {area_id!r} kommt in Spalte {column!r} mehrfach vor; bitte eine "
        "Spalte mit eindeutigen IDs wählen",
        "en": "{source}: id {area_id!r} appears more than once in column {column!r}; choose a "
        "column whose ids are unique",
    },
    "geodata.id.leading_zeros": {
        "de": "{source}: die IDs {a!r} und {b!r} unterscheiden sich nur durch führende Nullen; "
        "eine Indikatortabelle könnte sie nicht unterscheiden — bitte alle IDs mit gleich "
        "vielen Stellen schreiben (oder mit --id-column eine andere ID-Spalte wählen)",
        "en": "{source}: ids {a!r} and {b!r} differ only in leading zeros; an indicator table "
        "could not tell them apart — give every id the same number of digits (or choose "
        "another id column with --id-column)",
    },
    "geodata.id.leading_zeros_in_column": {
        "de": "{source}: die IDs {a!r} und {b!r} in Spalte {column!r} unterscheiden sich nur "
        "durch führende Nullen; eine Indikatortabelle könnte sie nicht unterscheiden — bitte "
        "alle IDs mit gleich vielen Stellen schreiben (oder mit --id-column eine andere "
        "ID-Spalte wählen)",
        "en": "{source}: ids {a!r} and {b!r} in column {column!r} differ only in leading zeros; "
        "an indicator table could not tell them apart — give every id the same number of "
        "digits (or choose another id column with --id-column)",
    },
    "geodata.coordinate.not_finite": {
        "de": "{source}, Objekt {feature} (ID {area_id!r}): Koordinate ({x}, {y}) ist keine "
        "endliche Zahl; bitte den Stützpunkt in einem GIS korrigieren oder entfernen und die "
        "Datei neu exportieren",
        "en": "{source}, feature {feature} (id {area_id!r}): coordinate ({x}, {y}) is not a "
        "finite number; correct or remove the vertex in a GIS and export the file again",
    },
    "geodata.coordinate.not_finite_more": {
        "de": "{source}, Objekt {feature} (ID {area_id!r}): Koordinate ({x}, {y}) ist keine "
        "endliche Zahl (und {more} weitere); bitte den Stützpunkt in einem GIS korrigieren "
        "oder entfernen und die Datei neu exportieren",
        "en": "{source}, feature {feature} (id {area_id!r}): coordinate ({x}, {y}) is not a "
        "finite number (and {more} more); correct or remove the vertex in a GIS and export "
        "the file again",
    },
    "geodata.polygons.none": {
        "de": "{source}: die Datei enthält keine Flächen",
        "en": "{source}: the file contains no polygons",
    },
    # area levels (geodata.hierarchy)
    "geodata.level.unknown": {
        "de": "unbekannte Gebietsebene {wanted!r}; Ebenen sind {levels}",
        "en": "unknown area level {wanted!r}; the levels are {levels}",
    },
    "geodata.level.none": {
        "de": "keine Gebietsebenen angegeben; bitte mindestens die unterste angeben",
        "en": "no area levels given; give at least the lowest one",
    },
    "geodata.level.ids": {
        "de": "Ebenen-IDs müssen verschieden und nicht leer sein; erhalten: {ids}",
        "en": "area level ids must be distinct and not empty; got {ids}",
    },
    "geodata.level.parent_order": {
        "de": "Gebietsebene {level!r}: die übergeordnete Ebene {parent!r} muss nach ihr stehen "
        "(Ebenen von unten nach oben: {levels})",
        "en": "area level {level!r}: its parent {parent!r} must be one of the levels after it "
        "(levels are given lowest first: {levels})",
    },
    "geodata.problems": {
        "de": "{n} Probleme in der Datei: {problems}",
        "en": "{n} problems in the file: {problems}",
    },
    "geodata.problems.and": {"de": "{a}; {b}", "en": "{a}; {b}"},
    # hierarchies from a key table or parent columns (geodata.keytable)
    "geodata.hierarchy.spec": {
        "de": "Ebene {text!r} nicht lesbar; bitte als NAME=ID_SPALTE oder "
        'NAME=ID_SPALTE:NAMENSSPALTE angeben, z. B. "Bezirk=BEZ_NR:BEZ_NAME"',
        "en": "cannot read level {text!r}; give it as NAME=ID_COLUMN or "
        'NAME=ID_COLUMN:NAME_COLUMN, e.g. "Bezirk=BEZ_NR:BEZ_NAME"',
    },
    "geodata.hierarchy.no_parents": {
        "de": "{source}: keine übergeordnete Ebene angegeben; bitte mindestens eine mit "
        "--parent NAME=ID_SPALTE angeben",
        "en": "{source}: no level above given; name at least one with --parent NAME=ID_COLUMN",
    },
    "geodata.hierarchy.column": {
        "de": "{source}: Spalte {column!r} ({role}) gibt es nicht; vorhandene Spalten: {columns}",
        "en": "{source}: there is no column {column!r} ({role}); the columns are: {columns}",
    },
    "geodata.hierarchy.areas_missing": {
        "de": "{source}: {n} Gebiete der Grenzen fehlen in der Tabelle ({areas}); jedes Gebiet "
        "braucht eine Zeile mit seinen übergeordneten Gebieten",
        "en": "{source}: {n} areas of the boundaries are not in the table ({areas}); every "
        "area needs a row naming the areas it lies in",
    },
    "geodata.hierarchy.extra_rows": {
        "de": "{source}: {n} Zeilen nennen Gebiete, die es in den Grenzen nicht gibt, und "
        "wurden übergangen ({areas})",
        "en": "{source}: {n} rows name areas that are not in the boundaries and were left out "
        "({areas})",
    },
    "geodata.hierarchy.parent_empty": {
        "de": "{source}: {n} Gebiete haben kein Gebiet der Ebene {level} ({areas}); bitte die "
        "Zellen füllen",
        "en": "{source}: {n} areas have no area of level {level} ({areas}); fill those cells",
    },
    "geodata.hierarchy.twice": {
        "de": "{source}: {n} Gebiete stehen mehrfach mit verschiedenen übergeordneten Gebieten "
        "in der Tabelle ({areas}); jedes Gebiet darf nur in einem liegen",
        "en": "{source}: {n} areas are listed more than once with different parents "
        "({areas}); an area lies in one area of each level",
    },
    "geodata.hierarchy.not_nested": {
        "de": "{source}: die Ebenen sind nicht geschachtelt: {level} {area} liegt in mehreren "
        "Gebieten der Ebene {parent} ({parents}; insgesamt {n} solche Gebiete); bitte die "
        "Reihenfolge der Ebenen (von unten nach oben) und die Spalten prüfen",
        "en": "{source}: the levels do not nest: {level} {area} lies in several areas of "
        "level {parent} ({parents}; {n} such areas in all); check the order of the levels "
        "(lowest first) and their columns",
    },
    "geodata.hierarchy.names_differ": {
        "de": "{source}: {n} Gebiete der Ebene {level} haben mehrere Namen ({areas}); der "
        "häufigste wird gezeigt",
        "en": "{source}: {n} areas of level {level} have several names ({areas}); the most "
        "frequent one is shown",
    },
    "geodata.parent.missing": {
        "de": "Gebiete {areas} haben keinen übergeordneten Bezirk; bitte die Spalte mit dem "
        "Bezirk jedes Gebiets angeben",
        "en": "areas {areas} have no parent; name the column with the parent of every area",
    },
    # plausibility notes (geodata.checks): read fine, but probably wrong
    "geodata.check.outside_area_of_use": {
        "de": "Koordinaten (Länge/Breite {shown}) liegen außerhalb des Anwendungsbereichs von "
        "{crs} ({use}); bitte prüfen, ob das angegebene Bezugssystem stimmt, oder es mit --crs "
        "angeben",
        "en": "coordinates (lon/lat {shown}) lie outside the area of use of {crs} ({use}); check "
        "that the declared CRS is the one the file was written in, or give it with --crs",
    },
    "geodata.check.axes_swapped": {
        "de": "Koordinaten (Länge/Breite {shown}) liegen außerhalb Europas, mit vertauschtem x "
        "und y aber in Europa: die Achsen sind wahrscheinlich vertauscht (GeoJSON erwartet erst "
        "Länge, dann Breite) — bitte mit x = Rechtswert/Länge neu exportieren oder das richtige "
        "Bezugssystem mit --crs angeben",
        "en": "coordinates (lon/lat {shown}) lie outside Europe, but with x and y swapped they "
        "lie in Europe: the axes are probably swapped (GeoJSON is longitude first, then "
        "latitude) — export the file again with x = easting/longitude, or give the right CRS "
        "with --crs",
    },
    "geodata.check.outside_europe": {
        "de": "Koordinaten (Länge/Breite {shown}) liegen außerhalb Europas; Bildungsampel "
        "erwartet eine deutsche Stadt — bitte das Bezugssystem prüfen (--crs)",
        "en": "coordinates (lon/lat {shown}) lie outside Europe; Bildungsampel expects a German "
        "city — check the CRS (--crs)",
    },
    "geodata.check.antimeridian": {
        "de": "Gebiete {areas} sind mehr als 180° Länge breit: sie überqueren die Datumsgrenze "
        "(180°) und würden um den Globus gezeichnet — bitte bei 180° teilen oder die "
        "Koordinaten prüfen",
        "en": "areas {areas} span more than 180° of longitude: they cross the antimeridian "
        "(180°) and would be drawn around the globe — split them at 180° or check the "
        "coordinates",
    },
    "geodata.check.identical": {
        "de": "Gebiete mit identischer Geometrie: {pairs}; je eines ist wahrscheinlich doppelt "
        "— bitte entfernen oder den Umriss korrigieren",
        "en": "areas with identical geometry: {pairs}; one of each pair is probably a duplicate "
        "— remove it or correct its outline",
    },
    "geodata.check.overlap": {
        "de": "Gebiete überlappen (Anteil am kleineren): {pairs}; Gebiete einer Ebene sollten "
        "sich nicht überlappen — bitte auf Doppelte oder eine falsche Ebene prüfen",
        "en": "areas overlap (share of the smaller one): {pairs}; areas of one level should not "
        "overlap — check for a duplicate or a wrong level",
    },
    "geodata.check.duplicate_names": {
        "de": "Namen mehrerer Gebiete: {groups}; sie werden mit ihrer ID angezeigt, z. B. "
        "'Neustadt (12)'",
        "en": "names used by more than one area: {groups}; they are shown with their id, e.g. "
        "'Neustadt (12)'",
    },
    # the map of the dashboard (geodata.mapview): frames built by the code, not by a user
    "geodata.map.columns_missing": {
        "de": "der Kartenrahmen hat die Spalte(n) {missing} nicht; erwartet: {expected}",
        "en": "map frame lacks column(s) {missing}; expected {expected}",
    },
    "geodata.map.not_4326": {
        "de": "der Kartenrahmen muss in EPSG:4326 sein, ist aber in {crs}",
        "en": "map frame must be in EPSG:4326, got {crs}",
    },
}

messages.register(MESSAGES)
