"""The benchmark code runs at the smallest size (no assertions on time)."""

import os

import pytest
import shapely

from benchmarks import run, synthetic


def test_synthetic_city_is_a_clean_coverage():
    city = synthetic.make_city(30, indicators=5, years=3)
    assert len(city.areas) == 30
    assert bool(shapely.coverage_is_valid(city.areas.geometry.to_numpy()))
    assert city.areas.area.sum() / 1e6 == pytest.approx(30.0, rel=1e-4)
    assert city.vertices > 30 * 100  # densified to a vertex every 10 m
    assert len(city.observations) == 30 * 5 * 3
    assert city.observations["missing_reason"].isin([None, "missing"]).all()
    again = synthetic.make_city(30, indicators=5, years=3)
    assert again.observations["numerator"].equals(city.observations["numerator"])
    data, rows = synthetic.import_csv(city, 500)
    assert rows == 500
    assert data.decode().count("\n") == 501


SPREAD = {"min", "median", "max", "runs", "values"}


def test_every_stage_runs_and_reports_its_spread(tmp_path):
    before = os.environ.get("BILDUNGSAMPEL_DATA_DIR")
    report = run.run([18], repeat=3, indicators=5, years=4, import_rows=300)
    assert os.environ.get("BILDUNGSAMPEL_DATA_DIR") == before
    result = report["results"][0]
    assert set(result) >= {
        "read", "classify", "heatmap", "map", "heatmap_png", "quantiles", "pages", "import",
    }  # fmt: skip
    # every timing has three runs and its spread
    for timing in (
        result["read"]["read"],
        result["read"]["simplify"],
        result["classify"],
        result["map"]["ours"],
        result["map"]["explore"],
        result["map"]["simplification"]["raw"],
        result["quantiles"]["bins"],
        result["heatmap_png"]["clustermap"],
        result["pages"]["karte"],
        result["import"],
    ):
        assert set(timing) >= SPREAD
        assert timing["runs"] == 3
        assert timing["min"] <= timing["median"] <= timing["max"]
    # like for like: explore gets exactly the vertices ours gets; raw is the 10 m geometry
    m = result["map"]
    assert m["ours"]["vertices"] == m["explore"]["vertices"] == result["read"]["vertices_out"]
    assert m["simplification"]["raw"]["vertices"] == result["vertices"] == 7927
    assert m["simplification"]["simplified"]["html_bytes"] == m["explore"]["html_bytes"]
    assert result["read"]["coverage_valid"]
    assert result["pages"]["karte"]["message"] == ""
    assert result["import"]["rows"] == 300
    assert set(result["load"]) == {
        "read", "classify", "heatmap", "map", "quantiles", "heatmap_png", "pages", "import",
    }  # fmt: skip
    assert len(result["load"]["map"]["before"]) == 3
    assert report["machine"]["versions"]["mapclassify"] == "2.10.0"

    text = run.markdown(report)
    assert "| 18 | 7,927 |" in text
    assert "**What the simplification buys**" in text
    assert "## What the numbers mean" in text
    assert "| at 542: heatmap page warm ≤ 3 s in Chromium | not measured | not measured |" in text
    assert '"results"' in run.to_json(report)

    # the command line: --render redraws the Markdown; two saved runs are merged by size
    from benchmarks.__main__ import main

    saved, md = tmp_path / "results.json", tmp_path / "PERFORMANCE.md"
    saved.write_text(run.to_json(report), encoding="utf-8")
    main(["--render", str(saved), "--markdown", str(md)])
    assert md.read_text(encoding="utf-8") == text
