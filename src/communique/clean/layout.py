"""Where the article sits on a page: its lines, and which of them is the title.

A news page is [header and teasers of other news] [title] [dateline, bylines] [body]
[signature, navigation, footer]. The title is the hinge: what comes before it is not the
article, what comes after it is, minus signature and chrome. It is found from structural
cues, strongest first:

1. the title repeated with the date: ``Title`` then ``Title 06.03.2023``;
2. a short title followed by a dateline (``Published May 4, 2016``, ``02.06.2018``)
   but not preceded by one: ``24.04.2024`` *before* a paragraph marks a teaser;
3. the first headline-like line (no closing full stop, 3-50 words) followed by prose, not
   known from other pages of the site as a teaser or template;
4. the title repeated as is, with a blank line between the copies;
5. a line not known as a teaser that a double blank line sets apart from the prose after
   it, preferring the one after which the text runs to the footer without another.

Cues 2-5 take a ``foreign`` predicate from the site model (communique.clean.segment).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from communique.clean import cues
from communique.clean.datelines import agency_dateline, date_line, find_date, is_date_line, trailing_date
from communique.document import Page

MAX_TITLE_LINE = 400  # lines searched for the title


@dataclass
class Line:
    text: str  # stripped
    gap: int  # blank lines before it
    key: str  # cues.norm(text)


@dataclass
class Layout:
    lines: list[Line]
    title: int | None = None  # index into lines
    title_text: str | None = None
    how: str = "none"  # title+date | before-date | headline | repeated | first-line | meta | none
    dateline: dt.date | None = None
    skip: set[int] = field(default_factory=set)  # title repeats and the dateline right after the title
    wrapped: bool = False  # hard-wrapped text: lines are not paragraphs


# "date 2018-04-06 Lakeport hosts ...": a labelled date stamp glued to the first line.
_STAMP = re.compile(r"^((?:date|posted|published|updated)\s*:?\s+(?:19|20)\d\d-\d\d-\d\d(?:\s+\d\d?:\d\d)?)"
                    r"\s+(\S*[^\W\d_].*)$", re.IGNORECASE)

# An image file name or a teaser date glued to the paragraph after it by the text extraction:
# "IMG-20180405-WA0077.jpgThe spring meeting ...", "14.01.2025On 14 January 2025, ...".
_GLUED = re.compile(
    r"^(.{1,150}?\.(?:jpe?g|png|gif|webp)|\d{1,2}\.\d{1,2}\.(?:19|20)\d\d)([A-ZА-ЯЁ\"“«].{20,})$",
    re.IGNORECASE)


_CUT_DATE = re.compile(r"^\d{1,2}\.(\d{1,2}(\.\d{0,4})?)?$")


def split_lines(text: str) -> list[Line]:
    out: list[Line] = []
    gap = 0
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        s = " ".join(raw.split())
        if not s:
            gap += 1
            continue
        m = _STAMP.match(s) or _GLUED.match(s)
        if m:
            out.append(Line(m.group(1), gap, cues.norm(m.group(1))))
            s, gap = m.group(2), 0
        out.append(Line(s, gap, cues.norm(s)))
        gap = 0
    return out


# "ASTANA. KAZINFORM On February 25, ...", "MOSCOW (Xinhua) — The ...", "ASTANA – The ...": a place
# in capitals and the agency or a dash, without a date.
_AGENCY_OPENING = re.compile(r"^[A-ZА-ЯЁ]{3,}(?:[ -][A-ZА-ЯЁ]{2,})*(?:,\s*[A-Z][a-z]+)?[,.]?\s+"
                             r"(?:\([^)]{2,40}\)\s*[-–—:]|/[^/]{2,30}/|[A-ZА-ЯЁ]{3,}[\w-]*\b\s*[-–—:]?|[-–—]\s)")


def opens_text(text: str) -> bool:
    """A paragraph that opens an article's text with an agency's dateline ("MOSCOW, March 3.
    /TASS/. …", "ASTANA. KAZINFORM On …", "LAKEPORT (LW) — …"): the title stands above it."""
    return cues.is_prose(text) and (agency_dateline(text) is not None or bool(_AGENCY_OPENING.match(text)))


def _is_wrapped(lines: list[Line]) -> bool:
    """Text hard-wrapped at a fixed width (old wire copy): many lines run on into a next line
    that starts in lower case; such lines are not paragraphs and never headlines."""
    if len(lines) < 6:
        return False
    runs = sum(
        1 for a, b in zip(lines, lines[1:], strict=False)
        if b.gap == 0 and not cues.ends_sentence(a.text) and cues.starts_lower(b.text)
    )
    return runs >= max(3, len(lines) // 5)


_SENTENCE_BREAK = re.compile(r"[.!?]\s+[\"“«A-ZА-ЯЁ]")


def _alpha_words(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalpha() for c in w))


def headline_like(line: Line) -> bool:
    """3-50 words, no closing full stop, not a date, caption, contact, byline or menu item."""
    return _headline_text(line.text)


@lru_cache(maxsize=65536)
def _headline_text(text: str) -> bool:
    if len(text) > 400:
        return False
    n = cues.words(text)
    if not 3 <= n <= 50 or _alpha_words(text) < 3:
        return False
    if n > 25 and _SENTENCE_BREAK.search(text):
        return False  # a paragraph of several sentences that lost its full stop
    if cues.starts_lower(text) or cues.ends_sentence(text):
        return False
    if is_date_line(text) or cues.is_nav(text) or cues.is_boilerplate(text) or "©" in text:
        return False  # a © line is the site's imprint, not a headline
    if cues.is_caption(text) or cues.has_credit(text) or cues.is_contact(text) or cues.is_signer(text) \
            or cues.is_byline(text) or cues.is_source_line(text) or cues.is_url(text):
        return False
    return not cues.is_pagination(text)


def _page_title_line(lines: list[Line], i: int) -> int:
    """"Wardens meet in Lakeport / News / Lakewire" (the browser title: headline, section,
    site) over "Wardens meet in Lakeport": the headline's own line is the title."""
    text = lines[i].text
    for j in range(i + 1, min(len(lines), i + 4)):
        t = lines[j].text
        if len(t) < len(text) and text.startswith(t) and text[len(t):].lstrip().startswith(("/", "|")) \
                and headline_like(lines[j]):
            return j
    return i


def _rubric(lines: list[Line], i: int) -> bool:
    """"Politics & Diplomacy / Wardens to hold a joint drill on the lake": a rubric or site
    name of a few words right over a longer headline is not the title."""
    if i + 1 >= len(lines) or cues.words(lines[i].text) > 4:
        return False
    nxt = lines[i + 1]
    return nxt.gap <= 1 and nxt.key != lines[i].key and headline_like(nxt) and cues.words(nxt.text) >= 6 \
        and not cues.ends_sentence(nxt.text)


def _masthead(lines: list[Line], i: int) -> bool:
    """"The Commonwealth of Lakes / Warden Centre / Title / text": a site name run on over two
    lines with no blank between them (or over a year-less date, "10 October"), above a
    headline that runs into the text."""
    if i + 3 >= len(lines):
        return False
    nxt, head, after = lines[i + 1], lines[i + 2], lines[i + 3]
    return nxt.gap == 0 and head.gap >= 1 and cues.words(nxt.text) <= 4 and not cues.is_prose(nxt.text) \
        and (not is_date_line(nxt.text) or find_date(nxt.text) is None) and not cues.is_byline(nxt.text) \
        and headline_like(head) and (cues.is_prose(after.text) or _followed_by_prose(lines, i + 3))


def _yearless_header(lines: list[Line], i: int) -> bool:
    """"Monday / December 19 / Title": a year-less date in a page header with no prose above
    it heads the page's own title (teasers' dates carry their year)."""
    return find_date(lines[i - 1].text) is None and not any(cues.is_prose(x.text) for x in lines[:i])


def _next(lines: list[Line], i: int) -> int | None:
    return i + 1 if i + 1 < len(lines) else None


def _prev_is_date(lines: list[Line], i: int) -> bool:
    return i > 0 and is_date_line(lines[i - 1].text)


def _followed_by_prose(lines: list[Line], i: int) -> bool:
    for j in range(i + 1, min(len(lines), i + 6)):
        t = lines[j].text
        if cues.is_prose(t) or (j == len(lines) - 1 and _cut_short(t)):
            return True  # the last line of an excerpt may be cut short
        if cues.is_boilerplate(t):
            return False
    return False


@dataclass
class _Search:
    """The search for the title: the page's lines and what rules a line out as its title."""

    lay: Layout
    n: int  # lines searched
    foreign: Callable[[Line], bool]  # known from the site model as a teaser or template
    named: Callable[[Line], float] | None  # how much of the article's name in its URL a line gives (0-1)

    opened_at: int | None = None  # the first line that opens the article's text with its dateline

    def __post_init__(self) -> None:
        self.opened_at = next((k for k, line in enumerate(self.lay.lines[: self.n])
                               if opens_text(line.text) and not self.foreign(line)), None)

    def can_title(self, i: int) -> bool:
        """A headline can stand here: not a known teaser, not refused by the page's URL, and not
        below the paragraph that opens the article's text with its dateline (a subheading or a
        paragraph that lost its full stop stands there)."""
        line = self.lay.lines[i]
        if self.opened_at is not None and self.opened_at < i:
            return False
        return not self.foreign(line) and (self.named is None or self.named(line) >= SLUG_SUPPORT)


def find_layout(text: str, foreign: Callable[[Line], bool] | None = None,
                named: Callable[[Line], float] | None = None) -> Layout:
    """Locate the title (and the dateline next to it). ``foreign(line)`` tells, from the site
    model, that a line is known as a teaser or template elsewhere on the site; ``named(line)``
    how much of the name the page's URL gives the article the line holds (see
    ``url_title_support``). The cues are tried strongest first (see the module docstring); the
    first that finds a title wins."""
    lines = split_lines(text)
    lay = Layout(lines=lines, wrapped=_is_wrapped(lines))
    # The title is near the top; bounding the search keeps a pathological page linear and cheap.
    search = _Search(lay, min(len(lines), MAX_TITLE_LINE), foreign or (lambda _line: False), named)
    for cue in _TITLE_CUES:
        if cue(search):
            break
    if lay.title is not None:
        lay.title_text = lines[lay.title].text
    return lay


def page_layout(page: Page, foreign: Callable[[Line], bool] | None = None) -> Layout:
    """The layout of a page, its URL's words (when they name the article) ruling out titles."""
    return find_layout(page.text, foreign, url_title_support(page.url, page.text))


_SLUG_SPLIT = re.compile(r"[-_/.,+%\s]+")
_DIGITS = re.compile(r"\d+")
_FILE_TYPES = {"html", "shtml", "htm", "php", "aspx", "amp"}
# Function words long enough to pass as slug words; a title is known by its content words.
_FUNCTION_WORDS = {"with", "from", "that", "this", "will", "have", "been", "were", "their", "they", "after",
                   "over", "into", "about", "than", "more", "also", "what", "when", "where", "which",
                   "while", "under"}


def slug_tokens(url: str | None) -> set[str]:
    """The words of a URL's last path segment ("…/putin-meets-wardens-333-mulino/"): most news
    sites name the article in its URL, even when the excerpt lost the title."""
    if not url:
        return set()
    path = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    slug = path.rsplit("/", 1)[-1].lower()
    return {w for w in _SLUG_SPLIT.split(slug)
            if ((len(w) >= 4 and w.isalpha()) or (w.isdigit() and len(w) <= 4))  # "a2874874" is an id
            and w not in _FILE_TYPES and w not in _FUNCTION_WORDS}


def slug_overlap(text: str, slug: set[str]) -> int:
    words = set(cues.norm(text).split()) | set(_DIGITS.findall(text))
    return len(slug & words)


# A title shares at least this share of the words of a URL that speaks the page's language.
SLUG_SUPPORT = 0.4


@lru_cache(maxsize=64)  # a page is segmented right after its structural layout: the same question twice
def _speaking_slug(url: str | None, text: str) -> frozenset[str] | None:
    """The words of the URL's slug when it speaks the page's language (see url_title_support)."""
    slug = slug_tokens(url)
    if len(slug) < 3:
        return None
    head = text[:6000].lower()  # the title and the lead are near the top
    return frozenset(slug) if sum(w in head for w in slug) >= 0.5 * len(slug) else None


def url_title_support(url: str | None, text: str) -> Callable[[Line], float] | None:
    """When the URL's last segment names the article in the page's own words (half its words or
    more occur on the page; a transliterated slug does not), the share of them a line holds:
    the title holds a good part of them (``SLUG_SUPPORT`` or more), a subheading, a banner or a
    body line without a full stop few. None when the URL tells nothing (a number, a
    transliteration, a short path)."""
    slug = _speaking_slug(url, text)
    if slug is None:
        return None
    shares: dict[str, float] = {}

    def share(line: Line) -> float:
        if line.text not in shares:
            shares[line.text] = slug_overlap(line.text, set(slug)) / len(slug)
        return shares[line.text]

    return share


def _cue_title_and_date(s: _Search) -> bool:
    """1: the title repeated with the date (a navigation line may stand between the copies); at
    the end of an excerpt, the copy may be cut inside its date ("Title 20.0") or inside the
    title itself ("Tit")."""
    lay, n = s.lay, s.n
    lines = lay.lines
    for i in range(n - 1):
        a = lines[i]
        if cues.words(a.text) < 2 or cues.is_nav(a.text) or is_date_line(a.text):
            continue
        j = i + 1
        while j < n - 1 and j - i <= 2 and cues.is_nav(lines[j].text):
            j += 1
        td = trailing_date(lines[j].text)
        if td and td[0] and cues.norm(td[0]) == a.key:
            lay.title, lay.how, lay.dateline = i, "title+date", td[1]
            lay.skip.update(range(i + 1, j + 1))
            return True
        if j == len(lines) - 1 and cut_copy(lines[j].key, a.key) and _short_title(a):
            lay.title, lay.how = i, "title+date"
            lay.skip.update(range(i + 1, j + 1))
            return True
    return False


_CUT_TAIL = re.compile(r"^ \d{1,2}(?: \d{0,2}(?: \d{0,4})?)?$")


def cut_copy(key: str, title_key: str) -> bool:
    """A line (its key, ``cues.norm``) is the title's copy cut by the end of an excerpt: inside
    the date that follows the title ("Title 20.0", "Title 2") or inside the title itself ("The
    wardens of the fi")."""
    if len(key) > len(title_key) and key.startswith(title_key):
        return bool(_CUT_TAIL.match(key[len(title_key):]))
    return len(key.split()) >= 3 and len(key) < len(title_key) and title_key.startswith(key)


def _cue_before_date(s: _Search) -> bool:
    """2: a headline followed by a dateline (not a teaser: its date would come first); a
    one-line standfirst may stand between a short headline and its dateline."""
    lay, n = s.lay, s.n
    lines = lay.lines
    for i in range(n - 1):
        a = lines[i]
        if not _short_title(a) or _prev_is_date(lines, i) or _rubric(lines, i) or not s.can_title(i):
            continue
        ahead = [i + 1]
        if headline_like(a) and cues.words(a.text) <= 15 and i + 2 < n \
                and not is_date_line(lines[i + 1].text):
            ahead.append(i + 2)
        for j in ahead:
            d = date_line(lines[j].text)
            cut = d is None and _CUT_DATE.match(lines[j].text)
            if j == len(lines) - 1 and ((d and headline_like(a)) or (cut and _heads_cut_date(s, i))):
                # an excerpt that ends right after the title and (part of) its dateline
                lay.title, lay.how, lay.dateline = i, "before-date", d
                lay.skip.add(j)
                return True
            if d and _followed_by_prose(lines, j):
                lay.title, lay.how, lay.dateline = i, "before-date", d
                lay.skip.add(j)
                return True
    return False


def _heads_cut_date(s: _Search, i: int) -> bool:
    """Line ``i`` stands over a date cut by the end of an excerpt ("01.03."), as a title over its
    dateline: a headline, or a title of sentences set apart from what is above it (teasers a
    blank line or two apart, known to the site, or undated) rather than the last paragraph of a
    body or the paragraph of a dated teaser over the next teaser's date."""
    lines = s.lay.lines
    if headline_like(lines[i]):
        return True
    return i == 0 or lines[i].gap >= 2 or all(s.foreign(x) for x in lines[:i] if cues.is_prose(x.text)) \
        or not any(is_date_line(x.text) for x in lines[:i])  # no dated teasers: the cut date is no teaser's


def _cue_headline(s: _Search) -> bool:
    """3: the first headline-like line followed by prose (a dateline may stand just before it)."""
    lay, n = s.lay, s.n
    lines = lay.lines
    if lay.wrapped:
        return False
    for i in range(n - 1):
        a = lines[i]
        if headline_like(a) and _followed_by_prose(lines, i) \
                and (not _prev_is_date(lines, i) or date_line(lines[i - 1].text)
                     or _yearless_header(lines, i)) and not _masthead(lines, i) \
                and not _rubric(lines, i) and s.can_title(i):
            i = _page_title_line(lines, i)
            a = lines[i]
            lay.title, lay.how = i, "headline"
            if i > 0 and date_line(lines[i - 1].text):
                lay.dateline = date_line(lines[i - 1].text)
                lay.skip.add(i - 1)
            if i + 1 < n and lines[i + 1].key == a.key and lines[i + 1].gap >= 1:
                lay.skip.add(i + 1)
            return True
    return False


def _cue_repeated(s: _Search) -> bool:
    """4: the title repeated as is, a blank line between the copies (a photo caption printed
    twice comes without one)."""
    lay, n = s.lay, s.n
    lines = lay.lines
    for i in range(n - 1):
        a, b = lines[i], lines[i + 1]
        if b.key == a.key and b.gap >= 1 and _headline_or_long(a) and not cues.has_credit(a.text) \
                and _followed_by_prose(lines, i + 1) and s.can_title(i):
            lay.title, lay.how = i, "repeated"
            lay.skip.add(i + 1)
            d = date_line(lines[i + 2].text) if i + 2 < n else None
            if d:
                lay.dateline = d
                lay.skip.add(i + 2)
            return True
    return False


def _cue_set_apart(s: _Search) -> bool:
    """5: a line (past what the site model knows as teasers) set apart by a double blank line
    from the prose that follows; prefer the one after which the text runs without another
    double blank up to the footer: teasers are separated that way, a body is not."""
    lay, n = s.lay, s.n
    lines = lay.lines
    if n <= 1 or lay.wrapped:
        return False
    found: list[int] = []
    for i in range(n - 1):
        a = lines[i]
        if s.foreign(a) or is_date_line(a.text) or cues.is_nav(a.text):
            continue
        if not s.can_title(i):
            if not found and not cues.is_prose(a.text):
                continue
            if not found:
                break
            continue
        if lines[i + 1].gap >= 2 and lines[i + 1].gap > _usual_gap(lines, i + 1) \
                and 3 <= cues.words(a.text) <= 60 and not cues.starts_lower(a.text) \
                and _followed_by_prose(lines, i):
            found.append(i)
        elif not found and not cues.is_prose(a.text):
            continue
        elif not found:
            break
    if not found:
        return False
    clean = [i for i in found if _runs_to_footer(lines, i + 1)]
    i = (clean or found)[0]
    if _title_above_lead(lines, i, s.foreign):
        i -= 1  # the pick is the lead; the unpunctuated line set apart above it is the title
    lay.title, lay.how = i, "first-line"
    return True


def _cue_named_by_url(s: _Search) -> bool:
    """6: no cue found a title, but a headline near the top gives most of the name the page's URL
    gives the article, and the text follows it: the title, whatever stands between (a time
    stamp, a photo credit) is header."""
    lines = s.lay.lines
    if s.named is None:
        return False
    for i in range(min(s.n, _URL_TITLE_LINES)):
        a = lines[i]
        if s.named(a) >= 0.5 and _short_title(a) and cues.words(a.text) <= 30 and not a.text.rstrip().endswith(".") \
                and s.can_title(i) and any(cues.is_prose(x.text) for x in lines[i + 1: i + 9]):
            s.lay.title, s.lay.how = i, "url"
            return True
    return False


_URL_TITLE_LINES = 12  # a title named by the URL is looked for near the top only

_TITLE_CUES = (_cue_title_and_date, _cue_before_date, _cue_headline, _cue_repeated, _cue_set_apart,
               _cue_named_by_url)


def _title_above_lead(lines: list[Line], i: int, is_foreign: Callable[[Line], bool]) -> bool:
    """The line picked as title ends like a sentence, and right above it stands a line that
    does not, set apart by a double blank line from the text above it (a summary or teaser):
    that line is the headline (with a deck after it: "… in Lakeport. Ice stations reopened"),
    the pick is the lead."""
    if i == 0 or not cues.ends_sentence(lines[i].text):
        return False
    a = lines[i - 1]
    return a.gap >= 2 and lines[i].gap <= 1 and 3 <= cues.words(a.text) <= 60 \
        and not cues.ends_sentence(a.text) and not cues.starts_lower(a.text) \
        and not is_date_line(a.text) and not cues.is_nav(a.text) and not is_foreign(a)


def looks_like_listing(lay: Layout) -> bool:
    """A section page: headline, one or two lines of lead, headline, lead, ... at least three
    times, and no article navigation. A real article's subheadings head longer runs."""
    lines = lay.lines
    if any(cues.is_footer_start(line.text) for line in lines):
        return False
    start = lay.title or 0
    runs, since, heads = [], None, 0
    for line in lines[start:]:
        if headline_like(line):
            if since is not None:
                runs.append(since)
            since, heads = 0, heads + 1
        elif since is not None and cues.is_prose(line.text):
            since += 1
    if since:
        runs.append(min(since, 2))
    if heads >= 3 and len(runs) >= 3 and all(1 <= r <= 2 for r in runs):
        return True
    return not lay.wrapped and paired(lines[start:])


_DATED_ITEMS = re.compile(r"P{0,2}((?:(?:HD|DH)P{1,2})+)(?:HD?|DH?)?")


def dated_items(lines: list[Line]) -> int:
    """How many items a list that dates each of them shows: a headline and its date (either
    first) over one or two lines of lead, with nothing but chrome between the items (a partial
    item may open or close an excerpt); 0 when the lines are anything else: an article's body
    runs three paragraphs or more, and its dateline does not come back before each of them."""
    end = next((k for k, line in enumerate(lines) if cues.is_footer_start(line.text)), len(lines))
    lines = lines[:end]  # items below "Related news" are the related news of an article
    if sum(1 for line in lines if is_date_line(line.text)) < 3:
        return 0
    kinds = []
    for line in lines:
        t = line.text
        if is_date_line(t):
            kinds.append("D")
        elif cues.is_nav(t) or cues.is_pagination(t) or cues.is_boilerplate(t) or cues.is_url(t) \
                or cues.is_caption(t):
            continue
        elif headline_like(line) and cues.words(t) <= 30:
            kinds.append("H")
        elif cues.is_prose(t):
            kinds.append("P")
    m = _DATED_ITEMS.fullmatch("".join(kinds))
    return len(re.findall("HD|DH", m.group(1))) if m else 0


def paired(lines: list[Line]) -> bool:
    """Headline, lead, headline, lead, ... line by line, where leads may have lost their full
    stops (and so look like headlines themselves): every other line a headline, every line
    between them prose, at least three pairs, nothing set apart by a double blank line."""
    if len(lines) < 6 or any(line.gap > 1 for line in lines[1:]):
        return False
    heads, leads = lines[0::2], lines[1::2]
    return all(headline_like(h) and cues.words(h.text) <= 30 for h in heads[: len(leads)]) \
        and all(cues.is_prose(x.text) for x in leads) \
        and any(cues.ends_sentence(x.text) for x in leads) \
        and not any(cues.ends_sentence(h.text) for h in heads)


def _runs_to_footer(lines: list[Line], start: int) -> bool:
    """No double blank line between the paragraphs from ``start`` to the footer or the end."""
    for line in lines[start + 1:]:
        if cues.is_nav(line.text) or cues.is_footer_start(line.text):
            return True
        if line.gap >= 2:
            return False
    return True


def _usual_gap(lines: list[Line], start: int) -> int:
    """The gap that usually separates the paragraphs from ``start`` on (the lower median)."""
    gaps = sorted(line.gap for line in lines[start + 1: start + 12])
    return gaps[(len(gaps) - 1) // 2] if gaps else 0


def _cut_short(text: str) -> bool:
    """The last line of an excerpt, cut mid-sentence: still words of prose."""
    return sum(w.isalpha() for w in text.split()) >= 6 and not is_date_line(text) \
        and not cues.is_pagination(text) and not cues.is_nav(text)


def _short_title(line: Line) -> bool:
    """A title candidate before a dateline: headline-like, or a one-sentence title short
    enough not to be a teaser's paragraph."""
    return headline_like(line) or (3 <= cues.words(line.text) <= 30 and _alpha_words(line.text) >= 3
                                    and not cues.starts_lower(line.text) and "©" not in line.text
                                    and not is_date_line(line.text) and not cues.is_nav(line.text)
                                    and not cues.is_boilerplate(line.text))


def _headline_or_long(line: Line) -> bool:
    """A title candidate for the strong cues: headline-like, or a long one-sentence title."""
    n = cues.words(line.text)
    return headline_like(line) or (3 <= n <= 80 and not cues.starts_lower(line.text)
                                    and not is_date_line(line.text))
