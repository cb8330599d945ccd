"""The site's archive: sections from URL paths, list pages stored as lists, teasers linked to the articles they
announce whichever arrives first, titles derived from the first sentence and dates read from the URL (both
marked), the `archive` command, and search that finds an entity under its other spellings."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from communique import catalog
from communique.cli import main
from communique.document import Article, Page, Teaser
from communique.store import open_store
from communique.store.archive import fill_catalog

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SITE = "league.example"

LEADS = {
    "patrol": "Customs officers of the League seized 412 kg of contraband tobacco at the port of Ostrova on Monday.",
    "drill": "Rescue teams of four member states trained together near the Varden lighthouse on Tuesday morning.",
    "summit": "The Council of the Northern Harbour League met in Tallport on May 12 and adopted a fishery plan.",
}
TITLES = {
    "patrol": "Contraband tobacco seized at the port of Ostrova",
    "drill": "Rescue teams trained near the Varden lighthouse",
    "summit": "Council of the League adopted a fishery plan",
}


def article(key: str, path: str, *, title: str | None = "", published: dt.date | None = dt.date(2023, 5, 12),
            body: list[str] | None = None, lang: str = "en", site: str = SITE) -> Article:
    url = f"https://{site}{path}"
    body = body if body is not None else [LEADS[key], "The work goes on next season, the coordinators said."]
    page = Page(text=f"{key} {path}\n" + "\n".join(body), source=f"{key}.txt", url=url, site=site, lang=lang)
    return Article(page=page, title=TITLES[key] if title == "" else title, published=published,
                   published_from="dateline" if published else "", body=body)


def list_page(path: str, teasers: list[Teaser], site: str = SITE) -> Article:
    url = f"https://{site}{path}"
    text = "\n".join(f"{t.title}\n{t.text}" for t in teasers)
    return Article(page=Page(text=text, source=f"list{path}.txt", url=url, site=site), kind="list",
                   teasers=teasers, published_from="none")


def links(store, page_id: int) -> list[tuple[int | None, str | None]]:
    return [(t["article_id"], t["linked_by"]) for t in store.read.article(page_id, facts=False)["teasers"]]


# --- sections from the URL path --------------------------------------------------------------------


@pytest.mark.parametrize("url,kind,lang,section", [
    ("https://en.odkb-csto.org/news/news_odkb/komitet-sekretarey/", "article", "en", "news/news_odkb"),
    ("https://en.odkb-csto.org/news/news_odkb/", "list", "en", "news/news_odkb"),
    ("https://en.odkb-csto.org/news/news_odkb/?PAGEN_1=3", "list", "en", "news/news_odkb"),
    ("https://site.example/news/page/2/", "list", None, "news"),
    ("https://en.odkb-csto.org/international_org/sco/generalnyy/", "article", "en", "international_org/sco"),
    ("https://jscsto.odkb-csto.org/en/news/obedinennomu-shtabu/", "article", "en", "news"),  # a language, not a section
    ("https://eng.sectsco.org/news/20190429/533861.html", "article", "en", "news"),  # a date folder numbers items
    ("https://en.odkb-csto.org/session/2019/sovet/", "article", "en", "session"),
    ("https://site.example/2019/04/29/a-slug/", "article", None, ""),
    ("https://en.odkb-csto.org/?c-tab=statements", "list", "en", ""),
    ("https://kazworld.info/?p=14624", "article", "en", ""),
    ("https://odkb-csto.org/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/x/", "article", "ru", "новости"),
    (None, "article", None, ""),
])
def test_section_is_the_folder_of_the_url_path(url, kind, lang, section) -> None:
    assert catalog.section_of(url, kind, lang) == section


def test_keys_compare_what_differs_only_in_form() -> None:
    assert catalog.url_key("http://www.Site.example/news/a/") == catalog.url_key("https://site.example/news/a")
    assert catalog.url_key("https://site.example/news/a/?bxajaxid=f6") == "site.example/news/a"
    # an address whose path names no page keeps its query: articles by number are different pages
    assert catalog.url_key("https://kazworld.info/?p=1") != catalog.url_key("https://kazworld.info/?p=2")
    assert catalog.url_key("https://kazworld.info/?p=1&utm_source=feed#top") == catalog.url_key("http://kazworld.info/?p=1")
    assert catalog.title_key("The CSTO «Kanal» operation — results!") == catalog.title_key(
        "the CSTO Kanal operation results")
    assert catalog.title_key("News") is None  # too short to name one article
    assert catalog.lead_key("Too short a lead.") is None


def test_sections_with_counts_and_years(store) -> None:
    for key, path, published in [("patrol", "/news/customs/patrol-2022/", dt.date(2022, 3, 1)),
                                 ("drill", "/news/rescue/drill/", dt.date(2023, 6, 6)),
                                 ("summit", "/news/customs/summit/", None)]:
        store.save_article(article(key, path, published=published))
    copy = article("patrol", "/news/customs/patrol-2022/?print=1", published=dt.date(2022, 3, 1))
    copy.page.url = f"https://{SITE}/news/customs/patrol-print/"  # the same text under a second address
    saved = store.save_article(copy)
    assert saved.duplicate_of is not None  # the site's own duplicate: listed once
    store.save_article(list_page("/news/customs/", [Teaser(LEADS["drill"], None, TITLES["drill"])]))
    other = article("patrol", "/world/copy/", site="wire.example", body=[LEADS["patrol"], "Reprinted."])
    store.save_article(other)

    result = store.read.archive_sections(SITE)
    rows = {r["section"]: r for r in result["rows"]}
    assert set(rows) == {"news/customs", "news/rescue"}
    customs = rows["news/customs"]
    assert (customs["articles"], customs["lists"], customs["undated"]) == (2, 1, 1)
    assert (rows["news/customs"]["first"], rows["news/customs"]["last"]) == ("2022-03-01", "2022-03-01")
    assert {y["year"]: y["articles"] for y in result["years"]} == {"2023": 1, "2022": 1, "undated": 1}
    by_year = store.read.archive_sections(SITE, year="2023")
    assert [(r["section"], r["articles"]) for r in by_year["rows"]] == [("news/rescue", 1)]

    section = store.read.archive_section(SITE, "/news/customs/")
    assert section["total"] == 2 and [r["published"] for r in section["rows"]] == ["2022-03-01", None]
    assert [lst["teasers"] for lst in section["lists"]] == [1]
    assert section["parents"] == ["", "news"]
    top = store.read.archive_section(SITE, "news")
    assert top["total"] == 0 and [s["section"] for s in top["subsections"]] == ["news/customs", "news/rescue"]
    assert store.read.archive_section(SITE, "nowhere") is None
    assert store.read.archive_site("https://www.league.example/news/") == SITE
    assert store.read.archive_site("elsewhere.example") is None
    with pytest.raises(ValueError, match="bad year '23'"):
        store.read.archive_sections(SITE, year="23")


# --- list pages and teaser links --------------------------------------------------------------------


def _teasers() -> list[Teaser]:
    return [
        Teaser(LEADS["patrol"], dt.date(2023, 5, 12), TITLES["patrol"]),  # headline and lead
        Teaser(LEADS["drill"] + " More below.", dt.date(2023, 5, 12)),  # the lead only
        Teaser("A lead that no stored article opens with, though it runs long enough.", None, "Another story here",
               url=f"https://{SITE}/news/summit/"),  # the list links it
    ]


@pytest.mark.parametrize("lists_first", [True, False])
def test_teasers_link_to_their_articles_whichever_arrives_first(store, lists_first: bool) -> None:
    def articles() -> dict[str, int]:
        return {key: store.save_article(article(key, f"/news/{key}/")).article_id for key in LEADS}

    if lists_first:
        listing = store.save_article(list_page("/news/", _teasers())).article_id
        assert links(store, listing) == [(None, None)] * 3
        ids = articles()
    else:
        ids = articles()
        listing = store.save_article(list_page("/news/", _teasers())).article_id
    assert links(store, listing) == [(ids["patrol"], "title"), (ids["drill"], "lead"), (ids["summit"], "url")]
    got = store.read.article(listing, facts=False)
    assert (got["kind"], got["section"], got["title"], got["body"]) == ("list", "news", None, "")
    teased = store.read.article(ids["drill"], facts=False)["teased_on"]
    assert [(t["article_id"], t["kind"], t["linked_by"]) for t in teased] == [(listing, "list", "lead")]
    # a list page is no article of its section
    assert store.read.archive_section(SITE, "news")["total"] == 3


def test_an_address_outranks_a_headline_and_a_new_version_lets_go(store) -> None:
    teaser = Teaser(LEADS["summit"], None, TITLES["summit"], url=f"https://{SITE}/news/summit-2023/")
    listing = store.save_article(list_page("/news/", [teaser])).article_id
    same_title = store.save_article(article("summit", "/news/summit-2019/")).article_id
    assert links(store, listing) == [(same_title, "title")]  # the best guess while the addressed page is missing
    addressed = store.save_article(article("summit", "/news/summit-2023/", body=[LEADS["summit"], "New text."]))
    assert links(store, listing) == [(addressed.article_id, "url")]

    # a page that teases by headline, then the announced article is re-crawled under a new headline
    other = store.save_article(list_page("/news/archive/", [Teaser("x", None, TITLES["drill"])])).article_id
    drill = store.save_article(article("drill", "/news/drill/")).article_id
    assert links(store, other) == [(drill, "title")]
    renamed = article("drill", "/news/drill/", title="Lighthouse drill moved to autumn", body=["Changed.", "Text."])
    assert store.save_article(renamed).is_new_version
    assert links(store, other) == [(None, None)]

    # an address page that has become a list page announces nothing of its own any more
    turned = list_page("/news/summit-2023/", [Teaser("An item of the new list.", None, "An item of the list")])
    assert store.save_article(turned).is_new_version
    assert links(store, listing) == [(same_title, "title")]


def test_a_list_page_read_by_the_pipeline_is_stored_as_a_list(store) -> None:
    from communique.process import process_page

    items = [(TITLES[k], LEADS[k]) for k in ("patrol", "drill", "summit")]
    text = "\n".join(f"{head}\n{lead}" for head, lead in items)
    page = Page(text=text, source="list.txt", url=f"https://{SITE}/", site=SITE, lang="en")
    listing = store.save_article(process_page(page, None, None)).article_id
    drill = store.save_article(article("drill", "/news/rescue/drill/")).article_id
    got = store.read.article(listing, facts=False)
    assert got["kind"] == "list" and got["section"] == ""
    assert [t["title"] for t in got["teasers"]] == [head for head, _ in items]
    assert [t["article_id"] for t in got["teasers"]] == [None, drill, None]


# --- what a page does not say ------------------------------------------------------------------------


def test_untitled_article_is_titled_from_its_first_sentence_and_marked(store) -> None:
    body = ["YEREVAN, MAY 24, ARMENPRESS. The session of the Council of Defence Ministers was held today in a "
            "video conference mode. Ministers of six states took part.", "More text."]
    saved = store.save_article(article("summit", "/eng/news/1057345/", title=None, body=body))
    got = store.read.article(saved.article_id, facts=False)
    assert got["title"] == "The session of the Council of Defence Ministers was held today in a video conference mode."
    assert got["title_derived"] is True
    [hit] = store.read.search("Defence Ministers")["rows"]
    assert (hit["title"], hit["title_derived"]) == (got["title"], True)
    titled = store.save_article(article("drill", "/news/drill/")).article_id
    assert store.read.article(titled, facts=False)["title_derived"] is False
    # the stored title stays the page's: nothing derived is written over it
    assert store.db.value("SELECT title FROM articles WHERE id = ?", (saved.article_id,)) is None

    long = ["On 3 June " + "the delegations of the member states discussed " * 8 + "the plan."]
    derived = catalog.derived_title(article("drill", "/x/", title=None, body=long))
    assert derived.endswith(" …") and len(derived.split()) == catalog.DERIVED_TITLE_WORDS + 1


def test_undated_page_is_dated_from_its_url_and_marked(store) -> None:
    saved = store.save_article(article("patrol", "/2019/04/29/customs-patrol/", published=None))
    got = store.read.article(saved.article_id, facts=False)
    assert (got["published"], got["published_from"]) == ("2019-04-29", "url")
    plain = store.save_article(article("drill", "/news/drill/", published=None))
    assert store.read.article(plain.article_id, facts=False)["published"] is None


def test_the_catalog_of_earlier_articles_is_filled_as_the_migration_fills_it(store, tmp_path: Path) -> None:
    listing = store.save_article(list_page("/news/", _teasers())).article_id
    ids = {key: store.save_article(article(key, f"/news/{key}/", title=None if key == "drill" else ""))
           .article_id for key in LEADS}
    before = {i: store.read.article(i, facts=False) for i in [listing, *ids.values()]}
    # what a database of the release before the catalog held: no catalog, teasers without keys or links
    store.db.execute("DELETE FROM article_catalog")
    store.db.execute("UPDATE teasers SET url_key = NULL, title_key = NULL, lead_key = NULL, target_id = NULL, "
                     "linked_by = NULL")
    with store.db.transaction():
        fill_catalog(store.db)
    for i, was in before.items():
        now = store.read.article(i, facts=False)
        for key in ("kind", "section", "title", "title_derived", "teasers"):
            assert now[key] == was[key], (i, key)


# --- search under every spelling ---------------------------------------------------------------------


def test_search_with_aliases_finds_every_spelling_and_script(store) -> None:
    from communique.resolve.build import resolve

    bodies = {
        "en1": ("Secretary General Yuri Khachaturov met the delegation of the Council in Tallport on Monday.", "en"),
        "en2": ("Yury Khachaturov opened the session of the Council, Khachaturov's office said on Friday.", "en"),
        "ru": ("Генеральный секретарь Юрий Хачатуров провёл встречу с делегацией совета в Таллпорте.", "ru"),
        "other": ("Ruben Khachaturov, a wrestler, won the regional cup in Tallport on Sunday.", "en"),
    }
    ids = {}
    for key, (text, lang) in bodies.items():
        a = article("summit", f"/news/{key}/", body=[text, "Other news of the week followed."], lang=lang)
        ids[key] = store.save_article(a).article_id
    people = [("en1", "Yuri Khachaturov"), ("en2", "Yury Khachaturov"), ("en2", "Khachaturov's"),
              ("ru", "Хачатуров"), ("other", "Ruben Khachaturov")]
    for key, name in people:
        text = bodies[key][0]
        start = text.index(name)
        name = name.removesuffix("'s")
        store.db.execute(
            'INSERT INTO mentions(article_id, kind, text, start, "end", sentence) VALUES (?, ?, ?, ?, ?, ?)',
            (ids[key], "person", name, start, start + len(name), text))
    resolve(store.resolution)
    # the resolver keeps the Cyrillic surname as a separate person; the knowledge base records it as a spelling
    # of the one person (what a transliteration-aware resolution gives)
    yuri = store.read.find_entity("Yuri Khachaturov")
    russian = store.read.find_entity("Хачатуров")
    if russian != yuri:
        store.db.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (yuri, russian))
        store.db.execute("UPDATE entity_aliases SET entity_id = ? WHERE entity_id = ?", (yuri, russian))
        store.db.execute("DELETE FROM entities WHERE id = ?", (russian,))

    plain = {r["id"] for r in store.read.search("Yuri Khachaturov")["rows"]}
    assert plain == {ids["en1"], ids["en2"]}  # "Yury" and "Yuri" are one stem (Snowball English): no alias needed
    found = store.read.search("Yuri Khachaturov", aliases=True)
    assert {r["id"] for r in found["rows"]} == {ids["en1"], ids["en2"], ids["ru"]}  # never the wrestler
    assert {"Yury Khachaturov", "Хачатуров"} <= set(found["expanded"]["aliases"])
    # the bare surname is a spelling of his, but searched for it would find the wrestler too
    assert any(a["alias"] == "Khachaturov" for a in store.read.entity(yuri)["aliases"])
    assert "Khachaturov" not in found["expanded"]["aliases"]
    # a word that names no entity is searched as typed
    assert store.read.search("session", aliases=True)["expanded"] is None


# --- the command -------------------------------------------------------------------------------------


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_archive_command(tmp_path: Path, capsys) -> None:
    db = tmp_path / "kb.db"
    with open_store(db) as store:
        for key in LEADS:
            store.save_article(article(key, f"/news/{key}-story/"))
        store.save_article(article("patrol", "/2019/04/29/patrol/", published=None, title=None,
                                   body=["Border guards found a hidden cargo of cigarettes in a truck.", "More."]))
    code, out, _ = _cli(capsys, "archive", "--site", SITE, "--db", str(db), "--json")
    assert code == 0
    assert {(r["section"], r["articles"]) for r in json.loads(out)} == {("news", 3), ("", 1)}
    code, out, _ = _cli(capsys, "archive", "--site", SITE, "--section", "/", "--db", str(db))
    assert code == 0 and "title: first sentence, date: URL" in out
    code, out, _ = _cli(capsys, "archive", "--site", SITE, "--section", "news", "--year", "2023", "--json",
                        "--db", str(db))
    assert code == 0 and json.loads(out)["total"] == 3
    code, _, err = _cli(capsys, "archive", "--site", "nowhere.example", "--db", str(db))
    assert code == 1 and "no pages from site 'nowhere.example'" in err and SITE in err
    code, _, err = _cli(capsys, "archive", "--site", SITE, "--year", "2023-05", "--db", str(db))
    assert code == 2 and err.strip() == "communique: bad year '2023-05': use YYYY"
    code, _, err = _cli(capsys, "archive", "--site", SITE, "--section", "missing", "--db", str(db))
    assert code == 1 and "has no section 'missing'" in err


@pytest.mark.skipif(not (SHARED / "corpus" / "csto_en.jsonl").exists(), reason="../shared/corpus not present")
def test_the_csto_site_sections_on_its_corpus(tmp_path: Path, capsys) -> None:
    from communique.job import ingest

    db = tmp_path / "csto.db"
    ingest([SHARED / "corpus" / "csto_en.jsonl"], db=db, workers=1, progress=False, resolve=False)
    code, out, _ = _cli(capsys, "archive", "--site", "en.odkb-csto.org", "--db", str(db), "--json")
    assert code == 0
    rows = {r["section"]: r["articles"] for r in json.loads(out)}
    assert {"news/news_odkb", "international_org/sco", "international_org/un", "news/speech"} <= set(rows)
    assert rows["news/news_odkb"] == max(rows.values())
    conn = sqlite3.connect(db)
    stored = conn.execute("SELECT count(*) FROM articles WHERE site = 'en.odkb-csto.org'").fetchone()[0]
    lists = conn.execute("SELECT count(*) FROM article_catalog WHERE site = 'en.odkb-csto.org' AND kind = 'list'"
                         ).fetchone()[0]
    conn.close()
    assert lists >= 1
    # every stored page of the site is in one section: duplicates of its own pages aside, nothing is lost
    assert sum(rows.values()) + lists <= stored
