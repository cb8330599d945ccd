"""The per-page pipeline on Apache Spark: inputs in, Parquet tables out.

    communique spark INPUT... --out DIR [--master local[*]]
    spark-submit src/communique/spark/job.py INPUT... --out DIR

Three stages, the same functions as the local ingest (communique.job):

1. read: the input files are listed on the driver and read on the executors with
   ``communique.ingest.sources.read_sources`` (WARC/WET, JSONL, text, HTML); every page is
   numbered (``seq``) so that `communique load` stores them in input order.
2. site model: the cross-page boilerplate statistics are a distributed aggregation: each
   partition observes its pages into one SiteModel per site, and the partial models are
   merged by site (``SiteModel.merge`` is associative, so the reduce tree does not matter).
   The corpus lexicon (communique.extract.lexicon) is aggregated the same way, under its own key.
   The merged models and lexicon are broadcast, and written (``site_model``, ``lexicon``) for
   `communique load` to merge into the database's.
3. process: ``mapPartitions`` builds the pipeline (spaCy etc.) and the site models once per
   partition, calls ``communique.process.process_page`` for every page, and turns each
   Article into rows of the Parquet tables (communique.spark.tables).

pyspark is an optional extra (``pip install 'communique[spark]'``), imported lazily.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PAGE_TABLES = ("pages", "articles", "teasers", "mentions", "dates", "posts", "events", "figures")
INSTALL_HINT = "the Spark job needs pyspark and Java 17: pip install 'communique[spark]'"

# Per Python worker: built once, reused by every partition the worker runs (Spark reuses
# Python workers between tasks), so spaCy loads once per worker rather than once per page.
_WORKER: dict[str, Any] = {}


def _pyspark() -> Any:
    try:
        import pyspark
        from pyspark.sql import SparkSession  # noqa: F401
    except ImportError as exc:
        raise SystemExit(f"communique: {INSTALL_HINT} ({exc})") from exc
    return pyspark


def session(master: str | None = "local[*]", app: str = "communique") -> Any:
    """A SparkSession; ``master=None`` keeps what spark-submit or the cluster configured."""
    _pyspark()
    from pyspark.sql import SparkSession

    # Local-mode Python workers must run the interpreter that has communique installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app).config("spark.ui.showConsoleProgress", "false")
    if master:
        builder = builder.master(master)
        if master.startswith("local"):
            builder = builder.config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # the JVM did not start: no Java, or a broken SPARK_HOME
        raise SystemExit(f"communique: could not start Spark ({exc}); {INSTALL_HINT}") from exc
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _is_local(path: str) -> bool:
    """A plain path (read by the executors directly); a URI (hdfs://, s3a://, file://) goes through Hadoop."""
    scheme = urlsplit(path).scheme
    return scheme == "" or len(scheme) == 1  # "C:" on Windows is a drive, not a scheme


def _readable(name: str) -> bool:
    from communique.ingest import sources

    suffixes = (*sources.ARCHIVE_SUFFIXES, *sources.JSONL_SUFFIXES, *sources.HTML_SUFFIXES,
                *sources.TEXT_SUFFIXES)
    return name.lower().endswith(suffixes) and not name.startswith((".", "_"))


def _list_uri(sc: Any, uri: str) -> list[str] | None:
    """Files below a URI as Hadoop sees them (recursively), sorted; None when nothing is there."""
    jvm = sc._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    fs = path.getFileSystem(sc._jsc.hadoopConfiguration())
    if not fs.exists(path):
        return None
    if fs.getFileStatus(path).isFile():
        return [path.toString()]
    found, listing = [], fs.listFiles(path, True)
    while listing.hasNext():
        name = listing.next().getPath()
        if _readable(name.getName()):
            found.append(name.toString())
    return sorted(found)


def list_inputs(inputs: list[str], sc: Any) -> tuple[list[str], list[str]]:
    """(files, missing URIs): local inputs in the order the local ingest reads them, URIs via Hadoop.

    A missing local path stays in the files: read_sources reports it, as in the local ingest.
    """
    from communique.ingest.sources import _walk

    files: list[str] = []
    missing: list[str] = []
    for given in inputs:
        if not _is_local(given):
            found = _list_uri(sc, given)
            files.extend(found) if found is not None else missing.append(given)
            continue
        path = Path(given)
        files.extend(str(p) for p in _walk(path)) if path.is_dir() else files.append(str(path))
    return files, missing


def _read_local(index: int, path: str, site: str | None, max_bytes: int | None) -> Iterator[tuple[int, Any]]:
    from communique.config import DEFAULTS
    from communique.ingest.sources import read_sources

    # The limits exactly as the local ingest passes them, so both read the same pages.
    limits = (max_bytes or DEFAULTS["max_page_bytes"], max_bytes or DEFAULTS["max_html_bytes"])
    for n, item in enumerate(read_sources([Path(path)], site, *limits)):
        yield (index << 32) | n, item


def _read_remote(index: int, uri: str, data: bytes, site: str | None,
                 max_bytes: int | None) -> Iterator[tuple[int, Any]]:
    """A file Spark fetched (HDFS, S3, ...): read through a local copy with the same readers."""
    import tempfile

    name = Path(urlsplit(uri).path).name
    with tempfile.TemporaryDirectory(prefix="communique-") as tmp:
        local = Path(tmp) / Path(urlsplit(uri).path).parent.name / name
        local.parent.mkdir(parents=True, exist_ok=True)
        local.write_bytes(data)
        for seq, item in _read_local(index, str(local), site, max_bytes):
            item.source = item.source.replace(str(local), uri, 1)
            yield seq, item


def sorted_by_seq(pairs: Iterable[tuple[int, Any]]) -> list[tuple[int, Any]]:
    return sorted(pairs, key=lambda pair: pair[0])


def _repeats(copies: list[tuple[int, Any]]) -> list[tuple[str, tuple]]:
    first = copies[0][1].source
    return [("skips", (seq, page.source, "repeated", f"same content as {first}", page.external_id))
            for seq, page in copies[1:]]


LEXICON_KEY = "\x00lexicon"  # the corpus lexicon travels with the site models, under a key no site has


def _observe(items: Iterable[tuple[int, Any]]) -> Iterator[tuple[str, list]]:
    from communique.clean.site_model import SiteModel
    from communique.extract.lexicon import Lexicon

    models: dict[str, SiteModel] = {}
    lexicon = Lexicon()
    for _seq, page in items:
        model = models.get(page.site)
        if model is None:
            model = models[page.site] = SiteModel(page.site)
        model.observe(page)
        lexicon.observe(page)
    for site, model in models.items():
        yield site, list(model.rows())
    yield LEXICON_KEY, list(lexicon.rows())


def _merge_rows(site: str) -> Any:
    def merge(left: list, right: list) -> list:
        from communique.clean.site_model import SiteModel

        if site == LEXICON_KEY:
            from communique.extract.lexicon import Lexicon

            return list(Lexicon.from_rows(left).merge(Lexicon.from_rows(right)).rows())
        a, b = SiteModel.from_rows(site, left), SiteModel.from_rows(site, right)
        merged = a.merge(b)
        return list((merged if merged is not None else a).rows())

    return merge


def _merge_by_site(pair: tuple[str, list], other: tuple[str, list]) -> tuple[str, list]:
    return pair[0], _merge_rows(pair[0])(pair[1], other[1])


def _worker_state(models_bc: Any, token: str) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    from communique import config as config_module
    from communique.clean.site_model import SiteModel
    from communique.pipeline import Pipeline

    if _WORKER.get("models_token") != token:
        from communique.extract.lexicon import Lexicon

        rows = dict(models_bc.value)
        lexicon = Lexicon.from_rows(rows.pop(LEXICON_KEY, []))
        _WORKER["models"] = {site: SiteModel.from_rows(site, site_rows) for site, site_rows in rows.items()}
        _WORKER["models_token"] = token
        # the pipeline reads the run's lexicon (as the local jobs' does): built again for each run
        config = {**config_module.load(), "lexicon": lexicon}
        try:
            _WORKER["pipeline"] = Pipeline(config["pipeline"], config)
        except Exception as exc:
            # As in the local ingest: without a spaCy model the articles are cleaned, not extracted.
            if type(exc).__name__ != "ModelMissingError":
                raise
            _WORKER["pipeline"] = None
        _WORKER["config"] = config
    return _WORKER["pipeline"], _WORKER["models"], _WORKER["config"]


def _process_partition(models_bc: Any, token: str) -> Any:
    def process(items: Iterable[tuple[int, Any]]) -> Iterator[tuple[str, tuple]]:
        from communique.clean import dedup
        from communique.process import process_page
        from communique.spark.tables import article_rows

        # Not _WORKER itself: a closure's globals travel by value, the module's stay in the worker.
        pipeline, models, config = _worker_state(models_bc, token)
        for seq, page in items:
            try:
                article = process_page(page, models.get(page.site), pipeline)
                if "minhash" not in article.extra:
                    article.extra["minhash"] = dedup.signature(article.text, config)
                rows = article_rows(seq, article)
            except Exception as exc:  # noqa: BLE001  (one bad page must not fail the job)
                yield "skips", (seq, page.source, "process-error", f"{type(exc).__name__}: {exc}",
                                page.external_id)
                continue
            for table, table_rows in rows.items():
                for row in table_rows:
                    yield table, row

    return process


def spark_schema(columns: list[tuple[str, str]]) -> Any:
    from pyspark.sql import types as T

    kinds = {"str": T.StringType(), "int": T.LongType(), "float": T.DoubleType(), "bool": T.BooleanType(),
             "date": T.DateType(), "strlist": T.ArrayType(T.StringType()), "bytes": T.BinaryType(),
             "json": T.StringType()}
    return T.StructType([T.StructField(name, kinds[kind], True) for name, kind in columns])


def run(inputs: list[str], out: str, master: str | None = "local[*]", site: str | None = None,
        partitions: int | None = None, max_bytes: int | None = None, spark: Any = None) -> dict[str, Any]:
    """Run the pipeline over ``inputs`` on Spark and write Parquet tables under ``out``.

    Returns a summary: pages, articles, skipped by reason, sites, seconds, and the tables written.
    """
    from communique.document import Page, Skip

    StorageLevel = _pyspark().StorageLevel  # noqa: N806  (pyspark's class, imported lazily)
    from communique.spark.tables import schemas

    started = time.perf_counter()
    own_session = spark is None
    spark = spark or session(master)
    sc = spark.sparkContext
    try:
        files, missing = list_inputs(inputs, sc)
        local = [(i, f) for i, f in enumerate(files) if _is_local(f)]
        remote = {f: i for i, f in enumerate(files) if not _is_local(f)}
        parallel = partitions or max(2, sc.defaultParallelism * 2)

        items = sc.parallelize(local, max(1, min(len(local), parallel * 4))) \
            .flatMap(lambda pair: _read_local(pair[0], pair[1], site, max_bytes))
        if remote:
            fetched = sc.binaryFiles(",".join(remote), minPartitions=parallel)
            by_path = {urlsplit(uri).path: i for uri, i in remote.items()}  # in case the spelling differs

            def index(uri: str) -> int:
                return remote.get(uri, by_path.get(urlsplit(uri).path, len(files)))

            items = items.union(fetched.flatMap(
                lambda pair: _read_remote(index(pair[0]), *pair, site, max_bytes)))
        if missing:
            items = items.union(sc.parallelize(
                [((len(files) + 1) << 32 | n, Skip(uri, "missing", "no such file or directory"))
                 for n, uri in enumerate(missing)], 1))
        items = items.persist(StorageLevel.MEMORY_AND_DISK)

        # The same content twice is read once, as in the local ingest (the first in input order
        # wins); this also keeps partitions disjoint, which SiteModel.merge requires.
        grouped = items.filter(lambda pair: isinstance(pair[1], Page)) \
            .map(lambda pair: (pair[1].content_hash, pair)).groupByKey(parallel).mapValues(sorted_by_seq)
        # Pages sorted by seq into range partitions: every table below then comes out ordered
        # (part files in partition order), which is what lets `load` stream them side by side.
        pages = grouped.map(lambda kv: kv[1][0]).sortBy(lambda pair: pair[0], numPartitions=parallel) \
            .persist(StorageLevel.MEMORY_AND_DISK)
        repeated = grouped.flatMap(lambda kv: _repeats(kv[1]))
        skipped = items.filter(lambda pair: not isinstance(pair[1], Page)) \
            .map(lambda pair: ("skips", (pair[0], pair[1].source, pair[1].reason, pair[1].detail,
                                         getattr(pair[1], "external_id", None))))

        # Stage 2: the site models, as a distributed aggregation.
        partial = pages.mapPartitions(_observe).map(lambda kv: (kv[0], kv))
        model_rows = dict(partial.reduceByKey(_merge_by_site).map(lambda kv: kv[1]).collect())
        models_bc = sc.broadcast(model_rows)
        lexicon_rows = model_rows.pop(LEXICON_KEY, [])  # the site_model table holds the site models only

        # Stage 3: the per-page pipeline, run once (persisted), then split into tables.
        processed = pages.mapPartitions(_process_partition(models_bc, uuid.uuid4().hex))
        rows = processed.union(skipped).union(repeated).persist(StorageLevel.MEMORY_AND_DISK)
        counts: Counter = Counter()
        reasons: Counter = Counter()
        for (table, reason), n in rows.map(lambda tr: (tr[0], tr[1][2] if tr[0] == "skips" else None)) \
                .countByValue().items():
            counts[table] += n
            if reason is not None:
                reasons[reason] += n
        tables = schemas()
        for table in (*PAGE_TABLES, "skips"):
            data = rows.filter(lambda tr, t=table: tr[0] == t).map(lambda tr: tr[1])
            spark.createDataFrame(data, spark_schema(tables[table])).write.mode("overwrite") \
                .parquet(_join(out, table))
        site_rows = [(s, key, _json(value)) for s, model in model_rows.items() for key, value in model]
        spark.createDataFrame(site_rows, spark_schema(tables["site_model"])) \
            .coalesce(1).write.mode("overwrite").parquet(_join(out, "site_model"))
        counts["site_model"] = len(site_rows)
        spark.createDataFrame([tuple(row) for row in lexicon_rows], spark_schema(tables["lexicon"])) \
            .coalesce(1).write.mode("overwrite").parquet(_join(out, "lexicon"))
        counts["lexicon"] = len(lexicon_rows)

        for rdd in (rows, pages, items):
            rdd.unpersist()
        models_bc.unpersist()
        return {
            "inputs": len(files), "pages": counts["pages"], "articles": counts["articles"],
            "skipped": dict(sorted(reasons.items())), "sites": sorted(model_rows),
            "tables": {t: counts[t] for t in (*PAGE_TABLES, "skips", "site_model", "lexicon")},
            "out": out, "master": sc.master, "seconds": round(time.perf_counter() - started, 2),
        }
    finally:
        if own_session:
            spark.stop()


def _join(out: str, table: str) -> str:
    return f"{out.rstrip('/')}/{table}"


def _json(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    import json

    parser = argparse.ArgumentParser(prog="communique-spark", description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+",
                        help="WARC/WET/JSONL/text/HTML files or folders, as Spark sees them")
    parser.add_argument("--out", required=True, help="folder for the Parquet tables")
    parser.add_argument("--master", default=None, help="Spark master (default: as spark-submit configured)")
    parser.add_argument("--site", help="site name for inputs without a URL")
    parser.add_argument("--partitions", type=int, help="partitions for the per-page work")
    args = parser.parse_args(argv)
    summary = run(args.inputs, args.out, master=args.master, site=args.site, partitions=args.partitions)
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
