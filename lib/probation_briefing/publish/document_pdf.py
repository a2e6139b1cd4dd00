"""The briefing document as PDF, typeset by Typst (the ``typst`` package: one wheel from PyPI, no system libraries).

The layout is ``briefing_document.typ``; the words reach it as JSON (``sys.inputs``), so no text is ever read as
Typst markup. The PDF is tagged (headings, lists, tables with header rows, the chart's alt text) to PDF/UA-1, and
uses Typst's own fonts, embedded, so it looks the same on every machine. A4, at most two pages.
"""

from __future__ import annotations

import json
import tempfile
import threading
from dataclasses import asdict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import typst

from ..present.dates import long_date
from .document import RANGE_NOTE, Document

_LOCK = threading.Lock()  # one compile at a time per process (the compiler keeps its fonts between runs)


@lru_cache(maxsize=1)
def _template() -> bytes:
    return (resources.files("probation_briefing.publish") / "briefing_document.typ").read_bytes()


@lru_cache(maxsize=1)
def _compiler() -> typst.Compiler:
    """A compiler with Typst's embedded fonts only (no system fonts: the same output everywhere), kept for reuse."""
    return typst.Compiler(ignore_system_fonts=True)


def payload(doc: Document) -> dict[str, Any]:
    """The document as the template reads it: plain JSON values (the chart's picture goes beside it as a file)."""
    data = asdict(doc)
    data["heading"] = doc.heading
    data["generated"] = long_date(doc.generated)
    data["range_note"] = RANGE_NOTE
    if data["chart"] is not None:
        data["chart"].pop("png")
    return data


def render(doc: Document) -> bytes:
    """The PDF's bytes."""
    with tempfile.TemporaryDirectory(prefix="pb-doc-") as tmp:
        if doc.chart is not None:
            (Path(tmp) / "chart.png").write_bytes(doc.chart.png)
        with _LOCK:
            pdf = _compiler().compile(
                input=_template(),
                root=tmp,
                format="pdf",
                sys_inputs={"doc": json.dumps(payload(doc))},
                pdf_standards=["ua-1"],
            )
    assert isinstance(pdf, bytes)
    return pdf
