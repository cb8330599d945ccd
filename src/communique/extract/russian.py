"""The 'ru_entities' component: people, organisations, places and posts on Russian pages, with natasha.

spaCy's English model finds no people in Russian text, so a Russian page (``article_lang == "ru"``) is read
with natasha: razdel sentences and tokens, the slovnet NER and morphology taggers over navec embeddings
(all bundled in the natasha wheel; nothing is downloaded), pymorphy lemmas, and natasha's own normaliser,
which turns an inflected name into the nominative ("Имангали Тасмагамбетова" -> "Имангали Тасмагамбетов").

- Organisations and places get the gazetteer's English canonical name when it knows the nominative form
  (the gazetteer's Russian aliases are nominative; its matcher cannot inflect). A span the gazetteer
  component already claimed is kept as it is, unless natasha's span is a longer inflected gazetteer name
  around it ("Секретариата ОДКБ" is the CSTO Secretariat, not the CSTO): the gazetteer's own rule, longest
  name first.
- A person's canonical name is the nominative transliterated to Latin the way the English press writes
  Russian names (``to_latin``), so resolution links "Тасмагамбетов" to "Imangali Tasmagambetov".
- Posts: a title right before a name, read on lemmas so every case matches ("Генерального секретаря ОДКБ
  Имангали Тасмагамбетова", "Министр обороны Республики Беларусь Виктор Хренин"); see ``TITLES``.

English articles pass through untouched. Without natasha the component leaves Russian articles as they
are and says how to install it.
"""

from __future__ import annotations

import bisect
import importlib.util
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from communique import names
from communique.document import PARAGRAPH_SEPARATOR, Article, Mention, Post
from communique.extract import gazetteer as gz
from communique.extract import lang
from communique.extract.dates import article_lang
from communique.extract.people import Person, same_person
from communique.pipeline import component

INSTALL_HINT = "pip install natasha==1.6.0 transliterate==1.10.2"
MISSING_NOTE = (
    "Russian pages: people, organisations, places and posts not extracted: natasha is not installed; "
    f"install it with: {INSTALL_HINT}"
)
SOURCE = "natasha"

log = logging.getLogger(__name__)


class NatashaMissingError(RuntimeError):
    """natasha (or the transliteration library) is not installed."""


# --------------------------------------------------------------------------------------- models


@dataclass(frozen=True)
class Models:
    segmenter: Any
    morph_vocab: Any
    ner: Any
    morph: Any


def available() -> bool:
    """Are natasha and the transliteration library installed? (Nothing is imported.)"""
    try:
        return all(importlib.util.find_spec(m) is not None for m in ("natasha", "transliterate"))
    except (ImportError, ValueError):
        return False


@lru_cache(maxsize=1)
def load_models() -> Models:
    """natasha's news models, loaded once per process from the files its wheel ships.

    Names are put in the nominative with pymorphy (natasha's morphology dictionary), not with natasha's
    syntax parser: see ``nominative_phrase``.
    """
    try:
        from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter
    except ImportError as exc:
        raise NatashaMissingError(f"natasha is not installed; install it with: {INSTALL_HINT}") from exc
    emb = NewsEmbedding()
    return Models(Segmenter(), MorphVocab(), NewsNERTagger(emb), NewsMorphTagger(emb))


# -------------------------------------------------------------------------------- transliteration

to_latin = names.to_latin  # a Cyrillic name as the English press writes it (see communique.names)


# ------------------------------------------------------------------------------ titles and ranks

_RU = lang.data("ru")  # post titles, modifiers, ranks, bodies every state has: language data
TITLES = _RU.TITLES
MODIFIERS = _RU.TITLE_MODIFIERS
RANKS = _RU.RANKS


def _longest(table: dict[tuple[str, ...], str], lemmas: list[str], end: int) -> tuple[int, str] | None:
    """The longest entry of ``table`` whose lemmas end right before ``end``: (its first index, value)."""
    for seq in sorted(table, key=len, reverse=True):
        k = len(seq)
        if k <= end and tuple(lemmas[end - k : end]) == seq:
            return end - k, table[seq]
    return None


# -------------------------------------------------------------------------------------- reading


@dataclass
class _Token:
    start: int  # into the text read (article.text or the title)
    end: int
    text: str
    lemma: str


@dataclass
class _Span:
    start: int
    end: int
    kind: str  # person | org | place
    normal: str  # nominative, as natasha normalises it
    sentence: tuple[int, int]
    canonical: str | None = None
    tokens: list[_Token] = field(default_factory=list)  # the sentence's tokens (persons only)


def _paragraphs(article: Article, in_title: bool) -> list[tuple[int, str]]:
    if in_title:
        return [(0, article.title or "")]
    out, pos = [], 0
    for p in article.body:
        out.append((pos, p))
        pos += len(p) + len(PARAGRAPH_SEPARATOR)
    return out


def _read(models: Models, article: Article, in_title: bool) -> tuple[list[_Span], list[tuple[int, int]]]:
    """natasha's spans over the body (or the title), paragraph by paragraph: a sentence never crosses one.

    Names are put in the nominative here with pymorphy (``nominative_name``, ``nominative_phrase``): the
    news morphology tagger often takes a rare name's case for the nominative ("Уларбеком Шаршеевым").
    """
    from natasha import Doc

    spans: list[_Span] = []
    sentences: list[tuple[int, int]] = []
    for offset, para in _paragraphs(article, in_title):
        if not para.strip():
            continue
        doc = Doc(para)
        doc.segment(models.segmenter)
        sentences += [(offset + sent.start, offset + sent.stop) for sent in doc.sents]
        doc.tag_morph(models.morph)
        doc.tag_ner(models.ner)
        if not doc.spans:
            continue
        for sent in doc.sents:
            sent_tokens: list[_Token] | None = None
            # where another name starts: a person's, or a name of several words (an acronym may end a name:
            # "государств – членов ОДКБ")
            others = {x.start for x in sent.spans or [] if x.type == "PER" or len(x.tokens) > 1}
            starts = [t.start for t in sent.tokens]
            for s in sent.spans or []:
                kind = {"PER": "person", "ORG": "org", "LOC": "place"}.get(s.type)
                if kind is None:
                    continue
                name_tokens = list(s.tokens)
                if kind == "org":
                    name_tokens += _complement_tokens(sent.tokens, bisect.bisect_left(starts, s.stop), others)
                stop = name_tokens[-1].stop
                words = [(t.text, t.start - s.start) for t in name_tokens]
                if kind == "person":
                    normal = nominative_name([w for w, _ in words], models.morph_vocab)
                else:
                    normal = nominative_phrase(para[s.start : stop], words, models.morph_vocab)
                span = _Span(offset + s.start, offset + stop, kind, normal, (offset + sent.start, offset + sent.stop))
                if sent_tokens is None:
                    for t in sent.tokens:
                        if t.lemma is None:
                            t.lemmatize(models.morph_vocab)
                    sent_tokens = [
                        _Token(offset + t.start, offset + t.stop, t.text, t.lemma.lower().replace("ё", "е"))
                        for t in sent.tokens
                    ]
                span.tokens = sent_tokens
                spans.append(span)
    return spans, sentences


_NAME_POS = frozenset({"NOUN", "ADJ", "PROPN"})


def _complement_tokens(tokens: list[Any], i: int, others: set[int]) -> list[Any]:
    """The words after an organisation's name that the model left out but that complete it: genitive words
    ("Координационного совета руководителей | компетентных органов"), a "по" phrase in the dative ("по
    противодействию незаконному обороту наркотиков"), "государств – членов ОДКБ"; never a person's name,
    another name of several words, nor "Организации" (the article's organisation, read as such). ``i``: the
    first word after the name."""
    out: list[Any] = []
    while i < len(tokens):
        t = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        case = t.feats.get("Case") if t.feats else None
        if t.start in others or gz.key(t.text)[:-1] == _RU.ORGANIZATION_WORD[:-1]:
            break  # ("Организации", "Организацию": the word in a case its last letter marks)
        if t.pos in _NAME_POS and case == "Gen":
            out.append(t)
        elif (
            t.text.lower() == _RU.NAME_COMPLEMENT_PREPOSITION
            and nxt is not None
            and nxt.pos in _NAME_POS
            and nxt.feats.get("Case") == "Dat"
        ):
            out += [t, nxt]
            i += 1
            while i + 1 < len(tokens) and tokens[i + 1].pos in _NAME_POS and tokens[i + 1].feats.get("Case") == "Dat":
                out.append(tokens[i + 1])
                i += 1
        elif (
            t.text in ("–", "—", "-")
            and out
            and out[-1].text.lower() in _RU.MEMBER_STATE_WORDS
            and nxt is not None
            and nxt.text.lower() == _RU.MEMBERS_WORD
        ):
            out.append(t)
        else:
            break
        i += 1
    while out and out[-1].pos not in _NAME_POS:
        out.pop()
    return out


# ------------------------------------------------------------------------------------- nominatives

_NAME_TAGS = frozenset({"Name", "Surn", "Patr"})


def _inflect(form: Any, grammemes: set[str]) -> Any:
    """pymorphy's inflection by OpenCorpora grammemes (natasha's forms take Universal Dependencies ones)."""
    from pymorphy2.analyzer import Parse

    return Parse.inflect(form, grammemes)


def _cased(word: str, like: str) -> str:
    """``word`` written with the capitals of ``like`` ("шаршеев", "Шаршеевым" -> "Шаршеев")."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def nominative_name(words: list[str], morph: Any) -> str:
    """A person's name in the nominative: the case all its words share, in the gender its given name has
    ("Имангали Тасмагамбетова" -> "Имангали Тасмагамбетов", "Уларбеком Шаршеевым" -> "Уларбек Шаршеев").
    A word pymorphy does not know as a name stays as written."""
    parses = [[p for p in morph.parse(w) if _NAME_TAGS & p.tag.grammemes and "sing" in p.tag.grammemes] for w in words]
    gender = next((ps[0].tag.gender for ps in parses for p in ps[:1] if "Name" in p.tag.grammemes), None)

    def fits(p: Any) -> bool:
        return gender is None or p.tag.gender in (gender, None)

    cases = [{p.tag.case for p in ps if fits(p)} for ps in parses if any(fits(p) for p in ps)]
    if not cases:
        return " ".join(words)
    shared = set.intersection(*cases)
    if not shared or "nomn" in shared:
        return " ".join(words)
    weight = {c: sum(p.score for ps in parses for p in ps if p.tag.case == c and fits(p)) for c in shared}
    case = max(sorted(shared), key=lambda c: weight[c])
    out = []
    for w, ps in zip(words, parses, strict=True):
        cand = [p for p in ps if p.tag.case == case and fits(p)]
        form = _inflect(cand[0], {"nomn"}) if cand else None
        out.append(_cased(form.word, w) if form else w)
    return " ".join(out)


def nominative_phrase(surface: str, words: list[tuple[str, int]], morph: Any) -> str:
    """An organisation's or a place's name in the nominative: the words up to its first noun agree with it
    ("Объединенного штаба ОДКБ" -> "Объединенный штаб ОДКБ", "Региональной антитеррористической структуры
    ШОС" -> "Региональная антитеррористическая структура ШОС"); what follows (a genitive complement) stays."""
    parses = [morph.parse(w) for w, _ in words]
    head = next(
        (i for i, ps in enumerate(parses) if ps and ps[0].tag.POS == "NOUN" and "Abbr" not in ps[0].tag.grammemes),
        None,
    )
    if head is None:
        return surface
    noun = parses[head][0]
    if noun.tag.case == "nomn" or noun.tag.case is None:
        return surface
    out = surface
    for i in range(head, -1, -1):  # right to left, so that offsets stay valid
        word, at = words[i]
        if i == head:
            form = _inflect(noun, {"nomn"})
        else:
            adj = [
                p
                for p in parses[i]
                if p.tag.POS in ("ADJF", "PRTF")
                and p.tag.case == noun.tag.case
                and (p.tag.number == "plur" or p.tag.gender == noun.tag.gender)
            ]
            if not adj:
                return surface  # not a name that agrees: leave it as written
            agree = {noun.tag.gender} if noun.tag.number == "sing" else set()
            form = _inflect(adj[0], {"nomn", noun.tag.number} | agree)
        if form is None:
            return surface
        out = out[:at] + _cased(form.word, word) + out[at + len(word) :]
    return out


# ------------------------------------------------------------------------------ organisations, places


@gz.derived
def _bare_bodies() -> dict[tuple[str, str], str]:
    """(key of a body's name, its organisation's canonical name) -> the body's canonical name."""
    g = gz.gazetteer()
    out = {}
    for a in g.aliases:
        if a.bare and a.parent:
            parent = gz.canonical_org(a.parent) or a.parent
            out.setdefault((gz.key(a.text), parent), a.canonical)
    return out


def org_canonical(normal: str, surface: str) -> tuple[str, str] | None:
    """(kind, English canonical) of an organisation's Russian name when the gazetteer knows it.

    Tries the nominative, the text as written, then "<body> <organisation>" ("Совет министров обороны ОДКБ"),
    which the gazetteer lists as the body's bare name and the organisation's acronym.
    """
    for name in (normal, surface):
        known = gz.canonical_org(name)
        if known:
            return "org", known
        place = gz.canonical_place(name)
        if place and gz.country_of(name):
            return "place", place
    words = normal.split()
    for n in (1, 2, 3):
        if len(words) > n:
            parent = gz.canonical_org(" ".join(words[-n:]))
            bodies = _bare_bodies()
            body = parent and (
                bodies.get((gz.key(" ".join(words[:-n])), parent)) or bodies.get((gz.key(normal), parent))
            )
            if body:
                return "org", body
    return None


def place_canonical(normal: str, surface: str) -> str | None:
    for name in (normal, surface):
        known = gz.canonical_place(name) or gz.country_of(name)
        if known:
            return known
    return None


# ------------------------------------------------------------------------------------------ people


def _name_parts(normal: str) -> str | None:
    """The name as "Given Surname" (patronymic dropped, surname-first order undone); None if no name."""
    toks = normal.split()
    if not toks or len(toks) > 4 or any(ch.isdigit() for ch in normal) or not all(t[0].isupper() for t in toks):
        return None
    if len(toks) == 3 and names.is_patronymic(toks[2]) and not names.is_patronymic(toks[1]):
        toks = [toks[1], toks[0]]  # "Тасмагамбетов Имангали Нургалиевич"
    elif len(toks) == 3 and names.is_patronymic(toks[1]):
        toks = [toks[0], toks[2]]  # "Имангали Нургалиевич Тасмагамбетов"
    elif len(toks) == 2 and gz.is_given_name(to_latin(toks[1])) and not gz.is_given_name(to_latin(toks[0])):
        toks = [toks[1], toks[0]]  # "Тасмагамбетов Имангали", as lists write it
    return " ".join(toks)


def _cluster(people: list[tuple[_Span, str]]) -> dict[int, str]:
    """Canonical Latin name for each person span (by index), spellings of one person grouped as in English."""
    persons: list[Person] = []
    member: dict[int, int] = {}
    order = sorted(range(len(people)), key=lambda i: (len(people[i][1].split()) < 2, -len(people[i][1])))
    for i in order:
        latin = people[i][1]
        idx = next((j for j, p in enumerate(persons) if any(same_person(latin, n) for n in p.names)), None)
        if idx is None:
            persons.append(Person())
            idx = len(persons) - 1
        persons[idx].names[latin] += 1
        member[i] = idx
    return {i: persons[j].display for i, j in member.items()}


# ------------------------------------------------------------------------------------------- posts


@dataclass
class _Title:
    role: str
    org: str | None
    acting: bool
    title_span: tuple[int, int]  # chars of the title words in the text read
    state: str | None
    org_span: tuple[int, int] | None = None  # a body named only by the words between title and name


def _slot(
    tokens: list[_Token], j: int, mentions: list[Mention], covers: list[tuple[int, int]], dominant: str | None
) -> tuple[int, list[Mention | str]]:
    """Organisations and places right before index j ("... ОДКБ", "... Республики Беларусь"): (new j, them).

    ``covers`` are natasha's organisation and place spans: "Республики Беларусь" is one name even where
    only its "Беларусь" became a mention.
    """
    found: list[Mention | str] = []
    while j > 0:
        t = tokens[j - 1]
        ranges = [(m.start, m.end) for m in mentions if m.kind in ("org", "place")] + covers
        hit = [r for r in ranges if r[0] <= t.start and t.end <= r[1]]
        if hit:
            lo = min(r[0] for r in hit)
            inside = [m for m in mentions if m.kind in ("org", "place") and lo <= m.start and m.end <= t.end]
            found[:0] = sorted(inside, key=lambda m: m.start)
            while j > 0 and tokens[j - 1].start >= lo:
                j -= 1
        elif t.lemma == _RU.ORGANIZATION_WORD and t.text[:1].isupper() and dominant:
            found.insert(0, dominant)
            j -= 1
        else:
            break
    return j, found


def _org_of(found: list[Mention | str]) -> tuple[str | None, str | None]:
    """(post organisation, state) from the slot: a state for national posts, else the organisation."""
    for f in found:
        if isinstance(f, str):
            return f, None
        if f.kind == "place":
            state = gz.country_of(f.canonical or f.text)
            return (state or f.canonical or f.text), state
        return f.canonical or f.text, None
    return None, None


def _cases(word: str, morph: Any) -> set[str]:
    return {p.tag.case for p in morph.parse(word) if p.tag.case}


def _agrees(title: _Token, person: _Span, morph: Any) -> bool:
    """Can a title before a name be the name's own: in the name's case ("с Министром обороны ... Бекбоевым",
    not "при Президенте ... Сохибов")? A word the dictionary cannot decline says nothing against it."""
    names = [t for t in person.tokens if person.start <= t.start and t.end <= person.end and t.text[:1].isalpha()]
    if not names:
        return True
    surname = names[-1].text
    title_cases, name_cases = _cases(title.text, morph), _cases(surname, morph)
    if _BARE_SURNAME.search(surname):
        name_cases.add("nomn")  # "Сохибов", "Тасмагамбетов": a surname the dictionary reads as a plural genitive
    return not title_cases or not name_cases or bool(title_cases & name_cases)


# The nominative endings of Russian-declined surnames ("-ов", "-ев", "-ин", "-ский"; "-ова", "-ина", "-ская").
_BARE_SURNAME = re.compile(r"(?:[оеё]в|[иы]н|ск[иоа]й|[оеё]ва|[иы]на|ская)$", re.IGNORECASE)


def _genitive(token: _Token, morph: Any, people: list[tuple[int, int]]) -> bool:
    """Can the word stand in a genitive complement ("Исполнительного комитета", "РАТС")? A person's name
    cannot: the title before it is that person's."""
    if any(a <= token.start < b for a, b in people):
        return False
    word = token.text
    if word.isupper() and len(word) > 1:
        return True
    return any(p.tag.case == "gent" for p in morph.parse(word))


def _phrase_org(text: str, tokens: list[_Token], lo: int, hi: int, morph: Any) -> str:
    """The organisation a genitive phrase between a title and a name names, in the nominative; its English
    canonical name when the gazetteer knows it."""
    s, e = tokens[lo].start, tokens[hi - 1].end
    words = [(t.text, t.start - s) for t in tokens[lo:hi]]
    normal = nominative_phrase(text[s:e], words, morph)
    hit = org_canonical(normal, text[s:e])
    return hit[1] if hit else normal


def _longest_from(table: dict[tuple[str, ...], str], lemmas: list[str], start: int) -> tuple[int, str] | None:
    """The longest entry of ``table`` whose lemmas start at ``start``: (the index after it, value)."""
    for seq in sorted(table, key=len, reverse=True):
        if tuple(lemmas[start : start + len(seq)]) == seq:
            return start + len(seq), table[seq]
    return None


def _posts_after(
    person: _Span, text: str, mentions: list[Mention], dominant: str | None, morph: Any, people: list[tuple[int, int]]
) -> list[_Title]:
    """A title in apposition after the name: "Имангали Тасмагамбетов, Генеральный секретарь ОДКБ, ..."."""
    tokens = [t for t in person.tokens if t.start >= person.end]
    lemmas = [t.lemma for t in tokens]
    out: list[_Title] = []
    j = 0
    while j < len(tokens) and tokens[j].text in (",", "–", "—", "-"):
        j += 1
        mods = []
        while (mod := _longest_from(MODIFIERS, lemmas, j)) is not None:
            j, word = mod
            mods.append(word)
        title = _longest_from(TITLES, lemmas, j)
        if title is None or "Former" in mods:
            break
        start = j
        j, role = title
        k = j
        while k < len(tokens) and tokens[k].text[:1].isalpha() and _genitive(tokens[k], morph, people):
            k += 1
        org, state = None, None
        inside = [m for m in mentions if m.kind in ("org", "place") and j < len(tokens) and k > j
                  and tokens[j].start <= m.start and m.end <= tokens[k - 1].end]
        if inside and inside[0].start == tokens[j].start and inside[-1].end == tokens[k - 1].end and len(inside) == 1:
            org, state = _org_of(inside)
        phrase_span = None
        if org is None and k > j and not inside:
            org, phrase_span = _phrase_org(text, tokens, j, k, morph), (tokens[j].start, tokens[k - 1].end)
        if org is None and role == "Secretary General":
            org = dominant
        full = " ".join(dict.fromkeys([*mods, role]))
        title_span = (tokens[start].start, tokens[j - 1].end)
        out.append(_Title(full, org, "Acting" in mods, title_span, state, phrase_span))
        j = k
    return out


def find_posts(
    person: _Span,
    mentions: list[Mention],
    covers: list[tuple[int, int]],
    dominant: str | None,
    text: str = "",
    morph: Any = None,
    people: list[tuple[int, int]] | None = None,
) -> tuple[list[_Title], str | None]:
    """Titles read right before a person's name, chained leftwards over commas and dashes, or in apposition
    after it; and the rank. ``people``: the spans of the other names, which no title runs across."""
    people = [p for p in people or [] if p != (person.start, person.end)]
    tokens = [t for t in person.tokens if t.end <= person.start]
    lemmas = [t.lemma for t in tokens]
    j = len(tokens)
    rank = None
    hit = _longest(RANKS, lemmas, j) if j else None
    if hit is None and j >= 2 and lemmas[j - 1] in _RU.RANK_OF:
        inner = _longest(RANKS, lemmas, j - 1)
        if inner:
            hit = (inner[0], f"{inner[1]} of {_RU.RANK_OF[lemmas[j - 1]]}")
    if hit:
        j, rank = hit
    titles: list[_Title] = []
    while j > 0:
        phrase_span = None
        j2, found = _slot(tokens, j, mentions, covers, dominant)
        title = _longest(TITLES, lemmas, j2)
        if title is None and morph is not None:
            # "Директор Исполнительного комитета РАТС ШОС X": a genitive phrase no mention covers names the body
            k = j2
            while k > max(0, j2 - 8) and tokens[k - 1].text[:1].isalpha() and _genitive(tokens[k - 1], morph, people):
                k -= 1
                title = _longest(TITLES, lemmas, k)
                if title is not None:
                    found = [_phrase_org(text, tokens, k, j, morph)]
                    phrase_span = (tokens[k].start, tokens[j - 1].end)
                    j2 = k
                    break
        if title is None:
            break
        start, role = title
        if morph is not None and not _agrees(tokens[start], person, morph):
            break  # "директор Агентства ... при Президенте Республики Таджикистан X": a title inside a complement
        title_span = (tokens[start].start, tokens[j2 - 1].end)
        mods = []
        while (mod := _longest(MODIFIERS, lemmas, start)) is not None:
            start, word = mod
            mods.insert(0, word)
        if "Former" in mods:
            break
        org, state = _org_of(found)
        if org is None and role == "Secretary General":
            org = dominant
        full = " ".join(dict.fromkeys([*mods, role]))
        titles.append(_Title(full, org, "Acting" in mods, title_span, state, phrase_span))
        j = start
        if j == 0 or tokens[j - 1].text not in _RU.CHAIN_SEPARATORS:
            break
        j -= 1
    if not titles and morph is not None:
        titles = _posts_after(person, text, mentions, dominant, morph, people)
    orgs = {t.org for t in titles if t.org}
    for t in titles:
        if t.org is None and len(orgs) == 1:
            t.org = next(iter(orgs))
    return titles, rank


# --------------------------------------------------------------------------------------- component


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _replaces(span: _Span, canonical: str, clash: list[Mention]) -> bool:
    """Does a known, inflected gazetteer name win over the gazetteer mentions it contains (longest first)?"""
    g = gz.gazetteer()
    return all(
        m.kind == "org"
        and m.attrs.get("source") != SOURCE
        and span.start <= m.start
        and m.end <= span.end
        and (m.end - m.start) < (span.end - span.start)
        and m.canonical != canonical
        # "UN" inside "Совет Безопасности ООН" also names the UN (not inside a body of it), as in English
        and not (m.canonical in g.acronym_parents and canonical not in g.body_names)
        for m in clash
    )


def _unnamed_body(sp: _Span, morph: Any) -> str | None:
    """Why an ORG span of the model names no organisation by itself, or None when it may: an abbreviation
    of a common noun ("СМИ", "ВРИО"), a body's kind alone ("Секретариат", "штаб"), a city ("Бишкеке" is a
    place: returned as "place")."""
    words = [t for t in sp.tokens if sp.start <= t.start and t.end <= sp.end]
    if not words:
        return None
    if len(words) == 1:
        word = words[0].text
        parses = morph.parse(word)
        grams = parses[0].tag.grammemes if parses else set()
        if "Geox" in grams and not word.isupper():
            return "place"
        # "СМИ", "ВРИО": abbreviations the dictionary knows for common nouns (an unknown one may be a name)
        known_common = parses and parses[0].is_known and "Abbr" in grams and not grams & {"Orgn", "Geox"}
        if word.isupper() and (known_common or ("UNKN" in grams and len(word) <= 2)):
            return "an abbreviation of a common noun"
    if all(t.lemma in _RU.GENERIC_ORG_WORDS for t in words if t.text[:1].isalpha()):
        return "a kind of body"
    return None


def _national_body(sp: _Span, text: str, spans: list[_Span], existing: list[Mention]) -> str | None:
    """A body every state has, named in Russian with its state ("МИД Казахстана", "Министерство обороны
    Республики Беларусь") or after a state the paragraph named: its English canonical name."""
    words = [t for t in sp.tokens if sp.start <= t.start]
    lemmas = [t.lemma for t in words]
    for seq, body in sorted(_RU.NATIONAL_BODIES.items(), key=lambda kv: -len(kv[0])):
        if tuple(lemmas[: len(seq)]) != seq or words[len(seq) - 1].end > sp.end:
            continue
        after = words[len(seq) - 1].end
        state = None
        rest = text[after : sp.end].strip()
        if rest:
            state = place_canonical(rest, rest)
        if state is None:  # the state's name right after the body's ("МИД" + "Казахстана")
            nxt = next((x for x in spans if x.kind == "place" and x.start >= after), None)
            if nxt and not text[after : nxt.start].strip():
                state = place_canonical(nxt.normal, text[nxt.start : nxt.end])
        if state is None:  # the state the paragraph named last before it
            paragraph = text.rfind("\n", 0, sp.start) + 1
            before = [m for m in existing if m.kind == "place" and paragraph <= m.start < sp.start]
            state = gz.country_of(before[-1].canonical or "") if before else None
        state = gz.country_of(state or "")
        return gz.national_body(body, state) if state else ""  # "" : a state's body, whose state is not said
    return None


def _orgs_and_places(article: Article, text: str, spans: list[_Span], in_title: bool, morph: Any) -> None:
    """Organisation and place mentions from natasha's spans, around what the gazetteer already claimed."""
    existing = [m for m in article.mentions if m.in_title == in_title and m.from_teaser is None]
    added: list[Mention] = []
    dominant = _dominant(article)
    for sp in spans:
        if sp.kind == "person":
            continue
        surface = text[sp.start : sp.end]
        if sp.kind == "org" and gz.key(sp.normal) == _RU.ORGANIZATION_WORD:
            continue  # "Организации" alone: the article's organisation, read as such by the posts
        if sp.kind == "org":
            hit = org_canonical(sp.normal, surface)
            after = [m for m in existing if m.kind == "org" and m.start >= sp.end]
            nxt = min(after, key=lambda m: m.start, default=None)
            if hit is None and nxt and not text[sp.end : nxt.start].strip():
                # "Объединённого штаба" + "ОДКБ": the body of the organisation named right after it
                whole = org_canonical(f"{sp.normal} {nxt.text}", f"{surface} {nxt.text}")
                if whole:
                    hit, sp = whole, _Span(sp.start, nxt.end, sp.kind, sp.normal, sp.sentence, tokens=sp.tokens)
                    surface = text[sp.start : sp.end]
            if hit is None and dominant and (body := _bare_bodies().get((gz.key(sp.normal), dominant))):
                hit = ("org", body)  # "Объединённого штаба" on a page of the CSTO: its Joint Staff
            national = _national_body(sp, text, spans, existing) if hit is None else None
            if national == "":
                continue  # "МИД" alone: a body every state has, not a name
            if national:
                hit = ("org", national)
            elif hit is None and (why := _unnamed_body(sp, morph)):
                if why != "place":
                    continue
                sp = _Span(sp.start, sp.end, "place", sp.normal, sp.sentence, tokens=sp.tokens)
            kind, canonical = hit if hit else ("org", sp.normal)
            known = hit is not None
        if sp.kind == "place":
            place = place_canonical(sp.normal, surface)
            kind, canonical, known = "place", place or sp.normal, place is not None
        clash = [m for m in existing + added if _overlaps((m.start, m.end), (sp.start, sp.end))]
        if clash and not known and kind == "org" and all(m.kind == "org" and sp.start <= m.start and m.end <= sp.end
                                                         and (m.start, m.end) != (sp.start, sp.end) for m in clash):
            clash = []  # "... государств – членов ОДКБ": a longer name holding known ones, each a mention of its own
        if clash:
            if not known or not _replaces(sp, canonical, clash):
                continue
            for m in clash:
                article.mentions.remove(m)
                existing.remove(m)
        added.append(
            Mention(
                start=sp.start,
                end=sp.end,
                sentence=text[sp.sentence[0] : sp.sentence[1]].strip(),
                text=surface,
                kind=kind,
                canonical=canonical,
                attrs={"source": SOURCE},
                in_title=in_title,
            )
        )
    article.mentions.extend(added)
    _shortened_names(article)


def _shortened_names(article: Article) -> None:
    """ "Координационный совет" after "Координационный совет руководителей компетентных органов ...": a name
    the page gave in full before, cut to its first words, is that name (one body, not two)."""
    ours = [m for m in article.mentions if m.kind == "org" and m.attrs.get("source") == SOURCE]
    unknown = [m for m in ours if m.canonical and gz.canonical_org(m.canonical) is None]
    by_start: dict[str, set[str]] = {}  # the first words of each name -> the names that start so
    for c in {m.canonical for m in unknown if m.canonical}:
        words = gz.key(c).split()
        for n in range(1, len(words)):
            by_start.setdefault(" ".join(words[:n]), set()).add(c)
    for m in unknown:
        longer = by_start.get(gz.key(m.canonical or ""), set())
        if len(longer) == 1:
            m.canonical = next(iter(longer))


def _dominant(article: Article) -> str | None:
    """The international organisation the article names most, itself or through its bodies ("Секретариат
    ОДКБ" names the CSTO: the Russian site rarely writes the bare acronym); a tie goes to the one named first."""
    parents = gz.gazetteer().acronym_parents
    parent_of = {body: parent for (_, parent), body in _bare_bodies().items()}
    ordered = sorted(article.mentions, key=lambda m: (not m.in_title, m.start))
    named = [parent_of.get(m.canonical or "", m.canonical) for m in ordered if m.kind == "org"]
    orgs = Counter(c for c in named if c in parents)
    if not orgs:
        return None
    top = max(orgs.values())
    return next(c for c in named if orgs.get(c) == top)


def _people(
    article: Article,
    found: list[tuple[bool, _Span, str]],
    covers: dict[bool, list[tuple[int, int]]],
    morph: Any = None,
) -> None:
    """Person mentions and posts for the people of the title and the body together (one canonical name each)."""
    canonical = _cluster([(sp, latin) for _, sp, latin in found])
    dominant = _dominant(article)
    for i, (in_title, sp, _) in enumerate(found):
        text = (article.title if in_title else article.text) or ""
        sent = text[sp.sentence[0] : sp.sentence[1]].strip()
        here = [m for m in article.mentions if m.in_title == in_title and m.from_teaser is None]
        names_here = [(x.start, x.end) for t2, x, _ in found if t2 == in_title and x.sentence == sp.sentence]
        titles, rank = find_posts(sp, here, covers[in_title], dominant, text, morph, names_here)
        attrs: dict[str, Any] = {"source": SOURCE}
        if rank:
            attrs["rank"] = rank
        article.mentions.append(
            Mention(
                start=sp.start,
                end=sp.end,
                sentence=sent,
                text=text[sp.start : sp.end],
                kind="person",
                canonical=canonical[i],
                attrs=attrs,
                in_title=in_title,
            )
        )
        for t in titles:
            article.posts.append(
                Post(
                    start=sp.start,
                    end=sp.end,
                    sentence=sent,
                    person=canonical[i],
                    role=t.role,
                    org=t.org,
                    date=article.published,
                    acting=t.acting,
                    rank=rank,
                    in_title=in_title,
                )
            )
            clash = [m for m in here if t.org_span and _overlaps((m.start, m.end), t.org_span)]
            if t.org_span and t.org and all(t.org_span[0] <= m.start and m.end <= t.org_span[1] for m in clash):
                # "Директор Исполнительного комитета РАТС ШОС": the body the title names
                ts, te = t.org_span
                article.mentions.append(
                    Mention(start=ts, end=te, sentence=sent, text=text[ts:te], kind="org", canonical=t.org,
                            attrs={"source": "title"}, in_title=in_title)
                )
            # "Министр обороны Республики Беларусь" also names that ministry, as in English
            ministry = gz.implied_ministry(re.sub(r"^(?:Acting |First Deputy |Deputy )+", "", t.role))
            ts, te = t.title_span
            if ministry and t.state and not any(_overlaps((m.start, m.end), (ts, te)) for m in here):
                article.mentions.append(
                    Mention(
                        start=ts,
                        end=te,
                        sentence=sent,
                        text=text[ts:te],
                        kind="org",
                        canonical=gz.national_body(ministry, t.state),
                        attrs={"source": "title"},
                        in_title=in_title,
                    )
                )


def extract(models: Models, article: Article) -> Article:
    """Add natasha's people, organisations, places and posts to a Russian article (title and body)."""
    found: list[tuple[bool, _Span, str]] = []
    covers: dict[bool, list[tuple[int, int]]] = {False: [], True: []}
    sentences: dict[bool, list[tuple[int, int]]] = {False: [], True: []}
    parts = [(False, article.text)]
    if article.title and article.title.strip():
        parts.append((True, article.title))
    for in_title, text in parts:
        spans, sentences[in_title] = _read(models, article, in_title)
        _orgs_and_places(article, text, spans, in_title, models.morph_vocab)
        covers[in_title] = [(sp.start, sp.end) for sp in spans if sp.kind != "person"]
        claimed = [(m.start, m.end) for m in article.mentions if m.in_title == in_title and m.from_teaser is None]
        for sp in spans:
            name = _name_parts(sp.normal) if sp.kind == "person" else None
            if name and not any(_overlaps(c, (sp.start, sp.end)) for c in claimed):
                found.append((in_title, sp, to_latin(name)))
    # A surname the tagger missed ("Тасмагамбетов поблагодарил ..." opening a sentence), in any case ending,
    # is the person it names elsewhere in the article, as in English.
    surnames = {n.split()[-1] for _, sp, _ in found if len((n := _name_parts(sp.normal) or "").split()) > 1}
    for in_title, text in parts:
        taken = [(sp.start, sp.end) for t, sp, _ in found if t == in_title]
        taken += [(m.start, m.end) for m in article.mentions if m.in_title == in_title and m.from_teaser is None]
        for sur in sorted(s for s in surnames if len(s) >= 4):
            for m in re.finditer(rf"\b{re.escape(sur)}(?:а|у|ым|ом|е|ой|ою|ых|ы)?\b", text):
                if any(_overlaps((m.start(), m.end()), t) for t in taken):
                    continue
                sent = next((b for b in sentences[in_title] if b[0] <= m.start() < b[1]), (0, len(text)))
                found.append((in_title, _Span(m.start(), m.end(), "person", sur, sent), to_latin(sur)))
                taken.append((m.start(), m.end()))
    if found:
        _people(article, found, covers, models.morph_vocab)
    article.mentions.sort(key=lambda m: (not m.in_title, m.start, m.end))  # the title first, as people_posts does
    return article


_warned = False


def _note_missing(article: Article) -> None:
    """Say once per process (in the log) and once per page (in its notes) why a Russian page has no people."""
    global _warned
    if not _warned:
        log.warning(MISSING_NOTE)
        _warned = True
    if MISSING_NOTE not in article.page.notes:
        article.page.notes.append(MISSING_NOTE)


@component("ru_entities")
def make_russian(config: dict[str, Any]) -> Any:
    installed = available()

    def ru_entities(article: Article) -> Article:
        if article_lang(article) != "ru":
            return article
        try:
            if not installed:
                raise NatashaMissingError(MISSING_NOTE)
            models = load_models()
        except NatashaMissingError:
            _note_missing(article)
            return article
        return extract(models, article)

    return ru_entities
