"""The web server for the briefings: Voila with compressed responses, cached assets and kernel-free text pages.

``make serve`` runs ``python -m probation_briefing.web briefings/`` (Voila's own command line and
``voila.json`` apply unchanged). On top of Voila it:

- compresses every text response (HTML, JavaScript, CSS, JSON) with gzip when the browser accepts it,
  versioned assets with Brotli once stored (:class:`BrotliAssets`), and the widget messages on the
  websocket (permessage-deflate);
- lets browsers keep versioned assets for a year: files whose names carry a content hash (the chart
  bundle, the widget extensions' chunks) and Voila's own bundle, which is served under a path naming the
  installed Voila version (``/voila/static/v0.5.13/...``), so an upgrade changes every address;
- serves the pages with no controls (the landing page, the glossary and the accessibility statement) as
  static HTML: each notebook is run once, when the server starts, and never per visitor, so these pages
  need no kernel and no JavaScript (:mod:`probation_briefing.page.static_pages`); ``/`` redirects to the
  landing page;
- has a workshop mode, ``--workshop=q15 --seats=30``, which preheats a kernel per seat for one briefing
  (:mod:`probation_briefing.workshop`).

Under JupyterHub the same behaviour (apart from the versioned Voila path) comes from the server
extension in this module: ``jupyter server --ServerApp.jpserver_extensions="{'probation_briefing.web': True}"``.

>>> assets_cache_control("/voila/templates/probation/static/chart-widget-vlc1.9.0-vl6.4-14c3662f6326.js")
'public, max-age=31536000, immutable'
>>> assets_cache_control("/voila/labextensions/anywidget/static/528.d9f5934c.js")
'public, max-age=31536000, immutable'
>>> assets_cache_control("/voila/static/v0.5.13/7155.voila.js")
'public, max-age=31536000, immutable'
>>> assets_cache_control("/voila/templates/probation/static/voila-style.js", "v=f8119197a6dca99873188bf3")
'public, max-age=31536000, immutable'
>>> assets_cache_control("/voila/labextensions/anywidget/static/remoteEntry.js") is None
True
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, ClassVar

from jupyter_server.base.handlers import JupyterHandler
from tornado import httputil
from tornado.web import Application, GZipContentEncoding, HTTPError, OutputTransform, RequestHandler, authenticated

from .page import service
from .page.static_pages import StaticPages

log = logging.getLogger(__name__)
#: Pages with no controls (text and links), served as static HTML: no kernel, no JavaScript.
STATIC_PAGES = (service.LANDING, service.GLOSSARY, service.ACCESSIBILITY)
STATIC_ROUTE = r"/voila/render/((?:[^/]+/)*(?:" + "|".join(re.escape(n) for n in STATIC_PAGES) + "))"
UNAVAILABLE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sorry, there is a problem - Probation briefings</title>'
    "</head><body><main><h1>Sorry, there is a problem with the service</h1><p>The list of briefings could not be shown. "
    "Please try again in a few minutes.</p></main></body></html>"
)

ONE_YEAR = "public, max-age=31536000, immutable"
#: The template's stand-in for MathJax (see the page-config hook).
NO_MATHJAX = "no-mathjax.js"
#: Asset addresses whose content never changes: a content hash in the file name, or Voila's version in the path.
_VERSIONED = (
    re.compile(r"/voila/labextensions/.+[.-][0-9a-f]{8,}\.(js|css|woff2?|svg)$"),
    re.compile(r"/voila/templates/[^/]+/static/.+-[0-9a-f]{12}\.js$"),
    re.compile(r"/voila/static/v\d[^/]*/.+\.(js|css|woff2?|svg|ttf|eot)$"),
)


_VERSION_ARG = re.compile(r"(^|&)v=[0-9a-f]{16,}(&|$)")


def assets_cache_control(path: str, query: str = "") -> str | None:
    """The ``Cache-Control`` a versioned asset at ``path`` gets, or None (the server's default applies).

    Versioned: a content hash in the file name, Voila's version in the path, or a template file linked with
    its content hash as ``?v=`` (``resources.include_js``).
    """
    if any(p.search(path) for p in _VERSIONED):
        return ONE_YEAR
    if path.startswith("/voila/templates/") and _VERSION_ARG.search(query):
        return ONE_YEAR
    return None


def _request_cache_control(request: httputil.HTTPServerRequest) -> str | None:
    """:func:`assets_cache_control` for a request, worked out once (both asset transforms ask)."""
    if not hasattr(request, "_pb_cache_control"):
        request._pb_cache_control = assets_cache_control(request.path, request.query)  # type: ignore[attr-defined]
    return request._pb_cache_control  # type: ignore[attr-defined]


class VersionedAssetsCache(OutputTransform):
    """Marks successful responses for versioned assets (see :func:`assets_cache_control`) as cacheable for a year."""

    def __init__(self, request: httputil.HTTPServerRequest) -> None:
        self._cache = _request_cache_control(request)

    def transform_first_chunk(
        self, status_code: int, headers: httputil.HTTPHeaders, chunk: bytes, finishing: bool
    ) -> tuple[int, httputil.HTTPHeaders, bytes]:
        if self._cache and status_code in (200, 304):
            headers["Cache-Control"] = self._cache
            headers.pop("Expires", None)
            # A shared file sets no cookie: the identity cookie the server adds to every response (about
            # 0.5 kB, on each of a page's hundred assets) belongs with the page, and a public cache must not keep it.
            if "Set-Cookie" in headers:
                del headers["Set-Cookie"]
        return status_code, headers, chunk


class BrotliAssets(OutputTransform):
    """Brotli (about 15% smaller than gzip) for versioned assets, compressed once per file at the highest setting.

    Compressing at that setting takes seconds per megabyte, too slow for a request. So the first request
    for a file is sent with gzip while a worker thread compresses the file; every later request gets the
    stored Brotli copy. Only assets that never change (:func:`assets_cache_control`) are stored, keyed by
    address and ``Etag``; a browser that does not accept ``br`` gets gzip as before.
    """

    QUALITY = 11
    _store: ClassVar[dict[tuple[str, str], bytes]] = {}
    _pending: ClassVar[set[tuple[str, str]]] = set()
    _lock = threading.Lock()
    _workers: ClassVar[ThreadPoolExecutor | None] = None

    def __init__(self, request: httputil.HTTPServerRequest) -> None:
        accepts = "br" in [e.split(";")[0].strip() for e in request.headers.get("Accept-Encoding", "").split(",")]
        self._on = accepts and request.method == "GET" and _request_cache_control(request) is not None
        self._path = request.uri or request.path
        self._key: tuple[str, str] | None = None
        self._parts: list[bytes] | None = None
        self._hit = False

    def transform_first_chunk(
        self, status_code: int, headers: httputil.HTTPHeaders, chunk: bytes, finishing: bool
    ) -> tuple[int, httputil.HTTPHeaders, bytes]:
        if not self._on or status_code != 200 or "Content-Encoding" in headers:
            return status_code, headers, chunk
        # The address names the version; the Etag (or, where the handler sets none, the date and size) guards it.
        self._key = (self._path, str(headers.get("Etag") or f"{headers.get('Last-Modified')}/{headers.get('Content-Length')}"))
        stored = self._store.get(self._key)
        if stored is not None:
            self._hit = True
            headers["Content-Encoding"] = "br"
            headers["Content-Length"] = str(len(stored))
            headers["Vary"] = "Accept-Encoding"
            return status_code, headers, stored
        self._parts = [chunk]  # passed on as it is (gzip follows), and kept to compress afterwards
        if finishing:
            self._compress_later(chunk)
        return status_code, headers, chunk

    def transform_chunk(self, chunk: bytes, finishing: bool) -> bytes:
        if self._hit:
            return b""
        if self._parts is not None:
            self._parts.append(chunk)
            if finishing:
                self._compress_later(b"".join(self._parts))
        return chunk

    def _compress_later(self, body: bytes) -> None:
        key = self._key
        assert key is not None
        with self._lock:
            if key in self._pending or key in self._store:
                return
            self._pending.add(key)
            if BrotliAssets._workers is None:
                BrotliAssets._workers = ThreadPoolExecutor(1, thread_name_prefix="brotli")
        BrotliAssets._workers.submit(self._compress, key, body)

    @classmethod
    def _compress(cls, key: tuple[str, str], body: bytes) -> None:
        import brotli  # type: ignore[import-untyped]  # no stubs published

        packed = brotli.compress(body, quality=cls.QUALITY)
        with cls._lock:
            cls._store[key] = packed
            cls._pending.discard(key)


def add_transforms(app: Application) -> None:
    """Add compression (Brotli for stored assets, else gzip) and a year's caching of versioned assets to a Tornado application.

    Brotli must come before gzip: a response gzip has already compressed is left alone. A server started with
    Tornado's ``compress_response`` has gzip first, so it is moved behind (never added twice).

    >>> app = Application(compress_response=True)
    >>> add_transforms(app); add_transforms(app)
    >>> [t.__name__ for t in app.transforms]
    ['VersionedAssetsCache', 'BrotliAssets', 'GZipContentEncoding']
    """
    ours = [VersionedAssetsCache, BrotliAssets, GZipContentEncoding]
    app.transforms[:] = [t for t in app.transforms if t not in ours] + ours


class StaticPageHandler(JupyterHandler):
    """A page with no controls (:data:`STATIC_PAGES`) as static HTML, rendered once per file (no kernel per visit)."""

    pages = StaticPages()

    def initialize(self, root_dir: str) -> None:
        self.root_dir = Path(root_dir).resolve()

    def _notebook(self, path: str) -> Path:
        """The text page's notebook under the server's folder, or 404."""
        nb = (self.root_dir / path).resolve()
        if not nb.is_relative_to(self.root_dir) or not nb.is_file():
            raise HTTPError(404)
        return nb

    def _page_headers(self) -> None:
        self.xsrf_token  # noqa: B018 - sets the server's _xsrf cookie, which the briefings' API calls send back
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-cache")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """The template's page for the status (``404.html``: "Page not found"), as Voila's own handlers show it.

        Jupyter Server's error pages need a ``static_path`` setting Voila's app does not have; without
        Voila's templates (or with no page for the status) the reader gets a one-line message.
        """
        from jinja2 import TemplateNotFound
        from voila.utils import create_include_assets_functions

        from .page import chart_bundle

        env = self.settings.get("voila_jinja2_env")
        try:
            page = env.get_template(f"{status_code}.html") if env is not None else None
        except TemplateNotFound:
            page = None
        if page is None:
            self.set_header("Content-Type", "text/plain; charset=UTF-8")
            self.finish(f"{status_code} {self._reason}\n")
            return
        assets = create_include_assets_functions(chart_bundle.TEMPLATE, self.base_url)
        self.finish(page.render(**self.template_namespace, **assets, theme="light"))  # voila.json's theme

    @authenticated  # the server's own sign-in applies (a JupyterHub user's server is theirs alone)
    async def get(self, path: str) -> None:
        nb = self._notebook(path)
        try:
            page = await self.pages.get(nb)
        except Exception:  # logged in full on the server; the reader gets a plain page
            log.exception("The page %s could not be rendered", path)
            self.set_status(503)
            self.finish(UNAVAILABLE)
            return
        self._page_headers()
        self.finish(page)

    @authenticated
    async def head(self, path: str) -> None:
        """The headers only: how a briefing opened by its link gets the server's ``_xsrf`` cookie (no page sent)."""
        self._notebook(path)
        self._page_headers()
        self.finish()


class RootRedirect(RequestHandler):
    """``/`` goes to the landing page (whose relative links to the briefings then resolve)."""

    def initialize(self, target: str) -> None:
        self.target = target

    def get(self) -> None:
        self.redirect(self.target)


def static_handlers(base_url: str, root_dir: str, landing: str = "index.ipynb") -> list[tuple[str, type[RequestHandler], dict[str, str]]]:
    """Routes for the kernel-free pages under ``base_url``, and ``base_url`` itself redirected to ``landing``."""
    from jupyter_server.utils import url_path_join

    return [
        (url_path_join(base_url, STATIC_ROUTE), StaticPageHandler, {"root_dir": root_dir}),
        (url_path_join(base_url, r"/?"), RootRedirect, {"target": url_path_join(base_url, "voila/render", landing)}),
    ]


@functools.lru_cache(maxsize=1)
def _template_static() -> tuple[str, str]:
    from .page import chart_bundle

    return f"voila/templates/{chart_bundle.TEMPLATE}/static", chart_bundle.bundle_name()


def briefing_page_config(page_config: dict[str, Any], base_url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """What every page's config gets, from the standalone server or under a Jupyter server (Voila's ``page_config_hook``).

    - ``pbChartBundleUrl``: the template preloads the chart bundle, so it downloads while Voila starts up.
    - No MathJax: Voila's front end would load MathJax 3 (about 180 kB with its parts) to typeset an empty
      element. With a MathJax 2 address set it loads that script instead, here a 0.5 kB stand-in (the
      briefings have no mathematics).

    >>> c = briefing_page_config({}, "/user/ann/")
    >>> c["fullMathjaxUrl"], c["mathjaxConfig"], c["pbChartBundleUrl"].startswith("/user/ann/voila/templates/probation/static/chart-widget-")
    ('/user/ann/voila/templates/probation/static/no-mathjax.js', 'none', True)
    """
    from jupyter_server.utils import url_path_join

    static, bundle = _template_static()
    page_config["pbChartBundleUrl"] = url_path_join(base_url, static, bundle)
    page_config["fullMathjaxUrl"] = url_path_join(base_url, static, NO_MATHJAX)
    page_config["mathjaxConfig"] = "none"
    return page_config


# --- the standalone server (make serve) ---------------------------------------------------------------


def _voila_app() -> Any:
    from jupyter_server.utils import url_path_join
    from tornado.ioloop import IOLoop
    from traitlets import Bool, Integer, Unicode
    from voila import __version__ as voila_version
    from voila.app import Voila
    from voila.static_file_handler import MultiStaticFileHandler

    versioned = f"voila/static/v{voila_version}"

    def page_config_hook(page_config: dict[str, Any], base_url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        page_config["fullStaticUrl"] = url_path_join(base_url, versioned)
        return briefing_page_config(page_config, base_url)

    class BriefingsVoila(Voila):
        """Voila, with compression, cached versioned assets, static service pages and a workshop mode."""

        name = "probation-briefings"
        aliases: ClassVar[dict[str, Any]] = {**Voila.aliases, "workshop": "BriefingsVoila.workshop", "seats": "BriefingsVoila.seats"}
        workshop = Unicode("", config=True, help="Workshop mode: the briefing (q13, q14, q15) to preheat a kernel per seat for.")
        seats = Integer(30, config=True, help="Workshop mode: the number of seats (preheated kernels for the briefing).")
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
            from . import workshop

            try:
                self._workshop_nb = workshop.notebook_for(self.workshop)
                workshop.pools_config(self._workshop_nb, self.seats)
            except ValueError as e:  # a plain message, not a traceback
                self.log.critical(str(e))
                self.exit(2)
            default = self.voila_configuration.default_pool_size
            vkm.kernel_pools_config = workshop.pools_config(self._workshop_nb, self.seats, default_pool=default)
            others = default * (len(list(Path(self.root_dir).glob("*.ipynb"))) - len(STATIC_PAGES) - 1)
            cap = self.config.CappedKernelManager
            cap.max_kernels = max(int(cap.get("max_kernels", 0)), workshop.kernel_cap(self.seats, max(others, 0)))
            # Seats taken are refilled after the rush, not during it: a refill costs a kernel start and a run of
            # the notebook, CPU the arriving readers need (benchmarks/load.py).
            vkm.fill_delay = max(float(vkm.get("fill_delay", 0)), workshop.REFILL_DELAY_S)
            self.log.info(
                "Workshop mode: %d preheated kernels for %s, at most %d kernels in all.", self.seats, self._workshop_nb, cap.max_kernels
            )

        def init_handlers(self) -> list[Any]:
            static = (url_path_join(self.server_url, versioned, "(.*)"), MultiStaticFileHandler, {"paths": self.static_paths})
            return [*static_handlers(self.server_url, self.root_dir), static, *super().init_handlers()]

        def start(self) -> None:
            # Voila builds its Tornado application inside start(); the transforms are added as it starts listening.
            listen: Callable[[], None] = self.listen  # type: ignore[has-type]  # Voila is untyped

            def listen_with_transforms() -> None:
                add_transforms(self.app)
                if self.prerender_text_pages:
                    IOLoop.current().add_callback(self._render_static_pages)
                if self.workshop:
                    self._report_workshop()
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
            from tornado.ioloop import PeriodicCallback

            from . import workshop

            last: list[tuple[int, int]] = []
            watch = workshop.PoolWatch(self.kernel_manager, self._workshop_nb, self.seats)

            def report() -> None:
                s = watch.status()
                key = (s.ready, s.kernels)
                if last and last[0] == key:
                    return
                was_full = bool(last) and last[0][0] >= self.seats
                last[:] = [key]
                line = s.line(self._workshop_nb)
                if s.ready >= self.seats and not was_full:
                    line = (
                        f"Workshop pool is full. {line} Open http://{self.ip}:{self.port}{self.server_url}voila/render/{self._workshop_nb}"
                    )
                self.log.info(line)

            PeriodicCallback(report, 2000).start()

    return BriefingsVoila


def main() -> None:
    """Run the briefings server (Voila's command line)."""
    _voila_app().launch_instance()


# --- JupyterHub: a Jupyter server extension -------------------------------------------------------------


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "probation_briefing.web"}]


def install_page_config_hook(app: Application) -> int:
    """Give the Voila handlers of a Jupyter server (Voila's server extension) :func:`briefing_page_config`, unless
    they have a page-config hook already; returns how many Voila configurations were changed."""
    seen: set[int] = set()

    def rules(router: Any) -> Iterator[Any]:
        for rule in getattr(router, "rules", []):
            if hasattr(rule.target, "rules"):
                yield from rules(rule.target)
            else:
                yield rule

    for rule in rules(app.default_router):
        conf = (rule.target_kwargs or {}).get("voila_configuration")
        if conf is not None and id(conf) not in seen and getattr(conf, "page_config_hook", None) is None:
            conf.page_config_hook = briefing_page_config
            seen.add(id(conf))
    return len(seen)


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Under a Jupyter server (JupyterHub's single-user server): compression, cached assets, static landing page,
    and the briefings' page config (chart bundle preloaded, no MathJax)."""
    from tornado.ioloop import IOLoop

    web_app = serverapp.web_app
    add_transforms(web_app)
    # Voila's own extension may load after this one: its handlers are there once the server is running.
    IOLoop.current().add_callback(install_page_config_hook, web_app)
    web_app.add_handlers(".*$", static_handlers(web_app.settings.get("base_url", "/"), serverapp.root_dir)[:1])
    # Tornado matches rules in order; put the landing page ahead of Voila's own /voila/render/ route.
    rules = web_app.default_router.rules
    rules.insert(0, rules.pop(-2))


if __name__ == "__main__":
    main()
