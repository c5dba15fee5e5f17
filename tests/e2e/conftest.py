"""Browser fixtures: `streamlit run` on a free localhost port, Debian's chromium via Playwright.

A missing chromium fails the tests; ``BILDUNGSAMPEL_SKIP_E2E=1`` turns them into
skips on a developer machine, never in CI (``CI`` set).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from benchmarks.browser import CHROMIUM_ARGS  # one home for the flags this machine needs

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


def _chromium() -> str:
    path = os.environ.get("BILDUNGSAMPEL_CHROMIUM") or shutil.which("chromium")
    if path:
        return path
    if os.environ.get("BILDUNGSAMPEL_SKIP_E2E") and not os.environ.get("CI"):
        pytest.skip("chromium not installed and BILDUNGSAMPEL_SKIP_E2E set")
    pytest.fail(
        "chromium is not installed: apt-get install chromium "
        "(or set BILDUNGSAMPEL_SKIP_E2E=1 on a developer machine)"
    )
    raise AssertionError  # unreachable


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_streamlit(
    script: Path, env_extra: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``streamlit run script`` on a free port and wait for /_stcore/health."""
    port = _free_port()
    env = {**os.environ, **(env_extra or {})}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=script.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
    raise RuntimeError(f"streamlit did not start on {url}:\n{out}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return _chromium()


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    proc, url = start_streamlit(ROOT / "dashboard.py")
    yield url
    stop(proc)


class Watched:
    """A page whose requests are recorded; any request off localhost is a failure."""

    def __init__(self, page: object) -> None:
        self.page = page
        self.requests: list[str] = []
        self.dialogs: list[str] = []

    def outside(self) -> list[str]:
        hosts = {"127.0.0.1", "localhost", "[::1]"}
        return [
            u
            for u in self.requests
            if urlparse(u).scheme in ("http", "https", "ws", "wss")
            and urlparse(u).hostname not in hosts
        ]


@pytest.fixture
def watched(browser: object) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1500, "height": 1000}, locale="de-DE")  # type: ignore[attr-defined]
    page = context.new_page()
    watch = Watched(page)
    context.on("request", lambda request: watch.requests.append(request.url))
    page.on("dialog", lambda dialog: (watch.dialogs.append(dialog.message), dialog.dismiss()))
    ARTIFACTS.mkdir(exist_ok=True)
    yield watch
    context.close()


def wait_for_app(page: object, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)  # type: ignore[attr-defined]
    status = "document.querySelector('[data-testid=\"stStatusWidget\"]')"
    page.wait_for_function(  # type: ignore[attr-defined]
        f"() => !{status} || !{status}.innerText.includes('Running')", timeout=timeout
    )
    page.wait_for_timeout(500)  # type: ignore[attr-defined]
