"""Score communique on annotated pages: precision, recall and F1 per field, and what each page missed.

`communique evaluate GOLD.jsonl PAGES.jsonl` runs the pipeline over the pages exactly as `communique
extract` does (``job.extract_file``), then compares its predictions with the gold annotations (the format
is described in docs/evaluate.md). The numbers are those of the project's reference scorer
(``../shared/tools/score.py``, which is not shipped with the package): every matching rule below is the
same rule, and tests/test_evaluate.py holds the two together on every gold set. docs/evaluate.md says why
the rules are written here rather than taken from a library.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

FIELDS = ("people", "orgs", "places", "roles", "events", "figures")  # scored by precision/recall/F1
BODY_MISS_BELOW = 0.9  # a page whose body token F1 is under this is listed among the misses
FIGURE_TOLERANCE = 0.005  # a predicted value within 0.5 % of the gold value is the same figure
DIGITS = 4  # scores are rounded to this many decimals, as the reference scorer prints them

Record = Mapping[str, Any]
Same = Callable[[Any, Any], bool]


class EvaluationError(Exception):
    """An input that cannot be evaluated; the message is one line naming the file (and line) and the problem."""


# -- matching rules -----------------------------------------------------------------------------------

# Quotes, brackets, sentence punctuation and dashes separate words; they never tell two names apart.
_SEPARATORS = re.compile(r"[\"'`«»“”„’‘.,;:()\[\]!?–—-]")
_WORD = re.compile(r"\w+")
_ROLE_FILLERS = frozenset({"the", "of", "a", "an"})  # English function words inside a post's title


def normalise(text: Any) -> str:
    """Lower case, accents dropped, punctuation as spaces, spaces collapsed: how names and titles compare.

    NFKD splits a letter from its diacritics, so "é" becomes "e", and in Russian "ё" becomes "е" (and
    "й" becomes "и", on both sides alike).
    """
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(_SEPARATORS.sub(" ", bare).split())


def spellings(entry: Any) -> list[str]:
    """The normalised spellings a gold entry accepts: one name, or a list of names for one entity."""
    if entry is None:
        return []
    if isinstance(entry, list | tuple):
        return [normalise(name) for name in entry if name]
    return [normalise(entry)]


def one_value(value: Any) -> Any:
    """A prediction gives one value per slot; a list given instead stands for its first element."""
    return value[0] if isinstance(value, list | tuple) and value else value


def _surname_and_initial(name: str) -> tuple[str, str] | None:
    """("tasmagambetov", "i") for "I. Tasmagambetov"; the initial is "" for a surname alone."""
    words = normalise(name).split()
    if not words:
        return None
    return words[-1], words[0][0] if len(words) > 1 else ""


def names_match(gold_entry: Any, predicted: Any, person: bool = False) -> bool:
    """A predicted name equals one of the gold spellings; a person also matches on surname and initial.

    For a person the surname must be the same and the first initials compatible: equal, or one side
    has none ("Yury"/"Yuri Petrov", "I. Petrov", "Petrov").
    """
    name = normalise(one_value(predicted))
    if not name:
        return False
    accepted = spellings(gold_entry)
    if name in accepted:
        return True
    if not person:
        return False
    mine = _surname_and_initial(name)
    for spelling in accepted:
        theirs = _surname_and_initial(spelling)
        if theirs and mine and theirs[0] == mine[0] and (not theirs[1] or not mine[1] or theirs[1] == mine[1]):
            return True
    return False


def people_match(gold_entry: Any, predicted: Any) -> bool:
    return names_match(gold_entry, predicted, person=True)


def _role_words(title: Any) -> set[str]:
    return set(normalise(title).split()) - _ROLE_FILLERS


def roles_match(gold: Record, predicted: Any) -> bool:
    """Same person; one post title's words contain the other's; same organisation unless gold gives none.

    A gold role may be a list of wordings (Russian and English): any of them may contain or be
    contained in the predicted one.
    """
    if not isinstance(predicted, dict) or not people_match(gold.get("person"), predicted.get("person")):
        return False
    mine = _role_words(one_value(predicted.get("role")))
    wordings = gold.get("role") if isinstance(gold.get("role"), list) else [gold.get("role")]
    if not mine or not any(theirs and (theirs <= mine or mine <= theirs) for theirs in map(_role_words, wordings)):
        return False
    if gold.get("org") is None:
        return True
    return predicted.get("org") is not None and names_match(gold["org"], predicted["org"])


def events_match(gold: Record, predicted: Any) -> bool:
    """Same type and start date, the same place where both give one, half the gold participants found."""
    types = gold.get("type") if isinstance(gold.get("type"), list) else [gold.get("type")]
    if not isinstance(predicted, dict) or one_value(predicted.get("type")) not in types:
        return False
    if gold.get("date") and gold["date"] != predicted.get("date"):
        return False
    if gold.get("place") and predicted.get("place") and not names_match(gold["place"], predicted["place"]):
        return False
    participants = gold.get("participants") or []
    if participants:
        found = match_greedily(participants, predicted.get("participants") or [], people_match).matched
        if found * 2 < len(participants):
            return False
    return True


# Spellings of the scored units, normalised to the short codes of the format (kg, t, g, l, RUB, USD, EUR).
UNIT_SPELLINGS = {
    "kilogram": "kg", "kilograms": "kg", "kilo": "kg", "kgs": "kg",
    "ton": "t", "tons": "t", "tonne": "t", "tonnes": "t",
    "gram": "g", "grams": "g", "litre": "l", "liter": "l", "litres": "l", "liters": "l",
    "rub": "RUB", "rubles": "RUB", "roubles": "RUB", "ruble": "RUB", "rouble": "RUB",
    "usd": "USD", "dollars": "USD", "$": "USD", "eur": "EUR", "euro": "EUR", "euros": "EUR",
}


def unit_code(unit: Any) -> str | None:
    """A unit's short code; None for a plain count. Upper-case codes (currencies) keep their case."""
    if unit is None or str(unit).strip() == "":
        return None
    key = str(unit).strip()
    return UNIT_SPELLINGS.get(key.lower(), key if key.isupper() else key.lower())


def figures_match(gold: Record, predicted: Any) -> bool:
    """The value within 0.5 % of the gold value, and the same unit."""
    if not isinstance(predicted, dict):
        return False
    try:
        expected, value = float(gold["value"]), float(predicted["value"])
    except (KeyError, TypeError, ValueError):
        return False
    if abs(expected - value) > FIGURE_TOLERANCE * max(abs(expected), 1e-9):
        return False
    return unit_code(gold.get("unit")) == unit_code(predicted.get("unit"))


RULES: dict[str, Same] = {
    "people": people_match, "orgs": names_match, "places": names_match,
    "roles": roles_match, "events": events_match, "figures": figures_match,
}


@dataclass
class Matching:
    matched: int
    missed: list[Any]  # gold items no prediction matched
    extra: list[Any]  # predictions that matched no gold item


def match_greedily(gold: Sequence[Any], predicted: Sequence[Any], same: Same) -> Matching:
    """Pair items one to one: each gold item, in order, takes the first still-free prediction it matches.

    Greedy, not an optimal assignment: that is the reference scorer's rule, and the numbers must agree.
    """
    taken: set[int] = set()
    missed = []
    for item in gold:
        for j, guess in enumerate(predicted):
            if j not in taken and same(item, guess):
                taken.add(j)
                break
        else:
            missed.append(item)
    return Matching(len(gold) - len(missed), missed, [p for j, p in enumerate(predicted) if j not in taken])


def _word_bag(paragraphs: Any) -> Counter[str]:
    return Counter(_WORD.findall(" ".join(paragraphs or []).lower()))


def body_token_f1(gold: Any, predicted: Any) -> float:
    """F1 of the word tokens (a bag: order ignored, repeats counted) of two bodies; 1.0 when both are empty."""
    expected, found = _word_bag(gold), _word_bag(predicted)
    if not expected and not found:
        return 1.0
    overlap = sum((expected & found).values())
    if overlap == 0:
        return 0.0
    precision, recall = overlap / sum(found.values()), overlap / sum(expected.values())
    return 2 * precision * recall / (precision + recall)


def prf(tp: int, n_gold: int, n_pred: int) -> dict[str, float | int]:
    """Precision, recall and F1 with their counts; nothing predicted for nothing expected is perfect."""
    precision = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    recall = tp / n_gold if n_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, DIGITS), "recall": round(recall, DIGITS), "f1": round(f1, DIGITS),
            "gold": n_gold, "pred": n_pred, "tp": tp}


def _held(events: list[Any]) -> list[Any]:
    """Only events reported as having taken place are scored (a missing status means held)."""
    return [e for e in events if isinstance(e, dict) and e.get("status", "held") == "held"]


def score(gold: Mapping[str, Record], predicted: Mapping[str, Record], explain: bool = False) -> dict[str, Any]:
    """The scores of predictions against gold, both keyed by page id, in the reference scorer's JSON shape.

    Keys: pages, missing_predictions, body_token_f1 (mean over pages), title_accuracy,
    published_accuracy, then one {precision, recall, f1, gold, pred, tp} per field; with ``explain``,
    ``details``: per page, what it missed ({"missed": [...], "extra": [...]} per field, the body's
    token F1 when under 0.9, gold and predicted title or date when they differ).
    """
    counts = {name: [0, 0, 0] for name in FIELDS}  # tp, gold, predicted
    body_f1: list[float] = []
    titles_right = titles = dates_right = dates = 0
    details: dict[str, dict[str, Any]] = {}
    for page_id, g in gold.items():
        p = predicted.get(page_id, {})
        misses: dict[str, Any] = {}
        if "body" in g:
            f1 = body_token_f1(g["body"], p.get("body"))
            body_f1.append(f1)
            if f1 < BODY_MISS_BELOW:
                misses["body_f1"] = round(f1, 3)
        if "title" in g:
            titles += 1
            if normalise(g["title"]) == normalise(p.get("title")):
                titles_right += 1
            else:
                misses["title"] = {"gold": g["title"], "pred": p.get("title")}
        if g.get("published"):  # a page without a date in gold does not count
            dates += 1
            if g["published"] == p.get("published"):
                dates_right += 1
            else:
                misses["published"] = {"gold": g["published"], "pred": p.get("published")}
        for name in FIELDS:
            if name not in g:
                continue
            expected, found = g[name] or [], p.get(name) or []
            if name == "events":
                expected, found = _held(expected), _held(found)
            matching = match_greedily(expected, found, RULES[name])
            count = counts[name]
            count[0] += matching.matched
            count[1] += len(expected)
            count[2] += len(found)
            if matching.missed or matching.extra:
                misses[name] = {"missed": matching.missed, "extra": matching.extra}
        if misses:
            details[page_id] = misses

    def share(right: int, total: int) -> float | None:
        return round(right / total, DIGITS) if total else None

    result: dict[str, Any] = {
        "pages": len(gold),
        "missing_predictions": sum(1 for page_id in gold if page_id not in predicted),
        "body_token_f1": share(sum(body_f1), len(body_f1)),  # type: ignore[arg-type]
        "title_accuracy": share(titles_right, titles),
        "published_accuracy": share(dates_right, dates),
    }
    for name, (tp, n_gold, n_pred) in counts.items():
        result[name] = prf(tp, n_gold, n_pred)
    if explain:
        result["details"] = details
    return result


def to_json(result: Mapping[str, Any]) -> str:
    """The result as the reference scorer prints it: one line, or indented when it carries details."""
    return json.dumps(result, ensure_ascii=False, indent=1 if "details" in result else None)


# -- reading the files ----------------------------------------------------------------------------------

def _open_text(path: Path) -> IO[str]:
    if path.is_dir():
        raise EvaluationError(f"{path}: is a directory, not a JSONL file")
    try:
        if path.name.lower().endswith(".gz"):
            return gzip.open(path, "rt", encoding="utf-8")
        return path.open(encoding="utf-8")
    except FileNotFoundError:
        raise EvaluationError(f"{path}: no such file") from None
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot be read: {exc.strerror or exc}") from None


def read_jsonl(path: Path, comments: bool = False) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each record of a JSONL file, blank lines skipped.

    ``comments``: lines starting with // are skipped too (gold and prediction files may carry them).
    A line that is not a JSON object, or a record without an id, is an EvaluationError naming the line.
    """
    with _open_text(path) as lines:
        n = 0
        try:
            for n, line in enumerate(lines, 1):
                line = line.strip()
                if not line or (comments and line.startswith("//")):
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise EvaluationError(f"{path}:{n}: not JSON: {exc.msg} at column {exc.colno}") from None
                if not isinstance(record, dict):
                    raise EvaluationError(f"{path}:{n}: a JSON {type(record).__name__}, not an object")
                if record.get("id") is None:
                    raise EvaluationError(f'{path}:{n}: the record has no "id"')
                yield n, record
        except UnicodeDecodeError:
            raise EvaluationError(f"{path}:{n + 1}: not UTF-8 text") from None
        except (OSError, EOFError) as exc:  # a cut or corrupt .gz
            raise EvaluationError(f"{path}:{n + 1}: cannot be read: {exc}") from None


def _by_id(path: Path, comments: bool) -> dict[str, tuple[int, dict[str, Any]]]:
    records: dict[str, tuple[int, dict[str, Any]]] = {}
    for n, record in read_jsonl(path, comments):
        page_id = str(record["id"])
        if page_id in records:
            raise EvaluationError(f"{path}:{n}: id {page_id!r} again (first on line {records[page_id][0]})")
        records[page_id] = (n, record)
    return records


def _is_name(entry: Any) -> bool:
    return isinstance(entry, str) or (isinstance(entry, list) and all(isinstance(s, str) for s in entry))


def _shape_problem(record: Record) -> str | None:
    """What in a gold record's shape the scorer cannot read (see docs/evaluate.md), or None."""
    for key in ("title", "published"):
        if record.get(key) is not None and not isinstance(record[key], str):
            return f'"{key}" must be a string or null'
    body = record.get("body")
    if body is not None and not (isinstance(body, list) and all(isinstance(s, str) for s in body)):
        return '"body" must be a list of paragraphs (strings)'
    for name in FIELDS:
        entries = record.get(name)
        if entries is None:
            continue
        if not isinstance(entries, list):
            return f'"{name}" must be a list'
        for entry in entries:
            if name in ("people", "orgs", "places") and not _is_name(entry):
                return f'"{name}": each entry is a name or a list of spellings, not {json.dumps(entry)[:60]}'
            if name in ("roles", "events", "figures") and not isinstance(entry, dict):
                return f'"{name}": each entry is an object, not {json.dumps(entry)[:60]}'
    return None


def read_gold(path: Path) -> dict[str, dict[str, Any]]:
    """Gold records by page id, checked: one record per id, fields of the documented shape."""
    gold = {}
    for page_id, (n, record) in _by_id(path, comments=True).items():
        problem = _shape_problem(record)
        if problem:
            raise EvaluationError(f"{path}:{n}: {problem}")
        gold[page_id] = record
    if not gold:
        raise EvaluationError(f"{path}: no gold records")
    return gold


def read_predictions(path: Path) -> dict[str, dict[str, Any]]:
    """Prediction records by page id (a later record for the same id replaces an earlier one)."""
    return {str(record["id"]): record for _, record in read_jsonl(path, comments=True)}


def page_ids(path: Path) -> set[str]:
    """The ids of a pages file's records; each record needs an id and a "text" or "html" string."""
    from communique.ingest.sources import JSONL_SUFFIXES

    if not path.name.lower().endswith(JSONL_SUFFIXES):
        raise EvaluationError(f"{path}: pages must be a JSONL file ({', '.join(JSONL_SUFFIXES)})")
    ids = set()
    for page_id, (n, record) in _by_id(path, comments=False).items():
        if not isinstance(record.get("text"), str) and not isinstance(record.get("html"), str):
            raise EvaluationError(f'{path}:{n}: the record has neither a "text" nor an "html" string')
        ids.add(page_id)
    return ids


# -- the run --------------------------------------------------------------------------------------------

def _check_writable(path: Path) -> None:
    """Fail before the pipeline runs, not after, when the predictions cannot be kept where asked."""
    try:
        try:
            path.open("w").close()
        except FileNotFoundError:  # a folder to create, as extract does
            path.parent.mkdir(parents=True, exist_ok=True)
            path.open("w").close()
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot be written: {exc.strerror or exc}") from None


@dataclass
class Evaluation:
    scores: dict[str, Any]  # as score() gives them
    problems: list[str]  # pages the pipeline failed on or skipped, notes of the run: one line each
    seconds: float  # the pipeline's run time
    unscored_pages: int  # pages in PAGES without a gold record


def evaluate(gold_path: Path, pages_path: Path, predictions_path: Path | None = None, db: str | Path | None = None,
             site: str | None = None, progress: bool = False, explain: bool = False) -> Evaluation:
    """Run the pipeline on the pages (as `communique extract`) and score its predictions against gold.

    Every input problem (a missing or unreadable file, a line that is not JSON, a gold id without a
    page) is an EvaluationError raised before the pipeline starts. ``predictions_path`` keeps the
    predictions (else they go to a temporary file); ``db`` lends its site models, as in extract.
    """
    from communique.job import extract_file
    from communique.store.errors import StoreError

    gold = read_gold(gold_path)
    pages = page_ids(pages_path)
    absent = [page_id for page_id in gold if page_id not in pages]
    if absent:
        shown = ", ".join(absent[:5]) + (f" and {len(absent) - 5} more" if len(absent) > 5 else "")
        raise EvaluationError(f"{gold_path}: {len(absent)} gold id(s) without a page in {pages_path}: {shown}")
    if predictions_path is not None:
        _check_writable(predictions_path)
    with tempfile.TemporaryDirectory(prefix="communique-evaluate-") as scratch:
        out = predictions_path or Path(scratch) / "predictions.jsonl"
        try:
            report = extract_file(pages_path, out, db=db, site=site, progress=progress)
        except StoreError as exc:  # --db names no database, or one that is not communique's
            raise EvaluationError(str(exc)) from None
        predicted = read_predictions(out)
    problems = [f"failed: {f['source']}: {f['error']}" for f in report.failed]
    problems += [f"without facts (extraction failed): {f['source']}: {f['error']}" for f in report.extract_failed]
    problems += [f"skipped: {s['source']}: {s['reason']}" + (f" — {s['detail']}" if s["detail"] else "")
                 for s in report.skipped]
    problems += [f"note: {n}" for n in report.notes]
    return Evaluation(scores=score(gold, predicted, explain), problems=problems, seconds=report.seconds,
                      unscored_pages=len(pages - gold.keys()))


# -- text output ----------------------------------------------------------------------------------------

def _names(entry: Any) -> str:
    """A name, or the first of a gold entry's spellings (the others are variants of it)."""
    if isinstance(entry, list | tuple):
        return str(entry[0]) if entry else "?"
    return str(entry)


def _alternatives(entry: Any) -> str:
    return " or ".join(map(str, entry)) if isinstance(entry, list | tuple) else str(entry)


def describe(name: str, item: Any) -> str:
    """One gold or predicted item of a field, on one line."""
    if not isinstance(item, dict):
        return _names(item)
    if name == "roles":
        org = f" ({_names(item['org'])})" if item.get("org") else ""
        return f"{_names(item.get('person'))}: {_names(item.get('role'))}{org}"
    if name == "events":
        when = str(item.get("date") or "undated") + (f"..{item['end']}" if item.get("end") else "")
        where = f" in {_names(item['place'])}" if item.get("place") else ""
        who = "; ".join(_names(p) for p in item.get("participants") or [])
        return f"{_alternatives(item.get('type'))} {when}{where}" + (f" with {who}" if who else "")
    if name == "figures":
        unit = f" {item['unit']}" if item.get("unit") else ""
        return f"{item.get('value')}{unit} {item.get('item') or ''}".rstrip()
    return json.dumps(item, ensure_ascii=False)


def _table(rows: list[list[str]]) -> list[str]:
    """Rows of cells in aligned columns: the first (a name) to the left, the numbers to the right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join([row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)])
            for row in rows]


def render(evaluation: Evaluation, gold_path: Path) -> str:
    """The scores as a table (field, P, R, F1 and counts), then each page's misses when they were asked for."""
    s = evaluation.scores
    lines = [f"{s['pages']} pages of {gold_path} scored; pipeline {evaluation.seconds:.1f} s"
             + (f"; {s['missing_predictions']} without a prediction" if s["missing_predictions"] else "")
             + (f"; {evaluation.unscored_pages} pages without gold not scored" if evaluation.unscored_pages else ""),
             ""]
    rows = [["field", "P", "R", "F1", "gold", "pred", "tp"]]
    rows += [[name, f"{s[name]['precision']:.4f}", f"{s[name]['recall']:.4f}", f"{s[name]['f1']:.4f}",
              str(s[name]["gold"]), str(s[name]["pred"]), str(s[name]["tp"])] for name in FIELDS]
    lines += _table(rows)
    lines.append("")
    for label, key in (("body token F1 (mean over pages)", "body_token_f1"), ("title accuracy", "title_accuracy"),
                       ("published accuracy", "published_accuracy")):
        value = s[key]
        lines.append(f"{label + ':':33}{'-' if value is None else f'{value:.4f}'}")
    if "details" in s:
        lines += ["", f"misses by page ({len(s['details'])} of {s['pages']} pages):"]
        for page_id, misses in s["details"].items():
            lines.append(page_id)
            if "body_f1" in misses:
                lines.append(f"  body token F1 {misses['body_f1']}")
            for key in ("title", "published"):
                if key in misses:
                    lines.append(f"  {key}: gold {misses[key]['gold']!r}, predicted {misses[key]['pred']!r}")
            for name in FIELDS:
                for kind, label in (("missed", "missing"), ("extra", "spurious")):
                    for item in misses.get(name, {}).get(kind, []):
                        lines.append(f"  {name} {label}: {describe(name, item)}")
    return "\n".join(lines)


def print_problems(evaluation: Evaluation, file: IO[str] = sys.stderr) -> None:
    for line in evaluation.problems:
        print(f"communique evaluate: {line}", file=file)
