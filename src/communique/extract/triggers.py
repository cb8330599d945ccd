"""Event triggers in one sentence: which words report an event of which type, and whether the grammar
reports it as held or as planned.

English sentences are read on spaCy's dependency parse (``communique.extract.syntax``): an event noun counts
as the head of its noun phrase ("the summit", not "the summit declaration"), an event verb with the argument
it needs ("met with X", "signed the Treaty", "arrived in Minsk", "informed the members"), a speech noun with
its light verb ("made a presentation"). Planned or held comes from the verb that governs the trigger: its
auxiliaries and modals ("will", "may"), an infinitive that depends on a plan or on "be" ("are to take part",
"agreed to meet", a headline's "Minister to attend"), a verb of scheduling ("is scheduled"), and only then
from the noun's own modifiers ("the upcoming exercises") — so "The next meeting ... was held" is held.

Russian sentences are read word by word on natasha's morphology (lemmas, number, tense): a future verb or a
word of planning in the trigger's clause makes it planned.

The vocabulary is language data (``communique.extract.lang.<lang>_events``), the types those of
``communique.extract.event_types``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from communique.extract.dates import MONTHS_EN
from communique.extract.event_types import event_type, vocabulary
from communique.extract.syntax import doc_text, lem, lemma_candidates, ru_word, surface_forms, token_at


@dataclass
class Trigger:
    """A word (or phrase) of a sentence that reports an event; offsets are into the sentence text."""

    start: int
    end: int
    type: str
    text: str
    planned: bool  # the grammar reports it as still to come
    definite: bool = False  # "the meeting", "its session": refers back to an event already told
    host: int | None = None  # start of the gathering trigger of this sentence it took place at
    body: str | None = None  # the convening body of a session ("of the Council of Foreign Ministers")
    # "meetings of the Council of Defence Ministers and the Council of Foreign Ministers have been held": one
    # session per body named (a plural noun with coordinated bodies)
    bodies: list[str] = field(default_factory=list)
    realised: bool = False  # governed by a verb that reports it took place ("was held", "conducted")
    within: int | None = None  # start of a trigger of the same type whose phrase holds this one
    noun: bool = False  # an event noun ("the summit"); else a verb ("met", "signed")


# Nouns denoting people or groups of them: a meeting with them is a meeting ("met the delegation").
PERSON_NOUNS = frozenset({
    "counterpart", "delegation", "minister", "president", "leader", "head", "ambassador", "representative",
    "member", "participant", "chairman", "chair", "secretary", "envoy", "official", "student", "veteran",
    "journalist", "colleague", "people", "group", "team", "commander", "chief", "deputy", "director",
    "governor", "mayor", "delegate", "prime", "premier", "king", "emir", "speaker", "staff", "personnel",
    "officer", "expert", "youth", "cadet", "graduate", "family", "community", "worker", "soldier",
})
PRONOUN_PEOPLE = frozenset({"him", "her", "them", "us", "me", "each"})
QUANTITY_NOUNS = frozenset({"number", "series", "set", "total", "couple", "dozen", "range", "lot", "majority",
                            "part", "round", "cycle", "package"})


# ------------------------------------------------------------------------------------- candidates
@dataclass(frozen=True)
class TriggerForms:
    """What makes an English sentence worth parsing: a form of an unconditional trigger lemma, or a form of a
    conditional one together with a form of a word it needs ("established" with "decision", "report" with a
    light verb, "call" with "phone" or "with")."""

    plain: frozenset[str]
    conditional: tuple[tuple[frozenset[str], frozenset[str]], ...]  # (forms of the trigger, forms it needs)


@lru_cache(maxsize=4)
def trigger_forms(lang: str) -> TriggerForms:
    vocab = vocabulary(lang)
    # (lemma, its POS) -> lemmas of what it needs. A noun and a verb of one lemma need different things: "held
    # talks" needs nothing, "talked" needs a "with" or a means of calling.
    needs: dict[tuple[str, str], frozenset[str]] = {}
    gatherings = frozenset(n for n, t in vocab.EVENT_NOUNS.items() if t in ("session", "meeting"))
    for lemma, (_, need) in vocab.EVENT_VERBS.items():
        if need == "agent":
            needs[(lemma, "verb")] = vocab.FOUNDING_AGENTS
        elif need == "press" and lemma not in vocab.TELLING_VERBS:
            needs[(lemma, "verb")] = vocab.PRESS_WORDS
        elif need == "occasion":
            needs[(lemma, "verb")] = gatherings  # "said at the summit": parsed for the summit anyway
        elif need == "with":  # "discussed ... with X"; "talked by phone"
            needs[(lemma, "verb")] = frozenset({"with"}) | (vocab.CALL_MEANS if lemma in vocab.SPEAK_WITH else set())
        elif need == "views":
            needs[(lemma, "verb")] = vocab.EXCHANGED_VIEWS
    for lemma in vocab.NEEDS_PARTNER:
        needs[(lemma, "noun")] = vocab.PARTNER_MODIFIERS | {"with"}
    for lemma, lights in vocab.NEEDS_LIGHT.items():
        needs[(lemma, "noun")] = lights
    for lemma, mods in vocab.NEEDS_MODIFIER.items():
        needs[(lemma, "noun")] = mods
    months = frozenset(MONTHS_EN)
    for lemma in vocab.DOCUMENT_NOUNS - set(vocab.EVENT_NOUNS):
        needs[(lemma, "noun")] = months  # a document with its day: "the Treaty of May 15, 1992"
    nouns = frozenset(vocab.EVENT_NOUNS) - {lemma for lemma, pos in needs if pos == "noun"}
    verbs = frozenset(vocab.EVENT_VERBS) - {lemma for lemma, pos in needs if pos == "verb"}
    plain = (
        surface_forms(nouns, "noun")
        | surface_forms(verbs, "verb")
        | surface_forms(frozenset(vocab.EVENT_ADJECTIVES), "adj")
        | nouns
    )
    # "took office", "passes the chairmanship": an office noun with a verb of taking or handing on
    office = surface_forms(vocab.OFFICE_VERBS, "verb") | vocab.OFFICE_VERBS
    conditional = tuple(
        (
            surface_forms(frozenset({lemma}), pos) | {lemma},
            surface_forms(cues, "noun") | surface_forms(cues, "verb") | cues,
        )
        for (lemma, pos), cues in sorted(needs.items())
    ) + ((surface_forms(vocab.OFFICE_OBJECTS - {"over"}, "noun") | (vocab.OFFICE_OBJECTS - {"over"}), office),)
    return TriggerForms(plain, conditional)


WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def may_report_event(text: str, forms: TriggerForms, lang: str = "en") -> bool:
    """Could the sentence report an event (no tagging needed)? See TriggerForms."""
    words = {w.lower() for w in WORD.findall(text)}
    words |= {p for w in words if "-" in w for p in w.split("-")}  # the tokenizer splits "get-together"
    if words & forms.plain or any(words & trig and words & cues for trig, cues in forms.conditional):
        return True
    phrase = getattr(vocabulary(lang), "OFFICE_PHRASE", None)
    return bool(phrase and re.search(phrase, text, re.IGNORECASE))


# ---------------------------------------------------------------------------------------- English
def english_triggers(
    doc: Any,
    persons: list[tuple[int, int]] | None = None,
    places: list[tuple[int, int]] | None = None,
    days: list[tuple[int, int]] | None = None,
) -> list[Trigger]:
    """The triggers of one parsed English sentence, in order. ``persons`` and ``places`` are the spans of the
    person and place mentions in it, ``days`` those of its day-precision dates."""
    vocab = vocabulary("en")
    persons = persons or []
    places = places or []
    days = days or []
    out: list[Trigger] = []
    words = {t.lower_ for t in doc}
    event_adjectives = bool(words & set(vocab.EVENT_ADJECTIVES))
    verb_forms, noun_forms = _lemma_forms()
    for tok in doc:
        lemma = _lemma_if(tok, verb_forms) if tok.pos_ == "VERB" else ""
        trig: Trigger | None = None
        # "hosted the staff talks": a noun the tagger took for a verb, in a noun's slot
        nominal = tok.pos_ == "VERB" and tok.dep_ in ("dobj", "nsubjpass", "pobj") and tok.lower_ in noun_forms
        if tok.pos_ in ("NOUN", "PROPN") or nominal:
            noun = _noun_lemma(tok, vocab) if tok.lemma_ or tok.lower_ in noun_forms else None
            if noun is not None:
                trig = _noun_trigger(tok, noun, vocab)
            elif event_adjectives:
                trig = _adjective_event(tok, vocab)
            if trig is None and days and noun is None and tok.text[:1].isupper():
                trig = _dated_document(tok, vocab, days)
        elif tok.pos_ == "VERB" and lemma in vocab.EVENT_VERBS:
            trig = _verb_trigger(tok, lemma, vocab, persons, places)
        elif tok.pos_ == "VERB" and lemma in vocab.OFFICE_VERBS:
            trig = _office_trigger(tok, vocab)
        if trig is None or _negated(tok) or _content_of_document(tok, trig.type, vocab) or _being_prepared(tok, vocab):
            continue
        out.append(trig)
    taken = {t.start for t in out}
    for tok in doc:
        trig = _happening_subject(tok, vocab)
        if trig is not None and trig.start not in taken and not _negated(tok):
            out.append(trig)
    out.sort(key=lambda t: t.start)
    # "the gathering" is a general word for a gathering: beside a specific one of its sentence ("the venue of the
    # gathering ... the summit", "In a diplomatic gathering, the Council convened") it names that one
    general = {t.start for t in out if t.noun and t.text.lower().removesuffix("s") in vocab.NEEDS_PEOPLE}
    if general and any(t.start not in general and event_type(t.type).gathering for t in out):
        out = [t for t in out if t.start not in general]
    _attach_hosts(doc, out)
    _nest_same_type(doc, out)
    return out


def _nest_same_type(doc: Any, triggers: list[Trigger]) -> None:
    """ "spoke in an interview", "met ... at a meeting with": a trigger inside the phrase of another of its type
    tells the same happening."""
    for a in triggers:
        ta = token_at(doc, a.start)
        for b in triggers:
            tb = token_at(doc, b.start)
            if a is b or a.type != b.type or ta is None or tb is None or b.within is not None:
                continue
            if any(anc.i == ta.i for anc in tb.ancestors):
                b.within = a.start


def _happening_subject(verb: Any, vocab: Any) -> Trigger | None:
    """ "A preliminary summary of the results took place in Almaty", "Consultations were held": the subject of a
    verb of happening names an event even when no event noun of the table does; such a gathering is a
    session."""
    if verb.pos_ != "VERB":
        return None
    lemma = _lemma_if(verb, _lemma_forms()[0])
    if lemma not in vocab.HAPPENING_VERBS:
        return None
    obj = vocab.HAPPENING_VERBS[lemma]
    if obj and not any(lem(c) == obj for c in _children(verb, "dobj")):
        return None  # "take" without "place"
    if not obj and not _children(verb, "auxpass"):
        return None  # "the ministers held ...": the subject is who, the object is what
    for subj in _children(verb, "nsubj", "nsubjpass"):
        lemma_s = lem(subj)
        if subj.pos_ != "NOUN" or lemma_s in vocab.EVENT_NOUNS or lemma_s in vocab.DOCUMENT_NOUNS:
            continue
        if lemma_s in PERSON_NOUNS:
            continue
        definite = any(c.lower_ in vocab.DEFINITE for c in _children(subj, "det", "poss"))
        return Trigger(subj.idx, subj.idx + len(subj.text), "session", subj.text, _verb_planned(verb, vocab),
                       definite, realised=True, noun=True)
    return None


@lru_cache(maxsize=1)
def _lemma_forms() -> tuple[frozenset[str], frozenset[str]]:
    """(every form of a verb the English triggers read, every form of an event noun): a word outside them
    cannot lemmatise to one, so its lemma is never worked out (the rule lemmatizer is the costly part of
    reading a sentence's triggers). A capitalised noun is read by all its lemmas (``_noun_lemma``), hence
    the noun lemmas' verb and adjective forms too."""
    vocab = vocabulary("en")
    verbs = frozenset(vocab.EVENT_VERBS) | vocab.OFFICE_VERBS | frozenset(vocab.HAPPENING_VERBS)
    nouns = frozenset(vocab.EVENT_NOUNS)
    return (
        surface_forms(verbs, "verb"),
        surface_forms(nouns, "noun") | surface_forms(nouns, "verb") | surface_forms(nouns, "adj"),
    )


def _lemma_if(tok: Any, forms: frozenset[str]) -> str:
    """The token's lemma when it may be one of the lemmas ``forms`` were made from, else its own word (which
    is then none of them). A lemma the model's table gives ("was" -> be) is read as such."""
    return lem(tok) if tok.lemma_ or tok.lower_ in forms else tok.lower_


def _noun_lemma(tok: Any, vocab: Any) -> str | None:
    """The event-noun lemma of a token: its own lemma, or (for a capitalised word the tagger took for a
    name, as in headlines) one of the lemmas its lower-case form can have."""
    lemma = lem(tok)
    if lemma in vocab.EVENT_NOUNS:
        return lemma
    if tok.lower_ in vocab.EVENT_NOUNS:
        return tok.lower_
    if tok.pos_ == "PROPN":
        for cand in sorted(lemma_candidates(tok.lower_)):
            if cand in vocab.EVENT_NOUNS:
                return cand
    return None


def _children(tok: Any, *deps: str) -> list[Any]:
    """The token's children with one of these dependency labels (the labels of a doc are read once)."""
    doc = tok.doc
    table = doc.user_data.get("communique_children")
    if table is None:
        table = [[] for _ in range(len(doc))]
        for t in doc:
            if t.head.i != t.i:
                table[t.head.i].append((t.dep_, t.i))
        doc.user_data["communique_children"] = table
    return [doc[i] for dep, i in table[tok.i] if dep in deps]


def _modifiers(tok: Any) -> set[str]:
    """The words before a noun in its phrase and its own modifiers: in "the upcoming SCO Heads of State
    Council Meeting" the parse may hang "upcoming" on "Heads", yet it qualifies the meeting."""
    mods = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound", "nmod", "npadvmod", "advmod")}
    mods |= {lem(c) for c in tok.children if c.dep_ in ("amod", "compound", "nmod")}
    mods |= {t.lower_ for t in tok.doc[tok.left_edge.i : tok.i] if t.pos_ in ("ADJ", "NOUN", "PROPN", "VERB")}
    head = tok
    while head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ == "PROPN":
        head = head.head.head  # "the upcoming SCO Heads of State Council Meeting": one name, one phrase
        mods |= {t.lower_ for t in tok.doc[head.left_edge.i : head.i] if t.pos_ in ("ADJ", "VERB")}
    return mods


def _governor(tok: Any) -> Any | None:
    """The verb that governs a noun: up through prepositions, conjunctions and nouns to the first verb."""
    t = tok
    for _ in range(10):
        h = t.head
        if h.i == t.i:
            return None
        if h.pos_ in ("VERB", "AUX"):
            return h
        t = h
    return None


def _phrase_top(tok: Any) -> Any:
    """The token that stands for the noun's phrase in its clause: the first conjunct of a coordination
    ("exercises, trainings and conferences"), the quantity that counts it ("a number of major trainings"), the
    name it begins ("plan to carry out Operation Mercenary": the name is the object)."""
    t = tok
    if t.dep_ == "compound" and t.head.pos_ == "PROPN" and t.i < t.head.i:
        t = t.head
    for _ in range(6):
        if t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
        elif t.dep_ == "pobj" and t.head.lower_ == "of" and lem(t.head.head) in QUANTITY_NOUNS:
            t = t.head.head
        else:
            break
    return t


def _direct_governor(tok: Any) -> Any | None:
    """The verb whose subject or object the noun's phrase is, or whose prepositional object ("took part in
    the session")."""
    t = _phrase_top(tok)
    if t.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "oprd") and t.head.pos_ in ("VERB", "AUX"):
        return t.head
    if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head.pos_ in ("VERB", "AUX"):
        return t.head.head
    return None


def _is_argument(tok: Any) -> bool:
    """Is the noun's phrase what its verb is about (subject, object, "provides for", "plans for"), rather than
    where or when it happened ("announced ... at the session")?"""
    t = _phrase_top(tok)
    return t.dep_ in ("dobj", "nsubjpass", "nsubj") or (t.dep_ == "pobj" and t.head.lower_ == "for")


def _named_near(tok: Any) -> bool:
    """Is the event noun named ("the operation “Channel”", "Interaction-2023 exercise", "Operation X")?"""
    from communique.extract.event_types import name_near

    text = doc_text(tok.doc)
    return name_near(text, tok.idx, tok.idx + len(tok.text), "series") is not None


def _noun_trigger(tok: Any, lemma: str, vocab: Any) -> Trigger | None:
    etype = vocab.EVENT_NOUNS[lemma]
    head = tok.head
    if tok.dep_ == "compound" and not (
        tok.text[:1].isupper()
        and head.pos_ == "PROPN"
        and tok.i < head.i
        and lem(head) not in vocab.DOCUMENT_NOUNS
        and lem(head) not in vocab.EVENT_NOUNS
    ):
        return None  # "the summit declaration", "exercise area": a modifier, not the event ("Operation X" is)
    if tok.dep_ == "attr" and lem(head) == "be":
        return None  # "the SCO is a forum for dialogue": what something is, not a happening
    top = _phrase_top(tok)  # the determiner of a coordination's first noun is all of its nouns'
    if any(c.lower_ in vocab.NEGATIVE_DET | vocab.GENERIC_DET
           for t in {tok, top} for c in _children(t, "det", "amod", "predet")):
        # "no meeting took place", "each summit opens a new page", "has taken part in several missions and
        # exercises": no happening told
        return None
    mods = _modifiers(tok)
    preps = {c.lower_ for c in _children(tok, "prep")}
    gov = _direct_governor(tok)
    gov_lemma = lem(gov) if gov is not None else ""
    realised = gov is not None and gov_lemma in vocab.REALISATION_VERBS
    if lemma in vocab.NEEDS_PLURAL and tok.tag_ not in ("NNS", "NNPS") and not tok.lower_.endswith("s"):
        return None
    if lemma in vocab.NEEDS_PARTNER and not (mods & vocab.PARTNER_MODIFIERS or "with" in preps):
        return None
    if lemma in vocab.NEEDS_MODIFIER and not mods & vocab.NEEDS_MODIFIER[lemma]:
        return None
    if lemma in vocab.NEEDS_LIGHT and not (
        (gov_lemma in vocab.NEEDS_LIGHT[lemma] and tok.dep_ in ("dobj", "nsubjpass"))
        or (etype == "speech" and (_at_event(tok, vocab) or _persons_own(tok)))
    ):
        return None  # "made a statement", "his statement at the forum", "Novikov's statement"
    if lemma in vocab.NEEDS_PREP_OR_LIGHT and not (
        preps & vocab.NEEDS_PREP_OR_LIGHT[lemma] or gov_lemma in vocab.LIGHT_VERBS or tok.i == 0
    ):
        return None
    if lemma in vocab.NEEDS_PEOPLE and (
        _children(tok, "compound")
        or any(
            lem(o) not in PERSON_NOUNS and lem(o) not in vocab.BODY_NOUNS and o.pos_ != "PROPN"
            for p in _children(tok, "prep") if p.lower_ == "of" for o in _children(p, "pobj")
        )
    ):
        return None  # "intelligence gathering", "the gathering of evidence": collecting, not convening
    if lemma == "conference" and mods & vocab.PRESS_CONFERENCE:
        etype = "speech"
    if lemma in vocab.NEEDS_REALISATION and not (
        realised or _named_near(tok) or (tok.text[:1].isupper() and tok.i > 0)
        or (lemma == "training" and mods & vocab.TRAINING_KINDS)
    ):
        return None
    planned = _noun_planned(tok, vocab)
    if (
        tok.tag_ in ("NNS", "NNPS")
        and lemma not in vocab.PLURAL_EVENTS
        and not ((realised and not planned) or _counted(tok) or _definite(tok, vocab))
    ):
        return None  # "such meetings", "conferences and round tables": a kind of event, not one that happened
    if etype == "operation" and not _concrete_operation(tok, mods, realised, vocab):
        return None
    if lemma == "exercise" and "of" in preps and not (mods or _named_near(tok) or realised):
        return None  # "the exercise of powers": an activity, not an exercise held
    body = None
    if lemma == "meeting":
        body = _body(tok)
        ordinal = any(re.fullmatch(vocab.ORDINAL, m) for m in mods)
        if body or ordinal or mods & vocab.SESSION_ADJECTIVES or _chaired(tok, vocab):
            etype = "session"  # a body's sitting: "meeting of the Council", "the ninth meeting", "plenary meeting"
    elif etype == "session":
        body = _body(tok)
    # "the meeting" refers back to one already told; "the next meeting", "the last summit" is another one
    definite = any(c.lower_ in vocab.DEFINITE for c in _children(tok, "det", "poss")) and not (
        mods & (vocab.FUTURE_ADJECTIVES | vocab.PAST_ADJECTIVES)
    )
    # a general word refers back to the gathering already told, when there is one ("the gathering participants")
    definite = definite or lemma in vocab.NEEDS_PEOPLE
    bodies = _coordinated_bodies(tok) if etype == "session" and tok.tag_ in ("NNS", "NNPS") else []
    return Trigger(tok.idx, tok.idx + len(tok.text), etype, tok.text, planned, definite,
                   body=body, realised=realised, noun=True, bodies=bodies)


def _definite(tok: Any, vocab: Any) -> bool:
    """ "the meeting", "its session", "these talks" (not "such meetings", "any consultations")."""
    return any(c.lower_ in vocab.DEFINITE for c in _children(tok, "det", "poss"))


def _demonstrative(tok: Any) -> bool:
    """ "this MoU", "that agreement": pointing back, whatever the noun's case."""
    return any(c.lower_ in ("this", "that", "these", "those") for c in _children(tok, "det"))


def _counted(tok: Any) -> bool:
    """ "two round tables", "five major exercises", "a number of trainings": events counted one by one."""
    if any(c.dep_ == "nummod" or c.like_num for c in tok.children):
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ == "of" and lem(tok.head.head) in QUANTITY_NOUNS


def _adjective_event(tok: Any, vocab: Any) -> Trigger | None:
    """ "the ceremonial transfer of the pouches": a noun an event adjective qualifies is an event of its type."""
    for c in _children(tok, "amod"):
        etype = vocab.EVENT_ADJECTIVES.get(c.lower_)
        if etype:
            return Trigger(c.idx, tok.idx + len(tok.text), etype, doc_text(tok.doc)[c.idx : tok.idx + len(tok.text)],
                           _noun_planned(tok, vocab), noun=True)
    return None


def _dated_document(tok: Any, vocab: Any, days: list[tuple[int, int]]) -> Trigger | None:
    """A named document with its day ("the Collective Security Treaty of May 15, 1992", "the CSTO Charter of
    7 October 2002", "the decision of the Council dated ..."): a signing or adoption on that day, told by
    reference."""
    if lem(tok) not in vocab.DOCUMENT_NOUNS or not tok.text[:1].isupper() or tok.dep_ == "compound":
        return None
    for child in tok.children:
        if child.lower_ in ("of", "dated", "from") and any(
            s <= t.idx < e for s, e in days for t in child.subtree
        ):
            return Trigger(tok.idx, tok.idx + len(tok.text), "agreement", tok.text, False, noun=True)
    return None


def _concrete_operation(tok: Any, mods: set[str], realised: bool, vocab: Any) -> bool:
    """An operation carried out by agencies, not a mode of activity ("joint operations" in general) or a war
    ("the operation in Syria"): it has a kind, a name, or it was carried out."""
    if _named_near(tok) or realised:
        return True
    if tok.tag_ in ("NNS", "NNPS"):
        return False  # "participation in peacekeeping operations": operations in general
    if mods & vocab.OPERATION_KINDS:
        return True
    gov = _governor(tok)
    return gov is not None and lem(gov) in vocab.REALISATION_VERBS and tok.tag_ == "NN"


def _body(tok: Any) -> str | None:
    """The body that convenes: "meeting of the Council of Ministers", "the CSC session" (a proper name)."""
    for prep in _children(tok, "prep"):
        if prep.lower_ == "of":
            for obj in _children(prep, "pobj"):
                return " ".join(t.text for t in obj.subtree if not t.is_space)
    names = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    if names:
        return " ".join(t.text for t in names[0].subtree)
    return None


def _coordinated_bodies(tok: Any) -> list[str]:
    """The bodies of "meetings of A, B and C", when there are several. The parser often hangs a conjunct
    on the last noun of the one before ("Councils of Security Councils, Councils of Defense Ministers"), so
    the list is read off the phrase's commas and "and" once the parse says there is a coordination."""
    for prep in _children(tok, "prep"):
        if prep.lower_ != "of":
            continue
        for obj in _children(prep, "pobj"):
            span = list(obj.subtree)
            if not any(t.dep_ == "conj" for t in span):
                return []
            text = doc_text(tok.doc)[span[0].idx : span[-1].idx + len(span[-1].text)]
            parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", text) if p.strip()]
            return parts if len(parts) > 1 else []
    return []


def _chaired(tok: Any, vocab: Any) -> bool:
    gov = _direct_governor(tok)
    if gov is not None and lem(gov) in vocab.CHAIR_VERBS:
        return True
    return any(lem(c) in vocab.CHAIR_VERBS for c in tok.children if c.dep_ in ("acl", "relcl"))


def _verb_trigger(
    tok: Any, lemma: str, vocab: Any, persons: list[tuple[int, int]], places: list[tuple[int, int]]
) -> Trigger | None:
    etype, needs = vocab.EVENT_VERBS[lemma]
    if tok.dep_ == "amod":
        return None  # "the signed document": the document, told as done, not the act itself
    objects = _objects(tok)
    preps = {c.lower_: c for c in _children(tok, "prep")}
    for subj in _children(tok, "nsubj"):
        if subj.pos_ == "PROPN":
            # "X in the Izvestia newspaper on 11 October spoke about ...": a phrase hung on a name between the
            # subject and its verb belongs to the verb
            preps.update({c.lower_: c for c in _children(subj, "prep") if c.lower_ not in preps})
    by_call = lemma in vocab.SPEAK_WITH and any(
        lem(o) in vocab.CALL_MEANS for p in ("by", "over", "via") if p in preps for o in _children(preps[p], "pobj")
    )
    if by_call:
        etype = "meeting"  # "Putin and Lukashenko spoke by phone": a call
    elif lemma in vocab.SPEAK_WITH and "with" in preps:
        partners = [o for o in _children(preps["with"], "pobj")]
        if not any(lem(o) in vocab.PRESS_WORDS for o in partners):
            etype = "meeting"  # "spoke with X by phone": a conversation
            if needs == "with" and not any(_is_person(o, persons) for o in partners):
                return None  # "talked with the documents"
        else:
            etype = "speech"  # "talked with reporters"
    elif needs == "partner":
        if "with" not in preps and objects and not any(_is_person(o, persons) for o in objects):
            return None  # "met the requirements"
        if "with" not in preps and not objects and any(lem(c) in vocab.BODY_NOUNS for c in _children(tok, "nsubj")):
            etype = "session"  # "the Council met": a body convening
    elif needs == "with":
        # the phrase may hang on the verb or on its object ("discussed the situation with President X")
        withs = [c for c in [preps.get("with")] if c is not None] + [
            c for o in objects for c in _children(o, "prep") if c.lower_ == "with"
        ]
        partners = [o for w in withs for o in _children(w, "pobj")]
        partners += [c for o in partners for c in o.conjuncts]
        if not any(
            any(s <= o.idx < e for s, e in persons) or lem(o) in PERSON_NOUNS or o.lower_ in PRONOUN_PEOPLE
            for o in partners
        ):
            return None  # "discussed the draft", "discussed cooperation with Kazakhstan" (a state is no partner)
    elif needs == "views":
        if not any(lem(o) in vocab.EXCHANGED_VIEWS for o in objects):
            return None  # "exchanged information", "exchanged fire"
    elif needs == "person":
        if not any(
            (lem(o) not in vocab.EVENT_NOUNS and any(s <= t.idx < e for s, e in persons for t in o.subtree))
            or lem(o) in PERSON_NOUNS
            or o.lower_ in ("him", "her")
            for o in objects
        ):
            return None  # "received the Secretary General", not "received a letter", "hosted the Conference"
    elif needs == "object":
        if not objects:
            return None
    elif needs == "document":
        if not any(_is_document(o, vocab) for o in objects):
            return None
    elif needs.startswith("prep:"):
        # "the draft statements were reviewed, finalized and agreed": a document agreed in the passive (the subject
        # may be that of the first verb of a coordination)
        passive, v = _children(tok, "nsubjpass"), tok
        while not passive and v.dep_ in ("conj", "advcl") and v.tag_ == "VBN" and v.head.i != v.i:
            v = v.head  # "were reviewed, finalized and agreed": the subject is the first participle's
            passive = _children(v, "nsubjpass")
        # the phrase follows the verb ("agreed on a plan"); a fronted "On 27 November" dates the clause
        after = {p for p, c in preps.items() if c.i > tok.i}
        if not set(needs[5:].split(",")) & after and not (
            etype == "agreement"
            and any(_is_document(o, vocab) for o in passive + [c for p in passive for c in p.conjuncts])
        ):
            return None
    elif needs.startswith("place:"):
        wanted = [preps[p] for p in needs[6:].split(",") if p in preps]
        if not any(
            s <= t.idx < e for p in wanted for o in _children(p, "pobj") for t in _place_phrase(o) for s, e in places
        ):
            return None  # "arrived in Minsk", not "arrived at the investigators' headquarters"
        if etype == "meeting" and any(lem(c) in vocab.BODY_NOUNS for c in _children(tok, "nsubj")):
            etype = "session"  # "the Council gathered in Minsk": a body convening
    elif needs == "audience":
        audience = vocab.COLLECTIVE_NOUNS | vocab.PRESS_WORDS
        if not any(o.tag_ in ("NNS", "NNPS") or lem(o) in audience for o in objects) or any(
            lem(o) in vocab.NOT_AUDIENCE for o in objects
        ):
            return None
        if any(s <= o.idx < e for o in _children(tok, "dobj") for s, e in persons):
            return None  # "briefed Mr X on the areas, principles and goals": one person informed (the parse may
            # join what he was told to him)
        if _children(tok, "ccomp"):
            return None  # "He informed the Minister that ...": what was said, reported like "said"
    elif needs == "venue":
        if not any(
            p in vocab.VENUE_PREPOSITIONS
            or (p in ("in", "on") and any(_medium(o, vocab) for o in _children(preps[p], "pobj")))
            for p in preps
        ):
            return None
    elif needs == "occasion":
        speakers = _children(tok, "nsubj") + [p for a in _children(tok, "agent") for p in _children(a, "pobj")]
        if not any(_is_person(sp, persons) or sp.lower_ in ("he", "she") for sp in speakers):
            return None  # "the importance was noted during the meeting": the meeting's talk, nobody's speech
        if not any(
            lem(o) in vocab.EVENT_NOUNS and vocab.EVENT_NOUNS[lem(o)] in ("session", "meeting")
            for p in ("at", "during") if p in preps for o in _children(preps[p], "pobj")
        ):
            return None
    elif needs == "press":
        told = objects + [o for p in ("to",) if p in preps for o in _children(preps[p], "pobj")]
        outlets = lemma in vocab.TELLING_VERBS
        if not any(lem(o) in vocab.PRESS_WORDS or (outlets and _outlet(o, persons, places)) for o in told):
            return None  # "told reporters", "told Sputnik", "reported to TASS"; not "told Putin"
    elif needs == "agent":
        agents = [p for a in _children(tok, "agent") for p in _children(a, "pobj")]
        if not any(lem(p) in vocab.FOUNDING_AGENTS for p in agents):
            return None
    if etype == "other" and _infinitive(tok):
        return None  # "a statement to commemorate the anniversary": a purpose, not a ceremony held
    if needs == "person" and any(s <= c.idx < e for s, e in places for c in _children(tok, "nsubj")):
        return None  # "Armenia is hosting the leaders": a country hosting is the summit, not a meeting
    # "The document was signed by ...": a signing already told, with a definite, unnamed document
    definite = needs == "document" and any(
        lem(o) in vocab.DOCUMENT_NOUNS
        and (_demonstrative(o) or (not o.text[:1].isupper() and _definite(o, vocab)))
        for o in objects
    )
    # "exchanged views", "discussed ... with X": the talk of a meeting already told is that meeting; told first,
    # it is a conversation of its own
    definite = definite or needs in ("with", "views")
    return Trigger(tok.idx, tok.idx + len(tok.text), etype, tok.text, _verb_planned(tok, vocab), definite,
                   realised=True)


def _place_phrase(tok: Any) -> list[Any]:
    """The object of a locative preposition and the names in apposition to it or in its "of" phrase: "in the
    Armenian capital of Yerevan", "in the capital of Tajikistan, Dushanbe"."""
    out = [tok] + [c for c in tok.children if c.dep_ in ("appos", "compound")]
    for p in _children(tok, "prep"):
        if p.lower_ == "of":
            out += [o for o in _children(p, "pobj")] + [a for o in _children(p, "pobj") for a in _children(o, "appos")]
    return out


def _at_event(tok: Any, vocab: Any) -> bool:
    """ "a statement at the Valdai Club forum", "remarks during the summit": given at an event."""
    return any(
        p.lower_ in vocab.VENUE_PREPOSITIONS and any(lem(o) in vocab.EVENT_NOUNS for o in _children(p, "pobj"))
        for p in _children(tok, "prep")
    )


def _persons_own(tok: Any) -> bool:
    """ "Novikov's statement", "his remarks": what a person said."""
    return any(c.pos_ == "PROPN" or c.lower_ in ("his", "her") for c in _children(tok, "poss"))


def _outlet(tok: Any, persons: list[tuple[int, int]], places: list[tuple[int, int]]) -> bool:
    """A proper name that is neither a person nor a place, told something: a news outlet ("told Sputnik")."""
    return tok.pos_ == "PROPN" and not any(s <= tok.idx < e for s, e in [*persons, *places])


def _medium(tok: Any, vocab: Any) -> bool:
    """Where a speech is given: an event ("in an interview"), a named outlet or a medium ("in the Izvestia
    newspaper", "on Rossiya 24")."""
    lemma = lem(tok)
    return (
        tok.pos_ == "PROPN"
        or lemma in vocab.EVENT_NOUNS
        or lemma in vocab.MEDIA_NOUNS
        or any(c.pos_ == "PROPN" for c in _children(tok, "compound"))
    )


def _office_trigger(tok: Any, vocab: Any) -> Trigger | None:
    """ "took office", "took over", "assumed the duties", "started fulfilling the duties"."""
    objs = [lem(o) for o in _objects(tok)]
    objs += [lem(o) for x in _children(tok, "xcomp") for o in _objects(x)]
    prt = {c.lower_ for c in _children(tok, "prt")}
    if not (set(objs) & vocab.OFFICE_OBJECTS or ("over" in prt and lem(tok) == "take")):
        return None
    end = max(c.idx + len(c.text) for c in [tok, *_children(tok, "prt", "xcomp")])
    return Trigger(tok.idx, end, "other", doc_text(tok.doc)[tok.idx : end], _verb_planned(tok, vocab), realised=True)


def _objects(tok: Any) -> list[Any]:
    """Direct objects and passive subjects (a relative pronoun stands for the noun its clause modifies)."""
    objs = _children(tok, "dobj", "nsubjpass")
    if not objs and tok.dep_ == "conj" and _children(tok, "auxpass") and not _children(tok, "nsubj"):
        # "The Agreement entered into force and was signed by ...": a passive conjunct shares the first verb's
        # subject
        objs = _children(tok.head, "nsubj", "nsubjpass")
    objs = [tok.head if o.lower_ in ("which", "that", "who") and tok.dep_ == "relcl" else o for o in objs]
    if not objs and tok.dep_ == "acl" and tok.tag_ in ("VBN", "VBD"):
        # "the agreement signed in Moscow"; "the Statement of the Ministers of ... adopted on 15 September":
        # the participle may hang on the last noun of the phrase, so the phrase's nouns all count
        t = tok.head
        objs = [t]
        while t.dep_ in ("pobj", "prep", "conj", "compound") and t.head.i != t.i:
            t = t.head
            if t.pos_ in ("NOUN", "PROPN"):
                objs.append(t)
        # a participle the parser hung elsewhere still describes the last document named before it
        docs = [d for d in tok.doc[max(0, tok.i - 40) : tok.i] if d.pos_ in ("NOUN", "PROPN")]
        objs += docs[-1:] if docs and docs[-1].i not in {o.i for o in objs} else []
        objs += [d for d in reversed(docs) if lem(d) in _document_heads()][:1]
    return objs + [c for o in objs for c in o.conjuncts]


def _document_heads() -> frozenset[str]:
    return vocabulary("en").DOCUMENT_NOUNS


def _is_document(tok: Any, vocab: Any) -> bool:
    if lem(tok) in vocab.DOCUMENT_NOUNS or tok.lower_ in vocab.DOCUMENT_NOUNS:
        return True
    # "a package of documents", "the draft of the Agreement", "the Minsk Declaration" read as a compound
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            if any(lem(p) in vocab.DOCUMENT_NOUNS for p in _children(c, "pobj")):
                return True
    return False


def _is_person(tok: Any, persons: list[tuple[int, int]]) -> bool:
    if tok.pos_ == "PROPN" or lem(tok) in PERSON_NOUNS or tok.lower_ in PRONOUN_PEOPLE:
        return True
    return any(s <= tok.idx < e for s, e in persons)


def _negated(tok: Any) -> bool:
    """ "was not held", "did not sign", "refused to host": the event did not happen. (Not attending it does not
    undo it: "did not participate in the summit, which was held ...".)"""
    vocab = vocabulary("en")
    verb = tok if tok.pos_ in ("VERB", "AUX") else _direct_governor(tok)
    if verb is None:
        return False
    if tok.pos_ not in ("VERB", "AUX") and not _of_happening(verb, vocab):
        return False  # "did not attend the summit", "did not take part in it": the summit was held
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return _infinitive(verb) and lem(verb.head) in vocab.NEGATIVE_HEADS  # "refused to host them"


def _of_happening(verb: Any, vocab: Any) -> bool:
    """Does the verb tell that something happened ("was held", "took place"; not "took part")?"""
    lemma = lem(verb)
    if lemma not in vocab.HAPPENING_VERBS:
        return False
    obj = vocab.HAPPENING_VERBS[lemma]
    return not obj or any(lem(c) == obj for c in _children(verb, "dobj"))


CONTENT_PREPS = frozenset({"on", "about", "for", "regarding", "concerning", "providing", "to"})


def _content_of_document(tok: Any, etype: str, vocab: Any) -> bool:
    """A trigger inside what a document is about ("a memorandum on joint exercises", "the plan providing for
    the operation", "the Plan of joint training") is its content, not another happening. (A gathering "of"
    a document is where it came from: "the Declaration of the Moscow Summit".)"""
    preps = CONTENT_PREPS | ({"of"} if etype in ("operation", "exercise") else set())
    if etype in ("operation", "exercise") and _topic_of_talks(tok, vocab):
        return True
    t = tok
    via_content = False
    for _ in range(8):
        h = t.head
        if h.i == t.i:
            return False
        # "the agreements enshrined in ...", "the treaty signed in Moscow": the act itself; but "the decisions
        # approving the Strategy" tell what the decisions say
        own_clause = t.i == tok.i and tok.pos_ == "VERB" and tok.tag_ != "VBG"
        if (t.dep_ in ("acl", "relcl") and not own_clause) or (t.dep_ == "prep" and t.lower_ in preps):
            via_content = True
            before = tok.doc[t.i - 1] if t.i > 0 and t.dep_ == "prep" else None
            if before is not None and before.pos_ in ("NOUN", "PROPN") and lem(before) in vocab.DOCUMENT_NOUNS:
                return True  # "discussed the Plan for joint training": the parse may hang "for" on the verb
        if via_content and h.pos_ in ("NOUN", "PROPN") and lem(h) in vocab.DOCUMENT_NOUNS:
            return True
        t = h
    return False


def _topic_of_talks(tok: Any, vocab: Any) -> bool:
    """ "staff talks on the exercise", "consultations about the operation": what a gathering talks about is
    its topic, not a happening of its own (the sidelines of a summit are no topic: that summit hosts)."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in ("on", "about", "regarding", "concerning"):
        return False
    talk = prep.head
    nominal = talk.pos_ == "NOUN" or talk.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj")  # "talks" tagged a verb
    lemma = next((x for x in (lem(talk), talk.lower_) if x in vocab.EVENT_NOUNS), None)
    return nominal and lemma is not None and event_type(vocab.EVENT_NOUNS[lemma]).gathering


def _being_prepared(tok: Any, vocab: Any) -> bool:
    """What is prepared for has not taken place and may never: "staff talks on preparing trainings", "the
    preparation of a joint operation", "readiness for joint operations". (What is planned is an event,
    planned: "the exercise is planned for October".)"""
    t = tok
    for _ in range(3):
        h = t.head
        if h.i == t.i:
            return False
        lemma = lem(h)
        if h.pos_ in ("NOUN", "PROPN") and lemma in vocab.PREPARING and t.dep_ in ("pobj", "prep", "compound"):
            return True
        if h.pos_ == "VERB" and lemma in vocab.PREPARING_VERBS and t.dep_ in ("dobj", "pobj", "prep"):
            return True
        if t.dep_ not in ("pobj", "prep", "compound", "conj"):
            return False
        t = h
    return False


def _attach_hosts(doc: Any, triggers: list[Trigger]) -> None:
    """A speech, a signing or a ceremony at a gathering of the same sentence takes place at it ("spoke at
    the plenary session", "signed on the sidelines of the summit")."""
    gatherings = {t.start: t for t in triggers if t.type in ("session", "meeting", "visit")}
    if not gatherings:
        return
    vocab = vocabulary("en")
    for trig in triggers:
        tok = token_at(doc, trig.start)
        if trig.type in ("session", "visit") or tok is None:
            continue
        anchors = [tok] + ([tok.head] if tok.head.pos_ in ("VERB", "AUX") else [])
        for anchor in anchors:
            for prep in _children(anchor, "prep"):
                if prep.lower_ not in vocab.HOST_PREPOSITIONS:
                    continue
                for node in prep.subtree:
                    if node.idx in gatherings and node.idx != trig.start:
                        trig.host = node.idx
                        break
                if trig.host is not None:
                    break
            if trig.host is not None:
                break


# ------------------------------------------------------------------------------------ held or planned
def _noun_planned(tok: Any, vocab: Any) -> bool:
    if tok.dep_ == "conj" and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i != tok.i:
        if _noun_planned(tok.head, vocab):
            return True  # "the forthcoming meeting of the Ministers in July and a meeting of the Council in autumn"
    text = doc_text(tok.doc)
    if re.search(vocab.AHEAD + r"\s*$", text[: tok.left_edge.idx], re.IGNORECASE):
        return True  # "ahead of the summit", "in preparation for the session"
    mods = _modifiers(tok)
    direct = _direct_governor(tok)
    argument = direct is not None and _is_argument(tok)
    if argument and lem(direct) in vocab.SCHEDULING_VERBS:
        return True  # "the meeting is scheduled for", "plan a joint exercise" (not "announced ... at the session")
    if argument and lem(direct) in vocab.SUBJECT_PLANNING and _children(direct, "xcomp"):
        return True  # "The meeting is set to summarize ...", "the exercise is expected to involve ..."
    # Only the verb the noun is an argument of speaks for it: in "ways to enhance the effectiveness of the
    # PROXI operation" the infinitive is about the effectiveness, not the operation.
    if direct is not None and _verb_planned(_finite_for_occasion(tok, direct), vocab):
        return True
    finite = _finite_ancestor(tok) if direct is None else None
    if finite is not None and _verb_planned(finite, vocab):
        return True  # "During the session current trends will be analyzed"
    if any(
        (lem(c), p.lower_) in vocab.FUTURE_PHRASES
        for c in tok.children
        if c.dep_ in ("acl", "relcl")
        for p in _children(c, "prt")
    ):
        return True  # "the summit coming up on June 14"
    if mods & vocab.FUTURE_ADJECTIVES:
        # "The next meeting ... was held": a verb that reports it as done outweighs the adjective; so does a past
        # clause told after its end ("stated after the end of the next session": a translation's "next" for a
        # regular sitting)
        return not (
            (direct is not None and lem(direct) in vocab.REALISATION_VERBS
             and direct.tag_ in ("VBD", "VBN") and not _verb_planned(direct, vocab))
            or _told_after_its_end(tok, vocab)
        )
    return False


def _told_after_its_end(tok: Any, vocab: Any) -> bool:
    """Is the noun what a past clause happened after ("stated after the end of the session", "told reporters
    following the meeting")?"""
    prep = tok.head if tok.dep_ == "pobj" else None
    if prep is not None and prep.lower_ == "of" and lem(prep.head) in vocab.COMPLETION_NOUNS:
        end = prep.head
        prep = end.head if end.dep_ == "pobj" else None
    if prep is None or prep.lower_ not in vocab.AFTER_PREPOSITIONS:
        return False
    finite = _finite_ancestor(prep)
    return finite is not None and finite.tag_ == "VBD" and not _verb_planned(finite, vocab)


def _finite_ancestor(tok: Any) -> Any | None:
    """The nearest verb above a noun that is not an infinitive: the clause the noun is told in."""
    for anc in tok.ancestors:
        if anc.pos_ in ("VERB", "AUX") and not any(c.lower_ == "to" for c in _children(anc, "aux")):
            return anc
    return None


def _finite_for_occasion(tok: Any, verb: Any) -> Any:
    """ "discussed measures to neutralize threats at their meeting", "worked out measures to help end the
    clashes during a meeting": a gathering in an "at"/"during" phrase is the occasion of the clause, even when
    the parse hangs it on a purpose infinitive."""
    if tok.dep_ == "pobj" and tok.head.lower_ in ("at", "during") and _infinitive(verb):
        for anc in verb.ancestors:
            if anc.pos_ in ("VERB", "AUX") and not _infinitive(anc):
                return anc
    return verb


def _infinitive(verb: Any) -> bool:
    """ "to neutralize", and the bare infinitive of "help end" (an xcomp in the base form)."""
    return verb.tag_ == "VB" and (any(c.lower_ == "to" for c in _children(verb, "aux")) or verb.dep_ == "xcomp")


def _verb_planned(v: Any, vocab: Any, depth: int = 0) -> bool:
    """Is the event this verb reports still to come, by its auxiliaries, modals and what it depends on?"""
    if depth > 6:
        return False
    auxes = {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}
    if auxes & vocab.FUTURE_AUX or auxes & vocab.MODAL_AUX:
        return True
    head = v.head
    if "to" in auxes:  # an infinitive
        if head.i == v.i:
            return True  # a headline: "Minister to attend Council meeting"
        if lem(head) == "be" or lem(head) in vocab.PLANNING_HEADS:
            return True  # "are to take part", "agreed to meet", "plans to hold"
        if head.pos_ in ("NOUN", "PROPN", "ADJ"):
            return True  # "the opportunity to meet", "ready to sign"
        return _verb_planned(head, vocab, depth + 1)  # "arrived in Minsk to take part": as the arrival
    if v.dep_ == "conj" and head.pos_ in ("VERB", "AUX") and not auxes:
        if v.tag_ in ("VB", "VBP") and head.tag_ in ("VBD", "VBN") and lem(head) in vocab.PLANNING_HEADS:
            # "are expected to discuss ..., identify ... and sign": a base (or present) form joins no participle
            # of planning; the parse hung a conjunct of the infinitive on the verb that governs it
            return True
        return _verb_planned(head, vocab, depth + 1)  # "will meet and discuss"
    if v.tag_ == "VBG" and v.dep_ in ("pcomp", "xcomp"):
        target = head.head if head.dep_ == "prep" else head
        if lem(target) in vocab.PLANNING_HEADS:
            return True  # "plans for holding", "considering hosting"
        if target.pos_ in ("VERB", "AUX") and target.i != v.i:
            return _verb_planned(target, vocab, depth + 1)
    if v.dep_ == "xcomp" and head.pos_ in ("VERB", "AUX") and head.i != v.i:
        if lem(head) in vocab.PLANNING_HEADS:
            return True  # "expected to attend" read as an xcomp without "to" parsed as aux
        return _verb_planned(head, vocab, depth + 1)
    return False


# ---------------------------------------------------------------------------------------- Russian
RU_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
RU_CLAUSE_BREAK = re.compile(r"[,;:()–—]|\s-\s")


def russian_triggers(text: str) -> list[Trigger]:
    """The triggers of one Russian sentence, by lemma; planned when the clause has a future verb or a word of
    planning."""
    vocab = vocabulary("ru")
    words = [(m.start(), m.end(), m.group(0), ru_word(m.group(0).lower())) for m in RU_WORD.finditer(text)]
    out: list[Trigger] = []
    for i, (s, e, surface, w) in enumerate(words):
        etype = None
        if w.lemma in vocab.EVENT_NOUNS and w.pos == "NOUN":
            etype = vocab.EVENT_NOUNS[w.lemma]
            if w.lemma in vocab.NEEDS_PLURAL and not (w.plural or surface.lower().endswith("я")):
                etype = None
            prev = words[i - 1][3].lemma if i else ""
            if w.lemma in vocab.NEEDS_MODIFIER and prev not in vocab.NEEDS_MODIFIER[w.lemma]:
                etype = None
        elif w.lemma in vocab.EVENT_VERBS and w.pos in ("VERB", "INFN", "PRTS", "PRTF"):
            etype, needs = vocab.EVENT_VERBS[w.lemma]
            lo, hi = _ru_clause(text, s, e)
            if needs == "document" and not any(
                x[3].lemma in vocab.DOCUMENT_NOUNS for x in words if lo <= x[0] < hi
            ):
                etype = None
        if etype is None or re.search(vocab.ANNIVERSARY + r"$", text[max(0, s - 30) : s], re.IGNORECASE):
            continue
        lo, hi = _ru_clause(text, s, e)
        between = [x[3] for x in words if e <= x[0] < hi]
        if w.pos == "NOUN" and not any(x.pos in _RU_VERBS for x in between) and (rel := _RU_RELATIVE.match(text, hi)):
            # "в заседании Совета, которое состоится ...": the relative clause of the noun (the last phrase before
            # the comma) tells its time
            hi = _ru_clause(text, rel.end(), rel.end())[1]
        clause = [x[3] for x in words if lo <= x[0] < hi]
        # "накануне заседания": ahead of the gathering a noun names ("Накануне X посетил ..." is the day before)
        ahead = w.pos == "NOUN" and bool(
            re.search(vocab.AHEAD + r"\s+(?:[а-яё][\w-]*\s+){0,2}$", text[max(0, s - 60) : s], re.IGNORECASE)
        )
        planned = any(x.tense == "futr" or x.lemma in vocab.PLANNING for x in clause) or ahead or (w.pos == "INFN")
        # "в ходе встречи", "по итогам заседания": the gathering already told (Russian marks no definiteness)
        definite = w.pos == "NOUN" and bool(re.search(vocab.DURING + r"\s+$", text[max(0, s - 30) : s], re.I))
        out.append(Trigger(s, e, etype, surface, planned, definite, noun=w.pos == "NOUN"))
    return out


_RU_VERBS = frozenset({"VERB", "INFN", "PRTS", "GRND"})
_RU_RELATIVE = re.compile(r"\s*,\s*(?:котор\w+|где)\b", re.IGNORECASE)


def _ru_clause(text: str, start: int, end: int) -> tuple[int, int]:
    left = max([m.end() for m in RU_CLAUSE_BREAK.finditer(text, 0, start)] or [0])
    nxt = RU_CLAUSE_BREAK.search(text, end)
    return left, nxt.start() if nxt else len(text)
