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
