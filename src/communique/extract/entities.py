"""The 'gazetteer_entities' component: organisation and place mentions, and the person candidates.

Sources, strongest first (a stronger span wins an overlap):

1. the gazetteer (spaCy PhraseMatchers in the ``communique_gazetteer`` spaCy component): known organisations,
   their bodies, states in every form, cities and regions;
2. bodies every state has, composed with a state: "Ministry of Internal Affairs of the Kyrgyz Republic",
   "Russian Security Council";
3. acronyms the article itself defines: "Full Name (ACR)";
4. spaCy's statistical NER, filtered: an ORG must end in an organisation word ("... Service", "... Academy"),
   a place must be a proper noun; PERSON spans are passed on to 'people_posts' as candidates.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from communique.document import Article, Mention
from communique.extract import gazetteer as gz
from communique.extract.nlp import ensure_tags, load_model
from communique.pipeline import component

# Last words of an organisation's name: an NER ORG without one is usually a document, an operation
# or a person.
ORG_HEADS = {
    "academy",
    "agency",
    "agencies",
    "alliance",
    "army",
    "assembly",
    "association",
    "bank",
    "board",
    "bureau",
    "center",
    "centre",
    "college",
    "commission",
    "committee",
    "company",
    "corporation",
    "council",
    "court",
    "department",
    "directorate",
    "division",
    "duma",
    "forces",
    "foundation",
    "front",
    "fund",
    "government",
    "group",
    "guard",
    "headquarters",
    "inspectorate",
    "institute",
    "league",
    "ministry",
    "museum",
    "office",
    "organization",
    "organisation",
    "parliament",
    "party",
    "police",
    "prosecutor",
    "radio",
    "school",
    "secretariat",
    "service",
    "staff",
    "structure",
    "troops",
    "union",
    "university",
    "channel",
    "newspaper",
    "brigade",
    "regiment",
    "battalion",
    "corps",
    "fleet",
    "navy",
    "command",
    "club",
    "society",
    "federation",
}
ORG_NOT_HEADS = {"council of heads of state"}

_MAX_NAME = 200
_SOURCE_RANK = {"gazetteer": 0, "national": 1, "acronym": 2, "ner": 3}


@dataclass
class Hit:
    start: int
    end: int
    kind: str  # org | place | person
    canonical: str | None
    source: str
    country: bool = False

    @property
    def length(self) -> int:
        return self.end - self.start


class GazetteerMatcher:
    """spaCy component: gazetteer spans into ``doc.spans["communique_gazetteer"]`` (label = kind)."""

    def __init__(self, nlp: Any) -> None:
        from spacy.matcher import PhraseMatcher

        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.entries: dict[str, gz.Alias] = {}
        groups: dict[tuple[bool, str], list[str]] = {}
        for a in gz.gazetteer().aliases:
            ident = f"{a.kind}|{a.canonical}|{a.parent or ''}|{int(a.bare)}|{int(a.country)}"
            self.entries[ident] = a
            groups.setdefault((a.case_sensitive, ident), []).append(a.text)
        for (cs, ident), texts in groups.items():
            docs = [nlp.make_doc(t) for t in dict.fromkeys(texts)]
            (self.orth if cs else self.lower).add(ident, docs)

    def matches(self, doc: Any) -> list[tuple[int, int, gz.Alias]]:
        """(start_char, end_char, alias entry) for every match, overlapping ones included."""
        vocab = doc.vocab
        out = []
        for matcher in (self.lower, self.orth):
            for match_id, s, e in matcher(doc):
                span = doc[s:e]
                out.append((span.start_char, span.end_char, self.entries[vocab.strings[match_id]]))
        return out

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens import Span

        spans = []
        for s, e, a in self.matches(doc):
            span = doc.char_span(s, e, label=a.kind)
            if span is not None:
                spans.append(span)
        doc.spans["communique_gazetteer"] = [Span(doc, sp.start, sp.end, label=sp.label_) for sp in spans]
        return doc


_MATCHERS: dict[int, GazetteerMatcher] = {}


def gazetteer_matcher(nlp: Any = None) -> GazetteerMatcher:
    """The matcher for a loaded model (default: ``load_model()``), built once per model and process."""
    nlp = nlp if nlp is not None else load_model()
    from spacy.language import Language

    if not Language.has_factory("communique_gazetteer"):
        Language.factory("communique_gazetteer", func=lambda nlp, name: GazetteerMatcher(nlp))
    if id(nlp.vocab) not in _MATCHERS:
        _MATCHERS[id(nlp.vocab)] = GazetteerMatcher(nlp)
    return _MATCHERS[id(nlp.vocab)]


@lru_cache(maxsize=1)
def _national_pattern() -> re.Pattern[str]:
    g = gz.gazetteer()
    bodies = sorted({s for s in _body_spellings()}, key=len, reverse=True)
    states = sorted({s for s in _state_spellings()}, key=len, reverse=True)
    adjs = sorted({a for c in g.countries.values() for a in c.get("adjectives", [])}, key=len, reverse=True)
    alt = lambda xs: "|".join(re.escape(x) for x in xs)  # noqa: E731
    return re.compile(
        rf"(?:\b(?P<adj>{alt(adjs + states)})(?:'s)?\s+)?"
        rf"\b(?P<body>{alt(bodies)})\b"
        rf"(?:\s+of\s+(?:the\s+)?(?P<state>{alt(states)})\b)?"
    )


def _body_spellings() -> list[str]:
    import json
    from importlib import resources

    data = json.loads(resources.files(gz).joinpath("titles.json").read_text(encoding="utf-8"))
    return [s for k, v in data["national_bodies"].items() if not k.startswith("_") for s in v]


def _state_spellings() -> list[str]:
    out = []
    for c in gz.gazetteer().countries.values():
        out.append(c["name"])
        out.extend(a for a in c.get("aliases", []) if len(a) > 3)
        if c.get("long"):
            out.append(c["long"])
    return out


_ACRONYM_DEF = re.compile(
    r"(?P<full>(?:[A-Z][\w’'\-]*)(?:,?[ \t]+(?:of|the|for|on|and|in|to|against|[A-Z][\w’'\-]*))*)"
    r"[ \t]*\((?P<acr>[A-Z][A-Za-z]{0,3}[A-Z]+(?:\s[A-Z]{2,})?)\)"
)
_ACRONYM_PAREN = re.compile(r"\((?:[A-Z][A-Za-z]{0,3}[A-Z]+(?:\s[A-Z]{2,})?)\)")
_ACRONYM_WINDOW = 200
_DOCUMENT_WORDS = {
    "treaty",
    "agreement",
    "convention",
    "declaration",
    "programme",
    "program",
    "plan",
    "strategy",
    "concept",
    "protocol",
    "charter",
    "memorandum",
    "statement",
    "resolution",
    "act",
    "law",
}
_SMALL = {"of", "the", "for", "on", "and", "in", "to", "against"}


def learn_acronyms(text: str) -> list[tuple[int, int, str, str]]:
    """'Full Name (ACR)' definitions: (full start, full end, full name, acronym).

    The full name is cut back to the capitalised words whose initials spell the acronym, so that
    "the Secretary General of the Collective Security Treaty Organization (CSTO)" yields the organisation.
    """
    out = []
    for paren in _ACRONYM_PAREN.finditer(text):
        # Look back a bounded window only: a long capitalised run must not make this quadratic.
        lo = max(0, paren.start() - _ACRONYM_WINDOW)
        m = _ACRONYM_DEF.search(text, lo, paren.end())
        while m and m.end() != paren.end():
            m = _ACRONYM_DEF.search(text, m.start() + 1, paren.end())
        if not m:
            continue
        acr = m.group("acr").replace(" ", "")
        words = list(re.finditer(r"[\w’'\-]+", m.group("full")))
        best = None
        for i, w in enumerate(words):
            if not w.group()[0].isupper() or w.group()[0] != acr[0]:
                continue
            caps = "".join(x.group()[0] for x in words[i:] if x.group()[0].isupper())
            if caps == acr or (len(caps) >= len(acr) - 1 and caps[:2] == acr[:2]):
                best = w
                break
        if best is None:
            continue
        start = m.start("full") + best.start()
        full = text[start : m.end("full")]
        # "Collective Security Treaty (CST)" names a document, not an organisation
        if len(full.split()) < 2 or full.split()[-1].lower() in _DOCUMENT_WORDS:
            continue
        out.append((start, m.end("full"), full, acr))
    return out


def _sentences(doc: Any) -> tuple[list[int], list[tuple[int, int]]]:
    bounds = [(s.start_char, s.end_char) for s in doc.sents]
    return [b[0] for b in bounds], bounds


def sentence_of(text: str, index: tuple[list[int], list[tuple[int, int]]], start: int) -> str:
    starts, bounds = index
    i = max(0, bisect.bisect_right(starts, start) - 1)
    s, e = bounds[i] if bounds else (0, len(text))
    return text[s:e].strip()


def _clean_ner(text: str) -> tuple[int, int]:
    """Offsets trimming a leading 'the' and trailing punctuation off an NER span."""
    s, e = 0, len(text)
    m = re.match(r"(?i)the\s+", text)
    if m:
        s = m.end()
    while e > s and not (text[e - 1].isalnum() or text[e - 1] in ")"):
        e -= 1
    return s, e


def _is_proper(span: Any) -> bool:
    ensure_tags(span.doc)
    return all(t.tag_ in ("NNP", "NNPS") or t.is_punct or t.lower_ in _SMALL for t in span) and span[0].is_title


_COMMON_ENDINGS = (
    "ing",
    "ment",
    "ments",
    "tion",
    "tions",
    "ums",
    "ness",
    "ance",
    "ence",
    "ship",
    "gramme",
    "gram",
    "ity",
    "ities",
    "ism",
    "ists",
)


_NOT_PLACES = {
    "central",
    "states",
    "west",
    "east",
    "north",
    "south",
    "center",
    "centre",
    "region",
    "republic",
    "federation",
    "union",
    "earth",
    "world",
    "directorates",
    "headquarters",
}


def _adjective_or_fragment(text: str) -> bool:
    words = text.split()
    last = words[-1].lower() if words else ""
    return last in _SMALL or last.endswith(("ean", "ian", "ese", "ish")) or gz.is_given_name(text)


def _common_word(text: str) -> bool:
    """One capitalised English word the model took for a place ("Understanding", "Programme", "States")."""
    return " " not in text and (text.lower().endswith(_COMMON_ENDINGS) or text.lower() in _NOT_PLACES)


# Words that describe a kind of body; an NER ORG made of them alone ("Working Group") names no organisation.
_GENERIC = {
    "working",
    "group",
    "groups",
    "council",
    "committee",
    "commission",
    "permanent",
    "ministerial",
    "expert",
    "experts",
    "coordination",
    "coordinating",
    "joint",
    "executive",
    "advisory",
    "scientific",
    "secretariat",
    "staff",
    "general",
    "assembly",
    "forces",
    "headquarters",
    "board",
    "of",
    "the",
    "and",
    "on",
    "for",
    "heads",
    "head",
    "plenipotentiary",
    "international",
    "national",
    "regional",
    "special",
    "department",
    "defence",
    "defense",
    "agencies",
    "ministers",
    "security",
    "services",
}


def _org_like(text: str) -> bool:
    words = re.findall(r"[\w’']+", text)
    if len(words) < 2 or not words[0][0].isupper() or all(w.lower() in _GENERIC for w in words):
        return False
    return words[-1].lower() in ORG_HEADS and text.lower() not in ORG_NOT_HEADS


def find_hits(doc: Any, text: str) -> tuple[list[Hit], list[Hit]]:
    """(organisation/place hits chosen without overlaps, person candidates from NER)."""
    cands: list[Hit] = []
    bare: list[tuple[int, int, gz.Alias]] = []
    matcher = _MATCHERS.get(id(doc.vocab)) or gazetteer_matcher()
    for s, e, a in matcher.matches(doc):
        if a.bare:
            bare.append((s, e, a))
        else:
            cands.append(Hit(s, e, a.kind, a.canonical, "gazetteer", a.country))
    # Bare body names belong to the organisation the article names most.
    parents = Counter(h.canonical for h in cands if h.kind == "org")
    most_named: dict[tuple[int, int], int] = {}  # per matched span: the most its candidate parents are named
    for s, e, a in bare:
        most_named[s, e] = max(most_named.get((s, e), 0), parents.get(a.parent or "", 0))
    for s, e, a in bare:
        if parents.get(a.parent or "", 0) and most_named[s, e] == parents[a.parent or ""]:
            cands.append(Hit(s, e, "org", a.canonical, "gazetteer"))

    g = gz.gazetteer()
    national = list(_national_pattern().finditer(text))
    for m in list(national):
        # "General Staff of the Armed Forces of the Kyrgyz Republic" also names the Armed Forces.
        inner = _national_pattern().search(text, m.start("body") + 1, m.end())
        if inner and inner.group("state"):
            national.append(inner)
    for m in national:
        state_word = m.group("state") or m.group("adj")
        if not state_word:
            continue
        state = g.country_words.get(gz.key(state_word))
        body = g.bodies.get(gz.key(m.group("body")))
        if state and body:
            start = m.start("adj") if m.group("adj") else m.start("body")
            cands.append(Hit(start, m.end(), "org", gz.national_body(body, state), "national"))

    learned: dict[str, str] = {}
    for s, e, full, acr in learn_acronyms(text):
        canonical = gz.canonical_org(full) or gz.canonical_org(acr) or full
        if gz.canonical_place(full):
            continue
        learned[acr] = canonical
        cands.append(Hit(s, e, "org", canonical, "acronym"))
    cands.extend(_acronym_uses(learned, text))

    persons: list[Hit] = []
    for ent in doc.ents:
        label = ent.label_
        if label not in ("ORG", "GPE", "LOC", "PERSON", "FAC"):
            continue
        s0, e0 = _clean_ner(ent.text)
        s, e = ent.start_char + s0, ent.start_char + e0
        if e <= s:
            continue
        span = doc.char_span(s, e, alignment_mode="expand")
        if e - s > _MAX_NAME:
            continue  # no name is that long; the model ran over a list or a heading block
        if "(" in text[s:e] and ")" not in text[s:e]:
            e = s + len(text[s:e].split("(")[0].rstrip())  # "Parliament (National Assembly": keep the name
        surface = text[s:e]
        if label == "PERSON":
            persons.append(Hit(s, e, "person", None, "ner"))
        elif label == "ORG":
            known = gz.canonical_org(surface) or gz.fuzzy_org(surface)
            if known:
                cands.append(Hit(s, e, "org", known, "ner"))
            elif _org_like(surface) and "\n" not in surface:
                cands.append(Hit(s, e, "org", surface, "ner"))
            else:  # an ORG that is no organisation may be a person the model mislabelled
                persons.append(Hit(s, e, "person?", None, "ner"))
        elif label in ("GPE", "LOC"):
            known = gz.canonical_place(surface) or gz.fuzzy_place(surface)
            if not known and (gz.key(surface) in gz.gazetteer().adjectives or _adjective_or_fragment(surface)):
                continue  # "Kyrgyz", "Caucasian", "City of" are no places by themselves
            if known:
                cands.append(Hit(s, e, "place", known, "ner"))
            elif (
                span is not None
                and _is_proper(span)
                and "\n" not in surface
                and not _common_word(surface)
                and surface.isascii()
            ):
                cands.append(Hit(s, e, "place", surface, "ner"))
            else:
                persons.append(Hit(s, e, "person?", None, "ner"))
    strong = _SpanIndex(_without_overlaps([h for h in cands if h.source != "ner"]))
    kept: list[Hit] = []
    for h in cands:
        if h.source == "ner" and strong.overlaps(h.start, h.end):
            # an NER span a stronger one overlaps may be a person the model mislabelled
            persons.append(Hit(h.start, h.end, "person?", None, "ner"))
        else:
            kept.append(h)
    chosen = _without_overlaps(kept)
    return chosen, persons


def _acronym_uses(learned: dict[str, str], text: str) -> list[Hit]:
    """Every use of the acronyms the article defined, acronym by acronym (in ``learned`` order), in one scan."""
    if not learned:
        return []
    names = list(learned)
    order = {acr: i for i, acr in enumerate(names)}
    # An acronym is one word between word boundaries: two never match at one place, so one alternation
    # finds what a scan per acronym would.
    uses = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in sorted(names, key=len, reverse=True)) + r")\b")
    found = sorted((order[m.group()], m.start(), m.end()) for m in uses.finditer(text))
    return [Hit(s, e, "org", learned[names[i]], "acronym") for i, s, e in found]


class _SpanIndex:
    """Spans sorted by start, with the running maximum of their ends: "does any overlap [s, e)?" and
    "does any contain [s, e)?" in O(log n), where a scan of every span made a page's work quadratic."""

    def __init__(self, spans: list[Hit]) -> None:
        self.spans = sorted(spans, key=lambda h: h.start)
        self.starts = [h.start for h in self.spans]
        self.max_end: list[int] = []
        top = -1
        for h in self.spans:
            top = max(top, h.end)
            self.max_end.append(top)

    def _max_end_before(self, pos: int, inclusive: bool) -> int:
        """The largest end among the spans starting before ``pos`` (at or before, when ``inclusive``)."""
        i = (bisect.bisect_right if inclusive else bisect.bisect_left)(self.starts, pos)
        return self.max_end[i - 1] if i else -1

    def overlaps(self, start: int, end: int) -> bool:
        return self._max_end_before(end, inclusive=False) > start

    def contains(self, start: int, end: int) -> bool:
        return self._max_end_before(start, inclusive=True) >= end

    def reaching(self, start: int, end: int) -> list[Hit]:
        """The spans, in start order, that may reach into [start, end): every span ending after ``start``
        and starting before ``end`` is among them (and a few that end before ``start``)."""
        lo = bisect.bisect_right(self.max_end, start)  # before lo, every span ends at or before start
        hi = bisect.bisect_left(self.starts, end)
        return self.spans[lo:hi]


class _Disjoint:
    """Disjoint spans kept sorted: the ones overlapping [s, e) found by bisection (their ends are sorted too)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.spans: list[Hit] = []

    def clashing(self, start: int, end: int) -> list[Hit]:
        i = bisect.bisect_right(self.ends, start)  # the first span ending after ``start``
        out = []
        while i < len(self.spans) and self.starts[i] < end:
            out.append(self.spans[i])
            i += 1
        return out

    def add(self, h: Hit) -> None:
        i = bisect.bisect_left(self.starts, h.start)
        self.starts.insert(i, h.start)
        self.ends.insert(i, h.end)
        self.spans.insert(i, h)


def _without_overlaps(cands: list[Hit]) -> list[Hit]:
    """Longest span first (then the stronger source); states inside an organisation's name are kept too.

    A span is taken only when it clashes with no span taken before, so the taken spans never overlap:
    the clashes of the next one are found by bisection (sort + sweep, not every pair).
    """
    order = sorted(cands, key=lambda h: (-h.length, _SOURCE_RANK[h.source], h.start))
    taken: list[Hit] = []
    index = _Disjoint()
    nested: list[Hit] = []
    for h in order:
        clash = index.clashing(h.start, h.end)
        if not clash:
            taken.append(h)
            index.add(h)
        elif all(t.kind == "org" and t.start <= h.start and h.end <= t.end for t in clash) and (
            (h.kind == "place" and h.country)
            or h.source == "national"
            # "UN Commission on Narcotic Drugs" also names the UN
            # (a body of the organisation, "SCO RATS", does not: annotators and readers take it as one name)
            or (
                h.kind == "org"
                and h.canonical in gz.gazetteer().acronym_parents
                and h.length <= 6
                and not any(t.canonical in gz.gazetteer().body_names for t in clash)
            )
        ):
            nested.append(h)
    return sorted(taken + nested, key=lambda h: h.start)


def persons_outside(persons: list[Hit], chosen: list[Hit], text: str) -> list[Hit]:
    """Person candidates minus what other mentions claim ('the Security Council of X Marat Imankulov').

    Only the mentions that can reach into a candidate are visited (``_SpanIndex.reaching``), in the order
    of ``chosen``: the others change neither end of it.
    """
    index = _SpanIndex(chosen)
    out = []
    for p in persons:
        s, e = p.start, p.end
        for t in index.reaching(p.start, p.end):
            if t.start <= s < t.end:
                s = t.end
            if t.start < e <= t.end:
                e = t.start
        seg = text[s:e]
        lead = len(seg) - len(seg.lstrip(" ,-–—"))
        s += lead
        e = s + len(text[s:e].rstrip(" ,-–—"))
        if e - s >= 2 and not index.contains(s, e):
            out.append(Hit(s, e, p.kind, None, p.source))
    return out


def _mentions(doc: Any, text: str, extra: dict[str, Any], in_title: bool) -> list[Mention]:
    index = _sentences(doc)
    chosen, persons = find_hits(doc, text)
    out = []
    for h in chosen:
        out.append(
            Mention(
                start=h.start,
                end=h.end,
                sentence=sentence_of(text, index, h.start),
                text=text[h.start : h.end],
                kind=h.kind,
                canonical=h.canonical,
                attrs={"source": h.source},
                in_title=in_title,
            )
        )
    extra["person_candidates"] = persons_outside(persons, chosen, text)
    extra["sentence_index"] = index
    return out


@component("gazetteer_entities")
def make_entities(config: dict[str, Any]) -> Any:
    names = tuple(config.get("spacy_models") or ()) or None
    gazetteer_matcher(load_model(names))

    def entities(article: Article) -> Article:
        model = load_model(names)
        doc = article.extra.get("doc")
        if doc is None:
            doc = article.extra["doc"] = model(article.text)
        article.mentions.extend(_mentions(doc, article.text, article.extra, False))
        # The title names people and organisations too (often the only full name on an excerpt): its
        # mentions are the article's like the body's, marked in_title (spans index into the title).
        # title_sentence_index in `extra` also tells later components that the title was read.
        if article.title and article.title.strip():
            title_extra: dict[str, Any] = {}
            article.mentions.extend(_mentions(model(article.title), article.title, title_extra, True))
            article.extra["title_person_candidates"] = title_extra["person_candidates"]
            article.extra["title_sentence_index"] = title_extra["sentence_index"]
        return article

    return entities
