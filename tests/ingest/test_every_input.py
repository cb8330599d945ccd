"""Every input accounted for: odd files, odd names, odd encodings and broken lines are skips with a reason.

Each test builds its hostile input here (nothing is committed) and reads it with the real readers.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import socket
import threading
import tracemalloc
import zlib
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from communique.document import Page, Skip
from communique.ingest.sources import display_path, read_sources
from communique.ingest.warc import MAX_HEADER_LINE, read_archive

PAGE = ("Harbour pilots met in Bergen\n\nOn March 12 this year, harbour pilots from five ports met in Bergen "
        "to agree on common radio procedures for fog.\n")


def _read(paths: list[Path], **kwargs: object) -> list[Page | Skip]:
    out: list[Page | Skip] = []
    done = threading.Event()

    def run() -> None:  # in a thread: a reader that blocks (on a FIFO) fails the test instead of hanging it
        out.extend(read_sources(paths, None, None, **kwargs))  # type: ignore[arg-type]
        done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(60), "the reader blocked"
    return out


def _by_name(items: list[Page | Skip]) -> dict[str, Page | Skip]:
    return {Path(i.source.split(":")[0].split("@")[0]).name + (":" + i.source.rsplit(":", 1)[1]
            if ".jsonl:" in i.source else ""): i for i in items}


def test_jsonl_lines_that_cannot_be_read_are_skipped_by_line_and_the_rest_kept(tmp_path: Path) -> None:
    good = [json.dumps({"id": f"g{i}", "text": PAGE.replace("five", str(i + 5))}) for i in range(3)]
    lines = [good[0],
             '{"id": "big", "n": ' + "7" * 5_000 + ', "text": "x"}',  # an int over 4,300 digits
             '{"id": "deep", "a": ' + "[" * 100_000 + "]" * 100_000 + "}",  # nesting ~100k deep
             good[1],
             '{"id": "lone", "text": "half a pair \\ud800 here"}',  # a lone surrogate
             '{"id": "pair", "text": "a whole pair \\ud83d\\ude00 here ' + PAGE.replace("\n", " ") + '"}',
             good[2]]
    (tmp_path / "p.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read([tmp_path / "p.jsonl"])
    assert [type(i).__name__ for i in items] == ["Page", "Skip", "Skip", "Page", "Skip", "Page", "Page"]
    big, deep, lone = items[1], items[2], items[4]
    assert isinstance(big, Skip) and big.source.endswith("p.jsonl:2") and big.reason == "bad-json"
    assert "4300" in big.detail
    assert isinstance(deep, Skip) and deep.source.endswith(":3") and "nested too deep" in deep.detail
    assert isinstance(lone, Skip) and lone.source.endswith(":5") and lone.reason == "invalid-text"
    assert lone.external_id == "lone"
    assert [i.external_id for i in items if isinstance(i, Page)] == ["g0", "g1", "pair", "g2"]
    assert "\U0001f600" in items[5].text  # a surrogate pair is one character, and fine


def test_names_that_are_not_utf8_are_read_and_shown_escaped(tmp_path: Path) -> None:
    folder = Path(os.fsdecode(bytes(tmp_path) + b"/\xff-site"))
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(PAGE, encoding="utf-8")
    (folder / os.fsdecode(b"bad\xfe.bin.txt")).write_bytes(b"\x00\x01\x02" * 100)
    items = _read([Path(tmp_path)])
    page = next(i for i in items if isinstance(i, Page))
    skip = next(i for i in items if isinstance(i, Skip))
    assert page.source.endswith("/\\xff-site/caf\\xe9.txt") and page.site == "\\xff-site"
    assert skip.source.endswith("bad\\xfe.bin.txt") and skip.reason == "binary"
    for text in (page.source, page.site, skip.source):
        text.encode("utf-8")  # printable and storable: no lone surrogate left
    assert display_path(Path(os.fsdecode(b"/a/\xe9t\xe9"))) == "/a/\\xe9t\\xe9"
    assert display_path("/a/été") == "/a/été"


def test_only_regular_files_are_read(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text(PAGE, encoding="utf-8")
    os.mkfifo(tmp_path / "b.txt")  # would block a reader that opened it
    (tmp_path / "zero.txt").symlink_to("/dev/zero")  # would be read until memory runs out
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "s.html"))
    os.mkfifo(tmp_path / "c.warc.gz")
    os.mkfifo(tmp_path / "d.jsonl")
    try:
        items = _read([tmp_path])
        named = _read([tmp_path / "b.txt"])  # named on the command line, too
    finally:
        server.close()
    by = _by_name(items)
    assert isinstance(by["ok.txt"], Page)
    for name, what in (("b.txt", "FIFO"), ("zero.txt", "character device"), ("s.html", "socket"),
                       ("c.warc.gz", "FIFO"), ("d.jsonl", "FIFO")):
        skip = by[name]
        assert isinstance(skip, Skip) and skip.reason == "not-a-file" and what in skip.detail, name
    assert [(s.reason, "FIFO" in s.detail) for s in named if isinstance(s, Skip)] == [("not-a-file", True)]


def test_a_folder_that_cannot_be_listed_is_a_skip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(PAGE, encoding="utf-8")
    real = os.scandir

    def scandir(path: object = ".") -> object:  # chmod 000 does not stop root: refuse as the kernel would
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    items = _read([tmp_path])
    assert [(Path(i.source).name, type(i).__name__) for i in items] == [("locked", "Skip"), ("a.txt", "Page")]
    assert items[0].reason == "unreadable" and "Permission denied" in items[0].detail  # type: ignore[union-attr]


def test_a_link_to_a_folder_is_not_followed_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "real" / "loop").symlink_to(tmp_path / "real")
    items = _read([tmp_path / "real"])
    assert [type(i).__name__ for i in items] == ["Skip", "Page"]
    assert items[0].reason == "not-followed" and items[0].source.endswith("loop")  # type: ignore[union-attr]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_text_with_a_byte_order_mark_is_decoded(tmp_path: Path, encoding: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
           "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}[encoding]
    text = PAGE + "Министры встретились в Минске.\n"
    (tmp_path / "a.txt").write_bytes(bom + text.encode(encoding))
    (tmp_path / "b.html").write_bytes(bom + f"<html><body><article><p>{text}</p></article></body></html>".encode(
        encoding))
    record = json.dumps({"id": "w", "text": text}, ensure_ascii=False)
    (tmp_path / "c.jsonl").write_bytes(bom + (record + "\n" + record.replace('"w"', '"v"') + "\n").encode(encoding))
    items = _read([tmp_path])
    assert all(isinstance(i, Page) for i in items) and len(items) == 4
    assert items[0].text == text and "Минске" in items[1].text
    assert items[0].notes == [f"decoded as {encoding[:6].upper()} (byte order mark)"]
    assert [i.external_id for i in items[2:]] == ["w", "v"] and items[2].text == text


def test_a_utf8_byte_order_mark_before_the_first_jsonl_record_is_no_error(tmp_path: Path) -> None:
    (tmp_path / "p.jsonl").write_bytes(codecs.BOM_UTF8 + json.dumps({"id": "a", "text": PAGE}).encode() + b"\n")
    [page] = _read([tmp_path / "p.jsonl"])
    assert isinstance(page, Page) and page.external_id == "a"


def _warc_with(path: Path, tail: bytes) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/plain")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://pilots.example/a", "response",
                                                      payload=io.BytesIO(PAGE.encode()), http_headers=http))
        out.write(tail)


def _gzip_bomb(inflated: int) -> bytes:
    """A gzip member of ``inflated`` bytes of "A", no newline: a few hundred KB on disk."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
        chunk = b"A" * (1 << 20)
        for _ in range(inflated // len(chunk)):
            gz.write(chunk)
    return out.getvalue()


def test_a_gzip_bomb_in_a_warc_is_skipped_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.warc.gz"
    _warc_with(path, _gzip_bomb(400 << 20))
    assert path.stat().st_size < 1_000_000
    tracemalloc.start()
    try:
        items = list(read_archive(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(items[0], Page) and items[0].text.startswith("Harbour pilots")
    assert isinstance(items[1], Skip) and items[1].reason == "too-large" and "header line" in items[1].detail
    assert len(items) == 2
    assert peak < 100 << 20  # reading the 400 MB line would take 400 MB (and warcio did, then more)


def test_an_endless_header_line_in_a_plain_warc_ends_it_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "long.warc"
    _warc_with(path, b"WARC/1.0\r\nWARC-Type: " + b"x" * (4 * MAX_HEADER_LINE))
    items = list(read_archive(path))
    assert isinstance(items[0], Page)
    assert [(i.reason, "header line" in i.detail) for i in items[1:] if isinstance(i, Skip)] == [("too-large", True)]


def test_endless_header_lines_are_bounded_too(tmp_path: Path) -> None:
    path = tmp_path / "many.warc.gz"
    _warc_with(path, zlib.compress(b"WARC/1.0\r\n" + b"X-A: b\r\n" * 2_000_000, 9, wbits=31))
    items = list(read_archive(path))
    assert isinstance(items[0], Page)
    assert [(i.reason, "bytes of header lines" in i.detail) for i in items[1:]] == [("too-large", True)]
