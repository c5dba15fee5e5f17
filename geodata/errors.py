"""Errors of reading boundary files (shared by the reading phases in :mod:`geodata`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from geodata import messages as _messages  # noqa: F401 - registers the boundary messages
from indicators.errors import BildungsampelError
from indicators.messages import Message


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


class BoundaryProblemsError(BoundaryError):
    """Several independent problems of one boundary file, reported at once.

    Attributes
    ----------
    problems : list of BildungsampelError
        Each problem as it would have been raised alone (the CLI prints one
        line each; the text joins them).
    """

    def __init__(self, problems: Sequence[BildungsampelError]) -> None:
        parts = [Message(p.key, p.params) for p in problems]
        joined = parts[-1]
        for part in reversed(parts[:-1]):
            joined = Message("geodata.problems.and", {"a": part, "b": joined})
        super().__init__("geodata.problems", hint=problems[0].hint, n=len(parts), problems=joined)
        self.problems = list(problems)


def collect(*checks: Callable[[], None]) -> None:
    """Run independent checks and raise every problem they find at once.

    Raises
    ------
    BoundaryError
        The one problem found, or :class:`BoundaryProblemsError` for several.
    """
    found: list[BildungsampelError] = []
    for check in checks:
        try:
            check()
        except BoundaryProblemsError as several:
            found.extend(several.problems)
        except BoundaryError as error:
            found.append(error)
    if len(found) == 1:
        raise found[0]
    if found:
        raise BoundaryProblemsError(found)
