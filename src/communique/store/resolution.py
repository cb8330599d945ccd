"""What cross-document resolution reads and writes: the facts not yet linked, the entities and knowledge-base
events, and the links and intervals resolution decides (``ResolutionStore`` in store/interfaces.py).

``communique.resolve`` keeps the logic (name matching, merging rules, event clustering, post intervals) and
works on the rows these methods give; it hands back what to write. Portable SQL over ``Database``; the
dialect's part is the bulk settings of a run (``bulk_cache``, ``indexes_dropped``). Every read is ordered (by
id): resolution numbers what it makes in the order it meets it, and both backends must number alike.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from communique.store.evidence import EVIDENCE_DATE, EVIDENCE_JOINS

if TYPE_CHECKING:
    from communique.store.interfaces import Database

BULK_ROWS = 50_000  # unlinked mentions from which the entity indexes are rebuilt rather than maintained

# A temporary table of ids, for "… IN (SELECT id FROM resolve_ids)" over sets too large for one statement.
_IDS = "resolve_ids"


# Tables resolution numbers: after a delete, the next new id is the largest + 1 on both backends (reuse_ids).
_NUMBERED = ("entities", "kb_events", "kb_posts")


class SQLResolutionStore:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._renumber: set[str] = set(_NUMBERED)

    def _new_id(self, table: str) -> None:
        """Before an insert into one of _NUMBERED: after a delete (or a run rolled back), ids continue from the
        largest one, as SQLite's rowids do, so that PostgreSQL numbers alike."""
        if table in self._renumber:
            self.db.reuse_ids(table)
            self._renumber.discard(table)

    # -- the run -------------------------------------------------------------------------------------

    @contextmanager
    def run(self) -> Iterator[None]:
        """One resolution run: one transaction (a savepoint inside the caller's), with the page cache of a
        bulk job."""
        with self.db.bulk_cache(), self.db.transaction():
            self._renumber = set(_NUMBERED)
            yield

    @contextmanager
    def bulk_linking(self) -> Iterator[None]:
        """Around the linking of mentions to entities: when most mentions are new (a first resolve of a large
        crawl), the mentions' entity indexes are rebuilt once at the end instead of maintained row by row."""
        new = self.db.value("SELECT count(*) FROM mentions WHERE entity_id IS NULL")
        if new < BULK_ROWS:
            yield
            return
        with self.db.indexes_dropped("mentions", "entity_id"):
            yield

    # -- which stored page versions resolution has taken in (migration 0006) ---------------------------

    def pending_versions(self) -> list[tuple[int, int]]:
        """(article id, version) of every stored page version resolution has not taken in yet: stored since
        the last resolution committed (an interrupted run, --no-resolve), superseded versions included."""
        return self.db.tuples("SELECT article_id, version FROM article_versions WHERE resolved = 0 "
                              "ORDER BY article_id, version")

    def mark_resolved(self, versions: Sequence[tuple[int, int]]) -> None:
        """The versions (article id, version) as taken in: called inside the resolution's transaction, so the
        mark commits with the links it stands for, or neither does. Only the versions read at the run's start
        are marked: one stored meanwhile (PostgreSQL takes concurrent writers) stays pending."""
        self.db.executemany("UPDATE article_versions SET resolved = 1 WHERE article_id = ? AND version = ?",
                            versions)

    def count(self, table: str) -> int:
        if table not in ("entities", "kb_events", "kb_posts"):
            raise ValueError(f"not a knowledge-base table: {table}")
        return int(self.db.value(f"SELECT count(*) FROM {table}"))

    def _ids(self, ids: Iterable[int]) -> str:
        """Fill the temporary id table; returns the SQL selecting them."""
        self.db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_IDS} (id INTEGER PRIMARY KEY)")
        self.db.execute(f"DELETE FROM {_IDS}")
        self.db.executemany(f"INSERT INTO {_IDS}(id) VALUES (?) ON CONFLICT DO NOTHING", [(i,) for i in ids])
        return f"SELECT id FROM {_IDS}"

    # -- entities (the registry) ---------------------------------------------------------------------

    def entities(self) -> list[tuple[int, str, str, str, int]]:
        """(id, kind, name, key, mentions) of every entity."""
        return self.db.tuples("SELECT id, kind, name, key, mentions FROM entities ORDER BY id")

    def entity_aliases(self, ids: Collection[int] | None = None) -> list[tuple[int, str, int]]:
        """(entity id, alias, count) of every alias, or of the given entities' aliases."""
        if ids is None:
            return self.db.tuples("SELECT entity_id, alias, count FROM entity_aliases ORDER BY entity_id, alias")
        if not ids:
            return []
        return self.db.tuples(
            f"SELECT entity_id, alias, count FROM entity_aliases WHERE entity_id IN ({self._ids(ids)}) "
            "ORDER BY entity_id, alias")

    def create_entity(self, kind: str, key: str, name: str) -> int:
        self._new_id("entities")
        return self.db.insert("INSERT INTO entities(kind, name, key) VALUES (?, ?, ?) RETURNING id", (kind, name, key))

    def merge_entities(self, src: int, dst: int) -> None:
        """Fold entity ``src`` into ``dst`` everywhere it is referenced, aliases added up."""
        db = self.db
        db.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (dst, src))
        db.execute("UPDATE posts SET person_entity_id = ? WHERE person_entity_id = ?", (dst, src))
        db.execute("UPDATE posts SET org_entity_id = ? WHERE org_entity_id = ?", (dst, src))
        db.execute("UPDATE event_participants SET entity_id = ? WHERE entity_id = ?", (dst, src))
        db.execute("UPDATE kb_events SET place_entity_id = ? WHERE place_entity_id = ?", (dst, src))
        db.execute(
            "INSERT INTO entity_aliases(entity_id, alias, count) SELECT CAST(? AS INTEGER), alias, count "
            "FROM entity_aliases WHERE entity_id = ? "
            "ON CONFLICT (entity_id, alias) DO UPDATE SET count = entity_aliases.count + excluded.count",
            (dst, src),
        )
        db.execute("DELETE FROM entity_aliases WHERE entity_id = ?", (src,))
        db.execute("DELETE FROM entities WHERE id = ?", (src,))
        self._renumber.add("entities")

    def add_aliases(self, rows: Sequence[tuple[int, str, int]]) -> None:
        """(entity id, alias, count): new aliases, or more of known ones."""
        self.db.executemany(
            "INSERT INTO entity_aliases(entity_id, alias, count) VALUES (?, ?, ?) ON CONFLICT (entity_id, alias) "
            "DO UPDATE SET count = entity_aliases.count + excluded.count",
            rows,
        )

    def recount_entities(self, ids: Collection[int] | None) -> None:
        """Mentions, first and last seen of the given entities (None: of every entity, from zero).

        A teaser's mention dates the entity (by the teaser's date) but is no mention of the page."""
        if ids is not None and not ids:
            return
        if ids is None:
            self.db.execute("UPDATE entities SET mentions = 0")
            where = ""
        else:
            where = f"WHERE m.entity_id IN ({self._ids(ids)})"
        self.db.execute(f"""
            WITH seen AS (
                SELECT m.entity_id AS id,
                       SUM(CASE WHEN m.from_teaser IS NULL THEN 1 ELSE 0 END) AS n,
                       MIN(CASE WHEN m.from_teaser IS NULL THEN a.published ELSE t.date END) AS f,
                       MAX(CASE WHEN m.from_teaser IS NULL THEN a.published ELSE t.date END) AS l
                FROM mentions m JOIN articles a ON a.id = m.article_id
                LEFT JOIN teasers t ON t.article_id = m.article_id AND t.position = m.from_teaser
                {where or "WHERE m.entity_id IS NOT NULL"}
                GROUP BY m.entity_id)
            UPDATE entities SET mentions = seen.n, first_seen = seen.f, last_seen = seen.l
            FROM seen WHERE entities.id = seen.id""")

    def mention_totals(self) -> tuple[int, int]:
        """(mentions counted on entities, body mentions linked): unequal when mentions went away (a re-crawled
        page's new version replaced its facts)."""
        stored = self.db.value("SELECT coalesce(sum(mentions), 0) FROM entities")
        linked = self.db.value("SELECT count(*) FROM mentions WHERE entity_id IS NOT NULL AND from_teaser IS NULL")
        return int(stored), int(linked)

    def rename_entities(self, names: Sequence[tuple[str, int]]) -> None:
        """(new display name, entity id)."""
        self.db.executemany("UPDATE entities SET name = ? WHERE id = ?", names)

    # -- facts to link -------------------------------------------------------------------------------

    def unlinked_mentions(self, kind: str) -> list[tuple[int, int, int | None, str, str | None]]:
        """(mention id, article id, teaser position, text, canonical) of mentions of the kind with no entity
        yet."""
        return self.db.tuples(
            "SELECT id, article_id, from_teaser, text, canonical FROM mentions WHERE kind = ? AND entity_id IS NULL "
            "ORDER BY id",
            (kind,))

    def unlinked_org_mentions(self) -> list[tuple[int, int, int | None, str, str | None, str]]:
        """(mention id, article id, teaser position, text, canonical, site) of organisation mentions with no
        entity yet: the site says whose "the Organization" is."""
        return self.db.tuples(
            "SELECT m.id, m.article_id, m.from_teaser, m.text, m.canonical, a.site FROM mentions m "
            "JOIN articles a ON a.id = m.article_id WHERE m.kind = 'org' AND m.entity_id IS NULL ORDER BY m.id")

    def acronym_sentences(self) -> list[str]:
        """Sentences of unlinked organisation mentions holding a parenthesis ("Full Name (ACR)")."""
        return [r[0] for r in self.db.tuples(
            "SELECT DISTINCT sentence FROM mentions WHERE kind = 'org' AND entity_id IS NULL "
            "AND sentence LIKE '%(%' ORDER BY sentence")]

    def unlinked_post_people(self) -> list[tuple[int, int, int | None, str]]:
        """(post id, article id, teaser position, person) of posts whose holder has no entity yet."""
        return self.db.tuples(
            "SELECT id, article_id, from_teaser, person FROM posts WHERE person_entity_id IS NULL ORDER BY id")

    def unlinked_post_orgs(self) -> list[tuple[int, int, int | None, str, str]]:
        """(post id, article id, teaser position, organisation, site) of posts naming an organisation that has
        no entity yet."""
        return self.db.tuples(
            "SELECT p.id, p.article_id, p.from_teaser, p.org, a.site FROM posts p "
            "JOIN articles a ON a.id = p.article_id "
            "WHERE p.org IS NOT NULL AND p.org != '' AND p.org_entity_id IS NULL ORDER BY p.id")

    def unlinked_participants(self) -> list[tuple[int, str, int, int | None]]:
        """(event id, person, article id, teaser position) of event participants with no entity yet."""
        return self.db.tuples(
            "SELECT ep.event_id, ep.person, e.article_id, e.from_teaser FROM event_participants ep "
            "JOIN events e ON e.id = ep.event_id WHERE ep.entity_id IS NULL ORDER BY ep.event_id, ep.person")

    def person_post_orgs(self) -> list[tuple[int, int]]:
        """(person entity, organisation entity) of every linked post."""
        return self.db.tuples(
            "SELECT DISTINCT person_entity_id, org_entity_id FROM posts "
            "WHERE person_entity_id IS NOT NULL AND org_entity_id IS NOT NULL ORDER BY 1, 2")

    def context_entities(self, article_ids: Collection[int]) -> list[tuple[int, int | None, int]]:
        """(article id, teaser position, entity) of the linked mentions other than people in the articles."""
        if not article_ids:
            return []
        return self.db.tuples(
            f"SELECT article_id, from_teaser, entity_id FROM mentions WHERE article_id IN ({self._ids(article_ids)})"
            " AND kind != 'person' AND entity_id IS NOT NULL ORDER BY id")

    def site_org_articles(self) -> list[tuple[str, int, int]]:
        """(site, organisation entity, articles of the site naming it in their own text)."""
        return self.db.tuples(
            "SELECT a.site, m.entity_id, count(DISTINCT m.article_id) FROM mentions m "
            "JOIN articles a ON a.id = m.article_id JOIN entities e ON e.id = m.entity_id "
            "WHERE m.kind = 'org' AND m.from_teaser IS NULL AND e.kind = 'org' GROUP BY a.site, m.entity_id "
            "ORDER BY a.site, m.entity_id")

    # -- links decided -------------------------------------------------------------------------------

    def link_mentions(self, links: Sequence[tuple[int, int]]) -> None:
        """(entity id, mention id)."""
        self.db.executemany("UPDATE mentions SET entity_id = ? WHERE id = ?", links)

    def link_post_people(self, links: Sequence[tuple[int, int]]) -> None:
        """(person entity id, post id)."""
        self.db.executemany("UPDATE posts SET person_entity_id = ? WHERE id = ?", links)

    def link_post_orgs(self, links: Sequence[tuple[int, int]]) -> None:
        """(organisation entity id, post id)."""
        self.db.executemany("UPDATE posts SET org_entity_id = ? WHERE id = ?", links)

    def link_participants(self, links: Sequence[tuple[int, int, str]]) -> None:
        """(person entity id, event id, person as written)."""
        self.db.executemany("UPDATE event_participants SET entity_id = ? WHERE event_id = ? AND person = ?", links)

    # -- events --------------------------------------------------------------------------------------

    def unlinked_events(self) -> list[tuple]:
        """(id, article id, type, status, date, end date, place, name, sentence, teaser position) of event
        mentions not in a knowledge-base event yet."""
        return self.db.tuples(
            "SELECT id, article_id, type, status, date, end_date, place, name, sentence, from_teaser "
            "FROM events WHERE kb_event_id IS NULL ORDER BY id")

    def unlinked_event_participants(self) -> list[tuple[int, int]]:
        """(event id, person entity) of the resolved participants of unlinked event mentions."""
        return self.db.tuples(
            "SELECT ep.event_id, ep.entity_id FROM event_participants ep JOIN events e ON e.id = ep.event_id "
            "WHERE e.kb_event_id IS NULL AND ep.entity_id IS NOT NULL ORDER BY ep.event_id, ep.entity_id")

    @staticmethod
    def _near(low: str | None, high: str | None) -> tuple[str, tuple[Any, ...]]:
        where = "ke.date IS NULL"
        if low and high:
            return where + " OR (ke.date <= ? AND coalesce(ke.end_date, ke.date) >= ?)", (high, low)
        return where, ()

    def kb_event_members(self, low: str | None, high: str | None) -> list[tuple]:
        """(kb event, date, end date, place entity, event mention, type, name, sentence) of the knowledge-base
        events that are undated or overlap [low, high] (ISO dates; None: undated ones only)."""
        where, params = self._near(low, high)
        return self.db.tuples(
            "SELECT ke.id, ke.date, ke.end_date, ke.place_entity_id, e.id, e.type, e.name, e.sentence "
            f"FROM kb_events ke JOIN events e ON e.kb_event_id = ke.id WHERE {where} ORDER BY ke.id, e.id", params)

    def kb_event_participants(self, low: str | None, high: str | None) -> list[tuple[int, int]]:
        """(kb event, person entity) of the same knowledge-base events as kb_event_members."""
        where, params = self._near(low, high)
        return self.db.tuples(
            "SELECT e.kb_event_id, ep.entity_id FROM event_participants ep JOIN events e ON e.id = ep.event_id "
            f"JOIN kb_events ke ON ke.id = e.kb_event_id WHERE ep.entity_id IS NOT NULL AND ({where}) "
            "ORDER BY e.kb_event_id, ep.event_id, ep.entity_id", params)

    def create_kb_event(self) -> int:
        """A new knowledge-base event, filled in by update_kb_events."""
        self._new_id("kb_events")
        return self.db.insert("INSERT INTO kb_events(type, status) VALUES ('other', 'held') RETURNING id")

    def assign_kb_events(self, links: Sequence[tuple[int, int]]) -> None:
        """(kb event id, event mention id)."""
        self.db.executemany("UPDATE events SET kb_event_id = ? WHERE id = ?", links)

    def kb_event_reports(self, ids: Collection[int]) -> list[tuple]:
        """(kb event, article id, type, status, date, end date, place, name, teaser position) of every mention
        of the given knowledge-base events."""
        if not ids:
            return []
        return self.db.tuples(
            "SELECT kb_event_id, article_id, type, status, date, end_date, place, name, from_teaser FROM events "
            f"WHERE kb_event_id IN ({self._ids(ids)}) ORDER BY kb_event_id, id")

    def update_kb_events(self, rows: Sequence[tuple]) -> None:
        """(type, status, date, end date, place, place entity, name, mentions, sources, teaser_only, id)."""
        self.db.executemany(
            "UPDATE kb_events SET type = ?, status = ?, date = ?, end_date = ?, place = ?, place_entity_id = ?, "
            "name = ?, mentions = ?, sources = ?, teaser_only = ? WHERE id = ?", rows)

    def delete_orphan_kb_events(self) -> None:
        """Knowledge-base events whose every mention went away with a replaced page version."""
        self.db.execute(
            "DELETE FROM kb_events WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.kb_event_id = kb_events.id)")
        self._renumber.add("kb_events")

    # -- posts over time -----------------------------------------------------------------------------

    def post_evidence(self) -> list[tuple]:
        """(post id, person entity, organisation entity, role, acting, evidence date, sentence) of every post
        with a linked holder; the evidence date as store/evidence.py defines it."""
        return self.db.tuples(
            f"SELECT p.id, p.person_entity_id, p.org_entity_id, p.role, p.acting, {EVIDENCE_DATE}, p.sentence "
            f"FROM posts p {EVIDENCE_JOINS} WHERE p.person_entity_id IS NOT NULL ORDER BY p.id")

    def person_names(self) -> dict[int, str]:
        return {r[0]: r[1] for r in self.db.tuples("SELECT id, name FROM entities WHERE kind = 'person' ORDER BY id")}

    def replace_post_intervals(self, intervals: Iterable[tuple]) -> int:
        """Replace every interval: (person, organisation, role key, role, acting, first evidence, last
        evidence, post ids); each post points at its interval. Returns the number of intervals."""
        db = self.db
        db.execute("UPDATE posts SET kb_post_id = NULL WHERE kb_post_id IS NOT NULL")
        db.execute("DELETE FROM kb_posts")
        self._renumber.add("kb_posts")
        self._new_id("kb_posts")
        links, n = [], 0
        for person, org, key, role, acting, first, last, post_ids in intervals:
            kb_post = db.insert(
                "INSERT INTO kb_posts(person_entity_id, org_entity_id, role_key, role, acting, first_evidence, "
                "last_evidence, evidence_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (person, org, key, role, acting, first, last, len(post_ids)),
            )
            links.extend((kb_post, post_id) for post_id in post_ids)
            n += 1
        db.executemany("UPDATE posts SET kb_post_id = ? WHERE id = ?", links)
        return n
