from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import webkb
from fastapi.testclient import TestClient
from pgtest import BACKENDS, fresh_database

from communique.web.app import create_app


@pytest.fixture(scope="session")
def kb_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, int]]]:
    """The knowledge base in a SQLite file (for the tests of the file itself and of the server process)."""
    path = tmp_path_factory.mktemp("web") / "kb.db"
    ids = webkb.build(path)
    return path, ids


@pytest.fixture(scope="session", params=BACKENDS)
def kb_target(request: pytest.FixtureRequest, kb_db) -> Iterator[tuple[str, dict[str, dict[str, int]]]]:
    """The same knowledge base on each backend: the SQLite file, or a throw-away PostgreSQL database."""
    if request.param == "sqlite":
        yield str(kb_db[0]), kb_db[1]
        return
    with fresh_database("web") as url:
        ids = webkb.build(url)
        assert ids == kb_db[1]  # both backends number the rows alike
        yield url, ids


@pytest.fixture(scope="session")
def ids(kb_target) -> dict[str, dict[str, int]]:
    return kb_target[1]


@pytest.fixture(scope="session")
def client(kb_target) -> TestClient:
    # raise_server_exceptions=False: a bug must show up as the 500 the user would get, which the tests forbid.
    with TestClient(create_app(kb_target[0]), raise_server_exceptions=False) as c:
        yield c
