"""The classifier base class, its input and result values, and the registry of methods.

A rating method is one :class:`Classifier` subclass, registered with
:func:`register`: it names the :class:`~indicators.catalog.Rule` fields it
reads (``parameters``) and checks (:meth:`Classifier.rule_problems`), fits a
:class:`Sample` into a frozen :class:`Fit`, and carries its own words in every
language — its name on pages (``label``), its reasons (``words``, used by
:mod:`indicators.explain`) and the name of its limits in legends
(:meth:`Classifier.legend`). Everything else — the catalogue's method check,
the method categories of a result frame, the dashboard's method picker and
the translations ``method.<name>`` — is derived from the registry.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, ClassVar, TypeVar

import numpy as np
import pandas as pd

from indicators.catalog import Indicator, Rule
from indicators.errors import BildungsampelError
from indicators.messages import LANGUAGES, Message
from indicators.policy import Policy

#: Words every method may use in its reasons.
COMMON: Mapping[str, Mapping[str, str]] = {
    "de": {
        "city": "dem Stadtwert {city}",
        "city_from": "vom Stadtwert {city}",
        "city_around": "den Stadtwert {city}",
    },
    "en": {
        "city": "the city value {city}",
        "city_from": "the city value {city}",
        "city_around": "the city value {city}",
    },
}


@dataclass(frozen=True)
class Sample:
    """What a classifier sees: one indicator, all areas, one or more periods.

    Arrays are either one entry per area (one period) or areas × periods
    (each column classified on its own, so that all periods of an indicator
    are rated in one vectorised pass).

    Attributes
    ----------
    indicator : Indicator
    values, numerators, denominators : numpy.ndarray
        NaN where missing.
    rated : numpy.ndarray of bool
        Cells that may be rated (value present, no small-number rule applies).
    city_value : float or numpy.ndarray
        The reference per period (see :func:`indicators.city.city_reference`).
    trend_direction : numpy.ndarray
        The judged trend: +1 significantly rising, −1 falling, 0 no
        significant change, NaN not computable (used by ``trend``).
    """

    indicator: Indicator
    values: np.ndarray
    numerators: np.ndarray
    denominators: np.ndarray
    rated: np.ndarray
    city_value: float | np.ndarray
    trend_direction: np.ndarray

    def as_grid(self) -> Sample:
        """Return this sample with areas × periods arrays and one city value per period."""
        city = np.atleast_1d(np.asarray(self.city_value, dtype=float))
        if np.ndim(self.values) == 2:
            return replace(self, city_value=city)

        def col(a: np.ndarray) -> np.ndarray:
            return np.asarray(a).reshape(-1, 1)

        return Sample(
            indicator=self.indicator,
            values=col(self.values),
            numerators=col(self.numerators),
            denominators=col(self.denominators),
            rated=col(self.rated),
            city_value=city,
            trend_direction=col(self.trend_direction),
        )


@dataclass(frozen=True)
class Fit:
    """What a classifier found, shaped like the sample's values.

    Attributes
    ----------
    direction : numpy.ndarray
        −2..+2 relative to the reference, NaN where not rated.
    ci_low, ci_high : numpy.ndarray
        Confidence interval of the area's value (``benchmark`` only), in the
        indicator's unit; ``confidence`` is its level (NaN for other methods).
    lower_limit, upper_limit : numpy.ndarray
        The limits the method compares with (``band``: city value ± tolerance;
        ``thresholds``: the limits or the target band); NaN otherwise.
    unusable : numpy.ndarray of bool
        Cells this method cannot rate even though a value is present;
        ``unusable_reason`` names why (one of the method's ``reasons``).
    """

    direction: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    lower_limit: np.ndarray
    upper_limit: np.ndarray
    unusable: np.ndarray
    confidence: float = math.nan
    unusable_reason: str | None = None

    @classmethod
    def of(cls, direction: np.ndarray, **found: Any) -> Fit:
        """Return a fit of ``direction``; arrays not in ``found`` are NaN (``unusable`` False)."""
        shape = np.shape(direction)
        empty = {
            name: np.full(shape, np.nan)
            for name in ("ci_low", "ci_high", "lower_limit", "upper_limit")
        }
        arrays = {"unusable": np.zeros(shape, dtype=bool), **empty, **found}
        return cls(direction=direction, **arrays)

    def reshaped(self, shape: tuple[int, ...], rated: np.ndarray) -> Fit:
        """Return this fit with ``shape`` and directions only where ``rated``."""
        direction = np.where(rated, self.direction, np.nan)
        return replace(
            self,
            direction=direction.reshape(shape),
            ci_low=self.ci_low.reshape(shape),
            ci_high=self.ci_high.reshape(shape),
            lower_limit=self.lower_limit.reshape(shape),
            upper_limit=self.upper_limit.reshape(shape),
            unusable=self.unusable.reshape(shape),
        )


class Classifier(ABC):
    """Base class: configure with a rule, :meth:`fit` a sample, read the :class:`Fit`.

    Class attributes a method sets
    ------------------------------
    name : str
        The method's name in catalogues, result frames and the CLI.
    parameters : tuple of str
        The :class:`~indicators.catalog.Rule` fields the method reads.
    reasons : tuple of str
        Why the method may leave a cell unrated (``not_rated`` values).
    label : mapping
        The method's name on pages, per language.
    words : mapping
        Per language: the words of its reasons and of every entry of ``reasons``.
    """

    name: ClassVar[str]
    parameters: ClassVar[tuple[str, ...]] = ()
    reasons: ClassVar[tuple[str, ...]] = ()
    label: ClassVar[Mapping[str, str]]
    words: ClassVar[Mapping[str, Mapping[str, str]]] = {lang: {} for lang in LANGUAGES}

    def __init__(self, rule: Rule, policy: Policy | None = None) -> None:
        self.rule = rule
        self.policy = policy or Policy()

    def fit(self, sample: Sample) -> Fit:
        """Classify the areas of ``sample``; returns the :class:`Fit` (shaped like its values)."""
        grid = sample.as_grid()
        return self._fit(grid).reshaped(np.shape(sample.values), grid.rated)

    @abstractmethod
    def _fit(self, sample: Sample) -> Fit:
        """Return the fit of every cell of an areas × periods sample (NaN directions allowed)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.rule!r})"

    # ---- parameters

    @classmethod
    def rule_problems(cls, rule: Rule) -> list[Message]:
        """Return problems of ``rule`` for this method beyond field ranges, as message keys."""
        return []

    # ---- words

    @classmethod
    def word(cls, key: str, lang: str) -> str:
        """Return the method's word ``key`` in ``lang`` (its own words, then :data:`COMMON`)."""
        own = cls.words[lang]
        return own[key] if key in own else COMMON[lang][key]

    @classmethod
    def explain(cls, row: Mapping[str, Any], indicator: Indicator, lang: str, city: str) -> str:
        """Return what was compared for one rated result row, e.g. "38,4 % … über dem Stadtwert".

        ``city`` is the city value with how it was computed; the rating word
        and the polarity are added by :func:`indicators.explain.reason`.
        """
        raise NotImplementedError(f"method {cls.name!r} has no explanation")

    @classmethod
    def city_notes(cls, row: Mapping[str, Any], indicator: Indicator, lang: str) -> list[str]:
        """Return notes added to the city value in the reason (e.g. the band's limits)."""
        return []

    @classmethod
    def legend(cls, rule: Rule, lang: str) -> str:
        """Return the name of the method's ``lower_limit``–``upper_limit`` in legends ("" none)."""
        return ""

    @classmethod
    def context(cls, results: pd.DataFrame) -> dict[tuple[str, str], Any]:
        """Return per (indicator, period) what the reasons of this method's rows need.

        :func:`indicators.explain.add_reasons` hands it to :meth:`explain` as
        the row's ``_context`` (e.g. the group sizes of ``quantiles``).
        """
        return {}


# --------------------------------------------------------------------------- registry

_REGISTRY: dict[str, type[Classifier]] = {}
_RULE_FIELDS = frozenset(f.name for f in fields(Rule))


def _check_method(cls: type[Classifier]) -> None:
    """Refuse a method without a name, with unknown parameters or missing words."""
    name = getattr(cls, "name", "")
    problems = [] if name else ["no name"]
    if name in _REGISTRY and _REGISTRY[name] is not cls:
        problems.append(f"the name {name!r} is taken by {_REGISTRY[name].__name__}")
    unknown = sorted(set(cls.parameters) - _RULE_FIELDS)
    if unknown:
        problems.append(f"parameters {unknown} are not Rule fields")
    for lang in LANGUAGES:
        if lang not in getattr(cls, "label", {}):
            problems.append(f"no label in {lang!r}")
        missing = sorted(set(cls.reasons) - set(cls.words.get(lang, {})))
        if missing:
            problems.append(f"no words for {missing} in {lang!r}")
    if problems:
        raise TypeError(f"cannot register rating method {cls.__name__}: {'; '.join(problems)}")


_C = TypeVar("_C", bound=type[Classifier])


def register(cls: _C) -> _C:
    """Register ``cls`` under its ``name`` (a class decorator); the order of registration is kept.

    Raises
    ------
    TypeError
        When the name is missing or taken, a parameter is not a Rule field, or
        a label or the words of a reason are missing in a language.
    """
    _check_method(cls)
    _REGISTRY[cls.name] = cls
    return cls


def unregister(name: str) -> None:
    """Remove the method ``name`` from the registry (for tests and plug-ins)."""
    _REGISTRY.pop(name, None)


def names() -> tuple[str, ...]:
    """Return the names of the registered methods, in order of registration."""
    return tuple(_REGISTRY)


def registered() -> tuple[type[Classifier], ...]:
    """Return the registered classifier classes, in order of registration."""
    return tuple(_REGISTRY.values())


def get(name: str) -> type[Classifier]:
    """Return the classifier class registered under ``name``.

    Raises
    ------
    BildungsampelError
        Listing the valid methods when ``name`` is unknown.
    """
    try:
        return _REGISTRY[name]
    except KeyError:
        valid = ", ".join(_REGISTRY)
        raise BildungsampelError("methods.unknown", name=name, valid=valid) from None


def reasons() -> tuple[str, ...]:
    """Return every reason a registered method may leave a cell unrated, without repeats."""
    return tuple(dict.fromkeys(r for cls in _REGISTRY.values() for r in cls.reasons))


def reason_words(reason: str, lang: str) -> str | None:
    """Return the words of a method's not-rated ``reason`` in ``lang`` (None: no method has it)."""
    for cls in _REGISTRY.values():
        if reason in cls.reasons:
            return cls.words[lang][reason]
    return None
