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

# The parse needs the tagger (and its tok2vec) and the parser; lemmas need a coarse POS. The model's attribute
# ruler gives it with a Matcher over every token, which costs as much as the parser; the part of its table that
# maps a fine tag to a coarse POS is all the lemmatizer needs, so that mapping replaces it (see _pos_from_tag).
SYNTAX_EXCLUDE = ("ner", "senter")


@lru_cache(maxsize=2)
def syntax_model(names: tuple[str, ...] = DEFAULT_MODELS) -> Any:
    """The English pipeline that parses and lemmatises (cached per process)."""
    import spacy
    from spacy.language import Language

    for name in names:
        if _installed(name):
            nlp = spacy.load(name, exclude=list(SYNTAX_EXCLUDE))
            if "attribute_ruler" in nlp.pipe_names:
                tag_pos = _tag_pos(nlp.get_pipe("attribute_ruler"))
                factory = f"communique_pos_from_tag_{id(nlp)}"
                Language.component(factory, func=lambda doc, tags=tag_pos: _pos_from_tag(doc, tags))
                nlp.add_pipe(factory, before="attribute_ruler")
                nlp.remove_pipe("attribute_ruler")
            if "lemmatizer" in nlp.pipe_names:
                # lemmas are asked for a few words of a sentence only (``lem``), not computed for every token
                _LEMMATIZERS[id(nlp.vocab)] = nlp.remove_pipe("lemmatizer")[1]
            return nlp
    raise ModelMissingError(f"no spaCy English model found (tried {', '.join(names)})")


def _tag_pos(ruler: Any) -> dict[str, str]:
    """Fine tag -> coarse POS, from the attribute ruler's one-token tag patterns."""
    out = {}
    for pattern in ruler.patterns:
        tokens = pattern["patterns"][0]
        pos = pattern["attrs"].get("POS")
        if pos and len(tokens) == 1 and set(tokens[0]) == {"TAG"}:
            out[tokens[0]["TAG"]] = pos
    return out


# Auxiliaries the tag alone does not tell from full verbs (the attribute ruler knows them by their words).
AUXILIARIES = frozenset({"be", "am", "is", "are", "was", "were", "been", "being", "'s", "'re", "'m", "have", "has",
                         "had", "having", "'ve", "'d", "do", "does", "did", "will", "shall", "would", "should", "can",
                         "could", "may", "might", "must", "'ll", "wo", "ca"})


def _pos_from_tag(doc: Any, tag_pos: dict[str, str]) -> Any:
    for tok in doc:
        pos = tag_pos.get(tok.tag_)
        if pos == "VERB" and tok.lower_ in AUXILIARIES and tok.dep_ in ("aux", "auxpass", "ROOT", "ccomp", "conj"):
            pos = "AUX" if tok.dep_ in ("aux", "auxpass") or not any(c.dep_ == "dobj" for c in tok.children) else pos
        if pos:
            tok.pos_ = pos
    return doc


def parse(texts: list[str]) -> list[Any]:
    """Parsed, tagged and lemmatised spaCy Docs for ``texts`` (one batch)."""
    if not texts:
        return []
    return list(syntax_model().pipe(texts))


_LEMMATIZERS: dict[int, Any] = {}


def token_at(doc: Any, idx: int) -> Any | None:
    """The token of ``doc`` that starts at character ``idx`` (the index is built once per doc)."""
    index = doc.user_data.get("communique_by_idx")
    if index is None:
        index = doc.user_data["communique_by_idx"] = {t.idx: t.i for t in doc}
    i = index.get(idx)
    return doc[i] if i is not None else None


@lru_cache(maxsize=1)
def _lemmatizer() -> tuple[Any, Any]:
    model = syntax_model()
    return model.vocab, _LEMMATIZERS[id(model.vocab)]


def lem(tok: Any) -> str:
    """The lemma of a parsed token (lower case), by the model's rule lemmatizer on its coarse POS."""
    return _lemma(tok.lower_, tok.pos_) if tok.pos_ in ("NOUN", "VERB", "AUX", "ADJ") else tok.lower_


@lru_cache(maxsize=65536)
def _lemma(word: str, pos: str) -> str:
    from spacy.tokens import Doc

    vocab, lemmatizer = _lemmatizer()
    # the English rules know auxiliaries as verbs ("are" -> be, "will" -> will)
    doc = Doc(vocab, words=[word], pos=["VERB" if pos == "AUX" else pos])
    return lemmatizer.rule_lemmatize(doc[0])[0].lower()


def surface_forms(lemmas: frozenset[str], pos: str) -> frozenset[str]:
    """Every form the rule lemmatizer would take back to one of ``lemmas`` as a ``pos`` ("verb", "noun",
    "adj"): its suffix rules and exceptions read backwards ("meet" -> meets, meeting, met). Some forms are no
    English word; they only cost a set entry."""
    vocab, lemmatizer = _lemmatizer()
    rules = lemmatizer.lookups.get_table("lemma_rules")
    exc = lemmatizer.lookups.get_table("lemma_exc")
    key = vocab.strings[pos]
    out = set(lemmas)
    for old, new in rules[key] if key in rules else []:
        for lemma in lemmas:
            if lemma.endswith(new):
                out.add(lemma[: len(lemma) - len(new)] + old)
    if key in exc:
        for form, targets in exc[key].items():
            if set(targets) & lemmas:
                out.add(form)
    return frozenset(out)


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
