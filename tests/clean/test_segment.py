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
        "Published May 4, 2016\n\n"
        "By Jane Doe\n\n"
        "LAKEPORT: The Northern Lakes Water Council will double its winter ice patrols, its director said "
        "on Tuesday.\n\n"
        "The decision follows two accidents on the lakes last winter.\n\n"
        "Discussion Policy: we are glad to read your comments; abusive ones are removed by the "
        "editors.\n"
    )
    art = segment(make_page(text, "press", site="news.example"))
    assert art.title == "Lake council to double its ice patrols"
    assert art.published == dt.date(2016, 5, 4)
    assert [p[:10] for p in art.body] == ["LAKEPORT: ", "The decisi"]


def test_date_stamp_before_the_lead_and_a_photo_caption_with_credit():
    text = (
        " date 2019-05-14 LAKEPORT (NLWC)—The council elected a new chair on Sunday, the press service "
        "reported.\n"
        "Ice anglers on the lake. —LW/File\n"
        "The new chair takes office on February 1.\n"
        "© 2017 Lakeport News. All rights reserved.\n"
    )
    art = segment(make_page(text, "stamp", site="news.example"))
    assert art.published == dt.date(2019, 5, 14)
    assert art.body[0].startswith("LAKEPORT (NLWC)")
    assert art.captions == ["Ice anglers on the lake. —LW/File"]
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
    text = ("21 November 2013\n"
            "A new agreement on shared fishing quotas was signed yesterday by the five member basins of the "
            "council in Lakeport, the Lakeport Herald reported.\n"
            "The agreement takes effect in January if every member ratifies it.\n")
    art = segment(make_page(text, "quota", site="herald.example"))
    assert art.published == dt.date(2013, 11, 21)
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
    assert art.title is None and art.body == []
    assert [t.title for t in art.teasers] == heads  # each lead keeps its headline
    assert all(t.text == lead for t in art.teasers)


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


def test_a_compact_date_in_the_url_is_the_publication_date_and_beats_the_lead():
    text = ("Lakeport hosts the basin wardens\n\n"
            "On 20 January 2025, the wardens of the five member basins met in Lakeport to agree on "
            "the spring patrol routes.\n\n"
            "They also discussed the new buoy registry.\n")
    page = Page(text=text, source="t", url="https://lakewire.example/20250125/481516.html",
                site="lakewire.example")
    art = segment(page)
    assert (art.published, art.published_from) == (dt.date(2025, 1, 25), "url")
    # without a date in the URL the lead's date is the best evidence left
    page = Page(text=text, source="t", url="https://lakewire.example/news/481516.html",
                site="lakewire.example")
    assert (segment(page).published, segment(page).published_from) == (dt.date(2025, 1, 20), "lead")
    # an article number that merely starts like a date is not one
    page = Page(text=text, source="t", url="https://lakewire.example/20251399/1.html",
                site="lakewire.example")
    assert segment(page).published_from == "lead"


def test_a_date_in_a_header_without_teasers_above_the_title_is_the_pages():
    text = (" date 2024-11-05 News\n"
            "Basin wardens may elect a new chief in Lakeport\n"
            "Region: North Basin\n\n"
            "The election of a new chief warden may be put on the agenda of the next council session in "
            "Lakeport, the chair of the council said on Tuesday.\n\n"
            "The session will be held at the level of the basin governors.\n")
    art = segment(Page(text=text, source="t", url="https://lakenews.example/news/1234.html",
                       site="lakenews.example"))
    assert art.title == "Basin wardens may elect a new chief in Lakeport"
    assert (art.published, art.published_from) == (dt.date(2024, 11, 5), "dateline")
    assert art.body[0].startswith("The election of a new chief warden")
    # a header holding teasers of other news: their dates are theirs, not the page's
    text2 = ("05.11.2024\n\nOn 5 November 2024, the wardens of the North Basin opened the winter "
             "season in Lakeport with a review of the ice stations.\n\n" + text.split("\n", 1)[1])
    art2 = segment(Page(text=text2, source="t", url="https://lakenews.example/news/1235.html",
                        site="lakenews.example"))
    assert art2.title == "Basin wardens may elect a new chief in Lakeport"
    assert art2.published is None


def test_a_lone_date_between_teasers_and_text_is_the_hinge_of_a_title_less_excerpt():
    text = (
        "On 20 March, the wardens of the South Basin held a joint drill with the harbour police of "
        "Lakeport.\n"
        "On 18 March, the Secretariat hosted consultations of basin hydrologists on the spring flood "
        "outlook.\n"
        "The next session of the Council of Basin Governors will be held by video link on 26 May. The "
        "governors of the five member basins will discuss the patrol budget and the state of the buoys\n"
        "21.05.2025On 26 May 2025, under the chairmanship of the governor of the North Basin, the Council of "
        "Basin Governors will meet by video link.\n"
        "The governors will review the patrol budget for the summer season.\n"
    )
    art = segment(make_page(text, "council"))
    assert art.title is None
    assert (art.published, art.published_from) == (dt.date(2025, 5, 21), "dateline")
    assert art.body == [
        "On 26 May 2025, under the chairmanship of the governor of the North Basin, the Council of Basin "
        "Governors will meet by video link.",
        "The governors will review the patrol budget for the summer season."]
    assert art.teasers[0].text.startswith("On 20 March, the wardens")
    # a date at the foot of the text heads nothing: the text above it is the article
    foot = ("On 26 May 2025, the Council of Basin Governors met by video link to review the budget.\n\n"
            "The governors approved the patrol budget for the summer season.\n\n21.05.2025\n")
    art = segment(make_page(foot, "foot"))
    assert len(art.body) == 2 and art.published == dt.date(2025, 5, 21)


def test_a_paragraph_below_a_dated_teaser_is_the_own_lead_when_the_url_names_it():
    teasers = (
        "13.02.2026\n\nOn 13 February, the governors of the North Basin met in Lakeport to review the "
        "ice stations.\n\n"
        "12.02.2026\n\nOn 12 February, the Secretariat briefed the press on the winter patrols of the "
        "five member basins.\n\n")
    lead = ("Today, at the Kettle Point training ground, the rescue teams of the five member basins began "
            "the joint ice drill Frozen Shore 2026.\n")
    url = "https://nlwc.example/drills/today-at-kettle-point-rescue-teams-began-frozen-shore-2026/"
    art = segment(Page(text=teasers + lead, source="t", url=url, site="nlwc.example"))
    assert art.body == [lead.strip()]
    assert len(art.teasers) == 2
    # the same paragraph under a URL that names something else: the teaser's second paragraph
    other = Page(text=teasers + lead, source="t", url="https://nlwc.example/drills/budget-hearing-2026/",
                 site="nlwc.example")
    art = segment(other)
    assert art.body == []
    assert art.teasers[-1].text.endswith(lead.strip())


def test_a_summary_above_a_title_with_a_deck_does_not_push_the_lead_into_the_title():
    text = (
        "The 7th meeting of the Council of Basin Wardens took place in Kettle Point. The ice stations of "
        "the North Basin reopened after the storms of the winter, and the wardens agreed on the spring "
        "patrol routes of the st\n\n\n"
        "The 7th meeting of the Council of Basin Wardens took place in Kettle Point . Situation at the ice "
        "stations of the North Basin has improved after the storms of the winter\n\n"
        "On 3 March 2025 in Kettle Point, chaired by the chief warden of the North Basin, the Council of "
        "Basin Wardens held its seventh meeting.\n\n\n\n"
        "The wardens noted that the spring flood is expected two weeks earlier than usual.\n\n"
        "The next meeting will be held in Lakeport.\n")
    art = segment(make_page(text, "ksw"))
    assert art.title.startswith("The 7th meeting of the Council of Basin Wardens took place in "
                                "Kettle Point .")
    assert art.body[0].startswith("On 3 March 2025 in Kettle Point")
    assert art.published == dt.date(2025, 3, 3)
    assert len(art.body) == 3


def test_a_single_listing_page_whose_leads_lost_their_full_stops_is_a_listing():
    text = (
        "Rescue teams of the five basins held the first joint ice drill\n"
        "The teams practised pulling a snowmobile out of a hole in the ice and evacuating its driver.\n"
        "The chief warden met the chair of the Lakeport harbour commission\n"
        "They discussed the schedule of the spring shipping season and the new buoy registry\n"
        "Wardens of the North Basin are checking the ice stations before the thaw\n"
        "Every station is inspected by two wardens who report the thickness of the ice twice a day\n"
        "The Council of Basin Governors will meet in Kettle Point in May\n"
        "The governors will review the patrol budget and elect the chair for the next two years.\n"
    )
    page = Page(text=text, source="t", url="https://nlwc.example/news/events/", site="nlwc.example")
    art = segment(page)
    assert art.title is None and art.body == []
    assert [t.title for t in art.teasers][:2] == [
        "Rescue teams of the five basins held the first joint ice drill",
        "The chief warden met the chair of the Lakeport harbour commission"]
    # an article whose paragraphs end with full stops is not a listing
    article = ("Rescue teams of the five basins held the first joint ice drill\n"
               + "".join(f"The teams practised rescue number {n} on the ice of the North Basin near "
                         "Lakeport.\n" for n in range(5)))
    art = segment(Page(text=article, source="t", url="https://nlwc.example/news/drill/", site="nlwc.example"))
    assert art.title == "Rescue teams of the five basins held the first joint ice drill"
    assert len(art.body) == 5


def test_news_site_widgets_and_feeds_stay_out_of_the_body():
    text = (
        "Select font Arial Georgia\n"
        "Character spacing: Normal Wide\n"
        "News /\n"
        "Up next\n"
        "Lakeport ferry resumes winter service\n\n"
        "The Lakeport ferry resumed its winter service on Monday after the ice on the North Basin "
        "thinned, the harbour master said.\n\n"
        "Read also: Wardens check the buoys before the thaw\n\n"
        "The ferry will run twice a day until the end of March.\n\n"
        "Read also: Lakeport wardens join over 40 crews from the northern basins to chart a plan for the new "
        "season of winter crossings\n\n"
        "* * *\n\n"
        "The harbour master thanked the wardens for keeping the channel open.\n\n"
        "#Lakeport\n#Ferry\n"
        "7885 views\n"
        "A A\n"
        "Currently reading\n"
        "Lakeport council approves a new pier\n"
    )
    art = segment(Page(text=text, source="t", url="https://lakewire.example/news/ferry/",
                       site="lakewire.example"))
    assert art.title == "Lakeport ferry resumes winter service"
    assert art.body == [
        "The Lakeport ferry resumed its winter service on Monday after the ice on the North Basin thinned, "
        "the harbour master said.",
        "The ferry will run twice a day until the end of March.",
        "The harbour master thanked the wardens for keeping the channel open."]


def test_a_news_feed_of_times_and_headlines_below_the_article_is_footer():
    text = (
        "Lakeport ferry resumes winter service\n\n"
        "The Lakeport ferry resumed its winter service on Monday after the ice on the North Basin "
        "thinned, the harbour master said.\n\n"
        "The ferry will run twice a day until the end of March.\n\n"
        "-\n17:08\nWardens check the buoys before the thaw\n"
        "-\n15:05\nLakeport council approves a new pier\n")
    art = segment(Page(text=text, source="t", url="https://lakewire.example/news/ferry/",
                       site="lakewire.example"))
    assert art.body[-1] == "The ferry will run twice a day until the end of March."
    assert ("17:08", "footer") in art.dropped


def test_a_related_readings_box_inside_the_article_does_not_end_it():
    text = (
        "Lakeport ferry resumes winter service\n\n"
        "The Lakeport ferry resumed its winter service on Monday after the ice on the North Basin "
        "thinned, the harbour master said.\n\n"
        "Related readings:\n\n"
        "The ferry will run twice a day until the end of March, the harbour master told reporters.\n")
    art = segment(Page(text=text, source="t", url="https://lakewire.example/news/ferry/",
                       site="lakewire.example"))
    assert len(art.body) == 2 and art.body[-1].startswith("The ferry will run")


def test_a_header_with_a_year_less_date_over_the_title_and_field_labels_under_it():
    text = (" date 2024-12-19 News\nThursday\nDecember 19\n"
            "Chief warden says the basins will decide on the new pier after the thaw\n"
            "Region: North Basin, Lakeport\nTheme: Politics\n\n"
            "The year 2024 was a hard one for the wardens of the North Basin, the chief warden said.\n\n"
            "He recalled the floods of April and the ice jams of November.\n"
            "This text available in Lakish and English\n")
    art = segment(Page(text=text, source="t", url="https://lakenews.example/news/735.html",
                       site="lakenews.example"))
    assert art.title == "Chief warden says the basins will decide on the new pier after the thaw"
    assert art.published == dt.date(2024, 12, 19)
    assert art.body == [
        "The year 2024 was a hard one for the wardens of the North Basin, the chief warden said.",
        "He recalled the floods of April and the ice jams of November."]


def test_a_byline_of_fields_gives_the_date_and_a_rubric_prefixed_title_repeat_is_dropped():
    text = (
        "Chief warden Ole Berg: the basins will grow closer\n\n"
        "Lakewire Insider » INTERVIEW | Author: Jane Doe |March 15, 2024, Friday // 14:50\n"
        "North Basin: Chief warden Ole Berg: the basins will grow closer\n\n"
        "Exclusive interview of Lakewire with Ole Berg, chief warden of the five member basins.\n\n"
        "The wardens have patrolled the lake together for twenty years.\n")
    art = segment(Page(text=text, source="t", url="https://lakewire.example/view.php?id=9",
                       site="lakewire.example"))
    assert art.title == "Chief warden Ole Berg: the basins will grow closer"
    assert (art.published, art.published_from) == (dt.date(2024, 3, 15), "dateline")
    assert art.body[0].startswith("Exclusive interview of Lakewire")
    assert len(art.body) == 2


def test_a_site_name_run_over_two_lines_is_not_the_title():
    for second in ("Warden Centre", "10 October"):
        text = ("The Commonwealth of Lake Basins\n" + second + "\n\n"
                "Basin wardens sign a memorandum on joint patrols\n\n"
                "On 10 October 2025, the wardens of the five member basins signed a memorandum on joint "
                "patrols in Lakeport.\n\n"
                "The memorandum sets up a standing group of patrol officers.\n")
        art = segment(Page(text=text, source="t", url="https://clb.example/news/8910",
                           site="clb.example"))
        assert art.title == "Basin wardens sign a memorandum on joint patrols"
        assert art.body[0].startswith("On 10 October 2025")
        assert art.published == dt.date(2025, 10, 10)


def test_a_year_less_date_at_the_foot_takes_the_year_the_text_gives_that_day():
    text = ("On 5 July 2024, the Secretariat hosted students of the Lakeport school of "
            "diplomacy for a day of lectures.\n\n\n"
            "On 9 July 2024, the chief warden took part in a debate of the Lake Council.\n\n\n"
            "The governors of the basins met in Lakeport on December 21, 2015 and adopted a statement "
            "on the protection of spawning grounds\n\n\nDecember 21\n")
    art = segment(make_page(text, "session2015"))
    assert art.published == dt.date(2015, 12, 21)


def test_a_rubric_over_the_headline_is_not_the_title():
    text = ("Politics & Diplomacy\n"
            "Basin wardens to hold a joint drill on the frozen lake\n"
            "Lake & Shore\n"
            "March 06, 14:23 LAKEPORT\n\n"
            "LAKEPORT, March 6. The wardens of the five member basins will hold a joint drill on the "
            "frozen lake next week, the chief warden said on Tuesday.\n\n"
            "The drill will last three days.\n")
    art = segment(Page(text=text, source="t", url="https://lakewire.example/defense/992939",
                       site="lakewire.example"))
    assert art.title == "Basin wardens to hold a joint drill on the frozen lake"
    assert art.body[0].startswith("LAKEPORT, March 6.")
    # a Board Executive Committee masthead over the headline and its dateline
    text = ("Kettle Point Board Committee\n"
            "Lakeport to host the Council of Basin Governors in June\n\n"
            "16 June 2023\n\n"
            "LAKEPORT, 15 June - The Council of Basin Governors will meet in Lakeport in June, the "
            "secretariat said.\n")
    art = segment(Page(text=text, source="t", url="https://kpbc.example/en/news/view/16489",
                       site="kpbc.example"))
    assert art.title == "Lakeport to host the Council of Basin Governors in June"
    assert art.published == dt.date(2023, 6, 16)


def test_header_lines_a_rubric_with_the_date_a_timed_byline_and_a_publication_field():
    text = ("Wardens to consider help for the South Basin\n"
            "Lake Politics & Diplomacy October 27, 2024, 15:57\n"
            "00:00 By Jane Doe\n"
            "Publication: Lake Monitor Volume: 7 Issue: 31\n\n"
            "The council of wardens will soon consider measures of support for the South Basin, the "
            "spokeswoman of the council said.\n\n"
            "The basin asked for help after the spring floods.\n")
    art = segment(Page(text=text, source="t", url="https://lakewire.example/politics/1528269/amp",
                       site="lakewire.example"))
    assert (art.published, art.published_from) == (dt.date(2024, 10, 27), "dateline")
    assert art.body[0].startswith("The council of wardens will soon consider")
    assert len(art.body) == 2


def test_credits_site_names_and_feed_links_at_the_foot_stay_out_of_the_body():
    text = ("Lakeport ferry resumes winter service\n\n"
            "- Written by Lakewire-AVN\n\n"
            "(recasts, adds paragraphs 2-3)\n\n"
            "The Lakeport ferry resumed its winter service on Monday after the ice on the North Basin "
            "thinned, the harbour master said.\n\n"
            "The ferry will run twice a day until the end of March.\n\n"
            "Video: Lakewire/Shore TV\n\n"
            "1 pages in this article\n\n"
            "More about: Lakeport\n\n"
            "Subscribe to the latest news:\n\n"
            "Original Author: Jane Doe\n\n"
            "Based on materials from Lakewire\n\n"
            "Lake.News\n")
    art = segment(Page(text=text, source="t", url="https://lakewire.example/news/ferry/",
                       site="lakewire.example"))
    assert art.body == [
        "The Lakeport ferry resumed its winter service on Monday after the ice on the North Basin thinned, "
        "the harbour master said.",
        "The ferry will run twice a day until the end of March."]


def test_an_excerpt_that_stops_right_after_its_title_below_dated_teasers():
    teasers = ("13.02.2026\n\nOn 13 February, the governors of the North Basin met in Lakeport to review "
               "the ice stations.\n\n"
               "12.02.2026\n\nOn 12 February, the Secretariat briefed the press on the winter patrols of "
               "the five member basins.\n")
    title = "Rescue teams of the five basins began the joint ice drill Frozen Shore 2026"
    art = segment(make_page(teasers + "\n\n" + title + "\n", "frozen"))
    assert art.title == title
    assert art.body == [] and art.published is None
    assert [t.date for t in art.teasers] == [dt.date(2026, 2, 13), dt.date(2026, 2, 12)]
    # one blank line below a teaser, the same line goes on that teaser, it is not a title
    art = segment(make_page(teasers + "\n" + title + "\n", "frozen"))
    assert art.title is None


def test_a_browser_title_with_section_and_site_gives_way_to_the_headline_line():
    text = ("Wardens to join the spring patrol / News / News agency Lakewire\n"
            "Rate it\n"
            "Wardens to join the spring patrol\n\n"
            "The wardens of the South Basin will take part in the spring patrol of the North Basin as "
            "observers, the chief warden said.\n\n"
            "The patrol starts in April.\n")
    art = segment(Page(text=text, source="t", url="https://lakewire.example/en/?id=10209",
                       site="lakewire.example"))
    assert art.title == "Wardens to join the spring patrol"
    assert art.body[0].startswith("The wardens of the South Basin")
    assert len(art.body) == 2


def test_an_excerpt_cut_inside_the_titles_dated_copy_has_no_body():
    title = "The Secretariat hosted the 12th meeting of the Working Group on the North Basin"
    text = ("05.07.2024\n\nOn 5 July 2024, the Secretariat hosted students of the Lakeport school of "
            "diplomacy.\n\n\n" + title + "\n\n" + title[:60] + "\n")
    art = segment(make_page(text, "wg12"))
    assert art.title == title
    assert art.body == []
    # a first paragraph that merely opens like the title is the article's text
    lead = "The Secretariat hosted the 12th meeting of the Working Group on the North Basin on Monday."
    art = segment(make_page("Lakeport news\n\n" + title + "\n\n" + lead + "\n", "wg12b"))
    assert art.body == [lead]


def test_yearless_dateline_takes_the_year_of_the_url_stamp_not_a_plan_horizon() -> None:
    from communique.clean.segment import segment
    from communique.document import Page

    text = (
        "Ministers to Discuss the Ferry Timetable in Lakeport\n\n"
        "13 May\n\n"
        "The transport ministers of the Guild will meet in Lakeport on May 24 to discuss the ferry timetable.\n\n"
        "They are expected to approve the Concept of Ferry Cooperation for the period until 2035 and the "
        "Plan of Harbour Works until 2035.\n"
    )
    page = Page(text=text, source="t", url="https://news.example.org/ministers-to-discuss-2024-05-13-4711",
                site="news.example.org")
    article = segment(page)
    assert article.published is not None and article.published.isoformat() == "2024-05-13"


def test_plan_horizon_years_do_not_date_a_yearless_dateline() -> None:
    from communique.clean.segment import segment
    from communique.document import Page

    text = (
        "Guild Adopts a Harbour Strategy\n\n"
        "13 May\n\n"
        "On May 12, 2021, the Guild council adopted the Harbour Strategy until 2035, and the Plan for 2030-2035 "
        "was sent to the member harbours. The Strategy replaces the one adopted in 2021 for the years until 2035.\n"
    )
    article = segment(Page(text=text, source="t", site="news.example.org"))
    assert article.published is not None and article.published.year == 2021


def test_a_breadcrumb_glued_to_the_headline_is_not_the_title():
    text = ("Home WORLD AFFAIRS Basin wardens elect a new chief in Lakeport at their council\n\n"
            "Basin wardens elect a new chief in Lakeport at their council\n\n\n"
            "LAKEPORT, May 16. The wardens of the North Basin elected a new chief warden on Monday, the chair "
            "of the council said.\n\n"
            "The session was held at the level of the basin governors for the first time in two years.\n")
    art = segment(Page(text=text, source="t", url="https://lakenews.example/2022/05/16/wardens",
                       site="lakenews.example"))
    assert art.title == "Basin wardens elect a new chief in Lakeport at their council"
    assert art.body[0].startswith("LAKEPORT, May 16. The wardens")


def test_a_year_in_an_exercise_name_completes_an_agency_dateline_but_a_plan_horizon_does_not():
    def published(lead: str) -> dt.date | None:
        text = ("Wardens to train on the lake\n\n" + lead + "\n\nThe drills will take place at the Lakeport "
                "range, the press service announced.\n")
        return segment(Page(text=text, source="t", url="https://wire.example/defense/1330489",
                            site="wire.example")).published

    assert published("LAKEPORT, August 26. /WIRE/. The wardens will hold the Frontier-2021 drills in "
                     "September, the headquarters said.") == dt.date(2021, 8, 26)
    assert published("LAKEPORT, August 26. /WIRE/. The wardens adopted the programme until 2024 in 2018, "
                     "the headquarters said.") == dt.date(2018, 8, 26)
