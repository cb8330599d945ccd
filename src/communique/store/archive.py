"""The site's archive in the store: each article's catalog entry (kind, section, keys, derived title), its
teasers with their keys, and the links from teasers to the articles they announce.

A teaser is linked to the article it announces by that article's address, else its headline, else the
opening words of its lead (communique.catalog's keys), preferring an article of the teaser's own site, then
an original over a duplicate, then the first stored. Links are made when either side arrives: a page's
teasers look for their articles when the page is stored, and a stored article takes the teasers waiting for
it, so the order of ingest does not matter. An address outranks a headline, and a headline a lead: a
teaser linked by a weaker key moves to the article its address names when that one arrives.

Portable SQL over ``Database``; ArticleWriter.save_article calls ``save_teasers`` and ``catalog_article``
inside its transaction, and migration ``archive_catalog`` calls ``fill_catalog`` for a database's earlier
articles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from communique import catalog

if TYPE_CHECKING:
    from communique.document import Article, Teaser
    from communique.store.interfaces import Database

# Keys from strongest to weakest: a teaser's link is replaced only by one through a stronger key.
LINK_KEYS = ("url", "title", "lead")
_RANK = {by: i for i, by in enumerate(LINK_KEYS)}


def _iso(value: dt.date | str | None) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def save_teasers(db: Database, article_id: int, teasers: Sequence[Teaser]) -> None:
    """The page's teasers with the keys of the articles they announce (links are made by catalog_article)."""
    rows = []
    for i, t in enumerate(teasers):
        url_key, title_key, lead_key = catalog.teaser_keys(t)
        rows.append((article_id, i, t.text, _iso(t.date), t.title, t.url, url_key, title_key, lead_key))
    if rows:
        db.executemany(
            "INSERT INTO teasers(article_id, position, text, date, title, url, url_key, title_key, lead_key) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def catalog_article(db: Database, article_id: int, article: Article, *, new_version: bool) -> None:
    """Store the article's catalog entry, link its teasers to the articles they announce, and link to it the
    teasers of other pages that announce it. A new version first lets go of the teasers its former
    headline or lead had taken (its address is the same: the page key), and of all of them when it has
    become a list page."""
    entry = catalog.entry(article)
    db.execute("DELETE FROM article_catalog WHERE article_id = ?", (article_id,))
    db.execute(
        "INSERT INTO article_catalog(article_id, kind, site, section, url_key, title_key, lead_key, derived_title) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (article_id, entry.kind, article.page.site, entry.section, entry.url_key, entry.title_key,
         entry.lead_key, entry.derived_title))
    released: list[tuple[int, int]] = []
    if new_version:
        # its address still names it, unless it has become a list page (never a teaser's article)
        kept = "" if entry.kind == "list" else " AND linked_by != 'url'"
        released = [(r[0], r[1]) for r in db.rows(
            f"SELECT article_id, position FROM teasers WHERE target_id = ?{kept}", (article_id,))]
        db.execute(f"UPDATE teasers SET target_id = NULL, linked_by = NULL WHERE target_id = ?{kept}", (article_id,))
    link_teasers_of(db, article_id)
    if entry.kind == "article":
        _take_waiting_teasers(db, article_id, entry)
    for page_id, position in released:
        _link_one(db, page_id, position)


def link_teasers_of(db: Database, article_id: int) -> int:
    """Link each of the page's unlinked teasers to the stored article it announces; how many were linked."""
    linked = 0
    for (position,) in db.rows("SELECT position FROM teasers WHERE article_id = ? AND target_id IS NULL "
                               "ORDER BY position", (article_id,)):
        linked += _link_one(db, article_id, position)
    return linked


def _link_one(db: Database, page_id: int, position: int) -> int:
    found = db.one("SELECT t.url_key, t.title_key, t.lead_key, a.site, t.date FROM teasers t JOIN articles a "
                   "ON a.id = t.article_id WHERE t.article_id = ? AND t.position = ?", (page_id, position))
    if found is None:
        return 0
    for by, key in zip(LINK_KEYS, (found[0], found[1], found[2]), strict=True):
        if key is None:
            continue
        target = _target(db, by, key, exclude=page_id, site=found[3], date=found[4])
        if target is not None:
            db.execute("UPDATE teasers SET target_id = ?, linked_by = ? WHERE article_id = ? AND position = ?",
                       (target, by, page_id, position))
            return 1
    return 0


def _target(db: Database, by: str, key: str, *, exclude: int, site: str, date: str | None) -> int | None:
    """The article a key names: of the teaser's site first, then of the teaser's date (a headline a site
    uses every year), then an original before a duplicate, then the first stored."""
    column = f"{by}_key"  # url_key | title_key | lead_key: from the constant, never input
    return db.value(
        f"SELECT c.article_id FROM article_catalog c JOIN articles a ON a.id = c.article_id "
        f"WHERE c.{column} = ? AND c.kind = 'article' AND c.article_id != ? "
        "ORDER BY CASE WHEN a.site = ? THEN 0 ELSE 1 END, CASE WHEN a.published = ? THEN 0 ELSE 1 END, "
        "CASE WHEN a.duplicate_of IS NULL THEN 0 ELSE 1 END, c.article_id LIMIT 1", (key, exclude, site, date))


def _take_waiting_teasers(db: Database, article_id: int, entry: catalog.Entry) -> None:
    """Teasers of other pages announcing this article: unlinked ones, and those linked by a weaker key."""
    for by, key in zip(LINK_KEYS, (entry.url_key, entry.title_key, entry.lead_key), strict=True):
        if key is None:
            continue
        weaker = [b for b in LINK_KEYS if _RANK[b] > _RANK[by]]
        column = f"{by}_key"  # url_key | title_key | lead_key: from the constant, never input
        condition = "t.target_id IS NULL" + (
            f" OR t.linked_by IN ({', '.join('?' * len(weaker))})" if weaker else "")
        params: list[Any] = [key, article_id, *weaker]
        waiting = db.rows(
            f"SELECT t.article_id, t.position FROM teasers t WHERE t.{column} = ? AND t.article_id != ? "
            f"AND ({condition})", params)
        db.executemany("UPDATE teasers SET target_id = ?, linked_by = ? WHERE article_id = ? AND position = ?",
                       [(article_id, by, r[0], r[1]) for r in waiting])


def fill_catalog(db: Database) -> None:
    """The catalog entries and teaser keys of the articles a database held before the catalog existed, then
    every teaser's link. A stored page without title or body, with teasers, was a list page."""
    from communique.document import Article, Page, Teaser

    for row in db.rows(
        "SELECT a.id, a.site, a.url, a.lang, a.title, a.published, a.body, "
        "(SELECT count(*) FROM teasers t WHERE t.article_id = a.id) AS teasers FROM articles a "
        "WHERE a.id NOT IN (SELECT article_id FROM article_catalog) ORDER BY a.id"):
        body = [p for p in (row["body"] or "").split("\n\n") if p]
        kind = "list" if not row["title"] and not body and row["teasers"] else "article"
        article = Article(page=Page(text="", source="", url=row["url"], site=row["site"], lang=row["lang"]),
                          kind=kind, title=row["title"], body=body)
        entry = catalog.entry(article)
        db.execute(
            "INSERT INTO article_catalog(article_id, kind, site, section, url_key, title_key, lead_key, "
            "derived_title) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (row["id"], entry.kind, row["site"], entry.section, entry.url_key, entry.title_key, entry.lead_key,
             entry.derived_title))
    keys = []
    for page_id, position, text, title, url in db.rows(
        "SELECT article_id, position, text, title, url FROM teasers WHERE url_key IS NULL AND title_key IS NULL "
        "AND lead_key IS NULL ORDER BY article_id, position"):
        keys.append((*catalog.teaser_keys(Teaser(text=text, title=title, url=url)), page_id, position))
    db.executemany("UPDATE teasers SET url_key = ?, title_key = ?, lead_key = ? WHERE article_id = ? "
                   "AND position = ?", keys)
    for (page_id,) in db.rows("SELECT DISTINCT article_id FROM teasers WHERE target_id IS NULL ORDER BY 1"):
        link_teasers_of(db, page_id)
