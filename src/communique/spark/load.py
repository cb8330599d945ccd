"""`communique load DIR --db PATH`: the Spark job's Parquet tables into the store, then resolution.

Needs pyarrow only (not Spark). Every table is ordered by ``seq`` (the job writes them so),
so the tables are read side by side in one streaming merge: one article and its facts in
memory at a time, stored through the same ``Store.save_article`` as the local ingest — which
also does duplicate detection and versioning, in input order, exactly as a local run would.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from communique.job import Report
from communique.spark.tables import FACT_TABLES

_BATCH = 1024


class LoadError(Exception):
    """The folder is not a complete, ordered output of `communique spark`."""


def _parts(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise LoadError(f"{folder} is missing: not an output folder of `communique spark`")
    return sorted(p for p in folder.iterdir() if p.suffix == ".parquet" and not p.name.startswith((".", "_")))


def _rows(folder: Path, ordered: bool = True) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    last = None
    for part in _parts(folder):
        for batch in pq.ParquetFile(part).iter_batches(batch_size=_BATCH):
            for row in batch.to_pylist():
                seq = row.get("seq")
                if ordered and last is not None and seq is not None and seq < last:
                    raise LoadError(f"{folder} is not ordered by seq: written by something other than "
                                    "`communique spark`?")
                last = seq if seq is not None else last
                yield row


class _Cursor:
    """Rows of one table, handed out seq by seq."""

    def __init__(self, folder: Path) -> None:
        self._rows = _rows(folder)
        self._next = next(self._rows, None)

    def take(self, seq: int) -> list[dict[str, Any]]:
        found = []
        while self._next is not None and self._next["seq"] <= seq:
            if self._next["seq"] == seq:
                found.append(self._next)
            self._next = next(self._rows, None)
        return found


def _site_models(folder: Path) -> dict[str, list[tuple[str, Any]]]:
    models: dict[str, list[tuple[str, Any]]] = {}
    for row in _rows(folder, ordered=False):
        models.setdefault(row["site"], []).append((row["key"], json.loads(row["value"])))
    return models


def _lexicon_rows(folder: Path) -> list[tuple[str, str]] | None:
    """The corpus lexicon's rows, None for an output written before the job wrote its lexicon."""
    if not folder.is_dir():
        return None
    return [(row["key"], row["value"]) for row in _rows(folder, ordered=False)]


def load(dir: Path, db: Path | str) -> Report:
    """Store every article of a Spark output folder, merge its site models and corpus lexicon, and run
    resolution.

    The report is the local ingest's: pages read, new and unchanged, articles, duplicates, and
    what the Spark run skipped (with the reason) or failed to process.
    """
    from communique.config import DEFAULTS
    from communique.document import Skip
    from communique.spark.tables import article_from_rows
    from communique.store import check_target, describe, open_store

    check_target(db)  # a --db this build cannot open is said before anything is read
    started, clock = dt.datetime.now(dt.UTC).replace(microsecond=0), time.perf_counter()
    dir = Path(dir)
    root = str(dir)
    report = Report(sources=[root])
    for row in _rows(dir / "skips", ordered=False):
        if row["reason"] == "repeated":  # read but not stored again, as the local ingest counts it
            report.pages_read += 1
            report.repeated += 1
        elif row["reason"] == "process-error":
            report.pages_read += 1
            report.new_pages += 1
            report.fail(row["source"], row["detail"], root)
        else:
            report.skip(Skip(row["source"], row["reason"], row["detail"] or ""), root)
    with open_store(db) as store:
        store.writer_lock(None, f"communique: another run is writing to {describe(db)}; waiting for it to finish")
        for site, rows in _site_models(dir / "site_model").items():
            store.save_site_model(_merged_model(store, site, rows))
        lexicon_rows = _lexicon_rows(dir / "lexicon")
        if lexicon_rows is None:
            report.notes.append(f"{dir / 'lexicon'} is missing (an output of an older `communique spark`): "
                                "the database's corpus lexicon is left as it was")
        else:
            store.save_lexicon(_merged_lexicon(store, lexicon_rows))
        articles = _Cursor(dir / "articles")
        parts = {name: _Cursor(dir / name) for name in ("teasers", *FACT_TABLES)}
        pages = _rows(dir / "pages")
        commit_every = max(1, int(DEFAULTS["commit_every"]))
        done = False
        while not done:
            with store.batch():
                for _ in range(commit_every):
                    page_row = next(pages, None)
                    if page_row is None:
                        done = True
                        break
                    seq = page_row["seq"]
                    found = articles.take(seq)
                    if not found:
                        raise LoadError(f"page seq {seq} has no row in {dir / 'articles'}")
                    article = article_from_rows(page_row, found[0],
                                                {name: cursor.take(seq) for name, cursor in parts.items()})
                    _store(store, article, report, root)
        # Whatever is pending: this load's articles, and what an interrupted run left.
        report.resolution = _resolve(store, report.notes)
        report.seconds = time.perf_counter() - clock
        store.record_run(started, [root], report.as_dict())
    return report


def _merged_model(store: Any, site: str, rows: list[tuple[str, Any]]) -> Any:
    from communique.clean.site_model import SiteModel

    model = SiteModel.from_rows(site, rows)
    known = store.load_site_model(site)
    if known is None:
        return model
    if model.seen <= known.seen:  # this output was loaded before: counting it again would skew the model
        return known
    return known.merge(model)


def _merged_lexicon(store: Any, rows: list[tuple[str, str]]) -> Any:
    """The stored lexicon plus the output's, as ``_merged_model`` merges a site model."""
    from communique.extract.lexicon import Lexicon

    lexicon = Lexicon.from_rows(rows)
    known = store.load_lexicon()
    if known is None:
        return lexicon
    if lexicon.seen <= known.seen:  # this output was loaded before: counting it again would skew the counts
        return known
    return known.merge(lexicon)


def _store(store: Any, article: Any, report: Report, root: str) -> None:
    report.pages_read += 1
    counts = report._input(root)
    counts["read"] += 1
    try:
        saved = store.save_article(article)
    except Exception as exc:  # noqa: BLE001  (its savepoint rolled back; the load goes on)
        report.new_pages += 1
        report.fail(article.page.source, f"{type(exc).__name__}: {exc}", root)
        return
    if saved.status == "unchanged":
        report.unchanged += 1
        counts["unchanged"] += 1
        return
    report.new_pages += 1
    report.stored(saved, root)


def _resolve(store: Any, notes: list[str]) -> dict[str, Any] | None:
    try:
        from communique.resolve.build import resolve_pending
    except ImportError as exc:  # resolution not in this build: the articles are stored anyway
        notes.append(f"resolution skipped: {exc}")
        return None
    return resolve_pending(store.resolution)
