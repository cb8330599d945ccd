"""Ingest throughput with 1 and 2 worker processes, and peak memory at 10k and 100k pages.

The ../shared pages are replicated (bench/replicas.py: text and HTML, JSONL and WARC shards)
in a temporary directory. Each measurement is a fresh process running communique.job.ingest
into a new database (no resolution: it is not per-page work), while this process samples the
memory of that process and its workers every 0.2 s: the sum of their PSS (proportional set
size, so pages shared by forked workers are not counted twice; RSS where PSS is unavailable).

- throughput: full ingest (read, site model, segment, extraction, dedup, store) of --pages
  pages with --workers 1, then 2: pages_per_s = pages read / seconds of the ingest call.
  The default is the 10,000-page crawl of the first memory run: extraction runs at about
  12 pages/s per core on this kind of machine, so the two runs take about 20 minutes, where
  50,000 pages would take close to two hours for the same ratio: a larger crawl only repeats
  the same per-page work (``--pages 50000`` runs it).
- memory: ingest of --rss-small and --rss-large pages (by default 10,000 and 100,000: the
  crawl replicated past 50,000 pages). By default without extraction: the NLP workers hold a
  constant model and a bounded number of pages in flight, so what could grow with the input
  is the reading, site-model, spool and writing side, and leaving the constant spaCy memory
  out makes the ratio stricter. --rss-extract includes extraction.

Prints one JSON line: {"pages_per_s_1", "pages_per_s_2", "speedup", "rss_10k_mb", "rss_100k_mb",
"rss_ratio", ...}. Sizes come from the arguments or COMMUNIQUE_BENCH_PAGES / _RSS_SMALL / _RSS_LARGE.

    .venv/bin/python bench/ingest_throughput.py [--pages 10000] [--rss-small 10000] [--rss-large 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import replicas  # noqa: E402  (the bench folder is not a package)


def _memory_kb(pid: int) -> int:
    for name, field in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            with open(f"/proc/{pid}/{name}") as fh:
                for line in fh:
                    if line.startswith(field):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


def _tree(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += parents.get(pid, [])
    return found


def run_ingest(crawl: Path, db: Path, workers: int, extract: bool, sample: bool = True) -> tuple[dict, float]:
    """(report, peak MB of the process tree) of one ingest in a fresh process.

    With ``sample=False`` memory is not watched (peak 0): walking /proc and reading smaps every
    0.2 s costs several percent of a core, which would be taken from the workers of a timed run.
    """
    cmd = [sys.executable, __file__, "--child", str(crawl), str(db), str(workers), str(int(extract))]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, sum(_memory_kb(pid) for pid in _tree(proc.pid)))
            time.sleep(0.2)

    sampler = threading.Thread(target=watch, daemon=True)
    if sample:
        sampler.start()
    out, _ = proc.communicate()
    done.set()
    if sample:
        sampler.join()
    if proc.returncode:
        raise SystemExit(f"ingest failed ({proc.returncode})")
    return json.loads(out.strip().splitlines()[-1]), peak / 1024


def _child(crawl: str, db: str, workers: str, extract: str) -> int:
    from communique.job import ingest

    report = ingest([Path(crawl)], Path(db), workers=int(workers), progress=False, resolve=False,
                    extract=bool(int(extract)))
    d = report.as_dict()
    print(json.dumps({"pages_read": d["pages_read"], "articles": d["articles"], "failed": len(d["failed"]),
                      "skipped": d["skipped"]["total"], "seconds": d["seconds"]}))
    return 0


def main() -> int:
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        return _child(*sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=replicas.size("COMMUNIQUE_BENCH_PAGES", 10_000))
    parser.add_argument("--rss-small", type=int, default=replicas.size("COMMUNIQUE_BENCH_RSS_SMALL", 10_000))
    parser.add_argument("--rss-large", type=int, default=replicas.size("COMMUNIQUE_BENCH_RSS_LARGE", 100_000))
    parser.add_argument("--rss-extract", action="store_true", help="include extraction in the memory runs")
    parser.add_argument("--workers", type=int, default=None, help="workers of the memory runs (default: all)")
    args = parser.parse_args()
    if not replicas.available():
        print(json.dumps({"skipped": f"no corpus at {replicas.SHARED / 'corpus'}"}))
        return 0

    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="communique-bench-") as tmp:
        tmp_path = Path(tmp)
        crawl = tmp_path / "crawl"
        result["pages"] = replicas.write_crawl(crawl, args.pages)
        for workers in (1, 2):
            report, _ = run_ingest(crawl, tmp_path / f"w{workers}.db", workers, extract=True, sample=False)
            result[f"pages_per_s_{workers}"] = round(report["pages_read"] / report["seconds"], 2)
            print(f"workers={workers}: {report}", file=sys.stderr)
        result["speedup"] = round(result["pages_per_s_2"] / result["pages_per_s_1"], 3)

        workers = args.workers or os.cpu_count() or 1
        for label, count in (("10k", args.rss_small), ("100k", args.rss_large)):
            sized = crawl if count == args.pages else tmp_path / f"crawl-{label}"
            if sized != crawl:
                replicas.write_crawl(sized, count)
            report, peak = run_ingest(sized, tmp_path / f"rss-{label}.db", workers, extract=args.rss_extract)
            result[f"rss_{label}_mb"] = round(peak, 1)
            result[f"rss_{label}_pages"] = report["pages_read"]
            print(f"memory run {label} ({count} pages): {report}, peak {peak:.0f} MB", file=sys.stderr)
            if sized != crawl:
                for path in sized.iterdir():
                    path.unlink()
        result["rss_ratio"] = round(result["rss_100k_mb"] / result["rss_10k_mb"], 3)
        result["rss_extract"] = args.rss_extract
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
