"""Exports: tables in JSON lines / CSV / Parquet, a GraphML network, FollowTheMoney entities."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from communique.resolve.build import resolve
from communique.store import open_store
from communique.store.export import export
from communique.store.read import ReadModel


@pytest.fixture
def kb(db_target: str) -> Iterator[ReadModel]:
    """Two articles of an imaginary organisation: a meeting, posts, an operation with a figure (on SQLite and
    on PostgreSQL)."""
    store = open_store(db_target)
    db = store.db

    def article(n: int, published: str) -> int:
        url = f"https://ntso.example/news/{n}"
        page = db.insert(
            "INSERT INTO pages(content_hash, page_key, site, url, source, raw_text, ingested_at)"
            " VALUES (?,?,?,?,?,?,'2023-01-01T00:00:00Z') RETURNING id",
            (f"h{n}", url, "ntso.example", url, "x", "raw"),
        )
        return db.insert(
            "INSERT INTO articles(page_key, page_id, site, url, title, published, body, body_hash, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?,'2023-01-01T00:00:00Z') RETURNING id",
            (url, page, "ntso.example", url, f"Title {n}", published, "Body text.", f"b{n}"),
        )

    def fact(table: str, **row) -> int:
        row.setdefault("start", 0)
        row.setdefault("end", 1)
        cols = ", ".join(f'"{c}"' for c in row)
        return db.insert(f"INSERT INTO {table}({cols}) VALUES ({', '.join('?' * len(row))}) RETURNING id",
                         list(row.values()))

    a = article(1, "2023-03-06")
    s1 = "Secretary General Imangali Tasbulatov met Yuri Chernykh, head of Finwatch, in Moscow."
    fact("mentions", article_id=a, kind="person", text="Imangali Tasbulatov", sentence=s1)
    fact("mentions", article_id=a, kind="person", text="Yuri Chernykh", sentence=s1)
    fact("mentions", article_id=a, kind="org", text="Finwatch", sentence=s1)
    fact("mentions", article_id=a, kind="place", text="Moscow", sentence=s1)
    fact(
        "posts",
        article_id=a,
        person="Imangali Tasbulatov",
        role="Secretary General",
        org="NSTSO",
        date="2023-03-06",
        sentence=s1,
    )
    fact(
        "posts",
        article_id=a,
        person="Yuri Chernykh",
        role="Head",
        org="Finwatch",
        date="2023-03-06",
        sentence=s1,
    )
    ev = fact(
        "events", article_id=a, type="meeting", status="held", date="2023-03-06", place="Moscow", sentence=s1
    )
    for p in ("Imangali Tasbulatov", "Yuri Chernykh"):
        db.execute("INSERT INTO event_participants(event_id, person) VALUES (?,?)", (ev, p))
    b = article(2, "2023-09-16")
    s2 = "During operation Channel-Watch, 1.2 t of drugs were seized."
    op = fact(
        "events",
        article_id=b,
        type="operation",
        status="held",
        date="2023-09-11",
        name="Channel-Watch",
        sentence=s2,
    )
    fact(
        "figures",
        article_id=b,
        event_id=op,
        value=1.2,
        unit="t",
        item="drugs seized",
        text="1.2 t",
        sentence=s2,
    )
    fact("mentions", article_id=b, kind="person", text="Yury Chernykh", sentence=s2)
    resolve(store.resolution)
    yield store.read
    store.close()


def test_tables_as_jsonl_and_csv(kb, tmp_path: Path) -> None:
    written = export(kb, "jsonl", tmp_path / "j")
    assert {p.name for p in written} == {
        f"{t}.jsonl" for t in ("articles", "entities", "posts", "events", "figures")
    }
    entities = [json.loads(line) for line in (tmp_path / "j" / "entities.jsonl").read_text().splitlines()]
    chernykh = [e for e in entities if e["name"].endswith("Chernykh")]
    assert len(chernykh) == 1 and {"Yuri Chernykh", "Yury Chernykh"} <= set(chernykh[0]["aliases"])
    [figure] = [json.loads(line) for line in (tmp_path / "j" / "figures.jsonl").read_text().splitlines()]
    assert (figure["series"], figure["value"], figure["unit"]) == ("Channel", 1200.0, "kg")
    export(kb, "csv", tmp_path / "c")
    with (tmp_path / "c" / "posts.csv").open() as f:
        posts = list(csv.DictReader(f))
    assert {(p["person"].split()[-1], p["role"]) for p in posts} == {
        ("Tasbulatov", "Secretary General"),
        ("Chernykh", "Head"),
    }


def test_parquet_opens_with_pyarrow(kb, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    export(kb, "parquet", tmp_path)
    table = pq.read_table(tmp_path / "events.parquet")
    assert table.num_rows == 2
    assert set(table.column("type").to_pylist()) == {"meeting", "operation"}
    assert pq.read_table(tmp_path / "entities.parquet").num_rows >= 4


def test_graphml_opens_with_networkx(kb, tmp_path: Path) -> None:
    import networkx as nx

    [path] = export(kb, "graphml", tmp_path)
    graph = nx.read_graphml(path)
    labels = {data["label"]: node for node, data in graph.nodes(data=True)}
    tas = labels["Imangali Tasbulatov"]
    che = next(n for label, n in labels.items() if label.endswith("Chernykh"))
    assert graph.has_edge(tas, che) and graph[tas][che]["weight"] == 1
    assert graph.nodes[labels["Finwatch"]]["kind"] == "org"  # named in the meeting's sentence


def test_ftm_entities_validate(kb, tmp_path: Path) -> None:
    from followthemoney import model

    [path] = export(kb, "ftm", tmp_path)
    entities = [json.loads(line) for line in path.read_text().splitlines()]
    schemata = {e["schema"] for e in entities}
    assert {"Person", "Organization", "Event", "Position", "Occupancy", "Article", "Mention"} <= schemata
    ids = {e["id"] for e in entities}
    for data in entities:
        schema = model.get(data["schema"])
        assert schema.validate(data) is None
        proxy = model.get_proxy(data)
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in ids  # every reference points to an exported entity
    occupancy = next(e for e in entities if e["schema"] == "Occupancy" and e["properties"].get("startDate"))
    assert occupancy["properties"]["startDate"] == ["2023-03-06"]


def test_unknown_format_is_a_clear_error(kb, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export(kb, "xml", tmp_path)
