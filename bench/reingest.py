"""Incremental re-ingest: a second run over an unchanged crawl against the first run.

The ../shared pages are replicated to --pages pages (bench/replicas.py: text and HTML, JSONL
and WARC shards) and ingested into a new database with the full pipeline (resolution
included, as a user runs it); then the same crawl is ingested again. The re-run reads and
hashes every page but finds each content hash stored, so it runs no NLP at all.

Prints one JSON line: {"first_s": a, "rerun_s": b, "speedup": a/b, "pages": n, ...}.
Size from --pages or COMMUNIQUE_BENCH_REINGEST_PAGES.

    .venv/bin/python bench/reingest.py [--pages 5000] [--workers N]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import replicas  # noqa: E402  (the bench folder is not a package)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=replicas.size("COMMUNIQUE_BENCH_REINGEST_PAGES", 5_000))
    parser.add_argument("--workers", type=int, default=None, help="default: all cores")
    args = parser.parse_args()
    if not replicas.available():
        print(json.dumps({"skipped": f"no corpus at {replicas.SHARED / 'corpus'}"}))
        return 0

    from communique.job import ingest

    with tempfile.TemporaryDirectory(prefix="communique-bench-") as tmp:
        crawl, db = Path(tmp) / "crawl", Path(tmp) / "bench.db"
        written = replicas.write_crawl(crawl, args.pages)
        timings, reports = [], []
        for _ in range(2):
            start = time.perf_counter()
            report = ingest([crawl], db, workers=args.workers, progress=False)
            timings.append(time.perf_counter() - start)
            reports.append(report)
            print(report.render(), file=sys.stderr)
    first, rerun = reports
    if rerun.unchanged != first.new_pages or rerun.new_pages:
        print(f"re-run was not incremental: {rerun.as_dict()}", file=sys.stderr)
        return 1
    print(json.dumps({
        "first_s": round(timings[0], 2), "rerun_s": round(timings[1], 2),
        "speedup": round(timings[0] / timings[1], 1),
        "pages": written, "pages_read": first.pages_read, "unchanged_on_rerun": rerun.unchanged,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
