"""resolve(): people, organisations and places across articles; incremental runs."""

from __future__ import annotations

import pytest

from communique.resolve.build import resolve


def _entity_of(store, mention_id: int) -> int:
    return store.db.value("SELECT entity_id FROM mentions WHERE id = ?", (mention_id,))


def entity(store, name: str) -> dict | None:
    found = store.read.entity_by_name(name)
    if found is not None:
        found["aliases"] = [a["alias"] for a in found["aliases"]]
    return found


def test_spelling_variants_are_one_person_and_namesakes_are_not(db, store) -> None:
    a = db.article("2018-03-01")
    m1 = db.mention(a, "person", "Yury Petrakov")
    m2 = db.mention(a, "person", "Sergey Lebedenko")
    b = db.article("2018-04-02")
    m3 = db.mention(b, "person", "Yuri Petrakov")
    m4 = db.mention(b, "person", "Y.Petrakov")
    m5 = db.mention(b, "person", "Sergei Lavrentev")
    m6 = db.mention(b, "person", "Petrakov")
    resolve(store.resolution)
    assert _entity_of(store, m1) == _entity_of(store, m3) == _entity_of(store, m4) == _entity_of(store, m6)
    assert _entity_of(store, m2) != _entity_of(store, m5)
    e = entity(store, "Yuri Petrakov")
    assert e["kind"] == "person" and e["mentions"] == 4
    assert {"Yury Petrakov", "Yuri Petrakov", "Y.Petrakov"} <= set(e["aliases"])
    assert (e["first_seen"], e["last_seen"]) == ("2018-03-01", "2018-04-02")


def test_variant_not_seen_verbatim_finds_the_entity(db, store) -> None:
    a = db.article("2020-01-01")
    db.mention(a, "person", "Sergei Shagin")
    resolve(store.resolution)
    assert entity(store, "Sergey Shagin")["name"] == "Sergei Shagin"
    assert entity(store, "Shagin")["name"] == "Sergei Shagin"
    assert entity(store, "Nobody Atall") is None


def test_incremental_run_joins_existing_entities_and_keeps_ids(db, store) -> None:
    a = db.article("2019-05-05")
    db.mention(a, "person", "Talatbek Usenov")
    db.mention(a, "org", "North Sea Treaty Security Organization")
    first = resolve(store.resolution)
    ids = {r[0]: r[1] for r in store.db.rows("SELECT key, id FROM entities")}
    assert first["entities_created"] == 2
    b = db.article("2019-06-06")
    m = db.mention(b, "person", "Taalatbek Usenov")
    db.mention(b, "person", "Marat Kenzhebaev")
    second = resolve(store.resolution)
    assert second["entities_created"] == 1 and second["people_linked"] == 2
    marks = ",".join("?" * len(ids))
    assert {r[0]: r[1] for r in store.db.rows(f"SELECT key, id FROM entities WHERE key IN ({marks})", list(ids))} == ids
    assert _entity_of(store, m) == ids["usenov|talatbek"]
    assert resolve(store.resolution)["entities_created"] == 0


def test_partial_name_seen_first_is_folded_into_the_full_name(db, store) -> None:
    a = db.article("2022-02-02")
    m1 = db.mention(a, "person", "Kenzhebaev")
    resolve(store.resolution)
    b = db.article("2022-03-03")
    m2 = db.mention(b, "person", "Marat Kenzhebaev")
    resolve(store.resolution)
    assert _entity_of(store, m1) == _entity_of(store, m2)
    assert store.db.value("SELECT COUNT(*) FROM entities WHERE kind = 'person'") == 1


def test_surname_prefers_the_person_named_in_full_in_the_same_text(db, store) -> None:
    a = db.article("2021-01-01")
    db.mention(a, "person", "Andrei Moroz")
    b = db.article("2021-02-02")
    db.mention(b, "person", "Anatoly Moroz")
    m = db.mention(b, "person", "Moroz")
    resolve(store.resolution)
    assert _entity_of(store, m) == store.read.find_entity("Anatoly Moroz")


def test_acronym_learned_from_text_and_full_name_are_one_org(db, store) -> None:
    sentence = "Delegates of the North Sea Treaty Security Organization (NSTSO) met on Monday."
    a = db.article("2020-01-01")
    m1 = db.mention(a, "org", "North Sea Treaty Security Organization", sentence)
    m2 = db.mention(a, "org", "NSTSO", sentence)
    b = db.article("2020-02-01", site="news.example")
    m3 = db.mention(b, "org", "NSTSO", "The NSTSO said so.")
    m4 = db.mention(b, "org", "North Sea Treaty Security Organisation")
    resolve(store.resolution)
    assert len({_entity_of(store, m) for m in (m1, m2, m3, m4)}) == 1
    assert entity(store, "NSTSO")["name"] == "North Sea Treaty Security Organization"


def test_stored_canonical_links_a_name_to_its_organisation(db, store) -> None:
    a = db.article("2020-01-01")
    m1 = db.mention(a, "org", "Finwatch", canonical="Federal Financial Watch Service")
    b = db.article("2020-01-02")
    m2 = db.mention(b, "org", "Federal Financial Watch Service")
    resolve(store.resolution)
    assert _entity_of(store, m1) == _entity_of(store, m2)


def test_the_organization_is_the_sites_owner(db, store) -> None:
    for day in ("2020-01-01", "2020-01-02"):
        a = db.article(day)
        db.mention(a, "org", "NSTSO", canonical="North Sea Treaty Security Organization")
    a = db.article("2020-01-03")
    db.mention(a, "org", "Red Cross")
    m = db.mention(a, "org", "the Organization")
    resolve(store.resolution)
    assert _entity_of(store, m) == store.read.find_entity("NSTSO")


def test_long_and_short_state_names_are_one_place(db, store) -> None:
    a = db.article("2020-01-01")
    m1 = db.mention(a, "place", "Republic of Belarus")
    m2 = db.mention(a, "place", "Belarus")
    m3 = db.mention(a, "place", "Kyrgyz Republic")
    m4 = db.mention(a, "place", "Kyrgyzstan")
    m5 = db.mention(a, "place", "Minsk")
    resolve(store.resolution)
    assert _entity_of(store, m1) == _entity_of(store, m2)
    assert _entity_of(store, m3) == _entity_of(store, m4)
    assert _entity_of(store, m5) != _entity_of(store, m2)


def test_teaser_mentions_date_the_entity_but_are_not_page_mentions(db, store) -> None:
    a = db.article("2024-05-01", teasers=["2024-04-20"])
    db.mention(a, "person", "Marat Kenzhebaev", teaser=0)
    db.mention(a, "person", "Nurlan Abenov")
    resolve(store.resolution)
    e = entity(store, "Marat Kenzhebaev")
    assert e["mentions"] == 0 and e["first_seen"] == "2024-04-20"


def test_resolve_inside_a_caller_transaction_uses_a_savepoint(db, store) -> None:
    a = db.article("2020-01-01")
    db.mention(a, "person", "Marat Kenzhebaev")
    with store.transaction():
        resolve(store.resolution)
        assert store.db.in_transaction  # the caller still owns its transaction
        assert entity(store, "Kenzhebaev") is not None
    assert not store.db.in_transaction
    assert entity(store, "Kenzhebaev") is not None  # committed with the caller's transaction
    with pytest.raises(RuntimeError), store.transaction():
        b = db.article("2020-02-01")
        db.mention(b, "person", "Nurlan Abenov")
        resolve(store.resolution)
        raise RuntimeError("the caller fails after resolving")
    assert entity(store, "Nurlan Abenov") is None  # rolled back with it


def test_another_romanisation_of_the_surname_with_the_same_first_name(db, store) -> None:
    a = db.article("2020-01-01")
    m1 = db.mention(a, "person", "Alexander Lukashevich")
    b = db.article("2020-02-01")
    m2 = db.mention(b, "person", "Alexander Lukashevych")
    m3 = db.mention(b, "person", "Pavel Lukashevych")
    resolve(store.resolution)
    assert _entity_of(store, m1) == _entity_of(store, m2) != _entity_of(store, m3)


def test_counts_follow_a_page_whose_facts_were_replaced(db, store) -> None:
    a = db.article("2020-01-01")
    db.mention(a, "person", "Marat Kenzhebaev")
    db.mention(a, "person", "Marat Kenzhebaev")
    db.event(a, "meeting", "2020-01-01", ["Marat Kenzhebaev"], "Bishkek")
    b = db.article("2020-02-01")
    db.mention(b, "person", "Marat Kenzhebaev")
    resolve(store.resolution)
    assert entity(store, "Kenzhebaev")["mentions"] == 3
    store.db.execute("DELETE FROM articles WHERE id = ?", (a,))  # facts go with it (ON DELETE CASCADE)
    resolve(store.resolution)
    e = entity(store, "Kenzhebaev")
    assert (e["mentions"], e["first_seen"]) == (1, "2020-02-01")
    assert store.db.value("SELECT COUNT(*) FROM kb_events") == 0
