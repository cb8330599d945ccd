"""Bytes to text, or a reason why the bytes are not a page (binary, empty, not text).

Crawls hold whatever a server sent: images saved as .txt, truncated files, pages in a
legacy encoding. Decoding never raises: the caller gets text plus notes, or a reason.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

# Share of characters that may be control characters or U+FFFD before we call the input
# binary; real pages with a few stray bytes stay well below it.
MAX_NON_TEXT_SHARE = 0.10
_SAMPLE = 65_536  # characters inspected for the binary test: enough to judge, cheap on huge inputs
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}


@dataclass
class Decoded:
    text: str | None  # None when the input is not a page
    reason: str = ""  # binary | empty, when text is None
    detail: str = ""
    notes: list[str] = field(default_factory=list)


def _non_text_share(text: str) -> float:
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    bad = sum(
        1 for ch in sample
        if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    )
    return bad / len(sample)


def decode_bytes(data: bytes) -> Decoded:
    """Decode a file's bytes as UTF-8 (BOM tolerated); invalid sequences are replaced and noted."""
    if not data.strip():
        return Decoded(None, "empty", "no content" if not data else "only whitespace")
    if b"\x00" in data[:_SAMPLE]:
        return Decoded(None, "binary", "contains NUL bytes")
    notes: list[str] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8-sig", errors="replace")
        replaced = text.count("\ufffd")
        notes.append(f"invalid UTF-8 replaced ({replaced} characters, first at byte {exc.start})")
    return check_text(text, notes)


def check_text(text: str, notes: list[str] | None = None) -> Decoded:
    """The checks that also apply to text that arrived already decoded (a JSONL field)."""
    notes = list(notes or [])
    if "\x00" in text[:_SAMPLE]:
        return Decoded(None, "binary", "contains NUL characters", notes)
    share = _non_text_share(text)
    if share > MAX_NON_TEXT_SHARE:
        return Decoded(None, "binary", f"{share:.0%} of characters are control or undecodable", notes)
    if not text.strip():
        return Decoded(None, "empty", "only whitespace", notes)
    return Decoded(text, notes=notes)
