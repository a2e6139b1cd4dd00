"""The workspace preview: the results at the defaults, as HTML the server sends with the page (page/preview.py)."""

from __future__ import annotations

from html import escape

import pytest
from probation_briefing.briefings import get
from probation_briefing.data import source
from probation_briefing.page import preview
from probation_briefing.page.driver import Page

SPEC = {"data": {"values": [{"n": 1}, {"n": 3}]}, "mark": "bar", "encoding": {"x": {"field": "n", "type": "quantitative"}}}


@pytest.fixture
def shown(monkeypatch) -> list[str]:
    """The previews a page displays (what the template writes into the page as HTML)."""
    out: list[str] = []

    def display(obj, raw=False, metadata=None):
        assert raw and (metadata or {}).get(preview.MARK)
        out.append(obj["text/html"])

    monkeypatch.setattr(preview, "display", display)
    monkeypatch.setattr("probation_briefing.page.driver.display", lambda *a, **k: None)
    monkeypatch.setattr("probation_briefing.page.static_html.show", lambda *a, **k: None)
    return out


def test_a_chart_is_drawn_once_and_then_read_from_the_shared_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(preview.CACHE_ENV, str(tmp_path))
    first = preview.chart_svg(SPEC, "Two bars")
    assert "<svg" in first and 'aria-label="Two bars"' in first
    assert len(list(tmp_path.glob("*.svg"))) == 1

    import vl_convert

    def refuse(*_a, **_k):
        raise AssertionError("drawn again")

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", refuse)
    assert preview.chart_svg(SPEC, "Two bars") == first  # read from the folder
    assert not list(tmp_path.glob("*.part"))


def test_only_a_preheated_kernel_under_voila_sends_a_preview(monkeypatch):
    monkeypatch.delenv("VOILA_BASE_URL", raising=False)
    assert not preview.wanted(True)  # JupyterLab, papermill, nbval
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    assert preview.wanted(True)
    assert not preview.wanted(False)  # a cold render: the page would wait for it
    monkeypatch.setenv("PROBATION_STATIC", "1")
    assert not preview.wanted(True)  # a handout is static already


@pytest.mark.parametrize("bid", ["q13", "q14", "q15"])
def test_the_workspace_preview_shows_the_default_settings_headlines_and_every_chart(bid, tmp_path, monkeypatch, shown):
    monkeypatch.setenv(preview.CACHE_ENV, str(tmp_path))
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setattr("probation_briefing.page.chart_widget.enable", lambda base_url=None: None)
    page = Page(get(bid), source())
    page.start({})
    page.show_workspace()
    (html,) = shown
    assert html.count("<svg") == len(page.view.charts) >= 1
    for c in page.controls.values():
        assert f"<strong>{escape(c.description)}</strong>" in html
    assert page.summary.value in html
    assert preview.NOTE in html and 'aria-hidden="true"' in html
    assert "<script" not in html


def test_no_preview_outside_a_preheated_kernel(monkeypatch, shown):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    monkeypatch.setattr("probation_briefing.page.chart_widget.enable", lambda base_url=None: None)
    page = Page(get("q15"), source())
    page.start({})
    page.show_workspace()
    assert shown == []
