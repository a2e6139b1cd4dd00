"""Shared fixtures: a throwaway copy of the data folder that tests may corrupt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A fresh copy of data/ in a temp folder."""
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest
