"""The objects every stage shares: a Page as read, and the Article made from it.

Like spaCy's Doc, one Article travels through the pipeline and each component adds to it.
Every fact carries its provenance: a character span into ``Article.text`` (the body
paragraphs joined by blank lines) — or into ``Article.title`` for a fact read from the
title (``in_title``) — and the sentence it came from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass
class Page:
    """One input page as read, before any cleaning."""

    text: str  # plain text: the page itself, or trafilatura's main text for HTML
    source: str  # where it came from: a path, "path:LINE" for JSONL, "path@OFFSET" for WARC
    url: str | None = None
    site: str = ""  # URL host, or --site for files without a URL
    external_id: str | None = None  # the "id" of a JSONL record
    lang: str | None = None
    html: str | None = None  # the raw HTML when the input was HTML
    meta: dict[str, Any] = field(default_factory=dict)  # e.g. {"title":..., "date":...} from HTML
    notes: list[str] = field(default_factory=list)  # e.g. "invalid UTF-8 replaced"

    @property
    def content_hash(self) -> str:
        raw = self.html if self.html is not None else self.text
        return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()

    @property
    def key(self) -> str:
        """What identifies 'the same page' across re-crawls: URL, else external id, else source."""
        return self.url or (f"id:{self.external_id}" if self.external_id else f"src:{self.source}")


@dataclass
class Teaser:
    """A paragraph announcing another article; evidence of that article, never a fact of this page."""

    text: str
    date: dt.date | None = None
    title: str | None = None
    url: str | None = None  # the announced article's address, when the page gives it (a list item's link)


@dataclass
class Fact:
    """Provenance shared by every fact: span into Article.text (or the title, or a teaser) and the sentence.

    A title fact is a fact of the article like a body fact; only its span indexes another text.
    """

    start: int
    end: int
    sentence: str
    from_teaser: int | None = None  # index into Article.teasers when the fact was read from a teaser
    # Read from the title: start/end index into Article.title (or into the teaser's title when from_teaser
    # is set), not into Article.text.
    in_title: bool = False


@dataclass
class Mention(Fact):
    text: str = ""
    kind: str = ""  # person | org | place
    canonical: str | None = None  # gazetteer or learned canonical name (e.g. "CSTO" -> full name)
    attrs: dict[str, Any] = field(default_factory=dict)  # e.g. {"rank": "Colonel-General"}


@dataclass
class DateMention(Fact):
    text: str = ""
    value: dt.date | None = None
    end_value: dt.date | None = None  # last day of a range
    precision: str = "day"  # day | month | year


@dataclass
class Post(Fact):
    """A post a person is said to hold on `date` (publication or event date)."""

    person: str = ""
    role: str = ""
    org: str | None = None
    date: dt.date | None = None
    acting: bool = False
    rank: str | None = None


@dataclass
class Event(Fact):
    type: str = "other"  # meeting | session | operation | exercise | speech | agreement | visit | other
    status: str = "held"  # held | planned
    date: dt.date | None = None
    end_date: dt.date | None = None
    place: str | None = None
    participants: list[str] = field(default_factory=list)
    name: str | None = None  # named operation or exercise, e.g. "Channel-Perekhvat"
    trigger: str = ""


@dataclass
class Figure(Fact):
    value: float = 0.0
    unit: str | None = None  # kg | t | g | l | RUB | USD | EUR | None for counts
    item: str = ""
    qualifier: str | None = None  # over | about | more than | ...
    event: int | None = None  # index into Article.events when the sentence ties it to an event
    text: str = ""
    # the operation or exercise series the figure reports on, with its year or stage ("Channel-Perekhvat 2023",
    # "Interaction-2023"), from its own sentence or the article's own text, never from a teaser
    series: str | None = None
    # index into Article.figures of the total this figure is part of ("399 persons detained, among them 52
    # foreigners": the 52 is part of the 399); a part is never to be summed with its total
    part_of: int | None = None


@dataclass
class Article:
    """A page reduced to its own article, then enriched by the extraction components."""

    page: Page
    # "article": the page holds an article of its own; "list": a section list (an index of
    # headlines and leads), which has no title or body, only teasers of the articles it lists
    kind: str = "article"
    title: str | None = None
    published: dt.date | None = None
    published_from: str = ""  # dateline | lead | meta | url | none
    body: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    teasers: list[Teaser] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (line, reason) kept for --explain
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # scratch space for components (e.g. spaCy Doc)

    @property
    def text(self) -> str:
        return PARAGRAPH_SEPARATOR.join(self.body)

    @property
    def body_hash(self) -> str:
        normal = " ".join(self.text.lower().split())
        return hashlib.sha256(normal.encode("utf-8")).hexdigest()


@dataclass
class Skip:
    """An input (or part of one) that was not read as a page, and why; it goes into the run report."""

    source: str  # path, "path:LINE" or "path@OFFSET"
    reason: str  # short machine-friendly reason: binary | empty | too-large | bad-json | not-a-page | truncated ...
    detail: str = ""  # human-readable detail
    external_id: str | None = None  # the JSONL record's "id" when it could be read (extract keeps its row)
