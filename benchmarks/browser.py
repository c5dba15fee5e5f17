"""Browser timings of the map and heatmap pages (Chromium via Playwright), for issue 12.

Run against a published store::

    python -m benchmarks.browser /tmp/map5000 --pages karte,heatmap --clicks 3

It starts ``streamlit run dashboard.py`` on a free port with that data
directory, then measures in Debian's chromium:

* ``karte``: navigation until every area is drawn; per click, the time until
  app names the clicked area as selected, until its selection outline is on
  the map (None: not within 30 s) and the websocket bytes the browser
  received for it (decompressed);
* ``heatmap``: navigation until the chart's marks are painted (cold: first
  visit after the server started; warm: a second visit).

Times are wall-clock on a shared machine: compare ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

#: In the map's frame: areas drawn, and the outlined (selected) area's centre.
_STATE_JS = """() => {
  const m = window.map;
  if (!m) return null;
  let areas = 0, outlined = null;
  m.eachLayer(l => {
    if (!l.feature || !l.options) return;
    if (l.options.weight === 4 && l.options.color === '#000000') {
      const c = l.getBounds().getCenter(); outlined = [c.lat, c.lng];
    } else if (l.feature.properties && l.feature.properties.idx !== undefined) { areas += 1; }
  });
  return {areas, outlined};
}"""

#: In the map's frame: an unselected area near the map's centre (container point, centre).
_TARGET_JS = """(skip) => {
  const m = window.map, mid = m.getSize().divideBy(2);
  let best = null;
  m.eachLayer(l => {
    if (!l.feature || !l.feature.properties || l.feature.properties.idx === undefined) return;
    if (skip.includes(l.feature.properties.idx)) return;
    const c = l.getBounds().getCenter(), p = m.latLngToContainerPoint(c);
    const d = p.distanceTo(mid);
    const idx = l.feature.properties.idx;
    if (!best || d < best.d) best = {d, x: p.x, y: p.y, c: [c.lat, c.lng], idx};
  });
  return best;
}"""

_PAINTED_JS = """() => {
  const chart = document.querySelector('[data-testid="stVegaLiteChart"]');
  if (!chart) return false;
  if (chart.querySelectorAll('g.mark-rect path').length > 100) return true;  // SVG
  const c = chart.querySelector('canvas');
  if (!c || !c.width || !c.height) return false;
  const row = c.getContext('2d').getImageData(0, Math.floor(c.height / 2), c.width, 1).data;
  let ink = 0;
  for (let i = 0; i < row.length; i += 4) if (row[i] + row[i + 1] + row[i + 2] < 700) ink++;
  return ink > 20;
}"""

#: Resolves after the next two animation frames (the page has painted).
_FRAMES_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"

_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def _map_frame(page: Any) -> Any:
    handle = page.wait_for_selector(_FRAME, timeout=300_000)
    return handle, handle.content_frame()


def _wait(fn: Any, timeout: float = 300.0, step: float = 0.02) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = fn()
        except Exception:  # a frame being replaced
            value = None
        if value:
            return value
        time.sleep(step)
    raise TimeoutError


def measure_map(page: Any, url: str, received: list[int], clicks: int) -> dict[str, Any]:
    """Return the map page's first-draw time and per-click times and bytes."""
    start = time.monotonic()
    page.goto(f"{url}/karte")
    _wait(lambda: (_map_frame(page)[1].evaluate(_STATE_JS) or {}).get("areas"), timeout=1200)
    first = time.monotonic() - start
    out: dict[str, Any] = {"first_draw_s": round(first, 2), "clicks": []}
    page.wait_for_timeout(1500)
    skip: list[int] = []
    for _ in range(clicks):
        handle, frame = _map_frame(page)
        target = frame.evaluate(_TARGET_JS, skip)
        skip.append(target["idx"])
        box = handle.bounding_box()
        before = sum(received)
        start = time.monotonic()
        page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])

        def drawn(centre: list[float] = target["c"]) -> bool:
            state = _map_frame(page)[1].evaluate(_STATE_JS) or {}
            got = state.get("outlined")
            return bool(got) and all(abs(a - b) < 1e-9 for a, b in zip(got, centre, strict=True))

        chosen = page.get_by_text(re.compile("^(Ausgewählt|Selected): "))
        old = chosen.first.inner_text() if chosen.count() else ""
        try:
            _wait(drawn, timeout=30)
            took: float | None = round(time.monotonic() - start, 2)
        except TimeoutError:  # the outline never appears
            took = None
        _wait(lambda c=chosen, o=old: c.count() and c.first.inner_text() != o, timeout=300)
        rerun = time.monotonic() - start
        page.wait_for_timeout(2500)  # let the rerun finish before counting its bytes
        out["clicks"].append(
            {
                "outline_s": took,
                "selected_s": round(rerun, 2),
                "ws_kb": round((sum(received) - before) / 1e3),
            }
        )
    return out


def measure_heatmap(page: Any, url: str) -> dict[str, Any]:
    """Return the heatmap page's time from navigation until its marks are painted."""
    times = []
    for _ in range(2):
        page.goto("about:blank")
        start = time.monotonic()
        page.goto(f"{url}/heatmap")
        _wait(lambda: page.evaluate(_PAINTED_JS), step=0.05)
        page.evaluate(_FRAMES_JS)
        times.append(round(time.monotonic() - start, 2))
    return {"cold_s": times[0], "warm_s": times[1]}


def main() -> None:
    """Start the app on a data directory and print the timings as JSON."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS, start_streamlit, stop

    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("--pages", default="karte,heatmap")
    parser.add_argument("--clicks", type=int, default=3)
    args = parser.parse_args()
    proc, url = start_streamlit(ROOT / "dashboard.py", {"BILDUNGSAMPEL_DATA_DIR": args.data_dir})
    result: dict[str, Any] = {"data_dir": args.data_dir}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1500, "height": 1000}, locale="de-DE")
            received: list[int] = []
            page.on(
                "websocket",
                lambda ws: ws.on("framereceived", lambda payload: received.append(len(payload))),
            )
            for name in args.pages.split(","):
                try:
                    if name == "karte":
                        result["karte"] = measure_map(page, url, received, args.clicks)
                    elif name == "heatmap":
                        result["heatmap"] = measure_heatmap(page, url)
                except TimeoutError:  # e.g. no heatmap beyond its row limit
                    result[name] = "timeout"
            browser.close()
    finally:
        stop(proc)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
