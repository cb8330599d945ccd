"""Web archives in: WARC and WET files (.warc, .warc.gz, .wet, .wet.gz) read with warcio, streaming.

One record at a time is held in memory. HTML responses become Pages through the same HTML
reader as loose .html files (trafilatura main text + title/date metadata); WET conversion
records are already plain text and go straight in. Everything else in an archive (request
and metadata records, images, PDFs, robots.txt, redirects, HTTP errors) is a Skip with a
short reason so the run report can count it.

warcio stops *silently* at a truncated gzip member and returns short payloads for a record
cut mid-body, so truncation is detected here: a record whose payload is shorter than its
Content-Length, or bytes left in the file after the last complete record, end the archive
with Skip("path@OFFSET", "truncated") naming the offset of the first record that was lost.

warcio reads a header line until its newline, however far that is: a gzip bomb (a few
hundred KB that inflate to gigabytes without a newline) would be read whole into memory. Its
reader is replaced by one whose lines and header blocks are bounded (``MAX_HEADER_LINE``,
``MAX_HEADER_BYTES``); beyond them the archive ends with Skip("path@OFFSET", "too-large"),
in bounded memory. Payloads are read up to the size limit and the rest drained in chunks.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from communique.config import DEFAULTS
from communique.document import Page, Skip
from communique.ingest.decode import Decoded, check_text, decode_bytes
from communique.ingest.sources import (
    ARCHIVE_SUFFIXES,
    Known,
    NotAFile,
    PendingHtml,
    display_path,
    finish_pending,
    open_regular,
    site_of_url,
    unless_known,
)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)
_READ_CHUNK = 1 << 16
MAX_HEADER_LINE = 1 << 16  # a WARC or HTTP header line; real ones are a few hundred bytes
MAX_HEADER_BYTES = 1 << 20  # the lines read one after another between two payload reads (a record's headers)


class HeaderTooLong(ValueError):
    """A header line or header block beyond any real archive's: a decompression bomb or not a WARC at all."""


class _BoundedReader(DecompressingBufferedReader):
    """warcio's reader with bounded header lines: a line (which warcio may read in pieces, at its buffer's
    edges) over MAX_HEADER_LINE bytes raises HeaderTooLong, and so do lines read in a row (headers, blank
    lines) over MAX_HEADER_BYTES. Payloads are read with ``read``, which resets both counts."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.line_bytes = 0  # bytes of lines since the last read()
        self.partial = 0  # bytes of the current line so far (no newline yet)

    def readline(self, length: int | None = None) -> bytes:
        room = MAX_HEADER_LINE - self.partial + 1
        line = super().readline(room if length is None or length < 0 else min(length, room))
        self.partial = 0 if line.endswith(b"\n") else self.partial + len(line)
        self.line_bytes += len(line)
        if self.partial > MAX_HEADER_LINE:
            raise HeaderTooLong(f"a header line over {MAX_HEADER_LINE} bytes")
        if self.line_bytes > MAX_HEADER_BYTES:
            raise HeaderTooLong(f"over {MAX_HEADER_BYTES} bytes of header lines")
        return line

    def read(self, length: int | None = None) -> bytes:
        self.line_bytes = self.partial = 0
        return super().read(length)


def _bounded_iterator(stream: BinaryIO) -> ArchiveIterator:
    iterator = ArchiveIterator(stream)
    # Swapped before the first record is read (the iterator reads lazily through this attribute).
    iterator.reader = _BoundedReader(iterator.fh, block_size=iterator.reader.block_size)
    return iterator


# What a damaged archive raises while warcio parses it.
_READ_ERRORS = (ArchiveLoadFailed, StatusAndHeadersParserException, zlib.error, EOFError, OSError, ValueError)

# WET files name languages with ISO 639-3 codes; pages elsewhere use ISO 639-1.
_LANG_639_3 = {"eng": "en", "rus": "ru", "fra": "fr", "deu": "de", "spa": "es", "kaz": "kk", "kir": "ky",
               "hye": "hy", "bel": "be", "tgk": "tg", "uzb": "uz", "ukr": "uk", "zho": "zh", "ara": "ar"}


def is_archive(path: Path | str) -> bool:
    return str(path).lower().endswith(ARCHIVE_SUFFIXES)


def read_archive(path: Path, site: str | None = None, max_bytes: int | None = None,
                 defer_html: bool = False, known: Known = None) -> Iterator[Page | Skip | PendingHtml]:
    """Yield a Page or a Skip for every record of a WARC/WET file, then a Skip if the file is cut short.

    With ``defer_html`` an HTML response comes out as a PendingHtml; ``known`` spares main-text
    extraction on HTML stored before (both as in ``read_sources``).
    """
    try:
        handle = open_regular(path)
    except NotAFile as exc:
        yield Skip(display_path(path), "not-a-file", str(exc))
        return
    except OSError as exc:
        yield Skip(display_path(path), "unreadable", str(exc))
        return
    with handle:
        size = os.fstat(handle.fileno()).st_size
        for item in read_archive_stream(handle, display_path(path), size=size, site=site, max_bytes=max_bytes,
                                        known=known):
            yield item if defer_html else finish_pending(item)


def read_archive_stream(stream: BinaryIO, name: str, size: int | None = None, site: str | None = None,
                        max_bytes: int | None = None, known: Known = None) -> Iterator[Page | Skip | PendingHtml]:
    """Like read_archive over an open binary stream, HTML deferred; ``name`` is used in sources ("name@OFFSET")."""
    iterator = _bounded_iterator(stream)
    records = iter(iterator)
    good_end = 0  # offset just past the last complete record
    while True:
        try:
            record = next(records)
            start = iterator.offset
            limit = max_bytes or _default_limit(record)
            payload = record.content_stream().read(limit + 1)
            while record.raw_stream.read(_READ_CHUNK):  # drain the rest so completeness can be checked
                pass
            missing = getattr(record.raw_stream, "limit", 0)
            if not missing:
                good_end = iterator.get_record_offset() + iterator.get_record_length()
        except StopIteration:
            break
        except HeaderTooLong as exc:
            yield Skip(f"{name}@{good_end}", "too-large", f"{exc} after offset {good_end} (a decompression bomb? "
                       "not a web archive?); archive ends here")
            return
        except _READ_ERRORS as exc:
            yield Skip(f"{name}@{good_end}", "truncated", f"unreadable record at offset {good_end}: {exc}")
            return
        if missing:
            yield Skip(f"{name}@{start}", "truncated",
                       f"record cut short ({missing} of {record.length} bytes missing); archive ends here")
            return
        if len(payload) > limit:
            yield Skip(f"{name}@{start}", "too-large", f"record payload over {limit} bytes")
            continue
        yield _record_item(record, payload, f"{name}@{start}", site, known)
    if _has_trailing_data(stream, good_end, size):
        yield Skip(f"{name}@{good_end}", "truncated",
                   f"{size - good_end} bytes after the last complete record could not be read")


# The reason of a record that holds no page by its kind (request, warcinfo, metadata, revisit): "warc-<kind>". The
# run report counts these as the archive's bookkeeping, not as inputs it skipped (job.Report.skip).
ARCHIVE_RECORD = "warc-"


def is_archive_record(reason: str) -> bool:
    """A skip reason that is a WARC record of a kind that is never a page (not an input that failed to read)."""
    return reason.startswith(ARCHIVE_RECORD)


def _default_limit(record: ArcWarcRecord) -> int:
    return DEFAULTS["max_html_bytes"] if record.rec_type == "response" else DEFAULTS["max_page_bytes"]


def _has_trailing_data(stream: BinaryIO, good_end: int, size: int | None) -> bool:
    if size is None or size <= good_end:
        return False
    try:
        stream.seek(good_end)
        rest = stream.read(4096)
    except (OSError, ValueError):  # not seekable: anything left over counts as lost
        return True
    # An uncompressed WARC ends with the blank lines after its last record.
    return bool(rest.strip()) or size - good_end > len(rest)


def _record_item(record: ArcWarcRecord, payload: bytes, source: str,
                 site: str | None, known: Known) -> Page | Skip | PendingHtml:
    kind = record.rec_type
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    if kind == "conversion":
        return _text_page(payload, source, url, site, record)
    if kind not in ("response", "resource"):
        return Skip(source, f"{ARCHIVE_RECORD}{kind}", f"{kind} record{' for ' + url if url else ''}")
    http = record.http_headers if kind == "response" else None
    if http is not None and http.get_statuscode():
        status = int(http.get_statuscode() or 0)
        if 300 <= status < 400:
            return Skip(source, "redirect", f"{status} {url} -> {http.get_header('Location') or '?'}")
        if status >= 400 or status < 200:
            return Skip(source, "http-error", f"HTTP {status} for {url}")
    if url and urlsplit(url).path == "/robots.txt":
        return Skip(source, "robots.txt", url)
    ctype = _content_type(record)
    if not payload.strip():
        return Skip(source, "empty", f"no content for {url}")
    if ctype in _HTML_TYPES or (not ctype and _looks_like_html(payload)):
        return _html_page(payload, source, url, site, record, known)
    if ctype in _TEXT_TYPES:
        return _text_page(payload, source, url, site, record)
    if ctype.startswith("image/"):
        return Skip(source, "image", f"{ctype} {url}")
    if ctype == "application/pdf":
        return Skip(source, "pdf", url or "")
    return Skip(source, "not-a-page", f"content type {ctype or 'unknown'} for {url}")


def _content_type(record: ArcWarcRecord) -> str:
    header = (record.http_headers.get_header("Content-Type") if record.http_headers else None) \
        or record.rec_headers.get_header("WARC-Identified-Payload-Type") \
        or (record.rec_headers.get_header("Content-Type") if record.rec_type == "resource" else None) or ""
    return header.split(";")[0].strip().lower()


def _charset(record: ArcWarcRecord) -> str | None:
    header = (record.http_headers.get_header("Content-Type") if record.http_headers else None) or ""
    for part in header.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _looks_like_html(payload: bytes) -> bool:
    head = payload[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def _decode(payload: bytes, record: ArcWarcRecord) -> Decoded:
    """Bytes to text with the shared decoder; a declared legacy charset (windows-1251, ...) is honoured."""
    charset = _charset(record)
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            return check_text(payload.decode(charset))
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong declaration: fall back to UTF-8 with replacement
    return decode_bytes(payload)


def _site(url: str | None, site: str | None) -> str:
    return site_of_url(url) or site or ""


def _lang(record: ArcWarcRecord) -> str | None:
    langs = record.rec_headers.get_header("WARC-Identified-Content-Language")
    if not langs:
        return None
    first = langs.split(",")[0].strip().lower()
    return _LANG_639_3.get(first, first)


def _meta(record: ArcWarcRecord) -> dict[str, str]:
    fetched = record.rec_headers.get_header("WARC-Date")
    # The crawl date is kept for provenance only: it is never a publication date.
    return {"fetched": fetched} if fetched else {}


def _text_page(payload: bytes, source: str, url: str | None, site: str | None,
               record: ArcWarcRecord) -> Page | Skip:
    decoded = _decode(payload, record)
    if decoded.text is None:
        return Skip(source, decoded.reason, f"{decoded.detail} ({url})")
    return Page(text=decoded.text, source=source, url=url, site=_site(url, site), lang=_lang(record),
                meta=_meta(record), notes=decoded.notes)


def _html_page(payload: bytes, source: str, url: str | None, site: str | None,
               record: ArcWarcRecord, known: Known) -> Page | PendingHtml | Skip:
    decoded = _decode(payload, record)
    if decoded.text is None:
        return Skip(source, decoded.reason, f"{decoded.detail} ({url})")
    return unless_known(PendingHtml(html=decoded.text, source=source, url=url, fallback_site="",
                                    site=site_of_url(url) or site, lang=_lang(record), meta=_meta(record),
                                    notes=decoded.notes), known)
