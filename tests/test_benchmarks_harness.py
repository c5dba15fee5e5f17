"""The pieces of the benchmark harness: floor, spreads, growth, proxy, peer page, targets."""

import http.server
import json
import socket
import threading
import urllib.request

import geopandas as gpd
import pytest
import shapely

from benchmarks import fmt, meaning, peer_explore, stats, topology, wire


def two_squares():
    return gpd.GeoDataFrame(
        {"area_id": ["a", "b"]},
        geometry=[shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)],
        crs=4326,
    )


def test_the_floor_of_two_unit_squares_stores_the_shared_border_once():
    floor = topology.floor(two_squares())
    assert floor["areas"] == 2
    assert floor["vertices"] == 10
    assert floor["arcs"] == 3  # the shared edge, and the rest of each square
    assert floor["geojson_bytes"] == 373
    assert floor["topojson_bytes"] == 440
    assert floor["topojson_gzip_bytes"] < floor["topojson_bytes"]
    topo = json.loads(topology.topojson_text(two_squares()))
    assert topo["transform"] == {"scale": [1e-05, 1e-05], "translate": [0.0, 0.0]}
    a, b = (g["arcs"] for g in topo["objects"]["data"]["geometries"])
    assert a == [[0, -2]]  # arc 1 is used reversed (~1 = -2) by a …
    assert b == [[1, 2]]  # … and forwards by b
    assert topo["arcs"][1] == [[100000, 0], [0, 100000]]  # (1, 0) → (1, 1), delta-encoded
    assert meaning.floor_bytes(floor) == floor["geojson_gzip_bytes"]


def test_spread_and_paired_ratio():
    assert stats.spread([3.0, 1.0, 2.0]) == {
        "min": 1.0, "median": 2.0, "max": 3.0, "runs": 3, "values": [3.0, 1.0, 2.0],
    }  # fmt: skip
    assert stats.spread([])["median"] is None
    r = stats.ratio(stats.spread([2.0, 4.0, 6.0]), stats.spread([1.0, 2.5, 2.0]))
    assert r["values"] == [2.0, 1.6, 3.0]
    assert (r["min"], r["median"], r["max"]) == (1.6, 2.0, 3.0)
    assert r["of_medians"] == 2.0
    assert fmt.verdict(r) == "slower in every paired run"
    assert fmt.verdict(stats.spread([0.5, 0.9])) == "faster in every paired run"
    assert fmt.verdict(stats.spread([0.9, 1.2])) == "the paired runs fall on both sides of 1"
    assert fmt.sp(stats.spread([1.5, 0.25, 2.0])) == "1.50 s (250 ms–2.00 s)"


def test_interleaved_runs_a_b_a_b_after_one_warm_up():
    calls = []
    times, last = stats.interleaved(
        {"a": lambda: calls.append("a") or 1, "b": lambda: calls.append("b") or 2}, 3
    )
    assert calls == ["a", "b"] * 4
    assert times["a"]["runs"] == times["b"]["runs"] == 3
    assert last == {"a": 1, "b": 2}


def test_growth_exponents_are_local_per_interval():
    results = [
        {"areas": 18, "t": 1.0},
        {"areas": 542, "t": 542 / 18},  # linear
        {"areas": 5000, "t": (542 / 18) * (5000 / 542) ** 2},  # quadratic
        {"areas": 20000},  # not measured
    ]
    exps = stats.exponents(results, {"stage": lambda r: r["t"]})
    assert exps["stage"] == pytest.approx({"18→542": 1.0, "542→5000": 2.0})


class _Hello(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"x" * 1000
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_the_proxy_counts_what_the_server_sends_by_connection_kind():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with wire.CountingProxy(server.server_address[1]) as proxy:
            with urllib.request.urlopen(f"{proxy.url}/page", timeout=10) as resp:
                assert resp.read() == b"x" * 1000
            with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as conn:
                conn.sendall(b"GET /_stcore/stream HTTP/1.0\r\n\r\n")
                while conn.recv(65536):
                    pass
            seen = proxy.counter.snapshot()
    finally:
        server.shutdown()
    # a response is its 1,000 body bytes plus the status line and headers
    assert 1000 < seen["http"] < 1300
    assert 1000 < seen["websocket"] < 1300
    assert seen["upstream"] > len(b"GET /_stcore/stream HTTP/1.0\r\n\r\n")


def test_the_peer_page_fetches_nothing_from_a_cdn(monkeypatch):
    import folium

    monkeypatch.setattr(folium.Map, "default_js", list(folium.Map.default_js))
    monkeypatch.setattr(folium.Map, "default_css", list(folium.Map.default_css))
    peer_explore.local_assets()
    frame = two_squares().assign(area_name=["A", "B"], value=[1.0, 2.0])
    html = frame.explore(column="value", tiles=None, legend=False).get_root().render()
    assert "https://" not in html
    assert 'src="/app/static/leaflet/leaflet.js"' in html
    assert 'href="/app/static/leaflet/leaflet.css"' in html


def test_the_peer_gets_the_dashboards_display_coverage(tmp_path):
    from benchmarks import run, synthetic
    from geodata import display

    city = synthetic.make_city(18, indicators=2, years=2)
    run._publish_city(city, tmp_path / "store")
    peer = peer_explore.prepare(tmp_path / "store", tmp_path / "peer")
    areas = gpd.read_parquet(peer.data_dir / "areas.parquet")
    assert peer.areas == len(areas) == 18
    mine = display.simplify_coverage(city.areas, tolerance_m=10.0)
    assert peer.vertices == int(shapely.get_num_coordinates(mine.geometry.to_numpy()).sum())
    assert peer.vertices < city.vertices / 10
    assert (tmp_path / "peer" / "static" / "leaflet" / "leaflet.js").is_file()
    assert (
        "enableWebsocketCompression = true"
        in (tmp_path / "peer" / ".streamlit" / "config.toml").read_text()
    )


def visit(drawn, **extra):
    numbers = {
        "drawn_s": drawn, "idle_s": drawn, "rss_mb": 500.0, "payload_ws": 100_000.0,
        "payload_http": 0.0, "wire_ws": 30_000.0, "wire_http": 0.0, **extra,
    }  # fmt: skip
    return {k: stats.spread([v] * 3) for k, v in numbers.items()}


def fake_browser(cold, warm, click, peer_cold, peer_warm, rss=500.0):
    ours = {"cold": visit(cold), "warm": visit(warm), "click": visit(click)}
    ours["heatmap_warm"] = visit(2.0)
    ours["rss_peak_mb"] = stats.spread([rss] * 3)
    peer = {"cold": visit(peer_cold), "warm": visit(peer_warm), "click": visit(1.0)}
    peer["rss_peak_mb"] = stats.spread([400.0] * 3)
    floor = {"topojson_gzip_bytes": 25_000, "geojson_gzip_bytes": 20_000}
    return {"ours": ours, "explore": peer, "floor": floor}


def test_targets_say_met_not_met_and_not_measured():
    report = {
        "results": [
            {"areas": 542, "browser": fake_browser(5, 3, 0.5, 10, 4)},
            {"areas": 5000, "browser": fake_browser(14, 2, 1.5, 30, 6, rss=1500.0)},
        ],
        "targets": __import__("benchmarks.run", fromlist=["TARGETS"]).TARGETS,
        "machine": {"cpus": 2},
    }
    text = "\n".join(meaning.targets_table(report))
    assert (
        "| first map after server start ≤ 0.5 × peer cold | 0.47× (14.00 s vs 30.00 s) | ✅ |"
        in text
    )
    assert "| … and ≤ 15 s | 14.00 s (14.00 s–14.00 s) | ✅ |" in text
    assert "| warm new session ≤ 0.5 × peer | 0.33× | ✅ |" in text
    assert "| click to drawn selection ≤ 1 s | 1.50 s (1.50 s–1.50 s) | ❌ |" in text
    assert "| server RSS ≤ 1 GB | 1500 MB (1500 MB–1500 MB) | ❌ |" in text
    assert (
        "| map bytes on the wire ≤ 1.5 × gzip TopoJSON floor | 1.50× (30.0 kB vs 20.0 kB) | ✅ |"
        in text
    )
    assert "| at 542: heatmap page warm ≤ 3 s in Chromium | 2.00 s (2.00 s–2.00 s) | ✅ |" in text
    assert "| at 18: no page slower than today | not measured | not measured |" in text


def test_at_18_no_page_may_be_slower_than_the_baseline_of_main():
    report = {
        "results": [{"areas": 18, "browser": fake_browser(30, 5, 0.5, 10, 4)}],
        "targets": __import__("benchmarks.run", fromlist=["TARGETS"]).TARGETS,
        "machine": {"cpus": 2},
    }
    text = "\n".join(meaning.targets_table(report))
    assert meaning.BASELINE_18["cold"] * meaning.BASELINE_SLACK < 30
    assert (
        "| at 18: cold no slower than today (21.48 s, × 1.25 slack) "
        "| 30.00 s (30.00 s–30.00 s) | ❌ |" in text
    )
    assert (
        "| at 18: warm no slower than today (8.12 s, × 1.25 slack) | 5.00 s (5.00 s–5.00 s) | ✅ |"
        in text
    )
    assert "heatmap_cold no slower" not in text  # not in the fake run: no row
