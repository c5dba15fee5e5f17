"""Cell colours of the Ampel heatmap, in one place.

The altair chart, the matplotlib figure (PNG/PDF) and the CLI's CSV all take
their colours from :func:`heatmap_fills`, so the three always agree:

* judged indicators: the palette's Ampel scale, unfavourable → favourable
  (``Palette.continuous``) over the oriented 0..1 value;
* no-judgement indicators: the single-hue neutral scale, light = low →
  dark = high (``Palette.neutral_continuous``): a low share of foreign
  nationals is not "bad", so it is never painted red;
* missing or not rated cells (the rating's grey): no colour (``""``); a
  drawing shows :attr:`Palette.missing` there.

In discrete mode the rating's colours are used instead: Ampel colours for
judged indicators, the neutral grades for no-judgement ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from bildungsampel.present import formats_messages as _formats  # noqa: F401 - registers them
from bildungsampel.present.palettes import Palette
from indicators.errors import BildungsampelError
from indicators.heatmap import HeatmapData

#: The colour of a cell without one (missing or not rated).
NO_COLOUR = ""


def _rgb(colour: str) -> tuple[float, float, float]:
    """Return ``#rrggbb`` as three floats in 0..255."""
    text = colour.lstrip("#")
    if len(text) != 6:
        raise BildungsampelError("present.heatmap.colour", colour=colour)
    return (float(int(text[0:2], 16)), float(int(text[2:4], 16)), float(int(text[4:6], 16)))


def interpolate(stops: Sequence[str], values: Sequence[float] | np.ndarray) -> list[str]:
    """Return the hex colour of each value in 0..1 on evenly spaced colour ``stops``.

    Linear in RGB between neighbouring stops; values outside 0..1 are clipped,
    NaN gives :data:`NO_COLOUR`.

    Parameters
    ----------
    stops : sequence of str
        At least two ``#rrggbb`` colours, the first at 0, the last at 1.
    values : sequence of float

    Returns
    -------
    list of str
        ``#rrggbb`` (lower case) or ``""``.
    """
    if len(stops) < 2:
        raise BildungsampelError("present.heatmap.stops")
    colours = np.array([_rgb(s) for s in stops])
    x = np.asarray(values, dtype=float)
    valid = np.isfinite(x)
    pos = np.clip(np.where(valid, x, 0.0), 0.0, 1.0) * (len(stops) - 1)
    left = np.minimum(np.floor(pos).astype(int), len(stops) - 2)
    frac = (pos - left)[:, None]
    rgb = np.rint(colours[left] * (1 - frac) + colours[left + 1] * frac).astype(int)
    return [
        f"#{r:02x}{g:02x}{b:02x}" if ok else NO_COLOUR
        for (r, g, b), ok in zip(rgb.tolist(), valid.tolist(), strict=True)
    ]


def heatmap_fills(
    data: HeatmapData,
    palette: Palette,
    *,
    ratings: pd.DataFrame | None = None,
    discrete: bool = False,
) -> pd.DataFrame:
    """Return the colour of every heatmap cell (areas × indicators, display order).

    Parameters
    ----------
    data : HeatmapData
        The matrix; cells with a NaN ``scaled`` value (missing or not rated)
        get no colour in either mode.
    palette : Palette
    ratings : pandas.DataFrame, optional
        Rated rows (``area_id``, ``indicator``, ``rating``, ``grade``); needed
        for ``discrete``.
    discrete : bool
        Colour by the rating (Ampel colours for judged indicators, neutral
        grades for no-judgement ones) instead of the continuous scales.

    Returns
    -------
    pandas.DataFrame
        Same index and columns as ``data.scaled``: ``#rrggbb`` or ``""``.
    """
    scaled = data.scaled
    fills = pd.DataFrame(NO_COLOUR, index=scaled.index, columns=scaled.columns, dtype=object)
    neutral = set(data.unoriented)
    if discrete and ratings is None:
        raise BildungsampelError("present.heatmap.ratings_needed")
    grades = _lookup(ratings, scaled) if discrete and ratings is not None else {}
    for col in scaled.columns:
        values = scaled[col].to_numpy(dtype=float)
        if not discrete:
            stops = palette.neutral_continuous if col in neutral else palette.continuous
            fills[col] = interpolate(stops, values)
            continue
        pairs = grades[col]
        fills[col] = [
            _discrete(palette, rating, grade, neutral=col in neutral) if np.isfinite(v) else ""
            for v, (rating, grade) in zip(values, pairs, strict=True)
        ]
    return fills


def _lookup(ratings: pd.DataFrame, like: pd.DataFrame) -> dict[str, list[tuple[str, str]]]:
    """Return indicator → [(rating, grade)] in the row order of ``like``."""
    keyed = ratings.assign(
        area_id=ratings["area_id"].astype(str), indicator=ratings["indicator"].astype(str)
    ).set_index(["area_id", "indicator"])
    out: dict[str, list[tuple[str, str]]] = {}
    for col in like.columns:
        keys = pd.MultiIndex.from_arrays(
            [like.index.astype(str), np.full(len(like), str(col), dtype=object)]
        )
        rows = keyed.reindex(keys)
        rating = rows["rating"].astype(object).fillna("grey")
        grade = (
            rows["grade"].astype(object).fillna("not_rated")
            if "grade" in rows
            else pd.Series("", index=rows.index)
        )
        out[str(col)] = list(zip(rating.astype(str), grade.astype(str), strict=True))
    return out


def _discrete(palette: Palette, rating: str, grade: str, *, neutral: bool) -> str:
    """Return the discrete colour of one cell: neutral grades only for no-judgement columns."""
    if neutral:
        return palette.neutral.get(grade, NO_COLOUR) if rating == "neutral" else NO_COLOUR
    if rating in ("grey", "neutral") or rating not in palette.rating:
        return NO_COLOUR
    return palette.fill(rating, grade)


def drawn(fills: pd.DataFrame | Sequence[str], palette: Palette) -> list[str]:
    """Return the colours to draw: :attr:`Palette.missing` where a cell has none."""
    flat = fills.to_numpy().ravel().tolist() if isinstance(fills, pd.DataFrame) else list(fills)
    return [c or palette.missing for c in flat]


def ramp(stops: Sequence[str], steps: int = 11) -> list[str]:
    """Return ``steps`` evenly spaced colours of a scale from 0 to 1 (for legends)."""
    return interpolate(stops, np.linspace(0.0, 1.0, steps))


#: Columns of :func:`heatmap_table` (the CLI's ``--output F.csv``).
TABLE_COLUMNS = (
    "area_id",
    "area_name",
    "indicator",
    "year",
    "value",
    "scaled",
    "rating",
    "colour",
)


def heatmap_table(
    data: HeatmapData,
    ratings: pd.DataFrame,
    names: Mapping[str, str],
    palette: Palette,
) -> pd.DataFrame:
    """Return the heatmap as data: one row per area × indicator, in display order.

    Parameters
    ----------
    data : HeatmapData
    ratings : pandas.DataFrame
        Rated rows of the same level and year (``area_id``, ``indicator``,
        ``rating``); a cell without a row counts as ``grey``.
    names : mapping
        Area id → name.
    palette : Palette

    Returns
    -------
    pandas.DataFrame
        :data:`TABLE_COLUMNS`: raw ``value``, ``scaled`` (0..1, 1 favourable;
        empty when not rated), the ``rating`` and the continuous cell
        ``colour`` as ``#rrggbb`` (empty when the cell has none).
    """
    rows, cols = list(data.scaled.index), list(data.scaled.columns)
    n, m = len(rows), len(cols)
    area_ids = np.repeat(np.array(rows, dtype=object), m)
    ind_ids = np.tile(np.array(cols, dtype=object), n)
    keys = pd.MultiIndex.from_arrays([area_ids.astype(str), ind_ids.astype(str)])
    keyed = ratings.assign(
        area_id=ratings["area_id"].astype(str), indicator=ratings["indicator"].astype(str)
    ).set_index(["area_id", "indicator"])
    rating = keyed["rating"].astype(object).reindex(keys).fillna("grey")
    fills = heatmap_fills(data, palette)
    return pd.DataFrame(
        {
            "area_id": area_ids,
            "area_name": [names.get(a, a) for a in area_ids],
            "indicator": ind_ids,
            "year": [data.periods[c] for c in ind_ids],
            "value": data.raw.to_numpy(dtype=float).ravel(),
            "scaled": data.scaled.to_numpy(dtype=float).ravel().round(6),
            "rating": rating.to_numpy(),
            "colour": fills.to_numpy().ravel(),
        },
        columns=list(TABLE_COLUMNS),
    )
