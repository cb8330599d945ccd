"""Small inline SVG drawings: a post/event timeline, a co-occurrence network, a line chart per series.

Written by hand because each is a few dozen lines of geometry: no chart library to vendor, no JS build,
and the pages render (and print) without JavaScript. All text goes through markupsafe escaping.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from markupsafe import Markup, escape

KIND_COLOURS = {"person": "#2b6cb0", "org": "#2f855a", "place": "#b7791f"}


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    text = value[:10]
    try:
        if len(text) == 4:
            return dt.date(int(text), 7, 1)
        if len(text) == 7:
            return dt.date(int(text[:4]), int(text[5:7]), 15)
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _year_ticks(lo: dt.date, hi: dt.date, x: Any) -> list[tuple[float, str]]:
    years = list(range(lo.year, hi.year + 2))
    step = max(1, math.ceil(len(years) / 8))
    return [(x(dt.date(y, 1, 1)), str(y)) for y in years[::step] if lo <= dt.date(y, 1, 1) <= hi]


def _scale(lo: dt.date, hi: dt.date, x0: float, x1: float) -> Any:
    span = max((hi - lo).days, 1)
    return lambda d: x0 + (d - lo).days / span * (x1 - x0)


def timeline_svg(posts: list[dict[str, Any]], events: list[dict[str, Any]], width: int = 720) -> Markup:
    """Posts as bars from first to last dated evidence; events as ticks on one row below."""
    dated_posts = [p for p in posts if _day(p.get("from"))]
    dated_events = [e for e in events if _day(e.get("date"))]
    days = [_day(p["from"]) for p in dated_posts] + [_day(p["to"]) for p in dated_posts]
    days += [_day(e["date"]) for e in dated_events]
    if not days:
        return Markup("")
    lo, hi = min(days), max(days)
    lo, hi = dt.date(lo.year, 1, 1), dt.date(hi.year, 12, 31)
    label_w, row_h = 0, 26
    x = _scale(lo, hi, 10, width - 10)
    rows = len(dated_posts) + (1 if dated_events else 0)
    height = 30 + rows * row_h * 2
    out = [
        f'<svg class="chart timeline" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="posts and events over time" preserveAspectRatio="xMinYMin meet">'
    ]
    for tx, label in _year_ticks(lo, hi, x):
        out.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="14" y2="{height}" class="grid"/>'
            f'<text x="{tx + 2:.1f}" y="11" class="tick">{label}</text>'
        )
    y = 20
    for p in dated_posts:
        a, b = x(_day(p["from"])), x(_day(p["to"]))
        label = (
            p["role"] + (f", {p['org']}" if p.get("org") else "") + (" (acting)" if p.get("acting") else "")
        )
        title = f"{label}: {p['from']} – {p['to']} ({len(p.get('evidence', []))} evidence)"
        out.append(f'<text x="{label_w + 10}" y="{y + 12}" class="label">{escape(label)}</text>')
        out.append(
            f'<rect x="{a:.1f}" y="{y + 17}" width="{max(b - a, 6):.1f}" height="12" rx="3" '
            f'class="bar{" acting" if p.get("acting") else ""}"><title>{escape(title)}</title></rect>'
        )
        y += row_h * 2
    if dated_events:
        out.append(f'<text x="10" y="{y + 12}" class="label">events</text>')
        for e in dated_events:
            ex = x(_day(e["date"]))
            title = f"{e['date']} {e['type']}" + (f" in {e['place']}" if e.get("place") else "")
            out.append(
                f'<circle cx="{ex:.1f}" cy="{y + 23}" r="5" class="event {escape(e["type"])}">'
                f"<title>{escape(title)}</title></circle>"
            )
    out.append("</svg>")
    return Markup("".join(out))


def network_svg(center: dict[str, Any], neighbours: list[dict[str, Any]], size: int = 420) -> Markup:
    """The entity in the middle, co-occurring entities on a circle; line width grows with shared articles."""
    if not neighbours:
        return Markup("")
    c = size / 2
    radius = size / 2 - 70
    top = max(n["articles"] for n in neighbours)
    edges, nodes = [], []
    for i, n in enumerate(neighbours):
        angle = 2 * math.pi * i / len(neighbours) - math.pi / 2
        nx, ny = c + radius * math.cos(angle), c + radius * math.sin(angle)
        w = 1 + 5 * n["articles"] / top
        edges.append(
            f'<line x1="{c}" y1="{c}" x2="{nx:.1f}" y2="{ny:.1f}" stroke-width="{w:.1f}" class="edge"/>'
        )
        anchor = "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle"
        dy = 16 if math.sin(angle) > 0.5 else -9 if math.sin(angle) < -0.5 else 4
        dx = 9 if anchor == "start" else -9 if anchor == "end" else 0
        colour = KIND_COLOURS.get(n["kind"], "#666")
        name = n["name"] if len(n["name"]) <= 24 else n["name"][:23] + "…"
        nodes.append(
            f'<a href="/entities/{int(n["id"])}"><circle cx="{nx:.1f}" cy="{ny:.1f}" r="7" fill="{colour}">'
            f"<title>{escape(n['name'])}: {n['articles']} shared articles</title></circle>"
            f'<text x="{nx + dx:.1f}" y="{ny + dy:.1f}" text-anchor="{anchor}" class="node">'
            f"{escape(name)}</text></a>"
        )
    colour = KIND_COLOURS.get(center["kind"], "#666")
    middle = (
        f'<circle cx="{c}" cy="{c}" r="11" fill="{colour}"/>'
        f'<text x="{c}" y="{c + 27}" text-anchor="middle" class="node centre">{escape(center["name"])}</text>'
    )
    return Markup(
        f'<svg class="chart network" viewBox="-110 0 {size + 220} {size}" role="img" '
        f'aria-label="co-occurring entities">{"".join(edges)}{"".join(nodes)}{middle}</svg>'
    )


def series_svg(points: list[dict[str, Any]], unit: str | None, width: int = 640, height: int = 220) -> Markup:
    """Values over time: one dot per figure (linked to its article), joined in date order."""
    dated = sorted((p for p in points if _day(p.get("date"))), key=lambda p: p["date"])
    if not dated:
        return Markup("")
    days = [_day(p["date"]) for p in dated]
    lo, hi = dt.date(min(days).year, 1, 1), dt.date(max(days).year, 12, 31)
    x = _scale(lo, hi, 56, width - 12)
    top = max(p["y"] for p in dated) or 1.0
    y = lambda v: height - 24 - v / top * (height - 54)  # noqa: E731 - a one-line scale
    out = [
        f'<svg class="chart series" viewBox="0 0 {width} {height}" role="img" aria-label="figures over time">'
    ]
    for frac in (0, 0.5, 1):
        gy = y(top * frac)
        out.append(
            f'<line x1="56" x2="{width - 12}" y1="{gy:.1f}" y2="{gy:.1f}" class="grid"/>'
            f'<text x="52" y="{gy + 4:.1f}" text-anchor="end" class="tick">{_num(top * frac)}</text>'
        )
    for tx, label in _year_ticks(lo, hi, x):
        out.append(f'<text x="{tx:.1f}" y="{height - 6}" text-anchor="middle" class="tick">{label}</text>')
    path = " ".join(
        f"{'M' if i == 0 else 'L'}{x(d):.1f},{y(p['y']):.1f}"
        for i, (p, d) in enumerate(zip(dated, days, strict=True))
    )
    out.append(f'<path d="{path}" class="line"/>')
    for p, d in zip(dated, days, strict=True):
        title = f"{p['date']}: {_num(p['y'])} {unit or ''} — {p.get('item', '')}"
        href = escape(p["href"]) if p.get("href") else f"/articles/{int(p['article_id'])}"
        out.append(
            f'<a href="{href}"><circle cx="{x(d):.1f}" cy="{y(p["y"]):.1f}" '
            f'r="4.5" '
            f'class="dot"><title>{escape(title)}</title></circle></a>'
        )
    if unit:
        out.append(f'<text x="4" y="11" class="tick">{escape(unit)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def _num(v: float) -> str:
    if v >= 10_000:
        return f"{v:,.0f}"
    return f"{v:,.1f}".rstrip("0").rstrip(".") if v != int(v) else f"{int(v):,}"


def succession_svg(rows: list[dict[str, Any]], width: int = 720) -> Markup:
    """The holders of a post in order, one row each: the evidenced part of the tenure as a solid bar (first to
    last dated evidence), the inferred part (up to the next holder's first evidence) as a hatched one."""
    dated = [r for r in rows if _day(r.get("from")) and _day(r.get("evidenced_to"))]
    if not dated:
        return Markup("")
    lo = dt.date(min(_day(r["from"]) for r in dated).year, 1, 1)
    hi = dt.date(max(_day(r.get("to") or r["evidenced_to"]) for r in dated).year, 12, 31)
    x = _scale(lo, hi, 10, width - 10)
    row_h = 40
    height = 28 + row_h * len(dated)
    out = [
        f'<svg class="chart succession" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="holders of the post in order" preserveAspectRatio="xMinYMin meet">'
        '<defs><pattern id="inferred" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="3" height="6" class="hatch"/></pattern></defs>'
    ]
    for tx, label in _year_ticks(lo, hi, x):
        out.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="14" y2="{height}" class="grid"/>'
                   f'<text x="{tx + 2:.1f}" y="11" class="tick">{label}</text>')
    y = 18
    for r in dated:
        a, b = x(_day(r["from"])), x(_day(r["evidenced_to"]))
        label = f"{r['person']}{' (acting)' if r.get('acting') else ''}"
        evidence = r.get("evidence", r.get("evidence_count"))
        title = f"{label}: evidenced {r['from']} – {r['evidenced_to']} ({evidence} sentences of evidence)"
        href = f"/entities/{int(r['entity_id'])}" if r.get("entity_id") else None
        span = f"{r['from']} – {r.get('to') or r['evidenced_to']}"
        # Left of the page: the label starts at the bar; right of it, the label ends where the tenure ends.
        end = x(_day(r.get("to") or r["evidenced_to"]))
        place = f'x="{a:.1f}"' if a < width / 2 else f'x="{min(max(end, 0), width - 4):.1f}" text-anchor="end"'
        text = f'<text {place} y="{y + 10}" class="label">{escape(label)} · {escape(span)}</text>'
        out.append(f'<a href="{href}">{text}</a>' if href else text)
        out.append(f'<rect x="{a:.1f}" y="{y + 16}" width="{max(b - a, 4):.1f}" height="12" rx="2" '
                   f'class="bar{" acting" if r.get("acting") else ""}"><title>{escape(title)}</title></rect>')
        if r.get("inferred_to"):
            c = x(_day(r["inferred_to"]))
            note = (f"{label}: inferred {r['inferred_from']} – {r['inferred_to']} (no evidence; the next "
                    "holder's first evidence follows)")
            out.append(f'<rect x="{b:.1f}" y="{y + 16}" width="{max(c - b, 2):.1f}" height="12" fill="url(#inferred)" '
                       f'class="inferred"><title>{escape(note)}</title></rect>')
        y += row_h
    out.append("</svg>")
    return Markup("".join(out))


LINE_CLASSES = 8  # series colours c0..c7 in style.css (classes: the pages' policy forbids inline styles)


def lines_svg(lines: list[dict[str, Any]], unit: str | None, width: int = 640, height: int = 260) -> Markup:
    """Figures of one unit across years: one line per item (``label``, ``points`` [{year, y, href, title}]),
    every point labelled with its value and linked to the article that reports it. Nothing is added up: a year
    with two reports of an item has two points."""
    points = [p for ln in lines for p in ln["points"]]
    if not points:
        return Markup("")
    years = sorted({p["year"] for p in points})
    lo, hi = years[0], years[-1]
    top = max(p["y"] for p in points) or 1.0
    left, right, legend = 60, width - 48, 18 * len(lines)  # room on the right for the last point's label

    def x(year: int) -> float:
        return left + (year - lo) / max(hi - lo, 1) * (right - left) if hi > lo else (left + right) / 2

    def y(v: float) -> float:
        return height - legend - 26 - v / top * (height - legend - 60)

    out = [f'<svg class="chart series" viewBox="0 0 {width} {height}" role="img" aria-label="figures by year">']
    for frac in (0, 0.5, 1):
        gy = y(top * frac)
        out.append(f'<line x1="{left}" x2="{right}" y1="{gy:.1f}" y2="{gy:.1f}" class="grid"/>'
                   f'<text x="{left - 4}" y="{gy + 4:.1f}" text-anchor="end" class="tick">{_num(top * frac)}</text>')
    step = max(1, math.ceil(len(range(lo, hi + 1)) / 10))
    for yr in range(lo, hi + 1, step):
        out.append(f'<text x="{x(yr):.1f}" y="{height - legend - 8}" text-anchor="middle" class="tick">{yr}</text>')
    for i, ln in enumerate(lines):
        colour = f"c{i % LINE_CLASSES}"
        pts = sorted(ln["points"], key=lambda p: (p["year"], p["y"]))
        if len({p["year"] for p in pts}) > 1:
            by_year: dict[int, float] = {}
            for p in pts:  # the line goes through each year's largest report; the others are points of their own
                by_year[p["year"]] = max(by_year.get(p["year"], p["y"]), p["y"])
            path = " ".join(f"{'M' if j == 0 else 'L'}{x(yr):.1f},{y(v):.1f}"
                            for j, (yr, v) in enumerate(sorted(by_year.items())))
            out.append(f'<path d="{path}" class="line {colour}"/>')
        for p in pts:
            px, py = x(p["year"]), y(p["y"])
            out.append(f'<a href="{escape(p["href"])}"><circle cx="{px:.1f}" cy="{py:.1f}" r="4.5" '
                       f'class="dot {colour}"><title>{escape(p["title"])}</title></circle></a>'
                       f'<text x="{px + 6:.1f}" y="{py - 6:.1f}" class="value">{_num(p["y"])}</text>')
        ly = height - legend + 14 * i + 4
        out.append(f'<rect x="{left}" y="{ly}" width="10" height="10" class="key {colour}"/>'
                   f'<text x="{left + 14}" y="{ly + 9}" class="label">{escape(ln["label"])}</text>')
    if unit:
        out.append(f'<text x="4" y="11" class="tick">{escape(unit)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def bars_svg(bars: list[dict[str, Any]], unit: str | None, width: int = 640) -> Markup:
    """Figures of one unit in one year: a labelled bar per item (``label``, ``value``, ``href``, ``part``: a part
    of a total, drawn lighter under it). A series with one year is read as a list of amounts, not a dot."""
    if not bars:
        return Markup("")
    top = max(b["value"] for b in bars) or 1.0
    label_w, row_h = 230, 22
    height = 10 + row_h * len(bars)
    out = [f'<svg class="chart bars" viewBox="0 0 {width} {height}" role="img" aria-label="figures of one year">']
    for i, b in enumerate(bars):
        by = 6 + i * row_h
        w = max(2.0, b["value"] / top * (width - label_w - 90))
        label = ("↳ " if b.get("part") else "") + b["label"]
        label = label if len(label) <= 34 else label[:33] + "…"
        out.append(f'<text x="{label_w - 6}" y="{by + 13}" text-anchor="end" class="label">{escape(label)}</text>'
                   f'<a href="{escape(b["href"])}"><rect x="{label_w}" y="{by + 2}" width="{w:.1f}" height="14" '
                   f'class="bar{" part" if b.get("part") else ""}"><title>{escape(b["title"])}</title></rect></a>'
                   f'<text x="{label_w + w + 5:.1f}" y="{by + 13}" class="value">{_num(b["value"])} '
                   f'{escape(unit or "")}</text>')
    out.append("</svg>")
    return Markup("".join(out))
