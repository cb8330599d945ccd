"""Events across documents: event mentions (rows of `events`) merged into knowledge-base events.

As in GDELT, an event is reported by many mentions: the article itself, teasers of it on other pages
of the site, other outlets. Two mentions are one event when their types agree, their dates overlap,
nothing contradicts (another place, another named operation, disjoint participants) and something
positively links them (a shared participant, the same name or place, or much the same sentence).
Undated mentions merge only with the same sentence of the same type (a copy: teaser, duplicate page).
Which types may be one happening told differently is the type table's (communique.extract.event_types).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from communique.extract import event_types
from communique.resolve import places
from communique.resolve.people import fold

if TYPE_CHECKING:
    from communique.resolve.registry import Registry
    from communique.store.interfaces import ResolutionStore

SENTENCE_SIMILARITY = 70  # rapidfuzz token_set_ratio for "the same report"
NAME_SIMILARITY = 85
DATE_TOLERANCE_DAYS = 1  # another outlet dates by its own day; allowed only with a strong link
MAX_SPAN_DAYS = 62  # longer "events" are seasons or programmes: indexed by their start only


@dataclass
class Mention:
    id: int
    article_id: int
    type: str
    status: str
    start: dt.date | None
    end: dt.date | None
    place: int | None
    name: str | None
    sentence: str
    from_teaser: int | None
    participants: set[int] = field(default_factory=set)


@dataclass
class Cluster:
    id: int | None
    types: set[str]
    start: dt.date | None
    end: dt.date | None
    places: set[int] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    participants: set[int] = field(default_factory=set)
    sentences: list[str] = field(default_factory=list)
    members: list[int] = field(default_factory=list)

    def add(self, m: Mention) -> None:
        self.types.add(m.type)
        if m.start and (self.start is None or m.start < self.start):
            self.start = m.start
        last = m.end or m.start
        if last and (self.end is None or last > self.end):
            self.end = last
        if m.place is not None:
            self.places.add(m.place)
        if m.name:
            self.names.add(fold(m.name))
        self.participants |= m.participants
        if len(self.sentences) < 4:
            self.sentences.append(fold(m.sentence))
        self.members.append(m.id)


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _days(start: dt.date, end: dt.date | None) -> list[dt.date]:
    end = end if end and start <= end <= start + dt.timedelta(days=MAX_SPAN_DAYS) else start
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def link(kb: ResolutionStore, reg: Registry) -> int:
    """Attach every event mention without a kb_event to a matching kb_event or a new one."""
    new = _new_mentions(kb, reg)
    if not new:
        return 0
    lo = min((m.start for m in new if m.start), default=None)
    hi = max((m.end or m.start for m in new if m.start), default=None)
    by_day, by_sentence = _load_clusters(kb, lo, hi)
    touched: dict[int, Cluster] = {}
    fresh: list[Cluster] = []
    assignment: list[tuple[Mention, Cluster]] = []
    for m in sorted(new, key=lambda m: (m.start or dt.date.max, m.from_teaser is not None, m.id)):
        cluster = _match(m, by_day, by_sentence)
        if cluster is None:
            cluster = Cluster(None, set(), None, None)
            fresh.append(cluster)
        cluster.add(m)
        assignment.append((m, cluster))
        if m.start:
            for day in _days(m.start, m.end):
                if cluster not in by_day[day]:
                    by_day[day].append(cluster)
        by_sentence.setdefault((m.type, fold(m.sentence), m.start is None), cluster)
        if cluster.id is not None:
            touched[cluster.id] = cluster
    for cluster in fresh:
        cluster.id = kb.create_kb_event()
        touched[cluster.id] = cluster
    kb.assign_kb_events([(c.id, m.id) for m, c in assignment])
    _refresh(kb, reg, list(touched))
    return len(assignment)


def _new_mentions(kb: ResolutionStore, reg: Registry) -> list[Mention]:
    rows = kb.unlinked_events()
    if not rows:
        return []
    participants: dict[int, set[int]] = defaultdict(set)
    for event_id, eid in kb.unlinked_event_participants():
        participants[event_id].add(eid)
    place_cache: dict[str, int] = {}
    out = []
    for eid, art, typ, status, date, end, place, name, sentence, teaser in rows:
        place_id = None
        if place:
            if place not in place_cache:
                place_cache[place] = places.entity_for(reg, place)
            place_id = place_cache[place]
        out.append(
            Mention(
                eid,
                art,
                typ or "other",
                status or "held",
                _date(date),
                _date(end),
                place_id,
                name or None,
                sentence or "",
                teaser,
                participants.get(eid, set()),
            )
        )
    return out


def _load_clusters(
    kb: ResolutionStore, lo: dt.date | None, hi: dt.date | None
) -> tuple[dict[dt.date, list[Cluster]], dict[tuple[str, str, bool], Cluster]]:
    """Existing kb_events near the new mentions' dates (and all undated ones, by sentence)."""
    by_day: dict[dt.date, list[Cluster]] = defaultdict(list)
    by_sentence: dict[tuple[str, str, bool], Cluster] = {}
    clusters: dict[int, Cluster] = {}
    low = high = None
    if lo and hi:
        low = (lo - dt.timedelta(days=DATE_TOLERANCE_DAYS)).isoformat()
        high = (hi + dt.timedelta(days=DATE_TOLERANCE_DAYS)).isoformat()
    rows = kb.kb_event_members(low, high)
    for kid, date, end, place, event_id, typ, name, sentence in rows:
        c = clusters.get(kid)
        if c is None:
            c = clusters[kid] = Cluster(kid, set(), _date(date), _date(end) or _date(date))
            if place is not None:
                c.places.add(place)
        c.types.add(typ)
        if name:
            c.names.add(fold(name))
        if len(c.sentences) < 4:
            c.sentences.append(fold(sentence))
        c.members.append(event_id)
        by_sentence.setdefault((typ, fold(sentence), c.start is None), c)
    if clusters:
        for kid, eid in kb.kb_event_participants(low, high):
            clusters[kid].participants.add(eid)
    for c in clusters.values():
        if c.start:
            for day in _days(c.start, c.end):
                by_day[day].append(c)
    return by_day, by_sentence


def _match(
    m: Mention, by_day: dict[dt.date, list[Cluster]], by_sentence: dict[tuple[str, str, bool], Cluster]
) -> Cluster | None:
    same_text = by_sentence.get((m.type, fold(m.sentence), m.start is None))
    if m.start is None:
        return same_text if same_text is not None and same_text.start is None else None
    if (
        same_text is not None
        and same_text.start is not None
        and same_text.start <= (m.end or m.start)
        and m.start <= (same_text.end or same_text.start)
        and (m.place is None or not same_text.places or m.place in same_text.places)
    ):
        return same_text  # the same sentence about the same days: a copy of one report
    exact: list[Cluster] = []
    near: list[Cluster] = []
    for day in _days(m.start, m.end):
        exact.extend(c for c in by_day.get(day, ()) if c not in exact)
    for delta in range(1, DATE_TOLERANCE_DAYS + 1):
        for day in (m.start - dt.timedelta(days=delta), (m.end or m.start) + dt.timedelta(days=delta)):
            near.extend(c for c in by_day.get(day, ()) if c not in exact and c not in near)
    best, best_score = None, 0.0
    for cluster, tolerance in [(c, False) for c in exact] + [(c, True) for c in near]:
        score = _support(m, cluster)
        if tolerance and score < 2:
            continue
        if score > best_score:
            best, best_score = cluster, score
    return best


def _support(m: Mention, c: Cluster) -> float:
    """0 when the mention cannot be this event; otherwise how strongly it is linked to it."""
    if m.type not in c.types and not any(event_types.compatible(m.type, t) for t in c.types):
        return 0.0
    if m.place is not None and c.places and m.place not in c.places:
        return 0.0
    name = fold(m.name) if m.name else None
    if name and c.names and max(fuzz.ratio(name, n) for n in c.names) < NAME_SIMILARITY:
        return 0.0
    if m.participants and c.participants and not (m.participants & c.participants):
        return 0.0
    score = 0.0
    shared = len(m.participants & c.participants)
    score += min(shared, 2)
    if name and name in c.names:
        score += 2
    if m.place is not None and m.place in c.places:
        score += 1
    sentence = fold(m.sentence)
    if sentence and c.sentences:
        similarity = max(fuzz.token_set_ratio(sentence, s) for s in c.sentences)
        if similarity >= SENTENCE_SIMILARITY:
            score += 1 + (similarity >= 95)
    if m.type not in c.types and shared == 0:
        return 0.0  # another type needs a shared participant
    return score


def _refresh(kb: ResolutionStore, reg: Registry, ids: list[int]) -> None:
    """Recompute type, dates, place, name, status and counts of the kb_events that gained mentions."""
    if not ids:
        return
    members: dict[int, list[tuple]] = defaultdict(list)
    for row in kb.kb_event_reports(ids):
        members[row[0]].append(row[1:])
    updates = []
    for kid, rows in members.items():
        own = [r for r in rows if r[7] is None] or rows  # the article's own report outranks teasers
        typ = Counter(r[1] for r in own).most_common(1)[0][0]
        status = "held" if any(r[2] == "held" for r in rows) else "planned"
        starts = sorted(r[3][:10] for r in own if r[3]) or sorted(r[3][:10] for r in rows if r[3])
        ends = sorted((r[4] or r[3])[:10] for r in own if r[3])
        start = Counter(starts).most_common(1)[0][0] if starts else None
        end = ends[-1] if ends and start and ends[-1] > start else None
        place_texts = Counter(r[5] for r in rows if r[5])
        place_id = place_name = None
        if place_texts:
            place_id = places.entity_for(reg, place_texts.most_common(1)[0][0])
            place_name = reg.name.get(place_id)
        names = Counter(r[6] for r in rows if r[6])
        name = names.most_common(1)[0][0] if names else None
        sources = len({r[0] for r in rows})
        teaser_only = int(all(r[7] is not None for r in rows))
        updates.append(
            (typ, status, start, end, place_name, place_id, name, len(rows), sources, teaser_only, kid)
        )
    kb.update_kb_events(updates)
