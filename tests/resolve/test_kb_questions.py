"""The knowledge base built from ../shared (seeds + corpus) answers the gold kb_questions.

Slow: ingests the whole shared corpus (set COMMUNIQUE_KB_DB to an already ingested database to reuse
it). Skipped when ../shared is absent.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from communique.resolve.check import score
from communique.store import open_store
from communique.store.read import ReadModel

pytestmark = pytest.mark.slow

SHARED = Path(__file__).resolve().parents[3] / "shared"
QUESTIONS = SHARED / "gold" / "kb_questions.jsonl"


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReadModel]:
    if not (QUESTIONS.exists() and (SHARED / "seeds").exists() and (SHARED / "corpus").exists()):
        pytest.skip("../shared (seeds, corpus, gold) not present")
    reuse = os.environ.get("COMMUNIQUE_KB_DB")
    if reuse:
        db = Path(reuse)
    else:
        from communique.job import ingest

        db = tmp_path_factory.mktemp("kb") / "kb.db"
        ingest([SHARED / "seeds", SHARED / "corpus"], db=db, progress=False)
    from communique.resolve.build import resolve

    with open_store(db) as store:
        resolve(store.resolution)  # a no-op on a resolved database; resolves one ingested with --no-resolve
        yield store.read


def test_kb_questions_answered(kb: ReadModel) -> None:
    result = score(kb, QUESTIONS)
    assert result["score"] >= 0.9, json.dumps(result["wrong"], ensure_ascii=False, indent=1)


def test_who_held_answers_carry_evidence_naming_the_holder(kb: ReadModel) -> None:
    questions = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line]
    for q in (q for q in questions if q["q"] == "who-held"):
        answers = kb.who_held(q["post"], org=q.get("org"), on=q["on"])["rows"]
        assert answers, q
        best = answers[0]
        surname = best["person"].split()[-1]
        assert any(surname[:5].lower() in ev["sentence"].lower() for ev in best["evidence"]), best
