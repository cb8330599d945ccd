"""Where a stored page sits in its site's archive, and what the archive shows for what a page does not say.

- ``section_of``: the section of the site a page belongs to, from its URL's path: an article's section is
  the folder that holds it (``/news/news_odkb/<slug>/`` -> ``news/news_odkb``); a list page is the index of
  the folder it names (``/news/news_odkb/`` -> ``news/news_odkb``; a later page of it, ``/page/2/``, too).
  A leading segment naming the page's language (``/en/news/...``) is the language, not a section.
- ``url_key``, ``title_key``, ``lead_key``: the keys that link a teaser to the article it announces: the
  article's address (scheme, ``www.``, a trailing slash and the query left out), else its headline, else
  the opening words of its lead (a list item shows the article's own headline and lead), normalised.
- ``derived_title``: a title for an untitled article, from its first sentence; ``url_published``: a date
  for an undated page from a date stamped in its URL. Both are marked as derived where they are stored.

Pure functions of an Article and its page: no SQL (store/archive.py stores them), no state.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from communique.document import Article, Teaser

ROOT = ""  # the section of pages at the top of a site (and of pages without an address)
LEAD_WORDS = 12  # a lead key is the first this many words; a text with fewer gives none
TITLE_MIN_WORDS = 3  # "News", "Statements": a headline this short names a section, not one article
DERIVED_TITLE_WORDS = 24  # a derived title is the first sentence, cut at this many words
_WORD = re.compile(r"[^\W_]+")
_PAGE_SEGMENT = re.compile(r"^page[-_]?\d+$", re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    """A page's place in its site's archive and the keys teasers find it by."""

    kind: str  # article | list
    section: str
    url_key: str | None
    title_key: str | None
    lead_key: str | None
    derived_title: str | None  # the first sentence, for an article without a title


def entry(article: Article) -> Entry:
    page = article.page
    return Entry(
        kind=article.kind,
        section=section_of(page.url, article.kind, page.lang),
        url_key=url_key(page.url),
        title_key=title_key(article.title),
        lead_key=lead_key(article.text),
        derived_title=derived_title(article),
    )


def teaser_keys(teaser: Teaser) -> tuple[str | None, str | None, str | None]:
    """(url key, title key, lead key) of the article a teaser announces."""
    return url_key(teaser.url), title_key(teaser.title), lead_key(teaser.text)


# --- sections ------------------------------------------------------------------------------------


def _segments(url: str | None, lang: str | None) -> list[str]:
    if not url:
        return []
    try:
        path = urlsplit(url).path
    except ValueError:
        return []
    # as people read them: "/новости/" rather than "/%D0%BD%D0%BE…/"
    segments = [unquote(s).replace("/", "%2F") for s in path.split("/") if s]
    if segments and lang and segments[0].lower() == lang.split("-")[0].lower():
        segments = segments[1:]
    return segments


def section_of(url: str | None, kind: str = "article", lang: str | None = None) -> str:
    """The site's section a page belongs to, as a path without slashes at either end ('' for the top).

    Folders named by a number alone ("/2019/04/29/", "/news/20190429/533861.html", "/news/74464/print")
    number or date the items under a section, they are not sections: the archive's years stand for them."""
    segments = _segments(url, lang)
    if kind == "list":
        # a later page of a list ("/news/page/2/", "/news/page-2/") is still the index of its folder
        if len(segments) >= 2 and segments[-2].lower() == "page" and segments[-1].isdigit():
            segments = segments[:-2]
        elif segments and _PAGE_SEGMENT.match(segments[-1]):
            segments = segments[:-1]
    else:
        segments = segments[:-1]
    while segments and segments[-1].isdigit():
        segments = segments[:-1]
    return "/".join(segments)


def section_parents(section: str) -> list[str]:
    """The sections above one, the top first: 'a/b/c' -> ['', 'a', 'a/b']."""
    parts = [p for p in section.split("/") if p]
    return ["/".join(parts[:k]) for k in range(len(parts))]


# --- keys ----------------------------------------------------------------------------------------


def _words(text: str | None) -> list[str]:
    if not text:
        return []
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return _WORD.findall(folded)


def url_key(url: str | None) -> str | None:
    """An address as teasers and pages give it, compared without scheme, ``www.``, query, fragment and
    trailing slash; a query stays when the path alone names no page ("/?p=15897", "/en/?id=3"). courlan
    (trafilatura's URL library) normalises it first: host case, escapes, tracking parameters."""
    if not url:
        return None
    from courlan import normalize_url

    try:
        parts = urlsplit(normalize_url(url.strip()))
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if not host:
        return None
    host = host.removeprefix("www.")
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/")
    named = [s for s in path.split("/") if s]
    query = parts.query if parts.query and len(named) <= 1 else ""
    return f"{host}{path}" + (f"?{query}" if query else "")


def title_key(title: str | None) -> str | None:
    """A headline compared word by word, case and punctuation aside; None for a headline too short to name
    one article."""
    words = _words(title)
    return " ".join(words) if len(words) >= TITLE_MIN_WORDS else None


def lead_key(text: str | None) -> str | None:
    """The opening words of a text, compared as title_key compares headlines; None for a short text."""
    words = _words(text)
    return " ".join(words[:LEAD_WORDS]) if len(words) >= LEAD_WORDS else None


# --- what a page does not say ----------------------------------------------------------------------


@lru_cache(maxsize=4)
def _sentencizer(lang: str) -> Any:
    import spacy

    try:
        nlp = spacy.blank(lang)
    except (ImportError, KeyError):  # a language spaCy has no rules for: the multi-language tokenizer
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def first_sentence(text: str, lang: str | None = None) -> str:
    """The first sentence of a paragraph, by spaCy's rule-based sentencizer (its tokenizer keeps "Gen." or
    "U.S." whole in the languages it knows)."""
    code = (lang or "xx").split("-")[0].lower()
    nlp = _sentencizer(code if code in ("en", "ru") else "xx")
    doc = nlp(text[:2000])
    for sentence in doc.sents:
        found = sentence.text.strip()
        # an agency's dateline ("YEREVAN, MAY 24, ARMENPRESS.") has no word in lower case: not a sentence
        if any(w.islower() for w in _WORD.findall(found)):
            return found
    return text.strip()


def derived_title(article: Article) -> str | None:
    """An untitled article's first sentence, cut at DERIVED_TITLE_WORDS words (with "…"); None when the
    article has a title, or no text of its own (a list page)."""
    if article.title or article.kind != "article":
        return None
    paragraph = next((p for p in article.body if _words(p)), None)
    if paragraph is None:
        return None
    sentence = " ".join(first_sentence(paragraph, article.page.lang).split())
    words = sentence.split(" ")
    if len(words) > DERIVED_TITLE_WORDS:
        sentence = " ".join(words[:DERIVED_TITLE_WORDS]).rstrip(",;:–—-") + " …"
    return sentence


def url_published(article: Article) -> tuple[dt.date, str] | None:
    """(date, "url") for an undated page whose URL carries the site's date stamp ("/2019/04/29/")."""
    if article.published is not None:
        return None
    from communique.clean.datelines import url_date

    found = url_date(article.page.url)
    return (found, "url") if found is not None else None
