"""Articles as flat table rows and back: the Parquet layout the Spark job writes and `load` reads.

Columns are derived from the dataclasses in communique.document, so a field added there
flows into the Parquet tables without touching this file. Every row carries ``seq``: the
page's position in the input (file number << 32 | record number), which orders the load
exactly as the local ingest would have read the same inputs.

Type kinds: str, int, float, bool, date, strlist, bytes, json (anything else, stored as a JSON string).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from typing import Any

from communique.document import Article, DateMention, Event, Figure, Mention, Page, Post, Teaser

FACT_TABLES: dict[str, type] = {
    "mentions": Mention, "dates": DateMention, "posts": Post, "events": Event, "figures": Figure,
}
ARTICLE_FIELDS = ("kind", "title", "published", "published_from", "body", "signature", "captions", "dropped")
PAGE_FIELDS = ("text", "source", "url", "site", "external_id", "lang", "html", "meta", "notes")
SEQ_BITS = 32  # records per input file before the file number

Column = tuple[str, str]  # (name, kind)


def _kind(annotation: Any) -> str:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return _kind(args[0]) if len(args) == 1 else "json"
    if annotation is str:
        return "str"
    if annotation is bool:
        return "bool"
    if annotation is int:
        return "int"
    if annotation is float:
        return "float"
    if annotation is dt.date:
        return "date"
    if typing.get_origin(annotation) is list and args == [str]:
        return "strlist"
    return "json"


def _fields(cls: type, names: tuple[str, ...] | None = None) -> list[Column]:
    hints = typing.get_type_hints(cls)
    return [(f.name, _kind(hints[f.name])) for f in dataclasses.fields(cls)
            if names is None or f.name in names]


def schemas() -> dict[str, list[Column]]:
    """Every table's columns, in order."""
    tables: dict[str, list[Column]] = {
        "pages": [("seq", "int"), ("content_hash", "str"), ("page_key", "str"), *_fields(Page, PAGE_FIELDS)],
        "articles": [("seq", "int"), ("page_key", "str"), ("site", "str"), ("url", "str"),
                     *_fields(Article, ARTICLE_FIELDS), ("body_hash", "str"), ("minhash", "bytes")],
        "teasers": [("seq", "int"), ("position", "int"), *_fields(Teaser)],
    }
    for name, cls in FACT_TABLES.items():
        tables[name] = [("seq", "int"), ("position", "int"), *_fields(cls)]
    tables["site_model"] = [("site", "str"), ("key", "str"), ("value", "str")]
    tables["lexicon"] = [("key", "str"), ("value", "str")]  # the corpus lexicon's rows (Lexicon.rows())
    tables["skips"] = [("seq", "int"), ("source", "str"), ("reason", "str"), ("detail", "str"),
                       ("external_id", "str")]
    return tables


def _cell(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "json":
        return json.dumps(value, ensure_ascii=False, default=str)
    if kind == "strlist":
        return [str(v) for v in value]
    if kind == "float":
        return float(value)
    return value


def _row(obj: Any, columns: list[Column], **given: Any) -> tuple:
    return tuple(given[name] if name in given else _cell(getattr(obj, name), kind) for name, kind in columns)


def article_rows(seq: int, article: Article) -> dict[str, list[tuple]]:
    """One processed page as rows of every per-page table (tuples in schemas() column order)."""
    from communique.clean import dedup

    tables = schemas()
    page = article.page
    sig = article.extra.get("minhash")
    blob = dedup.to_blob(sig) if sig is not None else None
    rows: dict[str, list[tuple]] = {
        "pages": [_row(page, tables["pages"], seq=seq, content_hash=page.content_hash, page_key=page.key)],
        "articles": [_row(article, tables["articles"], seq=seq, page_key=page.key, site=page.site,
                          url=page.url, body_hash=article.body_hash, minhash=blob)],
        "teasers": [_row(t, tables["teasers"], seq=seq, position=i) for i, t in enumerate(article.teasers)],
    }
    for name in FACT_TABLES:
        rows[name] = [_row(fact, tables[name], seq=seq, position=i)
                      for i, fact in enumerate(getattr(article, name))]
    return rows


def _value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "json":
        return json.loads(value)
    if kind == "date" and isinstance(value, dt.datetime):
        return value.date()
    if kind == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if kind == "strlist":
        return list(value)
    return value


def _build(cls: type, row: dict[str, Any], columns: list[Column]) -> Any:
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{name: _value(row.get(name), kind) for name, kind in columns if name in names})


def article_from_rows(page_row: dict[str, Any], article_row: dict[str, Any],
                      parts: dict[str, list[dict[str, Any]]]) -> Article:
    """The inverse of article_rows: an Article ready for Store.save_article."""
    from communique.clean import dedup

    tables = schemas()
    page = _build(Page, page_row, tables["pages"])
    page.meta = page.meta or {}
    page.notes = page.notes or []
    fields = {name: _value(article_row.get(name), kind)
              for name, kind in tables["articles"] if name in ARTICLE_FIELDS}
    for name in ("body", "signature", "captions"):
        fields[name] = fields[name] or []
    fields["dropped"] = [tuple(d) for d in fields["dropped"] or []]
    fields["published_from"] = fields["published_from"] or ""
    fields["kind"] = fields.get("kind") or "article"  # output of a job from before list pages were kept
    article = Article(page=page, **fields)
    ordered = {name: sorted(rows, key=lambda r: r["position"]) for name, rows in parts.items()}
    article.teasers = [_build(Teaser, r, tables["teasers"]) for r in ordered.get("teasers", [])]
    for name, cls in FACT_TABLES.items():
        setattr(article, name, [_build(cls, r, tables[name]) for r in ordered.get(name, [])])
    if article_row.get("minhash") is not None:
        article.extra["minhash"] = dedup.from_blob(article_row["minhash"])
    return article
