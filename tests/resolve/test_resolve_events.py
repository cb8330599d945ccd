"""Events across documents: one kb_event per real event, several mentions with their sources."""

from __future__ import annotations

from communique.resolve.build import resolve


def _kb(store, event_id: int) -> int:
    return store.db.value("SELECT kb_event_id FROM events WHERE id = ?", (event_id,))


def timeline(store, name: str, date_from: str | None = None, date_to: str | None = None) -> list[dict]:
    """The CLI's `timeline NAME`: the entity's dated events, oldest first."""
    return store.read.timeline(store.read.find_entity(name), date_from=date_from, date_to=date_to, limit=None,
                               newest_first=False)


def test_article_teaser_and_other_outlet_merge_into_one_event(db, store) -> None:
    a = db.article("2023-03-06")
    e1 = db.event(
        a,
        "meeting",
        "2023-03-06",
        ["Imangali Tasbulatov", "Yuri Chernykh"],
        "Moscow",
        sentence="On March 6, Imangali Tasbulatov met Yuri Chernykh in Moscow.",
    )
    b = db.article("2023-03-20", teasers=["2023-03-06"])
    e2 = db.event(
        b,
        "meeting",
        "2023-03-06",
        ["I.Tasbulatov"],
        None,
        teaser=0,
        sentence="I.Tasbulatov met the head of the service.",
    )
    c = db.article("2023-03-07", site="press.example")
    e3 = db.event(
        c,
        "meeting",
        "2023-03-07",
        ["Yury Chernykh", "Tasbulatov"],
        "Moscow",
        sentence="Chernykh and Tasbulatov held talks in Moscow.",
    )
    # Same day, same type, another place and other people: another meeting.
    e4 = db.event(
        c, "meeting", "2023-03-06", ["Nurlan Abenov"], "Minsk", sentence="Abenov met students in Minsk."
    )
    resolve(store.resolution)
    assert _kb(store, e1) == _kb(store, e2) == _kb(store, e3)
    assert _kb(store, e4) != _kb(store, e1)
    kb = store.db.one(
        "SELECT date, place, mentions, sources, teaser_only FROM kb_events WHERE id = ?", (_kb(store, e1),)
    )
    assert tuple(kb) == ("2023-03-06", "Moscow", 3, 3, 0)
    [row] = timeline(store, "Chernykh")
    # Four spellings of two people: two participants, each under a full name.
    assert sorted(p["person"].split()[-1] for p in row["participants"]) == ["Chernykh", "Tasbulatov"]
    assert all(len(p["person"].split()) == 2 and p["entity_id"] for p in row["participants"])
    assert {(s["article_id"], s["from_teaser"]) for s in row["mentions"]} == {(a, None), (b, 0), (c, None)}


def test_teaser_only_event_is_marked(db, store) -> None:
    a = db.article("2024-05-01", teasers=["2024-04-22"])
    e = db.event(a, "session", "2024-04-22", [], "Moscow", teaser=0, sentence="Consultations took place.")
    resolve(store.resolution)
    assert store.db.value("SELECT teaser_only FROM kb_events WHERE id = ?", (_kb(store, e),)) == 1


def test_incremental_event_joins_existing_kb_event(db, store) -> None:
    a = db.article("2023-09-16")
    e1 = db.event(
        a,
        "operation",
        "2023-09-11",
        [],
        None,
        name="Channel-Watch",
        end="2023-09-15",
        sentence="The operation Channel-Watch was held from 11 to 15 September.",
    )
    resolve(store.resolution)
    b = db.article("2023-09-20", site="press.example")
    e2 = db.event(
        b,
        "operation",
        "2023-09-13",
        [],
        None,
        name="Channel-Watch",
        sentence="During operation Channel-Watch police seized drugs.",
    )
    e3 = db.event(
        b,
        "operation",
        "2023-09-13",
        [],
        None,
        name="Harbour Lock",
        sentence="Operation Harbour Lock continued.",
    )
    resolve(store.resolution)
    assert _kb(store, e1) == _kb(store, e2) != _kb(store, e3)
    kb = store.db.one("SELECT date, end_date, name FROM kb_events WHERE id = ?", (_kb(store, e1),))
    assert tuple(kb) == ("2023-09-11", "2023-09-15", "Channel-Watch")


def test_undated_copies_merge_only_on_the_same_sentence(db, store) -> None:
    a, b = db.article(None), db.article(None)
    e1 = db.event(a, "speech", None, [], sentence="The chair addressed the forum.")
    e2 = db.event(b, "speech", None, [], sentence="The chair addressed the forum.")
    e3 = db.event(b, "speech", None, [], sentence="A minister gave an interview.")
    resolve(store.resolution)
    assert _kb(store, e1) == _kb(store, e2) != _kb(store, e3)


def test_timeline_filters_by_date(db, store) -> None:
    for day in ("2022-01-10", "2022-06-10", "2023-01-10"):
        a = db.article(day)
        db.event(
            a, "visit", day, ["Marat Kenzhebaev"], "Bishkek", sentence=f"Kenzhebaev visited Bishkek on {day}."
        )
    resolve(store.resolution)
    rows = timeline(store, "Kenzhebaev", date_from="2022-03-01", date_to="2022-12-31")
    assert [r["date"] for r in rows] == ["2022-06-10"]
    assert [r["date"] for r in timeline(store, "Bishkek")] == ["2022-01-10", "2022-06-10", "2023-01-10"]
