"""Figures tables: reported numbers by operation or exercise series across years, units normalised.

A figure's series is what extraction read (``Figure.series``, stored in ``figures.series``): the operation or
exercise named in its sentence or its article's own text, with its year or stage ("Channel 2007",
"Channel-Perekhvat 2023", "Interaction-2023"), never one a teaser of another article names. Figures stored
before extraction read series fall back to the event their sentence reports, then to the one named operation of
their own text. The series' *stem* groups the years: "Channel-Perekhvat 2023", "Channel Interception 2023" and
"Channel 2007" are the series "Channel"; "Interaction-2023" is "Interaction". A figure's year is the year its
series name carries, else its event's, else its text's date.

Masses are shown in kilograms (t and g converted) so that years compare; the item text is kept as reported. The
same figure reported twice (the article and a teaser of it, a duplicate page, another outlet about the same
event) is one row that counts its sources. A part of a total ("399 persons detained, among them 44 wanted
persons") keeps ``part_of`` (the total's figure id): parts and totals are never added together, and nothing here
adds figures at all.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from rapidfuzz import fuzz

from communique.resolve.people import fold

_TO_KG = {"kg": 1.0, "t": 1000.0, "g": 0.001, "mg": 0.000001}
SERIES_TYPES = ("operation", "exercise")  # the kinds of event whose names are series
_QUOTED_NAME = re.compile(
    r"(?:operation|exercise|exercises|operations|training)s?\s+[«“\"„]([^»”\"“]{2,60})[»”\"“]", re.I
)
_YEAR_TAIL = re.compile(r"[\s\-–—]*(?:19|20)\d\d$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_DASH = re.compile(r"\s*[\-–—]\s*")


def series_of(name: str | None) -> str | None:
    """The operation series a name belongs to: the part before the first dash, without a year."""
    if not name:
        return None
    n = name.strip(" \"'«»“”„")
    n = _YEAR_TAIL.sub("", n).strip()
    head = _DASH.split(n, maxsplit=1)[0].strip()
    return head or None


def dashed_name(name: str) -> bool:
    """A name with a stage after a dash ("Channel-Perekhvat 2023"): its stem gathers names starting with it."""
    return bool(_DASH.search(_YEAR_TAIL.sub("", name.strip()).strip()))


def year_of(name: str | None) -> int | None:
    """The year a series name carries ("Channel 2007", "Interaction-2023"), if any."""
    found = _YEAR.findall(name or "")
    return int(found[-1]) if found else None


def normalise(value: float, unit: str | None) -> tuple[float, str | None]:
    """Masses in kilograms; other units as they are."""
    if unit and unit.lower() in _TO_KG:
        return round(value * _TO_KG[unit.lower()], 6), "kg"
    return value, unit


def table(
    named_events: Iterable[tuple], figure_rows: Iterable[tuple], series: str | None = None, item: str | None = None
) -> list[dict[str, Any]]:
    """The figures table from the store's rows (ReadModel.figures gives them):

    ``named_events``: (article id, teaser position or -1, kb event, name, date, type) of every named event
    mention (the kb event's name and date when merged); ``figure_rows``: (figure id, article id, value, unit,
    item, sentence, teaser position, kb event, event name, event date, published, teaser date, series as
    extracted, the total's figure id, event type) of every figure, the article's own first. Without a series
    as extracted, a figure takes the name of its own event when that is an operation or exercise, else of the
    one operation or exercise its own text names, else a quoted name after "operation" in its sentence."""
    figure_rows = list(figure_rows)
    named: dict[tuple[int, int], list[tuple[int | None, str, str | None]]] = {}
    for art, teaser, kid, name, date, kind in named_events:
        if kind in SERIES_TYPES:
            named.setdefault((art, teaser), []).append((kid, name, date))
    # Stems of dashed names ("Channel" of "Channel-Perekhvat") also gather names that start with them
    # and are spelled otherwise ("Channel Interception", a translation).
    names = [n for found in named.values() for _, n, _ in found] + [r[12] for r in figure_rows if r[12]]
    stems = {series_of(n) for n in names if dashed_name(n)}
    stems.discard(None)

    def stem_of(name: str | None) -> str | None:
        ser = series_of(name)
        if ser and ser not in stems:
            first = ser.split()[0]
            if first in stems:
                return first
        return ser

    out: dict[tuple, dict[str, Any]] = {}
    by_value: dict[tuple, list[dict[str, Any]]] = {}
    kept_as: dict[int, int] = {}  # figure id -> the figure id of the row that reports it
    for (fid, art, value, unit, fitem, sentence, teaser, ev_kid, ev_name, ev_date, published, teaser_date,
         stored, part_of, ev_type) in figure_rows:
        name, kid, date = ev_name, ev_kid, ev_date
        if stored:
            name = stored
        elif ev_type not in SERIES_TYPES:
            name, kid, date = None, None, None  # an agreement or a meeting names no series
        if name is None and not stored:
            # A figure not tied to an event by its sentence belongs to the one named operation of its own text.
            candidates = named.get((art, -1 if teaser is None else teaser), [])
            if len({series_of(n) for _, n, _ in candidates}) == 1:
                kid, name, date = candidates[0]
        if name is None:
            m = _QUOTED_NAME.search(sentence or "")
            name = m.group(1) if m else None
        ser = stem_of(name)
        date = date or teaser_date or published
        year = year_of(name) if name and year_of(name) else (int(date[:4]) if date else None)
        value_n, unit_n = normalise(value, unit)
        if series and not (ser and fold(series) in fold(ser)) and not (name and fold(series) in fold(name)):
            continue
        if item and fold(item) not in fold(fitem or ""):
            continue
        key = (kid if kid is not None and not stored else (ser, year, fold(name or "")), fold(fitem or ""),
               round(value_n, 3), unit_n)
        if key in out:
            out[key]["sources"] += 1
            kept_as[fid] = out[key]["figure_id"]
            continue
        # The same amount of much the same thing in the same series and year: another report of it.
        same = by_value.setdefault((ser, year, round(value_n, 3), unit_n), []) if ser else []
        twin = next(
            (
                r
                for r in same
                if fuzz.token_set_ratio(fold(r["item"] or ""), fold(fitem or "")) >= 60
                or not r["item"]
                or not fitem
            ),
            None,
        )
        if twin is not None:
            twin["sources"] += 1
            kept_as[fid] = twin["figure_id"]
            continue
        out[key] = {
            "year": year,
            "date": date[:10] if date else None,
            "series": ser,
            "series_name": _with_year(name, year) if ser else None,
            "event": ev_name if ev_name else (name if not stored else None),
            "kb_event_id": kid,
            "item": fitem,
            "value": value_n,
            "unit": unit_n,
            "reported_value": value,
            "reported_unit": unit,
            "article_id": art,
            "sentence": sentence,
            "from_teaser": teaser,
            "figure_id": fid,
            "part_of": part_of,
            "sources": 1,
        }
        kept_as[fid] = fid
        same.append(out[key])
    rows = list(out.values())
    items = {r["figure_id"]: r for r in rows}
    for r in rows:
        total = kept_as.get(r["part_of"], r["part_of"]) if r["part_of"] is not None else None
        r["part_of"] = total if total in items else None
        r["part_of_item"] = items[total]["item"] if r["part_of"] is not None else None
    return sorted(
        rows,
        key=lambda r: (r["year"] or 0, r["series"] or "", r["date"] or "", r["event"] or "", r["item"] or ""),
    )


def _with_year(name: str | None, year: int | None) -> str | None:
    """The series name with its year ("Channel-Perekhvat 2023"); a name that carries a year keeps its own."""
    if not name:
        return None
    name = name.strip(" \"'«»“”„")
    return name if year_of(name) or year is None else f"{name} {year}"


def item_key(item: str | None) -> str:
    """Items compared across reports: case, accents, articles and a plural -s set aside ("of mephedrone",
    "Rounds of ammunition" ~ "rounds of ammunition")."""
    words = [w for w in re.findall(r"[\w’'-]+", fold(item or "")) if w not in {"of", "the", "a", "an"}]
    if words and words[0] in {"more", "about", "over", "nearly", "some"}:
        words = words[1:]
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def pivot(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures as a table item × year: one line per item and unit (items compared by item_key), a cell per
    year holding every value reported for it that year (several reports of one year are listed, never added).
    A line whose figures are all parts of one total says so (``part_of``)."""
    years = sorted({r["year"] for r in rows if r["year"] is not None})
    lines: dict[tuple[str, str | None], dict[str, Any]] = {}
    for r in rows:
        if r["year"] is None:
            continue
        key = (item_key(r["item"]), r["unit"])
        line = lines.setdefault(key, {"spellings": Counter(), "unit": r["unit"], "cells": {}, "totals": Counter(),
                                      "series": Counter()})
        line["spellings"][r["item"] or ""] += 1
        line["series"][r["series"] or ""] += 1
        line["cells"].setdefault(r["year"], []).append(r)
        line["totals"][r.get("part_of_item") or ""] += 1
    out = []
    for (_, unit), line in lines.items():
        totals = line["totals"]
        part_of = next(iter(totals)) if len(totals) == 1 and next(iter(totals)) else None
        out.append({
            "item": line["spellings"].most_common(1)[0][0],
            "unit": unit,
            "series": line["series"].most_common(1)[0][0] or None,
            "part_of": part_of,
            "years": {y: [{"value": r["value"], "article_id": r["article_id"], "sentence": r["sentence"],
                           "series_name": r["series_name"]} for r in cells]
                      for y, cells in sorted(line["cells"].items())},
        })
    out.sort(key=lambda ln: (-len(ln["years"]), ln["unit"] or "", ln["item"].lower()))
    # Each part right under its total ("narcotic drugs", then "of which mephedrone").
    parts: dict[str, list[dict[str, Any]]] = {}
    for ln in out:
        if ln["part_of"]:
            parts.setdefault(item_key(ln["part_of"]), []).append(ln)
    ordered, placed = [], set()
    for ln in out:
        if ln["part_of"] and item_key(ln["part_of"]) in {item_key(o["item"]) for o in out if not o["part_of"]}:
            continue
        ordered.append(ln)
        placed.add(id(ln))
        for part in parts.get(item_key(ln["item"]), []) if not ln["part_of"] else []:
            if id(part) not in placed:
                ordered.append(part)
                placed.add(id(part))
    return {"years": years, "lines": ordered}
