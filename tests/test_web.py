"""Light pages (issue 14): compressed responses, cached versioned assets, text pages with no kernel, workshop mode.

The server is the one `make serve` runs (``python -m probation_briefing.server``): over the real briefings (the
run's shared server, tests/conftest.py) for what depends on them, over a one-cell page (tests/notebooks/) for
what the server does to any page. Sizes on the wire as a browser sees them, and the time to the first chart,
are measured by ``benchmarks/wire.py`` (``make bench``), not here.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import voila_harness as vh
from probation_briefing.data import catalogue
from probation_briefing.page import service
from probation_briefing.server import extension, pages
from probation_briefing.server.pages import STATIC_PAGES

ROOT = vh.ROOT
Q15 = "q15_pccs_and_funding.ipynb"
LANDING_LIMIT = 100_000  # bytes on the wire (issue 14)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def fetch(url: str, *, gzip_ok: bool = True, follow: bool = True) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-case names) and the body as sent (still compressed when the server compressed it)."""
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(req, timeout=120) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def text(headers: dict[str, str], body: bytes) -> str:
    return (gzip.decompress(body) if headers.get("content-encoding") == "gzip" else body).decode("utf-8")


@pytest.fixture(scope="module")
def server(briefings_server):
    """The real briefings, as make serve serves them: the text pages rendered at start-up."""
    return briefings_server


@pytest.fixture(scope="module")
def q15(server) -> tuple[dict[str, str], str]:
    status, headers, body = fetch(f"{server.url}/voila/render/{Q15}")
    assert status == 200
    return headers, text(headers, body)


@pytest.fixture(scope="module")
def tiny(tiny_server) -> tuple[dict[str, str], str]:
    """A page Voila renders (a one-cell notebook), as sent: headers and HTML."""
    status, headers, body = fetch(f"{tiny_server.url}/voila/render/tiny.ipynb")
    assert status == 200
    return headers, text(headers, body)


def test_briefing_html_is_compressed(tiny):
    headers, html = tiny
    assert headers.get("content-encoding") == "gzip"
    assert "Accept-Encoding" in headers.get("vary", "")
    assert "<html" in html


def test_a_browser_that_does_not_ask_gets_plain_text(server):
    _, headers, body = fetch(f"{server.url}/voila/render/index.ipynb", gzip_ok=False)
    assert "content-encoding" not in headers and body.lstrip().startswith(b"<!DOCTYPE html>")


def test_versioned_assets_are_compressed_and_cached_for_a_year(tiny_server, tiny):
    from voila import __version__

    server = tiny_server
    config = vh.page_config(tiny[1])
    static = config["fullStaticUrl"]
    assert static.endswith(f"voila/static/v{__version__}"), static  # Voila's bundle sits under a path naming its version
    for url in (f"{static}/voila.js", config["pbChartBundleUrl"], config["pbStyleUrl"]):
        status, headers, body = fetch(server.url + url)
        assert status == 200, url
        assert headers.get("content-encoding") == "gzip", url
        assert headers.get("cache-control") == "public, max-age=31536000, immutable", url
        assert "set-cookie" not in headers, url  # a shared, cached file sets no cookie
        assert len(body) < 400_000, (url, len(body))
    # a widget extension's chunk, named by its content hash
    ext = next(e for e in config["federated_extensions"] if e["name"] == "anywidget")
    entry = f"{server.url}/voila/labextensions/{ext['name']}/{ext['load']}"
    status, headers, _ = fetch(entry)
    assert status == 200 and headers.get("content-encoding") == "gzip"
    # the same file at an address with no version is not kept for a year: an upgrade could change it
    _, headers, _ = fetch(f"{server.url}/voila/static/voila.js")
    assert "immutable" not in headers.get("cache-control", "")


def until_brotli(url: str, timeout: float) -> tuple[str | None, dict[str, str], bytes]:
    """Ask for ``url`` (accepting Brotli) until it comes Brotli-compressed or ``timeout`` passes: the server sends
    an asset with gzip while it makes its Brotli copy. Returns the last answer's encoding, headers and body."""
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    deadline = time.monotonic() + timeout
    while True:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            encoding, headers, body = r.headers.get("Content-Encoding"), dict(r.headers), r.read()
        if encoding == "br" or time.monotonic() > deadline:
            return encoding, headers, body
        assert encoding == "gzip"
        time.sleep(0.5)


def test_versioned_assets_come_with_brotli_once_stored(tiny_server, tiny):
    """The first request for an asset gets gzip while the server compresses it with Brotli; later ones get Brotli."""
    brotli = pytest.importorskip("brotli")
    url = tiny_server.url + vh.page_config(tiny[1])["pbChartBundleUrl"]
    encoding, _, body = until_brotli(url, 60)
    assert encoding == "br"
    plain = fetch(url, gzip_ok=False)[2]
    assert brotli.decompress(body) == plain
    assert len(body) < 0.9 * len(gzip.compress(plain, 6))


def test_voilas_scripts_start_after_the_first_paint_and_come_with_a_compile_hint(tiny_server, tiny):
    """Issue 25 (blocking time): Voila's front end is not a parser-blocking script; the page adds it once painted. Its
    scripts and the widget extensions' start with V8's compile hint (compiled off the main thread as they arrive),
    plain and compressed, with a Content-Length that counts it; other files are sent as they are."""
    from probation_briefing.server.assets import COMPILE_HINT

    html = tiny[1]
    config = vh.page_config(html)
    static = config["fullStaticUrl"]
    assert f'<script src="{static}/voila.js"' not in html and json.dumps(f"{static}/voila.js") in html
    assert '<link rel="modulepreload"' not in html.split("<body", 1)[0]  # the chart bundle waits for the paint too
    ext = next(e for e in config["federated_extensions"] if e["name"] == "anywidget")
    for url in (f"{static}/voila.js", f"/voila/labextensions/{ext['name']}/{ext['load']}"):
        status, headers, body = fetch(tiny_server.url + url, gzip_ok=False)
        assert status == 200 and body.startswith(COMPILE_HINT), url
        assert int(headers["content-length"]) == len(body), url
        status, headers, packed = fetch(tiny_server.url + url)
        assert headers.get("content-encoding") == "gzip" and gzip.decompress(packed).startswith(COMPILE_HINT), url
    for url in (config["pbChartBundleUrl"], "/voila/templates/probation/static/probation.css"):
        assert not fetch(tiny_server.url + url, gzip_ok=False)[2].startswith(COMPILE_HINT), url


def test_the_workspace_preview_is_sent_as_html_with_the_page(q15):
    """A preheated kernel's workspace preview (page/preview.py) is part of the page's HTML, charts drawn: it
    shows before any script has run. It is not also sent as data for Voila's scripts."""
    html = q15[1]
    start = html.find('data-pb-ready=".pb-results-col"')
    assert start > 0, "no workspace preview in the page"
    preview = html[start : html.index('<script type="application/vnd.voila.cell-output+json">', start)]
    assert preview.count("<svg") >= 1 and 'aria-hidden="true"' in preview
    assert "pb_preview" not in html  # the output's marker stays on the server
    # the live workspace is still drawn by Voila's scripts, after the preview
    assert html.index("pb-preview-output") < html.rindex("application/vnd.voila.cell-output+json")


def test_the_first_screen_and_every_text_output_are_in_the_page_before_any_script(q15):
    """The key points and 'then and now' come with the page as HTML, ahead of the live box that replaces them; every
    output that is only HTML (text, tables, the sources, the footer) is written into the page as HTML. Only widgets are
    left to Voila's scripts (issue 25)."""
    html = q15[1]
    body = html[html.index('<div id="rendered_cells"') :]
    points = body.find('data-pb-ready=".pb-key-points"')
    assert 0 < points < body.find('data-pb-ready=".pb-results-col"'), "the key points preview must come first"
    first = body[points : body.index("application/vnd.voila.cell-output+json", points)]
    assert "Key points" in first and "Then and now" in first and 'class="pb-kp ' in first and "aria-hidden" not in first
    scripts = re.findall(r'<script type="application/vnd.voila.cell-output\+json">(.*?)</script>', body, re.S)
    assert scripts, "the widgets are still drawn by Voila's scripts"
    for data in (json.loads(s)["data"] for s in scripts):
        assert "application/vnd.jupyter.widget-view+json" in data, sorted(data)
    for text in ("<h2>Sources and assumptions</h2>", '<footer class="pb-footer">', "How this model works"):
        assert text in body, text
    assert body.count('class="lm-Widget jp-RenderedHTMLCommon jp-RenderedHTML jp-OutputArea-output pb-server-html"') >= 5


def test_voila_loads_a_stand_in_for_mathjax(tiny_server, tiny):
    """Voila's front end would load MathJax 3 (about 180 kB) for pages with no mathematics; its MathJax 2 setting
    points at a small local stand-in instead."""
    url = vh.page_config(tiny[1])["fullMathjaxUrl"]
    assert url.endswith("/no-mathjax.js")
    status, headers, body = fetch(tiny_server.url + url + "?config=none&amp;delayStartupUntil=configured")
    js = text(headers, body)
    assert status == 200 and len(js) < 1000 and "window.MathJax" in js and "StartupHook" in js


def test_the_text_pages_answer_head_with_the_xsrf_cookie_and_no_page(server):
    """A briefing opened by its link gets the server's _xsrf cookie from the landing page's headers alone."""
    req = urllib.request.Request(f"{server.url}/voila/render/index.ipynb", method="HEAD")
    with urllib.request.urlopen(req, timeout=60) as r:
        assert r.status == 200 and r.read() == b""
        assert any(c.startswith("_xsrf=") for c in r.headers.get_all("Set-Cookie") or [])


def test_the_chart_bundle_is_preloaded(tiny):
    """Preloaded once the page is painted, beside Voila's own scripts (voila_setup.macro.html.j2)."""
    html = tiny[1]
    url = vh.page_config(html)["pbChartBundleUrl"]
    loader = html[html.index("var bundle = ") :]
    assert loader.startswith(f"var bundle = {json.dumps(url)};") and "pre.rel = 'modulepreload'" in loader


def test_voilas_styles_are_linked_as_a_stylesheet_not_run_as_a_script(tiny):
    """page/voila_style.py's stylesheet in place of voila-style.js, which held up the first paint (issue 25)."""
    html = tiny[1]
    url = vh.page_config(html)["pbStyleUrl"]
    link = f'<link rel="stylesheet" type="text/css" href="{url}">'
    assert link in html and "voila-style.js" not in html
    assert html.index(link) < html.index("/theme-light.css") < html.index("/probation.css")  # the house style wins


def test_widget_messages_are_compressed(tiny_server, tiny):
    """The kernel websocket agrees to permessage-deflate (the widget states are JSON, several hundred kB)."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    kernel = vh.page_config(tiny[1])["kernelId"]
    url = tiny_server.url.replace("http", "ws") + f"/api/kernels/{kernel}/channels"
    found: list[str] = []

    async def run() -> None:
        ws = await websocket_connect(HTTPRequest(url), compression_options={})
        found.append(ws.headers.get("Sec-WebSocket-Extensions", ""))
        ws.close()

    vh.run_async(run, timeout=30)  # Playwright may hold this thread's loop
    assert found and "permessage-deflate" in found[0], found


@pytest.mark.parametrize("nb", STATIC_PAGES)
def test_text_pages_are_static_with_no_kernel_and_small(server, nb):
    # A text page that started a kernel would start one on every try; a kernel another test's page starts on the shared
    # server at the same moment (seen once in a fresh-clone run) would not, so a second try tells the two apart.
    for _attempt in range(2):
        vh.wait_idle(server)  # no kernel pool is being refilled (after an earlier test's visit)
        before = vh.kernel_ids(server)
        for _ in range(3):
            status, headers, body = fetch(f"{server.url}/voila/render/{nb}")
            assert status == 200
        if vh.kernel_ids(server) == before:
            break
    else:
        pytest.fail("a text page started a kernel")
    assert f"Kernel pool of {nb}" not in server.log()  # and none is kept waiting for it
    assert headers.get("content-encoding") == "gzip"
    assert "_xsrf=" in headers.get("set-cookie", "")  # the server's own token, which the briefings' pages send back
    assert len(body) + 500 <= LANDING_LIMIT  # headers included, well under the limit
    html = text(headers, body)
    assert "<script" not in html and "http://" not in html.split("<body>")[0]  # nothing to run, nothing fetched
    assert '<html lang="en">' in html and f"<title>{service.page_title(nb)}</title>" in html
    assert 'class="pb-skip-link" href="#pb-main"' in html and '<main id="pb-main"' in html and 'id="rendered_cells"' in html
    assert "pb-footer" in html and "Data last updated" in html
    # the footer follows the main landmark (a page's contentinfo, not a footer inside main), and no heading has a "¶" link
    assert html.index("</main>") < html.index('<footer class="pb-footer"')
    assert 'class="anchor-link"' not in html and "&#182;" not in html  # (the stylesheet may name the class)
    assert "Traceback" not in html and str(ROOT) not in html


def test_the_landing_page_lists_every_briefing(server):
    from probation_briefing.briefings import all_briefings

    html = text(*fetch(f"{server.url}/voila/render/index.ipynb")[1:])
    for b in all_briefings():
        assert f'href="{b.notebook}"' in html


def test_the_site_root_opens_the_landing_page(server):
    status, headers, _ = fetch(server.url + "/", follow=False)
    assert status in (301, 302) and headers["location"].endswith("/voila/render/index.ipynb")


def test_unknown_text_pages_are_not_found(tiny_server):
    server = tiny_server
    for path in ("nowhere/index.ipynb", "..%2F..%2Findex.ipynb", "%2e%2e/%2e%2e/index.ipynb"):
        status, headers, body = fetch(f"{server.url}/voila/render/{path}")
        assert status == 404, path
        html = text(headers, body)  # the template's page, whichever handler refused the address
        assert "<h1>Page not found</h1>" in html and "Go to the list of briefings" in html and "Traceback" not in html, html
    assert "Uncaught exception in write_error" not in server.log()  # the error page itself used to fail


@pytest.mark.server
def test_workshop_mode_preheats_a_kernel_per_seat_and_reports_memory(tmp_path):
    # One-cell pages named as the briefings: the pools and the report are under test, not the briefings' content.
    from probation_briefing.briefings import all_briefings

    for b in all_briefings():
        vh.tiny_notebook(tmp_path, b.notebook)
    with vh.voila(tmp_path, extra=["--workshop=q15", "--seats=2"], timeout=90) as srv:
        deadline = time.monotonic() + 180
        while "Workshop pool is full" not in srv.log() and time.monotonic() < deadline:
            time.sleep(0.25)
        log = srv.log()
        assert "Workshop pool is full" in log, log[-3000:]
        line = next(ln for ln in log.splitlines() if "Workshop pool is full" in ln)
        assert f"2 of 2 preheated kernels ready for {Q15}" in line and re.search(r"holding \d+\.\d GB of memory", line), line
        assert f"Kernel pool of {Q15} is filled with 2 kernel(s)" in log
        assert "Kernel pool of q13_access_to_services.ipynb is filled with 1 kernel(s)" in log
        # a seat is taken by a visitor and the page works
        status, body = vh.get(f"{srv.url}/voila/render/{Q15}")
        assert status == 200 and "Traceback" not in body


@pytest.mark.server
def test_workshop_names_an_unknown_briefing_plainly():
    out = subprocess.run(
        [sys.executable, "-m", "probation_briefing.server", str(ROOT / "briefings"), "--workshop=nonesuch", "--no-browser", "--port=0"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert out.returncode != 0
    assert f"There is no briefing called 'nonesuch'. Choose one of: {', '.join(catalogue.ids())}." in out.stderr + out.stdout
    assert "Traceback" not in out.stderr + out.stdout


def test_make_workshop_passes_the_briefing_and_seats():
    out = subprocess.run(["make", "-n", "workshop", "BRIEFING=q14", "SEATS=12"], capture_output=True, text=True, cwd=ROOT, check=True)
    assert "--workshop=q14 --seats=12" in out.stdout and "probation_briefing.server briefings/" in out.stdout


def test_the_extension_gives_voilas_handlers_the_briefings_page_config():
    """Under a Jupyter server Voila's handlers get the page config the standalone server gives (chart bundle
    preloaded, the MathJax stand-in); a hook set already is kept."""
    from tornado.web import Application, RequestHandler

    class Conf:
        page_config_hook = None

    conf, other = Conf(), Conf()
    other.page_config_hook = print  # type: ignore[assignment]
    app = Application()
    app.add_handlers(
        ".*$",
        [("/voila/render/(.*)", RequestHandler, {"voila_configuration": conf}), ("/x", RequestHandler, {"voila_configuration": other})],
    )
    assert extension.install_page_config_hook(app) == 1
    assert conf.page_config_hook is pages.briefing_page_config and other.page_config_hook is print
    assert extension.install_page_config_hook(app) == 0


@pytest.mark.server
def test_under_a_jupyter_server_the_extension_serves_text_pages_statically_and_compresses(tmp_path):
    """JupyterHub's single-user servers run Voila as a Jupyter server extension; this project's extension
    (probation_briefing.server.extension) adds compression and the static text pages there too."""
    import os
    import signal

    config = tmp_path / "jupyter_server_config.json"
    config.write_text(
        json.dumps(
            {
                "ServerApp": {
                    "jpserver_extensions": {"voila": True, "probation_briefing.server.extension": True},
                    "open_browser": False,
                    "tornado_settings": {"compress_response": True},  # as in .jupyter/ and deploy/: gzip comes first
                },
                "IdentityProvider": {"token": "s3cret"},
                "VoilaConfiguration": {"template": "probation", "show_tracebacks": False, "strip_sources": True},
            }
        )
    )
    # The site: the landing page, and a one-cell page rendered by Voila (a briefing's page config, at less cost).
    import shutil

    site = tmp_path / "site"
    (site / "briefings").mkdir(parents=True)
    shutil.copy(ROOT / "briefings" / "index.ipynb", site / "briefings" / "index.ipynb")
    vh.tiny_notebook(site / "briefings")
    port = vh.free_port()
    env = {**os.environ, "JUPYTER_PATH": str(ROOT / "share" / "jupyter"), "JUPYTER_PLATFORM_DIRS": "1"}
    log = tmp_path / "server.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter_server",
                f"--config={config}",
                f"--port={port}",
                f"--ServerApp.root_dir={site}",
                "--allow-root",
            ],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/voila/render/briefings/index.ipynb"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, headers, body = fetch(url, follow=False)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(log.read_text()[-3000:])
                time.sleep(0.5)
        assert status in (302, 403) and b"Probation" not in body, status  # the server's sign-in applies to the static pages too
        status, headers, body = fetch(url + "?token=s3cret")
        assert status == 200, log.read_text()[-3000:]
        assert headers.get("content-encoding") == "gzip"
        html = text(headers, body)
        assert "<script" not in html and 'href="q15_pccs_and_funding.ipynb"' in html
        assert "/api/kernels" not in html
        # A widget extension's hashed chunk: kept for a year, and Brotli-compressed once stored (gzip goes after Brotli).
        chunk = next((Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "anywidget" / "static").glob("main.*.js"), None)
        assert chunk is not None, "anywidget's front end is not installed"
        asset = f"http://127.0.0.1:{port}/voila/labextensions/anywidget/static/{chunk.name}?token=s3cret"
        encoding, headers, _ = until_brotli(asset, 30)
        assert (encoding, "immutable" in headers.get("Cache-Control", "")) == ("br", True)
        # A page Voila renders gets the briefings' page config: the chart bundle preloaded, the MathJax stand-in.
        status, headers, body = fetch(f"http://127.0.0.1:{port}/voila/render/briefings/tiny.ipynb?token=s3cret")
        assert status == 200, log.read_text()[-3000:]
        config = vh.page_config(text(headers, body))
        assert config["fullMathjaxUrl"].endswith("/no-mathjax.js") and config["mathjaxConfig"] == "none"
        assert "/chart-widget-" in config["pbChartBundleUrl"]
        assert "pre.rel = 'modulepreload'" in text(headers, body)  # the chart bundle, preloaded once the page is painted
        # The briefing documents are served beside the pages, ahead of Voila's render route, with the page's full address
        # (its folder and the server's sign-in included); a folder with no such page has none.
        (site / "briefings" / Q15).write_bytes((ROOT / "briefings" / Q15).read_bytes())
        doc = f"http://127.0.0.1:{port}/voila/render/briefings/briefing-document/q15.docx?share_pct=25&token=s3cret"
        status, headers, body = fetch(doc, gzip_ok=False)
        assert status == 200 and headers["content-disposition"].startswith('attachment; filename="q15-briefing-'), log.read_text()[-3000:]
        import io
        import zipfile

        words = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode("utf-8")
        assert f"http://127.0.0.1:{port}/voila/render/briefings/{Q15}?share_pct=25&amp;v=" in words
        assert "token" not in words  # the sign-in token is the server's, never the document's
        status, _, body = fetch(doc.replace("/briefings/briefing-document/", "/briefing-document/"), gzip_ok=False)
        assert status == 404 and b"There is no briefing page" in body
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def test_the_server_makes_the_briefing_document_for_the_pages_settings(server):
    """Issue 24: the PDF for a scenario other than the defaults, made by the server (no kernel) at the address the
    downloads panel links to beside the page, names the page's full address with these settings and the version stamp."""
    import io

    from probation_briefing.briefings import get
    from probation_briefing.data import version
    from pypdf import PdfReader

    q14 = get("q14")
    status, headers, body = fetch(f"{server.url}/voila/render/briefing-document/q14.pdf?route_b=framework&bogus=1", gzip_ok=False)
    assert status == 200, body[:300]
    assert headers["content-type"] == "application/pdf"
    assert re.fullmatch(r'attachment; filename="q14-briefing-\d{4}-\d{2}-\d{2}\.pdf"', headers["content-disposition"])
    reader = PdfReader(io.BytesIO(body))
    assert len(reader.pages) <= 2
    flat = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
    page = f"{server.url}/voila/render/{q14.notebook}?route_b=framework&v={version.stamp().data_hash}"
    assert page in flat and re.sub(r"\s+", "", version.stamp().text()) in flat
    assert "Ignoredunknownsetting'bogus'." in flat.replace("\u2019", "'").replace("\u2018", "'")
    for ext, mime in (("odt", "application/vnd.oasis.opendocument.text"), ("docx", "application/vnd.openxmlformats")):
        status, headers, _ = fetch(f"{server.url}/voila/render/briefing-document/q14.{ext}?route_b=framework", gzip_ok=False)
        assert status == 200 and headers["content-type"].startswith(mime), ext
    refused = {
        "briefing-document/q99.pdf": b"There is no briefing called 'q99'",
        "briefing-document/q14.txt": b"Briefing documents come as PDF, ODT or DOCX",
        "nowhere/briefing-document/q14.pdf": b"There is no briefing page nowhere/",
    }
    for path, message in refused.items():
        status, headers, body = fetch(f"{server.url}/voila/render/{path}", gzip_ok=False)
        assert status == 404 and headers["content-type"].startswith("text/plain") and message in body, (path, body)
