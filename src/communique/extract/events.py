"""The 'events' component: hand-written event frames over the article's sentences (see docs/events.md).

No library reads "who met whom, where, when" from this kind of prose, so each sentence is matched
against trigger patterns that name the event type, and the frame is filled from what the earlier
components found in the same sentence: day-precision dates (the 'dates' component), place mentions
after a locative word ("in Moscow"), person mentions (participants), a quoted or hyphen-year name
("Channel-Perekhvat", "Interaction-2023"). Definite references ("The meeting was held in ...")
fill in the frame they refer back to instead of opening a new one. The title is read too, because
on excerpted pages it is often the only place that says what happened.
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
from communique.extract.dates import article_lang, resolve_dates
from communique.pipeline import component

# (type, pattern): a sentence that matches reports an event of that type (see docs/events.md).
TRIGGERS: list[tuple[str, str]] = [
    (
        "meeting",
        r"\bmet\b|\bmeets?\s+with\b|\bmeeting\s+with\b|\bhad\s+(?:a\s+)?(?:meeting|talks|conversation)s?\b"
        r"|\b(?:telephone|phone)\s+(?:conversation|call|talk)s?\b|\bheld\s+talks\b|\btalks\s+with\b"
        r"|\bnegotiations\s+with\b|\bbilateral\s+meeting\b|\bmeeting\b(?!\s+(?:of|participants|room|hall|point)\b)",
    ),
    (
        "session",
        r"\bmeeting\s+of\b|\bsession\b|\bsummit\b|(?<!news\s)(?<!press\s)\bconference\b|\bforum\b"
        r"|\bplenary\b|\bround\s+tables?\b|\bconsultations\b|\bcongress\b|\bseminar\b|\bcollegium\b"
        r"|\bministerial\s+meeting\b|\bwith\s+the\s+participation\s+of\b",
    ),
    (
        "operation",
        r"\b(?:special\s+|anti-drug\s+|anti-terrorist\s+|counter-terrorist\s+|joint\s+|regional\s+)?"
        r"operations?\b(?!al)",
    ),
    ("exercise", r"\bexercises?\b|\bdrills?\b|\bmanoeuvres\b|\bmaneuvers\b|\b[Tt]rainings?\b"),
    (
        "speech",
        r"\bspoke\b|\bspeaks\b|\bspeech\b|\baddressed\b|\binterview\b|\bbriefing\b|\bgreeting\b"
        r"|\btold\s+(?:reporters|journalists|the\s+press|the\s+media|media)\b|\bpress\s+conference\b"
        r"|\bmade\s+a\s+statement\b|\bdelivered\s+a\b|\blecture\b|\breporters\b|\bjournalists\b"
        r"|\baddress\s+(?:at|to|by|of|before)\b|\bnews\s+conference\b",
    ),
    (
        "agreement",
        r"\bsigned\b|\bsigning\b|\bsign\b|\badopted\b|\bapproved\b|\bratified\b|\benshrined\b"
        r"|\bconcluded\s+(?:an?\s+|the\s+)?(?:agreement|treaty|memorandum|contract)"
        r"|\bdecisions?\s+(?:was|were)\s+(?:taken|made)\b",
    ),
    ("visit", r"\bvisit(?:s|ed|ing)?\b|\btravel(?:s|led|led)?\s+to\b|\btrip\s+to\b"),
    (
        "other",
        r"\bceremon(?:y|ial)\b|\breception\b|\brelay\s+race\b|\brelay\b|\bcommemorated\b|\bwreath\b"
        r"|\bexhibition\b|\bcompetition\b|\btook\s+(?:office|over)\b|\bstarted\s+fulfilling\b"
        r"|\bassumed\s+(?:office|the\s+duties|the\s+post)\b",
    ),
]
_TRIGGERS = [(t, re.compile(p, re.IGNORECASE)) for t, p in TRIGGERS]
# The same frames for the Russian site, by word stem (Russian inflects the nouns and verbs).
_RU = r"(?<![а-яё])"
TRIGGERS_RU: list[tuple[str, str]] = [
    ("meeting", _RU + r"(?:встретил|встреч[аиеу]|переговор|телефонн\w*\s+разговор)"),
    ("session", _RU + r"(?:заседани|сесси|совещани|конференци|саммит|форум|круглый\s+стол|консультаци)"),
    ("operation", _RU + r"операци[яиюей]"),
    ("exercise", _RU + r"(?:учени[яйе]|тренировк|маневр)"),
    ("speech", _RU + r"(?:выступил|выступлени|интервью|брифинг|заявлени[ея]\s+для|обратил\w*\s+к)"),
    (
        "agreement",
        _RU + r"(?:подписал|подписан|утвердил|утвержд[её]н|принял[аио]?\s|принят[аыо]?\s|ратифицир)",
    ),
    ("visit", _RU + r"(?:визит|посетил|прибыл\w*\s+в)"),
    ("other", _RU + r"(?:церемони|торжественн\w*\s+приём|эстафет|выставк|возложени)"),
]
_TRIGGERS_RU = [(t, re.compile(p, re.IGNORECASE)) for t, p in TRIGGERS_RU]
FUTURE_RU = re.compile(
    r"(?<![а-яё])(?:состоится|пройд[её]т|будет|будут|планиру\w*|запланирован\w*|намечен\w*|предстоящ\w*"
    r"|следующ\w*|проведут|проведет|проведёт)",
    re.IGNORECASE,
)

# Verbs that report a statement; used only when an article reports no other event (a statement page).
SAID = re.compile(r"\b(?:said|says|stated|declared|stressed|emphasized|emphasised|noted|told)\b")
# Future markers that hold for the whole sentence when they follow the event noun ("... training are planned")
FUTURE_STRONG = re.compile(
    r"\b(?:will|shall|(?:is|are)\s+(?:planned|scheduled|expected|to\s+be|set\s+to|due\s+to)|to\s+be\s+held"
    r"|is\s+going\s+to|coming\s+up"
    r"|(?:is|are)\s+to\s+(?:take\s+part|participate|attend|arrive|visit|meet|hold|sign|convene|gather|begin|start|open))\b",
    re.IGNORECASE,
)
# A reporting verb opens what was said: "X noted that the signed document will ..." does not make the
# signing future.
REPORTING = re.compile(
    r"\b(?:said|says|noted|stressed|emphasi[sz]ed|stated|added|believes?|expressed\s+(?:the\s+)?(?:hope|confidence))"
    r"\s+that\b",
    re.IGNORECASE,
)
# "ahead of the summit", "in preparation for the session": the gathering is still to come
AHEAD = re.compile(
    r"\b(?:ahead\s+of|in\s+preparation\s+for|preparations?\s+for)\s+(?:the\s+|an?\s+)?"
    r"(?:[\w’'-]+\s+){0,3}$",
    re.IGNORECASE,
)
# Headlines announce in the infinitive: "Minister to Attend Council Meeting", "Bloc to discuss ... at summit"
HEADLINE_FUTURE = re.compile(
    r"\bto\s+(?:[A-Za-z]+\s+)?(?:attend|host|hold|visit|meet|take\s+part|participate|sign|discuss|chair|convene"
    r"|join|launch|conduct|stage|open|address|consider|review|adopt|approve|gather)\b",
    re.IGNORECASE,
)
# Markers that only reach their own clause
# ("The CSTO countries intend to ..., X told reporters after the session": the session was held)
FUTURE_WEAK = re.compile(
    r"\b(?:would(?!\s+like)|plans?\s+to|intends?\s+to|proposed|provides?\s+for|provided\s+for"
    r"|envisages?|envisaged|to\s+hold|expected|planned|scheduled)\b",
    re.IGNORECASE,
)
# Adjectives that make only the noun they precede future ("commented on the upcoming exercises")
FUTURE_ADJ = re.compile(r"\b(?:upcoming|forthcoming|next|coming|future)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
# Modals of possibility before a verb ("SCO summit may begin ...");
# case-sensitive, or "May" the month would count
MODAL = re.compile(r"\b(?:may|might|could)\s+(?:be|begin|take|hold|become|start|sign|meet|visit)\b")
CLAUSE_BREAK = re.compile(r"[,;:()–—]|\s-\s")
# "Earlier, ..." recaps news already reported; it is background, not this article's event.
BACKGROUND = re.compile(r"^\s*(?:Earlier|Previously|As\s+(?:was\s+)?reported\s+earlier)\b", re.IGNORECASE)
DEFINITE = re.compile(r"\b(?:the|this|that|its|their|these)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
LOCATIVE = re.compile(
    r"(?:\b(?:in|at|to|near|outside|from)\s+(?:the\s+)?(?:(?:city|capital|town|village|region)\s+of\s+)?"
    r"(?:[\w'’-]+\s+){0,3}?(?:[\w'’-]+,\s+)?)$|\b(?:in|at)\s+(?:the\s+)?capital\s+of\s+[\w\s'’-]+,\s+$",
    re.IGNORECASE,
)
QUOTED = re.compile(r"[«\"“„]([^\"”»“«]{2,60})[\"”»“]")
NAMED = re.compile(r"\b([A-Z][\w]+(?:[\s-][A-Z][\w]+)*-\d{4})\b|\b([A-Z]{3,})\s+(?:special\s+)?operation")
DOCUMENT = re.compile(
    r"\b((?:[A-Z][\w’'-]*\s+){0,6}?(?:Treaty|Agreement|Memorandum|Declaration|Statement|Plan|Charter|Decision|Programme"
    r"|Program|Strategy|Convention|Protocol|Resolution|Concept)(?:\s+of\s+(?:the\s+)?(?:[A-Z][\w-]*\s*){1,6})?)"
)
# Past-tense reports: a definite reference that says this much is about a frame that was held
# "in May 2018", "back in 1992": a month or a year that places the sentence in time
COARSE_PREP = re.compile(
    r"\b(?:in|on|since|from|at|during|back\s+in|late|early|mid|end\s+of|beginning\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
PAST_HELD = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been)\s+(?:\w+ly\s+)?(?:held|carried|conducted|organi[sz]ed|staged|completed"
    r"|opened|launched|signed|attended)\b|\btook\s+place\b|\byesterday\b|\bended\b|\bfinished\b"
    r"|\btold\s+(?:reporters|journalists|the\s+press)\b"
    r"|\b(?:discussed|agreed|considered|exchanged|reviewed|decided|heard)\b",
    re.IGNORECASE,
)
ANNIVERSARY = re.compile(r"\banniversary\s+of\s+(?:the\s+)?$", re.IGNORECASE)


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

    @property
    def names(self) -> list[str]:
        out: list[str] = []
        for _, n in self.persons:
            if n not in out:
                out.append(n)
        return out


def _paragraph_starts(article: Article) -> list[int]:
    starts, pos = [], 0
    for p in article.body:
        starts.append(pos)
        pos += len(p) + 2
    return starts


def _body_sentences(article: Article) -> list[tuple[int, int]]:
    """spaCy's sentences, with lines of a hard-wrapped paragraph joined back into one sentence."""
    doc = article.extra.get("doc")
    text = article.text
    if doc is not None and doc.text == text:
        spans = [(s.start_char, s.end_char) for s in doc.sents if s.text.strip()]
    else:
        spans, pos = [], 0
        for m in re.finditer(r"(?<=[.!?])\s+(?=[A-ZА-ЯЁ\"“«])|\n+", text):
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, len(text)))
        spans = [(s, e) for s, e in spans if text[s:e].strip()]
    joined: list[tuple[int, int]] = []
    for s, e in spans:
        if joined:
            ps, pe = joined[-1]
            prev = text[ps:pe].rstrip()
            last_line = prev.rsplit("\n", 1)[-1]
            wrapped = len(last_line) <= 90 or text[s:e].lstrip()[:1].islower()
            if prev and prev[-1] not in ".!?…:;\"”»)'’" and wrapped and e - ps < 700:
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


CHAIRED = re.compile(r"\bchair(?:ed|s|ing)?\b|\bpresided\b", re.IGNORECASE)
MACRO_REGION = re.compile(
    r"\b(?:Asia|Europe|Africa|America|Caucasus|Middle\s+East|Eurasia|region)\b", re.IGNORECASE
)


def _place(
    sentence: str, places: list[tuple[int, int, str]], trig_start: int = 0, trig_end: int = 0
) -> str | None:
    """Where the event took place: after a locative word, a city before a state, nearest the trigger."""
    ordered = sorted(places)
    candidates = []
    for i, (off, end, name) in enumerate(ordered):
        if re.match(r"[’']s\b", sentence[end : end + 3]):
            continue  # "Kazakhstan's capital of Astana": the possessive only qualifies the place that follows
        nxt = ordered[i + 1] if i + 1 < len(ordered) else None
        if nxt and re.fullmatch(r",\s*", sentence[end : nxt[0]]):
            continue  # "the capital of Tajikistan, Dushanbe": the apposition names the place
        before = sentence[max(0, off - 60) : off]
        if not LOCATIVE.search(before) or NOT_VENUE.search(before):
            continue
        distance = trig_start - end if end <= trig_start else max(0, off - trig_end)
        # a state counts as somewhat farther than a city; a continent or macro-region farther still
        penalty = 80 if name.lower() in _countries() else 0
        if MACRO_REGION.search(name):
            penalty = 200
        candidates.append((distance + penalty, name))
    return min(candidates)[1] if candidates else None


def _name(sentence: str, trig_start: int, trig_end: int) -> str | None:
    best = None
    for m in QUOTED.finditer(sentence):
        dist = min(abs(m.start() - trig_end), abs(trig_start - m.end()))
        if dist <= 40 and (best is None or dist < best[0]):
            best = (dist, m.group(1).strip())
    if best:
        return best[1]
    for m in NAMED.finditer(sentence):
        dist = min(abs(m.start() - trig_end), abs(trig_start - m.end()))
        if dist <= 40:
            return m.group(1) or m.group(2)
    return None


def _document(sentence: str, trig_start: int) -> str | None:
    """The document a signing sentence is about ("the Collective Security Treaty"), to join restatements."""
    best = None
    for m in DOCUMENT.finditer(sentence):
        dist = abs(m.start() - trig_start)
        if best is None or dist < best[0]:
            best = (dist, re.sub(r"^(?:The|This|That)\s+", "", " ".join(m.group(1).split())))
    return best[1] if best else None


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


def _choose_date(s: _Sentence, pos: int, past_of: dt.date | None = None) -> DateMention | None:
    """The day-precision date nearest ``pos``, leaving out a document's own date and, when the sentence gives
    another one, its dateline. With ``past_of``, only dates up to that day, the first one."""
    days = [d for d in _day_dates(s) if not DOCUMENT_DATE.search(s.text[max(0, d.start - 100) : d.start])]
    told = [d for d in days if not DATELINE.match(s.text[: d.start])]
    days = told or days
    if past_of is not None:
        days = [d for d in days if d.value <= past_of]
        return days[0] if days else None
    if not days:
        return None
    return min(days, key=lambda d: min(abs(d.start - pos), abs(d.end - pos)))


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    left = max([m.end() for m in CLAUSE_BREAK.finditer(sentence, 0, start)] or [0])
    nxt = CLAUSE_BREAK.search(sentence, end)
    return left, nxt.start() if nxt else len(sentence)


def _is_planned(
    sentence: str,
    trig_start: int,
    trig_end: int,
    date: dt.date | None,
    published: dt.date | None,
    in_title: bool = False,
) -> bool:
    if date is not None and published is not None and date > published:
        return True
    if in_title and HEADLINE_FUTURE.search(sentence, 0, trig_start):
        return True
    if AHEAD.search(sentence[max(0, trig_start - 60) : trig_start]):
        return True
    c_start, c_end = _clause(sentence, trig_start, trig_end)
    later = FUTURE_STRONG.search(sentence, trig_end)
    if later and REPORTING.search(sentence, trig_end, later.start()):
        later = None
    if later or FUTURE_STRONG.search(sentence[c_start:c_end]):
        return True
    if FUTURE_RU.search(sentence[c_start:c_end]):
        return True
    if re.search(r"\bto\s+$", sentence[max(0, trig_start - 4) : trig_start]):
        return True  # "the opportunity to meet", "agreed to sign": an intention, not a report
    return bool(
        FUTURE_WEAK.search(sentence[c_start:c_end])
        or MODAL.search(sentence[c_start:c_end])
        or FUTURE_ADJ.search(sentence[max(0, trig_start - 40) : trig_start])
    )


def _valid_trigger(etype: str, sentence: str, m: re.Match[str], s: _Sentence, lang: str = "en") -> bool:
    word = m.group(0).lower()
    if ANNIVERSARY.search(sentence[max(0, m.start() - 30) : m.start()]):
        return False  # "the 25th anniversary of the signing of the Treaty" celebrates, it does not sign
    if any(qs <= m.start() < qe for qs, qe in s.quoted):
        return False
    if lang != "en":
        return not re.search(r"годовщин\w*\s+(?:со\s+дня\s+)?$", sentence[max(0, m.start() - 30) : m.start()])
    if etype == "exercise" and word.startswith("training"):
        # "training of officers" is teaching; a training event is named, capitalised or held
        named = _name(sentence, m.start(), m.end()) is not None
        held = re.search(r"\b(?:held|holding|conducted|carried\s+out)\b", sentence)
        kind = re.search(
            r"(?:staff|tactical|special|joint|military|field|command)[\w-]*\s+$", sentence[: m.start()]
        )
        return named or m.group(0)[0] == "T" or bool(held) or bool(kind)
    if etype == "operation":
        if re.search(
            r"\b(?:preparation|planning|conduct|organi[sz]ation|participation|readiness|ability|capacity)\s+(?:of|for|in|to)"
            r"\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}$",
            sentence[max(0, m.start() - 60) : m.start()],
            re.IGNORECASE,
        ):
            return False  # "readiness for joint operations": what forces are for, not an operation carried out
        if word.endswith("operations") and _name(sentence, m.start(), m.end()) is None and not re.search(
            r"\b(?:carried\s+out|conducted|held|launched|completed)\b", sentence
        ):
            return False  # "counteraction in ... joint operations": operations in general
        # "the operation in Syria" is a war, not a law-enforcement operation; those carry a name or a purpose
        return (
            bool(
                re.search(
                    r"anti-|special|joint|regional|operation\s+[«\"“]|[»\"”]\s*$",
                    sentence[max(0, m.start() - 40) : m.end() + 3],
                    re.IGNORECASE,
                )
            )
            or _name(sentence, m.start(), m.end()) is not None
            or bool(re.search(r"\b(?:carried\s+out|conducted|held)\b", sentence))
        )
    if etype == "other" and re.search(r"took|started|assumed", word):
        return bool(_day_dates(s))
    if (
        etype == "agreement"
        and word in ("sign", "signing")
        and not re.search(
            r"\b(?:documents?|agreements?|memorand\w+|treaty|declaration|statement|protocol|plan|decisions?)\b",
            sentence,
            re.IGNORECASE,
        )
    ):
        return False
    return True


def _is_reference(sentence: str, m: re.Match[str]) -> bool:
    """ "The meeting was held ...", "during the operation": the sentence talks about a frame already open."""
    words = m.group(0).split()
    if not words or not re.match(
        r"(?:meeting|session|summit|conference|forum|operation|exercise|drill|training"
        r"|talks|visit|ceremony|reception)",
        words[-1],
        re.IGNORECASE,
    ):
        return False
    return bool(DEFINITE.search(sentence[max(0, m.start() - 40) : m.start()]))


def _merge(into: Event, other: Event) -> None:
    into.date = into.date or other.date
    into.end_date = into.end_date or other.end_date
    into.place = into.place or other.place
    into.name = into.name or other.name
    for p in other.participants:
        if p not in into.participants:
            into.participants.append(p)


def _compatible(a: str, b: str) -> bool:
    return a == b or {a, b} == {"meeting", "session"}


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

    def events(article: Article) -> Article:
        article.events = extract_events(article, config, reader)
        return article

    return events


def extract_events(
    article: Article, config: dict[str, Any] | None = None, title_reader: Any = None
) -> list[Event]:
    """The event frames of one article (title and body), merged so one happening is one Event."""
    config = config or {}
    text = article.text
    mentions = [m for m in article.mentions if m.from_teaser is None and not m.in_title]
    lang = article_lang(article)
    if lang == "en":  # spaCy's English model only helps with English names
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

    published = article.published
    dates = article.dates or resolve_dates(text, published, lang)
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
        sent.places = [(m.start - s, m.end - s, _name_of(m)) for m in places if s <= m.start < e]
        sent.dates = [replace(d, start=d.start - s, end=d.end - s) for d in dates if s <= d.start < e]
        sent.quoted = [(max(qs, s) - s, min(qe, e) - s) for qs, qe in quotes if qs < e and s < qe]
        sentences.append(sent)

    # The day the article's news happened: the first full date of its lead, else the publication date.
    lead_date = published
    for sent in sentences:
        if sent.in_title or sent.paragraph != 0:
            continue
        lead = _choose_date(sent, 0, past_of=published)
        if lead is not None:
            lead_date = lead.value
            break

    found: list[Event] = []
    explicit: set[int] = set()  # ids of events whose date the sentence itself gives
    pending: Event | None = None  # a gathering waiting for its participants in the next sentence
    for sent in sentences:
        st = sent.text
        if BACKGROUND.match(st) or (re.search(r"\bago\b", st) and not _day_dates(sent)):
            pending = None
            continue
        hits = sorted(
            (m.start(), m.end(), etype, m)
            for etype, rx in (_TRIGGERS_RU if lang == "ru" else _TRIGGERS)
            for m in rx.finditer(st)
            if _valid_trigger(etype, st, m, sent, lang)
        )
        first_signing = next((h[0] for h in hits if h[2] == "agreement"), None)
        new_here: list[Event] = []
        seen_types: set[str] = set()
        for t_start, t_end, etype, m in hits:
            if (
                etype == "meeting"
                and m.group(0).lower() == "meeting"
                and CHAIRED.search(st[max(0, t_start - 40) : t_start])
            ):
                etype = "session"  # a chaired meeting is a body convening
            if etype in seen_types:
                continue
            if first_signing is not None and etype != "agreement" and t_start > first_signing:
                continue  # what a document provides for is its content, not another happening
            if etype in ("meeting", "visit") and seen_types & {"meeting", "visit"}:
                continue  # "during his visit to Minsk, at a meeting with ..." is one happening
            seen_types.add(etype)
            dm = _choose_date(sent, t_start)
            coarse = [
                d for d in sent.dates if d.precision != "day" and COARSE_PREP.search(st[max(0, d.start - 20) : d.start])
            ]
            spans = [(h[0], h[1]) for h in hits]
            if dm and coarse and (
                any(_gap(c, t_start, t_end) < _gap(dm, t_start, t_end) for c in coarse)
                or (
                    not _owns(dm, t_start, t_end, spans)
                    and any(_owns(c, t_start, t_end, spans) for c in coarse)
                )
            ):
                # "In 2018 the operation was held ..., its Statute approved on 30 November 2017": the year dates
                # the operation, the day belongs to the approval
                dm = None
            date = dm.value if dm else None
            planned = _is_planned(st, t_start, t_end, date, published, sent.in_title)
            status = "planned" if planned else "held"
            if _is_reference(st, m):
                if dm and any(
                    min(abs(dm.start - h[1]), abs(h[0] - dm.end))
                    < min(abs(dm.start - t_end), abs(t_start - dm.end))
                    for h in hits
                    if h[0] != t_start
                ):
                    dm = None  # the date belongs to another event of the sentence
                ref = next(
                    (e for e in reversed(found) if _compatible(e.type, etype) and e.status == status), None
                )
                if ref is None and status == "held" and dm is None and not PAST_HELD.search(st):
                    # "The summit is likely to consider ...": no tense of its own, it refers to the one announced
                    ref = next(
                        (e for e in reversed(found) if _compatible(e.type, etype) and e.status == "planned"), None
                    )
                if ref is not None and dm and ref.date != dm.value:
                    ref = None  # "the session ... held on September 16" is another session
                if ref is not None:
                    for p in sent.names:
                        if p not in ref.participants:
                            ref.participants.append(p)
                    if ref.place is None:
                        ref.place = _place(st, sent.places, t_start, t_end)
                    continue
            if date is None and not coarse and not planned:
                date = lead_date
            ev = Event(
                start=sent.start + t_start,
                end=sent.start + t_end,
                sentence=st.strip(),
                type=etype,
                status=status,
                date=date,
                end_date=dm.end_value if dm else None,
                place=_place(st, sent.places, t_start, t_end),
                participants=sent.names,
                trigger=m.group(0),
                in_title=sent.in_title,
                name=(
                    _document(st, t_start)
                    if etype == "agreement"
                    else _name(st, t_start, t_end)
                    if etype in ("operation", "exercise", "session")
                    else None
                ),
            )
            if dm:
                explicit.add(id(ev))
            new_here.extend(_split_calls(ev, m.group(0)))
        if pending is not None and sent.names and (not new_here or not pending.participants):
            for p in sent.names:
                if p not in pending.participants:
                    pending.participants.append(p)
        pending = None
        for ev in new_here:
            found.append(ev)
            if (
                ev.type in ("meeting", "session", "visit", "other")
                and len(ev.participants) < 2
                and not ev.in_title
            ):
                pending = ev

    merged = _merge_events(found, explicit)
    speaker = _speaker(article, people, full, key)
    for ev in merged:
        if ev.type == "speech" and not ev.participants and speaker:
            ev.participants.append(speaker)  # "Address at ...": the transcript's "Name: ..." says whose
    # "The Secretary General spoke frankly about ..." inside a meeting report is the meeting, not a speech
    meetings = [e for e in merged if e.type == "meeting" and e.status == "held"]
    merged = [
        e
        for e in merged
        if not (
            e.type == "speech"
            and e.status == "held"
            and e.participants
            and not e.in_title
            and any(e.date == mt.date and set(e.participants) <= set(mt.participants) for mt in meetings)
        )
    ]
    if not any(e.status == "held" for e in merged):
        speech = _statement_event(sentences, lead_date)
        if speech:
            merged.append(speech)
    return merged


def _title_sentence(
    article: Article, full: dict[str, str], body_places: list[Mention], lang: str, reader: Any
) -> _Sentence:
    title = article.title or ""
    sent = _Sentence(title, 0, True, -1)
    sent.dates = resolve_dates(title, article.published, lang)
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


def _merge_events(found: list[Event], explicit: set[int]) -> list[Event]:
    """One happening, one Event. A title frame joins the first body frame of its type; body frames of the
    same type, status and date join; signings join only when they name the same document."""
    out: list[Event] = []
    for ev in found:
        target = None
        for prev in out:
            if prev.status != ev.status or prev.start == ev.start and prev.sentence == ev.sentence:
                continue
            if prev.in_title and _compatible(prev.type, ev.type):
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
            bare = id(ev) not in explicit and not (ev.participants or ev.place or ev.name)
            if bare and not ev.in_title:
                target = prev  # a frame with nothing but its type restates the one already found
                break
            if (
                prev.date == ev.date
                and (not prev.name or not ev.name or prev.name == ev.name)
                and (not prev.place or not ev.place or prev.place == ev.place)
                and not (
                    ev.type == "meeting"
                    and set(prev.participants).isdisjoint(ev.participants)
                    and prev.participants
                    and ev.participants
                )
            ):
                target = prev
                break
        if target is None:
            out.append(ev)
            continue
        if target.in_title and not ev.in_title:
            # the body sentence is the better provenance; the title's own date and place are its summary
            if id(target) in explicit:
                ev.date, ev.end_date = target.date, target.end_date or ev.end_date
                explicit.add(id(ev))
            ev.place = target.place or ev.place
            _merge(ev, target)
            out[out.index(target)] = ev
        else:
            if id(ev) in explicit and id(target) not in explicit:
                target.date, target.end_date = ev.date, ev.end_date
                explicit.add(id(target))
            _merge(target, ev)
    return out


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
