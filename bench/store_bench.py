"""Store benchmark: save (with dedup) and search over the corpus replicated to N articles.

Prints one JSON line: {"articles": N, "saves_per_s": x, "duplicates": d, "db_mb": m,
"search_p50_ms": a, "search_p95_ms": b, "search_cpu_p50_ms": c, "search_cpu_p95_ms": e,
"peak_rss_mb": y}.

Bodies are the corpus pages' lines (the store does not clean; this measures storage, not
cleaning). Each replica swaps one word in six for a word of another page, so replicas are
distinct articles, as in a real archive, while some stay near-duplicates of each other.
Usage: .venv/bin/python bench/store_bench.py [N] [--db PATH] [--search-only]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from communique.document import Article, Page
from communique.store import open_store

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
QUERIES = ["CSTO", "Secretary General", "Channel", "drug trafficking", "Moscow meeting", "exercise",
           "collective security", "Kazakhstan", "border", "operation results", "council session", "Minsk"]


def corpus_pages() -> list[dict]:
    pages = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            try:
                pages.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return [p for p in pages if p.get("text")]


def replicas(pages: list[dict], n: int, seed: int = 7):
    rng = random.Random(seed)
    vocabulary = [w for p in pages[:50] for w in p["text"].split()][:20000]
    for i in range(n):
        src = pages[i % len(pages)]
        lines = [ln for ln in src["text"].splitlines() if ln.strip()]
        if i >= len(pages):  # the first pass is the corpus itself
            lines = [" ".join(w if rng.random() > 1 / 6 else rng.choice(vocabulary) for w in ln.split())
                     for ln in lines]
        url = f"{src.get('url') or 'https://bench.example/' + str(src.get('id'))}#r{i}"
        page = Page(text="\n".join(lines), source=f"bench:{i}", url=url, site=url.split("/")[2])
        yield Article(page=page, title=lines[0][:200] if lines else None, body=lines[1:])


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=20000)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--search-only", action="store_true", help="time searches on an existing --db")
    args = parser.parse_args()
    pages = corpus_pages()
    if not pages:
        print(json.dumps({"error": f"no corpus at {CORPUS}"}))
        return 1
    tmp = tempfile.TemporaryDirectory()
    db = args.db or Path(tmp.name) / "bench.db"
    started = time.perf_counter()
    near = 0
    if args.search_only:
        args.n = 0
    with open_store(db) as store:
        it = replicas(pages, args.n)
        done = args.n == 0
        while not done:
            with store.transaction():
                for _ in range(args.batch):
                    article = next(it, None)
                    if article is None:
                        done = True
                        break
                    result = store.save_article(article)
                    near += result.duplicate_of is not None
        elapsed = time.perf_counter() - started
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open_store(db, readonly=True) as store:
        articles = store.read.stats()["articles"]
        times, cpu = [], []
        for _ in range(5):
            for q in QUERIES:
                t, c = time.perf_counter(), time.process_time()
                store.read.search(q, limit=20)
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
        times.sort()
        cpu.sort()
    print(json.dumps({
        "articles": articles,
        "saves_per_s": round(args.n / elapsed, 1) if args.n else None,
        "duplicates": near,
        "db_mb": round(db.stat().st_size / 2**20, 1),
        "search_p50_ms": round(statistics.median(times), 2),
        "search_p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        # CPU time as well: on a shared machine wall-clock time also counts other processes.
        "search_cpu_p50_ms": round(statistics.median(cpu), 2),
        "search_cpu_p95_ms": round(cpu[int(len(cpu) * 0.95) - 1], 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
