"""Duplicate articles: exact (normalised body hash) and near (MinHash LSH over word shingles).

Both work on the *cleaned* body (Article.text), never on the raw page: every page of a site
shares its teasers, navigation and contacts, so raw pages of unrelated articles look alike.

MinHash signatures come from datasketch. The LSH index is not datasketch's in-memory
``MinHashLSH`` but its SQL equivalent: each signature is cut into ``minhash_bands`` bands and
each band's bytes are stored as a key in ``article_bands``. Two articles are candidates when
they share one band key, found by one query over that table's primary key, so the index grows
with the database instead of living in RAM, is written in the article's own transaction and
survives between runs (see docs/storage.md). The full signature (``article_minhash``) then
gives the estimated Jaccard similarity that decides. The reads and writes of those tables are the
store's (``DedupIndex`` in communique.store.interfaces); the MinHash math and the matching rules are here.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
from datasketch import MinHash

from communique.config import DEFAULTS

if TYPE_CHECKING:
    from communique.store.interfaces import DedupIndex

# Hash values of the "affine32" scheme are uint32; stored little-endian so a database moves
# between machines unchanged.
SIGNATURE_DTYPE = np.dtype("<u4")
SCHEME = "affine32"
SEED = 1
# Candidates are verified by full signature, those sharing most band keys first; a bound keeps
# one lookup cheap even when a template body fills a bucket with thousands of articles.
MAX_CANDIDATES = 50

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Match:
    """The article a new one duplicates, and how closely (1.0 for an identical body)."""

    article_id: int
    similarity: float
    exact: bool


def _setting(config: dict[str, Any] | None, key: str) -> Any:
    return (config or {}).get(key, DEFAULTS[key])


def shingles(text: str, size: int) -> set[bytes]:
    """Word ``size``-shingles of the lower-cased text; a text shorter than that is one shingle."""
    words = _WORD.findall(text.lower())
    if not words:
        return set()
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    grams = zip(*(words[i:] for i in range(size)), strict=False)  # stops at the shortest: the last gram
    return {" ".join(gram).encode("utf-8") for gram in grams}


@lru_cache(maxsize=8)
def _permutations(num_perm: int) -> Any:
    # Generating the permutations costs more than hashing a short article; do it once.
    return MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME, hashfunc=zlib.crc32).permutations


def signature(text: str, config: dict[str, Any] | None = None) -> np.ndarray | None:
    """MinHash signature of a cleaned body, or None when it has no words (never a duplicate).

    Pure and picklable, so the ingest job may compute it in worker processes and pass it to
    the store in ``article.extra["minhash"]``.
    """
    grams = shingles(text, int(_setting(config, "shingle_size")))
    if not grams:
        return None
    num_perm = int(_setting(config, "minhash_perm"))
    mh = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME, permutations=_permutations(num_perm),
                 hashfunc=zlib.crc32)
    mh.update_batch(grams)
    return mh.hashvalues.astype(SIGNATURE_DTYPE)


def to_blob(sig: np.ndarray) -> bytes:
    return sig.astype(SIGNATURE_DTYPE).tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=SIGNATURE_DTYPE)


def band_keys(sig: np.ndarray, bands: int) -> list[tuple[int, bytes]]:
    """(band, bucket) pairs: the signature cut into ``bands`` equal rows, each row's bytes a key."""
    if len(sig) % bands:
        raise ValueError(f"minhash_perm ({len(sig)}) must be a multiple of minhash_bands ({bands})")
    rows = len(sig) // bands
    raw = to_blob(sig)
    width = rows * SIGNATURE_DTYPE.itemsize
    return [(b, raw[b * width : (b + 1) * width]) for b in range(bands)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity: the share of equal MinHash values."""
    if len(a) != len(b):  # signatures made with another minhash_perm cannot be compared
        return 0.0
    return float(np.count_nonzero(a == b)) / len(a)


def _root(index: DedupIndex, article_id: int) -> int:
    """Follow duplicate_of to the article a cluster hangs on (chains are short; guard cycles)."""
    seen = {article_id}
    current = article_id
    while True:
        parent = index.duplicate_of(current)
        if parent is None or parent in seen:
            return current
        current = parent
        seen.add(current)


def _in_own_cluster(index: DedupIndex, candidate: int, article_id: int) -> bool:
    """True when the candidate already hangs on this article: matching it would make a cycle."""
    return _root(index, candidate) == article_id


def _signature_of(index: DedupIndex, article_id: int) -> np.ndarray | None:
    blob = index.signatures([article_id]).get(article_id)
    return from_blob(blob) if blob is not None else None


def find_exact(index: DedupIndex, article_id: int, body_hash: str) -> Match | None:
    # Only called for a body with words, so an equal hash is never the empty body's.
    for other in index.articles_with_body_hash(body_hash, article_id, 20):
        if _in_own_cluster(index, other, article_id):
            continue
        root = _root(index, other)
        return Match(root if index.has_body_hash(root, body_hash) else other, 1.0, exact=True)
    return None


def find_near(
    index: DedupIndex, article_id: int, sig: np.ndarray, config: dict[str, Any] | None = None
) -> Match | None:
    """The most similar earlier article over the threshold, via shared LSH band keys."""
    bands = int(_setting(config, "minhash_bands"))
    threshold = float(_setting(config, "near_duplicate_threshold"))
    candidates = index.band_candidates(band_keys(sig, bands), article_id, MAX_CANDIDATES)
    if not candidates:
        return None
    signatures = index.signatures(candidates)
    best: tuple[float, int] | None = None
    for other in sorted(candidates):
        if other not in signatures:
            continue
        score = similarity(sig, from_blob(signatures[other]))
        if score >= threshold and (best is None or score > best[0]):
            if not _in_own_cluster(index, other, article_id):
                best = (score, other)
    if best is None:
        return None
    score, other = best
    # Point at the cluster's first article when it is itself close enough, so a cluster is flat.
    root = _root(index, other)
    if root != other:
        root_sig = _signature_of(index, root)
        root_score = similarity(sig, root_sig) if root_sig is not None else 0.0
        if root_score >= threshold:
            return Match(root, root_score, exact=False)
    return Match(other, score, exact=False)


def index_signature(index: DedupIndex, article_id: int, sig: np.ndarray | None, bands: int) -> None:
    """Replace the article's signature and band keys (a new version replaces the old ones)."""
    if sig is None:
        index.replace_signature(article_id, None, [])
    else:
        index.replace_signature(article_id, to_blob(sig), band_keys(sig, bands))


def detect(
    index: DedupIndex,
    article_id: int,
    body: str,
    body_hash: str,
    config: dict[str, Any] | None = None,
    sig: np.ndarray | None = None,
) -> Match | None:
    """Index the article's cleaned body and return the earlier article it duplicates, if any.

    Runs inside the caller's transaction; records nothing in ``articles`` itself (the store does).
    ``sig`` may be precomputed by ``signature``; it is computed here otherwise.
    """
    if not body.strip():
        index_signature(index, article_id, None, int(_setting(config, "minhash_bands")))
        return None
    if sig is None:
        sig = signature(body, config)
    match = find_exact(index, article_id, body_hash)
    if match is None and sig is not None:
        match = find_near(index, article_id, sig, config)
    index_signature(index, article_id, sig, int(_setting(config, "minhash_bands")))
    return match
