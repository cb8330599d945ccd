"""Placeholder for the 'events' component (being written)."""

from communique.document import Article
from communique.pipeline import component


@component("events")
def make_events(config: dict) -> object:
    def events(article: Article) -> Article:
        return article

    return events
