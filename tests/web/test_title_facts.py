"""Facts read from an article's title: named on its page, never highlighted at their offsets in the body."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient

from communique.document import Article, Mention, Page
from communique.store import open_store
from communique.web.app import create_app

TITLE = "Ivan Horvat visited Riga"
BODY = "The delegation arrived on Monday and met the harbour authority."


def test_title_mentions_are_named_but_only_body_spans_are_highlighted(tmp_path: Path) -> None:
    a = Article(page=Page(text=f"{TITLE}\n{BODY}", source="t.txt", url="https://news.example.org/t",
                          site="news.example.org"), title=TITLE, published=dt.date(2023, 5, 2), body=[BODY])
    at = BODY.index("harbour authority")
    a.mentions = [
        Mention(0, 11, TITLE, text="Ivan Horvat", kind="person", in_title=True),
        Mention(20, 24, TITLE, text="Riga", kind="place", in_title=True),
        Mention(at, at + 17, BODY, text="harbour authority", kind="org"),
    ]
    with open_store(tmp_path / "kb.db") as store:
        article_id = store.save_article(a).article_id
    with TestClient(create_app(tmp_path / "kb.db"), raise_server_exceptions=False) as client:
        html = client.get(f"/articles/{article_id}").text
        api = client.get(f"/api/articles/{article_id}").json()
    assert 'title="org, not resolved">harbour authority</span>' in html  # the body's own span
    # the title's spans (0-11, 20-24) would cut "The delegat" and "ed o" out of the body
    assert ">The delegat<" not in html and "The delegation arrived" in html
    assert html.count(">Ivan Horvat<") == 1  # named once, in the list of names, not in the body
    assert sorted((m["text"], m["in_title"]) for m in api["mentions"]) == [
        ("Ivan Horvat", True), ("Riga", True), ("harbour authority", False)]
    assert all(type(m["in_title"]) is bool for m in api["mentions"])  # JSON true/false, not 1/0
