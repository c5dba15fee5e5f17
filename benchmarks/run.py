"""The benchmark stages, their peers, and the report (JSON + Markdown).

Each stage runs ``repeat`` (≥ 3) times in one process at every size
(min/median/max reported) and once more under tracemalloc (peak Python/NumPy
memory). Peers (:mod:`benchmarks.peers`) run on the same input and the same
work, interleaved with ours. The load average is recorded before and after
every stage. ``browser=True`` adds the Chromium measurements
(:mod:`benchmarks.browser`), the numbers a user feels.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from benchmarks import peers, stats, synthetic

ROOT = Path(__file__).resolve().parents[1]
#: Goals, not timed tests (issue 12): checked in the report, never in the test run.
TARGETS = {
    "classify_5000_s": 5.0,
    "classify_peak_mb": 2048.0,
    "import_100k_s": 5.0,
    "browser_cold_ratio": 0.5,
    "browser_cold_s": 15.0,
    "browser_warm_ratio": 0.5,
    "browser_click_s": 1.0,
    "browser_rss_mb": 1024.0,
    "browser_floor_ratio": 1.5,
    "browser_heatmap_warm_s": 3.0,
}
#: Packages whose versions the report names.
VERSIONS = ("streamlit", "streamlit-folium", "folium", "geopandas", "shapely", "pandas",
            "numpy", "mapclassify", "seaborn", "matplotlib", "altair", "topojson",
            "playwright")  # fmt: skip


def measure(fn: Callable[[], Any], repeat: int, *, memory: bool = True) -> dict[str, Any]:
    """Run ``fn`` ``repeat`` times (min/median/max seconds) and once under tracemalloc (peak MB)."""
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    peak = None
    if memory:
        tracemalloc.start()
        fn()
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return {**stats.spread(times), "peak_mb": peak, "result": result}


def _catalog(city: synthetic.SyntheticCity) -> Any:
    from indicators.catalog import Catalog
    from indicators.catalog_entries import indicator_from_mapping

    return Catalog(
        [indicator_from_mapping({**e, "rule": {"thresholds": [10, 30]}}) for e in city.catalog]
    )


def stage_read(city: synthetic.SyntheticCity, tmp: Path, repeat: int) -> dict[str, Any]:
    """(1) Read the GeoPackage (reproject, clean), then simplify for display; timed apart."""
    from geodata import display
    from geodata.io import read_boundaries

    path = tmp / "areas.gpkg"
    city.areas.to_file(path, driver="GPKG", engine="pyogrio")

    def read() -> Any:
        return read_boundaries(
            path, id_column="area_id", name_column="area_name", parent_column="parent_id"
        ).areas

    areas = read()
    times, last = stats.interleaved(
        {"read": read, "simplify": lambda: display.simplify_coverage(areas, tolerance_m=10.0)},
        repeat,
    )
    simple = last["simplify"]
    back = simple.to_crs(city.areas.crs).geometry.to_numpy()
    sample = np.linspace(0, len(back) - 1, min(len(back), 300)).astype(int)
    shift = max(
        shapely.hausdorff_distance(city.areas.geometry.to_numpy()[i], back[i]) for i in sample
    )
    return {
        **times,
        "vertices_in": city.vertices,
        "vertices_out": int(shapely.get_num_coordinates(simple.geometry.to_numpy()).sum()),
        "coverage_valid": bool(shapely.coverage_is_valid(back)),
        "max_shift_m": round(float(shift), 2),
        "simple": simple,
    }


def stage_classify(city: synthetic.SyntheticCity, repeat: int) -> dict[str, Any]:
    """(2) Classify all indicators × years with every method."""
    from indicators import classify, methods
    from indicators.observations import complete_values

    catalog = _catalog(city)
    obs = complete_values(city.observations, catalog)

    def run() -> int:
        return sum(
            len(f) for f in classify.classify_methods(obs, catalog, methods.names()).values()
        )

    out = measure(run, repeat)
    out["rows"] = out.pop("result")
    return out


def stage_heatmap(city: synthetic.SyntheticCity, repeat: int) -> dict[str, Any]:
    """(3) Heatmap matrix + clustering (refused beyond the limit: the parent level instead)."""
    from indicators import aggregate, heatmap
    from indicators.errors import BildungsampelError
    from indicators.observations import complete_values

    catalog = _catalog(city)
    obs = complete_values(city.observations, catalog)
    note = ""
    if len(city.areas) > heatmap.MAX_CLUSTER_ROWS:
        try:
            heatmap.heatmap_matrix(obs, catalog, cluster=True)
        except BildungsampelError as error:
            note = error.text("en")
        parent_of = dict(zip(city.areas["area_id"], city.areas["parent_id"], strict=True))
        obs = aggregate.aggregate(obs, parent_of, catalog)
    out = measure(lambda: heatmap.heatmap_matrix(obs, catalog, cluster=True), repeat)
    out.pop("result")
    out["note"] = note or "clustered at the area level"
    return out


def _publish_city(city: synthetic.SyntheticCity, data_dir: Path) -> None:
    from bildungsampel.service.store import Store

    store = Store(data_dir)
    store.publish(city.publication(f"Synthetic {len(city.areas)}"))
    # as `bildungsampel import … --publish` does: the dataset and map geometry once, now
    from bildungsampel.service import datasets
    from bildungsampel.service.settings import Settings

    datasets.prepare(store, tolerance_m=Settings().simplify_m)
    store.engine.dispose()


def stage_pages(data_dir: Path, repeat: int) -> dict[str, Any]:
    """(5) Server time of the map and heatmap pages through AppTest, warm cache."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from bildungsampel.app import state

    previous = os.environ.get("BILDUNGSAMPEL_DATA_DIR")
    os.environ["BILDUNGSAMPEL_DATA_DIR"] = str(data_dir)
    state.settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        return _time_pages(
            AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=900), repeat
        )
    finally:
        if previous is None:
            os.environ.pop("BILDUNGSAMPEL_DATA_DIR", None)
        else:
            os.environ["BILDUNGSAMPEL_DATA_DIR"] = previous
        state.settings.cache_clear()
        st.cache_resource.clear()
        st.cache_data.clear()


def _time_pages(at: Any, repeat: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    at.run()
    for page in ("karte", "heatmap"):
        at.switch_page(f"pages/{page}.py").run()  # warms the caches
        errors = [e.value for e in [*at.error, *at.warning]]
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].value}")
        times = []
        for _ in range(max(repeat, 3)):
            start = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - start)
        out[page] = {**stats.spread(times), "message": errors[0] if errors else ""}
    return out


def stage_import(
    city: synthetic.SyntheticCity, data_dir: Path, rows: int, repeat: int
) -> dict[str, Any]:
    """(6) Import a long CSV: parse, validate, match, publish to the store."""
    from bildungsampel.service import publishing

    data, rows = synthetic.import_csv(city, rows)
    store = publishing.open_store(data_dir, create_sample=False)

    def run() -> int:
        prepared, entries = publishing.prepare_indicators(store, data, "import.csv")
        if not prepared.ok:
            raise RuntimeError(prepared.report("en").head().to_string())
        return publishing.publish_indicators(store, prepared, entries, author="benchmark")

    out = measure(run, repeat)
    out.pop("result")
    out["rows"] = rows
    out["bytes"] = len(data)
    return out


def run_size(
    n: int, *, repeat: int, indicators: int, years: int, import_rows: int
) -> dict[str, Any]:
    """Run every stage at ``n`` areas (``repeat`` runs each, at every size)."""
    city = synthetic.make_city(n, indicators=indicators, years=years)
    catalog = _catalog(city)
    load: dict[str, Any] = {}
    result: dict[str, Any] = {
        "areas": n,
        "indicators": indicators,
        "years": years,
        "observations": len(city.observations),
        "vertices": city.vertices,
        "load": load,
    }
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        with stats.loaded(load, "read"):
            read = stage_read(city, tmpdir, repeat)
        simple = read.pop("simple")
        result["read"] = read
        stages: list[tuple[str, Callable[[], dict[str, Any]]]] = [
            ("classify", lambda: stage_classify(city, repeat)),
            ("heatmap", lambda: stage_heatmap(city, repeat)),
            ("map", lambda: peers.stage_map(city, simple, catalog, repeat)),
            ("quantiles", lambda: peers.stage_quantiles(city, catalog, repeat)),
        ]
        if n <= 2000:
            stages.append(("heatmap_png", lambda: peers.stage_heatmap_png(city, catalog, repeat)))
        for name, fn in stages:
            with stats.loaded(load, name):
                result[name] = fn()
        data_dir = tmpdir / "store"
        _publish_city(city, data_dir)
        with stats.loaded(load, "pages"):
            result["pages"] = stage_pages(data_dir, repeat)
        with stats.loaded(load, "import"):
            result["import"] = stage_import(city, data_dir, import_rows, repeat)
    return result


#: How each stage's time is read from a result (growth exponents).
GROWTH: dict[str, Callable[[dict[str, Any]], float | None]] = {
    "read": lambda r: r["read"]["read"]["median"],
    "simplify": lambda r: r["read"]["simplify"]["median"],
    "classify": lambda r: r["classify"]["median"],
    "heatmap": lambda r: r["heatmap"]["median"],
    "map (ours)": lambda r: r["map"]["ours"]["median"],
    "map (explore, same coverage)": lambda r: r["map"]["explore"]["median"],
    "map page (AppTest, warm)": lambda r: r["pages"]["karte"]["median"],
    "import": lambda r: r["import"]["median"],
    "browser map cold (ours)": lambda r: r["browser"]["ours"]["cold"]["drawn_s"]["median"],
    "browser map warm (ours)": lambda r: r["browser"]["ours"]["warm"]["drawn_s"]["median"],
    "browser map warm (explore)": lambda r: r["browser"]["explore"]["warm"]["drawn_s"]["median"],
}


def run(
    sizes: list[int],
    *,
    repeat: int = 3,
    indicators: int = 50,
    years: int = 10,
    import_rows: int = 100_000,
    browser_runs: int = 0,
    stages: bool = True,
    on_size: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Run the whole suite; return the results (JSON-ready).

    ``browser_runs`` > 0 adds that many Chromium runs per size (fresh servers);
    ``stages=False`` runs only those. ``on_size`` receives the report so far
    after each size, so that a long run leaves its results behind.
    """
    results: list[dict[str, Any]] = []
    for n in sizes:
        result: dict[str, Any] = {"areas": n, "load": {}}
        if stages:
            result = run_size(
                n, repeat=repeat, indicators=indicators, years=years, import_rows=import_rows
            )
        if browser_runs:
            from benchmarks import browser

            with stats.loaded(result["load"], "browser"):
                result["browser"] = browser.run(
                    [n], runs=browser_runs, indicators=indicators, years=years
                )[0]
        results.append(result)
        if on_size is not None:
            on_size(_report(results))
    return _report(results)


def _versions() -> dict[str, str]:
    from importlib import metadata

    out = {}
    for name in VERSIONS:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _report(results: list[dict[str, Any]]) -> dict[str, Any]:
    import platform

    return {
        "sizes": [r["areas"] for r in results],
        "results": results,
        "exponents": stats.exponents(results, GROWTH),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "load_at_end": stats.load(),
            "versions": _versions(),
        },
        "targets": TARGETS,
    }


def combine(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """Merge saved reports (e.g. stages and browser run apart) size by size."""
    by_size: dict[int, dict[str, Any]] = {}
    for report in reports:
        for r in report["results"]:
            merged = by_size.setdefault(r["areas"], {"areas": r["areas"], "load": {}})
            load = {**merged["load"], **r.get("load", {})}
            merged.update(r)
            merged["load"] = load
    combined = _report([by_size[n] for n in sorted(by_size)])
    combined["machine"] = reports[0]["machine"]  # as measured, not as rendered
    return combined


def to_json(report: dict[str, Any]) -> str:
    """Return the report as JSON."""
    return json.dumps(report, indent=1, default=float)


def markdown(report: dict[str, Any]) -> str:
    """Return docs/PERFORMANCE.md for a report."""
    from benchmarks.report import render_markdown

    return render_markdown(report)


__all__ = ["combine", "markdown", "run", "to_json"]
