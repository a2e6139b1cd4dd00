"""Pages with no controls (the landing page, the glossary, the accessibility statement) as static HTML.

These pages are text and links. Served by Voila each cost a kernel per visitor and 5 MB of JavaScript;
here the server runs the notebook once, when first asked for (in a kernel shut down straight after),
keeps the HTML and serves it to everyone. The prose stays in the notebooks (``briefings/scripts/``);
changing a notebook's file, or restarting the server after changing the data, renders it again.

>>> from nbformat.v4 import new_markdown_cell, new_notebook
>>> nb = new_notebook(cells=[new_markdown_cell("# Briefings\\n\\nRead *these*.")], metadata={"title": "Home"})
>>> html = page_html(nb)
>>> "<title>Home</title>" in html and "<em>these</em>" in html and "<script" not in html
True
"""

from __future__ import annotations

import asyncio
import html as html_lib
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbconvert.filters.markdown import markdown2html_mistune

from ..present.html import esc, stylesheet

SHELL_CSS = (
    "body{margin:0;font-family:var(--jp-content-font-family);font-size:16px;line-height:1.5}"
    ".pb-static-cell{margin:0 0 .8em}.pb-static-cell table{border-collapse:collapse}"
)


@lru_cache(maxsize=1)
def _css() -> str:
    return stylesheet() + SHELL_CSS


#: The "¶" link nbconvert's markdown renderer puts after every heading (a link read out only as a symbol).
_ANCHOR_LINK = re.compile(r'<a class="anchor-link" href="#[^"]*">(?:&#182;|¶)</a>')


def _markdown(text: str) -> str:
    """Markdown as HTML, headings keeping their ids but without nbconvert's "¶" links.

    >>> _markdown("## Known gaps")
    '<h2 id="Known-gaps">Known gaps</h2>'
    """
    return _ANCHOR_LINK.sub("", str(markdown2html_mistune(text)))


def _outputs(cell: Any) -> str:
    parts = []
    for out in cell.get("outputs", []):
        data = out.get("data", {}) if out.get("output_type") in ("display_data", "execute_result") else {}
        if "text/html" in data:
            parts.append("".join(data["text/html"]) if isinstance(data["text/html"], list) else data["text/html"])
        elif "text/markdown" in data:
            parts.append(_markdown(str(data["text/markdown"])))
        elif "text/plain" in data:
            parts.append(f"<pre>{esc(str(data['text/plain']))}</pre>")
    return "".join(parts)


def page_html(nb: Any) -> str:
    """A whole page from an executed notebook: its markdown and its outputs (never its code), with the house style."""
    cells: list[str] = []
    footers: list[str] = []
    for cell in nb.cells:
        body = _markdown(cell.source) if cell.cell_type == "markdown" else _outputs(cell) if cell.cell_type == "code" else ""
        if body.strip():
            # the footer (page/service.py) follows the main landmark rather than sitting inside it
            (footers if body.lstrip().startswith('<footer class="pb-footer"') else cells).append(
                f'<div class="pb-static-cell jp-RenderedHTMLCommon">{body}</div>'
            )
    title = html_lib.escape(str(nb.metadata.get("title") or "Probation briefings"))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<title>{title}</title>\n<link rel="icon" href="data:,">\n<style>{_css()}</style>\n</head>\n<body>\n'
        '<a class="pb-skip-link" href="#pb-main">Skip to main content</a>\n'
        f'<div id="rendered_cells">\n<main id="pb-main" tabindex="-1">\n{"".join(cells)}\n</main>\n{"".join(footers)}</div>\n'
        "</body>\n</html>\n"
    )


async def render(path: Path, timeout: int = 120) -> str:
    """Run the notebook at ``path`` in a fresh kernel (shut down afterwards) and return its page."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    await client.async_execute()
    return page_html(nb)


class StaticPages:
    """Rendered pages, one per notebook file, rendered again when the file changes."""

    def __init__(self) -> None:
        self._pages: dict[Path, tuple[float, asyncio.Future[str]]] = {}

    def get(self, path: Path) -> asyncio.Future[str]:
        """The page for ``path``, rendering it (once, shared by every request waiting for it) if needed."""
        mtime = path.stat().st_mtime
        known = self._pages.get(path)
        if known and known[0] == mtime and not (known[1].done() and known[1].exception()):
            return known[1]
        fut = asyncio.ensure_future(render(path))
        self._pages[path] = (mtime, fut)
        return fut
