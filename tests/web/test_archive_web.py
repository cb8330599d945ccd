"""The site's archive on the web: site -> section -> year -> article, with links back up, as HTML and JSON."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import webkb
from fastapi.testclient import TestClient
from test_security import assert_no_active_content

from communique.document import Article, Page
from communique.store import open_store
from communique.web.app import create_app

SITES = Counter(site for _, site, *_ in webkb.ARTICLES)
YEARS = Counter(published[:4] for _, site, _, _, published, _ in webkb.ARTICLES if site == "news.example.org")


def test_sites_sections_years_and_back(client, ids) -> None:
    page = client.get("/archive")
    assert page.status_code == 200
    for site in SITES:
        assert f'href="/archive/{site}"' in page.text
    assert client.get("/api/archive").json()["rows"][0] == {
        "site": "news.example.org", "articles": SITES["news.example.org"], "lists": 0, "sections": 1}

    site = client.get("/api/archive/news.example.org").json()
    assert [(r["section"], r["articles"]) for r in site["rows"]] == [("news", SITES["news.example.org"])]
    assert {y["year"]: y["articles"] for y in site["years"]} == dict(YEARS)
    html = client.get("/archive/news.example.org").text
    assert 'href="/archive/news.example.org/news"' in html and 'href="/archive">Archive</a>' in html

    year, count = max(YEARS.items())
    section = client.get(f"/archive/news.example.org/news?year={year}")
    assert section.status_code == 200
    listed = re.findall(r'<a class="title" href="/articles/(\d+)">', section.text)
    assert len(listed) == count
    dates = re.findall(r'<div class="meta">(\d{4}-\d{2}-\d{2})', section.text)
    assert dates == sorted(dates, reverse=True) and all(d.startswith(year) for d in dates)
    assert 'href="/archive/news.example.org/news">all</a>' in section.text  # back to every year

    article = client.get(f"/articles/{listed[0]}").text
    back = re.search(r'<a class="back" href="([^"]+)">back to the section</a>', article)
    assert back and back.group(1) == f"/archive/news.example.org/news?year={year}"

    api = client.get(f"/api/archive/news.example.org/news?year={year}").json()
    assert [str(r["id"]) for r in api["rows"]] == listed and api["total"] == count
    assert api["parents"] == [""] and api["subsections"] == []


@pytest.mark.parametrize("path,status", [
    ("/archive/nowhere.example", 404),
    ("/archive/news.example.org/no/such/section", 404),
    ("/archive/news.example.org?year=20x", 400),
    ("/api/archive/nowhere.example", 404),
    ("/api/archive/news.example.org?year=20x", 422),
])
def test_archive_errors(client, path: str, status: int) -> None:
    r = client.get(path)
    assert r.status_code == status
    if path.startswith("/api/"):
        assert r.json()["status"] == status


def test_search_page_under_every_spelling_and_derived_titles(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    with open_store(db) as store:
        body = ["The council met in Riga on Monday to plan the season's patrols.", "More text."]
        page = Page(text="\n".join(body), source="x", url="https://news.example.org/2021/03/04/council/",
                    site="news.example.org", lang="en")
        store.save_article(Article(page=page, body=body))
    with TestClient(create_app(db), raise_server_exceptions=False) as client:
        html = client.get("/", params={"q": "council"}).text
        assert "The council met in Riga on Monday to plan the season&#39;s patrols." in html
        assert "title from its first sentence" in html and "date from the address" in html
        section = client.get("/archive/news.example.org/").text
        assert "title from its first sentence" in section and "2021-03-04" in section


def test_hostile_addresses_are_text_in_the_archive(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    urls = ['https://evil.example/"><script>alert(1)</script>/x/',
            "https://evil.example/%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E/y/",
            "https://evil.example/javascript:alert(1)/z/"]
    with open_store(db) as store:
        for n, url in enumerate(urls):
            body = [f"Article number {n} of a hostile site, long enough to be a body of its own.", "More."]
            page = Page(text="\n".join(body), source=f"h{n}", url=url, site="evil.example")
            store.save_article(Article(page=page, title=f"Hostile {n}", body=body))
    with TestClient(create_app(db), raise_server_exceptions=False) as client:
        site = client.get("/archive/evil.example")
        assert site.status_code == 200
        assert_no_active_content(site.text)
        links = re.findall(r'href="(/archive/evil\.example/[^"]*)"', site.text)
        assert len(links) == len(urls)
        for link in links:
            page = client.get(link.replace("&amp;", "&"))
            assert page.status_code == 200, link
            assert_no_active_content(page.text)
            assert "Hostile" in page.text
