"""Q15 - police and crime commissioners and co-commissioning: co-terminosity, and moving CRC money to commissioners.

``run`` moves the scenario's share of the CRC pot to commissioners (``models.funding.transfer``); ``views`` shows
the result (``charts`` draws it); ``reconcile`` sets the model beside the published record; ``context`` holds the sections the settings do not drive (co-terminosity, the
devolution deals, the published figures).

>>> from probation_briefing.data import source
>>> r = BRIEFING.run(BRIEFING.parameters(source()).defaults(), source())
>>> r.transfer.conserved
True
"""

from __future__ import annotations

from ..contract import Briefing
from .context import coterminosity, devolution_table, evidence
from .reconcile import reconcile
from .run import Result, run
from .views import key_points, views

__all__ = ["BRIEFING", "QUESTION", "Result", "coterminosity", "devolution_table", "evidence", "key_points", "reconcile", "run", "views"]

QUESTION = "How can we support greater engagement between PCCs and probation providers, including increased co-commissioning of services?"


BRIEFING = Briefing(
    id="q15",
    question_text=QUESTION,
    run=run,
    views=views,
    datasets=(
        "force_areas",
        "crcs",
        "membership",
        "areas",
        "structures",
        "devolution",
        "successors_2028",
        "timeline",
        "tile_layout",
        "facts",
        "parameters_q15",
        "presets_q15",
    ),
    uploads=("crcs", "force_areas"),
    sources=("Q01", "F42", "S3", "S31", "S2", "S1", "S45", "S47", "S48", "S4", "T11", "T12", "P07"),
    headline=lambda r: float(r.transfer.contracts["relet_delivery_kept_pct"].median()),
    headline_label="Median delivery money kept, contracts re-let without the moved money",
    headline_unit="% of today's",
    key_point_probe={"share_pct": 30},
    document_headlines=(0, 1, 4, 5),
    document_chart="kept",
    reconcile=reconcile,
    verification=(
        "Money is conserved to the penny: moved plus left equals the pot, for every structure, key and minimum (property tests).",
        "At 0% moved every contract area keeps its baseline and none is flagged; money left never rises as the share moved "
        "rises, in total or in any area (property tests).",
        "Durham Tees Valley's baseline equals its published contract value; the rest of the pot is shared by population.",
        "Leaving London and Greater Manchester out changes nobody else's sum when there is no minimum; with a minimum, the "
        "change is tested and said in the facilitator's note.",
        "Each workshop prompt's stated effect is tested, as is every plausible range bracketing its default.",
        "Money is conserved to the penny whoever receives it, the commissioners of 2018 or the bodies of May 2028 (property "
        "tests); with no minimum and an additive key, the 2028 bodies leave every contract area with the same money.",
        "Every police force area has one row in the table of May 2028 bodies, with a status and a source, and every key point "
        "for moving money to commissioners says they are due to be abolished in May 2028.",
    ),
)
