"""The page driver: one ``Page`` gives every briefing the same behaviour.

Settings come from the page address, then papermill; controls are built from the parameter table
(grouped, labelled, with units and status badges); the model runs once per change (rapid changes are
coalesced); charts update in place; the share link, downloads, upload panel, workshop presets and
comparison, static handout rendering, provenance section and error display all follow the same
``View``. A briefing notebook is its prose plus a few calls::

    page = Page(q15.BRIEFING)   # builds everything at the defaults (while a kernel is preheated)
    page.start(globals())       # reads the link, then papermill values; shows notices
    page.show_key_points(); page.show_workspace(); page.show_downloads(); page.show_workshop(); page.show_sources()

``Page`` keeps the state (link, then scenario, then one model run, then render; rapid changes coalesced, the
larger text sent a moment after the charts) and the panels, built before a visitor arrives. The pieces are
made elsewhere: the HTML for a view's parts in ``view_html``, the widgets the results are shown in in
``results_panel``, the "how sure are we?" panel in ``sensitivity_panel``, the workshop comparison in
``workshop``, the downloads in ``downloads``.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping
from typing import Any

import ipywidgets as w
from IPython import get_ipython
from IPython.display import HTML, display

from ..briefings.contract import Briefing, TableView, View
from ..data import DataSource, source
from ..data.params import Scenario
from ..data.presets import presets
from ..errors import InputError
from ..present import charts
from ..present.export import Bundle
from ..present.html import cite_links, cited, esc, friendly, log, notice, style_tag
from . import (
    assurance_view,
    chart_widget,
    cite,
    controls,
    downloads,
    error_display,
    preview,
    provenance,
    sensitivity_panel,
    static_html,
    then_and_now,
    upload,
    urlstate,
    workshop,
)
from .context_view import StaticView
from .results_panel import ResultsPanel
from .share import ShareLink, notices_html
from .view_html import model_note_html, table_block

COALESCE_SECONDS = 0.005
DETAILS_DELAY_SECONDS = 0.08


def _kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The running event loop of the IPython kernel this page lives in, or None outside a kernel."""
    if getattr(get_ipython(), "kernel", None) is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Page:
    """One briefing page: its data source, scenario, controls, model runs and every panel."""

    def __init__(self, briefing: Briefing, data: DataSource | None = None):
        error_display.install()
        charts.use_theme()
        chart_widget.enable()
        self.briefing = briefing
        self.data = data or source()
        self.params = briefing.parameters(self.data)
        self.presets = {p.preset_id: p for p in presets(self.params, self.data)}
        self.scenario: Scenario = self.params.defaults()
        self.notices: list[str] = []
        self._overrides: dict[str, Any] | None = None
        self._deferred = False  # the page address is read by finish() (a kernel Voila preheats)
        self._link_notices: w.HTML | None = None
        self.runs = 0
        self._hold = False
        self._pending: asyncio.TimerHandle | None = None
        self.view = self._view(self.scenario)  # warms the model's caches while the kernel is preheated
        self._note = ""  # a message for the status line that the next render keeps (see _limits_changed)
        self.controls = controls.controls(self.params, self.scenario, self._limits_changed)
        for c in self.controls.values():
            c.observe(self._changed, names="value")
        self.status = w.HTML()
        self.link = ShareLink()
        self.results = ResultsPanel(self.view)
        self.summary, self.chart_widgets, self.tables = self.results.summary, self.results.charts, self.results.tables  # by their old names
        self.comparison = workshop.Comparison(self.presets, lambda: (self.view, self.data), self._view, lambda: self.scenario)
        exercises = workshop.exercises(self.data, briefing.id, {pid: p.label for pid, p in self.presets.items()})
        self.room = workshop.Room(briefing.id, exercises, lambda pid: self.picker.pick(pid))
        show_error = error_display.guarded(f"{briefing.id} preset", lambda html: setattr(self.status, "value", html))
        self.picker = controls.PresetPicker(self.presets, show_error(self.set_scenario))
        self._sources: tuple[int, str] | None = None
        self._cited: list[str] = []  # source ids the page's sections cite (the sources list must hold each)
        self._listed: set[str] = set()
        self._pending_details: asyncio.TimerHandle | None = None
        self._render()
        # every panel is built now, while a Voila kernel is preheated, so the request only fills in the link's settings
        self.panels: dict[str, w.Widget] = {
            "key_points": self.results.key_points_widget(self.briefing.id, self.data),
            "controls": self.controls_widget(),
            "results": self.results_widget(),
            "downloads": downloads.panel(self.bundle),
            "workshop": workshop.panel(self.comparison),
        }
        self.panels["workspace"] = self.workspace_widget()
        if briefing.uploads:
            self.panels["upload"] = upload.panel(briefing.uploads, lambda: self.data, self.use_data)

    # ---- settings ---------------------------------------------------------------------------------
    def start(self, namespace: Mapping[str, Any] | None = None) -> None:
        """Read the page address, then papermill values from ``namespace`` (a notebook's ``globals()``); show notices.

        In a kernel Voila preheats, the address is not known until a visitor arrives. Reading it here would
        stop the notebook at this cell, so every cell below would run per visitor. Instead the notices' place
        is shown here and the address is read by :meth:`finish`, the notebook's last cell: the whole page is
        built at the defaults before anyone arrives, and a visit with no settings in its link runs nothing.
        """
        self._overrides = {k: namespace.get(k) for k in self.params} if namespace is not None else None
        if os.environ.get("VOILA_PREHEAT") == "True":
            self._link_notices = w.HTML().add_class("pb-link-notices")  # no room taken while empty (probation.css)
            display(self._link_notices)
            self._deferred = True
            return
        self._apply_link()

    def finish(self) -> None:
        """The notebook's last cell: in a preheated kernel, wait for the visitor's address and apply its settings."""
        if self._deferred:
            self._deferred = False
            self._apply_link()

    def _apply_link(self) -> None:
        scenario, self.notices = urlstate.read(self.params, self._overrides, self.briefing.old_links)
        if self.notices:
            if self._link_notices is not None:
                self._link_notices.value = notices_html(self.notices)
            else:
                display(HTML(notices_html(self.notices)))
        if scenario != self.scenario:  # the default page was built before the request: nothing to redo
            self.set_scenario(scenario)
            controls.open_changed(self.panels["controls"], self.params, scenario)

    def set_scenario(self, scenario: Scenario) -> None:
        """Set every control to ``scenario`` and run the model once."""
        self._show_values(scenario)
        self.update()

    def _show_values(self, scenario: Scenario) -> None:
        """Set every control to ``scenario`` without running the model."""
        self._hold = True
        try:
            for k, c in self.controls.items():
                c.value = scenario[k]
        finally:
            self._hold = False

    def _limits_changed(self, message: str) -> None:
        log.warning("%s: %s", self.briefing.id, message)
        self._note = message
        self.status.value = notice(message, "warn")

    def current(self) -> Scenario:
        """The scenario the controls show, checked against the parameter table (whatever the browser sent)."""
        return self.params.scenario(controls.values_of(self.controls), on_step=True)

    # ---- running ----------------------------------------------------------------------------------
    def _view(self, scenario: Scenario) -> View:
        self.runs += 1
        return self.briefing.view(scenario, self.data)

    def _changed(self, _change: object = None) -> None:
        if self._hold:
            return
        loop = _kernel_loop()
        if loop is None:  # not in a kernel's event loop (scripts, tests): update at once
            self.update()
            return
        if self._pending is not None:  # a burst of changes: one run after the last of them
            self._pending.cancel()
        self._pending = loop.call_later(COALESCE_SECONDS, self.update)

    def update(self) -> None:
        """Run the model for the controls' scenario and refresh every output (one run)."""
        self._pending = None
        try:
            scenario = self.current()
        except InputError as exc:  # a value the parameter table refuses (sent from a changed page): never computed
            log.warning("%s: refused a control value: %s", self.briefing.id, exc)
            self._show_values(self.scenario)  # the controls show the settings in use
            self.status.value = notice(friendly(exc) + " The previous value is kept.", "error")
            return
        try:
            view = self._view(scenario)
            self.scenario, self.view = scenario, view
            self._render()
        except Exception as exc:  # noqa: BLE001 - a plain message on the page, the details in the server log
            error_display.log_error(f"{self.briefing.id} update", exc)
            self.status.value = notice(friendly(exc), "error")

    def use_data(self, data: DataSource) -> None:
        """Switch to another data source (an upload, or back to the folder) and re-run.

        The model runs on the new source first; if it cannot (for example an upload that leaves out a
        CRC), the error is raised and the page keeps its current data.
        """
        view = self.briefing.view(self.scenario, data)
        self.runs += 1
        self.data, self.view = data, view
        self.comparison.clear()
        self._render()

    def _render(self) -> None:
        self.link.query = query = urlstate.encode(self.scenario, self.params, stamped=True)  # then the charts, then the figures
        self.results.show(self.view, cite.key_points_copy(self.briefing, self.view, self.scenario, self.data), query)
        self.picker.follow(self.scenario)
        self.status.value, self._note = (notice(self._note, "warn") if self._note else ""), ""
        loop = _kernel_loop()
        if loop is None or static_html.is_static():  # a handout is drawn as soon as its cell has run: details now
            self._render_details()
        else:  # the browser draws the charts before it lays out the larger tables
            if self._pending_details is not None:
                self._pending_details.cancel()
            self._pending_details = loop.call_later(DETAILS_DELAY_SECONDS, self._render_details)

    def _render_details(self) -> None:
        """Chart descriptions and data tables, result tables and the workshop comparison (after the charts)."""
        self._pending_details = None
        try:
            self.results.show_details(self.view, self.scenario)
            self.comparison.refresh()
        except Exception as exc:  # noqa: BLE001 - runs on the event loop: a plain message, the details in the server log
            error_display.log_error(f"{self.briefing.id} details", exc)
            self.status.value = notice(friendly(exc), "error")

    def workspace_widget(self) -> w.Box:
        """The settings in a side column beside the results they drive (one column on narrow windows)."""
        controls_col, results_col = self.panels["controls"], self.panels["results"]
        controls_col.add_class("pb-controls-col")
        results_col.add_class("pb-results-col")
        controls_col.add_class(controls.column_class(self.params))
        box = w.Box([controls_col, self.results.compact, results_col])  # compact: the headlines kept in view on a phone
        box.add_class("pb-workspace")
        return box

    def controls_widget(self) -> w.VBox:
        """The exercise the facilitator has started (if any), the preset picker with the settings in use and the
        exercises, grouped controls with badges, error line and share link."""
        top = [w.HTML("<h2>Settings</h2>"), self.room.widget(), self.picker.radio, self.picker.now, self.room.list]
        return w.VBox([*top, *controls.grouped(self.params, self.controls), self.status, self.link])

    def results_widget(self) -> w.VBox:
        """Headlines, summary, caveats, each chart with its description and data table, then the tables."""
        return self.results.widget(self.view)

    def show(self, widget: w.Widget) -> None:
        """Display a widget live, or as static HTML when building a handout."""
        static_html.show(widget)

    def show_style(self) -> None:
        """The house stylesheet, where the project's Voila template does not already link it."""
        if os.environ.get("VOILA_BASE_URL") is None:
            display(HTML(style_tag()))

    def show_key_points(self) -> None:
        """Show 'then and now' and the key points (at the top of the page; first as HTML sent with the page: ``preview``)."""
        self.results.show_key_points(self.panels["key_points"], preview.wanted(self._deferred))

    def show_workspace(self) -> None:
        """Show the settings beside the results (the page's interactive part).

        In a kernel Voila preheats, a static preview goes first: the server sends it with the page, so the
        results at the defaults show before the widgets have loaded (``preview``).
        """
        if preview.wanted(self._deferred):
            try:
                drawn = [(self.chart_widgets[c.key].spec, c.title) for c in self.view.charts]
                html = preview.workspace_html({k: self.controls[k] for k in controls.shown_first(self.params)}, self.summary.value, drawn)
            except Exception as exc:  # noqa: BLE001 - a preview is a courtesy: the live workspace follows regardless
                error_display.log_error(f"{self.briefing.id} preview", exc)
            else:
                preview.show(html)
        self.show(self.panels["workspace"])

    def context(self, view: View) -> w.Widget:
        """The widget for a section that does not depend on the settings (build it before the request)."""
        self._note_cited(
            view.summary, *(h.label for h in view.headlines), *(n.text for n in view.caveats), *(k.text for k in view.key_points)
        )
        return StaticView(view).widget()

    def _note_cited(self, *texts: str) -> None:
        self._cited = list(dict.fromkeys([*self._cited, *(i for t in texts for i in cited(str(t)))]))

    def show_context(self, section: View | w.Widget) -> None:
        """Show a section that does not depend on the settings (a ``View``, or a widget from ``context``)."""
        self.show(section if isinstance(section, w.Widget) else self.context(section))

    def sources_html(self) -> str:
        """The generated sources-and-assumptions section (call before the request to have it ready): every source the
        page cites (its briefing's list, 'then and now', the key points and caveats at the defaults and each preset, and
        the sections shown so far), the parameters' and the datasets'."""
        for p in self.presets.values():
            v = self.briefing.view(p.scenario, self.data) if p.scenario != self.scenario else self.view
            self._note_cited(*(k.text for k in v.key_points), *(n.text for n in v.caveats), v.summary)
        cited_ids = [*self.briefing.sources, *then_and_now.source_ids(self.briefing.id, self.data), *self._cited]
        self._listed = set(cited_ids)
        return provenance.section(
            self.params, self.briefing.datasets, self.data, cited_ids, assurance_view.assurance_html(self.briefing, self.data)
        )

    def show_list(self, lines: list[str]) -> None:
        """Show plain-text sentences (for example quoted evidence with source ids) as a bulleted list, each citation a
        link to the sources list."""
        self._note_cited(*lines)
        display(HTML("<ul>" + "".join(f"<li>{cite_links(esc(x))}</li>" for x in lines) + "</ul>"))

    def show_table(self, table: TableView) -> None:
        """Show one table on its own."""
        display(HTML(table_block(table)))

    def bundle(self) -> Bundle:
        """The current scenario as downloadable files: tables (CSV), charts (PNG/SVG) and a one-page note."""
        return downloads.bundle(self.briefing, self.scenario, self.view, self.data)

    def show_downloads(self) -> None:
        """Show the downloads panel (files built on request)."""
        self.show(self.panels["downloads"])

    def show_upload(self) -> None:
        """Show the upload panel for the datasets the briefing lets a reader replace (none: nothing shown)."""
        if "upload" in self.panels:
            self.show(self.panels["upload"])

    def show_workshop(self) -> None:
        """Show the workshop panel."""
        self.show(self.panels["workshop"])

    def show_model_note(self) -> None:
        """Show the 'how this model works' note (collapsed) and 'does the model reproduce what happened?'."""
        display(HTML(model_note_html(self.briefing) + assurance_view.reconciliation_html(self.briefing, self.data)))

    def prepare_sources(self) -> None:
        """Build the sources section now (before the request), after the page's context sections have quoted their figures."""
        self._sources = (hash(self.data), self.sources_html())

    def show_sources(self) -> None:
        """Show the generated sources-and-assumptions section, ending with "Cite this briefing" (at the scenario shown)."""
        if self._sources is None or self._sources[0] != hash(self.data) or set(self._cited) - self._listed:
            self._sources = (hash(self.data), self.sources_html())
        display(HTML(self._sources[1] + cite.cite_html(self.briefing, self.link.query)))

    def headlines_text(self, scenario: Scenario | None = None) -> str:
        """The headline figures as plain lines (for a notebook's checked output), illustrative ones labelled."""
        v = self.view if scenario is None else self.briefing.view(scenario, self.data)
        return "\n".join(f"{h.label}: {h.value}{' (illustrative)' if h.status == 'illustrative' else ''}" for h in v.headlines)

    def show_sensitivity(self) -> None:
        """Show the 'how sure are we?' panel."""
        self.show(sensitivity_panel.sensitivity_widget(self.briefing, lambda: (self.scenario, self.data)))
