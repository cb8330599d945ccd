"""Search filters as sets of article ids, and the one date semantics of every query.

Portable SQL: a filter is a SELECT of article ids (from constants only) and its parameters, tested against
the matches of a full-text query or the articles table by ``filter_terms``. Both backends use it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from communique.store.errors import QueryError

if TYPE_CHECKING:
    from communique.store.interfaces import Database

SET_MAX = 50_000  # a search filter holding more articles is probed per match, not built as a set

# A filter is a set of article ids: SQL selecting them as ``id`` (from constants only) and its parameters.
Filter = tuple[str, list[Any]]


def date_bound(value: str | None, end: bool, name: str = "date") -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD as the first (or, with ``end``, the last) ISO day it covers: every date
    bound of every query means this (inclusive; a year or month covers all its days). QueryError naming the
    bad value otherwise."""
    if value is None or value == "":
        return None
    value = value.strip()
    try:
        if re.fullmatch(r"\d{4}", value):
            return f"{value}-12-31" if end else f"{value}-01-01"
        if re.fullmatch(r"\d{4}-\d{2}", value):
            first = dt.date.fromisoformat(value + "-01")
            if not end:
                return first.isoformat()
            following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            return (following - dt.timedelta(days=1)).isoformat()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise QueryError(f"bad {name} {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")


def article_filters(
    *,
    site: str | None = None,
    lang: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    entity: int | None = None,
    event_type: str | None = None,
) -> list[Filter]:
    """Search filters as id sets: site, language and publication dates from ``articles``; an entity named in
    the body, an event type reported in the body. QueryError for a bad date."""
    conditions, values = [], []
    if site:
        conditions.append("site = ?")
        values.append(site)
    if lang:
        conditions.append("lang = ?")
        values.append(lang)
    if (low := date_bound(date_from, end=False)) is not None:
        conditions.append("published >= ?")
        values.append(low)
    if (high := date_bound(date_to, end=True)) is not None:
        conditions.append("published <= ?")
        values.append(high)
    out: list[Filter] = []
    if conditions:
        out.append((f"SELECT id FROM articles WHERE {' AND '.join(conditions)}", values))
    if entity is not None:
        out.append(("SELECT article_id AS id FROM mentions WHERE entity_id = ? AND from_teaser IS NULL", [entity]))
    if event_type:
        out.append(("SELECT article_id AS id FROM events WHERE type = ? AND from_teaser IS NULL", [event_type]))
    return out


@dataclass
class RankedPage:
    """One page of ranked matches. ``hits`` are (article id, rank; lower is better). ``matched`` counts the
    ranked matches; when ``windowed``, there were more and only the newest ``matched`` were ranked. ``total``
    counts all matches, as far as asked (see FullTextMatches.ranked)."""

    hits: list[tuple[int, float]]
    matched: int
    windowed: bool
    total: int


def filter_terms(
    db: Database, filters: list[Filter], column: str, fts: bool = True, candidates: int | None = None
) -> tuple[list[str], list[Any], int | None]:
    """SQL terms keeping the ids in ``column`` that pass every filter, with their parameters, and an upper
    bound on how many ids pass (None without filters; 0: none can pass).

    A filter holding at most SET_MAX articles becomes a set built once (``column IN (…)``; over the full-text
    index with a unary +, which keeps SQLite from handing "rowid IN" to FTS5, where it would re-run the
    full-text query per article, and the ids bounded to the set's range). A membership test costs ~0.3 µs
    per match. A larger filter (an entity named in most of the archive: half a million mention rows) is
    probed per candidate through its index instead (``EXISTS``, 1–4 µs), which pays when most candidates
    pass, and so is any filter holding more than four times the ``candidates`` (the full-text matches) there
    are to test: building a set costs ~0.7 µs per id, probing ~3 µs per candidate."""
    terms: list[str] = []
    params: list[Any] = []
    bound = None
    for sql, values in filters:
        # Ids read from articles are unique and cheap; mentions and events name an article many times, so
        # their sets cost several index entries per article and are kept smaller.
        unique = sql.startswith("SELECT id FROM articles ")
        ids, most = (sql, SET_MAX) if unique else (f"SELECT DISTINCT id FROM ({sql}) AS f", SET_MAX // 10)
        if candidates is not None:
            most = min(most, 4 * candidates)
        n, low, high = db.one(
            f"SELECT count(*), min(id), max(id) FROM ({ids} LIMIT ?) AS f", (*values, most + 1)
        )
        if n == 0:
            return terms, params, 0
        bound = n if bound is None else min(bound, n)
        if n > most:
            terms.append(f"EXISTS (SELECT 1 FROM ({sql}) AS f WHERE id = {column})")
            params += values
        elif fts:
            terms += [f"+{column} IN ({sql})", f"{column} BETWEEN ? AND ?"]
            params += [*values, low, high]
        else:
            terms.append(f"{column} IN ({sql})")
            params += values
    return terms, params, bound
