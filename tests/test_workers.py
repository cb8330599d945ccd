"""Workers die with their parent: ``kill -9`` of an ingest with --workers 2 leaves no process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table in /proc")]

COMMUNIQUE = Path(sys.executable).parent / "communique"
PLACES = ["Bergen", "Tromso", "Oulu", "Reykjavik", "Torshavn", "Bodo", "Lulea", "Kirkenes"]


def _children(pid: int) -> set[int]:
    out = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (name) ": state, ppid, ...
        if int(fields[1]) == pid and fields[0] != "Z":
            out.add(int(entry))
    return out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _crawl(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        place, other = PLACES[i % len(PLACES)], PLACES[(i * 3 + 1) % len(PLACES)]
        (folder / f"p{i:04d}.txt").write_text(
            f"Harbour pilots met in {place} ({i})\n\n"
            f"On {1 + i % 28} March 2025 harbour pilots from {place} and {other} met to agree on common radio "
            f"procedures for fog. They adopted {i + 3} call signs and will test them during the autumn season. "
            f"The meeting number {i} was chaired by the harbour master of {place}.\n", encoding="utf-8")


@pytest.mark.parametrize("run", range(3))
def test_kill_9_of_an_ingest_leaves_no_worker_running(tmp_path: Path, run: int) -> None:
    _crawl(tmp_path / "crawl", 400)
    proc = subprocess.Popen([str(COMMUNIQUE), "ingest", str(tmp_path / "crawl"), "--db", str(tmp_path / "a.db"),
                             "--workers", "2", "--no-resolve", "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            workers = _children(proc.pid)
            if len(workers) >= 2:
                break
            time.sleep(0.05)
        assert len(workers) >= 2, "the ingest never started its workers"
        time.sleep(0.3 * run)  # at different moments of the workers' lives
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.1)
        left = [w for w in workers if _alive(w)]
        assert not left, f"workers still running after the parent was killed: {left}"
    finally:  # never leave this test's processes behind, whatever failed
        if proc.poll() is None:
            proc.kill()
        for w in workers:
            if _alive(w):
                os.kill(w, signal.SIGKILL)
