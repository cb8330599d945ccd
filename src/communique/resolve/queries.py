"""Questions to the knowledge base that need resolution's rules: which entity a name refers to, who held a
post on a date.

The logic only: the lookups come from the store's read model (``communique.store.read.ReadModel``, which
implements ``EntityLookup`` and ``PostLookup`` of communique.store.interfaces and calls these functions for
``find_entity`` and ``who_held``). Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from communique.resolve import orgs, people, places
from communique.resolve.posts import (
    Holder,
    head_key,
    rank_holders,
    role_key,
    role_matches,
)
from communique.store.errors import QueryError

if TYPE_CHECKING:
    from communique.store.interfaces import EntityLookup, PostLookup

MAX_ANSWERS = 10
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
) -> tuple[dict[tuple[int, bool], Holder], dict[tuple[int, bool], set[int]]]:
    """People whose kb_posts are the question's post in the question's organisation."""
    holders: dict[tuple[int, bool], Holder] = {}
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
        h = holders.setdefault((person, bool(acting)), Holder(person, bool(acting), match))
        h.match = max(h.match, match)
        h.kb_post_ids.add(kp_id)
        orgs_of[(person, bool(acting))].add(org_id)
    return holders, orgs_of


def who_held(kb: PostLookup, post: str, org: str | None = None, on: str | None = None) -> list[dict[str, Any]]:
    """People who held POST (in ORG) on date ON (YYYY-MM-DD; today when None), best first, each with the
    evidence of their interval. QueryError for a date that is not one."""
    try:
        day = dt.date.fromisoformat(on) if on else dt.date.today()
    except ValueError:
        raise QueryError(f"bad date {on!r}: use YYYY-MM-DD") from None
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
        return []
    evidence: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for kp_id, art, date, sentence, teaser, url in kb.post_evidence(sorted({i for h in holders.values()
                                                                           for i in h.kb_post_ids})):
        evidence[kp_id].append(
            {
                "article_id": art,
                "date": date[:10] if date else None,
                "sentence": sentence,
                "from_teaser": teaser,
                "url": url,
            }
        )
    for h in holders.values():
        for kp_id in h.kb_post_ids:
            for ev in evidence[kp_id]:
                if ev["date"]:
                    h.dates.append(dt.date.fromisoformat(ev["date"]))
    ranked = rank_holders(list(holders.values()), day, acting_query)[:MAX_ANSWERS]
    names = kb.entity_names({h.person_id for h, _, _ in ranked})
    answers = []
    for h, frm, to in ranked:
        org_names = kb.names_by_mentions(sorted(i for i in orgs_of[(h.person_id, h.acting)] if i is not None))
        items = [ev for i in h.kb_post_ids for ev in evidence[i]]
        items.sort(
            key=lambda ev: (
                ev["date"] is None,
                abs((dt.date.fromisoformat(ev["date"]) - day).days) if ev["date"] else 0,
                ev["from_teaser"] is not None,
            )
        )
        answers.append(
            {
                "person": names[h.person_id],
                "entity_id": h.person_id,
                "post": ("Acting " if h.acting else "") + kb.post_role(sorted(h.kb_post_ids)),
                "acting": h.acting,
                "org": org_names[0] if org_names else org,
                "from": frm.isoformat(),
                "to": to.isoformat(),
                "evidence_count": len(items),
                "evidence": items[:MAX_EVIDENCE],
            }
        )
    return answers
