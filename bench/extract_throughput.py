"""Throughput: the full pipeline (cleaning + extraction) against bare spaCy NER over the same raw pages.

usage: python bench/extract_throughput.py [PAGES.jsonl ...] [--repeat N]
Prints one JSON line {"communique_pages_per_s": a, "spacy_raw_pages_per_s": b, "ratio": a/b, "cpu_ratio": c, ...}.
By default the pages are every ../shared/gold/*/pages.jsonl. Both sides use the same loaded spaCy model, one
call per page; model loading and pipeline construction are outside the timings. `ratio` is from wall-clock
time; `cpu_ratio` from this process's CPU time, which other processes on a busy machine do not inflate (the
figure to trust when the machine is shared).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from communique import config
from communique.clean.segment import clean_batch
from communique.document import Page
from communique.extract.nlp import load_model
from communique.extract.prediction import to_prediction
from communique.ingest.sources import site_of_url
from communique.pipeline import Pipeline

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def read_pages(paths: list[Path]) -> list[dict[str, Any]]:
    out = []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            out += [json.loads(line) for line in f if line.strip()]
    return out


def main(argv: list[str]) -> None:
    repeat = 1
    if "--repeat" in argv:
        i = argv.index("--repeat")
        repeat = int(argv[i + 1])
        argv = argv[:i] + argv[i + 2 :]
    paths = [Path(a) for a in argv] or sorted((SHARED / "gold").glob("*/pages.jsonl"))
    records = read_pages(paths) * repeat
    if not records:
        sys.exit("no pages")
    cfg = config.load()
    nlp = Pipeline(cfg["pipeline"], cfg)
    model = load_model()
    model("warm up")
    # Models load lazily on first use (natasha's on the first Russian page, the parser on the first
    # event sentence): one page of each language first keeps loading out of the timing, as the docstring says.
    firsts = {r.get("lang") or "en": r for r in reversed(records)}
    warm = [Page(text=r["text"], source="bench:warm", url=r.get("url"), lang=r.get("lang")) for r in firsts.values()]
    for article in clean_batch(warm):
        nlp(article)

    t0, c0 = time.perf_counter(), time.process_time()
    pages = [
        Page(
            text=r["text"],
            source=f"bench:{i}",
            url=r.get("url"),
            site=site_of_url(r.get("url")) or "",
            external_id=r.get("id"),
            lang=r.get("lang"),
        )
        for i, r in enumerate(records)
    ]
    for article, r in zip(clean_batch(pages), records, strict=True):
        to_prediction(nlp(article), r.get("id") or "")
    ours = len(records) / (time.perf_counter() - t0)
    ours_cpu = len(records) / (time.process_time() - c0)

    t0, c0 = time.perf_counter(), time.process_time()
    for r in records:
        doc = model(r["text"])
        [(e.text, e.label_) for e in doc.ents]
    raw = len(records) / (time.perf_counter() - t0)
    raw_cpu = len(records) / (time.process_time() - c0)
    print(
        json.dumps(
            {
                "communique_pages_per_s": round(ours, 2),
                "spacy_raw_pages_per_s": round(raw, 2),
                "ratio": round(ours / raw, 3),
                "cpu_ratio": round(ours_cpu / raw_cpu, 3),
                "pages": len(records),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
