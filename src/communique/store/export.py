"""Exports of the knowledge base, every fact with its provenance: tables (JSON lines, CSV, Parquet), a GraphML
network, FollowTheMoney entities.

Tables (``TABLES``: one declaration of each table's columns and types, so CSV's header, JSONL's keys and
Parquet's schema agree): articles (with their site section and kind; a derived title flagged), mentions
(entity, article, span, sentence), entities (with aliases), posts (intervals, with the articles and sentences
that evidence them) and post_mentions (each post as read, with its span and sentence), events (knowledge-base
events, with participants, place, the articles and sentences reporting them) and event_mentions (each report),
figures (with article and sentence). Parquet columns are typed: dates as date32, flags as booleans, ids as
int64, lists as lists.

GraphML: people, organisations and places; people and organisations are joined when they take part in the
same event (weight, the events' ids, their first and last dates), and each to the place an event was held at.
A one-word "person" that is a place or an outlet (a name the gazetteer or the knowledge base knows as a place
or organisation, or that no mention ever names as a person) is not exported as a person (``doubtful_persons``).

FtM: Person, Organization, Address (places), Event (``proof``: the articles reporting it; ``addressEntity``:
its place), Position and Occupancy (``proof``: the articles evidencing it), Article and Mention entities,
each built and validated with the ``followthemoney`` package, no reference pointing outside the file.

Everything is read through the read model (``ReadModel.export_*``, ``figures``, ``event_members``): the
formats are made here, the rows come from the store.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from communique.store.read import ReadModel

FORMATS = ("jsonl", "csv", "parquet", "graphml", "ftm")
ID_PREFIX = "communique"
PARQUET_BATCH = 10_000  # rows per Parquet row group: a large table is never held whole

# Column types: int, float, str, bool, date (ISO text in the store), intlist, strlist.
_PROVENANCE = [("start", "int"), ("end", "int"), ("sentence", "str"), ("in_title", "bool"), ("from_teaser", "int")]
TABLES: dict[str, list[tuple[str, str]]] = {
    "articles": [("id", "int"), ("site", "str"), ("section", "str"), ("kind", "str"), ("url", "str"),
                 ("lang", "str"), ("title", "str"), ("title_derived", "bool"), ("published", "date"),
                 ("published_from", "str"), ("duplicate_of", "int"), ("similarity", "float"), ("body", "str")],
    "mentions": [("id", "int"), ("article_id", "int"), ("entity_id", "int"), ("entity", "str"), ("kind", "str"),
                 ("text", "str"), ("canonical", "str"), *_PROVENANCE],
    "entities": [("id", "int"), ("kind", "str"), ("name", "str"), ("key", "str"), ("mentions", "int"),
                 ("first_seen", "date"), ("last_seen", "date"), ("aliases", "strlist")],
    "posts": [("id", "int"), ("person_entity_id", "int"), ("person", "str"), ("role", "str"), ("acting", "bool"),
              ("org_entity_id", "int"), ("org", "str"), ("from", "date"), ("to", "date"),
              ("evidence_count", "int"), ("article_ids", "intlist"), ("sentences", "strlist")],
    "post_mentions": [("id", "int"), ("kb_post_id", "int"), ("article_id", "int"), ("person", "str"),
                      ("person_entity_id", "int"), ("role", "str"), ("org", "str"), ("org_entity_id", "int"),
                      ("date", "date"), ("acting", "bool"), ("rank", "str"), *_PROVENANCE],
    "events": [("id", "int"), ("type", "str"), ("status", "str"), ("date", "date"), ("end_date", "date"),
               ("place", "str"), ("place_entity_id", "int"), ("name", "str"), ("mention_count", "int"),
               ("source_count", "int"), ("teaser_only", "bool"), ("participants", "strlist"),
               ("participant_ids", "intlist"), ("article_ids", "intlist"), ("sentences", "strlist")],
    "event_mentions": [("id", "int"), ("kb_event_id", "int"), ("article_id", "int"), ("type", "str"),
                       ("status", "str"), ("date", "date"), ("end_date", "date"), ("place", "str"),
                       ("name", "str"), ("trigger", "str"), ("participants", "strlist"),
                       ("participant_ids", "intlist"), *_PROVENANCE],
    # figures: the read model's figures table; columns it adds later are exported as they come (inferred)
    "figures": [("article_id", "int"), ("year", "int"), ("date", "date"), ("series", "str"), ("event", "str"),
                ("kb_event_id", "int"), ("item", "str"), ("value", "float"), ("unit", "str"),
                ("reported_value", "float"), ("reported_unit", "str"), ("sentence", "str"),
                ("from_teaser", "int"), ("sources", "int"), ("site", "str"), ("title", "str"), ("url", "str")],
}


class ExportError(Exception):
    """The output cannot be written (a folder that cannot be made, a file that cannot be opened)."""


def export(read: ReadModel, fmt: str, out_dir: Path) -> list[Path]:
    """Write the knowledge base in format `fmt` into `out_dir`; returns the files written. ValueError for an
    unknown format, ExportError when the folder or a file cannot be written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        if fmt == "graphml":
            return [_graphml(read, out_dir / "network.graphml")]
        if fmt == "ftm":
            return [_ftm(read, out_dir / "entities.ftm.json")]
        written = []
        for name, rows in tables(read).items():
            path = out_dir / f"{name}.{fmt}"
            {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}[fmt](TABLES[name], rows, path)
            written.append(path)
        return written
    except OSError as exc:
        raise ExportError(f"cannot write the export into {out_dir}: {exc.strerror or exc}") from exc


# --- tables --------------------------------------------------------------------------------------


def tables(read: ReadModel) -> dict[str, Iterable[dict[str, Any]]]:
    """Each table's rows (lazily where the table may be large), keyed by table name."""
    return {
        "articles": read.export_articles(),
        "mentions": read.export_mentions(),
        "entities": read.export_entities(),
        "posts": _posts(read),
        "post_mentions": read.export_post_mentions(),
        "events": _events(read),
        "event_mentions": read.export_event_mentions(),
        "figures": read.figures(),
    }


def _unique(values: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(v for v in values if v is not None))


def _posts(read: ReadModel) -> Iterator[dict[str, Any]]:
    """Post intervals with their evidence's articles and sentences: two streams in interval order, merged."""
    evidence = read.export_post_evidence()
    pending = next(evidence, None)
    for post in read.export_posts():  # by id
        while pending is not None and pending[0] < post["id"]:
            pending = next(evidence, None)
        found = pending[1] if pending is not None and pending[0] == post["id"] else []
        yield {**post, "article_ids": _unique(a for a, _ in found), "sentences": _unique(s for _, s in found)}


def _events(read: ReadModel) -> Iterator[dict[str, Any]]:
    return read.export_kb_events()


def _columns(declared: list[tuple[str, str]], row: dict[str, Any]) -> list[tuple[str, str]]:
    """The declared columns, then any the rows carry beyond them (typed by their first value)."""
    names = {name for name, _ in declared}
    extra = [(k, _inferred(v)) for k, v in row.items() if k not in names]
    return declared + extra


def _inferred(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, list):
        return "strlist"
    return "str"


def _text(value: Any, kind: str) -> Any:
    """A value as JSON and CSV carry it: lists as lists (CSV: JSON text), everything else as stored."""
    if kind == "strlist" and value is not None:
        return [v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str) for v in value]
    return value


def _jsonl(declared: list[tuple[str, str]], rows: Iterable[dict[str, Any]], path: Path) -> None:
    columns = None
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            columns = columns or _columns(declared, row)
            f.write(json.dumps({c: _text(row.get(c), k) for c, k in columns}, ensure_ascii=False, default=str)
                    + "\n")


def _csv(declared: list[tuple[str, str]], rows: Iterable[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = None
        columns = declared
        for row in rows:
            if writer is None:
                columns = _columns(declared, row)
                writer = csv.DictWriter(f, fieldnames=[c for c, _ in columns])
                writer.writeheader()
            writer.writerow({c: _csv_cell(row.get(c), k) for c, k in columns})
        if writer is None:  # an empty table still says what it would hold
            csv.writer(f).writerow([c for c, _ in declared])


def _csv_cell(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    if kind in ("strlist", "intlist"):
        return json.dumps(_text(value, kind), ensure_ascii=False)
    if kind == "bool":
        return "true" if value else "false"
    return value


def _arrow_type(kind: str) -> Any:
    import pyarrow as pa

    return {"int": pa.int64(), "float": pa.float64(), "str": pa.string(), "bool": pa.bool_(),
            "date": pa.date32(), "intlist": pa.list_(pa.int64()), "strlist": pa.list_(pa.string())}[kind]


def _arrow_value(value: Any, kind: str, where: str) -> Any:
    if value is None:
        return None
    if kind == "date":
        try:
            return dt.date.fromisoformat(str(value)[:10])
        except ValueError as exc:  # the store writes ISO dates only: anything else is a bug to see
            raise ValueError(f"{where}: {value!r} is not an ISO date") from exc
    if kind == "bool":
        return bool(value)
    if kind == "int" and isinstance(value, str) and value.strip().isdigit():  # a year given as text
        return int(value)
    if kind == "strlist":
        return _text(value, kind)
    if kind == "str" and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _parquet(declared: list[tuple[str, str]], rows: Iterable[dict[str, Any]], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = iter(rows)
    first = next(rows, None)
    columns = _columns(declared, first) if first is not None else declared
    schema = pa.schema([(c, _arrow_type(k)) for c, k in columns])
    with pq.ParquetWriter(path, schema) as writer:
        batch = itertools.islice(itertools.chain([first] if first is not None else [], rows), PARQUET_BATCH)
        chunk = list(batch)
        while chunk:
            arrays = [pa.array([_arrow_value(r.get(c), k, f"{path.name} {c}") for r in chunk], type=_arrow_type(k))
                      for c, k in columns]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            chunk = list(itertools.islice(rows, PARQUET_BATCH))


# --- who is a person ------------------------------------------------------------------------------

_ONE_WORD = re.compile(r"^[^\W\d_][\w'’-]*$")


def doubtful_persons(read: ReadModel, entities: list[dict[str, Any]]) -> set[int]:
    """People of one word that are places or outlets: a name the gazetteer knows as a place or an
    organisation, or one the knowledge base has as a place's or organisation's name, spelling or mention, or
    one that no mention names as a person (known only as an event's participant: "Akorda", "Sputnik").
    A surname with a person mention of its own ("Ismailov") stays."""
    from communique.extract.gazetteer import canonical_org, canonical_place

    others = read.export_place_and_org_names()
    doubtful = set()
    for e in entities:
        name = e["name"].strip()
        if e["kind"] != "person" or not _ONE_WORD.match(name):
            continue
        if not e["mentions"] or name.casefold() in others or canonical_place(name) or canonical_org(name):
            doubtful.add(e["id"])
    return doubtful


# --- GraphML -------------------------------------------------------------------------------------


def _graphml(read: ReadModel, path: Path) -> Path:
    import networkx as nx

    graph = nx.Graph()
    entities = read.export_entities()
    doubtful = doubtful_persons(read, entities)
    kinds = {}
    for e in entities:
        if e["id"] in doubtful:
            continue
        kinds[e["id"]] = e["kind"]
        graph.add_node(f"e{e['id']}", label=e["name"], kind=e["kind"], mentions=int(e["mentions"] or 0),
                       first_seen=e["first_seen"] or "", last_seen=e["last_seen"] or "")
    dates = {ev["id"]: (ev["date"], ev["end_date"] or ev["date"]) for ev in read.export_kb_events()}
    places = read.export_event_places()

    def join(a: int, b: int, kid: int, relation: str) -> None:
        u, v = f"e{a}", f"e{b}"
        first, last = dates.get(kid, (None, None))
        if not graph.has_edge(u, v):
            graph.add_edge(u, v, relation=relation, weight=0, events="", first_date="", last_date="")
        edge = graph[u][v]
        edge["weight"] += 1
        edge["events"] = f"{edge['events']} {kid}".strip()
        if first:
            edge["first_date"] = min(edge["first_date"] or first, first)
            edge["last_date"] = max(edge["last_date"] or last, last)

    for kid, members in sorted(read.event_members().items()):
        present = sorted(m for m in members if kinds.get(m) in ("person", "org"))
        for a, b in itertools.combinations(present, 2):
            join(a, b, kid, "took part together")
        place = places.get(kid)
        if kinds.get(place) == "place":
            for a in present:
                join(a, place, kid, "took part at")
    nx.write_graphml(graph, path)
    return path


# --- FollowTheMoney ------------------------------------------------------------------------------


def ftm_entities(read: ReadModel) -> Iterator[Any]:
    """The knowledge base as FollowTheMoney entity proxies, each validated as it is made (InvalidData when
    one is not); every reference resolves among them: an entity is made before anything that points to it,
    and nothing points to an entity left out. Made one at a time: the articles' bodies are never all held."""
    from followthemoney import model

    def valid(proxy: Any) -> Any:
        proxy.schema.validate(proxy.to_dict())  # raises followthemoney.exc.InvalidData
        return proxy

    def make(schema: str, *key: Any) -> Any:
        proxy = model.make_entity(schema)
        proxy.make_id(ID_PREFIX, schema, *key)
        return proxy

    article_ids: dict[int, str] = {}
    for a in read.export_articles():
        proxy = make("Article", a["id"])
        proxy.add("title", a["title"] or a["url"])
        proxy.add("sourceUrl", a["url"])
        proxy.add("publishedAt", a["published"])
        proxy.add("bodyText", a["body"])
        proxy.add("language", a["lang"])
        article_ids[a["id"]] = proxy.id
        yield valid(proxy)

    def proofs(ids: Iterable[int]) -> list[str]:
        return [article_ids[i] for i in _unique(ids) if i in article_ids]

    entities = read.export_entities()
    doubtful = doubtful_persons(read, entities)
    entity_ids: dict[int, str] = {}
    place_ids: dict[int, str] = {}
    for e in entities:
        if e["id"] in doubtful:
            continue
        schema = {"person": "Person", "org": "Organization", "place": "Address"}.get(e["kind"])
        if schema is None:
            continue
        proxy = make(schema, e["id"])
        proxy.add("name", e["name"])
        if schema == "Address":
            proxy.add("full", e["name"])
            place_ids[e["id"]] = proxy.id
        else:
            entity_ids[e["id"]] = proxy.id
        for alias in e["aliases"]:
            if alias != e["name"]:
                proxy.add("alias", alias)
        yield valid(proxy)

    members = read.event_members()
    for ev in read.export_kb_events():
        kid = ev["id"]
        proxy = make("Event", kid)
        proxy.add("name", ev["name"] or f"{ev['type']} {ev['date'] or ''}".strip())
        proxy.add("summary", ev["type"])
        proxy.add("startDate", ev["date"])
        proxy.add("endDate", ev["end_date"])
        proxy.add("location", ev["place"])
        if ev["place_entity_id"] in place_ids:
            proxy.add("addressEntity", place_ids[ev["place_entity_id"]])
        proxy.add("involved", [entity_ids[m] for m in sorted(members.get(kid, ())) if m in entity_ids])
        proxy.add("proof", proofs(ev["article_ids"]))
        yield valid(proxy)

    evidence = {kb_post_id: [a for a, _ in found] for kb_post_id, found in read.export_post_evidence()}
    positions: dict[tuple[str, int | None], Any] = {}
    for post in read.export_posts():
        person, org = post["person_entity_id"], post["org_entity_id"]
        if person not in entity_ids:
            continue
        title = ("Acting " if post["acting"] else "") + post["role"]
        pos = positions.get((title, org))
        if pos is None:
            pos = make("Position", title, org)
            pos.add("name", f"{title}, {post['org']}" if post["org"] else title)
            if org in entity_ids:
                pos.add("organization", entity_ids[org])
            positions[(title, org)] = pos
            yield valid(pos)
        occ = make("Occupancy", post["id"])
        occ.add("holder", entity_ids[person])
        occ.add("post", pos.id)
        occ.add("startDate", post["from"])
        occ.add("endDate", post["to"])
        occ.add("status", "acting" if post["acting"] else None)
        occ.add("proof", proofs(evidence.get(post["id"], [])))
        yield valid(occ)

    # One Mention per article, entity and spelling, from the article's own text (teasers are of other pages).
    for aid, eid, text, kind in read.export_entity_mentions():
        if eid not in entity_ids or aid not in article_ids:
            continue
        proxy = make("Mention", aid, eid, text)
        proxy.add("document", article_ids[aid])
        proxy.add("resolved", entity_ids[eid])
        proxy.add("name", text)
        proxy.add("detectedSchema", "Person" if kind == "person" else "Organization")
        yield valid(proxy)


def _ftm(read: ReadModel, path: Path) -> Path:
    # Written beside the target and moved over it at the end: a failure leaves no half-written export.
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8") as f:
            for proxy in ftm_entities(read):
                f.write(json.dumps(proxy.to_dict(), ensure_ascii=False) + "\n")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path
