"""Names of institutions found by their structure, not by a list: a head noun and what names it.

English institutional names share one shape: capitalised modifiers, a head noun that says what kind of
body it is, and the complements that say whose or what for, chained with of/on/for:

    [201st] [Military] Base          Board  of Regional Liaison Officers
    [Kazakh] [Defence] Ministry      Working Group  on Border Cooperation
    [Main] Directorate  for Migration  of the Ministry of Internal Affairs

``find(text)`` returns those spans. It reads only the text (capitalisation, the head nouns and
connectives of ``lang.en``), so it also runs in the first pass over a whole crawl (the corpus lexicon);
the entity component refines its spans with spaCy's (a PERSON the span runs into ends it). Headline-style
lines, where every word is capitalised, say nothing about names and are skipped.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from communique.extract import gazetteer as gz
from communique.extract.gazetteer import has_surname_ending, is_given_name
from communique.extract.lang import en

_TOKEN = re.compile(r"[^\W_](?:[\w’'\-]*[^\W_])?")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)$")
_POSSESSIVE = re.compile(r"[’']s$")
_MAX_WORDS = 25  # no institution's name is longer; a longer run is a list or a heading block

# Words of a person's post: they end a name's modifiers ("Chairman Board" is no body's name).
TITLE_WORDS = frozenset(
    {
        "president", "minister", "ministers", "secretary", "secretaries", "chairman", "chairwoman",
        "chairperson", "chair", "deputy", "director", "chief", "commander", "ambassador", "representative",
        "envoy", "spokesman", "spokeswoman", "spokesperson", "aide", "adviser", "advisor", "governor",
        "mayor", "premier", "speaker", "coordinator", "rector", "acting", "interim", "former", "vice",
        "co-chairman", "vice-chairman", "vice-president", "commander-in-chief", "prime", "mr", "mrs", "ms",
        "dr", "colonel", "lieutenant", "major", "captain", "admiral", "marshal", "colonel-general",
        "lieutenant-general", "major-general", "his", "her", "excellency",
    }
)  # fmt: skip


@dataclass(frozen=True)
class InstitutionName:
    start: int
    end: int
    text: str
    head: str  # the head noun that made it a name (lower case)
    head_start: int  # where that noun is in the text
    head_end: int
    nested: bool = False  # inside the complements of a longer name


@dataclass
class _Tok:
    start: int
    end: int
    text: str
    low: str

    @property
    def cap(self) -> bool:
        return self.text[0].isupper() or bool(_ORDINAL.match(self.text))


def _tokens(line: str, offset: int) -> list[_Tok]:
    return [_Tok(offset + m.start(), offset + m.end(), m.group(), m.group().lower()) for m in _TOKEN.finditer(line)]


_FUNCTION_WORDS = frozenset({"of", "on", "for", "against", "the", "and", "a", "an", "in", "to", "at", "with", "by"})


_CLAUSE_END = re.compile(r"[.!?:;\"“”«»(\[—–-]\s*$")


def headline_style(line: str) -> bool:
    """Is the line written in title case, as a headline ("Secretary General Meets With Head Of ...")?

    A capitalised "Of" or "With" inside the line says so; so does a line of capitalised words only that
    does not end like a sentence.
    """
    found = list(_TOKEN.finditer(line))
    tokens = [m.group() for m in found]
    for m in found[1:]:
        w = m.group()
        if w[0].isupper() and w.lower() in _FUNCTION_WORDS - {"the", "a", "an"}:
            # a sentence or a quotation may start with it ("… on the Kyrgyz territory. In turn, …")
            if not _CLAUSE_END.search(line, max(0, m.start() - 4), m.start()):
                return True
    words = [w for w in tokens if w.isalpha() and w.lower() not in _FUNCTION_WORDS]
    return len(words) >= 4 and all(w[0].isupper() for w in words) and not line.rstrip().endswith((".", "!", "?"))


def _is_head(tok: _Tok) -> bool:
    return tok.text[0].isupper() and tok.low in en.ORG_HEADS and not _POSSESSIVE.search(tok.text)


def _modifier(tok: _Tok) -> bool:
    """May this word stand before a head noun inside a name ("Kazakh", "Military", "201st", "CSTO")? Not an
    event's word ("Operation Channel"), nor a description ("Moscow-based", "Russia-led")."""
    return (
        tok.cap
        and tok.low not in en.NOT_NAME_WORDS
        and tok.low not in TITLE_WORDS
        and tok.low not in en.EVENT_WORDS
        and not _POSSESSIVE.search(tok.text)
        and not tok.low.endswith(("-based", "-led"))
    )


def _name_word(tok: _Tok, stops: frozenset[int]) -> bool:
    """May this word continue a name after a head noun or a connective?"""
    return tok.cap and tok.start not in stops and tok.low not in _CALENDAR


# A post or a rank inside a complement starts what follows the name: "... of Armenia Colonel General X".
_ENDS_COMPLEMENT = frozenset(
    {
        "president", "minister", "secretary", "chairman", "chairwoman", "director", "chief", "commander",
        "ambassador", "deputy", "colonel", "major", "lieutenant", "general", "captain", "admiral", "marshal",
        "colonel-general", "lieutenant-general", "major-general", "mr", "mrs", "ms",
    }
)  # fmt: skip


_CALENDAR = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    }
)  # fmt: skip


_GAP = re.compile(r"[”\"»]?[ \t\u00a0]+[“\"«]?")


def _joined(text: str, a: _Tok, b: _Tok) -> bool:
    """Are two consecutive words in one phrase (only spaces between them, or the quotes around a word of
    it: "“Valdai” Club", or an abbreviation's full stop: "St. Petersburg")?"""
    gap = text[a.end : b.start]
    if _GAP.fullmatch(gap):
        return True
    return gap.startswith(".") and a.low in en.NAME_ABBREVIATIONS and bool(_GAP.fullmatch(gap[1:]))


def find(text: str, stops: Iterable[int] = ()) -> list[InstitutionName]:
    """Institutional names in ``text`` by structure; ``stops``: offsets where another name starts (a
    PERSON, say), which a name never runs into.

    Names inside another's complements are found too ("Armed Forces of the Kyrgyz Republic" in "General
    Staff of the Armed Forces of the Kyrgyz Republic"), with ``nested`` set.
    """
    stop_set = frozenset(stops)
    words = list(_TOKEN.finditer(text))
    given = [m.start() for m in words if m.group()[0].isupper() and is_given_name(m.group())]
    stop_set |= frozenset(given)  # "... of Kazakhstan Sergei Ivanov": a given name starts a person's name
    stop_set |= frozenset(_names_ending_a_run(text, words))
    out: list[InstitutionName] = []
    pos = 0
    previous = ""
    heads = _head_word()
    for line in text.split("\n"):
        if heads.search(line) and not headline_style(line):
            # a line that goes on with a capitalised run of the last one is a hard-wrapped name: its
            # start is not the name's ("the Shanghai | Cooperation Organization")
            wrapped = bool(re.search(r"[A-Z][\w’'\-]*\s*$", previous))
            out += _find_in_line(text, _tokens(line, pos), stop_set, wrapped)
        previous = line
        pos += len(line) + 1
    return out


def ends_body_name(word: str) -> bool:
    """Can a body's name end on this word: an acronym ("RATS"), a head noun ("Office"), a state ("Turkmenistan")?"""
    return word.isupper() or word.lower() in en.ORG_HEADS or bool(gz.country_of(word))


def holder_name(first: str, last: str) -> bool:
    """Are these two capitalised words a person's name after a body's (no head noun; a given name, or a
    surname's ending, says so)?"""
    if first.lower() in en.ORG_HEADS or last.lower() in en.ORG_HEADS:
        return False
    return is_given_name(first) or has_surname_ending(last)


def _names_ending_a_run(text: str, words: list[re.Match[str]]) -> list[int]:
    """Where a person's name of two words ends a capitalised run, its last word a surname by its ending ("...
    of the SCO RATS Artur Golovanov", "Cabinet of Ministers of Turkmenistan Khojamurad Geldymuradov"): a body's
    name never runs into its head's."""
    out = []
    for k in range(1, len(words) - 1):
        before, first, last = words[k - 1], words[k], words[k + 1]
        after = words[k + 2] if k + 2 < len(words) else None
        if (
            first.group()[0].isupper()
            and first.group()[1:].islower()
            and last.group()[0].isupper()
            and text[first.end() : last.start()] == " "
            and text[before.end() : first.start()] == " "
            and holder_name(first.group(), last.group())
            and not (after is not None and after.group()[0].isupper() and text[last.end() : after.start()] == " ")
            # what ends a body's name stands before the person's: an acronym, a head noun, a state
            and ends_body_name(before.group())
        ):
            out.append(first.start())
    return out


@lru_cache(maxsize=1)
def _head_word() -> re.Pattern[str]:
    """Any capitalised head noun: a line without one names no institution (and is not tokenised)."""
    return re.compile(r"\b(?:" + "|".join(sorted((h.title() for h in en.ORG_HEADS), key=len, reverse=True)) + r")\b")


def _find_in_line(text: str, toks: list[_Tok], stops: frozenset[int], wrapped: bool) -> list[InstitutionName]:
    out: list[InstitutionName] = []
    covered = -1
    for i, tok in enumerate(toks):
        if i <= covered or not _is_head(tok) or _in_rank(text, tok):
            continue
        lo, hi = _extent(text, toks, i, covered, stops)
        covered = max(covered, hi) if hi - lo + 1 <= _MAX_WORDS else hi
        if hi - lo + 1 > _MAX_WORDS or (wrapped and lo == 0):
            continue
        name = _name(text, toks, lo, hi, i)
        if name is None:
            continue
        out.append(name)
        # a name inside the run before a later head: "[CSTO Ministerial Council] Working Group on ..."
        first_head = lo + next(k for k, w in enumerate(toks[lo : hi + 1]) if _is_head(w))
        run_end = _run_end(text, toks, i, stops)
        if first_head < run_end and any(_is_head(w) for w in toks[first_head + 1 : run_end + 1]):
            inner = _name(text, toks, lo, first_head, first_head)
            if inner is not None and any(w.text.isupper() or gz.country_of(w.text) for w in toks[lo:first_head]):
                out.append(InstitutionName(inner.start, inner.end, inner.text, inner.head, inner.head_start,
                                           inner.head_end, nested=True))
        # names inside the complements: a head right after "of [the]" starts one
        for k in range(i + 1, hi + 1):
            if not _is_head(toks[k]) or _in_rank(text, toks[k]):
                continue
            first = k
            while (
                first - 1 > i
                and _modifier(toks[first - 1])
                and toks[first - 1].low not in en.ORG_COMPLEMENT_WORDS
                and _joined(text, toks[first - 1], toks[first])
            ):
                first -= 1
            before = toks[first - 1].low if first - 1 > i else ""
            if before not in en.ORG_COMPLEMENT_WORDS and before != "the":
                continue
            # "Council of Heads of Government of ...": "Government" completes the title "Heads of", no body
            of_at = first - 1 if before != "the" else first - 2
            if of_at - 1 > i and toks[of_at - 1].low.rstrip("s") in TITLE_WORDS | {"head", "chief", "leader"}:
                continue
            inner_hi = _complements(text, toks, _run_end(text, toks, k, stops), stops)
            has_complement = inner_hi > _run_end(text, toks, k, stops)
            # whose body it is must be said: by a complement, an acronym or a state ("CSTO Secretariat")
            proper = any(w.text.isupper() or gz.country_of(w.text) for w in toks[first:k])
            if not (has_complement or proper) or inner_hi > hi:
                continue
            inner = _name(text, toks, first, inner_hi, k)
            if inner is not None:
                out.append(InstitutionName(inner.start, inner.end, inner.text, inner.head, inner.head_start,
                                           inner.head_end, nested=True))
    return out


def _extent(text: str, toks: list[_Tok], i: int, covered: int, stops: frozenset[int]) -> tuple[int, int]:
    """(first, last) word of the name headed by word i: its modifiers, the heads after it, its complements."""
    lo = i
    while lo > 0 and lo - 1 > covered and _joined(text, toks[lo - 1], toks[lo]):
        if toks[lo].start in stops:
            break
        if _modifier(toks[lo - 1]):
            lo -= 1
        elif (  # "Central Asian Information and Coordination Centre": modifiers joined by "and"
            toks[lo - 1].text == "and"
            and lo - 2 > covered
            and _joined(text, toks[lo - 2], toks[lo - 1])
            and _modifier(toks[lo - 2])
            and toks[lo - 2].low not in en.ORG_HEADS
        ):
            lo -= 2
        elif (  # "Heads of State Council", "Ministers of Defence Council": a plural noun's "of" phrase
            toks[lo - 1].text == "of"
            and lo - 2 > covered
            and _joined(text, toks[lo - 2], toks[lo - 1])
            and _modifier(toks[lo - 2])
            and toks[lo - 2].low.endswith("s")
            and toks[lo - 2].low not in en.NOT_NAME_WORDS
            and toks[lo - 2].low[:-1] not in TITLE_WORDS  # "Chiefs of Staff" are people
        ):
            lo -= 2
        else:
            break
    return lo, _complements(text, toks, _run_end(text, toks, i, stops), stops)


def _run_end(text: str, toks: list[_Tok], i: int, stops: frozenset[int]) -> int:
    """The last head noun of the capitalised run from word i ("Border Guard Service")."""
    hi = i
    j = i + 1
    while j < len(toks) and _joined(text, toks[j - 1], toks[j]) and _name_word(toks[j], stops):
        if _is_head(toks[j]) and not _in_rank(text, toks[j]):
            hi = j
        if _POSSESSIVE.search(toks[j].text):
            break
        j += 1
    return hi


def _name(text: str, toks: list[_Tok], lo: int, hi: int, head: int) -> InstitutionName | None:
    """The name spanning words lo..hi, or None when it is no particular body's name."""
    words = toks[lo : hi + 1]
    content = [w for w in words if w.low not in en.ORG_COMPLEMENT_WORDS and w.low not in ("the", "and", "&")]
    generic = all(w.low in en.GENERIC_ORG_WORDS for w in content)
    complement = any(w.low in en.ORG_COMPLEMENT_WORDS for w in words)
    if len(content) < 2 or (generic and (len(content) < 3 or complement)):
        return None  # "Working Group", "Permanent Council": a kind of body ("Collective Security Council" is one)
    start, end = words[0].start, words[-1].end
    if _POSSESSIVE.search(words[-1].text):
        end -= 2
    if start and text[start - 1] in _OPENERS + '"' and any(c in text[start:end] for c in _CLOSERS + '"'):
        start -= 1  # "“Valdai” Club": the name's own quotes
    tail = _MEMBER_STATES.match(text, end)
    if tail and (words[-1].text.isupper() or any(_is_head(w) for w in words[1:])):
        end = tail.end()  # "Association of Investors of the SCO member states"
    if _YEAR_AFTER.match(text, end) or _quoted_title(text, start, end):
        return None  # "Peace Mission 2007", "... to Prevent the Movement of Terrorists”": an event's or a title's name
    return InstitutionName(start, end, text[start:end], toks[head].low, toks[head].start, toks[head].end)


_MEMBER_STATES = re.compile(r"[ \t]+member[ \t-](?:states|countries|nations)\b")
_YEAR_AFTER = re.compile(r"[ \t]*[-–]?[ \t]*(?:19|20)\d\d\b")
_OPENERS = "“«„"
_CLOSERS = "”»"
# The quotes around a name quoted on its own ("the “Rossiya Segodnya” media group", "“Russia Today” News Agency")
QUOTE_OPENS = "“\"«"
QUOTE_CLOSES = "”\"»"


def quoted_alone(text: str, start: int, end: int) -> bool:
    """Is text[start:end] a name quoted on its own, its quotes right around it?"""
    return 0 < start and end < len(text) and text[start - 1] in QUOTE_OPENS and text[end] in QUOTE_CLOSES


def _quoted_title(text: str, start: int, end: int) -> bool:
    """Is the name part of a longer quoted title (a conference's, a document's: “... Cooperation to Counter
    Terrorism and Prevent the Movement of Terrorists”)? A name quoted by itself («Rossiya Segodnya») is not."""
    line_start = text.rfind("\n", 0, start) + 1
    # the nearest quotation mark before the name on its line decides (found by str.rfind: a scan in C,
    # where a loop over the line's characters per name made a long line's work quadratic)
    i = max(text.rfind(mark, line_start, start) for mark in _QUOTE_MARKS)
    if i < 0:
        return False
    c = text[i]
    if c in _CLOSERS:
        return False
    if c == '"':
        opener = (i == line_start or text[i - 1] in " \t([") and i + 1 < start and not text[i + 1].isspace()
        if not opener:
            return False
    # a quoted title is written in title case ("“International and Regional Border Security ... the
    # Movement of Terrorists”"); a quotation of speech is a sentence
    quoted = [w for w in _TOKEN.findall(text, i + 1, start) if w.lower() not in _FUNCTION_WORDS]
    return bool(quoted) and sum(w[0].isupper() for w in quoted) >= 0.6 * len(quoted)


_QUOTE_MARKS = (*_OPENERS, *_CLOSERS, '"')


def _listed(text: str, toks: list[_Tok], hi: int, stops: frozenset[int]) -> bool:
    """Does a comma after word hi go on with a list inside the name ("Ministry of Labor, Social Security and
    Migration")? Only when the capitalised words after it reach an "and" and one more capitalised word."""
    if text[toks[hi].end : toks[hi + 1].start] != ", ":
        return False
    k = hi + 1
    while k < len(toks) and _name_word(toks[k], stops):
        gap = text[toks[k].end : toks[k + 1].start] if k + 1 < len(toks) else ""
        if k + 2 < len(toks) and gap == " " and toks[k + 1].low == "and" and _name_word(toks[k + 2], stops):
            return True
        if gap not in (" ", ", "):
            return False
        k += 1
    return False


def _heads_a_name(text: str, toks: list[_Tok], k: int, stops: frozenset[int]) -> bool:
    """Does the capitalised run from word k hold a head noun (so it is a name of its own)?"""
    while k < len(toks) and _name_word(toks[k], stops):
        if _is_head(toks[k]):
            return True
        if k + 1 >= len(toks) or not _joined(text, toks[k], toks[k + 1]):
            break
        k += 1
    return False


@lru_cache(maxsize=1)
def _ranks() -> re.Pattern[str]:
    ranks = sorted(gz.ranks(), key=len, reverse=True)
    return re.compile("|".join(re.escape(r).replace(r"\ ", r"\s+") for r in ranks), re.I)


def rank_at(text: str, end: int) -> bool:
    """Does a rank run through ``end`` ("... Russian Federation Army| General Sergei Shoigu")?"""
    return any(m.start() < end < m.end() for m in _ranks().finditer(text, max(0, end - 20), end + 20))


def _in_rank(text: str, tok: _Tok) -> bool:
    """Is this head noun part of a rank ("Army General Sergei Shoigu", "General of the Army X")?"""
    lo = max(0, tok.start - 20)
    return any(m.start() <= tok.start and tok.end <= m.end() for m in _ranks().finditer(text, lo, tok.end + 20))


# Words that start a phrase of their own after "and", never a lower-case word inside a name ("... and other Bodies").
_NOT_IN_NAMES = frozenset(
    {"other", "others", "the", "a", "an", "its", "their", "his", "her", "our", "all", "some", "many", "several",
     "various", "these", "those", "both", "each", "every", "any", "such", "new", "also"}
)


def _complements(text: str, toks: list[_Tok], hi: int, stops: frozenset[int]) -> int:
    """The index of the last word of the name once its of/on/for complements are added."""
    while hi + 2 < len(toks):
        conn = toks[hi + 1]
        if conn.low not in en.ORG_COMPLEMENT_WORDS or conn.text != conn.low or not _joined(text, toks[hi], conn):
            break
        k = hi + 2
        if toks[k].text == "the" and k + 1 < len(toks) and _joined(text, toks[k - 1], toks[k]):
            k += 1
        if not (_joined(text, toks[k - 1], toks[k]) and _name_word(toks[k], stops)):
            break
        hi = k
        while hi + 1 < len(toks) and (_joined(text, toks[hi], toks[hi + 1]) or _listed(text, toks, hi, stops)):
            nxt = toks[hi + 1]
            if nxt.low in _ENDS_COMPLEMENT:
                break
            if _POSSESSIVE.search(toks[hi].text) and not _name_word(nxt, stops):
                break  # "People's Republic" goes on; "Russia's army" does not
            if _name_word(nxt, stops):
                hi += 1
            elif (
                nxt.low in en.ORG_JOINERS
                and hi + 2 < len(toks)
                and _joined(text, nxt, toks[hi + 2])
                and _name_word(toks[hi + 2], stops)
                and not _heads_a_name(text, toks, hi + 2, stops)
            ):
                hi += 2  # "Ministry of Education and Science"; not "... of Russia and Planning Department"
            elif (
                nxt.low in en.ORG_JOINERS
                and hi + 3 < len(toks)
                and toks[hi + 2].text.isalpha()
                and toks[hi + 2].text.islower()
                and toks[hi + 2].low not in _NOT_IN_NAMES
                and _joined(text, nxt, toks[hi + 2])
                and _joined(text, toks[hi + 2], toks[hi + 3])
                and _name_word(toks[hi + 3], stops)
                and not _heads_a_name(text, toks, hi + 3, stops)
            ):
                hi += 3  # "Commission on Military and economic Cooperation": a word of the name left in lower case
            elif (
                nxt.low == "the"
                and toks[hi].low.endswith("ing")
                and hi + 2 < len(toks)
                and _joined(text, nxt, toks[hi + 2])
                and _name_word(toks[hi + 2], stops)
            ):
                hi += 2  # "Authorities for Countering the Illegal Migration": a gerund's object
            elif nxt.low in en.PLACE_HEADS and nxt.text == nxt.low:
                hi += 1  # "Forces of the Central Asian region": a region's word in lower case ends its name
                break
            else:
                break
    return hi


# "the Izvestia newspaper", "Rossiya Segodnya international media group", "the Mir TV channel": a name
# followed by the common noun that says what it is, in lower case; the name may be quoted on its own
# ("the “Rossiya Segodnya” media group", as Russian usage writes a company's name).
_COMMON_HEAD = re.compile(
    r"(?P<name>(?:[A-Z][\w’'\-]*|[A-Z]{2,})(?:[ \t]+(?:[A-Z][\w’'\-]*|[A-Z]{2,})){0,3})"
    rf"(?P<quote>[{QUOTE_CLOSES}])?[ \t]+"
    r"(?i:(?:international|state|national|news|information|media|TV|television|radio|private|public)[ \t]+)*"
    r"(?P<head>(?i:" + "|".join(sorted(en.COMMON_ORG_HEADS, key=len, reverse=True)) + r"))\b"
)
_NATIONALITY = re.compile(r"(?:an|ian|ese|ish)$")
_HEAD_MODIFIERS = frozenset({"tv", "radio", "news", "media", "television", "international"})


# ... or preceded by it: "the TV channel MIR", "the newspaper Izvestia"
_HEAD_BEFORE = re.compile(
    r"\b(?:the\s+)?(?P<head>" + "|".join(sorted(en.COMMON_ORG_HEADS, key=len, reverse=True)) + r")"
    r"[ \t]+[“\"«]?(?P<name>(?:[A-Z][\w’'\-]*|[A-Z]{2,})(?:[ \t]+(?:[A-Z][\w’'\-]*|[A-Z]{2,})){0,2})[”\"»]?"
    r"(?![ \t]*[A-Z\w])"
)


def find_by_common_head(text: str, stops: Iterable[int] = ()) -> list[InstitutionName]:
    """Names beside a lower-case noun saying what they are ("the Izvestia newspaper", "the TV channel MIR"):
    the name alone."""
    stop_at = sorted(set(stops))
    out = []
    for m in _HEAD_BEFORE.finditer(text):
        name = m.group("name")
        if name.split()[0].lower() in en.NOT_NAME_WORDS or _stop_between(stop_at, m.start("name") - 1, m.end("name")):
            continue
        out.append(InstitutionName(m.start("name"), m.end("name"), name, m.group("head"), m.start("head"),
                                   m.end("head")))
    for m in _COMMON_HEAD.finditer(text):
        if not m.group("quote") and not m.group("head").islower():
            continue  # capitals after an unquoted name are part of it ("X News Agency"); after a quoted one,
            # they say what it is ("“Russia Today” News Agency")
        words = list(re.finditer(r"\S+", m.group("name")))
        lead = 0
        while lead < len(words) and words[lead].group().lower() in en.NOT_NAME_WORDS | TITLE_WORDS:
            lead += 1
        words = words[lead:]
        while words and not m.group("quote") and words[-1].group().lower() in _HEAD_MODIFIERS:
            words.pop()  # "Mir TV channel": "TV" says what kind of channel (a quoted name is whole: "“X Media”")
        if not words or _POSSESSIVE.search(words[-1].group()):
            continue
        if len(words) == 1 and (_NATIONALITY.search(words[0].group()) or gz.country_of(words[0].group())):
            continue  # "a Russian news agency"
        start, end = m.start("name") + words[0].start(), m.start("name") + words[-1].end()
        # a name quoted on its own is whole, a state's name in it included ("“Russia Today” News Agency")
        whole = bool(m.group("quote")) and quoted_alone(text, start, end)
        if (not whole and _stop_between(stop_at, start, end)) or _quoted_title(text, start, end):
            continue
        out.append(InstitutionName(start, end, text[start:end], m.group("head"), m.start("head"), m.end("head")))
    return out


def _stop_between(stop_at: list[int], after: int, before: int) -> bool:
    """Is a stop strictly between the two offsets? (``stop_at`` sorted: one bisection, not every stop.)"""
    i = bisect.bisect_right(stop_at, after)
    return i < len(stop_at) and stop_at[i] < before


# "Kazpravda.kz", "BNews.kz", "PanARMENIAN.Net": a news outlet named by its web address
_DOMAIN_NAME = re.compile(r"(?<![\w.@/])[A-Z][\w\-]*\.(?:" + "|".join(en.NEWS_DOMAINS) + r")\b(?![./\w])", re.I)


def find_web_names(text: str) -> list[InstitutionName]:
    """Outlets named by a capitalised web address."""
    out = []
    for m in _DOMAIN_NAME.finditer(text):
        if m.group()[0].isupper():
            out.append(InstitutionName(m.start(), m.end(), m.group(), "site", m.start(), m.end()))
    return out
