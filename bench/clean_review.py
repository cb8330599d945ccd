"""Eyeball the cleaner on unlabelled pages: per page the title, date (and where it came
from), first and last body lines and the dropped lines; then one JSON summary line.

    python bench/clean_review.py [--file csto_en|csto_ru|third_party|seeds] [--site HOST]
                                 [--alone] [--quiet] [--annotate] [--id ID]

The model learns from all of ../shared/corpus and ../shared/seeds (``--alone``: each page
cleaned by itself, as a site's first page would be). The summary counts pages without a
title, a date or a body, per file, which is what to look at after each change.
``--annotate`` prints every line of the page instead, tagged with what the cleaner made of it
(T title, B body, X teaser, C caption, S signature, - dropped with its reason).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from clean_quality import SHARED, read_pages  # noqa: E402

from communique.clean.segment import clean_batch  # noqa: E402
from communique.clean.site_model import SiteModel  # noqa: E402
from communique.document import Page  # noqa: E402


def _short(s: str, n: int = 110) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _fate(text: str, art) -> str:
    """What the cleaner made of one line of the page (by text: good enough to read a page);
    a whole paragraph equal to the line first, then a paragraph that holds it."""
    for exact in (True, False):
        def has(texts, exact=exact) -> bool:
            return any((text == t) if exact else (text in t) for t in texts if t)
        if exact and art.title and text == art.title:
            return "T"
        if has(art.body):
            return "B"
        if has([t.title for t in art.teasers]) or has([p for t in art.teasers for p in t.text.split("\n\n")]):
            return "X"
        if has(art.captions):
            return "C"
        if has(art.signature):
            return "S"
        if has([line for line, _ in art.dropped]):
            return "-" + next(why for line, why in art.dropped if line and (text == line if exact else line in text))
    return "?"


def _annotate(page: Page, art) -> None:
    from communique.clean.layout import split_lines

    for line in split_lines(page.text):
        print(f"  {_fate(line.text, art):14.14} {'_' * min(line.gap, 3):3} {_short(line.text, 120)}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--file")
    ap.add_argument("--site")
    ap.add_argument("--alone", action="store_true")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--annotate", action="store_true", help="every line of the page with its fate")
    ap.add_argument("--id", help="only the page with this id")
    args = ap.parse_args()
    if not (SHARED / "corpus").exists():
        print(json.dumps({"skipped": "no ../shared/corpus"}))
        return 0
    groups: dict[str, list[Page]] = {}
    for f in sorted((SHARED / "corpus").glob("*.jsonl")):
        groups[f.stem] = read_pages(f)
    groups["seeds"] = [Page(text=f.read_text(encoding="utf-8"), source=str(f), site="en.odkb-csto.org")
                       for f in sorted((SHARED / "seeds").glob("*.txt"))]
    everything = [p for ps in groups.values() for p in ps]
    models: dict[str, SiteModel] = {}
    if not args.alone:
        for p in everything:
            models.setdefault(p.site, SiteModel(p.site)).observe(p)
    summary: dict[str, Counter] = {}
    for name, pages in groups.items():
        c = summary.setdefault(name, Counter())
        for p in pages:
            if args.alone:
                art = clean_batch([p])[0]
            else:
                art = clean_batch([p], lambda s: models[s])[0]
            c["pages"] += 1
            c["no_title"] += art.title is None
            c["no_date"] += art.published is None
            c["no_body"] += not art.body
            c[f"date_from:{art.published_from}"] += 1
            if (args.file and name != args.file) or (args.site and p.site != args.site) or args.quiet \
                    or (args.id and p.external_id != args.id):
                continue
            print(f"=== {p.external_id or p.source} {p.url or ''}")
            print(f"  TITLE {art.title!r}")
            print(f"  DATE  {art.published} ({art.published_from})")
            if args.annotate:
                _annotate(p, art)
                continue
            if art.body:
                print(f"  BODY[0] {_short(art.body[0])}")
                if len(art.body) > 1:
                    print(f"  BODY[-1] ({len(art.body)}) {_short(art.body[-1])}")
            for t in art.teasers[:4]:
                print(f"  TEASER {t.date} {_short(t.text, 80)}")
            for text, why in art.dropped:
                print(f"  DROP {why}: {_short(text, 90)}")
            for t in art.captions:
                print(f"  CAPT {_short(t, 90)}")
            for t in art.signature:
                print(f"  SIGN {_short(t, 90)}")
    print(json.dumps({k: dict(v) for k, v in summary.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
