"""Syntax for the sentences that need it, and lemmas for the words that might.

The 'nlp' component runs spaCy's sentence recogniser and NER over the whole article; a dependency parse
costs about as much again, so it is not run there. An extractor that reads syntax (the events component)
first asks ``lemma_candidates`` whether a sentence holds a word it cares about, then parses only those
sentences with ``parse``: the same English model package, loaded a second time without NER and the
sentence recogniser, with its tagger, parser, attribute ruler and rule lemmatizer.

``lemma_candidates`` gives the lemmas a word can have as a verb, a noun or an adjective, from spaCy's own
rule lemmatizer tables, without tagging ("met" -> meet, "meetings" -> meeting): cheap enough for every word.

Russian sentences are not parsed; ``ru_word`` gives a word's lemma, part of speech, tense and number from
natasha's MorphVocab (pymorphy), which the Russian components already load.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from communique.extract.nlp import DEFAULT_MODELS, ModelMissingError, _installed

# The parse needs the tagger (and its tok2vec) and the parser; lemmas need the attribute ruler's coarse POS.
SYNTAX_EXCLUDE = ("ner", "senter")


@lru_cache(maxsize=2)
def syntax_model(names: tuple[str, ...] = DEFAULT_MODELS) -> Any:
    """The English pipeline that parses and lemmatises (cached per process)."""
    import spacy

    for name in names:
        if _installed(name):
            return spacy.load(name, exclude=list(SYNTAX_EXCLUDE))
    raise ModelMissingError(f"no spaCy English model found (tried {', '.join(names)})")


def parse(texts: list[str]) -> list[Any]:
    """Parsed, tagged and lemmatised spaCy Docs for ``texts`` (one batch)."""
    if not texts:
        return []
    return list(syntax_model().pipe(texts))


@lru_cache(maxsize=1)
def _lemmatizer() -> tuple[Any, Any]:
    model = syntax_model()
    return model.vocab, model.get_pipe("lemmatizer")


@lru_cache(maxsize=65536)
def lemma_candidates(word: str) -> frozenset[str]:
    """Every lemma ``word`` (lower case) can have as a verb, a noun or an adjective, and the word itself."""
    from spacy.tokens import Doc

    vocab, lemmatizer = _lemmatizer()
    out = {word}
    for pos in ("VERB", "NOUN", "ADJ"):
        doc = Doc(vocab, words=[word], pos=[pos])
        out.update(lemmatizer.rule_lemmatize(doc[0]))
    return frozenset(out)


@dataclass(frozen=True)
class RuWord:
    lemma: str
    pos: str | None  # OpenCorpora POS: NOUN, VERB, INFN, ADJF, PRTF, ...
    tense: str | None  # past | pres | futr
    plural: bool


@lru_cache(maxsize=1)
def _morph_vocab() -> Any:
    try:
        from natasha import MorphVocab
    except ImportError:
        return None
    return MorphVocab()


@lru_cache(maxsize=65536)
def ru_word(word: str) -> RuWord:
    """The most likely analysis of a Russian word (lower case); the word itself when natasha is absent."""
    vocab = _morph_vocab()
    if vocab is None:
        return RuWord(word, None, None, False)
    forms = vocab.parse(word)
    if not forms:
        return RuWord(word, None, None, False)
    tag = forms[0].tag
    return RuWord(forms[0].normal, tag.POS, tag.tense, tag.number == "plur")
