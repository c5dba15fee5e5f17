"""Translations of every visible dashboard string (German default, English).

Pure Python: pages and UI helpers call :func:`t`; the texts are the table
:data:`bildungsampel.present.messages.MESSAGES` (registered with
:mod:`indicators.messages`, where the list of languages lives); numbers are
formatted with :func:`indicators.numbers.format_number` (decimal comma in
German). The names of the rating methods (``method.<name>``) are not in the
table: each method class carries its own ``label`` (:mod:`indicators.methods`).
"""

from __future__ import annotations

from bildungsampel.present import analysis_messages as _analysis  # noqa: F401 - registers them
from bildungsampel.present import formats_messages as _formats  # noqa: F401 - registers them
from bildungsampel.present import status_messages as _status
from bildungsampel.present.messages import MESSAGES
from geodata.hierarchy import Levels
from indicators import messages, methods
from indicators.catalog import DOMAIN_LABELS_EN
from indicators.numbers import format_number


def languages() -> dict[str, str]:
    """Return each language of :data:`indicators.messages.LANGUAGES` with its name in itself.

    Examples
    --------
    >>> languages()
    {'de': 'Deutsch', 'en': 'English'}
    """
    return {lang: t("language.name", lang) for lang in messages.LANGUAGES}


def t(key: str, lang: str = "de", **values: object) -> str:
    """Return the text of ``key`` in ``lang``, formatted with ``values``.

    Parameters
    ----------
    key : str
        A key of the translation table.
    lang : str
        UI language, one of :data:`indicators.messages.LANGUAGES`; anything
        else falls back to German.
    **values
        Placeholders in the text.

    Returns
    -------
    str

    Raises
    ------
    KeyError
        For an unknown key, naming it.
    """
    name = key.removeprefix("method.")
    if name != key and name in methods.names():
        label = methods.get(name).label
        return label.get(lang, label["de"])
    return messages.text(key, lang, **values)


def has_key(key: str) -> bool:
    """Return whether ``key`` has a translation."""
    name = key.removeprefix("method.")
    return (name != key and name in methods.names()) or messages.has(key)


def all_keys() -> list[str]:
    """Return all translation keys (for tests), the registered methods' names included."""
    return [*MESSAGES, *_status.MESSAGES, *(f"method.{name}" for name in methods.names())]


def domain_label(domain: str, lang: str = "de") -> str:
    """Return the display name of a catalogue domain."""
    return DOMAIN_LABELS_EN.get(domain, domain) if lang == "en" else domain


def level_label(level: str, lang: str = "de", levels: Levels | None = None) -> str:
    """Return the name of an area level: the city's own word, else ``level.<id>``, else its id.

    A city's levels carry their own words ("Bezirksregion", from ``--parent``),
    shown in every language; the product's levels are translated; a level
    neither knows shows its id instead of failing.

    Examples
    --------
    >>> level_label("stadtbezirk", "en"), level_label("ortsteil", "en")
    ('Stadtbezirk (borough)', 'ortsteil')
    >>> level_label("bezirk", "en", Levels.named("Planungsraum", "Bezirk"))
    'Bezirk'
    """
    if levels is not None and level in levels and levels[level].label:
        return levels[level].label
    try:
        return t(f"level.{level}", lang)
    except KeyError:
        return level


def plural(key: str, n: int, lang: str = "de", **values: object) -> str:
    """Return ``key`` for ``n`` things: ``<key>.one`` when n is 1 and that key exists.

    So that the page says "1 fehlende Zelle", never "1 fehlende Zellen".
    """
    one = f"{key}.one"
    return t(one if n == 1 and messages.has(one) else key, lang, n=n, **values)


def number(value: float | None, lang: str = "de", *, decimals: int = 1, unit: str = "") -> str:
    """Format a number for the UI (decimal comma in German), with an optional unit."""
    text = format_number(value, lang=lang, decimals=decimals)
    return f"{text} {unit}" if unit and text != "–" else text
