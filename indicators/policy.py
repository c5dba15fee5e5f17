"""City-wide rating settings that no single catalogue entry decides."""

from __future__ import annotations

from dataclasses import dataclass

from indicators.errors import BildungsampelError


@dataclass(frozen=True)
class Policy:
    """City-wide rating settings that no single catalogue entry decides.

    Attributes
    ----------
    confidence : float or None
        0.998 rates every benchmark comparison at 99.8 % instead of 95 %
        (fewer chance findings when many areas and indicators are tested,
        at the price of missing smaller real differences); None keeps each
        indicator's rule.
    small_numerator : int
        Numerators from 1 to ``small_numerator − 1`` are not rated and shown
        as "< small_numerator" (Fingertips-style disclosure control); 0 switches
        this off. 0 itself is shown and rated.
    population : str or None
        Population indicator used for every indicator whose rule names none.
    min_population : float or None
        Overrides the rules' ``min_population``.
    """

    confidence: float | None = None
    small_numerator: int = 5
    population: str | None = None
    min_population: float | None = None

    def __post_init__(self) -> None:
        if self.confidence not in (None, 0.95, 0.998):
            raise BildungsampelError("policy.confidence", confidence=self.confidence)
        if self.small_numerator < 0:
            raise BildungsampelError("policy.small_numerator", small_numerator=self.small_numerator)
