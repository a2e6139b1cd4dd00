"""A real JupyterHub serving the briefings with deploy/jupyterhub_config.py (opt-in: PB_HUB_TEST=1, or `make hub-test`).

Skipped unless PB_HUB_TEST=1, because it downloads JupyterHub (PyPI) and configurable-http-proxy (npm)
and takes a few minutes. Both go into a temporary folder, which is removed afterwards; nothing is
installed into the project's .venv.

- The hub runs from a temporary venv that can also see the project's packages (a .pth file), so pip
  installs only what JupyterHub adds (SQLAlchemy, alembic and so on).
- The single-user servers run exactly the command in deploy/jupyterhub_config.py: the repository's
  .venv Python with `-m jupyterhub.singleuser`. The test-only changes: PYTHONPATH points at the
  temporary venv's packages so `jupyterhub` can be imported there, and `--allow-root` when the test
  runs as root (a container).
- Test-only hub settings: a shared password sign-in, SimpleLocalProcessSpawner (no system users; homes
  in the temporary folder), free local ports, a temporary database and cookie secret.

Two users sign in through the hub's login form in headless Chromium. Each must land on the landing
page from their own single-user server (/user/<name>/..., a separate process for each user). The
landing page must come gzip-compressed, ignore `?template=` and `?theme=` and show no code. Each user
opens the Q15 briefing from the landing page's link and moves a slider with the keyboard; the results
text must change. No request may leave the machine, and one user must get 403 for the other's server.
Every process the run started (hub, proxy, single-user servers, kernels) carries a marker in its
environment, so all are stopped at the end, even after a failure; the temporary folder is deleted.
Timings are printed at the end (`-rA` shows them).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import voila_harness as vh

ENABLED = os.environ.get("PB_HUB_TEST") == "1"
pytestmark = [
    pytest.mark.server,
    pytest.mark.browser,
    pytest.mark.install,
    pytest.mark.skipif(not ENABLED, reason="opt-in: set PB_HUB_TEST=1 (or run `make hub-test`) to run a real JupyterHub"),
]

ROOT = vh.ROOT
JUPYTERHUB_VERSION = os.environ.get("PB_HUB_JUPYTERHUB_VERSION", "6.1.1")
CHP_VERSION = os.environ.get("PB_HUB_CHP_VERSION", "5.3.0")
USERS = ("alice", "bob")
PASSWORD = "workshop-password-for-tests"
LANDING = "voila/render/briefings/index.ipynb"
Q15 = "q15_pccs_and_funding.ipynb"
MARKER = "PB_HUB_TEST_RUN"  # in the environment of every process the run starts
TIMINGS: dict[str, float] = {}

TEST_CONFIG = """\
# Test-only overrides on top of the repository's deploy/jupyterhub_config.py.
import os

c = get_config()  # noqa: F821
load_subconfig(os.path.join(os.environ["PROBATION_REPO"], "deploy", "jupyterhub_config.py"))  # noqa: F821

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{chp!r}]
c.ConfigurableHTTPProxy.pid_file = {tmp!r} + "/proxy.pid"
c.JupyterHub.db_url = "sqlite:///" + {tmp!r} + "/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = {tmp!r} + "/jupyterhub_cookie_secret"
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = {password!r}
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {tmp!r} + "/home/{{username}}"
c.Spawner.environment["PYTHONPATH"] = {hub_site!r}
c.Spawner.environment[{marker!r}] = {tmp!r}
if os.getuid() == 0:  # a container or CI runner signed in as root; a department's hub spawns as the user
    c.Spawner.args.append("--allow-root")
c.Spawner.start_timeout = 240
c.Spawner.http_timeout = 240
"""


def _run(cmd: list[str], what: str, timeout: float = 600, **kw) -> None:
    start = time.monotonic()
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False, **kw)
    TIMINGS[what] = time.monotonic() - start
    if r.returncode:
        raise RuntimeError(f"{what} failed ({r.returncode}):\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")


def _marked_pids(marker_value: str) -> list[int]:
    """Processes whose environment carries this run's marker (hub, proxy, servers, kernels)."""
    needle = f"{MARKER}={marker_value}".encode()
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            env = (proc / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if needle in env:
            pids.append(int(proc.name))
    return pids


def _environ(pid: int) -> dict[str, str]:
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return {}
    return dict(item.decode(errors="replace").split("=", 1) for item in raw if b"=" in item)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _stop(pids: list[int], grace: float = 20) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, sig)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() and _alive(p) for p in pids):
            time.sleep(0.2)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@dataclass
class Hub:
    url: str
    tmp: Path
    proc: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:] if self.log_path.exists() else ""


def _install(tmp: Path) -> tuple[Path, Path, Path]:
    """JupyterHub into a temporary venv (seeing the project's packages), configurable-http-proxy into tmp/node."""
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], "create the temporary venv")
    python = venv / "bin" / "python"
    site = Path(
        subprocess.check_output([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True).strip()
    )
    project_site = sysconfig.get_paths()["purelib"]
    (site / "zz_probation_project.pth").write_text(f"import site; site.addsitedir({project_site!r})\n")
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--disable-pip-version-check",
            f"jupyterhub=={JUPYTERHUB_VERSION}",
        ],
        f"pip install jupyterhub=={JUPYTERHUB_VERSION}",
    )
    _run(
        [
            "npm",
            "install",
            "--prefix",
            str(tmp / "node"),
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            f"configurable-http-proxy@{CHP_VERSION}",
        ],
        f"npm install configurable-http-proxy@{CHP_VERSION}",
    )
    chp = tmp / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
    assert chp.exists(), "configurable-http-proxy was not installed"
    return python, site, chp


def _wait_up(hub: Hub, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if hub.proc.poll() is not None:
            raise RuntimeError(f"the hub exited early:\n{hub.log()}")
        try:
            with urllib.request.urlopen(hub.url + "/hub/health", timeout=5) as r:
                if r.status == 200:
                    return
        except (OSError, urllib.error.HTTPError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the hub did not answer in {timeout}s:\n{hub.log()}")
        time.sleep(0.5)


@pytest.fixture(scope="module")
def hub() -> Iterator[Hub]:
    if vh.chromium_path() is None:
        pytest.fail("PB_HUB_TEST=1 needs Debian's chromium (/usr/bin/chromium)")
    if shutil.which("npm") is None:
        pytest.fail("PB_HUB_TEST=1 needs node and npm (for configurable-http-proxy)")
    # The chart bundle and Voila's stylesheet `make setup` writes into the template (git-ignored), in case this checkout lacks them.
    static = str(ROOT / "share/jupyter/voila/templates/probation/static")
    _run([sys.executable, "-m", "probation_briefing.page.chart_bundle", static], "chart bundle")
    _run([sys.executable, "-m", "probation_briefing.page.voila_style", static], "voila stylesheet")
    tmp = Path(tempfile.mkdtemp(prefix="pb-hub-"))
    started = time.monotonic()
    proc = None
    try:
        python, site, chp = _install(tmp)
        port, hub_port, api_port = vh.free_port(), vh.free_port(), vh.free_port()
        config = tmp / "jupyterhub_config.py"
        config.write_text(
            TEST_CONFIG.format(
                port=port,
                hub_port=hub_port,
                api_port=api_port,
                chp=str(chp),
                tmp=str(tmp),
                password=PASSWORD,
                hub_site=str(site),
                marker=MARKER,
            )
        )
        env = {**os.environ, "PROBATION_REPO": str(ROOT), MARKER: str(tmp), "PYTHONUNBUFFERED": "1"}
        env.pop("PYTHONPATH", None)
        log_path = tmp / "hub.log"
        with open(log_path, "w") as log:
            proc = subprocess.Popen(
                [str(python), "-m", "jupyterhub", "-f", str(config)], cwd=tmp, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        hub = Hub(f"http://127.0.0.1:{port}", tmp, proc, log_path)
        t = time.monotonic()
        _wait_up(hub)
        TIMINGS["hub and proxy start"] = time.monotonic() - t
        yield hub
    finally:
        pids = _marked_pids(str(tmp))  # collected before the hub goes, while parents are known
        if proc is not None and proc.poll() is None:
            proc.terminate()  # the hub stops the single-user servers (cleanup_servers) and the proxy
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
        _stop(sorted(set(pids + _marked_pids(str(tmp)))))
        left = [p for p in _marked_pids(str(tmp)) if _alive(p)]
        TIMINGS["whole run"] = time.monotonic() - started
        print("JupyterHub test timings (s): " + ", ".join(f"{k} {v:.0f}" for k, v in TIMINGS.items()))
        shutil.rmtree(tmp, ignore_errors=True)
        assert not left, f"processes left running: {[_cmdline(p) for p in left]}"


@contextlib.contextmanager
def _contexts(n: int) -> Iterator[list]:
    """Headless Chromium (Debian's) with ``n`` separate browser contexts: one cookie jar per user."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=vh.chromium_path(), headless=True, args=vh.CHROMIUM_ARGS)
        try:
            yield [browser.new_context(viewport={"width": 1366, "height": 768}) for _ in range(n)]
        finally:
            browser.close()


def _failed_responses(page) -> list[str]:
    """A list that fills with "<status> <method> <url>" for each response of ``page`` with status 400 or more,
    and "<error> <method> <url>" for each request that failed (a redirect loop, a refused connection)."""
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.request.method} {r.url}") if r.status >= 400 else None)

    def chain(r) -> str:  # the first request of a redirect chain
        while r.redirected_from is not None:
            r = r.redirected_from
        return f"{r.resource_type} {r.url}"

    page.on("requestfailed", lambda r: failed.append(f"{r.failure} {r.method} {r.url} (from {chain(r)})"))
    return failed


def _sign_in(page, hub: Hub, name: str) -> None:
    page.goto(f"{hub.url}/hub/login", wait_until="domcontentloaded")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login_submit")
    # The hub spawns the server (spawn-pending page), then the server redirects to Spawner.default_url.
    try:
        page.wait_for_url(re.compile(rf"/user/{name}/{re.escape(LANDING)}"), wait_until="commit", timeout=300_000)
    except Exception as e:  # report where the browser got stuck, with the hub's log
        raise AssertionError(f"{name} did not reach the landing page; at {page.url}:\n{page.inner_text('body')[:1500]}\n{hub.log()}") from e


def test_two_users_each_get_their_own_server_with_working_briefings(hub: Hub):
    with _contexts(len(USERS)) as contexts:
        pages = {}
        failed: dict[str, list[str]] = {}
        for name, ctx in zip(USERS, contexts):
            page = ctx.new_page()
            w = vh.watch(page)
            failed[name] = _failed_responses(page)
            t = time.monotonic()
            _sign_in(page, hub, name)
            vh.wait_rendered(page, timeout=180_000)
            TIMINGS[f"{name}: sign-in to landing page rendered"] = time.monotonic() - t
            assert page.get_by_role("heading", name="Probation commissioning briefings").count() >= 1, hub.log()
            pages[name] = (ctx, page, w)

        # Each user's server is a separate process, started by the hub for that user.
        servers = {
            name: [
                p
                for p in _marked_pids(str(hub.tmp))
                if "jupyterhub.singleuser" in _cmdline(p) and _environ(p).get("JUPYTERHUB_USER") == name
            ]
            for name in USERS
        }
        assert all(len(pids) == 1 for pids in servers.values()), servers
        assert servers["alice"] != servers["bob"]

        for name, (ctx, page, w) in pages.items():
            # The landing page comes compressed from the user's own server as static HTML (probation_briefing.server.extension,
            # a server extension): a link's ?template= and ?theme= change nothing, and no code is shown.
            r = ctx.request.get(f"{hub.url}/user/{name}/{LANDING}?template=lab&theme=dark", headers={"Accept-Encoding": "gzip"})
            assert r.ok and f"/user/{name}/" in r.url, (r.status, r.url)
            assert r.headers.get("content-encoding") == "gzip", r.headers
            html = r.text()
            assert "Probation commissioning briefings" in html
            assert "--pb-text" in html and "<script" not in html  # static (the project's extension): house style, no kernel
            assert "import probation_briefing" not in html and "from probation_briefing" not in html

            # The Q15 briefing from the landing page's link, under the same user's server.
            t = time.monotonic()
            page.locator(f'a[href*="{Q15}"]').first.click()
            page.wait_for_url(re.compile(rf"/user/{name}/voila/render/briefings/{Q15}"), wait_until="commit", timeout=240_000)
            vh.wait_rendered(page, min_charts=1, timeout=240_000)
            TIMINGS[f"{name}: Q15 rendered"] = time.monotonic() - t
            vh.wait_settled(page)
            polls: list[object] = []  # the template's kernel-exists polls (every 10 s), answered or failed
            is_poll = re.compile(rf"/user/{name}/api/kernels/[0-9a-f-]+$")
            for event in ("requestfinished", "requestfailed"):
                page.on(event, lambda r, is_poll=is_poll, polls=polls: polls.append(r) if is_poll.search(r.url) else None)

            vh.nudge_a_slider(page, charts=False, timeout=30_000)
            assert w.blocked == [], f"requests left the machine: {w.blocked}"
            assert w.page_errors == [], w.page_errors
            # No failed requests: the template's kernel-exists poll sends the X-XSRFToken header that
            # JupyterHub's single-user server requires of cookie-authenticated API calls.
            deadline = time.monotonic() + 60
            while not polls and time.monotonic() < deadline:  # one poll, after the slider
                page.wait_for_timeout(100)  # lets Playwright deliver the page's events
            assert polls, "the page never asked whether its kernel still exists"
            # Allowed, from the hub's own sign-in pages: leaving the spawn page aborts its progress stream, and
            # (seen since the landing page became static; not yet explained, recorded on issue 14) one sign-in
            # redirect loop for a request of the browser's own ("other") that the page does not need.
            hub_own = re.compile(
                r"net::(ERR_ABORTED GET \S+/hub/api/users/\w+/server/progress|ERR_TOO_MANY_REDIRECTS GET \S+/user/\w+/oauth_callback)"
            )
            assert [f for f in failed[name] if not hub_own.match(f)] == [], failed[name]
            assert [e for e in w.console_errors if "ERR_TOO_MANY_REDIRECTS" not in e] == [], w.console_errors

        # One user cannot open another's server.
        ctx, page, _ = pages["bob"]
        r = ctx.request.get(f"{hub.url}/user/alice/{LANDING}", max_redirects=20)
        assert r.status == 403, (r.status, r.url)
        assert "Probation commissioning briefings" not in r.text()
