"""The ``bildungsampel`` command line: ``app`` (typer) and ``main`` (the console script).

Errors are one clear message (what, where, how to fix) and exit status 2,
never a traceback. The commands live by group: :mod:`.rating` (classify,
heatmap), :mod:`.allocation` (allocate), :mod:`.imports` (check-boundaries,
import), :mod:`.admin` (init and the store: versions, rollback, check-store,
backup, restore); shared options in :mod:`.options`, everything printed in
:mod:`.output`.
"""

from __future__ import annotations

from bildungsampel.cli import (  # noqa: F401  (register the commands)
    admin,
    allocation,
    imports,
    rating,
    reports,
)
from bildungsampel.cli.options import app
from bildungsampel.cli.output import err, out

__all__ = ["app", "err", "main", "out"]


def main() -> None:
    """Entry point of the console script."""
    app()
