"""probation_briefing: data, models and charts for the probation commissioning briefings.

Analysts start with ``datasets()`` and ``load(name)``; models live in ``regions``, ``ratecard``,
``commissioning`` and ``funding``.
"""
from .data import data_dir, datasets, field_info, load, load_all, replaced, reset, use
from .errors import DataError, InputError, Problem

__all__ = ["DataError", "InputError", "Problem", "data_dir", "datasets", "field_info", "load", "load_all", "replaced", "reset", "use"]
__version__ = "0.1.0"
