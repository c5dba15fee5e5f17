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


def test_every_stage_runs_and_reports(tmp_path):
    before = os.environ.get("BILDUNGSAMPEL_DATA_DIR")
    report = run.run([18], repeat=1, indicators=5, years=4, import_rows=300)
    assert os.environ.get("BILDUNGSAMPEL_DATA_DIR") == before
    result = report["results"][0]
    for stage in (
        "read",
        "classify",
        "heatmap",
        "map",
        "heatmap_png",
        "quantiles",
        "pages",
        "import",
    ):
        assert stage in result
    assert result["read"]["coverage_valid"]
    assert result["map"]["ours"]["html_bytes"] > 0
    assert result["pages"]["karte"]["message"] == ""
    assert result["import"]["rows"] == 300
    text = run.markdown(report)
    assert "| 18 |" in text
    assert "## Against the peers" in text
    assert "## What the profiles showed" in text
    assert '"results"' in run.to_json(report)

    # the command line: results are written after each size; --render redraws the Markdown
    from benchmarks.__main__ import main

    saved, md = tmp_path / "results.json", tmp_path / "PERFORMANCE.md"
    saved.write_text(run.to_json(report), encoding="utf-8")
    main(["--render", str(saved), "--markdown", str(md)])
    assert md.read_text(encoding="utf-8") == text
