"""Cross-document resolution: run every linking step over the facts not yet in the knowledge base.

Incremental by construction: each step picks only rows whose entity_id / kb_event_id is still NULL
and joins them to the entities and events already stored (stable ids and keys); post intervals are
recomputed from all evidence, which is a single aggregate. The store (``ResolutionStore``) reads the rows
and writes what the steps decide; the schema is the store's (migrations), never changed here.

Crash safety: the store knows which page versions are resolved (``article_versions.resolved``). A run reads
the pending versions when it starts and marks them in its own transaction, with the links: a crash at any
moment leaves either everything (links and marks) or nothing, and ``resolve_pending`` (called by every
ingest, and by ``communique resolve``) takes in whatever is still pending.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from communique.crashpoints import crash_point
from communique.resolve import events, orgs, people, places, posts
from communique.resolve.registry import Registry

if TYPE_CHECKING:
    from communique.store.interfaces import ResolutionStore

# The steps a run reports to its ``progress`` callback, in order.
STEPS = ("entities", "events", "posts", "commit")


def pending(kb: ResolutionStore) -> int:
    """How many stored page versions resolution has not taken in yet."""
    return len(kb.pending_versions())


def resolve_pending(kb: ResolutionStore, progress: Callable[[str], None] | None = None) -> dict[str, Any] | None:
    """Resolve when some stored page version is not resolved yet (after an interrupted run, --no-resolve, or
    new pages); None when everything is. Incremental: only the unlinked facts are linked."""
    if not kb.pending_versions():
        return None
    return resolve(kb, progress)


def resolve(kb: ResolutionStore, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Link new mentions, posts and events to the knowledge base and mark the pending page versions resolved;
    returns what was done. ``progress`` is told each step's name (``STEPS``) as it starts.

    One transaction (a savepoint when the caller already holds one): the links and the marks commit together."""
    started = time.perf_counter()
    step = progress or (lambda _name: None)
    with kb.run():
        versions = kb.pending_versions()
        step("entities")
        reg = Registry(kb)
        before = len(reg.kind)
        with kb.bulk_linking():
            linked_places = places.link(kb, reg)
            linked_orgs = orgs.link(kb, reg)
            linked_people = people.link(kb, reg)
        reg.flush()
        step("events")
        linked_events = events.link(kb, reg)
        kb.delete_orphan_kb_events()
        reg.flush()
        crash_point("resolve:linked")
        step("posts")
        intervals = posts.rebuild(kb)
        step("commit")
        kb.mark_resolved(versions)
        counts: dict[str, Any] = {
            "versions_resolved": len(versions),
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
        crash_point("resolve:before-commit")
    counts["seconds"] = round(time.perf_counter() - started, 3)
    return counts
