"""Posts over time and who held a post on a date."""

from __future__ import annotations

import pytest

from communique.resolve.build import resolve
from communique.resolve.posts import role_key, role_matches


def who_held(store, post: str, org: str | None, on: str) -> list[dict]:
    return store.read.who_held(post, org=org, on=on)


def entity(store, name: str) -> dict | None:
    return store.read.entity_by_name(name)

ORG = "North Sea Treaty Security Organization"


@pytest.mark.parametrize(
    "a, b",
    [
        ("Secretary General", "General Secretary"),
        ("Secretary-General", "NSTSO Secretary General"),
        ("Chief of the Joint Staff", "Chief of the NSTSO Joint Staff"),
    ],
)
def test_role_spellings_are_one_role(a: str, b: str) -> None:
    assert role_matches(role_key(a)[0], role_key(b)[0]) == 2


def test_deputy_and_acting_are_other_posts() -> None:
    assert role_matches(role_key("Secretary General")[0], role_key("Deputy Secretary General")[0]) == 0
    assert role_key("Acting Secretary General") == (role_key("Secretary General")[0], True)


@pytest.fixture
def succession(db, store):
    """Three secretaries general and an acting one between the first two; a deputy throughout."""
    site = db.article("2017-01-01")
    db.mention(site, "org", ORG, f"The {ORG} (NSTSO) was founded.")
    db.mention(site, "org", "NSTSO", f"The {ORG} (NSTSO) was founded.")
    for day in ("2017-03-01", "2017-11-10", "2018-06-09"):
        a = db.article(day)
        db.post(a, "Yury Petrakov", "Secretary General", "NSTSO", day)
    for day in ("2019-01-15", "2019-09-24"):
        a = db.article(day)
        db.post(a, "Valery Semenov", "Secretary General", "NSTSO", day, acting=True)
    for day in ("2020-02-01", "2021-03-03", "2022-05-18"):
        a = db.article(day)
        db.post(a, "Stanislav Volkovs", "Secretary General", "the Organization", day)
        db.post(a, "Marat Kenzhebaev", "Deputy Secretary General", "NSTSO", day)
    a = db.article("2023-01-20")
    db.post(a, "I.Tasbulatov", "General Secretary", ORG, "2023-01-20")
    a = db.article("2023-03-06")
    db.post(a, "Imangali Tasbulatov", "Secretary General", "NSTSO", "2023-03-06")
    # Another organisation's secretary general at the same time.
    a = db.article("2021-04-04", site="other.example")
    db.post(a, "Rashid Alimbekov", "Secretary General", "Eastern Cooperation Organization", "2021-04-04")
    resolve(store.resolution)
    return store


@pytest.mark.parametrize(
    "on, expected",
    [
        ("2017-06-01", "Yury Petrakov"),  # between two pieces of evidence
        ("2021-11-17", "Stanislav Volkovs"),
        ("2022-12-01", "Stanislav Volkovs"),  # after the last evidence, before the successor's first
        ("2023-03-06", "Imangali Tasbulatov"),
        ("2026-01-01", "Imangali Tasbulatov"),  # the latest known holder
        ("2019-06-01", "Valery Semenov"),  # only an acting holder's evidence brackets it
    ],
)
def test_who_held_secretary_general(succession, on: str, expected: str) -> None:
    answers = who_held(succession, "Secretary General", "NSTSO", on)
    best = answers[0]
    assert best["person"].split()[-1] == expected.split()[-1]
    assert best["evidence"] and all(ev["sentence"] and ev["article_id"] for ev in best["evidence"])
    assert "Kenzhebaev" not in {a["person"].split()[-1] for a in answers}  # the deputy holds another post


def test_interval_ends_at_successor(succession) -> None:
    best = who_held(succession, "Secretary General", "NSTSO", "2022-12-01")[0]
    assert best["from"] == "2020-02-01" and best["to"] == "2023-01-19"


def test_acting_question_matches_acting_posts(succession) -> None:
    best = who_held(succession, "Acting Secretary General", "NSTSO", "2019-09-24")[0]
    assert best["person"] == "Valery Semenov" and best["acting"]


def test_org_by_full_name_and_other_org(succession) -> None:
    assert who_held(succession, "Secretary General", ORG, "2021-11-17")[0]["person"] == "Stanislav Volkovs"
    other = who_held(succession, "Secretary General", "Eastern Cooperation Organization", "2021-11-17")
    assert [a["person"] for a in other] == ["Rashid Alimbekov"]
    assert who_held(succession, "Secretary General", "Unknown Body", "2021-11-17") == []


def test_entity_lists_posts_as_intervals(succession) -> None:
    e = entity(succession, "Tasbulatov")
    assert e["name"] == "Imangali Tasbulatov"
    [post] = e["posts"]
    assert (post["from"], post["to"], post["evidence_count"], post["acting"]) == (
        "2023-01-20",
        "2023-03-06",
        2,
        False,
    )
    assert post["org"] == ORG


def test_teaser_posts_are_evidence_dated_by_the_teaser(db, store) -> None:
    a = db.article("2025-01-10", teasers=["2026-02-11"])
    db.post(a, "Talatbek Usenov", "Secretary General", "NSTSO", None, teaser=0)
    db.post(a, "Imangali Tasbulatov", "Secretary General", "NSTSO", "2025-01-10")
    resolve(store.resolution)
    best = who_held(store, "Secretary General", "NSTSO", "2026-02-11")[0]
    assert best["person"] == "Talatbek Usenov"
    assert best["evidence"][0]["from_teaser"] == 0 and best["evidence"][0]["date"] == "2026-02-11"


def test_qualifiers_left_out_by_extraction_are_read_from_the_sentence(db, store) -> None:
    a = db.article("2019-02-01")
    db.post(
        a,
        "Valery Semenov",
        "Secretary General",
        "NSTSO",
        sentence="Deputy NSTSO Secretary-General Valery Semenov spoke.",
    )
    b = db.article("2019-03-01")
    db.post(
        b,
        "Valery Semenov",
        "Secretary General",
        "NSTSO",
        sentence="It was said by acting NSTSO Secretary General Valery Semenov.",
    )
    c = db.article("2024-03-01")
    db.post(
        c,
        "Yury Petrakov",
        "Secretary General",
        "NSTSO",
        sentence="Former Secretary General Yury Petrakov recalled the talks.",
    )
    resolve(store.resolution)
    # The role as spelled without "acting"; the acting flag says it (the CLI and the web show it so).
    posts = {(p["role"], p["acting"]) for p in entity(store, "Valery Semenov")["posts"]}
    assert posts == {("Deputy Secretary General", False), ("Secretary General", True)}
    assert who_held(store, "Secretary General", "NSTSO", "2024-03-01")[0]["person"] == "Valery Semenov"
    assert who_held(store, "Deputy Secretary General", "NSTSO", "2019-02-01")[0]["person"] == "Valery Semenov"


def test_spelling_variants_and_head_words(db, store) -> None:
    a = db.article("2023-02-20")
    db.post(a, "Pavel Dorokhin", "Defence Minister", "Russian Federation", "2023-02-20")
    db.post(a, "Yuri Chernykh", "Director", "Federal Financial Watch Service", "2023-02-20")
    resolve(store.resolution)
    assert who_held(store, "Minister of Defense", "Russia", "2023-03-01")[0]["person"] == "Pavel Dorokhin"
    # Nobody is called "Head" there: the leading post of the service answers.
    assert (
        who_held(store, "Head", "Federal Financial Watch Service", "2023-03-01")[0]["person"]
        == "Yuri Chernykh"
    )
    assert who_held(store, "Deputy Head", "Federal Financial Watch Service", "2023-03-01") == []


def test_a_post_named_only_in_a_title_reaches_who_held(tmp_path) -> None:
    import datetime as dt

    from communique import config
    from communique.document import Article, Page
    from communique.pipeline import Pipeline
    from communique.store import open_store

    pipeline = Pipeline(config.PIPELINE, config.load())

    def article(n: int, title: str, body: str, published: dt.date) -> Article:
        page = Page(text=f"{title}\n{body}", source=f"{n}.txt", url=f"https://csto.example/{n}", site="csto.example")
        return pipeline(Article(page=page, title=title, published=published, body=[body]))

    # the predecessor, named in a body; then the successor, named only in a later article's title
    old = article(1, "Council met", "CSTO Secretary General Ivan Harlov opened the council in Minsk.",
                  dt.date(2019, 3, 1))
    title = "The CSTO Secretary General Boris Kuznetsov spoke at the forum"
    new = article(2, title, "The forum discussed border security.", dt.date(2021, 11, 17))
    assert not [p for p in new.posts if not p.in_title]
    with open_store(tmp_path / "kb.db") as store:
        with store.transaction():
            store.save_article(old)
            store.save_article(new)
            resolve(store.resolution)
        best = who_held(store, "Secretary General", "CSTO", "2021-11-17")[0]
    assert best["person"] == "Boris Kuznetsov"
    assert [e["sentence"] for e in best["evidence"]] == [title]
