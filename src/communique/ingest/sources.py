"""Every kind of input, read as a stream of Page objects (or Skips with a reason).

Directories are walked recursively in a stable (sorted) order; text, HTML, JSONL and
WARC/WET files are recognised by their name (hidden files and folders, and files of other
kinds, are not inputs). Nothing here raises on bad input: a file that cannot be read becomes
a Skip, so a long run never stops halfway because of one file, and every input is accounted
for:

- only regular files are read: a FIFO, a device (a ``.txt`` link to /dev/zero), a socket is
  a Skip, checked on the opened file (no race) and opened without blocking;
- a folder that cannot be listed is a Skip; a symbolic link to a folder is not followed
  (it could loop) and says so;
- file and folder names that are not UTF-8 are shown with their bytes escaped
  (``display_path``), in sources, sites and the run report;
- a JSONL file is read line by line: a line that does not parse (an integer of thousands of
  digits, nesting thousands deep), or holds a lone surrogate, is a Skip naming its line, and
  the next line is read.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import re
import stat
import zlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from communique.config import DEFAULTS
from communique.document import Page, Skip
from communique.ingest.decode import WIDE_BOMS, check_text, decode_bytes
from communique.ingest.html import HtmlBomb, html_to_text

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz")
# A page's content hash -> already stored? (see read_sources)
Known = Callable[[str], bool] | None
# JSON escapes can make a line up to six times longer than the text it holds (\uXXXX).
_JSON_OVERHEAD = 6
# A \uD800-\uDFFF escape: maybe half of a surrogate pair, maybe a lone surrogate (checked after parsing).
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
# What each kind of file that is not a regular file is called in a skip reason.
_FILE_TYPES = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
               (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


class NotAFile(OSError):
    """The path names something else than a regular file (a FIFO, a device, a socket)."""


def display_path(path: Path | str) -> str:
    """The path as printable text, the bytes of a name that is not UTF-8 escaped ("caf\\xe9.txt").

    Python hands such names over with lone surrogates (PEP 383), which can be neither printed nor
    stored; every source and site name made from a path goes through here.
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _not_a_file(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _FILE_TYPES if test(mode)), "not a regular file")


def open_regular(path: Path | str) -> io.BufferedReader:
    """The file opened for reading in binary, or NotAFile (an OSError) for anything but a regular file.

    Opened without blocking (a FIFO with no writer would block forever) and checked on the open
    descriptor, so a file swapped for a FIFO between the check and the read is refused too.
    """
    kind = _not_a_file(os.stat(path).st_mode)
    if kind:
        raise NotAFile(f"{kind}, not a regular file")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        kind = _not_a_file(os.fstat(fd).st_mode)
        if kind:
            raise NotAFile(f"{kind}, not a regular file")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def site_of_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return _norm_site(host)


def _norm_site(host: str) -> str:
    # www.example.org, example.org., example.org:443 serve one site and share one boilerplate model
    host = host.strip().lower()
    if host.count(":") == 1:  # a port (an IPv6 address has several colons)
        host = host.split(":")[0]
    host = host.rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    for kind, suffixes in (("archive", ARCHIVE_SUFFIXES), ("jsonl", JSONL_SUFFIXES),
                           ("html", HTML_SUFFIXES), ("text", TEXT_SUFFIXES)):
        if name.endswith(suffixes):
            return kind
    return None


def _walk(root: Path) -> Iterator[Path | Skip]:
    """The input files below ``root`` in sorted order, and a Skip for every folder that could not be read."""
    errors: list[OSError] = []  # os.walk reports a folder it cannot list here, and goes on
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        yield from _unlisted(errors)
        subdirs = []
        for name in sorted(dirnames):
            if name.startswith("."):
                continue
            if os.path.islink(os.path.join(dirpath, name)):
                yield Skip(display_path(Path(dirpath) / name), "not-followed",
                           "a symbolic link to a folder (not followed: links can loop)")
                continue
            subdirs.append(name)
        dirnames[:] = subdirs
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if not name.startswith(".") and _kind(path) is not None:
                yield path
    yield from _unlisted(errors)


def _unlisted(errors: list[OSError]) -> Iterator[Skip]:
    while errors:
        exc = errors.pop(0)
        where = display_path(exc.filename) if exc.filename is not None else "?"
        yield Skip(where, "unreadable", f"folder not read: {type(exc).__name__}: {exc.strerror or exc}")


def _dir_site(path: Path) -> str:
    return display_path(path.resolve().parent.name) or "local"


def read_sources(paths: list[Path], site: str | None, max_bytes: int | None,
                 max_html_bytes: int | None = None, known: Known = None,
                 defer_html: bool = False) -> Iterator[Page | Skip | PendingHtml]:
    """Pages from files and directories, in a stable order; bad inputs come out as Skips.

    ``site`` names the site of inputs that carry no URL (default: the file's directory name).
    ``max_bytes`` bounds one page's text; HTML may be larger (``max_html_bytes``) since the
    markup around the text is discarded. ``known(content_hash)`` says a page is stored
    already: such an HTML page comes out with its raw HTML and hash but no text, sparing
    trafilatura on a re-run (the caller skips it by its hash anyway). With ``defer_html`` an
    HTML page comes out as a PendingHtml, whose ``finish()`` (the costly main-text step) the
    caller runs where it likes: on worker processes, in input order.
    """
    for item in _read_sources(paths, site, max_bytes, max_html_bytes, known):
        yield item if defer_html else finish_pending(item)


def _read_sources(paths: list[Path], site: str | None, max_bytes: int | None,
                  max_html_bytes: int | None, known: Known) -> Iterator[Page | Skip | PendingHtml]:
    limit = max_bytes or DEFAULTS["max_page_bytes"]
    html_limit = max_html_bytes or max_bytes or DEFAULTS["max_html_bytes"]
    for root in paths:
        root = Path(root)
        if root.is_dir():
            files: Iterator[Path | Skip] = _walk(root)
        elif root.exists() or root.is_symlink():
            files = iter([root])
        else:
            yield Skip(display_path(root), "missing", "no such file or directory")
            continue
        for path in files:
            if isinstance(path, Skip):
                yield path
            else:
                yield from _read_file(path, site, limit, html_limit, max_bytes, known)


@dataclass
class PendingHtml:
    """An HTML page read and decoded, its main text not yet extracted (see ``read_sources``).

    Plain data, so it pickles to a worker process; ``finish`` gives the Page, or a Skip saying
    why the HTML holds no page. The site is ``site`` when the input names one, else the URL's
    host (the URL may come from the HTML itself), else ``fallback_site``.
    """

    html: str
    source: str
    url: str | None
    fallback_site: str
    site: str | None = None
    external_id: str | None = None
    lang: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def finish(self) -> Page | Skip:
        where = f" ({self.url})" if self.url else ""
        try:
            found = html_to_text(self.html, self.url)
        except HtmlBomb as exc:
            return Skip(self.source, "html-bomb", f"{exc}{where}", self.external_id)
        except Exception as exc:  # noqa: BLE001  (a parser failure on one page must not end the run)
            return Skip(self.source, "html-error", f"{type(exc).__name__}: {exc}{where}", self.external_id)
        if not found.text.strip():
            return Skip(self.source, "empty", f"no text in the HTML{where}", self.external_id)
        return Page(text=found.text, source=self.source, url=found.url,
                    site=self.site or site_of_url(found.url) or self.fallback_site, external_id=self.external_id,
                    lang=self.lang, html=self.html, meta={**self.meta, **found.meta},
                    notes=self.notes + found.notes)


def finish_pending(item: Page | Skip | PendingHtml) -> Page | Skip:
    """The item itself, or the Page (or Skip) that a PendingHtml finishes into."""
    return item.finish() if isinstance(item, PendingHtml) else item


def _read_file(path: Path, site: str | None, limit: int, html_limit: int,
               asked: int | None, known: Known) -> Iterator[Page | Skip | PendingHtml]:
    kind = _kind(path) or "text"  # a file named explicitly is read as text whatever its name
    try:
        if kind == "archive":
            # the archive reader picks a limit per record type unless the user gave one
            yield from _read_archive(path, site, asked, known)
        elif kind == "jsonl":
            yield from _read_jsonl(path, site, limit, html_limit, known)
        else:
            yield _read_single(path, kind, site, limit if kind == "text" else html_limit, known)
    except NotAFile as exc:
        yield Skip(display_path(path), "not-a-file", str(exc))
    except OSError as exc:
        yield Skip(display_path(path), "unreadable", f"{type(exc).__name__}: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001  (a reader bug on one file must not end the run)
        yield Skip(display_path(path), "error", f"{type(exc).__name__}: {exc}")


def _read_archive(path: Path, site: str | None, max_bytes: int | None,
                  known: Known) -> Iterator[Page | Skip | PendingHtml]:
    try:
        from communique.ingest.warc import read_archive
    except ImportError as exc:
        yield Skip(str(path), "unsupported", f"WARC/WET reader unavailable: {exc}")
        return
    yield from read_archive(path, site, max_bytes=max_bytes, defer_html=True, known=known)


def _read_single(path: Path, kind: str, site: str | None, limit: int, known: Known) -> Page | Skip | PendingHtml:
    source = display_path(path)
    with open_regular(path) as fh:
        size = os.fstat(fh.fileno()).st_size
        data = fh.read(limit + 1) if size <= limit else b""
    if size > limit or len(data) > limit:  # (a file may grow while it is read)
        return Skip(source, "too-large", f"{max(size, len(data))} bytes > limit of {limit}")
    decoded = decode_bytes(data)
    if decoded.text is None:
        return Skip(source, decoded.reason, decoded.detail)
    if kind == "html":
        return _html_page(decoded.text, source, None, site, _dir_site(path), decoded.notes, known)
    return Page(text=decoded.text, source=source, site=site or _dir_site(path), notes=decoded.notes)


def _html_page(html: str, source: str, url: str | None, site: str | None, fallback_site: str,
               notes: list[str], known: Known, **fields: Any) -> Page | PendingHtml:
    return unless_known(PendingHtml(html=html, source=source, url=url, fallback_site=site or fallback_site,
                                    notes=notes, **fields), known)


def unless_known(pending: PendingHtml, known: Known) -> Page | PendingHtml:
    """The pending page, or, when its HTML is stored already, a Page with that HTML and no text.

    The caller skips such a page by its hash; building it spares trafilatura on a re-run.
    """
    if known is None:
        return pending
    stored = Page(text="", source=pending.source, url=pending.url,
                  site=pending.site or site_of_url(pending.url) or pending.fallback_site, html=pending.html,
                  external_id=pending.external_id, lang=pending.lang, meta=pending.meta,
                  notes=["stored before: main text not extracted again"])
    return stored if known(stored.content_hash) else pending


class _Utf8Lines:
    """Lines of a UTF-16 or UTF-32 text stream as UTF-8 bytes, so JSONL in those encodings reads like any."""

    def __init__(self, text: IO[str]) -> None:
        self.text = text

    def readline(self, size: int = -1) -> bytes:
        return self.text.readline(size).encode("utf-8", "replace")


def _open_lines(path: Path, stack: ExitStack) -> Any:
    """A line reader (``readline(size)`` giving bytes) over the file: gunzipped, UTF-16/32 re-encoded."""
    lines: Any = stack.enter_context(open_regular(path))
    if path.name.lower().endswith(".gz"):
        lines = stack.enter_context(gzip.GzipFile(fileobj=lines, mode="rb"))
    try:
        head = lines.peek(4)[:4]
    except (OSError, EOFError, zlib.error):
        return lines  # a corrupt .gz: the first readline reports it, as for a cut one
    for bom, encoding in WIDE_BOMS:
        if head.startswith(bom):
            return _Utf8Lines(stack.enter_context(io.TextIOWrapper(lines, encoding=encoding, errors="replace",
                                                                   newline="\n")))
    return lines



def _read_jsonl(path: Path, site: str | None, limit: int, html_limit: int,
                known: Known) -> Iterator[Page | Skip | PendingHtml]:
    fallback_site = _dir_site(path)
    name = display_path(path)
    line_limit = max(limit, html_limit) * _JSON_OVERHEAD
    with ExitStack() as stack:
        lines = _open_lines(path, stack)
        lineno = 0
        while True:
            try:
                raw = lines.readline(line_limit + 1)
            except (OSError, EOFError, zlib.error) as exc:  # a cut or corrupt .gz: keep what came before
                yield Skip(f"{name}:{lineno + 1}", "truncated", f"{type(exc).__name__}: {exc}")
                return
            if not raw:
                return
            lineno += 1
            source = f"{name}:{lineno}"
            if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
            if len(raw) > line_limit and not raw.endswith(b"\n"):
                while (rest := lines.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass
                yield Skip(source, "too-large", f"line longer than {line_limit} bytes")
                continue
            if not raw.strip():
                continue  # blank lines separate nothing in JSONL; not a record
            yield _jsonl_record(raw, source, site, fallback_site, limit, html_limit, known)


def _has_lone_surrogate(record: Any) -> bool:
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _printable_id(value: Any) -> str | None:
    if value is None:
        return None
    return str(value).encode("utf-8", "backslashreplace").decode("utf-8")


def _jsonl_record(raw: bytes, source: str, site: str | None, fallback_site: str,
                  limit: int, html_limit: int, known: Known) -> Page | Skip | PendingHtml:
    notes: list[str] = []
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.decode("utf-8", errors="replace")
        notes.append(f"invalid UTF-8 replaced at byte {exc.start} of the line")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Skip(source, "bad-json", f"{exc.msg} at column {exc.colno}")
    except RecursionError:
        return Skip(source, "bad-json", "arrays or objects nested too deep to read")
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        return Skip(source, "bad-json", str(exc).split(";")[0])
    if not isinstance(record, dict):
        return Skip(source, "bad-json", f"a JSON {type(record).__name__}, not an object")
    if _SURROGATE_ESCAPE.search(raw) and _has_lone_surrogate(record):
        ext_id = record.get("id")
        return Skip(source, "invalid-text", "a lone surrogate (\\ud800-\\udfff escape): not Unicode text",
                    _printable_id(ext_id))
    ext_id = record.get("id")
    ext_id = str(ext_id) if ext_id is not None else None
    url = record.get("url") if isinstance(record.get("url"), str) else None
    text, html = record.get("text"), record.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        return Skip(source, "no-text", "the record has neither a 'text' nor an 'html' string", ext_id)
    own_site = record.get("site")
    own_site = _norm_site(own_site) if isinstance(own_site, str) and own_site.strip() else None
    lang = record.get("lang") if isinstance(record.get("lang"), str) else None
    meta = {k: v for k, v in record.items() if k not in ("id", "url", "text", "html", "lang", "site")}
    use_html = isinstance(html, str) and (not isinstance(text, str) or not text.strip())
    body = html if use_html else text
    size, cap = len(body.encode("utf-8", "replace")), (html_limit if use_html else limit)
    if size > cap:
        return Skip(source, "too-large", f"{size} bytes > limit of {cap}", ext_id)
    checked = check_text(body, notes)
    if checked.text is None:
        return Skip(source, checked.reason, checked.detail, ext_id)
    if use_html:
        page = _html_page(checked.text, source, url, site, fallback_site, checked.notes, known,
                          external_id=ext_id, lang=lang, meta=meta)
        if own_site:
            page.site = own_site
        return page
    return Page(text=checked.text, source=source, url=url,
                site=own_site or site_of_url(url) or site or fallback_site,
                external_id=ext_id, lang=lang, meta=meta, notes=checked.notes)
