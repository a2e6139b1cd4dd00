"""Q14 - re-engaging the voluntary sector: two ways of commissioning side by side, and what the record shows.

``run`` evaluates the commissioning model (``models.commissioning``) for setting A and setting B of one scenario (the
parameter table's ``setting`` column says which parameter belongs to which) and what each route offers the example
charity; ``views`` shows them side by side (``charts`` draws the band chart); ``context`` holds what the settings do
not drive (the record, the routes).

>>> from probation_briefing.data import source
>>> r = BRIEFING.run(BRIEFING.parameters(source()).defaults(), source())
>>> r.a.setting.route, r.b.setting.route
('supply_chain', 'dps')
>>> r.a.held, r.b.held
('subcontract', 'dynamic purchasing system call-off')
"""

from __future__ import annotations

from ..contract import Briefing
from .context import RECORD_FACTS, award_vs_later, record, routes_table
from .links import old_link
from .reconcile import reconcile
from .run import Result, run
from .views import comparison, key_points, views

__all__ = [
    "BRIEFING",
    "QUESTION",
    "RECORD_FACTS",
    "Result",
    "award_vs_later",
    "comparison",
    "key_points",
    "old_link",
    "reconcile",
    "record",
    "routes_table",
    "run",
    "views",
]

QUESTION = (
    "How can we better engage voluntary sector providers in the design and delivery of rehabilitation and resettlement "
    "services for offenders in the community?"
)


BRIEFING = Briefing(
    id="q14",
    question_text=QUESTION,
    run=run,
    views=views,
    datasets=("force_areas", "membership", "areas", "crcs", "structures", "facts", "parameters_q14", "presets_q14"),
    sources=("Q01", "S2", "S31", "F44", "V22", "V24", "T05", "T06", "T07", "T08", "T09", "T25", "T26", "T27"),
    headline=lambda r: float(r.b.vcs_spend_gbp_m - r.a.vcs_spend_gbp_m),
    headline_label="Setting B minus setting A: money reaching the voluntary sector",
    headline_unit="£m a year",
    key_point_probe={"route_b": "framework"},
    document_headlines=(2, 3, 6),
    document_chart="bands",
    reconcile=reconcile,
    old_links=old_link,
    headline_sign=("setting B could send less money to the voluntary sector than setting A", "more than it"),
    verification=(
        "With settings A and B the same, every figure is identical, and 'How sure are we?' gives a difference of zero at "
        "both ends (property tests).",
        "Against a framework at the same settings, a dynamic purchasing system never admits fewer providers, costs a provider "
        "more per bid or sends less money to the sector (a property test).",
        "Each barrier setting moves only the routes that carry it, and changes nothing on the others.",
        "The 2027 model (a lead Delivery Partner) gives the 2014 supply chain's sums for the same contract, with one lead "
        "contract per lot and no lot in Greater Manchester.",
        "Money reaching the sector stays between nothing and the total spend in random scenarios.",
        "Each workshop prompt's stated effect is tested, as is every plausible range bracketing its default.",
    ),
)
