"""Named points where a test can kill the running process with SIGKILL, to prove a crash there loses nothing.

``COMMUNIQUE_CRASH_AT=NAME`` (or ``NAME@N``: the N-th time the point is reached) makes ``crash_point(NAME)``
send SIGKILL to its own process: no ``finally`` runs, no transaction commits, exactly as ``kill -9`` at that
moment. Unset (always, outside tests), a crash point costs one dictionary lookup. tests/resolve/
test_crash_safe.py uses it for the moments a random kill seldom hits; bench/crash_safety.py kills at random.

Points: ``ingest:batch-committed`` (after each committed batch of articles), ``ingest:before-resolve``
(every article stored, resolution not begun), ``resolve:linked`` (inside resolution's transaction: mentions,
posts and events linked, intervals not rebuilt), ``resolve:before-commit`` (everything written and the
versions marked, not committed), ``ingest:resolved`` (resolution committed, the run not recorded).
"""

from __future__ import annotations

import os
import signal

ENV = "COMMUNIQUE_CRASH_AT"
_reached: dict[str, int] = {}


def crash_point(name: str) -> None:
    """SIGKILL this process here when COMMUNIQUE_CRASH_AT names this point (and this is its N-th passage)."""
    target = os.environ.get(ENV)
    if not target:
        return
    wanted, _, nth = target.partition("@")
    if wanted != name:
        return
    _reached[name] = _reached.get(name, 0) + 1
    if _reached[name] >= (int(nth) if nth.isdigit() else 1):
        os.kill(os.getpid(), signal.SIGKILL)
