"""The messages of the services: key → language → text.

Registered with :func:`indicators.messages.register` when a service module
using them is imported (:mod:`~bildungsampel.service.auth`,
:mod:`~bildungsampel.service.dataset`, :mod:`~bildungsampel.service.settings`,
:mod:`~bildungsampel.service.storefile`, :mod:`~bildungsampel.service.consistency`,
:mod:`~bildungsampel.service.publishing`).
"""

from __future__ import annotations

from indicators import messages

MESSAGES: dict[str, dict[str, str]] = {
    # bildungsampel.service.auth
    "auth.authlib_missing": {
        "de": "Anmeldung ist eingerichtet (auth = 'oidc'), braucht aber Authlib >= {need}, "
        "gefunden: {found}; die Administration installiert es mit pip install "
        "'bildungsampel[oidc]'. Bis dahin ist das Dashboard nur lesbar",
        "en": "sign-in is configured (auth = 'oidc') but needs Authlib >= {need}, found {found}; "
        "the administrator installs it with pip install 'bildungsampel[oidc]'. Until then the "
        "dashboard is read-only",
    },
    "auth.found_version": {"de": "Authlib {version}", "en": "Authlib {version}"},
    "auth.found_none": {"de": "kein Authlib", "en": "no Authlib"},
    "auth.not_analyst": {
        "de": "nur Analystinnen und Analysten dürfen hochladen, veröffentlichen, zurücksetzen "
        "oder löschen; bitte bei der Administration die Rolle anfragen",
        "en": "only analysts may upload, publish, roll back or delete; ask your administrator "
        "for the analyst role",
    },
    # bildungsampel.service.store
    "store.nothing_published": {
        "de": "noch nichts veröffentlicht: zuerst die Grenzen der Stadt importieren "
        "(bildungsampel import boundaries DATEI --publish oder Seite „Hochladen“) oder die "
        "Beispielstadt mit 'bildungsampel init' anlegen",
        "en": "nothing is published yet: import the city's boundaries first "
        "(bildungsampel import boundaries FILE --publish or the upload page) or create the "
        "sample city with 'bildungsampel init'",
    },
    "store.no_version": {
        "de": "Version {version} existiert nicht",
        "en": "version {version} does not exist",
    },
    # bildungsampel.service.settings
    "settings.palette": {
        "de": "palette muss eine von {names} sein, erhalten {palette!r}",
        "en": "palette must be one of {names}, got {palette!r}",
    },
    "settings.language": {
        "de": "language muss de oder en sein, erhalten {language!r}",
        "en": "language must be de or en, got {language!r}",
    },
    "settings.tile_url": {
        "de": "tile_url muss eine http(s)-URL-Vorlage oder ein Pfad sein, erhalten {url!r}",
        "en": "tile_url must be an http(s) URL template or a path, got {url!r}",
    },
    "settings.auth": {
        "de": "auth muss leer, 'oidc' oder 'header' sein, erhalten {auth!r}",
        "en": "auth must be empty, 'oidc' or 'header', got {auth!r}",
    },
    "settings.upload_limit": {
        "de": "upload_limit_mb muss > 0 sein, erhalten {value}",
        "en": "upload_limit_mb must be > 0, got {value}",
    },
    "settings.confidence": {
        "de": "confidence muss 0.95 oder 0.998 sein, erhalten {value}",
        "en": "confidence must be 0.95 or 0.998, got {value}",
    },
    "settings.negative": {
        "de": "small_numerator und min_population dürfen nicht negativ sein",
        "en": "small_numerator and min_population must not be negative",
    },
    "settings.files_together": {
        "de": "boundaries, indicators und catalog müssen zusammen angegeben werden (oder keines "
        "davon für die Beispielstadt)",
        "en": "boundaries, indicators and catalog must be given together (or none of them for "
        "the sample city)",
    },
    "settings.cache": {
        "de": "simplify_m muss >= 0 sein, cache_ttl und cache_entries > 0",
        "en": "simplify_m must be >= 0, cache_ttl and cache_entries > 0",
    },
    "settings.local_analyst": {
        "de": "local_analyst ({analyst!r}) ist mit auth = {auth!r} nicht erlaubt: jede Anfrage "
        "ohne Anmeldung oder Proxy-Header wäre diese Analystin bzw. dieser Analyst; "
        "local_analyst entfernen (nur für eine lokale Einzelplatz-Installation)",
        "en": "local_analyst ({analyst!r}) cannot be combined with auth = {auth!r}: every "
        "request without a login or proxy header would be that analyst; remove local_analyst "
        "(it is for a single-user local installation only)",
    },
    "settings.proxy_secret": {
        "de": "auth = 'header' braucht proxy_secret (mindestens {min} Zeichen, erhalten: {got}): "
        "der Reverse-Proxy muss es im Header {header!r} mitsenden, damit Identitäts-Header "
        "direkt aus einem Browser nicht vertraut werden; BILDUNGSAMPEL_PROXY_SECRET setzen "
        '(README, "Trusted proxy header")',
        "en": "auth = 'header' needs proxy_secret (at least {min} characters, got {got}): the "
        "reverse proxy must send it in the header {header!r} so that identity headers sent by "
        "a browser directly are not trusted; set BILDUNGSAMPEL_PROXY_SECRET (README, "
        '"Trusted proxy header")',
    },
    "settings.proxy_secret.none": {"de": "keins", "en": "none"},
    "settings.proxy_secret.length": {"de": "{n} Zeichen", "en": "{n} characters"},
    "settings.proxy_secret_header": {
        "de": "proxy_secret_header muss einen Header-Namen enthalten",
        "en": "proxy_secret_header must name a header",
    },
    "settings.not_a_number": {
        "de": "Einstellung {name!r}: erwartet eine Zahl, erhalten {value!r}",
        "en": "setting {name!r}: expected a number, got {value!r}",
    },
    "settings.file": {
        "de": "Einstellungsdatei {path}: {error}",
        "en": "settings file {path}: {error}",
    },
    "settings.unknown_keys": {
        "de": "Einstellungsdatei {path}: unbekannte Schlüssel {unknown}; bekannt: {known}",
        "en": "settings file {path}: unknown key(s) {unknown}; known: {known}",
    },
    # bildungsampel.service.storefile and store.connection: faults of the database file
    "store.damaged": {
        "de": "Der Datenbestand {path} ist beschädigt: {what}. Es wurde nichts geändert. Bitte "
        "die letzte Sicherung mit 'bildungsampel restore SICHERUNG --data-dir {folder}' "
        "zurückspielen (Sicherungen entstehen mit 'bildungsampel backup ZIEL') oder die Datei "
        "beiseitelegen und neu beginnen",
        "en": "the store {path} is damaged: {what}. Nothing was changed. Restore the last backup "
        "with 'bildungsampel restore BACKUP --data-dir {folder}' (backups are made with "
        "'bildungsampel backup DEST'), or move the file away to start a new store",
    },
    "store.damage.empty": {
        "de": "die Datei ist leer (0 Byte)",
        "en": "the file is empty (0 bytes)",
    },
    "store.damage.not_sqlite": {
        "de": "die Datei ist keine SQLite-Datenbank (erste Bytes {head!r}, {size} Byte)",
        "en": "the file is not an SQLite database (first bytes {head!r}, {size} bytes)",
    },
    "store.damage.truncated": {
        "de": "die Datei ist abgeschnitten ({size} Byte; laut Kopf {expected})",
        "en": "the file is truncated ({size} bytes; its header says {expected})",
    },
    "store.damage.not_store": {
        "de": "sie ist kein Bildungsampel-Datenbestand (Tabellen {tables})",
        "en": "it is not a Bildungsampel store (tables {tables})",
    },
    "store.damage.missing_tables": {
        "de": "sie ist kein Bildungsampel-Datenbestand (keine Tabelle {tables})",
        "en": "it is not a Bildungsampel store (no table {tables})",
    },
    "store.damage.unreadable": {
        "de": "Inhalt nicht lesbar ({error})",
        "en": "stored content cannot be read ({error})",
    },
    "store.damage.integrity": {
        "de": "Integritätsprüfung: {found}",
        "en": "integrity check: {found}",
    },
    "store.damage.checksum": {
        "de": "{part} in {where} weichen von ihrer Prüfsumme ab (Bytes in der Datei wurden "
        "verändert)",
        "en": "{part} of {where} differ from their checksum (bytes in the file were changed)",
    },
    "store.damage.problems": {
        "de": "{n} Problem(e) gefunden",
        "en": "{n} problem(s) found",
    },
    "store.damage.fault": {"de": "{where}: {error}", "en": "{where}: {error}"},
    #: what SQLite or the file system said, in its own words
    "store.damage.said": {"de": "{said}", "en": "{said}"},
    "store.part.areas": {"de": "die Gebiete (Namen, Umrisse)", "en": "the areas (names, shapes)"},
    "store.part.catalog": {"de": "der Indikatorenkatalog", "en": "the indicator catalogue"},
    "store.part.chunk": {"de": "die Werte", "en": "the values"},
    "store.where.chunk": {"de": "Block {id}", "en": "chunk {id}"},
    "store.where.version": {"de": "Version {id}", "en": "version {id}"},
    "store.read_only": {
        "de": "Der Datenbestand {path} kann nicht geschrieben werden: Datenordner oder "
        "Datenbankdatei sind schreibgeschützt{why}. Es wurde nichts geändert. Bitte dem "
        "Benutzer, unter dem Bildungsampel läuft, Schreibrechte auf {folder} und die Dateien "
        "darin geben oder einen anderen --data-dir wählen",
        "en": "the store {path} cannot be written: the data directory or the database file is "
        "read-only{why}. Nothing was changed. Give the user running Bildungsampel write access "
        "to {folder} and the files in it, or use another --data-dir",
    },
    "store.read_only.why": {"de": " ({detail})", "en": " ({detail})"},
    "store.read_only.no_why": {"de": "", "en": ""},
    "store.read_only.folder": {
        "de": "{folder} ist schreibgeschützt",
        "en": "{folder} is read-only",
    },
    "store.read_only.not_initialised": {
        "de": "der Datenbestand ist nicht angelegt",
        "en": "the store is not initialised",
    },
    "store.read_only.legacy": {
        "de": "er wurde von einer älteren Version geschrieben und muss einmal umgewandelt werden",
        "en": "it was written by an older version and must be converted once",
    },
    "store.disk_full": {
        "de": "Der Datenträger mit {path} ist voll: es wurde nichts geschrieben, die "
        "veröffentlichte Version ist unverändert. Bitte Platz schaffen und erneut versuchen",
        "en": "the disk holding {path} is full: nothing was written, the published version is "
        "unchanged. Free space on that disk and try again",
    },
    "store.cannot_open": {
        "de": "Der Datenbestand {path} kann nicht geöffnet oder angelegt werden ({error}). Bitte "
        "prüfen, ob {folder} existiert und der Benutzer, unter dem Bildungsampel läuft, dort "
        "lesen und schreiben darf",
        "en": "the store {path} cannot be opened or created ({error}). Check that {folder} "
        "exists and that the user running Bildungsampel may read and write it",
    },
    "store.busy": {
        "de": "Der Datenbestand {path} ist belegt: ein anderer Vorgang hält die Schreibsperre "
        "seit über 60 s. Es wurde nichts geändert; bitte später erneut versuchen",
        "en": "the store {path} is busy: another process has held its write lock for more than "
        "60 s. Nothing was changed; try again when the other publish has finished",
    },
    "store.failed": {
        "de": "Fehler im Datenbestand {path}: {error}",
        "en": "the store {path} failed: {error}",
    },
    # bildungsampel.service.store.postgres: a store in a PostgreSQL database
    "store.location": {
        "de": "bitte genau eines angeben: einen Datenordner (--data-dir, data_dir) oder eine "
        "Datenbank (--database-url, database_url)",
        "en": "give exactly one of a data directory (--data-dir, data_dir) and a database "
        "(--database-url, database_url)",
    },
    "store.pg.bad_url": {
        "de": "{url} ist keine unterstützte Datenbank-URL; erwartet wird "
        "postgresql+psycopg://BENUTZER@RECHNER:5432/DATENBANK (Passwort am besten in ~/.pgpass "
        "oder PGPASSWORD, nicht in der URL)",
        "en": "{url} is not a supported database URL; expected "
        "postgresql+psycopg://USER@HOST:5432/DATABASE (the password best in ~/.pgpass or "
        "PGPASSWORD, not in the URL)",
    },
    "store.pg.driver": {
        "de": "für die Datenbank {where} fehlt der PostgreSQL-Treiber psycopg; die "
        "Administration installiert ihn mit pip install 'bildungsampel[postgresql]'",
        "en": "the database {where} needs the PostgreSQL driver psycopg; the administrator "
        "installs it with pip install 'bildungsampel[postgresql]'",
    },
    "store.pg.unreachable": {
        "de": "Der Datenbankserver von {where} ist nicht erreichbar ({said}). Es wurde nichts "
        "geändert. Bitte prüfen, ob PostgreSQL läuft und Rechner und Port in "
        "BILDUNGSAMPEL_DATABASE_URL (--database-url) stimmen",
        "en": "the database server of {where} cannot be reached ({said}). Nothing was changed. "
        "Check that PostgreSQL is running and that host and port in BILDUNGSAMPEL_DATABASE_URL "
        "(--database-url) are right",
    },
    "store.pg.login": {
        "de": "Der Datenbankserver von {where} lehnt die Anmeldung als {user} ab ({said}). "
        "Bitte Benutzername und Passwort prüfen (Passwort in ~/.pgpass oder PGPASSWORD) und "
        "ob pg_hba.conf diesen Rechner zulässt",
        "en": "the database server of {where} refused the login as {user} ({said}). Check the "
        "user name and password (password in ~/.pgpass or PGPASSWORD) and that pg_hba.conf "
        "admits this host",
    },
    "store.pg.no_database": {
        "de": "Die Datenbank {database} gibt es auf dem Server von {where} nicht. Bitte "
        "anlegen (createdb -O {user} {database}) oder die URL berichtigen",
        "en": "the database {database} does not exist on the server of {where}. Create it "
        "(createdb -O {user} {database}) or correct the URL",
    },
    "store.pg.read_only": {
        "de": "Der Datenbestand {where} kann nicht geschrieben werden{why}. Es wurde nichts "
        "geändert. Bitte mit einer Rolle verbinden, die schreiben darf (die Analyse-Rolle, "
        "siehe docs/DEPLOY.md), oder von einer Instanz mit dieser Rolle veröffentlichen",
        "en": "the store {where} cannot be written{why}. Nothing was changed. Connect with a "
        "role that may write (the analyst role, see docs/DEPLOY.md), or publish from an "
        "instance that has it",
    },
    "store.pg.why.standby": {
        "de": "der Server nimmt nur Lesezugriffe an (Standby oder default_transaction_read_only)",
        "en": "the server accepts reads only (a standby, or default_transaction_read_only)",
    },
    "store.pg.why.privilege": {
        "de": "die Rolle {user} darf die Tabellen nur lesen",
        "en": "the role {user} may only read its tables",
    },
    "store.pg.why.create": {
        "de": "die Datenbank hat noch keine Bildungsampel-Tabellen und die Rolle {user} darf "
        "keine anlegen; bitte einmal 'bildungsampel init --database-url …' als Eigentümer "
        "ausführen",
        "en": "the database has no Bildungsampel tables yet and the role {user} may not create "
        "them; run 'bildungsampel init --database-url …' once as the owner",
    },
    "store.pg.why.denied": {
        "de": "der Server verweigert es: {said}",
        "en": "the server denied it: {said}",
    },
    "store.pg.disk_full": {
        "de": "Der Datenbankserver von {where} hat keinen Platz mehr: es wurde nichts "
        "geschrieben, die veröffentlichte Version ist unverändert. Bitte die Administration "
        "der Datenbank bitten, Platz zu schaffen",
        "en": "the database server of {where} is out of space: nothing was written, the "
        "published version is unchanged. Ask the database administrator to free space",
    },
    "store.pg.damaged": {
        "de": "Der Datenbestand {where} ist beschädigt: {what}. Es wurde nichts geändert. "
        "Bitte die letzte Sicherung mit 'bildungsampel restore SICHERUNG --database-url …' "
        "zurückspielen (Sicherungen entstehen mit 'bildungsampel backup ZIEL --database-url …')",
        "en": "the store {where} is damaged: {what}. Nothing was changed. Restore the last "
        "backup with 'bildungsampel restore BACKUP --database-url …' (backups are made with "
        "'bildungsampel backup DEST --database-url …')",
    },
    "store.pg.tool": {
        "de": "{what} einer PostgreSQL-Datenbank braucht das Programm {tool} (Debian-Paket "
        "postgresql-client, gleiche oder neuere Version als der Server) im PATH; es wurde "
        "nichts geändert",
        "en": "{what} a PostgreSQL store needs the program {tool} (Debian package "
        "postgresql-client, the server's version or newer) on the PATH; nothing was changed",
    },
    "store.pg.what.backup": {"de": "Die Sicherung", "en": "backing up"},
    "store.pg.what.restore": {"de": "Das Zurückspielen", "en": "restoring"},
    "store.pg.tool_failed": {
        "de": "{tool} ist fehlgeschlagen: {said}",
        "en": "{tool} failed: {said}",
    },
    "store.pg.not_dump": {
        "de": "sie ist keine Sicherung einer PostgreSQL-Datenbank von 'bildungsampel backup' "
        "({said})",
        "en": "it is not a backup of a PostgreSQL store made by 'bildungsampel backup' ({said})",
    },
    # bildungsampel.service.store.admin
    "store.version.gone": {
        "de": "Version {version} existiert nicht oder ist gelöscht; siehe 'bildungsampel versions'",
        "en": "version {version} does not exist or is deleted; see 'bildungsampel versions'",
    },
    "store.version.published": {
        "de": "Version {version} ist die veröffentlichte; bitte zuerst auf eine andere "
        "zurücksetzen",
        "en": "version {version} is the published one; roll back to another first",
    },
    # bildungsampel.service.store.backup and .restore
    "store.backup.exists": {
        "de": "{target} existiert bereits; bitte einen neuen Dateinamen oder einen Ordner angeben",
        "en": "{target} exists already; choose a new file name or a folder",
    },
    "store.restore.missing": {
        "de": "Sicherung {source} existiert nicht oder ist keine Datei",
        "en": "backup {source} does not exist or is not a file",
    },
    "store.restore.refused": {
        "de": "Sicherung {source} kann nicht zurückgespielt werden: {problem}. Es wurde nichts "
        "geändert; bitte eine andere Sicherung verwenden",
        "en": "backup {source} cannot be restored: {problem}. Nothing was changed; use another "
        "backup",
    },
    # bildungsampel.service.consistency: the checks repeated inside the publish
    "consistency.stale": {
        "de": "der veröffentlichte Stand hat sich seit Ihrer Prüfung geändert (Version "
        "{based_on} → {base}): ",
        "en": "the published state changed since your check (version {based_on} → {base}): ",
    },
    "consistency.current": {"de": "", "en": ""},
    "consistency.levels_areas": {
        "de": "nicht veröffentlicht: {stale}die Ebenen passen nicht zu den Gebieten der "
        "veröffentlichten Grenzen (abweichend: {ids}); bitte die Tabelle erneut prüfen. Es "
        "wurde nichts geändert.",
        "en": "not published: {stale}the levels do not fit the areas of the published "
        "boundaries (differing: {ids}); check the table again. Nothing was changed.",
    },
    "publishing.levels.kept": {
        "de": "die veröffentlichten Ebenen ({levels}) bleiben: jedes Gebiet der Datei hat dort "
        "seinen Platz",
        "en": "the published levels ({levels}) are kept: every area of the file has its place "
        "in them",
    },
    "publishing.levels.dropped": {
        "de": "{source}: die veröffentlichten Ebenen ({levels}) entfallen, weil {n} Gebiete der "
        "Datei darin fehlen ({areas}); bitte danach mit 'bildungsampel import hierarchy' die "
        "Schlüsseltabelle der Ebenen einlesen oder die Datei mit --parent einlesen",
        "en": "{source}: the published levels ({levels}) are dropped because {n} areas of the "
        "file are not in them ({areas}); afterwards import the key table of the levels with "
        "'bildungsampel import hierarchy', or import the file with --parent",
    },
    "publishing.hierarchy.no_areas": {
        "de": "{source}: es sind noch keine Grenzen veröffentlicht; bitte zuerst die Grenzen "
        "der untersten Ebene einlesen (bildungsampel import boundaries … --publish)",
        "en": "{source}: no boundaries are published yet; import the boundaries of the lowest "
        "level first (bildungsampel import boundaries … --publish)",
    },
    "consistency.orphaned": {
        "de": "nicht veröffentlicht: {stale}Gebiete {ids} haben veröffentlichte Werte, fehlen "
        "aber in den neuen Grenzen; bitte ihre IDs beibehalten oder zuerst ihre Werte entfernen "
        "und die Datei erneut prüfen. Es wurde nichts geändert.",
        "en": "not published: {stale}areas {ids} have published values but are missing from "
        "the new boundaries; keep their ids or remove their values first, then check the file "
        "again. Nothing was changed.",
    },
    "consistency.unknown_areas": {
        "de": "nicht veröffentlicht: {stale}Gebiets-IDs {ids} der Indikatortabelle fehlen in "
        "den veröffentlichten Grenzen; bitte die Datei gegen die aktuellen Grenzen erneut "
        "prüfen. Es wurde nichts geändert.",
        "en": "not published: {stale}area ids {ids} of the upload are not in the published "
        "boundaries; check the file again against the current boundaries. Nothing was changed.",
    },
    "consistency.no_entry": {
        "de": "nicht veröffentlicht: {stale}Indikatoren {ids} haben Werte, aber keinen "
        "Katalogeintrag; bitte ihre Einträge (Katalogdatei) ergänzen und erneut prüfen. Es "
        "wurde nichts geändert.",
        "en": "not published: {stale}indicators {ids} have values but no catalogue entry; add "
        "their entries (catalogue file) and check again. Nothing was changed.",
    },
    "consistency.changed_entries": {
        "de": "nicht veröffentlicht: {stale}die Katalogeinträge der Indikatoren {ids} wurden "
        "inzwischen geändert, die Werte aber gegen die alten geprüft; bitte die Datei erneut "
        "prüfen. Es wurde nichts geändert.",
        "en": "not published: {stale}the catalogue entries of indicators {ids} were changed "
        "meanwhile and the values were checked against the old ones; check the file again. "
        "Nothing was changed.",
    },
    # bildungsampel.service.publishing
    "publishing.check_failed": {
        "de": "{source}: nicht veröffentlicht, die Prüfung hat Fehler gefunden; bitte zuerst "
        "beheben",
        "en": "{source}: not published, the check found errors; fix them first",
    },
    "publishing.orphaned": {
        "de": "{source}: Gebiete {ids} haben veröffentlichte Werte, fehlen aber in der neuen "
        "Datei; bitte ihre IDs beibehalten oder zuerst ihre Werte entfernen",
        "en": "{source}: areas {ids} have published values but are missing from the new file; "
        "keep their ids or remove their values first",
    },
    #: the refusal of a checked boundary file (``import boundaries`` and the upload page)
    "publishing.boundaries.orphaned": {
        "de": "Gebiete {ids} haben veröffentlichte Werte, fehlen aber in {source}; behalten Sie "
        "ihre IDs bei",
        "en": "areas {ids} have published values but are not in {source}; keep their ids",
    },
    "publishing.too_large": {
        "de": "{name}: {size:.1f} MB sind mehr als die Grenze von {limit:.0f} MB",
        "en": "{name}: {size:.1f} MB is more than the limit of {limit:.0f} MB",
    },
    "publishing.not_finite": {
        "de": "{indicator}: {count} Werte in {column!r} nicht endlich oder über 10^15; neu "
        "importieren",
        "en": "{indicator}: {count} values in {column!r} not finite or above 10^15; import them "
        "again",
    },
    # bildungsampel.service.dataset
    "dataset.unknown_area_ids": {
        "de": "Gebiets-IDs {ids} der Indikatortabelle fehlen in der Grenzdatei; bitte die "
        "ID-Spalten beider Dateien prüfen",
        "en": "area ids {ids} in the indicator table are not in the boundary file; check the id "
        "column of both files",
    },
}

messages.register(MESSAGES)
