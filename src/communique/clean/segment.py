"""From a page to its own article: title, publication date, body, signature, captions, teasers.

``segment`` reads one page with the help of its site's model (optional: without one it
relies on structural cues alone); ``clean_batch`` learns the models from a batch of pages
first. See docs/boilerplate.md for the reasoning.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin

from communique.clean import cues
from communique.clean.datelines import (
    agency_dateline,
    date_line,
    find_date,
    find_yearless,
    is_bare_date,
    is_date_line,
    lead_date,
    leading_date,
    likely_year,
    nearest_yearless,
    same_day_year,
    trailing_date,
    url_date,
    url_year,
)
from communique.clean.layout import (
    MAX_TITLE_LINE,
    Layout,
    Line,
    cut_copy,
    dated_items,
    headline_like,
    looks_like_listing,
    page_layout,
    paired,
    slug_overlap,
    slug_tokens,
)
from communique.clean.site_model import TITLE_MARK, SiteModel, is_paginated, is_root, line_hash, teaser_pairs
from communique.document import Article, Page, Teaser


def _own_zones(lay: Layout) -> list[str]:
    if lay.title is None:
        return ["none"] * len(lay.lines)
    return ["before" if i < lay.title else "after" for i in range(len(lay.lines))]


class _Oracle:
    """The site model's answers about one page's lines, with the page's own share removed."""

    def __init__(self, model: SiteModel | None, page: Page, structural: Layout) -> None:
        self.model = model
        self.zones = _own_zones(structural) if model is not None and model.has_seen(page) else None
        self.own_home = (line_hash(structural.lines[structural.title].key)
                         if self.zones is not None and structural.title is not None else None)
        self.own_pairs = teaser_pairs(structural) if self.zones is not None else None
        self.by_key: dict[str, int] = {}  # first occurrence, the one the model counted
        for i, line in enumerate(structural.lines):
            self.by_key.setdefault(line.key, i)

    def stats(self, line: Line) -> tuple[int, int, int, list[str]]:
        if self.model is None:
            return 0, 0, 0, []
        own = None
        if self.zones is not None:
            i = self.by_key.get(line.key)
            own = self.zones[i] if i is not None else None
        return self.model.stats(line, own, self.own_home)

    def foreign(self, line: Line) -> bool:
        """Known elsewhere on the site as a teaser, a menu, or part of another article."""
        pages, before, after, homes = self.stats(line)
        if pages <= 0:
            return False
        if before >= 1:
            return True  # a teaser or a menu elsewhere
        me = line_hash(line.key)
        if after >= 1 and any(h != me for h in homes):
            return True  # part of another article, or template in the article zone
        # a headline on several other pages is a teaser, unless it is this very title on
        # another copy or two of the article
        return pages >= 3 or (pages >= 2 and me not in self.raw_homes(line))

    def raw_homes(self, line: Line) -> list[str]:
        st = self.model.lines.get(line_hash(line.key)) if self.model is not None else None
        return st.homes if st is not None else []

    def template(self, line: Line, title_hash: str | None) -> bool:
        """In the article zone of several other articles: site chrome, not this article."""
        pages, before, after, homes = self.stats(line)
        others = [h for h in homes if h != title_hash]
        return pages >= 2 and len(others) >= 2

    def in_teaser_run(self, prev: Line | None, line: Line) -> bool:
        """The site's teaser block goes on here: ``line`` followed ``prev`` before the title on
        another page, or ended the teaser zone (stood right above the title) on two or more."""
        if self.model is None:
            return False
        if prev is not None and self.model.pair_pages(prev.key, line.key, self.own_pairs) >= 1:
            return True
        return self.model.pair_pages(line.key, TITLE_MARK, self.own_pairs) >= 2

    def same_home(self, line: Line, nxt: Line) -> bool:
        """Both lines belong to the article zone of the same other page: that article's text."""
        homes = self.stats(line)[3]
        return bool(homes) and any(h in homes for h in self.stats(nxt)[3])

    def teaser_elsewhere(self, line: Line) -> bool:
        """Shown before the title on other pages (lines only ever seen inside other pages'
        articles are that article's text: this page may be another copy of it)."""
        pages, before, after, homes = self.stats(line)
        return pages >= 1 and before >= 1


def _teasers(lines: list[Line], article: Article) -> None:
    """The zone before the title: teasers of other news (with their dates and, on listings,
    their headlines: a headline and a date, either first, head the lead they stand over) and
    menu lines."""
    split_on_gap = any(line.gap >= 2 for line in lines[1:])
    current: list[str] = []
    date: dt.date | None = None
    title: str | None = None

    def flush() -> None:
        nonlocal current, date, title
        if current:
            article.teasers.append(Teaser(text="\n\n".join(current), date=date, title=title))
        current, date, title = [], None, None

    for k, line in enumerate(lines):
        t = line.text
        d = date_line(t)
        if d is not None or is_date_line(t):
            if current:
                flush()
            date = d  # a headline just read keeps heading the lead below the date
            article.dropped.append((t, "teaser date"))
            continue
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        after = lines[k + 2] if k + 2 < len(lines) else None
        if headline_like(line) and nxt is not None and nxt.gap <= 1 and cues.is_prose(nxt.text) \
                and not headline_like(nxt):
            if current:
                flush()
            title = t  # a listing's headline over its lead (a date read just above it stays its date)
            continue
        if headline_like(line) and nxt is not None and after is not None and is_date_line(nxt.text) \
                and cues.is_prose(after.text) and not headline_like(after):
            flush()
            title = t  # a listing's headline over its date and lead
            continue
        if not cues.is_prose(t):
            flush()
            article.dropped.append((t, "navigation" if cues.is_nav(t) else "header"))
            continue
        if current and (not split_on_gap or line.gap >= 2):
            flush()
        current.append(t)
    flush()


def _meta_date(page: Page) -> dt.date | None:
    value = page.meta.get("date") if page.meta else None
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@dataclass
class _Reading:
    """One page being read: its layout, the site model's answers about its lines, and what the
    stages have decided so far. Each stage below reads and updates it."""

    page: Page
    model: SiteModel | None
    lay: Layout
    oracle: _Oracle
    article: Article
    published: dt.date | None = None
    how: str = ""  # where ``published`` came from
    yearless: Line | None = None  # a date line without a year, completed at the end
    body: list[str] = field(default_factory=list)
    body_lines: list[int] = field(default_factory=list)  # the line each body paragraph came from
    header: bool = True  # between the title and the first prose paragraph
    in_teaser: bool = False  # inside a dated teaser on an excerpt without title
    dated_teasers: bool = False  # no title, and "24.04.2024" over a paragraph again and again
    footer: bool = False  # past the end of the article
    signature: bool = False  # inside a signature block
    title_hash: str | None = None
    shares: tuple[float, float] = (0.0, 0.0)  # the page's Latin and Cyrillic letters (cues.script_shares)
    unpunctuated_tail: int | None = None  # where the page's closing run of unpunctuated lines starts

    @property
    def lines(self) -> list[Line]:
        return self.lay.lines

    @property
    def title_key(self) -> str | None:
        return self.lines[self.lay.title].key if self.lay.title is not None else None

    def drop(self, text: str, why: str) -> bool:
        self.article.dropped.append((text, why))
        return True


def segment(page: Page, model: SiteModel | None = None) -> Article:
    """Split a page into its own article and the rest; see the module docstring.

    The stages, in order: find the layout (``_read``); a section list has no article of its
    own (``_read_list``); the head: title, the teasers above it, the date next to it
    (``_read_head``); the excerpt shapes without a title (``_read_titleless``); every line
    after that through the line rules (``_read_line``); the date from weaker evidence
    (``_finish``)."""
    r = _read(page, model)
    if _is_list_page(r):
        return _read_list(r)
    _read_head(r)
    start = _read_titleless(r)
    if start is None:
        return r.article
    for i in range(start, len(r.lines)):
        _read_line(r, i)
    return _finish(r)


def _read(page: Page, model: SiteModel | None) -> _Reading:
    """The page's layout, found with the help of the site model when there is one."""
    structural = page_layout(page)
    oracle = _Oracle(model, page, structural)
    lay = page_layout(page, oracle.foreign) if model is not None else structural
    _prefer_meta_title(lay, page)
    return _Reading(page=page, model=model, lay=lay, oracle=oracle, article=Article(page=page),
                    shares=cues.script_shares(page.text))


def _is_list_page(r: _Reading) -> bool:
    """A section or index page: a later page of a paginated list (by its URL, unless the page
    shows an article's title over its dated copy); a page the site model knows pages below (or
    the front page); or a page whose lines alternate headline and lead, or headline, date and
    lead, with no title of its own."""
    model, lay, url = r.model, r.lay, r.page.url
    if is_paginated(url) and lay.how != "title+date":
        return True
    listing = model.is_listing(url) if model is not None else is_root(url)
    if not listing and lay.how in ("headline", "first-line", "none"):
        listing = looks_like_listing(lay)
    if not listing and lay.how in ("before-date", "headline", "none"):
        listing = dated_items(lay.lines) >= 3
    return listing


def _read_list(r: _Reading) -> Article:
    """Every paragraph of a section page announces an article that lives elsewhere: the page is
    a list, its items teasers (headline, date, lead, and the link when the page gives one)."""
    article, lines = r.article, r.lines
    article.kind = "list"
    if paired(lines):
        # headline over lead, line by line, even where a lead looks like a headline
        for head, lead in zip(lines[0::2], lines[1::2], strict=False):
            article.teasers.append(Teaser(text=lead.text, date=None, title=head.text))
        if len(lines) % 2:
            article.dropped.append((lines[-1].text, "header"))
    else:
        _teasers(lines, article)
    _link_teasers(article, r.page)
    article.published_from = "none"
    return article


def _link_teasers(article: Article, page: Page) -> None:
    """Each teaser's link: the anchor of the page's HTML whose text is the teaser's headline (or
    opens its lead), made absolute against the page's URL."""
    if not page.html or not article.teasers:
        return
    import lxml.html  # trafilatura's own parser, installed with it

    links: dict[str, str] = {}
    try:
        root = lxml.html.fromstring(page.html)
    except (ValueError, lxml.etree.ParserError):
        return
    for a in root.iter("a"):
        href, key = a.get("href"), cues.norm(a.text_content() or "")
        if href and key and not href.startswith(("#", "javascript:", "mailto:")):
            links.setdefault(key, urljoin(page.url or "", href))
    for teaser in article.teasers:
        if teaser.url is None:
            head = teaser.title or teaser.text
            teaser.url = links.get(cues.norm(head)) or next(
                (u for k, u in links.items() if len(k.split()) >= 4 and cues.norm(head).startswith(k)), None)


def _read_head(r: _Reading) -> None:
    """The title, the teaser zone above it, and the date next to it (or in a header above it)."""
    lay, lines = r.lay, r.lines
    if lay.title is not None and lay.title_text is not None:
        # a photo credit glued to the headline ("… exercises Credit: lakewire.example") is not the title's
        title = cues.READING_LABEL.sub("", cues.TITLE_CREDIT.sub("", lay.title_text))
        below = lines[lay.title + 1] if lay.title + 1 < len(lines) else None
        if below is not None and _behind_rubric(below.key, lines[lay.title].key):
            title = below.text  # "Home Global Affairs Title" over "Title": the headline without its breadcrumb
        r.article.title = title or lay.title_text
        r.title_hash = line_hash(lines[lay.title].key)
        _teasers(lines[: lay.title], r.article)
    r.published, r.how = lay.dateline, "dateline" if lay.dateline else ""
    if r.published is None and lay.title is not None:
        r.published = _header_date(lines[: lay.title])
        r.how = "dateline" if r.published else ""


def _read_titleless(r: _Reading) -> int | None:
    """Where the article's own lines start; None when the page holds no more of it.

    Without a title, "24.04.2024" over a paragraph, again and again, is a list of dated
    teasers (a single date over the text is the article's own date); an excerpt that stops
    right after the title, below such teasers, has a title but no body. A single date between
    prose above and below is the hinge of an excerpt that lost its title."""
    lay, lines, article = r.lay, r.lines, r.article
    if lay.title is not None:
        return lay.title + 1
    r.dated_teasers = sum(1 for a, b in zip(lines, lines[1:], strict=False)
                          if is_bare_date(a.text) and b.gap <= 1 and cues.is_prose(b.text)) >= 2
    if r.dated_teasers and _title_at_the_end(lines):
        article.title = lines[-1].text
        _teasers(lines[:-1], article)
        article.published_from = "none"
        return None
    if not r.dated_teasers:
        hinge = _date_hinge(lines)
        if hinge is not None:
            # what stands above the article's own date is the teaser zone, as above a title
            _teasers(lines[:hinge], article)
            r.published, r.how = date_line(lines[hinge].text), "dateline"
            r.drop(lines[hinge].text, "dateline")
            return hinge + 1
    return 0


# -- the line rules: each takes the reading, the line's index and the line, and returns True
# -- when it has placed the line (dropped, caption, signature, teaser); the first that does wins.

def _rule_layout_skip(r: _Reading, i: int, line: Line) -> bool:
    """The title's copies and the dateline the layout already read."""
    if i not in r.lay.skip:
        return False
    return r.drop(line.text, "title repeat" if line.key.startswith(r.title_key or "") else "dateline")


def _rule_footer(r: _Reading, i: int, line: Line) -> bool:
    """Past the article's end; a news feed of bare times and headlines or a footer opener ends it."""
    t = line.text
    if r.footer:
        return r.drop(t, "footer")
    if r.body and cues.is_clock(t) and sum(cues.is_clock(ln.text) for ln in r.lines[i:]) >= 2:
        # "17:08 / headline / 15:05 / headline": the site's news feed below the article
        r.footer = True
        return r.drop(t, "footer")
    if cues.is_footer_start(t) and (r.body or cues.is_boilerplate(t)):
        r.footer = True
        return r.drop(t, "footer")
    return False


def _rule_headline_run(r: _Reading, i: int, line: Line) -> bool:
    """Below the text, headlines and nothing else up to the end of the page: the site's list of
    other news (set apart by a double blank line, or five headlines or more) ends the article."""
    if not r.body or r.footer:
        return False
    if r.unpunctuated_tail is None:
        r.unpunctuated_tail = _unpunctuated_tail(r.lines)
    rest = r.lines[i:]
    if i < r.unpunctuated_tail or not (line.gap >= 2 or len(rest) >= 5) or len(rest) < 3:
        return False
    heads = [x for x in rest if headline_like(x)]
    if len(heads) < 3 or sum(cues.words(x.text) for x in heads) < 7 * len(heads):
        return False  # short lines in a row ("For the Republic of Lakes") close a document, not a page
    r.footer = True
    return r.drop(line.text, "footer")


def _unpunctuated_tail(lines: list[Line]) -> int:
    """Where the page's last run of short lines without a closing full stop starts."""
    k = len(lines)
    while k > 0 and cues.words(lines[k - 1].text) <= 30 \
            and not lines[k - 1].text.rstrip().rstrip("\"'”»’").endswith((".", ";", ",")):
        k -= 1
    return k


def _rule_header_fields(r: _Reading, i: int, line: Line) -> bool:
    """"Insider » INTERVIEW | Author: J. Doe |December 15, 2009, Tuesday // 14:50": a header
    line of fields, one of them the page's date."""
    if not r.header or r.published is not None or cues.ends_sentence(line.text):
        return False
    d = _segment_date(line.text)
    if d is None:
        return False
    r.published, r.how = d, "dateline"
    return r.drop(line.text, "byline")


def _rule_navigation(r: _Reading, i: int, line: Line) -> bool:
    return (cues.is_nav(line.text) or cues.is_boilerplate(line.text)) and r.drop(line.text, "navigation")


def _rule_other_script(r: _Reading, i: int, line: Line) -> bool:
    """A line in the other script than the page's: the title's second translation, a widget or a
    source label left in the site's own language."""
    return cues.other_script(line.text, r.shares) and r.drop(line.text, "other language")


def _rule_caption(r: _Reading, i: int, line: Line) -> bool:
    """A photo caption: an image file name or a credited line, or, once the text has begun, a
    short unpunctuated line just above the photo's credit ("© J. Doe/LW"; the caption may be
    printed once with and once without the credit). A standfirst over the photo's credit, right
    under the title, stays."""
    t = line.text
    if cues.is_caption(t) or (r.body and headline_like(line) and cues.words(t) <= 25 and not is_date_line(t)
                              and any(cues.is_photo_credit(x.text) for x in r.lines[i + 1: i + 3])):
        r.article.captions.append(t)
        return True
    return False


def _rule_signature(r: _Reading, i: int, line: Line) -> bool:
    """A press secretary's line and the short lines after it; phone numbers, e-mail addresses."""
    t = line.text
    if cues.is_signer(t) or (r.signature and not cues.is_prose(t)):
        r.signature = True
        r.article.signature.append(t)
        return True
    r.signature = False
    if cues.is_contact(t):
        r.article.signature.append(t)
        return True
    return False


def _rule_credited_caption(r: _Reading, i: int, line: Line) -> bool:
    """A photo caption with its agency credit; in hard-wrapped text its first lines were
    already taken for body."""
    if not cues.has_credit(line.text):
        return False
    parts = [line.text]
    while r.body and r.lay.wrapped and not r.body[-1].rstrip().endswith((".", "!", "?")):
        parts.insert(0, r.body.pop())
        r.body_lines.pop()
    r.article.captions.append(" ".join(parts))
    return True


def _rule_title_repeat(r: _Reading, i: int, line: Line) -> bool:
    """The title again (behind a rubric), or its dated copy cut by the end of an excerpt."""
    lay, title_key = r.lay, r.title_key
    if title_key is None:
        return False
    if _title_again(line.key, title_key) or (i == lay.title + 1 and i == len(r.lines) - 1
                                             and cut_copy(line.key, title_key)):
        return r.drop(line.text, "title repeat")
    return False


def _rule_repeated(r: _Reading, i: int, line: Line) -> bool:
    """A line printed twice in a row: a photo caption, or a paragraph of which one is kept."""
    if not _repeated(r.lines, i):
        return False
    if cues.words(line.text) <= 25:
        r.article.captions.append(line.text)
        return True
    if i > 0 and r.lines[i - 1].key == line.key:
        return r.drop(line.text, "repeat")
    return False


def _rule_source(r: _Reading, i: int, line: Line) -> bool:
    return (cues.is_url(line.text) or cues.is_source_line(line.text)) and r.drop(line.text, "source")


def _rule_date_line(r: _Reading, i: int, line: Line) -> bool:
    """A date line: the page's date in the header, below the title, or at the foot; a teaser's
    date on a page of dated teasers; a year-less one is kept to be completed at the end."""
    t, lines = line.text, r.lines
    if not is_date_line(t):
        return False
    d = date_line(t)
    if d is None and r.published is None and r.yearless is None:
        r.yearless = line
    teaser_date = r.dated_teasers and is_bare_date(t) and i + 1 < len(lines) \
        and lines[i + 1].gap <= 1 and cues.is_prose(lines[i + 1].text)
    if r.published is None and d is not None and not teaser_date \
            and (r.header or not r.body or i > len(lines) - 6):
        r.published, r.how = d, "dateline"
    return r.drop(t, "date")


def _rule_pagination(r: _Reading, i: int, line: Line) -> bool:
    return cues.is_pagination(line.text) and r.drop(line.text, "pagination")


def _rule_credit_line(r: _Reading, i: int, line: Line) -> bool:
    return cues.is_credit_line(line.text) and r.drop(line.text, "credit")


def _rule_header_byline(r: _Reading, i: int, line: Line) -> bool:
    """Bylines, source tags, bare names and rubric labels between the title and the text."""
    t = line.text
    if not r.header or i >= len(r.lines) - 1:
        return False
    if cues.is_byline(t) or cues.is_source_tag(t) or (r.lay.title is not None
                                                        and (cues.is_name_only(t) or cues.is_label(t))):
        return r.drop(t, "byline")
    return False


def _rule_template(r: _Reading, i: int, line: Line) -> bool:
    """In the article zone of several other articles of the site: chrome."""
    return r.model is not None and r.oracle.template(line, r.title_hash) and r.drop(line.text, "template")


def _rule_dated_teaser(r: _Reading, i: int, line: Line) -> bool:
    """No title on this excerpt: "24.04.2024" over a paragraph is a teaser of other news, and a
    paragraph one blank line below it is the teaser's second (a double blank line ends it)."""
    t, lines, article = line.text, r.lines, r.article
    if r.dated_teasers and i > 0 and is_bare_date(lines[i - 1].text) and line.gap <= 1 \
            and cues.is_prose(t):
        article.teasers.append(Teaser(text=t, date=date_line(lines[i - 1].text)))
        r.in_teaser = True
        return True
    if r.in_teaser and line.gap == 1 and cues.is_prose(t) and not r.body \
            and not _named_by_url(t, article.teasers[-1].text, r.page.url):
        article.teasers[-1].text += "\n\n" + t
        return True
    r.in_teaser = False
    return False


def _rule_teaser_elsewhere(r: _Reading, i: int, line: Line) -> bool:
    """On a page without a title, a line the site shows before the title elsewhere is a teaser,
    unless it is this article's lead running into the rest of its text."""
    if r.model is None or r.lay.title is not None or not r.oracle.teaser_elsewhere(line) \
            or _leads_into_body(r.lines, i, r.oracle):
        return False
    r.article.teasers.append(Teaser(text=line.text))
    return True


_LINE_RULES: tuple[Callable[[_Reading, int, Line], bool], ...] = (
    _rule_layout_skip, _rule_footer, _rule_headline_run, _rule_header_fields, _rule_navigation,
    _rule_other_script, _rule_caption, _rule_signature, _rule_credited_caption, _rule_title_repeat,
    _rule_repeated, _rule_source, _rule_date_line, _rule_pagination, _rule_credit_line,
    _rule_header_byline, _rule_template, _rule_dated_teaser, _rule_teaser_elsewhere,
)


def _read_line(r: _Reading, i: int) -> None:
    """One line after the title: the first rule that places it wins; else it is body."""
    line = r.lines[i]
    for rule in _LINE_RULES:
        if rule(r, i, line):
            return
    _body_paragraph(r, i, line)


def _body_paragraph(r: _Reading, i: int, line: Line) -> None:
    """A paragraph of the article, less a date stamp opening the first one; a short headline
    between paragraphs is a link to a related article."""
    t = line.text
    if not r.body:
        ld = leading_date(t)
        if ld is not None:
            if r.published is None:
                r.published, r.how = ld[0], "dateline"
            r.drop(t[: len(t) - len(ld[1])].strip(), "dateline")
            t = ld[1]
    if r.header and cues.is_prose(t) and (cues.ends_sentence(t) or cues.words(t) >= 40):
        r.header = False  # a standfirst without a full stop may still be followed by a byline
    if not r.header and _link_between_paragraphs(r.lines, i, r.body):
        r.drop(t, "related link")
        return
    r.body.append(t)
    r.body_lines.append(i)


def _finish(r: _Reading) -> Article:
    """The body, the date from weaker evidence when no dateline gave it, the metadata title."""
    article, page = r.article, r.page
    _drop_second_copy(r)
    _dated_leads(r)
    article.body = r.body
    published, how = r.published, r.how
    if published is None:
        published, how = _fallback_date(page, r.body, r.yearless)
    if article.title is None and page.meta.get("title"):
        article.title = str(page.meta["title"])
    article.published = published
    article.published_from = how or "none"
    return article


def _drop_second_copy(r: _Reading) -> None:
    """A second copy of the article's text further down the page, with teasers of other news
    between the copies (an excerpt that shows the article's lead over the site's teaser block,
    then the article; or the whole article printed again below its related news): one copy is
    kept, and what stands between the copies is teasers. A lone paragraph repeated at the very
    end, or an agency's standfirst under the title printed again in the text, is left alone
    unless the site shows what stands between as teasers."""
    keys = [cues.norm(t) for t in r.body]
    first: dict[str, int] = {}
    for j, key in enumerate(keys):
        if cues.words(r.body[j]) < 8 or key not in first:
            first.setdefault(key, j)
            continue
        i = first[key]
        n = 1  # how many paragraphs the second copy repeats
        while j + n < len(keys) and i + n < j and keys[j + n] == keys[i + n]:
            n += 1
        between = range(i + n, j)
        if not all(cues.is_prose(r.body[k]) for k in between):
            return
        known = bool(between) and r.model is not None and all(
            r.oracle.teaser_elsewhere(r.lines[r.body_lines[k]]) for k in between)
        standfirst = i == 0 and r.lay.title is not None and n == 1  # under the title, printed again below
        if not (known or n >= 2 or not between or (j + n < len(keys) and not standfirst)):
            return
        for k in range(j, j + n):
            r.drop(r.body[k], "second copy")
        r.article.teasers.extend(Teaser(text=r.body[k]) for k in between)
        gone = set(between) | set(range(j, j + n))
        r.body = [t for k, t in enumerate(r.body) if k not in gone]
        r.body_lines = [x for k, x in enumerate(r.body_lines) if k not in gone]
        return


def _dated_leads(r: _Reading) -> None:
    """On a page without a title, paragraphs that each open with a full date ("28 May 2025, in
    Bishkek, …", "On 27 May 2025, …"), three in a row or all the text there is, are the leads of
    as many news items: a feed of teasers, not an article (whose paragraphs after its lead do not
    open with a date)."""
    if r.lay.title is not None or len(r.body) < 2:
        return
    dated = [_opening_date(t) for t in r.body]
    runs: list[tuple[int, int]] = []
    k = 0
    while k < len(dated):
        if dated[k] is None:
            k += 1
            continue
        j = k
        while j < len(dated) and dated[j] is not None:
            j += 1
        if j - k >= 3 or (k == 0 and j == len(dated)):
            runs.append((k, j))
        k = j
    gone: set[int] = set()
    for k, j in runs:
        r.article.teasers.extend(Teaser(text=r.body[x], date=dated[x]) for x in range(k, j))
        gone.update(range(k, j))
    if gone:
        r.body = [t for x, t in enumerate(r.body) if x not in gone]
        r.body_lines = [x2 for x, x2 in enumerate(r.body_lines) if x not in gone]


def _opening_date(paragraph: str) -> dt.date | None:
    """The full date a paragraph opens with (after "On" at most)."""
    if not any(c.isdigit() for c in paragraph[:8]):
        return None
    found = find_date(paragraph[:40])
    return found[0] if found is not None and found[1] <= 4 else None


def _named_by_url(paragraph: str, teaser: str, url: str | None) -> bool:
    """A paragraph one blank line below a dated teaser is that teaser's second paragraph, unless
    the page's URL names it (and not the teaser): then it is this article's own lead."""
    slug = slug_tokens(url)
    if len(slug) < 3:
        return False
    own = slug_overlap(paragraph, slug)
    return own >= 2 and own > slug_overlap(teaser, slug)


_FIELD_SEP = re.compile(r"\s*(?:\||//|•|»|›)\s*")


def _segment_date(text: str) -> dt.date | None:
    """The date in a header line made of fields ("Section » KIND | Author: J. Doe | December
    15, 2009, Tuesday // 14:50"): one field is a dateline; or a rubric followed by the date
    ("Politics & Diplomacy October 27, 2022, 15:57")."""
    td = trailing_date(text)
    if td is not None and 1 <= cues.words(td[0]) <= 5 and not is_date_line(td[0]):
        return td[1]
    parts = [p for p in _FIELD_SEP.split(text) if p.strip()]
    if len(parts) < 2 or cues.words(text) > 25:
        return None
    dates = {d for d in (date_line(p) for p in parts) if d is not None}
    return dates.pop() if len(dates) == 1 else None


def _title_again(key: str, title_key: str) -> bool:
    """The title printed again under it, as is, behind a short rubric ("North Basin: Title"), or without
    the rubric or breadcrumb the title line carries ("Home Global Affairs Title" over "Title")."""
    return key == title_key or _behind_rubric(title_key, key) or _behind_rubric(key, title_key)


def _behind_rubric(key: str, longer: str) -> bool:
    """Is ``longer`` the line ``key`` behind a few words of rubric or breadcrumb?"""
    return len(key) >= 20 and longer.endswith(" " + key) and len(longer.split()) - len(key.split()) <= 3


def _title_at_the_end(lines: list[Line]) -> bool:
    """The last line of a page of dated teasers is a headline set apart from them by a double
    blank line (a teaser's own second paragraph is one blank line below it)."""
    last = lines[-1]
    return len(lines) >= 3 and last.gap >= 2 and headline_like(last) and cues.words(last.text) <= 30 \
        and not is_date_line(lines[-2].text)


def _date_hinge(lines: list[Line]) -> int | None:
    """On a page without a title, the one bare date line ("21.05.2020") that stands between
    prose above it and the prose it heads: the article's dateline, below the teasers. A date
    at the foot heads nothing; several such dates are a list of dated teasers."""
    found = [i for i, line in enumerate(lines[:MAX_TITLE_LINE]) if is_bare_date(line.text)]
    if len(found) != 1:
        return None
    i = found[0]
    if i == 0 or i + 1 >= len(lines) or lines[i + 1].gap > 1 or not cues.is_prose(lines[i + 1].text):
        return None
    return i if any(cues.is_prose(line.text) for line in lines[:i]) else None


def _header_date(before: list[Line]) -> dt.date | None:
    """A page header above the title with no teasers in it ("date 2018-11-05 News", "ID : 354199
    / Thu, 01/15/2015 - 10:34 / Author :"): its one date is the page's. A header that holds prose
    is a teaser zone, whose dates belong to the teasers."""
    if not before or len(before) > 8 or any(cues.is_prose(line.text) for line in before):
        return None
    dates = {d for d in (date_line(line.text) for line in before) if d is not None}
    return dates.pop() if len(dates) == 1 else None


def _prefer_meta_title(lay: Layout, page: Page) -> None:
    """HTML metadata names the title (trafilatura's ``title``): when a line of the text is that
    title, it beats the weaker headline cues (a menu or a subheading may look like a title)."""
    meta_title = page.meta.get("title") if page.meta else None
    if not meta_title or lay.how in ("title+date", "before-date"):
        return
    key = cues.norm(str(meta_title))
    for i, line in enumerate(lay.lines[:MAX_TITLE_LINE]):
        if line.key == key:
            if lay.title != i:
                lay.title, lay.how, lay.title_text, lay.dateline = i, "meta", line.text, None
                lay.skip = set()
                d = date_line(lay.lines[i + 1].text) if i + 1 < len(lay.lines) else None
                if d:
                    lay.dateline = d
                    lay.skip.add(i + 1)
            return


def _fallback_date(page: Page, body: list[str], yearless: Line | None) -> tuple[dt.date | None, str]:
    """The publication date when no dateline gave it, from the weakest evidence that is still
    the page's own: a year-less dateline (a date line, or the agency dateline that opens the
    lead, "MOSCOW, March 3. /TASS/.") completed with the page's stamp or else the article's
    year, the HTML metadata, a date in the URL, the lead's opening date. Never the crawl date."""
    text = "\n".join(body)
    dateline = yearless.text if yearless is not None else None
    if dateline is None:
        for paragraph in body[:5]:  # an agency's standfirst and a caption may stand above its dateline
            found = agency_dateline(paragraph)
            if found is not None:
                if found[1] is not None:
                    return found[1], "dateline"
                dateline = found[0]
                break
    stamp = _meta_date(page) or url_date(page.url)
    if dateline is not None and stamp:
        # the page's own stamp of (nearly) the same day gives the year-less dateline its year
        near = nearest_yearless(dateline, stamp)
        if near is not None:
            return near, "dateline"
    year = likely_year(text)
    if dateline is not None and (url_year(page.url) or year):
        found = find_yearless(dateline, url_year(page.url) or year)
        if found:
            # the text may print the same day with its year ("on December 21, 2015"): that year
            same = same_day_year(text, found[0])
            return (found[0].replace(year=same) if same else found[0]), "dateline"
    meta = _meta_date(page)
    if meta:
        return meta, "meta"
    # the site's own stamp in the URL beats the lead's date, which is the event's
    url = url_date(page.url)
    if url:
        return url, "url"
    if body:
        d = lead_date(body[0], year)
        if d:
            return d, "lead"
    return None, ""


def _link_between_paragraphs(lines: list[Line], i: int, body: list[str]) -> bool:
    """A short headline set apart by double blank lines in a body whose paragraphs are one
    blank line apart: a link to a related article ("Wardens to meet in Lakeport next week")."""
    line = lines[i]
    if not body or i + 1 >= len(lines) or cues.is_prose(line.text) or cues.ends_sentence(line.text):
        return False
    if cues.words(line.text) < 3 or line.gap < 2 or lines[i + 1].gap < 2:
        return False
    gaps = [ln.gap for ln in lines[max(0, i - 4): i + 5] if ln is not line and ln is not lines[i + 1]]
    return bool(gaps) and sorted(gaps)[len(gaps) // 2] <= 1


def _leads_into_body(lines: list[Line], i: int, oracle: _Oracle) -> bool:
    """On an excerpt that lost its title, the article's lead (a teaser on other pages) runs
    straight into the rest of its article; a teaser stands apart.

    The rest of the article is known as such when the model saw this article elsewhere
    (both lines share a home). Otherwise it is prose the site never showed elsewhere, and
    the line leads into it only if it does not continue the site's teaser block: where
    the block went on to this line on other pages, or ended with it, the title stood, and
    this page's own text starts after it (the last teaser of a block runs into the title
    as straight as a lead into its body)."""
    j = i + 1
    if j >= len(lines) or lines[j].gap > 1:
        return False
    nxt = lines[j]
    if not cues.is_prose(nxt.text) or is_date_line(nxt.text):
        return False
    if oracle.same_home(lines[i], nxt):
        return True
    if oracle.teaser_elsewhere(nxt) or oracle.in_teaser_run(lines[i - 1] if i else None, lines[i]):
        return False
    return True


def _repeated(lines: list[Line], i: int) -> bool:
    """The same line twice in a row inside the article: a photo caption printed twice."""
    key = lines[i].key
    return cues.words(lines[i].text) >= 3 and (
        (i + 1 < len(lines) and lines[i + 1].key == key) or (i > 0 and lines[i - 1].key == key))


def clean_batch(pages: list[Page], model_for: Callable[[str], SiteModel] | None = None) -> list[Article]:
    """Learn a model per site from the whole batch (on top of ``model_for(site)`` when given,
    which is updated in place), then segment every page with its site's model."""
    models: dict[str, SiteModel] = {}
    for page in pages:
        model = models.get(page.site)
        if model is None:
            model = models[page.site] = model_for(page.site) if model_for else SiteModel(page.site)
        model.observe(page)
    return [segment(page, models[page.site]) for page in pages]
