"""Exports of the knowledge base: tables (JSON lines, CSV, Parquet), a GraphML network, FollowTheMoney.

Tables: articles, entities, posts (intervals), events (knowledge-base events with their mentions'
provenance), figures. GraphML: people and organisations, an edge when they share an event (weight = shared
events). FtM: Person, Organization, Event, Position + Occupancy, Article and Mention entities, each built
and validated with the ``followthemoney`` package, one JSON object per line (``entities.ftm.json``).

Everything is read through the read model (``ReadModel.export_*``, ``figures``, ``event_members``): the
formats are made here, the rows come from the store.
"""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from communique.store.read import ReadModel

FORMATS = ("jsonl", "csv", "parquet", "graphml", "ftm")


class ExportError(Exception):
    """The output cannot be written (a folder that cannot be made, a file that cannot be opened)."""
ID_PREFIX = "communique"


def export(read: ReadModel, fmt: str, out_dir: Path) -> list[Path]:
    """Write the knowledge base in format `fmt` into `out_dir`; returns the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        return [_graphml(read, out_dir / "network.graphml")]
    if fmt == "ftm":
        return [_ftm(read, out_dir / "entities.ftm.json")]
    written = []
    for name, rows in tables(read).items():
        path = out_dir / f"{name}.{fmt}"
        {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}[fmt](rows, path)
        written.append(path)
    return written


# --- tables --------------------------------------------------------------------------------------


def tables(read: ReadModel) -> dict[str, list[dict[str, Any]]]:
    events = read.export_events()
    for e in events:
        e["source_articles"] = sorted({m["article_id"] for m in e["mentions"]})
    return {
        "articles": list(read.export_articles()),
        "entities": read.export_entities(),
        "posts": read.export_posts(),
        "events": events,
        "figures": read.figures(),
    }


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


def _graphml(read: ReadModel, path: Path) -> Path:
    import networkx as nx

    graph = nx.Graph()
    kinds = {}
    for e in read.export_entities():
        if e["kind"] not in ("person", "org"):
            continue
        eid, kind, name, mentions, first, last = (e["id"], e["kind"], e["name"], e["mentions"], e["first_seen"],
                                                  e["last_seen"])
        kinds[eid] = kind
        graph.add_node(
            f"e{eid}",
            label=name,
            kind=kind,
            mentions=int(mentions or 0),
            first_seen=first or "",
            last_seen=last or "",
        )
    for kid, members in sorted(read.event_members().items()):
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


def ftm_entities(read: ReadModel) -> list[Any]:
    """The knowledge base as validated FollowTheMoney entity proxies."""
    from followthemoney import model

    out = []

    def make(schema: str, *key: Any) -> Any:
        proxy = model.make_entity(schema)
        proxy.make_id(ID_PREFIX, schema, *key)
        return proxy

    entity_ids: dict[int, str] = {}
    for e in read.export_entities():
        if e["kind"] not in ("person", "org"):
            continue
        eid, name = e["id"], e["name"]
        proxy = make("Person" if e["kind"] == "person" else "Organization", eid)
        proxy.add("name", name)
        for alias in e["aliases"]:
            if alias != name:
                proxy.add("alias", alias)
        entity_ids[eid] = proxy.id
        out.append(proxy)

    members = read.event_members()
    for ev in read.export_events():
        kid, kind, name, date = ev["id"], ev["type"], ev["name"], ev["date"]
        proxy = make("Event", kid)
        proxy.add("name", name or f"{kind} {date or ''}".strip())
        proxy.add("summary", kind)
        proxy.add("startDate", date)
        proxy.add("endDate", ev["end_date"])
        proxy.add("location", ev["place"])
        proxy.add("involved", [entity_ids[m] for m in sorted(members.get(kid, ())) if m in entity_ids])
        out.append(proxy)

    positions: dict[tuple[str, int | None], Any] = {}
    for post in read.export_posts():
        kp_id, person, org, role, acting = (post["id"], post["person_entity_id"], post["org_entity_id"],
                                            post["role"], post["acting"])
        frm, to, org_name = post["from"], post["to"], post["org"]
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
    for a in read.export_articles():
        aid, title, url, published, body, lang = (a["id"], a["title"], a["url"], a["published"], a["body"],
                                                  a["lang"])
        proxy = make("Article", aid)
        proxy.add("title", title or url)
        proxy.add("sourceUrl", url)
        proxy.add("publishedAt", published)
        proxy.add("bodyText", body)
        proxy.add("language", lang)
        article_ids[aid] = proxy.id
        out.append(proxy)

    # One Mention per article, entity and spelling, from the article's own text (teasers are of other pages).
    for aid, eid, text, kind in read.export_entity_mentions():
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


def _ftm(read: ReadModel, path: Path) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for proxy in ftm_entities(read):
            f.write(json.dumps(proxy.to_dict(), ensure_ascii=False) + "\n")
    return path
