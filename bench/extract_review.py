"""Eyeball events and figures on unlabelled pages: per page the predicted events and figures beside
the sentences they came from, then one JSON summary line.

    .venv/bin/communique extract ../shared/corpus/third_party.jsonl -o /tmp/tp.pred.jsonl
    python bench/extract_review.py /tmp/tp.pred.jsonl [--pages ../shared/corpus/third_party.jsonl]
                                   [--ids ID,ID] [--first N] [--sample N --seed S] [--held]
                                   [--quiet] [--out NEW.pred.jsonl]

The prediction file gives the cleaned article (title, publication date, body), so cleaning is held
fixed and only the extraction components run again: review before and after a change to dates,
events or figures on the same bodies. ``--pages`` supplies each page's language. The summary counts
what is worth a second look: held events dated more than a year away from publication, events
without a date, figures whose item is empty or is a word that is never a counted thing.

Held-event precision is measured by hand: ``--sample N --seed S --held`` prints the held events of N pages
drawn at random (the same pages for the same seed and prediction file) with a number each, to be judged
correct or not against the sentence; docs/events.md records the judged numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter

from communique import config
from communique.document import Article, Page
from communique.extract.prediction import to_prediction
from communique.pipeline import Pipeline

# items that name no counted thing: the number was a date, a score or a rank
ODD_ITEMS = {"", "votes", "time", "times", "people's", "year", "years", "per", "percent"}


def _short(s: str, n: int = 150) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _article(pred: dict, page: dict | None) -> Article:
    published = dt.date.fromisoformat(pred["published"]) if pred.get("published") else None
    p = Page(text=(page or {}).get("text", ""), source="review", url=(page or {}).get("url"),
             external_id=pred["id"], lang=(page or {}).get("lang"))
    return Article(page=p, title=pred.get("title"), published=published, body=list(pred.get("body") or []))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("pred")
    ap.add_argument("--pages")
    ap.add_argument("--ids")
    ap.add_argument("--first", type=int)
    ap.add_argument("--sample", type=int, help="N pages with a body, drawn at random")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--held", action="store_true", help="print held events only, numbered, no figures")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()
    preds = [json.loads(x) for x in open(args.pred, encoding="utf-8")]
    pages = {}
    if args.pages:
        pages = {json.loads(x)["id"]: json.loads(x) for x in open(args.pages, encoding="utf-8")}
    if args.ids:
        wanted = set(args.ids.split(","))
        preds = [p for p in preds if p["id"] in wanted]
    if args.first:
        preds = preds[: args.first]
    if args.sample:
        import random

        with_body = [p for p in preds if p.get("body")]
        preds = random.Random(args.seed).sample(with_body, min(args.sample, len(with_body)))
    cfg = config.load()
    nlp = Pipeline(cfg["pipeline"], cfg)
    out = open(args.out, "w", encoding="utf-8") if args.out else None
    stats: Counter = Counter()
    for pred in preds:
        if not pred.get("body"):
            stats["pages_without_body"] += 1
            continue
        art = nlp(_article(pred, pages.get(pred["id"])))
        if out:
            out.write(json.dumps(to_prediction(art, pred["id"]), ensure_ascii=False, default=str) + "\n")
        stats["pages"] += 1
        pub = art.published
        if not args.quiet:
            print(f"=== {pred['id']}  {pub}  {_short(art.title or '', 120)}")
        for ev in art.events:
            stats[f"events_{ev.status}"] += 1
            if args.held:
                if ev.status == "held":
                    stats["held_listed"] += 1
                    print(f"  #{stats['held_listed']} {ev.type:9} {ev.date} @{ev.place} {ev.participants} "
                          f"[{ev.trigger}]{' T' if ev.in_title else ''}\n      | {_short(ev.sentence, 220)}")
                continue
            far = ev.date and pub and abs((ev.date - pub).days) > 366
            if ev.status == "held" and far:
                stats["held_far_from_publication"] += 1
            if ev.status == "held" and ev.date is None:
                stats["held_without_date"] += 1
            if not args.quiet:
                flag = " !FAR" if far else ""
                print(f"  EV {ev.type:9} {ev.status:7} {ev.date} {ev.end_date or ''} @{ev.place} "
                      f"{ev.participants} [{ev.trigger}]{' T' if ev.in_title else ''}{flag}")
                print(f"      | {_short(ev.sentence)}")
        for fig in art.figures:
            if args.held:
                break
            stats["figures"] += 1
            odd = (fig.item or "").lower() in ODD_ITEMS
            stats["figures_odd_item"] += odd
            if not args.quiet:
                print(f"  FIG {fig.value:g} {fig.unit or ''} «{fig.item}» ({fig.qualifier or ''})"
                      f"{' !ODD' if odd else ''}  <{fig.text}>")
                print(f"      | {_short(fig.sentence)}")
    if out:
        out.close()
    print(json.dumps(dict(sorted(stats.items()))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
