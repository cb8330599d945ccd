"""The crawler's reproducers, each against local HTTP servers (threads here, 127.0.0.1, ephemeral ports):
the site boundary, robots.txt per RFC 9309, normalised URLs, a whole-response deadline, depth, resume."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from communique.document import Page, Skip
from communique.ingest.crawl import Robots, crawl, normalise, origin
from communique.ingest.warc import read_archive

Reply = tuple[int, dict[str, str], bytes] | Callable[[BaseHTTPRequestHandler], None]


class Site:
    """A local server answering from ``routes`` (path -> reply); it records every path asked."""

    def __init__(self, routes: dict[str, Reply]) -> None:
        self.routes = routes
        self.hits: list[tuple[float, str]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_GET(self) -> None:  # noqa: N802  (http.server's name)
                site.hits.append((time.monotonic(), self.path))
                reply = site.routes.get(self.path, (404, {"Content-Type": "text/plain"}, b"not here"))
                if callable(reply):
                    reply(self)
                    return
                status, headers, body = reply
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def paths(self) -> list[str]:
        return [p for _, p in self.hits]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def servers() -> Iterator[Callable[[dict[str, Reply]], Site]]:
    made: list[Site] = []

    def make(routes: dict[str, Reply]) -> Site:
        made.append(Site(routes))
        return made[-1]

    yield make
    for s in made:
        s.close()


def html(*links: str, text: str = "Harbour pilots met in Bergen to agree on common radio procedures.") -> Reply:
    anchors = " ".join(f"<a href='{link}'>link</a>" for link in links)
    body = f"<html><head><title>News</title></head><body><article><p>{text}</p></article>{anchors}</body></html>"
    return 200, {"Content-Type": "text/html; charset=utf-8"}, body.encode()


def robots(text: str) -> Reply:
    return 200, {"Content-Type": "text/plain"}, text.encode()


def redirect(to: str, status: int = 301) -> Reply:
    return status, {"Location": to}, b""


# ---------------------------------------------------------------------------------- the site boundary

def test_links_and_redirects_to_another_port_are_not_followed(servers, tmp_path: Path) -> None:
    other = servers({"/robots.txt": robots(""), "/secret.html": html()})
    site = servers({"/robots.txt": robots(""),
                    "/index.html": html("/a.html", f"{other.url}/secret.html", "/moved.html"),
                    "/a.html": html(), "/moved.html": redirect(f"{other.url}/secret.html", 302)})
    report = crawl(f"{site.url}/index.html", tmp_path / "c.warc.gz", delay=0)
    assert other.hits == []  # not even its robots.txt: it is another site
    assert sorted(site.paths) == ["/a.html", "/index.html", "/moved.html", "/robots.txt"]
    assert report.outside == [f"{other.url}/secret.html"]  # linked and redirected to: logged once
    assert "outside the site" in report.render()


def test_an_existing_file_that_is_no_archive_is_not_overwritten(servers, tmp_path: Path) -> None:
    site = servers({"/robots.txt": robots(""), "/index.html": html()})
    out = tmp_path / "notes.warc"
    out.write_text("my notes, not a crawl\n", encoding="utf-8")
    report = crawl(f"{site.url}/index.html", out, delay=0)
    assert out.read_text(encoding="utf-8") == "my notes, not a crawl\n" and site.hits == []
    assert report.errors == [(str(out), "exists and holds no web archive record: not overwritten")]


def test_origin_is_scheme_host_and_port() -> None:
    assert origin("http://Example.org/a") == origin("http://example.org:80/b") == "http://example.org:80"
    assert origin("https://example.org/") == "https://example.org:443"
    assert origin("http://example.org:8080/") != origin("http://example.org/")
    assert origin("ftp://example.org/") is None and origin("mailto:x@example.org") is None


# -------------------------------------------------------------------------------------- robots.txt

def test_robots_redirect_is_followed(servers, tmp_path: Path) -> None:
    site = servers({"/robots.txt": redirect("/rules/robots.txt"),
                    "/rules/robots.txt": redirect("/rules/real.txt", 302),
                    "/rules/real.txt": robots("User-agent: *\nDisallow: /private/\n"),
                    "/index.html": html("/private/x.html", "/ok.html"), "/ok.html": html()})
    report = crawl(f"{site.url}/index.html", tmp_path / "c.warc", delay=0)
    assert "/private/x.html" not in site.paths and "/ok.html" in site.paths
    assert report.disallowed == [f"{site.url}/private/x.html"] and "real.txt" in report.robots


def test_robots_503_disallows_everything(servers, tmp_path: Path) -> None:
    site = servers({"/robots.txt": (503, {}, b"busy"), "/index.html": html("/a.html")})
    report = crawl(f"{site.url}/index.html", tmp_path / "c.warc", delay=0)
    assert site.paths == ["/robots.txt"] and report.fetched == 0
    assert report.disallowed == [f"{site.url}/index.html"] and "disallow all" in report.robots


def test_robots_unreachable_disallows_everything(tmp_path: Path) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    stop = threading.Event()

    def hang_up() -> None:  # accepts and closes at once: no HTTP answer at all
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                conn.close()
            except OSError:
                continue

    threading.Thread(target=hang_up, daemon=True).start()
    try:
        report = crawl(f"http://127.0.0.1:{port}/index.html", tmp_path / "c.warc", delay=0, timeout=3)
    finally:
        stop.set()
        listener.close()
    assert report.fetched == 0 and "unreachable" in report.robots and report.disallowed


@pytest.mark.parametrize("status", [404, 403, 401, 410])
def test_robots_4xx_allows_everything(servers, tmp_path: Path, status: int) -> None:
    site = servers({"/robots.txt": (status, {}, b"no"), "/index.html": html("/a.html"), "/a.html": html()})
    report = crawl(f"{site.url}/index.html", tmp_path / "c.warc", delay=0)
    assert site.paths == ["/robots.txt", "/index.html", "/a.html"] and report.fetched == 2


def test_fractional_crawl_delay_is_honoured(servers, tmp_path: Path) -> None:
    site = servers({"/robots.txt": robots("User-agent: *\nCrawl-delay: 0.3\n"),
                    "/index.html": html("/a.html", "/b.html"), "/a.html": html(), "/b.html": html()})
    crawl(f"{site.url}/index.html", tmp_path / "c.warc", delay=0)
    times = [t for t, p in site.hits if p != "/robots.txt"]
    assert len(times) == 3 and min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.3


def test_encoded_dot_segments_do_not_bypass_a_disallow(servers, tmp_path: Path) -> None:
    site = servers({"/robots.txt": robots("User-agent: *\nDisallow: /private/\n"),
                    "/index.html": html("/public/%2e%2e/private/x", "/%2E%2E/private/y", "/public/./../private/z",
                                        "/%70rivate/w", "/public/ok.html"),
                    "/public/ok.html": html()})
    report = crawl(f"{site.url}/index.html", tmp_path / "c.warc", delay=0)
    assert not any("private" in p for p in site.paths)
    assert sorted(report.disallowed) == [f"{site.url}/private/{c}" for c in "wxyz"]


def test_normalise_decodes_unreserved_and_removes_dot_segments() -> None:
    assert normalise("HTTP://Example.ORG:80/a/./b/../%7Euser/%2e%2e/c%2fd?q=%41#frag") == \
        "http://example.org/a/c%2Fd?q=A"
    assert normalise("../../x", "https://example.org/a/b/c") == "https://example.org/x"
    assert normalise("/a b/é") is None  # no base: not a URL
    assert normalise("/a b/é", "http://example.org/") == "http://example.org/a%20b/%C3%A9"
    assert normalise("javascript:alert(1)", "http://example.org/") is None


def test_robots_rules_longest_match_allow_on_tie_wildcards_and_groups() -> None:
    text = """
    # our own group, split in two, merged
    User-agent: communique-crawler
    Disallow: /news/
    Allow: /news/public
    Crawl-delay: 2.5

    User-agent: other
    Disallow: /

    User-agent: COMMUNIQUE-crawler
    Disallow: /*.pdf$
    Allow: /same
    Disallow: /same

    User-agent: *
    Disallow: /
    """
    rules = Robots.parse(text, "communique-crawler/0.1 (+https://example.org)")
    base = "http://example.org"
    assert not rules.allows(f"{base}/news/x.html") and rules.allows(f"{base}/news/public/x.html")
    assert not rules.allows(f"{base}/files/a.pdf") and rules.allows(f"{base}/files/a.pdf?x=1")
    assert rules.allows(f"{base}/same") and rules.allows(f"{base}/about.html")  # the * group is not ours
    assert rules.crawl_delay == 2.5 and rules.allows(f"{base}/robots.txt")
    everyone = Robots.parse(text, "somebot/1.0")
    assert not everyone.allows(f"{base}/about.html") and everyone.crawl_delay is None


# ------------------------------------------------------------------------------- a whole-response deadline

def _one_byte_at_a_time(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    try:
        for _ in range(600):
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.05)
    except OSError:
        pass


def _headers_one_byte_at_a_time(handler: BaseHTTPRequestHandler) -> None:
    try:
        for byte in b"HTTP/1.0 200 OK\r\nX-Slow: " + b"y" * 600:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(0.05)
    except OSError:
        pass


@pytest.mark.parametrize("slow", [_one_byte_at_a_time, _headers_one_byte_at_a_time])
def test_a_server_sending_one_byte_at_a_time_is_cut_off(servers, tmp_path: Path, slow: Callable) -> None:
    site = servers({"/robots.txt": robots(""), "/index.html": html("/slow.html", "/after.html"),
                    "/slow.html": slow, "/after.html": html()})
    clock = time.monotonic()
    report = crawl(f"{site.url}/index.html", tmp_path / "c.warc", delay=0, timeout=1.5)
    assert time.monotonic() - clock < 15  # each read is quick, but the whole response is not waited on
    assert report.errors == [(f"{site.url}/slow.html", "no complete response within 1.5 s")]
    assert "/after.html" in site.paths  # the crawl goes on


# ---------------------------------------------------------------------------------- depth and pages

def test_depth_limit(servers, tmp_path: Path) -> None:
    site = servers({"/robots.txt": robots(""), **{f"/d{i}.html": html(f"/d{i + 1}.html") for i in range(6)}})
    report = crawl(f"{site.url}/d0.html", tmp_path / "c.warc", delay=0, max_depth=2)
    assert [p for p in site.paths if p != "/robots.txt"] == ["/d0.html", "/d1.html", "/d2.html"]
    assert report.too_deep == 1


# ------------------------------------------------------------------------------------------- resume

def test_a_rerun_appends_and_fetches_nothing_twice(servers, tmp_path: Path) -> None:
    pages = {f"/p{i}.html": html(*[f"/p{i + 1}.html"][:4 - i], text=f"Harbour pilots met for the {i}th time.")
             for i in range(5)}
    site = servers({"/robots.txt": robots(""), "/index.html": html("/p0.html"), **pages})
    out = tmp_path / "c.warc.gz"
    first = crawl(f"{site.url}/index.html", out, delay=0, max_pages=3)
    assert first.fetched == 3
    size = out.stat().st_size
    with open(out, "ab") as fh:  # a record cut by a kill in the middle of writing it
        fh.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03torn")
    second = crawl(f"{site.url}/index.html", out, delay=0, max_pages=20)
    assert second.resumed == 3 and second.fetched == 3
    fetched = [p for p in site.paths if p != "/robots.txt"]
    assert len(fetched) == len(set(fetched)) == 6  # every page once over both runs
    assert out.stat().st_size > size
    items = list(read_archive(out))
    assert not any(isinstance(i, Skip) and i.reason == "truncated" for i in items)
    texts = [i.text for i in items if isinstance(i, Page)]
    assert sum("Harbour pilots met for the" in t for t in texts) == 5  # the first run's pages are still there
