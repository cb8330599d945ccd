"""Fixtures of the extraction tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def extract_pages(tmp_path: Path) -> Callable[[list[dict[str, Any]]], dict[str, dict[str, Any]]]:
    """Run ``communique extract`` (``job.extract_file``) over these page records: the predictions by id. The
    pages are read together, as a crawl is: what one teaches (the corpus lexicon) is known on the others."""
    from communique.job import extract_file

    def run(pages: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        src = tmp_path / "pages.jsonl"
        src.write_text("".join(json.dumps(p) + "\n" for p in pages), encoding="utf-8")
        out = tmp_path / "pred.jsonl"
        extract_file(src, out, progress=False, workers=1)
        return {p["id"]: p for p in map(json.loads, out.read_text(encoding="utf-8").splitlines())}

    return run
