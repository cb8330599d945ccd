"""WARC/WET input: fixtures written here with warcio, from pages of an imaginary council's news site."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from communique.document import Page, Skip
from communique.ingest.warc import is_archive, read_archive

SITE = "news.lakes-council.example"

ARTICLES = [
    ("Lake Wardens Hold Spring Survey",
     "On April 3 this year, the lake wardens of the Northern Lakes Council counted nesting birds "
     "on the eastern shore of Lake Orrin. The survey covered forty kilometres of shoreline.",
     "12.04.2025"),
    ("Council Signs Water Agreement with Vell Province",
     "Chair Maren Osk and the governor of Vell Province signed an agreement on shared water monitoring. "
     "The agreement takes effect in June and covers three rivers.",
     "20.05.2025"),
    ("Ferry Crews Train for Winter Rescue",
     "Ferry crews from four harbours trained for ice rescue near Port Tamsin. "
     "Instructor Ilse Varga said twelve crews completed the course this week.",
     "02.02.2025"),
]


def _html(title: str, lead: str, date: str) -> str:
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{title} | Northern Lakes Council</title>"
        f"<meta property='article:published_time' content='{date[6:]}-{date[3:5]}-{date[:2]}'></head>"
        "<body><nav><a href='/'>Home</a> <a href='/news/'>News</a></nav>"
        f"<article><h1>{title}</h1><p class='date'>{date}</p><p>{lead}</p>"
        "<p>The council will publish the full report on its website after the summer session.</p></article>"
        "<footer>Press office: +00 111 222 333. Back to the all news</footer></body></html>"
    )


def _http(status: str, ctype: str | None, extra: list[tuple[str, str]] | None = None) -> StatusAndHeaders:
    headers = ([("Content-Type", ctype)] if ctype else []) + (extra or [])
    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


def _response(writer: WARCWriter, url: str, body: bytes, http: StatusAndHeaders) -> None:
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
    writer.write_record(record)


def write_warc(path: Path, gzip: bool) -> None:
    """A crawl as a crawler writes it: warcinfo, request/response pairs, and non-page records."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "communique-tests"}))
        for n, (title, lead, date) in enumerate(ARTICLES):
            url = f"https://{SITE}/news/{n}/"
            request = StatusAndHeaders(f"GET /news/{n}/ HTTP/1.1", [("Host", SITE)], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
            html = _html(title, lead, date).encode()
            _response(writer, url, html, _http("200 OK", "text/html; charset=utf-8"))
        _response(writer, f"https://{SITE}/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
                  _http("200 OK", "image/png"))
        _response(writer, f"https://{SITE}/robots.txt", b"User-agent: *\nDisallow: /admin/\n",
                  _http("200 OK", "text/plain"))
        _response(writer, f"https://{SITE}/old-news", b"", _http("301 Moved Permanently", "text/html",
                                                                 [("Location", f"https://{SITE}/news/")]))
        _response(writer, f"https://{SITE}/report.pdf", b"%PDF-1.4\n" + b"0" * 500,
                  _http("200 OK", "application/pdf"))


def write_wet(path: Path) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "communique-tests"}))
        for n, (title, lead, date) in enumerate(ARTICLES):
            text = f"Home\nNews\n{title}\n{title} {date}\n{lead}\nBack to the all news\n"
            record = writer.create_warc_record(
                f"https://{SITE}/news/{n}/", "conversion", payload=io.BytesIO(text.encode()),
                warc_content_type="text/plain",
                warc_headers_dict={"WARC-Identified-Content-Language": "eng"})
            writer.write_record(record)


def test_warc_html_pages_and_skips_by_reason(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, gzip=True)
    items = list(read_archive(path))
    pages = [i for i in items if isinstance(i, Page)]
    skips = [i for i in items if isinstance(i, Skip)]

    assert [p.url for p in pages] == [f"https://{SITE}/news/{n}/" for n in range(len(ARTICLES))]
    for page, (title, lead, _date) in zip(pages, ARTICLES, strict=True):
        assert lead in page.text  # trafilatura's main text
        assert "Home" not in page.text.split("\n")  # navigation is not main text
        assert page.site == SITE
        assert page.html is not None and "<article>" in page.html
        assert page.meta["title"].startswith(title)
        assert page.source.startswith(f"{path}@")
        assert "fetched" in page.meta
    assert pages[0].meta["date"] == "2025-04-12"
    offsets = [int(p.source.rsplit("@", 1)[1]) for p in pages]
    assert offsets == sorted(offsets) and len(set(offsets)) == len(offsets)

    reasons = Counter(s.reason for s in skips)
    assert reasons == {"warc-warcinfo": 1, "warc-request": 3, "image": 1, "robots.txt": 1,
                       "redirect": 1, "pdf": 1}
    assert "truncated" not in reasons


def test_uncompressed_warc_reads_the_same_pages(tmp_path: Path) -> None:
    plain, packed = tmp_path / "a.warc", tmp_path / "b.warc.gz"
    write_warc(plain, gzip=False)
    write_warc(packed, gzip=True)
    texts = [[i.text for i in read_archive(p) if isinstance(i, Page)] for p in (plain, packed)]
    assert texts[0] == texts[1] and len(texts[0]) == len(ARTICLES)
    assert not [i for i in read_archive(plain) if isinstance(i, Skip) and i.reason == "truncated"]


def test_known_html_records_are_not_extracted_again(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, gzip=True)
    first = [i for i in read_archive(path) if isinstance(i, Page)]
    stored = {first[0].content_hash, first[2].content_hash}
    asked: list[str] = []

    def known(content_hash: str) -> bool:
        asked.append(content_hash)
        return content_hash in stored

    again = [i for i in read_archive(path, known=known) if isinstance(i, Page)]
    assert [p.content_hash for p in again] == [p.content_hash for p in first]
    assert set(asked) == {p.content_hash for p in first}  # asked once per HTML record, before extraction
    assert again[0].text == again[2].text == ""  # stored: trafilatura not run
    assert again[1].text == first[1].text and ARTICLES[1][1] in again[1].text


@pytest.mark.parametrize("name", ["crawl.wet", "crawl.wet.gz"])
def test_wet_conversion_records_are_text_pages(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_wet(path)
    assert is_archive(path)
    items = list(read_archive(path))
    pages = [i for i in items if isinstance(i, Page)]
    assert len(pages) == len(ARTICLES)
    for page, (title, lead, date) in zip(pages, ARTICLES, strict=True):
        # WET text goes in as is, navigation included: the site model removes it later.
        assert page.text.splitlines()[:4] == ["Home", "News", title, f"{title} {date}"]
        assert lead in page.text
        assert page.html is None and page.lang == "en" and page.site == SITE
    assert [s.reason for s in items if isinstance(s, Skip)] == ["warc-warcinfo"]


def test_cut_warc_gz_keeps_every_record_before_the_cut(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, gzip=True)
    items = list(read_archive(whole))
    starts = [int(i.source.rsplit("@", 1)[1]) for i in items]
    # Cut in the middle of the third article's response record.
    third = next(k for k, i in enumerate(items) if isinstance(i, Page) and i.url.endswith("/news/2/"))
    cut_at = (starts[third] + starts[third + 1]) // 2
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[:cut_at])

    got = list(read_archive(cut))
    assert [i.source.rsplit("@")[1] for i in got[:-1]] == [str(s) for s in starts[:third]]
    kept = [i.text for i in items[:third] if isinstance(i, Page)]
    assert [i.text for i in got if isinstance(i, Page)] == kept
    fault = got[-1]
    assert isinstance(fault, Skip) and fault.reason == "truncated"
    assert fault.source == f"{cut}@{starts[third]}"


def test_cut_uncompressed_warc_mid_record_reports_that_record(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc"
    write_warc(whole, gzip=False)
    items = list(read_archive(whole))
    starts = [int(i.source.rsplit("@", 1)[1]) for i in items]
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole.read_bytes()[: starts[4] + 700])  # inside record 4's payload
    got = list(read_archive(cut))
    assert [i.source.rsplit("@")[1] for i in got[:-1]] == [str(s) for s in starts[:4]]
    assert got[-1].reason == "truncated" and got[-1].source == f"{cut}@{starts[4]}"


def test_garbage_and_empty_archives_are_skips_not_crashes(tmp_path: Path) -> None:
    garbage = tmp_path / "junk.warc.gz"
    garbage.write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(256)) * 8)
    got = list(read_archive(garbage))
    assert len(got) == 1 and got[0].reason == "truncated" and got[0].source == f"{garbage}@0"

    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    assert list(read_archive(empty)) == []

    assert [s.reason for s in read_archive(tmp_path / "missing.warc")] == ["unreadable"]


def test_http_error_and_legacy_charset(tmp_path: Path) -> None:
    path = tmp_path / "mixed.warc"
    title, lead, date = ARTICLES[0]
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=False)
        _response(writer, f"https://{SITE}/gone", b"<html><body>Not found</body></html>",
                  _http("404 Not Found", "text/html"))
        lead_ru = "Смотрители озёр провели весенний учёт птиц на берегу озера. " * 3
        cyrillic = _html("Весенний учёт птиц", lead_ru, date)
        _response(writer, f"https://{SITE}/ru/0/", cyrillic.encode("cp1251"),
                  _http("200 OK", "text/html; charset=windows-1251"))
    items = list(read_archive(path))
    assert items[0].reason == "http-error"
    assert isinstance(items[1], Page) and "Смотрители озёр" in items[1].text and not items[1].notes


def test_ingest_of_a_cut_archive_stores_the_records_before_the_cut(tmp_path: Path) -> None:
    from communique.job import ingest

    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, gzip=True)
    starts = [int(i.source.rsplit("@", 1)[1]) for i in read_archive(whole)]
    cut = tmp_path / "cut.warc.gz"
    cut_record = 6  # warcinfo, request, response, request, response, request, [response 3 cut]
    cut.write_bytes(whole.read_bytes()[: starts[cut_record] + 200])
    report = ingest([cut], tmp_path / "c.db", workers=1, progress=False, resolve=False, extract=False)

    assert report.pages_read == 2 and report.articles == 2
    truncated = [s for s in report.skipped if s["reason"] == "truncated"]
    assert [s["source"] for s in truncated] == [f"{cut}@{starts[cut_record]}"]
    # request and warcinfo records are the archive's bookkeeping, counted as such, not skipped inputs
    assert report.archive_records == {"warcinfo": 1, "request": 3} and "warc-request" not in report.skip_reasons
