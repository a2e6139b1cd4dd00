"""The "copy link to this scenario" control: it keeps the page address in step with the controls.

The address carries the scenario as a query string (only settings that differ from the defaults), so a
link pasted into an email opens the same view. Reading it is ``urlstate``'s job; this widget writes it
back (``history.replaceState``, no reload, no new history entry). Its JavaScript is ``share.js``.

>>> ShareLink(query="share_pct=25").query
'share_pct=25'
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

from ..present.html import esc, notice


class ShareLink(anywidget.AnyWidget):
    """A "Copy link to this scenario" button that also keeps the page address's query string up to date."""

    _esm = Path(__file__).with_name("share.js")
    query = traitlets.Unicode("", help="URL-encoded scenario, e.g. 'structure=regions_2021'").tag(sync=True)
    label = traitlets.Unicode("Copy link to this scenario").tag(sync=True)
    sync_url = traitlets.Bool(True, help="Rewrite the page address (history.replaceState) when the query changes").tag(sync=True)


def notices_html(notices: list[str], kind: str = "warn") -> str:
    """Notices about a link's settings (plain text) as one notice box, or "" when there are none."""
    if not notices:
        return ""
    items = "".join(f"<li>{esc(n)}</li>" for n in notices)
    head = notice("Some settings in this page's link could not be used:", kind)
    return head.replace("</div>", f'<ul style="margin:.3em 0 0 1.2em;padding:0">{items}</ul></div>', 1)
