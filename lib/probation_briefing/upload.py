"""Upload control: a dashboard user replaces a dataset (e.g. local caseloads) for their own session.

The upload is validated exactly like a data file (see ``data.use``); a problem is shown as a plain
message naming the file, row and column, and nothing changes. The shipped data is never written.
"""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from . import data, ui
from .errors import DataError

MAX_BYTES = 2_000_000


def panel(names: list[str], on_change: Callable[[], None]) -> w.VBox:
    """Dataset picker, file upload, template download and reset button; calls ``on_change`` after a change."""
    pick = w.Dropdown(options=[(data.resource(n)["title"], n) for n in names], description="Dataset to replace",
                      style={"description_width": "12em"}, layout=w.Layout(width="34em"))
    up = w.FileUpload(accept=".csv", multiple=False, description="Upload CSV")
    up.tooltip = "Upload a CSV with the same columns as the template"
    reset = w.Button(description="Use the shipped data", tooltip="Drop your upload and go back to the shipped data")
    status = w.HTML()
    template = w.HTML()

    def show_template(*_: object) -> None:
        template.value = ui.csv_link(data.load(pick.value), f"{pick.value}.csv", "Download the current data as a template")

    def on_upload(change: dict) -> None:
        files = change["new"]
        if not files:
            return
        f = files[0]
        name = getattr(f, "name", None) or f["name"]
        content = bytes(getattr(f, "content", None) or f["content"])
        if len(content) > MAX_BYTES:
            status.value = ui.notice(f"{name} is too large ({len(content):,} bytes); the limit is {MAX_BYTES:,}.", "error")
            return
        try:
            df = data.use(pick.value, content, filename=name)
        except DataError as exc:
            status.value = ui.notice(f"Your file was not used. {exc}", "error")
            return
        except Exception:  # noqa: BLE001 - never a traceback on the page
            status.value = ui.notice(f"{name} could not be read as a CSV file. It was not used.", "error")
            return
        status.value = ui.notice(f"Using your {name} ({len(df)} rows) for '{data.resource(pick.value)['title']}' in this session only.", "warn")
        try:
            on_change()
        except Exception as exc:  # noqa: BLE001
            status.value += ui.notice(ui.friendly(exc), "error")

    def on_reset(_: object) -> None:
        data.reset(pick.value)
        status.value = ui.notice("Back to the shipped data.")
        on_change()

    pick.observe(show_template, names="value")
    up.observe(on_upload, names="value")
    reset.on_click(on_reset)
    show_template()
    return w.VBox([w.HTML("<h3>Use your own data</h3><p>Replace a dataset for this session with your own CSV. "
                          "It is checked like the shipped files; problems are reported with the row and column.</p>"),
                   pick, template, w.HBox([up, reset]), status])
