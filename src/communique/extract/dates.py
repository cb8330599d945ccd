"""The 'dates' component: every date expression of the article, normalised against its publication date.

dateparser reads one date string well once it is told the language, the day-first order and the
reference day, but it does not find expressions in running text reliably (``search_dates`` reads
"we" or "May" the verb as dates, resolves "this year" to the machine's clock and drops the start of
"from 11 to 15 September, this year"). So the finding is done here, with patterns for the shapes
news prose uses (absolute dates, ranges, month-only, year-only, "this year", "on the eve",
weekdays), and each hit is resolved against the article's own reference day. When an article has
no publication date, its latest fully written date stands in for "this year".
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from communique.document import Article, DateMention
from communique.extract.lang import en_dates, ru_dates
from communique.extract.syntax import doc_of
from communique.pipeline import component

# The date words of each language are language data (communique.extract.lang.en_dates, ru_dates).
MONTHS_EN = en_dates.MONTHS
MONTHS_RU = ru_dates.MONTHS
WEEKDAYS_EN = en_dates.WEEKDAYS
WEEKDAYS_RU = ru_dates.WEEKDAYS
_MON_EN = en_dates.MONTH_PATTERN
_MON_RU = ru_dates.MONTH_PATTERN
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DASH = r"\s*[-–—]\s*"

_REL_YEAR_EN = en_dates.RELATIVE_YEAR
_REL_YEAR_RU = ru_dates.RELATIVE_YEAR


@dataclass
class _Pattern:
    kind: str
    regex: re.Pattern[str]


def _p(kind: str, pattern: str) -> _Pattern:
    return _Pattern(kind, re.compile(pattern, re.IGNORECASE))


_YTAIL_EN = rf"(?:,?\s*(?P<year>{_YEAR})(?!\d)|,?\s*(?P<rel>{_REL_YEAR_EN}))?"
_YTAIL_RU = rf"(?:\s*(?P<year>{_YEAR})(?:\s*(?:года|г\.))?|\s*(?P<rel>{_REL_YEAR_RU}))?"

# Longest shapes first: at each position the first pattern that matches wins.
PATTERNS_EN = [
    # from 11 to 15 September, this year / 25-26 September 2024 / between 3 and 5 May
    _p(
        "range_dm",
        rf"(?:(?:from|between)\s+)?\b(?P<d1>{_DAY})\s*(?:{_DASH}|\s+(?:to|and|until|till)\s+)"
        rf"(?P<d2>{_DAY})\s+(?:of\s+)?(?P<mon>{_MON_EN})(?!\w){_YTAIL_EN}",
    ),
    # from 30 September to 2 October 2024
    _p(
        "range_dmdm",
        rf"(?:from\s+)?\b(?P<d1>{_DAY})\s+(?P<mon1>{_MON_EN})\s*(?:{_DASH}|\s+(?:to|until|till)\s+)"
        rf"(?P<d2>{_DAY})\s+(?P<mon>{_MON_EN})(?!\w){_YTAIL_EN}",
    ),
    # from April 8 to 11, 2024 / March, 14-15th this year
    _p(
        "range_md",
        rf"(?:(?:from|between)\s+)?\b(?P<mon>{_MON_EN}),?\s+(?P<d1>{_DAY})\s*(?:{_DASH}|\s+(?:to|and|until|till)\s+)"
        rf"(?P<d2>{_DAY})(?![\d\w]){_YTAIL_EN}",
    ),
    # from April 30 to May 2, 2024
    _p(
        "range_mdmd",
        rf"(?:from\s+)?\b(?P<mon1>{_MON_EN})\s+(?P<d1>{_DAY})\s*(?:{_DASH}|\s+(?:to|until|till)\s+)"
        rf"(?P<mon>{_MON_EN})\s+(?P<d2>{_DAY})(?![\d\w]){_YTAIL_EN}",
    ),
    _p("iso", rf"\b(?P<year>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"),
    # 06.03.2023 and 06/03/2023: day first, as everywhere outside the US
    _p(
        "numeric",
        rf"(?<![\d.])(?P<d>0?[1-9]|[12]\d|3[01])[./](?P<m>0?[1-9]|1[0-2])[./](?P<year>{_YEAR})(?![\d.]\d)",
    ),
    # 15 September 2023 / 15th of September, this year
    _p("dm", rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<mon>{_MON_EN})(?!\w){_YTAIL_EN}"),
    # September 15, 2023 / March 6 this year
    _p("md", rf"\b(?P<mon>{_MON_EN})\s+(?P<d>{_DAY})(?![\d\w:]){_YTAIL_EN}"),
    # May 2018 / November, 2012 / April of this year
    _p("month", rf"\b(?P<mon>{_MON_EN})(?!\w){_YTAIL_EN}"),
    _p("year_range", rf"(?<![\w-])(?P<y1>{_YEAR})\s*[-–—−]\s*(?P<y2>{_YEAR})(?![\w-])"),
    _p("year", rf"(?<![\w-])(?P<year>{_YEAR})(?![\w-]|,\d)"),
    _p("relday", r"\b(?P<rel>today|yesterday|tomorrow|the\s+day\s+before\s+yesterday|on\s+the\s+eve)\b"),
    # "the day before", "the previous day", "a day later": a day counted from the date told last
    _p(
        "dayrel",
        r"\b(?P<rel>the\s+(?:day\s+before|previous\s+day|preceding\s+day|day\s+after|next\s+day|following\s+day)"
        r"|a\s+day\s+(?:earlier|later|before|after))\b",
    ),
    _p(
        "weekday",
        r"\b(?P<prep>on\s+|last\s+|next\s+|this\s+|from\s+|since\s+|until\s+|by\s+)?(?P<wd>monday|tuesday"
        r"|wednesday|thursday|friday|saturday|sunday)\b(?P<poss>['’]s)?",
    ),
    _p("relyear", rf"\b(?P<rel>{_REL_YEAR_EN})\b"),
]

PATTERNS_RU = [
    _p(
        "range_dm",
        rf"(?:с\s+)?(?<!\d)(?P<d1>[12]\d|3[01]|0?[1-9])\s*(?:{_DASH}|\s+по\s+)(?P<d2>[12]\d|3[01]|0?[1-9])\s+"
        rf"(?P<mon>{_MON_RU})(?!\w){_YTAIL_RU}",
    ),
    _p("iso", rf"\b(?P<year>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"),
    _p(
        "numeric",
        rf"(?<![\d.])(?P<d>0?[1-9]|[12]\d|3[01])\.(?P<m>0?[1-9]|1[0-2])\.(?P<year>{_YEAR})(?![\d.]\d)",
    ),
    _p("dm", rf"(?<!\d)(?P<d>[12]\d|3[01]|0?[1-9])\s+(?P<mon>{_MON_RU})(?!\w){_YTAIL_RU}"),
    _p("month", rf"(?<!\w)(?P<mon>{_MON_RU})(?!\w){_YTAIL_RU}"),
    _p("year", rf"(?<![\w-])(?P<year>{_YEAR})(?:\s*(?:года|году|год|г\.))?(?![\w-])"),
    _p("relday", r"(?<!\w)(?P<rel>сегодня|вчера|завтра|накануне)(?!\w)"),
    _p("dayrel", r"(?<!\w)(?P<rel>на\s+следующий\s+день|днём\s+ранее|днем\s+ранее|днём\s+позже|днем\s+позже)(?!\w)"),
    _p(
        "weekday",
        r"(?<!\w)(?P<prep>в\s+|во\s+)(?P<wd>понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)(?!\w)",
    ),
    _p("relyear", rf"(?<!\w)(?P<rel>{_REL_YEAR_RU})(?!\w)"),
]

# Words that put what a sentence tells ahead of its report, by language.
_FUTURE_BY_LANG = {
    "en": re.compile(en_dates.FUTURE, re.IGNORECASE),
    "ru": re.compile(ru_dates.FUTURE, re.IGNORECASE),
}
_FUTURE = _FUTURE_BY_LANG["en"]


# What someone said speaks of the speaker's time: "'The session will take place next year,' he told reporters on
# Thursday" is a report of last Thursday; so is a weekday told right after a reporting verb in the past ("said on
# Tuesday that the meeting will be held ...")
_QUOTATION = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")
_REPORTED = re.compile(
    r"\b(?:said|told(?:\s+\w+){0,2}|stated|announced|reported|noted|added|declared|stressed|emphasi[sz]ed)"
    r"\s+$",
    re.IGNORECASE,
)


def _month(name: str, lang: str) -> int | None:
    key = name.lower().rstrip(".")
    if lang == "ru":
        for stem in sorted(MONTHS_RU, key=len, reverse=True):
            if key.startswith(stem):
                return MONTHS_RU[stem]
        return None
    return MONTHS_EN.get(key)


def _day(s: str) -> int:
    return int(re.sub(r"\D", "", s))


def _rel_year(rel: str, base_year: int | None) -> int | None:
    if base_year is None:
        return None
    r = rel.lower()
    if any(w in r for w in ("last", "past", "прошл")):
        return base_year - 1
    if any(w in r for w in ("next", "следующ")):
        return base_year + 1
    return base_year


def _safe_date(y: int | None, m: int | None, d: int = 1) -> dt.date | None:
    if y is None or m is None:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """A cheap sentence window for standalone use; the component replaces it with spaCy's sentence."""
    # bounded windows keep this linear on huge texts without sentence punctuation
    lo, hi = max(0, start - 600), min(len(text), end + 600)
    left = max(text.rfind("\n", lo, start), *(text.rfind(p, lo, start) for p in (". ", "! ", "? ")))
    left = lo if left < 0 else left + 1
    rights = [
        i
        for i in (
            text.find("\n", end, hi),
            text.find(". ", end, hi),
            text.find("! ", end, hi),
            text.find("? ", end, hi),
        )
        if i >= 0
    ]
    right = min(rights) + 1 if rights else hi
    return left, right


def _year_without_year(
    month: int,
    day: int,
    base: dt.date | None,
    base_year: int | None,
    sentence: str,
    lang: str = "en",
    ahead: bool = False,
) -> int | None:
    """A day-month with no year: the reference year, or the one before when that would put a
    past-tense report in the future ("In late December, X said" published on 4 January). ``ahead``: the grammar
    says the sentence tells what is to come (a headline's infinitive)."""
    if base_year is None:
        return None
    if base is not None and not ahead and not _FUTURE_BY_LANG.get(lang, _FUTURE).search(sentence):
        candidate = _safe_date(base.year, month, day)
        if candidate and (candidate - base).days > 31:
            return base.year - 1
    return base_year


def _resolve_match(
    kind: str,
    m: re.Match[str],
    base: dt.date | None,
    base_year: int | None,
    lang: str,
    sentence: str,
    bounds: tuple[int, int] | None = None,
    ahead: bool = False,
) -> tuple[dt.date | None, dt.date | None, str] | None:
    g = m.groupdict()
    explicit = int(g["year"]) if g.get("year") else None
    rel = _rel_year(g["rel"], base_year) if g.get("rel") and kind not in ("relday",) else None
    if kind in ("iso", "numeric"):
        d = _safe_date(explicit, int(g["m"]), int(g["d"]))
        return (d, None, "day") if d else None
    if kind in ("dm", "md"):
        mon, day = _month(g["mon"], lang), _day(g["d"])
        if mon is None:
            return None
        year = explicit or rel or _year_without_year(mon, day, base, base_year, sentence, lang, ahead)
        d = _safe_date(year, mon, day)
        if year is not None and d is None:
            return None
        return d, None, "day"
    if kind.startswith("range"):
        mon = _month(g["mon"], lang)
        mon1 = _month(g["mon1"], lang) if g.get("mon1") else mon
        d1, d2 = _day(g["d1"]), _day(g["d2"])
        if mon is None or mon1 is None or d1 < 1 or d2 < 1:
            return None
        if not g.get("mon1") and d1 > d2 and kind == "range_dm":
            mon1 = 12 if mon == 1 else mon - 1  # "from 30 to 2 November": the range starts in October
        year = explicit or rel or _year_without_year(mon, d2, base, base_year, sentence, lang, ahead)
        start = _safe_date(year - 1 if year and mon1 > mon else year, mon1, d1)
        end = _safe_date(year, mon, d2)
        if start and end and end < start:
            return None
        return start, end, "day"
    if kind == "month":
        mon = _month(g["mon"], lang)
        if mon is None:
            return None
        # "May" alone is more often the verb than the month
        if (
            not explicit
            and not rel
            and g["mon"].lower().rstrip(".") in ("may", "mar", "jan", "dec", "ма", "мая")
        ):
            if not re.search(
                r"(?:\b(?:in|of|since|until|by|from|early|late|mid|end|beginning)\s+)$",
                m.string[max(0, m.start() - 20) : m.start()],
                re.IGNORECASE,
            ):
                return None
        year = explicit or rel or _year_without_year(mon, 1, base, base_year, sentence, lang, ahead)
        return _safe_date(year, mon, 1), None, "month"
    if kind == "year":
        return dt.date(int(g["year"]), 1, 1), None, "year"
    if kind == "year_range":
        y1, y2 = int(g["y1"]), int(g["y2"])
        if y2 < y1:
            return None
        return dt.date(y1, 1, 1), dt.date(y2, 12, 31), "year"
    if kind == "relyear":
        year = _rel_year(g["rel"], base_year)
        return (dt.date(year, 1, 1) if year else None), None, "year"
    if kind == "relday":
        if base is None:
            return None, None, "day"
        r = " ".join(g["rel"].lower().split())
        shift = {**en_dates.RELATIVE_DAYS, **ru_dates.RELATIVE_DAYS}.get(r, 0)
        return base + dt.timedelta(days=shift), None, "day"
    if kind == "dayrel":
        return None, None, "day"  # counted from the date told before it: see _count_from_previous
    if kind == "weekday":
        if not g.get("prep") and not g.get("poss") and not _weekday_in_prose(m):
            return None  # a bare weekday name heading a line or a dateline is no reference
        if base is None:
            return None, None, "day"
        wd = WEEKDAYS_EN.get(g["wd"].lower(), WEEKDAYS_RU.get(g["wd"].lower(), 0))
        prep = (g.get("prep") or "on").strip().lower()
        if prep == "next" or (
            prep in ("on", "from", "this", "в", "во", "by", "until")
            and _FUTURE_BY_LANG.get(lang, _FUTURE).search(
                _QUOTATION.sub(" ", _weekday_clause(m, bounds) if bounds else sentence)
            )
            and not _REPORTED.search(m.string[max(0, m.start() - 40) : m.start()])
        ):
            # "starts a visit on Thursday" published that Thursday is today; "next Thursday" is a week on
            ahead = (wd - base.weekday()) % 7 or (7 if prep == "next" else 0)
            return base + dt.timedelta(days=ahead), None, "day"
        back = (base.weekday() - wd) % 7
        if prep == "last" and back == 0:
            back = 7
        return base - dt.timedelta(days=back), None, "day"
    return None


# Where a clause that depends on the one before begins: "said on Tuesday that ... the upcoming summit".
_CLAUSE_AFTER = re.compile(r"\b(?:that|which|who|whom|whose|where|because|while|whereas)\b|[;:“\"«]")


def _weekday_clause(m: re.Match[str], bounds: tuple[int, int]) -> str:
    """The part of the sentence whose tense a weekday takes: what comes before it, and what follows it up to a
    dependent clause ("Lavrov said at a meeting on Tuesday that documents were prepared for the upcoming summit"
    is last Tuesday; "On Tuesday the ministers will meet" is next)."""
    left, right = bounds
    after = m.string[m.end() : right]
    cut = _CLAUSE_AFTER.search(after)
    return m.string[left : m.start()] + " " + (after[: cut.start()] if cut else after)


def _weekday_in_prose(m: re.Match[str]) -> bool:
    """ "kicked off Monday", "said Thursday": a weekday right after a lower-case word, not followed by the
    date it names ("Monday, 5 May 2023" is read as that date)."""
    before = m.string[max(0, m.start() - 30) : m.start()]
    after = m.string[m.end() : m.end() + 4]
    return bool(re.search(r"[a-z][a-z,]*\s+$", before)) and not re.match(r",?\s*\d", after)


def _count_from_previous(
    found: list[DateMention], relative: list[DateMention], text: str, base: dt.date | None
) -> None:
    """ "On 5 May the ministers met; the day before, the experts convened": a day counted from the last
    day-precision date of the same paragraph, else from the publication date."""
    counted = {id(d) for d in relative}
    last: DateMention | None = None
    for d in found:
        if id(d) not in counted:
            if d.precision == "day" and d.value is not None:
                last = d
            continue
        later = bool(AFTER.search(d.text))
        anchor = base
        if last is not None and PARAGRAPH_BREAK not in text[last.end : d.start]:
            anchor = (last.end_value or last.value) if later else last.value
        if anchor is not None:
            d.value = anchor + dt.timedelta(days=1 if later else -1)


AFTER = re.compile(r"after|next|following|later|следующий|позже", re.IGNORECASE)
PARAGRAPH_BREAK = "\n\n"


def _infer_year(text: str, lang: str) -> int | None:
    """The year an undated article is written in: the latest year of its fully written dates."""
    years = []
    for pat in PATTERNS_RU if lang == "ru" else PATTERNS_EN:
        if pat.kind in ("iso", "numeric", "dm", "md", "range_dm", "range_md", "range_dmdm", "range_mdmd"):
            years += [int(m.group("year")) for m in pat.regex.finditer(text) if m.groupdict().get("year")]
    return max(years) if years else None


# A headline's infinitive tells what is to come ("CIS heads of government to meet in Minsk on Sep 30").
_HEADLINE_FUTURE = re.compile(r"\bto\s+(?!be\b)[a-z]+\b")


def resolve_dates(text: str, base: dt.date | None, lang: str = "en", headline: bool = False) -> list[DateMention]:
    """Every date expression of ``text``, resolved against ``base`` (the publication date).

    Spans index into ``text``; ``sentence`` is a cheap sentence window (the component swaps in
    spaCy's). A mention whose year cannot be known (no base, no written year) keeps value None.
    """
    patterns = PATTERNS_RU if lang == "ru" else PATTERNS_EN
    base_year = base.year if base else _infer_year(text, lang)
    taken = bytearray(len(text))  # characters already read as part of a date
    found: list[DateMention] = []
    relative: list[DateMention] = []  # "the day before": counted once every date is known
    for pat in patterns:
        for m in pat.regex.finditer(text):
            s, e = m.span()
            # trailing spaces/commas of an optional group are not part of the expression
            while e > s and text[e - 1] in " ,":
                e -= 1
            if any(taken[s:e]):
                continue
            left, right = _sentence_bounds(text, s, e)
            sentence = text[left:right].strip()
            ahead = headline and lang == "en" and bool(_HEADLINE_FUTURE.search(sentence))
            resolved = _resolve_match(pat.kind, m, base, base_year, lang, sentence, (left, right), ahead)
            if resolved is None:
                continue
            value, end_value, precision = resolved
            taken[s:e] = b"\x01" * (e - s)
            mention = DateMention(
                start=s, end=e, sentence=sentence, text=text[s:e], value=value, end_value=end_value,
                precision=precision,
            )
            found.append(mention)
            if pat.kind == "dayrel":
                relative.append(mention)
    found.sort(key=lambda d: d.start)
    _count_from_previous(found, relative, text, base)
    return found


def parse_date(text: str, lang: str | None = None) -> dt.date | None:
    """A standalone date such as a dateline ("06.03.2023", "15 September 2023", "2023-09-15"), day first.

    Returns None when the string does not hold one full date.
    """
    text = text.strip()
    if not text or len(text) > 60:
        return None
    for mention in resolve_dates(text, None, lang or ("ru" if re.search("[а-яА-Я]", text) else "en")):
        if mention.precision == "day" and mention.value and mention.end - mention.start >= len(text) - 3:
            return mention.value
    import dateparser  # slow to import; only reached for shapes the patterns above do not know

    parsed = dateparser.parse(
        text,
        languages=[lang] if lang else ["en", "ru"],
        settings={
            "DATE_ORDER": "DMY",
            "REQUIRE_PARTS": ["day", "month", "year"],
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": dt.datetime(1900, 1, 1),
            "STRICT_PARSING": True,
        },
    )
    return parsed.date() if parsed else None


def article_lang(article: Article) -> str:
    """'en' or 'ru': the page's declared language, else the script most of its letters are in."""
    if article.page.lang in ("en", "ru"):
        return article.page.lang
    sample = (article.title or "") + article.text[:2000]
    cyrillic = sum("а" <= c.lower() <= "я" or c in "ёЁ" for c in sample)
    latin = sum("a" <= c.lower() <= "z" for c in sample)
    return "ru" if cyrillic > latin else "en"


def _sentences(article: Article) -> list[tuple[int, int]]:
    doc = article.extra.get("doc")
    if doc is not None and doc_of(article.text, doc):
        return [(s.start_char, s.end_char) for s in doc.sents]
    return []


@component("dates")
def make_dates(config: dict) -> object:
    def dates(article: Article) -> Article:
        text = article.text
        mentions = resolve_dates(text, article.published, article_lang(article))
        spans = _sentences(article)
        starts = [s for s, _ in spans]
        for mention in mentions:
            i = bisect.bisect_right(starts, mention.start) - 1
            if i >= 0 and mention.start < spans[i][1]:
                mention.sentence = text[spans[i][0] : spans[i][1]]
        article.dates = mentions
        return article

    return dates
