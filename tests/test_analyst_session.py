"""The scripted analyst session (bench/analyst_session.py) on a database built from ../shared/seeds and
../shared/corpus: its one JSON line, and the checks this repository's read model answers already."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
BENCH = ROOT / "bench" / "analyst_session.py"

# The session's checks of who held a post, the succession, events and the CLI's conventions, and those of the
# tools already in this repository (exports, evaluate, the site's archive, Datasette).
ANSWERED = [
    "who_held_names_no_other_orgs_holder",
    "secretaries_general_in_order",
    "sg_meetings_2023_with_participants_and_sentences",
    "user_errors_exit_nonzero_without_traceback",
    "exports_carry_sentences_proofs_places",
    "evaluate_agrees_with_score_py",
    "csto_site_sections_listed",
    "datasette_finds_full_text_index",
]


def _extraction_reads_series() -> bool:
    """Whether extraction gives each figure its series (Figure.series): the Channel check needs it."""
    from communique.document import Figure

    return "series" in {f.name for f in dataclasses.fields(Figure)}


if _extraction_reads_series():
    ANSWERED.append("channel_figures_2007_and_2023")


@pytest.mark.slow
def test_the_analyst_session_prints_one_line_and_passes_its_checks() -> None:
    if not (SHARED / "seeds").is_dir() or not (SHARED / "corpus").is_dir():
        pytest.skip("../shared/seeds and ../shared/corpus are not beside the repository")
    done = subprocess.run([sys.executable, str(BENCH)], capture_output=True, text=True, timeout=3600, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    [line] = done.stdout.splitlines()
    result = json.loads(line)
    assert result["of"] == 10 and len(result["checks"]) == 10
    assert result["passed"] == sum(result["checks"].values())
    failed = {name: result["why"].get(name) for name in ANSWERED if not result["checks"][name]}
    assert not failed, failed


def test_a_failed_check_says_why(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("analyst_session", BENCH)
    session = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(session)
    empty = tmp_path / "empty.db"
    from communique.cli import main

    assert main(["ingest", str(ROOT / "examples"), "--db", str(empty), "--quiet", "--workers", "1"]) == 0
    with pytest.raises(session.Failed, match="succession"):
        session.secretaries_general_in_order(empty, tmp_path)
    with pytest.raises(session.Failed, match="no meetings"):
        session.sg_meetings_2023_with_participants_and_sentences(empty, tmp_path)
    session.user_errors_exit_nonzero_without_traceback(empty, tmp_path)  # passes on any database
