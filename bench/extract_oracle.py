"""Extraction quality with cleaning taken out of the picture: the pipeline runs on the gold bodies.

usage: python bench/extract_oracle.py [GOLD_DIR ...] [--explain]
Prints one JSON line per gold set with score.py's numbers. Run from the repository root with ../shared beside it.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from communique import config
from communique.document import Article, Page
from communique.extract.prediction import to_prediction
from communique.pipeline import Pipeline

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def oracle_article(page: dict, gold: dict) -> Article:
    published = dt.date.fromisoformat(gold["published"]) if gold.get("published") else None
    p = Page(text=page["text"], source="gold", url=page.get("url"), site=page.get("site") or "",
             external_id=page["id"], lang=page.get("lang"))
    return Article(page=p, title=gold.get("title"), published=published, body=list(gold.get("body") or []))


def main(argv: list[str]) -> None:
    explain = "--explain" in argv
    dirs = [Path(a) for a in argv if not a.startswith("--")] or sorted(
        p.parent for p in (SHARED / "gold").glob("*/gold.jsonl"))
    cfg = config.load()
    nlp = Pipeline(cfg["pipeline"], cfg)
    for d in dirs:
        pages = {json.loads(x)["id"]: json.loads(x) for x in open(d / "pages.jsonl", encoding="utf-8")}
        golds = [json.loads(x) for x in open(d / "gold.jsonl", encoding="utf-8")]
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
            for g in golds:
                art = nlp(oracle_article(pages[g["id"]], g))
                out.write(json.dumps(to_prediction(art, g["id"]), ensure_ascii=False, default=str) + "\n")
        cmd = [sys.executable, str(SHARED / "tools" / "score.py"), str(d / "gold.jsonl"), out.name]
        res = subprocess.run(cmd + (["--explain"] if explain else []), capture_output=True, text=True, check=True)
        if explain:
            print(res.stdout)
        else:
            r = json.loads(res.stdout)
            print(json.dumps({"set": d.name, **{k: (v["f1"] if isinstance(v, dict) else v) for k, v in r.items()}}))


if __name__ == "__main__":
    main(sys.argv[1:])
