"""`communique evaluate`: each matching rule on small invented records, the command's output and errors,
and agreement with the reference scorer (../shared/tools/score.py) on every gold set present."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from communique.cli import main
from communique.evaluate import (
    body_token_f1,
    events_match,
    figures_match,
    match_greedily,
    names_match,
    normalise,
    prf,
    roles_match,
    score,
    to_json,
    unit_code,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score.py"
GOLD_SETS = sorted(p.parent.name for p in (SHARED / "gold").glob("*/gold.jsonl")) if SHARED.is_dir() else []
EXAMPLE_PAGES = ROOT / "examples" / "nmcc.example.org" / "archive-2024.jsonl"

needs_scorer = pytest.mark.skipif(not SCORER.exists(), reason="../shared/tools/score.py not present")


def _write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _reference(gold: Path, predictions: Path, explain: bool = False) -> str:
    """What score.py prints for these files."""
    cmd = [sys.executable, str(SCORER), str(gold), str(predictions)] + (["--explain"] if explain else [])
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()


# -- the matching rules, on invented names -----------------------------------------------------------

def test_normalisation_ignores_case_accents_punctuation_and_spacing() -> None:
    assert normalise("  Jürgen  O'Brien-Smith. ") == "jurgen o brien smith"
    assert normalise("«Полярный Маяк—2025»") == "полярныи маяк 2025"  # й loses its breve like any accent
    assert normalise(None) == ""
    assert names_match("Семёнов", "СЕМЕНОВ")  # ё and е are one letter once accents go
    assert names_match("Tromsø", "tromsø") and not names_match("Tromsø", "Tromso")  # ø is a letter, not an accent


def test_a_gold_entry_accepts_any_of_its_spellings_and_a_prediction_gives_one() -> None:
    council = ["Northern Maritime Cooperation Council", "NMCC"]
    assert names_match(council, "nmcc") and names_match(council, "Northern maritime cooperation council")
    assert not names_match(council, "Maritime Council")
    assert names_match(council, ["NMCC", "something else"])  # a list predicted: its first element counts
    assert not names_match(council, "") and not names_match(council, None)


def test_a_person_matches_on_surname_with_a_compatible_initial() -> None:
    assert names_match("Ivan Petrov", "I. Petrov", person=True)
    assert names_match("Ivan Petrov", "Petrov", person=True)  # no initial on one side: compatible
    assert names_match("Yury Petrov", "Yuri Petrov", person=True)  # transliterations share the initial
    assert not names_match("Ivan Petrov", "Oleg Petrov", person=True)
    assert not names_match("Ivan Petrov", "Ivan Petrovsky", person=True)
    assert not names_match("Ivan Petrov", "I. Petrov")  # organisations and places get no surname rule
    russian = ["Иван Петров", "Петрова", "Ivan Petrov"]  # nominative, the inflected form in the text, English
    assert names_match(russian, "Петрова", person=True) and names_match(russian, "Ivan Petrov", person=True)
    assert names_match(russian, "И. Петров", person=True)


def test_a_role_matches_when_one_title_contains_the_other() -> None:
    gold = {"person": "Ivan Petrov", "role": "Secretary General", "org": None}
    assert roles_match(gold, {"person": "I. Petrov", "role": "NMCC Secretary General", "org": None})
    assert roles_match({**gold, "role": "Head of the Secretariat"},
                       {"person": "Ivan Petrov", "role": "Secretariat head"})  # the, of, a, an do not count
    assert roles_match({**gold, "role": "Chief Staff Officer"}, {"person": "Ivan Petrov", "role": "Chief of Staff"})
    assert roles_match({**gold, "role": "Deputy Secretary General"},
                       {"person": "Ivan Petrov", "role": "Secretary General"})  # containment either way
    assert not roles_match({**gold, "role": "Minister of Defence"},
                           {"person": "Ivan Petrov", "role": "Minister of Foreign Affairs"})
    assert not roles_match(gold, {"person": "Oleg Sidorenko", "role": "Secretary General"})
    assert not roles_match(gold, {"person": "Ivan Petrov", "role": ""})
    assert not roles_match(gold, "Ivan Petrov, Secretary General")  # a prediction must be an object


def test_a_role_org_must_match_unless_gold_leaves_it_open() -> None:
    gold = {"person": ["Иван Петров", "Ivan Petrov"], "role": ["Генеральный секретарь", "Secretary General"],
            "org": ["Northern Maritime Cooperation Council", "NMCC"]}
    assert roles_match(gold, {"person": "Иван Петров", "role": "генеральный секретарь", "org": "NMCC"})
    assert roles_match(gold, {"person": "Ivan Petrov", "role": "Secretary General", "org": "nmcc"})
    assert not roles_match(gold, {"person": "Ivan Petrov", "role": "Secretary General", "org": None})
    assert not roles_match(gold, {"person": "Ivan Petrov", "role": "Secretary General", "org": "Arctic Council"})
    assert roles_match({**gold, "org": None}, {"person": "Ivan Petrov", "role": "Secretary General", "org": "X"})


def test_an_event_matches_on_type_date_place_and_half_its_participants() -> None:
    gold = {"type": "meeting", "date": "2024-11-14", "place": "Reykjavik",
            "participants": ["Ivan Petrov", "Oleg Sidorenko"], "status": "held"}
    same = {"type": "meeting", "date": "2024-11-14", "place": "Reykjavík", "participants": ["I. Petrov"]}
    assert events_match(gold, same)  # one of two participants is half of them
    assert events_match(gold, {**same, "place": None})  # a place given on one side only does not count
    assert not events_match(gold, {**same, "place": "Oslo"})
    assert not events_match(gold, {**same, "date": "2024-11-15"})
    assert not events_match(gold, {**same, "type": "visit"})
    assert not events_match(gold, {**same, "participants": ["Einar Thorsson"]})
    three = {**gold, "participants": ["Ivan Petrov", "Oleg Sidorenko", "Einar Thorsson"]}
    assert not events_match(three, same)  # one of three is less than half
    assert events_match({**gold, "type": ["session", "meeting"]}, same)  # gold may accept several types
    assert events_match({**gold, "date": None}, same)  # an undated gold event matches on the rest
    assert events_match({"type": "exercise", "date": "2024-11-04", "participants": []},
                        {"type": "exercise", "date": "2024-11-04"})


def test_a_figure_matches_within_half_a_percent_in_the_same_unit() -> None:
    gold = {"value": 1000, "unit": "kg", "item": "fish seized"}
    assert figures_match(gold, {"value": 1004, "unit": "kilograms"})
    assert figures_match(gold, {"value": "996", "unit": "Kilo"})
    assert not figures_match(gold, {"value": 1000, "unit": "KG"})  # upper case is read as a code (USD), kept
    assert not figures_match(gold, {"value": 1006, "unit": "kg"})
    assert not figures_match(gold, {"value": 1000, "unit": None})
    assert not figures_match(gold, {"value": "about a thousand", "unit": "kg"})
    assert figures_match({"value": 38, "unit": None}, {"value": 38, "unit": ""})  # a plain count
    assert unit_code("roubles") == unit_code("RUB") == "RUB" and unit_code("Tonnes") == "t"
    assert unit_code("NOK") == "NOK" and unit_code(" ") is None


def test_matching_is_one_to_one_and_greedy_in_gold_order() -> None:
    twice = match_greedily(["Ivan Petrov", "Ivan Petrov"], ["I. Petrov"],
                           lambda g, p: names_match(g, p, person=True))
    assert (twice.matched, twice.missed, twice.extra) == (1, ["Ivan Petrov"], [])
    # Greedy: the first gold item takes "Petrov", which the second needed; an optimal pairing would find two.
    greedy = match_greedily(["Ivan Petrov", "Oleg Petrov"], ["Petrov", "I. Petrov"],
                            lambda g, p: names_match(g, p, person=True))
    assert (greedy.matched, greedy.missed, greedy.extra) == (1, ["Oleg Petrov"], ["I. Petrov"])


def test_body_token_f1_counts_words_as_a_bag() -> None:
    assert body_token_f1(["Ships met, ships left."], ["ships left; ships met"]) == 1.0  # order does not count
    assert body_token_f1(["a b c d"], ["a b x"]) == pytest.approx(4 / 7)  # P 2/3, R 2/4
    assert body_token_f1([], []) == 1.0 and body_token_f1([], None) == 1.0
    assert body_token_f1(["a b"], None) == 0.0 and body_token_f1([], ["a"]) == 0.0


def test_precision_recall_f1_at_the_edges() -> None:
    assert prf(2, 4, 3) == {"precision": 0.6667, "recall": 0.5, "f1": 0.5714, "gold": 4, "pred": 3, "tp": 2}
    assert prf(0, 0, 0)["f1"] == 1.0  # nothing expected, nothing predicted
    assert (prf(0, 0, 2)["precision"], prf(0, 0, 2)["recall"]) == (0.0, 1.0)
    assert (prf(0, 3, 0)["precision"], prf(0, 3, 0)["f1"]) == (0.0, 0.0)


# -- whole records ------------------------------------------------------------------------------------

GOLD = [
    {"id": "p1", "title": "The Council met in Tromsø", "published": "2024-10-03",
     "body": ["On October 3 the Council met.", "Ten ships attended."],
     "people": [["Ivan Petrov", "I. Petrov"], "Oleg Sidorenko"], "orgs": [["Northern Maritime Council", "NMC"]],
     "places": ["Tromsø"],
     "roles": [{"person": "Ivan Petrov", "role": "Secretary General", "org": ["Northern Maritime Council", "NMC"]}],
     "events": [{"type": "session", "date": "2024-10-03", "place": "Tromsø", "participants": [], "status": "held"},
                {"type": "exercise", "date": "2025-01-10", "participants": [], "status": "planned"}],
     "figures": [{"value": 10, "unit": None, "item": "ships"}]},
    {"id": "p2", "title": None, "published": None, "body": [], "people": [], "orgs": [], "places": [],
     "roles": [], "events": [], "figures": []},
    {"id": "p3", "title": "Fish seized", "published": "2024-12-12", "body": ["Inspectors seized 2.5 t of fish."],
     "figures": [{"value": 2.5, "unit": "t", "item": "fish"}]},
]
PREDICTED = [
    {"id": "p1", "title": "THE COUNCIL MET, IN TROMSØ.", "published": "2024-10-03",
     "body": ["On October 3 the Council met.", "Ten ships attended.", "Phone"],
     "people": ["Petrov", "Maren Aaltonen"], "orgs": ["nmc"], "places": ["Tromsø", "Oslo"],
     "roles": [{"person": "I. Petrov", "role": "NMC Secretary General", "org": "Northern Maritime Council"}],
     "events": [{"type": "session", "date": "2024-10-03", "place": None, "participants": [], "status": "held"},
                {"type": "exercise", "date": "2025-01-10", "participants": [], "status": "planned"},
                "not an event"],
     "figures": [{"value": 10.02, "unit": None, "item": "ships"}]},
    {"id": "p2", "title": "Latest news", "published": None, "body": [], "people": [], "orgs": [], "places": [],
     "roles": [], "events": [], "figures": []},
]


def test_score_of_whole_records() -> None:
    result = score({g["id"]: g for g in GOLD}, {p["id"]: p for p in PREDICTED}, explain=True)
    assert result["pages"] == 3 and result["missing_predictions"] == 1  # p3 has no prediction
    assert result["people"] == prf(1, 2, 2) and result["orgs"] == prf(1, 1, 1) and result["places"] == prf(1, 1, 2)
    assert result["roles"] == prf(1, 1, 1)
    assert result["events"] == prf(1, 1, 1)  # planned events and non-objects are not scored
    assert result["figures"] == prf(1, 2, 1)  # p3's figure has no prediction
    assert result["title_accuracy"] == 0.3333  # p1 right once normalised; p2 titles a page without an article
    assert result["published_accuracy"] == 0.5  # p1 right, p3 missing; p2 has no date and does not count
    details = result["details"]
    assert details["p1"]["people"] == {"missed": ["Oleg Sidorenko"], "extra": ["Maren Aaltonen"]}
    assert details["p1"]["places"] == {"missed": [], "extra": ["Oslo"]}
    assert details["p2"]["title"] == {"gold": None, "pred": "Latest news"}
    assert details["p3"]["body_f1"] == 0.0 and "body_f1" not in details["p1"]  # p1's body F1 is over 0.9
    assert set(details) == {"p1", "p2", "p3"}


@needs_scorer
def test_the_invented_records_score_as_the_reference_scorer_scores_them(tmp_path: Path) -> None:
    gold = _write_jsonl(tmp_path / "gold.jsonl", GOLD)
    predicted = _write_jsonl(tmp_path / "pred.jsonl", PREDICTED)
    ours = score({g["id"]: g for g in GOLD}, {p["id"]: p for p in PREDICTED}, explain=True)
    assert ours == json.loads(_reference(gold, predicted, explain=True))


# -- the command --------------------------------------------------------------------------------------

# An annotation of one of the example crawl's pages (examples/ is invented for this project).
EXAMPLE_GOLD = {
    "id": "nmcc-p11-0", "title": "The NMCC Secretariat moved to new premises in Tromsø", "published": "2024-10-03",
    "people": ["Hilde Berg", "Astrid Nilsen"],  # the second one is not on the page: it must show as missed
    "places": ["Tromsø"],
}


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["evaluate", *args, "--quiet"])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_table_and_misses_agree_with_the_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = _write_jsonl(tmp_path / "gold.jsonl", [EXAMPLE_GOLD])
    code, out, _ = _cli(capsys, str(gold), str(EXAMPLE_PAGES), "--json")
    assert code == 0
    scores = json.loads(out)
    assert scores["pages"] == 1 and scores["title_accuracy"] == 1.0 and scores["people"]["gold"] == 2
    code, text, _ = _cli(capsys, str(gold), str(EXAMPLE_PAGES), "--explain")
    assert code == 0
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split() == ["field", "P", "R", "F1", "gold", "pred", "tp"])
    table = lines[header + 1: lines.index("", header)]
    rows = {line.split()[0]: line.split()[1:] for line in table}
    assert set(rows) == {"people", "orgs", "places", "roles", "events", "figures"}
    for name, cells in rows.items():
        s = scores[name]
        assert cells == [f"{s['precision']:.4f}", f"{s['recall']:.4f}", f"{s['f1']:.4f}",
                         str(s["gold"]), str(s["pred"]), str(s["tp"])]
    assert "title accuracy:                  1.0000" in text
    assert "nmcc-p11-0" in text and "people missing: Astrid Nilsen" in text


def test_predictions_are_kept_with_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = _write_jsonl(tmp_path / "gold.jsonl", [EXAMPLE_GOLD])
    kept = tmp_path / "new" / "pred.jsonl"
    code, _, _ = _cli(capsys, str(gold), str(EXAMPLE_PAGES), "-o", str(kept))
    assert code == 0
    rows = [json.loads(line) for line in kept.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["nmcc-p11-0", "nmcc-p10-1", "nmcc-p10-2"]  # every page, gold or not


@pytest.mark.parametrize(("gold_lines", "pages", "message"), [
    (None, "pages.jsonl", "gold.jsonl: no such file"),
    ('{"id": "a"}\n{"id": "b", oops}\n', "pages.jsonl", "gold.jsonl:2: not JSON: "),
    ('{"id": "a"}\n[1, 2]\n', "pages.jsonl", "gold.jsonl:2: a JSON list, not an object"),
    ('{"title": "x"}\n', "pages.jsonl", 'gold.jsonl:1: the record has no "id"'),
    ('{"id": "a"}\n{"id": "a"}\n', "pages.jsonl", "gold.jsonl:2: id 'a' again (first on line 1)"),
    ('{"id": "a", "people": "Ivan Petrov"}\n', "pages.jsonl", 'gold.jsonl:1: "people" must be a list'),
    ('{"id": "a", "events": ["a meeting"]}\n', "pages.jsonl", 'gold.jsonl:1: "events": each entry is an object'),
    ('{"id": "a"}\n{"id": "zz"}\n', "pages.jsonl", "1 gold id(s) without a page in"),
    ('{"id": "a"}\n', "nowhere.jsonl", "nowhere.jsonl: no such file"),
    ('{"id": "a"}\n', "pages.txt", "pages must be a JSONL file"),
    ('{"id": "a"}\n', "bad-pages.jsonl", "bad-pages.jsonl:2: not JSON: "),
    ('{"id": "a"}\n', "no-text.jsonl", 'no-text.jsonl:1: the record has neither a "text" nor an "html" string'),
])
def test_bad_input_is_one_line_and_exit_code_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               gold_lines: str | None, pages: str, message: str) -> None:
    (tmp_path / "pages.jsonl").write_text('{"id": "a", "text": "A page."}\n', encoding="utf-8")
    (tmp_path / "pages.txt").write_text('{"id": "a", "text": "A page."}\n', encoding="utf-8")
    (tmp_path / "bad-pages.jsonl").write_text('{"id": "a", "text": "A page."}\n{"id": \n', encoding="utf-8")
    (tmp_path / "no-text.jsonl").write_text('{"id": "a", "body": "A page."}\n', encoding="utf-8")
    if gold_lines is not None:
        (tmp_path / "gold.jsonl").write_text(gold_lines, encoding="utf-8")
    code, out, err = _cli(capsys, str(tmp_path / "gold.jsonl"), str(tmp_path / pages))
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_database_that_is_not_one_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = _write_jsonl(tmp_path / "gold.jsonl", [EXAMPLE_GOLD])
    (tmp_path / "not.db").write_text("not a database", encoding="utf-8")
    for db, message in ((tmp_path / "not.db", "file is not a database"), (tmp_path / "none.db", "no database at")):
        code, _, err = _cli(capsys, str(gold), str(EXAMPLE_PAGES), "--db", str(db))
        assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_an_unwritable_output_fails_before_the_pipeline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = _write_jsonl(tmp_path / "gold.jsonl", [EXAMPLE_GOLD])
    code, _, err = _cli(capsys, str(gold), str(EXAMPLE_PAGES), "-o", str(tmp_path))
    assert code == 2 and err.startswith(f"communique evaluate: {tmp_path}: cannot be written")


# -- agreement with the reference scorer on the real gold sets -----------------------------------------

def _derived_predictions(gold: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Predictions made from the gold itself, altered so that every rule has something to decide.

    First spellings (or a person's surname alone), every third entity dropped, org of every other role
    removed, events with shifted types and dates, figures off by 0.3 % and by 1 %, bodies cut in half.
    """
    out = []
    for n, g in enumerate(gold):
        def first(entry: Any) -> Any:
            return entry[0] if isinstance(entry, list) and entry else entry

        people = [first(e).split()[-1] if i % 2 else first(e) for i, e in enumerate(g.get("people") or [])
                  if i % 3 != 2 and first(e) and first(e).split()]
        roles = [{"person": first(r.get("person")), "role": first(r.get("role")),
                  "org": first(r.get("org")) if i % 2 == 0 else None} for i, r in enumerate(g.get("roles") or [])]
        events = [{**e, "type": first(e.get("type")) if i % 4 else "other", "place": first(e.get("place")),
                   "participants": [first(p) for p in (e.get("participants") or [])[::2]]}
                  for i, e in enumerate(g.get("events") or [])]
        figures = [{**f, "value": float(f["value"]) * (1.003 if i % 2 else 1.01)} for i, f in
                   enumerate(g.get("figures") or []) if isinstance(f.get("value"), int | float)]
        body = g.get("body") or []
        out.append({"id": g["id"], "title": g.get("title") if n % 2 else None, "published": g.get("published"),
                    "body": body[: len(body) // 2 + 1], "people": people + ["Nobody Inventedname"],
                    "orgs": [first(e) for i, e in enumerate(g.get("orgs") or []) if i % 3 != 1],
                    "places": [first(e) for e in g.get("places") or []][::-1], "roles": roles,
                    "events": events, "figures": figures})
    return out


@needs_scorer
@pytest.mark.parametrize("name", GOLD_SETS)
def test_derived_predictions_score_as_the_reference_scorer_scores_them(tmp_path: Path, name: str) -> None:
    gold_path = SHARED / "gold" / name / "gold.jsonl"
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    predicted = _derived_predictions(gold)
    pred_path = _write_jsonl(tmp_path / "pred.jsonl", predicted)
    ours = score({str(g["id"]): g for g in gold}, {p["id"]: p for p in predicted}, explain=True)
    assert to_json(ours) == _reference(gold_path, pred_path, explain=True)
    del ours["details"]
    assert to_json(ours) == _reference(gold_path, pred_path)  # the one-line form, byte for byte
    assert 0 < ours["people"]["tp"] < ours["people"]["pred"]  # the alterations left something to decide


@needs_scorer
@pytest.mark.parametrize("name", GOLD_SETS)
def test_evaluate_prints_what_score_py_prints_on_its_predictions(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                 name: str) -> None:
    gold, pages = SHARED / "gold" / name / "gold.jsonl", SHARED / "gold" / name / "pages.jsonl"
    predictions = tmp_path / "pred.jsonl"
    code, out, _ = _cli(capsys, str(gold), str(pages), "--json", "--explain", "-o", str(predictions))
    assert code == 0
    assert out.strip() == _reference(gold, predictions, explain=True)  # the same text, byte for byte
