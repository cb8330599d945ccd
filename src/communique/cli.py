"""The `communique` command: argument parsing and wiring only; each command calls one stage."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from communique import textout

DEFAULT_DB = "communique.db"


def _db(args: argparse.Namespace) -> Path:
    return Path(args.db)


def _open_existing(args: argparse.Namespace):
    from communique.store.sqlite import Store, StoreError

    path = _db(args)
    if not path.exists():
        raise SystemExit(f"communique: no database at {path} (run `communique ingest SOURCE --db {path}` first)")
    try:
        return Store(path, readonly=True)
    except StoreError as exc:  # not a database, or not ours: a message, not a traceback
        raise SystemExit(f"communique: {exc}") from exc


def cmd_ingest(args: argparse.Namespace) -> int:
    from communique.job import ingest

    report = ingest(
        [Path(s) for s in args.sources],
        db=_db(args),
        site=args.site,
        workers=args.workers,
        max_bytes=args.max_bytes,
        progress=not args.quiet,
        resolve=not args.no_resolve,
    )
    print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1) if args.json else report.render())
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from communique.job import extract_file

    report = extract_file(Path(args.pages), Path(args.output), db=Path(args.db) if args.db else None,
                          site=args.site, progress=not args.quiet)
    print(report.render(), file=sys.stderr)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    with _open_existing(args) as store:
        try:
            hits = store.search(args.query, limit=args.limit, site=args.site,
                                date_from=args.date_from, date_to=args.date_to)
        except ValueError as exc:  # a query with no words, a bad date or limit: say so, no traceback
            print(f"communique: {exc}", file=sys.stderr)
            return 2
    if args.json:
        textout.print_json(hits)
    else:
        textout.print_hits(hits, args.query)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with _open_existing(args) as store:
        article = store.article(args.id, facts=args.facts)
    if article is None:
        print(f"communique: no article with id {args.id}", file=sys.stderr)
        return 1
    if args.json:
        textout.print_json(article)
    else:
        textout.print_article(article, facts=args.facts)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    with _open_existing(args) as store:
        stats = store.stats()
    textout.print_json(stats) if args.json else textout.print_mapping(stats)
    return 0


def cmd_entity(args: argparse.Namespace) -> int:
    from communique.resolve import queries

    with _open_existing(args) as store:
        found = queries.entity(store.conn, args.name)
    if found is None:
        print(f"communique: no entity matches {args.name!r}", file=sys.stderr)
        return 1
    textout.print_json(found) if args.json else textout.print_entity(found)
    return 0


def cmd_who_held(args: argparse.Namespace) -> int:
    from communique.resolve import queries

    with _open_existing(args) as store:
        answers = queries.who_held(store.conn, args.post, org=args.org, on=args.on)
    if args.json:
        textout.print_json(answers)
    else:
        textout.print_answers(answers)
    return 0 if answers else 1


def cmd_timeline(args: argparse.Namespace) -> int:
    from communique.resolve import queries

    with _open_existing(args) as store:
        rows = queries.timeline(store.conn, args.name, date_from=args.date_from, date_to=args.date_to)
    textout.print_json(rows) if args.json else textout.print_table(
        rows, ["date", "type", "status", "place", "participants", "sources"])
    return 0


def cmd_figures(args: argparse.Namespace) -> int:
    from communique.resolve import queries

    with _open_existing(args) as store:
        rows = queries.figures(store.conn, series=args.series, item=args.item)
    if args.json:
        textout.print_json(rows)
    elif args.csv:
        textout.print_csv(rows)
    else:
        textout.print_table(rows, ["year", "date", "series", "event", "item", "value", "unit", "article_id"])
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from communique.store.export import export

    with _open_existing(args) as store:
        written = export(store.conn, args.format, Path(args.out))
    for path in written:
        print(path)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from communique.web.app import create_app

    if not _db(args).exists():
        raise SystemExit(f"communique: no database at {_db(args)}")
    uvicorn.run(create_app(_db(args)), host=args.host, port=args.port, log_level="warning")
    return 0


def cmd_spark(args: argparse.Namespace) -> int:
    from communique.spark.job import run

    print(json.dumps(run(args.inputs, args.out, master=args.master, site=args.site), ensure_ascii=False))
    return 0


def cmd_crawl(args: argparse.Namespace) -> int:
    from communique.ingest.crawl import crawl

    report = crawl(args.url, Path(args.out), max_pages=args.max_pages, delay=args.delay, max_depth=args.max_depth,
                   timeout=args.timeout)
    print(report.render())
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from communique.spark.load import load

    report = load(Path(args.dir), _db(args))
    print(report.render())
    return 0


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=os.environ.get("COMMUNIQUE_DB", DEFAULT_DB),
                   help="SQLite database file (default: %(default)s)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="communique", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

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
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true")

    p = command("extract", cmd_extract, "run the pipeline over a JSONL of pages and write predictions")
    p.add_argument("pages")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--site")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(db=None)

    p = command("search", cmd_search, "full-text search over titles and bodies")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--site")
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
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

    p = command("who-held", cmd_who_held, "who held POST in ORG on a date, with evidence")
    p.add_argument("post")
    p.add_argument("--org")
    p.add_argument("--on", required=True, help="YYYY-MM-DD")
    p.add_argument("--json", action="store_true")

    p = command("timeline", cmd_timeline, "dated events involving an entity")
    p.add_argument("name")
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
    p.add_argument("--json", action="store_true")

    p = command("figures", cmd_figures, "reported figures by operation series and item")
    p.add_argument("--series")
    p.add_argument("--item")
    p.add_argument("--csv", action="store_true")
    p.add_argument("--json", action="store_true")

    p = command("export", cmd_export, "write articles, entities, posts, events, figures")
    p.add_argument("--format", required=True, choices=["jsonl", "csv", "parquet", "graphml", "ftm"])
    p.add_argument("--out", required=True)

    p = command("serve", cmd_serve, "web UI and JSON API (read-only)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)

    p = command("spark", cmd_spark, "run the per-page pipeline on Apache Spark, writing Parquet")
    p.add_argument("inputs", nargs="+")
    p.add_argument("--out", required=True)
    p.add_argument("--master", default="local[*]")
    p.add_argument("--site")

    p = command("load", cmd_load, "load a Spark output folder into the database and resolve")
    p.add_argument("dir")

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
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        print("communique: interrupted; committed work is kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
