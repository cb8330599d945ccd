"""Fixtures of the clean tests: pages of the imaginary NLWC site (see nlwc_pages.py)."""

from __future__ import annotations

import pytest
from nlwc_pages import LEAD, article_page, make_page

from communique.document import Page


@pytest.fixture
def nlwc_pages() -> dict[str, Page]:
    return {k: make_page(article_page(k), k) for k in LEAD}
