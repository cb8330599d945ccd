"""The 'figures' component: amounts and counts with value, unit, item, qualifier; no dates or ordinals."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from communique.document import Article, Event, Page
from communique.extract.figures import find_figures
from communique.pipeline import Pipeline

SHARED = Path(__file__).resolve().parents[3] / "shared"


def _figs(text: str) -> list[tuple[float, str | None, str | None]]:
    return [(f.value, f.unit, f.qualifier) for f in find_figures(text)]


def test_amounts_with_units_and_qualifiers() -> None:
    text = (
        "Customs officers seized over 450 kg of cocaine, including 12.5 kg of heroin, and about 3 tonnes of "
        "precursors; transactions worth more than 75 million rubles were blocked."
    )
    assert _figs(text) == [
        (450, "kg", "over"),
        (12.5, "kg", None),
        (3, "t", "about"),
        (75_000_000, "RUB", "more than"),
    ]


def test_counts_keep_their_item() -> None:
    found = find_figures("Police detained 215 persons and seized 17 firearms and 1,340 rounds of ammunition.")
    assert [(f.value, f.unit, f.item) for f in found] == [
        (215, None, "persons"),
        (17, None, "firearms"),
        (1340, None, "rounds of ammunition"),
    ]


def test_spelled_out_and_composite_numbers() -> None:
    assert _figs("Seventeen thousand soldiers and more than a thousand reservists took part.") == [
        (17_000, None, None),
        (1_000, None, "more than"),
    ]
    assert _figs("The population is 9 million 904 thousand 700 people.") == [(9_904_700, None, None)]
    assert _figs("The total exceeds 2 billion rubles.") == [(2e9, "RUB", "more than")]
    assert _figs("They pledged 3 million US dollars and 95% of the budget.") == [
        (3e6, "USD", None),
        (95, "%", None),
    ]


def test_dates_years_ordinals_and_codes_are_not_figures() -> None:
    text = (
        "On 15 September 2023 the 25th anniversary of the Treaty was marked; in 2022 the 3rd session "
        "under Article 5 of the Charter met for two hours after the Rubezh-2023 drill in military unit 6656. "
        "Contacts: tel. +7 (495) 606-97-71. The two sides agreed. It was founded 14 years ago."
    )
    assert find_figures(text) == []


def test_numbered_list_markers_are_not_figures() -> None:
    assert find_figures("1. The Observer shall attend.\n2. The Partner may speak.") == []


def test_component_links_a_figure_to_the_operation_it_belongs_to() -> None:
    body = [
        "The joint operation was carried out in May.",
        "During the operation, 48 firearms were seized. Separately, 12 reports were published.",
    ]
    article = Article(page=Page(text="", source="test"), published=dt.date(2023, 6, 1), body=body)
    article.events = [Event(start=10, end=19, sentence=body[0], type="operation")]
    article = Pipeline(["dates", "figures"], {})(article)
    linked = {f.value: f.event for f in article.figures}
    assert linked == {48: 0, 12: None}
    fig = article.figures[0]
    assert article.text[fig.start : fig.end] == "48" and fig.sentence.startswith("During the operation")


def test_a_restated_amount_is_one_figure() -> None:
    body = ["The six-member organisation met.", "Its six members signed the plan."]
    article = Pipeline(["dates", "figures"], {})(Article(page=Page(text="", source="test"), body=body))
    assert [(f.value, f.unit) for f in article.figures] == [(6, None)]


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "gold" / "seeds" / "gold.jsonl").exists(), reason="../shared not present")
def test_gold_figures_meet_the_bar() -> None:
    bench = Path(__file__).resolve().parents[2] / "bench" / "extract_oracle.py"
    out = subprocess.run([sys.executable, str(bench)], capture_output=True, text=True, check=True).stdout
    lines = [json.loads(x) for x in out.strip().splitlines()]
    assert {x["set"] for x in lines} >= {"seeds", "dev", "press"}
    for scores in lines:
        assert scores["figures"] >= 0.92, scores


def test_russian_amounts() -> None:
    text = "Изъято более 450 кг наркотиков, в том числе 12,5 кг героина; задействовано 10 200 сотрудников в 2023 году."
    assert [(f.value, f.unit, f.qualifier) for f in find_figures(text, lang="ru")] == [
        (450, "kg", "more than"),
        (12.5, "kg", None),
        (10_200, None, None),
    ]


def test_metric_tons_keep_their_unit() -> None:
    found = find_figures("Border guards seized 12.5 metric tons of hashish and 3 short tons of precursors.")
    assert [(f.value, f.unit, f.item) for f in found] == [(12.5, "t", "hashish"), (3, "t", "precursors")]


def test_ages_names_and_document_numbers_are_not_figures() -> None:
    text = (
        "Petrov, 58, will lead the secretariat. The envoy, who is 61, was born in Osh. "
        "In an interview with Channel 5, he cited resolutions 1373 (2001) and 2178 (2014). "
        "The mission counts about 4,000 troops, of whom 350 are police officers."
    )
    assert [(f.value, f.unit) for f in find_figures(text)] == [(4000, None), (350, None)]


def test_screen_units_and_the_rest_of_a_cut_date_are_not_figures() -> None:
    assert find_figures("Font size − 16 px reset") == []
    assert find_figures("It was set up by the decision of the Council of May 14, 20") == []


def test_a_number_glued_to_a_noun_by_a_hyphen_is_an_adjective_not_an_amount() -> None:
    text = "Leaders of the seven-member bloc adopted a 12-point plan; 40 officers and twenty-two dogs took part."
    assert _figs(text) == [(40, None, None), (22, None, None)]


# --- thousands separators, the title, software strings, series and parts


def test_thousands_grouped_by_spaces_of_any_width_and_by_dots() -> None:
    found = find_figures(
        "About 2 773 rounds, 1\u2009250 cartridges, 3\u202f400 persons and 12\u00a0100 officers; "
        "2.773 rounds more, 116.495 kilograms of heroin and 1.250.000 rubles."
    )
    assert [(f.value, f.unit) for f in found] == [
        (2773, None),
        (1250, None),
        (3400, None),
        (12100, None),
        (2773, None),
        (116.495, "kg"),
        (1_250_000, "RUB"),
    ]
    assert not any(f.item[:1].isdigit() for f in found)


def test_a_date_does_not_swallow_the_amount_grouped_after_it() -> None:
    assert [(f.value, f.item) for f in find_figures("On May 15 300 people came.")] == [(300, "people came")]


def test_software_versions_and_huge_digit_strings_are_not_figures() -> None:
    text = "Powered by Bitrix 24.100.0\nSite version 3.2\nRelease 4.2 is out. Hash " + "9" * 310 + " items."
    assert find_figures(text) == []


def test_the_title_is_read_for_figures_the_body_does_not_state() -> None:
    article = Article(
        page=Page(text="", source="test"),
        title="Over 11 tonnes of drugs seized; 399 persons detained",
        published=dt.date(2023, 9, 20),
        body=["The operation was carried out in September. 399 persons were detained."],
    )
    article = Pipeline(["dates", "figures"], {})(article)
    assert [(f.value, f.unit, f.in_title) for f in article.figures] == [(399, None, False), (11, "t", True)]
    title_fig = article.figures[1]
    assert article.title[title_fig.start : title_fig.end] == "Over 11 tonnes"


def test_each_figure_records_its_series_with_year_and_never_a_teasers() -> None:
    body = [
        'The anti-drug operation "Channel-Perekhvat" was carried out from 11 to 15 September. '
        "More than 11 tons of drugs were seized.",
        "During the operation dubbed Channel 2007, 48 firearms were seized.",
    ]
    article = Article(page=Page(text="", source="test"), published=dt.date(2023, 9, 20), body=body)
    article.events = [Event(start=4, end=30, sentence=body[0], type="operation", name="Channel-Perekhvat",
                            date=dt.date(2023, 9, 11))]
    article = Pipeline(["dates", "figures"], {})(article)
    assert [(f.value, f.series) for f in article.figures] == [(11, "Channel-Perekhvat 2023"), (48, "Channel 2007")]

    other = Article(page=Page(text="", source="test"), published=dt.date(2023, 9, 20),
                    body=["More than 11 tons of drugs were seized."])
    other.events = [Event(start=0, end=5, sentence="", type="operation", name="Channel", from_teaser=0)]
    other = Pipeline(["dates", "figures"], {})(other)
    assert [f.series for f in other.figures] == [None]


def test_parts_point_at_their_total() -> None:
    body = [
        "Police detained 399 persons, among them 52 foreigners. Customs seized 450 kg of cocaine, including "
        "12 kg of heroin and 3 kg of hashish, and 17 firearms."
    ]
    article = Pipeline(["dates", "figures"], {})(Article(page=Page(text="", source="test"), body=body))
    assert [(f.value, f.part_of) for f in article.figures] == [
        (399, None),
        (52, 0),
        (450, None),
        (12, 2),
        (3, 2),
        (17, None),
    ]


def test_a_vague_order_of_magnitude_is_a_lower_bound() -> None:
    found = find_figures("Troops fired on thousands of protesters; tens of thousands of people rallied for years.")
    assert [(f.value, f.qualifier, f.item) for f in found] == [
        (1000, "more than", "protesters"),
        (10_000, "more than", "people rallied"),
    ]


def test_a_number_beyond_any_float_is_left_out_with_a_note() -> None:
    body = ["Customs seized " + "9" * 310 + " kg of cod and 12 boats."]
    article = Article(page=Page(text="", source="test"), body=body)
    article = Pipeline(["dates", "figures"], {})(article)
    assert [(f.value, f.item) for f in article.figures] == [(12, "boats")]
    assert any("beyond any float" in note for note in article.page.notes)


@pytest.mark.parametrize(
    "text",
    [
        "The veterans recalled the battles of World War 2 and their comrades.",
        "The minister said in an interview with Lakeview 24 on Monday that the talks went well.",
        "On September, 4 Lakeport hosted the consultations of the wardens.",
        "The drills will run at the Lakeside range from October 10 through 14. Crews arrived early.",
        "The council marked the 80. anniversary of the founding of the harbour.",
        "According to the Charter (sec. 1, art. 9) the decision comes into force.",
        "Structure of the council:\n\n1.Manage political cooperation.\n\n2.Manage the budget.",
        "The republic had suspended its membership in 19",
    ],
)
def test_days_names_ordinals_references_and_cut_numbers_are_not_figures(text: str) -> None:
    assert _figs(text) == []


def test_a_count_after_a_month_name_without_a_comma_is_still_read() -> None:
    assert _figs("Wardens seized 40 boats in May and 12 boats in June.") == [(40, None, None), (12, None, None)]


def test_a_duration_with_a_word_between_number_and_unit_is_no_figure() -> None:
    assert _figs("The mandate was extended for five more years and the talks lasted two consecutive days.") == []
    assert [v for v, _, _ in _figs("They seized five more cars.")] == [5.0]  # "more" before a thing counted
