"""A weekday is resolved by the tense of the report it is told in, not by a quotation's: constructed sentences,
published on Wednesday 16 September 2020."""

from __future__ import annotations

import datetime as dt

from communique.extract.dates import resolve_dates

WEDNESDAY = dt.date(2020, 9, 16)


def _weekday(text: str) -> dt.date | None:
    return next(d.value for d in resolve_dates(text, WEDNESDAY) if "day" in d.text.lower())


def test_a_future_quotation_does_not_move_the_weekday_of_its_report_ahead() -> None:
    text = '"The next session will take place next year," he told reporters after the meeting on Thursday.'
    assert _weekday(text) == dt.date(2020, 9, 10)


def test_a_weekday_right_after_a_reporting_verb_is_the_day_of_the_report() -> None:
    assert _weekday("He said on Thursday that the session will be held in October.") == dt.date(2020, 9, 10)
    assert _weekday("The minister told reporters on Monday the summit will open in May.") == dt.date(2020, 9, 14)


def test_a_weekday_of_a_future_clause_is_still_ahead() -> None:
    assert _weekday("The meeting will be held in Minsk on Thursday, the minister said.") == dt.date(2020, 9, 17)
    assert _weekday("The forum, which begins on Thursday, will gather experts.") == dt.date(2020, 9, 17)


def test_a_future_word_of_a_dependent_clause_does_not_move_the_weekday_of_the_main_one() -> None:
    text = (
        "The foreign minister said at a meeting of the Northern Council on Tuesday that documents were prepared "
        "for the upcoming summit."
    )
    assert _weekday(text) == dt.date(2020, 9, 15)
    text = "The warden arrived in Lakeport on Monday leading a delegation that will assess the harbour."
    assert _weekday(text) == dt.date(2020, 9, 14)


def test_a_future_word_after_the_weekday_in_its_own_clause_still_counts() -> None:
    assert _weekday("On Friday, the ministers will meet in Lakeport.") == dt.date(2020, 9, 18)


def test_a_headlines_infinitive_puts_its_day_ahead() -> None:
    headline = "Council heads of government to meet in Lakeport on Dec 30"
    assert [d.value for d in resolve_dates(headline, WEDNESDAY, headline=True)] == [dt.date(2020, 12, 30)]
    # in running text the same words may report a decision taken last year
    assert [d.value for d in resolve_dates(headline, WEDNESDAY)] == [dt.date(2019, 12, 30)]


def test_a_headlines_date_keeps_the_headline_as_its_sentence() -> None:
    headline = "Council heads of government to meet in Lakeport on Dec 30"
    assert [d.sentence for d in resolve_dates(headline, WEDNESDAY, headline=True)] == [headline]
