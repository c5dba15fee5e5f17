"""Errors of reading boundary files (shared by the reading phases in :mod:`geodata`)."""

from __future__ import annotations

from indicators.errors import BildungsampelError


class BoundaryError(BildungsampelError):
    """A boundary file cannot be used as it is."""


class LayerChoiceError(BoundaryError):
    """The file holds several layers and none was chosen.

    Attributes
    ----------
    layers : list of str
        The layer names to choose from (give one as ``layer=``).
    """

    def __init__(self, message: str, *, message_de: str, layers: list[str]) -> None:
        super().__init__(message, message_de=message_de, hint="layer")
        self.layers = layers
