"""The briefings' standalone server (``make serve``): Voila with compressed responses, cached assets, kernel-free
text pages and a workshop mode.

``python -m probation_briefing.server briefings/`` runs :class:`BriefingsVoila` (Voila's own command line and
``voila.json`` apply unchanged). On top of Voila it:

- compresses every text response (HTML, JavaScript, CSS, JSON) with gzip when the browser accepts it,
  versioned assets with Brotli once stored, and the widget messages on the websocket (permessage-deflate),
  and lets browsers keep versioned assets for a year (:mod:`.assets`); Voila's own bundle is served under a
  path naming the installed Voila version (``/voila/static/v0.5.13/...``), so an upgrade changes every address;
- makes each briefing's two-page document (PDF, ODT, DOCX) for the settings in its address (:mod:`.documents`);
- serves the pages with no controls (the landing page, the glossary and the accessibility statement) as
  static HTML, rendered once when the server starts (:mod:`.pages`); ``/`` redirects to the landing page;
- has a workshop mode, ``--workshop=q15 --seats=30``, which preheats a kernel per seat for one briefing
  (:mod:`.workshop_mode`);
- serves each briefing's facilitator's page, ``/facilitator/q15?key=...``, and the room's exercise that
  participants' pages show (:mod:`.room`); the key is printed when the server starts.

Under JupyterHub the same behaviour (apart from the versioned Voila path) comes from the server extension
(:mod:`.extension`).
"""

from __future__ import annotations

import logging
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from jupyter_server.utils import url_path_join
from tornado.ioloop import IOLoop, PeriodicCallback
from traitlets import Bool, Integer, Unicode
from voila import __version__ as voila_version
from voila.app import Voila
from voila.static_file_handler import MultiStaticFileHandler

from ..data import catalogue
from ..page import service
from . import workshop_mode
from .assets import add_transforms
from .documents import document_handlers
from .pages import STATIC_PAGES, StaticPageHandler, briefing_page_config, static_handlers
from .room import Rooms, public_host, room_handlers

log = logging.getLogger(__name__)
#: Voila's front end, served under a path naming its version so a browser may keep it for a year.
VERSIONED = f"voila/static/v{voila_version}"


def page_config_hook(page_config: dict[str, Any], base_url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Every page's config: Voila's front end at its versioned address, then :func:`.pages.briefing_page_config`."""
    page_config["fullStaticUrl"] = url_path_join(base_url, VERSIONED)
    return briefing_page_config(page_config, base_url)


class BriefingsVoila(Voila):
    """Voila, with compression, cached versioned assets, static service pages and a workshop mode."""

    name = "probation-briefings"
    aliases: ClassVar[dict[str, Any]] = {**Voila.aliases, "workshop": "BriefingsVoila.workshop", "seats": "BriefingsVoila.seats"}
    workshop = Unicode("", config=True, help="Workshop mode: the briefing (its id in data/briefings.csv) to preheat a kernel per seat for.")
    seats = Integer(30, config=True, help="Workshop mode: the number of seats (preheated kernels for the briefing).")
    facilitator_key = Unicode(
        "", config=True, help="The key in the facilitator's pages' links (default: a new random one each time the server starts)."
    )
    prerender_text_pages = Bool(
        True, config=True, help="Render the text pages when the server starts (else when first asked for; the test servers do that)."
    )

    def setup_template_dirs(self) -> None:
        super().setup_template_dirs()
        self.voila_configuration.page_config_hook = page_config_hook

    def init_settings(self) -> dict[str, Any]:
        self._configure_pools()
        settings = dict(super().init_settings())
        settings["websocket_compression_options"] = {}  # permessage-deflate for the widget messages
        return settings

    def _configure_pools(self) -> None:
        """Static pages get no kernel pool; in workshop mode the briefing gets one kernel per seat."""
        vkm = self.config.VoilaKernelManager
        vkm.preheat_denylist = [*vkm.get("preheat_denylist", []), *STATIC_PAGES]
        if not self.workshop:
            return
        try:
            self._workshop_nb = workshop_mode.notebook_for(self.workshop)
            workshop_mode.pools_config(self._workshop_nb, self.seats)
        except ValueError as e:  # a plain message, not a traceback
            self.log.critical(str(e))
            self.exit(2)
        default = self.voila_configuration.default_pool_size
        vkm.kernel_pools_config = workshop_mode.pools_config(self._workshop_nb, self.seats, default_pool=default)
        others = default * (len(list(Path(self.root_dir).glob("*.ipynb"))) - len(STATIC_PAGES) - 1)
        cap = self.config.CappedKernelManager
        cap.max_kernels = max(int(cap.get("max_kernels", 0)), workshop_mode.kernel_cap(self.seats, max(others, 0)))
        # Seats taken are refilled after the rush, not during it: a refill costs a kernel start and a run of
        # the notebook, CPU the arriving readers need (benchmarks/load.py).
        vkm.fill_delay = max(float(vkm.get("fill_delay", 0)), workshop_mode.REFILL_DELAY_S)
        self.log.info(
            "Workshop mode: %d preheated kernels for %s, at most %d kernels in all.", self.seats, self._workshop_nb, cap.max_kernels
        )

    def init_handlers(self) -> list[Any]:
        static = (url_path_join(self.server_url, VERSIONED, "(.*)"), MultiStaticFileHandler, {"paths": self.static_paths})
        if not self.facilitator_key:
            self.facilitator_key = secrets.token_urlsafe(12)
        rooms = room_handlers(self.server_url, Rooms(), self.facilitator_key, self.ip)
        documents = document_handlers(self.server_url, self.root_dir)
        return [*static_handlers(self.server_url, self.root_dir), *rooms, *documents, static, *super().init_handlers()]

    def facilitator_links(self) -> list[str]:
        """The facilitator's page of each briefing served, with its key (for the trainer alone)."""
        served = {p.name for p in Path(self.root_dir).glob("*.ipynb")}
        host = f"http://{public_host(self.ip)}:{self.port}"
        return [
            f"{host}{url_path_join(self.server_url, 'facilitator', b.id)}?key={self.facilitator_key}"
            for b in catalogue.briefings()
            if b.notebook in served
        ]

    def start(self) -> None:
        # Voila builds its Tornado application inside start(); the transforms are added as it starts listening.
        listen: Callable[[], None] = self.listen  # type: ignore[has-type]  # Voila is untyped

        def listen_with_transforms() -> None:
            add_transforms(self.app)
            if self.prerender_text_pages:
                IOLoop.current().add_callback(self._render_static_pages)
            if self.workshop:
                self._report_workshop()
            links = self.facilitator_links()
            if links:
                self.log.info("Facilitator's pages (keep these links to yourself): %s", "  ".join(links))
            listen()

        self.listen = listen_with_transforms
        super().start()

    async def _render_static_pages(self) -> None:
        """Render the text pages once at start-up, one after another, so no visitor waits for them."""
        for name in STATIC_PAGES:
            path = Path(self.root_dir, name).resolve()
            if path.is_file():
                try:
                    await StaticPageHandler.pages.get(path)
                except Exception:  # logged; the page is rendered again when asked for
                    log.exception("The page %s could not be rendered", name)

    def _report_workshop(self) -> None:
        """Say when the workshop pool is full and what the kernels hold, then whenever the count of ready kernels changes."""
        last: list[tuple[int, int]] = []
        watch = workshop_mode.PoolWatch(self.kernel_manager, self._workshop_nb, self.seats)

        def report() -> None:
            s = watch.status()
            key = (s.ready, s.kernels)
            if last and last[0] == key:
                return
            was_full = bool(last) and last[0][0] >= self.seats
            last[:] = [key]
            line = s.line(self._workshop_nb)
            if s.ready >= self.seats and not was_full:
                host = public_host(self.ip)
                line = f"Workshop pool is full. {line} Open http://{host}:{self.port}{self.server_url}voila/render/{self._workshop_nb}"
                mine = [x for x in self.facilitator_links() if f"/facilitator/{self.workshop}?" in x]
                if mine:
                    line += f" Facilitator's page (keep it to yourself): {mine[0]}"
            self.log.info(line)

        PeriodicCallback(report, 2000).start()


def main() -> None:
    """Run the briefings server (Voila's command line), once the service settings are known to be good: a bad feedback
    address (``PROBATION_FEEDBACK_URL`` or the data package's) stops it with a one-line message, not a broken footer on
    every page."""
    try:
        svc = service.settings()
    except ValueError as e:
        sys.exit(f"The briefings server did not start: {e}")
    if not svc.feedback_ready:
        log.warning(
            "Feedback is not set up: the pages say so. Set %s (a mailto: or https: address) or service.feedback_url in "
            "data/datapackage.json (README, 'Service settings').",
            service.FEEDBACK_ENV,
        )
    BriefingsVoila.launch_instance()


if __name__ == "__main__":
    main()
