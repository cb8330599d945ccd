"""The ingest and batch-extraction jobs: inputs in, articles stored (or predictions written).

Ingest makes two passes so that every page is cleaned with what the *whole* crawl teaches
about its site (the site model needs every page's teasers and navigation before any page is
segmented; see docs/usage.md, "How ingest works"):

1. read the inputs as a stream; skip pages whose content hash is already stored (before any
   NLP, so re-running an unchanged crawl costs a read and a hash per page); let each site's
   model observe the new pages; spool the new pages to a temporary file on disk.
2. read the spool back and process each page (segment + extraction) in worker processes,
   with a bounded number of pages in flight; the main process is the single writer and
   commits every ``commit_every`` pages.

The spool, rather than re-reading the sources, is what keeps memory flat: pass 2 holds only
the pages in flight, and HTML is not run through trafilatura twice. It holds only new pages.

3. resolve every stored page version not resolved yet (cross-document resolution, one
   transaction): this run's new pages and whatever an interrupted run or ``--no-resolve`` left
   pending, even when this run found nothing new. ``resolve_database`` does only this step
   (``communique resolve``).
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import pickle
import re
import signal
import sys
import tempfile
import textwrap
import threading
import time
import zlib
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar

from communique import config as config_module
from communique.crashpoints import crash_point
from communique.document import Article, Page, Skip
from communique.ingest.sources import PendingHtml, display_path, finish_pending, read_sources
from communique.ingest.warc import ARCHIVE_RECORD, is_archive_record
from communique.process import PARTIAL

T = TypeVar("T")
CHUNK = 8  # pages per task sent to a worker: amortises pickling without starving the other worker
IN_FLIGHT_PER_WORKER = 4  # chunks queued per worker: bounds memory, keeps workers busy
MIN_PAGES_FOR_WORKERS = 64  # below this, starting processes (and their spaCy) costs more than it saves
MAX_SKIPS_LISTED = 20  # in the text report; as_dict() keeps them all
# A page note's numbers (offsets, counts) vary from page to page; the note's kind does not.
_NOTE_NUMBER = re.compile(r"(?<![\w.=-])\d+")


@dataclass
class Report:
    """What a run read, stored and skipped; every input page is counted exactly once."""

    sources: list[str]
    pages_read: int = 0  # pages that came out of the readers (skipped inputs excluded)
    new_pages: int = 0  # content not stored before: processed in pass 2
    unchanged: int = 0  # content already in the database: skipped before any NLP
    repeated: int = 0  # the same content twice in this run's inputs: read once
    articles: int = 0  # new articles stored
    new_versions: int = 0  # new content for a page key (URL) already stored
    exact_duplicates: int = 0
    near_duplicates: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)  # pages whose cleaning raised: not stored
    extract_failed: list[dict[str, str]] = field(default_factory=list)  # stored without facts
    partial: list[dict[str, str]] = field(default_factory=list)  # stored with the facts found within the budget
    skipped: list[dict[str, str]] = field(default_factory=list)  # inputs not read as pages
    # WARC records that are never pages (request, warcinfo, metadata, revisit), by kind: counted, not skipped
    archive_records: Counter = field(default_factory=Counter)
    per_input: dict[str, Counter] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    page_notes: Counter = field(default_factory=Counter)  # what stored pages were noted with, by kind
    resolution: dict[str, Any] | None = None
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase
    output: str | None = None  # extract: the prediction file written

    def _input(self, root: str) -> Counter:
        return self.per_input.setdefault(root, Counter())

    def stored(self, saved: Any, root: str) -> None:
        """Count an article the store saved (a new article or a new version, maybe a duplicate)."""
        counts = self._input(root)
        if saved.status == "version":
            self.new_versions += 1
            counts["new_versions"] += 1
        else:
            self.articles += 1
            counts["articles"] += 1
        if saved.duplicate_of is not None:
            if saved.exact:
                self.exact_duplicates += 1
            else:
                self.near_duplicates += 1

    def note_page(self, page: Page) -> None:
        """Tally the page's notes (a decoding fallback, a model not installed) for the run report."""
        for note in page.notes:
            self.page_notes[_NOTE_NUMBER.sub("N", note)] += 1

    def skip(self, item: Skip, root: str) -> None:
        if is_archive_record(item.reason):  # a request or warcinfo record: the archive's bookkeeping, no input lost
            self.archive_records[item.reason.removeprefix(ARCHIVE_RECORD)] += 1
            self._input(root)["archive_records"] += 1
            return
        entry = {"source": item.source, "reason": item.reason, "detail": item.detail}
        if item.external_id is not None:
            entry["external_id"] = item.external_id
        self.skipped.append(entry)
        self._input(root)["skipped"] += 1

    def note_extraction(self, article: Article) -> None:
        """Count an article whose extraction failed (stored without facts) or stopped at the budget."""
        if "extract_error" in article.extra:
            self.extract_failed.append({"source": article.page.source, "error": article.extra["extract_error"]})
        if PARTIAL in article.extra:
            self.partial.append({"source": article.page.source, "detail": article.extra[PARTIAL]})

    def fail(self, source: str, error: str, root: str) -> None:
        self.failed.append({"source": source, "error": error})
        self._input(root)["failed"] += 1

    @property
    def skip_reasons(self) -> dict[str, int]:
        return dict(Counter(s["reason"] for s in self.skipped).most_common())

    @property
    def accounted(self) -> bool:
        """Every page read is unchanged, repeated, stored or failed (and no count is lost)."""
        stored = self.articles + self.new_versions
        return (self.pages_read == self.new_pages + self.unchanged + self.repeated
                and self.new_pages == stored + len(self.failed))

    def as_dict(self) -> dict[str, Any]:
        return {
            "sources": self.sources,
            "pages_read": self.pages_read,
            "new_pages": self.new_pages,
            "unchanged": self.unchanged,
            "repeated": self.repeated,
            "articles": self.articles,
            "new_versions": self.new_versions,
            "duplicates": {"exact": self.exact_duplicates, "near": self.near_duplicates},
            "failed": self.failed,
            "extract_failed": self.extract_failed,
            "partial": self.partial,
            "skipped": {"total": len(self.skipped), "by_reason": self.skip_reasons, "items": self.skipped},
            "archive_records": dict(self.archive_records.most_common()),
            "per_input": {k: dict(v) for k, v in self.per_input.items()},
            "accounted": self.accounted,
            "notes": self.notes,
            "page_notes": dict(self.page_notes.most_common()),
            "resolution": self.resolution,
            "seconds": round(self.seconds, 3),
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            **({"output": self.output} if self.output else {}),
        }

    def render(self) -> str:
        rate = self.pages_read / self.seconds if self.seconds else 0.0
        if self.output:
            return self._render_extract(rate)
        lines = [
            f"read {self.pages_read} pages from {len(self.sources)} input(s) in {self.seconds:.1f} s "
            f"({rate:.0f} pages/s" + "".join(f"; {k} {v:.1f} s" for k, v in self.timings.items()) + ")",
            f"  new pages:          {self.new_pages}",
            f"  unchanged (stored): {self.unchanged}",
        ]
        if self.repeated:
            lines.append(f"  repeated in input:  {self.repeated}")
        lines += [
            f"  articles stored:    {self.articles}",
            f"  new versions:       {self.new_versions}",
            f"  duplicates:         {self.exact_duplicates} exact, {self.near_duplicates} near",
        ]
        if self.output:
            lines.append(f"  predictions:        {self.output}")
        if self.failed:
            lines.append(f"  failed:             {len(self.failed)}")
            lines += [f"    {f['source']}: {f['error']}" for f in self.failed[:MAX_SKIPS_LISTED]]
        if self.extract_failed:
            lines.append(f"  stored without facts (extraction failed): {len(self.extract_failed)}")
            lines += [f"    {f['source']}: {f['error']}" for f in self.extract_failed[:MAX_SKIPS_LISTED]]
        if self.partial:
            lines.append(f"  stored with partial facts (time budget): {len(self.partial)}")
            lines += [f"    {f['source']}: {f['detail']}" for f in self.partial[:MAX_SKIPS_LISTED]]
        reasons = ", ".join(f"{n} {r}" for r, n in self.skip_reasons.items())
        lines.append(f"  skipped inputs:     {len(self.skipped)}" + (f" ({reasons})" if reasons else ""))
        if self.archive_records:
            kinds = ", ".join(f"{n} {k}" for k, n in self.archive_records.most_common())
            lines.append(f"  archive records:    {sum(self.archive_records.values())} that are not pages ({kinds})")
        for s in self.skipped[:MAX_SKIPS_LISTED]:
            lines.append(f"    {s['source']}: {s['reason']}" + (f" — {s['detail']}" if s["detail"] else ""))
        if len(self.skipped) > MAX_SKIPS_LISTED:
            lines.append(f"    … and {len(self.skipped) - MAX_SKIPS_LISTED} more (--json lists all)")
        if len(self.per_input) > 1:
            lines.append("  per input:")
            for root, counts in self.per_input.items():
                lines.append(f"    {root}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        if self.resolution:
            done = ", ".join(f"{k} {v}" for k, v in self.resolution.items()
                             if isinstance(v, int | float | str))
            lines.append(textwrap.fill(done, 100, initial_indent="  resolution: ", subsequent_indent="    "))
        lines += self._render_notes()
        return "\n".join(lines)

    def _render_notes(self) -> list[str]:
        lines = [f"  note: {n}" for n in self.notes]
        kinds = self.page_notes.most_common()
        lines += [f"  note on {n} page(s): {note}" for note, n in kinds[:MAX_SKIPS_LISTED]]
        if len(kinds) > MAX_SKIPS_LISTED:
            lines.append(f"    … and {len(kinds) - MAX_SKIPS_LISTED} more kinds of page note (--json lists all)")
        return lines

    def _render_extract(self, rate: float) -> str:
        rows = self.pages_read + sum(1 for s in self.skipped if s.get("external_id"))
        lines = [f"extracted {self.pages_read} pages in {self.seconds:.1f} s ({rate:.1f} pages/s); "
                 f"{rows} rows written to {self.output}"]
        lines += [f"  failed: {f['source']}: {f['error']}" for f in self.failed]
        lines += [f"  without facts (extraction failed): {f['source']}: {f['error']}"
                  for f in self.extract_failed]
        lines += [f"  partial facts (time budget): {f['source']}: {f['detail']}" for f in self.partial]
        lines += [f"  skipped: {s['source']}: {s['reason']}" + (f" — {s['detail']}" if s["detail"] else "")
                  for s in self.skipped]
        lines += self._render_notes()
        return "\n".join(lines)


# -- per-page work, in worker processes or in-process -------------------------------------------

@dataclass
class _Failure:
    source: str
    error: str


_STATE: dict[str, Any] = {}


def _build_pipeline(config: dict[str, Any], notes: list[str]) -> Any:
    """The extraction pipeline, or None (with a note saying how to fix it) when no model is installed."""
    from communique.pipeline import Pipeline

    try:
        return Pipeline(config["pipeline"], config)
    except Exception as exc:  # noqa: BLE001  (pages are still cleaned and stored; the note says why no facts)
        missing = type(exc).__name__ == "ModelMissingError"  # its message says how to install a model
        notes.append(f"extraction skipped: {exc}" if missing else
                     f"extraction skipped: the pipeline could not be built: {type(exc).__name__}: {exc}")
        return None


def _ignore_interrupt() -> None:
    # Ctrl-C goes to the whole process group; the parent alone decides what to keep.
    if multiprocessing.parent_process() is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _init_worker(models: dict[str, Any], config: dict[str, Any], pipeline: Any, build: bool) -> None:
    _ignore_interrupt()
    _STATE["models"] = models
    _STATE["config"] = config
    _STATE["pipeline"] = _build_pipeline(config, []) if build and pipeline is None else pipeline


def _plain(value: Any, depth: int = 0) -> bool:
    """Data that pickles small: not a spaCy Doc or Span (which would drag the whole vocabulary along)."""
    if value is None or isinstance(value, str | int | float | bool | bytes):
        return True
    if type(value).__module__ == "numpy":  # e.g. the MinHash signature
        return True
    if depth < 2 and isinstance(value, list | tuple | set):
        return all(_plain(v, depth + 1) for v in value)
    if depth < 2 and isinstance(value, dict):
        return all(_plain(v, depth + 1) for v in value.values())
    return False


def _portable(article: Article) -> Article:
    """Drop from ``extra`` what should not cross a process boundary; the store never reads it.

    Every fact (the title's included: ``in_title``) lives in the Article's fact lists as plain
    dataclasses, which pickle small; ``extra`` is only the components' scratch space.
    """
    article.extra = {k: v for k, v in article.extra.items() if _plain(v)}
    return article


def _work(chunk: list[tuple[int, Page]]) -> list[tuple[int, Article | _Failure]]:
    from communique.process import process_page

    try:
        from communique.clean.dedup import signature
    except ImportError:
        signature = None
    out: list[tuple[int, Article | _Failure]] = []
    for root, page in chunk:
        model, pipeline = _STATE["models"].get(page.site), _STATE["pipeline"]
        try:
            try:
                article = process_page(page, model, pipeline)
            except Exception as exc:
                if pipeline is None:
                    raise
                # Extraction failed on this page: keep the cleaned article (searchable, traceable)
                # and say so, rather than losing the page.
                article = process_page(page, model, None)
                article.extra["extract_error"] = f"{type(exc).__name__}: {exc}"
            if signature is not None and "minhash" not in article.extra:
                article.extra["minhash"] = signature(article.text, _STATE["config"])
            out.append((root, _portable(article)))
        except Exception as exc:  # noqa: BLE001  (one bad page is reported, the run goes on)
            out.append((root, _Failure(page.source, f"{type(exc).__name__}: {exc}")))
    return out


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_FORK = "fork" in multiprocessing.get_all_start_methods()
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT_POLL_SECONDS = 1.0


def _die_with_parent(parent: int) -> None:
    """End this worker when the process that started it ends, even by ``kill -9``.

    A worker blocked on the pool's queue never learns its parent is gone (its siblings keep the
    queue's pipe open), so without this a killed ingest leaves its workers running. Linux delivers
    SIGKILL on the parent's death (prctl PR_SET_PDEATHSIG); elsewhere, and as a fallback, a thread
    checks every second that the parent is still the one that started the worker.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watchdog below still works
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="communique-parent-watchdog", daemon=True).start()


def _start_worker(parent: int, initializer: Any, initargs: tuple) -> None:
    _die_with_parent(parent)
    initializer(*initargs)


def _pool(workers: int, initializer: Any, initargs: tuple) -> ProcessPoolExecutor:
    """Worker processes, forked where the platform can (they inherit what is loaded), else spawned;
    each ends when this process does (see ``_die_with_parent``)."""
    context = multiprocessing.get_context("fork" if _FORK else "spawn")
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                               initargs=(os.getpid(), initializer, initargs))


def _finish_chunk(chunk: list[tuple[int, Any]]) -> list[tuple[int, Page | Skip]]:
    return [(root, finish_pending(item)) for root, item in chunk]


def _in_order(tasks: Iterable[Future | list[T]], limit: int) -> Iterator[T]:
    """What the tasks give (a Future its result, a list itself), in the order they come.

    ``tasks`` is drawn lazily and at most ``limit`` are outstanding: that bounds what is in
    flight (memory) while keeping the workers busy.
    """
    pending: deque[Future | list[T]] = deque()
    for task in tasks:
        pending.append(task)
        while len(pending) >= limit:
            head = pending.popleft()
            yield from head.result() if isinstance(head, Future) else head
    while pending:
        head = pending.popleft()
        yield from head.result() if isinstance(head, Future) else head


def _finish_html(items: Iterable[tuple[int, Any]], workers: int) -> Iterator[tuple[int, Any]]:
    """The items with every PendingHtml replaced by its Page (or Skip), in input order.

    Main-text extraction is the costly part of reading HTML; with several workers it runs on
    them, a bounded number of chunks ahead, while this process goes on reading and observing.
    Chunks without HTML are not sent anywhere.
    """
    if workers <= 1:
        for chunk in _chunks(items, CHUNK):
            yield from _finish_chunk(chunk)
        return
    pool: ProcessPoolExecutor | None = None  # started at the first HTML: a text crawl needs none

    def tasks() -> Iterator[Future | list[tuple[int, Any]]]:
        nonlocal pool
        for chunk in _chunks(items, CHUNK):
            if any(isinstance(item, PendingHtml) for _, item in chunk):
                pool = pool or _pool(workers, _ignore_interrupt, ())
                yield pool.submit(_finish_chunk, chunk)
            else:
                yield chunk

    try:
        yield from _in_order(tasks(), workers * IN_FLIGHT_PER_WORKER)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _map_pages(items: Iterable[tuple[int, Page]], models: dict[str, Any], config: dict[str, Any],
               pipeline: Any, extract: bool, workers: int) -> Iterator[tuple[int, Article | _Failure]]:
    """process_page over the items, results in input order, at most a few chunks per worker in flight."""
    if workers <= 1:
        _init_worker(models, config, pipeline, build=False)
        for chunk in _chunks(items, CHUNK):
            yield from _work(chunk)
        return
    # fork shares the already-loaded models with the workers; elsewhere each worker builds its own.
    initargs = (models, config, pipeline if _FORK else None, extract)
    with _pool(workers, _init_worker, initargs) as pool:
        try:
            yield from _in_order((pool.submit(_work, chunk) for chunk in _chunks(items, CHUNK)),
                                 workers * IN_FLIGHT_PER_WORKER)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


# -- helpers shared by both jobs ------------------------------------------------------------------

def _progress(total: int | None, desc: str, enabled: bool, unit: str = "page") -> Any:
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, disable=not enabled, file=sys.stderr, leave=False,
                dynamic_ncols=True)


def _new_model(site: str) -> Any:
    from communique.clean.site_model import SiteModel

    return SiteModel(site)


def _new_lexicon(store: Any = None) -> Any:
    """The corpus lexicon: the stored one (it improves as pages accumulate), else an empty one."""
    from communique.extract.lexicon import Lexicon

    return (store.load_lexicon() if store is not None else None) or Lexicon()


def _with_lexicon(config: dict[str, Any], lexicon: Any) -> dict[str, Any]:
    """The pipeline's config with the corpus lexicon the first pass learned (the entity components read it)."""
    return {**config, "lexicon": lexicon}


def _observe(page: Page, models: dict[str, Any], lexicon: Any, store: Any, notes: list[str]) -> None:
    """The first pass over one page: its site's model (the stored one, else a new one, on first sight of the
    site) and the corpus lexicon learn from it. A page they cannot learn from is still cleaned and read, with
    what the others taught; the run report says so."""
    if page.site not in models:
        models[page.site] = (store.load_site_model(page.site) if store is not None else None) \
            or _new_model(page.site)
    try:
        models[page.site].observe(page)
        lexicon.observe(page)
    except Exception as exc:  # noqa: BLE001  (one odd page must not stop the pass)
        notes.append(f"site model could not learn from {page.source}: {type(exc).__name__}: {exc}")


def learn_models(pages: Iterable[Page], config: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The first pass over pages in memory: each site's model, and the config with the corpus lexicon.

    What ``extract_file`` learns before it extracts, for callers that hold the pages (benchmarks).
    """
    models: dict[str, Any] = {}
    lexicon = _new_lexicon()
    for page in pages:
        models.setdefault(page.site, _new_model(page.site)).observe(page)
        lexicon.observe(page)
    return models, _with_lexicon(config, lexicon)


def _spool(out: IO[bytes], item: tuple[int, Page]) -> None:
    # zlib level 1: HTML shrinks 5-10x for a few percent of the time trafilatura took on it
    frame = zlib.compress(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL), 1)
    out.write(len(frame).to_bytes(4, "little"))
    out.write(frame)


def _unspool(spool: IO[bytes]) -> Iterator[tuple[int, Page]]:
    spool.seek(0)
    while header := spool.read(4):
        yield pickle.loads(zlib.decompress(spool.read(int.from_bytes(header, "little"))))


def _workers(workers: int | None) -> int:
    if workers:
        return max(1, workers)
    try:  # the cores this process may run on (a container's share), not the machine's
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


# -- ingest ---------------------------------------------------------------------------------------

def ingest(sources: list[Path], db: Path | str, site: str | None = None, workers: int | None = None,
           max_bytes: int | None = None, progress: bool = True, resolve: bool = True, extract: bool = True,
           config: dict[str, Any] | None = None, wait: float | None = None) -> Report:
    """Read the sources into the database ``db`` (a path or URL, see communique.store.open_store); see the
    module docstring for the passes. Another run writing to the same SQLite file is waited for (at most
    ``wait`` seconds when given: then WriterBusy) before anything is read."""
    from communique.store import describe, open_store

    config = config_module.load(config)
    started = dt.datetime.now(dt.UTC).replace(microsecond=0)
    clock = time.perf_counter()
    roots = [display_path(s) for s in sources]  # printable and storable, whatever bytes the names hold
    report = Report(sources=roots)
    with open_store(db, config=config) as store, tempfile.TemporaryFile(prefix="communique-spool-") as spool:
        store.writer_lock(wait, f"communique: another run is writing to {describe(db)}; waiting for it to finish")
        models: dict[str, Any] = {}
        lexicon = _new_lexicon(store)
        seen: set[bytes] = set()
        bar = _progress(None, "reading", progress)
        n_workers = _workers(workers)
        for root in roots:
            report._input(root)  # every input has its line in the report, even one that held nothing
        # None: each reader's own default (text, HTML and archive records differ)
        items = ((index, item) for index, source in enumerate(sources)
                 for item in read_sources([Path(source)], site, max_bytes, max_bytes, known=store.has_page,
                                          defer_html=n_workers > 1))
        for index, item in _finish_html(items, n_workers):
            root = roots[index]
            counts = report._input(root)
            bar.update(1)
            if isinstance(item, Skip):
                report.skip(item, root)
                continue
            report.pages_read += 1
            counts["read"] += 1
            content_hash = item.content_hash
            short = bytes.fromhex(content_hash)[:16]  # 16 bytes: a set of 10^6 pages stays small
            if short in seen:
                report.repeated += 1
                counts["repeated"] += 1
                continue
            seen.add(short)
            if store.has_page(content_hash):
                report.unchanged += 1
                counts["unchanged"] += 1
                continue
            _observe(item, models, lexicon, store, report.notes)
            _spool(spool, (index, item))
            report.new_pages += 1
            counts["new"] += 1
        bar.close()
        seen.clear()
        report.timings["read"] = time.perf_counter() - clock
        # Saved before pass 2 so that a page stored by an interrupted run was already observed.
        for model in models.values():
            store.save_site_model(model)
        store.save_lexicon(lexicon)

        if report.new_pages:
            phase = time.perf_counter()
            # Pages are read with the lexicon as stored: what a rerun after a kill loads, so that the pages
            # stored before the kill and those stored after it were read with the same lexicon.
            config = _with_lexicon(config, lexicon.stored())
            pipeline = _build_pipeline(config, report.notes) if extract else None
            n_workers = _workers(workers) if report.new_pages >= MIN_PAGES_FOR_WORKERS else 1
            _store_articles(store, _map_pages(_unspool(spool), models, config, pipeline,
                                              extract, n_workers), roots, report, config, progress)
            report.timings["process"] = time.perf_counter() - phase
        crash_point("ingest:before-resolve")
        if resolve:
            # Not only this run's pages: whatever a killed run or --no-resolve left pending too.
            phase = time.perf_counter()
            report.resolution = _resolve(store, report.notes, progress)
            if report.resolution is not None:
                report.timings["resolve"] = time.perf_counter() - phase
                crash_point("ingest:resolved")
        report.seconds = time.perf_counter() - clock
        store.record_run(started, roots, report.as_dict())
    return report


def _store_articles(store: Any, results: Iterator[tuple[int, Article | _Failure]], roots: list[str],
                    report: Report, config: dict[str, Any], progress: bool) -> None:
    commit_every = max(1, int(config["commit_every"]))
    bar = _progress(report.new_pages, "processing", progress)
    results = iter(results)
    done = False
    while not done:
        with store.batch():
            for _ in range(commit_every):
                try:
                    index, result = next(results)
                except StopIteration:
                    done = True
                    break
                bar.update(1)
                root = roots[index]
                if isinstance(result, _Failure):
                    report.fail(result.source, result.error, root)
                    continue
                try:
                    saved = store.save_article(result)
                except Exception as exc:  # noqa: BLE001  (its savepoint rolled back; the batch goes on)
                    report.fail(result.page.source, f"{type(exc).__name__}: {exc}", root)
                    continue
                counts = report._input(root)
                if saved.status == "unchanged":  # stored meanwhile by another run on the same database
                    report.new_pages -= 1
                    report.unchanged += 1
                    counts["new"] -= 1
                    counts["unchanged"] += 1
                    continue
                report.note_extraction(result)
                report.stored(saved, root)
                report.note_page(result.page)
        crash_point("ingest:batch-committed")
    bar.close()


def _resolve(store: Any, notes: list[str], progress: bool) -> dict[str, Any] | None:
    """Ingest's last step: the pending page versions resolved, or None (nothing pending, or a note says why
    not). A failure rolls resolution back and leaves the versions pending for the next run."""
    try:
        return _resolve_pending(store, progress)
    except ImportError as exc:
        notes.append(f"resolution skipped: {exc}")
    except Exception as exc:  # noqa: BLE001  (the articles are stored; the next run resolves them)
        notes.append(f"resolution failed: {type(exc).__name__}: {exc} (the pages stay pending: the next run, "
                     "or `communique resolve`, resolves them)")
    return None


def _resolve_pending(store: Any, progress: bool) -> dict[str, Any] | None:
    from communique.resolve.build import STEPS, resolve_pending

    bar = None

    def step(name: str) -> None:  # the bar appears only when there is something to resolve
        nonlocal bar
        if bar is None:
            bar = _progress(len(STEPS), "resolving", progress, unit="step")
        else:
            bar.update(1)
        bar.set_postfix_str(name, refresh=True)

    try:
        return resolve_pending(store.resolution, step)
    finally:
        if bar is not None:
            bar.close()


# -- resolution alone -------------------------------------------------------------------------------

@dataclass
class ResolveReport:
    """What `communique resolve` did: the page versions it found pending and resolution's counts."""

    db: str
    pending: int = 0  # page versions not resolved when the run began
    resolution: dict[str, Any] | None = None
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"db": self.db, "pending": self.pending, "resolution": self.resolution,
                "seconds": round(self.seconds, 3)}

    def render(self) -> str:
        if self.resolution is None:
            return f"{self.db}: nothing to resolve (every stored page version is resolved)"
        r = self.resolution
        lines = [f"{self.db}: resolved {self.pending} page version(s) in {self.seconds:.1f} s",
                 f"  entities:       {r['entities']} ({r['entities_created']} created, "
                 f"{r['entities_merged']} merged)",
                 f"  linked:         {r['people_linked']} people, {r['orgs_linked']} organisations, "
                 f"{r['places_linked']} places, {r['event_mentions_linked']} event mentions",
                 f"  kb events:      {r['kb_events']}",
                 f"  post intervals: {r['post_intervals']}"]
        return "\n".join(lines)


def resolve_database(db: Path | str, progress: bool = True, wait: float | None = None,
                     config: dict[str, Any] | None = None) -> ResolveReport:
    """Resolve every stored page version not resolved yet (what ingest's last step does), as the only writer
    (waiting for another run at most ``wait`` seconds when given: then WriterBusy). Errors are raised: the
    database is left as it was, the versions still pending."""
    from communique.store import describe, open_store

    config = config_module.load(config)
    clock = time.perf_counter()
    report = ResolveReport(db=describe(db))
    with open_store(db, config=config) as store:
        store.writer_lock(wait, f"communique: another run is writing to {describe(db)}; waiting for it to finish")
        from communique.resolve.build import pending

        report.pending = pending(store.resolution)
        if report.pending:
            report.resolution = _resolve_pending(store, progress)
    report.seconds = time.perf_counter() - clock
    return report


# -- batch extraction -------------------------------------------------------------------------------

def extract_file(pages_jsonl: Path, out: Path, db: Path | str | None = None, site: str | None = None,
                 progress: bool = True, workers: int | None = None,
                 config: dict[str, Any] | None = None) -> Report:
    """Predictions for every record of a JSONL of pages, in input order (format of gold/FORMAT.md).

    The site models learn from the whole file first (plus the database's models when ``db``
    is given; the database is only read). A record that cannot be read still gets its row,
    with no title and an empty body, whenever its id is known.
    """
    from communique.extract.prediction import to_prediction

    config = config_module.load(config)
    clock = time.perf_counter()
    root = display_path(pages_jsonl)
    report = Report(sources=[root], output=display_path(out))
    limit = config["max_page_bytes"]
    models: dict[str, Any] = {}
    stored = _open_readonly(db)
    lexicon = _new_lexicon(stored)
    n_pages = 0
    try:
        bar = _progress(None, "reading", progress)
        for item in read_sources([pages_jsonl], site, limit, config["max_html_bytes"]):
            bar.update(1)
            if isinstance(item, Page):
                n_pages += 1
                _observe(item, models, lexicon, stored, report.notes)
        bar.close()
    finally:
        if stored is not None:
            stored.close()

    config = _with_lexicon(config, lexicon)
    pipeline = _build_pipeline(config, report.notes)
    items = read_sources([pages_jsonl], site, limit, config["max_html_bytes"])
    order: deque[Page | Skip] = deque()

    def pages() -> Iterator[tuple[int, Page]]:
        # Skips keep their place in the output: they wait in `order` between the pages.
        for item in items:
            order.append(item)
            if isinstance(item, Page):
                yield 0, item

    n_workers = _workers(workers) if n_pages >= MIN_PAGES_FOR_WORKERS else 1
    out.parent.mkdir(parents=True, exist_ok=True)
    bar = _progress(n_pages, "extracting", progress)
    with out.open("w", encoding="utf-8") as fh:
        def flush_skips() -> None:
            while order and isinstance(order[0], Skip):
                skip = order.popleft()
                report.skip(skip, root)
                if skip.external_id is not None:
                    fh.write(json.dumps(_empty_prediction(skip.external_id), ensure_ascii=False) + "\n")

        for _, result in _map_pages(pages(), models, config, pipeline, True, n_workers):
            flush_skips()
            page = order.popleft()
            assert isinstance(page, Page)
            report.pages_read += 1
            report.new_pages += 1
            report._input(root)["read"] += 1
            bar.update(1)
            page_id = page.external_id or page.source
            if isinstance(result, _Failure):
                report.fail(result.source, result.error, root)
                prediction = _empty_prediction(page_id)
            else:
                report.articles += 1
                report.note_page(result.page)
                report.note_extraction(result)
                prediction = to_prediction(result, page_id)
            fh.write(json.dumps(prediction, ensure_ascii=False) + "\n")
        for item in items:  # trailing Skips the generator above did not reach
            order.append(item)
        flush_skips()
    bar.close()
    report.seconds = time.perf_counter() - clock
    return report


def _empty_prediction(page_id: str) -> dict[str, Any]:
    return {"id": page_id, "title": None, "published": None, "body": [], "people": [], "orgs": [],
            "places": [], "roles": [], "events": [], "figures": []}


def _open_readonly(db: Path | str | None) -> Any:
    if db is None:
        return None
    from communique.store import open_store

    return open_store(db, readonly=True)
