"""Headless Chromium through the real server: search, open an article, click a person, see the timeline.

Needs the Debian `chromium` package (installed by .ci/run); skipped when it is absent. Screenshots go to
the pytest temporary folder, or to $COMMUNIQUE_SCREENSHOTS when set (docs/screenshots/ is made that way).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs the Debian chromium package (/usr/bin/chromium)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(kb_db):
    import uvicorn

    from communique.web.app import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(kb_db[0]), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("COMMUNIQUE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_search_article_person_timeline(server, browser, shots, ids):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server + "/")
    page.fill("input[name=q]", "Harbour-Net seized")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("ol.hits li")
    assert "articles for" in page.inner_text(".count")
    assert page.locator("ol.hits mark").count() > 0
    page.screenshot(path=str(shots / "search.png"), full_page=True)

    page.click("ol.hits li a.title >> text=Results of the operation Harbour-Net 2022")
    page.wait_for_selector("article.doc h1")
    assert page.inner_text("article.doc h1") == "Results of the operation Harbour-Net 2022"
    person = page.locator("article.doc a.m.person").first
    assert person.inner_text() == "Anna Petrova"
    page.screenshot(path=str(shots / "article.png"), full_page=True)

    person.click()
    page.wait_for_selector("#timeline svg.timeline")
    assert page.url.endswith(f"/entities/{ids['entity']['petrova']}")
    assert page.inner_text("h1") == "Anna Petrova"
    bars = page.locator("#timeline svg rect.bar")
    assert bars.count() == 1
    assert "2021-03-04" in bars.first.locator("title").text_content()
    assert page.locator("#network svg a").count() >= 2
    page.screenshot(path=str(shots / "entity.png"), full_page=True)
    assert errors == []
    page.close()


def test_pages_fit_a_phone_screen(server, browser, shots, ids):
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    for name, path in [
        ("phone-search", "/?q=seized"),
        ("phone-entity", f"/entities/{ids['entity']['petrova']}"),
        ("phone-events", "/events"),
    ]:
        page.goto(server + path)
        # Nothing wider than the screen: no sideways scrolling of the whole page.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1, path
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    page.close()


def test_events_and_figures_pages_render(server, browser, shots):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(server + "/events")
    assert page.locator("table.events tr").count() == 5  # header and four events
    page.screenshot(path=str(shots / "events.png"), full_page=True)
    page.goto(server + "/figures?series=Harbour")
    assert page.locator("svg.series circle.dot").count() == 4  # two years of two items, one chart per unit
    page.screenshot(path=str(shots / "figures.png"), full_page=True)
    page.goto(server + "/articles/424242")
    assert "404" in page.inner_text("h1")
    page.close()



@pytest.mark.parametrize(
    ("path", "ready"),
    [
        ("/docs", ".opblock"),
        ("/redoc", "[data-section-id]"),
        ("/?q=Harbour-Net", "ol.hits li"),
        ("/articles/{op22}", "article.doc"),
        ("/entities/{petrova}", "#timeline svg"),
        ("/figures?series=Harbour", "svg.series"),
        ("/events", "table.events"),
        ("/succession?post=Secretary+General&org=Northern+Council", "svg.succession"),
    ],
)
def test_pages_and_api_docs_run_under_the_content_security_policy(server, browser, ids, path, ready):
    """Chromium enforces the policy: no page of ours breaks it; Swagger UI and ReDoc still render; the only
    thing refused is ReDoc's attempt to fetch its logo from another site (nothing is fetched at run time)."""
    path = path.format(op22=ids["article"]["op22"], petrova=ids["entity"]["petrova"])
    page = browser.new_page()
    violations: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.on("pageerror", lambda exc: violations.append(str(exc)))
    page.goto(server + path)
    page.wait_for_selector(ready, timeout=30_000)
    assert all("'https://" in v and "img-src" in v for v in violations), violations
    page.close()
