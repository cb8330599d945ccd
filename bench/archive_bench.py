"""The site's archive and the exports at scale: catalog cost per article, archive queries, export throughput.

usage: python bench/archive_bench.py [--source-db DB] [--articles N] [--formats csv,parquet,ftm] [--keep PATH]

Without --source-db, ../shared/seeds and ../shared/corpus are ingested into a temporary database first. The
catalog of that database is then made again from scratch (store.archive.fill_catalog: every entry, every
teaser key and link) to time the work ingest adds per article. The database is replicated to N articles by
copying rows in SQL (bench/api_latency.py's replicate; each copy's catalog entry is its original's), then
the archive's questions are timed (a site's sections, a section's newest page, a year of it, a later page)
and each export format is written once. Prints one JSON line:
{"articles": N, "catalog_ms_per_article": a, "sections_p95_ms": b, "section_p95_ms": c,
 "export_csv_s": d, "export_csv_rows_per_s": e, ..., "peak_rss_mb": f}
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_latency import replicate  # noqa: E402  (a sibling bench script, not a package)


def _catalog_copies(target: Path) -> None:
    """Each copied article's catalog entry is its original's (the copies' page keys are KEY#N)."""
    conn = sqlite3.connect(target)
    conn.execute(
        "INSERT INTO article_catalog(article_id, kind, site, section, url_key, title_key, lead_key, derived_title) "
        "SELECT a.id, c.kind, c.site, c.section, c.url_key, c.title_key, c.lead_key, c.derived_title "
        "FROM articles a JOIN articles o ON o.page_key = substr(a.page_key, 1, instr(a.page_key, '#') - 1) "
        "JOIN article_catalog c ON c.article_id = o.id "
        "WHERE a.id NOT IN (SELECT article_id FROM article_catalog) AND instr(a.page_key, '#') > 0")
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


def _ms(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _p95(values: list[float]) -> float:
    return round(statistics.quantiles(values, n=100, method="inclusive")[94], 2) if len(values) > 1 else values[0]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source-db", type=Path, help="an ingested database (default: ingest ../shared)")
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--formats", default="csv,parquet,graphml,ftm")
    parser.add_argument("--keep", type=Path, help="write the replicated database here and keep it")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)

    from communique.catalog import first_sentence
    from communique.store import open_store
    from communique.store.archive import fill_catalog
    from communique.store.export import export

    result: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="communique-bench-") as tmp:
        source = args.source_db
        if source is None:
            if not (SHARED / "corpus").is_dir():
                raise SystemExit(f"archive_bench: {SHARED} not found; pass --source-db")
            from communique.job import ingest

            source = Path(tmp) / "source.db"
            ingest([SHARED / "seeds", SHARED / "corpus"], db=source, progress=False)

        # The work ingest adds per article: its catalog entry, its teasers' keys and links, both directions
        # (spaCy is loaded already when ingest stores an article: its import is not counted).
        first_sentence("Warm up. Twice.", "en")
        scratch = Path(tmp) / "scratch.db"
        sqlite3.connect(source).backup(conn := sqlite3.connect(scratch))
        conn.close()
        with open_store(scratch) as store:
            n = store.db.value("SELECT count(*) FROM articles")
            with store.db.transaction():
                store.db.execute("DELETE FROM article_catalog")
                store.db.execute("UPDATE teasers SET url_key = NULL, title_key = NULL, lead_key = NULL, "
                                 "target_id = NULL, linked_by = NULL")
            started = time.perf_counter()
            with store.db.transaction():
                fill_catalog(store.db)
            result["catalog_ms_per_article"] = round((time.perf_counter() - started) * 1000 / n, 3)
            result["teasers_linked"] = store.db.value("SELECT count(*) FROM teasers WHERE target_id IS NOT NULL")

        target = args.keep or Path(tmp) / "replicated.db"
        target.unlink(missing_ok=True)
        result["articles"] = replicate(source, target, args.articles)
        _catalog_copies(target)

        with open_store(target, readonly=True) as store:
            read = store.read
            site = read.archive_sites()[0]["site"]
            sections = read.archive_sections(site)
            biggest = max(sections["rows"], key=lambda r: r["articles"])["section"]
            year = next(y["year"] for y in sections["years"] if y["year"] != "undated")
            result["site"], result["section"] = site, biggest
            result["sections_p95_ms"] = _p95(_ms(lambda: read.archive_sections(site), args.repeat))
            result["section_p95_ms"] = _p95(_ms(lambda: read.archive_section(site, biggest), args.repeat))
            result["section_year_p95_ms"] = _p95(_ms(lambda: read.archive_section(site, biggest, year=year),
                                                     args.repeat))
            result["section_page_20_p95_ms"] = _p95(_ms(
                lambda: read.archive_section(site, biggest, limit=50, offset=950), args.repeat))
            result["mentions"] = store.db.value("SELECT count(*) FROM mentions")
            for fmt in [f for f in args.formats.split(",") if f]:
                started = time.perf_counter()
                written = export(read, fmt, Path(tmp) / fmt)
                seconds = time.perf_counter() - started
                result[f"export_{fmt}_s"] = round(seconds, 2)
                result[f"export_{fmt}_mb"] = round(sum(p.stat().st_size for p in written) / 1e6, 1)
                if fmt in ("csv", "parquet", "jsonl"):
                    rows = sum(store.db.value(f"SELECT count(*) FROM {t}")
                               for t in ("articles", "mentions", "posts", "events"))
                    result[f"export_{fmt}_rows_per_s"] = round(rows / seconds)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
