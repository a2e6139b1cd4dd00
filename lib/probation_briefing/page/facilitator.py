"""The facilitator's page for a briefing's workshop: a static page written from the data (no kernel), served by the
briefings' server at ``<base>facilitator/<briefing>`` (:mod:`probation_briefing.server.room`).

It holds what participants must not see (the notes for the facilitator), the room's address with a QR code of it,
a step-through of the exercises whose "Start exercise N" shows the exercise's question on every participant's
page, and a timer. Its script is inline and small: the page works offline, and without a script every exercise
is listed and each "Start" button still works (a form sent to the server).

>>> from probation_briefing.data import source
>>> html = page_html(Room("q15", "http://192.168.1.20:8866/voila/render/q15_pccs_and_funding.ipynb", "/facilitator/q15/room",
...                       "/", xsrf="t", key="k"), source())
>>> "Exercise 1 of 4" in html and "192.168.1.20" in html and "<svg" in html and "<script" in html
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import segno

from ..data import DataSource, catalogue
from ..data.params import parameters
from ..data.presets import presets
from ..present.html import esc, stylesheet
from .service import footer_html, settings
from .workshop import DEFAULT_MINUTES, Exercise, exercises, facilitator_notes


@dataclass(frozen=True)
class Room:
    """Where the page is: the briefing, the participants' address (the room's), where the page sends the exercise
    started, the server's base URL, the form's XSRF token, the facilitator's key ('' where none is needed), the
    exercise running now ('' for none) and a note when the address only works on this computer."""

    briefing: str
    address: str
    post_url: str
    base_url: str
    xsrf: str = ""
    key: str = ""
    running: str = ""
    local_only: str = ""


@lru_cache(maxsize=64)
def qr_svg(address: str) -> str:
    """The QR code of ``address`` (exactly that text) as inline SVG, sized by its container (no width or height).

    >>> svg = qr_svg("http://10.0.0.5:8866/voila/render/q15_pccs_and_funding.ipynb")
    >>> svg.startswith("<svg") and "viewBox" in svg and 'width="' not in svg.split(">")[0]
    True
    """
    qr = segno.make(address, error="m", micro=False)
    return str(qr.svg_inline(scale=1, border=4, dark="#0b0c0c", light="#ffffff", omitsize=True, svgclass="pb-qr-svg"))


def qr_figure(address: str) -> str:
    """The QR code with the address written beside it (a phone's camera, or type it in)."""
    return (
        f'<div class="pb-fac-room"><div class="pb-qr" role="img" aria-label="QR code of the room\'s address, {esc(address)}">'
        f"{qr_svg(address)}</div>"
        f'<div class="pb-fac-address"><p>Participants open:</p><p class="pb-fac-url"><a href="{esc(address)}">{esc(address)}</a></p>'
        "<p>Scan the code with a phone's camera, or type the address into a browser.</p></div></div>"
    )


def _exercise_html(e: Exercise, total: int, room: Room) -> str:
    minutes = e.minutes or DEFAULT_MINUTES
    timing = (
        f"Suggested time: {e.minutes} minutes."
        if e.minutes
        else f"No time is suggested for this exercise in data/workshop.csv: the timer uses {DEFAULT_MINUTES} minutes (a default)."
    )
    start = f"<p><strong>Start from:</strong> {esc(e.preset_label)}</p>" if e.preset_label else ""
    running = ' data-running="true"' if room.running == e.item_id else ""
    return (
        f'<section class="pb-fac-ex" id="ex-{e.number}" data-item="{esc(e.item_id)}" data-minutes="{minutes}"'
        f' aria-labelledby="ex-{e.number}-h"{running}>'
        f'<h3 id="ex-{e.number}-h">Exercise {e.number} of {total}</h3>'
        f'<p class="pb-fac-prompt">{esc(e.text)}</p>{start}<p class="pb-fac-time">{esc(timing)}</p>'
        f'<form method="post" action="{esc(room.post_url)}" class="pb-fac-start">'
        f'<input type="hidden" name="_xsrf" value="{esc(room.xsrf)}"><input type="hidden" name="key" value="{esc(room.key)}">'
        f'<input type="hidden" name="exercise" value="{esc(e.item_id)}">'
        f'<button type="submit" class="pb-fac-button pb-fac-primary">Start exercise {e.number}</button></form></section>'
    )


def _status_text(items: list[Exercise], running: str) -> str:
    e = next((x for x in items if x.item_id == running), None)
    if e is None:
        return "No exercise is showing on participants' pages."
    return f"Exercise {e.number} is showing at the top of the settings on every participant's page."


TIMER_HTML = """<section class="pb-fac-timer" aria-labelledby="timer-h"><h2 id="timer-h">Timer</h2>
<p class="pb-fac-clock" id="clock" role="timer" aria-live="off" aria-atomic="true">{minutes:02d}:00</p>
<p><label for="minutes">Minutes</label> <input id="minutes" type="number" min="1" max="120" step="1" value="{minutes}" inputmode="numeric"></p>
<p class="pb-fac-buttons"><button type="button" class="pb-fac-button" id="timer-start">Start timer</button>
<button type="button" class="pb-fac-button" id="timer-pause" disabled>Pause</button>
<button type="button" class="pb-fac-button" id="timer-reset">Reset</button></p>
<p id="timer-note" class="pb-fac-note">{note}</p>
<p class="pb-visually-hidden" id="timer-status" role="status" aria-live="polite"></p>
<noscript><p>The timer needs JavaScript, which is switched off in this browser.</p></noscript></section>"""

SCRIPT = """(() => {
  const $ = (id) => document.getElementById(id);
  const exs = [...document.querySelectorAll('.pb-fac-ex')];
  const status = $('room-status'), said = $('room-said');
  let at = Math.max(0, exs.findIndex((e) => e.dataset.running === 'true'));
  const nav = $('ex-nav'), pos = $('ex-pos'), prev = $('ex-prev'), next = $('ex-next');
  const show = (i, focus) => {
    at = Math.min(Math.max(i, 0), exs.length - 1);
    exs.forEach((e, j) => { e.hidden = j !== at; });
    pos.textContent = `Exercise ${at + 1} of ${exs.length}`;
    prev.disabled = at === 0; next.disabled = at === exs.length - 1;
    if (focus) exs[at].querySelector('h3').focus();
  };
  // Timer: counts down from the minutes set; the clock is not read out every second, only its start, pause and end.
  const clock = $('clock'), minutes = $('minutes'), tStatus = $('timer-status');
  const tStart = $('timer-start'), tPause = $('timer-pause'), tReset = $('timer-reset');
  let left = Number(minutes.value) * 60, ends = null, tick = null;
  const fmt = (s) => `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  const draw = () => { clock.textContent = fmt(Math.max(0, left)); clock.classList.toggle('pb-fac-up', left <= 0); };
  const stop = () => { if (tick) clearInterval(tick); tick = null; ends = null; tStart.disabled = false; tPause.disabled = true; };
  const setMinutes = (m, say) => {
    if (!(m >= 1 && m <= 120)) return;
    stop(); minutes.value = String(Math.round(m)); left = Math.round(m) * 60; draw();
    if (say) tStatus.textContent = `Timer set to ${Math.round(m)} minutes.`;
  };
  tStart.addEventListener('click', () => {
    if (left <= 0) left = Number(minutes.value) * 60;
    ends = Date.now() + left * 1000; tStart.disabled = true; tPause.disabled = false;
    tStatus.textContent = `Timer started: ${fmt(left)} to go.`;
    tick = setInterval(() => {
      left = Math.round((ends - Date.now()) / 1000); draw();
      if (left <= 0) { stop(); left = 0; draw(); tStatus.textContent = 'Time is up.'; }
    }, 250);
  });
  tPause.addEventListener('click', () => { stop(); draw(); tStatus.textContent = `Timer paused at ${fmt(left)}.`; tStart.focus(); });
  tReset.addEventListener('click', () => setMinutes(Number(minutes.value), true));
  minutes.addEventListener('change', () => setMinutes(Number(minutes.value), true));
  prev.addEventListener('click', () => show(at - 1, true));
  next.addEventListener('click', () => show(at + 1, true));
  nav.hidden = false;
  // Start (or stop) an exercise for the room without leaving the page; the form still works without this script.
  const running = (id) => {
    exs.forEach((e) => { if (e.dataset.item === id) e.dataset.running = 'true'; else delete e.dataset.running; });
    $('room-stop').hidden = !id;
  };
  document.querySelectorAll('form.pb-fac-start, form.pb-fac-stop').forEach((form) => {
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        const r = await fetch(form.action, { method: 'POST', body: new FormData(form), credentials: 'same-origin',
          headers: { Accept: 'application/json', 'X-XSRFToken': form.elements._xsrf.value } });
        const s = await r.json();
        if (!r.ok) throw new Error(s.message || 'The server refused.');
        running(s.exercise);
        status.textContent = s.message;
        said.textContent = s.message;
        const e = exs.find((x) => x.dataset.item === s.exercise);
        if (e) setMinutes(Number(e.dataset.minutes), false);
      } catch (err) {
        said.textContent = `That did not work: ${err.message} Reload the page and try again.`;
      }
    });
  });
  const dialog = $('projector');
  $('show-room').addEventListener('click', () => dialog.showModal());
  $('close-room').addEventListener('click', () => dialog.close());
  $('show-room').hidden = false;
  exs.forEach((e) => { e.querySelector('h3').tabIndex = -1; });
  show(at, false);
})();"""


def page_html(room: Room, data: DataSource) -> str:
    """The facilitator's page for ``room.briefing``."""
    entry = catalogue.entry(room.briefing)
    labels = {p.preset_id: p.label for p in presets(parameters(room.briefing, data), data)}
    items = exercises(data, room.briefing, labels)
    notes = facilitator_notes(data, room.briefing)
    first = next((e for e in items if e.item_id == room.running), items[0] if items else None)
    minutes = (first.minutes or DEFAULT_MINUTES) if first else DEFAULT_MINUTES
    note = (
        f"Starts at the exercise's suggested time, or {DEFAULT_MINUTES} minutes (a default) where it has none. "
        "Change the minutes as you like."
    )
    local = f'<div class="pb-notice warn" role="status">{esc(room.local_only)}</div>' if room.local_only else ""
    stop_form = (
        f'<form method="post" action="{esc(room.post_url)}" class="pb-fac-stop" id="room-stop"{"" if room.running else " hidden"}>'
        f'<input type="hidden" name="_xsrf" value="{esc(room.xsrf)}"><input type="hidden" name="key" value="{esc(room.key)}">'
        '<input type="hidden" name="exercise" value=""><button type="submit" class="pb-fac-button">Stop showing the exercise</button></form>'
    )
    ex_html = "".join(_exercise_html(e, len(items), room) for e in items) or "<p>This briefing has no workshop exercises.</p>"
    notes_html = (
        f'<details class="pb-fac-notes"><summary>Notes for the facilitator ({len(notes)})</summary>'
        "<p>Closed when the page opens, so they do not show if you share this screen.</p>"
        f"<ol>{''.join(f'<li>{esc(n)}</li>' for n in notes)}</ol></details>"
        if notes
        else "<p>No notes for this briefing.</p>"
    )
    projector = (
        '<dialog id="projector" class="pb-fac-projector" aria-labelledby="projector-h">'
        f'<h2 id="projector-h">Join the workshop: {esc(entry.short_title or entry.title)}</h2>{qr_figure(room.address)}'
        '<p><button type="button" class="pb-fac-button" id="close-room">Close (Escape)</button></p></dialog>'
    )
    title = f"Facilitator: Q{entry.question} {entry.short_title or entry.title}"
    body = (
        '<a class="pb-skip-link" href="#main">Skip to main content</a>'
        f'<main id="main" class="pb-page pb-fac" tabindex="-1"><h1>{esc(title)}</h1>'
        "<p>This page is for you, the facilitator: participants do not see it. Keep its link to yourself. "
        "Share the room's address below, start each exercise when the groups are ready, and keep time.</p>"
        f'<section aria-labelledby="room-h"><h2 id="room-h">The room\'s address</h2>{local}{qr_figure(room.address)}'
        '<p><button type="button" class="pb-fac-button" id="show-room" hidden>Show the address large, for the projector</button></p>'
        f"{projector}</section>"
        f'<div class="pb-fac-grid"><section class="pb-fac-exercises" aria-labelledby="ex-h"><h2 id="ex-h">Exercises</h2>'
        f'<p class="pb-fac-status" id="room-status">{esc(_status_text(items, room.running))}</p>{stop_form}'
        '<p class="pb-visually-hidden" id="room-said" role="status" aria-live="polite"></p>'
        '<nav class="pb-fac-nav" id="ex-nav" aria-label="Exercises" hidden><button type="button" class="pb-fac-button" id="ex-prev">'
        'Previous<span class="pb-visually-hidden"> exercise</span></button> <span id="ex-pos"></span> '
        '<button type="button" class="pb-fac-button" id="ex-next">Next<span class="pb-visually-hidden"> exercise</span></button></nav>'
        f"{ex_html}</section>"
        f"{TIMER_HTML.format(minutes=minutes, note=esc(note))}</div>"
        f'<section aria-labelledby="notes-h"><h2 id="notes-h">Your notes</h2>{notes_html}</section>'
        f"{footer_html()}</main>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="robots" content="noindex">\n'
        f'<title>{esc(title)} – {esc(settings().name)}</title>\n<link rel="icon" href="data:,">\n'
        f'<base href="{esc(room.base_url.rstrip("/") + "/voila/render/")}">\n'
        f"<style>{stylesheet()}</style>\n</head>\n<body>\n{body}\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )
