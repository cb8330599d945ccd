"""Crash-safe resolution: the database knows which page versions are resolved, and any run resolves the rest.

An ingest killed at any moment (SIGKILL at a named crash point: communique/crashpoints.py), or run with
--no-resolve, leaves page versions pending; the next run (or `communique resolve`) resolves them, and the tables
then equal those of an uninterrupted run. Tables are compared as bench/crash_safety.py compares them (every
table and column but the moments rows were written and the runs' own bookkeeping).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from communique.cli import main
from communique.job import ingest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PAGES_IN_EXAMPLES = 14  # page versions the example crawl stores


def _load_harness() -> Any:
    spec = importlib.util.spec_from_file_location("crash_safety", ROOT / "bench" / "crash_safety.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


HARNESS = _load_harness()

# A killed run's own process: ingest with a small batch size (several commits) and the given workers.
DRIVER = """
import sys
from pathlib import Path
from communique.job import ingest
sources = [Path(p) for p in sys.argv[3:]]
ingest(sources, sys.argv[1], workers=int(sys.argv[2]), progress=False, config={"commit_every": 4})
"""


def _kill_at(point: str, db: Path, sources: list[Path], workers: int = 1) -> None:
    env = {**os.environ, "COMMUNIQUE_CRASH_AT": point}
    proc = subprocess.run([sys.executable, "-c", DRIVER, str(db), str(workers), *map(str, sources)], env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == -9, f"the run was not killed at {point}: {proc.returncode} {proc.stderr[-1000:]}"


def _value(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def _state(db: Path) -> dict[str, int]:
    return {"articles": _value(db, "SELECT count(*) FROM articles"),
            "versions": _value(db, "SELECT count(*) FROM article_versions"),
            "entities": _value(db, "SELECT count(*) FROM entities"),
            "kb_events": _value(db, "SELECT count(*) FROM kb_events"),
            "linked": _value(db, "SELECT count(*) FROM mentions WHERE entity_id IS NOT NULL"),
            "pending": _value(db, "SELECT count(*) FROM article_versions WHERE resolved = 0"),
            "runs": _value(db, "SELECT count(*) FROM runs")}


def _assert_same_tables(db: Path, reference: Path) -> None:
    got, want = HARNESS.table_digests(db), HARNESS.table_digests(reference)
    differing = sorted(t for t in set(got) | set(want) if got.get(t) != want.get(t))
    assert not differing, {t: HARNESS.table_differences(reference, db, t) for t in differing[:3]}
    assert HARNESS.dangling_rows(db, integrity=True) == {}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example crawl ingested in one uninterrupted run."""
    db = tmp_path_factory.mktemp("reference") / "one-shot.db"
    report = ingest([EXAMPLES], db, workers=1, progress=False)
    assert report.resolution is not None and report.resolution["versions_resolved"] == PAGES_IN_EXAMPLES
    state = _state(db)
    assert state["entities"] > 10 and state["kb_events"] > 5 and state["pending"] == 0, state
    return db


# -- the reproducer of issue 14 -----------------------------------------------------------------------------

def test_no_resolve_then_a_plain_rerun_gives_the_one_shot_knowledge_base(tmp_path: Path, reference: Path) -> None:
    db = tmp_path / "a.db"
    ingest([EXAMPLES], db, workers=1, progress=False, resolve=False)
    assert _state(db)["entities"] == 0 and _state(db)["pending"] == PAGES_IN_EXAMPLES

    again = ingest([EXAMPLES], db, workers=1, progress=False)
    assert again.new_pages == 0 and again.unchanged == PAGES_IN_EXAMPLES  # nothing new to read …
    assert again.resolution is not None and again.resolution["versions_resolved"] == PAGES_IN_EXAMPLES  # … resolved
    assert "resolve" in again.timings and "resolution:" in again.render()
    _assert_same_tables(db, reference)

    third = ingest([EXAMPLES], db, workers=1, progress=False)  # nothing pending: resolution does not run
    assert third.resolution is None and "resolve" not in third.timings
    _assert_same_tables(db, reference)


def test_a_database_left_without_knowledge_base_before_the_fix_is_repaired_by_the_next_run(
        tmp_path: Path, reference: Path) -> None:
    """A database at schema 0005 whose resolution never ran (the bug): migration 0006 makes its versions pending
    and the next plain ingest resolves them."""
    db = tmp_path / "old.db"
    ingest([EXAMPLES], db, workers=1, progress=False, resolve=False)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DROP INDEX article_versions_unresolved")
        conn.execute("ALTER TABLE article_versions DROP COLUMN resolved")
        conn.execute("DELETE FROM schema_migrations WHERE version >= 6")
    conn.close()

    report = ingest([EXAMPLES], db, workers=1, progress=False)
    assert report.new_pages == 0 and report.resolution["versions_resolved"] == PAGES_IN_EXAMPLES
    _assert_same_tables(db, reference)


# -- communique resolve ---------------------------------------------------------------------------------------

def test_resolve_command_resolves_what_is_pending_and_says_so(
        tmp_path: Path, reference: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "a.db"
    assert main(["ingest", str(EXAMPLES), "--db", str(db), "--no-resolve", "--quiet", "--workers", "1"]) == 0
    capsys.readouterr()

    assert main(["resolve", "--db", str(db), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert f"resolved {PAGES_IN_EXAMPLES} page version(s)" in out and "entities:" in out
    _assert_same_tables(db, reference)

    assert main(["resolve", "--db", str(db), "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["pending"] == 0 and done["resolution"] is None
    assert main(["resolve", "--db", str(db)]) == 0
    assert "nothing to resolve" in capsys.readouterr().out
    _assert_same_tables(db, reference)


def test_resolve_command_on_no_database_is_one_line_and_creates_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.db"
    assert main(["resolve", "--db", str(missing)]) == 2  # a usage error, as in every command
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no database at" in err and "Traceback" not in err
    assert not missing.exists()


def test_a_failing_resolution_changes_nothing_and_the_next_run_repairs_it(
        tmp_path: Path, reference: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from communique.resolve import posts

    def broken(kb: Any) -> int:
        raise RuntimeError("intervals could not be computed")

    db = tmp_path / "a.db"
    with monkeypatch.context() as patch:
        patch.setattr(posts, "rebuild", broken)
        report = ingest([EXAMPLES], db, workers=1, progress=False)
        assert report.resolution is None
        assert any("resolution failed" in n and "intervals could not be computed" in n for n in report.notes)
        assert _state(db)["entities"] == 0 and _state(db)["pending"] == PAGES_IN_EXAMPLES  # rolled back, pending
        capsys.readouterr()
        assert main(["resolve", "--db", str(db), "--quiet"]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "resolution failed" in err and "Traceback" not in err
        assert _state(db)["entities"] == 0 and _state(db)["pending"] == PAGES_IN_EXAMPLES
    assert main(["resolve", "--db", str(db), "--quiet"]) == 0
    _assert_same_tables(db, reference)


# -- kill -9 at named moments -----------------------------------------------------------------------------

@pytest.mark.parametrize("point", ["ingest:batch-committed@2", "ingest:before-resolve", "resolve:linked",
                                   "resolve:before-commit", "ingest:resolved"])
def test_a_kill_at_any_moment_then_a_rerun_gives_the_uninterrupted_tables(
        tmp_path: Path, reference: Path, point: str) -> None:
    db = tmp_path / "a.db"
    _kill_at(point, db, [EXAMPLES])
    state = _state(db)
    assert state["runs"] == 0  # killed before the run was recorded
    if point == "ingest:batch-committed@2":  # two batches of 4 pages committed, the rest not stored
        assert state["versions"] == 8 and state["entities"] == 0 and state["pending"] == 8
    elif point == "ingest:resolved":  # resolution committed with its marks
        assert state["entities"] > 10 and state["pending"] == 0
    else:  # killed before or inside resolution's transaction: nothing of it is kept, everything pending
        assert state["entities"] == 0 and state["linked"] == 0 and state["kb_events"] == 0
        assert state["pending"] == PAGES_IN_EXAMPLES
    assert HARNESS.dangling_rows(db) == {}

    ingest([EXAMPLES], db, workers=1, progress=False)
    _assert_same_tables(db, reference)


# -- workers, several kills, new versions ------------------------------------------------------------------

PLACES = ["Bergen", "Tromso", "Oulu", "Reykjavik", "Torshavn", "Bodo", "Lulea", "Kirkenes"]
PEOPLE = ["Maren Holt", "Eirik Dahl", "Sigrun Vik", "Tapio Laine", "Halla Berg", "Odd Brekke"]


def _write_crawl(path: Path, n: int, edition: int = 1, changed: range = range(0)) -> Path:
    """n news pages of an imaginary pilots' association as JSONL (one URL each); pages in ``changed`` are
    written as their ``edition`` (another chair, another day): a new version of the same article."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            shift = edition - 1 if i in changed else 0
            place, other = PLACES[i % len(PLACES)], PLACES[(i * 3 + 1) % len(PLACES)]
            chair = PEOPLE[(i + shift) % len(PEOPLE)]
            day = 1 + (i + 7 * shift) % 28
            text = (f"Harbour pilots met in {place} ({i})\n\n"
                    f"On {day} March 2025 harbour pilots from {place} and {other} met in {place} to agree on "
                    f"common radio procedures for fog. The meeting was chaired by the Harbour Master of {place} "
                    f"{chair}. They adopted {i + 3} call signs.\n\n"
                    f"Harbour Master {chair.split()[1]} said the procedures will be tested in the autumn.")
            fh.write(json.dumps({"id": f"p{i}", "url": f"https://pilots.example.org/news/{i}", "lang": "en",
                                 "text": text}) + "\n")
    return path


@pytest.mark.slow
def test_kills_with_two_workers_in_batches_and_inside_resolution_then_a_rerun_equal_one_uninterrupted_run(
        tmp_path: Path) -> None:
    crawl = _write_crawl(tmp_path / "crawl" / "pilots.jsonl", 80)  # >= 64 new pages: pass 2 runs on workers
    one_shot = tmp_path / "one-shot.db"
    ingest([crawl.parent], one_shot, workers=1, progress=False)
    assert _state(one_shot)["entities"] > 5

    db = tmp_path / "killed.db"
    _kill_at("ingest:batch-committed@3", db, [crawl.parent], workers=2)
    assert _state(db)["versions"] == 12 and _state(db)["entities"] == 0
    _kill_at("resolve:linked", db, [crawl.parent], workers=2)  # the rest stored, resolution rolled back
    assert _state(db)["versions"] == 80 and _state(db)["entities"] == 0 and _state(db)["pending"] == 80
    ingest([crawl.parent], db, workers=2, progress=False)
    _assert_same_tables(db, one_shot)


def test_a_new_version_stored_without_resolution_is_resolved_by_the_next_run(tmp_path: Path) -> None:
    """New versions replace their article's facts; left unresolved (--no-resolve) they are pending, and the
    next run gives the tables of the same two crawls ingested with resolution each time."""
    first = _write_crawl(tmp_path / "v1" / "pilots.jsonl", 12)
    second = _write_crawl(tmp_path / "v2" / "pilots.jsonl", 12, edition=2, changed=range(3, 7))

    straight = tmp_path / "straight.db"
    ingest([first.parent], straight, workers=1, progress=False)
    ingest([second.parent], straight, workers=1, progress=False)

    db = tmp_path / "a.db"
    ingest([first.parent], db, workers=1, progress=False)
    report = ingest([second.parent], db, workers=1, progress=False, resolve=False)
    assert report.new_versions == 4 and _state(db)["pending"] == 4
    # The replaced facts are gone and the new ones unlinked until resolution runs.
    assert _value(db, "SELECT count(*) FROM mentions WHERE entity_id IS NULL") > 0

    again = ingest([second.parent], db, workers=1, progress=False)
    assert again.new_pages == 0 and again.resolution["versions_resolved"] == 4
    _assert_same_tables(db, straight)
