"""`communique serve` as an operator runs it: requests answered side by side, and a clean stop on a signal.

Slow requests are made deterministic by held_queries.py: a request sent with its header stops inside its
SQLite query until the test lets it go. The tests assert what finished before what, never how long
anything took; the only clocks are deadlines that keep a broken server from hanging the suite.
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import held_queries
import pytest
import uvicorn

from communique.web.app import create_app
from communique.web.server import SHUTDOWN_GRACE

HELPER = Path(held_queries.__file__)
START_DEADLINE = 90  # seconds for a server to start on a loaded machine: a hang guard, not a measurement
STOP_DEADLINE = SHUTDOWN_GRACE + 7  # "within a few seconds" of the signal


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, headers: dict[str, str] | None = None, timeout: float = 60) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Served:
    """A `communique serve` subprocess; stdout lines are collected as they come."""

    def __init__(self, args: list[str], db: Path, env: dict[str, str] | None = None, workers: int = 1) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, *args, "serve", "--db", str(db), "--port", str(self.port), "--workers", str(workers)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read_stdout, daemon=True).start()
        deadline = time.monotonic() + START_DEADLINE
        while True:
            try:
                if get(self.port, "/api/stats", timeout=5)[0] == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop_now()
                pytest.fail(f"the server did not start: {self.proc.stderr.read()}")
            time.sleep(0.1)

    def _read_stdout(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.strip())

    def wait_for_line(self, expected: str) -> None:
        deadline = time.monotonic() + START_DEADLINE
        while time.monotonic() < deadline:
            try:
                if self.lines.get(timeout=1) == expected:
                    return
            except queue.Empty:
                pass
        pytest.fail(f"the server never printed {expected!r}")

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> tuple[int, str]:
        """Send sig; the exit status and stderr, failing if the process outlives STOP_DEADLINE."""
        self.proc.send_signal(sig)
        try:
            status = self.proc.wait(timeout=STOP_DEADLINE)
        except subprocess.TimeoutExpired:
            self.stop_now()
            pytest.fail(f"still running {STOP_DEADLINE} s after {sig.name}")
        return status, self.proc.stderr.read()

    def stop_now(self) -> None:
        for pid in descendants(self.proc.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.kill()
        self.proc.wait()


def descendants(pid: int) -> list[int]:
    """The live processes whose parent is pid, and theirs (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            state, ppid = stat.rsplit(")", 1)[1].split()[:2]
            if state != "Z":
                children.setdefault(int(ppid), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


CLI = ["-m", "communique.cli"]


@pytest.fixture
def start():
    """Start a Served process; whatever happens in the test, none is left running after it."""
    started: list[Served] = []

    def start_served(*args, **kwargs) -> Served:
        served = Served(*args, **kwargs)
        started.append(served)
        return served

    yield start_served
    for served in started:
        if served.proc.poll() is None:
            served.stop_now()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
@pytest.mark.parametrize("workers", [1, 2], ids=["1 worker", "2 workers"])
def test_serve_stops_on_a_signal_with_status_0(start, kb_db, workers, sig):
    served = start(CLI, kb_db[0], workers=workers)
    assert get(served.port, "/?q=Harbour")[0] == 200
    assert get(served.port, "/api/search?q=Harbour")[0] == 200
    children = descendants(served.proc.pid)
    if workers > 1:
        assert len(children) >= workers  # the worker processes under uvicorn's supervisor
    status, stderr = served.stop(sig)
    assert status == 0, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    deadline = time.monotonic() + STOP_DEADLINE
    while any(alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in children), "a worker process outlived the server"


def test_a_request_in_flight_at_sigterm_is_answered_before_the_server_exits(start, kb_db, tmp_path):
    served = start([str(HELPER)], kb_db[0], env={"HELD_RELEASE_DIR": str(tmp_path)})
    answers: list[tuple[int, bytes]] = []
    client = threading.Thread(
        target=lambda: answers.append(get(served.port, "/api/search?q=Harbour", {held_queries.HEADER: "a"}))
    )
    client.start()
    served.wait_for_line("held a")  # the request is inside its query
    served.proc.send_signal(signal.SIGTERM)
    # The server keeps running while the request is in flight (for up to SHUTDOWN_GRACE seconds) ...
    assert served.proc.poll() is None
    (tmp_path / "a").touch()  # ... so letting the query go on lets the request finish
    client.join(timeout=STOP_DEADLINE)
    assert answers and answers[0][0] == 200
    assert json.loads(answers[0][1])["total"] > 0
    status = served.proc.wait(timeout=STOP_DEADLINE)
    assert status == 0, served.proc.stderr.read()


def test_a_request_stuck_at_sigterm_is_cancelled_and_the_server_exits_0(start, kb_db, tmp_path):
    served = start([str(HELPER)], kb_db[0], env={"HELD_RELEASE_DIR": str(tmp_path)})
    outcome: list[object] = []

    def stuck_request() -> None:
        try:
            outcome.append(get(served.port, "/api/search?q=Harbour", {held_queries.HEADER: "never"}))
        except (OSError, http.client.HTTPException) as exc:  # the server closed the connection
            outcome.append(exc)

    client = threading.Thread(target=stuck_request, daemon=True)
    client.start()
    served.wait_for_line("held never")  # never released: a query that would run for ever
    status, stderr = served.stop(signal.SIGTERM)
    assert status == 0, stderr
    client.join(timeout=STOP_DEADLINE)
    assert outcome and not isinstance(outcome[0], tuple), "the stuck request cannot have been answered"
    assert "Traceback" not in stderr


def test_a_slow_request_does_not_hold_up_the_others(kb_db, ids):
    """More requests held inside their queries than the pool keeps connections, then fast ones: the fast
    ones are answered while every held one is still waiting, and the held ones finish once let go."""
    held_count = 6
    entered = {str(i): threading.Event() for i in range(held_count)}
    release = threading.Event()

    def wait(tag: str) -> None:
        entered[tag].set()
        release.wait(timeout=START_DEADLINE)

    app = create_app(kb_db[0])
    held_queries.hold_queries(app, wait)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_DEADLINE
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    finished: list[str] = []
    lock = threading.Lock()

    def request(name: str, path: str, headers: dict[str, str]) -> None:
        status, _ = get(port, path, headers)
        with lock:
            finished.append(f"{name} {status}")

    try:
        slow = [
            threading.Thread(target=request, args=(f"held{tag}", "/api/search?q=Harbour", {held_queries.HEADER: tag}))
            for tag in entered
        ]
        for t in slow:
            t.start()
        for tag, event in entered.items():
            assert event.wait(timeout=START_DEADLINE), f"held request {tag} never reached its query"
        for path in ["/api/stats", "/api/search?q=seized", "/?q=seized", f"/entities/{ids['entity']['petrova']}"]:
            request("fast", path, {})
        with lock:
            assert finished == ["fast 200"] * 4  # all fast ones done, no held one yet
        release.set()
        for t in slow:
            t.join(timeout=START_DEADLINE)
        assert sorted(finished[4:]) == sorted(f"held{tag} 200" for tag in entered)
    finally:
        release.set()
        server.should_exit = True
        thread.join(timeout=STOP_DEADLINE)


def test_serve_refuses_a_missing_database_and_a_bad_worker_count(tmp_path, kb_db):
    missing = subprocess.run(
        [sys.executable, *CLI, "serve", "--db", str(tmp_path / "none.db")], capture_output=True, text=True, timeout=60
    )
    assert missing.returncode != 0 and "no database at" in missing.stderr and "Traceback" not in missing.stderr
    workers = subprocess.run(
        [sys.executable, *CLI, "serve", "--db", str(kb_db[0]), "--workers", "0"],
        capture_output=True, text=True, timeout=60,
    )
    assert workers.returncode != 0 and "--workers" in workers.stderr and "Traceback" not in workers.stderr


def test_more_requests_at_once_than_threads_and_connections_are_all_answered(kb_target):
    """120 searches at once: three times the 40 worker threads, fifteen times the pool's 8 connections. A
    request waits for a connection in the event loop, not in a worker thread (web/api.py: reader): waiting in
    threads, all 40 waited for the 8 connections while their holders waited for a thread, until the pool's
    timeout (PostgreSQL: 113 errors of 200, answers after 30-90 s)."""
    app = create_app(kb_target[0])
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_DEADLINE
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    words = ["seized", "Harbour", "exercise", "council", "ferry", "inspectors"]
    results: list[int] = []
    lock = threading.Lock()
    go = threading.Event()

    def search(i: int) -> None:
        go.wait(timeout=START_DEADLINE)
        try:
            status, _ = get(port, f"/api/search?q={words[i % len(words)]}", timeout=START_DEADLINE)
        except OSError as exc:
            status = repr(exc)
        with lock:
            results.append(status)

    clients = [threading.Thread(target=search, args=(i,)) for i in range(120)]
    try:
        for c in clients:
            c.start()
        go.set()
        for c in clients:
            c.join(timeout=START_DEADLINE)
        assert sorted(results, key=str) == [200] * 120
    finally:
        server.should_exit = True
        thread.join(timeout=STOP_DEADLINE)
