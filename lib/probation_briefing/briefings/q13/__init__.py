"""Q13 - regional structure and access to rehabilitation services: a structure explorer and the rate-card what-if.

``run`` summarises the chosen area structure (``models.regions``) and runs the rate-card model (``models.ratecard``);
``views`` shows both (``charts`` draws them); ``context`` holds the published figures the settings do not drive.

>>> from probation_briefing.data import source
>>> r = BRIEFING.run(BRIEFING.parameters(source()).defaults(), source())
>>> r.headline["n_areas"], round(r.model.national["demand"])
(11, 280)
"""

from __future__ import annotations

from ..contract import Briefing
from .context import EVIDENCE, evidence
from .reconcile import reconcile
from .run import Result, run
from .views import key_points, views

__all__ = ["BRIEFING", "EVIDENCE", "QUESTION", "Result", "evidence", "key_points", "reconcile", "run", "views"]

QUESTION = (
    "How can probation providers effectively secure access to the range of rehabilitation services they require for "
    "offenders, and how can key local partners contribute to achieving this?"
)


BRIEFING = Briefing(
    id="q13",
    question_text=QUESTION,
    run=run,
    views=views,
    datasets=("force_areas", "crcs", "membership", "areas", "structures", "tile_layout", "facts", "parameters_q13", "presets_q13"),
    uploads=("crcs", "force_areas"),
    sources=("Q01", "Q13HMIP", "S31", "S3", "S1", "S2", "S8", "V24"),
    headline=lambda r: float(r.model.national["local_total"]),
    headline_label="All purchases reaching specialist local providers",
    headline_unit="£m a year",
    key_point_probe={"structure": "crc_2014"},
    document_headlines=(0, 4, 5, 6),
    document_chart="flows",
    reconcile=reconcile,
    verification=(
        "The money balances in every scenario: what is bought, not bought, kept in-house and passed on adds up to the demand "
        "(a property test over random settings, every structure and both allocation keys).",
        "More demand never gives less money to local providers in any area (a property test).",
        "The note's claim holds exactly: full uptake doubles the money reaching local providers through the rate card at half uptake.",
        "Every structure gives the same national money unless the area-size effect is set, as the page says.",
        "Each workshop prompt's stated effect is tested, as is every plausible range bracketing its default.",
    ),
)
