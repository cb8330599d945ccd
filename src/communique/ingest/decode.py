"""Bytes to text, or a reason why the bytes are not a page (binary, empty, not text).

Crawls hold whatever a server sent: images saved as .txt, truncated files, pages in a
legacy encoding. Decoding never raises: the caller gets text plus notes, or a reason.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

# Share of characters that may be control characters or U+FFFD before we call the input
# binary; real pages with a few stray bytes stay well below it.
MAX_NON_TEXT_SHARE = 0.10
# More replaced characters than this share means a legacy encoding, not a few stray bytes.
LEGACY_SHARE = 0.02
_SAMPLE = 65_536  # characters inspected for the binary test: enough to judge, cheap on huge inputs
# Unicode category Cc (C0 and C1 controls) except tab, newlines, vertical tab and form feed,
# plus U+FFFD, the mark invalid UTF-8 leaves behind.
_NON_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
# Byte order marks of the wide encodings, UTF-32 first (its little-endian mark starts like UTF-16's).
WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


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
    return len(_NON_TEXT.findall(sample)) / len(sample)


def decode_bytes(data: bytes) -> Decoded:
    """Decode a file's bytes as UTF-8 (BOM tolerated), or UTF-16/32 when a byte order mark says so;
    invalid sequences are replaced and noted.

    When many sequences are invalid the file is in a legacy encoding (cp1251, latin-1...):
    charset_normalizer (trafilatura's own dependency) names it, and the page says so.
    """
    if not data.strip():
        return Decoded(None, "empty", "no content" if not data else "only whitespace")
    for bom, encoding in WIDE_BOMS:  # UTF-16/32 are full of NUL bytes: known by their byte order mark first
        if data.startswith(bom):
            note = f"decoded as {encoding.upper()} (byte order mark)"
            return check_text(data.decode(encoding, errors="replace"), [note])
    if b"\x00" in data[:_SAMPLE]:
        return Decoded(None, "binary", "contains NUL bytes")
    notes: list[str] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8-sig", errors="replace")
        replaced = text.count("\ufffd")
        legacy = _legacy_encoding(data) if replaced > LEGACY_SHARE * len(text) else None
        if legacy:
            text = data.decode(legacy, errors="replace")
            notes.append(f"not UTF-8: decoded as {legacy}")
        else:
            notes.append(f"invalid UTF-8 replaced ({replaced} characters, first at byte {exc.start})")
    return check_text(text, notes)


def _legacy_encoding(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[: _SAMPLE * 4]).best()
    if best is None or best.encoding in ("utf_8", "utf-8"):
        return None
    return best.encoding


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
