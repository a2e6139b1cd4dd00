"""Checked by mypy, never run: the briefing contract refuses a ``views`` that cannot read what ``run`` returns.

``Briefing`` is generic in its result type ``R``: ``run`` returns an ``R``, ``views`` and ``headline`` read one. So
pairing Q15's ``run`` (a ``q15.Result``) with Q14's ``views`` (which reads a ``q14.Result``) is a type error, and
each line below that makes such a pairing carries an ignore with mypy's exact error code. ``make lint`` runs mypy
over this folder with ``warn_unused_ignores`` on: if the contract ever stopped catching a mismatch, its ignore would
be unused and lint would fail. The functions are never called (pytest imports this file for doctests: harmless).
"""

from __future__ import annotations

from probation_briefing.briefings import q14, q15
from probation_briefing.briefings.contract import Briefing
from probation_briefing.data import DataSource
from probation_briefing.data.params import Scenario


def views_that_cannot_read_the_result() -> None:
    """As a briefing is written (R inferred): no result type fits both q15's run and q14's views."""
    Briefing(id="q15", question_text="", run=q15.run, views=q14.views)  # type: ignore[misc]


def views_that_cannot_read_the_named_result() -> None:
    """With the result type named: q14's views is the wrong argument."""
    Briefing[q15.Result](id="q15", question_text="", run=q15.run, views=q14.views)  # type: ignore[arg-type]


def headline_that_cannot_read_the_result() -> None:
    """The headline reads the same result type as views: q15's result has no setting B."""
    Briefing(id="q15", question_text="", run=q15.run, views=q15.views, headline=lambda r: r.b.vcs_spend_gbp_m)  # type: ignore[attr-defined]


def registered_briefings_keep_their_result_type(s: Scenario, data: DataSource) -> None:
    """Each package's BRIEFING is typed by its own result, so feeding it another briefing's result fails."""
    q15.BRIEFING.views(q14.run(s, data))  # type: ignore[arg-type]
    q14.BRIEFING.views(q14.run(s, data))  # the right pairing type-checks
