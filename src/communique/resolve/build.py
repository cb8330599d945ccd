"""Cross-document resolution: run every linking step over the facts not yet in the knowledge base.

Incremental by construction: each step picks only rows whose entity_id / kb_event_id is still NULL
and joins them to the entities and events already stored (stable ids and keys); post intervals are
recomputed from all evidence, which is a single aggregate. The store (``ResolutionStore``) reads the rows
and writes what the steps decide; the schema is the store's (migrations), never changed here.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from communique.resolve import events, orgs, people, places, posts
from communique.resolve.registry import Registry

if TYPE_CHECKING:
    from communique.store.interfaces import ResolutionStore


def resolve(kb: ResolutionStore) -> dict[str, Any]:
    """Link new mentions, posts and events to the knowledge base; returns what was done.

    One transaction (a savepoint when the caller, e.g. the ingest job, already holds one)."""
    started = time.perf_counter()
    with kb.run():
        reg = Registry(kb)
        before = len(reg.kind)
        with kb.bulk_linking():
            linked_places = places.link(kb, reg)
            linked_orgs = orgs.link(kb, reg)
            linked_people = people.link(kb, reg)
        reg.flush()
        linked_events = events.link(kb, reg)
        kb.delete_orphan_kb_events()
        reg.flush()
        intervals = posts.rebuild(kb)
        counts: dict[str, Any] = {
            "entities": kb.count("entities"),
            "entities_created": reg.created,
            "entities_merged": reg.merged,
            "entities_before": before,
            "people_linked": linked_people,
            "orgs_linked": linked_orgs,
            "places_linked": linked_places,
            "event_mentions_linked": linked_events,
            "kb_events": kb.count("kb_events"),
            "post_intervals": intervals,
        }
    counts["seconds"] = round(time.perf_counter() - started, 3)
    return counts
