"""The one names module: normalise, transliterate, parse and compare, for extraction and resolution alike."""

from __future__ import annotations

import pytest

from communique import names


def test_normal_forms() -> None:
    assert names.key("The “Collective Security Treaty Organization”") == "collective security treaty organization"
    assert names.key("Cross-Border") == names.key("cross border")
    assert names.org_key("the CSTO Secretariat's") == "csto secretariat"
    assert names.org_key("Collective Security Treaty Organisation") == names.org_key(
        "Collective Security Treaty Organization"
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [("Kiselyov", "Kiselev"), ("Fyodor", "Fedor"), ("Lavrentyev", "Lavrentev"), ("Zass", "Zas"), ("Yury", "Yuri")],
)
def test_transliteration_variants_share_a_skeleton(a: str, b: str) -> None:
    assert names.skeleton(a) == names.skeleton(b)


def test_parse_reads_titles_initials_patronymics_and_surname_first_order() -> None:
    n = names.parse_person("Semerikov Valeriy Anatolyevich")
    assert (n.first, n.surname) == ("Valeriy", "Semerikov")
    n = names.parse_person("N.Nazarbayev")
    assert n.is_initial and n.surname == "Nazarbayev"


def test_one_text_and_across_texts() -> None:
    # a near-identical surname in one text is a typo of the same; across texts only with the same first name
    assert names.same_person("Tasmagambetov", "Tasmagambetiv", one_text=True)
    assert not names.same_person("Tasmagambetov", "Tasmagambetiv")
    assert names.same_person("Imangali Tasmagambetov", "Imangali Tasmagambetiv")
    assert not names.same_person("Andrei Moroz", "Anatoly Moroz", one_text=True)
    assert names.same_person("Nawaz Sharif", "Muhammad Nawaz Sharif")
    assert not names.same_person("I.Tasbulatov", "Nurlan Tasbulatov")


def test_acronyms() -> None:
    text = "the Secretary General of the Collective Security Treaty Organization (CSTO) spoke"
    assert [d[2:] for d in names.acronym_definitions(text)] == [("Collective Security Treaty Organization", "CSTO")]
    assert names.initials("Shanghai Cooperation Organization") == "SCO"
    # the start whose capitals spell the acronym, not an earlier one that nearly does
    text = "the Heads of the Nordic Council of the Nordic Cooperation Board (NCB) met"
    assert [d[2:] for d in names.acronym_definitions(text)] == [("Nordic Cooperation Board", "NCB")]
    assert names.common_acronyms("in the area of responsibility (AoR) of the Northern Board (NB)") == {"AoR"}


def test_british_and_american_spellings_are_one_organisation_and_a_name_follows_the_texts() -> None:
    from communique import names

    assert names.org_key("the Ministry of Defence of Norland") == names.org_key("Ministry of Defense of Norland")
    assert names.org_key("Centre for Arctic Studies") == names.org_key("Center for Arctic Studies")
    assert names.as_spelled("Ministry of Defence of Norland", "the defense ministries", names.SPELLINGS) == (
        "Ministry of Defense of Norland"
    )
    assert names.as_spelled("Ministry of Defense of Norland", "Defence Ministry", names.SPELLINGS) == (
        "Ministry of Defence of Norland"
    )
    assert names.as_spelled("Ministry of Defence of Norland", "Norland", names.SPELLINGS) == (
        "Ministry of Defence of Norland"  # the text says nothing of the word: the list's spelling
    )
