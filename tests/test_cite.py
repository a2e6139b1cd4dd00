"""Issue 24 (items 4 and 5): "Copy key points" copies numbered citations with their reference list, the scenario, the
address and the version stamp; every source entry gives title, publisher, date and address; "Cite this briefing" gives
a citation and a BibTeX entry at the scenario's address (in-process: pages built without a kernel or a server)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from probation_briefing.data import catalogue, source, version
from probation_briefing.page import cite, driver
from probation_briefing.present.dates import long_date
from probation_briefing.present.html import reference_text

IDS = catalogue.ids()
DATA = source()
CITATION = re.compile(r"\[[A-Z][A-Za-z]*\d+[A-Za-z]*(?:, ?[A-Z][A-Za-z]*\d+[A-Za-z]*)*\]")


def _copied(page):
    return cite.key_points_copy(page.briefing, page.view, page.scenario, page.data)


@pytest.mark.parametrize("bid", IDS)
def test_copied_key_points_number_their_citations_in_order_of_first_use(pages, bid):
    page = pages[bid]
    c = _copied(page)
    body, refs = c.text.split("\nReferences\n")
    assert CITATION.search(c.text) is None and CITATION.search(c.html) is None  # no source ids left
    used = [int(n) for group in re.findall(r"\[(\d+(?:, \d+)*)\]", body) for n in group.split(", ")]
    first = list(dict.fromkeys(used))
    assert first == list(range(1, len(first) + 1))  # [1] first, then [2] ...
    ids = list(
        dict.fromkeys(
            i for k in page.view.key_points for i in re.findall(r"[A-Z][A-Za-z]*\d+[A-Za-z]*", " ".join(CITATION.findall(k.text)))
        )
    )
    assert refs.splitlines() == [f"{n}. {reference_text(i, DATA)}" for n, i in enumerate(ids, 1)]
    assert len(page.view.key_points) == body.count("\n- ")
    lines = c.text.splitlines()
    assert lines[1] == "Scenario: default settings"
    assert lines[2] == f"Address: {cite.ADDRESS}" and lines[3] == f"Version: {version.stamp().text()}"
    assert c.html.count("<li>") == len(page.view.key_points) + len(ids) and cite.ADDRESS in c.html


def test_a_reference_gives_title_publisher_date_and_address():
    src = DATA.load("sources").set_index("source_id")
    s = src.loc["F39"]
    assert reference_text("F39", DATA) == ", ".join(x for x in (s.title, s.publisher, long_date(s.date), s.url) if isinstance(x, str))


def test_the_copied_text_says_the_scenario_and_follows_the_settings(pages):
    page = pages["q15"]
    try:
        page.set_scenario(page.params.defaults().replace(share_pct=25, allocation_key="officers"))
        w = page.results.copy_points
        assert w.query == page.link.query and "share_pct=25" in w.query
        assert "Scenario: Share moved to commissioners: 25 % of the pot; Allocation key: Police officers" in w.text
        assert w.text == _copied(page).text and w.html == _copied(page).html
        headline = {h.label: h.value for h in page.view.headlines}["Moved to commissioners"]
        assert headline in page.results.summary.value  # the page and the copy describe the same run
    finally:
        page.set_scenario(page.params.defaults())
    assert "Scenario: default settings" in page.results.copy_points.text


def test_q14_settings_say_which_of_the_two_they_belong_to():
    from probation_briefing.data.params import parameters

    p = parameters("q14")
    words = cite.scenario_words(p.defaults().replace(route="grants_pcc", route_b="framework"))
    assert words.startswith("Commissioning route (A): ") and "; Commissioning route (B): " in words


@pytest.mark.parametrize("bid", IDS)
def test_every_source_entry_gives_title_publisher_date_and_address(pages, bid):
    html = pages[bid].sources_html()
    src = DATA.load("sources").set_index("source_id")
    entries = dict(re.findall(r"<li id='src-([^']+)'>(.*?)</li>", html))
    assert entries
    for sid, entry in entries.items():
        s = src.loc[sid]
        for part in (s.title, s.publisher):
            assert part.replace("&", "&amp;").replace("'", "&#x27;").replace('"', "&quot;") in entry, (sid, part)
        if isinstance(s.date, str) and s.date.strip():
            assert long_date(s.date) in entry, sid
        if isinstance(s.url, str) and s.url.startswith("http"):
            assert 'href="' in entry, sid


@pytest.mark.parametrize("bid", IDS)
def test_cite_this_briefing_is_in_the_sources_section_at_the_scenario_shown(pages, bid, monkeypatch):
    page = pages[bid]
    shown: list[str] = []
    monkeypatch.setattr(driver, "display", lambda obj: shown.append(obj.data))
    page.show_sources()
    html = shown[-1]
    assert html.index("<h3>Sources</h3>") < html.index("Cite this briefing")
    b = page.briefing
    address = cite.page_address(b.notebook, page.link.query)
    assert html.count(f"<span class='pb-scenario-address'>{address.replace('&', '&amp;')}</span>") == 2  # citation and BibTeX
    assert f"Q{b.question}: {b.short_title} [interactive briefing], data package {version.stamp().data_version}" in html
    assert f"(accessed <span class='pb-accessed'>{long_date(date.today())}</span>)" in html


def test_the_bibtex_entry_is_well_formed():
    from probation_briefing.briefings import get

    entry = cite.bibtex(get("q14"), "https://example.org/q14?route=grants&v=1a2b3c4d", date(2026, 12, 3))
    assert entry.startswith("@misc{probation_briefing_q14_2026,\n") and entry.endswith("\n}")
    depth = 0
    for ch in entry.replace("\\{", "").replace("\\}", ""):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0
    fields = dict(re.findall(r"^  (\w+) = \{(.*)\},?$", entry, re.M))
    assert set(fields) == {"author", "title", "year", "howpublished", "url", "urldate", "note"}
    assert fields["url"] == "https://example.org/q14?route=grants&v=1a2b3c4d" and fields["year"] == "2026"
    assert fields["note"] == version.stamp().text() and fields["urldate"] == "2026-12-03"
    assert cite._bib("50% & R&D_1 #2") == "50\\% \\& R\\&D\\_1 \\#2"


def test_the_copy_button_is_left_off_paper():
    from probation_briefing.page.static_html import to_html

    assert to_html(cite.CopyKeyPoints(text="x")) == ""
