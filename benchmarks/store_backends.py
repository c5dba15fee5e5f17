"""Publish and read a large synthetic city on both store backends (SQLite, PostgreSQL).

``python -m benchmarks.store_backends [--areas 5000] [--database-url URL]`` publishes a
city of ``areas`` × 50 indicators × 10 years (5,000 areas: 2.5 M observations) into
a fresh SQLite file and a fresh PostgreSQL database, then reads the published
version back and publishes one indicator-year on top (copy-on-write: one chunk).
Without ``--database-url`` a throw-away server is started from Debian's binaries
(as the tests do). Prints seconds per step and backend as JSON; run it twice and
compare ratios, the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import synthetic


def _timed(step: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = step()
    return time.perf_counter() - start, result


def run_backend(city: synthetic.SyntheticCity, **where: Any) -> dict[str, float]:
    """Publish ``city`` into a new store at ``where``; return seconds per step."""
    from bildungsampel.service.store import Publication, Store

    store = Store(**where)
    whole = city.publication("Synthetic")
    publish_s, _ = _timed(lambda: store.publish(whole))
    read_s, snap = _timed(lambda: store.snapshot())
    first = city.observations.iloc[0]
    one = city.observations[
        (city.observations["indicator"] == first["indicator"])
        & (city.observations["period"] == first["period"])
    ].assign(value=lambda f: f["value"] + 1)
    merge_s, _ = _timed(
        lambda: store.publish(Publication(kind="indicators", author="b", observations=one))
    )
    store.engine.dispose()
    return {
        "publish_s": round(publish_s, 2),
        "read_snapshot_s": round(read_s, 2),
        "publish_one_indicator_year_s": round(merge_s, 2),
        "rows_read": len(snap.observations),
        "rows_merged": len(one),
    }


def main(argv: list[str] | None = None) -> None:
    """Run the comparison and print it as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=5000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    made_s, city = _timed(lambda: synthetic.make_city(args.areas, spacing_m=100.0))
    out: dict[str, Any] = {"observations": len(city.observations), "make_city_s": round(made_s, 1)}
    with tempfile.TemporaryDirectory() as tmp:
        out["sqlite"] = run_backend(city, data_dir=Path(tmp) / "store")
    server = None
    url = args.database_url
    if url is None:
        from tests import pgserver  # the tests' throw-away server

        bindir = pgserver.find_bindir()
        if bindir is None:
            raise SystemExit("no PostgreSQL binaries; pass --database-url")
        server = pgserver.start(bindir, durable=True)
        url = server.url(server.new_database())
    try:
        out["postgresql"] = run_backend(city, url=url)
    finally:
        if server is not None:
            pgserver.stop(server)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
