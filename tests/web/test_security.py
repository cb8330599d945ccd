"""The server against hostile stored pages and hostile requests: stored URLs, security headers, row ids.

Hostile pages are ingested by the real `communique ingest` from a JSONL written here (invented text), so
the URL reaches the page exactly as a crawled one would.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from communique.web import api
from communique.web.app import create_app
from communique.web.params import MAX_ROW_ID, parse_row_id
from communique.web.security import http_url

# (url as stored, the link the article page must show, or None: the URL shown as text, never a link)
HOSTILE_URLS = [
    ("javascript:alert(document.domain)//", None),
    ("  JavaScript:alert(document.cookie)", None),
    ("java\tscript:alert(3)", None),
    ("\x01javascript:alert(4)", None),
    ("data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==", None),
    ("vbscript:msgbox(6)", None),
    ("//evil.example.net/seven", None),
    ("https:alert(8)", None),
    ('https://news.example.org/nine?a="><script>alert(9)</script>', 'https://news.example.org/nine?a="><script>alert(9)</script>'),
    ("HTTP://news.example.org/ten", "HTTP://news.example.org/ten"),
]
TITLE = "Council <script>alert('title')</script> meeting number {n}"
BODY = (
    "The Northern Council met in Riga on {n} March 2021 for session {n}. Secretary General Anna Petrova "
    "<img src=x onerror=alert('body')> opened session {n} with a report on harbour number {n}."
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, dict[int, tuple[int, str | None]]]:
    """The app over pages with hostile URLs, titles and bodies; n -> (article id, expected link)."""
    folder = tmp_path_factory.mktemp("hostile")
    pages = folder / "pages.jsonl"
    with pages.open("w", encoding="utf-8") as out:
        for n, (url, _) in enumerate(HOSTILE_URLS, start=1):
            record = {"url": url, "site": "council.example", "title": TITLE.format(n=n),
                      "text": BODY.format(n=n), "date": f"2021-03-{n:02d}"}
            out.write(json.dumps(record) + "\n")
    db = folder / "hostile.db"
    subprocess.run(
        [sys.executable, "-m", "communique.cli", "ingest", str(pages), "--db", str(db), "--quiet", "--workers", "1"],
        check=True, capture_output=True, text=True, timeout=300,
    )
    conn = sqlite3.connect(db)
    stored = dict(conn.execute("SELECT title, id FROM articles").fetchall())
    conn.close()
    articles = {n: (stored[TITLE.format(n=n)], link) for n, (_, link) in enumerate(HOSTILE_URLS, start=1)}
    with TestClient(create_app(db), raise_server_exceptions=False) as client:
        yield client, articles


class Markup(HTMLParser):
    """Every element of a page with its attributes, and the text of each <a class="source">."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.source_links: list[str | None] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag == "a" and "source" in (attributes.get("class") or "").split():
            self.source_links.append(attributes.get("href"))


def assert_no_active_content(html: str) -> None:
    """No script element, no event-handler attribute, no link or source a browser would run as code."""
    for tag, attrs in Markup(html).elements:
        assert tag not in ("script", "iframe", "object", "embed"), tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            if name in ("href", "src", "action", "formaction", "xlink:href") and value is not None:
                assert value.startswith(("/", "?", "#", "http://", "https://", "HTTP://")), (tag, name, value)


@pytest.mark.parametrize("n", range(1, len(HOSTILE_URLS) + 1))
def test_only_http_urls_are_links_on_the_article_page(hostile, n):
    client, articles = hostile
    article_id, link = articles[n]
    stored_url = client.get(f"/api/articles/{article_id}").json()["url"]
    assert stored_url is not None  # the hostile URL is kept as data (and in the JSON), only not linked
    page = client.get(f"/articles/{article_id}")
    assert page.status_code == 200
    links = Markup(page.text).source_links
    if link is None:
        assert links == []
        assert "not an http(s) address" in page.text
    else:
        assert links == [link]
    assert_no_active_content(page.text)
    assert "<script>alert(" not in page.text  # title and body are shown as text, escaped


def test_search_and_entity_pages_over_hostile_pages_carry_no_active_content(hostile):
    client, _ = hostile
    for path in ["/", "/?q=session", "/entities", "/events", "/figures"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_no_active_content(response.text)
    entities = client.get("/api/entities").json()["rows"]
    assert entities
    for row in entities:
        assert_no_active_content(client.get(f"/entities/{row['id']}").text)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/x", "https://a.example/x"),
        ("  http://a.example/x \n", "http://a.example/x"),
        ("HtTpS://a.example", "HtTpS://a.example"),
        ("javascript:alert(1)", None),
        ("JAVASCRIPT:alert(1)", None),
        ("java\nscript:alert(1)", None),
        ("https://a.example/\tx", None),
        ("data:text/html,x", None),
        ("//a.example/x", None),
        ("/relative/path", None),
        ("https:no-host", None),
        ("http://[::1", None),
        ("", None),
        (None, None),
        (42, None),
    ],
)
def test_http_url_keeps_absolute_http_and_https_addresses_only(url, expected):
    assert http_url(url) == expected


def test_templates_have_no_inline_script_style_or_event_handlers():
    """The Content-Security-Policy forbids inline script and style on the HTML pages: none may be written."""
    import communique.web

    templates = sorted((Path(communique.web.__file__).parent / "templates").glob("*.html"))
    assert templates
    for template in templates:
        parsed = Markup(template.read_text(encoding="utf-8"))
        for tag, attrs in parsed.elements:
            assert not (tag == "script" and "src" not in attrs), template.name
            assert tag != "style", template.name
            assert "style" not in attrs, (template.name, tag)
            assert not any(name.startswith("on") for name in attrs), (template.name, tag, attrs)


# ---- security headers -------------------------------------------------------------------------------------

def _policy(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_security_headers(response, *, docs: bool = False) -> None:
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] in ("no-referrer", "same-origin")
    policy = _policy(headers["content-security-policy"])
    assert policy["default-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    if docs:
        assert policy["script-src"] == ["'self'"]  # the package's script files, nothing inline, no eval
    else:
        assert "script-src" not in policy  # so default-src 'none': no script at all
        assert "'unsafe-inline'" not in policy.get("style-src", [])


@pytest.mark.parametrize(
    ("path", "status", "kind"),
    [
        ("/", 200, "text/html"),
        ("/?q=Harbour", 200, "text/html"),
        ("/articles/1", 200, "text/html"),
        ("/entities", 200, "text/html"),
        ("/api/stats", 200, "application/json"),
        ("/api/search?q=Harbour", 200, "application/json"),
        ("/openapi.json", 200, "application/json"),
        ("/static/style.css", 200, "text/css"),
        ("/static-offline-docs/swagger-ui.css", 200, "text/css"),
        ("/static/../app.py", 404, "text/html"),
        ("/no/such/page", 404, "text/html"),
        ("/api/no/such/thing", 404, "application/json"),
        ("/articles/424242", 404, "text/html"),
        ("/api/articles/424242", 404, "application/json"),
        ("/api/entities?limit=0", 422, "application/json"),
        ("/entities?page=0", 422, "text/html"),
        ("/?date_from=yesterday", 400, "text/html"),
        ("/api/search?q=%22%22", 400, "application/json"),
    ],
)
def test_every_kind_of_response_carries_the_security_headers(client, path, status, kind):
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith(kind)
    assert_security_headers(response)


def test_method_not_allowed_carries_the_security_headers(client):
    response = client.post("/api/stats")
    assert response.status_code == 405
    assert_security_headers(response)


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_docs_start_from_script_files_under_their_own_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_security_headers(response, docs=True)
    scripts = [attrs for tag, attrs in Markup(response.text).elements if tag == "script"]
    assert scripts and all(attrs.get("src", "").startswith("/static") for attrs in scripts)
    for attrs in scripts:  # each script file is served
        assert client.get(attrs["src"]).status_code == 200


def test_a_database_broken_under_the_server_gets_503_with_the_headers(kb_db, tmp_path):
    broken = tmp_path / "broken.db"
    shutil.copyfile(kb_db[0], broken)
    with TestClient(create_app(broken), raise_server_exceptions=False) as other:
        conn = sqlite3.connect(broken)  # the file changes under the running server
        conn.execute("DROP TABLE articles")
        conn.commit()
        conn.close()
        for path, kind in [("/api/stats", "application/json"), ("/", "text/html")]:
            response = other.get(path)
            assert response.status_code == 503
            assert response.headers["content-type"].startswith(kind)
            assert_security_headers(response)


def test_a_bug_is_a_500_in_the_usual_error_shape_with_the_headers(kb_db):
    app = create_app(kb_db[0])

    def broken_reader():
        raise RuntimeError("a bug")
        yield  # pragma: no cover - makes this a generator dependency like the real one

    app.dependency_overrides[api.reader] = broken_reader
    with TestClient(app, raise_server_exceptions=False) as broken:
        response = broken.get("/api/stats")
        assert response.status_code == 500
        assert response.json() == {
            "error": "internal error: the server could not answer this request", "status": 500
        }
        assert "a bug" not in response.text  # no exception text or traceback for the client
        assert_security_headers(response)
        page = broken.get("/entities")
        assert page.status_code == 500
        assert page.headers["content-type"].startswith("text/html")
        assert "500" in page.text and "Traceback" not in page.text
        assert_security_headers(page)


# ---- row ids ----------------------------------------------------------------------------------------------

BAD_IDS = [str(2**63), str(2**64 + 5), "9" * 5000, "0", "-1", "-9223372036854775809", "abc", "1e3", "²", "١٢"]
JSON_ID_ROUTES = ["/api/articles/{}", "/api/entities/{}", "/api/search?entity={}", "/api/events?entity={}",
                  "/api/search?q=Harbour&entity={}"]
HTML_ID_ROUTES = ["/articles/{}", "/entities/{}", "/?entity={}", "/events?entity={}", "/?q=Harbour&entity={}"]


@pytest.mark.parametrize("route", JSON_ID_ROUTES)
@pytest.mark.parametrize("bad", BAD_IDS)
def test_an_id_that_names_no_possible_row_is_a_json_422(client, route, bad):
    response = client.get(route.format(bad))
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == 422
    assert body["error"].startswith("invalid parameters:")
    assert body["detail"]
    assert_security_headers(response)


@pytest.mark.parametrize("route", HTML_ID_ROUTES)
@pytest.mark.parametrize("bad", BAD_IDS)
def test_an_id_that_names_no_possible_row_is_an_html_error_page(client, route, bad):
    response = client.get(route.format(bad))
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"].startswith("text/html")
    assert f"<h1>{response.status_code} · " in response.text  # the app's error page, in its layout
    assert len(response.text) < 20_000  # a 5,000-digit id is not echoed whole
    assert_security_headers(response)


@pytest.mark.parametrize("route", JSON_ID_ROUTES[:2] + HTML_ID_ROUTES[:2])
def test_the_largest_possible_id_is_looked_up_and_not_found(client, route):
    response = client.get(route.format(MAX_ROW_ID))
    assert response.status_code == 404


@pytest.mark.parametrize("route", JSON_ID_ROUTES[2:] + HTML_ID_ROUTES[2:])
def test_the_largest_possible_id_as_a_filter_matches_nothing(client, route):
    response = client.get(route.format(MAX_ROW_ID))
    assert response.status_code == 200
    if response.headers["content-type"].startswith("application/json"):
        assert response.json()["rows"] == []


def test_valid_ids_still_answer(client, ids):
    article, entity = ids["article"]["op22"], ids["entity"]["petrova"]
    assert client.get(f"/api/articles/{article}").json()["id"] == article
    assert client.get(f"/api/entities/{entity}").json()["id"] == entity
    assert client.get(f"/?entity={entity}").status_code == 200
    assert client.get(f"/api/search?entity={entity}").json()["total"] > 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1", 1), ("42", 42), (str(MAX_ROW_ID), MAX_ROW_ID), ("007", 7), (str(MAX_ROW_ID + 1), None), ("0", None),
     ("-3", None), ("+3", None), (" 3", None), ("3.0", None), ("²", None), ("٣", None), ("9" * 5000, None),
     ("", None)],
)
def test_parse_row_id(text, expected):
    assert parse_row_id(text) == expected
