"""The search analyser: text into index terms, one implementation for both backends and for queries.

A term is a word (a run of letters and digits) normalised and stemmed:

- NFKC (ligatures, full-width forms, superscripts become plain letters and digits), then case-folded;
- a word with Cyrillic letters: ``ё`` read as ``е``, stemmed by Snowball Russian;
- a word with Latin letters: diacritics removed (``café`` = ``cafe``), stemmed by Snowball English (Porter 2);
- other scripts: diacritics kept, not stemmed; digits of any script written as ASCII digits;
- words longer than ``MAX_TERM_CHARS`` are not terms (nobody searches them; PostgreSQL would refuse them).

So ``exercise``, ``exercises`` and ``Exercised`` are the term ``exercis``; ``учения``, ``учений`` and
``учениях`` are ``учен``. The stemmer is chosen by the word's script, not by the article's language, so a
query needs no language and a Russian name in an English article is found under its Russian forms.

The SQLite index (FTS5 ``search_terms``, unicode61 over the terms) and the PostgreSQL one (``to_tsvector
('simple', terms)``) both receive the analysed terms joined by spaces: each backend only splits them at the
spaces, so both hold the same terms and answer every query with the same set of articles. Snippets are cut
here too, in Python, from a bounded window of the body (``snippet``), the same on both backends.

Why hand-written around PyStemmer rather than a backend's own analyser: SQLite has no stemming tokenizer
(FTS5's porter is English-only and ignores Russian), PostgreSQL's ``english``/``russian`` configurations
exist only there, and a search must answer alike on both (docs/storage.md, "Search").
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import Stemmer

from communique.store.errors import QueryError

WORD = re.compile(r"[^\W_]+")  # letters and digits: what a term is made of
MAX_TERM_CHARS = 64
MAX_QUERY_TERMS = 64
# Per article, at most this many terms are indexed (title first, then the body), and the distinct ones at
# most MAX_INDEX_BYTES of text: a PostgreSQL tsvector must stay under 1 MB, and the words after the first
# 60,000 of a 5 MB page add little to finding it. Both backends index the same terms.
MAX_INDEX_TERMS = 60_000
MAX_INDEX_BYTES = 200_000
MAX_INDEX_CHARS = 1_000_000  # of a body, the part read for its terms (the rest could only add past the limits)
SNIPPET_WINDOW_CHARS = 20_000  # snippets are cut from the first this many characters of a body
SNIPPET_WORDS = 24
ELLIPSIS = "…"

_ENGLISH = Stemmer.Stemmer("english")
_RUSSIAN = Stemmer.Stemmer("russian")


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff" or "\u0500" <= ch <= "\u052f"


def _is_latin(ch: str) -> bool:
    return ch.isascii() or "\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff"


@lru_cache(maxsize=200_000)
def word_terms(word: str) -> tuple[str, ...]:
    """The terms of one word as found in text (a WORD match): usually one, none for an over-long word,
    several when normalising splits it (``½`` is ``1``, ``2``)."""
    normal = unicodedata.normalize("NFKC", word).casefold()
    out = []
    for part in WORD.findall(normal):
        if any(_is_cyrillic(ch) for ch in part):
            term = _RUSSIAN.stemWord(part.replace("ё", "е"))
        else:
            if not part.isascii():
                part = _fold(part)
            term = _ENGLISH.stemWord(part) if any("a" <= ch <= "z" for ch in part) else part
        if 0 < len(term) <= MAX_TERM_CHARS and len(part) <= MAX_TERM_CHARS:
            out.append(term)
    return tuple(out)


def _fold(part: str) -> str:
    """Latin diacritics removed; digits of other scripts as ASCII digits; other letters kept as they are."""
    chars = []
    for ch in part:
        if ch.isdecimal() and not ch.isascii():
            chars.append(str(unicodedata.decimal(ch)))
        elif _is_latin(ch) and not ch.isascii():
            chars.append("".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)))
        else:
            chars.append(ch)
    # A folded letter can itself be a run of letters (æ stays æ; ǆ is one letter): keep only letters/digits.
    return "".join(WORD.findall("".join(chars)))


def terms(text: str | None) -> Iterator[str]:
    """Every term of the text, in order."""
    if not text:
        return
    for m in WORD.finditer(text):
        yield from word_terms(m.group(0))


def index_terms(title: str | None, body: str | None) -> tuple[str, str]:
    """The indexed terms of an article as (title terms, body terms), each joined by spaces; at most
    MAX_INDEX_TERMS terms in all and MAX_INDEX_BYTES of distinct terms (see above)."""
    budget = [MAX_INDEX_TERMS, MAX_INDEX_BYTES]
    seen: set[str] = set()

    def take(text: str | None) -> str:
        out = []
        for term in terms(text):
            if budget[0] <= 0:
                break
            if term not in seen:
                size = len(term.encode("utf-8"))
                if size > budget[1]:
                    break
                budget[1] -= size
                seen.add(term)
            budget[0] -= 1
            out.append(term)
        return " ".join(out)

    title_terms = take(title)
    return title_terms, take(body[:MAX_INDEX_CHARS] if body else body)


def query_terms(text: str | None) -> list[str]:
    """The distinct terms of what a user typed, in order: every term must match. Nothing of the text is
    syntax (quotes, operators, ``*``, column names are plain words or dropped). QueryError when no term is
    left or there are too many."""
    found = list(dict.fromkeys(terms(text or "")))
    if not found:
        raise QueryError(f"nothing to search for in {text!r}: give at least one word or number")
    if len(found) > MAX_QUERY_TERMS:
        raise QueryError(f"query too long: {len(found)} words (at most {MAX_QUERY_TERMS})")
    return found


def snippet(text: str, query: Sequence[str] | Iterable[str], mark: tuple[str, str],
            words: int = SNIPPET_WORDS) -> str:
    """A passage of ``text`` (of its first SNIPPET_WINDOW_CHARS characters) of about ``words`` words, the
    one holding the most distinct query terms (earliest first), with each matching word between the marks and
    an ellipsis where the text is cut. Without a match: the text's first words.

    The words are analysed only as far as needed: once a passage holds every query term no later one can win,
    so the scan stops there (most searches: shortly after the first hit); a word repeated is analysed once."""
    window = text[:SNIPPET_WINDOW_CHARS]
    wanted = set(query)
    found = WORD.findall(window)  # the words (C speed); their positions only for the passage shown
    if not found:
        return window[:240]
    none: frozenset[str] = frozenset()
    known: dict[str, frozenset[str]] = {}
    hits: list[frozenset[str]] = []  # the query terms of each word read so far

    def read(upto: int) -> None:  # hits of the words up to index ``upto`` (or the last)
        for word in found[len(hits):upto + 1]:
            hit = known.get(word)
            if hit is None:
                terms_hit = [t for t in word_terms(word) if t in wanted]
                hit = known[word] = frozenset(terms_hit) if terms_hit else none
            hits.append(hit)

    best, best_score = 0, -1
    if wanted:
        counts: dict[str, int] = {}
        for i in range(len(found)):
            if i >= len(hits):
                read(i + 8)  # a few words ahead: fewer calls
            for t in hits[i]:
                counts[t] = counts.get(t, 0) + 1
            if i >= words:
                for t in hits[i - words]:
                    counts[t] -= 1
                    if not counts[t]:
                        del counts[t]
            if len(counts) > best_score:
                best_score, best = len(counts), max(0, i - words + 1)
                if best_score == len(wanted):
                    break  # every term in one passage: a later passage can only tie, and ties go to the first
        if best_score <= 0:
            best = 0
        else:
            # Start a few words before the first hit of the best passage, so the hit has some context.
            read(best + words)
            first_hit = next(i for i in range(best, min(best + words, len(found))) if hits[i])
            best = max(0, min(first_hit - 3, len(found) - words))
    read(best + words)
    chosen = [(m.start(), m.end(), hits[i])
              for i, m in enumerate(itertools.islice(WORD.finditer(window), best + words)) if i >= best]
    start, end = chosen[0][0], chosen[-1][1]
    out = [ELLIPSIS if best > 0 else window[:start]]
    position, open_mark = start, False
    for s, e, hit in chosen:
        gap = window[position:s]
        if open_mark and not (hit and _JOINABLE.fullmatch(gap)):
            out.append(mark[1])  # a run of matched words ends: "[Harbour-Net]" is one mark, as FTS5 gives it
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
    closing = _CLOSING.match(rest).group(0)  # a full stop or a closing quote after the last word is kept
    out.append(closing + ELLIPSIS if more else rest[:3])
    return "".join(out).strip()


_CLOSING = re.compile(r"[^\w\s]{0,3}")
_JOINABLE = re.compile(r"[^\w\n]{1,2}")  # between two matched words of one run: a hyphen, a space, an apostrophe
