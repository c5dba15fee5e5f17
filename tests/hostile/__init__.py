"""The hostile corpus (issue 9): case builders grouped by family.

Each :class:`Case` builds one file in a temporary folder, names the command that reads it and
the outcome expected (exit code and a message regex on the CLI's English output). The harness
is ``tests/hostile/test_hostile_corpus.py``. Peak memory and wall time are benchmark targets:
``benchmarks/hostile.py`` holds the ceilings per family (``CEILINGS``) and reads a case's own
``mib``/``seconds``; ``python -m benchmarks.hostile`` measures them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: The families of cases (the benchmark's ``CEILINGS`` has one entry per family).
FAMILIES = ("csv", "xlsx", "catalogue", "boundaries")

#: Commands: how the harness runs a case's file through the CLI.
COMMANDS = ("indicators", "boundaries", "check-boundaries", "catalogue")


@dataclass(frozen=True)
class Case:
    """One hostile file, how to read it and what must come out.

    Parameters
    ----------
    name : str
        Unique case name (the test id).
    family : str
        One of :data:`FAMILIES`.
    file : str
        File name the builder's bytes are written to.
    build : callable
        ``build(tmp) -> bytes | Path``: the content, or a path the builder wrote itself.
    command : str
        One of :data:`COMMANDS`.
    expect : str
        Regex searched in the CLI output (stdout + stderr, whitespace collapsed).
    code : int
        Expected exit code: 2 refused with a message, 1 report with errors, 0 accepted.
    mib, seconds : float, optional
        Benchmark targets for this case: peak RSS above the baseline and wall time (default:
        the family's, ``benchmarks.hostile.CEILINGS``). Not asserted by the tests.
    slow : bool
        Part of the heavy subset (``-m slow``).
    xfail : str, optional
        Reason of a known product bug fixed elsewhere (strict xfail).
    args : tuple of str
        Extra CLI options.
    """

    name: str
    family: str
    file: str
    build: Callable[[Path], bytes | Path]
    command: str
    expect: str
    code: int = 2
    mib: float | None = None
    seconds: float | None = None
    slow: bool = False
    xfail: str | None = None
    args: tuple[str, ...] = ()

    def write(self, tmp: Path) -> Path:
        """Build the file under ``tmp`` and return its path."""
        tmp.mkdir(parents=True, exist_ok=True)
        built = self.build(tmp)
        if isinstance(built, Path):
            return built
        path = tmp / self.file
        path.write_bytes(built)
        return path

    @property
    def uploadable(self) -> bool:
        """Whether the upload page takes this file (by command and file type)."""
        suffix = self.file.rsplit(".", 1)[-1].lower() if "." in self.file else ""
        if self.command == "indicators":
            return suffix in ("csv", "xlsx", "txt") and not self.args
        if self.command == "boundaries":
            return suffix in ("geojson", "json", "gpkg", "zip") and not self.args
        return False


def all_cases() -> list[Case]:
    """Return every case of every family (names are unique)."""
    from tests.hostile import boundaries, catalogues, tables_csv, tables_xlsx

    cases = [*tables_csv.CASES, *tables_xlsx.CASES, *catalogues.CASES, *boundaries.CASES]
    names = [c.name for c in cases]
    dupes = {n for n in names if names.count(n) > 1}
    assert not dupes, dupes
    return cases
