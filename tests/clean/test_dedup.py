"""Duplicates: exact by body hash, near by MinHash LSH on the cleaned body, stored in SQLite."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from communique.clean import dedup
from communique.config import DEFAULTS
from communique.document import Article, Page
from communique.store import Store, open_store

REPORT = [
    "On Thursday the permanent council of the Northern Harbour League held its autumn session in Tallport, "
    "chaired by the League's secretary general Marta Ilves.",
    "Delegations from seven member states discussed the protection of undersea cables, the exchange of "
    "weather data between coastal stations and a common register of fishing vessels.",
    "The council approved a budget for the joint training centre in Ostrova and asked the working group "
    "on port security to present a draft agreement before the end of the year.",
    "In her closing remarks Marta Ilves thanked the host city and noted that cooperation between the "
    "coast guards had saved more than forty lives during the summer storms.",
    "The next session of the council will take place in the spring in the city of Varden.",
]
UNRELATED = [
    "The League's museum of navigation opened an exhibition of historical sea charts drawn by hand.",
    "Schoolchildren from the harbour district built model lighthouses and presented them to the curator, "
    "who promised to keep the best ones on display until the end of the winter holidays.",
    "Entry to the exhibition is free on Sundays and guided tours are offered in three languages.",
]


def article(body: list[str], url: str, raw: str | None = None, site: str = "league.example") -> Article:
    page = Page(text=raw if raw is not None else f"{url}\n" + "\n".join(body), source=url, url=url, site=site)
    return Article(page=page, title="Autumn session", published=dt.date(2024, 10, 3), body=list(body))


def edited(body: list[str]) -> list[str]:
    """A lightly edited copy, as another outlet would publish it: one word changed, a line added."""
    out = list(body)
    out[1] = out[1].replace("seven", "eight")
    return [*out, "Photo: press service."]


def exact_jaccard(a: str, b: str) -> float:
    sa, sb = dedup.shingles(a, DEFAULTS["shingle_size"]), dedup.shingles(b, DEFAULTS["shingle_size"])
    return len(sa & sb) / len(sa | sb)


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "kb.db") as s:
        yield s


def test_shingles_are_word_ngrams_of_lowercased_text() -> None:
    assert dedup.shingles("A b, C d!", 2) == {b"a b", b"b c", b"c d"}
    assert dedup.shingles("Only three words", 5) == {b"only three words"}
    assert dedup.shingles(" \n ...", 5) == set()


def test_signature_estimates_jaccard() -> None:
    a, b, c = "\n\n".join(REPORT), "\n\n".join(edited(REPORT)), "\n\n".join(UNRELATED)
    sa, sb, sc = dedup.signature(a), dedup.signature(b), dedup.signature(c)
    assert sa is not None and sa.dtype == dedup.SIGNATURE_DTYPE and len(sa) == DEFAULTS["minhash_perm"]
    assert np.array_equal(sa, dedup.signature(a))  # deterministic: stable across runs and processes
    assert abs(dedup.similarity(sa, sb) - exact_jaccard(a, b)) < 0.12
    assert dedup.similarity(sa, sb) >= DEFAULTS["near_duplicate_threshold"]
    assert dedup.similarity(sa, sc) < 0.2
    assert dedup.signature("") is None and dedup.signature("  ,. ") is None
    assert np.array_equal(dedup.from_blob(dedup.to_blob(sa)), sa)


def test_band_keys_cut_the_signature() -> None:
    sig = dedup.signature("\n\n".join(REPORT))
    keys = dedup.band_keys(sig, 32)
    assert [b for b, _ in keys] == list(range(32)) and all(len(k) == 16 for _, k in keys)
    assert b"".join(k for _, k in keys) == dedup.to_blob(sig)
    with pytest.raises(ValueError, match="multiple"):
        dedup.band_keys(sig, 30)


def test_exact_duplicate_at_another_url(store: Store) -> None:
    first = store.save_article(article(REPORT, "https://league.example/news/1"))
    # Whitespace and case differences do not matter to the normalised body hash.
    copy = store.save_article(article([p.upper() + "  " for p in REPORT], "https://mirror.example/a",
                                      site="mirror.example"))
    assert first.duplicate_of is None
    assert (copy.duplicate_of, copy.similarity, copy.status) == (first.article_id, 1.0, "new")
    assert (first.duplicate_kind, copy.duplicate_kind) == (None, "exact") and copy.exact and not first.exact
    # Saving the same page again reports the stored status, kind included.
    again = store.save_article(article([p.upper() + "  " for p in REPORT], "https://mirror.example/a",
                                       site="mirror.example"))
    assert (again.status, again.duplicate_of) == ("unchanged", first.article_id)
    assert again.duplicate_kind == "exact"
    shown = store.read.article(first.article_id)
    assert shown["duplicates"] == [{"id": copy.article_id, "title": "Autumn session",
                                    "site": "mirror.example", "url": "https://mirror.example/a",
                                    "published": shown["published"], "similarity": 1.0}]
    assert store.read.stats()["duplicates"] == {"exact": 1, "near": 0}


def test_lightly_edited_copy_is_a_near_duplicate_and_unrelated_text_is_not(store: Store) -> None:
    first = store.save_article(article(REPORT, "https://league.example/news/1"))
    near = store.save_article(article(edited(REPORT), "https://gazette.example/x", site="gazette.example"))
    other = store.save_article(article(UNRELATED, "https://league.example/news/2"))
    assert near.duplicate_of == first.article_id
    assert DEFAULTS["near_duplicate_threshold"] <= near.similarity < 1.0 and near.duplicate_kind == "near"
    assert not near.exact
    assert other.duplicate_of is None and other.similarity is None
    assert store.read.stats()["duplicates"] == {"exact": 0, "near": 1}
    # Every indexed article has one key per band, and its signature is stored for verification.
    sql = "SELECT article_id, count(*) FROM article_bands GROUP BY article_id"
    bands = store.db.conn.execute(sql).fetchall()
    assert {tuple(r) for r in bands} == {(a, DEFAULTS["minhash_bands"]) for a in (1, 2, 3)}


def test_later_copies_hang_on_the_first_article(store: Store) -> None:
    first = store.save_article(article(REPORT, "https://league.example/news/1"))
    second = store.save_article(article(edited(REPORT), "https://gazette.example/x"))
    third = store.save_article(article(REPORT[:4] + ["Photo: press service."], "https://daily.example/y"))
    assert second.duplicate_of == first.article_id and third.duplicate_of == first.article_id


def test_same_raw_boilerplate_different_bodies_are_not_duplicates(store: Store) -> None:
    # The raw pages are almost identical (the same long teaser block); the cleaned bodies are not.
    boilerplate = "\n".join(REPORT * 3)
    a = store.save_article(article(UNRELATED[:1], "https://league.example/news/3", raw=boilerplate + "\nA"))
    b = store.save_article(article(UNRELATED[1:], "https://league.example/news/4", raw=boilerplate + "\nB"))
    assert a.duplicate_of is None and b.duplicate_of is None


def test_empty_bodies_are_never_duplicates(store: Store) -> None:
    results = [store.save_article(article([], f"https://league.example/gallery/{i}")) for i in range(3)]
    assert all(r.duplicate_of is None for r in results)
    assert store.db.conn.execute("SELECT count(*) FROM article_bands").fetchone()[0] == 0
    assert store.read.stats()["empty_bodies"] == 3


def test_recrawl_of_the_same_url_is_a_version_not_a_duplicate(store: Store) -> None:
    url = "https://league.example/news/1"
    first = store.save_article(article(REPORT, url))
    again = store.save_article(article(edited(REPORT), url))
    assert (again.article_id, again.version, again.status) == (first.article_id, 2, "version")
    assert again.duplicate_of is None
    assert store.read.stats()["articles"] == 1
    # The index holds the current version only.
    assert store.db.conn.execute("SELECT count(*) FROM article_bands").fetchone()[0] == DEFAULTS["minhash_bands"]


def test_duplicates_are_checked_again_when_the_original_changes(store: Store) -> None:
    url = "https://league.example/news/1"
    first = store.save_article(article(REPORT, url))
    copy = store.save_article(article(REPORT, "https://mirror.example/a"))
    assert copy.duplicate_of == first.article_id
    store.save_article(article(UNRELATED, url))  # the original page now says something else
    assert store.read.article(copy.article_id)["duplicate_of"] is None
    assert store.read.article(first.article_id)["duplicates"] == []


def test_precomputed_signature_is_used(store: Store) -> None:
    first = store.save_article(article(REPORT, "https://league.example/news/1"))
    later = article(edited(REPORT), "https://gazette.example/x")
    later.extra["minhash"] = dedup.signature(later.text)
    assert store.save_article(later).duplicate_of == first.article_id
    unrelated = article(edited(REPORT), "https://gazette.example/z")
    unrelated.body[0] = "Changed so the exact hash differs."
    # A signature that disagrees with the body: the store must trust the one it was given.
    unrelated.extra["minhash"] = dedup.signature("\n\n".join(UNRELATED))
    assert store.save_article(unrelated).duplicate_of is None


def test_threshold_comes_from_config(tmp_path: Path) -> None:
    with open_store(tmp_path / "strict.db", config={"near_duplicate_threshold": 0.99}) as strict:
        strict.save_article(article(REPORT, "https://league.example/news/1"))
        assert strict.save_article(article(edited(REPORT), "https://gazette.example/x")).duplicate_of is None


GOLD = Path(__file__).resolve().parents[2] / ".." / "shared" / "gold"


def gold_bodies() -> list[tuple[str, list[str]]]:
    out = []
    for path in sorted(GOLD.glob("*/gold.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record.get("body"):
                out.append((record["id"], record["body"]))
    return out


@pytest.mark.skipif(not GOLD.exists(), reason="../shared/gold not present")
def test_on_real_article_bodies(store: Store) -> None:
    """Hand-checked bodies of distinct real articles: none is a duplicate of another, and a
    copy with one word changed is found as a near-duplicate of its own source."""
    bodies = gold_bodies()
    assert len(bodies) >= 10
    saved = {}
    for page_id, body in bodies:
        result = store.save_article(article(body, f"https://source.example/{page_id}"))
        assert result.duplicate_of is None, page_id
        saved[page_id] = result.article_id
    checked = 0
    for page_id, body in bodies:
        words = "\n\n".join(body).split(" ")
        if len(words) < 80:
            continue
        middle = len(words) // 2
        words[middle] = "REDACTED"
        copy = store.save_article(article([" ".join(words)], f"https://copy.example/{page_id}"))
        assert copy.duplicate_of == saved[page_id] and copy.duplicate_kind == "near", page_id
        checked += 1
    assert checked >= 10
