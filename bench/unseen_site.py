"""The first page of a site nobody has seen: every gold set scored as `communique extract` reads it and as cold pages.

usage: python bench/unseen_site.py [GOLD_ROOT] [--sets seeds,dev,...]
Prints one JSON line {"<set>": {"extract": F, "cold": F, "cold_open": F}, ..., "all": {...}} where F maps
body/title/date and every fact field to its score (as ../shared/tools/score.py computes them):

- extract: as ``communique extract`` reads the file: site models and the corpus lexicon learned from every
  page of the file first, so a page's siblings on the same site teach its boilerplate and names.
- cold: each page alone, as if it were the first page ever seen of its site: the site model and the corpus
  lexicon learned from that one page only. What a user gets on a site no crawl has taught communique.
- cold_open: cold, and every gazetteer entry that names one of the page's gold entities removed as well (see
  bench/open_vocab.py): an unseen site reporting names nobody listed.

The gap between extract and cold_open is the product's dependence on what it has seen of a site.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from communique import config
from communique.document import Page
from communique.evaluate import read_gold, score
from communique.extract import gazetteer as gz
from communique.extract.prediction import to_prediction
from communique.ingest.sources import read_sources
from communique.job import learn_models
from communique.pipeline import Pipeline
from communique.process import process_page

sys.path.insert(0, str(Path(__file__).resolve().parent))
from open_vocab import gold_names  # noqa: E402  (one definition of "the page's names")

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FACTS = ("people", "orgs", "places", "roles", "events", "figures")
MODES = ("extract", "cold", "cold_open")


def _pages(path: Path) -> list[Page]:
    cfg = config.load()
    return [p for p in read_sources([path], None, cfg["max_page_bytes"], cfg["max_html_bytes"])
            if isinstance(p, Page)]


def predict(pages: list[Page], mode: str, golds: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Predictions by page id for one mode (see the module docstring)."""
    cfg = config.load()
    out: dict[str, dict[str, Any]] = {}
    if mode == "extract":
        models, learned = learn_models(pages, cfg)
        pipeline = Pipeline(learned["pipeline"], learned)
        for page in pages:
            pid = page.external_id or page.source
            out[pid] = to_prediction(process_page(page, models.get(page.site), pipeline), pid)
        return out
    for page in pages:
        pid = page.external_id or page.source
        models, learned = learn_models([page], cfg)
        pipeline = Pipeline(learned["pipeline"], learned)
        names = gold_names(golds.get(pid, {})) if mode == "cold_open" else ()
        with gz.without_names(names):
            out[pid] = to_prediction(process_page(page, models.get(page.site), pipeline), pid)
    return out


def _summary(result: dict[str, Any]) -> dict[str, float]:
    row = {
        "body": result["body_token_f1"],
        "title": result["title_accuracy"],
        "date": result["published_accuracy"],
    }
    row.update({f: result[f]["f1"] for f in FACTS})
    return row


def main(argv: list[str]) -> None:
    sets_arg = None
    if "--sets" in argv:
        i = argv.index("--sets")
        sets_arg = set(argv[i + 1].split(","))
        argv = argv[:i] + argv[i + 2 :]
    root = Path(argv[0]) if argv else SHARED / "gold"
    gold_files = [g for g in sorted(root.glob("*/gold.jsonl")) if not sets_arg or g.parent.name in sets_arg]
    if not gold_files:
        print(json.dumps({"skipped": f"no gold sets under {root}"}))
        return
    result: dict[str, Any] = {}
    every: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {m: ({}, {}) for m in MODES}
    for gold_file in gold_files:
        name = gold_file.parent.name
        golds = read_gold(gold_file)
        pages = _pages(gold_file.parent / "pages.jsonl")
        result[name] = {}
        for mode in MODES:
            preds = predict(pages, mode, golds)
            result[name][mode] = _summary(score(golds, preds))
            every[mode][0].update({f"{name}/{k}": v for k, v in golds.items()})
            every[mode][1].update({f"{name}/{k}": v for k, v in preds.items()})
    result["all"] = {mode: _summary(score(*every[mode])) for mode in MODES}
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
