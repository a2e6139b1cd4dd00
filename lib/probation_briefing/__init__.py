"""probation_briefing: data, models and charts for the probation commissioning briefings.

Analysts start with ``datasets()`` and ``load(name)``; models live in ``regions``, ``ratecard``,
``commissioning`` and ``funding``.
"""
import sys as _sys

# Kernel start-up: jsonschema (used by Altair) imports the optional rfc3987_syntax package, which builds
# a parser on import (about 1 s). Nothing here validates the 'iri' format it adds, so skip it in this
# process. Notebooks import this package before Altair for that reason.
_sys.modules.setdefault("rfc3987_syntax", None)

from .data import data_dir, datasets, field_info, load, load_all, replaced, reset, use
from .errors import DataError, InputError, Problem

__all__ = ["DataError", "InputError", "Problem", "data_dir", "datasets", "field_info", "load", "load_all", "replaced", "reset", "use"]
__version__ = "0.1.0"
