"""Person-name rules: transliteration skeletons, initials, patronymics, namesakes."""

from __future__ import annotations

import pytest

from communique.resolve.people import parse, same_person, skeleton


@pytest.mark.parametrize(
    "a, b",
    [
        ("Yury", "Yuri"),
        ("Sergey", "Sergei"),
        ("Andrei", "Andrey"),
        ("Nikolai", "Nikolay"),
        ("Zas", "Zass"),
        ("Taalatbek", "Talatbek"),
        ("Valeriy", "Valery"),
        ("Ordabaev", "Ordabayev"),
        ("Yevgeny", "Evgeny"),
        ("Mikhail", "Mihail"),
    ],
)
def test_transliteration_variants_share_a_skeleton(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


def test_parse_strips_ranks_patronymics_and_reads_initials() -> None:
    n = parse("Colonel-General Pavel Ivanovich Dorokhin")
    assert (n.first, n.surname, n.middle) == ("Pavel", "Dorokhin", ())
    n = parse("K.L.Abenov")
    assert n.surname == "Abenov" and n.is_initial and n.first == "K"
    n = parse("Abenov")
    assert n.first is None and n.surname == "Abenov"


@pytest.mark.parametrize(
    "a, b",
    [
        ("Yury Petrakov", "Yuri Petrakov"),
        ("I.Tasbulatov", "Imangali Tasbulatov"),
        ("Stanislav Volkovs", "Stanislav Volkovss"),
        ("Aleksandr Moroz", "Alexander Moroz"),
        ("Taalatbek Usenov", "Talatbek Usenov"),
        ("Sadyr Zhaparbekov", "Sadyr Japarbekov"),
        ("Alexander Lukashevich", "Alexander Lukashevych"),  # another romanisation of the surname
    ],
)
def test_same_person(a: str, b: str) -> None:
    assert same_person(parse(a), parse(b))


@pytest.mark.parametrize(
    "a, b",
    [
        ("Sergey Lebedenko", "Sergei Lavrentev"),  # same first name, other surname
        ("Andrei Moroz", "Anatoly Moroz"),  # same surname, another first name
        ("I.Tasbulatov", "Nurlan Tasbulatov"),  # initial that does not fit
    ],
)
def test_different_people(a: str, b: str) -> None:
    assert not same_person(parse(a), parse(b))
