"""Concurrent searches against a real `communique serve`, with 1 and with several worker processes.

usage: python bench/serve_concurrency.py [--db DB] [--workers 1,2] [--requests 200] [--concurrency 200]
                                         [--big-mb 4.9] [--pg URL]

Without --db, ../shared/seeds and ../shared/corpus are ingested into a temporary database first. A copy of it
gets one huge article (``--big-mb`` MB of text, 0: none) whose words are also searched for: its snippet must
be cut from a bounded window, never from the whole body. With ``--pg`` (a maintenance URL; default
$COMMUNIQUE_TEST_PG when set) the same database is copied into a new PostgreSQL database and served too.
For each backend and worker count the server is started as a subprocess, warmed with a few searches, then
sent `requests` searches (words from stored titles; one in ten the huge article's word) by `concurrency`
client threads at once; then it gets SIGTERM. Prints one JSON line: {"articles": n, "runs": [{"backend",
"workers", "alone_p50_ms", "big_article_alone_p95_ms", "requests", "errors", "p50_ms", "p95_ms", "max_ms",
"stop_s", "exit"}, ...]}: latency is wall time per request as the client sees it, queueing included;
alone_p50_ms is the median of 20 searches sent one at a time, big_article_alone_p95_ms the p95 of 20 searches
for the huge article's word sent one at a time.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import random
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


BIG_WORD = "alpha"  # the huge article repeats it (and no stored article has it in a title)


def _queries(db: Path, count: int, big: bool) -> list[str]:
    conn = sqlite3.connect(db)
    titles = [t for (t,) in conn.execute("SELECT title FROM articles WHERE title IS NOT NULL")]
    conn.close()
    words = sorted({w for t in titles for w in re.findall(r"\w{5,}", t)})
    rng = random.Random(14)
    return ["/api/search?" + urlencode({"q": BIG_WORD if big and i % 10 == 0 else rng.choice(words)})
            for i in range(count)]


def add_big_article(db: Path, megabytes: float) -> None:
    """One article of ``megabytes`` MB of text (words of a long report, BIG_WORD among them), stored as any."""
    from communique.document import Article, Page
    from communique.store import open_store

    words = ["alpha", "report", "convoy", "border", "summit", "delegation", "training", "logistics"]
    rng = random.Random(3)
    paragraphs, size = [], 0
    while size < megabytes * 1_000_000:
        paragraph = " ".join(rng.choice(words) for _ in range(120)) + "."
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    page = Page(text="\n".join(paragraphs), source="big.txt", url="https://big.example/report", site="big.example")
    with open_store(db) as store:
        store.save_article(Article(page=page, title="A very long report", body=paragraphs))


def _run(db: Path | str, workers: int, paths: list[str], concurrency: int) -> dict[str, object]:
    port = _free_port()
    cmd = [sys.executable, "-m", "communique.cli", "serve", "--db", str(db), "--port", str(port)]
    cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if _get(port, "/api/stats") == 200:
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"serve_concurrency: the server did not start: {proc.stderr.read()!r}") from None
                time.sleep(0.2)
        for path in paths[: 4 * workers]:  # warm each worker's connection pool and page cache a little
            _get(port, path)

        def timed(path: str) -> tuple[float, bool]:
            start = time.perf_counter()
            try:
                ok = _get(port, path) == 200
            except OSError:
                ok = False
            return (time.perf_counter() - start) * 1000, ok

        alone = sorted(timed(path)[0] for path in paths[:20])  # one at a time: the latency without queueing
        big = sorted(timed("/api/search?" + urlencode({"q": BIG_WORD}))[0] for _ in range(20))
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            results = list(pool.map(timed, paths))
        stop = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        status = proc.wait(timeout=60)
        stop_s = time.monotonic() - stop
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    ms = sorted(r[0] for r in results)
    return {
        "backend": "postgres" if "://" in str(db) else "sqlite",
        "workers": workers,
        "alone_p50_ms": round(statistics.median(alone), 1),
        "big_article_alone_p95_ms": round(big[int(0.95 * (len(big) - 1))], 1),
        "requests": len(results),
        "errors": sum(not ok for _, ok in results),
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 1),
        "max_ms": round(ms[-1], 1),
        "stop_s": round(stop_s, 2),
        "exit": status,
    }


def main(argv: list[str]) -> None:
    import os
    import shutil

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="an ingested SQLite database (default: ingest ../shared)")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts to run")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--big-mb", type=float, default=4.9, help="one article this large is stored (0: none)")
    parser.add_argument("--pg", default=os.environ.get("COMMUNIQUE_TEST_PG"),
                        help="also serve a PostgreSQL copy, made on this server (a maintenance URL)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is not None and not db.is_file():
            raise SystemExit(f"serve_concurrency: no database at {db}")
        if db is None:
            if not SHARED.is_dir():
                raise SystemExit(f"serve_concurrency: {SHARED} is missing; give --db")
            from communique.job import ingest

            db = Path(tmp) / "source.db"
            ingest([SHARED / "seeds", SHARED / "corpus"], db=db, progress=False)
        served = Path(tmp) / "served.db"
        shutil.copyfile(db, served)
        if args.big_mb > 0:
            add_big_article(served, args.big_mb)
        paths = _queries(served, args.requests, args.big_mb > 0)
        targets: list[Path | str] = [served]
        with contextlib.ExitStack() as stack:
            if args.pg:
                sys.path.insert(0, str(ROOT / "bench"))
                from store_backends import _database, copy_to_postgres

                url = stack.enter_context(_database(args.pg))
                copy_to_postgres(served, url)
                targets.append(url)
            runs = [_run(target, int(w), paths, args.concurrency) for target in targets
                    for w in args.workers.split(",")]
        articles = sqlite3.connect(served).execute("SELECT count(*) FROM articles").fetchone()[0]
    print(json.dumps({"articles": articles, "big_article_mb": args.big_mb, "runs": runs}))


if __name__ == "__main__":
    main(sys.argv[1:])
