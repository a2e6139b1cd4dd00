"""Workshop mode on the participants' page: the exercises beside the presets, the exercise the facilitator has
started (the room's, see ``room.js``), and Compare, which sets any two scenarios side by side with the difference.

Content lives in ``data/workshop.csv`` so trainers can edit it without touching code. Its facilitator notes are
for the facilitator's page only (``page.facilitator``): nothing here shows them.

>>> from probation_briefing.data import source
>>> [(e.number, e.item_id) for e in exercises(source(), "q15")][:2]
[(1, 'q15_p1'), (2, 'q15_p2')]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import anywidget
import ipywidgets as w
import pandas as pd
import traitlets

from ..briefings.contract import Headline, View
from ..data import DataSource
from ..data.params import Scenario
from ..data.presets import DEFAULT_ID, Preset
from ..present.html import esc, friendly, notice, table_html
from ..present.numbers import difference
from . import error_display

#: The timer's time when an exercise has no suggested time in data/workshop.csv (the facilitator's page says so).
DEFAULT_MINUTES = 10
CURRENT = "current"


@dataclass(frozen=True)
class Exercise:
    """One workshop exercise: a prompt of data/workshop.csv, numbered in file order within its briefing."""

    number: int
    item_id: str
    text: str
    preset_id: str  # the preset it starts from ("" for none)
    preset_label: str  # that preset's label ("" for none)
    minutes: int | None  # its suggested time (None: the data suggests none)


def _rows(data: DataSource, briefing: str, kind: str) -> pd.DataFrame:
    df = data.load("workshop")
    return df[(df.briefing == briefing) & (df.kind == kind)]


def exercises(data: DataSource, briefing: str, labels: Mapping[str, str] | None = None) -> list[Exercise]:
    """A briefing's exercises (its prompts, in file order), each with the label of the preset it starts from."""
    out = []
    for n, r in enumerate(_rows(data, briefing, "prompt").itertuples(), start=1):
        pid = str(r.preset_id) if isinstance(r.preset_id, str) else ""
        minutes = int(r.minutes) if "minutes" in r._fields and pd.notna(r.minutes) else None
        out.append(Exercise(n, str(r.item_id), str(r.text), pid, (labels or {}).get(pid, ""), minutes))
    return out


def facilitator_notes(data: DataSource, briefing: str) -> list[str]:
    """A briefing's notes for the facilitator, in file order: for the facilitator's page, never a participant's."""
    return [str(t) for t in _rows(data, briefing, "facilitator").text]


def exercise_list_html(items: list[Exercise]) -> str:
    """The exercises as a disclosure (closed), to open beside the presets: each prompt and the preset it starts from."""
    if not items:
        return ""
    li = "".join(f"<li>{esc(e.text)}{f' <em>(start from: {esc(e.preset_label)})</em>' if e.preset_label else ''}</li>" for e in items)
    return (
        f'<details class="pb-exercises"><summary>Workshop exercises ({len(items)})</summary>'
        f"<ol>{li}</ol><p>To start one, choose its preset above.</p></details>"
    )


def current_exercise_html(e: Exercise, total: int) -> str:
    """The box at the top of the settings while the facilitator has an exercise running."""
    start = f"<p><strong>Start from:</strong> {esc(e.preset_label)}</p>" if e.preset_label else ""
    return (
        f'<div class="pb-room-exercise" aria-labelledby="pb-room-ex-h"><h3 id="pb-room-ex-h">Exercise {e.number} of {total} '
        f'<span class="pb-room-by">(started by your facilitator)</span></h3><p class="pb-room-prompt">{esc(e.text)}</p>{start}</div>'
    )


class RoomWatch(anywidget.AnyWidget):
    """Asks the server every few seconds which exercise the facilitator has started for the room
    (``<base>room/<briefing>.json``, :mod:`probation_briefing.server.room`) and sends its id to the kernel.

    Where no server keeps a room (JupyterLab, a handout) the first answer is "not found" and it stops asking.
    The id is only ever looked up among the briefing's own exercises: nothing the browser sends is run.
    """

    _esm = Path(__file__).with_name("room.js")
    room = traitlets.Unicode("", help="The briefing's id: whose room to ask about").tag(sync=True)
    exercise = traitlets.Unicode("", help="The started exercise's id (set by the browser; '' for none)").tag(sync=True)
    interval_s = traitlets.Float(5.0, help="Seconds between two questions to the server").tag(sync=True)


class Room:
    """The participants' side of the room: the started exercise at the top of the settings (hidden when none),
    with a button that sets the controls to its starting preset, and the exercises beside the presets."""

    def __init__(self, briefing: str, items: list[Exercise], start_from: Callable[[str], None]):
        self.items = {e.item_id: e for e in items}
        self.total = len(items)
        self.watch = RoomWatch(room=briefing)
        self.html = w.HTML()
        self.use = w.Button(description="Set the controls to its starting point", layout=w.Layout(width="auto", max_width="100%"))
        self.use.add_class("pb-room-use")
        self.box = w.VBox([self.html, self.use])
        self.box.add_class("pb-room")
        self.box.layout.display = "none"
        self.current: Exercise | None = None
        self.list = w.HTML(exercise_list_html(items))
        self._start_from = start_from
        self.use.on_click(self._use)
        self.watch.observe(lambda change: self.show(change["new"]), names="exercise")

    def _use(self, _button: object = None) -> None:
        if self.current is not None and self.current.preset_id:
            self._start_from(self.current.preset_id)

    def show(self, item_id: str) -> None:
        """Show the exercise ``item_id`` (an id the briefing does not have, or "", hides the box)."""
        e = self.items.get(item_id) if isinstance(item_id, str) else None
        self.current = e
        if e is None:
            self.box.layout.display = "none"
            self.html.value = ""
            return
        self.html.value = current_exercise_html(e, self.total)
        self.use.layout.display = "" if e.preset_id else "none"
        self.box.layout.display = ""

    def widget(self) -> w.VBox:
        """The watcher (nothing to see but a status for screen readers) and the started exercise's box.

        Not a scrolling box: its only content while no exercise runs is the watcher's status, one pixel drawn outside
        the flow, and a scrolling box around it would be an empty stop for the keyboard (Chromium makes a scroller
        focusable)."""
        return w.VBox([self.watch, self.box], layout=w.Layout(overflow="visible"))


# ---- Compare ------------------------------------------------------------------------------------------


def _pair_label(a: str, b: str) -> str:
    return a if a == b else f"{a} (A); {b} (B)"


def comparison(names: tuple[str, str], a: list[Headline], b: list[Headline]) -> pd.DataFrame:
    """Two scenarios' headline figures side by side, one row per figure, with B minus A in the figure's unit.

    Rows pair by position when both lists have the same figures in the same order (a label may name an area that
    differs between the two), else by label.

    >>> t = comparison(("Now", "Preset"), [Headline("Moved", "£45m", amount=45e6, unit="£ a year")], [Headline("Moved", "nothing", amount=0.0, unit="£ a year")])
    >>> t.columns.tolist()
    ['Figure', 'A: Now', 'B: Preset', 'Difference (B minus A)']
    >>> t.values.tolist()
    [['Moved', '£45m', 'nothing', '−£45m a year']]
    """
    if len(a) == len(b):
        pairs = list(zip(a, b, strict=True))
    else:
        by_label = {h.label: h for h in b}
        pairs = [(h, by_label.get(h.label, Headline(h.label, "not shown"))) for h in a]
    return pd.DataFrame(
        {
            "Figure": [_pair_label(x.label, y.label) for x, y in pairs],
            f"A: {names[0]}": [x.value for x, _ in pairs],
            f"B: {names[1]}": [y.value for _, y in pairs],
            "Difference (B minus A)": [
                difference(x.amount, y.amount, x.unit) if x.unit == y.unit and x.unit else "not comparable" for x, y in pairs
            ],
        }
    )


class Comparison:
    """Any two scenarios side by side: the current settings, a preset or settings saved on this page, picked as A and B,
    with a difference column (B minus A, in each figure's unit).

    ``current`` gives the page's view and data source at the moment of asking; ``run`` works out a scenario's
    view on the page's data (one of the page's model runs). A preset's or saved scenario's figures are worked out
    once per data source, so a change of setting re-runs the model for the current settings only.
    """

    MAX_SAVED = 10

    def __init__(
        self,
        presets: Mapping[str, Preset],
        current: Callable[[], tuple[View, DataSource]],
        run: Callable[[Scenario], View],
        scenario: Callable[[], Scenario] | None = None,
    ):
        self.presets = presets
        self.current = current
        self.run = run
        self.scenario = scenario
        self.saved: dict[str, tuple[str, Scenario]] = {}  # key -> (label, scenario), in the order saved
        self.html = w.HTML()
        self.message = w.HTML()
        self.pick_a: w.Dropdown | None = None  # made by ``picker``, with the workshop panel
        self.pick_b: w.Dropdown | None = None
        self._cache: dict[tuple[int, str], list[Headline]] = {}

    def options(self) -> list[tuple[str, str]]:
        """What A and B can be: the current settings, each preset, each saved scenario."""
        return [
            ("Current settings", CURRENT),
            *((p.label, f"preset:{pid}") for pid, p in self.presets.items()),
            *((label, key) for key, (label, _) in self.saved.items()),
        ]

    def label_of(self, key: str) -> str:
        return {k: label for label, k in self.options()}.get(key, key)

    def picker(self) -> w.VBox:
        """The A and B drop-downs (A: the current settings, B: the first preset other than the default settings), the
        save button and the table."""
        style, layout = {"description_width": "initial"}, w.Layout(width="100%", max_width="40em")
        other = next((pid for pid in self.presets if pid != DEFAULT_ID), DEFAULT_ID)
        self.pick_a = w.Dropdown(options=self.options(), value=CURRENT, description="Scenario A", style=style, layout=layout)
        self.pick_b = w.Dropdown(options=self.options(), value=f"preset:{other}", description="Scenario B", style=style, layout=layout)
        for pick in (self.pick_a, self.pick_b):
            pick.add_class("pb-control")
            pick.observe(lambda _: self.refresh(), names="value")
        save = w.Button(
            description="Save the current settings to compare", layout=w.Layout(width="auto", max_width="100%", align_self="flex-start")
        )
        save.on_click(lambda _: self.save())
        self.refresh()
        return w.VBox([self.pick_a, self.pick_b, save, self.message, self.html])

    def save(self) -> str:
        """Keep the current settings as a scenario A or B can be (the oldest is dropped past ``MAX_SAVED``); its key."""
        if self.scenario is None:
            return ""
        n = max((int(k.split(":")[1]) for k in self.saved), default=0) + 1
        key, label = f"saved:{n}", f"Saved settings {n}"
        self.saved[key] = (label, self.scenario())
        while len(self.saved) > self.MAX_SAVED:
            self.saved.pop(next(iter(self.saved)))
        for pick in (self.pick_a, self.pick_b):
            if pick is not None:
                keep = pick.value if pick.value in {k for _, k in self.options()} else CURRENT
                pick.options = self.options()
                pick.value = keep
        self.message.value = notice(f"Saved as “{label}”: choose it as scenario A or B.")
        self.refresh()
        return key

    def headlines(self, key: str) -> list[Headline]:
        """The headline figures of a scenario: the current view's, or a preset's or saved scenario's (worked out once)."""
        view, data = self.current()
        if key == CURRENT:
            return list(view.headlines)
        cache_key = (hash(data), key)
        if cache_key not in self._cache:
            kind, _, name = key.partition(":")
            scenario = self.presets[name].scenario if kind == "preset" else self.saved[key][1]
            self._cache[cache_key] = list(self.run(scenario).headlines)
        return self._cache[cache_key]

    def same_settings(self, a: str, b: str) -> bool:
        """Whether A and B are the same settings (then every difference is zero)."""
        return a == b or (self._scenario_of(a) is not None and self._scenario_of(a) == self._scenario_of(b))

    def _scenario_of(self, key: str) -> Scenario | None:
        kind, _, name = key.partition(":")
        if key == CURRENT:
            return self.scenario() if self.scenario else None
        return self.presets[name].scenario if kind == "preset" else self.saved[key][1] if key in self.saved else None

    def refresh(self) -> None:
        """Compare A with B (nothing before there are drop-downs)."""
        if self.pick_a is None or self.pick_b is None:
            return
        try:
            a, b = self.pick_a.value, self.pick_b.value
            t = comparison((self.label_of(a), self.label_of(b)), self.headlines(a), self.headlines(b))
            same = (
                notice("A and B have the same settings, so nothing differs. Choose another scenario for A or B.")
                if self.same_settings(a, b)
                else ""
            )
            self.html.value = (
                same
                + table_html(t, caption="Scenario A and scenario B side by side")
                + '<p class="pb-alt">The difference is worked out from the unrounded figures, then rounded as the figures are. '
                "A change in a share is in percentage points.</p>"
            )
        except Exception as exc:  # noqa: BLE001 - never a traceback on the page
            error_display.log_error("comparison", exc)
            self.html.value = notice(friendly(exc), "error")

    def clear(self) -> None:
        """Forget the presets' and saved scenarios' figures (the page's data source has changed)."""
        self._cache.clear()


def panel(compare: Comparison) -> w.VBox:
    """The workshop section at the foot of the page: Compare (the exercises are beside the presets)."""
    return w.VBox(
        [
            w.HTML(
                "<p>The workshop exercises are beside the settings, under the presets.</p>"
                "<h3>Compare two scenarios</h3><p>Choose any two: the current settings, a preset, or settings you have saved. "
                "The last column is B minus A.</p>"
            ),
            compare.picker(),
        ]
    )
