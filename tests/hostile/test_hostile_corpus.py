"""The hostile corpus (issue 9), through the CLI: every file gives a clear message or a report
line, never a traceback; the store stays byte-identical; peak memory and time stay under the
case's ceiling (tests/hostile/README.md).

Each case runs in a forked child (pandas, geopandas, the CLI are imported once in the parent):
the child resets its high-water mark (``/proc/self/clear_refs``), runs the CLI in-process and
reports ``VmHWM - VmRSS before`` and the elapsed time through a pipe; a hard timeout kills it.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import shutil
import sqlite3
import time
import traceback
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bildungsampel import cli
from bildungsampel.service import publishing
from tests.hostile import CEILINGS, Case, all_cases

CASES = all_cases()
FORK = multiprocessing.get_context("fork")
TABLE = "Stadtteil;Jahr;Übergang aufs Gymnasium\nBuer;2023/24;44,5\nHeßler;2023/24;18\n"


def marks(case: Case, n: int) -> list:
    """Every fourth case runs in the fast lane (each family is represented); all run in CI."""
    out = []
    if case.slow or n % 4:
        out.append(pytest.mark.slow)
    if case.xfail:
        out.append(pytest.mark.xfail(strict=True, reason=case.xfail))
    return out


PARAMS = [pytest.param(c, id=c.name, marks=marks(c, n)) for n, c in enumerate(CASES)]


@pytest.fixture(scope="session")
def settled_store(tmp_path_factory) -> Path:
    """The sample city's store, checkpointed and closed; each case works on a copy."""
    opened = publishing.open_store(tmp_path_factory.mktemp("corpus") / "data")
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


def run_forked(args: list[str], timeout: float) -> tuple:
    """Run the CLI with ``args`` in a forked child.

    Returns exit code, stdout, stderr, MiB above the baseline, seconds and the German text
    of the refusal (None when there was none).
    """
    receive, send = FORK.Pipe(duplex=False)
    proc = FORK.Process(target=child, args=(args, send))
    proc.start()
    send.close()
    try:
        if not receive.poll(timeout):
            pytest.fail(f"no answer within {timeout:.0f} s (killed)")
        return receive.recv()
    finally:
        if proc.is_alive():
            proc.join(5)
        if proc.is_alive():
            proc.kill()
            proc.join()


def run_case(case: Case, tmp_path: Path, settled_store: Path) -> tuple[str, float, float]:
    data_dir = tmp_path / "data"
    shutil.copytree(settled_store, data_dir)
    path = case.write(tmp_path / "in")
    before = stored(data_dir)
    mib, seconds = case.ceilings
    code, stdout, stderr, used, elapsed, _ = run_forked(
        arguments(case, path, data_dir), timeout=seconds * 2 + 30
    )
    output = " ".join((stdout + "\n" + stderr).split())
    assert "Traceback" not in stdout + stderr, stderr[-3000:]
    assert code == case.code, output[:3000]
    assert re.search(case.expect, output), output[:3000]
    assert stored(data_dir) == before, "the store changed"
    assert used <= mib, f"peak RSS {used:.0f} MiB above the baseline, ceiling {mib:.0f} MiB"
    assert elapsed <= seconds, f"took {elapsed:.1f} s, ceiling {seconds:.0f} s"
    return output, used, elapsed


def test_the_corpus_is_large_and_covers_every_family():
    files = {c.name for c in CASES}
    assert len(files) >= 150
    assert {c.family for c in CASES} == set(CEILINGS)


@pytest.mark.parametrize("case", PARAMS)
def test_hostile_file(case: Case, tmp_path, settled_store, record_property):
    _, used, elapsed = run_case(case, tmp_path, settled_store)
    record_property("peak_mib", round(used, 1))
    record_property("seconds", round(elapsed, 2))
    if log := os.environ.get("HOSTILE_CORPUS_LOG"):  # measurements for tests/hostile/README.md
        with open(log, "a", encoding="utf-8") as out:
            out.write(
                json.dumps([case.family, case.name, round(used, 1), round(elapsed, 2)]) + "\n"
            )
