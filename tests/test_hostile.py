"""A hostile-input corpus, generated here (nothing large is committed), ingested in one run.

The run must end cleanly (no traceback), account for every input with a reason, store every good
page (the huge one with facts), and stay within 1.5 GB of memory at its peak, measured on the
child process tree of a small wrapper (``ru_maxrss`` of RUSAGE_CHILDREN: the largest process).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

pytestmark = pytest.mark.slow

COMMUNIQUE = Path(sys.executable).parent / "communique"
PEAK_RSS_BAR = 1_500 * 1024 * 1024
PLACES = ["Bergen", "Tromso", "Oulu", "Reykjavik", "Torshavn", "Bodo", "Lulea", "Kirkenes", "Narvik", "Hammerfest"]
PEOPLE = ["Ingrid Solvang", "Mikko Laine", "Sigrun Olafsdottir", "Erik Dahl", "Anna Berg", "Jonas Lund"]


def _prose(rng: random.Random, n_sentences: int, tag: str) -> str:
    out = []
    for i in range(n_sentences):
        place, person = rng.choice(PLACES), rng.choice(PEOPLE)
        out.append(rng.choice([
            f"On {rng.randint(1, 28)} March {rng.randint(2015, 2025)} the harbour master {person} met pilots in "
            f"{place} ({tag}-{i}).",
            f"Crews in {place} replaced {rng.randint(2, 90)} channel buoys after the storms, {person} said.",
            f"The Northern Maritime Council held its session in {place} with {rng.randint(3, 40)} delegations.",
        ]))
    return " ".join(out)


def _page(rng: random.Random, title: str, tag: str, paragraphs: int = 3) -> str:
    return title + "\n\n" + "\n\n".join(_prose(rng, 4, f"{tag}{k}") for k in range(paragraphs)) + "\n"


def _warc(path: Path, bodies: list[str], tail: bytes = b"") -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for i, body in enumerate(bodies):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            html = f"<html><head><title>Pilots {i}</title></head><body><article><p>{body}</p></article></body></html>"
            writer.write_record(writer.create_warc_record(f"https://pilots.example/{path.stem}/{i}", "response",
                                                          payload=io.BytesIO(html.encode()), http_headers=http))
        out.write(tail)


def _gzip_bomb(inflated: int) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
        for _ in range(inflated >> 20):
            gz.write(b"A" * (1 << 20))
    return out.getvalue()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], int]:
    """(folder, expected skip reason by input name, number of good pages)."""
    root = tmp_path_factory.mktemp("hostile") / "crawl"
    root.mkdir()
    rng = random.Random(14)
    good = 0
    skips: dict[str, str] = {}

    def text(name: str | bytes, content: str | bytes) -> Path:
        path = Path(os.fsdecode(os.path.join(os.fsencode(root), os.fsencode(name))))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    for i in range(6):  # ordinary pages
        text(f"g{i}.txt", _page(rng, f"Pilots met in {PLACES[i]}", f"g{i}"))
        good += 1
    # names that are not UTF-8: a folder and a file
    text(b"\xff-site/caf\xe9.txt", _page(rng, "Pilots met in Oulu again", "cafe"))
    good += 1
    # UTF-16 and UTF-32 with a byte order mark
    text("utf16.txt", b"\xff\xfe" + _page(rng, "Pilots met in Lulea", "u16").encode("utf-16-le"))
    text("utf32.txt", b"\x00\x00\xfe\xff" + _page(rng, "Pilots met in Narvik", "u32").encode("utf-32-be"))
    good += 2
    # HTML nested deeper than libxml2 reads, and a page of "<a " never closed
    text("deep.html", "<html><head><title>Deep</title></head><body>" + "<div>" * 300
         + f"<p>{_prose(rng, 5, 'deep')}</p>" + "</div>" * 300 + "</body></html>")
    text("anchors.html", f"<html><head><title>Anchors</title></head><body><p>{_prose(rng, 5, 'anchors')}</p>"
         + "<a " * 30_000)
    good += 2
    # a 1.1 MB page (over spaCy's 1,000,000 characters), one of repeated names, one with a 310-digit figure
    text("big.txt", "The long report\n\n" + "\n\n".join(_prose(rng, 6, f"big{k}") for k in range(2_500)))
    text("names.txt", "Ports of the council\n\n" + "\n".join(", ".join(rng.choice(PLACES) for _ in range(40)) + "."
                                                             for _ in range(250)))
    text("figure.txt", "Seizure in Bergen\n\nOn 3 May 2021 customs officers in Bergen seized " + "9" * 310
         + " kg of cod, the council said. " + _prose(rng, 3, "fig"))
    good += 3
    # JSONL: good records around lines that cannot be read
    record = json.dumps
    lines = [record({"id": "j1", "text": _page(rng, "Pilots met in Bodo", "j1")}),
             '{"id": "big-int", "n": ' + "7" * 5_000 + "}",
             '{"id": "deep", "a": ' + "[" * 100_000 + "]" * 100_000 + "}",
             record({"id": "j4", "text": _page(rng, "Pilots met in Narvik", "j4")}),
             '{"id": "lone", "text": "half a pair \\ud800 here"}',
             "[1, 2]",
             record({"id": "no-text"}),
             "{broken",
             record({"id": "j9", "html": f"<html><body><article><p>{_prose(rng, 5, 'j9')}</p></article></body>"})]
    text("mixed.jsonl", "\n".join(lines) + "\n")
    good += 3
    skips.update({"mixed.jsonl:2": "bad-json", "mixed.jsonl:3": "bad-json", "mixed.jsonl:5": "invalid-text",
                  "mixed.jsonl:6": "bad-json", "mixed.jsonl:7": "no-text", "mixed.jsonl:8": "bad-json"})
    # web archives: a gzip bomb after a good record, and one cut short
    _warc(root / "bomb.warc.gz", [_prose(rng, 5, "w0")], _gzip_bomb(400 << 20))
    cut = root / "cut.warc.gz"
    _warc(cut, [_prose(rng, 5, "c0"), _prose(rng, 5, "c1")])
    data = cut.read_bytes()
    cut.write_bytes(data[: len(data) - 200])
    good += 2  # each archive's first record
    skips.update({"bomb.warc.gz": "too-large", "cut.warc.gz": "truncated"})
    # what is not a page at all
    text("tags.html", "<html><body>" + "<br>" * 500_001 + "x</body></html>")
    text("binary.txt", bytes(rng.randrange(256) for _ in range(4_000)))
    text("empty.txt", b"")
    text("hollow.html", "<html><head><script>var a = 1;</script></head><body></body></html>")
    text("huge.txt", "word " * 1_100_000)
    skips.update({"tags.html": "html-bomb", "binary.txt": "binary", "empty.txt": "empty", "hollow.html": "empty",
                  "huge.txt": "too-large"})
    # what is not a regular file, or not a folder to walk
    os.mkfifo(root / "b.txt")
    (root / "zero.txt").symlink_to("/dev/zero")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(root / "sock.html"))
    sock.close()  # the socket file stays
    (root / "loop").symlink_to(root)
    skips.update({"b.txt": "not-a-file", "zero.txt": "not-a-file", "sock.html": "not-a-file", "loop": "not-followed"})
    locked = root / "locked"
    locked.mkdir()
    (locked / "l.txt").write_text(_page(rng, "Pilots met in Kirkenes", "locked"), encoding="utf-8")
    locked.chmod(0)
    if os.geteuid() == 0:
        good += 1  # root reads a folder whatever its mode
    else:
        skips["locked"] = "unreadable"
    return root, skips, good


def _ingest(root: Path, db: Path) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run ``communique ingest`` under a wrapper that reports the peak RSS of its process tree."""
    cmd = [str(COMMUNIQUE), "ingest", str(root), "--db", str(db), "--json", "--quiet", "--workers", "2"]
    wrapper = ("import resource, subprocess, sys\n"
               "done = subprocess.run(sys.argv[1:], capture_output=True, text=True, errors='backslashreplace')\n"
               "sys.stdout.write(done.stdout)\nsys.stderr.write(done.stderr)\n"
               "sys.stderr.write(f'\\nPEAK_RSS_KB {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\\n')\n"
               "sys.exit(done.returncode)\n")
    done = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True, timeout=1_500)
    peak = int(done.stderr.rsplit("PEAK_RSS_KB", 1)[1].split()[0]) * 1024
    return done, peak


def test_a_hostile_corpus_ingests_in_one_run(corpus: tuple[Path, dict[str, str], int], tmp_path: Path) -> None:
    root, skips, good = corpus
    db = tmp_path / "hostile.db"
    try:
        done, peak = _ingest(root, db)
    finally:
        (root / "locked").chmod(0o755)
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["accounted"] and report["failed"] == [] and report["extract_failed"] == []
    assert report["articles"] + report["new_versions"] == good  # every good page stored
    found = {}
    for item in report["skipped"]["items"]:
        name = item["source"].split(str(root) + "/", 1)[-1].split("@")[0]
        found[name] = item["reason"]
        assert item["detail"] or item["reason"] in ("empty",), item  # every skip says why
    assert found == skips  # every bad input, and nothing else, is in the report with its reason
    assert peak < PEAK_RSS_BAR, f"peak RSS {peak >> 20} MB"

    conn = sqlite3.connect(db)
    try:
        sources = {s for (s,) in conn.execute("SELECT source FROM pages")}
        assert any(s.endswith("/\\xff-site/caf\\xe9.txt") for s in sources)  # stored, bytes escaped
        big_facts = conn.execute("SELECT COUNT(*) FROM mentions m JOIN articles a ON a.id = m.article_id "
                                 "JOIN pages p ON p.id = a.page_id WHERE p.source LIKE '%/big.txt'").fetchone()[0]
        assert big_facts > 1_000  # a page over spaCy's limit is read in windows, and has its facts
        assert conn.execute("SELECT COUNT(*) FROM figures WHERE abs(value) > 1e300").fetchone()[0] == 0
        notes = json.loads(conn.execute("SELECT notes FROM pages WHERE source LIKE '%/figure.txt'").fetchone()[0])
        assert any("beyond any float" in n for n in notes)
    finally:
        conn.close()
