"""The browser harness at the smallest size: ours and the peer, one fresh server each."""

import os
import shutil

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        bool(os.environ.get("BILDUNGSAMPEL_SKIP_E2E")) and not os.environ.get("CI"),
        reason="browser benchmark skipped (BILDUNGSAMPEL_SKIP_E2E)",
    ),
]


def test_browser_harness_measures_both_apps():
    from benchmarks import browser

    if not shutil.which(browser.CHROMIUM):
        pytest.fail(f"chromium not found at {browser.CHROMIUM}")
    [result] = browser.run([18], runs=1, indicators=3, years=2)
    assert result["areas"] == 18
    assert result["floor"]["areas"] == 18
    for app in ("ours", "explore"):
        got = result[app]
        for key in ("cold", "warm", "click"):
            drawn = got[key]["drawn_s"]
            assert drawn["runs"] == (2 if key == "click" else 1)
            assert 0 < drawn["median"] <= got[key]["idle_s"]["median"]
            # the largest websocket message (the map) arrived before the map was drawn
            assert 0 < got[key]["largest_frame_s"]["median"] < drawn["median"] + 0.5
        # the websocket is compressed: fewer bytes crossed the wire than Chromium decoded
        cold = got["cold"]
        assert 0 < cold["wire_ws"]["median"] < cold["payload_ws"]["median"]
        assert got["rss_peak_mb"]["median"] > 50
    assert set(result["ours"]) >= {"heatmap_cold", "heatmap_first", "heatmap_warm"}
    assert "heatmap_warm" not in result["explore"]
    assert result["heatmap_message"] == ""
