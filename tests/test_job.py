"""The ingest and extract jobs on the bundled example crawl and on pages written here."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from communique import job
from communique.job import extract_file, ingest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"

# Three pages of an imaginary lighthouse authority, in the shape of the example crawl.
TEASER = ("On April 2 this year, keepers of the Authority trained on the Skarv rocks "
          "to restore a failed lamp at night.")
NAV = "Back\n\nBack to the news section\n\nAll news\n"


def _page(title: str, date: str, body: list[str]) -> str:
    return "\n\n".join(["", TEASER, "", title, f"{title} {date}", *body, "Press Officer Ada Lund", NAV])


PAGES = {
    "beacons.txt": _page("New beacons lit on the western coast", "14.03.2025", [
        "On March 14 this year, the Lighthouse Authority lit six new solar beacons along the western coast.",
        "The beacons replace old gas lamps that were switched off in the winter of 2023.",
    ]),
    "survey.txt": _page("Seabed survey of the northern channel finished", "02.02.2025", [
        "On February 2 this year, the survey vessel Terna finished mapping the seabed of the northern "
        "channel.",
        "The new charts will be issued to pilots in the spring.",
    ]),
    "keepers.txt": _page("Keepers trained on the Skarv rocks", "02.04.2025", [
        TEASER,
        "Eleven keepers from four stations took part in the training.",
    ]),
}


def _crawl(tmp_path: Path) -> Path:
    crawl = tmp_path / "lights.example"
    crawl.mkdir()
    for name, text in PAGES.items():
        (crawl / name).write_text(text, encoding="utf-8")
    return crawl


def _articles(db: Path) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute("SELECT * FROM articles ORDER BY id")]
    finally:
        conn.close()


def _count(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_ingest_examples_then_reingest_adds_nothing(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    first = ingest([EXAMPLES], db, progress=False, extract=False, resolve=False)
    assert first.accounted and not first.failed and not first.skipped
    assert first.pages_read == 14 and first.new_pages == 14
    # 13 articles: the JSONL's re-crawl of one URL is a second version, not a 14th article
    assert first.articles == 13 and first.new_versions == 1
    assert first.near_duplicates == 1  # the print version of the oil-spill agreement
    rows = _articles(db)
    assert len(rows) == 13 and all(r["title"] and r["published"] and r["body"] for r in rows)
    # the teaser block (leads of the four newest articles) is in no other article's body
    lead = "On November 14 this year, in Reykjavik"
    assert [r["published"] for r in rows if lead in r["body"]] == ["2025-11-14"]
    counts = {t: _count(db, t) for t in ("pages", "articles", "article_versions", "teasers")}

    again = ingest([EXAMPLES], db, progress=False, extract=False, resolve=False)
    assert again.accounted and again.new_pages == 0 and again.unchanged == 14
    assert again.articles == again.new_versions == 0
    assert {t: _count(db, t) for t in counts} == counts
    assert _count(db, "runs") == 2
    stored = json.loads(sqlite3.connect(db).execute("SELECT report FROM runs ORDER BY id DESC").fetchone()[0])
    assert stored["unchanged"] == 14


def test_changed_page_becomes_a_new_version_with_its_parts_replaced(tmp_path: Path) -> None:
    crawl, db = _crawl(tmp_path), tmp_path / "c.db"
    ingest([crawl], db, progress=False, extract=False, resolve=False)
    before = {r["title"]: r for r in _articles(db)}
    teasers = _count(db, "teasers")
    path = crawl / "beacons.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("six new", "seven new"), encoding="utf-8")
    report = ingest([crawl], db, progress=False, extract=False, resolve=False)
    assert report.accounted and report.unchanged == 2 and report.new_pages == 1
    assert report.new_versions == 1 and report.articles == 0
    after = {r["title"]: r for r in _articles(db)}
    title = "New beacons lit on the western coast"
    assert after[title]["id"] == before[title]["id"] and after[title]["version"] == 2
    assert "seven new" in after[title]["body"]
    assert _count(db, "pages") == 4 and _count(db, "article_versions") == 4
    assert _count(db, "teasers") == teasers  # replaced, not added to


def test_home_aware_lead_stays_in_its_own_article(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    ingest([_crawl(tmp_path)], db, progress=False, extract=False, resolve=False)
    bodies = {r["title"]: r["body"] for r in _articles(db)}
    assert bodies["Keepers trained on the Skarv rocks"].startswith(TEASER)
    assert TEASER not in bodies["New beacons lit on the western coast"]
    assert TEASER not in bodies["Seabed survey of the northern channel finished"]


def test_bad_inputs_are_skipped_with_reasons_and_stored_work_is_kept(tmp_path: Path) -> None:
    crawl, db = _crawl(tmp_path), tmp_path / "c.db"
    ingest([crawl], db, progress=False, extract=False, resolve=False)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02GIF89a" * 100)
    (bad / "big.txt").write_text("many words " * 2_000, encoding="utf-8")
    (bad / "latin1.txt").write_bytes(PAGES["survey.txt"].replace("Terna", "Tærna").encode("latin-1"))
    (bad / "pages.jsonl").write_text('{"id": "ok", "text": ' + json.dumps(PAGES["beacons.txt"] + "x")
                                     + '}\n{"id": broken\n', encoding="utf-8")
    report = ingest([bad, crawl, tmp_path / "nowhere"], db, max_bytes=10_000, progress=False, extract=False,
                    resolve=False)
    assert report.accounted
    reasons = {Path(s["source"]).name: s["reason"] for s in report.skipped}
    assert reasons == {"big.txt": "too-large", "binary.txt": "binary", "empty.txt": "empty",
                       "pages.jsonl:2": "bad-json", "nowhere": "missing"}
    assert report.pages_read == 5 and report.unchanged == 3 and report.new_pages == 2
    assert report.per_input[str(bad)] == {"skipped": 4, "read": 2, "new": 2, "articles": 2}
    assert report.per_input[str(crawl)]["unchanged"] == 3
    text = report.render()
    assert "bad-json" in text and "pages.jsonl:2" in text and "too-large" in text
    conn = sqlite3.connect(db)
    notes = conn.execute("SELECT notes FROM pages WHERE source LIKE '%latin1.txt'").fetchone()[0]
    conn.close()
    assert "invalid UTF-8" in notes
    assert len(_articles(db)) == 5


def test_interrupted_ingest_leaves_no_half_written_article(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from communique.store.articles import ArticleWriter

    crawl, db = _crawl(tmp_path), tmp_path / "c.db"
    real_insert = ArticleWriter._insert_contents
    calls = {"n": 0}

    def interrupted(self: ArticleWriter, article_id: int, article: object) -> None:
        calls["n"] += 1
        if calls["n"] == 3:  # mid-article: page and article rows written, parts not yet
            raise KeyboardInterrupt
        real_insert(self, article_id, article)

    monkeypatch.setattr(ArticleWriter, "_insert_contents", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest([crawl], db, progress=False, extract=False, resolve=False, config={"commit_every": 2})
    # the first batch of two was committed; the interrupted one left nothing behind
    assert _count(db, "articles") == 2 and _count(db, "pages") == 2 and _count(db, "article_versions") == 2
    monkeypatch.setattr(ArticleWriter, "_insert_contents", real_insert)
    report = ingest([crawl], db, progress=False, extract=False, resolve=False)
    assert report.unchanged == 2 and report.articles == 1 and _count(db, "articles") == 3


def test_workers_give_the_same_articles_as_one_process(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(job, "MIN_PAGES_FOR_WORKERS", 1)
    monkeypatch.setattr(job, "CHUNK", 2)
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    ingest([EXAMPLES], one, workers=1, progress=False, extract=False, resolve=False)
    report = ingest([EXAMPLES], two, workers=2, progress=False, extract=False, resolve=False)
    assert report.accounted and report.articles == 13

    def view(db: Path) -> list[tuple]:
        return [(r["title"], r["published"], r["body"], r["version"], r["duplicate_of"])
                for r in _articles(db)]

    assert view(one) == view(two)


def test_site_model_is_stored_and_used_by_later_runs(tmp_path: Path) -> None:
    from communique.store import open_store

    crawl, db = _crawl(tmp_path), tmp_path / "c.db"
    ingest([crawl], db, progress=False, extract=False, resolve=False)
    with open_store(db, readonly=True) as store:
        model = store.load_site_model("lights.example")
    assert model is not None and model.n_pages == 3
    later = tmp_path / "later" / "lights.example"
    later.mkdir(parents=True)
    (later / "ferry.txt").write_text(_page("Ferry route marked with new buoys", "20.04.2025", [
        "On April 20 this year, twelve buoys were laid along the new ferry route to Holm.",
    ]), encoding="utf-8")
    ingest([later], db, progress=False, extract=False, resolve=False)
    with open_store(db, readonly=True) as store:
        assert store.load_site_model("lights.example").n_pages == 4
    body = next(r["body"] for r in _articles(db) if r["title"].startswith("Ferry"))
    assert TEASER not in body and "Press Officer" not in body and "twelve buoys" in body


def _jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "pages.jsonl"
    rows = [json.dumps({"id": f"l{i}", "url": f"https://lights.example/news/{i}", "text": text})
            for i, text in enumerate(PAGES.values())]
    rows.insert(1, '{"id": "broken", ')  # unreadable: no id can be recovered
    rows.insert(2, json.dumps({"id": "blank", "url": "https://lights.example/news/b", "text": " "}))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_extract_file_writes_one_prediction_per_page_in_order(tmp_path: Path) -> None:
    out = tmp_path / "pred.jsonl"
    report = extract_file(_jsonl(tmp_path), out, progress=False, workers=1)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["l0", "blank", "l1", "l2"]
    keys = {"id", "title", "published", "body", "people", "orgs", "places", "roles", "events", "figures"}
    assert all(keys <= set(r) for r in rows)
    by_id = {r["id"]: r for r in rows}
    assert by_id["blank"]["title"] is None and by_id["blank"]["body"] == []
    assert by_id["l0"]["title"] == "New beacons lit on the western coast"
    assert by_id["l0"]["published"] == "2025-03-14"
    assert by_id["l0"]["body"][0].startswith("On March 14 this year")
    assert not any("Press Officer" in p or p == "Back" for r in rows for p in r["body"])
    assert by_id["l2"]["body"][0] == TEASER  # its own lead, though a teaser on every other page
    assert report.pages_read == 3 and {s["reason"] for s in report.skipped} == {"bad-json", "empty"}


def test_extract_file_with_db_reads_the_stored_model(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    ingest([_crawl(tmp_path)], db, progress=False, extract=False, resolve=False)
    one = tmp_path / "one.jsonl"
    one.write_text(json.dumps({"id": "k", "text": PAGES["keepers.txt"]}) + "\n", encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    extract_file(one, out, db=db, site="lights.example", progress=False, workers=1)
    [row] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert row["title"] == "Keepers trained on the Skarv rocks" and row["body"][0] == TEASER


def _input_units(paths: list[Path]) -> int:
    """Pages (text files, JSONL lines with content) the inputs hold, counted independently of the reader."""
    n = 0
    for root in paths:
        for path in sorted(root.rglob("*")):
            if path.suffix == ".txt":
                n += 1
            elif path.suffix == ".jsonl":
                n += sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return n


@pytest.mark.slow
def test_shared_corpus_and_seeds_every_page_accounted(tmp_path: Path) -> None:
    inputs = [SHARED / "seeds", SHARED / "corpus"]
    if not all(p.is_dir() for p in inputs):
        pytest.skip("../shared/seeds and ../shared/corpus are not beside the repository")
    db = tmp_path / "c.db"
    report = ingest(inputs, db, progress=False, extract=False, resolve=False)
    assert report.accounted and not report.failed
    assert report.pages_read + len(report.skipped) == _input_units(inputs)
    assert report.articles + report.new_versions == report.new_pages
    assert _count(db, "pages") == report.new_pages
    again = ingest(inputs, db, progress=False, extract=False, resolve=False)
    assert again.new_pages == 0 and again.unchanged + again.repeated == report.pages_read


def test_process_page_reads_teasers_as_their_own_small_articles() -> None:
    from communique.clean.site_model import SiteModel
    from communique.document import Mention, Page
    from communique.pipeline import Pipeline, component
    from communique.process import process_page

    @component("test_find_skarv")
    def make(config: dict) -> object:
        def find(article):  # a mention of "Skarv" wherever it is, with the date the article is read under
            start = article.text.find("Skarv")
            if start >= 0:
                article.mentions.append(Mention(start, start + 5, article.text, text="Skarv", kind="place",
                                                attrs={"read_as_of": article.published}))
            return article
        return find

    pages = [Page(text=text, source=name, site="lights.example") for name, text in PAGES.items()]
    model = SiteModel("lights.example")
    for page in pages:
        model.observe(page)
    article = process_page(pages[0], model, Pipeline(["test_find_skarv"], {}))
    assert article.title == "New beacons lit on the western coast" and "Skarv" not in article.text
    [teaser] = [i for i, t in enumerate(article.teasers) if "Skarv" in t.text]
    [mention] = article.mentions
    assert mention.from_teaser == teaser
    assert article.teasers[teaser].text[mention.start:mention.end] == "Skarv"
    assert mention.attrs["read_as_of"] == article.teasers[teaser].date  # the teaser's date, not the page's

    own = process_page(pages[2], model, Pipeline(["test_find_skarv"], {}))
    body_mentions = [m for m in own.mentions if m.from_teaser is None]
    assert [own.text[m.start:m.end] for m in body_mentions] == ["Skarv"]
    assert body_mentions[0].attrs["read_as_of"] == own.published


def test_a_teaser_repeated_across_pages_is_read_once_and_each_page_gets_its_own_facts() -> None:
    from communique.clean.site_model import SiteModel
    from communique.document import Mention, Page
    from communique.pipeline import Pipeline, component
    from communique.process import process_page

    seen: list[str] = []

    @component("test_count_skarv")
    def make(config: dict) -> object:
        def find(article):
            seen.append(article.text)
            start = article.text.find("Skarv")
            if start >= 0:
                article.mentions.append(Mention(start, start + 5, article.text, text="Skarv", kind="place"))
            return article
        return find

    pages = [Page(text=text, source=name, site="lights.example") for name, text in PAGES.items()]
    model = SiteModel("lights.example")
    for page in pages:
        model.observe(page)
    pipeline = Pipeline(["test_count_skarv"], {})
    first, second = (process_page(page, model, pipeline) for page in pages[:2])
    teaser_runs = [t for t in seen if "Skarv" in t]
    assert len(teaser_runs) == 1  # the second page's copy of the teaser came from the memo
    [a], [b] = first.mentions, second.mentions
    assert a == b and a is not b  # equal facts, separate objects: changing one leaves the other
    a.canonical = "changed"
    assert b.canonical != "changed"


def test_without_a_spacy_model_pages_are_stored_and_the_report_says_how_to_fix_it(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    report = ingest([_crawl(tmp_path)], db, progress=False, config={"spacy_models": ["no_such_model_here"]})
    assert report.accounted and report.articles == 3 and not report.failed
    assert any("extraction skipped" in n and "pip install" in n for n in report.notes)
    assert _count(db, "mentions") == 0


def test_page_notes_are_tallied_by_kind_in_the_run_report(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from communique.extract import russian

    crawl = tmp_path / "lights.example"
    crawl.mkdir()
    # Two pages not in UTF-8: their notes differ in the offset only, so they are one kind.
    (crawl / "a.txt").write_bytes(PAGES["survey.txt"].replace("Terna", "Tærna").encode("latin-1"))
    (crawl / "b.txt").write_bytes(PAGES["beacons.txt"].replace("solar", "sølar").encode("latin-1"))
    (crawl / "c.txt").write_text(_page("Маяки на западном побережье", "14.03.2025", [
        "14 марта Управление маяков зажгло шесть новых маяков на западном побережье."]), encoding="utf-8")
    monkeypatch.setattr(russian, "available", lambda: False)  # as if natasha were not installed
    monkeypatch.setattr(russian, "_warned", False)
    report = ingest([crawl], tmp_path / "c.db", progress=False, workers=1, resolve=False)

    assert report.articles == 3
    utf8 = [k for k in report.page_notes if "invalid UTF-8" in k]
    assert len(utf8) == 1 and report.page_notes[utf8[0]] == 2
    assert report.page_notes[russian.MISSING_NOTE] == 1  # the install hint's version numbers kept
    text = report.render()
    assert f"note on 2 page(s): {utf8[0]}" in text and "pip install natasha==1.6.0" in text
    assert report.as_dict()["page_notes"] == dict(report.page_notes)


def test_rerun_does_not_extract_stored_html_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from communique.ingest import sources

    pages = tmp_path / "html.jsonl"
    rows = []
    for i, text in enumerate(PAGES.values()):
        paras = "".join(f"<p>{p}</p>" for p in text.split("\n\n") if p.strip())
        rows.append(json.dumps({"id": f"h{i}", "url": f"https://lights.example/h/{i}",
                                "html": f"<html><body><main>{paras}</main></body></html>"}))
    pages.write_text("\n".join(rows) + "\n", encoding="utf-8")
    db = tmp_path / "c.db"
    first = ingest([pages], db, progress=False, extract=False, resolve=False)
    assert first.articles == 3

    def no_trafilatura(*args: object, **kwargs: object) -> None:
        raise AssertionError("trafilatura ran on a page that is stored already")

    monkeypatch.setattr(sources, "html_to_text", no_trafilatura)
    again = ingest([pages], db, progress=False, extract=False, resolve=False)
    assert again.accounted and again.unchanged == 3 and not again.skipped


def test_html_read_on_workers_gives_the_same_pages_in_the_same_order(tmp_path: Path) -> None:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    crawl = tmp_path / "mixed"
    crawl.mkdir()
    rows, htmls = [], []
    for i, text in enumerate(PAGES.values()):
        paras = "".join(f"<p>{p}</p>" for p in text.split("\n\n") if p.strip())
        htmls.append(f"<html><head><title>t{i}</title></head><body><main>{paras}</main></body></html>")
        rows.append(json.dumps({"id": f"h{i}", "url": f"https://lights.example/h/{i}", "html": htmls[-1]}))
        rows.append(json.dumps({"id": f"t{i}", "url": f"https://lights.example/t/{i}", "text": text}))
    rows.append(json.dumps({"id": "bomb", "html": "<div>" * 100_000}))
    (crawl / "a.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with open(crawl / "b.warc.gz", "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i, body in enumerate(htmls):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://lights.example/w/{i}", "response",
                                                          payload=io.BytesIO(f"<!-- w{i} -->{body}".encode()),
                                                          http_headers=http))
    results = {}
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        report = ingest([crawl], db, workers=workers, progress=False, extract=False, resolve=False)
        assert report.accounted and report.pages_read == 9
        assert [s["reason"] for s in report.as_dict()["skipped"]["items"]] == ["empty"]  # flattened: no text
        conn = sqlite3.connect(db)
        results[workers] = conn.execute(
            "SELECT p.source, a.site, a.url, a.title, a.body FROM articles a JOIN pages p ON p.id = a.page_id "
            "ORDER BY p.id").fetchall()
        conn.close()
    assert len(results[1]) == 9 and results[1] == results[2]


def _cli(log: Path, *args: str) -> subprocess.Popen:
    """`communique ARGS` in a process of its own, as a user would start it from a second terminal; its
    stderr goes to ``log``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with log.open("w") as err:
        return subprocess.Popen([sys.executable, "-m", "communique.cli", *args], env=env, stdout=subprocess.PIPE,
                                stderr=err, text=True)


def test_two_concurrent_ingests_into_one_sqlite_file_take_turns(tmp_path: Path) -> None:
    from communique.store import open_store

    crawl, db = _crawl(tmp_path), tmp_path / "shared.db"
    more = tmp_path / "more" / "lights.example"
    more.mkdir(parents=True)
    (more / "beacons.txt").write_text(PAGES["beacons.txt"], encoding="utf-8")  # overlaps the first run
    (more / "ferry.txt").write_text(_page("Ferry route marked with new buoys", "20.04.2025", [
        "On April 20 this year, twelve buoys were laid along the new ferry route to Holm.",
    ]), encoding="utf-8")
    # This process holds the writer lock while both runs start, so both meet a busy database for certain.
    holder = open_store(db)
    holder.writer_lock(timeout=0)
    logs = [tmp_path / "first.err", tmp_path / "second.err"]
    runs = [_cli(logs[0], "ingest", str(crawl), "--db", str(db), "--quiet", "--workers", "1", "--json"),
            _cli(logs[1], "ingest", str(tmp_path / "more"), "--db", str(db), "--quiet", "--workers", "1",
                 "--json")]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not all("waiting for it to finish" in log.read_text() for log in logs):
        assert all(r.poll() is None for r in runs), [log.read_text() for log in logs]
        time.sleep(0.1)
    assert all(r.poll() is None for r in runs), "a run did not wait for the writer lock"
    assert _count(db, "pages") == 0  # nothing read or written while the lock was held
    holder.close()  # releases the lock: the runs now take their turns
    outputs = [r.communicate(timeout=600)[0] for r in runs]
    for run, log in zip(runs, logs, strict=True):
        err = log.read_text()
        assert run.returncode == 0, err
        assert "Traceback" not in err and "database is locked" not in err
        assert err.count("waiting for it to finish") == 1
    reports = [json.loads(out) for out in outputs]
    assert all(r["accounted"] for r in reports)
    # Nothing lost, nothing twice: the union of both inputs, each page once.
    assert _count(db, "pages") == 4 and _count(db, "articles") == 4 and _count(db, "runs") == 2
    assert sum(r["articles"] for r in reports) == 4
    assert sum(r["unchanged"] for r in reports) == 1  # the page both runs read was stored by one of them
    assert {a["title"] for a in _articles(db)} >= {"Ferry route marked with new buoys",
                                                   "New beacons lit on the western coast"}


def test_an_ingest_that_would_not_wait_stops_before_reading_anything(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from communique.cli import main
    from communique.store import WriterBusy, open_store

    crawl, db = _crawl(tmp_path), tmp_path / "busy.db"
    with open_store(db) as holder:
        holder.writer_lock(timeout=0)
        with pytest.raises(WriterBusy, match="another run"):
            ingest([crawl], db, progress=False, extract=False, resolve=False, wait=0)
        assert main(["ingest", str(crawl), "--db", str(db), "--quiet", "--wait", "0.5"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") <= 2 and "is being written by another run" in err and "Traceback" not in err
        assert f"process {os.getpid()}" in err  # who holds it
    assert _count(db, "pages") == 0 and _count(db, "runs") == 0
    assert ingest([crawl], db, progress=False, extract=False, resolve=False, wait=0).articles == 3
