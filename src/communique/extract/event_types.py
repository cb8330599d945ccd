"""The one table of event types, used by extraction (``extract/events.py``, ``extract/figures.py``) and by
resolution across documents (``resolve/events.py``).

Per type: how an event of that type is named (a series of operations or exercises, the document of a signing),
which other types a report may call the same happening (compatibility for merging), whether people convene
at it (a gathering hosts speeches and signings, and takes the participants named next), and whether all its
frames of one day in one article are one occurrence (a summit, its session and its plenary).

The words that trigger each type, the words that make an event planned and the date words are language
data, one module per language under ``communique.extract.lang`` (``en_events``, ``ru_events``), read here
through ``vocabulary(lang)``.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType


@dataclass(frozen=True)
class EventType:
    name: str
    # "series": a named operation or exercise ("Channel-Perekhvat", "Interaction-2023"); "document": the
    # document signed or adopted ("Collective Security Treaty"); None: not named
    naming: str | None
    # other types the same happening is called within one report ("talks" told as a meeting, then as the
    # session of a body); a title frame joins a body frame of these, a definite reference refers back to them
    synonyms: frozenset[str]
    # other types another report (a teaser, another outlet) may give the same happening: the synonyms, and a
    # visit told as the meeting it was for, a session told by the speech given at it
    compatible: frozenset[str]
    # people convene at it: it hosts speeches and signings and takes the participants named next
    gathering: bool
    # its frames of one day in one article are one occurrence unless they name different bodies
    one_per_day: bool


_GATHERING_NAMES = frozenset({"meeting", "session"})
TYPES: dict[str, EventType] = {
    t.name: t
    for t in (
        EventType("meeting", None, _GATHERING_NAMES, frozenset({"session", "visit"}), True, False),
        EventType("session", "series", _GATHERING_NAMES, frozenset({"meeting", "speech"}), True, True),
        EventType("operation", "series", frozenset(), frozenset(), False, True),
        EventType("exercise", "series", frozenset(), frozenset(), False, True),
        EventType("speech", None, frozenset(), frozenset({"session"}), False, False),
        EventType("agreement", "document", frozenset(), frozenset(), False, False),
        EventType("visit", None, frozenset(), frozenset({"meeting"}), True, True),
        EventType("other", None, frozenset(), frozenset(), True, False),
    )
}


def event_type(name: str) -> EventType:
    """The table row of a type; unknown names are 'other'."""
    return TYPES.get(name, TYPES["other"])


def synonyms(a: str, b: str) -> bool:
    """Within one report, may frames of these types be the same happening told twice?"""
    return a == b or b in event_type(a).synonyms


def compatible(a: str, b: str) -> bool:
    """May two reports (two documents) of these types be one happening?"""
    return synonyms(a, b) or b in event_type(a).compatible or a in event_type(b).compatible


def same_occurrence(a: str, b: str) -> bool:
    """Within one article and one day, are frames of these types one occurrence?"""
    return a == b and event_type(a).one_per_day


@lru_cache(maxsize=4)
def vocabulary(lang: str) -> ModuleType:
    """The event vocabulary of a language (``communique.extract.lang.<lang>_events``); English by default."""
    try:
        return importlib.import_module(f"communique.extract.lang.{lang}_events")
    except ModuleNotFoundError:
        return importlib.import_module("communique.extract.lang.en_events")


def noun_type(word: str, lang: str = "en") -> str | None:
    """The event type an event noun names ("operation", "exercises", "учения"); None for other words."""
    from communique.extract.syntax import ru_word

    w = word.lower()
    if lang == "ru":
        return vocabulary(lang).EVENT_NOUNS.get(ru_word(w).lemma)
    return _noun_forms(lang).get(w)


@lru_cache(maxsize=4)
def _noun_forms(lang: str) -> dict[str, str]:
    """Every form of every event noun (by the lemmatizer's rules read backwards) -> its type."""
    from communique.extract.syntax import surface_forms

    vocab = vocabulary(lang)
    out: dict[str, str] = {}
    for lemma, etype in vocab.EVENT_NOUNS.items():
        for form in surface_forms(frozenset({lemma}), "noun") | {lemma}:
            out.setdefault(form, etype)
    return out


# ------------------------------------------------------------------------------------------- naming
# A series is named in quotes ("the operation “Channel-Perekhvat”", «Взаимодействие-2023»), as a capitalised
# word with its year ("Interaction-2023", "Rubezh 2024", "Interaction - 2023") or stage, or after "dubbed",
# "codenamed", "Operation" ("dubbed Channel 2007", "Operation Mercenary").
QUOTED = re.compile(r"[«\"“„]([^\"”»“«]{2,60})[\"”»“]|(?<!\w)[‘']([A-ZА-ЯЁ][^‘’'\n]{1,59})[’'](?!\w)")
YEAR_NAME = re.compile(r"\b([A-ZА-ЯЁ][\w]+(?:[\s-][A-ZА-ЯЁ][\w]+){0,2}(?:\s*[-–]\s*|\s)(?:19|20)\d\d)\b(?![-\d])")
# Closed-class words and organisation acronyms that open a capitalised run without being part of the name:
# "In 1992", "Since 2019", "CSTO Combat Brotherhood-2023"
NOT_NAME_START = re.compile(
    r"^(?:(?:In|Since|From|By|Until|Till|On|At|For|Of|The|A|An|During|After|Before|As|To|With|About|And|Or|But"
    r"|Through|Within|Under|Over|This|That|These|Those|Its|Their|Our|В|С|До|После|На|По|За)\s+|[A-ZА-ЯЁ]{2,}\s+"
    r"(?=[A-ZА-ЯЁ]))+"
)
CALLED_NAME = re.compile(
    r"\b(?:dubbed|codenamed|code-named|named|called|[Oo]peration|[Ee]xercises?)\s+"
    r"((?:[A-Z][\w]+)(?:[\s-]+[A-Z][\w]+)*(?:\s*[-–]?\s*(?:19|20)\d\d)?)"
)
ACRONYM_OPERATION = re.compile(r"\b([A-Z]{3,})\s+(?:special\s+)?operation")
MONTH_FIRST = re.compile(
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar"
    r"|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b|(?:Январ|Феврал|Март|Апрел|Ма[йя]|Июн|Июл|Август|Сентябр|Октябр"
    r"|Ноябр|Декабр)\w*\b)",
    re.IGNORECASE,
)
YEAR_IN_NAME = re.compile(r"(?:19|20)\d\d")
DOCUMENT_NAME = re.compile(
    r"\b((?:[A-Z][\w’'-]*\s+){0,6}?(?:Treaty|Agreement|Memorandum|Declaration|Statement|Plan|Charter|Decision"
    r"|Programme|Program|Strategy|Convention|Protocol|Resolution|Concept)"
    # "... of the Council", "... on Rapid Equipment of Territory and Joint Use of Facilities"
    r"(?:\s+(?:of|on)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|of|and|the|on|for|in))*)?)"
    r"(?!\s+[A-Z])"  # "the Collective Security Treaty Organization" names the organisation, not a treaty
)
NEAR = 40  # characters between a name and the event noun it names


def _tidy(name: str) -> str:
    name = " ".join(name.replace("–", "-").split()).strip(" ,.")
    name = NOT_NAME_START.sub("", name)
    return re.sub(r"\s*-\s*(?=(?:19|20)\d\d$)", "-", name)  # "Interaction - 2023" is "Interaction-2023"


def series_names(sentence: str) -> list[tuple[int, int, str]]:
    """Every named operation or exercise series in a sentence: (start, end, name), in order."""
    return [(s, e, name) for s, e, name, _ in _ranked_series(sentence)]


def _ranked_series(sentence: str) -> list[tuple[int, int, str, int]]:
    """Series names with how sure the shape is: quoted 0, with a year or after "dubbed"/"Operation" 1, a bare
    acronym before "operation" 2 (it may be the organisation's: "CSTO operation Mercenary")."""
    found: dict[int, tuple[int, int, str, int]] = {}
    for m in QUOTED.finditer(sentence):
        g = 1 if m.group(1) is not None else 2
        found[m.start(g)] = (m.start(g), m.end(g), _tidy(m.group(g)), 0)
    for rank, rx in ((1, YEAR_NAME), (1, CALLED_NAME), (2, ACRONYM_OPERATION)):
        for m in rx.finditer(sentence):
            name = _tidy(m.group(1))
            if MONTH_FIRST.match(name) or not YEAR_IN_NAME.sub("", name).strip(" -"):
                continue  # "May 2024", "In June 2018" are dates, "In 1992" a year, not a name
            if not any(s <= m.start(1) < e for s, e, _, _ in found.values()):
                found[m.start(1)] = (m.start(1), m.end(1), _tidy(m.group(1)), rank)
    return [found[k] for k in sorted(found)]


def name_near(sentence: str, lo: int, hi: int, naming: str | None) -> str | None:
    """The name of the event whose trigger spans lo..hi, by its type's naming rule."""
    if naming == "document":
        best = None
        for m in DOCUMENT_NAME.finditer(sentence):
            name = re.sub(r"^(?:The|This|That)\s+", "", " ".join(m.group(1).split()))
            name = re.sub(r"(?:\s+(?:of|and|the|on|for|in))+$", "", name)
            if " " not in name:
                continue  # "the Agreement" alone names no document
            dist = abs(m.start() - lo)
            if best is None or dist < best[0]:
                best = (dist, name)
        return best[1] if best else None
    if naming != "series":
        return None
    near = [
        (rank, min(abs(s - hi), abs(lo - e)), name)
        for s, e, name, rank in _ranked_series(sentence)
        if min(abs(s - hi), abs(lo - e)) <= NEAR or (s >= hi and _NAMING_VERB.search(sentence, 0, s))
    ]
    return min(near)[2] if near else None


# A verb of naming right before a name ties it to the event noun before it however long the noun's complements
# run ("the operation conducted by the member states of the CSTO, dubbed Channel 2007, ended"): an apposition
# of naming has no other head to attach to.
_NAMING_VERB = re.compile(r"\b(?:dubbed|codenamed|code-named|named|called)\s+$")


def with_stage(name: str, year: int | None) -> str:
    """A series name with its year: "Channel-Perekhvat" of 2023 is "Channel-Perekhvat 2023"; a name that
    carries its year already ("Interaction-2023", "Channel 2007") stays as it is."""
    if YEAR_IN_NAME.search(name) or year is None:
        return name
    return f"{name} {year}"
