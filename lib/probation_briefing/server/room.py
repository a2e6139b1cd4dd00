"""The workshop room: the facilitator's page of each briefing and the exercise it has started, kept in this server's
memory, which participants' pages ask for every few seconds.

- ``GET <base>facilitator/<briefing>?key=...``: the facilitator's page (:mod:`probation_briefing.page.facilitator`),
  written from the data, no kernel. The key is printed by the server when it starts (``--facilitator_key`` sets
  it): a participant who guesses the address sees a plain refusal, not the notes.
- ``POST <base>facilitator/<briefing>``: start an exercise (``exercise=<its id>``) or stop showing it
  (``exercise=``). It needs the key and the server's XSRF token (Jupyter Server checks the ``_xsrf`` cookie against
  the form or the ``X-XSRFToken`` header, and the request's origin), so another site cannot start one.
- ``GET <base>room/<briefing>.json``: ``{"exercise": id or "", "number": n}``, all a participant's page learns.
- ``GET <base><briefing>`` (``/q15``): the room's short address, sent on to the briefing's page; the facilitator's
  page shows it, and a QR code of it, for participants to type or scan.

Only the standalone server (``make serve``, ``make workshop``) keeps a room: under JupyterHub each user has a server
of their own, so there is no room to share, and a page's watcher stops asking at the first "not found".
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import re
import socket
from typing import Any
from urllib.parse import urlencode, urlsplit

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado.web import RequestHandler, authenticated

from ..data import DataSource, catalogue, source
from ..page import facilitator
from ..page.workshop import Exercise, exercises

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
ALL_INTERFACES = {"", "0.0.0.0", "::", "*"}  # names for "every interface", compared, not bound
REFUSED = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Facilitator's page: link needed – Probation briefings</title></head><body><main><h1>This page needs the facilitator's link</h1>"
    "<p>The facilitator's page opens from the link the server printed when it started (it ends with <code>?key=</code> and a code). "
    "If you are taking part in a workshop, open the briefing's page instead.</p>"
    '<p><a href="{home}">All briefings</a></p></main></body></html>'
)


class Rooms:
    """Each briefing's room: the exercise its facilitator has started ('' for none) and its number, in memory. What
    participants' pages ask for every few seconds is written once, when an exercise starts: asking costs nothing.

    >>> r = Rooms(); r.start("q15", "q15_p2", 2); r.running("q15"), r.answer("q15"), r.answer("q13")
    ('q15_p2', '{"exercise": "q15_p2", "number": 2}', '{"exercise": "", "number": 0}')
    """

    NONE = json.dumps({"exercise": "", "number": 0})

    def __init__(self) -> None:
        self._running: dict[str, tuple[str, str]] = {}  # briefing -> (exercise id, answer)

    def running(self, briefing: str) -> str:
        return self._running.get(briefing, ("", ""))[0]

    def answer(self, briefing: str) -> str:
        """The room's state as participants' pages read it: ``{"exercise": id or "", "number": n}``."""
        return self._running.get(briefing, ("", self.NONE))[1]

    def start(self, briefing: str, item_id: str, number: int) -> None:
        """Show exercise ``item_id`` (number ``number``) to the room; '' stops showing one."""
        self._running[briefing] = (item_id, json.dumps({"exercise": item_id, "number": number}) if item_id else self.NONE)


def lan_address() -> str | None:
    """This computer's address on its network (the interface a packet to another network would leave by; nothing is
    sent), or None when it has none."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.254.254.254", 1))
            ip = str(s.getsockname()[0])
    except OSError:
        return None
    return None if ipaddress.ip_address(ip).is_loopback or ip == "0.0.0.0" else ip


def public_host(listen_ip: str) -> str:
    """The host to print in the server's links: its own address when it listens on every interface.

    >>> public_host("127.0.0.1")
    '127.0.0.1'
    """
    return (lan_address() or "127.0.0.1") if listen_ip in ALL_INTERFACES else listen_ip


def _is_local(host: str) -> bool:
    name = (urlsplit(f"//{host}").hostname or "").lower()
    return name in LOCAL_HOSTS or name.startswith("127.")


def room_address(protocol: str, host: str, base_url: str, briefing: str, listen_ip: str) -> tuple[str, str]:
    """The room's address for a request to ``host`` (the short address of the briefing's page), and a note when it
    only works on this computer.

    Opened as localhost while the server listens on the network, the address uses this computer's network address.

    >>> room_address("http", "192.168.1.20:8866", "/", "q15", "0.0.0.0")
    ('http://192.168.1.20:8866/q15', '')
    >>> room_address("http", "localhost:8866", "/", "q15", "127.0.0.1")[1][:40]
    'Only this computer can open this address'
    """
    path = url_path_join(base_url, briefing)
    if not _is_local(host):
        return f"{protocol}://{host}{path}", ""
    port = urlsplit(f"//{host}").port
    lan = lan_address() if listen_ip in ALL_INTERFACES else None
    if lan:
        return f"{protocol}://{lan}{f':{port}' if port else ''}{path}", ""
    return f"{protocol}://{host}{path}", (
        "Only this computer can open this address: the server is listening to this computer alone. For a room, stop it "
        "(Ctrl-C) and start it again with make workshop IP=0.0.0.0 (then anyone on your network can open the briefings), "
        "and open this page again at the address it prints."
    )


class _RoomHandler(JupyterHandler):
    def initialize(self, rooms: Rooms, key: str, base: str, listen_ip: str, data: DataSource | None = None) -> None:
        self.rooms, self.key, self.base, self.listen_ip = rooms, key, base, listen_ip
        self.data = data

    def _source(self) -> DataSource:
        if self.data is None:
            self.data = source()
        return self.data

    def _exercises(self, briefing: str) -> list[Exercise] | None:
        """The briefing's exercises, or None (and a 404 sent) for a briefing the catalogue does not have."""
        if briefing not in catalogue.ids():
            self.set_status(404)
            self.set_header("Content-Type", "text/plain; charset=UTF-8")
            self.finish(f"There is no briefing '{briefing}'.\n")
            return None
        return exercises(self._source(), briefing)

    def _key_ok(self, given: str) -> bool:
        return not self.key or hmac.compare_digest(given.encode(), self.key.encode())

    def _no_store(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("Referrer-Policy", "no-referrer")  # the page's address holds the key
        self.set_header("X-Robots-Tag", "noindex")


class FacilitatorHandler(_RoomHandler):
    """The facilitator's page (GET), and starting or stopping an exercise for the room (POST)."""

    def _refuse(self) -> None:
        self.set_status(403)
        self._no_store()
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.finish(REFUSED.replace("{home}", url_path_join(self.base, "voila/render/index.ipynb")))

    @authenticated
    def get(self, briefing: str) -> None:
        items = self._exercises(briefing)
        if items is None:
            return
        key = self.get_argument("key", "")
        if not self._key_ok(key):
            self._refuse()
            return
        address, local_only = room_address(self.request.protocol, self.request.host, self.base, briefing, self.listen_ip)
        room = facilitator.Room(
            briefing,
            address,
            url_path_join(self.base, "facilitator", briefing),
            self.base,
            xsrf=self.xsrf_token.decode() if isinstance(self.xsrf_token, bytes) else str(self.xsrf_token),
            key=key,
            running=self.rooms.running(briefing),
            local_only=local_only,
        )
        self._no_store()
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.finish(facilitator.page_html(room, self._source()))

    @authenticated
    def post(self, briefing: str) -> None:
        items = self._exercises(briefing)
        if items is None:
            return
        key = self.get_body_argument("key", "")
        wants_json = "application/json" in self.request.headers.get("Accept", "")
        if not self._key_ok(key):
            if wants_json:
                self._json(403, {"message": "This page's link is out of date: the server has restarted. Open the new link it printed."})
            else:
                self._refuse()
            return
        item = self.get_body_argument("exercise", "")
        chosen = next((e for e in items if e.item_id == item), None)
        if item and chosen is None:
            self._json(400, {"message": "That exercise is not one of this briefing's."})
            return
        self.rooms.start(briefing, chosen.item_id if chosen else "", chosen.number if chosen else 0)
        self.log.info("Workshop room %s: %s", briefing, f"exercise {chosen.number} started" if chosen else "no exercise showing")
        if not wants_json:  # the form, sent without the page's script: back to the page
            self.redirect(url_path_join(self.base, "facilitator", briefing) + "?" + urlencode({"key": key}), status=303)
            return
        message = (
            f"Exercise {chosen.number} is showing at the top of the settings on every participant's page."
            if chosen
            else "No exercise is showing on participants' pages."
        )
        self._json(200, {**json.loads(self.rooms.answer(briefing)), "message": message})

    def _json(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self._no_store()
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))


class RoomStateHandler(RequestHandler):
    """What participants' pages ask every few seconds: the exercise running in the briefing's room (only the
    catalogue's briefings are routed here; the answer is written when an exercise starts).

    A plain handler, with no sign-in: the answer (an exercise's id and number) is public, and a request costs a
    fifth of what a Jupyter handler's does, for every participant every 5 seconds."""

    def initialize(self, rooms: Rooms) -> None:
        self.rooms = rooms

    def get(self, briefing: str) -> None:
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-cache")  # asked again each time; an unchanged answer is a 304 (its ETag)
        self.finish(self.rooms.answer(briefing))


class ShortLinkHandler(RequestHandler):
    """The room's short address (``/q15``) sends the reader on to the briefing's page."""

    def initialize(self, base: str) -> None:
        self.base = base

    def get(self, briefing: str) -> None:
        self.redirect(url_path_join(self.base, "voila/render", catalogue.entry(briefing).notebook))


def room_handlers(
    base_url: str, rooms: Rooms, key: str, listen_ip: str, data: DataSource | None = None
) -> list[tuple[str, type[RequestHandler], dict[str, Any]]]:
    """The routes of the facilitator's pages and the rooms, under ``base_url``."""
    kw: dict[str, Any] = {"rooms": rooms, "key": key, "base": base_url, "listen_ip": listen_ip, "data": data}
    ids = "|".join(re.escape(i) for i in catalogue.ids())
    return [
        (url_path_join(base_url, r"/facilitator/([a-z0-9_]+)/?"), FacilitatorHandler, kw),
        (url_path_join(base_url, rf"/room/({ids})\.json"), RoomStateHandler, {"rooms": rooms}),
        (url_path_join(base_url, rf"/({ids})/?"), ShortLinkHandler, {"base": base_url}),
    ]
