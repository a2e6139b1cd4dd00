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
    assert re.findall(r"\[[A-Z][A-Za-z]*\d+[A-Za-z]*\]", plain) == [], "a citation that is not a link"


# ---- every section of every briefing: its script run in-process, every output and markdown cell ------------------

CITATION = re.compile(r"\[[A-Z][A-Za-z]*\d+[A-Za-z]*(?:, ?[A-Z][A-Za-z]*\d+[A-Za-z]*)*\]")
DATA_PATH = re.compile(r"\bdata/[\w./-]*\.(?:csv|json)\b")


class Rendered(dict):
    def __missing__(self, bid):
        from page_outputs import render

        shown = self[bid] = render(bid)
        return shown


@pytest.fixture(scope="module")
def rendered() -> Rendered:
    return Rendered()


def _text(html: str) -> str:
    html = re.sub(r"<style\b.*?</style>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("bid", IDS)
def test_every_citation_in_every_section_links_to_its_source_entry(rendered, bid):
    """The markdown (the page's prose and the caveats), the key points, 'then and now', the workspace, the context
    sections, the evidence lists, the model note and the reconciliation: each [F39] is a link to an entry in the sources
    list the page shows."""
    shown = rendered[bid]
    sources = shown.html(leave_out=("markdown", "output", "widget", "model note"))
    assert "<h2>Sources and assumptions</h2>" in sources
    for kind, html in shown.parts:
        if kind == "sources":
            continue
        links = set(re.findall(r'href="#src-([A-Za-z0-9]+)"', html))
        missing = sorted(i for i in links if f"id='src-{i}'" not in sources)
        assert missing == [], f"{bid} ({kind}): citations with no entry in the sources list: {missing}"
        plain = _text(re.sub(r"<a [^>]*>[^<]*</a>", "", html))
        assert CITATION.findall(plain) == [], f"{bid} ({kind}): a citation that is not a link"
    assert any(k == "markdown" and "#src-" in h for k, h in shown.parts), "the prose's citations are links"
    assert any(k == "model note" and "#src-" in h for k, h in shown.parts) or bid == "q13"


@pytest.mark.parametrize("bid", IDS)
def test_no_data_file_path_on_screen(rendered, bid):
    """Issue 24 bug: Q15 showed "data/successors_2028.csv" in a caveat and a caption. The page says what a table is; only
    the sources section's list of datasets (a 'file' column) and the model note's 'Code:' line name files."""
    shown = rendered[bid]
    for kind, html in shown.parts:
        if kind in ("sources", "model note"):
            continue
        found = DATA_PATH.findall(_text(html))
        assert found == [], f"{bid} ({kind}): {found}"
