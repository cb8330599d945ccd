"""The one per-page function: a Page and its site model in, a cleaned and enriched Article out.

Local ingest, batch extraction and the Spark job all call ``process_page``, so every path
produces the same articles and facts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from communique.document import Article, Page

if TYPE_CHECKING:
    from communique.clean.site_model import SiteModel
    from communique.pipeline import Pipeline

_FACT_LISTS = ("mentions", "dates", "posts", "events", "figures")


def process_page(page: Page, model: SiteModel | None, pipeline: Pipeline | None) -> Article:
    """Segment the page with its site model, then run the extraction pipeline.

    Teasers announce other articles: they are run through the pipeline as small articles of
    their own (dated by the teaser's date, not this page's), and their facts are attached
    with ``from_teaser`` set and spans into the teaser's text (into the teaser's headline when
    also ``in_title``), so they can serve as evidence of those other articles without ever
    counting as facts of this one.
    """
    from communique.clean.segment import segment

    article = segment(page, model)
    if pipeline is None:
        return article
    article = pipeline(article)
    for i, teaser in enumerate(article.teasers):
        if not teaser.text.strip():
            continue
        mini = pipeline(Article(page=page, title=teaser.title, published=teaser.date, body=[teaser.text]))
        for name in _FACT_LISTS:
            facts = getattr(mini, name)
            for fact in facts:
                fact.from_teaser = i
            getattr(article, name).extend(facts)
    return article
