"""The workspace preview: the results at the defaults, as HTML the server sends with the page (page/preview.py)."""

from __future__ import annotations

from html import escape

import pytest
from probation_briefing.briefings import get
from probation_briefing.data import catalogue, source
from probation_briefing.page import controls, preview
from probation_briefing.page.driver import Page
from probation_briefing.present import drawn_charts

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
    monkeypatch.setenv(drawn_charts.CACHE_ENV, str(tmp_path))
    first = drawn_charts.figure(SPEC, "Two bars")
    assert "<svg" in first and 'aria-label="Two bars"' in first
    assert len(list(tmp_path.glob("*.svg"))) == 1

    import vl_convert

    def refuse(*_a, **_k):
        raise AssertionError("drawn again")

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", refuse)
    assert drawn_charts.figure(SPEC, "Two bars") == first  # read from the folder
    assert not list(tmp_path.glob("*.part"))


def test_only_a_preheated_kernel_under_voila_sends_a_preview(monkeypatch):
    monkeypatch.delenv("VOILA_BASE_URL", raising=False)
    assert not preview.wanted(True)  # JupyterLab, papermill, nbval
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    assert preview.wanted(True)
    assert not preview.wanted(False)  # a cold render: the page would wait for it
    monkeypatch.setenv("PROBATION_STATIC", "1")
    assert not preview.wanted(True)  # a handout is static already


@pytest.mark.parametrize("bid", catalogue.ids())
def test_the_workspace_preview_shows_the_default_settings_headlines_and_every_chart(bid, tmp_path, monkeypatch, shown):
    monkeypatch.setenv(drawn_charts.CACHE_ENV, str(tmp_path))
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setattr("probation_briefing.page.chart_widget.enable", lambda base_url=None: None)
    page = Page(get(bid), source())
    page.start({})
    page.show_workspace()
    (html,) = shown
    assert html.count("<svg") == len(page.view.charts) >= 1
    for k, c in page.controls.items():  # the settings the live page opens with; the collapsed groups are not shown
        assert (f"<strong>{escape(c.description)}</strong>" in html) == (k in controls.shown_first(page.params)), k
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


def test_kernels_started_together_draw_each_chart_once(tmp_path):
    """A kernel that finds another drawing the chart (its claim) waits for the file instead of drawing it too."""
    import threading
    import time

    folder = tmp_path / "previews"
    folder.mkdir(mode=0o700)
    path = folder / "chart.svg"
    path.with_suffix(".claim").touch()  # another kernel is drawing

    def other_kernel_finishes():
        time.sleep(0.3)
        part = path.with_suffix(".other.part")  # written then renamed, as drawn_charts writes: never read half-written
        part.write_text("<svg>drawn by the other kernel</svg>")
        part.replace(path)

    threading.Thread(target=other_kernel_finishes).start()
    drawn = []
    assert drawn_charts._once(path, lambda: drawn.append(1) or "<svg>mine</svg>") == "<svg>drawn by the other kernel</svg>"
    assert drawn == []


def test_a_claim_left_by_a_dead_kernel_is_taken_over(tmp_path):
    import os
    import time

    folder = tmp_path / "previews"
    folder.mkdir(mode=0o700)
    path = folder / "chart.svg"
    claim = path.with_suffix(".claim")
    claim.touch()
    old = time.time() - 3 * drawn_charts.WAIT_S
    os.utime(claim, (old, old))
    assert drawn_charts._once(path, lambda: "<svg>mine</svg>") == "<svg>mine</svg>"
    assert path.read_text() == "<svg>mine</svg>" and not claim.exists()


def test_a_folder_others_can_write_to_is_never_read(tmp_path):
    """On a shared machine another user could plant HTML there: such a folder is ignored, the chart drawn here."""
    folder = tmp_path / "previews"
    folder.mkdir()
    folder.chmod(0o777)
    (folder / "chart.svg").write_text("<script>planted</script>")
    assert drawn_charts._once(folder / "chart.svg", lambda: "<svg>mine</svg>") == "<svg>mine</svg>"


def test_a_preview_that_fails_leaves_the_page_to_the_live_workspace(monkeypatch, shown):
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setattr("probation_briefing.page.chart_widget.enable", lambda base_url=None: None)

    def broken(*_a, **_k):
        raise RuntimeError("the renderer failed")

    monkeypatch.setattr(drawn_charts, "figure", broken)
    page = Page(get("q15"), source())
    page.start({})
    page.show_workspace()  # no exception: the cell goes on to show the live workspace
    assert shown == []


@pytest.mark.parametrize("bid", catalogue.ids())
def test_the_key_points_go_first_as_the_live_box_in_html(bid, monkeypatch, shown):
    """The key points and 'then and now' at the defaults are sent with the page, in the live box's layout (issue 25): the
    same text as the widgets that replace them, readable (not hidden from screen readers), replaced once the live box
    has its key points."""
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setattr("probation_briefing.page.chart_widget.enable", lambda base_url=None: None)
    page = Page(get(bid), source())
    page.start({})
    page.show_key_points()
    (html,) = shown
    _points, aside = page.panels["key_points"].children
    assert page.results.key_points.value.count("<li") >= 2 and page.results.key_points.value in html
    assert aside.value in html and "Then and now" in html
    assert 'data-pb-ready=".pb-key-points"' in html and "aria-hidden" not in html and "<script" not in html
    assert html.index("pb-top-points") < html.index("pb-top-aside")  # the live box's order
