"""How much extraction depends on lists: every gold set scored twice, the second time without the page's names.

usage: python bench/open_vocab.py [GOLD_ROOT] [--sets seeds,dev,...] [--dump DIR]
Prints one JSON line:
  {"<set>": {"normal": {"people": f1, "orgs": f1, "places": f1, "roles": f1},
             "open":   {"people": f1, "orgs": f1, "places": f1, "roles": f1},
             "open_recall": {...}, "unlisted_recall": {"people": r, "orgs": r, "places": r},
             "unlisted": {"people": n, "orgs": n, "places": n}},
   ..., "all": {... the same over every set ...}}

- normal: as ``communique extract`` gives it (site models and the corpus lexicon learned from the whole
  file first; scored by ../shared/tools/score.py).
- open: each page extracted with every gazetteer entry that names one of the page's gold entities
  (people, organisations, places, post organisations) removed (``gazetteer.without_names``): what the
  page would give if nobody had listed its names. The gap between the two is the product's dependence on
  lists.
- unlisted_recall: in the open run, the recall of the gold entities whose names occur on no other page
  of ../shared (corpus, gold pages, seeds): names nobody listed and no other page teaches either — the
  closest this repository can come to "names that occur nowhere in ../shared" on pages kept apart.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from communique import config
from communique.document import Page
from communique.extract import gazetteer as gz
from communique.extract.prediction import to_prediction
from communique.ingest.sources import read_sources
from communique.job import learn_models
from communique.pipeline import Pipeline
from communique.process import process_page

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FIELDS = ("people", "orgs", "places", "roles")
NAMED = ("people", "orgs", "places")


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _spellings(entry: Any) -> list[str]:
    if entry is None:
        return []
    return [x for x in entry if x] if isinstance(entry, list) else [entry]


def gold_names(gold: dict[str, Any]) -> set[str]:
    """Every spelling of every entity the gold record names (people, organisations, places, post orgs)."""
    out: set[str] = set()
    for field in NAMED:
        for entry in gold.get(field) or []:
            out.update(_spellings(entry))
    for role in gold.get("roles") or []:
        out.update(_spellings(role.get("org")))
    return out


def predict(pages_jsonl: Path, exclude: Callable[[str], Iterable[str]] | None = None) -> list[dict[str, Any]]:
    """Predictions for every page of the file, as ``communique extract`` makes them; with ``exclude``,
    each page is read by a gazetteer without the names ``exclude(page id)`` gives."""
    cfg = config.load()
    pages = [p for p in read_sources([pages_jsonl], None, cfg["max_page_bytes"], cfg["max_html_bytes"])
             if isinstance(p, Page)]
    models, cfg = learn_models(pages, cfg)
    pipeline = Pipeline(cfg["pipeline"], cfg)
    out = []
    for page in pages:
        page_id = page.external_id or page.source
        with gz.without_names(exclude(page_id) if exclude else ()):
            article = process_page(page, models.get(page.site), pipeline)
        out.append(to_prediction(article, page_id))
    return out


def _score(score: Any, golds: dict[str, Any], preds: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """score.py's per-field counts (tp, gold, pred) over the pages."""
    counts = {f: [0, 0, 0] for f in FIELDS}
    by_id = {p["id"]: p for p in preds}
    for pid, g in golds.items():
        p = by_id.get(pid, {})
        for f in FIELDS:
            gold, pred = g.get(f) or [], p.get(f) or []
            if f == "roles":
                eq = score.role_eq
            elif f == "people":
                def eq(a: Any, b: Any) -> bool:
                    return score.name_match(a, b, person=True)
            else:
                eq = score.name_match
            tp, _, _ = score.match_sets(gold, pred, eq)
            counts[f][0] += tp
            counts[f][1] += len(gold)
            counts[f][2] += len(pred)
    return {f: score.prf(*c) for f, c in counts.items()}


def _other_texts() -> list[tuple[str, str, str]]:
    """(id, url, normalised text) of every page in ../shared."""
    score = _scorer()
    out = []
    for path in sorted(SHARED.glob("corpus/*.jsonl")) + sorted(SHARED.glob("gold/*/pages.jsonl")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    out.append((r.get("id") or "", r.get("url") or "", f" {score.norm(r.get('text'))} "))
    for path in sorted(SHARED.glob("seeds/*")):
        out.append((path.stem, "", f" {score.norm(path.read_text(encoding='utf-8', errors='replace'))} "))
    return out


def unlisted(gold: dict[str, Any], page: dict[str, Any], others: list[tuple[str, str, str]]) -> dict[str, list]:
    """The page's gold entities (per field) whose spellings occur on no other page of ../shared."""
    score = _scorer()
    texts = [t for i, u, t in others if i != page["id"] and not (u and u == page.get("url"))]
    out: dict[str, list] = {f: [] for f in NAMED}
    for field in NAMED:
        for entry in gold.get(field) or []:
            keys = [f" {k} " for k in (score.norm(s) for s in _spellings(entry)) if len(k) >= 3]
            if field == "people":  # a person is named elsewhere when the surname is
                keys = [f" {k.split()[-1]} " for k in keys]
            if keys and not any(k in t for t in texts for k in keys):
                out[field].append(entry)
    return out


def main(argv: list[str]) -> None:
    sets_arg = None
    if "--sets" in argv:
        i = argv.index("--sets")
        sets_arg = set(argv[i + 1].split(","))
        argv = argv[:i] + argv[i + 2 :]
    dump = None  # a folder for the predictions (<set>.normal.jsonl, <set>.open.jsonl), to read with score.py
    if "--dump" in argv:
        i = argv.index("--dump")
        dump = Path(argv[i + 1])
        argv = argv[:i] + argv[i + 2 :]
    root = Path(argv[0]) if argv else SHARED / "gold"
    score = _scorer()
    others = _other_texts()
    result: dict[str, Any] = {}
    totals = {k: {f: [0, 0, 0] for f in FIELDS} for k in ("normal", "open")}
    unl_total = {f: [0, 0] for f in NAMED}
    for gold_file in sorted(root.glob("*/gold.jsonl")):
        name = gold_file.parent.name
        if sets_arg and name not in sets_arg:
            continue
        pages_file = gold_file.parent / "pages.jsonl"
        with open(gold_file, encoding="utf-8") as f:
            golds = {str(g["id"]): g for g in (json.loads(line) for line in f if line.strip())}
        with open(pages_file, encoding="utf-8") as f:
            pages = [json.loads(line) for line in f if line.strip()]
        normal = predict(pages_file)
        opened = predict(pages_file, lambda pid, golds=golds: gold_names(golds.get(pid, {})))
        if dump is not None:
            dump.mkdir(parents=True, exist_ok=True)
            for label, preds in (("normal", normal), ("open", opened)):
                with open(dump / f"{name}.{label}.jsonl", "w", encoding="utf-8") as out:
                    out.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in preds)
        entry: dict[str, Any] = {}
        for label, preds in (("normal", normal), ("open", opened)):
            scores = _score(score, golds, preds)
            entry[label] = {f: scores[f]["f1"] for f in FIELDS}
            if label == "open":
                entry["open_recall"] = {f: scores[f]["recall"] for f in FIELDS}
            for f in FIELDS:
                for j, k in enumerate(("tp", "gold", "pred")):
                    totals[label][f][j] += scores[f][k]
        by_id = {p["id"]: p for p in opened}
        found = {f: [0, 0] for f in NAMED}
        for page in pages:
            gold = golds.get(str(page["id"]))
            if gold is None:
                continue
            pred = by_id.get(str(page["id"]), {})
            for field, entries in unlisted(gold, page, others).items():
                for e in entries:
                    hit = any(score.name_match(e, p, person=field == "people") for p in pred.get(field) or [])
                    found[field][0] += hit
                    found[field][1] += 1
        entry["unlisted_recall"] = {f: round(h / n, 3) if n else None for f, (h, n) in found.items()}
        entry["unlisted"] = {f: n for f, (_, n) in found.items()}
        for f in NAMED:
            unl_total[f][0] += found[f][0]
            unl_total[f][1] += found[f][1]
        result[name] = entry
    result["all"] = {
        label: {f: score.prf(*totals[label][f])["f1"] for f in FIELDS} for label in ("normal", "open")
    }
    result["all"]["open_recall"] = {f: score.prf(*totals["open"][f])["recall"] for f in FIELDS}
    result["all"]["unlisted_recall"] = {f: round(h / n, 3) if n else None for f, (h, n) in unl_total.items()}
    result["all"]["unlisted"] = {f: n for f, (_, n) in unl_total.items()}
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
