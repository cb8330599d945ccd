"""Figures tables: operation series, units in kg, duplicates counted once."""

from __future__ import annotations

import pytest

from communique.resolve.build import resolve
from communique.resolve.figures import normalise, series_of


@pytest.mark.parametrize(
    "name, series",
    [
        ("Channel-Watch", "Channel"),
        ("Channel – Centre", "Channel"),
        ("Channel", "Channel"),
        ("Joint Shield-2023", "Joint Shield"),
        ("\u201cChannel-South\u201d", "Channel"),
    ],
)
def test_series_of(name: str, series: str) -> None:
    assert series_of(name) == series


def test_units_normalised_to_kg() -> None:
    assert normalise(2.5, "t") == (2500.0, "kg")
    assert normalise(300, "g") == (0.3, "kg")
    assert normalise(10, "RUB") == (10, "RUB")
    assert normalise(48, None) == (48, None)


def test_figures_table_by_series_and_year(db, store) -> None:
    a = db.article("2022-10-01")
    op1 = db.event(a, "operation", "2022-09-20", [], None, name="Channel-Watch")
    db.figure(a, 1.2, "t", "drugs seized", op1)
    db.figure(a, 41, None, "firearms seized")  # same text, one named operation: belongs to it
    b = db.article("2023-10-01", teasers=["2022-10-01"])
    op2 = db.event(b, "operation", "2023-09-11", [], None, name="Channel-South")
    db.figure(b, 897, "kg", "drugs seized", op2)
    # The 2022 figure again, in a teaser of the 2022 article: one row, two sources.
    op1_teaser = db.event(b, "operation", "2022-09-20", [], None, name="Channel-Watch", teaser=0)
    db.figure(b, 1200, "kg", "drugs seized", op1_teaser, teaser=0)
    c = db.article("2023-05-05")
    op3 = db.event(c, "exercise", "2023-05-01", [], None, name="Joint Shield-2023")
    db.figure(c, 5, None, "aircraft", op3)
    resolve(store.resolution)
    rows = store.read.figures(series="Channel")
    assert [(r["year"], r["event"], r["item"], r["value"], r["unit"]) for r in rows] == [
        (2022, "Channel-Watch", "drugs seized", 1200.0, "kg"),
        (2022, "Channel-Watch", "firearms seized", 41, None),
        (2023, "Channel-South", "drugs seized", 897, "kg"),
    ]
    assert rows[0]["sources"] == 2 and rows[0]["from_teaser"] is None
    assert [r["value"] for r in store.read.figures(item="firearms")] == [41]
    assert {r["series"] for r in store.read.figures()} == {"Channel", "Joint Shield"}


def test_a_name_starting_with_a_series_stem_joins_the_series_and_repeats_count_once(db, store) -> None:
    a = db.article("2023-10-01")
    op = db.event(a, "operation", "2023-09-11", [], None, name="Channel-Watch")
    db.figure(a, 61.5, "kg", "mephedrone", op)
    b = db.article("2023-10-02", site="press.example")
    op2 = db.event(b, "operation", "2023-09-11", [], None, name="Channel Vigil")  # a translated name
    db.figure(b, 61.5, "kg", "of mephedrone", op2)
    db.figure(b, 12, None, "laboratories", op2)
    resolve(store.resolution)
    rows = store.read.figures(series="Channel")
    assert {r["series"] for r in rows} == {"Channel"}
    assert [(r["item"], r["sources"]) for r in rows] == [("laboratories", 1), ("mephedrone", 2)]
