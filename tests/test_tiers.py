"""The test tiers hold (tests/conftest.py): a test that starts a kernel, a server, a browser or a pip install
without the marker for it fails at once, so `make check` provably stays in-process; the markers follow the
fixtures."""

from __future__ import annotations

import subprocess
import sys

import pytest
import voila_harness as vh
from conftest import ROOT, SERVER_FIXTURES

REFUSED = pytest.fail.Exception  # a failure of the test itself, which no `except Exception` in the code under test hides


def test_an_unmarked_test_cannot_start_voila(tmp_path):
    with (
        pytest.raises(REFUSED, match=r"test_an_unmarked_test_cannot_start_voila starts a server .* not marked `server`"),
        vh.voila(tmp_path),
    ):
        pass  # pragma: no cover - never reached


def test_an_unmarked_test_cannot_start_a_server_process():
    cmd = [sys.executable, "-m", "probation_briefing.server", str(ROOT / "briefings"), "--no-browser", "--port=0"]
    with pytest.raises(REFUSED, match="not marked `server`"):
        subprocess.run(cmd, capture_output=True, timeout=60, check=False)
    with pytest.raises(REFUSED, match="not marked `server`"):
        subprocess.Popen(["make", "serve", "PORT=1"], cwd=ROOT)


def test_an_unmarked_test_cannot_start_a_kernel(tmp_path):
    from jupyter_client import KernelManager

    km = KernelManager(kernel_name="python3", connection_file=str(tmp_path / "kernel.json"))
    try:
        with pytest.raises(REFUSED, match="not marked `kernel`"):
            km.start_kernel()
        assert not km.has_kernel
    finally:
        km.cleanup_resources()


def test_an_unmarked_test_cannot_start_a_browser_or_install():
    with pytest.raises(REFUSED, match="not marked `browser`"), vh.browser():
        pass  # pragma: no cover - never reached
    with pytest.raises(REFUSED, match="not marked `install`"):
        subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "six"], capture_output=True, check=False)


def test_markers_follow_the_fixtures(request):
    """Every collected test that uses a shared server is marked `server`; a browser test `browser` and `server`;
    a notebook's cells `kernel`."""
    for item in request.session.items:
        fixtures = set(getattr(item, "fixturenames", ()))
        marks = {m.name for m in item.iter_markers()}
        if fixtures & SERVER_FIXTURES:
            assert "server" in marks, item.nodeid
        if "chromium_ready" in fixtures:
            assert {"browser", "server"} <= marks, item.nodeid
        if item.nodeid.split("::")[0].endswith(".ipynb"):
            assert "kernel" in marks, item.nodeid
