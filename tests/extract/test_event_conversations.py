"""Conversations told by a two-party verb of talking ("discussed ... with X", "exchanged views") and people who
gathered in a place: English wordings of a meeting that name no event noun. Constructed sentences; the person
and place mentions are given by hand as in test_events."""

from __future__ import annotations

import datetime as dt

from test_events import _held, _run

PUBLISHED = dt.date(2024, 3, 15)
PEOPLE = {"Ivan Petrov": "Ivan Petrov", "Oleg Sidorov": "Oleg Sidorov"}


def test_discussing_with_a_person_is_a_conversation_dated_by_its_own_day() -> None:
    a = _run(["Ivan Petrov discussed the border situation with his counterpart Oleg Sidorov on 12 March."],
             PUBLISHED, persons=PEOPLE)
    assert _held(a) == [("meeting", dt.date(2024, 3, 12), None, ("Ivan Petrov", "Oleg Sidorov"))]


def test_discussing_with_a_state_or_discussing_alone_is_no_meeting() -> None:
    a = _run(["Ivan Petrov discussed the development of cooperation with Kazakhstan.",
              "The ministers discussed the draft budget."], PUBLISHED, persons=PEOPLE, places=["Kazakhstan"])
    assert _held(a) == []


def test_exchanging_views_is_a_conversation_but_exchanging_information_is_not() -> None:
    a = _run(["Ivan Petrov and Oleg Sidorov exchanged views on regional security."], PUBLISHED, persons=PEOPLE)
    assert [e[0] for e in _held(a)] == ["meeting"]
    b = _run(["Ivan Petrov and Oleg Sidorov exchanged information on regional security."], PUBLISHED,
             persons=PEOPLE)
    assert _held(b) == []


def test_the_talk_of_a_meeting_already_told_is_that_meeting() -> None:
    a = _run(
        [
            "On 9 March, a meeting of the heads of the three organisations was held in Minsk.",
            "Ivan Petrov and Oleg Sidorov exchanged views on the security situation.",
            "Ivan Petrov also discussed the agenda with Oleg Sidorov.",
        ],
        PUBLISHED, persons=PEOPLE, places=["Minsk"],
    )
    held = _held(a)
    assert len(held) == 1 and held[0][1] == dt.date(2024, 3, 9) and held[0][2] == "Minsk"


def test_people_who_gathered_in_a_place_met_and_a_body_that_gathered_sat() -> None:
    a = _run(["On 11 March, senior diplomats from seven countries gathered in Tashkent."], PUBLISHED,
             places=["Tashkent"])
    assert _held(a) == [("meeting", dt.date(2024, 3, 11), "Tashkent", ())]
    b = _run(["On 11 March, the Council gathered in Tashkent for an extraordinary sitting."], PUBLISHED,
             places=["Tashkent"])
    assert [e[:3] for e in _held(b)] == [("session", dt.date(2024, 3, 11), "Tashkent")]
    c = _run(["Crowds gathered on the square."], PUBLISHED)
    assert _held(c) == []


def test_a_gathering_of_people_is_a_meeting_but_collecting_is_not() -> None:
    a = _run(["On 12 March, the experts discussed the crisis response system at the gathering in Minsk."],
             PUBLISHED, places=["Minsk"])
    assert _held(a) == [("meeting", dt.date(2024, 3, 12), "Minsk", ())]
    b = _run(["On 12 March, intelligence gathering was improved.",
              "The gathering of evidence took place on 13 March."], PUBLISHED)
    assert _held(b) == []


def test_the_gathering_beside_a_summit_of_its_sentence_is_that_summit() -> None:
    a = _run(["On 12 March, flags flew at the venue of the gathering, although Ivan Petrov did not attend the "
              "summit."], PUBLISHED, persons=PEOPLE)
    assert [e[0] for e in _held(a)] == ["session"]


def test_a_place_named_in_a_quotation_is_not_where_the_speech_was_given() -> None:
    from communique.extract import events

    text = '"The main threat remains the conflict in Afghanistan," Ivan Petrov told the press in Bishkek.'
    sent = events._Sentence(text=text, start=0, in_title=False, paragraph=0)
    sent.places = [(text.index("Afghanistan"), text.index("Afghanistan") + 11, "Afghanistan"),
                   (text.index("Bishkek"), text.index("Bishkek") + 7, "Bishkek")]
    sent.quoted = [(0, text.index(" Ivan"))]
    assert [p[2] for p in events._unquoted(sent)] == ["Bishkek"]
    a = _run([text], PUBLISHED, persons=PEOPLE, places=["Afghanistan", "Bishkek"])
    assert all(e[2] != "Afghanistan" for e in _held(a))


def test_a_gathering_beside_a_body_convening_is_that_sitting() -> None:
    a = _run(["In a momentous diplomatic gathering, the Council of Heads of State convened in Tashkent on 12 March."],
             PUBLISHED, places=["Tashkent"])
    assert [e[:3] for e in _held(a)] == [("session", dt.date(2024, 3, 12), "Tashkent")]


def test_a_sub_event_of_a_gathering_of_several_days_is_not_dated_by_its_first_day() -> None:
    def interview(first: str) -> list[tuple]:
        a = _run([first, "On the sidelines of the congress, Ivan Petrov gave an interview to the press."],
                 dt.date(2009, 5, 30), persons=PEOPLE, places=["Istanbul"])
        return [e for e in _held(a) if e[0] == "speech"]

    several = interview("From 27 to 29 May 2009, the congress was held in Istanbul.")
    assert several and several[0][1] is None
    one = interview("On 27 May 2009, the congress was held in Istanbul.")
    assert one and one[0][1] == dt.date(2009, 5, 27)


def test_a_subheading_does_not_run_into_the_sentence_after_it() -> None:
    from communique.document import Article, Page
    from communique.extract import events
    from communique.pipeline import Pipeline

    body = ["Goals and tasks of the year",
            "At the Astana summit, Ivan Petrov noted that it is important to support partner interactions between "
            "the member states along such directions as transport, communications and migration policy."]
    article = Article(page=Page(text="", source="test", lang="en"), title=None, published=PUBLISHED, body=body)
    Pipeline(["nlp"], {})(article)  # spaCy's own sentences, which may carry the subheading on
    spans = events._body_sentences(article)
    assert [article.text[s:e] for s, e in spans][:2] == body[:1] + [body[1]]
    # the lines of a hard-wrapped paragraph are still one sentence
    wrapped = Article(page=Page(text="", source="test", lang="en"), title=None, published=PUBLISHED,
                      body=["The Secretaries of the Security Councils adopted", "a joint statement in Yerevan."])
    Pipeline(["nlp"], {})(wrapped)
    assert len(events._body_sentences(wrapped)) == 1


def test_agreeing_on_or_to_something_or_a_document_agreed_is_an_agreement() -> None:
    def agreements(text: str) -> list[tuple]:
        return [e for e in _held(_run([text], dt.date(2023, 12, 1))) if e[0] == "agreement"]

    assert agreements("On 27 November the draft statements on export control and on mutual confidence were "
                      "reviewed, finalized and agreed.")[0][1] == dt.date(2023, 11, 27)
    assert agreements("The member states on 6 October agreed to a major expansion of the force.")[0][1] == dt.date(
        2023, 10, 6)
    assert agreements("The ministers agreed on a joint plan on 3 November.")
    # a fronted "On 27 November" dates the clause; it is not what was agreed on
    assert agreements("On 27 November the participants agreed that the situation remains difficult.") == []


def test_a_sitting_a_get_together_and_a_round_table_discussion_are_gatherings() -> None:
    def held(text: str) -> list[tuple]:
        return [e[:2] for e in _held(_run([text], dt.date(2024, 4, 10), places=["Astana", "Dushanbe"]))]

    assert held("On 11 March, the 11th sitting of the Coordination Council was held in Astana.") == [
        ("session", dt.date(2024, 3, 11))]
    assert held("On 2 April, a get-together of the heads of the anti-terrorism units took place in Dushanbe.") == [
        ("meeting", dt.date(2024, 4, 2))]
    assert held("On 3 April, the Center held a roundtable discussion on the Eurasian project.") == [
        ("session", dt.date(2024, 4, 3))]
    # not events: a sitting president, working together, the discussion of an issue
    assert held("The sitting president spoke about the results.") == []
    assert held("On 3 April, the ministers worked together on the draft.") == []
    assert held("On 3 April, the discussion of the draft continued.") == []


def test_talking_by_phone_or_with_a_person_is_a_call_and_with_reporters_a_speech() -> None:
    def held(text: str) -> list[tuple]:
        return [(e[0], e[1]) for e in _held(_run([text], dt.date(2024, 4, 10), persons=PEOPLE))]

    assert held("On 3 April, Ivan Petrov and Oleg Sidorov talked by phone.") == [("meeting", dt.date(2024, 4, 3))]
    assert held("On 3 April, Ivan Petrov spoke by telephone with his counterpart.") == [
        ("meeting", dt.date(2024, 4, 3))]
    assert held("On 3 April, Ivan Petrov talked with reporters about the border.") == [
        ("speech", dt.date(2024, 4, 3))]
    assert held("On 3 April, Ivan Petrov talked about the border.") == []


def test_a_passive_conjunct_shares_the_subject_of_the_first_verb() -> None:
    a = _run(["The Agreement on legal assistance entered into force and was signed by the members of the Council "
              "in Dushanbe on 16 September 2021."], dt.date(2024, 4, 10), places=["Dushanbe"])
    assert [e[:3] for e in _held(a)] == [("agreement", dt.date(2021, 9, 16), "Dushanbe")]
    b = _run(["The requirements entered into force and were signed off by the inspectors on 16 September 2021."],
             dt.date(2024, 4, 10))
    assert _held(b) == []


def test_a_place_named_in_the_phrase_of_the_locative_object_counts() -> None:
    def held(text: str) -> list[tuple]:
        return [e[:3] for e in _held(_run([text], dt.date(2024, 12, 10), places=["Yerevan", "Dushanbe", "Tajikistan"]))]

    assert held("Leaders of the member nations gathered in the Armenian capital of Yerevan on November 23.") == [
        ("meeting", dt.date(2024, 11, 23), "Yerevan")]
    assert held("The minister arrived in the capital of Tajikistan, Dushanbe, on 3 April.") == [
        ("visit", dt.date(2024, 4, 3), "Dushanbe")]
    assert held("The minister arrived at the headquarters of the Ministry on 3 April.") == []


def test_talks_held_are_a_meeting_without_a_with_which_only_the_verb_talk_needs() -> None:
    # the noun "talks" and the verb "talk" share a lemma: what the verb needs ("talked with X") must not keep a
    # sentence whose only trigger is the noun from being read at all
    a = _run(["On 12 March, Ivan Petrov and Oleg Sidorov held talks in Lakeport."], PUBLISHED, persons=PEOPLE,
             places=["Lakeport"])
    assert _held(a) == [("meeting", dt.date(2024, 3, 12), "Lakeport", ("Ivan Petrov", "Oleg Sidorov"))]


def test_informing_one_person_is_no_speech_even_when_the_parse_joins_plurals_to_him() -> None:
    a = _run(["The Secretary General briefed Mr Sidorov on the main areas of cooperation within the organisation, "
              "its principles and goals, and told him about the upcoming events."], PUBLISHED,
             persons={"Sidorov": "Oleg Sidorov"})
    assert [e.type for e in a.events if e.status == "held"] == []
    b = _run(["On 12 March, Ivan Petrov briefed the members of the Council on the situation."], PUBLISHED,
             persons=PEOPLE)
    assert [e.type for e in b.events if e.status == "held"] == ["speech"]
