"""Small page-building helpers shared by the briefings: notices, badges, tables, downloads, safe callbacks.

All text that reaches the page is escaped here; error details go to the log, the user sees a
short friendly message (never a traceback).
"""
from __future__ import annotations

import base64
import html
import logging
from typing import Any

import pandas as pd

from .data import load
from .errors import DataError, InputError

log = logging.getLogger("probation_briefing")

STATUS_LABEL = {"published": "Published figure", "derived": "Derived", "illustrative": "Illustrative - replace with your own",
                "reconstructed": "Reconstructed - official map not found", "estimate": "Estimate", "authored": "Authored for this tool"}

CSS = """
<style>
/* table rules use a doubled class to outrank JupyterLab's right-aligned table cells */
.pb-page{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:1200px}
.pb-notice{border-left:5px solid #0072b2;background:#eef6fb;padding:.5em .8em;margin:.5em 0}
.pb-notice.warn{border-color:#b35c00;background:#fff4e5}
.pb-notice.error{border-color:#b00020;background:#fdecee}
.pb-badge{display:inline-block;border:1px solid #555;border-radius:3px;padding:0 .35em;font-size:.8em;margin-left:.3em;background:#fff}
.pb-badge.illustrative,.pb-badge.reconstructed,.pb-badge.estimate{border-color:#b35c00;color:#7a3e00;background:#fff4e5}
.pb-table{border-collapse:collapse;font-size:14px;margin:.5em 0}
table.pb-table.pb-table th,table.pb-table.pb-table td{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
table.pb-table.pb-table td.num,table.pb-table.pb-table th.num{text-align:right;font-variant-numeric:tabular-nums}
.pb-headline{display:flex;flex-wrap:wrap;gap:.8em;margin:.5em 0}
.pb-card{border:1px solid #ccc;border-radius:6px;padding:.5em .8em;min-width:11em;background:#fafafa}
.pb-card .v{font-size:1.5em;font-weight:600}
a{color:#0b57a4}
</style>
"""


def esc(text: Any) -> str:
    """HTML-escape anything for the page."""
    return html.escape(str(text))


def notice(text: str, kind: str = "info") -> str:
    """A notice box (info, warn or error); the text is escaped."""
    role = "alert" if kind == "error" else "status"
    return f'<div class="pb-notice {kind}" role="{role}">{esc(text)}</div>'


def badge(status: str) -> str:
    """A visible label for a value's status (published, derived, illustrative, reconstructed ...)."""
    return f'<span class="pb-badge {esc(status)}">{esc(STATUS_LABEL.get(status, status))}</span>'


def cards(items: list[tuple[str, str]]) -> str:
    """Headline figures as cards: (label, formatted value) pairs."""
    inner = "".join(f'<div class="pb-card" role="listitem"><div class="v">{esc(v)}</div><div>{esc(k)}</div></div>' for k, v in items)
    return f'<div class="pb-headline" role="list">{inner}</div>'


def table_html(df: pd.DataFrame, caption: str = "", formats: dict[str, str] | None = None, max_rows: int = 60) -> str:
    """An accessible HTML table (caption, header cells with scope); numbers right-aligned.

    Built column by column (no per-row Series), so refreshing a 40-row table on a slider step stays cheap.
    """
    formats = formats or {}
    part = df.head(max_rows)
    numeric = [pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c]) for c in df.columns]
    head = "".join(f'<th scope="col" class="{"num" if n else ""}">{esc(c)}</th>' for c, n in zip(df.columns, numeric))
    columns = []
    for c, num in zip(df.columns, numeric):
        fmt = formats.get(c)
        cls = ' class="num"' if num else ' class=""'
        cells = []
        for v in part[c].tolist():
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                txt = ""
            elif isinstance(v, bool):
                txt = "yes" if v else "no"
            elif fmt:
                txt = format(v, fmt)
            elif num and isinstance(v, int) and not isinstance(v, bool):
                txt = f"{v:,}"
            else:
                txt = str(v)
            cells.append(f"<td{cls}>{esc(txt)}</td>")
        columns.append(cells)
    body = "".join("<tr>" + "".join(row) + "</tr>" for row in zip(*columns)) if columns else ""
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f'<table class="pb-table">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def download_link(content: bytes, filename: str, label: str, mime: str) -> str:
    """An <a download> link carrying ``content`` inline (data: URI): no server round-trip, no internet."""
    b64 = base64.b64encode(content).decode("ascii")
    return f'<a class="pb-download" download="{esc(filename)}" href="data:{esc(mime)};base64,{b64}">{esc(label)}</a>'


def csv_link(df: pd.DataFrame, filename: str, label: str = "Download CSV") -> str:
    """A download link carrying the table as CSV."""
    return download_link(df.to_csv(index=False).encode("utf-8"), filename, label, "text/csv")


def friendly(exc: BaseException) -> str:
    """The message a user sees for an error: data and input problems verbatim, anything else generic."""
    if isinstance(exc, (DataError, InputError)):
        return f"There is a problem with the data or settings: {exc}"
    return "Something went wrong while updating this view. The settings have been kept; try another value or reload the page."


def sources_html(source_ids: list[str]) -> str:
    """A numbered list of sources (publisher, title, link) for the given ids, in the order given."""
    src = load("sources").set_index("source_id")
    items = []
    for sid in dict.fromkeys(source_ids):
        if sid not in src.index:
            continue
        s = src.loc[sid]
        link = f' <a href="{esc(s["url"])}">{esc(s["url"])}</a>' if isinstance(s["url"], str) and s["url"] else ""
        items.append(f"<li><strong>[{esc(sid)}]</strong> {esc(s['publisher'])}: {esc(s['title'])}.{link}</li>")
    return "<ol class='pb-sources'>" + "".join(items) + "</ol>"


_shown_data_problem = False


def install_error_display() -> None:
    """Show problems as plain notices instead of tracebacks, for the rest of the kernel's life.

    Data and input problems (DataError, InputError) always appear as a notice naming the file, row and
    column. Under Voila (VOILA_BASE_URL set) any other error shows a short friendly notice, and errors
    that follow a data problem (e.g. names that were never defined) are logged only, so the page shows
    one clear message. Outside Voila other errors keep their normal traceback, for analysts.
    """
    import os

    from IPython import get_ipython
    from IPython.display import HTML, display

    ip = get_ipython()
    if ip is None:
        return
    under_voila = os.environ.get("VOILA_BASE_URL") is not None

    def handler(shell, etype, value, tb, tb_offset=None):  # noqa: ANN001 - IPython's signature
        global _shown_data_problem
        if isinstance(value, (DataError, InputError)):
            log.error("data or input problem: %s", value)
            display(HTML(notice(friendly(value), "error")))
            _shown_data_problem = True
        elif under_voila:
            log.error("error in a briefing cell", exc_info=(etype, value, tb))
            if not _shown_data_problem:
                display(HTML(notice(friendly(value), "error")))
        else:
            shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return None

    ip.set_custom_exc((Exception,), handler)
