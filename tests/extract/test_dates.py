"""The 'dates' component: date expressions resolved against the publication date, with their precision."""

from __future__ import annotations

import datetime as dt

from communique.document import Article, Page
from communique.extract.dates import parse_date, resolve_dates
from communique.pipeline import Pipeline


def _one(text: str, base: dt.date | None, lang: str = "en"):
    found = resolve_dates(text, base, lang)
    assert len(found) == 1, [(d.text, d.value) for d in found]
    return found[0]


def test_dateline_is_day_first() -> None:
    assert parse_date("06.03.2023") == dt.date(2023, 3, 6)
    assert parse_date("15 September 2023") == dt.date(2023, 9, 15)
    assert parse_date("September 15, 2023") == dt.date(2023, 9, 15)
    assert parse_date("2023-09-15") == dt.date(2023, 9, 15)
    assert parse_date("6 марта 2023 г.") == dt.date(2023, 3, 6)


def test_parse_date_refuses_words_and_partial_dates() -> None:
    assert parse_date("we") is None
    assert parse_date("Back to the section") is None
    assert parse_date("September 2023") is None


def test_this_year_follows_the_base_not_the_clock() -> None:
    d = _one("On March 6 this year, the delegations met in Minsk.", dt.date(2019, 3, 7))
    assert (d.value, d.precision, d.text) == (dt.date(2019, 3, 6), "day", "March 6 this year")
    d = _one("the session held on September 16, this year, in Dushanbe", dt.date(2021, 11, 17))
    assert d.value == dt.date(2021, 9, 16)


def test_range_keeps_its_start_and_end() -> None:
    d = _one("The operation ran from 11 to 15 September, this year, in five states.", dt.date(2023, 9, 20))
    assert (d.value, d.end_value) == (dt.date(2023, 9, 11), dt.date(2023, 9, 15))
    d = _one("The forum is scheduled for 25-26 September 2024 in Minsk.", None)
    assert (d.value, d.end_value) == (dt.date(2024, 9, 25), dt.date(2024, 9, 26))
    d = _one("Training takes place from April 8 to 11, 2024 near Kazan.", None)
    assert (d.value, d.end_value) == (dt.date(2024, 4, 8), dt.date(2024, 4, 11))


def test_relative_days_and_weekdays() -> None:
    base = dt.date(2017, 1, 4)  # a Wednesday
    assert _one("He took office on Sunday.", base).value == dt.date(2017, 1, 1)
    assert _one("The ministers met on the eve of the summit.", base).value == dt.date(2017, 1, 3)
    assert _one("The talks ended yesterday.", base).value == dt.date(2017, 1, 3)
    # a weekday in a sentence about the future points forward
    assert _one("The summit, which begins on Thursday, will adopt a plan.", base).value == dt.date(2017, 1, 5)


def test_month_and_year_keep_their_precision() -> None:
    found = resolve_dates(
        "The memorandum signed in May 2018 was renewed last year; the plan for 2030.", dt.date(2020, 6, 1)
    )
    assert [(d.text, d.value, d.precision) for d in found] == [
        ("May 2018", dt.date(2018, 5, 1), "month"),
        ("last year", dt.date(2019, 1, 1), "year"),
        ("2030", dt.date(2030, 1, 1), "year"),
    ]


def test_words_and_numbers_that_are_not_dates() -> None:
    text = "We may agree. The Interaction-2023 drill involved 12,100 members and 61.5 kg were seized."
    assert resolve_dates(text, dt.date(2023, 5, 1)) == []


def test_undated_article_takes_the_year_of_its_own_full_dates() -> None:
    found = resolve_dates(
        "It ran from 11 to 15 September, this year. On 15 September 2023 results were summed up.", None
    )
    assert found[0].value == dt.date(2023, 9, 11)
    assert found[0].end_value == dt.date(2023, 9, 15)


def test_past_report_of_a_later_month_means_last_year() -> None:
    d = _one("In late December, the Secretary General said the issue would be solved.", dt.date(2017, 1, 4))
    assert (d.value, d.precision) == (dt.date(2016, 12, 1), "month")


def test_russian_dates() -> None:
    found = resolve_dates("6 марта 2023 года в Москве, накануне заседания", dt.date(2023, 3, 10), "ru")
    assert [(d.value, d.precision) for d in found] == [
        (dt.date(2023, 3, 6), "day"),
        (dt.date(2023, 3, 9), "day"),
    ]


def test_component_fills_article_dates_with_spans_and_sentences() -> None:
    article = Article(
        page=Page(text="", source="test"),
        published=dt.date(2023, 2, 20),
        body=["Intro line.", "On February 20 this year, the ministers met. They agreed."],
    )
    article = Pipeline(["dates"], {})(article)
    (d,) = article.dates
    assert article.text[d.start : d.end] == "February 20 this year"
    assert d.value == dt.date(2023, 2, 20)
    assert "the ministers met" in d.sentence and "Intro" not in d.sentence


def test_the_day_before_counts_from_the_date_told_last() -> None:
    found = resolve_dates("The summit was held on 5 May. The day before, the ministers met.", dt.date(2021, 5, 7))
    assert [(d.text, d.value) for d in found] == [
        ("5 May", dt.date(2021, 5, 5)),
        ("The day before", dt.date(2021, 5, 4)),
    ]
    found = resolve_dates("The ministers met on 5 May.\n\nThe next day, the leaders arrived.", dt.date(2021, 5, 9))
    assert found[-1].value == dt.date(2021, 5, 10)  # another paragraph: counted from the publication date
    assert _one("The experts met the day before.", dt.date(2021, 5, 7)).value == dt.date(2021, 5, 6)


def test_weekdays_in_prose_and_in_russian() -> None:
    base = dt.date(2017, 1, 4)  # a Wednesday
    assert _one("CSTO drills kicked off Monday in Armenia.", base).value == dt.date(2017, 1, 2)
    assert _one("Thursday's meeting was useful.", base).value == dt.date(2016, 12, 29)
    assert _one("Учения начались в понедельник.", base, "ru").value == dt.date(2017, 1, 2)
    # the publication's own weekday in a sentence about what comes is that day, "next" a week on
    assert _one("The visit starts on Wednesday and will last two days.", base).value == base
    assert _one("They will meet next Wednesday.", base).value == dt.date(2017, 1, 11)
    # a weekday heading a dateline is read with the date it names
    assert [d.value for d in resolve_dates("Monday, 2 January 2017", None)] == [dt.date(2017, 1, 2)]


def test_a_range_across_the_end_of_a_month() -> None:
    d = _one("The exercise runs from 30 to 2 November 2018.", None)
    assert (d.value, d.end_value) == (dt.date(2018, 10, 30), dt.date(2018, 11, 2))
