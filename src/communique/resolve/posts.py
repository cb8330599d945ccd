"""Posts over time: normalised roles, intervals from dated evidence, and who held a post on a date.

A role is compared as a bag of words without articles, organisation acronyms and "acting", so
"Secretary General", "General Secretary", "Secretary-General" and "CSTO Secretary General" are one
role while "Deputy Secretary General" stays another. "Acting" is a flag of its own: an acting holder
answers a question about the acting post, and a plain question only when no titular holder's
evidence brackets the date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from communique.resolve.people import fold

if TYPE_CHECKING:
    from communique.store.interfaces import ResolutionStore

_ROLE_STOP = {
    "of",
    "the",
    "a",
    "an",
    "for",
    "on",
    "in",
    "at",
    "to",
    "and",
    "its",
    "organization's",
    "organisation's",
    "organizations",
    "organisations",
}
_ACTING = {"acting", "interim", "temporary", "a.i", "ai"}
# Words that make another post out of a role; a role with one of these more than the question is not it.
MODIFIERS = {
    "deputy",
    "vice",
    "first",
    "assistant",
    "former",
    "special",
    "representative",
    "adviser",
    "advisor",
    "aide",
    "senior",
    "chief",
    "head",
    "acting",
    "honorary",
    "executive",
    "under",
    "ex",
    "late",
    "permanent",
    "plenipotentiary",
    "envoy",
    "press",
    "spokesman",
    "spokesperson",
    "secretariat",
    "staff",
    "office",
    "department",
    "committee",
    "council",
    "commission",
}


MAX_EXTENSION_DAYS = 365  # beyond this without evidence, a holder competes with others on nearness alone
ISOLATION_DAYS = 730  # evidence with no other evidence of the person this close is an outlier


_SPELLING = {"defence": "defense", "organisation": "organization", "programme": "program"}
_HEAD_WORDS = {"head", "director", "chief", "chairman", "chair", "chairperson", "leader"}


@lru_cache(maxsize=65536)
def role_key(role: str) -> tuple[str, bool]:
    """(sorted role words, acting) with organisation acronyms and articles removed."""
    text = role.replace("’", "'").replace("-", " ")
    words = []
    acting = False
    for raw in text.split():
        w = fold(raw).strip("'")
        if not w:
            continue
        if w in _ACTING:
            acting = True
            continue
        if w in _ROLE_STOP:
            continue
        stripped = raw.strip("'’.,()")
        if stripped.isupper() and len(stripped) >= 2:  # an acronym: the organisation, not the role
            continue
        if w.endswith("'s"):
            continue
        words.append(_SPELLING.get(w, w))
    return " ".join(sorted(words)), acting


def head_key(key: str) -> str:
    """The role with every word for 'the one who leads' made one ("Head" = "Director" = "Chairman"):
    used only when the question's own words find nobody."""
    return " ".join(sorted("head" if w in _HEAD_WORDS else w for w in key.split()))


def role_matches(query_key: str, post_key: str) -> int:
    """2 same role, 1 the post only adds non-modifying words (e.g. an organisation spelled out), 0 no."""
    if query_key == post_key:
        return 2
    q, p = set(query_key.split()), set(post_key.split())
    if q and q < p and not (p - q) & MODIFIERS:
        return 1
    return 0


def rebuild(kb: ResolutionStore) -> int:
    """Recompute every post interval (kb_posts) from the resolved posts rows; returns their number.

    A post's evidence date is defined once, in the store (communique.store.evidence)."""
    groups: dict[tuple, list] = defaultdict(list)
    names = kb.person_names()
    for post_id, person, org, role, acting, date, sentence in kb.post_evidence():
        key, acting_word = role_key(role)
        if not key:
            continue
        qualifiers = sentence_qualifiers(role, names.get(person, ""), sentence)
        acting_word = acting_word or "acting" in qualifiers
        extra = sorted((qualifiers - {"acting"}) - set(key.split()))
        if extra:
            key = " ".join(sorted(key.split() + extra))
            role = " ".join(w.capitalize() for w in extra) + " " + role
        groups[(person, org, key, int(bool(acting) or acting_word))].append((post_id, role, date))
    intervals = []
    for (person, org, key, acting), items in groups.items():
        dates = sorted(d[:10] for _, _, d in items if d)
        spelling = Counter(_strip_acting(r) for _, r, _ in items).most_common(1)[0][0]
        intervals.append((person, org, key, spelling, acting, dates[0] if dates else None,
                          dates[-1] if dates else None, [post_id for post_id, _, _ in items]))
    return kb.replace_post_intervals(intervals)


_QUALIFIERS = {
    "acting": "acting",
    "interim": "acting",
    "deputy": "deputy",
    "vice": "vice",
    "former": "former",
    "ex": "former",
    "assistant": "assistant",
}
_CLAUSE_END = re.compile(r"[,;:()]|\band\b", re.I)


@lru_cache(maxsize=65536)
def sentence_qualifiers(role: str, person: str, sentence: str) -> frozenset[str]:
    """Words just before the role in the sentence that change the post ("acting", "Deputy", "former"),
    read at the role's occurrence nearest the holder's surname: extraction may have left them out."""
    words = [w for w in re.split(r"[\s\-]+", role) if w]
    if not words or not sentence:
        return frozenset()
    occurrences = [m.start() for m in re.finditer(r"[\s\-]+".join(map(re.escape, words)), sentence, re.I)]
    if not occurrences:
        return frozenset()
    surname = person.split()[-1] if person.split() else ""
    at = sentence.find(surname) if surname else -1
    start = min(occurrences, key=lambda o: abs(o - at)) if at >= 0 else occurrences[0]
    before = _CLAUSE_END.split(sentence[max(0, start - 60) : start])[-1]
    return frozenset(
        {_QUALIFIERS[w] for w in re.findall(r"[\w'’-]+", before.lower())[-4:] if w in _QUALIFIERS}
    )


def _strip_acting(role: str) -> str:
    return re.sub(r"(?i)\b(acting|interim)\s+", "", role).strip()


@dataclass
class Holder:
    """One person's evidence for a post (several kb_posts rows may feed it: spellings of the org)."""

    person_id: int
    acting: bool
    match: int  # role_matches score
    dates: list[dt.date] = field(default_factory=list)
    kb_post_ids: set[int] = field(default_factory=set)

    @property
    def first(self) -> dt.date:
        return self.dates[0]

    @property
    def last(self) -> dt.date:
        return self.dates[-1]


def rank_holders(
    holders: list[Holder], on: dt.date, acting_query: bool
) -> list[tuple[Holder, dt.date, dt.date]]:
    """Order candidates for the post on date `on`, best first, each with its interval (from, to).

    A holder's interval runs from their first evidence until the first evidence of the next person to
    appear (the successor), or their own last evidence when that is later or there is no successor.
    The holder on `on` is the one whose interval covers it; when evidence of several people covers
    it (noise, overlaps), the one whose nearest evidence before and after is closest wins.
    """
    dated = [h for h in holders if h.dates]
    for h in dated:
        h.dates = _without_outliers(sorted(h.dates))
    acting = [h for h in dated if h.acting]
    titular = [h for h in dated if not h.acting]
    if acting_query:
        groups = [(acting or titular, 0.0)]
    else:
        # Acting holders rank after a titular holder whose evidence brackets the date, but before one
        # whose interval only reaches the date by extension.
        groups = [(titular, 0.0), (acting, 0.5)]
    scored = []
    for pool, penalty in groups:
        for h, frm, to in _intervals(pool):
            cls, dist = _score(h, frm, to, on)
            scored.append(((cls + penalty, dist, -h.match, -len(h.dates)), h, frm, to))
    scored.sort(key=lambda s: s[0])
    return [(h, frm, to) for _, h, frm, to in scored]


def _without_outliers(dates: list[dt.date]) -> list[dt.date]:
    """Drop evidence that no other evidence of the same person comes near (a misdated page, a post
    recalled years later); kept when nothing would be left."""
    if len(dates) < 3:
        return dates
    near = [
        d
        for i, d in enumerate(dates)
        if (i > 0 and (d - dates[i - 1]).days <= ISOLATION_DAYS)
        or (i + 1 < len(dates) and (dates[i + 1] - d).days <= ISOLATION_DAYS)
    ]
    return near or dates


def _intervals(holders: list[Holder]) -> list[tuple[Holder, dt.date, dt.date]]:
    order = sorted(holders, key=lambda h: h.first)
    out = []
    for i, h in enumerate(order):
        successor_start = next((o.first for o in order[i + 1 :] if o.first > h.first), None)
        to = h.last
        if successor_start and successor_start > h.last:
            to = successor_start - dt.timedelta(days=1)
        out.append((h, h.first, to))
    return out


def _score(h: Holder, frm: dt.date, to: dt.date, on: dt.date) -> tuple[float, float]:
    """(coverage class, distance in days): 0 evidence brackets the date, 1 the interval covers it by
    extension to the successor (for at most MAX_EXTENSION_DAYS), 2 otherwise, ranked by the distance to
    the nearest own evidence; for class 0 the distance is the gap between the evidence around the date."""
    before = [d for d in h.dates if d <= on]
    after = [d for d in h.dates if d >= on]
    if before and after:
        return 0.0, float((after[0] - before[-1]).days)
    nearest = min(abs((d - on).days) for d in h.dates)
    if frm <= on <= to and nearest <= MAX_EXTENSION_DAYS:
        return 1.0, float(nearest)
    return 2.0, float(nearest)
