"""Placeholder for the 'figures' component (being written)."""

from communique.document import Article
from communique.pipeline import component


@component("figures")
def make_figures(config: dict) -> object:
    def figures(article: Article) -> Article:
        return article

    return figures
