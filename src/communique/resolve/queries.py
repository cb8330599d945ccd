"""Questions to the knowledge base that need resolution's rules: which entity a name refers to, who held a
post on a date.

The logic only: the lookups come from the store's read model (``communique.store.read.ReadModel``, which
implements ``EntityLookup`` and ``PostLookup`` of communique.store.interfaces and calls these functions for
``find_entity`` and ``who_held``). Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from communique.resolve import orgs, people, places
from communique.resolve.posts import (
    Evidence,
    Tenure,
    head_key,
    place_tenures,
    role_key,
    role_matches,
    single_holder,
    verdict,
)
from communique.resolve.title_ties import Body, read_tie
from communique.store.errors import QueryError

if TYPE_CHECKING:
    from communique.store.interfaces import EntityLookup, PostLookup

MAX_EVIDENCE = 25
FUZZY_CUTOFF = 85


# --- entity ------------------------------------------------------------------------------------


def find_entity_id(kb: EntityLookup, name: str, kind: str | None = None, *, fuzzy: bool = True) -> int | None:
    """The entity NAME refers to: a spelling seen verbatim, else a compatible person name, else an
    organisation or place under its canonical name, else (``fuzzy``) the closest spelling (rapidfuzz)."""
    ids = kb.entity_ids_by_alias(name, kind)
    if ids:
        return ids[0]
    if kind in (None, "person"):
        found = _person_by_name(kb, name)
        if found is not None:
            return found
    for k, canon in (("org", orgs.canonical(name, None, {})), ("place", places.canonical(name))):
        if kind in (None, k):
            found = kb.entity_id_by_key(k, orgs.key(canon) if k == "org" else places.key(canon))
            if found is not None:
                return found
            ids = kb.entity_ids_by_alias(canon, k)
            if ids:
                return ids[0]
    return _fuzzy(kb, name, kind) if fuzzy else None


def _person_by_name(kb: EntityLookup, text: str) -> int | None:
    name = people.parse(text)
    if name is None:
        return None
    best, best_rank = None, None
    for eid, key, mentions in kb.persons_with_surname(name.surname_key):
        first = key.partition("|")[2]
        other = people.PersonName(name.surname, first or None, initial=len(first) == 1)
        if not people.first_names_compatible(name, other):
            continue
        rank = (first == (name.first_key or ""), people.specificity(other), mentions)
        if best_rank is None or rank > best_rank:
            best, best_rank = eid, rank
    return best


def _fuzzy(kb: EntityLookup, text: str, kind: str | None) -> int | None:
    aliases = kb.aliases_of_kind(kind)
    if not aliases:
        return None
    hit = process.extractOne(
        text,
        [a for a, _ in aliases],
        scorer=fuzz.WRatio,
        score_cutoff=FUZZY_CUTOFF,
        processor=lambda s: people.fold(s),
    )
    return aliases[hit[2]][1] if hit else None


# --- who held a post ---------------------------------------------------------------------------


def _org_ids(kb: PostLookup, org: str) -> tuple[set[int], set[int]]:
    """Entities the organisation name refers to, and those whose name contains it ("CSTO Joint Staff")."""
    exact: set[int] = set(kb.entity_ids_by_alias(org, None))
    found = find_entity_id(kb, org)
    if found is not None:
        exact.add(found)
    spellings = {people.fold(org)} | {people.fold(s) for s in kb.entity_spellings(exact)}
    spellings = {s for s in spellings if len(s) >= 3}
    containing: set[int] = set()
    for eid, name in kb.post_organisations():
        folded = f" {people.fold(name)} "
        if eid not in exact and any(f" {s} " in folded for s in spellings):
            containing.add(eid)
    return exact, containing


def _candidates(
    rows: list[tuple],
    qkey: str,
    exact: set[int] | None,
    containing: set[int],
    normal: Any,
) -> tuple[dict[tuple[int, bool], Tenure], dict[tuple[int, bool], set[int]]]:
    """People whose kb_posts are the question's post in the question's organisation."""
    holders: dict[tuple[int, bool], Tenure] = {}
    orgs_of: dict[tuple[int, bool], set[int]] = defaultdict(set)
    for kp_id, person, org_id, key, acting, role, org_name in rows:
        if exact is None or org_id in exact:
            match = role_matches(qkey, normal(key))
        elif org_id in containing:
            # A post in a body of the organisation ("Chief" of the "CSTO Joint Staff") is the question's
            # post when role and body together are exactly it ("Chief of the Joint Staff", org CSTO).
            match = 2 if role_matches(qkey, normal(role_key(f"{role} {org_name}")[0])) == 2 else 0
        else:
            continue
        if not match:
            continue
        h = holders.setdefault((person, bool(acting)), Tenure(person, bool(acting), match))
        h.match = max(h.match, match)
        h.kb_post_ids.add(kp_id)
        orgs_of[(person, bool(acting))].add(org_id)
    return holders, orgs_of


@dataclass
class _Post:
    """The question's post: its holders with their evidence read and judged, and the names to show."""

    post: str
    org: str | None
    acting_query: bool
    tenures: list[Tenure]
    placed: list[Tenure]
    names: dict[int, str]
    orgs_of: dict[tuple[int, bool], set[int]]
    single: bool = True  # one holder at a time (resolve.posts.single_holder)


def _post(kb: PostLookup, post: str, org: str | None) -> _Post:
    """Candidates for POST (in ORG), each sentence of evidence judged by its structure (resolve.title_ties), and
    their tenures placed in succession (resolve.posts.place_tenures)."""
    qkey, acting_query = role_key(post)
    if org is None:
        acronyms = [w for w in post.replace("-", " ").split() if w.isupper() and len(w) >= 2]
        org = acronyms[0] if acronyms else None
    rows = kb.post_holders()
    exact: set[int] | None = None
    containing: set[int] = set()
    if org:
        exact, containing = _org_ids(kb, org)
    holders, orgs_of = _candidates(rows, qkey, exact, containing, lambda k: k)
    if not holders:
        # "Head" of an agency whose head is called its Director: the leading-post words as one.
        holders, orgs_of = _candidates(rows, head_key(qkey), exact, containing, head_key)
    if not holders:
        return _Post(post, org, acting_query, [], [], {}, orgs_of)
    org_of_interval = {r[0]: r[2] for r in rows}
    # The same post held in other organisations, per person: a sentence naming one of them may be about it.
    elsewhere: dict[int, dict[int, str]] = defaultdict(dict)
    people = {h.person_id for h in holders.values()}
    for _kp, person, org_id, key, _acting, _role, org_name in rows:
        if person in people and org_id is not None and org_name and role_matches(qkey, key) == 2:
            elsewhere[person][org_id] = org_name
    kb_post_ids = sorted({i for h in holders.values() for i in h.kb_post_ids})
    evidence = kb.post_evidence(kb_post_ids)
    bodies = kb.sentence_bodies(kb_post_ids)
    spellings_of: dict[int | None, set[str]] = {}
    asked_ids = (exact or set()) | containing

    def spellings(org_id: int | None) -> set[str]:
        if org_id not in spellings_of:
            ids = asked_ids | ({org_id} if org_id is not None else set())
            spellings_of[org_id] = kb.entity_spellings(ids) | ({org} if org else set())
        return spellings_of[org_id]

    by_interval: dict[int, list[Evidence]] = defaultdict(list)
    for kp_id, art, date, sentence, teaser, url, person_written, role_written in evidence:
        by_interval[kp_id].append(Evidence(kp_id, art, dt.date.fromisoformat(date[:10]) if date else None,
                                           sentence, teaser, url, person_written, role_written))
    for h in holders.values():
        for kp_id in sorted(h.kb_post_ids):
            filed = org_of_interval.get(kp_id)
            filed_ids = asked_ids | ({filed} if filed is not None else set())
            others = {k: v for k, v in elsewhere.get(h.person_id, {}).items() if k not in filed_ids}
            # A sentence met again (a re-crawl, a copy on another page, a syndicated report) is judged once: the
            # judgement reads only the sentence, the names written and the bodies it names.
            judged: dict[tuple, Any] = {}
            for ev in by_interval[kp_id]:
                found = tuple(bodies.get((ev.article_id, ev.from_teaser, ev.sentence), ()))
                key = (ev.sentence, ev.person, ev.role, found)
                if key not in judged:
                    judged[key] = read_tie(ev.sentence, ev.person, ev.role, [Body(text, eid) for text, eid in found],
                                           filed_ids, spellings(filed), others)
                ev.exclusion = judged[key].reason
                h.evidence.append(ev)
    tenures = list(holders.values())
    names = kb.entity_names({h.person_id for h in tenures})
    single = single_holder(qkey)
    placed = place_tenures(tenures, names, single)
    return _Post(post, org, acting_query, tenures, placed, names, orgs_of, single)


def _tenure_row(kb: PostLookup, q: _Post, t: Tenure, day: dt.date | None = None,
                basis: str | None = None) -> dict[str, Any]:
    """A tenure as the CLI and the web show it: who, which post, its interval (evidenced and inferred parts),
    the evidence kept (nearest the day first) and, apart, the sentences excluded."""
    org_names = kb.names_by_mentions(sorted(i for i in q.orgs_of[(t.person_id, t.acting)] if i is not None))
    kept = t.kept
    if day is not None:
        kept.sort(key=lambda e: (e.date is None, abs((e.date - day).days) if e.date else 0, e.from_teaser is not None))
    else:
        kept.sort(key=lambda e: (e.date is None, e.date or dt.date.min, e.from_teaser is not None))
    row: dict[str, Any] = {
        "person": q.names.get(t.person_id, "?"),
        "entity_id": t.person_id,
        "post": ("Acting " if t.acting else "") + kb.post_role(sorted(t.kb_post_ids)),
        "acting": t.acting,
        "org": org_names[0] if org_names else q.org,
        "from": t.first.isoformat() if t.first else None,
        "to": t.to.isoformat() if t.to else None,
        "evidenced_from": t.first.isoformat() if t.first else None,
        "evidenced_to": t.last.isoformat() if t.last else None,
        "inferred_from": (t.last + dt.timedelta(days=1)).isoformat() if t.inferred_to else None,
        "inferred_to": t.inferred_to.isoformat() if t.inferred_to else None,
        "open": t.open,
        "evidence_count": len(kept),
        "dated_evidence": len(t.dates),
        "evidence": [e.as_dict() for e in kept[:MAX_EVIDENCE]],
    }
    if basis is not None:
        row["basis"] = basis
    excluded = [e for e in t.evidence if e.exclusion]
    if excluded:
        row["excluded_evidence"] = [e.as_dict() for e in excluded[:MAX_EVIDENCE]]
    if t.set_aside:
        row["excluded"] = t.set_aside
    return row


def _day(on: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(on) if on else dt.date.today()
    except ValueError:
        raise QueryError(f"bad date {on!r}: use YYYY-MM-DD") from None


def who_held(kb: PostLookup, post: str, org: str | None = None, on: str | None = None,
             include_all: bool = False) -> dict[str, Any]:
    """Who held POST (in ORG) on date ON (YYYY-MM-DD; today when None): a verdict.

    ``verdict`` is "held" (``rows`` = the holder, with ``basis`` "evidenced" or "inferred"), "ambiguous"
    (``rows`` = the candidates) or "unknown" (no rows); ``reason`` says why in words. With ``include_all``,
    ``others`` lists the post's other holders in succession and ``excluded`` the candidates set aside, each
    with its reason. QueryError for a date that is not one."""
    day = _day(on)
    q = _post(kb, post, org)
    if not q.tenures:
        return {"post": post, "org": q.org, "on": day.isoformat(), "verdict": "unknown",
                "reason": "nobody is named with that post" + (f" in {q.org}" if q.org else ""), "rows": []}
    found = verdict(q.placed, day, q.acting_query, q.names, q.single)
    chosen = {id(t) for t, _ in found.holders}
    answer: dict[str, Any] = {
        "post": post, "org": q.org, "on": day.isoformat(), "verdict": found.kind, "reason": found.reason,
        "rows": [_tenure_row(kb, q, t, day, basis) for t, basis in found.holders],
    }
    if include_all:
        answer["others"] = [_tenure_row(kb, q, t, day) for t in q.placed if id(t) not in chosen]
        answer["excluded"] = [_tenure_row(kb, q, t, day) for t in q.tenures if t.set_aside]
    return answer


def succession(kb: PostLookup, post: str, org: str | None = None, include_all: bool = False) -> dict[str, Any]:
    """The holders of POST (in ORG) in order: each with from/to (evidenced, then inferred up to the next
    holder's first evidence), acting, the evidence count, and its first and last evidence. With
    ``include_all``, ``excluded`` lists the candidates set aside, each with its reason."""
    q = _post(kb, post, org)
    rows = []
    for t in q.placed:
        row = _tenure_row(kb, q, t)
        row["evidence"] = row.pop("evidence_count")
        row.pop("excluded_evidence", None)
        dated = sorted((e for e in t.kept if e.date and not e.outlier), key=lambda e: e.date)
        row["first_evidence"] = dated[0].as_dict() if dated else None
        row["last_evidence"] = dated[-1].as_dict() if dated else None
        rows.append(row)
    answer: dict[str, Any] = {"post": post, "org": q.org, "one_at_a_time": q.single, "rows": rows}
    if include_all:
        answer["excluded"] = [_tenure_row(kb, q, t) for t in q.tenures if t.set_aside]
    return answer
