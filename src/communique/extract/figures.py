"""The 'figures' component: amounts and counts the article reports about the world.

spaCy's CARDINAL/QUANTITY/MONEY entities find numbers but not what they count, and they also tag
years, article numbers and phone numbers; the amounts in this material follow a few fixed shapes
("more than 280 million rubles", "over 897 kg of narcotic drugs", "399 persons were detained"), so
they are read with one pattern and the exclusions are explicit rules: a number that is part of a
date, an ordinal or anniversary, an age or duration, an identifier ("Article 5", "unit 6656",
"Interaction-2023") or a phone number is not a figure.

A count written as the word "one" or "two" is not reported either: in this prose those words
frame the text ("the two sides", "two significant dates", "one of the priorities") far more often
than they report a tally.
"""

from __future__ import annotations

import bisect
import math
import re

from communique.document import Article, Figure
from communique.extract.dates import article_lang, resolve_dates
from communique.extract.event_types import noun_type, series_names, with_stage
from communique.extract.syntax import doc_of
from communique.pipeline import component

WORD_NUMBERS = {
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
# "one" and "two" count only as part of a larger number ("two thousand", "twenty-two")
WORD_NUMBERS_COMPOUND = {**WORD_NUMBERS, "one": 1, "two": 2, "a": 1, "an": 1}
MULTIPLIERS = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "mln": 1_000_000,
    "billion": 1_000_000_000,
    "bln": 1_000_000_000,
    "bn": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
UNITS = {
    "kg": "kg",
    "kgs": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "kilogrammes": "kg",
    "kilos": "kg",
    "t": "t",
    "ton": "t",
    "tons": "t",
    "tonne": "t",
    "tonnes": "t",
    "g": "g",
    "gram": "g",
    "grams": "g",
    "grammes": "g",
    "l": "l",
    "litre": "l",
    "litres": "l",
    "liter": "l",
    "liters": "l",
    "rubles": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rouble": "RUB",
    "rub": "RUB",
    "dollars": "USD",
    "dollar": "USD",
    "usd": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "eur": "EUR",
    "%": "%",
    "percent": "%",
    "per cent": "%",
}
CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "₽": "RUB"}
QUALIFIERS = {
    "more than": "more than",
    "over": "over",
    "about": "about",
    "some": "some",
    "around": "about",
    "nearly": "nearly",
    "almost": "almost",
    "up to": "up to",
    "at least": "at least",
    "less than": "less than",
    "fewer than": "less than",
    "approximately": "about",
    "roughly": "about",
    "in excess of": "more than",
    "exceeds": "more than",
    "exceeded": "more than",
    "exceeding": "more than",
    "under": "less than",
    "a total of": None,
    "only": None,
}
# Words after a number that make it a duration, an age or a position, not a reported amount.
NOT_AMOUNT_AFTER = re.compile(
    # ("five more years", "two consecutive days": a word that counts on in time before the unit)
    r"^(?:-|\s)?(?:(?:more|other|additional|further|consecutive|long|full)\s+(?=(?:years?|months?|weeks?|days?"
    r"|hours?|decades?)\b))?"
    r"(?:(?:st|nd|rd|th)\b|years?\b|-years?\b|months?\b|-months?\b|weeks?\b|-weeks?\b|days?\b|-days?\b"
    r"|hours?\b|-hours?\b|minutes?\b|-minutes?\b|seconds?\b|decades?\b|centur(?:y|ies)\b|times\b|o'clock"
    r"|a\.m\.|p\.m\.|am\b|pm\b|px\b|pt\b|anniversary|-th\b|-\d|/\d|\.\d+\.|:\d)",
    re.IGNORECASE,
)
NOT_AMOUNT_BEFORE = re.compile(
    r"(?:\b(?:article|articles|no|nos|number|unit|paragraph|clause|part|item|resolutions?|decrees?|order|page|pp?"
    r"|room|building|house|tel|phone|fax|ext|code|aged|age\s+of|version|chapter|section|series|model|flight"
    r"|route|art|sec|para)\.?\s*|[+#№/]\s*|[\w:-])$",
    re.IGNORECASE,
)
_MON = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
# Thousands are grouped by commas, by a space of any width (plain, no-break U+00A0, thin U+2009, narrow
# no-break U+202F: "2 773 rounds" is 2773) or, in continental style, by dots when there are two groups or
# more ("1.250.000"); a single dot group is decided later by what the number counts (see _dot_thousands).
GROUP_SPACES = " \u00a0\u2009\u202f"
_NUM = (
    r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    rf"|\d{{1,3}}(?:[{GROUP_SPACES}]\d{{3}})+(?!\d|[.,]\d)"
    r"|\d{1,3}(?:\.\d{3}){2,}(?!\d|\.\d)"
    r"|\d+(?:\.\d+)?)"
)
# More digits than a float holds exactly: an identifier, a hash or a run of digits, never an amount (and a
# 310-digit string would read as infinity).
MAX_DIGITS = 15
_WORD = r"(?:" + "|".join(sorted(set(WORD_NUMBERS_COMPOUND) - {"a", "an"}, key=len, reverse=True)) + r")"
_MULT = r"(?:hundred|thousand|million|mln|billion|bln|bn|trillion)"
_WORDNUM = rf"(?:(?:a|an)(?=[\s-]{_MULT}\b)|{_WORD}(?:[-\s]{_WORD})*)(?![\w])"
_UNIT = (
    r"(?:(?:metric\s+|short\s+)?(?:tonnes|tonne|tons|ton)|kilogrammes|kilograms|kilogram|kilos|kgs|kg|tonnes|tonne|tons|ton|t|grammes|grams|gram|g|litres|litre"
    r"|liters|liter|l|roubles|rouble|rubles|ruble|rub|dollars|dollar|usd|euros|euro|eur|per\s+cent|percent|%)"
)
_QUAL = r"(?:" + "|".join(re.escape(q).replace(r"\ ", r"\s+") for q in sorted(QUALIFIERS, key=len, reverse=True)) + r")"

FIGURE = re.compile(
    rf"(?:(?P<qual>\b{_QUAL})\s+)?(?P<sign>[$€₽])?\s?"
    rf"(?:(?P<num>(?<![\w.,]){_NUM})|(?P<word>\b{_WORDNUM}))"
    rf"(?:[\s-](?P<mult>{_MULT})\b)?"
    rf"(?:\s?(?P<unit>{_UNIT})(?![\w]))?",
    re.IGNORECASE,
)
COMPOSITE = re.compile(r"\b\d{1,3}\s+(?:million|billion)\s+\d{1,3}\s+thousand(?:\s+\d{1,3}(?![\d,.]))?", re.IGNORECASE)
PHONE = re.compile(
    r"\+\d[\d\s()-]{6,}\d|\(\d{2,5}\)\s?\d[\d\s-]{4,}\d|(?<![\d,.])\d{2,4}(?:[\s-]\d{2,4}){2,}(?![\d,.])"
)
LIST_MARKER = re.compile(r"\d{1,2}(?:\.\d{1,2})*(?:[.)]\s|\s+[A-Z]|\.[A-Z])")
# The counted item ends where the clause goes on: a verb, a preposition that starts a new phrase,
# or punctuation.
ITEM_STOP = re.compile(
    r"\b(?:was|were|is|are|be|been|have|has|had|will|would|and|or|but|in|into|at|on|during|from|to|by|for|with"
    r"|which|that|who|whose|through|including|involving|of\s+which|as|than|per|each|since|while|whereas|it|they)\b"
    r"|[,.;:()\"“”«»]",
    re.IGNORECASE,
)
# "during the operation", "in the course of the exercise": the sentence names the event the figure belongs to
_EVENT_REF = re.compile(
    r"\b(?:during|in\s+the\s+course\s+of|as\s+a\s+result\s+of|within|in|of|at|under)\s+the\s+"
    r"(?:period\s+of\s+the\s+)?(?P<words>(?:[\w-]+\s+){0,3}[\w-]+)",
    re.IGNORECASE,
)
# "X persons were detained, among them Y foreigners": what follows names a part of the total before it
PART_MARKER = re.compile(
    r"\b(?:among\s+(?:them|whom|which|those)|of\s+(?:them|whom|which|these)|out\s+of\s+(?:them|which)"
    r"|including|incl\.|in\s+particular|in\s+that\s+number|of\s+which)\b"
    r"|(?<![а-яё])(?:в\s+том\s+числе|из\s+них|среди\s+них|включая)(?![а-яё])",
    re.IGNORECASE,
)
PART_TAIL = re.compile(rf"(?:{PART_MARKER.pattern})\W*$", re.IGNORECASE)  # the marker right before the part
MASS_UNITS = {"kg": 1.0, "t": 1000.0, "g": 0.001}


def _word_value(words: str) -> float | None:
    total, current = 0, 0
    for w in re.split(r"[-\s]+", words.lower()):
        if w in ("hundred",):
            current = (current or 1) * 100
        elif w in WORD_NUMBERS_COMPOUND:
            current += WORD_NUMBERS_COMPOUND[w]
        else:
            return None
    total += current
    return float(total) if total else None


def _item(text: str, start: int) -> str:
    """The counted thing: the words after the number (and unit), up to where the clause goes on."""
    rest = text[start : start + 160]
    rest = re.sub(r"^\s*(?:of\s+)?", "", rest)
    stop = ITEM_STOP.search(rest)
    item = rest[: stop.start()] if stop else rest
    words = item.split()[:8]
    return " ".join(words).strip(" -–")


def _item_before(text: str, start: int) -> str:
    """For "transactions worth more than 280 million rubles" the thing measured comes before the amount."""
    pieces = re.split(r"[,.;:()\"“”«»]|\n", text[max(0, start - 160) : start])
    for head in reversed(pieces[-2:]):
        head = re.sub(
            r"\b(?:was|were|is|are|worth|amounted\s+to|amounts\s+to|totalled|totaled|of|at)\s*$",
            "",
            head.strip(),
        )
        if head:
            return " ".join(head.split()[-8:])
    return ""


def find_figures(
    text: str,
    date_spans: list[tuple[int, int]] | None = None,
    lang: str = "en",
    unbounded: list[str] | None = None,
) -> list[Figure]:
    """Reported amounts and counts in ``text`` with value, unit, item and qualifier.

    ``date_spans`` are character spans already read as dates (computed here when not given).
    ``lang`` "ru" reads Russian amounts ("более 280 млн рублей", "12 100 сотрудников").
    ``unbounded``, when given, collects the digit strings left out for being longer than any amount (a float
    would read a 310-digit number as infinity).
    Spans index into ``text``; ``sentence`` is left empty for the caller to fill.
    """
    if date_spans is None:
        date_spans = [(d.start, d.end) for d in resolve_dates(text, None, lang)]
    if lang == "ru":
        return _find_figures_ru(text, date_spans)
    out = _composite_figures(text) + _vague_figures(text)
    blocked = bytearray(len(text))  # characters inside dates, phone numbers, versions and composite numbers
    for s, e in [*date_spans, *_not_amount_spans(text), *((f.start, f.end) for f in out)]:
        blocked[s:e] = b"\x01" * max(0, min(e, len(text)) - s)
    pos = 0
    while (m := FIGURE.search(text, pos)) is not None:
        pos = m.end() if m.end() > m.start() else m.start() + 1
        num_s, num_e = m.span("num") if m.group("num") else m.span("word")
        if any(blocked[num_s:num_e]):
            first_gap = _group_gap(text, num_s, num_e)
            if first_gap is not None and not any(blocked[first_gap:num_e]):
                pos = first_gap + 1  # "May 15 300 people": the day is the date's, the amount starts after it
            continue
        fig = _figure_at(text, m)
        if fig is not None:
            out.append(fig)
        elif unbounded is not None and m.group("num") and _digits_value(m.group("num")) is None:
            unbounded.append(m.group("num"))
    out.sort(key=lambda f: f.start)
    return out


def _composite_figures(text: str) -> list[Figure]:
    """ "9 million 904 thousand 700 people" is one number."""
    out = []
    for m in COMPOSITE.finditer(text):
        value = sum(
            float(n) * MULTIPLIERS.get((u or "").lower(), 1)
            for n, u in re.findall(rf"(\d+)(?:\s+({_MULT}))?", m.group(0), re.IGNORECASE)
        )
        out.append(Figure(start=m.start(), end=m.end(), sentence="", value=value, unit=None,
                          item=_item(text, m.end()), qualifier=None, text=m.group(0)))
    return out


# "thousands of protesters", "tens of thousands of people": a count given by its order of magnitude, at least
# that many
VAGUE = re.compile(
    r"(?<![\w-])(?:(?P<pre>tens|hundreds)\s+of\s+)?(?P<mult>dozens|hundreds|thousands|millions)\s+of\s+(?=[a-z])",
    re.IGNORECASE,
)
VAGUE_VALUES = {"dozens": 12, "tens": 10, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000}


def _vague_figures(text: str) -> list[Figure]:
    out = []
    for m in VAGUE.finditer(text):
        if NOT_AMOUNT_AFTER.match(" " + text[m.end() : m.end() + 12]):
            continue  # "dozens of years": a duration
        value = VAGUE_VALUES[m.group("mult").lower()] * VAGUE_VALUES.get((m.group("pre") or "").lower(), 1)
        out.append(Figure(start=m.start(), end=m.end("mult"), sentence="", value=float(value), unit=None,
                          item=_item(text, m.end()), qualifier="more than", text=text[m.start() : m.end("mult")]))
    return out


# Software and page furniture: "Powered by Bitrix 24.100.0", "© 2024", "version 3.2": numbers there count
# nothing in the world.
FURNITURE_LINE = re.compile(
    r"\bpowered\s+by\b|©|\bcopyright\b|\ball\s+rights\s+reserved\b|\bCMS\b|\bversion\b|\bv\d",
    re.IGNORECASE,
)
# A dotted number that is no thousands grouping ("24.100.0", "1.2.3", "5.4.1-beta"): a version or an index.
DOTTED_CODE = re.compile(r"(?<![\w.])\d+(?:\.\d+){2,}(?:[-+]?\w+)*")
THOUSANDS_SPACED = re.compile(rf"\d{{1,3}}(?:[{GROUP_SPACES}]\d{{3}})+")


def _not_amount_spans(text: str) -> list[tuple[int, int]]:
    """Spans whose digits are no amount: phone numbers, dotted version numbers, furniture lines."""
    spans = []
    for m in PHONE.finditer(text):
        # "10 000 000 rubles" groups thousands; a phone number has no such regular three-digit groups
        if THOUSANDS_SPACED.fullmatch(m.group(0)) and not re.search(r"[+(]\s*$|\b(?:tel|phone|fax)\b\.?:?\s*$",
                                                                    text[max(0, m.start() - 12) : m.start()],
                                                                    re.IGNORECASE):
            continue
        spans.append(m.span())
    for m in DOTTED_CODE.finditer(text):
        if not re.fullmatch(r"\d{1,3}(?:\.\d{3})+", m.group(0)):
            spans.append(m.span())
    for m in FURNITURE_LINE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        if line_end - line_start <= 160:  # a footer line, not a paragraph that mentions a version
            spans.append((line_start, line_end))
    return spans


def _group_gap(text: str, start: int, end: int) -> int | None:
    """Where the first thousands separator of a grouped number is, if it is one."""
    m = re.search(rf"[{GROUP_SPACES}]", text[start:end])
    return start + m.start() if m else None


def _digits_value(raw: str) -> float | None:
    """The value of a digit string with its thousands separators; None past what a float holds exactly."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", raw):
        raw = raw.replace(".", "")
    digits = re.sub(rf"[,{GROUP_SPACES}]", "", raw)
    if len(digits.replace(".", "").lstrip("0")) > MAX_DIGITS:
        return None
    value = float(digits)
    return value if math.isfinite(value) else None


def _dot_thousands(raw: str, unit: str | None, mult: str | None, item: str) -> bool:
    """ "2.773 rounds": one dot before exactly three digits groups thousands when the number counts things
    (rounds, persons cannot come in fractions); with a unit of measure ("116.495 kilograms") it is a decimal."""
    return bool(
        re.fullmatch(r"[1-9]\d{0,2}\.\d{3}", raw) and unit is None and not mult and re.match(r"[A-Za-z]", item)
    )


def _figure_at(text: str, m: re.Match[str]) -> Figure | None:
    """The figure a FIGURE match reads, or None when the number is no reported amount."""
    num_s, num_e = m.span("num") if m.group("num") else m.span("word")
    if m.group("num") and LIST_MARKER.match(text, num_s) and (num_s == 0 or text[num_s - 1] == "\n"):
        return None  # "1. Regarding ...", "1.2 The Observer shall": numbering, not an amount
    word = m.group("word")
    mult = m.group("mult")
    raw = m.group("num")
    if word:
        w = word.lower()
        # a lone article, or a lone "one"/"two", is not a figure; "a thousand" and "two million" are
        if w in ("a", "an", "one", "two") and not mult:
            return None
        value = _word_value(word)
        if value is None:
            return None
        if NOT_AMOUNT_AFTER.match(text[m.end("word") : m.end("word") + 12]) and not mult:
            return None
    else:
        value = _digits_value(raw)
        if value is None:
            return None
        after = text[num_e : num_e + 12]
        before = text[max(0, num_s - 14) : num_s]
        if NOT_AMOUNT_AFTER.match(after) or NOT_AMOUNT_BEFORE.search(before):
            return None
        # a bare four-digit year-like number without unit is a year ("in 2016", "Peace Mission 2007")
        if re.fullmatch(r"(?:1[89]|20)\d\d", raw) and not (mult or m.group("unit") or m.group("sign")):
            return None
        bare = not (mult or m.group("unit") or m.group("sign"))
        if re.search(rf"\b{_MON}\s+\d{{1,2}},\s*$", before, re.IGNORECASE):
            return None  # "of June 23, 20" cut off by an excerpt: the rest of a date, not an amount
        if bare and re.match(r"\s*\((?:1[89]|20)\d\d\)", after):
            return None  # "resolutions 1624 (2005) and 2354 (2017)": a document's number and year
        if bare and re.match(r"\s*(?:[,;)]|\.(?!\d)|$)", after):
            # "Zhang, 65, will ...", "who is 66,": an age; "an interview with France 24,": a name
            if re.search(r"(?:\b[A-Z][\w’'-]+,\s*|\bwho\s+(?:is|was|turned)\s+)$", before):
                return None
            if not m.group("qual") and re.search(r"(?<![.!?]\s)\b[A-Z][a-z]+\s$", before):
                return None
        glued = text[num_e : num_e + 1]
        if glued.isalpha() and not m.group("unit") and not mult:
            return None  # "3D", "2nd", "5G": a glued letter makes a code or an ordinal, not an amount
    if not (mult or m.group("unit")) and re.match(r"-[a-z]", text[num_e : num_e + 2]):
        return None  # "the six-member organisation", "a 10-point plan": a compound adjective, not an amount
    unit_word = m.group("unit")
    glued_unit = unit_word and len(unit_word) == 1 and not text[m.start("unit") - 1].isspace()
    if glued_unit and unit_word.isalpha():
        return None  # "5G", "3D": a glued single letter makes a code, not grams or tonnes
    unit_key = re.sub(r"^(?:metric|short)\s+", "", " ".join(unit_word.lower().split())) if unit_word else None
    unit = UNITS.get(unit_key) if unit_key else None
    if m.group("sign"):
        unit = CURRENCY_SIGNS[m.group("sign")]
    e = m.end()
    if unit is None and unit_word is None:
        # "2 million US dollars", "300 Russian rubles": a currency after one qualifying word
        cur = re.match(r"\s+[A-Za-z]+\s+(roubles|rubles|dollars|euros)\b", text[e : e + 30])
        if cur:
            unit = UNITS[cur.group(1).lower()]
            e += cur.end()
    qual_raw = m.group("qual")
    qualifier = None
    if qual_raw:
        qualifier = QUALIFIERS.get(" ".join(qual_raw.lower().split()), qual_raw.lower())
    s = m.start("qual") if qual_raw else (m.start("sign") if m.group("sign") else num_s)
    while e > s and text[e - 1].isspace():
        e -= 1
    item = _item(text, e)
    if re.match(r"\d", item):
        return None  # an item that starts with a number: the number was cut from a longer one ("2 773")
    if raw and not (mult or unit_word or m.group("sign") or qual_raw):
        before = text[max(0, num_s - 24) : num_s]
        day_of_month = rf"\b{_MON}\.?,\s*$|\b{_MON}\s+\d{{1,2}}\s*(?:through|to|till|until|and)\s+$"
        if re.search(day_of_month, before, re.IGNORECASE):
            return None  # "On September, 4 Moscow hosted", "from October 10 through 14": a day of a month
        if not text[num_e:].strip():
            return None  # the last characters of an excerpt cut inside a number ("suspended its membership in 19")
        if re.match(r"\.\s+[a-z]", text[num_e : num_e + 4]):
            return None  # "on the 80. anniversary": a number closed by a full stop inside a sentence is an ordinal
        if not item and re.search(r"(?<![.!?]\s)\b[A-Z][\w’'-]*\s$", before):
            return None  # "World War 2", "France 24 on Monday": a number that ends a name counts nothing
    if not item and unit:
        item = re.sub(r"^[\d.,\s]+\w*\s+(?:of\s+)?", "", _item_before(text, s))  # not an earlier amount
    if raw and _dot_thousands(raw, unit, mult, item):
        value = float(raw.replace(".", ""))
    elif raw and "." in raw and unit is None and not mult and not item:
        return None  # a bare decimal that counts nothing ("Release 4.2"): a version or a score
    if mult:
        value *= MULTIPLIERS[mult.lower()]
    return Figure(start=s, end=e, sentence="", value=value, unit=unit, item=item, qualifier=qualifier,
                  text=text[s:e])


# Russian: space-grouped thousands, decimal comma, abbreviated multipliers, inflected units.
_NUM_RU = r"(?:\d{1,3}(?:[\s\u00a0]\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
FIGURE_RU = re.compile(
    r"(?:(?P<qual>(?<![а-яё])(?:более\s+чем|более|свыше|около|порядка|почти|не\s+менее|до|примерно))\s+)?"
    rf"(?P<num>(?<![\w.,]){_NUM_RU})(?![\d])"
    r"(?:\s*(?P<mult>тыс\.|тысяч[аи]?|млн\.?|миллион\w*|млрд\.?|миллиард\w*))?"
    r"(?:\s*(?P<unit>кг|килограмм\w*|тонн\w*|т\.|грамм\w*|г\.|литр\w*|л\.|рубл\w*|руб\.|долл\w*|евро|%))?",
    re.IGNORECASE,
)
_MULT_RU = {"тыс": 1_000, "млн": 1_000_000, "мил": 1_000_000, "млр": 1_000_000_000}
_UNIT_RU = {
    "кг": "kg",
    "кил": "kg",
    "тон": "t",
    "т.": "t",
    "гра": "g",
    "г.": "g",
    "лит": "l",
    "л.": "l",
    "руб": "RUB",
    "дол": "USD",
    "евр": "EUR",
    "%": "%",
}
_QUAL_RU = {
    "более": "more than",
    "более чем": "more than",
    "свыше": "over",
    "около": "about",
    "порядка": "about",
    "почти": "nearly",
    "не менее": "at least",
    "до": "up to",
    "примерно": "about",
}


def _find_figures_ru(text: str, date_spans: list[tuple[int, int]]) -> list[Figure]:
    blocked = bytearray(len(text))
    for s, e in [*date_spans, *(m.span() for m in PHONE.finditer(text))]:
        blocked[s:e] = b"\x01" * max(0, min(e, len(text)) - s)
    out = []
    for m in FIGURE_RU.finditer(text):
        num_s, num_e = m.span("num")
        raw = re.sub(r"[\s\u00a0]", "", m.group("num"))
        if any(blocked[num_s:num_e]) or NOT_AMOUNT_BEFORE.search(text[max(0, num_s - 14) : num_s]):
            continue
        if re.match(r"-?(?:й|я|е|го|м|х)\b|\s*(?:год|лет|дн|час|мин|век)", text[num_e : num_e + 6], re.IGNORECASE):
            continue  # ordinals ("25-й") and durations ("14 лет") are not amounts
        mult, unit_word = m.group("mult"), m.group("unit")
        if re.fullmatch(r"(?:1[89]|20)\d\d", raw) and not (mult or unit_word):
            continue
        value = float(raw.replace(",", "."))
        if mult:
            value *= _MULT_RU[mult.lower()[:3]]
        unit = None
        if unit_word:
            w = unit_word.lower()
            unit = _UNIT_RU.get(w) or _UNIT_RU.get(w[:3])
        qual = " ".join(m.group("qual").lower().split()) if m.group("qual") else None
        s = m.start("qual") if qual else num_s
        e = m.end()
        while e > s and text[e - 1].isspace():
            e -= 1
        item = " ".join(re.split(r"[,.;:()«»\"]", text[e : e + 80])[0].split()[:5])
        out.append(
            Figure(
                start=s,
                end=e,
                sentence="",
                value=value,
                unit=unit,
                item=item,
                qualifier=_QUAL_RU.get(qual or "", qual),
                text=text[s:e],
            )
        )
    return out


def _sentence_of(article: Article, start: int) -> tuple[int, int]:
    doc = article.extra.get("doc")
    text = article.text
    # The doc's sentences listed once per article, then a bisection: building doc.text and scanning the
    # sentences for every figure made a long page quadratic.
    cached = article.extra.get("figure_sentences")
    if doc is not None and (cached is None or cached[0] is not doc or cached[1] != text):
        bounds = [(s.start_char, s.end_char) for s in doc.sents] if doc_of(text, doc) else []
        cached = article.extra["figure_sentences"] = (doc, text, [b[0] for b in bounds], bounds)
    if doc is not None and cached[3]:
        _, _, starts, bounds = cached
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and start < bounds[i][1]:
            return bounds[i]
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right = min([i for i in (text.find(". ", start), text.find("\n", start)) if i >= 0] or [len(text)])
    return (0 if left < 0 else left + 1), right + 1


def _linked_event(article: Article, sentence: str, s_start: int, lang: str = "en") -> int | None:
    """The event a figure belongs to: one triggered in the same sentence, or one the sentence names."""
    for i, ev in enumerate(article.events):
        if ev.start <= s_start < ev.end or (
            ev.sentence and ev.sentence.strip() == sentence.strip() and not getattr(ev, "in_title", False)
        ):
            return i
    for ref in _EVENT_REF.finditer(sentence):
        wanted = next((t for t in map(lambda w: noun_type(w, lang), ref.group("words").split()) if t), None)
        if wanted is None:
            continue
        candidates = [i for i, ev in enumerate(article.events) if ev.type == wanted]
        before = [i for i in candidates if article.events[i].start <= s_start]
        if before:
            return before[-1]
        if candidates:
            return candidates[0]
    return None


@component("figures")
def make_figures(config: dict) -> object:
    def figures(article: Article) -> Article:
        lang = article_lang(article)
        body = body_figures(article, lang)
        found = body + title_figures(article, lang, {(round(f.value, 6), f.unit) for f in body})
        told: dict[int, str] = {}  # paragraph -> the series its figures were last told under
        for fig in found:
            para = -1 if fig.in_title else article.text.count("\n\n", 0, fig.start)
            named = _series_in(fig.sentence, lang)
            fig.series = series_of(article, fig, lang, carried=None if named else told.get(para))
            if fig.series:
                told[para] = fig.series
        link_parts(article, found)
        article.figures = found
        return article

    return figures


def body_figures(article: Article, lang: str) -> list[Figure]:
    """The body's figures with their sentence and event; the same amount restated is one figure."""
    text = article.text
    spans = [(d.start, d.end) for d in article.dates] if article.dates else None
    seen: set[tuple[float, str | None]] = set()
    found = []
    unbounded: list[str] = []
    figures = find_figures(text, spans, lang, unbounded)
    if unbounded:  # said on the page, as the run report lists every note
        article.page.notes.append(f"{len(unbounded)} figure(s) beyond any float not stored: "
                                  + "; ".join(d[:24] + ("…" if len(d) > 24 else "") for d in unbounded[:3]))
    for fig in figures:
        # the same amount restated ("six-member organisation" ... "the six members") is one fact
        key = (round(fig.value, 6), fig.unit)
        if key in seen:
            continue
        seen.add(key)
        s, e = _sentence_of(article, fig.start)
        fig.sentence = text[s:e].strip()
        fig.event = _linked_event(article, fig.sentence, s, lang)
        found.append(fig)
    return found


def title_figures(article: Article, lang: str, in_body: set[tuple[float, str | None]]) -> list[Figure]:
    """Figures of the title the body does not state (``in_body``: value and unit of the body's figures)."""
    title = article.title or ""
    if not title:
        return []
    out = []
    for fig in find_figures(title, None, lang):
        if (round(fig.value, 6), fig.unit) in in_body:
            continue
        fig.in_title = True
        fig.sentence = title.strip()
        fig.event = next((i for i, ev in enumerate(article.events) if ev.in_title), None)
        out.append(fig)
    return out


def series_of(article: Article, fig: Figure, lang: str, carried: str | None = None) -> str | None:
    """The operation or exercise series a figure reports on, with its year or stage: the one named in its
    sentence, else the one the paragraph's figures were told under (``carried``: "In the course of the events,
    443 persons were detained" after a sentence about "Nelegal-2018"), else the event it belongs to, else the
    only series the article's own text names when the sentence speaks of an operation or exercise."""
    if carried and not _series_in(fig.sentence, lang):
        return carried
    own = [ev for ev in article.events if ev.from_teaser is None and ev.type in ("operation", "exercise")]
    year = None
    if fig.event is not None and 0 <= fig.event < len(article.events):
        ev = article.events[fig.event]
        year = ev.date.year if ev.date else None
    name = _series_in(fig.sentence, lang)
    if name is None and fig.event is not None and 0 <= fig.event < len(article.events):
        ev = article.events[fig.event]
        if ev.type in ("operation", "exercise") and ev.name and ev.from_teaser is None:
            name = ev.name
    # the article's one series, unless the sentence is about another kind of event ("the agenda of the 2019
    # session, where the presidents considered 17 issues")
    kinds = {noun_type(w, lang) for w in re.findall(r"[^\W\d_]+", fig.sentence)} - {None, "operation", "exercise"}
    if name is None and not kinds:
        names = {ev.name for ev in own if ev.name}
        if len(names) == 1:
            name = names.pop()
            year = year or next((ev.date.year for ev in own if ev.name == name and ev.date), None)
    if name is None:
        return None
    if year is None:
        year = next((ev.date.year for ev in own if ev.name == name and ev.date), None)
    if year is None:
        years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", fig.sentence)]
        year = years[0] if len(years) == 1 else (article.published.year if article.published else None)
    return with_stage(name, year)


def _series_in(sentence: str, lang: str) -> str | None:
    """A series named in the sentence: a name with its year anywhere ("in the course of “Nelegal-2018”"), or a
    quoted name or "dubbed X" next to an operation or exercise noun."""
    for start, end, name in series_names(sentence):
        if re.search(r"-(?:19|20)\d\d$", name) or sentence[max(0, start - 1) : start] in "\"“«„'‘" and start:
            return name  # "Interaction-2023", "“Nelegal-2018”": the shape of a series name
        near = sentence[max(0, start - 40) : end + 40]
        if any(noun_type(w, lang) in ("operation", "exercise") for w in re.findall(r"[^\W\d_]+", near)):
            return name
    return None


def link_parts(article: Article, figures: list[Figure]) -> None:
    """ "X persons were detained, among them Y foreigners": Y is part of X (Figure.part_of), and so is a
    sibling coordinated with Y ("including 12 kg of heroin and 3 kg of hashish")."""
    by_sentence: dict[tuple[str, bool], list[int]] = {}
    for i, fig in enumerate(figures):
        by_sentence.setdefault((fig.sentence, fig.in_title), []).append(i)
    for (_, in_title), indices in by_sentence.items():
        text = (article.title or "") if in_title else article.text
        ordered = sorted(indices, key=lambda i: figures[i].start)
        for prev_i, i in zip(ordered, ordered[1:], strict=False):
            prev, fig = figures[prev_i], figures[i]
            gap = text[prev.end : fig.start]
            if PART_TAIL.search(gap) and prev.part_of is None:
                total = prev_i
            elif prev.part_of is not None and len(gap) < 100 and re.search(r",|\band\b|(?<![а-яё])и(?![а-яё])", gap):
                total = prev.part_of
            else:
                continue
            if _fits_in(fig, figures[total]):
                fig.part_of = total


def _fits_in(part: Figure, total: Figure) -> bool:
    """A part is counted in the total's unit (masses in any mass unit) and is no larger."""
    if part.unit in MASS_UNITS and total.unit in MASS_UNITS:
        return part.value * MASS_UNITS[part.unit] <= total.value * MASS_UNITS[total.unit]
    return part.unit == total.unit and part.value <= total.value
