"""Placeholder for the 'gazetteer_entities' component (being written)."""

from communique.document import Article
from communique.pipeline import component


@component("gazetteer_entities")
def make_entities(config: dict) -> object:
    def entities(article: Article) -> Article:
        return article

    return entities
