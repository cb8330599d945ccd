from __future__ import annotations

from pathlib import Path

import pytest
import webkb
from fastapi.testclient import TestClient

from communique.web.app import create_app


@pytest.fixture(scope="session")
def kb_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, int]]]:
    path = tmp_path_factory.mktemp("web") / "kb.db"
    ids = webkb.build(path)
    return path, ids


@pytest.fixture(scope="session")
def ids(kb_db) -> dict[str, dict[str, int]]:
    return kb_db[1]


@pytest.fixture(scope="session")
def client(kb_db) -> TestClient:
    # raise_server_exceptions=False: a bug must show up as the 500 the user would get, which the tests forbid.
    with TestClient(create_app(kb_db[0]), raise_server_exceptions=False) as c:
        yield c
