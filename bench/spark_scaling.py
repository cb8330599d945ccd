"""The Spark job on one core and on two: local[1] against local[2] on the same crawl.

The ../shared pages are replicated to --pages pages (bench/replicas.py: text and HTML, JSONL
and WARC shards) and communique.spark.job.run writes its Parquet tables with each master in
turn. The JVM and SparkSession are started before the clock starts (a cluster pays that once,
not per job); the time measured is the job itself: reading, the site-model aggregation, the
per-page pipeline (spaCy loaded once per Python worker) and the Parquet writes.

Prints one JSON line: {"local1_pages_per_s": a, "local2_pages_per_s": b, "speedup": b/a, ...}.
Size from --pages or COMMUNIQUE_BENCH_SPARK_PAGES. Skips cleanly without pyspark or Java.

    .venv/bin/python bench/spark_scaling.py [--pages 4000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import replicas  # noqa: E402  (the bench folder is not a package)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=replicas.size("COMMUNIQUE_BENCH_SPARK_PAGES", 4_000))
    args = parser.parse_args()
    if not replicas.available():
        print(json.dumps({"skipped": f"no corpus at {replicas.SHARED / 'corpus'}"}))
        return 0
    try:
        import pyspark  # noqa: F401
    except ImportError:
        print(json.dumps({"skipped": "pyspark is not installed (pip install 'communique[spark]')"}))
        return 0
    if shutil.which("java") is None:
        print(json.dumps({"skipped": "Java is not installed"}))
        return 0

    from communique.spark.job import run, session

    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="communique-bench-") as tmp:
        crawl = Path(tmp) / "crawl"
        # At least 8 files, so that reading (one task per file) spreads over the cores too.
        shard = min(replicas.SHARD, max(25, args.pages // 8))
        result["pages"] = replicas.write_crawl(crawl, args.pages, shard)
        for cores in (1, 2):
            spark = session(f"local[{cores}]", app=f"communique-bench-{cores}")
            try:
                spark.sparkContext.parallelize(range(cores), cores).count()  # workers up before the clock
                start = time.perf_counter()
                summary = run([str(crawl)], str(Path(tmp) / f"out{cores}"), spark=spark)
                seconds = time.perf_counter() - start
            finally:
                spark.stop()
            result[f"local{cores}_pages_per_s"] = round(summary["pages"] / seconds, 2)
            result[f"local{cores}_s"] = round(seconds, 1)
            print(f"local[{cores}]: {json.dumps(summary)}", file=sys.stderr)
    result["speedup"] = round(result["local2_pages_per_s"] / result["local1_pages_per_s"], 3)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
