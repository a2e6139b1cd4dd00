"""What each downloaded chart carries inside its image (``present.export.ChartContext``): the chart's title, the
briefing and scenario, the sources the briefing draws on, its status, the main caveat and the version stamp.

A chart saved from the downloads panel is often pasted into a slide or a paper on its own; these words keep it
traceable there. The page's own charts are not changed.

>>> first_sentence("Areas would be large, much larger than the areas of the 2014 contracts [S31]. Another.")
'Areas would be large, much larger than the areas of the 2014 contracts [S31].'
>>> first_sentence("The map was not found. This structure is a reconstruction from a published list. More.")
'The map was not found. This structure is a reconstruction from a published list.'
"""

from __future__ import annotations

import re

from ..briefings.contract import Briefing, View
from ..data import version
from ..data.params import Scenario
from ..present.export import ChartContext
from .cite import scenario_words
from .service import settings

ILLUSTRATIVE = "Illustrative analysis, not official statistics"
#: Sources that are not what a chart draws on (the consultation question's own text).
NOT_DATA = {"Q01"}


SHORT = 60


def first_sentence(text: str, limit: int = 320) -> str:
    """The first sentence of ``text`` (ending at a full stop before a space and a capital; with the next when it is under
    ``SHORT`` characters), cut at a word within ``limit`` characters.

    >>> first_sentence("One two three four five six seven eight nine ten eleven twelve thirteen.", limit=12)
    'One two…'
    """
    ends = [m.start() for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z])", text)] + [len(text)]
    out = next((text[:e] for e in ends if e >= SHORT), text).strip()  # a very short first sentence takes the next with it
    return out if len(out) <= limit else out[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def contexts(briefing: Briefing, scenario: Scenario, view: View) -> dict[str, ChartContext]:
    """By chart title (the name the downloads use): what each of ``view``'s charts carries when downloaded."""
    illustrative = any(h.status == "illustrative" for h in view.headlines) or any(n.status == "illustrative" for n in view.caveats)
    status = ILLUSTRATIVE if illustrative else settings().statistics_status
    warn = [n for n in view.caveats if n.kind == "warn"] or list(view.caveats)
    caveat = first_sentence(warn[0].text) if warn else ""
    ids = [i for i in briefing.sources if i not in NOT_DATA]
    source = f"{settings().name} data package, from published sources including {', '.join(ids)} (listed on the briefing's page)"
    sub = f"Q{briefing.question}: {briefing.short_title}. Scenario: {scenario_words(scenario)}."
    stamp = version.stamp().text()
    return {c.title: ChartContext(c.title, sub, source, status, caveat, stamp) for c in view.charts}
