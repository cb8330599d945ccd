"""The dependency parse, for the few sentences that need it.

The 'nlp' component runs spaCy's English model without its parser (the sentence recogniser splits faster,
and most sentences need no syntax). A post written as an apposition with a common noun ("Stanislav
Pritchin, a researcher at the Center for Post-Soviet Studies") is read on the parse: which noun the name
is in apposition with and which organisation that noun's preposition governs. Only sentences that hold a
person and such an apposition are parsed (``needs_parse``), one at a time, by the same model's
token-to-vector layer and parser, loaded once per process beside the model the pipeline runs.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from communique.extract.nlp import DEFAULT_MODELS

# Pipes the parser does not need (it reads only the shared token-to-vector layer).
_NOT_NEEDED = ("ner", "senter", "lemmatizer", "attribute_ruler", "tagger")

# "X, a researcher at Y", "X, the head of Y", "the head of Y, X": a name beside a common noun (masked
# sentences: see people._mask).
_APPOSITION_CUE = re.compile(r"⟦P\d+⟧\s*,\s+(?:a|an|the)\s+[a-z]|(?:^|\s)(?:a|an|the)\s+[a-z][^,⟦]{0,60},\s+⟦P")


def needs_parse(masked_sentence: str) -> bool:
    """Does a (masked) sentence hold a person beside a common-noun apposition?"""
    return bool(_APPOSITION_CUE.search(masked_sentence))


@lru_cache(maxsize=2)
def parser(names: tuple[str, ...] = DEFAULT_MODELS) -> Any:
    """The first installed model of ``names`` with only its token-to-vector layer and parser; None when
    none is installed (the posts that need syntax are then not read)."""
    import spacy

    for name in names:
        try:
            installed = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            installed = False
        if installed:
            return spacy.load(name, exclude=list(_NOT_NEEDED))
    return None


@dataclass
class Apposition:
    noun: str  # the post as written: "deputy spokeswoman", "researcher"
    noun_span: tuple[int, int]  # in the sentence
    complement: tuple[int, int] | None  # the object of its preposition (at/with/of/in/from), in the sentence


_PREPOSITIONS = {"at", "with", "of", "in", "from", "for"}


def appositions(sentence: str, name_span: tuple[int, int]) -> list[Apposition]:
    """Common nouns the name at ``name_span`` (offsets in ``sentence``) stands in apposition with."""
    nlp = parser()
    if nlp is None:
        return []
    doc = nlp(sentence)
    span = doc.char_span(*name_span, alignment_mode="expand")
    if span is None:
        return []
    root = span.root
    nouns = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        nouns.append(root.head)
    out = []
    for noun in nouns:
        # a common noun (the tagger does not run here: lower case says it)
        if not (noun.is_lower and noun.is_alpha) or noun.i in range(span.start, span.end):
            continue
        mods = [c for c in noun.children if c.dep_ in ("compound", "amod") and c.i < noun.i]
        first = min([noun.i] + [c.i for c in mods if c.i < noun.i])
        words = doc[first : noun.i + 1]
        complement = None
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in _PREPOSITIONS):
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            if objects:
                sub = list(objects[0].subtree)
                complement = (sub[0].idx, sub[-1].idx + len(sub[-1]))
                break
        out.append(Apposition(words.text, (words.start_char, words.end_char), complement))
    return out
