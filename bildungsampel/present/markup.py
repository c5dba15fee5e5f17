r"""Text from data made inert for Streamlit's Markdown.

Streamlit renders Markdown (GitHub-flavoured, with LaTeX, colour directives,
emoji and icon short codes) in titles, captions, alerts, ``st.write``,
``st.markdown`` and in the labels of buttons, metrics, expanders, widgets and
radio options. A name from a file such as ``[klick](http://evil.example/)`` or
``![x](http://evil.example/x.png)`` would become a live link or an image that
fetches from outside. Every text from data that reaches Markdown goes through
:func:`md` (or a template through :func:`md_t`); select-box and multiselect
options and table cells are plain text and need nothing.

Two steps:

1. every ASCII punctuation character with a meaning in Markdown, HTML, LaTeX
   or a directive is backslash-escaped (``\[``, ``\$``, ``\:``, ``\<`` …);
2. GitHub's *literal* autolinks (``http://…``, ``www.…``, ``name@host.tld``),
   emoji short codes (``:smile:``) and Material icons (``:material/home:``)
   are found in the text *after* the escapes are resolved, so escaping cannot
   stop them: a WORD JOINER (U+2060, invisible, no line break) is put between
   ``http``/``https``/``www`` and what follows, before every ``@`` and after
   a colon followed by a letter, digit, ``_``, ``+`` or ``-``; no such pattern
   matches across it.
"""

from __future__ import annotations

import re

from bildungsampel.present.i18n import t

#: Invisible character that breaks GitHub's literal autolinks.
WORD_JOINER = "\u2060"

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~$:&=^])")
_AUTOLINK = re.compile(r"(https?|www)(?=\\[:.])|(?=@)|(\\:)(?=\\?[A-Za-z0-9_+\-])", re.IGNORECASE)


def md(text: object) -> str:
    r"""Return ``text`` so that Streamlit's Markdown shows it literally.

    Parameters
    ----------
    text : object
        Any value (converted with ``str``): a name, label, unit, source, file
        name, value or a whole error message.

    Returns
    -------
    str
        The text with Markdown/HTML/LaTeX specials backslash-escaped and
        literal autolinks broken by an invisible word joiner.

    Examples
    --------
    >>> md("[klick](http://evil.example/)")
    '\\[klick\\]\\(http\u2060\\://evil\\.example/\\)'
    """
    escaped = _SPECIAL.sub(r"\\\1", str(text))
    return _AUTOLINK.sub(lambda m: (m.group(1) or m.group(2) or "") + WORD_JOINER, escaped)


def shown(text: str) -> str:
    """Return what a reader sees of a :func:`md` text (for tests comparing messages)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text).replace(WORD_JOINER, "")


def md_t(key: str, lang: str = "de", **values: object) -> str:
    """Return the translated template ``key`` with every value passed through :func:`md`.

    The templates themselves are trusted (they may carry Markdown); only the
    values filled in come from data.
    """
    return t(key, lang, **{name: md(value) for name, value in values.items()})
