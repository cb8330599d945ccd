"""The near-linear candidate filtering of entities.py chooses exactly what its all-pairs definition chooses.

The definitions below are the plain quadratic loops (every candidate against every other); the module's
functions answer by bisection. Random spans, dense and overlapping, from many seeds, must agree exactly.
"""

from __future__ import annotations

import random
import re

import pytest

from communique.extract import gazetteer as gz
from communique.extract.entities import (
    _SOURCE_RANK,
    Hit,
    _acronym_uses,
    _SpanIndex,
    _without_overlaps,
    persons_outside,
)

_ORGS = ["Collective Security Treaty Organization", "United Nations", "CSTO Permanent Council", "Some Board"]
_PLACES = ["Minsk", "Armenia", "Belarus"]


def _definition_without_overlaps(cands: list[Hit]) -> list[Hit]:
    order = sorted(cands, key=lambda h: (-h.length, _SOURCE_RANK[h.source], h.start))
    taken: list[Hit] = []
    nested: list[Hit] = []
    for h in order:
        clash = [t for t in taken if h.start < t.end and t.start < h.end]
        if not clash:
            taken.append(h)
        elif all(t.kind == "org" and t.start <= h.start and h.end <= t.end for t in clash) and (
            (h.kind == "place" and h.country)
            or h.source == "national"
            or (
                h.kind == "org"
                and h.canonical in gz.gazetteer().acronym_parents
                and h.length <= 6
                and not any(t.canonical in gz.gazetteer().body_names for t in clash)
            )
        ):
            nested.append(h)
    return sorted(taken + nested, key=lambda h: h.start)


def _definition_persons_outside(persons: list[Hit], chosen: list[Hit], text: str) -> list[Hit]:
    out = []
    for p in persons:
        s, e = p.start, p.end
        for t in chosen:
            if t.start <= s < t.end:
                s = t.end
            if t.start < e <= t.end:
                e = t.start
        seg = text[s:e]
        lead = len(seg) - len(seg.lstrip(" ,-–—"))
        s += lead
        e = s + len(text[s:e].rstrip(" ,-–—"))
        if e - s >= 2 and not any(t.start <= s and e <= t.end for t in chosen):
            out.append(Hit(s, e, p.kind, None, p.source))
    return out


def _random_hits(rng: random.Random, n: int, length: int) -> list[Hit]:
    hits = []
    for _ in range(n):
        start = rng.randrange(length - 1)
        end = min(length, start + rng.choice([1, 2, 3, 5, 6, 8, 13, 21, 40]))
        source = rng.choice(list(_SOURCE_RANK))
        if rng.random() < 0.6:
            hits.append(Hit(start, end, "org", rng.choice(_ORGS), source))
        else:
            hits.append(Hit(start, end, "place", rng.choice(_PLACES), source, country=rng.random() < 0.5))
    return hits


@pytest.mark.parametrize("seed", range(40))
def test_without_overlaps_matches_its_all_pairs_definition(seed: int) -> None:
    rng = random.Random(seed)
    cands = _random_hits(rng, rng.randint(1, 300), rng.choice([60, 400, 3000]))
    assert _without_overlaps(cands) == _definition_without_overlaps(cands)


@pytest.mark.parametrize("seed", range(40))
def test_persons_outside_matches_its_all_pairs_definition(seed: int) -> None:
    rng = random.Random(seed)
    length = rng.choice([80, 500, 3000])
    text = "".join(rng.choice("ab ,-") for _ in range(length))
    chosen = _without_overlaps(_random_hits(rng, rng.randint(0, 200), length))
    persons = [Hit(s, min(length, s + rng.randint(1, 30)), "person", None, "ner")
               for s in (rng.randrange(length - 1) for _ in range(rng.randint(1, 200)))]
    assert persons_outside(persons, chosen, text) == _definition_persons_outside(persons, chosen, text)


def test_span_index_answers_overlap_and_containment() -> None:
    index = _SpanIndex([Hit(10, 40, "org", None, "ner"), Hit(12, 15, "place", None, "ner"),
                        Hit(50, 55, "org", None, "ner")])
    assert index.overlaps(39, 45) and not index.overlaps(40, 50) and index.overlaps(0, 11)
    assert index.contains(20, 40) and not index.contains(45, 52) and index.contains(50, 55)
    assert not index.contains(5, 12)


def test_acronym_uses_are_every_match_acronym_by_acronym() -> None:
    text = "The CSTO and the SCO met; CSTO, SCO and CSTOs. The EAEU joined (SCO-CSTO)."
    learned = {"SCO": "Shanghai Cooperation Organization", "CSTO": "Collective Security Treaty Organization",
               "EAEU": "Eurasian Economic Union"}
    expected = [Hit(m.start(), m.end(), "org", canonical, "acronym")
                for acr, canonical in learned.items() for m in re.finditer(rf"\b{re.escape(acr)}\b", text)]
    assert _acronym_uses(learned, text) == expected
    assert len(expected) == 7 and _acronym_uses({}, text) == []
