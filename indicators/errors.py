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
        **params: object,
    ) -> None:
        self.key = key
        self.params = params
        self.hint = hint
        super().__init__(self.text("en"))

    def text(self, lang: str = "de") -> str:
        """Return the message in ``lang``; a language without texts falls back to English."""
        known = lang in messages.LANGUAGES
        return messages.text(self.key, lang if known else "en", **self.params)

    def recast(self, cls: type[_E]) -> _E:
        """Return the same message (key, parameters, hint) as an error of class ``cls``."""
        return cls(self.key, hint=self.hint, **self.params)


class CatalogError(BildungsampelError):
    """The indicator catalogue is malformed."""


class ObservationError(BildungsampelError):
    """An indicator table cannot be read or does not match the catalogue."""
