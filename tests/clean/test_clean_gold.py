"""The Bar of issue 2 on the hand-checked gold sets in ../shared (skipped when absent):
body token F1 >= 0.97, title and publication-date accuracy >= 0.95 on every set, with the
site model learnt (a) from the set's own pages only and (b) also from the corpus."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from communique.clean.segment import clean_batch
from communique.clean.site_model import SiteModel
from communique.document import Page

SHARED = Path("../shared")
pytestmark = pytest.mark.skipif(not (SHARED / "gold" / "seeds" / "gold.jsonl").exists(),
                                reason="../shared gold sets not present")


def _pages(path: Path) -> list[Page]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            rec = json.loads(line)
            url = rec.get("url")
            out.append(Page(text=rec.get("text") or "", source=f"{path}:{n}", url=url,
                            site=(urlsplit(url).hostname or "") if url else "", external_id=rec.get("id")))
    return out


@pytest.fixture(scope="module")
def scorer():
    spec = importlib.util.spec_from_file_location("gold_score", SHARED / "tools" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def corpus_models() -> dict[str, SiteModel]:
    models: dict[str, SiteModel] = {}
    pages = [p for f in sorted((SHARED / "corpus").glob("*.jsonl")) for p in _pages(f)]
    pages += [Page(text=f.read_text(encoding="utf-8"), source=str(f))
              for f in sorted((SHARED / "seeds").glob("*.txt"))]
    for p in pages:
        models.setdefault(p.site, SiteModel(p.site)).observe(p)
    return models


def _figures(name: str, scorer, models: dict[str, SiteModel] | None) -> tuple[float, float, float]:
    text = (SHARED / "gold" / name / "gold.jsonl").read_text(encoding="utf-8")
    gold = [json.loads(x) for x in text.splitlines() if x.strip()]
    pages = _pages(SHARED / "gold" / name / "pages.jsonl")
    own: dict[str, SiteModel] = {}

    def model_for(site: str) -> SiteModel:
        if models is not None and site in models:
            return SiteModel.from_rows(site, models[site].rows())  # a copy: the batch updates it
        return own.setdefault(site, SiteModel(site))

    arts = {p.external_id: a for p, a in zip(pages, clean_batch(pages, model_for), strict=True)}
    f1, titles, t_ok, dates, d_ok = [], 0, 0, 0, 0
    for g in gold:
        a = arts[g["id"]]
        f1.append(scorer.token_f1(g["body"], a.body))
        if "title" in g:
            titles += 1
            t_ok += scorer.norm(g["title"]) == scorer.norm(a.title)
        if g.get("published"):
            dates += 1
            d_ok += g["published"] == (a.published.isoformat() if a.published else None)
    return sum(f1) / len(f1), t_ok / max(titles, 1), d_ok / max(dates, 1)


@pytest.mark.parametrize("name", ["seeds", "dev", "press"])
@pytest.mark.parametrize("with_corpus", [False, True], ids=["batch-only", "with-corpus"])
def test_gold_bar(name, with_corpus, scorer, corpus_models):
    if not (SHARED / "gold" / name / "gold.jsonl").exists():
        pytest.skip(f"no gold set {name}")
    body, title, published = _figures(name, scorer, corpus_models if with_corpus else None)
    assert body >= 0.97, (name, body)
    assert title >= 0.95, (name, title)
    assert published >= 0.95, (name, published)
