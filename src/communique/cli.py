"""The `communique` command: argument parsing and wiring only; each command calls one stage.

Conventions of every command (one place: ``main`` and the helpers below): a user error (a bad value, a missing
input, an unwritable output, a database that cannot be opened) is one line on stderr naming the bad value,
never a traceback, and exit status 2; a question answered with nothing found exits 1 (``_found``); 0 otherwise;
130 when interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NoReturn

from communique import textout

DEFAULT_DB = "communique.db"
EXIT_OK, EXIT_NOTHING_FOUND, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    """A bad value on the command line (one line, naming it): exit status 2."""


def _found(count: int, nothing: str) -> int:
    """The exit status of a question: 0 when it found something, else 1 with ``nothing`` said on stderr."""
    if count:
        return EXIT_OK
    print(f"communique: {nothing}", file=sys.stderr)
    return EXIT_NOTHING_FOUND


def _inputs_exist(paths: Sequence[str | Path]) -> None:
    """Every input path exists, or a UsageError naming those that do not (before anything is created)."""
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise UsageError(f"no such file or directory: {', '.join(missing)} (nothing was read or written)")


@contextlib.contextmanager
def _writing(path: str | Path) -> Iterator[None]:
    """An output that cannot be written (a missing or read-only folder, a file in the way) is a UsageError."""
    try:
        yield
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def _open_existing(args: argparse.Namespace):
    """The --db database, read-only. StoreError (main() prints it as one line) when it cannot be read: a URL
    without a backend, a missing file, a foreign file, an older schema."""
    from communique.store import StoreError, open_store
    from communique.store.connect import describe, exists

    if not exists(args.db):
        where = describe(args.db)
        raise StoreError(f"no database at {where} (run `communique ingest SOURCE --db {where}` first)")
    return open_store(args.db, readonly=True)


def _entity_id(store, name: str) -> int:
    entity_id = store.read.find_entity(name)
    if entity_id is None:
        raise _NothingFound(f"no entity matches {name!r}")
    return entity_id


class _NothingFound(Exception):
    """A question about something the database does not know (an entity by name): exit status 1."""


def _participant_names(rows: list[dict]) -> list[dict]:
    """Events for a text table: participants by name (the JSON output keeps their entity ids)."""
    return [{**r, "participants": [p["person"] for p in r.get("participants", [])]} for r in rows]


def cmd_ingest(args: argparse.Namespace) -> int:
    from communique.job import ingest

    _inputs_exist(args.sources)

    report = ingest(
        [Path(s) for s in args.sources],
        db=args.db,
        site=args.site,
        workers=args.workers,
        max_bytes=args.max_bytes,
        progress=not args.quiet,
        resolve=not args.no_resolve,
        wait=args.wait,
    )
    print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1) if args.json else report.render())
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    from communique.job import resolve_database
    from communique.store import StoreError
    from communique.store.connect import describe, exists

    if not exists(args.db):  # resolving never creates a database
        where = describe(args.db)
        raise StoreError(f"no database at {where} (run `communique ingest SOURCE --db {where}` first)")
    try:
        report = resolve_database(args.db, progress=not args.quiet, wait=args.wait)
    except StoreError:
        raise
    except Exception as exc:  # noqa: BLE001  (rolled back: the pages stay pending; one line, no traceback)
        print(f"communique resolve: resolution failed, nothing was changed: {type(exc).__name__}: {exc}",
              file=sys.stderr)
        return 1
    print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1) if args.json else report.render())
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from communique.job import extract_file

    _inputs_exist([args.pages])
    with _writing(args.output):
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    report = extract_file(Path(args.pages), Path(args.output), db=args.db or None,
                          site=args.site, progress=not args.quiet)
    print(report.render(), file=sys.stderr)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from communique.evaluate import EvaluationError, evaluate, print_problems, render, to_json

    try:
        result = evaluate(Path(args.gold), Path(args.pages),
                          predictions_path=Path(args.output) if args.output else None,
                          db=args.db or None, site=args.site,
                          progress=not args.quiet, explain=args.explain)
    except EvaluationError as exc:  # a missing file, a bad line, a gold id without a page: one line, no traceback
        print(f"communique evaluate: {exc}", file=sys.stderr)
        return 2
    print_problems(result)
    print(to_json(result.scores) if args.json else render(result, Path(args.gold)))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    if not args.query.strip():  # the read model lists the newest articles then; a command line wants words
        raise UsageError(f"nothing to search for in {args.query!r}: give at least one word or number")
    with _open_existing(args) as store:
        found = store.read.search(args.query, limit=args.limit, site=args.site, date_from=args.date_from,
                                  date_to=args.date_to, include_duplicates=args.duplicates, aliases=args.aliases,
                                  sort=args.sort)
        hits = found["rows"]
    if args.json:
        textout.print_json(hits)
    else:
        if found.get("expanded"):
            print(f"also searched as {found['expanded']['name']}: {'; '.join(found['expanded']['aliases'])}\n")
        textout.print_hits(hits, args.query)
    return _found(len(hits), f"no articles match {args.query!r}")


def cmd_show(args: argparse.Namespace) -> int:
    with _open_existing(args) as store:
        article = store.read.article(args.id, facts=args.facts)
    if article is None:
        return _found(0, f"no article with id {args.id}")
    if args.json:
        textout.print_json(article)
    else:
        if args.facts:
            article["events"] = _participant_names(article["events"])
        textout.print_article(article, facts=args.facts)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    with _open_existing(args) as store:
        stats = store.read.stats()
    textout.print_json(stats) if args.json else textout.print_mapping(stats)
    return 0


def cmd_entity(args: argparse.Namespace) -> int:
    with _open_existing(args) as store:
        found = store.read.entity(_entity_id(store, args.name))
    if args.json:
        textout.print_json(found)
    else:
        textout.print_entity({**found, "aliases": [a["alias"] for a in found["aliases"]]})
    return 0


def cmd_who_held(args: argparse.Namespace) -> int:
    with _open_existing(args) as store:
        answer = store.read.who_held(args.post, org=args.org, on=args.on, include_all=args.all)
    if args.json:
        textout.print_json(answer)
    else:
        textout.print_verdict(answer)
    return _found(len(answer["rows"]), f"no holder of {args.post!r} known on {answer['on']}: {answer['reason']}")


def cmd_succession(args: argparse.Namespace) -> int:
    with _open_existing(args) as store:
        answer = store.read.succession(args.post, org=args.org, include_all=args.all)
    if args.json:
        textout.print_json(answer)
    else:
        textout.print_succession(answer)
    return _found(len(answer["rows"]), f"nobody is known to have held {args.post!r}"
                  + (f" in {args.org}" if args.org else ""))


def cmd_events(args: argparse.Namespace) -> int:
    with _open_existing(args) as store:
        entity_id = _entity_id(store, args.entity) if args.entity else None
        if args.type:
            known = [t["value"] for t in store.read.event_types()]
            if args.type not in known:
                raise UsageError(f"unknown event type {args.type!r}: one of {', '.join(sorted(known))}")
        rows = store.read.events(entity=entity_id, type=args.type, date_from=args.date_from, date_to=args.date_to,
                                 place=args.place, dated_only=bool(args.date_from or args.date_to),
                                 newest_first=False, limit=args.limit, mentions_limit=10, count=False)["rows"]
    if args.json:
        textout.print_json(rows)
    else:
        textout.print_events(rows)
    return _found(len(rows), "no events match")


def cmd_timeline(args: argparse.Namespace) -> int:
    with _open_existing(args) as store:
        entity_id = _entity_id(store, args.name)
        rows = store.read.timeline(entity_id, date_from=args.date_from, date_to=args.date_to, limit=None,
                                   newest_first=False)
    textout.print_json(rows) if args.json else textout.print_table(
        _participant_names(rows), ["date", "type", "status", "place", "participants", "source_count"])
    return _found(len(rows), f"no dated events of {args.name!r}" + (" in that period" if args.date_from or
                                                                       args.date_to else ""))


def cmd_figures(args: argparse.Namespace) -> int:
    with _open_existing(args) as store:
        table = store.read.figures_pivot(series=args.series, item=args.item) if args.pivot else None
        rows = table["rows"] if table else store.read.figures(series=args.series, item=args.item)
    if args.json:
        textout.print_json(rows)
    elif args.csv:
        textout.print_csv(rows)
    elif table:
        textout.print_pivot(table)
    else:
        textout.print_table(rows, ["year", "date", "series_name", "item", "value", "unit", "part_of_item",
                                   "article_id"])
    return _found(len(rows), "no figures match" + (f" the series {args.series!r}" if args.series else ""))


def cmd_archive(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError(f"--limit must be at least 1, not {args.limit}")
    with _open_existing(args) as store:
        read = store.read
        site = read.archive_site(args.site)
        if site is None:
            known = [s["site"] for s in read.archive_sites()]
            near = [s for s in known if args.site.strip().lower() in s] or known[:10]
            raise _NothingFound(f"no pages from site {args.site!r} in {args.db}"
                                + (f"; sites: {', '.join(near)}" if near else ""))
        if args.section is None:  # a year that is not one: QueryError, one line and status 2 (main)
            result = read.archive_sections(site, year=args.year)
        else:
            result = read.archive_section(site, args.section, year=args.year, limit=args.limit)
    if result is None:
        raise _NothingFound(f"site {site} has no section {args.section!r} (communique archive --site {site} lists "
                            "them)")
    if args.json:
        textout.print_json(result["rows"] if args.section is None else result)
    elif args.section is None:
        textout.print_archive_sections(result)
    else:
        textout.print_archive_section(result)
    return _found(len(result["rows"]), f"no articles in {site}" + (f" {args.section}" if args.section else "")
                  + (f" in {args.year}" if args.year else ""))


def cmd_export(args: argparse.Namespace) -> int:
    from communique.store.export import ExportError, export

    with _open_existing(args) as store, _writing(args.out):
        try:
            written = export(store.read, args.format, Path(args.out))
        except ExportError as exc:  # an output folder that cannot be made or written: one line
            raise UsageError(str(exc)) from None
    for path in written:
        print(path)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from communique.web.server import serve

    _open_existing(args).close()  # the checks and messages of every read command, before the server starts
    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers must be at least 1, not {args.workers}")
    if args.query_seconds is not None and args.query_seconds <= 0:
        raise UsageError(f"--query-seconds must be positive, not {args.query_seconds}")
    return serve(args.db, host=args.host, port=args.port, workers=args.workers, query_seconds=args.query_seconds)


def cmd_spark(args: argparse.Namespace) -> int:
    from communique.spark.job import run

    _inputs_exist(args.inputs)
    print(json.dumps(run(args.inputs, args.out, master=args.master, site=args.site), ensure_ascii=False))
    return 0


def cmd_crawl(args: argparse.Namespace) -> int:
    from communique.ingest.crawl import crawl, normalise

    if normalise(args.url) is None:
        raise UsageError(f"not an http(s) URL: {args.url!r}")
    with _writing(args.out):
        report = crawl(args.url, Path(args.out), max_pages=args.max_pages, delay=args.delay,
                       max_depth=args.max_depth, timeout=args.timeout)
    print(report.render())
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from communique.spark.load import LoadError, load

    _inputs_exist([args.dir])
    try:
        report = load(Path(args.dir), args.db)
    except LoadError as exc:  # not an output folder of `communique spark`: say so, no traceback
        raise UsageError(str(exc)) from None
    print(report.render())
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from communique.store.connect import describe, exists, upgrade_database


    if not exists(args.db):
        raise UsageError(f"no database at {describe(args.db)}: nothing to upgrade")
    applied, version = upgrade_database(args.db)
    print(f"{describe(args.db)}: schema version {version}" + (f" (applied {', '.join(applied)})" if applied else
                                                     " (up to date)"))
    return 0


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=os.environ.get("COMMUNIQUE_DB", DEFAULT_DB),
                   help="the database: a SQLite file path or a postgresql://USER@HOST/DB URL (default: "
                        "$COMMUNIQUE_DB, else communique.db)")


class _Parser(argparse.ArgumentParser):
    """argparse with the commands' convention for a bad command line: one line naming it, exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="communique", description=__doc__,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, handler: Callable[[argparse.Namespace], int], help: str,
                db: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(handler=handler)
        if db:
            _add_db(p)
        return p

    p = command("ingest", cmd_ingest, "read pages (dirs, .txt, .html, .jsonl, .warc/.wet) into the database")
    p.add_argument("sources", nargs="+")
    p.add_argument("--site", help="site name for files without a URL")
    p.add_argument("--workers", type=int, default=None, help="processes for per-page work (default: all cores)")
    p.add_argument("--max-bytes", type=int, default=None, help="skip inputs larger than this")
    p.add_argument("--no-resolve", action="store_true", help="skip cross-document resolution at the end")
    p.add_argument("--wait", type=float, default=None, metavar="SECONDS",
                   help="when another run is writing to the database, wait at most this long (default: until "
                        "it finishes); then stop before reading anything")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true")

    p = command("resolve", cmd_resolve, "link the stored pages not resolved yet (after --no-resolve or an "
                "interrupted run) to the knowledge base; every ingest also does this at its end")
    p.add_argument("--wait", type=float, default=None, metavar="SECONDS",
                   help="when another run is writing to the database, wait at most this long (default: until "
                        "it finishes)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true")

    p = command("extract", cmd_extract, "run the pipeline over a JSONL of pages and write predictions")
    p.add_argument("pages")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--site")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(db=None)

    p = command("evaluate", cmd_evaluate, "run the pipeline on annotated pages and score it against their gold "
                "(precision, recall, F1 per field; see docs/evaluate.md)")
    p.add_argument("gold", help="GOLD.jsonl: the annotations, one JSON object per page")
    p.add_argument("pages", help="PAGES.jsonl: the pages, one JSON object per page with the same ids")
    p.add_argument("--json", action="store_true", help="the scores as one JSON object (as score.py prints them)")
    p.add_argument("--explain", action="store_true", help="also what each page missed or added, per field")
    p.add_argument("-o", "--output", help="keep the predictions in this JSONL file")
    p.add_argument("--site")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(db=None)

    p = command("search", cmd_search, "full-text search over titles and bodies")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--site")
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
    p.add_argument("--duplicates", action="store_true", help="also list articles that duplicate another")
    p.add_argument("--sort", choices=["relevance", "date"], default="relevance",
                   help="best matches first (default), or newest publication date first")
    p.add_argument("--aliases", action="store_true",
                   help="a query naming an entity also finds its other spellings and scripts")
    p.add_argument("--json", action="store_true")

    p = command("show", cmd_show, "one article: title, date, body, teasers, duplicates, source")
    p.add_argument("id", type=int)
    p.add_argument("--facts", action="store_true", help="also the facts, highlighted in the text")
    p.add_argument("--json", action="store_true")

    p = command("stats", cmd_stats, "counts of pages, articles, duplicates, facts, entities")
    p.add_argument("--json", action="store_true")

    p = command("entity", cmd_entity, "a canonical entity: aliases, mentions, posts")
    p.add_argument("name")
    p.add_argument("--json", action="store_true")

    p = command("who-held", cmd_who_held, "who held POST in ORG on a date: one holder (or 'ambiguous', with the "
                "reason), which part of the tenure is evidenced and which inferred, and the evidence")
    p.add_argument("post")
    p.add_argument("--org")
    p.add_argument("--on", required=True, help="YYYY-MM-DD")
    p.add_argument("--all", action="store_true",
                   help="also the post's other holders, and the candidates set aside with the reason")
    p.add_argument("--json", action="store_true")

    p = command("succession", cmd_succession, "the holders of POST in ORG in order: from, to, acting, evidence")
    p.add_argument("post")
    p.add_argument("--org")
    p.add_argument("--all", action="store_true", help="also the candidates set aside, with the reason")
    p.add_argument("--json", action="store_true")

    p = command("events", cmd_events, "events across documents (meetings, visits, exercises …) with participants, "
                "place, the sentence and its source; dates YYYY, YYYY-MM or YYYY-MM-DD, inclusive")
    p.add_argument("--entity", help="only events this person, organisation or place took part in (a name)")
    p.add_argument("--type", help="meeting, visit, exercise, session, agreement, speech, operation …")
    p.add_argument("--from", dest="date_from", metavar="DATE")
    p.add_argument("--to", dest="date_to", metavar="DATE")
    p.add_argument("--place", help="a substring of the place")
    p.add_argument("--limit", type=int, default=200)
    p.add_argument("--json", action="store_true")

    p = command("timeline", cmd_timeline, "dated events involving an entity")
    p.add_argument("name")
    p.add_argument("--from", dest="date_from", metavar="DATE")
    p.add_argument("--to", dest="date_to", metavar="DATE")
    p.add_argument("--json", action="store_true")

    p = command("figures", cmd_figures, "reported figures by operation or exercise series, year and item")
    p.add_argument("--series", help="the series (operation or exercise name, e.g. Channel)")
    p.add_argument("--item", help="a substring of the item")
    p.add_argument("--pivot", action="store_true", help="a table item x year (--json: the rows it is made of)")
    p.add_argument("--csv", action="store_true")
    p.add_argument("--json", action="store_true")

    p = command("archive", cmd_archive, "browse a site's archive: its sections (from the URL paths) with their "
                "article counts, and within one its articles by date")
    p.add_argument("--site", required=True, help="the site's host (en.odkb-csto.org) or an address on it")
    p.add_argument("--section", help="a section's path (news/news_odkb; '' or / for the top of the site)")
    p.add_argument("--year", help="only articles published that year (YYYY)")
    p.add_argument("--limit", type=int, default=100, help="articles listed in a section (default: %(default)s)")
    p.add_argument("--json", action="store_true",
                   help="sections as rows {section, articles, …}; a section as {rows: articles, lists, years, …}")

    p = command("export", cmd_export, "write the knowledge base with the provenance of every fact: tables "
                "(articles, mentions, entities, posts, events, figures), a GraphML network or FollowTheMoney")
    p.add_argument("--format", required=True, choices=["jsonl", "csv", "parquet", "graphml", "ftm"])
    p.add_argument("--out", required=True, help="the folder to write into (made when missing)")

    p = command("serve", cmd_serve, "web UI and JSON API (read-only)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=None,
                   help="server processes (default: all cores; each also answers requests on a pool of threads)")
    p.add_argument("--query-seconds", type=float, default=None, metavar="SECONDS",
                   help="a request's database queries are cancelled after this long, answered 503 (default 10)")

    p = command("spark", cmd_spark, "run the per-page pipeline on Apache Spark, writing Parquet")
    p.add_argument("inputs", nargs="+")
    p.add_argument("--out", required=True)
    p.add_argument("--master", default="local[*]")
    p.add_argument("--site")

    p = command("load", cmd_load, "load a Spark output folder into the database and resolve")
    p.add_argument("dir")

    command("migrate", cmd_migrate, "upgrade a database written by an older communique to this one's schema")

    # The crawl only writes a WARC file; `communique ingest` reads it into a database.
    p = command("crawl", cmd_crawl, "politely crawl one site (robots.txt, rate limit) into a WARC file", db=False)
    p.add_argument("url")
    p.add_argument("--out", required=True, help="WARC file to write (.warc or .warc.gz)")
    p.add_argument("--max-pages", type=int, default=100)
    p.add_argument("--delay", type=float, default=1.0, help="seconds between requests (at least)")
    p.add_argument("--max-depth", type=int, default=10, help="links followed at most this many hops from URL")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds for a whole response")
    return parser


def main(argv: list[str] | None = None) -> int:
    from communique.store.errors import QueryError, StoreError

    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (UsageError, QueryError, StoreError) as exc:
        # a bad value (a date, a limit, a path, an output), or a database that cannot be opened, is busy or
        # refused: one line, no traceback
        print(f"communique: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except _NothingFound as exc:
        print(f"communique: {exc}", file=sys.stderr)
        return EXIT_NOTHING_FOUND
    except KeyboardInterrupt:
        print("communique: interrupted; committed work is kept", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
