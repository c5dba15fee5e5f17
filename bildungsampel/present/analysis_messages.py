"""The texts of the analysis pages: allocation ("Mittelverteilung") and interactions.

Key → language → text, registered with :func:`indicators.messages.register`
when :mod:`bildungsampel.present.i18n` (or a module of these pages) is
imported. The rule's own words are :mod:`indicators.allocation_messages`.
"""

from __future__ import annotations

from indicators import messages

MESSAGES: dict[str, dict[str, str]] = {
    "nav.allocation": {"de": "Mittelverteilung", "en": "Allocation"},
    "nav.interactions": {"de": "Wechselwirkungen", "en": "Interactions"},
    # pages/mittelverteilung.py
    "alloc.title": {"de": "Mittelverteilung nach Bedarf", "en": "Needs-based allocation"},
    "alloc.help": {
        "de": "Verteilt ein Budget (Euro) oder Stellen auf die Gebiete: im Verhältnis zum "
        "Bedarf × Zielbevölkerung oder nach Klassengewichten der Bewertung, mit Mindest- und "
        "Höchstbetrag je Gebiet, auf Cent oder ganze Stellen genau. Daneben die Gießkanne: "
        "derselbe Betrag je Kopf.",
        "en": "Splits a budget (euros) or posts over the areas: in proportion to need × target "
        "population or by class weights of the rating, with a floor and a cap per area, exact "
        "to the cent or post. Beside it the even split: the same amount per head.",
    },
    "alloc.unit": {"de": "Was wird verteilt?", "en": "What is distributed?"},
    "alloc.unit.cent": {"de": "Geld (€)", "en": "Money (€)"},
    "alloc.unit.post": {"de": "Stellen", "en": "Posts"},
    "alloc.unit_short.cent": {"de": "€", "en": "€"},
    "alloc.unit_short.post": {"de": "Stellen", "en": "posts"},
    "alloc.budget": {"de": "Budget", "en": "Budget"},
    "alloc.need": {"de": "Bedarfsindikator", "en": "Need indicator"},
    "alloc.population": {"de": "Zielbevölkerung", "en": "Target population"},
    "alloc.population.none": {
        "de": "keine (nur Bedarf, Gießkanne je Gebiet)",
        "en": "none (need alone, even split per area)",
    },
    "alloc.floor": {"de": "Mindestbetrag je Gebiet", "en": "Floor per area"},
    "alloc.cap": {"de": "Höchstbetrag je Gebiet (0 = keiner)", "en": "Cap per area (0 = none)"},
    "alloc.mode": {"de": "Verteilung", "en": "Rule"},
    "alloc.mode.proportional": {"de": "proportional zum Bedarf", "en": "proportional to need"},
    "alloc.mode.classes": {"de": "nach Klassengewichten", "en": "by class weights"},
    "alloc.weights": {
        "de": "Gewicht je Bewertungsklasse des Bedarfsindikators",
        "en": "Weight per rating class of the need indicator",
    },
    "alloc.show": {"de": "Karte zeigt", "en": "Map shows"},
    "alloc.show.per_capita": {"de": "Zuteilung je Kopf", "en": "Allocation per head"},
    "alloc.show.difference": {"de": "Differenz zur Gießkanne", "en": "Difference to even split"},
    "alloc.rule": {"de": "Regel", "en": "Rule"},
    "alloc.chart": {
        "de": "Differenz zur Gießkanne je Gebiet (Zuteilung − gleicher Betrag je Kopf)",
        "en": "Difference to the even split per area (allocation − same amount per head)",
    },
    "alloc.note": {
        "de": "Beträge in Euro mit Cent (Stellen ganzzahlig), je Kopf auf Cent gerundet; leere "
        "Zelle = kein Wert.",
        "en": "Amounts in euros with cents (posts whole), per head rounded to cents; empty cell "
        "= no value.",
    },
    "alloc.sheet": {"de": "Mittelverteilung", "en": "Allocation"},
    "alloc.col.need": {"de": "Bedarf", "en": "Need"},
    "alloc.col.class": {"de": "Klasse", "en": "Class"},
    "alloc.col.population": {"de": "Zielbevölkerung", "en": "Target population"},
    "alloc.col.allocation": {"de": "Zuteilung ({unit})", "en": "Allocation ({unit})"},
    "alloc.col.even": {"de": "Gießkanne ({unit})", "en": "Even split ({unit})"},
    "alloc.col.difference": {"de": "Differenz ({unit})", "en": "Difference ({unit})"},
    "alloc.col.per_capita.cent": {"de": "Zuteilung je Kopf (€)", "en": "Allocation per head (€)"},
    "alloc.col.per_capita.post": {
        "de": "Zuteilung je 1.000 Köpfe (Stellen)",
        "en": "Allocation per 1,000 head (posts)",
    },
    "alloc.col.even_per_capita.cent": {
        "de": "Gießkanne je Kopf (€)",
        "en": "Even split per head (€)",
    },
    "alloc.col.even_per_capita.post": {
        "de": "Gießkanne je 1.000 Köpfe (Stellen)",
        "en": "Even split per 1,000 head (posts)",
    },
    "alloc.per_head.cent": {"de": "€ je Kopf", "en": "€ per head"},
    "alloc.per_head.post": {"de": "Stellen je 1.000 Köpfe", "en": "posts per 1,000 head"},
    "alloc.tip.allocation": {"de": "Zuteilung", "en": "Allocation"},
    "alloc.tip.even": {"de": "Gießkanne", "en": "Even split"},
    "alloc.tip.difference": {"de": "Differenz", "en": "Difference"},
    "alloc.tip.excluded": {"de": "nicht berücksichtigt", "en": "left out"},
    "alloc.legend.as_even": {"de": "wie Gießkanne", "en": "as even split"},
    "alloc.legend.excluded": {"de": "nicht berücksichtigt", "en": "left out"},
    # pages/wechselwirkungen.py
    "inter.title": {"de": "Wechselwirkungen", "en": "Interactions"},
    "inter.help": {
        "de": "Wie hängen die Indikatoren über die Gebiete zusammen? Korrelationen je "
        "Indikatorpaar, in der Reihenfolge der Ampel-Heatmap, und ein Streudiagramm zweier "
        "Indikatoren.",
        "en": "How do the indicators go together over the areas? Correlations of every pair, in "
        "the order of the Ampel heatmap, and a scatter plot of two indicators.",
    },
    "inter.note": {
        "de": "Ökologische Korrelation: Sie beschreibt Gebiete, nicht Menschen – dass zwei "
        "Anteile in denselben Gebieten hoch sind, heißt nicht, dass es dieselben Personen "
        "betrifft. Und Korrelation ist keine Ursache. Werte, die die Bewertung nicht "
        "bewertet (kleine Zahlen, gesperrte Werte), sind nicht enthalten.",
        "en": "Ecological correlation: it describes areas, not people – two shares being high "
        "in the same areas does not mean they concern the same persons. And correlation is "
        "not causation. Values the rating does not rate (small numbers, suppressed values) "
        "are left out.",
    },
    "inter.method": {"de": "Korrelationsmaß", "en": "Correlation"},
    "inter.method.pearson": {"de": "Pearson (linear)", "en": "Pearson (linear)"},
    "inter.method.spearman": {"de": "Spearman (Rang)", "en": "Spearman (rank)"},
    "inter.matrix": {
        "de": "Korrelation je Indikatorpaar (n = Gebiete mit beiden Werten)",
        "en": "Correlation of each pair of indicators (n = areas with both values)",
    },
    "inter.n": {
        "de": "n = {n} Gebiete je Paar (Gebiete mit beiden Werten; Details im Tooltip)",
        "en": "n = {n} areas per pair (areas with both values; details in the tooltip)",
    },
    "inter.x": {"de": "Indikator waagerecht (x)", "en": "Indicator across (x)"},
    "inter.y": {"de": "Indikator senkrecht (y)", "en": "Indicator up (y)"},
    "inter.result": {
        "de": "{coef} = {r}, 95-%-Intervall {low} bis {high} (Fisher-z), n = {n} Gebiete",
        "en": "{coef} = {r}, 95 % interval {low} to {high} (Fisher z), n = {n} areas",
    },
    "inter.line": {
        "de": "Regressionsgerade (kleinste Quadrate): y = {intercept} + {slope} × x",
        "en": "Regression line (least squares): y = {intercept} + {slope} × x",
    },
    "inter.too_few": {
        "de": "Zu wenige Gebiete mit beiden Werten ({n}) für eine Korrelation.",
        "en": "Too few areas with both values ({n}) for a correlation.",
    },
    "inter.too_few_indicators": {
        "de": "Für Wechselwirkungen braucht es mindestens zwei Indikatoren mit Werten.",
        "en": "Interactions need at least two indicators with values.",
    },
    "inter.click": {
        "de": "Klick auf einen Punkt wählt das Gebiet aus.",
        "en": "Click a point to select its area.",
    },
    "inter.col.r": {"de": "r", "en": "r"},
    "inter.col.n": {"de": "n", "en": "n"},
    "inter.col.x": {"de": "Indikator 1", "en": "Indicator 1"},
    "inter.col.y": {"de": "Indikator 2", "en": "Indicator 2"},
    "inter.parent_none": {"de": "ohne", "en": "none"},
}

messages.register(MESSAGES)
