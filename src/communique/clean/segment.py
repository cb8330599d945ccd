"""From a page to its own article: title, publication date, body, signature, captions, teasers.

``segment`` reads one page with the help of its site's model (optional: without one it
relies on structural cues alone); ``clean_batch`` learns the models from a batch of pages
first. See docs/boilerplate.md for the reasoning.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from communique.clean import cues
from communique.clean.datelines import (
    DATE_PATTERNS,
    date_line,
    find_date,
    find_yearless,
    is_bare_date,
    is_date_line,
    lead_date,
    leading_date,
    trailing_date,
    years_in,
)
from communique.clean.layout import (
    MAX_TITLE_LINE,
    Layout,
    Line,
    find_layout,
    headline_like,
    looks_like_listing,
    paired,
)
from communique.clean.site_model import TITLE_MARK, SiteModel, is_root, line_hash, teaser_pairs
from communique.document import Article, Page, Teaser

# "/2019/04/29/", or an ISO date in the slug ("...-in-ashgabat-2024-05-13-41333")
_URL_DATE = re.compile(r"[/_-]((?:19|20)\d\d)(?:/(\d{1,2})/|-(\d{1,2})-)(\d{1,2})(?:/|$|[-_.])"
                       # "/20190429/533861.html": a compact date as a whole path segment
                       r"|/((?:19|20)\d\d)(\d\d)(\d\d)(?:/|$|[-_.])")


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
    their headlines) and menu lines."""
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
            flush()
            date = d
            article.dropped.append((t, "teaser date"))
            continue
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        if headline_like(line) and nxt is not None and nxt.gap <= 1 and cues.is_prose(nxt.text) \
                and not headline_like(nxt):
            flush()
            title = t  # a listing's headline over its lead
            continue
        if not cues.is_prose(t):
            flush()
            article.dropped.append((t, "navigation" if cues.is_nav(t) else "header"))
            continue
        if current and (not split_on_gap or line.gap >= 2):
            flush()
        current.append(t)
    flush()


def _url_date(url: str | None) -> dt.date | None:
    if not url:
        return None
    for m in _URL_DATE.finditer(url):
        y, mo, d = (m.group(1), m.group(2) or m.group(3), m.group(4)) if m.group(1) else m.group(5, 6, 7)
        try:
            return dt.date(int(y), int(mo), int(d))
        except ValueError:
            continue
    return None


def _meta_date(page: Page) -> dt.date | None:
    value = page.meta.get("date") if page.meta else None
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def segment(page: Page, model: SiteModel | None = None) -> Article:
    """Split a page into its own article and the rest; see the module docstring."""
    article = Article(page=page)
    structural = find_layout(page.text)
    oracle = _Oracle(model, page, structural)
    lay = find_layout(page.text, oracle.foreign) if model is not None else structural
    lines = lay.lines
    _prefer_meta_title(lay, page)

    listing = model.is_listing(page.url) if model is not None else is_root(page.url)
    if not listing and lay.how in ("headline", "first-line", "none"):
        listing = looks_like_listing(lay)
    if listing:
        # A section or index page: every paragraph announces an article that lives elsewhere.
        if paired(lines):
            # headline over lead, line by line, even where a lead looks like a headline
            for head, lead in zip(lines[0::2], lines[1::2], strict=False):
                article.teasers.append(Teaser(text=lead.text, date=None, title=head.text))
            if len(lines) % 2:
                article.dropped.append((lines[-1].text, "header"))
        else:
            _teasers(lines, article)
        article.published_from = "none"
        return article

    title_hash = None
    if lay.title is not None:
        article.title = lay.title_text
        title_hash = line_hash(lines[lay.title].key)
        _teasers(lines[: lay.title], article)
        start = lay.title + 1
    else:
        start = 0
    published, how = lay.dateline, "dateline" if lay.dateline else ""
    if published is None and lay.title is not None:
        published = _header_date(lines[: lay.title])
        how = "dateline" if published else ""
    yearless: Line | None = None

    body: list[str] = []
    header = True  # between the title and the first prose paragraph
    in_teaser = False  # inside a dated teaser on an excerpt without title
    # Without a title, "24.04.2024" over a paragraph, again and again, is a list of dated
    # teasers; a single date over the text is the article's own date.
    dated_teasers = lay.title is None and sum(
        1 for a, b in zip(lines, lines[1:], strict=False)
        if is_bare_date(a.text) and b.gap <= 1 and cues.is_prose(b.text)) >= 2
    if dated_teasers and _title_at_the_end(lines):
        # an excerpt that stops right after the title, below the teasers: no body, but the title
        article.title = lines[-1].text
        _teasers(lines[:-1], article)
        article.published_from = "none"
        return article
    if lay.title is None and not dated_teasers:
        hinge = _date_hinge(lines)
        if hinge is not None:
            # an excerpt that lost its title: what stands above the article's own date is
            # the teaser zone, as above a title
            _teasers(lines[:hinge], article)
            published, how = date_line(lines[hinge].text), "dateline"
            article.dropped.append((lines[hinge].text, "dateline"))
            start = hinge + 1
    footer = False
    signature = False
    for i in range(start, len(lines)):
        line = lines[i]
        t = line.text
        if i in lay.skip:
            title_key = lines[lay.title].key if lay.title is not None else ""
            article.dropped.append((t, "title repeat" if line.key.startswith(title_key) else "dateline"))
            continue
        if footer:
            article.dropped.append((t, "footer"))
            continue
        if body and cues.is_clock(t) and sum(cues.is_clock(ln.text) for ln in lines[i:]) >= 2:
            # "17:08 / headline / 15:05 / headline": the site's news feed below the article
            footer = True
            article.dropped.append((t, "footer"))
            continue
        if cues.is_footer_start(t) and (body or cues.is_boilerplate(t)):
            footer = True
            article.dropped.append((t, "footer"))
            continue
        if header and published is None and not cues.ends_sentence(t):
            d = _segment_date(t)
            if d is not None:
                # "Insider » INTERVIEW | Author: J. Doe |December 15, 2009, Tuesday // 14:50"
                published, how = d, "dateline"
                article.dropped.append((t, "byline"))
                continue
        if cues.is_nav(t) or cues.is_boilerplate(t):
            article.dropped.append((t, "navigation"))
            continue
        if cues.is_caption(t):
            article.captions.append(t)
            continue
        if cues.is_signer(t) or (signature and not cues.is_prose(t)):
            signature = True
            article.signature.append(t)
            continue
        signature = False
        if cues.is_contact(t):
            article.signature.append(t)
            continue
        if cues.has_credit(t):
            # A photo caption with its agency credit; in hard-wrapped text its first lines
            # were already taken for body.
            parts = [t]
            while body and lay.wrapped and not body[-1].rstrip().endswith((".", "!", "?")):
                parts.insert(0, body.pop())
            article.captions.append(" ".join(parts))
            continue
        if lay.title is not None and (_title_again(line.key, lines[lay.title].key)
                                      or (i == lay.title + 1 and i == len(lines) - 1
                                          and _title_cut(line.key, lines[lay.title].key))):
            article.dropped.append((t, "title repeat"))
            continue
        if _repeated(lines, i):
            if cues.words(t) <= 25:
                article.captions.append(t)  # a photo caption printed twice
                continue
            if i > 0 and lines[i - 1].key == line.key:
                article.dropped.append((t, "repeat"))  # a paragraph printed twice: keep one
                continue
        if cues.is_url(t) or cues.is_source_line(t):
            article.dropped.append((t, "source"))
            continue
        if is_date_line(t):
            d = date_line(t)
            if d is None and published is None and yearless is None:
                yearless = line
            teaser_date = dated_teasers and is_bare_date(t) and i + 1 < len(lines) \
                and lines[i + 1].gap <= 1 and cues.is_prose(lines[i + 1].text)
            if published is None and d is not None and not teaser_date \
                    and (header or not body or i > len(lines) - 6):
                published, how = d, "dateline"
            article.dropped.append((t, "date"))
            continue
        if cues.is_pagination(t):
            article.dropped.append((t, "pagination"))
            continue
        if cues.is_credit_line(t):
            article.dropped.append((t, "credit"))
            continue
        if header and i < len(lines) - 1 and (cues.is_byline(t) or cues.is_source_tag(t)
                                              or (lay.title is not None
                                                  and (cues.is_name_only(t) or cues.is_label(t)))):
            article.dropped.append((t, "byline"))
            continue
        if model is not None and oracle.template(line, title_hash):
            article.dropped.append((t, "template"))
            continue
        if dated_teasers and i > 0 and is_bare_date(lines[i - 1].text) and line.gap <= 1 \
                and cues.is_prose(t):
            # no title on this excerpt: "24.04.2024" over a paragraph is a teaser of other news
            article.teasers.append(Teaser(text=t, date=date_line(lines[i - 1].text)))
            in_teaser = True
            continue
        if in_teaser and line.gap == 1 and cues.is_prose(t) and not body \
                and not _named_by_url(t, article.teasers[-1].text, page.url):
            # the second paragraph of that teaser (a double blank line would end it)
            article.teasers[-1].text += "\n\n" + t
            continue
        in_teaser = False
        if model is not None and lay.title is None and oracle.teaser_elsewhere(line) \
                and not _leads_into_body(lines, i, oracle):
            article.teasers.append(Teaser(text=t))
            continue
        if not body:
            ld = leading_date(t)
            if ld is not None:
                if published is None:
                    published, how = ld[0], "dateline"
                article.dropped.append((t[: len(t) - len(ld[1])].strip(), "dateline"))
                t = ld[1]
        if header and cues.is_prose(t) and (cues.ends_sentence(t) or cues.words(t) >= 40):
            header = False  # a standfirst without a full stop may still be followed by a byline
        if not header and _link_between_paragraphs(lines, i, body):
            article.dropped.append((t, "related link"))
            continue
        body.append(t)

    article.body = body
    if published is None:
        published, how = _fallback_date(page, body, yearless)
    if article.title is None and page.meta.get("title"):
        article.title = str(page.meta["title"])
    article.published = published
    article.published_from = how or "none"
    return article


_SLUG_SPLIT = re.compile(r"[-_/.,+%\s]+")
_DIGITS = re.compile(r"\d+")


def _slug_tokens(url: str | None) -> set[str]:
    """The words of a URL's last path segment ("…/putin-meets-wardens-333-mulino/"): most news
    sites name the article in its URL, even when the excerpt lost the title."""
    if not url:
        return set()
    path = url.split("?", 1)[0].rstrip("/")
    slug = path.rsplit("/", 1)[-1].lower()
    return {w for w in _SLUG_SPLIT.split(slug)
            if (len(w) >= 4 and not w.isdigit()) or (w.isdigit() and len(w) <= 4)}


def _slug_overlap(text: str, slug: set[str]) -> int:
    words = set(cues.norm(text).split()) | set(_DIGITS.findall(text))
    return len(slug & words)


def _named_by_url(paragraph: str, teaser: str, url: str | None) -> bool:
    """A paragraph one blank line below a dated teaser is that teaser's second paragraph, unless
    the page's URL names it (and not the teaser): then it is this article's own lead."""
    slug = _slug_tokens(url)
    if len(slug) < 3:
        return False
    own = _slug_overlap(paragraph, slug)
    return own >= 2 and own > _slug_overlap(teaser, slug)


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
    """The title printed again under it, as is or behind a short rubric ("North Basin: Title")."""
    if key == title_key:
        return True
    return len(title_key) >= 20 and key.endswith(" " + title_key) \
        and len(key.split()) - len(title_key.split()) <= 3


def _title_at_the_end(lines: list[Line]) -> bool:
    """The last line of a page of dated teasers is a headline set apart from them by a double
    blank line (a teaser's own second paragraph is one blank line below it)."""
    last = lines[-1]
    return len(lines) >= 3 and last.gap >= 2 and headline_like(last) and cues.words(last.text) <= 30 \
        and not is_date_line(lines[-2].text)


def _title_cut(key: str, title_key: str) -> bool:
    """The title's copy (the one that carries the date) cut short by the end of an excerpt."""
    return len(key.split()) >= 3 and len(key) < len(title_key) and title_key.startswith(key)


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


# A year that closes a period is a plan's horizon ("until 2035", "for 2025-2027"), not the article's year.
_HORIZON_YEAR = re.compile(r"(?:\b(?:until|till|up\s+to|through|by|to)\s+|[-–—]\s*)((?:19|20)\d\d)\b", re.IGNORECASE)


def _likely_year(text: str) -> int | None:
    """The year the article talks about most (the latest on a tie), leaving out plan horizons."""
    horizons = [int(y) for y in _HORIZON_YEAR.findall(text)]
    years = years_in(text)
    for y in horizons:
        if y in years:
            years.remove(y)
    return max(set(years), key=lambda y: (years.count(y), y)) if years else None


def _same_day_year(text: str, day: dt.date) -> int | None:
    """The year of a full date in ``text`` that falls on the same day and month as ``day``."""
    years = []
    for pat in DATE_PATTERNS:
        for m in pat.finditer(text):
            d = find_date(m.group(0))
            if d is not None and (d[0].month, d[0].day) == (day.month, day.day):
                years.append(d[0].year)
    return max(set(years), key=years.count) if years else None


def _fallback_date(page: Page, body: list[str], yearless: Line | None) -> tuple[dt.date | None, str]:
    """The publication date when no dateline gave it, from the weakest evidence that is still
    the page's own: a year-less dateline completed with the article's year, the HTML
    metadata, a date in the URL, the lead's opening date. Never the crawl date."""
    text = "\n".join(body)
    year = _likely_year(text)
    stamp = _meta_date(page) or _url_date(page.url)
    if yearless is not None and stamp:
        # the page's own stamp of the same day gives the year-less dateline its year
        found = find_yearless(yearless.text, stamp.year)
        if found and found[0] == stamp:
            return stamp, "dateline"
    if yearless is not None and year:
        found = find_yearless(yearless.text, year)
        if found:
            # the text may print the same day with its year ("on December 21, 2015"): that year
            same = _same_day_year(text, found[0])
            return (found[0].replace(year=same) if same else found[0]), "dateline"
    meta = _meta_date(page)
    if meta:
        return meta, "meta"
    # the site's own stamp in the URL beats the lead's date, which is the event's
    url = _url_date(page.url)
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
