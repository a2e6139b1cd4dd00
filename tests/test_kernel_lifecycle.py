"""Kernels of closed tabs are shut down or culled within 3 minutes, however the page was opened; a reader
with the tab open keeps theirs; a cap on kernels gives a plain "busy" page (voila.json)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import voila_harness as vh
from conftest import ROOT

CONFIG = json.loads((ROOT / "voila.json").read_text())


def test_shipped_config_culls_closed_tabs_within_3_minutes_and_caps_kernels():
    cull = CONFIG["MappingKernelManager"]
    assert cull["cull_idle_timeout"] + cull["cull_interval"] <= 180  # a closed tab's kernel is gone within 3 minutes
    assert cull["cull_connected"] is False  # an open tab keeps its kernel however long the reader stays idle
    assert CONFIG["VoilaConfiguration"]["multi_kernel_manager_class"] == "probation_briefing.serving.CappedKernelManager"
    notebooks = len(list((ROOT / "briefings").glob("*.ipynb")))
    assert CONFIG["CappedKernelManager"]["max_kernels"] > notebooks * CONFIG["VoilaConfiguration"]["default_pool_size"]


def _kernel_ids(server: vh.VoilaServer) -> set[str]:
    """The ids of the server's running kernels (its child processes, named by their connection files)."""
    out = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmd = (proc / "cmdline").read_bytes().decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
        if ppid == server.proc.pid and "kernel-" in cmd:
            out.add(cmd.split("kernel-", 1)[1].split(".json", 1)[0])
    return out


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            return r.status, r.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", errors="replace")


@pytest.mark.slow
def test_a_kernel_cap_gives_a_plain_busy_page():
    extra = ["--CappedKernelManager.max_kernels=2", "--MappingKernelManager.cull_idle_timeout=600"]
    with vh.voila(ROOT / "briefings", preheat=False, extra=extra) as srv:
        for _ in range(2):
            assert _get(srv.url + "/voila/render/index.ipynb")[0] == 200
        status, body = _get(srv.url + "/voila/render/index.ipynb")
        assert status == 503 and "Sorry, the service is busy" in body and "try again in a few minutes" in body
        assert "Traceback" not in body and "cdn." not in body and str(ROOT) not in body
        assert len(_kernel_ids(srv)) == 2


@pytest.mark.slow
@pytest.mark.browser
def test_closed_tabs_leave_no_kernels_behind_and_open_tabs_keep_theirs():
    """20 visits, opened by their direct link: 10 tabs closed normally, 5 closed without an unload event (a
    crash, a closed laptop) and 5 plain GETs with no browser (link previews). Afterwards at most pool + 1
    kernels remain, and the tab kept open still has its kernel. The culler runs faster here than in
    voila.json (the shipped timings are checked above), so the test takes about a minute, not three."""
    if vh.chromium_path() is None:
        pytest.skip("Debian's chromium is not installed")
    extra = [
        "--MappingKernelManager.cull_idle_timeout=15",
        "--MappingKernelManager.cull_interval=5",
        "--VoilaKernelManager.preheat_denylist=q1",  # a pool for the landing page only: pool = 1
    ]
    pool = 1
    url = "/voila/render/index.ipynb"
    with vh.voila(ROOT / "briefings", extra=extra) as srv, vh.browser() as ctx:
        vh.wait_for_pool(srv, ["index.ipynb"])
        keeper = ctx.new_page()
        keeper.goto(srv.url + url)
        vh.wait_rendered(keeper)
        kept = keeper.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
        for i in range(20):
            if i % 4 == 3:
                assert _get(srv.url + url)[0] == 200
                continue
            page = ctx.new_page()
            page.goto(srv.url + url)
            vh.wait_rendered(page)
            page.close(run_before_unload=i % 4 != 2)
        deadline = time.monotonic() + 60
        while len(_kernel_ids(srv)) > pool + 1 and time.monotonic() < deadline:
            time.sleep(2)
        log = srv.log()
        assert len(_kernel_ids(srv)) <= pool + 1, log[-3000:]
        assert kept in _kernel_ids(srv), "the open tab lost its kernel"
        assert "'_xsrf' argument missing" not in log, "a closed tab's shutdown request was refused"
        keeper.close(run_before_unload=True)
