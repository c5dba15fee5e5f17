"""Colour palettes: the classic Ampel and a colour-blind-safe variant — every colour in one place.

Colour is never the only signal: every rating also has a symbol
(:data:`SYMBOLS`) and a text reason. The dashboard, its downloads and the CLI
take every colour that carries meaning from a :class:`Palette` of
:data:`PALETTES`: ratings, the heatmap scales and the categorical colours of
trend lines and the heatmap's parent strip. A new palette is one entry in
:data:`PALETTES`, its label ``palette.<name>`` in :mod:`bildungsampel.present.i18n`
and its name in ``service.settings.PALETTE_NAMES`` (a test checks both lists agree).
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
    categorical : tuple of str
        Colours of things that are only told apart, not ranked: the areas of
        the trend chart and the parents in the heatmap's strip (repeated
        beyond their number).
    missing : str
        Colour of a missing cell or area.
    diverging : tuple of str
        Negative → zero → positive for signed quantities that are neither
        good nor bad (correlations, allocation minus even split): ColorBrewer's
        PuOr (orange–white–purple), safe in every common colour-vision
        deficiency and never the Ampel's red or green.
    """

    rating: dict[str, str]
    neutral: dict[str, str]
    continuous: tuple[str, str, str]
    neutral_continuous: tuple[str, str]
    categorical: tuple[str, ...]
    missing: str = "#d0d0d0"
    diverging: tuple[str, str, str] = ("#b35806", "#f7f7f7", "#542788")

    def categories(self, n: int) -> list[str]:
        """Return ``n`` categorical colours, repeating the palette's beyond its length.

        Examples
        --------
        >>> PALETTES["safe"].categories(2)
        ['#44aa99', '#cc6677']
        """
        return [self.categorical[i % len(self.categorical)] for i in range(n)]

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

#: The palette of a new session and of the CLI without ``--colourblind``.
DEFAULT = "ampel"
#: The colour-blind-safe palette (the CLI's ``--colourblind``).
COLOURBLIND = "safe"

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
        # Tableau's categories without its red: no line looks like a bad rating
        categorical=(
            "#1f77b4",
            "#ff7f0e",
            "#2ca02c",
            "#9467bd",
            "#8c564b",
            "#e377c2",
            "#17becf",
            "#bcbd22",
        ),
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
        # Paul Tol's "muted" scheme: nine colours told apart in every common colour-vision
        # deficiency, none of them a rating colour of this palette; its purples last, so
        # that a few parents in the heatmap strip do not look like the neutral scale, and the
        # light ones (cyan, sand) after the ones that stand out as lines on white
        categorical=(
            "#44aa99",
            "#cc6677",
            "#999933",
            "#117733",
            "#88ccee",
            "#ddcc77",
            "#882255",
            "#aa4499",
            "#332288",
        ),
    ),
}

#: Hues of a change in a bivariate legend (Okabe–Ito blue and vermillion, a neutral
#: grey between): improving / stable / worsening, told apart in every common
#: colour-vision deficiency.
BIVARIATE_HUES: tuple[str, str, str] = ("#0072b2", "#8c8c8c", "#d55e00")


def mix(a: str, b: str, share: float) -> str:
    """Return the colour ``share`` of the way from ``a`` to ``b`` (sRGB, hex)."""
    ca = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(ca, cb, strict=True))


def bivariate(levels: int, hues: tuple[str, ...] = BIVARIATE_HUES) -> list[list[str]]:
    """Return the colours of a status × dynamics matrix: ``levels`` rows × ``len(hues)`` columns.

    Rows run from the best status (light) to the worst (dark), so the status
    reads in greyscale and without colour vision; columns are the change's
    hues (improving, stable, worsening). Each column runs in sRGB from its hue
    mixed 80 % with white to its hue darkened by a third.

    Examples
    --------
    >>> bivariate(2, ("#0072b2",))
    [['#cce3f0'], ['#004c77']]
    """
    if levels < 1 or not hues:
        raise ValueError(f"a bivariate legend needs ≥ 1 level and ≥ 1 hue, got {levels}, {hues}")
    rows = []
    for i in range(levels):
        share = i / (levels - 1) if levels > 1 else 1.0  # 0 = best status, 1 = worst
        rows.append([mix(mix(h, "#ffffff", 0.8), mix(h, "#000000", 1 / 3), share) for h in hues])
    return rows
