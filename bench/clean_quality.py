"""Cleaning quality on the gold sets: body token F1, title and date accuracy, two ways.

(a) the site model learns only from the gold set's own pages (as `communique extract` does);
(b) it has also observed ../shared/corpus/*.jsonl and ../shared/seeds/*.txt (more pages of
the same sites). Prints one JSON line; `--explain SET` prints the misses of one set (mode a,
or mode b with `--with-corpus`).
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import sys
from contextlib import redirect_stdout
from pathlib import Path
from urllib.parse import urlsplit

from communique.clean.segment import clean_batch
from communique.clean.site_model import SiteModel
from communique.document import Page

SHARED = Path("../shared")
# dev2 is a test set: its figures are measured, its per-page misses read only once a change is written
SETS = ("seeds", "dev", "press", "dev2")


def _page(rec: dict, source: str) -> Page:
    url = rec.get("url")
    site = (urlsplit(url).hostname or "") if url else (rec.get("site") or "")
    return Page(text=rec.get("text") or "", source=source, url=url, site=site,
                external_id=rec.get("id"), lang=rec.get("lang"))


def read_pages(path: Path) -> list[Page]:
    return [_page(json.loads(line), f"{path}:{n}") for n, line in enumerate(path.open(encoding="utf-8"), 1)
            if line.strip()]


def corpus_pages() -> list[Page]:
    pages = [p for f in sorted((SHARED / "corpus").glob("*.jsonl")) for p in read_pages(f)]
    pages += [Page(text=f.read_text(encoding="utf-8"), source=str(f), site="")
              for f in sorted((SHARED / "seeds").glob("*.txt"))]
    return pages


def _scorer():
    spec = importlib.util.spec_from_file_location("gold_score", SHARED / "tools" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def predict(name: str, with_corpus: bool) -> list[dict]:
    pages = read_pages(SHARED / "gold" / name / "pages.jsonl")
    models: dict[str, SiteModel] = {}
    if with_corpus:
        for p in corpus_pages():
            models.setdefault(p.site, SiteModel(p.site)).observe(p)

    def model_for(site: str) -> SiteModel:
        return models.setdefault(site, SiteModel(site))

    arts = clean_batch(pages, model_for)
    return [{"id": p.external_id, "title": a.title,
             "published": a.published.isoformat() if a.published else None, "body": a.body}
            for p, a in zip(pages, arts, strict=True)]


def _record(page: Page, art) -> dict:
    return {"id": page.external_id, "title": art.title,
            "published": art.published.isoformat() if art.published else None, "body": art.body}


def predict_unseen(name: str, mode: str) -> list[dict]:
    """Each gold page cleaned as if the site had never shown it: ``loo`` learns the model from
    the other pages of the set (leave-one-out), ``alone`` cleans the page as a batch of one."""
    pages = read_pages(SHARED / "gold" / name / "pages.jsonl")
    out = []
    for k, page in enumerate(pages):
        model = SiteModel(page.site)
        if mode == "loo":
            for other in pages[:k] + pages[k + 1:]:
                if other.site == page.site:
                    model.observe(other)
        out.append(_record(page, clean_batch([page], lambda _site, m=model: m)[0]))
    return out


def score(name: str, with_corpus: bool | str, explain: bool = False) -> dict:
    if isinstance(with_corpus, str):
        preds = predict_unseen(name, with_corpus)
    else:
        preds = predict(name, with_corpus)
    tag = with_corpus if isinstance(with_corpus, str) else int(with_corpus)
    tmp = Path(f"/tmp/clean_quality.{name}.{tag}.jsonl")
    tmp.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8")
    buf = io.StringIO()
    args = [str(SHARED / "gold" / name / "gold.jsonl"), str(tmp)] + (["--explain"] if explain else [])
    with redirect_stdout(buf):
        _scorer().main(args)
    return json.loads(buf.getvalue())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--explain")
    ap.add_argument("--with-corpus", action="store_true")
    ap.add_argument("--unseen", choices=("loo", "alone"),
                    help="with --explain: clean each page leave-one-out or alone")
    ap.add_argument("--all", action="store_true", help="also the leave-one-out and alone scores")
    args = ap.parse_args()
    if not (SHARED / "gold").exists():
        print(json.dumps({"skipped": "no ../shared/gold"}))
        return 0
    sets = [name for name in SETS if (SHARED / "gold" / name / "gold.jsonl").exists()]
    if args.explain:
        r = score(args.explain, args.unseen or args.with_corpus, explain=True)
        keys = ("body_token_f1", "title_accuracy", "published_accuracy", "details")
        print(json.dumps({k: r[k] for k in keys}, ensure_ascii=False, indent=1))
        return 0
    out = {}
    for mode, wc in (("batch", False), ("with_corpus", True)):
        for name in sets:
            r = score(name, wc)
            out[f"{mode}.{name}"] = [r["body_token_f1"], r["title_accuracy"], r["published_accuracy"]]
    if args.all:
        for mode in ("loo", "alone"):
            for name in sets:
                r = score(name, mode)
                out[f"{mode}.{name}"] = [round(r["body_token_f1"], 4), round(r["title_accuracy"], 4),
                                         round(r["published_accuracy"], 4)]
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
