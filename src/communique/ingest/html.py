"""HTML to the page's main text with trafilatura, guarded against HTML bombs.

trafilatura finds the main text and the metadata (title, date); when it finds no main
text at all (a page that is mostly a list, an odd template) its own ``baseline`` keeps
every block's text so that the site model can still decide what is boilerplate.

The shape of the document is checked first, in one linear pass over its tags: millions of
tags make lxml and trafilatura slow, so such a document is refused (HtmlBomb). Deep nesting
is not refused but flattened: libxml2's HTML parser (under lxml and trafilatura) stops at
about 255 levels and everything below is lost, so the tags nested deeper than
``MAX_NESTING`` are removed, their text kept, before parsing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

MAX_NESTING = 200  # real pages nest < 100 deep, even with unclosed tags; libxml2 gives up at ~255
MAX_TAGS = 500_000

# A tag ends at the first ">" and never spans a "<": each scan stops at the next "<", so a page of
# "<a " without ">" costs one pass, not one pass per "<a ". (A "<" inside an attribute value, which
# HTML allows but pages rarely use, only makes the nesting count approximate.)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^<>]*?(/?)>")
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


def _nests(match: re.Match[str]) -> bool:
    return not match.group(3) and match.group(2).lower() not in _NO_NESTING


def check_shape(html: str, max_tags: int = MAX_TAGS) -> int:
    """The document's deepest nesting, in one pass; raises HtmlBomb when it has more than ``max_tags`` tags."""
    depth = deepest = tags = 0
    for match in _TAG.finditer(html):
        tags += 1
        if tags > max_tags:
            raise HtmlBomb(f"more than {max_tags} tags")
        if not _nests(match):
            continue
        if match.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def flatten(html: str, max_depth: int = MAX_NESTING) -> str:
    """The document without the tags nested deeper than ``max_depth`` (each becomes a space; text is kept).

    An end tag is dropped when a start tag of its name was dropped and not yet closed: one pass.
    """
    out: list[str] = []
    last = depth = 0
    dropped: Counter[str] = Counter()
    for match in _TAG.finditer(html):
        if not _nests(match):
            continue
        name = match.group(2).lower()
        if match.group(1):
            if not dropped[name]:
                depth = max(0, depth - 1)
                continue
            dropped[name] -= 1
        elif depth < max_depth:
            depth += 1
            continue
        else:
            dropped[name] += 1
        out.append(html[last : match.start()])
        out.append(" ")
        last = match.end()
    out.append(html[last:])
    return "".join(out)


def html_to_text(html: str, url: str | None = None) -> HtmlText:
    """Main text and metadata of one HTML document; raises HtmlBomb for pathological input."""
    import trafilatura

    notes: list[str] = []
    depth = check_shape(html)
    if depth > MAX_NESTING:
        html = flatten(html)
        notes.append(f"HTML nested {depth} deep: tags below level {MAX_NESTING} removed, their text kept")
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
    if not text:
        _, text, _ = trafilatura.baseline(html)
        text = (text or "").strip()
        if text:
            notes.append("no main text found by trafilatura; all block text kept")
    return HtmlText(text=text, meta=meta, url=found_url or None, notes=notes)
