"""``python -m benchmarks --sizes 18,542,5000 --browser [--output results.json]``.

``--quick`` is a smoke run (tiny data, one browser run); ``--render A.json
[B.json …]`` only redraws the Markdown from saved runs (several files are
merged size by size, e.g. the stages and the browser run measured apart).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from benchmarks import run

#: Sections after this line are written by their own benchmarks
#: (``benchmarks.store_backends``, ``benchmarks.hostile``) and kept when the suite
#: regenerates the file.
KEPT = "<!-- Sections below come from their own benchmarks; kept when this file is regenerated. -->"


def _write_markdown(path: Path, text: str) -> None:
    """Write the suite's Markdown, keeping the sections other benchmarks wrote below KEPT."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    tail = old[old.index(KEPT) :] if KEPT in old else ""
    path.write_text(text.rstrip() + "\n\n" + tail if tail else text, encoding="utf-8")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--sizes", default="18,542,5000", help="comma-separated numbers of areas")
    parser.add_argument("--repeat", type=int, default=3, help="runs per stage (≥ 3 for a spread)")
    parser.add_argument("--indicators", type=int, default=50)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--browser", action="store_true", help="also measure in Chromium")
    parser.add_argument("--browser-runs", type=int, default=3, help="fresh servers per size")
    parser.add_argument("--browser-only", action="store_true", help="skip the in-process stages")
    parser.add_argument("--quick", action="store_true", help="tiny smoke run of everything")
    parser.add_argument("--output", type=Path, default=Path("benchmark-results.json"))
    parser.add_argument("--markdown", type=Path, default=run.ROOT / "docs" / "PERFORMANCE.md")
    parser.add_argument(
        "--render", type=Path, nargs="+", metavar="JSON", help="only redraw the Markdown"
    )
    return parser


def main(argv: list[str] | None = None) -> None:
    """Run the suite and write JSON and docs/PERFORMANCE.md."""
    args = _parser().parse_args(argv)
    if args.render:
        saved = [json.loads(p.read_text(encoding="utf-8")) for p in args.render]
        report = saved[0] if len(saved) == 1 else run.combine(saved)
        _write_markdown(args.markdown, run.markdown(report))
        return
    if args.quick:
        args.sizes, args.repeat, args.indicators, args.years = "18", 3, 5, 3
        args.import_rows, args.browser_runs = 300, 1
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    def write(report: dict[str, Any]) -> None:
        args.output.write_text(run.to_json(report), encoding="utf-8")
        _write_markdown(args.markdown, run.markdown(report))

    report = run.run(
        sizes,
        repeat=max(args.repeat, 1),
        indicators=args.indicators,
        years=args.years,
        import_rows=args.import_rows,
        browser_runs=args.browser_runs if (args.browser or args.browser_only) else 0,
        stages=not args.browser_only,
        on_size=write,  # results so far survive an interrupted run
    )
    write(report)
    print(run.markdown(report))


if __name__ == "__main__":
    main()
