"""End-to-end: `streamlit run dashboard.py` in Debian's chromium via Playwright.

Every page renders, the map draws 18 areas with tooltips, a click selects an
area that the profile then shows, no request leaves localhost, and hostile
names render as text. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import re

import geopandas as gpd
import pytest
import yaml

import sample_data
from tests.e2e.conftest import ARTIFACTS, ROOT, start_streamlit, stop, wait_for_app

pytestmark = pytest.mark.e2e

PAGES = {
    "": "Bildungsampel – Gelsenkirchen",
    "karte": "Karte",
    "heatmap": "Ampel-Heatmap",
    "profil": "Stadtteilprofil",
    "vergleich": "Vergleich",
    "trends": "Trends",
    "wechselwirkungen": "Wechselwirkungen",
    "mittelverteilung": "Mittelverteilung nach Bedarf",
    "status_dynamik": "Status × Dynamik",
    "methodik": "Methodik",
}
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.wait_for_selector("h1", timeout=60_000)
    wait_for_app(page)


def map_paths(page):
    frame = page.frame_locator(MAP_FRAME)
    paths = frame.locator("path.leaflet-interactive")
    paths.first.wait_for(timeout=60_000)
    return frame, paths


def test_every_page_renders_offline(watched, app_url):
    page = watched.page
    for path, title in PAGES.items():
        open_page(page, f"{app_url}/{path}")
        assert page.locator("h1").first.inner_text().strip() == title
        assert page.locator('[data-testid="stException"]').count() == 0
        page.screenshot(path=str(ARTIFACTS / f"page_{path or 'start'}.png"), full_page=True)
    assert watched.outside() == []
    assert watched.dialogs == []


def test_map_hover_click_and_profile(watched, app_url):
    page = watched.page
    open_page(page, f"{app_url}/karte")
    frame, paths = map_paths(page)
    assert paths.count() == 18
    target = paths.nth(5)
    target.hover(force=True)
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=10_000)
    text = tooltip.inner_text()
    assert "Stadtwert" in text
    assert re.search(r"\d+,\d %", text)
    name = text.splitlines()[0].strip()
    page.screenshot(path=str(ARTIFACTS / "map.png"))
    target.dispatch_event("click")
    page.get_by_text(f"Ausgewählt: {name}").wait_for(timeout=30_000)
    page.get_by_role("button", name=f"Profil von {name} öffnen").click()
    page.get_by_role("heading", name="Stadtteilprofil").wait_for(timeout=30_000)
    wait_for_app(page)
    assert page.get_by_role("heading", name=name, exact=True).count() == 1
    page.screenshot(path=str(ARTIFACTS / "profile.png"), full_page=True)
    assert watched.outside() == []


OUTLINES_JS = """() => {
  const found = [];
  window.map.eachLayer(l => {
    if (l.feature && l.options.weight === 4 && l.options.color === '#000000') {
      const c = l.getBounds().getCenter();
      found.push([c.lat, c.lng]);
    }
  });
  return found;
}"""
CENTRE_JS = """(i) => {
  let centre = null;
  window.map.eachLayer(l => {
    if (l.feature && l.feature.properties && l.feature.properties.idx === i) {
      const c = l.getBounds().getCenter();
      centre = [c.lat, c.lng];
    }
  });
  return centre;
}"""


def test_click_draws_the_selection_without_reloading_the_map(watched, app_url):
    page = watched.page
    open_page(page, f"{app_url}/karte")
    _frame, paths = map_paths(page)
    assert paths.count() == 18
    inner = page.wait_for_selector(MAP_FRAME).content_frame()
    chosen = page.get_by_text(re.compile("^Ausgewählt: "))
    for idx in (5, 11):
        inner.evaluate("() => { window.notReloaded = true; }")
        centre = inner.evaluate(CENTRE_JS, idx)
        old = chosen.first.inner_text() if chosen.count() else ""
        paths.nth(idx).dispatch_event("click")
        # drawn at once in the browser, before the app answers
        assert inner.evaluate(OUTLINES_JS) == [centre]
        page.wait_for_function(
            "(old) => [...document.querySelectorAll('p')]"
            ".some(p => p.innerText.startsWith('Ausgewählt: ') && p.innerText !== old)",
            arg=old,
            timeout=30_000,
        )
        wait_for_app(page)
        # the app's selection layer replaced the browser's outline: still exactly one
        assert inner.evaluate(OUTLINES_JS) == [centre]
        assert inner.evaluate("() => window.notReloaded") is True  # the same map, not redrawn
    page.screenshot(path=str(ARTIFACTS / "map_selected.png"))
    assert watched.outside() == []


def test_heatmap_hover_and_language(watched, app_url):
    page = watched.page
    open_page(page, f"{app_url}/heatmap")
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    chart.screenshot(path=str(ARTIFACTS / "heatmap.png"))
    english = page.get_by_text("English")
    english.click()
    page.get_by_role("heading", name="Ampel heatmap").wait_for(timeout=30_000)
    assert watched.outside() == []


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    areas = gpd.read_file(sample_data.BOUNDARIES)
    areas.loc[areas["stadtteil"] == "Buer", "stadtteil"] = '<img src=x onerror="alert(1)">'
    areas.loc[areas["stadtteil"] == "Erle", "stadtteil"] = "`;alert(2);//</script>"
    areas.to_file(folder / "grenzen.gpkg", driver="GPKG")
    catalog = yaml.safe_load(sample_data.CATALOG.read_text(encoding="utf-8"))
    catalog["indicators"][0]["label_de"] = "<script>alert(3)</script>Gymnasium"
    (folder / "katalog.yaml").write_text(
        yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8"
    )
    env = {
        "BILDUNGSAMPEL_BOUNDARIES": str(folder / "grenzen.gpkg"),
        "BILDUNGSAMPEL_INDICATORS": str(sample_data.INDICATORS),
        "BILDUNGSAMPEL_CATALOG": str(folder / "katalog.yaml"),
        "BILDUNGSAMPEL_ID_COLUMN": "stadtteil_nr",
        "BILDUNGSAMPEL_NAME_COLUMN": "stadtteil",
        "BILDUNGSAMPEL_PARENT_COLUMN": "stadtbezirk",
    }
    proc, url = start_streamlit(ROOT / "dashboard.py", env)
    yield url
    stop(proc)


def test_hostile_names_render_as_text(watched, hostile_app):
    page = watched.page
    open_page(page, f"{hostile_app}/karte")
    frame, paths = map_paths(page)
    assert paths.count() == 18
    found = []
    for i in range(18):
        paths.nth(i).dispatch_event("mouseover")
        text = frame.locator(".leaflet-tooltip").last.inner_text()
        found.append(text.splitlines()[0])
        paths.nth(i).dispatch_event("mouseout")
    assert '<img src=x onerror="alert(1)">' in found
    assert "`;alert(2);//</script>" in found
    hostile = found.index('<img src=x onerror="alert(1)">')
    paths.nth(hostile).dispatch_event("click")
    selected = page.get_by_text('Ausgewählt: <img src=x onerror="alert(1)">')
    selected.wait_for(timeout=30_000)
    heading = page.get_by_role("heading", name='<img src=x onerror="alert(1)">')
    heading.wait_for(timeout=30_000)  # the side panel may draw after the caption
    assert heading.count() == 1
    for path in ("", "heatmap", "profil", "vergleich", "methodik"):
        open_page(page, f"{hostile_app}/{path}")
        assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(ARTIFACTS / "xss_methodik.png"), full_page=True)
    assert watched.dialogs == []
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert page.evaluate("() => document.querySelectorAll('script:not([src])').length") == 0 or (
        "alert(3)"
        not in page.evaluate(
            "() => [...document.querySelectorAll('script')].map(s => s.text).join(' ')"
        )
    )
    assert watched.outside() == []
