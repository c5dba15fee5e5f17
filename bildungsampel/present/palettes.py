"""Colour palettes: the classic Ampel and a colour-blind-safe variant.

Colour is never the only signal: every rating also has a symbol
(:data:`SYMBOLS`) and a text reason.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Rating → symbol shown next to (never instead of) the colour.
SYMBOLS: dict[str, str] = {"green": "▲", "yellow": "●", "red": "▼", "grey": "–", "neutral": "◆"}


@dataclass(frozen=True)
class Palette:
    """Colours for ratings, the neutral scale and the continuous 0..1 scale.

    Attributes
    ----------
    rating : dict
        green / yellow / red / grey → hex colour (``best``/``worst`` darker).
    neutral : dict
        Grades of no-judgement indicators (much_lower … much_higher, not_rated).
    continuous : tuple of str
        Unfavourable → middle → favourable, for the 0..1 heatmap scale of
        judged indicators.
    neutral_continuous : tuple of str
        Low → high (light → dark, one hue), the 0..1 heatmap scale of
        no-judgement indicators: their values are neither good nor bad, so
        they never get the Ampel's red or green.
    missing : str
        Colour of a missing cell or area.
    """

    rating: dict[str, str]
    neutral: dict[str, str]
    continuous: tuple[str, str, str]
    neutral_continuous: tuple[str, str]
    missing: str = "#d0d0d0"

    def fill(self, rating: str, grade: str) -> str:
        """Return the fill colour of one rated area."""
        if rating == "neutral":
            return self.neutral.get(grade, self.missing)
        if grade in ("best", "worst"):
            return self.rating[grade]
        return self.rating.get(rating, self.missing)


_NEUTRAL = {
    "much_lower": "#f2f0f7",
    "lower": "#cbc9e2",
    "similar": "#9e9ac8",
    "higher": "#756bb1",
    "much_higher": "#54278f",
    "not_rated": "#d0d0d0",
}
#: Light → dark purple (the ends of the neutral grades): one hue, ordered by lightness, so
#: it reads without colour vision and in greyscale, and it is neither Ampel red/green nor
#: the colour-blind palette's blue/vermillion (like Fingertips' "BOB" scale).
_NEUTRAL_CONTINUOUS = (_NEUTRAL["much_lower"], _NEUTRAL["much_higher"])

PALETTES: dict[str, Palette] = {
    "ampel": Palette(
        rating={
            "green": "#2e9e48",
            "yellow": "#f2c500",
            "red": "#d7301f",
            "grey": "#d0d0d0",
            "best": "#11692c",
            "worst": "#8f1409",
        },
        neutral=_NEUTRAL,
        continuous=("#d7301f", "#f2c500", "#2e9e48"),
        neutral_continuous=_NEUTRAL_CONTINUOUS,
    ),
    # Okabe–Ito blue / yellow / vermillion: distinguishable in all common colour-vision
    # deficiencies, and different in lightness, so they survive greyscale printing too.
    "safe": Palette(
        rating={
            "green": "#0072b2",
            "yellow": "#f0e442",
            "red": "#d55e00",
            "grey": "#d0d0d0",
            "best": "#004a75",
            "worst": "#8a3d00",
        },
        neutral=_NEUTRAL,
        continuous=("#d55e00", "#f7f7f7", "#0072b2"),
        neutral_continuous=_NEUTRAL_CONTINUOUS,
    ),
}
