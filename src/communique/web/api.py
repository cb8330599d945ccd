"""The JSON API under /api: thin FastAPI endpoints over communique.web.db, documented at /docs."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from communique.web import db
from communique.web.params import RowId

MAX_PAGE = 100
# Partial ISO dates are accepted as bounds: 2021, 2021-11, 2021-11-17.
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
KINDS = r"^(person|org|place)$"
STATUSES = r"^(held|planned)$"

router = APIRouter(tags=["knowledge base"])


def connection(request: Request) -> Iterator[sqlite3.Connection]:
    """A read-only connection for the request, from the app's pool, given back when the response is done."""
    pool = request.app.state.pool
    conn = pool.get()
    try:
        yield conn
    finally:
        pool.put(conn)


Conn = Annotated[sqlite3.Connection, Depends(connection)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"page size (at most {MAX_PAGE})")]
Offset = Annotated[int, Query(ge=0, le=100_000)]
DateFrom = Annotated[str | None, Query(pattern=DATE, description="YYYY, YYYY-MM or YYYY-MM-DD (inclusive)")]
DateTo = Annotated[str | None, Query(pattern=DATE, description="YYYY, YYYY-MM or YYYY-MM-DD (inclusive)")]


def _not_found(what: str, key: Any) -> HTTPException:
    return HTTPException(status_code=404, detail=f"no {what} with id {key}")


@router.get("/search", summary="Full-text search over titles and bodies")
def search(
    conn: Conn,
    q: Annotated[
        str | None,
        Query(
            max_length=500,
            description=('words and "quoted phrases", all required (operators and * are read as plain text). '
                         'Empty: newest articles'),
        ),
    ] = None,
    site: str | None = None,
    lang: str | None = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    entity: Annotated[RowId | None, Query(description="only articles naming this entity id")] = None,
    event_type: Annotated[
        str | None, Query(description="only articles reporting an event of this type")
    ] = None,
    facets: Annotated[
        bool, Query(description="also counts by site, year, language, event type, entity")
    ] = False,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Ranked by BM25 (title weighted ×10); `snippet` shows the matched words between [ and ].
    FTS5 operators in `q` are taken as plain words; a query with no words at all is a 400."""
    result = db.search(
        conn,
        q,
        site=site,
        lang=lang,
        date_from=date_from,
        date_to=date_to,
        entity=entity,
        event_type=event_type,
        limit=limit,
        offset=offset,
        facets=facets,
    )
    for r in result["rows"]:
        r["snippet"] = r["snippet"].replace(db.MARK_OPEN, "[").replace(db.MARK_CLOSE, "]")
    return result


@router.get("/articles/{article_id}", summary="One article with its facts and their provenance spans")
def article(conn: Conn, article_id: RowId, facts: bool = True) -> dict[str, Any]:
    """Spans (start, end) index into `body` (into `title` when `in_title`); a fact with `from_teaser` set was read
    from that teaser."""
    found = db.article(conn, article_id, facts=facts)
    if found is None:
        raise _not_found("article", article_id)
    return found


@router.get("/entities", summary="Entities, most mentioned first")
def entities(
    conn: Conn,
    kind: Annotated[str | None, Query(pattern=KINDS)] = None,
    name: Annotated[
        str | None, Query(max_length=200, description="substring of the name or an alias")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return db.entities(conn, kind=kind, name=name, limit=limit, offset=offset)


@router.get("/entities/{entity_id}", summary="One entity: aliases, posts, timeline, co-occurring entities")
def entity(conn: Conn, entity_id: RowId) -> dict[str, Any]:
    found = db.entity(conn, entity_id)
    if found is None:
        raise _not_found("entity", entity_id)
    return found


@router.get("/who-held", summary="Who held a post (in an organisation) on a date, with evidence")
def who_held(
    conn: Conn,
    post: Annotated[str, Query(min_length=1, max_length=200)],
    on: Annotated[dt.date, Query(description="YYYY-MM-DD")],
    org: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    rows = db.who_held(conn, post, org=org, on=on.isoformat())
    return {"post": post, "org": org, "on": on.isoformat(), "rows": rows}


@router.get("/events", summary="Events across documents, each with its mentions and their sources")
def events(
    conn: Conn,
    type: str | None = None,
    status: Annotated[str | None, Query(pattern=STATUSES)] = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    place: Annotated[str | None, Query(max_length=200)] = None,
    name: Annotated[str | None, Query(max_length=200, description="substring of the event's name")] = None,
    entity: Annotated[RowId | None, Query(description="only events this entity took part in")] = None,
    site: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """A row with `id` null is an event mention not (yet) merged into a knowledge-base event."""
    return db.events(
        conn,
        type=type,
        status=status,
        date_from=date_from,
        date_to=date_to,
        place=place,
        name=name,
        entity=entity,
        site=site,
        limit=limit,
        offset=offset,
    )


@router.get("/figures", summary="Reported figures by series (named operation) and item")
def figures(
    conn: Conn,
    series: Annotated[str | None, Query(max_length=200, description="prefix of the operation's name")] = None,
    item: Annotated[str | None, Query(max_length=200, description="substring of the item")] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> dict[str, Any]:
    rows = db.figures(conn, series=series, item=item, limit=limit)
    return {"series": series, "item": item, "total": len(rows), "rows": rows}


@router.get("/stats", summary="Row counts of the main tables")
def stats(conn: Conn) -> dict[str, int]:
    return db.stats(conn)
