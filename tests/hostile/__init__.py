"""The hostile corpus (issue 9): case builders grouped by family.

Each :class:`Case` builds one file in a temporary folder, names the command that reads it and
the outcome expected (exit code and a message regex on the CLI's English output), and carries
a ceiling for the peak resident memory (MiB above the process's size before the command) and
for the wall time. The ceilings are documented in ``tests/hostile/README.md``; the harness is
``tests/test_hostile_corpus.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: Ceilings per family: (MiB of peak RSS above the baseline, seconds).
CEILINGS: dict[str, tuple[float, float]] = {
    "csv": (100.0, 15.0),
    "xlsx": (100.0, 20.0),
    "catalogue": (80.0, 15.0),
    "boundaries": (100.0, 15.0),
}

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
        Key of :data:`CEILINGS`.
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
        Ceilings for this case (default: the family's).
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

    @property
    def ceilings(self) -> tuple[float, float]:
        """Return ``(MiB, seconds)`` for this case."""
        mib, seconds = CEILINGS[self.family]
        return self.mib or mib, self.seconds or seconds

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
