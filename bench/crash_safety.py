"""The kill -9 harness: ingests killed with SIGKILL at random moments, rerun until one completes, then compared
table by table with an uninterrupted run.

usage: python bench/crash_safety.py [--kills 24] [--seed 14] [--pages N] [--budget 840] [--explain]

Input: ../shared/seeds and ../shared/corpus when present (``--pages N``: only the first N lines of each corpus
file, copied to a temporary folder, said in the JSON), else examples/. An uninterrupted ``communique ingest``
into a fresh database is the reference; its report times the phases. Then trials: each ingests into a fresh
database with ``--workers 1`` or ``2`` (alternately), kills the run with SIGKILL at a random moment (seeded),
reruns the same command and kills it again, four times (``PLAN``), then reruns until a run completes; the
finished database is then compared with the reference. A kill aims at a phase, found in the run's progress
output on stderr (``reading``, ``processing``, ``resolving``: tqdm bars), and lands a random time into it (up
to the reference's length of that phase; for a rerun's processing, scaled by the share of pages still to
store; for resolution, up to 30 % past it); the first kill of a trial aims mostly at the article batches,
the third always at resolution. After the process is gone its whole stderr says the phase it was in; a kill
after ``resolving`` appeared counts as inside resolution only when the database shows that resolution did
not commit (versions still pending), else as after it.

Compared: every table, every column, row by row in primary-key order, except the moment a row was written
(``pages.ingested_at``, ``articles.updated_at``, ``schema_migrations.applied_at``) and ``runs`` (one row per
completed run with its own report: a killed sequence completes different runs). The full-text index is
indexes (``articles_fts``, and ``search_terms`` of the analysed terms) are compared by their content (every
term, article, column and offset, through ``fts5vocab``) rather than by their b-tree pages (``*_data``,
``*_idx``), whose layout depends on how the writes were batched into transactions. Entity, event and
interval ids are compared as they are: they are deterministic.

Orphans, counted after every kill and after every trial:
- worker processes of the killed run still alive 10 s after the kill;
- rows pointing at nothing (``PRAGMA foreign_key_check``; a page with no article version, an article whose
  current version is missing, full-text rows of no article), checked on the killed database read-only, and
  on the finished one with the full-text index's own ``integrity-check``;
- temporary files the run left in its own ``TMPDIR`` (the spool is an unnamed file);
- files beside the finished database that the reference run does not leave (a stale lock, journal);
- page versions still pending resolution in the finished database.

Prints ONE JSON line: {"runs": kills, "identical": kills whose trial ended identical to the reference,
"orphans": m, "trials": …, "kills_by_phase": …, "kills_by_workers": …, "kills_inside_resolution": …, …}.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
COMMUNIQUE = Path(sys.executable).parent / "communique"

# The moment a row was written: differs between any two runs.
MOMENT_COLUMNS = {("pages", "ingested_at"), ("articles", "updated_at"), ("schema_migrations", "applied_at")}
# Run bookkeeping, and the full-text index's b-tree pages (compared through FTS_CONTENT instead).
FTS_INDEXES = ("articles_fts", "search_terms")
NOT_COMPARED = {"runs", *(f"{fts}_{part}" for fts in FTS_INDEXES for part in ("data", "idx"))}
FTS_CONTENT = {f"{fts} (terms)": fts for fts in FTS_INDEXES}
PHASES = ("start", "reading", "processing", "resolving")  # in the order a run goes through them
WORKERS_GRACE = 10.0  # seconds a worker may take to die after its parent was killed
BAR_KILLS = 20


# -- the database, canonically --------------------------------------------------------------------------

def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _compared_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                        "ORDER BY name").fetchall()
    return [name for name, sql in rows
            if name not in NOT_COMPARED and not (sql or "").upper().startswith("CREATE VIRTUAL")]


def _table_rows(conn: sqlite3.Connection, table: str) -> Any:
    columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")') if (table, r[1]) not in MOMENT_COLUMNS]
    order = ", ".join(str(i + 1) for i in range(len(columns)))
    quoted = ", ".join(f'"{c}"' for c in columns)
    return conn.execute(f'SELECT {quoted} FROM "{table}" ORDER BY {order}')


def _fts_rows(conn: sqlite3.Connection, content: str) -> Any:
    fts = FTS_CONTENT[content]
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (fts,)).fetchone():
        return iter(())
    conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{fts}_terms USING fts5vocab(main, '{fts}', 'instance')")
    return conn.execute(f"SELECT term, doc, col, offset FROM temp.{fts}_terms ORDER BY 1, 2, 3, 4")


def table_digests(path: Path) -> dict[str, tuple[int, str]]:
    """(rows, sha256 of the rows in order) of every compared table, and of the full-text index's content."""
    conn = _connect(path)
    try:
        out = {}
        for table in [*_compared_tables(conn), *FTS_CONTENT]:
            rows = _fts_rows(conn, table) if table in FTS_CONTENT else _table_rows(conn, table)
            digest, n = hashlib.sha256(), 0
            for row in rows:
                digest.update(repr(tuple(row)).encode("utf-8", "surrogatepass") + b"\n")
                n += 1
            out[table] = (n, digest.hexdigest())
        return out
    finally:
        conn.close()


def table_differences(a: Path, b: Path, table: str, limit: int = 3) -> dict[str, Any]:
    """What differs in one table: rows only in a, rows only in b (a few of each)."""
    rows = []
    for path in (a, b):
        conn = _connect(path)
        try:
            cursor = _fts_rows(conn, table) if table in FTS_CONTENT else _table_rows(conn, table)
            rows.append(Counter(tuple(r) for r in cursor))
        finally:
            conn.close()
    only_a, only_b = rows[0] - rows[1], rows[1] - rows[0]
    return {"only_reference": [repr(r)[:300] for r in list(only_a)[:limit]], "only_reference_n": sum(only_a.values()),
            "only_trial": [repr(r)[:300] for r in list(only_b)[:limit]], "only_trial_n": sum(only_b.values())}


def dangling_rows(path: Path, integrity: bool = False) -> dict[str, int]:
    """Rows pointing at nothing, by kind (read-only; ``integrity`` also runs the full-text index's own check,
    which SQLite counts as a write: only on a finished database)."""
    conn = _connect(path)
    try:
        one = lambda sql: int(conn.execute(sql).fetchone()[0])  # noqa: E731
        found = {
            "foreign_keys": len(conn.execute("PRAGMA foreign_key_check").fetchall()),
            "pages_without_version": one(
                "SELECT count(*) FROM pages p WHERE NOT EXISTS "
                "(SELECT 1 FROM article_versions v WHERE v.page_id = p.id)"),
            "articles_without_current_version": one(
                "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_versions v "
                "WHERE v.article_id = a.id AND v.version = a.version AND v.page_id = a.page_id)"),
            "fts_rows_without_article": one(
                "SELECT count(*) FROM articles_fts_docsize d WHERE NOT EXISTS "
                "(SELECT 1 FROM articles a WHERE a.id = d.id)"),
            "articles_without_fts_row": one(
                "SELECT count(*) FROM articles a WHERE NOT EXISTS "
                "(SELECT 1 FROM articles_fts_docsize d WHERE d.id = a.id)"),
            "search_rows_without_article": one(
                "SELECT count(*) FROM search_terms_docsize d WHERE NOT EXISTS "
                "(SELECT 1 FROM articles a WHERE a.id = d.id)"),
            "articles_without_search_row": one(
                "SELECT count(*) FROM articles a WHERE NOT EXISTS "
                "(SELECT 1 FROM search_terms_docsize d WHERE d.id = a.id)"),
        }
    finally:
        conn.close()
    if integrity:
        conn = sqlite3.connect(path)
        try:
            for fts in FTS_INDEXES:
                try:
                    conn.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")
                    found[f"{fts}_integrity"] = 0
                except sqlite3.DatabaseError:
                    found[f"{fts}_integrity"] = 1
        finally:
            conn.close()
    return {k: v for k, v in found.items() if v}


def crashed_copy(db: Path, into: Path) -> Path:
    """A copy of a killed run's database with its write-ahead log, for reading: SQLite recovers a log a killed
    writer left only with write access, and the original stays exactly as the rerun will find it."""
    if into.exists():
        shutil.rmtree(into)
    into.mkdir(parents=True)
    for suffix in ("", "-wal"):
        source = Path(f"{db}{suffix}")
        if source.exists():
            shutil.copyfile(source, into / f"{db.name}{suffix}")
    copy = into / db.name
    conn = sqlite3.connect(copy)  # recovers the log into the copy
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()
    return copy


def stored_versions(path: Path) -> int:
    conn = _connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM article_versions").fetchone()[0])
    finally:
        conn.close()


def pending_versions(path: Path) -> int:
    conn = _connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM article_versions WHERE resolved = 0").fetchone()[0])
    finally:
        conn.close()


# -- processes --------------------------------------------------------------------------------------------

def _process_table() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, state) of every process, from /proc."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (name) ": state, ppid, …
        table[int(entry)] = (int(fields[1]), fields[0])
    return table


def descendants(pid: int) -> set[int]:
    table = _process_table()
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, (ppid, _) in table.items() if ppid in frontier and p not in found}
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    table = _process_table()
    return {p for p in pids if p in table and table[p][1] != "Z"}


# -- one run ------------------------------------------------------------------------------------------------

@dataclass
class Aim:
    """Where to kill a run: ``fraction`` into ``phase``, or into the next phase it enters when it skips this
    one (a rerun with nothing left to process). Processing is measured in pages, by the run's own progress bar
    (``processing: 37%|… | 200/540``), so that the machine's load does not move the kill out of the phase;
    the other phases in seconds, by the reference run's length of them (``lengths``)."""

    phase: str
    fraction: float
    lengths: dict[str, float]

    def due(self, watch: _Watch, started: float) -> bool:
        """Whether the moment has come (the run is in the aimed phase or a later one, far enough into it)."""
        now = time.monotonic()
        if self.phase == "start":
            return now >= started + self.fraction * self.lengths["start"]
        for phase in PHASES[PHASES.index(self.phase):]:
            if phase not in watch.seen:
                continue
            if phase == "processing" and watch.last_phase() == "processing":
                done, total = watch.processed
                return total > 0 and done >= self.fraction * total
            if phase == "processing":  # the bar is gone: processing ended before the aimed page
                continue
            return now >= watch.seen[phase] + self.fraction * self.lengths[phase]
        return False


@dataclass
class Run:
    code: int | None
    killed: bool
    phase: str = "start"  # the last phase its progress output showed
    seconds: float = 0.0
    workers_left: int = 0
    temp_left: int = 0
    report: dict[str, Any] | None = None
    stderr_tail: str = ""
    entered: dict[str, float] = field(default_factory=dict)  # phase -> seconds from the start


_PROCESSED = re.compile(rb"processing:[^|\r\n]*\|[^|\r\n]*\|\s*(\d+)/(\d+)")


class _Watch(threading.Thread):
    """Reads a run's stderr as it comes: when each phase's progress bar first appears, and how many pages the
    processing bar last showed done (of how many)."""

    def __init__(self, stream: Any) -> None:
        super().__init__(daemon=True)
        self.stream, self.seen, self.text = stream, {}, bytearray()
        self.processed = (0, 0)

    def run(self) -> None:
        fd = self.stream.fileno()
        while chunk := os.read(fd, 65536):
            self.text += chunk
            window = bytes(self.text[-len(chunk) - 200:])
            for phase in PHASES[1:]:
                if phase not in self.seen and f"{phase}:".encode() in window:
                    self.seen[phase] = time.monotonic()
            counts = _PROCESSED.findall(window)
            if counts:
                self.processed = (int(counts[-1][0]), int(counts[-1][1]))

    def last_phase(self) -> str:
        """The latest phase whose progress bar appeared (phases come in order)."""
        shown = [p for p in PHASES[1:] if p in self.seen]
        return shown[-1] if shown else "start"


def ingest_once(sources: list[Path], db: Path, workers: int, tmp: Path, aim: Aim | None) -> Run:
    tmp.mkdir(parents=True, exist_ok=True)
    out_path = tmp.parent / f"{tmp.name}.out.json"
    env = {**os.environ, "TMPDIR": str(tmp)}
    env.pop("COMMUNIQUE_CRASH_AT", None)
    command = [str(COMMUNIQUE), "ingest", *map(str, sources), "--db", str(db), "--workers", str(workers), "--json"]
    started = time.monotonic()
    with open(out_path, "wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE, env=env)
        watch = _Watch(proc.stderr)
        watch.start()
        children: set[int] = set()
        killed = False
        try:
            while proc.poll() is None:
                if aim is not None and aim.due(watch, started):
                    children = descendants(proc.pid)
                    os.kill(proc.pid, signal.SIGKILL)
                    killed = True
                    proc.wait()
                    break
                time.sleep(0.005)
        finally:
            if proc.poll() is None:  # the harness itself was interrupted: leave nothing running
                proc.kill()
                proc.wait()
        watch.join(timeout=10)
    run = Run(code=proc.returncode, killed=killed, phase=watch.last_phase(), seconds=time.monotonic() - started,
              stderr_tail=watch.text[-2000:].decode("utf-8", "replace"),
              entered={phase: when - started for phase, when in watch.seen.items()})
    if killed:
        deadline = time.monotonic() + WORKERS_GRACE
        while alive(children) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = alive(children)
        run.workers_left = len(left)
        for pid in left:  # counted; not left running on the machine
            os.kill(pid, signal.SIGKILL)
    elif proc.returncode == 0:
        run.report = json.loads(out_path.read_text(encoding="utf-8"))
    left_files = list(tmp.iterdir())
    run.temp_left = len(left_files)
    for entry in left_files:
        shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
    out_path.unlink(missing_ok=True)
    return run


# -- the harness ----------------------------------------------------------------------------------------------

@dataclass
class Tally:
    kills: int = 0
    kills_in_identical: int = 0
    trials: int = 0
    trials_identical: int = 0
    by_phase: Counter = field(default_factory=Counter)
    by_workers: Counter = field(default_factory=Counter)
    inside_resolution: int = 0
    partly_stored: int = 0  # kills that left some pages stored and others not (during the article batches)
    orphans: Counter = field(default_factory=Counter)
    runs_started: int = 0
    differences: list[dict[str, Any]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def _inputs(work: Path, pages: int | None) -> tuple[list[Path], dict[str, Any]]:
    corpus, seeds = SHARED / "corpus", SHARED / "seeds"
    if not (corpus.is_dir() and seeds.is_dir()):
        return [ROOT / "examples"], {"sources": ["examples/"], "subset": False}
    if pages is None:
        return [seeds, corpus], {"sources": ["../shared/seeds", "../shared/corpus"], "subset": False}
    subset = work / "corpus"
    subset.mkdir()
    for path in sorted(corpus.glob("*.jsonl")):
        with path.open(encoding="utf-8") as src, (subset / path.name).open("w", encoding="utf-8") as dst:
            for i, line in enumerate(src):
                if i >= pages:
                    break
                dst.write(line)
    return [seeds, subset], {"sources": ["../shared/seeds", f"../shared/corpus (first {pages} lines of each file)"],
                             "subset": True}


# The phases a trial's successive kills aim at (one choice per run, the last run is left to complete): the
# first run dies anywhere, mostly while storing batches; its rerun while storing the rest or resolving; the
# third inside resolution; the fourth anywhere (a rerun that finds everything stored only reads and resolves).
PLAN = (("processing", "processing", "processing", "start", "reading"),
        ("processing", "processing", "resolving"),
        ("resolving",),
        ("start", "reading", "resolving"))
RESOLVING_OVERSHOOT = 1.3  # a kill aimed at resolution may land up to 30 % past its length: after its commit


def _aim(phase: str, rng: random.Random, lengths: dict[str, float], left: float) -> Aim:
    """A random moment of ``phase``; ``left``: the share of the pages still to store (a rerun's processing is
    shorter than the reference's by that much)."""
    scaled = {**lengths, "processing": lengths["processing"] * max(left, 0.02)}
    fraction = rng.uniform(0.0, RESOLVING_OVERSHOOT) if phase == "resolving" else rng.random()
    return Aim(phase, fraction, scaled)


def _trial(number: int, workers: int, sources: list[Path], work: Path, rng: random.Random,
           lengths: dict[str, float], versions: int, tally: Tally, log: Any) -> Path | None:
    """Fresh database, runs killed as PLAN says, then reruns until one completes: the finished database, or
    None when a rerun failed (counted in tally.failures)."""
    folder = work / f"trial{number}"
    folder.mkdir()
    db = folder / "kb.db"
    left = 1.0
    for run_index in range(len(PLAN) + 5):
        aim = _aim(rng.choice(PLAN[run_index]), rng, lengths, left) if run_index < len(PLAN) else None
        run = ingest_once(sources, db, workers, work / f"tmp-{number}", aim)
        tally.runs_started += 1
        tally.orphans["temp_files"] += run.temp_left
        if not run.killed:
            if run.code != 0:
                tally.failures.append(f"trial {number}: a run failed (exit {run.code}): {run.stderr_tail[-300:]}")
                return None
            log(f"trial {number} (workers {workers}): completed in {run.seconds:.1f} s")
            return db
        phase, state = run.phase, crashed_copy(db, work / "crashed") if db.exists() else None
        stored = stored_versions(state) if state is not None else 0
        if phase == "resolving" and state is not None and pending_versions(state) == 0:
            phase = "after-resolution"  # resolution had committed: the kill came after it
        dangling = dangling_rows(state) if state is not None else {}
        tally.kills += 1
        tally.by_phase[phase] += 1
        tally.by_workers[str(workers)] += 1
        tally.inside_resolution += phase == "resolving"
        tally.partly_stored += 0 < stored < versions
        tally.orphans["workers"] += run.workers_left
        tally.orphans["dangling_rows"] += sum(dangling.values())
        left = 1.0 - stored / versions if versions else 1.0
        log(f"trial {number} (workers {workers}): killed in {phase} after {run.seconds:.1f} s (aimed at "
            f"{aim.phase if aim else '-'}); {stored}/{versions} page versions stored; workers left "
            f"{run.workers_left}, temp files left {run.temp_left}, dangling {dangling or 0}")
    tally.failures.append(f"trial {number}: no run completed")
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=24, help="kill at least this many runs (default 24)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--pages", type=int, default=None,
                        help="only the first N lines of each corpus file (default: all of it)")
    parser.add_argument("--budget", type=float, default=840.0,
                        help="seconds after which no new trial starts (default 840: the run stays under ~15 min)")
    parser.add_argument("--explain", action="store_true", help="on stderr: each run, and what differs")
    args = parser.parse_args()
    clock = time.monotonic()
    rng = random.Random(args.seed)
    tally = Tally()
    log = (lambda *a: print(*a, file=sys.stderr, flush=True)) if args.explain else (lambda *a: None)

    with tempfile.TemporaryDirectory(prefix="communique-crash-") as tmp:
        work = Path(tmp)
        sources, input_info = _inputs(work, args.pages)
        reference_dir = work / "reference"
        reference_dir.mkdir()
        reference_db = reference_dir / "kb.db"
        reference = ingest_once(sources, reference_db, 1, work / "tmp-reference", None)
        tally.runs_started += 1
        tally.orphans["temp_files"] += reference.temp_left
        if reference.code != 0 or reference.report is None:
            print(json.dumps({"error": f"the uninterrupted run failed (exit {reference.code})",
                              "stderr": reference.stderr_tail[-500:]}))
            return 1
        timings = reference.report.get("timings", {})
        # "start": until the reading bar appears (imports, opening and upgrading the database).
        phase_seconds = {"start": reference.entered.get("reading", 1.0), "reading": timings.get("read", 1.0),
                         "processing": timings.get("process", 1.0), "resolving": timings.get("resolve", 0.5)}
        reference_digests = table_digests(reference_db)
        reference_files = sorted(p.name for p in reference_dir.iterdir())
        log(f"reference: {reference.seconds:.1f} s, phases {phase_seconds}")

        versions = reference.report.get("articles", 0) + reference.report.get("new_versions", 0)
        trial, trial_seconds = 0, [reference.seconds * 1.3]  # a trial: one run's work, plus reruns' start-ups
        while tally.kills < args.kills and time.monotonic() - clock + max(trial_seconds) < args.budget:
            trial += 1
            workers = 1 if trial % 2 else 2
            kills_before, trial_started = tally.kills, time.monotonic()
            db = _trial(trial, workers, sources, work, rng, phase_seconds, versions, tally, log)
            tally.trials += 1
            trial_seconds.append(time.monotonic() - trial_started)
            if db is None:
                continue
            digests = table_digests(db)
            differing = sorted(t for t in set(digests) | set(reference_digests)
                               if digests.get(t) != reference_digests.get(t))
            dangling = dangling_rows(db, integrity=True)
            tally.orphans["dangling_rows"] += sum(dangling.values())
            tally.orphans["pending_versions"] += pending_versions(db)
            tally.orphans["db_folder_files"] += len({p.name for p in db.parent.iterdir()} - set(reference_files))
            if not differing:
                tally.trials_identical += 1
                tally.kills_in_identical += tally.kills - kills_before
            else:
                detail: dict[str, Any] = {"trial": trial, "tables": differing}
                if args.explain:
                    detail["rows"] = {t: table_differences(reference_db, db, t) for t in differing[:4]}
                tally.differences.append(detail)
                log(json.dumps(detail, ensure_ascii=False))
            shutil.rmtree(db.parent, ignore_errors=True)

    orphans = sum(tally.orphans.values())
    result = {
        "runs": tally.kills,
        "identical": tally.kills_in_identical,
        "orphans": orphans,
        "trials": tally.trials,
        "trials_identical": tally.trials_identical,
        "kills_by_phase": dict(tally.by_phase),
        "kills_by_workers": dict(tally.by_workers),
        "kills_inside_resolution": tally.inside_resolution,
        "kills_with_pages_partly_stored": tally.partly_stored,
        "orphans_by_kind": {k: v for k, v in tally.orphans.items()},
        "runs_started": tally.runs_started,
        "bar_met": (tally.kills >= BAR_KILLS and tally.kills_in_identical == tally.kills and orphans == 0
                    and tally.inside_resolution > 0 and len(tally.by_workers) == 2 and not tally.failures),
        "reference": {"seconds": round(reference.seconds, 1), "pages_read": reference.report.get("pages_read"),
                      "articles": reference.report.get("articles"),
                      "new_versions": reference.report.get("new_versions"),
                      "phases": {k: round(v, 2) for k, v in phase_seconds.items()}},
        "input": input_info,
        "differences": tally.differences,
        "failures": tally.failures,
        "seed": args.seed,
        "seconds": round(time.monotonic() - clock, 1),
    }
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["bar_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
