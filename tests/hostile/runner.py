"""Run a hostile case through the CLI in a forked child (used by the tests and the benchmark).

The child resets its high-water mark (``/proc/self/clear_refs``), runs the CLI in-process and
reports ``VmHWM - VmRSS before`` and the elapsed time through a pipe; a child that does not
answer within the hang guard is killed.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import sqlite3
import time
import traceback
from contextlib import closing
from pathlib import Path

from typer.testing import CliRunner

from bildungsampel import cli
from bildungsampel.service import publishing
from tests.hostile import Case

FORK = multiprocessing.get_context("fork")
TABLE = "Stadtteil;Jahr;Übergang aufs Gymnasium\nBuer;2023/24;44,5\nHeßler;2023/24;18\n"
#: Seconds a forked case may run before it counts as hung and is killed. A guard against a
#: hang, not a speed goal: the slowest case takes about 4 s on an idle machine (≥ 75×), and
#: the time and memory targets are in ``benchmarks/hostile.py``.
HANG_GUARD_S = 300.0


def settle(data_dir: Path) -> Path:
    """Create the sample city's store in ``data_dir``, checkpointed and closed; return it."""
    opened = publishing.open_store(data_dir)
    opened.engine.dispose()
    with closing(sqlite3.connect(opened.path)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return opened.data_dir


def stored(data_dir: Path) -> str:
    """Fingerprint of the store's files; an empty WAL (left by a read) is no content."""
    digest = hashlib.sha256()
    for path in sorted(data_dir.glob("bildungsampel.sqlite*")):
        if not path.name.endswith("-shm") and path.stat().st_size:
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def arguments(case: Case, path: Path, data_dir: Path) -> list[str]:
    """The CLI arguments of a case (refusals with --publish: nothing may be published)."""
    publish = ["--publish"] if case.code else []
    store = ["--data-dir", str(data_dir)]
    if case.command == "indicators":
        return ["import", "indicators", str(path), *publish, *case.args, *store]
    if case.command == "catalogue":
        table = path.parent / "tabelle.csv"
        table.write_text(TABLE, encoding="utf-8")
        return ["import", "indicators", str(table), "--catalog", str(path), *publish, *store]
    if case.command == "boundaries":
        return ["import", "boundaries", str(path), *publish, *case.args, *store]
    return ["check-boundaries", str(path), *case.args]


def status(field: str) -> int:
    """Return a ``/proc/self/status`` field in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def child(args: list[str], conn) -> None:  # pragma: no cover - runs in the fork
    Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current RSS
    base = status("VmRSS")
    cli.out.width = cli.err.width = 1000  # no folding of long messages
    german: list[str] = []  # the refusal in German, for the upload page's parity test
    english = cli.output.fail

    def recording(error: Exception) -> None:
        german.append(error.text("de") if hasattr(error, "text") else str(error))
        english(error)

    cli.output.fail = recording
    start = time.monotonic()
    try:
        result = CliRunner().invoke(cli.app, args)
        code, stdout, stderr = result.exit_code, result.stdout, result.stderr
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            stderr += "".join(traceback.format_exception(result.exception))
    except BaseException as error:
        code, stdout, stderr = -1, "", "".join(traceback.format_exception(error))
    elapsed = time.monotonic() - start
    used = (status("VmHWM") - base) / 1024
    conn.send((code, stdout, stderr, used, elapsed, german[0] if german else None))
    conn.close()


def run_forked(args: list[str], timeout: float = HANG_GUARD_S) -> tuple:
    """Run the CLI with ``args`` in a forked child.

    Returns exit code, stdout, stderr, MiB above the baseline, seconds and the German text
    of the refusal (None when there was none). Raises ``TimeoutError`` when the child does
    not answer within ``timeout`` seconds (it is killed).
    """
    receive, send = FORK.Pipe(duplex=False)
    proc = FORK.Process(target=child, args=(args, send))
    proc.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise TimeoutError(f"no answer within {timeout:.0f} s (killed)")
        return receive.recv()
    finally:
        if proc.is_alive():
            proc.join(5)
        if proc.is_alive():
            proc.kill()
            proc.join()
