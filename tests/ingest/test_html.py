"""HTML to main text: trafilatura first, its baseline when it finds nothing, bombs refused, deep nesting flattened."""

from __future__ import annotations

import pytest

from communique.ingest.html import MAX_NESTING, HtmlBomb, check_shape, flatten, html_to_text

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
    with pytest.raises(HtmlBomb, match="tags"):
        check_shape("<br>" * 100, max_tags=50)
    assert check_shape("<div>" * 2_000) == 2_000
    # unclosed paragraphs and list items do not count as nesting
    assert check_shape("<body>" + "<p>para" * 5_000 + "<ul>" + "<li>item" * 5_000 + "</ul></body>") == 2


def test_a_start_tag_never_closed_is_no_tag() -> None:
    # "<a " without ">" again and again: the scan stops at each next "<" (one pass, not one per "<a ")
    assert check_shape("<body><div>x</div>" + "<a " * 50_000) == 2  # body, div: no "<a " counts
    assert check_shape('<div title="a<b">x</div>') == 1  # '<b">' read as a tag: approximate


@pytest.mark.parametrize("depth", [MAX_NESTING + 60, 5_000])
def test_text_nested_deeper_than_the_parser_goes_is_kept(depth: int) -> None:
    prose = "Harbour pilots from five ports met in Bergen to agree on common radio procedures for fog. " * 3
    html = ("<html><head><title>Pilots met</title></head><body>" + "<div>" * depth + f"<p>{prose}</p>"
            + "</div>" * depth + "</body></html>")
    found = html_to_text(html)
    assert "common radio procedures for fog" in found.text
    assert found.notes == [f"HTML nested {depth + 2} deep: tags below level {MAX_NESTING} removed, their text kept"]


def test_flatten_drops_only_the_tags_below_the_limit() -> None:
    html = "<div><section><b>one</b><span>two</span></section></div><i>three</i>"
    assert flatten(html, max_depth=1) == "<div>  one  two  </div><i>three</i>"
    assert flatten(html, max_depth=3) == html
    assert check_shape(flatten("<div>" * 900 + "x" + "</div>" * 900)) == MAX_NESTING
