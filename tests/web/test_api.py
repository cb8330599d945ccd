"""The JSON API over the small knowledge base of webkb.py: every endpoint, good and bad parameters."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from communique.store import StoreError, open_store
from communique.store import read as read_module
from communique.store.analysis import query_terms
from communique.store.errors import QueryError
from communique.store.sqlite_fts import fts5_query

ALL = {"duplicates": "true"}  # also the articles that duplicate another


def test_search_ranks_title_matches_and_marks_snippets(client, ids):
    r = client.get("/api/search", params={"q": "Harbour-Net", **ALL})
    assert r.status_code == 200
    body = r.json()
    found = [row["id"] for row in body["rows"]]
    assert set(found) == {ids["article"][k] for k in ("op22", "op23", "dup")}
    assert body["total"] == 3
    assert all("[Harbour-Net]" in row["snippet"] for row in body["rows"])
    assert [row["duplicate_of"] for row in body["rows"] if row["id"] == ids["article"]["dup"]] == [
        ids["article"]["op22"]]
    # By default a duplicate is folded into its original, as `communique search` does.
    folded = client.get("/api/search", params={"q": "Harbour-Net"}).json()
    assert {row["id"] for row in folded["rows"]} == {ids["article"][k] for k in ("op22", "op23")}
    assert folded["total"] == 2


def test_search_filters(client, ids):
    def hits(**params):
        r = client.get("/api/search", params={**params, **ALL})
        assert r.status_code == 200, r.text
        return {row["id"] for row in r.json()["rows"]}

    a = ids["article"]
    assert hits(q="seized", site="press.example.com") == {a["dup"]}
    assert hits(q="seized", date_from="2023") == {a["op23"]}
    assert hits(q="seized", date_to="2022-06") == {a["op22"], a["dup"]}
    assert hits(q="seized", date_to="2022-06-10") == {a["op22"]}
    assert hits(q="seized", date_from="2022-06-11", date_to="2022-06-11") == {a["dup"]}
    assert hits(entity=ids["entity"]["varga"]) == {a["meet"], a["plan"]}
    assert hits(event_type="exercise") == {a["plan"]}
    assert hits(lang="ru") == {a["ru"]}
    # Teaser mentions are not facts of the page: the 2023 page names Petrova only in a teaser.
    assert a["op23"] not in hits(entity=ids["entity"]["petrova"])


def test_search_without_query_lists_newest_first_with_pagination(client):
    first = client.get("/api/search", params={"limit": 2, **ALL}).json()
    second = client.get("/api/search", params={"limit": 2, "offset": 2, **ALL}).json()
    assert first["total"] == 6
    assert client.get("/api/search").json()["total"] == 5  # the duplicate folded
    dates = [r["published"] for r in first["rows"] + second["rows"]]
    assert dates == sorted(dates, reverse=True)
    assert not {r["id"] for r in first["rows"]} & {r["id"] for r in second["rows"]}


def test_search_facets(client, ids):
    facets = client.get("/api/search", params={"q": "seized", "facets": "true", **ALL}).json()["facets"]
    assert {f["value"]: f["count"] for f in facets["site"]} == {"news.example.org": 2, "press.example.com": 1}
    assert {f["value"] for f in facets["year"]} == {"2022", "2023"}
    assert {f["value"]: f["count"] for f in facets["event_type"]} == {"operation": 3}
    assert ids["entity"]["tallinn"] in {f["value"] for f in facets["entity"]}


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "NEAR(",
        "NEAR(a b",
        'title:"x',
        "a OR",
        "AND",
        "*",
        "(",
        ")",
        "^x",
        "-x",
        "a:b",
        "'",
        "\\",
        "x" * 400,
    ],
)
def test_fts_syntax_in_user_input_never_breaks_the_query(client, q):
    r = client.get("/api/search", params={"q": q})
    assert r.status_code in (200, 400), r.text
    if r.status_code == 400:
        assert r.json()["status"] == 400 and r.json()["error"]


def test_fts_operators_are_words_not_operators(client, ids):
    # NEAR( is a word of one title; OR must not widen a query to either word.
    near = client.get("/api/search", params={"q": "NEAR("}).json()
    assert [r["id"] for r in near["rows"]] == [ids["article"]["plan"]]
    both = client.get("/api/search", params={"q": "Tallinn OR Riga"}).json()
    assert both["total"] == 0
    assert client.get("/api/search", params={"q": '"'}).status_code == 400


def test_query_terms_builder():
    assert fts5_query(query_terms('Harbour-Net "foo bar"')) == '"harbour" "net" "foo" "bar"'
    with pytest.raises(QueryError):
        query_terms('" ( ) *')


def test_search_sorted_by_date_and_stemmed(client, ids):
    a = ids["article"]
    by_date = client.get("/api/search", params={"q": "operations", "sort": "date", **ALL}).json()
    assert by_date["sort"] == "date"
    assert [r["published"] for r in by_date["rows"]] == sorted((r["published"] for r in by_date["rows"]),
                                                               reverse=True)
    relevance = client.get("/api/search", params={"q": "operation", **ALL}).json()
    assert {r["id"] for r in by_date["rows"]} == {r["id"] for r in relevance["rows"]} >= {a["op22"], a["op23"]}
    # "seize" finds "seized": one analyser for the index and the query.
    assert {r["id"] for r in client.get("/api/search", params={"q": "seize", **ALL}).json()["rows"]} == \
        {r["id"] for r in client.get("/api/search", params={"q": "seized", **ALL}).json()["rows"]}
    assert client.get("/api/search", params={"q": "x", "sort": "alphabet"}).status_code == 422


def test_a_query_past_the_time_limit_is_cancelled_with_a_503_naming_the_limit(kb_target, monkeypatch):
    from fastapi.testclient import TestClient

    from communique.web.app import create_app

    slow = "SELECT count(*) FROM generate_series(1, 100000000)"
    if kb_target[0].endswith(".db"):  # SQLite: a recursive count that runs for many seconds
        slow = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000) "
                "SELECT count(*) FROM c")
    original = read_module.ReadModel.stats

    def stats_then_slow(self):
        self.db.value(slow)
        return original(self)

    monkeypatch.setattr(read_module.ReadModel, "stats", stats_then_slow)
    with TestClient(create_app(kb_target[0], query_seconds=0.3), raise_server_exceptions=False) as c:
        r = c.get("/api/stats")
        assert r.status_code == 503 and r.json()["detail"] == {"limit_seconds": 0.3}
        assert "limit of 0.3 s" in r.json()["error"] and r.headers["retry-after"] == "1"
        monkeypatch.setattr(read_module.ReadModel, "stats", original)
        assert c.get("/api/stats").status_code == 200  # the connection serves the next request


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 101},
        {"offset": -1},
        {"date_from": "yesterday"},
        {"date_to": "2021-13-45x"},
        {"entity": "abc"},
        {"facets": "maybe"},
        {"q": "x" * 501},
    ],
)
def test_search_bad_parameters_are_422(client, params):
    r = client.get("/api/search", params=params)
    assert r.status_code == 422
    assert r.json()["status"] == 422 and "invalid parameters" in r.json()["error"]


def test_article_with_facts_and_provenance(client, ids):
    a = ids["article"]["op22"]
    body = client.get(f"/api/articles/{a}").json()
    assert body["title"] == "Results of the operation Harbour-Net 2022"
    assert body["url"] == "https://news.example.org/news/op22"
    for table in ("mentions", "posts", "events", "figures"):
        assert body[table], table
        for fact in body[table]:
            assert body["body"][fact["start"] : fact["end"]] and fact["sentence"] in body["body"]
    figure = next(f for f in body["figures"] if f["unit"] == "kg")
    assert body["body"][figure["start"] : figure["end"]] == "350 kg"
    assert {p["person"] for e in body["events"] for p in e["participants"]} == {"Anna Petrova"}
    assert [d["id"] for d in body["duplicates"]] == [ids["article"]["dup"]]
    assert body["teased_on"][0]["article_id"] == ids["article"]["op23"]


def test_article_teasers_and_duplicate_link(client, ids):
    op23 = client.get(f"/api/articles/{ids['article']['op23']}").json()
    assert op23["teasers"][0]["article_id"] == ids["article"]["op22"]
    teaser_mentions = [m for m in op23["mentions"] if m["from_teaser"] is not None]
    assert [m["text"] for m in teaser_mentions] == ["Anna Petrova"]
    dup = client.get(f"/api/articles/{ids['article']['dup']}").json()
    assert dup["duplicate_of_article"]["id"] == ids["article"]["op22"]
    bare = client.get(f"/api/articles/{ids['article']['dup']}", params={"facts": "false"}).json()
    assert "mentions" not in bare


@pytest.mark.parametrize("path,status", [("/api/articles/9999", 404), ("/api/articles/abc", 422)])
def test_article_errors(client, path, status):
    r = client.get(path)
    assert r.status_code == status
    assert r.json()["status"] == status


def test_entities_list_and_filters(client, ids):
    everything = client.get("/api/entities").json()
    assert everything["total"] == 6
    counts = [e["mentions"] for e in everything["rows"]]
    assert counts == sorted(counts, reverse=True)
    people = client.get("/api/entities", params={"kind": "person"}).json()
    assert {e["name"] for e in people["rows"]} == {"Anna Petrova", "Tomas Varga", "Ivan Horvat"}
    # By alias, case-insensitively, and LIKE wildcards typed by the user are literal.
    assert [e["id"] for e in client.get("/api/entities", params={"name": "a. petrova"}).json()["rows"]] == [
        ids["entity"]["petrova"]
    ]
    assert client.get("/api/entities", params={"name": "%"}).json()["total"] == 0
    assert client.get("/api/entities", params={"name": "_"}).json()["total"] == 0
    assert client.get("/api/entities", params={"kind": "ship"}).status_code == 422
    assert client.get("/api/entities", params={"limit": 1000}).status_code == 422


def test_entity_page_data(client, ids):
    e = client.get(f"/api/entities/{ids['entity']['petrova']}").json()
    assert e["name"] == "Anna Petrova" and e["kind"] == "person"
    assert {a["alias"] for a in e["aliases"]} >= {"A. Petrova", "Anna Petrova"}
    [post] = e["posts"]
    assert (post["role"], post["from"], post["to"]) == ("Secretary General", "2021-03-04", "2022-06-10")
    assert len(post["evidence"]) == 2
    # The operation reported twice is one merged event with two sources.
    merged = [t for t in e["timeline"] if t["kb_event_id"] is not None and t["type"] == "operation"]
    assert len(merged) == 1 and len(merged[0]["mentions"]) == 2
    assert [t["date"] for t in e["timeline"]] == sorted((t["date"] for t in e["timeline"]), reverse=True)
    co = {c["name"]: c["articles"] for c in e["cooccurring"]}
    assert co["Northern Council"] == 2 and co["Tallinn"] == 2 and "Anna Petrova" not in co
    assert ids["article"]["op23"] not in {a["id"] for a in e["articles"]}


def test_place_timeline_uses_event_place(client, ids):
    riga = client.get(f"/api/entities/{ids['entity']['riga']}").json()
    assert {t["type"] for t in riga["timeline"]} == {"meeting", "exercise"}


@pytest.mark.parametrize("path,status", [("/api/entities/424242", 404), ("/api/entities/x", 422)])
def test_entity_errors(client, path, status):
    assert client.get(path).status_code == status


def test_who_held(client, ids):
    def ask(on):
        r = client.get(
            "/api/who-held", params={"post": "Secretary General", "org": "Northern Council", "on": on}
        )
        assert r.status_code == 200, r.text
        return r.json()["rows"]

    assert ask("2022-01-15")[0]["entity_id"] == ids["entity"]["petrova"]
    best = ask("2023-07-01")[0]
    assert best["entity_id"] == ids["entity"]["horvat"]
    assert best["evidence"] and all(ev["sentence"] for ev in best["evidence"])
    r = client.get("/api/who-held", params={"post": "Admiral", "on": "2022-01-01"})
    assert r.status_code == 200 and r.json()["rows"] == []


@pytest.mark.parametrize(
    "params",
    [{}, {"post": "Secretary General"}, {"post": "x", "on": "2022-13-01"}, {"post": "", "on": "2022-01-01"}],
)
def test_who_held_bad_parameters(client, params):
    r = client.get("/api/who-held", params=params)
    assert r.status_code == 422 and r.json()["status"] == 422


def test_events_merged_with_mentions_and_filters(client, ids):
    everything = client.get("/api/events").json()
    assert everything["total"] == 4  # five mentions, two of one merged event
    merged = next(e for e in everything["rows"] if e["id"] == ids["kb"]["kb-op22"])
    assert merged["mention_count"] == 2
    assert {m["site"] for m in merged["mentions"]} == {"news.example.org", "press.example.com"}
    assert all(m["sentence"] and m["url"] for m in merged["mentions"])
    assert [p["person"] for p in merged["participants"]] == ["Anna Petrova"]

    def types(**params):
        r = client.get("/api/events", params=params)
        assert r.status_code == 200, r.text
        return sorted(e["type"] for e in r.json()["rows"])

    assert types(status="planned") == ["exercise"]
    assert types(type="operation") == ["operation", "operation"]
    assert types(date_from="2023") == ["exercise", "operation"]
    assert types(place="rig") == ["exercise", "meeting"]
    assert types(entity=ids["entity"]["varga"]) == ["exercise", "meeting"]
    assert types(site="press.example.com") == ["operation"]
    assert types(name="harbour") == ["operation", "operation"]
    page = client.get("/api/events", params={"limit": 1, "offset": 1}).json()
    assert page["total"] == 4 and len(page["rows"]) == 1


@pytest.mark.parametrize(
    "params", [{"status": "maybe"}, {"date_from": "soon"}, {"limit": 500}, {"entity": "x"}]
)
def test_events_bad_parameters(client, params):
    assert client.get("/api/events", params=params).status_code == 422


def test_figures_by_series_and_item_with_units_normalised(client):
    rows = client.get("/api/figures", params={"series": "Harbour", "item": "narcotic"}).json()["rows"]
    assert [(r["year"], r["value"], r["unit"], r["reported_unit"]) for r in rows] == [
        (2022, 350.0, "kg", "kg"),
        (2023, 1200.0, "kg", "t"),
    ]
    assert all(r["site"] == "news.example.org" and r["url"] for r in rows)
    assert all(r["series"] == "Harbour" and r["event"] == "Harbour-Net" and r["sentence"] for r in rows)
    assert client.get("/api/figures", params={"series": "Nothing"}).json()["rows"] == []
    assert client.get("/api/figures", params={"limit": 0}).status_code == 422


def test_stats(client):
    stats = client.get("/api/stats").json()
    # The counts of `communique stats`: entities by kind, facts by table.
    assert stats["articles"] == 6 and stats["entities"] == {"person": 3, "org": 1, "place": 2}
    assert stats["duplicates"] == {"exact": 1, "near": 0} and stats["facts"]["events"] == 5


def test_unknown_api_path_and_method_are_json_errors(client):
    r = client.get("/api/nothing-here")
    assert r.status_code == 404 and r.json() == {"error": "Not Found", "status": 404}
    r = client.post("/api/search")
    assert r.status_code == 405 and r.json()["status"] == 405


def test_openapi_docs_served_without_cdn(client):
    spec = client.get("/openapi.json").json()
    assert {
        "/api/search",
        "/api/articles/{article_id}",
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/who-held",
        "/api/events",
        "/api/figures",
    } <= set(spec["paths"])
    docs = client.get("/docs").text
    assert "swagger" in docs.lower() and "cdn." not in docs
    js = [line for line in docs.split('"') if line.endswith(".js")][0]
    assert client.get(js).status_code == 200


def test_connection_is_read_only(kb_db):
    from communique.store import DatabaseError
    from communique.web.app import create_app

    with open_store(kb_db[0], readonly=True) as store:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.db.conn.execute("DELETE FROM articles")
    pool = create_app(kb_db[0]).state.pool  # the server's connections
    with pytest.raises(DatabaseError, match="readonly"), pool.reader() as read:
        read.db.execute("DELETE FROM articles")
    pool.close()


def test_database_that_is_not_communique_is_refused_and_a_broken_one_gives_503_not_500(kb_db, tmp_path):
    from fastapi.testclient import TestClient

    from communique.web.app import create_app

    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    with pytest.raises(StoreError, match="not a communique database"):
        create_app(empty)
    broken = tmp_path / "broken.db"
    shutil.copyfile(kb_db[0], broken)
    with TestClient(create_app(broken), raise_server_exceptions=False) as c:
        assert c.get("/api/search", params={"q": "seized"}).status_code == 200
        conn = sqlite3.connect(broken)  # the file changes under the running server
        conn.execute("DROP TABLE search_terms")
        conn.commit()
        conn.close()
        r = c.get("/api/search", params={"q": "x"})
        assert r.status_code == 503 and "cannot answer" in r.json()["error"]
        assert c.get("/", params={"q": "x"}).status_code == 503


def test_missing_database_is_refused(tmp_path):
    from communique.web.app import create_app

    with pytest.raises(StoreError, match="no database"):
        create_app(tmp_path / "nope.db")


def test_large_match_sets_rank_a_window_and_cap_the_count(client, ids, monkeypatch):
    monkeypatch.setattr(read_module, "RANK_WINDOW", 2)
    monkeypatch.setattr(read_module, "COUNT_CAP", 2)
    body = client.get("/api/search", params={"q": "seized", "facets": "true", **ALL}).json()
    assert body["total"] == 2 and body["total_capped"] is True
    assert body["ranked_among"] == 2
    # The window is the most recently stored matches: the two highest ids of the three.
    assert {r["id"] for r in body["rows"]} == {ids["article"]["op23"], ids["article"]["dup"]}
    # Facets have their own sample, not the ranking window: all three matches are counted.
    assert body["facets"]["sampled"] is False
    assert sum(f["count"] for f in body["facets"]["site"]) == 3
    monkeypatch.setattr(read_module, "FACET_SAMPLE", 2)
    body = client.get("/api/search", params={"q": "seized", "facets": "true", **ALL}).json()
    assert body["facets"]["sampled"] is True
    assert sum(f["count"] for f in body["facets"]["site"]) == 2
    # A page past the ranked window is empty, and still knows the count.
    body = client.get("/api/search", params={"q": "seized", "offset": 5, **ALL}).json()
    assert body["rows"] == [] and body["total"] == 2 and body["ranked_among"] == 2


def test_search_filters_narrow_the_matches_before_the_window(client, ids, monkeypatch):
    a = ids["article"]
    monkeypatch.setattr(read_module, "RANK_WINDOW", 1)

    def found(**params):
        body = client.get("/api/search", params={"q": "seized", **params, **ALL}).json()
        return [r["id"] for r in body["rows"]], body["ranked_among"]

    assert found() == ([a["dup"]], 1)  # the newest of three matches
    assert found(site="news.example.org") == ([a["op23"]], 1)  # the newest of that site's two
    assert found(site="news.example.org", date_to="2022") == ([a["op22"]], None)  # the only one left
    assert found(entity=ids["entity"]["horvat"]) == ([a["op23"]], None)
    assert found(lang="en", date_from="2022-06-11", date_to="2022-06") == ([a["dup"]], None)
    assert found(site="nowhere.example") == ([], None)


def test_filters_probed_or_built_as_sets_give_the_same_answers(client, ids, monkeypatch):
    from communique.store import filters as store_module

    cases = [
        {"q": "seized", "site": "news.example.org"},
        {"q": "seized", "entity": ids["entity"]["tallinn"]},
        {"q": "operation", "date_from": "2022", "lang": "en"},
        {"q": "Harbour-Net", "entity": ids["entity"]["petrova"], "date_to": "2022-06"},
        {"entity": ids["entity"]["tallinn"]},
        {"site": "press.example.com"},
    ]

    def answers():
        out = []
        for params in cases:
            body = client.get("/api/search", params={**params, "facets": "true", "limit": 100, **ALL}).json()
            out.append(([r["id"] for r in body["rows"]], body["total"], body["facets"]["site"]))
        return out

    as_sets = answers()
    assert all(rows for rows, _, _ in as_sets)  # every case finds something, so the comparison means something
    monkeypatch.setattr(store_module, "SET_MAX", 0)  # every filter is now probed per match (EXISTS)
    assert answers() == as_sets


def test_impossible_dates_are_a_400_with_a_message(client):
    for params in ({"q": "seized", "date_to": "2021-13"}, {"date_from": "2021-02-30"}):
        r = client.get("/api/search", params=params)
        assert r.status_code == 400 and "bad date" in r.json()["error"]
