"""probation_briefing: data, models and pages for the probation commissioning briefings.

The layers, from the bottom up (each imports only those below it; ``.importlinter`` states the contract):
``errors``; ``data`` (the data package, the catalogue of briefings, one ``DataSource`` per session,
parameters, facts, presets); ``models`` (pure what-if models) beside ``present`` (chart style, HTML pieces,
exports); ``briefings`` (one per consultation question, each a ``Briefing``); ``page`` (the page driver and
widgets); ``server`` (the web server) beside ``publish`` (handouts). Analysts start with ``datasets()`` and
``load(name)``.

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
