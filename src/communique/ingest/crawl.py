"""A polite live crawl of one site into a WARC file, which `communique ingest` then reads.

Polite means: robots.txt is fetched first and obeyed (``urllib.robotparser``, our user agent,
its Crawl-delay when longer than ours); one request at a time, with at least ``delay``
seconds from the end of a response to the next request; only links of the same site (host,
``www.`` aside) are followed; a response over ``max_bytes`` is stored cut, marked
``WARC-Truncated: length``. Redirects are not
followed blindly: the 3xx is recorded and its target queued like any link, so it passes the
same checks. Every request and response is written with warcio, so the crawl is an
ordinary web archive that other tools can read too.
"""

from __future__ import annotations

import io
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from communique.ingest.sources import site_of_url

USER_AGENT = "communique-crawler/0.1 (+https://github.com/communique; polite research crawl)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class CrawlReport:
    start: str
    out: str
    fetched: int = 0
    pages: int = 0  # HTML responses with status 200
    disallowed: list[str] = field(default_factory=list)  # by robots.txt
    errors: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def render(self) -> str:
        lines = [f"crawled {self.start} into {self.out}: {self.fetched} responses, {self.pages} HTML pages, "
                 f"{len(self.disallowed)} URLs disallowed by robots.txt, {len(self.errors)} errors, "
                 f"{self.seconds:.1f} s"]
        lines += [f"  error {url}: {err}" for url, err in self.errors[:20]]
        return "\n".join(lines)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # the 3xx comes back as an HTTPError, is recorded, and its target queued


def _links(base: str, html: bytes) -> list[str]:
    import lxml.html

    try:
        doc = lxml.html.fromstring(html, base_url=base)
    except (ValueError, lxml.etree.ParserError):
        return []
    found = []
    for href in doc.xpath("//a/@href | //link[@rel='next']/@href"):
        url = urldefrag(urljoin(base, str(href).strip()))[0]
        if urlsplit(url).scheme in ("http", "https"):
            found.append(url)
    return found


def _robots(start: str, opener: urllib.request.OpenerDirector,
            timeout: float) -> urllib.robotparser.RobotFileParser:
    parts = urlsplit(start)
    robots = urllib.robotparser.RobotFileParser(f"{parts.scheme}://{parts.netloc}/robots.txt")
    try:
        with opener.open(robots.url, timeout=timeout) as response:
            robots.parse(response.read(1 << 20).decode("utf-8", "replace").splitlines())
    except urllib.error.HTTPError as exc:
        # As robotparser.read(): 401/403 forbid everything, other errors (404) allow everything.
        robots.disallow_all = exc.code in (401, 403)
        robots.allow_all = not robots.disallow_all
    except (urllib.error.URLError, OSError):
        robots.allow_all = True
    return robots


def crawl(start: str, out: Path, max_pages: int = 100, delay: float = 1.0, user_agent: str = USER_AGENT,
          timeout: float = 20.0, max_bytes: int = 10_000_000) -> CrawlReport:
    """Crawl the site of ``start`` breadth-first into the WARC file ``out`` (.warc or .warc.gz)."""
    clock = time.perf_counter()
    report = CrawlReport(start=start, out=str(out))
    site = site_of_url(start)
    opener = urllib.request.build_opener(_NoRedirect)
    opener.addheaders = [("User-Agent", user_agent)]
    robots = _robots(start, opener, timeout)
    wait = max(delay, float(robots.crawl_delay(user_agent) or 0))
    queue, seen = deque([urldefrag(start)[0]]), {urldefrag(start)[0]}
    last = 0.0
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh:
        writer = WARCWriter(fh, gzip=out.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(out.name, {
            "software": "communique crawl", "robots": "obey", "http-header-user-agent": user_agent}))
        while queue and report.fetched < max_pages:
            url = queue.popleft()
            if not robots.can_fetch(user_agent, url):
                report.disallowed.append(url)
                continue
            time.sleep(max(0.0, last + wait - time.monotonic()))
            fetched = _fetch(opener, url, timeout, max_bytes)
            last = time.monotonic()  # the pause runs from the end of one response to the next request
            if isinstance(fetched, str):
                report.errors.append((url, fetched))
                continue
            status, reason, headers, body = fetched
            report.fetched += 1
            _write(writer, url, user_agent, status, reason, headers, body, max_bytes)
            ctype = next((v for k, v in headers if k.lower() == "content-type"), "")
            ctype = ctype.split(";")[0].strip().lower()
            targets: list[str] = []
            if 300 <= status < 400:
                location = next((v for k, v in headers if k.lower() == "location"), None)
                targets = [urldefrag(urljoin(url, location))[0]] if location else []
            elif status == 200 and ctype in _HTML_TYPES:
                report.pages += 1
                targets = _links(url, body)
            for target in targets:
                if target not in seen and site_of_url(target) == site:
                    seen.add(target)
                    queue.append(target)
    report.seconds = time.perf_counter() - clock
    return report


def _fetch(opener: urllib.request.OpenerDirector, url: str, timeout: float,
           max_bytes: int) -> tuple[int, str, list[tuple[str, str]], bytes] | str:
    try:
        response = opener.open(url, timeout=timeout)
    except urllib.error.HTTPError as exc:  # 3xx (not followed), 4xx, 5xx: recorded as they are
        response = exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return f"{type(exc).__name__}: {exc}"
    with response:
        try:
            body = response.read(max_bytes + 1)
        except OSError as exc:
            return f"{type(exc).__name__}: {exc}"
        headers = list(response.headers.items())
        return response.status if hasattr(response, "status") else response.code, \
            getattr(response, "reason", "") or "", headers, body


def _write(writer: WARCWriter, url: str, user_agent: str, status: int, reason: str,
           headers: list[tuple[str, str]], body: bytes, max_bytes: int) -> None:
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    request = StatusAndHeaders(f"GET {path} HTTP/1.1", [("Host", parts.netloc), ("User-Agent", user_agent)],
                               is_http_request=True)
    writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
    # The body is stored decoded and whole: drop the framing headers that no longer describe it.
    kept = [(k, v) for k, v in headers if k.lower() not in ("transfer-encoding", "content-encoding",
                                                          "content-length")]
    # WARC's own mark for a payload cut at the size limit.
    truncated = {"WARC-Truncated": "length"} if len(body) > max_bytes else {}
    body = body[:max_bytes]
    kept.append(("Content-Length", str(len(body))))
    http = StatusAndHeaders(f"{status} {reason}".strip(), kept, protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                       warc_headers_dict=truncated)
    writer.write_record(record)
