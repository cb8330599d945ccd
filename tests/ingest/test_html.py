"""HTML to main text: trafilatura first, its baseline when it finds nothing, bombs refused."""

from __future__ import annotations

import pytest

from communique.ingest.html import HtmlBomb, check_shape, html_to_text

ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Pilots met in Bergen | Harbour League</title>
<link rel="canonical" href="https://www.pilots.example/news/pilots-met-in-bergen">
<meta property="article:published_time" content="2025-03-12"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/contacts">Contacts</a></nav>
<main><article><h1>Pilots met in Bergen</h1>
<p>On March 12 this year, harbour pilots from five ports met in Bergen to agree on common radio procedures
for the approaches to their harbours in fog and at night.</p>
<p>The pilots adopted a shared list of call signs and agreed to test it during the autumn season.</p>
</article></main><footer>© Harbour League</footer></body></html>"""


def test_main_text_title_date_and_canonical_url() -> None:
    found = html_to_text(ARTICLE)
    assert "common radio procedures" in found.text and "shared list of call signs" in found.text
    assert "Contacts" not in found.text and "© Harbour League" not in found.text
    assert found.meta["title"] == "Pilots met in Bergen" and found.meta["date"] == "2025-03-12"
    assert found.url == "https://www.pilots.example/news/pilots-met-in-bergen" and found.notes == []


def test_baseline_keeps_block_text_when_trafilatura_finds_no_main_text() -> None:
    html = ('<html><body><div class="comments"><p>On May 4 this year the Council met in Oslo '
            'to discuss shipping lanes.</p></div></body></html>')
    found = html_to_text(html)
    assert found.text == "On May 4 this year the Council met in Oslo to discuss shipping lanes."
    assert found.notes == ["no main text found by trafilatura; all block text kept"]


def test_bombs_are_refused_before_parsing() -> None:
    with pytest.raises(HtmlBomb, match="nested"):
        check_shape("<div>" * 2_000)
    with pytest.raises(HtmlBomb, match="tags"):
        check_shape("<br>" * 100, max_tags=50)
    # unclosed paragraphs and list items do not count as nesting
    check_shape("<body>" + "<p>para" * 5_000 + "<ul>" + "<li>item" * 5_000 + "</ul></body>")
