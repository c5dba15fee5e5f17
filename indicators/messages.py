"""The languages of Bildungsampel and the one table of its messages.

Every text a user reads — an error, a report problem, a dashboard label —
is one key of a table ``{key: {lang: text}}``. Tables live next to the code
that uses them (``geodata/messages.py``, ``bildungsampel/present/i18n.py`` …)
and are merged here by :func:`register`, which refuses a key without a text
in every language of :data:`LANGUAGES` or whose languages disagree on the
placeholders. :func:`text` renders a key in one language.

Adding a language is one entry per key in every table plus its name in
``bildungsampel.present.i18n.LANGUAGE_NAMES``; adding a message is one key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from string import Formatter
from typing import Any

#: The languages every table speaks; the first is the default.
LANGUAGES: tuple[str, ...] = ("de", "en")

#: A message table: key → language → text (``str.format`` placeholders).
Table = Mapping[str, Mapping[str, str]]

_MESSAGES: dict[str, dict[str, str]] = {}


def register(table: Table) -> Table:
    """Merge ``table`` into the messages and return it.

    Parameters
    ----------
    table : mapping
        Key → language → text.

    Returns
    -------
    mapping
        ``table`` itself, so that a module can write ``MESSAGES = register({...})``.

    Raises
    ------
    ValueError
        For a key without a text in some language of :data:`LANGUAGES`, with
        placeholders that differ between languages, or registered before
        with other texts.

    Examples
    --------
    >>> _ = register({"doc.example": {"de": "{n} Zeilen", "en": "{n} rows"}})
    >>> text("doc.example", "de", n=3)
    '3 Zeilen'
    """
    problems = [problem for key, texts in table.items() for problem in _problems(key, texts)]
    if problems:
        raise ValueError("cannot register messages: " + "; ".join(problems))
    for key, texts in table.items():
        _MESSAGES[key] = dict(texts)
    return table


def _problems(key: str, texts: Mapping[str, str]) -> list[str]:
    """Return what is wrong with the texts of ``key`` (missing language, placeholders, clash)."""
    missing = [lang for lang in LANGUAGES if lang not in texts]
    if missing:
        return [f"{key!r} has no text in {', '.join(missing)}"]
    problems = []
    names = {lang: placeholders(texts[lang]) for lang in LANGUAGES}
    if len({frozenset(found) for found in names.values()}) > 1:
        problems.append(f"{key!r} has different placeholders per language: {names}")
    if key in _MESSAGES and _MESSAGES[key] != dict(texts):
        problems.append(f"{key!r} is registered already with other texts")
    return problems


def placeholders(template: str) -> set[str]:
    """Return the names of the placeholders of ``template``.

    Examples
    --------
    >>> sorted(placeholders("{source}: {n:.0f} of {of!r}"))
    ['n', 'of', 'source']
    """
    fields = (name for _, name, _, _ in Formatter().parse(template) if name)
    return {name.split(".")[0].split("[")[0] for name in fields}


def text(key: str, lang: str, /, **params: object) -> str:
    """Return the message ``key`` in ``lang`` with its placeholders filled.

    Parameters
    ----------
    key : str
        A registered key.
    lang : str
        A language of :data:`LANGUAGES`; any other falls back to the first.
    **params
        The values of the placeholders.

    Returns
    -------
    str

    Raises
    ------
    KeyError
        For an unknown key, naming it.
    """
    texts = _MESSAGES.get(key)
    if texts is None:
        raise KeyError(f"no translation for {key!r}")
    template = texts.get(lang, texts[LANGUAGES[0]])
    return _LocalFormatter(lang).format(template, **params) if params else template


@dataclass(frozen=True)
class Message:
    """A key and its parameters, rendered in the language of the text it is a parameter of.

    For a part of a message that is itself words (what was counted, how to
    fix it): ``text("tables.limit", "de", what=Message("tables.what.rows"))``.

    Examples
    --------
    >>> _ = register({"doc.rows": {"de": "Zeilen", "en": "rows"}})
    >>> _ = register({"doc.count": {"de": "{n:,} {what}", "en": "{n:,} {what}"}})
    >>> text("doc.count", "de", n=12000, what=Message("doc.rows"))
    '12.000 Zeilen'
    """

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        """Return the message in ``lang``."""
        return text(self.key, lang, **self.params)


class _LocalFormatter(Formatter):
    """``str.format`` that renders :class:`Message` parameters in ``lang``.

    Numbers formatted with thousands grouping (``{n:,}``, ``{n:,.0f}``) get
    German separators (``12.000,5``) in German; other format specs are as
    written, so a template keeps the exact number format it asks for.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Message):
            return format(value.text(self.lang), format_spec)
        out = format(value, format_spec)
        german = self.lang == "de" and "," in format_spec
        if german and isinstance(value, int | float) and not isinstance(value, bool):
            out = out.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return out


def has(key: str) -> bool:
    """Return whether ``key`` is a registered message."""
    return key in _MESSAGES


def table() -> Mapping[str, Mapping[str, str]]:
    """Return every registered message (key → language → text), e.g. for tests."""
    return _MESSAGES
