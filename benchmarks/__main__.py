"""``python -m benchmarks --sizes 18,542,5000,20000 [--output results.json]``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from benchmarks import run


def main(argv: list[str] | None = None) -> None:
    """Run the suite and write JSON and docs/PERFORMANCE.md."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--sizes", default="18,542,5000,20000", help="comma-separated numbers of areas"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per stage (median)")
    parser.add_argument("--indicators", type=int, default=50)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--output", type=Path, default=Path("benchmark-results.json"))
    parser.add_argument("--markdown", type=Path, default=run.ROOT / "docs" / "PERFORMANCE.md")
    parser.add_argument(
        "--render", type=Path, metavar="JSON", help="only rewrite the Markdown from a saved run"
    )
    args = parser.parse_args(argv)
    if args.render:
        saved = json.loads(args.render.read_text(encoding="utf-8"))
        args.markdown.write_text(run.markdown(saved), encoding="utf-8")
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    def write(report: dict[str, Any]) -> None:
        args.output.write_text(run.to_json(report), encoding="utf-8")
        args.markdown.write_text(run.markdown(report), encoding="utf-8")

    report = run.run(
        sizes,
        repeat=args.repeat,
        indicators=args.indicators,
        years=args.years,
        import_rows=args.import_rows,
        on_size=write,  # results so far survive an interrupted run
    )
    write(report)
    print(run.markdown(report))


if __name__ == "__main__":
    main()
