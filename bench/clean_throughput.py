"""Cleaning throughput: ingest without extraction (read, site model, segment, dedup, store).

The ../shared corpus and seeds are replicated to at least --pages pages (default 20,000) in a
temporary directory. Each replica gets its own URLs and a line "(replica N)" in the middle of
every page, so no page is an exact copy of another (each is new to the store) while the
articles stay near-duplicates of each other, as in a real crawl that re-publishes.

Prints one JSON line: {"pages": N, "pages_per_s": x, "peak_rss_mb": y}; peak RSS is the
largest of the main process and any worker process. Details go to stderr.

    .venv/bin/python bench/clean_throughput.py [--pages 20000] [--workers N]
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

sys.path.insert(0, str(Path(__file__).resolve().parent))
import replicas  # noqa: E402  (the bench folder is not a package)


def write_replicas(out: Path, pages: int) -> int:
    base = replicas.base_records()
    copies = math.ceil(pages / len(base))
    for n in range(copies):
        with (out / f"replica-{n:03d}.jsonl").open("w", encoding="utf-8") as fh:
            for rec in base:
                rec = dict(rec)
                rec["id"] = f"{rec['id']}-r{n}"
                if rec.get("url"):
                    rec["url"] = f"{rec['url'].rstrip('/')}/r{n}"
                rec["text"] = replicas.vary(rec.get("text") or "", n)
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return copies * len(base)


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    if not (SHARED / "corpus").is_dir():
        print(f"no corpus at {SHARED / 'corpus'}", file=sys.stderr)
        return 1

    from communique.job import ingest

    with tempfile.TemporaryDirectory(prefix="communique-bench-") as tmp:
        crawl = Path(tmp) / "crawl"
        crawl.mkdir()
        written = write_replicas(crawl, args.pages)
        start = time.perf_counter()
        report = ingest([crawl], Path(tmp) / "bench.db", workers=args.workers, progress=False,
                        resolve=False, extract=False)
        seconds = time.perf_counter() - start
    summary = {k: v for k, v in report.as_dict().items()
               if k in ("pages_read", "new_pages", "articles", "new_versions", "duplicates", "accounted")}
    summary["failed"] = len(report.failed)
    print(f"{written} pages written in {crawl}; {json.dumps(summary)}; "
          f"main peak RSS {_rss_mb(resource.RUSAGE_SELF):.0f} MB, "
          f"largest worker {_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB", file=sys.stderr)
    print(json.dumps({
        "pages": report.pages_read,
        "pages_per_s": round(report.pages_read / seconds, 1),
        "peak_rss_mb": round(max(_rss_mb(resource.RUSAGE_SELF), _rss_mb(resource.RUSAGE_CHILDREN)), 1),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
