"""Compressed, cached assets: Brotli for versioned files (compressed once, then stored), gzip otherwise, and a
year's caching for files whose address names their version.

Tornado compresses with gzip only. Brotli is about 15% smaller on the roughly 1.2 MB of versioned assets a
briefing loads (the chart bundle, Voila's front end, the widget extensions), and Binder and JupyterHub
deployments have no reverse proxy the project controls, so the server does it (:class:`BrotliAssets`).

>>> assets_cache_control("/voila/templates/probation/static/chart-widget-vlc1.9.0-vl6.4-14c3662f6326.js")
'public, max-age=31536000, immutable'
>>> assets_cache_control("/voila/templates/probation/static/voila-style-0.5.13-861b782d4c1b.css")
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

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import ClassVar

import brotli  # type: ignore[import-untyped]  # no stubs published
from tornado import httputil
from tornado.web import Application, GZipContentEncoding, OutputTransform

ONE_YEAR = "public, max-age=31536000, immutable"
#: Asset addresses whose content never changes: a content hash in the file name, or Voila's version in the path.
_VERSIONED = (
    re.compile(r"/voila/labextensions/.+[.-][0-9a-f]{8,}\.(js|css|woff2?|svg)$"),
    re.compile(r"/voila/templates/[^/]+/static/.+-[0-9a-f]{12}\.(js|css)$"),
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


#: Voila's front end and the widget extensions: scripts whose code runs, nearly all of it, as a page starts.
_START_UP_SCRIPTS = re.compile(r"^/voila/(static/v\d[^/]*|labextensions)/.+\.js$")
#: V8's explicit compile hint (Chrome 136 and later; other browsers read a comment): compile every function in the
#: file as the file is fetched, on a background thread, instead of each one on the page's main thread when first
#: called. Chrome then also keeps the compiled code of every function in its code cache for the next visit.
COMPILE_HINT = b"//# allFunctionsCalledOnLoad\n"


class CompileHints(OutputTransform):
    """Adds :data:`COMPILE_HINT` to the start of Voila's and the widget extensions' scripts (issue 25: the page's
    long tasks were mostly these scripts compiled function by function on the main thread as Voila started).

    Only whole successful responses are changed (a range request or a 304 is left alone), and only before
    compression, so the stored Brotli copy holds the hint too.
    """

    def __init__(self, request: httputil.HTTPServerRequest) -> None:
        self._on = request.method == "GET" and bool(_START_UP_SCRIPTS.match(request.path)) and "Range" not in request.headers

    def transform_first_chunk(
        self, status_code: int, headers: httputil.HTTPHeaders, chunk: bytes, finishing: bool
    ) -> tuple[int, httputil.HTTPHeaders, bytes]:
        if not self._on or status_code != 200 or "Content-Encoding" in headers:
            return status_code, headers, chunk
        if "Content-Length" in headers:
            headers["Content-Length"] = str(int(headers["Content-Length"]) + len(COMPILE_HINT))
        return status_code, headers, COMPILE_HINT + chunk


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
    ['VersionedAssetsCache', 'CompileHints', 'BrotliAssets', 'GZipContentEncoding']
    """
    ours = [VersionedAssetsCache, CompileHints, BrotliAssets, GZipContentEncoding]
    app.transforms[:] = [t for t in app.transforms if t not in ours] + ours
