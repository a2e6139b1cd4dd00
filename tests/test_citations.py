"""Issue 24 (part 5): every citation on a page is a link that lands on its entry in the sources list (in-process; the
pages are built without a kernel or a server)."""

from __future__ import annotations

import re

import pytest
from conftest import widget_texts
from probation_briefing.data import catalogue

IDS = catalogue.ids()


@pytest.mark.parametrize("bid", IDS)
def test_every_citation_on_the_page_links_to_its_source_entry(pages, bid):
    page = pages[bid]
    page._render_details()
    shown = " ".join(t for name in ("key_points", "workspace") for t in widget_texts(page.panels[name]))
    shown += page.results.summary.value + page.results.key_points.value
    sources = page.sources_html()
    links = set(re.findall(r'href="#src-([A-Za-z0-9]+)"', shown))
    assert links, "no citation links on the page"
    missing = sorted(i for i in links if f"id='src-{i}'" not in sources)
    assert missing == [], f"{bid}: citations with no entry in the sources list: {missing}"
    plain = re.sub(r"<a [^>]*>[^<]*</a>", "", re.sub(r"<(?!a |/a)[^>]+>", " ", shown))
    assert re.findall(r"\[[A-Z][A-Za-z]*\d+[a-z]?\]", plain) == [], "a citation that is not a link"
