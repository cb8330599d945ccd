"""Test helper: requests that stop inside their first SQLite query until the test lets them go.

A slow request made deterministic: a dependency override wraps the app's read-model dependency, and a
request sent with the X-Test-Hold header gets its connection with a SQLite progress handler, which SQLite
calls from inside the running query; the handler calls wait(tag) once and the query goes on when it
returns. So the request is held exactly where a slow query holds it (in sqlite3_step, on a worker thread),
with no sleeping and no timing.

Run as a script, it is `communique serve` whose held requests print "held TAG" on stdout and wait until a
file named TAG exists in $HELD_RELEASE_DIR (the test creates it to let the request finish, or never does).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from fastapi import FastAPI, Request

HEADER = "x-test-hold"


def hold_queries(app: FastAPI, wait: Callable[[str], None]) -> None:
    """Requests carrying the X-Test-Hold header call wait(header value) inside their first SQLite query."""
    from communique.web import api

    async def reader(request: Request) -> AsyncIterator[object]:
        tag = request.headers.get(HEADER)
        real = api.reader(request)
        read = await real.__anext__()
        conn = read.db.conn  # the SQLite connection under the read model
        if tag is not None:
            held = False

            def progress() -> int:
                nonlocal held
                if not held:
                    held = True
                    wait(tag)
                return 0  # 0: the query goes on

            conn.set_progress_handler(progress, 1)
        try:
            yield read
        except BaseException as exc:
            await real.athrow(exc)  # the app gives the connection back (its query may still be held)
            raise
        conn.set_progress_handler(None, 1)
        async for _ in real:  # the app's reader goes on past its yield: the connection back to the pool
            pass

    app.dependency_overrides[api.reader] = reader


def _wait_for_release_file(tag: str) -> None:
    print(f"held {tag}", flush=True)
    release = Path(os.environ["HELD_RELEASE_DIR"]) / tag
    while not release.exists():
        time.sleep(0.02)


def main(argv: list[str]) -> int:
    from communique import cli
    from communique.web import server

    create_app = server.create_app

    def create_app_with_held_queries(db_path: Path, **options: object) -> FastAPI:
        app = create_app(db_path, **options)
        hold_queries(app, _wait_for_release_file)
        return app

    server.create_app = create_app_with_held_queries
    return cli.main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
