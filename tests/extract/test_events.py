"""The 'events' component: typed frames with date, place, participants, name and status, one per happening.

The person and place mentions are given by hand here (the entity components are tested on their own),
so these tests exercise the frames alone.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from communique.document import Article, Mention, Page
from communique.pipeline import Pipeline

SHARED = Path(__file__).resolve().parents[3] / "shared"


def _mentions(text: str, kind: str, names: dict[str, str]) -> list[Mention]:
    out = []
    for surface, canonical in names.items():
        for m in re.finditer(re.escape(surface), text):
            out.append(
                Mention(
                    start=m.start(), end=m.end(), sentence="", text=surface, kind=kind, canonical=canonical
                )
            )
    return out


def _run(
    body: list[str],
    published: dt.date | None = None,
    title: str | None = None,
    persons: dict[str, str] | None = None,
    places: list[str] | None = None,
) -> Article:
    article = Article(
        page=Page(text="", source="test", lang="en"), title=title, published=published, body=body
    )
    text = article.text
    article.mentions = _mentions(text, "person", persons or {}) + _mentions(
        text, "place", {p: p for p in places or []}
    )
    if title is not None:
        titled = _mentions(title, "person", persons or {}) + _mentions(title, "place", {p: p for p in places or []})
        for m in titled:
            m.in_title = True  # as the entity components leave them: spans into the title
        article.mentions += titled
        article.extra["title_sentence_index"] = ([0], [(0, len(title))])  # the title was read
    return Pipeline(["dates", "events"], {})(article)


def _held(article: Article) -> list[tuple]:
    return [(e.type, e.date, e.place, tuple(e.participants)) for e in article.events if e.status == "held"]


def test_meeting_frame_and_a_definite_reference_fill_one_event() -> None:
    a = _run(
        [
            "On April 3 this year, the Secretary General Ivan Petrov met with the Minister of Defence, "
            "Army General Oleg Sidorenko.",
            "The meeting was held in the building of the Ministry in Minsk. They discussed the plan.",
        ],
        published=dt.date(2019, 4, 4),
        persons={"Ivan Petrov": "Ivan Petrov", "Oleg Sidorenko": "Oleg Sidorenko"},
        places=["Minsk"],
    )
    assert _held(a) == [("meeting", dt.date(2019, 4, 3), "Minsk", ("Ivan Petrov", "Oleg Sidorenko"))]
    ev = a.events[0]
    assert a.text[ev.start : ev.end] == "met" and ev.sentence.startswith("On April 3 this year")


def test_operation_with_range_and_name_in_an_undated_article() -> None:
    a = _run(
        [
            'A regional anti-drug operation "Border-Shield" was carried out from 4 to 8 June, this year, '
            "in the member states.",
            "Over 300 officers took part in the operation.",
            "On 8 June 2022, the results of the operation were summed up in Bishkek.",
        ],
        places=["Bishkek"],
    )
    ops = [e for e in a.events if e.type == "operation"]
    assert len(ops) == 1
    assert (ops[0].date, ops[0].end_date, ops[0].name) == (
        dt.date(2022, 6, 4),
        dt.date(2022, 6, 8),
        "Border-Shield",
    )


def test_planned_and_held_are_told_apart() -> None:
    a = _run(
        [
            "The ministers held a session of the Council in Astana on 2 March 2021.",
            'In October, the "Cooperation-2021" exercise and a staff training are planned.',
            "It was proposed to hold the next summit in Dushanbe.",
            "The next meeting of the Council will be held in Moscow.",
        ],
        published=dt.date(2021, 3, 2),
        places=["Astana", "Dushanbe", "Moscow"],
    )
    held = [(e.type, e.date, e.place) for e in a.events if e.status == "held"]
    planned = sorted((e.type, e.name or "") for e in a.events if e.status == "planned")
    assert held == [("session", dt.date(2021, 3, 2), "Astana")]
    assert ("exercise", "Cooperation-2021") in planned
    assert sum(t == "session" for t, _ in planned) == 2


def test_each_signing_is_its_own_agreement_but_a_restatement_is_not() -> None:
    a = _run(
        [
            "The leaders signed the Minsk Declaration on regional security.",
            "The heads of state also adopted a statement on drug control.",
            "The Minsk Declaration was signed in the presence of the press.",
        ],
        published=dt.date(2020, 11, 30),
    )
    agreements = [e for e in a.events if e.type == "agreement"]
    assert [e.name for e in agreements] == ["Minsk Declaration", None]
    assert all(e.date == dt.date(2020, 11, 30) for e in agreements)


def test_the_title_says_what_an_excerpt_cuts_off() -> None:
    a = _run(
        ["On November 29, 2021, the Secretary General St"],
        title="The Secretary General Pavel Orlov spoke at the plenary session of the Assembly",
        persons={"Pavel Orlov": "Pavel Orlov"},
    )
    got = {(e.type, e.date, tuple(e.participants)) for e in a.events}
    assert ("speech", dt.date(2021, 11, 29), ("Pavel Orlov",)) in got
    assert any(t == "session" for t, _, _ in got)


def test_a_statement_page_is_a_speech_by_its_speaker() -> None:
    a = _run(
        [
            '"The conflict must be resolved exclusively through negotiations. We are ready to help the '
            'parties with everything they need," the Secretary General Anna Kovalenko said.'
        ],
        persons={"Anna Kovalenko": "Anna Kovalenko"},
    )
    assert _held(a) == [("speech", None, None, ("Anna Kovalenko",))]


def test_a_statement_is_credited_to_the_sayer_not_the_nearest_name() -> None:
    names = {"Anna Kovalenko": "Anna Kovalenko", "Pavel Orlov": "Pavel Orlov", "Oleg Smirnov": "Oleg Smirnov"}
    # the subject before an apposition that names someone else
    a = _run(["Anna Kovalenko, who had worked with Pavel Orlov for years, said the border was calm."], persons=names)
    assert _held(a) == [("speech", None, None, ("Anna Kovalenko",))]
    # the subject, not a name right after the verb
    a = _run(["Anna Kovalenko said that Pavel Orlov had left for the border."], persons=names)
    assert _held(a) == [("speech", None, None, ("Anna Kovalenko",))]
    # after a quotation the sayer follows the verb, behind title words
    a = _run(
        ['"The border is calm now, and we expect it to stay calm," said Deputy Minister Oleg Smirnov, '
         "who had known Pavel Orlov for years."],
        persons=names,
    )
    assert _held(a) == [("speech", None, None, ("Oleg Smirnov",))]
    # someone's press service said it: no statement by a named person
    a = _run(["Pavel Orlov's press service said the border was calm."], persons=names)
    assert _held(a) == []


def test_events_inside_a_quotation_and_anniversaries_are_not_reported() -> None:
    a = _run(
        [
            '"Our services increase the effectiveness of the joint anti-drug operation and of the exercises '
            'we hold every year," the director noted.',
            "The ceremony marked the 30th anniversary of the signing of the Treaty.",
        ],
        published=dt.date(2022, 5, 16),
    )
    assert [e.type for e in a.events] == ["other"]


def test_telephone_conversations_with_two_people_are_two_calls() -> None:
    a = _run(
        ["Ivan Petrov had telephone conversations with Minister Ali Karimov and Minister Sabir Nazarov."],
        persons={
            "Ivan Petrov": "Ivan Petrov",
            "Ali Karimov": "Ali Karimov",
            "Sabir Nazarov": "Sabir Nazarov",
        },
    )
    assert sorted(tuple(e.participants) for e in a.events) == [
        ("Ivan Petrov", "Ali Karimov"),
        ("Ivan Petrov", "Sabir Nazarov"),
    ]


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "gold" / "seeds" / "gold.jsonl").exists(), reason="../shared not present")
def test_gold_events_meet_the_bar() -> None:
    # The bar holds on the sets it was written for; dev2 is a test set whose figures live in the benches.
    bench = Path(__file__).resolve().parents[2] / "bench" / "extract_oracle.py"
    sets = [str(SHARED / "gold" / name) for name in ("seeds", "dev", "press")]
    out = subprocess.run([sys.executable, str(bench), *sets], capture_output=True, text=True, check=True).stdout
    lines = [json.loads(x) for x in out.strip().splitlines()]
    assert {x["set"] for x in lines} == {"seeds", "dev", "press"}
    for scores in lines:
        assert scores["events"] >= 0.75, scores


def test_the_venue_is_a_city_after_a_locative_not_the_topic() -> None:
    a = _run(
        [
            "On 12 May 2022, the ministers held a session in the capital of Uzbekistan, Tashkent, "
            "to discuss the situation in Afghanistan."
        ],
        places=["Uzbekistan", "Tashkent", "Afghanistan"],
    )
    assert _held(a) == [("session", dt.date(2022, 5, 12), "Tashkent", ())]


def test_a_place_in_what_a_document_is_about_is_not_its_venue() -> None:
    a = _run(
        ["On 15 September 2021 the ministers adopted a statement on the state of affairs in Lakeland."],
        places=["Lakeland"],
    )
    assert _held(a) == [("agreement", dt.date(2021, 9, 15), None, ())]
    named = _run(
        ["On 15 September 2021 the meeting of the Council on Emergency Situations of the member states was held in "
         "Lakeport."],
        places=["Lakeport"],
    )
    assert [(e.date, e.place) for e in named.events] == [(dt.date(2021, 9, 15), "Lakeport")]


def test_a_transcript_speaker_gives_the_address_its_speaker() -> None:
    a = _run(
        ["President Boris Ivanov: Colleagues, welcome to Moscow.", "Thank you."],
        published=dt.date(2014, 12, 23),
        title="Address at the Council meeting",
        persons={"Boris Ivanov": "Boris Ivanov"},
    )
    speeches = [e for e in a.events if e.type == "speech"]
    assert [(e.date, e.participants) for e in speeches] == [(dt.date(2014, 12, 23), ["Boris Ivanov"])]


def test_russian_frames() -> None:
    article = Article(
        page=Page(text="", source="test", lang="ru"),
        published=dt.date(2023, 12, 13),
        body=["13 декабря в Москве состоялось заседание Совета. Следующее заседание пройдет в Минске."],
    )
    article = Pipeline(["dates", "events"], {})(article)
    assert [(e.type, e.status, e.date) for e in article.events] == [
        ("session", "held", dt.date(2023, 12, 13)),
        ("session", "planned", None),
    ]


def test_russian_relative_clauses_the_day_before_and_a_gathering_already_told() -> None:
    article = Article(
        page=Page(text="", source="test", lang="ru"),
        published=dt.date(2024, 3, 15),
        body=[
            "15 марта в Бишкеке состоялась встреча министров.",
            "В ходе встречи министр передал приглашение принять участие в заседании Совета, которое состоится "
            "28 мая в Минске.",
            "Накануне министр посетил штаб.",
        ],
    )
    article = Pipeline(["dates", "events"], {})(article)
    assert [(e.type, e.status, e.date) for e in article.events] == [
        ("meeting", "held", dt.date(2024, 3, 15)),  # "в ходе встречи" is that meeting, not another on 28 May
        ("session", "planned", dt.date(2024, 5, 28)),  # "которое состоится": this May, not last May
        ("visit", "held", dt.date(2024, 3, 14)),  # "Накануне" before a verb is the day before, not "ahead of"
    ]


def test_a_documents_own_date_does_not_date_what_is_done_with_it() -> None:
    a = _run(
        ["The lower house ratified the Protocol amending the Agreement of 12 March 2009 on joint air defence."],
        published=dt.date(2024, 5, 10),
    )
    assert [(e.type, e.date) for e in a.events if e.status == "held"] == [("agreement", dt.date(2024, 5, 10))]


def test_a_dateline_does_not_date_the_reported_event() -> None:
    a = _run(
        ["MINSK, 14 May (Agency) - The session of the Council of Ministers took place in Minsk on 13 May."],
        published=dt.date(2024, 5, 14),
        places=["Minsk"],
    )
    assert _held(a) == [("session", dt.date(2024, 5, 13), "Minsk", ())]


def test_announcements_are_planned() -> None:
    title = _run(["The agenda includes twelve items."], title="Minister to attend Council meeting in Astana")
    assert [e.status for e in title.events] == ["planned"]
    a = _run(
        [
            "The President is set to convene a summit of the bloc in Baku.",
            "Ahead of the summit, the foreign ministers met in Baku.",
        ],
        published=dt.date(2024, 6, 1),
        places=["Baku"],
    )
    assert [(e.type, e.status) for e in a.events] == [("session", "planned"), ("meeting", "held")]


def test_what_a_speaker_says_will_follow_does_not_make_the_signing_future() -> None:
    a = _run(
        ["The ministers signed a memorandum on cooperation, and the envoy noted that it will strengthen ties."],
        published=dt.date(2024, 6, 1),
    )
    assert [(e.type, e.status, e.date) for e in a.events] == [("agreement", "held", dt.date(2024, 6, 1))]


def test_a_reference_without_tense_joins_the_announced_gathering() -> None:
    a = _run(
        ["The summit will be held in Baku on 20 June.", "The summit is likely to consider the budget."],
        published=dt.date(2024, 6, 1),
        places=["Baku"],
    )
    assert [(e.type, e.status, e.date) for e in a.events] == [("session", "planned", dt.date(2024, 6, 20))]


def test_operations_in_general_are_not_an_operation_report() -> None:
    a = _run(
        [
            "The staff practised the preparation of a joint operation to free hostages.",
            "The forces are designed for participation in peacekeeping operations.",
        ],
        published=dt.date(2024, 6, 1),
    )
    assert [e.type for e in a.events if e.type == "operation"] == []


def test_are_to_take_part_is_planned() -> None:
    b = _run(
        ["The heads of the general staffs are to take part in the session of the Committee in Minsk."],
        published=dt.date(2024, 2, 1),
        places=["Minsk"],
    )
    assert [(e.type, e.status) for e in b.events] == [("session", "planned")]



def test_a_year_nearer_the_trigger_than_a_day_dates_the_event() -> None:
    a = _run(
        [
            "In 2019, border checks were carried out for the first time as a regional operation of the member "
            "states, the Statute of which was approved by the Council on 12 November 2018."
        ],
        published=dt.date(2020, 2, 1),
    )
    got = {(e.type, e.date) for e in a.events if e.status == "held"}
    assert got == {("operation", None), ("agreement", dt.date(2018, 11, 12))}


def test_a_past_report_about_the_meeting_is_not_the_announced_one() -> None:
    a = _run(
        [
            "The ministers will hold a meeting in Baku in June.",
            "At the meeting, the delegations discussed the plan of joint exercises.",
        ],
        published=dt.date(2024, 6, 30),
        places=["Baku"],
    )
    assert ("meeting", "held") in {(e.type, e.status) for e in a.events}


# --- triggers on lemmas and syntax, held vs planned by grammar, dates of sub-events, one event per occurrence


def test_ordinary_wordings_report_events() -> None:
    persons = {"Ivan Petrov": "Ivan Petrov", "Oleg Sidorenko": "Oleg Sidorenko"}
    cases = {
        "Ivan Petrov made a presentation on the results of the year.": "speech",
        "Ivan Petrov informed the members of the Council about the situation on the border.": "speech",
        "The ministers agreed on a plan of joint measures.": "agreement",
        "The working group was established by a decision of the Council dated 12 March 2020.": "agreement",
        "Ivan Petrov arrived in Minsk.": "visit",
        "Ivan Petrov opened the meeting of the Council.": "session",
        "Ivan Petrov received Oleg Sidorenko.": "meeting",
        "The Protocols were signed by the Presidents in Minsk.": "agreement",
        "Ivan Petrov noted at the summit that the border was calm.": "speech",
    }
    for sentence, etype in cases.items():
        a = _run([sentence], published=dt.date(2020, 3, 20), persons=persons, places=["Minsk"])
        held = [e.type for e in a.events if e.status == "held"]
        assert held == [etype] or (etype == "speech" and held == ["session", "speech"]), (sentence, held)
    title = _run(["The text of the document is published on the website."], title="Council adopts the budget")
    assert [(e.type, e.status, e.in_title) for e in title.events] == [("agreement", "held", True)]
    noun_title = _run(["Photo report."], title="Meeting of the Council of Ministers")
    assert [(e.type, e.status) for e in noun_title.events] == [("session", "held")]


def test_wordings_that_report_no_event() -> None:
    sentences = [
        "The staff talks were devoted to preparing trainings of the special forces.",
        "The forces met the requirements of the standard.",
        "Such meetings are useful for both sides.",
        "The plan provides for a number of major exercises in Belarus.",
        "Ivan Petrov chairs the organization this year.",
        "The meeting did not take place.",
    ]
    for sentence in sentences:
        a = _run([sentence], published=dt.date(2023, 2, 1), persons={"Ivan Petrov": "Ivan Petrov"})
        held = [e.type for e in a.events if e.status == "held"]
        assert "exercise" not in held and held in ([], ["meeting"], ["session"]), (sentence, held)
    talks = _run(["The staff talks were devoted to preparing trainings of the special forces."])
    assert [e.type for e in talks.events] == ["meeting"]
    assert _run(["The forces met the requirements of the standard."]).events == []
    assert _run(["The meeting did not take place."]).events == []


def test_held_or_planned_comes_from_the_governing_verb() -> None:
    published = dt.date(2021, 3, 2)
    expected = {
        "The next meeting of the Council was held in Minsk.": "held",
        "The last summit adopted a declaration.": "held",
        "The ministers will meet in Baku.": "planned",
        "The meeting is scheduled for the autumn.": "planned",
        "The President said that the summit would be held in Astana.": "planned",
        "The Secretary General commented on the upcoming exercises.": "planned",
        "The delegation arrived in Minsk to take part in the session of the Council.": "held",
        "The parties agreed to hold consultations in Moscow.": "planned",
    }
    for sentence, status in expected.items():
        a = _run([sentence], published=published, places=["Minsk", "Baku", "Astana", "Moscow"])
        statuses = {e.status for e in a.events if e.type in ("session", "meeting", "exercise")}
        assert statuses == {status}, (sentence, [(e.type, e.status) for e in a.events])


def test_a_speech_takes_the_date_of_the_session_it_was_given_at() -> None:
    a = _run(
        ["The session of the Council was held in Minsk on 12 May 2021.", "The delegations adopted a statement."],
        published=dt.date(2021, 5, 14),
        title="Speech of Ivan Petrov at the session of the Council",
        persons={"Ivan Petrov": "Ivan Petrov"},
        places=["Minsk"],
    )
    speech = next(e for e in a.events if e.type == "speech")
    assert (speech.date, speech.participants) == (dt.date(2021, 5, 12), ["Ivan Petrov"])
    session = next(e for e in a.events if e.type == "session")
    assert (session.date, session.place) == (dt.date(2021, 5, 12), "Minsk")


def test_a_signing_at_the_summit_takes_its_day_and_place() -> None:
    a = _run(
        ["The summit of the Organization was held in Astana on 4 July 2024.",
         "At the summit, the leaders signed the Astana Declaration."],
        published=dt.date(2024, 7, 10),
        places=["Astana"],
    )
    assert {(e.type, e.date, e.place) for e in a.events} == {
        ("session", dt.date(2024, 7, 4), "Astana"),
        ("agreement", dt.date(2024, 7, 4), "Astana"),
    }


def test_the_summit_its_session_and_its_plenary_of_one_day_are_one_event() -> None:
    a = _run(
        [
            "On 5 May 2021, the summit of the Organization was held in Minsk.",
            "The session of the Council opened on 5 May 2021 with a minute of silence.",
            "The plenary session was chaired by Ivan Petrov.",
        ],
        published=dt.date(2021, 5, 6),
        persons={"Ivan Petrov": "Ivan Petrov"},
        places=["Minsk"],
    )
    sessions = [e for e in a.events if e.type == "session"]
    assert len(sessions) == 1 and sessions[0].date == dt.date(2021, 5, 5)


def test_meetings_of_several_bodies_are_one_session_each() -> None:
    a = _run(
        ["This year, meetings of the Council of Defence Ministers and the Council of Foreign Ministers were held "
         "in Dushanbe."],
        published=dt.date(2021, 7, 28),
        places=["Dushanbe"],
    )
    assert [(e.type, e.place) for e in a.events] == [("session", "Dushanbe"), ("session", "Dushanbe")]


def test_the_day_before_dates_the_event_from_the_day_told_before() -> None:
    a = _run(
        ["The summit took place in Minsk on 5 May 2021. The day before, the ministers met in Minsk."],
        published=dt.date(2021, 5, 7),
        places=["Minsk"],
    )
    assert {(e.type, e.date) for e in a.events} == {("session", dt.date(2021, 5, 5)), ("meeting", dt.date(2021, 5, 4))}


def test_a_date_of_another_clause_is_not_the_events() -> None:
    a = _run(
        ["The chairmanship will pass to Kazakhstan on January 1, 2024, the President said during the session of "
         "the Council."],
        published=dt.date(2023, 11, 23),
    )
    # what the President said there is a speech given at the session, of the session's day
    assert {(e.type, e.status, e.date) for e in a.events} == {
        ("session", "held", dt.date(2023, 11, 23)),
        ("speech", "held", dt.date(2023, 11, 23)),
    }


def test_only_sentences_that_may_report_an_event_are_parsed() -> None:
    from communique.extract import events

    article = Article(
        page=Page(text="", source="test", lang="en"),
        body=["The weather was fine. The ministers met in Minsk.", "Prices rose by two percent."],
    )
    sentences, *_ = events.read_sentences(article, "en")
    events.parse_sentences(sentences, "en")
    assert [s.doc is not None for s in sentences] == [False, True, False]
    triggers = [events.sentence_triggers(s, "en") for s in sentences]
    assert [[t.type for t in ts] for ts in triggers] == [[], ["meeting"], []]


def test_the_type_table_is_shared_by_extraction_and_resolution() -> None:
    from communique.extract import event_types
    from communique.resolve import events as resolve_events

    assert event_types.synonyms("meeting", "session") and not event_types.synonyms("speech", "session")
    assert event_types.compatible("speech", "session") and event_types.compatible("visit", "meeting")
    assert not event_types.compatible("exercise", "operation")
    assert event_types.noun_type("manoeuvres") == "exercise" and event_types.noun_type("учения", "ru") == "exercise"
    assert event_types.vocabulary("ru").EVENT_NOUNS["заседание"] == "session"
    assert resolve_events.event_types is event_types  # resolution reads the same table


def test_russian_triggers_by_lemma_and_tense() -> None:
    article = Article(
        page=Page(text="", source="test", lang="ru"),
        published=dt.date(2023, 12, 13),
        body=["Стороны подписали соглашение о сотрудничестве. Учения проведут в октябре."],
    )
    article = Pipeline(["dates", "events"], {})(article)
    assert [(e.type, e.status) for e in article.events] == [("agreement", "held"), ("exercise", "planned")]


def test_the_stages_run_one_by_one() -> None:
    from communique.extract import events

    article = Article(
        page=Page(text="", source="test", lang="en"),
        published=dt.date(2022, 6, 20),
        title="Council of Ministers met in Minsk",
        body=["On 17 June 2022, the session of the Council was held in Minsk.", "The session adopted a plan."],
    )
    article.mentions = _mentions(article.text, "place", {"Minsk": "Minsk"})
    sentences, *_ = events.read_sentences(article, "en")
    assert [s.in_title for s in sentences] == [True, False, False]
    assert events.news_day(sentences, article.published) == dt.date(2022, 6, 17)
    events.parse_sentences(sentences, "en")
    for s in sentences:
        s.triggers = events.sentence_triggers(s, "en")
    # "the Council met" is a session; "the session of the Council" and "The session" refer back to it and
    # give it its day
    frames = events.build_frames(sentences, article.published, dt.date(2022, 6, 17))
    assert [(e.type, e.in_title) for e in frames.events] == [("session", True), ("agreement", False)]
    merged = events.merge_occurrences(frames)
    assert [(e.type, e.date, e.place) for e in merged] == [
        ("session", dt.date(2022, 6, 17), "Minsk"),
        ("agreement", dt.date(2022, 6, 17), None),
    ]


def test_a_name_given_by_a_naming_verb_belongs_to_the_event_noun_however_long_its_complements() -> None:
    a = _run(
        [
            "The first stage of the joint operation conducted by the border services of the member states of the "
            "Northern Council, dubbed Harbour Watch 2019, ended on Monday.",
            "During the stage, 120 kilograms of heroin were seized over the first stage of the operation.",
        ],
        published=dt.date(2019, 9, 4),
    )
    assert [(e.type, e.name) for e in a.events if e.type == "operation"][:1] == [("operation", "Harbour Watch 2019")]


def test_what_leaders_are_expected_to_do_and_what_a_body_did_several_times_are_not_held() -> None:
    a = _run(
        [
            "The wardens are expected to review the season, approve the quotas for the coming year and sign "
            "several protocols.",
            "Over the years the board has held many workshops and joint rescue exercises.",
            "On May 3, the ministers signed an agreement in Velmar.",
        ],
        published=dt.date(2023, 5, 4),
        places=["Velmar"],
    )
    assert _held(a) == [("agreement", dt.date(2023, 5, 3), "Velmar", ())]
    assert [e.type for e in a.events if e.status == "planned"] == ["agreement"]


def test_not_taking_part_in_a_meeting_does_not_undo_it_but_its_not_taking_place_does() -> None:
    a = _run(
        ["The Lakeland delegation did not take part in the meeting of the Council held on 21 June in Lakeport."],
        published=dt.date(2023, 6, 22),
        places=["Lakeport"],
    )
    assert [(e.type, e.date, e.place, e.status) for e in a.events] == [
        ("session", dt.date(2023, 6, 21), "Lakeport", "held")
    ]
    cancelled = _run(["The meeting of the Council did not take place on 21 June."], published=dt.date(2023, 6, 22))
    assert cancelled.events == []


def test_an_operation_named_after_its_noun_takes_the_status_of_the_verb_it_is_the_object_of() -> None:
    planned = _run(["The member states plan to carry out Operation Driftnet, a counter-smuggling operation."])
    assert [(e.type, e.status) for e in planned.events] == [("operation", "planned")]
    held = _run(["The member states carried out Operation Driftnet in the harbour."])
    assert [(e.type, e.status) for e in held.events] == [("operation", "held")]


def test_a_list_of_participants_broken_by_a_stray_full_stop_goes_on_naming_the_gatherings_participants() -> None:
    people = {n: n for n in ("Ivan Petrov", "Oleg Sidorenko", "Boris Ivanov", "Anna Lind")}
    a = _run(
        [
            "On 29 September 2025 the meeting of the Council of Heads of Government was held in Lakeport.",
            "The meeting was attended by the Prime Minister of Lakeland Ivan Petrov, Chairman of the Cabinet of "
            "Ministers. Moravia Oleg Sidorenko, Chairman of the Government Boris Ivanov.",
            "Anna Lind thanked the hosts for the warm welcome.",
        ],
        persons=people,
        places=["Lakeport"],
    )
    sessions = [e for e in a.events if e.type == "session"]
    assert [e.participants for e in sessions] == [["Ivan Petrov", "Oleg Sidorenko", "Boris Ivanov"]]


def test_what_talks_are_about_is_their_topic_not_a_happening() -> None:
    a = _run(["On 3 June the Republic of Lakeland hosted the second staff talks on the exercise."],
             published=dt.date(2024, 6, 4))
    assert [(e.type, e.date) for e in a.events] == [("meeting", dt.date(2024, 6, 3))]
    b = _run(["The ministers held talks on the sidelines of the summit in Lakeport on 3 June."],
             published=dt.date(2024, 6, 4), places=["Lakeport"])
    assert {e.type for e in b.events} == {"meeting", "session"}  # the sidelines of a summit are no topic


def test_the_city_that_hosts_a_gathering_is_its_venue_a_host_state_is_not_said_to_be() -> None:
    a = _run(["On 3 June the capital of Kyrgyzstan, Bishkek, hosted a meeting of the Council of Ministers."],
             published=dt.date(2024, 6, 4), places=["Kyrgyzstan", "Bishkek"])
    assert [(e.type, e.place) for e in a.events] == [("session", "Bishkek")]
    b = _run(["On 3 June Kazakhstan hosted a meeting of the Council of Ministers in Astana."],
             published=dt.date(2024, 6, 4), places=["Kazakhstan", "Astana"])
    assert [(e.type, e.place) for e in b.events] == [("session", "Astana")]


def test_a_month_that_opens_the_sentence_dates_the_gathering_not_the_pages_day() -> None:
    # the headline's summit has no date of its own; the body tells it by its month, a year before the page
    a = _run(["In June 2018, during the summit in Lakeport, the leaders adopted a declaration."],
             published=dt.date(2019, 5, 27), title="The summit is in the world's focus", places=["Lakeport"])
    sessions = [e for e in a.events if e.type == "session"]
    assert [(e.date, e.place) for e in sessions] == [(None, "Lakeport")]
    # a year inside what a briefing was about leaves the briefing the page's day
    b = _run(["Ivan Petrov has given a briefing on the outcomes of the activity in 2020."],
             published=dt.date(2021, 2, 8), title="Briefing by Ivan Petrov", persons={"Ivan Petrov": "Ivan Petrov"})
    assert [(e.type, e.date) for e in b.events if e.status == "held"] == [("speech", dt.date(2021, 2, 8))]


def test_a_month_and_year_after_a_preposition_is_a_date_not_a_series_name() -> None:
    from communique.extract.event_types import series_names

    assert series_names("In June 2018, during the summit") == []
    assert [n for _, _, n in series_names("the Interaction-2023 exercise")] == ["Interaction-2023"]


def test_the_day_of_saying_does_not_date_what_is_said_to_come() -> None:
    people = {"Ivan Petrenko": "Ivan Petrenko"}
    a = _run(["The postponed autumn drills of the peacekeeping forces will be conducted later, Secretary General Ivan "
              "Petrenko said on Monday."], published=dt.date(2022, 12, 19), persons=people)
    assert [(e.type, e.date) for e in a.events if e.type == "exercise"] == [("exercise", None)]
    b = _run(["Ivan Petrenko announced at a press briefing on Friday that the drill is scheduled near Lakeport on "
              "December 4."], published=dt.date(2025, 10, 26), persons=people, places=["Lakeport"])
    assert [(e.type, e.date) for e in b.events if e.type == "exercise"] == [("exercise", dt.date(2025, 12, 4))]


def test_what_a_clause_of_the_event_acts_on_is_no_venue_but_a_participial_preposition_keeps_it() -> None:
    a = _run(["On 3 June, an international conference which addressed security problems in Central Asia was held."],
             published=dt.date(2024, 6, 4), places=["Central Asia"])
    assert [(e.type, e.place) for e in a.events] == [("session", None)]
    b = _run(["On 3 June, the heads of state signed a package of documents following the summit in Lakeport."],
             published=dt.date(2024, 6, 4), places=["Lakeport"])
    assert ("agreement", "Lakeport") in [(e.type, e.place) for e in b.events]


def test_a_region_before_city_of_only_qualifies_the_city() -> None:
    a = _run(["The summit was held on 15 June in the Lake District city of Lakeport."], published=dt.date(2024, 6, 16),
             places=["Lake District", "Lakeport"])
    assert [(e.type, e.place) for e in a.events] == [("session", "Lakeport")]


def test_the_capital_of_a_state_is_its_capital_city_and_the_bodys_city_beats_the_headlines_state() -> None:
    a = _run(["The summit began on 27 November in the capital of Kyrgyzstan."], published=dt.date(2025, 11, 27),
             places=["Kyrgyzstan"])
    assert [(e.type, e.place) for e in a.events] == [("session", "Bishkek")]
    b = _run(["The summit began on 27 November in Lakeport."], published=dt.date(2025, 11, 27),
             title="Leaders gather for the summit in Kyrgyzstan", places=["Kyrgyzstan", "Lakeport"])
    assert [(e.type, e.place) for e in b.events] == [("session", "Lakeport")]


def test_a_name_the_entity_components_turned_down_is_no_participant() -> None:
    from communique import config

    cfg = config.load()
    body = ["The session took place in Moscow on December 23 with the defense ministers of Armenia Azerbaijan, "
            "Belarus and Kazakhstan."]
    article = Article(page=Page(text="", source="test", lang="en"), title=None, published=dt.date(2015, 12, 23),
                      body=body)
    article = Pipeline(cfg["pipeline"], cfg)(article)
    assert [(e.place, e.participants) for e in article.events] == [("Moscow", [])]


def test_a_next_session_a_past_clause_is_told_after_the_end_of_was_held() -> None:
    people = {"Ivan Petrenko": "Ivan Petrenko"}
    a = _run(["Ivan Petrenko stated this in Lakeport after the end of the next session of the Council."],
             published=dt.date(2024, 6, 4), persons=people, places=["Lakeport"])
    assert [(e.type, e.status) for e in a.events] == [("session", "held")]
    b = _run(["Ivan Petrenko will speak in Lakeport after the end of the next session of the Council."],
             published=dt.date(2024, 6, 4), persons=people, places=["Lakeport"])
    assert ("session", "planned") in [(e.type, e.status) for e in b.events]
