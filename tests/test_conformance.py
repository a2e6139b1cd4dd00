"""Every briefing in the catalogue keeps the contract: one conformance suite over ``data/briefings.csv``.

A new briefing (``make new-briefing``) is checked by these as soon as its row is in the catalogue: its package,
tables, note and notebook; its controls, key points, runs, uncertainty panel and presets. Tests of one
briefing's model live in that model's test file.
"""

from __future__ import annotations

import json
import re

import ipywidgets as w
import pytest
from conftest import ROOT, widget_texts
from probation_briefing.briefings import get
from probation_briefing.briefings.sensitivity import sensitivity
from probation_briefing.data import catalogue, source
from probation_briefing.data.params import parameters
from probation_briefing.data.presets import presets
from probation_briefing.page import controls
from probation_briefing.page.assurance_view import reconciliation_html
from probation_briefing.page.view_html import model_note_html

IDS = list(catalogue.ids())


@pytest.mark.parametrize("bid", IDS)
def test_every_briefing_declares_the_contract(bid):
    b = get(bid)
    data = source()
    params = b.parameters(data)
    view = b.view(params.defaults(), data)
    assert b.question == int(bid[1:]) and b.question_text and b.title
    assert view.headlines and view.summary and view.charts and view.table_views()
    for c in view.charts:
        assert c.description and not c.data.empty and c.chart.to_dict()["$schema"]


@pytest.mark.parametrize("bid", IDS)
def test_controls_are_built_from_the_parameter_table(pages, bid):
    page = pages[bid]
    assert set(page.controls) == set(page.params)
    for k, p in page.params.items():
        c = page.controls[k]
        assert p.label in c.description
        if p.kind == "number" and p.unit:
            assert p.unit in c.description
        if p.kind == "choice":
            assert [v for _, v in c.options] == list(p.choices) and [lab for lab, _ in c.options] == list(p.choice_labels)
    grouped = list(_walk(page.controls_widget()))
    headings = [ch.value for ch in grouped if isinstance(ch, w.HTML) and "pb-group" in ch.value]
    toggles = [ch for ch in grouped if isinstance(ch, w.ToggleButton)]
    parts = controls.sections(page.params)
    assert headings == [f"<h3 class='pb-group'>{s.title}</h3>" for s in parts if not s.collapsed]
    wanted = [f"Show {s.title[:1].lower()}{s.title[1:]} ({len(s.members)})" for s in parts if s.collapsed]
    assert sorted(t.description for t in toggles) == sorted(wanted)  # (Q14: setting A's and B's side by side, then the shared)
    assert sorted(k for s in parts for k in (p.param_id for p in s.members)) == sorted(page.params)  # each control once
    for t in toggles:  # "more settings" start collapsed; the button opens them
        box = next(b for b in grouped if isinstance(b, w.Box) and t in b.children)
        inner = box.children[box.children.index(t) + 1]
        assert inner.layout.display == "none" and t.description.startswith("Show")
        t.value = True
        assert inner.layout.display == "" and t.description.startswith("Hide")
        t.value = False


def _walk(widget):
    """A widget and every widget inside it, depth first."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


@pytest.mark.parametrize("bid", IDS)
def test_each_briefing_opens_with_at_most_eight_controls_the_rest_collapsed(pages, bid):
    """Issue 25: the policy choices and display choices show (at most eight controls with the preset picker); the
    assumptions, data, methods and examples are behind 'Show more settings' buttons, each control with a status mark
    that the legend above explains."""
    page = pages[bid]
    assert controls.visible_count(page.params, len(page.presets)) <= controls.MAX_VISIBLE
    top = page.controls_widget()
    shown = [c for c in _walk(top) if c in page.controls.values() and _on_screen(top, c)]
    assert 1 <= len(shown) <= controls.MAX_VISIBLE - (1 if page.presets else 0)
    assert all(page.params[k].role in controls.MAIN_ROLES for k, c in page.controls.items() if c in shown)
    # a collapsed group is empty until it is opened (the browser draws its controls only then)
    toggles = [t for t in _walk(top) if isinstance(t, w.ToggleButton) and "pb-toggle" in t._dom_classes]
    assert toggles and not [c for c in _walk(top) if c in page.controls.values() and c not in shown]
    for t in toggles:
        t.value = True
    marks = [m for m in _walk(top) if isinstance(m, w.HTML) and "pb-marker" in m._dom_classes]
    assert len(marks) == len(page.params)  # one mark a control, no badge under each
    assert not any("pb-badge" in m.value for m in marks)
    legend = next(x.value for x in _walk(top) if isinstance(x, w.HTML) and "pb-legend" in x.value)
    for m in marks:
        status = m.value.split('class="pb-mark ', 1)[1].split('"', 1)[0]
        assert f'pb-mark {status}"' in legend, status


def _on_screen(top, widget) -> bool:
    """True when no box between ``top`` and ``widget`` is hidden (a collapsed group)."""

    def path(node, trail):
        if node is widget:
            return trail
        for child in getattr(node, "children", ()):
            found = path(child, [*trail, node])
            if found is not None:
                return found
        return None

    trail = path(top, [])
    return trail is not None and all(getattr(b.layout, "display", None) != "none" for b in trail)


@pytest.mark.parametrize("bid", IDS)
def test_key_points_are_balanced_sourced_and_follow_the_settings(pages, bid):
    page = pages[bid]
    points = page.view.key_points
    assert 3 <= len(points) <= 5
    stances = {k.stance for k in points}
    assert {"for", "against"} <= stances  # balanced
    sources = set(page.data.load("sources")["source_id"])
    for k in points:
        assert set(k.sources) <= sources
        for sid in k.sources:
            assert f"[{sid}" in k.text or f", {sid}" in k.text, (sid, k.text)
        assert "illustrative" in k.text or k.sources, k.text  # each point has a source, or says it is illustrative
    before = [k.text for k in points]
    p = page.params
    probe = get(bid).key_point_probe  # the briefing's own: a change of settings that must change a key point
    assert probe, "the briefing declares key_point_probe"
    after = [k.text for k in get(bid).view(p.defaults().replace(**probe), page.data).key_points]
    assert before != after  # a point that depends on the settings updates with them
    points, then_now = page.panels["key_points"].children
    assert "Key points" in points.children[0].value and "Then and now" in then_now.value  # key points, then and now beside


@pytest.mark.parametrize("bid", IDS)
def test_one_model_run_per_change_and_per_preset(pages, bid):
    page = pages[bid]
    page.set_scenario(page.params.defaults())
    k = next(k for k, p in page.params.items() if p.kind == "number")
    p = page.params[k]
    runs = page.runs
    c = page.controls[k]
    c.value = c.value + (p.step or 1) if c.value + (p.step or 1) <= p.max else c.value - (p.step or 1)
    assert page.runs == runs + 1
    preset = next(pid for pid in page.presets if pid != "default")
    runs = page.runs
    page.set_scenario(page.presets[preset].scenario)  # many controls change, one run
    assert page.runs == runs + 1
    assert dict(page.scenario) == dict(page.presets[preset].scenario)


@pytest.mark.parametrize("bid", IDS)
def test_each_briefing_links_a_note_on_how_its_model_works(pages, bid):
    html = model_note_html(pages[bid].briefing)
    assert "How this model works" in html and "<h3>" in html and "<h1>" not in html
    for part in ("Logic", "cannot tell you", "Known limits"):
        if part in get(bid).model_note():
            break
    else:
        pytest.fail("the note says neither its logic nor its limits")


@pytest.mark.parametrize("bid", IDS)
def test_uncertainty_each_illustrative_setting_low_and_high_largest_first(bid):
    b = get(bid)
    data = source()
    s = sensitivity(b, b.parameters(data).defaults(), data)
    assert s.low <= s.central <= s.high and s.low < s.high
    assert list(s.table["swing"]) == sorted(s.table["swing"], reverse=True)
    assumptions = {k for k, p in b.parameters(data).items() if p.kind == "number" and p.role == "assumption"}
    assert set(s.table["param_id"]) <= assumptions
    assert len(s.table) >= 2


@pytest.mark.parametrize("bid", IDS)
def test_uncertainty_uses_the_plausible_ranges_stated_in_the_parameter_table(bid):
    b, data = get(bid), source()
    params = b.parameters(data)
    stated = {k: p for k, p in params.items() if p.low is not None or p.high is not None}
    assert len(stated) >= 5
    for k, p in stated.items():
        assert p.low is not None and p.high is not None and p.range_note, k
        assert (p.min is None or p.min <= p.low) and p.low < p.high and (p.max is None or p.high <= p.max), k
    t = sensitivity(b, params.defaults(), data).table.set_index("param_id")
    for k in set(t.index) & set(stated):
        assert (t.loc[k, "low value"], t.loc[k, "high value"]) == (stated[k].low, stated[k].high)
        assert t.loc[k, "why this range"] == stated[k].range_note
    for k in set(t.index) - set(stated):
        assert "no stated range" in t.loc[k, "why this range"]


@pytest.mark.parametrize("bid", IDS)
def test_no_internal_identifiers_on_screen(pages, bid):
    """Issues 13 and 22: no snake_case names (param ids, fact ids, structure ids) in any text the page shows, the
    sources and assumptions section, the model note and the reconciliation included (file names and paths aside)."""
    page = pages[bid]
    page._render_details()
    html = " ".join(t for name in ("key_points", "workspace", "workshop") for t in widget_texts(page.panels[name]))
    html += page.sources_html() + model_note_html(page.briefing) + reconciliation_html(page.briefing, page.data)
    text = re.sub(r"<[^>]+>", " ", html)
    text = re.sub(r"https?://\S+|\S+\.(?:csv|py|json|ipynb)\b|`[^`]*`|\b\S+/\S+", " ", text)  # file names, paths and links
    found = sorted(set(re.findall(r"\b[a-z]+(?:_[a-z0-9]+)+\b", text)))
    assert found == [], found


@pytest.mark.parametrize("bid", IDS)
def test_defaults_and_presets_sit_on_their_controls_steps(bid):
    """The page refuses values between a slider's steps, so every default and preset must be one of them."""
    params = parameters(bid, source())
    params.scenario(dict(params.defaults()), on_step=True)  # raises InputError naming any default between steps
    for p in presets(params, source()):
        params.scenario(dict(p.scenario), on_step=True)


@pytest.mark.parametrize("bid", IDS)
def test_every_exercise_differs_from_the_defaults(bid):
    ps = {p.preset_id: p for p in presets(parameters(bid, source()), source())}
    assert len(ps) >= 2, "a briefing offers at least one preset besides the defaults (data/presets_<id>.csv)"
    defaults = ps.pop("default").scenario
    for pid, p in ps.items():
        assert dict(p.scenario) != dict(defaults), f"{pid} equals the default settings"


@pytest.mark.parametrize("bid", IDS)
def test_the_catalogue_row_has_its_package_tables_note_notebook_and_script(bid):
    """A row of data/briefings.csv is a whole briefing: its package (whose BRIEFING has this id), its parameters and
    presets tables (sharing the package's schemas), its model note, and its notebook with the paired script."""
    b, entry = get(bid), catalogue.entry(bid)
    assert b.id == bid and b.entry == entry
    resources = {r["name"]: r for r in json.loads((ROOT / "data" / "datapackage.json").read_text())["resources"]}
    assert resources[f"parameters_{bid}"]["schema"] == "schemas/parameters.json"
    assert resources[f"presets_{bid}"]["schema"] == "schemas/presets.json"
    assert b.model_note().strip()
    assert (ROOT / "briefings" / entry.notebook).exists(), entry.notebook
    assert (ROOT / "briefings" / "scripts" / entry.notebook.replace(".ipynb", ".py")).exists()
    assert entry.title.startswith(f"Q{entry.question} - ") and entry.short_title in entry.title
