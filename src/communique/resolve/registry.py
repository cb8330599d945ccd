"""The entities table held in memory during one resolution run: lookup by key and alias, create, merge.

Ids and keys are stable: an entity keeps the key it was created with; a merge keeps the older id. The store
(``ResolutionStore``) reads and writes the rows; the rules (which spelling names an entity) are here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from communique.resolve import people
from communique.resolve.orgs import clean, initials, is_acronym
from communique.resolve.people import PersonName, fold

if TYPE_CHECKING:
    from communique.store.interfaces import ResolutionStore


class Registry:
    def __init__(self, kb: ResolutionStore) -> None:
        self.kb = kb
        self.kind: dict[int, str] = {}
        self.name: dict[int, str] = {}
        self.by_key: dict[tuple[str, str], int] = {}
        self.by_alias: dict[tuple[str, str], int] = {}
        self.person: dict[int, PersonName] = {}
        self.by_surname: dict[str, set[int]] = defaultdict(set)
        self.weight: Counter[int] = Counter()  # mentions, for tie-breaks
        self.pending_aliases: Counter[tuple[int, str]] = Counter()
        self.touched: set[int] = set()
        self.created = 0
        self.merged = 0
        for eid, kind, name, key, mentions in kb.entities():
            self._index(eid, kind, name, key)
            self.weight[eid] = mentions
        alias_count: dict[tuple[str, str], int] = {}
        for eid, alias, count in kb.entity_aliases():
            kind = self.kind.get(eid)
            if kind is None:
                continue
            k = (kind, fold(alias))
            if count > alias_count.get(k, -1):  # an alias shared by two entities goes to the commoner one
                alias_count[k] = count
                self.by_alias[k] = eid

    def _index(self, eid: int, kind: str, name: str, key: str) -> None:
        self.kind[eid] = kind
        self.name[eid] = name
        self.by_key[(kind, key)] = eid
        if kind == "person":
            parsed = people.parse(name)
            if parsed is not None:
                surname, _, first = key.partition("|")
                # The key is authoritative (the name may be a display form chosen later).
                self.person[eid] = PersonName(
                    parsed.surname, parsed.first if first else None, initial=len(first) <= 1 and bool(first)
                )
                self.by_surname[surname].add(eid)

    def create(self, kind: str, key: str, name: str) -> int:
        existing = self.by_key.get((kind, key))
        if existing is not None:
            return existing
        eid = self.kb.create_entity(kind, key, name)
        self._index(eid, kind, name, key)
        self.created += 1
        self.touched.add(eid)
        return eid

    def alias(self, eid: int, alias: str, n: int = 1) -> None:
        alias = " ".join(alias.split())
        if not alias:
            return
        self.pending_aliases[(eid, alias)] += n
        self.by_alias.setdefault((self.kind[eid], fold(alias)), eid)
        self.weight[eid] += n
        self.touched.add(eid)

    def lookup_alias(self, kind: str, text: str) -> int | None:
        return self.by_alias.get((kind, fold(text)))

    def merge(self, src: int, dst: int) -> None:
        """Fold entity `src` into `dst` everywhere it is referenced."""
        if src == dst:
            return
        self.kb.merge_entities(src, dst)
        for (eid, alias), n in list(self.pending_aliases.items()):
            if eid == src:
                del self.pending_aliases[(eid, alias)]
                self.pending_aliases[(dst, alias)] += n
        for k, v in list(self.by_alias.items()):
            if v == src:
                self.by_alias[k] = dst
        for k, v in list(self.by_key.items()):
            if v == src:
                self.by_key[k] = dst  # the merged key keeps finding the survivor
        if src in self.person:
            surname = next((s for s, ids in self.by_surname.items() if src in ids), None)
            if surname:
                self.by_surname[surname].discard(src)
            del self.person[src]
        self.weight[dst] += self.weight.pop(src, 0)
        self.kind.pop(src, None)
        self.name.pop(src, None)
        self.touched.discard(src)
        self.touched.add(dst)
        self.merged += 1

    def flush(self) -> None:
        """Write pending aliases, then recount mentions, first/last seen and the display name."""
        kb = self.kb
        kb.add_aliases([(eid, alias, n) for (eid, alias), n in self.pending_aliases.items() if eid in self.kind])
        self.pending_aliases.clear()
        touched: set[int] | None = set(self.touched)
        kb.recount_entities(touched)
        stored, linked = kb.mention_totals()
        if stored != linked:
            # Mentions went away (a re-crawled page's new version replaced its facts): recount everyone.
            kb.recount_entities(None)
            touched = None
        names: dict[int, Counter] = defaultdict(Counter)
        for eid, alias, count in kb.entity_aliases(touched):
            names[eid][alias] += count
        updates = []
        for eid, counter in names.items():
            best = display_name(self.kind.get(eid, ""), counter, self.name.get(eid, ""))
            if best and best != self.name.get(eid):
                self.name[eid] = best
                updates.append((best, eid))
        kb.rename_entities(updates)
        self.touched.clear()


def display_name(kind: str, aliases: Counter, current: str) -> str:
    """The spelling to show: for people the commonest full 'First Surname', for others the commonest
    spelled-out alias (a full name beats its acronym)."""
    if kind == "person":
        shown: dict[str, list[int]] = {}
        for alias, n in aliases.items():
            p = people.parse(alias)
            if p is not None:
                rank = shown.setdefault(p.display, [0, 0])
                rank[0] = max(rank[0], people.specificity(p))
                rank[1] += n
        return max(shown, key=lambda d: (shown[d], d)) if shown else current
    if kind == "org" and current and is_acronym(current):
        long = Counter(
            {
                clean(a): n
                for a, n in aliases.items()
                if not is_acronym(a) and initials(a) == clean(current).upper()
            }
        )
        if long:
            return long.most_common(1)[0][0]
    return current or aliases.most_common(1)[0][0]
