"""Figures tables: reported numbers grouped by event and operation series, units normalised.

A series is the stem of an operation's or exercise's name: "Channel-Perekhvat", "Channel - Center"
and "Channel" are one series, "Interaction-2023" is the series "Interaction". Masses are shown in
kilograms (t and g converted) so that a series can be summed and compared year by year; the item
text is kept as reported. The same figure reported twice (the article and a teaser of it, a
duplicate page, another outlet about the same event) is one row that counts its sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rapidfuzz import fuzz

from communique.resolve.people import fold

_TO_KG = {"kg": 1.0, "t": 1000.0, "g": 0.001, "mg": 0.000001}
_QUOTED_NAME = re.compile(
    r"(?:operation|exercise|exercises|operations|training)s?\s+[«“\"„]([^»”\"“]{2,60})[»”\"“]", re.I
)
_YEAR_TAIL = re.compile(r"[\s\-–—]*(?:19|20)\d\d$")
_DASH = re.compile(r"\s*[\-–—]\s*")


def series_of(name: str | None) -> str | None:
    """The operation series a name belongs to: the part before the first dash, without a year."""
    if not name:
        return None
    n = name.strip(" \"'«»“”„")
    n = _YEAR_TAIL.sub("", n).strip()
    head = _DASH.split(n, maxsplit=1)[0].strip()
    return head or None


def normalise(value: float, unit: str | None) -> tuple[float, str | None]:
    """Masses in kilograms; other units as they are."""
    if unit and unit.lower() in _TO_KG:
        return round(value * _TO_KG[unit.lower()], 6), "kg"
    return value, unit


def table(
    named_events: Iterable[tuple], figure_rows: Iterable[tuple], series: str | None = None, item: str | None = None
) -> list[dict[str, Any]]:
    """The figures table from the store's rows (ReadModel.figures gives them):

    ``named_events``: (article id, teaser position or -1, kb event, name, date) of every named event mention
    (the kb event's name and date when merged); ``figure_rows``: (article id, value, unit, item, sentence,
    teaser position, kb event, event name, event date, published, teaser date) of every figure, the article's
    own first."""
    named: dict[tuple[int, int], list[tuple[int | None, str, str | None]]] = {}
    for art, teaser, kid, name, date in named_events:
        named.setdefault((art, teaser), []).append((kid, name, date))
    # Stems of dashed names ("Channel" of "Channel-Perekhvat") also gather names that start with them
    # and are spelled otherwise ("Channel Interception", a translation).
    stems = {series_of(n) for found in named.values() for _, n, _ in found if _DASH.search(n.strip())}
    stems.discard(None)

    def series_for(name: str | None) -> str | None:
        ser = series_of(name)
        if ser and ser not in stems:
            first = ser.split()[0]
            if first in stems:
                return first
        return ser

    out: dict[tuple, dict[str, Any]] = {}
    by_value: dict[tuple, list[dict[str, Any]]] = {}
    for (
        art,
        value,
        unit,
        fitem,
        sentence,
        teaser,
        ev_kid,
        ev_name,
        ev_date,
        published,
        teaser_date,
    ) in figure_rows:
        name, kid, date = ev_name, ev_kid, ev_date
        if name is None:
            # A figure not tied to an event by its sentence belongs to the one named operation of its text.
            candidates = named.get((art, -1 if teaser is None else teaser), [])
            if len({series_of(n) for _, n, _ in candidates}) == 1:
                kid, name, date = candidates[0]
        if name is None:
            m = _QUOTED_NAME.search(sentence or "")
            name = m.group(1) if m else None
        ser = series_for(name)
        date = date or teaser_date or published
        value_n, unit_n = normalise(value, unit)
        if series and not (ser and fold(series) in fold(ser)) and not (name and fold(series) in fold(name)):
            continue
        if item and fold(item) not in fold(fitem or ""):
            continue
        year = int(date[:4]) if date else None
        key = (kid if kid is not None else (ser, year), fold(fitem or ""), round(value_n, 3), unit_n)
        if key in out:
            out[key]["sources"] += 1
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
            continue
        out[key] = {
            "year": year,
            "date": date[:10] if date else None,
            "series": ser,
            "event": name,
            "kb_event_id": kid,
            "item": fitem,
            "value": value_n,
            "unit": unit_n,
            "reported_value": value,
            "reported_unit": unit,
            "article_id": art,
            "sentence": sentence,
            "from_teaser": teaser,
            "sources": 1,
        }
        same.append(out[key])
    return sorted(
        out.values(),
        key=lambda r: (r["year"] or 0, r["series"] or "", r["date"] or "", r["event"] or "", r["item"] or ""),
    )
