"""Exports keep every fact's provenance, and each opens in its real client: tables as JSON lines, CSV and Parquet
(pyarrow, its schema typed), a GraphML network (networkx), FollowTheMoney entities (the followthemoney library:
every entity valid, every reference resolvable)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from communique.cli import main
from communique.resolve.build import resolve
from communique.store import open_store
from communique.store.export import TABLES, export
from communique.store.read import ReadModel

TABLE_NAMES = {"articles", "mentions", "entities", "posts", "post_mentions", "events", "event_mentions", "figures"}
S1 = "Secretary General Imangali Tasbulatov met Yuri Chernykh, head of Finwatch, in Moscow on 6 March."
S2 = "The delegations then travelled to Ashgabat, where Ismailov hosted a dinner."
S3 = "During operation Channel-Watch, 1.2 t of drugs were seized, Yury Chernykh said."


@pytest.fixture
def kb(db_target: str) -> Iterator[ReadModel]:
    """Two articles of an imaginary organisation: a meeting in Moscow, posts, a dinner in Ashgabat whose
    participants were read as "Ashgabat" and "Ismailov", an operation with a figure. Every fact's span is real.
    On SQLite and on PostgreSQL."""
    store = open_store(db_target)
    db = store.db
    bodies: dict[int, str] = {}

    def article(n: int, published: str, body: str) -> int:
        url = f"https://ntso.example/news/{n}"
        page = db.insert(
            "INSERT INTO pages(content_hash, page_key, site, url, source, raw_text, ingested_at)"
            " VALUES (?,?,?,?,?,?,'2023-01-01T00:00:00Z') RETURNING id",
            (f"h{n}", url, "ntso.example", url, "x", "raw"),
        )
        aid = db.insert(
            "INSERT INTO articles(page_key, page_id, site, url, title, published, body, body_hash, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?,'2023-01-01T00:00:00Z') RETURNING id",
            (url, page, "ntso.example", url, f"Title {n}", published, body, f"b{n}"),
        )
        bodies[aid] = body
        return aid

    def fact(table: str, article_id: int, sentence: str, span: str, **row) -> int:
        start = bodies[article_id].index(span)
        row.update(article_id=article_id, sentence=sentence, start=start, end=start + len(span))
        cols = ", ".join(f'"{c}"' for c in row)
        return db.insert(f"INSERT INTO {table}({cols}) VALUES ({', '.join('?' * len(row))}) RETURNING id",
                         list(row.values()))

    a = article(1, "2023-03-06", f"{S1} {S2}")
    for kind, text in (("person", "Imangali Tasbulatov"), ("person", "Yuri Chernykh"), ("org", "Finwatch"),
                       ("place", "Moscow")):
        fact("mentions", a, S1, text, kind=kind, text=text)
    fact("mentions", a, S2, "Ashgabat", kind="place", text="Ashgabat")
    fact("mentions", a, S2, "Ismailov", kind="person", text="Ismailov")
    fact("posts", a, S1, "Imangali Tasbulatov", person="Imangali Tasbulatov", role="Secretary General",
         org="NSTSO", date="2023-03-06")
    fact("posts", a, S1, "Yuri Chernykh", person="Yuri Chernykh", role="Head", org="Finwatch", date="2023-03-06")
    meeting = fact("events", a, S1, "met", type="meeting", status="held", date="2023-03-06", place="Moscow")
    dinner = fact("events", a, S2, "hosted", type="meeting", status="held", date="2023-03-07", place="Ashgabat")
    for event, people in ((meeting, ("Imangali Tasbulatov", "Yuri Chernykh")), (dinner, ("Ashgabat", "Ismailov"))):
        for p in people:
            db.execute("INSERT INTO event_participants(event_id, person) VALUES (?,?)", (event, p))
    b = article(2, "2023-09-16", S3)
    op = fact("events", b, S3, "operation", type="operation", status="held", date="2023-09-11",
              name="Channel-Watch")
    fact("figures", b, S3, "1.2 t", event_id=op, value=1.2, unit="t", item="drugs seized", text="1.2 t")
    fact("mentions", b, S3, "Yury Chernykh", kind="person", text="Yury Chernykh")
    resolve(store.resolution)
    yield store.read
    store.close()


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_tables_carry_provenance_in_jsonl(kb: ReadModel, tmp_path: Path) -> None:
    written = export(kb, "jsonl", tmp_path)
    assert {p.name for p in written} == {f"{t}.jsonl" for t in TABLE_NAMES}
    t = {name: _jsonl(tmp_path / f"{name}.jsonl") for name in TABLE_NAMES}
    bodies = {a["id"]: a["body"] for a in t["articles"]}
    # every mention: its entity, its article, its span in that article's text, its sentence
    assert len(t["mentions"]) == 7
    for m in t["mentions"]:
        assert bodies[m["article_id"]][m["start"]:m["end"]] == m["text"] and m["text"] in m["sentence"]
        assert m["sentence"] in bodies[m["article_id"]]
    chernykh = {m["entity"] for m in t["mentions"] if m["text"].endswith("Chernykh")}
    assert len(chernykh) == 1  # both spellings resolved to one entity, named in each row
    entity = next(e for e in t["entities"] if e["name"] in chernykh)
    assert {"Yuri Chernykh", "Yury Chernykh"} <= set(entity["aliases"])
    # events, posts and figures: their sentences and article ids
    operation = next(e for e in t["events"] if e["type"] == "operation")
    assert operation["sentences"] == [S3] and operation["article_ids"] == [2]
    meeting = next(e for e in t["events"] if e["place"] == "Moscow")
    assert sorted(p.split()[-1] for p in meeting["participants"]) == ["Chernykh", "Tasbulatov"]
    assert meeting["place_entity_id"] is not None and len(meeting["participant_ids"]) == 2
    for report in t["event_mentions"]:
        assert report["sentence"] in bodies[report["article_id"]] and report["kb_event_id"] is not None
    post = next(p for p in t["posts"] if p["role"] == "Secretary General")
    assert (post["article_ids"], post["sentences"], post["from"]) == ([1], [S1], "2023-03-06")
    assert all(p["kb_post_id"] == post["id"] for p in t["post_mentions"] if p["role"] == "Secretary General")
    [figure] = t["figures"]
    assert (figure["series"], figure["value"], figure["unit"]) == ("Channel", 1200.0, "kg")
    assert (figure["article_id"], figure["sentence"]) == (2, S3)


def test_csv_has_the_same_tables_and_columns(kb: ReadModel, tmp_path: Path) -> None:
    export(kb, "csv", tmp_path)
    for name, columns in TABLES.items():
        with (tmp_path / f"{name}.csv").open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert [c for c, _ in columns] == list(rows[0])[: len(columns)], name
    with (tmp_path / "mentions.csv").open(encoding="utf-8") as f:
        ismailov = next(r for r in csv.DictReader(f) if r["text"] == "Ismailov")
    assert (ismailov["article_id"], ismailov["sentence"], ismailov["in_title"]) == ("1", S2, "false")
    with (tmp_path / "posts.csv").open(encoding="utf-8") as f:
        posts = list(csv.DictReader(f))
    assert {(p["person"].split()[-1], p["role"]) for p in posts} == {("Tasbulatov", "Secretary General"),
                                                                      ("Chernykh", "Head")}
    assert all(json.loads(p["sentences"]) == [S1] for p in posts)


def test_parquet_opens_with_pyarrow_with_typed_columns(kb: ReadModel, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    export(kb, "parquet", tmp_path)
    arrow = {"int": pa.int64(), "float": pa.float64(), "str": pa.string(), "bool": pa.bool_(), "date": pa.date32(),
             "intlist": pa.list_(pa.int64()), "strlist": pa.list_(pa.string())}
    for name, columns in TABLES.items():
        schema = pq.read_schema(tmp_path / f"{name}.parquet")
        for column, kind in columns:
            assert schema.field(column).type == arrow[kind], (name, column)
    articles = pq.read_table(tmp_path / "articles.parquet").to_pylist()
    assert {a["published"].isoformat() for a in articles} == {"2023-03-06", "2023-09-16"}
    assert all(a["title_derived"] is False for a in articles)
    events = pq.read_table(tmp_path / "events.parquet")
    assert events.num_rows == 3 and set(events.column("type").to_pylist()) == {"meeting", "operation"}
    assert sorted(d.isoformat() for d in events.column("date").to_pylist()) == ["2023-03-06", "2023-03-07",
                                                                                 "2023-09-11"]
    posts = pq.read_table(tmp_path / "posts.parquet").to_pylist()
    assert all(p["acting"] is False and p["sentences"] == [S1] for p in posts)
    mentions = pq.read_table(tmp_path / "mentions.parquet")
    assert mentions.num_rows == 7 and set(mentions.column("in_title").to_pylist()) == {False}


def test_graphml_opens_with_networkx(kb: ReadModel, tmp_path: Path) -> None:
    import networkx as nx

    [path] = export(kb, "graphml", tmp_path)
    graph = nx.read_graphml(path)
    by = {(data["label"], data["kind"]): node for node, data in graph.nodes(data=True)}
    tas = by[("Imangali Tasbulatov", "person")]
    che = next(n for (label, kind), n in by.items() if label.endswith("Chernykh"))
    edge = graph[tas][che]
    assert (edge["weight"], edge["first_date"], edge["last_date"]) == (1, "2023-03-06", "2023-03-06")
    meeting = next(e for e in kb.export_events() if e["place"] == "Moscow")
    assert edge["events"] == str(meeting["id"])
    assert graph.nodes[by[("Finwatch", "org")]]["kind"] == "org"  # named in the meeting's sentence
    moscow = by[("Moscow", "place")]
    assert graph.has_edge(tas, moscow) and graph[tas][moscow]["relation"] == "took part at"
    # a place read as a dinner's participant is no person; a surname the text names as a person is one
    assert ("Ashgabat", "person") not in by and ("Ashgabat", "place") in by
    assert ("Ismailov", "person") in by


def test_ftm_entities_validate_and_resolve(kb: ReadModel, tmp_path: Path) -> None:
    from followthemoney import model

    [path] = export(kb, "ftm", tmp_path)
    entities = _jsonl(path)
    by_id = {e["id"]: e for e in entities}
    schemata = {e["schema"] for e in entities}
    assert {"Person", "Organization", "Address", "Event", "Position", "Occupancy", "Article", "Mention"} <= schemata
    for data in entities:
        assert model.get(data["schema"]).validate(data) is None
        for prop, value in model.get_proxy(data).itervalues():
            if prop.type.name == "entity":
                assert value in by_id, (data["schema"], prop.name)  # no dangling reference
    for schema in ("Event", "Occupancy"):
        for e in (x for x in entities if x["schema"] == schema):
            assert e["properties"]["proof"], schema
            assert all(by_id[p]["schema"] == "Article" for p in e["properties"]["proof"])
    meeting = next(e for e in entities if e["schema"] == "Event" and e["properties"].get("location") == ["Moscow"])
    [place] = meeting["properties"]["addressEntity"]
    assert by_id[place]["schema"] == "Address" and by_id[place]["properties"]["full"] == ["Moscow"]
    occupancy = next(e for e in entities if e["schema"] == "Occupancy" and e["properties"].get("startDate"))
    assert occupancy["properties"]["startDate"] == ["2023-03-06"]
    people = {e["properties"]["name"][0] for e in entities if e["schema"] == "Person"}
    assert "Ashgabat" not in people and "Ismailov" in people


def test_unknown_format_is_a_clear_error(kb: ReadModel, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export(kb, "xml", tmp_path)


def test_unwritable_output_is_one_line(kb: ReadModel, tmp_path: Path, capsys) -> None:
    db = kb.db.location  # the fixture's database, a file or a URL
    assert main(["export", "--format", "csv", "--out", "/dev/null/x", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("communique: cannot write the export into /dev/null/x") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
