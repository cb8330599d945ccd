"""The one per-page function: a Page and its site model in, a cleaned and enriched Article out.

Local ingest, batch extraction and the Spark job all call ``process_page``, so every path
produces the same articles and facts.
"""

from __future__ import annotations

import copy
import weakref
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from communique.document import Article, Page, Teaser

if TYPE_CHECKING:
    from communique.clean.site_model import SiteModel
    from communique.pipeline import Pipeline

_FACT_LISTS = ("mentions", "dates", "posts", "events", "figures")
# A site repeats the same teasers (its latest news) on every page, so a crawl would run the same
# small texts through the pipeline thousands of times; their facts are kept per pipeline instead.
TEASER_MEMO_SIZE = 4096
_teaser_memos: weakref.WeakKeyDictionary[Any, OrderedDict[tuple, dict[str, list]]] = weakref.WeakKeyDictionary()


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
        for name, facts in teaser_facts(page, teaser, pipeline).items():
            for fact in facts:
                fact.from_teaser = i
            getattr(article, name).extend(facts)
    return article


def teaser_facts(page: Page, teaser: Teaser, pipeline: Pipeline) -> dict[str, list]:
    """The facts of a teaser read as a small article: fresh copies, from a memo when seen before.

    A teaser's facts depend only on its text, headline and date, and on the page's language
    (the one thing the components read from the page), so those are the memo's key.
    """
    memo = _teaser_memos.setdefault(pipeline, OrderedDict())
    key = (page.lang, teaser.title, teaser.date, teaser.text)
    facts = memo.get(key)
    if facts is None:
        mini = pipeline(Article(page=page, title=teaser.title, published=teaser.date, body=[teaser.text]))
        facts = memo[key] = {name: getattr(mini, name) for name in _FACT_LISTS}
        if len(memo) > TEASER_MEMO_SIZE:
            memo.popitem(last=False)
    else:
        memo.move_to_end(key)
    return copy.deepcopy(facts)
