"""Errors of reading boundary files (shared by the reading phases in :mod:`geodata`)."""

from __future__ import annotations

from typing import Any

from geodata import messages as _messages  # noqa: F401 - registers the boundary messages
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

    def __init__(self, key: str, /, *, layers: list[str], **params: Any) -> None:
        super().__init__(key, hint="layer", layers=", ".join(layers), **params)
        self.layers = layers
