"""Read-only questions to the knowledge base: an entity, who held a post, a timeline, figures.

The CLI and the web server both call these; none of them writes.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from typing import Any

from rapidfuzz import fuzz, process

from communique.resolve import figures as figures_table
from communique.resolve import orgs, people, places
from communique.resolve.posts import (
    EVIDENCE_DATE,
    EVIDENCE_JOINS,
    Holder,
    head_key,
    rank_holders,
    role_key,
    role_matches,
)

MAX_ANSWERS = 10
MAX_EVIDENCE = 25
FUZZY_CUTOFF = 85


# --- entity ------------------------------------------------------------------------------------


def find_entity_id(conn: sqlite3.Connection, name: str, kind: str | None = None) -> int | None:
    """The entity NAME refers to: a spelling seen verbatim, else a compatible person name, else an
    organisation or place under its canonical name, else the closest spelling (rapidfuzz)."""
    ids = _ids_by_alias(conn, name, kind)
    if ids:
        return ids[0]
    if kind in (None, "person"):
        found = _person_by_name(conn, name)
        if found is not None:
            return found
    for k, canon in (("org", orgs.canonical(name, None, {})), ("place", places.canonical(name))):
        if kind in (None, k):
            row = conn.execute(
                "SELECT id FROM entities WHERE kind = ? AND key = ?",
                (k, orgs.key(canon) if k == "org" else places.key(canon)),
            ).fetchone()
            if row:
                return row[0]
            ids = _ids_by_alias(conn, canon, k)
            if ids:
                return ids[0]
    return _fuzzy(conn, name, kind)


def _ids_by_alias(conn: sqlite3.Connection, text: str, kind: str | None) -> list[int]:
    rows = conn.execute(
        """SELECT e.id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id
           WHERE a.alias = ? COLLATE NOCASE AND (? IS NULL OR e.kind = ?)
           GROUP BY e.id ORDER BY SUM(a.count) DESC, e.mentions DESC""",
        (text.strip(), kind, kind),
    ).fetchall()
    if not rows:
        rows = conn.execute(
            "SELECT id FROM entities WHERE name = ? COLLATE NOCASE AND (? IS NULL OR kind = ?) "
            "ORDER BY mentions DESC",
            (text.strip(), kind, kind),
        ).fetchall()
    return [r[0] for r in rows]


def _person_by_name(conn: sqlite3.Connection, text: str) -> int | None:
    name = people.parse(text)
    if name is None:
        return None
    best, best_rank = None, None
    for eid, key, mentions in conn.execute(
        "SELECT id, key, mentions FROM entities WHERE kind = 'person' AND key >= ? AND key < ?",
        (name.surname_key + "|", name.surname_key + "}"),
    ):
        first = key.partition("|")[2]
        other = people.PersonName(name.surname, first or None, initial=len(first) == 1)
        if not people.first_names_compatible(name, other):
            continue
        rank = (first == (name.first_key or ""), people.specificity(other), mentions)
        if best_rank is None or rank > best_rank:
            best, best_rank = eid, rank
    return best


def _fuzzy(conn: sqlite3.Connection, text: str, kind: str | None) -> int | None:
    aliases = conn.execute(
        "SELECT a.alias, a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id "
        "WHERE ? IS NULL OR e.kind = ?",
        (kind, kind),
    ).fetchall()
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


def entity(conn: sqlite3.Connection, name: str) -> dict[str, Any] | None:
    eid = find_entity_id(conn, name)
    return entity_by_id(conn, eid) if eid is not None else None


def entity_by_id(conn: sqlite3.Connection, eid: int) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT id, kind, name, key, mentions, first_seen, last_seen FROM entities WHERE id = ?", (eid,)
    ).fetchone()
    if row is None:
        return None
    aliases = [
        a
        for (a,) in conn.execute(
            "SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY count DESC, alias", (eid,)
        )
    ]
    posts = [
        {
            "role": ("Acting " if acting else "") + role,
            "org": org,
            "from": frm,
            "to": to,
            "acting": bool(acting),
            "evidence_count": n,
        }
        for role, org, frm, to, acting, n in conn.execute(
            """SELECT kp.role, o.name, kp.first_evidence, kp.last_evidence, kp.acting, kp.evidence_count
               FROM kb_posts kp LEFT JOIN entities o ON o.id = kp.org_entity_id
               WHERE kp.person_entity_id = ? ORDER BY kp.first_evidence, kp.role""",
            (eid,),
        )
    ]
    return {
        "id": row[0],
        "kind": row[1],
        "name": row[2],
        "key": row[3],
        "aliases": aliases,
        "mentions": row[4],
        "first_seen": row[5],
        "last_seen": row[6],
        "posts": posts,
    }


# --- who held a post ---------------------------------------------------------------------------


def _org_ids(conn: sqlite3.Connection, org: str) -> tuple[set[int], set[int]]:
    """Entities the organisation name refers to, and those whose name contains it ("CSTO Joint Staff")."""
    exact: set[int] = set(_ids_by_alias(conn, org, None))
    found = find_entity_id(conn, org)
    if found is not None:
        exact.add(found)
    spellings = {people.fold(org)}
    for eid in exact:
        spellings |= {
            people.fold(a)
            for (a,) in conn.execute("SELECT alias FROM entity_aliases WHERE entity_id = ?", (eid,))
        }
        spellings |= {
            people.fold(n) for (n,) in conn.execute("SELECT name FROM entities WHERE id = ?", (eid,))
        }
    spellings = {s for s in spellings if len(s) >= 3}
    containing: set[int] = set()
    for eid, name in conn.execute(
        "SELECT DISTINCT e.id, e.name FROM kb_posts kp JOIN entities e ON e.id = kp.org_entity_id"
    ):
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


def who_held(
    conn: sqlite3.Connection, post: str, org: str | None = None, on: str | None = None
) -> list[dict[str, Any]]:
    """People who held POST (in ORG) on date ON, best first, each with the evidence of their interval."""
    day = dt.date.fromisoformat(on) if on else dt.date.today()
    qkey, acting_query = role_key(post)
    if org is None:
        acronyms = [w for w in post.replace("-", " ").split() if w.isupper() and len(w) >= 2]
        org = acronyms[0] if acronyms else None
    rows = conn.execute(
        "SELECT kp.id, kp.person_entity_id, kp.org_entity_id, kp.role_key, kp.acting, kp.role, o.name"
        " FROM kb_posts kp LEFT JOIN entities o ON o.id = kp.org_entity_id"
    ).fetchall()
    exact: set[int] | None = None
    containing: set[int] = set()
    if org:
        exact, containing = _org_ids(conn, org)
    holders, orgs_of = _candidates(rows, qkey, exact, containing, lambda k: k)
    if not holders:
        # "Head" of an agency whose head is called its Director: the leading-post words as one.
        holders, orgs_of = _candidates(rows, head_key(qkey), exact, containing, head_key)
    if not holders:
        return []
    evidence: dict[int, list[dict[str, Any]]] = defaultdict(list)
    ids = sorted({i for h in holders.values() for i in h.kb_post_ids})
    marks = ",".join("?" * len(ids))
    for kp_id, art, date, sentence, teaser, url in conn.execute(
        f"""SELECT p.kb_post_id, p.article_id, {EVIDENCE_DATE}, p.sentence, p.from_teaser, a.url
                FROM posts p {EVIDENCE_JOINS} WHERE p.kb_post_id IN ({marks})""",
        ids,
    ):
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
    answers = []
    for h, frm, to in rank_holders(list(holders.values()), day, acting_query)[:MAX_ANSWERS]:
        person = conn.execute("SELECT name FROM entities WHERE id = ?", (h.person_id,)).fetchone()[0]
        post_ids = sorted(h.kb_post_ids)
        role = conn.execute(
            f"SELECT role FROM kb_posts WHERE id IN ({','.join('?' * len(post_ids))})"
            " ORDER BY evidence_count DESC LIMIT 1",
            post_ids,
        ).fetchone()[0]
        org_ids = sorted(i for i in orgs_of[(h.person_id, h.acting)] if i is not None)
        org_names = [
            r[0]
            for r in conn.execute(
                f"SELECT name FROM entities WHERE id IN ({','.join('?' * len(org_ids))})"
                " ORDER BY mentions DESC",
                org_ids,
            )
        ]
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
                "person": person,
                "entity_id": h.person_id,
                "post": ("Acting " if h.acting else "") + role,
                "acting": h.acting,
                "org": org_names[0] if org_names else org,
                "from": frm.isoformat(),
                "to": to.isoformat(),
                "evidence_count": len(items),
                "evidence": items[:MAX_EVIDENCE],
            }
        )
    return answers


# --- timeline ------------------------------------------------------------------------------------


def timeline(
    conn: sqlite3.Connection, name: str, date_from: str | None = None, date_to: str | None = None
) -> list[dict[str, Any]]:
    """Dated events the entity took part in, was the place of, or was named in the sentence of."""
    eid = find_entity_id(conn, name)
    if eid is None:
        return []
    kb_ids = {
        r[0]
        for r in conn.execute(
            """SELECT e.kb_event_id FROM event_participants ep JOIN events e ON e.id = ep.event_id
           WHERE ep.entity_id = ? AND e.kb_event_id IS NOT NULL
           UNION SELECT id FROM kb_events WHERE place_entity_id = ?
           UNION SELECT e.kb_event_id FROM mentions m JOIN events e
                 ON e.article_id = m.article_id AND e.sentence = m.sentence AND e.from_teaser IS m.from_teaser
           WHERE m.entity_id = ? AND e.kb_event_id IS NOT NULL""",
            (eid, eid, eid),
        )
    }
    return events_rows(conn, kb_ids, date_from, date_to)


def events_rows(
    conn: sqlite3.Connection,
    kb_ids: set[int] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    dated_only: bool = True,
) -> list[dict[str, Any]]:
    """kb_events as rows with participants and sources; all of them when kb_ids is None."""
    where, params = ["1 = 1"], []
    if dated_only:
        where.append("ke.date IS NOT NULL")
    if date_from:
        where.append("COALESCE(ke.end_date, ke.date) >= ?")
        params.append(date_from)
    if date_to:
        where.append("ke.date <= ?")
        params.append(date_to)
    rows = conn.execute(
        f"""SELECT ke.id, ke.date, ke.end_date, ke.type, ke.status, ke.place, ke.name, ke.mentions,
                   ke.sources, ke.teaser_only
            FROM kb_events ke WHERE {" AND ".join(where)} ORDER BY ke.date, ke.id""",
        params,
    ).fetchall()
    if kb_ids is not None:
        rows = [r for r in rows if r[0] in kb_ids]
    if not rows:
        return []
    wanted = {r[0] for r in rows}
    participants: dict[int, list[str]] = defaultdict(list)
    sources: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for kid, art, url, sentence, teaser in conn.execute(
        """SELECT e.kb_event_id, e.article_id, a.url, e.sentence, e.from_teaser FROM events e
               JOIN articles a ON a.id = e.article_id WHERE e.kb_event_id IS NOT NULL
               ORDER BY e.from_teaser IS NOT NULL, e.article_id"""
    ):
        if kid in wanted:
            sources[kid].append({"article_id": art, "url": url, "sentence": sentence, "from_teaser": teaser})
    for kid, person in conn.execute(
        """SELECT DISTINCT e.kb_event_id, COALESCE(en.name, ep.person) FROM event_participants ep
               JOIN events e ON e.id = ep.event_id LEFT JOIN entities en ON en.id = ep.entity_id
               WHERE e.kb_event_id IS NOT NULL"""
    ):
        if kid in wanted and person not in participants[kid]:
            participants[kid].append(person)
    return [
        {
            "kb_event_id": kid,
            "date": date,
            "end_date": end,
            "type": typ,
            "status": status,
            "place": place,
            "participants": participants.get(kid, []),
            "name": name,
            "mentions": n,
            "source_count": n_src,
            "teaser_only": bool(teaser_only),
            "sources": sources.get(kid, []),
        }
        for kid, date, end, typ, status, place, name, n, n_src, teaser_only in rows
    ]


# --- figures -------------------------------------------------------------------------------------


def figures(
    conn: sqlite3.Connection, series: str | None = None, item: str | None = None
) -> list[dict[str, Any]]:
    """The figures table, year by year (see communique.resolve.figures)."""
    return figures_table.rows(conn, series=series, item=item)
