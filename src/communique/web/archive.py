"""The site's archive on the web: site -> section -> year -> article, as HTML pages and as JSON under /api.

The same read-model questions as `communique archive` (ReadModel.archive_sites, archive_sections,
archive_section): sections come from the URL paths of the stored pages, a section lists its articles by
date, its list pages and the sections above and below it; every page links back up.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from communique.web.api import Read
from communique.web.pages import _opt, _pages, _render, templates

PER_PAGE = 50
YEAR = r"^(\d{4})?$"

pages = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
api = APIRouter(tags=["knowledge base"])
Year = Annotated[str | None, Query(pattern=YEAR, description="only articles published that year (YYYY)")]


def section_href(site: str, section: str, year: str | None = None) -> str:
    """The archive page of a site's section ('' for the top of the site), of one year when given."""
    path = "/".join(quote(part, safe="") for part in section.split("/") if part)
    return f"/archive/{quote(site, safe='')}/{path}" + (f"?year={quote(year)}" if year else "")


# Other pages (an article's "back to the section") link into the archive through the same function.
templates.env.globals["section_href"] = section_href


def _site(read: Any, site: str) -> str:
    found = read.archive_site(site)
    if found is None:
        raise HTTPException(404, f"No page of the site {site!r} is stored.")
    return found


def _section(read: Any, site: str, section: str, year: str | None, page: int) -> dict[str, Any]:
    found = read.archive_section(site, section, year=year, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    if found is None:
        raise HTTPException(404, f"The site {site} has no section {section.strip('/')!r}.")
    return found


# --- HTML ------------------------------------------------------------------------------------------


@pages.get("/archive")
def archive_page(request: Request, read: Read) -> HTMLResponse:
    return _render(request, "archive_sites.html", sites=read.archive_sites(), href=section_href)


@pages.get("/archive/{site}")
def site_page(request: Request, read: Read, site: str, year: str | None = None) -> HTMLResponse:
    year = _opt(year)
    site = _site(read, site)
    result = read.archive_sections(site, year=year)  # a bad year: QueryError, a 400 page
    return _render(request, "archive_site.html", r=result, href=section_href)


@pages.get("/archive/{site}/{section:path}")
def section_page(request: Request, read: Read, site: str, section: str, year: str | None = None,
                 page: Annotated[int, Query(ge=1, le=5000)] = 1) -> HTMLResponse:
    year = _opt(year)
    site = _site(read, site)
    result = _section(read, site, section, year, page)
    return _render(request, "archive_section.html", r=result, href=section_href,
                   pages=_pages(request, result["total"], page, PER_PAGE))


# --- JSON ------------------------------------------------------------------------------------------


@api.get("/archive", summary="Sites of the archive with their articles, list pages and sections")
def archive_sites(read: Read) -> dict[str, Any]:
    rows = read.archive_sites()
    return {"total": len(rows), "rows": rows}


@api.get("/archive/{site}", summary="A site's sections (from its URL paths) with their article counts")
def archive_site(read: Read, site: str, year: Year = None) -> dict[str, Any]:
    return read.archive_sections(_site(read, site), year=_opt(year))


@api.get("/archive/{site}/{section:path}", summary="One section of a site: its articles by date, its list pages")
def archive_section(read: Read, site: str, section: str, year: Year = None,
                    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> dict[str, Any]:
    site = _site(read, site)
    found = read.archive_section(site, section, year=_opt(year), limit=limit, offset=offset)
    if found is None:
        raise HTTPException(404, f"the site {site} has no section {section.strip('/')!r}")
    return found
