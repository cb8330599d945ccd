"""The site model: home-aware cross-page statistics, merge, persistence, learning over time."""

from __future__ import annotations

from nlwc_pages import LEAD, MORE, SITE, TITLE, article_page, make_page

from communique.clean.layout import split_lines
from communique.clean.segment import clean_batch, segment
from communique.clean.site_model import SiteModel


def _lead_stats(model: SiteModel, key: str) -> tuple[int, int, int, list[str]]:
    return model.stats(split_lines(LEAD[key])[0])


def test_observing_the_same_content_twice_does_not_double_count(nlwc_pages):
    model = SiteModel(SITE)
    for page in nlwc_pages.values():
        model.observe(page)
    before = _lead_stats(model, "ice")
    model.observe(nlwc_pages["fish"])
    assert model.n_pages == 3
    assert _lead_stats(model, "ice") == before
    pages, in_teasers, in_articles, homes = before
    assert (pages, in_teasers, in_articles, len(homes)) == (3, 2, 1, 1)


def test_home_aware_a_lead_stays_home_and_is_a_teaser_elsewhere(nlwc_pages):
    arts = dict(zip(nlwc_pages, clean_batch(list(nlwc_pages.values())), strict=True))
    for key, art in arts.items():
        assert art.body[0] == LEAD[key], key
        others = {t.text for t in art.teasers}
        assert others == {LEAD[k] for k in LEAD if k != key}
        assert not others & set(art.body)


def test_ccnet_style_dedup_would_lose_the_lead_but_the_model_does_not(nlwc_pages):
    # The lead paragraph of "ice" is on every page: as frequent as the navigation lines.
    model = SiteModel(SITE)
    for page in nlwc_pages.values():
        model.observe(page)
    lead = _lead_stats(model, "ice")
    nav = model.stats(split_lines("Go back")[0])
    assert lead[0] == nav[0] == 3
    # ... but it has one home, the navigation has several.
    assert len(lead[3]) == 1 and len(nav[3]) >= 2
    assert segment(nlwc_pages["ice"], model).body[0] == LEAD["ice"]


def test_model_learns_a_template_line_no_single_page_rule_knows():
    # A footer line of this site that no built-in vocabulary covers.
    footer = "Lakes are our common heritage: report pollution to the NLWC hotline"
    texts = {k: article_page(k, teasers=False, signature=False) for k in LEAD}
    pages = [make_page(t.replace("Go back", footer + "\n\nGo back"), k) for k, t in texts.items()]
    alone = segment(pages[0])
    assert footer in alone.body  # a single page cannot tell
    model = SiteModel(SITE)
    for p in pages:
        model.observe(p)
    art = segment(pages[0], model)
    assert footer not in art.body
    assert (footer, "template") in art.dropped
    assert art.body == [LEAD["ice"], *MORE["ice"]]


def test_model_finds_the_title_after_teasers_that_look_like_headlines():
    # Teasers without a closing full stop look like headlines on a single page.
    teasers = ["Council staff planted trees on the shore of Lake Varna",
               "Young hydrologists visited the Secretariat"]
    stories = [("Wetland survey completed", "The council completed its survey of 12 wetlands in the "
                "northern basin this week."),
               ("Ferry safety checks begin", "Inspectors of the member states began the annual safety "
                "checks of lake ferries on Monday."),
               ("Board elects a new treasurer", "The NLWC Board elected a new treasurer at its "
                "meeting in Lakeport on Friday."),
               ("Ice bulletin published", "The first ice bulletin of the season was published by the "
                "Secretariat on Tuesday.")]
    pages = [make_page("\n\n\n".join(teasers) + f"\n\n\n{title}\n\n\n{first}\n\nThe work continues.\n",
                       f"s{n}") for n, (title, first) in enumerate(stories)]
    assert segment(pages[0]).title == teasers[0]  # alone, the first headline wins
    arts = clean_batch(pages)
    assert [a.title for a in arts] == [title for title, _ in stories]
    assert arts[0].body == [stories[0][1], "The work continues."]


def test_merge_is_associative_and_equals_observing_everything(nlwc_pages):
    pages = list(nlwc_pages.values())
    parts = []
    for p in pages:
        m = SiteModel(SITE)
        m.observe(p)
        parts.append(m)
    left = parts[0].merge(parts[1]).merge(parts[2])
    right = parts[0].merge(parts[1].merge(parts[2]))
    whole = SiteModel(SITE)
    for p in pages:
        whole.observe(p)
    for m in (left, right):
        assert m.n_pages == whole.n_pages == 3
        assert dict(m.rows()) == dict(whole.rows()) or _same(m, whole)


def _same(a: SiteModel, b: SiteModel) -> bool:
    # homes may be listed in another order after a merge
    return a.seen == b.seen and a.dirs == b.dirs and a.pairs == b.pairs and {
        h: (s.pages, s.before, s.after, sorted(s.homes)) for h, s in a.lines.items()
    } == {h: (s.pages, s.before, s.after, sorted(s.homes)) for h, s in b.lines.items()}


def test_rows_round_trip_and_later_pages_use_what_earlier_pages_taught(nlwc_pages):
    model = SiteModel(SITE)
    for p in nlwc_pages.values():
        model.observe(p)
    rows = list(model.rows())
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in rows)
    restored = SiteModel.from_rows(SITE, rows)
    assert _same(restored, model) and restored.n_pages == 3
    # A later excerpt that starts inside the teaser block and lost its title and dateline.
    excerpt = LEAD["ice"] + "\n\n\n" + "\n\n".join([LEAD["fish"], *MORE["fish"]])
    later = make_page(excerpt, "fish-excerpt")
    alone = segment(later)
    assert LEAD["ice"] not in [t.text for t in alone.teasers]  # alone, nothing says it is a teaser
    art = segment(later, restored)
    assert art.title is None
    assert art.body == [LEAD["fish"], *MORE["fish"]]
    assert [t.text for t in art.teasers] == [LEAD["ice"]]


def test_row_state_is_compact(nlwc_pages):
    model = SiteModel(SITE)
    for p in nlwc_pages.values():
        model.observe(p)
    blob = "".join(k + v for k, v in model.rows())
    assert LEAD["ice"] not in blob and "Lakeport" not in blob
    assert len(blob) < sum(len(p.text) for p in nlwc_pages.values())


def test_a_recrawled_copy_keeps_its_title_and_lead():
    # Two crawls of the "dam" article (the teaser block changed in between) on a site whose
    # pages give no dateline: the title is found by the weaker headline cue on each.
    def crawl(teasers: list[str]) -> str:
        body = "\n\n".join([LEAD["dam"], *MORE["dam"]])
        return "\n\n\n".join([*teasers, TITLE["dam"], body])
    first = make_page(crawl([LEAD["ice"]]), "dam")
    second = make_page(crawl([LEAD["fish"], LEAD["ice"]]), "dam")
    others = [make_page(article_page(k), k) for k in ("ice", "fish")]
    arts = clean_batch([first, second, *others])
    for art in arts[:2]:
        assert art.title == TITLE["dam"]
        assert art.body == [LEAD["dam"], *MORE["dam"]]
