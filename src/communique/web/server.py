"""Running the web app under uvicorn (`communique serve`): concurrent requests, and a clean stop on a signal.

Concurrency: every endpoint is a plain function, so Starlette runs each request in a worker thread (AnyIO's
pool, 40 threads) and the event loop keeps accepting; SQLite releases the GIL while a query runs, so a slow
query does not hold up the other requests. `workers` > 1 starts that many processes on the same socket
(uvicorn's supervisor) for CPU-bound load: rendering pages and building JSON hold the GIL.

Stopping: on SIGTERM or SIGINT uvicorn stops accepting connections, closes idle ones and gives the requests in
flight SHUTDOWN_GRACE seconds to finish; then it cancels them. A request whose thread is still computing
cannot be stopped from Python, and the interpreter would wait for that thread at exit (for minutes, if it is a
long query), so the process leaves with os._exit once uvicorn has shut down. The server only reads, so
nothing is lost by not waiting.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from pathlib import Path
from types import FrameType

import uvicorn
from fastapi import FastAPI

from communique.web.app import create_app

SHUTDOWN_GRACE = 3  # seconds in-flight requests get to finish after SIGTERM/SIGINT (uvicorn takes an int)
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
# Worker processes are started from an import string, so the database reaches them through the environment.
_WORKER_DB = "COMMUNIQUE_SERVE_DB"
_WORKER_QUERY_SECONDS = "COMMUNIQUE_SERVE_QUERY_SECONDS"


class _CancelledAtShutdown(logging.Filter):
    """A request still running when the grace period ends is cancelled on purpose (above): one line in the
    log saying so, not uvicorn's "Exception in ASGI application" traceback of its CancelledError."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], asyncio.CancelledError):
            record.msg, record.args, record.exc_info = "a request still running at shutdown was cancelled", (), None
        return True


def _quiet_cancellations() -> None:
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _CancelledAtShutdown) for f in logger.filters):
        logger.addFilter(_CancelledAtShutdown())


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8000, workers: int | None = None,
          query_seconds: float | None = None) -> int:
    """Serve the read-only app over db_path (a SQLite path or a PostgreSQL URL) until SIGTERM or SIGINT; the
    exit status is 0 after either. ``workers``: processes, by default one per core this process may run on
    (one process computes on one core at a time: with one, 200 searches at once queue behind each other).
    ``query_seconds``: a request's queries are cancelled after that long (default:
    communique.store.connect.QUERY_SECONDS)."""
    if workers is None:
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    # uvicorn replaces these handlers while it serves and, once it has shut down, raises the signal it caught
    # again for the handler it replaced: this one. A signal before uvicorn starts also ends here.
    for sig in STOP_SIGNALS:
        signal.signal(sig, _exit_after_shutdown)
    options = {
        "host": host,
        "port": port,
        "log_level": "warning",
        "timeout_graceful_shutdown": SHUTDOWN_GRACE,
        "server_header": False,  # no "server: uvicorn" advertised
    }
    if query_seconds is not None:
        os.environ[_WORKER_QUERY_SECONDS] = str(query_seconds)
    _quiet_cancellations()
    if workers == 1:
        uvicorn.run(create_app(db_path, query_seconds=query_seconds), **options)
    else:
        # A file path is made absolute for the worker processes; a database URL is passed as it is.
        target = str(db_path)
        os.environ[_WORKER_DB] = target if "://" in target else str(Path(target).resolve())
        uvicorn.run(f"{__name__}:worker_app", factory=True, workers=workers, **options)
    return 0


def worker_app() -> FastAPI:
    """The app of one worker process when serving with several (uvicorn calls this factory in each)."""
    # Ctrl-C in a terminal signals every process of the group. The supervisor then stops each worker with
    # SIGTERM; a worker that also acted on SIGINT would re-raise it after its shutdown as a KeyboardInterrupt
    # traceback. SIGTERM's default action, raised again by uvicorn once the worker has shut down, ends it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _quiet_cancellations()
    seconds = os.environ.get(_WORKER_QUERY_SECONDS)
    return create_app(os.environ[_WORKER_DB], query_seconds=float(seconds) if seconds else None)


def _exit_after_shutdown(signum: int, frame: FrameType | None) -> None:
    """Leave now with status 0: uvicorn has finished or cancelled every request (or had not started)."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, RuntimeError, ValueError):  # closed, or a write interrupted by this very signal
            pass
    os._exit(0)
