"""Upload panel: a reader replaces a dataset (for example local caseloads) for their own session.

The upload is checked exactly like a data file (``DataSource.with_upload``); a problem is shown as a plain
message naming the file, row and column, and nothing changes. The shipped data is never written. The
page driver passes the checked upload on to every model through its one ``DataSource``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as w
import traitlets

from ..data import DataSource, resource
from ..errors import DataError
from ..present.html import csv_link, friendly, notice
from .error_display import guarded, log_error

MAX_BYTES = 2_000_000  # the one upload limit: checked in the browser before sending, and again here


def too_large(name: str, size: int) -> str:
    """The message for a file over the limit, in megabytes.

    >>> too_large("big.csv", 52_428_800)
    'big.csv is 52.4 MB; the most this page accepts is 2.0 MB. It was not used.'
    """
    return f"{name} is {size / 1e6:,.1f} MB; the most this page accepts is {MAX_BYTES / 1e6:,.1f} MB. It was not used."


class CsvUpload(anywidget.AnyWidget):
    """A CSV file chooser whose size check runs in the browser, before the file is sent (``upload.js``).

    ipywidgets' FileUpload sends any file, and the server drops a websocket message over about 10 MB with no
    message. This one sends a file only if it is within ``max_bytes``; otherwise it sends the name and size,
    and the page says the file is too large. ``value`` holds the received file (``name``, ``content``, ``size``)
    in the kernel only; it is not sent back to the browser.
    """

    _esm = Path(__file__).with_name("upload.js")
    description = traitlets.Unicode("Upload CSV").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    max_bytes = traitlets.Int(MAX_BYTES).tag(sync=True)
    value = traitlets.Tuple(help="the last file received: ({'name', 'content', 'size'},)")
    refused = traitlets.Unicode("", help="a plain message when the browser refused or could not read a file")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.on_msg(self._receive)

    def _receive(self, _: object, content: Any, buffers: list[Any]) -> None:
        if not isinstance(content, dict):
            return
        name = str(content.get("name", "upload.csv"))[:200]
        kind = content.get("kind")
        if kind == "file" and buffers:
            data = bytes(buffers[0])
            self.value = ({"name": name, "content": data, "size": len(data)},)
        elif kind == "too_large":
            size = content.get("size")
            self.refused = ""
            self.refused = too_large(name, int(size) if isinstance(size, (int, float)) else MAX_BYTES + 1)
        elif kind == "unreadable":
            self.refused = ""
            self.refused = f"{name} could not be read by the browser. It was not used."


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
    up = CsvUpload(description="Upload a CSV file with the template's columns")
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
        if len(content) > MAX_BYTES:  # the browser checks first; this catches a changed page
            status.value = notice(too_large(name, len(content)), "error")
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
    up.observe(lambda change: setattr(status, "value", notice(change["new"], "error")) if change["new"] else None, names="refused")
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
