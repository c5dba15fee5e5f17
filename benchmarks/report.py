"""docs/PERFORMANCE.md from a benchmark report."""

from __future__ import annotations

from typing import Any


def _s(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _mb(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} MB"


def _ok(flag: bool) -> str:
    return "✅" if flag else "❌"


#: What profiling found and what was changed in the product (kept with the generator so
#: that a re-run keeps the explanation next to the numbers).
FINDINGS = """
## What the profiles showed, and what changed

Each missed target was profiled (pyinstrument, py-spy for the Streamlit script
thread) and fixed in the product, not in the benchmark:

- **Classification** (5,000 × 50 × 10, all methods; was 47 s and 6.2 GB): the
  result was built as hundreds of small frames with a Python string per label,
  and pandas converted 12.5 million strings to Arrow. Now the long table is
  factorised once into an areas × periods grid per indicator, every period is
  rated in one vectorised pass (trends over sliding windows, exact Poisson
  quantiles computed once per distinct count), and results are written into
  preallocated columns with categorical labels, one method at a time.
- **Import** (100,000 rows; was 13.8 s): cells, periods, names and catalogue
  lookups are now handled once per distinct value, CSV cells stay plain Python
  strings, preparing an import no longer loads the published figures (only
  areas, catalogue and the distinct indicator/period pairs), and publishing
  inserts the new rows and copies the rest with `INSERT OR IGNORE` instead of
  an anti-join against a temporary key table. Then the cost grew with the city
  (15.6 s at 5,000 areas), because every version copied all figures: the store
  now keeps figures in immutable chunks per indicator and year that versions
  share, so a publish writes only what it touches. After the run recorded here,
  preparing an import also stopped decoding, reprojecting and dissolving the
  shapes (it needs names only): re-measured with the same code path, 100,000
  rows at 20,000 areas take 5.5–6.2 s (12.1 s in the table) with a test run in
  parallel; what remains is copying the area shapes into each new version.
- **Heatmap + PNG** (542 areas; was 21 s, then 2.4 s): the matrix rebuilt a set
  of all rows per indicator; optimal leaf ordering (cost grows steeply) is now
  used up to 200 rows; dendrograms are drawn as one line collection from the
  computed coordinates (scipy's plotting set a tick per leaf); overviews beyond
  120 rows are drawn at screen resolution.
- **Map page** (5,000 areas; was 6.4 s warm): streamlit-folium re-rendered the
  whole map on every rerun, and branca compiles each rendered script (with the
  GeoJSON inside) as a Jinja template. The map is now built and rendered once
  per choice and shared (`st_folium(render=False)`), and the PNG/PDF downloads
  are drawn when clicked.
- **Map and heatmap in the browser** (issue 12; `python -m benchmarks.browser DIR`,
  Chromium via Playwright, on a machine shared at load 9–15, so ratios only): the
  selected area was part of the map's cache key, so a click rebuilt and re-sent
  the whole map (5,000 areas: 33 s to the rerun, 5.2 MB over the websocket) and
  the component then ignored the new script: the outline never appeared. Now
  the map is cached without the selection, the outline is a feature group of a
  few KB (`cache.selection`), the browser outlines the clicked area at once
  (`mapview.OutlineOnClick`), tooltips are sent as numbered distinct lines
  (`geodata/maptips.py`; the map script at 5,000 areas 4.53 → 2.78 MB, at 542
  493 → 330 KB), the component's arguments are prepared once
  (`app/leaflet.py`; 0.78 s → 0 per rerun at 5,000) and maps from 1,000 areas
  draw on a canvas (pan at 5,000: 0.4–0.5 s instead of 0.9–1.9 s). The heatmap
  sorts rows and columns by the numeric `row`/`col` fields instead of a list
  of names (a sort expression Vega evaluated per cell), and its 27,000 cells at
  542 areas are cached (`cache.heatmap_cells`, 2–3 s per rerun before).

Beyond 2,000 areas the heatmap page does not draw a clustered (or unclustered)
heatmap: it says why and offers the Stadtbezirke with one button.
"""


def render_markdown(report: dict[str, Any]) -> str:
    """Return the Markdown report: stages per size, peers as ratios, targets, exponents."""
    results = report["results"]
    targets = report["targets"]
    lines = [
        "# Performance",
        "",
        "Measured with `python -m benchmarks --sizes "
        f"{','.join(str(r['areas']) for r in results)}` on "
        f"{report['machine']['cpus']} cores ({report['machine']['platform']}, Python "
        f"{report['machine']['python']}). Medians of repeated runs in one process; peak "
        "memory is what tracemalloc saw during one more run of the stage. Synthetic cities: "
        "Voronoi coverages densified to a vertex every 10 m, 50 indicators of all kinds, "
        "10 years, a few missing cells (`benchmarks/synthetic.py`, seeded).",
        "",
        "## Stages",
        "",
        "| areas | vertices | observations | (1) read + simplify | (2) classify, 5 methods "
        "| peak | (3) heatmap | (4) map build | (5) map page | (5) heatmap page "
        "| (6) import | rows |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['areas']:,} | {r['vertices']:,} | {r['observations']:,} "
            f"| {_s(r['read']['median_s'])} | {_s(r['classify']['median_s'])} "
            f"| {_mb(r['classify']['peak_mb'])} | {_s(r['heatmap']['median_s'])} "
            f"| {_s(r['map']['ours']['median_s'])} | {_s(r['pages']['karte']['median_s'])} "
            f"| {_s(r['pages']['heatmap']['median_s'])} | {_s(r['import']['median_s'])} "
            f"| {r['import']['rows']:,} |"
        )
    lines += [
        "",
        "Display simplification (stage 1): coverage kept valid (no gaps or overlaps) and the "
        "largest border shift, measured on up to 300 areas:",
        "",
        "| areas | vertices in | vertices out | coverage valid | max shift |",
        "|---:|---:|---:|:---:|---:|",
    ]
    for r in results:
        read = r["read"]
        lines.append(
            f"| {r['areas']:,} | {read['vertices_in']:,} | {read['vertices_out']:,} "
            f"| {_ok(read['coverage_valid'])} | {read['max_shift_m']} m |"
        )
    lines += [
        "",
        "Heatmap notes (stage 3): "
        + "; ".join(f"{r['areas']:,}: {r['heatmap']['note']}" for r in results),
        "",
        "Page notes (stage 5, what the page says instead of a view that is not meaningful): "
        + (
            "; ".join(
                f"{r['areas']:,} {page}: {info['message']}"
                for r in results
                for page, info in r["pages"].items()
                if info.get("message")
            )
            or "none"
        ),
        "",
        "## Against the peers (same data, same process; ratio = ours / peer)",
        "",
        "| areas | map HTML ours | explore | payload ratio | map time ours | explore "
        "| time ratio | heatmap+PNG ours | clustermap | ratio | quantiles ours | mapclassify "
        "| ratio |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        m = r["map"]
        h = r.get("heatmap_png")
        q = r["quantiles"]
        hm = (
            f"{_s(h['ours']['median_s'])} | {_s(h['clustermap']['median_s'])} "
            f"| {h['time_ratio']:.2f}"
            if h
            else "– | – | not meaningful"
        )
        lines.append(
            f"| {r['areas']:,} | {m['ours']['html_bytes'] / 2**20:.2f} MB "
            f"| {m['explore']['html_bytes'] / 2**20:.2f} MB | {m['payload_ratio']:.3f} "
            f"| {_s(m['ours']['median_s'])} | {_s(m['explore']['median_s'])} "
            f"| {m['time_ratio']:.2f} | {hm} | {_s(q['ours_s'])} | {_s(q['mapclassify_s'])} "
            f"| {q['time_ratio']:.2f} |"
        )
    lines += ["", "## Targets", "", "| target | result | met |", "|---|---|:---:|"]
    by = {r["areas"]: r for r in results}
    for n in (542, 5000):
        if n in by:
            ratio = by[n]["map"]["payload_ratio"]
            lines.append(
                f"| map payload ≤ {targets['map_payload_ratio']} × explore at {n:,} "
                f"| {ratio:.3f} | {_ok(ratio <= targets['map_payload_ratio'])} |"
            )
            t = by[n]["map"]["time_ratio"]
            lines.append(f"| map build time ≤ explore at {n:,} | {t:.2f} × | {_ok(t <= 1)} |")
    if 5000 in by:
        c = by[5000]["classify"]
        lines.append(
            f"| classify 5,000 × 50 × 10, all methods ≤ {targets['classify_5000_s']} s "
            f"| {_s(c['median_s'])} | {_ok(c['median_s'] <= targets['classify_5000_s'])} |"
        )
        lines.append(
            f"| … peak memory ≤ 2 GB | {_mb(c['peak_mb'])} "
            f"| {_ok((c['peak_mb'] or 0) <= targets['classify_peak_mb'])} |"
        )
    for r in results:
        lines.append(
            f"| quantiles no slower than mapclassify at {r['areas']:,} "
            f"| {r['quantiles']['time_ratio']:.2f} × "
            f"| {_ok(r['quantiles']['time_ratio'] <= 1)} |"
        )
    if 542 in by and "heatmap_png" in by[542]:
        t = by[542]["heatmap_png"]["time_ratio"]
        lines.append(f"| heatmap + PNG ≤ clustermap at 542 | {t:.2f} × | {_ok(t <= 1)} |")
    for n, limit in ((18, targets["page_small_s"]), (5000, targets["page_large_s"])):
        if n in by:
            for page in ("karte", "heatmap"):
                t = by[n]["pages"][page]["median_s"]
                lines.append(f"| {page} page ≤ {limit} s at {n:,} | {_s(t)} | {_ok(t <= limit)} |")
    for r in results:
        t = r["import"]["median_s"]
        if r["import"]["rows"] >= 100_000:
            lines.append(
                f"| import 100,000 rows ≤ 5 s ({r['areas']:,} areas) | {_s(t)} "
                f"| {_ok(t <= targets['import_100k_s'])} |"
            )
    lines += ["", FINDINGS.strip()]
    if report["exponents"]:
        lines += [
            "",
            "## Growth (slope of log time over log areas)",
            "",
            "| stage | exponent |",
            "|---|---:|",
        ]
        lines += [f"| {k} | {v:.2f} |" for k, v in report["exponents"].items()]
    lines.append("")
    return "\n".join(lines)
