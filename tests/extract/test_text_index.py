"""TextIndex answers exactly what the per-name regular expressions of the entity rules answer.

The definitions below are those expressions, run over the whole text for every question (what the entity
stages did before the index); random texts made of the pieces the rules look for (locatives, reporting
verbs, brackets, quotes, apostrophes and hyphens inside words, line breaks) must get the same answers.
"""

from __future__ import annotations

import random
import re

import pytest

from communique.extract.text_index import TextIndex, source_role

_PIECES = ["in", "to", "at", "visited", "visit", "outside", "into", "according to", "thanks to", "according",
           "told", "cited by",
           "quoted by", "the", "The", "Minsk", "minsk", "Sputnik", "RIA Novosti", "Novosti", "UN", "un", "U.N.",
           "reported", "reports", "wrote", "(", ")", "Interfax", "TASS", "(TASS)", "Minsk-based", "Minsk’s",
           "O'Brien", "Kremlin", "kremlin", "A", "Moscow", "_x", "Ünal", "2024"]
_SEPARATORS = [" ", " ", " ", "  ", "\n", "\t", ", ", ". ", "", "-", "’", "\n\n", " \n"]
_QUESTIONS = ["Minsk", "minsk", "Sputnik", "RIA Novosti", "Novosti", "UN", "un", "U.N.", "TASS", "Interfax",
              "Kremlin", "kremlin", "the", "Minsk-based", "Minsk’s", "O'Brien", "(TASS", "TASS)", " Minsk",
              "Minsk ", "Ünal", "A", "_x", "in", "RIA  Novosti", "Moscow\nMinsk", "2024", ""]


def _random_text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_PIECES) + rng.choice(_SEPARATORS) for _ in range(n))


def _occurrences(word: str, text: str, bound: str) -> int:
    return len(re.findall(rf"(?<!{bound}){re.escape(word)}(?!{bound})", text))


_TO = "(?<!according )(?<!According )(?<!due )(?<!Due )(?<!owing )(?<!Owing )(?<!thanks )(?<!Thanks )to"
_LOCATIVE = re.compile(rf"\b(?:in|{_TO}|from|near|at|visited|visit|outside)\s+$")


def _after_locative(word: str, text: str) -> bool:
    for m in re.finditer(rf"(?<![\w’'\-]){re.escape(word)}(?![\w’'\-]|\s+[A-Z])", text):
        if _LOCATIVE.search(text, max(0, m.start() - 12), m.start()):
            return True
    return False


@pytest.mark.parametrize("seed", range(60))
def test_text_index_answers_as_the_expressions_do(seed: int) -> None:
    rng = random.Random(seed)
    text = _random_text(rng, rng.choice([5, 40, 300]))
    index = TextIndex(text)
    for word in _QUESTIONS + [rng.choice(_PIECES) for _ in range(10)]:
        assert index.occurrences(word) == _occurrences(word, text, r"[\w’'\-]"), word
        assert index.occurrences(word, hyphen_only=True) == _occurrences(word, text, r"[\w\-]"), word
        assert index.written(word) == bool(_occurrences(word, text, r"[\w’'\-]")), word
        if word and " " not in word:  # the entity rules ask about one word only
            assert index.after_locative(word) == _after_locative(word, text), word
        assert index.source_role(word) == bool(source_role(word).search(text)), word
        if word:
            assert index.names_written(word) == len(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", text)), word


def test_each_answer_is_met_both_ways() -> None:
    text = ("Officials in Minsk met. RIA Novosti reported, told Interfax and the Kremlin (TASS). "
            "According to the Sputnik agency, visited  \nMoscow Region; in Moscow. the kremlin, minsk")
    index = TextIndex(text)
    assert index.occurrences("Minsk") == 1 and index.occurrences("Moscow") == 2 and not index.written("Astana")
    assert index.after_locative("Minsk")
    assert index.after_locative("Moscow")  # "in Moscow." (not "visited Moscow Region": a name goes on)
    assert not index.after_locative("Kremlin") and not index.after_locative("Interfax")
    assert index.source_role("RIA Novosti") and index.source_role("Interfax") and index.source_role("TASS")
    assert index.source_role("Sputnik") is False  # "According" is capitalised: no role
    assert not TextIndex("According to Bordyuzha, thanks to Semerikov.").after_locative("Bordyuzha")
    assert not TextIndex("thanks to Semerikov.").after_locative("Semerikov")
    assert TextIndex("He went to Semerikov.").after_locative("Semerikov")
    assert not index.source_role("Kremlin") and not index.source_role("Minsk")
    assert index.written("kremlin") and index.written("minsk")
    assert index.common_acronyms() == set()
    cut = TextIndex("the Collective Security Treaty Organization and the Collective Security Treat")
    assert cut.names_written("Collective Security Treat") == 1
    assert cut.names_written("Collective Security Treaty Organization") == 1
    assert TextIndex("xA A A").names_written("A A") == 1
