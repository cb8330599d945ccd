"""An Article in the prediction format of the gold sets (see ../shared/gold/FORMAT.md).

Only the article's own facts are reported: facts read from teasers describe other articles.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from communique.document import Article, Mention, Post


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for n in names:
        key = " ".join(n.lower().split())
        if n and key not in seen:
            seen.add(key)
            out.append(n)
    return out


def title_facts(article: Article) -> tuple[list[Mention], list[Post]]:
    """Mentions and posts read from the title (spans index into ``article.title``, attrs["in"] == "title").

    They are kept apart from the body's facts, as objects in ``extra["title_mentions"/"title_posts"]`` and,
    for articles that crossed a process boundary, as plain rows in ``extra["title_*_rows"]``.
    """
    if "title_mentions" in article.extra or "title_posts" in article.extra:
        return list(article.extra.get("title_mentions", [])), list(article.extra.get("title_posts", []))
    mentions = [
        Mention(start=s, end=e, sentence=sent, text=text, kind=kind, canonical=canon, attrs={"in": "title"})
        for s, e, sent, text, kind, canon in article.extra.get("title_mention_rows", [])
    ]
    posts = [
        Post(start=s, end=e, sentence=sent, person=person, role=role, org=org,
             date=dt.date.fromisoformat(day) if day else None, acting=acting, rank=rank)
        for s, e, sent, person, role, org, day, acting, rank in article.extra.get("title_post_rows", [])
    ]
    return mentions, posts


def to_prediction(article: Article, page_id: str) -> dict[str, Any]:
    title_mentions, title_posts = title_facts(article)
    own = [m for m in [*article.mentions, *title_mentions] if m.from_teaser is None]

    def names(kind: str) -> list[str]:
        return _unique([m.canonical or m.text for m in own if m.kind == kind])

    roles, seen_roles = [], set()
    for p in [*article.posts, *title_posts]:
        if p.from_teaser is not None:
            continue
        key = (p.person.lower(), p.role.lower(), (p.org or "").lower())
        if key not in seen_roles:
            seen_roles.add(key)
            roles.append({"person": p.person, "role": p.role, "org": p.org})
    events = [
        {"type": e.type, "date": _iso(e.date), "end": _iso(e.end_date), "place": e.place,
         "participants": list(e.participants), "status": e.status, "name": e.name}
        for e in article.events if e.from_teaser is None
    ]
    figures = [
        {"value": f.value, "unit": f.unit, "item": f.item, "qualifier": f.qualifier}
        for f in article.figures if f.from_teaser is None
    ]
    return {
        "id": page_id,
        "title": article.title,
        "published": _iso(article.published),
        "body": list(article.body),
        "people": names("person"),
        "orgs": names("org"),
        "places": names("place"),
        "roles": roles,
        "events": events,
        "figures": figures,
    }
