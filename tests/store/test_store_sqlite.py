"""The SQLite store: schema, round trip of every fact, versions, transactions, read-only mode."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from storehelp import hits

from communique.document import DateMention, Event, Figure, Mention, Post, Teaser
from communique.store import DatabaseError, ReadOnlyError, SchemaTooOld, Store, StoreError, open_store
from communique.store.migrate import migrations


def _span(body: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = body.index(needle, start + 1)
    return start, start + len(needle)


def _rich(make_article):
    """An article with every kind of fact, each with a real span into its body text."""
    a = make_article("summit")
    a.page.meta = {"title": "From HTML", "date": "2023-05-12"}
    a.page.notes = ["invalid UTF-8 replaced"]
    a.page.external_id = "nhl-0001"
    a.page.lang = "en"
    a.signature = ["Press Secretary Ivo Tamm", "+00 000 0000"]
    a.captions = ["IMG_2201.jpg"]
    a.teasers = [
        Teaser("Marta Ilves visited Ostrova.", dt.date(2022, 11, 3), "Chair visits Ostrova"),
        Teaser("Patrol boats were handed over.", None, None),
    ]
    text = a.text
    s1, s2 = a.body[0], a.body[1]
    m1, m2, m3 = _span(text, "Northern Harbour League"), _span(text, "Tallport"), _span(text, "Marta Ilves")
    a.mentions = [
        Mention(*m1, sentence=s1, text="Northern Harbour League", kind="org", canonical="NHL"),
        Mention(*m2, sentence=s1, text="Tallport", kind="place"),
        Mention(*m3, sentence=s2, text="Marta Ilves", kind="person", attrs={"rank": "Admiral"}),
        Mention(
            0, 11, sentence="Marta Ilves visited Ostrova.", text="Marta Ilves", kind="person", from_teaser=0
        ),
    ]
    d = _span(text, "May 12 this year")
    a.dates = [DateMention(*d, sentence=s1, text="May 12 this year", value=dt.date(2023, 5, 12))]
    a.posts = [
        Post(
            *_span(text, "The chair, Marta Ilves"),
            sentence=s2,
            person="Marta Ilves",
            role="chair",
            org="Council",
            date=dt.date(2023, 5, 12),
            acting=True,
            rank="Admiral",
        )
    ]
    a.events = [
        Event(
            *_span(text, "met"),
            sentence=s1,
            type="session",
            date=dt.date(2023, 5, 12),
            place="Tallport",
            participants=["Marta Ilves", "Ivo Tamm", "Marta Ilves"],
            trigger="met",
        ),
        Event(
            *_span(text, "adopted"),
            sentence=a.body[2],
            type="agreement",
            status="planned",
            trigger="adopted",
            name="Patrol plan",
        ),
    ]
    a.figures = [
        Figure(*_span(text, "three"), sentence=a.body[2], value=3, item="patrols", event=1, text="three"),
        Figure(0, 4, sentence="x", value=7.5, unit="t", item="fish", event=9, text="7.5 t"),
    ]
    return a


def test_open_sets_wal_foreign_keys_and_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    for _ in range(2):  # applying the schema a second time must not fail or duplicate anything
        with open_store(path) as store:
            assert store.db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert store.db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert isinstance(store.db.conn.execute("SELECT 1 AS one").fetchone(), sqlite3.Row)
    with open_store(path) as store:
        names = {r[0] for r in store.db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "pages",
        "articles",
        "article_versions",
        "article_bands",
        "articles_fts",
        "mentions",
        "runs",
    } <= names


def test_every_fact_round_trips_with_spans(store: Store, make_article) -> None:
    a = _rich(make_article)
    result = store.save_article(a)
    assert result.status == "new" and result.version == 1 and not result.is_new_version
    got = store.read.article(result.article_id, facts=True)
    assert got is not None
    body = got["body"]
    assert body == a.text
    assert (got["title"], got["published"], got["published_from"]) == (a.title, "2023-05-12", "dateline")
    assert (got["site"], got["url"], got["source"], got["external_id"]) == (
        "league.example",
        a.page.url,
        "summit.txt",
        "nhl-0001",
    )
    assert got["signature"] == a.signature and got["captions"] == ["IMG_2201.jpg"]
    assert got["teasers"] == [
        {"position": 0, "text": "Marta Ilves visited Ostrova.", "date": "2022-11-03", "title": "Chair visits Ostrova",
         "url": None, "article_id": None, "linked_by": None},
        {"position": 1, "text": "Patrol boats were handed over.", "date": None, "title": None, "url": None,
         "article_id": None, "linked_by": None},
    ]

    for m in got["mentions"]:
        source = body if m["from_teaser"] is None else got["teasers"][m["from_teaser"]]["text"]
        assert source[m["start"] : m["end"]] == m["text"]
    by_text = {(m["text"], m["from_teaser"]): m for m in got["mentions"]}
    assert by_text[("Northern Harbour League", None)]["canonical"] == "NHL"
    assert by_text[("Marta Ilves", None)]["attrs"] == {"rank": "Admiral"}
    assert by_text[("Marta Ilves", 0)]["sentence"] == "Marta Ilves visited Ostrova."
    assert len(got["mentions"]) == 4

    (date,) = got["dates"]
    assert body[date["start"] : date["end"]] == "May 12 this year" and date["value"] == "2023-05-12"
    (post,) = got["posts"]
    assert (post["person"], post["role"], post["org"], post["date"], post["acting"], post["rank"]) == (
        "Marta Ilves",
        "chair",
        "Council",
        "2023-05-12",
        True,
        "Admiral",
    )
    assert post["sentence"] == a.body[1]

    session, agreement = got["events"]
    assert (session["type"], session["status"], session["place"], session["date"]) == (
        "session",
        "held",
        "Tallport",
        "2023-05-12",
    )
    # the repeated name is one participant; not resolved yet (no entity)
    assert session["participants"] == [{"person": "Ivo Tamm", "entity_id": None},
                                       {"person": "Marta Ilves", "entity_id": None}]
    assert body[session["start"] : session["end"]] == "met"
    assert (agreement["status"], agreement["name"], agreement["participants"]) == (
        "planned",
        "Patrol plan",
        [],
    )

    linked, unlinked = sorted(got["figures"], key=lambda f: f["value"])
    assert linked["event_id"] == agreement["id"] and body[linked["start"] : linked["end"]] == "three"
    assert (
        unlinked["event_id"] is None and unlinked["unit"] == "t"
    )  # an out-of-range event index links nothing

    page = store.db.one("SELECT * FROM pages WHERE id = ?", (got["page_id"],))
    assert page["raw_text"] == a.page.text and page["content_hash"] == a.page.content_hash
    assert json.loads(page["meta"]) == a.page.meta and json.loads(page["notes"]) == a.page.notes


def test_same_content_twice_adds_nothing(store: Store, make_article) -> None:
    a = make_article("drill")
    assert not store.has_page(a.page.content_hash)
    first = store.save_article(a)
    assert store.has_page(a.page.content_hash)
    again = store.save_article(make_article("drill"))
    assert again.status == "unchanged" and again.article_id == first.article_id
    stats = store.read.stats()
    assert (stats["pages"], stats["articles"], stats["versions"]["stored"]) == (1, 1, 1)


def test_recrawl_with_new_content_is_a_version_and_replaces_facts(store: Store, make_article) -> None:
    old = _rich(make_article)
    first = store.save_article(old)
    new = make_article(
        "summit",
        body=["The Council postponed its Tallport meeting until the autumn."],
        raw="a different crawl of the same URL",
    )
    new.mentions = [
        Mention(*_span(new.text, "Tallport"), sentence=new.body[0], text="Tallport", kind="place")
    ]
    second = store.save_article(new)
    assert second.article_id == first.article_id
    assert (second.version, second.is_new_version, second.status, second.duplicate_of) == (
        2,
        True,
        "version",
        None,
    )

    got = store.read.article(first.article_id, facts=True)
    assert got["version"] == 2 and [v["version"] for v in got["versions"]] == [1, 2]
    assert got["body"] == new.text and got["source"] == "summit.txt"
    assert [m["text"] for m in got["mentions"]] == ["Tallport"]
    assert got["events"] == [] and got["figures"] == [] and got["posts"] == [] and got["dates"] == []
    assert got["signature"] == [] and got["teasers"] == new_teasers(new)
    counts = {
        t: store.db.one(f"SELECT count(*) FROM {t}")[0]
        for t in ("mentions", "events", "event_participants", "figures", "article_parts", "teasers")
    }
    assert counts == {
        "mentions": 1,
        "events": 0,
        "event_participants": 0,
        "figures": 0,
        "article_parts": 0,
        "teasers": 1,
    }
    # The full-text index follows the current version only.
    assert [h["id"] for h in hits(store, "postponed")] == [first.article_id]
    assert hits(store, "fishery") == []
    stats = store.read.stats()
    assert (stats["pages"], stats["articles"], stats["versions"]["articles_with_several"]) == (2, 1, 1)


def new_teasers(article) -> list[dict]:
    return [
        {"position": i, "text": t.text, "date": t.date.isoformat() if t.date else None, "title": t.title,
         "url": t.url, "article_id": None, "linked_by": None}
        for i, t in enumerate(article.teasers)
    ]


def _count(store: Store, table: str) -> int:
    return store.db.one(f"SELECT count(*) FROM {table}")[0]


def test_failure_mid_save_leaves_nothing(store: Store, make_article) -> None:
    bad = make_article("seizure")
    bad.mentions = [Mention(0, 7, sentence="s", text="Customs", kind="org")]
    # Written after the page, article, parts and mentions: a value sqlite cannot bind.
    bad.events = [Event(0, 7, sentence="s", participants=[{"not": "a name"}])]
    with pytest.raises(DatabaseError):
        store.save_article(bad)
    for table in ("pages", "articles", "article_versions", "teasers", "mentions", "events", "article_bands"):
        assert _count(store, table) == 0, table
    assert hits(store, "contraband") == []
    assert store.save_article(make_article("seizure")).status == "new"  # the store is still usable


def test_batch_rolls_back_whole_or_only_the_failing_article(store: Store, make_article) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.save_article(make_article("summit"))
        store.save_article(make_article("drill"))
        raise RuntimeError("interrupted")
    assert _count(store, "articles") == 0 and _count(store, "pages") == 0

    bad = make_article("seizure")
    bad.events = [Event(0, 1, sentence="s", participants=[object()])]
    with store.transaction():
        store.save_article(make_article("summit"))
        with pytest.raises(DatabaseError):
            store.save_article(bad)
        store.save_article(make_article("drill"))
    titles = sorted(r[0] for r in store.db.rows("SELECT title FROM articles"))
    assert titles == ["The drill story", "The summit story"]


def test_killed_process_leaves_no_half_written_batch(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from conftest import build
        from communique.store import open_store
        store = open_store({str(db)!r})
        store.save_article(build("summit"))        # committed on its own
        with store.transaction():
            store.save_article(build("drill"))
            store.save_article(build("seizure"))
            os._exit(9)                            # killed before the batch commits
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 9, proc.stderr
    with open_store(db) as store:
        assert [r[0] for r in store.db.rows("SELECT title FROM articles")] == ["The summit story"]
        assert _count(store, "pages") == 1 and hits(store, "ferry") == []


def test_readonly_refuses_writes(tmp_path: Path, make_article) -> None:
    path = tmp_path / "kb.db"
    with pytest.raises(StoreError):
        open_store(path, readonly=True)
    assert not path.exists()  # opening read-only creates nothing
    with open_store(path) as store:
        store.save_article(make_article("summit"))
    with open_store(path, readonly=True) as store:
        assert hits(store, "Tallport")[0]["title"] == "The summit story"
        with pytest.raises(ReadOnlyError):
            store.save_article(make_article("drill"))
        with pytest.raises(ReadOnlyError):
            store.record_run("2026-01-01T00:00:00Z", [], {})
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.db.conn.execute("DELETE FROM articles")
    with open_store(path) as store:
        assert store.read.stats()["articles"] == 1


def test_readonly_rejects_a_file_that_is_not_a_communique_database(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.close()
    with pytest.raises(StoreError, match="no articles table"):
        open_store(other, readonly=True)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not SQLite at all" * 100)
    for readonly in (False, True):
        with pytest.raises(StoreError, match="garbage.db"):
            open_store(garbage, readonly=readonly)


def test_stats_and_runs(store: Store, make_article) -> None:
    store.save_article(_rich(make_article))
    store.save_article(make_article("drill"))
    store.save_article(make_article("drill", url="https://mirror.example/drill", site="mirror.example"))
    store.save_article(make_article("seizure", body=[], title="Photo gallery"))
    run_id = store.record_run(
        dt.datetime(2026, 1, 2, 3, 4, 5),
        [Path("a"), "b.jsonl"],
        {"pages_read": 4, "skipped": [{"source": "c.bin", "reason": "binary"}]},
    )
    stats = store.read.stats()
    assert stats["pages"] == 4 and stats["articles"] == 4
    assert stats["duplicates"] == {"exact": 1, "near": 0}
    assert stats["empty_bodies"] == 1
    assert stats["sites"] == {"league.example": 3, "mirror.example": 1}
    assert stats["facts"] == {"mentions": 4, "dates": 1, "posts": 1, "events": 2, "figures": 2}
    assert stats["runs"]["count"] == 1 and stats["runs"]["last_started"] == "2026-01-02T03:04:05"
    run = store.db.one("SELECT * FROM runs WHERE id = ?", (run_id,))
    assert json.loads(run["sources"]) == ["a", "b.jsonl"]
    assert json.loads(run["report"])["skipped"][0]["reason"] == "binary"
    assert run["finished_at"] is not None


def test_article_missing_is_none(store: Store) -> None:
    assert store.read.article(12345) is None


def test_site_model_round_trip(store: Store, make_article) -> None:
    site_model = pytest.importorskip("communique.clean.site_model")
    assert store.load_site_model("league.example") is None
    model = site_model.SiteModel("league.example")
    for key in ("summit", "drill", "seizure"):
        model.observe(make_article(key).page)
    store.save_site_model(model)
    loaded = store.load_site_model("league.example")
    assert loaded is not None and loaded.site == "league.example" and loaded.n_pages == 3
    assert sorted(loaded.rows()) == sorted(model.rows())
    for (value,) in store.db.rows("SELECT value FROM site_model"):
        json.loads(value)  # the table holds readable JSON
    # Saving again replaces the rows instead of adding to them.
    model.observe(make_article("note", body=["A fourth page."]).page)
    store.save_site_model(model)
    assert store.load_site_model("league.example").n_pages == 4
    assert store.load_site_model("other.example") is None


def test_lexicon_round_trip(store: Store, make_article) -> None:
    from communique.extract.lexicon import Lexicon

    assert store.load_lexicon() is None
    lexicon = Lexicon()
    first = make_article("summit", body=["The Northern Fisheries Cooperation Board (NFCB) met in Varden."])
    lexicon.observe(first.page)
    store.save_lexicon(lexicon)
    loaded = store.load_lexicon()
    assert loaded is not None and loaded.n_pages == 1
    assert loaded.expansion("NFCB") == "Northern Fisheries Cooperation Board"
    assert sorted(loaded.rows()) == sorted(lexicon.rows())
    for (value,) in store.db.conn.execute("SELECT value FROM lexicon"):
        json.loads(value)  # the table holds readable JSON
    # Saving again replaces the rows instead of adding to them; a read-only open reads it too.
    lexicon.observe(make_article("drill", body=["The Arctic Shipping Council (ASC) met the NFCB."]).page)
    store.save_lexicon(lexicon)
    with open_store(store.location, readonly=True) as reader:
        again = reader.load_lexicon()
    assert again is not None and again.n_pages == 2 and again.expansion("ASC") == "Arctic Shipping Council"
    assert store.db.value("SELECT count(*) FROM lexicon WHERE key LIKE 'p:%'") == 2


def _titled(make_article):
    """An article whose title names a post, a person, an organisation and an event the body does not."""
    title = "League Secretary General Oskar Varn opened the fishery forum in Tallport"
    a = make_article("drill", title=title)
    a.mentions = [
        Mention(*_span(title, "League"), sentence=title, text="League", kind="org", in_title=True),
        Mention(*_span(title, "Oskar Varn"), sentence=title, text="Oskar Varn", kind="person", in_title=True),
        Mention(*_span(a.text, "Varden"), sentence=a.body[0], text="Varden", kind="place"),
    ]
    a.dates = [DateMention(*_span(a.text, "Tuesday"), sentence=a.body[0], text="Tuesday")]
    a.posts = [Post(*_span(title, "Oskar Varn"), sentence=title, person="Oskar Varn", role="Secretary General",
                    org="League", date=dt.date(2023, 5, 12), in_title=True)]
    a.events = [Event(*_span(title, "opened"), sentence=title, type="meeting", place="Tallport",
                      participants=["Oskar Varn"], trigger="opened", in_title=True)]
    a.figures = [Figure(*_span(a.text, "three hundred"), sentence=a.body[1], value=300, item="passengers",
                        text="three hundred")]
    return a


def test_title_facts_round_trip_with_in_title_and_spans_into_the_title(store: Store, make_article) -> None:
    a = _titled(make_article)
    got = store.read.article(store.save_article(a).article_id, facts=True)
    assert got is not None
    title, body = got["title"], got["body"]
    facts = [f for table in ("mentions", "dates", "posts", "events", "figures") for f in got[table]]
    assert {f["in_title"] for f in facts} == {True, False}  # stored as 0/1, read back as a flag
    for f in facts:
        source = title if f["in_title"] else body
        assert source[f["start"] : f["end"]] == f.get("text", f.get("person", f.get("trigger"))), f
        assert f["sentence"] in source and f["from_teaser"] is None
    titled = {(f.get("kind") or f.get("role") or f.get("type")) for f in facts if f["in_title"]}
    assert titled == {"org", "person", "Secretary General", "meeting"}
    assert [m["text"] for m in got["mentions"] if m["in_title"]] == ["League", "Oskar Varn"]  # title first
    (post,) = got["posts"]
    assert (post["person"], post["in_title"], post["sentence"]) == ("Oskar Varn", True, title)
    assert not got["dates"][0]["in_title"] and not got["figures"][0]["in_title"]


def test_an_older_database_gains_in_title_when_opened_read_write(tmp_path: Path, make_article) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)  # the release schema (migration 0001) before fact tables had in_title
    baseline = migrations("sqlite")[0].sql
    conn.executescript(re.sub(r",\n\s+in_title [^,\n]*", "", baseline))
    conn.execute("INSERT INTO pages(content_hash, page_key, site, source, raw_text) VALUES ('h', 'k', 's', 'p', 'r')")
    conn.execute("INSERT INTO articles(page_key, page_id, site, title, body, body_hash) "
                 "VALUES ('k', 1, 's', 'Title', 'Oskar Varn spoke.', 'b')")
    conn.execute("INSERT INTO mentions(article_id, kind, text, start, end, sentence) "
                 "VALUES (1, 'person', 'Oskar Varn', 0, 10, 'Oskar Varn spoke.')")
    conn.commit()
    assert "in_title" not in {r[1] for r in conn.execute("PRAGMA table_info(mentions)")}
    conn.close()
    before = path.read_bytes()
    # Read-only never writes: it names the command that upgrades the file, and leaves the file as it was.
    with pytest.raises(SchemaTooOld, match="communique migrate"):
        open_store(path, readonly=True)
    assert path.read_bytes() == before
    with open_store(path) as s:
        for table in ("mentions", "dates", "posts", "events", "figures"):
            assert "in_title" in {r[1] for r in s.db.conn.execute(f"PRAGMA table_info({table})")}
        assert [m["in_title"] for m in s.read.facts(1)["mentions"]] == [False]  # its facts read as body facts
        got = s.read.article(s.save_article(_titled(make_article)).article_id, facts=True)
    assert got is not None and [m["in_title"] for m in got["mentions"]] == [True, True, False]
    with open_store(path, readonly=True) as s:  # upgraded: now it opens read-only
        assert s.read.stats()["articles"] == 2
