"""What a user feels: the map and heatmap pages in Chromium, ours next to the peer.

``python -m benchmarks.browser --sizes 18,542 [--runs 3]``

For each size a synthetic city is published into a store once, and the peer
page (:mod:`benchmarks.peer_explore`) gets the same display coverage. Then,
interleaved (ours, peer, ours, peer …), each run starts a **fresh server**:

- **cold**: the first visit right after the server started, until the map is
  drawn (see :data:`MAP_DRAWN`);
- **click**: an area clicked on the map until the selection is drawn
  (:data:`SELECTION_DRAWN`), once after the cold visit and once in the warm
  session (another area, so no cached selection is reused);
- **warm**: a new browser context (fresh cache, new session) on the warm server;
- ours also: the **heatmap** page in a new context after the map (its first
  visit) and once more (warm), and on a second fresh server the heatmap as
  the very first visit (cold).

After every visit: the server's RSS (the process tree, from /proc), the
payload bytes Chromium decoded (CDP: websocket frames after
permessage-deflate, HTTP bodies after gzip) and the bytes that really
crossed the wire (:class:`benchmarks.wire.CountingProxy`, at the TCP level).
"""

from __future__ import annotations

import argparse
import base64
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import stats, wire

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("BILDUNGSAMPEL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [  # also for the browser tests (tests/e2e/conftest.py)
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
TIMEOUT_MS = 600_000
#: A click that has drawn nothing after this long counts as an error (not a 10-minute wait).
CLICK_TIMEOUT_MS = 120_000

#: "The map is drawn": the st_folium iframe holds at least ``n`` Leaflet paths (SVG
#: renderer; one per area). Adapt here if the map moves to a canvas renderer.
MAP_DRAWN = """(n) => {
  for (const f of document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]')) {
    const doc = f.contentDocument;
    if (!doc) continue;
    if (doc.querySelectorAll('path.leaflet-interactive').length >= n) return true;
    // canvas renderer: the overlay pane's canvas has >= 10 % painted pixels
    const canvas = doc.querySelector('.leaflet-overlay-pane canvas');
    if (canvas && canvas.width > 0 && canvas.height > 0) {
      const probe = doc.createElement('canvas');
      probe.width = 64; probe.height = 64;
      const ctx = probe.getContext('2d');
      ctx.drawImage(canvas, 0, 0, 64, 64);
      const px = ctx.getImageData(0, 0, 64, 64).data;
      let painted = 0;
      for (let i = 3; i < px.length; i += 4) if (px[i] > 0) painted++;
      if (painted >= 0.1 * 64 * 64) return true;
    }
  }
  return false;
}"""
#: "The selection is drawn": a path with the selection style (black, weight 4) in the
#: map — an SVG element, or with the canvas renderer (from
#: :data:`geodata.mapview.CANVAS_FROM_AREAS` areas) a Leaflet layer of that style that
#: the renderer has projected and clipped (``_parts``), i.e. painted in this frame. Both
#: pages draw it so; a product that marks the selection differently changes this one
#: selector.
SELECTION_SELECTOR = 'path[stroke="#000000"][stroke-width="4"]'
SELECTION_DRAWN = """(sel) => {
  for (const f of document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]')) {
    const doc = f.contentDocument;
    if (!doc) continue;
    if (doc.querySelector(sel)) return true;
    const map = f.contentWindow && f.contentWindow.map;
    if (!map || !map._layers) continue;
    for (const id in map._layers) {
      const layer = map._layers[id];
      const o = layer && layer.options;
      if (o && o.color === '#000000' && o.weight === 4 && !layer._path
          && layer._parts && layer._parts.length > 0) return true;
    }
  }
  return false;
}"""
#: "The heatmap is drawn": the Vega chart's canvas has ≥ 10 % painted pixels (or, with
#: the SVG renderer, ≥ ``n`` rect marks), or the page said why it shows none (an alert
#: and the script finished).
HEATMAP_DRAWN = """(n) => {
  const chart = document.querySelector('[data-testid="stVegaLiteChart"]');
  const canvas = chart && chart.querySelector('canvas');
  if (canvas && canvas.width > 0 && canvas.height > 0) {
    const probe = document.createElement('canvas');
    probe.width = 64; probe.height = 64;
    const ctx = probe.getContext('2d');
    ctx.drawImage(canvas, 0, 0, 64, 64);
    const px = ctx.getImageData(0, 0, 64, 64).data;
    let painted = 0;
    for (let i = 0; i < px.length; i += 4) {
      if (px[i + 3] > 0 && (px[i] < 240 || px[i + 1] < 240 || px[i + 2] < 240)) painted++;
    }
    if (painted >= 0.1 * 64 * 64) return true;
  }
  if (chart && chart.querySelectorAll('.mark-rect path').length >= n) return true;
  const status = document.querySelector('[data-testid="stStatusWidget"]');
  const idle = !status || !status.innerText.includes('Running');
  return idle && !!document.querySelector('[data-testid="stAlert"]') && !chart;
}"""
IDLE = """() => {
  if (!document.querySelector('[data-testid="stApp"]')) return false;
  const status = document.querySelector('[data-testid="stStatusWidget"]');
  return !status || !status.innerText.includes('Running');
}"""


def free_port() -> int:
    """Return a free TCP port on localhost."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A ``streamlit run`` process on a free port, logging to a file."""

    proc: subprocess.Popen[bytes]
    port: int
    log: Path

    @classmethod
    def start(cls, script: Path, env: dict[str, str], log: Path) -> Server:
        """Start ``streamlit run script`` and wait for ``/_stcore/health``."""
        port = free_port()
        pythonpath = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
        handle = log.open("ab")
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false"],
            cwd=script.parent, env={**os.environ, "PYTHONPATH": pythonpath, **env},
            stdout=handle, stderr=subprocess.STDOUT,
        )  # fmt: skip
        handle.close()
        server = cls(proc, port, log)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                url = f"http://127.0.0.1:{port}/_stcore/health"
                with urllib.request.urlopen(url, timeout=2) as resp:
                    if resp.status == 200:
                        return server
            except OSError:
                time.sleep(0.2)
        server.stop()
        raise RuntimeError(f"streamlit did not start:\n{log.read_text(errors='replace')[-3000:]}")

    def stop(self) -> None:
        """Terminate the server (and wait for it)."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=20)

    def rss_mb(self) -> float:
        """Return the resident memory of the server and its children, in MB."""
        return sum(_rss_kb(pid) for pid in _tree(self.proc.pid)) / 1024


def _tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, todo = [root], [root]
    while todo:
        pid = todo.pop()
        kids = [p for p, parent in parents.items() if parent == pid]
        found += kids
        todo += kids
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Tab:
    """A page in a new browser context, with its decoded payload counted through CDP."""

    def __init__(self, browser: Any, proxy: wire.CountingProxy) -> None:
        self.context = browser.new_context(viewport={"width": 1500, "height": 1000}, locale="de-DE")
        self.page = self.context.new_page()
        self.proxy = proxy
        self.payload = {"websocket": 0, "http": 0}
        #: browser timestamps (s) of the document request, the first frame sent and the
        #: largest frame received since the last mark: where the time went
        self.times: dict[str, float] = {}
        self.largest = 0
        cdp = self.context.new_cdp_session(self.page)
        cdp.send("Network.enable")
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.on("Network.webSocketFrameSent", self._sent)
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.dataReceived", self._data)

    def _frame(self, event: dict[str, Any]) -> None:
        response = event["response"]
        data = response.get("payloadData", "")
        binary = response.get("opcode") == 2
        size = len(base64.b64decode(data)) if binary else len(data.encode())
        self.payload["websocket"] += size
        if size > self.largest:
            self.largest = size
            self.times["largest_frame"] = float(event["timestamp"])

    def _sent(self, event: dict[str, Any]) -> None:
        self.times.setdefault("first_sent", float(event["timestamp"]))

    def _request(self, event: dict[str, Any]) -> None:
        if event.get("type") == "Document":
            self.times.setdefault("document", float(event["timestamp"]))

    def _data(self, event: dict[str, Any]) -> None:
        self.payload["http"] += int(event.get("dataLength", 0))

    def mark(self) -> tuple[dict[str, int], dict[str, int]]:
        """Return the counters now (to subtract later); restart the timestamps."""
        self.times, self.largest = {}, 0
        return dict(self.payload), self.proxy.counter.snapshot()

    def largest_frame_s(self, start: str) -> float:
        """Return seconds from ``start`` (``document``/``first_sent``) to the largest frame.

        The largest websocket message is the map (or the heatmap's chart): this is
        the server's work plus the transfer; the rest of ``drawn_s`` is the browser.
        """
        t0, t1 = self.times.get(start), self.times.get("largest_frame")
        return t1 - t0 if t0 is not None and t1 is not None else float("nan")

    def since(self, mark: tuple[dict[str, int], dict[str, int]]) -> dict[str, int]:
        """Return the bytes received since ``mark``: payload (decoded) and wire (as sent)."""
        payload, wired = mark
        now = self.proxy.counter.snapshot()
        return {
            "payload_ws": self.payload["websocket"] - payload["websocket"],
            "payload_http": self.payload["http"] - payload["http"],
            "wire_ws": now["websocket"] - wired["websocket"],
            "wire_http": now["http"] - wired["http"],
        }

    def close(self) -> None:
        """Close the context."""
        self.context.close()


def visit(tab: Tab, url: str, drawn: str, arg: Any, server: Server) -> dict[str, Any]:
    """Open ``url`` and time it until ``drawn(arg)`` holds, then until the script is idle."""
    mark = tab.mark()
    start = time.perf_counter()
    tab.page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    tab.page.wait_for_function(drawn, arg=arg, polling=100, timeout=TIMEOUT_MS)
    drawn_s = time.perf_counter() - start
    tab.page.wait_for_function(IDLE, polling=100, timeout=TIMEOUT_MS)
    idle_s = time.perf_counter() - start
    tab.page.wait_for_timeout(300)  # late frames of the same rerun
    served = tab.largest_frame_s("document")
    return {"drawn_s": drawn_s, "idle_s": idle_s, "largest_frame_s": served,
            "rss_mb": server.rss_mb(), **tab.since(mark)}  # fmt: skip


def click(tab: Tab, index: int, server: Server) -> dict[str, Any]:
    """Click the ``index``-th area of the map; time it until the selection is drawn."""
    tab.page.wait_for_function(IDLE, polling=100, timeout=TIMEOUT_MS)
    frame = tab.page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    paths = frame.locator("path.leaflet-interactive")
    mark = tab.mark()
    start = time.perf_counter()
    if paths.count() > index:
        paths.nth(index).dispatch_event("click")
    else:  # canvas renderer: click the middle of the map (an area is always there)
        box = tab.page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
        tab.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tab.page.wait_for_function(
        SELECTION_DRAWN, arg=SELECTION_SELECTOR, polling=100, timeout=CLICK_TIMEOUT_MS
    )
    drawn_s = time.perf_counter() - start
    tab.page.wait_for_function(IDLE, polling=100, timeout=TIMEOUT_MS)
    idle_s = time.perf_counter() - start
    tab.page.wait_for_timeout(300)
    served = tab.largest_frame_s("first_sent")
    return {"drawn_s": drawn_s, "idle_s": idle_s, "largest_frame_s": served,
            "rss_mb": server.rss_mb(), **tab.since(mark)}  # fmt: skip


def guarded(step: Any, *args: Any) -> dict[str, Any]:
    """Run a visit or click; a timeout (or a page error) is recorded, not raised.

    One step that never draws (a lost click under load, a page error) must
    not throw away the runs measured before it; the report counts the errors.
    """
    from playwright.sync_api import Error as PlaywrightError

    try:
        return dict(step(*args))
    except PlaywrightError as error:
        return {"error": str(error).splitlines()[0][:300]}


@dataclass(frozen=True)
class App:
    """A Streamlit app to measure: its script, environment and page paths."""

    name: str
    script: Path
    env: dict[str, str]
    map_path: str
    heatmap_path: str | None = None


def map_session(browser: Any, app: App, n: int, log: Path) -> dict[str, Any]:
    """Fresh server: cold map, click, warm map (new context), click; heatmap first and warm."""
    server = Server.start(app.script, app.env, log)
    try:
        with wire.CountingProxy(server.port) as proxy:
            out: dict[str, Any] = {"rss_idle_mb": server.rss_mb()}
            url = f"{proxy.url}/{app.map_path}"
            for visit_key, click_key, index in (
                ("cold", "click_cold", n // 3),
                ("warm", "click_warm", (2 * n) // 3),
            ):
                tab = Tab(browser, proxy)
                out[visit_key] = guarded(visit, tab, url, MAP_DRAWN, n, server)
                out[click_key] = guarded(click, tab, index, server)
                tab.close()
            if app.heatmap_path is not None:
                for key in ("heatmap_first", "heatmap_warm"):
                    tab = Tab(browser, proxy)
                    heatmap_url = f"{proxy.url}/{app.heatmap_path}"
                    out[key] = guarded(visit, tab, heatmap_url, HEATMAP_DRAWN, n, server)
                    tab.close()
            out["rss_end_mb"] = server.rss_mb()
            return out
    finally:
        server.stop()


def heatmap_session(browser: Any, app: App, n: int, log: Path) -> dict[str, Any]:
    """Fresh server: the heatmap page as the very first visit."""
    server = Server.start(app.script, app.env, log)
    try:
        with wire.CountingProxy(server.port) as proxy:
            tab = Tab(browser, proxy)
            url = f"{proxy.url}/{app.heatmap_path}"
            out = {"heatmap_cold": guarded(visit, tab, url, HEATMAP_DRAWN, n, server)}
            out["heatmap_message"] = _alert(tab)
            tab.close()
            return out
    finally:
        server.stop()


def _alert(tab: Tab) -> str:
    alert = tab.page.locator('[data-testid="stAlert"]')
    return str(alert.first.inner_text()).strip() if alert.count() else ""


VISITS = ("cold", "warm", "click_cold", "click_warm", "heatmap_first", "heatmap_warm",
          "heatmap_cold")  # fmt: skip
NUMBERS = (
    "drawn_s",
    "idle_s",
    "largest_frame_s",
    "rss_mb",
    "payload_ws",
    "payload_http",
    "wire_ws",
    "wire_http",
)


def _numbers(visits: list[dict[str, Any]], key: str) -> list[float]:
    values = [float(v[key]) for v in visits if key in v]
    return [v for v in values if v == v]  # no NaN (a timestamp that was not seen)


def summarise(sessions: list[dict[str, Any]]) -> dict[str, Any]:
    """Return min/median/max over runs of every number of every visit."""
    out: dict[str, Any] = {}
    for key in VISITS:
        visits = [s[key] for s in sessions if key in s]
        if visits:
            out[key] = {num: stats.spread(_numbers(visits, num)) for num in NUMBERS}
    clicks = [s[k] for s in sessions for k in ("click_cold", "click_warm") if k in s]
    if clicks:
        out["click"] = {num: stats.spread(_numbers(clicks, num)) for num in NUMBERS}
    out["errors"] = [v["error"] for s in sessions for v in s.values()
                     if isinstance(v, dict) and "error" in v]  # fmt: skip
    rss = [max(v.get("rss_mb", 0) for v in s.values() if isinstance(v, dict)) for s in sessions]
    out["rss_peak_mb"] = stats.spread([float(r) for r in rss if r])
    return out


def prepare_size(n: int, work: Path, *, indicators: int, years: int) -> dict[str, Any]:
    """Publish the synthetic city, write the peer's app; return both apps and the floor."""
    import geopandas as gpd

    from benchmarks import peer_explore, run, synthetic, topology

    city = synthetic.make_city(n, indicators=indicators, years=years)
    store = work / "store"
    run._publish_city(city, store)
    peer = peer_explore.prepare(store, work / "peer")
    coverage = gpd.read_parquet(peer.data_dir / "areas.parquet")
    ours = App("ours", ROOT / "dashboard.py", {"BILDUNGSAMPEL_DATA_DIR": str(store)}, "karte",
               "heatmap")  # fmt: skip
    explore = App("explore", peer.script, peer.env(), "")
    return {
        "apps": (ours, explore),
        "floor": topology.floor(coverage),
        "vertices": peer.vertices,
        "observations": len(city.observations),
    }


def run_size(
    browser: Any,
    n: int,
    *,
    runs: int,
    indicators: int,
    years: int,
    work: Path,
    heatmap_cold: bool = True,
) -> dict[str, Any]:
    """Measure ours and the peer at ``n`` areas, ``runs`` fresh servers each, interleaved."""
    prepared = prepare_size(n, work, indicators=indicators, years=years)
    ours, peer = prepared["apps"]
    sessions: dict[str, list[dict[str, Any]]] = {"ours": [], "explore": []}
    load: dict[str, Any] = {}
    for i in range(runs):
        with stats.loaded(load, f"run {i + 1}"):
            for app in (ours, peer):
                sessions[app.name].append(map_session(browser, app, n, work / f"{app.name}.log"))
            if heatmap_cold:
                sessions["ours"][-1].update(heatmap_session(browser, ours, n, work / "ours.log"))
    messages = sorted({s.get("heatmap_message", "") for s in sessions["ours"]} - {""})
    return {
        "areas": n,
        "indicators": indicators,
        "years": years,
        "observations": prepared["observations"],
        "display_vertices": prepared["vertices"],
        "floor": prepared["floor"],
        "ours": summarise(sessions["ours"]),
        "explore": summarise(sessions["explore"]),
        "heatmap_message": messages[0] if messages else "",
        "sessions": sessions,
        "load": load,
    }


def run(
    sizes: list[int],
    *,
    runs: int = 3,
    indicators: int = 50,
    years: int = 10,
    heatmap_cold_max: int | None = None,
) -> list[dict[str, Any]]:
    """Run the browser measurements at every size; return one result per size.

    ``heatmap_cold_max``: above this many areas the heatmap's own cold start
    (one more fresh server per run) is skipped; None measures it everywhere.
    """
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for n in sizes:
                with tempfile.TemporaryDirectory(prefix=f"bench-browser-{n}-") as tmp:
                    results.append(
                        run_size(browser, n, runs=runs, indicators=indicators, years=years,
                                 work=Path(tmp),
                                 heatmap_cold=heatmap_cold_max is None or n <= heatmap_cold_max)
                    )  # fmt: skip
        finally:
            browser.close()
    return results


def main(argv: list[str] | None = None) -> None:
    """Print the browser results as a report (JSON; ``--output`` to save it)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.browser")
    parser.add_argument("--sizes", default="18,542")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--indicators", type=int, default=50)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--output", type=Path)
    parser.add_argument("--heatmap-cold-max", type=int, help="skip the heatmap cold start above")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    from benchmarks import run as suite

    results: list[dict[str, Any]] = []
    text = ""
    for n in sizes:  # one size at a time, the report so far saved after each
        results += run(
            [n],
            runs=args.runs,
            indicators=args.indicators,
            years=args.years,
            heatmap_cold_max=args.heatmap_cold_max,
        )
        report = suite._report([{"areas": r["areas"], "load": {}, "browser": r} for r in results])
        text = suite.to_json(report)  # the suite's format: ``--render`` merges it
        if args.output:
            args.output.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
