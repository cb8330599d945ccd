"""The page shapes of issue 11 that cleaning got wrong on sites nobody tuned it to, each on small
pages written for these tests (imaginary sites and news of the Lake Wardens' Council)."""

from __future__ import annotations

import datetime as dt

from communique.clean.datelines import agency_dateline, nearest_yearless, url_year
from communique.clean.segment import segment
from communique.document import Page


def _page(text: str, url: str, **meta: str) -> Page:
    site = url.split("/")[2]
    return Page(text=text, source=f"test:{url}", url=url, site=site, external_id=url, meta=dict(meta))


# -- (f) agency datelines without a year ---------------------------------------------------------

def test_agency_datelines_are_read_at_the_head_of_a_lead():
    assert agency_dateline("LAKEPORT, March 3. /LW/. The wardens met.") == ("LAKEPORT, March 3", None)
    assert agency_dateline("NORTHBAY, MAY 24, LAKEPRESS. The session began.") == ("NORTHBAY, MAY 24", None)
    assert agency_dateline("EASTPORT, 15 June (LakeNews) – The council met.") == ("EASTPORT, 15 June", None)
    assert agency_dateline("LAKEPORT. Nov 27 (Wirewater) - The council met.") == ("LAKEPORT. Nov 27", None)
    assert agency_dateline("Westport, North Basin, June 8. The council met.")[0] == "Westport, North Basin, June 8"
    assert agency_dateline("Eastport, May 22, 2019. /LW/. The council met.")[1] == dt.date(2019, 5, 22)
    # a sentence that starts with a date, or names a date later on, is no dateline
    assert agency_dateline("On March 26, the council met in Lakeport.") is None
    assert agency_dateline("The meeting will be held on August 19 in Lakeport.") is None
    assert agency_dateline("Warden General Osric Pelham said on May 3 that the ice is thin.") is None


def test_a_year_in_the_url_is_the_sites_stamp_but_not_a_year_in_the_slugs_words():
    assert url_year("https://lakewire.example/2018/11/wardens-meet-in-lakeport") == 2018
    assert url_year("https://lakenews.example/politics/view/wardens-meet-in-lakeport-137083-2021") == 2021
    assert url_year("https://lakenews.example/news/20190429/533861.html") == 2019
    assert url_year("https://lakenews.example/news/ice-drill-2021/") is None
    assert url_year("https://lakenews.example/news/533861") is None


def test_a_yearless_day_goes_to_the_year_nearest_the_stamp():
    assert nearest_yearless("LAKEPORT, December 31", dt.date(2020, 1, 2)) == dt.date(2019, 12, 31)
    assert nearest_yearless("LAKEPORT, March 3", dt.date(2021, 3, 4)) == dt.date(2021, 3, 3)
    assert nearest_yearless("LAKEPORT, March 3", dt.date(2021, 9, 4)) is None  # too far to be the same news


def _agency_page(url: str, lead: str, more: str = "The wardens agreed to meet again in the autumn.") -> Page:
    text = ("Wardens agree on a joint ice patrol\n\n"
            "The patrol will start when the ice is thick enough to carry a snowmobile\n\n"
            f"{lead}\n\n{more}\n")
    return _page(text, url)


def test_an_agency_dateline_takes_its_year_from_the_url():
    page = _agency_page("https://lakenews.example/politics/view/wardens-agree-on-ice-patrol-154899-2022",
                        "LAKEPORT, 23 November (LakeNews) – The wardens of the five basins agreed on a joint "
                        "ice patrol for the coming winter.")
    art = segment(page)
    assert art.published == dt.date(2022, 11, 23)
    assert art.published_from == "dateline"


def test_an_agency_dateline_takes_its_year_from_the_text_when_the_url_gives_none():
    page = _agency_page("https://wirewater.example/news/554213",
                        "LAKEPORT, March 3. /WW/. The wardens of the five basins agreed on a joint ice patrol "
                        "for the winter of 2024, the council said.",
                        "In 2024 the patrol will cover 42 lakes.")
    assert segment(page).published == dt.date(2024, 3, 3)


def test_an_agency_dateline_with_its_year_is_the_date():
    page = _agency_page("https://wirewater.example/news/554214",
                        "Eastport, May 22, 2019. /WW/. The wardens of the five basins agreed on a joint ice "
                        "patrol for the coming winter.")
    assert segment(page).published == dt.date(2019, 5, 22)


def test_an_agency_dateline_near_the_pages_stamp_takes_the_stamps_year():
    page = _agency_page("https://wirewater.example/news/2020/01/02/ice-patrol",
                        "LAKEPORT, December 31. /WW/. The wardens of the five basins agreed on a joint ice "
                        "patrol, the first since 2012.")
    assert segment(page).published == dt.date(2019, 12, 31)


# -- (c) titles only where a headline can be ---------------------------------------------------------

_BODY = ["The wardens of the five basins agreed on Friday to patrol the ice of Lake Vell together this winter.",
         "The patrol will start in December, when the ice is thick enough to carry a snowmobile and its crew.",
         "Each basin will send two crews, and the council will pay for the fuel of all of them."]


def test_a_subheading_below_the_opening_paragraphs_is_not_the_title():
    # an excerpt that opens in the body: the first line without a full stop is a subheading
    text = "\n\n".join([*_BODY, "Crews to train in Lakeport first",
                        "Before the season, the crews will train for a week at the Lakeport rescue centre.",
                        "The training ends with an exercise on the frozen harbour."]) + "\n"
    art = segment(_page(text, "https://lakewire.example/wardens-agree-to-patrol-lake-vell-ice-together/"))
    assert art.title is None
    assert art.body[:3] == _BODY  # nothing above the subheading is taken for teasers
    assert "Before the season, the crews will train for a week at the Lakeport rescue centre." in art.body


def test_a_banner_over_the_headline_gives_way_to_the_headline_the_url_names():
    text = ("North Basin District Council\n\nMain / News\n\n11 January 2025\n\n"
            "Wardens agree to patrol Lake Vell ice together\n\n" + "\n\n".join(_BODY) + "\n")
    art = segment(_page(text, "https://north-basin.example/news/view/wardens-agree-to-patrol-lake-vell-ice-together-15423"))
    assert art.title == "Wardens agree to patrol Lake Vell ice together"
    assert art.body == _BODY


def test_the_headline_the_url_names_is_the_title_when_no_cue_found_one():
    text = ("Wardens agree to patrol Lake Vell ice together\n\n15:5323/11/2024, Thursday\nLW\n"
            "File Photo\nFile Photo\n\n" + "\n\n".join(_BODY) + "\n")
    art = segment(_page(text, "https://lakewire.example/en/news/wardens-agree-to-patrol-lake-vell-ice-together-3673912"))
    assert art.title == "Wardens agree to patrol Lake Vell ice together"
    assert art.published == dt.date(2024, 11, 23)  # the time glued to the date is no part of it
    assert art.body[-3:] == _BODY


def test_a_url_in_another_language_leaves_the_title_to_the_page():
    # a transliterated slug says nothing about the English headline
    text = "Wardens agree on a joint patrol\n\n" + "\n\n".join(_BODY) + "\n"
    art = segment(_page(text, "https://lakewire.example/news/storozha-dogovorilis-o-sovmestnom-patrule-ozera/"))
    assert art.title == "Wardens agree on a joint patrol"


# -- (e) page furniture --------------------------------------------------------------------------

def test_print_stamps_engine_lines_photo_credits_and_a_second_translation_are_not_body():
    text = ("Wardens agree to patrol Lake Vell ice together Credit: lakewire.example\n\n"
            "Стражи договорились патрулировать лёд озера Велл\n\n"
            f"{_BODY[0]}\n\nWarden General Osric Pelham, Photo LW\n\n{_BODY[1]}\n\n(Photo: Lake Wardens' Council)\n\n"
            f"{_BODY[2]}\n\nՀետևեք մեզ նաև Telegram-ում\n\nPrinted from: lakewire.example\n\n"
            "Powered by Lakepress 4.2\n")
    art = segment(_page(text, "https://lakewire.example/news/554215"))
    assert art.title == "Wardens agree to patrol Lake Vell ice together"
    assert art.body == _BODY
    assert "Warden General Osric Pelham, Photo LW" in art.captions
    assert ("Стражи договорились патрулировать лёд озера Велл", "other language") in art.dropped


def test_reading_widgets_lone_link_words_calls_to_action_and_home_crumbs_are_not_body():
    text = ("Wardens agree to patrol Lake Vell ice together\n\nHome page politics\n\n+ ↺ − 16 px\n\n"
            f"{_BODY[0]}\n\n{_BODY[1]}\n\n{_BODY[2]}\n\n"
            "Click here to receive the most important news of the day by email. Subscribe here.\n\nread\n")
    art = segment(_page(text, "https://lakewire.example/news/554215"))
    assert art.body == _BODY


def test_a_date_line_with_a_widget_glued_to_it_still_dates_the_page():
    text = f" date 2024-11-28 + ↺ − 16 px\n\n{_BODY[0]}\n\n{_BODY[1]}\n"
    assert segment(_page(text, "https://lakewire.example/news/554215")).published == dt.date(2024, 11, 28)


def test_a_headline_mentioning_photos_is_no_caption():
    from communique.clean import cues

    assert not cues.is_caption("Wardens meet the photo journalists of the five basins")
    assert cues.is_caption("File Photo")
    assert cues.is_caption("Photo credit: Lakewire")


# -- (b) an excerpt cut inside the title's copy or its dateline ------------------------------------

_TEASERS = ["On 3 May 2026, the Guild Council approved the new tariff for night pilotage in Eastport.",
            "On 28 April 2026, a new radar station opened at the entrance of Westport harbour.",
            "On 20 April 2026, forty pilots of the member ports passed the spring examination."]
_TITLE = "The wardens of the five basins agreed on a joint ice patrol"


def _cut_page(ending: str, dated: bool = False) -> Page:
    if dated:
        block = "\n\n\n".join(f"0{k + 1}.05.2026\n\n{t}" for k, t in enumerate(_TEASERS))
    else:
        block = "\n\n\n".join(_TEASERS)
    return _page(f"{block}\n\n{ending}", "https://wardens.example/news/news_council/ice-patrol/")


def test_a_title_copy_cut_inside_its_date_leaves_no_body():
    for ending in (f"{_TITLE}\n\n{_TITLE} 20.0", f"{_TITLE}\n\n{_TITLE} 2", f"{_TITLE}\n\n{_TITLE[:20]}"):
        art = segment(_cut_page(ending))
        assert art.title == _TITLE, ending
        assert art.body == [], ending
        assert [t.text for t in art.teasers] == _TEASERS, ending


def test_a_title_copy_cut_below_dated_teasers_leaves_no_body():
    art = segment(_cut_page(f"{_TITLE}\n\n{_TITLE[:25]}", dated=True))
    assert art.title == _TITLE
    assert art.body == []
    assert [t.date for t in art.teasers] == [dt.date(2026, 5, 1), dt.date(2026, 5, 2), dt.date(2026, 5, 3)]


def test_a_two_sentence_title_over_a_cut_dateline_leaves_no_body():
    title = "The wardens summed up the ice patrol in Lakeport. More than 40 holes in the ice were marked."
    art = segment(_cut_page(f"{title}\n\n01.03."))
    assert art.title == title
    assert art.body == []
    assert [t.text for t in art.teasers] == _TEASERS


# -- (a) section list pages ----------------------------------------------------------------------

_ITEMS = [("Wardens agree to patrol Lake Vell ice together", "02.12.2025",
           "The wardens of the five basins agreed to patrol the ice of Lake Vell together this winter."),
          ("A new radar station opened in Westport", "28.11.2025",
           "A new radar station opened at the entrance of Westport harbour on Friday."),
          ("Forty pilots passed the autumn examination", "21.11.2025",
           "Forty pilots of the member ports passed the autumn examination in Eastport."),
          ("The Guild Council approved the night tariff", "14.11.2025",
           "The Guild Council approved the new tariff for night pilotage in Eastport.")]


def test_a_later_page_of_a_section_list_is_a_list_of_teasers_by_its_url():
    text = "\n".join(f"{head}\n{lead}" for head, _, lead in _ITEMS) + "\n\nGo back\n\n1 2 3 4 5\n"
    art = segment(_page(text, "https://wardens.example/news/news_council/?PAGEN_1=2"))
    assert art.kind == "list"
    assert (art.title, art.body, art.published) == (None, [], None)
    assert [(t.title, t.text) for t in art.teasers] == [(head, lead) for head, _, lead in _ITEMS]


def test_a_list_that_dates_its_items_is_a_list_by_its_structure():
    text = "News\n\n" + "\n\n".join(f"{head}\n\n{date}\n\n{lead}" for head, date, lead in _ITEMS) + "\n"
    art = segment(_page(text, "https://wardens.example/news/"))
    assert art.kind == "list"
    assert (art.title, art.body) == (None, [])
    assert [(t.title, t.date) for t in art.teasers] == [
        (head, dt.datetime.strptime(date, "%d.%m.%Y").date()) for head, date, _ in _ITEMS]


def test_list_items_take_their_links_from_the_pages_html():
    html = "<html><body>" + "".join(
        f'<div><a href="/news/item-{k}/">{head}</a><p>{lead}</p></div>' for k, (head, _, lead) in enumerate(_ITEMS)
    ) + "</body></html>"
    page = _page("\n".join(f"{head}\n{lead}" for head, _, lead in _ITEMS) + "\n",
                 "https://wardens.example/news/?page=3")
    page.html = html
    art = segment(page)
    assert [t.url for t in art.teasers] == [f"https://wardens.example/news/item-{k}/" for k in range(len(_ITEMS))]


def test_an_article_with_its_dateline_is_no_list():
    head, date, lead = _ITEMS[0]
    text = f"{head}\n\n{date}\n\n{lead}\n\n" + "\n\n".join(_BODY) + "\n"
    art = segment(_page(text, "https://wardens.example/news/wardens-agree-to-patrol-lake-vell-ice-together/"))
    assert art.kind == "article"
    assert art.title == head and art.body == [lead, *_BODY]
    # nor is an article whose URL carries a list's page number along
    art = segment(_page(f"{head}\n\n{head} {date}\n\n{lead}\n\n" + "\n\n".join(_BODY) + "\n",
                        "https://wardens.example/news/news_council/?PAGEN_1=2"))
    assert art.kind == "article" and art.title == head


# -- (d) a second copy of the article with teasers between ------------------------------------------

def test_an_excerpt_showing_the_lead_over_the_teaser_block_then_the_article_keeps_one_copy():
    lead = "On 3-5 June, Lakeport hosted the second staff talks on the joint ice rescue training of the basins."
    more = "The talks were attended by the rescue services of all five member basins."
    text = "\n".join([lead, *_TEASERS, lead, more]) + "\n"
    art = segment(_page(text, "https://wardens.example/news/news_council/staff-talks-in-lakeport/"))
    assert art.body == [lead, more]
    assert [t.text for t in art.teasers] == _TEASERS
    assert (lead, "second copy") in art.dropped


def test_an_article_printed_again_below_its_related_news_keeps_one_copy():
    text = ("Wardens agree on a joint patrol\n\n" + "\n\n".join(_BODY) + "\n\n" + "\n\n".join(_TEASERS[:2])
            + "\n\n" + "\n\n".join(_BODY) + "\n")
    art = segment(_page(text, "https://wardens.example/news/554216"))
    assert art.title == "Wardens agree on a joint patrol"
    assert art.body == _BODY
    assert [t.text for t in art.teasers] == _TEASERS[:2]


def test_a_standfirst_printed_again_in_the_text_is_left_alone():
    standfirst = "The wardens will patrol the ice of Lake Vell together from December, the council said."
    text = f"Wardens agree on a joint patrol\n\n{standfirst}\n\n" + "\n\n".join([_BODY[0], standfirst, *_BODY[1:]])
    art = segment(_page(text + "\n", "https://wardens.example/news/554217"))
    assert art.body == [standfirst, _BODY[0], standfirst, *_BODY[1:]]


def test_headlines_and_nothing_else_below_the_text_are_the_sites_other_news():
    news = ["Ferry timetable changes on the northern lakes from Monday",
            "How the fishermen of Eastport are adapting to the warm winters?",
            "The new bridge over the Vell river opens to traffic next spring",
            "Lakeport students win the regional rowing championship again"]
    text = "Wardens agree on a joint patrol\n\n" + "\n\n".join(_BODY) + "\n\n\n\n" + "\n".join(news) + "\n"
    art = segment(_page(text, "https://wardens.example/news/554218"))
    assert art.body == _BODY
    # the short signature lines that close a document stay
    signed = "\n\n".join(_BODY) + "\n\n\nFor the North Basin\n\nFor the South Basin\n\nFor the East Basin\n"
    art = segment(_page("Agreement on a joint patrol\n\n" + signed, "https://wardens.example/docs/554219"))
    assert art.body[-1] == "For the East Basin"


# -- shapes found by measuring on pages kept apart (dev2), written here with pages of our own ----------

def test_a_caption_printed_with_and_without_its_credit_is_no_body_and_the_dateline_below_it_counts():
    text = ("All news\n\nLakeport to chair the Wardens' Council in 2027\n\n"
            "The city vowed to pay special attention to the winter patrols of the five basins\n"
            "Warden General Osric Pelham and Mayor Ilse Varn Jan Doe/LW\n"
            "Warden General Osric Pelham and Mayor Ilse Varn\n© Jan Doe/LW\n\n"
            "LAKEPORT, January 1. /LW/. In 2027, Eastport is passing the chair of the council to Lakeport.\n\n"
            + "\n\n".join(_BODY) + "\n")
    art = segment(_page(text, "https://lakewire.example/world/1557649"))
    assert art.captions[:2] == ["Warden General Osric Pelham and Mayor Ilse Varn Jan Doe/LW",
                                "Warden General Osric Pelham and Mayor Ilse Varn"]
    assert not any("Ilse Varn" in p for p in art.body)
    assert art.published == dt.date(2027, 1, 1)


def test_no_title_below_the_paragraph_that_opens_the_text_with_its_dateline():
    text = ("LAKEPORT. LAKEWIRE On February 25, the Warden General received the mayors of the five basins.\n\n"
            "As the council's press service informs, they discussed the winter patrols of the basins.\n\n"
            "The Warden General informed the mayors of the course of the works on the new radar station\n\n"
            + "\n\n".join(_BODY) + "\n")
    art = segment(_page(text, "https://lakewire.example/amp/warden-general-mayors-met-in-lakeport_a2874874/"))
    assert art.title is None
    assert art.body[0].startswith("LAKEPORT. LAKEWIRE On February 25")
    assert len(art.body) == 6


def test_paragraphs_that_each_open_with_their_date_and_no_title_are_a_feed_of_teasers():
    leads = ["28 May 2026, in Lakeport, the Warden General received the members of the Council of Mayors.",
             "28 May 2026, in Lakeport, the Council of Mayors held its regular spring session.",
             "27 May 2026, the Secretariat hosted a working meeting with the harbour masters.",
             "27 May 2026, the Secretariat hosted a working meeting of the Deputy Warden Gen"]
    art = segment(_page("\n".join(leads) + "\n", "https://wardens.example/news/news_council/spring-session/"))
    assert (art.title, art.body) == (None, [])
    assert [t.date for t in art.teasers] == [dt.date(2026, 5, 28)] * 2 + [dt.date(2026, 5, 27)] * 2


def test_a_site_name_over_two_lines_is_no_title_above_a_long_headline():
    title = ("A meeting of the heads of the ice rescue services of the basins (31 May - 1 June 2026, "
             "Eastport)")
    text = (f"The Commonwealth of Lakes\nIce Rescue Centre\n\n{title}\n\nThe agenda included:\n\n"
            + "\n\n".join(_BODY) + "\n")
    art = segment(_page(text, "https://ice-rescue.example/139/1298/8895"))
    assert art.title == title
    assert art.body == ["The agenda included:", *_BODY]


def test_site_labels_imprints_language_rows_and_relative_stamps_are_furniture():
    text = ("Document from the Lake Law database © 2003-2024 Lakelaw LLC\n\n"
            "You're reading: Wardens agree on a joint patrol\n\n• de-DE1 en-GB1 fr-FR1\n\nToday, 17:13 66\n\n"
            + "\n\n".join(_BODY) + "\n")
    art = segment(_page(text, "https://lakelaw.example/document.fwx?rgn=32982"))
    assert art.title == "Wardens agree on a joint patrol"
    assert art.body == _BODY


def test_russian_agency_datelines_are_read_too():
    assert agency_dateline("МОСКВА, 3 марта. /ЛВ/. Стражи пяти бассейнов договорились.") == ("МОСКВА, 3 марта.", None)
    assert agency_dateline("Лейкпорт. 27 ноября. LAKEWIRE - Стражи договорились.")[0] == "Лейкпорт. 27 ноября."
    page = _page("Стражи договорились о совместном патрулировании\n\n"
                 "МОСКВА, 3 марта. /ЛВ/. Стражи пяти бассейнов договорились о совместном патрулировании "
                 "льда озера в 2025 году.\n\nПатруль начнётся в декабре.\n", "https://wirewater.example/news/554299")
    assert segment(page).published == dt.date(2025, 3, 3)


def test_a_short_article_over_its_dated_related_news_is_no_list():
    head, date, lead = _ITEMS[0]
    related = "\n\n".join(f"{h}\n\n{d}\n\n{x}" for h, d, x in _ITEMS[1:])
    art = segment(_page(f"{head}\n\n{date}\n\n{lead}\n\nRelated news\n\n{related}\n",
                        "https://wardens.example/news/wardens-agree-to-patrol-lake-vell-ice-together/"))
    assert art.kind == "article" and art.title == head and art.body == [lead]
