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
import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from communique import names
from communique.clean.datelines import agency_dateline
from communique.document import Article, Mention
from communique.extract import gazetteer as gz
from communique.extract import institutions
from communique.extract.lang import en
from communique.extract.lexicon import Lexicon
from communique.extract.nlp import load_model
from communique.extract.syntax import doc_of
from communique.extract.text_index import TextIndex
from communique.pipeline import component

# Nouns that head an institution's name (language data, see communique.extract.lang).
ORG_HEADS = en.ORG_HEADS
ORG_NOT_HEADS = {"council of heads of state"}

_MAX_NAME = 200
_SOURCE_RANK = {"gazetteer": 0, "national": 1, "acronym": 2, "lexicon": 3, "structure": 3, "ner": 4}


@dataclass
class Hit:
    start: int
    end: int
    kind: str  # org | place | person
    canonical: str | None
    source: str
    country: bool = False
    of_complement: bool = False  # right after "of [the]": may name another body inside a body's name
    head: str | None = None  # the noun that says what kind of body a name read by structure is
    bare: bool = False  # a body's name without its organisation's ("the Secretariat")
    quoted: bool = False  # a name quoted on its own: the names inside it are its words ("“Russia Today”")

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


_MATCHERS: dict[tuple[int, int], GazetteerMatcher] = {}  # (model's vocabulary, gazetteer generation)
_MODELS: dict[int, Any] = {}  # the model of each vocabulary a matcher was built for


def gazetteer_matcher(nlp: Any = None) -> GazetteerMatcher:
    """The matcher for a loaded model (default: ``load_model()``), built once per model and gazetteer."""
    nlp = nlp if nlp is not None else load_model()
    from spacy.language import Language

    if not Language.has_factory("communique_gazetteer"):
        Language.factory("communique_gazetteer", func=lambda nlp, name: GazetteerMatcher(nlp))
    k = (id(nlp.vocab), gz.generation())
    if k not in _MATCHERS:
        for old in [o for o in _MATCHERS if o[0] == k[0]]:
            del _MATCHERS[old]  # built from a gazetteer that changed since
        _MATCHERS[k] = GazetteerMatcher(nlp)
        _MODELS[k[0]] = nlp
    return _MATCHERS[k]


def _matcher_for(doc: Any) -> GazetteerMatcher:
    found = _MATCHERS.get((id(doc.vocab), gz.generation()))
    return found or gazetteer_matcher(_MODELS.get(id(doc.vocab)))


@gz.derived
def _national_pattern() -> re.Pattern[str]:
    """A body every state has, with the state after it ("Ministry of Defence of the Republic of Belarus");
    the body may be in lower case ("the Russian government": see ``_state_before``)."""
    bodies = sorted(set(_body_spellings()), key=len, reverse=True)
    lower = sorted({b.lower() for b in bodies} - set(bodies), key=len, reverse=True)
    states = sorted(set(_state_spellings()), key=len, reverse=True)
    alt = lambda xs: "|".join(re.escape(x) for x in xs)  # noqa: E731
    return re.compile(
        rf"\b(?P<body>{alt(bodies + lower)})\b"
        rf"(?:\s+of\s+(?:the\s+)?(?P<state>{alt(states)})\b)?"
    )


@gz.derived
def _state_before() -> re.Pattern[str]:
    """A state's name or adjective right before a body: "Russian Security Council", "Russia's Foreign Ministry"."""
    g = gz.gazetteer()
    states = sorted(set(_state_spellings()), key=len, reverse=True)
    adjs = sorted({a for c in g.countries.values() for a in c.get("adjectives", [])}, key=len, reverse=True)
    return re.compile(r"\b(?P<adj>" + "|".join(re.escape(x) for x in adjs + states) + r")(?:['’]s)?\s+$")


@dataclass
class _Body:
    start: int
    end: int
    body: str  # as written
    state: str | None  # the state word before or after it, as written


@gz.derived
def _plural_bodies() -> tuple[re.Pattern[str], dict[str, str]]:
    """Bodies every state has in the plural ("Ministries of Internal Affairs", "defense ministries"), for a
    list of states: (the pattern of a plural body followed by "of", plural spelling -> body)."""
    plural: dict[str, str] = {}
    for spelling, body in gz.gazetteer().bodies.items():
        words = spelling.split()
        for i, w in enumerate(words):
            if w in ORG_HEADS and not w.endswith("s"):
                words[i] = w[:-1] + "ies" if w.endswith("y") else w + "s"
                plural[" ".join(words)] = body
                break
    alt = "|".join(re.escape(p) for p in sorted(plural, key=len, reverse=True))
    return re.compile(rf"(?i)\b(?P<body>{alt})\s+of\s+"), plural


@gz.derived
def _listed_state() -> re.Pattern[str]:
    """One state of a list: ", the Republic of Tajikistan", " and Kazakhstan", "the Republics of Belarus";
    a state no list knows is a capitalised name ("Tajikistan")."""
    states = sorted(set(_state_spellings()), key=len, reverse=True)
    alt = "|".join(re.escape(x) for x in states)
    return re.compile(
        rf"(?:\s*,\s*|\s+and\s+|\s*)(?:the\s+)?(?:Republics\s+of\s+)?"
        rf"(?P<state>{alt + '|' if alt else ''}[A-Z][a-z]+(?:\s+(?:Federation|Republic))?)\b(?!\s+[A-Z])"
    )


def _listed_bodies(text: str) -> list[Hit]:
    """"the heads of the defense ministries of Belarus, Kazakhstan and the Russian Federation": the body of
    each state of the list (a state given once for several bodies applies to each)."""
    pattern, plural = _plural_bodies()
    g = gz.gazetteer()
    out = []
    for m in pattern.finditer(text):
        body = plural.get(gz.key(m.group("body")))
        pos = m.end()
        while body and (st := _listed_state().match(text, pos)):
            written = st.group("state")
            first = written.split()[0].lower()
            if first in en.NOT_NAME_WORDS or first in ORG_HEADS or first in _GENERIC:
                break
            state = g.country_words.get(gz.key(written))
            if state and state in g.countries:
                canonical = gz.national_body(body, state)
            elif state is None and not gz.canonical_place(written) and not gz.canonical_org(written):
                canonical = f"{body} of {gz.state_as_written(written)}"  # a state no list knows
            else:
                break
            canonical = names.as_spelled(canonical, m.group("body"), en.SPELLING_VARIANTS)  # "defense ministries"
            out.append(Hit(st.start("state"), st.end("state"), "org", canonical, "national"))
            pos = st.end()
    return out


_NAME_RUN = r"[A-Z][\w’'\-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w’'\-]*){0,4}"


@gz.derived
def _shared_head_pattern() -> re.Pattern[str]:
    """A head noun in the plural over a list of complements ("Councils of Defense Ministers and Foreign
    Ministers")."""
    plurals = sorted((p[:1].upper() + p[1:] for p in _singular_heads()), key=len, reverse=True)
    return re.compile(
        rf"\b(?P<head>{'|'.join(re.escape(p) for p in plurals)})\s+of\s+(?:the\s+)?"
        rf"(?P<list>{_NAME_RUN}(?:\s*,\s*(?:the\s+)?{_NAME_RUN})*,?\s+and\s+(?:the\s+)?{_NAME_RUN})"
    )


@gz.derived
def _singular_heads() -> dict[str, str]:
    """Each head noun's plural (lower case) to the head noun."""
    return {en.plural(h): h for h in ORG_HEADS if " " not in h and not h.endswith("s")}


@gz.derived
def _aliases_by_key() -> dict[str, list[gz.Alias]]:
    out: dict[str, list[gz.Alias]] = {}
    for a in gz.gazetteer().aliases:
        if a.kind == "org":
            out.setdefault(gz.key(a.text), []).append(a)
    return out


def _shared_head_hits(text: str, cands: list[Hit]) -> list[Hit]:
    """ "Councils of Defense Ministers and Foreign Ministers": each body the head noun makes with one
    complement of the list, when it is a body the gazetteer knows (a bare body's organisation as for any bare
    name: ``_bare_alias``)."""
    starts = _org_starts(cands)
    index = _aliases_by_key()
    out = []
    for m in _shared_head_pattern().finditer(text):
        singular = _singular_heads()[m.group("head").lower()]
        start = m.start()
        for part in re.finditer(_NAME_RUN, m.group("list")):
            words = part.group()
            if words.split()[0].lower() in ("and", "the"):
                continue
            aliases = index.get(gz.key(f"{singular} of {words}"), [])
            full = [a for a in aliases if not a.bare]
            chosen = full[0] if full else _bare_alias([a for a in aliases if a.bare], starts, m.start())
            if chosen is not None:
                s = start if start is not None else m.start("list") + part.start()
                out.append(Hit(s, m.start("list") + part.end(), "org", chosen.canonical, "gazetteer"))
            start = None
    return out


def _national_bodies(text: str) -> list[_Body]:
    """Every body every state has the text names, with its state word when one is said."""
    pattern, before = _national_pattern(), _state_before()
    out: list[_Body] = []
    matches = list(pattern.finditer(text))
    for m in list(matches):
        # "General Staff of the Armed Forces of the Kyrgyz Republic" also names the Armed Forces.
        inner = pattern.search(text, m.start("body") + 1, m.end())
        if inner and inner.group("state"):
            matches.append(inner)
    for m in matches:
        adj = before.search(text, max(0, m.start() - 40), m.start())
        if m.group("body").islower() and not adj:
            continue  # "the government", "a defence ministry": no body's name
        start = adj.start() if adj and not m.group("state") else m.start()
        out.append(_Body(start, m.end(), m.group("body"), m.group("state") or (adj.group("adj") if adj else None)))
    return out


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


_DOCUMENT_WORDS = en.DOCUMENT_WORDS
_SMALL = {"of", "the", "for", "on", "and", "in", "to", "against"}


def learn_acronyms(text: str) -> list[tuple[int, int, str, str]]:
    """'Full Name (ACR)' definitions of organisations: (full start, full end, full name, acronym).

    A document's name ("Collective Security Treaty (CST)") or a single word defines no organisation.
    """
    return [
        (s, e, full, acr)
        for s, e, full, acr in names.acronym_definitions(text)
        if len(full.split()) >= 2 and full.split()[-1].lower() not in _DOCUMENT_WORDS
    ]


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


def _is_proper(span: Any, page_words: TextIndex) -> bool:
    """A proper noun phrase: capitalised words (and "of", "the"), the last not a word the page writes in
    lower case ("Central Asia", "Xinjiang Uygur"; not "Understanding", "Programme"). Read on capitals and
    the page's own usage, so that no tagger has to run."""
    words = [t for t in span if not t.is_punct]
    if not words or not words[0].is_title:
        return False
    if not all(t.is_title or t.is_upper or t.lower_ in _SMALL for t in words):
        return False
    return not page_words.written(words[-1].lower_)


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
    """One capitalised English word the model took for a place ("Understanding", "Programme", "States",
    "Republics")."""
    w = text.lower()
    return " " not in text and (w.endswith(_COMMON_ENDINGS) or w in _NOT_PLACES or w.rstrip("s") in _NOT_PLACES)


# Words that describe a kind of body; an NER ORG made of them alone ("Working Group") names no organisation.
_GENERIC = en.GENERIC_ORG_WORDS


def _org_like(text: str) -> bool:
    """An NER ORG that ends in an institution's head noun (and is not a state's name, nor starts with a
    post: "Coordinator of the Association")."""
    words = re.findall(r"[\w’']+", text)
    if len(words) < 2 or not words[0][0].isupper() or all(w.lower() in _GENERIC for w in words):
        return False
    if any(c in text for c in "[]()") or words[0].lower() in institutions.TITLE_WORDS:
        return False
    return words[-1].lower() in ORG_HEADS and text.lower() not in ORG_NOT_HEADS and not _state_like(text)


def find_hits(
    doc: Any, text: str, lexicon: Lexicon | None = None, known: dict[str, Hit] | None = None, headline: bool = False
) -> tuple[list[Hit], list[Hit]]:
    """(organisation/place hits chosen without overlaps, person candidates from NER); ``known``: names the
    article's body took for organisations, by surface (read for its title)."""
    ents = _ner_spans(doc, text)
    cands = _gazetteer_hits(doc)
    bodies = _national_bodies(text)
    cands += _national_hits(text, bodies) + _listed_bodies(text)
    cands += _acronym_hits(text, lexicon)
    bare_spans = [(s, e) for s, e, a in _matcher_for(doc).matches(doc) if a.bare]
    cands += _structural_hits(text, ents, cands, lexicon, bare_spans)
    cands += _bare_body_hits(doc, cands)
    cands += _shared_head_hits(text, cands)
    cands += _bare_national_hits(text, bodies, cands)
    cands += _state_name_hits(text, cands)
    cands += _settlement_hits(text, lexicon)
    cands += _facility_hits(text)
    cands += _dateline_agency_hits(text)
    words = TextIndex(text)
    ner_cands, persons = _ner_hits(doc, text, ents, cands, lexicon, words, excerpt=not headline)
    cands = _regions_over_places(cands, ner_cands, text)
    for h in cands:
        h.of_complement = bool(_OF_BEFORE.search(text, max(0, h.start - 8), h.start))
    for h in ner_cands:
        h.of_complement = bool(_OF_BEFORE.search(text, max(0, h.start - 8), h.start))
    kept, mislabelled = _ner_beside(ner_cands, _without_overlaps(cands))
    chosen = [h for h in _without_overlaps(cands + kept) if not _place_in_compound_name(h, text)]
    chosen = sorted(chosen + _other_uses(text, chosen, known or {}), key=lambda h: h.start)
    added = _without_overlaps(
        _owned_body_hits(text, chosen)
        + _listed_acronyms(text, chosen, words, lexicon)
        + _post_acronyms(text, chosen, words, lexicon)
        + _numbered_body_hits(text)
    )
    if added:
        # an owned body holds its owner's name ("the DCA's press service" and the DCA), nothing straddles
        index = _SpanIndex(chosen)

        def fits(h: Hit) -> bool:
            near = [t for t in index.reaching(h.start, h.end) if t.start < h.end and h.start < t.end]
            return all(h.start <= t.start and t.end <= h.end and t.length < h.length for t in near)

        chosen = sorted(chosen + [h for h in added if fits(h)], key=lambda h: h.start)
    return chosen, persons + mislabelled


_HYPHEN_NAME = re.compile(r"[-‐‑](?P<words>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,2})")


def _place_in_compound_name(h: Hit, text: str) -> bool:
    """Is a place the first half of a hyphenated name whose second half is no place ("Asia-Plus", a news
    agency; "Issyk-Kul-Antiterror", an exercise)? ("Russia-Belarus", "the Russia-Central Asia summit" join
    places; "Interaction-2023" is a series.)"""
    if h.kind != "place":
        return False
    m = _HYPHEN_NAME.match(text, h.end)
    if not m:
        return False
    words = m.group("words").split()
    return not any(
        gz.canonical_place(" ".join(words[:k])) or gz.country_of(" ".join(words[:k])) for k in range(1, len(words) + 1)
    )


def _spreads(surface: str) -> bool:
    """A name whose every use on a page is the same name: an acronym or a name of several words (one
    capitalised word may be a name here and part of a heading or a sentence's start there)."""
    return bool(_ACRONYM_ONLY.fullmatch(surface)) and sum(c.isupper() for c in surface) >= 2 or (
        " " in surface and surface[:1].isupper()
    )


def org_surfaces(hits: Iterable[Hit], text: str) -> dict[str, Hit]:
    """The organisations among ``hits`` whose name spreads over the page, by surface."""
    return {text[h.start : h.end]: h for h in hits if h.kind == "org" and _spreads(text[h.start : h.end])}


def _other_uses(text: str, chosen: list[Hit], known: dict[str, Hit]) -> list[Hit]:
    """Every other use of a name the page took for an organisation once is that organisation (one sense per
    discourse): the model tags "CSTO" in some sentences and not in others, and the title names what the body
    named ("The CSTO Secretary General …"). One pass over the text's words, each looked up among the names
    that start with it (a dictionary, not an alternation of every name tried at every position)."""
    surfaces = {**known, **org_surfaces(chosen, text)}
    if not surfaces:
        return []
    by_first: dict[str, list[str]] = {}
    for name in sorted(surfaces, key=len, reverse=True):
        first = _NAME_TOKEN.match(name)
        if first is not None and first.start() == 0:
            by_first.setdefault(first.group(), []).append(name)
    index = _SpanIndex(chosen)
    out = []
    last_end = 0
    for m in _NAME_TOKEN.finditer(text):
        names = by_first.get(m.group())
        if not names or m.start() < last_end or (m.start() and text[m.start() - 1] in "’'"):
            continue
        for name in names:
            end = m.start() + len(name)
            if text.startswith(name, m.start()) and not _NAME_GOES_ON.match(text, end):
                if not index.overlaps(m.start(), end):
                    h = surfaces[name]
                    out.append(Hit(m.start(), end, "org", h.canonical, h.source, head=h.head))
                last_end = end
                break
    return out


_NAME_TOKEN = re.compile(r"[\w\-]+")
# a name goes on after these: a word character, a hyphen, an apostrophe other than a possessive's
_NAME_GOES_ON = re.compile(r"[\w\-]|[’'](?!s\b)")


def _regions_over_places(cands: list[Hit], ner_cands: list[Hit], text: str) -> list[Hit]:
    """A place the model names with a word of direction before a listed one ("Central Asia", "North Africa")
    is that region, not the place it contains: the listed "Asia" inside it is dropped."""
    regions = {
        (h.start + len(first) + 1, h.end)
        for h in ner_cands
        if h.kind == "place"
        and (first := text[h.start : h.end].split(" ", 1)[0]).lower() in en.COMPASS_WORDS
        and " " in text[h.start : h.end]
    }
    if not regions:
        return cands
    return [h for h in cands if not (h.kind == "place" and (h.start, h.end) in regions)]


def _ner_beside(ner_cands: list[Hit], strong: list[Hit]) -> tuple[list[Hit], list[Hit]]:
    """(the model's spans kept as candidates, the person candidates made of the others): a span no strong
    one overlaps is kept, and a state after "of" that only strong names containing it overlap ("Armed
    Forces of the Republic of Kazakhstan" also names the state); any other may be a person the model
    mislabelled. Each span is answered by bisection (``_SpanIndex``), not against every strong span."""
    index = _SpanIndex(strong)
    kept: list[Hit] = []
    mislabelled: list[Hit] = []
    for h in ner_cands:
        if not index.overlaps(h.start, h.end) or (
            h.kind == "place" and h.of_complement and not index.straddles(h.start, h.end)
        ):
            kept.append(h)
        else:
            mislabelled.append(Hit(h.start, h.end, "person?", None, "ner"))
    return kept, mislabelled


def _one_spelling(mentions: list[Mention]) -> None:
    """Spellings of one name that differ by an article ("Commonwealth of [the] Independent States") are one
    organisation of the article: the most written spelling, the shorter on a tie."""
    groups: dict[str, Counter] = {}
    for m in mentions:
        if m.kind == "org" and m.canonical:
            # the spellings the article writes out vote; an acronym's expansion learned elsewhere does not
            votes = 0 if names.is_acronym(m.text) else 1
            groups.setdefault(_ARTICLE.sub(" ", names.org_key(m.canonical)), Counter())[m.canonical] += votes
    best = {k: min(c, key=lambda n: (-c[n], len(n), n)) for k, c in groups.items() if len(c) > 1}
    for m in mentions:
        if m.kind == "org" and m.canonical:
            m.canonical = best.get(_ARTICLE.sub(" ", names.org_key(m.canonical)), m.canonical)


_ARTICLE = re.compile(r"\s+the\s+")


def link_acronyms(mentions: list[Mention]) -> None:
    """An acronym nothing defines is the organisation of the article (title or body) whose initials it
    spells ("SCO" beside "Shanghai Cooperation Organization")."""
    _one_spelling(mentions)
    by_initials: dict[str, str] = {}
    for m in mentions:
        name = m.canonical or m.text
        if m.kind == "org" and " " in name and not names.is_acronym(name):
            by_initials.setdefault(names.initials(name), name)
    for m in mentions:
        name = m.canonical or m.text
        if m.kind == "org" and names.is_acronym(name) and name in by_initials and not gz.canonical_org(name):
            m.canonical = by_initials[name]


_OF_BEFORE = re.compile(r"\bof\s+(?:the\s+)?$")


def _gazetteer_hits(doc: Any) -> list[Hit]:
    """Names the gazetteer lists (a body's bare name apart: see ``_bare_body_hits``)."""
    return [
        Hit(s, e, a.kind, a.canonical, "gazetteer", a.country)
        for s, e, a in _matcher_for(doc).matches(doc)
        if not a.bare
    ]


def _bare_body_hits(doc: Any, cands: list[Hit]) -> list[Hit]:
    """A body's bare name ("the Secretariat") is the body of its organisation when the text names that
    organisation: the one named nearest before it, else the one named most. A name whose own complement or
    modifier names another parent ("Parliamentary Assembly of the OSCE") is a longer structural hit."""
    bare: dict[tuple[int, int], list[gz.Alias]] = {}
    for s, e, a in _matcher_for(doc).matches(doc):
        if a.bare:
            bare.setdefault((s, e), []).append(a)
    if not bare:
        return []
    starts = _org_starts(cands)
    out = []
    for (s, e), aliases in bare.items():
        chosen = _bare_alias(aliases, starts, s)
        if chosen is not None:
            out.append(Hit(s, e, "org", chosen.canonical, "gazetteer", bare=True))
    return out


def _org_starts(cands: list[Hit]) -> dict[str, list[int]]:
    """Each organisation the hits name (not by structure): where, in order."""
    starts: dict[str, list[int]] = {}
    for h in sorted((h for h in cands if h.kind == "org" and h.source != "structure"), key=lambda h: h.start):
        starts.setdefault(h.canonical or "", []).append(h.start)
    return starts


def _bare_alias(aliases: list[gz.Alias], starts: dict[str, list[int]], pos: int) -> gz.Alias | None:
    """Of a bare body name's entries, the one of the organisation named nearest before ``pos``, else of the one
    named most; None when the text names none of them."""
    by_parent = {a.parent: a for a in aliases if starts.get(a.parent or "")}
    if not by_parent:
        return None
    before = _named_last_before(starts, by_parent, pos)
    parent = before if before is not None else max(by_parent, key=lambda p: (len(starts[p or ""]), p or ""))
    return by_parent[parent]


def _named_last_before(starts: dict[str, list[int]], names: Iterable[str | None], pos: int) -> str | None:
    """Of ``names``, the one named last before ``pos`` (the greater name when two start there), by bisection
    over each one's sorted starts; None when none is named before ``pos``."""
    best: tuple[int, str] | None = None
    for name in names:
        at = starts.get(name or "", [])
        i = bisect.bisect_left(at, pos)
        if i and (best is None or (at[i - 1], name or "") > best):
            best = (at[i - 1], name or "")
    return best[1] if best is not None else None


def _national_hits(text: str, bodies: list[_Body]) -> list[Hit]:
    """Bodies every state has, composed with the state: "Russian Security Council", "Ministry of
    Internal Affairs of the Kyrgyz Republic"."""
    g = gz.gazetteer()
    out = []
    for b in bodies:
        state = g.country_words.get(gz.key(b.state)) if b.state else None
        body = g.bodies.get(gz.key(b.body))
        if not (state and body):
            continue
        out.append(Hit(b.start, b.end, "org", gz.national_body(body, state), "national"))
        # "Ministry of Internal Affairs of the Republic of Kazakhstan and the Kyrgyz Republic": the body of
        # each state of the coordination
        pos = b.end
        while more := _and_state().match(text, pos):
            other = g.country_words.get(gz.key(more.group("state")))
            if not other:
                break
            canonical = names.as_spelled(gz.national_body(body, other), b.body, en.SPELLING_VARIANTS)
            out.append(Hit(more.start("state"), more.end(), "org", canonical, "national"))
            pos = more.end()
    return out


@gz.derived
def _and_state() -> re.Pattern[str]:
    states = sorted(set(_state_spellings()), key=len, reverse=True)
    return re.compile(r",?\s+and\s+(?:the\s+)?(?P<state>" + "|".join(re.escape(x) for x in states) + r")\b")


def _bare_national_hits(text: str, bodies: list[_Body], cands: list[Hit]) -> list[Hit]:
    """A body every state has, named without its state ("the Foreign Ministry said"): the body of the state
    named last before it in the same paragraph, when one is."""
    g = gz.gazetteer()
    states = _LastEnded(
        [(h.start, h.end, gz.country_of(h.canonical or "") or h.canonical)
         for h in cands if h.kind == "place" and h.country]
    )
    named = _SpanIndex([h for h in cands if h.kind == "org"])
    out = []
    for b in bodies:
        if b.state or b.body.islower():
            continue
        s, e = b.start, b.end
        if named.contains(s, e):
            continue
        body = g.bodies.get(gz.key(b.body))
        if not body or not _BARE_NATIONAL.search(body):
            continue  # "the Security Council" may be the UN's; a ministry or a government is a state's
        paragraph = text.rfind("\n", 0, s) + 1
        # the state named last before the body (of those ending before it, the greatest (start, end, state)),
        # when it is named in the body's paragraph
        last = states.last(s)
        if last is not None and last[0] >= paragraph and last[2] in g.countries:
            out.append(Hit(s, e, "org", gz.national_body(body, last[2]), "national"))
    return out


class _LastEnded:
    """(start, end, value) triples: the greatest of those ending at or before a position, by bisection over
    their ends and a running maximum (where a scan of every triple per question made a page quadratic)."""

    def __init__(self, items: list[tuple[int, int, Any]]) -> None:
        by_end = sorted(items, key=lambda t: t[1])
        self.ends = [t[1] for t in by_end]
        self.best = list(itertools.accumulate(by_end, max))

    def last(self, pos: int) -> tuple[int, int, Any] | None:
        i = bisect.bisect_right(self.ends, pos)
        return self.best[i - 1] if i else None


def _acronym_hits(text: str, lexicon: Lexicon | None) -> list[Hit]:
    """Acronyms the page defines ("Full Name (ACR)") and those the corpus lexicon learned elsewhere."""
    out: list[Hit] = []
    learned: dict[str, str] = {}
    for s, e, full, acr in learn_acronyms(text):
        canonical = gz.canonical_org(full) or gz.canonical_org(acr) or full
        if gz.canonical_place(full):
            continue
        learned[acr] = canonical
        out.append(Hit(s, e, "org", canonical, "acronym"))
    if lexicon is not None:
        for m in _ACRONYM_WORD.finditer(text):
            acr = m.group()
            if acr in learned or gz.canonical_org(acr) or gz.canonical_place(acr):
                continue
            full = lexicon.expansion(acr)
            if full and len(full.split()) >= 2 and full.split()[-1].lower() not in _DOCUMENT_WORDS:
                learned[acr] = gz.canonical_org(full) or full
    out.extend(_acronym_uses(learned, text))
    return out


_ACRONYM_WORD = re.compile(r"\b[A-Z][A-Za-z]{0,3}[A-Z]+\b")


def _structural_hits(
    text: str, ents: list[_Ent], cands: list[Hit], lexicon: Lexicon | None, bare_spans: list[tuple[int, int]]
) -> list[Hit]:
    """Institutions named by structure (``institutions.find``): a head noun with its modifiers and its
    of/on/for complements, cut where spaCy starts a person's name. A span that only adds modifiers to a
    listed name ("Russian-led Collective Security Treaty Organization") is that name."""
    stops = [x.start for x in ents if x.label == "PERSON"]
    # "... of Turkmenistan Khojamurad Geldymuradov": a state's name ends the name it completes
    stops += [m.end() for h in cands if h.kind == "place" and h.country and (m := _NEXT_WORD.match(text, h.end))]
    listed = _SpanIndex([h for h in cands if h.kind == "org" and h.source in ("gazetteer", "national", "acronym")])
    places = {(h.start, h.end) for h in cands if h.kind == "place"}
    gpe = {(x.start, x.end) for x in ents if x.label == "GPE"}
    bare = set(bare_spans)  # a body's bare name the list knows: whose body it is, _bare_body_hits decides
    bodies = gz.gazetteer().bodies
    out = []
    by_head = institutions.find_by_common_head(text, stops)
    # "“Russia Today” News Agency": the quoted name is the body, the capitals after it only say what it is
    said_after_quote = {
        n.end + 1 + len(text[n.end + 1 : n.head_start]) - len(text[n.end + 1 : n.head_start].lstrip())
        for n in by_head
        if n.end < len(text) and text[n.end] in institutions.QUOTE_CLOSES
    }
    found = [n for n in institutions.find(text, stops) if n.start not in said_after_quote] + by_head
    for name in found + institutions.find_web_names(text):
        s, e = name.start, name.end
        if listed.contains_from(s if name.nested else None, name.head_start, name.head_end):
            continue  # a listed name, with modifiers or a complement the list knows better
        if (s, e) in bare:
            continue
        if (s, e) in places or _state_like(text[s:e]):
            continue  # "Russian Federation": a state, not a body
        if name.head == "union" and (s, e) in gpe:
            continue  # "the Soviet Union" the model calls a state is one ("the European Union" it calls a body)
        if gz.key(text[s:e]) in bodies:
            continue  # "Foreign Ministry": a body every state has, whose state is not said here
        if e >= len(text.rstrip()) and lexicon is not None and _cut_word(text[s:e].split()[-1], lexicon):
            continue  # an excerpt cut inside the name ("Security Council of the Russ")
        surface = text[s:e]
        plain = " ".join(_QUOTES.sub(" ", surface).split())  # "“Valdai” Club"
        canonical = gz.canonical_org(plain) or (lexicon.institution(plain) if lexicon else None) or plain
        quoted = institutions.quoted_alone(text, s, e)
        out.append(Hit(s, e, "org", canonical, "structure", head=name.head, quoted=quoted))
    return out


_STATE_NAME = re.compile(
    r"\b(?:(?:[A-Z][\w’']+\s+){0,2}(?:"
    + "|".join(w.title() for w in en.STATE_NAME_WORDS)
    + r")\s+of\s+(?:the\s+)?(?P<of>(?:(?:North|South|East|West|Central)\s+)?[A-Z][\w’'\-]+)"
    + r"|(?P<adj>[A-Z][\w’'\-]+)\s+(?:"
    + "|".join(w.title() for w in en.STATE_NAME_WORDS)
    + r"))\b"
)


def _state_name_hits(text: str, cands: list[Hit]) -> list[Hit]:
    """States named by the shape of a state's name: "Republic of Kazakhstan", "People's Republic of China",
    "Kyrgyz Republic" (where no list knows the state); the name after "of" is the state's short name."""
    known = _SpanIndex([h for h in cands if h.kind == "place"])
    out = []
    for m in _STATE_NAME.finditer(text):
        s, e = m.start(), m.end()
        if known.holds(s) or known.holds(e - 1):
            continue  # its first or last character is a place's already
        if m.group("adj") and not _state_like(m.group()):
            continue
        of = m.group("of")
        if of and gz.is_given_name(of.split()[-1]):
            e = m.start("of") + len(of.split()[0])
            of = of.split()[0]
        canonical = of if of and " " not in of else text[s:e]
        if not canonical[0].isupper() or canonical.lower() in en.NOT_NAME_WORDS:
            continue
        h = Hit(s, e, "place", canonical, "structure", country=True)
        h.of_complement = bool(_OF_BEFORE.search(text, max(0, s - 8), s))
        out.append(h)
    return out


# The agency an agency's dateline names after its date: "/TASS/", "(BelTA)", ", ARMENPRESS." (letters, not a
# time or a second date), after the hour the wire may give ("MOSCOW, November 14, 12:55 /ITAR-TASS/.").
_DATELINE_AGENCY = re.compile(
    r"(?:,?[ \t]*\d{1,2}:\d\d)?[ \t]*\.?[ \t]*"
    r"(?:/[ \t]*(?P<slash>[A-Z][^/\n\d]{1,40}?)[ \t]*/|\([ \t]*(?P<bracket>[A-Z][^()\n\d]{1,40}?)[ \t]*\)"
    r"|,[ \t]*(?P<caps>[A-Z][A-Z\-]{2,})(?=[ \t]*[.:–—-]))"
)


def _dateline_agency_hits(text: str) -> list[Hit]:
    """The news agency an agency's dateline credits ("MOSCOW, March 3. /TASS/. The ..."): an organisation the
    article names, wherever the dateline stands (a standfirst may come before it)."""
    out = []
    start = 0
    for paragraph in text.split("\n"):
        found = agency_dateline(paragraph) if paragraph[:1].isupper() else None
        if found is not None:
            m = _DATELINE_AGENCY.match(paragraph, len(found[0]))
            if m:
                group = next(g for g in ("slash", "bracket", "caps") if m.group(g))
                s, e = start + m.start(group), start + m.end(group)
                name = " ".join(_QUOTES.sub(" ", text[s:e]).split())
                out.append(Hit(s, e, "org", gz.canonical_org(name) or name, "structure"))
        start += len(paragraph) + 1
    return out


_PLACE_NAME = r"[A-Z][\w’'\-]+(?:[ \t]+[A-Z][\w’'\-]+){0,2}"
_SETTLEMENT = re.compile(
    r"\b(?:" + "|".join(sorted(en.SETTLEMENT_NOUNS)) + r")(?:[ \t]+city)?[ \t]+of[ \t]+(?P<of>" + _PLACE_NAME + r")"
    + r"(?:,[ \t]+(?P<appos>" + _PLACE_NAME + r"))?"
    + r"|[’']s[ \t]+capital(?:[ \t]+city)?(?:[ \t]+of|,)?[ \t]+(?P<poss>" + _PLACE_NAME + r")"
)
# what may follow a place's name in apposition: punctuation, a word in lower case, the end
_ROLE_AFTER = re.compile(r"[ \t]+(?:" + "|".join(en.REPORTING_VERBS) + r")\b")
_APPOSITION_END = re.compile(r"[ \t]*(?:[,.;:)!?]|$|(?:in|on|at|for|from|to|with|by|during|and|near)\b)")
_AFTER_APPOSITION = re.compile(r"[ \t]*(?:[,.;:)!?]|[ \t][a-z]|$)")


def _settlement_hits(text: str, lexicon: Lexicon | None) -> list[Hit]:
    """Places named by the common noun of a settlement before them: "the city of Almaty", "the capital of
    Tajikistan, Dushanbe", "Kazakhstan’s capital of Astana" (a property of English: "city of X" and a
    capital's apposition name a place, whatever the place is called)."""
    out = []
    for m in _SETTLEMENT.finditer(text):
        for group in ("of", "appos", "poss"):
            if m.group(group) is None:
                continue
            s, e = m.start(group), m.end(group)
            name = m.group(group)
            first = name.split()[0]
            if re.match(r"[ \t]+(?:of|[A-Z])", text[e:]) or not _AFTER_APPOSITION.match(text, e):
                continue  # "the capital of the Republic of …", a longer name going on
            if first.lower() in en.NOT_NAME_WORDS or first.lower() in en.STATE_NAME_WORDS:
                continue
            if group != "of" and (
                gz.is_given_name(first) or first.lower() in institutions.TITLE_WORDS
                or (group == "appos" and not _APPOSITION_END.match(text, e))
            ):
                # "the capital of Kazakhstan, Arvid Kolstad said": a person, the subject of a verb; an
                # apposition ends at punctuation or a preposition ("…, Ashgabat in November")
                continue
            if _ROLE_AFTER.match(text, e):
                continue  # "Dushanbe, the capital of Tajikistan, Trend reports": a news source
            if e >= len(text.rstrip()) and (lexicon is None or _cut_word(name.split()[-1], lexicon)):
                continue  # an excerpt cut inside the name ("in the city of Dushanb")
            canonical = gz.canonical_place(name) or name
            out.append(Hit(s, e, "place", canonical, "structure"))
    return out


_FACILITY_HEAD = "|".join(sorted(en.FACILITY_HEADS, key=len, reverse=True)).replace(" ", r"[ \t]+")
_FACILITY_HEAD_TITLE = "|".join(w.title() for w in sorted(en.FACILITY_HEADS, key=len, reverse=True))
_FACILITY_HEAD_TITLE = _FACILITY_HEAD_TITLE.replace(" ", r"[ \t]+")
_CAP_WORD = r"[A-Z][\w’'\-]*"
_FACILITY = re.compile(
    # "Pulkovo Airport", "Independence Palace", "the Minsk airport": a proper name and the facility's noun
    r"(?<![\w’'\-])(?!(?:The|A|An|In|At|On|To|From|For|Of|By|With)[ \t])"
    + rf"(?P<name>{_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{0,3}})[ \t]+(?P<head>(?i:{_FACILITY_HEAD}))\b"
    # "Palace of Independence": the noun and its complement
    + rf"|(?<![\w’'\-])(?:{_FACILITY_HEAD_TITLE})[ \t]+of[ \t]+(?P<of>{_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{0,2}})"
    # "at the monument “Eternal Light”": the noun and the name it is called, quoted
    + rf"|\b(?:{_FACILITY_HEAD})[ \t]+[“\"«](?P<quoted>{_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{0,3}})[”\"»]"
)


def _facility_hits(text: str) -> list[Hit]:
    """Facilities named by their head noun ("Pulkovo Airport", "Palace of Independence", "the Eternal Light
    monument"): places however they are called (a property of English: the noun says what kind of place the
    name before it or its complement names). The name before the noun is a proper one: capitalised words,
    none a word that never starts a name ("The monument"), a post's or a body's word."""
    out = []
    for m in _FACILITY.finditer(text):
        s = m.start()
        if m.group("quoted"):
            quoted = m.group("quoted")
            out.append(Hit(m.start("quoted"), m.end("quoted"), "place", quoted, "structure", head="facility"))
            continue
        if m.group("name"):
            words = list(re.finditer(r"\S+", m.group("name")))
            while words and words[0].group().lower() in en.NOT_NAME_WORDS | institutions.TITLE_WORDS:
                words = words[1:]  # "The Pulkovo Airport", "In Minsk airport"
            owner = [i for i, w in enumerate(words) if _POSSESSIVE.search(w.group())]
            if owner:
                words = words[owner[-1] + 1 :]  # "Moscow's Red Square": the square is Red Square, Moscow's
            if not words or any(w.group().lower() in ORG_HEADS or w.group().lower() in _GENERIC for w in words):
                continue  # "CSTO Secretariat Square" is no facility's name we can tell from a body's
            s = m.start("name") + words[0].start()
        elif m.group("of").split()[0].lower() in en.NOT_NAME_WORDS:
            continue
        out.append(Hit(s, m.end(), "place", " ".join(text[s : m.end()].split()), "structure", head="facility"))
    return out


_OWNED_NOUN = "|".join(sorted(en.OWNED_BODY_NOUNS, key=len, reverse=True)).replace(" ", r"[ \t]+")
_OWNER = r"[A-Z][\w’'\-]*(?:[ \t]+(?:[A-Z][\w’'\-]*|of|the)){0,8}"  # a capitalised phrase
_OWNED_BODY = re.compile(
    # "the press office of the President of Tajikistan" (singular: "the press services of the ministries" names
    # no one body)
    rf"\b(?P<noun>{_OWNED_NOUN})(?!s)[ \t]+of[ \t]+(?:the[ \t]+)?(?P<owner>{_OWNER})"
    # "the DCA's press service"
    + rf"|(?P<owner2>[A-Z][\w’'\-]*)[’']s[ \t]+(?P<noun2>{_OWNED_NOUN})(?!s)\b"
)


_NUMBERED_NOUN = "|".join(n.replace(" ", r"[ \t]+") for n in sorted(en.NUMBERED_BODY_NOUNS))
_NUMBERED_BODY = re.compile(r"\b(?:" + _NUMBERED_NOUN + r")[ \t]+(?:No\.?[ \t]*)?\d{2,6}\b")


def _numbered_body_hits(text: str) -> list[Hit]:
    """Bodies named by their number: "military unit 6656" (its designation is its name)."""
    return [
        Hit(m.start(), m.end(), "org", " ".join(m.group().split()), "structure") for m in _NUMBERED_BODY.finditer(text)
    ]


def _owned_body_hits(text: str, orgs: list[Hit]) -> list[Hit]:
    """Bodies named by their owner: "the press office of the President of Tajikistan", "the DCA's press
    service" (a property of English: a common noun of a body with a possessor names that body). The owner is
    a capitalised phrase (a post or a body), ending in a capitalised word; a possessor is a name the page
    took for an organisation."""
    org_names = {text[h.start : h.end] for h in orgs if h.kind == "org"}
    out = []
    for m in _OWNED_BODY.finditer(text):
        if m.group("owner"):
            owner = m.group("owner").split()
            while owner and owner[-1] in ("of", "the"):
                owner.pop()  # "… of the President of"
            if not owner:
                continue
            end = m.start("owner") + len(" ".join(owner))
            if text[m.start("owner") : end] != " ".join(owner):
                continue  # tabs or doubled spaces inside: leave it
            after = _NEXT_LOWER.match(text, end)
            if after and after.group(1) in ORG_HEADS:
                continue  # "the press service of the Minsk headquarters of the CIS": the owner goes on
            s = m.start("noun")
        else:
            if m.group("owner2") not in org_names:
                continue
            s, end = m.start("owner2"), m.end()
        out.append(Hit(s, end, "org", " ".join(text[s:end].split()), "structure", head="service"))
    return out


_NEXT_LOWER = re.compile(r"[ \t]+([a-z]+)")
# An acronym as a list names one: "OEC", "EurAsEc", "D-8" (two capitals at least, or a letter and a number)
_LIST_ACRONYM = re.compile(r"(?<![\w’'\-])(?:[A-Z][A-Za-z]*[A-Z][A-Za-z]*|[A-Z]-\d{1,2})(?![\w’'\-])")
_ROMAN = re.compile(r"[IVXLC]+")
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")
# A reporting clause told after what was said ("…, stressed Zas"), or who leads ("headed by Zas"): a person follows.
_SPEAKER_BEFORE = re.compile(
    r"\b(?:said|says|stated|stressed|noted|added|emphasi[sz]ed|underlined|headed[ \t]+by|led[ \t]+by)[ \t]+$",
    re.IGNORECASE,
)


def _listed_acronyms(text: str, chosen: list[Hit], words: TextIndex, lexicon: Lexicon | None) -> list[Hit]:
    """Acronyms in a coordination with organisations are organisations ("officials from the OEC, EurAsEc,
    D-8, ADB, IDB, the Organisation of the Black Sea Economic Cooperation"): a list joins like things (a
    property of English coordination). Items are chained by ", ", " and ", " or "; a chain with an
    organisation in it makes its free acronyms organisations."""
    index = _SpanIndex(chosen)
    items: list[tuple[int, int, Hit | None]] = [(h.start, h.end, h) for h in chosen if h.kind in ("org", "place")]
    for m in _LIST_ACRONYM.finditer(text):
        a = m.group()
        if index.overlaps(m.start(), m.end()) or not _may_name_a_body(a, words, lexicon):
            continue
        items.append((m.start(), m.end(), None))
    items.sort(key=lambda x: x[0])
    out: list[Hit] = []
    chain: list[tuple[int, int, Hit | None]] = []

    def close() -> None:
        if any(h is not None and h.kind == "org" for _, _, h in chain):
            out.extend(Hit(s, e, "org", text[s:e], "structure") for s, e, h in chain if h is None)

    for item in items:
        if chain and not _LIST_JOIN.fullmatch(text, chain[-1][1], item[0]):
            close()
            chain = []
        chain.append(item)
    close()
    return out


def _may_name_a_body(acronym: str, words: TextIndex, lexicon: Lexicon | None) -> bool:
    """Can this capitalised word be an organisation's acronym: no roman numeral ("Chapter IV"), none the page
    defines for a common noun ("area of responsibility (AoR)"), none the corpus defines for a document?"""
    return not (_ROMAN.fullmatch(acronym) or acronym in words.common_acronyms()
                or (lexicon is not None and lexicon.is_document(acronym)))


def _post_acronyms(text: str, chosen: list[Hit], words: TextIndex, lexicon: Lexicon | None) -> list[Hit]:
    """An acronym written as the modifier of a post is the body whose post it is ("NATO Secretary General Jens
    Stoltenberg", "CIS Executive Secretary Sergey Lebedev"): English names the office's body by a noun before
    the title, as it names a state by its adjective ("Russian Foreign Minister"). A state's acronym ("US
    President") is a place, which the gazetteer knows; an acronym the page defines for a common noun is none."""
    index = _SpanIndex(chosen)
    out: list[Hit] = []
    for m in _post_acronym_re().finditer(text):
        a = m.group("acr")
        s, e = m.start("acr"), m.end("acr")
        if sum(c.isupper() for c in a) < 2 or index.overlaps(s, e) or gz.canonical_place(a):
            continue
        if not _may_name_a_body(a, words, lexicon):
            continue
        out.append(Hit(s, e, "org", gz.canonical_org(a) or a, "structure"))
    return out


@gz.derived
def _post_acronym_re() -> re.Pattern[str]:
    titles = "|".join(re.escape(t).replace(r"\ ", r"[ \t]+") for t in gz.titles())
    mods = "|".join(re.escape(m) for m in gz.title_modifiers())
    return re.compile(
        rf"(?<![\w’'\-.])(?P<acr>[A-Z][A-Za-z]{{0,4}}[A-Z])[ \t]+(?:(?:{mods})[ \t]+)*(?:{titles})\b"
    )


_LIST_JOIN = re.compile(r"[ \t]*(?:,|,?[ \t]+(?:and|or))[ \t]+(?:the[ \t]+)?")


_BARE_NATIONAL = re.compile(r"\b(?:Ministry|Government)\b")
_QUOTES = re.compile(r"[\"“”«»„]")
_NEXT_WORD = re.compile(r"[ \t]+(?=[A-Z])")


def _cut_word(word: str, lexicon: Lexicon) -> bool:
    """Is the last word of a text that stops mid-line a word cut short ("Russ")? One no other page writes."""
    w = word.lower()
    return lexicon.upper.get(w, 0) + lexicon.lower.get(w, 0) <= 1 and not gz.canonical_place(word)


def _state_like(name: str) -> bool:
    """A state's name shaped like an institution's: "Russian Federation", "Kyrgyz Republic"."""
    words = name.split()
    return len(words) == 2 and words[1].lower() in en.STATE_NAME_WORDS and bool(_NATIONALITY.search(words[0]))


_NATIONALITY = re.compile(r"(?:an|ian|ese|ish|ic|i|z|k)$")


@dataclass
class _Ent:
    start: int
    end: int
    label: str


_NER_LABELS = ("ORG", "GPE", "LOC", "PERSON", "FAC", "NORP")


def _ner_spans(doc: Any, text: str) -> list[_Ent]:
    """spaCy's entities, a leading 'the' and trailing punctuation trimmed, an unclosed bracket cut."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in _NER_LABELS:
            continue
        s0, e0 = _clean_ner(ent.text)
        s, e = ent.start_char + s0, ent.start_char + e0
        if e <= s or e - s > _MAX_NAME:
            continue  # no name is that long; the model ran over a list or a heading block
        if "(" in text[s:e] and ")" not in text[s:e]:
            e = s + len(text[s:e].split("(")[0].rstrip())  # "Parliament (National Assembly": keep the name
        out.append(_Ent(s, e, ent.label_))
    return out


def _ner_hits(
    doc: Any,
    text: str,
    ents: list[_Ent],
    cands: list[Hit],
    lexicon: Lexicon | None,
    words: TextIndex,
    excerpt: bool = True,
) -> tuple[list[Hit], list[Hit]]:
    """(organisation and place hits from spaCy's entities, person candidates); ``words`` answers what the
    text says about a word without a pass over the text per entity."""
    out: list[Hit] = []
    persons: list[Hit] = []
    # A word the model calls a place somewhere on the page is that place where it calls it an ORG too.
    place_words = {text[x.start : x.end] for x in ents if x.label in ("GPE", "LOC")}
    nationalities = {text[x.start : x.end] for x in ents if x.label == "NORP"}
    place_words |= {h.canonical for h in cands if h.kind == "place" and h.source == "structure" and h.canonical}
    # places a coordination may join a nationality-tagged state to (other such states among them)
    places = sorted(
        [(x.start, x.end) for x in ents if x.label in ("GPE", "LOC")]
        + [(x.start, x.end) for x in ents if x.label == "NORP" and _noun_shaped(text[x.start : x.end])]
        + [(h.start, h.end) for h in cands if h.kind == "place"]
    )
    for x in ents:
        s, e, label = x.start, x.end, x.label
        surface = text[s:e]
        acronym = bool(_ACRONYM_ONLY.fullmatch(surface))
        if label == "ORG" and (
            surface in place_words
            # an acronym after "in" is a modifier ("in CSTO member states"), a place only in a dateline
            or (_place_by_use(surface, text, s, lexicon, words) and (not acronym or _in_dateline(text, s, e)))
        ):
            label = "GPE"
        elif label == "NORP" and _noun_place(surface, text, s, e, places, lexicon, words):
            label = "GPE"  # "Kyrgyzstan, Tajikistan and Uzbekistan": a state the model took for a nationality
        elif label in ("GPE", "LOC") and _ACRONYM_ONLY.fullmatch(surface) and not gz.canonical_place(surface):
            if not _place_by_use(surface, text, s, lexicon, words):
                label = "ORG"  # "at IMEMO": an acronym the model took for a place
        if label == "PERSON" and acronym and not surface.isupper() and words.source_role(surface, brackets=False):
            label = "ORG"  # "(BelTA)", "BelTA learned": a news source, no person's name has capitals inside
        if label == "ORG" and (holder := _holder_after_head(surface)):
            # "the President's Office Dosaly Esenaliev": a body's head noun, then its head's name (the post's
            # org and holder run together); the name is a person, the body ends at its head
            persons.append(Hit(s + holder, e, "person", None, "ner"))
            e = s + len(surface[:holder].rstrip())
            surface = text[s:e]
        given = _GIVEN_BEFORE.search(text, max(0, s - 30), s)
        if label == "ORG" and given and gz.is_given_name(given.group(1)):
            label, s = "PERSON", given.start(1)  # "Stanislav ZAS": a surname in capitals after a given name
        if label == "PERSON" and (split := _complement_before_person(text, s, e, lexicon, words)):
            # "Prime Minister of Azerbaijan Ali Asadov": the post's complement, then the person
            place_end, person_start = split
            if place_end:
                out.append(Hit(s, place_end, "place", text[s:place_end], "structure"))
            persons.append(Hit(person_start, e, "person", None, "ner"))
        elif label == "PERSON":
            persons.append(Hit(s, e, "person", None, "ner"))
        elif label == "ORG":
            known = gz.canonical_org(surface) or gz.fuzzy_org(surface)
            if known:
                out.append(Hit(s, e, "org", known, "ner"))
            elif " " not in surface and not surface.isupper() and _SPEAKER_BEFORE.search(text, max(0, s - 20), s):
                persons.append(Hit(s, e, "person?", None, "ner"))  # "stressed Zas", "headed by Zas": a person
            elif _ROMAN.fullmatch(surface) or _PLURAL_ACRONYM.fullmatch(surface) or gz.key(surface) in _DOCUMENT_WORDS:
                # "the XXI meeting": an ordinal in Roman numerals; "use of UAVs": a common noun's acronym in the
                # plural (no body is counted); "the Treaty": a document
                continue
            elif (
                "\n" not in surface
                and surface not in nationalities  # "Kazakh": the model calls it a nationality elsewhere
                and (
                    _org_like(surface)
                    or _single_name(surface, lexicon, words)
                    or _proper_name(surface, words, lexicon)
                )
                and not institutions.rank_at(text, e)
                and gz.key(surface) not in gz.gazetteer().bodies  # "Foreign Ministry": whose is not said
            ):
                out.append(Hit(s, e, "org", surface, "ner"))
            else:  # an ORG that is no organisation may be a person the model mislabelled
                persons.append(Hit(s, e, "person?", None, "ner"))
        elif label in ("GPE", "LOC"):
            place = _place_hit(doc, text, s, e, words)
            if (excerpt and place is not None and place.end >= len(text.rstrip()) and not gz.canonical_place(surface)
                    and (lexicon is None or _cut_word(surface.split()[-1], lexicon))):
                place = None  # "Currently, the Organizati": an excerpt cut inside the name (a headline is not cut)
            if place is not None:
                out.append(place)
            if place is None or place.end < e:  # "Republic of Tajikistan Emomali Rahmon": the rest is a name
                persons.append(Hit(s, e, "person?", None, "ner"))
    return out, persons


_GIVEN_BEFORE = re.compile(r"\b([A-Z][a-z’'\-]+)[ \t]+$")
_HEAD_THEN_NAME = re.compile(r"(?<=\s)(?P<head>[A-Za-z]+)[ \t]+(?P<name>[A-Z][a-z’'\-]+[ \t]+[A-Z][a-z’'\-]+)$")


def _holder_after_head(surface: str) -> int | None:
    """Where a person's name starts in an organisation's span that runs on from its last word (a head noun, an
    acronym, a state) into a name ("Office Dosaly Esenaliev", "of Turkmenistan Khojamurad Geldymuradov": a given
    name or a surname's ending says it is a name), else None."""
    m = _HEAD_THEN_NAME.search(surface)
    if not m or not institutions.ends_body_name(m.group("head")) or m.start() == 0:
        return None
    first, last = m.group("name").split()
    return m.start("name") if institutions.holder_name(first, last) else None


_DATELINE = re.compile(r"(?:^|\n)[ \t]*$")
_AFTER_DATELINE = re.compile(r"\s*(?:,|\(|—|–|-|\.\s)")


_TITLE_OF = re.compile(
    r"\b(?:" + "|".join(sorted(institutions.TITLE_WORDS, key=len, reverse=True)) + r")[ \t]+of[ \t]+(?:the[ \t]+)?$",
    re.IGNORECASE,
)
# how the names of states end ("Kazakhstan", "Azerbaijan", "Armenia", "Belarus", "Finland", "Ukraine",
# "China", "Moldova", "Turkey"); a single-word body's name rarely does ("Rosfinmonitoring", "Gazprom")
_STATE_ENDING = re.compile(r"(?:an|ia|us|land|ine|ina|ova|ey)$")


def _complement_before_person(
    text: str, s: int, e: int, lexicon: Lexicon | None, words: TextIndex
) -> tuple[int, int] | None:
    """A PERSON span of three words or more right after "<title> of" holds the title's complement first:
    "Prime Minister of Azerbaijan Ali Asadov" (English writes the name after the complement without a
    comma). Returns (the end of the complement when it is a place's name, else 0; the start of the
    person), or None. The person is the last two words, or starts at a known given name; the complement is
    a place when it is one word used as a place ("in Azerbaijan") or shaped like a state's name."""
    if not _TITLE_OF.search(text, max(0, s - 40), s):
        return None
    tokens = list(re.finditer(r"\S+", text[s:e]))
    if len(tokens) < 3:
        return None
    cut = len(tokens) - 2
    for i, t in enumerate(tokens[1:], 1):
        if gz.is_given_name(t.group()):
            cut = i
            break
    complement = text[s : s + tokens[cut - 1].end()]
    person_start = s + tokens[cut].start()
    one_word = " " not in complement and complement.isalpha() and complement[:1].isupper()
    if one_word and (_place_by_use(complement, text, s, lexicon, words) or _STATE_ENDING.search(complement)):
        return s + len(complement), person_start
    return 0, person_start


def _in_dateline(text: str, s: int, e: int) -> bool:
    """Is text[s:e] a dateline's place: at the start of a line, before a comma, a bracket or a dash?"""
    return bool(_DATELINE.search(text, max(0, s - 4), s) and _AFTER_DATELINE.match(text, e))


# A demonym's ending ("Kazakh", "Russian", "Afghans", "Chinese"); a state's "-stan" is no demonym.
_DEMONYM = re.compile(r"(?:(?<!st)ans?|ese|ish|ic|i|z|k|kh|ch|[^u]s)$")
# After a noun of a coordination, or the end of one: punctuation, "and", "or", the end of the text.
_NOUN_END = re.compile(r"[ \t]*(?:[,.;:)!?]|and\b|or\b|$)")
_COORDINATION = re.compile(r"[ \t]*(?:,[ \t]*(?:and|or)?|and|or)[ \t]*")


def _noun_shaped(surface: str, text: str | None = None, e: int = 0) -> bool:
    """Capitalised letters without a demonym's ending (and, given the text, no noun after them)."""
    if not surface[:1].isupper() or not surface.replace(" ", "").replace("-", "").isalpha():
        return False
    return not _DEMONYM.search(surface) and (text is None or bool(_NOUN_END.match(text, e)))


def _noun_place(
    surface: str,
    text: str,
    s: int,
    e: int,
    places: list[tuple[int, int]],
    lexicon: Lexicon | None,
    words: TextIndex,
) -> bool:
    """Is a span the model calls a nationality (NORP) a place's name used as a noun? Not a demonym's shape
    ("Kazakh", "Russian", "Afghans"; a state's "-stan" is none) and in a place's slot: a member of a
    coordination with places ("Kyrgyzstan, Tajikistan and Uzbekistan"), after "of" ("the capital of
    Tajikistan"), or, with no noun after it (a nationality is an adjective: "Tajik border guards"), a word
    the page or the corpus uses as a place ("in Tajikistan")."""
    if not _noun_shaped(surface):
        return False
    i = bisect.bisect_left(places, (s, s))
    before = places[i - 1] if i > 0 else None
    after = next((p for p in places[i:] if p[0] >= e), None)  # the span itself may be among them
    if before and before[1] <= s and _COORDINATION.fullmatch(text, before[1], s):
        return True  # the last of a list: the verb may follow ("… Tajikistan and Uzbekistan took part")
    if after and _COORDINATION.fullmatch(text, e, after[0]):
        return True
    if _OF_BEFORE.search(text, max(0, s - 8), s):
        return True  # "the capital of Tajikistan hosted …"
    # "in Turkmen language": a word used after "in" is a place only where no noun follows it
    return bool(_NOUN_END.match(text, e)) and _place_by_use(surface, text, s, lexicon, words)


def _place_by_use(word: str, text: str, start: int, lexicon: Lexicon | None, words: TextIndex) -> bool:
    """Is a one-word name used as a place: a dateline ("MINSK, 21 November"), after "in"/"to"/"from" on the
    page, or so on several pages of the corpus?"""
    if " " in word:
        return False
    dateline = _DATELINE.search(text, max(0, start - 4), start) and _AFTER_DATELINE.match(text, start + len(word))
    if word.isupper() and dateline:
        return True
    if words.after_locative(word):
        return True
    return lexicon is not None and lexicon.place_like(word)


def _place_hit(doc: Any, text: str, s: int, e: int, words: TextIndex) -> Hit | None:
    """A place from a GPE/LOC span of the model: the gazetteer's name when it knows it, else the span when it
    is a proper noun phrase; cut before a given name it ran into, extended over "... Autonomous Region"."""
    for m in re.finditer(r"\s([A-Z][\w’'\-]+)", text[s:e]):
        if gz.is_given_name(m.group(1)):
            e = s + m.start()
            break
    core = e  # the model's span without the region's word added below
    tail = _PLACE_TAIL.match(text, e)
    if tail:
        e = tail.end()
    surface = text[s:e]
    known = gz.canonical_place(surface) or gz.fuzzy_place(surface)
    if known:
        return Hit(s, e, "place", known, "ner")
    if surface.isupper() and surface.isalpha():
        if _DATELINE.search(text, max(0, s - 4), s) and _AFTER_DATELINE.match(text, e):
            return Hit(s, e, "place", surface.title(), "ner")  # a dateline's "MINSK"
        return None  # an acronym the model took for a place
    if gz.key(surface) in gz.gazetteer().adjectives or _adjective_or_fragment(surface):
        return None  # "Kyrgyz", "Caucasian", "City of" are no places by themselves
    # the name must be a proper noun phrase; a region's word added after it may be in lower case ("the
    # Sverdlovsk region")
    span = doc.char_span(s, core, alignment_mode="expand")
    proper = span is not None and _is_proper(span, words)
    if proper and "\n" not in surface and not _common_word(surface) and surface.isascii():
        return Hit(s, e, "place", surface, "ner")
    return None


_PLACE_TAIL = re.compile(
    r"(?:[ \t]+[A-Z][\w’'\-]+)*?[ \t]+(?:Autonomous[ \t]+)?(?:"
    + "|".join(w.title() for w in en.PLACE_HEADS)
    # "the Sverdlovsk region": a region's word in lower case right after its name
    + "|"
    + "|".join(w for w in en.PLACE_HEADS if w not in en.STATE_NAME_WORDS)
    + r")\b"
)


_ACRONYM_ONLY = re.compile(r"[A-Z](?:[A-Za-z]*[A-Z])?(?:/[A-Z]+)?s?")


def _single_name(surface: str, lexicon: Lexicon | None, words: TextIndex) -> bool:
    """Is a one-word ORG of the model an organisation's name ("Frontex", "Kremlin", "WTO")?

    An acronym is when the page writes it twice or the corpus on several pages, unless the corpus defines
    it as a document's. A capitalised word is when it is a proper noun: written capitalised inside
    sentences (on several pages of the corpus, or twice on the page) and never in lower case ("the
    Council", "Summit" are common nouns), and not a given name, a surname's ending or a post's word.
    """
    if " " in surface or any(c.isdigit() for c in surface) or len(surface) < 2 or _POSSESSIVE.search(surface):
        return False
    occurrences = words.occurrences(surface)
    if _ACRONYM_ONLY.fullmatch(surface) and sum(c.isupper() for c in surface) >= 2:
        if (lexicon is not None and lexicon.is_document(surface)) or surface in words.common_acronyms():
            return False  # "Collective Security Treaty (CST)", "area of responsibility (AoR)"
        letters = sum(c.isalpha() for c in surface)
        return letters >= 3 or occurrences >= 2 or (lexicon is not None and lexicon.pages_with(surface) >= 3)
    if len(surface) < 3 or not surface[0].isupper() or not surface[1:].islower():
        return False
    w = surface.lower()
    if w in _GENERIC or w in en.NOT_NAME_WORDS or w in institutions.TITLE_WORDS or w in ORG_HEADS:
        return False
    if gz.is_given_name(surface) or gz.has_surname_ending(surface) or gz.country_of(surface):
        return False
    if words.written(w):
        return False  # written in lower case on the page: a common noun
    proper = lexicon.proper_noun(surface) if lexicon is not None else None
    if proper is not None:
        return proper
    if lexicon is not None and lexicon.lower.get(w, 0):
        return False
    # named as a source of news ("Sputnik reported", "told Interfax", "according to Reuters")
    return occurrences >= 2 or words.source_role(surface)


_POSSESSIVE = re.compile(r"[’']s?$")


def _proper_name(surface: str, page_words: TextIndex, lexicon: Lexicon | None = None) -> bool:
    """Is a model's ORG of capitalised words without a head noun an organisation's name ("United Nations",
    "RIA Novosti")? When the page also writes its acronym ("UN"), names it as a news source, or writes it
    twice (as a name: "Collective Security Treat", an excerpt's cut end, is not written twice by the
    "Collective Security Treaty" beside it); not when a word is a given name, a post's, a kind of body's or a
    document's."""
    words = surface.split()
    if len(words) < 2 or len(words) > 6 or not all(w[0].isupper() for w in words if w.lower() not in _SMALL):
        return False
    if words[0].lower() in _SMALL or words[-1].lower() in _SMALL:
        return False  # "Internal Affairs of": a piece of a longer phrase
    if page_words.written(words[0].lower()):
        return False  # "Status of Observer": its first word is a common noun on this page
    for w in words:
        low = w.lower()
        if gz.is_given_name(w) or low in institutions.TITLE_WORDS or low in en.NOT_NAME_WORDS - _SMALL:
            return False
        if low in _DOCUMENT_WORDS or low in en.EVENT_WORDS:
            return False
    if all(w.lower() in _GENERIC or w.lower() in _SMALL for w in words):
        return False
    acronym = names.initials(surface)
    if len(acronym) >= 2 and page_words.written(acronym, hyphen_only=True):
        return True
    # an acronym beside proper nouns ("RIA Novosti"): the other words are no common nouns of the page or
    # the corpus ("UNESCO World"), and the acronym is no person's initials ("FS Kwatra")
    acronyms = [w for w in words if _ACRONYM_ONLY.fullmatch(w) and sum(c.isupper() for c in w) >= 2 and len(w) >= 3]
    others = [w for w in words if w not in acronyms and w.lower() not in _SMALL]
    if acronyms and others and not any(
        page_words.written(w.lower()) or w.lower() in _GENERIC or (lexicon is not None and lexicon.lower.get(w.lower()))
        for w in others
    ):
        return True
    return page_words.names_written(surface) >= 2 or page_words.source_role(surface)


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
        self.ends = sorted(h.end for h in self.spans)
        self._table: list[list[int]] | None = None  # range maxima of the ends, made when first needed
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

    def holds(self, pos: int) -> bool:
        """Does a span hold the character at ``pos`` (start <= pos < end)?"""
        return self._max_end_before(pos, inclusive=True) > pos

    def contains_from(self, lowest: int | None, start: int, end: int) -> bool:
        """Does a span starting at ``lowest`` or after (anywhere, when None) contain [start, end)? The spans
        starting between ``lowest`` and ``start`` are a range of the sorted spans: the largest end among them
        is read from a sparse table in O(1)."""
        if lowest is None:
            return self.contains(start, end)
        i, j = bisect.bisect_left(self.starts, lowest), bisect.bisect_right(self.starts, start)
        if i >= j:
            return False
        if self._table is None:
            self._table = [[h.end for h in self.spans]]
            width = 1
            while 2 * width <= len(self.spans):
                row = self._table[-1]
                self._table.append([max(row[k], row[k + width]) for k in range(len(row) - width)])
                width *= 2
        level = (j - i).bit_length() - 1
        row = self._table[level]
        return max(row[i], row[j - (1 << level)]) >= end

    def straddles(self, start: int, end: int) -> bool:
        """Does a span overlap [start, end) without containing it? Such a span starts or ends strictly
        inside it (and every span that does overlaps it without containing it)."""
        i = bisect.bisect_right(self.starts, start)
        j = bisect.bisect_right(self.ends, start)
        return (i < len(self.starts) and self.starts[i] < end) or (j < len(self.ends) and self.ends[j] < end)

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
    """Longest span first (then the stronger source); some names inside a chosen one are kept too
    (``_named_inside``).

    A span is taken only when it clashes with no span taken before, so the taken spans never overlap:
    the clashes of the next one are found by bisection (sort + sweep, not every pair). Every span taken
    before is at least as long as the next one, so at most two of them clash with it, and
    ``_named_inside`` reads at most two.
    """
    # a state's body named by the state alone ("the defense ministries of Belarus, Kazakhstan") before the state
    order = sorted(cands, key=lambda h: (-h.length, h.source != "national", _SOURCE_RANK[h.source], h.start))
    taken: list[Hit] = []
    index = _Disjoint()
    nested: list[Hit] = []
    for h in order:
        clash = index.clashing(h.start, h.end)
        if not clash:
            taken.append(h)
            index.add(h)
        elif all(
            (t.kind == "org" or t.head == "facility") and t.start <= h.start and h.end <= t.end for t in clash
        ) and _named_inside(h, clash):
            nested.append(h)
    return sorted(taken + nested, key=lambda h: h.start)


def _named_inside(h: Hit, outer: list[Hit]) -> bool:
    """Is ``h``, inside the organisation names ``outer``, a mention of its own?"""
    inside_complement = h.of_complement and all(t.start < h.start - 4 for t in outer)
    if any(t.quoted for t in outer):
        return False
    if h.kind == "place":
        # "National Guard of the Republic of Kazakhstan" also names the state (a city in a name does not:
        # "Shanghai Cooperation Organization"); "the Minsk airport" names Minsk too
        return h.country or (h.source == "ner" and inside_complement) or all(t.head == "facility" for t in outer)
    if h.source == "national" or h.source == "structure":
        # "General Staff of the Armed Forces of the Kyrgyz Republic" also names the Armed Forces
        return True
    if h.source != "ner" and not h.bare and (all(t.source == "structure" for t in outer) or inside_complement):
        # "Planning Department of the CSTO Secretariat", "Parliamentary Assembly of the Union of Belarus and
        # Russia": a listed body named by another's complement
        return True
    # "UN Commission on Narcotic Drugs" also names the UN
    # (a body of the organisation, "SCO RATS", does not: annotators and readers take it as one name)
    g = gz.gazetteer()
    return (
        h.canonical in g.acronym_parents
        and h.length <= 6
        and not any(t.canonical in g.body_names for t in outer)
    )


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


def _mentions(
    doc: Any,
    text: str,
    extra: dict[str, Any],
    in_title: bool,
    lexicon: Lexicon | None = None,
    known: dict[str, Hit] | None = None,
) -> list[Mention]:
    index = _sentences(doc)
    chosen, persons = find_hits(doc, text, lexicon, known, headline=in_title)
    if not in_title:
        extra["org_surfaces"] = org_surfaces(chosen, text)
    out = []
    for h in chosen:
        canonical = h.canonical
        if h.source == "national" and canonical:
            canonical = names.as_spelled(canonical, text[h.start : h.end], en.SPELLING_VARIANTS)
        out.append(
            Mention(
                start=h.start,
                end=h.end,
                sentence=sentence_of(text, index, h.start),
                text=text[h.start : h.end],
                kind=h.kind,
                canonical=canonical,
                attrs={"source": h.source, **({"head": h.head} if h.head else {})},
                in_title=in_title,
            )
        )
    extra["person_candidates"] = persons_outside(persons, chosen, text)
    extra["sentence_index"] = index
    return out


@component("gazetteer_entities")
def make_entities(config: dict[str, Any]) -> Any:
    model_names = tuple(config.get("spacy_models") or ()) or None
    gazetteer_matcher(load_model(model_names))
    lexicon: Lexicon | None = config.get("lexicon")  # learned by the job's first pass, when there is one

    def entities(article: Article) -> Article:
        model = load_model(model_names)
        doc = article.extra.get("doc")
        if doc is None:
            doc = article.extra["doc"] = model(article.text)
        article.mentions.extend(_mentions(doc, article.text, article.extra, False, lexicon))
        body_orgs = article.extra.pop("org_surfaces", {})  # the body's names, for its title
        # The title names people and organisations too (often the only full name on an excerpt): its
        # mentions are the article's like the body's, marked in_title (spans index into the title).
        # title_sentence_index in `extra` also tells later components that the title was read.
        if article.title and article.title.strip():
            title_extra: dict[str, Any] = {}
            title_doc = article.extra.pop("title_doc", None)
            if not doc_of(article.title, title_doc):
                title_doc = model(article.title)
            article.mentions.extend(_mentions(title_doc, article.title, title_extra, True, lexicon, body_orgs))
            article.extra["title_person_candidates"] = title_extra["person_candidates"]
            article.extra["title_sentence_index"] = title_extra["sentence_index"]
        link_acronyms([m for m in article.mentions if m.from_teaser is None])
        return article

    return entities
