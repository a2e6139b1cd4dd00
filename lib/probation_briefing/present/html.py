"""HTML pieces the page is built from: notices, badges, cards, tables, download links and source lists.

All text that reaches the page is escaped here; error details go to the log, the user sees a
short friendly message (never a traceback).

>>> notice("Less than <5%", "warn")
'<div class="pb-notice warn" role="status">Less than &lt;5%</div>'
>>> badge("illustrative")
'<span class="pb-badge illustrative">Illustrative - replace with your own</span>'
"""

from __future__ import annotations

import base64
import html
import logging
import re
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from ..data import DataSource
from ..errors import DataError, InputError
from . import csvsafe
from .dates import long_date

log = logging.getLogger("probation_briefing")

STATUS_LABEL = {
    "published": "Published figure",
    "derived": "Derived",
    "reported": "Reported by a secondary source",
    "unverified": "Unverified - no readable source",
    "illustrative": "Illustrative - replace with your own",
    "reconstructed": "Reconstructed - official map not found",
    "estimate": "Estimate",
    "authored": "Authored for this tool",
}


#: A table with more columns than this is set in smaller type with tighter cells, so it fits a laptop's results column.
WIDE_COLUMNS = 5


def stylesheet() -> str:
    """The project's one stylesheet (the Voila template's ``probation.css``), as CSS text."""
    return _css_path().read_text(encoding="utf-8")


def _css_path() -> Path:
    return Path(
        str(
            resources.files("probation_briefing")
            / "_shipped"
            / "jupyter"
            / "voila"
            / "templates"
            / "probation"
            / "static"
            / "probation.css"
        )
    )


def style_tag() -> str:
    """``<style>`` with the stylesheet, for output outside the project's Voila template (JupyterLab, handouts, notes)."""
    return f"<style>{stylesheet()}</style>"


def esc(text: Any) -> str:
    """HTML-escape anything for the page."""
    return html.escape(str(text))


#: A citation: one or more source ids ("F39", "S3b", "Q13HMIP") in square brackets, separated by commas.
_CITATION = re.compile(r"\[((?:[A-Z][A-Za-z]*\d+[A-Za-z]*)(?:, ?[A-Z][A-Za-z]*\d+[A-Za-z]*)*)\]")


def cite_links(escaped: str) -> str:
    """Escaped text with each source citation ("[F39]", "[V26, V24]") made a link to its entry in the page's sources
    list (``sources_html`` gives each entry the id ``src-<source id>``).

    >>> cite_links("Inspectors found little [Q13HMIP].")
    'Inspectors found little [<a class="pb-cite" href="#src-Q13HMIP">Q13HMIP</a>].'
    >>> cite_links("Two-thirds [V24]; half [V26, V24].")
    'Two-thirds [<a class="pb-cite" href="#src-V24">V24</a>]; half [<a class="pb-cite" href="#src-V26">V26</a>, <a class="pb-cite" href="#src-V24">V24</a>].'
    """

    def one(m: re.Match[str]) -> str:
        ids = [x.strip() for x in m.group(1).split(",")]
        return "[" + ", ".join(f'<a class="pb-cite" href="#src-{i}">{i}</a>' for i in ids) + "]"

    return _CITATION.sub(one, escaped)


def number_citations(texts: list[str]) -> tuple[list[str], list[str]]:
    """``texts`` with each source citation replaced by its number in order of first use ("[F39]" becomes "[1]"), and the
    source ids in that order (for a reference list that can be read away from the page).

    >>> number_citations(["Two-thirds [V24]; half [V26, V24].", "Most [F39]."])
    (['Two-thirds [1]; half [2, 1].', 'Most [3].'], ['V24', 'V26', 'F39'])
    """
    order: dict[str, int] = {}

    def one(m: re.Match[str]) -> str:
        ids = [x.strip() for x in m.group(1).split(",")]
        return "[" + ", ".join(str(order.setdefault(i, len(order) + 1)) for i in ids) + "]"

    out = [_CITATION.sub(one, t) for t in texts]
    return out, list(order)


def cited(text: str) -> list[str]:
    """The source ids a text cites.

    >>> cited("Two-thirds [V24]; half [V26, V24].")
    ['V24', 'V26']
    """
    return list(dict.fromkeys(x.strip() for m in _CITATION.finditer(text) for x in m.group(1).split(",")))


def notice(text: str, kind: str = "info") -> str:
    """A notice box (info, warn or error); the text is escaped."""
    role = "alert" if kind == "error" else "status"
    return f'<div class="pb-notice {kind}" role="{role}">{cite_links(esc(text))}</div>'


def badge(status: str) -> str:
    """A visible label for a value's status (published, derived, illustrative, reconstructed ...)."""
    return f'<span class="pb-badge {esc(status)}">{esc(STATUS_LABEL.get(status, status))}</span>'


def table_html(
    df: pd.DataFrame, caption: str = "", formats: Mapping[str, str | Callable[[Any], str]] | None = None, max_rows: int = 60
) -> str:
    """An accessible HTML table (caption, header cells with scope); numbers right-aligned; each citation in a text cell
    ("[F28] Ministry of Justice") a link to the sources list. A format is a format specification or a function that
    writes a value (for example ``approx``, the rounding rule for illustrative results).

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
            elif callable(fmt):
                txt = fmt(v)
            elif fmt:
                txt = format(v, fmt)
            elif num and isinstance(v, int) and not isinstance(v, bool):
                txt = f"{v:,}"
            else:
                txt = str(v)
            cells.append(f"<td{cls}>{esc(txt) if num else cite_links(esc(txt))}</td>")
        columns.append(cells)
    body = "".join("<tr>" + "".join(row) + "</tr>" for row in zip(*columns)) if columns else ""
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    label = f' role="region" aria-label="{esc(caption)}"' if caption else ""
    wide = " pb-wide" if len(df.columns) > WIDE_COLUMNS else ""  # many columns: smaller type and tighter cells
    return f'<div class="pb-scroll"{label}><table class="pb-table{wide}">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def download_link(content: bytes, filename: str, label: str, mime: str) -> str:
    """An <a download> link carrying ``content`` inline (data: URI): no server round-trip, no internet."""
    b64 = base64.b64encode(content).decode("ascii")
    return f'<a class="pb-download" download="{esc(filename)}" href="data:{esc(mime)};base64,{b64}">{esc(label)}</a>'


def csv_link(df: pd.DataFrame, filename: str, label: str = "Download CSV") -> str:
    """A download link carrying the table as CSV (text that a spreadsheet would run as a formula is neutralised)."""
    return download_link(csvsafe.to_csv(df).encode("utf-8"), filename, label, "text/csv")


def is_web_address(url: str) -> bool:
    """True for an absolute http:// or https:// address with a host (the only links drawn from data files).

    >>> is_web_address("https://www.gov.uk/"), is_web_address("javascript:alert(1)"), is_web_address("//x.org")
    (True, False, False)
    """
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and not any(c in url for c in "\t\r\n")


def link(url: str, text: str | None = None) -> str:
    """A link to ``url`` if it is an http(s) address, otherwise its text alone (escaped): data files and uploads
    never produce a ``javascript:``, ``data:`` or ``file:`` link.

    >>> link("javascript:alert(1)")
    'javascript:alert(1)'
    """
    shown = esc(url if text is None else text)
    return f'<a href="{esc(url.strip())}">{shown}</a>' if is_web_address(url) else shown


def friendly(exc: BaseException) -> str:
    """The message a user sees for an error: data and input problems verbatim, anything else generic."""
    if isinstance(exc, (DataError, InputError)):
        return f"There is a problem with the data or settings: {exc}"
    return "Something went wrong while updating this view. The settings have been kept; try another value or reload the page."


def _source_parts(s: Mapping[str, Any]) -> tuple[str, str, str, str]:
    def text(key: str) -> str:
        v = s.get(key)
        return v.strip() if isinstance(v, str) else ""

    return text("title"), text("publisher"), long_date(text("date")) if text("date") else "", text("url")


def reference_text(source_id: str, data: DataSource) -> str:
    """One source as a plain-text reference: "Title, publisher, date, address" (the parts the data have).

    >>> from probation_briefing.data import source
    >>> reference_text("F01", source())
    'Probation contracts awarded to private organisations, BBC News, December 2014, https://www.bbc.co.uk/news/uk-30344262'
    """
    src = data.load("sources").set_index("source_id")
    if source_id not in src.index:
        return source_id
    return ", ".join(x for x in _source_parts(src.loc[source_id].to_dict()) if x)


def sources_html(source_ids: list[str], data: DataSource) -> str:
    """A numbered list of sources for the given ids, in the order given: each entry (an anchor, ``src-<id>``, that the
    page's citations link to) gives the title, publisher, date and address.

    >>> from probation_briefing.data import source
    >>> print(sources_html(["F01"], source()))
    <ol class='pb-sources'><li id='src-F01'><strong>[F01]</strong> Probation contracts awarded to private organisations. BBC News, December 2014. <a href="https://www.bbc.co.uk/news/uk-30344262">https://www.bbc.co.uk/news/uk-30344262</a></li></ol>
    """
    src = data.load("sources").set_index("source_id")
    items = []
    for sid in dict.fromkeys(source_ids):
        if sid not in src.index:
            continue
        title, publisher, when, url = _source_parts(src.loc[sid].to_dict())
        who = ", ".join(esc(x) for x in (publisher, when) if x)
        anchor = f" {link(url)}" if url else ""
        items.append(f"<li id='src-{esc(sid)}'><strong>[{esc(sid)}]</strong> {esc(title)}.{' ' + who + '.' if who else ''}{anchor}</li>")
    return "<ol class='pb-sources'>" + "".join(items) + "</ol>"
