"""Server-rendered HTML pages (Jinja2): search, article, entities, entity, events, figures, who-held, succession."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from communique.store.errors import QueryError
from communique.store.read import RANK_WINDOW
from communique.web import charts
from communique.web.api import Read
from communique.web.params import MAX_ROW_ID, RowId, parse_row_id
from communique.web.security import http_url

PER_PAGE = 20
# Private-use markers that cannot occur in stored text; swapped for <mark> after HTML escaping.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
# Every template renders a stored URL as a link through this filter only: http(s), or text.
templates.env.filters["http_url"] = http_url
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Page = Annotated[int, Query(ge=1, le=5000)]


def _render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, context, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    titles = {
        400: "Bad request",
        404: "Not found",
        405: "Method not allowed",
        422: "Invalid parameters",
        503: "Database unavailable",
    }
    return _render(
        request,
        "error.html",
        status=status,
        status_code=status,
        title=titles.get(status, "Error"),
        message=message,
    )


def _opt(value: str | None) -> str | None:
    """HTML forms send empty fields as empty strings: treat them as absent."""
    return value.strip() or None if value is not None else None


def _date(value: str | None, name: str) -> str | None:
    value = _opt(value)
    if value is not None and not _DATE.match(value):
        raise HTTPException(400, f"{name} must be a date like 2021, 2021-11 or 2021-11-17, not {value!r}")
    return value


def _row_id(value: str | None, name: str) -> int | None:
    value = _opt(value)
    if value is None:
        return None
    row_id = parse_row_id(value)
    if row_id is None:
        raise HTTPException(400, f"{name} must be an id from 1 to {MAX_ROW_ID}, not {value[:40]!r}")
    return row_id


def _pages(request: Request, total: int, page: int, per_page: int = PER_PAGE) -> dict[str, Any]:
    """Links to the previous and next page, keeping the other query parameters."""
    params = {k: v for k, v in request.query_params.items() if k != "page" and v}
    last = max(1, -(-total // per_page))

    def link(n: int) -> str:
        return "?" + urlencode({**params, "page": n})

    return {
        "page": page,
        "last": last,
        "prev": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if page < last else None,
    }


def _marked(snippet: str) -> Markup:
    """Escape a stored snippet, then turn the private-use match markers into <mark> elements."""
    return Markup(str(escape(snippet)).replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>"))


@router.get("/")
def search_page(
    request: Request,
    read: Read,
    q: str | None = None,
    site: str | None = None,
    lang: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    entity: str | None = None,
    event_type: str | None = None,
    duplicates: str | None = None,
    sort: str | None = None,
    aliases: str | None = None,
    page: Page = 1,
) -> HTMLResponse:
    q = _opt(q)
    order = "date" if _opt(sort) == "date" else "relevance"  # anything else: the default order
    every_spelling = _opt(aliases) is not None  # a name also found under its other spellings and scripts
    # Articles that duplicate another are folded into it (as `communique search` does) unless asked for.
    include_duplicates = _opt(duplicates) is not None
    filters = {
        "site": _opt(site),
        "lang": _opt(lang),
        "date_from": _date(date_from, "from"),
        "date_to": _date(date_to, "to"),
        "entity": _row_id(entity, "entity"),
        "event_type": _opt(event_type),
    }
    error = None
    try:
        result = read.search(q, **filters, limit=PER_PAGE, offset=(page - 1) * PER_PAGE, facets=True,
                             include_duplicates=include_duplicates, mark=(MARK_OPEN, MARK_CLOSE), sort=order,
                             aliases=every_spelling)
    except QueryError as exc:
        error = f"Nothing to search for in {q!r}: {exc}. Type some words."
        result = {"total": 0, "rows": [], "facets": None}
    for r in result["rows"]:
        r["snippet_html"] = _marked(r["snippet"])
    entity_row = read.entity_brief(filters["entity"]) if filters["entity"] is not None else None
    base = {k: v for k, v in {"q": q, **filters, "duplicates": "1" if include_duplicates else None,
                              "sort": "date" if order == "date" else None,
                              "aliases": "1" if every_spelling else None}.items() if v is not None}
    return _render(
        request,
        "search.html",
        q=q or "",
        filters=filters,
        duplicates=include_duplicates,
        sort=order,
        aliases=every_spelling,
        result=result,
        error=error,
        entity=entity_row,
        sites=read.sites(),
        event_types=read.event_types(),
        stats=read.stats(),
        pages=_pages(request, min(result["total"], RANK_WINDOW), page),
        facet_link=lambda **kw: "/?" + urlencode({k: v for k, v in {**base, **kw}.items() if v is not None}),
    )


def highlight(text: str, spans: list[dict[str, Any]]) -> list[Markup]:
    """The body as paragraphs, with each mention or figure span wrapped in a link or a mark.
    Overlapping spans keep the first (longest at a position); spans across paragraphs are skipped."""
    chosen, end = [], -1
    for s in sorted(spans, key=lambda s: (s["start"], -(s["end"] - s["start"]))):
        if (
            s["start"] >= end
            and 0 <= s["start"] < s["end"] <= len(text)
            and "\n" not in text[s["start"] : s["end"]]
        ):
            chosen.append(s)
            end = s["end"]
    out, pos = [], 0
    for s in chosen:
        out.append(str(escape(text[pos : s["start"]])))
        inner = escape(text[s["start"] : s["end"]])
        if s["type"] == "figure":
            label = f"{s['item']}: {s['value']:g} {s['unit'] or ''}".strip()
            out.append(f'<mark class="fig" title="{escape(label)}">{inner}</mark>')
        elif s.get("entity_id") is not None:
            title = escape(s.get("canonical") or s["text"])
            out.append(
                f'<a class="m {escape(s["kind"])}" href="/entities/{int(s["entity_id"])}" '
                f'title="{title} ({escape(s["kind"])})">{inner}</a>'
            )
        else:
            out.append(
                f'<span class="m {escape(s["kind"])}" title="{escape(s["kind"])}, not '
                f'resolved">{inner}</span>'
            )
        pos = s["end"]
    out.append(str(escape(text[pos:])))
    return [Markup(p) for p in "".join(out).split("\n\n")]


@router.get("/articles/{article_id}")
def article_page(request: Request, read: Read, article_id: RowId) -> HTMLResponse:
    found = read.article(article_id)
    if found is None:
        raise HTTPException(404, f"There is no article with id {article_id}.")
    # Spans on the body: the body's own facts only (a title fact's span indexes the title).
    own = [m | {"type": "mention"} for m in found["mentions"] if m["from_teaser"] is None and not m.get("in_title")]
    own += [f | {"type": "figure"} for f in found["figures"] if f["from_teaser"] is None and not f.get("in_title")]
    paragraphs = highlight(found["body"], own)
    people = {}
    for m in found["mentions"]:
        if m["from_teaser"] is None:
            key = m["entity_id"] or (m["kind"], m["canonical"] or m["text"])
            people.setdefault(
                key,
                {
                    "name": m["canonical"] or m["text"],
                    "kind": m["kind"],
                    "entity_id": m["entity_id"],
                    "count": 0,
                },
            )["count"] += 1
    named = sorted(people.values(), key=lambda e: (e["kind"], -e["count"], e["name"]))
    own_events = [e for e in found["events"] if e["from_teaser"] is None]
    teaser_facts = [
        f
        for t in ("mentions", "events", "posts", "figures")
        for f in found[t]
        if f["from_teaser"] is not None
    ]
    return _render(
        request,
        "article.html",
        a=found,
        paragraphs=paragraphs,
        named=named,
        events=own_events,
        posts=[p for p in found["posts"] if p["from_teaser"] is None],
        figures=[f for f in found["figures"] if f["from_teaser"] is None],
        teaser_facts=len(teaser_facts),
    )


@router.get("/entities")
def entities_page(
    request: Request, read: Read, name: str | None = None, kind: str | None = None, page: Page = 1
) -> HTMLResponse:
    kind = _opt(kind)
    if kind not in (None, "person", "org", "place"):
        raise HTTPException(400, f"kind must be person, org or place, not {kind!r}")
    result = read.entities(kind=kind, name=_opt(name), limit=50, offset=(page - 1) * 50)
    return _render(
        request,
        "entities.html",
        result=result,
        name=_opt(name) or "",
        kind=kind,
        pages=_pages(request, result["total"], page, 50),
    )


@router.get("/entities/{entity_id}")
def entity_page(request: Request, read: Read, entity_id: RowId) -> HTMLResponse:
    found = read.entity(entity_id)
    if found is None:
        raise HTTPException(404, f"There is no entity with id {entity_id}.")
    # An organisation's page: the succession of each post held in it (most evidenced first).
    successions = []
    if found["kind"] == "org":
        for post in read.org_posts(entity_id, limit=6):
            answer = read.succession(post["role"], org=found["name"])
            if answer["rows"]:
                successions.append({**answer, "svg": charts.succession_svg(answer["rows"])})
    return _render(
        request,
        "entity.html",
        e=found,
        timeline_svg=charts.timeline_svg(found["posts"], found["timeline"]),
        network_svg=charts.network_svg(found, found["cooccurring"]),
        successions=successions,
    )


@router.get("/events")
def events_page(
    request: Request,
    read: Read,
    type: str | None = None,
    status: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    place: str | None = None,
    name: str | None = None,
    entity: str | None = None,
    page: Page = 1,
) -> HTMLResponse:
    status = _opt(status)
    if status not in (None, "held", "planned"):
        raise HTTPException(400, f"status must be held or planned, not {status!r}")
    # The entity by id (a link from its page) or by name (the form), as `communique events --entity NAME`.
    entity_text = _opt(entity)
    entity_id = parse_row_id(entity_text) if entity_text else None
    if entity_text and entity_id is None:
        entity_id = read.find_entity(entity_text)
        if entity_id is None:
            raise HTTPException(404, f"No entity matches {entity_text[:80]!r}.")
    filters = {
        "type": _opt(type),
        "status": status,
        "date_from": _date(date_from, "from"),
        "date_to": _date(date_to, "to"),
        "place": _opt(place),
        "name": _opt(name),
        "entity": entity_id,
    }
    try:
        result = read.events(**filters, dated_only=bool(filters["date_from"] or filters["date_to"]),
                             limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    except QueryError as exc:  # a date like 2023-99: the same message as the command line's
        raise HTTPException(400, str(exc)) from exc
    return _render(
        request,
        "events.html",
        result=result,
        filters=filters,
        entity=read.entity_brief(entity_id) if entity_id is not None else None,
        event_types=read.event_types(),
        pages=_pages(request, result["total"], page),
    )


@router.get("/figures")
def figures_page(
    request: Request, read: Read, series: str | None = None, item: str | None = None
) -> HTMLResponse:
    series, item = _opt(series), _opt(item)
    rows = read.figures(series=series, item=item, limit=2000)
    return _render(
        request,
        "figures.html",
        rows=rows,
        charts=_figure_charts(rows),
        series=series or "",
        item=item or "",
        series_list=read.series_list(),
    )


def _figure_charts(rows: list[dict[str, Any]], most: int = 24) -> list[dict[str, Any]]:
    """Charts per series and unit: across several years, one line per item (points labelled with their values);
    a series reported in one year, a labelled bar per item. Figures are never added up (a total and its parts,
    persons and rounds stay apart); items are compared as item_key reads them."""
    from communique.resolve.figures import item_key

    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        if r["year"] is None:
            continue
        groups.setdefault((r["series"] or "(no named series)", r["unit"] or "count"), []).append(r)
    out = []
    for (name, unit), found in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        years = sorted({r["year"] for r in found})
        items: dict[str, list[dict[str, Any]]] = {}
        for r in found:
            items.setdefault(item_key(r["item"]), []).append(r)

        if len(years) > 1:
            lines = [{"label": rs[0]["item"] or "(no item)", "points": [_point(r) for r in rs]}
                     for rs in sorted(items.values(), key=lambda rs: (-len({r["year"] for r in rs}), -len(rs)))
                     if len({r["year"] for r in rs}) > 1][:8]
            if lines:
                out.append({"series": name, "unit": unit, "years": years, "kind": "years",
                            "figures": sum(len(ln["points"]) for ln in lines), "svg": charts.lines_svg(lines, unit)})
            continue
        bars = [{"label": r["item"] or "(no item)", "value": r["value"], "part": r["part_of"] is not None,
                 "href": f"/articles/{int(r['article_id'])}", "title": _point(r)["title"]}
                for r in _totals_then_parts(found)]
        out.append({"series": name, "unit": unit, "years": years, "kind": "one year", "figures": len(bars),
                    "svg": charts.bars_svg(bars[:30], unit)})
    return out[:most]


def _point(r: dict[str, Any]) -> dict[str, Any]:
    """A figure as a chart point: its year, value, article and, on hover, what it is and the sentence."""
    title = (f"{r['year']} · {r['series_name'] or r['series'] or ''}: {charts._num(r['value'])} {r['unit'] or ''} "
             f"{r['item'] or ''} — {r['sentence']}")
    return {"year": r["year"], "y": r["value"], "href": f"/articles/{int(r['article_id'])}", "title": title}


def _totals_then_parts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Figures in order of size, each part right after its total."""
    by_total: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        if r["part_of"] is not None:
            by_total.setdefault(r["part_of"], []).append(r)
    ids = {r["figure_id"] for r in rows}
    out = []
    for r in sorted(rows, key=lambda r: -r["value"]):
        if r["part_of"] is not None and r["part_of"] in ids:
            continue
        out.append(r)
        out += sorted(by_total.get(r["figure_id"], []), key=lambda p: -p["value"])
    return out


@router.get("/who-held")
def who_held_page(
    request: Request, read: Read, post: str | None = None, org: str | None = None, on: str | None = None
) -> HTMLResponse:
    post, org, on = _opt(post), _opt(org), _opt(on)
    answer = None
    if post and on:
        if not re.match(r"^\d{4}-\d{2}-\d{2}$", on):
            raise HTTPException(400, f"on must be a date like 2021-11-17, not {on!r}")
        try:
            answer = read.who_held(post, org=org, on=on, include_all=True)
        except ValueError as exc:
            raise HTTPException(400, f"on is not a valid date: {exc}") from exc
    return _render(request, "who_held.html", post=post or "", org=org or "", on=on or "", answer=answer)


@router.get("/succession")
def succession_page(request: Request, read: Read, post: str | None = None, org: str | None = None) -> HTMLResponse:
    """The holders of a post in order: a timeline (evidenced and inferred parts) and a table."""
    post, org = _opt(post), _opt(org)
    answer = read.succession(post, org=org, include_all=True) if post else None
    return _render(request, "succession.html", post=post or "", org=org or "", answer=answer,
                   svg=charts.succession_svg(answer["rows"]) if answer else "")
