"""Posts over time: normalised roles, intervals from dated evidence, tenures in succession and the verdict on
who held a post on a date.

A role is compared as a bag of words without articles, organisation acronyms and "acting", so
"Secretary General", "General Secretary", "Secretary-General" and "CSTO Secretary General" are one
role while "Deputy Secretary General" stays another. "Acting" is a flag of its own: an acting holder
answers a question about the acting post, and a plain question only when no titular holder's
evidence covers the date.

A tenure is evidenced from its first to its last dated evidence and inferred up to the next holder's first
evidence (place_tenures); the verdict on a date names one holder, or says why it cannot (verdict). Which
sentences are evidence at all is read from their structure in communique.resolve.title_ties.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

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



# --- succession: tenures from evidence, and the holder on a date ---------------------------------


@dataclass
class Evidence:
    """One sentence that names a person with the post (a posts row filed under one kb_posts interval)."""

    kb_post_id: int
    article_id: int
    date: dt.date | None
    sentence: str
    from_teaser: int | None
    url: str | None
    person: str = ""  # the name as written
    role: str = ""  # the title as written
    exclusion: str | None = None  # why the sentence is no evidence of this post (resolve.title_ties)
    outlier: bool = False  # dated far from every other piece of the person's evidence: not used for the interval

    def as_dict(self) -> dict[str, Any]:
        row = {"article_id": self.article_id, "date": self.date.isoformat() if self.date else None,
               "sentence": self.sentence, "from_teaser": self.from_teaser, "url": self.url}
        if self.exclusion:
            row["excluded"] = self.exclusion
        if self.outlier:
            row["outlier"] = True
        return row


@dataclass
class Tenure:
    """One person's holding of the post (titular or acting) as the evidence shows it.

    ``first``..``last`` is evidenced (the first and last dated evidence kept); ``last``+1..``inferred_to`` is
    inferred: nobody else's evidence appears before the next holder's first. ``open`` when no later holder
    is known (the tenure may go on)."""

    person_id: int
    acting: bool
    match: int = 2  # role_matches score of the best of its intervals
    evidence: list[Evidence] = field(default_factory=list)
    kb_post_ids: set[int] = field(default_factory=set)
    first: dt.date | None = None
    last: dt.date | None = None
    inferred_to: dt.date | None = None
    open: bool = False
    set_aside: str | None = None  # why the tenure is no holding of this post (shown only when asked for all)

    @property
    def kept(self) -> list[Evidence]:
        return [e for e in self.evidence if not e.exclusion]

    @property
    def dates(self) -> list[dt.date]:
        return sorted(e.date for e in self.kept if e.date and not e.outlier)

    @property
    def to(self) -> dt.date | None:
        return self.inferred_to or self.last

    def covers(self, day: dt.date) -> str | None:
        """"evidenced", "inferred" or None: how the tenure reaches the day."""
        if self.first is None or self.last is None or day < self.first:
            return None
        if day <= self.last:
            return "evidenced"
        if self.inferred_to is not None and day <= self.inferred_to:
            return "inferred"
        return None


# Words of a role that several people hold at once ("Deputy Secretary General", "Member of the Council",
# "Special Representative"): such a post has no succession, only holders over time.
_SHARED_POST_WORDS = {"deputy", "vice", "assistant", "member", "members", "representative", "adviser", "advisor",
                      "aide", "envoy", "ambassador", "counsellor", "councillor", "judge", "officer", "expert"}


# A bare title a government gives many people at once ("Minister" of a state); "Minister of Defence" is one.
_SHARED_BARE_TITLES = {"minister", "ministers"}


def single_holder(key: str) -> bool:
    """Whether one person at a time holds the role (a role key of role_key)."""
    return not set(key.split()) & _SHARED_POST_WORDS and key not in _SHARED_BARE_TITLES


def place_tenures(tenures: list[Tenure], names: dict[int, str], single: bool = True) -> list[Tenure]:
    """Fill in each tenure's interval and set aside those that are no holding of the post; returns the placed
    ones in order of their first evidence (the succession).

    Set aside: every sentence excluded by its structure; no dated evidence; or, for a post one person holds at a
    time (``single``), all dated evidence inside another holder's tenure of the same kind (titular or acting)
    that has more evidence on both sides of it (the lesser claim is noise, e.g. a misspelt name). Only such a
    post has inferred parts: up to the next holder's first evidence."""
    for t in tenures:
        if not t.kept:
            reasons = Counter(e.exclusion for e in t.evidence)
            t.set_aside = reasons.most_common(1)[0][0]
            continue
        dated = sorted((e for e in t.kept if e.date), key=lambda e: e.date)
        keep = set(map(id, _without_outliers(dated)))
        for e in dated:
            e.outlier = id(e) not in keep
        if not t.dates:
            t.set_aside = "no dated evidence"
            continue
        t.first, t.last = t.dates[0], t.dates[-1]
    placed = [t for t in tenures if t.set_aside is None]
    if not single:
        return sorted(placed, key=lambda t: (t.first, t.last, t.person_id))
    for t in placed:
        host = next((o for o in placed if o is not t and o.acting == t.acting and o.set_aside is None
                     and o.first < t.first and t.last < o.last and len(o.dates) > len(t.dates)), None)
        if host is not None:
            t.set_aside = (f"all its dated evidence ({len(t.dates)}, {t.first} – {t.last}) falls within the tenure "
                           f"of {names.get(host.person_id, '?')} ({host.first} – {host.last}, {len(host.dates)} "
                           "dated pieces of evidence)")
    placed = sorted((t for t in placed if t.set_aside is None), key=lambda t: (t.first, t.last, t.person_id))
    for i, t in enumerate(placed):
        successor = next((o.first for o in placed[i + 1:] if o.first > t.first), None)
        t.open = successor is None
        t.inferred_to = successor - dt.timedelta(days=1) if successor and successor > t.last + dt.timedelta(
            days=1) else None
    return placed


def _without_outliers(evidence: list[Evidence]) -> list[Evidence]:
    """Drop dated evidence that no other evidence of the same person comes near (a misdated page, a post
    recalled years later); kept when nothing would be left. ``evidence`` is in date order."""
    if len(evidence) < 3:
        return evidence
    near = [
        e
        for i, e in enumerate(evidence)
        if (i > 0 and (e.date - evidence[i - 1].date).days <= ISOLATION_DAYS)
        or (i + 1 < len(evidence) and (evidence[i + 1].date - e.date).days <= ISOLATION_DAYS)
    ]
    return near or evidence


@dataclass
class Verdict:
    """Who held the post on a day: ``held`` (one holder, evidenced or inferred), ``ambiguous`` (several, with the
    reason) or ``unknown`` (no tenure reaches the day)."""

    kind: str
    holders: list[tuple[Tenure, str]]  # (tenure, "evidenced" | "inferred")
    reason: str


def verdict(placed: list[Tenure], day: dt.date, acting_query: bool, names: dict[int, str],
            single: bool = True) -> Verdict:
    """The holder on ``day`` from the placed tenures (place_tenures).

    Evidence covering the day wins over inference; a titular holder's evidence over an acting holder's (an
    acting question asks for the acting holders only, or the titular when there are none). Evidence of two
    holders of the same kind covering the day is ambiguous. Otherwise the holder whose inferred part reaches
    the day (last evidence before it, the next holder's first after it), or the latest holder when no later one
    is known."""
    pool = [t for t in placed if t.acting] if acting_query else placed
    if acting_query and not pool:
        pool = placed

    def name(t: Tenure) -> str:
        return names.get(t.person_id, "?") + (" (acting)" if t.acting else "")

    evidenced = [t for t in pool if t.covers(day) == "evidenced"]
    if not acting_query and any(not t.acting for t in evidenced):
        evidenced = [t for t in evidenced if not t.acting]
    if not single:
        if evidenced:
            return Verdict("held", [(t, "evidenced") for t in evidenced],
                           f"several people hold this post at once; the evidence of {len(evidenced)} covers {day}")
        return Verdict("unknown", [], f"several people hold this post at once, and no one's evidence covers {day}")
    if len(evidenced) == 1:
        t = evidenced[0]
        n = sum(1 for e in t.kept if e.date and not e.outlier)
        return Verdict("held", [(t, "evidenced")],
                       f"{name(t)}: {n} dated piece{'s' if n != 1 else ''} of evidence from {t.first} to {t.last} "
                       f"cover {day}")
    if evidenced:
        spans = "; ".join(f"{name(t)} {t.first} – {t.last}" for t in evidenced)
        return Verdict("ambiguous", [(t, "evidenced") for t in evidenced],
                       f"the evidence of {len(evidenced)} holders covers {day}: {spans}")
    inferred = [t for t in pool if t.covers(day) == "inferred"]
    if len(inferred) == 1:
        t = inferred[0]
        nxt = t.inferred_to + dt.timedelta(days=1)
        return Verdict("held", [(t, "inferred")],
                       f"inferred: {name(t)}'s last evidence is of {t.last}, the next holder's first of {nxt}")
    if inferred:
        spans = "; ".join(f"{name(t)} to {t.inferred_to}" for t in inferred)
        return Verdict("ambiguous", [(t, "inferred") for t in inferred], f"inferred for several holders: {spans}")
    before = [t for t in pool if t.last is not None and t.last < day]
    if before:
        latest = max(before, key=lambda t: (t.last, t.first))
        if latest.open:
            return Verdict("held", [(latest, "inferred")],
                           f"inferred: {name(latest)} is the latest holder in the evidence (last evidence "
                           f"{latest.last}; no later holder known)")
    first = min((t.first for t in pool if t.first is not None), default=None)
    return Verdict("unknown", [], f"no evidence of the post before {first}" if first and day < first
                   else "no evidence of the post reaches that date")
