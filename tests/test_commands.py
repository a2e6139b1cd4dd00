"""The README's serve command really serves the dashboards (CI runs this on a clean clone via `make test`)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request

import pytest
from conftest import ROOT
from probation_briefing.briefings import all_briefings
from voila_harness import free_port


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as r:
        return r.read().decode("utf-8")


@pytest.mark.server
def test_make_serve_brings_up_the_landing_page():
    port = free_port()
    proc = subprocess.Popen(
        ["make", "serve", f"PORT={port}"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True, text=True
    )
    try:
        deadline = time.time() + 90
        while True:
            try:
                tree = get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    out = proc.stdout.read() if proc.poll() is not None else ""
                    pytest.fail(f"make serve did not come up on port {port}:\n{out[-3000:]}")
                time.sleep(0.5)
        assert "index.ipynb" in tree
        page = get(f"http://127.0.0.1:{port}/voila/render/index.ipynb")
        for b in all_briefings():
            assert b.title.split(" - ")[1] in page.replace("&#39;", "'")
        assert "Traceback" not in page
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def test_everything_the_dashboards_need_is_tracked_in_git():
    tracked = set(subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split())
    if not tracked:
        pytest.skip("not a git checkout")
    needed = {
        "Makefile",
        "voila.json",
        "requirements.txt",
        "constraints.txt",
        "environment.yml",
        "lib/pyproject.toml",
        "briefings/index.ipynb",
        "data/datapackage.json",
    }
    import json

    resources = json.loads((ROOT / "data/datapackage.json").read_text())["resources"]
    needed |= {f"data/{r['path']}" for r in resources} | {f"data/{r['schema']}" for r in resources if isinstance(r["schema"], str)}
    assert needed <= tracked, sorted(needed - tracked)
