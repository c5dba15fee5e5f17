"""The allocation and interactions pages in Chromium: charts and map drawn, nothing from outside."""

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_browser import map_paths, open_page

pytestmark = pytest.mark.e2e

CHART = '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg.marks'


def test_interactions_page_draws_matrix_and_scatter(watched, app_url):
    page = watched.page
    open_page(page, f"{app_url}/wechselwirkungen")
    page.locator(CHART).nth(1).wait_for(timeout=60_000)
    assert page.locator(CHART).count() == 2
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Ökologische Korrelation").count() == 1
    page.screenshot(path=str(ARTIFACTS / "interactions.png"), full_page=True)
    assert watched.outside() == []


def test_allocation_page_draws_map_and_chart(watched, app_url):
    page = watched.page
    open_page(page, f"{app_url}/mittelverteilung")
    _frame, paths = map_paths(page)
    assert paths.count() == 18
    page.locator(CHART).first.wait_for(timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(ARTIFACTS / "allocation.png"), full_page=True)
    assert watched.outside() == []
