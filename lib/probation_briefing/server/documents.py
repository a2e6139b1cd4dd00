"""Briefing documents (PDF, ODT, DOCX) made by the server, not the kernel, for the settings in their address.

A briefing page at ``<base_url>voila/render/<folder/>q14_....ipynb?share_pct=25`` links to
``briefing-document/q14.pdf?share_pct=25`` beside it, so the address works under any base URL and notebook folder
(``make serve`` serves ``briefings/`` at ``voila/render/``; JupyterHub at ``/user/<name>/voila/render/briefings/``).
The query is read as the page reads it (``page.urlstate``: numbers and fixed choices only, nothing evaluated; bad
values keep their default and are listed in the document). The document gives the page's full address, built from
the request: protocol, host, base URL, the notebook's path and the scenario's settings with the data's version.

An unknown briefing or format is refused with a plain message (the server answers 404 with it):

>>> document_file("q99", "pdf", "", "http://localhost/")
Traceback (most recent call last):
...
probation_briefing.server.documents.NotFound: There is no briefing called 'q99'. Briefing documents are made for q13, q14 and q15.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado.ioloop import IOLoop
from tornado.web import authenticated

from ..briefings import get
from ..data import catalogue, source
from ..publish import document, document_docx, document_odt, document_pdf

log = logging.getLogger(__name__)
#: The documents' address, beside the briefing pages (the notebooks' folder, then the briefing id and format).
ROUTE = r"/voila/render/((?:[^/]+/)*)briefing-document/([^/]+)"
#: The page-relative address the downloads panel links to (``briefing-document/q14.pdf?...``).
FOLDER = "briefing-document"
RENDERERS: dict[str, Callable[[document.Document], bytes]] = {
    "pdf": document_pdf.render,
    "odt": document_odt.render,
    "docx": document_docx.render,
}


class NotFound(LookupError):
    """No such briefing or format: the message says what there is."""


def _check(briefing_id: str, fmt: str) -> None:
    if briefing_id not in catalogue.ids():
        ids = catalogue.ids()
        listed = ", ".join(ids[:-1]) + f" and {ids[-1]}" if len(ids) > 1 else "".join(ids)
        raise NotFound(f"There is no briefing called {briefing_id[:40]!r}. Briefing documents are made for {listed}.")
    if fmt not in RENDERERS:
        raise NotFound(f"Briefing documents come as PDF, ODT or DOCX (.pdf, .odt, .docx), not {fmt[:20]!r}.")


@lru_cache(maxsize=16)
def _model(briefing_id: str, query: str, page_url: str, day: dt.date) -> document.Document:
    """The document for one scenario on one day (kept: the three formats of a scenario share one model run)."""
    return document.from_query(get(briefing_id), query, page_url, source(), generated=day)


@lru_cache(maxsize=32)
def _file(briefing_id: str, fmt: str, query: str, page_url: str, day: dt.date) -> bytes:
    return RENDERERS[fmt](_model(briefing_id, query, page_url, day))


def document_file(briefing_id: str, fmt: str, query: str, page_url: str) -> tuple[bytes, str, str]:
    """The file's bytes, MIME type and file name (``q14-briefing-2026-12-03.pdf``) for a briefing, a format and the
    page's query string; ``page_url`` is the briefing page's absolute address without its query."""
    _check(briefing_id, fmt)
    day = dt.date.today()
    body = _file(briefing_id, fmt, query, page_url, day)
    return body, document.FORMATS[fmt][0], f"{briefing_id}-briefing-{day.isoformat()}.{fmt}"


class BriefingDocumentHandler(JupyterHandler):
    """``briefing-document/<briefing id>.<pdf|odt|docx>?<the page's settings>`` beside the briefing pages."""

    #: Documents are made one at a time, off the server's event loop (each is a model run and a typesetting).
    workers = ThreadPoolExecutor(1, thread_name_prefix="briefing-document")

    def initialize(self, root_dir: str) -> None:
        self.root_dir = Path(root_dir).resolve()

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """A one-line plain message (a document address is followed from a link, not read as a page)."""
        self.set_header("Content-Type", "text/plain; charset=UTF-8")
        self.finish(f"{status_code} {self._reason}\n")

    @authenticated  # the server's own sign-in applies, as for the pages
    async def get(self, folder: str, name: str) -> None:
        briefing_id, _, fmt = name.rpartition(".")
        try:
            _check(briefing_id, fmt.lower())
        except NotFound as exc:
            self._not_found(str(exc))
            return
        notebook = catalogue.entry(briefing_id).notebook
        page = (self.root_dir / folder / notebook).resolve()
        if not page.is_relative_to(self.root_dir) or not page.is_file():
            self._not_found(f"There is no briefing page {folder}{notebook} here.")
            return
        request = self.request
        # the page's settings: Jupyter's sign-in token, where the address carries one, is no setting of the page
        query = urlencode([(k, v) for k, v in parse_qsl(request.query, keep_blank_values=True) if k != "token"])
        page_url = f"{request.protocol}://{request.host}{url_path_join(self.base_url, 'voila/render', folder, notebook)}"
        try:
            body, mime, filename = await IOLoop.current().run_in_executor(
                self.workers, document_file, briefing_id, fmt.lower(), query, page_url
            )
        except Exception:  # logged in full on the server; the reader gets a plain line
            log.exception("The briefing document %s could not be made", request.uri)
            self.set_status(500)
            self.set_header("Content-Type", "text/plain; charset=UTF-8")
            self.finish("Sorry, the briefing document could not be made. Please try again, or use the page's other downloads.\n")
            return
        self.set_header("Content-Type", mime)
        self.set_header("Content-Disposition", f'attachment; filename="{filename}"')
        self.set_header("Cache-Control", "private, no-cache")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.finish(body)

    def _not_found(self, message: str) -> None:
        self.set_status(404)
        self.set_header("Content-Type", "text/plain; charset=UTF-8")
        self.finish(message + "\n")


def document_handlers(base_url: str, root_dir: str) -> list[tuple[str, type[BriefingDocumentHandler], dict[str, str]]]:
    """The route for the briefing documents under ``base_url``."""
    return [(url_path_join(base_url, ROUTE), BriefingDocumentHandler, {"root_dir": root_dir})]
