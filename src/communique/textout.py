"""Plain-text and JSON rendering of query results for the terminal."""

from __future__ import annotations

import csv
import json
import shutil
import sys
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def print_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], max_width: int = 60) -> None:
    if not rows:
        print("(no rows)")
        return
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [min(max_width, max([len(c)] + [len(row[i]) for row in cells])) for i, c in enumerate(columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))
    print(line)
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join((v if len(v) <= w else v[: w - 1] + "…").ljust(w) for v, w in zip(row, widths, strict=True)))


def print_csv(rows: Sequence[Mapping[str, Any]]) -> None:
    if not rows:
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0].keys()), extrasaction="ignore")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: _cell(v) for k, v in r.items()})


def print_mapping(data: Mapping[str, Any], indent: int = 0, most: int = 20) -> None:
    """Nested key: value lines; a long nested mapping (e.g. articles per site) shows its first ``most``."""
    items = list(data.items())
    shown = items if indent == 0 or len(items) <= most else items[:most]
    for key, value in shown:
        if isinstance(value, Mapping):
            print(" " * indent + f"{key}:")
            print_mapping(value, indent + 2, most)
        else:
            print(" " * indent + f"{key}: {_cell(value)}")
    if len(shown) < len(items):
        print(" " * indent + f"… {len(items) - len(shown)} more (--json for all)")


def _width() -> int:
    return min(100, shutil.get_terminal_size((100, 20)).columns)


def shown_title(row: Mapping[str, Any]) -> str:
    """An article's title as printed: one derived from its first sentence says so."""
    title = row.get("title") or "(untitled)"
    return f"{title} [title from its first sentence]" if row.get("title_derived") else title


def shown_date(row: Mapping[str, Any], empty: str = "----------") -> str:
    """An article's date as printed: one read from its address says so."""
    date = row.get("published")
    if not date:
        return empty
    return f"{date} (from URL)" if row.get("published_from") == "url" else str(date)


def print_hits(hits: Sequence[Mapping[str, Any]], query: str) -> None:
    if not hits:
        print(f"no articles match {query!r}")
        return
    for h in hits:
        print(f"[{h['id']}] {shown_date(h)}  {shown_title(h)}")
        print(f"      {h.get('site', '')}  {h.get('url') or ''}")
        snippet = " ".join((h.get("snippet") or "").split())
        for line in textwrap.wrap(snippet, _width() - 6):
            print("      " + line)
        print()


def _highlight(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """Mark fact spans in the text as [[text|kind]], innermost-first order preserved."""
    out, pos = [], 0
    for start, end, kind in sorted(spans):
        if start < pos:
            continue
        out.append(text[pos:start])
        out.append(f"[[{text[start:end]}|{kind}]]")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def print_article(a: Mapping[str, Any], facts: bool = False) -> None:
    print(f"#{a['id']}  {shown_title(a)}")
    print(f"published: {a.get('published') or 'unknown'} ({a.get('published_from') or '-'})")
    if a.get("section") is not None:
        print(f"section: {a.get('site')}/{a['section']}" + (" (a list page)" if a.get("kind") == "list" else ""))
    print(f"site: {a.get('site')}  url: {a.get('url') or '-'}  source: {a.get('source')}  version: {a.get('version')}")
    if a.get("duplicate_of"):
        print(f"duplicate of #{a['duplicate_of']} (similarity {a.get('similarity')})")
    for d in a.get("duplicates") or []:
        print(f"duplicated by #{d['id']} (similarity {d['similarity']})")
    print()
    body = a.get("body") or ""
    if facts:
        # Only the body's own facts: a title fact's span indexes the title, a teaser fact's its teaser.
        def in_body(f: dict[str, Any]) -> bool:
            return f.get("from_teaser") is None and not f.get("in_title")

        spans = [(m["start"], m["end"], m["kind"]) for m in a.get("mentions", []) if in_body(m)]
        spans += [(d["start"], d["end"], "date") for d in a.get("dates", []) if in_body(d)]
        body = _highlight(body, spans)
    for para in body.split("\n\n"):
        print(textwrap.fill(para, _width()))
        print()
    for part in a.get("signature") or []:
        print(f"  signature: {part}")
    for part in a.get("captions") or []:
        print(f"  caption: {part}")
    teasers = a.get("teasers") or []
    if teasers:
        print(f"\nteasers of other articles ({len(teasers)}):")
        for t in teasers:
            link = f" -> #{t['article_id']}" if t.get("article_id") else ""
            print(f"  - {t.get('date') or '----------'}  {textwrap.shorten(t.get('title') or t['text'], _width() - 26)}"
                  f"{link}")
    if facts:
        for key, cols in (("posts", ["person", "role", "org", "date", "sentence"]),
                          ("events", ["type", "status", "date", "end_date", "place", "participants", "name"]),
                          ("figures", ["value", "unit", "item", "qualifier", "sentence"])):
            rows = [r for r in a.get(key, []) if r.get("from_teaser") is None]
            if rows:
                print(f"\n{key}:")
                print_table(rows, cols)


def print_entity(e: Mapping[str, Any]) -> None:
    print(f"{e['name']}  ({e['kind']}, id {e['id']})")
    print(f"mentions: {e.get('mentions', 0)}  first seen: {e.get('first_seen') or '-'}  "
          f"last seen: {e.get('last_seen') or '-'}")
    if e.get("aliases"):
        print("aliases: " + "; ".join(e["aliases"]))
    if e.get("posts"):
        print("\nposts:")
        print_table(e["posts"], ["role", "org", "from", "to", "acting", "evidence_count"])


def _tenure_line(a: Mapping[str, Any]) -> str:
    """ "from – to" of a tenure, saying which part is evidenced and which inferred."""
    span = f"{a.get('evidenced_from') or '?'} – {a.get('evidenced_to') or '?'} evidenced"
    if a.get("inferred_to"):
        span += f", inferred to {a['inferred_to']} (the next holder's first evidence follows)"
    elif a.get("open"):
        span += ", no later holder known"
    return span


def _evidence_lines(items: Sequence[Mapping[str, Any]], most: int = 3, indent: str = "     ") -> None:
    for ev in items[:most]:
        print(f"{indent}[{ev.get('article_id')} {ev.get('date') or 'undated'}] {textwrap.shorten(ev['sentence'], 150)}")


def print_verdict(answer: Mapping[str, Any]) -> None:
    """who-held: the verdict and its reason, the holder's tenure and evidence; with --all, the post's other
    holders and the candidates set aside with their reasons."""
    where = f" ({answer['org']})" if answer.get("org") else ""
    rows = answer.get("rows") or []
    head = f"{answer['post']}{where} on {answer['on']}: "
    if answer["verdict"] == "held" and len(rows) == 1:
        a = rows[0]
        print(head + f"{a['person']}{' (acting)' if a.get('acting') else ''} — {a.get('basis', 'evidenced')}")
    elif answer["verdict"] == "held":
        print(head + f"{len(rows)} holders — " + ", ".join(a["person"] for a in rows))
    else:
        print(head + answer["verdict"])
    print(f"  {answer['reason']}")
    for i, a in enumerate(rows, 1):
        prefix = f"  {i}. " if len(rows) > 1 else "  "
        print(f"{prefix}{a['person']} — {a['post']}{', ' + a['org'] if a.get('org') else ''}: {_tenure_line(a)}; "
              f"{a['evidence_count']} sentence{'s' if a['evidence_count'] != 1 else ''} of evidence")
        _evidence_lines(a.get("evidence") or [])
    if answer.get("others"):
        print("\nother holders of the post:")
        for a in answer["others"]:
            print(f"  {a['person']}{' (acting)' if a.get('acting') else ''}: {_tenure_line(a)}; "
                  f"{a['evidence_count']} evidence")
    if answer.get("excluded"):
        print("\nset aside:")
        for a in answer["excluded"]:
            print(f"  {a['person']}{' (acting)' if a.get('acting') else ''}: {a['excluded']}")
            _evidence_lines(a.get("excluded_evidence") or a.get("evidence") or [], most=1)


def print_succession(answer: Mapping[str, Any]) -> None:
    rows = answer.get("rows") or []
    print(f"{answer['post']}{', ' + answer['org'] if answer.get('org') else ''}: {len(rows)} holder"
          f"{'s' if len(rows) != 1 else ''} in order"
          + ("" if answer.get("one_at_a_time", True) else " (several people hold this post at once)"))
    table = [{**r, "acting": "acting" if r.get("acting") else "",
              "inferred": f"{r['inferred_from']} – {r['inferred_to']}" if r.get("inferred_to") else
              ("(latest)" if r.get("open") else "")} for r in rows]
    print_table(table, ["from", "to", "person", "acting", "evidence", "evidenced_to", "inferred"])
    if answer.get("excluded"):
        print("\nset aside:")
        for a in answer["excluded"]:
            print(f"  {a['person']}{' (acting)' if a.get('acting') else ''}: {a['excluded']}")
            _evidence_lines(a.get("excluded_evidence") or a.get("evidence") or [], most=1)


def print_events(rows: Sequence[Mapping[str, Any]]) -> None:
    """Events as blocks: date, type, place; who took part; the sentence and where it was read."""
    for e in rows:
        when = e.get("date") or "undated"
        if e.get("end_date") and e["end_date"] != e.get("date"):
            when += f" – {e['end_date']}"
        status = "" if e.get("status") in (None, "held") else f" ({e['status']})"
        print(f"{when}  {e['type']}{status}" + (f" in {e['place']}" if e.get("place") else "")
              + (f" — {e['name']}" if e.get("name") else ""))
        people = [p["person"] for p in e.get("participants") or []]
        if people:
            print("   participants: " + textwrap.shorten(", ".join(people), _width() - 18))
        if e.get("sentence"):
            for line in textwrap.wrap(f"“{' '.join(e['sentence'].split())}”", _width() - 3)[:4]:
                print("   " + line)
        sources = e.get("source_count") or 1
        print(f"   source: article {e.get('article_id')}" + (f" {e['url']}" if e.get("url") else "")
              + (f" (+{sources - 1} more)" if sources > 1 else ""))
        print()


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ") if value == int(value) else f"{value:g}"


def print_pivot(table: Mapping[str, Any]) -> None:
    """figures --pivot: one line per item and unit, a column per year; several reports of one year are listed
    ("a / b"), never added; a part of a total is marked under it ("  of which")."""
    years, lines = table["years"], table["lines"]
    if not lines:
        print("(no figures)")
        return
    rows = []
    for line in lines:
        label = ("  of which " if line.get("part_of") else "") + (line["item"] or "(no item)")
        row = {"item": label, "unit": line["unit"] or ""}
        for y in years:
            cells = line["years"].get(y) or line["years"].get(str(y)) or []
            row[str(y)] = " / ".join(_number(c["value"]) for c in cells)
        rows.append(row)
    names = sorted({c["series_name"] for ln in lines for cells in ln["years"].values() for c in cells
                    if c.get("series_name")})
    if names:
        print("series: " + "; ".join(names))
    print_table(rows, ["item", "unit", *[str(y) for y in years]], max_width=48)
    print("\n(several reports of one year are listed apart; parts are shown under their total and never added; "
          "--json gives each figure with its sentence and article)")


def print_archive_sections(result: Mapping[str, Any]) -> None:
    """A site's sections with their article counts, and its years."""
    rows = [{**r, "section": r["section"] or "/", "dates": f"{r['first'] or '?'} … {r['last'] or '?'}"
             if r["first"] else ""} for r in result["rows"]]
    print(f"{result['site']}: {len(rows)} section(s)" + (f" with articles of {result['year']}" if result.get("year")
                                                          else ""))
    print_table(rows, ["section", "articles", "undated", "lists", "dates"])
    if result.get("years"):
        print("\nyears: " + "  ".join(f"{y['year']} ({y['articles']})" for y in result["years"]))


def print_archive_section(result: Mapping[str, Any]) -> None:
    """One section: its articles by date, its list pages, the sections around it."""
    where = f"{result['site']}/{result['section']}" if result["section"] else f"{result['site']}/"
    print(f"{where}: {result['total']} article(s)" + (f" of {result['year']}" if result.get("year") else ""))
    if result.get("parents"):
        print("up: " + "  ".join(p or "/" for p in result["parents"]))
    if result.get("subsections"):
        print("below: " + "  ".join(f"{s['section']} ({s['articles']})" for s in result["subsections"]))
    if result.get("years"):
        print("years: " + "  ".join(f"{y['year']} ({y['articles']})" for y in result["years"]))
    print()
    rows = [{**r, "date": r["published"] or "", "derived": ", ".join(
        what for what, yes in (("title: first sentence", r.get("title_derived")),
                               ("date: URL", r.get("published_from") == "url")) if yes)} for r in result["rows"]]
    print_table(rows, ["id", "date", "title", "derived"], max_width=80)
    if len(result["rows"]) < result["total"]:
        print(f"… {result['total'] - len(result['rows'])} more (--json --limit N for all)")
    for lst in result.get("lists") or []:
        print(f"\nlist page #{lst['id']} {lst['url'] or ''}: {lst['teasers']} item(s), {lst['linked']} linked to a "
              "stored article (communique show ID)")
