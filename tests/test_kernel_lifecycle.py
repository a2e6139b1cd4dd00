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
def test_a_kernel_cap_gives_a_plain_busy_page():
    extra = ["--CappedKernelManager.max_kernels=2", "--MappingKernelManager.cull_idle_timeout=600"]
    with vh.voila(ROOT / "briefings", preheat=False, extra=extra) as srv:
        for _ in range(2):
            assert vh.get(srv.url + "/voila/render/q15_pccs_and_funding.ipynb")[0] == 200
        status, body = vh.get(srv.url + "/voila/render/q15_pccs_and_funding.ipynb")
        assert status == 503 and "Sorry, the service is busy" in body and "try again in a few minutes" in body
        assert "Traceback" not in body and "cdn." not in body and str(ROOT) not in body
        assert len(vh.kernel_ids(srv)) == 2
