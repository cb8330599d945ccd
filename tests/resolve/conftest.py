"""A tiny knowledge base written by hand: facts rows of an imaginary treaty organisation's news site.

Names are invented; they reproduce the spelling phenomena resolution must handle (Yury/Yuri,
initials, transliterations, acronyms), not any real page.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from importlib import resources

import pytest


class FactsDB:
    """Writes articles and facts the way the store does, for resolution tests."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._n = 0

    def article(
        self,
        published: str | None,
        site: str = "en.ntso.example",
        title: str = "News",
        teasers: list[str | None] | None = None,
    ) -> int:
        self._n += 1
        key = f"https://{site}/news/{self._n}"
        page = self.conn.execute(
            "INSERT INTO pages(content_hash, page_key, site, url, source, raw_text) VALUES (?,?,?,?,?,?)",
            (f"h{self._n}", key, site, key, f"p{self._n}.txt", "raw"),
        ).lastrowid
        art = self.conn.execute(
            "INSERT INTO articles(page_key, page_id, site, url, title, published, body, body_hash)"
            " VALUES (?,?,?,?,?,?,?,?)",
            (key, page, site, key, title, published, "body", f"b{self._n}"),
        ).lastrowid
        for i, date in enumerate(teasers or []):
            self.conn.execute(
                "INSERT INTO teasers(article_id, position, text, date) VALUES (?,?,?,?)",
                (art, i, f"teaser {i}", date),
            )
        return art

    def mention(
        self,
        art: int,
        kind: str,
        text: str,
        sentence: str | None = None,
        canonical: str | None = None,
        teaser: int | None = None,
    ) -> int:
        return self.conn.execute(
            "INSERT INTO mentions(article_id, kind, text, canonical, attrs, start, end, sentence,"
            " from_teaser) VALUES (?,?,?,?,?,?,?,?,?)",
            (art, kind, text, canonical, json.dumps({}), 0, len(text), sentence or text, teaser),
        ).lastrowid

    def post(
        self,
        art: int,
        person: str,
        role: str,
        org: str | None,
        date: str | None = None,
        acting: bool = False,
        sentence: str | None = None,
        teaser: int | None = None,
    ) -> int:
        return self.conn.execute(
            "INSERT INTO posts(article_id, person, role, org, date, acting, start, end, sentence,"
            " from_teaser) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                art,
                person,
                role,
                org,
                date,
                int(acting),
                0,
                1,
                sentence or f"{org or ''} {role} {person} said.",
                teaser,
            ),
        ).lastrowid

    def event(
        self,
        art: int,
        type: str,
        date: str | None,
        participants: list[str] = (),
        place: str | None = None,
        name: str | None = None,
        status: str = "held",
        end: str | None = None,
        sentence: str | None = None,
        teaser: int | None = None,
    ) -> int:
        eid = self.conn.execute(
            "INSERT INTO events(article_id, type, status, date, end_date, place, name, trigger, start, end,"
            " sentence, from_teaser) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                art,
                type,
                status,
                date,
                end,
                place,
                name,
                type,
                0,
                1,
                sentence or f"A {type} took place.",
                teaser,
            ),
        ).lastrowid
        for p in participants:
            self.conn.execute("INSERT INTO event_participants(event_id, person) VALUES (?,?)", (eid, p))
        return eid

    def figure(
        self,
        art: int,
        value: float,
        unit: str | None,
        item: str,
        event: int | None = None,
        sentence: str | None = None,
        teaser: int | None = None,
    ) -> int:
        return self.conn.execute(
            "INSERT INTO figures(article_id, event_id, value, unit, item, text, start, end, sentence,"
            " from_teaser) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                art,
                event,
                value,
                unit,
                item,
                str(value),
                0,
                1,
                sentence or f"{value} {unit or ''} of {item}.",
                teaser,
            ),
        ).lastrowid


@pytest.fixture
def conn() -> Iterator[sqlite3.Connection]:
    c = sqlite3.connect(":memory:")
    c.executescript(resources.files("communique.store").joinpath("schema.sql").read_text(encoding="utf-8"))
    yield c
    c.close()


@pytest.fixture
def db(conn: sqlite3.Connection) -> FactsDB:
    return FactsDB(conn)
