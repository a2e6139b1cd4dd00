"""Shared fixtures (a throwaway copy of the data folder, the shared servers) and the test tiers.

Tiers, by what a test starts (markers applied here, from the fixtures a test uses):

- ``kernel``: a Jupyter kernel (nbval's notebook cells, nbclient, papermill);
- ``server``: a server process (Voila, a Jupyter server, ``make serve``);
- ``browser``: headless Chromium (always with ``server``);
- ``install``: ``pip install`` into a fresh virtual environment.

A test with none of these runs in-process (``make check``). A guard makes that true rather than hoped
for: under pytest, starting a kernel, a server, a browser or a pip install from a test that lacks the
marker fails that test, naming the marker (``voila_harness.voila`` says so before it starts anything).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as w
import pytest
import voila_harness as vh

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
#: Tiny notebooks for the server's HTTP behaviour (compression, caching, page config, 404 pages), as Voila's own tests do.
NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"
#: Fixtures that start a server, or a browser, for the tests that use them (directly or through another fixture).
SERVER_FIXTURES = {"briefings_server", "tiny_server"}
BROWSER_FIXTURES = {"chromium_ready"}


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A fresh copy of data/ in a temp folder."""
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest


class Pages(dict):
    """Each briefing's page (``Page(get(id), source())``), built the first time a test asks for it."""

    def __missing__(self, briefing_id: str):
        # here, not at the top: every test process loads conftest, and the page stack takes seconds to import
        from probation_briefing.briefings import get
        from probation_briefing.data import source
        from probation_briefing.page.driver import Page

        page = self[briefing_id] = Page(get(briefing_id), source())
        return page


@pytest.fixture(scope="module")
def pages() -> Pages:
    """The briefings' pages for one test module (a module's tests may leave a page at other settings)."""
    return Pages()


def widget_texts(widget) -> list[str]:
    """The HTML of every HTML widget under ``widget``."""
    out = []
    if isinstance(widget, w.HTML):
        out.append(widget.value)
    for child in getattr(widget, "children", ()):
        out += widget_texts(child)
    return out


# ---- the shared servers --------------------------------------------------------------------------------


def briefing_notebooks() -> list[str]:
    """The briefings' notebooks (the pages with a kernel pool; the text pages are static)."""
    from probation_briefing.server.pages import STATIC_PAGES

    return sorted(p.name for p in (ROOT / "briefings").glob("*.ipynb") if p.name not in STATIC_PAGES)


@pytest.fixture(scope="session")
def briefings_server() -> Iterator[vh.VoilaServer]:
    """The real briefings served as `make serve` serves them (voila.json: a preheated kernel per briefing; the text
    pages rendered at start-up), one server for the whole run: test_browser, test_web and test_kernel_safety use it.

    A pool of 2 was measured and dropped: on 2 cores the browser tests took as long (about 200 s either way,
    twice each), and the server used more memory and start-up CPU."""
    with vh.voila(ROOT / "briefings", prerender=True, timeout=120) as srv:
        vh.wait_for_pool(srv, briefing_notebooks(), timeout=240)  # every pool kernel started ...
        vh.wait_idle(srv, timeout=240)  # ... and its notebook run, so the first tests do not compete with the start-up
        yield srv


@pytest.fixture(scope="session")
def tiny_server() -> Iterator[vh.VoilaServer]:
    """`make serve`'s server (``python -m probation_briefing.server``, voila.json) over tests/notebooks/: a one-cell
    page, for what the server does to any page (compression, caching, the page config, 404 pages)."""
    with vh.voila(NOTEBOOKS) as srv:
        vh.wait_for_pool(srv, ["tiny.ipynb"])
        yield srv


# ---- tiers: markers from fixtures, and the guard -------------------------------------------------------


def pytest_configure(config: pytest.Config) -> None:
    # nbval runs every notebook (lax: only cells marked NBVAL_CHECK_OUTPUT are compared), unless it is
    # switched off (`-p no:nbval`, as `make check` does) or asked to compare every cell (--nbval).
    if config.pluginmanager.hasplugin("nbval") and not config.option.nbval:
        config.option.nbval_lax = True
    vh.REQUIRE = require
    # The charts a preheated page draws on the server are kept in a folder shared by the user's kernels
    # (page/drawn_charts.py): each test process, its servers included, gets a folder of its own instead, so the
    # xdist workers, and a `make serve` running beside the tests, share nothing.
    config._pb_previews = tempfile.mkdtemp(prefix="pb-previews-")  # type: ignore[attr-defined]
    os.environ["PB_PREVIEW_CACHE"] = config._pb_previews  # type: ignore[attr-defined]
    if not _guard_installed:
        sys.addaudithook(_audit)
        _guard_installed.append(True)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each item by what it starts; group the items of one shared server or one kernel for pytest-xdist's
    ``--dist loadgroup`` (one worker per group: a notebook's cells share a kernel and run in order)."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        path = Path(str(item.path))
        if path.suffix == ".ipynb":  # nbval: the notebook's cells, run in one kernel
            item.add_marker(pytest.mark.kernel)
        if fixtures & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if fixtures & SERVER_FIXTURES or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.server)
        shared = sorted(fixtures & SERVER_FIXTURES)
        if shared:
            item.add_marker(pytest.mark.xdist_group(shared[0]))
        elif item.get_closest_marker("kernel"):
            item.add_marker(pytest.mark.xdist_group(path.name))
    groups_file = getattr(config, "workerinput", {}).get("pb_groups")
    if groups_file:  # a pytest-xdist worker: tell the controller's scheduler (below) the groups
        groups = {i.nodeid: m.args[0] for i in items if (m := i.get_closest_marker("xdist_group"))}
        mine = f"{groups_file}.{os.getpid()}"
        Path(mine).write_text(json.dumps(groups))
        os.replace(mine, groups_file)


_current: list[pytest.Item] = []  # the running test
_guard_installed: list[bool] = []  # an audit hook cannot be removed: one per process


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    _current.append(item)
    try:
        return (yield)
    finally:
        _current.pop()


def require(what: str, command: str = "") -> None:
    """Fail the running test unless it carries the ``what`` marker (kernel, server, browser, install)."""
    item = _current[-1] if _current else None
    if item is not None and item.get_closest_marker(what):
        return
    who = item.nodeid if item is not None else "code outside any test"
    doing = f" ({command})" if command else ""
    pytest.fail(
        f"{who} starts a {what}{doing} but is not marked `{what}`. Mark it (@pytest.mark.{what}), or use a fixture "
        f"that tests/conftest.py marks, so that `make check` stays in-process.",
        pytrace=False,
    )


_SERVER = re.compile(r"(-m |/)(probation_briefing\.(?:server|web)|voila|jupyter_server|jupyter-server|jupyter-lab|jupyterhub)( |$)")


def starts(args: object) -> str | None:
    """What a command starts, of the tiers' kinds: kernel, server, browser, install (None for anything else).

    >>> starts(["/venv/bin/python", "-m", "ipykernel_launcher", "-f", "/tmp/kernel-1.json"])
    'kernel'
    >>> starts(["python", "-m", "probation_briefing.server", "briefings", "--port=1"]), starts(["make", "serve", "PORT=1"])
    ('server', 'server')
    >>> starts(["make", "-n", "workshop"]), starts(["git", "ls-files"])
    (None, None)
    >>> starts(["/venv/bin/python", "-m", "pip", "install", "./lib"]), starts(["node", "cli.js", "run-driver"])
    ('install', 'browser')
    """
    words = [str(a) for a in args] if isinstance(args, (list, tuple)) else str(args).split()
    line = " ".join(words)
    if "ipykernel_launcher" in line or "-m ipykernel " in f"{line} ":
        return "kernel"
    if "run-driver" in words:  # Playwright's driver, which starts Chromium
        return "browser"
    if _SERVER.search(line) or (Path(words[0]).name == "make" and "-n" not in words and {"serve", "workshop", "lab"} & set(words)):
        return "server"
    if "pip" in (Path(w).name for w in words) and "install" in words:
        return "install"
    return None


def _audit(event: str, args: tuple[object, ...]) -> None:
    """Every process this test process starts: one of the tiers' kinds needs its marker (see ``require``)."""
    if event != "subprocess.Popen":
        return
    what = starts(args[1])
    if what is not None:
        require(what, " ".join(str(a) for a in args[1])[:200])  # type: ignore[attr-defined]  # args[1]: the command


# ---- pytest-xdist --------------------------------------------------------------------------------------
# pytest-xdist 3.8's `--dist loadgroup` reads the groups from a suffix it adds to each test's node id, which
# pytest 9 no longer lets it change: every test would be scheduled on its own. Here the workers write the
# groups to a file (above) and the controller schedules by it.


def _groups_file(config: pytest.Config) -> Path:
    if not hasattr(config, "_pb_groups"):
        config._pb_groups = Path(tempfile.mkdtemp(prefix="pb-xdist-")) / "groups.json"  # type: ignore[attr-defined]
    return config._pb_groups  # type: ignore[attr-defined,no-any-return]


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: object) -> None:
    node.workerinput["pb_groups"] = str(_groups_file(node.config))  # type: ignore[attr-defined]


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    path = _groups_file(config)

    class ByGroup(LoadGroupScheduling):
        """One work unit per group (a shared server's tests, a notebook's cells), run in order on one worker."""

        groups: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self.groups is None:
                self.groups = json.loads(path.read_text()) if path.exists() else {}
            return self.groups.get(nodeid) or super()._split_scope(nodeid)

    return ByGroup(config, log)  # type: ignore[arg-type]


def pytest_unconfigure(config: pytest.Config) -> None:
    folders = [getattr(config, "_pb_previews", None)]
    if hasattr(config, "_pb_groups"):
        folders.append(config._pb_groups.parent)
    for folder in folders:
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
