"""Reading inputs: every kind of file, and every kind of bad input skipped with its reason."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from communique.document import Page, Skip
from communique.ingest.sources import read_sources, site_of_url

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

PAGE = (
    "Harbour pilots of the Council met in Bergen\n\n"
    "Harbour pilots of the Council met in Bergen 12.03.2025\n\n"
    "On March 12 this year, harbour pilots from five ports met in Bergen "
    "to agree on common radio procedures.\n\n"
    "Back to the news section\n"
)


def _read(paths: list[Path], site: str | None = None, max_bytes: int | None = None) -> list[Page | Skip]:
    return list(read_sources(paths, site, max_bytes))


def _skips(items: list[Page | Skip]) -> dict[str, str]:
    out = {}
    for s in items:
        if isinstance(s, Skip):
            path, _, line = s.source.partition(":")
            out[Path(path).name + (":" + line if line else "")] = s.reason
    return out


def test_directory_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "harbour" / "2025").mkdir(parents=True)
    (tmp_path / "harbour" / "b.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "harbour" / "2025" / "a.txt").write_text(PAGE.replace("Bergen", "Oslo"), encoding="utf-8")
    (tmp_path / "harbour" / "notes.md").write_text("not an input", encoding="utf-8")
    (tmp_path / "harbour" / ".hidden.txt").write_text(PAGE, encoding="utf-8")
    items = _read([tmp_path / "harbour"])
    # a directory's own files first, then its subdirectories, each in name order
    assert [Path(p.source).name for p in items] == ["b.txt", "a.txt"]
    assert all(isinstance(p, Page) for p in items)
    # without a URL, the site is the file's directory name unless --site is given
    assert [p.site for p in items] == ["harbour", "2025"]
    assert {p.site for p in _read([tmp_path / "harbour"], site="pilots.example")} == {"pilots.example"}
    assert "Oslo" in items[1].text and items[1].url is None and items[1].key.startswith("src:")


def test_single_text_file_keeps_its_text_and_hash(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    [page] = _read([path])
    assert page.text == PAGE and page.source == str(path)
    assert len(page.content_hash) == 64
    path.write_text(PAGE + "\nOne more line.\n", encoding="utf-8")
    [changed] = _read([path])
    assert changed.content_hash != page.content_hash and changed.key == page.key


def test_jsonl_records_and_bad_lines_reported_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    lines = [
        json.dumps({"id": "a1", "url": "https://www.pilots.example/news/1", "lang": "en", "text": PAGE}),
        "{not json",
        json.dumps({"id": "a2", "url": "https://pilots.example/news/2"}),  # no text, no html
        "",  # blank line: not a record
        json.dumps(["a", "list"]),
        json.dumps({"id": "a3", "text": "   \n  "}),
        json.dumps({"id": "a4", "site": "other.example", "text": PAGE.replace("Bergen", "Kiel")}),
        json.dumps({"id": "a5", "url": "https://pilots.example/news/5",
                    "html": "<html><body><article><h1>Pilots</h1><p>" + "Pilots met in Turku. " * 20
                    + "</p></article></body></html>"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read([path], site="fallback")
    pages = [i for i in items if isinstance(i, Page)]
    assert [p.external_id for p in pages] == ["a1", "a4", "a5"]
    assert pages[0].site == "pilots.example" and pages[0].lang == "en"  # URL host, www. dropped
    assert pages[0].source == f"{path}:1" and pages[0].key == "https://www.pilots.example/news/1"
    assert pages[1].site == "other.example"  # the record's own site wins
    assert pages[2].html is not None and "Turku" in pages[2].text and pages[2].site == "pilots.example"
    skips = {s.source: (s.reason, s.external_id) for s in items if isinstance(s, Skip)}
    assert skips == {
        f"{path}:2": ("bad-json", None),
        f"{path}:3": ("no-text", "a2"),
        f"{path}:5": ("bad-json", None),
        f"{path}:6": ("empty", "a3"),
    }


def test_jsonl_without_url_uses_site_option_then_directory(tmp_path: Path) -> None:
    (tmp_path / "crawl").mkdir()
    path = tmp_path / "crawl" / "p.jsonl"
    path.write_text(json.dumps({"id": "x", "text": PAGE}) + "\n", encoding="utf-8")
    assert _read([path])[0].site == "crawl"
    assert _read([path], site="given.example")[0].site == "given.example"


def test_gzipped_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "g", "url": "https://g.example/1", "text": PAGE}) + "\n")
    [page] = _read([path])
    assert page.external_id == "g" and page.site == "g.example"


def test_bad_files_are_skipped_with_reasons_and_reading_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n \t\n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (tmp_path / "noise.txt").write_bytes(bytes([0x01, 0x02, 0x03, 0x1b, 0x7f, 0x41]) * 200)
    (tmp_path / "huge.txt").write_text(PAGE * 100, encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes(PAGE.replace("Bergen", "Tromsø").encode("latin-1"))
    (tmp_path / "ok.txt").write_text(PAGE, encoding="utf-8")
    items = _read([tmp_path, tmp_path / "missing-dir"], max_bytes=2_000)
    assert _skips(items) == {
        "blank.txt": "empty", "empty.txt": "empty", "huge.txt": "too-large", "image.txt": "binary",
        "noise.txt": "binary", "missing-dir": "missing",
    }
    pages = {Path(p.source).name: p for p in items if isinstance(p, Page)}
    assert set(pages) == {"latin1.txt", "ok.txt"}
    # invalid UTF-8 is decoded with replacement, and the page says so
    assert "Troms\ufffd" in pages["latin1.txt"].text
    assert pages["latin1.txt"].notes and "invalid UTF-8" in pages["latin1.txt"].notes[0]
    assert pages["ok.txt"].notes == []


def test_jsonl_line_over_the_limit_is_skipped_and_the_next_line_read(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    big = json.dumps({"id": "big", "text": "word " * 5_000})
    small = json.dumps({"id": "small", "text": PAGE})
    path.write_text(big + "\n" + small + "\n", encoding="utf-8")
    items = _read([path], max_bytes=1_000)
    assert isinstance(items[0], Skip) and items[0].reason == "too-large" and items[0].source.endswith(":1")
    assert isinstance(items[1], Page) and items[1].external_id == "small"


def test_html_bomb_and_html_without_text(tmp_path: Path) -> None:
    (tmp_path / "many.html").write_text("<html><body>" + "<br>" * 500_001 + "x</body></html>", encoding="utf-8")
    assert _skips(_read([tmp_path / "many.html"])) == {"many.html": "html-bomb"}
    (tmp_path / "many.html").unlink()
    # nested deeper than libxml2 goes: flattened, its text read
    (tmp_path / "deep.html").write_text("<html><body>" + "<div>" * 1_200 + "<p>On Monday the harbour pilots met.</p>"
                                        + "</div>" * 1_200 + "</body></html>", encoding="utf-8")
    hollow = "<html><head><script>var a = 1;</script></head><body></body></html>"
    (tmp_path / "hollow.html").write_text(hollow, encoding="utf-8")
    (tmp_path / "big.html").write_text("<html><body><p>" + "a " * 12_000 + "</p></body></html>",
                                       encoding="utf-8")
    items = _read([tmp_path], max_bytes=20_000)
    deep = next(i for i in items if i.source.endswith("deep.html"))
    assert isinstance(deep, Page) and deep.text == "On Monday the harbour pilots met."
    assert "nested 1202 deep" in deep.notes[0]
    assert _skips(items) == {"hollow.html": "empty", "big.html": "too-large"}


def test_the_bundled_examples_read_as_one_site() -> None:
    items = _read([EXAMPLES])
    assert items and all(isinstance(i, Page) for i in items)
    assert {p.site for p in items} == {"nmcc.example.org"}
    kinds = {Path(p.source.split(":")[0]).suffix for p in items}
    assert kinds == {".txt", ".html", ".jsonl"}
    html = next(p for p in items if p.html is not None)
    assert html.meta.get("title") and html.url and html.url.startswith("https://nmcc.example.org/")
    # the JSONL holds a re-crawl: two records of one URL with different content
    keys = [p.key for p in items if p.url]
    assert len(keys) != len(set(keys))


def test_site_of_url() -> None:
    assert site_of_url("https://www.Example.org/a?b=1") == "example.org"
    assert site_of_url("http://en.odkb.example:8080/x") == "en.odkb.example"
    assert site_of_url("not a url") is None and site_of_url(None) is None


def test_archives_in_a_directory_go_to_the_warc_reader(tmp_path: Path) -> None:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    html = ("<html><head><title>Pilots met in Bergen</title></head>"
            "<body><article><h1>Pilots met in Bergen</h1>"
            "<p>" + "On March 12 this year, harbour pilots from five ports met in Bergen. " * 5
            + "</p></article></body></html>").encode("utf-8")
    with (tmp_path / "crawl.warc.gz").open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://www.pilots.example/news/7", "response",
                                                      payload=BytesIO(html), http_headers=headers))
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    items = _read([tmp_path])
    archived = next(i for i in items if "crawl.warc.gz" in i.source)
    assert isinstance(archived, Page) and archived.site == "pilots.example" and "Bergen" in archived.text
    assert len([i for i in items if isinstance(i, Page)]) == 2


def test_cut_gzip_jsonl_keeps_the_lines_before_the_cut(tmp_path: Path) -> None:
    data = gzip.compress("".join(json.dumps({"id": f"p{i}", "text": PAGE + f"\n{i} " * 300}) + "\n"
                                 for i in range(40)).encode("utf-8"))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = _read([path])
    pages = [i for i in items if isinstance(i, Page)]
    assert pages and [p.external_id for p in pages] == [f"p{i}" for i in range(len(pages))]
    assert isinstance(items[-1], Skip) and items[-1].reason == "truncated"


def test_site_names_drop_port_trailing_dot_and_www() -> None:
    from communique.ingest.sources import site_of_url

    assert site_of_url("https://www.Example.org:443/news/1") == "example.org"
    assert site_of_url("http://example.org./a") == "example.org"
    assert site_of_url("http://[::1]:8000/a") == "::1"
