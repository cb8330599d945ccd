"""PostgreSQL for the tests: a throw-away database per test on the server named by COMMUNIQUE_TEST_PG.

`.ci/run` starts a cluster and exports COMMUNIQUE_TEST_PG=postgresql://postgres@127.0.0.1:PORT/postgres. Without
it the PostgreSQL cases skip, saying why; when CI is set they fail instead (CI must run them).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import pytest

ENV = "COMMUNIQUE_TEST_PG"
# The parameters of a fixture run against every backend (PostgreSQL's marked: `pytest -m "not postgres"`).
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def server_url() -> str:
    """The maintenance URL of the test server; skips (fails under CI) when there is none."""
    url = os.environ.get(ENV)
    if url:
        return url
    reason = f"PostgreSQL tests need {ENV}=postgresql://USER@HOST:PORT/DB (bash .ci/run starts a server)"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {ENV} is not: {reason}")
    pytest.skip(reason)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextmanager
def fresh_database(prefix: str = "test") -> Iterator[str]:
    """The URL of a new, empty database (dropped afterwards, with any connection still open to it)."""
    import psycopg

    admin = server_url()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(admin, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
