"""Helpers shared by the store tests."""

from __future__ import annotations

from communique.store import Store


def hits(store: Store, query: str | None, **filters) -> list[dict]:
    """The rows `communique search` prints: store.read.search's page of hits."""
    return store.read.search(query, **filters)["rows"]
