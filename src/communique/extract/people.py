"""The 'people_posts' component: person mentions (initials, spelling variants) and the posts they hold.

People come from spaCy's PERSON spans, from spans the model mislabelled (an ORG "Imangali Tasmagambetov"),
from initials ("A.I. Khrapov", "I.Tasmagambetov") and from names right after a post title or rank. Mentions
of one person are grouped by surname (transliteration variants compared with ``name_key`` and rapidfuzz) and
a compatible first initial; a short form ("Tasmagambetov") joins the full name the article gives.

Posts are read from titles and appositions around a person mention, on the sentence with organisation
and place mentions masked, so one pattern covers "the CSTO Secretary General X", "X, the Head of
Rosfinmonitoring", "the Director of the Federal Financial Monitoring Service, X", "Chairman of the
Executive Committee - CIS Executive Secretary X" and "Deputy Minister of Internal Affairs of the Russian
Federation, Colonel-General of Police X". Ranks are attributes of the person, never posts.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from communique import names
from communique.document import Article, Mention, Post
from communique.extract import gazetteer as gz
from communique.extract import syntax
from communique.extract.entities import ORG_HEADS, Hit, sentence_of
from communique.extract.lang import en as _EN
from communique.extract.lexicon import Lexicon
from communique.extract.nlp import ModelMissingError
from communique.pipeline import component

_INITIALS = re.compile(r"\b(?P<ini>(?:[A-Z]\.\s?){1,2})\s?(?P<sur>[A-Z][a-z’']+(?:-[A-Z][a-z’']+)?)\b")
_CAP_SEQ = re.compile(r"\b[A-Z][a-z’']+(?:-[A-Z][a-z’']+)?(?:[ \t]+(?:[A-Z][a-z’']+(?:-[A-Z][a-z’']+)?|[A-Z]{2,}))+\b")
_PARTICLES = {"ul", "al", "bin", "ibn", "de", "van", "von", "el", "ud"}
# Words that start a capitalised run but are never part of a name.
_NOT_NAME = {
    "the",
    "on",
    "in",
    "at",
    "of",
    "and",
    "dear",
    "mr",
    "mrs",
    "ms",
    "photo",
    "source",
    "today",
    "during",
    "after",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "god",
    "victory",
    "day",
    "war",
    "great",
    "patriotic",
    "general",
    "police",
    "army",
    "state",
    "states",
    "member",
    "council",
    "committee",
    "organization",
    "organisation",
    "treaty",
    "security",
    "collective",
    "forces",
    "plan",
    "program",
    "programme",
    "statement",
    "declaration",
    "operation",
    "exercise",
    "meeting",
    "session",
    "summit",
    "conference",
    "international",
    "national",
    "federal",
    "republic",
    "federation",
    "union",
    "commonwealth",
    "independent",
    "press",
    "service",
    "center",
    "centre",
    "news",
    "media",
    "agency",
    "mission",
    "delegation",
    "chairmanship",
    "ministry",
    "minister",
    "secretary",
    "president",
    "head",
    "chief",
    "deputy",
    "acting",
    "director",
    "chairman",
    "commander",
    "aide",
    "presidential",
    "representative",
    "ambassador",
    "colonel",
    "major",
    "lieutenant",
    "captain",
    "admiral",
    "marshal",
    "year",
    "years",
    "anniversary",
    "memory",
    "eternal",
    "light",
    "road",
    "heroes",
    "hero",
    "soviet",
    "world",
    "covid",
    "internet",
    "information",
    "cyber",
    "central",
    "asian",
    "eurasian",
    "european",
    "african",
    "caucasian",
    "post",
    "northern",
    "southern",
    "eastern",
    "western",
    # sentence openers the model sometimes runs into a name ("Later Abdrakhmanov left")
    "later",
    "then",
    "also",
    "earlier",
    "meanwhile",
    "however",
    "thus",
    "besides",
    "moreover",
    "furthermore",
    "yesterday",
    "tomorrow",
    "according",
    "first",
    "finally",
    "next",
    "last",
    "now",
    "here",
    "there",
    "this",
    "that",
    "these",
    "those",
    "as",
    "by",
    "for",
    "from",
    "with",
    "when",
    "while",
    "since",
    "before",
    "both",
    "department",
    "directorate",
    "division",
    "unit",
    "sector",
    "office",
    "section",
    "staff",
    "secretariat",
    "pm",
}
_LATIN_NAME = re.compile(r"^[A-Za-z\u00C0-\u024F .’'\-]+$")


@lru_cache(maxsize=65536)
def name_key(word: str) -> str:
    """A name word folded over transliteration variants (Yury/Yuri, Kiselyov/Kiselev, Zass/Zas)."""
    return names.skeleton(word)


def same_person(a: str, b: str) -> bool:
    """Do two spellings read in one text name one person? (``names.same_person`` within one text.)"""
    return names.same_person(a, b, one_text=True)


def _is_initial(tok: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Z]\.\s?)+", tok))


def _title_case_name(name: str) -> str:
    return " ".join(w.capitalize() if w.isupper() and len(w) > 2 and "." not in w else w for w in name.split())


@gz.derived
def _stop_tokens() -> frozenset[str]:
    words = set(_NOT_NAME) | set(ORG_HEADS)  # "Board Tigran Sargsyan": a body's noun starts no name
    for t in gz.titles() + gz.ranks() + gz.title_modifiers():
        words.update(gz.key(t).split())
        words.update(w + "s" for w in gz.key(t).split())  # "Presidents Vladimir Putin and ..."
    words -= {"of", "the"}
    return frozenset(words)


def _name_tokens(text: str) -> list[str]:
    return re.findall(r"[A-Za-z’'\-\.]+", text)


def person_like(text: str, *, model_says_person: bool) -> bool:
    """Could this span be a person's name? Strict when the model did not call it a person."""
    toks = [t for t in text.split() if t]
    # the English model reads no other script; a Cyrillic "name" from it is noise
    if not toks or len(toks) > 4 or not _LATIN_NAME.match(text) or any(ch.isdigit() for ch in text) or "\n" in text:
        return False
    stop = _stop_tokens()
    for t in toks:
        core = t.strip(".,’'")
        if not core or re.search(r"\w\.\W*\w", core) and not _is_initial(t):
            return False  # "Col.-Gen": an abbreviation, no name
        if _is_initial(t):
            continue
        if gz.key(core) in stop or gz.country_of(core) or gz.canonical_place(core) or gz.canonical_org(core):
            return False
        if not core[0].isupper() and gz.key(core) not in _PARTICLES:
            return False
    if gz.canonical_org(text) or gz.canonical_place(text) or toks[-1].lower() in ORG_HEADS:
        return False
    if len(toks) == 1:
        return model_says_person
    if model_says_person:
        return True
    first, last = toks[0], toks[-1]
    return gz.is_given_name(first.strip(".")) or gz.has_surname_ending(last) or _is_initial(first)


@dataclass
class Person:
    names: Counter = field(default_factory=Counter)

    @property
    def display(self) -> str:
        """The fullest spelling: a full given name over initials, then the most frequent, then the longest."""
        order = {n: i for i, n in enumerate(self.names)}

        def rank(n: str) -> tuple[int, int, int, int]:
            toks = n.split()
            full_given = int(len(toks) > 1 and not _is_initial(toks[0]) and len(toks[0].strip(".")) > 1)
            patronymic_only = int(len(toks) == 2 and bool(names.is_patronymic(toks[1])))
            return (
                full_given - patronymic_only,
                int(not any(t.isupper() and len(t) > 2 for t in toks)),
                self.names[n],
                -len(n),
                -order[n],
            )

        return _title_case_name(max(self.names, key=rank))


def _strip_affixes(text: str, s: int, e: int) -> tuple[int, int]:
    """Cut leading titles/ranks/articles and trailing punctuation off a person span."""
    stop = _stop_tokens() | {"the", "of", "dear"}
    s += len(text[s:e]) - len(text[s:e].lstrip())
    while True:
        m = re.match(r"[\w’'\-‐‑‒\.]+\s*", text[s:e])
        if not m:
            break
        word = m.group().strip().strip(".")
        droppable = all(w in stop for w in gz.key(word).split()) or gz.country_of(word)
        if word and droppable and e - (s + m.end()) > 0:
            s += m.end()
        else:
            break
    while e > s and not (text[e - 1].isalpha() or text[e - 1] == "."):
        e -= 1
    if e - s > 3 and text[e - 2 : e] in ("’s", "'s"):
        e -= 2  # "Sergey Lavrov's video address": the possessive is no part of the name
    while e > s and text[e - 1] == "." and not _is_initial(text[s:e].split()[-1]):
        e -= 1
    return s, e


def _split_names(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Two names the model ran together ("Sadyr Japarov Sergei Bobylev") split where a given name starts."""
    words = list(re.finditer(r"\S+", text[s:e]))
    cuts = [
        w.start()
        for i, w in enumerate(words)
        if i >= 2 and gz.is_given_name(w.group()) and not names.is_patronymic(words[i - 1].group())
    ]
    # "Dong Jun. Singh": a full stop after a word that is no initial ends a sentence, and a name
    cuts += [
        words[i + 1].start()
        for i, w in enumerate(words[:-1])
        if w.group().endswith(".") and len(w.group().strip(".")) > 1 and not _is_initial(w.group())
    ]
    cuts = sorted(set(cuts))
    bounds = [0, *cuts, e - s]
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        piece = text[s + a : s + b].rstrip()
        if piece.endswith(".") and not _is_initial(piece.split()[-1]):
            piece = piece[:-1]
        out.append((s + a, s + a + len(piece)))
    return out


def find_people(article: Article, lexicon: Lexicon | None = None) -> list[tuple[int, int, str, str]]:
    """Person spans: (start, end, surface, source)."""
    text = article.text
    claimed = [(m.start, m.end) for m in article.mentions]
    common = _common_words(text, lexicon)

    def free(s: int, e: int) -> bool:
        return not any(s < ce and cs < e for cs, ce in claimed)

    spans: list[tuple[int, int, str, str]] = []
    title_re = _title_before_re()
    for h in article.extra.get("person_candidates", []):
        h: Hit
        s0, e0 = _strip_common(text, *_strip_affixes(text, h.start, h.end), common)
        for s, e in _split_names(text, s0, e0):
            surface = text[s:e]
            if all(w.lower() in common for w in surface.split()):
                continue  # "Good Neighborliness": words the page writes in lower case
            if e > s and free(s, e) and person_like(surface, model_says_person=h.kind == "person"):
                # a surname alone names a person when a post precedes it ("President Putin")
                after_title = " " not in surface and bool(title_re.search(text[max(0, s - 80) : s]))
                spans.append((s, e, surface, "titled" if after_title else "ner"))
    for m in _INITIALS.finditer(text):
        s, e = m.start(), m.end()
        sur = m.group("sur")
        if free(s, e) and gz.key(sur) not in _stop_tokens() and not gz.canonical_place(sur) and len(sur) > 2:
            spans.append((s, e, m.group(), "initials"))
    pieces = []
    for m in _CAP_SEQ.finditer(text):
        s, e = m.start(), m.end()
        # "India Nirmala Sitharaman": the place is claimed, the rest may be a name
        for cs, ce in sorted(claimed):
            if cs < e and s < ce:
                if cs <= s:
                    s = ce
                else:
                    e = cs
        if e > s:
            pieces.append((s, e))
    split_pieces = []
    for s, e in pieces:
        s += len(text[s:e]) - len(text[s:e].lstrip())
        s, e = _strip_common(text, *_strip_affixes(text, s, e), common)
        split_pieces += _split_names(text, s, e)
    for s, e in split_pieces:
        surface = text[s:e]
        if e <= s or not free(s, e) or len(surface.split()) < 2:
            continue
        after_title = bool(title_re.search(text[max(0, s - 80) : s])) or _after_title_of_mention(text, s, claimed)
        if person_like(surface, model_says_person=False) or (
            after_title and person_like(surface, model_says_person=True)
        ):
            spans.append((s, e, surface, "pattern"))
    # Longest first; drop spans inside others.
    spans.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
    out: list[tuple[int, int, str, str]] = []
    for sp in spans:
        if not any(sp[0] < o[1] and o[0] < sp[1] for o in out):
            out.append(sp)
    return sorted(out)


class _CommonWords:
    """Words the page or the corpus writes in lower case: no part of a person's name."""

    def __init__(self, text: str, lexicon: Lexicon | None) -> None:
        self.page = frozenset(re.findall(r"(?<![\w’'\-])[a-z][a-z’'\-]{2,}", text))
        self.lexicon = lexicon

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        if word in self.page:
            return True
        return self.lexicon is not None and self.lexicon.proper_noun(word) is False


def _common_words(text: str, lexicon: Lexicon | None) -> _CommonWords:
    return _CommonWords(text, lexicon)


def _strip_common(text: str, s: int, e: int, common: _CommonWords) -> tuple[int, int]:
    """Cut capitalised common words off the front of a person span ("Economic Regulation Uchkun Tashbayev",
    after "Minister of"; "Said Putin"): a name's words are not written in lower case elsewhere on the page."""
    # "Labour Migration Zafar Odinaev": no name holds an abstract noun; what runs up to the last one is no name
    words = list(re.finditer(r"[A-Z][a-z’'\-]+(?=[ \t]+[A-Z])", text[s:e]))
    abstract = [w for w in words if _abstract_noun(w.group())]
    if abstract:
        s += re.match(r"[ \t]*", text[s + abstract[-1].end() : e]).end() + abstract[-1].end()
    while True:
        m = re.match(r"([A-Z][a-z’'\-]+)[ \t]+(?=[A-Z])", text[s:e])
        if not m or m.group(1).lower() not in common:
            return s, e
        if len(text[s:e].split()) <= 2 and m.group(1).lower() not in _SAYING:
            return s, e
        s += m.end()


def _abstract_noun(word: str) -> bool:
    """"Regulation", "Cooperation": no person's name ends so ("Clement" is a given name, whatever its end)."""
    return word.lower().endswith(_EN.ABSTRACT_NOUN_ENDINGS) and not gz.is_given_name(word)


_SAYING = frozenset({"said", "says", "added", "noted", "stressed", "told", "emphasized", "emphasised"})
_SAID_NEXT = re.compile(r"[ \t]+(?:" + "|".join(sorted(_SAYING)) + r")\b")


def _speaker_after_comma(title: str, masked: str, name_end: int) -> bool:
    """Is "TITLE, NAME said" a title closing the reported words and a speaker after them, not an apposition?
    English sets an apposition off on both sides ("the minister, Isaev, said"); a name that goes straight on
    to a verb of saying after a comma is the subject of the reporting clause."""
    return title.rstrip().endswith(",") and bool(_SAID_NEXT.match(masked, name_end))


def _after_title_of_mention(text: str, s: int, claimed: list[tuple[int, int]]) -> bool:
    """Does a name at s follow "TITLE of the <organisation or state>" ("... of the Republic of India X")?"""
    before = text[:s].rstrip(" ,")
    prev = [cs for cs, ce in claimed if ce == len(before)]
    if not prev:
        return False
    return bool(_title_of_re().search(text[max(0, prev[0] - 120) : prev[0]]))


@gz.derived
def _title_of_re() -> re.Pattern[str]:
    alts = "|".join(re.escape(t) for t in gz.titles())
    return re.compile(rf"(?i)\b(?:{alts})\b(?:\s*\([^()]{{1,80}}\))?\s+of\s+(?:the\s+)?$")


@gz.derived
def _title_before_re() -> re.Pattern[str]:
    alts = "|".join(re.escape(t) for t in gz.titles() + gz.ranks())
    return re.compile(rf"(?:\b(?:{alts})|⟧)\s*,?\s*$")


# A form of address: at the start of a clause (a line, a quotation, a dash, "Dear", "Please,") and set off by
# a comma or an exclamation mark after it.
_ADDRESS_BEFORE = re.compile(r"(?:^|\n|[—–“\"«,]|\bDear)\s*$")
_ADDRESS_AFTER = re.compile(r"\s*[,!]")


def _addressed(text: str, s: int, e: int) -> bool:
    """Is the name at text[s:e] someone spoken to ("Imangali Nurgaliyevich, what is ...", "Dear Vladimir
    Vladimirovich,")?"""
    return bool(_ADDRESS_AFTER.match(text, e) and _ADDRESS_BEFORE.search(text[max(0, s - 12) : s]))


def cluster(spans: list[tuple[int, int, str, str]], text: str) -> tuple[list[Person], list[tuple[int, int, int]]]:
    """Group spellings into persons; returns persons and (start, end, person index) for every mention."""
    persons: list[Person] = []
    assigned: list[tuple[int, int, int]] = []

    def patronymic_form(surface: str) -> bool:
        toks = surface.split()
        return len(toks) == 2 and bool(names.is_patronymic(toks[1]))

    # Full names first, "Given Patronymic" forms last so that they find the person they address.
    def has_given(surface: str) -> bool:  # "Ruslan Abdrakhmanov", "A. Khrapov", "N.Nazarbayev"
        parsed = names.parse_person(surface)
        return len(surface.split()) > 1 or bool(parsed and parsed.first)

    multi = sorted(
        [sp for sp in spans if has_given(sp[2])],
        key=lambda sp: (patronymic_form(sp[2]), -len(sp[2])),
    )
    single = [sp for sp in spans if sp not in multi]
    # "Russian President Medvedev" with no full name anywhere: the surname is the person, as the post says
    for s, e, surface, src in single:
        if src == "titled" and not any(same_person(surface, n) for sp in multi for n in [sp[2]]):
            multi.append((s, e, surface, src))
    single = [sp for sp in single if sp not in multi]
    for s, e, raw, _src in multi:
        surface = names.natural_order(raw)
        toks = surface.split()
        if len(toks) == 2 and names.is_patronymic(toks[1]) and _addressed(text, s, e):
            # "Nikolai Platonovich, ...": a given name and patronymic, said to someone; the person whose given
            # name it is. Running text names people with their surname: "Aleksandr Volfovich was in Moscow"
            # (a surname of the patronymic's shape) is not Alexander Lukashenko.
            idx = next(
                (
                    i
                    for i, p in enumerate(persons)
                    if any(n.split()[0] == toks[0] and len(n.split()) > 1 for n in p.names)
                ),
                None,
            )
        else:
            idx = next((i for i, p in enumerate(persons) if any(same_person(surface, n) for n in p.names)), None)
        if idx is None:
            persons.append(Person())
            idx = len(persons) - 1
        persons[idx].names[surface] += 1
        assigned.append((s, e, idx))
    for s, e, surface, _src in single:
        idx = next((i for i, p in enumerate(persons) if any(same_person(surface, n) for n in p.names)), None)
        if idx is not None:
            assigned.append((s, e, idx))
    # Short forms the model did not tag: every later occurrence of a known surname. The characters already
    # claimed are marked, so a page naming thousands of people is not read once per name per mention.
    taken = bytearray(len(text))
    for s, e, _ in assigned:
        taken[s:e] = b"\x01" * (e - s)
    for i, p in enumerate(persons):
        # Shortest first and in a fixed order (not a set's, which varies with the hash seed between
        # processes): "Pashinyan" claims its span before "Pashinyan’s" from "Nikol Pashinyan’s".
        for sur in sorted({names.surname_of(n) for n in p.names}, key=lambda x: (len(x), x)):
            if len(sur) < 3:
                continue
            for m in re.finditer(rf"\b{re.escape(sur)}\b", text):
                if not any(taken[m.start() : m.end()]):
                    assigned.append((m.start(), m.end(), i))
                    taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return persons, sorted(assigned)


# ----------------------------------------------------------------------------------------------- posts

_SIDE = re.compile(r"\s+(?:delegation|side|government|leadership|authorities)\b")
_WINDOW = 400
_HEAD_WORDS = {"head", "director", "chief", "leader"}
_STATE_TITLE = re.compile(rf"(?i)\b(?:{_EN.STATE_POST_WORDS}|head of (?:state|government))\b")
_EPITHET = re.compile(r"(?i)\b(?:leader|top diplomat)$")
_SEC_GEN = re.compile(r"(?i)\bsecretary[\s-]general\b|\bgeneral secretary\b")


@gz.derived
def _post_patterns() -> dict[str, re.Pattern[str]]:
    titles = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in gz.titles() if t not in ("Representative",))
    mods = "|".join(re.escape(m) for m in gz.title_modifiers())
    ranks = "|".join(re.escape(r).replace(r"\ ", r"\s+") for r in gz.ranks())
    adjs = sorted(
        {a for c in gz.gazetteer().countries.values() for a in c.get("adjectives", [])}, key=len, reverse=True
    )
    adj = "|".join(re.escape(a) for a in adjs)
    oref = r"⟦[OL]\d+⟧"
    raw = r"[A-Z][\w’'\-]*(?:\s+(?:of\s+|the\s+|and\s+|on\s+|for\s+)*[A-Z][\w’'\-]*)*"
    # "the committee's spokesman", "its acting Foreign Minister": the body said before
    ana = r"(?P<ana>(?:(?:the|its|their)\s+)?(?:[a-z]+\s+){0,2}?[a-z]+[’']s\s+|(?:its|their)\s+)"
    phrase = (
        rf"(?:(?P<pre>{oref})(?:[’']s)?\s+|(?P<adj>{adj})\s+|{ana})?"
        r"(?:(?i:new|newly\s+(?:appointed|elected)|incoming)\s+)?"  # "as the new Secretary-General": the post still
        rf"(?P<mods>(?:(?i:{mods})\s+)*)"
        rf"(?P<title>(?i:{titles}))\b(?:\s*\([^()⟦⟧]{{1,80}}\))?"
        rf"(?:\s+of\s+(?P<the>the\s+)?(?:(?P<post>{oref})(?:\s*\(⟦O\d+⟧\))?|(?P<raw>{raw}))"
        # where a diplomat is accredited: "Ambassador of Kazakhstan to Russia", "Representative of Belarus in the CSTO"
        rf"(?:\s+(?:to|in)\s+(?:the\s+)?(?:{oref}|[A-Z][\w’'\-]*))?)?"
    )
    return {
        "left": re.compile(rf"(?:^|(?<=[\s(“\"«—–)]))(?:[Tt]he\s+)?{phrase}\s*[,:]?\s*(?:(?P<rank>(?i:{ranks}))\s+)?$"),
        "sep": re.compile(r"(?:,\s*|\s+[-–—]\s+|\s+and\s+)$"),
        "right": re.compile(rf"^\s*,\s*(?:[Tt]he\s+)?{phrase}(?P<after>\s*,?\s*(?:(?i:{ranks})\s+)?⟦P\d+⟧)?"),
        "as": re.compile(
            rf"^(?:\s+[\w’']+){{0,5}}?\s+(?:(?<!well\s)as|to\s+the\s+(?:post|position|office)\s+of"
            # "has assumed the role of Secretary-General", "took over the duties of ..."
            r"|(?:assum(?:e|es|ed|ing)|t(?:ake|akes|ook|aking)\s+(?:over|up))\s+the\s+(?:post|position|office|role|duties)\s+of)"
            rf"\s+(?:the\s+)?{phrase}"
        ),
        # another post of a chain after the first: "X, Deputy Prime Minister – Minister of Economy, Chairman ..."
        "more": re.compile(rf"\s*(?:,|[-–—]|,?\s+and)\s*(?:[Tt]he\s+)?{phrase}"),
        "rank": re.compile(rf"(?:^|\s)(?P<rank>(?i:{ranks}))\s*$"),
        # a plural title over a list of names: "presidents X of Kazakhstan, Y of Belarus and Z of Russia"
        # ... or with each state before its name: "the presidents: Russia X, Belarus Y", "the Presidents of
        # Russia X and Kazakhstan Y"
        "plural": re.compile(
            rf"(?:^|(?<=[\s(“\"«—–]))(?P<title>(?i:{_plural_titles()}))(?:\s+of(?=\s+⟦L))?\s*:?\s+"
            rf"(?P<before>(?:(?:⟦L\d+⟧\s+)?⟦P\d+⟧{_LIST_ITEM_STATE}\s*(?:,|,?\s+and)\s+)*)"
            r"(?:(?P<state>⟦L\d+⟧)\s+)?$"
        ),
        # a plural title over a list of states, then as many names in the same order: "the foreign ministers
        # of Armenia and Russia, X and Y"
        "respectively": re.compile(
            rf"(?:^|(?<=[\s(“\"«—–]))(?P<title>(?i:{_plural_titles()}))\s+of\s+"
            r"(?P<states>⟦L\d+⟧(?:\s*,\s*⟦L\d+⟧)*,?\s+and\s+⟦L\d+⟧)\s*,\s+"
            r"(?P<before>(?:⟦P\d+⟧\s*(?:,|,?\s+and)\s+)*)$"
        ),
    }


# The names of a list after the first: ", Y and Z".
_NAMES_AFTER = re.compile(r"(?:\s*(?:,|,?\s+and)\s+⟦P\d+⟧)+")
# The next name of a list, its state before it: "X, Kazakhstan Y", "X and Uzbekistan Z".
_STATE_THEN_NAME = re.compile(r"⟦P\d+⟧\s*(?:,|,?\s+and)\s+(?P<state>⟦L\d+⟧)\s+$")
# The state after each name of a list ("X of Kazakhstan, Y (Belarus)"), and the next name of the list after it.
_LIST_ITEM_STATE = r"(?:\s+of\s+(?:the\s+)?⟦[LO]\d+⟧|\s*\(⟦[LO]\d+⟧\))?"
_LIST_GOES_ON = re.compile(rf"{_LIST_ITEM_STATE}\s*(?:,|,?\s+and)\s+(?:⟦L\d+⟧\s+)?⟦P")


@gz.derived
def _singular_titles() -> dict[str, str]:
    """Each title's plural (lower-cased, spaces normalised) to the title."""
    return {gz.key(_EN.plural(t)): t for t in gz.titles() if " of " not in t}


def _plural_titles() -> str:
    return "|".join(
        re.escape(p).replace(r"\ ", r"\s+") for p in sorted(_singular_titles(), key=len, reverse=True)
    )


def _appositive_posts(
    text: str, s0: int, e0: int, start: int, end: int, mentions: list[Mention]
) -> list[_Title]:
    """Posts written as an apposition with a common noun, read on the dependency parse: "Stanislav Pritchin,
    a researcher at the Center for Post-Soviet Studies" is a researcher there; a noun that names no
    occupation ("a citizen of", "his son") is none."""
    out = []
    for ap in syntax.appositions(text[s0:e0], (start - s0, end - s0)):
        words = ap.noun.lower().split()
        if any(w.strip("-") in _EN.FORMER_WORDS for w in words) or words[-1] in _EN.NOT_POST_NOUNS:
            continue
        if not (gz.key(words[-1]) in _title_words() or re.search(_EN.AGENT_NOUN, words[-1])):
            continue
        org = None
        if ap.complement:
            cs, ce = s0 + ap.complement[0], s0 + ap.complement[1]
            inside = sorted((m for m in mentions if m.kind in ("org", "place") and cs <= m.start < ce),
                            key=lambda m: m.start)
            if inside:
                m = inside[0]
                org = (gz.country_of(m.canonical or m.text) or m.canonical) if m.kind == "place" else m.canonical
                org = org or m.text
        role = ap.noun[0].upper() + ap.noun[1:]
        out.append(_Title(role, org, False, None, ap.noun, (0, 0)))
    return out


@gz.derived
def _title_words() -> frozenset[str]:
    return frozenset(gz.key(t).split()[-1] for t in gz.titles())


_PERSON_COMMA = re.compile(r"⟦P\d+⟧\s*,\s*$")


def _title_then_comma(m: re.Match[str] | None) -> bool:
    """Is this title read before a name followed by a comma ("the chairman of X, A")?"""
    return m is not None and m.group().rstrip().endswith(",")


def _titled_before(pats: dict[str, re.Pattern[str]], before: str) -> bool:
    """Does a title and a comma stand right before the previous name ("the chairman of X, A")?"""
    return _title_then_comma(pats["left"].search(before))


def _own_apposition(pats: dict[str, re.Pattern[str]], masked: str, name_end: int) -> bool:
    """Is the person whose token ends at ``name_end`` followed by a title of their own ("B, the Head of Y")?
    In a list of names each with its apposition, "A, the Director of X, B, the Head of Y", a title between two
    names is the first one's."""
    window = masked[name_end : name_end + _WINDOW]
    m = pats["right"].search(window)
    # the apposition ends its phrase (not "..., President of the People's Republic of ⟦China⟧ ⟦Xi⟧")
    return m is not None and not m.group("after") and bool(_PHRASE_END.match(window, m.end()))


_PHRASE_END = re.compile(r"\s*(?:[,.;:!?)]|$)")


_OF_AFTER_NAME = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?(?P<ref>⟦[OL]\d+⟧)(?![ \t]*(?:[’']s|⟦))")
_STATE_IN_BRACKETS = re.compile(r"[ \t]*\((?P<ref>⟦L\d+⟧)\)")
_COUNTERPART = re.compile(r"\b(?:his|her|their|its)\s+(?P<adj>[A-Z][a-z]+)\s+counterparts?\s*,?\s*$")
_NEXT_AFTER_COMMA = re.compile(r"^[^.;:⟦]*(?:⟦[OL]\d+⟧[^.;:⟦]*)*,\s*⟦P")
_NEXT_HOLDER = re.compile(r"^[^,.;:⟦]*(?:⟦[OL]\d+⟧[^,.;:⟦]*)*⟦P")


_NOUN_AFTER = re.compile(r"[”»\"]?(?:[ \t]+[a-z]+){1,3}")


def _referent(bodies: list[tuple[int, Mention]], text: str, sentence_start: int, at: int) -> Any:
    """What "its" (the body or state named last in the sentence), "the committee's" (the body named last
    whose name has that noun) and "the republic's" (the place named last) refer to, for a title read
    before position ``at``."""

    def refer(phrase: str) -> str | None:
        words = re.findall(r"[a-z]+", phrase.lower().replace("’s", "").replace("'s", ""))
        noun = words[-1] if words and words[-1] not in ("its", "their", "the") else None
        for start, m in reversed(bodies):
            if start >= at:
                continue
            if noun is None:
                if start < sentence_start:
                    return None
                return (gz.country_of(m.canonical or m.text) or m.canonical or m.text) if m.kind == "place" else (
                    m.canonical or m.text
                )
            if noun in _EN.STATE_NOUNS:
                if m.kind == "place":  # "the republic's President": the state named last
                    return gz.country_of(m.canonical or m.text) or m.canonical or m.text
                continue
            if has_noun(m, noun):
                return m.canonical or m.text
        if noun is not None and noun not in _EN.STATE_NOUNS:
            # named only later ("the committee's deputy spokeswoman … the CIS Executive Committee"): a definite
            # "the committee" is the one committee of the text
            found = {m.canonical or m.text for start, m in bodies if start >= at and has_noun(m, noun)}
            if len(found) == 1:
                return found.pop()
        return None

    def has_noun(m: Mention, noun: str) -> bool:
        head = str(m.attrs.get("head") or "").split()
        # the noun may follow the name: "the “Rossiya Segodnya” international media group"
        after = _NOUN_AFTER.match(text, m.end)
        return m.kind == "org" and (
            noun in gz.key(m.canonical or m.text).split()
            or head[-1:] == [noun]
            or (after is not None and noun in after.group().lower().split())
        )

    return refer


@dataclass
class _Title:
    role: str
    org: str | None
    acting: bool
    ministry: str | None  # the ministry a minister's title names, with its state
    title: str  # the title as written
    span: tuple[int, int]  # of the title as written, in the masked sentence
    coordinated: bool = False  # joined to a neighbour of its chain by "and"
    implied: str | None = None  # the ministry a minister's title heads, its state not yet known
    state: str | None = None  # the state the title names (a short name, or as written when no list knows it)
    body: str | None = None  # a body every state has, named by the title's complement ("of the Security Council")
    body_span: tuple[int, int] = (0, 0)
    guessed: bool = False  # the organisation is the page's dominant one, no word of the title's names it


def _body_of(men: Mention) -> tuple[str | None, str | None]:
    """(the organisation, the state) a title's complement names with this mention: a place is its state (one
    no list knows still the state the text names, "... of the Republic of India"), else the body itself."""
    if men.kind == "place":
        state = gz.country_of(men.canonical or men.text) or gz.state_as_written(men.text)
        return gz.country_of(men.canonical or men.text) or men.canonical, state
    return men.canonical or men.text, None


def _body_of_ref(table: list[Mention], ref: str) -> tuple[str | None, str | None]:
    """``_body_of`` the mention a mask token ("⟦L3⟧") stands for."""
    return _body_of(table[int(ref[2:-1])])


def _listed_title(
    role: str, written: str, span: tuple[int, int], implied: str | None, table: list[Mention], ref: str | None
) -> _Title:
    """A post a list gives once, for one name of it, with the state the list names for that name (the mask token
    ``ref``, when it names one)."""
    org, state = _body_of_ref(table, ref) if ref else (None, None)
    t = _Title(role, org, False, None, written, span, implied=implied)
    t.state = state
    return t


def _read_title(
    m: re.Match[str], table: list[Mention], dominant: str | None, base: int = 0, refer: Any = None
) -> _Title | None:
    """The post a title match names; ``base`` is where the matched window starts in the masked sentence;
    ``refer(words)`` names the body "the committee's" or "its" refers to."""
    title = " ".join(m.group("title").split())
    mods = " ".join(m.group("mods").split())
    if any(w.lower() in ("former",) for w in mods.split()):
        return None
    acting = any(w.lower() in {a.lower() for a in gz.acting_words()} for w in mods.split())
    role = f"{mods} {title}".strip()
    role = role[0].upper() + role[1:]
    org = None
    state = None
    for g in ("post", "pre"):
        ref = m.group(g)
        if ref and org is None:
            org, state = _body_of_ref(table, ref)
    if org is None and m.group("adj"):
        state = gz.country_of(m.group("adj"))
        org = state
    if org is None and m.group("ana") and refer is not None:
        org = refer(m.group("ana"))
    if m.group("raw") and re.search(r"[’']s$", m.group("raw")):
        return None  # "Chief of the Organization's Joint Staff": the title's object is cut off
    if m.group("raw") and gz.key(m.group("raw")) in ("organization", "organisation") and dominant:
        org = org or dominant  # "Secretary General of the Organization"
    elif m.group("raw") and org is None and _names_a_body(m.group("raw")):
        org = " ".join(m.group("raw").split())  # "Chairman of the Interstate Commission on ...": that body
    elif m.group("raw"):
        role = f"{role} of {m.group('the') or ''}{m.group('raw')}"
    ministry = None
    implied = gz.implied_ministry(title)
    if implied is None and gz.key(title) == "minister" and m.group("raw") and not m.group("the"):
        implied = f"Ministry of {m.group('raw')}"  # "Minister of Economic Regulation" heads that ministry
    if implied and state:
        ministry = gz.national_body(implied, state)
    guessed = False
    if org is None and _SEC_GEN.search(title) and dominant:
        org, guessed = dominant, True
    t = _Title(role, org, acting, ministry, m.group("title"), (base + m.start("title"), base + m.end("title")))
    t.state, t.guessed = state, guessed
    inner = _TITLE_OF.match(title)  # "Minister of Economy", "Secretary of the Security Council" as titles
    if implied is None and inner and gz.key(inner.group("head")) == "minister":
        implied = f"Ministry of {inner.group('what')}"
    t.implied = implied
    raw = m.group("raw")
    bodies = gz.gazetteer().bodies
    if raw and gz.key(raw) in bodies:
        t.body, t.body_span = bodies[gz.key(raw)], (base + m.start("raw"), base + m.end("raw"))
    elif inner and gz.key(inner.group("what")) in bodies:
        t.body, t.body_span = bodies[gz.key(inner.group("what"))], t.span
    elif (before_member := _BODY_THEN_TITLE.match(title)) and gz.key(before_member.group("body")) in bodies:
        # "State Council Member", "Security Council Secretary": the body the post is held in
        t.body, t.body_span = bodies[gz.key(before_member.group("body"))], t.span
    return t


_BODY_THEN_TITLE = re.compile(r"(?P<body>.+?)\s+(?:Member|Secretary|Chairman|Chair|Head|Deputy)$", re.I)


def _names_a_body(raw: str) -> bool:
    """Does a title's complement name an institution (an institution's head noun in it, more than one word,
    no body every state has alone)?"""
    words = raw.split()
    return (
        len(words) > 1
        and any(w.lower() in ORG_HEADS for w in words)
        and gz.key(raw) not in gz.gazetteer().bodies
    )


_TITLE_OF = re.compile(r"(?P<head>\w+)\s+(?:of|for)\s+(?:the\s+)?(?P<what>[A-Z].*)$")


@dataclass
class _Masked:
    """A sentence with its mentions replaced by ⟦O1⟧ / ⟦L2⟧ / ⟦P3⟧, and the way back to the text."""

    text: str
    person_at: dict[int, tuple[int, int, int]]  # masked offset -> (person index, start, end in the text)
    literal: list[tuple[int, int, int]]  # (masked start, masked end, text start) of the unmasked stretches

    def to_text(self, s: int, e: int) -> tuple[int, int] | None:
        """The text span of a masked span that lies inside one unmasked stretch (a title as written)."""
        for ms, me, ts in self.literal:
            if ms <= s and e <= me:
                return ts + s - ms, ts + e - ms
        return None


def _mask(
    text: str, s0: int, e0: int, mentions: list[Mention], people: list[tuple[int, int, int]]
) -> _Masked:
    """The sentence with mentions replaced by ⟦O1⟧ / ⟦L2⟧ / ⟦P3⟧ (O and L index ``mentions``, P the person
    list)."""
    items = [
        (m.start, m.end, "O" if m.kind == "org" else "L", i)
        for i, m in enumerate(mentions)
        if m.kind in ("org", "place") and s0 <= m.start and m.end <= e0
    ]
    items += [(s, e, "P", pi) for s, e, pi in people if s0 <= s and e <= e0]
    items.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out, pos, length, person_at, literal = [], s0, 0, {}, []
    for s, e, k, i in items:
        if s < pos:
            continue
        out.append(text[pos:s])
        literal.append((length, length + s - pos, pos))
        length += s - pos
        token = f"⟦{k}{i}⟧"
        out.append(token)
        if k == "P":
            person_at[length] = (i, s, e)
        length += len(token)
        pos = e
    out.append(text[pos:e0])
    literal.append((length, length + e0 - pos, pos))
    return _Masked("".join(out), person_at, literal)


def _clauses(text: str, bounds: list[tuple[int, int]], title_end: int = 0) -> list[tuple[int, int]]:
    """Sentences, rejoined where the splitter cut without a full stop ("... (CSTO) | Valery Semerikov"),
    but never across the end of the title (at ``title_end`` in the title + body view), which has none."""
    out: list[tuple[int, int]] = []
    for s, e in bounds:
        after_title = out and out[-1][1] <= title_end <= s
        if out and not after_title and not re.search(r"[.!?…:;\"”»]\s*$", text[out[-1][0] : out[-1][1]]):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def find_posts(
    article: Article, persons: list[Person], assigned: list[tuple[int, int, int]]
) -> tuple[list[Post], list[Mention], dict[int, str]]:
    """Posts around person mentions; also the ministries minister titles name, and each mention's rank."""
    text = article.text
    pats = _post_patterns()
    index = article.extra.get("sentence_index")
    bounds = _clauses(text, index[1] if index else [(0, len(text))], article.extra.get("title_end", 0))
    orgs = Counter(
        m.canonical for m in article.mentions if m.kind == "org" and m.canonical in gz.gazetteer().acronym_parents
    )
    if not orgs:
        # no organisation the list knows: the most named one the page also writes as an acronym (a body known
        # by its initials, as international organisations are), not a state's body
        orgs = Counter(
            m.canonical
            for m in article.mentions
            if m.kind == "org" and m.canonical and m.attrs.get("source") != "national" and m.from_teaser is None
        )
        by_acronym = {m.canonical for m in article.mentions if m.kind == "org" and names.is_acronym(m.text)}
        orgs = Counter({k: n for k, n in orgs.items() if k in by_acronym and not gz.country_of(k)})
    dominant = orgs.most_common(1)[0][0] if orgs else None
    posts: list[Post] = []
    extra_mentions: list[Mention] = []
    ranks: dict[int, str] = {}
    bodies = sorted(((m.start, m) for m in article.mentions if m.kind in ("org", "place")), key=lambda x: x[0])
    for s0, e0 in bounds:
        mk = _mask(text, s0, e0, article.mentions, assigned)
        masked, table, person_at = mk.text, article.mentions, mk.person_at
        sentence = text[s0:e0].strip()
        # "X will lead the Pakistan delegation": the state whose side the person is on
        states_here = {
            gz.country_of(m.canonical or m.text)
            for m in article.mentions
            if m.kind == "place"
            and s0 <= m.start < e0
            and _SIDE.match(text, m.end)
            and gz.country_of(m.canonical or m.text)
        }
        held: list[_Title] = []  # the posts read so far in this sentence (a counterpart holds the same)
        last: list[_Title] = []  # the posts of the sentence's previous name
        for pos, (pi, char_start, char_end) in sorted(person_at.items()):
            name = persons[pi].display
            found: list[_Title] = []
            rank = None
            refer = _referent(bodies, text, s0, char_start)
            # A title chain is never longer than this; the window keeps long list sentences linear.
            base = max(0, pos - _WINDOW)
            left = masked[base:pos]
            rm = pats["rank"].search(left)
            end_tok = masked.index("⟧", pos) + 1
            m = pats["left"].search(left)
            # "the chairman of X, A, the head of Y, B": a list of titles each before its name and a comma
            titled_list = _title_then_comma(m)
            if m and _speaker_after_comma(m.group(), masked, end_tok):
                m = None  # "... chaired by the foreign minister, Isaev said": the name starts a reporting clause
            if (m and _title_then_comma(m) and (prev := _PERSON_COMMA.search(left[: m.start()]))
                    and _own_apposition(pats, masked, end_tok) and not _titled_before(pats, left[: prev.start()])):
                m = None  # "A, the Director of X, B, the Head of Y": the title before B is A's (not in a list of
                # titles each before its name: "the chairman of X, A, the head of Y, B, ...")
            if m:
                rank = m.group("rank")
            elif rm:
                rank = rm.group("rank")
            elif pm := pats["plural"].search(left):
                title = _singular_titles().get(gz.key(pm.group("title")))
                # a plural names two or more ("of members Hu arrives in ..." is a headline run into a teaser)
                if title and (pm.group("before") or _LIST_GOES_ON.match(masked, masked.index("⟧", pos) + 1)):
                    span = (base + pm.start("title"), base + pm.end("title"))
                    implied = gz.implied_ministry(title)
                    found.append(_listed_title(title, title, span, implied, table, pm.group("state")))
            elif (rp := pats["respectively"].search(left)) and (
                title := _singular_titles().get(gz.key(rp.group("title")))
            ):
                states = re.findall(r"⟦L\d+⟧", rp.group("states"))
                index = rp.group("before").count("⟦P")
                after = _NAMES_AFTER.match(masked, end_tok)
                if index + 1 + (after.group().count("⟦P") if after else 0) == len(states):
                    span = (base + rp.start("title"), base + rp.end("title"))
                    found.append(_listed_title(title, title, span, gz.implied_ministry(title), table, states[index]))
            elif (
                last
                and last[0].state
                and _STATE_TITLE.search(last[0].role)
                and (ls := _STATE_THEN_NAME.search(left))
            ):
                # "Russian President X, Kazakhstan Y and Uzbekistan Z": the title given once, each state before its
                # name
                t = _listed_title(last[0].role, last[0].title, last[0].span, last[0].implied, table, ls.group("state"))
                if t.state:
                    found.append(t)
            same_post = False  # the previous separator was a dash: one post under two names
            coordinated = False  # ... or "and": two posts the same complement may belong to
            while m:
                t = _read_title(m, table, dominant, base, refer)
                if t and same_post and found:
                    found[-1].org = found[-1].org or t.org
                elif t:
                    t.coordinated = coordinated
                    if coordinated and found:
                        found[-1].coordinated = True
                    found.append(t)
                before = left[: m.start()]
                sep = pats["sep"].search(before)
                if not sep:
                    break
                left = before[: sep.start()]
                same_post = sep.group().strip() in ("-", "–", "—")
                coordinated = sep.group().strip() == "and"
                nearer = m
                m = pats["left"].search(left)
                if m and m.group("rank"):
                    break
                # "At the invitation of the Prime Minister of India, the Secretary General X": an international
                # organisation's secretary general holds no state office besides, so the farther title is
                # someone else's (whereas "the Chairman of the Council, the President of Belarus X" is one man).
                if m and _SEC_GEN.search(nearer.group("title")) and _STATE_TITLE.search(m.group("title")):
                    break
            right = masked[end_tok : end_tok + _WINDOW]
            of = _OF_AFTER_NAME.match(right)
            if not of and found and _STATE_TITLE.search(found[0].role):
                of = _STATE_IN_BRACKETS.match(right)  # (for another post, a state in brackets is the holder's own)
            if found and (found[0].org is None or found[0].guessed) and of:
                # "President Shavkat Mirziyoyev of Uzbekistan", "President X (Uzbekistan)": the title's complement
                # after the name
                found[0].org, state = _body_of_ref(table, of.group("ref"))
                found[0].state, found[0].guessed = found[0].state or state, False
            # after the name: an apposition, every post of its chain ("X, Deputy Prime Minister – Minister of
            # Economy, Chairman of ..."), then "... as TITLE" / "... appointed to the post of TITLE"
            at = 0
            m2 = pats["right"].search(right)
            if m2 and titled_list and ("," in (m2.group("after") or "") or _NEXT_AFTER_COMMA.match(right[m2.end() :])):
                m2 = None  # in a list of titles each before its name, the title after this name is the next one's
            elif m2 and "," in (m2.group("after") or "") and _own_apposition(pats, masked, end_tok + m2.end()):
                m2 = pats["right"].search(right[: m2.start("after")])  # the next one has a title of its own
            if m2 and not m2.group("after") and not _NEXT_HOLDER.match(right[m2.end() :]):
                t = _read_title(m2, table, dominant, end_tok, refer)
                if t:
                    found.append(t)
                at = m2.end()
                while m3 := pats["more"].match(right, at):
                    if _NEXT_HOLDER.match(right[m3.end() :]):
                        break  # the next title is the next person's
                    t = _read_title(m3, table, dominant, end_tok, refer)
                    if t:
                        t.coordinated = bool(re.match(r"\W*and\b", right[at : m3.start("title")].strip(", ")))
                        if t.coordinated and found:
                            found[-1].coordinated = True
                        found.append(t)
                    at = m3.end()
            rest = right[at:]
            skip = len(rest) - len(rest.lstrip(", ")) - 1  # keep one space: the pattern starts with one
            tail = " " + rest[skip + 1 :] if skip >= 0 else rest
            m4 = pats["as"].search(tail)
            skip = max(skip, 0)
            # (not "as well as" a list's next item; not a title that stands before the next person's name)
            if m4 and "⟦P" not in rest[skip : skip + m4.start("title")] and not re.match(r"\s*⟦P", tail[m4.end() :]):
                t = _read_title(m4, table, dominant, end_tok + at + skip, refer)
                if t:
                    found.append(t)
            if not found and syntax.needs_parse(masked):
                found += _appositive_posts(text, s0, e0, char_start, char_end, article.mentions)
            if not found and held and (cp := _COUNTERPART.search(masked[max(0, pos - 80) : pos])):
                # "Shoigu met his Belarusian counterpart Viktor Khrenin": the same post, the adjective's state
                state = gz.country_of(cp.group("adj")) or gz.state_as_written(cp.group("adj"))
                first = held[0]
                at = max(0, pos - 80)
                where = (at + cp.start("adj"), at + cp.end("adj") + len(" counterpart"))  # the ministry's mention
                t = _Title(first.role, gz.country_of(cp.group("adj")) or None, False, None, first.title, where)
                t.implied, t.body, t.state = first.implied, None, state if gz.country_of(cp.group("adj")) else None
                found.append(t)
            held += found
            last = found
            # A chain's titles share an organisation when only one of them names it.
            orgs_in_chain = {t.org for t in found if t.org}
            for t in found:
                # "Prime Minister X will lead the Pakistan delegation": a state post takes the one state named
                if (
                    not t.org
                    and not orgs_in_chain
                    and len(states_here) == 1
                    and len(person_at) == 1
                    and _STATE_TITLE.search(t.role)
                ):
                    t.org = next(iter(states_here))
            # A chain's titles share the one state it names ("Deputy Prime Minister, Minister of Economy of the
            # Kyrgyz Republic"); a body only between titles joined by "and" ("Secretary of the Security Council
            # and Minister of Defence of Armenia" share Armenia, "Deputy Prime Minister – ..., Chairman of the
            # Board of X" do not share the Board).
            shared = next(iter(orgs_in_chain)) if len(orgs_in_chain) == 1 else None
            for t in found:
                state_post = shared is not None and gz.country_of(shared) is not None
                org = t.org or (shared if state_post or t.coordinated else None)
                if org is None and _EPITHET.search(t.role):
                    continue  # "the leader X", "top diplomat X": a post only with the state it is said of
                posts.append(
                    Post(
                        start=char_start,
                        end=char_end,
                        sentence=sentence,
                        person=name,
                        role=t.role,
                        org=org,
                        date=article.published,
                        acting=t.acting,
                        rank=rank,
                    )
                )
                state = (gz.country_of(org or "") if org else None) or t.state
                if t.ministry is None and state:
                    # the state given once for a chain applies to the bodies its titles name ("Secretary of
                    # the Security Council and Minister of Defence of Armenia"; "Minister of Economy, ...")
                    if t.body:
                        t.ministry, t.span = gz.national_body(t.body, state), t.body_span
                    elif t.implied:
                        t.ministry = gz.national_body(t.implied, state)
                where = mk.to_text(*t.span) if t.ministry else None
                if where:
                    # the ministry is named by the title ("Minister of Defence of the Republic of India"): the
                    # mention is the title as written there (not the role, "Deputy Minister of Defence")
                    extra_mentions.append(
                        Mention(
                            start=where[0],
                            end=where[1],
                            sentence=sentence,
                            text=text[where[0] : where[1]],
                            kind="org",
                            canonical=names.as_spelled(t.ministry, text[where[0] : where[1]], _EN.SPELLING_VARIANTS),
                            attrs={"source": "title"},
                        )
                    )
            if rank:
                ranks[char_start] = " ".join(rank.split())
    return posts, extra_mentions, ranks


def _with_title(article: Article) -> tuple[Article, int]:
    """The article seen as title + body, so people and posts named in the title join those of the body.

    Returns the view and the offset of the body in it (0 when there is no title).
    """
    title = (article.title or "").strip() and article.title
    body_mentions = [m for m in article.mentions if not m.in_title]
    if not title or "title_sentence_index" not in article.extra:  # the entity components did not read it
        view = Article(page=article.page, published=article.published, body=list(article.body))
        view.mentions = body_mentions
        view.extra = dict(article.extra)
        return view, 0
    off = len(title) + 2
    view = Article(page=article.page, published=article.published, body=[title, *article.body])
    shifted = [replace(m, start=m.start + off, end=m.end + off) for m in body_mentions]
    view.mentions = [m for m in article.mentions if m.in_title] + shifted
    cands = [
        Hit(h.start + off, h.end + off, h.kind, h.canonical, h.source)
        for h in article.extra.get("person_candidates", [])
    ]
    view.extra["person_candidates"] = list(article.extra.get("title_person_candidates", [])) + cands
    t_starts, t_bounds = article.extra.get("title_sentence_index") or ([0], [(0, len(title))])
    b_starts, b_bounds = article.extra.get("sentence_index") or ([0], [(0, len(article.text))])
    view.extra["sentence_index"] = (
        list(t_starts) + [x + off for x in b_starts],
        list(t_bounds) + [(a + off, b + off) for a, b in b_bounds],
    )
    view.extra["title_end"] = len(title)  # a title fact's sentence stays inside the title
    return view, off


@component("people_posts")
def make_people(config: dict[str, Any]) -> Any:
    lexicon: Lexicon | None = config.get("lexicon")
    # the parsing model loaded now, with the pipeline, not on the first page that needs a parse (and shared
    # by forked workers); the events component parses with the same one
    try:
        syntax.syntax_model()
    except ModelMissingError:
        pass  # no English model: the posts that need syntax are not read (the 'nlp' component says so)

    def people(article: Article) -> Article:
        view, off = _with_title(article)
        text = view.text
        spans = find_people(view, lexicon)
        persons, assigned = cluster(spans, text)
        index = view.extra.get("sentence_index") or ([0], [(0, len(text))])
        posts, ministries, ranks = find_posts(view, persons, assigned)
        if lexicon is not None:
            for p in posts:
                if p.org is None and _STATE_TITLE.search(p.role):
                    p.org = lexicon.state_of(p.person, p.role)  # "President Putin": the state the corpus gives
        new_mentions = []
        for s, e, pi in assigned:
            attrs: dict[str, Any] = {}
            if s in ranks:
                attrs["rank"] = ranks[s]
            new_mentions.append(
                Mention(
                    start=s,
                    end=e,
                    sentence=sentence_of(text, index, s),
                    text=text[s:e],
                    kind="person",
                    canonical=persons[pi].display,
                    attrs=attrs,
                )
            )
        # Facts read from the title are the article's too, marked in_title with spans into the title.
        for m in new_mentions + ministries:
            if m.start < off:
                m.in_title = True
            else:
                m.start, m.end = m.start - off, m.end - off
            article.mentions.append(m)
        # A name the model took for a place or an organisation ("Orozov", "Sooronbai", "ZAS") is the person's.
        surnames = {gz.key(w) for p in persons for n in p.names for w in n.split()}
        article.mentions = [
            m
            for m in article.mentions
            if not (
                m.kind in ("place", "org")
                and m.attrs.get("source") == "ner"
                and " " not in m.text.strip()
                and gz.key(m.text) in surnames
                and (m.kind == "org" or not m.in_title)
            )
        ]
        article.mentions.sort(key=lambda m: (not m.in_title, m.start, m.end))  # the title comes first
        # "Director" and "Head" of one organisation are one post.
        heads = {}
        for p in posts:
            if p.org and gz.key(p.role) in _HEAD_WORDS:
                heads.setdefault((p.person, p.org), p)
        posts = [p for p in posts if not (p.org and gz.key(p.role) in _HEAD_WORDS) or heads[(p.person, p.org)] is p]
        # A post named once with its organisation and once without is one post.
        with_org = {(p.person, p.role.lower()) for p in posts if p.org}
        posts = [p for p in posts if p.org or (p.person, p.role.lower()) not in with_org]
        seen = set()
        for p in posts:
            # "Secretary-General" and "General Secretary" are one post
            k = (p.person, frozenset(gz.key(p.role).split()) - {"the", "of"}, p.org)
            if k in seen:
                continue
            seen.add(k)
            if p.start < off:
                p.in_title = True
            else:
                p.start, p.end = p.start - off, p.end - off
            article.posts.append(p)
        return article

    return people
