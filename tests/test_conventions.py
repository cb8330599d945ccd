"""The command line's conventions, the same in every command: a user error is one line naming the bad value and
exit status 2 (never a traceback), nothing found is exit status 1, one date semantics (YYYY, YYYY-MM, YYYY-MM-DD,
inclusive), inputs that do not exist create nothing, and WARC records that are no pages are counted as such."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from communique.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("conventions") / "c.db"
    assert main(["ingest", str(EXAMPLES), "--db", str(path), "--quiet", "--workers", "1"]) == 0
    return path


def _status(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of the command, whether it returns its status or exits (argparse)."""
    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as ended:
        code = ended.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _one_line(err: str) -> bool:
    return err.startswith("communique") and err.count("\n") == 1 and "Traceback" not in err


@pytest.fixture
def in_the_way(tmp_path: Path) -> Path:
    """A file where a folder is wanted: no output can be written below it."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    return blocker


USAGE_ERRORS = [
    (["who-held", "Secretary General", "--on", "2019-13-01"], "2019-13-01"),
    (["timeline", "Ingrid Solvang", "--from", "2025-99"], "2025-99"),
    (["events", "--from", "2025-99"], "2025-99"),
    (["events", "--to", "soon"], "soon"),
    (["events", "--type", "banquet"], "banquet"),
    (["search", "beacon", "--from", "2021-13"], "2021-13"),
    (["search", "   "], "nothing to search for"),
    (["search", "beacon", "--limit", "0"], "0"),
    (["who-held", "Secretary General"], "--on"),  # argparse: a required option missing
    (["figures", "--pivot-nonsense"], "--pivot-nonsense"),
]


@pytest.mark.parametrize("args, named", USAGE_ERRORS, ids=lambda a: " ".join(a) if isinstance(a, list) else None)
def test_a_bad_value_is_one_line_and_status_2(db: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                              named: str) -> None:
    code, _, err = _status(capsys, *args, "--db", str(db))
    assert code == 2, (args, err)
    assert _one_line(err) and named in err, err


def test_missing_and_unwritable_paths_are_usage_errors(db: Path, tmp_path: Path, in_the_way: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    nowhere = tmp_path / "nowhere"
    out_below_a_file = in_the_way / "out"
    cases = [
        (["ingest", str(nowhere), "--db", str(tmp_path / "new.db"), "--quiet"], str(nowhere)),
        (["ingest", str(EXAMPLES), str(nowhere), "--db", str(tmp_path / "new.db"), "--quiet"], str(nowhere)),
        (["extract", str(nowhere), "-o", str(tmp_path / "pred.jsonl"), "--quiet"], str(nowhere)),
        (["extract", str(EXAMPLES / "nmcc.example.org" / "archive-2024.jsonl"), "-o", str(out_below_a_file / "p.jsonl"),
          "--quiet"], str(out_below_a_file)),
        (["load", str(nowhere), "--db", str(tmp_path / "new.db")], str(nowhere)),
        (["migrate", "--db", str(tmp_path / "new.db")], "new.db"),
        (["stats", "--db", str(tmp_path / "new.db")], "new.db"),
        (["export", "--format", "csv", "--out", str(out_below_a_file), "--db", str(db)], str(out_below_a_file)),
        (["export", "--format", "graphml", "--out", str(out_below_a_file), "--db", str(db)], str(out_below_a_file)),
        (["crawl", "not a url", "--out", str(tmp_path / "c.warc.gz")], "not a url"),
        (["spark", str(nowhere), "--out", str(tmp_path / "spark")], str(nowhere)),
    ]
    for args, named in cases:
        code, _, err = _status(capsys, *args)
        assert code == 2 and _one_line(err) and named in err, (args, err)
    # Nothing was created by any of them: no database, no predictions, no folder.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


NOTHING_FOUND = [
    ["search", "zyzzyva"],
    ["show", "999999"],
    ["entity", "Zyzzyva Qwerty"],
    ["timeline", "Zyzzyva Qwerty"],
    ["who-held", "Grand Vizier", "--on", "2025-01-01"],
    ["succession", "Grand Vizier"],
    ["events", "--entity", "Zyzzyva Qwerty"],
    ["events", "--type", "meeting", "--from", "1990", "--to", "1990"],
    ["figures", "--series", "Zyzzyva"],
]


@pytest.mark.parametrize("args", NOTHING_FOUND, ids=lambda a: " ".join(a))
def test_nothing_found_is_status_1_in_every_command(db: Path, capsys: pytest.CaptureFixture[str],
                                                   args: list[str]) -> None:
    code, _, err = _status(capsys, *args, "--db", str(db))
    assert code == 1, (args, err)
    assert _one_line(err), err


FOUND = [
    ["search", "beacon"],
    ["show", "1"],
    ["entity", "Ingrid Solvang"],
    ["timeline", "Ingrid Solvang"],
    ["who-held", "Secretary General", "--on", "2025-01-01"],
    ["succession", "Secretary General"],
    ["events", "--entity", "Ingrid Solvang"],
    ["events", "--type", "meeting", "--from", "2025", "--to", "2025"],
    ["figures"],
]


@pytest.mark.parametrize("args", FOUND, ids=lambda a: " ".join(a))
def test_something_found_is_status_0(db: Path, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, err = _status(capsys, *args, "--db", str(db))
    assert code == 0 and out.strip(), (args, err)


def test_one_date_semantics_in_every_date_bound(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def events(*bounds: str) -> list[dict]:
        code, out, _ = _status(capsys, "events", *bounds, "--json", "--db", str(db))
        return json.loads(out) if code == 0 else []

    year = events("--from", "2025", "--to", "2025")
    assert year and all(e["date"].startswith("2025") for e in year)
    assert year == events("--from", "2025-01-01", "--to", "2025-12-31")
    july = events("--from", "2025-07", "--to", "2025-07")
    assert july and {e["date"][:7] for e in july} == {"2025-07"}
    assert july == [e for e in year if e["date"].startswith("2025-07")]
    # the same bounds mean the same in the timeline of one entity
    code, out, _ = _status(capsys, "timeline", "Ingrid Solvang", "--from", "2025", "--to", "2025", "--json",
                           "--db", str(db))
    assert code == 0 and all(e["date"].startswith("2025") for e in json.loads(out))


def test_events_rows_carry_date_type_place_participants_sentence_and_source(db: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _status(capsys, "events", "--entity", "Ingrid Solvang", "--json", "--db", str(db))
    rows = json.loads(out)
    assert code == 0 and rows
    for e in rows:
        assert {"date", "type", "place", "participants", "sentence", "article_id", "url"} <= set(e)
        assert e["sentence"] and e["article_id"]
        assert any(p["person"] == "Ingrid Solvang" for p in e["participants"]) or e["place"]


def test_the_process_prints_no_traceback(db: Path, tmp_path: Path) -> None:
    """The installed command as a user runs it: errors are one line on stderr, whatever raised them."""
    for args, status in ((["who-held", "X", "--on", "2019-13-01", "--db", str(db)], 2),
                         (["export", "--format", "csv", "--out", "/dev/null/x", "--db", str(db)], 2),
                         (["load", str(tmp_path / "nowhere"), "--db", str(tmp_path / "n.db")], 2),
                         (["search", "zyzzyva", "--db", str(db)], 1)):
        done = subprocess.run([sys.executable, "-m", "communique.cli", *args], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == status, (args, done.stderr)
        assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr


def test_warc_records_that_are_not_pages_are_counted_as_such(tmp_path: Path) -> None:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from communique.job import ingest

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "communique-tests"}))
        for n in range(2):
            url = f"https://news.example/item/{n}/"
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
            html = (f"<html><head><title>Harbour notice {n}</title></head><body><article><h1>Harbour notice {n}</h1>"
                    f"<p>The harbour master announced on 3 March 2025 that berth {n} reopens after repairs "
                    "to the quay wall, which took six weeks and cost less than planned.</p></article></body></html>")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(html.encode()),
                                                          http_headers=headers))
    report = ingest([path], tmp_path / "w.db", workers=1, progress=False, resolve=False)
    assert report.pages_read == 2 and report.articles == 2
    assert report.skipped == [] and report.archive_records == {"warcinfo": 1, "request": 2}
    assert "archive records:    3 that are not pages (2 request, 1 warcinfo)" in report.render()
    assert report.as_dict()["archive_records"] == {"request": 2, "warcinfo": 1}
