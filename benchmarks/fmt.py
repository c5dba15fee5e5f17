"""Number formatting for the report: seconds, bytes, spreads and ratios."""

from __future__ import annotations

from typing import Any


def s(value: float | None) -> str:
    """Return seconds as ``12 ms`` or ``1.23 s`` (``–`` when missing)."""
    if value is None:
        return "–"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def sp(spread: dict[str, Any] | None, unit: str = "s") -> str:
    """Return a spread as ``median (min–max)``; one run as its value."""
    if not spread or spread.get("median") is None:
        return "–"
    one = {"s": s, "mb": mb, "x": x, "bytes": kb}[unit]
    if spread.get("runs", 0) <= 1:
        return one(spread["median"])
    return f"{one(spread['median'])} ({one(spread['min'])}–{one(spread['max'])})"


def mb(value: float | None) -> str:
    """Return megabytes (already in MB)."""
    return "–" if value is None else f"{value:.0f} MB"


def kb(value: float | None) -> str:
    """Return a byte count as kB or MB."""
    if value is None:
        return "–"
    return f"{value / 1e3:.1f} kB" if value < 1e6 else f"{value / 1e6:.2f} MB"


def x(value: float | None) -> str:
    """Return a ratio as ``1.23×``."""
    return "–" if value is None else f"{value:.2f}×"


def ok(flag: bool | None) -> str:
    """Return ✅, ❌ or ``not measured``."""
    return "not measured" if flag is None else ("✅" if flag else "❌")


def verdict(ratio: dict[str, Any], faster: str = "faster", slower: str = "slower") -> str:
    """Describe paired ratios (ours / peer) without claiming more than they show."""
    lo, hi = ratio.get("min"), ratio.get("max")
    if lo is None or hi is None:
        return "not measured"
    if hi < 1:
        return f"{faster} in every paired run"
    if lo > 1:
        return f"{slower} in every paired run"
    return "the paired runs fall on both sides of 1"


__all__ = ["kb", "mb", "ok", "s", "sp", "verdict", "x"]
