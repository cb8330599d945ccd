"""Placeholder for the 'people_posts' component (being written)."""

from communique.document import Article
from communique.pipeline import component


@component("people_posts")
def make_people(config: dict) -> object:
    def people(article: Article) -> Article:
        return article

    return people
