"""Issue 25 item 4, a facilitator mode, in process: the facilitator's page written from the data (notes, exercises,
the room's address and its QR code, the timer's minutes), the participants' page without any note, the room's
exercise shown at the top of the settings, Compare's difference column and the preset that unticks."""

from __future__ import annotations

import re

import pytest
import segno
from conftest import widget_texts
from probation_briefing.briefings import get
from probation_briefing.data import catalogue, source
from probation_briefing.data.params import parameters
from probation_briefing.data.presets import DEFAULT_ID, presets
from probation_briefing.page import facilitator, workshop
from probation_briefing.present.html import esc
from probation_briefing.present.numbers import MINUS, difference
from probation_briefing.server.room import Rooms, room_address

IDS = list(catalogue.ids())
ADDRESS = "http://192.168.1.20:8866/q15"


def _notes() -> dict[str, list[str]]:
    return {b: workshop.facilitator_notes(source(), b) for b in IDS}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")))


def _room(briefing: str = "q15", **kw) -> facilitator.Room:
    return facilitator.Room(briefing, kw.pop("address", ADDRESS), f"/facilitator/{briefing}", "/", xsrf="tok", key="sesame", **kw)


# ---- the facilitator's page --------------------------------------------------------------------------


@pytest.mark.parametrize("bid", IDS)
def test_the_facilitators_page_has_every_note_and_exercise_and_a_start_form_for_each(bid):
    data = source()
    html = facilitator.page_html(_room(bid), data)
    text = _text(html)
    notes, items = workshop.facilitator_notes(data, bid), workshop.exercises(data, bid)
    assert notes and items
    for note in notes:
        assert note in text
    for e in items:
        assert e.text in text and f"Exercise {e.number} of {len(items)}" in text and f"Start exercise {e.number}" in text
    forms = re.findall(r'<form method="post" action="/facilitator/' + bid + r'" class="pb-fac-(?:start|stop)"[^>]*>(.*?)</form>', html)
    assert len(forms) == len(items) + 1  # a start form per exercise and one to stop showing it
    for form in forms:
        assert 'name="_xsrf" value="tok"' in form and 'name="key" value="sesame"' in form
    assert '<details class="pb-fac-notes">' in html and '<details class="pb-fac-notes" open' not in html  # closed, for a shared screen
    assert "<script src" not in html and "http" not in html.split("<script>")[1].split("</script>")[0]  # inline, offline


def _modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules a segno SVG draws: its dark path is runs of horizontal lines (``M x y``, then ``h n`` draws n
    modules, ``m dx dy`` moves), each line through the middle of a row of modules."""
    path = next(d for d in re.findall(r"<path([^>]*)/>", svg) if 'stroke="#0b0c0c"' in d)
    d = re.search(r' d="([^"]+)"', path).group(1)  # type: ignore[union-attr]
    x = y = 0.0
    dark: set[tuple[int, int]] = set()
    for op, a, b in re.findall(r"([MmHh])(-?[\d.]+)(?:[ ,](-?[\d.]+))?", d):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            n = float(a)
            dark |= {(int(y), int(x + i)) for i in range(int(n))}
            x += n
    return dark


def test_the_qr_code_is_made_from_the_exact_address_shown_beside_it():
    html = facilitator.page_html(_room(), source())
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(svgs) == 2 and svgs[0] == svgs[1]  # the page's code and the projector's
    # segno cannot decode: the modules drawn are those of the QR code of exactly this address (another draws others)
    qr = segno.make(ADDRESS, error="m", micro=False)
    border = 4
    want = {(r + border, c + border) for r, row in enumerate(qr.matrix) for c, v in enumerate(row) if v}
    assert _modules(svgs[0]) == want
    assert _modules(facilitator.qr_svg(ADDRESS + "/")) != want
    assert f'aria-label="QR code of the room\'s address, {ADDRESS}"' in html
    assert f'<p class="pb-fac-url"><a href="{ADDRESS}">{ADDRESS}</a></p>' in html  # the address as text beside it


def test_the_room_address_is_the_requests_host_or_this_computers_network_address():
    assert room_address("http", "10.1.2.3:8866", "/", "q15", "0.0.0.0") == ("http://10.1.2.3:8866/q15", "")
    assert room_address("https", "hub.example.org", "/user/ann/", "q13", "127.0.0.1") == ("https://hub.example.org/user/ann/q13", "")
    address, note = room_address("http", "127.0.0.1:8866", "/", "q15", "127.0.0.1")
    assert address == "http://127.0.0.1:8866/q15" and "make workshop IP=0.0.0.0" in note
    page = facilitator.page_html(_room(address=address, local_only=note), source())
    assert "make workshop IP=0.0.0.0" in page


def test_the_timer_starts_from_an_exercises_suggested_time_else_a_labelled_default(data_copy):
    html = facilitator.page_html(_room(), source())
    d = workshop.DEFAULT_MINUTES
    assert f'value="{d}"' in html and f"the timer uses {d} minutes (a default)" in html
    csv = data_copy / "workshop.csv"
    lines = csv.read_text().splitlines()
    lines = [ln + "15" if ln.startswith("q15,q15_p2,") else ln for ln in lines]  # the last column: minutes
    csv.write_text("\n".join(lines) + "\n")
    data = source(data_copy)
    html = facilitator.page_html(_room(running="q15_p2"), data)
    assert 'id="ex-2" data-item="q15_p2" data-minutes="15"' in html and "Suggested time: 15 minutes." in html
    assert 'value="15"' in html  # the running exercise's time is on the timer
    assert 'data-running="true"' in html and "Exercise 2 is showing" in html


def test_the_room_answers_participants_with_the_exercise_running():
    rooms = Rooms()
    assert rooms.answer("q15") == '{"exercise": "", "number": 0}'
    rooms.start("q15", "q15_p3", 3)
    assert rooms.answer("q15") == '{"exercise": "q15_p3", "number": 3}' and rooms.running("q15") == "q15_p3"
    assert rooms.answer("q13") == '{"exercise": "", "number": 0}'  # each briefing its own room
    rooms.start("q15", "", 0)
    assert rooms.answer("q15") == '{"exercise": "", "number": 0}'


# ---- the participants' page --------------------------------------------------------------------------


@pytest.mark.parametrize("bid", IDS)
def test_no_facilitator_note_is_on_a_participants_page(pages, bid):
    page = pages[bid]
    page.room.show(workshop.exercises(page.data, bid)[0].item_id)  # with an exercise showing, too
    shown = _text(" ".join(t for panel in page.panels.values() for t in widget_texts(panel)))
    shown += _text(page.sources_html())
    for notes in _notes().values():  # no briefing's notes, on any briefing's page
        for note in notes:
            assert note not in shown
    assert "facilitator notes" not in shown.lower()
    page.room.show("")


@pytest.mark.parametrize("bid", IDS)
def test_the_exercises_are_beside_the_presets(pages, bid):
    page = pages[bid]
    col = page.panels["controls"].children
    pick = next(i for i, c in enumerate(col) if "pb-presets" in c._dom_classes)
    listing = next(i for i, c in enumerate(col) if c is page.room.list)
    assert listing == pick + 2  # the picker, the settings in use, then the exercises
    for e in workshop.exercises(page.data, bid):
        assert esc(e.text) in page.room.list.value


def test_the_exercise_the_facilitator_starts_shows_at_the_top_of_the_settings(pages):
    page = pages["q15"]
    page.set_scenario(page.params.defaults())
    col = page.panels["controls"].children
    assert col[1].children == (page.room.watch, page.room.box)  # under the "Settings" heading, before the presets
    assert page.room.box.layout.display == "none" and page.room.watch.room == "q15"
    page.room.watch.exercise = "q15_p2"  # what the browser sets when the server says so
    e = workshop.exercises(page.data, "q15")[1]
    assert page.room.box.layout.display == "" and esc(e.text) in page.room.html.value
    assert "Exercise 2 of 4" in page.room.html.value
    page.room.use.click()  # set the controls to its starting point
    assert dict(page.scenario) == dict(page.presets[e.preset_id].scenario) and page.picker.radio.value == e.preset_id
    page.room.watch.exercise = "<script>alert(1)</script>"  # anything else the browser sends: nothing shown, nothing run
    assert page.room.box.layout.display == "none" and page.room.html.value == ""
    page.room.watch.exercise = ""
    assert page.room.box.layout.display == "none"
    page.set_scenario(page.params.defaults())


# ---- the preset that unticks -------------------------------------------------------------------------


@pytest.mark.parametrize("bid", IDS)
def test_a_preset_stays_ticked_until_a_setting_moves_away_from_it(pages, bid):
    page = pages[bid]
    pick, now = page.picker.radio, page.picker.now
    for pid, preset in page.presets.items():
        pick.value = pid
        assert pick.value == pid and dict(page.scenario) == dict(preset.scenario), pid  # the preset's values sit on the controls
        assert f"Settings in use: <strong>{esc(preset.label)}</strong>" in now.value
    # move one setting away from the last preset picked
    c = next(c for c in page.controls.values() if hasattr(c, "max") and c.value != c.max)
    runs = page.runs
    c.value = c.max
    assert pick.value is None and "Settings in use: <strong>Custom settings</strong>" in now.value and page.runs == runs + 1
    pick.value = pid  # picking the same preset again now applies it
    assert pick.value == pid and dict(page.scenario) == dict(page.presets[pid].scenario)
    page.set_scenario(page.params.defaults())
    assert "Default settings" in now.value


# ---- Compare -----------------------------------------------------------------------------------------


def _rows(html: str) -> dict[str, list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>")[1])
    out = {}
    for r in rows:
        cells = [_text(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r)]
        out[cells[0]] = cells[1:]
    return out


def test_compare_takes_any_two_presets_and_shows_b_minus_a_with_units(pages):
    page = pages["q15"]
    page.set_scenario(page.params.defaults())
    c = page.comparison
    box = workshop.panel(c)
    assert [w.description for w in box.children[1].children[:2]] == ["Scenario A", "Scenario B"]
    assert c.pick_a.value == workshop.CURRENT and c.pick_b.value == "preset:status_quo"  # never two identical columns at first
    keys = [k for _, k in c.options()]
    assert keys[0] == workshop.CURRENT and {f"preset:{p}" for p in page.presets} <= set(keys)
    c.pick_a.value, c.pick_b.value = "preset:modest", "preset:large"
    head = re.findall(r"<th scope[^>]*>(.*?)</th>", c.html.value)
    assert head == ["Figure", "A: Modest transfer (5% by population)", f"B: {page.presets['large'].label}", "Difference (B minus A)"]
    rows = _rows(c.html.value)
    a = {h.label: h for h in get("q15").view(page.presets["modest"].scenario, page.data).headlines}
    b = {h.label: h for h in get("q15").view(page.presets["large"].scenario, page.data).headlines}
    moved = rows["Moved to commissioners"]
    assert moved[:2] == [a["Moved to commissioners"].value, b["Moved to commissioners"].value]
    d = b["Moved to commissioners"].amount - a["Moved to commissioners"].amount
    assert d > 0 and moved[2] == f"+£{difference(0, d, '£ a year')[2:]}" and moved[2].endswith("m a year")
    left = rows["Left in the contracts"][2]
    assert left.startswith(MINUS + "£") and left.endswith("m a year")  # what moves leaves the contracts
    share = rows["Median delivery money kept, cut in mid-contract"][2]
    assert share.startswith(MINUS) and share.endswith("percentage points")  # a change in a share, in percentage points
    flagged = rows["Contract areas below the bidder threshold"][2]
    n = b["Contract areas below the bidder threshold"].amount - a["Contract areas below the bidder threshold"].amount
    assert flagged == (f"+{n:.0f} area{'s' if n != 1 else ''}" if n else "no difference")


def test_compare_with_the_current_settings_and_saved_settings(pages):
    page = pages["q15"]
    page.set_scenario(page.params.defaults())
    c = page.comparison
    workshop.panel(c)
    c.pick_a.value, c.pick_b.value = f"preset:{DEFAULT_ID}", workshop.CURRENT
    assert "the same settings" in c.html.value and {r[2] for r in _rows(c.html.value).values()} == {"no difference"}
    page.controls["share_pct"].value = 20  # the current settings move: B follows them
    assert "the same settings" not in c.html.value
    assert _rows(c.html.value)["Moved to commissioners"][1:] == ["about £90m a year", "+£45m a year"]
    key = c.save()
    assert c.label_of(key) == "Saved settings 1" and key in [k for _, k in c.pick_a.options]
    assert "Saved as “Saved settings 1”" in c.message.value
    page.controls["share_pct"].value = 30
    c.pick_a.value = key  # A: the saved 20%, B: the current 30%
    runs = page.runs
    assert _rows(c.html.value)["Moved to commissioners"] == ["about £90m a year", "about £140m a year", "+£45m a year"]
    page.controls["share_pct"].value = 10
    assert page.runs == runs + 1  # the saved scenario's figures are not worked out again
    assert _rows(c.html.value)["Moved to commissioners"][2] == f"{MINUS}£45m a year"
    page.set_scenario(page.params.defaults())


def test_compare_pairs_figures_whose_labels_name_different_areas():
    from probation_briefing.briefings.contract import Headline

    a = [Headline("Most commissioners in one area (Wales)", "4", amount=4, unit="commissioners")]
    b = [Headline("Most commissioners in one area (South East)", "7", amount=7, unit="commissioners")]
    t = workshop.comparison(("A", "B"), a, b)
    assert t.values.tolist() == [
        ["Most commissioners in one area (Wales) (A); Most commissioners in one area (South East) (B)", "4", "7", "+3 commissioners"]
    ]
    text = [Headline("Could bid under", "3 routes", amount=3, unit="routes")]
    assert workshop.comparison(("A", "B"), text, [Headline("Could bid under", "a few")]).iloc[0, 3] == "not comparable"


@pytest.mark.parametrize("bid", IDS)
def test_every_result_figure_can_be_compared(bid):
    """Each briefing's result figures carry their amount and unit, so Compare has a difference for each."""
    b, data = get(bid), source()
    for p in presets(parameters(bid, data), data):
        for h in b.view(p.scenario, data).headlines:
            assert h.unit and h.amount is not None and h.amount == h.amount, (bid, p.preset_id, h.label)
