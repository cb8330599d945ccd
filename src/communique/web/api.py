"""The JSON API under /api: thin FastAPI endpoints over the store's read model, documented at /docs.

Every answer comes from communique.store.read.ReadModel, the code `communique search`, `show`, `entity`,
`who-held`, `timeline`, `figures` and `stats` ask too, so the API and the CLI answer alike.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, Depends, HTTPException, Query, Request

from communique.store.errors import DatabaseError
from communique.store.read import ReadModel
from communique.web.params import RowId

MAX_PAGE = 100
# Partial ISO dates are accepted as bounds: 2021, 2021-11, 2021-11-17.
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
KINDS = r"^(person|org|place)$"
STATUSES = r"^(held|planned)$"

router = APIRouter(tags=["knowledge base"])


async def reader(request: Request) -> AsyncIterator[ReadModel]:
    """The read model over a read-only connection of the app's pool, given back when the response is done.

    A request first waits for one of the pool's slots in the event loop (``gate``), holding no thread: the
    endpoint then runs in a worker thread with a connection that is free. (Waiting for a connection in a
    worker thread, as a plain generator dependency does, deadlocks under load: the 40 threads all wait for
    the pool's 8 connections while their holders wait for a thread to run the endpoint in.) Taken and given
    back in the event loop, no thread hop, unless taking one may wait (PostgreSQL's pool: in a thread of its
    own limiter); the endpoint's thread is the request's only one."""
    state = request.app.state
    pool = state.pool
    try:
        with anyio.fail_after(pool.wait_seconds):
            await state.gate.acquire()
    except TimeoutError:
        raise DatabaseError(f"no database connection free after {pool.wait_seconds:g} s") from None
    try:
        if pool.may_wait:
            read = await anyio.to_thread.run_sync(pool.take, limiter=state.taking)
        else:
            read = pool.take()
        try:
            yield read
        except DatabaseError:
            pool.give_back(read, reuse=False)  # the endpoint's statement failed: it is over
            raise
        except Exception:
            pool.give_back(read)  # the endpoint raised: its statements are over
            raise
        except BaseException:
            # Cancelled: the server is stopping (web/server.py) while the endpoint's statement may still run
            # in its thread. The connection is left to it; the request stays parked until the process exits
            # (right after uvicorn's shutdown), so its connection closes without an answer rather than with
            # the 500 an exception would give; a second cancellation ends it at once.
            pool.abandon(read)
            if isinstance(sys.exc_info()[1], anyio.get_cancelled_exc_class()):
                await anyio.sleep_forever()
            raise
        pool.give_back(read)  # no wait: the endpoint is done with it
    finally:
        state.gate.release()


Read = Annotated[ReadModel, Depends(reader)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"page size (at most {MAX_PAGE})")]
Offset = Annotated[int, Query(ge=0, le=100_000)]
DateFrom = Annotated[str | None, Query(pattern=DATE, description="YYYY, YYYY-MM or YYYY-MM-DD (inclusive)")]
DateTo = Annotated[str | None, Query(pattern=DATE, description="YYYY, YYYY-MM or YYYY-MM-DD (inclusive)")]


def _not_found(what: str, key: Any) -> HTTPException:
    return HTTPException(status_code=404, detail=f"no {what} with id {key}")


@router.get("/search", summary="Full-text search over titles and bodies")
def search(
    read: Read,
    q: Annotated[
        str | None,
        Query(
            max_length=500,
            description=("words, all required, in any form (stemmed); quotes, operators and * are read as "
                         "plain text. Empty: newest articles"),
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
    duplicates: Annotated[
        bool, Query(description="also articles that duplicate another (their rows carry duplicate_of)")
    ] = False,
    sort: Annotated[
        Literal["relevance", "date"],
        Query(description="relevance: best matches first; date: newest publication date first (undated last)"),
    ] = "relevance",
    aliases: Annotated[
        bool, Query(description="a query naming an entity also finds its other spellings and scripts "
                                "(`expanded` lists them)")
    ] = False,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Every word of `q` must match, in any form (words are stemmed: `exercise` finds `exercises`; English
    and Russian). Ranked by relevance (title weighted ×10; `score`: higher is better; BM25 on SQLite, ts_rank
    on PostgreSQL) or by date (`sort=date`); `snippet` shows the matched words between [ and ]. Quotes,
    operators and `*` in `q` are taken as plain text; a query with no words at all is a 400. Duplicates of
    another article are left out unless `duplicates=true`. A query running longer than the server's limit is
    cancelled: 503 with `detail.limit_seconds`."""
    return read.search(
        q,
        site=site,
        lang=lang,
        date_from=date_from,
        date_to=date_to,
        entity=entity,
        event_type=event_type,
        include_duplicates=duplicates,
        limit=limit,
        offset=offset,
        facets=facets,
        sort=sort,
        aliases=aliases,
    )


@router.get("/articles/{article_id}", summary="One article with its facts and their provenance spans")
def article(read: Read, article_id: RowId, facts: bool = True) -> dict[str, Any]:
    """Spans (start, end) index into `body` (into `title` when `in_title`); a fact with `from_teaser` set was read
    from that teaser."""
    found = read.article(article_id, facts=facts)
    if found is None:
        raise _not_found("article", article_id)
    return found


@router.get("/entities", summary="Entities, most mentioned first")
def entities(
    read: Read,
    kind: Annotated[str | None, Query(pattern=KINDS)] = None,
    name: Annotated[
        str | None, Query(max_length=200, description="substring of the name or an alias")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return read.entities(kind=kind, name=name, limit=limit, offset=offset)


@router.get("/entities/{entity_id}", summary="One entity: aliases, posts, timeline, co-occurring entities")
def entity(read: Read, entity_id: RowId) -> dict[str, Any]:
    found = read.entity(entity_id)
    if found is None:
        raise _not_found("entity", entity_id)
    return found


@router.get("/who-held", summary="Who held a post (in an organisation) on a date: a verdict with evidence")
def who_held(
    read: Read,
    post: Annotated[str, Query(min_length=1, max_length=200)],
    on: Annotated[dt.date, Query(description="YYYY-MM-DD")],
    org: Annotated[str | None, Query(max_length=200)] = None,
    all: Annotated[bool, Query(description="also the other holders and the candidates set aside")] = False,
) -> dict[str, Any]:
    """`verdict` is held (`rows`: the holder, `basis` evidenced or inferred), ambiguous (`rows`: the
    candidates) or unknown, with the `reason` in words; each row's tenure says which part is evidenced
    (`evidenced_from`..`evidenced_to`) and which inferred (`inferred_from`..`inferred_to`)."""
    return read.who_held(post, org=org, on=on.isoformat(), include_all=all)


@router.get("/succession", summary="The holders of a post (in an organisation) in order")
def succession(
    read: Read,
    post: Annotated[str, Query(min_length=1, max_length=200)],
    org: Annotated[str | None, Query(max_length=200)] = None,
    all: Annotated[bool, Query(description="also the candidates set aside, with the reason")] = False,
) -> dict[str, Any]:
    """Rows: person, from, to (evidenced, then inferred up to the next holder's first evidence), acting,
    evidence (the number of sentences), first and last evidence."""
    return read.succession(post, org=org, include_all=all)


@router.get("/events", summary="Events across documents, each with its mentions and their sources")
def events(
    read: Read,
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
    """A row with `id` null is an event mention not (yet) merged into a knowledge-base event. Dates are
    inclusive and an event spanning days matches when any of its days is in range."""
    return read.events(
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
    read: Read,
    series: Annotated[str | None, Query(max_length=200, description="prefix of the operation's name")] = None,
    item: Annotated[str | None, Query(max_length=200, description="substring of the item")] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> dict[str, Any]:
    rows = read.figures(series=series, item=item, limit=limit)
    return {"series": series, "item": item, "total": len(rows), "rows": rows}


@router.get("/stats", summary="Counts: pages, articles, versions, duplicates, sites, facts, entities, runs")
def stats(read: Read) -> dict[str, Any]:
    return read.stats()
