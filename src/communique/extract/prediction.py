"""An Article in the prediction format of the gold sets (see ../shared/gold/FORMAT.md).

Only the article's own facts are reported: facts read from teasers describe other articles. Facts read
from the title (``in_title``) are the article's own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from communique.document import Article, Fact

F = TypeVar("F", bound=Fact)


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


def _own(facts: list[F]) -> list[F]:
    """The article's own facts, the body's before the title's (a name's first spelling is the body's)."""
    own = [f for f in facts if f.from_teaser is None]
    return [f for f in own if not f.in_title] + [f for f in own if f.in_title]


def to_prediction(article: Article, page_id: str) -> dict[str, Any]:
    own = _own(article.mentions)

    def names(kind: str) -> list[str]:
        return _unique([m.canonical or m.text for m in own if m.kind == kind])

    roles, seen_roles = [], set()
    for p in _own(article.posts):
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
