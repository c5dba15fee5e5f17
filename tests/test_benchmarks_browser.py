"""The browser harness at the smallest size: ours and the peer, one fresh server each."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        bool(os.environ.get("BILDUNGSAMPEL_SKIP_E2E")) and not os.environ.get("CI"),
        reason="browser benchmark skipped (BILDUNGSAMPEL_SKIP_E2E)",
    ),
]


def test_browser_harness_measures_both_apps(tmp_path: Path):
    from benchmarks import browser

    if not shutil.which(browser.CHROMIUM):
        pytest.fail(f"chromium not found at {browser.CHROMIUM}")
    # in a process of its own: Playwright's sync API refuses to run where another test of
    # this worker left an asyncio loop running
    code = (
        "import json, sys; from benchmarks import browser; "
        "json.dump(browser.run([18], runs=1, indicators=3, years=2), "
        "open(sys.argv[1], 'w'), default=float)"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "result.json")],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=1800,  # a hang guard: the run takes about a minute when idle
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    [result] = json.loads((tmp_path / "result.json").read_text())
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
