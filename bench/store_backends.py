"""SQLite and PostgreSQL side by side: ingest throughput, and search / entity / who-held latency at 100,000
articles, in one run.

usage: python bench/store_backends.py [--pg URL] [--articles N] [--queries N] [--source-db DB]

1. Ingest: ../shared/seeds and ../shared/corpus (else examples/) through the whole pipeline into a new SQLite
   file and into a new PostgreSQL database (pages/s, wall clock), then the same pre-extracted articles saved
   again into each (``save_article`` alone: what the backend costs per article).
2. Scale: the SQLite database replicated to N articles by SQL (bench/api_latency.py's ``replicate``), then
   copied into a new PostgreSQL database table by table (COPY), its search index made from the same analysed
   terms: both backends hold the same 100,000 articles, facts and knowledge base.
3. Latency: the read model's search (a page of 20, the words people type, some with filters), entity pages and
   who-held answers, the same requests on both (wall clock and this process's CPU, ms).

PostgreSQL: --pg, else $COMMUNIQUE_TEST_PG (a maintenance URL: the bench makes and drops its own databases),
else a throw-away cluster started here (initdb as the postgres user, as .ci/run does). Prints one JSON line:
{"articles": N, "sqlite": {"ingest_pages_per_s", "save_articles_per_s", "search_p50_ms", "search_p95_ms",
"entity_p50_ms", "entity_p95_ms", "who_held_p50_ms", "who_held_p95_ms", ...}, "postgres": {...}, ...}
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "bench"))

from api_latency import _queries, replicate  # noqa: E402

# Tables copied into PostgreSQL, parents first (foreign keys); the FTS5 tables are SQLite's own.
TABLES = ["pages", "articles", "article_versions", "article_parts", "teasers", "article_catalog", "article_bands",
          "article_minhash", "site_model", "lexicon", "entities", "entity_aliases", "kb_events", "kb_posts",
          "mentions", "dates", "posts", "events", "event_participants", "figures", "runs"]


def _p(values: list[float], q: int) -> float | None:
    if len(values) < 2:
        return None
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 2)


@contextlib.contextmanager
def _cluster() -> Iterator[str]:
    """A throw-away PostgreSQL cluster on a free local port (as .ci/run starts one); its maintenance URL."""
    import socket

    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not bins:
        raise SystemExit("store_backends: no PostgreSQL found; pass --pg URL or install postgresql")
    pg_bin = bins[-1]
    folder = Path(tempfile.mkdtemp(prefix="communique-bench-pg-"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    def run(command: str) -> None:
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
            subprocess.run(["su", "postgres", "-s", "/bin/sh", "-c", command], check=True,
                           stdout=subprocess.DEVNULL)
        else:
            subprocess.run(["sh", "-c", command], check=True, stdout=subprocess.DEVNULL)

    run(f"'{pg_bin}/initdb' -D '{folder}/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8")
    run(f"'{pg_bin}/pg_ctl' -D '{folder}/data' -l '{folder}/log' -w -o \"-p {port} -k '{folder}' "
        f"-c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=512MB\" start")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        run(f"'{pg_bin}/pg_ctl' -D '{folder}/data' -m fast stop")
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def _database(server: str) -> Iterator[str]:
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _ingest(sources: list[Path], target: str) -> tuple[float, int]:
    from communique.job import ingest

    started = time.perf_counter()
    report = ingest(sources, target, progress=False)
    return time.perf_counter() - started, report.pages_read


def _articles(source: Path, limit: int) -> list:
    """The stored articles as the pipeline made them (for save_article alone), with new page keys."""
    from communique.document import Article, Page

    conn = sqlite3.connect(source)
    conn.row_factory = sqlite3.Row
    out = []
    for r in conn.execute("SELECT a.*, p.raw_text, p.source FROM articles a JOIN pages p ON p.id = a.page_id "
                          "ORDER BY a.id LIMIT ?", (limit,)):
        page = Page(text=r["raw_text"] + "\n(copy)", source=r["source"], url=(r["url"] or "") + "#copy",
                    site=r["site"], lang=r["lang"])
        out.append(Article(page=page, title=r["title"], body=r["body"].split("\n\n"), published=None))
    conn.close()
    return out


def _save_rate(articles: list, target: str) -> float:
    from communique.store import open_store

    with open_store(target) as store:
        started = time.perf_counter()
        with store.batch():
            for article in articles:
                store.save_article(article)
        return len(articles) / (time.perf_counter() - started)


def copy_to_postgres(sqlite_path: Path, url: str) -> None:
    """Every table of the SQLite database into the (new) PostgreSQL database, ids kept, sequences set after;
    the search index made from the analysed terms SQLite holds."""
    import psycopg

    from communique.store import open_store

    open_store(url).close()  # the schema
    src = sqlite3.connect(sqlite_path)
    with psycopg.connect(url) as conn:
        for table in TABLES:
            columns = [r[1] for r in src.execute(f"PRAGMA table_info({table})")]
            listed = ", ".join(f'"{c}"' for c in columns)
            with conn.cursor().copy(f"COPY {table} ({listed}) FROM STDIN") as copy:
                for row in src.execute(f"SELECT {listed} FROM {table}"):
                    copy.write_row(row)
            if "id" in columns:
                conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)")
        conn.execute("CREATE TEMP TABLE terms (article_id bigint, title text, body text)")
        with conn.cursor().copy("COPY terms FROM STDIN") as copy:
            for row in src.execute("SELECT rowid, title, body FROM search_terms"):
                copy.write_row(row)
        conn.execute("INSERT INTO article_search (article_id, match, terms) SELECT article_id, strip(v), v FROM "
                     "(SELECT article_id, setweight(to_tsvector('simple', title), 'A') || "
                     "setweight(to_tsvector('simple', body), 'B') AS v FROM terms) AS t")
        conn.commit()
    src.close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        # the bulk load's dirty pages written now, not by the checkpointer while the latencies are timed (it
        # spread over the next minute of both backends' measurements)
        with contextlib.suppress(psycopg.errors.InsufficientPrivilege):  # a --pg user without the right
            conn.execute("CHECKPOINT")


def _time(calls: list, call) -> tuple[list[float], list[float]]:
    wall, cpu = [], []
    for args in calls:
        start, start_cpu = time.perf_counter(), time.process_time()
        call(args)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def _latency(target: str, searches: list[dict], entities: list[int], who: list[dict]) -> dict[str, object]:
    from communique.store import open_store

    out: dict[str, object] = {}
    with open_store(target, readonly=True) as store:
        read = store.read
        for params in searches[:20]:  # warm the caches
            read.search(params["q"], **{k: v for k, v in params.items() if k != "q"})
        timings = {
            "search": _time(searches, lambda p: read.search(p["q"], **{k: v for k, v in p.items() if k != "q"})),
            "search_by_date": _time(searches[:100], lambda p: read.search(
                p["q"], sort="date", **{k: v for k, v in p.items() if k != "q"})),
            "entity": _time(entities, read.entity),
            "who_held": _time(who, lambda p: read.who_held(p["post"], org=p.get("org"), on=p["on"])),
        }
    for name, (wall, cpu) in timings.items():
        out[f"{name}_p50_ms"] = _p(wall, 50)
        out[f"{name}_p95_ms"] = _p(wall, 95)
        out[f"{name}_cpu_p95_ms"] = _p(cpu, 95)
    return out


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", help="a PostgreSQL maintenance URL (default $COMMUNIQUE_TEST_PG, else a new cluster)")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--saves", type=int, default=300, help="articles saved again for save_articles_per_s")
    args = parser.parse_args(argv)
    server = args.pg or os.environ.get("COMMUNIQUE_TEST_PG")
    with (contextlib.nullcontext(server) if server else _cluster()) as server, \
            tempfile.TemporaryDirectory(prefix="communique-bench-") as tmp, \
            _database(server) as ingested, _database(server) as scaled:
        sources = [SHARED / "seeds", SHARED / "corpus"] if (SHARED / "corpus").is_dir() else [ROOT / "examples"]
        lite = Path(tmp) / "ingested.db"
        result: dict[str, object] = {"sources": [str(s) for s in sources]}
        sqlite_s, pages = _ingest(sources, str(lite))
        pg_s, _ = _ingest(sources, ingested)
        articles = _articles(lite, args.saves)
        saves = {"sqlite": _save_rate(articles, str(Path(tmp) / "saves.db"))}
        with _database(server) as fresh:
            saves["postgres"] = _save_rate(articles, fresh)

        big = Path(tmp) / "replicated.db"
        started = time.perf_counter()
        n = replicate(lite, big, args.articles)
        replicate_s = time.perf_counter() - started
        started = time.perf_counter()
        copy_to_postgres(big, scaled)
        copy_s = time.perf_counter() - started

        rng = random.Random(5)
        conn = sqlite3.connect(big)
        searches = _queries(conn, args.queries, rng)
        entities = [i for (i,) in conn.execute("SELECT id FROM entities ORDER BY mentions DESC LIMIT 20")]
        entities += [i for (i,) in conn.execute("SELECT id FROM entities ORDER BY id LIMIT 80 OFFSET 50")]
        posts = conn.execute(
            "SELECT kp.role, o.name, kp.first_evidence, kp.last_evidence FROM kb_posts kp "
            "LEFT JOIN entities o ON o.id = kp.org_entity_id WHERE kp.first_evidence IS NOT NULL "
            "ORDER BY kp.evidence_count DESC, kp.id LIMIT 10").fetchall()
        conn.close()
        who = [{"post": role, "on": day, **({"org": org} if org else {})}
               for role, org, first, last in posts for day in (first, last)]
        for name, target, ingest_s, save_rate in (("sqlite", str(big), sqlite_s, saves["sqlite"]),
                                                  ("postgres", scaled, pg_s, saves["postgres"])):
            result[name] = {"ingest_pages_per_s": round(pages / ingest_s, 2),
                            "save_articles_per_s": round(save_rate, 1),
                            **_latency(target, searches, entities, who)}
        result.update(articles=n, pages_ingested=pages, searches=len(searches), entity_pages=len(entities),
                      who_held_questions=len(who), replicate_s=round(replicate_s, 1),
                      copy_to_postgres_s=round(copy_s, 1), load_average=round(os.getloadavg()[0], 1))
        print(json.dumps({"articles": n, **{k: v for k, v in result.items() if k != "articles"}}))


if __name__ == "__main__":
    main(sys.argv[1:])
