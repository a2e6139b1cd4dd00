"""The workshop room on the briefings' server (issue 25 item 4): the facilitator's page needs its key, starting an
exercise needs the key and the server's XSRF token, participants' pages read the exercise running, and the room's
short address leads to the briefing. One-cell pages named as the briefings: the room is under test, not the pages.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
import voila_harness as vh
from probation_briefing.briefings import all_briefings
from probation_briefing.data import source
from probation_briefing.page import workshop

pytestmark = pytest.mark.server
KEY = "a-key-for-tests"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def _opener() -> tuple[urllib.request.OpenerDirector, http.cookiejar.CookieJar]:
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect), jar


def _call(opener, url: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> tuple[int, dict, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with opener.open(req, timeout=60) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


@pytest.fixture(scope="module")
def room_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("room")
    for b in all_briefings():
        vh.tiny_notebook(folder, b.notebook)
    with vh.voila(folder, preheat=False, extra=[f"--BriefingsVoila.facilitator_key={KEY}"], timeout=90) as srv:
        yield srv


def test_the_server_prints_each_facilitators_link_with_its_key(room_server):
    vh.until(lambda: "Facilitator's pages" in room_server.log(), 30, "the facilitator's links in the log")
    line = next(ln for ln in room_server.log().splitlines() if "Facilitator's pages (keep these links to yourself)" in ln)
    for b in ("q13", "q14", "q15"):
        assert re.search(rf"http://127\.0\.0\.1:\d+/facilitator/{b}\?key={KEY}", line), line


def test_the_facilitators_page_needs_its_key(room_server):
    opener, _ = _opener()
    notes = workshop.facilitator_notes(source(), "q15")
    for url in (f"{room_server.url}/facilitator/q15", f"{room_server.url}/facilitator/q15?key=wrong"):
        status, headers, body = _call(opener, url)
        assert status == 403 and "This page needs the facilitator's link" in body and notes[0][:40] not in body
    status, headers, body = _call(opener, f"{room_server.url}/facilitator/q15?key={KEY}")
    assert status == 200 and headers["Cache-Control"] == "no-store" and headers["Referrer-Policy"] == "no-referrer"
    assert all(n[:40].replace("'", "&#x27;") in body for n in notes)
    # the room's address is built from the request's host: the short address, and its QR code beside it
    assert re.search(r'<p class="pb-fac-url"><a href="http://127\.0\.0\.1:\d+/q15">', body) and "<svg" in body
    assert "make workshop IP=0.0.0.0" in body  # the test server listens to this computer alone: the page says so
    assert _call(opener, f"{room_server.url}/facilitator/q99?key={KEY}")[0] == 404


def test_an_exercise_is_started_with_the_key_and_the_xsrf_token_and_read_by_participants(room_server):
    opener, jar = _opener()
    page = f"{room_server.url}/facilitator/q15?key={KEY}"
    body = _call(opener, page)[2]
    token = re.search(r'name="_xsrf" value="([^"]+)"', body).group(1)  # type: ignore[union-attr]
    assert any(c.name == "_xsrf" for c in jar)
    post, state = f"{room_server.url}/facilitator/q15", f"{room_server.url}/room/q15.json"
    as_json = {"Accept": "application/json", "X-XSRFToken": token}
    assert json.loads(_call(opener, state)[2]) == {"exercise": "", "number": 0}
    # no XSRF token (another site's form): refused
    other, _ = _opener()
    assert _call(other, post, {"key": KEY, "exercise": "q15_p2"})[0] == 403
    # the token but not the key: refused, with a plain message
    status, _, body = _call(opener, post, {"key": "wrong", "exercise": "q15_p2", "_xsrf": token}, as_json)
    assert status == 403 and "out of date" in json.loads(body)["message"]
    # an exercise the briefing does not have
    status, _, body = _call(opener, post, {"key": KEY, "exercise": "q13_p1", "_xsrf": token}, as_json)
    assert status == 400 and json.loads(body)["message"] == "That exercise is not one of this briefing's."
    # started from the page's script
    status, _, body = _call(opener, post, {"key": KEY, "exercise": "q15_p2", "_xsrf": token}, as_json)
    assert status == 200 and json.loads(body)["exercise"] == "q15_p2" and "Exercise 2 is showing" in json.loads(body)["message"]
    status, headers, body = _call(_opener()[0], state)  # a participant: no cookie, no key
    assert status == 200 and json.loads(body) == {"exercise": "q15_p2", "number": 2} and headers["Cache-Control"] == "no-cache"
    assert json.loads(_call(opener, f"{room_server.url}/room/q13.json")[2])["exercise"] == ""  # each briefing its own room
    # started from the form, without the script: back to the page
    status, headers, _ = _call(opener, post, {"key": KEY, "exercise": "q15_p3", "_xsrf": token})
    assert status == 303 and headers["Location"] == f"/facilitator/q15?key={KEY}"
    assert 'data-item="q15_p3" data-minutes="10" aria-labelledby="ex-3-h" data-running="true"' in _call(opener, page)[2]
    # stopped
    _call(opener, post, {"key": KEY, "exercise": "", "_xsrf": token}, as_json)
    assert json.loads(_call(opener, state)[2]) == {"exercise": "", "number": 0}
    assert _call(opener, f"{room_server.url}/room/q99.json")[0] == 404


def test_the_rooms_short_address_leads_to_the_briefing(room_server):
    status, headers, _ = _call(_opener()[0], f"{room_server.url}/q15")
    assert status == 302 and headers["Location"] == "/voila/render/q15_pccs_and_funding.ipynb"
