"""The page driver: one ``Page`` gives every briefing the same behaviour.

Settings come from the page address, then papermill; controls are built from the parameter table
(grouped, labelled, with units and status badges); the model runs once per change (rapid changes are
coalesced); charts update in place; the share link, downloads, upload panel, workshop presets and
comparison, static handout rendering, provenance section and error display all follow the same
``View``. A briefing notebook is its prose plus a few calls::

    page = Page(q15.BRIEFING)   # builds everything at the defaults (while a kernel is preheated)
    page.start(globals())       # reads the link, then papermill values; shows notices
    page.show_key_points(); page.show_workspace(); page.show_downloads(); page.show_workshop(); page.show_sources()
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping
from typing import Any

import ipywidgets as w
import mistune
from IPython import get_ipython
from IPython.display import HTML, display

from ..briefings.contract import Briefing, ChartView, Headline, KeyPoint, Notice, TableView, View, approx, what_happened_next
from ..briefings.sensitivity import sensitivity
from ..data import DataSource, source
from ..data.params import Scenario
from ..data.presets import DEFAULT_ID, presets
from ..errors import InputError
from ..present import charts
from ..present.export import Bundle, slug
from ..present.html import badge, csv_link, esc, friendly, log, notice, sources_html, style_tag, table_html
from . import chart_widget, controls, downloads, error_display, preview, provenance, static_html, upload, urlstate, workshop
from .chart_widget import ChartWidget
from .share import ShareLink, notices_html

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


def headline_cards(headlines: list[Headline]) -> str:
    """Headline figures as cards, each with the status of what it rests on."""
    inner = "".join(
        f'<div class="pb-card" role="listitem"><div class="v">{esc(h.value)}</div><div>{esc(h.label)}</div>'
        f"{badge(h.status) if h.status != 'published' else ''}</div>"
        for h in headlines
    )
    return f'<div class="pb-headline" role="list">{inner}</div>'


STANCE_LABEL = {"for": "For", "against": "Against", "context": "With the settings below"}


def key_points_html(points: list[KeyPoint]) -> str:
    """Key points as a list, each tagged in words (not colour alone) with which way it cuts.

    >>> key_points_html([KeyPoint("Areas would be large [S31].", "against", ("S31",))])  # doctest: +NORMALIZE_WHITESPACE
    '<ul class="pb-key-points"><li class="pb-kp against"><strong class="pb-kp-tag">Against:</strong> Areas would be large [S31].</li></ul>'
    """
    items = "".join(
        f'<li class="pb-kp {esc(k.stance)}"><strong class="pb-kp-tag">{esc(STANCE_LABEL.get(k.stance, "Note"))}:</strong> {esc(k.text)}</li>'
        for k in points
    )
    return f'<ul class="pb-key-points">{items}</ul>'


def settings_html(scenario: Scenario) -> str:
    """The current settings as a short list (shown when the page is printed, where the controls are not)."""
    p = scenario.params
    rows = "".join(
        f"<li>{esc(p[k].label)}: {esc(p[k].label_of(v) if p[k].kind != 'number' else f'{v:,.4g}')}"
        f"{esc(' ' + p[k].unit) if p[k].kind == 'number' and p[k].unit else ''}</li>"
        for k, v in scenario.items()
    )
    return f"<h3>Settings used</h3><ul class='pb-settings-list'>{rows}</ul>"


def notices_block(notes: list[Notice]) -> str:
    """Caveat notices, each with its status badge."""
    return "".join(notice(n.text, n.kind) + (badge(n.status) if n.status else "") for n in notes)


def chart_block(c: ChartView) -> str:
    """A chart's text description, then its data table and a CSV download together in one disclosure, as HTML."""
    return (
        f"<p class='pb-alt'>{esc(c.describe())}</p>"
        f"<details><summary>Data table and download: {esc(c.title)}</summary>{table_html(c.data, caption=c.title, formats=dict(c.formats))}"
        + csv_link(c.data, f"{slug(c.title)}.csv", f"Download this table (CSV): {c.title}")
        + "<p>To save the chart as an image, use its actions menu (the three dots beside it).</p></details>"
    )


def table_block(t: TableView, link: bool = True) -> str:
    """One table with its note and (unless ``link`` is False) its CSV download."""
    note = notice(t.note) if t.note else ""
    html = table_html(t.frame, caption=t.caption, formats=dict(t.formats)) + note
    if link:
        html += csv_link(t.download if t.download is not None else t.frame, t.filename or f"{t.key}.csv", f"Download: {t.caption} (CSV)")
    return html


class StaticView:
    """A ``View`` that does not depend on the settings (context sections), shown once."""

    def __init__(self, view: View):
        self.view = view
        self.charts = {c.key: ChartWidget(c.chart) for c in view.charts}

    def widget(self) -> w.VBox:
        v = self.view
        parts: list[w.Widget] = [w.HTML(headline_cards(v.headlines) + f"<p>{esc(v.summary)}</p>" + notices_block(v.caveats))]
        for c in v.charts:
            parts += [self.charts[c.key], w.HTML(chart_block(c))]
        parts += [w.HTML(table_block(t)) for t in v.table_views()]
        return w.VBox(parts)


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
        self.summary = w.HTML()
        self.chart_widgets = {c.key: ChartWidget(c.chart) for c in self.view.charts}
        self.chart_text = {c.key: w.HTML() for c in self.view.charts}
        self.tables = w.HTML()
        self.key_points = w.HTML()
        self.printed_settings = w.HTML()
        self.printed_settings.add_class("pb-print-only")
        self.compare = w.HTML()
        self._compare_with: w.Dropdown | None = None
        self._preset_cache: dict[tuple[int, str], list[tuple[str, str]]] = {}
        self._sources: tuple[int, str] | None = None
        self._pending_details: asyncio.TimerHandle | None = None
        self._render()
        # every panel is built now, while a Voila kernel is preheated, so the request only fills in the link's settings
        self.panels: dict[str, w.Widget] = {
            "key_points": self.key_points_widget(),
            "controls": self.controls_widget(),
            "results": self.results_widget(),
            "downloads": downloads.panel(self.bundle),
            "workshop": self.workshop_widget(),
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
            self._link_notices = w.HTML()
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
        scenario, self.notices = urlstate.read(self.params, self._overrides)
        if self.notices:
            if self._link_notices is not None:
                self._link_notices.value = notices_html(self.notices)
            else:
                display(HTML(notices_html(self.notices)))
        if scenario != self.scenario:  # the default page was built before the request: nothing to redo
            self.set_scenario(scenario)

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
        self._preset_cache.clear()
        self._render()

    def _render(self) -> None:
        v = self.view
        for c in v.charts:  # every chart first: their updates leave the kernel before any text or table
            if c.key in self.chart_widgets:
                self.chart_widgets[c.key].show(c.chart)
        self.summary.value = headline_cards(v.headlines) + f"<p role='status'>{esc(v.summary)}</p>" + notices_block(v.caveats)
        self.key_points.value = key_points_html(v.key_points)
        self.link.query = urlstate.encode(self.scenario, self.params)
        self.status.value, self._note = (notice(self._note, "warn") if self._note else ""), ""
        loop = _kernel_loop()
        if loop is None:
            self._render_details()
        else:  # the browser draws the charts before it lays out the larger tables
            if self._pending_details is not None:
                self._pending_details.cancel()
            self._pending_details = loop.call_later(DETAILS_DELAY_SECONDS, self._render_details)

    def _render_details(self) -> None:
        """Chart descriptions and data tables, result tables and the workshop comparison (after the charts)."""
        self._pending_details = None
        try:
            self._fill_details()
        except Exception as exc:  # noqa: BLE001 - runs on the event loop: a plain message, the details in the server log
            error_display.log_error(f"{self.briefing.id} details", exc)
            self.status.value = notice(friendly(exc), "error")

    def _fill_details(self) -> None:
        v = self.view
        self.printed_settings.value = settings_html(self.scenario)
        for c in v.charts:
            if c.key in self.chart_text:
                self.chart_text[c.key].value = chart_block(c)
        self.tables.value = "".join(table_block(t, link=False) for t in v.table_views()) + (
            "<p>CSV files of these tables, the charts and a one-page note: see 'Download this scenario'.</p>"
        )
        self._refresh_comparison()

    # ---- panels -----------------------------------------------------------------------------------
    def key_points_widget(self) -> w.VBox:
        """Key points for a consultation response (those that depend on the settings update with them) and what happened next."""
        nxt = what_happened_next(self.data)
        return w.VBox(
            [w.HTML("<h2 class='pb-kp-heading'>Key points</h2>"), self.key_points, w.HTML(f"<p class='pb-next'>{esc(nxt.text)}</p>")],
            layout=w.Layout(width="100%"),
        )

    def workspace_widget(self) -> w.Box:
        """The settings in a side column beside the results they drive (one column on narrow windows)."""
        controls_col, results_col = self.panels["controls"], self.panels["results"]
        controls_col.add_class("pb-controls-col")
        results_col.add_class("pb-results-col")
        box = w.Box([controls_col, results_col])
        box.add_class("pb-workspace")
        return box

    def controls_widget(self) -> w.VBox:
        """Preset picker, grouped controls with badges, error line and share link."""
        # radio buttons, not a drop-down: the exercises' long names wrap instead of being cut off
        pick = w.RadioButtons(
            options=[(p.label, pid) for pid, p in self.presets.items()],
            value=None,
            description="Start from a preset or exercise",
            layout=w.Layout(width="100%"),
        )
        pick.add_class("pb-control")
        pick.add_class("pb-presets")

        @error_display.guarded(f"{self.briefing.id} preset", lambda html: setattr(self.status, "value", html))
        def apply(change: dict[str, str]) -> None:
            if change["new"]:
                self.set_scenario(self.presets[change["new"]].scenario)

        pick.observe(apply, names="value")
        return w.VBox([w.HTML("<h2>Settings</h2>"), pick, *controls.grouped(self.params, self.controls), self.status, self.link])

    def results_widget(self) -> w.VBox:
        """Headlines, summary, caveats, each chart with its description and data table, then the tables."""
        parts: list[w.Widget] = [w.HTML("<h2>Results</h2>"), self.summary, self.printed_settings]
        for c in self.view.charts:
            parts += [self.chart_widgets[c.key], self.chart_text[c.key]]
        parts.append(self.tables)
        return w.VBox(parts)

    def show(self, widget: w.Widget) -> None:
        """Display a widget live, or as static HTML when building a handout."""
        static_html.show(widget)

    def show_style(self) -> None:
        """The house stylesheet, where the project's Voila template does not already link it."""
        if os.environ.get("VOILA_BASE_URL") is None:
            display(HTML(style_tag()))

    def show_key_points(self) -> None:
        """Show the key points and what happened next (at the top of the page)."""
        self.show(self.panels["key_points"])

    def show_workspace(self) -> None:
        """Show the settings beside the results (the page's interactive part).

        In a kernel Voila preheats, a static preview goes first: the server sends it with the page, so the
        results at the defaults show before the widgets have loaded (``preview``).
        """
        if preview.wanted(self._deferred):
            try:
                drawn = [(self.chart_widgets[c.key].spec, c.title) for c in self.view.charts]
                html = preview.workspace_html(self.controls, self.summary.value, drawn)
            except Exception as exc:  # noqa: BLE001 - a preview is a courtesy: the live workspace follows regardless
                error_display.log_error(f"{self.briefing.id} preview", exc)
            else:
                preview.show(html)
        self.show(self.panels["workspace"])

    def context(self, view: View) -> w.Widget:
        """The widget for a section that does not depend on the settings (build it before the request)."""
        return StaticView(view).widget()

    def show_context(self, section: View | w.Widget) -> None:
        """Show a section that does not depend on the settings (a ``View``, or a widget from ``context``)."""
        self.show(section if isinstance(section, w.Widget) else self.context(section))

    def sources_html(self) -> str:
        """The generated sources-and-assumptions section (call before the request to have it ready)."""
        return provenance.section(self.params, self.briefing.datasets, self.data, self.briefing.sources)

    def show_list(self, lines: list[str]) -> None:
        """Show plain-text sentences (for example quoted evidence with source ids) as a bulleted list."""
        display(HTML("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in lines) + "</ul>"))

    def show_table(self, table: TableView) -> None:
        """Show one table on its own."""
        display(HTML(table_block(table)))

    def bundle(self) -> Bundle:
        """The current scenario as downloadable files: tables (CSV), charts (PNG/SVG) and a one-page note."""
        v, s = self.view, self.scenario
        return Bundle(
            self.briefing.title,
            {self.params[k].label: self.params[k].label_of(x) for k, x in s.items()},
            [(h.label + (" (illustrative)" if h.status == "illustrative" else ""), h.value) for h in v.headlines],
            {c.title: c.chart for c in v.charts},
            {t.caption: (t.download if t.download is not None else t.frame) for t in v.table_views()},
            self.params.assumptions(self.data),
            provenance_sources(self),
            url="?" + urlstate.encode(s, self.params),
        )

    def show_downloads(self) -> None:
        """Show the downloads panel (files built on request)."""
        self.show(self.panels["downloads"])

    def show_upload(self) -> None:
        """Show the upload panel for the datasets the briefing lets a reader replace (none: nothing shown)."""
        if "upload" in self.panels:
            self.show(self.panels["upload"])

    def _labels(self) -> dict[str, str]:
        return {pid: p.label for pid, p in self.presets.items()}

    def workshop_widget(self) -> w.VBox:
        """Prompts, facilitator notes and the side-by-side comparison of the current settings with a preset."""
        other = next((pid for pid in self.presets if pid != DEFAULT_ID), DEFAULT_ID)
        self._compare_with = w.Dropdown(
            options=[(p.label, pid) for pid, p in self.presets.items()],
            value=other,
            description="Compare with",
            style={"description_width": "initial"},
            layout=w.Layout(width="100%", max_width="60em"),
        )
        self._compare_with.observe(lambda _: self._refresh_comparison(), names="value")
        self._refresh_comparison()
        return w.VBox(
            [
                workshop.prompts_panel(self.data, self.briefing.id, self._labels()),
                w.HTML("<h3>Compare two scenarios</h3><p>Your current settings beside a preset.</p>"),
                self._compare_with,
                self.compare,
            ]
        )

    def _refresh_comparison(self) -> None:
        pick = self._compare_with
        if pick is None:
            return
        try:
            preset = self.presets[pick.value]
            other = self._preset_headlines(preset.preset_id)
            t = workshop.comparison(("Current settings", preset.label), [(h.label, h.value) for h in self.view.headlines], other)
            self.compare.value = table_html(t, caption="Two scenarios side by side")
        except Exception as exc:  # noqa: BLE001 - never a traceback on the page
            error_display.log_error("comparison", exc)
            self.compare.value = notice(friendly(exc), "error")

    def _preset_headlines(self, preset_id: str) -> list[tuple[str, str]]:
        key = (hash(self.data), preset_id)
        if key not in self._preset_cache:
            self._preset_cache[key] = [(h.label, h.value) for h in self._view(self.presets[preset_id].scenario).headlines]
        return self._preset_cache[key]

    def show_workshop(self) -> None:
        """Show the workshop panel."""
        self.show(self.panels["workshop"])

    def model_note_html(self) -> str:
        """The briefing's 'how this model works' note as a disclosure (markdown rendered to HTML)."""
        body = str(mistune.create_markdown(escape=True)(self.briefing.model_note()))
        for level in (2, 1):  # under the page's own h2 sections
            body = body.replace(f"<h{level}>", f"<h{level + 2}>").replace(f"</h{level}>", f"</h{level + 2}>")
        return f"<details class='pb-model-note'><summary>How this model works: logic, assumptions and limits</summary>{body}</details>"

    def show_model_note(self) -> None:
        """Show the 'how this model works' note (collapsed)."""
        display(HTML(self.model_note_html()))

    def prepare_sources(self) -> None:
        """Build the sources section now (before the request), after the page's context sections have quoted their figures."""
        self._sources = (hash(self.data), self.sources_html())

    def show_sources(self) -> None:
        """Show the generated sources-and-assumptions section."""
        if self._sources is None or self._sources[0] != hash(self.data):
            self._sources = (hash(self.data), self.sources_html())
        display(HTML(self._sources[1]))

    def headlines_text(self, scenario: Scenario | None = None) -> str:
        """The headline figures as plain lines (for a notebook's checked output), illustrative ones labelled."""
        v = self.view if scenario is None else self.briefing.view(scenario, self.data)
        return "\n".join(f"{h.label}: {h.value}{' (illustrative)' if h.status == 'illustrative' else ''}" for h in v.headlines)

    # ---- how sure are we? ---------------------------------------------------------------------------
    def sensitivity_html(self, scenario: Scenario | None = None) -> tuple[str, ChartWidget | None]:
        """The low / central / high summary and the table of swings, and a chart of them (largest first)."""
        if self.briefing.headline is None:
            return "", None
        s = sensitivity(self.briefing, scenario or self.scenario, self.data)
        u = s.unit
        text = (
            f"<p><strong>{esc(s.label)}</strong> ({esc(u)}, illustrative): about {esc(approx(s.central))} with these settings; "
            f"from about {esc(approx(s.low))} to about {esc(approx(s.high))} when every illustrative setting is moved together to the "
            "end of its range that lowers or raises it. Each setting is tried at the low and high ends of the plausible range stated "
            "for it in the parameter table (the table says why); a setting with no stated range is tried at half and one and a half "
            "times its value (within its limits; a setting at zero at the bottom tenth of its limits).</p>"
        )
        t = s.table.rename(
            columns={"headline at low": f"result at low ({u})", "headline at high": f"result at high ({u})", "swing": f"swing ({u})"}
        )
        table = table_html(
            t.drop(columns=["param_id"]),
            caption="Which assumptions move the answer most (largest first)",
            formats={c: ",.3g" for c in t.columns if c not in ("parameter", "param_id", "why this range")},
        )
        return text + table, ChartWidget(charts.swings(s.table, s.label, u, s.central)) if len(s.table) else None

    def sensitivity_widget(self) -> w.VBox:
        """A button that works out which assumptions move the headline most, for the current settings."""
        out = w.HTML()
        box = w.VBox([w.HTML("<h3>How sure are we?</h3><p>Which assumptions move the answer most, for the current settings.</p>")])
        button = w.Button(
            description="Work it out",
            tooltip="Run the model with each illustrative setting at a low and a high value",
            layout=w.Layout(width="14em"),
        )

        def go(_: object = None) -> None:
            out.value = "<p role='status'>Working…</p>"
            try:
                html, chart = self.sensitivity_html()
                out.value = html
                box.children = (*box.children[:3], *([chart] if chart is not None else []))
            except Exception as exc:  # noqa: BLE001 - never a traceback on the page
                error_display.log_error("sensitivity", exc)
                out.value = notice(friendly(exc), "error")

        button.on_click(go)
        box.children = (*box.children, button, out)
        if static_html.is_static():  # a handout: show it worked out for the handout's settings
            go()
        return box

    def show_sensitivity(self) -> None:
        """Show the 'how sure are we?' panel."""
        self.show(self.sensitivity_widget())


def provenance_sources(page: Page) -> str:
    """The sources list for the page's downloads."""
    return sources_html(provenance.source_ids(page.params, page.briefing.datasets, page.data, page.briefing.sources), page.data)
