"""Kernels of closed tabs are shut down or culled within 3 minutes, however the page was opened; a reader
with the tab open keeps theirs; a cap on kernels gives a plain "busy" page (voila.json)."""

from __future__ import annotations

import json
import time

import pytest
import voila_harness as vh
from conftest import ROOT

CONFIG = json.loads((ROOT / "voila.json").read_text())


def test_shipped_config_culls_closed_tabs_within_3_minutes_and_caps_kernels():
    cull = CONFIG["MappingKernelManager"]
    assert cull["cull_idle_timeout"] + cull["cull_interval"] <= 180  # a closed tab's kernel is gone within 3 minutes
    assert cull["cull_connected"] is False  # an open tab keeps its kernel however long the reader stays idle
    assert CONFIG["VoilaConfiguration"]["multi_kernel_manager_class"] == "probation_briefing.server.kernels.CappedKernelManager"
    # a connection dropped while being set up must not keep its kernel from the culler, under Voila or a Jupyter server
    connection = "probation_briefing.server.kernels.KernelConnection"
    assert CONFIG["Voila"]["kernel_websocket_connection_class"] == connection
    assert (
        json.loads((ROOT / ".jupyter" / "jupyter_server_config.json").read_text())["ServerApp"]["kernel_websocket_connection_class"]
        == connection
    )
    notebooks = len(list((ROOT / "briefings").glob("*.ipynb")))
    assert CONFIG["CappedKernelManager"]["max_kernels"] > notebooks * CONFIG["VoilaConfiguration"]["default_pool_size"]


@pytest.mark.server
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

    from probation_briefing.server import kernels as serving
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


def _drop_while_setting_up(server: vh.VoilaServer, kernel_id: str, session: str) -> None:
    """Ask for a kernel websocket and hang up at once, while the server is still setting the connection up."""
    import base64
    import os
    import socket

    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as s:
        key = base64.b64encode(os.urandom(16)).decode()
        s.sendall(
            f"GET /api/kernels/{kernel_id}/channels?session_id={session} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
        )


@pytest.mark.server
def test_a_connection_dropped_while_it_is_set_up_leaves_its_kernel_to_the_culler(tmp_path):
    """A tab closed while its kernel connection was being set up (a reader leaving as the page loads) used to
    leave the kernel counted as connected for ever, so it was never culled (jupyter_server issue 1265; fixed by
    ``server.kernels.KernelConnection``, named in voila.json). Here three connections drop mid set-up; then one in the
    same session, as the page's retry would be, opens, works and closes. The kernel is then culled."""
    vh.tiny_notebook(tmp_path)
    extra = ["--MappingKernelManager.cull_idle_timeout=8", "--MappingKernelManager.cull_interval=2"]
    with vh.voila(tmp_path, extra=extra) as srv:
        vh.wait_for_pool(srv, ["tiny.ipynb"])
        status, html = vh.get(srv.url + "/voila/render/tiny.ipynb")
        assert status == 200
        kernel_id = vh.page_config(html)["kernelId"]
        for _ in range(3):
            seen = len(srv.log())
            _drop_while_setting_up(srv, kernel_id, "reader")
            vh.until(lambda seen=seen: kernel_id in srv.log()[seen:], 30, "the server took up the dropped connection")
        assert "kernel_info_reply" in vh.shell_replies(srv.url, kernel_id, "kernel_info_request", {}, session="reader")
        deadline = time.monotonic() + 40
        while kernel_id in vh.kernel_ids(srv) and time.monotonic() < deadline:
            time.sleep(0.25)
        log = srv.log()
        assert kernel_id not in vh.kernel_ids(srv), log[-3000:]
        assert f"Culling 'idle' kernel 'python3' ({kernel_id}) with 0 connections" in log, log[-3000:]
        assert "KeyError: 'iopub'" not in log, log[-3000:]
