"""A tiny knowledge base written by hand: facts rows of an imaginary treaty organisation's news site.

Names are invented; they reproduce the spelling phenomena resolution must handle (Yury/Yuri,
initials, transliterations, acronyms), not any real page. The rows are written with the store's own
Database (portable SQL), so these tests run on any backend the store opens.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from communique.store import Store, open_store


class FactsDB:
    """Writes articles and facts as the store does (fact rows with exactly the fields a test needs)."""

    def __init__(self, store: Store) -> None:
        self.db = store.db
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
        page = self.db.insert(
            "INSERT INTO pages(content_hash, page_key, site, url, source, raw_text, ingested_at)"
            " VALUES (?,?,?,?,?,?,'2020-01-01T00:00:00Z') RETURNING id",
            (f"h{self._n}", key, site, key, f"p{self._n}.txt", "raw"),
        )
        art = self.db.insert(
            "INSERT INTO articles(page_key, page_id, site, url, title, published, body, body_hash, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?,'2020-01-01T00:00:00Z') RETURNING id",
            (key, page, site, key, title, published, "body", f"b{self._n}"),
        )
        for i, date in enumerate(teasers or []):
            self.db.execute(
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
        return self.db.insert(
            'INSERT INTO mentions(article_id, kind, text, canonical, attrs, start, "end", sentence,'
            " from_teaser) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id",
            (art, kind, text, canonical, json.dumps({}), 0, len(text), sentence or text, teaser),
        )

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
        return self.db.insert(
            'INSERT INTO posts(article_id, person, role, org, date, acting, start, "end", sentence,'
            " from_teaser) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id",
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
        )

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
        eid = self.db.insert(
            'INSERT INTO events(article_id, type, status, date, end_date, place, name, trigger, start, "end",'
            " sentence, from_teaser) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
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
        )
        for p in participants:
            self.db.execute("INSERT INTO event_participants(event_id, person) VALUES (?,?)", (eid, p))
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
        return self.db.insert(
            'INSERT INTO figures(article_id, event_id, value, unit, item, text, start, "end", sentence,'
            " from_teaser) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id",
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
        )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "kb.db") as s:
        yield s


@pytest.fixture
def db(store: Store) -> FactsDB:
    return FactsDB(store)
