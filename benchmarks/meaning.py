"""The targets (met / not met) and "what the numbers mean", generated from a report.

Every sentence is derived from the measured numbers and says no more than
they show: "faster" only when every paired run was faster, a spread that
crosses 1 is called so, and a size that was not run is "not measured".
"""

from __future__ import annotations

from typing import Any

from benchmarks.fmt import kb, mb, ok, s, sp, verdict, x

#: Browser medians (drawn, seconds) at 18 areas on main before issue 12's performance
#: work (commit c043149, 3 fresh servers each, load average 5–11 on 2 cores):
#: "no page slower than today".
BASELINE_18: dict[str, float] = {
    "cold": 21.48,
    "warm": 8.12,
    "click": 2.58,
    "heatmap_cold": 30.78,
    "heatmap_first": 12.31,
    "heatmap_warm": 10.07,
}
#: Slack for "no slower than today" on a shared machine (run-to-run spread at 18 areas).
BASELINE_SLACK = 1.25


def median_ratio(ours: dict[str, Any] | None, peer: dict[str, Any] | None) -> float | None:
    """Return ours / peer of the ``drawn_s`` medians (None when either is missing)."""
    if not ours or not peer:
        return None
    a, b = ours["drawn_s"]["median"], peer["drawn_s"]["median"]
    return a / b if a is not None and b else None


def floor_bytes(floor: dict[str, Any]) -> int:
    """Return the smaller of gzipped TopoJSON and gzipped GeoJSON of the coverage."""
    return int(min(floor["topojson_gzip_bytes"], floor["geojson_gzip_bytes"]))


def _by(report: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {r["areas"]: r for r in report["results"]}


def _browser_targets(
    b: dict[str, Any] | None, targets: dict[str, float]
) -> list[tuple[str, str, bool | None]]:
    if b is None:
        return [("browser targets at 5,000 areas", "not measured", None)]
    o, p = b["ours"], b["explore"]
    cold, warm = median_ratio(o["cold"], p["cold"]), median_ratio(o["warm"], p["warm"])
    wire = o["cold"]["wire_ws"]["median"] / floor_bytes(b["floor"])
    click = o["click"]["drawn_s"]
    return [
        (
            f"first map after server start ≤ {targets['browser_cold_ratio']} × peer cold",
            f"{x(cold)} ({s(o['cold']['drawn_s']['median'])} vs "
            f"{s(p['cold']['drawn_s']['median'])})",
            cold is not None and cold <= targets["browser_cold_ratio"],
        ),
        (
            f"… and ≤ {targets['browser_cold_s']:.0f} s",
            sp(o["cold"]["drawn_s"]),
            o["cold"]["drawn_s"]["median"] <= targets["browser_cold_s"],
        ),
        (
            f"warm new session ≤ {targets['browser_warm_ratio']} × peer",
            f"{x(warm)}",
            warm is not None and warm <= targets["browser_warm_ratio"],
        ),
        (
            f"click to drawn selection ≤ {targets['browser_click_s']:.0f} s",
            sp(click),
            click["median"] <= targets["browser_click_s"],
        ),
        (
            f"server RSS ≤ {targets['browser_rss_mb'] / 1024:.0f} GB",
            sp(o["rss_peak_mb"], "mb"),
            o["rss_peak_mb"]["max"] <= targets["browser_rss_mb"],
        ),
        (
            f"map bytes on the wire ≤ {targets['browser_floor_ratio']} × gzip TopoJSON floor",
            f"{x(wire)} ({kb(o['cold']['wire_ws']['median'])} vs {kb(floor_bytes(b['floor']))})",
            wire <= targets["browser_floor_ratio"],
        ),
    ]


def _baseline_18(b: dict[str, Any] | None) -> list[tuple[str, str, bool | None]]:
    if b is None or not BASELINE_18:
        return [("at 18: no page slower than today", "not measured", None)]
    rows = []
    for key, before in BASELINE_18.items():
        now = b["ours"].get(key)
        if now is None:
            continue
        t = now["drawn_s"]["median"]
        rows.append(
            (
                f"at 18: {key} no slower than today ({s(before)}, × {BASELINE_SLACK} slack)",
                sp(now["drawn_s"]),
                t <= before * BASELINE_SLACK,
            )
        )
    return rows


def targets_table(report: dict[str, Any]) -> list[str]:
    """Return the Markdown table of the issue's targets with met / not met."""
    by, targets = _by(report), report["targets"]
    rows = _browser_targets(by.get(5000, {}).get("browser"), targets)
    hm = by.get(542, {}).get("browser")
    rows.append(
        (
            f"at 542: heatmap page warm ≤ {targets['browser_heatmap_warm_s']:.0f} s in Chromium",
            sp(hm["ours"]["heatmap_warm"]["drawn_s"]) if hm else "not measured",
            hm["ours"]["heatmap_warm"]["drawn_s"]["median"] <= targets["browser_heatmap_warm_s"]
            if hm
            else None,
        )
    )
    rows += _baseline_18(by.get(18, {}).get("browser"))
    if 5000 in by and "classify" in by[5000]:
        c = by[5000]["classify"]
        rows.append(
            (
                f"classify 5,000 × 50 × 10, all methods ≤ {targets['classify_5000_s']:.0f} s",
                sp(c),
                c["median"] <= targets["classify_5000_s"],
            )
        )
        rows.append(
            (
                "… peak memory ≤ 2 GB",
                mb(c["peak_mb"]),
                (c["peak_mb"] or 0) <= targets["classify_peak_mb"],
            )
        )
    for r in report["results"]:
        if "import" in r and r["import"]["rows"] >= 100_000:
            t = r["import"]["median"]
            rows.append(
                (
                    f"import 100,000 rows ≤ 5 s ({r['areas']:,} areas)",
                    sp(r["import"]),
                    t <= targets["import_100k_s"],
                )
            )
    lines = [
        "## Targets (goals, not timed tests)",
        "",
        "| target | result | met |",
        "|---|---|:---:|",
    ]
    lines += [f"| {name} | {result} | {ok(met)} |" for name, result, met in rows]
    return [*lines, ""]


def _map_sentences(r: dict[str, Any]) -> list[str]:
    m = r["map"]
    simp = m["simplification"]
    n = f"{r['areas']:,}"
    out = [
        f"At {n} areas, on the same simplified coverage ({m['ours']['vertices']:,} vertices), "
        f"building our map takes {x(m['time_ratio']['median'])} explore's time "
        f"({verdict(m['time_ratio'])}); our HTML is {x(m['bytes_ratio'])} explore's raw and "
        f"{x(m['gzip_ratio'])} gzipped (our tooltips carry value, city value, interval, "
        "rating, trend and reason; explore's name and value)."
    ]
    raw, small = simp["raw"], simp["simplified"]
    out.append(
        f"What the simplification buys at {n}: {raw['vertices']:,} → "
        f"{m['explore']['vertices']:,} vertices in {s(r['read']['simplify']['median'])} "
        f"(once per boundary version); explore's HTML {kb(raw['html_bytes'])} → "
        f"{kb(small['html_bytes'])} ({kb(raw['gzip_bytes'])} → {kb(small['gzip_bytes'])} "
        f"gzipped) and its build {s(raw['median'])} → {s(small['median'])}. This is a "
        "property of the display geometry, not of either map builder."
    )
    return out


def _other_sentences(r: dict[str, Any]) -> list[str]:
    n = f"{r['areas']:,}"
    q = r["quantiles"]
    out = [
        f"Quantiles at {n}: on the same work (bins and classes) ours takes "
        f"{x(q['time_ratio']['median'])} mapclassify's time ({verdict(q['time_ratio'])}); "
        f"the full `mapclassify.Quantiles`, whose goodness-of-fit statistics ours does not "
        f"compute, is not a like-for-like peer ({x(q['full_ratio']['median'])})."
    ]
    if "heatmap_png" in r:
        h = r["heatmap_png"]["time_ratio"]
        out.append(f"Heatmap + PNG at {n}: {x(h['median'])} `seaborn.clustermap` ({verdict(h)}).")
    return out


def _browser_sentences(r: dict[str, Any]) -> list[str]:
    b = r["browser"]
    o, p = b["ours"], b["explore"]
    n = f"{r['areas']:,}"
    out = [
        f"In Chromium at {n} areas, first map after a server start: ours "
        f"{sp(o['cold']['drawn_s'])}, peer {sp(p['cold']['drawn_s'])} "
        f"({x(median_ratio(o['cold'], p['cold']))}); new session on the warm server: ours "
        f"{sp(o['warm']['drawn_s'])}, peer {sp(p['warm']['drawn_s'])} "
        f"({x(median_ratio(o['warm'], p['warm']))}); click until the selection is drawn: "
        f"ours {sp(o['click']['drawn_s'])}, peer {sp(p['click']['drawn_s'])}. Server RSS "
        f"peak: ours {sp(o['rss_peak_mb'], 'mb')}, peer {sp(p['rss_peak_mb'], 'mb')}."
    ]
    wire = o["cold"]["wire_ws"]["median"]
    out.append(
        f"A map visit at {n} sends {kb(wire)} over the websocket "
        f"({kb(o['cold']['payload_ws']['median'])} decoded); the shapes alone need at least "
        f"{kb(floor_bytes(b['floor']))} gzipped "
        f"({x(wire / floor_bytes(b['floor']))} of that floor; the peer sends "
        f"{kb(p['cold']['wire_ws']['median'])}). Streamlit's page and scripts add "
        f"{kb(o['cold']['wire_http']['median'])} per empty browser cache (peer "
        f"{kb(p['cold']['wire_http']['median'])})."
    )
    if "heatmap_warm" in o:
        out.append(
            f"The heatmap page at {n}: "
            + (f"cold {sp(o['heatmap_cold']['drawn_s'])}, " if "heatmap_cold" in o else "")
            + f"first visit on the warm server {sp(o['heatmap_first']['drawn_s'])}, warm "
            f"{sp(o['heatmap_warm']['drawn_s'])}"
            + (
                f" — it shows a message instead: “{msg}”"
                if (msg := b.get("heatmap_message"))
                else ""
            )
            + "."
        )
    return out


def summary(report: dict[str, Any]) -> list[str]:
    """Return the "what the numbers mean" section as Markdown bullets."""
    bullets: list[str] = []
    for r in report["results"]:
        if "browser" in r:
            bullets += _browser_sentences(r)
        if "map" in r:
            bullets += _map_sentences(r) + _other_sentences(r)
    stages = [r.get("load", {}) for r in report["results"]]
    stages += [r["browser"].get("load", {}) for r in report["results"] if "browser" in r]
    load = [v["after"][0] for per in stages for v in per.values()]
    if load:
        bullets.append(
            f"The 1-minute load average during the run ranged {min(load):.1f}–{max(load):.1f} "
            f"on {report['machine']['cpus']} cores: absolute times are those of a shared machine."
        )
    lines = ["## What the numbers mean", ""]
    lines += [f"- {b}" for b in bullets] or ["- nothing measured"]
    return [*lines, ""]


__all__ = ["BASELINE_18", "floor_bytes", "median_ratio", "summary", "targets_table"]
