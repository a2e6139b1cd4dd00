"""The dashboard user cannot run code: Voila refuses execute_request on the page's kernel websocket."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
import voila_harness
from conftest import ROOT


@pytest.fixture(scope="module")
def voila_url(briefings_server):
    """The run's shared server over the real briefings (tests/conftest.py)."""
    return briefings_server.url


def test_execute_request_is_refused(voila_url, tmp_path):
    page = urllib.request.urlopen(voila_url + "/voila/render/q15_pccs_and_funding.ipynb", timeout=90).read().decode()
    m = re.search(r'"kernelId"\s*:\s*"([0-9a-f-]{36})"', page) or re.search(r"kernel_id\W+([0-9a-f-]{36})", page)
    assert m, "no kernel id in the rendered page"
    marker = tmp_path / "pwned"
    # the connection itself works: an allowed message gets its reply
    assert "kernel_info_reply" in voila_harness.shell_replies(voila_url, m.group(1), "kernel_info_request", {})
    code = f"open({str(marker)!r}, 'w').write('x')"
    replies = voila_harness.shell_replies(
        voila_url,
        m.group(1),
        "execute_request",
        {"code": code, "silent": False, "store_history": False, "user_expressions": {}, "allow_stdin": False},
    )
    assert "execute_reply" not in replies and "execute_result" not in replies
    assert not marker.exists(), "the kernel ran code sent by the page"


def test_voila_config_refuses_template_and_theme_from_the_url():
    conf = json.loads((ROOT / "voila.json").read_text())["VoilaConfiguration"]
    assert conf["allow_template_override"] == "NO" and conf["allow_theme_override"] == "NO"


def test_template_from_the_url_is_ignored(voila_url):
    """?template=lab must not swap in Voila's stock template (CDN requests, no project stylesheet)."""
    for nb in ("q15_pccs_and_funding.ipynb", "index.ipynb"):  # a briefing (Voila) and the static landing page
        page = urllib.request.urlopen(voila_url + f"/voila/render/{nb}?template=lab&theme=dark", timeout=90).read().decode()
        assert "probation.css" in page or "--pb-text" in page, nb  # the house style: linked by Voila's template, inlined when static
        assert "cdn.jsdelivr" not in page and "unpkg.com" not in page, nb
