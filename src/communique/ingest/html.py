"""HTML to the page's main text with trafilatura, guarded against HTML bombs.

trafilatura finds the main text and the metadata (title, date); when it finds no main
text at all (a page that is mostly a list, an odd template) its own ``baseline`` keeps
every block's text so that the site model can still decide what is boilerplate.
Pathological documents (nesting thousands deep, millions of tags) make lxml and
trafilatura slow or recursive, so they are refused before parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MAX_DEPTH = 1_000  # real pages nest < 100 deep, even with unclosed tags
MAX_TAGS = 500_000

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/?)>")
# Elements that never have content, or whose end tag is commonly omitted: they do not nest.
_NO_NESTING = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "p li dt dd tr td th option thead tbody tfoot colgroup rt rp optgroup".split()
)


@dataclass
class HtmlText:
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    url: str | None = None
    notes: list[str] = field(default_factory=list)


class HtmlBomb(ValueError):
    """The document's shape (depth, tag count) is beyond what a web page has."""


def check_shape(html: str, max_depth: int = MAX_DEPTH, max_tags: int = MAX_TAGS) -> None:
    depth = tags = 0
    for match in _TAG.finditer(html):
        tags += 1
        if tags > max_tags:
            raise HtmlBomb(f"more than {max_tags} tags")
        closing, name, self_closing = match.groups()
        if name.lower() in _NO_NESTING or self_closing:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > max_depth:
                raise HtmlBomb(f"tags nested more than {max_depth} deep")


def html_to_text(html: str, url: str | None = None) -> HtmlText:
    """Main text and metadata of one HTML document; raises HtmlBomb for pathological input."""
    import trafilatura

    check_shape(html)
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True,
    )
    meta: dict[str, Any] = {}
    text = ""
    found_url = url
    if doc is not None:
        text = (doc.text or "").strip()
        for key in ("title", "date", "author", "sitename", "description"):
            value = getattr(doc, key, None)
            if value:
                meta[key] = value
        found_url = url or getattr(doc, "url", None)
    notes: list[str] = []
    if not text:
        _, text, _ = trafilatura.baseline(html)
        text = (text or "").strip()
        if text:
            notes.append("no main text found by trafilatura; all block text kept")
    return HtmlText(text=text, meta=meta, url=found_url or None, notes=notes)
