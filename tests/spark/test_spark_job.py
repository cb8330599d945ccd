"""The Spark job in local mode gives, once loaded, the same articles and facts as the local ingest.

Inputs are written here: a news site of an imaginary river authority in the shape of the
seeds (teasers of other news first, title, title with a date, body, contacts, navigation),
as a WARC of HTML responses, a WET file, a JSONL file and loose text files.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

pytestmark = pytest.mark.spark

SITE = "press.river-authority.example"

NEWS = [
    ("2024-03-06", "Director Hanna Lind met the mayor of Osterby",
     "On March 6 this year, Director of the River Authority Hanna Lind met the mayor of Osterby Per Arvid "
     "in Osterby. They discussed flood barriers on the lower Selva."),
    ("2024-03-14", "Flood drill held on the Selva",
     "On March 14, 2024, about 300 rescuers took part in a flood drill near Marnholm. "
     "The drill tested pumps and 45 boats."),
    ("2024-04-02", "River Authority signs agreement with Port of Kell",
     "On April 2, the River Authority and the Port of Kell signed an agreement on dredging. "
     "Deputy Director Tomas Brenn said the work will cost 2.5 million euros."),
    ("2024-04-20", "Council of basin states meets in Varde",
     "The Council of Basin States held its spring session in Varde on April 20, 2024. "
     "Delegations of five states adopted the water plan."),
    ("2024-05-11", "Inspectors seize illegal nets",
     "In May, inspectors of the River Authority seized 120 illegal nets and 80 kg of fish near Lunde. "
     "Chief Inspector Mira Holt thanked the volunteers."),
    ("2024-05-29", "Hanna Lind visits the Selva dam",
     "On May 29, Director Hanna Lind visited the Selva dam and met engineers of the dam operator. "
     "She praised the repairs finished in April."),
]

NAV = ["Home", "News", "Documents", "Contacts"]
FOOTER = ["Press secretary Ola Dahl", "Tel. +00 555 0101", "Go back", "Back to the all news"]


def _dotted(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}.{m}.{y}"


def page_text(k: int) -> str:
    """Page k as a WET extraction gives it: teasers of two other news, then the article."""
    lines = list(NAV)
    for j in ((k + 1) % len(NEWS), (k + 2) % len(NEWS)):
        date, title, lead = NEWS[j]
        lines += [_dotted(date), lead.split(". ")[0] + "."]
    date, title, lead = NEWS[k]
    lines += [title, f"{title} {_dotted(date)}", *lead.split(". "), *FOOTER]
    return "\n\n".join(lines) + "\n"


def page_html(k: int) -> str:
    date, title, lead = NEWS[k]
    paras = "".join(f"<p>{p}</p>" for p in page_text(k).split("\n\n") if p.strip())
    return (f"<!DOCTYPE html><html><head><title>{title}</title>"
            f"<meta property='article:published_time' content='{date}'></head><body>{paras}</body></html>")


def url(k: int) -> str:
    return f"https://{SITE}/news/{k}/"


def write_inputs(root: Path) -> list[Path]:
    root.mkdir(parents=True, exist_ok=True)
    warc = root / "crawl.warc.gz"
    with open(warc, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for k in (0, 1):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                    protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url(k), "response", payload=io.BytesIO(page_html(k).encode()), http_headers=http))
        http = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://{SITE}/photo.jpg", "response", payload=io.BytesIO(b"\xff\xd8\xff" + bytes(300)),
            http_headers=http))
    wet = root / "crawl.wet"
    with open(wet, "wb") as out:
        writer = WARCWriter(out, gzip=False)
        for k in (2, 3):
            writer.write_record(writer.create_warc_record(
                url(k), "conversion", payload=io.BytesIO(page_text(k).encode()),
                warc_content_type="text/plain"))
    jsonl = root / "pages.jsonl"
    with open(jsonl, "w", encoding="utf-8") as out:
        for k in (4, 5, 2):  # page 2 again, as in the WET file: the same content is read once
            out.write(json.dumps({"id": f"ra-{k}", "url": url(k), "text": page_text(k)}) + "\n")
        out.write("{not json\n")
    texts = root / "loose"
    texts.mkdir(exist_ok=True)
    (texts / "extra.txt").write_text(page_text(1).replace("45 boats", "46 boats"), encoding="utf-8")
    return [warc, wet, jsonl, texts]


def _snapshot(db: Path) -> dict[str, object]:
    """Everything a user sees of articles and facts, keyed by page key (not by row ids)."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    key_of = {r["id"]: r["page_key"] for r in conn.execute("SELECT id, page_key FROM articles")}
    articles = sorted(
        (r["page_key"], r["title"], r["published"], r["body"], key_of.get(r["duplicate_of"]),
         round(r["similarity"], 3) if r["similarity"] is not None else None, r["version"])
        for r in conn.execute("SELECT * FROM articles"))
    event_at = {r[0]: r[1] for r in conn.execute("SELECT id, start FROM events")}
    drop = {"id", "article_id", "entity_id", "person_entity_id", "org_entity_id", "kb_event_id", "event_id",
            "target_id"}
    facts: dict[str, list] = {}
    for table in ("teasers", "mentions", "dates", "posts", "events", "figures"):
        rows = conn.execute(f"SELECT * FROM {table}").fetchall()
        facts[table] = sorted(
            json.dumps([key_of[r["article_id"]], *[r[c] for c in r.keys() if c not in drop],
                        event_at.get(r["event_id"]) if "event_id" in r.keys() else None], default=str)
            for r in rows)
    facts["participants"] = sorted(
        f"{key_of[r[0]]}|{r[1]}|{r[2]}" for r in conn.execute(
            "SELECT e.article_id, e.start, p.person FROM event_participants p "
            "JOIN events e ON e.id = p.event_id"))
    facts["teaser_links"] = sorted(
        f"{key_of[r[0]]}|{r[1]}|{key_of.get(r[2])}|{r[3]}" for r in conn.execute(
            "SELECT article_id, position, target_id, linked_by FROM teasers"))
    facts["catalog"] = sorted(
        f"{key_of[r[0]]}|{r[1]}|{r[2]}|{r[3]}" for r in conn.execute(
            "SELECT article_id, kind, section, derived_title FROM article_catalog"))
    entities = sorted(tuple(r) for r in conn.execute("SELECT kind, name, mentions FROM entities"))
    pages = sorted(tuple(r) for r in conn.execute("SELECT content_hash, page_key, site, url FROM pages"))
    # the corpus lexicon's rows, their JSON read (counts learned in another order are the same counts)
    lexicon = {r[0]: json.loads(r[1]) for r in conn.execute("SELECT key, value FROM lexicon")}
    conn.close()
    return {"articles": articles, "facts": facts, "entities": entities, "pages": pages, "lexicon": lexicon}


def _need_spark() -> None:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Java is not installed")


def test_spark_output_loads_to_the_same_articles_and_facts(tmp_path: Path) -> None:
    _need_spark()
    from communique.job import ingest
    from communique.spark.job import run
    from communique.spark.load import load

    inputs = write_inputs(tmp_path / "in")
    local_db, spark_db, out = tmp_path / "local.db", tmp_path / "spark.db", tmp_path / "parquet"

    missing = tmp_path / "in" / "gone.warc.gz"
    local = ingest([*inputs, missing], local_db, workers=1, progress=False)
    # The WET file and the missing one as URIs: read through Hadoop's file system, like hdfs:// or s3a://.
    as_spark = [str(p) for p in inputs]
    as_spark[1] = inputs[1].as_uri()
    summary = run([*as_spark, missing.as_uri()], str(out), master="local[2]")
    loaded = load(out, spark_db)

    assert summary["pages"] == local.new_pages == 7
    assert summary["skipped"]["image"] == 1 and summary["skipped"]["bad-json"] == 1
    assert summary["skipped"]["repeated"] == 1 and summary["skipped"]["missing"] == 1
    for table in ("pages", "articles", "mentions", "posts", "events", "figures", "teasers", "site_model",
                  "lexicon"):
        assert any((out / table).glob("*.parquet")), table
    assert loaded.articles == local.articles
    assert loaded.repeated == local.repeated == 1
    assert loaded.skip_reasons == local.skip_reasons

    want, got = _snapshot(local_db), _snapshot(spark_db)
    assert got["pages"] == want["pages"]
    assert got["articles"] == want["articles"]
    assert len(want["articles"]) == 7
    for table, rows in want["facts"].items():
        assert got["facts"][table] == rows, table
    assert got["entities"] == want["entities"]
    # The corpus lexicon the Spark job aggregated is the one the local ingest learned and stored.
    assert got["lexicon"] == want["lexicon"]
    assert want["lexicon"]["meta"]["n_pages"] == 7 and any(k.startswith("i:") for k in want["lexicon"])
    # The job did real work: articles were cleaned and facts found.
    bodies = {a[0]: a[3] for a in want["articles"]}
    assert "Tel." not in bodies[url(0)] and "Flood drill" not in bodies[url(0)]
    assert want["facts"]["mentions"] and want["facts"]["figures"]

    # Loading the same output again changes nothing.
    again = load(out, spark_db)
    assert again.unchanged == again.pages_read - again.repeated
    assert _snapshot(spark_db)["articles"] == want["articles"]
    assert _snapshot(spark_db)["lexicon"] == want["lexicon"]  # its lexicon was not counted twice

    # The same output into PostgreSQL (when a test server is there; CI always has one): the same answers.
    if os.environ.get("COMMUNIQUE_TEST_PG") or os.environ.get("CI"):
        from pgtest import fresh_database

        from communique.store import open_store

        with fresh_database("spark") as pg_url:
            into_pg = load(out, pg_url)
            assert into_pg.articles == loaded.articles
            with open_store(pg_url, readonly=True) as pg, open_store(spark_db, readonly=True) as lite:
                assert {k: v for k, v in pg.read.stats().items() if k != "runs"} == \
                    {k: v for k, v in lite.read.stats().items() if k != "runs"}
                assert [r["id"] for r in pg.read.search("boats", limit=50)["rows"]] == \
                    [r["id"] for r in lite.read.search("boats", limit=50)["rows"]]
                assert dict(pg.load_lexicon().rows()) == dict(lite.load_lexicon().rows())  # merged alike
