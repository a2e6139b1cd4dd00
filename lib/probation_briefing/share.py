"""Shareable scenarios: keep the page URL in step with the controls and offer a "copy link" button.

The page's address carries the scenario as a query string (only settings that differ from the
defaults), so a link pasted into an email opens the same view. Reading the URL is done by
``urlstate.read``; this module writes it back (``history.replaceState``, no reload, no new history
entry) and shows the notices for settings in a link that could not be used.

Wiring in a briefing::

    values, notices = urlstate.read("q15")
    display(HTML(share.notices_html(notices)))
    ctrls = controls.controls(params.parameters("q15"), values)
    link = share.link_widget("q15", ctrls)   # put `link` next to the controls
"""
from __future__ import annotations

import html
from typing import Any

import anywidget
import ipywidgets as w
import traitlets

from .controls import values_of
from .params import parameters
from .ui import notice
from .urlstate import encode

_ESM = r"""
function pageUrl(query) {
  const base = window.location.origin + window.location.pathname;
  return base + (query ? "?" + query : "") + window.location.hash;
}

function syncUrl(query) {
  try {
    const target = pageUrl(query);
    if (target !== window.location.href) window.history.replaceState(window.history.state, "", target);
  } catch (e) { /* sandboxed frame, file: URL ... the link field still works */ }
}

function render({ model, el }) {
  el.classList.add("pb-share");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "pb-share-button";
  const status = document.createElement("span");
  status.className = "pb-share-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const fallback = document.createElement("div");
  fallback.className = "pb-share-fallback";
  fallback.hidden = true;
  const id = "pb-share-" + Math.random().toString(36).slice(2, 10);
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = "Link to this scenario (select and copy):";
  const field = document.createElement("input");
  field.id = id;
  field.type = "text";
  field.readOnly = true;
  field.className = "pb-share-field";
  fallback.append(label, field);
  el.append(button, status, fallback);

  const update = () => {
    const q = model.get("query") || "";
    button.textContent = model.get("label");
    field.value = pageUrl(q);
    if (model.get("sync_url")) syncUrl(q);
  };

  const showFallback = () => {
    fallback.hidden = false;
    field.focus();
    field.select();
    status.textContent = "Copy the link from the box below.";
  };

  button.addEventListener("click", async () => {
    const link = pageUrl(model.get("query") || "");
    field.value = link;
    try {
      if (!navigator.clipboard || !window.isSecureContext) throw new Error("no clipboard");
      await navigator.clipboard.writeText(link);
      status.textContent = "Link copied.";
      fallback.hidden = false;
    } catch (e) {
      showFallback();
    }
  });

  model.on("change:query", update);
  model.on("change:label", update);
  update();
  return () => { model.off("change:query", update); model.off("change:label", update); };
}
export default { render };
"""

_CSS = """
.pb-share{display:flex;flex-wrap:wrap;align-items:center;gap:.5em;margin:.4em 0}
.pb-share-button{font:inherit;font-size:15px;padding:.35em .8em;border:1px solid #0b57a4;border-radius:4px;background:#fff;color:#0b57a4;cursor:pointer}
.pb-share-button:hover{background:#eef6fb}
.pb-share-status{font-size:14px;color:#1a1a1a}
.pb-share-fallback{flex-basis:100%;display:flex;flex-wrap:wrap;gap:.4em;align-items:center}
.pb-share-fallback[hidden]{display:none}
.pb-share-field{font:inherit;font-size:14px;flex:1 1 24em;min-width:0;padding:.25em .4em}
"""


class ShareLink(anywidget.AnyWidget):
    """A "Copy link to this scenario" button that also keeps the page URL's query string up to date."""

    _esm = _ESM
    _css = _CSS
    query = traitlets.Unicode("", help="URL-encoded scenario, e.g. 'structure=regions_2021'").tag(sync=True)
    label = traitlets.Unicode("Copy link to this scenario").tag(sync=True)
    sync_url = traitlets.Bool(True, help="Rewrite the page address (history.replaceState) when the query changes").tag(sync=True)


def scenario_query(briefing: str, values: dict[str, Any]) -> str:
    """The query string for ``values`` of a briefing (only the settings that differ from the defaults)."""
    return encode(values, parameters(briefing))


def link_widget(briefing: str, widgets: dict[str, w.Widget], label: str = "Copy link to this scenario") -> ShareLink:
    """A ShareLink kept in step with ``widgets`` (param_id -> control), e.g. from ``controls.controls``.

    Keys that are not parameters of the briefing are ignored, so extra widgets can be passed safely.
    """
    params = parameters(briefing)
    tracked = {k: wd for k, wd in widgets.items() if k in params}
    link = ShareLink(label=label)

    def refresh(_change: Any = None) -> None:
        try:
            link.query = encode(values_of(tracked), params)
        except Exception:  # noqa: BLE001 - a bad value must never break the page; keep the last good link
            pass

    for wd in tracked.values():
        wd.observe(refresh, names="value")
    refresh()
    return link


def notices_html(notices: list[str], kind: str = "warn") -> str:
    """The notices from ``urlstate.read``/``parse`` as one visible notice box, or "" when there are none."""
    if not notices:
        return ""
    items = "".join(f"<li>{html.escape(html.unescape(n))}</li>" for n in notices)
    box = notice("Some settings in this page's link could not be used; the defaults are shown for those:", kind)
    # The list goes inside the box, after its escaped heading.
    return box.replace("</div>", f'<ul style="margin:.3em 0 0 1.2em;padding:0">{items}</ul></div>', 1)
