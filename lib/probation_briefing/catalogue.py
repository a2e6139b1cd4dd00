"""The list of briefings the landing page shows. Add a row here when you add a briefing notebook."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Briefing:
    """One briefing notebook and its one-line summary."""

    question: int
    notebook: str
    title: str
    summary: str


BRIEFINGS: list[Briefing] = [
    Briefing(13, "q13_access_to_services.ipynb", "Q13 - Regional structure and access to rehabilitation services",
             "Compare the 21 CRC areas with the 2018 proposal and the 2021 regions, and explore what reaches local specialist providers through the rate card."),
    Briefing(14, "q14_voluntary_sector.ipynb", "Q14 - Re-engaging the voluntary sector",
             "Compare supply-chain subcontracting, rate cards, frameworks or a dynamic purchasing system, and grants: who can take part and what bidding costs."),
    Briefing(15, "q15_pccs_and_funding.ipynb", "Q15 - Police and crime commissioners and co-commissioning",
             "See how many commissioners each contract area spans, and simulate moving part of CRC funding to commissioners."),
]
