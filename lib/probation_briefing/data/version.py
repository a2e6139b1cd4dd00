"""The version stamp every output carries: the data package's version and content hash, the library's version and the
date the data describe.

A figure read away from the page (a printed note, a spreadsheet, a handout, a link in an email) can be traced to the
exact data and code that made it. The content hash changes whenever any shipped data file changes, even when nobody
bumped the package's version number; share links carry it (``v=``) so a link made with other data opens with a notice.

>>> s = stamp()
>>> s.data_version, len(s.data_hash), s.as_at.isoformat()
('0.1.0', 8, '2026-12-03')
>>> s.text().startswith("Data package 0.1.0 (content ")
True
>>> link_notice(s.data_hash) is None, "may have changed" in (link_notice("00000000") or "")
(True, True)
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

from .package import DESCRIPTOR, descriptor, shipped_dir

#: The query-string key that carries the data's content hash in share links.
LINK_KEY = "v"
_HASH = re.compile(r"^[0-9a-f]{8}$")


@dataclass(frozen=True)
class Stamp:
    """Which data and code produced an output."""

    data_version: str  # the package's own version number (datapackage.json "version")
    data_hash: str  # the first 8 hex digits of a SHA-256 over the descriptor and every data file, in name order
    library_version: str
    as_at: date  # the date the data describe (datapackage.json "as_at")

    def text(self) -> str:
        """One line for a footer, document or file: 'Data package 0.1.0 (content 1a2b3c4d), library 0.2.0, as at
        3 December 2026'."""
        when = f"{self.as_at.day} {self.as_at:%B %Y}"
        return f"Data package {self.data_version} (content {self.data_hash}), library {self.library_version}, as at {when}"

    def fields(self) -> dict[str, str]:
        """The stamp as named fields (for a spreadsheet's cover sheet or a document's properties)."""
        return {
            "Data package version": self.data_version,
            "Data content hash": self.data_hash,
            "Library version": self.library_version,
            "Data as at": self.as_at.isoformat(),
        }


def _library_version() -> str:
    try:
        return version("probation_briefing")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without installing
        return "unknown"


def _content_hash() -> str:
    folder = shipped_dir()
    digest = hashlib.sha256()
    names = sorted({DESCRIPTOR, *(str(r["path"]) for r in descriptor()["resources"] if "path" in r)})
    for name in names:
        digest.update(name.encode("utf-8") + b"\0")
        digest.update((folder / name).read_bytes().replace(b"\r\n", b"\n"))  # a checkout with CRLF endings hashes the same
    return digest.hexdigest()[:8]


@lru_cache(maxsize=1)
def stamp() -> Stamp:
    """The stamp of the shipped data package and the installed library (computed once)."""
    desc = descriptor()
    return Stamp(str(desc.get("version", "")), _content_hash(), _library_version(), date.fromisoformat(str(desc["as_at"])))


def link_notice(value: str) -> str | None:
    """A plain-text notice for a share link's ``v=`` value when it names other data than the page now uses, else None.

    >>> link_notice("not a hash")
    "Ignored the link's data version 'not a hash': it is not one these pages write."
    """
    current = stamp()
    if value == current.data_hash:
        return None
    if not _HASH.match(value):
        shown = value if len(value) <= 40 else value[:40] + "…"
        return f"Ignored the link's data version '{shown}': it is not one these pages write."
    return (
        f"This link was made with other data (content {value}); the page now uses {current.text()}. "
        "The figures may have changed since the link was made."
    )
