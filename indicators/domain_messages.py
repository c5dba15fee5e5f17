"""The messages of the flat domain modules: key → language → text.

Periods, observations, policy, rating methods, heatmap, area profiles,
numbers and the words of every rating's reason (``explain.*``); the packages
``indicators.tables`` and ``indicators.importer`` and ``geodata`` have their
own tables. Registered with :func:`indicators.messages.register` when
:mod:`indicators.errors` or :mod:`indicators.explain` is imported.
"""

from __future__ import annotations

from indicators import messages

MESSAGES: dict[str, dict[str, str]] = {
    # indicators.periods
    "periods.school_year_span": {
        "de": "Zeitraum {text!r}: ein Schuljahr umfasst zwei aufeinander folgende Jahre, z. B. "
        "'{example}'",
        "en": "period {text!r}: a school year must span two consecutive years, e.g. '{example}'",
    },
    "periods.unknown_form": {
        "de": "Zeitraum {text!r} ist weder ein Jahr (2023) noch ein Schuljahr (2022/23)",
        "en": "period {text!r} is neither a year (2023) nor a school year (2022/23)",
    },
    "periods.implausible": {
        "de": "Zeitraum {text!r} ist kein plausibles Jahr (erwartet 1950–2100)",
        "en": "period {text!r} is not a plausible year (expected 1950–2100)",
    },
    # indicators.observations
    "observations.columns_missing": {
        "de": "Beobachtungen ohne Spalte(n) {missing}; vorhanden: {found}",
        "en": "observations lack column(s) {missing}; found {found}",
    },
    "observations.repeated": {
        "de": "{n} Zeilen wiederholen Gebiet/Indikator/Zeitraum, z. B. Gebiet {area_id!r}, "
        "Indikator {indicator!r}, Zeitraum {period!r}; bitte nur eine Zeile je Kombination",
        "en": "{n} rows repeat the same area/indicator/period, e.g. area {area_id!r}, indicator "
        "{indicator!r}, period {period!r}; keep one row per combination",
    },
    "observations.unknown_indicators": {
        "de": "Indikator(en) {unknown} fehlen im Katalog; bitte im Katalog ergänzen oder die "
        "Zeilen entfernen",
        "en": "indicator(s) {unknown} are not in the catalogue; add them to the catalogue or "
        "remove the rows",
    },
    # indicators.policy
    "policy.confidence": {
        "de": "confidence muss 0.95 oder 0.998 sein, erhalten {confidence}",
        "en": "confidence must be 0.95 or 0.998, got {confidence}",
    },
    "policy.small_numerator": {
        "de": "small_numerator muss 0 oder größer sein, erhalten {small_numerator}",
        "en": "small_numerator must be 0 or more, got {small_numerator}",
    },
    # indicators.methods
    "methods.unknown": {
        "de": "unbekannte Bewertungsmethode {name!r}; erlaubt sind {valid}",
        "en": "unknown rating method {name!r}; choose one of {valid}",
    },
    # indicators.heatmap
    "heatmap.unknown_scale": {
        "de": "Unbekannte Skalierung {name!r}; möglich: {known}",
        "en": "unknown heatmap scale {name!r}; use one of: {known}",
    },
    "heatmap.unknown_linkage": {
        "de": "Unbekannte Verknüpfung {name!r}; möglich: {known}",
        "en": "unknown linkage method {name!r}; use one of: {known}",
    },
    # indicators.correlation
    "correlation.unknown_method": {
        "de": "unbekanntes Korrelationsmaß {name!r}; möglich: {known}",
        "en": "unknown correlation method {name!r}; use one of: {known}",
    },
    "correlation.unknown_indicator": {
        "de": "Indikator {name!r} hat keine Werte in dieser Auswahl; vorhanden: {known}",
        "en": "indicator {name!r} has no values in this choice; available: {known}",
    },
    "heatmap.too_many_to_cluster": {
        "de": "Ein Clustern von {n} Gebieten ist nicht sinnvoll (Grenze {limit}); bitte die "
        "aggregierte Ebene wählen oder ohne Clustern anzeigen",
        "en": "clustering {n} areas is not meaningful (limit {limit}); use the aggregated level "
        "or switch clustering off",
    },
    "heatmap.no_values": {
        "de": "Keine bewerteten Werte für eine Heatmap; bitte zuerst Indikatorwerte importieren",
        "en": "no rated values for a heatmap; import indicator values first",
    },
    "heatmap.no_values_in_year": {
        "de": "Keine bewerteten Werte für das Jahr {year!r}; vorhandene Jahre: {listed}",
        "en": "no rated values for year {year!r}; available years: {listed}",
    },
    # indicators.profile
    "profile.no_ratings": {
        "de": "Gebiet {area_id!r} hat keine Bewertungen; bitte eines von {choices} wählen",
        "en": "area {area_id!r} has no ratings; choose one of {choices}",
    },
    "profile.compare_count": {
        "de": "bitte 2 bis 5 Gebiete vergleichen, gewählt: {n}",
        "en": "compare 2 to 5 areas, got {n}",
    },
    # indicators.explain: the words of every rating's reason
    "explain.rating.green": {"de": "günstig", "en": "favourable"},
    "explain.rating.yellow": {"de": "ähnlich", "en": "similar"},
    "explain.rating.red": {"de": "ungünstig", "en": "unfavourable"},
    "explain.rating.grey": {"de": "nicht bewertet", "en": "not rated"},
    "explain.rating.neutral": {"de": "ohne Wertung", "en": "no judgement"},
    "explain.polarity.higher_is_better": {
        "de": "höher ist günstig",
        "en": "higher is favourable",
    },
    "explain.polarity.lower_is_better": {
        "de": "höher ist ungünstig",
        "en": "higher is unfavourable",
    },
    "explain.polarity.no_judgement": {"de": "ohne Wertung", "en": "no judgement"},
    "explain.city.pooled": {
        "de": "Summe der Zähler durch Summe der Nenner, {used} Gebiete",
        "en": "sum of numerators over sum of denominators, {used} areas",
    },
    "explain.city.pooled_part": {
        "de": "Summe der Zähler durch Summe der Nenner aus {used} von {of} Gebieten",
        "en": "sum of numerators over sum of denominators of {used} of {of} areas",
    },
    "explain.city.total_row": {
        "de": "gelieferter Wert der Gesamtstadt",
        "en": "delivered value of the whole city",
    },
    "explain.city.weighted_mean": {
        "de": "Mittel der Gebiete, gewichtet mit {weight}",
        "en": "mean of the areas weighted by {weight}",
    },
    "explain.city.mean": {
        "de": "Mittel der Gebiete, ungewichtet",
        "en": "unweighted mean of the areas",
    },
    "explain.city.sum": {"de": "Summe der Gebiete", "en": "sum of the areas"},
    "explain.not_rated.small_numerator": {
        "de": "nicht bewertet: Zähler unter {limit} (zu kleine Fallzahl; angezeigt als < {limit})",
        "en": "not rated: numerator below {limit} (too few cases; shown as < {limit})",
    },
    "explain.not_rated.small_denominator": {
        "de": "nicht bewertet: Nenner {den} unter der Mindestgröße {min}",
        "en": "not rated: denominator {den} below the minimum {min}",
    },
    "explain.not_rated.small_population": {
        "de": "nicht bewertet: weniger als {min} Einwohnerinnen und Einwohner ({population})",
        "en": "not rated: fewer than {min} inhabitants ({population})",
    },
    "explain.not_rated.missing": {"de": "nicht bewertet: {reason}", "en": "not rated: {reason}"},
    "explain.suppressed": {"de": "Zähler < {limit}", "en": "numerator < {limit}"},
    # indicators.numbers: a number shown in a text, the reasons a value is missing
    "numbers.number": {"de": "{value:,.{decimals}f}", "en": "{value:,.{decimals}f}"},
    "numbers.none": {"de": "–", "en": "–"},
    "numbers.missing.missing": {"de": "kein Wert geliefert", "en": "no value delivered"},
    "numbers.missing.unknown": {
        "de": "unbekannt oder geheim zu halten (Zeichen „.“ in der Quelle)",
        "en": "unknown or confidential (symbol '.' in the source)",
    },
    "numbers.missing.not_meaningful": {
        "de": "Nachweis nicht sinnvoll (Zeichen „x“ in der Quelle)",
        "en": "not meaningful (symbol 'x' in the source)",
    },
    "numbers.missing.not_yet_available": {
        "de": "Angabe fällt später an (Zeichen „…“ in der Quelle)",
        "en": "not yet available (symbol '…' in the source)",
    },
    "numbers.missing.uncertain": {
        "de": "Zahlenwert nicht sicher genug (Zeichen „/“ in der Quelle)",
        "en": "value too uncertain (symbol '/' in the source)",
    },
    "numbers.missing.not_aggregable": {
        "de": "Indexwerte lassen sich nicht aus den Stadtteilen zusammenfassen",
        "en": "index values cannot be combined from the areas",
    },
    "numbers.missing.incomplete": {
        "de": "mindestens ein Stadtteil dieses Bezirks hat keinen Wert",
        "en": "at least one area of this borough has no value",
    },
    "numbers.missing.suppressed": {
        "de": "aus Datenschutzgründen unterdrückt",
        "en": "suppressed for confidentiality",
    },
    "numbers.missing.unparsable": {"de": "nicht lesbare Zahl", "en": "unreadable number"},
    "numbers.missing.not_finite": {"de": "keine endliche Zahl", "en": "not a finite number"},
    "numbers.missing.declared_code": {
        "de": "Code für einen fehlenden Wert (so in der Datei angegeben)",
        "en": "code for a missing value (declared for the file)",
    },
    "numbers.missing.no_denominator": {
        "de": "Anzahl geliefert, aber keine Bezugszahl (z. B. Einwohnerzahl) für dieses Gebiet "
        "und Jahr, oder sie ist 0",
        "en": "count delivered, but no reference count (e.g. inhabitants) for this area and "
        "period, or it is 0",
    },
    "numbers.missing.composite_component": {
        "de": "mindestens eine Komponente des Index fehlt für dieses Gebiet (ein Index wird nur "
        "aus allen Komponenten berechnet)",
        "en": "at least one component of the index is missing for this area (an index is only "
        "computed from all its components)",
    },
    "numbers.missing.composite_outlier": {
        "de": "im Katalog als Ausreißer erklärt (declared outlier), nicht Teil der "
        "Standardisierung",
        "en": "declared outlier in the catalogue, not part of the standardisation",
    },
    "numbers.missing.composite_population": {
        "de": "weniger Einwohnerinnen und Einwohner als die Mindestzahl des Index; nicht Teil "
        "der Standardisierung",
        "en": "fewer inhabitants than the index's minimum; not part of the standardisation",
    },
    "numbers.missing.composite_too_few": {
        "de": "weniger als zwei Gebiete mit allen Komponenten; der Index lässt sich nicht "
        "standardisieren",
        "en": "fewer than two areas with all components; the index cannot be standardised",
    },
    "numbers.missing.overflow": {
        "de": "Summe über die Gebiete übersteigt den Zahlenbereich",
        "en": "the sum over the areas exceeds the number range",
    },
    # rating methods: checks of a rule beyond field ranges (Classifier.rule_problems)
    "methods.sd_classes.needs_cuts": {
        "de": "Methode 'sd_classes' braucht 'cuts: [...]' in SD-Einheiten, z. B. "
        "'cuts: [-1.0, 1.0, 1.5]'",
        "en": "method 'sd_classes' needs 'cuts: [...]' in SD units, e.g. 'cuts: [-1.0, 1.0, 1.5]'",
    },
    "methods.thresholds.needs_limits": {
        "de": "Methode 'thresholds' braucht 'thresholds: [niedrig, hoch]' oder 'target'",
        "en": "method 'thresholds' needs 'thresholds: [low, high]' or 'target'",
    },
}

messages.register(MESSAGES)
