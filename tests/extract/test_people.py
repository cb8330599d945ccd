"""People (initials, variants, short forms) and posts (titles, appositions, ranks) on our own sentences."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from communique.document import Article, Page
from communique.extract.people import name_key, same_person
from communique.extract.prediction import to_prediction
from communique.job import _portable
from communique.pipeline import Pipeline

SHARED = Path(__file__).resolve().parents[3] / "shared"


def _run(*paragraphs: str, published: dt.date | None = dt.date(2024, 5, 6)) -> Article:
    article = Article(page=Page(text="", source="test"), published=published, body=list(paragraphs))
    return Pipeline(["nlp", "gazetteer_entities", "people_posts"], {})(article)


def _people(a: Article) -> set[str]:
    return {m.canonical for m in a.mentions if m.kind == "person"}


def _posts(a: Article) -> set[tuple[str, str, str | None]]:
    return {(p.person, p.role, p.org) for p in a.posts}


def _holders(a: Article, role: str) -> set[tuple[str, str | None]]:
    """(person, organisation) of every post of ``role``."""
    return {(p, o) for p, r, o in _posts(a) if r == role}


def test_name_variants() -> None:
    assert name_key("Yury") == name_key("Yuri")
    assert name_key("Kiselyov") == name_key("Kiselev")
    assert same_person("Stanislav Zass", "Stanislav Zas")
    assert same_person("I.Tasmagambetov", "Imangali Tasmagambetov")
    assert same_person("Nawaz Sharif", "Muhammad Nawaz Sharif")
    assert not same_person("Andrei Petrov", "Boris Petrov")


def test_initials_and_short_form_join_the_full_name() -> None:
    a = _run(
        "Ruslan Abdrakhmanov opened the forum in Almaty.",
        "R.Abdrakhmanov thanked the guests. Later Abdrakhmanov left for Astana.",
    )
    people = [m for m in a.mentions if m.kind == "person"]
    assert {m.text for m in people} == {"Ruslan Abdrakhmanov", "R.Abdrakhmanov", "Abdrakhmanov"}
    assert _people(a) == {"Ruslan Abdrakhmanov"}
    assert to_prediction(a, "x")["people"] == ["Ruslan Abdrakhmanov"]


def test_initials_with_space_are_a_person() -> None:
    a = _run("The report was signed by B.K. Omarov on Tuesday.")
    assert _people(a) == {"B.K. Omarov"}


def test_title_before_the_name() -> None:
    a = _run("The CSTO Secretary General Boris Kuznetsov visited Dushanbe.")
    assert _posts(a) == {("Boris Kuznetsov", "Secretary General", "Collective Security Treaty Organization")}
    assert a.posts[0].date == dt.date(2024, 5, 6)
    assert a.posts[0].sentence == "The CSTO Secretary General Boris Kuznetsov visited Dushanbe."


def test_apposition_after_the_name() -> None:
    a = _run("Pavel Orlov, the Head of Rosfinmonitoring, spoke first.")
    assert _posts(a) == {("Pavel Orlov", "Head", "Federal Financial Monitoring Service")}


def test_title_with_comma_before_the_name() -> None:
    a = _run("He met the Director of the Federal Financial Monitoring Service, Pavel Orlov.")
    assert _posts(a) == {("Pavel Orlov", "Director", "Federal Financial Monitoring Service")}


def test_dash_joined_titles_are_one_post() -> None:
    a = _run("Chairman of the Executive Committee - CIS Executive Secretary Oleg Smirnov spoke.")
    assert _posts(a) == {("Oleg Smirnov", "Executive Secretary", "Commonwealth of Independent States")}


def test_rank_is_an_attribute_not_a_post() -> None:
    a = _run(
        "The meeting was chaired by the Deputy Minister of Internal Affairs of the Republic of Kazakhstan, "
        "Lieutenant-General of Police B.K. Omarov."
    )
    assert _posts(a) == {("B.K. Omarov", "Deputy Minister of Internal Affairs", "Kazakhstan")}
    post = a.posts[0]
    assert post.rank == "Lieutenant-General of Police"
    person = next(m for m in a.mentions if m.kind == "person")
    assert person.attrs["rank"] == "Lieutenant-General of Police"
    assert person.text == "B.K. Omarov"
    # the minister's title also names the ministry
    orgs = {m.canonical for m in a.mentions if m.kind == "org"}
    assert "Ministry of Internal Affairs of the Republic of Kazakhstan" in orgs


def test_acting_is_kept_distinct() -> None:
    a = _run("The acting Secretary General of the CSTO Ivan Sokolov arrived in Minsk.")
    assert len(a.posts) == 1
    assert a.posts[0].acting is True
    assert a.posts[0].role == "Acting Secretary General"


def test_chain_of_titles_gives_two_posts() -> None:
    a = _run(
        "He met the Chairman of the CSTO Collective Security Council, "
        "the President of the Republic of Belarus "
        "Igor Vasilenko."
    )
    assert _posts(a) == {
        ("Igor Vasilenko", "Chairman", "CSTO Collective Security Council"),
        ("Igor Vasilenko", "President", "Belarus"),
    }


def test_a_state_title_before_a_secretary_generals_is_someone_elses() -> None:
    a = _run(
        "At the invitation of the Prime Minister of the Republic of India, the Secretary General of the CSTO "
        "Ivan Sokolov will take part in the summit."
    )
    assert _posts(a) == {("Ivan Sokolov", "Secretary General", "Collective Security Treaty Organization")}


def test_caption_is_not_a_person() -> None:
    a = _run("Photo: Press Service", "The talks were held in Yerevan.")
    assert _people(a) == set()


@pytest.mark.skipif(not (SHARED / "gold" / "seeds" / "gold.jsonl").exists(), reason="../shared not present")
def test_gold_seeds_meet_the_bar() -> None:
    bench = Path(__file__).resolve().parents[2] / "bench" / "extract_oracle.py"
    out = subprocess.run(
        [sys.executable, str(bench), str(SHARED / "gold" / "seeds")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    scores = json.loads(out.strip().splitlines()[-1])
    assert scores["people"] >= 0.92
    assert scores["orgs"] >= 0.85
    assert scores["places"] >= 0.88
    assert scores["roles"] >= 0.85


def test_state_post_takes_the_one_state_of_its_sentence() -> None:
    a = _run("Prime Minister Imran Qadir will lead the Pakistan delegation to the summit.")
    assert _posts(a) == {("Imran Qadir", "Prime Minister", "Pakistan")}


def test_head_and_director_of_one_body_are_one_post() -> None:
    a = _run(
        "Pavel Orlov, the Head of Rosfinmonitoring, arrived.",
        "The Director of the Federal Financial Monitoring Service, Pavel Orlov, spoke.",
    )
    assert len(a.posts) == 1
    assert a.posts[0].org == "Federal Financial Monitoring Service"


def test_list_of_titled_people_keeps_each_title_with_its_name() -> None:
    a = _run(
        "The meeting was attended by Defence Minister of the Republic of India Arjun Mehra, "
        "Defence Minister of the Republic of Kazakhstan Major General Nurlan Abenov and others."
    )
    assert _posts(a) == {
        ("Arjun Mehra", "Defence Minister", "India"),
        ("Nurlan Abenov", "Defence Minister", "Kazakhstan"),
    }
    ministries = {m.canonical for m in a.mentions if m.kind == "org"}
    assert "Ministry of Defence of the Republic of India" in ministries


def test_title_facts_are_the_articles_and_cross_a_process_boundary() -> None:
    article = Article(
        page=Page(text="", source="test"),
        title="The CSTO Secretary General Boris Kuznetsov visited Minsk",
        published=dt.date(2024, 5, 6),
        body=["The Secretary General held talks there."],
    )
    a = Pipeline(["nlp", "gazetteer_entities", "people_posts"], {})(article)
    (post,) = [p for p in a.posts if p.in_title]
    assert (post.person, post.role) == ("Boris Kuznetsov", "Secretary General")
    assert "Boris Kuznetsov" in a.title[post.start : post.end] and post.sentence == a.title
    person = [m for m in a.mentions if m.kind == "person" and m.in_title]
    assert [a.title[m.start : m.end] for m in person] == ["Boris Kuznetsov"]
    # what a worker process sends back: the Article pickled, its scratch space (the spaCy Doc) dropped
    a = pickle.loads(pickle.dumps(_portable(a)))
    pred = to_prediction(a, "x")
    assert pred["people"] == ["Boris Kuznetsov"]
    assert pred["roles"] == [
        {"person": "Boris Kuznetsov", "role": "Secretary General", "org": "Collective Security Treaty Organization"}
    ]


def test_a_ministers_title_names_the_ministry_with_the_title_as_written() -> None:
    a = _run(
        "The talks were attended by Ivan Sokolov, Deputy Minister of Defence of the Republic of Belarus, "
        "and by the Interior Minister of the Kyrgyz Republic Ruslan Abdrakhmanov."
    )
    ministries = [m for m in a.mentions if m.kind == "org" and m.attrs.get("source") == "title"]
    assert {m.canonical for m in ministries} == {
        "Ministry of Defence of the Republic of Belarus",
        "Ministry of Internal Affairs of the Kyrgyz Republic",
    }
    for m in ministries:  # the mention's text is what its span covers, in a title after the name too
        assert a.text[m.start : m.end] == m.text
    assert {m.text for m in ministries} == {"Minister of Defence", "Interior Minister"}


def test_a_possessive_is_no_part_of_the_name() -> None:
    a = _run("Foreign Minister Ruslan Abdrakhmanov's video address opened the forum.")
    assert _people(a) == {"Ruslan Abdrakhmanov"}
    assert {m.text for m in a.mentions if m.kind == "person"} == {"Ruslan Abdrakhmanov"}


# ------------------------------------------------------------------------------------ posts by structure


def test_every_post_of_a_chain_after_the_name_with_its_own_organisation() -> None:
    a = _run("Dmitry Petrov, Deputy Prime Minister – Minister of Economy, Chairman of the Board of the "
             "Eurasian Development Bank, opened the forum.")
    assert _posts(a) == {
        ("Dmitry Petrov", "Deputy Prime Minister", None),
        ("Dmitry Petrov", "Minister of Economy", None),
        ("Dmitry Petrov", "Chairman", "Board of the Eurasian Development Bank"),
    }


def test_a_state_given_once_applies_to_each_post_of_the_chain() -> None:
    a = _run("Deputy Prime Minister, Minister of Economy of the Kyrgyz Republic Daniyar Amangeldiev arrived.")
    assert _posts(a) == {
        ("Daniyar Amangeldiev", "Deputy Prime Minister", "Kyrgyzstan"),
        ("Daniyar Amangeldiev", "Minister of Economy", "Kyrgyzstan"),
    }
    # the minister's title names the ministry the list does not know
    assert "Ministry of Economy of the Kyrgyz Republic" in {m.canonical for m in a.mentions if m.kind == "org"}
    b = _run("Secretary of the Security Council and Minister of Defence of Armenia Suren Papikyan met him.")
    assert ("Suren Papikyan", "Secretary of the Security Council", "Armenia") in _posts(b)
    assert "Security Council of the Republic of Armenia" in {m.canonical for m in b.mentions if m.kind == "org"}


def test_the_organisation_of_a_post_from_the_body_the_text_refers_to() -> None:
    a = _run("The CIS Executive Committee said that the committee's deputy spokeswoman, Vera Yakubovskaya, "
             "had received no notice.")
    assert _posts(a) == {("Vera Yakubovskaya", "Deputy spokeswoman", "CIS Executive Committee")}
    b = _run("Kyrgyzstan was represented by its acting Foreign Minister Ruslan Kazakbaev.")
    assert _posts(b) == {("Ruslan Kazakbaev", "Acting Foreign Minister", "Kyrgyzstan")}
    assert all(p.acting for p in b.posts)


def test_a_post_in_apposition_with_a_common_noun_is_read_on_the_parse() -> None:
    a = _run("Stanislav Pritchin, a researcher at the Center for Post-Soviet Studies, told reporters about it.")
    assert _posts(a) == {("Stanislav Pritchin", "Researcher", "Center for Post-Soviet Studies")}
    b = _run("Ivan Petrov, a citizen of Kazakhstan, was detained at the border.")
    assert b.posts == []


def test_permanent_and_plenipotentiary_representative_and_appointed_to_a_post() -> None:
    a = _run("The meeting was chaired by Aman Mambetseitov, Permanent and Plenipotentiary Representative of "
             "the Kyrgyz Republic.")
    assert _posts(a) == {("Aman Mambetseitov", "Permanent and Plenipotentiary Representative", "Kyrgyzstan")}
    b = _run("Yuri Borisov was appointed to the post of Chairman of the Interstate Commission on Military and "
             "Economic Cooperation.")
    assert _posts(b) == {
        ("Yuri Borisov", "Chairman", "Interstate Commission on Military and Economic Cooperation")
    }


def test_a_surname_after_a_post_is_a_person_and_no_false_holders() -> None:
    a = _run("Russian President Medvedev said the plan was a good sign.")
    assert _posts(a) == {("Medvedev", "President", "Russia")}
    b = _run("Your Excellencies, dear colleagues, I welcome you to Minsk.")
    assert not _people(b) and b.posts == []


def test_common_words_are_no_part_of_a_name() -> None:
    a = _run("Kyrgyzstan’s Minister of Economic Regulation Uchkun Tashbayev spoke on economic regulation.")
    assert _people(a) == {"Uchkun Tashbayev"}
    assert ("Uchkun Tashbayev", "Minister of Economic Regulation", "Kyrgyzstan") in _posts(a)


def test_a_counterpart_holds_the_same_post_for_the_state_its_adjective_names() -> None:
    a = _run("Russian Defence Minister Sergei Shoigu met his Belarusian counterpart Viktor Khrenin in Moscow.")
    assert _posts(a) == {
        ("Sergei Shoigu", "Defence Minister", "Russia"),
        ("Viktor Khrenin", "Defence Minister", "Belarus"),
    }
    belarus = next(m for m in a.mentions if m.canonical == "Ministry of Defence of the Republic of Belarus")
    assert a.text[belarus.start : belarus.end] == "Belarusian counterpart"


def test_an_abstract_noun_is_no_part_of_a_name_even_when_the_page_never_writes_it_in_lower_case() -> None:
    a = _run("Tajikistan’s Minister of Labour Migration Zafar Odinaev opened the forum.")
    assert _people(a) == {"Zafar Odinaev"}
    assert ("Zafar Odinaev", "Minister of Labour Migration", "Tajikistan") in _posts(a)


def test_the_republics_president_and_a_committee_named_only_later() -> None:
    a = _run("Moldova will chair the union in 2030. The republic’s President Arvid Kolstad vowed to work hard.")
    assert ("Arvid Kolstad", "President", "Moldova") in _posts(a)
    b = _run("However, the committee's deputy spokeswoman, Vera Yakubovskaya, said nothing. "
             "No one from Norland has sat on the Arctic Fisheries Committee since 2014.")
    assert ("Vera Yakubovskaya", "Deputy spokeswoman", "Arctic Fisheries Committee") in _posts(b)


def test_a_speaker_after_a_title_and_a_comma_does_not_hold_the_title() -> None:
    a = _run("Kyrgyz Deputy Foreign Minister Marat Sadykov spoke to reporters on Monday. The ministers will gather "
             "next week under the chairmanship of the Kyrgyz foreign minister, Sadykov said. "
             "The chairman of the board, Lena Brekk, said the plan was ready.")
    posts = {(person, role.lower()) for person, role, _ in _posts(a)}
    assert ("Marat Sadykov", "deputy foreign minister") in posts
    assert ("Marat Sadykov", "foreign minister") not in posts  # "..., Sadykov said": the reporting clause
    assert ("Lena Brekk", "chairman") in posts  # set off on both sides: an apposition


def test_the_complement_of_a_title_may_follow_the_name() -> None:
    a = _run("The forum heard President Ivar Moen of Uzbekistan, then President Tom Hale of Azerbaijan, "
             "and Secretary General Arne Kolstad of the Northern Fisheries Cooperation Board.")
    assert {("Ivar Moen", "President", "Uzbekistan"), ("Tom Hale", "President", "Azerbaijan"),
            ("Arne Kolstad", "Secretary General", "Northern Fisheries Cooperation Board")} <= _posts(a)


def test_in_a_list_of_names_with_appositions_each_title_is_the_name_before_it() -> None:
    a = _run("Arne Kolstad, the Director of the Secretariat of the Northern Fisheries Cooperation Board, Lena "
             "Brekk, the Head of the Coastal Rescue Centre of the Commonwealth of Independent States, and Ivan "
             "Petrov, the Collective Security Treaty Organization Secretary General, opened the exhibition.")
    held = {(person, role) for person, role, _ in _posts(a)}
    assert ("Arne Kolstad", "Director") in held and ("Lena Brekk", "Head") in held
    assert ("Lena Brekk", "Director") not in held


def test_a_patronymic_shaped_surname_is_no_form_of_address() -> None:
    a = _run("President of Belarus Aleksandr Lukashenko received the delegation.",
             "State Secretary of the Security Council Aleksandr Karanovich was in Moscow on 10 January. "
             "Aleksandr Karanovich met the ministers there.",
             "“Please, Aleksandr Grigoryevich, the floor is yours,” the chairman said.")
    assert {"Aleksandr Lukashenko", "Aleksandr Karanovich"} <= _people(a)
    assert "Aleksandr Grigoryevich" not in _people(a)  # said to him: his given name and patronymic
    assert any(p == "Aleksandr Karanovich" and r.startswith("State Secretary") for p, r, _ in _posts(a))


def test_a_plural_title_over_a_list_of_names_gives_each_the_post_and_the_state_after_it() -> None:
    a = _run(
        "The summit was attended by presidents Ivan Petrov of Kazakhstan, Oleg Sidorenko of Belarus and Boris Ivanov "
        "of Tajikistan, acting Prime Minister of Armenia Karel Brod, as well as Secretary General Anton Lesny."
    )
    posts = _posts(a)
    assert {(p, o) for p, r, o in posts if r == "President"} == {
        ("Ivan Petrov", "Kazakhstan"), ("Oleg Sidorenko", "Belarus"), ("Boris Ivanov", "Tajikistan")
    }
    assert ("Karel Brod", "Secretary General") not in {(p, r) for p, r, _ in posts}  # "as well as" is no "as"
    bracketed = _run("Presidents Ivan Petrov (Russia), Oleg Sidorenko (Belarus) and Boris Ivanov (Kazakhstan) met.")
    assert ("Oleg Sidorenko", "President", "Belarus") in _posts(bracketed)


def test_a_plural_title_before_one_name_is_no_list() -> None:
    a = _run("Stabilizing order core concern of members Ivan Petrov arrives in Lakeport for a visit.")
    assert not {p for p in _posts(a) if p[0] == "Ivan Petrov"}


def test_a_state_adjective_before_leader_or_top_diplomat_gives_that_states_post() -> None:
    a = _run("Russian top diplomat Ivan Petrov gave a briefing, and the Belarusian leader Oleg Sidorenko spoke.")
    assert ("Ivan Petrov", "Top diplomat", "Russia") in _posts(a)
    assert ("Oleg Sidorenko", "Leader", "Belarus") in _posts(a)


def test_leader_without_the_state_it_is_said_of_is_no_post() -> None:
    assert not _posts(_run("The leader Ivan Petrov addressed the crowd in Lakeport."))
    assert not _posts(_run("Top diplomat Ivan Petrov gave a briefing."))


def test_a_new_post_taken_is_held() -> None:
    a = _run("Ivan Petrov has taken charge as the new Secretary-General of the Shanghai Cooperation Organisation.")
    assert ("Ivan Petrov", "Secretary-General", "Shanghai Cooperation Organization") in _posts(a)
    b = _run("The newly appointed Minister of Defence of Belarus Oleg Sidorenko arrived in Minsk.")
    assert ("Oleg Sidorenko", "Minister of Defence", "Belarus") in _posts(b)


def test_a_post_assumed_or_taken_over_is_held_but_the_role_of_a_post_talked_about_is_not() -> None:
    a = _run("Ivan Petrov has assumed the role of Secretary-General of the Shanghai Cooperation Organisation.")
    assert ("Ivan Petrov", "Secretary-General", "Shanghai Cooperation Organization") in _posts(a)
    b = _run("Oleg Sidorenko took over the duties of Secretary General of the Collective Security Treaty Organization.")
    assert any(p == "Oleg Sidorenko" and r == "Secretary General" for p, r, _ in _posts(b))
    c = _run("Boris Ivanov stressed the role of the Secretary General in the talks.")
    assert not _posts(c)


def test_a_bare_state_post_takes_the_state_the_corpus_gives_its_holder(extract_pages: Any) -> None:
    pages = [
        {"id": "a", "url": "https://news.example/a", "text": "Lake news 01.02.2024\n\n"
         "Belarusian President Ivan Petrov met the Prime Minister of Armenia Oleg Sidorenko in Minsk on Monday."},
        {"id": "b", "url": "https://news.example/b", "text": "Lake news 02.02.2024\n\n"
         "On Tuesday President Petrov and Prime Minister Sidorenko opened the bridge, the office said."},
    ]
    roles = {i: p["roles"] for i, p in extract_pages(pages).items()}
    assert {(x["role"], x["org"]) for x in roles["b"]} == {("President", "Belarus"), ("Prime Minister", "Armenia")}


def test_the_learned_state_posts_round_trip_and_a_disputed_one_gives_none() -> None:
    from communique.extract.lexicon import Lexicon

    lex = Lexicon()
    lex.observe(Page(text="Russian President Ivan Petrov spoke.", source="t:1"))
    lex.observe(Page(text="The President of Belarus Oleg Sidorenko spoke.", source="t:2"))
    lex.observe(Page(text="Kazakh President Oleg Sidorenko spoke.", source="t:3"))
    assert lex.state_of("Petrov", "President") == "Russia"
    assert lex.state_of("Oleg Sidorenko", "President") is None  # two states named for him
    again = Lexicon.from_rows(list(lex.rows()))
    assert again == lex and again.state_of("Ivan Petrov", "President") == "Russia"
    assert Lexicon().merge(again).state_of("Petrov", "President") == "Russia"


def test_a_plural_title_over_a_colon_list_of_states_and_names() -> None:
    a = _run("The summit will bring together the presidents: Russia Ivan Petrov, Belarus Oleg Sidorenko and "
             "Kazakhstan Boris Ivanov, the source said.")
    assert _holders(a, "President") == {
        ("Ivan Petrov", "Russia"), ("Oleg Sidorenko", "Belarus"), ("Boris Ivanov", "Kazakhstan")
    }


def test_a_plural_title_of_states_each_before_its_name() -> None:
    a = _run("Earlier, the Presidents of Russia Ivan Petrov and Kazakhstan Oleg Sidorenko met in Astana.")
    assert _holders(a, "President") == {("Ivan Petrov", "Russia"), ("Oleg Sidorenko", "Kazakhstan")}


def test_a_plural_title_over_states_then_as_many_names_in_the_same_order() -> None:
    a = _run("The foreign ministers of Armenia and Belarus, Ivan Petrov and Oleg Sidorenko, spoke by phone.")
    assert _holders(a, "Foreign Minister") == {("Ivan Petrov", "Armenia"), ("Oleg Sidorenko", "Belarus")}
    # one name fewer than states: no way to pair them
    b = _run("The foreign ministers of Armenia, Belarus and Kazakhstan, Ivan Petrov and Oleg Sidorenko, spoke.")
    assert not {p for p in _posts(b) if p[1] == "Foreign Minister"}


def test_a_state_title_given_once_goes_on_over_a_list_of_states_before_names() -> None:
    a = _run("Russian President Ivan Petrov, Kazakhstan Oleg Sidorenko and Uzbekistan Boris Ivanov arrived in "
             "Samarkand.")
    assert _holders(a, "President") == {
        ("Ivan Petrov", "Russia"), ("Oleg Sidorenko", "Kazakhstan"), ("Boris Ivanov", "Uzbekistan")
    }


def test_in_a_list_of_titles_each_before_its_name_a_title_is_the_next_names() -> None:
    a = _run("The speaker met the chairman of the Lake Council, Ivan Petrov, the head of the Mazhilis of the Kazakh "
             "Parliament, Oleg Sidorenko, and the chairman of the Armenian National Assembly, Boris Ivanov.")
    assert {p[1] for p in _posts(a) if p[0] == "Ivan Petrov"} == {"Chairman"}


def test_a_diplomats_post_with_where_they_are_accredited() -> None:
    a = _run("The Ambassador of Kazakhstan to Russia Ivan Petrov and Charge d'Affaires ad interim of the Republic "
             "of Uzbekistan in China Oleg Sidorenko attended.")
    assert ("Ivan Petrov", "Ambassador", "Kazakhstan") in _posts(a)
    assert any(p == "Oleg Sidorenko" and o == "Uzbekistan" for p, _, o in _posts(a))
