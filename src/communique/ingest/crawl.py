"""A polite, contained live crawl of one site into a WARC file, which `communique ingest` then reads.

- **The site is an origin**: scheme, host and port (RFC 6454). A link or a redirect to any other
  origin (another port of the same host is another service, with its own robots.txt) is not
  followed; it is counted and listed in the report.
- **robots.txt per RFC 9309** (``Robots``): fetched first, redirects followed up to five hops; a
  4xx answer means no rules (allow all), a 5xx answer or an unreachable server means disallow all;
  groups chosen by our product token, else ``*``; the longest matching rule wins, Allow on a tie;
  ``*`` and ``$`` in patterns; Crawl-delay honoured, fractions included, when longer than ours.
  The standard library's ``urllib.robotparser`` does none of the status rules, takes the first
  matching rule instead of the longest, knows no wildcards and reads Crawl-delay as an integer
  only, so these parts are written here (docs/usage.md says so).
- **URLs are normalised** (``normalise``: RFC 3986 percent-decoding of unreserved characters,
  dot-segment removal, default port and fragment dropped) before anything else, so
  ``/%2e%2e/private/x`` is ``/private/x`` for the Disallow check as for the server.
- **Bounded**: one request at a time, at least ``delay`` seconds from the end of a response to the
  next request; each response must be complete within ``timeout`` seconds in all (a server that
  sends one byte at a time is cut off, not waited on forever); bodies over ``max_bytes`` are
  stored cut, marked ``WARC-Truncated: length``; at most ``max_pages`` responses and links at most
  ``max_depth`` hops from the start.
- **Resumable**: the WARC file is appended to, never overwritten. A rerun reads what it holds,
  fetches none of its URLs again (their stored responses still give the links to follow) and goes
  on where the last run stopped; a record cut by a kill is dropped (the file is truncated back to
  the last complete record) and fetched again.

Every request and response is written with warcio, so the crawl is an ordinary web archive that
other tools can read too.
"""

from __future__ import annotations

import http.client
import io
import re
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

USER_AGENT = "communique-crawler/0.1 (+https://github.com/communique; polite research crawl)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 2.5: parse at least 500 KiB
ROBOTS_MAX_REDIRECTS = 5  # RFC 9309 2.3.1.2: follow at least five consecutive redirects
MAX_LISTED = 20  # URLs per list in the text report
_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


# ----------------------------------------------------------------------------------------- URLs

def origin(url: str) -> str | None:
    """The URL's origin as "scheme://host:port" (the default port written out), or None if it has none."""
    try:
        parts = urlsplit(url)
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:
        return None
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname or port is None:
        return None
    host = parts.hostname.rstrip(".")
    return f"{parts.scheme.lower()}://{f'[{host}]' if ':' in host else host}:{port}"


def _normalise_escapes(text: str) -> str:
    """Percent-escapes of unreserved characters decoded, the others upper-cased; other bytes kept."""
    def fix(m: re.Match[str]) -> str:
        char = chr(int(m.group(1), 16))
        return char if char in _UNRESERVED_CHARS else "%" + m.group(1).upper()
    # characters a path may not hold as they are (spaces, non-ASCII) are escaped, as a browser would
    return quote(_UNRESERVED.sub(fix, text), safe="/:@!$&'()*+,;=%-._~?")


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 5.2.4."""
    out: list[str] = []
    for segment in path.split("/")[1:] if path.startswith("/") else path.split("/"):
        if segment == "..":
            if out:
                out.pop()
        elif segment != ".":
            out.append(segment)
    trailing = path.endswith(("/.", "/..")) and (not out or out[-1] != "")
    return "/" + "/".join(out) + ("/" if trailing else "")


def normalise(url: str, base: str | None = None) -> str | None:
    """The URL in RFC 3986 normal form (joined to ``base`` first), or None if it is not http(s).

    Scheme and host in lower case, the default port and the fragment dropped, percent-escapes of
    unreserved characters decoded and the rest upper-cased, dot segments removed, an empty path "/".
    """
    try:
        joined = urljoin(base, url.strip()) if base else url.strip()
        parts = urlsplit(joined)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.rstrip(".")
    host = f"[{host}]" if ":" in host else host
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _remove_dot_segments(_normalise_escapes(parts.path or "/"))
    query = _normalise_escapes(parts.query) if parts.query else ""
    return urlunsplit((scheme, netloc, path, query, ""))


def _path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


# --------------------------------------------------------------------------------------- robots.txt

@dataclass
class _Rule:
    allow: bool
    pattern: str
    regex: re.Pattern[str]


def _rule(allow: bool, pattern: str) -> _Rule:
    pattern = _normalise_escapes(pattern)
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    regex = ".*".join(re.escape(piece) for piece in body.split("*")) + ("$" if anchored else "")
    return _Rule(allow, pattern, re.compile(regex))


@dataclass
class Robots:
    """What robots.txt says for our user agent (RFC 9309), or a blanket answer when it could not be read."""

    rules: list[_Rule] = field(default_factory=list)
    disallow_all: bool = False
    crawl_delay: float | None = None
    status: str = "no rules"  # how the file was read, for the report

    @classmethod
    def parse(cls, text: str, user_agent: str) -> Robots:
        """The rules of the groups for our product token, merged; else of the ``*`` groups; else none."""
        token = user_agent.split("/")[0].strip().lower()
        groups: list[tuple[list[str], list[_Rule], list[float]]] = []
        agents: list[str] = []
        rules: list[_Rule] = []
        delays: list[float] = []
        in_rules = False
        for raw in text.splitlines():
            line = raw.split("#", 1)[0].strip()
            key, sep, value = line.partition(":")
            if not sep:
                continue
            key, value = key.strip().lower(), value.strip()
            if key == "user-agent":
                if in_rules:  # a user-agent line after rules starts the next group
                    groups.append((agents, rules, delays))
                    agents, rules, delays, in_rules = [], [], [], False
                agents.append(value.lower())
            elif key in ("allow", "disallow") and agents:
                in_rules = True
                if value:  # an empty Disallow disallows nothing
                    rules.append(_rule(key == "allow", value))
            elif key == "crawl-delay" and agents:
                in_rules = True
                try:
                    delays.append(max(0.0, float(value)))
                except ValueError:
                    pass
        if agents:
            groups.append((agents, rules, delays))
        mine = [g for g in groups if any(a != "*" and a == token for a in g[0])]
        chosen = mine or [g for g in groups if "*" in g[0]]
        merged = [r for g in chosen for r in g[1]]
        delay = max((d for g in chosen for d in g[2]), default=None)
        return cls(rules=merged, crawl_delay=delay, status="read")

    def allows(self, url: str) -> bool:
        """May ``url`` (normalised) be fetched? The longest matching rule decides; Allow wins a tie."""
        if self.disallow_all:
            return False
        target = _path_and_query(url)
        if target == "/robots.txt":
            return True
        best: _Rule | None = None
        for rule in self.rules:
            if rule.regex.match(target) and (
                    best is None or len(rule.pattern) > len(best.pattern)
                    or (len(rule.pattern) == len(best.pattern) and rule.allow and not best.allow)):
                best = rule
        return best is None or best.allow


def fetch_robots(site: str, user_agent: str, timeout: float) -> Robots:
    """robots.txt of the origin ``site``, read as RFC 9309 says (see the module docstring)."""
    url = f"{site}/robots.txt"
    for _ in range(ROBOTS_MAX_REDIRECTS + 1):
        got = _fetch(url, user_agent, timeout, ROBOTS_MAX_BYTES)
        if isinstance(got, str):
            return Robots(disallow_all=True, status=f"unreachable ({got}): disallow all")
        if 300 <= got.status < 400:
            location = got.header("location")
            target = normalise(location, url) if location else None
            if target is None:
                return Robots(status=f"redirect without a usable target ({got.status}): allow all")
            url = target
            continue
        if 400 <= got.status < 500:
            return Robots(status=f"HTTP {got.status}: unavailable, allow all")
        if got.status >= 500 or got.status < 200:
            return Robots(disallow_all=True, status=f"HTTP {got.status}: unreachable, disallow all")
        robots = Robots.parse(got.body[:ROBOTS_MAX_BYTES].decode("utf-8", "replace"), user_agent)
        robots.status = f"read from {url}"
        return robots
    return Robots(status=f"more than {ROBOTS_MAX_REDIRECTS} redirects: unavailable, allow all")


# ------------------------------------------------------------------------------------------- HTTP

@dataclass
class _Response:
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name), None)


def _fetch(url: str, user_agent: str, timeout: float, max_bytes: int) -> _Response | str:
    """One GET, redirects not followed; the whole response within ``timeout`` seconds, else an error text.

    The socket's own timeout bounds each read only, and a server can keep every read short (one byte
    at a time): a timer shuts the connection down when the time for the whole response is up.
    """
    parts = urlsplit(url)
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = connection_class(parts.hostname or "", parts.port, timeout=timeout)
    expired = threading.Event()
    sockets: list[socket.socket] = []  # the connection forgets its socket once the response says "close"

    def cut() -> None:
        expired.set()
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    timer = threading.Timer(timeout, cut)
    timer.daemon = True
    timer.start()
    try:
        conn.connect()
        sockets.append(conn.sock)
        if expired.is_set():  # the time ran out while connecting
            raise TimeoutError
        conn.request("GET", _path_and_query(url), headers={"User-Agent": user_agent, "Accept-Encoding": "identity",
                                                           "Connection": "close"})
        response = conn.getresponse()
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:
            chunk = response.read(min(1 << 16, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if expired.is_set():
            raise TimeoutError
        return _Response(response.status, response.reason or "", list(response.getheaders()), b"".join(chunks))
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if expired.is_set():
            return f"no complete response within {timeout:g} s"
        return f"{type(exc).__name__}: {exc}"
    finally:
        timer.cancel()
        conn.close()


def _links(base: str, html: bytes) -> list[str]:
    import lxml.html

    try:
        doc = lxml.html.fromstring(html, base_url=base)
    except (ValueError, lxml.etree.ParserError):
        return []
    found = []
    for href in doc.xpath("//a/@href | //link[@rel='next']/@href"):
        url = normalise(str(href), base)
        if url:
            found.append(url)
    return found


# ------------------------------------------------------------------------------------------- crawl

@dataclass
class CrawlReport:
    start: str
    out: str
    fetched: int = 0  # responses fetched by this run
    resumed: int = 0  # responses already in the archive: not fetched again
    pages: int = 0  # HTML responses with status 200 fetched by this run
    robots: str = ""  # how robots.txt was read
    disallowed: list[str] = field(default_factory=list)  # by robots.txt
    outside: list[str] = field(default_factory=list)  # URLs of other origins linked or redirected to: not followed
    too_deep: int = 0  # links beyond max_depth: not followed
    errors: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def render(self) -> str:
        lines = [f"crawled {self.start} into {self.out}: {self.fetched} responses fetched ({self.resumed} already in "
                 f"the archive), {self.pages} HTML pages, {len(self.disallowed)} URLs disallowed by robots.txt, "
                 f"{len(self.outside)} links or redirects outside the site not followed, {self.too_deep} links "
                 f"deeper than the limit, {len(self.errors)} errors, {self.seconds:.1f} s",
                 f"  robots.txt: {self.robots}"]
        lines += [f"  outside the site: {url}" for url in self.outside[:MAX_LISTED]]
        lines += [f"  error {url}: {err}" for url, err in self.errors[:MAX_LISTED]]
        return "\n".join(lines)


def _archived(out: Path) -> tuple[dict[str, _Response], int]:
    """The responses an earlier run stored in ``out`` (by URL, bodies of HTML pages and redirects only), and
    the offset just past the last complete record."""
    stored: dict[str, _Response] = {}
    good_end = 0
    if not out.exists() or out.stat().st_size == 0:
        return stored, 0
    with open(out, "rb") as fh:
        iterator = ArchiveIterator(fh)
        try:
            for record in iterator:
                if record.format != "warc":  # warcio reads ARC too, and almost any line of text as ARC
                    break
                url = record.rec_headers.get_header("WARC-Target-URI")
                http_headers = record.http_headers
                body = record.content_stream().read() if record.rec_type == "response" else b""
                while record.raw_stream.read(1 << 16):  # the rest, so that completeness can be checked
                    pass
                if getattr(record.raw_stream, "limit", 0):
                    break  # cut short: this record and what follows are lost
                good_end = iterator.get_record_offset() + iterator.get_record_length()
                if record.rec_type == "response" and url and http_headers is not None:
                    status = int(http_headers.get_statuscode() or 0)
                    headers = list(http_headers.headers)
                    got = _Response(status, "", headers, body)
                    stored[url] = got if _is_page(got) else _Response(status, "", headers, b"")
        except Exception:  # noqa: BLE001  (a torn tail: what came before it is kept)
            pass
    return stored, good_end


def crawl(start: str, out: Path, max_pages: int = 100, delay: float = 1.0, user_agent: str = USER_AGENT,
          timeout: float = 20.0, max_bytes: int = 10_000_000, max_depth: int = 10) -> CrawlReport:
    """Crawl the site (origin) of ``start`` breadth-first into the WARC file ``out`` (.warc or .warc.gz)."""
    clock = time.perf_counter()
    report = CrawlReport(start=start, out=str(out))
    first = normalise(start)
    site = origin(first) if first else None
    if first is None or site is None:
        report.errors.append((start, "not an http(s) URL"))
        return report
    stored, good_end = _archived(out)
    if good_end == 0 and out.exists() and out.stat().st_size > 0:
        report.errors.append((str(out), "exists and holds no web archive record: not overwritten"))
        return report
    robots = fetch_robots(site, user_agent, timeout)
    report.robots = robots.status
    wait = max(delay, robots.crawl_delay or 0.0)
    queue: deque[tuple[str, int]] = deque([(first, 0)])
    seen = {first}
    outside: set[str] = set()
    last = 0.0
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "ab") as fh:
        fh.truncate(good_end)  # a record cut by a kill is dropped; nothing complete is ever overwritten
        writer = WARCWriter(fh, gzip=out.name.endswith(".gz"))
        if good_end == 0:
            writer.write_record(writer.create_warcinfo_record(out.name, {
                "software": "communique crawl", "robots": "obey", "http-header-user-agent": user_agent}))
        while queue and report.fetched + report.resumed < max_pages:
            url, depth = queue.popleft()
            if not robots.allows(url):
                report.disallowed.append(url)
                continue
            got = stored.get(url)
            if got is not None:
                report.resumed += 1
            else:
                time.sleep(max(0.0, last + wait - time.monotonic()))
                fetched = _fetch(url, user_agent, timeout, max_bytes)
                last = time.monotonic()  # the pause runs from the end of one response to the next request
                if isinstance(fetched, str):
                    report.errors.append((url, fetched))
                    continue
                got = fetched
                report.fetched += 1
                report.pages += _is_page(got)
                _write(writer, url, user_agent, got, max_bytes)
            for target, hop in _targets(url, got):
                if origin(target) != site:
                    if target not in outside:
                        outside.add(target)
                        report.outside.append(target)
                elif depth + hop > max_depth:
                    report.too_deep += 1
                elif target not in seen:
                    seen.add(target)
                    queue.append((target, depth + hop))
    report.seconds = time.perf_counter() - clock
    return report


def _is_page(got: _Response) -> bool:
    return got.status == 200 and (got.header("content-type") or "").split(";")[0].strip().lower() in _HTML_TYPES


def _targets(url: str, got: _Response) -> list[tuple[str, int]]:
    """Where a response leads: a redirect's target (no hop deeper) or an HTML page's links (one hop)."""
    if 300 <= got.status < 400:
        location = got.header("location")
        target = normalise(location, url) if location else None
        return [(target, 0)] if target else []
    if _is_page(got):
        return [(link, 1) for link in _links(url, got.body)]
    return []


def _write(writer: WARCWriter, url: str, user_agent: str, got: _Response, max_bytes: int) -> None:
    parts = urlsplit(url)
    request = StatusAndHeaders(f"GET {_path_and_query(url)} HTTP/1.1",
                               [("Host", parts.netloc), ("User-Agent", user_agent)], is_http_request=True)
    writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
    # The body is stored decoded and whole: drop the framing headers that no longer describe it.
    kept = [(k, v) for k, v in got.headers if k.lower() not in ("transfer-encoding", "content-encoding",
                                                              "content-length")]
    # WARC's own mark for a payload cut at the size limit.
    truncated = {"WARC-Truncated": "length"} if len(got.body) > max_bytes else {}
    body = got.body[:max_bytes]
    kept.append(("Content-Length", str(len(body))))
    http_headers = StatusAndHeaders(f"{got.status} {got.reason}".strip(), kept, protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http_headers,
                                       warc_headers_dict=truncated)
    writer.write_record(record)
