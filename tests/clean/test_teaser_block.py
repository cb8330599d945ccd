"""A page that lost its title still starts with the site's teaser block: the block's last
teaser must not become the first paragraph of the page's body (a 2015 article would then
"mention" whoever the 2024 teaser names), while an article's own lead, shown as a teaser
elsewhere, stays in its article."""

from __future__ import annotations

from communique.clean.segment import clean_batch, segment
from communique.clean.site_model import SiteModel
from communique.document import Page

SITE = "en.harbour-pilots.example"

# The block of latest news every page of the imaginary Lake Harbour Pilots' Guild opens
# with: teasers a double blank line apart (one of two paragraphs), the last one running
# into the title with a single blank line.
BLOCK = [
    ["On 3 May 2026, the Guild Council approved the new tariff for night pilotage in Eastport."],
    ["Let me thank the harbour masters of the member ports for their work during the ice season.",
     "I am convinced that the new training centre will serve pilots for many years."],
    ["Warden General Osric Pelham, the Guild's chief officer, told the Lakewire correspondent how "
     "the pilot stations prepare for the summer traffic and which routes will be dredged."],
]
ARTICLES = {
    "buoys": ("The Guild replaced the buoys of the northern fairway", "12.04.2026",
              ["On 12 April 2026, the Guild's crews replaced 14 buoys of the northern fairway.",
               "The works were finished two days ahead of schedule."]),
    "exam": ("Forty pilots passed the spring examination", "20.04.2026",
             ["On 20 April 2026, forty pilots of the member ports passed the spring examination.",
              "The next examination will be held in October."]),
    "radar": ("A new radar station opened in Westport", "28.04.2026",
              ["On 28 April 2026, a new radar station opened at the entrance of Westport harbour.",
               "It covers the whole outer roadstead."]),
}
NAV = "Go back\n\nBack to the section"


def _block(block: list[list[str]]) -> str:
    return "\n\n\n".join("\n\n".join(t) for t in block)


def _article(key: str, block: list[list[str]] = BLOCK) -> Page:
    title, date, body = ARTICLES[key]
    text = f"{_block(block)}\n\n{title}\n\n{title} {date}\n\n" + "\n\n".join(body) + f"\n\n{NAV}\n"
    return _page(text, key)


def _page(text: str, name: str) -> Page:
    return Page(text=text, source=f"test:{name}", url=f"https://{SITE}/news/{name}/", site=SITE,
                external_id=name)


OWN = ("The wardens of the member ports at the meeting of the Guild Council on December 21, 2015 "
       "in Eastport discussed the safety of winter pilotage and adopted a Statement on ice convoys")


def test_the_last_teaser_of_the_block_does_not_start_a_title_less_page():
    # an old page of another shape: the block, then its own paragraph and a year-less date
    old = _page(f"{_block(BLOCK)}\n\n{OWN}\n\n\nDecember 21", "session-2015")
    arts = clean_batch([old, *(_article(k) for k in ARTICLES)])
    art = arts[0]
    assert art.title is None
    assert art.body == [OWN]
    assert art.published is not None and art.published.year == 2015
    assert [t.text for t in art.teasers] == [p for t in BLOCK for p in t]
    for other in arts[1:]:  # the articles keep their own leads
        assert other.body == ARTICLES[other.page.external_id][2]
    # alone, nothing in the structure tells the block's last paragraph from a lead (it runs
    # into the text as a lead runs into its body): the article's text is at least kept
    assert OWN in segment(old).body


def test_an_excerpt_that_starts_at_the_blocks_last_teaser():
    model = SiteModel(SITE)
    for k in ARTICLES:
        model.observe(_article(k))
    excerpt = _page("\n\n".join(BLOCK[-1]) + f"\n\n{OWN}\n\n\nDecember 21", "session-2015")
    art = segment(excerpt, model)
    assert art.body == [OWN]
    assert [t.text for t in art.teasers] == BLOCK[-1]


def test_a_lead_that_ends_the_block_elsewhere_stays_in_its_own_title_less_excerpt():
    # "radar" is the latest news: on the other pages its lead ends the block; its own page
    # was crawled too, so the model knows the lead's home and the text that goes with it
    lead = [ARTICLES["radar"][2][0]]
    block = [*BLOCK[:2], lead]
    pages = [_article("buoys", block), _article("exam", block), _article("radar")]
    model = SiteModel(SITE)
    for p in pages:
        model.observe(p)
    excerpt = _page(_block(BLOCK[:2]) + "\n\n\n" + "\n\n".join(ARTICLES["radar"][2]), "radar-excerpt")
    art = segment(excerpt, model)
    assert art.body == ARTICLES["radar"][2]
    assert [t.text for t in art.teasers] == [p for t in BLOCK[:2] for p in t]
    # and persisted, the model still knows where the block ends
    restored = SiteModel.from_rows(SITE, list(model.rows()))
    assert restored.pairs == model.pairs
    assert segment(excerpt, restored).body == ARTICLES["radar"][2]
