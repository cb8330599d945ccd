"""Latency of the JSON API on the corpus replicated to at least 100,000 articles.

usage: python bench/api_latency.py [--source-db DB] [--articles N] [--keep PATH] [--queries N]

Without --source-db, ../shared/seeds and ../shared/corpus are ingested into a temporary database first.
The replicated database is made by copying rows in SQL (articles with their facts, teasers, FTS rows and
search terms; entities and knowledge-base events are shared by the copies, so an entity's article count grows
with the copies), not by running the pipeline again. Requests go through the whole ASGI app (FastAPI's test
client): routing, validation, SQL and JSON. Prints one JSON line:
{"articles": N, "search_p50_ms": a, "search_p95_ms": b, "entity_p95_ms": c, "who_held_p95_ms": d, ...}
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

# Tables whose rows belong to one article, copied with the article; their own ids are renumbered.
_FACTS = {
    "mentions": "kind, text, canonical, attrs, start, end, sentence, from_teaser, entity_id",
    "dates": "text, value, end_value, precision, start, end, sentence, from_teaser",
    "teasers": "position, text, date, title",
    "article_parts": "kind, position, text",
}


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def replicate(source: Path, target: Path, articles: int) -> int:
    """Copy source to target, then append copies of every article until there are at least `articles`."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.execute("PRAGMA journal_mode = OFF")
    dst.execute("PRAGMA synchronous = OFF")
    dst.execute("PRAGMA foreign_keys = OFF")
    base = dst.execute("SELECT count(*), max(id) FROM articles").fetchone()
    if not base[0]:
        raise SystemExit("api_latency: the source database holds no articles")
    article_cols = [c for c in _columns(dst, "articles") if c not in ("id", "page_key", "duplicate_of")]
    event_cols = [c for c in _columns(dst, "events") if c not in ("id", "article_id")]
    post_cols = [c for c in _columns(dst, "posts") if c not in ("id", "article_id")]
    figure_cols = [c for c in _columns(dst, "figures") if c not in ("id", "article_id", "event_id")]
    # Doubling: each round copies the articles so far (the last round only as many as are missing).
    while (n := dst.execute("SELECT count(*) FROM articles").fetchone()[0]) < articles:
        need = min(n, articles - n)
        upto = dst.execute("SELECT id FROM articles ORDER BY id LIMIT 1 OFFSET ?", (need - 1,)).fetchone()[0]
        off = dst.execute("SELECT max(id) FROM articles").fetchone()[0]
        cols = ", ".join(article_cols)
        dst.execute(
            f"INSERT INTO articles (id, page_key, duplicate_of, {cols}) "
            f"SELECT id + ?, page_key || '#' || (id + ?), duplicate_of + ?, {cols} FROM articles "
            "WHERE id <= ?",
            (off, off, off, upto),
        )
        # The search terms follow their article (the analyser's output, copied rather than made again).
        dst.execute("INSERT INTO search_terms (rowid, title, body) SELECT rowid + ?, title, body FROM search_terms "
                    "WHERE rowid <= ?", (off, upto))
        for table, cols in _FACTS.items():
            dst.execute(
                f"INSERT INTO {table} (article_id, {cols}) SELECT article_id + ?, {cols} FROM {table} "
                f"WHERE article_id <= ?",
                (off, upto),
            )
        # Copied events get id + ev_off, so their participants and figures can follow them.
        ev_off = dst.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]
        dst.execute(
            "INSERT INTO event_participants (event_id, person, entity_id) "
            "SELECT event_id + ?, person, entity_id FROM event_participants "
            "WHERE event_id IN (SELECT id FROM events WHERE article_id <= ?)",
            (ev_off, upto),
        )
        cols = ", ".join(event_cols)
        dst.execute(
            f"INSERT INTO events (id, article_id, {cols}) SELECT id + ?, article_id + ?, {cols} FROM events "
            f"WHERE article_id <= ?",
            (ev_off, off, upto),
        )
        cols = ", ".join(post_cols)
        dst.execute(
            f"INSERT INTO posts (article_id, {cols}) SELECT article_id + ?, {cols} FROM posts "
            "WHERE article_id <= ?",
            (off, upto),
        )
        cols = ", ".join(figure_cols)
        dst.execute(
            f"INSERT INTO figures (article_id, event_id, {cols}) SELECT article_id + ?, event_id + ?, {cols} "
            f"FROM figures WHERE article_id <= ?",
            (off, ev_off, upto),
        )
        dst.commit()
    dst.execute(
        "UPDATE entities SET mentions = (SELECT count(*) FROM mentions m WHERE m.entity_id = entities.id)"
    )
    dst.commit()
    dst.execute("ANALYZE")
    dst.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
    dst.execute("INSERT INTO search_terms(search_terms) VALUES ('optimize')")
    dst.commit()
    total = dst.execute("SELECT count(*) FROM articles").fetchone()[0]
    dst.close()
    return total


def _count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def _queries(conn: sqlite3.Connection, count: int, rng: random.Random) -> list[dict[str, str]]:
    """Search requests as people type them: words and pairs of words from titles, some with filters."""
    titles = [t for (t,) in conn.execute("SELECT title FROM articles WHERE title IS NOT NULL LIMIT 5000")]
    words = sorted({w for t in titles for w in re.findall(r"[^\W\d_]{4,}", t)})
    sites = [s for (s,) in conn.execute("SELECT DISTINCT site FROM articles")]
    out = []
    for i in range(count):
        q = rng.choice(words) if i % 3 else f"{rng.choice(words)} {rng.choice(words)}"
        params = {"q": q}
        if i % 5 == 0:
            params["site"] = rng.choice(sites)
        if i % 7 == 0:
            params["date_from"] = "2020"
        out.append(params)
    return out


def _timed(client, path: str, params: dict | None = None, cpu: list[float] | None = None) -> float:
    """Wall-clock ms of one request; its CPU ms (this process: client and app threads) go to `cpu`,
    which stays meaningful when other jobs load the machine."""
    start, start_cpu = time.perf_counter(), time.process_time()
    r = client.get(path, params=params)
    elapsed = (time.perf_counter() - start) * 1000
    if cpu is not None:
        cpu.append((time.process_time() - start_cpu) * 1000)
    if r.status_code >= 500:
        raise SystemExit(f"api_latency: {path} {params} answered {r.status_code}: {r.text[:200]}")
    return elapsed


def _p(values: list[float], q: float) -> float:
    return round(statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1], 2)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source-db", type=Path, help="an ingested database (default: ingest ../shared)")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="write the replicated database here and keep it")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument(
        "--reuse", action="store_true", help="time the --keep database as it is when it already has enough articles"
    )
    args = parser.parse_args(argv)

    from fastapi.testclient import TestClient

    from communique.web.app import create_app

    with tempfile.TemporaryDirectory(prefix="communique-bench-") as tmp:
        source = args.source_db
        if source is None and not (args.reuse and args.keep and args.keep.exists()):
            if not (SHARED / "corpus").is_dir():
                raise SystemExit(f"api_latency: {SHARED} not found; pass --source-db")
            from communique.job import ingest

            source = Path(tmp) / "source.db"
            ingest([SHARED / "seeds", SHARED / "corpus"], db=source, progress=False)
        target = args.keep or Path(tmp) / "replicated.db"
        started = time.perf_counter()
        if args.reuse and target.exists() and _count(target) >= args.articles:
            articles = _count(target)
        else:
            target.unlink(missing_ok=True)
            articles = replicate(source, target, args.articles)
        build_s = time.perf_counter() - started

        rng = random.Random(5)
        conn = sqlite3.connect(target)
        searches = _queries(conn, args.queries, rng)
        top = [i for (i,) in conn.execute("SELECT id FROM entities ORDER BY mentions DESC LIMIT 20")]
        rest = [i for (i,) in conn.execute("SELECT id FROM entities ORDER BY random() LIMIT 80")]
        # Who held the posts with the most evidence, on a day inside and a day after their intervals.
        posts = conn.execute(
            "SELECT kp.role, o.name, kp.first_evidence, kp.last_evidence FROM kb_posts kp "
            "LEFT JOIN entities o ON o.id = kp.org_entity_id WHERE kp.first_evidence IS NOT NULL "
            "ORDER BY kp.evidence_count DESC LIMIT 15").fetchall()
        who = [{"post": role, "on": day, **({"org": org} if org else {})}
               for role, org, first, last in posts for day in (first, last)]
        conn.close()
        with TestClient(create_app(target)) as client:
            for params in searches[:10]:  # warm the page cache and the app
                client.get("/api/search", params=params)
            search_cpu: list[float] = []
            entity_cpu: list[float] = []
            search_ms = [_timed(client, "/api/search", params, search_cpu) for params in searches]
            facet_cpu: list[float] = []
            facet_ms = [_timed(client, "/api/search", p | {"facets": "true"}, facet_cpu) for p in searches[:50]]
            entity_ms = [_timed(client, f"/api/entities/{i}", cpu=entity_cpu) for i in top + rest]
            who_cpu: list[float] = []
            who_ms = [_timed(client, "/api/who-held", params, who_cpu) for params in who]
        print(
            json.dumps(
                {
                    "articles": articles,
                    "search_p50_ms": _p(search_ms, 50),
                    "search_p95_ms": _p(search_ms, 95),
                    "entity_p95_ms": _p(entity_ms, 95) if len(entity_ms) > 1 else None,
                    "search_facets_p95_ms": _p(facet_ms, 95),
                    "entity_p50_ms": _p(entity_ms, 50) if len(entity_ms) > 1 else None,
                    "search_cpu_p50_ms": _p(search_cpu, 50),
                    "search_cpu_p95_ms": _p(search_cpu, 95),
                    "search_facets_cpu_p95_ms": _p(facet_cpu, 95),
                    "entity_cpu_p95_ms": _p(entity_cpu, 95) if len(entity_cpu) > 1 else None,
                    "who_held_p95_ms": _p(who_ms, 95) if len(who_ms) > 1 else None,
                    "who_held_cpu_p95_ms": _p(who_cpu, 95) if len(who_cpu) > 1 else None,
                    "load_average": round(os.getloadavg()[0], 1),
                    "searches": len(search_ms),
                    "entities": len(entity_ms),
                    "replicate_s": round(build_s, 1),
                }
            )
        )


if __name__ == "__main__":
    main(sys.argv[1:])
