"""The entities table held in memory during one resolution run: lookup by key and alias, create, merge.

Ids and keys are stable: an entity keeps the key it was created with; a merge keeps the older id.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict

from communique.resolve import people
from communique.resolve.orgs import clean, initials, is_acronym
from communique.resolve.people import PersonName, fold


class Registry:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
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
        for eid, kind, name, key, mentions in conn.execute(
            "SELECT id, kind, name, key, mentions FROM entities"
        ):
            self._index(eid, kind, name, key)
            self.weight[eid] = mentions
        alias_count: dict[tuple[str, str], int] = {}
        for eid, alias, count in conn.execute("SELECT entity_id, alias, count FROM entity_aliases"):
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
        cur = self.conn.execute("INSERT INTO entities(kind, name, key) VALUES (?,?,?)", (kind, name, key))
        eid = int(cur.lastrowid)
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
        c = self.conn
        c.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (dst, src))
        c.execute("UPDATE posts SET person_entity_id = ? WHERE person_entity_id = ?", (dst, src))
        c.execute("UPDATE posts SET org_entity_id = ? WHERE org_entity_id = ?", (dst, src))
        c.execute("UPDATE event_participants SET entity_id = ? WHERE entity_id = ?", (dst, src))
        c.execute("UPDATE kb_events SET place_entity_id = ? WHERE place_entity_id = ?", (dst, src))
        c.execute(
            """INSERT INTO entity_aliases(entity_id, alias, count)
                     SELECT ?, alias, count FROM entity_aliases WHERE entity_id = ?
                     ON CONFLICT(entity_id, alias) DO UPDATE SET count = count + excluded.count""",
            (dst, src),
        )
        c.execute("DELETE FROM entity_aliases WHERE entity_id = ?", (src,))
        c.execute("DELETE FROM entities WHERE id = ?", (src,))
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

    def _recount(self) -> None:
        # Teaser mentions date the entity (by the teaser's date) but are not mentions of the page.
        self.conn.execute("""
            WITH seen AS (
                SELECT m.entity_id AS id,
                       SUM(m.from_teaser IS NULL) AS n,
                       MIN(CASE WHEN m.from_teaser IS NULL THEN a.published ELSE t.date END) AS f,
                       MAX(CASE WHEN m.from_teaser IS NULL THEN a.published ELSE t.date END) AS l
                FROM mentions m JOIN articles a ON a.id = m.article_id
                LEFT JOIN teasers t ON t.article_id = m.article_id AND t.position = m.from_teaser
                WHERE m.entity_id IN (SELECT id FROM resolve_touched)
                GROUP BY m.entity_id)
            UPDATE entities SET mentions = seen.n, first_seen = seen.f, last_seen = seen.l
            FROM seen WHERE entities.id = seen.id""")

    def flush(self) -> None:
        """Write pending aliases, then recount mentions, first/last seen and the display name."""
        c = self.conn
        c.executemany(
            """INSERT INTO entity_aliases(entity_id, alias, count) VALUES (?,?,?)
               ON CONFLICT(entity_id, alias) DO UPDATE SET count = count + excluded.count""",
            [(eid, alias, n) for (eid, alias), n in self.pending_aliases.items() if eid in self.kind],
        )
        self.pending_aliases.clear()
        c.execute("CREATE TEMP TABLE IF NOT EXISTS resolve_touched(id INTEGER PRIMARY KEY)")
        c.execute("DELETE FROM resolve_touched")
        c.executemany("INSERT OR IGNORE INTO resolve_touched(id) VALUES (?)", [(i,) for i in self.touched])
        if self.touched:
            self._recount()
        stored = c.execute("SELECT COALESCE(SUM(mentions), 0) FROM entities").fetchone()[0]
        linked = c.execute(
            "SELECT COUNT(*) FROM mentions WHERE entity_id IS NOT NULL AND from_teaser IS NULL"
        ).fetchone()[0]
        if stored != linked:
            # Mentions went away (a re-crawled page's new version replaced its facts): recount everyone.
            c.execute("UPDATE entities SET mentions = 0")
            c.execute("INSERT OR IGNORE INTO resolve_touched(id) SELECT id FROM entities")
            self._recount()
        names = defaultdict(Counter)
        for eid, alias, count in c.execute(
            "SELECT entity_id, alias, count FROM entity_aliases WHERE entity_id IN "
            "(SELECT id FROM resolve_touched)"
        ):
            names[eid][alias] += count
        updates = []
        for eid, counter in names.items():
            best = display_name(self.kind.get(eid, ""), counter, self.name.get(eid, ""))
            if best and best != self.name.get(eid):
                self.name[eid] = best
                updates.append((best, eid))
        c.executemany("UPDATE entities SET name = ? WHERE id = ?", updates)
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
