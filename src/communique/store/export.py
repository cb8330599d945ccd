"""Exports of the knowledge base: tables (JSON lines, CSV, Parquet), a GraphML network, FollowTheMoney.

Tables: articles, entities, posts (intervals), events (knowledge-base events), figures.
GraphML: people and organisations, an edge when they share an event (weight = shared events).
FtM: Person, Organization, Event, Position + Occupancy, Article and Mention entities, each built
and validated with the ``followthemoney`` package, one JSON object per line (``entities.ftm.json``).
"""

from __future__ import annotations

import csv
import itertools
import json
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

FORMATS = ("jsonl", "csv", "parquet", "graphml", "ftm")
ID_PREFIX = "communique"


def export(conn: sqlite3.Connection, fmt: str, out_dir: Path) -> list[Path]:
    """Write the knowledge base in format `fmt` into `out_dir`; returns the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        return [_graphml(conn, out_dir / "network.graphml")]
    if fmt == "ftm":
        return [_ftm(conn, out_dir / "entities.ftm.json")]
    written = []
    for name, rows in tables(conn).items():
        path = out_dir / f"{name}.{fmt}"
        {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}[fmt](rows, path)
        written.append(path)
    return written


# --- tables --------------------------------------------------------------------------------------


def _dicts(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur]


def tables(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    from communique.resolve.figures import rows as figure_rows
    from communique.resolve.queries import events_rows

    articles = _dicts(
        conn,
        """SELECT id, site, url, lang, title, published, published_from, duplicate_of,
                                      similarity, body FROM articles ORDER BY id""",
    )
    entities = _dicts(
        conn, "SELECT id, kind, name, key, mentions, first_seen, last_seen FROM entities ORDER BY id"
    )
    aliases: dict[int, list[str]] = defaultdict(list)
    for eid, alias in conn.execute("SELECT entity_id, alias FROM entity_aliases ORDER BY count DESC, alias"):
        aliases[eid].append(alias)
    for e in entities:
        e["aliases"] = aliases.get(e["id"], [])
    posts = _dicts(
        conn,
        """SELECT kp.id, kp.person_entity_id, p.name AS person, kp.role, kp.acting,
                                   kp.org_entity_id, o.name AS org, kp.first_evidence AS "from",
                                   kp.last_evidence AS "to", kp.evidence_count
                            FROM kb_posts kp JOIN entities p ON p.id = kp.person_entity_id
                            LEFT JOIN entities o ON o.id = kp.org_entity_id ORDER BY kp.id""",
    )
    events = events_rows(conn, dated_only=False)
    for e in events:
        e["source_articles"] = sorted({s["article_id"] for s in e.pop("sources")})
    figures = figure_rows(conn)
    return {"articles": articles, "entities": entities, "posts": posts, "events": events, "figures": figures}


def _jsonl(rows: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def _flat(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _csv(rows: list[dict[str, Any]], path: Path) -> None:
    columns = _columns(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _flat(row.get(k)) for k in columns})


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    return columns or ["id"]


def _parquet(rows: list[dict[str, Any]], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = _columns(rows)
    data: dict[str, list[Any]] = {c: [row.get(c) for row in rows] for c in columns}
    arrays = {}
    for c, values in data.items():
        try:
            arrays[c] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed types: keep the values as JSON text
            arrays[c] = pa.array([None if v is None else json.dumps(v, default=str) for v in values])
    pq.write_table(pa.table(arrays) if arrays else pa.table({"id": pa.array([], pa.int64())}), path)


# --- GraphML -------------------------------------------------------------------------------------


def _event_entities(conn: sqlite3.Connection) -> dict[int, set[int]]:
    """People and organisations of each kb_event: its participants, and those named in its sentences."""
    members: dict[int, set[int]] = defaultdict(set)
    for kid, eid in conn.execute(
        """SELECT e.kb_event_id, ep.entity_id FROM event_participants ep JOIN events e ON e.id = ep.event_id
               WHERE e.kb_event_id IS NOT NULL AND ep.entity_id IS NOT NULL
               UNION
               SELECT e.kb_event_id, m.entity_id FROM events e JOIN mentions m
                 ON m.article_id = e.article_id AND m.sentence = e.sentence AND m.from_teaser IS e.from_teaser
               WHERE e.kb_event_id IS NOT NULL AND m.entity_id IS NOT NULL AND m.kind IN ('person', 'org')"""
    ):
        members[kid].add(eid)
    return members


def _graphml(conn: sqlite3.Connection, path: Path) -> Path:
    import networkx as nx

    graph = nx.Graph()
    kinds = {}
    for eid, kind, name, mentions, first, last in conn.execute(
        "SELECT id, kind, name, mentions, first_seen, last_seen FROM entities WHERE kind IN ('person', 'org')"
    ):
        kinds[eid] = kind
        graph.add_node(
            f"e{eid}",
            label=name,
            kind=kind,
            mentions=int(mentions or 0),
            first_seen=first or "",
            last_seen=last or "",
        )
    for kid, members in _event_entities(conn).items():
        for a, b in itertools.combinations(sorted(m for m in members if m in kinds), 2):
            u, v = f"e{a}", f"e{b}"
            if graph.has_edge(u, v):
                graph[u][v]["weight"] += 1
                graph[u][v]["events"] += f" {kid}"
            else:
                graph.add_edge(u, v, weight=1, events=str(kid))
    nx.write_graphml(graph, path)
    return path


# --- FollowTheMoney ------------------------------------------------------------------------------


def ftm_entities(conn: sqlite3.Connection) -> list[Any]:
    """The knowledge base as validated FollowTheMoney entity proxies."""
    from followthemoney import model

    out = []

    def make(schema: str, *key: Any) -> Any:
        proxy = model.make_entity(schema)
        proxy.make_id(ID_PREFIX, schema, *key)
        return proxy

    entity_ids: dict[int, str] = {}
    aliases: dict[int, list[str]] = defaultdict(list)
    for eid, alias in conn.execute("SELECT entity_id, alias FROM entity_aliases ORDER BY count DESC"):
        aliases[eid].append(alias)
    for eid, kind, name in conn.execute(
        "SELECT id, kind, name FROM entities WHERE kind IN ('person', 'org')"
    ):
        proxy = make("Person" if kind == "person" else "Organization", eid)
        proxy.add("name", name)
        for alias in aliases.get(eid, []):
            if alias != name:
                proxy.add("alias", alias)
        entity_ids[eid] = proxy.id
        out.append(proxy)

    for kid, kind, name, date, end, place, members in _events_for_ftm(conn):
        proxy = make("Event", kid)
        proxy.add("name", name or f"{kind} {date or ''}".strip())
        proxy.add("summary", kind)
        proxy.add("startDate", date)
        proxy.add("endDate", end)
        proxy.add("location", place)
        proxy.add("involved", [entity_ids[m] for m in members if m in entity_ids])
        out.append(proxy)

    positions: dict[tuple[str, int | None], Any] = {}
    for kp_id, person, org, role, acting, frm, to, org_name in conn.execute(
        """SELECT kp.id, kp.person_entity_id, kp.org_entity_id, kp.role, kp.acting, kp.first_evidence,
                      kp.last_evidence, o.name
               FROM kb_posts kp LEFT JOIN entities o ON o.id = kp.org_entity_id"""
    ):
        if person not in entity_ids:
            continue
        title = ("Acting " if acting else "") + role
        pos = positions.get((title, org))
        if pos is None:
            pos = make("Position", title, org)
            pos.add("name", f"{title}, {org_name}" if org_name else title)
            if org in entity_ids:
                pos.add("organization", entity_ids[org])
            positions[(title, org)] = pos
            out.append(pos)
        occ = make("Occupancy", kp_id)
        occ.add("holder", entity_ids[person])
        occ.add("post", pos.id)
        occ.add("startDate", frm)
        occ.add("endDate", to)
        occ.add("status", "acting" if acting else None)
        out.append(occ)

    article_ids: dict[int, str] = {}
    for aid, title, url, published, body, lang in conn.execute(
        "SELECT id, title, url, published, body, lang FROM articles"
    ):
        proxy = make("Article", aid)
        proxy.add("title", title or url)
        proxy.add("sourceUrl", url)
        proxy.add("publishedAt", published)
        proxy.add("bodyText", body)
        proxy.add("language", lang)
        article_ids[aid] = proxy.id
        out.append(proxy)

    # One Mention per article, entity and spelling, from the article's own text (teasers are of other pages).
    for aid, eid, text, kind in conn.execute(
        """SELECT DISTINCT article_id, entity_id, text, kind FROM mentions
               WHERE entity_id IS NOT NULL AND from_teaser IS NULL AND kind IN ('person', 'org')"""
    ):
        if eid not in entity_ids or aid not in article_ids:
            continue
        proxy = make("Mention", aid, eid, text)
        proxy.add("document", article_ids[aid])
        proxy.add("resolved", entity_ids[eid])
        proxy.add("name", text)
        proxy.add("detectedSchema", "Person" if kind == "person" else "Organization")
        out.append(proxy)

    for proxy in out:
        proxy.schema.validate(proxy.to_dict())  # raises followthemoney.exc.InvalidData
    return out


def _events_for_ftm(conn: sqlite3.Connection) -> list[tuple]:
    members = _event_entities(conn)
    return [
        (kid, typ, name, date, end, place, members.get(kid, set()))
        for kid, typ, name, date, end, place in conn.execute(
            "SELECT id, type, name, date, end_date, place FROM kb_events"
        )
    ]


def _ftm(conn: sqlite3.Connection, path: Path) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for proxy in ftm_entities(conn):
            f.write(json.dumps(proxy.to_dict(), ensure_ascii=False) + "\n")
    return path
