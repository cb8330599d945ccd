"""The named stages of segmentation and layout, one by one, on small inputs written for these tests."""

from __future__ import annotations

from communique.clean import cues
from communique.clean.layout import (
    _TITLE_CUES,
    Line,
    cut_copy,
    dated_items,
    find_layout,
    opens_text,
    split_lines,
    url_title_support,
)
from communique.clean.segment import (
    _LINE_RULES,
    _read,
    _read_line,
    _rule_headline_run,
    _rule_other_script,
)
from communique.clean.site_model import is_paginated
from communique.document import Page


def _page(text: str, url: str = "https://lakewire.example/news/554300") -> Page:
    return Page(text=text, source="test", url=url, site="lakewire.example")


def test_the_title_cues_and_the_line_rules_are_named_stages():
    assert [c.__name__ for c in _TITLE_CUES] == ["_cue_title_and_date", "_cue_before_date", "_cue_headline",
                                                 "_cue_repeated", "_cue_set_apart", "_cue_named_by_url"]
    assert all(rule.__name__.startswith("_rule_") for rule in _LINE_RULES)


def test_a_cut_copy_of_the_title():
    title = cues.norm("The wardens of the five basins agreed on a joint ice patrol")
    assert cut_copy(cues.norm("The wardens of the five basins agreed on a joint ice patrol 20.0"), title)
    assert cut_copy(cues.norm("The wardens of the fi"), title)
    assert not cut_copy(cues.norm("The wardens of"), cues.norm("The wardens"))  # longer than the title
    assert not cut_copy(cues.norm("The wardens of the five basins agreed on a joint ice patrol in May"), title)


def test_dated_items_count_headline_date_lead_items_only():
    items = "\n".join(f"Wardens meet in port {k}\n0{k}.05.2026\nThe wardens of the basins met in port {k} on Monday."
                      for k in range(1, 5))
    assert dated_items(split_lines(items)) == 4
    article = ("Wardens meet in Lakeport\n01.05.2026\nThe wardens met on Monday.\nThey agreed on a patrol.\n"
               "The patrol starts in May.\n")
    assert dated_items(split_lines(article)) == 0


def test_pagination_by_url():
    assert is_paginated("https://wardens.example/news/news_council/?PAGEN_1=2")
    assert is_paginated("https://wardens.example/news/page/3/")
    assert not is_paginated("https://wardens.example/?p=15897")
    assert not is_paginated("https://wardens.example/news/wardens-agree-to-patrol-the-ice/?page=2")


def test_a_paragraph_opening_with_an_agency_dateline_opens_the_text():
    assert opens_text("LAKEPORT, March 3. /LW/. The wardens of the five basins agreed on a joint ice patrol.")
    assert opens_text("LAKEPORT (LW) — The wardens of the five basins agreed on a joint ice patrol for the winter.")
    assert not opens_text("The wardens of the five basins agreed on a joint ice patrol for the winter.")
    assert not opens_text("LAKEPORT, March 3")  # a date line, not a paragraph


def test_the_url_names_the_article_when_it_speaks_the_pages_language():
    text = "Wardens agree to patrol the ice together\n\nThe wardens agreed to patrol the ice of Lake Vell."
    named = url_title_support("https://lakewire.example/wardens-agree-to-patrol-ice-together/", text)
    assert named is not None
    assert named(Line("Wardens agree to patrol the ice together", 0, "")) == 1.0
    assert named(Line("Crews to train in Lakeport first", 0, "")) < 0.4
    assert url_title_support("https://lakewire.example/storozha-dogovorilis-o-patrule/", text) is None
    assert url_title_support("https://lakewire.example/news/554300", text) is None


def test_find_layout_refuses_a_title_the_url_refuses():
    text = "Basin politics today\n\nThe wardens of the five basins agreed on Friday to patrol the ice together.\n"
    assert find_layout(text).title == 0
    assert find_layout(text, named=lambda line: 0.0).title is None


def test_one_line_rule_at_a_time():
    r = _read(_page("Wardens agree on a joint patrol\n\nThe wardens of the five basins agreed on Friday to patrol "
                    "the ice of Lake Vell together.\n\nСтражи договорились\n"), None)
    assert _rule_other_script(r, 2, r.lines[2])
    assert r.article.dropped[-1] == ("Стражи договорились", "other language")
    assert not _rule_other_script(r, 1, r.lines[1])
    # the site's other news below the text: only once the text has begun, and up to the page's end
    news = "\n".join(["Ferry timetable changes on the northern lakes from Monday",
                      "The new bridge over the Vell river opens to traffic next spring",
                      "Lakeport students win the regional rowing championship again"])
    r = _read(_page(f"Wardens agree on a joint patrol\n\nThe wardens of the five basins agreed on Friday to "
                    f"patrol the ice of Lake Vell together.\n\n\n{news}\n"), None)
    assert not _rule_headline_run(r, 2, r.lines[2])  # no body yet
    _read_line(r, 1)
    assert r.body and _rule_headline_run(r, 2, r.lines[2]) and r.footer
