"""Everything a briefing page shows, gathered in-process (no kernel, no server): each code cell of the briefing's script
is run in this process with its displays captured, each widget it displays read as the HTML of its parts, and each
markdown cell rendered as Voila renders it (nbconvert's markdown filter), except the cells hidden from readers
(tag ``pb-check``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w
import jupytext
from conftest import ROOT, widget_texts


@dataclass
class Shown:
    """One page's outputs: (what, html) pairs in page order, and the ``Page`` that made them."""

    page: Any
    parts: list[tuple[str, str]] = field(default_factory=list)

    def html(self, *, leave_out: tuple[str, ...] = ()) -> str:
        return " ".join(h for kind, h in self.parts if kind not in leave_out)


def _widget(model_id: str) -> w.Widget | None:
    from ipywidgets.widgets.widget import _instances  # every live widget by its model id (ipywidgets 8)

    return _instances.get(model_id)


def render(briefing_id: str) -> Shown:
    """Run the briefing's script in this process and gather what its page shows."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output
    from nbconvert.filters.markdown import markdown2html
    from probation_briefing.briefings import get

    InteractiveShell.instance()
    nb = jupytext.read(ROOT / "briefings" / "scripts" / get(briefing_id).notebook.replace(".ipynb", ".py"))
    namespace: dict[str, Any] = {}
    parts: list[tuple[str, str | w.Widget]] = []
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "pb-check" in tags:
            continue
        if cell.cell_type == "markdown":
            parts.append(("markdown", markdown2html(cell.source)))
            continue
        with capture_output() as cap:
            exec(compile(cell.source, f"{briefing_id} script", "exec"), namespace)
        page = namespace.get("page")
        if page is not None and hasattr(page, "results"):
            page._render_details()  # the details a moment after the charts, as on the page
        for out in cap.outputs:
            data = out.data
            if "text/html" in data:
                html = str(data["text/html"])
                kind = "sources" if "<h2>Sources and assumptions</h2>" in html else "model note" if "pb-model-note" in html else "output"
                parts.append((kind, html))
            elif "application/vnd.jupyter.widget-view+json" in data:
                widget = _widget(data["application/vnd.jupyter.widget-view+json"]["model_id"])
                if widget is not None:
                    parts.append(("widget", widget))
    # widgets as they stand once the whole page has run (the last cell applies the page's link)
    return Shown(namespace["page"], [(k, v if isinstance(v, str) else " ".join(widget_texts(v))) for k, v in parts])
