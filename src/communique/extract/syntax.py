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

Posts read on the parse: a post written as an apposition with a common noun ("Stanislav Pritchin, a
researcher at the Center for Post-Soviet Studies") is read by ``appositions``: which noun the name is in
apposition with and which organisation that noun's preposition governs. Only sentences that hold a person
and such an apposition are parsed (``needs_parse``), one at a time, by the same parsing model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from communique.extract.nlp import DEFAULT_MODELS, ModelMissingError, _installed

# The parse needs the tagger (and its tok2vec) and the parser; lemmas need a coarse POS and morphology. The
# model's attribute ruler gives them with a Matcher over every token, which costs as much as the parser; its
# one-token patterns (by fine tag, by word, by both) are dictionary lookups, so they are applied as such
# (``_attributes``); the dozen patterns that also look at the dependency label are left out.
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
                table = _attribute_table(nlp.get_pipe("attribute_ruler"))
                factory = f"communique_token_attributes_{id(nlp)}"
                Language.component(factory, func=lambda doc, t=table: _attributes(doc, t))
                nlp.add_pipe(factory, before="attribute_ruler")
                nlp.remove_pipe("attribute_ruler")
            if "lemmatizer" in nlp.pipe_names:
                # lemmas are asked for a few words of a sentence only (``lem``), not computed for every token
                _LEMMATIZERS[id(nlp.vocab)] = nlp.remove_pipe("lemmatizer")[1]
            return nlp
    raise ModelMissingError(f"no spaCy English model found (tried {', '.join(names)})")


AttributeTable = dict[tuple[str | None, str | None], dict[str, str]]


def _attribute_table(ruler: Any) -> AttributeTable:
    """(fine tag or None, lower-case word or None) -> attributes, from the ruler's one-token patterns."""
    table: AttributeTable = {}
    for pattern in ruler.patterns:
        attrs = {k: v for k, v in pattern["attrs"].items() if k in ("POS", "MORPH", "LEMMA")}
        for tokens in pattern["patterns"]:
            if len(tokens) != 1 or not attrs or not set(tokens[0]) <= {"TAG", "LOWER"}:
                continue
            tag = tokens[0].get("TAG")
            lower = tokens[0].get("LOWER")
            if isinstance(lower, dict) and set(lower) != {"IN"} or isinstance(tag, dict):
                continue  # other operators than a list of words: not a plain lookup
            for word in lower["IN"] if isinstance(lower, dict) else [lower]:
                table.setdefault((tag, word), {}).update(attrs)
    return table


def _attributes(doc: Any, table: AttributeTable) -> Any:
    for tok in doc:
        attrs: dict[str, str] = {}
        for key in ((tok.tag_, None), (None, tok.lower_), (tok.tag_, tok.lower_)):  # the more specific wins
            attrs.update(table.get(key, {}))
        if "POS" in attrs:
            tok.pos_ = attrs["POS"]
        if "MORPH" in attrs:
            tok.set_morph(attrs["MORPH"])
        if "LEMMA" in attrs:
            tok.lemma_ = attrs["LEMMA"]
    return doc


def parse(texts: list[str]) -> list[Any]:
    """Parsed, tagged and lemmatised spaCy Docs for ``texts`` (one batch)."""
    if not texts:
        return []
    docs = list(syntax_model().pipe(texts))
    for text, doc in zip(texts, docs, strict=True):
        doc.user_data["communique_text"] = text  # what doc_text would otherwise rebuild from every token
    return docs


_LEMMATIZERS: dict[int, Any] = {}


def token_at(doc: Any, idx: int) -> Any | None:
    """The token of ``doc`` that starts at character ``idx`` (the index is built once per doc)."""
    index = doc.user_data.get("communique_by_idx")
    if index is None:
        from spacy.attrs import IDX

        starts = doc.to_array(IDX).tolist() if len(doc) else []
        index = doc.user_data["communique_by_idx"] = {start: i for i, start in enumerate(starts)}
    i = index.get(idx)
    return doc[i] if i is not None else None


def doc_of(text: str, doc: Any) -> bool:
    """Was ``doc`` made from ``text``? (Compared by its ends, not by joining every token's text again.)"""
    if doc is None or not len(doc):
        return doc is not None and not text
    last = doc[-1]
    return (
        doc[0].idx == 0
        and last.idx + len(last.text_with_ws) == len(text)
        and text.startswith(doc[0].text)
        and text[last.idx : last.idx + len(last.text)] == last.text
    )


def doc_text(doc: Any) -> str:
    """``doc.text``, kept: spaCy joins every token's text each time it is asked."""
    text = doc.user_data.get("communique_text")
    if text is None:
        text = doc.user_data["communique_text"] = doc.text
    return text


@lru_cache(maxsize=1)
def _lemmatizer() -> tuple[Any, Any]:
    model = syntax_model()
    return model.vocab, _LEMMATIZERS[id(model.vocab)]


def lem(tok: Any) -> str:
    """The lemma of a parsed token (lower case): the model's own for the words it lists ("was" -> be), else
    its rule lemmatizer on the token's coarse POS and morphology ("told" -> tell, "press" -> press)."""
    if tok.lemma_:
        return tok.lemma_.lower()
    if tok.pos_ == "PROPN":
        # a capitalised common noun read as a name ("The Protocols were signed", a headline's "Talks")
        return _lemma(tok.lower_, "NOUN", "Number=Plur" if tok.tag_ == "NNPS" else "Number=Sing")
    if tok.pos_ not in ("NOUN", "VERB", "AUX", "ADJ"):
        return tok.lower_
    return _lemma(tok.lower_, tok.pos_, str(tok.morph))


@lru_cache(maxsize=65536)
def _lemma(word: str, pos: str, morph: str) -> str:
    from spacy.tokens import Doc

    vocab, lemmatizer = _lemmatizer()
    # the English rules know auxiliaries as verbs ("are" -> be)
    doc = Doc(vocab, words=[word], pos=["VERB" if pos == "AUX" else pos], morphs=[morph])
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


# ------------------------------------------------------------------------ posts in apposition

# "X, a researcher at Y", "X, the head of Y", "the head of Y, X": a name beside a common noun (masked
# sentences: see people._mask).
_APPOSITION_CUE = re.compile(r"⟦P\d+⟧\s*,\s+(?:a|an|the)\s+[a-z]|(?:^|\s)(?:a|an|the)\s+[a-z][^,⟦]{0,60},\s+⟦P")


def needs_parse(masked_sentence: str) -> bool:
    """Does a (masked) sentence hold a person beside a common-noun apposition?"""
    return bool(_APPOSITION_CUE.search(masked_sentence))


@dataclass
class Apposition:
    noun: str  # the post as written: "deputy spokeswoman", "researcher"
    noun_span: tuple[int, int]  # in the sentence
    complement: tuple[int, int] | None  # the object of its preposition (at/with/of/in/from), in the sentence


_PREPOSITIONS = {"at", "with", "of", "in", "from", "for"}


def appositions(sentence: str, name_span: tuple[int, int]) -> list[Apposition]:
    """Common nouns the name at ``name_span`` (offsets in ``sentence``) stands in apposition with."""
    try:
        doc = parse([sentence])[0]
    except ModelMissingError:
        return []  # no English model: the posts that need syntax are not read
    span = doc.char_span(*name_span, alignment_mode="expand")
    if span is None:
        return []
    root = span.root
    nouns = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        nouns.append(root.head)
    out = []
    for noun in nouns:
        # a common noun: lower case says it
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
