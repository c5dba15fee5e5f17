"""Phone and tablet: every page at 390 × 844 in chromium (touch, mobile viewport).

No page is wider than the screen (the main block does not scroll sideways), the
heatmap scrolls sideways in its own frame, a tap on the map shows the area's
rating (tooltips need a pointer: the tap must do it), the spine chart keeps its
labels. Screenshots of every screen of every page go to /tmp/phone/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import wait_for_app
from tests.e2e.test_browser import MAP_FRAME, PAGES, map_paths, open_page

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp/phone")
#: Pixels a page may be wider than the screen (sub-pixel rounding of borders).
TOLERANCE = 2

_WIDTHS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const block = document.querySelector('[data-testid="stMainBlockContainer"]');
  return {
    page: document.scrollingElement.scrollWidth,
    main: main.scrollWidth,
    block: Math.ceil(block.getBoundingClientRect().right),
  };
}"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport=PHONE, locale="de-DE", has_touch=True, is_mobile=True, device_scale_factor=1
    )
    page = context.new_page()
    SHOTS.mkdir(exist_ok=True)
    yield page
    context.close()


def screens(page, name: str, limit: int = 12) -> int:
    """Screenshot the page screen by screen (Streamlit's main block is the scroller)."""
    scroll = "(y) => { const m = document.querySelector('[data-testid=\"stMain\"]'); "
    shots = 0
    for k in range(limit):
        top = page.evaluate(scroll + "m.scrollTo(0, y); return m.scrollTop; }", k * 800)
        if k and top < k * 800 - 790:  # the end reached on the previous screen
            break
        page.wait_for_timeout(250)
        page.screenshot(path=str(SHOTS / f"{name}_{k}.png"))
        shots += 1
    page.evaluate(scroll + "m.scrollTo(0, y); }", 0)
    return shots


def test_every_page_fits_a_phone(phone, app_url):
    for path, title in PAGES.items():
        open_page(phone, f"{app_url}/{path}")
        phone.wait_for_timeout(1000)  # charts drawn
        assert phone.locator("h1").first.inner_text().strip() == title
        assert phone.locator('[data-testid="stException"]').count() == 0
        widths = phone.evaluate(_WIDTHS)
        limit = PHONE["width"] + TOLERANCE
        assert widths["page"] <= limit, (path, widths)
        assert widths["main"] <= limit, (path, widths)
        assert widths["block"] <= limit, (path, widths)
        assert screens(phone, path or "start") >= 1


def test_heatmap_scrolls_sideways_in_its_frame(phone, app_url):
    open_page(phone, f"{app_url}/heatmap")
    chart = phone.locator('[data-testid="stFullScreenFrame"]:has([data-testid="stVegaLiteChart"])')
    chart.first.wait_for(timeout=60_000)
    chart.first.scroll_into_view_if_needed()
    phone.wait_for_timeout(1000)
    frame = chart.first.evaluate(
        """(e) => ({width: e.clientWidth, inner: e.scrollWidth,
                    overflow: getComputedStyle(e).overflowX})"""
    )
    assert frame["overflow"] == "auto"
    assert frame["width"] <= PHONE["width"]
    assert frame["inner"] > frame["width"]  # 17 indicator columns do not fit: they scroll
    moved = chart.first.evaluate("(e) => { e.scrollLeft = 300; return e.scrollLeft; }")
    assert moved > 0
    phone.screenshot(path=str(SHOTS / "heatmap_scrolled.png"))
    assert phone.evaluate(_WIDTHS)["main"] <= PHONE["width"] + TOLERANCE


def test_a_tap_on_the_map_shows_the_rating(phone, app_url):
    open_page(phone, f"{app_url}/karte")
    frame, paths = map_paths(phone)
    phone.locator(MAP_FRAME).scroll_into_view_if_needed()
    paths.nth(5).tap(force=True)
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=10_000)
    text = tooltip.inner_text()
    assert "Stadtwert" in text
    assert any(symbol in text for symbol in ("▲", "●", "▼", "–", "◆"))
    name = text.splitlines()[0].strip()
    # the tooltip stays inside the map on a phone
    box, map_box = tooltip.bounding_box(), phone.locator(MAP_FRAME).bounding_box()
    assert box["x"] + box["width"] <= map_box["x"] + map_box["width"] + TOLERANCE
    phone.screenshot(path=str(SHOTS / "map_tap.png"))
    # the tap also selects the area: its rating and reason below the map
    heading = phone.get_by_role("heading", name=name, exact=True)
    heading.wait_for(timeout=30_000)
    wait_for_app(phone)
    heading.scroll_into_view_if_needed()
    panel = heading.locator("xpath=ancestor::*[@data-testid='stColumn'][1]").inner_text()
    assert any(word in panel for word in ("günstig", "ähnlich", "ungünstig", "nicht bewertet"))
    phone.screenshot(path=str(SHOTS / "map_tap_selected.png"))


def test_spine_chart_keeps_its_labels_on_a_phone(phone, app_url):
    open_page(phone, f"{app_url}/profil")
    chart = phone.locator('[data-testid="stVegaLiteChart"]').first
    chart.wait_for(timeout=60_000)
    chart.scroll_into_view_if_needed()
    phone.wait_for_timeout(1000)
    box = chart.bounding_box()
    assert box["width"] <= PHONE["width"]
    labels = chart.locator("svg g.role-axis-label text").evaluate_all(
        "(els) => els.map((e) => e.textContent)"
    )
    assert "Übergang aufs Gymnasium" in labels  # whole, not cut to "Überg…"
    assert not any(label.endswith("…") for label in labels)
    phone.screenshot(path=str(SHOTS / "profile_spine.png"))
