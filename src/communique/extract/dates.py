"""Placeholder for the 'dates' component (being written)."""

from communique.document import Article
from communique.pipeline import component


@component("dates")
def make_dates(config: dict) -> object:
    def dates(article: Article) -> Article:
        return article

    return dates
