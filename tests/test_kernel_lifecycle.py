"""Kernels of closed tabs are shut down or culled within 3 minutes, however the page was opened; a reader
with the tab open keeps theirs; a cap on kernels gives a plain "busy" page (voila.json)."""

from __future__ import annotations

import json

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


@pytest.mark.slow
def test_a_kernel_cap_gives_a_plain_busy_page(tmp_path):
    vh.tiny_notebook(tmp_path)
    extra = ["--CappedKernelManager.max_kernels=2", "--MappingKernelManager.cull_idle_timeout=600"]
    with vh.voila(tmp_path, preheat=False, extra=extra) as srv:
        for _ in range(2):
            assert vh.get(srv.url + "/voila/render/tiny.ipynb")[0] == 200
        status, body = vh.get(srv.url + "/voila/render/tiny.ipynb")
        assert status == 503 and "Sorry, the service is busy" in body and "try again in a few minutes" in body
        assert "Traceback" not in body and "cdn." not in body and str(ROOT) not in body
        assert len(vh.kernel_ids(srv)) == 2


def test_a_pool_refill_waits_for_room_under_the_cap_and_a_visitor_does_not():
    """At the cap a kernel for the preheated pool waits until a kernel is freed (a refused refill would leave a
    failed entry in Voila's pool); a visitor's kernel is refused at once with the busy page."""
    import asyncio

    from probation_briefing import serving
    from tornado.web import HTTPError

    class Base:
        async def start_kernel(self, *args, **kwargs):
            return "new-kernel"

    class Manager(serving.CappedKernelManager):
        pass

    m = Manager.__new__(Manager)  # no Jupyter machinery: only the cap is under test
    m.max_kernels, m.pool_wait, m._starting = 2, 30, 0
    m.log = __import__("logging").getLogger("test")
    running = ["a", "b"]
    m.list_kernel_ids = lambda: list(running)

    async def go():
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(serving.AsyncMappingKernelManager, "start_kernel", Base.start_kernel)
            with pytest.raises(HTTPError) as refused:
                await m.start_kernel(env={})
            assert refused.value.status_code == 503
            refill = asyncio.ensure_future(m.start_kernel(env={"VOILA_PREHEAT": "True"}))
            await asyncio.sleep(0.5)
            assert not refill.done()  # waiting for room
            running.pop()  # a reader's kernel is shut down
            assert await asyncio.wait_for(refill, 10) == "new-kernel"

    vh.run_async(go)  # in its own thread: an earlier browser test may hold an event loop on this one
