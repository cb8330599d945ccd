"""Full-text search: bm25 ranking with the title weighted, snippets, filters, hostile queries."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from storehelp import hits as search

from communique.store import DatabaseError, Store
from communique.store.analysis import query_terms
from communique.store.postgres_fts import tsquery_text
from communique.store.sqlite_fts import fts5_query


@pytest.fixture
def filled(store: Store, make_article) -> Store:
    # Unrelated articles make bm25's document frequencies meaningful, as in a real archive.
    for i in range(8):
        store.save_article(
            make_article(
                f"filler{i}",
                title=f"Weekly bulletin {i}",
                body=[f"Bulletin number {i} lists the opening hours of the archive."],
            )
        )
    store.save_article(make_article("summit"))
    store.save_article(make_article("drill", published=dt.date(2021, 9, 7)))
    store.save_article(
        make_article("seizure", title="Lantern operation results", published=dt.date(2024, 2, 1))
    )
    # Body mentions "Lantern" only in passing; the title of the article above names it.
    store.save_article(
        make_article(
            "note",
            site="other.example",
            title="Harbour notes",
            published=dt.date(2024, 3, 1),
            body=["A lantern was lit in the harbour museum.", "Visitors came all day."],
        )
    )
    return store


def test_title_match_ranks_first_with_snippet(filled: Store) -> None:
    hits = search(filled, "lantern")
    assert [h["title"] for h in hits] == ["Lantern operation results", "Harbour notes"]
    assert hits[0]["score"] > hits[1]["score"]
    assert set(hits[0]) == {"id", "title", "title_derived", "published", "published_from", "site", "url", "lang",
                            "duplicate_of", "snippet", "score"}
    assert "[Lantern]" in hits[0]["snippet"] and "[lantern]" in hits[1]["snippet"]
    assert search(filled, "lantern", mark=("<b>", "</b>"))[1]["snippet"].count("<b>lantern</b>") == 1


def test_all_words_must_match(filled: Store) -> None:
    assert [h["title"] for h in search(filled, "ferry fire")] == ["The drill story"]
    assert search(filled, "ferry tobacco") == []


def test_filters_and_paging(filled: Store) -> None:
    assert [h["site"] for h in search(filled, "lantern", site="other.example")] == ["other.example"]
    assert [h["published"] for h in search(filled, "lantern", date_from="2024-02-15")] == ["2024-03-01"]
    assert [h["published"] for h in search(filled, "lantern", date_to="2024-02")] == ["2024-02-01"]
    assert len(search(filled, "lantern", date_from="2024", date_to="2024")) == 2
    assert search(filled, "lantern", date_to="2023") == []
    first, second = search(filled, "lantern", limit=1), search(filled, "lantern", limit=1, offset=1)
    assert len(first) == len(second) == 1 and first[0]["id"] != second[0]["id"]
    for bad in (
        {"limit": 0},
        {"limit": 100000},
        {"offset": -1},
        {"date_from": "May 2024"},
        {"date_to": "2024-13"},
    ):
        with pytest.raises(ValueError):
            search(filled, "lantern", **bad)


def test_duplicates_hidden_unless_asked(filled: Store, make_article) -> None:
    copy = filled.save_article(
        make_article("drill", url="https://mirror.example/drill", site="mirror.example")
    )
    assert copy.duplicate_of is not None
    assert len(search(filled, "ferry")) == 1
    assert {h["id"] for h in search(filled, "ferry", include_duplicates=True)} == {
        copy.article_id,
        copy.duplicate_of,
    }


HOSTILE = [
    '"',
    '""',
    "NEAR(",
    "NEAR(ferry fire",
    "a*",
    "title:x",
    "title:ferry",
    "AND OR",
    "AND",
    "OR NOT",
    "-",
    "ferry -fire",
    "^ferry",
    "ferry:",
    "(ferry",
    "ferry)",
    "{title body}:ferry",
    "'",
    "ferry'",
    "*",
    "col:*",
    "\x00",
    "ferry\x00fire",
    "NEAR(ferry fire, 2)",
    '"ferry',
    "ферри",
    "😀",
    "ferry+fire",
    "title : ferry",
    "%",
    "_",
    "ferry*",
    "ferry AND fire",
    "ferry OR tobacco",
    "NOT ferry",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_return_results_or_value_error(filled: Store, query: str) -> None:
    try:
        hits = search(filled, query)
    except ValueError as exc:
        assert str(exc)  # a message for the user
        return
    except (sqlite3.Error, DatabaseError) as exc:  # pragma: no cover - the failure this test exists to catch
        pytest.fail(f"{query!r} raised {exc!r}")
    assert isinstance(hits, list)


def test_operators_in_user_text_cannot_widen_a_query(filled: Store) -> None:
    # Prefix, OR, NOT and column filters are plain words, never syntax.
    assert search(filled, "patro*") == []  # would match "patrols" as a prefix query
    assert search(filled, "ferry OR tobacco") == []  # would match two articles as OR
    assert search(filled, "NOT ferry") == []  # no article holds the word "not"
    assert search(filled, "title:ferry") == []  # "title ferry" is not a phrase anywhere
    assert [h["title"] for h in search(filled, "ferry*")] == [
        "The drill story"
    ]  # the "*" is dropped, not a prefix


@pytest.mark.parametrize("query", ['"', "-*-", "()", "^", ":"])
def test_query_without_words_is_a_value_error(filled: Store, query: str) -> None:
    with pytest.raises(ValueError, match="nothing to search"):
        search(filled, query)


@pytest.mark.parametrize("query", [None, "", "   "])
def test_no_query_at_all_lists_the_newest_articles(filled: Store, query: str | None) -> None:
    # What the web's search page shows before anything is typed (the CLI refuses an empty query itself).
    rows = search(filled, query, limit=3)
    assert [r["published"] for r in rows] == ["2024-03-01", "2024-02-01", "2023-05-12"]
    assert all(r["score"] is None and r["snippet"] for r in rows)


def test_a_query_is_its_analysed_terms_each_quoted() -> None:
    assert query_terms('ferry "fire" NEAR(') == ["ferri", "fire", "near"]
    assert query_terms("title:x") == ["titl", "x"]
    assert fts5_query(query_terms('ferry "fire" OR NEAR(')) == '"ferri" "fire" "or" "near"'
    assert tsquery_text(query_terms("Ferry fires OR not")) == "'ferri' & 'fire' & 'or' & 'not'"
    with pytest.raises(ValueError, match="too long"):
        query_terms(" ".join(f"word{i}" for i in range(100)))


def test_inflected_forms_find_the_same_articles(store: Store, make_article) -> None:
    store.save_article(make_article("drill", title="Joint exercise of the rescue teams"))
    store.save_article(make_article("summit", title="Exercises planned for the autumn"))
    store.save_article(make_article("seizure", title="Учения прошли в Ростове",
                                    body=["В учениях участвовали подразделения четырёх государств."]))
    both = {h["id"] for h in search(store, "exercise")}
    assert len(both) == 2 and {h["id"] for h in search(store, "EXERCISES")} == both
    assert {h["id"] for h in search(store, "exercised")} == both
    russian = {h["id"] for h in search(store, "учения")}
    assert len(russian) == 1 and {h["id"] for h in search(store, "учениях")} == russian
    assert {h["id"] for h in search(store, "государства")} == russian  # ё and е are one letter here
    # The snippet marks the word as written, whatever form was asked for.
    assert "[учениях]" in search(store, "учения")[0]["snippet"]


def test_sort_by_date_lists_every_match_newest_first(filled: Store) -> None:
    by_date = search(filled, "lantern", sort="date")
    assert [h["published"] for h in by_date] == ["2024-03-01", "2024-02-01"]
    assert all(h["score"] is None for h in by_date)
    result = filled.read.search("archive", sort="date", limit=3)
    assert result["total"] == 8 and result["sort"] == "date" and len(result["rows"]) == 3
    with pytest.raises(ValueError, match="sort"):
        search(filled, "lantern", sort="alphabet")


def test_snippets_read_a_bounded_window_of_a_huge_body(store: Store, make_article) -> None:
    from communique.store.analysis import SNIPPET_WINDOW_CHARS

    filler = "alpha beta gamma delta " * 250_000  # ~5.7 MB
    store.save_article(make_article("drill", title="A very long report", body=[filler, "the word omega at the end"]))
    hit = search(store, "alpha")[0]
    assert "[alpha]" in hit["snippet"] and len(hit["snippet"]) < 400
    # A word only after the indexed part of a 5 MB body is not found (docs/storage.md); nothing breaks.
    assert search(store, "omega") == []
    assert len(filler) > 100 * SNIPPET_WINDOW_CHARS


def test_only_the_newest_matches_are_ranked_and_filters_come_first(filled: Store, monkeypatch) -> None:
    from communique.store import read as read_module

    everything = {h["id"] for h in search(filled, "archive", limit=100)}  # the eight bulletins
    assert len(everything) == 8
    monkeypatch.setattr(read_module, "RANK_WINDOW", 3)
    newest = {h["id"] for h in search(filled, "archive", limit=100)}
    assert newest == set(sorted(everything)[-3:])
    # A filter narrows the matches before the window is taken, so older articles stay reachable.
    oldest = min(everything)
    filled.db.execute("UPDATE articles SET published = '2001-01-01' WHERE id = ?", (oldest,))
    assert [h["id"] for h in search(filled, "archive", date_to="2001")] == [oldest]
