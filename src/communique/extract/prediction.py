"""An Article in the prediction format of the gold sets (see ../shared/gold/FORMAT.md).

Only the article's own facts are reported: facts read from teasers describe other articles.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from communique.document import Article


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


def to_prediction(article: Article, page_id: str) -> dict[str, Any]:
    # The title's mentions and posts are kept apart from the body's (their spans index into the title).
    own = [m for m in [*article.mentions, *article.extra.get("title_mentions", [])] if m.from_teaser is None]

    def names(kind: str) -> list[str]:
        return _unique([m.canonical or m.text for m in own if m.kind == kind])

    roles, seen_roles = [], set()
    for p in [*article.posts, *article.extra.get("title_posts", [])]:
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
