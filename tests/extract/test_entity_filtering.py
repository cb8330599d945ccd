"""The near-linear candidate filtering of entities.py chooses exactly what its all-pairs definition chooses.

The definitions below are the plain quadratic loops (every candidate against every other, every span per
question); the module's functions answer by bisection, running maxima and sparse tables. Random spans,
dense and overlapping, from many seeds, must agree exactly.
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
    _LastEnded,
    _named_inside,
    _named_last_before,
    _ner_beside,
    _SpanIndex,
    _without_overlaps,
    persons_outside,
)
from communique.extract.institutions import _CLOSERS, _FUNCTION_WORDS, _OPENERS, _TOKEN, _quoted_title, _stop_between

# a listed organisation with an acronym ("UN" inside "UN Commission ..."), a body of one, names of neither
_ORGS = ["Collective Security Treaty Organization", "United Nations", "CSTO Collective Security Council",
         "Some Board", "Commonwealth of Independent States"]
_PLACES = ["Minsk", "Armenia", "Belarus"]


def test_the_random_names_reach_every_branch_of_named_inside() -> None:
    g = gz.gazetteer()
    assert {"Collective Security Treaty Organization", "United Nations"} <= set(g.acronym_parents)
    assert "CSTO Collective Security Council" in g.body_names
    assert "Some Board" not in set(g.acronym_parents) | set(g.body_names)


def _definition_without_overlaps(cands: list[Hit]) -> list[Hit]:
    order = sorted(cands, key=lambda h: (-h.length, h.source != "national", _SOURCE_RANK[h.source], h.start))
    taken: list[Hit] = []
    nested: list[Hit] = []
    for h in order:
        clash = [t for t in taken if h.start < t.end and t.start < h.end]
        if not clash:
            taken.append(h)
        elif all(t.kind == "org" and t.start <= h.start and h.end <= t.end for t in clash) and _named_inside(
            h, clash
        ):
            nested.append(h)
    return sorted(taken + nested, key=lambda h: h.start)


def _definition_ner_beside(ner_cands: list[Hit], strong: list[Hit]) -> tuple[list[Hit], list[Hit]]:
    kept, mislabelled = [], []
    for h in ner_cands:
        clash = [t for t in strong if h.start < t.end and t.start < h.end]
        if not clash:
            kept.append(h)
        elif h.kind == "place" and h.of_complement and all(t.start <= h.start and h.end <= t.end for t in clash):
            kept.append(h)
        else:
            mislabelled.append(Hit(h.start, h.end, "person?", None, "ner"))
    return kept, mislabelled


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
            h = Hit(start, end, "org", rng.choice(_ORGS), source, bare=rng.random() < 0.2)
        else:
            h = Hit(start, end, "place", rng.choice(_PLACES), source, country=rng.random() < 0.5)
        h.of_complement = rng.random() < 0.5
        hits.append(h)
    return hits


@pytest.mark.parametrize("seed", range(40))
def test_without_overlaps_matches_its_all_pairs_definition(seed: int) -> None:
    rng = random.Random(seed)
    cands = _random_hits(rng, rng.randint(1, 300), rng.choice([60, 400, 3000]))
    chosen = _without_overlaps(cands)
    assert chosen == _definition_without_overlaps(cands)


def test_without_overlaps_keeps_names_inside_names() -> None:
    # the branches of _named_inside, each met: a state inside a body's name, a national body inside a
    # structural name, an organisation's acronym inside its commission's name; a city is not kept
    outer = Hit(0, 60, "org", "Some Board", "structure")
    state = Hit(40, 47, "place", "Belarus", "gazetteer", country=True)
    national = Hit(10, 30, "org", "Ministry of Defence of Belarus", "national")
    city = Hit(50, 55, "place", "Minsk", "gazetteer")
    un = Hit(70, 72, "org", "United Nations", "gazetteer")
    commission = Hit(70, 100, "org", "Commission on Narcotic Drugs", "gazetteer")
    chosen = _without_overlaps([outer, state, national, city, un, commission])
    assert chosen == [outer, national, state, commission, un]


@pytest.mark.parametrize("seed", range(40))
def test_ner_beside_matches_its_all_pairs_definition(seed: int) -> None:
    rng = random.Random(seed)
    length = rng.choice([60, 400, 3000])
    strong = _without_overlaps(_random_hits(rng, rng.randint(0, 200), length))
    ner = [Hit(h.start, h.end, h.kind, h.canonical, "ner", h.country) for h in _random_hits(rng, 150, length)]
    for h in ner:
        h.of_complement = rng.random() < 0.7
    kept, mislabelled = _ner_beside(ner, strong)
    assert (kept, mislabelled) == _definition_ner_beside(ner, strong)
    assert kept and mislabelled  # both outcomes are met


@pytest.mark.parametrize("seed", range(40))
def test_persons_outside_matches_its_all_pairs_definition(seed: int) -> None:
    rng = random.Random(seed)
    length = rng.choice([80, 500, 3000])
    text = "".join(rng.choice("ab ,-") for _ in range(length))
    chosen = _without_overlaps(_random_hits(rng, rng.randint(0, 200), length))
    persons = [Hit(s, min(length, s + rng.randint(1, 30)), "person", None, "ner")
               for s in (rng.randrange(length - 1) for _ in range(rng.randint(1, 200)))]
    assert persons_outside(persons, chosen, text) == _definition_persons_outside(persons, chosen, text)


@pytest.mark.parametrize("seed", range(30))
def test_span_index_questions_match_their_definitions(seed: int) -> None:
    rng = random.Random(seed)
    length = rng.choice([50, 400, 3000])
    spans = _random_hits(rng, rng.randint(0, 120), length)
    index = _SpanIndex(spans)
    for _ in range(300):
        s = rng.randrange(length)
        e = min(length, s + rng.randint(1, 45))
        lowest = rng.choice([None, max(0, s - rng.randint(0, 60))])
        assert index.overlaps(s, e) == any(s < t.end and t.start < e for t in spans)
        assert index.contains(s, e) == any(t.start <= s and e <= t.end for t in spans)
        assert index.holds(s) == any(t.start <= s < t.end for t in spans)
        assert index.straddles(s, e) == any(
            s < t.end and t.start < e and not (t.start <= s and e <= t.end) for t in spans
        )
        assert index.contains_from(lowest, s, e) == any(
            (lowest is None or lowest <= t.start) and t.start <= s and e <= t.end for t in spans
        )


def test_span_index_answers_overlap_and_containment() -> None:
    index = _SpanIndex([Hit(10, 40, "org", None, "ner"), Hit(12, 15, "place", None, "ner"),
                        Hit(50, 55, "org", None, "ner")])
    assert index.overlaps(39, 45) and not index.overlaps(40, 50) and index.overlaps(0, 11)
    assert index.contains(20, 40) and not index.contains(45, 52) and index.contains(50, 55)
    assert not index.contains(5, 12)
    assert index.contains_from(10, 13, 15) and not index.contains_from(11, 20, 30)
    assert index.straddles(35, 45) and not index.straddles(20, 30) and not index.straddles(41, 49)


@pytest.mark.parametrize("seed", range(30))
def test_named_last_before_matches_its_definition(seed: int) -> None:
    rng = random.Random(seed)
    named = sorted((rng.randrange(500), rng.choice(_ORGS)) for _ in range(rng.randint(0, 80)))
    starts: dict[str, list[int]] = {}
    for start, name in named:
        starts.setdefault(name, []).append(start)
    for _ in range(100):
        pos = rng.randrange(520)
        allowed = set(rng.sample(_ORGS, rng.randint(1, len(_ORGS))))
        before = [c for start, c in named if start < pos and c in allowed]
        assert _named_last_before(starts, allowed, pos) == (before[-1] if before else None)


@pytest.mark.parametrize("seed", range(30))
def test_last_ended_matches_its_definition(seed: int) -> None:
    rng = random.Random(seed)
    items = []
    for _ in range(rng.randint(0, 80)):
        start = rng.randrange(500)
        items.append((start, start + rng.randint(1, 25), rng.choice(_PLACES)))
    last = _LastEnded(items)
    ordered = sorted(items)
    for _ in range(100):
        pos, paragraph = rng.randrange(530), rng.randrange(500)
        before = [st for a, z, st in ordered if paragraph <= a and z <= pos]
        found = last.last(pos)
        assert (found[2] if found is not None and found[0] >= paragraph else None) == (before[-1] if before else None)


@pytest.mark.parametrize("seed", range(20))
def test_stop_between_matches_its_definition(seed: int) -> None:
    rng = random.Random(seed)
    stops = {rng.randrange(300) for _ in range(rng.randint(0, 40))}
    stop_at = sorted(stops)
    for _ in range(200):
        a = rng.randrange(-1, 300)
        b = a + rng.randint(0, 30)
        assert _stop_between(stop_at, a, b) == any(a < x < b for x in stops)


def test_acronym_uses_are_every_match_acronym_by_acronym() -> None:
    text = "The CSTO and the SCO met; CSTO, SCO and CSTOs. The EAEU joined (SCO-CSTO)."
    learned = {"SCO": "Shanghai Cooperation Organization", "CSTO": "Collective Security Treaty Organization",
               "EAEU": "Eurasian Economic Union"}
    expected = [Hit(m.start(), m.end(), "org", canonical, "acronym")
                for acr, canonical in learned.items() for m in re.finditer(rf"\b{re.escape(acr)}\b", text)]
    assert _acronym_uses(learned, text) == expected
    assert len(expected) == 7 and _acronym_uses({}, text) == []


def _definition_quoted_title(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    for i in range(len(before) - 1, -1, -1):
        c = before[i]
        if c in _CLOSERS:
            return False
        if c == '"':
            opener = (i == 0 or before[i - 1] in " \t([") and i + 1 < len(before) and not before[i + 1].isspace()
            if not opener:
                return False
        if c in _OPENERS or c == '"':
            quoted = [w for w in _TOKEN.findall(before[i + 1 :]) if w.lower() not in _FUNCTION_WORDS]
            return bool(quoted) and sum(w[0].isupper() for w in quoted) >= 0.6 * len(quoted)
    return False


def test_quoted_title_matches_its_character_loop() -> None:
    pieces = ["Border", "Security", "of", "the", "terrorists", "“", "”", "«", "»", "„", '"', "(", " ", " ", "\n"]
    answers = set()
    for seed in range(30):
        rng = random.Random(seed)
        text = "".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.choice([10, 80, 400])))
        for _ in range(200):
            start = rng.randrange(len(text) + 1)
            answers.add(_quoted_title(text, start, start))
            assert _quoted_title(text, start, start) == _definition_quoted_title(text, start, start)
    assert answers == {True, False}
