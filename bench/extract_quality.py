"""Extraction quality, communique against bare spaCy NER, on all of ../shared/gold/ in one run.

usage: python bench/extract_quality.py [GOLD_ROOT]
Prints one JSON line {"communique": SCORES, "spacy_raw": SCORES}, SCORES as ../shared/tools/score.py prints
them over every gold set together. communique = cleaning + the extraction pipeline, with what the first
pass learns (site models, corpus lexicon); spacy_raw = what a user gets without communique: spaCy's NER
over the raw page (PERSON -> people, ORG -> orgs, GPE/LOC -> places, every non-empty line as the body).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from communique import config
from communique.document import Page
from communique.extract.nlp import load_model
from communique.extract.prediction import to_prediction
from communique.ingest.sources import site_of_url
from communique.job import learn_models
from communique.pipeline import Pipeline
from communique.process import process_page

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def read_gold(root: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(pages, gold records) of every gold set under root."""
    pages, golds = [], []
    for gold_file in sorted(root.glob("*/gold.jsonl")):
        with open(gold_file.parent / "pages.jsonl", encoding="utf-8") as f:
            pages += [json.loads(line) for line in f if line.strip()]
        with open(gold_file, encoding="utf-8") as f:
            golds += [json.loads(line) for line in f if line.strip()]
    return pages, golds


def to_pages(records: list[dict[str, Any]]) -> list[Page]:
    return [
        Page(
            text=r["text"],
            source=f"gold:{r['id']}",
            url=r.get("url"),
            site=site_of_url(r.get("url")) or "",
            external_id=r["id"],
            lang=r.get("lang"),
        )
        for r in records
    ]


def communique_predictions(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """As ``communique extract`` makes them: the site models and the corpus lexicon learned from every page
    first (job.learn_models), then each page cleaned and extracted."""
    pages = to_pages(records)
    models, cfg = learn_models(pages, config.load())
    nlp = Pipeline(cfg["pipeline"], cfg)
    return [
        to_prediction(process_page(p, models.get(p.site), nlp), r["id"])
        for p, r in zip(pages, records, strict=True)
    ]


def spacy_raw_prediction(nlp: Any, record: dict[str, Any]) -> dict[str, Any]:
    doc = nlp(record["text"])

    def ents(*labels: str) -> list[str]:
        return list(dict.fromkeys(e.text for e in doc.ents if e.label_ in labels))

    return {
        "id": record["id"],
        "title": None,
        "published": None,
        "body": [line.strip() for line in record["text"].splitlines() if line.strip()],
        "people": ents("PERSON"),
        "orgs": ents("ORG"),
        "places": ents("GPE", "LOC"),
        "roles": [],
        "events": [],
        "figures": [],
    }


def score(gold_path: str, predictions: list[dict[str, Any]]) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
        for p in predictions:
            out.write(json.dumps(p, ensure_ascii=False, default=str) + "\n")
    cmd = [sys.executable, str(SHARED / "tools" / "score.py"), gold_path, out.name]
    return json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)


def main(argv: list[str]) -> None:
    root = Path(argv[0]) if argv else SHARED / "gold"
    records, golds = read_gold(root)
    if not records:
        sys.exit(f"no gold sets under {root}")
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as gold_all:
        for g in golds:
            gold_all.write(json.dumps(g, ensure_ascii=False) + "\n")
    model = load_model()
    result = {
        "communique": score(gold_all.name, communique_predictions(records)),
        "spacy_raw": score(gold_all.name, [spacy_raw_prediction(model, r) for r in records]),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
