"""Page layer: the page driver and the widgets, HTML, charts and panels it is built from.

``Page`` (in ``driver``) is imported lazily, so the model layers can use ``page.charts`` without
loading the widget stack.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Page"]


def __getattr__(name: str) -> Any:
    if name == "Page":
        from .driver import Page

        return Page
    raise AttributeError(name)
