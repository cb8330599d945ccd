"""People: link every person spelling to an entity.

The rules for a name (see docs/resolution.md) are ``communique.names``': a person is a surname plus a
compatible first name. Both are compared on a transliteration *skeleton* so that the romanisations of
one Cyrillic name agree (Yury/Yuri, Sergey/Sergei, Andrei/Andrey, Nikolai/Nikolay, Zas/Zass,
Taalatbek/Talatbek, Ordabaev/Ordabayev); an initial agrees with any first name starting with it;
remaining variants (Aleksandr/Alexander) are compared with rapidfuzz.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

# The name rules live in communique.names (shared with extraction); re-exported for resolution's modules.
from communique.names import (  # noqa: F401
    CYRILLIC,
    FIRST_NAME_SIMILARITY,
    SURNAME_SIMILARITY,
    TITLE_WORDS,
    PersonName,
    first_names_compatible,
    fold,
    skeleton,
    specificity,
    surnames_match,
)
from communique.names import parse_person as parse
from communique.names import same_person as _same_person

if TYPE_CHECKING:
    from communique.resolve.registry import Registry
    from communique.store.interfaces import ResolutionStore


def _cyrillic_read_in_latin(text: str, reading: str) -> bool:
    """A name written in Cyrillic whose in-page canonical (its nominative) is in Latin letters."""
    return bool(CYRILLIC.search(text)) and not CYRILLIC.search(reading)


def same_person(a: PersonName, b: PersonName) -> bool:
    """Across texts: ``communique.names.same_person``."""
    return _same_person(a, b)


# --- Linking person mentions, post holders and event participants to entities -------------------

Context = tuple[int, int]  # (article id, teaser position or -1): the text a name is read in


def link(kb: ResolutionStore, reg: Registry) -> int:
    """Give every unresolved person spelling an entity; returns the number of rows linked.

    Full names are resolved first (they need no context), then initials and bare surnames, which
    prefer a person named in full in the same text, then one whose organisations are mentioned there,
    then the most mentioned compatible person.
    """
    rows: list[tuple[str, int, Context, str, str]] = []  # table, row id, context, spelling, name to read
    for mid, art, teaser, text, canonical in kb.unlinked_mentions("person"):
        rows.append(("m", mid, (art, -1 if teaser is None else teaser), text, canonical or text))
    for pid, art, teaser, text in kb.unlinked_post_people():
        rows.append(("p", pid, (art, -1 if teaser is None else teaser), text, text))
    for eid, text, art, teaser in kb.unlinked_participants():
        rows.append(("e", eid, (art, -1 if teaser is None else teaser), text, text))
    if not rows:
        return 0
    parsed: dict[str, PersonName | None] = {}
    for _, _, _, text, reading in rows:
        for t in (text, reading):
            if t not in parsed:
                parsed[t] = parse(t)
    # Extraction's in-page canonical ("Y.Chikhanchin" -> "Yuri Chikhanchin") counts if it keeps the surname,
    # and always for a name written in Cyrillic: there the canonical is its nominative in Latin letters
    # ("Тасмагамбетова" -> "Imangali Tasmagambetov"), whose surname an inflected form does not spell.
    rows = [
        (table, row_id, ctx, text, reading)
        if reading == text
        or (parsed[reading] and parsed[text] and parsed[reading].surname_key == parsed[text].surname_key)
        or (parsed[reading] and _cyrillic_read_in_latin(text, reading))
        else (table, row_id, ctx, text, text)
        for table, row_id, ctx, text, reading in rows
    ]

    resolved: dict[int, int] = {}  # row index -> entity
    in_context: dict[Context, set[int]] = defaultdict(set)
    full_cache: dict[str, int] = {}
    for i, (_, _, ctx, _, text) in enumerate(rows):
        name = parsed[text]
        if name is None or specificity(name) < 2:
            continue
        if text not in full_cache:
            full_cache[text] = _choose_full(reg, name)
        resolved[i] = full_cache[text]
        in_context[ctx].add(resolved[i])

    partial_contexts = {
        row[2] for i, row in enumerate(rows) if i not in resolved and parsed[row[4]] is not None
    }
    person_orgs, context_orgs = _org_context(kb, partial_contexts)
    for i, (_, _, ctx, _, text) in enumerate(rows):
        name = parsed[text]
        if name is None or i in resolved:
            continue
        resolved[i] = _choose_partial(reg, name, in_context[ctx], context_orgs.get(ctx, set()), person_orgs)
        in_context[ctx].add(resolved[i])

    updates: dict[str, list[tuple[int, int | str]]] = {"m": [], "p": [], "e": []}
    spellings: Counter[tuple[int, str]] = Counter()
    for i, (table, row_id, _, text, reading) in enumerate(rows):
        eid = resolved.get(i)
        if eid is None:
            continue
        if _cyrillic_read_in_latin(text, reading):
            # A Russian spelling is an alias (searchable), but the name shown is its Latin canonical.
            spellings[(eid, text)] += 0
            spellings[(eid, reading)] += 1 if table == "m" else 0
        else:
            spellings[(eid, text)] += 1 if table == "m" else 0
        updates[table].append((eid, row_id) if table != "e" else (eid, row_id, text))
    for (eid, text), n in spellings.items():
        reg.alias(eid, text, n)
    kb.link_mentions(updates["m"])
    kb.link_post_people(updates["p"])
    kb.link_participants(updates["e"])
    _consolidate(reg, {parsed[row[4]].surname_key for row in rows if parsed[row[4]] is not None})
    return len(resolved)


def _choose_full(reg: Registry, name: PersonName) -> int:
    best, best_score = None, -1.0
    candidates = list(reg.by_surname.get(name.surname_key, ()))
    if not candidates and len(name.surname_key) >= 7:
        # Another romanisation of the surname (Lukashenka/Lukashenko): same first name required.
        prefix = name.surname_key[:3]
        for surname, ids in reg.by_surname.items():
            if surname[:3] == prefix and surname != name.surname_key:
                candidates.extend(e for e in ids if e in reg.person and surnames_match(name, reg.person[e]))
    for eid in candidates:
        other = reg.person.get(eid)
        if other is None or specificity(other) < 2 or not first_names_compatible(name, other):
            continue
        score = (
            100.0
            if other.first_key == name.first_key
            else fuzz.ratio(other.first_key or "", name.first_key or "")
        )
        score += min(reg.weight[eid], 1000) / 10000  # ties go to the better-known person
        if score > best_score:
            best, best_score = eid, score
    if best is not None:
        return best
    return reg.create("person", name.key(), name.display)


def _choose_partial(
    reg: Registry, name: PersonName, here: set[int], orgs_here: set[int], person_orgs: dict[int, set[int]]
) -> int:
    spec = specificity(name)
    candidates = []
    for eid in reg.by_surname.get(name.surname_key, ()):
        other = reg.person.get(eid)
        if other is None or not first_names_compatible(name, other):
            continue
        if specificity(other) < spec or (specificity(other) == spec and eid not in here):
            continue
        candidates.append(eid)
    if not candidates:
        return reg.create("person", name.key(), name.display)

    def rank(eid: int) -> tuple:
        other = reg.person[eid]
        return (
            eid in here,
            len(person_orgs.get(eid, set()) & orgs_here),
            specificity(other),
            reg.weight[eid],
        )

    return max(candidates, key=rank)


def _org_context(
    kb: ResolutionStore, contexts: set[Context]
) -> tuple[dict[int, set[int]], dict[Context, set[int]]]:
    """Organisations each known person holds posts in, and organisations resolved in each text."""
    person_orgs: dict[int, set[int]] = defaultdict(set)
    for person, org in kb.person_post_orgs():
        person_orgs[person].add(org)
    context_orgs: dict[Context, set[int]] = defaultdict(set)
    if person_orgs and contexts:
        for art, teaser, eid in kb.context_entities({a for a, _ in contexts}):
            context_orgs[(art, -1 if teaser is None else teaser)].add(eid)
    return person_orgs, context_orgs


def _consolidate(reg: Registry, surnames: set[str]) -> None:
    """Fold an initial-only or surname-only entity into the one full-name person it can be."""
    for surname in surnames:
        group = list(reg.by_surname.get(surname, ()))
        for low in group:
            name = reg.person.get(low)
            if name is None or specificity(name) == 2:
                continue
            full = [
                e
                for e in reg.by_surname.get(surname, ())
                if e != low
                and specificity(reg.person[e]) == 2
                and first_names_compatible(name, reg.person[e])
            ]
            if len(full) == 1:
                reg.merge(low, full[0])
