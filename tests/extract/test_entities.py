"""Gazetteer lookups and organisation/place mentions on sentences written for these tests."""

from __future__ import annotations

import pytest

from communique.document import Article, Page
from communique.extract import gazetteer as gz
from communique.extract.entities import learn_acronyms
from communique.pipeline import Pipeline


def _run(*paragraphs: str, title: str | None = None) -> Article:
    article = Article(page=Page(text="", source="test"), title=title, body=list(paragraphs))
    return Pipeline(["nlp", "gazetteer_entities", "people_posts"], {})(article)


def _canon(article: Article, kind: str) -> set[str]:
    return {m.canonical or m.text for m in article.mentions if m.kind == kind}


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("CSTO", "Collective Security Treaty Organization"),
        ("Rosfinmonitoring", "Federal Financial Monitoring Service"),
        ("the Federal Financial Monitoring Service", "Federal Financial Monitoring Service"),
        ("Secretariat of the CSTO", "CSTO Secretariat"),
        ("Russian Ministry of Defense", "Ministry of Defence of the Russian Federation"),
        (
            "Ministry of Internal Affairs of the Kyrgyz Republic",
            "Ministry of Internal Affairs of the Kyrgyz Republic",
        ),
        ("Belarusian Foreign Ministry", "Ministry of Foreign Affairs of the Republic of Belarus"),
        ("ОДКБ", "Collective Security Treaty Organization"),
    ],
)
def test_canonical_org(spelling: str, canonical: str) -> None:
    assert gz.canonical_org(spelling) == canonical


def test_canonical_place_and_states() -> None:
    assert gz.canonical_place("Republic of Kazakhstan") == "Kazakhstan"
    assert gz.canonical_place("the Russian Federation") == "Russia"
    assert gz.canonical_place("Kyrgyz Republic") == "Kyrgyzstan"
    assert gz.canonical_place("Москва") == "Moscow"
    assert gz.country_of("Tajik") == "Tajikistan"
    assert gz.canonical_place("Atlantis") is None
    assert gz.canonical_org("Ministry of Happiness") is None


def test_acronym_and_long_form_are_one_org() -> None:
    a = _run("The Collective Security Treaty Organization met in Minsk. Later the CSTO issued a statement.")
    assert _canon(a, "org") == {"Collective Security Treaty Organization"}
    assert _canon(a, "place") == {"Minsk"}
    cstos = [m for m in a.mentions if m.text == "CSTO"]
    assert cstos and cstos[0].sentence == "Later the CSTO issued a statement."


def test_acronym_learned_from_the_text() -> None:
    text = "The Northern Fisheries Cooperation Board (NFCB) held a session. The NFCB approved its budget."
    assert learn_acronyms(text)[0][2:] == ("Northern Fisheries Cooperation Board", "NFCB")
    a = _run(text)
    nfcb = [m for m in a.mentions if m.text == "NFCB"]
    assert nfcb and all(m.canonical == "Northern Fisheries Cooperation Board" for m in nfcb)


def test_acronym_definition_is_cut_to_its_initials() -> None:
    found = learn_acronyms(
        "He met the Secretary General of the Collective Security Treaty Organization (CSTO) today."
    )
    assert [f[2] for f in found] == ["Collective Security Treaty Organization"]


def test_lowercase_word_is_not_an_acronym() -> None:
    a = _run("Let us meet the delegates of the US and the UN in Vienna.")
    assert "United States" in _canon(a, "place")
    assert "United Nations" in _canon(a, "org")
    assert all(m.text != "us" for m in a.mentions)


def test_body_of_the_articles_organisation() -> None:
    a = _run("The CSTO ministers met at the Secretariat in Moscow.")
    assert "CSTO Secretariat" in _canon(a, "org")
    b = _run("The SCO ministers met at the Secretariat in Beijing.")
    assert "SCO Secretariat" in _canon(b, "org")


def test_state_inside_an_organisation_name_is_also_a_place() -> None:
    a = _run("The Security Council of the Republic of Armenia adopted the plan.")
    assert "Security Council of the Republic of Armenia" in _canon(a, "org")
    assert "Armenia" in _canon(a, "place")


def test_title_mentions_are_the_articles_with_spans_into_the_title() -> None:
    a = _run("The talks went well.", title="The UNODC met the CSTO")
    titled = [m for m in a.mentions if m.in_title]
    assert {m.canonical for m in titled} == {
        "United Nations Office on Drugs and Crime",
        "Collective Security Treaty Organization",
    }
    assert all(a.title[m.start : m.end] == m.text and m.sentence == a.title for m in titled)
    assert not [m for m in a.mentions if m.kind == "org" and not m.in_title]


def test_un_body_also_names_the_un_but_a_body_of_the_sco_does_not_add_the_sco() -> None:
    a = _run("The UN Commission on Narcotic Drugs met in Vienna.")
    assert {"Commission on Narcotic Drugs", "United Nations"} <= _canon(a, "org")
    b = _run("Experts of the SCO RATS met in Tashkent.")
    assert _canon(b, "org") == {"SCO RATS"}
