"""Articles to Parquet rows and back (no Spark needed): `communique load` rebuilds what the job wrote."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from communique.document import Article, DateMention, Event, Figure, Mention, Page, Post, Teaser
from communique.spark.tables import article_from_rows, article_rows, schemas

_ARROW = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
          "date": pa.date32(), "strlist": pa.list_(pa.string()), "bytes": pa.binary(), "json": pa.string()}


def _article() -> Article:
    page = Page(text="Harbour news\n\nPilots sworn in 02.03.2025\n\nFour pilots took the oath.",
                source="a.jsonl:3", url="https://harbour.example/news/7/", site="harbour.example",
                external_id="h-7", lang="en",
                meta={"title": "Pilots sworn in", "fetched": "2025-03-03"}, notes=["invalid UTF-8 replaced"])
    body = ["Four pilots took the oath at the Harbour Board on 2 March.", "They guide ships in the channel."]
    text = "\n\n".join(body)
    start = text.index("Harbour Board")
    return Article(
        page=page, title="Pilots sworn in", published=dt.date(2025, 3, 2), published_from="dateline",
        body=body,
        signature=["Press office"], captions=["pilots.jpg"], dropped=[("Harbour news", "navigation")],
        teasers=[Teaser("Buoys replaced after storms.", dt.date(2025, 2, 1), "Buoys replaced",
                        url="https://harbour.example/news/6/")],
        mentions=[Mention(start, start + 13, body[0], text="Harbour Board", kind="org",
                          attrs={"acronym": "HB"}),
                  Mention(0, 5, "Buoys replaced after storms.", from_teaser=0, text="Buoys", kind="org")],
        dates=[DateMention(text.index("2 March"), text.index("2 March") + 7, body[0], text="2 March",
                           value=dt.date(2025, 3, 2))],
        posts=[Post(0, 4, body[0], person="Ada Moor", role="Harbour Master", acting=True)],
        events=[Event(0, 10, body[0], type="meeting", date=dt.date(2025, 3, 2),
                      participants=["Ada Moor", "Ib Lund"], place="Kell", trigger="took the oath")],
        figures=[Figure(0, 4, body[0], value=4.0, item="pilots", event=0, text="Four")],
        extra={"minhash": np.arange(128, dtype="<u4"), "doc": object()},
    )


def test_rows_round_trip_through_parquet(tmp_path: Path) -> None:
    original = _article()
    rows = article_rows(42, original)
    tables = schemas()
    read: dict[str, list[dict]] = {}
    for name, table_rows in rows.items():
        columns = tables[name]
        schema = pa.schema([(c, _ARROW[k]) for c, k in columns])
        data = {c: [r[i] for r in table_rows] for i, (c, _) in enumerate(columns)}
        pq.write_table(pa.table(data, schema=schema), tmp_path / f"{name}.parquet")
        read[name] = pq.read_table(tmp_path / f"{name}.parquet").to_pylist()
    assert [len(read[t]) for t in ("mentions", "teasers", "events")] == [2, 1, 1]
    assert all(r["seq"] == 42 for rs in read.values() for r in rs)

    parts = {t: read[t] for t in ("teasers", "mentions", "dates", "posts", "events", "figures")}
    rebuilt = article_from_rows(read["pages"][0], read["articles"][0], parts)
    assert rebuilt.page == original.page
    assert rebuilt.page.content_hash == original.page.content_hash
    for name in ("kind", "title", "published", "published_from", "body", "signature", "captions", "dropped",
                 "teasers", "mentions", "dates", "posts", "events", "figures"):
        assert getattr(rebuilt, name) == getattr(original, name), name
    assert rebuilt.body_hash == original.body_hash
    assert np.array_equal(rebuilt.extra["minhash"], original.extra["minhash"])
    assert "doc" not in rebuilt.extra
