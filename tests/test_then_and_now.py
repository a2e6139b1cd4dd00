"""Issue 23: 'Then and now' on every briefing's first screen, drawn from the sourced timeline, with citations that
link to the sources list and an as-at date (in-process; no kernel, no server)."""

from __future__ import annotations

import re

import pytest
from conftest import widget_texts
from probation_briefing.data import catalogue, source
from probation_briefing.data import timeline as tl
from probation_briefing.page.then_and_now import long_date, then_and_now_html

DATA = source()
IDS = catalogue.ids()
EVENTS = tl.events(data=DATA)


@pytest.mark.parametrize("bid", IDS)
def test_each_briefing_opens_with_then_and_now_as_at_the_package_date(pages, bid):
    page = pages[bid]
    top = page.panels["key_points"].children[1].value
    assert "Then and now" in top and f"As at {long_date(tl.as_at().isoformat())}" in top
    for group in ("Asked in 2018", "Decided", "Now"):
        assert group in top, group


@pytest.mark.parametrize("bid", IDS)
def test_every_line_cites_a_timeline_event_and_links_to_the_sources_list(pages, bid):
    page = pages[bid]
    top = page.panels["key_points"].children[1].value
    sources_html = page.sources_html()
    cited = re.findall(r'href="#src-([A-Za-z0-9]+)"', top)
    assert cited
    for sid in set(cited):
        assert sid in set(EVENTS["source_id"]), f"{bid}: cites {sid}, which no timeline row holds"
        assert f"id='src-{sid}'" in sources_html, f"{bid}: [{sid}] does not link to the sources list"


@pytest.mark.parametrize("bid", IDS)
def test_planned_events_say_so_with_the_date_they_were_announced(bid):
    html = then_and_now_html(bid, DATA)
    summary = html.split("<details")[0]
    for _, r in tl.events(bid, state="planned", data=DATA).iterrows():
        if bid in str(r["first_screen"]).split("|"):
            assert f"Planned for {long_date(r['date'])} (announced {long_date(r['announced'])})" in summary, r["event_id"]
    for _, r in tl.events(bid, state="done", data=DATA).iterrows():
        assert f"Planned for {long_date(r['date'])}: {r['title']}" not in html  # a done event is never shown as planned


@pytest.mark.parametrize("bid", IDS)
def test_the_full_timeline_for_the_question_is_one_click_away_with_the_sources_words(bid):
    html = then_and_now_html(bid, DATA)
    rows = tl.events(bid, data=DATA)
    assert f"The full timeline for this question ({len(rows)} events)" in html
    assert html.count("<q>") == int(rows["quote"].fillna("").str.strip().astype(bool).sum())


def test_the_2018_question_and_the_2028_abolition_are_on_the_first_screen_where_they_bear():
    q15 = then_and_now_html("q15", DATA).split("<details")[0]
    assert "Police and crime commissioners abolished" in q15 and "Planned for May 2028" in q15
    q14 = then_and_now_html("q14", DATA).split("<details")[0]
    assert "over three to four years" in q14 and "Community Support for Men" in q14
    q13 = then_and_now_html("q13", DATA).split("<details")[0]
    assert "Sentencing Act 2026" in q13 and "12 probation regions" in q13


@pytest.mark.parametrize("bid", IDS)
def test_no_internal_names_in_then_and_now(pages, bid):
    text = re.sub(r"<[^>]+>", " ", " ".join(widget_texts(pages[bid].panels["key_points"])))
    assert re.findall(r"\b[a-z]+(?:_[a-z0-9]+)+\b", text) == []


@pytest.mark.parametrize("bid", IDS)
def test_the_briefing_note_download_says_what_date_its_data_describe(pages, bid):
    from probation_briefing.present.export import briefing_note

    note = briefing_note(pages[bid].bundle())
    assert f"Data as at {long_date(tl.as_at().isoformat())}" in note


def test_q13_shows_todays_structure_and_the_sentencing_act_from_their_sources():
    from probation_briefing.briefings import get

    b = get("q13")
    params = b.parameters(DATA)
    today = b.view(params.defaults().replace(structure="regions_2021"), DATA)
    text = " ".join(c.text for c in today.caveats)
    ids = set(EVENTS["source_id"])
    assert "Today's structure" in text and "Greater Manchester runs its own procurement" in text
    act = EVENTS.set_index("event_id").loc["sentencing_act"]
    assert f"[{act['source_id']}]" in text and "£700 million" in text and "No official forecast" in text
    cited = set(re.findall(r"\[([A-Z]\d+)\]", text)) & {s for s in ids if s.startswith("T")}
    assert cited <= ids
    other = " ".join(c.text for c in b.view(params.defaults(), DATA).caveats)
    assert "Today's structure" not in other and "Sentencing Act 2026" in other
