"""The per-site boilerplate model: what all pages of a site taught about its lines.

For every normalised line (hashed) the model counts on how many pages it appeared, and in
which zone of the page's structural layout: *before* the page's title (teasers, menus),
*after* it (the article, or footer chrome), or on a page whose title was not found. For
lines in the article zone it remembers the *homes*: the titles (hashed) of the pages whose
article they belong to. That makes the cleaning home-aware: a lead paragraph has one home,
its own article, and is a teaser everywhere else; a navigation line has many homes and is
template everywhere. It also counts the *sequences* of the teaser zone: which line followed
which before the title, and which line ended the zone (stood right above the title), so that
a page that lost its title still shows where the site's teaser block ends. See
docs/boilerplate.md.

State is counts keyed by short hashes, so it merges by addition (a Spark aggregation) and
persists as (key, JSON) rows in the ``site_model`` table.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlsplit

from communique.clean.layout import Layout, Line, page_layout
from communique.document import Page

MAX_HOMES = 4  # beyond a few distinct homes a line is template; more would only cost space
TITLE_MARK = "\x00title"  # stands for "the title" as the second line of a teaser-zone pair


def line_hash(key: str) -> str:
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def pair_hash(first: str, second: str) -> str:
    """Two lines (keys) one right after the other in the teaser zone; ``second`` may be
    ``TITLE_MARK``: ``first`` ended the zone."""
    return line_hash(first + "\n" + second)


def teaser_pairs(lay: Layout) -> set[str]:
    """The pairs of a page's teaser zone, the last line of the zone paired with the title."""
    if lay.title is None or lay.title == 0:
        return set()
    keys = [line.key for line in lay.lines[: lay.title]] + [TITLE_MARK]
    return {pair_hash(a, b) for a, b in zip(keys, keys[1:], strict=False) if a != b}


def url_path(url: str | None) -> str | None:
    if not url:
        return None
    path = urlsplit(url).path or "/"
    return path if path.endswith("/") else path + "/"


def is_root(url: str | None) -> bool:
    """The site's front page or a tab of it; "/?p=15897" (an article by number) is not."""
    if not url:
        return False
    parts = urlsplit(url)
    return (parts.path or "/") == "/" and not any(c.isdigit() for c in parts.query)


# "?PAGEN_1=2" (Bitrix), "?page=3", "?paged=2" (WordPress), "?start=20", "/page/2/": the second
# and later pages of a section list. "?p=15897" is WordPress's article by number, not a page.
_PAGE_KEY = re.compile(r"^(?:pagen_\d+|page|paged|pg|start|from|offset)$", re.IGNORECASE)
_PAGE_PATH = re.compile(r"/page[/_-]?\d+/?$", re.IGNORECASE)


def is_paginated(url: str | None) -> bool:
    """A page of a paginated list, by its URL: a pagination parameter with a number, or a
    "/page/N" path, under a path that names a section rather than an article (a slug of four
    or more words is an article's, whatever parameter a link carried along)."""
    if not url or ("?" not in url and "page" not in url.lower()):
        return False
    parts = urlsplit(url)
    if _PAGE_PATH.search(parts.path):
        return True
    if not any(_PAGE_KEY.match(k) and v.strip().isdigit() for k, v in parse_qsl(parts.query)):
        return False
    last = (parts.path or "/").rstrip("/").rsplit("/", 1)[-1]
    return len([w for w in re.split(r"[-_.]+", last) if w]) < 4


def _parents(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[:k]) + ("/" if k else "") for k in range(len(parts))]


class LineStats:
    __slots__ = ("pages", "before", "after", "homes")

    def __init__(self, pages: int = 0, before: int = 0, after: int = 0, homes: list[str] | None = None):
        self.pages, self.before, self.after = pages, before, after
        self.homes = homes or []

    def add_home(self, home: str) -> None:
        if home not in self.homes and len(self.homes) < MAX_HOMES:
            self.homes.append(home)

    def to_json(self) -> str:
        return json.dumps([self.pages, self.before, self.after, self.homes])

    @classmethod
    def from_json(cls, value: str) -> LineStats:
        p, b, a, h = json.loads(value)
        return cls(p, b, a, list(h))


class SiteModel:
    """Cross-page statistics of one site's lines; see the module docstring."""

    def __init__(self, site: str) -> None:
        self.site = site
        self.seen: set[str] = set()  # content hashes (prefix) already observed
        self.lines: dict[str, LineStats] = {}
        self.dirs: dict[str, int] = {}  # URL directories that have pages below them
        self.pairs: dict[str, int] = {}  # teaser-zone pairs (pair_hash) -> pages

    @property
    def n_pages(self) -> int:
        return len(self.seen)

    def has_seen(self, page: Page) -> bool:
        return page.content_hash[:16] in self.seen

    def observe(self, page: Page) -> None:
        h = page.content_hash[:16]
        if h in self.seen:
            return
        self.seen.add(h)
        lay = page_layout(page)
        self._count(lay)
        path = url_path(page.url)
        if path:
            for parent in _parents(path):
                self.dirs[parent] = self.dirs.get(parent, 0) + 1

    def _count(self, lay: Layout) -> None:
        home = line_hash(lay.lines[lay.title].key) if lay.title is not None else None
        done: set[str] = set()
        for i, line in enumerate(lay.lines):
            h = line_hash(line.key)
            if h in done:
                continue
            done.add(h)
            st = self.lines.get(h)
            if st is None:
                st = self.lines[h] = LineStats()
            st.pages += 1
            if home is None:
                continue
            if i < lay.title:  # type: ignore[operator]
                st.before += 1
            else:
                st.after += 1
                st.add_home(home)
        for h in teaser_pairs(lay):
            self.pairs[h] = self.pairs.get(h, 0) + 1

    def merge(self, other: SiteModel) -> SiteModel:
        """A new model with both models' statistics (pages seen by both are counted twice,
        so partitions should not overlap: Spark de-duplicates by content hash first)."""
        out = SiteModel(self.site or other.site)
        out.seen = self.seen | other.seen
        for src in (self, other):
            for h, st in src.lines.items():
                mine = out.lines.get(h)
                if mine is None:
                    out.lines[h] = LineStats(st.pages, st.before, st.after, list(st.homes))
                else:
                    mine.pages += st.pages
                    mine.before += st.before
                    mine.after += st.after
                    for home in st.homes:
                        mine.add_home(home)
            for d, c in src.dirs.items():
                out.dirs[d] = out.dirs.get(d, 0) + c
            for h, c in src.pairs.items():
                out.pairs[h] = out.pairs.get(h, 0) + c
        return out

    def minus(self, earlier: SiteModel) -> SiteModel:
        """What this model learned since ``earlier``, the model it grew from by observing more pages: their
        pages and the counts they added (for the store, which adds them to a model another run saved
        meanwhile instead of overwriting it)."""
        out = SiteModel(self.site)
        out.seen = self.seen - earlier.seen
        for h, st in self.lines.items():
            was = earlier.lines.get(h) or LineStats()
            added = LineStats(st.pages - was.pages, st.before - was.before, st.after - was.after,
                              [home for home in st.homes if home not in was.homes])
            if added.pages or added.before or added.after or added.homes:
                out.lines[h] = added
        for d, c in self.dirs.items():
            if c - earlier.dirs.get(d, 0):
                out.dirs[d] = c - earlier.dirs.get(d, 0)
        for h, c in self.pairs.items():
            if c - earlier.pairs.get(h, 0):
                out.pairs[h] = c - earlier.pairs.get(h, 0)
        return out

    # -- questions the segmenter asks -------------------------------------------------------

    def stats(self, line: Line, own: str | None = None, own_home: str | None = None
              ) -> tuple[int, int, int, list[str]]:
        """(pages, before, after, homes) for a line on other pages than the one asking.

        ``own`` is the zone the asking page itself contributed when it was observed
        ("before", "after", "none"), None when the model has not observed it.
        """
        st = self.lines.get(line_hash(line.key))
        if st is None:
            return 0, 0, 0, []
        pages, before, after, homes = st.pages, st.before, st.after, list(st.homes)
        if own is not None:
            pages -= 1
            if own == "before":
                before -= 1
            elif own == "after":
                after -= 1
        if own_home is not None and own_home in homes:
            homes.remove(own_home)
        return pages, max(before, 0), max(after, 0), homes

    def pair_pages(self, first: str, second: str, own: set[str] | None = None) -> int:
        """On how many other pages ``second`` (a key, or TITLE_MARK) followed ``first`` in the
        teaser zone; ``own`` holds the asking page's own pairs when the model observed it."""
        h = pair_hash(first, second)
        n = self.pairs.get(h, 0)
        return n - 1 if own is not None and h in own and n > 0 else n

    def is_listing(self, url: str | None) -> bool:
        """A section or index page: other pages of the site live below its URL path."""
        path = url_path(url)
        if path is None:
            return False
        if path == "/":
            return is_root(url)
        return self.dirs.get(path, 0) >= 2

    # -- persistence -----------------------------------------------------------------------

    def rows(self) -> Iterable[tuple[str, str]]:
        yield "meta", json.dumps({"n_pages": self.n_pages, "version": 2})
        for h in sorted(self.seen):
            yield f"p:{h}", "1"
        for h, st in self.lines.items():
            yield f"l:{h}", st.to_json()
        for d, c in self.dirs.items():
            yield f"d:{d}", str(c)
        for h, c in self.pairs.items():
            yield f"a:{h}", str(c)

    @classmethod
    def from_rows(cls, site: str, rows: Iterable[tuple[str, str]]) -> SiteModel:
        m = cls(site)
        for key, value in rows:
            kind, _, rest = key.partition(":")
            if kind == "p":
                m.seen.add(rest)
            elif kind == "l":
                m.lines[rest] = LineStats.from_json(value)
            elif kind == "d":
                m.dirs[rest] = int(value)
            elif kind == "a":  # absent from version-1 rows: such a model knows no sequences
                m.pairs[rest] = int(value)
        return m
