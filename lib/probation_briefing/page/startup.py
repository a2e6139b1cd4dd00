"""Kernel start-up tuning for the dashboards: import this first in a briefing notebook.

jsonschema (used by Altair) imports the optional ``rfc3987_syntax`` package, which builds a parser on
import (about 1 s). Nothing here validates the 'iri' format it adds, so the page skips it in this
process. This is start-up tuning for the pages, not a side effect of importing the library.
"""

from __future__ import annotations

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # None marks "not importable"
