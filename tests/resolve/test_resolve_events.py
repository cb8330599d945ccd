"""Events across documents: one kb_event per real event, several mentions with their sources."""

from __future__ import annotations

from communique.resolve.build import resolve
from communique.resolve.queries import timeline


def _kb(conn, event_id: int) -> int:
    return conn.execute("SELECT kb_event_id FROM events WHERE id = ?", (event_id,)).fetchone()[0]


def test_article_teaser_and_other_outlet_merge_into_one_event(db, conn) -> None:
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
    resolve(conn)
    assert _kb(conn, e1) == _kb(conn, e2) == _kb(conn, e3)
    assert _kb(conn, e4) != _kb(conn, e1)
    kb = conn.execute(
        "SELECT date, place, mentions, sources, teaser_only FROM kb_events WHERE id = ?", (_kb(conn, e1),)
    ).fetchone()
    assert kb == ("2023-03-06", "Moscow", 3, 3, 0)
    [row] = timeline(conn, "Chernykh")
    # Four spellings of two people: two participants, each under a full name.
    assert sorted(p.split()[-1] for p in row["participants"]) == ["Chernykh", "Tasbulatov"]
    assert all(len(p.split()) == 2 for p in row["participants"])
    assert {(s["article_id"], s["from_teaser"]) for s in row["sources"]} == {(a, None), (b, 0), (c, None)}


def test_teaser_only_event_is_marked(db, conn) -> None:
    a = db.article("2024-05-01", teasers=["2024-04-22"])
    e = db.event(a, "session", "2024-04-22", [], "Moscow", teaser=0, sentence="Consultations took place.")
    resolve(conn)
    assert conn.execute("SELECT teaser_only FROM kb_events WHERE id = ?", (_kb(conn, e),)).fetchone()[0] == 1


def test_incremental_event_joins_existing_kb_event(db, conn) -> None:
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
    resolve(conn)
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
    resolve(conn)
    assert _kb(conn, e1) == _kb(conn, e2) != _kb(conn, e3)
    kb = conn.execute("SELECT date, end_date, name FROM kb_events WHERE id = ?", (_kb(conn, e1),)).fetchone()
    assert kb == ("2023-09-11", "2023-09-15", "Channel-Watch")


def test_undated_copies_merge_only_on_the_same_sentence(db, conn) -> None:
    a, b = db.article(None), db.article(None)
    e1 = db.event(a, "speech", None, [], sentence="The chair addressed the forum.")
    e2 = db.event(b, "speech", None, [], sentence="The chair addressed the forum.")
    e3 = db.event(b, "speech", None, [], sentence="A minister gave an interview.")
    resolve(conn)
    assert _kb(conn, e1) == _kb(conn, e2) != _kb(conn, e3)


def test_timeline_filters_by_date(db, conn) -> None:
    for day in ("2022-01-10", "2022-06-10", "2023-01-10"):
        a = db.article(day)
        db.event(
            a, "visit", day, ["Marat Kenzhebaev"], "Bishkek", sentence=f"Kenzhebaev visited Bishkek on {day}."
        )
    resolve(conn)
    rows = timeline(conn, "Kenzhebaev", date_from="2022-03-01", date_to="2022-12-31")
    assert [r["date"] for r in rows] == ["2022-06-10"]
    assert [r["date"] for r in timeline(conn, "Bishkek")] == ["2022-01-10", "2022-06-10", "2023-01-10"]
