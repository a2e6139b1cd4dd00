"""The facilitator mode in a browser (issue 25 item 4), on the run's server over the real briefings: the facilitator
starts an exercise on their page and the participants' page shows its question at the top of the settings; no
briefing's page shows any facilitator's note; the facilitator's page works by keyboard, offline, passes axe and
reflows at 320 pixels.
"""

from __future__ import annotations

import re

import pytest
import voila_harness as vh
from probation_briefing.data import catalogue, source
from probation_briefing.page import workshop
from test_browser import BRIEFINGS, CI, _axe_violations, _open

pytestmark = pytest.mark.browser
Q15 = catalogue.entry("q15").notebook


@pytest.fixture(scope="module")
def server(briefings_server):
    """The run's server over the real briefings (tests/conftest.py), with Debian's chromium to drive it."""
    if vh.chromium_path() is None:
        if CI:
            pytest.fail("Debian's chromium is not installed - CI=true, so the browser tests must run")
        pytest.skip("Debian's chromium is not installed (/usr/bin/chromium or `chromium` on PATH)")
    return briefings_server


@pytest.fixture(scope="module")
def context(server):
    with vh.browser() as ctx:
        ctx.set_default_navigation_timeout(120_000)  # a page's first render, on a busy machine
        yield ctx


def _key(server) -> str:
    m = re.search(r"/facilitator/q15\?key=(\S+)", server.log())
    assert m, "the server printed no facilitator's link"
    return m.group(1)


def _all_notes() -> list[str]:
    return [n for b in catalogue.ids() for n in workshop.facilitator_notes(source(), b)]


@pytest.mark.parametrize("nb", BRIEFINGS)
def test_no_facilitator_note_on_a_participants_page(context, server, nb):
    page, _ = _open(context, server, nb)
    try:
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        text = page.evaluate("() => document.body.innerText + ' ' + document.body.textContent")
        text = re.sub(r"\s+", " ", text)
        for note in _all_notes():  # each note's whole text (a note may open with a sentence the page also says)
            assert note not in text, note
        assert "Show facilitator notes" not in text
        assert page.locator(".pb-exercises summary").count() == 1  # the exercises, beside the presets
    finally:
        page.close()


def test_the_facilitator_starts_an_exercise_and_the_participants_page_shows_it(context, server):
    items = workshop.exercises(source(), "q15")
    second = items[1]
    participant, pw = _open(context, server, Q15)
    fac = context.new_page()
    fw = vh.watch(fac)
    try:
        room = participant.locator(".pb-room-exercise")
        assert room.count() == 0 or not room.first.is_visible()
        fac.goto(f"{server.url}/facilitator/q15?key={_key(server)}")
        assert fac.title().startswith("Facilitator: Q15")
        # the notes are on this page, closed
        notes = fac.locator("details.pb-fac-notes")
        assert notes.get_attribute("open") is None
        assert workshop.facilitator_notes(source(), "q15")[0][:50] in notes.text_content()
        # step through by keyboard: Next, then "Start exercise 2"
        assert fac.locator("#ex-pos").inner_text() == f"Exercise 1 of {len(items)}"
        fac.locator("#ex-next").focus()
        fac.keyboard.press("Enter")
        assert fac.locator("#ex-pos").inner_text() == f"Exercise 2 of {len(items)}"
        assert fac.locator("#ex-2").is_visible() and not fac.locator("#ex-1").is_visible()
        start = fac.get_by_role("button", name="Start exercise 2")
        start.focus()
        fac.keyboard.press("Enter")
        fac.wait_for_function("() => document.getElementById('room-status').textContent.includes('Exercise 2 is showing')")
        assert fac.locator("#ex-2").get_attribute("data-running") == "true"
        # the participants' page shows its question within a few seconds, at the top of the settings
        participant.wait_for_function(
            "t => [...document.querySelectorAll('.pb-room-exercise')].some(e => e.offsetParent && e.innerText.includes(t))",
            arg=second.text[:60],
            timeout=30_000,
        )
        box = participant.locator(".pb-room-exercise").first
        assert "Exercise 2 of 4" in box.inner_text()
        in_settings = participant.evaluate(
            """() => { const b = document.querySelector('.pb-room-exercise'), col = b.closest('.pb-controls-col');
                 const presets = col && col.querySelector('.pb-presets');
                 return !!presets && !!(b.compareDocumentPosition(presets) & Node.DOCUMENT_POSITION_FOLLOWING); }"""
        )
        assert in_settings, "the exercise is not in the settings column, above the presets"
        said = participant.locator(".pb-room-watch [role=status]").first.text_content()
        assert "Your facilitator has started exercise 2" in said
        # the button sets the controls to the exercise's starting point: its preset is ticked
        participant.get_by_role("button", name="Set the controls to its starting point").click()
        participant.wait_for_function(
            "t => [...document.querySelectorAll('.pb-preset-now')].some(e => e.innerText.includes(t))", arg=second.preset_label
        )
        # the facilitator stops showing it: it goes from the participants' page
        stop = fac.get_by_role("button", name="Stop showing the exercise")
        stop.click()
        fac.wait_for_function("() => document.getElementById('room-status').textContent.includes('No exercise')")
        participant.wait_for_function(
            "() => ![...document.querySelectorAll('.pb-room-exercise')].some(e => e.offsetParent)", timeout=30_000
        )
        for w in (pw, fw):
            assert w.blocked == [] and w.page_errors == [], (w.blocked, w.page_errors)
    finally:
        fac.close()
        participant.close()


def test_the_facilitators_page_timer_works_by_keyboard_passes_axe_and_reflows(context, server):
    fac = context.new_page()
    w = vh.watch(fac)
    try:
        fac.goto(f"{server.url}/facilitator/q15?key={_key(server)}")
        clock = fac.locator("#clock")
        assert clock.inner_text() == f"{workshop.DEFAULT_MINUTES:02d}:00"
        fac.locator("#timer-start").focus()
        fac.keyboard.press("Enter")
        fac.wait_for_function(f"() => document.getElementById('clock').textContent !== '{workshop.DEFAULT_MINUTES:02d}:00'", timeout=5000)
        fac.locator("#timer-pause").focus()
        fac.keyboard.press("Enter")
        paused = clock.inner_text()
        fac.wait_for_timeout(1500)
        assert clock.inner_text() == paused and "Timer paused" in fac.locator("#timer-status").text_content()
        fac.locator("#minutes").fill("3")
        fac.locator("#minutes").press("Tab")
        assert clock.inner_text() == "03:00"
        fac.locator("#timer-reset").click()
        assert clock.inner_text() == "03:00"
        # the address large, for the projector: a dialog that Escape closes
        fac.get_by_role("button", name="Show the address large, for the projector").click()
        assert fac.locator("#projector").is_visible()
        fac.keyboard.press("Escape")
        assert not fac.locator("#projector").is_visible()
        assert _axe_violations(fac) == []
        fac.set_viewport_size({"width": 320, "height": 800})
        sizes = fac.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert sizes[0] <= sizes[1] + 1, f"the facilitator's page scrolls sideways at 320 px: {sizes}"
        assert w.blocked == [] and w.console_errors == [] and w.page_errors == []
    finally:
        fac.close()
