"""Issue 22: a figure badged "published" is quoted from a source and equals its data row; computed figures are
"derived", reconstructions "reconstructed", placeholders "illustrative" (in-process; no kernel, no server)."""

from __future__ import annotations

import inspect
import re
from importlib import import_module

import pytest
from probation_briefing.briefings import get
from probation_briefing.briefings.contract import Headline, View
from probation_briefing.data import catalogue, source
from probation_briefing.data.presets import presets

DATA = source()
IDS = catalogue.ids()
FACTS = DATA.load("facts")
SOURCES = set(DATA.load("sources")["source_id"])


def context_views(bid: str) -> list[View]:
    """The sections a briefing shows whatever the settings: its context module's functions of the data giving a View."""
    mod = import_module(f"probation_briefing.briefings.{bid}.context")
    out = []
    for _, fn in inspect.getmembers(mod, inspect.isfunction):
        sig = inspect.signature(fn)
        if fn.__module__ == mod.__name__ and list(sig.parameters) == ["data"] and sig.return_annotation in (View, "View"):
            out.append(fn(DATA))
    return out


def headlines(bid: str) -> list[Headline]:
    b = get(bid)
    params = b.parameters(DATA)
    scenarios = [p.scenario for p in presets(params, DATA)]
    views = [b.view(s, DATA) for s in scenarios] + context_views(bid)
    return [h for v in views for h in v.headlines]


def numbers(text: str) -> list[float]:
    return [float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]


@pytest.mark.parametrize("bid", IDS)
def test_a_published_headline_cites_a_source_whose_row_holds_its_value(bid):
    for h in headlines(bid):
        if h.status != "published":
            continue
        ids = set(h.sources) | set(re.findall(r"\[([A-Z][A-Z0-9]*)\]", h.label))
        assert ids, f"{bid}: '{h.label}' is badged published but cites no source"
        assert ids <= SOURCES, f"{bid}: '{h.label}' cites unknown sources {ids - SOURCES}"
        rows = FACTS[FACTS["source_id"].isin(ids) & (FACTS["status"] == "published")]
        shown = numbers(h.value)
        assert any(abs(v - x) <= max(0.5, 0.005 * abs(v)) for v in rows["value"] for x in shown), (
            f"{bid}: '{h.label}' = {h.value} is badged published but no published row of {sorted(ids)} holds it"
        )


@pytest.mark.parametrize("bid", IDS)
def test_every_headline_has_a_status_the_page_explains(bid):
    for h in headlines(bid):
        assert h.status in {"published", "derived", "reconstructed", "illustrative", "estimate", "reported"}, (h.label, h.status)


@pytest.mark.parametrize("bid", IDS)
def test_a_published_or_reported_setting_equals_a_row_of_its_source_with_that_status(bid):
    """'published' only for a value quoted from a primary source (its facts row published); 'reported' for one quoted
    from a secondary source (its row reported); a figure no readable source gives is not either."""
    allowed = {"published": {"published"}, "reported": {"published", "reported"}}
    structures = DATA.load("structures").set_index("structure")
    for k, p in get(bid).parameters(DATA).items():
        if p.status not in allowed:
            continue
        if p.kind == "choice" and p.choices == tuple(structures.index):
            assert structures.loc[p.default, "status"] == "published" and structures.loc[p.default, "source_id"] == p.source_id, k
            continue
        assert p.kind == "number", f"{bid} {k}: a {p.kind} setting is a choice, not a quoted figure"
        rows = FACTS[(FACTS["source_id"] == p.source_id) & ((FACTS["value"] - float(p.default)).abs() < 1e-9)]
        assert set(rows["status"]) & allowed[p.status], f"{bid} {k}: {p.status} but no such row of {p.source_id} holds {p.default}"


@pytest.mark.parametrize("bid", IDS)
def test_a_structure_controls_badge_follows_the_structure_chosen(bid):
    """The 21 CRC areas are a published map and the 2018 proposal a reconstruction: the badge says which is chosen."""
    import ipywidgets as w
    from probation_briefing.page import controls

    params = get(bid).parameters(DATA)
    structures = DATA.load("structures").set_index("structure")["status"]
    for k, p in params.items():
        if not p.choice_statuses:
            continue
        control = w.Dropdown(options=list(p.choices), value=p.default)
        box = w.VBox(controls.grouped(params, {**{n: w.Text() for n in params}, k: control}))
        for toggle in [t for t in _walk(box) if isinstance(t, w.ToggleButton)]:
            toggle.value = True  # a collapsed group holds its controls once opened
        row = next(r for r in _walk(box) if isinstance(r, w.HBox) and r.children and r.children[0] is control)
        for choice in p.choices:
            control.value = choice
            assert f'class="pb-mark {structures[choice]}"' in row.children[1].value, (k, choice)


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)
