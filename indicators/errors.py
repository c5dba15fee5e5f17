"""Exceptions raised for bad input, carrying a message key and its parameters."""

from __future__ import annotations

from typing import TypeVar

from indicators import domain_messages as _domain_messages  # noqa: F401 - registers them
from indicators import messages

_E = TypeVar("_E", bound="BildungsampelError")


class BildungsampelError(ValueError):
    """Input that cannot be used, with what is wrong, where, and how to fix it.

    Parameters
    ----------
    key : str
        A key of the message table (:mod:`indicators.messages`); its texts
        say what is wrong and how to fix it in every language.
    hint : str, optional
        What the user can set to fix it ("crs", "year", "id_column",
        "parent_column", "layer", "sheet", "limit"): the message says it in
        words, the CLI adds the flag and the upload page the field.
    message_de : str, optional
        Only for raise sites not yet converted to keys: then ``key`` is the
        English message itself (a sentence) and this the German one.
    **params
        The values of the message's placeholders.

    Raises
    ------
    KeyError
        For a key that is not registered (so a missing table fails loudly).

    Notes
    -----
    ``str(error)`` is the English text, so logs and ``pytest.raises(match=...)``
    read English.
    """

    def __init__(
        self,
        key: str,
        /,
        *,
        hint: str | None = None,
        message_de: str | None = None,
        **params: object,
    ) -> None:
        self.key = key
        self.params = params
        self.hint = hint
        legacy = message_de is not None or " " in key  # an English sentence, not a key
        self._legacy = (key, message_de) if legacy else None
        super().__init__(self.text("en"))

    def text(self, lang: str = "de") -> str:
        """Return the message in ``lang``; a language without texts falls back to English."""
        if self._legacy is not None:
            english, german = self._legacy
            return german if lang == "de" and german is not None else english
        known = lang in messages.LANGUAGES
        return messages.text(self.key, lang if known else "en", **self.params)

    def recast(self, cls: type[_E]) -> _E:
        """Return the same message (key, parameters, hint) as an error of class ``cls``."""
        german = None if self._legacy is None else self._legacy[1]
        return cls(self.key, hint=self.hint, message_de=german, **self.params)


class CatalogError(BildungsampelError):
    """The indicator catalogue is malformed."""


class ObservationError(BildungsampelError):
    """An indicator table cannot be read or does not match the catalogue."""
