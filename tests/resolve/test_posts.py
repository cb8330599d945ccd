"""Posts over time and who held a post on a date."""

from __future__ import annotations

import pytest

from communique.resolve.build import resolve
from communique.resolve.posts import role_key, role_matches


def who_held(store, post: str, org: str | None, on: str) -> list[dict]:
    """The rows of the verdict: the holder (or the candidates of an ambiguous date)."""
    return store.read.who_held(post, org=org, on=on)["rows"]


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


def test_one_holder_per_date_with_the_evidenced_and_the_inferred_part(succession) -> None:
    answer = succession.read.who_held("Secretary General", org="NSTSO", on="2022-12-01")
    assert answer["verdict"] == "held" and len(answer["rows"]) == 1
    [holder] = answer["rows"]
    assert holder["person"] == "Stanislav Volkovs" and holder["basis"] == "inferred"
    assert (holder["evidenced_from"], holder["evidenced_to"]) == ("2020-02-01", "2022-05-18")
    assert (holder["inferred_from"], holder["inferred_to"]) == ("2022-05-19", "2023-01-19")
    assert "2022-05-18" in answer["reason"] and "2023-01-20" in answer["reason"]
    inside = succession.read.who_held("Secretary General", org="NSTSO", on="2021-11-17")
    assert inside["rows"][0]["basis"] == "evidenced" and inside["rows"][0]["evidence_count"] == 3
    # The deputy and the other organisation's secretary general are no holders of this post, not even "others".
    everyone = succession.read.who_held("Secretary General", org="NSTSO", on="2021-11-17", include_all=True)
    assert {r["person"] for r in everyone["others"]} == {"Yury Petrakov", "Valery Semenov", "Imangali Tasbulatov"}
    assert everyone["excluded"] == []


def test_before_the_first_evidence_nobody_is_known(succession) -> None:
    answer = succession.read.who_held("Secretary General", org="NSTSO", on="2010-01-01")
    assert answer["verdict"] == "unknown" and answer["rows"] == [] and "2017-03-01" in answer["reason"]


def test_succession_lists_the_holders_in_order(succession) -> None:
    answer = succession.read.succession("Secretary General", org="NSTSO")
    rows = answer["rows"]
    assert [(r["person"], r["acting"]) for r in rows] == [
        ("Yury Petrakov", False), ("Valery Semenov", True), ("Stanislav Volkovs", False),
        ("Imangali Tasbulatov", False)]
    assert [(r["from"], r["to"], r["evidence"]) for r in rows] == [
        ("2017-03-01", "2019-01-14", 3), ("2019-01-15", "2020-01-31", 2), ("2020-02-01", "2023-01-19", 3),
        ("2023-01-20", "2023-03-06", 2)]
    assert rows[-1]["open"] and rows[-1]["inferred_to"] is None
    assert rows[0]["first_evidence"]["date"] == "2017-03-01" and rows[0]["last_evidence"]["date"] == "2018-06-09"
    assert all(r["first_evidence"]["sentence"] and r["first_evidence"]["article_id"] for r in rows)


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


# --- candidates whose sentence ties the title to another body or another person ----------------


@pytest.fixture
def crowded(db, store):
    """Secretaries general of the NSTSO, and sentences that name the title with other bodies and people."""
    home = db.article("2016-01-01")
    db.mention(home, "org", ORG, f"The {ORG} (NSTSO) was founded.")
    db.mention(home, "org", "NSTSO", f"The {ORG} (NSTSO) was founded.")
    for day in ("2017-03-01", "2017-11-10", "2018-06-09"):
        db.post(db.article(day), "Yury Petrakov", "Secretary General", "NSTSO", day)
    for day in ("2018-12-01", "2019-09-24", "2020-05-05"):
        db.post(db.article(day), "Stanislav Volkovs", "Secretary General", "NSTSO", day)
    # The Global Union's secretary general, named as such twice ...
    for day in ("2018-03-03", "2019-03-03"):
        a = db.article(day, site="news.example")
        sentence = "“Peace needs partners,” said Anton Gutmann, Secretary-General of the Global Union."
        db.mention(a, "org", "Global Union", sentence)
        db.post(a, "Anton Gutmann", "Secretary-General", "Global Union", day, sentence=sentence)
    # ... and filed under the NSTSO from a sentence that names both bodies and writes the title alone.
    a = db.article("2019-06-06", site="news.example")
    both = ("Security and trade top the list on which the Global Union and the NSTSO should work together, "
            "Secretary-General Anton Gutmann told the council.")
    db.mention(a, "org", "Global Union", both)
    db.mention(a, "org", "NSTSO", both)
    db.post(a, "Anton Gutmann", "Secretary-General", "NSTSO", "2019-06-06", sentence=both)
    # Another body's secretary general in a sentence about the NSTSO's.
    a = db.article("2018-01-20", site="news.example")
    two = "The memo was signed by the NSTSO Secretary General Yury Petrakov and the EAU Secretary General Bolat Nurin."
    db.mention(a, "org", "NSTSO", two)
    db.post(a, "Yury Petrakov", "Secretary General", "NSTSO", "2018-01-20", sentence=two)
    db.post(a, "Bolat Nurin", "Secretary General", "NSTSO", "2018-01-20", sentence=two)
    # The title reaches a name across a comma, and the name carries a post of its own.
    a = db.article("2018-07-28", site="news.example")
    other = ("Pelagia proposed to start replacing the Secretary General, Tigran Balakin – foreign ministry "
             "spokesperson, told reporters.")
    db.post(a, "Tigran Balakin", "Secretary General", "NSTSO", "2018-07-28", sentence=other)
    # One sentence naming a misspelt holder inside another's tenure.
    db.post(db.article("2019-05-05"), "Boris Lemekhov", "Secretary General", "NSTSO", "2019-05-05")
    resolve(store.resolution)
    return store


def test_no_other_bodys_office_holder_is_a_holder(crowded) -> None:
    answer = crowded.read.who_held("Secretary General", org="NSTSO", on="2019-06-06", include_all=True)
    assert answer["verdict"] == "held" and [r["person"] for r in answer["rows"]] == ["Stanislav Volkovs"]
    named = {r["person"] for r in answer["rows"] + answer["others"]}
    assert named == {"Yury Petrakov", "Stanislav Volkovs"}
    reasons = {r["person"]: r["excluded"] for r in answer["excluded"]}
    assert set(reasons) == {"Anton Gutmann", "Bolat Nurin", "Tigran Balakin", "Boris Lemekhov"}
    assert "Global Union" in reasons["Anton Gutmann"] and "written without its body" in reasons["Anton Gutmann"]
    assert "EAU" in reasons["Bolat Nurin"] and "another body" in reasons["Bolat Nurin"]
    assert "spokesperson" in reasons["Tigran Balakin"] and "someone else" in reasons["Tigran Balakin"]
    assert "Stanislav Volkovs" in reasons["Boris Lemekhov"] and "within the tenure" in reasons["Boris Lemekhov"]
    # The same sentence is evidence for the holder it names with the NSTSO.
    petrakov = next(r for r in answer["others"] if r["person"] == "Yury Petrakov")
    assert petrakov["evidence_count"] == 4 and "excluded_evidence" not in petrakov
    # Shown only when asked for.
    assert "excluded" not in crowded.read.who_held("Secretary General", org="NSTSO", on="2019-06-06")
    # The Global Union's own question still finds its secretary general.
    union = crowded.read.who_held("Secretary General", org="Global Union", on="2019-01-01")
    assert [r["person"] for r in union["rows"]] == ["Anton Gutmann"]


def test_one_sentence_is_evidence_of_one_day(crowded) -> None:
    rows = crowded.read.succession("Secretary General", org="NSTSO", include_all=True)["excluded"]
    balakin = next(r for r in rows if r["person"] == "Tigran Balakin")
    assert balakin["evidenced_from"] is None or balakin["evidenced_from"] == balakin["evidenced_to"]
    assert [r["person"] for r in crowded.read.succession("Secretary General", org="NSTSO")["rows"]] == [
        "Yury Petrakov", "Stanislav Volkovs"]


def test_overlapping_evidence_of_two_holders_is_ambiguous(db, store) -> None:
    for day in ("2010-01-10", "2010-06-10", "2011-01-10"):
        db.post(db.article(day), "Ivan Harlov", "Chairman", "Board of Ports", day)
    for day in ("2010-03-10", "2010-09-10", "2011-03-10"):
        db.post(db.article(day), "Pavel Dorin", "Chairman", "Board of Ports", day)
    resolve(store.resolution)
    answer = store.read.who_held("Chairman", org="Board of Ports", on="2010-07-01")
    assert answer["verdict"] == "ambiguous" and len(answer["rows"]) == 2
    assert "Ivan Harlov" in answer["reason"] and "Pavel Dorin" in answer["reason"]
    assert store.read.who_held("Chairman", org="Board of Ports", on="2011-02-01")["verdict"] == "held"


def test_posts_held_by_several_at_once_have_no_succession(succession) -> None:
    deputies = succession.read.who_held("Deputy Secretary General", org="NSTSO", on="2021-03-03")
    assert deputies["verdict"] == "held" and [r["person"] for r in deputies["rows"]] == ["Marat Kenzhebaev"]
    listed = succession.read.succession("Deputy Secretary General", org="NSTSO")
    assert listed["one_at_a_time"] is False and listed["rows"][0]["inferred_to"] is None


@pytest.mark.parametrize(
    "sentence, person, role, bodies, verdict",
    [
        ("The NSTSO Secretary General Yury Petrakov spoke.", "Yury Petrakov", "Secretary General", ["NSTSO"], None),
        ("Secretary General of the North Sea Treaty Security Organization (NSTSO) Yury Petrakov spoke.",
         "Yury Petrakov", "Secretary General", [ORG], None),
        ("He met the Secretary General of the NSTSO, Yury Petrakov, in Oslo.", "Yury Petrakov",
         "Secretary General", ["NSTSO"], None),
        ("Petrakov has been appointed NSTSO Secretary General from January 1.", "Petrakov", "Secretary General",
         ["NSTSO"], None),
        ("said Acting Secretary General of the NSTSO, Colonel-General Valery Semenov on Thursday.",
         "Valery Semenov", "Acting Secretary General", ["NSTSO"], None),
        # a state named by its adjective is the title's body
        ("Belarusian Foreign Minister Ilya Dorn arrived.", "Ilya Dorn", "Foreign Minister", [], None),
        ("Armenian Foreign Minister Ilya Dorn arrived.", "Ilya Dorn", "Foreign Minister", [], "another body"),
        ("Ruslan Mirov, the Director of the Executive Committee, Yevgeny Sysin, the Head of the Centre, spoke.",
         "Yevgeny Sysin", "Director", [], "someone else"),
        ("The EAU Secretary General Bolat Nurin spoke.", "Bolat Nurin", "Secretary General", ["EAU"],
         "another body"),
        # a body of the filed organisation is the filed organisation's
        ("Chief of the NSTSO Joint Staff Anatol Sidko spoke.", "Anatol Sidko", "Chief", ["NSTSO Joint Staff"], None),
        ("Yury Petrakov, Secretary-General of the Global Union, spoke.", "Yury Petrakov", "Secretary-General",
         ["Global Union"], "another body"),
        ("Генеральный секретарь ОДКБ Юрий Петраков выступил.", "Yury Petrakov", "Secretary General", [], None),
    ],
)
def test_the_title_phrase_of_a_sentence(sentence, person, role, bodies, verdict) -> None:
    from communique.resolve.title_ties import Body, read_tie

    filed = {"NSTSO", ORG, "Ministry of Foreign Affairs of the Republic of Belarus"}
    tie = read_tie(sentence, person, role, [Body(b, None) for b in bodies], set(), filed)
    if verdict is None:
        assert not tie.excluded, tie
    else:
        assert tie.excluded and verdict in tie.reason, tie


@pytest.mark.parametrize(
    "role, one",
    [("Secretary General", True), ("Minister of Defence", True), ("Prime Minister", True), ("Chairman", True),
     ("Deputy Secretary General", False), ("Member of the Council", False), ("Special Representative", False),
     ("Minister", False)],
)
def test_posts_one_person_holds_at_a_time(role: str, one: bool) -> None:
    from communique.resolve.posts import single_holder

    assert single_holder(role_key(role)[0]) is one
