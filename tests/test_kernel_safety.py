"""The dashboard user cannot run code: Voila refuses execute_request on the page's kernel websocket."""
from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from conftest import ROOT

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def voila_url():
    port = _free_port()
    env = {**os.environ, "JUPYTER_PATH": str(ROOT / "share" / "jupyter"), "JUPYTER_PLATFORM_DIRS": "1"}
    proc = subprocess.Popen([str(BIN / "voila"), "briefings/", f"--port={port}", "--no-browser", "--Voila.ip=127.0.0.1"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/", timeout=5)  # noqa: S310
            break
        except OSError:
            time.sleep(0.3)
    yield url
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=15)


def _send(url: str, kernel_id: str, msg_type: str, content: dict) -> list[str]:
    """Send one shell message over the kernel websocket; return the types of the replies to it."""
    from tornado.websocket import websocket_connect

    async def run() -> list[str]:
        ws = await websocket_connect(url.replace("http", "ws") + f"/api/kernels/{kernel_id}/channels")
        msg_id = uuid.uuid4().hex
        ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "username": "", "session": uuid.uuid4().hex,
                       "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": content,
        }))
        replies: list[str] = []
        end = time.time() + 4
        while time.time() < end:
            try:
                m = await asyncio.wait_for(ws.read_message(), timeout=end - time.time())
            except asyncio.TimeoutError:
                break
            if m is None:
                break
            data = json.loads(m) if isinstance(m, str) else {}
            if data.get("parent_header", {}).get("msg_id") == msg_id:
                replies.append(data["header"]["msg_type"])
        ws.close()
        return replies

    return asyncio.run(run())


@pytest.mark.slow
def test_execute_request_is_refused(voila_url, tmp_path):
    page = urllib.request.urlopen(voila_url + "/voila/render/index.ipynb", timeout=60).read().decode()  # noqa: S310
    m = re.search(r'"kernelId"\s*:\s*"([0-9a-f-]{36})"', page) or re.search(r"kernel_id\W+([0-9a-f-]{36})", page)
    assert m, "no kernel id in the rendered page"
    marker = tmp_path / "pwned"
    # the connection itself works: an allowed message gets its reply
    assert "kernel_info_reply" in _send(voila_url, m.group(1), "kernel_info_request", {})
    code = f"open({str(marker)!r}, 'w').write('x')"
    replies = _send(voila_url, m.group(1), "execute_request",
                    {"code": code, "silent": False, "store_history": False, "user_expressions": {}, "allow_stdin": False})
    time.sleep(0.5)
    assert "execute_reply" not in replies and "execute_result" not in replies
    assert not marker.exists(), "the kernel ran code sent by the page"
