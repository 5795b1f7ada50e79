"""The web view in a real browser: a `parley serve` process on 127.0.0.1 driven by Debian's Chromium.

The database holds the bundled example reports (through the real pipeline), the hand-made test reports
(which give the network its `consult` events) and a hostile report read by the real pipeline. Screenshots
go to test-artifacts/screenshots/ (gitignored).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "test-artifacts" / "screenshots"
LAUNCH_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
# Written for this test: markup that would set window.__pwned (or open a dialog) if it ever ran.
HOSTILE_TEXT = """date 2025-06-20
KYIV, June 20 - <script>window.__pwned = 1; alert("script")</script> Foreign Minister Andrii Sybiha met
Turkish Foreign Minister Hakan Fidan in Kyiv. <img src=x onerror="window.__pwned = 2; alert('img')">
Sybiha said: "<b onmouseover=alert(1)>We will not give up</b>" and posted <a href="javascript:alert('link')">a link</a>.
"""


def _chromium_or_skip() -> None:
    if CHROMIUM.is_file():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); "
                    f"scripts/test.sh does this when run as root")
    pytest.skip(f"{CHROMIUM} not found; install it with `apt-get install -y chromium` to run the browser tests")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def db(tmp_path_factory, build_knowledge_base) -> Path:
    from parley.api import ingest_paths

    folder = tmp_path_factory.mktemp("browser")
    path = folder / "browser.db"
    hostile = folder / "hostile-pipeline.txt"
    hostile.write_text(HOSTILE_TEXT, encoding="utf-8")
    examples = sorted((ROOT / "examples").glob("*.txt"))
    summary = ingest_paths([*examples, hostile], path, processes=1)
    assert summary.ok and summary.new == len(examples) + 1
    build_knowledge_base(path)
    return path


@pytest.fixture(scope="module")
def server(db) -> Iterator[str]:
    _chromium_or_skip()
    port = _free_port()
    parley = Path(sys.executable).with_name("parley")
    cmd = [str(parley)] if parley.exists() else [sys.executable, "-m", "parley.cli"]
    env = {k: v for k, v in os.environ.items() if k != "PARLEY_TOKEN"}
    log = db.with_suffix(".log").open("w+")
    proc = subprocess.Popen([*cmd, "serve", "--db", str(db), "--port", str(port)], stdout=log, stderr=log, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/api/reports?limit=1", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"parley serve did not come up on {base}:\n{log.read()}")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


class Watched:
    """A page that records console errors, uncaught exceptions and dialogs (which it dismisses)."""

    def __init__(self, browser):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def visit(self, url: str, shot: str | None = None):
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.status == 200, url
        if shot:
            SHOTS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
        return response

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def watched(browser):
    w = Watched(browser)
    yield w
    w.close()


def _ids(server: str) -> dict[str, int]:
    reports = httpx.get(server + "/api/reports?limit=500").json()["items"]
    return {r["doc"]: r["id"] for r in reports}


def test_every_page_loads_without_console_errors(server, watched):
    ids = _ids(server)
    pages = {"overview": "/", "timeline": "/timeline", "actors": "/actors", "actor": "/actors/rustem-umerov",
             "actor-hostile-quote": "/actors/eve-mallory", "issues": "/issues", "network": "/network",
             "reports": "/reports", "report": f"/reports/{ids['01_first-round-opens.txt']}", "api-docs": "/api/docs"}
    for shot, path in pages.items():
        watched.visit(server + path, shot)
        assert watched.errors == [], (path, watched.errors)
    assert watched.dialogs == []


def test_timeline_filter_changes_the_results(server, watched):
    watched.visit(server + "/timeline")
    rows = watched.page.locator("table.events tbody tr")
    before = rows.count()
    watched.page.select_option("select[name=type]", "consult")
    with watched.page.expect_navigation():
        watched.page.click("form.filters button[type=submit]")
    assert "type=consult" in watched.page.url
    after = rows.count()
    assert 0 < after < before
    assert set(watched.page.locator("table.events tbody .etype").all_inner_texts()) == {"consult"}
    watched.page.screenshot(path=str(SHOTS / "timeline-consult.png"), full_page=True)
    assert watched.errors == []


def test_network_draws_nodes_and_edges(server, watched):
    watched.visit(server + "/network")
    watched.page.wait_for_selector("svg#network circle", state="attached")
    assert watched.page.locator("svg#network circle").count() >= 4
    assert watched.page.locator("svg#network line").count() >= 3
    labels = watched.page.locator("svg#network text").all_text_contents()
    assert {"Ada Vernon", "Boris Kalm"} <= set(labels)
    watched.page.screenshot(path=str(SHOTS / "network-drawn.png"), full_page=True)
    assert watched.errors == []


def test_hostile_reports_do_not_execute(server, watched):
    ids = _ids(server)
    paths = [f"/reports/{ids['hostile.txt']}", f"/reports/{ids['hostile-pipeline.txt']}", "/actors/eve-mallory",
             "/timeline", "/reports", "/", "/issues"]
    for n, path in enumerate(paths):
        watched.visit(server + path, f"hostile-{n}")
        assert watched.page.evaluate("typeof window.__pwned") == "undefined", path
        assert watched.page.locator("img[src=x]").count() == 0, path
        assert watched.page.locator("a[href^='javascript:']").count() == 0, path
    # The markup is there, as text: the reader can see what the report said.
    watched.visit(server + f"/reports/{ids['hostile.txt']}")
    assert "<script>window.__pwned=1</script>" in watched.page.locator("article.report-text").inner_text()
    assert watched.dialogs == []
