"""The texts of the version panel (times, comparison, confirmation): key → language → text.

Registered when :mod:`bildungsampel.present.versions` is imported.
"""

from __future__ import annotations

from indicators import messages

MESSAGES: dict[str, dict[str, str]] = {
    "ver.time_format": {"de": "%d.%m.%Y %H:%M", "en": "%Y-%m-%d %H:%M"},
    "ver.diff.head": {
        "de": "Von Version {old} zu Version {new}:",
        "en": "From version {old} to version {new}:",
    },
    "ver.diff.none": {"de": "keine Unterschiede", "en": "no differences"},
    "ver.diff.indicators_added": {
        "de": "{n} Indikator(en) neu: {items}",
        "en": "{n} indicator(s) added: {items}",
    },
    "ver.diff.indicators_removed": {
        "de": "{n} Indikator(en) entfernt: {items}",
        "en": "{n} indicator(s) removed: {items}",
    },
    "ver.diff.periods_added": {
        "de": "{n} Jahr(e) neu: {items}",
        "en": "{n} period(s) added: {items}",
    },
    "ver.diff.periods_removed": {
        "de": "{n} Jahr(e) entfernt: {items}",
        "en": "{n} period(s) removed: {items}",
    },
    "ver.diff.areas_added": {
        "de": "{n} Gebiet(e) neu: {items}",
        "en": "{n} area(s) added: {items}",
    },
    "ver.diff.areas_removed": {
        "de": "{n} Gebiet(e) entfernt: {items}",
        "en": "{n} area(s) removed: {items}",
    },
    "ver.diff.areas_renamed": {
        "de": "{n} Gebiet(e) umbenannt: {items}",
        "en": "{n} area(s) renamed: {items}",
    },
    "ver.diff.levels": {
        "de": "Gebietsebenen geändert: vorher {before}, jetzt {after}",
        "en": "area levels changed: before {before}, now {after}",
    },
    "ver.diff.values": {
        "de": "Werte: {added:,} neu, {changed:,} geändert, {removed:,} entfernt ({details})",
        "en": "values: {added:,} added, {changed:,} changed, {removed:,} removed ({details})",
    },
    "ver.diff.per_indicator": {
        "de": "{indicator}: +{added:,} / ~{changed:,} / −{removed:,}",
        "en": "{indicator}: +{added:,} / ~{changed:,} / −{removed:,}",
    },
    "ver.confirm.rollback": {
        "de": "Version {version} wirklich wieder veröffentlichen? Sie wird als neue Version "
        "veröffentlicht; alle Seiten zeigen dann ihre Daten. Nichts geht verloren.",
        "en": "Really publish version {version} again? It becomes a new version and every page "
        "shows its data. Nothing is lost.",
    },
    "ver.confirm.delete": {
        "de": "Version {version} wirklich löschen? Sie kann bis zum endgültigen Entfernen "
        "wiederhergestellt werden.",
        "en": "Really delete version {version}? It can be restored until deleted versions are "
        "removed for good.",
    },
    "ver.confirm.restore": {
        "de": "Version {version} wiederherstellen?",
        "en": "Restore version {version}?",
    },
    "ver.confirm.purge": {
        "de": "Alle gelöschten Versionen endgültig entfernen? Das kann nicht rückgängig gemacht "
        "werden.",
        "en": "Remove all deleted versions for good? This cannot be undone.",
    },
    "ver.confirm.yes": {"de": "Ja, ausführen", "en": "Yes, do it"},
    "ver.confirm.no": {"de": "Abbrechen", "en": "Cancel"},
    "ver.success.rollback": {
        "de": "Version {version} ist wieder veröffentlicht (als neue Version {new}).",
        "en": "Version {version} is published again (as new version {new}).",
    },
    "ver.success.delete": {"de": "Version {version} gelöscht.", "en": "Version {version} deleted."},
    "ver.success.restore": {
        "de": "Version {version} wiederhergestellt.",
        "en": "Version {version} restored.",
    },
    "ver.success.purge": {
        "de": "{new} gelöschte Version(en) endgültig entfernt.",
        "en": "{new} deleted version(s) removed for good.",
    },
}

messages.register(MESSAGES)
