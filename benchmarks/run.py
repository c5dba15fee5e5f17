"""The benchmark stages, their peers, and the report (JSON + Markdown).

Each stage runs ``repeat`` times in one process (median reported) and once
more under tracemalloc (peak Python/NumPy memory). Peers run on the same data:
``GeoDataFrame.explore`` for the map, ``seaborn.clustermap`` for the heatmap
and ``mapclassify.Quantiles`` for the quantile method.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from benchmarks import synthetic

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {
    "map_payload_ratio": 0.25,
    "classify_5000_s": 5.0,
    "classify_peak_mb": 2048.0,
    "page_small_s": 0.5,
    "page_large_s": 3.0,
    "import_100k_s": 5.0,
}


def measure(fn: Callable[[], Any], repeat: int, *, memory: bool = True) -> dict[str, Any]:
    """Run ``fn`` ``repeat`` times (median seconds) and once under tracemalloc (peak MB)."""
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
    return {
        "median_s": statistics.median(times),
        "runs": len(times),
        "peak_mb": peak,
        "result": result,
    }


def _catalog(city: synthetic.SyntheticCity) -> Any:
    from indicators.catalog import Catalog
    from indicators.catalog_entries import indicator_from_mapping

    return Catalog(
        [indicator_from_mapping({**e, "rule": {"thresholds": [10, 30]}}) for e in city.catalog]
    )


def stage_read(city: synthetic.SyntheticCity, tmp: Path, repeat: int) -> dict[str, Any]:
    """(1) Read the GeoPackage, reproject, clean and simplify for display."""
    from geodata import display
    from geodata.io import read_boundaries

    path = tmp / "areas.gpkg"
    city.areas.to_file(path, driver="GPKG", engine="pyogrio")

    def run() -> Any:
        bnd = read_boundaries(
            path, id_column="area_id", name_column="area_name", parent_column="parent_id"
        )
        return display.simplify_coverage(bnd.areas, tolerance_m=10.0)

    out = measure(run, repeat)
    simple = out.pop("result")
    back = simple.to_crs(city.areas.crs).geometry.to_numpy()
    sample = np.linspace(0, len(back) - 1, min(len(back), 300)).astype(int)
    shift = max(
        shapely.hausdorff_distance(city.areas.geometry.to_numpy()[i], back[i]) for i in sample
    )
    out.update(
        vertices_in=city.vertices,
        vertices_out=int(shapely.get_num_coordinates(simple.geometry.to_numpy()).sum()),
        coverage_valid=bool(shapely.coverage_is_valid(back)),
        max_shift_m=round(float(shift), 2),
    )
    out["simple"] = simple
    return out


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


def stage_map(city: synthetic.SyntheticCity, simple: Any, repeat: int) -> dict[str, Any]:
    """(4) Build the map of one indicator: ours (simplified) and explore's (raw)."""
    from bildungsampel.present import maplayer, palettes
    from bildungsampel.service import assets
    from geodata import mapview
    from indicators import classify, explain
    from indicators.observations import complete_values

    catalog = _catalog(city)
    indicator = city.catalog[0]["id"]
    obs = complete_values(city.observations[city.observations["indicator"] == indicator], catalog)
    rated = explain.add_reasons(
        classify.classify(obs, catalog, indicators=[indicator]), catalog, langs=("de",)
    )
    rows = rated.assign(area_name=rated["area_id"], year=rated["period"], reason=rated["reason_de"])

    def ours() -> str:
        frame = maplayer.map_frame(
            simple, rows, catalog[indicator], lang="de", palette=palettes.PALETTES["ampel"]
        )
        fmap = mapview.build_map(frame, assets=assets.leaflet_assets())
        return str(fmap.get_root().render())

    raw = city.areas.merge(rows[["area_id", "value"]], on="area_id")

    def explore() -> str:
        return str(raw.explore(column="value", scheme="quantiles", k=3).get_root().render())

    mine = measure(ours, repeat)
    peer = measure(explore, repeat)
    mine["html_bytes"] = len(mine.pop("result").encode())
    peer["html_bytes"] = len(peer.pop("result").encode())
    return {
        "ours": mine,
        "explore": peer,
        "payload_ratio": mine["html_bytes"] / peer["html_bytes"],
        "time_ratio": mine["median_s"] / peer["median_s"],
    }


def stage_heatmap_png(city: synthetic.SyntheticCity, repeat: int) -> dict[str, Any]:
    """Heatmap compute + PNG, ours against seaborn.clustermap(standard_scale=1)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns

    from bildungsampel.present import figures
    from indicators import heatmap
    from indicators.observations import complete_values

    catalog = _catalog(city)
    obs = complete_values(city.observations, catalog)
    latest = obs[obs["period"] == obs["period"].max()]
    wide = latest.pivot(index="area_id", columns="indicator", values="value")
    wide = wide.fillna(wide.mean())

    def ours() -> bytes:
        data = heatmap.heatmap_matrix(latest, catalog, cluster=True)
        return figures.figure_bytes(figures.heatmap_figure(data, catalog), "png")

    def peer() -> bytes:
        grid = sns.clustermap(wide, standard_scale=1)
        buffer = io.BytesIO()
        grid.savefig(buffer, format="png", dpi=150)
        plt.close(grid.figure)
        return buffer.getvalue()

    mine = measure(ours, repeat, memory=False)
    theirs = measure(peer, repeat, memory=False)
    mine.pop("result")
    theirs.pop("result")
    return {"ours": mine, "clustermap": theirs, "time_ratio": mine["median_s"] / theirs["median_s"]}


def stage_quantiles(city: synthetic.SyntheticCity, repeat: int) -> dict[str, Any]:
    """Our quantile classifier against mapclassify.Quantiles, per indicator-year."""
    import mapclassify

    from indicators.catalog import Rule
    from indicators.methods import Quantiles, Sample

    catalog = _catalog(city)
    arrays = [
        g["value"].dropna().to_numpy(dtype=float)
        for _, g in city.observations.groupby(["indicator", "period"])
        if g["value"].notna().sum() > 3
    ]
    if not arrays:  # proportions carry counts: use their shares
        arrays = [
            (g["numerator"] / g["denominator"]).dropna().to_numpy(dtype=float)
            for _, g in city.observations.groupby(["indicator", "period"])
        ]
    indicator = next(iter(catalog.values()))
    clf = Quantiles(Rule(k=3))

    def ours() -> None:
        for y in arrays:
            nan = np.full(len(y), np.nan)
            clf.fit(
                Sample(
                    indicator=indicator,
                    values=y,
                    numerators=nan,
                    denominators=nan,
                    rated=np.ones(len(y), dtype=bool),
                    city_value=float(y.mean()),
                    trend_direction=nan,
                )
            )

    def peer() -> None:
        for y in arrays:
            mapclassify.Quantiles(y, k=3)

    mine = measure(ours, repeat, memory=False)
    theirs = measure(peer, repeat, memory=False)
    return {
        "ours_s": mine["median_s"],
        "mapclassify_s": theirs["median_s"],
        "time_ratio": mine["median_s"] / theirs["median_s"],
        "arrays": len(arrays),
    }


def _publish_city(city: synthetic.SyntheticCity, data_dir: Path) -> None:
    from bildungsampel.service.store import Publication, Store

    store = Store(data_dir)
    store.publish(
        Publication(
            kind="init",
            author="benchmark",
            areas=city.areas,
            source_crs="EPSG:25832",
            catalog=city.catalog,
            observations=city.observations,
            replace_observations=True,
            city_name=f"Synthetic {len(city.areas)}",
        )
    )
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
        for _ in range(max(repeat, 2)):
            start = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - start)
        out[page] = {
            "median_s": statistics.median(times),
            "runs": len(times),
            "message": errors[0] if errors else "",
        }
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
    """Run every stage at ``n`` areas."""
    city = synthetic.make_city(n, indicators=indicators, years=years)
    result: dict[str, Any] = {
        "areas": n,
        "indicators": indicators,
        "years": years,
        "observations": len(city.observations),
        "vertices": city.vertices,
    }
    reps = repeat if n <= 1000 else max(1, repeat // 3)
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        read = stage_read(city, tmpdir, reps)
        simple = read.pop("simple")
        result["read"] = read
        result["classify"] = stage_classify(city, reps)
        result["heatmap"] = stage_heatmap(city, reps)
        result["map"] = stage_map(city, simple, reps)
        if n <= 2000:
            result["heatmap_png"] = stage_heatmap_png(city, reps)
        result["quantiles"] = stage_quantiles(city, reps)
        data_dir = tmpdir / "store"
        _publish_city(city, data_dir)
        result["pages"] = stage_pages(data_dir, reps)
        result["import"] = stage_import(city, data_dir, import_rows, reps)
    return result


def exponents(results: list[dict[str, Any]]) -> dict[str, float]:
    """Return the slope of log(time) over log(areas) for each stage (growth exponent)."""
    stages = {
        "read": lambda r: r["read"]["median_s"],
        "classify": lambda r: r["classify"]["median_s"],
        "heatmap": lambda r: r["heatmap"]["median_s"],
        "map (ours)": lambda r: r["map"]["ours"]["median_s"],
        "map (explore)": lambda r: r["map"]["explore"]["median_s"],
        "map page": lambda r: r["pages"]["karte"]["median_s"],
        "import": lambda r: r["import"]["median_s"],
    }
    if len(results) < 2:
        return {}
    sizes = np.log([r["areas"] for r in results])
    return {
        name: float(np.polyfit(sizes, np.log([max(get(r), 1e-6) for r in results]), 1)[0])
        for name, get in stages.items()
    }


def run(
    sizes: list[int],
    *,
    repeat: int = 3,
    indicators: int = 50,
    years: int = 10,
    import_rows: int = 100_000,
    on_size: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Run the whole suite; return the results (JSON-ready).

    ``on_size`` receives the report so far after each size, so that a long
    run leaves its results behind even if a later size is interrupted.
    """
    results: list[dict[str, Any]] = []
    for n in sizes:
        results.append(
            run_size(n, repeat=repeat, indicators=indicators, years=years, import_rows=import_rows)
        )
        if on_size is not None:
            on_size(_report(sizes[: len(results)], results))
    return _report(sizes, results)


def _report(sizes: list[int], results: list[dict[str, Any]]) -> dict[str, Any]:
    import platform

    return {
        "sizes": sizes,
        "results": results,
        "exponents": exponents(results),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "targets": TARGETS,
    }


def to_json(report: dict[str, Any]) -> str:
    """Return the report as JSON."""
    return json.dumps(report, indent=1, default=float)


def markdown(report: dict[str, Any]) -> str:
    """Return docs/PERFORMANCE.md for a report."""
    from benchmarks.report import render_markdown

    return render_markdown(report)


__all__ = ["markdown", "run", "to_json"]
