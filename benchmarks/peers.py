"""Like-for-like peer comparisons: the same input and the same work, interleaved.

- **Map**: ours against ``GeoDataFrame.explore`` on the *same* simplified
  display coverage and the same values; separately, explore on the raw 10 m
  geometry against explore on the simplified one — "what the simplification
  buys" — with the simplification's own time (stage 1) next to it.
- **Quantiles**: our classifier against ``mapclassify.Quantiles`` without its
  summary statistics (``MapClassifier._summary`` computes the class lists, TSS,
  ADCM and GADF after the bins; our classifier computes none of them), and
  the full ``mapclassify.Quantiles`` for reference.
- **Heatmap + PNG**: ours against ``seaborn.clustermap`` on the same matrix.

Every pair runs interleaved (A B A B …) so that both see the same load.
"""

from __future__ import annotations

import gzip
import io
from typing import Any

import numpy as np
import shapely

from benchmarks import stats, synthetic


def _bytes(html: str) -> dict[str, int]:
    raw = html.encode()
    return {"html_bytes": len(raw), "gzip_bytes": len(gzip.compress(raw, compresslevel=6))}


def _vertices(frame: Any) -> int:
    return int(shapely.get_num_coordinates(frame.geometry.to_numpy()).sum())


def _explore(frame: Any) -> str:
    fmap = frame.explore(
        column="value", scheme="quantiles", k=3, tiles=None, legend=False,
        tooltip=["area_name", "value"],
    )  # fmt: skip
    return str(fmap.get_root().render())


def map_frames(city: synthetic.SyntheticCity, simple: Any, catalog: Any) -> dict[str, Any]:
    """Return the rated rows of the first indicator and the frames each map gets."""
    from indicators import classify, explain
    from indicators.observations import complete_values

    indicator = city.catalog[0]["id"]
    obs = complete_values(city.observations[city.observations["indicator"] == indicator], catalog)
    rated = explain.add_reasons(
        classify.classify(obs, catalog, indicators=[indicator]), catalog, langs=("de",)
    )
    rows = rated.assign(area_name=rated["area_id"], year=rated["period"], reason=rated["reason_de"])
    values = rows[["area_id", "value"]]
    names = city.areas[["area_id", "area_name"]]
    return {
        "indicator": indicator,
        "rows": rows,
        "simple": simple[["area_id", "geometry"]].merge(names, on="area_id").merge(values),
        "raw": city.areas[["area_id", "area_name", "geometry"]].merge(values, on="area_id"),
    }


def stage_map(
    city: synthetic.SyntheticCity, simple: Any, catalog: Any, repeat: int
) -> dict[str, Any]:
    """(4) The map: ours vs explore (same coverage); explore raw vs simplified."""
    from bildungsampel.present import maplayer, palettes
    from bildungsampel.service import assets
    from geodata import mapview

    frames = map_frames(city, simple, catalog)

    def ours() -> str:
        frame = maplayer.map_frame(
            simple, frames["rows"], catalog[frames["indicator"]], lang="de",
            palette=palettes.PALETTES["ampel"],
        )  # fmt: skip
        fmap = mapview.build_map(frame, assets=assets.leaflet_assets())
        return str(fmap.get_root().render())

    same, html = stats.interleaved(
        {"ours": ours, "explore": lambda: _explore(frames["simple"])}, repeat
    )
    buys, raw_html = stats.interleaved(
        {"raw": lambda: _explore(frames["raw"]), "simplified": lambda: _explore(frames["simple"])},
        repeat,
    )
    return {
        "ours": {**same["ours"], **_bytes(html["ours"]), "vertices": _vertices(simple)},
        "explore": {
            **same["explore"],
            **_bytes(html["explore"]),
            "vertices": _vertices(frames["simple"]),
        },
        "time_ratio": stats.ratio(same["ours"], same["explore"]),
        "bytes_ratio": len(html["ours"]) / len(html["explore"]),
        "gzip_ratio": _bytes(html["ours"])["gzip_bytes"] / _bytes(html["explore"])["gzip_bytes"],
        "simplification": {
            "raw": {**buys["raw"], **_bytes(raw_html["raw"]), "vertices": city.vertices},
            "simplified": {**buys["simplified"], **_bytes(raw_html["simplified"])},
            "time_ratio": stats.ratio(buys["simplified"], buys["raw"]),
        },
    }


def quantile_arrays(city: synthetic.SyntheticCity) -> list[np.ndarray]:
    """Return the values of every indicator-year (shares where only counts exist)."""
    groups = city.observations.groupby(["indicator", "period"])
    arrays = [
        g["value"].dropna().to_numpy(dtype=float) for _, g in groups if g["value"].notna().sum() > 3
    ]
    if not arrays:
        arrays = [
            (g["numerator"] / g["denominator"]).dropna().to_numpy(dtype=float) for _, g in groups
        ]
    return arrays


def stage_quantiles(city: synthetic.SyntheticCity, catalog: Any, repeat: int) -> dict[str, Any]:
    """Our quantile classifier against mapclassify's bins (same work) and its full class."""
    import mapclassify

    from indicators.catalog import Rule
    from indicators.methods import Quantiles, Sample

    class BinsOnly(mapclassify.Quantiles):  # type: ignore[misc]
        """``mapclassify.Quantiles`` without the summary statistics (same work as ours)."""

        def _summary(self) -> None:
            pass

    arrays = quantile_arrays(city)
    indicator = next(iter(catalog.values()))
    clf = Quantiles(Rule(k=3))

    def ours() -> None:
        for y in arrays:
            nan = np.full(len(y), np.nan)
            clf.fit(
                Sample(
                    indicator=indicator, values=y, numerators=nan, denominators=nan,
                    rated=np.ones(len(y), dtype=bool), city_value=float(y.mean()),
                    trend_direction=nan,
                )
            )  # fmt: skip

    def bins() -> None:
        for y in arrays:
            BinsOnly(y, k=3)

    def full() -> None:
        for y in arrays:
            mapclassify.Quantiles(y, k=3)

    times, _ = stats.interleaved({"ours": ours, "bins": bins, "full": full}, repeat)
    return {
        **times,
        "time_ratio": stats.ratio(times["ours"], times["bins"]),
        "full_ratio": stats.ratio(times["ours"], times["full"]),
        "arrays": len(arrays),
    }


def stage_heatmap_png(city: synthetic.SyntheticCity, catalog: Any, repeat: int) -> dict[str, Any]:
    """Heatmap compute + PNG, ours against seaborn.clustermap(standard_scale=1), interleaved."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns

    from bildungsampel.present import figures
    from indicators import heatmap
    from indicators.observations import complete_values

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

    times, _ = stats.interleaved({"ours": ours, "clustermap": peer}, repeat)
    return {**times, "time_ratio": stats.ratio(times["ours"], times["clustermap"])}


__all__ = ["map_frames", "stage_heatmap_png", "stage_map", "stage_quantiles"]
