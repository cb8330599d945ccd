"""The same pages ingested into SQLite and into PostgreSQL give the same database and the same answers.

The pages: ../shared/seeds and ../shared/corpus when they are beside the repository, else the bundled
examples/. Every table is compared row by row (ids included: both backends number rows alike), leaving out
only the times a row was written and the run reports (which hold timings); then the answers: stats, the set
of articles every query finds (and their order by date), who held a post, entities, timelines, figures.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pgtest import fresh_database

from communique.job import ingest
from communique.store import open_store

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
# Columns whose values say when, not what: left out of the comparison.
WHEN = {"pages": {"ingested_at"}, "articles": {"updated_at"}, "schema_migrations": {"applied_at"},
        "runs": {"started_at", "finished_at", "report"}}
QUERIES = ["exercise", "exercises", "Channel", "Secretary General", "CSTO", "ОДКБ", "учения", "учений",
           "operation Channel 2023", "drug trafficking", "Zas", "peacekeeping", "terrorism", "Yerevan", "2021",
           "Harbour-Net", "council", "ferry", "minister of foreign affairs", "Ростов"]


def _sources() -> list[Path]:
    if (SHARED / "seeds").is_dir() and (SHARED / "corpus").is_dir():
        return [SHARED / "seeds", SHARED / "corpus"]
    return [ROOT / "examples"]


def _tables(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
        "AND name NOT LIKE '%fts%' AND name NOT LIKE 'search_terms%' ORDER BY name")]
    conn.close()
    return names


def _content(store, table: str) -> list[tuple]:
    columns = [c for c in store.db.table_columns(table) if c not in WHEN.get(table, set())]
    listed = ", ".join(f'"{c}"' for c in columns)
    rows = store.db.tuples(f"SELECT {listed} FROM {table}")
    return sorted((tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in rows), key=repr)


def _answers(store) -> dict[str, object]:
    read = store.read
    out: dict[str, object] = {"stats": {k: v for k, v in read.stats().items() if k != "runs"}}
    for q in QUERIES:
        try:
            ranked = read.search(q, limit=1000, include_duplicates=True)
        except ValueError as exc:
            out[q] = str(exc)
            continue
        dated = read.search(q, limit=1000, include_duplicates=True, sort="date")
        aliased = read.search(q, limit=1000, include_duplicates=True, aliases=True)
        out[q] = {"found": sorted(r["id"] for r in ranked["rows"]), "total": ranked["total"],
                  "by_date": [r["id"] for r in dated["rows"]],
                  "snippets": sorted(r["snippet"] for r in dated["rows"]),
                  "with_aliases": sorted(r["id"] for r in aliased["rows"]),
                  "expanded": aliased.get("expanded")}
    for post, org, on in [("Secretary General", "CSTO", "2021-11-17"), ("Secretary General", None, "2019-05-01"),
                          ("Secretary General", None, "2025-06-01")]:
        out[f"who-held {post} {org} {on}"] = read.who_held(post, org=org, on=on)
        out[f"who-held all {post} {org} {on}"] = read.who_held(post, org=org, on=on, include_all=True)
    for post, org in [("Secretary General", "CSTO"), ("Secretary General", None), ("Chief of Staff", None)]:
        out[f"succession {post} {org}"] = read.succession(post, org=org, include_all=True)
    for name in ["Stanislav Zas", "Imangali Tasmagambetov", "CSTO", "Ingrid Solvang", "Moscow"]:
        entity = read.entity_by_name(name)
        out[f"entity {name}"] = entity
        if entity is not None:
            out[f"timeline {name}"] = read.timeline(entity["id"], limit=None, newest_first=False)
    out["entities"] = read.entities(limit=200)
    out["events"] = read.events(limit=200)
    out["meetings 2023"] = read.events(type="meeting", date_from="2023", date_to="2023", limit=None)
    out["figures"] = read.figures()
    out["series"] = read.series_list()
    for series in [s["series"] for s in out["series"][:5]] + ["Channel"]:
        out[f"pivot {series}"] = read.figures_pivot(series=series)
    out["archive"] = read.archive_sites()
    for site in [s["site"] for s in out["archive"][:3]]:
        sections = read.archive_sections(site)
        out[f"archive {site}"] = sections
        for row in sections["rows"][:3]:
            out[f"archive {site} {row['section']}"] = read.archive_section(site, row["section"], limit=None)
    return out


@pytest.mark.postgres
@pytest.mark.slow
def test_the_same_pages_give_the_same_database_and_answers_on_both_backends(tmp_path: Path) -> None:
    sources = _sources()
    lite = tmp_path / "kb.db"
    ingest(sources, lite, progress=False)
    with fresh_database("agree") as url:
        ingest(sources, url, progress=False)
        tables = _tables(lite)
        assert {"pages", "articles", "mentions", "entities", "kb_events", "kb_posts", "site_model", "lexicon",
                "article_catalog"} <= set(tables)
        with open_store(lite, readonly=True) as a, open_store(url, readonly=True) as b:
            # What the comparison below covers is there: the lexicon learned, every version resolved, figures
            # with their series (their parts when the pages give any), the archive's catalogue.
            for store in (a, b):
                assert store.db.value("SELECT count(*) FROM lexicon") > 0
                assert store.db.value("SELECT count(*) FROM article_versions WHERE resolved = 0") == 0
                assert store.db.value("SELECT count(*) FROM article_catalog") == store.read.stats()["articles"]
            if len(sources) > 1:  # the shared pages hold operation series; the examples may not
                assert a.db.value("SELECT count(*) FROM figures WHERE series IS NOT NULL") > 0
            for table in tables:
                left, right = _content(a, table), _content(b, table)
                assert left == right, f"{table}: {len(left)} rows on SQLite, {len(right)} on PostgreSQL"
            assert a.db.value("SELECT count(*) FROM search_terms") == \
                b.db.value("SELECT count(*) FROM article_search") == a.read.stats()["articles"]
            mine, theirs = _answers(a), _answers(b)
            assert mine["stats"]["articles"] > 0 and any(isinstance(v, dict) and v.get("found")
                                                        for v in mine.values())
            for key in mine:
                assert mine[key] == theirs[key], key
