"""The messages of the services: key → language → text.

Registered with :func:`indicators.messages.register` when a service module
using them is imported (:mod:`~bildungsampel.service.auth`,
:mod:`~bildungsampel.service.dataset`).
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
    # bildungsampel.service.dataset
    "dataset.unknown_area_ids": {
        "de": "Gebiets-IDs {ids} der Indikatortabelle fehlen in der Grenzdatei; bitte die "
        "ID-Spalten beider Dateien prüfen",
        "en": "area ids {ids} in the indicator table are not in the boundary file; check the id "
        "column of both files",
    },
}

messages.register(MESSAGES)
