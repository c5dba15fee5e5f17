"""Hostile inputs: how long refusing them takes and how much memory it needs.

``python -m benchmarks.hostile [--repeat 3] [--quick] [--case REGEX] [--kind cli]
[--output benchmark-hostile.json] [--markdown benchmark-hostile.md]``

The time and memory goals the hostile-input tests used to assert are the targets here
(``benchmarks/hostile_cases.py``, one home); the tests keep the behaviour (message, report
line, cap, refusal). Each case runs ``--repeat`` times (min/median/max seconds); an
in-process case runs once more under tracemalloc (peak MiB); a corpus file (``cli: …``) runs
the CLI in a forked child per run, which reports its own time and peak RSS above its size
before the command (the maximum over the runs is reported). The machine load
(``os.getloadavg``) is recorded before and after: on a loaded shared machine a missed time
target says little, compare with the load. ``--quick`` runs one of each kind once (smoke test);
the other cases are listed with their targets as not run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from benchmarks.hostile_cases import QUICK, Bench, all_benches

ROOT = Path(__file__).resolve().parents[1]


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _in_process(run: Any, repeat: int) -> tuple[list[float], float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    try:
        run()
        peak = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    return times, peak


def _forked(run: Any, repeat: int) -> tuple[list[float], float]:
    samples = [run() for _ in range(repeat)]
    return [s for s, _ in samples], max(m for _, m in samples)


def measure(bench: Bench, repeat: int, settled: Path) -> dict[str, Any]:
    """Run one case ``repeat`` times and return its record (times, peak, targets, met)."""
    record: dict[str, Any] = {
        "name": bench.name,
        "kind": bench.kind,
        "origin": bench.origin,
        "target_s": bench.seconds,
        "target_mib": bench.mib,
        "memory": "rss" if bench.kind == "cli" else "tracemalloc",
        "run": True,
    }
    with tempfile.TemporaryDirectory(prefix="hostile-bench-") as tmp:
        try:
            run = bench.prepare(Path(tmp), settled)
            measured = _forked if bench.kind == "cli" else _in_process
            times, peak = measured(run, repeat)
        except (AssertionError, TimeoutError) as error:
            return {**record, "outcome": f"unexpected: {error}", "met": False}
    record.update(
        outcome="as expected",
        runs=len(times),
        min_s=round(min(times), 4),
        median_s=round(statistics.median(times), 4),
        max_s=round(max(times), 4),
        peak_mib=round(peak, 1),
    )
    # the median against the time target: one slow run on a shared machine is noise
    record["time_met"] = None if bench.seconds is None else record["median_s"] <= bench.seconds
    record["memory_met"] = None if bench.mib is None else peak <= bench.mib
    record["met"] = record["time_met"] is not False and record["memory_met"] is not False
    return record


def not_run(bench: Bench) -> dict[str, Any]:
    """Return the record of a case left out (``--quick``, ``--case``, ``--kind``): targets."""
    return {
        "name": bench.name,
        "kind": bench.kind,
        "origin": bench.origin,
        "target_s": bench.seconds,
        "target_mib": bench.mib,
        "memory": "rss" if bench.kind == "cli" else "tracemalloc",
        "run": False,
        "met": None,
    }


def run(
    *, repeat: int = 3, quick: bool = False, case: str | None = None, kind: str | None = None
) -> dict[str, Any]:
    """Run the selected cases and return the report (machine, load, one record per case)."""
    sys.path.insert(0, str(ROOT))  # the inputs are built by the tests' builders
    from tests.hostile.runner import settle

    benches = all_benches()

    def chosen(bench: Bench) -> bool:
        return (
            (not quick or bench.name in QUICK)
            and (case is None or re.search(case, bench.name) is not None)
            and (kind is None or bench.kind == kind)
        )

    load_before = _load()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="hostile-bench-store-") as tmp:
        settled = settle(Path(tmp) / "data")
        cases = [
            measure(b, 1 if quick else repeat, settled) if chosen(b) else not_run(b)
            for b in benches
        ]
    return {
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "load_before": load_before,
        "load_after": _load(),
        "seconds": round(time.perf_counter() - started, 1),
        "quick": quick,
        "repeat": 1 if quick else repeat,
        "cases": cases,
    }


def _s(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _mib(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} MiB"


def _met(record: dict[str, Any]) -> str:
    if not record["run"]:
        return "not run"
    if record.get("outcome") != "as expected":
        return "not met: " + str(record.get("outcome"))
    return "met" if record["met"] else "not met"


def markdown(report: dict[str, Any]) -> str:
    """Return the report as Markdown: one row per case, targets, met or not met."""
    machine = report["machine"]
    ran = [c for c in report["cases"] if c["run"]]
    lines = [
        "# Hostile inputs",
        "",
        f"`python -m benchmarks.hostile` on {machine['cpus']} cores ({machine['platform']}, "
        f"Python {machine['python']}), {report['repeat']} run(s) per case, "
        f"{report['seconds']:.0f} s in all. Load average (1, 5, 15 min) before "
        f"{report['load_before']}, after {report['load_after']}. Time: min / median / max "
        "(the median is held against the target); memory: tracemalloc peak of one more run "
        "(in-process) or peak RSS above the baseline (cli, max over the runs).",
        "",
        f"{sum(1 for c in ran if c['met'])} of {len(ran)} cases run met their targets "
        f"({len(report['cases']) - len(ran)} not run).",
        "",
        "| case | min | median | max | target | peak | target | memory | |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for c in report["cases"]:
        lines.append(
            f"| {c['name']} | {_s(c.get('min_s'))} | {_s(c.get('median_s'))} | "
            f"{_s(c.get('max_s'))} | {_s(c['target_s'])} | {_mib(c.get('peak_mib'))} | "
            f"{_mib(c['target_mib'])} | {c['memory']} | {_met(c)} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the benchmark, write JSON and Markdown, print the Markdown; return the report."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hostile", description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (at least 3)")
    parser.add_argument("--quick", action="store_true", help="a few small cases, one run each")
    parser.add_argument("--case", help="only the cases whose name matches this regex")
    parser.add_argument("--kind", choices=("in-process", "cli"), help="only one kind of case")
    parser.add_argument("--output", type=Path, default=Path("benchmark-hostile.json"))
    parser.add_argument("--markdown", type=Path, default=Path("benchmark-hostile.md"))
    args = parser.parse_args(argv)
    if args.repeat < 3 and not args.quick:
        parser.error("--repeat must be at least 3 (min/median/max); use --quick for one run")
    report = run(repeat=args.repeat, quick=args.quick, case=args.case, kind=args.kind)
    text = markdown(report)
    args.output.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    args.markdown.write_text(text, encoding="utf-8")
    print(text)
    return report


if __name__ == "__main__":
    main()
