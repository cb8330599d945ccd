"""The polite crawler against a local http.server only: robots.txt, same-site links, rate limit, WARC out."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from communique.document import Page, Skip
from communique.ingest.crawl import crawl
from communique.ingest.warc import read_archive

PAGES = {
    "index.html": "<html><body><h1>Harbour Board news</h1>"
                  "<a href='/news/1.html'>Pilots</a> <a href='news/2.html#top'>Buoys</a> "
                  "<a href='/private/minutes.html'>Minutes</a> <a href='/old.html'>Old</a> "
                  "<a href='http://elsewhere.invalid/x.html'>Partner</a> <a href='/logo.png'>Logo</a>"
                  "</body></html>",
    "news/1.html": "<html><head><title>New pilots sworn in</title></head><body><article>"
                   "<h1>New pilots sworn in</h1>"
                   "<p>Four harbour pilots took the oath on Monday at the Harbour Board.</p>"
                   "<p>They will guide ships through the northern channel.</p></article>"
                   "<a href='/index.html'>Home</a></body></html>",
    "news/2.html": "<html><head><title>Buoys replaced</title></head><body><article><h1>Buoys replaced</h1>"
                   "<p>Crews replaced twelve channel buoys damaged in the winter storms.</p></article>"
                   "<a href='/news/1.html'>Pilots</a></body></html>",
    "private/minutes.html": "<html><body><p>Closed minutes.</p></body></html>",
    "robots.txt": "User-agent: *\nDisallow: /private/\n",
}


class _Handler(SimpleHTTPRequestHandler):
    hits: list[tuple[float, str]] = []

    def do_GET(self) -> None:  # noqa: N802  (http.server's name)
        type(self).hits.append((time.monotonic(), self.path))
        if self.path == "/old.html":
            self.send_response(301)
            self.send_header("Location", "/news/2.html")
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "site"
    for name, text in PAGES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    _Handler.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


def test_crawl_obeys_robots_stays_on_site_and_waits(site: str, tmp_path: Path) -> None:
    out = tmp_path / "crawl.warc.gz"
    report = crawl(site, out, max_pages=20, delay=0.15)

    paths = [p for _, p in _Handler.hits]
    assert paths[0] == "/robots.txt"
    assert "/private/minutes.html" not in paths
    assert any(u.endswith("/private/minutes.html") for u in report.disallowed)
    assert sorted(set(paths[1:])) == ["/index.html", "/logo.png", "/news/1.html", "/news/2.html", "/old.html"]
    assert len(paths[1:]) == len(set(paths[1:]))  # every URL once, fragments ignored
    gaps = [b - a for (a, _), (b, _) in zip(_Handler.hits[1:], _Handler.hits[2:], strict=False)]
    assert min(gaps) >= 0.15

    items = list(read_archive(out))
    pages = {"/".join(p.url.rsplit("/", 2)[-2:]): p for p in items if isinstance(p, Page)}
    assert "Four harbour pilots took the oath" in pages["news/1.html"].text
    assert "Crews replaced twelve channel buoys" in pages["news/2.html"].text
    reasons = sorted(s.reason for s in items if isinstance(s, Skip))
    assert "redirect" in reasons and "image" in reasons and "truncated" not in reasons
    assert report.pages == 3 and report.fetched == 5


def test_crawl_stops_at_the_page_limit(site: str, tmp_path: Path) -> None:
    out = tmp_path / "two.warc"
    report = crawl(site, out, max_pages=2, delay=0.0)
    assert report.fetched == 2
    assert sum(isinstance(i, Page) for i in read_archive(out)) >= 1
