"""The messages of the needs-based allocation (:mod:`indicators.allocation`): key → language → text.

Amounts, the rule's text, the reasons an area is left out and the errors of
an impossible rule. Registered when :mod:`indicators.allocation` is imported.
"""

from __future__ import annotations

from indicators import messages

MESSAGES: dict[str, dict[str, str]] = {
    "allocation.amount.cent": {"de": "{value:,.2f} €", "en": "€{value:,.2f}"},
    "allocation.amount.post": {"de": "{value:,} Stellen", "en": "{value:,} posts"},
    "allocation.amount.post.one": {"de": "{value} Stelle", "en": "{value} post"},
    "allocation.what.floor": {"de": "Mindestbetrag", "en": "floor"},
    "allocation.what.budget": {"de": "Budget", "en": "budget"},
    "allocation.what.cap": {"de": "Höchstbetrag", "en": "cap"},
    # the rule in words (indicators.allocation.Description.text)
    "allocation.text.budget": {
        "de": "{budget} auf {n} Gebiete verteilt,",
        "en": "{budget} split over {n} areas,",
    },
    "allocation.text.proportional": {
        "de": "im Verhältnis zum Bedarf {need}",
        "en": "in proportion to the need {need}",
    },
    "allocation.text.classes": {
        "de": "nach Klassengewichten der Bewertung von {need} ({weights})",
        "en": "by class weights of the rating of {need} ({weights})",
    },
    "allocation.text.population": {
        "de": "× Zielbevölkerung {population}",
        "en": "× target population {population}",
    },
    "allocation.text.floor": {
        "de": "Mindestens {floor} je Gebiet.",
        "en": "At least {floor} per area.",
    },
    "allocation.text.cap": {
        "de": "Höchstens {cap} je Gebiet.",
        "en": "At most {cap} per area.",
    },
    "allocation.text.rounding.cent": {
        "de": "Auf Cent gerundet nach dem größten Rest (Hare–Niemeyer); die Summe ist genau "
        "das Budget.",
        "en": "Rounded to cents by the largest remainder (Hare–Niemeyer); the sum is exactly "
        "the budget.",
    },
    "allocation.text.rounding.post": {
        "de": "Auf ganze Stellen gerundet nach dem größten Rest (Hare–Niemeyer); die Summe ist "
        "genau das Budget.",
        "en": "Rounded to whole posts by the largest remainder (Hare–Niemeyer); the sum is "
        "exactly the budget.",
    },
    "allocation.text.even": {
        "de": "Vergleich: Gießkanne (gleicher Betrag je Kopf der Zielbevölkerung, ohne sie je "
        "Gebiet) mit denselben Grenzen.",
        "en": "Compared with the even split (the same per head of the target population, "
        "without one per area) under the same limits.",
    },
    "allocation.text.excluded": {
        "de": "Nicht berücksichtigt ({n}): {names}.",
        "en": "Left out ({n}): {names}.",
    },
    "allocation.reason.no_need": {"de": "kein Bedarfswert", "en": "no need value"},
    "allocation.reason.no_class": {"de": "keine Bewertungsklasse", "en": "no rating class"},
    "allocation.reason.no_population": {
        "de": "keine Zielbevölkerung",
        "en": "no target population",
    },
    "allocation.class.best": {"de": "am günstigsten", "en": "best"},
    "allocation.class.better": {"de": "günstiger", "en": "better"},
    "allocation.class.similar": {"de": "ähnlich", "en": "similar"},
    "allocation.class.worse": {"de": "ungünstiger", "en": "worse"},
    "allocation.class.worst": {"de": "am ungünstigsten", "en": "worst"},
    "allocation.class.much_lower": {"de": "deutlich niedriger", "en": "much lower"},
    "allocation.class.lower": {"de": "niedriger", "en": "lower"},
    "allocation.class.higher": {"de": "höher", "en": "higher"},
    "allocation.class.much_higher": {"de": "deutlich höher", "en": "much higher"},
    # errors
    "allocation.negative_budget": {
        "de": "Budget {budget} ist negativ; bitte einen Betrag ab 0 angeben",
        "en": "budget {budget} is negative; give an amount of 0 or more",
    },
    "allocation.negative_limit": {
        "de": "der {what} ist negativ; bitte einen Betrag ab 0 angeben",
        "en": "the {what} is negative; give an amount of 0 or more",
    },
    "allocation.floor_over_cap": {
        "de": "Mindestbetrag {floor} liegt über dem Höchstbetrag {cap}; bitte den Mindestbetrag "
        "senken oder den Höchstbetrag erhöhen",
        "en": "floor {floor} is above the cap {cap}; lower the floor or raise the cap",
    },
    "allocation.floors_exceed": {
        "de": "Mindestbetrag {floor} × {n} Gebiete = {total} übersteigt das Budget {budget}; "
        "bitte den Mindestbetrag senken oder das Budget erhöhen",
        "en": "floor {floor} × {n} areas = {total} exceeds the budget {budget}; lower the floor "
        "or raise the budget",
    },
    "allocation.caps_short": {
        "de": "Höchstbetrag {cap} × {n} Gebiete mit Bedarf (und Mindestbeträge der übrigen) = "
        "{total} erreicht das Budget {budget} nicht; bitte den Höchstbetrag erhöhen oder das "
        "Budget senken",
        "en": "cap {cap} × {n} areas with need (and the floors of the others) = {total} falls "
        "short of the budget {budget}; raise the cap or lower the budget",
    },
    "allocation.no_areas": {
        "de": "kein Gebiet hat einen Wert für den Bedarf (und die Zielbevölkerung); bitte einen "
        "anderen Indikator oder Zeitraum wählen",
        "en": "no area has a value for the need (and the target population); choose another "
        "indicator or period",
    },
    "allocation.no_need": {
        "de": "der Bedarf ist in jedem Gebiet 0: nichts, wonach verteilt werden könnte; bitte "
        "einen anderen Indikator oder andere Klassengewichte wählen",
        "en": "the need is 0 in every area: nothing to split by; choose another indicator or "
        "other class weights",
    },
    "allocation.negative_need": {
        "de": "negative Bedarfswerte in Gebiet(en) {areas}; der Bedarf muss 0 oder größer sein",
        "en": "negative need values in area(s) {areas}; the need must be 0 or more",
    },
    "allocation.negative_population": {
        "de": "negative Zielbevölkerung in Gebiet(en) {areas}; bitte einen Bestand (Anzahl) wählen",
        "en": "negative target population in area(s) {areas}; choose a count",
    },
    "allocation.unknown_class": {
        "de": "unbekannte Klasse(n) {classes}; bekannt: {known}",
        "en": "unknown class(es) {classes}; known: {known}",
    },
    "allocation.negative_weight": {
        "de": "Klassengewichte müssen Zahlen ab 0 sein",
        "en": "class weights must be numbers of 0 or more",
    },
    "allocation.need_favourable": {
        "de": "„{name}“ kann nicht Bedarf im Verhältnis zum Wert sein: höhere Werte sind dort "
        "günstig, die Verteilung gäbe den bessergestellten Gebieten am meisten. Wählen Sie einen "
        "Indikator, bei dem höhere Werte ungünstig sind (z. B. eine SGB-II-Quote), oder die "
        "Verteilung nach Klassengewichten der Bewertung.",
        "en": "'{name}' cannot be the need in proportion to its value: higher values are "
        "favourable there, so the split would give most to the best-off areas. Choose an "
        "indicator whose higher values are unfavourable (e.g. a benefit rate), or the split "
        "by class weights of the rating.",
    },
    "allocation.unknown_indicator": {
        "de": "unbekannter Indikator {name!r}; bekannt: {known}",
        "en": "unknown indicator {name!r}; known: {known}",
    },
    "allocation.amount_syntax.cent": {
        "de": "{what} {text!r} ist kein Geldbetrag; bitte Euro mit höchstens zwei "
        "Nachkommastellen angeben, z. B. 1.000.000,50",
        "en": "{what} {text!r} is not an amount of money; give euros with at most two "
        "decimals, e.g. 1000000.50",
    },
    "allocation.amount_syntax.post": {
        "de": "{what} {text!r} ist keine ganze Zahl von Stellen; bitte z. B. 12 angeben",
        "en": "{what} {text!r} is not a whole number of posts; give e.g. 12",
    },
    "allocation.weights_syntax": {
        "de": "Klassengewichte {text!r}: erwartet KLASSE=ZAHL, durch Kommas getrennt, z. B. "
        "best=0,better=0.5,similar=1,worse=1.5,worst=2",
        "en": "class weights {text!r}: expected CLASS=NUMBER separated by commas, e.g. "
        "best=0,better=0.5,similar=1,worse=1.5,worst=2",
    },
}

messages.register(MESSAGES)
