"""The 'events' component: typed event frames over the article's title and sentences (see docs/events.md).

No library reads "who met whom, where, when" from this kind of prose, so the component works in stages,
each a function that can be tested on its own:

1. ``read_sentences``: the title and the body's sentences, each with the person, place and date mentions
   the earlier components found in it, and its long quotations;
2. ``parse_sentences``: the dependency parse (English) of the sentences that may report an event — only
   those, since a parse costs as much as NER; Russian sentences are read on morphology instead;
3. ``sentence_triggers``: the words that report an event, typed by the one table of event types and its
   per-language vocabulary, held or planned by grammar (``communique.extract.triggers``);
4. ``build_frames``: one Event per trigger, with its date (the nearest day date that is the event's own,
   else the article's news day), place (after a locative word), participants (the sentence's people), name
   (by the type's naming rule) and status; a definite reference ("The meeting was held in ...") fills the
   frame it refers back to, and a sub-event ("spoke at the session") takes the date of its host;
5. ``merge_occurrences``: one Event per real occurrence (the title's and the body's report of one summit,
   its session and its plenary on one day);
6. fallbacks: a transcript's speaker for an address nobody is named for, and for a page that reports no
   held event but "X said ...", a statement: a speech by X.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from communique.document import Article, DateMention, Event, Mention
from communique.extract import gazetteer as gz
from communique.extract.dates import article_lang, resolve_dates
from communique.extract.event_types import event_type, name_near, same_occurrence, series_names, synonyms
from communique.extract.lang import en, en_events
from communique.extract.syntax import doc_of, lem, parse, syntax_model, token_at
from communique.extract.triggers import (
    Trigger,
    english_triggers,
    may_report_event,
    russian_triggers,
    trigger_forms,
)
from communique.pipeline import component

# Verbs that report a statement; used only when an article reports no other event (a statement page).
SAID = re.compile(r"\b(?:said|says|stated|declared|stressed|emphasized|emphasised|noted|told)\b")
# "Earlier, ..." recaps news already reported; it is background, not this article's event.
BACKGROUND = re.compile(r"^\s*(?:Earlier|Previously|As\s+(?:was\s+)?reported\s+earlier)\b", re.IGNORECASE)
LOCATIVE = re.compile(
    r"(?:\b(?:in|at|to|near|outside|from)\s+(?:the\s+)?(?:(?:[\w'’-]+\s+){0,3}?(?:city|capital|town|village|region)\s+of\s+)?"
    r"(?:[\w'’-]+\s+){0,3}?(?:[\w'’-]+,\s+)?)$|\b(?:in|at)\s+(?:the\s+)?capital\s+of\s+[\w\s'’-]+,\s+$"
    r"|(?:\b(?:в|во|на|под)\s+(?:городе\s+|столице\s+)?)$",
    re.IGNORECASE,
)
# "in May 2018", "back in 1992": a month or a year that places the sentence in time
COARSE_PREP = re.compile(
    r"\b(?:in|on|since|from|at|during|back\s+in|late|early|mid|end\s+of|beginning\s+of)\s+(?:the\s+)?$"
    r"|(?:\bв\s+)$",
    re.IGNORECASE,
)
# A month or year that opens the sentence dates all it tells ("In June 2018, during the summit ..."); elsewhere it
# may be a topic's ("on the outcomes of the activity in 2020")
FRONTED_TIME = re.compile(
    r"^\W*(?:in|during|back\s+in|late|early|mid|(?:at\s+)?the\s+(?:end|beginning)\s+of|в)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# a period a document or plan covers, not when the event happened
PERIOD_PREP = re.compile(r"\b(?:for|until|till|to|through|by|up\s+to|до|на)\s+(?:the\s+)?$", re.IGNORECASE)
ANNIVERSARY = re.compile(r"\banniversary\s+of\s+(?:the\s+)?$", re.IGNORECASE)
AGO = re.compile(r"\bago\b|\bназад\b", re.IGNORECASE)


@dataclass
class _Sentence:
    text: str
    start: int  # offset in Article.text (or in the title)
    in_title: bool
    paragraph: int
    persons: list[tuple[int, str]] = field(default_factory=list)  # (offset in sentence, fullest name)
    places: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end in sentence, name)
    dates: list[DateMention] = field(default_factory=list)  # spans relative to the sentence's source text
    quoted: list[tuple[int, int]] = field(default_factory=list)  # long quotations, relative to the sentence
    person_ends: dict[int, int] = field(default_factory=dict)  # offset of a person mention -> its end
    doc: Any = None  # the spaCy parse, for English sentences that may report an event
    past: bool = False  # the sentence has a verb in the past (it reports, rather than announces)
    triggers: list[Trigger] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        out: list[str] = []
        for _, n in self.persons:
            if n not in out:
                out.append(n)
        return out


@dataclass
class _Frames:
    """Bookkeeping of the frames of one article while they are built and merged."""

    events: list[Event] = field(default_factory=list)
    explicit: set[int] = field(default_factory=set)  # ids of events whose date their sentence gives
    host: dict[int, Event] = field(default_factory=dict)  # id of a sub-event -> the gathering it was part of
    body: dict[int, str] = field(default_factory=dict)  # id of a session -> the body that convened
    replaced: dict[int, Event] = field(default_factory=dict)  # id of a merged-away event -> the one kept
    referred: set[int] = field(default_factory=set)  # ids of events a later sentence referred back to
    # id of an event its sentence dates by a month or a year only -> those mentions ("In June 2018, during the
    # summit"): no day outside them is its date
    period: dict[int, list[DateMention]] = field(default_factory=dict)

    def resolve(self, ev: Event) -> Event:
        seen = 0
        while id(ev) in self.replaced and seen < 50:
            ev = self.replaced[id(ev)]
            seen += 1
        return ev


# ------------------------------------------------------------------------------------ the component
class _TitleReader:
    """Runs the components before 'events' over the title alone, so the title's names and dates are known."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self._pipe: Any = None
        self._failed = False

    def __call__(self, article: Article) -> Article | None:
        if self._failed or not article.title:
            return None
        try:
            if self._pipe is None:
                from communique.pipeline import Pipeline

                names = list(self.config.get("pipeline") or [])
                before = names[: names.index("events")] if "events" in names else names
                self._pipe = Pipeline([n for n in before if n not in ("events", "figures")], self.config)
            mini = Article(page=article.page, title=None, published=article.published, body=[article.title])
            return self._pipe(mini)
        except Exception:  # noqa: BLE001 - the title is a bonus; a failing component must not cost the body
            self._failed = True
            return None


@component("events")
def make_events(config: dict[str, Any]) -> Any:
    reader = _TitleReader(config)
    # load the parsing model and the trigger forms now, as the 'nlp' component loads its model, not on the
    # first article
    syntax_model()
    trigger_forms("en")

    def events(article: Article) -> Article:
        article.events = extract_events(article, config, reader)
        return article

    return events


def extract_events(
    article: Article, config: dict[str, Any] | None = None, title_reader: Any = None
) -> list[Event]:
    """The event frames of one article (title and body), merged so one real occurrence is one Event."""
    lang = article_lang(article)
    sentences, people, full, key = read_sentences(article, lang, title_reader)
    parse_sentences(sentences, lang)
    for sent in sentences:
        sent.triggers = sentence_triggers(sent, lang)
    lead_date = news_day(sentences, article.published)
    frames = build_frames(sentences, article.published, lead_date)
    merged = merge_occurrences(frames)
    inherit_host_dates(merged, frames)
    return _fallbacks(article, merged, sentences, people, full, key, lead_date)


# --------------------------------------------------------------------------- stage 1: the sentences
def read_sentences(
    article: Article, lang: str, title_reader: Any = None
) -> tuple[list[_Sentence], list[Mention], dict[str, str], Any]:
    """The title (first, when there is one) and the body's sentences with the mentions in each.

    Returns the sentences, the person mentions, the fullest spelling per surname and the surname key."""
    text = article.text
    mentions = [m for m in article.mentions if m.from_teaser is None and not m.in_title]
    # spaCy's English model only helps with English names, and only stands in for entity components that did not
    # run: a name they read and turned down ("Armenia Azerbaijan", two states) is no participant
    if lang == "en" and "sentence_index" not in article.extra:
        if not any(m.kind == "person" for m in mentions):
            mentions = mentions + [m for m in _fallback_mentions(article) if m.kind == "person"]
        if not any(m.kind == "place" for m in mentions):
            mentions = mentions + [m for m in _fallback_mentions(article) if m.kind == "place"]
    people = [m for m in mentions if m.kind == "person"]
    places = [m for m in mentions if m.kind == "place"]
    # the fullest spelling of each person stands for every mention of them
    full: dict[str, str] = {}

    def key(name: str) -> str:
        toks = name.replace(".", ". ").split()
        return toks[-1].lower().strip(".") if toks else name.lower()

    for m in people:
        name = _name_of(m)
        if len(name) > len(full.get(key(name), "")):
            full[key(name)] = name

    dates = article.dates or resolve_dates(text, article.published, lang)
    para_starts = _paragraph_starts(article)
    quotes = _quote_regions(text)
    sentences: list[_Sentence] = []
    if article.title:
        sentences.append(_title_sentence(article, full, places, lang, title_reader))
    for s, e in _body_sentences(article):
        para = max(i for i, ps in enumerate(para_starts) if ps <= s) if para_starts else 0
        sent = _Sentence(text[s:e], s, False, para)
        sent.persons = [
            (m.start - s, full.get(key(_name_of(m)), _name_of(m))) for m in people if s <= m.start < e
        ]
        sent.person_ends = {m.start - s: m.end - s for m in people if s <= m.start < e}
        if not sent.persons:
            _resolve_pronoun(sent, [m for m in people if m.start < s], full, key)
        sent.places = [(m.start - s, m.end - s, _name_of(m)) for m in places if s <= m.start < e]
        sent.dates = [replace(d, start=d.start - s, end=d.end - s) for d in dates if s <= d.start < e]
        sent.quoted = [(max(qs, s) - s, min(qe, e) - s) for qs, qe in quotes if qs < e and s < qe]
        sentences.append(sent)
    return sentences, people, full, key


PERSONAL_PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")


def _resolve_pronoun(sent: _Sentence, before: list[Mention], full: dict[str, str], key: Any) -> None:
    """ "… Semerikov said. … he told the press": a sentence that names nobody but speaks of "he" or "she" is
    about the person named last before it (within the two sentences' reach of a paragraph or so)."""
    m = PERSONAL_PRONOUN.search(sent.text)
    if m is None or not before:
        return
    last = max(before, key=lambda x: x.start)
    if sent.start - last.end > 600:
        return
    sent.persons = [(m.start(), full.get(key(_name_of(last)), _name_of(last)))]
    sent.person_ends = {m.start(): m.end()}


NEWS_DAYS = 31  # a lead's date further back than this is history ("The Treaty was signed on May 15, 1992")


def news_day(sentences: list[_Sentence], published: dt.date | None) -> dt.date | None:
    """The day the article's news happened: the first full date of its lead up to publication (and not long
    before it), else the publication date."""
    for sent in sentences:
        if sent.in_title or sent.paragraph != 0:
            continue
        lead = _choose_date(sent, 0, past_of=published)
        if lead is not None and (published is None or (published - lead.value).days <= NEWS_DAYS):
            return lead.value
    return published


# ------------------------------------------------------------------------------- stage 2: the parse
def parse_sentences(sentences: list[_Sentence], lang: str) -> None:
    """Parse (English) the sentences that may report an event: a word with a trigger lemma among its
    possible lemmas. The others are never parsed."""
    if lang != "en":
        return
    forms = trigger_forms(lang)
    wanted = [s for s in sentences if may_report_event(s.text, forms)]
    for sent, doc in zip(wanted, parse([s.text for s in wanted]), strict=True):
        sent.doc = doc
        sent.past = _has_past_verb(doc)


def _has_past_verb(doc: Any) -> bool:
    """A verb in the past tense or a past participle that is not an adjective ("was held", "met")."""
    from spacy.attrs import DEP, TAG

    strings = doc.vocab.strings
    past = {strings.add("VBD"), strings.add("VBN")}
    amod = strings.add("amod")
    return any(tag in past and dep != amod for tag, dep in doc.to_array([TAG, DEP]).tolist())


# ---------------------------------------------------------------------------- stage 3: the triggers
def sentence_triggers(sent: _Sentence, lang: str) -> list[Trigger]:
    """The event triggers of one sentence that report this article's events: not inside a long quotation,
    not the anniversary of something, not a recap of earlier news."""
    text = sent.text
    if BACKGROUND.match(text) or (AGO.search(text) and not _day_dates(sent)):
        return []
    if lang == "en":
        if sent.doc is None:
            return []
        spans = [(off, sent.person_ends.get(off, off + 1)) for off, _ in sent.persons]
        days = [(d.start, d.end) for d in _day_dates(sent)]
        found = english_triggers(sent.doc, spans, [(s, e) for s, e, _ in sent.places], days)
    else:
        found = russian_triggers(text)
        sent.past = bool(re.search(r"(?:ся|сь|л[аио]?)\b", text))
    out = []
    for trig in found:
        if any(qs <= trig.start < qe for qs, qe in sent.quoted):
            continue  # talk about an event is not the report of one
        if ANNIVERSARY.search(text[max(0, trig.start - 30) : trig.start]):
            continue  # "the 25th anniversary of the signing" celebrates, it does not sign
        if trig.type == "other" and trig.realised and not trig.noun and not any(
            d.precision == "day" or re.search(r"\d{4}", d.text) for d in sent.dates
        ):
            continue  # a change in office is told with its date ("took office on 1 January", "in 2023")
        out.append(trig)
    return out


# ------------------------------------------------------------------------------ stage 4: the frames
def build_frames(sentences: list[_Sentence], published: dt.date | None, lead_date: dt.date | None) -> _Frames:
    """One Event per trigger, or the trigger fills the frame it refers back to."""
    frames = _Frames()
    pending: Event | None = None  # a gathering waiting for its participants in the next sentence
    listing: list[Event] = []  # the gatherings that took the previous sentence's names
    for sent in sentences:
        if listing and not sent.triggers and sent.names and _name_list(sent):
            # "... attended by A, B, Chairman of the Cabinet of Ministers. Kyrgyzstan C, D": a list broken by a
            # stray full stop, or set out one name a line, goes on naming the same gathering's participants
            for ev in listing:
                ev.participants.extend(p for p in sent.names if p not in ev.participants)
            continue
        new_here: list[Event] = []
        at: dict[int, Event] = {}  # trigger start -> the frame it opened or filled
        seen: dict[str, set[str]] = {}  # type -> the trigger words already read for it in this sentence
        # hosts first, so a sub-event finds the frame of the gathering it took place at
        hosts = {t.host for t in sent.triggers if t.host is not None}
        for trig in sorted(sent.triggers, key=lambda t: (t.start not in hosts, t.start)):
            word = trig.text.lower()
            told = trig.definite or not trig.noun or trig.within is not None
            if trig.type in seen and (told or word in seen[trig.type]):
                continue  # "held talks ... the talks", "met ... meeting": one happening told twice
            if any(word in words and synonyms(t, trig.type) for t, words in seen.items()):
                continue  # the same noun again under another name of the same kind of gathering
            if trig.type in ("meeting", "visit") and set(seen) & {"meeting", "visit"} and trig.host is None:
                continue  # "during his visit to Minsk, at a meeting with ..." is one happening
            seen.setdefault(trig.type, set()).add(word)
            ev, is_new = _frame(sent, trig, frames, published, lead_date, at)
            if ev is None:
                continue
            at[trig.start] = ev
            if is_new:
                new_here.extend(_split_bodies(ev, trig, frames) or _split_calls(ev, trig.text))
        if pending is not None and sent.names and (not new_here or not pending.participants):
            for p in sent.names:
                if p not in pending.participants:
                    pending.participants.append(p)
        pending = None
        listing = [ev for ev in at.values() if event_type(ev.type).gathering] if sent.names else []
        for ev in new_here:
            frames.events.append(ev)
            if event_type(ev.type).gathering and len(ev.participants) < 2 and not ev.in_title:
                pending = ev
    return frames


# Between the names of a list: titles (capitalised words, "of the"), commas, dashes, a colon; no verb.
_LIST_FILLER = re.compile(r"(?:[A-Z][\w’'.\-]*|of|the|and|for|on|in|at|[,;:()\-–—•.]|\s)*")


def _name_list(sent: _Sentence) -> bool:
    """Is the sentence only names with their titles ("Kyrgyzstan A, Chairman of the Russian Government B.")?"""
    text, cut = sent.text, []
    for off, _ in sent.persons:
        cut.append((off, sent.person_ends.get(off, off)))
    rest, at = [], 0
    for s, e in sorted(cut):
        rest.append(text[at:s])
        at = max(at, e)
    rest.append(text[at:])
    return _LIST_FILLER.fullmatch(" ".join(rest)) is not None


def _frame(
    sent: _Sentence,
    trig: Trigger,
    frames: _Frames,
    published: dt.date | None,
    lead_date: dt.date | None,
    at: dict[int, Event],
) -> tuple[Event | None, bool]:
    """The frame a trigger reports: (a new Event, True), or (the earlier Event it refers to, False)."""
    st = sent.text
    t_start, t_end = trig.start, trig.end
    spans = [(t.start, t.end) for t in sent.triggers]
    # "the CSTO Charter of 7 October 2002": the document told by its day is dated by it
    dm = _choose_date(sent, t_start, document=trig.type == "agreement" and trig.noun)
    names = series_names(st)
    coarse = [
        d
        for d in sent.dates
        if d.precision != "day"
        and not any(ns <= d.start < ne for ns, ne, _ in names)  # "Indestructible Brotherhood - 2018" is a name
        and (
            COARSE_PREP.search(st[max(0, d.start - 20) : d.start])
            or (
                sent.doc is not None
                and not PERIOD_PREP.search(st[max(0, d.start - 20) : d.start])
                and venue_of(sent.doc, d.start, t_start)
            )  # "met last June"; not "the plan for 2018", "the strategy to 2035"
        )
    ]
    if dm and coarse and (
        any(_gap(c, t_start, t_end) < _gap(dm, t_start, t_end) for c in coarse)
        or (not _owns(dm, t_start, t_end, spans) and any(_owns(c, t_start, t_end, spans) for c in coarse))
    ):
        # "In 2018 the operation was held ..., its Statute approved on 30 November 2017": the year dates the
        # operation, the day belongs to the approval
        dm = None
    date = dm.value if dm else None
    planned = trig.planned or (date is not None and published is not None and date > published)
    status = "planned" if planned else "held"
    host = at.get(trig.host) if trig.host is not None else None
    if trig.definite:
        if dm and any(
            min(abs(dm.start - t.end), abs(t.start - dm.end)) < min(abs(dm.start - t_end), abs(t_start - dm.end))
            for t in sent.triggers
            if t.start != t_start
        ):
            dm = None  # the date belongs to another event of the sentence
        # (a date another event of the sentence owns does not make the one referred to ahead: "during the meeting
        # the minister was invited to the session to be held on 28 May")
        own_status = status if dm or date is None else ("planned" if trig.planned else "held")
        earlier = [e for e in reversed(frames.events) if e.status == own_status]
        # the same type first ("the Foreign Ministerial meeting" is the session told before, not the meeting
        # with the President), then another name for it
        ref = next((e for e in earlier if e.type == trig.type), None) or next(
            (e for e in earlier if synonyms(e.type, trig.type)), None
        )
        if ref is None and status == "held" and dm is None and not sent.past and not trig.realised:
            # "The summit is likely to consider ...": no tense of its own, it refers to the one announced
            ref = next(
                (e for e in reversed(frames.events) if synonyms(e.type, trig.type) and e.status == "planned"), None
            )
        if ref is not None and dm and ref.date != dm.value:
            ref = None  # "the session ... held on September 16" is another session
        own_coarse = [c for c in coarse if _owns(c, t_start, t_end, spans)]
        if ref is not None and ref.date and any(not _within(ref.date, c) for c in own_coarse):
            ref = None  # "the summit in Yerevan in October 2016" is not this year's session
        if ref is not None:
            if dm and id(ref) not in frames.explicit:
                ref.date, ref.end_date = dm.value, dm.end_value
                frames.explicit.add(id(ref))
            frames.referred.add(id(ref))
            for p in sent.names:
                if p not in ref.participants:
                    ref.participants.append(p)
            if ref.place is None or ref.place.lower() in _countries():  # (a city may still say more than a state)
                here = _place(st, _unquoted(sent), t_start, t_end, sent.doc)
                if here and (ref.place is None or _city_over_state(here, ref.place)):
                    ref.place = here
            return ref, False
    if host is not None and dm is None and not coarse:
        # "spoke at the session": the speech is of the session's day; on one day of a gathering of several days
        # ("on the sidelines of the three-day congress") the day is not told
        date = host.date if not _several_days(host) else None
    elif date is None and not coarse and not planned:
        date = lead_date
    ev = Event(
        start=sent.start + t_start,
        end=sent.start + t_end,
        sentence=st.strip(),
        type=trig.type,
        status=status,
        date=date,
        end_date=dm.end_value if dm else None,
        place=_place(st, _unquoted(sent), t_start, t_end, sent.doc) or (host.place if host is not None else None),
        participants=sent.names,
        trigger=trig.text,
        in_title=sent.in_title,
        name=name_near(st, t_start, t_end, event_type(trig.type).naming),
    )
    if dm:
        frames.explicit.add(id(ev))
    elif own_period := [
        c
        for c in coarse
        if c.value is not None
        and _owns(c, t_start, t_end, spans)
        and (FRONTED_TIME.match(st[: c.start]) or (c.start >= t_end and re.fullmatch(r"\s+in\s+", st[t_end : c.start])))
    ]:
        frames.period[id(ev)] = own_period
    if host is not None:
        frames.host[id(ev)] = host
    if trig.body:
        frames.body[id(ev)] = trig.body
    return ev, True


def _several_days(ev: Event) -> bool:
    """A gathering of several days ("27-29 May"): which of them a sub-event fell on is not told."""
    return ev.end_date is not None and ev.date is not None and ev.end_date > ev.date


def inherit_host_dates(events: list[Event], frames: _Frames) -> None:
    """A sub-event without a date of its own takes the (final) date of the gathering it was part of."""
    for ev in events:
        host = frames.host.get(id(ev))
        if host is None or id(ev) in frames.explicit:
            continue
        host = frames.resolve(host)
        if host.date is not None and host.status == ev.status:
            ev.date, ev.end_date = (None, None) if _several_days(host) else (host.date, None)
        ev.place = ev.place or host.place


# ------------------------------------------------------------------------------- stage 5: merging
def merge_occurrences(frames: _Frames) -> list[Event]:
    """One real occurrence, one Event. A title frame joins the first body frame of a compatible type; body
    frames of the same type, status and date join (frames of a one-per-day type unless they name different
    bodies); signings join only when they name the same document."""
    explicit = frames.explicit
    body_types: dict[str, set[str]] = {"held": set(), "planned": set()}
    for e in frames.events:
        if not e.in_title:
            body_types.setdefault(e.status, set()).add(e.type)
    out: list[Event] = []
    for ev in frames.events:
        target = None
        # a title frame of the body frame's own type first, then the rest in order
        for prev in sorted(out, key=lambda p: not (p.in_title and p.type == ev.type)):
            if prev.status != ev.status or (prev.sentence == ev.sentence and prev.in_title == ev.in_title):
                continue  # two frames of one sentence are two happenings ("held a news conference, gave interviews")
            if prev.in_title and synonyms(prev.type, ev.type) and not (
                id(prev) in frames.referred and (ev.date != prev.date or ev.type != prev.type)
            ):
                if prev.type != ev.type and prev.type in body_types[prev.status]:
                    continue  # the body tells it under the title's own type further on
                # the title's frame joins the body's first report of it, unless the body already told it
                # ("The meeting ..." referring back) and this is another day's
                if id(prev) not in explicit or id(ev) not in explicit or prev.date == ev.date:
                    target = prev
                    break
                continue
            if prev.type != ev.type:
                continue
            if ev.type == "agreement":
                if prev.name and ev.name and prev.name.lower() == ev.name.lower():
                    target = prev
                    break
                continue
            if (
                event_type(ev.type).naming == "series"
                and _same_name(prev.name, ev.name)
                and (prev.date is None or ev.date is None or prev.date == ev.date)
            ):
                target = prev  # the same named operation told again, once with its dates
                break
            bare = id(ev) not in explicit and not (ev.participants or ev.place or ev.name)
            if bare and not ev.in_title:
                target = prev  # a frame with nothing but its type restates the one already found
                break
            if (
                prev.date == ev.date
                and (not prev.name or not ev.name or prev.name == ev.name)
                and (not prev.place or not ev.place or prev.place == ev.place)
                and not (same_occurrence(prev.type, ev.type) and _other_bodies(frames, prev, ev))
                and not (
                    ev.type in ("meeting", "speech", "visit")
                    and set(prev.participants).isdisjoint(ev.participants)
                    and prev.participants
                    and ev.participants
                )  # different people: different talks, speeches, visits
            ):
                target = prev
                break
        if target is None:
            out.append(ev)
            continue
        for dated, other in ((target, ev), (ev, target)):
            if dated.date and id(dated) not in explicit and any(
                not _within(dated.date, c) for c in frames.period.get(id(other), [])
            ):
                dated.date = None  # the page's day, given for want of a date, is not the month or year told
        if target.in_title and not ev.in_title:
            # the body sentence is the better provenance; the title's own date and place are its summary
            if id(target) in explicit:
                ev.date, ev.end_date = target.date, target.end_date or ev.end_date
                explicit.add(id(ev))
            if not (ev.place and target.place and _city_over_state(ev.place, target.place)):
                ev.place = target.place or ev.place  # (but the body's city over the headline's state)
            _merge(ev, target)
            out[out.index(target)] = ev
            frames.replaced[id(target)] = ev
            if id(target) in frames.host and id(ev) not in frames.host:
                frames.host[id(ev)] = frames.host[id(target)]
        else:
            if id(ev) in explicit and id(target) not in explicit:
                target.date, target.end_date = ev.date, ev.end_date
                explicit.add(id(target))
            _merge(target, ev)
            frames.replaced[id(ev)] = target
    return out


def _same_name(a: str | None, b: str | None) -> bool:
    """ "Channel-Center" and "Channel Center" are one name."""
    return bool(a and b) and re.sub(r"[\s\-–]+", " ", a.lower()) == re.sub(r"[\s\-–]+", " ", b.lower())


def _other_bodies(frames: _Frames, a: Event, b: Event) -> bool:
    """Do two sessions name different bodies ("the Council of Foreign Ministers", "the Council of Defence
    Ministers")? Unnamed ones ("the summit", "the plenary session") are of the same occurrence."""
    ba, bb = frames.body.get(id(a)), frames.body.get(id(b))
    if not ba or not bb:
        return False
    wa = {w.lower() for w in re.findall(r"\w+", ba)} - {"the", "of", "and"}
    wb = {w.lower() for w in re.findall(r"\w+", bb)} - {"the", "of", "and"}
    return not (wa <= wb or wb <= wa)


def _merge(into: Event, other: Event) -> None:
    into.date = into.date or other.date
    into.end_date = into.end_date or other.end_date
    into.place = into.place or other.place
    into.name = into.name or other.name
    for p in other.participants:
        if p not in into.participants:
            into.participants.append(p)


# ---------------------------------------------------------------------------- stage 6: fallbacks
def _fallbacks(
    article: Article,
    merged: list[Event],
    sentences: list[_Sentence],
    people: list[Mention],
    full: dict[str, str],
    key: Any,
    lead_date: dt.date | None,
) -> list[Event]:
    speaker = _speaker(article, people, full, key)
    for ev in merged:
        if ev.type == "speech" and not ev.participants and speaker:
            ev.participants.append(speaker)  # "Address at ...": the transcript's "Name: ..." says whose
    if not any(e.status == "held" for e in merged):
        speech = _statement_event(sentences, lead_date)
        if speech:
            merged.append(speech)
    return merged



# ------------------------------------------------------------------------------ sentence helpers
def _paragraph_starts(article: Article) -> list[int]:
    starts, pos = [], 0
    for p in article.body:
        starts.append(pos)
        pos += len(p) + 2
    return starts


def _split_at_breaks(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """The parts of a span between blank lines, each without the spaces around it."""
    out, pos = [], s
    for m in PARAGRAPH_BREAK.finditer(text, s, e):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, e))
    trimmed = [(a + len(text[a:b]) - len(text[a:b].lstrip()), b - len(text[a:b]) + len(text[a:b].rstrip()))
               for a, b in out]
    return [(a, b) for a, b in trimmed if a < b] or [(s, e)]


PARAGRAPH_BREAK = re.compile(r"[ \t]*\n[ \t]*\n\s*")


def _body_sentences(article: Article) -> list[tuple[int, int]]:
    """spaCy's sentences, with lines of a hard-wrapped paragraph joined back into one sentence."""
    doc = article.extra.get("doc")
    text = article.text
    if doc is not None and doc_of(text, doc):
        spans = [(s.start_char, s.end_char) for s in doc.sents if s.text.strip()]
    else:
        spans, pos = [], 0
        for m in re.finditer(r"(?<=[.!?])\s+(?=[A-ZА-ЯЁ\"“«])|\n+", text):
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, len(text)))
        spans = [(s, e) for s, e in spans if text[s:e].strip()]
    # a sentence never runs across a paragraph break (spaCy may carry a subheading into the next paragraph's
    # first sentence); the lines of a hard-wrapped paragraph are joined back below
    spans = [
        (a, b)
        for s, e in spans
        for a, b in _split_at_breaks(text, s, e)
    ]
    joined: list[tuple[int, int]] = []
    for s, e in spans:
        if joined:
            ps, pe = joined[-1]
            prev = text[ps:pe].rstrip()
            last_line = prev.rsplit("\n", 1)[-1]
            nxt = text[s:e].lstrip()
            wrapped = len(last_line) <= 90 or nxt[:1].islower()
            # a subheading ("Year's goals and tasks") is a paragraph of its own before a paragraph of prose: the
            # line after a hard wrap is as short as the wrapped one, the prose after a subheading runs on
            heading = (
                "\n\n" in text[pe:s]
                and (ps == 0 or text[max(0, ps - 2) : ps] == "\n\n")
                and "\n" not in prev
                and nxt[:1].isupper()
                and len(nxt.split("\n", 1)[0]) > 90
            )
            if prev and prev[-1] not in ".!?…:;\"”»)'’" and wrapped and not heading and e - ps < 700:
                joined[-1] = (ps, e)
                continue
        joined.append((s, e))
    return joined


def _quote_regions(text: str) -> list[tuple[int, int]]:
    """Long direct quotations: what someone said is talk, not the article's report of an event."""
    regions, open_at = [], None
    for i, ch in enumerate(text):
        if ch in "“«" and open_at is None:
            open_at = i
        elif ch in "”»" and open_at is not None:
            regions.append((open_at, i))
            open_at = None
        elif ch == '"':
            if open_at is None:
                open_at = i
            else:
                regions.append((open_at, i))
                open_at = None
        elif ch == "\n" and text[i : i + 2] == "\n\n" and open_at is not None:
            regions.append((open_at, i))
            open_at = None
    if open_at is not None:
        regions.append((open_at, len(text)))
    return [(s, e) for s, e in regions if e - s > 80]


def _name_of(m: Mention) -> str:
    return m.canonical or m.text


def _fallback_mentions(article: Article) -> list[Mention]:
    """spaCy's PERSON/GPE when the gazetteer components have not filled article.mentions."""
    doc = article.extra.get("doc")
    if doc is None:
        return []
    kinds = {"PERSON": "person", "GPE": "place", "LOC": "place"}
    return [
        Mention(start=e.start_char, end=e.end_char, sentence="", text=e.text, kind=kinds[e.label_])
        for e in doc.ents
        if e.label_ in kinds
    ]


def _city_over_state(city: str, state: str) -> bool:
    """Does ``city`` say more than ``state`` (a place that is no state against a state)?"""
    return state.lower() in _countries() and city.lower() not in _countries()


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    """State names from the gazetteer: a city or region in the sentence says more than a state does."""
    path = Path(__file__).with_name("gazetteer") / "places.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return frozenset()
    names: set[str] = set()
    for c in data.get("countries", []):
        names.update(n.lower() for n in [c.get("name"), c.get("long"), *c.get("aliases", [])] if n)
    return frozenset(names)


# "the situation in Afghanistan", "the war in Syria": a place the sentence talks about, not where it happened
NOT_VENUE = re.compile(
    r"\b(?:situation|war|conflict|crisis|instability|tension|unrest|presence|threats?|developments?|events"
    r"|border|borders|elections?|interests?)\s+(?:\w+\s+)?(?:in|on|around|with)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)


MACRO_REGION = re.compile(
    r"\b(?:Asia|Europe|Africa|America|Caucasus|Middle\s+East|Eurasia|region)\b", re.IGNORECASE
)


def _unquoted(sent: _Sentence) -> list[tuple[int, int, str]]:
    """The sentence's places outside its long quotations: a place named in what someone said is the subject of
    the talk ("'Afghanistan remains the main source of instability,' he told the press"), not where the event
    around the quotation took place."""
    return [p for p in sent.places if not any(qs <= p[0] < qe for qs, qe in sent.quoted)]


def _place(
    sentence: str, places: list[tuple[int, int, str]], trig_start: int = 0, trig_end: int = 0, doc: Any = None
) -> str | None:
    """Where the event took place: after a locative word, a city before a state, nearest the trigger; with
    a parse, only a place in the event's own phrase or clause (not "observers from Iran", "the bloodshed
    in Nagorno-Karabakh")."""
    ordered = sorted(places)
    candidates = []
    for i, (off, end, name) in enumerate(ordered):
        if doc is not None and _visited(doc, off, trig_start):
            candidates.append((-1, name))  # "visited Armenia": the place visited
            continue
        if doc is not None and _hosting(doc, off, trig_start):
            # "Minsk hosted the meeting", "the capital of Kyrgyzstan, Bishkek, hosted ...": the host city is the
            # venue (a host state says less than the city the event was in: "India hosted ... in New Delhi")
            if name.lower() not in _countries():
                candidates.append((0, name))
            continue
        if doc is not None and not venue_of(doc, off, trig_start):
            continue
        if _after_date(sentence, off):
            candidates.append((abs(off - trig_end), name))  # "(17 November 2021, Moscow)": when, then where
            continue
        if re.match(r"[’']s\b", sentence[end : end + 3]) or _SETTLEMENT_OF.match(sentence, end):
            continue  # "Kazakhstan's capital of Astana", "the Urals city of Yekaterinburg": it only qualifies the
            # place that follows
        nxt = ordered[i + 1] if i + 1 < len(ordered) else None
        if nxt and re.fullmatch(r",\s*", sentence[end : nxt[0]]) and not (
            name.lower() not in _countries() and nxt[2].lower() in _countries()
        ):
            continue  # "the capital of Tajikistan, Dushanbe": the apposition names the place ("Dushanbe,
            # Tajikistan" names the city, then its state)
        before = sentence[max(0, off - 60) : off]
        if not LOCATIVE.search(before) or NOT_VENUE.search(before):
            continue
        if _CAPITAL_OF.search(before) and (capital := gz.capital_of(name)):
            name = capital  # "in the capital of Kyrgyzstan": the capital, which the text does not name
        distance = trig_start - end if end <= trig_start else max(0, off - trig_end)
        # a state counts as somewhat farther than a city; a continent or macro-region farther still
        penalty = 80 if name.lower() in _countries() else 0
        if MACRO_REGION.search(name):
            penalty = 200
        candidates.append((distance + penalty, name))
    return min(candidates)[1] if candidates else None


_CAPITAL_OF = re.compile(r"\bcapital\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_SETTLEMENT_OF = re.compile(rf"\s+(?:{'|'.join(sorted(en.SETTLEMENT_NOUNS))})\s+of\s+[A-ZА-ЯЁ]")
DATE_THEN_PLACE = re.compile(
    r"(?:\d{1,2}\s+[A-Za-zА-Яа-яё]+|[A-Za-z]+\s+\d{1,2}),?\s+(?:19|20)\d\d(?:\s*(?:года|г\.))?,\s*$"
)


def _after_date(sentence: str, off: int) -> bool:
    """A place right after a full date and a comma is where the dated thing happened (a dateline's shape)."""
    return bool(DATE_THEN_PLACE.search(sentence[max(0, off - 40) : off]))


def _visited(doc: Any, place_start: int, trig_start: int) -> bool:
    """Is the place the object of the visit verb that triggered ("visited Armenia")?"""
    place, trig = token_at(doc, place_start), token_at(doc, trig_start)
    while place is not None and place.dep_ == "compound":
        place = place.head
    return place is not None and trig is not None and place.dep_ == "dobj" and place.head.i == trig.i


def _hosting(doc: Any, place_start: int, trig_start: int) -> bool:
    """Is the place the subject of "host" whose object the trigger is ("Dushanbe hosted the summit")?"""
    place, trig = token_at(doc, place_start), token_at(doc, trig_start)
    if place is None or trig is None:
        return False
    for _ in range(4):  # up to the subject: "Republic of [Belarus]", "the capital of X, [Bishkek]"
        if place.dep_ in ("compound", "appos"):
            place = place.head
        elif place.dep_ == "pobj" and place.head.lower_ == "of" and place.head.head.dep_ == "nsubj":
            place = place.head.head
        else:
            break
    verb = place.head
    if place.dep_ != "nsubj" or lem(verb) != "host":
        return False
    return any(a.i == verb.i for a in trig.ancestors) and trig.i > verb.i


def venue_of(doc: Any, place_start: int, trig_start: int, when: bool = False) -> bool:
    """Is the place at ``place_start`` attached to the event whose trigger starts at ``trig_start``: in the
    trigger's own phrase, or in the clause of the verb that governs it, not inside another participant's
    phrase ("observers from Iran") or another verb's object ("to stop the bloodshed in Nagorno-Karabakh")?"""
    place, trig = token_at(doc, place_start), token_at(doc, trig_start)
    if place is None or trig is None:
        return True
    own = {trig.i}
    t = trig
    while t.head.i != t.i and t.pos_ not in ("VERB", "AUX"):
        t = t.head
        own.add(t.i)  # the trigger's chain up to its verb ("the meeting was held": meeting, held)
    purpose = t.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
    t = place
    for _ in range(12):
        if t.i in own:
            return True
        h = t.head
        if h.i == t.i:
            return False
        if _topic_of_noun(t):
            return False  # "adopted a statement on the state of affairs in Afghanistan": what it is about
        if t.dep_ in ("nsubj", "nsubjpass") and h.i not in own:
            return False
        if h.pos_ in ("VERB", "AUX") and h.i not in own:
            if any(a.i == trig.i for a in h.ancestors) and not any(
                x.dep_ == "ccomp" for x in [h, *h.ancestors] if any(a.i == trig.i for a in x.ancestors)
            ):
                if t.dep_ in ("dobj", "dative") and not when and h.lower_ not in en_events.PARTICIPLE_PREPOSITIONS:
                    return False  # what the clause acts on ("a conference which addressed problems in Central
                    # Asia", "the Programme to strengthen the Tajik-Afghan border") is no venue
                t = h  # a clause of the trigger's own ("the session held on 16 September in Dushanbe"), not
                continue  # what was said in it ("said that the chairmanship will pass on 1 January")
            # another verb: fine when the trigger hangs on it too ("arrived in Minsk to take part in the session"),
            # but the day of "began deploying on 25 August to take part in the drills" is the deployment's, and
            # the day of saying is not what was said ("the drills will be held later, X said on Monday")
            return any(a.i == h.i for a in trig.ancestors) and not (when and (purpose or _said_in(trig, h)))
        t = h
    return False


def _said_in(trig: Any, verb: Any) -> bool:
    """Does the trigger stand in a clause about what is to come that ``verb`` reports ("the drills will be held
    later, X said on Monday", "announced on Friday that the drill is scheduled for December 4")? A happening
    reported as under way or done may be of the day it was told ("is arriving today, on May 27, she said")."""
    t = trig
    while t.i != verb.i and t.head.i != t.i:
        if t.dep_ == "ccomp":
            return any(c.dep_ == "aux" and c.lower_ in en_events.REPORTED_FUTURE_AUX for c in t.children) or (
                lem(t) in en_events.SCHEDULED_VERBS
            )
        t = t.head
    return False


# Prepositions that tell what a noun is about ("a statement on ...", "talks over ...", "a report about ...").
TOPIC_PREPS = frozenset({"on", "about", "over", "regarding", "concerning"})
_TIME_WORD = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", re.IGNORECASE
)


def _topic_of_noun(t: Any) -> bool:
    """Is ``t`` the object of a preposition that tells what a common noun is about (not a day: "the session on
    5 May")?"""
    prep = t.head
    return (
        t.dep_ == "pobj"
        and t.pos_ == "NOUN"
        and t.text.islower()
        and prep.dep_ == "prep"
        and prep.lower_ in TOPIC_PREPS
        and prep.head.pos_ == "NOUN"
        and prep.head.text.islower()  # "the Council on Emergency Situations" is a name, not a topic and a venue
        and not _TIME_WORD.search(" ".join(w.text for w in t.subtree))
    )


def _within(day: dt.date, coarse: DateMention) -> bool:
    """Does a month or year mention cover the day?"""
    if coarse.value is None:
        return True
    if coarse.precision == "month":
        return (day.year, day.month) == (coarse.value.year, coarse.value.month)
    last = coarse.end_value or dt.date(coarse.value.year, 12, 31)
    return coarse.value <= day <= last


def _day_dates(s: _Sentence) -> list[DateMention]:
    return [d for d in s.dates if d.precision == "day" and d.value is not None]


# "the Agreement of 6 October 2007", "the decision of the Council of June 23, 2000": the date names an
# earlier document, it does not date what the sentence reports about it (ratified, amended, based on)
DOCUMENT_DATE = re.compile(
    r"\b(?:treaty|agreement|protocol|memorandum|declaration|decision|resolution|charter|convention|statement"
    r"|plan|programme|program|concept|law|decree|order|regulations?)\b(?:\s+[\w’'()-]+){0,8}?"
    r"\s+(?:of|dated)\s+$",
    re.IGNORECASE,
)
# "MOSCOW, December 24, 2015, Asia-Plus —": the dateline dates the report, not what it reports
DATELINE = re.compile(r"^\s*[A-ZА-ЯЁ][A-ZА-ЯЁ .’'-]{2,},\s*$")


def _gap(d: DateMention, lo: int, hi: int) -> int:
    """Characters between a date mention and the span lo..hi of a trigger."""
    return lo - d.end if d.end <= lo else max(0, d.start - hi)


def _owns(d: DateMention, lo: int, hi: int, triggers: list[tuple[int, int]]) -> bool:
    """No other trigger of the sentence is nearer to the date than lo..hi."""
    return all(_gap(d, lo, hi) <= _gap(d, a, b) for a, b in triggers)


def _choose_date(
    s: _Sentence, pos: int, past_of: dt.date | None = None, document: bool = False
) -> DateMention | None:
    """The day-precision date nearest ``pos``, leaving out a document's own date (unless the event is that
    document's: ``document``) and, when the sentence gives another one, its dateline. With ``past_of``, only
    dates up to that day, the first one."""
    days = [
        d
        for d in _day_dates(s)
        if document or not DOCUMENT_DATE.search(s.text[max(0, d.start - 100) : d.start])
    ]
    told = [d for d in days if not DATELINE.match(s.text[: d.start])]
    days = told or days
    if past_of is not None:
        days = [d for d in days if d.value <= past_of]
        return days[0] if days else None
    if s.doc is not None:
        # with a parse, only a date in the event's own phrase or clause: in "The chairmanship will pass to
        # Kazakhstan on 1 January, said Tokayev during the session" the day is the handover's
        days = [d for d in days if venue_of(s.doc, d.start, pos, when=True)]
    if not days:
        return None
    return min(days, key=lambda d: min(abs(d.start - pos), abs(d.end - pos)))


def _title_sentence(
    article: Article, full: dict[str, str], body_places: list[Mention], lang: str, reader: Any
) -> _Sentence:
    title = article.title or ""
    sent = _Sentence(title, 0, True, -1)
    sent.dates = resolve_dates(title, article.published, lang, headline=True)
    title_mentions: list[Mention] | None = [m for m in article.mentions if m.in_title and m.from_teaser is None]
    if not title_mentions and "title_sentence_index" not in article.extra:
        # the entity components did not read the title: read it here
        mini = reader(article) if reader is not None else None
        title_mentions = mini.mentions if mini is not None else None
    if title_mentions is not None:
        for m in title_mentions:
            name = _name_of(m)
            if m.kind == "person":
                toks = name.replace(".", ". ").split()
                sent.persons.append((m.start, full.get(toks[-1].lower().strip(".") if toks else name, name)))
                sent.person_ends[m.start] = m.end
            elif m.kind == "place":
                sent.places.append((m.start, m.end, name))
    else:
        for name in {_name_of(m) for m in body_places}:
            sent.places += [(m.start(), m.end(), name) for m in re.finditer(rf"\b{re.escape(name)}\b", title)]
    for k, name in full.items():  # a surname the body spells out in full
        for m in re.finditer(rf"\b{re.escape(k)}\b", title, re.IGNORECASE):
            if not any(n == name for _, n in sent.persons):
                sent.persons.append((m.start(), name))
                sent.person_ends[m.start()] = m.end()
    low = title.lower()
    for post in article.posts:  # "Speech of the Chairman of the State Duma": the body says who holds the post
        if (
            post.from_teaser is None
            and not post.in_title
            and post.role
            and post.role.lower() in low
            and (not post.org or post.org.lower() in low)
        ):
            name = full.get(post.person.replace(".", ". ").split()[-1].lower().strip("."), post.person)
            if not any(n == name for _, n in sent.persons):
                sent.persons.append((low.find(post.role.lower()), name))
    sent.persons.sort()
    return sent


def _speaker(article: Article, people: list[Mention], full: dict[str, str], key: Any) -> str | None:
    """The first speaker of a transcript: a paragraph that opens with "Vladimir Putin: ..."."""
    text = article.text
    for m in people:
        para_start = text.rfind("\n\n", 0, m.start) + 2 if text.rfind("\n\n", 0, m.start) >= 0 else 0
        if m.start - para_start <= 60 and re.match(r"\s*:", text[m.end : m.end + 3]):
            return full.get(key(_name_of(m)), _name_of(m))
    return None


def _split_bodies(ev: Event, trig: Trigger, frames: _Frames) -> list[Event]:
    """ "Meetings of the Council of Defence Ministers and of Foreign Ministers have been held": one each."""
    if len(trig.bodies) < 2:
        return []
    out = []
    for body in trig.bodies:
        one = replace(ev, participants=list(ev.participants))
        frames.body[id(one)] = body
        if id(ev) in frames.explicit:
            frames.explicit.add(id(one))
        out.append(one)
    return out


def _split_calls(ev: Event, trigger: str) -> list[Event]:
    """ "had telephone conversations with A and B": one call with each."""
    if (
        ev.type != "meeting"
        or not re.search(r"(?:conversations|calls)$", trigger, re.IGNORECASE)
        or len(ev.participants) < 3
    ):
        return [ev]
    first = ev.participants[0]
    return [
        Event(
            start=ev.start,
            end=ev.end,
            sentence=ev.sentence,
            type=ev.type,
            status=ev.status,
            date=ev.date,
            end_date=ev.end_date,
            place=ev.place,
            participants=[first, other],
            trigger=ev.trigger,
            in_title=ev.in_title,
        )
        for other in ev.participants[1:]
    ]


# What may stand between the sayer's name and the reporting verb: an auxiliary or an adverb ("Lavrov has
# also said"), after an apposition or a relative clause between commas ("Lavrov, who met Wang Yi, said").
SAYER_GAP = re.compile(
    r"^\s*(?:,[^,;:\"“”«»()]{1,150},\s*)?"
    r"(?:(?:has|have|had|also|further|then|later|again|earlier|once|twice|\w+ly)\s+)*$",
    re.IGNORECASE,
)
# "…,” said Foreign Minister Sergei Lavrov": after a quotation or a comma the sayer follows the verb, behind
# at most a few title words
SAYER_AFTER = re.compile(r"^\s+(?:[Tt]he\s+)?(?:[A-Z][\w’'-]*\s+|of\s+|the\s+|and\s+){0,8}$")


def _sayer(sent: _Sentence, verb: re.Match[str]) -> str | None:
    """Who said it: the reporting verb's subject, not merely the name nearest the verb ("Lavrov, who met
    Wang Yi, said" is Lavrov's statement; "Lavrov said that Wang Yi …" too)."""
    st = sent.text
    if re.search(r"[,\"”»]\s*$", st[: verb.start()]):
        after = sorted((off, n) for off, n in sent.persons if off >= verb.end())
        if after and SAYER_AFTER.match(st[verb.end() : after[0][0]]):
            return after[0][1]
    for off, name in sorted((p for p in sent.persons if p[0] < verb.start()), reverse=True):
        end = sent.person_ends.get(off)
        if end is not None and end <= verb.start() and SAYER_GAP.match(st[end : verb.start()]):
            return name
    return None


def _statement_event(sentences: list[_Sentence], date: dt.date | None) -> Event | None:
    """A page that only reports what someone said is a statement: a speech by the one who said it."""
    for sent in sentences:
        for m in SAID.finditer(sent.text):
            if any(qs <= m.start() < qe for qs, qe in sent.quoted) or not sent.persons:
                continue
            who = _sayer(sent, m)
            if who is None:
                continue  # "the ministry said", "his spokesman said": nobody the article names said it
            return Event(
                start=sent.start + m.start(),
                end=sent.start + m.end(),
                sentence=sent.text.strip(),
                type="speech",
                status="held",
                date=date,
                participants=[who],
                trigger=m.group(0),
                in_title=sent.in_title,
            )
    return None
