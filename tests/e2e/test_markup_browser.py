"""End-to-end: Markdown payloads in every field stay text in a real browser.

The dashboard runs on a store whose every name, label, unit, source, author,
file name and city carry links, images, autolinks, LaTeX and colour
directives (``tests.pages.test_markup.publish_hostile``). On every page (and after an
upload whose file name is a payload) no link or image points outside, no
formula is typeset, Streamlit's table toolbar offers no CSV download, and no
request leaves localhost.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS, ROOT, start_streamlit, stop, wait_for_app
from tests.e2e.test_browser import PAGES, open_page
from tests.pages.test_markup import payload, publish_hostile

pytestmark = pytest.mark.e2e

LIVE = """() => ({
    links: [...document.querySelectorAll('a[href]')].map(a => a.href)
        .filter(h => !h.startsWith(location.origin + '/')),  // heading anchors stay
    images: [...document.querySelectorAll('img[src], image, source[srcset]')]
        .map(i => i.src || i.getAttribute('href') || i.srcset).filter(s => s && s.includes('evil')),
    katex: [...document.querySelectorAll('.katex')].map(k => k.innerText)
        .filter(t => /area|label|bezirk|city|source|author|file|upload/.test(t)),
    coloured: [...document.querySelectorAll('span[class*="colored"], span[class*="Colored"]')]
        .map(e => e.innerText).filter(t => /area|label|bezirk|city/.test(t)),
    icons: [...document.querySelectorAll('section, [data-testid="stMain"]')]
        .flatMap(root => [...root.querySelectorAll('span')])
        .filter(e => e.innerText === 'home' && getComputedStyle(e).fontFamily.includes('Material'))
        .filter(e => !e.closest('[data-testid="stPageLink-NavLink"]'))  // the menu's own
        .map(e => e.parentElement.innerText.slice(0, 80)),
    emoji: document.body.innerText.includes(String.fromCodePoint(0x1F604)),
    shown: document.body.innerText.includes('evil.example'),
})"""


@pytest.fixture(scope="module")
def hostile_store_app(tmp_path_factory):
    data_dir = publish_hostile(tmp_path_factory.mktemp("markup") / "data")
    env = {
        "BILDUNGSAMPEL_DATA_DIR": str(data_dir),
        "BILDUNGSAMPEL_LOCAL_ANALYST": payload("analyst"),
        "BILDUNGSAMPEL_UPLOAD_LIMIT_MB": "0.001",
        "PYTHONPATH": str(ROOT),
    }
    proc, url = start_streamlit(ROOT / "dashboard.py", env)
    yield url
    stop(proc)


def assert_inert(page, where: str) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, where
    found = page.evaluate(LIVE)
    assert found["shown"], f"{where}: the payloads should be visible as text"
    live = {k: v for k, v in found.items() if k != "shown" and v}
    assert live == {}, where


def test_markdown_in_every_field_stays_text(watched, hostile_store_app):
    page = watched.page
    for path in [*PAGES, "hochladen"]:
        open_page(page, f"{hostile_store_app}/{path}")
        if path == "":
            # the start page's city title and watch list (names on buttons)
            assert "klick" not in page.locator("h1").first.inner_text()
        page.wait_for_timeout(500)
        assert_inert(page, path or "start")
    page.screenshot(path=str(ARTIFACTS / "markup_upload.png"), full_page=True)
    assert watched.outside() == []
    assert watched.dialogs == []


def test_table_toolbar_offers_no_raw_csv_download(watched, hostile_store_app):
    page = watched.page
    open_page(page, f"{hostile_store_app}/methodik")
    table = page.locator('[data-testid="stDataFrame"]').first
    table.hover()
    page.wait_for_timeout(500)
    toolbar = page.locator('[data-testid="stElementToolbar"]')
    assert toolbar.count() >= 1  # the toolbar is there (search, full screen) …
    labels = toolbar.first.locator("button").evaluate_all(
        "bs => bs.map(b => (b.getAttribute('aria-label') || '') + b.innerText)"
    )
    assert not [label for label in labels if "ownload" in label], labels  # … without download


def test_upload_error_with_a_hostile_file_name_stays_text(watched, hostile_store_app):
    page = watched.page
    open_page(page, f"{hostile_store_app}/hochladen")
    content = ("Stadtteil;Jahr;x\n" + "Buer;2023;1\n" * 200).encode()
    name = "![x](http://evil.example/upload.png) [klick](http://evil.example/u).csv"
    page.locator('input[type="file"]').set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content}
    )
    page.locator('[data-testid="stAlertContentError"]').first.wait_for(timeout=60_000)
    wait_for_app(page)
    assert_inert(page, "upload error")
    assert (
        "evil.example/upload.png"
        in page.locator('[data-testid="stAlertContentError"]').first.inner_text()
    )
    page.screenshot(path=str(ARTIFACTS / "markup_upload_error.png"), full_page=True)
    assert watched.outside() == []
