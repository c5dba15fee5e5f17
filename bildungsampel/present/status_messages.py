"""The texts of the status × dynamics page: key → language → text.

Registered with :func:`indicators.messages.register` when imported (by
:mod:`bildungsampel.present.statusview`, which the page uses).
"""

from __future__ import annotations

from indicators import messages

MESSAGES: dict[str, dict[str, str]] = {
    "nav.status": {"de": "Status × Dynamik", "en": "Status × dynamics"},
    "sd.title": {"de": "Status × Dynamik", "en": "Status × dynamics"},
    "sd.help": {
        "de": "Wie im Monitoring Soziale Stadtentwicklung: jedes Gebiet nach der Klasse "
        "seines Status-Index und seines Dynamik-Index (Veränderung über die Zeit). Die "
        "Zellen zählen die auf beiden Indizes bewerteten Gebiete; hell = günstiger "
        "Status, dunkel = ungünstiger, Blau = Verbesserung, Orange = Verschlechterung.",
        "en": "As in Berlin's Monitoring Soziale Stadtentwicklung: every area by the class of "
        "its status index and of its dynamics index (change over time). The cells count the "
        "areas rated on both; light = favourable status, dark = unfavourable, blue = "
        "improving, orange = worsening.",
    },
    "sd.none": {
        "de": "Der Katalog enthält keine zwei Indizes mit geordneten Klassen (Methode "
        "sd_classes oder thresholds). Legen Sie einen Status- und einen Dynamik-Index als "
        "`kind: composite` an (docs/METHODS.md, „Zusammengesetzte Indizes“).",
        "en": "The catalogue has no two indices rated in ordered classes (method sd_classes "
        "or thresholds). Add a status and a dynamics index as `kind: composite` "
        "(docs/METHODS.md, 'Composite indices').",
    },
    "sd.status": {"de": "Status-Index", "en": "Status index"},
    "sd.dynamics": {"de": "Dynamik-Index", "en": "Dynamics index"},
    "sd.same": {
        "de": "Wählen Sie zwei verschiedene Indizes.",
        "en": "Choose two different indices.",
    },
    "sd.empty": {
        "de": "Kein Gebiet dieser Ebene ist in diesem Zeitraum auf beiden Indizes bewertet.",
        "en": "No area of this level is rated on both indices in this period.",
    },
    "sd.counts": {
        "de": "{rated} von {areas} Gebieten sind auf beiden Indizes bewertet.",
        "en": "{rated} of {areas} areas are rated on both indices.",
    },
    "sd.total": {"de": "Summe", "en": "Total"},
    "sd.legend": {
        "de": "Zeilen: {status} · Spalten: {dynamics} · Zahl: Gebiete",
        "en": "Rows: {status} · columns: {dynamics} · number: areas",
    },
    "sd.low_worsening": {
        "de": "Ungünstiger Status und Verschlechterung",
        "en": "Unfavourable status and worsening",
    },
    "sd.low_worsening_one": {
        "de": "ungünstiger Status, Verschlechterung",
        "en": "unfavourable status, worsening",
    },
    "sd.low_worsening_none": {
        "de": "Kein Gebiet hat einen ungünstigen Status und verschlechtert sich.",
        "en": "No area has an unfavourable status and is getting worse.",
    },
    "sd.yes": {"de": "ja", "en": "yes"},
    "sd.no": {"de": "nein", "en": "no"},
    "sd.download": {
        "de": "Gebiete mit beiden Klassen herunterladen",
        "en": "Download the areas with both classes",
    },
    "sd.not_rated": {
        "de": "nicht auf beiden Indizes bewertet",
        "en": "not rated on both indices",
    },
}

messages.register(MESSAGES)
