"""Articles of an imaginary institution, built by hand, for the store tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from communique.document import Article, Page, Teaser
from communique.store import open_store

BODIES = {
    "summit": [
        "On May 12 this year the Council of the Northern Harbour League met in Tallport.",
        "The chair, Marta Ilves, opened the session and thanked the delegations for their work.",
        "The ministers adopted a plan for three joint fishery patrols in the coming season.",
    ],
    "drill": [
        "Rescue teams of four member states trained together near the Varden lighthouse on Tuesday.",
        "The exercise simulated a ferry fire with three hundred passengers on board.",
        "Coordinators said the response time improved by a third compared with last year.",
    ],
    "seizure": [
        "Customs officers of the League seized 412 kg of contraband tobacco at the port of Ostrova.",
        "The operation, named Lantern, ran for two weeks and involved nine agencies.",
        "Investigators opened fourteen criminal cases and detained six suspects.",
    ],
}


def build(
    key: str,
    url: str | None = None,
    body: list[str] | None = None,
    raw: str | None = None,
    site: str = "league.example",
    title: str | None = None,
    published: dt.date | None = None,
) -> Article:
    body = list(BODIES[key] if body is None else body)
    text = raw if raw is not None else f"Latest news of {site}\n" + (title or key) + "\n" + "\n".join(body)
    page = Page(text=text, source=f"{key}.txt", url=url or f"https://{site}/news/{key}", site=site)
    return Article(
        page=page,
        title=title or f"The {key} story",
        published=published or dt.date(2023, 5, 12),
        published_from="dateline",
        body=body,
        teasers=[Teaser("Another article announced here.", dt.date(2023, 4, 1), "Another")],
    )


@pytest.fixture
def make_article() -> Callable[..., Article]:
    return build


@pytest.fixture
def store(db_target: str):
    """A new, empty store: on SQLite and on PostgreSQL (the ``backend`` parameter of tests/conftest.py)."""
    with open_store(db_target) as s:
        yield s
