"""A small knowledge base written for the web tests: invented articles of an invented institution.

Rows go straight into the tables (the store's Database, portable SQL), with spans computed from the text, so
the tests do not depend on the ingest pipeline.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from communique.resolve import posts as resolve_posts
from communique.store import open_store
from communique.store.archive import fill_catalog
from communique.store.articles import reindex_search

ARTICLES = [
    # (key, site, lang, title, published, body paragraphs)
    (
        "meet",
        "news.example.org",
        "en",
        "Secretary General Anna Petrova met Minister Tomas Varga in Riga",
        "2021-03-04",
        [
            "On March 4, Secretary General of the Northern Council Anna Petrova met Minister of Foreign "
            "Affairs "
            "Tomas Varga in Riga.",
            'The sides discussed the joint exercise "Blue Shield" and cooperation against drug trafficking.',
        ],
    ),
    (
        "op22",
        "news.example.org",
        "en",
        "Results of the operation Harbour-Net 2022",
        "2022-06-10",
        [
            "The operation Harbour-Net was held from May 2 to June 6 in Tallinn and four other ports.",
            "Over 350 kg of narcotic drugs and 12 firearms were seized, said Anna Petrova, Secretary General "
            "of the Northern Council.",
        ],
    ),
    (
        "op23",
        "news.example.org",
        "en",
        "Results of the operation Harbour-Net 2023",
        "2023-05-20",
        [
            "During the operation Harbour-Net in Tallinn, 1.2 t of narcotic drugs and 20 firearms were "
            "seized.",
            "Secretary General Ivan Horvat thanked the customs services of the Northern Council.",
        ],
    ),
    (
        "dup",
        "press.example.com",
        "en",
        "Harbour-Net operation results",
        "2022-06-11",
        [
            "The operation Harbour-Net was held from May 2 to June 6 in Tallinn and four other ports.",
            "Over 350 kg of narcotic drugs and 12 firearms were seized, said Anna Petrova, Secretary General "
            "of the Northern Council.",
        ],
    ),
    (
        "plan",
        "news.example.org",
        "en",
        "Exercise Blue Shield (NEAR the border) planned for autumn",
        "2023-09-01",
        [
            "Ivan Horvat, Secretary General of the Northern Council, announced that the exercise Blue Shield "
            "will be held in October near Riga.",
            "Minister Tomas Varga will attend.",
        ],
    ),
    (
        "ru",
        "ru.example.org",
        "ru",
        "Генеральный секретарь Анна Петрова посетила Ригу",
        "2021-03-05",
        ["Генеральный секретарь Анна Петрова провела встречу в Риге."],
    ),
]

ENTITIES = [
    # (key, kind, name, aliases)
    ("petrova", "person", "Anna Petrova", ["Anna Petrova", "A. Petrova", "Анна Петрова"]),
    ("varga", "person", "Tomas Varga", ["Tomas Varga"]),
    ("horvat", "person", "Ivan Horvat", ["Ivan Horvat"]),
    ("nc", "org", "Northern Council", ["Northern Council", "NC"]),
    ("riga", "place", "Riga", ["Riga", "Ригу", "Риге"]),
    ("tallinn", "place", "Tallinn", ["Tallinn"]),
]

MENTIONS = [
    # (article key, kind, surface text, entity key, occurrence)
    ("meet", "org", "Northern Council", "nc", 0),
    ("meet", "person", "Anna Petrova", "petrova", 0),
    ("meet", "person", "Tomas Varga", "varga", 0),
    ("meet", "place", "Riga", "riga", 0),
    ("op22", "place", "Tallinn", "tallinn", 0),
    ("op22", "person", "Anna Petrova", "petrova", 0),
    ("op22", "org", "Northern Council", "nc", 0),
    ("op23", "place", "Tallinn", "tallinn", 0),
    ("op23", "person", "Ivan Horvat", "horvat", 0),
    ("op23", "org", "Northern Council", "nc", 0),
    ("dup", "place", "Tallinn", "tallinn", 0),
    ("dup", "person", "Anna Petrova", "petrova", 0),
    ("plan", "person", "Ivan Horvat", "horvat", 0),
    ("plan", "org", "Northern Council", "nc", 0),
    ("plan", "place", "Riga", "riga", 0),
    ("plan", "person", "Tomas Varga", "varga", 0),
    ("ru", "person", "Анна Петрова", "petrova", 0),
    ("ru", "place", "Риге", "riga", 0),
]

POSTS = [
    # (article key, person, role, org, date, person entity, anchor text)
    (
        "meet",
        "Anna Petrova",
        "Secretary General",
        "Northern Council",
        "2021-03-04",
        "petrova",
        "Anna Petrova",
    ),
    (
        "op22",
        "Anna Petrova",
        "Secretary General",
        "Northern Council",
        "2022-06-10",
        "petrova",
        "Anna Petrova",
    ),
    ("op23", "Ivan Horvat", "Secretary General", "Northern Council", "2023-05-20", "horvat", "Ivan Horvat"),
    ("plan", "Ivan Horvat", "Secretary General", "Northern Council", "2023-09-01", "horvat", "Ivan Horvat"),
    ("meet", "Tomas Varga", "Minister of Foreign Affairs", None, "2021-03-04", "varga", "Tomas Varga"),
]

EVENTS = [
    # (article key, type, status, date, end, place, name, trigger, participants (entity keys), kb key)
    ("meet", "meeting", "held", "2021-03-04", None, "Riga", None, "met", ["petrova", "varga"], "kb-meet"),
    (
        "op22",
        "operation",
        "held",
        "2022-05-02",
        "2022-06-06",
        "Tallinn",
        "Harbour-Net",
        "operation",
        ["petrova"],
        "kb-op22",
    ),
    (
        "dup",
        "operation",
        "held",
        "2022-05-02",
        "2022-06-06",
        "Tallinn",
        "Harbour-Net",
        "operation",
        ["petrova"],
        "kb-op22",
    ),
    (
        "op23",
        "operation",
        "held",
        "2023-05-01",
        None,
        "Tallinn",
        "Harbour-Net",
        "operation",
        ["horvat"],
        None,
    ),
    (
        "plan",
        "exercise",
        "planned",
        "2023-10-01",
        None,
        "Riga",
        "Blue Shield",
        "exercise",
        ["horvat", "varga"],
        None,
    ),
]

FIGURES = [
    # (article key, value, unit, item, text, event index in EVENTS or None)
    ("op22", 350, "kg", "narcotic drugs seized", "350 kg", 1),
    ("op22", 12, None, "firearms seized", "12 firearms", 1),
    ("op23", 1.2, "t", "narcotic drugs seized", "1.2 t", 3),
    ("op23", 20, None, "firearms seized", "20 firearms", 3),
]


def _sentence(text: str, start: int) -> str:
    stops = [i + 2 for i in (text.rfind(". ", 0, start), text.rfind("\n", 0, start) - 1) if i >= 0]
    lo = max(stops, default=0)
    ends = [i for i in (text.find(". ", start), text.find("\n", start)) if i >= 0]
    hi = min(ends, default=len(text) - 1) + 1
    return text[lo:hi].strip()


def build(path: Path | str) -> dict[str, dict[str, int]]:
    """Write the knowledge base to a new database at path (or PostgreSQL URL); return the ids given to each key."""
    store = open_store(path)
    conn = store.db
    ids: dict[str, dict[str, int]] = {"article": {}, "entity": {}, "event": {}, "kb": {}}
    bodies = {}
    for key, site, lang, title, published, paragraphs in ARTICLES:
        body = "\n\n".join(paragraphs)
        bodies[key] = body
        url = f"https://{site}/news/{key}"
        raw = f"Other news teaser.\n{title}\n{published}\n{body}\nGo back"
        page = conn.insert(
            "INSERT INTO pages (content_hash, page_key, site, url, source, lang, raw_text, ingested_at) VALUES "
            "(?,?,?,?,?,?,?,'2024-01-01T00:00:00Z') RETURNING id",
            (hashlib.sha256(raw.encode()).hexdigest(), url, site, url, f"fixture/{key}.txt", lang, raw),
        )
        ids["article"][key] = conn.insert(
            "INSERT INTO articles (page_key, page_id, site, url, lang, title, published, "
            "published_from, body, "
            "body_hash, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,'2024-01-01T00:00:00Z') RETURNING id",
            (
                url,
                page,
                site,
                url,
                lang,
                title,
                published,
                "dateline",
                body,
                hashlib.sha256(" ".join(body.lower().split()).encode()).hexdigest(),
            ),
        )
        conn.execute("INSERT INTO article_versions(article_id, version, page_id) VALUES (?, 1, ?)",
                     (ids["article"][key], page))
    a = ids["article"]
    conn.execute("UPDATE articles SET duplicate_of = ?, similarity = 1.0 WHERE id = ?", (a["op22"], a["dup"]))
    # The 2023 page carries a teaser of the 2022 results: evidence of that article, not a fact of this one.
    conn.execute(
        "INSERT INTO teasers(article_id, position, text, date, title) VALUES (?, 0, ?, ?, ?)",
        (
            a["op23"],
            "Results of the operation Harbour-Net 2022. Over 350 kg were seized.",
            "2022-06-10",
            "Results of the operation Harbour-Net 2022",
        ),
    )
    conn.execute(
        'INSERT INTO mentions (article_id, kind, text, start, "end", sentence, from_teaser) '
        "VALUES (?, 'person', 'Anna Petrova', 0, 12, 'Teaser sentence.', 0)",
        (a["op23"],),
    )
    conn.execute(
        "INSERT INTO article_parts(article_id, kind, position, text) "
        "VALUES (?, 'signature', 0, 'Press secretary J. Doe, +1 555 0100')",
        (a["meet"],),
    )

    for key, kind, name, aliases in ENTITIES:
        ids["entity"][key] = conn.insert(
            "INSERT INTO entities (kind, name, key) VALUES (?,?,?) RETURNING id", (kind, name, key)
        )
        conn.executemany(
            "INSERT INTO entity_aliases (entity_id, alias) VALUES (?, ?)",
            [(ids["entity"][key], alias) for alias in aliases],
        )
    e = ids["entity"]
    for art, kind, surface, ent, _ in MENTIONS:
        body = bodies[art]
        start = body.index(surface)
        conn.execute(
            'INSERT INTO mentions (article_id, kind, text, canonical, start, "end", sentence, entity_id) '
            "VALUES (?,?,?,?,?,?,?,?)",
            (
                a[art],
                kind,
                surface,
                dict((k, n) for k, _, n, _ in ENTITIES)[ent],
                start,
                start + len(surface),
                _sentence(body, start),
                e[ent],
            ),
        )
    conn.execute(
        "UPDATE entities SET mentions = (SELECT count(*) FROM mentions m WHERE m.entity_id = entities.id), "
        "first_seen = (SELECT min(a.published) FROM mentions m JOIN articles a ON a.id = m.article_id "
        "WHERE m.entity_id = entities.id), last_seen = (SELECT max(a.published) FROM mentions m "
        "JOIN articles a ON a.id = m.article_id WHERE m.entity_id = entities.id)"
    )
    for art, person, role, org, date, ent, anchor in POSTS:
        body = bodies[art]
        start = body.index(anchor)
        conn.execute(
            'INSERT INTO posts (article_id, person, role, org, date, start, "end", sentence, person_entity_id, '
            "org_entity_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                a[art],
                person,
                role,
                org,
                date,
                start,
                start + len(anchor),
                _sentence(body, start),
                e[ent],
                e["nc"] if org else None,
            ),
        )
    resolve_posts.rebuild(store.resolution)  # posts over time (kb_posts), as resolution leaves them
    event_ids = []
    for art, type_, status, date, end, place, name, trigger, people, kb in EVENTS:
        body = bodies[art]
        start = body.index(trigger)
        if kb and kb not in ids["kb"]:
            # The place resolved to its entity, as resolution leaves a merged event.
            place_entity = {n: e[k] for k, _, n, _ in ENTITIES}.get(place)
            ids["kb"][kb] = conn.insert(
                "INSERT INTO kb_events (type, status, date, end_date, place, name, mentions, place_entity_id) "
                "VALUES (?,?,?,?,?,?,0,?) RETURNING id",
                (type_, status, date, end, place, name, place_entity),
            )
        eid = conn.insert(
            "INSERT INTO events (article_id, type, status, date, end_date, place, name, trigger, start, "
            '"end", sentence, '
            "kb_event_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
            (
                a[art],
                type_,
                status,
                date,
                end,
                place,
                name,
                trigger,
                start,
                start + len(trigger),
                _sentence(body, start),
                ids["kb"].get(kb),
            ),
        )
        event_ids.append(eid)
        conn.executemany(
            "INSERT INTO event_participants(event_id, person, entity_id) VALUES (?,?,?)",
            [(eid, dict((k, n) for k, _, n, _ in ENTITIES)[p], e[p]) for p in people],
        )
    conn.execute(
        "UPDATE kb_events SET mentions = (SELECT count(*) FROM events WHERE kb_event_id = kb_events.id)"
    )
    for art, value, unit, item, text, event_index in FIGURES:
        body = bodies[art]
        start = body.index(text)
        conn.execute(
            'INSERT INTO figures (article_id, event_id, value, unit, item, text, start, "end", sentence) '
            "VALUES (?,?,?,?,?,?,?,?,?)",
            (
                a[art],
                event_ids[event_index] if event_index is not None else None,
                value,
                unit,
                item,
                text,
                start,
                start + len(text),
                _sentence(body, start),
            ),
        )
    reindex_search(conn)  # rows written by SQL alone: their search terms made as the store would
    # Rows written by hand, as a database of an older communique held them: the archive's catalog and the
    # teasers' links are made as the migration that added them makes them.
    fill_catalog(conn)
    store.close()
    return ids
