"""Pages of an imaginary institution, the Northern Lakes Water Council (NLWC), written for
these tests in the shape of a real crawl: every page opens with teasers of other news, then
the title, the title again with a date, the body, a press secretary's signature and the
navigation lines."""

from __future__ import annotations

from communique.document import Page

SITE = "en.nlwc.example"

# Leads of three articles; each is also shown as a teaser on the other pages.
LEAD = {
    "ice": "On 14 January 2025, the NLWC Secretariat hosted the annual conference on winter ice monitoring "
           "with experts from the five member basins.",
    "fish": "On 2 February 2025, the NLWC Executive Director Marta Vellinen met with the heads of the "
            "regional fisheries inspectorates in Lakeport.",
    "dam": "From 10 to 12 March 2025, engineers of the member states inspected the Old Mill dam together "
           "with observers from the River Basin Network.",
}
TITLE = {
    "ice": "The NLWC hosted a conference on winter ice monitoring",
    "fish": "The NLWC Executive Director met with the heads of fisheries inspectorates",
    "dam": "Member states inspected the Old Mill dam",
}
DATE = {"ice": "14.01.2025", "fish": "03.02.2025", "dam": "13.03.2025"}
MORE = {
    "ice": ["The participants compared satellite and shore observations of the ice cover on 42 lakes.",
            "It was agreed to publish a joint ice bulletin every two weeks during the season."],
    "fish": ["Marta Vellinen and the inspectors discussed the spring spawning closures and the exchange "
             "of catch data between the member basins.",
             "The sides agreed to hold a joint training for inspectors in May this year."],
    "dam": ["The inspection found no structural damage; 3 sluice gates will be repaired by June.",
            "The River Basin Network praised the openness of the member states."],
}
NAV = "Go back\n\nBack to the section\n\nBack to the all news"
SIGNATURE = "The NLWC Press Secretary Anna Korhola\n+358 10 555 01 23 - tel\npress@nlwc.example"


def teaser_block(exclude: str) -> str:
    return "\n\n\n".join(LEAD[k] for k in LEAD if k != exclude)


def article_page(key: str, *, teasers: bool = True, signature: bool = True) -> str:
    parts = []
    if teasers:
        parts.append(teaser_block(key) + "\n\n\n")
    parts.append(f"{TITLE[key]}\n\n{TITLE[key]} {DATE[key]}\n\n")
    parts.append("\n\n".join([LEAD[key], *MORE[key]]) + "\n\n")
    if signature:
        parts.append(SIGNATURE + "\n\n")
    parts.append(NAV + "\n")
    return "".join(parts)


def make_page(text: str, name: str, site: str = SITE) -> Page:
    return Page(text=text, source=f"test:{name}", url=f"https://{site}/news/{name}/", site=site,
                external_id=name)
