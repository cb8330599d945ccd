"""Placeholder for the 'nlp' component (being written)."""

from communique.document import Article
from communique.pipeline import component


@component("nlp")
def make_nlp(config: dict) -> object:
    def nlp(article: Article) -> Article:
        return article

    return nlp
