"""Opening a database by what --db says: paths, sqlite:/// URLs, PostgreSQL URLs (not yet), unknown schemes."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.store import UnsupportedDatabase, describe, open_reader_pool, open_store
from communique.store.connect import sqlite_path


@pytest.mark.parametrize(
    "target, path",
    [
        ("kb.db", Path("kb.db")),
        ("/data/site.db", Path("/data/site.db")),
        ("sqlite:///kb.db", Path("kb.db")),
        ("sqlite:////data/site.db", Path("/data/site.db")),
        (Path("x/y.db"), Path("x/y.db")),
        ("C:kb.db", Path("C:kb.db")),  # a colon alone does not make a URL
    ],
)
def test_paths_and_sqlite_urls_name_a_file(target, path: Path) -> None:
    assert sqlite_path(target) == path


@pytest.mark.parametrize("target", ["postgresql://u:pw@h/db", "postgres://h/db", "POSTGRESQL://h/db"])
def test_postgresql_is_not_supported_yet_and_creates_nothing(target: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UnsupportedDatabase, match="PostgreSQL is not supported") as caught:
        open_store(target)
    assert "pw" not in str(caught.value)
    with pytest.raises(UnsupportedDatabase):
        open_reader_pool(target)
    assert list(tmp_path.iterdir()) == []


def test_unknown_schemes_and_empty_urls_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedDatabase, match="unknown database URL scheme 'mysql'"):
        open_store("mysql://h/db")
    with pytest.raises(UnsupportedDatabase, match="names no file"):
        open_store("sqlite:///")


def test_describe_hides_the_password() -> None:
    assert describe("postgresql://analyst:s3cret@db.example:5432/kb") == "postgresql://analyst:***@db.example:5432/kb"
    assert describe("postgresql://db.example/kb") == "postgresql://db.example/kb"
    assert describe("kb.db") == "kb.db"


def test_a_sqlite_url_opens_the_same_file_as_its_path(tmp_path: Path, monkeypatch, make_article) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store("sqlite:///kb.db") as store:
        store.save_article(make_article("summit"))
    with open_store(tmp_path / "kb.db", readonly=True) as store:
        assert store.read.stats()["articles"] == 1


def test_the_reader_pool_reuses_read_only_connections(tmp_path: Path, make_article) -> None:
    from communique.store import ReadOnlyError

    with open_store(tmp_path / "kb.db") as store:
        store.save_article(make_article("summit"))
    pool = open_reader_pool(tmp_path / "kb.db", size=1)
    with pool.reader() as first:
        assert first.search("Tallport")["total"] == 1
        with pool.reader() as second:  # requests overlap: another connection
            assert second.db is not first.db
        kept = second.db  # given back first: the one idle connection kept (size=1); the other is closed
        with pytest.raises(ReadOnlyError):
            with first.db.transaction():
                pass
    with pool.reader() as again:
        assert again.db is kept  # warm between requests
    pool.close()
