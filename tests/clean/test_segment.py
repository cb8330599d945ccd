"""Segmentation of single pages: title, date, body, signature, captions, teasers, chrome."""

from __future__ import annotations

import datetime as dt

from nlwc_pages import LEAD, MORE, TITLE, article_page, make_page

from communique.clean.segment import clean_batch, segment
from communique.document import Page


def test_single_page_structural_cues_without_a_model():
    art = segment(make_page(article_page("fish"), "fish"))
    assert art.title == TITLE["fish"]
    assert art.published == dt.date(2025, 2, 3)
    assert art.published_from == "dateline"
    assert art.body == [LEAD["fish"], *MORE["fish"]]
    # the other articles' leads are teasers of this page, not its body
    assert [t.text for t in art.teasers] == [LEAD["ice"], LEAD["dam"]]
    assert ("Go back", "footer") in art.dropped


def test_signature_and_contacts_are_out_of_the_body():
    art = segment(make_page(article_page("ice"), "ice"))
    assert art.signature[0] == "The NLWC Press Secretary Anna Korhola"
    assert any("555 01 23" in s for s in art.signature)
    assert any("press@nlwc.example" in s for s in art.signature)
    assert not any("Korhola" in p or "555" in p for p in art.body)


def test_dated_teasers_keep_their_dates_and_never_give_the_publication_date():
    text = (
        "24.04.2025\n\nOn 24 April 2025, the NLWC Board approved the budget for the flood season.\n\n\n"
        "22.04.2025\n\nOn 22 April 2025, the Secretariat held a seminar on wetland restoration for "
        "young hydrologists.\n\n\n"
        "Hydrologists of the member basins met in Lakeport\n\n"
        "02.06.2019\n\n\n"
        "On June 1, the hydrologists of the member basins met in Lakeport to compare their "
        "spring flood forecasts.\n"
    )
    art = segment(make_page(text, "hydro"))
    assert art.title == "Hydrologists of the member basins met in Lakeport"
    assert art.published == dt.date(2019, 6, 2)
    assert [t.date for t in art.teasers] == [dt.date(2025, 4, 24), dt.date(2025, 4, 22)]
    assert art.body == ["On June 1, the hydrologists of the member basins met in Lakeport to compare "
                        "their spring flood forecasts."]


def test_captions_and_image_file_names_are_kept_apart():
    text = (
        "Lake wardens completed the spring patrol\n\n\n"
        "The lake wardens of the five member basins completed the spring patrol on Monday.\n\n"
        "Wardens at the Lakeport pier 12.05.2025.jpg\n\n"
        "Photo: NLWC press service\n\n"
        "The wardens checked 118 buoys and replaced 9 of them before the shipping season.\n\n"
        "Go back\n"
    )
    art = segment(make_page(text, "wardens"))
    assert art.title == "Lake wardens completed the spring patrol"
    assert "Wardens at the Lakeport pier 12.05.2025.jpg" in art.captions
    assert "Photo: NLWC press service" in art.captions
    assert len(art.body) == 2 and not any(".jpg" in p for p in art.body)


def test_this_year_in_the_lead_is_resolved_with_a_year_from_the_page():
    text = (
        "The NLWC Council met in Lakeport\n\n\n"
        "On March 6 this year, the NLWC Council met in Lakeport to adopt the plan for 2025.\n\n"
        "The members approved the plan unanimously.\n"
    )
    art = segment(make_page(text, "council"))
    assert art.published == dt.date(2025, 3, 6)
    assert art.published_from == "lead"


def test_no_date_is_invented_for_a_page_without_one():
    text = "The NLWC Council met in Lakeport\n\n\nThe NLWC Council met to discuss the flood plan.\n"
    assert segment(make_page(text, "nodate")).published is None


def test_russian_navigation_and_dateline():
    text = (
        "Совет по водным ресурсам провёл заседание\n\n"
        "Совет по водным ресурсам провёл заседание 14.01.2025\n\n"
        "14 января 2025 года в Лейкпорте состоялось заседание Совета по водным ресурсам.\n\n"
        "Участники обсудили план мероприятий на весенний паводок.\n\n"
        "Назад\n\nВернуться в раздел\n"
    )
    art = segment(make_page(text, "ru"))
    assert art.title == "Совет по водным ресурсам провёл заседание"
    assert art.published == dt.date(2025, 1, 14)
    assert len(art.body) == 2
    assert all(not p.startswith(("Назад", "Вернуться")) for p in art.body)


def test_excerpt_cut_at_both_ends():
    full = article_page("dam")
    start = full.index(LEAD["fish"]) + 20  # starts inside a teaser
    excerpt = full[start: full.index(MORE["dam"][1]) + 30]  # stops inside the body
    art = segment(make_page(excerpt, "dam-excerpt"))
    assert art.title == TITLE["dam"]
    assert art.published == dt.date(2025, 3, 13)
    assert art.body[0] == LEAD["dam"]
    assert art.body[-1] == MORE["dam"][1][:30]


def test_third_party_shape_byline_published_and_comment_policy():
    text = (
        "Lake council to double its ice patrols\n\n"
        "Published July 7, 2015\n\n"
        "By Jane Doe\n\n"
        "LAKEPORT: The Northern Lakes Water Council will double its winter ice patrols, its director said "
        "on Tuesday.\n\n"
        "The decision follows two accidents on the lakes last winter.\n\n"
        "Discussion PolicyComments are welcomed and encouraged. Comments that include profanity will not "
        "be permitted.\n"
    )
    art = segment(make_page(text, "press", site="news.example"))
    assert art.title == "Lake council to double its ice patrols"
    assert art.published == dt.date(2015, 7, 7)
    assert [p[:10] for p in art.body] == ["LAKEPORT: ", "The decisi"]


def test_date_stamp_before_the_lead_and_a_photo_caption_with_credit():
    text = (
        " date 2017-01-04 LAKEPORT (NLWC)—The council elected a new chair on Sunday, the press service "
        "reported.\n"
        "Ice anglers on the lake. —AFP/File\n"
        "The new chair takes office on February 1.\n"
        "© 2017 Lakeport News. All rights reserved.\n"
    )
    art = segment(make_page(text, "stamp", site="news.example"))
    assert art.published == dt.date(2017, 1, 4)
    assert art.body[0].startswith("LAKEPORT (NLWC)")
    assert art.captions == ["Ice anglers on the lake. —AFP/File"]
    assert len(art.body) == 2


def test_listing_page_has_no_article():
    pages = [make_page(article_page(k), k) for k in ("ice", "fish")]
    listing = Page(text="\n".join(f"{TITLE[k]}\n{LEAD[k]}" for k in ("ice", "fish", "dam")),
                   source="test:list", url="https://en.nlwc.example/news/", site="en.nlwc.example")
    arts = clean_batch([*pages, listing])
    assert arts[2].title is None and arts[2].body == []
    assert len(arts[2].teasers) == 3
    assert arts[0].title == TITLE["ice"]


def test_front_page_of_a_single_page_site_is_a_listing():
    page = Page(text=f"{TITLE['ice']}\n{LEAD['ice']}\n", source="t", url="https://nlwc.example/",
                site="nlwc.example")
    assert segment(page).body == []


def test_one_date_over_the_text_is_the_articles_own_date_not_a_teaser():
    text = ("19 October 2011\n"
            "A new agreement on shared fishing quotas was signed yesterday by the five member basins of the "
            "council in Lakeport, the Lakeport Herald reported.\n"
            "The agreement takes effect in January if every member ratifies it.\n")
    art = segment(make_page(text, "quota", site="herald.example"))
    assert art.published == dt.date(2011, 10, 19)
    assert len(art.body) == 2 and not art.teasers


def test_excerpt_of_dated_teasers_without_title_has_no_body_from_them():
    text = ("12.02.2026\n\nOn 12 February, the NLWC Board met in Lakeport to approve the flood budget.\n\n"
            "11.02.2026\nOn 11 February 2026, the Secretariat hosted a delegation of the Delta Water "
            "Authority.\n\nThe delegation visited the monitoring centre of the Secretariat.\n\n\n"
            "Today, at the Old Mill test site, the annual flood drill of the member basins was launched.\n")
    art = segment(make_page(text, "drill"))
    assert art.published is None  # the teasers' dates are not this page's date
    assert [t.date for t in art.teasers] == [dt.date(2026, 2, 12), dt.date(2026, 2, 11)]
    assert art.teasers[1].text.endswith("monitoring centre of the Secretariat.")
    assert art.body == ["Today, at the Old Mill test site, the annual flood drill of the member basins was "
                        "launched."]


def test_excerpt_that_stops_after_the_title_and_part_of_its_date():
    text = ("24.04.2025\n\nOn 24 April 2025, the NLWC Board approved the budget for the flood season.\n\n\n"
            "Lake wardens met the fisheries inspectors\n\n14.01.20")
    art = segment(make_page(text, "cut"))
    assert art.title == "Lake wardens met the fisheries inspectors"
    assert art.body == [] and len(art.teasers) == 1


def test_glued_file_name_and_labelled_stamp_are_split_off():
    text = (" date 2018-04-06 Lakeport hosts the spring meeting of lake wardens\n\n"
            "IMG-20180405-WA0012.jpgThe spring meeting of the lake wardens of the member basins opened in "
            "Lakeport on Thursday.\n\nThe wardens will review the winter patrol season.\n")
    art = segment(make_page(text, "stamp2", site="news.example"))
    assert art.title == "Lakeport hosts the spring meeting of lake wardens"
    assert art.published == dt.date(2018, 4, 6)
    assert art.captions == ["IMG-20180405-WA0012.jpg"]
    assert art.body[0].startswith("The spring meeting")


def test_listing_recognised_from_its_structure_alone():
    heads = ["Lake wardens completed the spring patrol", "Board elects a new treasurer",
             "Ferry safety checks begin on all lakes", "Wetland survey completed in the north"]
    lead = "The story of how this happened is told in full on its own page today."
    text = "\n".join(f"{h}\n{lead}" for h in heads)
    page = Page(text=text, source="t", url="https://nlwc.example/news/section/", site="nlwc.example")
    art = segment(page)
    assert art.title is None and art.body == [] and len(art.teasers) >= 4


def test_html_metadata_title_beats_a_menu_line_that_looks_like_a_headline():
    text = ("Northern Lakes Water Council news service\n"
            "Wardens finish the spring patrol\n"
            "The lake wardens of the five member basins completed the spring patrol on Monday after three "
            "weeks on the water.\n")
    page = make_page(text, "html", site="nlwc.example")
    assert segment(page).title == "Northern Lakes Water Council news service"  # text alone misleads
    page.meta = {"title": "Wardens finish the spring patrol", "date": "2025-05-12"}
    art = segment(page)
    assert art.title == "Wardens finish the spring patrol"
    assert (art.published, art.published_from) == (dt.date(2025, 5, 12), "meta")
    assert art.body == ["The lake wardens of the five member basins completed the spring patrol on Monday "
                        "after three weeks on the water."]
