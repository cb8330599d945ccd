"""Organisations: canonical names from the gazetteer, acronyms learned from the text, "the Organization".

Order of trust for an organisation mention's canonical name:
1. the canonical name extraction stored with the mention (gazetteer or learned on the page);
2. ``communique.extract.gazetteer.canonical_org`` when that module is installed;
3. acronym <-> full name pairs learned from the corpus ("Collective Security Treaty Organization (CSTO)",
   or an acronym whose letters are the initials of a full name seen on the same page);
4. the text itself, without a leading "the" or a possessive.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from communique.extract.gazetteer import canonical_org

# The name rules live in communique.names (shared with extraction); re-exported for resolution's modules.
from communique.names import clean_org as clean
from communique.names import fold, initials, is_acronym, trim_to_initials
from communique.names import org_key as key

if TYPE_CHECKING:
    from communique.resolve.registry import Registry
    from communique.store.interfaces import ResolutionStore

_GENERIC_OWNER = {"organization", "organisation", "the organization", "the organisation"}
_PAIR_LONG_SHORT = re.compile(
    r"((?:[A-Z][\w'’\-]+)(?:\s+(?:of|the|and|for|on|in|to|[A-Z][\w'’\-]+)){1,12})\s*\(([A-Z][A-Za-z]{1,9})\)"
)
_PAIR_SHORT_LONG = re.compile(r"\b([A-Z][A-Z]{1,8})\s*\(((?:[A-Z][\w'’\-]+)(?:\s+[\w'’\-]+){1,12})\)")


@lru_cache(maxsize=131072)
def is_owner_reference(text: str) -> bool:
    """'the Organization' and the like: the site's own institution."""
    return key(text) in _GENERIC_OWNER or fold(text).strip() in _GENERIC_OWNER


def learn_pairs(sentences: Iterable[str]) -> dict[str, Counter]:
    """Acronym -> Counter of full names, from 'Full Name (ACR)' and 'ACR (Full Name)' in sentences."""
    pairs: dict[str, Counter] = {}
    for s in sentences:
        if "(" not in s:
            continue
        for long, short in _PAIR_LONG_SHORT.findall(s):
            long = trim_to_initials(long, short)
            if long:
                pairs.setdefault(short, Counter())[long] += 1
        for short, long in _PAIR_SHORT_LONG.findall(s):
            long = trim_to_initials(long, short)
            if long:
                pairs.setdefault(short, Counter())[long] += 1
    return pairs


def canonical(text: str, stored: str | None, learned: dict[str, str]) -> str:
    """Canonical display name of an organisation mention."""
    if stored:
        return clean(stored)
    gaz = canonical_org(text)
    if gaz:
        return gaz
    t = clean(text)
    if t in learned:
        return learned[t]
    return t


def best_pairs(pairs: dict[str, Counter]) -> dict[str, str]:
    """Each acronym's most frequent full name."""
    return {short: names.most_common(1)[0][0] for short, names in pairs.items() if names}


# --- Linking organisation mentions and post organisations to entities ---------------------------


def link(kb: ResolutionStore, reg: Registry) -> int:
    """Give every unresolved organisation mention and post organisation an entity."""
    mentions = kb.unlinked_org_mentions()
    post_orgs = kb.unlinked_post_orgs()
    if not mentions and not post_orgs:
        return 0
    sentences = kb.acronym_sentences()
    learned = best_pairs(learn_pairs(sentences))
    long_here: dict[tuple[int, int], dict[str, str]] = defaultdict(dict)
    for _, art, teaser, text, stored, _ in mentions:
        name = clean(stored or text)
        if not is_acronym(name) and len(name.split()) > 1:
            long_here[(art, -1 if teaser is None else teaser)].setdefault(initials(name), name)

    cache: dict[tuple, int] = {}

    def resolve_name(text: str, stored: str | None, ctx: tuple[int, int]) -> int:
        expansion = long_here[ctx].get(clean(text)) if is_acronym(text) else None
        ck = (text, stored, expansion)
        if ck not in cache:
            cache[ck] = _entity_for(reg, text, stored, learned, expansion)
        return cache[ck]

    updates, deferred = [], []
    spellings: Counter[tuple[int, str]] = Counter()
    counts: dict[tuple[int, int], Counter] = defaultdict(Counter)
    for mid, art, teaser, text, stored, site in mentions:
        ctx = (art, -1 if teaser is None else teaser)
        if not stored and is_owner_reference(text):
            deferred.append((mid, ctx, text, site))
            continue
        eid = resolve_name(text, stored, ctx)
        counts[ctx][eid] += 1
        spellings[(eid, text)] += 1
        updates.append((eid, mid))
    kb.link_mentions(updates)

    owners = site_owners(kb.site_org_articles())
    owner_updates = []
    for mid, ctx, text, site in deferred:
        eid = _owner(reg, counts[ctx], owners.get(site))
        if eid is not None:
            spellings[(eid, text)] += 1
            owner_updates.append((eid, mid))
    kb.link_mentions(owner_updates)
    for (eid, text), n in spellings.items():
        reg.alias(eid, text, n)

    post_updates = []
    for pid, art, teaser, text, site in post_orgs:
        ctx = (art, -1 if teaser is None else teaser)
        if is_owner_reference(text):
            eid = _owner(reg, counts[ctx], owners.get(site))
        else:
            eid = _place_for(reg, text)
            if eid is None:
                eid = resolve_name(text, None, ctx)
        if eid is not None:
            reg.alias(eid, text, 0)
            post_updates.append((eid, pid))
    kb.link_post_orgs(post_updates)
    return len(updates) + len(owner_updates) + len(post_updates)


def _entity_for(
    reg: Registry, text: str, stored: str | None, learned: dict[str, str], expansion: str | None
) -> int:
    eid = reg.lookup_alias("org", text)
    if eid is not None and not stored:
        return eid
    name = canonical(text, stored, learned)
    if expansion and is_acronym(name):
        name = expansion
    found = reg.by_key.get(("org", key(name))) or reg.lookup_alias("org", name)
    if found is None and eid is not None:
        return eid
    return found if found is not None else reg.create("org", key(name), name)


def _place_for(reg: Registry, text: str) -> int | None:
    """A post's 'organisation' that is a state ("President of Belarus") is the place entity."""
    from communique.resolve import places

    eid = reg.lookup_alias("place", text)
    if eid is not None:
        return eid
    name = places.state_name(text)
    return places.entity_for(reg, text) if name else None


def _owner(reg: Registry, here: Counter, site_owner: int | None) -> int | None:
    """'The Organization': the organisation the text itself names most that is one, else the site's owner."""
    for eid, _ in here.most_common():
        if "organization" in key(reg.name.get(eid, "")):
            return eid
    return site_owner


def site_owners(site_org_articles: Iterable[tuple[str, int, int]]) -> dict[str, int]:
    """Each site's own institution: the organisation named by the most of its articles (not teasers), from
    (site, organisation entity, articles) counts."""
    best: dict[str, tuple[int, int]] = {}
    for site, eid, n in site_org_articles:
        if n > best.get(site, (0, 0))[1]:
            best[site] = (eid, n)
    return {site: eid for site, (eid, _) in best.items()}
