"""Throughput of cross-document resolution on the corpus replicated ×50.

usage: python bench/resolve_throughput.py [--source-db DB] [--copies 50] [--keep PATH]

Without --source-db, ../shared/seeds and ../shared/corpus are ingested (without resolution) into a
temporary database first. The facts of every article (mentions, posts, events with participants,
figures, teasers) are then copied COPIES times in SQL, with no entity or kb_event assigned, and
``communique.resolve.build.resolve`` runs once over all of them (through the store's ResolutionStore).
Prints one JSON line:
{"mentions": N, "mentions_per_s": x, "seconds": t, "cpu_seconds": c, ...}
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

# Per-article tables: columns copied as they are (ids renumbered, resolution columns left NULL).
_COPIED = {
    "teasers": ("article_id", "position, text, date, title"),
    "mentions": ("article_id", "kind, text, canonical, attrs, start, end, sentence, from_teaser"),
    "posts": ("article_id", "person, role, org, date, acting, rank, start, end, sentence, from_teaser"),
    "events": (
        "article_id",
        "type, status, date, end_date, place, name, trigger, start, end, sentence, from_teaser",
    ),
    "figures": ("article_id", "value, unit, item, qualifier, text, start, end, sentence, from_teaser"),
}


def _ingest(db: Path) -> None:
    from communique.job import ingest

    sources = [SHARED / "seeds", SHARED / "corpus"]
    if not all(s.exists() for s in sources):
        sys.exit("bench: ../shared/seeds and ../shared/corpus are needed (or pass --source-db)")
    ingest(sources, db=db, progress=False, resolve=False)


def replicate(source: Path, target: Path, copies: int) -> None:
    """A database holding `copies` copies of every article of `source` and its facts, unresolved."""
    from communique.store import open_store

    open_store(target).close()  # the current schema, made by the store
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA foreign_keys = OFF")  # copies are consistent by construction; checks cost time
    conn.execute("ATTACH DATABASE ? AS src", (str(source),))
    step = {
        t: (conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM src.{t}").fetchone()[0])
        for t in ("pages", "articles", "mentions", "posts", "events", "figures")
    }
    for k in range(copies):
        conn.execute(
            f"""INSERT INTO pages(id, content_hash, page_key, site, url, source, raw_text)
                SELECT id + {k * step['pages']}, content_hash || ':{k}', page_key || '#{k}', site, url,
                       source, '' FROM src.pages"""
        )
        conn.execute(
            f"""INSERT INTO articles(id, page_key, page_id, site, url, lang, title, published, published_from,
                                     body, body_hash)
                SELECT id + {k * step['articles']}, page_key || '#{k}', page_id + {k * step['pages']}, site,
                       url, lang, title, published, published_from, '', body_hash || ':{k}'
                FROM src.articles"""
        )
        for table, (fk, columns) in _COPIED.items():
            own_id = "" if table == "teasers" else "id, "
            new_id = "" if table == "teasers" else f"id + {k * step[table]}, "
            extra_cols, extra_vals = "", ""
            if table == "figures":
                extra_cols, extra_vals = ", event_id", f", event_id + {k * step['events']}"
            conn.execute(
                f"""INSERT INTO {table}({own_id}{fk}, {columns}{extra_cols})
                    SELECT {new_id}{fk} + {k * step['articles']}, {columns}{extra_vals} FROM src.{table}"""
            )
        conn.execute(
            f"""INSERT INTO event_participants(event_id, person)
                SELECT event_id + {k * step['events']}, person FROM src.event_participants"""
        )
    conn.commit()
    conn.execute("DETACH DATABASE src")
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source-db", type=Path)
    parser.add_argument("--copies", type=int, default=50)
    parser.add_argument("--keep", type=Path, help="keep the replicated database here")
    args = parser.parse_args()

    from communique.resolve.build import resolve
    from communique.store import open_store

    with tempfile.TemporaryDirectory(prefix="communique-bench-") as tmp:
        source = args.source_db
        if source is None:
            source = Path(tmp) / "source.db"
            _ingest(source)
        target = args.keep or Path(tmp) / "replicated.db"
        if target.exists():
            target.unlink()
        replicate(source, target, args.copies)
        with open_store(target) as store:
            stats = store.read.stats()
            mentions = stats["facts"]["mentions"]
            facts = stats["facts"]["posts"] + stats["facts"]["events"]
            started, cpu = time.perf_counter(), time.process_time()
            counts = resolve(store.resolution)
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu
    print(
        json.dumps(
            {
                "mentions": mentions,
                "mentions_per_s": round(mentions / seconds, 1) if seconds else None,
                "seconds": round(seconds, 3),
                "cpu_seconds": round(cpu, 3),  # the machine may be shared: CPU time of this process
                "copies": args.copies,
                "posts_and_events": facts,
                "entities": counts["entities"],
                "kb_events": counts["kb_events"],
            }
        )
    )


if __name__ == "__main__":
    main()
