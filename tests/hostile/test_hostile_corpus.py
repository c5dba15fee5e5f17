"""The hostile corpus (issue 9), through the CLI: every file gives a clear message or a report
line, never a traceback; the store stays byte-identical (tests/hostile/README.md).

Each case runs in a forked child (``tests/hostile/runner.py``; pandas, geopandas, the CLI are
imported once in the parent); a hang guard kills it. Peak memory and time are benchmark
targets (``python -m benchmarks.hostile``), not asserted here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.hostile import FAMILIES, Case, all_cases
from tests.hostile.runner import arguments, run_forked, settle, stored

__all__ = ["CASES", "arguments", "run_forked", "settled_store", "stored"]

CASES = all_cases()


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
    return settle(tmp_path_factory.mktemp("corpus") / "data")


def run_case(case: Case, tmp_path: Path, settled_store: Path) -> tuple[str, float, float]:
    data_dir = tmp_path / "data"
    shutil.copytree(settled_store, data_dir)
    path = case.write(tmp_path / "in")
    before = stored(data_dir)
    code, stdout, stderr, used, elapsed, _ = run_forked(arguments(case, path, data_dir))
    output = " ".join((stdout + "\n" + stderr).split())
    assert "Traceback" not in stdout + stderr, stderr[-3000:]
    assert code == case.code, output[:3000]
    assert re.search(case.expect, output), output[:3000]
    assert stored(data_dir) == before, "the store changed"
    return output, used, elapsed


def test_the_corpus_is_large_and_covers_every_family():
    files = {c.name for c in CASES}
    assert len(files) >= 150
    assert {c.family for c in CASES} == set(FAMILIES)


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
