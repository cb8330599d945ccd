"""Several writers on one database: site models saved by two runs keep both runs' pages (both backends), and
concurrent ingests into one PostgreSQL database lose and duplicate nothing (real processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pgtest import fresh_database

from communique.store import open_store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def test_site_models_saved_by_two_runs_keep_both_runs_pages(db_target: str, make_article) -> None:
    from communique.clean.site_model import SiteModel

    pages = [make_article(key, url=f"https://league.example/news/{key}{i}", title=f"Story {i} of the {key}").page
             for i, key in enumerate(["summit", "drill", "seizure", "summit"])]
    with open_store(db_target) as first, open_store(db_target) as second:
        # Both runs read the site's model (none yet) before either saves: two ingests started together.
        models = [store.load_site_model("league.example") or SiteModel("league.example")
                  for store in (first, second)]
        for page in pages[:3]:
            models[0].observe(page)
        models[1].observe(pages[3])
        first.save_site_model(models[0])
        second.save_site_model(models[1])  # adds its page to what the first saved, instead of replacing it
        both = first.load_site_model("league.example")
        assert both.n_pages == 4
        alone = SiteModel("league.example")
        for page in pages:
            alone.observe(page)
        assert dict(both.rows()) == dict(alone.rows())  # the same counts as one run over all the pages
        # A run that learned nothing the stored model lacks (it read the same pages) leaves it as it is.
        again = second.load_site_model("league.example")
        third = SiteModel("league.example")
        for page in pages:
            third.observe(page)
        second._writer._loaded["league.example"] = {}  # as if it had read the model before any save
        second.save_site_model(third)
        assert dict(second.load_site_model("league.example").rows()) == dict(again.rows())


def test_a_lexicon_saved_by_two_runs_keeps_both_runs_pages(db_target: str, make_article) -> None:
    from communique.extract.lexicon import Lexicon

    bodies = ["The Northern Fisheries Cooperation Board (NFCB) met in Tromsø with the Arctic Coast Guard Forum.",
              "Delegates of the Northern Fisheries Cooperation Board arrived in Bodø on Monday.",
              "The NFCB and the Barents Rescue Council (BRC) signed a protocol in Kirkenes.",
              "In Tromsø, the Arctic Coast Guard Forum held an exercise with the BRC."]
    pages = [make_article(f"summit{i}", body=[text], title=f"Story {i}").page for i, text in enumerate(bodies)]
    with open_store(db_target) as first, open_store(db_target) as second:
        # Both runs read the lexicon (none yet) before either saves: two ingests started together.
        lexicons = [store.load_lexicon() or Lexicon() for store in (first, second)]
        for page in pages[:3]:
            lexicons[0].observe(page)
        lexicons[1].observe(pages[3])
        first.save_lexicon(lexicons[0])
        second.save_lexicon(lexicons[1])  # adds its page to what the first saved, instead of replacing it
        both = first.load_lexicon()
        alone = Lexicon()
        for page in pages:
            alone.observe(page)
        assert both.n_pages == 4 and dict(both.rows()) == dict(alone.rows())  # the counts of one run over all
        # A run that learned nothing the stored lexicon lacks (the same pages) leaves it as it is.
        third = Lexicon()
        for page in pages:
            third.observe(page)
        second._writer._loaded_lexicon = {}  # as if it had read the lexicon before any save
        second.save_lexicon(third)
        assert dict(second.load_lexicon().rows()) == dict(alone.rows())


def _ingest(url: str, *sources: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen([sys.executable, "-m", "communique.cli", "ingest", *map(str, sources), "--db", url,
                             "--quiet", "--workers", "1", "--json"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _counts(url: str) -> dict[str, object]:
    with open_store(url, readonly=True) as store:
        stats = store.read.stats()
        tables = {t: store.db.value(f"SELECT count(*) FROM {t}") for t in (
            "pages", "articles", "article_versions", "article_search", "article_bands", "mentions", "events",
            "event_participants", "figures", "entities", "entity_aliases", "kb_events", "kb_posts", "site_model")}
        linked = store.db.value("SELECT count(*) FROM mentions WHERE entity_id IS NOT NULL")
        lexicon = store.load_lexicon()
        pending = store.db.value("SELECT count(*) FROM article_versions WHERE resolved = 0")
        keys = store.db.value("SELECT count(*) FROM (SELECT kind, key FROM entities GROUP BY kind, key "
                              "HAVING count(*) > 1) AS twice")
    stats.pop("runs")
    return {"stats": stats, "tables": tables, "linked_mentions": linked, "entity_keys_twice": keys,
            "lexicon_pages": sorted(lexicon.seen), "pending": pending}


@pytest.mark.postgres
@pytest.mark.slow
def test_concurrent_ingests_of_overlapping_inputs_give_the_counts_of_one() -> None:
    sources = [EXAMPLES, EXAMPLES / "nmcc.example.org" / "archive-2024.jsonl"]
    with fresh_database("once") as once, fresh_database("thrice") as thrice:
        single = _ingest(once, *sources)
        assert single.wait(timeout=600) == 0, single.stderr.read()
        # Three runs at once over the same pages (and one reading the archive a second time).
        runs = [_ingest(thrice, *sources), _ingest(thrice, *sources), _ingest(thrice, sources[1], sources[0])]
        reports = []
        for run in runs:
            out, err = run.communicate(timeout=900)
            assert run.returncode == 0 and "Traceback" not in err, err
            reports.append(json.loads(out))
        assert all(r["accounted"] for r in reports)
        want = _counts(once)
        assert want["tables"]["entities"] and want["tables"]["kb_events"] and want["entity_keys_twice"] == 0
        assert _counts(thrice) == want
        # Every page was stored by exactly one of the runs; the others found it stored.
        assert sum(r["articles"] for r in reports) == want["stats"]["articles"]
