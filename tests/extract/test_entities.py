"""Gazetteer lookups and organisation/place mentions on sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

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


# ------------------------------------------------------------------ open vocabulary: names by structure


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("The Board of Regional Liaison Officers met on Monday.", "Board of Regional Liaison Officers"),
        ("It reported to the Working Group on Border Cooperation.", "Working Group on Border Cooperation"),
        ("Experts of the Committee on Combating Cross-Border Crime met.", "Committee on Combating Cross-Border Crime"),
        ("Soldiers of the 201st Military Base took part.", "201st Military Base"),
        ("He thanked the Ministry of Labor, Social Security and Migration of Kyrgyzstan.",
         "Ministry of Labor, Social Security and Migration of Kyrgyzstan"),
    ],
)
def test_institutions_are_named_by_their_head_noun_and_complements(sentence: str, name: str) -> None:
    from communique.extract.institutions import find

    assert name in {n.text for n in find(sentence)}
    # and the pipeline reports it although no list names it
    assert name in _canon(_run(sentence), "org")


def test_a_name_inside_a_complement_is_named_too_but_not_a_kind_of_body() -> None:
    from communique.extract.institutions import find

    found = {n.text: n.nested for n in find("The Chief of the General Staff of the Armed Forces of Kyrgyzstan spoke.")}
    assert found == {"General Staff of the Armed Forces of Kyrgyzstan": False, "Armed Forces of Kyrgyzstan": True}
    assert find("The Permanent Council and the Working Group met.") == []  # kinds of body, whose is not said


def test_structure_does_not_read_headlines_ranks_quoted_titles_or_run_into_names() -> None:
    from communique.extract.institutions import find

    assert find("Secretary General Meets With Head Of Border Service") == []
    assert find("Defence Minister of Russia Army General Sergei Shoigu arrived.") == []  # "Army General" is a rank
    assert find("the conference “Cooperation to Prevent the Movement of Terrorists” opened.") == []
    text = "the Security Council of Kyrgyzstan Damir Sagynbayev said"
    assert [n.text for n in find(text, stops=[text.index("Damir")])] == ["Security Council of Kyrgyzstan"]


def test_organisations_nobody_listed_are_found_by_structure_use_and_shape() -> None:
    text = (
        "The Eurasian Drone Regulators Forum Secretariat met the Kazakh Defence Ministry. "
        "Frontex said it would send experts. Later Frontex published a report, and the Izvestia newspaper "
        "wrote about it."
    )
    a = _run(text)
    orgs = _canon(a, "org")
    assert {"Eurasian Drone Regulators Forum Secretariat", "Izvestia", "Frontex"} <= orgs
    assert "Ministry of Defence of the Republic of Kazakhstan" in orgs


def test_open_vocabulary_without_the_gazetteer_entries() -> None:
    text = (
        "The Collective Security Treaty Organization (CSTO) and the Republic of Kazakhstan signed a plan. "
        "The CSTO Secretariat will follow it."
    )
    with gz.without_names(["Collective Security Treaty Organization", "Kazakhstan", "CSTO Secretariat"]):
        assert gz.canonical_org("CSTO") is None and gz.canonical_place("Kazakhstan") is None
        a = _run(text)
    assert {"Collective Security Treaty Organization", "CSTO Secretariat"} <= _canon(a, "org")
    assert "Kazakhstan" in _canon(a, "place")
    assert gz.canonical_org("CSTO") == "Collective Security Treaty Organization"  # the list is back


def test_an_acronym_is_the_long_name_the_page_spells_out() -> None:
    a = _run("The Shanghai Cooperation Organization met in Qingdao. The SCO adopted a declaration.")
    with gz.without_names(["Shanghai Cooperation Organization"]):
        b = _run("The Shanghai Cooperation Organization met in Qingdao. The SCO adopted a declaration.")
    assert _canon(a, "org") == _canon(b, "org") == {"Shanghai Cooperation Organization"}


def test_a_bare_body_belongs_to_the_organisation_its_name_or_the_text_gives() -> None:
    a = _run("The CSTO and the OSCE were invited. The Parliamentary Assembly of the OSCE met in Vienna.")
    orgs = _canon(a, "org")
    assert "CSTO Parliamentary Assembly" not in orgs
    assert "Parliamentary Assembly of the OSCE" in orgs


def test_fuzzy_matching_does_not_map_one_organisations_council_onto_anothers() -> None:
    assert gz.fuzzy_org("Collective Security Treat Organization") == "Collective Security Treaty Organization"
    assert gz.fuzzy_org("Council of Foreign Ministers of the CIS") is None


def test_bodies_of_each_state_of_a_list() -> None:
    a = _run("The heads of the defense ministries of Belarus, Kazakhstan and the Russian Federation met.")
    assert {
        "Ministry of Defence of the Republic of Belarus",
        "Ministry of Defence of the Republic of Kazakhstan",
        "Ministry of Defence of the Russian Federation",
    } <= _canon(a, "org")
    assert {"Belarus", "Kazakhstan", "Russia"} <= _canon(a, "place")


def test_a_states_body_without_its_state_takes_the_state_named_before_it() -> None:
    a = _run("Armenia protested. The Foreign Ministry said the talks would go on.")
    assert "Ministry of Foreign Affairs of the Republic of Armenia" in _canon(a, "org")
    b = _run("The Foreign Ministry said the talks would go on.")
    assert not _canon(b, "org")


def test_states_are_named_by_the_shape_of_a_states_name() -> None:
    with gz.without_names(["Tajikistan"]):
        a = _run("The President of the Republic of Tajikistan Emomali Rahmon arrived.")
    assert "Tajikistan" in _canon(a, "place")
    assert "Emomali Rahmon" in _canon(a, "person")


# ------------------------------------------------------------------------------------ corpus lexicon


def _page(text: str, n: int) -> Page:
    return Page(text=text, source=f"test:{n}", url=f"https://news.example/{n}", site="news.example")


def test_lexicon_learns_acronyms_institutions_and_capitalisation_and_round_trips() -> None:
    from communique.extract.lexicon import Lexicon

    lex = Lexicon()
    lex.observe(_page("The Northern Fisheries Cooperation Board (NFCB) held a session in Bergen.", 1))
    lex.observe(_page("Officials of the Board of Regional Liaison Officers met. Experts said Frontex grew.", 2))
    lex.observe(_page("The Board of Regional Liaison Officers agreed. The agency said Frontex would help.", 3))
    lex.observe(_page("The Board of Regional Liaison Officers agreed. The agency said Frontex would help.", 3))
    assert lex.n_pages == 3  # one page is observed once
    assert lex.expansion("NFCB") == "Northern Fisheries Cooperation Board"
    assert lex.institution("board of regional liaison officers") == "Board of Regional Liaison Officers"
    assert lex.proper_noun("Frontex") is True
    assert lex.proper_noun("Agency") is None  # never capitalised inside a sentence here
    again = Lexicon.from_rows(list(lex.rows()))
    assert again.digest() == lex.digest()
    assert again.merge(Lexicon()).expansion("NFCB") == "Northern Fisheries Cooperation Board"


def test_an_acronym_defined_on_one_page_is_known_on_another(tmp_path: Path) -> None:
    import json

    from communique.job import extract_file

    pages = [
        {"id": "a", "url": "https://news.example/a", "text": "Fisheries news 01.02.2024\n\n"
         "The Northern Fisheries Cooperation Board (NFCB) held its first session in Bergen on Monday."},
        {"id": "b", "url": "https://news.example/b", "text": "Fisheries news 02.02.2024\n\n"
         "On Tuesday the NFCB approved the quotas for the next year, its chairman said."},
    ]
    src = tmp_path / "pages.jsonl"
    src.write_text("".join(json.dumps(p) + "\n" for p in pages), encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    extract_file(src, out, progress=False, workers=1)
    preds = {p["id"]: p for p in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert preds["b"]["orgs"] == ["Northern Fisheries Cooperation Board"]


def test_ingest_stores_the_lexicon_and_learns_on(tmp_path: Path) -> None:
    import json

    from communique.job import ingest
    from communique.store import open_store

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(json.dumps({"id": name, "url": f"https://news.example/{name}", "text": text}) + "\n")
        return path

    db = tmp_path / "kb.db"
    ingest([write("a.jsonl", "News 01.02.2024\n\nThe Northern Fisheries Cooperation Board (NFCB) met.")],
           db=db, workers=1, progress=False, resolve=False)
    with open_store(db, readonly=True) as store:
        first = store.load_lexicon()
    assert first is not None and first.expansion("NFCB") == "Northern Fisheries Cooperation Board"
    ingest([write("b.jsonl", "News 02.02.2024\n\nThe Arctic Shipping Council (ASC) met the NFCB.")],
           db=db, workers=1, progress=False, resolve=False)
    with open_store(db, readonly=True) as store:
        second = store.load_lexicon()
    assert second is not None and second.n_pages == 2 and second.expansion("ASC") == "Arctic Shipping Council"


def test_names_without_a_head_noun_by_their_acronym_role_or_common_noun_beside_them() -> None:
    with gz.without_names(["United Nations", "MIR", "RIA Novosti"]):
        a = _run("Experts of the United Nations met. The UN plan was approved, RIA Novosti reported. "
                 "He spoke to the TV channel MIR about the Status of Observer.")
    orgs = _canon(a, "org")
    assert {"United Nations", "RIA Novosti", "MIR"} <= orgs
    assert "Status of Observer" not in orgs and "UN" not in orgs  # the acronym is the long name


def test_a_name_after_according_to_is_no_place_and_a_cut_name_is_not_written_twice() -> None:
    from communique.extract.entities import _place_by_use, _proper_name
    from communique.extract.text_index import TextIndex

    text = "According to Kolstad, the talks went well. Thanks to Kolstad the boats sailed. Delegates met in Varden."
    words = TextIndex(text)
    assert not _place_by_use("Kolstad", text, text.index("Kolstad"), None, words)  # a source, not a direction
    assert _place_by_use("Varden", text, text.index("Varden"), None, words)

    # an excerpt cut inside a name: the cut name is a prefix of the full one, not the name written again
    cut = ("The Arctic Shipping Union Authority met. Officials of the Arctic Shipping Union Authority said so.\n\n"
           "Arvid Kolstad, Chairman of the Arctic Shipping Uni")
    assert not _proper_name("Arctic Shipping Uni", TextIndex(cut))
    both = "The Arctic Shipping Union met. Officials of the Arctic Shipping Union said so."
    assert _proper_name("Arctic Shipping Union", TextIndex(both))
