"""Russian pages: people, organisations, places and posts from natasha, on sentences written for these tests."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pytest

from communique.document import Article, Page
from communique.extract import russian
from communique.extract.people import same_person
from communique.pipeline import Pipeline
from communique.resolve.people import skeleton

SHARED = Path(__file__).resolve().parents[3] / "shared"
STEPS = ["nlp", "gazetteer_entities", "ru_entities", "people_posts"]

needs_natasha = pytest.mark.skipif(not russian.available(), reason=f"natasha not installed ({russian.INSTALL_HINT})")


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(STEPS, {})


def _article(*paragraphs: str, title: str | None = None, lang: str | None = "ru") -> Article:
    page = Page(text="", source="test", lang=lang)
    return Article(page=page, title=title, published=dt.date(2025, 5, 28), body=list(paragraphs))


def _people(a: Article) -> set[str]:
    return {m.canonical for m in a.mentions if m.kind == "person"}


def _posts(a: Article) -> set[tuple[str, str, str | None]]:
    return {(p.person, p.role, p.org) for p in a.posts}


def _check_provenance(a: Article) -> None:
    for m in a.mentions + a.posts:
        text = (a.title if m.in_title else a.text) or ""
        surface = text[m.start : m.end]
        assert surface, m
        if getattr(m, "kind", "") and m.attrs.get("source") != "title":
            assert surface == m.text, m
        assert surface in m.sentence and m.sentence in text, m


def test_transliteration_writes_names_as_the_english_press_does() -> None:
    pytest.importorskip("transliterate")
    assert russian.to_latin("Юрий Хачатуров") == "Yuriy Khachaturov"
    assert russian.to_latin("Станислав Зась") == "Stanislav Zas"
    assert russian.to_latin("Сергей Шойгу") == "Sergey Shoygu"
    assert russian.to_latin("Imangali") == "Imangali"
    # the spellings the English site uses for the same people
    assert same_person(russian.to_latin("Юрий Хачатуров"), "Yury Khachaturov")
    assert same_person(russian.to_latin("Станислав Зась"), "Stanislav Zas")
    assert skeleton("Тасмагамбетов") == skeleton("Tasmagambetov")
    assert skeleton("Шойгу") == skeleton("Shoigu")


@needs_natasha
def test_people_get_nominative_latin_names_with_provenance(pipeline: Pipeline) -> None:
    a = pipeline(
        _article(
            "Состоялась встреча Генерального секретаря ОДКБ Имангали Тасмагамбетова с Министром обороны "
            "Республики Беларусь Виктором Хрениным.",
            "Имангали Тасмагамбетов поблагодарил белорусскую сторону. Хренин рассказал о подготовке учений.",
        )
    )
    assert _people(a) == {"Imangali Tasmagambetov", "Viktor Khrenin"}
    persons = [m for m in a.mentions if m.kind == "person"]
    assert {m.text for m in persons} >= {"Имангали Тасмагамбетова", "Виктором Хрениным", "Хренин"}
    short = next(m for m in persons if m.text == "Хренин")
    assert short.sentence == "Хренин рассказал о подготовке учений."
    assert short.canonical == "Viktor Khrenin"
    _check_provenance(a)


@needs_natasha
def test_posts_before_the_name_in_any_case(pipeline: Pipeline) -> None:
    a = pipeline(
        _article(
            "Министр обороны Республики Беларусь Виктор Хренин прибыл в Минск.",
            "Участников приветствовал Генеральный секретарь ОДКБ Имангали Тасмагамбетов.",
            "Доклад сделал начальник Объединенного штаба ОДКБ генерал-полковник Андрей Сердюков.",
            "Затем выступил Президент Кыргызской Республики Садыр Жапаров.",
        )
    )
    assert _posts(a) == {
        ("Viktor Khrenin", "Minister of Defence", "Belarus"),
        ("Imangali Tasmagambetov", "Secretary General", "Collective Security Treaty Organization"),
        ("Andrey Serdyukov", "Chief", "CSTO Joint Staff"),
        ("Sadyr Zhaparov", "President", "Kyrgyzstan"),
    }
    rank = next(p.rank for p in a.posts if p.person == "Andrey Serdyukov")
    assert rank == "Colonel-General"
    # the minister's title names the ministry too, as in English
    assert "Ministry of Defence of the Republic of Belarus" in {m.canonical for m in a.mentions if m.kind == "org"}
    _check_provenance(a)


@needs_natasha
def test_acting_deputy_and_the_organization(pipeline: Pipeline) -> None:
    a = pipeline(
        _article(
            "В Секретариате ОДКБ прошла встреча временно исполняющего обязанности заместителя Генерального "
            "секретаря Организации Самата Нуриева с послами государств."
        )
    )
    assert _posts(a) == {("Samat Nuriev", "Acting Deputy Secretary General", "Collective Security Treaty Organization")}
    assert all(p.acting for p in a.posts)


@needs_natasha
def test_no_post_without_a_title_right_before_the_name(pipeline: Pipeline) -> None:
    a = pipeline(_article("Министр обороны заявил, что Андрей Соколов прибудет в Ереван в понедельник."))
    assert "Andrey Sokolov" in _people(a)
    assert a.posts == []


@needs_natasha
def test_inflected_gazetteer_names_are_canonical(pipeline: Pipeline) -> None:
    a = pipeline(
        _article(
            "Заседание прошло в Секретариате ОДКБ в Москве при участии представителей Шанхайской организации "
            "сотрудничества и Республики Казахстан."
        )
    )
    orgs = {m.canonical for m in a.mentions if m.kind == "org"}
    places = {m.canonical for m in a.mentions if m.kind == "place"}
    assert {"CSTO Secretariat", "Shanghai Cooperation Organization"} <= orgs
    assert {"Moscow", "Kazakhstan"} <= places
    # one mention per span: the gazetteer's "ОДКБ" gave way to the longer "Секретариате ОДКБ"
    spans = sorted((m.start, m.end) for m in a.mentions)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False))
    _check_provenance(a)


@needs_natasha
def test_title_is_read_with_spans_into_the_title(pipeline: Pipeline) -> None:
    title = "Имангали Тасмагамбетов провел встречу с министром иностранных дел Таджикистана"
    a = pipeline(_article("Стороны обсудили вопросы сотрудничества. Тасмагамбетов отметил важность диалога.",
                          title=title))
    in_title = [m for m in a.mentions if m.in_title and m.kind == "person"]
    assert [m.text for m in in_title] == ["Имангали Тасмагамбетов"]
    assert in_title[0].sentence == title
    body = [m for m in a.mentions if not m.in_title and m.kind == "person"]
    assert [m.canonical for m in body] == ["Imangali Tasmagambetov"]
    _check_provenance(a)


@needs_natasha
def test_english_articles_are_untouched() -> None:
    paragraphs = (
        "On May 28, the CSTO Secretary General Imangali Tasmagambetov met the Minister of Defence of the "
        "Republic of Belarus Viktor Khrenin in Minsk.",
        "Khrenin thanked the Secretariat for its work.",
    )
    with_ru = Pipeline(STEPS, {})(_article(*paragraphs, title="A meeting in Minsk", lang=None))
    without = Pipeline(["nlp", "gazetteer_entities", "people_posts"], {})(
        _article(*paragraphs, title="A meeting in Minsk", lang=None)
    )
    assert with_ru.mentions == without.mentions and with_ru.posts == without.posts
    assert not any(m.attrs.get("source") == russian.SOURCE for m in with_ru.mentions)


def test_without_natasha_russian_pages_stay_as_they_are(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(russian, "available", lambda: False)
    monkeypatch.setattr(russian, "_warned", False)
    article = _article("Генеральный секретарь ОДКБ Имангали Тасмагамбетов прибыл в Москву.")
    step = Pipeline(["ru_entities"], {})
    with caplog.at_level(logging.WARNING, logger="communique.extract.russian"):
        step(article)
        step(article)
    assert article.mentions == [] and article.posts == []
    assert article.page.notes == [russian.MISSING_NOTE]
    assert "pip install natasha==1.6.0" in russian.MISSING_NOTE
    assert len([r for r in caplog.records if "natasha" in r.getMessage()]) == 1
    english = _article("The CSTO Secretary General arrived in Moscow.", lang="en")
    step(english)
    assert english.page.notes == []


@needs_natasha
@pytest.mark.skipif(not (SHARED / "corpus" / "csto_ru.jsonl").exists(), reason="../shared not present")
def test_real_russian_pages_get_people() -> None:
    from communique import config
    from communique.ingest.sources import read_sources
    from communique.process import process_page

    pipeline = Pipeline(config.PIPELINE, config.load())
    pages = [p for p in read_sources([SHARED / "corpus" / "csto_ru.jsonl"], None, None) if isinstance(p, Page)]
    assert pages
    with_people = 0
    for page in pages:
        a = process_page(page, None, pipeline)
        # the article's own people or its teasers' (a window of the site's teaser block has no article)
        people = [m for m in a.mentions if m.kind == "person"]
        with_people += bool(people)
        for m in people:
            assert m.canonical and m.canonical.isascii(), m
        _check_provenance(Article(page=page, title=a.title, body=a.body, mentions=[
            m for m in a.mentions if m.from_teaser is None], posts=[p for p in a.posts if p.from_teaser is None]))
    assert with_people >= 2


@needs_natasha
def test_resolution_links_russian_and_english_spellings(tmp_path: Path) -> None:
    from communique.job import ingest
    from communique.store import open_store

    pages = [
        {
            "id": "en-1",
            "url": "https://en.treaty.example/news/meeting-in-minsk",
            "lang": "en",
            "text": "Meeting in Minsk\n\nMeeting in Minsk 20.05.2025\n\nOn May 20, the CSTO Secretary General "
            "Imangali Tasmagambetov met with the leadership of the Republic of Belarus in Minsk.\n\n"
            "Tasmagambetov thanked the hosts.",
        },
        {
            "id": "ru-1",
            "url": "https://treaty.example/news/vstrecha-v-bishkeke",
            "lang": "ru",
            "text": "Встреча в Бишкеке\n\nВстреча в Бишкеке 28.05.2025\n\n28 мая в Бишкеке Генеральный секретарь "
            "ОДКБ Имангали Тасмагамбетов провел встречу с министром обороны Кыргызской Республики.\n\n"
            "Тасмагамбетов подчеркнул значение сотрудничества.",
        },
    ]
    src = tmp_path / "pages.jsonl"
    src.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pages), encoding="utf-8")
    db = tmp_path / "kb.db"
    ingest([src], db=db, workers=1, progress=False)
    with open_store(db) as store:
        found = store.read.entity_by_name("Tasmagambetov")
        assert found is not None and found["name"] == "Imangali Tasmagambetov"
        aliases = {a["alias"] for a in found["aliases"]}
        assert {"Имангали Тасмагамбетов", "Тасмагамбетов", "Imangali Tasmagambetov"} <= aliases
        persons = store.db.conn.execute(
            "SELECT COUNT(DISTINCT entity_id) FROM mentions WHERE kind = 'person' AND text LIKE '%агамбетов%'"
            " OR text LIKE '%agambetov%'"
        ).fetchone()[0]
        assert persons == 1


@needs_natasha
def test_rare_names_are_put_in_the_nominative_by_their_shared_case(pipeline: Pipeline) -> None:
    from natasha import MorphVocab

    morph = MorphVocab()
    assert russian.nominative_name(["Уларбеком", "Шаршеевым"], morph) == "Уларбек Шаршеев"
    assert russian.nominative_name(["Имангали", "Тасмагамбетова"], morph) == "Имангали Тасмагамбетов"
    assert russian.nominative_name(["Станиславом", "Зась"], morph) == "Станислав Зась"
    text = "Объединенного штаба ОДКБ"
    words = [("Объединенного", 0), ("штаба", 14), ("ОДКБ", 20)]
    assert russian.nominative_phrase(text, words, morph).replace("ё", "е") == "Объединенный штаб ОДКБ"
    a = pipeline(_article("В Ташкенте прошла встреча с Директором Исполнительного комитета РАТС ШОС "
                          "Уларбеком Шаршеевым."))
    assert _people(a) == {"Ularbek Sharsheev"}
    assert _posts(a) == {("Ularbek Sharsheev", "Director", "Исполнительный комитет РАТС ШОС")}
    assert "Исполнительный комитет РАТС ШОС" in {m.canonical for m in a.mentions if m.kind == "org"}
    _check_provenance(a)


@needs_natasha
def test_a_post_after_the_name_and_bodies_every_state_has(pipeline: Pipeline) -> None:
    a = pipeline(_article(
        "Имангали Тасмагамбетов, Генеральный секретарь ОДКБ, выступил на заседании.",
        "МИД Казахстана и СМИ сообщили о визите ВРИО министра.",
    ))
    assert _posts(a) == {("Imangali Tasmagambetov", "Secretary General", "Collective Security Treaty Organization")}
    orgs = {m.canonical for m in a.mentions if m.kind == "org"}
    assert "Ministry of Foreign Affairs of the Republic of Kazakhstan" in orgs
    assert not {m.text for m in a.mentions if m.kind == "org"} & {"СМИ", "ВРИО"}  # common nouns' abbreviations
    b = pipeline(_article("МИД сообщил о переговорах."))
    assert not [m for m in b.mentions if m.kind == "org"]  # whose ministry is not said


@needs_natasha
def test_a_bodys_bare_russian_name_is_the_body_of_the_pages_organisation(pipeline: Pipeline) -> None:
    a = pipeline(
        _article(
            "Делегация ОДКБ прибыла в Минск.",
            "Военнослужащие Объединенного штаба провели совещание с начальником Объединенного штаба генералом "
            "Иваном Петровым.",
        )
    )
    orgs = {m.canonical for m in a.mentions if m.kind == "org"}
    assert "CSTO Joint Staff" in orgs and not any("штаб" in o for o in orgs)


@needs_natasha
def test_a_title_inside_a_complement_is_not_the_names_post(pipeline: Pipeline) -> None:
    a = pipeline(
        _article(
            "В заседании принял участие директор Агентства по контролю за наркотиками при Президенте Республики "
            "Таджикистан Бахтиёр Рахимов, а также с Министром обороны Кыргызской Республики Иваном Петровым."
        )
    )
    posts = _posts(a)
    assert not {p for p in posts if p[1] == "President"}
    assert any(p[1] == "Minister of Defence" and p[2] == "Kyrgyzstan" for p in posts)


@needs_natasha
def test_a_long_russian_name_keeps_its_complements_and_its_short_form_is_the_same_body(pipeline: Pipeline) -> None:
    a = pipeline(
        _article(
            "В Минске состоялось заседание Координационного совета руководителей компетентных органов по "
            "противодействию незаконной миграции государств – членов ОДКБ.",
            "Председатель Координационного совета Иван Петров отметил высокую эффективность работы.",
        )
    )
    orgs = {m.canonical for m in a.mentions if m.kind == "org"}
    full = (
        "Координационный совет руководителей компетентных органов по противодействию незаконной миграции "
        "государств – членов ОДКБ"
    )
    assert full in orgs and "Координационный совет" not in orgs
    assert "Collective Security Treaty Organization" in orgs
