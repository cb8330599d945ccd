"""The server-rendered pages: content, links, empty states, error pages, escaping."""

from __future__ import annotations

import re

import pytest

from communique.web.pages import highlight


def test_search_page_shows_hits_snippets_and_facets(client, ids):
    folded = client.get("/", params={"q": "seized"}).text
    assert "2 articles" in folded and f'href="/articles/{ids["article"]["dup"]}"' not in folded
    html = client.get("/", params={"q": "seized", "duplicates": "1"}).text
    assert "3 articles" in html and "duplicate of" in html
    assert f'href="/articles/{ids["article"]["op22"]}"' in html
    assert "<mark>seized</mark>" in html
    assert "press.example.com" in html and "Events reported" in html
    assert f"entity={ids['entity']['tallinn']}" in html  # entity facet link


def test_search_page_empty_states_and_bad_input(client):
    assert "No article matches" in client.get("/", params={"q": "zebra"}).text
    page = client.get("/", params={"q": '"'})
    assert page.status_code == 200 and "Nothing to search for" in page.text
    # Empty form fields are absent filters, not errors.
    assert (
        client.get("/", params={"q": "seized", "date_from": "", "site": "", "entity": ""}).status_code == 200
    )
    bad = client.get("/", params={"date_from": "tomorrow"})
    assert bad.status_code == 400 and "from must be a date" in bad.text


def test_search_page_pagination_links(client):
    html = client.get("/", params={"page": 1}).text
    assert "page 1 of 1" not in html  # six articles fit one page: no pager
    assert client.get("/", params={"page": 0}).status_code == 422


def test_article_page_highlights_mentions_as_entity_links(client, ids):
    html = client.get(f"/articles/{ids['article']['op22']}").text
    petrova = ids["entity"]["petrova"]
    assert re.search(rf'<a class="m person" href="/entities/{petrova}"[^>]*>Anna Petrova</a>', html)
    assert '<mark class="fig"' in html and ">350 kg</mark>" in html
    assert 'href="https://news.example.org/news/op22"' in html
    assert f'href="/articles/{ids["article"]["dup"]}"' in html  # its duplicate
    assert "Announced on other pages" in html


def test_article_page_of_a_duplicate_and_with_teasers(client, ids):
    dup = client.get(f"/articles/{ids['article']['dup']}").text
    assert "This text duplicates" in dup
    op23 = client.get(f"/articles/{ids['article']['op23']}").text
    assert "Teasers of other news on this page" in op23
    # The teaser's mention of Petrova is not highlighted as a fact of this article.
    assert f'href="/entities/{ids["entity"]["petrova"]}"' not in op23


def test_entity_page_has_timeline_network_and_events(client, ids):
    html = client.get(f"/entities/{ids['entity']['petrova']}").text
    assert '<svg class="chart timeline"' in html and "Secretary General, Northern Council" in html
    assert '<svg class="chart network"' in html
    assert f'href="/entities/{ids["entity"]["nc"]}"' in html
    assert "Harbour-Net" in html and "A. Petrova" in html


def test_entity_page_empty_sections(client, ids):
    html = client.get(f"/entities/{ids['entity']['tallinn']}").text
    assert "No dated posts or events" not in html  # Tallinn has events (by place)
    nc = client.get(f"/entities/{ids['entity']['nc']}").text
    assert "No events recorded with Northern Council" in nc


def test_entities_events_figures_who_held_pages(client, ids):
    assert "Anna Petrova" in client.get("/entities", params={"kind": "person"}).text
    assert "No entity matches" in client.get("/entities", params={"name": "zebra"}).text
    assert client.get("/entities", params={"kind": "ship"}).status_code == 400
    events = client.get("/events", params={"status": "planned"}).text
    assert "Blue Shield" in events and "Harbour-Net" not in events
    assert "No event matches" in client.get("/events", params={"type": "nothing"}).text
    assert client.get("/events", params={"status": "someday"}).status_code == 400
    figures = client.get("/figures", params={"series": "Harbour"}).text
    # One chart per unit (kg, count), one line per item across the two years, points labelled; nothing added up.
    assert figures.count('<svg class="chart series"') == 2 and "total per year" not in figures
    assert figures.count('class="value">1,200<') == 1 and figures.count('class="value">350<') == 1
    assert "kg, one line per item, 2022–2023" in figures and "count, one line per item" in figures
    assert "No figures for these filters" in client.get("/figures", params={"series": "zzz"}).text
    answer = client.get("/who-held", params={"post": "Secretary General", "on": "2023-07-01"}).text
    assert "Ivan Horvat" in answer and "Secretary General of the Northern Council" in answer
    assert client.get("/who-held", params={"post": "x", "on": "July"}).status_code == 400


@pytest.mark.parametrize("path", ["/articles/999", "/entities/999", "/nowhere", "/static/../app.py"])
def test_error_pages_are_html(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html") and "Back to search" in r.text


def test_static_files_only_from_static_folder(client):
    assert client.get("/static/style.css").status_code == 200
    for path in ("/static/%2e%2e/app.py", "/static/..%2fapp.py", "/static//etc/passwd"):
        assert client.get(path).status_code == 404


def test_user_text_is_escaped(client):
    html = client.get("/", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_highlight_escapes_and_skips_overlaps():
    text = "A <b> Anna Petrova met\n\nRiga"
    spans = [
        {"start": 6, "end": 18, "type": "mention", "kind": "person", "text": "Anna Petrova", "entity_id": 7},
        {"start": 6, "end": 10, "type": "mention", "kind": "person", "text": "Anna", "entity_id": 8},
        {"start": 24, "end": 28, "type": "mention", "kind": "place", "text": "Riga", "entity_id": None},
    ]
    paragraphs = highlight(text, spans)
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith('A &lt;b&gt; <a class="m person" href="/entities/7"')
    assert "/entities/8" not in paragraphs[0]
    assert paragraphs[1].startswith('<span class="m place"')


def test_succession_page_and_the_organisations_posts(client, ids):
    page = client.get("/succession", params={"post": "Secretary General", "org": "Northern Council"}).text
    assert '<svg class="chart succession"' in page
    assert page.index("Anna Petrova") < page.index("Ivan Horvat")  # in order of their tenures
    assert "evidenced" in page.lower() and "/api/succession?" in page
    assert "Nobody is known to have held" in client.get("/succession", params={"post": "Grand Vizier"}).text
    assert "Give a post" in client.get("/succession").text
    org = client.get(f"/entities/{ids['entity']['nc']}").text
    assert 'id="succession"' in org and '<svg class="chart succession"' in org
    person = client.get(f"/entities/{ids['entity']['petrova']}").text
    assert "/succession?post=Secretary%20General" in person or "/succession?post=Secretary+General" in person


def test_who_held_page_gives_the_verdict(client):
    page = client.get("/who-held", params={"post": "Secretary General", "org": "Northern Council",
                                           "on": "2023-07-01"}).text
    assert 'class="verdict held"' in page and "Ivan Horvat" in page and "evidenced" in page


def test_events_page_filters_by_a_name(client, ids):
    page = client.get("/events", params={"entity": "Anna Petrova"}).text
    assert f'href="/entities/{ids["entity"]["petrova"]}">Anna Petrova</a> <a class="x"' in page
    assert client.get("/events", params={"entity": "Zyzzyva Qwerty"}).status_code == 404
    assert client.get("/events", params={"date_from": "2023-99"}).status_code == 400
