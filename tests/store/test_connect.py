"""Opening a database by what --db says: paths, sqlite:/// URLs, PostgreSQL URLs, unknown schemes."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.store import (
    DatabaseError,
    QueryError,
    StoreError,
    UnsupportedDatabase,
    describe,
    open_reader_pool,
    open_store,
)
from communique.store.connect import is_postgres, sqlite_path


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


@pytest.mark.parametrize("target", ["postgresql://u:pw@127.0.0.1:1/db", "postgres://127.0.0.1:1/db",
                                    "POSTGRESQL://127.0.0.1:1/db"])
def test_an_unreachable_postgresql_server_is_one_line_and_creates_nothing(target: str, tmp_path: Path,
                                                                          monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert is_postgres(target)
    with pytest.raises(StoreError, match="cannot connect to") as caught:
        open_store(target)
    assert "pw" not in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(StoreError):
        open_reader_pool(target)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(UnsupportedDatabase, match="PostgreSQL database, not a SQLite file"):
        sqlite_path(target)


@pytest.mark.postgres
def test_a_missing_or_foreign_postgresql_database_is_refused_read_only() -> None:
    import psycopg
    from pgtest import fresh_database

    with fresh_database() as url:
        with pytest.raises(StoreError, match="not a communique database"):
            open_store(url, readonly=True)
        with psycopg.connect(url, autocommit=True) as conn:
            assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0] == 0
        open_store(url).close()  # a write open makes the schema in the empty database
        with open_store(url, readonly=True) as store:
            assert store.read.stats()["articles"] == 0
            with pytest.raises(StoreError):
                with store.db.transaction():
                    pass
            with pytest.raises(DatabaseError, match="read-only"):
                store.db.execute("DELETE FROM articles")
    missing = url.rsplit("/", 1)[0] + "/no_such_database"
    with pytest.raises(StoreError, match="cannot connect to .*no_such_database"):
        open_store(missing)


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


def test_the_reader_pool_lends_read_only_connections_on_both_backends(backend: str, db_target: str,
                                                                make_article) -> None:
    from communique.store import ReadOnlyError

    with open_store(db_target) as store:
        store.save_article(make_article("summit"))
    pool = open_reader_pool(db_target, size=1)
    with pool.reader() as first:
        assert first.search("Tallport")["total"] == 1
        with pool.reader() as second:  # requests overlap: another connection
            assert second.db is not first.db and second.search("Tallport")["total"] == 1
        with pytest.raises(ReadOnlyError):
            with first.db.transaction():
                pass
    with pytest.raises(QueryError):
        with pool.reader() as read:
            read.search('"')
    with pool.reader() as again:  # a request that failed gave back a connection that still works
        assert again.stats()["articles"] == 1
    pool.close()


def test_the_reader_pool_reuses_read_only_connections(tmp_path: Path, make_article) -> None:
    from communique.store import ReadOnlyError

    with open_store(tmp_path / "kb.db") as store:
        store.save_article(make_article("summit"))
    pool = open_reader_pool(tmp_path / "kb.db", size=1)
    assert pool.slots == 2  # a server lets two requests at a time hold a connection (web/api.py: reader)
    with pool.reader() as first:
        assert first.search("Tallport")["total"] == 1
        with pool.reader() as second, pool.reader() as third:  # requests overlap: other connections
            assert len({id(first.db), id(second.db), id(third.db)}) == 3
        kept = second.db  # given back last: third's was kept, second's too (two slots)
        with pytest.raises(ReadOnlyError):
            with first.db.transaction():
                pass
    # first's connection was given back when two were idle already: closed, not kept
    with pool.reader() as again, pool.reader() as other:
        assert {id(again.db), id(other.db)} == {id(kept), id(third.db)}  # warm between requests
    pool.close()
