"""The indicator catalogue: what each indicator means and how it is rated.

A catalogue is a YAML file (a list under ``indicators:``) or a CSV file with
one row per indicator. See ``docs/DATA.md`` for the full contract.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from indicators.errors import CatalogError

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


METHODS: tuple[str, ...] = ("benchmark", "band", "quantiles", "thresholds", "trend")


@dataclass(frozen=True)
class Rule:
    """How an indicator is rated; every field has a documented default.

    Attributes
    ----------
    method : str or None
        One of :data:`METHODS`; None picks the default (``benchmark`` where
        numerators and denominators exist for a proportion or rate, else ``band``;
        ``quantiles`` for counts).
    tolerance : float
        Relative band around the city value for ``band`` (0.10 = ±10 %) and the
        relative change counted as a trend by the plain change rule.
    confidence : float
        Confidence level for ``benchmark``: 0.95 gives three grades, 0.998
        five grades (95 % and 99.8 % intervals together).
    k : int
        Number of groups for ``quantiles`` (3 = terciles).
    thresholds : tuple of float or None
        ``(low, high)`` limits for ``thresholds``, in the indicator's unit.
    target : float or None
        Target value for ``thresholds`` (alternative to limits): meeting it is
        favourable, missing it by more than ``tolerance`` is unfavourable.
    min_denominator : float
        Areas with a smaller denominator are not rated (grey).
    trend_periods : int
        Number of latest consecutive periods of the indicator used for the
        trend (Fingertips: 5); an area needs a value in every one of them.
    population : str or None
        Id of the indicator holding each area's inhabitants; with it, areas
        with fewer than ``min_population`` inhabitants are not rated where the
        value has no denominator of its own (Berlin MSS: 300).
    min_population : float
        Smallest population rated (only used with ``population``).
    """

    method: str | None = None
    tolerance: float = 0.10
    confidence: float = 0.95
    k: int = 3
    thresholds: tuple[float, float] | None = None
    target: float | None = None
    min_denominator: float = 20.0
    trend_periods: int = 5
    population: str | None = None
    min_population: float = 300.0

    def __post_init__(self) -> None:
        if self.method is not None and self.method not in METHODS:
            raise CatalogError(
                f"unknown rating method {self.method!r}; expected one of {', '.join(METHODS)}",
                message_de=f"unbekannte Bewertungsmethode {self.method!r}; "
                f"erlaubt sind {', '.join(METHODS)}",
            )
        if not 0 <= self.tolerance < 1:
            raise CatalogError(
                f"tolerance must be between 0 and 1 (0.10 = ±10 %), got {self.tolerance}",
                message_de=f"tolerance muss zwischen 0 und 1 liegen (0.10 = ±10 %), "
                f"erhalten {self.tolerance}",
            )
        if self.confidence not in (0.95, 0.998):
            raise CatalogError(
                f"confidence must be 0.95 or 0.998, got {self.confidence}",
                message_de=f"confidence muss 0.95 oder 0.998 sein, erhalten {self.confidence}",
            )
        if self.k < 2:
            raise CatalogError(
                f"k must be at least 2, got {self.k}",
                message_de=f"k muss mindestens 2 sein, erhalten {self.k}",
            )
        if self.thresholds is not None and self.thresholds[0] > self.thresholds[1]:
            raise CatalogError(
                f"thresholds must be (low, high) with low <= high, got {self.thresholds}",
                message_de=f"thresholds muss (niedrig, hoch) mit niedrig <= hoch sein, "
                f"erhalten {self.thresholds}",
            )
        if self.method == "thresholds" and self.thresholds is None and self.target is None:
            raise CatalogError(
                "method 'thresholds' needs 'thresholds: [low, high]' or 'target'",
                message_de="Methode 'thresholds' braucht 'thresholds: [niedrig, hoch]' "
                "oder 'target'",
            )
        if self.trend_periods < 2:
            raise CatalogError(
                f"trend_periods must be at least 2, got {self.trend_periods}",
                message_de=f"trend_periods muss mindestens 2 sein, erhalten {self.trend_periods}",
            )
        if self.min_population < 0:
            raise CatalogError(
                f"min_population must not be negative, got {self.min_population}",
                message_de="min_population darf nicht negativ sein, erhalten "
                f"{self.min_population}",
            )


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

    def label(self, lang: str = "de") -> str:
        """Return the label in ``lang``."""
        return self.label_de if lang == "de" else self.label_en

    @property
    def aggregable(self) -> bool:
        """Whether parent and city values can be computed from the areas."""
        return self.kind is not Kind.INDEX


class Catalog(Mapping[str, Indicator]):
    """An ordered, read-only mapping of indicator id to :class:`Indicator`."""

    def __init__(self, indicators: list[Indicator]) -> None:
        self._items: dict[str, Indicator] = {}
        for ind in indicators:
            if ind.id in self._items:
                raise CatalogError(
                    f"indicator id {ind.id!r} appears twice; ids must be unique",
                    message_de=f"Indikator-ID {ind.id!r} kommt doppelt vor; IDs müssen "
                    "eindeutig sein",
                )
            self._items[ind.id] = ind
        for ind in indicators:
            for role, ref in (("weight", ind.weight), ("population", ind.rule.population)):
                if ref and ref not in self._items:
                    raise CatalogError(
                        f"indicator {ind.id!r}: {role} {ref!r} is not in the catalogue; name "
                        "the id of an indicator of the catalogue",
                        message_de=f"Indikator {ind.id!r}: {role} {ref!r} steht nicht im "
                        "Katalog; bitte die ID eines Katalog-Indikators angeben",
                    )

    def __getitem__(self, key: str) -> Indicator:
        try:
            return self._items[key]
        except KeyError:
            raise KeyError(
                f"indicator {key!r} is not in the catalogue; known: {', '.join(self._items)}"
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def domains(self) -> list[str]:
        """Return the domains in use, the five standard ones first."""
        used = {i.domain for i in self._items.values()}
        return [d for d in DOMAINS if d in used] + sorted(used - set(DOMAINS))


_REQUIRED = ("id", "label_de", "domain", "polarity", "kind")
_RULE_FIELDS = {f.name for f in fields(Rule)}


def _float(value: Any, where: str, name: str) -> float:
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        raise CatalogError(
            f"{where}: field {name!r} must be a number, got {value!r}",
            message_de=f"{where}: Feld {name!r} muss eine Zahl sein, erhalten {value!r}",
        ) from None


def _enum(cls: type[Polarity] | type[Kind], value: Any, where: str, name: str) -> Any:
    try:
        return cls(str(value).strip())
    except ValueError:
        allowed = ", ".join(m.value for m in cls)
        raise CatalogError(
            f"{where}: field {name!r} is {value!r}; expected one of {allowed}",
            message_de=f"{where}: Feld {name!r} ist {value!r}; erlaubt sind {allowed}",
        ) from None


def _rule(raw: Mapping[str, Any], where: str) -> Rule:
    kwargs: dict[str, Any] = {}
    for key, value in raw.items():
        if value is None or value == "":
            continue
        if key not in _RULE_FIELDS:
            raise CatalogError(
                f"{where}: unknown rule field {key!r}; known: {', '.join(sorted(_RULE_FIELDS))}",
                message_de=f"{where}: unbekanntes Regelfeld {key!r}; bekannt: "
                f"{', '.join(sorted(_RULE_FIELDS))}",
            )
        if key in ("method", "population"):
            kwargs[key] = str(value).strip()
        elif key in ("k", "trend_periods"):
            kwargs[key] = int(_float(value, where, key))
        elif key == "thresholds":
            parts = value if isinstance(value, list) else str(value).split("|")
            if len(parts) != 2:
                raise CatalogError(
                    f"{where}: thresholds must be two numbers [low, high], got {value!r}",
                    message_de=f"{where}: thresholds müssen zwei Zahlen [niedrig, hoch] sein, "
                    f"erhalten {value!r}",
                )
            kwargs[key] = (_float(parts[0], where, key), _float(parts[1], where, key))
        else:
            kwargs[key] = _float(value, where, key)
    try:
        return Rule(**kwargs)
    except CatalogError as err:
        raise CatalogError(
            f"{where}: {err.message_en}", message_de=f"{where}: {err.message_de}"
        ) from None


def indicator_from_mapping(raw: Mapping[str, Any], *, where: str = "entry") -> Indicator:
    """Build an :class:`Indicator` from a mapping (a YAML entry or CSV row).

    Parameters
    ----------
    raw : Mapping
        Fields as in ``docs/DATA.md``; rule fields either nested under ``rule``
        or given flat (CSV: ``method``, ``tolerance``, ``thresholds`` as
        ``low|high``, ``target``, ``min_denominator`` …).
    where : str
        Location used in error messages (file and entry number).

    Returns
    -------
    Indicator
    """
    missing = [k for k in _REQUIRED if not str(raw.get(k) or "").strip()]
    if missing:
        raise CatalogError(
            f"{where}: missing required field(s) {', '.join(missing)}",
            message_de=f"{where}: Pflichtfeld(er) fehlen: {', '.join(missing)}",
        )
    rule_raw = dict(raw.get("rule") or {})
    rule_raw.update({k: v for k, v in raw.items() if k in _RULE_FIELDS})
    ind_id = str(raw["id"]).strip()
    where = f"{where} ({ind_id})"
    return Indicator(
        id=ind_id,
        label_de=str(raw["label_de"]).strip(),
        label_en=str(raw.get("label_en") or raw["label_de"]).strip(),
        domain=str(raw["domain"]).strip(),
        unit=str(raw.get("unit") or "").strip(),
        polarity=_enum(Polarity, raw["polarity"], where, "polarity"),
        kind=_enum(Kind, raw["kind"], where, "kind"),
        multiplier=_float(raw.get("multiplier") or 1, where, "multiplier"),
        source=str(raw.get("source") or "").strip(),
        description=str(raw.get("description") or "").strip(),
        rule=_rule(rule_raw, where),
        weight=str(raw.get("weight") or "").strip(),
    )


def load_catalog(path: str | Path) -> Catalog:
    """Read a catalogue from a YAML or CSV file.

    Parameters
    ----------
    path : str or Path
        ``.yaml``/``.yml`` with a list under ``indicators:``, or ``.csv``
        (``;`` or ``,`` separated, UTF-8).

    Returns
    -------
    Catalog

    Raises
    ------
    CatalogError
        With file name, entry number and field for every problem found first.
    """
    path = Path(path)
    if not path.exists():
        raise CatalogError(
            f"catalogue file {path} does not exist",
            message_de=f"Katalogdatei {path} existiert nicht",
        )
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError as err:
            raise CatalogError(
                f"{path.name}: not valid YAML ({err})",
                message_de=f"{path.name}: kein gültiges YAML ({err})",
            ) from None
        entries = doc.get("indicators") if isinstance(doc, dict) else doc
        if not isinstance(entries, list):
            raise CatalogError(
                f"{path.name}: expected a list of indicators under 'indicators:'",
                message_de=f"{path.name}: erwartet eine Liste von Indikatoren unter 'indicators:'",
            )
    elif path.suffix.lower() == ".csv":
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,\t")
        entries = list(csv.DictReader(io.StringIO(text), dialect=dialect))
    else:
        raise CatalogError(
            f"{path.name}: catalogue must be .yaml, .yml or .csv",
            message_de=f"{path.name}: Katalog muss .yaml, .yml oder .csv sein",
        )
    return Catalog(
        [
            indicator_from_mapping(e, where=f"{path.name}, entry {n}")
            for n, e in enumerate(entries, start=1)
        ]
    )


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
    if rule:
        entry["rule"] = rule
    return entry
