"""Exceptions raised for bad input, carrying a translatable message."""

from __future__ import annotations


class BildungsampelError(ValueError):
    """Input that cannot be used, with what is wrong, where, and how to fix it.

    Parameters
    ----------
    message : str
        The full English message (used for ``str(err)``).
    message_de : str, optional
        The German message shown in the German UI; defaults to ``message``.
    hint : str, optional
        What the user can set to fix it ("crs", "year", "id_column",
        "parent_column", "layer", "sheet", "limit"): the message says it in
        words, the CLI adds the flag and the upload page the field.
    """

    def __init__(
        self, message: str, *, message_de: str | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message)
        self.message_en = message
        self.message_de = message_de if message_de is not None else message
        self.hint = hint

    def text(self, lang: str = "de") -> str:
        """Return the message in ``lang`` ("de" or "en")."""
        return self.message_de if lang == "de" else self.message_en


class CatalogError(BildungsampelError):
    """The indicator catalogue is malformed."""


class ObservationError(BildungsampelError):
    """An indicator table cannot be read or does not match the catalogue."""
