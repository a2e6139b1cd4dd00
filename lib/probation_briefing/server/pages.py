"""The pages the server writes itself: the text pages as static HTML (no kernel, no JavaScript), ``/`` sent to the
landing page, the template's error pages for them, and what every briefing page's config gets.

The landing page, the glossary and the accessibility statement are text and links: each notebook is run once
(:mod:`.text_pages`) and its HTML served to everyone.

>>> STATIC_PAGES
('index.ipynb', 'glossary.ipynb', 'accessibility.ipynb')
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path
from typing import Any

from jinja2 import TemplateNotFound
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado.web import HTTPError, RequestHandler, authenticated
from voila.utils import create_include_assets_functions

from ..page import chart_bundle, service, voila_style
from .text_pages import StaticPages

log = logging.getLogger(__name__)
#: Pages with no controls (text and links), served as static HTML: no kernel, no JavaScript.
STATIC_PAGES = (service.LANDING, service.GLOSSARY, service.ACCESSIBILITY)
STATIC_ROUTE = r"/voila/render/((?:[^/]+/)*(?:" + "|".join(re.escape(n) for n in STATIC_PAGES) + "))"
UNAVAILABLE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sorry, there is a problem - Probation briefings</title>'
    "</head><body><main><h1>Sorry, there is a problem with the service</h1><p>The list of briefings could not be shown. "
    "Please try again in a few minutes.</p></main></body></html>"
)
#: The template's stand-in for MathJax (see :func:`briefing_page_config`).
NO_MATHJAX = "no-mathjax.js"


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
    return [
        (url_path_join(base_url, STATIC_ROUTE), StaticPageHandler, {"root_dir": root_dir}),
        (url_path_join(base_url, r"/?"), RootRedirect, {"target": url_path_join(base_url, "voila/render", landing)}),
    ]


@functools.lru_cache(maxsize=1)
def _template_static() -> tuple[str, str, str | None]:
    """The template's static address, the chart bundle's file name and the stylesheet's (None where setup has not
    written it: the template then keeps Voila's ``voila-style.js``)."""
    style: str | None = None
    try:
        style = voila_style.stylesheet_name()
        if not (voila_style.template_static_dir() / style).is_file():
            log.warning("%s is missing (run `python -m probation_briefing.page.voila_style`): pages load voila-style.js", style)
            style = None
    except FileNotFoundError:  # no voila-style.js, or no template folder
        style = None
    return f"voila/templates/{chart_bundle.TEMPLATE}/static", chart_bundle.bundle_name(), style


def briefing_page_config(page_config: dict[str, Any], base_url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """What every page's config gets, from the standalone server or under a Jupyter server (Voila's ``page_config_hook``).

    - ``pbChartBundleUrl``: the template preloads the chart bundle, so it downloads while Voila starts up.
    - ``pbStyleUrl``: Voila's styles as a stylesheet (:mod:`..page.voila_style`), which the template links in place of
      the script ``voila-style.js``; left out when the file was not written.
    - No MathJax: Voila's front end would load MathJax 3 (about 180 kB with its parts) to typeset an empty
      element. With a MathJax 2 address set it loads that script instead, here a 0.5 kB stand-in (the
      briefings have no mathematics).

    >>> c = briefing_page_config({}, "/user/ann/")
    >>> c["fullMathjaxUrl"], c["mathjaxConfig"], c["pbChartBundleUrl"].startswith("/user/ann/voila/templates/probation/static/chart-widget-")
    ('/user/ann/voila/templates/probation/static/no-mathjax.js', 'none', True)
    """
    static, bundle, style = _template_static()
    page_config["pbChartBundleUrl"] = url_path_join(base_url, static, bundle)
    if style is not None:
        page_config["pbStyleUrl"] = url_path_join(base_url, static, style)
    page_config["fullMathjaxUrl"] = url_path_join(base_url, static, NO_MATHJAX)
    page_config["mathjaxConfig"] = "none"
    return page_config
