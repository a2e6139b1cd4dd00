"""Shared fixtures: a throwaway copy of the data folder that tests may corrupt."""

from __future__ import annotations

import shutil
from pathlib import Path

import ipywidgets as w
import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A fresh copy of data/ in a temp folder."""
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest


def widget_texts(widget) -> list[str]:
    """The HTML of every HTML widget under ``widget``."""
    out = []
    if isinstance(widget, w.HTML):
        out.append(widget.value)
    for child in getattr(widget, "children", ()):
        out += widget_texts(child)
    return out
