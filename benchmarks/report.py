"""What every benchmark's results file starts with (the date, the machine, the versions), and writing it."""

from __future__ import annotations

import datetime as dt
import os
import platform
from importlib.metadata import version
from pathlib import Path

import psutil

VERSIONS = ("voila", "jupyter_server", "tornado", "ipykernel", "ipywidgets")


def stamp() -> str:
    """Now, in UTC, to the minute: ``2026-11-29 03:10 UTC``."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def machine() -> str:
    """The host, its processor type, CPUs, memory and operating system."""
    ram = psutil.virtual_memory().total / 2**30
    return f"{platform.node() or 'this machine'} ({platform.machine()}, {os.cpu_count()} CPUs, {ram:.0f} GB RAM, {platform.system()} {platform.release()})"


def versions() -> str:
    """Python and the serving packages' versions."""
    return f"Python {platform.python_version()}, " + ", ".join(f"{n} {version(n)}" for n in VERSIONS)


def header(title: str) -> str:
    """A results file's first lines: ``# title (when)`` and the machine and versions."""
    return f"# {title} ({stamp()})\n\nMachine: {machine()}. {versions()}.\n\n"


def write(path: Path, text: str) -> None:
    """Write a results file (creating its folder), and print it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(text)
    print(f"Written to {path}")
