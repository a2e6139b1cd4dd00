"""ChartWidget: the project's own chart widget (an anywidget drawing Altair charts with vega-embed, offline).

Its front end is chart_widget.js. When only a chart's data changes, the browser streams the new rows
into the live Vega view instead of drawing the chart again, so a slider step redraws in milliseconds.
A chart off the screen is drawn when it comes near it, when the browser is idle after loading, or when
the page is printed, so that loading a page draws only what the reader can see.

Under Voila every chart imports one shared copy of the bundle from the template's static folder
(``python -m probation_briefing.page.chart_bundle`` writes it); elsewhere (JupyterLab, nbval,
papermill) each widget carries the whole bundle, built in memory once per kernel.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import anywidget
import traitlets
from jupyter_core.paths import jupyter_path

from ..present.charts import ChartLike
from . import chart_bundle

_HASHED = re.compile(r"data-[0-9a-f]{32}")  # Altair's dataset names
# A tiny front end that imports the shared bundle: the browser fetches and evaluates it once per page.
_LOADER = """const url = new URL(%s, window.location.origin).href;
export default {
  async render(ctx) {
    let widget;
    try { widget = await import(url); } catch {
      ctx.el.textContent = "The chart could not be loaded. Reload the page to try again.";
      return;
    }
    return widget.default.render(ctx);
  },
};
"""


def enable(base_url: str | None = None) -> None:
    """Choose how chart widgets load their front end; ``ChartWidget()`` calls it on first use.

    Under Voila (``VOILA_BASE_URL`` set, or ``base_url`` given) widgets import the bundle served from the
    ``probation`` template's static folder, and a missing bundle is an error. Elsewhere each widget carries
    the whole bundle.
    """
    base_url = os.environ.get("VOILA_BASE_URL") if base_url is None else base_url
    if base_url is None:
        ChartWidget._esm = chart_bundle.bundle_code()
        return
    name = chart_bundle.bundle_name()
    folders = jupyter_path("voila", "templates", chart_bundle.TEMPLATE, "static")
    if not any((Path(folder) / name).is_file() for folder in folders):
        raise RuntimeError(
            f"The chart bundle {name} is not installed, so charts cannot be drawn. Build it with "
            "`python -m probation_briefing.page.chart_bundle` (or `make setup`), then restart Voila. "
            f"Looked in: {', '.join(folders)}"
        )
    url = f"{base_url}voila/templates/{chart_bundle.TEMPLATE}/static/{name}"
    ChartWidget._esm = _LOADER % json.dumps(url)


def _spec(chart: ChartLike) -> dict[str, Any]:
    """The chart's Vega-Lite spec (with the enabled Altair theme), its datasets named by position.

    Altair names each dataset by a hash of its rows; naming them ``data-0``, ``data-1``... instead means
    two charts that differ only in their rows differ only in ``spec["datasets"]``, which the front end
    recognises and updates in place.
    """
    spec = chart.to_dict(validate=False)  # validation is slow; the charts are validated by the tests
    datasets = spec.pop("datasets", None)
    if not datasets:
        return spec
    text = json.dumps(spec)
    renamed = {}
    for i, (name, rows) in enumerate(datasets.items()):
        if _HASHED.fullmatch(name):  # names given by hand are kept
            text = text.replace(json.dumps(name), json.dumps(f"data-{i}"))
            name = f"data-{i}"
        renamed[name] = rows
    return {**json.loads(text), "datasets": renamed}


class ChartWidget(anywidget.AnyWidget):
    """Shows an Altair chart; ``show(chart)`` replaces it (in place when only the data changed).

    ``chart`` keeps the Altair chart on screen, for handouts and PNG/SVG export.

    >>> import altair as alt, pandas as pd
    >>> w = ChartWidget(alt.Chart(pd.DataFrame({"n": [1, 2]})).mark_bar().encode(x="n:Q"))
    >>> sorted(w.spec), w.spec["datasets"]["data-0"]
    (['$schema', 'config', 'data', 'datasets', 'encoding', 'mark'], [{'n': 1}, {'n': 2}])
    """

    spec = traitlets.Dict().tag(sync=True)

    def __init__(self, chart: ChartLike | None = None, **kwargs: Any) -> None:
        if "_esm" not in ChartWidget.__dict__:
            enable()
        if chart is not None:
            kwargs["spec"] = _spec(chart)  # in the widget's first message, not a second one
        super().__init__(**kwargs)
        self.chart: ChartLike | None = chart

    def show(self, chart: ChartLike) -> None:
        """Show ``chart`` instead of the current one."""
        self.chart = chart
        self.spec = _spec(chart)
