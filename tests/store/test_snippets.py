"""Snippets: the passage with the most query terms, found by a scan that stops once no later passage can
win, is the one a scan of the whole window finds (compared on random texts)."""

from __future__ import annotations

import random
from collections.abc import Sequence

from communique.store import analysis
from communique.store.analysis import ELLIPSIS, SNIPPET_WINDOW_CHARS, WORD, query_terms, snippet, word_terms

MARK = ("[", "]")


def _snippet_full_scan(text: str, query: Sequence[str], mark: tuple[str, str], words: int = 24) -> str:
    """The definition: every word of the window read, the first passage with the most distinct terms."""
    window = text[:SNIPPET_WINDOW_CHARS]
    wanted = set(query)
    spans = [(m.start(), m.end(), frozenset(t for t in word_terms(m.group(0)) if t in wanted))
             for m in WORD.finditer(window)]
    if not spans:
        return window[:240]
    best, best_score = 0, -1
    counts: dict[str, int] = {}
    for i, (_, _, hit) in enumerate(spans):
        for t in hit:
            counts[t] = counts.get(t, 0) + 1
        if i >= words:
            for t in spans[i - words][2]:
                counts[t] -= 1
                if not counts[t]:
                    del counts[t]
        if len(counts) > best_score:
            best_score, best = len(counts), max(0, i - words + 1)
    if best_score <= 0:
        best = 0
    else:
        first_hit = next(i for i in range(best, min(best + words, len(spans))) if spans[i][2])
        best = max(0, min(first_hit - 3, len(spans) - words))
    chosen = spans[best:best + words]
    start, end = chosen[0][0], chosen[-1][1]
    out = [ELLIPSIS if best > 0 else window[:start]]
    position, open_mark = start, False
    for s, e, hit in chosen:
        gap = window[position:s]
        if open_mark and not (hit and analysis._JOINABLE.fullmatch(gap)):
            out.append(mark[1])
            open_mark = False
        out.append(gap)
        if hit and not open_mark:
            out.append(mark[0])
            open_mark = True
        out.append(window[s:e])
        position = e
    if open_mark:
        out.append(mark[1])
    rest = window[end:]
    more = WORD.search(rest) is not None or len(text) > len(window)
    closing = analysis._CLOSING.match(rest).group(0)
    out.append(closing + ELLIPSIS if more else rest[:3])
    return "".join(out).strip()


VOCABULARY = ["exercise", "exercises", "border", "convoy", "summit", "Harbour-Net", "учения", "учений", "ОДКБ",
              "the", "of", "a", "2023", "Minsk", "delegation", "report", "signed", "peacekeeping"]
GLUE = [" ", " ", " ", ", ", ". ", "\n", " - ", "’", "-", " (", ") "]


def _text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(VOCABULARY) + rng.choice(GLUE) for _ in range(n))


def test_the_early_stopping_scan_finds_the_passage_the_whole_scan_finds() -> None:
    rng = random.Random(12)
    for trial in range(600):
        n = rng.choice([0, 1, 5, 23, 24, 25, 30, 60, 200, 3000])  # 3000 words: past the window
        text = _text(rng, n)
        query = query_terms(" ".join(rng.sample(VOCABULARY, rng.choice([1, 1, 2, 3]))))
        words = rng.choice([24, 24, 5, 1])
        assert snippet(text, query, MARK, words) == _snippet_full_scan(text, query, MARK, words), (trial, query)
    # No word of the query in the text, and a text of no words: the start of the text.
    assert snippet("plain words only", ["exercis"], MARK) == _snippet_full_scan("plain words only", ["exercis"], MARK)
    assert snippet("...", ["exercis"], MARK) == "..."


def test_a_hit_early_in_a_long_text_is_found_without_reading_the_rest(monkeypatch) -> None:
    read: list[str] = []
    real = analysis.word_terms

    def counted(word: str) -> tuple[str, ...]:
        read.append(word)
        return real(word)

    monkeypatch.setattr(analysis, "word_terms", counted)
    text = "The exercise began on Monday. " + "convoy border summit " * 5000
    assert snippet(text, query_terms("exercises"), MARK).startswith("The [exercise] began")
    assert len(read) < 200  # of some 15,000 words in the window
