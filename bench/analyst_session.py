"""The scripted analyst session of issue 13 ("the Bar"): ten questions an analyst asks, through the real command line,
of a database built from ../shared/seeds and ../shared/corpus.

Prints one JSON line: {"passed": k, "of": 10, "checks": {name: true/false, ...}, "why": {name: reason, ...},
"seconds": s}. ``why`` says, for each failed check, what was wrong.

The checks, from the issue's text:
 1. who_held_names_no_other_orgs_holder: who-held "Secretary General" --org CSTO, on a date in each year, names one
    holder per date, and none of them holds that title in another organisation.
 2. secretaries_general_in_order: succession "Secretary General" --org CSTO lists the CSTO's Secretaries General in
    order: Bordyuzha, Khachaturov, Semerikov (acting), Zas, Tasmagambetov, Masadykov (surnames, any spelling).
 3. sg_meetings_2023_with_participants_and_sentences: events --entity "Imangali Tasmagambetov" --type meeting
    --from 2023 --to 2023: meetings of 2023 only, each with him and another participant, the sentence and source.
 4. channel_figures_2007_and_2023: figures --series Channel: figures of 2007 and of 2023, no item starting with a digit,
    each with its sentence and article.
 5. exercise_and_exercises_find_the_same: search "exercise" and "exercises" find the same articles.
 6. user_errors_exit_nonzero_without_traceback: bad dates, missing files, an unwritable output, an unknown entity,
    `load nowhere`, `ingest nowhere` (which creates nothing): non-zero, one line, no traceback.
 7. exports_carry_sentences_proofs_places: export jsonl has a mentions table (entity, article, span, sentence), events,
    posts and figures with their sentences and article ids; export ftm: every Event and Occupancy has a proof, places
    are exported (Address entities or an Event's location), no reference dangles.
 8. evaluate_agrees_with_score_py: communique evaluate on ../shared/gold/seeds prints what score.py prints.
 9. csto_site_sections_listed: archive --site en.odkb-csto.org lists sections (from the URL path) with article counts.
10. datasette_finds_full_text_index: Datasette's FTS detection finds the articles' full-text table.

Usage: .venv/bin/python bench/analyst_session.py [--db PATH] (an existing database: not rebuilt)
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
COMMAND = [sys.executable, "-m", "communique.cli"]
CSTO_SITE = "en.odkb-csto.org"
# The CSTO's Secretaries General in order (a fact of the world), by surname stem; Semerikov was acting.
SECRETARIES_GENERAL = [("bordyuz", False), ("khachaturov", False), ("semerikov", True), ("zas", False),
                       ("tasmagambetov", False), ("masadykov", False)]


class Failed(Exception):
    """A check's answer is wrong: the message says how."""


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _run(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def _json(*args: str) -> Any:
    done = _run(*args, "--json")
    if done.returncode not in (0, 1):
        raise Failed(f"`communique {' '.join(args)}` exited {done.returncode}: {done.stderr.strip()[-300:]}")
    if done.returncode == 1 and not done.stdout.strip():
        return []  # nothing found, said on stderr (an unknown entity)
    try:
        return json.loads(done.stdout)
    except ValueError:
        raise Failed(f"`communique {' '.join(args)} --json` printed no JSON: {done.stdout[:200]!r}") from None


def _role_words(role: str) -> set[str]:
    return {w for w in re.split(r"[\s\-]+", _fold(role)) if w and w not in {"of", "the", "acting"}}


def _is_csto(org: str | None) -> bool:
    return bool(org) and ("csto" in _fold(org) or "collective security treaty" in _fold(org))


# --- the checks ------------------------------------------------------------------------------------------


def who_held_names_no_other_orgs_holder(db: Path, work: Path) -> None:
    named: set[str] = set()
    for year in range(2008, 2027):
        on = f"{year}-07-01" if year < 2026 else "2026-02-12"
        answer = _json("who-held", "Secretary General", "--org", "CSTO", "--on", on, "--db", str(db))
        people = [r["person"] for r in answer.get("rows", [])] if isinstance(answer, dict) else \
            [r["person"] for r in answer]
        verdict = answer.get("verdict") if isinstance(answer, dict) else None
        if len(people) > 1 and verdict != "ambiguous":
            raise Failed(f"{on}: {len(people)} holders named ({', '.join(people)}) without a verdict of ambiguity")
        named.update(people)
    if not named:
        raise Failed("nobody named on any date")
    sg = _role_words("Secretary General")
    for person in sorted(named):
        entity = _json("entity", person, "--db", str(db))
        elsewhere = [p["org"] for p in entity.get("posts", [])
                     if _role_words(p["role"]) == sg and p.get("org") and not _is_csto(p["org"])]
        if elsewhere:
            raise Failed(f"{person} is named, and is Secretary General of {elsewhere[0]}")


def secretaries_general_in_order(db: Path, work: Path) -> None:
    answer = _json("succession", "Secretary General", "--org", "CSTO", "--db", str(db))
    rows = answer["rows"] if isinstance(answer, dict) else answer
    got = [(_fold(r["person"]).split()[-1], bool(r.get("acting"))) for r in rows]
    ok = len(got) == len(SECRETARIES_GENERAL) and all(
        surname.startswith(stem[:5]) and acting == want_acting
        for (surname, acting), (stem, want_acting) in zip(got, SECRETARIES_GENERAL, strict=True))
    if not ok:
        raise Failed(f"succession: {[r['person'] + (' (acting)' if r.get('acting') else '') for r in rows]}")
    for r in rows:
        if not (r.get("from") and r.get("to") and r.get("evidence")):
            raise Failed(f"{r['person']}: a row without from, to or evidence: {r}")


def sg_meetings_2023_with_participants_and_sentences(db: Path, work: Path) -> None:
    rows = _json("events", "--entity", "Imangali Tasmagambetov", "--type", "meeting", "--from", "2023", "--to",
                 "2023", "--db", str(db))
    if not rows:
        raise Failed("no meetings found")
    for e in rows:
        people = [p["person"] for p in e.get("participants", [])]
        if not (e.get("date") or "").startswith("2023") or e.get("type") != "meeting":
            raise Failed(f"not a meeting of 2023: {e.get('date')} {e.get('type')}")
        if not any("tasmagambetov" in _fold(p) for p in people) or len(people) < 2:
            raise Failed(f"{e['date']}: participants {people}")
        if not e.get("sentence") or not e.get("article_id"):
            raise Failed(f"{e['date']}: no sentence or source")


def channel_figures_2007_and_2023(db: Path, work: Path) -> None:
    rows = _json("figures", "--series", "Channel", "--db", str(db))
    years = {r.get("year") for r in rows}
    if not {2007, 2023} <= years:
        raise Failed(f"years {sorted(y for y in years if y)}")
    digits = [r["item"] for r in rows if re.match(r"\s*\d", r.get("item") or "")]
    if digits:
        raise Failed(f"items starting with a digit: {digits[:3]}")
    if not all(r.get("sentence") and r.get("article_id") for r in rows):
        raise Failed("a figure without its sentence or article")


def exercise_and_exercises_find_the_same(db: Path, work: Path) -> None:
    found = {}
    for word in ("exercise", "exercises"):
        found[word] = {h["id"] for h in _json("search", word, "--limit", "1000", "--db", str(db))}
    if not found["exercise"] or found["exercise"] != found["exercises"]:
        raise Failed(f"exercise: {len(found['exercise'])} articles, exercises: {len(found['exercises'])}")


def user_errors_exit_nonzero_without_traceback(db: Path, work: Path) -> None:
    blocker = work / "a-file"
    blocker.write_text("x", encoding="utf-8")
    new_db = work / "never.db"
    cases = [
        ("who-held", "Secretary General", "--org", "CSTO", "--on", "2019-13-01", "--db", str(db)),
        ("timeline", "Imangali Tasmagambetov", "--from", "2023-99", "--db", str(db)),
        ("events", "--from", "2023-99", "--db", str(db)),
        ("search", "exercise", "--from", "soon", "--db", str(db)),
        ("entity", "Nobody Nowhere-Zyzzyva", "--db", str(db)),
        ("events", "--entity", "Nobody Nowhere-Zyzzyva", "--db", str(db)),
        ("export", "--format", "csv", "--out", "/dev/null/x", "--db", str(db)),
        ("export", "--format", "jsonl", "--out", str(blocker / "out"), "--db", str(db)),
        ("load", str(work / "nowhere"), "--db", str(new_db)),
        ("ingest", str(work / "nowhere"), "--db", str(new_db), "--quiet"),
        ("stats", "--db", str(new_db)),
        ("who-held", "Secretary General", "--db", str(db)),
    ]
    for args in cases:
        done = _run(*args)
        err = done.stderr.strip()
        if done.returncode == 0 or "Traceback" in done.stderr or err.count("\n") > 0 or not err:
            raise Failed(f"`communique {' '.join(args)}` exited {done.returncode} with {err[-200:]!r}")
    if new_db.exists():
        raise Failed("`ingest nowhere` created a database")


def _ftm_entity_refs() -> Callable[[dict[str, Any]], list[str]]:
    from followthemoney import model
    from followthemoney.types import registry

    def refs(entity: dict[str, Any]) -> list[str]:
        schema = model.get(entity["schema"])
        out = []
        for name, values in entity.get("properties", {}).items():
            prop = schema.get(name) if schema else None
            if prop is not None and prop.type == registry.entity:
                out += values
        return out

    return refs


def exports_carry_sentences_proofs_places(db: Path, work: Path) -> None:
    out = work / "export"
    done = _run("export", "--format", "jsonl", "--out", str(out / "jsonl"), "--db", str(db))
    if done.returncode != 0:
        raise Failed(f"export jsonl: {done.stderr.strip()[-200:]}")

    def rows(name: str) -> list[dict[str, Any]]:
        path = out / "jsonl" / f"{name}.jsonl"
        if not path.exists():
            raise Failed(f"no {name} table in the export")
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    mentions = rows("mentions")
    if not mentions or not all({"sentence", "article_id", "start", "end"} <= set(m) and
                               ("entity_id" in m or "entity" in m) for m in mentions):
        raise Failed("the mentions table lacks entity, article, span or sentence")

    def has_sentence(row: dict[str, Any]) -> bool:
        if (row.get("sentence") and row.get("article_id")) or (row.get("sentences") and row.get("article_ids")):
            return True
        return any(m.get("sentence") and m.get("article_id") for m in row.get("mentions", []) + row.get("evidence", []))

    for table in ("events", "posts", "figures"):
        found = rows(table)
        if not found or not all(has_sentence(r) for r in found):
            raise Failed(f"{table} rows without their sentence and article id")
    done = _run("export", "--format", "ftm", "--out", str(out / "ftm"), "--db", str(db))
    if done.returncode != 0:
        raise Failed(f"export ftm: {done.stderr.strip()[-200:]}")
    entities = [json.loads(line) for path in sorted((out / "ftm").glob("*.json*"))
                for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = {e["id"] for e in entities}
    for e in entities:
        if e["schema"] in ("Event", "Occupancy") and not e.get("properties", {}).get("proof"):
            raise Failed(f"an {e['schema']} without a proof")
    if not any(e["schema"] == "Address" for e in entities) and not any(
            e["schema"] == "Event" and e.get("properties", {}).get("location") for e in entities):
        raise Failed("no places in the FtM export")
    refs = _ftm_entity_refs()
    dangling = [r for e in entities for r in refs(e) if r not in ids]
    if dangling:
        raise Failed(f"{len(dangling)} references to entities not exported")


def evaluate_agrees_with_score_py(db: Path, work: Path) -> None:
    gold, pages = SHARED / "gold" / "seeds" / "gold.jsonl", SHARED / "gold" / "seeds" / "pages.jsonl"
    pred = work / "seeds.pred.jsonl"
    done = subprocess.run([*COMMAND, "evaluate", str(gold), str(pages), "--json", "--quiet", "-o", str(pred)],
                          capture_output=True, text=True, timeout=900, cwd=ROOT)
    if done.returncode != 0:
        raise Failed(f"evaluate exited {done.returncode}: {done.stderr.strip()[-200:]}")
    ours = json.loads(done.stdout)
    scored = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), str(gold), str(pred)],
                            capture_output=True, text=True, timeout=300)
    theirs = json.loads(scored.stdout)
    if ours != theirs:
        raise Failed("evaluate and score.py differ")


def csto_site_sections_listed(db: Path, work: Path) -> None:
    done = _run("archive", "--site", CSTO_SITE, "--json", "--db", str(db))
    if done.returncode != 0:
        raise Failed(f"archive exited {done.returncode}: {done.stderr.strip()[:200]}")
    rows = json.loads(done.stdout)
    rows = rows.get("rows", rows) if isinstance(rows, dict) else rows
    # a section is the URL path's folder ("news/news_odkb"); the site's root is the section ""
    if len(rows) < 2 or not all(isinstance(r.get("section"), str) and r.get("articles", 0) >= 1 for r in rows):
        raise Failed(f"sections: {rows[:3]}")
    if not any(r["section"].strip("/").startswith("news") for r in rows):
        raise Failed("no news section")


def datasette_finds_full_text_index(db: Path, work: Path) -> None:
    from datasette.utils import detect_fts

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        table = detect_fts(conn, "articles")
    finally:
        conn.close()
    if not table:
        raise Failed("no full-text table found for articles")


CHECKS: list[Callable[[Path, Path], None]] = [
    who_held_names_no_other_orgs_holder,
    secretaries_general_in_order,
    sg_meetings_2023_with_participants_and_sentences,
    channel_figures_2007_and_2023,
    exercise_and_exercises_find_the_same,
    user_errors_exit_nonzero_without_traceback,
    exports_carry_sentences_proofs_places,
    evaluate_agrees_with_score_py,
    csto_site_sections_listed,
    datasette_finds_full_text_index,
]


def build(db: Path) -> None:
    """The database of the session: ../shared/seeds and ../shared/corpus ingested."""
    done = _run("ingest", str(SHARED / "seeds"), str(SHARED / "corpus"), "--db", str(db), "--quiet", timeout=3600)
    if done.returncode != 0:
        raise SystemExit(f"ingest failed: {done.stderr.strip()[-500:]}")


def session(db: Path | None = None) -> dict[str, Any]:
    """Run the ten checks (building the database when none is given); the result as printed."""
    clock = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="analyst-session-"))
    try:
        if db is None:
            db = work / "session.db"
            build(db)
        checks: dict[str, bool] = {}
        why: dict[str, str] = {}
        for check in CHECKS:
            scratch = work / check.__name__
            scratch.mkdir()
            try:
                check(db, scratch)
                checks[check.__name__] = True
            except Failed as exc:
                checks[check.__name__], why[check.__name__] = False, str(exc)[:300]
            except Exception as exc:  # noqa: BLE001 - a check that breaks is a failed check, with the reason
                checks[check.__name__], why[check.__name__] = False, f"{type(exc).__name__}: {exc}"[:300]
        return {"passed": sum(checks.values()), "of": len(CHECKS), "checks": checks, "why": why,
                "seconds": round(time.perf_counter() - clock, 1)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing database of ../shared/seeds and ../shared/corpus")
    args = parser.parse_args()
    if not (SHARED / "seeds").is_dir() or not (SHARED / "corpus").is_dir():
        raise SystemExit("../shared/seeds and ../shared/corpus are needed beside the repository")
    print(json.dumps(session(args.db), ensure_ascii=False))


if __name__ == "__main__":
    main()
