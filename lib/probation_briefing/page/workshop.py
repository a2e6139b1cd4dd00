"""Workshop mode: discussion prompts for participants, facilitator notes a trainer can show or hide, and a
side-by-side comparison of two scenarios' headline figures.

Content lives in ``data/workshop.csv`` so trainers can edit it without touching code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import ipywidgets as w
import pandas as pd

from ..briefings.contract import View
from ..data import DataSource
from ..data.params import Scenario
from ..data.presets import DEFAULT_ID, Preset
from ..present.html import esc, friendly, notice, table_html
from . import error_display


def items(data: DataSource, briefing: str, kind: str, labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """(text, label of the preset it starts from, or '') for a briefing's prompts or facilitator notes, in file order."""
    df = data.load("workshop")
    df = df[(df.briefing == briefing) & (df.kind == kind)]
    return [(str(r.text), labels.get(str(r.preset_id), "") if isinstance(r.preset_id, str) else "") for r in df.itertuples()]


def _list(entries: list[tuple[str, str]]) -> str:
    li = "".join(f"<li>{esc(t)}{f' <em>(start from: {esc(p)})</em>' if p else ''}</li>" for t, p in entries)
    return f"<ol>{li}</ol>"


def comparison(names: tuple[str, str], a: list[tuple[str, str]], b: list[tuple[str, str]]) -> pd.DataFrame:
    """Two scenarios' headline figures side by side (one row per figure).

    >>> comparison(("Now", "Preset"), [("Moved", "£45m")], [("Moved", "£0m")]).values.tolist()
    [['Moved', '£45m', '£0m']]
    """
    hb = dict(b)
    return pd.DataFrame({"figure": [k for k, _ in a], names[0]: [v for _, v in a], names[1]: [hb.get(k, "") for k, _ in a]})


def prompts_panel(data: DataSource, briefing: str, labels: Mapping[str, str]) -> w.VBox:
    """Prompts always visible; facilitator notes behind a toggle (hidden by default)."""
    notes = w.HTML(f'<div class="pb-notice">{_list(items(data, briefing, "facilitator", labels))}</div>')
    notes.layout.display = "none"
    toggle = w.ToggleButton(
        value=False,
        description="Show facilitator notes",
        tooltip="Show or hide the notes for the workshop facilitator",
        layout=w.Layout(width="16em"),
    )

    def flip(change: dict[str, bool]) -> None:
        notes.layout.display = "" if change["new"] else "none"
        toggle.description = "Hide facilitator notes" if change["new"] else "Show facilitator notes"

    toggle.observe(flip, names="value")
    return w.VBox([w.HTML("<h2>Workshop: questions to discuss</h2>" + _list(items(data, briefing, "prompt", labels))), toggle, notes])


class Comparison:
    """The current settings' headline figures beside a preset's, the preset picked from a drop-down.

    ``current`` gives the page's view and data source at the moment of asking; ``run`` works out a scenario's
    view on the page's data (one of the page's model runs). A preset's figures are worked out once per data
    source, so a change of setting re-runs the model for the current settings only.
    """

    def __init__(self, presets: Mapping[str, Preset], current: Callable[[], tuple[View, DataSource]], run: Callable[[Scenario], View]):
        self.presets = presets
        self.current = current
        self.run = run
        self.html = w.HTML()
        self.pick: w.Dropdown | None = None  # made by ``picker``, with the workshop panel
        self._cache: dict[tuple[int, str], list[tuple[str, str]]] = {}

    def picker(self) -> w.Dropdown:
        """The "compare with" drop-down (at the first preset other than the default), and the comparison for it."""
        other = next((pid for pid in self.presets if pid != DEFAULT_ID), DEFAULT_ID)
        self.pick = w.Dropdown(
            options=[(p.label, pid) for pid, p in self.presets.items()],
            value=other,
            description="Compare with",
            style={"description_width": "initial"},
            layout=w.Layout(width="100%", max_width="60em"),
        )
        self.pick.observe(lambda _: self.refresh(), names="value")
        self.refresh()
        return self.pick

    def refresh(self) -> None:
        """Compare the current view with the picked preset (nothing before there is a drop-down)."""
        pick = self.pick
        if pick is None:
            return
        try:
            preset = self.presets[pick.value]
            other = self.preset_headlines(preset.preset_id)
            view, _ = self.current()
            t = comparison(("Current settings", preset.label), [(h.label, h.value) for h in view.headlines], other)
            self.html.value = table_html(t, caption="Two scenarios side by side")
        except Exception as exc:  # noqa: BLE001 - never a traceback on the page
            error_display.log_error("comparison", exc)
            self.html.value = notice(friendly(exc), "error")

    def preset_headlines(self, preset_id: str) -> list[tuple[str, str]]:
        """A preset's headline figures as (label, value), worked out once per data source."""
        _, data = self.current()
        key = (hash(data), preset_id)
        if key not in self._cache:
            self._cache[key] = [(h.label, h.value) for h in self.run(self.presets[preset_id].scenario).headlines]
        return self._cache[key]

    def clear(self) -> None:
        """Forget the presets' figures (the page's data source has changed)."""
        self._cache.clear()


def panel(data: DataSource, briefing: str, compare: Comparison) -> w.VBox:
    """Prompts, facilitator notes and the side-by-side comparison of the current settings with a preset."""
    pick = compare.picker()
    return w.VBox(
        [
            prompts_panel(data, briefing, {pid: p.label for pid, p in compare.presets.items()}),
            w.HTML("<h3>Compare two scenarios</h3><p>Your current settings beside a preset.</p>"),
            pick,
            compare.html,
        ]
    )
