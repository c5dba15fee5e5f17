"""Spread of repeated runs, growth exponents per size interval, machine load."""

from __future__ import annotations

import itertools
import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np


def spread(values: list[float]) -> dict[str, Any]:
    """Return ``min``, ``median``, ``max``, ``runs`` and the ``values`` of repeated runs."""
    if not values:
        return {"min": None, "median": None, "max": None, "runs": 0, "values": []}
    return {
        "min": min(values),
        "median": statistics.median(values),
        "max": max(values),
        "runs": len(values),
        "values": list(values),
    }


def interleaved(
    fns: dict[str, Callable[[], Any]], repeat: int, *, warmup: bool = True
) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Run the callables pairwise interleaved (A B A B …); return spreads and last results.

    Interleaving puts each pair under the same machine load, so that their
    ratio is meaningful on a shared machine even when absolute times drift.
    With ``warmup`` each callable runs once untimed first (imports, caches).
    """
    times: dict[str, list[float]] = {name: [] for name in fns}
    last: dict[str, Any] = {}
    if warmup:
        for fn in fns.values():
            fn()
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            last[name] = fn()
            times[name].append(time.perf_counter() - start)
    return {name: spread(t) for name, t in times.items()}, last


def ratio(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Return the ratio of medians and the ratios of the paired runs (min/median/max)."""
    pairs = [x / y for x, y in zip(a["values"], b["values"], strict=False) if y]
    out = spread(pairs)
    out["of_medians"] = a["median"] / b["median"] if b["median"] else None
    return out


def load() -> list[float]:
    """Return the 1, 5 and 15 minute load averages."""
    return [round(x, 2) for x in os.getloadavg()]


@contextmanager
def loaded(record: dict[str, Any], stage: str) -> Iterator[None]:
    """Record the load average before and after ``stage`` into ``record[stage]``."""
    before = load()
    try:
        yield
    finally:
        record[stage] = {"before": before, "after": load()}


#: The size intervals over which growth is reported.
INTERVALS = ((18, 542), (542, 5000), (5000, 20000))


def exponents(
    results: list[dict[str, Any]], stages: dict[str, Callable[[dict[str, Any]], float | None]]
) -> dict[str, dict[str, float]]:
    """Return the local growth exponent of each stage per size interval.

    The exponent between sizes n₁ < n₂ is log(t₂/t₁) / log(n₂/n₁): 1 means
    time grows in proportion to the areas. Intervals come from consecutive
    measured sizes (18→542, 542→5,000, … when those were run).
    """
    by_size = sorted(results, key=lambda r: r["areas"])
    out: dict[str, dict[str, float]] = {}
    for name, get in stages.items():
        row: dict[str, float] = {}
        for lo, hi in itertools.pairwise(by_size):
            t1, t2 = _safe(get, lo), _safe(get, hi)
            if t1 and t2 and t1 > 0 and t2 > 0:
                key = f"{lo['areas']}→{hi['areas']}"
                row[key] = float(np.log(t2 / t1) / np.log(hi["areas"] / lo["areas"]))
        if row:
            out[name] = row
    return out


def _safe(get: Callable[[dict[str, Any]], float | None], result: dict[str, Any]) -> float | None:
    try:
        return get(result)
    except (KeyError, TypeError):
        return None


__all__ = ["exponents", "interleaved", "load", "loaded", "ratio", "spread"]
