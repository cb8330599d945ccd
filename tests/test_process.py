"""Bounded work per page: the pipeline reads long articles in windows, within a time budget."""

from __future__ import annotations

import math
import time

import pytest

from communique import config
from communique.document import Figure, Mention, Page
from communique.pipeline import Pipeline, component
from communique.process import PARTIAL, process_page, windows

# Paragraphs differ (a paragraph printed twice is dropped as a repeat) but hold the same kinds of facts.
PARAGRAPH = ("On {day} May 2023 the Secretary General of the CSTO met the ministers of defence of Armenia and "
             "Belarus in Minsk. Border guards seized {kg} kg of heroin near Osh, the ministry said.")
_LENGTHS: list[int] = []


@component("test_record_length")
def _make_recorder(cfg: dict) -> object:
    def record(article):  # the text each pipeline call reads; a mention of every "Minsk" in it
        _LENGTHS.append(len(article.text))
        start = article.text.find("Minsk")
        while start >= 0:
            article.mentions.append(Mention(start, start + 5, "", text="Minsk", kind="place"))
            start = article.text.find("Minsk", start + 1)
        return article
    return record


@component("test_slow")
def _make_slow(cfg: dict) -> object:
    def slow(article):
        time.sleep(0.05)
        start = article.text.find("Minsk")
        if start >= 0:
            article.mentions.append(Mention(start, start + 5, "", text="Minsk", kind="place"))
        return article
    return slow


@component("test_huge_figure")
def _make_huge(cfg: dict) -> object:
    def huge(article):
        article.figures.append(Figure(0, 3, "", value=math.inf, text="9" * 310))
        article.figures.append(Figure(0, 3, "", value=340.0, unit="kg", text="340 kg"))
        return article
    return huge


def _page(n_paragraphs: int, sep: str = "\n\n") -> Page:
    paragraphs = [PARAGRAPH.format(day=1 + i % 28, kg=100 + i) for i in range(n_paragraphs)]
    return Page(text="Ministers met in Minsk\n\n" + sep.join(paragraphs), source="test", site="windows.example")


@pytest.mark.parametrize("size", [50, 300, 2_000])
def test_windows_cover_the_text_in_order_each_within_the_size(size: int) -> None:
    text = ("Short one. " * 40 + "\n\n" + "x" * 900 + " " + "word " * 200 + "\nlast line. ") * 3
    spans = windows(text, size)
    assert all(0 < e - s <= size for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    # only separators are left between windows: a paragraph or line break, or nothing
    assert all(text[a[1]:b[0]] in ("", "\n\n", "\n") for a, b in zip(spans, spans[1:], strict=False))


def test_windows_cut_at_a_paragraph_then_a_sentence_then_a_space() -> None:
    assert windows("aaaa bbbb\n\ncccc dddd eeee", 14) == [(0, 9), (11, 25)]
    assert windows("Aaa bbb. Ccc ddd eee fff", 12) == [(0, 9), (9, 21), (21, 24)]
    assert windows("aaaa bbbb cccc dddd", 12) == [(0, 10), (10, 19)]
    assert windows("x" * 25, 10) == [(0, 10), (10, 20), (20, 25)]
    assert windows("short", 10) == [(0, 5)]


def test_a_long_article_is_read_in_windows_and_every_fact_points_into_the_whole_text() -> None:
    cfg = {**config.load(), "window_chars": 1_000}
    _LENGTHS.clear()
    article = process_page(_page(60), None, Pipeline(["test_record_length"], cfg))
    assert max(_LENGTHS) <= 1_000 and len(_LENGTHS) > 10
    body = [m for m in article.mentions if not m.in_title]
    assert len(body) == 60 and all(article.text[m.start:m.end] == "Minsk" for m in body)
    assert any("windows of at most 1000" in n for n in article.page.notes)


def test_one_line_without_breaks_is_cut_at_sentence_ends() -> None:
    cfg = {**config.load(), "window_chars": 1_000}
    _LENGTHS.clear()
    article = process_page(_page(60, sep=" "), None, Pipeline(["test_record_length"], cfg))
    assert max(_LENGTHS) <= 1_000
    assert [article.text[m.start:m.end] for m in article.mentions] == ["Minsk"] * 60


def test_an_ordinary_article_is_one_window_read_as_before() -> None:
    _LENGTHS.clear()
    article = process_page(_page(3), None, Pipeline(["test_record_length"], config.load()))
    assert _LENGTHS == [len(article.text)] and not any("windows" in n for n in article.page.notes)


def test_the_real_pipeline_finds_the_same_facts_in_every_window() -> None:
    cfg = config.load()
    one = process_page(_page(1), None, Pipeline(cfg["pipeline"], cfg))
    many = process_page(_page(40), None, Pipeline(cfg["pipeline"], {**cfg, "window_chars": 1_500}))
    assert any("windows" in n for n in many.page.notes)
    for name in ("dates", "figures"):
        assert len(getattr(many, name)) == 40 * len(getattr(one, name)) > 0
    def body_places(article):
        return [m for m in article.mentions if m.kind == "place" and not m.in_title]
    assert len(body_places(many)) == 40 * len(body_places(one)) > 0
    assert [m.text for m in many.mentions if m.in_title] == [m.text for m in one.mentions if m.in_title] == ["Minsk"]
    for fact in many.mentions + many.dates + many.figures:
        assert (many.title if fact.in_title else many.text)[fact.start:fact.end] == fact.text
        assert fact.sentence in (many.title if fact.in_title else many.text)


def test_the_budget_stops_a_page_keeping_what_was_found() -> None:
    cfg = {**config.load(), "window_chars": 1_000, "page_seconds": 0.12}
    article = process_page(_page(60), None, Pipeline(["test_slow"], cfg))
    assert 1 <= len(article.mentions) < 20
    assert "budget of 0.12 s" in article.extra[PARTIAL] and "characters" in article.extra[PARTIAL]
    assert article.extra[PARTIAL] in article.page.notes


def test_a_figure_no_float_holds_is_not_kept_and_the_page_says_so() -> None:
    article = process_page(_page(1), None, Pipeline(["test_huge_figure"], config.load()))
    assert [f.text for f in article.figures] == ["340 kg"]
    assert any(n.startswith("1 figure(s) beyond any float not stored: 999") for n in article.page.notes)


def test_a_310_digit_number_in_text_is_no_figure() -> None:
    cfg = config.load()
    page = Page(text="Seizure near Osh\n\nOn 3 May 2021 border guards seized " + "9" * 310
                + " kg of heroin near Osh.", source="test", site="windows.example")
    article = process_page(page, None, Pipeline(cfg["pipeline"], cfg))
    assert all(math.isfinite(f.value) for f in article.figures)


def test_a_title_longer_than_a_window_is_read_up_to_the_window_even_without_a_body() -> None:
    from communique.document import Article
    from communique.process import _Budget, read_in_windows

    _LENGTHS.clear()
    article = Article(page=Page(text="", source="test"), title="Minsk " * 400, body=[])
    article = read_in_windows(article, Pipeline(["test_record_length"], {}), 1_000, _Budget(time.monotonic() + 60, 60))
    assert _LENGTHS == [0]  # one window, an empty body, the title cut to the window
    assert any("title of 2400 characters: facts read from its first 1000" in n for n in article.page.notes)
