"""Upload panel: a reader replaces a dataset (for example local caseloads) for their own session.

The upload is checked exactly like a data file (``DataSource.with_upload``); a problem is shown as a plain
message naming the file, row and column, and nothing changes. The shipped data is never written. The
page driver passes the checked upload on to every model through its one ``DataSource``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from ..data import DataSource, resource
from ..errors import DataError
from .error_display import guarded, log_error
from .html import csv_link, friendly, notice

MAX_BYTES = 2_000_000


def panel(names: tuple[str, ...], current: Callable[[], DataSource], on_change: Callable[[DataSource], None]) -> w.VBox:
    """Dataset picker, file upload, template download and reset button.

    ``current()`` gives the page's data source; ``on_change(new_source)`` is called with the source that
    includes (or drops) the upload, and should re-run the model.
    """
    pick = w.Dropdown(
        options=[(resource(n)["title"], n) for n in names],
        description="Dataset to replace",
        style={"description_width": "12em"},
        layout=w.Layout(width="34em", max_width="100%"),
    )
    up = w.FileUpload(accept=".csv", multiple=False, description="Upload CSV")
    up.tooltip = "Upload a CSV with the same columns as the template"
    reset = w.Button(description="Use the shipped data", tooltip="Drop your upload and go back to the shipped data")
    status = w.HTML()
    template = w.HTML()

    @guarded("upload template", lambda html: setattr(template, "value", html))
    def show_template(*_: object) -> None:
        template.value = csv_link(current().load(pick.value), f"{pick.value}.csv", "Download the current data as a template")

    def apply(new: DataSource, message: str) -> None:
        try:
            on_change(new)
        except Exception as exc:  # noqa: BLE001 - never a traceback on the page; the page keeps its data
            log_error("re-running with new data", exc)
            status.value = notice(f"Your file was not used: the models cannot run on it. {friendly(exc)}", "error")
            return
        status.value = notice(message, "warn")
        show_template()

    def on_upload(change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        f = files[0]
        name = str(getattr(f, "name", None) or f["name"])
        content = bytes(getattr(f, "content", None) or f["content"])
        if len(content) > MAX_BYTES:
            status.value = notice(f"{name} is too large ({len(content):,} bytes); the limit is {MAX_BYTES:,}.", "error")
            return
        try:
            new = current().with_upload(pick.value, content, filename=name)
        except DataError as exc:
            status.value = notice(f"Your file was not used. {exc}", "error")
            return
        except Exception as exc:  # noqa: BLE001 - never a traceback on the page
            log_error("reading an upload", exc)
            status.value = notice(f"{name} could not be read as a CSV file. It was not used.", "error")
            return
        apply(
            new,
            f"Using your {name} ({len(new.load(pick.value))} rows) for '{resource(pick.value)['title']}' in this session only. "
            "Every chart and table on this page now uses it.",
        )

    def on_reset(_: object) -> None:
        apply(current().without_upload(pick.value), "Back to the shipped data.")

    pick.observe(show_template, names="value")
    up.observe(on_upload, names="value")
    reset.on_click(on_reset)
    show_template()
    return w.VBox(
        [
            w.HTML(
                "<h3>Use your own data</h3><p>Replace a dataset for this session only (nothing is saved on the server). "
                "Start from the template: it has the columns the page expects.</p>"
            ),
            pick,
            template,
            w.HBox([up, reset]),
            status,
        ]
    )
