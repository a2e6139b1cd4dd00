"""HTML for a briefing's assurance: "Does the model reproduce what happened?" (its reconciliation to the record),
the assumptions log and the assurance statement (``briefings.assurance``).

>>> from probation_briefing.briefings.contract import Check
>>> html = checks_table([Check("Call-off value", 0.65, 0.51, "£m a year", "half to twice", True, "V24", "2021 scale")])
>>> "Within tolerance" in html and "yes" in html
True
"""

from __future__ import annotations

import pandas as pd

from ..briefings import assurance
from ..briefings.assurance import ROLE_WORDS, statement
from ..briefings.contract import Briefing, Check, approx
from ..data import DataSource
from ..present.dates import long_date
from ..present.html import csv_link, esc, table_html

VERDICT = {True: "yes", False: "no", None: "no record to check against"}


def _figure(x: float | None, unit: str) -> str:
    if x is None:
        return "none found"
    return f"{approx(x)}{unit}" if unit.startswith("%") else f"{approx(x)} {unit}".strip()


def checks_table(checks: list[Check] | tuple[Check, ...]) -> str:
    """The reconciliation checks as a table: what, the model, the record, the tolerance, whether it is within it."""
    rows = [
        {
            "Check": c.what,
            "The model": _figure(c.model, c.unit),
            "The record": _figure(c.record, c.unit) + (f" [{c.source_id}]" if c.record is not None else ""),
            "Tolerance": c.tolerance,
            "Within tolerance": VERDICT[c.passed],
            "Settings used, or what was looked for": c.note,
        }
        for c in checks
    ]
    return table_html(pd.DataFrame(rows), caption="The model against the record")


def reconciliation_html(briefing: Briefing, data: DataSource) -> str:
    """'Does the model reproduce what happened?': the briefing's checks against published figures, or a plain statement
    that it has none."""
    head = "<h3>Does the model reproduce what happened?</h3>"
    if briefing.reconcile is None:
        return head + "<p>No check against the record has been set up for this briefing.</p>"
    checks = assurance.checks(briefing, data)
    done = [c for c in checks if c.passed is not None]
    words = (
        f"<p>The model was run at the settings of what actually happened and compared with the published figures: "
        f"{sum(bool(c.passed) for c in done)} of {len(done)} within the stated tolerance.</p>"
        if done
        else "<p>No published outturn was found to check this model against.</p>"
    )
    return head + words + checks_table(checks)


def _impact_words(log: pd.DataFrame) -> pd.DataFrame:
    lever = log["what it is"] == ROLE_WORDS["lever"]
    out = log.copy()
    out.loc[lever & ~out["impact"].str.startswith("not tested"), "impact"] = "as a scenario: " + out["impact"]
    out.loc[lever & out["impact"].str.startswith("not tested"), "impact"] = "a choice: compare it with the controls or presets"
    return out


def assurance_html(briefing: Briefing, data: DataSource) -> str:
    """The assumptions log (a short table, the whole log as a CSV) and the assurance statement."""
    st = statement(briefing, data)
    log = _impact_words(st.log)
    shown = log[["setting", "what it is", "default", "status", "reliability", "impact", "reviewed"]]
    parts = [
        "<h3>Assumptions log</h3>",
        "<p>Every setting the model reads: what it is, its default, its status, how far the evidence supports it "
        "(reliability) and how much it moves the headline at the default settings (impact, from 'How sure are we?'). "
        "The download adds why each was chosen, its source and its plausible range.</p>",
        table_html(shown, caption="Assumptions log"),
        csv_link(log, f"{briefing.id}_assumptions_log.csv", "Download the assumptions log (CSV)"),
        "<h3>Assurance statement</h3>",
        f"<p>This is illustrative analysis built to inform a response to the consultation: it is not official statistics "
        f"and no department has signed it off. The settings and their evidence were set and reviewed by this project's "
        f"team, last on {esc(long_date(st.reviewed))}; no governance group has signed them off.</p>",
    ]
    if st.verification:
        parts.append("<h4>Checks done</h4><ul>" + "".join(f"<li>{esc(v)}</li>" for v in st.verification) + "</ul>")
    done = [c for c in st.checks if c.passed is not None]
    parts.append(
        "<h4>Against the record</h4><p>"
        + (
            f"{sum(bool(c.passed) for c in done)} of {len(done)} checks against published figures within tolerance "
            "(see 'Does the model reproduce what happened?')."
            if done
            else "No published outturn was found to check this model against."
        )
        + "</p>"
    )
    if st.risky:
        parts.append(
            "<h4>Assumptions to treat with most care</h4><p>High impact and little evidence: "
            + esc(", ".join(st.risky))
            + ". Replace them with your own figures where you have them.</p>"
        )
    if st.limitations:
        parts.append("<h4>Known limitations</h4><ul>" + "".join(f"<li>{esc(x)}</li>" for x in st.limitations) + "</ul>")
    return "".join(parts)
