"""Fixtures every test folder shares: the storage backends a test runs against.

``backend`` is parametrised over "sqlite" and "postgres"; ``db_target`` is a new, empty database of that
backend (a file path, or the URL of a throw-away PostgreSQL database: tests/pgtest.py), so a test written once
runs against both. The PostgreSQL cases skip without a server (COMMUNIQUE_TEST_PG) and fail under CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pgtest import BACKENDS, fresh_database


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def db_target(backend: str, tmp_path: Path) -> Iterator[str]:
    """A new database of the backend: a SQLite path, or a PostgreSQL URL (dropped after the test)."""
    if backend == "sqlite":
        yield str(tmp_path / "kb.db")
        return
    with fresh_database() as url:
        yield url
