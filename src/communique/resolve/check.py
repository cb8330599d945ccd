"""Answer a knowledge-base question file (``kb_questions.jsonl``: who-held / same / different) and score it.

A who-held answer is right when the best answer is one of the accepted people (the same surname with a
compatible first name, as the gold matcher reads names) and comes with evidence; `same` needs both
names to resolve to one entity, `different` to two.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from communique.resolve import people

if TYPE_CHECKING:
    from communique.store.read import ReadModel


def _same_name(a: str, b: str) -> bool:
    pa, pb = people.parse(a), people.parse(b)
    return pa is not None and pb is not None and people.same_person(pa, pb)


def answer(read: ReadModel, q: dict[str, Any]) -> dict[str, Any]:
    """The question with what the knowledge base says and whether that is right."""
    kind = q.get("q")
    if kind == "who-held":
        answers = read.who_held(q["post"], org=q.get("org"), on=q["on"])["rows"]
        got = answers[0]["person"] if answers else None
        ok = bool(answers and answers[0]["evidence"] and any(_same_name(got, a) for a in q["answer"]))
        return {**q, "got": got, "ok": ok}
    if kind in ("same", "different"):
        ids = [read.find_entity(n) for n in q["names"]]
        found = all(i is not None for i in ids)
        ok = found and ((len(set(ids)) == 1) if kind == "same" else (len(set(ids)) == len(ids)))
        return {**q, "got": ids, "ok": bool(ok)}
    return {**q, "got": None, "ok": False}


def score(read: ReadModel, questions_path: Path) -> dict[str, Any]:
    lines = Path(questions_path).read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line) for line in lines if line.strip()]
    results = [answer(read, q) for q in questions]
    right = sum(r["ok"] for r in results)
    return {
        "questions": len(results),
        "right": right,
        "score": right / len(results) if results else 0.0,
        "wrong": [r for r in results if not r["ok"]],
    }
