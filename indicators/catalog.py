"""The indicator catalogue: what each indicator means and how it is rated.

A catalogue is a YAML file (a list under ``indicators:``) or a CSV file with
one row per indicator (read by :func:`indicators.catalog_files.load_catalog`).
See ``docs/DATA.md`` for the full contract. This module holds the model — the
frozen :class:`Rule`, :class:`Indicator` and :class:`Catalog` — whose values
are checked against :mod:`indicators.catalog_schema` when they are made.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from indicators import catalog_messages as _catalog_messages  # noqa: F401 - registers them
from indicators import messages
from indicators.catalog_composite import (
    Composite,
    composite_problems,
    composite_to_mapping,
)
from indicators.catalog_schema import (
    CatalogProblemsError,
    check_range,
    cross_problems,
    denominator_problems,
    rule_problems,
)
from indicators.messages import Message

#: The five domains of the Gelsenkirchen Bildungsmonitoring, in display order.
DOMAINS: tuple[str, ...] = (
    "Formale Bildung",
    "Entwicklungskompetenzen",
    "Demografie",
    "Migration",
    "Sozioökonomische Lage",
)
DOMAIN_LABELS_EN: dict[str, str] = {
    "Formale Bildung": "Formal education",
    "Entwicklungskompetenzen": "Child development",
    "Demografie": "Demography",
    "Migration": "Migration",
    "Sozioökonomische Lage": "Socio-economic situation",
}

#: The catalogue field holding an indicator's label in each language (data, not a message);
#: a language without a field of its own reads :data:`LABEL_FALLBACK`.
LABEL_FIELDS: dict[str, str] = {"de": "label_de", "en": "label_en"}
LABEL_FALLBACK = "label_en"


class Polarity(StrEnum):
    """Which direction of an indicator is favourable."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    NO_JUDGEMENT = "no_judgement"


class Kind(StrEnum):
    """What an indicator value is, which decides intervals and aggregation."""

    PROPORTION = "proportion"
    RATE = "rate"
    MEAN = "mean"
    COUNT = "count"
    INDEX = "index"
    #: Computed from other indicators of the catalogue (:mod:`indicators.composite`).
    COMPOSITE = "composite"


@dataclass(frozen=True)
class Rule:
    """How an indicator is rated; every field has a documented default.

    Every field is checked when a rule is made (finite numbers in their range,
    see ``docs/DATA.md``); a rule that breaks them raises :class:`CatalogProblemsError`
    listing all its problems.

    Attributes
    ----------
    method : str or None
        A registered method (:func:`indicators.methods.names`); None picks the
        default (``benchmark`` where numerators and denominators exist for a
        proportion or rate, else ``band``; ``quantiles`` for counts).
    tolerance : float
        Relative band around the city value for ``band`` (0.10 = ±10 %) and the
        relative change counted as a trend by the plain change rule; 0 to below 1.
    confidence : float
        Confidence level for ``benchmark``: 0.95 gives three grades, 0.998
        five grades (95 % and 99.8 % intervals together).
    k : int
        Number of groups for ``quantiles`` (3 = terciles), 2 to 10.
    thresholds : tuple of float or None
        Limits for ``thresholds``, in the indicator's unit: ``(low, high)``
        with ``low <= high`` (three grades), or 1 to 4 rising limits giving
        2 to 5 ordered classes (``docs/METHODS.md``).
    target : float or None
        Target value for ``thresholds`` (alternative to limits): meeting it is
        favourable, missing it by more than ``tolerance`` is unfavourable.
    min_denominator : float
        Areas with a smaller denominator are not rated (grey); at least 0.
    trend_periods : int
        Number of latest consecutive periods of the indicator used for the
        trend (Fingertips: 5), 2 to 20; an area needs a value in every one of them.
    population : str or None
        Id of the indicator holding each area's inhabitants; with it, areas
        with fewer than ``min_population`` inhabitants are not rated where the
        value has no denominator of its own (Berlin MSS: 300).
    min_population : float
        Smallest population rated (only used with ``population``); at least 0.
    small_numerator : int or None
        The disclosure limit of this indicator: numerators from 1 to
        ``small_numerator − 1`` are not rated and not shown; 0 switches it off
        (counts of facilities such as Kitas, which disclose no person); None
        (default): the installation's limit (``Policy.small_numerator``, 5).
    cuts : tuple of float or None
        Limits in SD units for ``sd_classes`` (MSS: ``(-1.0, 1.0, 1.5)``), 1 to 4 rising.
    labels_de : tuple of str or None
        The catalogue's own words for the ordered classes of ``cuts`` or
        ``thresholds``, lowest values first (MSS: hoch, mittel, niedrig, sehr
        niedrig); shown in reasons, legends and tables instead of the grade words.
    labels_en : tuple of str or None
        The same in English (a language without its own labels reads these).
    """

    method: str | None = None
    tolerance: float = 0.10
    confidence: float = 0.95
    k: int = 3
    thresholds: tuple[float, ...] | None = None
    target: float | None = None
    min_denominator: float = 20.0
    trend_periods: int = 5
    population: str | None = None
    min_population: float = 300.0
    small_numerator: int | None = None
    cuts: tuple[float, ...] | None = None
    labels_de: tuple[str, ...] | None = None
    labels_en: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        problems = rule_problems(self)
        if problems:
            raise CatalogProblemsError(problems)


@dataclass(frozen=True)
class Indicator:
    """One entry of the catalogue."""

    id: str
    label_de: str
    label_en: str
    domain: str
    unit: str
    polarity: Polarity
    kind: Kind
    multiplier: float = 1.0
    source: str = ""
    description: str = ""
    rule: Rule = field(default_factory=Rule)
    #: Id of the indicator whose values weight the city mean of a mean or index
    #: (e.g. inhabitants); empty: the unweighted mean of the areas.
    weight: str = ""
    #: Id of a count indicator (e.g. inhabitants) this rate divides its delivered counts by,
    #: for the same area and period (only for ``kind: rate``): value = count /
    #: denominator × multiplier; empty: the rate is delivered as value or with its counts.
    denominator: str = ""
    #: How a ``kind: composite`` indicator is computed from its components (None: delivered).
    composite: Composite | None = None

    def __post_init__(self) -> None:
        where = Message("catalog.where.indicator", {"id": self.id})
        problems = check_range("multiplier", self.multiplier, where)
        problems += denominator_problems(self.id, self.kind.value, self.denominator, where)
        problems += composite_problems(self.id, self.kind.value, self.composite, where)
        if problems:
            raise CatalogProblemsError(problems)

    def class_labels(self, lang: str = "de") -> tuple[str, ...] | None:
        """Return the catalogue's words for the rule's ordered classes in ``lang`` (None: none)."""
        labels: tuple[str, ...] | None = getattr(self.rule, "labels_" + lang, None)
        return labels if labels is not None else self.rule.labels_en

    def label(self, lang: str = "de") -> str:
        """Return the label in ``lang`` (the field of :data:`LABEL_FIELDS`, else English)."""
        label: str = getattr(self, LABEL_FIELDS.get(lang, LABEL_FALLBACK))
        return label

    @property
    def aggregable(self) -> bool:
        """Whether parent and city values can be computed from the areas."""
        return self.kind not in (Kind.INDEX, Kind.COMPOSITE)


class Catalog(Mapping[str, Indicator]):
    """An ordered, read-only mapping of indicator id to :class:`Indicator`.

    Duplicate ids, ``weight``/``population``/``denominator`` references to
    indicators that are not in the catalogue and denominators that are no
    count raise one :class:`CatalogProblemsError` listing all.
    """

    def __init__(self, indicators: list[Indicator]) -> None:
        problems = cross_problems([("", ind) for ind in indicators])
        if problems:
            raise CatalogProblemsError(problems)
        self._items: dict[str, Indicator] = {ind.id: ind for ind in indicators}

    def __getitem__(self, key: str) -> Indicator:
        try:
            return self._items[key]
        except KeyError:
            known = ", ".join(self._items)
            raise KeyError(
                messages.text("catalog.indicator.unknown", "en", id=key, known=known)
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def domains(self) -> list[str]:
        """Return the domains in use, the five standard ones first."""
        used = {i.domain for i in self._items.values()}
        return [d for d in DOMAINS if d in used] + sorted(used - set(DOMAINS))


def indicator_to_mapping(indicator: Indicator) -> dict[str, Any]:
    """Return the catalogue entry of ``indicator`` (inverse of :func:`indicator_from_mapping`).

    Only rule fields that differ from the defaults are written, so an entry
    stays as short as a hand-written one.
    """
    default = Rule()
    rule = {
        f.name: (list(v) if isinstance(v, tuple) else v)
        for f in fields(Rule)
        if (v := getattr(indicator.rule, f.name)) != getattr(default, f.name)
    }
    entry: dict[str, Any] = {
        "id": indicator.id,
        "label_de": indicator.label_de,
        "label_en": indicator.label_en,
        "domain": indicator.domain,
        "unit": indicator.unit,
        "polarity": indicator.polarity.value,
        "kind": indicator.kind.value,
        "multiplier": indicator.multiplier,
        "source": indicator.source,
        "description": indicator.description,
    }
    if indicator.weight:
        entry["weight"] = indicator.weight
    if indicator.denominator:
        entry["denominator"] = indicator.denominator
    if indicator.composite is not None:
        entry["composite"] = composite_to_mapping(indicator.composite)
    if rule:
        entry["rule"] = rule
    return entry
