"""The `communique` command end to end on the bundled example crawl: ingest, search, show, stats, extract."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pgtest import BACKENDS, fresh_database

from communique.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The examples ingested once per backend: a SQLite file, or a throw-away PostgreSQL database."""
    if request.param == "sqlite":
        path = str(tmp_path_factory.mktemp("cli") / "c.db")
        assert main(["ingest", str(EXAMPLES), "--db", path, "--quiet", "--workers", "1"]) == 0
        yield path
        return
    with fresh_database("cli") as url:
        assert main(["ingest", str(EXAMPLES), "--db", url, "--quiet", "--workers", "1"]) == 0
        yield url


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_ingest_json_report_and_rerun(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = json.loads(_run(capsys, "ingest", str(EXAMPLES), "--db", str(db), "--quiet", "--json"))
    assert report["pages_read"] == 14 and report["unchanged"] == 14 and report["new_pages"] == 0
    assert report["accounted"] is True and report["skipped"]["total"] == 0


def test_search_ranks_and_snippets(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys, "search", "exercise", "--db", str(db), "--limit", "3")
    assert "Polar Beacon-2025" in out.splitlines()[0]
    hits = json.loads(_run(capsys, "search", "Tórshavn", "--db", str(db), "--json"))
    assert {h["published"] for h in hits} >= {"2025-02-26", "2025-09-18"}
    assert all("[" in h["snippet"] for h in hits)
    # the teaser block mentions the exercise on every page, yet only its own article matches
    assert len(json.loads(_run(capsys, "search", "Vardø", "--db", str(db), "--json"))) == 1


def test_show_article_with_teasers_and_duplicates(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hits = json.loads(_run(capsys, "search", "oil spill response", "--db", str(db), "--json"))
    assert len(hits) == 1  # the near-duplicate print version is folded into the original
    shown = json.loads(_run(capsys, "show", str(hits[0]["id"]), "--db", str(db), "--json"))
    assert shown["title"] == "Agreement on cooperation in oil spill response signed in Oulu"
    assert shown["published"] == "2025-07-02"
    assert len(shown["teasers"]) >= 4 and shown["duplicates"]
    assert "Press Secretary" not in shown["body"] and "All news" not in shown["body"]
    text = _run(capsys, "show", str(hits[0]["id"]), "--db", str(db))
    assert "teasers of other articles" in text and "duplicated by" in text


def test_show_versions_of_a_recrawled_page(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hits = json.loads(_run(capsys, "search", "fisheries inspectors", "--db", str(db), "--json"))
    shown = json.loads(_run(capsys, "show", str(hits[0]["id"]), "--db", str(db), "--json"))
    assert shown["version"] == 2 and len(shown["versions"]) == 2
    assert "39 violations" in shown["body"] and "310,000 euros" in shown["body"]


def test_stats(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stats = json.loads(_run(capsys, "stats", "--db", str(db), "--json"))
    assert stats["pages"] == 14 and stats["articles"] == 13
    assert stats["duplicates"]["near"] == 1 and stats["versions"]["articles_with_several"] == 1
    assert "articles: 13" in _run(capsys, "stats", "--db", str(db))


def test_extract_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pred.jsonl"
    pages = EXAMPLES / "nmcc.example.org" / "archive-2024.jsonl"
    _run(capsys, "extract", str(pages), "-o", str(out), "--quiet")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["nmcc-p11-0", "nmcc-p10-1", "nmcc-p10-2"]
    assert rows[0]["title"] == "The NMCC Secretariat moved to new premises in Tromsø"
    assert rows[0]["published"] == "2024-10-03" and rows[0]["body"][0].startswith("On October 3 this year")


def test_commands_on_a_missing_database_say_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["search", "x"], ["stats"], ["show", "1"], ["entity", "x"], ["export", "--format", "csv",
                                                                                   "--out", str(tmp_path / "o")]):
        assert main([*command, "--db", str(tmp_path / "none.db")]) == 2
        err = capsys.readouterr().err
        assert err.startswith("communique: no database") and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "none.db").exists()


COMMANDS = [
    ["ingest", str(EXAMPLES), "--quiet"],
    ["extract", str(EXAMPLES / "nmcc.example.org" / "archive-2024.jsonl"), "-o", "OUT", "--quiet"],
    ["resolve", "--quiet"],
    ["search", "exercise"],
    ["search", "Solvang", "--aliases"],
    ["show", "1"],
    ["stats"],
    ["entity", "Solvang"],
    ["who-held", "Secretary General", "--on", "2025-01-01"],
    ["succession", "Secretary General"],
    ["events", "--type", "meeting"],
    ["timeline", "Solvang"],
    ["figures"],
    ["figures", "--series", "Channel", "--pivot"],
    ["archive", "--site", "nmcc.example.org"],
    ["export", "--format", "jsonl", "--out", "OUT"],
    ["serve"],
    ["load", "DIR"],
    ["migrate"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_an_unreachable_postgresql_server_is_a_one_line_message(
        command: list[str], tmp_path: Path, monkeypatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "DIR").mkdir()
    args = [a.replace("OUT", str(tmp_path / "out.jsonl")) for a in command]
    url = "postgresql://analyst:s3cret@127.0.0.1:1/communique"  # nothing listens on port 1
    assert main([*args, "--db", url]) != 0
    err = capsys.readouterr().err
    assert err.startswith("communique: ") and err.count("\n") == 1, err
    # (load says first that DIR is not a Spark output: it reads nothing before the database opens either way)
    assert "cannot connect to postgresql://analyst:***@127.0.0.1:1/communique" in err or command[0] == "load", err
    assert "s3cret" not in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["DIR"]  # no folder named "postgresql:", nothing


def test_communique_db_names_the_database_of_every_command(db: Path, monkeypatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COMMUNIQUE_DB", str(db))
    assert json.loads(_run(capsys, "stats", "--json"))["articles"] == 13
    monkeypatch.setenv("COMMUNIQUE_DB", "postgres://127.0.0.1:1/x")
    assert main(["stats"]) == 2 and "cannot connect to postgres://127.0.0.1:1/x" in capsys.readouterr().err


def test_user_errors_exit_2_with_one_line(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["search", ""], ["search", '"'], ["search", "x", "--from", "2021-13"],
                 ["who-held", "Secretary General", "--on", "2019-13-01"],
                 ["timeline", "Solvang", "--from", "soon"]):
        assert main([*args, "--db", str(db)]) == 2, args
        err = capsys.readouterr().err
        assert err.startswith("communique: ") and err.count("\n") == 1 and "Traceback" not in err, (args, err)


def test_the_cli_and_the_api_give_the_same_answers(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from fastapi.testclient import TestClient

    from communique.web.app import create_app

    with TestClient(create_app(db)) as api:
        cli_hits = json.loads(_run(capsys, "search", "exercise", "--db", str(db), "--json"))
        api_hits = api.get("/api/search", params={"q": "exercise", "limit": 10}).json()["rows"]
        assert cli_hits and cli_hits == api_hits
        cli_dated = json.loads(_run(capsys, "search", "exercises", "--sort", "date", "--db", str(db), "--json"))
        api_dated = api.get("/api/search", params={"q": "exercises", "sort": "date", "limit": 10}).json()["rows"]
        assert cli_dated == api_dated and {h["id"] for h in cli_dated} == {h["id"] for h in cli_hits}
        shown = json.loads(_run(capsys, "show", str(cli_hits[0]["id"]), "--facts", "--db", str(db), "--json"))
        assert shown == api.get(f"/api/articles/{cli_hits[0]['id']}").json()
        assert json.loads(_run(capsys, "stats", "--db", str(db), "--json")) == api.get("/api/stats").json()
        held = json.loads(_run(capsys, "who-held", "Secretary General", "--on", "2025-06-01", "--db", str(db),
                               "--json"))
        api_held = api.get("/api/who-held", params={"post": "Secretary General", "on": "2025-06-01"}).json()
        assert held["rows"] and held == api_held
        entity = json.loads(_run(capsys, "entity", "Ingrid Solvang", "--db", str(db), "--json"))
        assert entity == api.get(f"/api/entities/{entity['id']}").json()
        timeline = json.loads(_run(capsys, "timeline", "Ingrid Solvang", "--db", str(db), "--json"))
        assert timeline and timeline == list(reversed(entity["timeline"]))  # oldest first on the command line


# The commands that came with who-held's verdicts, series, events, the archive and crash-safe resolution: on
# PostgreSQL they print what they print on SQLite (the same ingest of the examples; ids are equal).
NEW_COMMANDS = [
    ["succession", "Secretary General", "--all", "--json"],
    ["events", "--json"],
    ["events", "--type", "meeting", "--from", "2024", "--to", "2025", "--json"],
    ["events", "--entity", "Ingrid Solvang", "--json"],
    ["figures", "--json"],
    ["figures", "--series", "Northern Net", "--pivot", "--json"],
    ["archive", "--site", "nmcc.example.org", "--json"],
    ["archive", "--site", "nmcc.example.org", "--section", "", "--json"],
    ["search", "Solvang", "--aliases", "--json"],
    ["search", "exercises", "--sort", "date", "--json"],
    ["who-held", "Secretary General", "--on", "2025-06-01", "--all", "--json"],
]


def _answer(capsys: pytest.CaptureFixture[str], args: list[str], db: str) -> tuple[int, object]:
    capsys.readouterr()
    code = main([*args, "--db", db])
    out = capsys.readouterr().out
    answer = json.loads(out) if out.strip() else None
    if args[0] == "search":  # scores are bm25's or ts_rank's: the rows found (in date order when asked) agree
        answer = [{k: v for k, v in row.items() if k != "score"} for row in answer]
        if "--sort" not in args:
            answer.sort(key=lambda row: row["id"])
    return code, answer


@pytest.mark.postgres
def test_new_commands_answer_alike_on_both_backends(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lite = str(tmp_path / "c.db")
    with fresh_database("clinew") as url:
        for db in (lite, url):
            # Stored without resolving (an interrupted run), then `communique resolve` links what is pending.
            assert main(["ingest", str(EXAMPLES), "--db", db, "--quiet", "--workers", "1", "--no-resolve"]) == 0
            code, out = _answer(capsys, ["resolve", "--quiet", "--json"], db)
            assert code == 0 and out["pending"] == 14, out
            code, out = _answer(capsys, ["resolve", "--quiet", "--json"], db)
            assert code == 0 and out["pending"] == 0, out  # nothing left pending
        answered = 0
        for args in NEW_COMMANDS:
            mine, theirs = _answer(capsys, args, lite), _answer(capsys, args, url)
            assert mine == theirs, args
            assert mine[0] in (0, 1), (args, mine)
            answered += mine[0] == 0 and bool(mine[1])
        assert answered >= len(NEW_COMMANDS) - 2  # most find something in the examples
