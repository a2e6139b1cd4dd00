"""probation_briefing: data, models and pages for the probation commissioning briefings.

The layers, from the bottom up: ``data`` (the data package, one ``DataSource`` per session, parameters,
facts, presets), ``models`` (pure what-if models), ``briefings`` (one module per consultation question,
each a ``Briefing``), ``page`` (the page driver and widgets) and ``publish`` (exports and handouts).
Analysts start with ``datasets()`` and ``load(name)``.

>>> import probation_briefing as pb
>>> len(pb.load("force_areas"))
43
"""

from .data import DataSource, data_dir, datasets, field_info, load, load_all, replaced, reset, source, use
from .errors import DataError, InputError, Problem

__all__ = [
    "DataError",
    "DataSource",
    "InputError",
    "Problem",
    "data_dir",
    "datasets",
    "field_info",
    "load",
    "load_all",
    "replaced",
    "reset",
    "source",
    "use",
]
__version__ = "0.2.0"
