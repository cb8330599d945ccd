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


def _set(store, figure_id: int, series: str | None = None, part_of: int | None = None) -> None:
    """What extraction stores with a figure (Figure.series, Figure.part_of as the total's row id)."""
    store.db.execute("UPDATE figures SET series = ?, part_of = ? WHERE id = ?", (series, part_of, figure_id))


@pytest.fixture
def years(db, store):
    """A series reported in 2007 and 2023, a page of 2019 whose teaser announces the 2023 operation, and an
    exercise whose name carries a year other than its page's."""
    old = db.article("2007-09-04")
    _set(store, db.figure(old, 116.5, "kg", "heroin", sentence="116.5 kg of heroin were seized."), "Harbour 2007")
    _set(store, db.figure(old, 19, None, "persons", sentence="19 persons were arrested."), "Harbour 2007")
    new = db.article("2023-09-20")
    op = db.event(new, "operation", "2023-09-11", [], None, name="Harbour-Watch")
    total = db.figure(new, 897, "kg", "narcotic drugs", op, sentence="897 kg of narcotic drugs, including 2.5 kg "
                      "of heroin, were seized.")
    part = db.figure(new, 2.5, "kg", "heroin", op, sentence="897 kg of narcotic drugs, including 2.5 kg of heroin, "
                     "were seized.")
    persons = db.figure(new, 399, None, "persons", op, sentence="399 persons were detained.")
    _set(store, total, "Harbour-Watch 2023")
    _set(store, part, "Harbour-Watch 2023", part_of=total)
    _set(store, persons, "Harbour-Watch 2023")
    # 2019: its own figure names no series; its teaser announces the 2023 operation.
    other = db.article("2019-05-05", teasers=["2023-09-20"])
    db.event(other, "operation", "2023-09-11", [], None, name="Harbour-Watch", teaser=0)
    db.figure(other, 12, None, "border posts", sentence="12 border posts were opened.")
    ex = db.article("2023-01-15")
    db.figure(ex, 2000, None, "troops", sentence="2000 troops took part in Shield-2022.")
    _set(store, db.figure(ex, 3000, None, "troops", sentence="3000 troops took part."), "Shield-2022")
    agreement = db.article("2021-02-02")
    deal = db.event(agreement, "agreement", "2021-02-01", [], None, name="Harbour Treaty")
    db.figure(agreement, 5, None, "signatories", deal, sentence="The Harbour Treaty has 5 signatories.")
    resolve(store.resolution)
    return store


def test_a_series_across_years_from_the_stored_series(years) -> None:
    rows = years.read.figures(series="Harbour")
    assert {r["year"] for r in rows} == {2007, 2023}
    assert {r["series_name"] for r in rows} == {"Harbour 2007", "Harbour-Watch 2023"}
    assert {r["series"] for r in rows} == {"Harbour"}
    assert all(r["sentence"] and r["article_id"] for r in rows)
    # The 2019 page's own figure is in no series: the operation its teaser announces is another page's.
    assert next(r for r in years.read.figures() if r["item"] == "border posts")["series"] is None
    # An agreement's name is no series.
    assert next(r for r in years.read.figures(item="signatories"))["series"] is None


def test_the_year_is_the_series_own(years) -> None:
    [troops] = years.read.figures(series="Shield")
    assert troops["year"] == 2022 and troops["value"] == 3000 and troops["series_name"] == "Shield-2022"


def test_parts_keep_their_total_and_the_pivot_adds_nothing(years) -> None:
    rows = years.read.figures(series="Harbour")
    heroin_2023 = next(r for r in rows if r["item"] == "heroin" and r["year"] == 2023)
    drugs = next(r for r in rows if r["item"] == "narcotic drugs")
    assert heroin_2023["part_of"] == drugs["figure_id"] and heroin_2023["part_of_item"] == "narcotic drugs"
    table = years.read.figures_pivot(series="Harbour")
    assert table["years"] == [2007, 2023]
    lines = {(ln["item"], ln["unit"]): ln for ln in table["lines"]}
    assert [c["value"] for c in lines[("persons", None)]["years"][2007]] == [19]
    assert [c["value"] for c in lines[("persons", None)]["years"][2023]] == [399]
    # heroin: 116.5 kg in 2007 (a total of its own) and 2.5 kg in 2023 (part of the narcotic drugs): one line
    # across the years, values as reported, the 2023 one still under its total in the rows
    heroin = lines[("heroin", "kg")]
    assert {y: [c["value"] for c in cells] for y, cells in heroin["years"].items()} == {2007: [116.5], 2023: [2.5]}
    assert all(set(c) >= {"value", "article_id", "sentence"} for ln in table["lines"] for cells in
               ln["years"].values() for c in cells)
    assert heroin["part_of"] is None  # in 2007 it was no part of anything


def test_the_pivot_lists_each_part_under_its_total() -> None:
    from communique.resolve.figures import pivot

    def row(fid, item, value, unit="kg", part_of=None, part_of_item=None, year=2023):
        return {"figure_id": fid, "item": item, "value": value, "unit": unit, "year": year, "series": "Harbour",
                "series_name": f"Harbour {year}", "part_of": part_of, "part_of_item": part_of_item,
                "article_id": 1, "sentence": "s"}

    rows = [row(1, "narcotic drugs", 897), row(2, "hashish", 301, part_of=1, part_of_item="narcotic drugs"),
            row(3, "Narcotic drugs", 500, year=2022), row(4, "precursors", 34, part_of=1,
                                                          part_of_item="narcotic drugs"),
            row(5, "persons", 399, unit=None), row(6, "persons", 20, unit=None, year=2022)]
    lines = pivot(rows)["lines"]
    assert [(ln["item"], ln["part_of"]) for ln in lines] == [
        ("persons", None), ("narcotic drugs", None), ("hashish", "narcotic drugs"),
        ("precursors", "narcotic drugs")]
    drugs = lines[1]
    assert {y: [c["value"] for c in v] for y, v in drugs["years"].items()} == {2022: [500], 2023: [897]}


def test_the_writer_stores_series_and_the_total_of_a_part(tmp_path) -> None:
    import datetime as dt

    from communique.document import Article, Figure, Page
    from communique.store import open_store

    sentence = "399 persons were detained, among them 44 wanted persons."
    total = Figure(start=0, end=3, sentence=sentence, value=399, item="persons", text="399")
    part = Figure(start=27, end=29, sentence=sentence, value=44, item="wanted persons", text="44")
    total.series = part.series = "Harbour-Watch 2023"  # what extraction sets (Figure.series, Figure.part_of)
    part.part_of = 0
    page = Page(text=sentence, source="p.txt", url="https://news.example/1", site="news.example")
    article = Article(page=page, title="Results", published=dt.date(2023, 9, 20), body=[sentence],
                      figures=[total, part])
    with open_store(tmp_path / "w.db") as store:
        with store.transaction():
            store.save_article(article)
        stored = [tuple(r) for r in store.db.rows("SELECT id, series, part_of FROM figures ORDER BY id")]
    (total_id, series, none), (_, part_series, part_of) = stored
    assert series == part_series == "Harbour-Watch 2023" and none is None and part_of == total_id
