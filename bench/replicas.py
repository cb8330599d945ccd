"""A crawl of any size for the scale benchmarks: the ../shared pages replicated, as text and HTML.

Each replica is a distinct page: its own URL and id, and a line "(replica N)" at the paragraph
break nearest the middle, so nothing is an exact copy (each is new to the store) while the
articles stay near-duplicates of each other, as in a crawl that re-publishes. Every third
replica is wrapped as HTML. Shards of SHARD pages are written as JSONL (text or "html"
records), and every fourth shard as a .warc.gz of HTTP responses, so the archive reader is
measured too. Nothing is written into the repository.
"""

from __future__ import annotations

import html
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SHARD = 1000


def available() -> bool:
    return (SHARED / "corpus").is_dir()


def size(env: str, default: int) -> int:
    """A size from the environment (so a bench can be run small), else the default."""
    return int(os.environ.get(env, default))


def base_records() -> list[dict]:
    records = []
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        records.append({"id": path.stem, "site": "seeds", "text": text})
    for path in sorted((SHARED / "corpus").glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            records += [json.loads(line) for line in fh if line.strip()]
    return records


def vary(text: str, n: int) -> str:
    middle = len(text) // 2
    cut = text.find("\n\n", middle)
    if cut < 0:
        cut = text.find("\n", middle)
    if cut < 0:
        return f"{text}\n\n(replica {n})"
    return f"{text[:cut]}\n\n(replica {n}){text[cut:]}"


def _as_html(text: str, title: str) -> str:
    paras = "".join(f"<p>{html.escape(p.strip())}</p>\n" for p in text.split("\n") if p.strip())
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
            f"<body><main>{paras}</main></body></html>")


def pages(count: int) -> Iterator[dict]:
    """``count`` replicated records: {"id", "url", "site", "lang", "text"} or "html" instead of "text"."""
    base = base_records()
    for i in range(count):
        n, rec = divmod(i, len(base))
        rec = dict(base[rec])
        rec["id"] = f"{rec['id']}-r{n}"
        if rec.get("url"):
            rec["url"] = f"{rec['url'].rstrip('/')}/r{n}"
        text = vary(rec.pop("text", "") or "", n)
        if n % 3 == 2:
            rec["html"] = _as_html(text, text.strip().split("\n", 1)[0][:80])
        else:
            rec["text"] = text
        rec.pop("excerpt", None)
        yield rec


def write_crawl(out: Path, count: int, shard_size: int = SHARD) -> int:
    """Write ``count`` pages under ``out`` in shards of ``shard_size``; returns the number written."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out.mkdir(parents=True, exist_ok=True)
    written = 0
    stream = pages(count)
    for shard in range((count + shard_size - 1) // shard_size):
        chunk = [rec for _, rec in zip(range(shard_size), stream, strict=False)]
        if shard % 4 == 3:
            with open(out / f"shard-{shard:04d}.warc.gz", "wb") as fh:
                writer = WARCWriter(fh, gzip=True)
                for k, rec in enumerate(chunk):
                    body = rec.get("html") or _as_html(rec["text"], rec["id"])
                    url = rec.get("url") or f"https://{rec.get('site') or 'bench.example'}/{rec['id']}/{k}"
                    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                            protocol="HTTP/1.1")
                    writer.write_record(writer.create_warc_record(
                        url, "response", payload=io.BytesIO(body.encode("utf-8")), http_headers=http))
        else:
            with open(out / f"shard-{shard:04d}.jsonl", "w", encoding="utf-8") as fh:
                for rec in chunk:
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        written += len(chunk)
    return written
