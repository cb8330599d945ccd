"""Dates as news pages print them: datelines, date-only lines, and the date in a lead.

Strict patterns rather than dateparser's free search: a dateline must be recognised as a
*whole line* (or the tail of the repeated title), DD.MM.YYYY is always day-first, and a
year-less date must never borrow the crawl date. dateparser would happily read "May" or
"1 2 3" as dates; here a miss is cheaper than a false dateline.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        "january jan январь января янв",
        "february feb февраль февраля фев",
        "march mar март марта мар",
        "april apr апрель апреля апр",
        "may май мая",
        "june jun июнь июня",
        "july jul июль июля",
        "august aug август августа авг",
        "september sep sept сентябрь сентября сен",
        "october oct октябрь октября окт",
        "november nov ноябрь ноября ноя",
        "december dec декабрь декабря дек",
    ],
    start=1,
):
    for _n in _names.split():
        MONTHS[_n] = _i

_MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
# a year, possibly glued to the time that follows it ("7 September 201714:08")
_YEAR = r"(?:(?P<year>(?:19|20)\d\d)(?=\d{1,2}:\d\d)|(?P<year2>(?:19|20)\d\d)(?!\d))"

# Order matters: the most specific first. Each has groups day, mon (name or number), year.
_PATTERNS = [
    re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<num>\d{1,2})\.(?P<year>(?:19|20)\d\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<num>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
    re.compile(r"(?<![\d/])(?P<day>\d{1,2})/(?P<num>\d{1,2})/(?P<year>(?:19|20)\d\d)(?!\d)"),
    # month first, as US pages print it: tried after day-first failed to give a valid date
    re.compile(r"(?<![\d/])(?P<num>\d{1,2})/(?P<day>\d{1,2})/(?P<year>(?:19|20)\d\d)(?!\d)"),
    re.compile(r"(?<![\d-])(?P<day>\d{1,2})-(?P<num>\d{1,2})-(?P<year>(?:19|20)\d\d)(?!\d)"),
    re.compile(r"(?<![\d.])(?P<day>\d{1,2}) (?P<num>\d{1,2}) (?P<year>(?:19|20)\d\d)(?!\d)"),
    re.compile(r"(?<!\w)(?P<day>\d{1,2})(?:st|nd|rd|th)? (?:of )?" + _MONTH + r",? " + _YEAR,
               re.IGNORECASE),
    re.compile(r"(?<!\w)" + _MONTH + r" (?P<day>\d{1,2})(?:st|nd|rd|th)?,? " + _YEAR,
               re.IGNORECASE),
]
# Year-less forms: "Aug 16", "16 August"; the year must come from elsewhere.
_YEARLESS = [
    re.compile(r"(?<!\w)" + _MONTH + r" (?P<day>\d{1,2})(?:st|nd|rd|th)?(?![\d,]*\s*(?:19|20)\d\d)(?!\d)",
               re.IGNORECASE),
    re.compile(r"(?<!\w)(?P<day>\d{1,2}) " + _MONTH + r"(?!\w)(?!,? (?:19|20)\d\d)", re.IGNORECASE),
]
_TIME = re.compile(r"\b\d{1,2}:\d\d(?::\d\d)?\b")
_WORD = re.compile(r"\w+")
_YEAR_ANY = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _build(m: re.Match[str], year: int | None = None) -> dt.date | None:
    g = m.groupdict()
    mon = int(g["num"]) if g.get("num") else MONTHS.get((g.get("mon") or "").lower().rstrip("."))
    y = int(g.get("year") or g.get("year2") or 0) or year
    if not mon or not y:
        return None
    try:
        return dt.date(y, mon, int(g["day"]))
    except ValueError:
        return None


def find_date(text: str) -> tuple[dt.date, int, int] | None:
    """The first full date (day, month, year) in text, with its span."""
    best: tuple[dt.date, int, int] | None = None
    for pat in _PATTERNS:
        for m in pat.finditer(text):
            d = _build(m)
            if d and (best is None or m.start() < best[1]):
                best = (d, m.start(), m.end())
            if d:
                break
    return best


def find_yearless(text: str, year: int | None) -> tuple[dt.date, int, int] | None:
    for pat in _YEARLESS:
        m = pat.search(text)
        if m and year:
            d = _build(m, year)
            if d:
                return d, m.start(), m.end()
    return None


_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "mon", "tue", "wed", "thu", "fri", "sat", "sun",
             "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"}


_DATE_LABELS = {"published", "updated", "posted", "modified", "last", "date", "опубликовано", "обновлено"}


def _words(text: str) -> list[str]:
    """Words around a date that are not part of a date stamp (weekdays, times, labels)."""
    return [w for w in _WORD.findall(_TIME.sub(" ", text))
            if w.lower() not in _WEEKDAYS and w.lower() not in _DATE_LABELS]


def _rest_words(text: str, start: int, end: int) -> list[str]:
    return _words(text[:start] + " " + text[end:])


# A time glued to the date after it by the text extraction: "15:5323/11/2023, Thursday".
_GLUED_TIME = re.compile(r"(?<!\d)(\d{1,2}:\d\d)(?=\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d\d)")


def _unglued(text: str) -> str:
    return _GLUED_TIME.sub(r"\1 ", text.strip())


@lru_cache(maxsize=65536)
def date_line(text: str, year: int | None = None) -> dt.date | None:
    """The date when the whole line is a dateline ("06.03.2023", "Published May 4, 2016",
    "March 9, 2021, Lakeport, North Basin", "14 June 2018, 10:05"), else None.

    A parenthesised date is part of a speech header, not a dateline.
    """
    s = _unglued(text)
    if not s or len(s) > 70 or (s.startswith("(") and s.endswith(")")):
        return None
    found = find_date(s)
    if found is None:
        found = find_yearless(s, year or 1)
        if found is None:
            return None
        if year is None:
            return None
    d, a, b = found
    if len(_words(s[:a])) > 2 or len(_rest_words(s, a, b)) > 5:
        return None
    return d


@lru_cache(maxsize=65536)
def is_date_line(text: str) -> bool:
    """A line that is only a date (with at most a few words around it), year or not."""
    s = _unglued(text)
    if not s or len(s) > 70 or (s.startswith("(") and s.endswith(")")):
        return False
    found = find_date(s) or find_yearless(s, 2000)
    if not found:
        return False
    _, a, b = found
    return len(_words(s[:a])) <= 2 and len(_rest_words(s, a, b)) <= 5


_ENDS_WITH_YEAR = re.compile(r"(?:19|20)\d\d[\d:\s,.|–—-]{0,12}$")


@lru_cache(maxsize=65536)
def is_bare_date(text: str) -> bool:
    """Only a date (and a time): "24.04.2024", "14 June 2018, 10:05", with no label."""
    s = text.strip()
    found = find_date(s) if len(s) <= 40 else None
    if not found:
        return False
    rest = _TIME.sub(" ", s[: found[1]] + " " + s[found[2]:])
    return not [w for w in _WORD.findall(rest) if w.lower() not in _WEEKDAYS]


def trailing_date(text: str) -> tuple[str, dt.date] | None:
    """("Title", date) when a line is a title followed by a date: "Title 06.03.2023"."""
    s = text.rstrip()
    if not _ENDS_WITH_YEAR.search(s):
        return None
    cut = max(0, len(s) - 40)  # the date is in the tail; scanning only it keeps this cheap
    tail = s[cut:]
    for pat in _PATTERNS:
        for m in pat.finditer(tail):
            if _TIME.sub("", tail[m.end():]).strip(" ,.|-–—") == "":
                d = _build(m)
                if d:
                    return s[: cut + m.start()].rstrip(" ,|-–—"), d
    return None


_LABEL = {"date", "posted", "published", "updated", "дата", "опубликовано"}
_NUMERIC_DATE = re.compile(r"^[\d.\-/ ]+$")


def leading_date(text: str) -> tuple[dt.date, str] | None:
    """A line that opens with a date stamp and goes on with the text: " date 2019-05-14 LAKEPORT
    ...". Only a labelled or numeric stamp counts: "On 15 January 2024, ..." is the lead's
    own sentence and stays whole."""
    found = find_date(text[:40])
    if not found:
        return None
    d, a, b = found
    before = _WORD.findall(text[:a])
    if len(before) > 1 or (before and before[0].lower() not in _LABEL):
        return None
    if not before and not _NUMERIC_DATE.match(text[a:b]):
        return None
    rest = text[b:].lstrip(" ,.:;|-–—")
    if len(_WORD.findall(rest)) < 8:
        return None
    return d, rest


_THIS_YEAR = re.compile(r"\b(this year|of this year|текущего года|этого года|сего года)\b", re.IGNORECASE)


def lead_date(paragraph: str, year_hint: int | None = None) -> dt.date | None:
    """The date an article's lead gives for its event: "On 24 April 2024, ..." or "On March 6
    this year" (resolved with ``year_hint``). Only the opening of the lead counts, where the
    news date sits; later dates in the paragraph describe other things."""
    head = paragraph[:160]
    found = find_date(head)
    if found and found[1] < 60:
        return found[0]
    if year_hint and _THIS_YEAR.search(head):
        found = find_yearless(head, year_hint)
        if found and found[1] < 60:
            return found[0]
    return None


def years_in(text: str) -> list[int]:
    return [int(y) for y in _YEAR_ANY.findall(text)]


# "/2019/04/29/", or an ISO date in the slug ("...-in-ashgabat-2024-05-13-41333")
_URL_DATE = re.compile(r"[/_-]((?:19|20)\d\d)(?:/(\d{1,2})/|-(\d{1,2})-)(\d{1,2})(?:/|$|[-_.])"
                       # "/20190429/533861.html": a compact date as a whole path segment
                       r"|/((?:19|20)\d\d)(\d\d)(\d\d)(?:/|$|[-_.])")


def url_date(url: str | None) -> dt.date | None:
    """The site's own date stamp in an article's URL: "/2019/04/29/", "/20190429/533861.html",
    an ISO date in the slug."""
    if not url:
        return None
    for m in _URL_DATE.finditer(url):
        y, mo, d = (m.group(1), m.group(2) or m.group(3), m.group(4)) if m.group(1) else m.group(5, 6, 7)
        try:
            return dt.date(int(y), int(mo), int(d))
        except ValueError:
            continue
    return None


# A year that closes a period is a plan's horizon ("until 2035", "for 2025-2027"), not the article's year; a
# year joined to a name by a hyphen is not ("the Rubezh-2021 exercise" is held that year).
_HORIZON_YEAR = re.compile(
    r"(?:\b(?:until|till|up\s+to|through|by|to)\s+|\b(?:19|20)\d\d\s*[-–—]\s*)((?:19|20)\d\d)\b", re.IGNORECASE)


def likely_year(text: str) -> int | None:
    """The year the article talks about most (the latest on a tie), leaving out plan horizons."""
    horizons = [int(y) for y in _HORIZON_YEAR.findall(text)]
    years = years_in(text)
    for y in horizons:
        if y in years:
            years.remove(y)
    return max(set(years), key=lambda y: (years.count(y), y)) if years else None


def same_day_year(text: str, day: dt.date) -> int | None:
    """The year of a full date in ``text`` that falls on the same day and month as ``day``."""
    years = []
    for pat in _PATTERNS:
        for m in pat.finditer(text):
            d = find_date(m.group(0))
            if d is not None and (d[0].month, d[0].day) == (day.month, day.day):
                years.append(d[0].year)
    return max(set(years), key=years.count) if years else None


# The place that opens an agency's lead, before its date: one to four capitalised words, the last
# one followed by a comma or a full stop ("MOSCOW,", "BAKU, Azerbaijan,", "MOSCOW.", "Almaty.").
_DATELINE_PLACE = re.compile(r"^[\"“«]?[A-ZА-ЯЁ][\w'’-]*(?:[ ,.]{1,2}[A-ZА-ЯЁ][\w'’-]*){0,3}[,.]\s*$")
# The same place, as a cheap first test of a paragraph's head.
_DATELINE_START = re.compile(r"^[\"“«]?[A-ZА-ЯЁ][\w'’-]*(?:[ ,.]{1,2}[A-ZА-ЯЁ][\w'’-]*){0,3}[,.]?\s+[\w]")
# What follows the date: the agency in slashes, brackets or capitals, a dash, a full stop, a comma, a colon.
_DATELINE_TAIL = re.compile(r"^(?:st|nd|rd|th)?\s*(?:,\s*(?:19|20)\d\d)?\s*(?:[./,:(–—-]|[A-ZА-ЯЁ]{3,}|$)")


@lru_cache(maxsize=65536)
def agency_dateline(paragraph: str) -> tuple[str, dt.date | None] | None:
    """The dateline that opens an agency's lead: "MOSCOW, March 3. /TASS/. The ...", "YEREVAN, MAY
    24, ARMENPRESS. ...", "MINSK, 15 June (BelTA) – ...", "MOSCOW. Nov 27 (Interfax) - ...": the place,
    then the day. Returns the dateline's text up to the date and the date when it carries its
    year (None when it does not: the year must come from elsewhere)."""
    head = paragraph[:80]
    if not _DATELINE_START.match(head):
        return None
    full = find_date(head)
    if full is not None and full[1] <= 40:
        start, end, value = full[1], full[2], full[0]
    else:
        found = find_yearless(head, 2000)  # any leap year: the day is validated, not the year
        if found is None or found[1] > 40:
            return None
        start, end, value = found[1], found[2], None
    if not _DATELINE_PLACE.match(head[:start]) or not _DATELINE_TAIL.match(head[end:end + 12]):
        return None
    return head[:end], value


# "/2018/11/astana-hosts-...": a year and a month as path segments; "...-presidency-154899-2022":
# a year after the article's number at the end of the slug (a year inside the slug's words is
# the title's, "kobalt-2021", not the site's stamp).
_URL_YEAR = re.compile(r"/((?:19|20)\d\d)/(?:\d{1,2}/)?|\d{3,}[-_]((?:19|20)\d\d)/?(?:$|[?#.])")


def url_year(url: str | None) -> int | None:
    """The year the site stamped into an article's URL, when it gives no full date."""
    if not url:
        return None
    full = url_date(url)
    if full is not None:
        return full.year
    m = _URL_YEAR.search(url.split("?", 1)[0])
    return int(m.group(1) or m.group(2)) if m else None


def nearest_yearless(text: str, stamp: dt.date, within_days: int = 31) -> dt.date | None:
    """The year-less date in ``text`` placed in the year (the stamp's, or one either side) that
    brings it nearest to ``stamp``, when that is within ``within_days``: "December 31" on a page
    stamped 2 January 2020 is 31 December 2019."""
    best: dt.date | None = None
    for year in (stamp.year, stamp.year - 1, stamp.year + 1):
        found = find_yearless(text, year)
        if found and (best is None or abs((found[0] - stamp).days) < abs((best - stamp).days)):
            best = found[0]
    return best if best is not None and abs((best - stamp).days) <= within_days else None
