"""The one per-page function: a Page and its site model in, a cleaned and enriched Article out.

Local ingest, batch extraction and the Spark job all call ``process_page``, so every path
produces the same articles and facts.

Work per page is bounded. The extraction pipeline reads the article in windows of at most
``window_chars`` characters, cut at a paragraph break, else a line break, a sentence end or a
space; each window is a small article of its own and its facts are shifted into the whole
article's text. An ordinary article is one window, read exactly as before; a 5 MB page, or one
line of 100 KB, costs a number of windows proportional to its length, each bounded (spaCy's own
limit is 1,000,000 characters per text). What a window cannot see is lost at the edges: a name
defined in one window is not resolved in the next. After ``page_seconds`` the page keeps the facts
found so far and says so in its notes (and the run report lists it); the check comes between
windows, so a page costs at most the budget plus one window.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import re
import time
import weakref
from collections import OrderedDict, deque
from typing import TYPE_CHECKING, Any

from communique.config import DEFAULTS
from communique.document import PARAGRAPH_SEPARATOR, Article, Page, Teaser

if TYPE_CHECKING:
    from communique.clean.site_model import SiteModel
    from communique.pipeline import Pipeline

_FACT_LISTS = ("mentions", "dates", "posts", "events", "figures")
# A site repeats the same teasers (its latest news) on every page, so a crawl would run the same
# small texts through the pipeline thousands of times; their facts are kept per pipeline instead.
TEASER_MEMO_SIZE = 4096
_teaser_memos: weakref.WeakKeyDictionary[Any, OrderedDict[tuple, dict[str, list]]] = weakref.WeakKeyDictionary()
# The last sentence end in a stretch of text: a stop, maybe a closing quote or bracket, then space.
_SENTENCE_END = re.compile(r"[.!?…][\"'»”’)\]]*\s+")
PARTIAL = "partial"  # the key in Article.extra saying why a page's facts stop short


@dataclasses.dataclass
class _Budget:
    """When the page's extraction must stop, and what it had read by then."""

    deadline: float
    seconds: float
    spent: bool = False

    def over(self) -> bool:
        self.spent = self.spent or time.monotonic() > self.deadline
        return self.spent


def _limits(pipeline: Pipeline) -> tuple[int, float]:
    config = getattr(pipeline, "config", None) or {}
    return (int(config.get("window_chars") or DEFAULTS["window_chars"]),
            float(config.get("page_seconds") or DEFAULTS["page_seconds"]))


def process_page(page: Page, model: SiteModel | None, pipeline: Pipeline | None) -> Article:
    """Segment the page with its site model, then run the extraction pipeline (in bounded windows).

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
    window, seconds = _limits(pipeline)
    budget = _Budget(time.monotonic() + seconds, seconds)
    article = read_in_windows(article, pipeline, window, budget)
    for i, teaser in enumerate(article.teasers):
        if not teaser.text.strip():
            continue
        if budget.over():
            _stop(article, f"{len(article.teasers) - i} of {len(article.teasers)} teasers not read", budget)
            break
        for name, facts in teaser_facts(page, teaser, pipeline, window, budget).items():
            for fact in facts:
                fact.from_teaser = i
            getattr(article, name).extend(facts)
    _drop_unbounded_figures(article)
    return article


def teaser_facts(page: Page, teaser: Teaser, pipeline: Pipeline, window: int | None = None,
                 budget: _Budget | None = None) -> dict[str, list]:
    """The facts of a teaser read as a small article: fresh copies, from a memo when seen before.

    A teaser's facts depend only on its text, headline and date, and on the page's language
    (the one thing the components read from the page), so those are the memo's key.
    """
    memo = _teaser_memos.setdefault(pipeline, OrderedDict())
    key = (page.lang, teaser.title, teaser.date, teaser.text)
    facts = memo.get(key)
    if facts is None:
        size, seconds = _limits(pipeline)
        window = window or size
        budget = budget or _Budget(time.monotonic() + seconds, seconds)
        mini = read_in_windows(Article(page=page, title=teaser.title, published=teaser.date, body=[teaser.text]),
                               pipeline, window, budget)
        facts = {name: getattr(mini, name) for name in _FACT_LISTS}
        if PARTIAL not in mini.extra:  # a teaser cut short by the budget is read whole next time
            memo[key] = facts
            if len(memo) > TEASER_MEMO_SIZE:
                memo.popitem(last=False)
    else:
        memo.move_to_end(key)
    return copy.deepcopy(facts)


def windows(text: str, size: int) -> list[tuple[int, int]]:
    """[start, end) ranges of ``text``, in order, each at most ``size`` characters, covering all of it but
    the separators they were cut at: cut at the last paragraph break in the window's second half, else
    the last line break, sentence end or space there, else at ``size``. One pass over the text."""
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while start < n:
        if n - start <= size:
            out.append((start, n))
            break
        lo, hi = start + size // 2, start + size
        end = resume = -1
        for sep in (PARAGRAPH_SEPARATOR, "\n"):
            cut = text.rfind(sep, lo, hi)
            if cut > start:
                end, resume = cut, cut + len(sep)
                break
        if end < 0:
            last = deque(_SENTENCE_END.finditer(text, lo, hi), maxlen=1)
            cut = last[0].end() if last else text.rfind(" ", lo, hi) + 1
            end = resume = cut if cut > start else hi
        out.append((start, end))
        start = resume
    return out


def read_in_windows(article: Article, pipeline: Pipeline, size: int, budget: _Budget) -> Article:
    """``pipeline(article)``, or, for an article longer than ``size``, the pipeline over each window, the
    facts gathered into ``article`` with their spans moved to the whole text (see the module docstring)."""
    text = article.text
    title_cut = article.title is not None and len(article.title) > size
    if len(text) <= size and not title_cut:
        return pipeline(article)
    from communique.extract.dates import article_lang

    # Every window is read in the language of the whole article (its title and its start).
    page = dataclasses.replace(article.page, lang=article_lang(article))
    spans = windows(text, size) or [(0, 0)]  # no body: the one window still reads the title
    if title_cut:
        article.page.notes.append(f"title of {len(article.title or '')} characters: facts read from its first {size}")
    for k, (start, end) in enumerate(spans):
        if k and budget.over():
            _stop(article, f"facts from the first {start} of {len(text)} characters", budget)
            break
        part = Article(page=page, title=(article.title or "")[:size] if k == 0 and article.title else None,
                       published=article.published, published_from=article.published_from,
                       body=text[start:end].split(PARAGRAPH_SEPARATOR))
        part = pipeline(part)
        _gather(article, part, start)
    if len(spans) > 1:
        article.page.notes.append(f"extraction cut {len(text)} characters into {len(spans)} windows of at most "
                                  f"{size}: no fact links across windows")
    return article


def _gather(article: Article, part: Article, offset: int) -> None:
    """Move a window's facts into the article: body spans shifted by ``offset``, event links renumbered."""
    events_before = len(article.events)
    figures_before = len(article.figures)
    for name in _FACT_LISTS:
        facts = getattr(part, name)
        for fact in facts:
            if not fact.in_title:
                fact.start += offset
                fact.end += offset
        getattr(article, name).extend(facts)
    for figure in part.figures:
        if figure.event is not None:
            figure.event += events_before
        if figure.part_of is not None:  # the index of its total, among the article's figures
            figure.part_of += figures_before


def _stop(article: Article, what: str, budget: _Budget) -> None:
    note = f"extraction stopped after the page's budget of {budget.seconds:g} s: {what}"
    article.extra[PARTIAL] = f"{article.extra[PARTIAL]}; {what}" if PARTIAL in article.extra else note
    article.page.notes.append(note)


def _drop_unbounded_figures(article: Article) -> None:
    """A number no float holds (310 digits) is read as infinity: such a figure is not kept, and the page says so."""
    kept = [f for f in article.figures if math.isfinite(f.value)]
    if len(kept) < len(article.figures):
        dropped = [f.text or f.sentence for f in article.figures if not math.isfinite(f.value)]
        article.page.notes.append(f"{len(dropped)} figure(s) beyond any float not stored: "
                                  + "; ".join(d[:24] + ("…" if len(d) > 24 else "") for d in dropped[:3]))
        article.figures = kept
